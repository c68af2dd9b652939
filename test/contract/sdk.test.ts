import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type ApiKey,
  type ApiKeyCreated,
  createLoopdeskClient,
  type LoopdeskClientOptions,
  LoopdeskError,
  type Problem,
  pages,
  paginate,
  unwrap,
  type Workspace,
} from '@loopdesk/sdk'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest'
import { createTestApp, serveTestApp, type TestApp } from '../harness'

const baseUrl = 'http://loopdesk.test'
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

interface Sent {
  method: string
  url: URL
  headers: Headers
}

/** A client over the in-process app that records what it sends. */
function sdk(options: Omit<LoopdeskClientOptions, 'baseUrl' | 'fetch'> = {}) {
  const sent: Sent[] = []
  const client = createLoopdeskClient({
    baseUrl,
    ...options,
    fetch: (request) => {
      sent.push({ method: request.method, url: new URL(request.url), headers: new Headers(request.headers) })
      return t.app.fetch(request)
    },
  })
  return { client, sent }
}

async function rejection(promise: Promise<unknown>): Promise<LoopdeskError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(LoopdeskError)
  return error as LoopdeskError
}

describe('createLoopdeskClient', () => {
  it('reads the workspace as typed data, sending the API key as a Bearer token to baseUrl', async () => {
    const ws = await t.newWorkspace('Typed Co')
    const { client, sent } = sdk({ apiKey: ws.key })

    const workspace = await unwrap(client.GET('/v1/workspace'))

    expectTypeOf(workspace).toEqualTypeOf<Workspace>()
    expect(workspace).toMatchObject({ id: ws.workspaceId, name: 'Typed Co', timezone: 'UTC' })
    expect(sent).toHaveLength(1)
    expect(sent[0]?.url.href).toBe(`${baseUrl}/v1/workspace`)
    expect(sent[0]?.headers.get('authorization')).toBe(`Bearer ${ws.key}`)
  })

  it('lets one call authenticate with another key through its own Authorization header', async () => {
    const mine = await t.newWorkspace()
    const theirs = await t.newWorkspace()
    const { client } = sdk({ apiKey: mine.key })

    const other = await unwrap(
      client.GET('/v1/workspace', { headers: { Authorization: `Bearer ${theirs.key}` } }),
    )

    expect(other.id).toBe(theirs.workspaceId)
  })

  it('answers { data, error, response } without throwing when not unwrapped', async () => {
    const ws = await t.newWorkspace()
    const { client } = sdk({ apiKey: ws.key })

    const ok = await client.GET('/v1/workspace')
    expect(ok.error).toBeUndefined()
    expect(ok.data?.id).toBe(ws.workspaceId)
    expect(ok.response.headers.get('etag')).toBe('"1"')

    const failed = await client.GET('/v1/api-keys', { params: { query: { limit: 0 } } })
    expect(failed.data).toBeUndefined()
    expectTypeOf(failed.error).toEqualTypeOf<Problem | undefined>()
    expect(failed.error?.code).toBe('validation_failed')
    expect(failed.response.status).toBe(400)
  })

  it('sends no Authorization header without an apiKey, and the API answers 401 unauthorized', async () => {
    const { client, sent } = sdk()

    const error = await rejection(unwrap(client.GET('/v1/workspace')))

    expect(sent[0]?.headers.has('authorization')).toBe(false)
    expect(error.status).toBe(401)
    expect(error.code).toBe('unauthorized')
    expect(error.requestId).toMatch(/^req_/)
  })

  it('sends the headers option with every request; a per-call header wins', async () => {
    const ws = await t.newWorkspace()
    const { client } = sdk({ apiKey: ws.key, headers: { 'X-Request-Id': 'sdk-test-1' } })

    const first = await client.GET('/v1/workspace')
    const second = await client.GET('/v1/workspace', { headers: { 'X-Request-Id': 'sdk-test-2' } })

    expect(first.response.headers.get('x-request-id')).toBe('sdk-test-1')
    expect(second.response.headers.get('x-request-id')).toBe('sdk-test-2')
  })
})

describe('PATCH /v1/workspace with If-Match', () => {
  it('applies a change based on the current ETag and refuses one based on a stale ETag', async () => {
    const ws = await t.newWorkspace('Before')
    const { client } = sdk({ apiKey: ws.key })

    const read = await client.GET('/v1/workspace')
    const etag = read.response.headers.get('etag')
    expect(etag).toBe('"1"')

    const patched = await client.PATCH('/v1/workspace', {
      params: { header: { 'If-Match': etag ?? '' } },
      body: { name: 'After', timezone: 'Europe/Berlin' },
    })
    const updated = await unwrap(patched)
    expectTypeOf(updated).toEqualTypeOf<Workspace>()
    expect(updated).toMatchObject({ id: ws.workspaceId, name: 'After', timezone: 'Europe/Berlin' })
    expect(patched.response.headers.get('etag')).toBe('"2"')

    const stale = await rejection(
      unwrap(
        client.PATCH('/v1/workspace', {
          params: { header: { 'If-Match': etag ?? '' } },
          body: { name: 'Lost update' },
        }),
      ),
    )
    expect(stale.status).toBe(412)
    expect(stale.code).toBe('precondition_failed')
    expect((await unwrap(client.GET('/v1/workspace'))).name).toBe('After')
  })
})

describe('/v1/api-keys', () => {
  it('lists, creates and revokes keys; the created secret works until revoked', async () => {
    const ws = await t.newWorkspace()
    const { client } = sdk({ apiKey: ws.key })

    const before = await unwrap(client.GET('/v1/api-keys'))
    expect(before.data.map((k) => k.id)).toEqual([ws.apiKeyId])
    expect(before.nextCursor).toBeNull()

    const created = await unwrap(
      client.POST('/v1/api-keys', { body: { name: 'CRM sync', scopes: ['admin'] } }),
    )
    expectTypeOf(created).toEqualTypeOf<ApiKeyCreated>()
    expect(created).toMatchObject({ name: 'CRM sync', revokedAt: null })
    expect(created.secret).toMatch(/^ld_/)
    expect(created.secret.startsWith(created.start)).toBe(true)

    const listed = await unwrap(client.GET('/v1/api-keys'))
    expect(listed.data.map((k) => k.id).sort()).toEqual([ws.apiKeyId, created.id].sort())
    expect(listed.data.find((k) => k.id === created.id)).not.toHaveProperty('secret')

    const asNewKey = sdk({ apiKey: created.secret }).client
    expect((await unwrap(asNewKey.GET('/v1/workspace'))).id).toBe(ws.workspaceId)

    const revoked = await unwrap(
      client.DELETE('/v1/api-keys/{apiKeyId}', { params: { path: { apiKeyId: created.id } } }),
    )
    expectTypeOf(revoked).toEqualTypeOf<undefined>()
    expect(revoked).toBeUndefined()

    const refused = await rejection(unwrap(asNewKey.GET('/v1/workspace')))
    expect(refused.code).toBe('unauthorized')
    const revokedList = await unwrap(client.GET('/v1/api-keys', { params: { query: { status: 'revoked' } } }))
    expect(revokedList.data.map((k) => k.id)).toEqual([created.id])
  })
})

describe('paginate and pages', () => {
  it('follows nextCursor over several pages, sending the query with every page', async () => {
    const ws = await t.newWorkspace()
    const { client, sent } = sdk({ apiKey: ws.key })
    // Created in reverse order, so that `-name` and the default `-createdAt` order them differently.
    for (const letter of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) {
      await unwrap(client.POST('/v1/api-keys', { body: { name: `key ${letter}`, scopes: ['admin'] } }))
    }
    const query = { limit: 3, sort: '-name' } as const
    const all = await unwrap(client.GET('/v1/api-keys', { params: { query: { limit: 100, sort: '-name' } } }))
    expect(all.data).toHaveLength(8)
    sent.length = 0

    const items: ApiKey[] = []
    for await (const key of paginate(client, '/v1/api-keys', { params: { query } })) {
      expectTypeOf(key).toEqualTypeOf<ApiKey>()
      items.push(key)
    }

    expect(items.map((k) => k.id)).toEqual(all.data.map((k) => k.id))
    expect(sent.map((s) => s.method)).toEqual(['GET', 'GET', 'GET'])
    for (const request of sent) {
      expect(request.url.pathname).toBe('/v1/api-keys')
      expect(request.url.searchParams.get('limit')).toBe('3')
      expect(request.url.searchParams.get('sort')).toBe('-name')
    }
    expect(sent[0]?.url.searchParams.has('cursor')).toBe(false)
    expect(sent[1]?.url.searchParams.get('cursor')).toBeTruthy()
    expect(sent[2]?.url.searchParams.get('cursor')).not.toBe(sent[1]?.url.searchParams.get('cursor'))

    const sizes: number[] = []
    const cursors: (string | null)[] = []
    for await (const page of pages(client, '/v1/api-keys', { params: { query } })) {
      sizes.push(page.data.length)
      cursors.push(page.nextCursor)
    }
    expect(sizes).toEqual([3, 3, 2])
    expect(cursors[2]).toBeNull()

    // A cursor from an earlier run resumes after the page it ended.
    const resumed: string[] = []
    const resume = { ...query, cursor: cursors[0] ?? '' }
    for await (const key of paginate(client, '/v1/api-keys', { params: { query: resume } })) {
      resumed.push(key.id)
    }
    expect(resumed).toEqual(all.data.slice(3).map((k) => k.id))
  })

  it('stops fetching when the loop breaks', async () => {
    const ws = await t.newWorkspace()
    const { client, sent } = sdk({ apiKey: ws.key })
    for (const name of ['one', 'two', 'three'])
      await unwrap(client.POST('/v1/api-keys', { body: { name, scopes: ['admin'] } }))
    sent.length = 0

    for await (const _key of paginate(client, '/v1/api-keys', { params: { query: { limit: 1 } } })) break

    expect(sent).toHaveLength(1)
  })

  it('throws LoopdeskError when a page fails', async () => {
    const ws = await t.newWorkspace()
    const { client } = sdk({ apiKey: ws.key })

    const error = await rejection(
      (async () => {
        for await (const _ of paginate(client, '/v1/api-keys', { params: { query: { cursor: 'forged' } } })) {
        }
      })(),
    )

    expect(error.status).toBe(400)
    expect(error.code).toBe('invalid_cursor')
  })

  it('refuses to loop when a server answers the cursor it was sent', async () => {
    const page = { data: [], nextCursor: 'same' }
    const stuck = createLoopdeskClient({ baseUrl, fetch: () => Response.json(page) })

    await expect(
      (async () => {
        for await (const _ of pages(stuck, '/v1/api-keys')) {
        }
      })(),
    ).rejects.toThrow('the same cursor twice')
  })
})

describe('LoopdeskError', () => {
  it('carries status, code and requestId of a 404 (another workspace’s key is not found)', async () => {
    const mine = await t.newWorkspace()
    const theirs = await t.newWorkspace()
    const { client } = sdk({ apiKey: mine.key })

    const call = client.GET('/v1/api-keys/{apiKeyId}', { params: { path: { apiKeyId: theirs.apiKeyId } } })
    const error = await rejection(unwrap(call))

    expect(error.status).toBe(404)
    expect(error.code).toBe('not_found')
    expect(error.requestId).toMatch(/^req_/)
    expect(error.requestId).toBe(error.response.headers.get('x-request-id'))
    expect(error.problem).toMatchObject({ status: 404, code: 'not_found', requestId: error.requestId })
    expect(error.errors).toEqual([])
    expect(error.name).toBe('LoopdeskError')
    expect(error.message).toContain('404 not_found')
    expect(error.message).toContain(error.requestId)
  })

  it('carries the field errors of a 400 validation_failed', async () => {
    const ws = await t.newWorkspace()
    const { client } = sdk({ apiKey: ws.key, headers: { 'X-Request-Id': 'sdk-bad-input' } })

    const error = await rejection(
      unwrap(client.POST('/v1/api-keys', { body: { name: '', scopes: ['admin'] } })),
    )

    expect(error.status).toBe(400)
    expect(error.code).toBe('validation_failed')
    expect(error.requestId).toBe('sdk-bad-input')
    expect(error.errors).toEqual([expect.objectContaining({ path: 'body.name', code: 'too_small' })])

    const badId = await rejection(
      unwrap(client.GET('/v1/api-keys/{apiKeyId}', { params: { path: { apiKeyId: 'nope' } } })),
    )
    expect(badId.code).toBe('validation_failed')
    expect(badId.errors.map((e) => e.path)).toEqual(['params.apiKeyId'])
  })

  it('has no code for an answer that is not a problem document (304, a proxy’s error page)', async () => {
    const ws = await t.newWorkspace()
    const { client } = sdk({ apiKey: ws.key })
    const notModified = await rejection(
      unwrap(client.GET('/v1/workspace', { params: { header: { 'If-None-Match': '"1"' } } })),
    )
    expect(notModified.status).toBe(304)
    expect(notModified.code).toBeUndefined()

    const behindProxy = createLoopdeskClient({
      baseUrl,
      apiKey: ws.key,
      fetch: () => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }),
    })
    const gateway = await rejection(unwrap(behindProxy.GET('/v1/workspace')))
    expect(gateway.status).toBe(502)
    expect(gateway.code).toBeUndefined()
    expect(gateway.problem).toBeUndefined()
    expect(gateway.message).toContain('502 Bad Gateway')
  })
})

describe('Idempotency-Key', () => {
  it('is generated for a POST only when asked, and a caller’s own key wins', async () => {
    const ws = await t.newWorkspace()
    const { client, sent } = sdk({ apiKey: ws.key })

    await unwrap(client.POST('/v1/api-keys', { body: { name: 'plain', scopes: ['admin'] } }))
    await unwrap(
      client.POST('/v1/api-keys', { body: { name: 'asked', scopes: ['admin'] }, idempotent: true }),
    )
    await unwrap(
      client.POST('/v1/api-keys', {
        body: { name: 'own key', scopes: ['admin'] },
        idempotent: true,
        params: { header: { 'Idempotency-Key': 'my-own-key' } },
      }),
    )

    const keys = sent.map((s) => s.headers.get('idempotency-key'))
    expect(keys[0]).toBeNull()
    expect(keys[1]).toMatch(uuid)
    expect(keys[2]).toBe('my-own-key')
  })

  it('with idempotent: true on the client, keys every POST (fresh each call) but no GET; a call can opt out', async () => {
    const ws = await t.newWorkspace()
    const { client, sent } = sdk({ apiKey: ws.key, idempotent: true })

    await unwrap(client.POST('/v1/api-keys', { body: { name: 'one', scopes: ['admin'] } }))
    await unwrap(client.POST('/v1/api-keys', { body: { name: 'two', scopes: ['admin'] } }))
    await unwrap(
      client.POST('/v1/api-keys', { body: { name: 'three', scopes: ['admin'] }, idempotent: false }),
    )
    await unwrap(client.GET('/v1/api-keys'))

    const [one, two, three, list] = sent.map((s) => s.headers.get('idempotency-key'))
    expect(one).toMatch(uuid)
    expect(two).toMatch(uuid)
    expect(two).not.toBe(one)
    expect(three).toBeNull()
    expect(list).toBeNull()
  })

  it('generates keys without crypto.randomUUID (React Native), from getRandomValues or else Math.random', async () => {
    const keys: (string | null)[] = []
    const client = createLoopdeskClient({
      baseUrl,
      fetch: (request) => {
        keys.push(request.headers.get('idempotency-key'))
        return Response.json({}, { status: 201 })
      },
    })
    const { getRandomValues } = globalThis.crypto
    try {
      vi.stubGlobal('crypto', { getRandomValues: getRandomValues.bind(globalThis.crypto) })
      await client.POST('/v1/api-keys', { body: { name: 'a', scopes: ['admin'] }, idempotent: true })
      vi.stubGlobal('crypto', undefined)
      await client.POST('/v1/api-keys', { body: { name: 'b', scopes: ['admin'] }, idempotent: true })
    } finally {
      vi.unstubAllGlobals()
    }

    expect(keys).toEqual([expect.stringMatching(uuid), expect.stringMatching(uuid)])
    expect(keys[0]).not.toBe(keys[1])
  })

  it('makes a re-sent request replay the first answer instead of creating twice', async () => {
    const ws = await t.newWorkspace()
    // A fetch that sends every request twice, as a retry after a lost answer would.
    const client = createLoopdeskClient({
      baseUrl,
      apiKey: ws.key,
      fetch: async (request) => {
        await t.app.fetch(request.clone())
        return t.app.fetch(request)
      },
    })

    const result = await client.POST('/v1/api-keys', {
      body: { name: 'once', scopes: ['admin'] },
      idempotent: true,
    })
    const created = await unwrap(result)

    expect(result.response.status).toBe(201)
    expect(result.response.headers.get('idempotent-replayed')).toBe('true')
    const names = (await unwrap(client.GET('/v1/api-keys'))).data.map((k) => k.name)
    expect(names.filter((name) => name === 'once')).toHaveLength(1)
    expect((await unwrap(client.GET('/v1/api-keys'))).data.map((k) => k.id)).toContain(created.id)
  })
})

describe('over a real Node server', () => {
  // On a socket, a POST without a body still arrives with a (empty) body stream: that once answered 500.
  let served: Awaited<ReturnType<typeof serveTestApp>>
  const receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.end('ok'))
  })
  beforeAll(async () => {
    served = await serveTestApp(await createTestApp({ webhooksAllowInsecure: true }))
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    await served.close()
    receiver.closeAllConnections()
    await new Promise((resolve) => receiver.close(resolve))
  })

  it('rotates an API key without a body (the body is optional)', async () => {
    const ws = await t.newWorkspace()
    const client = createLoopdeskClient({ baseUrl: served.url, apiKey: ws.key })
    const created = await unwrap(
      client.POST('/v1/api-keys', { body: { name: 'rotated', scopes: ['admin'] } }),
    )

    const rotated = await unwrap(
      client.POST('/v1/api-keys/{apiKeyId}/rotate', { params: { path: { apiKeyId: created.id } } }),
    )

    expect(rotated.secret).toMatch(/^ld_/)
    expect(rotated.secret).not.toBe(created.secret)
    const withNew = createLoopdeskClient({ baseUrl: served.url, apiKey: rotated.secret })
    expect((await unwrap(withNew.GET('/v1/workspace'))).id).toBe(ws.workspaceId)
  })

  it('pings a webhook with idempotent: true (an Idempotency-Key and no body)', async () => {
    const ws = await t.newWorkspace()
    const client = createLoopdeskClient({ baseUrl: served.url, apiKey: ws.key })
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    const hook = await unwrap(client.POST('/v1/webhooks', { body: { url, events: ['*'], active: true } }))

    const result = await client.POST('/v1/webhooks/{webhookId}/ping', {
      params: { path: { webhookId: hook.id } },
      idempotent: true,
    })

    const delivery = await unwrap(result)
    expect(result.response.status).toBe(200)
    expect(delivery).toMatchObject({ webhookId: hook.id, eventType: 'webhook.ping', status: 'succeeded' })
  })
})
