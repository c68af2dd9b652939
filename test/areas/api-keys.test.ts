import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiKeys, events } from '../../src/db/schema'
import { newId } from '../../src/ids'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const create = (key: string, body: Record<string, unknown> = { name: 'Script' }) =>
  t.request('POST', '/v1/api-keys', { key, body })

describe('createApiKey', () => {
  it('answers 201 with the secret once, and the new key works', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, { name: 'CRM sync' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      name: 'CRM sync',
      createdBy: ws.memberId,
      expiresAt: null,
      revokedAt: null,
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
    const emitted = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, ws.workspaceId), eq(events.resourceId, res.body.id)))
    expect(emitted.map((e) => e.type)).toEqual(['api_key.created'])
    expect(JSON.stringify(emitted)).not.toContain(res.body.secret.slice(12))
  })

  it('accepts a future expiry and refuses a past one (422 expiry_in_past)', async () => {
    const ws = await t.newWorkspace()
    const future = new Date(Date.now() + 3_600_000).toISOString()
    const ok = await create(ws.key, { name: 'Temp', expiresAt: future })
    expect(ok.status).toBe(201)
    expect(ok.body.expiresAt).toBe(future)
    const past = await create(ws.key, { name: 'Old', expiresAt: '2020-01-01T00:00:00.000Z' })
    expect(past.status).toBe(422)
    expect(past.body.code).toBe('expiry_in_past')
  })

  it.each([
    ['no name', {}, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a too long name', { name: 'x'.repeat(121) }, 'body.name'],
    ['a malformed expiry', { name: 'x', expiresAt: 'tomorrow' }, 'body.expiresAt'],
    ['an unknown field', { name: 'x', scopes: ['admin'] }, 'body.scopes'],
  ])('refuses %s with 400 naming the field', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, body)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })
})

describe('getApiKey', () => {
  it('answers the key with an ETag, and 304 while it is current', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', `/v1/api-keys/${ws.apiKeyId}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: ws.apiKeyId, createdBy: ws.memberId, revokedAt: null })
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
    const a = await create(ws.key, { name: 'a' })
    const b = await create(ws.key, { name: 'b' })
    await t.request('DELETE', `/v1/api-keys/${a.body.id}`, { key: ws.key })
    await t.database.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, b.body.id))

    const ids = async (status?: string) =>
      (
        await t.request('GET', `/v1/api-keys${status ? `?status=${status}` : ''}`, { key: ws.key })
      ).body.data.map((k: { id: string }) => k.id)
    expect(await ids()).toEqual([ws.apiKeyId])
    expect(await ids('revoked')).toEqual([a.body.id])
    expect(await ids('expired')).toEqual([b.body.id])
    expect(await ids('all')).toEqual([b.body.id, a.body.id, ws.apiKeyId])
  })

  it('never lists another workspace’s keys', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    await create(b.key)
    const res = await t.request('GET', '/v1/api-keys?status=all', { key: a.key })
    expect(res.body.data.map((k: { id: string }) => k.id)).toEqual([a.apiKeyId])
  })

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['sort=email', 'query.sort'],
    ['status=deleted', 'query.status'],
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
    const key = await create(ws.key, { name: 'Old' })
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

  it('answers 404 for another workspace’s key and leaves it working', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    expect((await t.request('DELETE', `/v1/api-keys/${b.apiKeyId}`, { key: a.key })).status).toBe(404)
    expect((await t.request('GET', '/v1/workspace', { key: b.key })).status).toBe(200)
  })
})

describe('API key credentials', () => {
  it('refuses an expired key with 401', async () => {
    const ws = await t.newWorkspace()
    const key = await create(ws.key, {
      name: 'Short',
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
    const { ApiKeyCache } = await import('../../src/http/auth')
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
    const { ApiKeyCache } = await import('../../src/http/auth')
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
