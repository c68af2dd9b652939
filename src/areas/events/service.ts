import { createHash } from 'node:crypto'
import { and, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { unrestricted } from '../../authz/filter'
import { filterFor } from '../../authz/guard'
import { ApiKeyActor } from '../../authz/principal'
import type { ServiceContext } from '../../context/service'
import { type Db, prepared } from '../../db/database'
import { events, workspaces } from '../../db/schema'
import { allEventTypes, eventDefinition, isEventType } from '../../events/catalogue'
import { ApiError, notFound } from '../../http/errors'
import { decodeCursor, encodeCursor, paginate } from '../../http/pagination'
import { type EventId, idToUuid, uuidToId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'

/** What the API answers of an outbox row: never `txId`, an implementation detail of the change feed. */
const eventColumns = {
  id: events.id,
  workspaceId: events.workspaceId,
  type: events.type,
  actorType: events.actorType,
  actorId: events.actorId,
  resourceType: events.resourceType,
  resourceId: events.resourceId,
  data: events.data,
  requestId: events.requestId,
  occurredAt: events.occurredAt,
}

export type EventRow = { [K in keyof typeof eventColumns]: (typeof events.$inferSelect)[K] }

export const toEvent = (e: EventRow) => ({
  id: e.id,
  type: e.type,
  workspaceId: e.workspaceId,
  occurredAt: e.occurredAt.toISOString(),
  actor: { type: e.actorType as 'member' | 'api_key' | 'contact' | 'system', id: e.actorId },
  resource: { type: e.resourceType, id: e.resourceId },
  data: e.data as Record<string, unknown>,
  requestId: e.requestId,
})

/**
 * The read predicate for events; 403 when the caller may read none. A key limited to teams is refused by the
 * policy even when its scope and member allow: say that rather than name a permission the member holds.
 */
async function readableEvents(ctx: ServiceContext): Promise<SQL> {
  const filter = await filterFor(ctx, 'read', 'Event')
  if (!filter.none) return filter.where
  const principal = await ctx.principal()
  const error = forbidden(principal, 'Event', 'read')
  if (
    principal instanceof ApiKeyActor &&
    !principal.allTeams() &&
    !error.extra.missing?.scope &&
    principal.member.can('events.read')
  ) {
    throw new ApiError(
      'forbidden',
      'An API key limited to teams may not read the workspace-wide event stream',
    )
  }
  throw error
}

// ------------------------------------------------------------------------------------------- filters

const catalogueResourceTypes = () =>
  new Set(allEventTypes().map((type) => eventDefinition(type).resourceType))

/** A parsed `type`/`types` filter: exact types, and LIKE patterns for the `prefix.*` wildcards. */
interface TypeFilter {
  exact: string[]
  patterns: string[]
  /** The normalised filter, to bind change-feed cursors to it. */
  key: string
}

const invalidQuery = (path: string, code: string, message: string) =>
  new ApiError('validation_failed', `${path}: ${message}`, { errors: [{ path, code, message }] })

/**
 * `type=a,b.*&type=c` as one filter. Each item must name or match a catalogue type, so a typo is a 400
 * rather than a silently empty list.
 */
function parseTypeFilter(raw: string | string[] | undefined, path: string): TypeFilter | undefined {
  if (raw === undefined) return undefined
  const items = [...new Set((Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')))].sort()
  const exact: string[] = []
  const patterns: string[] = []
  for (const item of items) {
    if (item.endsWith('.*')) {
      const prefix = item.slice(0, -1)
      if (!allEventTypes().some((t) => t.startsWith(prefix))) {
        throw invalidQuery(path, 'unknown_event_type', `no event type matches ${item}`)
      }
      // Event types hold only [a-z_.]: `_` is the one LIKE wildcard to escape.
      patterns.push(`${prefix.replace(/_/g, '\\_')}%`)
    } else {
      if (!isEventType(item)) {
        throw invalidQuery(path, 'unknown_event_type', `${item} is not an event type`)
      }
      exact.push(item)
    }
  }
  return { exact, patterns, key: items.join(',') }
}

/** The SQL of a type filter, its values as placeholders (comma lists: types never hold a comma). */
const typeFilterSql = sql`(${events.type} = any(string_to_array(${sql.placeholder('types')}::text, ',')) or ${events.type} like any(string_to_array(${sql.placeholder('typePatterns')}::text, ',')))`

const typeFilterParams = (filter: TypeFilter) => ({
  types: filter.exact.join(','),
  typePatterns: filter.patterns.join(','),
})

// ------------------------------------------------------------------------------------------------ list

const sortFields: SortFieldsOf<typeof operations.listEvents, EventRow> = {
  occurredAt: { column: events.occurredAt, kind: 'timestamp', value: (e) => e.occurredAt },
}

export interface ListEventsQuery {
  limit: number
  cursor?: string
  sort: string
  type?: string | string[]
  resourceType?: string
  resourceId?: string
  occurredAfter?: string
  occurredBefore?: string
}

export async function listEvents(ctx: ServiceContext, query: ListEventsQuery, secret: string) {
  const authz = await readableEvents(ctx)
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  const types = parseTypeFilter(query.type, 'query.type')
  if (types) {
    Object.assign(params, typeFilterParams(types))
    filters.push(typeFilterSql)
  }
  if (query.resourceType !== undefined) {
    if (!catalogueResourceTypes().has(query.resourceType)) {
      throw invalidQuery(
        'query.resourceType',
        'unknown_resource_type',
        `no event is about a ${query.resourceType}`,
      )
    }
    params.resourceType = query.resourceType
    filters.push(sql`${events.resourceType} = ${sql.placeholder('resourceType')}`)
  }
  if (query.resourceId !== undefined) {
    params.resourceId = query.resourceId
    filters.push(sql`${events.resourceId} = ${sql.placeholder('resourceId')}`)
  }
  if (
    query.occurredAfter !== undefined &&
    query.occurredBefore !== undefined &&
    new Date(query.occurredAfter) >= new Date(query.occurredBefore)
  ) {
    throw invalidQuery('query.occurredBefore', 'empty_range', 'must be later than occurredAfter')
  }
  if (query.occurredAfter !== undefined) {
    params.occurredAfter = new Date(query.occurredAfter).toISOString()
    filters.push(sql`${events.occurredAt} > ${sql.placeholder('occurredAfter')}::timestamptz`)
  }
  if (query.occurredBefore !== undefined) {
    params.occurredBefore = new Date(query.occurredBefore).toISOString()
    filters.push(sql`${events.occurredAt} < ${sql.placeholder('occurredBefore')}::timestamptz`)
  }
  return paginate<EventRow>({
    db: ctx.db,
    name: 'list_events',
    variant: Object.keys(params).join(','),
    secret,
    sort: query.sort,
    fields: sortFields,
    idColumn: events.id,
    limit: query.limit,
    cursor: query.cursor,
    params,
    authz,
    build: ({ db, where, orderBy }) =>
      db
        .select(eventColumns)
        .from(events)
        .where(and(sql`${events.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`, ...filters, where))
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}

export async function getEventOrThrow(ctx: ServiceContext, id: EventId): Promise<EventRow> {
  const read = await readableEvents(ctx)
  const [row] = await ctx.db
    .select(eventColumns)
    .from(events)
    .where(
      and(
        sql`${events.workspaceId} = ${idToUuid(ctx.workspaceId)}::uuid`,
        sql`${events.id} = ${idToUuid(id)}::uuid`,
        read,
      ),
    )
  if (!row) throw notFound('Event')
  return row
}

// -------------------------------------------------------------------------------------------- changes

/**
 * The change feed reads in (transaction id, event id) order, and only below the horizon: the oldest
 * transaction still running (`pg_snapshot_xmin`). Every transaction with a smaller id has ended, so no row can
 * still appear behind a cursor; a slow transaction holds the feed back instead of being overtaken.
 */
const horizon = sql`pg_snapshot_xmin(pg_current_snapshot())`

/** The position before any event of a transaction: `(txId, nil uuid)` sorts before all its rows. */
const nilEventId = uuidToId('evt', '00000000-0000-0000-0000-000000000000')

const changesSort = (types: TypeFilter | undefined) =>
  `changes:${types ? createHash('sha256').update(types.key).digest('base64url').slice(0, 16) : '*'}`

export interface ListChangesQuery {
  after?: string
  types?: string | string[]
  limit: number
}

/**
 * One page of the change feed and the position to resume from. `nextCursor` is never null: after a full
 * page it is the last event served; after a short one, the horizon itself (everything below it that matches
 * was served), so the next read starts there instead of rescanning what the filter skipped.
 */
export async function listChanges(ctx: ServiceContext, query: ListChangesQuery, secret: string) {
  const authz = await readableEvents(ctx)
  const types = parseTypeFilter(query.types, 'query.types')
  const sort = changesSort(types)
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId), limit: query.limit + 1 }
  let after: { txId: bigint; id: string } | undefined
  if (query.after !== undefined) {
    const cursor = decodeCursor(secret, query.after, sort)
    if (!/^\d{1,20}$/.test(cursor.v)) throw new ApiError('invalid_cursor', 'The cursor is not valid')
    try {
      params.afterId = idToUuid(cursor.id)
    } catch {
      throw new ApiError('invalid_cursor', 'The cursor is not valid')
    }
    params.afterTx = cursor.v
    after = { txId: BigInt(cursor.v), id: cursor.id }
  }
  if (types) Object.assign(params, typeFilterParams(types))

  const shape = `list_changes:${after ? 'after' : 'first'}:${types ? 'types' : ''}`
  const restricted = authz === unrestricted ? undefined : authz
  const make = (db: Db) => {
    const page = db
      .select({ ...eventColumns, txId: events.txId })
      .from(events)
      .where(
        and(
          sql`${events.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
          sql`${events.txId} < ${horizon}`,
          after
            ? sql`(${events.txId}, ${events.id}) > (${sql.placeholder('afterTx')}::xid8, ${sql.placeholder('afterId')}::uuid)`
            : undefined,
          types ? typeFilterSql : undefined,
          restricted,
        ),
      )
      .orderBy(events.txId, events.id)
      .limit(sql.placeholder('limit'))
      .as('page')
    // The workspace row anchors the horizon: the answer has it even when no event qualifies, read in the
    // same statement (so the same snapshot) as the events themselves.
    return db
      .select({
        horizon: sql<string>`${horizon}::text`,
        event: {
          id: page.id,
          workspaceId: page.workspaceId,
          type: page.type,
          actorType: page.actorType,
          actorId: page.actorId,
          resourceType: page.resourceType,
          resourceId: page.resourceId,
          data: page.data,
          requestId: page.requestId,
          occurredAt: page.occurredAt,
          txId: page.txId,
        },
      })
      .from(workspaces)
      .leftJoinLateral(page, sql`true`)
      .where(sql`${workspaces.id} = ${sql.placeholder('workspaceId')}::uuid`)
      .orderBy(page.txId, page.id)
      .prepare(shape)
  }
  const statement = restricted ? make(ctx.db) : prepared(ctx.db, shape, make)
  const result = await statement.execute(params)
  const first = result[0]
  if (!first) throw notFound('Workspace')
  const rows = result.flatMap((r) => (r.event ? [r.event] : []))
  const hasMore = rows.length > query.limit
  const served = hasMore ? rows.slice(0, query.limit) : rows
  const last = served.at(-1)
  let next: { txId: string; id: string }
  if (hasMore && last) {
    next = { txId: last.txId, id: last.id }
  } else if (after && BigInt(first.horizon) <= after.txId) {
    // Nothing new (the horizon is where the cursor already is), or a lagging replica's horizon trails the
    // cursor: never step back.
    next = { txId: after.txId.toString(), id: after.id }
  } else {
    next = { txId: first.horizon, id: nilEventId }
  }
  return {
    rows: served as EventRow[],
    nextCursor: encodeCursor(secret, { s: sort, v: next.txId, id: next.id }),
  }
}
