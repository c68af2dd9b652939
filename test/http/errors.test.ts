import { beforeAll, describe, expect, it } from 'vitest'
import { captureLogger, createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ bodyLimitBytes: 2048 })
})

const problemShape = {
  type: expect.stringMatching(/^https:\/\/loopdesk\.dev\/problems\/[a-z_]+$/),
  title: expect.any(String),
  status: expect.any(Number),
  code: expect.any(String),
  requestId: expect.any(String),
}

describe('problem+json', () => {
  it('answers an unknown route with 404 not_found (401 first under /v1 without credentials)', async () => {
    expect((await t.request('GET', '/v1/nothing-here')).status).toBe(401)
    const ws = await t.newWorkspace()
    const res = await t.request('GET', '/v1/nothing-here', { key: ws.key })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.body).toMatchObject({ ...problemShape, status: 404, code: 'not_found' })
  })

  it('answers a body that is not JSON with 415', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('POST', '/v1/api-keys', {
      key: ws.key,
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(415)
    expect(res.body).toMatchObject({ ...problemShape, code: 'unsupported_media_type' })
  })

  it('accepts application/json with a charset and +json types', async () => {
    const ws = await t.newWorkspace()
    for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
      const res = await t.request('PATCH', '/v1/workspace', {
        key: ws.key,
        rawBody: JSON.stringify({ name: 'Typed' }),
        headers: { 'content-type': type },
      })
      expect(res.status, type).toBe(200)
    }
  })

  it('answers malformed JSON with 400 malformed_json', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('POST', '/v1/api-keys', {
      key: ws.key,
      rawBody: '{"name": "x",',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ ...problemShape, code: 'malformed_json' })
  })

  it('answers a JSON body that is not an object with 400 validation_failed', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('POST', '/v1/api-keys', { key: ws.key, body: ['name'] })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
  })

  it('answers a missing body with 400 naming the required field', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('POST', '/v1/api-keys', { key: ws.key })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
  })

  it('answers a body over the limit with 413, declared or streamed, and stores nothing', async () => {
    const ws = await t.newWorkspace()
    const big = JSON.stringify({ name: 'x'.repeat(4096) })
    const declared = await t.request('POST', '/v1/api-keys', {
      key: ws.key,
      rawBody: big,
      headers: { 'content-type': 'application/json' },
    })
    expect(declared.status).toBe(413)
    expect(declared.body.code).toBe('payload_too_large')

    const encoder = new TextEncoder()
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(encoder.encode(' '.repeat(512)))
        controller.close()
      },
    })
    const streamed = await t.app.request('/v1/api-keys', {
      method: 'POST',
      body: stream,
      headers: {
        authorization: `Bearer ${ws.key}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    const list = await t.request('GET', '/v1/api-keys', { key: ws.key })
    expect(list.body.data).toHaveLength(1)
  })

  it('hides internals of an unexpected error behind a generic 500 with the request id', async () => {
    const { logger, lines } = captureLogger('error')
    const broken = await createTestApp({}, { logger })
    const ws = await broken.newWorkspace()
    // A database that fails underneath a handler: the query error must not leak.
    const db = broken.deps.database.db
    broken.deps.database = {
      ...broken.deps.database,
      db: new Proxy(db, {
        get: (target, prop) =>
          prop === 'select'
            ? () => {
                throw new Error('relation "secret_internal_table" does not exist')
              }
            : Reflect.get(target, prop),
      }),
    }
    const res = await broken.request('GET', '/v1/workspace', {
      key: ws.key,
      headers: { 'x-request-id': 'trace-500' },
    })
    expect(res.status).toBe(500)
    expect(res.body).toMatchObject({ code: 'internal_error', requestId: 'trace-500' })
    expect(res.text).not.toContain('secret_internal_table')
    expect(res.text).not.toContain('at ')
    const logged = lines.join('')
    expect(logged).toContain('secret_internal_table')
    expect(logged).toContain('trace-500')
  })
})

describe('X-Request-Id', () => {
  it('echoes an acceptable id and puts it in problem bodies', async () => {
    const res = await t.request('GET', '/v1/nothing', { headers: { 'x-request-id': 'client-abc.123' } })
    expect(res.headers.get('x-request-id')).toBe('client-abc.123')
    expect(res.body.requestId).toBe('client-abc.123')
  })

  it('generates one when absent or unacceptable', async () => {
    const none = await t.request('GET', '/healthz')
    expect(none.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]{26}$/)
    const bad = await t.request('GET', '/healthz', { headers: { 'x-request-id': 'has spaces <and> tags' } })
    expect(bad.headers.get('x-request-id')).toMatch(/^req_/)
  })
})

describe('structured logs', () => {
  it('log one line per request with request id, actor, status and duration, and never the credential', async () => {
    const { logger, lines } = captureLogger('info')
    const logged = await createTestApp({}, { logger })
    const ws = await logged.newWorkspace()
    const created = await logged.request('POST', '/v1/api-keys', {
      key: ws.key,
      body: { name: 'Logged', scopes: ['admin'] },
    })
    await logged.request('GET', '/v1/workspace', { key: ws.key, headers: { 'x-request-id': 'log-check' } })
    const entries = lines.map((line) => JSON.parse(line))
    const entry = entries.find((e) => e.requestId === 'log-check')
    expect(entry).toMatchObject({
      msg: 'request',
      method: 'GET',
      path: '/v1/workspace',
      status: 200,
      actor: { type: 'api_key', id: ws.apiKeyId },
      workspaceId: ws.workspaceId,
    })
    expect(entry.durationMs).toBeTypeOf('number')
    const all = lines.join('')
    expect(all).not.toContain(ws.key)
    expect(all).not.toContain(created.body.secret)
  })
})
