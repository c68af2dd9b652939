import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { AuthenticatedActor } from '../context/actor'
import { authzKeyOf } from '../context/actor'
import type { Db } from '../db/database'
import {
  contacts,
  members,
  organizations,
  roleAssignments,
  roles,
  segmentMembers,
  teamMembers,
  workspaces,
} from '../db/schema'
import type { SystemRoleKey } from '../db/schema/identity'
import { ticketParticipants } from '../db/schema/tickets'
import type { MemberId, WorkspaceId } from '../ids'
import { systemRoles } from './permissions'
import {
  ApiKeyActor,
  ContactActor,
  MemberActor,
  type Principal,
  type TicketSharing,
  VisitorActor,
} from './principal'

/** One role assignment with the permissions it grants. */
export interface LoadedAssignment {
  systemRole: SystemRoleKey | null
  roleId: string | null
  roleName: string
  teamId: string | null
  permissions: string[]
}

/** Read a member's role assignments (with their permissions) and teams. */
export async function loadMemberGrants(db: Db, memberId: string) {
  const [assignments, memberships] = await Promise.all([
    db
      .select({
        systemRole: roleAssignments.systemRole,
        roleId: roleAssignments.roleId,
        teamId: roleAssignments.teamId,
        customName: roles.name,
        customPermissions: roles.permissions,
      })
      .from(roleAssignments)
      .leftJoin(roles, eq(roles.id, roleAssignments.roleId))
      .where(eq(roleAssignments.memberId, memberId as MemberId))
      .orderBy(roleAssignments.createdAt),
    db
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(eq(teamMembers.memberId, memberId as MemberId)),
  ])
  const loaded: LoadedAssignment[] = assignments.map((a) => ({
    systemRole: a.systemRole,
    roleId: a.roleId,
    teamId: a.teamId,
    roleName: a.systemRole ? systemRoles[a.systemRole].name : (a.customName ?? ''),
    permissions: a.systemRole ? [...systemRoles[a.systemRole].permissions] : (a.customPermissions ?? []),
  }))
  return { assignments: loaded, teamIds: memberships.map((m) => m.teamId as string) }
}

/** Build the policy's view of a member from assignments (all of them, or one for `authz/check`'s "why"). */
export function memberActor(
  id: string,
  workspaceId: string,
  assignments: LoadedAssignment[],
  teamIds: string[],
): MemberActor {
  const workspaceWide = new Set<string>()
  const byTeam = new Map<string, Set<string>>()
  for (const a of assignments) {
    if (a.teamId === null) for (const p of a.permissions) workspaceWide.add(p)
    else {
      const set = byTeam.get(a.teamId) ?? new Set<string>()
      for (const p of a.permissions) set.add(p)
      byTeam.set(a.teamId, set)
    }
  }
  return new MemberActor(id, workspaceId, workspaceWide, byTeam, teamIds)
}

/**
 * Loads actors as the policy sees them, cached by identity and authz version: a warm request costs no
 * query here. A version bump (roles, teams, organisation, role definitions) changes the key.
 */
export class PrincipalLoader {
  private readonly cache = new Map<string, Promise<Principal>>()
  constructor(private readonly maxEntries = 10_000) {}

  load(db: Db, actor: AuthenticatedActor): Promise<Principal> {
    const key = authzKeyOf(actor)
    let found = this.cache.get(key)
    if (!found) {
      found = this.fetch(db, actor)
      found.catch(() => this.cache.delete(key))
      if (this.cache.size >= this.maxEntries) this.cache.clear()
      this.cache.set(key, found)
    }
    return found
  }

  clear() {
    this.cache.clear()
  }

  private async fetch(db: Db, actor: AuthenticatedActor): Promise<Principal> {
    if (actor.type === 'visitor') return new VisitorActor(actor.id, actor.workspaceId, actor.visitorId)
    if (actor.type === 'contact') {
      const [[row], cc, segments] = await Promise.all([
        db
          .select({ organizationId: contacts.organizationId, ticketSharing: organizations.ticketSharing })
          .from(contacts)
          .leftJoin(organizations, eq(organizations.id, contacts.organizationId))
          .where(and(eq(contacts.id, actor.id), isNull(contacts.mergedIntoId))),
        // Adding or removing a CC bumps the contact's authz version, so this list is never stale in the cache.
        db
          .select({ ticketId: ticketParticipants.ticketId })
          .from(ticketParticipants)
          .where(eq(ticketParticipants.contactId, actor.id)),
        // Joining or leaving a segment bumps the contact's authz version too.
        db
          .select({ segmentId: segmentMembers.segmentId })
          .from(segmentMembers)
          .where(eq(segmentMembers.contactId, actor.id)),
      ])
      return new ContactActor(
        actor.id,
        actor.workspaceId,
        row?.organizationId ?? null,
        (row?.ticketSharing ?? 'none') as TicketSharing,
        cc.map((c) => c.ticketId as string),
        segments.map((s) => s.segmentId as string),
      )
    }
    const memberId = actor.type === 'api_key' ? actor.memberId : actor.id
    const grants = await loadMemberGrants(db, memberId)
    const member = memberActor(memberId, actor.workspaceId, grants.assignments, grants.teamIds)
    if (actor.type === 'member') return member
    return new ApiKeyActor(actor.id, actor.workspaceId, actor.scopes, actor.teamIds, actor.inboxIds, member)
  }
}

/** Bump the authz version of members (their roles or teams changed), inside the caller's transaction. */
export async function bumpMemberAuthz(tx: Db, memberIds: string[]) {
  if (memberIds.length === 0) return
  await tx
    .update(members)
    .set({ authzVersion: sql`${members.authzVersion} + 1` })
    .where(inArray(members.id, memberIds as MemberId[]))
}

/** Bump the workspace's authz version (a custom role's permissions changed), inside the transaction. */
export async function bumpWorkspaceAuthz(tx: Db, workspaceId: WorkspaceId) {
  await tx
    .update(workspaces)
    .set({ authzVersion: sql`${workspaces.authzVersion} + 1` })
    .where(eq(workspaces.id, workspaceId))
}
