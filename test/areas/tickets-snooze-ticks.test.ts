import { and, eq, inArray, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { wakeSnoozedTickets } from '../../src/areas/ticket-actions/snooze'
import { events } from '../../src/db/schema'
import { ticketActivity, tickets } from '../../src/db/schema/tickets'
import { createTestApp, type TestApp, testDatabaseUrl } from '../harness'
import { newTicket, statusesOf } from './ticket-actions-fixtures'

// PGlite has one connection: its transactions never overlap, so only PostgreSQL can show two ticks racing.
const onPostgres = Boolean(testDatabaseUrl())

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

describe('wakeSnoozedTickets on several instances at once', () => {
  it.skipIf(!onPostgres)(
    'PostgreSQL: concurrent ticks wake each due ticket exactly once (one unsnoozed event, one reopen)',
    async () => {
      const ws = await t.newWorkspace()
      const statuses = await statusesOf(t, ws.workspaceId)
      const created = []
      for (let i = 0; i < 40; i++) {
        created.push(await newTicket(t, ws.workspaceId, { category: i % 2 === 0 ? 'pending' : 'open' }))
      }
      const ids = created.map((c) => c.id)
      // Due a minute ago: a real `now` wakes them, and no other test's future snooze is touched.
      await t.database.db
        .update(tickets)
        .set({ snoozedUntil: sql`now() - interval '1 minute'` })
        .where(inArray(tickets.id, ids))

      // Four instances, each running its tick in small batches until it finds nothing due, all at once
      // (the test pool has four connections, so their transactions overlap).
      const instance = async () => {
        let total = 0
        for (;;) {
          const woken = await wakeSnoozedTickets(t.database.db, new Date(), 7)
          if (woken === 0) return total
          total += woken
        }
      }
      const counts = await Promise.all([instance(), instance(), instance(), instance()])
      // At least ours (other files' tickets are never due a minute ago, but the tick is global).
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(ids.length)

      const rows = await t.database.db.select().from(tickets).where(inArray(tickets.id, ids))
      expect(rows).toHaveLength(ids.length)
      for (const row of rows) {
        expect(row.snoozedUntil).toBeNull()
        expect(row.statusId).toBe(statuses.open)
      }
      const emitted = await t.database.db
        .select({ resourceId: events.resourceId, type: events.type })
        .from(events)
        .where(
          and(
            eq(events.workspaceId, ws.workspaceId),
            inArray(events.type, ['ticket.unsnoozed', 'ticket.status_changed']),
          ),
        )
      const count = (id: string, type: string) =>
        emitted.filter((e) => e.resourceId === id && e.type === type).length
      created.forEach((ticket, i) => {
        expect(count(ticket.id, 'ticket.unsnoozed'), ticket.id).toBe(1)
        // Pending tickets went back to open once; open ones had no status to change.
        expect(count(ticket.id, 'ticket.status_changed'), ticket.id).toBe(i % 2 === 0 ? 1 : 0)
      })
      const timeline = await t.database.db
        .select({ ticketId: ticketActivity.ticketId })
        .from(ticketActivity)
        .where(and(inArray(ticketActivity.ticketId, ids), eq(ticketActivity.field, 'unsnoozed')))
      expect(timeline).toHaveLength(ids.length)
      expect(new Set(timeline.map((a) => a.ticketId)).size).toBe(ids.length)

      // Woken tickets stay woken: the next round finds nothing of ours.
      await Promise.all([instance(), instance()])
      const again = await t.database.db
        .select({ id: events.id })
        .from(events)
        .where(and(eq(events.workspaceId, ws.workspaceId), eq(events.type, 'ticket.unsnoozed')))
      expect(again).toHaveLength(ids.length)
    },
  )
})
