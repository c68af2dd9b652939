import { sql } from 'drizzle-orm'
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { workspaces } from './workspaces'

export type WidgetEnvironment = 'production' | 'development'

/**
 * Widget profiles: what an embedded widget or a custom portal is allowed to do, and from where. The publishable
 * key (`wpk_…`) is public by design (it sits in a web page), so it is stored as is, under a unique index: the
 * request path finds a profile by its key in one indexed query.
 */
export const widgetProfiles = pgTable(
  'widget_profiles',
  {
    id: typeId('wp', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    environment: text('environment').$type<WidgetEnvironment>().notNull().default('production'),
    /** Origins a browser may call from: `https://app.example.com` or `https://*.example.com`, lower case. */
    allowedOrigins: text('allowed_origins').array().notNull().default(sql`'{}'::text[]`),
    publishableKey: text('publishable_key').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('widget_profiles_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    uniqueIndex('widget_profiles_publishable_key_idx').on(t.publishableKey),
    // CORS preflights carry no key: they ask whether any profile allows the origin (`allowed_origins && $1`).
    index('widget_profiles_allowed_origins_idx').using('gin', t.allowedOrigins),
  ],
)
