import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { operations } from '../../generated/operations'
import { createSession } from '../../src/auth/sessions'
import { auditEntries, events } from '../../src/db/schema'
import type { WorkspaceId } from '../../src/ids'
import { createTestApp, newContact, randomClientIp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

interface Profile {
  id: string
  name: string
  environment: 'production' | 'development'
  allowedOrigins: string[]
  publishableKey: string
  createdAt: string
  updatedAt: string
}

const site = 'https://www.widget-site.test'
const create = (key: string, body: Record<string, unknown>) =>
  t.request<Profile & { code?: string; errors?: unknown[] }>('POST', '/v1/widget-profiles', { key, body })

async function newProfile(key: string, body: Record<string, unknown> = {}) {
  const res = await create(key, {
    name: 'Site',
    allowedOrigins: [site, 'https://*.shop.widget-site.test'],
    ...body,
  })
  expect(res.status).toBe(201)
  return res.body
}

const eventsOf = (workspaceId: WorkspaceId, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
    .orderBy(asc(events.occurredAt), asc(events.id))

/** Every operation of the area, with the path of `id` and a valid body. */
const operationsOf = (id: string) =>
  [
    ['GET', '/v1/widget-profiles', undefined],
    ['POST', '/v1/widget-profiles', { name: 'x' }],
    ['GET', `/v1/widget-profiles/${id}`, undefined],
    ['PATCH', `/v1/widget-profiles/${id}`, { name: 'y' }],
    ['DELETE', `/v1/widget-profiles/${id}`, undefined],
    ['POST', `/v1/widget-profiles/${id}/rotate-key`, undefined],
  ] as const

describe('createWidgetProfile', () => {
  it('answers 201 with a publishable key, an ETag and its URL; stores origins in lower case; emits and audits', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, {
      name: 'Marketing site',
      allowedOrigins: [
        'https://WWW.Widget-Site.test',
        'https://www.widget-site.test',
        'https://*.widget-site.test',
      ],
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      name: 'Marketing site',
      environment: 'production',
      allowedOrigins: ['https://www.widget-site.test', 'https://*.widget-site.test'],
    })
    expect(res.body.id).toMatch(/^wp_/)
    expect(res.body.publishableKey).toMatch(/^wpk_[A-Za-z0-9_-]{32}$/)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/widget-profiles/${res.body.id}`)
    const [event] = await eventsOf(ws.workspaceId, res.body.id)
    expect(event).toMatchObject({ type: 'widget_profile.created' })
    expect(event!.data).toEqual({
      widgetProfile: {
        id: res.body.id,
        name: 'Marketing site',
        environment: 'production',
        allowedOrigins: ['https://www.widget-site.test', 'https://*.widget-site.test'],
      },
    })
    const audited = await t.database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.workspaceId, ws.workspaceId), eq(auditEntries.resourceId, res.body.id)))
    expect(audited.map((a) => a.type)).toEqual(['widget_profile.created'])
  })

  it('takes http origins on a development profile only (422 insecure_origin naming the origin)', async () => {
    const ws = await t.newWorkspace()
    const dev = await create(ws.key, {
      name: 'Local',
      environment: 'development',
      allowedOrigins: ['http://localhost:3000'],
    })
    expect(dev.status).toBe(201)
    const prod = await create(ws.key, { name: 'Prod', allowedOrigins: [site, 'http://localhost:3000'] })
    expect(prod.status).toBe(422)
    expect(prod.body).toMatchObject({
      code: 'insecure_origin',
      errors: [{ path: 'body.allowedOrigins.1', code: 'insecure_origin' }],
    })
  })

  it('refuses a wildcard over a top-level domain (422 origin_pattern_too_broad)', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, { name: 'Broad', allowedOrigins: ['https://*.com'] })
    expect(res.status).toBe(422)
    expect(res.body).toMatchObject({ code: 'origin_pattern_too_broad' })
  })

  it.each([
    ['a path', 'https://www.widget-site.test/widget'],
    ['no scheme', 'www.widget-site.test'],
    ['another scheme', 'ftp://www.widget-site.test'],
    ['a wildcard inside', 'https://www.*.widget-site.test'],
    ['a bare star', '*'],
  ])('refuses an origin with %s (400 naming it)', async (_, origin) => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, { name: 'Bad', allowedOrigins: [origin] })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(JSON.stringify(res.body.errors)).toContain('body.allowedOrigins.0')
  })

  it('refuses an empty name, an unknown environment and unknown fields with 400', async () => {
    const ws = await t.newWorkspace()
    for (const body of [
      { name: '' },
      { name: 'x', environment: 'staging' },
      { name: 'x', identity: 'hmac' },
    ]) {
      const res = await create(ws.key, body)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('validation_failed')
    }
  })
})

describe('getWidgetProfile and listWidgetProfiles', () => {
  it('answers the profile with its key and an ETag, and 304 while it is current', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    const res = await t.request('GET', `/v1/widget-profiles/${p.id}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toEqual(p)
    const again = await t.request('GET', `/v1/widget-profiles/${p.id}`, {
      key: ws.key,
      headers: { 'if-none-match': res.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
  })

  it('lists newest first, by name, in pages; never another workspace’s profiles', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    await newProfile(other.key, { name: 'Foreign' })
    const b = await newProfile(ws.key, { name: 'Beta' })
    const a = await newProfile(ws.key, { name: 'Alpha' })
    const newest = await t.request('GET', '/v1/widget-profiles?limit=1', { key: ws.key })
    expect(newest.body.data.map((p: Profile) => p.id)).toEqual([a.id])
    const next = await t.request('GET', `/v1/widget-profiles?limit=1&cursor=${newest.body.nextCursor}`, {
      key: ws.key,
    })
    expect(next.body.data.map((p: Profile) => p.id)).toEqual([b.id])
    expect(next.body.nextCursor).toBeNull()
    const byName = await t.request('GET', '/v1/widget-profiles?sort=-name', { key: ws.key })
    expect(byName.body.data.map((p: Profile) => p.name)).toEqual(['Beta', 'Alpha'])
  })

  it('answers 404 for another workspace’s profile, exactly as for a missing one', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const foreign = await newProfile(other.key)
    const res = await t.request('GET', `/v1/widget-profiles/${foreign.id}`, { key: ws.key })
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('not_found')
    for (const [method, path, body] of operationsOf(foreign.id).slice(3)) {
      const write = await t.request(method, path, { key: ws.key, body })
      expect(write.status, `${method} ${path}`).toBe(404)
    }
    expect((await t.request('GET', `/v1/widget-profiles/${foreign.id}`, { key: other.key })).status).toBe(200)
  })
})

describe('updateWidgetProfile', () => {
  it('changes fields, bumps the ETag, emits widget_profile.updated with previous values; a no-op changes nothing', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    const res = await t.request('PATCH', `/v1/widget-profiles/${p.id}`, {
      key: ws.key,
      body: { name: 'Renamed', allowedOrigins: ['https://app.widget-site.test'] },
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'Renamed', allowedOrigins: ['https://app.widget-site.test'] })
    expect(res.body.publishableKey).toBe(p.publishableKey)
    expect(res.headers.get('etag')).toBe('"2"')
    const noop = await t.request('PATCH', `/v1/widget-profiles/${p.id}`, {
      key: ws.key,
      body: { name: 'Renamed' },
    })
    expect(noop.headers.get('etag')).toBe('"2"')
    const updates = (await eventsOf(ws.workspaceId, p.id)).filter((e) => e.type === 'widget_profile.updated')
    expect(updates).toHaveLength(1)
    expect(updates[0]!.data).toMatchObject({
      previous: { name: 'Site', allowedOrigins: [site, 'https://*.shop.widget-site.test'] },
    })
  })

  it('refuses a stale If-Match with 412, and production with an http origin kept (422 insecure_origin)', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key, {
      environment: 'development',
      allowedOrigins: ['http://localhost:5173'],
    })
    const stale = await t.request('PATCH', `/v1/widget-profiles/${p.id}`, {
      key: ws.key,
      body: { name: 'x' },
      headers: { 'if-match': '"7"' },
    })
    expect(stale.status).toBe(412)
    const prod = await t.request('PATCH', `/v1/widget-profiles/${p.id}`, {
      key: ws.key,
      body: { environment: 'production' },
    })
    expect(prod.status).toBe(422)
    expect(prod.body).toMatchObject({ code: 'insecure_origin', errors: [{ path: 'body.environment' }] })
    const empty = await t.request('PATCH', `/v1/widget-profiles/${p.id}`, { key: ws.key, body: {} })
    expect(empty.status).toBe(400)
  })
})

describe('deleteWidgetProfile and rotateWidgetProfileKey', () => {
  it('rotates the key: the former one stops working at once, the new one works; emits key_rotated', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    expect((await t.request('GET', '/v1/widget-profiles', { key: p.publishableKey })).status).toBe(403)
    const res = await t.request('POST', `/v1/widget-profiles/${p.id}/rotate-key`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body.publishableKey).not.toBe(p.publishableKey)
    expect(res.headers.get('etag')).toBe('"2"')
    const old = await t.request('GET', '/v1/widget-profiles', { key: p.publishableKey })
    expect(old.status).toBe(401)
    expect((await t.request('GET', '/v1/widget-profiles', { key: res.body.publishableKey })).status).toBe(403)
    const types = (await eventsOf(ws.workspaceId, p.id)).map((e) => e.type)
    expect(types).toEqual(['widget_profile.created', 'widget_profile.key_rotated'])
    expect(JSON.stringify((await eventsOf(ws.workspaceId, p.id)).map((e) => e.data))).not.toContain('wpk_')
  })

  it('deletes the profile (204, then 404); its key stops working; emits widget_profile.deleted', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    expect((await t.request('GET', '/v1/widget-profiles', { key: p.publishableKey })).status).toBe(403)
    const stale = await t.request('DELETE', `/v1/widget-profiles/${p.id}`, {
      key: ws.key,
      headers: { 'if-match': '"9"' },
    })
    expect(stale.status).toBe(412)
    expect((await t.request('DELETE', `/v1/widget-profiles/${p.id}`, { key: ws.key })).status).toBe(204)
    expect((await t.request('GET', `/v1/widget-profiles/${p.id}`, { key: ws.key })).status).toBe(404)
    expect((await t.request('GET', '/v1/widget-profiles', { key: p.publishableKey })).status).toBe(401)
    const types = (await eventsOf(ws.workspaceId, p.id)).map((e) => e.type)
    expect(types).toEqual(['widget_profile.created', 'widget_profile.deleted'])
  })
})

describe('security of every widget-profile operation', () => {
  it('refuses no credentials with 401', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    for (const [method, path, body] of operationsOf(p.id)) {
      expect((await t.request(method, path, { body })).status, `${method} ${path}`).toBe(401)
    }
  })

  it('refuses the publishable key itself with 403: a visitor manages nothing', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    for (const [method, path, body] of operationsOf(p.id)) {
      const res = await t.request(method, path, { key: p.publishableKey, body })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.code).toBe('forbidden')
      expect(res.body.detail).toMatch(/anonymous visitor/)
    }
  })

  it('refuses a contact’s portal session with 403', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    const contact = await newContact(ws.workspaceId)
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, contactId: contact.id },
      { ip: null, userAgent: null },
    )
    for (const [method, path, body] of operationsOf(p.id)) {
      const res = await t.request(method, path, { key: session.token, body })
      expect(res.status, `${method} ${path}`).toBe(403)
    }
  })

  it.each(['viewer', 'agent', 'supervisor'] as const)(
    'refuses a %s with 403 naming widget.manage',
    async (role) => {
      const ws = await t.newWorkspace()
      const p = await newProfile(ws.key)
      const member = await t.newMember(ws.workspaceId, { roles: [{ role }] })
      for (const [method, path, body] of operationsOf(p.id)) {
        const res = await t.request(method, path, { key: member.key, body })
        expect(res.status, `${method} ${path}`).toBe(403)
        expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'widget.manage' })
      }
    },
  )

  it('refuses a key without the widget scopes (403 naming widget:read or widget:write); widget:read reads', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    const none = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['contacts:read'] })
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['widget:read'] })
    for (const [method, path, body] of operationsOf(p.id)) {
      const res = await t.request(method, path, { key: none.key, body })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.missingScope).toMatch(method === 'GET' ? /^widget:read$/ : /^widget:(read|write)$/)
      const read = await t.request(method, path, { key: reader.key, body })
      if (method === 'GET') expect(read.status).toBe(200)
      else expect(read.body).toMatchObject({ code: 'forbidden', missingScope: 'widget:write' })
    }
  })

  it('lets an admin manage profiles', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    expect((await create(admin.key, { name: 'By admin' })).status).toBe(201)
  })
})

describe('the visitor (publishable key)', () => {
  // What the public may read (feedback.polar grants visitors these; test/areas/feedback.test.ts holds what they show).
  const publicReads = new Set([
    '/v1/boards',
    '/v1/posts',
    '/v1/posts/similar',
    '/v1/post-statuses',
    '/v1/tags',
    '/v1/search',
    // Published content of audience public (help-center.polar, changelog.polar, roadmaps.polar).
    '/v1/help-center/articles',
    '/v1/help-center/categories',
    '/v1/changelog',
    '/v1/changelog/categories',
    '/v1/roadmaps',
    // The public feed's URL (a visitor has no personal feed): a link, no content.
    '/v1/changelog/feed-link',
    // The portal's navigation, resolved for the caller: a visitor gets the tabs whose content it can see.
    '/v1/portal/navigation',
  ])

  it('gets a problem (403, 404, or 422 session_required) on every staff list, never data', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    const lists = Object.values(operations).filter(
      (op) =>
        op.method === 'get' &&
        !op.path.includes('{') &&
        (op.security as unknown[]).length > 0 &&
        op.path.startsWith('/v1/') &&
        !publicReads.has(op.path),
    )
    expect(lists.length).toBeGreaterThan(10)
    for (const op of lists) {
      const res = await t.request('GET', op.path, { key: p.publishableKey })
      // A list with a required query parameter (`/v1/views/counts?ids=`) refuses its absence first: still no data.
      const missingQuery =
        res.status === 400 && res.body.errors?.every((e: { path: string }) => e.path.startsWith('query.'))
      if (missingQuery) continue
      expect([403, 404, 422], `GET ${op.path} answered ${res.status}`).toContain(res.status)
      expect(res.body.code, op.path).not.toBeUndefined()
    }
  })

  it('shares the endpoints with a contact’s portal session (the signed-in visitor); the policy tells them apart', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    const contact = await newContact(ws.workspaceId)
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, contactId: contact.id },
      { ip: null, userAgent: null },
    )
    for (const path of ['/v1/widget-profiles', '/v1/webhooks']) {
      // Both credentials are accepted (never 401) and reach the same operation's policy.
      const anonymous = await t.request('GET', path, { key: p.publishableKey, headers: { origin: site } })
      const signedIn = await t.request('GET', path, { key: session.token })
      expect(anonymous.status, path).toBe(403)
      expect(anonymous.body.detail).toMatch(/anonymous visitor/)
      expect(signedIn.status, path).toBe(403)
      expect(signedIn.body.detail).toMatch(/A contact may not/)
    }
    // Where a rule grants contacts something (their own record), the signed-in visitor gets it; the anonymous
    // one, whom no rule names, does not.
    const own = await t.request('GET', '/v1/contacts', { key: session.token })
    expect(own.status).toBe(200)
    expect(own.body.data.map((c: { id: string }) => c.id)).toEqual([contact.id])
    expect((await t.request('GET', '/v1/contacts', { key: p.publishableKey })).status).toBe(403)
  })

  it('is never replayed a staff answer: a visitor’s Idempotency-Key is scoped to its profile and address', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    const key = `idem-${Math.random().toString(36).slice(2)}`
    const body = { name: 'Replayed?' }
    const staff = await t.request('POST', '/v1/widget-profiles', {
      key: ws.key,
      body,
      headers: { 'idempotency-key': key },
    })
    expect(staff.status).toBe(201)
    const visitor = await t.request('POST', '/v1/widget-profiles', {
      key: p.publishableKey,
      body,
      headers: { 'idempotency-key': key },
    })
    expect(visitor.status).toBe(403)
    expect(visitor.headers.get('idempotent-replayed')).toBeNull()
    expect(visitor.text).not.toContain(staff.body.publishableKey)
  })

  it('is rate-limited per address and profile, not per key: one abuser leaves the key usable', async () => {
    const limited = await createTestApp({ rateLimit: { limit: 3, windowSeconds: 60 } })
    const ws = await limited.newWorkspace()
    const created = await limited.request('POST', '/v1/widget-profiles', { key: ws.key, body: { name: 'x' } })
    const key = created.body.publishableKey as string
    const abuser = randomClientIp()
    const call = (ip: string) =>
      limited.request('GET', '/v1/widget-profiles', { key, headers: { 'cf-connecting-ip': ip } })
    for (let i = 0; i < 3; i++) expect((await call(abuser)).status).toBe(403)
    const refused = await call(abuser)
    expect(refused.status).toBe(429)
    const someoneElse = await call(randomClientIp())
    expect(someoneElse.status).toBe(403)
    expect(someoneElse.headers.get('ratelimit-remaining')).toBe('2')
  })
})

describe('origins and CORS with a publishable key', () => {
  const call = (key: string, origin?: string) =>
    t.request('GET', '/v1/widget-profiles', { key, headers: origin ? { origin } : {} })

  it('serves an allowed origin with CORS headers for it (Vary: Origin), exact or by subdomain wildcard', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    for (const origin of [site, 'https://a.shop.widget-site.test', 'https://b.a.shop.widget-site.test']) {
      const res = await call(p.publishableKey, origin)
      // Served (the policy then refuses a visitor this staff list: 403 forbidden, not origin_not_allowed).
      expect(res.body.code, origin).toBe('forbidden')
      expect(res.headers.get('access-control-allow-origin')).toBe(origin)
      expect(res.headers.get('vary')).toContain('Origin')
      expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('ratelimit-remaining')
      expect(res.headers.get('access-control-allow-credentials')).toBeNull()
    }
  })

  it.each([
    ['another site', 'https://evil.widget-site.test'],
    ['the wildcard’s own domain', 'https://shop.widget-site.test'],
    ['http instead of https', 'http://www.widget-site.test'],
    ['another port', 'https://www.widget-site.test:8443'],
    ['a lookalike suffix', 'https://www.widget-site.test.evil.test'],
    ['the null origin', 'null'],
  ])('refuses %s with 403 origin_not_allowed and no CORS headers', async (_, origin) => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key)
    const res = await call(p.publishableKey, origin)
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('origin_not_allowed')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('serves a request without Origin (an app, a script): the key is public, the list guards browsers', async () => {
    const ws = await t.newWorkspace()
    const p = await newProfile(ws.key, { allowedOrigins: [] })
    const res = await call(p.publishableKey)
    expect(res.body.code).toBe('forbidden')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect((await call(p.publishableKey, site)).body.code).toBe('origin_not_allowed')
  })

  it('answers a preflight from a profile’s origin before authentication, and none from other origins', async () => {
    const ws = await t.newWorkspace()
    const unique = `https://pf-${Math.random().toString(36).slice(2)}.widget-site.test`
    const wildcard = `https://*.wild-${Math.random().toString(36).slice(2)}.widget-site.test`
    await newProfile(ws.key, { allowedOrigins: [unique, wildcard] })
    const preflight = (origin: string) =>
      t.request('OPTIONS', '/v1/widget-profiles', {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      })
    for (const origin of [unique, wildcard.replace('*', 'app')]) {
      const res = await preflight(origin)
      expect(res.status, origin).toBe(204)
      expect(res.headers.get('access-control-allow-origin')).toBe(origin)
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
      expect(res.headers.get('vary')).toContain('Origin')
    }
    const stranger = await preflight('https://stranger.nowhere.invalid')
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('leaves staff credentials to the configured CORS policy', async () => {
    const configured = await createTestApp({ corsOrigins: ['https://admin.widget-site.test'] })
    const ws = await configured.newWorkspace()
    const created = await configured.request('POST', '/v1/widget-profiles', {
      key: ws.key,
      body: { name: 'x', allowedOrigins: [site] },
    })
    const key = created.body.publishableKey as string
    // The configured origin is no profile origin: a publishable key from it is refused, without CORS headers.
    const fromAdmin = await configured.request('GET', '/v1/widget-profiles', {
      key,
      headers: { origin: 'https://admin.widget-site.test' },
    })
    expect(fromAdmin.body.code).toBe('origin_not_allowed')
    expect(fromAdmin.headers.get('access-control-allow-origin')).toBeNull()
    const staff = await configured.request('GET', '/v1/widget-profiles', {
      key: ws.key,
      headers: { origin: 'https://admin.widget-site.test' },
    })
    expect(staff.status).toBe(200)
    expect(staff.headers.get('access-control-allow-origin')).toBe('https://admin.widget-site.test')
  })
})
