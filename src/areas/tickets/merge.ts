import { and, eq, inArray, sql } from 'drizzle-orm'
import { assertAllowed, filterFor } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import {
  ticketAttachments,
  ticketLinks,
  ticketMessages,
  ticketParticipants,
  tickets,
} from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { idToUuid, newId, type TicketId } from '../../ids'
import { bumpContactAuthz, ticketRef } from './participants'
import {
  defaultStatus,
  recordActivity,
  type TicketRow,
  toTicket,
  updateTicketFields,
  warmTicketFilters,
} from './service/tickets'

const merged = (row: TicketRow) =>
  new ApiError(
    'ticket_merged',
    `Ticket ${row.id} was merged into ${row.mergedIntoId}; merge with ${row.mergedIntoId} instead`,
  )

/** A system note in a ticket's conversation (internal: contacts never see it). */
async function systemNote(ctx: ServiceContext, tx: Db, ticketId: string, body: string, at: Date) {
  await tx.insert(ticketMessages).values({
    id: newId('msg'),
    workspaceId: ctx.workspaceId,
    ticketId: ticketId as TicketId,
    kind: 'note',
    body,
    authorType: 'system',
    authorId: null,
    createdAt: at,
    updatedAt: at,
  })
}

/**
 * Merge the ticket `sourceId` into `targetId`. Messages, participants, links and attachments move to the target
 * (the source's requester becomes a CC of the target, so it keeps seeing its conversation); the source is closed
 * with the default closed status and points at the target; a system note on each records the merge. Needs read
 * and merge on both. Emits `ticket.merged` (the target) besides the source's status change.
 */
export async function mergeTicket(
  ctx: ServiceContext,
  sourceId: TicketId,
  targetId: TicketId,
): Promise<TicketRow> {
  await warmTicketFilters(ctx)
  const read = await filterFor(ctx, 'read', 'Ticket')
  await filterFor(ctx, 'merge', 'Ticket')
  return transaction(ctx, async (tx) => {
    // Both locked in id order, so two opposite merges cannot deadlock.
    const rows = await tx
      .select()
      .from(tickets)
      .where(
        and(eq(tickets.workspaceId, ctx.workspaceId), inArray(tickets.id, [sourceId, targetId]), read.where),
      )
      .orderBy(tickets.id)
      .for('update')
    const source = rows.find((r) => r.id === sourceId)
    if (!source) throw notFound('Ticket')
    await assertAllowed(ctx, 'merge', 'Ticket', source)
    if (sourceId === targetId) {
      throw new ApiError('ticket_merge_self', `Ticket ${sourceId} cannot be merged into itself`, {
        errors: [
          { path: 'body.targetTicketId', code: 'ticket_merge_self', message: 'is the ticket being merged' },
        ],
      })
    }
    const target = rows.find((r) => r.id === targetId)
    if (!target) {
      throw new ApiError(
        'ticket_merge_target_not_found',
        `body.targetTicketId: no ticket ${targetId} visible to you`,
        {
          errors: [
            {
              path: 'body.targetTicketId',
              code: 'ticket_merge_target_not_found',
              message: `no ticket ${targetId} visible to you`,
            },
          ],
        },
      )
    }
    await assertAllowed(ctx, 'merge', 'Ticket', target)
    if (source.mergedIntoId) throw merged(source)
    if (target.mergedIntoId) throw merged(target)
    const closed = await defaultStatus(tx, ctx.workspaceId, 'closed', 'body.targetTicketId')

    const messages = await tx
      .update(ticketMessages)
      .set({ ticketId: targetId })
      .where(eq(ticketMessages.ticketId, sourceId))
      .returning({ id: ticketMessages.id })
    const attachments = await tx
      .update(ticketAttachments)
      .set({ ticketId: targetId })
      .where(eq(ticketAttachments.ticketId, sourceId))
      .returning({ id: ticketAttachments.id })

    // Participants: the source's, and its requester as a CC, unless the target has them (or is theirs) already.
    const sourceParticipants = await tx
      .select()
      .from(ticketParticipants)
      .where(eq(ticketParticipants.ticketId, sourceId))
    const carried = sourceParticipants.filter((p) => p.contactId !== target.requesterId)
    const movedParticipants =
      carried.length === 0
        ? []
        : await tx
            .insert(ticketParticipants)
            .values(carried.map((p) => ({ ...p, ticketId: targetId })))
            .onConflictDoNothing()
            .returning()
    const requesterCc =
      source.requesterId === target.requesterId
        ? []
        : await tx
            .insert(ticketParticipants)
            .values({
              workspaceId: ctx.workspaceId,
              ticketId: targetId,
              contactId: source.requesterId,
              memberId: null,
              createdAt: new Date(),
            })
            .onConflictDoNothing()
            .returning()
    const leaving = await tx
      .delete(ticketParticipants)
      .where(eq(ticketParticipants.ticketId, sourceId))
      .returning({ contactId: ticketParticipants.contactId })
    await bumpContactAuthz(
      tx,
      [...movedParticipants, ...requesterCc, ...leaving].flatMap((p) => (p.contactId ? [p.contactId] : [])),
    )

    const src = idToUuid(sourceId)
    const tgt = idToUuid(targetId)
    // Links: a link to the target itself, or one the target has already, is dropped; the rest move.
    await tx.execute(sql`
      delete from ${ticketLinks} s
      where s.ticket_id = ${src}::uuid
        and (s.other_ticket_id = ${tgt}::uuid or exists (
          select 1 from ${ticketLinks} t
          where t.ticket_id = ${tgt}::uuid and t.kind = s.kind
            and t.post_id is not distinct from s.post_id
            and t.other_ticket_id is not distinct from s.other_ticket_id
            and t.url is not distinct from s.url))`)
    const links = await tx
      .update(ticketLinks)
      .set({ ticketId: targetId })
      .where(eq(ticketLinks.ticketId, sourceId))
      .returning({ id: ticketLinks.id })

    const now = new Date()
    await systemNote(ctx, tx, targetId, `Ticket #${source.number} was merged into this ticket.`, now)
    await systemNote(ctx, tx, sourceId, `This ticket was merged into ticket #${target.number}.`, now)
    const latest = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b))
    const [updatedTarget] = await tx
      .update(tickets)
      .set({
        messageCount: sql`${tickets.messageCount} + ${messages.length + 1}`,
        lastCustomerMessageAt: latest(source.lastCustomerMessageAt, target.lastCustomerMessageAt),
        lastAgentMessageAt: latest(source.lastAgentMessageAt, target.lastAgentMessageAt),
        version: sql`${tickets.version} + 1`,
        updatedAt: now,
      })
      .where(eq(tickets.id, targetId))
      .returning()
    const [pointing] = await tx
      .update(tickets)
      .set({ mergedIntoId: targetId, messageCount: 1, version: sql`${tickets.version} + 1`, updatedAt: now })
      .where(eq(tickets.id, sourceId))
      .returning()
    if (!updatedTarget || !pointing) throw notFound('Ticket')
    await updateTicketFields(ctx, tx, pointing, { statusId: closed.id }, { authorize: false })
    await recordActivity(ctx, tx, sourceId, [
      { field: 'merged', before: null, after: { mergedIntoId: targetId, number: target.number } },
    ])
    await recordActivity(ctx, tx, targetId, [
      { field: 'merged_from', before: null, after: { ticketId: sourceId, number: source.number } },
    ])
    const moved = {
      messages: messages.length,
      participants: movedParticipants.length + requesterCc.length,
      links: links.length,
      attachments: attachments.length,
    }
    await emit(tx, ctx, {
      type: 'ticket.merged',
      resourceId: targetId,
      data: { ticket: toTicket(updatedTarget), source: ticketRef(source), moved },
    })
    return updatedTarget
  })
}
