import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { invalidateMemberSessions } from '../../auth/sessions'
import { forbidden } from '../../authz/authorizer'
import { filterFor, listFilter } from '../../authz/guard'
import { bumpMemberAuthz } from '../../authz/load'
import { systemRoles } from '../../authz/permissions'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { members, roleAssignments, roles, teamMembers, teams, workspaces } from '../../db/schema'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { assertIfMatch } from '../../http/etag'
import { containsPattern } from '../../http/pagination'
import { idToUuid, type MemberId, type TeamId, type WorkspaceId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { listVisible } from '../../kit/visible'
import { assertActorIsOwner, assertHoldsPermissions, resolveRole } from '../roles/service'
import {
  type MemberRow,
  type RoleAssignmentRow,
  type RoleAssignmentView,
  toMember,
  toRoleAssignment,
} from '../workspace/service'

export type MemberView = ReturnType<typeof toMember>
export type MemberAvailability = MemberRow['availability']

/**
 * A member's ETag. `version` counts changes to the member row, `authzVersion` changes to their roles and
 * teams (every writer of those bumps it); both only grow, so their sum changes whenever the answer does.
 */
export const memberVersion = (m: Pick<MemberRow, 'version' | 'authzVersion'>) => m.version + m.authzVersion

/** A member as events carry it: never a password hash. */
export const eventMember = (m: MemberRow) => ({ id: m.id, email: m.email, name: m.name, status: m.status })

/** Role assignments with their role names, oldest first. */
async function loadAssignments(db: Db, memberIds: MemberId[]) {
  if (memberIds.length === 0) return []
  const rows = await db
    .select({ assignment: roleAssignments, customName: roles.name })
    .from(roleAssignments)
    .leftJoin(roles, eq(roles.id, roleAssignments.roleId))
    .where(inArray(roleAssignments.memberId, memberIds))
    .orderBy(asc(roleAssignments.createdAt), asc(roleAssignments.id))
  return rows.map(({ assignment, customName }) => ({
    memberId: assignment.memberId,
    view: toRoleAssignment(assignment, roleNameOf(assignment, customName)),
  }))
}

const roleNameOf = (a: Pick<RoleAssignmentRow, 'systemRole'>, customName: string | null) =>
  a.systemRole ? systemRoles[a.systemRole].name : (customName ?? '')

/**
 * Members as clients see them, with their roles and teams: two queries for any number of members. Other
 * areas answering a member (sign-in, the session) use this too.
 */
export async function presentMembers(db: Db, rows: MemberRow[]): Promise<MemberView[]> {
  const ids = rows.map((m) => m.id)
  const [assignments, memberships] = await Promise.all([
    loadAssignments(db, ids),
    ids.length === 0
      ? Promise.resolve([])
      : db
          .select({ memberId: teamMembers.memberId, teamId: teamMembers.teamId })
          .from(teamMembers)
          .where(inArray(teamMembers.memberId, ids))
          .orderBy(asc(teamMembers.createdAt), asc(teamMembers.teamId)),
  ])
  const rolesOf = new Map<string, RoleAssignmentView[]>()
  for (const a of assignments) rolesOf.set(a.memberId, [...(rolesOf.get(a.memberId) ?? []), a.view])
  const teamsOf = new Map<string, string[]>()
  for (const m of memberships) teamsOf.set(m.memberId, [...(teamsOf.get(m.memberId) ?? []), m.teamId])
  return rows.map((m) => toMember(m, { roles: rolesOf.get(m.id) ?? [], teamIds: teamsOf.get(m.id) ?? [] }))
}

export async function presentMember(db: Db, row: MemberRow): Promise<MemberView> {
  const [view] = await presentMembers(db, [row])
  if (!view) throw new Error('presentMembers returned nothing')
  return view
}

// ---------------------------------------------------------------------------------------------------------
// Members

const sortFields: SortFieldsOf<typeof operations.listMembers, MemberRow> = {
  createdAt: { column: members.createdAt, kind: 'timestamp', value: (m) => m.createdAt },
  name: { column: members.name, kind: 'text', value: (m) => m.name },
}

export async function listMembers(
  ctx: ServiceContext,
  query: {
    limit: number
    cursor?: string
    sort: string
    status?: 'active' | 'deactivated'
    availability?: MemberAvailability
    teamId?: TeamId
    q?: string
  },
  secret: string,
) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  if (query.status) params.status = query.status
  if (query.availability) params.availability = query.availability
  if (query.teamId) params.teamId = idToUuid(query.teamId)
  if (query.q) params.q = containsPattern(query.q)
  const page = await listVisible(ctx, 'Member', members, {
    name: 'list_members',
    variant: `${query.status ?? 'any'}:${query.availability ? 'availability' : ''}:${query.teamId ? 'team' : ''}:${query.q ? 'q' : ''}`,
    fields: sortFields,
    query,
    secret,
    filters: [
      query.status ? eq(members.status, sql.placeholder('status')) : undefined,
      query.availability ? eq(members.availability, sql.placeholder('availability')) : undefined,
      query.teamId
        ? sql`exists (select 1 from ${teamMembers} where ${teamMembers.memberId} = ${members.id} and ${teamMembers.teamId} = ${sql.placeholder('teamId')}::uuid)`
        : undefined,
      query.q
        ? sql`(${members.name} ilike ${sql.placeholder('q')} or ${members.email} ilike ${sql.placeholder('q')})`
        : undefined,
    ],
    params,
  })
  return { data: await presentMembers(ctx.db, page.rows), nextCursor: page.nextCursor }
}

/** A member the actor may read (404 otherwise, also for another workspace's id); `lock` for a change. */
async function visibleMember(ctx: ServiceContext, db: Db, id: MemberId, lock = false): Promise<MemberRow> {
  const read = await listFilter(ctx, 'Member')
  const query = db
    .select()
    .from(members)
    .where(and(eq(members.workspaceId, ctx.workspaceId), eq(members.id, id), read))
  const [row] = await (lock ? query.for('update') : query)
  if (!row) throw notFound('Member')
  return row
}

export async function getMember(ctx: ServiceContext, id: MemberId) {
  const row = await visibleMember(ctx, ctx.db, id)
  return { member: await presentMember(ctx.db, row), version: memberVersion(row) }
}

/**
 * 403 unless the actor may `action` the member. Member rules follow team memberships for team-limited keys,
 * so the decision is a query (never a per-row policy call) unless the compiled filter settles it alone.
 */
async function assertMemberAction(ctx: ServiceContext, db: Db, action: string, id: MemberId) {
  const filter = await filterFor(ctx, action, 'Member')
  if (filter.all) return
  if (!filter.none) {
    if (filter.test) {
      if (filter.test({ id, workspaceId: ctx.workspaceId })) return
    } else {
      const [row] = await db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.workspaceId, ctx.workspaceId), eq(members.id, id), filter.where))
      if (row) return
    }
  }
  throw forbidden(await ctx.principal(), 'Member', action)
}

/**
 * 409 `last_owner` unless an active member other than `memberId` holds `owner` workspace-wide. The workspace
 * row is locked first, so two owners demoting each other at once cannot both pass the count.
 */
async function assertAnotherActiveOwner(tx: Db, workspaceId: WorkspaceId, memberId: MemberId, doing: string) {
  await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for('update')
  const [other] = await tx
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .innerJoin(members, eq(members.id, roleAssignments.memberId))
    .where(
      and(
        eq(roleAssignments.workspaceId, workspaceId),
        eq(roleAssignments.systemRole, 'owner'),
        isNull(roleAssignments.teamId),
        ne(roleAssignments.memberId, memberId),
        eq(members.status, 'active'),
      ),
    )
    .limit(1)
  if (!other) {
    throw new ApiError(
      'last_owner',
      `Cannot ${doing}: the workspace needs an active owner. Make another member owner first`,
    )
  }
}

async function holdsWorkspaceOwner(db: Db, memberId: MemberId): Promise<boolean> {
  const [row] = await db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.memberId, memberId),
        eq(roleAssignments.systemRole, 'owner'),
        isNull(roleAssignments.teamId),
      ),
    )
    .limit(1)
  return row !== undefined
}

/**
 * Rename (members may rename themselves) and/or change the status (`members.manage`). Deactivating ends the
 * member's sessions in the same transaction and bumps their authz version; their API keys are refused by the
 * credential check from then on (this process drops its cached keys at once).
 */
export async function updateMember(
  ctx: ServiceContext,
  id: MemberId,
  input: { name?: string; status?: 'active' | 'deactivated'; availability?: MemberAvailability },
  ifMatch?: string,
): Promise<{ member: MemberView; version: number }> {
  const result = await transaction(ctx, async (tx) => {
    const current = await visibleMember(ctx, tx, id, true)
    const name = input.name?.trim()
    const renamed = name !== undefined && name !== current.name
    const statusChanged = input.status !== undefined && input.status !== current.status
    const availabilityChanged =
      input.availability !== undefined && input.availability !== current.availability
    // Availability follows the rename rule: members set their own, members.manage sets anyone's.
    if (input.name !== undefined || input.availability !== undefined)
      await assertMemberAction(ctx, tx, 'update', id)
    if (input.status !== undefined) await assertMemberAction(ctx, tx, 'deactivate', id)
    assertIfMatch(ifMatch, memberVersion(current))
    if (!renamed && !statusChanged && !availabilityChanged) {
      return { member: await presentMember(tx, current), version: memberVersion(current), deactivated: false }
    }
    const deactivating = statusChanged && input.status === 'deactivated'
    if (deactivating && (await holdsWorkspaceOwner(tx, id))) {
      await assertActorIsOwner(ctx, tx, 'deactivate an owner')
      await assertAnotherActiveOwner(tx, ctx.workspaceId, id, 'deactivate the last active owner')
    }
    const [updated] = await tx
      .update(members)
      .set({
        ...(renamed ? { name } : {}),
        ...(statusChanged ? { status: input.status } : {}),
        ...(availabilityChanged ? { availability: input.availability } : {}),
        updatedAt: new Date(),
        version: sql`${members.version} + 1`,
      })
      .where(eq(members.id, id))
      .returning()
    if (!updated) throw notFound('Member')
    if (deactivating) {
      await invalidateMemberSessions(tx, id)
      await emit(tx, ctx, {
        type: 'member.deactivated',
        resourceId: id,
        data: { member: eventMember(updated) },
      })
    }
    const previous: Record<string, unknown> = {}
    if (renamed) previous.name = current.name
    if (statusChanged && !deactivating) previous.status = current.status
    if (availabilityChanged) previous.availability = current.availability
    if (Object.keys(previous).length > 0) {
      await emit(tx, ctx, {
        type: 'member.updated',
        resourceId: id,
        data: { member: eventMember(updated), previous },
      })
    }
    return {
      member: await presentMember(tx, updated),
      version: memberVersion(updated),
      deactivated: deactivating,
    }
  })
  // The member's keys may sit in the verified-key cache: drop them so they stop working at once.
  if (result.deactivated) ctx.effects.authzChanged()
  return { member: result.member, version: result.version }
}

// ---------------------------------------------------------------------------------------------------------
// Role assignments

export async function listMemberRoles(ctx: ServiceContext, id: MemberId): Promise<RoleAssignmentView[]> {
  await visibleMember(ctx, ctx.db, id)
  return (await loadAssignments(ctx.db, [id])).map((a) => a.view)
}

/** A team of this workspace, held until commit so that it cannot vanish under the new reference. */
async function lockTeams(tx: Db, workspaceId: WorkspaceId, teamIds: TeamId[]) {
  if (teamIds.length === 0) return
  const found = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, teamIds)))
    .for('share')
  const missing = teamIds.find((t) => !found.some((f) => f.id === t))
  if (missing) throw new ApiError('not_found', `Team ${missing} not found`)
}

const roleChanged = (memberId: MemberId, change: 'assigned' | 'removed', a: RoleAssignmentView) => ({
  type: 'member.role_changed' as const,
  resourceId: memberId,
  data: {
    member: { id: memberId },
    change,
    assignment: { id: a.id, role: a.role, roleName: a.roleName, teamId: a.teamId },
  },
})

/**
 * Give a member a role, workspace-wide or in one team. Needs `roles.manage`; the escalation guard refuses a
 * role with a permission the actor lacks, and `owner` (always workspace-wide) is granted by owners only.
 */
export async function assignMemberRole(
  ctx: ServiceContext,
  memberId: MemberId,
  input: { role: string; teamId?: TeamId },
): Promise<RoleAssignmentView> {
  if (input.role === 'owner' && input.teamId !== undefined) {
    throw new ApiError('validation_failed', 'The owner role is always workspace-wide', {
      errors: [{ path: 'body.teamId', code: 'not_allowed', message: 'owner cannot be scoped to a team' }],
    })
  }
  const teamId = input.teamId ?? null
  try {
    const view = await transaction(ctx, async (tx) => {
      await visibleMember(ctx, tx, memberId)
      await assertMemberAction(ctx, tx, 'assign_role', memberId)
      const role = await resolveRole(tx, ctx.workspaceId, input.role, { lock: true })
      if (teamId) await lockTeams(tx, ctx.workspaceId, [teamId])
      if (role.systemRole === 'owner') await assertActorIsOwner(ctx, tx, 'grant the owner role')
      await assertHoldsPermissions(ctx, role.permissions, teamId, `grant ${role.name}`)
      const [row] = await tx
        .insert(roleAssignments)
        .values({
          workspaceId: ctx.workspaceId,
          memberId,
          systemRole: role.systemRole,
          roleId: role.roleId,
          teamId,
        })
        .returning()
      if (!row) throw new Error('insert returned no role assignment')
      await bumpMemberAuthz(tx, [memberId])
      const view = toRoleAssignment(row, role.name)
      await emit(tx, ctx, roleChanged(memberId, 'assigned', view))
      return view
    })
    // Cached keys carry the member's old authz version.
    ctx.effects.authzChanged()
    return view
  } catch (error) {
    if (isUniqueViolation(error, 'role_assignments_unique_key')) {
      throw new ApiError(
        'role_already_assigned',
        `The member already holds ${input.role}${teamId ? ` in team ${teamId}` : ' workspace-wide'}`,
      )
    }
    throw error
  }
}

/** Take a role away: the same rules as granting it, and the last active owner keeps `owner`. */
export async function removeMemberRole(ctx: ServiceContext, memberId: MemberId, assignmentId: string) {
  await transaction(ctx, async (tx) => {
    const member = await visibleMember(ctx, tx, memberId)
    await assertMemberAction(ctx, tx, 'assign_role', memberId)
    const [found] = await tx
      .select({ assignment: roleAssignments, customName: roles.name, customPermissions: roles.permissions })
      .from(roleAssignments)
      .leftJoin(roles, eq(roles.id, roleAssignments.roleId))
      .where(
        and(
          eq(roleAssignments.workspaceId, ctx.workspaceId),
          eq(roleAssignments.memberId, memberId),
          eq(roleAssignments.id, assignmentId),
        ),
      )
      .for('update', { of: roleAssignments })
    if (!found) throw notFound('Role assignment')
    const { assignment } = found
    const permissions = assignment.systemRole
      ? [...systemRoles[assignment.systemRole].permissions]
      : (found.customPermissions ?? [])
    const view = toRoleAssignment(assignment, roleNameOf(assignment, found.customName))
    if (assignment.systemRole === 'owner') {
      await assertActorIsOwner(ctx, tx, 'remove the owner role')
      if (member.status === 'active') {
        await assertAnotherActiveOwner(tx, ctx.workspaceId, memberId, 'remove the last active owner')
      }
    }
    await assertHoldsPermissions(ctx, permissions, assignment.teamId, `remove ${view.roleName}`)
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, assignment.id))
    await bumpMemberAuthz(tx, [memberId])
    await emit(tx, ctx, roleChanged(memberId, 'removed', view))
  })
  ctx.effects.authzChanged()
}
