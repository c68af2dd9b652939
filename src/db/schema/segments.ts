import { sql } from 'drizzle-orm'
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { contacts, organizations } from './identity'
import { workspaces } from './workspaces'

export const segmentKinds = ['manual', 'rule'] as const
export type SegmentKind = (typeof segmentKinds)[number]

/**
 * `/v1/segments`: a named set of contacts, listed by hand (`manual`) or by a condition over contact and
 * organisation fields (`rule`). Membership of both kinds is kept in `segment_members`, so a visibility check
 * is a join, never a rule evaluated per request.
 */
export const segments = pgTable(
  'segments',
  {
    id: typeId('seg', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    kind: text('kind').$type<SegmentKind>().notNull(),
    /** The condition of a `rule` segment (the condition language); null for `manual`. */
    conditions: jsonb('conditions').$type<Record<string, unknown>>(),
    memberCount: integer('member_count').notNull().default(0),
    /** When a rule segment's membership was last recomputed in full. */
    computedAt: timestamptz('computed_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('segments_workspace_idx').on(t.workspaceId, t.createdAt, t.id),
    uniqueIndex('segments_workspace_name_key').on(t.workspaceId, sql`lower(${t.name})`),
  ],
)

/** The contacts of each segment. Changing a contact's rows bumps its `authz_version` (the policy cache key). */
export const segmentMembers = pgTable(
  'segment_members',
  {
    segmentId: typeId('seg', 'segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    contactId: typeId('ct', 'contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    addedAt: timestamptz('added_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.segmentId, t.contactId] }),
    index('segment_members_contact_idx').on(t.contactId),
  ],
)

/**
 * Who may see a piece of content whose `visibility.audience` is `segments` or `organizations`: one row per
 * segment or organisation admitted. Any content type uses it (boards, roadmaps, changelog entries and
 * categories, help-centre categories and articles), through a relation `audienceGrants` on its resource, so
 * Polar's audience rules reach SQL as an `exists` over this table. `resource_id` is the content's id as a
 * uuid (TypeIDs of different types never collide).
 */
export const contentAudiences = pgTable(
  'content_audiences',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    resourceId: uuid('resource_id').notNull(),
    segmentId: typeId('seg', 'segment_id').references(() => segments.id, { onDelete: 'cascade' }),
    organizationId: typeId('org', 'organization_id').references(() => organizations.id, {
      onDelete: 'cascade',
    }),
  },
  (t) => [
    index('content_audiences_resource_idx').on(t.resourceId, t.segmentId),
    index('content_audiences_org_idx').on(t.resourceId, t.organizationId),
    check('content_audiences_one_target', sql`num_nonnulls(${t.segmentId}, ${t.organizationId}) = 1`),
  ],
)
