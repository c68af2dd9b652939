import { allEventTypes, eventTypesVisibleWith } from '../events/catalogue'
import { type Permission, type Scope, scopeGrants } from './permissions'

/**
 * The actors the Polar policies see. They are plain, fully loaded objects (roles, teams, scopes): Oso
 * evaluates them concretely and leaves only the resource's fields unknown, so data filtering can turn a
 * decision into a SQL predicate over the resource table.
 */
export class MemberActor {
  constructor(
    readonly id: string,
    readonly workspaceId: string,
    /** Permissions from workspace-wide role assignments. */
    readonly permissions: ReadonlySet<string>,
    /** Permissions from team-scoped assignments, by team id. */
    readonly teamPermissions: ReadonlyMap<string, ReadonlySet<string>>,
    /** Teams the member belongs to. */
    readonly teamIds: readonly string[],
  ) {}

  /** A workspace-wide permission. */
  can(permission: Permission): boolean {
    return this.permissions.has(permission)
  }

  /** Teams in which the member holds `permission`: every team of a workspace-wide grant is not listed here. */
  teamsWith(permission: Permission): string[] {
    const teams: string[] = []
    for (const [teamId, permissions] of this.teamPermissions)
      if (permissions.has(permission)) teams.push(teamId)
    return teams
  }

  private eventTypes: string[] | undefined

  /** The event types the member may see in the stream: those whose catalogue `permission` they hold. */
  visibleEventTypes(): string[] {
    this.eventTypes ??= eventTypesVisibleWith(this.permissions)
    return this.eventTypes
  }

  /** Every event type: the stream needs no filter on type (and keeps its plain, prepared statement). */
  seesAllEvents(): boolean {
    return this.visibleEventTypes().length === allEventTypes().length
  }

  /** The member's own teams, when they hold `permission` workspace-wide or within that team. */
  memberTeamsWith(permission: Permission): string[] {
    if (this.permissions.has(permission)) return [...this.teamIds]
    return this.teamIds.filter((teamId) => this.teamPermissions.get(teamId)?.has(permission))
  }
}

export type TicketSharing = 'none' | 'members_read' | 'members_reply'

export class ContactActor {
  constructor(
    readonly id: string,
    readonly workspaceId: string,
    readonly organizationId: string | null,
    readonly ticketSharing: TicketSharing,
    /** The tickets the contact is CC'd on (a participant of): it reads them and replies to them. */
    readonly ccTicketIds: readonly string[] = [],
    /** The segments the contact is a member of (`segment_members`): content audiences admit by them. */
    readonly segmentIds: readonly string[] = [],
  ) {}

  /** True when the contact's organisation shares tickets with it at `level` or more. */
  sharesTickets(level: 'read' | 'reply'): boolean {
    if (!this.organizationId) return false
    return (
      this.ticketSharing === 'members_reply' || (level === 'read' && this.ticketSharing === 'members_read')
    )
  }
}

/** An API key: a service principal bounded by its scopes, its team/inbox limits and its member. */
export class ApiKeyActor {
  constructor(
    readonly id: string,
    readonly workspaceId: string,
    readonly scopes: readonly string[],
    readonly teamIds: readonly string[],
    readonly inboxIds: readonly string[],
    readonly member: MemberActor,
  ) {}

  hasScope(scope: Scope): boolean {
    return scopeGrants(this.scopes, scope)
  }

  /** True when the key has no team limit. */
  allTeams(): boolean {
    return this.teamIds.length === 0
  }

  /** True when the key has no inbox limit. */
  allInboxes(): boolean {
    return this.inboxIds.length === 0
  }
}

/**
 * An anonymous visitor, through a widget profile's publishable key. No member, contact or key rule matches it:
 * it may do only what an area's policy grants `VisitorActor` (`grants(v: VisitorActor, "read", b: Board) if …`).
 */
export class VisitorActor {
  constructor(
    /** The widget profile whose key the visitor called with. */
    readonly id: string,
    readonly workspaceId: string,
    /** The visitor's own id (`Loopdesk-Visitor-Id`); '' when its client sent none, which matches no row. */
    readonly visitorId: string = '',
  ) {}
}

export type Principal = MemberActor | ContactActor | ApiKeyActor | VisitorActor
