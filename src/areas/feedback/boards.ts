import { and, asc, eq, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { isAllowedRow, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import {
  type BoardAccessLevel,
  type BoardField,
  boards,
  type ModerationRule,
  type PostStatusCategory,
  postStatuses,
  posts,
  tags,
} from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { type Id, idToUuid, newId } from '../../ids'
import { checkVisibility, dropAudience, type VisibilityInput, writeAudience } from '../../kit/audience'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { getVisibleOrThrow, listVisible } from '../../kit/visible'

export type BoardId = Id<'brd'>
export type PostStatusId = Id<'pst'>
export type TagId = Id<'tag'>
export type BoardRow = typeof boards.$inferSelect
export type PostStatusRow = typeof postStatuses.$inferSelect
export type TagRow = typeof tags.$inferSelect

// ---------------------------------------------------------------------------------------------- shapes

/** A board as clients see it. */
export const toBoard = (b: BoardRow) => ({
  id: b.id,
  name: b.name,
  slug: b.slug,
  description: b.description,
  visibility: { audience: b.audience, segmentIds: b.segmentIds, organizationIds: b.organizationIds },
  access: { view: b.viewAccess, post: b.postAccess, vote: b.voteAccess, comment: b.commentAccess },
  moderation: b.moderation,
  oneWay: b.oneWay,
  archived: b.archivedAt !== null,
  archivedAt: b.archivedAt?.toISOString() ?? null,
  fields: b.fields,
  createdAt: b.createdAt.toISOString(),
  updatedAt: b.updatedAt.toISOString(),
})

export const toPostStatus = (s: PostStatusRow) => ({
  id: s.id,
  name: s.name,
  category: s.category,
  color: s.color,
  position: s.position,
  isDefault: s.isDefault,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
})

export const toTag = (t: TagRow) => ({
  id: t.id,
  name: t.name,
  color: t.color,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
})

/** Leading and trailing spaces dropped; blank is refused naming `path`. */
function cleanName(name: string, path = 'body.name'): string {
  const trimmed = name.trim()
  if (!trimmed) throw validationFailed([{ path, code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

/** A slug from a name: lower-case ASCII letters and digits joined by single hyphens. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return slug || 'board'
}

/** Select fields need their options and field keys are unique; the spec checks the rest. */
function checkFields(fields: BoardField[]): BoardField[] {
  const errors: FieldError[] = []
  const seen = new Set<string>()
  fields.forEach((field, i) => {
    if (seen.has(field.key)) {
      errors.push({ path: `body.fields.${i}.key`, code: 'duplicate', message: `${field.key} is used twice` })
    }
    seen.add(field.key)
    if (field.type === 'select' && !field.options?.length) {
      errors.push({
        path: `body.fields.${i}.options`,
        code: 'required',
        message: 'a select field needs options',
      })
    }
    if (field.type !== 'select' && field.options !== undefined) {
      errors.push({
        path: `body.fields.${i}.options`,
        code: 'not_allowed',
        message: 'only select fields have options',
      })
    }
  })
  if (errors.length > 0) throw validationFailed(errors)
  return fields.map((f) => ({
    key: f.key,
    label: f.label.trim() || f.key,
    type: f.type,
    required: f.required ?? false,
    ...(f.type === 'select' ? { options: f.options } : {}),
  }))
}

// ---------------------------------------------------------------------------------------------- boards

export interface BoardInput {
  name?: string
  slug?: string
  description?: string | null
  visibility?: VisibilityInput
  access?: Partial<Record<'view' | 'post' | 'vote' | 'comment', BoardAccessLevel>>
  archived?: boolean
  /** The board's moderation rule; null follows the workspace's. */
  moderation?: ModerationRule | null
  oneWay?: boolean
  fields?: Array<Omit<BoardField, 'required'> & { required?: boolean }>
}

/** The columns an input sets (undefined: unchanged). */
function boardColumns(input: BoardInput, current?: BoardRow): Partial<BoardRow> {
  const next: Partial<BoardRow> = {}
  if (input.name !== undefined) next.name = cleanName(input.name)
  if (input.slug !== undefined) next.slug = input.slug
  if (input.description !== undefined) next.description = input.description
  if (input.visibility !== undefined) {
    next.audience = input.visibility.audience
    next.segmentIds = input.visibility.segmentIds ?? []
    next.organizationIds = input.visibility.organizationIds ?? []
  }
  if (input.access?.view !== undefined) next.viewAccess = input.access.view
  if (input.access?.post !== undefined) next.postAccess = input.access.post
  if (input.access?.vote !== undefined) next.voteAccess = input.access.vote
  if (input.access?.comment !== undefined) next.commentAccess = input.access.comment
  if (input.moderation !== undefined) next.moderation = input.moderation
  if (input.oneWay !== undefined) next.oneWay = input.oneWay
  if (input.archived !== undefined && input.archived !== (current ? current.archivedAt !== null : false)) {
    next.archivedAt = input.archived ? new Date() : null
  }
  if (input.fields !== undefined) next.fields = checkFields(input.fields as BoardField[])
  return next
}

const slugTaken = (slug: string) =>
  new ApiError('slug_taken', `A board with the slug ${slug} already exists in this workspace`, {
    errors: [{ path: 'body.slug', code: 'slug_taken', message: `${slug} is taken` }],
  })

const boardSortFields: SortFieldsOf<typeof operations.listBoards, BoardRow> = {
  createdAt: { column: boards.createdAt, kind: 'timestamp', value: (b) => b.createdAt },
  name: { column: boards.name, kind: 'text', value: (b) => b.name },
}

export async function listBoards(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string; archived?: 'true' | 'false' },
  secret: string,
) {
  const archived =
    query.archived === undefined
      ? undefined
      : query.archived === 'true'
        ? sql`${boards.archivedAt} is not null`
        : sql`${boards.archivedAt} is null`
  return listVisible(ctx, 'Board', boards, {
    name: 'list_boards',
    variant: `${query.archived}`,
    fields: boardSortFields,
    query,
    secret,
    filters: [archived],
  })
}

/** The board `id` as the caller may read it, else 404 (naming `path` when it came from a body or query). */
export async function getBoardOrThrow(ctx: ServiceContext, id: string, db: Db = ctx.db, path?: string) {
  const row = await getVisibleOrThrow(ctx, 'Board', boards, id, 'Board', { db, path })
  return row
}

export async function createBoard(ctx: ServiceContext, input: BoardInput & { name: string }) {
  const id = newId('brd')
  const columns = boardColumns(input)
  const slug = input.slug ?? slugify(columns.name as string)
  const row = { id, workspaceId: ctx.workspaceId, ...columns, slug }
  if (!(await isAllowedRow(ctx, 'create', 'Board', { ...row, audience: row.audience ?? 'public' }))) {
    throw forbidden(await ctx.principal(), 'Board', 'create')
  }
  try {
    return await transaction(ctx, async (tx) => {
      const visibility = await checkVisibility(
        tx,
        ctx.workspaceId,
        input.visibility ?? { audience: 'public' },
      )
      const [created] = await tx
        .insert(boards)
        .values({
          ...row,
          name: columns.name as string,
          audience: visibility.audience,
          segmentIds: visibility.segmentIds,
          organizationIds: visibility.organizationIds,
        })
        .returning()
      if (!created) throw new Error('insert returned no board')
      await writeAudience(tx, ctx.workspaceId, id, visibility)
      await emit(tx, ctx, { type: 'board.created', resourceId: id, data: { board: toBoard(created) } })
      return created
    })
  } catch (error) {
    if (isUniqueViolation(error, 'boards_workspace_slug_key')) throw slugTaken(slug)
    throw error
  }
}

export async function updateBoard(ctx: ServiceContext, id: BoardId, input: BoardInput, ifMatch?: string) {
  try {
    return await transaction(ctx, async (tx) => {
      const current = await lockForChange<BoardRow>(ctx, tx, 'Board', id, { action: 'update', ifMatch })
      const columns = boardColumns(input, current)
      if (input.visibility !== undefined) {
        const visibility = await checkVisibility(tx, ctx.workspaceId, input.visibility)
        columns.audience = visibility.audience
        columns.segmentIds = visibility.segmentIds
        columns.organizationIds = visibility.organizationIds
      }
      const { changed, previous } = diffFields(current, columns)
      if (Object.keys(changed).length === 0) return current
      const [updated] = await tx
        .update(boards)
        .set({ ...changed, ...bumped(boards) })
        .where(and(eq(boards.workspaceId, ctx.workspaceId), eq(boards.id, id)))
        .returning()
      if (!updated) throw notFound('Board')
      if (['audience', 'segmentIds', 'organizationIds'].some((f) => f in changed))
        await writeAudience(tx, ctx.workspaceId, id, updated)
      await emit(tx, ctx, {
        type: 'board.updated',
        resourceId: id,
        data: { board: toBoard(updated), previous: boardPrevious(previous) },
      })
      return updated
    })
  } catch (error) {
    if (isUniqueViolation(error, 'boards_workspace_slug_key')) throw slugTaken(input.slug ?? '')
    throw error
  }
}

/** `previous` in the board's public shape: column names become the fields clients see. */
function boardPrevious(previous: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(previous)) {
    if (column === 'archivedAt') out.archived = value !== null
    else if (column.endsWith('Access')) out[`access.${column.slice(0, -'Access'.length)}`] = value
    else if (['audience', 'segmentIds', 'organizationIds'].includes(column))
      out[`visibility.${column}`] = value
    else out[column] = value
  }
  return out
}

/** Delete an empty board. A board with posts is refused (`409 board_not_empty`): archive it instead. */
export async function deleteBoard(ctx: ServiceContext, id: BoardId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await lockForChange<BoardRow>(ctx, tx, 'Board', id, { action: 'delete', ifMatch })
    const [used] = await tx
      .select({ id: posts.id })
      .from(posts)
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.boardId, id)))
      .limit(1)
    if (used) throw new ApiError('board_not_empty', `Board ${id} has posts; archive it instead`)
    await tx.delete(boards).where(and(eq(boards.workspaceId, ctx.workspaceId), eq(boards.id, id)))
    await dropAudience(tx, id)
    await emit(tx, ctx, {
      type: 'board.deleted',
      resourceId: id,
      data: { board: { id, name: current.name, slug: current.slug } },
    })
  })
}

// -------------------------------------------------------------------------------------------- statuses

export async function listPostStatuses(ctx: ServiceContext) {
  const authz = await listFilter(ctx, 'PostStatus')
  return ctx.db
    .select()
    .from(postStatuses)
    .where(and(eq(postStatuses.workspaceId, ctx.workspaceId), authz))
    .orderBy(asc(postStatuses.position), asc(postStatuses.id))
}

export async function getPostStatusOrThrow(ctx: ServiceContext, id: string, db: Db = ctx.db, path?: string) {
  const row = await getVisibleOrThrow(ctx, 'PostStatus', postStatuses, id, 'Post status', { db, path })
  return row
}

const statusNameTaken = (name: string) =>
  new ApiError('name_taken', `A post status named ${name} already exists in this workspace`)

/** Make `id` the only default: the former default loses it (and says so in its own event). */
async function takeDefault(ctx: ServiceContext, tx: Db, id: PostStatusId) {
  const former = await tx
    .update(postStatuses)
    .set({ isDefault: false, ...bumped(postStatuses) })
    .where(
      and(
        eq(postStatuses.workspaceId, ctx.workspaceId),
        eq(postStatuses.isDefault, true),
        sql`${postStatuses.id} <> ${idToUuid(id)}::uuid`,
      ),
    )
    .returning()
  for (const row of former) {
    await emit(tx, ctx, {
      type: 'post_status.updated',
      resourceId: row.id,
      data: { postStatus: toPostStatus(row), previous: { isDefault: true } },
    })
  }
}

export async function createPostStatus(
  ctx: ServiceContext,
  input: {
    name: string
    category: PostStatusCategory
    color?: string | null
    position?: number
    isDefault?: boolean
  },
) {
  const id = newId('pst')
  const name = cleanName(input.name)
  if (!(await isAllowedRow(ctx, 'create', 'PostStatus', { id, workspaceId: ctx.workspaceId }))) {
    throw forbidden(await ctx.principal(), 'PostStatus', 'create')
  }
  try {
    return await transaction(ctx, async (tx) => {
      // Serialise defaults and positions of one workspace.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext('post_statuses'), hashtext(${ctx.workspaceId}))`,
      )
      let position = input.position
      if (position === undefined) {
        const [last] = await tx
          .select({ max: sql<number | null>`max(${postStatuses.position})` })
          .from(postStatuses)
          .where(eq(postStatuses.workspaceId, ctx.workspaceId))
        position = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1
      }
      const [existingDefault] = await tx
        .select({ id: postStatuses.id })
        .from(postStatuses)
        .where(and(eq(postStatuses.workspaceId, ctx.workspaceId), eq(postStatuses.isDefault, true)))
      // The first status of a workspace is its default.
      const isDefault = input.isDefault ?? !existingDefault
      if (isDefault) await takeDefault(ctx, tx, id)
      const [row] = await tx
        .insert(postStatuses)
        .values({
          id,
          workspaceId: ctx.workspaceId,
          name,
          category: input.category,
          color: input.color ?? null,
          position,
          isDefault,
        })
        .returning()
      if (!row) throw new Error('insert returned no status')
      await emit(tx, ctx, {
        type: 'post_status.created',
        resourceId: id,
        data: { postStatus: toPostStatus(row) },
      })
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error, 'post_statuses_workspace_name_key')) throw statusNameTaken(name)
    throw error
  }
}

export async function updatePostStatus(
  ctx: ServiceContext,
  id: PostStatusId,
  input: {
    name?: string
    category?: PostStatusCategory
    color?: string | null
    position?: number
    isDefault?: boolean
  },
  ifMatch?: string,
) {
  const wanted: Partial<PostStatusRow> = {}
  if (input.name !== undefined) wanted.name = cleanName(input.name)
  if (input.category !== undefined) wanted.category = input.category
  if (input.color !== undefined) wanted.color = input.color
  if (input.position !== undefined) wanted.position = input.position
  if (input.isDefault !== undefined) wanted.isDefault = input.isDefault
  try {
    return await transaction(ctx, async (tx) => {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext('post_statuses'), hashtext(${ctx.workspaceId}))`,
      )
      const current = await lockForChange<PostStatusRow>(ctx, tx, 'PostStatus', id, {
        action: 'update',
        ifMatch,
      })
      const { changed, previous } = diffFields(current, wanted)
      if (Object.keys(changed).length === 0) return current
      if (changed.isDefault) await takeDefault(ctx, tx, id)
      const [updated] = await tx
        .update(postStatuses)
        .set({ ...changed, ...bumped(postStatuses) })
        .where(and(eq(postStatuses.workspaceId, ctx.workspaceId), eq(postStatuses.id, id)))
        .returning()
      if (!updated) throw notFound('Post status')
      await emit(tx, ctx, {
        type: 'post_status.updated',
        resourceId: id,
        data: { postStatus: toPostStatus(updated), previous },
      })
      return updated
    })
  } catch (error) {
    if (isUniqueViolation(error, 'post_statuses_workspace_name_key')) throw statusNameTaken(wanted.name ?? '')
    throw error
  }
}

/** Delete a status no post uses (`409 status_in_use` otherwise: move its posts first). */
export async function deletePostStatus(ctx: ServiceContext, id: PostStatusId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await lockForChange<PostStatusRow>(ctx, tx, 'PostStatus', id, {
      action: 'delete',
      ifMatch,
    })
    const [used] = await tx
      .select({ id: posts.id })
      .from(posts)
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.statusId, id)))
      .limit(1)
    if (used) throw new ApiError('status_in_use', `Posts have the status ${current.name}; move them first`)
    await tx
      .delete(postStatuses)
      .where(and(eq(postStatuses.workspaceId, ctx.workspaceId), eq(postStatuses.id, id)))
    await emit(tx, ctx, {
      type: 'post_status.deleted',
      resourceId: id,
      data: { postStatus: { id, name: current.name } },
    })
  })
}

// ------------------------------------------------------------------------------------------------ tags

const tagSortFields: SortFieldsOf<typeof operations.listTags, TagRow> = {
  name: { column: tags.name, kind: 'text', value: (t) => t.name },
  createdAt: { column: tags.createdAt, kind: 'timestamp', value: (t) => t.createdAt },
}

export async function listTags(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  return listVisible(ctx, 'Tag', tags, {
    name: 'list_tags',
    fields: tagSortFields,
    query,
    secret,
  })
}

export async function getTagOrThrow(ctx: ServiceContext, id: TagId) {
  const row = await getVisibleOrThrow(ctx, 'Tag', tags, id, 'Tag')
  return row
}

const tagNameTaken = (name: string) =>
  new ApiError('name_taken', `A tag named ${name} already exists in this workspace`)

export async function createTag(ctx: ServiceContext, input: { name: string; color?: string | null }) {
  const id = newId('tag')
  const name = cleanName(input.name)
  if (!(await isAllowedRow(ctx, 'create', 'Tag', { id, workspaceId: ctx.workspaceId }))) {
    throw forbidden(await ctx.principal(), 'Tag', 'create')
  }
  try {
    return await transaction(ctx, async (tx) => {
      const [row] = await tx
        .insert(tags)
        .values({ id, workspaceId: ctx.workspaceId, name, color: input.color ?? null })
        .returning()
      if (!row) throw new Error('insert returned no tag')
      await emit(tx, ctx, { type: 'tag.created', resourceId: id, data: { tag: toTag(row) } })
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error, 'tags_workspace_name_key')) throw tagNameTaken(name)
    throw error
  }
}

export async function updateTag(
  ctx: ServiceContext,
  id: TagId,
  input: { name?: string; color?: string | null },
  ifMatch?: string,
) {
  const wanted: Partial<TagRow> = {}
  if (input.name !== undefined) wanted.name = cleanName(input.name)
  if (input.color !== undefined) wanted.color = input.color
  try {
    return await transaction(ctx, async (tx) => {
      const current = await lockForChange<TagRow>(ctx, tx, 'Tag', id, { action: 'update', ifMatch })
      const { changed, previous } = diffFields(current, wanted)
      if (Object.keys(changed).length === 0) return current
      const [updated] = await tx
        .update(tags)
        .set({ ...changed, ...bumped(tags) })
        .where(and(eq(tags.workspaceId, ctx.workspaceId), eq(tags.id, id)))
        .returning()
      if (!updated) throw notFound('Tag')
      await emit(tx, ctx, { type: 'tag.updated', resourceId: id, data: { tag: toTag(updated), previous } })
      return updated
    })
  } catch (error) {
    if (isUniqueViolation(error, 'tags_workspace_name_key')) throw tagNameTaken(wanted.name ?? '')
    throw error
  }
}

/** Delete a tag; posts that carry it lose it in the same transaction. */
export async function deleteTag(ctx: ServiceContext, id: TagId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await lockForChange<TagRow>(ctx, tx, 'Tag', id, { action: 'delete', ifMatch })
    await tx
      .update(posts)
      .set({ tagIds: sql`${posts.tagIds} - ${id}::text` })
      .where(
        and(eq(posts.workspaceId, ctx.workspaceId), sql`${posts.tagIds} @> ${JSON.stringify([id])}::jsonb`),
      )
    await tx.delete(tags).where(and(eq(tags.workspaceId, ctx.workspaceId), eq(tags.id, id)))
    await emit(tx, ctx, { type: 'tag.deleted', resourceId: id, data: { tag: { id, name: current.name } } })
  })
}
