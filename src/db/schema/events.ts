import { sql } from 'drizzle-orm'
import { customType, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { workspaces } from './workspaces'

const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' })

/**
 * The transactional outbox: `emit(tx, …)` writes here in the caller's transaction.
 * `txId` (the writing transaction's id) lets readers of the change feed wait for slower, still-open
 * transactions instead of skipping their rows.
 */
export const events = pgTable(
  'events',
  {
    id: typeId('evt', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    data: jsonb('data').notNull(),
    requestId: text('request_id'),
    occurredAt: timestamptz('occurred_at').notNull().defaultNow(),
    txId: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index('events_workspace_occurred_idx').on(t.workspaceId, t.occurredAt, t.id),
    index('events_workspace_resource_idx').on(t.workspaceId, t.resourceType, t.resourceId),
    // The change feed reads in (tx_id, id) order.
    index('events_workspace_tx_idx').on(t.workspaceId, t.txId, t.id),
  ],
)
