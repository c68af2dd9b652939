import { and, eq, isNull, type SQL, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { isAllowedRow, listFilter } from '../../authz/guard'
import { assertValidCondition } from '../../conditions/validate'
import { actingMemberId, type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { teams } from '../../db/schema'
import { customFields } from '../../db/schema/ticket-setup'
import { type Sharing, views } from '../../db/schema/views'
import { emit } from '../../events/emit'
import { ApiError, notFound, validationFailed } from '../../http/errors'
import { type Id, idToUuid, newId, type TeamId, type WorkspaceId } from '../../ids'

export type ViewId = Id<'view'>

import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { listVisible } from '../../kit/visible'
import { type CustomFieldShape, ticketConditionFields } from '../tickets/condition-fields'

export type ViewRow = typeof views.$inferSelect

/** The spec's `View`, whose `conditions` spell out the 5 levels of groups the stored (recursive) type allows. */
type ViewBody = z.infer<
  (typeof operations.getView)['responses'][200]['content']['application/json']['schema']
>

/** A view as clients see it. */
export const toView = (v: ViewRow) => ({
  id: v.id,
  name: v.name,
  description: v.description,
  sharing: v.sharing,
  ownerId: v.ownerId,
  teamId: v.teamId,
  // Stored conditions passed validation, which keeps to those 5 levels.
  conditions: v.conditions as unknown as ViewBody['conditions'],
  sort: v.sort as ViewBody['sort'],
  columns: v.columns,
  position: v.position,
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
})

export interface ViewInput {
  name?: string
  description?: string | null
  sharing?: Sharing
  teamId?: string | null
  conditions?: unknown
  sort?: string
  columns?: string[]
  position?: number
}

/** The workspace's custom field definitions, which type `customFields.<key>` in conditions. */
export async function customFieldShapes(db: Db, workspaceId: WorkspaceId): Promise<CustomFieldShape[]> {
  return db
    .select({ key: customFields.key, type: customFields.type, options: customFields.options })
    .from(customFields)
    .where(and(eq(customFields.workspaceId, workspaceId), isNull(customFields.archivedAt)))
}

/** The ticket fields a view's conditions may name in this workspace. */
export async function viewFields(db: Db, workspaceId: WorkspaceId) {
  return ticketConditionFields(await customFieldShapes(db, workspaceId))
}

function cleanName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed) {
    throw validationFailed([{ path: 'body.name', code: 'too_small', message: 'must not be blank' }])
  }
  return trimmed
}

/** `team` sharing names a team of the workspace; the others name none. */
async function checkSharing(db: Db, workspaceId: WorkspaceId, sharing: Sharing, teamId: string | null) {
  if (sharing === 'team' && !teamId) {
    throw validationFailed([
      { path: 'body.teamId', code: 'required', message: 'is required for team sharing' },
    ])
  }
  if (sharing !== 'team' && teamId) {
    throw validationFailed([
      { path: 'body.teamId', code: 'not_allowed', message: `must be absent or null for ${sharing} sharing` },
    ])
  }
  if (!teamId) return
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId as TeamId)))
  if (!team) {
    const message = `team ${teamId} not found`
    throw new ApiError('not_found', `body.teamId: ${message}`, {
      errors: [{ path: 'body.teamId', code: 'not_found', message }],
    })
  }
}

/** 403 for a view the caller may not create or turn into `row`'s sharing, saying what it lacks. */
async function refuse(ctx: ServiceContext, action: string, row: { sharing: Sharing }): Promise<never> {
  const error = forbidden(await ctx.principal(), 'View', action)
  if (row.sharing === 'personal' && !error.extra.missing?.scope) {
    throw new ApiError('forbidden', 'A personal view needs a ticket read permission', {
      missing: { permission: 'tickets.read_assigned' },
    })
  }
  throw error
}

// ---------------------------------------------------------------------------------------------- reads

const sortFields: SortFieldsOf<typeof operations.listViews, ViewRow> = {
  position: { column: views.position, kind: 'number', value: (v) => v.position },
  name: { column: views.name, kind: 'text', value: (v) => v.name },
  createdAt: { column: views.createdAt, kind: 'timestamp', value: (v) => v.createdAt },
}

export interface ListViewsQuery {
  limit: number
  cursor?: string
  sort: string
  sharing?: Sharing
  teamId?: string
}

export async function listViews(ctx: ServiceContext, query: ListViewsQuery, secret: string) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  if (query.sharing !== undefined) {
    params.sharing = query.sharing
    filters.push(sql`${views.sharing} = ${sql.placeholder('sharing')}`)
  }
  if (query.teamId !== undefined) {
    params.teamId = idToUuid(query.teamId)
    filters.push(sql`${views.teamId} = ${sql.placeholder('teamId')}::uuid`)
  }
  return listVisible(ctx, 'View', views, {
    name: 'list_views',
    variant: Object.keys(params).join(','),
    fields: sortFields,
    query,
    secret,
    filters,
    params,
  })
}

/** The view `id` if the caller sees it, else 404 (403 when it may read no view at all). */
export async function getViewOrThrow(ctx: ServiceContext, id: ViewId, db: Db = ctx.db): Promise<ViewRow> {
  const read = await listFilter(ctx, 'View')
  const [row] = await db
    .select()
    .from(views)
    .where(and(eq(views.workspaceId, ctx.workspaceId), eq(views.id, id), read))
  if (!row) throw notFound('View')
  return row
}

// ---------------------------------------------------------------------------------------------- writes

export async function createView(ctx: ServiceContext, input: ViewInput & { name: string }): Promise<ViewRow> {
  const name = cleanName(input.name)
  const sharing = input.sharing ?? 'personal'
  const teamId = (input.teamId ?? null) as TeamId | null
  const ownerId = ctx.actor.type === 'member' || ctx.actor.type === 'api_key' ? actingMemberId(ctx) : null
  const id = newId('view')
  const policyRow = { id, workspaceId: ctx.workspaceId, sharing, ownerId, teamId }
  if (!(await isAllowedRow(ctx, 'create', 'View', policyRow))) await refuse(ctx, 'create', policyRow)
  await checkSharing(ctx.db, ctx.workspaceId, sharing, teamId)
  const conditions = assertValidCondition(
    input.conditions ?? { all: [] },
    await viewFields(ctx.db, ctx.workspaceId),
    'body.conditions',
  )
  return transaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(views)
      .values({
        id,
        workspaceId: ctx.workspaceId,
        name,
        description: input.description ?? null,
        sharing,
        ownerId,
        teamId,
        conditions,
        sort: input.sort ?? '-updatedAt',
        columns: input.columns ?? [],
        position: input.position ?? 0,
      })
      .returning()
    if (!row) throw new Error('insert returned no view')
    await emit(tx, ctx, { type: 'view.created', resourceId: id, data: { view: toView(row) } })
    return row
  })
}

const lockView = (ctx: ServiceContext, tx: Db, id: ViewId, action: string, ifMatch?: string) =>
  lockForChange<ViewRow>(ctx, tx, 'View', id, { action, ifMatch })

export async function updateView(
  ctx: ServiceContext,
  id: ViewId,
  input: ViewInput,
  ifMatch?: string,
): Promise<ViewRow> {
  await listFilter(ctx, 'View')
  const fields = await viewFields(ctx.db, ctx.workspaceId)
  return transaction(ctx, async (tx) => {
    const current = await lockView(ctx, tx, id, 'update', ifMatch)
    const next: Partial<ViewRow> = {}
    if (input.name !== undefined) next.name = cleanName(input.name)
    if (input.description !== undefined) next.description = input.description
    if (input.sort !== undefined) next.sort = input.sort
    if (input.columns !== undefined) next.columns = input.columns
    if (input.position !== undefined) next.position = input.position
    if (input.conditions !== undefined) {
      next.conditions = assertValidCondition(input.conditions, fields, 'body.conditions')
    }
    if (input.sharing !== undefined || input.teamId !== undefined) {
      const sharing = input.sharing ?? current.sharing
      // Leaving team sharing drops the team unless one is named (which checkSharing then refuses).
      const teamId = (
        input.teamId !== undefined ? input.teamId : sharing === 'team' ? current.teamId : null
      ) as TeamId | null
      await checkSharing(tx, ctx.workspaceId, sharing, teamId)
      const target = { ...current, sharing, teamId }
      if (!(await isAllowedRow(ctx, 'update', 'View', target))) await refuse(ctx, 'update', target)
      next.sharing = sharing
      next.teamId = teamId
    }
    const { changed, previous } = diffFields(current, next)
    if (Object.keys(changed).length === 0) return current
    const [updated] = await tx
      .update(views)
      .set({ ...changed, ...bumped(views) })
      .where(and(eq(views.workspaceId, ctx.workspaceId), eq(views.id, id)))
      .returning()
    if (!updated) throw new Error('update returned no view')
    await emit(tx, ctx, {
      type: 'view.updated',
      resourceId: id,
      data: { view: toView(updated), previous: viewPrevious(previous) },
    })
    return updated
  })
}

/** Former values as the API spells them (dates as ISO strings). */
const viewPrevious = (previous: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(previous).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]))

export async function deleteView(ctx: ServiceContext, id: ViewId, ifMatch?: string): Promise<void> {
  await listFilter(ctx, 'View')
  await transaction(ctx, async (tx) => {
    const current = await lockView(ctx, tx, id, 'delete', ifMatch)
    await tx.delete(views).where(and(eq(views.workspaceId, ctx.workspaceId), eq(views.id, id)))
    await emit(tx, ctx, { type: 'view.deleted', resourceId: id, data: { view: toView(current) } })
  })
}
