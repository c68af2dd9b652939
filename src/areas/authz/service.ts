import { and, eq } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import { instance } from '../../authz/authorizer'
import { assertAllowed } from '../../authz/guard'
import { type LoadedAssignment, loadMemberGrants, memberActor } from '../../authz/load'
import { scopeGrants } from '../../authz/permissions'
import {
  ApiKeyActor,
  ContactActor,
  type MemberActor,
  type Principal,
  type TicketSharing,
  VisitorActor,
} from '../../authz/principal'
import { type ResourceType, resourceSpec, requiredScope as scopeNeeded } from '../../authz/resources'
import type { ServiceContext } from '../../context/service'
import type { Db } from '../../db/database'
import { apiKeys, contacts, members, organizations } from '../../db/schema'
import { ApiError, notFound } from '../../http/errors'
import { isId, uuidToId, type WorkspaceId } from '../../ids'

const actorPrefixes = { member: 'mbr', contact: 'ct', api_key: 'ak' } as const

type CheckReason = 'role' | 'rule' | 'missing_scope' | 'missing_permission' | 'not_allowed'

export interface CheckInput {
  actor: { type: keyof typeof actorPrefixes; id: string }
  action: string
  resource: { type: ResourceType; id: string }
}

function badId(path: string, prefix: string): ApiError {
  return new ApiError('validation_failed', `${path} must be an id with prefix ${prefix}_`, {
    errors: [{ path, code: 'invalid_format', message: `must be an id with prefix ${prefix}_` }],
  })
}

async function loadMember(db: Db, workspaceId: WorkspaceId, memberId: string) {
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), eq(members.id, memberId as never)))
  if (!row) throw notFound('Member (actor.id)')
  const grants = await loadMemberGrants(db, row.id)
  return { member: memberActor(row.id, workspaceId, grants.assignments, grants.teamIds), grants }
}

/** The principal the policy sees for the actor being checked, and its member's role assignments. */
async function loadSubject(
  db: Db,
  workspaceId: WorkspaceId,
  actor: CheckInput['actor'],
): Promise<{ principal: Principal; assignments: LoadedAssignment[]; teamIds: string[] }> {
  if (actor.type === 'member') {
    const { member, grants } = await loadMember(db, workspaceId, actor.id)
    return { principal: member, assignments: grants.assignments, teamIds: grants.teamIds }
  }
  if (actor.type === 'api_key') {
    const [key] = await db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, actor.id as never)))
    if (!key) throw notFound('API key (actor.id)')
    const { member, grants } = await loadMember(db, workspaceId, key.memberId)
    const principal = new ApiKeyActor(
      key.id,
      workspaceId,
      key.scopes,
      key.teamIds.map((id) => uuidToId('team', id)),
      key.inboxIds.map((id) => uuidToId('ibx', id)),
      member,
    )
    return { principal, assignments: grants.assignments, teamIds: grants.teamIds }
  }
  const [row] = await db
    .select({
      id: contacts.id,
      organizationId: contacts.organizationId,
      ticketSharing: organizations.ticketSharing,
    })
    .from(contacts)
    .leftJoin(organizations, eq(organizations.id, contacts.organizationId))
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, actor.id as never)))
  if (!row) throw notFound('Contact (actor.id)')
  const principal = new ContactActor(
    row.id,
    workspaceId,
    row.organizationId ?? null,
    (row.ticketSharing ?? 'none') as TicketSharing,
  )
  return { principal, assignments: [], teamIds: [] }
}

/** The resource as a policy instance: its policy fields, read from its row in this workspace. */
async function loadResource(db: Db, workspaceId: WorkspaceId, resource: CheckInput['resource']) {
  const spec = resourceSpec(resource.type)
  const fields = spec.fields as Record<string, PgColumn>
  const selection = Object.fromEntries(Object.entries(fields))
  const workspaceColumn = fields.workspaceId
  const idColumn = fields.id
  if (!workspaceColumn || !idColumn) throw new Error(`authz: ${resource.type} lacks id/workspaceId`)
  const [row] = await db
    .select(selection)
    .from(spec.table)
    .where(and(eq(workspaceColumn, workspaceId), eq(idColumn, resource.id)))
  if (!row) throw notFound(`${resource.type} (resource.id)`)
  return instance(resource.type, row)
}

/**
 * Ask the policy whether `actor` may `action` the resource, and why. The reason comes from the policy itself:
 * each of the member's role assignments is tried alone, and the first that allows the action is named.
 */
export async function checkAuthorization(ctx: ServiceContext, input: CheckInput) {
  await assertAllowed(ctx, 'check_authz', 'Workspace', { id: ctx.workspaceId, workspaceId: ctx.workspaceId })
  const actorPrefix = actorPrefixes[input.actor.type]
  if (!isId(actorPrefix, input.actor.id)) throw badId('body.actor.id', actorPrefix)
  const resourcePrefix = resourceSpec(input.resource.type).prefix
  // The spec's AuthorizationResourceType lists only types with a prefix: others never get here.
  if (!resourcePrefix) throw badId('body.resource.type', 'a checkable type')
  if (!isId(resourcePrefix, input.resource.id)) throw badId('body.resource.id', resourcePrefix)

  const subject = await loadSubject(ctx.db, ctx.workspaceId, input.actor)
  const resource = await loadResource(ctx.db, ctx.workspaceId, input.resource)
  const spec = resourceSpec(input.resource.type)
  const requiredPermission = spec.actions[input.action] ?? null
  const requiredScope = input.actor.type === 'api_key' ? scopeNeeded(input.resource.type, input.action) : null
  const allowed = await ctx.authorizer.isAllowed(subject.principal, input.action, resource, ctx.db)
  const answer = (reason: CheckReason, grantedBy: LoadedAssignment | null = null) => ({
    allowed,
    reason,
    grantedBy: grantedBy
      ? {
          role: grantedBy.systemRole ?? grantedBy.roleId ?? '',
          roleName: grantedBy.roleName,
          teamId: grantedBy.teamId,
        }
      : null,
    requiredPermission,
    requiredScope,
  })

  const principal = subject.principal
  if (principal instanceof ContactActor || principal instanceof VisitorActor)
    return answer(allowed ? 'rule' : 'not_allowed')
  if (
    principal instanceof ApiKeyActor &&
    requiredScope &&
    !scopeGrants(principal.scopes, requiredScope) &&
    !allowed
  ) {
    return answer('missing_scope')
  }
  const member: MemberActor = principal instanceof ApiKeyActor ? principal.member : principal
  // Which single assignment grants it? Try each alone (a handful of policy calls, never one per row).
  for (const assignment of subject.assignments) {
    const alone = memberActor(member.id, member.workspaceId, [assignment], subject.teamIds)
    const candidate =
      principal instanceof ApiKeyActor
        ? new ApiKeyActor(
            principal.id,
            principal.workspaceId,
            principal.scopes,
            principal.teamIds,
            principal.inboxIds,
            alone,
          )
        : alone
    if (await ctx.authorizer.isAllowed(candidate, input.action, resource, ctx.db))
      return answer('role', assignment)
  }
  if (allowed) return answer('rule')
  if (!requiredPermission) return answer('not_allowed')
  return answer(member.can(requiredPermission) ? 'not_allowed' : 'missing_permission')
}
