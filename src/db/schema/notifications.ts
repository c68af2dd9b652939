import { boolean, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { members } from './identity'
import { workspaces } from './workspaces'

/** In-app notifications: one member's personal inbox of things that concern them. */
export const notifications = pgTable(
  'notifications',
  {
    id: typeId('ntf', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** A notification kind of src/notifications/kinds.ts (`role_changed`…). */
    kind: text('kind').notNull(),
    /** The event that produced it. */
    eventId: typeId('evt', 'event_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    readAt: timestamptz('read_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    // A redelivered event produces nothing twice.
    uniqueIndex('notifications_member_event_kind_key').on(t.memberId, t.eventId, t.kind),
    index('notifications_member_created_idx').on(t.memberId, t.createdAt, t.id),
  ],
)

/** A member's choices per kind and channel; a missing row means the kind's default. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    channel: text('channel').$type<'in_app' | 'email'>().notNull(),
    enabled: boolean('enabled').notNull(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.kind, t.channel] })],
)
