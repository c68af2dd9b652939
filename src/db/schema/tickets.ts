import { type SQL, sql } from 'drizzle-orm'
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { posts } from './feedback'
import { contacts, members, organizations, teams } from './identity'
import { inboxes } from './routing'
import { type TicketPriority, type TicketStatusCategory, ticketStatuses, ticketTypes } from './ticket-setup'
import { workspaces } from './workspaces'

export { type TicketPriority, ticketPriorities } from './ticket-setup'
export const ticketSources = ['api', 'email', 'widget', 'portal', 'github'] as const
export type TicketSource = (typeof ticketSources)[number]
/** Who wrote a message or made a change. */
export type TicketAuthorType = 'member' | 'contact' | 'system' | 'integration'
export type TicketMessageKind = 'reply' | 'note'
export type TicketLinkKind = 'post' | 'related' | 'duplicate' | 'parent' | 'child' | 'external'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/** One row per workspace: the last ticket number handed out (bumped outside the ticket's transaction, so gaps are allowed). */
export const ticketCounters = pgTable('ticket_counters', {
  workspaceId: typeId('ws', 'workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  lastNumber: bigint('last_number', { mode: 'number' }).notNull().default(0),
})

/** Support tickets. */
export const tickets = pgTable(
  'tickets',
  {
    id: typeId('tkt', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Per workspace, human (`#1042`), unique; gaps allowed. */
    number: bigint('number', { mode: 'number' }).notNull(),
    subject: text('subject').notNull(),
    statusId: typeId('tst', 'status_id')
      .notNull()
      .references(() => ticketStatuses.id),
    /** The status's category, kept beside it: lists, views and the policy filter on it without a join. */
    statusCategory: text('status_category').$type<TicketStatusCategory>().notNull(),
    priority: text('priority').$type<TicketPriority>().notNull().default('normal'),
    typeId: typeId('ttyp', 'type_id').references(() => ticketTypes.id, { onDelete: 'set null' }),
    requesterId: typeId('ct', 'requester_id')
      .notNull()
      .references(() => contacts.id),
    organizationId: typeId('org', 'organization_id').references(() => organizations.id, {
      onDelete: 'set null',
    }),
    assigneeId: typeId('mbr', 'assignee_id').references(() => members.id, { onDelete: 'set null' }),
    teamId: typeId('team', 'team_id').references(() => teams.id, { onDelete: 'set null' }),
    /** The inbox it arrived in (`/v1/inboxes`); an inbox with tickets cannot be deleted. */
    inboxId: typeId('ibx', 'inbox_id').references(() => inboxes.id),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    externalId: text('external_id'),
    source: text('source').$type<TicketSource>().notNull().default('api'),
    /** Set when merged into another ticket: the source is closed and points at its target. */
    mergedIntoId: typeId('tkt', 'merged_into_id'),
    snoozedUntil: timestamptz('snoozed_until'),
    firstResponseAt: timestamptz('first_response_at'),
    solvedAt: timestamptz('solved_at'),
    closedAt: timestamptz('closed_at'),
    lastCustomerMessageAt: timestamptz('last_customer_message_at'),
    lastAgentMessageAt: timestamptz('last_agent_message_at'),
    messageCount: integer('message_count').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    /** `GET /v1/search?types=tickets`: the subject, weighted like a post's title (`A`). */
    search: tsvector('search').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('english', coalesce("subject", '')), 'A')`,
    ),
  },
  (t) => [
    index('tickets_search_idx').using('gin', t.search),
    uniqueIndex('tickets_workspace_number_key').on(t.workspaceId, t.number),
    uniqueIndex('tickets_workspace_external_id_key').on(t.workspaceId, t.externalId),
    index('tickets_workspace_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('tickets_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('tickets_workspace_category_updated_idx').on(t.workspaceId, t.statusCategory, t.updatedAt, t.id),
    index('tickets_workspace_team_updated_idx').on(t.workspaceId, t.teamId, t.updatedAt, t.id),
    index('tickets_workspace_assignee_updated_idx').on(t.workspaceId, t.assigneeId, t.updatedAt, t.id),
    index('tickets_requester_idx').on(t.requesterId, t.createdAt),
    index('tickets_organization_idx').on(t.organizationId, t.createdAt),
    index('tickets_workspace_snoozed_idx')
      .on(t.workspaceId, t.snoozedUntil)
      .where(sql`${t.snoozedUntil} is not null`),
    index('tickets_tags_idx').using('gin', t.tags),
    index('tickets_inbox_idx').on(t.inboxId),
  ],
)

/** A ticket's conversation: public replies and internal notes. */
export const ticketMessages = pgTable(
  'ticket_messages',
  {
    id: typeId('msg', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: typeId('tkt', 'ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<TicketMessageKind>().notNull(),
    /** Markdown. */
    body: text('body').notNull(),
    authorType: text('author_type').$type<TicketAuthorType>().notNull(),
    /** The member or contact id (a TypeID string); null for the system; the integration's id for one. */
    authorId: text('author_id'),
    /** Where it came from (`api`, `email`, …) and, for email, its Message-ID for threading. */
    source: text('source').$type<TicketSource>().notNull().default('api'),
    externalId: text('external_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    /** `GET /v1/search?types=messages`: the body, weighted like a post's body (`B`). */
    search: tsvector('search').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('english', coalesce("body", '')), 'B')`,
    ),
  },
  (t) => [
    index('ticket_messages_search_idx').using('gin', t.search),
    index('ticket_messages_ticket_created_idx').on(t.ticketId, t.createdAt, t.id),
    index('ticket_messages_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
)

/** Attachment metadata; the bytes live in the attachment store (local disk by default) under `storageKey`. */
export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: typeId('att', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: typeId('tkt', 'ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** Null until a message claims an uploaded attachment. */
    messageId: typeId('msg', 'message_id').references(() => ticketMessages.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    /**
     * Who uploaded it: a member (API keys upload as their member) or a contact. Until a message claims it, an
     * upload is seen by staff and by the contact that uploaded it, never by another contact.
     */
    uploaderType: text('uploader_type').$type<'member' | 'contact'>().notNull().default('member'),
    uploaderId: text('uploader_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ticket_attachments_message_idx').on(t.messageId),
    index('ticket_attachments_ticket_idx').on(t.ticketId),
    // The cleanup tick: unclaimed uploads, oldest first.
    index('ticket_attachments_unclaimed_idx').on(t.createdAt).where(sql`${t.messageId} is null`),
  ],
)

/** CC contacts and follower members of a ticket. */
export const ticketParticipants = pgTable(
  'ticket_participants',
  {
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: typeId('tkt', 'ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    contactId: typeId('ct', 'contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id').references(() => members.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ticket_participants_contact_key')
      .on(t.ticketId, t.contactId)
      .where(sql`${t.contactId} is not null`),
    uniqueIndex('ticket_participants_member_key')
      .on(t.ticketId, t.memberId)
      .where(sql`${t.memberId} is not null`),
    index('ticket_participants_contact_idx').on(t.contactId),
    index('ticket_participants_member_idx').on(t.memberId),
  ],
)

/** The activity timeline: every field change of a ticket, with who made it and the before/after values. */
export const ticketActivity = pgTable(
  'ticket_activity',
  {
    id: typeId('tact', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: typeId('tkt', 'ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    /** The changed field (`statusId`, `assigneeId`, `tags`, …) or an action (`merged`, `snoozed`, …). */
    field: text('field').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('ticket_activity_ticket_created_idx').on(t.ticketId, t.createdAt, t.id)],
)

/** Links from a ticket to a post, to another ticket, or to an external issue. */
export const ticketLinks = pgTable(
  'ticket_links',
  {
    id: typeId('tlnk', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: typeId('tkt', 'ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<TicketLinkKind>().notNull(),
    postId: typeId('post', 'post_id').references(() => posts.id, { onDelete: 'cascade' }),
    otherTicketId: typeId('tkt', 'other_ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    url: text('url'),
    title: text('title'),
    createdByType: text('created_by_type').notNull(),
    createdById: text('created_by_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ticket_links_ticket_idx').on(t.ticketId, t.createdAt, t.id),
    index('ticket_links_post_idx').on(t.postId),
    index('ticket_links_other_ticket_idx').on(t.otherTicketId),
  ],
)

/** When a member last read a ticket (mark read; unread = a message newer than this). */
export const ticketReads = pgTable(
  'ticket_reads',
  {
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ticketId: typeId('tkt', 'ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    readAt: timestamptz('read_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.memberId] }), index('ticket_reads_member_idx').on(t.memberId)],
)
