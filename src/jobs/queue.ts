import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import type { PGlite } from '@electric-sql/pglite'
import { type SQL, sql } from 'drizzle-orm'
import PgBoss from 'pg-boss'
import type { Logger } from 'pino'
import { type Database, type Db, queryRows } from '../db/database'

/**
 * A job id derived from what the job is for (e.g. listener name and event id, or event and endpoint): the
 * same parts always give the same uuid, so enqueuing the same work twice leaves one job.
 */
export function jobIdFor(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  // Shaped as an RFC 9562 version 8 (custom) uuid.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** Retry policy of a queue: `retryDelaySeconds` doubles per attempt (with jitter) when `retryBackoff`. */
export interface QueuePolicy {
  retryLimit?: number
  retryDelaySeconds?: number
  retryBackoff?: boolean
  /** A run still active after this long is failed (and retried): the process that claimed it died. */
  expireInSeconds?: number
  /** How long finished jobs are kept before archiving. */
  retentionMinutes?: number
}

export interface SendOptions {
  /**
   * Enqueue inside this transaction: the job exists only if the transaction commits. Inside a transaction,
   * always pass it: on PGlite a send outside it would wait for the one connection the transaction holds.
   */
  tx?: Db
  /** A deterministic job id (uuid): a second send with the same id is a no-op and answers null. */
  id?: string
  /** Run no earlier than this. */
  startAfter?: Date
}

export interface Job<T> {
  id: string
  name: string
  data: T
  /** 1 on the first run, 2 on the first retry… */
  attempt: number
}

export interface WorkOptions {
  /** How often an idle worker looks for jobs (seconds, ≥ 0.5). */
  pollingIntervalSeconds?: number
  /** Parallel runs of this handler in this process. */
  concurrency?: number
}

/** Durable jobs. The rest of the code sees only this, never pg-boss. */
export interface JobQueue {
  /** Create (or update) a queue and its retry policy; a queue must be declared before jobs are sent to it. */
  declare(name: string, policy?: QueuePolicy): Promise<void>
  /** Enqueue a job; answers its id, or null when `options.id` was already used. */
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>
  /** Run `handler` for each job of `name`; a throw fails the run and schedules a retry per the queue's policy. */
  work<T>(name: string, handler: (job: Job<T>) => Promise<void>, options?: WorkOptions): Promise<void>
  /**
   * Housekeeping that also runs on its own every `maintenanceIntervalSeconds` (when supervised): runs still
   * active past their queue's `expireInSeconds` (their worker died) go back for retry; old jobs are archived.
   */
  maintain(): Promise<void>
  /** Stop fetching; `graceful` waits (up to `timeoutMs`) for running handlers, then hands unfinished runs back. */
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>
}

export interface OpenJobQueueOptions {
  database: Database
  /** PostgreSQL: pg-boss opens its own pool on this URL. Unset on PGlite, where it shares our connection. */
  databaseUrl?: string
  logger: Logger
  /** pg-boss's maintenance (expiring stuck runs, archiving); off in tests that do not need it. */
  supervise?: boolean
  /** How often (one instance of) the supervisor runs `maintain()`; default 60 s. */
  maintenanceIntervalSeconds?: number
  poolSize?: number
}

/**
 * pg-boss's `db` adapter over a drizzle database or transaction: `$1…$n` placeholders become drizzle
 * parameters (a placeholder used twice is sent twice), and plain objects are sent as JSON text, as
 * node-postgres would. Single statements only: pg-boss's multi-statement scripts go through `pgliteAdapter`.
 */
export function drizzleAdapter(db: Db) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const chunks: SQL[] = []
      let last = 0
      for (const match of text.matchAll(/\$(\d+)/g)) {
        chunks.push(sql.raw(text.slice(last, match.index)))
        chunks.push(sql`${encode(values[Number(match[1]) - 1])}`)
        last = match.index + match[0].length
      }
      chunks.push(sql.raw(text.slice(last)))
      return { rows: await queryRows<Record<string, unknown>>(db, sql.join(chunks)) }
    },
  }
}

function encode(value: unknown): unknown {
  if (value === undefined) return null
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) {
    return JSON.stringify(value)
  }
  return value
}

/**
 * pg-boss on PGlite, through the one embedded connection: parameterised statements as prepared queries,
 * and pg-boss's schema scripts (several statements in BEGIN … COMMIT, no parameters) through `exec`.
 */
function pgliteAdapter(client: PGlite) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) {
        const result = await client.query<Record<string, unknown>>(text, values.map(encode))
        return { rows: result.rows }
      }
      const results = await client.exec(text)
      return { rows: results.at(-1)?.rows ?? [] }
    },
  }
}

// pg-boss validates keys that are present (`'x' in options`), so unset ones must be absent, not undefined.
const toPgBossPolicy = (policy: QueuePolicy) =>
  Object.fromEntries(
    Object.entries({
      retryLimit: policy.retryLimit,
      retryDelay: policy.retryDelaySeconds,
      retryBackoff: policy.retryBackoff,
      expireInSeconds: policy.expireInSeconds,
      retentionMinutes: policy.retentionMinutes,
    }).filter(([, value]) => value !== undefined),
  )

/** Start pg-boss (installing or upgrading its `pgboss` schema) and wrap it as a JobQueue. */
export async function openJobQueue(options: OpenJobQueueOptions): Promise<JobQueue> {
  const { database, logger } = options
  const common = {
    // croner drives our schedules; pg-boss's own cron would be a second, unused scheduler.
    schedule: false,
    supervise: options.supervise ?? true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    migrate: true,
  }
  let boss: PgBoss
  if (database.driver === 'pglite') {
    const client = (database.db as unknown as { $client: PGlite }).$client
    boss = new PgBoss({ ...common, db: pgliteAdapter(client) })
  } else {
    if (!options.databaseUrl) throw new Error('openJobQueue: databaseUrl is required on PostgreSQL')
    boss = new PgBoss({
      ...common,
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 4,
      application_name: `loopdesk-jobs@${hostname()}`,
    })
  }
  boss.on('error', (err) => logger.error({ err }, 'job queue error'))
  await boss.start()

  const declared = new Set<string>()
  return {
    async declare(name, policy = {}) {
      await boss.createQueue(name, { name, ...toPgBossPolicy(policy) })
      // createQueue leaves an existing queue as it was: apply the policy the code now asks for.
      await boss.updateQueue(name, { name, ...toPgBossPolicy(policy) })
      declared.add(name)
    },

    async send(name, data, sendOptions = {}) {
      // pg-boss drops a job for an unknown queue without a word: refuse loudly instead.
      if (!declared.has(name)) throw new Error(`job queue "${name}" was not declared`)
      // A top-level array would reach the driver as a PostgreSQL array, not JSON.
      if (Array.isArray(data)) throw new TypeError('job data must be a JSON object')
      return boss.send(name, data, {
        ...(sendOptions.id ? { id: sendOptions.id } : {}),
        ...(sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {}),
        ...(sendOptions.tx ? { db: drizzleAdapter(sendOptions.tx) } : {}),
      })
    },

    async work(name, handler, workOptions = {}) {
      if (!declared.has(name)) throw new Error(`job queue "${name}" was not declared`)
      const concurrency = workOptions.concurrency ?? 1
      for (let i = 0; i < concurrency; i++) {
        await boss.work<never>(
          name,
          {
            batchSize: 1,
            includeMetadata: true,
            pollingIntervalSeconds: workOptions.pollingIntervalSeconds ?? 2,
          },
          async ([job]) => {
            if (!job) return
            const meta = job as unknown as { retryCount: number }
            try {
              await handler({ id: job.id, name: job.name, data: job.data, attempt: meta.retryCount + 1 })
            } catch (err) {
              logger.warn(
                { err, job: { id: job.id, name: job.name, attempt: meta.retryCount + 1 } },
                'job failed',
              )
              throw err
            }
          },
        )
      }
    },

    async maintain() {
      await boss.maintain()
    },

    async stop(stopOptions = {}) {
      await boss.stop({
        graceful: stopOptions.graceful ?? true,
        timeout: stopOptions.timeoutMs ?? 30_000,
        wait: true,
      })
    },
  }
}
