import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import type { PGlite } from '@electric-sql/pglite'
import DataLoader from 'dataloader'
import { type SQL, sql } from 'drizzle-orm'
import type PgBoss from 'pg-boss'
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
  /** Enqueue many jobs of one queue in one statement (ids already used are skipped). */
  sendMany<T extends object>(
    name: string,
    jobs: Array<{ data: T; id?: string; startAfter?: Date }>,
    options?: { tx?: Db },
  ): Promise<void>
  /** Run `handler` for each job of `name`; a throw fails the run and schedules a retry per the queue's policy. */
  work<T>(name: string, handler: (job: Job<T>) => Promise<void>, options?: WorkOptions): Promise<void>
  /**
   * Have this process's idle workers (of `name`, or of every queue) look for jobs now rather than at their
   * next poll: e.g. right after a transaction that enqueued jobs commits.
   */
  wake(name?: string): void
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
  // Loaded here, not at module load: the API server starts its workers after it listens, so pg-boss (a large
  // module graph) is off the start-up path.
  const { default: PgBoss } = await import('pg-boss')
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
  const loops: WorkLoop[] = []
  let stopping = false
  return {
    async declare(name, policy = {}) {
      // Workers starting together on a new database create the same queue at once, and pg-boss's
      // createQueue (a table per queue) can deadlock with itself or lose the race: try again.
      for (let attempt = 1; ; attempt++) {
        try {
          await boss.createQueue(name, { name, ...toPgBossPolicy(policy) })
          break
        } catch (err) {
          const code = (err as { code?: string }).code
          if (attempt >= 5 || !code || !['40P01', '23505', '42P07'].includes(code)) throw err
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100))
        }
      }
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

    async sendMany(name, jobs, sendOptions = {}) {
      if (!declared.has(name)) throw new Error(`job queue "${name}" was not declared`)
      for (let i = 0; i < jobs.length; i += 1000) {
        const chunk = jobs.slice(i, i + 1000).map((job) => {
          if (Array.isArray(job.data)) throw new TypeError('job data must be a JSON object')
          return {
            name,
            data: job.data,
            ...(job.id ? { id: job.id } : {}),
            ...(job.startAfter ? { startAfter: job.startAfter.toISOString() } : {}),
          }
        })
        await boss.insert(chunk, sendOptions.tx ? { db: drizzleAdapter(sendOptions.tx) } : {})
      }
    },

    async work(name, handler, workOptions = {}) {
      if (!declared.has(name)) throw new Error(`job queue "${name}" was not declared`)
      if (stopping) throw new Error('the job queue is stopping')
      loops.push(
        startWorkLoop(boss, logger, name, handler as (job: Job<unknown>) => Promise<void>, {
          concurrency: workOptions.concurrency ?? 1,
          intervalMs: (workOptions.pollingIntervalSeconds ?? 2) * 1000,
        }),
      )
    },

    wake(name) {
      for (const loop of loops) if (name === undefined || loop.name === name) loop.wake()
    },

    async maintain() {
      await boss.maintain()
    },

    async stop(stopOptions = {}) {
      stopping = true
      const timeoutMs = stopOptions.graceful === false ? 0 : (stopOptions.timeoutMs ?? 30_000)
      await Promise.all(loops.map((loop) => loop.stop(timeoutMs)))
      await boss.stop({ graceful: stopOptions.graceful ?? true, timeout: timeoutMs, wait: true })
    },
  }
}

interface WorkLoop {
  name: string
  wake(): void
  /** Stop fetching; wait up to `timeoutMs` for running handlers, then fail what still runs so it is retried. */
  stop(timeoutMs: number): Promise<void>
}

/**
 * A queue's worker: fetches as many jobs as it has free slots (one query for the lot), runs each on its own,
 * completes or fails each on its own, and fetches again as soon as half its slots are free, sleeping a polling
 * interval only when the queue is empty (or until `wake`). pg-boss's own `work` sleeps a whole interval after
 * every fetch and fails a whole batch together, which capped a queue at concurrency ÷ interval jobs a second.
 */
function startWorkLoop(
  boss: PgBoss,
  logger: Logger,
  name: string,
  handler: (job: Job<unknown>) => Promise<void>,
  options: { concurrency: number; intervalMs: number },
): WorkLoop {
  const { concurrency, intervalMs } = options
  const lowWater = Math.floor(concurrency / 2)
  const active = new Map<string, Promise<void>>()
  let running = true
  let saturated = false
  let woken = false
  let interrupt: (() => void) | undefined

  const wake = () => {
    woken = true
    interrupt?.()
  }
  // A wake that came while awake cuts the next sleep short, once: the flag is consumed here, or a waiting
  // loop whose condition still holds would spin on resolved promises and starve the event loop.
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || !running) {
        woken = false
        return resolve()
      }
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        interrupt = undefined
        resolve()
      }
      interrupt = done
    })

  // Completions within a few milliseconds of each other are written together: one statement, not one each.
  // If that fails, the runs stay active until they expire and are retried (handlers are idempotent).
  const completions = new DataLoader<string, true>(
    async (ids) => {
      await boss
        .complete(name, [...ids])
        .catch((err) => logger.error({ err, queue: name, jobs: ids }, 'job completion failed'))
      return ids.map(() => true as const)
    },
    { cache: false, maxBatchSize: 500, batchScheduleFn: (run) => setTimeout(run, 2) },
  )
  const complete = (id: string) => completions.load(id)

  const run = async (job: PgBoss.JobWithMetadata<unknown>) => {
    const attempt = job.retryCount + 1
    // A run may take until its expiry (the queue's `expireInSeconds`): past that it is failed for retry and
    // its slot freed, as pg-boss's own worker does; a handler that never settles cannot hold a slot for ever.
    const expiresInMs = Number((job as { expireInSeconds?: unknown }).expireInSeconds) * 1000
    let timer: NodeJS.Timeout | undefined
    try {
      const ran = handler({ id: job.id, name: job.name, data: job.data, attempt })
      if (Number.isFinite(expiresInMs) && expiresInMs > 0) {
        await Promise.race([
          ran,
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`the job ran past its expiry (${expiresInMs / 1000} s)`)),
              expiresInMs,
            )
          }),
        ])
      } else {
        await ran
      }
    } catch (err) {
      logger.warn({ err, job: { id: job.id, name, attempt } }, 'job failed')
      const message = err instanceof Error ? err.message : String(err)
      // Failed: pg-boss retries it per the queue's policy. If even that write fails, the run expires and is retried.
      await boss
        .fail(name, job.id, { message })
        .catch((e) => logger.error({ err: e, job: job.id }, 'job fail'))
      return
    } finally {
      clearTimeout(timer)
    }
    await complete(job.id)
  }

  const loop = (async () => {
    while (running) {
      const free = concurrency - active.size
      if (free < 1 || (saturated && active.size > lowWater)) {
        await sleep(60_000) // until enough runs end (they wake us)
        continue
      }
      woken = false
      let jobs: PgBoss.JobWithMetadata<unknown>[] = []
      try {
        jobs = await boss.fetch<unknown>(name, { batchSize: free, includeMetadata: true })
      } catch (err) {
        logger.error({ err, queue: name }, 'job fetch failed')
      }
      for (const job of jobs) {
        active.set(
          job.id,
          run(job).finally(() => {
            active.delete(job.id)
            if (saturated && active.size <= lowWater) wake()
          }),
        )
      }
      // A full batch means more may be waiting: fetch again once half the slots are free. Fewer means the
      // queue is empty for now: poll again after the interval, or as soon as someone enqueues and wakes us.
      saturated = jobs.length === free
      if (!saturated) await sleep(intervalMs)
    }
  })()

  return {
    name,
    wake,
    async stop(timeoutMs) {
      running = false
      interrupt?.()
      await loop
      if (active.size > 0 && timeoutMs > 0) {
        let timer: NodeJS.Timeout | undefined
        await Promise.race([
          Promise.allSettled(active.values()),
          new Promise((resolve) => {
            timer = setTimeout(resolve, timeoutMs)
          }),
        ])
        clearTimeout(timer)
      }
      const unfinished = [...active.keys()]
      if (unfinished.length > 0) {
        // Handed back: another worker retries them (a delivery keeps its webhook-id, so receivers can dedupe).
        await Promise.all(
          unfinished.map((id) =>
            boss.fail(name, id, { message: 'the worker stopped while the job was running' }),
          ),
        ).catch((err) => logger.error({ err, queue: name }, 'job hand-back failed'))
      }
    },
  }
}
