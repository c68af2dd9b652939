import type { ApiKeyId, ContactId, Id, MemberId, SessionId, WorkspaceId } from '../ids'

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
  | {
      /**
       * An anonymous visitor: a caller with a widget profile's publishable key (`wpk_…`). Its id is the
       * profile's; it may do only what the policies grant `VisitorActor`, and browsers only from the profile's
       * allowed origins (checked by `authenticate`).
       */
      type: 'visitor'
      id: Id<'wp'>
      workspaceId: WorkspaceId
      authzVersion: string
      /** The profile's allowed origins (lower case): CORS answers follow them. */
      allowedOrigins: string[]
      /**
       * The anonymous visitor's own id, as its client sent it (`Loopdesk-Visitor-Id`): a stable random id the
       * widget keeps (e.g. in local storage). It tells one visitor's votes and posts from another's; empty when
       * none was sent.
       */
      visitorId: string
    }
  | { type: 'anonymous' }

export type AuthenticatedActor = Exclude<Actor, { type: 'anonymous' }>

/** The cache key of an actor's authorization decisions. */
export function authzKeyOf(actor: AuthenticatedActor): string {
  // A visitor's own posts are its own: its decisions depend on its visitor id too.
  if (actor.type === 'visitor') return `visitor:${actor.id}:${actor.visitorId}:${actor.authzVersion}`
  return `${actor.type}:${actor.id}:${actor.authzVersion}`
}

/** Where a request came from, as the audit log records it with each change the request makes. */
export interface RequestOrigin {
  /** The request id (`X-Request-Id`). */
  id: string
  /** The client's address as `clientIp()` sees it; null when unknown. */
  ip: string | null
  userAgent: string | null
}

/** Who caused an event, as the outbox and the audit log record it. */
export interface EventActor {
  type: 'api_key' | 'member' | 'contact' | 'visitor' | 'system'
  id?: string
  /** For an API key, the member it acts for (else the audit log looks it up). */
  memberId?: MemberId
  /** The request that acted, when there is one: the audit log records its id, address and user agent. */
  origin?: RequestOrigin
}

/** The actor of events no request caused (ticks, jobs, scripts). */
export const systemActor: EventActor = { type: 'system' }

/** An authenticated caller as the actor of the events it causes, with the request it made. */
export function eventActorOf(actor: AuthenticatedActor, origin: RequestOrigin | undefined): EventActor {
  return {
    type: actor.type,
    id: actor.id,
    ...(actor.type === 'api_key' ? { memberId: actor.memberId } : {}),
    ...(origin ? { origin } : {}),
  }
}
