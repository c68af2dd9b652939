import { sql } from 'drizzle-orm'
import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { workspaces } from './workspaces'

/** `{ field: { before, after } }`: `before` absent for a creation, `after` absent for a removal. */
export type AuditChanges = Record<string, { before?: unknown; after?: unknown }>

/**
 * The audit log: one row per audited event, written by `emit()` in the transaction that makes the change.
 * Rows are immutable: a trigger (the `audit_log` migration) refuses UPDATE, and DELETE except from the retention prune
 * (which sets `loopdesk.audit_prune`) or the cascade of deleting the workspace itself.
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    id: typeId('aud', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    occurredAt: timestamptz('occurred_at').notNull().defaultNow(),
    /** `member`, `contact`, `api_key` or `system`. */
    actorType: text('actor_type').notNull(),
    /** A TypeID of the actor's kind (text, as it may be any of them); null for the system. */
    actorId: text('actor_id'),
    /** The member acting: the member themself, or the one an API key belongs to. */
    actorMemberId: typeId('mbr', 'actor_member_id'),
    type: text('type').notNull(),
    /** The outbox event this entry records (no foreign key: the two tables keep rows for different times). */
    eventId: typeId('evt', 'event_id').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    changes: jsonb('changes').$type<AuditChanges>().notNull().default(sql`'{}'::jsonb`),
    requestId: text('request_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('audit_entries_workspace_occurred_idx').on(t.workspaceId, t.occurredAt, t.id),
    index('audit_entries_workspace_resource_idx').on(t.workspaceId, t.resourceType, t.resourceId),
    // The retention prune deletes across workspaces by age; without this it would scan the whole table.
    index('audit_entries_occurred_idx').on(t.occurredAt),
  ],
)
