import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { workspaces } from './workspaces'

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const
export type TicketPriority = (typeof ticketPriorities)[number]

export const ticketStatusCategories = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const
/** What a ticket status means to the product: SLA clocks, reopen rules and the portal read the category. */
export type TicketStatusCategory = (typeof ticketStatusCategories)[number]

export const customFieldTypes = [
  'text',
  'long_text',
  'number',
  'select',
  'multi_select',
  'date',
  'checkbox',
] as const
export type CustomFieldType = (typeof customFieldTypes)[number]

/** Workspace-defined ticket statuses, ordered by `position`; at most one is the default of its category. */
export const ticketStatuses = pgTable(
  'ticket_statuses',
  {
    id: typeId('tst', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    category: text('category').$type<TicketStatusCategory>().notNull(),
    color: text('color'),
    position: integer('position').notNull(),
    /** The status a ticket takes when it enters this category without naming a status (e.g. new tickets). */
    isDefault: boolean('is_default').notNull().default(false),
    archivedAt: timestamptz('archived_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('ticket_statuses_workspace_name_key').on(t.workspaceId, sql`lower(${t.name})`),
    uniqueIndex('ticket_statuses_workspace_category_default_key')
      .on(t.workspaceId, t.category)
      .where(sql`${t.isDefault}`),
    index('ticket_statuses_workspace_position_idx').on(t.workspaceId, t.position, t.id),
  ],
)

/** Workspace-defined ticket types (question, incident, …); each names the custom fields it uses. */
export const ticketTypes = pgTable(
  'ticket_types',
  {
    id: typeId('ttyp', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    /** Custom field ids (`cf_…`) a ticket of this type may carry, in display order. */
    customFieldIds: jsonb('custom_field_ids').$type<string[]>().notNull().default([]),
    position: integer('position').notNull(),
    archivedAt: timestamptz('archived_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('ticket_types_workspace_name_key').on(t.workspaceId, sql`lower(${t.name})`),
    index('ticket_types_workspace_position_idx').on(t.workspaceId, t.position, t.id),
  ],
)

/** Ticket custom field definitions; tickets hold values under `key` in `tickets.custom_fields`. */
export const customFields = pgTable(
  'custom_fields',
  {
    id: typeId('cf', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Stable machine name (`order_number`): the key in values, conditions and the API. */
    key: text('key').notNull(),
    label: text('label').notNull(),
    description: text('description'),
    type: text('type').$type<CustomFieldType>().notNull(),
    /** The choices of `select` and `multi_select` fields. */
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    /** Shown to the requester in the portal; otherwise internal (never sent to a contact). */
    visibleToContacts: boolean('visible_to_contacts').notNull().default(false),
    position: integer('position').notNull(),
    archivedAt: timestamptz('archived_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('custom_fields_workspace_key_key').on(t.workspaceId, t.key),
    index('custom_fields_workspace_position_idx').on(t.workspaceId, t.position, t.id),
  ],
)
