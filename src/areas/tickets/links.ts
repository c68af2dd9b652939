import { and, asc, count, eq, inArray, isNull, or, type SQL } from 'drizzle-orm'
import { filterFor } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { posts, votes } from '../../db/schema/feedback'
import { type TicketLinkKind, ticketLinks, tickets } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { type ContactId, newId, type TicketId } from '../../ids'
import type { PostId } from '../feedback/posts'
import { addVote } from '../feedback/votes'
import { assertStaff, ticketRef } from './participants'
import { getTicketOrThrow, lockTicket, recordActivity, warmTicketFilters } from './service/tickets'

export type TicketLinkRow = typeof ticketLinks.$inferSelect

/** A link as clients see it; `voteAdded` only in the answer to a create with `addVote`. */
export const toTicketLink = (l: TicketLinkRow) => ({
  id: l.id as string,
  ticketId: l.ticketId as string,
  // `child` is the schema's inverse of `parent`; the API creates no such link.
  kind: l.kind as Exclude<TicketLinkKind, 'child'>,
  postId: l.postId as string | null,
  otherTicketId: l.otherTicketId as string | null,
  url: l.url,
  title: l.title,
  createdBy: {
    type: l.createdByType as 'member' | 'contact' | 'system' | 'integration' | 'api_key',
    id: l.createdById,
  },
  createdAt: l.createdAt.toISOString(),
})

export type TicketLinkView = ReturnType<typeof toTicketLink>

/** Links added to one ticket at most (a merge may bring more). */
export const maxTicketLinks = 100
const listCap = 1000

const ticketKinds = new Set<TicketLinkKind>(['related', 'duplicate', 'parent'])

/**
 * A ticket's links the caller may see (staff only), oldest first: links to tickets or posts the caller may not
 * read are left out by the compiled read predicates, in SQL.
 */
export async function listTicketLinks(ctx: ServiceContext, ticketId: TicketId) {
  const ticket = await getTicketOrThrow(ctx, ticketId)
  assertStaff(ctx, 'links')
  const ticketRead = await filterFor(ctx, 'read', 'Ticket')
  const postRead = await filterFor(ctx, 'read', 'Post')
  return ctx.db
    .select()
    .from(ticketLinks)
    .where(
      and(
        eq(ticketLinks.workspaceId, ctx.workspaceId),
        eq(ticketLinks.ticketId, ticket.id),
        or(
          isNull(ticketLinks.otherTicketId),
          inArray(
            ticketLinks.otherTicketId,
            ctx.db
              .select({ id: tickets.id })
              .from(tickets)
              .where(and(eq(tickets.workspaceId, ctx.workspaceId), ticketRead.where)),
          ),
        ),
        or(
          isNull(ticketLinks.postId),
          inArray(
            ticketLinks.postId,
            ctx.db
              .select({ id: posts.id })
              .from(posts)
              .where(and(eq(posts.workspaceId, ctx.workspaceId), isNull(posts.deletedAt), postRead.where)),
          ),
        ),
      ),
    )
    .orderBy(asc(ticketLinks.createdAt), asc(ticketLinks.id))
    .limit(listCap)
}

export interface CreateTicketLinkInput {
  kind: TicketLinkKind
  postId?: string
  addVote?: boolean
  otherTicketId?: string
  url?: string
  title?: string
}

/** The fields each kind takes; a field of another kind is refused, naming it. */
function checkShape(input: CreateTicketLinkInput): void {
  const allowed: Record<string, string[]> = {
    post: ['postId', 'addVote'],
    related: ['otherTicketId'],
    duplicate: ['otherTicketId'],
    parent: ['otherTicketId'],
    external: ['url', 'title'],
  }
  const required: Record<string, string> = {
    post: 'postId',
    related: 'otherTicketId',
    duplicate: 'otherTicketId',
    parent: 'otherTicketId',
    external: 'url',
  }
  const errors: FieldError[] = []
  const fits = allowed[input.kind] ?? []
  for (const field of ['postId', 'addVote', 'otherTicketId', 'url', 'title'] as const) {
    if (input[field] !== undefined && !fits.includes(field)) {
      errors.push({
        path: `body.${field}`,
        code: 'unrecognized_keys',
        message: `is not taken by a ${input.kind} link`,
      })
    }
  }
  const need = required[input.kind]
  if (need && input[need as keyof CreateTicketLinkInput] === undefined) {
    errors.push({ path: `body.${need}`, code: 'required', message: `is required for a ${input.kind} link` })
  }
  if (errors.length > 0) throw validationFailed(errors)
}

const targetMissing = (path: string, what: string, id: string) =>
  new ApiError('ticket_link_target_not_found', `${path}: no ${what} ${id} visible to you`, {
    errors: [{ path, code: 'ticket_link_target_not_found', message: `no ${what} ${id} visible to you` }],
  })

/**
 * Link a ticket to a post (optionally adding its requester's vote, through the feedback votes service, so
 * `post.voted` fires and `voteCount` stays exact), to another ticket the caller may read, or to a URL.
 */
export async function createTicketLink(
  ctx: ServiceContext,
  ticketId: TicketId,
  input: CreateTicketLinkInput,
): Promise<{ link: TicketLinkRow; voteAdded?: boolean }> {
  checkShape(input)
  await warmTicketFilters(ctx)
  // Compiled before the transaction: a first compile inside one would wait for it on PGlite.
  const postRead = await filterFor(ctx, 'read', 'Post')
  if (input.addVote) {
    await filterFor(ctx, 'vote', 'Post')
    await filterFor(ctx, 'read', 'Contact')
  }
  return transaction(ctx, async (tx) => {
    const ticket = await lockTicket(ctx, tx, ticketId, 'update')
    const [counted] = await tx
      .select({ n: count() })
      .from(ticketLinks)
      .where(eq(ticketLinks.ticketId, ticket.id))
    if ((counted?.n ?? 0) >= maxTicketLinks) {
      throw new ApiError(
        'ticket_links_limit',
        `Ticket ${ticket.id} has ${maxTicketLinks} links, the most it may have`,
      )
    }
    let target: SQL
    if (input.kind === 'post') {
      const postId = input.postId as PostId
      const [post] = await tx
        .select({ id: posts.id, mergedIntoId: posts.mergedIntoId })
        .from(posts)
        .where(
          and(
            eq(posts.workspaceId, ctx.workspaceId),
            eq(posts.id, postId),
            isNull(posts.deletedAt),
            postRead.where,
          ),
        )
      if (!post) throw targetMissing('body.postId', 'post', postId)
      if (post.mergedIntoId) {
        throw new ApiError(
          'post_merged',
          `Post ${postId} was merged into ${post.mergedIntoId}; link that one`,
        )
      }
      target = eq(ticketLinks.postId, postId) as SQL
    } else if (ticketKinds.has(input.kind)) {
      const otherId = input.otherTicketId as TicketId
      if (otherId === ticket.id) {
        throw new ApiError('ticket_link_self', `Ticket ${ticket.id} cannot link to itself`, {
          errors: [{ path: 'body.otherTicketId', code: 'ticket_link_self', message: 'is this ticket' }],
        })
      }
      const read = await filterFor(ctx, 'read', 'Ticket')
      const [other] = await tx
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.workspaceId, ctx.workspaceId), eq(tickets.id, otherId), read.where))
      if (!other) throw targetMissing('body.otherTicketId', 'ticket', otherId)
      target = eq(ticketLinks.otherTicketId, otherId) as SQL
    } else {
      target = eq(ticketLinks.url, input.url as string) as SQL
    }
    const [existing] = await tx
      .select({ id: ticketLinks.id })
      .from(ticketLinks)
      .where(and(eq(ticketLinks.ticketId, ticket.id), eq(ticketLinks.kind, input.kind), target))
    if (existing) {
      throw new ApiError('ticket_link_exists', `Ticket ${ticket.id} has this link already (${existing.id})`)
    }
    const [link] = await tx
      .insert(ticketLinks)
      .values({
        id: newId('tlnk'),
        workspaceId: ctx.workspaceId,
        ticketId: ticket.id,
        kind: input.kind,
        postId: input.kind === 'post' ? (input.postId as PostId) : null,
        otherTicketId: ticketKinds.has(input.kind) ? (input.otherTicketId as TicketId) : null,
        url: input.kind === 'external' ? (input.url ?? null) : null,
        title: input.kind === 'external' ? (input.title ?? null) : null,
        createdByType: ctx.eventActor.type === 'api_key' ? 'member' : ctx.eventActor.type,
        createdById:
          ctx.actor.type === 'api_key'
            ? ctx.actor.memberId
            : ctx.actor.type === 'member'
              ? ctx.actor.id
              : null,
        createdAt: new Date(),
      })
      .returning()
    if (!link) throw new Error('insert returned no link')
    let voteAdded: boolean | undefined
    if (input.kind === 'post' && input.addVote) {
      voteAdded = await addRequesterVote(ctx, tx, input.postId as PostId, ticket.requesterId, ticket.id)
    }
    const view = toTicketLink(link)
    await recordActivity(ctx, tx, ticket.id, [{ field: 'link_created', before: null, after: view }])
    await emit(tx, ctx, {
      type: 'ticket.link_created',
      resourceId: ticket.id,
      data: { ticket: ticketRef(ticket), link: view },
    })
    return { link, voteAdded }
  })
}

/**
 * The requester's vote for the post, once per contact: a requester who voted already (through another ticket,
 * the portal or staff) keeps its one vote. Runs the votes service inside the link's transaction (a savepoint).
 */
async function addRequesterVote(
  ctx: ServiceContext,
  tx: Db,
  postId: PostId,
  requesterId: string,
  ticketId: string,
): Promise<boolean> {
  const voted = async () =>
    (
      await tx
        .select({ id: votes.id })
        .from(votes)
        .where(and(eq(votes.postId, postId), eq(votes.contactId, requesterId as ContactId)))
    ).length > 0
  if (await voted()) return false
  try {
    await addVote({ ...ctx, db: tx }, postId, { contactId: requesterId, source: `ticket:${ticketId}` })
    return true
  } catch (error) {
    // A vote that landed in between: the savepoint is rolled back and the one vote stands.
    if (error instanceof ApiError && error.code === 'already_voted') return false
    throw error
  }
}

/** Remove a link (a vote added with it stays: votes belong to their voter). */
export async function deleteTicketLink(
  ctx: ServiceContext,
  ticketId: TicketId,
  linkId: string,
): Promise<void> {
  await warmTicketFilters(ctx)
  await transaction(ctx, async (tx) => {
    const ticket = await lockTicket(ctx, tx, ticketId, 'update')
    const [link] = await tx
      .delete(ticketLinks)
      .where(and(eq(ticketLinks.ticketId, ticket.id), eq(ticketLinks.id, linkId as never)))
      .returning()
    if (!link) throw notFound('Link')
    const view = toTicketLink(link)
    await recordActivity(ctx, tx, ticket.id, [{ field: 'link_deleted', before: view, after: null }])
    await emit(tx, ctx, {
      type: 'ticket.link_deleted',
      resourceId: ticket.id,
      data: { ticket: ticketRef(ticket), link: view },
    })
  })
}
