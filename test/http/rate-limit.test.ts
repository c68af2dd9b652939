import { describe, expect, it } from 'vitest'
import { MemoryRateLimiter } from '../../src/http/rate-limit'
import { createTestApp, serveTestApp } from '../harness'

describe('rate limiting', () => {
  it('sends RateLimit-* headers and answers 429 with Retry-After past the limit, per credential', async () => {
    const t = await createTestApp({ rateLimit: { limit: 3, windowSeconds: 60 } })
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      const res = await t.request('GET', '/v1/workspace', { key: a.key })
      statuses.push(res.status)
      expect(res.headers.get('ratelimit-limit')).toBe('3')
      expect(res.headers.get('ratelimit-remaining')).toBe(String(2 - i))
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0)
    }
    expect(statuses).toEqual([200, 200, 200])
    const limited = await t.request('GET', '/v1/workspace', { key: a.key })
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe('rate_limited')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(limited.headers.get('ratelimit-remaining')).toBe('0')
    // Another credential has its own budget.
    expect((await t.request('GET', '/v1/workspace', { key: b.key })).status).toBe(200)
  })

  it('limits anonymous calls per address', async () => {
    const t = await createTestApp({ rateLimit: { limit: 2, windowSeconds: 60 } })
    const body = { name: 'x', owner: { email: 'a@b.test' } }
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await t.request('POST', '/v1/workspaces', { body })).status)
    expect(statuses).toEqual([403, 403, 429])
  })

  it('counts a refused credential against its address: the 401 has the headers, past the limit a 429', async () => {
    const t = await createTestApp({ rateLimit: { limit: 2, windowSeconds: 60 } })
    const ws = await t.newWorkspace()
    const from = (ip: string) => ({ 'cf-connecting-ip': ip })
    const first = await t.request('GET', '/v1/workspace', { key: 'ld_guessed', headers: from('10.9.9.9') })
    expect(first.status).toBe(401)
    expect(first.headers.get('www-authenticate')).toBe('Bearer realm="loopdesk"')
    expect(first.headers.get('ratelimit-limit')).toBe('2')
    expect(first.headers.get('ratelimit-remaining')).toBe('1')
    const second = await t.request('GET', '/v1/workspace', { headers: from('10.9.9.9') })
    expect(second.status).toBe(401)
    expect(second.headers.get('ratelimit-remaining')).toBe('0')
    const third = await t.request('GET', '/v1/workspace', { key: 'ld_guessed', headers: from('10.9.9.9') })
    expect(third.status).toBe(429)
    expect(third.body.code).toBe('rate_limited')
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another address, and a valid credential from the same one, have their own budgets.
    expect((await t.request('GET', '/v1/workspace', { headers: from('10.9.9.8') })).status).toBe(401)
    expect((await t.request('GET', '/v1/workspace', { key: ws.key, headers: from('10.9.9.9') })).status).toBe(
      200,
    )
  })

  it('puts the request id and RateLimit-* headers on the socket’s answer once each, over a real Node server', async () => {
    // On Node they go onto the socket's response (src/http/request.ts setResponseHeaders), not the Response.
    const t = await createTestApp({ rateLimit: { limit: 2, windowSeconds: 60 } })
    const ws = await t.newWorkspace()
    const served = await serveTestApp(t)
    try {
      const get = (path: string, headers: Record<string, string>) =>
        fetch(`${served.url}${path}`, { headers: { 'x-request-id': 'sock-1', ...headers } })
      const ok = await get('/v1/workspace', { authorization: `Bearer ${ws.key}` })
      const text = await ok.text()
      expect(ok.status, text).toBe(200)
      expect(JSON.parse(text)).toMatchObject({ id: ws.workspaceId })
      expect(Number(ok.headers.get('content-length'))).toBe(Buffer.byteLength(text))
      expect(ok.headers.get('content-type')).toMatch(/^application\/json/)
      expect(ok.headers.get('etag')).toMatch(/^"/)
      expect(ok.headers.get('x-request-id')).toBe('sock-1')
      expect(ok.headers.get('ratelimit-limit')).toBe('2')
      expect(ok.headers.get('ratelimit-remaining')).toBe('1')
      // A refused credential: its 401 counted against the address, with the headers.
      const refused = await get('/v1/workspace', { authorization: 'Bearer ld_guessed' })
      expect(refused.status).toBe(401)
      expect(await refused.json()).toMatchObject({ code: 'unauthorized', requestId: 'sock-1' })
      expect(refused.headers.get('x-request-id')).toBe('sock-1')
      expect(refused.headers.get('ratelimit-limit')).toBe('2')
      expect(refused.headers.get('ratelimit-remaining')).toBe('1')
      // Past the limit: the 429's own headers and ours, each once.
      await get('/v1/workspace', { authorization: `Bearer ${ws.key}` }).then((r) => r.text())
      const limited = await get('/v1/workspace', { authorization: `Bearer ${ws.key}` })
      expect(limited.status).toBe(429)
      expect(await limited.json()).toMatchObject({ code: 'rate_limited' })
      expect(limited.headers.get('ratelimit-remaining')).toBe('0')
      expect(limited.headers.get('ratelimit-limit')).toBe('2')
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(limited.headers.get('x-request-id')).toBe('sock-1')
      // Outside /v1: only the request id.
      const health = await get('/healthz', {})
      expect(health.status).toBe(200)
      await health.text()
      expect(health.headers.get('x-request-id')).toBe('sock-1')
      expect(health.headers.get('ratelimit-limit')).toBeNull()
    } finally {
      await served.close()
    }
  })

  it('resets the count when the window turns', () => {
    let now = 1_000_000
    const limiter = new MemoryRateLimiter(2, 10, () => now)
    expect(limiter.hit('k').allowed).toBe(true)
    expect(limiter.hit('k').allowed).toBe(true)
    const third = limiter.hit('k')
    expect(third.allowed).toBe(false)
    expect(third.resetSeconds).toBe(10)
    now += 10_000
    expect(limiter.hit('k')).toMatchObject({ allowed: true, remaining: 1 })
  })
})
