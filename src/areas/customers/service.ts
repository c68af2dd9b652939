import { and, getTableColumns, ilike, isNull, or, type SQL, sql } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { operations } from '../../../generated/operations'
import { listFilter } from '../../authz/guard'
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
  openTickets: number
  totalTickets: number
  lastTicketAt: Date | null
  postCount: number
  voteCount: number
  commentCount: number
}

/** A customer as clients see it. */
export const toCustomer = (row: CustomerRow) => ({
  contact: toContact(row),
  organization:
    row.organizationId && row.organizationName !== null
      ? { id: row.organizationId, name: row.organizationName }
      : null,
  tickets: {
    open: row.openTickets,
    total: row.totalTickets,
    lastTicketAt: row.lastTicketAt?.toISOString() ?? null,
  },
  feedback: { posts: row.postCount, votes: row.voteCount, comments: row.commentCount },
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

const count = (query: SQL) => sql<number>`(${query})`.mapWith(Number)

/**
 * The contacts the caller may read, each with its organisation and its ticket and feedback counts: one
 * statement per page, the counts as correlated subqueries over the page's rows (each served by an index on
 * the contact's column), never a query per row.
 */
export async function listCustomers(ctx: ServiceContext, query: ListCustomersQuery, secret: string) {
  const authz = await listFilter(ctx, 'Contact')
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
  const hasOpen = sql`exists (select 1 from ${tickets} where ${tickets.workspaceId} = ${contacts.workspaceId}
    and ${tickets.requesterId} = ${contacts.id} and ${tickets.statusCategory} in ${openCategories})`
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
  const ticketsOf = sql`from ${tickets} where ${tickets.workspaceId} = ${contacts.workspaceId}
    and ${tickets.requesterId} = ${contacts.id}`
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
    build: ({ db, where, orderBy }) =>
      db
        .select({
          ...getTableColumns(contacts),
          organizationName: organizations.name,
          openTickets: count(
            sql`select count(*) ${ticketsOf} and ${tickets.statusCategory} in ${openCategories}`,
          ),
          totalTickets: count(sql`select count(*) ${ticketsOf}`),
          lastTicketAt: sql<Date | null>`(select max(${tickets.createdAt}) ${ticketsOf})`.mapWith(
            tickets.createdAt,
          ),
          postCount: count(
            sql`select count(*) from ${posts} where ${posts.authorContactId} = ${contacts.id}
              and ${posts.deletedAt} is null`,
          ),
          voteCount: count(sql`select count(*) from ${votes} where ${votes.contactId} = ${contacts.id}`),
          commentCount: count(
            sql`select count(*) from ${comments} where ${comments.authorContactId} = ${contacts.id}
              and ${comments.deletedAt} is null`,
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
