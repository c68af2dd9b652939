import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Duplex, Readable } from 'node:stream'
import { Agent, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import spec from '../../generated/openapi.json'
import { clientErrorHandler } from '../../src/http/client-error'
import { emailPattern, isEmailAddress } from '../../src/mail/address'
import {
  createTestApp,
  login,
  type RawResponse,
  randomClientIp,
  rawRequest,
  serveTestApp,
  setPassword,
  type TestApp,
} from '../harness'

/**
 * Inputs a hostile or merely unusual client sends, tried on every operation of the spec: each must get a
 * specific problem+json 4xx the operation declares, never a 500, and never lose data (issue 8).
 */

type Parameter = { name: string; in: string }
type Operation = {
  operationId: string
  security?: unknown[]
  requestBody?: { required?: boolean }
  parameters?: Array<Parameter | { $ref: string }>
  responses: Record<string, unknown>
}
const specMethods = ['get', 'put', 'post', 'patch', 'delete'] as const
const pathItems = spec.paths as unknown as Record<string, Record<string, Operation>>
const componentParameters = spec.components.parameters as unknown as Record<string, Parameter>
/** Every operation of the spec with its parameters (references resolved, path-level ones included). */
const operations = Object.entries(pathItems).flatMap(([path, item]) =>
  specMethods
    .filter((m) => item[m])
    .map((m) => {
      const operation = item[m] as Operation
      const shared = (item.parameters as unknown as Operation['parameters']) ?? []
      const parameters = [...shared, ...(operation.parameters ?? [])].map((p) =>
        '$ref' in p ? componentParameters[p.$ref.split('/').pop()!]! : p,
      )
      return {
        path,
        method: m.toUpperCase(),
        operation,
        parameters,
        isPublic: (operation.security ?? []).length === 0,
      }
    }),
)
const schemas = spec.components.schemas as unknown as Record<string, { examples?: string[] }>
const schemaOf = (param: string) => schemas[param.charAt(0).toUpperCase() + param.slice(1)]

/** A syntactically valid value for each path parameter (the spec's own example of its schema). */
function concretePath(path: string, values: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? schemaOf(name)?.examples?.[0] ?? 'x')
}

type SpecOperation = (typeof operations)[number]

/**
 * The status is one the operation declares, and a /v1 answer carries the RateLimit-* headers the spec
 * declares on all of them (most answers of these tests go through here).
 */
function expectDeclared(
  o: SpecOperation,
  res: { status: number; text: string; headers: Headers | Record<string, string> },
) {
  expect(res.status, `${o.method} ${o.path}: ${res.text.slice(0, 300)}`).toBeLessThan(500)
  expect(Object.keys(o.operation.responses), `${o.method} ${o.path} declares ${res.status}`).toContain(
    String(res.status),
  )
  const header = (name: string) =>
    res.headers instanceof Headers ? res.headers.get(name) : (res.headers[name] ?? null)
  if (o.path.startsWith('/v1/') || o.path === '/mcp') {
    for (const name of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) {
      expect(header(name), `${o.method} ${o.path} ${res.status} ${name}`).toMatch(/^\d+$/)
    }
  }
}

let t: TestApp
/** An owner's key: what a secured operation is called with, so that input checks are what answers. */
let key: string
/** The app on a real socket, and a webhook receiver that answers 200. */
let served: Awaited<ReturnType<typeof serveTestApp>>
let receiver: Server
let receiverUrl: string
beforeAll(async () => {
  t = await createTestApp({
    signupEnabled: true,
    webhooksAllowInsecure: true,
    rateLimit: { limit: 1_000_000, windowSeconds: 60 },
  })
  key = (await t.newWorkspace()).key
  served = await serveTestApp(t)
  receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.end('ok'))
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
})
afterAll(async () => {
  await served.close()
  receiver.closeAllConnections()
  await new Promise((resolve) => receiver.close(resolve))
})

describe('empty bodies', () => {
  const variants = [
    ['no body at all', [], ''],
    ['Content-Length: 0', ['Content-Length: 0'], ''],
    ['an empty chunked body', ['Transfer-Encoding: chunked'], '0\r\n\r\n'],
    ['JSON declared, nothing sent', ['Content-Type: application/json', 'Content-Length: 0'], ''],
    ['no body and an Idempotency-Key', ['Content-Length: 0', 'Idempotency-Key: {key}'], ''],
  ] as const
  const withBody = operations.filter((o) => o.operation.requestBody)
  const cases = withBody.flatMap((o) => variants.map((v) => [o.operation.operationId, v[0], o, v] as const))

  it.each(cases)('%s with %s: 400 naming body if required, else runs; never a 500', async (_, __, o, v) => {
    const [, headers, body] = v
    const head = [
      `${o.method} ${concretePath(o.path)} HTTP/1.1`,
      'Host: loopdesk.test',
      'Connection: close',
      ...(o.isPublic ? [] : [`Authorization: Bearer ${key}`]),
      ...headers.map((h) => h.replace('{key}', `empty-${Math.random()}`)),
    ].join('\n')
    const res = await rawRequest(served.port, head, body)
    expectDeclared(o, res)
    const bodyErrors = (res.body?.errors ?? []).filter((e: { path: string }) => e.path === 'body')
    if (o.operation.requestBody?.required) {
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('validation_failed')
      expect(bodyErrors).toEqual([{ path: 'body', code: 'invalid_type', message: expect.any(String) }])
    } else {
      expect(bodyErrors).toEqual([])
    }
  })

  it.each(withBody.map((o) => [o.operation.operationId, o] as const))(
    '%s with no body in process (what the SDK sends through a fetch without a socket)',
    async (_, o) => {
      const res = await t.request(o.method, concretePath(o.path), { key: o.isPublic ? undefined : key })
      expectDeclared(o, res)
      if (o.operation.requestBody?.required) expect(res.body.errors[0].path).toBe('body')
    },
  )
})

describe('bodies an operation cannot take', () => {
  let small: TestApp
  let smallKey: string
  beforeAll(async () => {
    small = await createTestApp({ bodyLimitBytes: 1000, rateLimit: { limit: 1_000_000, windowSeconds: 60 } })
    smallKey = (await small.newWorkspace()).key
  })
  const bad = [
    [
      'a body over the limit',
      'application/json',
      JSON.stringify({ name: 'x'.repeat(1_500) }),
      413,
      'payload_too_large',
    ],
    ['a body that is not JSON', 'text/plain', 'name=x', 415, 'unsupported_media_type'],
    ['JSON cut short', 'application/json', '{"name":', 400, 'malformed_json'],
    ['a NUL in a string', 'application/json', '{"name":"a\\u0000b"}', 400, 'validation_failed'],
    ['a lone surrogate in a string', 'application/json', '{"name":"a\\ud800b"}', 400, 'validation_failed'],
    [
      'bytes that are not UTF-8',
      'application/json',
      Buffer.from('{"name":"\xff"}', 'latin1'),
      400,
      'malformed_json',
    ],
  ] as const
  const cases = operations
    .filter((o) => o.operation.requestBody)
    .flatMap((o) => bad.map((b) => [o.operation.operationId, b[0], o, b] as const))

  it.each(cases)(
    '%s with %s: the specific 4xx, declared',
    async (_, __, o, [, type, rawBody, status, code]) => {
      const res = await small.request(o.method, concretePath(o.path), {
        key: o.isPublic ? undefined : smallKey,
        rawBody,
        headers: { 'content-type': type, 'cf-connecting-ip': randomClientIp() },
      })
      expectDeclared(o, res)
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(res.body.code).toBe(code)
      if (code === 'validation_failed') expect(res.body.errors[0].path).toBe('body.name')
    },
  )
})

describe('empty bodies where they were found (real socket, fetch)', () => {
  const call = (ws: { key: string }, method: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${served.url}${path}`, { method, headers: { authorization: `Bearer ${ws.key}`, ...headers } })

  it('PUT /v1/contacts/by-external-id/{externalId} with no body: 400 naming body, nothing created; {} creates', async () => {
    const ws = await t.newWorkspace()
    const res = await call(ws, 'PUT', '/v1/contacts/by-external-id/crm-1')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([
      { path: 'body', code: 'invalid_type', message: expect.any(String) },
    ])
    expect((await t.request('GET', '/v1/contacts', { key: ws.key })).body.data).toEqual([])
    const empty = await t.request('PUT', '/v1/contacts/by-external-id/crm-1', { key: ws.key, body: {} })
    expect(empty.status).toBe(201)
  })

  it('POST /v1/api-keys/{id}/rotate with no body (optional): rotates with the default grace period', async () => {
    const ws = await t.newWorkspace()
    const created = await t.request('POST', '/v1/api-keys', {
      key: ws.key,
      body: { name: 'to rotate', scopes: ['admin'] },
    })
    const res = await call(ws, 'POST', `/v1/api-keys/${created.body.id}/rotate`)
    expect(res.status).toBe(200)
    const rotated = (await res.json()) as { secret: string; previousSecretExpiresAt: string }
    expect(rotated.secret).toMatch(/^ld_/)
    expect(Date.parse(rotated.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3_600_000)
    for (const secret of [rotated.secret, created.body.secret]) {
      expect((await t.request('GET', '/v1/workspace', { key: secret })).status).toBe(200)
    }
  })

  it.each([
    ['PATCH', '/v1/workspace'],
    ['POST', '/v1/notifications/read'],
  ])('%s %s with no body: 400 naming body', async (method, path) => {
    const ws = await t.newWorkspace()
    const res = await call(ws, method, path)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('body')
  })

  it('Idempotency-Key, no body: ping, rotate-secret, redeliver, logout, create contact answer, then replay', async () => {
    const ws = await t.newWorkspace()
    const hook = await t.request('POST', '/v1/webhooks', {
      key: ws.key,
      body: { url: receiverUrl, events: ['*'] },
    })
    expect(hook.status).toBe(201)
    const ping = await call(ws, 'POST', `/v1/webhooks/${hook.body.id}/ping`)
    expect(ping.status).toBe(200)
    const delivery = ((await ping.json()) as { id: string }).id
    const member = await t.newMember(ws.workspaceId)
    // The body check answers before the key is claimed, so that 400 is not stored (nor replayed).
    const calls: Array<[string, number, { key: string }, boolean]> = [
      [`/v1/webhooks/${hook.body.id}/ping`, 200, ws, true],
      [`/v1/webhooks/${hook.body.id}/rotate-secret`, 200, ws, true],
      [`/v1/webhooks/${hook.body.id}/deliveries/${delivery}/redeliver`, 200, ws, true],
      ['/v1/contacts', 400, ws, false],
      ['/v1/auth/logout', 422, member, true],
    ]
    for (const [path, status, caller, replayed] of calls) {
      const idempotencyKey = `retry-${Math.random()}`
      const first = await call(caller, 'POST', path, { 'idempotency-key': idempotencyKey })
      expect(first.status, path).toBe(status)
      const firstText = await first.text()
      const again = await call(caller, 'POST', path, { 'idempotency-key': idempotencyKey })
      expect(again.status, path).toBe(status)
      if (!replayed) continue
      expect(await again.text(), path).toBe(firstText)
      expect(again.headers.get('idempotent-replayed'), path).toBe('true')
    }
  })
})

describe('NUL characters in parameters', () => {
  const cases = operations.flatMap((o) =>
    o.parameters
      .filter((p) => p.in === 'query' || p.in === 'path')
      .map((p) => [o.operation.operationId, `${p.in}.${p.name}`, o, p] as const),
  )

  it('covers every query and path parameter of the spec', () => {
    expect(cases.length).toBeGreaterThan(80)
  })

  it.each(cases)('%s: a NUL in %s is a 400 naming it', async (_, __, o, parameter) => {
    const url =
      parameter.in === 'path'
        ? concretePath(o.path, { [parameter.name]: 'a%00' })
        : `${concretePath(o.path)}?${encodeURIComponent(parameter.name)}=a%00`
    const res = await t.request(o.method, url, { key: o.isPublic ? undefined : key })
    expectDeclared(o, res)
    expect(res.status, res.text).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    const name = parameter.in === 'path' ? `params.${parameter.name}` : `query.${parameter.name}`
    expect(res.body.errors).toEqual([{ path: name, code: 'invalid_string', message: expect.any(String) }])
  })

  it('refuses a NUL in a query parameter the operation does not have, and a raw one', async () => {
    const res = await t.request('GET', '/v1/contacts?q=a&other%00=1', { key })
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.other\\u0000'])
    const raw = await t.request('GET', '/v1/members?q=\u0000', { key })
    expect(raw.status).toBe(400)
    expect(raw.body.errors[0].path).toBe('query.q')
  })

  it.each([
    '/v1/contacts?q=a%00',
    '/v1/members?q=%00',
    '/v1/organizations?q=a%00',
    '/v1/organizations?domain=a%00',
  ])('GET %s (found by a new user) answers 400, not 500', async (url) => {
    const res = await t.request('GET', url, { key })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].path).toMatch(/^query\.(q|domain)$/)
  })

  it('lets an escaped percent sign through: %2500 is the text %00, not a NUL', async () => {
    const res = await t.request('GET', '/v1/contacts?q=%2500', { key })
    expect(res.status).toBe(200)
    const put = await t.request('PUT', '/v1/contacts/by-external-id/crm%2500', { key, body: {} })
    expect(put.status).toBe(201)
    expect(put.body.externalId).toBe('crm%00')
  })
})

describe('email addresses', () => {
  const valid = ['~ti@acme.test', '0@com', "o'neil+tag@mail.example", 'A.B-c_d@sub.example.co.uk']
  const invalid = [
    'a b@acme.test',
    'ada@',
    '@acme.test',
    'ada@-acme.test',
    '"ada"@acme.test',
    'ada@acme.test ',
  ]

  it('one rule: the spec states it as the pattern of every format: email field, the routes use it', () => {
    expect(emailPattern).toBe(z.regexes.html5Email)
    const found: string[] = []
    const walk = (node: unknown, where: string) => {
      if (node === null || typeof node !== 'object') return
      const schema = node as Record<string, unknown>
      if (schema.format === 'email') {
        found.push(where)
        expect(schema.pattern, where).toBe(emailPattern.source)
      }
      for (const [key, value] of Object.entries(schema)) walk(value, `${where}/${key}`)
    }
    walk(spec, '#')
    expect(found.length).toBeGreaterThan(10)
    const routes = readFileSync('generated/routes.ts', 'utf8')
    expect(routes).not.toMatch(/\.email\(\)/)
    expect(routes).toContain('.email({ pattern: z.regexes.html5Email })')
    for (const address of valid) expect(isEmailAddress(address), address).toBe(true)
    for (const address of invalid) expect(isEmailAddress(address), address).toBe(false)
  })

  it.each(valid)('accepts %s in every request field that takes an email', async (address) => {
    const ws = await t.newWorkspace()
    const unique = (a: string) => a.replace('@', `${Math.random().toString(36).slice(2, 8)}@`)
    const contactEmail = unique(address)
    const created = await t.request('POST', '/v1/contacts', { key: ws.key, body: { email: contactEmail } })
    expect(created.status, created.text).toBe(201)
    expect(created.body.email).toBe(contactEmail)
    const found = await t.request('GET', `/v1/contacts?email=${encodeURIComponent(contactEmail)}`, {
      key: ws.key,
    })
    expect(found.status).toBe(200)
    expect(found.body.data.map((c: { id: string }) => c.id)).toEqual([created.body.id])
    const patched = await t.request('PATCH', `/v1/contacts/${created.body.id}`, {
      key: ws.key,
      body: { email: unique(address) },
    })
    expect(patched.status, patched.text).toBe(200)
    const upserted = await t.request('PUT', `/v1/contacts/by-external-id/crm-${Math.random()}`, {
      key: ws.key,
      body: { email: unique(address) },
    })
    expect(upserted.status, upserted.text).toBe(201)
    const bulk = await t.request('POST', '/v1/contacts/bulk', {
      key: ws.key,
      body: { items: [{ email: unique(address) }] },
    })
    expect(bulk.body.data[0].status, bulk.text).toBe(201)
    const invited = await t.request('POST', '/v1/invitations', {
      key: ws.key,
      body: { email: unique(address), role: 'agent' },
    })
    expect(invited.status, invited.text).toBe(201)
    const signup = await t.request('POST', '/v1/workspaces', {
      body: { name: 'Tilde', owner: { email: unique(address) } },
      headers: { 'cf-connecting-ip': randomClientIp() },
    })
    expect(signup.status, signup.text).toBe(201)
    const login = await t.request('POST', '/v1/auth/login', {
      body: { email: address, password: 'not the password' },
      headers: { 'cf-connecting-ip': randomClientIp() },
    })
    expect(login.status, login.text).toBe(401)
    const magicLink = await t.request('POST', '/v1/auth/portal/magic-link', {
      body: { workspace: ws.workspace.slug, email: unique(address) },
      headers: { 'cf-connecting-ip': randomClientIp() },
    })
    expect(magicLink.status, magicLink.text).toBe(202)
  })

  it.each(invalid)('refuses %s with 400 naming the field', async (address) => {
    const ws = await t.newWorkspace()
    const cases: Array<[string, string, unknown, string, string | undefined]> = [
      ['POST', '/v1/contacts', { email: address }, 'body.email', ws.key],
      ['POST', '/v1/invitations', { email: address, role: 'agent' }, 'body.email', ws.key],
      ['POST', '/v1/auth/login', { email: address, password: 'x' }, 'body.email', undefined],
      ['POST', '/v1/workspaces', { name: 'Bad', owner: { email: address } }, 'body.owner.email', undefined],
    ]
    for (const [method, path, body, field, key] of cases) {
      const res = await t.request(method, path, {
        key,
        body,
        headers: { 'cf-connecting-ip': randomClientIp() },
      })
      expect(res.status, `${path} ${res.text}`).toBe(400)
      expect(res.body.code).toBe('validation_failed')
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([field])
    }
  })
})

describe('methods a path does not have', () => {
  const tried = ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS']
  const documentation = { '/openapi.json': { get: {} }, '/docs': { get: {} } }
  const items = Object.entries({ ...pathItems, ...documentation }) as [string, Record<string, unknown>][]
  const templates = items.map(([path, item]) => ({
    pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
    methods: specMethods.filter((m) => item[m]).map((m) => m.toUpperCase()),
  }))
  // A URL can fit more than one template (`/v1/contacts/bulk` is also `/v1/contacts/{contactId}`).
  const cases = items.flatMap(([path]) => {
    const url = concretePath(path)
    const has = templates.filter((tpl) => tpl.pattern.test(url)).flatMap((tpl) => tpl.methods)
    const allow = [...new Set([...has, ...(has.includes('GET') ? ['HEAD'] : [])])].sort()
    return tried.filter((m) => !allow.includes(m)).map((m) => [m, url, allow.join(', ')] as const)
  })

  it.each(cases)('%s %s answers 405 with Allow: %s, before authentication', async (method, url, allow) => {
    const res = await t.request(method, url)
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe(allow)
    if (method === 'HEAD') return
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.body).toMatchObject({ status: 405, code: 'method_not_allowed' })
  })

  it('TRACE on every path (only a socket can send it): 405 with Allow', async () => {
    const urls = [...new Set(cases.map(([, url, allow]) => `${url} ${allow}`))]
    for (const line of urls) {
      const [url, ...allow] = line.split(' ')
      const res = await rawRequest(
        served.port,
        `TRACE ${url} HTTP/1.1\nHost: loopdesk.test\nConnection: close`,
      )
      expect(res.status, url).toBe(405)
      expect(res.headers.allow, url).toBe(allow.join(' '))
      expect(res.body.code, url).toBe('method_not_allowed')
    }
  })

  it('still answers 404 for a path the spec does not have, and 200 for HEAD where GET is', async () => {
    const ws = await t.newWorkspace()
    expect((await t.request('DELETE', '/v1/nothing-here', { key: ws.key })).status).toBe(404)
    expect((await t.request('GET', '/nothing-here')).status).toBe(404)
    const head = await t.request('HEAD', '/v1/workspace', { key: ws.key })
    expect(head.status).toBe(200)
    expect(head.text).toBe('')
  })
})

describe('bodies over the limit on a kept-alive connection', () => {
  // limit 1,000 bytes: up to 2,000 the rest is read and dropped (the connection carries on), past that the
  // answer closes it. Either way the client's next request on its connection pool succeeds.
  let small: Awaited<ReturnType<typeof serveTestApp>>
  let smallKey: string
  let connections = 0
  beforeAll(async () => {
    const app = await createTestApp({ bodyLimitBytes: 1000 })
    smallKey = (await app.newWorkspace()).key
    small = await serveTestApp(app)
    small.server.on('connection', () => connections++)
  })
  afterAll(() => small.close())

  async function* generate(size: number) {
    for (let sent = 0; sent < size; sent += 500) yield Buffer.from('x'.repeat(Math.min(500, size - sent)))
  }
  /** A body without a length: undici sends it chunked. */
  const chunks = (size: number) => Readable.from(generate(size))
  const bodies = {
    'a declared Content-Length': (size: number) => JSON.stringify({ name: 'x'.repeat(size - 11) }),
    'a chunked body': (size: number) => chunks(size),
  }

  it.each([
    ['a declared Content-Length', 1_500, false],
    ['a chunked body', 1_500, false],
    ['a declared Content-Length', 200_000, true],
    ['a chunked body', 200_000, true],
  ] as const)(
    '%s of %i bytes: 413 problem+json (closing: %s), then the next request succeeds',
    async (kind, size, closes) => {
      const agent = new Agent({ connections: 1 })
      try {
        const before = connections
        const auth = { authorization: `Bearer ${smallKey}` }
        const res = await request(`${small.url}/v1/contacts`, {
          method: 'POST',
          dispatcher: agent,
          headers: { ...auth, 'content-type': 'application/json' },
          body: bodies[kind](size),
        })
        expect(res.statusCode).toBe(413)
        expect(res.headers['content-type']).toBe('application/problem+json')
        expect(((await res.body.json()) as { code: string }).code).toBe('payload_too_large')
        expect(res.headers.connection).toBe(closes ? 'close' : 'keep-alive')
        const next = await request(`${small.url}/v1/workspace`, { dispatcher: agent, headers: auth })
        expect(next.statusCode).toBe(200)
        await next.body.json()
        // Drained, the same connection carried the next request; closed, a new one did.
        expect(connections - before).toBe(closes ? 2 : 1)
      } finally {
        await agent.close()
      }
    },
  )

  it('a large body sent to an operation without one is dropped, or closes the connection', async () => {
    const agent = new Agent({ connections: 1 })
    try {
      const auth = { authorization: `Bearer ${smallKey}` }
      for (const size of [900, 200_000]) {
        const ignored = await request(`${small.url}/v1/webhooks/wh_01jh2x3y4z5a6b7c8d9e0f1g2h/ping`, {
          method: 'POST',
          dispatcher: agent,
          headers: { ...auth, 'content-type': 'application/json' },
          body: chunks(size),
        })
        expect(ignored.statusCode).toBe(404)
        expect(ignored.headers.connection).toBe(size > 1000 ? 'close' : 'keep-alive')
        await ignored.body.dump()
        const next = await request(`${small.url}/v1/workspace`, { dispatcher: agent, headers: auth })
        expect(next.statusCode).toBe(200)
        await next.body.dump()
      }
    } finally {
      await agent.close()
    }
  })
})

describe('requests Node refuses before the app sees them', () => {
  const expectProblem = (res: RawResponse, status: number, code: string) => {
    expect(res.status).toBe(status)
    expect(res.headers['content-type']).toBe('application/problem+json')
    expect(res.headers.connection).toBe('close')
    expect(res.body).toMatchObject({ status, code, requestId: res.headers['x-request-id'] })
  }
  const head = (lines: string[]) => ['Host: loopdesk.test', 'Connection: close', ...lines].join('\n')

  it('a URL over 16 KiB: 431 problem+json; the server goes on serving', async () => {
    const url = `/v1/contacts?q=${'a'.repeat(20_000)}`
    expectProblem(
      await rawRequest(served.port, `GET ${url} HTTP/1.1\n${head([`Authorization: Bearer ${key}`])}`),
      431,
      'request_header_fields_too_large',
    )
    const res = await fetch(`${served.url}${url}`, { headers: { authorization: `Bearer ${key}` } })
    expect(res.status).toBe(431)
    expect(((await res.json()) as { code: string }).code).toBe('request_header_fields_too_large')
    const next = await fetch(`${served.url}/v1/workspace`, { headers: { authorization: `Bearer ${key}` } })
    expect(next.status).toBe(200)
  })

  it('headers over 16 KiB: 431 problem+json', async () => {
    const big = Array.from({ length: 40 }, (_, i) => `X-Filler-${i}: ${'b'.repeat(500)}`)
    expectProblem(
      await rawRequest(served.port, `GET /v1/workspace HTTP/1.1\n${head(big)}`),
      431,
      'request_header_fields_too_large',
    )
  })

  it.each([
    ['a header name with a space', 'GET /v1/workspace HTTP/1.1', ['Bad Header: x']],
    ['a NUL in a header value', 'GET /v1/workspace HTTP/1.1', ['X-Note: a\0b']],
    ['an unknown HTTP version', 'GET /v1/workspace HTTP/7.1', []],
    ['a request line that is not one', 'HELLO', []],
    ['a Content-Length that is not a number', 'POST /v1/contacts HTTP/1.1', ['Content-Length: ten']],
  ])('%s: 400 malformed_request problem+json', async (_, requestLine, lines) => {
    expectProblem(await rawRequest(served.port, `${requestLine}\n${head(lines)}`), 400, 'malformed_request')
  })

  it('maps a request that timed out to 408 request_timeout, and writes nothing to a socket in use', () => {
    const written: string[] = []
    const socket = new Duplex({
      write(chunk, _, done) {
        written.push(chunk.toString())
        done()
      },
      read() {},
    })
    const handle = clientErrorHandler(t.deps.logger)
    handle(Object.assign(new Error('timed out'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket)
    expect(written.join('')).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
    expect(JSON.parse(written.join('').split('\r\n\r\n')[1]!)).toMatchObject({ code: 'request_timeout' })
    const busy = Object.assign(
      new Duplex({
        write(chunk, _, done) {
          written.push(`busy:${chunk}`)
          done()
        },
        read() {},
      }),
      { _httpMessage: { headersSent: true } },
    )
    handle(Object.assign(new Error('bad'), { code: 'HPE_INVALID_CONSTANT' }), busy)
    expect(written.some((w) => w.startsWith('busy:'))).toBe(false)
    expect(busy.destroyed).toBe(true)
  })
})

describe('credentials sent to public operations', () => {
  it('accepting an invitation and asking for a portal link work with a bad credential beside them', async () => {
    const ws = await t.newWorkspace()
    const invited = await t.request('POST', '/v1/invitations', {
      key: ws.key,
      body: { email: `invitee-${Math.random()}@acme.test`, role: 'agent' },
    })
    const accepted = await t.request('POST', '/v1/invitations/accept', {
      key: 'ld_revoked-or-mistyped',
      body: { token: invited.body.token, name: 'Grace', password: 'correct horse battery' },
    })
    expect(accepted.status, accepted.text).toBe(201)
    const link = await t.request('POST', '/v1/auth/portal/magic-link', {
      headers: { authorization: 'Bearer sess_gone.gone', 'cf-connecting-ip': randomClientIp() },
      body: { workspace: ws.workspace.slug, email: `customer-${Math.random()}@customer.test` },
    })
    expect(link.status, link.text).toBe(202)
  })

  it('signing in with an expired session cookie still in the browser works', async () => {
    const ws = await t.newWorkspace()
    const member = await t.newMember(ws.workspaceId)
    await setPassword(t, member.memberId, 'correct horse battery')
    const token = await login(t, member.email, 'correct horse battery')
    expect((await t.request('POST', '/v1/auth/logout', { key: token })).status).toBe(204)
    const res = await t.request('POST', '/v1/auth/login', {
      body: { email: member.email, password: 'correct horse battery' },
      headers: {
        cookie: `loopdesk_session=${token}`,
        origin: t.deps.config.allowedOrigins[0]!,
        'cf-connecting-ip': randomClientIp(),
      },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body.token).not.toBe(token)
  })
})
