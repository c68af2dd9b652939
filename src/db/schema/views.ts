import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import type { ConditionGroup } from '../../conditions/types'
import { timestamptz, typeId } from '../columns'
import { members, teams } from './identity'
import { workspaces } from './workspaces'

/** Who sees a view or a macro: its owner only, one team, or the whole workspace. */
export type Sharing = 'personal' | 'team' | 'workspace'

/** Saved ticket filters: conditions, a sort and the columns an agent frontend shows. */
export const views = pgTable(
  'views',
  {
    id: typeId('view', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    sharing: text('sharing').$type<Sharing>().notNull().default('personal'),
    /** The member who owns a personal view (and who created any view). */
    ownerId: typeId('mbr', 'owner_id').references(() => members.id, { onDelete: 'cascade' }),
    teamId: typeId('team', 'team_id').references(() => teams.id, { onDelete: 'cascade' }),
    conditions: jsonb('conditions').$type<ConditionGroup>().notNull().default({ all: [] }),
    sort: text('sort').notNull().default('-updatedAt'),
    columns: jsonb('columns').$type<string[]>().notNull().default([]),
    position: integer('position').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('views_workspace_position_idx').on(t.workspaceId, t.position, t.id),
    index('views_owner_idx').on(t.ownerId),
  ],
)
