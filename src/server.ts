import { serve } from '@hono/node-server'
import { createApp, createDeps } from './app'
import { loadConfig } from './config'
import { openDatabase } from './db/client'
import { instanceSecret } from './db/instance'
import { clientErrorHandler } from './http/client-error'
import { nodeDocsAssets } from './http/docs-node'
import { startWorkers } from './jobs/runtime'
import { createLogger } from './logger'
import { seedDemo } from './seed'

const startedAt = performance.now()
const config = loadConfig()
const logger = createLogger(config.logLevel)
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: config.databasePoolSize,
})
const openedAt = performance.now()
await database.migrate()
const migratedAt = performance.now()
const secret = await instanceSecret(database.db, config.secret)
const seed = await seedDemo(database.db, { mintDevKey: database.driver === 'pglite' })

const deps = createDeps({ config, database, logger, secret, docsAssets: nodeDocsAssets() })
const app = createApp(deps)

// The dispatcher, job handlers and ticks (maintenance and every area's declared modules) run here unless
// LOOPDESK_WORKERS=off hands them to `npm run worker` processes.
const workers =
  config.workers === 'inline'
    ? await startWorkers({
        database,
        databaseUrl: config.databaseUrl,
        logger: logger.child({ component: 'workers' }),
        tickSchedules: config.tickSchedules,
        config,
        secret,
        mailer: deps.mailer,
      })
    : undefined

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const url = config.publicUrl.replace(/:\d+$/, `:${info.port}`)
  logger.info(
    {
      url,
      database: database.driver,
      dataDir: database.driver === 'pglite' ? config.dataDir : undefined,
      openMs: Math.round(openedAt - startedAt),
      migrateMs: Math.round(migratedAt - openedAt),
      startupMs: Math.round(performance.now() - startedAt),
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
})
// Requests Node's parser refuses (a URL or headers over 16 KiB, malformed HTTP) get problem+json too.
server.on('clientError', clientErrorHandler(logger))

let stopping = false
async function shutdown(signal: string) {
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
  await workers?.stop({ timeoutMs: 20_000 })
  await database.close()
  logger.info('stopped')
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
