import { serve } from '@hono/node-server'
import { createApp, createDeps } from './app'
import { Authorizer } from './authz/authorizer'
import { type Config, loadConfig } from './config'
import { openDatabase } from './db/client'
import { DataDirError } from './db/data-dir'
import { instanceSecret } from './db/instance'
import { MigrationError } from './db/migrate'
import { clientErrorHandler } from './http/client-error'
import { nodeDocsAssets } from './http/docs-node'
import { startWorkers, type Workers } from './jobs/runtime'
import { createLogger } from './logger'
import { seedDemo } from './seed'
import { LocalDiskAttachmentStore } from './storage/local-disk'

// Start-up phases, each the milliseconds from process start (performance.now()'s origin) to its end, logged
// in the `listening` line so that a slower start shows in any deployment's log. The static imports above
// have all been evaluated by the time this line runs: that is module load.
const phases = {
  moduleLoad: now(),
  configuration: 0,
  databaseOpen: 0,
  migrationCheck: 0,
  policyLoad: 0,
  seedCheck: 0,
  listen: 0,
}
function now() {
  return Math.round(performance.now())
}

let config: Config
try {
  config = loadConfig()
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`)
  process.exit(1)
}
phases.configuration = now()
const logger = createLogger(config.logLevel)

/** A start-up failure we can explain (a locked or foreign data directory, a failed migration) is one line, not a stack. */
function startupFailed(error: unknown): never {
  if (error instanceof DataDirError || error instanceof MigrationError) logger.fatal(error.message)
  else logger.fatal({ err: error }, 'start-up failed')
  process.exit(1)
}

const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: config.databasePoolSize,
}).catch(startupFailed)
phases.databaseOpen = now()
const migrated = await database.migrate().catch(async (error) => {
  await database.close().catch(() => {})
  return startupFailed(error)
})
phases.migrationCheck = now()
// Oso's WebAssembly and the Polar policies: loaded before listening, so the first request never waits for them.
const authorizer = new Authorizer()
await authorizer.oso.catch(startupFailed)
phases.policyLoad = now()
const secret = await instanceSecret(database.db, config.secret)
const seed = await seedDemo(database.db, { mintDevKey: database.driver === 'pglite' })
phases.seedCheck = now()

const deps = createDeps({
  config,
  database,
  logger,
  secret,
  authorizer,
  attachments: new LocalDiskAttachmentStore(config.attachmentsDir),
  docsAssets: nodeDocsAssets(),
})
const app = createApp(deps)

let workers: Workers | undefined
let workersStarting: Promise<void> | undefined

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  phases.listen = now()
  const cpu = process.cpuUsage()
  const url = config.publicUrl.replace(/:\d+$/, `:${info.port}`)
  logger.info(
    {
      url,
      database: database.driver,
      dataDir: database.driver === 'pglite' ? config.dataDir : undefined,
      migrationsApplied: migrated.length > 0 ? migrated : undefined,
      phasesMs: phases,
      startupCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    },
    'listening',
  )
  const lines = [
    '',
    `  Loopdesk is running at ${url}`,
    `  API reference:  ${url}/docs`,
    `  OpenAPI:        ${url}/openapi.json`,
    `  Database:       ${database.driver === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}`,
  ]
  if (seed.apiKey) {
    lines.push(
      `  Owner API key (demo workspace${seed.created ? ', just created' : ''}): ${seed.apiKey}`,
      `  Try: curl -H "Authorization: Bearer ${seed.apiKey}" ${url}/v1/workspace`,
    )
  }
  process.stdout.write(`${lines.join('\n')}\n\n`)

  // The dispatcher, job handlers and ticks (maintenance and every area's declared modules) run here unless
  // LOOPDESK_WORKERS=off hands them to `npm run worker` processes. They start once the server answers:
  // events committed meanwhile wait in the outbox, and nothing a request does waits for them. A failure
  // to start them (e.g. LOOPDESK_TICK_SCHEDULES naming an unknown tick) stops the server.
  if (config.workers === 'inline') {
    workersStarting = startWorkers({
      database,
      databaseUrl: config.databaseUrl,
      logger: logger.child({ component: 'workers' }),
      tickSchedules: config.tickSchedules,
      config,
      secret,
      mailer: deps.mailer,
      attachments: deps.attachments,
    }).then(
      (started) => {
        workers = started
      },
      (error: unknown) => {
        logger.fatal({ err: error }, `the workers did not start: ${(error as Error).message}`)
        void shutdown('workers failed', 1)
      },
    )
  }
})
// Requests Node's parser refuses (a URL or headers over 16 KiB, malformed HTTP) get problem+json too.
server.on('clientError', clientErrorHandler(logger))

let stopping = false
async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'shutting down: finishing in-flight requests and jobs')
  const force = setTimeout(() => {
    logger.error('in-flight requests and jobs did not finish within 30 s; exiting')
    process.exit(1)
  }, 30_000)
  force.unref()
  // Stop accepting; close() calls back once every in-flight request has been answered.
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    if ('closeIdleConnections' in server) server.closeIdleConnections()
  })
  // After the requests: an answered request may have enqueued work the dispatcher should still pick up
  // on the next start, and running jobs get time to finish (or are handed back) before the database closes.
  await workersStarting
  await workers?.stop({ timeoutMs: 20_000 })
  await database.close()
  logger.info('stopped')
  process.exit(exitCode)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
