import { OpenAPIHono } from '@hono/zod-openapi'
import type { Logger } from 'pino'
import { areas } from '../generated/areas'
import spec from '../generated/openapi.json'
import { ApiKeyCache, PublishableKeyCache } from './auth/api-key-cache'
import { createAuthLimiters } from './auth/limits'
import { Authorizer } from './authz/authorizer'
import { PrincipalLoader } from './authz/load'
import type { Config } from './config'
import type { Database } from './db/database'
import { authenticate } from './http/auth'
import type { AppDeps, AppEnv } from './http/context'
import { corsPolicy, widgetCors } from './http/cors'
import { type DocsAssets, registerDocs } from './http/docs'
import { ApiError, problemResponse } from './http/errors'
import { idempotency } from './http/idempotency'
import { guardParameters, resolveOperation } from './http/operations'
import { handleError, validationHook } from './http/problems'
import { MemoryRateLimiter } from './http/rate-limit'
import { countRefused, jsonBody, rateLimit, requestContext } from './http/request'
import { LogMailer, type Mailer } from './mail/mailer'
import { type AttachmentStore, MemoryAttachmentStore } from './storage/attachments'

/** What a multipart upload may carry beyond its file: boundaries and part headers. */
const multipartOverheadBytes = 64 * 1024

/**
 * The whole API as one Hono app, the same on Node and Workers. A request runs: request id and log line →
 * (under /v1) credential → rate limit → body checks → Idempotency-Key → the route's zod validation → handler.
 */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.use('*', requestContext(deps))
  app.onError(handleError)
  app.notFound((c) =>
    problemResponse(c, new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`)),
  )

  app.get('/openapi.json', (c) => c.json(spec))
  registerDocs(app, deps.docsAssets)

  // CORS answers preflights before authentication: browsers send them without credentials. Widget profiles'
  // origins are data: `widgetCors` allows them per request (and leaves other requests to the configured policy).
  const configured = deps.config.corsOrigins.length > 0 ? corsPolicy(deps.config.corsOrigins) : undefined
  app.use('/v1/*', widgetCors(configured))
  if (configured) app.use('/mcp', configured)
  // After CORS, whose preflights are OPTIONS requests: any other method a path lacks is a 405.
  app.use('*', resolveOperation())
  // The API's paths: every `/v1` operation, and `/mcp` (whose tool calls come back through `/v1`).
  const api = [
    countRefused(),
    authenticate(),
    rateLimit(),
    guardParameters(),
    // Uploads: the file's limit, and room for the multipart framing around it.
    jsonBody(deps.config.bodyLimitBytes, deps.config.attachmentMaxBytes + multipartOverheadBytes),
    idempotency(),
  ] as const
  app.use('/v1/*', ...api)
  app.use('/mcp', ...api)

  // Every area's operations, from its declaration (src/areas/<area>/index.ts).
  for (const area of areas) area.routes?.(app)

  return app
}

export type App = ReturnType<typeof createApp>

/** The dependencies of one process: its database, settings, logger and in-memory limiter and key cache. */
export function createDeps(base: {
  config: Config
  database: Database
  logger: Logger
  secret: string
  mailer?: Mailer
  /** Default: in memory (tests, Workers); the Node server passes the local-disk store. */
  attachments?: AttachmentStore
  authorizer?: Authorizer
  /** Where `/docs` reads the reference UI's files (Node: the installed package; Workers: the assets binding). */
  docsAssets?: DocsAssets
}): AppDeps {
  return {
    ...base,
    rateLimiter: new MemoryRateLimiter(base.config.rateLimit.limit, base.config.rateLimit.windowSeconds),
    apiKeyCache: new ApiKeyCache(),
    publishableKeyCache: new PublishableKeyCache(),
    authorizer: withDatabase(base.authorizer ?? new Authorizer(), base.database),
    principals: new PrincipalLoader(),
    mailer: base.mailer ?? new LogMailer(base.logger),
    attachments: base.attachments ?? new MemoryAttachmentStore(),
    authLimiters: createAuthLimiters(),
    docsAssets: base.docsAssets ?? { read: async () => undefined },
  }
}

function withDatabase(authorizer: Authorizer, database: Database) {
  authorizer.database = database
  return authorizer
}
