import { type SQL, sql } from 'drizzle-orm'
import {
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { contacts, members } from './identity'
import { workspaces } from './workspaces'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/** Weighted full-text document of published text, as posts have: the title counts more than the body. */
export const contentDocument = (): SQL =>
  sql`setweight(to_tsvector('english', coalesce("title", '')), 'A') || setweight(to_tsvector('english', coalesce("body", '')), 'B')`

/** Who published content is for (the `visibility.audience` of boards, articles, changelog and roadmaps). */
export type ContentAudience = 'public' | 'authenticated' | 'segments' | 'organizations' | 'staff'
/** Where a piece of content is in its life: `scheduled` turns `published` at `publishAt` (a tick does it). */
export type PublishState = 'draft' | 'scheduled' | 'published'

/**
 * Help-centre categories, nested through `parentId`. `audience` is the category's own (its segments or
 * organisations in `content_audiences`); `effectiveAudience` the intersection along its ancestors (kit/audience.ts
 * `intersect`), `audienceSourceId` the category whose `content_audiences` rows hold the effective grants (null
 * unless it is `segments` or `organizations`), and `hidden` whether it or an ancestor is archived: all are
 * recomputed for the workspace in the transaction of any category change, so the policy compares plain columns
 * and follows one relation.
 */
export const helpCategories = pgTable(
  'help_categories',
  {
    id: typeId('hcat', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    parentId: typeId('hcat', 'parent_id'),
    name: text('name').notNull(),
    description: text('description'),
    position: integer('position').notNull().default(0),
    audience: text('audience').$type<ContentAudience>().notNull().default('public'),
    effectiveAudience: text('effective_audience').$type<ContentAudience>().notNull().default('public'),
    /** A uuid, not a TypeID: the source is a category (this one or an ancestor). */
    audienceSourceId: uuid('audience_source_id'),
    archivedAt: timestamptz('archived_at'),
    hidden: boolean('hidden').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('help_categories_workspace_position_idx').on(t.workspaceId, t.position, t.id),
    index('help_categories_workspace_parent_idx').on(t.workspaceId, t.parentId),
  ],
)

/**
 * Help-centre articles: the primary locale's text and state on the row, other locales in `article_translations`.
 * `audience` is the article's own narrowing (null: the category's); `effectiveAudience`, `audienceSourceId` (the
 * article or category whose `content_audiences` rows hold the effective grants) and `categoryHidden` are kept
 * from its category by the same recomputation as the categories', so a reader's filter is a few columns and one
 * `exists` over the source's grants.
 */
export const articles = pgTable(
  'articles',
  {
    id: typeId('art', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    categoryId: typeId('hcat', 'category_id')
      .notNull()
      .references(() => helpCategories.id),
    locale: text('locale').notNull(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    state: text('state').$type<PublishState>().notNull().default('draft'),
    publishAt: timestamptz('publish_at'),
    publishedAt: timestamptz('published_at'),
    audience: text('audience').$type<ContentAudience>(),
    effectiveAudience: text('effective_audience').$type<ContentAudience>().notNull().default('public'),
    /** A uuid, not a TypeID: the source is the article itself or a category of its chain. */
    audienceSourceId: uuid('audience_source_id'),
    categoryHidden: boolean('category_hidden').notNull().default(false),
    helpfulCount: integer('helpful_count').notNull().default(0),
    notHelpfulCount: integer('not_helpful_count').notNull().default(0),
    authorMemberId: typeId('mbr', 'author_member_id').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    search: tsvector('search').generatedAlwaysAs(contentDocument),
  },
  (t) => [
    index('articles_search_idx').using('gin', t.search),
    uniqueIndex('articles_workspace_locale_slug_key').on(t.workspaceId, t.locale, t.slug),
    index('articles_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('articles_workspace_category_created_idx').on(t.workspaceId, t.categoryId, t.createdAt, t.id),
    // The publish tick scans every workspace for due rows.
    index('articles_due_idx').on(t.publishAt).where(sql`${t.state} = 'scheduled'`),
  ],
)

/** An article's text in another locale, with its own slug and state. */
export const articleTranslations = pgTable(
  'article_translations',
  {
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    articleId: typeId('art', 'article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    state: text('state').$type<PublishState>().notNull().default('draft'),
    publishAt: timestamptz('publish_at'),
    publishedAt: timestamptz('published_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    /** The translation's own search document (title `A`, body `B`), for `GET /v1/search?types=articles`. */
    search: tsvector('search').generatedAlwaysAs(contentDocument),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.locale] }),
    index('article_translations_search_idx').using('gin', t.search),
    uniqueIndex('article_translations_workspace_locale_slug_key').on(t.workspaceId, t.locale, t.slug),
    index('article_translations_due_idx').on(t.publishAt).where(sql`${t.state} = 'scheduled'`),
  ],
)

/** Helpful / not-helpful answers: one per contact and article (changed in place); visitors' are anonymous. */
export const articleVotes = pgTable(
  'article_votes',
  {
    id: typeId('vote', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    articleId: typeId('art', 'article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    contactId: typeId('ct', 'contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id').references(() => members.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    helpful: boolean('helpful').notNull(),
    reason: text('reason'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('article_votes_article_contact_key')
      .on(t.articleId, t.contactId)
      .where(sql`${t.contactId} is not null`),
    uniqueIndex('article_votes_article_member_key')
      .on(t.articleId, t.memberId)
      .where(sql`${t.memberId} is not null`),
    index('article_votes_workspace_article_idx').on(t.workspaceId, t.articleId, t.createdAt),
  ],
)
