import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { workspaces } from './workspaces'

export const webhooks = pgTable(
  'webhooks',
  {
    id: typeId('wh', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description'),
    /** Event type patterns: `ticket.created`, `ticket.*` or `*`. */
    events: text('events').array().notNull(),
    /** When non-empty, only events whose data names one of these teams (or inboxes) are delivered. */
    teamIds: uuid('team_ids').array().notNull().default(sql`'{}'::uuid[]`),
    inboxIds: uuid('inbox_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** When non-empty, only events whose data names one of these feedback boards (`boardId`) are delivered. */
    boardIds: uuid('board_ids').array().notNull().default(sql`'{}'::uuid[]`),
    active: boolean('active').notNull().default(true),
    /**
     * The signing secret (`whsec_…`), sealed with AES-256-GCM under a key derived from the instance secret:
     * it must be readable to sign, and the database alone must not reveal it.
     */
    secret: text('secret').notNull(),
    /** After a rotation the previous secret signs too, until `previousSecretExpiresAt`. */
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: timestamptz('previous_secret_expires_at'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    disabledAt: timestamptz('disabled_at'),
    disabledReason: text('disabled_reason'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('webhooks_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    // Fan-out reads the active endpoints of one workspace.
    index('webhooks_workspace_active_idx').on(t.workspaceId).where(sql`${t.active}`),
  ],
)

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: typeId('whd', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    webhookId: typeId('wh', 'webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    /** The event delivered; null for pings, which belong to no event of the outbox. */
    eventId: typeId('evt', 'event_id'),
    eventType: text('event_type').notNull(),
    /** The request body, exactly as signed: every attempt sends the same bytes. */
    payload: text('payload').notNull(),
    status: text('status').$type<'pending' | 'succeeded' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastDurationMs: integer('last_duration_ms'),
    /** The receiver's answer, cut to 2 KiB. */
    lastResponseBody: text('last_response_body'),
    lastError: text('last_error'),
    lastAttemptAt: timestamptz('last_attempt_at'),
    nextAttemptAt: timestamptz('next_attempt_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // One delivery per (endpoint, event): a redelivered event fans out to nothing new.
    uniqueIndex('webhook_deliveries_webhook_event_key').on(t.webhookId, t.eventId),
    index('webhook_deliveries_webhook_created_idx').on(t.webhookId, t.createdAt, t.id),
  ],
)
