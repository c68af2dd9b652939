import {
  backoffMs,
  createLoopdeskClient,
  isRetryable,
  type RetryOptions,
  retryAfterMs,
  unwrap,
  withRetries,
} from '@loopdesk/sdk'
import { describe, expect, it } from 'vitest'

interface Seen {
  method: string
  body: string
  idempotencyKey: string | null
}

/**
 * A fetch that answers from `script` in turn (a status, a Response, or an Error to throw) and records what each
 * attempt sent, body included, so a test can see that a retried body arrives whole every time.
 */
function fakeFetch(script: Array<number | Response | Error>) {
  const seen: Seen[] = []
  const fetch = async (request: Request) => {
    seen.push({
      method: request.method,
      body: await request.text(),
      idempotencyKey: request.headers.get('Idempotency-Key'),
    })
    const next = script[Math.min(seen.length - 1, script.length - 1)]
    if (next instanceof Error) throw next
    if (next instanceof Response) return next
    return new Response(JSON.stringify({ status: next }), { status: next ?? 200 })
  }
  return { fetch, seen }
}

/** Retry options that record each wait instead of waiting; `random` 0.5 makes the jitter predictable. */
function recorded(options: RetryOptions = {}) {
  const waits: number[] = []
  return {
    waits,
    options: {
      minDelayMs: 100,
      random: () => 0.5,
      sleep: async (ms: number) => {
        waits.push(ms)
      },
      ...options,
    } satisfies RetryOptions,
  }
}

const get = () => new Request('https://api.test/v1/contacts')
const post = (headers: Record<string, string> = {}) =>
  new Request('https://api.test/v1/contacts', { method: 'POST', body: '{"name":"Ada"}', headers })

describe('withRetries', () => {
  it('retries a GET on 503 with exponential backoff and jitter, then answers the success', async () => {
    const { fetch, seen } = fakeFetch([503, 503, 200])
    const { waits, options } = recorded()

    const response = await withRetries(fetch, options)(get())

    expect(response.status).toBe(200)
    expect(seen).toHaveLength(3)
    expect(waits).toEqual([50, 100]) // half (the jitter) of 100 ms, then of 200 ms
  })

  it('waits what Retry-After asks on 429: delay-seconds and an HTTP-date', async () => {
    // Two seconds after the next whole second: an HTTP-date has whole seconds, and a date made from now could
    // lose up to 999 ms to that (the wait came out at exactly 1 s once, when now was at .999).
    const inTwoSeconds = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2_000).toUTCString()
    const { fetch, seen } = fakeFetch([
      new Response(null, { status: 429, headers: { 'Retry-After': '3' } }),
      new Response(null, { status: 429, headers: { 'Retry-After': inTwoSeconds } }),
      200,
    ])
    const { waits, options } = recorded()

    const response = await withRetries(fetch, options)(get())

    expect(response.status).toBe(200)
    expect(seen).toHaveLength(3)
    expect(waits[0]).toBe(3_000)
    // Between 2 and 3 s from when the date was made, less the few ms the retry took to read it.
    expect(waits[1]).toBeGreaterThan(1_500)
    expect(waits[1]).toBeLessThanOrEqual(3_000)
  })

  it('answers a 429 at once when Retry-After asks for longer than maxDelayMs', async () => {
    const { fetch, seen } = fakeFetch([
      new Response(null, { status: 429, headers: { 'Retry-After': '120' } }),
    ])
    const { waits, options } = recorded({ maxDelayMs: 10_000 })

    const response = await withRetries(fetch, options)(get())

    expect(response.status).toBe(429)
    expect(seen).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('caps the backoff at maxDelayMs', async () => {
    const { fetch } = fakeFetch([503])
    const { waits, options } = recorded({ retries: 5, random: () => 0.999, maxDelayMs: 500 })

    const response = await withRetries(fetch, options)(get())

    expect(response.status).toBe(503)
    expect(waits).toEqual([99, 199, 399, 499, 499])
  })

  it('gives up after `retries` retries and answers the last response', async () => {
    const { fetch, seen } = fakeFetch([503])
    const { options } = recorded({ retries: 3 })

    const response = await withRetries(fetch, options)(get())

    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({ status: 503 })
    expect(seen).toHaveLength(4)
  })

  it('retries a network error (a TypeError), and throws it once the retries are spent', async () => {
    const down = new TypeError('fetch failed')
    const recovered = fakeFetch([down, 200])
    expect((await withRetries(recovered.fetch, recorded().options)(get())).status).toBe(200)
    expect(recovered.seen).toHaveLength(2)

    const failing = fakeFetch([down])
    await expect(withRetries(failing.fetch, recorded({ retries: 2 }).options)(get())).rejects.toBe(down)
    expect(failing.seen).toHaveLength(3)
  })

  it('does not retry other errors, nor other statuses (500, 502, 400)', async () => {
    const bug = fakeFetch([new RangeError('a bug')])
    await expect(withRetries(bug.fetch, recorded().options)(get())).rejects.toThrow('a bug')
    expect(bug.seen).toHaveLength(1)

    for (const status of [500, 502, 400, 409]) {
      const { fetch, seen } = fakeFetch([status, 200])
      expect((await withRetries(fetch, recorded().options)(get())).status).toBe(status)
      expect(seen).toHaveLength(1)
    }
  })

  it('retries a POST only with an Idempotency-Key, re-sending its body whole each time', async () => {
    const plain = fakeFetch([503, 201])
    expect((await withRetries(plain.fetch, recorded().options)(post())).status).toBe(503)
    expect(plain.seen).toHaveLength(1)

    const keyed = fakeFetch([503, 429, 201])
    const response = await withRetries(keyed.fetch, recorded().options)(post({ 'Idempotency-Key': 'k-1' }))
    expect(response.status).toBe(201)
    expect(keyed.seen).toEqual(
      Array.from({ length: 3 }, () => ({ method: 'POST', body: '{"name":"Ada"}', idempotencyKey: 'k-1' })),
    )
  })

  it('tells which requests are safe to send twice', () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']) {
      expect(isRetryable(new Request('https://api.test/', { method })), method).toBe(true)
    }
    for (const method of ['POST', 'PATCH']) {
      expect(isRetryable(new Request('https://api.test/', { method })), method).toBe(false)
      const keyed = new Request('https://api.test/', { method, headers: { 'Idempotency-Key': 'k' } })
      expect(isRetryable(keyed), `${method} with a key`).toBe(true)
    }
  })

  it('stops waiting, and sends nothing more, when the request is aborted', async () => {
    const controller = new AbortController()
    let calls = 0
    const fetch = async () => {
      calls++
      controller.abort(new Error('the caller gave up'))
      return new Response(null, { status: 503 })
    }
    // The default sleep: a 10-second backoff that the abort must cut short.
    const retrying = withRetries(fetch, { minDelayMs: 10_000, random: () => 0.99 })

    const started = Date.now()
    await expect(
      retrying(new Request('https://api.test/v1/contacts', { signal: controller.signal })),
    ).rejects.toThrow('the caller gave up')
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(calls).toBe(1)
  })

  it('is the fetch itself with retries: 0, and refuses a negative count', () => {
    const { fetch } = fakeFetch([200])
    expect(withRetries(fetch, { retries: 0 })).toBe(fetch)
    expect(() => withRetries(fetch, { retries: -1 })).toThrow(RangeError)
  })
})

describe('retryAfterMs and backoffMs', () => {
  const now = Date.parse('2026-12-04T08:00:00Z')

  it('reads delay-seconds and HTTP-dates; a past date is 0, anything else undefined', () => {
    expect(retryAfterMs('7', now)).toBe(7_000)
    expect(retryAfterMs(' 0 ', now)).toBe(0)
    expect(retryAfterMs('Fri, 04 Dec 2026 08:00:30 GMT', now)).toBe(30_000)
    expect(retryAfterMs('Fri, 04 Dec 2026 07:59:00 GMT', now)).toBe(0)
    expect(retryAfterMs('Friday, 04-Dec-26 08:01:00 GMT', now)).toBe(60_000)
    expect(retryAfterMs('Fri Dec  4 08:00:05 2026', now)).toBe(5_000)
    expect(retryAfterMs(null, now)).toBeUndefined()
    expect(retryAfterMs('soon', now)).toBeUndefined()
    expect(retryAfterMs('-5', now)).toBeUndefined()
    expect(retryAfterMs('1.5', now)).toBeUndefined()
  })

  it('draws the backoff from [0, min(max, min·2^attempt))', () => {
    const limits = { minDelayMs: 500, maxDelayMs: 30_000 }
    expect(backoffMs(0, { ...limits, random: () => 0 })).toBe(0)
    expect(backoffMs(0, { ...limits, random: () => 0.999 })).toBe(499)
    expect(backoffMs(3, { ...limits, random: () => 0.5 })).toBe(2_000)
    expect(backoffMs(20, { ...limits, random: () => 0.5 })).toBe(15_000)
  })
})

describe('createLoopdeskClient retries', () => {
  it('retries by default: a GET after a 429 answers the data', async () => {
    const { fetch, seen } = fakeFetch([
      new Response(null, { status: 429, headers: { 'Retry-After': '0' } }),
      Response.json({ id: 'ws_1' }),
    ])
    const client = createLoopdeskClient({ baseUrl: 'https://api.test', fetch })

    const workspace = await unwrap(client.GET('/v1/workspace'))

    expect(workspace).toEqual({ id: 'ws_1' })
    expect(seen).toHaveLength(2)
  })

  it('retries a POST made idempotent, with the same generated key on every attempt', async () => {
    const { fetch, seen } = fakeFetch([503, Response.json({ id: 'ct_1' }, { status: 201 })])
    const client = createLoopdeskClient({ baseUrl: 'https://api.test', fetch, retry: recorded().options })

    const result = await client.POST('/v1/contacts', { body: { name: 'Ada' }, idempotent: true })

    expect(result.response.status).toBe(201)
    expect(seen).toHaveLength(2)
    expect(seen[0]?.idempotencyKey).toBeTruthy()
    expect(seen[1]?.idempotencyKey).toBe(seen[0]?.idempotencyKey)
    expect(seen[1]?.body).toBe(JSON.stringify({ name: 'Ada' }))
  })

  it('sends once with retry: false', async () => {
    const { fetch, seen } = fakeFetch([503, 200])
    const client = createLoopdeskClient({ baseUrl: 'https://api.test', fetch, retry: false })

    const result = await client.GET('/v1/workspace')

    expect(result.response.status).toBe(503)
    expect(seen).toHaveLength(1)
  })
})
