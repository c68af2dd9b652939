import { and, eq } from 'drizzle-orm'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { type PostModeration, posts } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { bumped } from '../../kit/update'
import { lockPost, type PostId, type PostRow, postColumns, toPost } from './posts'

// ------------------------------------------------------------------------------------ approve, reject

/**
 * Approve a post (`feedback.moderate`): a pending, rejected or spam post becomes `approved` and shows to
 * everyone who may read its board. An approved one answers `409 post_already_approved`. Emits `post.approved`.
 */
export async function approvePost(ctx: ServiceContext, id: PostId): Promise<PostRow> {
  return transaction(ctx, async (tx) => {
    const current = await lockPost(ctx, tx, id, 'moderate')
    if (current.moderation === 'approved') {
      throw new ApiError('post_already_approved', `Post ${id} is already approved`)
    }
    const row = await setModeration(ctx, tx, id, 'approved', null)
    await emit(tx, ctx, {
      type: 'post.approved',
      resourceId: id,
      data: { post: toPost(row), previousModeration: current.moderation },
    })
    return row
  })
}

/**
 * Reject a pending post with a reason (`feedback.moderate`), or mark it as spam: only its author and staff
 * see it then. A post that is not pending answers `409 post_not_pending`. Emits `post.rejected`.
 */
export async function rejectPost(
  ctx: ServiceContext,
  id: PostId,
  input: { reason: string; spam?: boolean },
): Promise<PostRow> {
  const reason = input.reason.trim()
  if (!reason) {
    throw new ApiError('validation_failed', 'body.reason: must not be blank', {
      errors: [{ path: 'body.reason', code: 'too_small', message: 'must not be blank' }],
    })
  }
  return transaction(ctx, async (tx) => {
    const current = await lockPost(ctx, tx, id, 'moderate')
    if (current.moderation !== 'pending') {
      throw new ApiError(
        'post_not_pending',
        `Post ${id} is ${current.moderation}: only a pending post can be rejected`,
      )
    }
    const row = await setModeration(ctx, tx, id, input.spam ? 'spam' : 'rejected', reason)
    await emit(tx, ctx, {
      type: 'post.rejected',
      resourceId: id,
      data: { post: toPost(row), previousModeration: current.moderation, reason },
    })
    return row
  })
}

async function setModeration(
  ctx: ServiceContext,
  tx: Db,
  id: PostId,
  moderation: PostModeration,
  reason: string | null,
): Promise<PostRow> {
  const [row] = await tx
    .update(posts)
    .set({ moderation, moderationReason: reason, ...bumped(posts) })
    .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, id)))
    .returning(postColumns)
  if (!row) throw notFound('Post')
  return row
}
