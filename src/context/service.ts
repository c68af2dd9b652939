import type { Authorizer } from '../authz/authorizer'
import type { Principal } from '../authz/principal'
import type { Db } from '../db/database'
import { ApiError } from '../http/errors'
import type { MemberId, WorkspaceId } from '../ids'
import type { AuthenticatedActor, EventActor, RequestOrigin } from './actor'

/**
 * Where events come from: the tenant and the actor. A `ServiceContext` is one; code that acts with no
 * request (ticks, jobs) builds one with `systemActor`.
 */
export interface EventSource {
  workspaceId: WorkspaceId
  /** The actor as events and the audit log record it (with the request's origin, when there is one). */
  eventActor: EventActor
}

/** What a service function needs: the database (or transaction), the tenant, who acts and their policy. */
export interface ServiceContext extends EventSource {
  db: Db
  actor: AuthenticatedActor
  requestId: string
  /** The actor as the policy sees it (loaded once per request, cached per authz version). */
  principal: () => Promise<Principal>
  authorizer: Authorizer
  /** Cache key of the actor's decisions (identity + authz versions). */
  authzKey: string
  /** Request id, client address and user agent: the audit log records them with each change. */
  origin: RequestOrigin
}

/**
 * Run `work` in one transaction, with what the policy needs loaded first. The actor's policy view is read
 * through the pool, outside the transaction: on PGlite (one connection) a read started inside an open
 * transaction but outside it would wait for that transaction forever. Warm, the load is a map lookup.
 */
export async function transaction<T>(ctx: ServiceContext, work: (tx: Db) => Promise<T>): Promise<T> {
  await ctx.principal()
  return ctx.db.transaction(work)
}

/** The member a staff request acts for: the session's member, or the API key's. Contacts get 403. */
export function actingMemberId(ctx: ServiceContext): MemberId {
  if (ctx.actor.type === 'member') return ctx.actor.id
  if (ctx.actor.type === 'api_key') return ctx.actor.memberId
  throw new ApiError('forbidden', 'Only members and their API keys may do this')
}
