import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifyWebhook, WebhookVerificationError } from '@loopdesk/sdk'
import { and, eq } from 'drizzle-orm'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { events, webhookDeliveries, webhooks } from '../../src/db/schema'
import { type Id, idToUuid, type WorkspaceId } from '../../src/ids'
import {
  type DeliveryDeps,
  deliverOnce,
  RESPONSE_BODY_LIMIT,
  RETRY_DELAYS_MS,
} from '../../src/webhooks/deliver'
import { createDeliveries, webhookWants } from '../../src/webhooks/fan-out'
import { signedHeaders } from '../../src/webhooks/signing'
import { checkWebhookUrl, refusedAddressReason } from '../../src/webhooks/ssrf'
import { createTestApp, type TestApp } from '../harness'

/** A local receiver: answers from a queue of replies (default 200) and records every request. */
interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: string
}
type Reply = { status: number; body?: string; headers?: Record<string, string>; hang?: boolean }

let t: TestApp
/** The same database with LOOPDESK_WEBHOOKS_ALLOW_INSECURE off: production's URL policy. */
let strict: TestApp
let server: Server
let base: string
const received: Received[] = []
const replies: Reply[] = []

beforeAll(async () => {
  t = await createTestApp({ webhooksAllowInsecure: true })
  strict = await createTestApp()
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body })
      const reply = replies.shift() ?? { status: 200, body: 'ok' }
      if (reply.hang) return
      res.writeHead(reply.status, reply.headers)
      res.end(reply.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const deps = (overrides: Partial<DeliveryDeps> = {}): DeliveryDeps => ({
  db: t.database.db,
  secret: t.deps.secret,
  config: { webhooksAllowInsecure: true },
  ...overrides,
})

/** Requests to one receiver path (each test uses its own). */
const at = (path: string) => received.filter((r) => r.path === path)
let paths = 0
const newPath = () => `/hook/${++paths}`

async function newWebhook(key: string, body: Record<string, unknown> = {}) {
  const path = newPath()
  const res = await t.request('POST', '/v1/webhooks', {
    key,
    body: { url: `${base}${path}`, events: ['*'], ...body },
  })
  expect(res.status).toBe(201)
  return { ...res.body, path } as { id: Id<'wh'>; secret: string; path: string; url: string }
}

/** Create a contact through the API and fan its `contact.created` event out. */
async function fanOutContact(ws: { workspaceId: WorkspaceId; key: string }) {
  const contact = await t.request('POST', '/v1/contacts', {
    key: ws.key,
    body: { email: `c-${Math.random().toString(36).slice(2)}@example.test` },
  })
  expect(contact.status).toBe(201)
  const [event] = await t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, ws.workspaceId), eq(events.resourceId, contact.body.id)))
  return { event: event!, deliveries: await createDeliveries(t.database.db, event!) }
}

const eventsOf = (workspaceId: string, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId as WorkspaceId), eq(events.resourceId, resourceId)))
    .orderBy(events.occurredAt, events.id)

describe('createWebhook', () => {
  it('answers 201 with the secret once; reads never show it, the database holds it sealed', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('POST', '/v1/webhooks', {
      key: ws.key,
      body: { url: `${base}/x`, events: ['contact.*', 'organization.created'], description: 'CRM' },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      url: `${base}/x`,
      events: ['contact.*', 'organization.created'],
      description: 'CRM',
      teamIds: [],
      inboxIds: [],
      active: true,
      consecutiveFailures: 0,
      disabledAt: null,
      previousSecretExpiresAt: null,
    })
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(res.body.secret.slice(6), 'base64')).toHaveLength(32)
    expect(res.headers.get('location')).toBe(`/v1/webhooks/${res.body.id}`)
    expect(res.headers.get('etag')).toBe('"1"')

    const got = await t.request('GET', `/v1/webhooks/${res.body.id}`, { key: ws.key })
    expect(got.status).toBe(200)
    expect(got.body).not.toHaveProperty('secret')
    const list = await t.request('GET', '/v1/webhooks', { key: ws.key })
    expect(list.body.data.map((w: { id: string }) => w.id)).toEqual([res.body.id])
    expect(list.text).not.toContain(res.body.secret.slice(6))

    const [row] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, res.body.id))
    expect(JSON.stringify(row)).not.toContain(res.body.secret.slice(6))
    const emitted = await eventsOf(ws.workspaceId, res.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['webhook.created'])
    expect(JSON.stringify(emitted)).not.toContain(res.body.secret.slice(6))
  })

  it('validates events against the catalogue, and the body (400)', async () => {
    const ws = await t.newWorkspace()
    const unknown = await t.request('POST', '/v1/webhooks', {
      key: ws.key,
      body: { url: `${base}/x`, events: ['contact.created', 'nothing.created', 'bogus.*'] },
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.events.1',
      'body.events.2',
    ])
    for (const body of [
      { url: `${base}/x`, events: [] },
      { url: 'not a url', events: ['*'] },
      { url: `${base}/x`, events: ['Contact Created'] },
      { url: `${base}/x` },
      { url: `${base}/x`, events: ['*'], secret: 'whsec_mine' },
      { url: `${base}/x`, events: ['*'], teamIds: ['nope'] },
    ]) {
      const res = await t.request('POST', '/v1/webhooks', { key: ws.key, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.code).toBe('validation_failed')
    }
    const team = await t.request('POST', '/v1/webhooks', {
      key: ws.key,
      body: { url: `${base}/x`, events: ['*'], teamIds: ['team_01jh2x3y4z5a6b7c8d9e0f1g2h'] },
    })
    expect(team.status).toBe(404)
    expect(team.body.errors[0].path).toBe('body.teamIds.0')
  })

  it('needs credentials, webhooks.manage, the webhooks scope and an unlimited key', async () => {
    const ws = await t.newWorkspace()
    const body = { url: `${base}/x`, events: ['*'] }
    expect((await t.request('POST', '/v1/webhooks', { body })).status).toBe(401)
    expect((await t.request('GET', '/v1/webhooks')).status).toBe(401)

    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const denied = await t.request('POST', '/v1/webhooks', { key: agent.key, body })
    expect(denied.status).toBe(403)
    expect(denied.body).toMatchObject({ code: 'forbidden', missingPermission: 'webhooks.manage' })
    const agentList = await t.request('GET', '/v1/webhooks', { key: agent.key })
    expect(agentList.status).toBe(403)

    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['webhooks:read'],
    })
    const scoped = await t.request('POST', '/v1/webhooks', { key: reader.key, body })
    expect(scoped.status).toBe(403)
    expect(scoped.body).toMatchObject({ code: 'forbidden', missingScope: 'webhooks:write' })
    expect((await t.request('GET', '/v1/webhooks', { key: reader.key })).status).toBe(200)
    const other = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:write'],
    })
    const noScope = await t.request('GET', '/v1/webhooks', { key: other.key })
    expect(noScope.status).toBe(403)
    expect(noScope.body).toMatchObject({ missingScope: 'webhooks:read' })

    const team = await t.newTeam(ws.workspaceId)
    const limited = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      teamIds: [team.id],
      keyTeamIds: [team.id],
    })
    expect((await t.request('POST', '/v1/webhooks', { key: limited.key, body })).status).toBe(403)
    expect((await t.request('GET', '/v1/webhooks', { key: limited.key })).status).toBe(403)
  })
})

describe('getWebhook, updateWebhook, deleteWebhook', () => {
  it('updates with If-Match, emits webhook.updated, re-checks the URL', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const stale = await t.request('PATCH', `/v1/webhooks/${hook.id}`, {
      key: ws.key,
      body: { description: 'x' },
      headers: { 'if-match': '"7"' },
    })
    expect(stale.status).toBe(412)
    const res = await t.request('PATCH', `/v1/webhooks/${hook.id}`, {
      key: ws.key,
      body: { events: ['contact.created'], active: false, description: 'paused' },
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ events: ['contact.created'], active: false, description: 'paused' })
    expect(res.headers.get('etag')).toBe('"2"')
    const updated = (await eventsOf(ws.workspaceId, hook.id)).find((e) => e.type === 'webhook.updated')
    expect(updated?.data).toMatchObject({ previous: { events: ['*'], active: true, description: null } })

    const refused = await strict.request('PATCH', `/v1/webhooks/${hook.id}`, {
      key: ws.key,
      body: { url: 'https://127.0.0.1/hook' },
    })
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('webhook_url_not_allowed')
    expect((await t.request('PATCH', `/v1/webhooks/${hook.id}`, { key: ws.key, body: {} })).status).toBe(400)
  })

  it("answers 404 for another workspace's webhook and after deletion; 304 on If-None-Match", async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    for (const [method, path] of [
      ['GET', `/v1/webhooks/${hook.id}`],
      ['PATCH', `/v1/webhooks/${hook.id}`],
      ['DELETE', `/v1/webhooks/${hook.id}`],
      ['POST', `/v1/webhooks/${hook.id}/rotate-secret`],
      ['POST', `/v1/webhooks/${hook.id}/ping`],
      ['GET', `/v1/webhooks/${hook.id}/deliveries`],
    ] as const) {
      const res = await t.request(method, path, {
        key: other.key,
        body: method === 'PATCH' ? { active: false } : undefined,
      })
      expect(res.status, `${method} ${path}`).toBe(404)
    }
    expect(received.filter((r) => r.path === hook.path)).toHaveLength(0)
    const notModified = await t.request('GET', `/v1/webhooks/${hook.id}`, {
      key: ws.key,
      headers: { 'if-none-match': '"1"' },
    })
    expect(notModified.status).toBe(304)
    expect((await t.request('GET', '/v1/webhooks/wh_bad', { key: ws.key })).status).toBe(400)

    const deleted = await t.request('DELETE', `/v1/webhooks/${hook.id}`, { key: ws.key })
    expect(deleted.status).toBe(204)
    expect((await t.request('GET', `/v1/webhooks/${hook.id}`, { key: ws.key })).status).toBe(404)
    expect((await eventsOf(ws.workspaceId, hook.id)).map((e) => e.type)).toContain('webhook.deleted')
  })

  it('refuses changes to a role without webhooks.manage (403)', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    // webhooks.manage is also what reading needs: without it the webhook is invisible.
    expect((await t.request('GET', `/v1/webhooks/${hook.id}`, { key: agent.key })).status).toBe(403)
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['webhooks:read'],
    })
    expect((await t.request('GET', `/v1/webhooks/${hook.id}`, { key: reader.key })).status).toBe(200)
    const patch = await t.request('PATCH', `/v1/webhooks/${hook.id}`, {
      key: reader.key,
      body: { active: false },
    })
    expect(patch.status).toBe(403)
    expect(patch.body.missingScope).toBe('webhooks:write')
    const ping = await t.request('POST', `/v1/webhooks/${hook.id}/ping`, { key: reader.key })
    expect(ping.status).toBe(403)
  })
})

describe('URL policy (SSRF guard)', () => {
  it.each([
    ['http://example.com/hook', 'http URLs are not allowed'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://192.168.0.10/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'metadata'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[::ffff:127.0.0.1]/hook', 'IPv4-mapped'],
    ['https://[fd00:ec2::254]/hook', 'metadata'],
    ['https://100.64.0.1/hook', 'carrier-grade NAT'],
    ['https://localhost/hook', 'loopback'],
    ['https://user:pw@example.com/hook', 'credentials'],
  ])('refuses %s with 422 webhook_url_not_allowed', async (url, reason) => {
    const ws = await strict.newWorkspace()
    const res = await strict.request('POST', '/v1/webhooks', { key: ws.key, body: { url, events: ['*'] } })
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('webhook_url_not_allowed')
    expect(res.body.detail).toContain(reason)
    expect(res.body.errors[0].path).toBe('body.url')
  })

  it('classifies addresses with ipaddr.js ranges', () => {
    expect(refusedAddressReason('8.8.8.8')).toBeNull()
    expect(refusedAddressReason('2606:4700:4700::1111')).toBeNull()
    for (const address of ['0.0.0.0', '::', '224.0.0.1', 'ff02::1', 'fe80::1', '172.16.0.1', 'fc00::1']) {
      expect(refusedAddressReason(address), address).not.toBeNull()
    }
  })

  it('refuses a host when any address it resolves to is refused, and connects to the checked one', async () => {
    const policy = (addresses: string[]) => ({ allowInsecure: false, resolve: async () => addresses })
    await expect(
      checkWebhookUrl('https://mixed.example/', policy(['93.184.216.34', '10.0.0.1'])),
    ).rejects.toThrow(/10\.0\.0\.1, which is a private/)
    const ok = await checkWebhookUrl('https://public.example/', policy(['93.184.216.34']))
    expect(ok).toMatchObject({ address: '93.184.216.34', family: 4 })
    await expect(checkWebhookUrl('https://none.example/', policy([]))).rejects.toThrow(/does not resolve/)
  })

  it('checks again at delivery: a URL allowed then refused now is not requested', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const { deliveries } = await fanOutContact(ws)
    expect(deliveries).toHaveLength(1)
    const outcome = await deliverOnce(deps({ config: { webhooksAllowInsecure: false } }), deliveries[0]!.id)
    expect(outcome.delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null })
    expect(outcome.delivery?.lastError).toMatch(/URL not allowed: http URLs are not allowed/)
    expect(outcome.retry).toBe(true)
    expect(at(hook.path)).toHaveLength(0)
  })

  it('connects to the address it checked, not to a second DNS answer', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const port = new URL(base).port
    // A name no DNS knows: the request can only reach the receiver through the pinned, checked address.
    await t.database.db
      .update(webhooks)
      .set({ url: `http://pinned.invalid:${port}${hook.path}` })
      .where(eq(webhooks.id, hook.id))
    const { deliveries } = await fanOutContact(ws)
    const outcome = await deliverOnce(deps({ resolve: async () => ['127.0.0.1'] }), deliveries[0]!.id)
    expect(outcome.delivery).toMatchObject({ status: 'succeeded', lastStatusCode: 200 })
    expect(at(hook.path)[0]?.headers.host).toBe(`pinned.invalid:${port}`)
  })

  it('follows no redirect: a 3xx is a failed attempt', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const { deliveries } = await fanOutContact(ws)
    replies.push({ status: 302, headers: { location: `${base}/elsewhere` } })
    const outcome = await deliverOnce(deps(), deliveries[0]!.id)
    expect(outcome.delivery).toMatchObject({ status: 'pending', lastStatusCode: 302 })
    expect(at(hook.path)).toHaveLength(1)
    expect(at('/elsewhere')).toHaveLength(0)
  })
})

describe('signing', () => {
  it('signs with the secret the API returned (Standard Webhooks), webhook-id = delivery id', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const { event, deliveries } = await fanOutContact(ws)
    const outcome = await deliverOnce(deps(), deliveries[0]!.id)
    expect(outcome).toMatchObject({
      retry: false,
      delivery: { status: 'succeeded', attempts: 1, lastStatusCode: 200 },
    })
    const [request] = at(hook.path)
    expect(request!.headers['webhook-id']).toBe(deliveries[0]!.id)
    expect(request!.headers['content-type']).toBe('application/json')
    const verified = new StandardWebhook(hook.secret).verify(
      request!.body,
      request!.headers as Record<string, string>,
    )
    expect(verified).toEqual({
      id: event.id,
      type: 'contact.created',
      workspaceId: ws.workspaceId,
      occurredAt: event.occurredAt.toISOString(),
      actor: { type: 'api_key', id: ws.apiKeyId },
      data: event.data,
    })
    // The SDK helper accepts what the server signs, and refuses anything else.
    const headers = request!.headers as Record<string, string>
    await expect(verifyWebhook(hook.secret, headers, request!.body)).resolves.toMatchObject({ id: event.id })
    await expect(verifyWebhook(hook.secret, headers, `${request!.body} `)).rejects.toMatchObject({
      reason: 'no_matching_signature',
    })
    const wrong = `whsec_${Buffer.alloc(32, 1).toString('base64')}`
    await expect(verifyWebhook(wrong, headers, request!.body)).rejects.toBeInstanceOf(
      WebhookVerificationError,
    )
    await expect(
      verifyWebhook(hook.secret, headers, request!.body, { now: new Date(Date.now() + 6 * 60_000) }),
    ).rejects.toMatchObject({ reason: 'timestamp_out_of_tolerance' })
    await expect(verifyWebhook(hook.secret, {}, request!.body)).rejects.toMatchObject({
      reason: 'missing_headers',
    })
  })

  it('matches the standardwebhooks reference signature exactly', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`
    const timestamp = new Date(1_700_000_000_000)
    const ours = signedHeaders([secret], 'msg_1', '{"a":1}', 1_700_000_000)
    expect(ours['webhook-signature']).toBe(new StandardWebhook(secret).sign('msg_1', timestamp, '{"a":1}'))
  })

  it('rotate-secret: the new secret shown once, both secrets sign for 24 h', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const rotated = await t.request('POST', `/v1/webhooks/${hook.id}/rotate-secret`, {
      key: ws.key,
      headers: { 'if-match': '"1"' },
    })
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).toMatch(/^whsec_/)
    expect(rotated.body.secret).not.toBe(hook.secret)
    const window = Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()
    expect(window).toBeGreaterThan(23.9 * 3_600_000)
    expect(window).toBeLessThanOrEqual(24 * 3_600_000)
    const emitted = await eventsOf(ws.workspaceId, hook.id)
    expect(emitted.map((e) => e.type)).toContain('webhook.secret_rotated')
    expect(JSON.stringify(emitted)).not.toContain(rotated.body.secret.slice(6))

    const ping = await t.request('POST', `/v1/webhooks/${hook.id}/ping`, { key: ws.key })
    expect(ping.status).toBe(200)
    const [request] = at(hook.path)
    const headers = request!.headers as Record<string, string>
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2)
    for (const secret of [hook.secret, rotated.body.secret]) {
      expect(() => new StandardWebhook(secret).verify(request!.body, headers)).not.toThrow()
      await expect(verifyWebhook(secret, headers, request!.body)).resolves.toMatchObject({
        type: 'webhook.ping',
      })
    }
    expect(
      (
        await t.request('POST', `/v1/webhooks/${hook.id}/rotate-secret`, {
          key: ws.key,
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(412)
  })
})

describe('delivery', () => {
  it('500 three times then 200: four attempts logged, same webhook-id, success recorded', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const { deliveries } = await fanOutContact(ws)
    const id = deliveries[0]!.id
    replies.push({ status: 500, body: 'boom' }, { status: 500 }, { status: 503 })
    const delays: number[] = []
    for (let i = 0; i < 3; i++) {
      const outcome = await deliverOnce(deps({ random: () => 0.5 }), id)
      expect(outcome.retry).toBe(true)
      delays.push(outcome.delayMs!)
      expect(outcome.delivery?.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now())
    }
    expect(delays).toEqual(RETRY_DELAYS_MS.slice(0, 3))
    const [mid] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, hook.id))
    expect(mid?.consecutiveFailures).toBe(3)
    const last = await deliverOnce(deps(), id)
    expect(last).toMatchObject({
      retry: false,
      delivery: { status: 'succeeded', attempts: 4, lastStatusCode: 200 },
    })
    const requests = at(hook.path)
    expect(requests).toHaveLength(4)
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([id]))
    expect(new Set(requests.map((r) => r.body)).size).toBe(1)
    const [after] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, hook.id))
    expect(after?.consecutiveFailures).toBe(0)
    // A scheduled attempt of a delivery that succeeded sends nothing (a job run twice).
    expect((await deliverOnce(deps(), id)).retry).toBe(false)
    expect(at(hook.path)).toHaveLength(4)

    const log = await t.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { key: ws.key })
    expect(log.body.data[0]).toMatchObject({ id, status: 'succeeded', attempts: 4, lastStatusCode: 200 })
    expect(log.body.data[0].lastDurationMs).toBeGreaterThanOrEqual(0)
  })

  it('gives up after the ~3-day schedule', async () => {
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)
    expect(total / 86_400_000).toBeGreaterThan(2.5)
    expect(total / 86_400_000).toBeLessThan(3.5)
    const ws = await t.newWorkspace()
    await newWebhook(ws.key)
    const { deliveries } = await fanOutContact(ws)
    await t.database.db
      .update(webhookDeliveries)
      .set({ attempts: RETRY_DELAYS_MS.length })
      .where(eq(webhookDeliveries.id, deliveries[0]!.id))
    replies.push({ status: 500 })
    const outcome = await deliverOnce(deps(), deliveries[0]!.id)
    expect(outcome).toMatchObject({
      retry: false,
      delivery: { status: 'failed', attempts: RETRY_DELAYS_MS.length + 1 },
    })
  })

  it('410 Gone disables the endpoint and emits webhook.disabled', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const { deliveries } = await fanOutContact(ws)
    const second = await fanOutContact(ws)
    replies.push({ status: 410 })
    const outcome = await deliverOnce(deps(), deliveries[0]!.id)
    expect(outcome).toMatchObject({ retry: false, delivery: { status: 'failed', lastStatusCode: 410 } })
    const got = await t.request('GET', `/v1/webhooks/${hook.id}`, { key: ws.key })
    expect(got.body).toMatchObject({ active: false, disabledReason: 'gone' })
    expect(got.body.disabledAt).not.toBeNull()
    const disabled = (await eventsOf(ws.workspaceId, hook.id)).filter((e) => e.type === 'webhook.disabled')
    expect(disabled).toHaveLength(1)
    expect(disabled[0]).toMatchObject({ actorType: 'system', data: { reason: 'gone', lastStatusCode: 410 } })
    // Pending deliveries of a disabled endpoint fail without a request; new events fan out to nothing.
    const skipped = await deliverOnce(deps(), second.deliveries[0]!.id)
    expect(skipped).toMatchObject({ retry: false, delivery: { status: 'failed', attempts: 0 } })
    expect(at(hook.path)).toHaveLength(1)
    expect((await fanOutContact(ws)).deliveries).toHaveLength(0)
    // Switching it back on clears the disabled state.
    const on = await t.request('PATCH', `/v1/webhooks/${hook.id}`, { key: ws.key, body: { active: true } })
    expect(on.body).toMatchObject({
      active: true,
      disabledAt: null,
      disabledReason: null,
      consecutiveFailures: 0,
    })
  })

  it('the 20th failure in a row disables the endpoint and emits webhook.disabled once', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    await t.database.db.update(webhooks).set({ consecutiveFailures: 18 }).where(eq(webhooks.id, hook.id))
    const { deliveries } = await fanOutContact(ws)
    replies.push({ status: 500 })
    expect((await deliverOnce(deps(), deliveries[0]!.id)).retry).toBe(true)
    replies.push({ status: 502 })
    const outcome = await deliverOnce(deps(), deliveries[0]!.id)
    expect(outcome).toMatchObject({ retry: false, delivery: { status: 'failed', lastStatusCode: 502 } })
    const [row] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, hook.id))
    expect(row).toMatchObject({ active: false, disabledReason: 'failures', consecutiveFailures: 20 })
    const disabled = (await eventsOf(ws.workspaceId, hook.id)).filter((e) => e.type === 'webhook.disabled')
    expect(disabled).toHaveLength(1)
    expect(disabled[0]?.data).toMatchObject({ reason: 'failures', consecutiveFailures: 20 })
  })

  it('records a timeout and keeps only 2 KiB of the answer', async () => {
    const ws = await t.newWorkspace()
    await newWebhook(ws.key)
    const { deliveries } = await fanOutContact(ws)
    replies.push({ status: 200, hang: true })
    const timedOut = await deliverOnce(deps({ timeoutMs: 200 }), deliveries[0]!.id)
    expect(timedOut.delivery).toMatchObject({ status: 'pending', lastStatusCode: null })
    expect(timedOut.delivery?.lastError).toMatch(/timed out after 200 ms/)
    replies.push({ status: 200, body: 'x'.repeat(10_000) })
    const big = await deliverOnce(deps(), deliveries[0]!.id)
    expect(big.delivery?.lastResponseBody).toHaveLength(RESPONSE_BODY_LIMIT)
  })
})

describe('fan-out (createDeliveries)', () => {
  it('one delivery per matching active webhook, once per event', async () => {
    const ws = await t.newWorkspace()
    const all = await newWebhook(ws.key)
    const contacts = await newWebhook(ws.key, { events: ['contact.*'] })
    await newWebhook(ws.key, { events: ['organization.*'] })
    await newWebhook(ws.key, { events: ['contact.created'], active: false })
    const { event, deliveries } = await fanOutContact(ws)
    expect(deliveries.map((d) => d.webhookId).sort()).toEqual([all.id, contacts.id].sort())
    const again = await createDeliveries(t.database.db, event)
    expect(again.map((d) => d.id).sort()).toEqual(deliveries.map((d) => d.id).sort())
    const rows = await t.database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, event.id))
    expect(rows).toHaveLength(2)
  })

  it('an endpoint created after an event occurred does not get it, even if the event is not yet dispatched', async () => {
    const ws = await t.newWorkspace()
    const before = await newWebhook(ws.key)
    const contact = await t.request('POST', '/v1/contacts', {
      key: ws.key,
      body: { email: `late-${Math.random().toString(36).slice(2)}@example.test` },
    })
    expect(contact.status).toBe(201)
    const later = await newWebhook(ws.key)
    const [event] = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, ws.workspaceId), eq(events.resourceId, contact.body.id)))
    const deliveries = await createDeliveries(t.database.db, event!)
    expect(deliveries.map((d) => d.webhookId)).toEqual([before.id])
    expect(later.id).not.toBe(before.id)
  })

  it('a new endpoint does not get its own webhook.created; one created before it does', async () => {
    const ws = await t.newWorkspace()
    const first = await newWebhook(ws.key)
    const second = await newWebhook(ws.key)
    const created = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, ws.workspaceId), eq(events.type, 'webhook.created')))
    const own = created.find((e) => e.resourceId === second.id)!
    expect(own).toBeDefined()
    // Same transaction, same millisecond: the event is no later than the endpoint, yet not after it.
    const [row] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, second.id))
    expect(own.occurredAt.getTime()).toBe(row!.createdAt.getTime())
    const deliveries = await createDeliveries(t.database.db, own)
    expect(deliveries.map((d) => d.webhookId)).toEqual([first.id])
    const firstOwn = created.find((e) => e.resourceId === first.id)!
    expect(await createDeliveries(t.database.db, firstOwn)).toEqual([])
  })

  it('team and inbox filters apply to events that name a team or inbox', () => {
    const team = 'team_01jh2x3y4z5a6b7c8d9e0f1g2h'
    const hook = { events: ['*'], teamIds: [idToUuid(team)], inboxIds: [] as string[] }
    expect(webhookWants(hook, { type: 'ticket.created', data: { ticket: { teamId: team } } })).toBe(true)
    expect(
      webhookWants(hook, {
        type: 'ticket.created',
        data: { ticket: { teamId: 'team_01jh2x3y4z5a6b7c8d9e0f1g2j' } },
      }),
    ).toBe(false)
    expect(webhookWants(hook, { type: 'contact.created', data: { contact: { id: 'ct_1' } } })).toBe(true)
    expect(webhookWants({ ...hook, events: ['ticket.*'] }, { type: 'contact.created', data: {} })).toBe(false)
  })
})

describe('ping, redeliver and the delivery log', () => {
  it('ping sends webhook.ping synchronously and answers its delivery', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    replies.push({ status: 204 })
    const res = await t.request('POST', `/v1/webhooks/${hook.id}/ping`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      webhookId: hook.id,
      eventId: null,
      eventType: 'webhook.ping',
      status: 'succeeded',
      attempts: 1,
      lastStatusCode: 204,
    })
    const [request] = at(hook.path)
    expect(request!.headers['webhook-id']).toBe(res.body.id)
    const event = new StandardWebhook(hook.secret).verify(
      request!.body,
      request!.headers as Record<string, string>,
    )
    expect(event).toMatchObject({ type: 'webhook.ping', data: { webhook: { id: hook.id } } })
    replies.push({ status: 500, body: 'down' })
    const failed = await t.request('POST', `/v1/webhooks/${hook.id}/ping`, { key: ws.key })
    expect(failed.body).toMatchObject({
      status: 'failed',
      lastStatusCode: 500,
      lastResponseBody: 'down',
      nextAttemptAt: null,
    })
  })

  it('redeliver sends again with the same webhook-id; another webhook’s delivery is 404', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const other = await newWebhook(ws.key)
    const { deliveries } = await fanOutContact(ws)
    const mine = deliveries.find((d) => d.webhookId === hook.id)!
    await deliverOnce(deps(), mine.id)
    const res = await t.request('POST', `/v1/webhooks/${hook.id}/deliveries/${mine.id}/redeliver`, {
      key: ws.key,
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: mine.id, status: 'succeeded', attempts: 2 })
    expect(at(hook.path).map((r) => r.headers['webhook-id'])).toEqual([mine.id, mine.id])
    const wrong = await t.request('POST', `/v1/webhooks/${other.id}/deliveries/${mine.id}/redeliver`, {
      key: ws.key,
    })
    expect(wrong.status).toBe(404)
    const malformed = await t.request('POST', `/v1/webhooks/${hook.id}/deliveries/evt_x/redeliver`, {
      key: ws.key,
    })
    expect(malformed.status).toBe(400)
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const denied = await t.request('POST', `/v1/webhooks/${hook.id}/deliveries/${mine.id}/redeliver`, {
      key: agent.key,
    })
    expect(denied.status).toBe(403)
  })

  it('pages the delivery log newest first, with a status filter', async () => {
    const ws = await t.newWorkspace()
    const hook = await newWebhook(ws.key)
    const ids: string[] = []
    replies.push({ status: 200 }, { status: 500 }, { status: 200 })
    for (let i = 0; i < 3; i++) {
      ids.push((await t.request('POST', `/v1/webhooks/${hook.id}/ping`, { key: ws.key })).body.id)
    }
    const first = await t.request('GET', `/v1/webhooks/${hook.id}/deliveries?limit=2`, { key: ws.key })
    expect(first.body.data.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]])
    expect(first.body.nextCursor).toEqual(expect.any(String))
    const second = await t.request(
      'GET',
      `/v1/webhooks/${hook.id}/deliveries?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { key: ws.key },
    )
    expect(second.body).toEqual({ data: [expect.objectContaining({ id: ids[0] })], nextCursor: null })
    const failed = await t.request('GET', `/v1/webhooks/${hook.id}/deliveries?status=failed`, { key: ws.key })
    expect(failed.body.data.map((d: { id: string }) => d.id)).toEqual([ids[1]])
    const bad = await t.request('GET', `/v1/webhooks/${hook.id}/deliveries?cursor=nope`, { key: ws.key })
    expect(bad.status).toBe(400)
  })
})
