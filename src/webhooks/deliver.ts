import DataLoader from 'dataloader'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { unseal } from '../auth/seal'
import { systemActor } from '../context/actor'
import { anyOf } from '../db/any-of'
import type { Db } from '../db/database'
import { webhookDeliveries, webhooks } from '../db/schema'
import { emit } from '../events/emit'
import { type Id, idToUuid } from '../ids'
import { signedHeaders } from './signing'
import { checkWebhookUrl, UrlNotAllowed, type UrlPolicy } from './ssrf'

/** The `purpose` webhook secrets are sealed under (src/auth/seal.ts). */
export const SECRET_PURPOSE = 'loopdesk.webhook-secret.v1'
/** How long one attempt may take, connection to last byte. */
export const DELIVERY_TIMEOUT_MS = 10_000
/** How much of the receiver's answer the log keeps. */
export const RESPONSE_BODY_LIMIT = 2048
/** After this many failed attempts in a row, across deliveries, the endpoint is disabled. */
export const MAX_CONSECUTIVE_FAILURES = 20
/**
 * Waits before the 2nd, 3rd… attempt: 30 s up to 24 h, about 3 days in all (10 attempts), each ±20 %
 * so that retries after an outage do not arrive in lockstep.
 */
export const RETRY_DELAYS_MS = [
  30_000, 120_000, 600_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 86_400_000,
]

export interface DeliveryDeps {
  db: Db
  /** The instance secret the signing secrets are sealed under. */
  secret: string
  config: { webhooksAllowInsecure: boolean }
  /** The workers' batching of reads and success writes across concurrent deliveries (`deliveryBatching`). */
  batching?: DeliveryBatching
  /** Tests: a shorter timeout, a fake resolver. */
  timeoutMs?: number
  resolve?: UrlPolicy['resolve']
  random?: () => number
}

export type DeliveryRow = typeof webhookDeliveries.$inferSelect
export type WebhookRow = typeof webhooks.$inferSelect

export interface DeliveryOutcome {
  /** The delivery after this attempt (undefined when it no longer exists). */
  delivery?: DeliveryRow
  /** Whether the caller should try again, and when. */
  retry: boolean
  delayMs?: number
}

/** The secrets that sign now: the current one, and the previous one during its rotation window. */
export function signingSecrets(deps: Pick<DeliveryDeps, 'secret'>, webhook: WebhookRow): string[] {
  const open = (sealed: string) => {
    const secret = unseal(deps.secret, sealed, SECRET_PURPOSE)
    if (secret === undefined)
      throw new Error(`webhook ${webhook.id}: its secret was sealed under another instance secret`)
    return secret
  }
  const secrets = [open(webhook.secret)]
  if (
    webhook.previousSecret &&
    webhook.previousSecretExpiresAt &&
    webhook.previousSecretExpiresAt.getTime() > Date.now()
  ) {
    secrets.push(open(webhook.previousSecret))
  }
  return secrets
}

interface Attempt {
  statusCode: number | null
  durationMs: number
  body: string | null
  error: string | null
}

/** POST once to the checked, pinned address; no redirect is followed (a 3xx is a failure). */
async function post(
  deps: DeliveryDeps,
  webhook: WebhookRow,
  deliveryId: string,
  payload: string,
): Promise<Attempt> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  let target: Awaited<ReturnType<typeof checkWebhookUrl>>
  try {
    target = await checkWebhookUrl(webhook.url, {
      allowInsecure: deps.config.webhooksAllowInsecure,
      resolve: deps.resolve,
    })
  } catch (error) {
    if (!(error instanceof UrlNotAllowed)) throw error
    return { statusCode: null, durationMs: elapsed(), body: null, error: `URL not allowed: ${error.reason}` }
  }
  // Loaded on first delivery: the Workers build bundles it but never has to start it (deliveries run on Node).
  const { request } = await import('undici')
  const agent = await pinnedAgent(target.url, target.address, target.family)
  try {
    const response = await request(target.url, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Loopdesk-Webhooks/1',
        ...signedHeaders(signingSecrets(deps, webhook), deliveryId, payload),
      },
      body: payload,
      signal: AbortSignal.timeout(deps.timeoutMs ?? DELIVERY_TIMEOUT_MS),
    })
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of response.body) {
      chunks.push(chunk as Buffer)
      size += (chunk as Buffer).length
      if (size >= RESPONSE_BODY_LIMIT) break
    }
    // PostgreSQL text cannot hold NUL: the log keeps U+FFFD in its place.
    const body = Buffer.concat(chunks)
      .subarray(0, RESPONSE_BODY_LIMIT)
      .toString('utf8')
      .replaceAll('\u0000', '\uFFFD')
    return { statusCode: response.statusCode, durationMs: elapsed(), body, error: null }
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    const message = timedOut
      ? `timed out after ${deps.timeoutMs ?? DELIVERY_TIMEOUT_MS} ms`
      : error instanceof Error
        ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
        : String(error)
    return { statusCode: null, durationMs: elapsed(), body: null, error: message }
  }
}

type UndiciAgent = import('undici').Agent
/** Agents by origin and checked address, oldest first: connections to an endpoint are kept alive and reused. */
const agents = new Map<string, UndiciAgent>()
const MAX_AGENTS = 256

/**
 * A keep-alive connection pool that connects only to `address`, whatever DNS answers next (DNS rebinding);
 * TLS still verifies the host name. One per origin and address, so a new answer from DNS gets a new pool and
 * the checked address is always the one connected to.
 */
async function pinnedAgent(url: URL, address: string, family: number): Promise<UndiciAgent> {
  const key = `${url.origin} ${address}`
  const existing = agents.get(key)
  if (existing) {
    agents.delete(key)
    agents.set(key, existing)
    return existing
  }
  const { Agent } = await import('undici')
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    connections: 16,
    connect: {
      lookup: (_host, options, callback) => {
        const opts = options as { all?: boolean }
        if (opts.all) (callback as (e: null, a: unknown[]) => void)(null, [{ address, family }])
        else (callback as (e: null, a: string, f: number) => void)(null, address, family)
      },
    },
  })
  agents.set(key, agent)
  if (agents.size > MAX_AGENTS) {
    const [oldestKey, oldest] = agents.entries().next().value as [string, UndiciAgent]
    agents.delete(oldestKey)
    oldest.close().catch(() => {})
  }
  return agent
}

/** Close every kept-alive connection (workers stopping, tests). */
export async function closeDeliveryConnections(): Promise<void> {
  const all = [...agents.values()]
  agents.clear()
  await Promise.all(all.map((agent) => agent.close().catch(() => {})))
}

/** The wait before attempt `attempts + 1`, or undefined when the schedule is exhausted. */
export function retryDelay(attempts: number, random: () => number = Math.random): number | undefined {
  const base = RETRY_DELAYS_MS[attempts - 1]
  if (base === undefined) return undefined
  return Math.round(base * (0.8 + 0.4 * random()))
}

/**
 * One attempt of one delivery: check the URL (again: DNS may have changed since creation), sign, POST, record
 * the attempt. 2xx succeeds and resets the endpoint's failure run; 410 disables the endpoint; any other
 * failure lengthens the run, and the 20th in a row disables the endpoint (`webhook.disabled`).
 * Scheduled attempts (`manual` false) skip deliveries already succeeded and endpoints that are off, and say
 * whether and when to retry; manual ones (redeliver, ping) always send and never schedule a retry.
 */
export async function deliverOnce(
  deps: DeliveryDeps,
  deliveryId: Id<'whd'>,
  options: {
    manual?: boolean
    /**
     * Schedules the next attempt, in the transaction that records this failed one: the record and the schedule
     * commit together or not at all (a failed enqueue rolls the record back, so the job is retried as a whole
     * rather than leaving a pending delivery nobody will attempt, or one attempted early).
     */
    scheduleRetry?: (tx: Db, delayMs: number) => Promise<void>
  } = {},
): Promise<DeliveryOutcome> {
  const found = deps.batching
    ? await deps.batching.load(deliveryId)
    : (await loadDeliveries(deps.db, [deliveryId]))[0]
  if (!found) return { retry: false }
  const { delivery, webhook } = found
  if (!options.manual) {
    if (delivery.status !== 'pending') return { delivery, retry: false }
    if (!webhook.active || webhook.disabledAt) {
      const [failed] = await deps.db
        .update(webhookDeliveries)
        .set({
          status: 'failed',
          lastError: 'the webhook is inactive',
          nextAttemptAt: null,
          updatedAt: new Date(),
        })
        .where(eq(webhookDeliveries.id, deliveryId))
        .returning()
      return { delivery: failed, retry: false }
    }
  }

  const attempt = await post(deps, webhook, deliveryId, delivery.payload)
  const succeeded = attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300
  const gone = attempt.statusCode === 410
  const attempts = delivery.attempts + 1
  const delayMs = succeeded || gone || options.manual ? undefined : retryDelay(attempts, deps.random)

  const now = new Date()
  const record = {
    attempts,
    lastStatusCode: attempt.statusCode,
    lastDurationMs: attempt.durationMs,
    lastResponseBody: attempt.body,
    lastAttemptAt: now,
    updatedAt: now,
  }
  if (succeeded && webhook.consecutiveFailures === 0) {
    // The common case, one statement: nothing to reset on the endpoint. (A failure of another delivery racing
    // this one may leave a count of 1 behind; the next success resets it.)
    const success = { id: deliveryId, ...record }
    await (deps.batching ? deps.batching.succeed(success) : recordSuccesses(deps.db, [success]))
    return {
      delivery: { ...delivery, ...record, status: 'succeeded', lastError: null, nextAttemptAt: null },
      retry: false,
    }
  }

  return deps.db.transaction(async (tx) => {
    let disabled = false
    if (succeeded) {
      await tx
        .update(webhooks)
        .set({ consecutiveFailures: 0 })
        .where(and(eq(webhooks.id, webhook.id), sql`${webhooks.consecutiveFailures} <> 0`))
    } else {
      const [counted] = await tx
        .update(webhooks)
        .set({ consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1` })
        .where(eq(webhooks.id, webhook.id))
        .returning({ consecutiveFailures: webhooks.consecutiveFailures })
      const failures = counted?.consecutiveFailures ?? 0
      if (gone || failures >= MAX_CONSECUTIVE_FAILURES) {
        const reason = gone ? 'gone' : 'failures'
        const [off] = await tx
          .update(webhooks)
          .set({
            active: false,
            disabledAt: new Date(),
            disabledReason: reason,
            version: sql`${webhooks.version} + 1`,
            updatedAt: new Date(),
          })
          .where(and(eq(webhooks.id, webhook.id), isNull(webhooks.disabledAt)))
          .returning({ id: webhooks.id })
        disabled = true
        // Only the attempt that switched it off tells the world.
        if (off) {
          await emit(
            tx,
            { workspaceId: webhook.workspaceId, eventActor: systemActor },
            {
              type: 'webhook.disabled',
              resourceId: webhook.id,
              data: {
                webhook: { id: webhook.id, url: webhook.url },
                reason,
                consecutiveFailures: failures,
                lastStatusCode: attempt.statusCode,
                lastError: attempt.error,
              },
            },
          )
        }
      }
    }
    const retry = !succeeded && !disabled && delayMs !== undefined
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({
        ...record,
        status: succeeded ? 'succeeded' : retry ? 'pending' : 'failed',
        lastError: attempt.error ?? (succeeded ? null : `the receiver answered ${attempt.statusCode}`),
        nextAttemptAt: retry ? new Date(now.getTime() + (delayMs as number)) : null,
      })
      .where(eq(webhookDeliveries.id, deliveryId))
      .returning()
    if (retry && options.scheduleRetry) await options.scheduleRetry(tx, delayMs as number)
    return { delivery: updated, retry, delayMs: retry ? delayMs : undefined }
  })
}

type LoadedDelivery = { delivery: DeliveryRow; webhook: WebhookRow }

async function loadDeliveries(db: Db, ids: readonly Id<'whd'>[]): Promise<Array<LoadedDelivery | undefined>> {
  const rows = await db
    .select({ delivery: webhookDeliveries, webhook: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(anyOf(webhookDeliveries.id, ids.map(idToUuid)))
  const byId = new Map(rows.map((row) => [row.delivery.id, row]))
  return ids.map((id) => byId.get(id))
}

interface SuccessRecord {
  id: Id<'whd'>
  attempts: number
  lastStatusCode: number | null
  lastDurationMs: number
  lastResponseBody: string | null
  lastAttemptAt: Date
}

/** Record successful attempts, one statement for any number of them. */
async function recordSuccesses(db: Db, records: readonly SuccessRecord[]): Promise<void> {
  const rows = records.map((r) => ({
    id: idToUuid(r.id),
    attempts: r.attempts,
    code: r.lastStatusCode,
    ms: r.lastDurationMs,
    body: r.lastResponseBody,
    at: r.lastAttemptAt.toISOString(),
  }))
  await db.execute(sql`
    update ${webhookDeliveries} as d
    set status = 'succeeded', attempts = v.attempts, last_status_code = v.code, last_duration_ms = v.ms,
        last_response_body = v.body, last_error = null, last_attempt_at = v.at, next_attempt_at = null,
        updated_at = v.at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as v(id uuid, attempts int, code int, ms int, body text, at timestamptz)
    where d.id = v.id`)
}

export interface DeliveryBatching {
  load(id: Id<'whd'>): Promise<LoadedDelivery | undefined>
  succeed(record: SuccessRecord): Promise<void>
}

/**
 * Many deliveries run at once in a worker; their reads (delivery and endpoint) and their success records are
 * each gathered over a couple of milliseconds and sent as one statement, so a busy worker makes about one
 * database round trip per batch rather than two per delivery. Failures still take the single, transactional
 * path (the endpoint's failure count, disabling).
 */
export function deliveryBatching(db: Db): DeliveryBatching {
  const schedule = (run: () => void) => setTimeout(run, 2)
  const loader = new DataLoader<Id<'whd'>, LoadedDelivery | undefined>((ids) => loadDeliveries(db, ids), {
    cache: false,
    maxBatchSize: 200,
    batchScheduleFn: schedule,
  })
  const recorder = new DataLoader<SuccessRecord, true>(
    async (records) => {
      await recordSuccesses(db, records)
      return records.map(() => true as const)
    },
    { cache: false, maxBatchSize: 200, batchScheduleFn: schedule },
  )
  return {
    load: (id) => loader.load(id),
    succeed: async (record) => {
      await recorder.load(record)
    },
  }
}
