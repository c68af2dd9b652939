import '../generated/areas'
import { loadConfig } from './config'
import { openDatabase } from './db/client'
import { instanceSecret } from './db/instance'
import { startWorkers, type Workers } from './jobs/runtime'
import { createLogger } from './logger'
import { LogMailer } from './mail/mailer'
import { LocalDiskAttachmentStore } from './storage/local-disk'

/**
 * `npm run worker`: the event dispatcher, job handlers and ticks without the API, so API and workers scale
 * separately (run the API with LOOPDESK_WORKERS=off). PostgreSQL only: a PGlite data directory belongs to
 * one process, so with PGlite the API process runs the workers inline.
 */
const config = loadConfig()
const logger = createLogger(config.logLevel).child({ component: 'worker' })
if (!config.databaseUrl) {
  logger.fatal(
    'npm run worker needs DATABASE_URL (PostgreSQL); with PGlite the server runs the workers itself',
  )
  process.exit(1)
}
const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize })

let workers: Workers | undefined
let stopping = false
let started: Promise<void> | undefined
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  // A signal during start-up waits for it, so that everything started is also stopped.
  await started?.catch(() => {})
  logger.info({ signal }, 'shutting down: finishing in-flight jobs')
  const force = setTimeout(() => {
    logger.error('in-flight jobs did not finish within 30 s; exiting')
    process.exit(1)
  }, 30_000)
  force.unref()
  await workers?.stop({ timeoutMs: 25_000 })
  await database.close()
  logger.info('stopped')
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))

started = (async () => {
  // Workers may start before any API process: apply migrations (serialised across instances) either way.
  await database.migrate()
  workers = await startWorkers({
    database,
    databaseUrl: config.databaseUrl,
    logger,
    tickSchedules: config.tickSchedules,
    config,
    secret: await instanceSecret(database.db, config.secret),
    mailer: new LogMailer(logger),
    attachments: new LocalDiskAttachmentStore(config.attachmentsDir),
  })
})()
await started
