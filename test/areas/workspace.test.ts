import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { events } from '../../src/db/schema'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const eventsOf = (workspaceId: string, type: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId as never), eq(events.type, type)))
    .orderBy(events.occurredAt, events.id)

describe('getWorkspace', () => {
  it('answers the caller workspace with an ETag', async () => {
    const ws = await t.newWorkspace('Acme')
    const res = await t.request('GET', '/v1/workspace', { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: ws.workspaceId,
      name: 'Acme',
      slug: ws.workspace.slug,
      timezone: 'UTC',
      createdAt: ws.workspace.createdAt.toISOString(),
      updatedAt: ws.workspace.updatedAt.toISOString(),
    })
    expect(res.headers.get('etag')).toBe('"1"')
  })

  it('answers 304 to a current If-None-Match and 200 to a stale one', async () => {
    const ws = await t.newWorkspace()
    const fresh = await t.request('GET', '/v1/workspace', {
      key: ws.key,
      headers: { 'if-none-match': '"1"' },
    })
    expect(fresh.status).toBe(304)
    expect(fresh.text).toBe('')
    const stale = await t.request('GET', '/v1/workspace', {
      key: ws.key,
      headers: { 'if-none-match': '"0"' },
    })
    expect(stale.status).toBe(200)
  })

  it('sees only the credential’s own workspace', async () => {
    const a = await t.newWorkspace('A')
    const b = await t.newWorkspace('B')
    expect((await t.request('GET', '/v1/workspace', { key: a.key })).body.id).toBe(a.workspaceId)
    expect((await t.request('GET', '/v1/workspace', { key: b.key })).body.id).toBe(b.workspaceId)
  })

  it('is readable by every member, through a key that holds workspace:read', async () => {
    const ws = await t.newWorkspace()
    const viewer = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'viewer' }],
      scopes: ['workspace:read'],
    })
    const res = await t.request('GET', '/v1/workspace', { key: viewer.key })
    expect(res.status).toBe(200)
    expect(res.body.id).toBe(ws.workspaceId)
  })

  it('refuses a key without workspace:read (403 missingScope)', async () => {
    const ws = await t.newWorkspace()
    const narrow = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const res = await t.request('GET', '/v1/workspace', { key: narrow.key })
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'workspace:read' })
  })

  it('refuses a request without credentials (401)', async () => {
    const res = await t.request('GET', '/v1/workspace')
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('unauthorized')
    expect(res.headers.get('www-authenticate')).toContain('Bearer')
  })
})

describe('updateWorkspace', () => {
  it('changes name, slug and time zone, bumps the ETag and emits workspace.updated in the same transaction', async () => {
    const ws = await t.newWorkspace('Before')
    const slug = `after-${Date.now()}`
    const res = await t.request('PATCH', '/v1/workspace', {
      key: ws.key,
      body: { name: 'After', slug, timezone: 'Europe/Berlin' },
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'After', slug, timezone: 'Europe/Berlin' })
    expect(res.headers.get('etag')).toBe('"2"')
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(ws.workspace.updatedAt.getTime())

    const emitted = await eventsOf(ws.workspaceId, 'workspace.updated')
    expect(emitted).toHaveLength(1)
    expect(emitted[0]).toMatchObject({
      actorType: 'api_key',
      actorId: ws.apiKeyId,
      resourceId: ws.workspaceId,
      data: { previous: { name: 'Before', slug: ws.workspace.slug, timezone: 'UTC' } },
    })
  })

  it('changes nothing and emits nothing when the values are already current', async () => {
    const ws = await t.newWorkspace('Same')
    const res = await t.request('PATCH', '/v1/workspace', { key: ws.key, body: { name: 'Same' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(await eventsOf(ws.workspaceId, 'workspace.updated')).toHaveLength(0)
  })

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const ws = await t.newWorkspace('Original')
    await t.request('PATCH', '/v1/workspace', { key: ws.key, body: { name: 'First' } })
    const res = await t.request('PATCH', '/v1/workspace', {
      key: ws.key,
      body: { name: 'Lost update' },
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(412)
    expect(res.body.code).toBe('precondition_failed')
    expect((await t.request('GET', '/v1/workspace', { key: ws.key })).body.name).toBe('First')
    const star = await t.request('PATCH', '/v1/workspace', {
      key: ws.key,
      body: { name: 'Any' },
      headers: { 'if-match': '*' },
    })
    expect(star.status).toBe(200)
  })

  it('refuses a slug another workspace has (409 slug_taken), whatever its case', async () => {
    const a = await t.newWorkspace('Taken')
    const b = await t.newWorkspace('Other')
    const res = await t.request('PATCH', '/v1/workspace', { key: b.key, body: { slug: a.workspace.slug } })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('slug_taken')
    expect((await t.request('GET', '/v1/workspace', { key: b.key })).body.slug).toBe(b.workspace.slug)
  })

  it.each([
    ['an empty body', {}, 'body'],
    ['an unknown field', { colour: 'red' }, 'body.colour'],
    ['a wrong type', { name: 42 }, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['an uppercase slug', { slug: 'Not-OK' }, 'body.slug'],
    ['a one-letter slug', { slug: 'a' }, 'body.slug'],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, 'body.timezone'],
  ])('refuses %s with 400 naming the field', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await t.request('PATCH', '/v1/workspace', { key: ws.key, body })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.body.code).toBe('validation_failed')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })

  it('refuses an admin, who lacks workspace.manage (403 missingPermission), and changes nothing', async () => {
    const ws = await t.newWorkspace('Owned')
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const res = await t.request('PATCH', '/v1/workspace', { key: admin.key, body: { name: 'Taken over' } })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'workspace.manage' })
    expect((await t.request('GET', '/v1/workspace', { key: ws.key })).body.name).toBe('Owned')
    expect(await eventsOf(ws.workspaceId, 'workspace.updated')).toHaveLength(0)
  })

  it('refuses an owner’s key with workspace:read only (403 missingScope workspace:write)', async () => {
    const ws = await t.newWorkspace()
    const key = await t.request('POST', '/v1/api-keys', {
      key: ws.key,
      body: { name: 'Reader', scopes: ['workspace:read'] },
    })
    const res = await t.request('PATCH', '/v1/workspace', { key: key.body.secret, body: { name: 'Nope' } })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'workspace:write' })
  })

  it('checks permission before anything else: a refused caller learns nothing of slugs', async () => {
    const a = await t.newWorkspace('Holder')
    const b = await t.newWorkspace()
    const agent = await t.newMember(b.workspaceId, { roles: [{ role: 'agent' }] })
    const res = await t.request('PATCH', '/v1/workspace', {
      key: agent.key,
      body: { slug: a.workspace.slug },
    })
    expect(res.status).toBe(403)
    expect(res.body.missingPermission).toBe('workspace.manage')
  })

  it('cannot touch another workspace: each credential edits only its own', async () => {
    const a = await t.newWorkspace('Mine')
    const b = await t.newWorkspace('Theirs')
    await t.request('PATCH', '/v1/workspace', { key: a.key, body: { name: 'Mine, renamed' } })
    expect((await t.request('GET', '/v1/workspace', { key: b.key })).body.name).toBe('Theirs')
  })
})

describe('createWorkspace', () => {
  it('is refused while sign-up is disabled (403 signup_disabled)', async () => {
    const res = await t.request('POST', '/v1/workspaces', {
      body: { name: 'Nope', owner: { email: 'a@b.test' } },
    })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('signup_disabled')
  })

  describe('with sign-up enabled', () => {
    let open: TestApp
    beforeAll(async () => {
      open = await createTestApp({ signupEnabled: true })
    })

    it('creates the workspace, its owner and a working owner key', async () => {
      const res = await open.request('POST', '/v1/workspaces', {
        body: {
          name: 'Signed Up',
          timezone: 'America/New_York',
          owner: { email: 'ada@signed.test', name: 'Ada' },
        },
      })
      expect(res.status).toBe(201)
      expect(res.body.workspace).toMatchObject({ name: 'Signed Up', timezone: 'America/New_York' })
      expect(res.body.workspace.slug).toMatch(/^signed-up/)
      expect(res.body.member).toMatchObject({ email: 'ada@signed.test', name: 'Ada', status: 'active' })
      expect(res.body.apiKey.secret).toMatch(/^ld_/)
      const me = await open.request('GET', '/v1/workspace', { key: res.body.apiKey.secret })
      expect(me.body.id).toBe(res.body.workspace.id)
    })

    it('derives a free slug when the name’s slug is taken', async () => {
      const first = await open.request('POST', '/v1/workspaces', {
        body: { name: 'Twin Co', owner: { email: 'a@twin.test' } },
      })
      const second = await open.request('POST', '/v1/workspaces', {
        body: { name: 'Twin Co', owner: { email: 'b@twin.test' } },
      })
      expect(second.status).toBe(201)
      expect(second.body.workspace.slug).not.toBe(first.body.workspace.slug)
    })

    it('refuses an explicit slug that is taken (409)', async () => {
      const slug = `fixed-${Date.now()}`
      await open.request('POST', '/v1/workspaces', {
        body: { name: 'One', slug, owner: { email: 'a@one.test' } },
      })
      const res = await open.request('POST', '/v1/workspaces', {
        body: { name: 'Two', slug, owner: { email: 'a@two.test' } },
      })
      expect(res.status).toBe(409)
      expect(res.body.code).toBe('slug_taken')
    })

    it('refuses a missing owner and a bad email with 400', async () => {
      const missing = await open.request('POST', '/v1/workspaces', { body: { name: 'No owner' } })
      expect(missing.status).toBe(400)
      expect(missing.body.errors.map((e: { path: string }) => e.path)).toContain('body.owner')
      const bad = await open.request('POST', '/v1/workspaces', {
        body: { name: 'X', owner: { email: 'not-an-email' } },
      })
      expect(bad.status).toBe(400)
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('body.owner.email')
    })
  })
})
