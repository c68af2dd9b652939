import type { Logger } from 'pino'
import type { Config } from '../config'
import type { Database, Db } from '../db/database'
import type { ApiKeyId, MemberId, WorkspaceId } from '../ids'
import type { ApiKeyCache } from './auth'
import type { RateLimiter } from './rate-limit'

/** Who is calling. Later issues add `member` (session) and `contact` actors beside these. */
export type Actor =
  | { type: 'api_key'; id: ApiKeyId; memberId: MemberId; workspaceId: WorkspaceId }
  | { type: 'anonymous' }

export type AuthenticatedActor = Exclude<Actor, { type: 'anonymous' }>

/** What the app is built from; tests build it with their own database and settings. */
export interface AppDeps {
  config: Config
  database: Database
  logger: Logger
  rateLimiter: RateLimiter
  apiKeyCache: ApiKeyCache
  /** HMAC key for cursors and other server-signed values. */
  secret: string
}

export type AppEnv = {
  Variables: {
    deps: AppDeps
    requestId: string
    logger: Logger
    actor: Actor
  }
}

/** What a service function needs: the database (or transaction), the tenant and who acts. */
export interface ServiceContext {
  db: Db
  workspaceId: WorkspaceId
  actor: AuthenticatedActor
  requestId: string
}

/** The service context of an authenticated request (every non-public operation has one). */
export function serviceContext(c: {
  get<K extends keyof AppEnv['Variables']>(key: K): AppEnv['Variables'][K]
}): ServiceContext {
  const actor = c.get('actor')
  if (actor.type === 'anonymous') throw new Error('serviceContext() on an anonymous request')
  return {
    db: c.get('deps').database.db,
    workspaceId: actor.workspaceId,
    actor,
    requestId: c.get('requestId'),
  }
}
