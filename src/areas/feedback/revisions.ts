import { and, eq, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { assertAllowed } from '../../authz/guard'
import type { ServiceContext } from '../../context/service'
import { type Db, queryRows } from '../../db/database'
import { commentRevisions, comments, postRevisions, posts } from '../../db/schema/feedback'
import { ApiError } from '../../http/errors'
import { paginate } from '../../http/pagination'
import { type ContactId, type Id, idToUuid, type MemberId, newId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'

/**
 * Edit history of comments and posts: every edit keeps what it replaced, in the edit's transaction. This file
 * imports neither comments.ts nor posts.ts (they call its writers), so the readers take a row already read.
 */

type CommentRevisionRow = typeof commentRevisions.$inferSelect
type PostRevisionRow = typeof postRevisions.$inferSelect

/** Who edits, as the revision records it: a contact, or a member (an API key's member); a visitor is nobody. */
function editor(ctx: ServiceContext) {
  const a = ctx.actor
  return {
    editedByContactId: a.type === 'contact' ? (a.id as ContactId) : null,
    editedByMemberId:
      a.type === 'member' ? (a.id as MemberId) : a.type === 'api_key' ? (a.memberId as MemberId) : null,
  }
}

const editedBy = (r: { editedByContactId: string | null; editedByMemberId: string | null }) =>
  r.editedByContactId
    ? { type: 'contact' as const, id: r.editedByContactId }
    : r.editedByMemberId
      ? { type: 'member' as const, id: r.editedByMemberId }
      : null

/** Keep a comment's body as it was before this edit. */
export async function recordCommentRevision(
  ctx: ServiceContext,
  tx: Db,
  comment: { id: Id<'cmt'>; body: string },
) {
  await tx.insert(commentRevisions).values({
    id: newId('rev'),
    workspaceId: ctx.workspaceId,
    commentId: comment.id,
    body: comment.body,
    ...editor(ctx),
  })
}

/** Keep a post's title and body as they were before this edit. */
export async function recordPostRevision(
  ctx: ServiceContext,
  tx: Db,
  post: { id: Id<'post'>; title: string; body: string | null },
) {
  await tx.insert(postRevisions).values({
    id: newId('rev'),
    workspaceId: ctx.workspaceId,
    postId: post.id,
    title: post.title,
    body: post.body,
    ...editor(ctx),
  })
}

/**
 * A contact edits its comment only until staff answer it: a public, live reply by a member anywhere below it in
 * the thread ends that (409). A private staff note does not count: the contact could not see why.
 */
export async function assertNoStaffReply(ctx: ServiceContext, tx: Db, comment: { id: Id<'cmt'> }) {
  if (ctx.actor.type !== 'contact') return
  const found = await queryRows<{ found: number }>(
    tx,
    sql`
    with recursive below(id) as (
      select ${comments.id} from ${comments}
      where ${comments.workspaceId} = ${idToUuid(ctx.workspaceId)}::uuid and ${comments.parentId} = ${idToUuid(comment.id)}::uuid
      union all
      select c.id from ${comments} c join below b on c.parent_id = b.id
      where c.workspace_id = ${idToUuid(ctx.workspaceId)}::uuid
    )
    select 1 as found from ${comments} c join below b on c.id = b.id
    where c.author_member_id is not null and c.visibility = 'public' and c.deleted_at is null
    limit 1`,
  )
  if (found.length > 0) {
    throw new ApiError(
      'comment_has_staff_reply',
      `Comment ${comment.id} has a reply from staff; it can no longer be edited`,
    )
  }
}

/**
 * The post whose official response this comment is changes with it: its version moves (so its ETag does), as
 * its answer carries the comment.
 */
export async function touchPinningPost(ctx: ServiceContext, tx: Db, comment: { id: Id<'cmt'> }) {
  await tx
    .update(posts)
    .set({ version: sql`${posts.version} + 1`, updatedAt: new Date() })
    .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.officialResponseId, comment.id)))
}

// ---------------------------------------------------------------------------------------------- reads

export const toCommentRevision = (r: CommentRevisionRow) => ({
  id: r.id,
  body: r.body,
  editedBy: editedBy(r),
  editedAt: r.createdAt.toISOString(),
})

export const toPostRevision = (r: PostRevisionRow) => ({
  id: r.id,
  title: r.title,
  body: r.body,
  editedBy: editedBy(r),
  editedAt: r.createdAt.toISOString(),
})

const commentRevisionSort: SortFieldsOf<typeof operations.listCommentRevisions, CommentRevisionRow> = {
  editedAt: { column: commentRevisions.createdAt, kind: 'timestamp', value: (r) => r.createdAt },
}

const postRevisionSort: SortFieldsOf<typeof operations.listPostRevisions, PostRevisionRow> = {
  editedAt: { column: postRevisions.createdAt, kind: 'timestamp', value: (r) => r.createdAt },
}

type Query = { limit: number; cursor?: string; sort: string }

/**
 * The former bodies of `comment` (read by the caller through the comment read rule): staff, and its author
 * (the policy's `history`; 403 otherwise).
 */
export async function listCommentRevisions(
  ctx: ServiceContext,
  comment: Record<string, unknown> & { id: Id<'cmt'> },
  query: Query,
  secret: string,
) {
  await assertAllowed(ctx, 'history', 'Comment', comment)
  return paginate<CommentRevisionRow>({
    db: ctx.db,
    name: 'list_comment_revisions',
    secret,
    sort: query.sort,
    fields: commentRevisionSort,
    idColumn: commentRevisions.id,
    limit: query.limit,
    cursor: query.cursor,
    params: { workspaceId: idToUuid(ctx.workspaceId), commentId: idToUuid(comment.id) },
    build: ({ db, where, orderBy }) =>
      db
        .select()
        .from(commentRevisions)
        .where(
          and(
            sql`${commentRevisions.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
            sql`${commentRevisions.commentId} = ${sql.placeholder('commentId')}::uuid`,
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}

/** The former titles and bodies of `post` (read by the caller): staff, and its author (403 otherwise). */
export async function listPostRevisions(
  ctx: ServiceContext,
  post: Record<string, unknown> & { id: Id<'post'> },
  query: Query,
  secret: string,
) {
  await assertAllowed(ctx, 'history', 'Post', post)
  return paginate<PostRevisionRow>({
    db: ctx.db,
    name: 'list_post_revisions',
    secret,
    sort: query.sort,
    fields: postRevisionSort,
    idColumn: postRevisions.id,
    limit: query.limit,
    cursor: query.cursor,
    params: { workspaceId: idToUuid(ctx.workspaceId), postId: idToUuid(post.id) },
    build: ({ db, where, orderBy }) =>
      db
        .select()
        .from(postRevisions)
        .where(
          and(
            sql`${postRevisions.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
            sql`${postRevisions.postId} = ${sql.placeholder('postId')}::uuid`,
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}
