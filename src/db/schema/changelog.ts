import { sql } from 'drizzle-orm'
import {
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { contentDocument } from './help-center'
import { contacts, members } from './identity'
import { workspaces } from './workspaces'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export type ChangelogAudience = 'public' | 'authenticated' | 'segments' | 'organizations' | 'staff'
export type ChangelogState = 'draft' | 'scheduled' | 'published'

/**
 * Changelog entries. `linkedPostIds` are feedback posts the entry announces (checked readable by whoever links
 * them; answers show those the reader may read). `displayDate` is the date readers see (default: when it was
 * published); the list and the feed order by it.
 */
export const changelogEntries = pgTable(
  'changelog_entries',
  {
    id: typeId('chg', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    categories: jsonb('categories').$type<string[]>().notNull().default([]),
    linkedPostIds: jsonb('linked_post_ids').$type<string[]>().notNull().default([]),
    state: text('state').$type<ChangelogState>().notNull().default('draft'),
    publishAt: timestamptz('publish_at'),
    publishedAt: timestamptz('published_at'),
    displayDate: timestamptz('display_date'),
    /** `displayDate`, else `publishedAt`, else `createdAt`: the order readers see, as one indexed column. */
    sortDate: timestamptz('sort_date').notNull().defaultNow(),
    audience: text('audience').$type<ChangelogAudience>().notNull().default('public'),
    segmentIds: jsonb('segment_ids').$type<string[]>().notNull().default([]),
    organizationIds: jsonb('organization_ids').$type<string[]>().notNull().default([]),
    /**
     * What readers are held to: the narrowest of the entry's own audience and each of its categories' (kit
     * `intersect`; incomparable grant sets give `staff`), kept by the service on every write that can change it.
     */
    effectiveAudience: text('effective_audience').$type<ChangelogAudience>().notNull().default('public'),
    /** The resource (the entry or one of its categories) whose `content_audiences` rows hold the effective grants. */
    audienceSourceId: uuid('audience_source_id'),
    authorMemberId: typeId('mbr', 'author_member_id').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    search: tsvector('search').generatedAlwaysAs(contentDocument),
  },
  (t) => [
    index('changelog_entries_search_idx').using('gin', t.search),
    index('changelog_entries_workspace_sort_idx').on(t.workspaceId, t.sortDate, t.id),
    index('changelog_entries_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('changelog_entries_due_idx').on(t.publishAt).where(sql`${t.state} = 'scheduled'`),
  ],
)

/**
 * Changelog categories: the labels entries name in `categories`, as resources with their own audience (grants
 * in `content_audiences` under the category's id). Names are unique per workspace, whatever their case.
 */
export const changelogCategories = pgTable(
  'changelog_categories',
  {
    id: typeId('chcat', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    audience: text('audience').$type<ChangelogAudience>().notNull().default('public'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('changelog_categories_workspace_name_key').on(t.workspaceId, sql`lower(${t.name})`),
    index('changelog_categories_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('changelog_categories_workspace_name_idx').on(t.workspaceId, t.name, t.id),
  ],
)

/**
 * Who follows the changelog: a contact (told by email, with a one-click unsubscribe link) or a member (told
 * in-app). One row per person and workspace; unsubscribing deletes it.
 */
export const changelogSubscriptions = pgTable(
  'changelog_subscriptions',
  {
    id: typeId('csub', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    contactId: typeId('ct', 'contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id').references(() => members.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('changelog_subscriptions_contact_key')
      .on(t.workspaceId, t.contactId)
      .where(sql`${t.contactId} is not null`),
    uniqueIndex('changelog_subscriptions_member_key')
      .on(t.workspaceId, t.memberId)
      .where(sql`${t.memberId} is not null`),
    index('changelog_subscriptions_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    check('changelog_subscriptions_one_subscriber', sql`(${t.contactId} is null) <> (${t.memberId} is null)`),
  ],
)
