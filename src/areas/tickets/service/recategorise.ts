import { and, eq, sql } from 'drizzle-orm'
import type { ServiceContext } from '../../../context/service'
import type { Db } from '../../../db/database'
import { auditEntries, events } from '../../../db/schema'
import type { TicketStatusCategory } from '../../../db/schema/ticket-setup'
import { tickets } from '../../../db/schema/tickets'
import { eventRecords } from '../../../events/emit'
import { runEventReactions } from '../../../events/reactions'
import { bumped } from '../../../kit/update'
import { toTicket } from './tickets'

/** Tickets per outbox statement: 2 events and 2 audit rows each, well under PostgreSQL's 65,535 parameters. */
const batch = 500

/**
 * A status moved to another category (`PATCH /v1/ticket-statuses/{id}`): its tickets' denormalised
 * `status_category` follows in one statement (their version moves, so their ETags do), and each ticket gets
 * `ticket.updated` and `ticket.status_changed` with `previous`, written set-based: one statement per 500 tickets
 * for their outbox and audit rows. Then the reactions to `ticket.status_changed` run per ticket (the SLA clocks
 * pause, resume or stop with the category: a few statements a ticket, rules and policies from memory); routing
 * rules do not run, since no ticket was edited, its workspace's setup was. Nothing is capped: every ticket of the
 * status changes, and every change is announced, in the status change's transaction.
 */
export async function recategoriseTickets(
  ctx: ServiceContext,
  tx: Db,
  statusId: string,
  from: TicketStatusCategory,
  to: TicketStatusCategory,
): Promise<number> {
  const moved = await tx
    .update(tickets)
    .set({ statusCategory: to, ...bumped(tickets) })
    .where(and(eq(tickets.workspaceId, ctx.workspaceId), eq(tickets.statusId, statusId as never)))
    .returning()
  const changed: Array<{ id: string; resourceId: string; data: unknown }> = []
  for (let start = 0; start < moved.length; start += batch) {
    const eventRows = []
    const auditRows = []
    for (const row of moved.slice(start, start + batch)) {
      const ticket = toTicket(row)
      const updated = eventRecords(ctx, {
        type: 'ticket.updated',
        resourceId: row.id,
        data: { ticket, previous: { statusCategory: from } },
      })
      const statusChanged = eventRecords(ctx, {
        type: 'ticket.status_changed',
        resourceId: row.id,
        data: { ticket, previous: { statusId: row.statusId, statusCategory: from } },
      })
      for (const records of [updated, statusChanged]) {
        eventRows.push(records.event)
        if (records.audit) auditRows.push(records.audit)
      }
      changed.push({
        id: statusChanged.event.id as string,
        resourceId: row.id,
        data: statusChanged.event.data,
      })
    }
    const insertEvents = tx.insert(events).values(eventRows)
    if (auditRows.length > 0) {
      const insertAudit = tx.insert(auditEntries).values(auditRows)
      await tx.execute(sql`with outbox as (${insertEvents.getSQL()}) ${insertAudit.getSQL()}`)
    } else {
      await insertEvents
    }
  }
  for (const event of changed)
    await runEventReactions(tx, ctx, { ...event, type: 'ticket.status_changed' } as never)
  return moved.length
}
