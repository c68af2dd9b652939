import { boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { workspaces } from './workspaces'

export const portalTabKinds = [
  'feedback',
  'roadmap',
  'changelog',
  'help_center',
  'my_tickets',
  'custom_link',
] as const
export type PortalTabKind = (typeof portalTabKinds)[number]

/** A tab's label and visibility for the contacts of one segment (the first override naming one of theirs wins). */
export interface PortalTabOverride {
  segmentId: string
  label?: string
  hidden?: boolean
}

/**
 * `/v1/portal/tabs`: the portal's navigation, in `position` order (0, 1, 2… per workspace). A workspace without
 * rows uses the default tabs (the portal area's `defaultTabs`); its first created tab writes those as rows.
 */
export const portalTabs = pgTable(
  'portal_tabs',
  {
    id: typeId('ptab', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<PortalTabKind>().notNull(),
    label: text('label').notNull(),
    position: integer('position').notNull(),
    hidden: boolean('hidden').notNull().default(false),
    /** A `custom_link` tab's URL; null for every other kind. */
    url: text('url'),
    /** The board (`feedback`), roadmap (`roadmap`) or help-centre category (`help_center`) the tab opens, as a TypeID. */
    targetId: text('target_id'),
    overrides: jsonb('overrides').$type<PortalTabOverride[]>().notNull().default([]),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('portal_tabs_workspace_position_idx').on(t.workspaceId, t.position, t.id)],
)
