import type { Logger } from 'pino'
import { type Config, loadConfig } from '../config'
import type { Database } from '../db/database'
import { Dispatcher } from '../events/dispatcher'
import { LogMailer, type Mailer } from '../mail/mailer'
import { type AttachmentStore, MemoryAttachmentStore } from '../storage/attachments'
import { maintenanceModule } from './maintenance'
import { declaredWorkerModules, type WorkerModule } from './module'
import { type JobQueue, openJobQueue } from './queue'
import { Scheduler, type Tick } from './ticks'

/** The built-in housekeeping, then every module the areas declared. */
export const defaultWorkerModules = (): WorkerModule[] => [maintenanceModule, ...declaredWorkerModules()]

export interface WorkersOptions {
  database: Database
  /** PostgreSQL URL for pg-boss's own pool; unset on PGlite. */
  databaseUrl?: string
  logger: Logger
  /** Settings modules read (default: the environment's). */
  config?: Config
  /** The instance secret, for modules that seal or sign (webhooks). */
  secret?: string
  /** Where modules send email (default: log that nothing was sent). */
  mailer?: Mailer
  /** Where attachment bytes live (default: in memory, as in tests; Node passes the local-disk store). */
  attachments?: AttachmentStore
  /** The modules to run (default: the built-in maintenance and every module the areas declare). */
  modules?: WorkerModule[]
  /** Dispatcher idle poll period (default 200 ms). */
  pollIntervalMs?: number
  /** Run the cron schedules (default true); tests drive slots by hand. */
  schedule?: boolean
  /**
   * Tick name → cron pattern replacing that tick's own schedule (`LOOPDESK_TICK_SCHEDULES`). Starting fails
   * when a name matches no tick of the modules.
   */
  tickSchedules?: Record<string, string>
}

export interface Workers {
  queue: JobQueue
  dispatcher: Dispatcher
  scheduler: Scheduler
  /**
   * Stop claiming new work (events, ticks, jobs), let what is running finish (up to `timeoutMs`), and hand
   * back jobs still running after that so another worker retries them.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>
}

/** The dispatcher, the job handlers and the ticks: in the API process (inline) or alone (`npm run worker`). */
export async function startWorkers(options: WorkersOptions): Promise<Workers> {
  const { database, logger } = options
  const queue = await openJobQueue({ database, databaseUrl: options.databaseUrl, logger })
  const dispatcher = new Dispatcher({
    db: database.db,
    logger,
    pollIntervalMs: options.pollIntervalMs,
    // Listeners enqueue jobs in the batch's transaction: run them now, not at the workers' next poll.
    onCommitted: () => queue.wake(),
  })
  const scheduler = new Scheduler({ db: database.db, logger })
  const stops: Array<() => Promise<void>> = []
  // A Map, not the object: a tick named like an Object.prototype member must not find one.
  const overrides = new Map(Object.entries(options.tickSchedules ?? {}))
  const tickNames: string[] = []
  try {
    const context = {
      database,
      db: database.db,
      queue,
      logger,
      config: options.config ?? loadConfig(),
      secret: options.secret,
      mailer: options.mailer ?? new LogMailer(logger),
      attachments: options.attachments ?? new MemoryAttachmentStore(),
    }
    for (const module of options.modules ?? defaultWorkerModules()) {
      const parts = await module.setup(context)
      if (parts.stop) stops.push(parts.stop)
      for (const listener of parts.listeners ?? []) dispatcher.register(listener)
      for (const tick of parts.ticks ?? []) {
        scheduler.register(withSchedule(tick, overrides.get(tick.name)))
        tickNames.push(tick.name)
      }
    }
    const unknown = [...overrides.keys()].filter((name) => !tickNames.includes(name))
    if (unknown.length > 0) {
      throw new Error(
        `LOOPDESK_TICK_SCHEDULES names unknown tick ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${tickNames.join(', ') || '(none)'}`,
      )
    }
  } catch (err) {
    await queue.stop({ graceful: false })
    // What the modules set up so far (kept-alive connections…) is not used by anyone now.
    await Promise.allSettled(stops.map((stop) => stop()))
    throw err
  }
  dispatcher.start()
  if (options.schedule ?? true) scheduler.start()
  logger.info('workers started')

  return {
    queue,
    dispatcher,
    scheduler,
    async stop(stopOptions = {}) {
      // Stop the producers first, so the queue's graceful stop is not racing newly enqueued work.
      await Promise.all([dispatcher.stop(), scheduler.stop()])
      await queue.stop({ graceful: true, timeoutMs: stopOptions.timeoutMs ?? 25_000 })
      // Then what the modules hold open (kept-alive connections…), now that no handler uses it.
      await Promise.all(stops.map((stop) => stop()))
      logger.info('workers stopped')
    },
  }
}

/** `tick` on `cron` instead of its own schedule (same name, same work); `tick` itself when no cron is given. */
function withSchedule(tick: Tick, cron: string | undefined): Tick {
  if (cron === undefined || cron === tick.cron) return tick
  return { name: tick.name, cron, run: (db, slot) => tick.run(db, slot) }
}
