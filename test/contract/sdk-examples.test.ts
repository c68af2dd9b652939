// The SDK's examples (sdk/examples/) run against the in-process app, each with a client from the harness, so
// an example that no longer works with the API fails CI.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { unwrap, type WebhookEvent } from '@loopdesk/sdk'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rotateStaleKeys } from '../../sdk/examples/automation'
import { type CrmPerson, syncContacts } from '../../sdk/examples/crm-sync'
import { registerWebhook, webhookReceiver } from '../../sdk/examples/webhook-receiver'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ webhooksAllowInsecure: true })
})

describe('examples/crm-sync', () => {
  it('upserts CRM people by externalId, then reads their changes from the feed on the next run', async () => {
    const ws = await t.newWorkspace()
    const client = t.client(ws.key)
    const people: CrmPerson[] = [
      { crmId: 'crm-1', email: 'ada@example.com', name: 'Ada', plan: 'enterprise' },
      { crmId: 'crm-2', email: 'grace@example.com', name: 'Grace' },
    ]

    const first = await syncContacts(client, people)
    expect(first.created).toHaveLength(2)
    expect(first.updated).toEqual([])
    expect(first.changes).toEqual([])

    // The same run again updates in place: the upsert is keyed by the CRM id.
    const renamed = people.map((p) => ({ ...p, name: `${p.name} L.` }))
    const second = await syncContacts(client, renamed, first.cursor)
    expect(second.created).toEqual([])
    expect(second.updated.sort()).toEqual([...first.created].sort())
    const contact = await unwrap(
      client.GET('/v1/contacts/{contactId}', { params: { path: { contactId: first.created[0]! } } }),
    )
    expect(contact).toMatchObject({ externalId: 'crm-1', name: 'Ada L.', attributes: { plan: 'enterprise' } })

    // The feed serves a transaction's events once no older one is still open: poll, as a sync job would.
    const seen = [...second.changes]
    let cursor = second.cursor
    for (let i = 0; i < 100 && seen.length < 4; i++) {
      const next = await syncContacts(client, [], cursor)
      seen.push(...next.changes)
      cursor = next.cursor
      if (seen.length < 4) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(seen.map((e) => e.type)).toEqual([
      'contact.created',
      'contact.created',
      'contact.updated',
      'contact.updated',
    ])
    expect(new Set(seen.map((e) => e.resource.id))).toEqual(new Set(first.created))
  })
})

describe('examples/webhook-receiver', () => {
  let server: Server
  let url: string
  const received: WebhookEvent[] = []
  let secret: string
  let webhookId: string
  let handler: (request: Request) => Promise<Response>

  beforeAll(async () => {
    // The app delivers over HTTP, so the receiver is served on a socket, as in production.
    server = serve({
      fetch: (request) => handler(request),
      port: 0,
      hostname: '127.0.0.1',
    }) as Server
    await new Promise<void>((resolve) => server.once('listening', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/loopdesk`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('registers a webhook and verifies a delivery signed by the API', async () => {
    const ws = await t.newWorkspace()
    const client = t.client(ws.key)
    ;({ id: webhookId, secret } = await registerWebhook(client, url))
    handler = webhookReceiver(secret, (event) => {
      received.push(event)
    })

    const delivery = await unwrap(
      client.POST('/v1/webhooks/{webhookId}/ping', { params: { path: { webhookId } } }),
    )

    expect(delivery).toMatchObject({ eventType: 'webhook.ping', status: 'succeeded', lastStatusCode: 204 })
    expect(received.map((e) => e.type)).toEqual(['webhook.ping'])
    expect(received[0]?.workspaceId).toBe(ws.workspaceId)
  })

  it('refuses a forged delivery with 401 and handles a redelivered id once', async () => {
    const payload = JSON.stringify({ id: 'evt_x', type: 'webhook.ping', data: {} })
    const signed = (key: string, id: string) => {
      const now = new Date()
      return new Request(url, {
        method: 'POST',
        body: payload,
        headers: {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': new Webhook(key).sign(id, now, payload),
        },
      })
    }
    const before = received.length
    const forger = `whsec_${Buffer.from('not the secret, not at all').toString('base64')}`

    const forged = await handler(signed(forger, 'msg_forged'))
    expect(forged.status).toBe(401)
    expect(await forged.text()).toBe('no_matching_signature')

    expect((await handler(signed(secret, 'msg_1'))).status).toBe(204)
    expect((await handler(signed(secret, 'msg_1'))).status).toBe(204)
    expect(received.length - before).toBe(1)
  })
})

describe('examples/automation', () => {
  it('rotates the keys older than the cutoff; a re-run the same day replays instead of rotating again', async () => {
    const ws = await t.newWorkspace()
    const client = t.client(ws.key)
    const made = await unwrap(client.POST('/v1/api-keys', { body: { name: 'CRM sync', scopes: ['admin'] } }))
    const later = new Date(Date.now() + 31 * 24 * 60 * 60 * 1000)

    expect(await rotateStaleKeys(client, { olderThanDays: 30 })).toEqual([])
    const rotated = await rotateStaleKeys(client, { olderThanDays: 30, now: later })

    expect(rotated.map((k) => k.id).sort()).toEqual([ws.apiKeyId, made.id].sort())
    for (const key of rotated) {
      expect(key.secret).toMatch(/^ld_/)
      expect((await unwrap(t.client(key.secret).GET('/v1/workspace'))).id).toBe(ws.workspaceId)
    }
    // Within the grace period the previous secret still works, and the same day's run is a replay.
    expect(await rotateStaleKeys(client, { olderThanDays: 30, now: later })).toEqual(rotated)
  })
})
