import type { Logger } from 'pino'
import type { Config } from '../config'
import type { Database, Db } from '../db/database'
import type { EventListener } from '../events/dispatcher'
import type { Mailer } from '../mail/mailer'
import type { AttachmentStore } from '../storage/attachments'
import type { JobQueue } from './queue'
import type { Tick } from './ticks'

/** What a worker module is set up with: the process's database, queue, settings and services. */
export interface WorkerContext {
  database: Database
  db: Db
  queue: JobQueue
  logger: Logger
  config: Config
  /** The instance secret (seals webhook signing secrets); undefined when the caller did not read it. */
  secret: string | undefined
  mailer: Mailer
  /** Where attachment bytes live (the cleanup of unclaimed uploads deletes them). */
  attachments: AttachmentStore
}

/**
 * A feature's background side (webhooks, notifications…): `setup` declares its queues and starts its job
 * handlers with `queue.work`, and answers the event listeners and ticks it needs. Areas declare theirs in
 * their declaration (`workers`); the workers run every declared module.
 */
export interface WorkerModule {
  readonly name: string
  setup(
    context: WorkerContext,
  ): Promise<{ listeners?: EventListener[]; ticks?: Tick[]; stop?: () => Promise<void> }>
}

const registered: WorkerModule[] = []

/** Add modules (the area registry does, once per process). */
export function registerWorkerModules(modules: WorkerModule[], area: string): void {
  for (const module of modules) {
    if (registered.some((m) => m.name === module.name))
      throw new Error(`worker module ${module.name} is declared twice (again by ${area})`)
    registered.push(module)
  }
}

/** The modules the areas declared, in declaration order. */
export const declaredWorkerModules = (): WorkerModule[] => [...registered]
