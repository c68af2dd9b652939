import { and, eq, isNull, type SQL, sql } from 'drizzle-orm'
import { assertAllowed, filterFor } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { postDuplicateDismissals, posts } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { idToUuid, type MemberId } from '../../ids'
import { notFoundAt } from '../../kit/visible'
import { type PostId, type PostRow, postColumns } from './posts'

/**
 * Below this score a pair is not suggested. Trigram similarity of two titles about the same thing in other
 * words sits around 0.3–0.5; unrelated titles stay under 0.2.
 */
export const duplicateMinScore = 0.3

/** Why a pair is suggested: titles alike letter by letter (trigrams), or the same words once stemmed. */
export type DuplicateReason = 'similar_title' | 'shared_words'

export interface DuplicateSuggestion {
  post: PostRow
  score: number
  reason: DuplicateReason
  dismissedAt: Date | null
}

/** The words of a title as a full-text OR query (`export | csv | report`); undefined when it has none. */
export function anyWordQuery(title: string): string | undefined {
  const words = title
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 30)
  return words.length > 0 ? words.join(' | ') : undefined
}

/** The pair's row key: the smaller post id first, so one row serves both posts' lists. */
const ordered = (a: PostId, b: PostId): [PostId, PostId] => (a < b ? [a, b] : [b, a])

/**
 * The live post `id` the caller may read and may merge (suggestions are for those who can act on them), else
 * 404 (not visible) or 403; a merged post has no suggestions of its own (409 `post_merged`).
 */
async function triagePost(ctx: ServiceContext, db: Db, id: string, path?: string): Promise<PostRow> {
  const read = await filterFor(ctx, 'read', 'Post')
  const [row] = await db
    .select(postColumns)
    .from(posts)
    .where(
      and(
        eq(posts.workspaceId, ctx.workspaceId),
        eq(posts.id, id as PostId),
        isNull(posts.deletedAt),
        read.where,
      ),
    )
  if (!row) throw path ? notFoundAt('Post', id, path) : notFound('Post')
  await assertAllowed(ctx, 'merge', 'Post', row)
  if (row.mergedIntoId) {
    throw new ApiError('post_merged', `Post ${row.id} was merged into ${row.mergedIntoId}; use that one`)
  }
  return row
}

/**
 * Suggested duplicates of a post, closest first: live, unmerged posts the caller may read whose title is
 * alike by trigrams (pg_trgm `%`, GIN-indexed) or whose text shares the post's title words (full-text, GIN).
 * The score is the larger of the titles' trigram similarity and the overlap (Jaccard) of their stemmed
 * words; pairs under `duplicateMinScore` are left out. Dismissed pairs are left out too, or, with
 * `dismissed`, are the only ones listed (whatever their score now), so that they can be restored.
 */
export async function listDuplicates(
  ctx: ServiceContext,
  postId: string,
  input: { limit: number; dismissed: boolean },
): Promise<DuplicateSuggestion[]> {
  const post = await triagePost(ctx, ctx.db, postId)
  const read = await filterFor(ctx, 'read', 'Post')
  const title = sql`${post.title}::text`
  const similarity = sql<number>`similarity(${posts.title}, ${title})`
  const mine = sql`tsvector_to_array(to_tsvector('english', ${title}))`
  const theirs = sql`tsvector_to_array(to_tsvector('english', ${posts.title}))`
  const words = sql<number>`coalesce((
    select count(*) from (select unnest(${theirs}) intersect select unnest(${mine})) i)::float8
    / nullif((select count(*) from (select unnest(${theirs}) union select unnest(${mine})) u), 0), 0)`
  const score = sql<number>`greatest(${similarity}, ${words})`
  const postUuid = idToUuid(post.id)
  const dismissedAt = sql<Date | null>`(
    select ${postDuplicateDismissals.dismissedAt} from ${postDuplicateDismissals}
    where ${postDuplicateDismissals.workspaceId} = ${posts.workspaceId}
      and ${postDuplicateDismissals.postId} = least(${posts.id}, ${postUuid}::uuid)
      and ${postDuplicateDismissals.otherPostId} = greatest(${posts.id}, ${postUuid}::uuid))`
  const anyWord = anyWordQuery(post.title)
  const alike: SQL[] = [sql`${posts.title} % ${title}`]
  if (anyWord) alike.push(sql`${posts.search} @@ to_tsquery('english', ${anyWord})`)
  const rows = await ctx.db
    .select({
      ...postColumns,
      similarity: similarity.mapWith(Number),
      words: words.mapWith(Number),
      dismissedAt: dismissedAt.mapWith((v) => (v === null ? null : new Date(v))),
    })
    .from(posts)
    .where(
      and(
        eq(posts.workspaceId, ctx.workspaceId),
        sql`${posts.id} <> ${postUuid}::uuid`,
        isNull(posts.deletedAt),
        isNull(posts.mergedIntoId),
        read.where,
        input.dismissed
          ? sql`${dismissedAt} is not null`
          : and(
              sql`(${sql.join(alike, sql` or `)})`,
              sql`${dismissedAt} is null`,
              sql`${score} >= ${duplicateMinScore}`,
            ),
      ),
    )
    .orderBy(sql`${score} desc`, posts.id)
    .limit(input.limit)
  return rows.map(({ similarity: s, words: w, dismissedAt: at, ...row }) => ({
    post: row,
    score: Math.round(Math.max(s, w) * 1000) / 1000,
    reason: s >= w ? 'similar_title' : 'shared_words',
    dismissedAt: at,
  }))
}

export interface DuplicatePair {
  postId: PostId
  otherPostId: PostId
  dismissed: boolean
  dismissedAt: Date | null
  dismissedByMemberId: MemberId | null
}

const actingMember = (ctx: ServiceContext): MemberId | null =>
  ctx.actor.type === 'member' ? ctx.actor.id : ctx.actor.type === 'api_key' ? ctx.actor.memberId : null

/** Both posts of a pair, checked as `triagePost` checks one (the other one's 404 names `params.otherPostId`). */
async function triagePair(ctx: ServiceContext, tx: Db, postId: PostId, otherPostId: PostId) {
  if (postId === otherPostId) {
    throw new ApiError('duplicate_of_self', `Post ${postId} cannot be a duplicate of itself`)
  }
  const post = await triagePost(ctx, tx, postId)
  const other = await triagePost(ctx, tx, otherPostId, 'params.otherPostId')
  return { post, other }
}

/** Dismiss the suggestion that `otherPostId` duplicates `postId`: neither post's list suggests it again. */
export async function dismissDuplicate(
  ctx: ServiceContext,
  postId: PostId,
  otherPostId: PostId,
): Promise<DuplicatePair> {
  return transaction(ctx, async (tx) => {
    const { post, other } = await triagePair(ctx, tx, postId, otherPostId)
    const [a, b] = ordered(postId, otherPostId)
    const [row] = await tx
      .insert(postDuplicateDismissals)
      .values({
        workspaceId: ctx.workspaceId,
        postId: a,
        otherPostId: b,
        dismissedByMemberId: actingMember(ctx),
      })
      .onConflictDoNothing()
      .returning()
    if (!row) {
      throw new ApiError(
        'duplicate_dismissed',
        `The suggestion that ${otherPostId} duplicates ${postId} is dismissed already`,
      )
    }
    const pair: DuplicatePair = {
      postId,
      otherPostId,
      dismissed: true,
      dismissedAt: row.dismissedAt,
      dismissedByMemberId: row.dismissedByMemberId,
    }
    await emit(tx, ctx, {
      type: 'post.duplicate_dismissed',
      resourceId: postId,
      data: {
        post: { id: post.id, title: post.title },
        other: { id: other.id, title: other.title },
        pair: toDuplicatePair(pair),
      },
    })
    return pair
  })
}

/** Restore a dismissed suggestion: the pair is suggested again while the posts are alike. */
export async function restoreDuplicate(
  ctx: ServiceContext,
  postId: PostId,
  otherPostId: PostId,
): Promise<DuplicatePair> {
  return transaction(ctx, async (tx) => {
    const { post, other } = await triagePair(ctx, tx, postId, otherPostId)
    const [a, b] = ordered(postId, otherPostId)
    const [row] = await tx
      .delete(postDuplicateDismissals)
      .where(
        and(
          eq(postDuplicateDismissals.workspaceId, ctx.workspaceId),
          eq(postDuplicateDismissals.postId, a),
          eq(postDuplicateDismissals.otherPostId, b),
        ),
      )
      .returning()
    if (!row) {
      throw new ApiError(
        'duplicate_not_dismissed',
        `The suggestion that ${otherPostId} duplicates ${postId} was not dismissed`,
      )
    }
    const pair: DuplicatePair = {
      postId,
      otherPostId,
      dismissed: false,
      dismissedAt: null,
      dismissedByMemberId: null,
    }
    await emit(tx, ctx, {
      type: 'post.duplicate_restored',
      resourceId: postId,
      data: {
        post: { id: post.id, title: post.title },
        other: { id: other.id, title: other.title },
        pair: toDuplicatePair(pair),
      },
    })
    return pair
  })
}

/** A pair as clients see it. */
export const toDuplicatePair = (p: DuplicatePair) => ({
  postId: p.postId as string,
  otherPostId: p.otherPostId as string,
  dismissed: p.dismissed,
  dismissedAt: p.dismissedAt?.toISOString() ?? null,
  dismissedByMemberId: p.dismissedByMemberId as string | null,
})
