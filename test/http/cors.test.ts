import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config'
import { createTestApp } from '../harness'

describe('CORS', () => {
  it('answers a preflight from an allowed origin without credentials, and refuses other origins', async () => {
    const t = await createTestApp({ corsOrigins: ['https://app.example.test'] })
    const preflight = await t.request('OPTIONS', '/v1/api-keys', {
      headers: {
        origin: 'https://app.example.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.test')
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key')

    const stranger = await t.request('OPTIONS', '/v1/api-keys', {
      headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'POST' },
    })
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('lets the allowed origin read ETag, request id and rate-limit headers', async () => {
    const t = await createTestApp({ corsOrigins: ['https://app.example.test'] })
    const ws = await t.newWorkspace()
    const res = await t.request('GET', '/v1/workspace', {
      key: ws.key,
      headers: { origin: 'https://app.example.test' },
    })
    expect(res.status).toBe(200)
    const exposed = res.headers.get('access-control-expose-headers')?.toLowerCase() ?? ''
    for (const name of ['etag', 'x-request-id', 'ratelimit-remaining']) expect(exposed).toContain(name)
  })

  it('sends no CORS headers unless configured', async () => {
    const t = await createTestApp()
    const ws = await t.newWorkspace()
    const res = await t.request('GET', '/v1/workspace', {
      key: ws.key,
      headers: { origin: 'https://app.example.test' },
    })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('reads LOOPDESK_CORS_ORIGINS and refuses a malformed one', () => {
    expect(
      loadConfig({ LOOPDESK_CORS_ORIGINS: 'https://a.test, http://localhost:5173' }).corsOrigins,
    ).toEqual(['https://a.test', 'http://localhost:5173'])
    expect(loadConfig({}).corsOrigins).toEqual([])
    expect(() => loadConfig({ LOOPDESK_CORS_ORIGINS: 'a.test/path' })).toThrow(/LOOPDESK_CORS_ORIGINS/)
  })
})
