import { and, eq } from 'drizzle-orm'
import { type ServiceContext, transaction } from '../../context/service'
import { posts } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError, notFound, validationFailed } from '../../http/errors'
import { bumped } from '../../kit/update'
import { notFoundAt } from '../../kit/visible'
import { type CommentId, type CommentRow, getCommentOrThrow, insertComment, toComment } from './comments'
import { lockPost, type PostId, type PostInput, type PostRow, postColumns, toPost, updatePost } from './posts'

/**
 * Official responses: a public staff comment pinned to its post (`posts.official_response_id`; the post's answer
 * reads the comment with it, so an edit shows at once and a removed comment shows as none). Setting, replacing
 * and unpinning emit `post.official_response_changed`: what subscriber notifications key on.
 */

/** The comment `commentId` of `post`, if it may be pinned (public, by a member, not removed). */
async function pinnable(
  ctx: ServiceContext,
  tx: Parameters<typeof getCommentOrThrow>[2],
  post: PostRow,
  id: string,
) {
  const comment = await getCommentOrThrow(ctx, id, tx).catch(() => {
    throw notFoundAt('Comment', id, 'body.commentId')
  })
  if (comment.postId !== post.id || comment.deletedAt) throw notFoundAt('Comment', id, 'body.commentId')
  if (comment.visibility !== 'public' || !comment.authorMemberId) {
    throw new ApiError(
      'official_response_not_allowed',
      `Comment ${id} is ${comment.visibility === 'public' ? 'not a staff comment' : 'private'}; only a public staff comment can be the official response`,
    )
  }
  return comment
}

/** Pin a new (`body`) or existing (`commentId`) public staff comment as the post's official response. */
export async function setOfficialResponse(
  ctx: ServiceContext,
  id: PostId,
  input: { body?: string; commentId?: string },
  ifMatch?: string,
): Promise<PostRow> {
  if ((input.body === undefined) === (input.commentId === undefined)) {
    throw validationFailed([
      { path: 'body', code: 'invalid_union', message: 'give exactly one of body and commentId' },
    ])
  }
  return transaction(ctx, async (tx) => {
    const current = await lockPost(ctx, tx, id, 'respond', ifMatch)
    let comment: CommentRow
    if (input.body !== undefined) comment = await insertComment(ctx, tx, current, { body: input.body })
    else comment = await pinnable(ctx, tx, current, input.commentId as string)
    if (current.officialResponseId === comment.id && current.officialResponse) return current
    const [updated] = await tx
      .update(posts)
      .set({ officialResponseId: comment.id as CommentId, ...bumped(posts) })
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, current.id)))
      .returning(postColumns)
    if (!updated) throw notFound('Post')
    await emit(tx, ctx, {
      type: 'post.official_response_changed',
      resourceId: current.id,
      data: {
        post: toPost(updated),
        officialResponse: updated.officialResponse as Record<string, unknown> | null,
        previousOfficialResponse: current.officialResponse as Record<string, unknown> | null,
      },
    })
    return updated
  })
}

/** Unpin the post's official response (the comment stays in its thread); 409 when it has none. */
export async function removeOfficialResponse(ctx: ServiceContext, id: PostId, ifMatch?: string) {
  return transaction(ctx, async (tx) => {
    const current = await lockPost(ctx, tx, id, 'respond', ifMatch)
    if (!current.officialResponseId) {
      throw new ApiError('no_official_response', `Post ${id} has no official response`)
    }
    const [updated] = await tx
      .update(posts)
      .set({ officialResponseId: null, ...bumped(posts) })
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, current.id)))
      .returning(postColumns)
    if (!updated) throw notFound('Post')
    await emit(tx, ctx, {
      type: 'post.official_response_changed',
      resourceId: current.id,
      data: {
        post: toPost(updated),
        officialResponse: null,
        previousOfficialResponse: current.officialResponse as Record<string, unknown> | null,
      },
    })
    return updated
  })
}

/**
 * `PATCH /v1/posts/{postId}` with `statusComment`: the status change and its comment in one transaction, and
 * `post.status_changed` carrying the comment. Without `statusComment` it is the plain update.
 */
export async function updatePostWithComment(
  ctx: ServiceContext,
  id: PostId,
  input: PostInput & { statusComment?: { body: string; visibility?: 'public' | 'private' } },
  ifMatch?: string,
) {
  const { statusComment, ...rest } = input
  if (!statusComment) return updatePost(ctx, id, rest, ifMatch)
  if (rest.statusId === undefined) {
    throw validationFailed([
      { path: 'body.statusComment', code: 'requires_status', message: 'goes with statusId' },
    ])
  }
  const body = statusComment.body.trim()
  if (!body) {
    throw validationFailed([
      { path: 'body.statusComment.body', code: 'too_small', message: 'must not be blank' },
    ])
  }
  return updatePost(ctx, id, rest, ifMatch, {
    statusChanged: async (tx, post) =>
      toComment(
        await insertComment(ctx, tx, post, { body, private: statusComment.visibility === 'private' }),
      ),
  })
}
