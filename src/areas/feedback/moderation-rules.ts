import { and, eq, isNull, ne, or } from 'drizzle-orm'
import LinkifyIt from 'linkify-it'
import { forbidden } from '../../authz/authorizer'
import { filterFor } from '../../authz/guard'
import type { ServiceContext } from '../../context/service'
import type { Db } from '../../db/database'
import { boards, comments, type ModerationRule, type PostModeration, votes } from '../../db/schema/feedback'
import { ApiError } from '../../http/errors'
import type { ContactId, Id } from '../../ids'
import type { BoardRow } from './boards'
import type { FeedbackSettingsRow } from './settings'

/*
 * The rules the post services apply for moderation and author edits (kept apart from moderation.ts, which
 * uses the post services: no import cycle).
 */

const linkify = new LinkifyIt()

/** Markdown images (`![alt](src)`, `![alt][ref]`) and HTML `<img>`, `<a>`, `<picture>`, `<svg>`, `<iframe>`. */
const imageOrTag = /!\[[^\]]*\]\s*[([]|<\s*(?:img|a|picture|svg|iframe|object|embed|source|video)\b/i
/** Reference-style link definitions (`[id]: url`) and data URLs, which linkify does not report. */
const referenceOrData = /^\s{0,3}\[[^\]]+\]:\s*\S|\bdata:[a-z]+\/[a-z0-9.+-]+[;,]/im

/**
 * True when `text` holds a link or an image: a URL, a bare domain or an email address (linkify-it, with its
 * list of top-level domains), a Markdown image or link definition, an HTML link, image or embed, a data URL.
 */
export function hasLinkOrImage(text: string | null | undefined): boolean {
  if (!text) return false
  return imageOrTag.test(text) || referenceOrData.test(text) || linkify.test(text)
}

// ---------------------------------------------------------------------------------------- new posts

/** The kind of author a new post has, as moderation rules name them. */
type AuthorKind = 'anonymous' | 'contact' | 'staff'

const authorKindOf = (ctx: ServiceContext): AuthorKind =>
  ctx.actor.type === 'visitor' ? 'anonymous' : ctx.actor.type === 'contact' ? 'contact' : 'staff'

/** Whether a rule holds back posts of `kind`: `contacts` covers anonymous visitors too, `all` everyone. */
const holds = (rule: ModerationRule, kind: AuthorKind) =>
  rule === 'all' ||
  (rule === 'contacts' && kind !== 'staff') ||
  (rule === 'anonymous' && kind === 'anonymous')

/**
 * The moderation state of a new post: `pending` when the board's rule (or the workspace's, when the board
 * follows it) holds back posts of its author's kind, or when the workspace holds links and images and the
 * title or body has one; else `approved`. Moderators (`feedback.moderate`) are never held: they would approve
 * their own post anyway.
 */
export async function moderationForNewPost(
  ctx: ServiceContext,
  board: BoardRow,
  settings: FeedbackSettingsRow,
  content: { title: string; body: string | null },
): Promise<PostModeration> {
  const kind = authorKindOf(ctx)
  if (kind === 'staff') {
    const moderate = await filterFor(ctx, 'moderate', 'Post')
    if (moderate.all) return 'approved'
  }
  const rule = board.moderation ?? settings.moderation
  if (holds(rule, kind)) return 'pending'
  if (settings.holdLinksAndImages && (hasLinkOrImage(content.title) || hasLinkOrImage(content.body))) {
    return 'pending'
  }
  return 'approved'
}

/**
 * An approved post goes back to the queue when its author (a contact) changes its title or body to one with a
 * link or an image while the workspace holds them: otherwise approving a harmless post would let spam in by an
 * edit. Staff edits never hold a post.
 */
export function heldAfterEdit(
  ctx: ServiceContext,
  settings: FeedbackSettingsRow,
  current: { title: string; body: string | null; moderation: PostModeration },
  next: { title?: string; body?: string | null },
): boolean {
  if (ctx.actor.type !== 'contact' || !settings.holdLinksAndImages || current.moderation !== 'approved') {
    return false
  }
  const added = (before: string | null, after: string | null | undefined) =>
    after !== undefined && after !== before && hasLinkOrImage(after)
  return added(current.title, next.title) || added(current.body, next.body)
}

/**
 * Throw 403 unless the caller may `action` the board. Decided in SQL: a visitor's rule follows the workspace's
 * settings (a relation), which no in-memory test can read.
 */
export async function assertBoardAllowed(ctx: ServiceContext, tx: Db, board: BoardRow, action: 'post') {
  const filter = await filterFor(ctx, action, 'Board')
  const allowed = filter.all
    ? true
    : filter.none
      ? false
      : filter.test
        ? filter.test(board)
        : (
            await tx
              .select({ id: boards.id })
              .from(boards)
              .where(and(eq(boards.workspaceId, ctx.workspaceId), eq(boards.id, board.id), filter.where))
          ).length > 0
  if (!allowed) throw forbidden(await ctx.principal(), 'Board', action)
}

// ------------------------------------------------------------------------------------ author edits

/**
 * A contact changing or deleting its own post: allowed as the workspace's `authorEdits` says. `never` →
 * `403 author_edits_disabled`; `until_activity` → `409 post_has_activity` once someone else has voted or
 * commented (a removed comment still counts: it was activity). Staff are not bound by it.
 */
export async function assertAuthorMayEdit(
  ctx: ServiceContext,
  tx: Db,
  post: { id: string },
  settings: FeedbackSettingsRow,
  what: 'change' | 'delete',
) {
  if (ctx.actor.type !== 'contact') return
  if (settings.authorEdits === 'always') return
  if (settings.authorEdits === 'never') {
    throw new ApiError('author_edits_disabled', `Authors may not ${what} their posts in this workspace`)
  }
  const me = ctx.actor.id as ContactId
  const [vote] = await tx
    .select({ id: votes.id })
    .from(votes)
    .where(and(eq(votes.postId, post.id as Id<'post'>), or(isNull(votes.contactId), ne(votes.contactId, me))))
    .limit(1)
  const [comment] = vote
    ? []
    : await tx
        .select({ id: comments.id })
        .from(comments)
        .where(
          and(
            eq(comments.postId, post.id as Id<'post'>),
            or(isNull(comments.authorContactId), ne(comments.authorContactId, me)),
          ),
        )
        .limit(1)
  if (vote || comment) {
    throw new ApiError(
      'post_has_activity',
      `Post ${post.id} has ${vote ? 'votes' : 'comments'} by others: its author may no longer ${what} it`,
    )
  }
}
