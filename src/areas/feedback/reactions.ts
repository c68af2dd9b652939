import { and, eq, inArray, sql } from 'drizzle-orm'
import { forbidden } from '../../authz/authorizer'
import { filterFor } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { commentReactions, comments } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError, notFound, validationFailed } from '../../http/errors'
import type { ContactId, MemberId } from '../../ids'
import { type CommentId, type CommentRow, getCommentOrThrow, toComment } from './comments'

/** A comment takes at most this many different emoji (the spec's `maxItems`). */
export const maxEmojiPerComment = 50

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })
/** Only emoji code points: pictographs, skin tones, flags' regional indicators, keycaps, ZWJ, selectors, tags. */
const emojiOnly =
  /^(?:\p{Extended_Pictographic}|\p{Emoji_Presentation}|\p{Emoji_Modifier}|\p{Emoji_Component})+$/u
/** …and at least one that is an emoji by itself (a lone `#`, digit or selector is not). */
const emojiCore = /\p{Extended_Pictographic}|\p{Emoji_Presentation}|\u20e3/u

/** `value` if it is one emoji grapheme (NFC), else 400 naming `path`. */
export function checkEmoji(value: string, path: string): string {
  const emoji = value.normalize('NFC')
  const count = [...graphemes.segment(emoji)].length
  if (count !== 1 || !emojiOnly.test(emoji) || !emojiCore.test(emoji)) {
    throw validationFailed([{ path, code: 'invalid_emoji', message: 'must be a single emoji' }])
  }
  return emoji
}

/** The caller as a reactor: a contact, or a member (an API key's member). A visitor has no reactions. */
function reactor(ctx: ServiceContext): { contactId: ContactId | null; memberId: MemberId | null } {
  const a = ctx.actor
  if (a.type === 'contact') return { contactId: a.id as ContactId, memberId: null }
  if (a.type === 'member') return { contactId: null, memberId: a.id as MemberId }
  if (a.type === 'api_key') return { contactId: null, memberId: a.memberId as MemberId }
  return { contactId: null, memberId: null }
}

const mine = (ctx: ServiceContext) => {
  const who = reactor(ctx)
  return who.contactId
    ? eq(commentReactions.contactId, who.contactId)
    : who.memberId
      ? eq(commentReactions.memberId, who.memberId)
      : sql`false`
}

export type ReactionSummary = Array<{ emoji: string; count: number; reacted: boolean }>

/** The reactions of each of `ids`, grouped by emoji in order of first use, with whether the caller reacted. */
export async function reactionsOf(
  ctx: ServiceContext,
  ids: string[],
  db: Db = ctx.db,
): Promise<Map<string, ReactionSummary>> {
  const out = new Map<string, ReactionSummary>()
  if (ids.length === 0) return out
  const rows = await db
    .select({
      commentId: commentReactions.commentId,
      emoji: commentReactions.emoji,
      count: sql<number>`count(*)::int`.mapWith(Number),
      reacted: sql<boolean>`coalesce(bool_or(coalesce(${mine(ctx)}, false)), false)`.mapWith(Boolean),
      first: sql`min(${commentReactions.createdAt})`,
    })
    .from(commentReactions)
    .where(
      and(
        eq(commentReactions.workspaceId, ctx.workspaceId),
        inArray(commentReactions.commentId, ids as CommentId[]),
      ),
    )
    .groupBy(commentReactions.commentId, commentReactions.emoji)
    .orderBy(sql`min(${commentReactions.createdAt})`, commentReactions.emoji)
  for (const r of rows) {
    const list = out.get(r.commentId) ?? []
    list.push({ emoji: r.emoji, count: r.count, reacted: r.reacted })
    out.set(r.commentId, list)
  }
  return out
}

/** Comments as API answers carry them: with their reactions (a removed comment shows none). */
export async function withReactions(ctx: ServiceContext, rows: CommentRow[]) {
  const live = rows.filter((r) => r.deletedAt === null).map((r) => r.id)
  const reactions = await reactionsOf(ctx, live)
  return rows.map((r) => ({ ...toComment(r), reactions: reactions.get(r.id) ?? [] }))
}

/** The reactions of a comment the caller may read. */
export async function listReactions(ctx: ServiceContext, id: string): Promise<ReactionSummary> {
  const comment = await getCommentOrThrow(ctx, id)
  if (comment.deletedAt) return []
  return (await reactionsOf(ctx, [comment.id])).get(comment.id) ?? []
}

/**
 * Lock a live comment the caller may read and check it may react to it, in SQL: a contact's rule follows the
 * comment's board. A removed comment answers 404; a visitor, or a key without `feedback:write`, 403.
 */
async function lockForReaction(ctx: ServiceContext, tx: Db, id: string): Promise<CommentRow> {
  const comment = await getCommentOrThrow(ctx, id, tx)
  if (comment.deletedAt) throw notFound('Comment')
  const react = await filterFor(ctx, 'react', 'Comment')
  if (react.none) throw forbidden(await ctx.principal(), 'Comment', 'react')
  // The row lock queues concurrent reactions to one comment, so the emoji limit holds.
  const [allowed] = await tx
    .select({ id: comments.id })
    .from(comments)
    .where(
      and(
        eq(comments.workspaceId, ctx.workspaceId),
        eq(comments.id, comment.id),
        react.all ? undefined : react.where,
      ),
    )
    .for('update')
  if (!allowed) throw forbidden(await ctx.principal(), 'Comment', 'react')
  return comment
}

const reactorRef = (ctx: ServiceContext) => {
  const who = reactor(ctx)
  return who.contactId
    ? { type: 'contact' as const, id: who.contactId as string }
    : { type: 'member' as const, id: who.memberId as string }
}

/** React to a comment with one emoji (once per person per emoji). Answers the comment's reactions. */
export async function addReaction(ctx: ServiceContext, id: string, input: { emoji: string }) {
  const emoji = checkEmoji(input.emoji, 'body.emoji')
  return transaction(ctx, async (tx) => {
    const comment = await lockForReaction(ctx, tx, id)
    const who = reactor(ctx)
    const used = await tx
      .selectDistinct({ emoji: commentReactions.emoji })
      .from(commentReactions)
      .where(eq(commentReactions.commentId, comment.id))
    if (used.length >= maxEmojiPerComment && !used.some((u) => u.emoji === emoji)) {
      throw new ApiError(
        'reaction_limit_reached',
        `Comment ${comment.id} already has ${maxEmojiPerComment} different reactions`,
      )
    }
    const inserted = await tx
      .insert(commentReactions)
      .values({ workspaceId: ctx.workspaceId, commentId: comment.id, emoji, ...who })
      .onConflictDoNothing()
      .returning({ id: commentReactions.id })
    if (inserted.length === 0) {
      throw new ApiError('already_reacted', `You already reacted with ${emoji} to comment ${comment.id}`)
    }
    const summary = (await reactionsOf(ctx, [comment.id], tx)).get(comment.id) ?? []
    await emit(tx, ctx, {
      type: 'comment.reaction_added',
      resourceId: comment.id,
      data: {
        comment: { id: comment.id, postId: comment.postId },
        reaction: { emoji, reactor: reactorRef(ctx) },
        count: summary.find((s) => s.emoji === emoji)?.count ?? 1,
      },
    })
    return summary
  })
}

/** Take one's reaction with `emoji` back (404 when there is none). Answers the comment's reactions. */
export async function removeReaction(ctx: ServiceContext, id: string, rawEmoji: string) {
  return transaction(ctx, async (tx) => {
    // The comment first: a missing one is 404 whatever the emoji.
    const comment = await lockForReaction(ctx, tx, id)
    const emoji = checkEmoji(rawEmoji, 'params.emoji')
    const removed = await tx
      .delete(commentReactions)
      .where(
        and(
          eq(commentReactions.workspaceId, ctx.workspaceId),
          eq(commentReactions.commentId, comment.id),
          eq(commentReactions.emoji, emoji),
          mine(ctx),
        ),
      )
      .returning({ id: commentReactions.id })
    if (removed.length === 0) throw notFound('Reaction')
    const summary = (await reactionsOf(ctx, [comment.id], tx)).get(comment.id) ?? []
    await emit(tx, ctx, {
      type: 'comment.reaction_removed',
      resourceId: comment.id,
      data: {
        comment: { id: comment.id, postId: comment.postId },
        reaction: { emoji, reactor: reactorRef(ctx) },
        count: summary.find((s) => s.emoji === emoji)?.count ?? 0,
      },
    })
    return summary
  })
}
