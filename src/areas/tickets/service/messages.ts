import { and, desc, eq, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../../generated/operations'
import { assertAllowed, filterFor } from '../../../authz/guard'
import { type ServiceContext, transaction } from '../../../context/service'
import { prepared } from '../../../db/database'
import { insertRow, reusable } from '../../../db/reusable'
import type { TicketAuthorType, TicketMessageKind, TicketSource } from '../../../db/schema/tickets'
import { ticketActivity, ticketMessages, tickets } from '../../../db/schema/tickets'
import { emit } from '../../../events/emit'
import { ApiError, notFound } from '../../../http/errors'
import { paginate } from '../../../http/pagination'
import { idToUuid, newId, type TicketId } from '../../../ids'
import type { SortFieldsOf } from '../../../kit/list'
import { type BodyFormat, renderMarkdown } from '../../../kit/markdown'
import {
  type AttachmentSummary,
  claimAttachments,
  fromAttachmentsColumn,
  lockClaimableAttachments,
  messageAttachmentsColumn,
  type RawAttachment,
  toTicketAttachment,
} from '../attachments'
import {
  defaultStatus,
  getTicketOrThrow,
  type TicketRow,
  updateTicketFields,
  warmTicketFilters,
} from './tickets'

/** A message as read: every column but its full-text search document. */
export type TicketMessageRow = Omit<typeof ticketMessages.$inferSelect, 'search'>
/** A message with its attachments' metadata (read in the message's own statement). */
export type TicketMessageWithAttachments = TicketMessageRow & { attachments: AttachmentSummary[] }
/** What a message's answer is made of (`toTicketMessage`): what a page of messages reads. */
export type TicketMessageView = Pick<
  TicketMessageRow,
  'id' | 'ticketId' | 'kind' | 'body' | 'authorType' | 'authorId' | 'source' | 'createdAt'
> & { attachments: AttachmentSummary[] }

export const toTicketMessage = (m: TicketMessageView) => ({
  id: m.id,
  ticketId: m.ticketId,
  kind: m.kind,
  body: m.body,
  authorType: m.authorType,
  authorId: m.authorId,
  source: m.source,
  attachments: m.attachments.map(toTicketAttachment),
  createdAt: m.createdAt.toISOString(),
})

/**
 * A message's answer, with `bodyHtml` when the caller asked for HTML: one object per message. The kit's
 * `bodyHtmlFor` is for nullable bodies (its `null` is not a message's `bodyHtml` type); a message body never is.
 */
export function presentTicketMessage(m: TicketMessageView, format: BodyFormat | undefined) {
  const view: ReturnType<typeof toTicketMessage> & { bodyHtml?: string } = toTicketMessage(m)
  if (format === 'html') view.bodyHtml = renderMarkdown(m.body)
  return view
}

/**
 * What a page of messages reads: the columns of a message's answer (not its workspace, external id, update
 * time or search document, which every message would carry and decode for nothing) and, as one JSON column,
 * its attachments: one statement for a page, however long.
 */
const messageColumns = {
  id: ticketMessages.id,
  ticketId: ticketMessages.ticketId,
  kind: ticketMessages.kind,
  body: ticketMessages.body,
  authorType: ticketMessages.authorType,
  authorId: ticketMessages.authorId,
  source: ticketMessages.source,
  createdAt: ticketMessages.createdAt,
  attachments: messageAttachmentsColumn,
}
type SelectedMessage = Omit<TicketMessageView, 'attachments'> & {
  attachments: RawAttachment[] | string | null
}
/** The selected rows are the statement's own new objects: their attachments are decoded in place. */
const withAttachments = (m: SelectedMessage): TicketMessageView => {
  const view = m as unknown as TicketMessageView
  view.attachments = fromAttachmentsColumn(m.attachments, m.ticketId, m.id)
  return view
}

/** Contacts read replies only: notes are filtered in SQL, so they are never read, listed or counted for them. */
const kindsFor = (ctx: ServiceContext): SQL | undefined =>
  ctx.actor.type === 'contact' ? sql`${ticketMessages.kind} = 'reply'` : undefined

/** A ticket's messages, for prepared statements: the ticket and its workspace as uuid placeholders. */
const ofTicket = sql`${ticketMessages.ticketId} = ${sql.placeholder('ticketId')}::uuid and ${ticketMessages.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`

/** The last `count` messages of a ticket the caller may read, oldest first (`GET /v1/tickets/{id}?include=messages`). */
export async function recentTicketMessages(ctx: ServiceContext, ticket: TicketRow, count = 20) {
  const kinds = kindsFor(ctx)
  const name = kinds ? 'recent_ticket_replies' : 'recent_ticket_messages'
  const statement = prepared(ctx.db, name, (db) =>
    db
      .select(messageColumns)
      .from(ticketMessages)
      .where(and(ofTicket, kinds))
      .orderBy(desc(ticketMessages.createdAt), desc(ticketMessages.id))
      .limit(sql.placeholder('count'))
      .prepare(name),
  )
  const rows = await statement.execute({
    ticketId: idToUuid(ticket.id),
    workspaceId: idToUuid(ctx.workspaceId),
    count,
  })
  return rows.reverse().map(withAttachments)
}

const messageSortFields: SortFieldsOf<typeof operations.listTicketMessages, SelectedMessage> = {
  createdAt: { column: ticketMessages.createdAt, kind: 'timestamp', value: (m) => m.createdAt },
}

export interface ListTicketMessagesQuery {
  limit: number
  cursor?: string
  sort: string
  kind?: TicketMessageKind
}

/** A ticket's conversation, keyset-paginated; a contact's page holds replies only. */
export async function listTicketMessages(
  ctx: ServiceContext,
  ticketId: TicketId,
  query: ListTicketMessagesQuery,
  secret: string,
) {
  const ticket = await getTicketOrThrow(ctx, ticketId)
  const contact = ctx.actor.type === 'contact'
  if (contact && query.kind === 'note') return { rows: [] as TicketMessageView[], nextCursor: null }
  const kind = contact ? 'reply' : query.kind
  const params: Record<string, unknown> = {
    ticketId: idToUuid(ticket.id),
    workspaceId: idToUuid(ctx.workspaceId),
  }
  if (kind) params.kind = kind
  const page = await paginate<SelectedMessage>({
    db: ctx.db,
    name: 'list_ticket_messages',
    variant: kind ? 'kind' : '',
    secret,
    sort: query.sort,
    fields: messageSortFields,
    idColumn: ticketMessages.id,
    limit: query.limit,
    cursor: query.cursor,
    params,
    build: ({ db, where, orderBy }) =>
      db
        .select(messageColumns)
        .from(ticketMessages)
        .where(
          and(ofTicket, kind ? sql`${ticketMessages.kind} = ${sql.placeholder('kind')}` : undefined, where),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
  return { rows: page.rows.map(withAttachments), nextCursor: page.nextCursor }
}

/** Who writes a message: members as themselves, API keys as their member, contacts as themselves. */
function authorOf(ctx: ServiceContext): {
  authorType: TicketAuthorType
  authorId: string | null
  source: TicketSource
} {
  const actor = ctx.actor
  if (actor.type === 'member') return { authorType: 'member', authorId: actor.id, source: 'api' }
  if (actor.type === 'api_key') return { authorType: 'member', authorId: actor.memberId, source: 'api' }
  if (actor.type === 'contact') return { authorType: 'contact', authorId: actor.id, source: 'portal' }
  throw new ApiError('forbidden', 'Only members, API keys and contacts write ticket messages')
}

/** Categories a contact's reply reopens (to the default `open` status). */
const reopenedByContact = new Set(['pending', 'on_hold', 'solved'])

/**
 * Add a reply or a note. A closed ticket takes no message (409 `ticket_closed`). A member's reply sets
 * `firstResponseAt` (once) and `lastAgentMessageAt` and takes a `new` ticket to open; a contact's sets
 * `lastCustomerMessageAt` and reopens a pending, on-hold or solved ticket. Emits `ticket.message_created` in the same transaction.
 */
export async function createTicketMessage(
  ctx: ServiceContext,
  ticketId: TicketId,
  input: { kind: TicketMessageKind; body: string; attachmentIds?: string[] },
): Promise<TicketMessageWithAttachments> {
  await warmTicketFilters(ctx)
  const read = await filterFor(ctx, 'read', 'Ticket')
  return transaction(ctx, async (tx) => {
    // Built once per read filter (the caller's, compiled from the policy) and run in each transaction.
    const lock = reusable(
      tx,
      'ticket_for_message',
      () =>
        tx
          .select()
          .from(tickets)
          .where(
            and(
              eq(tickets.workspaceId, sql.placeholder('workspaceId')),
              eq(tickets.id, sql.placeholder('ticketId')),
              read.where,
            ),
          )
          .for('update')
          .prepare('ticket_for_message'),
      read.where ?? undefined,
    )
    // Placeholders skip the columns' encoders: ids go as uuids.
    const [current] = await lock.execute({
      workspaceId: idToUuid(ctx.workspaceId),
      ticketId: idToUuid(ticketId),
    })
    if (!current) throw notFound('Ticket')
    await assertAllowed(ctx, input.kind, 'Ticket', current)
    if (current.statusCategory === 'closed') {
      throw new ApiError(
        'ticket_closed',
        `Ticket ${current.id} is closed: it takes no more messages; open a new ticket instead`,
      )
    }
    const author = authorOf(ctx)
    const claimable = await lockClaimableAttachments(ctx, tx, current, input.attachmentIds ?? [])
    const now = new Date()
    const [message] = await insertRow(
      tx,
      ticketMessages,
      {
        id: newId('msg'),
        workspaceId: ctx.workspaceId,
        ticketId: current.id,
        kind: input.kind,
        body: input.body,
        ...author,
        createdAt: now,
        updatedAt: now,
      },
      true,
    )
    if (!message) throw new Error('insert returned no message')
    const created = { ...message, attachments: await claimAttachments(ctx, tx, message.id, claimable) }
    const reply = input.kind === 'reply'
    const byContact = author.authorType === 'contact'
    const counts = reply ? (byContact ? 'customer' : 'agent') : 'note'
    const [counted] = await reusable(tx, `ticket_message_counts:${counts}`, () => {
      const at = sql`${sql.placeholder('now')}::timestamptz`
      return tx
        .update(tickets)
        .set({
          messageCount: sql`${tickets.messageCount} + 1`,
          version: sql`${tickets.version} + 1`,
          updatedAt: at,
          ...(counts === 'agent'
            ? {
                firstResponseAt: sql`coalesce(${tickets.firstResponseAt}, ${at})`,
                lastAgentMessageAt: at,
              }
            : {}),
          ...(counts === 'customer' ? { lastCustomerMessageAt: at } : {}),
        })
        .where(
          and(
            eq(tickets.workspaceId, sql.placeholder('workspaceId')),
            eq(tickets.id, sql.placeholder('ticketId')),
          ),
        )
        .returning()
        .prepare(`ticket_message_counts:${counts}`)
    }).execute({
      now: now.toISOString(),
      workspaceId: idToUuid(ctx.workspaceId),
      ticketId: idToUuid(current.id),
    })
    let ticket: TicketRow = counted ?? current
    // Zendesk's rule: an agent's first public reply takes a `new` ticket to open; a note leaves it new.
    const opens = byContact ? reopenedByContact.has(ticket.statusCategory) : ticket.statusCategory === 'new'
    if (reply && opens) {
      const open = await defaultStatus(tx, ctx.workspaceId, 'open')
      ticket = await updateTicketFields(ctx, tx, ticket, { statusId: open.id }, { authorize: false })
    }
    await emit(tx, ctx, {
      type: 'ticket.message_created',
      resourceId: ticket.id,
      data: {
        ticket: {
          id: ticket.id,
          number: ticket.number,
          statusId: ticket.statusId,
          statusCategory: ticket.statusCategory,
        },
        message: toTicketMessage(created),
      },
    })
    return created
  })
}

// -------------------------------------------------------------------------------------------- activity

export type TicketActivityRow = typeof ticketActivity.$inferSelect

export const toTicketActivity = (a: TicketActivityRow) => ({
  id: a.id,
  ticketId: a.ticketId,
  field: a.field,
  before: a.before ?? null,
  after: a.after ?? null,
  actor: { type: a.actorType, id: a.actorId },
  createdAt: a.createdAt.toISOString(),
})

const activitySortFields: SortFieldsOf<typeof operations.listTicketActivity, TicketActivityRow> = {
  createdAt: { column: ticketActivity.createdAt, kind: 'timestamp', value: (a) => a.createdAt },
}

/** A ticket's timeline: staff only (for a contact it does not exist: 404). */
export async function listTicketActivity(
  ctx: ServiceContext,
  ticketId: TicketId,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  if (ctx.actor.type === 'contact') throw notFound('Ticket')
  const ticket = await getTicketOrThrow(ctx, ticketId)
  return paginate<TicketActivityRow>({
    db: ctx.db,
    name: 'list_ticket_activity',
    secret,
    sort: query.sort,
    fields: activitySortFields,
    idColumn: ticketActivity.id,
    limit: query.limit,
    cursor: query.cursor,
    params: { ticketId: idToUuid(ticket.id), workspaceId: idToUuid(ctx.workspaceId) },
    build: ({ db, where, orderBy }) =>
      db
        .select()
        .from(ticketActivity)
        .where(
          and(
            sql`${ticketActivity.ticketId} = ${sql.placeholder('ticketId')}::uuid`,
            sql`${ticketActivity.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}
