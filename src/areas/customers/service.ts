import { and, getTableColumns, ilike, isNull, or, type SQL, sql } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import type { CompiledFilter } from '../../authz/filter'
import { filterFor, listFilter } from '../../authz/guard'
import type { ServiceContext } from '../../context/service'
import { contacts, organizations } from '../../db/schema'
import { comments, posts, votes } from '../../db/schema/feedback'
import { tickets } from '../../db/schema/tickets'
import { validationFailed } from '../../http/errors'
import { containsPattern, paginate } from '../../http/pagination'
import { idToUuid } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { type ContactRow, toContact } from '../contacts/service'

/** The categories a ticket still needs work in: a customer with one "has open tickets". */
const openCategories = sql.raw(`('new', 'open', 'pending', 'on_hold')`)

/** A contact row with its organisation and activity counts, all read by the list's one statement. */
export type CustomerRow = ContactRow & {
  organizationName: string | null
  /** Null when the caller may read no ticket at all (so too the other ticket figures). */
  openTickets: number | null
  totalTickets: number | null
  lastTicketAt: Date | null
  /** Null when the caller may read no post at all (so too the other feedback figures). */
  postCount: number | null
  voteCount: number | null
  commentCount: number | null
}

/** A customer as clients see it. */
export const toCustomer = (row: CustomerRow) => ({
  contact: toContact(row),
  organization:
    row.organizationId && row.organizationName !== null
      ? { id: row.organizationId, name: row.organizationName }
      : null,
  tickets:
    row.openTickets === null || row.totalTickets === null
      ? null
      : {
          open: row.openTickets,
          total: row.totalTickets,
          lastTicketAt: row.lastTicketAt?.toISOString() ?? null,
        },
  feedback:
    row.postCount === null
      ? null
      : { posts: row.postCount, votes: row.voteCount ?? 0, comments: row.commentCount ?? 0 },
})

/** Contacts never seen sort as seen at the epoch, nameless ones as an empty name: keyset needs a value. */
const sortLastSeen = sql`coalesce(${contacts.lastSeenAt}, 'epoch'::timestamptz)` as unknown as PgColumn
const sortName = sql`coalesce(${contacts.name}, '')` as unknown as PgColumn
const sortFields: SortFieldsOf<typeof operations.listCustomers, CustomerRow> = {
  lastSeenAt: { column: sortLastSeen, kind: 'timestamp', value: (c) => c.lastSeenAt ?? new Date(0) },
  name: { column: sortName, kind: 'text', value: (c) => c.name ?? '' },
  createdAt: { column: contacts.createdAt, kind: 'timestamp', value: (c) => c.createdAt },
}

export interface ListCustomersQuery {
  limit: number
  cursor?: string
  sort: string
  q?: string
  organizationId?: string
  hasOpenTickets?: 'true' | 'false'
  attribute?: string | string[]
}

/** `key:value` filters, split at the first colon (keys have none; values may). */
function parseAttributeFilters(raw: string | string[] | undefined): Array<{ key: string; value: string }> {
  if (raw === undefined) return []
  const items = Array.isArray(raw) ? raw : [raw]
  return items.map((item, i) => {
    const colon = item.indexOf(':')
    if (colon < 1) {
      throw validationFailed([
        { path: `query.attribute.${i}`, code: 'invalid_string', message: 'must be key:value' },
      ])
    }
    return { key: item.slice(0, colon), value: item.slice(colon + 1) }
  })
}

/**
 * `select count(*) <from> <where>` of the rows the caller may read (`read`, that type's compiled predicate, ANDed
 * in); null when it may read none of them, so that "none you may see" never reads as "none".
 */
const countReadable = (read: CompiledFilter, where: SQL, from: SQL) =>
  read.none
    ? sql<number | null>`null::int`
    : sql<
        number | null
      >`(select count(*) ${from} ${where}${read.all ? sql`` : sql` and ${read.where}`})`.mapWith(Number)

/**
 * The contacts the caller may read, each with its organisation and its ticket and feedback counts: one
 * statement per page, the counts as correlated subqueries over the page's rows (each served by an index on
 * the contact's column), never a query per row.
 */
export async function listCustomers(ctx: ServiceContext, query: ListCustomersQuery, secret: string) {
  const authz = await listFilter(ctx, 'Contact')
  // Every figure counts only what the caller may read: a team-limited agent, a contact or a key without the
  // tickets or feedback scope never learns of tickets or posts it could not open.
  const [readTickets, readPosts, readVotes, readComments] = await Promise.all([
    filterFor(ctx, 'read', 'Ticket'),
    filterFor(ctx, 'read', 'Post'),
    filterFor(ctx, 'read', 'Vote'),
    filterFor(ctx, 'read', 'Comment'),
  ])
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  if (query.q !== undefined) {
    params.q = containsPattern(query.q)
    filters.push(
      or(ilike(contacts.name, sql.placeholder('q')), ilike(contacts.email, sql.placeholder('q'))) as SQL,
    )
  }
  if (query.organizationId !== undefined) {
    params.organizationId = idToUuid(query.organizationId)
    filters.push(sql`${contacts.organizationId} = ${sql.placeholder('organizationId')}::uuid`)
  }
  const ticketWhere = sql`where ${tickets.workspaceId} = ${contacts.workspaceId}
    and ${tickets.requesterId} = ${contacts.id}`
  const readableTickets = sql`from ${tickets} ${ticketWhere}${readTickets.all ? sql`` : sql` and ${readTickets.where}`}`
  const hasOpen = readTickets.none
    ? sql`false`
    : sql`exists (select 1 ${readableTickets} and ${tickets.statusCategory} in ${openCategories})`
  // Filtering by tickets the caller may not read would answer from them: refused, as listing them is.
  if (query.hasOpenTickets !== undefined && readTickets.none) {
    throw forbidden(await ctx.principal(), 'Ticket', 'read')
  }
  if (query.hasOpenTickets === 'true') filters.push(hasOpen)
  if (query.hasOpenTickets === 'false') filters.push(sql`not ${hasOpen}`)
  const attributeFilters = parseAttributeFilters(query.attribute)
  attributeFilters.forEach(({ key, value }, i) => {
    params[`attrKey${i}`] = key
    params[`attrValue${i}`] = value
    const k = sql.placeholder(`attrKey${i}`)
    const v = sql.placeholder(`attrValue${i}`)
    // Scalars compare by their text; an array matches when one of its items does.
    filters.push(sql`(${contacts.attributes} ->> ${k}::text = ${v}::text or exists (
      select 1 from jsonb_array_elements_text(case when jsonb_typeof(${contacts.attributes} -> ${k}::text) = 'array'
        then ${contacts.attributes} -> ${k}::text else '[]'::jsonb end) as item(value)
      where item.value = ${v}::text))`)
  })
  const variant = [...Object.keys(params), query.hasOpenTickets ?? ''].join(',')
  // The posts a figure may count: live, and readable by the caller (its read predicate, when it has one).
  const postsOf = sql`where ${posts.deletedAt} is null${readPosts.all || readPosts.none ? sql`` : sql` and ${readPosts.where}`}`
  return paginate<CustomerRow>({
    db: ctx.db,
    name: 'list_customers',
    variant,
    secret,
    sort: query.sort,
    fields: sortFields,
    idColumn: contacts.id,
    limit: query.limit,
    cursor: query.cursor,
    params,
    authz,
    keys: [readTickets.where, readPosts.where, readVotes.where, readComments.where],
    build: ({ db, where, orderBy }) =>
      db
        .select({
          ...getTableColumns(contacts),
          organizationName: organizations.name,
          openTickets: countReadable(
            readTickets,
            sql`${ticketWhere} and ${tickets.statusCategory} in ${openCategories}`,
            sql`from ${tickets}`,
          ),
          totalTickets: countReadable(readTickets, ticketWhere, sql`from ${tickets}`),
          lastTicketAt: sql<Date | null>`(select max(${tickets.createdAt}) ${readableTickets})`.mapWith(
            tickets.createdAt,
          ),
          postCount: countReadable(
            readPosts,
            sql`${postsOf} and ${posts.authorContactId} = ${contacts.id}`,
            sql`from ${posts}`,
          ),
          // Votes and comments count on posts the caller may read, whatever their own rules admit (a contact
          // reads its own votes everywhere, but not a post its audience no longer admits).
          voteCount: countReadable(
            readVotes,
            sql`${postsOf} and ${votes.contactId} = ${contacts.id}`,
            sql`from ${votes} join ${posts} on ${posts.id} = ${votes.postId}`,
          ),
          commentCount: countReadable(
            readComments,
            sql`${postsOf} and ${comments.authorContactId} = ${contacts.id} and ${comments.deletedAt} is null`,
            sql`from ${comments} join ${posts} on ${posts.id} = ${comments.postId}`,
          ),
        })
        .from(contacts)
        .leftJoin(
          organizations,
          sql`${organizations.id} = ${contacts.organizationId} and ${organizations.workspaceId} = ${contacts.workspaceId}`,
        )
        .where(
          and(
            sql`${contacts.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
            isNull(contacts.mergedIntoId),
            ...filters,
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}
