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

  it('renders offline: every asset /docs references comes from this server, and is served', async () => {
    const res = await t.request('GET', '/docs')
    const references = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(references.length).toBeGreaterThanOrEqual(4)
    for (const ref of references) {
      // Same origin: a path of this server, never another host (no CDN, no web fonts).
      expect(ref, ref).toMatch(/^\/(?!\/)/)
      const asset = await t.app.request(ref)
      expect(asset.status, ref).toBe(200)
      expect((await asset.arrayBuffer()).byteLength, ref).toBeGreaterThan(0)
    }
    // The page's script reaches no other host either: the spec is ours, the validator badge is off.
    const inline = res.text.slice(res.text.lastIndexOf('<script>'))
    expect(inline).not.toMatch(/https?:\/\//)
    expect(inline).toContain('validatorUrl: null')
  })

  it('serves only the reference UI’s files from the package, nothing else of it', async () => {
    expect((await t.app.request('/docs/assets/package.json')).status).toBe(404)
    expect((await t.app.request('/docs/assets/..%2Fpackage.json')).status).toBe(404)
    expect((await t.app.request('/docs/assets/swagger-ui.css')).headers.get('content-type')).toContain(
      'text/css',
    )
  })
})
