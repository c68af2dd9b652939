import { describe, expect, it } from 'vitest'
import { createTestApp } from '../harness'

describe('NUL characters', () => {
  it('answers 400 for a NUL in a body string or key, which PostgreSQL cannot store, and stores nothing', async () => {
    const t = await createTestApp()
    const ws = await t.newWorkspace()
    for (const rawBody of ['{"name":"a\\u0000b"}', '{"name":"ok","\\u0000":1}']) {
      const res = await t.request('POST', '/v1/api-keys', {
        key: ws.key,
        rawBody,
        headers: { 'content-type': 'application/json' },
      })
      expect(res.status, rawBody).toBe(400)
      expect(res.body.code).toBe('validation_failed')
    }
    const escapedBackslash = await t.request('PATCH', '/v1/workspace', {
      key: ws.key,
      rawBody: '{"name":"back\\\\u0000slash"}',
      headers: { 'content-type': 'application/json' },
    })
    expect(escapedBackslash.status).toBe(200)
    expect(escapedBackslash.body.name).toBe('back\\u0000slash')
    const list = await t.request('GET', '/v1/api-keys', { key: ws.key })
    expect(list.body.data).toHaveLength(1)
  })
})
