import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

describe('getWorkspace', () => {
  it('answers the caller workspace with an ETag', async () => {
    const ws = await t.newWorkspace('Acme')
    const res = await t.request('GET', '/v1/workspace', { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: ws.workspaceId, name: 'Acme', timezone: 'UTC' })
    expect(res.headers.get('etag')).toBe('"1"')
  })
})
