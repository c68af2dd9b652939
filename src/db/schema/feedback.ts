import { type SQL, sql } from 'drizzle-orm'
import {
  boolean,
  check,
  customType,
  date,
  doublePrecision,
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
import { contacts, members } from './identity'
import { workspaces } from './workspaces'

/** Who may do an action on a board: anyone (visitors too), signed-in contacts, or staff only. */
export type BoardAccessLevel = 'anyone' | 'contacts' | 'staff'
/** A board's `visibility.audience` (content audiences: src/kit/audience.ts). */
export type BoardAudience = 'public' | 'authenticated' | 'segments' | 'organizations' | 'staff'
export type PostStatusCategory = 'open' | 'planned' | 'in_progress' | 'complete' | 'closed'
export type PostModeration = 'pending' | 'approved' | 'rejected' | 'spam'
/** Which new posts wait for approval: none, anonymous visitors', contacts' (visitors too), or everyone's. */
export type ModerationRule = 'none' | 'anonymous' | 'contacts' | 'all'
/** When an author (a contact) may still edit or delete its post. */
export type AuthorEdits = 'always' | 'until_activity' | 'never'

/** A custom post field a board defines; posts hold values under its `key`. */
export interface BoardField {
  key: string
  label: string
  type: 'text' | 'long_text' | 'number' | 'select' | 'date' | 'checkbox'
  required: boolean
  /** The choices of a `select` field. */
  options?: string[]
}

/** The `visibility` shape shared by boards, changelog entries and articles. */
export interface Visibility {
  audience: BoardAudience
  segmentIds: string[]
  organizationIds: string[]
}

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/** Feedback boards: where posts live, with who may see, post, vote and comment. */
export const boards = pgTable(
  'boards',
  {
    id: typeId('brd', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description'),
    /** `visibility.audience`, as a column: the policy compares it in SQL. */
    audience: text('audience').$type<BoardAudience>().notNull().default('public'),
    segmentIds: jsonb('segment_ids').$type<string[]>().notNull().default([]),
    organizationIds: jsonb('organization_ids').$type<string[]>().notNull().default([]),
    viewAccess: text('view_access').$type<BoardAccessLevel>().notNull().default('anyone'),
    postAccess: text('post_access').$type<BoardAccessLevel>().notNull().default('contacts'),
    voteAccess: text('vote_access').$type<BoardAccessLevel>().notNull().default('contacts'),
    commentAccess: text('comment_access').$type<BoardAccessLevel>().notNull().default('contacts'),
    /** The board's moderation rule; null follows the workspace's (`feedback_settings.moderation`). */
    moderation: text('moderation').$type<ModerationRule>(),
    /** One-way: a contact or visitor sees only its own posts here (staff see all). */
    oneWay: boolean('one_way').notNull().default(false),
    archivedAt: timestamptz('archived_at'),
    fields: jsonb('fields').$type<BoardField[]>().notNull().default([]),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('boards_workspace_slug_key').on(t.workspaceId, t.slug),
    index('boards_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
)

/** Workspace-defined post statuses, ordered by `position`; at most one is the default for new posts. */
export const postStatuses = pgTable(
  'post_statuses',
  {
    id: typeId('pst', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    category: text('category').$type<PostStatusCategory>().notNull(),
    color: text('color'),
    position: integer('position').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('post_statuses_workspace_name_key').on(t.workspaceId, sql`lower(${t.name})`),
    uniqueIndex('post_statuses_workspace_default_key').on(t.workspaceId).where(sql`${t.isDefault}`),
    index('post_statuses_workspace_position_idx').on(t.workspaceId, t.position, t.id),
  ],
)

/** Tags for posts. */
export const tags = pgTable(
  'tags',
  {
    id: typeId('tag', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    color: text('color'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('tags_workspace_name_key').on(t.workspaceId, sql`lower(${t.name})`),
    index('tags_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
)

/** Weighted full-text document of a post: the title counts more than the body. */
const postDocument = (title: SQL, body: SQL) =>
  sql`setweight(to_tsvector('english', coalesce(${title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${body}, '')), 'B')`

/** Feedback posts. A deleted post keeps its row for 30 days (restore), then the purge tick removes it. */
export const posts = pgTable(
  'posts',
  {
    id: typeId('post', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    boardId: typeId('brd', 'board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    statusId: typeId('pst', 'status_id').references(() => postStatuses.id),
    title: text('title').notNull(),
    body: text('body'),
    authorContactId: typeId('ct', 'author_contact_id').references(() => contacts.id, {
      onDelete: 'set null',
    }),
    authorMemberId: typeId('mbr', 'author_member_id').references(() => members.id, {
      onDelete: 'set null',
    }),
    /** An anonymous author: the visitor id its client sent (`Loopdesk-Visitor-Id`), with no contact or member. */
    authorVisitorId: text('author_visitor_id'),
    ownerMemberId: typeId('mbr', 'owner_member_id').references(() => members.id, { onDelete: 'set null' }),
    eta: date('eta', { mode: 'string' }),
    pinned: boolean('pinned').notNull().default(false),
    locked: boolean('locked').notNull().default(false),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    tagIds: jsonb('tag_ids').$type<string[]>().notNull().default([]),
    voteCount: integer('vote_count').notNull().default(0),
    commentCount: integer('comment_count').notNull().default(0),
    /**
     * ln Σ e^((t − epoch) / τ) over the post's creation and its votes' times: votes weighted by recency whose
     * order never changes with the time of the query, so keyset pages stay stable (`trending` in kit terms).
     */
    trending: doublePrecision('trending').notNull().default(0),
    moderation: text('moderation').$type<PostModeration>().notNull().default('approved'),
    moderationReason: text('moderation_reason'),
    mergedIntoId: typeId('post', 'merged_into_id'),
    /** The post's id in the system it was imported from (`npm run import`): a re-import updates, never duplicates. */
    importSourceId: text('import_source_id'),
    /** The official response: a public staff comment of the post, pinned to it (shown while not removed). */
    officialResponseId: typeId('cmt', 'official_response_id'),
    deletedAt: timestamptz('deleted_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    search: tsvector('search').generatedAlwaysAs(
      (): SQL => postDocument(sql.raw('"title"'), sql.raw('"body"')),
    ),
  },
  (t) => [
    index('posts_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('posts_workspace_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('posts_workspace_board_votes_idx').on(t.workspaceId, t.boardId, t.voteCount, t.id),
    index('posts_workspace_board_created_idx').on(t.workspaceId, t.boardId, t.createdAt, t.id),
    index('posts_workspace_board_trending_idx').on(t.workspaceId, t.boardId, t.trending, t.id),
    index('posts_workspace_votes_idx').on(t.workspaceId, t.voteCount, t.id),
    index('posts_workspace_trending_idx').on(t.workspaceId, t.trending, t.id),
    index('posts_workspace_deleted_idx')
      .on(t.workspaceId, t.deletedAt)
      .where(sql`${t.deletedAt} is not null`),
    index('posts_search_idx').using('gin', t.search),
    uniqueIndex('posts_workspace_import_source_key')
      .on(t.workspaceId, t.importSourceId)
      .where(sql`${t.importSourceId} is not null`),
    // Trigram similarity of titles (pg_trgm): similar posts while typing, duplicate suggestions.
    index('posts_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')),
    check('posts_title_length', sql`char_length(${t.title}) between 1 and 255`),
  ],
)

/**
 * One vote per person per post: a contact (`contactId`) or a member voting as themselves (`memberId`).
 * `addedByMemberId` is the member who recorded a vote on a contact's behalf, `source` where it came from.
 */
export const votes = pgTable(
  'votes',
  {
    id: typeId('vote', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    postId: typeId('post', 'post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    contactId: typeId('ct', 'contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id').references(() => members.id, { onDelete: 'cascade' }),
    /** An anonymous visitor's vote: the visitor id its client sent (`Loopdesk-Visitor-Id`). */
    visitorId: text('visitor_id'),
    addedByMemberId: typeId('mbr', 'added_by_member_id').references(() => members.id, {
      onDelete: 'set null',
    }),
    source: text('source'),
    /** Set while a merge has moved the vote from this post to the one it was merged into (unmerge undoes it). */
    movedFromPostId: typeId('post', 'moved_from_post_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('votes_post_contact_key').on(t.postId, t.contactId).where(sql`${t.contactId} is not null`),
    uniqueIndex('votes_post_member_key').on(t.postId, t.memberId).where(sql`${t.memberId} is not null`),
    uniqueIndex('votes_post_visitor_key').on(t.postId, t.visitorId).where(sql`${t.visitorId} is not null`),
    index('votes_workspace_post_created_idx').on(t.workspaceId, t.postId, t.createdAt, t.id),
    check('votes_one_voter', sql`num_nonnulls(${t.contactId}, ${t.memberId}, ${t.visitorId}) = 1`),
  ],
)

/**
 * Comments on posts, threaded by `parentId`. `visibility` `private` marks a staff-only comment, which no
 * contact reads through any path. `boardId` is the post's board, kept here so the policy reaches the board in
 * one step. A deleted comment keeps its row (shown as removed) so its replies stay in place.
 */
export const comments = pgTable(
  'comments',
  {
    id: typeId('cmt', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    postId: typeId('post', 'post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    boardId: typeId('brd', 'board_id').notNull(),
    parentId: typeId('cmt', 'parent_id'),
    body: text('body').notNull(),
    visibility: text('visibility').$type<'public' | 'private'>().notNull().default('public'),
    authorContactId: typeId('ct', 'author_contact_id').references(() => contacts.id, {
      onDelete: 'set null',
    }),
    authorMemberId: typeId('mbr', 'author_member_id').references(() => members.id, {
      onDelete: 'set null',
    }),
    /** An anonymous author: the visitor id its client sent. */
    authorVisitorId: text('author_visitor_id'),
    /** Set while a merge has moved the comment from this post to the one it was merged into. */
    movedFromPostId: typeId('post', 'moved_from_post_id'),
    deletedAt: timestamptz('deleted_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    search: tsvector('search').generatedAlwaysAs(
      (): SQL => sql`to_tsvector('english', coalesce("body", ''))`,
    ),
  },
  (t) => [
    index('comments_workspace_post_created_idx').on(t.workspaceId, t.postId, t.createdAt, t.id),
    index('comments_search_idx').using('gin', t.search),
  ],
)

/**
 * Duplicate suggestions staff dismissed: the pair is never suggested again until restored. One row per pair,
 * stored with the smaller post id first (`postId < otherPostId`), so either post's list finds it.
 */
export const postDuplicateDismissals = pgTable(
  'post_duplicate_dismissals',
  {
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    postId: typeId('post', 'post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    otherPostId: typeId('post', 'other_post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    dismissedByMemberId: typeId('mbr', 'dismissed_by_member_id').references(() => members.id, {
      onDelete: 'set null',
    }),
    dismissedAt: timestamptz('dismissed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.postId, t.otherPostId] }),
    index('post_duplicate_dismissals_other_idx').on(t.workspaceId, t.otherPostId),
    check('post_duplicate_dismissals_ordered', sql`${t.postId} < ${t.otherPostId}`),
  ],
)

/**
 * A workspace's feedback settings: what anonymous visitors may do, the moderation queue's default, whether
 * links and images hold a post for review, when authors may edit, and the per-address anonymous limit. A
 * workspace without a row has the defaults (the policy's `settings` relation then finds none: no switch on).
 */
export const feedbackSettings = pgTable('feedback_settings', {
  workspaceId: typeId('ws', 'workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  anonymousVoting: boolean('anonymous_voting').notNull().default(false),
  anonymousPosting: boolean('anonymous_posting').notNull().default(false),
  anonymousCommenting: boolean('anonymous_commenting').notNull().default(false),
  moderation: text('moderation').$type<ModerationRule>().notNull().default('none'),
  holdLinksAndImages: boolean('hold_links_and_images').notNull().default(false),
  authorEdits: text('author_edits').$type<AuthorEdits>().notNull().default('always'),
  /** Anonymous posts, votes and comments one client address may make per window. */
  anonymousRateLimit: integer('anonymous_rate_limit').notNull().default(20),
  anonymousRateWindowSeconds: integer('anonymous_rate_window_seconds').notNull().default(3600),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
})

/**
 * Emoji reactions on comments: one per person (a contact or a member) per emoji per comment. `emoji` is one
 * emoji grapheme, as the API checked it.
 */
export const commentReactions = pgTable(
  'comment_reactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    commentId: typeId('cmt', 'comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    emoji: text('emoji').notNull(),
    contactId: typeId('ct', 'contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id').references(() => members.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('comment_reactions_contact_key')
      .on(t.commentId, t.emoji, t.contactId)
      .where(sql`${t.contactId} is not null`),
    uniqueIndex('comment_reactions_member_key')
      .on(t.commentId, t.emoji, t.memberId)
      .where(sql`${t.memberId} is not null`),
    index('comment_reactions_workspace_comment_idx').on(t.workspaceId, t.commentId, t.createdAt),
    check('comment_reactions_one_reactor', sql`(${t.contactId} is null) <> (${t.memberId} is null)`),
  ],
)

/** A comment's former bodies: each edit keeps the body it replaced, with who edited and when. */
export const commentRevisions = pgTable(
  'comment_revisions',
  {
    id: typeId('rev', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    commentId: typeId('cmt', 'comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    editedByContactId: typeId('ct', 'edited_by_contact_id').references(() => contacts.id, {
      onDelete: 'set null',
    }),
    editedByMemberId: typeId('mbr', 'edited_by_member_id').references(() => members.id, {
      onDelete: 'set null',
    }),
    /** When the body was replaced (the edit's time). */
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('comment_revisions_workspace_comment_idx').on(t.workspaceId, t.commentId, t.createdAt, t.id)],
)

/** A post's former titles and bodies: each edit of either keeps both as they were, with who edited and when. */
export const postRevisions = pgTable(
  'post_revisions',
  {
    id: typeId('rev', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    postId: typeId('post', 'post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body'),
    editedByContactId: typeId('ct', 'edited_by_contact_id').references(() => contacts.id, {
      onDelete: 'set null',
    }),
    editedByMemberId: typeId('mbr', 'edited_by_member_id').references(() => members.id, {
      onDelete: 'set null',
    }),
    /** When the title or body was replaced (the edit's time). */
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('post_revisions_workspace_post_idx').on(t.workspaceId, t.postId, t.createdAt, t.id)],
)

// ------------------------------------------------------------------------------ subscriptions, digest

/** How much of a post's activity a subscriber hears of: everything, status changes only, or nothing. */
export type SubscriptionLevel = 'all' | 'status' | 'off'
/** Why a subscription exists: the person chose it, or it came with their post, vote or comment. */
export type SubscriptionSource = 'manual' | 'author' | 'voter' | 'commenter'

/**
 * Who hears of a post's activity: a contact (by email) or a member (in-app), one row per person per post.
 * Authors, voters and commenters are subscribed automatically; a level the person chose (`source` `manual`)
 * is never changed by that, so an explicit `off` stays off. The row's `id` is what an unsubscribe token
 * names. `movedFromPostId` is set while a merge has moved the row to the post merged into.
 */
export const postSubscriptions = pgTable(
  'post_subscriptions',
  {
    id: typeId('psub', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    postId: typeId('post', 'post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    contactId: typeId('ct', 'contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id').references(() => members.id, { onDelete: 'cascade' }),
    level: text('level').$type<SubscriptionLevel>().notNull(),
    source: text('source').$type<SubscriptionSource>().notNull(),
    movedFromPostId: typeId('post', 'moved_from_post_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('post_subscriptions_post_contact_key')
      .on(t.postId, t.contactId)
      .where(sql`${t.contactId} is not null`),
    uniqueIndex('post_subscriptions_post_member_key')
      .on(t.postId, t.memberId)
      .where(sql`${t.memberId} is not null`),
    index('post_subscriptions_workspace_post_created_idx').on(t.workspaceId, t.postId, t.createdAt, t.id),
    check('post_subscriptions_one_subscriber', sql`(${t.contactId} is null) <> (${t.memberId} is null)`),
    check('post_subscriptions_level', sql`${t.level} in ('all', 'status', 'off')`),
  ],
)

/** How often a member gets the new-feedback digest. */
export type DigestFrequency = 'daily' | 'weekly' | 'off'

/** A member's digest choice; no row means `off`. */
export const feedbackDigestPreferences = pgTable(
  'feedback_digest_preferences',
  {
    memberId: typeId('mbr', 'member_id')
      .primaryKey()
      .references(() => members.id, { onDelete: 'cascade' }),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    frequency: text('frequency').$type<DigestFrequency>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('feedback_digest_preferences_frequency_idx').on(t.frequency)],
)

/**
 * One row per digest sent: (member, period) is claimed by the insert that sends it, so each period's digest
 * goes out once however many workers run the tick. `since` is where the summary starts (the previous digest).
 */
export const feedbackDigests = pgTable(
  'feedback_digests',
  {
    memberId: typeId('mbr', 'member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** `2026-12-04` (daily) or `2026-W49` (weekly). */
    period: text('period').notNull(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    since: timestamptz('since').notNull(),
    until: timestamptz('until').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.period] }),
    index('feedback_digests_member_created_idx').on(t.memberId, t.createdAt),
  ],
)
