import { and, eq, getTableColumns, isNull, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { filterFor, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { comments, posts } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError, notFound, validationFailed } from '../../http/errors'
import { paginate } from '../../http/pagination'
import { type Id, idToUuid, newId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, lockForChange } from '../../kit/update'
import { notFoundAt } from '../../kit/visible'
import { autoSubscribe } from './auto-subscribe'
import { newMentions } from './mentions'
import { lockPostFor, type PostId, type PostRow } from './posts'
import { assertNoStaffReply, recordCommentRevision, touchPinningPost } from './revisions'
import { limitAnonymous } from './settings'

export type CommentId = Id<'cmt'>
const { search: _search, ...columns } = getTableColumns(comments)
/** Every column but the search document. */
export const commentColumns = columns
export type CommentRow = Omit<typeof comments.$inferSelect, 'search'>

/** A comment as clients see it; a deleted one keeps its place in the thread, shown as removed. */
export const toComment = (c: CommentRow) => {
  const removed = c.deletedAt !== null
  return {
    id: c.id,
    postId: c.postId,
    parentId: c.parentId,
    body: removed ? null : c.body,
    visibility: c.visibility,
    author: removed
      ? null
      : c.authorContactId
        ? { type: 'contact' as const, id: c.authorContactId as string }
        : c.authorMemberId
          ? { type: 'member' as const, id: c.authorMemberId as string }
          : null,
    removed,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  }
}

function cleanBody(body: string): string {
  const trimmed = body.trim()
  if (!trimmed)
    throw validationFailed([{ path: 'body.body', code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

/**
 * What a caller may read of comments: the comment rule (a contact never reads a private one) and the rule of
 * the post it is on, both in SQL.
 */
async function readableComments(ctx: ServiceContext) {
  const comment = await listFilter(ctx, 'Comment')
  const post = await filterFor(ctx, 'read', 'Post')
  const onReadablePost = sql`exists (select 1 from ${posts} where ${posts.id} = ${comments.postId} and ${posts.deletedAt} is null and ${post.where})`
  return and(comment, onReadablePost) as ReturnType<typeof sql>
}

/** The comment `id` as the caller may read it (a removed one too), else 404. */
export async function getCommentOrThrow(
  ctx: ServiceContext,
  id: string,
  db: Db = ctx.db,
): Promise<CommentRow> {
  const readable = await readableComments(ctx)
  const [row] = await db
    .select(commentColumns)
    .from(comments)
    .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, id as CommentId), readable))
  if (!row) throw notFound('Comment')
  return row
}

const commentSortFields: SortFieldsOf<typeof operations.listPostComments, CommentRow> = {
  createdAt: { column: comments.createdAt, kind: 'timestamp', value: (c) => c.createdAt },
}

/** The comments of a post, oldest first: threads by `parentId`; private ones only for staff. */
export async function listComments(
  ctx: ServiceContext,
  postId: PostId,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  const readable = await readableComments(ctx)
  const postRead = await listFilter(ctx, 'Post')
  const [post] = await ctx.db
    .select({ id: posts.id })
    .from(posts)
    .where(
      and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, postId), isNull(posts.deletedAt), postRead),
    )
  if (!post) throw notFound('Post')
  return paginate<CommentRow>({
    db: ctx.db,
    name: 'list_post_comments',
    secret,
    sort: query.sort,
    fields: commentSortFields,
    idColumn: comments.id,
    limit: query.limit,
    cursor: query.cursor,
    params: { workspaceId: idToUuid(ctx.workspaceId), postId: idToUuid(postId) },
    authz: readable,
    build: ({ db, where, orderBy }) =>
      db
        .select(commentColumns)
        .from(comments)
        .where(
          and(
            sql`${comments.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
            sql`${comments.postId} = ${sql.placeholder('postId')}::uuid`,
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}

/** Public comments count on the post; private ones never show, not even as a number. */
const countDelta = (row: { visibility: string }, delta: 1 | -1) =>
  row.visibility === 'public' ? sql`${posts.commentCount} + ${delta}` : sql`${posts.commentCount}`

export async function createComment(
  ctx: ServiceContext,
  postId: PostId,
  input: { body: string; parentId?: string; private?: boolean },
): Promise<CommentRow> {
  const body = cleanBody(input.body)
  if (input.private && ctx.actor.type === 'contact') {
    throw new ApiError('forbidden', 'Only staff write private comments')
  }
  await limitAnonymous(ctx)
  return transaction(ctx, async (tx) => {
    const post = await lockPostFor(ctx, tx, postId, 'comment')
    return insertComment(ctx, tx, post, { ...input, body })
  })
}

/**
 * Write a comment on `post` (locked by the caller, who checked the caller may comment on it) in the caller's
 * transaction: its count, and `comment.created` with the members it mentions.
 */
export async function insertComment(
  ctx: ServiceContext,
  tx: Db,
  post: { id: PostId; boardId: PostRow['boardId'] },
  input: { body: string; parentId?: string; private?: boolean },
): Promise<CommentRow> {
  const body = cleanBody(input.body)
  if (input.parentId) {
    const parent = await getCommentOrThrow(ctx, input.parentId, tx).catch(() => {
      throw notFoundAt('Comment', input.parentId as string, 'body.parentId')
    })
    if (parent.postId !== post.id) throw notFoundAt('Comment', input.parentId, 'body.parentId')
  }
  const actor = ctx.actor
  const visibility = input.private ? ('private' as const) : ('public' as const)
  const [row] = await tx
    .insert(comments)
    .values({
      id: newId('cmt'),
      workspaceId: ctx.workspaceId,
      postId: post.id,
      boardId: post.boardId,
      parentId: (input.parentId ?? null) as CommentId | null,
      body,
      visibility,
      authorContactId: actor.type === 'contact' ? actor.id : null,
      authorMemberId: actor.type === 'member' ? actor.id : actor.type === 'api_key' ? actor.memberId : null,
      authorVisitorId: actor.type === 'visitor' && actor.visitorId ? actor.visitorId : null,
    })
    .returning(commentColumns)
  if (!row) throw new Error('insert returned no comment')
  await autoSubscribe(
    tx,
    { ...row, contactId: row.authorContactId, memberId: row.authorMemberId },
    'commenter',
  )
  await tx
    .update(posts)
    .set({ commentCount: countDelta(row, 1) })
    .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, post.id)))
  await emit(tx, ctx, {
    type: 'comment.created',
    resourceId: row.id,
    data: {
      comment: toComment(row),
      post: { id: post.id, boardId: post.boardId },
      mentions: await newMentions(ctx, tx, body),
    },
  })
  return row
}

const lockComment = (ctx: ServiceContext, tx: Db, id: CommentId, action: string, ifMatch?: string) =>
  lockForChange<CommentRow>(ctx, tx, 'Comment', id, {
    action,
    ifMatch,
    columns: commentColumns,
    check: (row) => {
      if (row.deletedAt) throw notFound('Comment')
    },
  })

export async function updateComment(
  ctx: ServiceContext,
  id: CommentId,
  input: { body: string },
  ifMatch?: string,
) {
  const body = cleanBody(input.body)
  return transaction(ctx, async (tx) => {
    await assertPostReadable(ctx, tx, id)
    const current = await lockComment(ctx, tx, id, 'update', ifMatch)
    if (current.body === body) return current
    await assertNoStaffReply(ctx, tx, current)
    await recordCommentRevision(ctx, tx, current)
    await touchPinningPost(ctx, tx, current)
    const [updated] = await tx
      .update(comments)
      .set({ body, ...bumped(comments) })
      .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, id)))
      .returning(commentColumns)
    if (!updated) throw notFound('Comment')
    await emit(tx, ctx, {
      type: 'comment.updated',
      resourceId: id,
      data: {
        comment: toComment(updated),
        previous: { body: current.body },
        mentions: await newMentions(ctx, tx, body, current.body),
        post: { id: updated.postId, boardId: updated.boardId },
      },
    })
    return updated
  })
}

/** Soft delete: the comment stays in its thread as removed; the post's count drops. */
export async function deleteComment(ctx: ServiceContext, id: CommentId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    await assertPostReadable(ctx, tx, id)
    const current = await lockComment(ctx, tx, id, 'delete', ifMatch)
    await touchPinningPost(ctx, tx, current)
    await tx
      .update(comments)
      .set({ deletedAt: new Date(), ...bumped(comments) })
      .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, id)))
    await tx
      .update(posts)
      .set({ commentCount: countDelta(current, -1) })
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, current.postId)))
    await emit(tx, ctx, {
      type: 'comment.deleted',
      resourceId: id,
      data: {
        comment: { id, postId: current.postId, visibility: current.visibility },
        post: { id: current.postId, boardId: current.boardId },
      },
    })
  })
}

/** A comment on a post the caller may not read is as absent as the post (404). */
async function assertPostReadable(ctx: ServiceContext, tx: Db, id: CommentId) {
  await getCommentOrThrow(ctx, id, tx)
}
