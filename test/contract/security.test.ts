import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import spec from '../../generated/openapi.json'
import { apiKeys } from '../../src/db/schema'
import { createTestApp, type TestApp } from '../harness'

/**
 * The checks every authenticated operation must pass, generated from the spec so that a new operation is
 * covered the moment it is added (unkey's runCommonRouteTests, driven by the spec instead of a list).
 * Area tests add what depends on the resource: another workspace's ids, roles, scopes.
 */
type Operation = {
  operationId: string
  security?: unknown[]
  requestBody?: { content?: Record<string, unknown> }
  responses: Record<string, unknown>
}
const methods = ['get', 'put', 'post', 'patch', 'delete'] as const
const operations = Object.entries(spec.paths as unknown as Record<string, Record<string, Operation>>).flatMap(
  ([path, item]) =>
    methods.filter((m) => item[m]).map((method) => ({ path, method, operation: item[method] as Operation })),
)
const secured = operations.filter((o) => (o.operation.security ?? []).length > 0)
const schemas = spec.components.schemas as unknown as Record<
  string,
  { examples?: string[]; pattern?: string }
>
const schemaOf = (param: string) => schemas[param.charAt(0).toUpperCase() + param.slice(1)]
/** Path parameters that are TypeIDs (`{contactId}`), not free-form keys (`{externalId}`, `{token}`). */
const isTypeIdParam = (param: string) =>
  /Id$/.test(param) && (schemaOf(param)?.pattern ?? '').includes('_[0-7]')
const withIdParam = secured.filter((o) =>
  [...o.path.matchAll(/\{(\w+)\}/g)].some(([, p]) => isTypeIdParam(p!)),
)

/** A syntactically valid value for each path parameter (the spec's own example of its schema). */
function concretePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => schemaOf(name)?.examples?.[0] ?? 'x')
}

let t: TestApp
let revokedKey: string
let expiredKey: string
let liveKey: string
beforeAll(async () => {
  // Hundreds of anonymous requests from one address: the per-address limit would answer 429 instead of 401.
  t = await createTestApp({ rateLimit: { limit: 1_000_000, windowSeconds: 60 } })
  const ws = await t.newWorkspace()
  liveKey = ws.key
  const revoked = await t.request('POST', '/v1/api-keys', {
    key: ws.key,
    body: { name: 'revoked', scopes: ['admin'] },
  })
  await t.request('DELETE', `/v1/api-keys/${revoked.body.id}`, { key: ws.key })
  revokedKey = revoked.body.secret
  const expired = await t.request('POST', '/v1/api-keys', {
    key: ws.key,
    body: { name: 'expired', scopes: ['admin'], expiresAt: new Date(Date.now() + 60_000).toISOString() },
  })
  await t.database.db
    .update(apiKeys)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(apiKeys.id, expired.body.id))
  expiredKey = expired.body.secret
})

/**
 * Call the operation; every answer must be a status the operation declares (the spec lists every status the
 * server can send), and never a 5xx.
 */
async function send(
  o: (typeof operations)[number],
  key?: string,
  path = concretePath(o.path),
  headers: Record<string, string> = {},
) {
  const res = await t.request(o.method.toUpperCase(), path, {
    key,
    headers,
    ...(o.operation.requestBody ? { body: {} } : {}),
  })
  const where = `${o.method.toUpperCase()} ${o.path}`
  expect(res.status, `${where}: ${res.text.slice(0, 200)}`).toBeLessThan(500)
  expect(Object.keys(o.operation.responses), `${where} declares ${res.status}`).toContain(String(res.status))
  // Declared on every /v1 answer, refused credentials included.
  if (o.path.startsWith('/v1/') || o.path === '/mcp')
    expect(res.headers.get('ratelimit-limit'), where).toMatch(/^\d+$/)
  return res
}

describe.each(secured.map((o) => [o.operation.operationId, o] as const))('%s', (_, o) => {
  it('refuses no credentials with 401 problem+json', async () => {
    const res = await send(o)
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.body.code).toBe('unauthorized')
  })

  it('refuses a revoked key with 401', async () => {
    expect((await send(o, revokedKey)).status).toBe(401)
  })

  it('refuses an expired key with 401', async () => {
    expect((await send(o, expiredKey)).status).toBe(401)
  })
})

describe.each(withIdParam.map((o) => [o.operation.operationId, o] as const))('%s path ids', (_, o) => {
  it('refuses a malformed id with 400 naming the parameter', async () => {
    const malformed = concretePath(
      o.path.replace(/\{(\w+)\}/g, (all, p: string) => (isTypeIdParam(p) ? 'not-an-id' : all)),
    )
    const res = await send(o, liveKey, malformed)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(res.body.errors[0].path).toMatch(/^params\.\w+Id$/)
  })

  it('answers 404 for a well-formed id that does not exist', async () => {
    const res = await send(o, liveKey)
    // Operations with a body may refuse the empty body first (one that takes no JSON, an upload, refuses the
    // JSON sent here as 415); either way, never a 5xx.
    const json = Boolean(o.operation.requestBody?.content?.['application/json'])
    expect(o.operation.requestBody ? [400, 404, ...(json ? [] : [415])] : [404]).toContain(res.status)
  })
})

describe('public operations', () => {
  const publicOperations = operations
    .filter((o) => (o.operation.security ?? []).length === 0)
    .map((o) => [o.operation.operationId, o] as const)

  it.each(publicOperations)('%s answers without credentials', async (_, o) => {
    const res = await send(o)
    expect(res.status).not.toBe(401)
    expect(res.status).toBeLessThan(500)
  })

  // A public operation ignores a credential, good or bad: a stale session cookie must not keep anyone from
  // signing in again, nor a leftover Authorization header from accepting an invitation.
  it.each(publicOperations)('%s ignores any credential sent with it, valid or not', async (_, o) => {
    const without = await send(o)
    const credentials: Record<string, string>[] = [
      { authorization: `Bearer ${revokedKey}` },
      { authorization: `Bearer ${expiredKey}` },
      { authorization: `Bearer ${liveKey}` },
      { authorization: 'Bearer ld_not-a-key' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { cookie: 'loopdesk_session=sess_01jh2x3y4z5a6b7c8d9e0f1g2h.expired' },
    ]
    for (const headers of credentials) {
      const res = await send(o, undefined, concretePath(o.path), headers)
      expect(res.status, JSON.stringify(headers)).toBe(without.status)
      expect(res.body?.code, JSON.stringify(headers)).toBe(without.body?.code)
    }
  })
})
