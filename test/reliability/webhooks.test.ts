import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/context/actor'
import type { Database } from '../../src/db/database'
import { webhookDeliveries } from '../../src/db/schema'
import { emit } from '../../src/events/emit'
import { newId, type WorkspaceId } from '../../src/ids'
import { openJobQueue } from '../../src/jobs/queue'
import { createLogger } from '../../src/logger'
import { testDatabaseUrl } from '../harness'
import {
  type Receiver,
  scratchDatabase,
  seedWebhooks,
  startReceiver,
  startWorkerProcess,
  type WorkerProcess,
  waitUntil,
  webhookListenerReady,
} from './support'

/**
 * Webhook delivery when worker processes die or compete, with real `npm run worker` processes on
 * PostgreSQL (a PGlite directory belongs to one process, so there is nothing to test there). The file works
 * in a database of its own: a worker process fans out every event of its database.
 */
const serverUrl = testDatabaseUrl()
const secret = randomBytes(32).toString('base64url')
let scratch: Awaited<ReturnType<typeof scratchDatabase>> | undefined
const workers: WorkerProcess[] = []
const receivers: Receiver[] = []

beforeAll(async () => {
  if (serverUrl) scratch = await scratchDatabase(serverUrl)
}, 60_000)

afterAll(async () => {
  // SIGKILL: a failed test may leave a worker mid-delivery, and nothing here needs a graceful stop.
  await Promise.all(workers.map((w) => w.kill('SIGKILL')))
  await Promise.all(receivers.map((r) => r.close()))
  await scratch?.drop()
}, 30_000)

function worker(env: Record<string, string> = {}) {
  if (!scratch) throw new Error('no database')
  const started = startWorkerProcess(scratch.url, secret, env)
  workers.push(started)
  return started
}

async function receiver(...args: Parameters<typeof startReceiver>) {
  const started = await startReceiver(...args)
  receivers.push(started)
  return started
}

async function emitContacts(database: Database, workspaceId: WorkspaceId, count: number) {
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      // A well-formed contact id (no such contact): in-transaction reactions (segment membership) read it.
      const id = newId('ct')
      await emit(
        tx,
        { workspaceId, eventActor: systemActor },
        {
          type: 'contact.created',
          resourceId: id,
          data: { contact: { id } },
        },
      )
    }
  })
}

describe.skipIf(!serverUrl)('webhook delivery across worker processes (PostgreSQL)', () => {
  it('a worker killed mid-delivery: another worker sends it again with the same webhook-id, and it succeeds', async () => {
    const database = scratch!.database
    let held: ServerResponse | undefined
    let first: WorkerProcess | undefined
    const endpoint = await receiver((_req, res) => {
      if (!held) {
        // The first request: the worker that sent it dies before it can record the outcome.
        held = res
        void first?.kill('SIGKILL').then(() => {
          res.writeHead(200).end('too late')
        })
        return
      }
      res.writeHead(200).end('ok')
    })
    const { workspaceId, webhookIds } = await seedWebhooks(database, secret, [endpoint.url])
    // A short expiry, so the run the dead worker claimed goes back for retry in seconds, not 30 s.
    const env = { LOOPDESK_WEBHOOKS_JOB_EXPIRE_SECONDS: '2' }
    first = worker(env)
    await first.ready
    await webhookListenerReady(database)
    await emitContacts(database, workspaceId, 1)
    await waitUntil(
      () => first?.child.exitCode !== null || first.child.signalCode !== null,
      15_000,
      'the kill',
    )
    expect(endpoint.received).toHaveLength(1)

    const second = worker(env)
    await second.ready
    // pg-boss's maintenance fails runs past their expiry (the dead worker's) and schedules their retry.
    const queue = await openJobQueue({
      database,
      databaseUrl: scratch!.url,
      logger: createLogger('silent'),
      supervise: false,
    })
    try {
      await new Promise((r) => setTimeout(r, 2500))
      await queue.maintain()
    } finally {
      await queue.stop({ graceful: false })
    }
    const delivered = async () => {
      const [row] = await database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.webhookId, webhookIds[0]!))
      return row?.status === 'succeeded' ? row : undefined
    }
    await waitUntil(async () => (await delivered()) !== undefined, 25_000, 'the retried delivery')
    const row = (await delivered())!

    expect(endpoint.received.length).toBeGreaterThanOrEqual(2)
    // The receiver sees one delivery, whatever number of requests: it drops repeats of a webhook-id.
    expect(new Set(endpoint.received.map((r) => r.webhookId))).toEqual(new Set([row.id]))
    expect(row).toMatchObject({ status: 'succeeded', lastStatusCode: 200 })
    await second.kill('SIGTERM')
  }, 60_000)

  it('two worker processes: 50 events to 2 endpoints, each delivered exactly once per endpoint', async () => {
    const database = scratch!.database
    const endpoints = [await receiver(), await receiver()]
    const { workspaceId } = await seedWebhooks(
      database,
      secret,
      endpoints.map((e) => e.url),
    )
    const pair = [worker(), worker()]
    await Promise.all(pair.map((w) => w.ready))
    await webhookListenerReady(database)
    for (let i = 0; i < 5; i++) await emitContacts(database, workspaceId, 10)

    // The listener's cursor predates this workspace (the first test made it), so the workspace's own creation
    // events reach these endpoints too: count the contacts this test emitted.
    const contacts = (endpoint: Receiver) => endpoint.received.filter((r) => r.type === 'contact.created')
    await waitUntil(
      () => endpoints.every((e) => contacts(e).length >= 50),
      25_000,
      'every delivery to arrive',
    )
    // A second worker running the same delivery would show up as a late repeat: give it the time to.
    await new Promise((r) => setTimeout(r, 1000))
    for (const endpoint of endpoints) {
      const ids = contacts(endpoint).map((r) => r.webhookId)
      expect(ids).toHaveLength(50)
      expect(new Set(ids).size).toBe(50)
    }
    const all = endpoints.flatMap((e) => e.received.map((r) => r.webhookId))
    expect(new Set(all).size).toBe(all.length)
    expect(new Set(endpoints.flatMap((e) => contacts(e).map((r) => r.webhookId))).size).toBe(100)
    const rows = await database.db
      .select({ status: webhookDeliveries.status, attempts: webhookDeliveries.attempts })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.workspaceId, workspaceId),
          eq(webhookDeliveries.eventType, 'contact.created'),
        ),
      )
    expect(rows).toHaveLength(100)
    expect(rows.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true)
  }, 60_000)
})
