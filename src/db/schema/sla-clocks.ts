import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { type SlaClockStatus, type SlaMetric, slaPolicies } from './sla'
import { tickets } from './tickets'
import { workspaces } from './workspaces'

/** The policy a ticket runs under: matched (first by position) or pinned by a routing rule's action. */
export const ticketSla = pgTable('ticket_sla', {
  ticketId: typeId('tkt', 'ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  workspaceId: typeId('ws', 'workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  policyId: typeId('sla', 'policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
  /** Set by a routing rule's `apply_sla_policy`: re-matching keeps it. */
  pinned: boolean('pinned').notNull().default(false),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
})

/**
 * One clock per ticket and metric. While `active`, `dueAt`/`warnAt` are set and the tick finds it through the
 * partial indexes (cost grows with what is due, not with all tickets); `businessMinutesElapsed` is the time
 * used up to `runningSince` (null while paused or stopped).
 */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    ticketId: typeId('tkt', 'ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    metric: text('metric').$type<SlaMetric>().notNull(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    policyId: typeId('sla', 'policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    status: text('status').$type<SlaClockStatus>().notNull(),
    targetMinutes: integer('target_minutes').notNull(),
    businessMinutesElapsed: integer('business_minutes_elapsed').notNull().default(0),
    runningSince: timestamptz('running_since'),
    dueAt: timestamptz('due_at'),
    warnAt: timestamptz('warn_at'),
    warnedAt: timestamptz('warned_at'),
    breachedAt: timestamptz('breached_at'),
    achievedAt: timestamptz('achieved_at'),
    pauses: jsonb('pauses').$type<Array<{ from: string; to: string | null }>>().notNull().default([]),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.metric] }),
    index('sla_clocks_due_idx').on(t.dueAt).where(sql`${t.status} = 'active'`),
    index('sla_clocks_warn_idx').on(t.warnAt).where(sql`${t.status} = 'active' and ${t.warnedAt} is null`),
    index('sla_clocks_workspace_idx').on(t.workspaceId),
  ],
)
