import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { posts } from './feedback'
import { workspaces } from './workspaces'

export type RoadmapAudience = 'public' | 'authenticated' | 'segments' | 'organizations' | 'staff'

/** The posts a roadmap shows: any of these boards, statuses and tags (an empty list does not narrow). */
export interface RoadmapFilter {
  boardIds: string[]
  statusIds: string[]
  tagIds: string[]
}

/** How a roadmap makes columns: one per listed status, in order, or one per ETA month or quarter. */
export type RoadmapColumns =
  | { type: 'status'; statusIds: string[] }
  | { type: 'eta'; bucket: 'month' | 'quarter' }

/** Roadmaps: saved post filters shown as columns, with a visibility like a board's. */
export const roadmaps = pgTable(
  'roadmaps',
  {
    id: typeId('rdm', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    filter: jsonb('filter').$type<RoadmapFilter>().notNull(),
    columns: jsonb('columns').$type<RoadmapColumns>().notNull(),
    audience: text('audience').$type<RoadmapAudience>().notNull().default('public'),
    segmentIds: jsonb('segment_ids').$type<string[]>().notNull().default([]),
    organizationIds: jsonb('organization_ids').$type<string[]>().notNull().default([]),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('roadmaps_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id)],
)

/** Manual order within a roadmap's columns: a post's position among the others of its column. */
export const roadmapPositions = pgTable(
  'roadmap_positions',
  {
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    roadmapId: typeId('rdm', 'roadmap_id')
      .notNull()
      .references(() => roadmaps.id, { onDelete: 'cascade' }),
    postId: typeId('post', 'post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roadmapId, t.postId] }),
    index('roadmap_positions_workspace_roadmap_idx').on(t.workspaceId, t.roadmapId),
  ],
)
