import { customType, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { timestamptz } from '../columns'

const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' })

/**
 * How far each event listener has got in the outbox: the (tx_id, id) of the last event it was offered.
 * The dispatcher advances it in the transaction that runs the listener, so a redelivered event is never
 * handled twice; the row is also the lock that keeps two dispatchers from serving one listener at once.
 */
export const eventListenerCursors = pgTable('event_listener_cursors', {
  listener: text('listener').primaryKey(),
  /** Null until the listener has seen its first event. */
  txId: xid8('tx_id'),
  /** The event's uuid (events.id), compared as in the outbox's (tx_id, id) order. */
  eventId: uuid('event_id'),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
})

/**
 * One row per run of a scheduled tick: instances insert `(name, slot)` and only the one whose insert
 * landed runs the tick, so N instances run each slot once.
 */
export const tickSlots = pgTable(
  'tick_slots',
  {
    name: text('name').notNull(),
    /** The scheduled time of the run (not when it actually started). */
    slot: timestamptz('slot').notNull(),
    claimedAt: timestamptz('claimed_at').notNull().defaultNow(),
    /** Who ran it (host:pid), for operators reading the table. */
    claimedBy: text('claimed_by'),
  },
  (t) => [primaryKey({ columns: [t.name, t.slot] })],
)
