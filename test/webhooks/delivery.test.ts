import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { and, eq } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { events, webhookDeliveries, webhooks } from '../../src/db/schema'
import type { WorkspaceId } from '../../src/ids'
import { startWorkers, type Workers } from '../../src/jobs/runtime'
import { createLogger } from '../../src/logger'
import { deliverOnce } from '../../src/webhooks/deliver'
import { createDeliveries } from '../../src/webhooks/fan-out'
import { webhooksModule } from '../../src/webhooks/worker'
import { createTestApp, type TestApp, testDatabaseUrl } from '../harness'

/**
 * Webhooks end to end, as the server runs them: a change commits its event, the dispatcher's webhook
 * listener creates the delivery and its job, the job signs and sends, retries after failures, and records
 * every attempt. The receiver is a local HTTP server (insecure URLs allowed for the test).
 */
interface Received {
  headers: IncomingHttpHeaders
  body: string
}

let t: TestApp
let workers: Workers | undefined
let receiver: Server
let url: string
const received: Received[] = []
let answers: number[] = []
let workspaceId: WorkspaceId
let key: string

beforeAll(async () => {
  t = await createTestApp({ webhooksAllowInsecure: true })
  ;({ workspaceId, key } = await t.newWorkspace())
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(answers.shift() ?? 200).end('ok')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  workers = await startWorkers({
    database: t.database,
    databaseUrl: testDatabaseUrl(),
    logger: createLogger('silent'),
    modules: [
      webhooksModule({
        secret: t.deps.secret,
        config: { webhooksAllowInsecure: true },
        // 30 s, 2 min, … become 30 ms, 120 ms, …
        delayScale: 0.001,
        pollingIntervalSeconds: 0.5,
        listenerName: `webhooks-test-${Math.random().toString(36).slice(2, 8)}`,
        accepts: (event) => event.workspaceId === workspaceId,
      }),
    ],
    pollIntervalMs: 20,
    schedule: false,
  })
  await new Promise((r) => setTimeout(r, 100)) // the listener's cursor exists: later events are its
}, 60_000)

afterAll(async () => {
  await workers?.stop({ timeoutMs: 2000 })
  await new Promise((resolve) => receiver.close(resolve))
})

async function waitFor<T>(check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('webhook delivery through the workers', () => {
  it('delivers a committed change, signed with the secret the API returned, retrying until it succeeds', async () => {
    answers = [500, 500, 500, 200]
    const created = await t.request('POST', '/v1/webhooks', {
      key,
      body: { url, events: ['contact.created'] },
    })
    expect(created.status).toBe(201)
    const contact = await t.request('POST', '/v1/contacts', { key, body: { email: 'ada@example.test' } })
    expect(contact.status).toBe(201)

    await waitFor(() => (received.length >= 4 ? true : undefined))
    expect(received).toHaveLength(4)
    // One delivery: the same webhook-id and the same bytes on every attempt.
    const ids = new Set(received.map((r) => r.headers['webhook-id']))
    expect(ids.size).toBe(1)
    expect(new Set(received.map((r) => r.body)).size).toBe(1)
    const last = received[3]!
    const payload = new Webhook(created.body.secret).verify(last.body, {
      'webhook-id': String(last.headers['webhook-id']),
      'webhook-timestamp': String(last.headers['webhook-timestamp']),
      'webhook-signature': String(last.headers['webhook-signature']),
    }) as { type: string; data: { contact: { id: string } } }
    expect(payload.type).toBe('contact.created')
    expect(payload.data.contact.id).toBe(contact.body.id)

    // The receiver sees the fourth request before the worker records its answer: wait for the record.
    let deliveries = await t.request('GET', `/v1/webhooks/${created.body.id}/deliveries`, { key })
    const deadline = Date.now() + 10_000
    while (deliveries.body.data?.[0]?.status === 'pending' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50))
      deliveries = await t.request('GET', `/v1/webhooks/${created.body.id}/deliveries`, { key })
    }
    expect(deliveries.status).toBe(200)
    expect(deliveries.body.data).toHaveLength(1)
    expect(deliveries.body.data[0]).toMatchObject({ status: 'succeeded', attempts: 4, lastStatusCode: 200 })
  }, 60_000)

  it('sends nothing for a rolled-back change and nothing for events the endpoint did not ask for', async () => {
    received.length = 0
    answers = []
    const team = await t.request('POST', '/v1/teams', { key, body: { name: 'Not subscribed' } })
    expect(team.status).toBe(201)
    const duplicate = await t.request('POST', '/v1/contacts', { key, body: { email: 'ada@example.test' } })
    expect(duplicate.status).toBe(409) // rolled back: no contact.created
    await new Promise((r) => setTimeout(r, 1500))
    expect(received).toEqual([])
  }, 30_000)

  it('a slow endpoint does not hold up deliveries of the same event to another', async () => {
    const slowArrived: number[] = []
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    const slow = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        slowArrived.push(Date.now())
        void released.then(() => res.writeHead(200).end('late'))
      })
    })
    const fastArrived: number[] = []
    const fast = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        fastArrived.push(Date.now())
        res.writeHead(200).end('ok')
      })
    })
    const listen = async (server: Server) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
    }
    try {
      for (const hookUrl of [await listen(slow), await listen(fast)]) {
        const hook = await t.request('POST', '/v1/webhooks', {
          key,
          body: { url: hookUrl, events: ['team.created'] },
        })
        expect(hook.status).toBe(201)
      }
      expect((await t.request('POST', '/v1/teams', { key, body: { name: 'Fan-out' } })).status).toBe(201)
      // The slow endpoint has the request and has not answered; the fast one gets its copy meanwhile.
      await waitFor(() => (slowArrived.length === 1 && fastArrived.length === 1 ? true : undefined))
      expect(fastArrived).toHaveLength(1)
    } finally {
      release()
      slow.closeAllConnections()
      fast.closeAllConnections()
      await Promise.all([slow, fast].map((server) => new Promise((resolve) => server.close(resolve))))
    }
  }, 30_000)
})

describe('a failed attempt and the schedule of the next one', () => {
  it('commit together: a failing enqueue rolls the attempt record back (the job is retried whole)', async () => {
    // A workspace of its own: the workers of this file take only the other workspace's events.
    const other = await t.newWorkspace()
    const hook = await t.request('POST', '/v1/webhooks', {
      key: other.key,
      body: { url, events: ['contact.created'] },
    })
    expect(hook.status).toBe(201)
    await t.request('POST', '/v1/contacts', { key: other.key, body: { email: 'grace@example.test' } })
    const [event] = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, other.workspaceId), eq(events.type, 'contact.created')))
    const [delivery] = await createDeliveries(t.database.db, event!)
    const deps = { db: t.database.db, secret: t.deps.secret, config: { webhooksAllowInsecure: true } }
    const record = async () => {
      const [row] = await t.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, delivery!.id))
      const [endpoint] = await t.database.db.select().from(webhooks).where(eq(webhooks.id, hook.body.id))
      return { attempts: row!.attempts, status: row!.status, failures: endpoint!.consecutiveFailures }
    }

    answers = [500]
    await expect(
      deliverOnce(deps, delivery!.id, {
        scheduleRetry: async () => {
          throw new Error('the queue is down')
        },
      }),
    ).rejects.toThrow('the queue is down')
    expect(await record()).toEqual({ attempts: 0, status: 'pending', failures: 0 })

    answers = [500]
    const scheduled: number[] = []
    const outcome = await deliverOnce(deps, delivery!.id, {
      scheduleRetry: async (_tx, delayMs) => {
        scheduled.push(delayMs)
      },
    })
    expect(outcome.retry).toBe(true)
    expect(scheduled).toHaveLength(1)
    expect(scheduled[0]).toBeGreaterThan(0)
    expect(await record()).toEqual({ attempts: 1, status: 'pending', failures: 1 })
  }, 30_000)
})
