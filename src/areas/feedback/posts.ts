import { and, eq, getTableColumns, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { assertAllowed, filterFor, isAllowedRow, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import { type Db, queryRows } from '../../db/database'
import { contacts, members } from '../../db/schema'
import { type BoardField, boards, comments, postStatuses, posts, tags } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { type ContactId, type Id, idToUuid, type MemberId, newId, uuidToId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { listVisible, notFoundAt } from '../../kit/visible'
import { autoSubscribe } from './auto-subscribe'
import {
  type BoardRow,
  getBoardOrThrow,
  getPostStatusOrThrow,
  type PostStatusRow,
  toPostStatus,
} from './boards'
import {
  assertAuthorMayEdit,
  assertBoardAllowed,
  heldAfterEdit,
  moderationForNewPost,
} from './moderation-rules'
import { recordPostRevision } from './revisions'
import { limitAnonymous, settingsOf } from './settings'

export type PostId = Id<'post'>

/** A post's official response as its answer carries it. */
export interface OfficialResponseRef {
  id: string
  body: string
  author: { type: 'contact' | 'member'; id: string } | null
  createdAt: string
  updatedAt: string
}

/** The official response as answered, from its `json_build_object` (a string or parsed JSON, by driver). */
export function officialResponseOf(value: unknown): OfficialResponseRef | null {
  if (value === null || value === undefined) return null
  const o = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, string | null>
  return {
    id: uuidToId('cmt', o.id as string),
    body: o.body as string,
    author: o.member
      ? { type: 'member', id: uuidToId('mbr', o.member) }
      : o.contact
        ? { type: 'contact', id: uuidToId('ct', o.contact) }
        : null,
    createdAt: new Date(o.createdAt as string).toISOString(),
    updatedAt: new Date(o.updatedAt as string).toISOString(),
  }
}

/** The pinned comment, read with the post (one primary-key probe; none while it is removed). */
const officialResponse =
  sql<OfficialResponseRef | null>`(select json_build_object('id', ${comments.id}, 'body', ${comments.body}, 'member', ${comments.authorMemberId}, 'contact', ${comments.authorContactId}, 'createdAt', ${comments.createdAt}, 'updatedAt', ${comments.updatedAt}) from ${comments} where ${comments.id} = ${posts.officialResponseId} and ${comments.deletedAt} is null)`.mapWith(
    officialResponseOf,
  )

const { search: _search, ...columns } = getTableColumns(posts)
/** Every column but the search document, and the official response. */
export const postColumns = { ...columns, officialResponse }
export type PostRow = Omit<typeof posts.$inferSelect, 'search'> & {
  officialResponse: OfficialResponseRef | null
}

/**
 * What a list reads of each post: the columns its answer and cursors use, not the workspace, the visitor
 * author, the import source, the version or the official response's id (the list answers no ETag), which every
 * row would otherwise carry and decode.
 */
const {
  workspaceId: _workspaceId,
  authorVisitorId: _authorVisitorId,
  importSourceId: _importSourceId,
  officialResponseId: _officialResponseId,
  version: _version,
  ...listColumns
} = columns
export const postListColumns = { ...listColumns, officialResponse }

/** The fields of a post that its answer shows. */
export type PostView = Pick<PostRow, keyof typeof listColumns | 'officialResponse'>

/** A post as clients see it. */
export const toPost = (p: PostView) => ({
  id: p.id,
  boardId: p.boardId,
  statusId: p.statusId,
  title: p.title,
  body: p.body,
  author: p.authorContactId
    ? { type: 'contact' as const, id: p.authorContactId as string }
    : p.authorMemberId
      ? { type: 'member' as const, id: p.authorMemberId as string }
      : null,
  ownerMemberId: p.ownerMemberId,
  eta: p.eta,
  pinned: p.pinned,
  locked: p.locked,
  customFields: p.customFields,
  tags: p.tagIds,
  voteCount: p.voteCount,
  commentCount: p.commentCount,
  moderation: p.moderation,
  moderationReason: p.moderationReason,
  mergedIntoId: p.mergedIntoId,
  deletedAt: p.deletedAt?.toISOString() ?? null,
  officialResponse: p.officialResponse,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
})

/** Deleted posts can be restored this long; then the purge tick removes them for good. */
export const restoreDays = 30

// ------------------------------------------------------------------------------------------- trending

/** The trending clock: a vote's weight grows e-fold every `tau` (3 days), counted from `epoch`. */
export const trendingEpochMs = Date.UTC(2026, 0, 1)
export const trendingTauMs = 3 * 86_400_000
/** A moment on the trending scale: (t − epoch) / τ. */
export const trendingAt = (at: Date) => (at.getTime() - trendingEpochMs) / trendingTauMs

/** `trending` after adding a vote at scale value `x`: ln(e^s + e^x), computed without overflow. */
export const addToTrending = (x: number) =>
  sql`greatest(${posts.trending}, ${x}::float8) + ln(1 + exp(-abs(${posts.trending} - ${x}::float8)))`

/** `trending` after removing a vote at `x`: ln(e^s − e^x) (the post's creation keeps it above `x`). */
export const removeFromTrending = (x: number) =>
  sql`${posts.trending} + ln(greatest(1 - exp(${x}::float8 - ${posts.trending}), 1e-12))`

// ------------------------------------------------------------------------------------- custom fields

/** Check `values` against the board's field definitions; `creating` also requires the required fields. */
export function checkCustomFields(
  fields: BoardField[],
  values: Record<string, unknown>,
  creating: boolean,
): Record<string, unknown> {
  const errors: FieldError[] = []
  const byKey = new Map(fields.map((f) => [f.key, f]))
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) {
    const path = `body.customFields.${key}`
    const field = byKey.get(key)
    if (!field) {
      errors.push({ path, code: 'unknown_field', message: `the board has no field ${key}` })
      continue
    }
    if (value === null) {
      if (field.required) errors.push({ path, code: 'required', message: 'is required on this board' })
      else out[key] = null
      continue
    }
    const problem = fieldProblem(field, value)
    if (problem) errors.push({ path, code: 'invalid_type', message: problem })
    else out[key] = value
  }
  if (creating) {
    for (const field of fields) {
      if (field.required && (values[field.key] === undefined || values[field.key] === null)) {
        errors.push({
          path: `body.customFields.${field.key}`,
          code: 'required',
          message: 'is required on this board',
        })
      }
    }
  }
  if (errors.length > 0) throw validationFailed(errors)
  return out
}

function fieldProblem(field: BoardField, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 255
        ? undefined
        : 'must be text of at most 255 characters'
    case 'long_text':
      return typeof value === 'string' && value.length <= 10_000
        ? undefined
        : 'must be text of at most 10,000 characters'
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number'
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : 'must be true or false'
    case 'date':
      return typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
        new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
        ? undefined
        : 'must be a date (YYYY-MM-DD)'
    case 'select':
      return typeof value === 'string' && field.options?.includes(value)
        ? undefined
        : `must be one of ${(field.options ?? []).join(', ')}`
  }
}

// ------------------------------------------------------------------------------------------- lookups

/** Tag ids that all exist in the workspace (404 naming the first unknown one's index). */
async function checkTags(ctx: ServiceContext, db: Db, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  const read = await filterFor(ctx, 'read', 'Tag')
  const found = await db
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.workspaceId, ctx.workspaceId), inArray(tags.id, unique as Id<'tag'>[]), read.where))
  const known = new Set(found.map((t) => t.id as string))
  const missing = ids.findIndex((id) => !known.has(id))
  if (missing >= 0) throw notFoundAt('Tag', ids[missing] as string, `body.tags.${missing}`)
  return unique
}

async function checkMember(ctx: ServiceContext, db: Db, id: string, path: string) {
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.workspaceId, ctx.workspaceId), eq(members.id, id as MemberId)))
  if (!row) throw notFoundAt('Member', id, path)
}

export async function checkContact(ctx: ServiceContext, db: Db, id: string, path: string) {
  const read = await filterFor(ctx, 'read', 'Contact')
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, ctx.workspaceId),
        eq(contacts.id, id as ContactId),
        isNull(contacts.mergedIntoId),
        read.where,
      ),
    )
  if (!row) throw notFoundAt('Contact', id, path)
}

async function defaultStatus(ctx: ServiceContext, db: Db): Promise<PostStatusRow | undefined> {
  const [row] = await db
    .select()
    .from(postStatuses)
    .where(and(eq(postStatuses.workspaceId, ctx.workspaceId), eq(postStatuses.isDefault, true)))
  return row
}

const boardArchived = (board: BoardRow) =>
  new ApiError('board_archived', `Board ${board.id} is archived and takes no new posts, votes or comments`)

/** Fields only staff set; a contact sending one is refused naming it. */
const staffFields = ['authorContactId', 'ownerMemberId', 'eta', 'pinned', 'locked', 'statusId'] as const

function refuseStaffFields(ctx: ServiceContext, input: PostInput) {
  if (ctx.actor.type !== 'contact') return
  const sent = staffFields.filter((f) => input[f] !== undefined)
  if (sent.length > 0) {
    throw new ApiError('forbidden', `Only staff may set ${sent.join(', ')}`)
  }
}

// ---------------------------------------------------------------------------------------------- reads

/**
 * The post `id` the caller may read (not deleted), else 404. A merged post's id resolves to the post it was
 * merged into (merges keep one hop), so `row.id` may differ from `id`.
 */
export async function getPostOrThrow(ctx: ServiceContext, id: string, db: Db = ctx.db): Promise<PostRow> {
  const read = await filterFor(ctx, 'read', 'Post')
  const one = async (postId: string) =>
    (
      await db
        .select(postColumns)
        .from(posts)
        .where(
          and(
            eq(posts.workspaceId, ctx.workspaceId),
            eq(posts.id, postId as PostId),
            isNull(posts.deletedAt),
            read.where,
          ),
        )
    )[0]
  const row = await one(id)
  if (!row) throw notFound('Post')
  if (!row.mergedIntoId) return row
  const target = await one(row.mergedIntoId)
  if (!target) throw notFound('Post')
  return target
}

const postSortFields: SortFieldsOf<typeof operations.listPosts, PostView> = {
  top: { column: posts.voteCount, kind: 'number', value: (p) => p.voteCount, descending: true },
  new: { column: posts.createdAt, kind: 'timestamp', value: (p) => p.createdAt, descending: true },
  trending: { column: posts.trending, kind: 'number', value: (p) => p.trending, descending: true },
  updatedAt: { column: posts.updatedAt, kind: 'timestamp', value: (p) => p.updatedAt },
}

export interface ListPostsQuery {
  limit: number
  cursor?: string
  sort: string
  boardId?: string
  statusId?: string
  statusCategory?: string
  tagId?: string
  authorContactId?: string
  authorMemberId?: string
  ownerMemberId?: string
  minVotes?: number
  moderation?: string
  pinned?: 'true' | 'false'
  hasOfficialResponse?: 'true' | 'false'
  deleted?: 'true' | 'false'
}

export async function listPosts(ctx: ServiceContext, query: ListPostsQuery, secret: string) {
  const authz = await listFilter(ctx, 'Post')
  const deleted = query.deleted === 'true'
  if (deleted && !(await isAllowedRow(ctx, 'restore', 'Post', { workspaceId: ctx.workspaceId }))) {
    throw forbidden(await ctx.principal(), 'Post', 'restore')
  }
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const uuidParams = [
    ['boardId', query.boardId, posts.boardId],
    ['statusId', query.statusId, posts.statusId],
    ['authorContactId', query.authorContactId, posts.authorContactId],
    ['authorMemberId', query.authorMemberId, posts.authorMemberId],
    ['ownerMemberId', query.ownerMemberId, posts.ownerMemberId],
  ] as const
  for (const [name, value] of uuidParams) if (value !== undefined) params[name] = idToUuid(value)
  if (query.statusCategory !== undefined) params.statusCategory = query.statusCategory
  if (query.tagId !== undefined) params.tagId = JSON.stringify([query.tagId])
  if (query.minVotes !== undefined) params.minVotes = query.minVotes
  if (query.moderation !== undefined) params.moderation = query.moderation
  // The statement's shape follows from which parameters are set (its variant): built only when prepared.
  const filters = () => {
    const built: SQL[] = [
      deleted ? sql`${posts.deletedAt} is not null` : sql`${posts.deletedAt} is null`,
      isNull(posts.mergedIntoId),
    ]
    for (const [name, , column] of uuidParams) {
      if (name in params) built.push(sql`${column} = ${sql.placeholder(name)}::uuid`)
    }
    if ('statusCategory' in params) {
      built.push(
        sql`${posts.statusId} in (select ${postStatuses.id} from ${postStatuses} where ${postStatuses.workspaceId} = ${sql.placeholder('workspaceId')}::uuid and ${postStatuses.category} = ${sql.placeholder('statusCategory')})`,
      )
    }
    if ('tagId' in params) built.push(sql`${posts.tagIds} @> ${sql.placeholder('tagId')}::jsonb`)
    if ('minVotes' in params) built.push(sql`${posts.voteCount} >= ${sql.placeholder('minVotes')}::int`)
    if ('moderation' in params) built.push(sql`${posts.moderation} = ${sql.placeholder('moderation')}`)
    if (query.pinned !== undefined) built.push(sql`${posts.pinned} = ${query.pinned === 'true'}`)
    if (query.hasOfficialResponse !== undefined) {
      const has = sql`exists (select 1 from ${comments} where ${comments.id} = ${posts.officialResponseId} and ${comments.deletedAt} is null)`
      built.push(query.hasOfficialResponse === 'true' ? has : sql`not ${has}`)
    }
    return built
  }
  return listVisible<typeof posts, PostView>(ctx, 'Post', posts, {
    name: 'list_posts',
    variant: `${Object.keys(params).join(',')}|${query.pinned}|${deleted}|${query.hasOfficialResponse}`,
    columns: postListColumns,
    fields: postSortFields,
    query,
    secret,
    filters,
    params,
    authz,
  })
}

// --------------------------------------------------------------------------------------------- writes

export interface PostInput {
  boardId?: string
  title?: string
  body?: string | null
  statusId?: string | null
  tags?: string[]
  authorContactId?: string
  ownerMemberId?: string | null
  eta?: string | null
  pinned?: boolean
  locked?: boolean
  customFields?: Record<string, unknown>
}

function cleanTitle(title: string): string {
  const trimmed = title.trim()
  if (!trimmed)
    throw validationFailed([{ path: 'body.title', code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

const statusRef = (s: PostStatusRow | undefined) =>
  s ? { id: s.id as string, name: s.name, category: s.category } : null

/**
 * What an import (`npm run import`, src/areas/feedback/import.ts) sets beyond the API's fields: the source
 * system's id, and, checked by the import as admin-only, the original creation time and a member author.
 */
export interface ImportedPost {
  sourceId: string
  createdAt?: Date
  authorMemberId?: MemberId
}

export async function createPost(
  ctx: ServiceContext,
  input: PostInput & { boardId: string; title: string },
  imported?: ImportedPost,
) {
  refuseStaffFields(ctx, input)
  const title = cleanTitle(input.title)
  await limitAnonymous(ctx)
  return transaction(ctx, async (tx) => {
    const board = await getBoardOrThrow(ctx, input.boardId, tx, 'body.boardId')
    await assertBoardAllowed(ctx, tx, board, 'post')
    if (board.archivedAt) throw boardArchived(board)
    const settings = await settingsOf(tx, ctx.workspaceId)
    const status = input.statusId
      ? await getPostStatusOrThrow(ctx, input.statusId, tx, 'body.statusId')
      : input.statusId === null
        ? undefined
        : await defaultStatus(ctx, tx)
    const tagIds = await checkTags(ctx, tx, input.tags ?? [])
    if (input.authorContactId) await checkContact(ctx, tx, input.authorContactId, 'body.authorContactId')
    if (input.ownerMemberId) await checkMember(ctx, tx, input.ownerMemberId, 'body.ownerMemberId')
    const customFields = checkCustomFields(board.fields, input.customFields ?? {}, true)
    const actor = ctx.actor
    const authorContactId =
      actor.type === 'contact' ? actor.id : ((input.authorContactId ?? null) as ContactId | null)
    // A visitor (publishable key) posts anonymously: neither author is set, only the visitor id it sent.
    const authorMemberId = authorContactId
      ? null
      : imported?.authorMemberId
        ? imported.authorMemberId
        : actor.type === 'api_key'
          ? actor.memberId
          : actor.type === 'member'
            ? actor.id
            : null
    const moderation = await moderationForNewPost(ctx, board, settings, { title, body: input.body ?? null })
    const now = imported?.createdAt ?? new Date()
    const [row] = await tx
      .insert(posts)
      .values({
        id: newId('post'),
        workspaceId: ctx.workspaceId,
        boardId: board.id,
        statusId: status?.id ?? null,
        title,
        body: input.body ?? null,
        authorContactId,
        authorMemberId,
        authorVisitorId: actor.type === 'visitor' && actor.visitorId ? actor.visitorId : null,
        ownerMemberId: (input.ownerMemberId ?? null) as MemberId | null,
        eta: input.eta ?? null,
        pinned: input.pinned ?? false,
        locked: input.locked ?? false,
        customFields,
        tagIds,
        trending: trendingAt(now),
        importSourceId: imported?.sourceId ?? null,
        moderation,
        createdAt: now,
        updatedAt: now,
      })
      .returning(postColumns)
    if (!row) throw new Error('insert returned no post')
    await autoSubscribe(
      tx,
      { ...row, postId: row.id, contactId: authorContactId, memberId: authorMemberId },
      'author',
    )
    await emit(tx, ctx, {
      type: 'post.created',
      resourceId: row.id,
      data: { post: toPost(row), status: statusRef(status) },
    })
    return row
  })
}

/** Lock a visible, live post for `action` and check `If-Match`. */
export const lockPost = (ctx: ServiceContext, tx: Db, id: string, action: string, ifMatch?: string) =>
  lockForChange<PostRow>(ctx, tx, 'Post', id, {
    action,
    ifMatch,
    columns: postColumns,
    check: (row) => {
      if (row.deletedAt) throw notFound('Post')
      if (row.mergedIntoId) {
        throw new ApiError(
          'post_merged',
          `Post ${row.id} was merged into ${row.mergedIntoId}; change that one`,
        )
      }
    },
  })

/** What a caller adds to a post's update, in its transaction. */
export interface UpdatePostHooks {
  /** Called with the post (before it is written) when its status changes; answers `post.status_changed`'s `comment`. */
  statusChanged?: (tx: Db, post: PostRow) => Promise<Record<string, unknown>>
}

export async function updatePost(
  ctx: ServiceContext,
  id: PostId,
  input: PostInput,
  ifMatch?: string,
  hooks: UpdatePostHooks = {},
) {
  refuseStaffFields(ctx, input)
  if (input.authorContactId !== undefined) {
    throw validationFailed([
      {
        path: 'body.authorContactId',
        code: 'not_allowed',
        message: 'the author is set when the post is created',
      },
    ])
  }
  return transaction(ctx, async (tx) => {
    const current = await lockPost(ctx, tx, id, 'update', ifMatch)
    const settings = await settingsOf(tx, ctx.workspaceId)
    await assertAuthorMayEdit(ctx, tx, current, settings, 'change')
    const next: Partial<PostRow> = {}
    let board: BoardRow | undefined
    if (input.boardId !== undefined && input.boardId !== current.boardId) {
      board = await getBoardOrThrow(ctx, input.boardId, tx, 'body.boardId')
      if (board.archivedAt) throw boardArchived(board)
      next.boardId = board.id
    }
    if (input.title !== undefined) next.title = cleanTitle(input.title)
    if (input.body !== undefined) next.body = input.body
    let status: PostStatusRow | undefined
    if (input.statusId) {
      status = await getPostStatusOrThrow(ctx, input.statusId, tx, 'body.statusId')
      next.statusId = status.id
    } else if (input.statusId === null) next.statusId = null
    if (input.tags !== undefined) next.tagIds = await checkTags(ctx, tx, input.tags)
    if (input.ownerMemberId) await checkMember(ctx, tx, input.ownerMemberId, 'body.ownerMemberId')
    if (input.ownerMemberId !== undefined) next.ownerMemberId = input.ownerMemberId as MemberId | null
    if (input.eta !== undefined) next.eta = input.eta
    if (input.pinned !== undefined) next.pinned = input.pinned
    if (input.locked !== undefined) next.locked = input.locked
    if (input.customFields !== undefined || board) {
      const fields = (board ?? (await getBoardOrThrow(ctx, current.boardId, tx))).fields
      // Values merge key by key (`null` clears one); moving boards keeps only the new board's keys.
      const merged = { ...current.customFields, ...(input.customFields ?? {}) }
      const known = Object.fromEntries(
        Object.entries(merged).filter(
          ([key]) => fields.some((f) => f.key === key) || input.customFields?.[key] !== undefined,
        ),
      )
      const checked = checkCustomFields(fields, known, false)
      next.customFields = Object.fromEntries(Object.entries(checked).filter(([, v]) => v !== null))
    }
    if (heldAfterEdit(ctx, settings, current, next)) next.moderation = 'pending'
    const { changed, previous } = diffFields(current, next)
    if (hooks.statusChanged && !('statusId' in changed)) {
      throw new ApiError(
        'status_unchanged',
        `Post ${id} already has this status; a statusComment goes with a change`,
      )
    }
    if (Object.keys(changed).length === 0) return current
    if ('title' in changed || 'body' in changed) await recordPostRevision(ctx, tx, current)
    // Written before the post's row, so the answer counts it.
    const statusComment = hooks.statusChanged ? await hooks.statusChanged(tx, current) : null
    const [updated] = await tx
      .update(posts)
      .set({ ...changed, ...bumped(posts) })
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, id)))
      .returning(postColumns)
    if (!updated) throw notFound('Post')
    const { statusId: previousStatusId, ...otherPrevious } = postPrevious(previous)
    if ('statusId' in changed) {
      const before = previousStatusId
        ? await tx
            .select()
            .from(postStatuses)
            .where(eq(postStatuses.id, previousStatusId as Id<'pst'>))
        : []
      await emit(tx, ctx, {
        type: 'post.status_changed',
        resourceId: id,
        data: {
          post: toPost(updated),
          status: statusRef(status),
          previousStatus: statusRef(before[0]),
          comment: statusComment,
        },
      })
    }
    if (Object.keys(otherPrevious).length > 0) {
      await emit(tx, ctx, {
        type: 'post.updated',
        resourceId: id,
        data: { post: toPost(updated), previous: otherPrevious },
      })
    }
    return updated
  })
}

/** `previous` with the post's public field names. */
function postPrevious(previous: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(previous)) out[key === 'tagIds' ? 'tags' : key] = value
  return out
}

/** Soft delete: the post leaves every list and read, and can be restored for `restoreDays` days. */
export async function deletePost(ctx: ServiceContext, id: PostId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await lockPost(ctx, tx, id, 'delete', ifMatch)
    await assertAuthorMayEdit(ctx, tx, current, await settingsOf(tx, ctx.workspaceId), 'delete')
    const [deleted] = await tx
      .update(posts)
      .set({ deletedAt: new Date(), ...bumped(posts) })
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, id)))
      .returning(postColumns)
    if (!deleted) throw notFound('Post')
    await emit(tx, ctx, {
      type: 'post.deleted',
      resourceId: id,
      data: {
        post: { id, boardId: current.boardId, title: current.title },
        restorableUntil: restorableUntil(deleted),
      },
    })
  })
}

const restorableUntil = (row: PostRow) =>
  new Date((row.deletedAt as Date).getTime() + restoreDays * 86_400_000).toISOString()

/** Bring a deleted post back (within `restoreDays`; later it is purged and answers 404). */
export async function restorePost(ctx: ServiceContext, id: PostId) {
  return transaction(ctx, async (tx) => {
    const read = await filterFor(ctx, 'read', 'Post')
    const [row] = await tx
      .select(postColumns)
      .from(posts)
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, id), read.where))
      .for('update')
    if (!row) throw notFound('Post')
    await assertAllowed(ctx, 'restore', 'Post', row)
    if (!row.deletedAt) throw new ApiError('post_not_deleted', `Post ${id} is not deleted`)
    const [restored] = await tx
      .update(posts)
      .set({ deletedAt: null, ...bumped(posts) })
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, id)))
      .returning(postColumns)
    if (!restored) throw notFound('Post')
    await emit(tx, ctx, { type: 'post.restored', resourceId: id, data: { post: toPost(restored) } })
    return restored
  })
}

/** Remove posts deleted more than `restoreDays` ago, in batches (the purge tick). Answers how many. */
export async function purgeDeletedPosts(db: Db, now = new Date(), batch = 1000): Promise<number> {
  const cutoff = new Date(now.getTime() - restoreDays * 86_400_000)
  let total = 0
  for (;;) {
    const gone = await queryRows<{ id: string }>(
      db,
      sql`delete from ${posts} where ${posts.id} in (
        select ${posts.id} from ${posts} where ${lt(posts.deletedAt, cutoff)} limit ${batch}
      ) returning ${posts.id}`,
    )
    const count = gone.length
    total += count
    if (count < batch) return total
  }
}

/**
 * Lock a live post for a vote or a comment (so concurrent ones queue, and its counts stay exact), and check
 * the caller may `action` it: the policy decides in SQL, as a contact's rule follows the post's board. A
 * merged or locked post, or one on an archived board, takes neither.
 */
export async function lockPostFor(
  ctx: ServiceContext,
  tx: Db,
  postId: PostId,
  action: 'vote' | 'comment',
): Promise<PostRow> {
  const read = await listFilter(ctx, 'Post')
  const [post] = await tx
    .select(postColumns)
    .from(posts)
    .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, postId), isNull(posts.deletedAt), read))
    .for('update')
  if (!post) throw notFound('Post')
  const vote = await filterFor(ctx, action, 'Post')
  const allowed = vote.all
    ? true
    : vote.none
      ? false
      : vote.test
        ? vote.test(post)
        : (
            await tx
              .select({ id: posts.id })
              .from(posts)
              .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, postId), vote.where))
          ).length > 0
  if (!allowed) throw forbidden(await ctx.principal(), 'Post', action)
  if (post.mergedIntoId) {
    throw new ApiError('post_merged', `Post ${postId} was merged into ${post.mergedIntoId}; use that one`)
  }
  if (post.locked)
    throw new ApiError('post_locked', `Post ${postId} is locked: it takes no votes or comments`)
  const [board] = await tx
    .select({ archivedAt: boards.archivedAt })
    .from(boards)
    .where(eq(boards.id, post.boardId))
  if (board?.archivedAt) throw new ApiError('board_archived', `The board of post ${postId} is archived`)
  return post
}

export { toPostStatus }
