import { beforeAll, describe, expect, it } from 'vitest'
import spec from '../../generated/openapi.json'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

describe('getHealth', () => {
  it('answers ok without credentials or database', async () => {
    const res = await t.request('GET', '/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
  })
})

describe('getReadiness', () => {
  it('answers ok with the driver when the database answers', async () => {
    const res = await t.request('GET', '/readyz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok', database: t.database.driver })
  })

  it('answers 503 not_ready when the database does not', async () => {
    const down = await createTestApp()
    down.deps.database = {
      ...down.deps.database,
      db: new Proxy(down.deps.database.db, {
        get: (target, prop) =>
          prop === 'execute'
            ? () => Promise.reject(new Error('connection refused'))
            : Reflect.get(target, prop),
      }),
    }
    const res = await down.request('GET', '/readyz')
    expect(res.status).toBe(503)
    expect(res.body.code).toBe('not_ready')
  })
})

describe('API description', () => {
  it('serves the bundled spec at /openapi.json', async () => {
    const res = await t.request('GET', '/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body).toEqual(spec)
  })

  it('serves the interactive reference at /docs', async () => {
    const res = await t.request('GET', '/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.text).toContain('/openapi.json')
  })
})
