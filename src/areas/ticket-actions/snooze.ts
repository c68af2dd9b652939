import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { systemActor } from '../../context/actor'
import type { ServiceContext } from '../../context/service'
import type { Db } from '../../db/database'
import { ticketActivity, tickets } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import { ApiError } from '../../http/errors'
import { newId, type TicketId, type WorkspaceId } from '../../ids'
import { bumped } from '../../kit/update'
import { defaultStatus, recordActivity, type TicketRow, toTicket } from '../tickets/service/tickets'

/**
 * Snooze a locked ticket until `until`: its status stays (a snoozed ticket keeps waiting where it is), and
 * `snoozedUntil` is set; the unsnooze tick wakes it up. A closed ticket cannot be snoozed (409 `ticket_closed`),
 * nor can a ticket be snoozed into the past (422 `schedule_in_past`). Snoozing again moves the time.
 */
export async function snoozeTicketIn(
  ctx: ServiceContext,
  tx: Db,
  current: TicketRow,
  until: Date,
  at: string,
  now = new Date(),
): Promise<TicketRow> {
  if (current.statusCategory === 'closed') {
    throw new ApiError('ticket_closed', `Ticket ${current.id} is closed and cannot be snoozed`)
  }
  if (until.getTime() <= now.getTime()) {
    throw new ApiError('schedule_in_past', `${at}.until: the snooze must end in the future`, {
      errors: [{ path: `${at}.until`, code: 'schedule_in_past', message: 'must be in the future' }],
    })
  }
  if (current.snoozedUntil?.getTime() === until.getTime()) return current
  const [updated] = await tx
    .update(tickets)
    .set({ snoozedUntil: until, ...bumped(tickets) })
    .where(and(eq(tickets.workspaceId, ctx.workspaceId), eq(tickets.id, current.id)))
    .returning()
  if (!updated) throw new Error('snooze lost its ticket')
  const before = current.snoozedUntil?.toISOString() ?? null
  await recordActivity(ctx, tx, current.id as TicketId, [
    { field: 'snoozedUntil', before, after: until.toISOString() },
  ])
  await emit(tx, ctx, {
    type: 'ticket.updated',
    resourceId: updated.id,
    data: { ticket: toTicket(updated), previous: { snoozedUntil: before } },
  })
  return updated
}

/** Categories a ticket leaves for its workspace's default `open` status when its snooze ends. */
const reopenedOnWake = new Set(['pending', 'on_hold'])

/**
 * Wake the tickets whose snooze has ended, each exactly once: the `UPDATE … WHERE snoozed_until <= now …
 * RETURNING` claims them in the transaction that emits their `ticket.unsnoozed` (a second instance running
 * at the same moment blocks on the claimed rows and, once the first commits, finds `snoozed_until` null and
 * skips them). A pending or on-hold ticket also goes back to its workspace's default open status
 * (`ticket.status_changed` too). At most `batch` tickets per run; the next slot takes the rest. Answers how
 * many it woke.
 */
export async function wakeSnoozedTickets(db: Db, now = new Date(), batch = 500): Promise<number> {
  return db.transaction(async (tx) => {
    // Lock the due rows (skipping those another instance holds), then clear them: both in this transaction.
    const due = await tx
      .select({ id: tickets.id, snoozedUntil: tickets.snoozedUntil })
      .from(tickets)
      .where(
        and(
          isNotNull(tickets.snoozedUntil),
          sql`${tickets.snoozedUntil} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(tickets.snoozedUntil, tickets.id)
      .limit(batch)
      .for('update', { skipLocked: true })
    if (due.length === 0) return 0
    const was = new Map(due.map((d) => [d.id as string, d.snoozedUntil]))
    const woken = await tx
      .update(tickets)
      .set({ snoozedUntil: null, ...bumped(tickets) })
      .where(
        and(
          inArray(
            tickets.id,
            due.map((d) => d.id),
          ),
          isNotNull(tickets.snoozedUntil),
        ),
      )
      .returning()
    for (const row of woken) {
      const source = { workspaceId: row.workspaceId as WorkspaceId, eventActor: systemActor }
      let ticket = row
      const changed: Record<string, unknown> = { snoozedUntil: null }
      const before: Record<string, unknown> = { snoozedUntil: was.get(row.id)?.toISOString() ?? null }
      if (reopenedOnWake.has(row.statusCategory)) {
        const open = await defaultStatus(tx, row.workspaceId as WorkspaceId, 'open').catch(() => undefined)
        if (open) {
          const [reopened] = await tx
            .update(tickets)
            .set({ statusId: open.id as never, statusCategory: open.category })
            .where(eq(tickets.id, row.id))
            .returning()
          if (reopened) {
            ticket = reopened
            changed.statusId = open.id
            before.statusId = row.statusId
            before.statusCategory = row.statusCategory
          }
        }
      }
      await tx.insert(ticketActivity).values([
        {
          id: newId('tact'),
          workspaceId: row.workspaceId,
          ticketId: row.id,
          actorType: 'system',
          actorId: null,
          field: 'unsnoozed',
          before: null,
          after: null,
          createdAt: now,
        },
        ...(changed.statusId
          ? [
              {
                id: newId('tact'),
                workspaceId: row.workspaceId,
                ticketId: row.id,
                actorType: 'system',
                actorId: null,
                field: 'statusId',
                before: row.statusId,
                after: ticket.statusId,
                createdAt: now,
              },
            ]
          : []),
      ])
      const data = toTicket(ticket)
      await emit(tx, source, {
        type: 'ticket.unsnoozed',
        resourceId: row.id,
        data: { ticket: data, previous: before },
      })
      if (changed.statusId) {
        await emit(tx, source, {
          type: 'ticket.status_changed',
          resourceId: row.id,
          data: { ticket: data, previous: { statusId: row.statusId, statusCategory: row.statusCategory } },
        })
      }
    }
    return woken.length
  })
}
