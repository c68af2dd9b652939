import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { hashPassword } from '../../auth/passwords'
import { assertAllowed, listFilter } from '../../authz/guard'
import { loadMemberGrants, memberActor } from '../../authz/load'
import { systemRoles } from '../../authz/permissions'
import { type RequestOrigin, systemActor } from '../../context/actor'
import { actingMemberId, type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { invitations, members, roleAssignments, roles, teamMembers, teams, workspaces } from '../../db/schema'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { assertIfMatch } from '../../http/etag'
import { paginate } from '../../http/pagination'
import { type InvitationId, idToUuid, newId, type TeamId, uuidToId, type WorkspaceId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { assertTeamsExist } from '../../kit/teams'
import { eventMember, presentMember } from '../members/service'
import { assertActorIsOwner, assertHoldsPermissions, type ResolvedRole, resolveRole } from '../roles/service'

export type InvitationRow = typeof invitations.$inferSelect
type InvitationWithRole = InvitationRow & { customRoleName: string | null }

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

function invitationStatus(i: InvitationRow, now = Date.now()) {
  if (i.acceptedAt) return 'accepted' as const
  if (i.revokedAt) return 'revoked' as const
  if (i.expiresAt.getTime() <= now) return 'expired' as const
  return 'pending' as const
}

/** An invitation as clients see it: never its token or the token's hash. */
export const toInvitation = (i: InvitationWithRole) => ({
  id: i.id,
  email: i.email,
  role: (i.systemRole ?? i.roleId) as string,
  roleName: i.systemRole ? systemRoles[i.systemRole].name : (i.customRoleName ?? ''),
  teamIds: i.teamIds.map((t) => uuidToId('team', t)),
  status: invitationStatus(i),
  invitedBy: i.invitedBy,
  createdAt: i.createdAt.toISOString(),
  expiresAt: i.expiresAt.toISOString(),
  acceptedAt: i.acceptedAt?.toISOString() ?? null,
  acceptedMemberId: i.acceptedMemberId,
  revokedAt: i.revokedAt?.toISOString() ?? null,
})

const pending = () =>
  and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`))

const invitationStatusFilters: Record<
  'pending' | 'accepted' | 'revoked' | 'expired' | 'all',
  SQL | undefined
> = {
  pending: pending(),
  accepted: isNotNull(invitations.acceptedAt),
  revoked: and(isNull(invitations.acceptedAt), isNotNull(invitations.revokedAt)),
  expired: and(
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    lte(invitations.expiresAt, sql`now()`),
  ),
  all: undefined,
}

const invitationSortFields: SortFieldsOf<typeof operations.listInvitations, InvitationWithRole> = {
  createdAt: { column: invitations.createdAt, kind: 'timestamp', value: (i) => i.createdAt },
}

const invitationColumns = {
  id: invitations.id,
  workspaceId: invitations.workspaceId,
  email: invitations.email,
  systemRole: invitations.systemRole,
  roleId: invitations.roleId,
  teamIds: invitations.teamIds,
  tokenHash: invitations.tokenHash,
  invitedBy: invitations.invitedBy,
  createdAt: invitations.createdAt,
  expiresAt: invitations.expiresAt,
  acceptedAt: invitations.acceptedAt,
  acceptedMemberId: invitations.acceptedMemberId,
  revokedAt: invitations.revokedAt,
  version: invitations.version,
  customRoleName: roles.name,
}

export async function listInvitations(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string; status: keyof typeof invitationStatusFilters },
  secret: string,
) {
  const authz = await listFilter(ctx, 'Invitation')
  const page = await paginate({
    db: ctx.db,
    name: 'list_invitations',
    variant: query.status,
    secret,
    sort: query.sort,
    fields: invitationSortFields,
    idColumn: invitations.id,
    limit: query.limit,
    cursor: query.cursor,
    params: { workspaceId: idToUuid(ctx.workspaceId) },
    authz,
    build: ({ db, where, orderBy }) =>
      db
        .select(invitationColumns)
        .from(invitations)
        .leftJoin(roles, eq(roles.id, invitations.roleId))
        .where(
          and(
            eq(invitations.workspaceId, sql.placeholder('workspaceId')),
            invitationStatusFilters[query.status],
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
  return { data: page.rows.map(toInvitation), nextCursor: page.nextCursor }
}

async function visibleInvitation(ctx: ServiceContext, db: Db, id: InvitationId, lock = false) {
  const read = await listFilter(ctx, 'Invitation')
  const query = db
    .select(invitationColumns)
    .from(invitations)
    .leftJoin(roles, eq(roles.id, invitations.roleId))
    .where(and(eq(invitations.workspaceId, ctx.workspaceId), eq(invitations.id, id), read))
  const [row] = await (lock ? query.for('update', { of: invitations }) : query)
  if (!row) throw notFound('Invitation')
  return row
}

export const getInvitation = (ctx: ServiceContext, id: InvitationId) => visibleInvitation(ctx, ctx.db, id)

const memberExists = (email: string) =>
  new ApiError(
    'member_exists',
    `${email} is a member of this workspace already (reactivate them if deactivated)`,
  )

async function assertNoMemberWithEmail(db: Db, workspaceId: WorkspaceId, email: string) {
  const [existing] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), sql`lower(${members.email}) = lower(${email})`))
  if (existing) throw memberExists(email)
}

/**
 * Invite `email` with a role and teams. The token (256 random bits) is answered once and only its SHA-256 is
 * stored. Earlier pending invitations to the same address are revoked: the newest link is the one that works.
 */
export async function createInvitation(
  ctx: ServiceContext,
  input: { email: string; role: string; teamIds?: TeamId[] },
  publicUrl: string,
) {
  await assertAllowed(ctx, 'create', 'Invitation', { workspaceId: ctx.workspaceId })
  const email = input.email.trim()
  const teamIds = [...new Set(input.teamIds ?? [])]
  const token = randomBytes(32).toString('base64url')
  const now = new Date()
  const result = await transaction(ctx, async (tx) => {
    const role: ResolvedRole = await resolveRole(tx, ctx.workspaceId, input.role, { lock: true })
    if (role.systemRole === 'owner') await assertActorIsOwner(ctx, tx, 'invite an owner')
    await assertHoldsPermissions(ctx, role.permissions, null, `invite as ${role.name}`)
    await assertTeamsExist(tx, ctx.workspaceId, teamIds, 'body.teamIds', { lock: true })
    await assertNoMemberWithEmail(tx, ctx.workspaceId, email)
    const superseded = await tx
      .update(invitations)
      .set({ revokedAt: new Date(), version: sql`${invitations.version} + 1` })
      .where(
        and(
          eq(invitations.workspaceId, ctx.workspaceId),
          sql`lower(${invitations.email}) = lower(${email})`,
          pending(),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email })
    for (const old of superseded) {
      await emit(tx, ctx, {
        type: 'invitation.revoked',
        resourceId: old.id,
        data: { invitation: old },
      })
    }
    const [row] = await tx
      .insert(invitations)
      .values({
        id: newId('inv'),
        workspaceId: ctx.workspaceId,
        email,
        systemRole: role.systemRole,
        roleId: role.roleId,
        teamIds: teamIds.map((t) => idToUuid(t)),
        tokenHash: tokenHash(token),
        invitedBy: actingMemberId(ctx),
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      })
      .returning()
    if (!row) throw new Error('insert returned no invitation')
    const invitation = toInvitation({ ...row, customRoleName: role.roleId ? role.name : null })
    await emit(tx, ctx, {
      type: 'member.invited',
      resourceId: row.id,
      data: {
        invitation: {
          id: row.id,
          email,
          role: invitation.role,
          teamIds: invitation.teamIds,
          invitedBy: row.invitedBy,
          expiresAt: invitation.expiresAt,
        },
      },
    })
    const [workspace] = await tx
      .select({ name: workspaces.name })
      .from(workspaces)
      .where(eq(workspaces.id, ctx.workspaceId))
    return { row, invitation, workspaceName: workspace?.name ?? 'Loopdesk' }
  })
  // In the fragment: browsers never send it to a server, so no access log or Referer carries the token.
  const acceptUrl = `${publicUrl.replace(/\/+$/, '')}/accept-invitation#token=${token}`
  // After commit: a failed email leaves the invitation standing; the answer carries the link to pass on by hand.
  await ctx.effects.sendMail(
    invitationMail(result.invitation.email, result.workspaceName, result.invitation.roleName, acceptUrl),
    { invitationId: result.row.id },
  )
  return { ...result, token, acceptUrl }
}

/** The invitation email: the one place besides the creation answer where the token appears. */
export function invitationMail(to: string, workspaceName: string, roleName: string, acceptUrl: string) {
  return {
    to,
    subject: `You are invited to ${workspaceName} on Loopdesk`,
    text: [
      `You have been invited to join ${workspaceName} on Loopdesk as ${roleName}.`,
      '',
      `Accept the invitation and choose a password: ${acceptUrl}`,
      '',
      'The link works once and expires in 7 days. If you did not expect this, ignore this message.',
    ].join('\n'),
    tag: 'invitation',
  }
}

/** Revoke a pending invitation. Revoking a revoked or expired one changes nothing; an accepted one is a 409. */
export async function revokeInvitation(ctx: ServiceContext, id: InvitationId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await visibleInvitation(ctx, tx, id, true)
    await assertAllowed(ctx, 'revoke', 'Invitation', current)
    assertIfMatch(ifMatch, current.version)
    const status = invitationStatus(current)
    if (status === 'accepted') {
      throw new ApiError('invitation_accepted', 'The invitation was accepted: deactivate the member instead')
    }
    if (status !== 'pending') return
    await tx
      .update(invitations)
      .set({ revokedAt: new Date(), version: sql`${invitations.version} + 1` })
      .where(eq(invitations.id, id))
    await emit(tx, ctx, {
      type: 'invitation.revoked',
      resourceId: id,
      data: { invitation: { id, email: current.email } },
    })
  })
}

/** 404 for an unknown token; 410 with the reason for one that no longer works. */
function assertUsable(row: InvitationRow | undefined): asserts row is InvitationRow {
  if (!row) throw new ApiError('not_found', 'No invitation has this token')
  const status = invitationStatus(row)
  if (status === 'accepted')
    throw new ApiError('invitation_used', 'This invitation was used already: sign in')
  if (status === 'revoked') throw new ApiError('invitation_revoked', 'This invitation was revoked')
  if (status === 'expired')
    throw new ApiError('invitation_expired', 'This invitation has expired: ask for a new one')
}

/**
 * Why the inviter may no longer grant what the invitation offers, if so: they were deactivated, lost
 * `members.manage`, lost a permission of the role (the escalation guard, applied again at acceptance), or, for
 * `owner`, are no longer an owner. An invitation never grants more than its inviter could grant now.
 */
async function inviterRefusal(
  tx: Db,
  invitation: InvitationRow,
  role: ResolvedRole,
): Promise<string | undefined> {
  if (!invitation.invitedBy) return undefined
  const [inviter] = await tx
    .select({ id: members.id, status: members.status })
    .from(members)
    .where(eq(members.id, invitation.invitedBy))
  if (inviter?.status !== 'active') return 'its inviter was deactivated'
  const grants = await loadMemberGrants(tx, inviter.id)
  const actor = memberActor(inviter.id, invitation.workspaceId, grants.assignments, grants.teamIds)
  if (!actor.can('members.manage')) return 'its inviter may no longer invite members'
  const missing = role.permissions.find((p) => !actor.permissions.has(p))
  if (missing) return `its inviter no longer holds ${missing}, which the ${role.name} role grants`
  if (role.systemRole === 'owner' && !grants.assignments.some((a) => a.systemRole === 'owner' && !a.teamId))
    return 'its inviter is no longer an owner'
  return undefined
}

/**
 * Accept an invitation (public: the token is the credential). Creates the member with an argon2id password,
 * the invited role (workspace-wide) and the invited teams that still exist, and marks the invitation used.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { name: string; password: string },
  origin?: RequestOrigin,
) {
  const hash = tokenHash(token)
  const byToken = (d: Db) => d.select().from(invitations).where(eq(invitations.tokenHash, hash))
  // Checked before hashing the password, so unknown tokens cost no argon2 run.
  const [found] = await byToken(db)
  assertUsable(found)
  const passwordHash = await hashPassword(input.password)
  try {
    const accepted = await db.transaction(async (tx) => {
      const [invitation] = await byToken(tx).for('update')
      assertUsable(invitation)
      const workspaceId = invitation.workspaceId
      const role = await resolveRole(
        tx,
        workspaceId,
        (invitation.systemRole ?? invitation.roleId) as string,
        {
          lock: true,
        },
      )
      const refusal = await inviterRefusal(tx, invitation, role)
      if (refusal) {
        // Revoked for good, in this transaction, so that it shows as revoked and cannot be tried again.
        await tx
          .update(invitations)
          .set({ revokedAt: new Date(), version: sql`${invitations.version} + 1` })
          .where(eq(invitations.id, invitation.id))
        await emit(
          tx,
          { workspaceId, eventActor: systemActor },
          {
            type: 'invitation.revoked',
            resourceId: invitation.id,
            data: { invitation: { id: invitation.id, email: invitation.email } },
          },
        )
        return { refused: refusal }
      }
      await assertNoMemberWithEmail(tx, workspaceId, invitation.email)
      const teamIds = invitation.teamIds.map((t) => uuidToId('team', t))
      const liveTeams =
        teamIds.length === 0
          ? []
          : await tx
              .select({ id: teams.id })
              .from(teams)
              .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, teamIds)))
              .for('share')
      const [member] = await tx
        .insert(members)
        .values({
          id: newId('mbr'),
          workspaceId,
          email: invitation.email,
          name: input.name.trim(),
          passwordHash,
        })
        .returning()
      if (!member) throw new Error('insert returned no member')
      await tx
        .insert(roleAssignments)
        .values({ workspaceId, memberId: member.id, systemRole: role.systemRole, roleId: role.roleId })
      if (liveTeams.length > 0) {
        await tx
          .insert(teamMembers)
          .values(liveTeams.map((t) => ({ workspaceId, teamId: t.id, memberId: member.id })))
      }
      await tx
        .update(invitations)
        .set({
          acceptedAt: new Date(),
          acceptedMemberId: member.id,
          version: sql`${invitations.version} + 1`,
        })
        .where(eq(invitations.id, invitation.id))
      await emit(
        tx,
        { workspaceId, eventActor: { type: 'member', id: member.id, origin } },
        {
          type: 'member.joined',
          resourceId: member.id,
          data: { member: eventMember(member), invitationId: invitation.id },
        },
      )
      return { member: await presentMember(tx, member) }
    })
    if ('refused' in accepted) {
      throw new ApiError('invitation_revoked', `This invitation was revoked: ${accepted.refused}`)
    }
    return accepted.member
  } catch (error) {
    if (isUniqueViolation(error, 'members_workspace_email_key')) throw memberExists(found.email)
    throw error
  }
}
