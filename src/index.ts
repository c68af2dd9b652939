import { AsyncLocalStorage } from 'node:async_hooks'
import type { ExecutionContext } from 'hono'
import type { Logger } from 'pino'
import { type App, createApp, createDeps } from './app'
import { ApiKeyCache } from './auth/api-key-cache'
import { type Config, loadConfig } from './config'
import type { Database } from './db/database'
import { instanceSecret } from './db/instance'
// './db/postgres', never './db/client': the latter can load PGlite, whose WASM must stay out of the bundle.
import { openPostgres } from './db/postgres'
import type { DocsAssets } from './http/docs'
import { ApiError, problemBody } from './http/errors'
import { MemoryRateLimiter } from './http/rate-limit'
import { newId } from './ids'
import { createLogger } from './logger'

/** The Worker's bindings (wrangler.toml); vars and secrets arrive as strings beside them. */
export interface Env {
  HYPERDRIVE: { connectionString: string }
  /** swagger-ui-dist's files (wrangler.toml `[assets]`), for `/docs`. */
  ASSETS?: { fetch(request: Request | string): Promise<Response> }
  [name: string]: unknown
}

/**
 * Cloudflare Workers entry: the same app as src/server.ts. Migrations are not run here; the operator runs
 * `npm run migrate` against the database before deploying.
 *
 * An isolate serves many requests, several at a time. What is plain memory lives per isolate (module scope):
 * config, logger, rate-limit counters, the API key cache, the instance secret once read, and the app itself.
 * What holds sockets lives per request: Workers forbid I/O on another request's socket, and Hyperdrive pools
 * the real connections, so Cloudflare's advice is a fresh postgres.js client per request.
 */
type Shared = { config: Config; logger: Logger; rateLimiter: MemoryRateLimiter; apiKeyCache: ApiKeyCache }
let shared: Shared | undefined
let app: App | undefined

/** The current request's client. The per-isolate app reaches it through `database` below. */
const requestDatabase = new AsyncLocalStorage<Database>()

// Building the app costs ~1 ms of CPU, so it is built once; its `database` hands out the request's client
// instead of holding one (mutating a shared deps object would race between concurrent requests).
const database: Database = {
  driver: 'postgres',
  get db() {
    const current = requestDatabase.getStore()
    if (!current) throw new Error('database used outside a request')
    return current.db
  },
  migrate: () => Promise.reject(new Error('Workers do not migrate: run `npm run migrate`')),
  close: async () => {},
}

function setUp(env: Env): Shared {
  // Bindings are objects; vars and secrets are the strings loadConfig reads.
  const vars = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
  const config = loadConfig(vars)
  return {
    config,
    logger: createLogger(config.logLevel),
    rateLimiter: new MemoryRateLimiter(config.rateLimit.limit, config.rateLimit.windowSeconds),
    apiKeyCache: new ApiKeyCache(),
  }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    // env only arrives with a request; it is the same for every request of the isolate.
    shared ??= setUp(env)
    const isolate = shared
    // max 5: a Worker invocation may hold at most 6 outgoing connections at once.
    const client = openPostgres(env.HYPERDRIVE.connectionString, { max: 5 })
    let response: Response
    try {
      response = await requestDatabase.run(client, async () => {
        if (!app) {
          // Only the first request(s) of an isolate read the secret; concurrent ones may both read it (idempotent).
          let secret: string
          try {
            secret = await instanceSecret(client.db, isolate.config.secret)
          } catch (error) {
            return notReady(isolate.logger, error)
          }
          app ??= createApp(
            createDeps({
              config: isolate.config,
              logger: isolate.logger,
              database,
              secret,
              docsAssets: assetsOf(env),
            }),
          )
        }
        return await app.fetch(request, env, ctx)
      })
    } catch (error) {
      ctx.waitUntil(client.close())
      throw error
    }
    if (!response.body) {
      ctx.waitUntil(client.close())
      return response
    }
    // A body may still read the database while it is sent (the audit-log export streams page by page), so
    // the client ends once the body has been sent (or the caller went away), without delaying the response.
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
    ctx.waitUntil(
      response.body
        .pipeTo(writable)
        .catch(() => {})
        .finally(() => client.close()),
    )
    return new Response(readable, response)
  },
}

/** The reference UI's files from the Workers assets binding (wrangler.toml), fetched only when `/docs` asks. */
function assetsOf(env: Env): DocsAssets {
  return {
    async read(name) {
      const res = await env.ASSETS?.fetch(new Request(`https://assets.local/${name}`))
      return res?.ok ? new Uint8Array(await res.arrayBuffer()) : undefined
    },
  }
}

/** Before the app exists there is no error handler: answer 503 problem+json ourselves, as /readyz would. */
function notReady(logger: Logger, error: unknown): Response {
  const requestId = newId('req')
  logger.error({ err: error, requestId }, 'reading the instance secret failed')
  const body = problemBody(new ApiError('not_ready', 'The database does not answer'), requestId)
  return Response.json(body, {
    status: 503,
    headers: { 'content-type': 'application/problem+json', 'x-request-id': requestId },
  })
}
