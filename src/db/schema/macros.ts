import { boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { members, teams } from './identity'
import type { Sharing } from './views'
import { workspaces } from './workspaces'

/** One conversation action of a macro (`{ type: "set_status", statusId }`, `{ type: "reply", body }`, …). */
export type MacroAction = { type: string } & Record<string, unknown>

/** Named, ordered sets of conversation actions, applied to one ticket or many. */
export const macros = pgTable(
  'macros',
  {
    id: typeId('mac', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    sharing: text('sharing').$type<Sharing>().notNull().default('workspace'),
    ownerId: typeId('mbr', 'owner_id').references(() => members.id, { onDelete: 'cascade' }),
    teamId: typeId('team', 'team_id').references(() => teams.id, { onDelete: 'cascade' }),
    actions: jsonb('actions').$type<MacroAction[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('macros_workspace_position_idx').on(t.workspaceId, t.position, t.id)],
)
