import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { assertAllowed, listFilter } from '../../authz/guard'
import { bumpWorkspaceAuthz } from '../../authz/load'
import {
  allScopes,
  isPermission,
  type Permission,
  permissionCatalogue,
  type Scope,
  type ScopeArea,
  systemRoles,
} from '../../authz/permissions'
import { ApiKeyActor, MemberActor } from '../../authz/principal'
import { actingMemberId, type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { invitations, roleAssignments, roles } from '../../db/schema'
import { type SystemRoleKey, systemRoleKeys } from '../../db/schema/identity'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound } from '../../http/errors'
import { newId, type RoleId, type WorkspaceId } from '../../ids'
import { lockForChange, sameSet } from '../../kit/update'

export type RoleRow = typeof roles.$inferSelect

export const isSystemRoleKey = (value: string): value is SystemRoleKey =>
  (systemRoleKeys as readonly string[]).includes(value)

export const toSystemRole = (key: SystemRoleKey) => ({
  id: key as string,
  name: systemRoles[key].name,
  description: systemRoles[key].description as string | null,
  permissions: [...systemRoles[key].permissions],
  system: true,
  createdAt: null as string | null,
  updatedAt: null as string | null,
})

export const toCustomRole = (r: RoleRow) => ({
  id: r.id as string,
  name: r.name,
  description: r.description,
  // A key dropped from the catalogue since the role was saved grants nothing: do not show it.
  permissions: r.permissions.filter(isPermission),
  system: false,
  createdAt: r.createdAt.toISOString() as string | null,
  updatedAt: r.updatedAt.toISOString() as string | null,
})

const scopeAreaLabels: Record<ScopeArea, string> = {
  workspace: 'workspace settings',
  members: 'members and invitations',
  roles: 'roles, role assignments and the permission list',
  teams: 'teams and their members',
  api_keys: 'API keys',
  contacts: 'contacts and organisations',
  tickets: 'tickets',
  sla: 'business hours and SLA policies',
  routing: 'inboxes and routing rules',
  feedback: 'boards, posts, votes and comments',
  content: 'roadmaps, changelog and help-centre articles',
  segments: 'segments and portal tabs',
  webhooks: 'webhooks and their deliveries',
  integrations: 'email and GitHub integrations',
  widget: 'widget profiles',
  events: 'the event stream and change feed',
  audit: 'the audit log',
  notifications: 'notifications and their preferences',
}

function scopeDescription(scope: Scope): string {
  if (scope === 'admin') return 'Everything the key’s member may do'
  const [area, level] = scope.split(':') as [ScopeArea, 'read' | 'write']
  return level === 'read'
    ? `Read ${scopeAreaLabels[area]}`
    : `Read and change ${scopeAreaLabels[area]} (includes ${area}:read)`
}

/** The permission catalogue and the API-key scopes (`GET /v1/permissions`). */
export async function listPermissionCatalogue(ctx: ServiceContext) {
  await assertAllowed(ctx, 'list_permissions', 'Workspace', {
    id: ctx.workspaceId,
    workspaceId: ctx.workspaceId,
  })
  return {
    data: Object.entries(permissionCatalogue).map(([key, description]) => ({
      key: key as Permission,
      description: description as string,
    })),
    scopes: allScopes.map((key) => ({ key: key as string, description: scopeDescription(key) })),
  }
}

/** A role as an assignment or invitation names it, with what it grants. */
export interface ResolvedRole {
  systemRole: SystemRoleKey | null
  roleId: RoleId | null
  name: string
  permissions: string[]
}

/**
 * The role `ref` names (a system key or a custom role id of this workspace); 404 when there is none. Inside a
 * transaction that writes a reference to it, `lock` holds the custom role until commit, so a concurrent
 * `deleteRole` either sees the new reference (409 `role_in_use`) or deletes first (404 here).
 */
export async function resolveRole(
  db: Db,
  workspaceId: WorkspaceId,
  ref: string,
  options: { lock?: boolean } = {},
): Promise<ResolvedRole> {
  if (isSystemRoleKey(ref)) {
    return {
      systemRole: ref,
      roleId: null,
      name: systemRoles[ref].name,
      permissions: [...systemRoles[ref].permissions],
    }
  }
  const query = db
    .select({ id: roles.id, name: roles.name, permissions: roles.permissions })
    .from(roles)
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, ref as RoleId)))
  const [row] = await (options.lock ? query.for('share') : query)
  if (!row) throw new ApiError('not_found', `Role ${ref} not found`)
  return { systemRole: null, roleId: row.id, name: row.name, permissions: row.permissions }
}

/** The acting member as the policy sees them (the key's member for an API key). */
async function actingMember(ctx: ServiceContext): Promise<MemberActor> {
  const principal = await ctx.principal()
  if (principal instanceof ApiKeyActor) return principal.member
  if (principal instanceof MemberActor) return principal
  throw new ApiError('forbidden', 'Only members and their API keys may manage roles')
}

/**
 * The escalation guard: nobody may grant (or take away, or define) a role with a permission they do not hold
 * themselves. A team-scoped grant may draw on the actor's permissions in that team as well.
 */
export async function assertHoldsPermissions(
  ctx: ServiceContext,
  permissions: readonly string[],
  teamId: string | null,
  doing: string,
): Promise<void> {
  const actor = await actingMember(ctx)
  const inTeam = teamId === null ? undefined : actor.teamPermissions.get(teamId)
  const missing = permissions.find((p) => !actor.permissions.has(p) && !inTeam?.has(p))
  if (missing) {
    throw new ApiError(
      'forbidden',
      `You cannot ${doing}: it holds ${missing}, which you do not hold yourself`,
      {
        missing: { permission: missing },
      },
    )
  }
}

/** Only an owner may grant or take away `owner`, or deactivate an owner. */
export async function assertActorIsOwner(ctx: ServiceContext, db: Db, doing: string): Promise<void> {
  const [row] = await db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.workspaceId, ctx.workspaceId),
        eq(roleAssignments.memberId, actingMemberId(ctx)),
        eq(roleAssignments.systemRole, 'owner'),
        isNull(roleAssignments.teamId),
      ),
    )
    .limit(1)
  if (!row) throw new ApiError('forbidden', `Only an owner can ${doing}`)
}

/** Catalogue keys, deduplicated in order; 400 naming each key the catalogue lacks. */
function validPermissions(permissions: string[]): string[] {
  const errors: FieldError[] = permissions.flatMap((p, i) =>
    isPermission(p)
      ? []
      : [
          {
            path: `body.permissions.${i}`,
            code: 'unknown_permission',
            message: `${p} is not in the permission catalogue (GET /v1/permissions)`,
          },
        ],
  )
  if (errors.length > 0) {
    throw new ApiError('validation_failed', errors.map((e) => e.message).join('; '), { errors })
  }
  return [...new Set(permissions)]
}

const nameTaken = (name: string) => new ApiError('role_name_taken', `A role named ${name} exists`)

/** A custom role may not take a system role's name: assignments would read ambiguously. */
function assertNotSystemName(name: string) {
  const lower = name.trim().toLowerCase()
  if (systemRoleKeys.some((key) => systemRoles[key].name.toLowerCase() === lower || key === lower)) {
    throw nameTaken(name)
  }
}

const systemImmutable = (key: string) =>
  new ApiError('system_role_immutable', `${key} is a system role: it cannot be changed or deleted`)

/** System roles first (owner to viewer), then custom roles, oldest first. */
export async function listRoles(ctx: ServiceContext) {
  const where = await listFilter(ctx, 'Role')
  const custom = await ctx.db
    .select()
    .from(roles)
    .where(and(eq(roles.workspaceId, ctx.workspaceId), where))
    .orderBy(roles.createdAt, roles.id)
  return [...systemRoleKeys.map(toSystemRole), ...custom.map(toCustomRole)]
}

/** A system role by key, or a visible custom role by id (404 otherwise). */
export async function getRole(ctx: ServiceContext, ref: string) {
  const where = await listFilter(ctx, 'Role')
  if (isSystemRoleKey(ref)) return { role: toSystemRole(ref), version: null }
  const [row] = await ctx.db
    .select()
    .from(roles)
    .where(and(eq(roles.workspaceId, ctx.workspaceId), eq(roles.id, ref as RoleId), where))
  if (!row) throw notFound('Role')
  return { role: toCustomRole(row), version: row.version }
}

export async function createRole(
  ctx: ServiceContext,
  input: { name: string; description?: string | null; permissions: string[] },
): Promise<RoleRow> {
  await assertAllowed(ctx, 'create', 'Role', { workspaceId: ctx.workspaceId })
  const permissions = validPermissions(input.permissions)
  await assertHoldsPermissions(ctx, permissions, null, 'create this role')
  const name = input.name.trim()
  assertNotSystemName(name)
  try {
    return await transaction(ctx, async (tx) => {
      const [row] = await tx
        .insert(roles)
        .values({
          id: newId('role'),
          workspaceId: ctx.workspaceId,
          name,
          description: input.description ?? null,
          permissions,
        })
        .returning()
      if (!row) throw new Error('insert returned no role')
      await emit(tx, ctx, {
        type: 'role.created',
        resourceId: row.id,
        data: { role: eventRole(row) },
      })
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error, 'roles_workspace_name_key')) throw nameTaken(name)
    throw error
  }
}

const eventRole = (r: RoleRow) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  permissions: r.permissions,
})

/** Lock a visible custom role for a change (404 if none; 422 for a system role) and check `If-Match`. */
async function lockRole(tx: Db, ctx: ServiceContext, ref: string, action: string, ifMatch?: string) {
  await listFilter(ctx, 'Role')
  if (isSystemRoleKey(ref)) {
    await assertAllowed(ctx, action, 'Role', { workspaceId: ctx.workspaceId })
    throw systemImmutable(ref)
  }
  return lockForChange<RoleRow>(ctx, tx, 'Role', ref, { action, ifMatch })
}

/**
 * Rename or re-permission a custom role. The actor must hold every permission the role has and gets, so no one
 * edits a role more powerful than themselves. A permission change bumps the workspace's authz version in the
 * same transaction: every holder's next request sees it (`authzChanged` tells the caller to drop cached keys).
 */
export async function updateRole(
  ctx: ServiceContext,
  ref: string,
  input: { name?: string; description?: string | null; permissions?: string[] },
  ifMatch?: string,
): Promise<RoleRow> {
  const permissions = input.permissions === undefined ? undefined : validPermissions(input.permissions)
  const name = input.name?.trim()
  try {
    const result = await transaction(ctx, async (tx) => {
      const current = await lockRole(tx, ctx, ref, 'update', ifMatch)
      await assertHoldsPermissions(
        ctx,
        [...current.permissions, ...(permissions ?? [])],
        null,
        'change this role',
      )
      const changed: Partial<Pick<RoleRow, 'name' | 'description' | 'permissions'>> = {}
      if (name !== undefined && name !== current.name) {
        assertNotSystemName(name)
        changed.name = name
      }
      if (input.description !== undefined && input.description !== current.description) {
        changed.description = input.description
      }
      if (permissions !== undefined && !sameSet(permissions, current.permissions)) {
        changed.permissions = permissions
      }
      if (Object.keys(changed).length === 0) return { row: current, authzChanged: false }
      const [updated] = await tx
        .update(roles)
        .set({ ...changed, updatedAt: new Date(), version: sql`${roles.version} + 1` })
        .where(eq(roles.id, current.id))
        .returning()
      if (!updated) throw notFound('Role')
      const authzChanged = changed.permissions !== undefined
      if (authzChanged) await bumpWorkspaceAuthz(tx, ctx.workspaceId)
      await emit(tx, ctx, {
        type: 'role.updated',
        resourceId: current.id,
        data: {
          role: eventRole(updated),
          previous: Object.fromEntries(
            Object.keys(changed).map((field) => [field, current[field as keyof typeof changed]]),
          ),
        },
      })
      return { row: updated, authzChanged }
    })
    // Cached API keys carry the old workspace authz version: this process drops them so the change applies now.
    if (result.authzChanged) ctx.effects.authzChanged()
    return result.row
  } catch (error) {
    if (isUniqueViolation(error, 'roles_workspace_name_key')) throw nameTaken(name ?? '')
    throw error
  }
}

/**
 * Delete a custom role nobody holds and no pending invitation offers (409 `role_in_use` otherwise): refusing
 * beats cascading, which would take access away from members without anyone deciding it.
 */
export async function deleteRole(ctx: ServiceContext, ref: string, ifMatch?: string): Promise<void> {
  await transaction(ctx, async (tx) => {
    const current = await lockRole(tx, ctx, ref, 'delete', ifMatch)
    await assertHoldsPermissions(ctx, current.permissions, null, 'delete this role')
    const [assigned] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(roleAssignments)
      .where(eq(roleAssignments.roleId, current.id))
    const [offered] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(invitations)
      .where(
        and(
          eq(invitations.roleId, current.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, sql`now()`),
        ),
      )
    const assignments = Number(assigned?.n ?? 0)
    const pending = Number(offered?.n ?? 0)
    if (assignments > 0 || pending > 0) {
      throw new ApiError(
        'role_in_use',
        `${current.name} is held by ${assignments} assignment(s) and offered by ${pending} pending invitation(s): remove or revoke them first`,
      )
    }
    await tx.delete(roles).where(eq(roles.id, current.id))
    await emit(tx, ctx, {
      type: 'role.deleted',
      resourceId: current.id,
      data: { role: { id: current.id, name: current.name } },
    })
  })
}
