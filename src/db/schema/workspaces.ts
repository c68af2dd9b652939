import { sql } from 'drizzle-orm'
import { integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { typeId } from '../columns'

export const workspaces = pgTable(
  'workspaces',
  {
    id: typeId('ws', 'id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    timezone: text('timezone').notNull().default('UTC'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Bumped on every change; the ETag. */
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('workspaces_slug_key').on(sql`lower(${t.slug})`)],
)

/** Installation-wide values the server generates once (e.g. the cursor signing key). */
export const instanceSettings = pgTable('instance_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
})
