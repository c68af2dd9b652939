import { sql } from 'drizzle-orm'
import { integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'

export const workspaces = pgTable(
  'workspaces',
  {
    id: typeId('ws', 'id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    timezone: text('timezone').notNull().default('UTC'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    /** Bumped whenever custom role definitions change: part of every actor's authorization cache key. */
    authzVersion: integer('authz_version').notNull().default(1),
    /** Bumped on every change; the ETag. */
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('workspaces_slug_key').on(sql`lower(${t.slug})`)],
)

/** Installation-wide values the server generates once (e.g. the cursor signing key). */
export const instanceSettings = pgTable('instance_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
})
