import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm'
import { assertAllowed, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { comments, posts, votes } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { idToUuid } from '../../ids'
import { notFoundAt } from '../../kit/visible'
import { type PostId, type PostRow, postColumns, toPost, trendingEpochMs, trendingTauMs } from './posts'
import { moveSubscriptions, restoreSubscriptions } from './subscriptions'

/** A moment as `trendingAt` measures it, in SQL. */
const trendingOf = (at: SQL) =>
  sql`((extract(epoch from ${at}) * 1000 - ${trendingEpochMs}) / ${trendingTauMs})::float8`

/**
 * Recount a post from its rows: votes, public live comments, and `trending` as ln(e^created + Σ e^vote),
 * summed around its largest term so nothing overflows. Merges move many rows at once; votes keep the
 * counters incrementally instead.
 */
async function recount(tx: Db, postId: PostId) {
  const x = trendingOf(sql`v.created_at`)
  const base = trendingOf(sql`${posts.createdAt}`)
  await tx.execute(sql`
    update ${posts} set
      vote_count = (select count(*) from ${votes} v where v.post_id = ${posts.id}),
      comment_count = (select count(*) from ${comments} c
        where c.post_id = ${posts.id} and c.visibility = 'public' and c.deleted_at is null),
      trending = (
        select m + ln(exp(${base} - m) + coalesce(sum(exp(${x} - m)), 0))
        from (select greatest(${base}, max(${x})) as m from ${votes} v where v.post_id = ${posts.id}) top
        left join ${votes} v on v.post_id = ${posts.id}
        group by m
      )
    where ${posts.id} = ${idToUuid(postId)}::uuid`)
}

/** Lock the visible, live posts `ids` in id order (two opposite merges cannot deadlock). */
async function lockPosts(ctx: ServiceContext, tx: Db, ids: PostId[]): Promise<PostRow[]> {
  const read = await listFilter(ctx, 'Post')
  return tx
    .select(postColumns)
    .from(posts)
    .where(and(eq(posts.workspaceId, ctx.workspaceId), inArray(posts.id, ids), isNull(posts.deletedAt), read))
    .orderBy(posts.id)
    .for('update')
}

/**
 * Merge the post `sourceId` into `targetId`: votes move (each person counts once: a vote of someone who voted
 * for both stays behind), comments move, posts merged into the source now point at the target, and the source
 * keeps resolving to the target. Moved rows remember the post they came from, so `unmergePost` restores them.
 */
export async function mergePost(ctx: ServiceContext, sourceId: PostId, targetId: PostId): Promise<PostRow> {
  return transaction(ctx, async (tx) => {
    const rows = await lockPosts(ctx, tx, [sourceId, targetId])
    const source = rows.find((r) => r.id === sourceId)
    const target = rows.find((r) => r.id === targetId)
    if (!source) throw notFound('Post')
    if (!target) throw notFoundAt('Post', targetId, 'body.targetPostId')
    await assertAllowed(ctx, 'merge', 'Post', source)
    await assertAllowed(ctx, 'merge', 'Post', target)
    if (sourceId === targetId) {
      throw new ApiError('merge_into_self', `Post ${sourceId} cannot be merged into itself`)
    }
    for (const row of [source, target]) {
      if (row.mergedIntoId) {
        throw new ApiError(
          'merge_with_merged',
          `Post ${row.id} was already merged into ${row.mergedIntoId}; merge with ${row.mergedIntoId} instead`,
        )
      }
    }
    const moved = await tx
      .update(votes)
      .set({
        postId: targetId,
        movedFromPostId: sql`coalesce(${votes.movedFromPostId}, ${idToUuid(sourceId)}::uuid)`,
      })
      .where(
        and(
          eq(votes.postId, sourceId),
          sql`not exists (select 1 from ${votes} other where other.post_id = ${idToUuid(targetId)}::uuid
            and (other.contact_id = ${votes.contactId} or other.member_id = ${votes.memberId}
              or other.visitor_id = ${votes.visitorId}))`,
        ),
      )
      .returning({ id: votes.id })
    await tx
      .update(comments)
      .set({
        postId: targetId,
        boardId: target.boardId,
        movedFromPostId: sql`coalesce(${comments.movedFromPostId}, ${idToUuid(sourceId)}::uuid)`,
      })
      .where(eq(comments.postId, sourceId))
    await moveSubscriptions(tx, sourceId, targetId)
    await tx
      .update(posts)
      .set({ mergedIntoId: targetId })
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.mergedIntoId, sourceId)))
    await tx
      .update(posts)
      .set({ mergedIntoId: targetId, version: sql`${posts.version} + 1`, updatedAt: new Date() })
      .where(eq(posts.id, sourceId))
    await recount(tx, sourceId)
    await recount(tx, targetId)
    const [merged] = await tx.select(postColumns).from(posts).where(eq(posts.id, targetId))
    if (!merged) throw notFound('Post')
    await emit(tx, ctx, {
      type: 'post.merged',
      resourceId: targetId,
      data: {
        post: toPost(merged),
        source: { id: sourceId, title: source.title },
        movedVotes: moved.length,
      },
    })
    return merged
  })
}

/** Undo a merge: the votes and comments that came from the post go back, and it stands on its own again. */
export async function unmergePost(ctx: ServiceContext, id: PostId): Promise<PostRow> {
  return transaction(ctx, async (tx) => {
    const [row] = await lockPosts(ctx, tx, [id])
    if (!row) throw notFound('Post')
    await assertAllowed(ctx, 'merge', 'Post', row)
    const targetId = row.mergedIntoId
    if (!targetId)
      throw new ApiError('post_not_merged', `Post ${id} was never merged (or was unmerged already)`)
    await lockPosts(ctx, tx, [targetId as PostId])
    const wentTo = await tx
      .selectDistinct({ postId: votes.postId })
      .from(votes)
      .where(eq(votes.movedFromPostId, id))
    await tx.update(votes).set({ postId: id, movedFromPostId: null }).where(eq(votes.movedFromPostId, id))
    await tx
      .update(comments)
      .set({ postId: id, boardId: row.boardId, movedFromPostId: null })
      .where(eq(comments.movedFromPostId, id))
    await restoreSubscriptions(tx, id)
    await tx
      .update(posts)
      .set({ mergedIntoId: null, version: sql`${posts.version} + 1`, updatedAt: new Date() })
      .where(eq(posts.id, id))
    for (const postId of new Set([id, targetId, ...wentTo.map((w) => w.postId)])) {
      await recount(tx, postId as PostId)
    }
    const [restored] = await tx.select(postColumns).from(posts).where(eq(posts.id, id))
    if (!restored) throw notFound('Post')
    await emit(tx, ctx, {
      type: 'post.unmerged',
      resourceId: id,
      data: { post: toPost(restored), target: { id: targetId } },
    })
    return restored
  })
}
