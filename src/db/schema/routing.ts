import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { members, teams } from './identity'
import { businessHours } from './sla'
import type { TicketPriority } from './ticket-setup'
import { workspaces } from './workspaces'

export const inboxChannels = ['email', 'widget', 'api', 'portal'] as const
export type InboxChannel = (typeof inboxChannels)[number]

/** `/v1/inboxes`: where tickets arrive. A ticket belongs to one inbox (`tickets.inbox_id`). */
export const inboxes = pgTable(
  'inboxes',
  {
    id: typeId('ibx', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    channels: text('channels').array().$type<InboxChannel[]>().notNull().default(sql`'{}'::text[]`),
    defaultTeamId: typeId('team', 'default_team_id').references(() => teams.id, { onDelete: 'set null' }),
    defaultPriority: text('default_priority').$type<TicketPriority>(),
    businessHoursId: typeId('bh', 'business_hours_id').references(() => businessHours.id),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('inboxes_workspace_idx').on(t.workspaceId, t.createdAt, t.id)],
)

/** An inbox's email addresses: unique across workspaces (inbound mail finds its inbox by address). */
export const inboxAddresses = pgTable(
  'inbox_addresses',
  {
    /** Lower-cased. */
    address: text('address').primaryKey(),
    inboxId: typeId('ibx', 'inbox_id')
      .notNull()
      .references(() => inboxes.id, { onDelete: 'cascade' }),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('inbox_addresses_inbox_idx').on(t.inboxId)],
)

/** `/v1/inboxes/{inboxId}/members`. */
export const inboxMembers = pgTable(
  'inbox_members',
  {
    inboxId: typeId('ibx', 'inbox_id')
      .notNull()
      .references(() => inboxes.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.inboxId, t.memberId] }), index('inbox_members_member_idx').on(t.memberId)],
)

export const routingTriggers = ['ticket.created', 'ticket.updated', 'ticket.message_created'] as const
export type RoutingTrigger = (typeof routingTriggers)[number]

/** `/v1/routing-rules`: ordered by `position`, conditions in the one condition language, typed actions. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: typeId('rr', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    active: boolean('active').notNull().default(true),
    trigger: text('trigger').$type<RoutingTrigger>().notNull(),
    conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull().default({}),
    actions: jsonb('actions').$type<Array<Record<string, unknown>>>().notNull().default([]),
    stopProcessing: boolean('stop_processing').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('routing_rules_workspace_trigger_idx').on(t.workspaceId, t.trigger, t.position, t.id)],
)

/** Round-robin assignment: the member a team's rotation gave a ticket to last. */
export const routingRotations = pgTable(
  'routing_rotations',
  {
    teamId: typeId('team', 'team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    lastMemberId: typeId('mbr', 'last_member_id').references(() => members.id, { onDelete: 'set null' }),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId] })],
)
