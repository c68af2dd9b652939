import { and, eq, isNull, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { listFilter } from '../../authz/guard'
import { actingMemberId, type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { posts, votes } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { type ContactId, idToUuid, type MemberId, newId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { listVisible } from '../../kit/visible'
import { autoSubscribe } from './auto-subscribe'
import {
  addToTrending,
  checkContact,
  lockPostFor,
  type PostId,
  removeFromTrending,
  trendingAt,
} from './posts'
import { limitAnonymous } from './settings'

export type VoteRow = typeof votes.$inferSelect

/** A vote as clients see it: who voted, who recorded it for them, and where it came from. */
export const toVote = (v: VoteRow) => ({
  id: v.id,
  postId: v.postId,
  // An anonymous visitor's id is never shown: it is what lets its client read the visitor's own posts.
  voter: v.contactId
    ? { type: 'contact' as const, id: v.contactId as string }
    : v.memberId
      ? { type: 'member' as const, id: v.memberId as string }
      : { type: 'visitor' as const, id: null },
  addedByMemberId: v.addedByMemberId,
  source: v.source,
  createdAt: v.createdAt.toISOString(),
})

/** Whose vote a request means: the contact named (staff only), else the caller itself. */
async function voterOf(
  ctx: ServiceContext,
  tx: Db,
  contactId: string | undefined,
  path: string,
): Promise<Voter & { addedBy: MemberId | null }> {
  if (ctx.actor.type === 'contact') {
    if (contactId !== undefined && contactId !== ctx.actor.id) {
      throw new ApiError('forbidden', 'A contact votes only for itself')
    }
    return { contactId: ctx.actor.id, memberId: null, visitorId: null, addedBy: null }
  }
  if (ctx.actor.type === 'visitor') {
    if (contactId !== undefined) throw new ApiError('forbidden', 'A visitor votes only for itself')
    // One vote per visitor needs to know the visitor: its client's stable id.
    if (!ctx.actor.visitorId) {
      throw new ApiError('validation_failed', 'An anonymous vote needs the Loopdesk-Visitor-Id header', {
        errors: [
          {
            path: 'header.loopdesk-visitor-id',
            code: 'required',
            message: 'is required for anonymous votes: a stable random id the client keeps',
          },
        ],
      })
    }
    return { contactId: null, memberId: null, visitorId: ctx.actor.visitorId, addedBy: null }
  }
  const member = actingMemberId(ctx)
  if (contactId === undefined) return { contactId: null, memberId: member, visitorId: null, addedBy: null }
  await checkContact(ctx, tx, contactId, path)
  return { contactId: contactId as ContactId, memberId: null, visitorId: null, addedBy: member }
}

type Voter = { contactId: ContactId | null; memberId: MemberId | null; visitorId: string | null }

const voterWhere = (voter: Voter) =>
  voter.contactId
    ? eq(votes.contactId, voter.contactId)
    : voter.visitorId
      ? eq(votes.visitorId, voter.visitorId)
      : eq(votes.memberId, voter.memberId as MemberId)

/**
 * Vote for a post: one vote per person. The post row is locked first, so concurrent votes on one post run
 * one after another and `voteCount` is always exactly the number of votes.
 */
export async function addVote(
  ctx: ServiceContext,
  postId: PostId,
  input: { contactId?: string; source?: string | null },
): Promise<{ vote: VoteRow; voteCount: number }> {
  if (input.source != null && ctx.actor.type === 'contact') {
    throw new ApiError('forbidden', 'Only staff record where a vote came from')
  }
  await limitAnonymous(ctx)
  try {
    return await transaction(ctx, async (tx) => {
      const post = await lockPostFor(ctx, tx, postId, 'vote')
      const voter = await voterOf(ctx, tx, input.contactId, 'body.contactId')
      const [existing] = await tx
        .select({ id: votes.id })
        .from(votes)
        .where(and(eq(votes.postId, post.id), voterWhere(voter)))
      if (existing) throw alreadyVoted(postId)
      const now = new Date()
      const [vote] = await tx
        .insert(votes)
        .values({
          id: newId('vote'),
          workspaceId: ctx.workspaceId,
          postId: post.id,
          contactId: voter.contactId,
          memberId: voter.memberId,
          visitorId: voter.visitorId,
          addedByMemberId: voter.addedBy,
          source: input.source ?? null,
          createdAt: now,
        })
        .returning()
      if (!vote) throw new Error('insert returned no vote')
      await autoSubscribe(tx, { ...vote, postId: post.id }, 'voter')
      const [counted] = await tx
        .update(posts)
        .set({ voteCount: sql`${posts.voteCount} + 1`, trending: addToTrending(trendingAt(now)) })
        .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, post.id)))
        .returning({ voteCount: posts.voteCount })
      const voteCount = counted?.voteCount ?? post.voteCount + 1
      await emit(tx, ctx, {
        type: 'post.voted',
        resourceId: post.id,
        data: { post: { id: post.id, boardId: post.boardId, voteCount }, vote: toVote(vote) },
      })
      return { vote, voteCount }
    })
  } catch (error) {
    // The lock serialises votes on a post; the unique index is the last word should anything slip past it.
    if (isUniqueViolation(error)) throw alreadyVoted(postId)
    throw error
  }
}

const alreadyVoted = (postId: string) =>
  new ApiError('already_voted', `This person has already voted for post ${postId}`)

/** Take a vote back: the caller's own, or (staff) a contact's. */
export async function removeVote(ctx: ServiceContext, postId: PostId, contactId?: string): Promise<number> {
  await limitAnonymous(ctx)
  return transaction(ctx, async (tx) => {
    const post = await lockPostFor(ctx, tx, postId, 'vote')
    const voter = await voterOf(ctx, tx, contactId, 'query.contactId')
    const [vote] = await tx
      .delete(votes)
      .where(and(eq(votes.postId, post.id), voterWhere(voter)))
      .returning()
    if (!vote) throw notFound('Vote')
    const [counted] = await tx
      .update(posts)
      .set({
        voteCount: sql`${posts.voteCount} - 1`,
        trending: removeFromTrending(trendingAt(vote.createdAt)),
      })
      .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, post.id)))
      .returning({ voteCount: posts.voteCount })
    const voteCount = counted?.voteCount ?? post.voteCount - 1
    await emit(tx, ctx, {
      type: 'post.unvoted',
      resourceId: post.id,
      data: { post: { id: post.id, boardId: post.boardId, voteCount }, vote: toVote(vote) },
    })
    return voteCount
  })
}

const voteSortFields: SortFieldsOf<typeof operations.listPostVotes, VoteRow> = {
  createdAt: { column: votes.createdAt, kind: 'timestamp', value: (v) => v.createdAt },
}

/** The voters of a post the caller may read; a contact sees only its own vote. */
export async function listVotes(
  ctx: ServiceContext,
  postId: PostId,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  const authz = await listFilter(ctx, 'Vote')
  const read = await listFilter(ctx, 'Post')
  const [post] = await ctx.db
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.id, postId), isNull(posts.deletedAt), read))
  if (!post) throw notFound('Post')
  return listVisible(ctx, 'Vote', votes, {
    name: 'list_post_votes',
    fields: voteSortFields,
    query,
    secret,
    filters: [sql`${votes.postId} = ${sql.placeholder('postId')}::uuid`],
    params: { postId: idToUuid(postId) },
    authz,
  })
}
