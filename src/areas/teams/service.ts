import { and, eq, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { isAllowedRow, listFilter } from '../../authz/guard'
import { bumpMemberAuthz } from '../../authz/load'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { members, roleAssignments, teamMembers, teams } from '../../db/schema'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { paginate } from '../../http/pagination'
import { idToUuid, type MemberId, newId, type TeamId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { listVisible } from '../../kit/visible'

// Spelled out: drizzle leaves columns unqualified in a one-table select list.
const memberCount = sql<number>`(select count(*) from team_members as tm where tm.team_id = "teams"."id")`
  .mapWith(Number)
  .as('member_count')

const teamColumns = {
  id: teams.id,
  workspaceId: teams.workspaceId,
  name: teams.name,
  description: teams.description,
  createdAt: teams.createdAt,
  updatedAt: teams.updatedAt,
  version: teams.version,
  memberCount,
}

export type TeamRow = typeof teams.$inferSelect & { memberCount: number }

export const toTeam = (t: TeamRow) => ({
  id: t.id,
  name: t.name,
  description: t.description,
  memberCount: t.memberCount,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
})

const teamSortFields: SortFieldsOf<typeof operations.listTeams, TeamRow> = {
  name: { column: teams.name, kind: 'text', value: (t) => t.name },
  createdAt: { column: teams.createdAt, kind: 'timestamp', value: (t) => t.createdAt },
}

const memberColumns = {
  id: members.id,
  name: members.name,
  email: members.email,
  status: members.status,
  addedAt: teamMembers.createdAt,
}
type TeamMemberRow = {
  id: MemberId
  name: string
  email: string
  status: 'active' | 'deactivated'
  addedAt: Date
}

export const toTeamMember = (m: TeamMemberRow) => ({
  id: m.id,
  name: m.name,
  email: m.email,
  status: m.status,
  addedAt: m.addedAt.toISOString(),
})

const memberSortFields: SortFieldsOf<typeof operations.listTeamMembers, TeamMemberRow> = {
  name: { column: members.name, kind: 'text', value: (m) => m.name },
  addedAt: { column: teamMembers.createdAt, kind: 'timestamp', value: (m) => m.addedAt },
}

const nameTaken = (name: string) =>
  new ApiError('name_taken', `A team named ${name} already exists in this workspace`)

/** Names are compared trimmed (and case-insensitively, by the unique index). */
function cleanName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed) {
    throw new ApiError('validation_failed', 'body.name: must not be blank', {
      errors: [{ path: 'body.name', code: 'too_small', message: 'must not be blank' }],
    })
  }
  return trimmed
}

const teamRef = (t: { id: string; name: string }) => ({ id: t.id, name: t.name })

/**
 * 403 for a create the policy refused. A key limited to teams may have the scope and its member the
 * permission, yet may not create teams (a new team is outside its limit): say so rather than name a
 * permission the member holds.
 */
async function refuseCreate(ctx: ServiceContext): Promise<never> {
  const error = forbidden(await ctx.principal(), 'Team', 'create')
  if (ctx.actor.type === 'api_key' && ctx.actor.teamIds.length > 0 && !error.extra.missing?.scope) {
    throw new ApiError('forbidden', 'An API key limited to teams may not create teams')
  }
  throw error
}

/** Lock a visible team (with its member count) for `action` and check `If-Match` (the update kit). */
const lockTeam = (ctx: ServiceContext, tx: Db, id: TeamId, action: string, ifMatch?: string) =>
  lockForChange<TeamRow>(ctx, tx, 'Team', id, { action, ifMatch, columns: teamColumns })

/** The team `id` if the actor may read it, else 404. */
async function visibleTeam(tx: Db, ctx: ServiceContext, id: TeamId, read: SQL) {
  const [row] = await tx
    .select(teamColumns)
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, id), read))
  if (!row) throw notFound('Team')
  return row
}

export async function listTeams(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  return listVisible(ctx, 'Team', teams, {
    name: 'list_teams',
    columns: teamColumns,
    fields: teamSortFields,
    query,
    secret,
  })
}

export async function getTeamOrThrow(ctx: ServiceContext, id: TeamId): Promise<TeamRow> {
  return visibleTeam(ctx.db, ctx, id, await listFilter(ctx, 'Team'))
}

export async function createTeam(
  ctx: ServiceContext,
  input: { name: string; description?: string | null },
): Promise<TeamRow> {
  const name = cleanName(input.name)
  const id = newId('team')
  if (!(await isAllowedRow(ctx, 'create', 'Team', { id, workspaceId: ctx.workspaceId }))) {
    await refuseCreate(ctx)
  }
  try {
    return await transaction(ctx, async (tx) => {
      const [row] = await tx
        .insert(teams)
        .values({ id, workspaceId: ctx.workspaceId, name, description: input.description ?? null })
        .returning()
      if (!row) throw new Error('insert returned no team')
      const team = { ...row, memberCount: 0 }
      await emit(tx, ctx, {
        type: 'team.created',
        resourceId: id,
        data: { team: toTeam(team) },
      })
      return team
    })
  } catch (error) {
    if (isUniqueViolation(error, 'teams_workspace_name_key')) throw nameTaken(name)
    throw error
  }
}

export async function updateTeam(
  ctx: ServiceContext,
  id: TeamId,
  input: { name?: string; description?: string | null },
  ifMatch?: string,
): Promise<TeamRow> {
  await listFilter(ctx, 'Team')
  const wanted: { name?: string; description?: string | null } = {}
  if (input.name !== undefined) wanted.name = cleanName(input.name)
  if (input.description !== undefined) wanted.description = input.description
  try {
    return await transaction(ctx, async (tx) => {
      const current = await lockTeam(ctx, tx, id, 'update', ifMatch)
      const { changed, previous } = diffFields(current, wanted)
      if (Object.keys(changed).length === 0) return current
      const [updated] = await tx
        .update(teams)
        .set({ ...changed, ...bumped(teams) })
        .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, id)))
        .returning()
      if (!updated) throw notFound('Team')
      const team = { ...updated, memberCount: current.memberCount }
      await emit(tx, ctx, {
        type: 'team.updated',
        resourceId: id,
        data: { team: toTeam(team), previous },
      })
      return team
    })
  } catch (error) {
    if (isUniqueViolation(error, 'teams_workspace_name_key')) throw nameTaken(wanted.name ?? '')
    throw error
  }
}

/**
 * Delete a team with its memberships and team-scoped role assignments (foreign keys cascade). Everyone who
 * was in it or held a role in it gets a new authz version in the same transaction. API keys limited to the
 * team keep the (now dangling) id: dropping it could leave a key with no limit, which means every team.
 */
export async function deleteTeam(ctx: ServiceContext, id: TeamId, ifMatch?: string): Promise<void> {
  await listFilter(ctx, 'Team')
  await transaction(ctx, async (tx) => {
    const current = await lockTeam(ctx, tx, id, 'delete', ifMatch)
    const [inTeam, withRoles] = await Promise.all([
      tx.select({ memberId: teamMembers.memberId }).from(teamMembers).where(eq(teamMembers.teamId, id)),
      tx
        .select({ memberId: roleAssignments.memberId })
        .from(roleAssignments)
        .where(eq(roleAssignments.teamId, id)),
    ])
    const memberIds = [...new Set(inTeam.map((m) => m.memberId as string))]
    const affected = [...new Set([...memberIds, ...withRoles.map((m) => m.memberId as string)])]
    await tx.delete(teams).where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, id)))
    await bumpMemberAuthz(tx, affected)
    await emit(tx, ctx, {
      type: 'team.deleted',
      resourceId: id,
      data: { team: teamRef(current), memberIds },
    })
  })
  ctx.effects.authzChanged()
}

export async function listTeamMembers(
  ctx: ServiceContext,
  teamId: TeamId,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  await getTeamOrThrow(ctx, teamId)
  return paginate({
    db: ctx.db,
    name: 'list_team_members',
    secret,
    sort: query.sort,
    fields: memberSortFields,
    idColumn: members.id,
    limit: query.limit,
    cursor: query.cursor,
    params: { workspaceId: idToUuid(ctx.workspaceId), teamId: idToUuid(teamId) },
    build: ({ db, where, orderBy }) =>
      db
        .select(memberColumns)
        .from(teamMembers)
        .innerJoin(members, eq(members.id, teamMembers.memberId))
        .where(
          and(
            eq(teamMembers.workspaceId, sql.placeholder('workspaceId')),
            eq(teamMembers.teamId, sql.placeholder('teamId')),
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}

/**
 * Lock the team for a membership change: visible (else 404), `manage_members` allowed (else 403). The lock
 * serialises changes to one team, and its version moves with `memberCount` so ETags stay honest.
 */
async function teamForMembershipChange(tx: Db, ctx: ServiceContext, teamId: TeamId) {
  const team = await lockTeam(ctx, tx, teamId, 'manage_members')
  await tx
    .update(teams)
    .set({ version: sql`${teams.version} + 1` })
    .where(eq(teams.id, teamId))
  return team
}

/** Add a member to a team; the member's authz version moves with it (their visibility changes). */
export async function addTeamMember(
  ctx: ServiceContext,
  teamId: TeamId,
  memberId: MemberId,
): Promise<TeamMemberRow> {
  await listFilter(ctx, 'Team')
  const result = await transaction(ctx, async (tx) => {
    const team = await teamForMembershipChange(tx, ctx, teamId)
    const [member] = await tx
      .select({ id: members.id, name: members.name, email: members.email, status: members.status })
      .from(members)
      .where(and(eq(members.workspaceId, ctx.workspaceId), eq(members.id, memberId)))
    if (!member) {
      throw new ApiError('not_found', `Member ${memberId} (body.memberId) not found in this workspace`, {
        errors: [{ path: 'body.memberId', code: 'not_found', message: 'is not a member of this workspace' }],
      })
    }
    const [added] = await tx
      .insert(teamMembers)
      .values({ workspaceId: ctx.workspaceId, teamId, memberId })
      .onConflictDoNothing()
      .returning({ addedAt: teamMembers.createdAt })
    if (!added) {
      throw new ApiError('already_member', `Member ${memberId} is already in team ${team.name}`)
    }
    await bumpMemberAuthz(tx, [memberId])
    await emit(tx, ctx, {
      type: 'team.member_added',
      resourceId: teamId,
      data: { team: teamRef(team), member: { id: member.id, name: member.name } },
    })
    return { ...member, addedAt: added.addedAt }
  })
  ctx.effects.authzChanged()
  return result
}

/** Take a member out of a team (404 when not in it). Their team-scoped role assignments stay. */
export async function removeTeamMember(ctx: ServiceContext, teamId: TeamId, memberId: MemberId) {
  await listFilter(ctx, 'Team')
  await transaction(ctx, async (tx) => {
    const team = await teamForMembershipChange(tx, ctx, teamId)
    const [removed] = await tx
      .delete(teamMembers)
      .where(
        and(
          eq(teamMembers.workspaceId, ctx.workspaceId),
          eq(teamMembers.teamId, teamId),
          eq(teamMembers.memberId, memberId),
        ),
      )
      .returning({ memberId: teamMembers.memberId })
    if (!removed) throw notFound(`Member ${memberId} in team ${team.name}`)
    const [member] = await tx
      .select({ id: members.id, name: members.name })
      .from(members)
      .where(eq(members.id, memberId))
    await bumpMemberAuthz(tx, [memberId])
    await emit(tx, ctx, {
      type: 'team.member_removed',
      resourceId: teamId,
      data: { team: teamRef(team), member: { id: memberId, name: member?.name ?? '' } },
    })
  })
  ctx.effects.authzChanged()
}
