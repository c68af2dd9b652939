import type { Logger } from 'pino'
import type { ApiKeyCache, PublishableKeyCache } from '../auth/api-key-cache'
import type { AuthLimiters } from '../auth/limits'
import type { Authorizer } from '../authz/authorizer'
import type { PrincipalLoader } from '../authz/load'
import type { Principal } from '../authz/principal'
import type { Config } from '../config'
import { type Actor, authzKeyOf, eventActorOf, type RequestOrigin } from '../context/actor'
import type { ServiceContext, ServiceEffects } from '../context/service'
import type { Database, Db } from '../db/database'
import type { Mailer } from '../mail/mailer'
import type { AttachmentStore } from '../storage/attachments'
import type { DocsAssets } from './docs-assets'
import type { ResolvedOperation } from './operation-info'
import type { RateLimiter } from './rate-limit'

/** What the app is built from; tests build it with their own database and settings. */
export interface AppDeps {
  config: Config
  database: Database
  logger: Logger
  rateLimiter: RateLimiter
  apiKeyCache: ApiKeyCache
  /** Verified publishable keys (`wpk_…`) of widget profiles. */
  publishableKeyCache: PublishableKeyCache
  authorizer: Authorizer
  principals: PrincipalLoader
  mailer: Mailer
  /** Where attachment bytes are kept (local disk on Node, memory in tests and on Workers). */
  attachments: AttachmentStore
  /** Sign-in attempt counters (failed logins, portal codes and emails per address and per client). */
  authLimiters: AuthLimiters
  /** HMAC key for cursors and other server-signed values. */
  secret: string
  /** The reference UI's files for `/docs`. */
  docsAssets: DocsAssets
}

export type AppEnv = {
  Variables: {
    deps: AppDeps
    requestId: string
    origin: RequestOrigin
    logger: Logger
    actor: Actor
    /** The authenticated actor as the policy sees it (set with `actor`). */
    principal?: Principal
    /** The spec operation the request is for (`resolveOperation`); unset for paths the spec lacks. */
    operation?: ResolvedOperation
    /** The request body as `jsonBody` read it (`''` for none): the request's stream is read once, there. */
    bodyText?: string
    /** The request's transaction, while an idempotent request runs in one (`requestDb`). */
    tx?: Db
    /** Set with `tx`: process-local effects wait here until it commits. */
    afterCommit?: Array<() => unknown>
    /** Set once the rate limiter has counted the request (`countRequest`): its answer carries the headers. */
    rateCounted?: boolean
  }
}

type ContextLike = {
  get<K extends keyof AppEnv['Variables']>(key: K): AppEnv['Variables'][K]
  req: { header(name: string): string | undefined }
}

/** The request's database handle: its transaction when it runs in one (idempotent requests), else the pool. */
export const requestDb = (c: Pick<ContextLike, 'get'>): Db => c.get('tx') ?? c.get('deps').database.db

/** The service context of an authenticated request (every non-public operation has one). */
export function serviceContext(c: ContextLike): ServiceContext {
  const actor = c.get('actor')
  if (actor.type === 'anonymous') throw new Error('serviceContext() on an anonymous request')
  const deps = c.get('deps')
  const preloaded = c.get('principal')
  let loaded: Promise<Principal> | undefined = preloaded ? Promise.resolve(preloaded) : undefined
  const origin = c.get('origin')
  return {
    db: requestDb(c),
    workspaceId: actor.workspaceId,
    actor,
    eventActor: eventActorOf(actor, origin),
    requestId: c.get('requestId'),
    principal: () => {
      loaded ??= deps.principals.load(deps.database.db, actor)
      return loaded
    },
    authorizer: deps.authorizer,
    authzKey: authzKeyOf(actor),
    origin,
    effects: effectsOf(deps, c.get('logger'), c.get('afterCommit')),
  }
}

/** The request's process-local side effects: the verified-key cache and the mailer of this process. */
function effectsOf(deps: AppDeps, logger: Logger, afterCommit?: Array<() => unknown>): ServiceEffects {
  // Inside a request transaction the service's own transaction was a savepoint: wait for the real commit.
  const whenCommitted = (effect: () => unknown) => (afterCommit ? afterCommit.push(effect) : effect())
  return {
    apiKeyChanged: (id) => whenCommitted(() => deps.apiKeyCache.forget(id)),
    publishableKeyChanged: (id) => whenCommitted(() => deps.publishableKeyCache.forget(id)),
    authzChanged: () =>
      whenCommitted(() => {
        deps.apiKeyCache.forgetAll()
        deps.publishableKeyCache.forgetAll()
      }),
    async sendMail(message, about) {
      await whenCommitted(async () => {
        try {
          await deps.mailer.send(message)
        } catch (error) {
          logger.error({ err: error, tag: message.tag, ...about }, 'email not sent')
        }
      })
    },
  }
}
