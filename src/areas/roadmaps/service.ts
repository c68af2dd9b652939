import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { filterFor, isAllowedRow } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import { type Db, prepared } from '../../db/database'
import { postStatuses, posts } from '../../db/schema/feedback'
import { type RoadmapColumns, type RoadmapFilter, roadmapPositions, roadmaps } from '../../db/schema/roadmaps'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { preparedWithAuthz } from '../../http/pagination'
import { type Id, idToUuid, newId } from '../../ids'
import { checkVisibility, dropAudience, type VisibilityInput, writeAudience } from '../../kit/audience'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { getVisibleOrThrow, listVisible } from '../../kit/visible'

export type RoadmapId = Id<'rdm'>
export type RoadmapRow = typeof roadmaps.$inferSelect
export type ColumnsBy = 'status' | 'eta_month' | 'eta_quarter'

/** The most posts one roadmap shows. */
export const roadmapItemLimit = 2000

// ---------------------------------------------------------------------------------------------- shapes

const columnsByOf = (c: RoadmapColumns): ColumnsBy =>
  c.type === 'status' ? 'status' : c.bucket === 'month' ? 'eta_month' : 'eta_quarter'

export const toRoadmap = (r: RoadmapRow) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  filter: r.filter,
  columnsBy: columnsByOf(r.columns),
  statusIds: r.columns.type === 'status' ? r.columns.statusIds : [],
  visibility: { audience: r.audience, segmentIds: r.segmentIds, organizationIds: r.organizationIds },
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
})

// ------------------------------------------------------------------------------------------- input

export interface RoadmapInput {
  name?: string
  description?: string | null
  filter?: Partial<RoadmapFilter>
  columnsBy?: ColumnsBy
  statusIds?: string[]
  visibility?: VisibilityInput
}

const unique = (ids: readonly string[] | undefined) => [...new Set(ids ?? [])]

/** Every status named must be one of the workspace's (`422 unknown_status`, naming each that is not). */
async function checkStatuses(ctx: ServiceContext, tx: Db, named: Array<{ path: string; id: string }>) {
  if (named.length === 0) return
  const found = await tx
    .select({ id: postStatuses.id })
    .from(postStatuses)
    .where(
      and(
        eq(postStatuses.workspaceId, ctx.workspaceId),
        inArray(
          postStatuses.id,
          named.map((n) => n.id as typeof postStatuses.$inferSelect.id),
        ),
      ),
    )
  const known = new Set(found.map((s) => s.id as string))
  const errors: FieldError[] = named
    .filter((n) => !known.has(n.id))
    .map((n) => ({ path: n.path, code: 'unknown_status', message: `status ${n.id} does not exist` }))
  if (errors.length > 0) {
    throw new ApiError('unknown_status', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })
  }
}

/** The workspace's post statuses in their order (`position`, then id). */
async function allStatusIds(ctx: ServiceContext, tx: Db): Promise<string[]> {
  const rows = await tx
    .select({ id: postStatuses.id })
    .from(postStatuses)
    .where(eq(postStatuses.workspaceId, ctx.workspaceId))
    .orderBy(asc(postStatuses.position), asc(postStatuses.id))
  return rows.map((r) => r.id as string)
}

/** The stored columns and filter an input asks for, checked. */
async function shapeOf(
  ctx: ServiceContext,
  tx: Db,
  input: RoadmapInput,
  current?: RoadmapRow,
): Promise<{ columns: RoadmapColumns; filter: RoadmapFilter }> {
  const by = input.columnsBy ?? (current ? columnsByOf(current.columns) : 'status')
  let statusIds =
    input.statusIds ??
    (current?.columns.type === 'status' && input.columnsBy === undefined ? current.columns.statusIds : [])
  if (by === 'status' && statusIds.length === 0) {
    // Status columns without a choice: every post status of the workspace, in its order (as it is now).
    statusIds = await allStatusIds(ctx, tx)
    if (statusIds.length === 0) {
      throw validationFailed([
        {
          path: 'body.statusIds',
          code: 'required',
          message: 'status columns need statusIds, and the workspace has no post statuses to default to',
        },
      ])
    }
  }
  if (by !== 'status' && input.statusIds?.length) {
    throw validationFailed([
      { path: 'body.statusIds', code: 'not_allowed', message: 'only status columns take statusIds' },
    ])
  }
  const filter: RoadmapFilter = {
    boardIds: unique(input.filter?.boardIds ?? current?.filter.boardIds),
    statusIds: unique(input.filter?.statusIds ?? current?.filter.statusIds),
    tagIds: unique(input.filter?.tagIds ?? current?.filter.tagIds),
  }
  const columns: RoadmapColumns =
    by === 'status'
      ? { type: 'status', statusIds: unique(statusIds) }
      : { type: 'eta', bucket: by === 'eta_month' ? 'month' : 'quarter' }
  const named = [
    ...(columns.type === 'status'
      ? columns.statusIds.map((id, i) => ({ path: `body.statusIds.${i}`, id }))
      : []),
    ...filter.statusIds.map((id, i) => ({ path: `body.filter.statusIds.${i}`, id })),
  ]
  await checkStatuses(ctx, tx, named)
  return { columns, filter }
}

function cleanName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed)
    throw validationFailed([{ path: 'body.name', code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

// ------------------------------------------------------------------------------------------ roadmaps

const roadmapSortFields: SortFieldsOf<typeof operations.listRoadmaps, RoadmapRow> = {
  createdAt: { column: roadmaps.createdAt, kind: 'timestamp', value: (r) => r.createdAt },
  name: { column: roadmaps.name, kind: 'text', value: (r) => r.name },
}

export async function listRoadmaps(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  return listVisible(ctx, 'Roadmap', roadmaps, {
    name: 'list_roadmaps',
    fields: roadmapSortFields,
    query,
    secret,
  })
}

export async function getRoadmapOrThrow(ctx: ServiceContext, id: string, db: Db = ctx.db) {
  const row = await getVisibleOrThrow(ctx, 'Roadmap', roadmaps, id, 'Roadmap', { db })
  return row
}

export async function createRoadmap(ctx: ServiceContext, input: RoadmapInput & { name: string }) {
  const id = newId('rdm')
  const name = cleanName(input.name)
  const audience = input.visibility?.audience ?? 'public'
  if (!(await isAllowedRow(ctx, 'create', 'Roadmap', { id, workspaceId: ctx.workspaceId, audience }))) {
    throw forbidden(await ctx.principal(), 'Roadmap', 'create')
  }
  return transaction(ctx, async (tx) => {
    const { columns, filter } = await shapeOf(ctx, tx, input)
    const visibility = await checkVisibility(tx, ctx.workspaceId, input.visibility ?? { audience: 'public' })
    const [row] = await tx
      .insert(roadmaps)
      .values({
        id,
        workspaceId: ctx.workspaceId,
        name,
        description: input.description ?? null,
        filter,
        columns,
        audience,
        segmentIds: visibility.segmentIds,
        organizationIds: visibility.organizationIds,
      })
      .returning()
    if (!row) throw new Error('insert returned no roadmap')
    await writeAudience(tx, ctx.workspaceId, id, visibility)
    await emit(tx, ctx, { type: 'roadmap.created', resourceId: id, data: { roadmap: toRoadmap(row) } })
    return row
  })
}

export async function updateRoadmap(
  ctx: ServiceContext,
  id: RoadmapId,
  input: RoadmapInput,
  ifMatch?: string,
) {
  return transaction(ctx, async (tx) => {
    const current = await lockForChange<RoadmapRow>(ctx, tx, 'Roadmap', id, { action: 'update', ifMatch })
    const next: Partial<RoadmapRow> = {}
    if (input.name !== undefined) next.name = cleanName(input.name)
    if (input.description !== undefined) next.description = input.description
    if (input.visibility !== undefined) {
      const visibility = await checkVisibility(tx, ctx.workspaceId, input.visibility)
      next.audience = visibility.audience
      next.segmentIds = visibility.segmentIds
      next.organizationIds = visibility.organizationIds
    }
    if (input.filter !== undefined || input.columnsBy !== undefined || input.statusIds !== undefined) {
      const shaped = await shapeOf(ctx, tx, input, current)
      next.filter = shaped.filter
      next.columns = shaped.columns
    }
    const { changed, previous } = diffFields(current, next)
    if (Object.keys(changed).length === 0) return current
    const [updated] = await tx
      .update(roadmaps)
      .set({ ...changed, ...bumped(roadmaps) })
      .where(and(eq(roadmaps.workspaceId, ctx.workspaceId), eq(roadmaps.id, id)))
      .returning()
    if (!updated) throw notFound('Roadmap')
    if (['audience', 'segmentIds', 'organizationIds'].some((f) => f in changed))
      await writeAudience(tx, ctx.workspaceId, id, updated)
    await emit(tx, ctx, {
      type: 'roadmap.updated',
      resourceId: id,
      data: { roadmap: toRoadmap(updated), previous: roadmapPrevious(previous) },
    })
    return updated
  })
}

function roadmapPrevious(previous: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(previous)) {
    if (['audience', 'segmentIds', 'organizationIds'].includes(column)) out[`visibility.${column}`] = value
    else if (column === 'columns') {
      const columns = value as RoadmapColumns
      out.columnsBy = columnsByOf(columns)
      out.statusIds = columns.type === 'status' ? columns.statusIds : []
    } else out[column] = value
  }
  return out
}

export async function deleteRoadmap(ctx: ServiceContext, id: RoadmapId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await lockForChange<RoadmapRow>(ctx, tx, 'Roadmap', id, { action: 'delete', ifMatch })
    await tx.delete(roadmaps).where(and(eq(roadmaps.workspaceId, ctx.workspaceId), eq(roadmaps.id, id)))
    await dropAudience(tx, id)
    await emit(tx, ctx, {
      type: 'roadmap.deleted',
      resourceId: id,
      data: { roadmap: { id, name: current.name } },
    })
  })
}

// --------------------------------------------------------------------------------------------- items

export interface RoadmapItem {
  postId: string
  title: string
  boardId: string
  statusId: string | null
  eta: string | null
  voteCount: number
  position: number
}

export interface RoadmapColumn {
  key: string
  name: string
  items: RoadmapItem[]
}

/** The column an ETA falls in: `2027-01` (month) or `2027-Q1` (quarter). */
const etaBucket = (eta: string, bucket: 'month' | 'quarter') =>
  bucket === 'month'
    ? eta.slice(0, 7)
    : `${eta.slice(0, 4)}-Q${Math.floor((Number(eta.slice(5, 7)) - 1) / 3) + 1}`

/**
 * The roadmap's posts the caller may read (the feedback policy's `read` filter on posts, in SQL), live, unmerged
 * and approved, matching its filter, in its columns: each column in its manual order first (positions), then the
 * rest by votes.
 */
async function columnsOf(ctx: ServiceContext, db: Db, roadmap: RoadmapRow): Promise<RoadmapColumn[]> {
  const read = await filterFor(ctx, 'read', 'Post')
  const { filter, columns } = roadmap
  // One prepared statement per shape of roadmap (which filters it has, and its kind of columns), its ids passed
  // as parameters: a roadmap read builds no SQL, and its hundreds of rows take the flat row mapper.
  const ids = (list: readonly string[]) => list.map(idToUuid).join(',')
  const anyOf = (name: string) => sql`any(string_to_array(${sql.placeholder(name)}, ',')::uuid[])`
  const has = {
    boards: filter.boardIds.length > 0,
    statuses: filter.statusIds.length > 0,
    tags: filter.tagIds.length > 0,
  }
  const shape = `roadmap_items_${columns.type}_${+has.boards}${+has.statuses}${+has.tags}`
  const rows = read.none
    ? []
    : await preparedWithAuthz(db, read.where, shape, (d) =>
        d
          .select({
            postId: posts.id,
            title: posts.title,
            boardId: posts.boardId,
            statusId: posts.statusId,
            eta: posts.eta,
            voteCount: posts.voteCount,
            position: roadmapPositions.position,
          })
          .from(posts)
          .leftJoin(
            roadmapPositions,
            and(
              sql`${roadmapPositions.roadmapId} = ${sql.placeholder('roadmapId')}::uuid`,
              eq(roadmapPositions.postId, posts.id),
            ),
          )
          .where(
            and(
              sql`${posts.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
              isNull(posts.deletedAt),
              isNull(posts.mergedIntoId),
              eq(posts.moderation, 'approved'),
              has.boards ? sql`${posts.boardId} = ${anyOf('boardIds')}` : undefined,
              has.statuses ? sql`${posts.statusId} = ${anyOf('statusIds')}` : undefined,
              // Any of the tags: the jsonb array of tag ids holds one of these strings.
              has.tags
                ? sql`${posts.tagIds} ?| string_to_array(${sql.placeholder('tagIds')}, ',')`
                : undefined,
              columns.type === 'status'
                ? sql`${posts.statusId} = ${anyOf('columnStatusIds')}`
                : isNotNull(posts.eta),
              read.where,
            ),
          )
          .orderBy(
            sql`${roadmapPositions.position} asc nulls last`,
            sql`${posts.voteCount} desc`,
            sql`${posts.id} asc`,
          )
          .limit(sql.placeholder('limit'))
          .prepare(shape),
      ).execute({
        workspaceId: idToUuid(ctx.workspaceId),
        roadmapId: idToUuid(roadmap.id),
        boardIds: ids(filter.boardIds),
        statusIds: ids(filter.statusIds),
        tagIds: filter.tagIds.join(','),
        columnStatusIds: columns.type === 'status' ? ids(columns.statusIds) : '',
        limit: roadmapItemLimit,
      })
  const out = new Map<string, RoadmapColumn>()
  if (columns.type === 'status') {
    const names = await prepared(db, 'roadmap_status_names', (d) =>
      d
        .select({ id: postStatuses.id, name: postStatuses.name })
        .from(postStatuses)
        .where(
          and(
            sql`${postStatuses.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
            sql`${postStatuses.id} = ${anyOf('ids')}`,
          ),
        )
        .prepare('roadmap_status_names'),
    ).execute({ workspaceId: idToUuid(ctx.workspaceId), ids: ids(columns.statusIds) })
    const nameOf = new Map(names.map((s) => [s.id as string, s.name]))
    for (const id of columns.statusIds) {
      const name = nameOf.get(id)
      // A status deleted since the roadmap was saved has no posts and no column.
      if (name !== undefined) out.set(id, { key: id, name, items: [] })
    }
  }
  for (const row of rows) {
    const key =
      columns.type === 'status' ? (row.statusId as string) : etaBucket(row.eta as string, columns.bucket)
    let column = out.get(key)
    if (!column) {
      column = { key, name: key, items: [] }
      out.set(key, column)
    }
    column.items.push({ ...row, position: column.items.length })
  }
  const list = [...out.values()]
  if (columns.type === 'eta') list.sort((a, b) => a.key.localeCompare(b.key))
  return list
}

export async function listRoadmapItems(ctx: ServiceContext, id: string) {
  const roadmap = await getRoadmapOrThrow(ctx, id)
  return { roadmap, columns: await columnsOf(ctx, ctx.db, roadmap) }
}

/**
 * Put one column in a manual order. `postIds` must name every item the column has, each exactly once, and
 * nothing else (`422 invalid_item_order`, each mistake named). Emits `roadmap.updated` with the former order.
 */
export async function reorderRoadmapItems(
  ctx: ServiceContext,
  id: RoadmapId,
  input: { column: string; postIds: string[] },
  ifMatch?: string,
) {
  return transaction(ctx, async (tx) => {
    const current = await lockForChange<RoadmapRow>(ctx, tx, 'Roadmap', id, { action: 'update', ifMatch })
    const columns = await columnsOf(ctx, tx, current)
    const column = columns.find((c) => c.key === input.column)
    if (!column) {
      throw new ApiError('invalid_item_order', `body.column: the roadmap has no column ${input.column}`, {
        errors: [{ path: 'body.column', code: 'unknown_column', message: `no column ${input.column}` }],
      })
    }
    const inColumn = new Set(column.items.map((i) => i.postId))
    const errors: FieldError[] = []
    const seen = new Set<string>()
    input.postIds.forEach((postId, i) => {
      if (seen.has(postId)) {
        errors.push({ path: `body.postIds.${i}`, code: 'duplicate', message: `${postId} is named twice` })
      } else if (!inColumn.has(postId)) {
        errors.push({
          path: `body.postIds.${i}`,
          code: 'not_in_column',
          message: `${postId} is not in this column`,
        })
      }
      seen.add(postId)
    })
    for (const postId of inColumn) {
      if (!seen.has(postId)) {
        errors.push({
          path: 'body.postIds',
          code: 'missing',
          message: `${postId} of this column is not named`,
        })
      }
    }
    if (errors.length > 0) {
      throw new ApiError('invalid_item_order', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
        errors,
      })
    }
    if (input.postIds.length > 0) {
      await tx
        .insert(roadmapPositions)
        .values(
          input.postIds.map((postId, position) => ({
            workspaceId: ctx.workspaceId,
            roadmapId: id,
            postId: postId as typeof posts.$inferSelect.id,
            position,
          })),
        )
        .onConflictDoUpdate({
          target: [roadmapPositions.roadmapId, roadmapPositions.postId],
          set: { position: sql`excluded.position` },
        })
    }
    const [updated] = await tx
      .update(roadmaps)
      .set(bumped(roadmaps))
      .where(and(eq(roadmaps.workspaceId, ctx.workspaceId), eq(roadmaps.id, id)))
      .returning()
    if (!updated) throw notFound('Roadmap')
    const previous: Record<string, unknown> = {}
    previous[`items.${input.column}`] = column.items.map((i) => i.postId)
    await emit(tx, ctx, {
      type: 'roadmap.updated',
      resourceId: id,
      data: { roadmap: toRoadmap(updated), previous },
    })
    return { roadmap: updated, columns: await columnsOf(ctx, tx, updated) }
  })
}
