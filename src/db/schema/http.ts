import { integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { workspaces } from './workspaces'

/** `Idempotency-Key` records: a lock while the first request runs, then its answer for replay (24 h). */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    lockedAt: timestamptz('locked_at'),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
)
