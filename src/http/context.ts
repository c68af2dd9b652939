import type { Logger } from 'pino'
import type { AuthLimiters } from '../areas/auth/limits'
import type { Authorizer } from '../authz/authorizer'
import type { PrincipalLoader } from '../authz/load'
import type { Principal } from '../authz/principal'
import type { Config } from '../config'
import type { Database, Db } from '../db/database'
import type { ApiKeyId, ContactId, MemberId, SessionId, WorkspaceId } from '../ids'
import type { Mailer } from '../mail/mailer'
import type { ApiKeyCache } from './auth'
import type { ResolvedOperation } from './operations'
import type { RateLimiter } from './rate-limit'

/**
 * Who is calling. `authzVersion` joins every version that changes what the actor may do (its roles,
 * teams or organisation; the workspace's role definitions; the key's scopes): it keys the filter cache.
 */
export type Actor =
  | {
      type: 'api_key'
      id: ApiKeyId
      memberId: MemberId
      workspaceId: WorkspaceId
      authzVersion: string
      scopes: string[]
      teamIds: string[]
      inboxIds: string[]
    }
  | {
      type: 'member'
      id: MemberId
      workspaceId: WorkspaceId
      sessionId: SessionId
      authzVersion: string
      /** True when the session came from the cookie: writes must pass the Origin check. */
      viaCookie: boolean
    }
  | {
      type: 'contact'
      id: ContactId
      workspaceId: WorkspaceId
      sessionId: SessionId
      authzVersion: string
      viaCookie: boolean
    }
  | { type: 'anonymous' }

export type AuthenticatedActor = Exclude<Actor, { type: 'anonymous' }>

/** What the app is built from; tests build it with their own database and settings. */
export interface AppDeps {
  config: Config
  database: Database
  logger: Logger
  rateLimiter: RateLimiter
  apiKeyCache: ApiKeyCache
  authorizer: Authorizer
  principals: PrincipalLoader
  mailer: Mailer
  /** Sign-in attempt counters (failed logins, portal codes and emails per address and per client). */
  authLimiters: AuthLimiters
  /** HMAC key for cursors and other server-signed values. */
  secret: string
}

/** Where a request came from, as the audit log records it with each change the request makes. */
export interface RequestOrigin {
  /** The request id (`X-Request-Id`). */
  id: string
  /** The client's address as `clientIp()` sees it; null when unknown. */
  ip: string | null
  userAgent: string | null
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
  }
}

/** What a service function needs: the database (or transaction), the tenant, who acts and their policy. */
export interface ServiceContext {
  db: Db
  workspaceId: WorkspaceId
  actor: AuthenticatedActor
  requestId: string
  /** The actor as the policy sees it (loaded once per request, cached per authz version). */
  principal: () => Promise<Principal>
  authorizer: Authorizer
  /** Cache key of the actor's decisions (identity + authz versions). */
  authzKey: string
  /** Request id, client address and user agent: `eventActor(ctx)` hands them to the audit log. */
  origin: RequestOrigin
}

/** The cache key of an actor's authorization decisions. */
export function authzKeyOf(actor: AuthenticatedActor): string {
  return `${actor.type}:${actor.id}:${actor.authzVersion}`
}

type ContextLike = {
  get<K extends keyof AppEnv['Variables']>(key: K): AppEnv['Variables'][K]
  req: { header(name: string): string | undefined }
}

/** The client's address as the proxy chain reports it (first X-Forwarded-For hop), else unknown. */
/** The service context of an authenticated request (every non-public operation has one). */
export function serviceContext(c: ContextLike): ServiceContext {
  const actor = c.get('actor')
  if (actor.type === 'anonymous') throw new Error('serviceContext() on an anonymous request')
  const deps = c.get('deps')
  const preloaded = c.get('principal')
  let loaded: Promise<Principal> | undefined = preloaded ? Promise.resolve(preloaded) : undefined
  return {
    db: deps.database.db,
    workspaceId: actor.workspaceId,
    actor,
    requestId: c.get('requestId'),
    principal: () => {
      loaded ??= deps.principals.load(deps.database.db, actor)
      return loaded
    },
    authorizer: deps.authorizer,
    authzKey: authzKeyOf(actor),
    origin: c.get('origin'),
  }
}
