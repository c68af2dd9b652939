import { randomBytes } from 'node:crypto'
import { eq, inArray, sql } from 'drizzle-orm'
import { assertAllowed } from '../../authz/guard'
import type { RequestOrigin } from '../../context/actor'
import { type ServiceContext, transaction } from '../../context/service'
import { type Db, prepared } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { members, roleAssignments, workspaces } from '../../db/schema'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { assertIfMatch } from '../../http/etag'
import { idToUuid, newId, type WorkspaceId } from '../../ids'
import { runWorkspaceSetups } from '../../registry/workspace-setup'
import { issueApiKey } from '../api-keys/service'

export type WorkspaceRow = typeof workspaces.$inferSelect
export type MemberRow = typeof members.$inferSelect

export const toWorkspace = (w: WorkspaceRow) => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  timezone: w.timezone,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
})

export type RoleAssignmentRow = typeof roleAssignments.$inferSelect

/** A role assignment as clients see it: `role` is the system key or the custom role's id. */
export const toRoleAssignment = (a: RoleAssignmentRow, roleName: string) => ({
  id: a.id,
  role: (a.systemRole ?? a.roleId) as string,
  roleName,
  teamId: a.teamId,
  createdAt: a.createdAt.toISOString(),
})
export type RoleAssignmentView = ReturnType<typeof toRoleAssignment>

/** A member with the roles and teams they hold (`presentMembers()` in the members area loads them). */
export const toMember = (m: MemberRow, access: { roles: RoleAssignmentView[]; teamIds: string[] }) => ({
  id: m.id,
  email: m.email,
  name: m.name,
  status: m.status,
  availability: m.availability,
  roles: access.roles,
  teamIds: access.teamIds,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
})

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone })
    return true
  } catch {
    return false
  }
}

function assertTimezone(timezone: string | undefined) {
  if (timezone !== undefined && !isValidTimezone(timezone)) {
    throw new ApiError('validation_failed', `${timezone} is not an IANA time zone`, {
      errors: [
        { path: 'body.timezone', code: 'invalid_timezone', message: 'must be an IANA time zone name' },
      ],
    })
  }
}

const slugTaken = (slug: string) => new ApiError('slug_taken', `The slug ${slug} is already in use`)

export async function getWorkspaceOrThrow(db: Db, workspaceId: WorkspaceId): Promise<WorkspaceRow> {
  const query = prepared(db, 'workspace_by_id', (d) =>
    d
      .select()
      .from(workspaces)
      .where(eq(workspaces.id, sql.placeholder('id')))
      .prepare('workspace_by_id'),
  )
  const [row] = await query.execute({ id: idToUuid(workspaceId) })
  if (!row) throw notFound('Workspace')
  return row
}

/** Change name, slug or time zone; `ifMatch` guards against lost updates. Emits `workspace.updated`. */
export async function updateWorkspace(
  ctx: ServiceContext,
  input: { name?: string; slug?: string; timezone?: string },
  ifMatch?: string,
): Promise<WorkspaceRow> {
  await assertAllowed(ctx, 'update', 'Workspace', { id: ctx.workspaceId, workspaceId: ctx.workspaceId })
  assertTimezone(input.timezone)
  try {
    return await transaction(ctx, async (tx) => {
      const [current] = await tx
        .select()
        .from(workspaces)
        .where(eq(workspaces.id, ctx.workspaceId))
        .for('update')
      if (!current) throw notFound('Workspace')
      assertIfMatch(ifMatch, current.version)
      const changed = Object.fromEntries(
        Object.entries(input).filter(([field, value]) => value !== current[field as keyof typeof input]),
      ) as typeof input
      if (Object.keys(changed).length === 0) return current
      const [updated] = await tx
        .update(workspaces)
        .set({ ...changed, updatedAt: new Date(), version: sql`${workspaces.version} + 1` })
        .where(eq(workspaces.id, ctx.workspaceId))
        .returning()
      if (!updated) throw notFound('Workspace')
      const previous = Object.fromEntries(
        Object.keys(changed).map((field) => [field, current[field as keyof typeof input]]),
      )
      await emit(tx, ctx, {
        type: 'workspace.updated',
        resourceId: ctx.workspaceId,
        data: { workspace: toWorkspace(updated), previous },
      })
      return updated
    })
  } catch (error) {
    if (isUniqueViolation(error, 'workspaces_slug_key')) throw slugTaken(input.slug ?? '')
    throw error
  }
}

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '')
  return base.length >= 2 ? base : 'workspace'
}

/** A free slug derived from the name: the name itself, else with a short random suffix. */
async function freeSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name)
  const candidates = [base, ...Array.from({ length: 5 }, () => `${base}-${randomBytes(3).toString('hex')}`)]
  const taken = await db
    .select({ slug: workspaces.slug })
    .from(workspaces)
    .where(inArray(sql`lower(${workspaces.slug})`, candidates))
  const takenSet = new Set(taken.map((row) => row.slug.toLowerCase()))
  const slug = candidates.find((candidate) => !takenSet.has(candidate))
  if (!slug) throw slugTaken(base)
  return slug
}

export interface CreateWorkspaceInput {
  name: string
  slug?: string
  timezone?: string
  owner: { email: string; name?: string }
  /** Name of the owner's first API key. */
  apiKeyName?: string
}

/**
 * A workspace with its owner member and a first owner API key, in one transaction. Used by sign-up,
 * `npm run bootstrap`, the demo seed and the test harness alike.
 */
/** `origin`: the sign-up request, when there is one (the audit log records it; the seed has none). */
export async function createWorkspace(db: Db, input: CreateWorkspaceInput, origin?: RequestOrigin) {
  assertTimezone(input.timezone)
  const slug = input.slug ?? (await freeSlug(db, input.name))
  try {
    return await db.transaction(async (tx) => {
      const [workspace] = await tx
        .insert(workspaces)
        .values({ id: newId('ws'), name: input.name, slug, timezone: input.timezone ?? 'UTC' })
        .returning()
      if (!workspace) throw new Error('insert returned no workspace')
      const [member] = await tx
        .insert(members)
        .values({
          id: newId('mbr'),
          workspaceId: workspace.id,
          email: input.owner.email,
          name: input.owner.name ?? input.owner.email.split('@')[0] ?? input.owner.email,
        })
        .returning()
      if (!member) throw new Error('insert returned no member')
      const [ownerAssignment] = await tx
        .insert(roleAssignments)
        .values({ workspaceId: workspace.id, memberId: member.id, systemRole: 'owner' })
        .returning()
      if (!ownerAssignment) throw new Error('insert returned no role assignment')
      // Every area's defaults (ticket statuses, …) are written with the workspace, in its transaction.
      await runWorkspaceSetups(tx, workspace.id)
      const actor = { type: 'system' as const, origin }
      await emit(
        tx,
        { workspaceId: workspace.id, eventActor: actor },
        {
          type: 'workspace.created',
          resourceId: workspace.id,
          data: { workspace: { id: workspace.id, name: workspace.name, slug: workspace.slug } },
        },
      )
      const { row: apiKey, secret } = await issueApiKey(tx, {
        workspaceId: workspace.id,
        memberId: member.id,
        name: input.apiKeyName ?? 'Owner key',
        scopes: ['admin'],
        actor,
      })
      return { workspace, member, ownerAssignment, apiKey, secret }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'workspaces_slug_key')) throw slugTaken(slug)
    throw error
  }
}
