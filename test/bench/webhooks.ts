/**
 * `npm run bench -- --webhooks`: webhook fan-out under load, on PostgreSQL. A workspace with 3 endpoints
 * (local receivers in this process), one `npm run worker` process, and a producer committing events through
 * `emit` in small transactions at a target rate. Measures deliveries per second and the time from the
 * event's commit (`occurred_at`, its transaction's start) to the receiver having the request, and checks
 * that every (event, endpoint) arrives, once per `webhook-id`.
 */

import '../../generated/areas'
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { and, eq } from 'drizzle-orm'
import { systemActor } from '../../src/context/actor'
import { events, webhookDeliveries } from '../../src/db/schema'
import { emit } from '../../src/events/emit'
import type { WorkspaceId } from '../../src/ids'
import {
  type Receiver,
  scratchDatabase,
  seedWebhooks,
  startReceiver,
  startWorkerProcess,
  webhookListenerReady,
} from '../reliability/support'
import type { Cleanup } from './cleanup'

export const WEBHOOK_GOAL = { p99Ms: 1000, ratePerSecond: 500 }

export interface WebhookBenchOptions {
  postgresUrl: string
  events: number
  ratePerSecond: number
  endpoints: number
  /** Events per producer transaction. */
  batch: number
  /** Seconds of events at the rate, delivered and discarded before measuring (a fresh worker is cold). */
  warmupSeconds: number
}

export interface WebhookBenchReport {
  options: Omit<WebhookBenchOptions, 'postgresUrl'>
  producedPerSecond: number
  deliveriesPerSecond: number
  expected: number
  received: number
  missing: number
  duplicates: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  seconds: number
}

const progress = (line: string) => process.stderr.write(`${line}\n`)

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

export async function benchWebhooks(
  options: WebhookBenchOptions,
  cleanup: Cleanup,
): Promise<WebhookBenchReport> {
  const scratch = await scratchDatabase(options.postgresUrl, 'loopdesk_bench_wh')
  cleanup.add('drop the webhook bench database', scratch.drop)
  const { database } = scratch
  const secret = randomBytes(32).toString('base64url')
  const receivers: Receiver[] = []
  for (let i = 0; i < options.endpoints; i++) receivers.push(await startReceiver())
  cleanup.add('close the receivers', async () => {
    await Promise.all(receivers.map((r) => r.close()))
  })
  const { workspaceId } = await seedWebhooks(
    database,
    secret,
    receivers.map((r) => r.url),
  )
  const worker = startWorkerProcess(scratch.url, secret, { LOG_LEVEL: 'info' })
  cleanup.add('stop the worker process', async () => {
    await worker.kill('SIGKILL')
  })
  await worker.ready
  await webhookListenerReady(database)
  // The workspace's own creation events were committed before the cursor: none of them are measured.
  for (const r of receivers) r.received.length = 0
  const total = () => receivers.reduce((sum, r) => sum + r.received.length, 0)

  if (options.warmupSeconds > 0) {
    const warmupEvents = Math.round(options.warmupSeconds * options.ratePerSecond)
    progress(`webhooks: warming up the worker with ${warmupEvents} events (discarded)…`)
    await produce(database.db, workspaceId, warmupEvents, options)
    const deadline = Date.now() + 60_000
    while (total() < warmupEvents * options.endpoints && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
    }
    await new Promise((r) => setTimeout(r, 500))
    for (const r of receivers) r.received.length = 0
  }
  progress(
    `webhooks: ${options.events} events at ${options.ratePerSecond}/s to ${options.endpoints} endpoints (1 worker process)…`,
  )

  const started = Date.now()
  const produced = await produce(database.db, workspaceId, options.events, options)
  const producedSeconds = (Date.now() - started) / 1000
  progress(`  produced ${produced} events in ${producedSeconds.toFixed(1)} s; waiting for the deliveries…`)

  const expected = options.events * options.endpoints
  // Done when everything arrived, when nothing more arrived for 15 s, or 60 s after the last event: what has
  // not arrived by then counts as missing (a p99 goal of 1 s is long lost anyway).
  const giveUpAt = Date.now() + 60_000
  let last = total()
  let lastChange = Date.now()
  while (total() < expected && Date.now() - lastChange < 15_000 && Date.now() < giveUpAt) {
    await new Promise((r) => setTimeout(r, 200))
    if (total() !== last) {
      last = total()
      lastChange = Date.now()
      if (Date.now() - started > 0)
        progress(`  ${last} of ${expected} delivered after ${((Date.now() - started) / 1000).toFixed(0)} s`)
    }
  }
  // Late duplicates would come now.
  await new Promise((r) => setTimeout(r, 1000))

  const rows = await database.db
    .select({ id: webhookDeliveries.id, occurred: events.occurredAt })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(
      and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.eventType, 'contact.created')),
    )
  const occurredAt = new Map<string, number>(rows.map((r) => [r.id, r.occurred.getTime()]))
  const latencies: number[] = []
  let duplicates = 0
  let received = 0
  let lastReceipt = started
  for (const receiver of receivers) {
    const seen = new Set<string>()
    for (const receipt of receiver.received) {
      if (receipt.type !== 'contact.created') continue
      if (seen.has(receipt.webhookId)) {
        duplicates++
        continue
      }
      seen.add(receipt.webhookId)
      received++
      lastReceipt = Math.max(lastReceipt, receipt.at)
      const occurred = occurredAt.get(receipt.webhookId)
      if (occurred !== undefined) latencies.push(receipt.at - occurred)
    }
  }
  latencies.sort((a, b) => a - b)
  const seconds = (lastReceipt - started) / 1000
  await worker.kill('SIGTERM')
  return {
    options: {
      events: options.events,
      ratePerSecond: options.ratePerSecond,
      endpoints: options.endpoints,
      batch: options.batch,
      warmupSeconds: options.warmupSeconds,
    },
    producedPerSecond: produced / producedSeconds,
    deliveriesPerSecond: received / seconds,
    expected,
    received,
    missing: expected - received,
    duplicates,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    seconds,
  }
}

/** Commit `events` events at the target rate, `batch` per transaction; answers how many. */
async function produce(
  db: Parameters<typeof emit>[0],
  workspaceId: WorkspaceId,
  events: number,
  options: Pick<WebhookBenchOptions, 'batch' | 'ratePerSecond'>,
): Promise<number> {
  const started = Date.now()
  const intervalMs = (1000 * options.batch) / options.ratePerSecond
  let produced = 0
  for (let batch = 0; produced < events; batch++) {
    const wait = started + batch * intervalMs - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const count = Math.min(options.batch, events - produced)
    await emitContacts(db, workspaceId, count)
    produced += count
  }
  return produced
}

async function emitContacts(db: Parameters<typeof emit>[0], workspaceId: WorkspaceId, count: number) {
  await db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const id = `ct_bench_${randomBytes(6).toString('hex')}`
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

export function formatWebhooks(report: WebhookBenchReport): string {
  const o = report.options
  const ms = (v: number) => `${Math.round(v)} ms`
  const rows: [string, string][] = [
    [
      'events',
      `${o.events} at ${o.ratePerSecond}/s target (${report.producedPerSecond.toFixed(0)}/s achieved), ${o.batch} per transaction, after ${o.warmupSeconds} s of warm-up`,
    ],
    ['endpoints', String(o.endpoints)],
    ['deliveries', `${report.received} of ${report.expected} in ${report.seconds.toFixed(1)} s`],
    ['deliveries/s', report.deliveriesPerSecond.toFixed(0)],
    [
      'commit → receipt',
      `p50 ${ms(report.p50Ms)} · p90 ${ms(report.p90Ms)} · p99 ${ms(report.p99Ms)} · max ${ms(report.maxMs)}`,
    ],
    ['missing', String(report.missing)],
    ['duplicate webhook-ids', String(report.duplicates)],
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  const [one = 0] = loadavg()
  return [
    `Webhook fan-out on PostgreSQL · node ${process.version} · ${cpus().length} cores · load ${one.toFixed(2)}`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
  ].join('\n')
}

export function webhookGoal(report: WebhookBenchReport): string {
  const rateMet = report.producedPerSecond >= WEBHOOK_GOAL.ratePerSecond * 0.95
  const checks: [string, boolean][] = [
    [
      `p99 commit → receipt < ${WEBHOOK_GOAL.p99Ms} ms at ${WEBHOOK_GOAL.ratePerSecond} events/s`,
      rateMet && report.p99Ms < WEBHOOK_GOAL.p99Ms,
    ],
    ['no loss', report.missing === 0],
    ['no duplicate webhook-id per endpoint', report.duplicates === 0],
  ]
  return `${checks.map(([name, ok]) => `${ok ? 'PASS' : 'MISS'}  ${name}`).join('\n')}\n`
}
