import type { Authorizer } from '../authz/authorizer'
import type { Principal } from '../authz/principal'
import type { Db } from '../db/database'
import { ApiError } from '../http/errors'
import type { ApiKeyId, MemberId, WorkspaceId } from '../ids'
import type { MailMessage } from '../mail/mailer'
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
  /** What a write tells this process once it has committed. */
  effects: ServiceEffects
}

/**
 * The process-local side effects of a committed write. Call them after the transaction: a cache forgotten
 * before commit could be filled again with the old state by a request running in between.
 */
export interface ServiceEffects {
  /** A key's scopes, limits, expiry or secret changed, or it was revoked: drop its cached verification. */
  apiKeyChanged(id: ApiKeyId): void
  /** A widget profile's publishable key, origins or existence changed: drop its cached verification. */
  publishableKeyChanged(profileId: string): void
  /** Roles, teams, role definitions or a member's status changed: cached keys may carry stale authz versions. */
  authzChanged(): void
  /** Send an email now. A failure is logged, never thrown: the write it belongs to stands. */
  sendMail(message: MailMessage, about: Record<string, unknown>): Promise<void>
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
