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

describe('text that is not Unicode', () => {
  it('answers 400 for a lone surrogate in a string or key (a key once answered 500), and stores nothing', async () => {
    const t = await createTestApp()
    const ws = await t.newWorkspace()
    for (const [rawBody, path] of [
      ['{"name":"a\\ud800b"}', 'body.name'],
      ['{"name":"ok","attributes":{"k\\udfff":"v"}}', 'body.k\udfff'],
    ] as const) {
      const res = await t.request('POST', '/v1/contacts', {
        key: ws.key,
        rawBody,
        headers: { 'content-type': 'application/json' },
      })
      expect(res.status, rawBody).toBe(400)
      expect(res.body.code).toBe('validation_failed')
      expect(res.body.errors[0].path).toBe(path)
    }
    // A pair of surrogates is one character, and is kept as sent.
    const emoji = await t.request('POST', '/v1/contacts', {
      key: ws.key,
      rawBody: '{"name":"Ada \\ud83d\\ude00","attributes":{"\\ud83d\\ude00":1}}',
      headers: { 'content-type': 'application/json' },
    })
    expect(emoji.status).toBe(201)
    expect(emoji.body).toMatchObject({ name: 'Ada 😀', attributes: { '😀': 1 } })
    const list = await t.request('GET', '/v1/contacts', { key: ws.key })
    expect(list.body.data).toHaveLength(1)
  })

  it('answers 400 malformed_json for bytes that are not UTF-8, rather than storing U+FFFD', async () => {
    const t = await createTestApp()
    const ws = await t.newWorkspace()
    const res = await t.request('POST', '/v1/contacts', {
      key: ws.key,
      rawBody: Buffer.from('{"name":"Caf\xe9"}', 'latin1'),
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('malformed_json')
    expect((await t.request('GET', '/v1/contacts', { key: ws.key })).body.data).toEqual([])
  })
})
