import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import spec from '../../generated/openapi.json'
import { createSession } from '../../src/auth/sessions'
import { allScopes } from '../../src/authz/permissions'
import { apiKeys, events, members } from '../../src/db/schema'
import { newId, type WorkspaceId } from '../../src/ids'
import { captureLogger, createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const create = (key: string, body: Record<string, unknown> = { name: 'Script', scopes: ['admin'] }) =>
  t.request('POST', '/v1/api-keys', { key, body })

const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((k) => k.id)

const eventsOf = (workspaceId: string, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId as WorkspaceId), eq(events.resourceId, resourceId)))
    .orderBy(events.occurredAt, events.id)

/** A session token for a member: sessions are bounded by the member's roles only, never by scopes. */
async function sessionFor(workspaceId: WorkspaceId, memberId: string) {
  const session = await createSession(
    t.database.db,
    { workspaceId, memberId: memberId as never },
    { ip: null, userAgent: null },
  )
  return session.token
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

describe('API key scopes in the spec', () => {
  it('lists exactly the scopes of the permission catalogue', () => {
    const schemas = spec.components.schemas as unknown as Record<string, { enum?: string[] }>
    expect(schemas.ApiKeyScope?.enum).toEqual(allScopes)
  })
})

describe('createApiKey', () => {
  it('answers 201 with the secret once, its scopes and limits, and the new key works', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, { name: 'CRM sync', scopes: ['contacts:write', 'workspace:read'] })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      name: 'CRM sync',
      createdBy: ws.memberId,
      scopes: ['contacts:write', 'workspace:read'],
      teamIds: [],
      inboxIds: [],
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      previousSecretExpiresAt: null,
    })
    expect(res.body.id).toMatch(/^ak_/)
    expect(res.body.secret).toMatch(/^ld_[A-Za-z0-9_-]{43}$/)
    expect(res.body.secret.startsWith(res.body.start)).toBe(true)
    expect(res.headers.get('location')).toBe(`/v1/api-keys/${res.body.id}`)
    expect(res.headers.get('etag')).toBe('"1"')

    const again = await t.request('GET', `/v1/api-keys/${res.body.id}`, { key: ws.key })
    expect(again.body).not.toHaveProperty('secret')
    const list = await t.request('GET', '/v1/api-keys', { key: ws.key })
    expect(list.text).not.toContain(res.body.secret)
    expect((await t.request('GET', '/v1/workspace', { key: res.body.secret })).status).toBe(200)
  })

  it('stores only a hash and emits api_key.created without the secret', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key)
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, res.body.id))
    expect(row?.secretHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(row)).not.toContain(res.body.secret)
    const emitted = await eventsOf(ws.workspaceId, res.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['api_key.created'])
    expect(emitted[0]?.data).toMatchObject({ apiKey: { id: res.body.id, scopes: ['admin'], teamIds: [] } })
    expect(JSON.stringify(emitted)).not.toContain(res.body.secret.slice(12))
  })

  it('accepts a future expiry and refuses a past one (422 expiry_in_past)', async () => {
    const ws = await t.newWorkspace()
    const future = inAnHour()
    const ok = await create(ws.key, { name: 'Temp', scopes: ['admin'], expiresAt: future })
    expect(ok.status).toBe(201)
    expect(ok.body.expiresAt).toBe(future)
    const past = await create(ws.key, {
      name: 'Old',
      scopes: ['admin'],
      expiresAt: '2020-01-01T00:00:00.000Z',
    })
    expect(past.status).toBe(422)
    expect(past.body.code).toBe('expiry_in_past')
  })

  it('limits a key to teams of the workspace, and answers 404 naming the field for any other', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const mine = await t.newTeam(a.workspaceId)
    const theirs = await t.newTeam(b.workspaceId)
    const ok = await create(a.key, { name: 'Team key', scopes: ['admin'], teamIds: [mine.id] })
    expect(ok.status).toBe(201)
    expect(ok.body.teamIds).toEqual([mine.id])

    for (const teamId of [theirs.id, newId('team')]) {
      const res = await create(a.key, { name: 'x', scopes: ['admin'], teamIds: [mine.id, teamId] })
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('not_found')
      expect(res.body.errors).toEqual([
        { path: 'body.teamIds.1', code: 'not_found', message: `no team ${teamId} in this workspace` },
      ])
    }
  })

  it.each([
    ['no name', { scopes: ['admin'] }, 'body.name'],
    ['an empty name', { name: '', scopes: ['admin'] }, 'body.name'],
    ['a too long name', { name: 'x'.repeat(121), scopes: ['admin'] }, 'body.name'],
    ['no scopes', { name: 'x' }, 'body.scopes'],
    ['an empty scope list', { name: 'x', scopes: [] }, 'body.scopes'],
    ['scopes that are not a list', { name: 'x', scopes: 'admin' }, 'body.scopes'],
    ['a malformed expiry', { name: 'x', scopes: ['admin'], expiresAt: 'tomorrow' }, 'body.expiresAt'],
    ['a malformed team id', { name: 'x', scopes: ['admin'], teamIds: ['nope'] }, 'body.teamIds.0'],
    ['a malformed member id', { name: 'x', scopes: ['admin'], memberId: newId('ws') }, 'body.memberId'],
    ['an unknown field', { name: 'x', scopes: ['admin'], colour: 'red' }, 'body.colour'],
  ])('refuses %s with 400 naming the field', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, body)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })

  it('refuses an unknown scope with 400 naming it', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, { name: 'x', scopes: ['contacts:read', 'tickets:delete'] })
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([
      { path: 'body.scopes.1', code: 'invalid_value', message: '"tickets:delete" is not a scope' },
    ])
  })
})

describe('createApiKey: a key never exceeds its creator', () => {
  it('lets a key grant only the scopes it holds (403 naming the missing scope)', async () => {
    const ws = await t.newWorkspace()
    const narrow = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['api_keys:write', 'contacts:write'],
    })
    const ok = await create(narrow.key, { name: 'read only', scopes: ['contacts:read', 'api_keys:read'] })
    expect(ok.status).toBe(201)
    for (const [scope, missing] of [
      ['admin', 'admin'],
      ['tickets:read', 'tickets:read'],
      ['api_keys:write', undefined],
    ] as const) {
      const res = await create(narrow.key, { name: 'wider', scopes: ['contacts:read', scope] })
      if (missing === undefined) expect(res.status).toBe(201)
      else {
        expect(res.status).toBe(403)
        expect(res.body).toMatchObject({ code: 'forbidden', missingScope: missing })
      }
    }
  })

  it('needs api_keys:write to create at all (403 missingScope)', async () => {
    const ws = await t.newWorkspace()
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['api_keys:read'],
    })
    const res = await create(reader.key, { name: 'x', scopes: ['api_keys:read'] })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'api_keys:write' })
  })

  it('keeps a team-limited key’s keys within its teams: inherited, narrowed, never widened', async () => {
    const ws = await t.newWorkspace()
    const [a, b, c] = [
      await t.newTeam(ws.workspaceId),
      await t.newTeam(ws.workspaceId),
      await t.newTeam(ws.workspaceId),
    ]
    const limited = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      keyTeamIds: [a.id, b.id],
    })
    const inherited = await create(limited.key, { name: 'inherits', scopes: ['contacts:read'] })
    expect(inherited.status).toBe(201)
    expect(inherited.body.teamIds.sort()).toEqual([a.id, b.id].sort())
    const narrowed = await create(limited.key, { name: 'narrow', scopes: ['contacts:read'], teamIds: [a.id] })
    expect(narrowed.body.teamIds).toEqual([a.id])

    const outside = await create(limited.key, { name: 'outside', scopes: ['contacts:read'], teamIds: [c.id] })
    expect(outside.status).toBe(404)
    expect(outside.body.errors[0].path).toBe('body.teamIds.0')
    const unlimited = await create(limited.key, { name: 'unlimited', scopes: ['contacts:read'], teamIds: [] })
    expect(unlimited.status).toBe(403)
    expect(unlimited.body.code).toBe('forbidden')
  })

  it('keeps a key’s keys within its expiry: inherited when not given, never later', async () => {
    const ws = await t.newWorkspace()
    const expiring = await create(ws.key, { name: 'expiring', scopes: ['admin'], expiresAt: inAnHour() })
    const inherited = await create(expiring.body.secret, { name: 'child', scopes: ['admin'] })
    expect(inherited.status).toBe(201)
    expect(inherited.body.expiresAt).toBe(expiring.body.expiresAt)
    const later = await create(expiring.body.secret, {
      name: 'outlives',
      scopes: ['admin'],
      expiresAt: new Date(Date.now() + 7_200_000).toISOString(),
    })
    expect(later.status).toBe(403)
    expect(later.body.code).toBe('forbidden')
  })

  it('lets a session grant any scope: it is bounded by the member’s roles alone', async () => {
    const ws = await t.newWorkspace()
    const token = await sessionFor(ws.workspaceId, ws.memberId)
    const res = await create(token, { name: 'from the browser', scopes: ['admin'] })
    expect(res.status).toBe(201)
    expect(res.body.createdBy).toBe(ws.memberId)
  })
})

describe('a key acts within its member’s current roles', () => {
  it('loses what its member loses: a demoted admin’s admin-scoped key can no longer manage webhooks or teams', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const before = await t.request('POST', '/v1/teams', { key: admin.key, body: { name: 'Before demotion' } })
    expect(before.status).toBe(201)
    const roles = await t.request('GET', `/v1/members/${admin.memberId}/roles`, { key: ws.key })
    const adminAssignment = roles.body.data.find((a: { role: string }) => a.role === 'admin')
    expect(
      (
        await t.request('POST', `/v1/members/${admin.memberId}/roles`, {
          key: ws.key,
          body: { role: 'viewer' },
        })
      ).status,
    ).toBe(201)
    expect(
      (
        await t.request('DELETE', `/v1/members/${admin.memberId}/roles/${adminAssignment.id}`, {
          key: ws.key,
        })
      ).status,
    ).toBe(204)
    // The key itself is unchanged (scope admin), yet it now does only what a viewer may.
    const after = await t.request('POST', '/v1/teams', { key: admin.key, body: { name: 'After demotion' } })
    expect(after.status).toBe(403)
    expect(after.body).toMatchObject({ code: 'forbidden', missingPermission: 'teams.manage' })
    expect((await t.request('GET', '/v1/webhooks', { key: admin.key })).status).toBe(403)
    expect((await t.request('GET', '/v1/contacts', { key: admin.key })).status).toBe(200)
  })

  it('stops working when its member is deactivated (401)', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    expect((await t.request('GET', '/v1/contacts', { key: agent.key })).status).toBe(200)
    const res = await t.request('PATCH', `/v1/members/${agent.memberId}`, {
      key: ws.key,
      body: { status: 'deactivated' },
    })
    expect(res.status).toBe(200)
    expect((await t.request('GET', '/v1/contacts', { key: agent.key })).status).toBe(401)
  })
})

describe('createApiKey for another member (memberId)', () => {
  it('lets api_keys.manage create a key that acts for that member', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const res = await create(admin.key, {
      name: 'for the agent',
      scopes: ['admin'],
      memberId: agent.memberId,
    })
    expect(res.status).toBe(201)
    expect(res.body.createdBy).toBe(agent.memberId)
    // It acts as the agent: it sees the agent's keys only.
    const seen = await t.request('GET', '/v1/api-keys', { key: res.body.secret })
    expect(ids(seen).sort()).toEqual([agent.apiKeyId, res.body.id].sort())
    const [event] = await eventsOf(ws.workspaceId, res.body.id)
    expect(event).toMatchObject({ actorType: 'api_key', actorId: admin.apiKeyId })
  })

  it('refuses it without api_keys.manage (403 missingPermission)', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const res = await create(agent.key, { name: 'for the owner', scopes: ['admin'], memberId: ws.memberId })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'api_keys.manage' })
  })

  it('refuses a key for a member who holds more than the caller (an admin cannot mint the owner’s key)', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const res = await create(admin.key, { name: 'owner key', scopes: ['admin'], memberId: ws.memberId })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'workspace.manage' })
  })

  it('answers 404 naming the field for a member of another workspace, 409 for a deactivated one', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const foreign = await create(a.key, { name: 'x', scopes: ['admin'], memberId: b.memberId })
    expect(foreign.status).toBe(404)
    expect(foreign.body.errors[0].path).toBe('body.memberId')
    const gone = await t.newMember(a.workspaceId, { roles: [{ role: 'viewer' }] })
    await t.database.db.update(members).set({ status: 'deactivated' }).where(eq(members.id, gone.memberId))
    const res = await create(a.key, { name: 'x', scopes: ['admin'], memberId: gone.memberId })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('conflict')
  })
})

describe('getApiKey', () => {
  it('answers the key with an ETag, and 304 while it is current', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', `/v1/api-keys/${ws.apiKeyId}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: ws.apiKeyId,
      createdBy: ws.memberId,
      scopes: ['admin'],
      revokedAt: null,
    })
    const etag = res.headers.get('etag') ?? ''
    const cached = await t.request('GET', `/v1/api-keys/${ws.apiKeyId}`, {
      key: ws.key,
      headers: { 'if-none-match': etag },
    })
    expect(cached.status).toBe(304)
  })

  it('records lastUsedAt when the key is used', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', `/v1/api-keys/${ws.apiKeyId}`, { key: ws.key })
    expect(Date.parse(res.body.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000)
  })

  it('answers 404 for a key of another workspace, exactly as for a missing one', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const foreign = await t.request('GET', `/v1/api-keys/${b.apiKeyId}`, { key: a.key })
    const missing = await t.request('GET', `/v1/api-keys/${newId('ak')}`, { key: a.key })
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    expect({ ...foreign.body, requestId: undefined }).toEqual({ ...missing.body, requestId: undefined })
  })

  it('shows an agent their own keys only (another member’s is 404); an admin any', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    expect((await t.request('GET', `/v1/api-keys/${agent.apiKeyId}`, { key: agent.key })).status).toBe(200)
    expect((await t.request('GET', `/v1/api-keys/${ws.apiKeyId}`, { key: agent.key })).status).toBe(404)
    expect((await t.request('GET', `/v1/api-keys/${agent.apiKeyId}`, { key: admin.key })).status).toBe(200)
  })

  it('refuses a key without api_keys:read (403 missingScope)', async () => {
    const ws = await t.newWorkspace()
    const narrow = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const res = await t.request('GET', `/v1/api-keys/${narrow.apiKeyId}`, { key: narrow.key })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'api_keys:read' })
  })

  it.each([
    ['a malformed id', 'nope'],
    ['an id of another type', newId('ws')],
    ['a bad suffix', 'ak_zzzzzzzzzzzzzzzzzzzzzzzzzz'],
  ])('refuses %s with 400 naming the parameter', async (_, id) => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', `/v1/api-keys/${id}`, { key: ws.key })
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([
      { path: 'params.apiKeyId', code: 'invalid_format', message: 'must be an API key id (ak_…)' },
    ])
  })
})

describe('listApiKeys', () => {
  it('lists active keys newest first; status filters revoked, expired and all', async () => {
    const ws = await t.newWorkspace()
    const a = await create(ws.key, { name: 'a', scopes: ['admin'] })
    const b = await create(ws.key, { name: 'b', scopes: ['admin'] })
    await t.request('DELETE', `/v1/api-keys/${a.body.id}`, { key: ws.key })
    await t.database.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, b.body.id))

    const list = async (status?: string) =>
      ids(await t.request('GET', `/v1/api-keys${status ? `?status=${status}` : ''}`, { key: ws.key }))
    expect(await list()).toEqual([ws.apiKeyId])
    expect(await list('revoked')).toEqual([a.body.id])
    expect(await list('expired')).toEqual([b.body.id])
    expect(await list('all')).toEqual([b.body.id, a.body.id, ws.apiKeyId])
  })

  it('shows an agent their own keys, an admin everyone’s, filtered by memberId on request', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const other = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const second = await create(agent.key, { name: 'agent 2', scopes: ['contacts:read'] })

    const asAgent = await t.request('GET', '/v1/api-keys', { key: agent.key })
    expect(asAgent.status).toBe(200)
    expect(ids(asAgent).sort()).toEqual([agent.apiKeyId, second.body.id].sort())
    const asAdmin = await t.request('GET', '/v1/api-keys?limit=100', { key: admin.key })
    expect(ids(asAdmin).sort()).toEqual(
      [ws.apiKeyId, agent.apiKeyId, other.apiKeyId, admin.apiKeyId, second.body.id].sort(),
    )
    const filtered = await t.request('GET', `/v1/api-keys?memberId=${agent.memberId}`, { key: admin.key })
    expect(ids(filtered).sort()).toEqual([agent.apiKeyId, second.body.id].sort())
    // The filter narrows what the caller may see; it never widens it.
    const peek = await t.request('GET', `/v1/api-keys?memberId=${other.memberId}`, { key: agent.key })
    expect(ids(peek)).toEqual([])
  })

  it('refuses a key without api_keys:read (403 missingScope api_keys:read)', async () => {
    const ws = await t.newWorkspace()
    const narrow = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const res = await t.request('GET', '/v1/api-keys', { key: narrow.key })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'api_keys:read' })
  })

  it('never lists another workspace’s keys', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    await create(b.key)
    const res = await t.request('GET', '/v1/api-keys?status=all', { key: a.key })
    expect(ids(res)).toEqual([a.apiKeyId])
    const theirs = await t.request('GET', `/v1/api-keys?memberId=${b.memberId}`, { key: a.key })
    expect(ids(theirs)).toEqual([])
  })

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['sort=email', 'query.sort'],
    ['status=deleted', 'query.status'],
    ['memberId=nope', 'query.memberId'],
  ])('refuses ?%s with 400', async (query, path) => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', `/v1/api-keys?${query}`, { key: ws.key })
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })
})

describe('updateApiKey', () => {
  it('renames with If-Match, bumps the ETag, emits api_key.updated', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key, { name: 'Old', scopes: ['admin'] })
    const res = await t.request('PATCH', `/v1/api-keys/${key.body.id}`, {
      key: ws.key,
      body: { name: 'New' },
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(200)
    expect(res.body.name).toBe('New')
    expect(res.headers.get('etag')).toBe('"2"')
    const emitted = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.resourceId, key.body.id), eq(events.type, 'api_key.updated')))
    expect(emitted[0]?.data).toEqual({ apiKey: { id: key.body.id, name: 'New' }, previous: { name: 'Old' } })
  })

  it('changes scopes, limits and expiry; the key’s very next request obeys them', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const key = await create(ws.key, { name: 'Worker', scopes: ['admin'] })
    expect((await t.request('GET', '/v1/workspace', { key: key.body.secret })).status).toBe(200)
    const expiresAt = inAnHour()
    const res = await t.request('PATCH', `/v1/api-keys/${key.body.id}`, {
      key: ws.key,
      body: { scopes: ['contacts:read'], teamIds: [team.id], expiresAt },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ scopes: ['contacts:read'], teamIds: [team.id], expiresAt })
    expect(res.headers.get('etag')).toBe('"2"')
    const denied = await t.request('GET', '/v1/workspace', { key: key.body.secret })
    expect(denied.status).toBe(403)
    expect(denied.body.missingScope).toBe('workspace:read')
    const [event] = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.resourceId, key.body.id), eq(events.type, 'api_key.updated')))
    expect(event?.data).toEqual({
      apiKey: { id: key.body.id, name: 'Worker', scopes: ['contacts:read'], teamIds: [team.id], expiresAt },
      previous: { scopes: ['admin'], teamIds: [], expiresAt: null },
    })

    const cleared = await t.request('PATCH', `/v1/api-keys/${key.body.id}`, {
      key: ws.key,
      body: { expiresAt: null, teamIds: [] },
    })
    expect(cleared.body).toMatchObject({ expiresAt: null, teamIds: [] })
  })

  it('changes nothing (same ETag, no event) when the values are already current', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key, { name: 'Same', scopes: ['contacts:read', 'tickets:read'] })
    const res = await t.request('PATCH', `/v1/api-keys/${key.body.id}`, {
      key: ws.key,
      body: { name: 'Same', scopes: ['tickets:read', 'contacts:read'] },
    })
    expect(res.headers.get('etag')).toBe('"1"')
    expect((await eventsOf(ws.workspaceId, key.body.id)).map((e) => e.type)).toEqual(['api_key.created'])
  })

  it('applies the creation guards: no scope beyond the calling key, known teams, a future expiry', async () => {
    const ws = await t.newWorkspace()
    const narrow = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['api_keys:write', 'contacts:read'],
    })
    const widen = await t.request('PATCH', `/v1/api-keys/${narrow.apiKeyId}`, {
      key: narrow.key,
      body: { scopes: ['admin'] },
    })
    expect(widen.status).toBe(403)
    expect(widen.body.missingScope).toBe('admin')
    const unknownTeam = await t.request('PATCH', `/v1/api-keys/${ws.apiKeyId}`, {
      key: ws.key,
      body: { teamIds: [newId('team')] },
    })
    expect(unknownTeam.status).toBe(404)
    expect(unknownTeam.body.errors[0].path).toBe('body.teamIds.0')
    const past = await t.request('PATCH', `/v1/api-keys/${ws.apiKeyId}`, {
      key: ws.key,
      body: { expiresAt: '2020-01-01T00:00:00.000Z' },
    })
    expect(past.status).toBe(422)
    expect(past.body.code).toBe('expiry_in_past')
    const badScope = await t.request('PATCH', `/v1/api-keys/${ws.apiKeyId}`, {
      key: ws.key,
      body: { scopes: ['everything'] },
    })
    expect(badScope.status).toBe(400)
    expect(badScope.body.errors[0].message).toBe('"everything" is not a scope')
  })

  it('refuses a stale If-Match (412)', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key)
    await t.request('PATCH', `/v1/api-keys/${key.body.id}`, { key: ws.key, body: { name: 'One' } })
    const res = await t.request('PATCH', `/v1/api-keys/${key.body.id}`, {
      key: ws.key,
      body: { name: 'Two' },
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(412)
    expect(res.body.code).toBe('precondition_failed')
  })

  it('answers 404 for another member’s key without api_keys.manage, 403 without api_keys:write', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const res = await t.request('PATCH', `/v1/api-keys/${ws.apiKeyId}`, {
      key: agent.key,
      body: { name: 'Mine' },
    })
    expect(res.status).toBe(404)
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['api_keys:read'],
    })
    const denied = await t.request('PATCH', `/v1/api-keys/${reader.apiKeyId}`, {
      key: reader.key,
      body: { name: 'Renamed' },
    })
    expect(denied.status).toBe(403)
    expect(denied.body).toMatchObject({ code: 'forbidden', missingScope: 'api_keys:write' })
  })

  it('answers 404 for another workspace’s key and 400 for an empty body', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const foreign = await t.request('PATCH', `/v1/api-keys/${b.apiKeyId}`, {
      key: a.key,
      body: { name: 'Mine now' },
    })
    expect(foreign.status).toBe(404)
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, b.apiKeyId))
    expect(row?.name).not.toBe('Mine now')
    const empty = await t.request('PATCH', `/v1/api-keys/${a.apiKeyId}`, { key: a.key, body: {} })
    expect(empty.status).toBe(400)
  })
})

describe('revokeApiKey', () => {
  it('stops the key at once; revoking again is harmless', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key)
    expect((await t.request('GET', '/v1/workspace', { key: key.body.secret })).status).toBe(200)
    const res = await t.request('DELETE', `/v1/api-keys/${key.body.id}`, { key: ws.key })
    expect(res.status).toBe(204)
    const after = await t.request('GET', '/v1/workspace', { key: key.body.secret })
    expect(after.status).toBe(401)
    expect(after.body.code).toBe('unauthorized')
    expect((await t.request('DELETE', `/v1/api-keys/${key.body.id}`, { key: ws.key })).status).toBe(204)
    const revoked = await t.request('GET', `/v1/api-keys/${key.body.id}`, { key: ws.key })
    expect(revoked.body.revokedAt).not.toBeNull()
  })

  it('refuses a stale If-Match (412) and leaves the key working', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key)
    const res = await t.request('DELETE', `/v1/api-keys/${key.body.id}`, {
      key: ws.key,
      headers: { 'if-match': '"7"' },
    })
    expect(res.status).toBe(412)
    expect((await t.request('GET', '/v1/workspace', { key: key.body.secret })).status).toBe(200)
  })

  it('lets an admin revoke a member’s key; an agent gets 404 for anyone else’s', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    expect((await t.request('DELETE', `/v1/api-keys/${admin.apiKeyId}`, { key: agent.key })).status).toBe(404)
    expect((await t.request('GET', '/v1/workspace', { key: admin.key })).status).toBe(200)
    expect((await t.request('DELETE', `/v1/api-keys/${agent.apiKeyId}`, { key: admin.key })).status).toBe(204)
    expect((await t.request('GET', '/v1/workspace', { key: agent.key })).status).toBe(401)
  })

  it('answers 404 for another workspace’s key and leaves it working', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    expect((await t.request('DELETE', `/v1/api-keys/${b.apiKeyId}`, { key: a.key })).status).toBe(404)
    expect((await t.request('GET', '/v1/workspace', { key: b.key })).status).toBe(200)
  })
})

describe('rotateApiKey', () => {
  const rotate = (key: string, id: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.request('POST', `/v1/api-keys/${id}/rotate`, { key, body, headers })

  it('answers a new secret once; the old one keeps working for the default 24 h grace period', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key, { name: 'Deployed', scopes: ['workspace:read', 'api_keys:read'] })
    const before = Date.now()
    const res = await rotate(ws.key, key.body.id)
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe('"2"')
    expect(res.body).toMatchObject({
      id: key.body.id,
      name: 'Deployed',
      scopes: ['workspace:read', 'api_keys:read'],
    })
    expect(res.body.secret).toMatch(/^ld_[A-Za-z0-9_-]{43}$/)
    expect(res.body.secret).not.toBe(key.body.secret)
    expect(res.body.start).toBe(res.body.secret.slice(0, 12))
    const graceEnds = Date.parse(res.body.previousSecretExpiresAt)
    expect(graceEnds).toBeGreaterThanOrEqual(before + 86_400_000)
    expect(graceEnds).toBeLessThan(Date.now() + 86_400_000 + 1000)

    expect((await t.request('GET', '/v1/workspace', { key: res.body.secret })).status).toBe(200)
    expect((await t.request('GET', '/v1/workspace', { key: key.body.secret })).status).toBe(200)
    const shown = await t.request('GET', `/v1/api-keys/${key.body.id}`, { key: ws.key })
    expect(shown.body).not.toHaveProperty('secret')
    expect(shown.body.previousSecretExpiresAt).toBe(res.body.previousSecretExpiresAt)
  })

  it('refuses the old secret once its grace period has passed (401), the new one goes on', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key)
    const res = await rotate(ws.key, key.body.id, { gracePeriodSeconds: 3600 })
    expect((await t.request('GET', '/v1/workspace', { key: key.body.secret })).status).toBe(200)
    await t.database.db
      .update(apiKeys)
      .set({ previousExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, key.body.id))
    t.deps.apiKeyCache.forget(key.body.id)
    const old = await t.request('GET', '/v1/workspace', { key: key.body.secret })
    expect(old.status).toBe(401)
    expect(old.body.code).toBe('unauthorized')
    expect((await t.request('GET', '/v1/workspace', { key: res.body.secret })).status).toBe(200)
    const shown = await t.request('GET', `/v1/api-keys/${key.body.id}`, { key: ws.key })
    expect(shown.body.previousSecretExpiresAt).toBeNull()
  })

  it('stops the old secret at once with gracePeriodSeconds 0, and keeps only the last previous secret', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key)
    const first = await rotate(ws.key, key.body.id, { gracePeriodSeconds: 0 })
    expect(first.body.previousSecretExpiresAt).toBeNull()
    expect((await t.request('GET', '/v1/workspace', { key: key.body.secret })).status).toBe(401)

    const second = await rotate(ws.key, key.body.id)
    const third = await rotate(ws.key, key.body.id)
    expect((await t.request('GET', '/v1/workspace', { key: first.body.secret })).status).toBe(401)
    expect((await t.request('GET', '/v1/workspace', { key: second.body.secret })).status).toBe(200)
    expect((await t.request('GET', '/v1/workspace', { key: third.body.secret })).status).toBe(200)
  })

  it('lets a key rotate itself, and the rotated secret keeps its scopes', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key, { name: 'Self', scopes: ['api_keys:write'] })
    const res = await rotate(key.body.secret, key.body.id)
    expect(res.status).toBe(200)
    const denied = await t.request('GET', '/v1/workspace', { key: res.body.secret })
    expect(denied.status).toBe(403)
    expect(denied.body.missingScope).toBe('workspace:read')
  })

  it('emits api_key.rotated with no secret, and logs none', async () => {
    const { logger, lines } = captureLogger('debug')
    const logged = await createTestApp({}, { logger })
    const ws = await logged.newWorkspace()
    const key = await logged.request('POST', '/v1/api-keys', {
      key: ws.key,
      body: { name: 'Logged', scopes: ['admin'] },
    })
    const res = await logged.request('POST', `/v1/api-keys/${key.body.id}/rotate`, { key: ws.key })
    expect(res.status).toBe(200)
    await logged.request('GET', '/v1/workspace', { key: key.body.secret })
    await logged.request('GET', '/v1/workspace', { key: res.body.secret })

    const emitted = await eventsOf(ws.workspaceId, key.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['api_key.created', 'api_key.rotated'])
    expect(emitted[1]).toMatchObject({
      actorType: 'api_key',
      actorId: ws.apiKeyId,
      data: {
        apiKey: { id: key.body.id, name: 'Logged', start: res.body.start },
        previousSecretExpiresAt: res.body.previousSecretExpiresAt,
      },
    })
    const stored = JSON.stringify(emitted)
    const logs = lines.join('')
    for (const secret of [key.body.secret, res.body.secret]) {
      expect(stored).not.toContain(secret.slice(12))
      expect(logs).not.toContain(secret.slice(12))
    }
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.body.id))
    expect(JSON.stringify(row)).not.toContain(res.body.secret.slice(12))
  })

  it('refuses a revoked key (409 api_key_revoked) and an expired one (409 api_key_expired)', async () => {
    const ws = await t.newWorkspace()
    const revoked = await create(ws.key)
    await t.request('DELETE', `/v1/api-keys/${revoked.body.id}`, { key: ws.key })
    const res = await rotate(ws.key, revoked.body.id)
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('api_key_revoked')

    const expired = await create(ws.key)
    await t.database.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, expired.body.id))
    const late = await rotate(ws.key, expired.body.id)
    expect(late.status).toBe(409)
    expect(late.body.code).toBe('api_key_expired')
  })

  it('lets an admin rotate a member’s key, never the owner’s (403 missingPermission workspace.manage)', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    expect((await rotate(admin.key, agent.apiKeyId)).status).toBe(200)
    const owner = await rotate(admin.key, ws.apiKeyId)
    expect(owner.status).toBe(403)
    expect(owner.body).toMatchObject({ code: 'forbidden', missingPermission: 'workspace.manage' })
    expect((await t.request('GET', '/v1/workspace', { key: ws.key })).status).toBe(200)
  })

  it('refuses a narrow key rotating a stronger key of its member (403 missingScope)', async () => {
    const ws = await t.newWorkspace()
    const narrow = await create(ws.key, { name: 'narrow', scopes: ['api_keys:write'] })
    const res = await rotate(narrow.body.secret, ws.apiKeyId)
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'admin' })
  })

  it('answers 404 for an agent rotating another member’s key and for another workspace’s key', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const agent = await t.newMember(a.workspaceId, { roles: [{ role: 'agent' }] })
    expect((await rotate(agent.key, a.apiKeyId)).status).toBe(404)
    expect((await rotate(a.key, b.apiKeyId)).status).toBe(404)
    expect((await rotate(a.key, newId('ak'))).status).toBe(404)
    expect((await t.request('GET', '/v1/workspace', { key: b.key })).status).toBe(200)
  })

  it('refuses a stale If-Match (412) and leaves the secret as it was', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key)
    const res = await rotate(ws.key, key.body.id, undefined, { 'if-match': '"5"' })
    expect(res.status).toBe(412)
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.body.id))
    expect(row?.start).toBe(key.body.start)
    expect(row?.previousSecretHash).toBeNull()
  })

  it.each([
    ['a negative grace period', { gracePeriodSeconds: -1 }, 'body.gracePeriodSeconds'],
    ['a grace period over 7 days', { gracePeriodSeconds: 604_801 }, 'body.gracePeriodSeconds'],
    ['a fractional grace period', { gracePeriodSeconds: 1.5 }, 'body.gracePeriodSeconds'],
    ['an unknown field', { graceDays: 1 }, 'body.graceDays'],
  ])('refuses %s with 400 naming the field', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await rotate(ws.key, ws.apiKeyId, body)
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })

  it('refuses a malformed id with 400 and no credentials with 401', async () => {
    const ws = await t.newWorkspace()
    expect((await rotate(ws.key, 'nope')).status).toBe(400)
    const anonymous = await t.request('POST', `/v1/api-keys/${ws.apiKeyId}/rotate`)
    expect(anonymous.status).toBe(401)
  })
})

describe('API key credentials', () => {
  it('refuses an expired key with 401', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key, {
      name: 'Short',
      scopes: ['admin'],
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    })
    expect((await t.request('GET', '/v1/workspace', { key: key.body.secret })).status).toBe(200)
    await t.database.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(apiKeys.id, key.body.id))
    t.deps.apiKeyCache.forget(key.body.id)
    const res = await t.request('GET', '/v1/workspace', { key: key.body.secret })
    expect(res.status).toBe(401)
    expect(res.body.detail).toContain('expired')
  })

  it('refuses a key revoked by another instance once the cache entry lapses', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key)
    expect((await t.request('GET', '/v1/workspace', { key: key.body.secret })).status).toBe(200)
    // Another instance revokes it straight in the database; this instance forgets within the cache TTL.
    await t.database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, key.body.id))
    t.deps.apiKeyCache.forget(key.body.id)
    expect((await t.request('GET', '/v1/workspace', { key: key.body.secret })).status).toBe(401)
  })

  it.each([
    ['a non-Bearer scheme', 'Basic dXNlcjpwYXNz'],
    ['a malformed token', 'Bearer not-a-key'],
    ['an unknown well-formed key', `Bearer ld_${'A'.repeat(43)}`],
    ['an empty Bearer', 'Bearer '],
  ])('refuses %s with 401', async (_, authorization) => {
    const res = await t.request('GET', '/v1/workspace', { headers: { authorization } })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('unauthorized')
  })
})

describe('API key cache', () => {
  it('shares one lookup between concurrent requests with a cold key', async () => {
    const { ApiKeyCache } = await import('../../src/auth/api-key-cache')
    const cache = new ApiKeyCache()
    let lookups = 0
    const load = async () => {
      lookups += 1
      await new Promise((resolve) => setTimeout(resolve, 20))
      return {
        actor: {
          type: 'api_key' as const,
          id: newId('ak'),
          memberId: newId('mbr'),
          workspaceId: newId('ws'),
          authzVersion: '1.1.1',
          scopes: ['admin'],
          teamIds: [],
          inboxIds: [],
        },
        hash: 'h',
        expiresAt: null,
      }
    }
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.resolve('h', Date.now(), load)))
    expect(lookups).toBe(1)
    expect(new Set(results.map((r) => r?.actor.id)).size).toBe(1)
    await cache.resolve('h', Date.now(), load)
    expect(lookups).toBe(1)
  })

  it('does not cache a lookup that a revocation overtook', async () => {
    const { ApiKeyCache } = await import('../../src/auth/api-key-cache')
    const cache = new ApiKeyCache()
    const id = newId('ak')
    let lookups = 0
    const load = async () => {
      lookups += 1
      if (lookups === 1) cache.forget(id) // revoked while the first lookup was in flight
      return {
        actor: {
          type: 'api_key' as const,
          id,
          memberId: newId('mbr'),
          workspaceId: newId('ws'),
          authzVersion: '1.1.1',
          scopes: ['admin'],
          teamIds: [],
          inboxIds: [],
        },
        hash: 'h',
        expiresAt: null,
      }
    }
    await cache.resolve('h', Date.now(), load)
    await cache.resolve('h', Date.now(), load)
    expect(lookups).toBe(2)
  })
})
