import { and, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { filterFor, listFilter } from '../authz/guard'
import type { ResourceType } from '../authz/resources'
import type { ServiceContext } from '../context/service'
import type { Db } from '../db/database'
import { ApiError, notFound } from '../http/errors'
import { paginate, preparedWithAuthz, type SortField } from '../http/pagination'
import { idToUuid } from '../ids'

/** A table of a workspace's resources: each row has its prefixed `id` and its `workspace_id`. */
export type WorkspaceTable = PgTable & { id: PgColumn; workspaceId: PgColumn }
/** A row as reads answer it: every column but a full-text `search` document, which no answer shows. */
export type RowOf<T extends WorkspaceTable> = Omit<T['$inferSelect'], 'search'> & { id: string }

const readColumnsOf = new WeakMap<PgTable, Record<string, unknown>>()

/**
 * The columns a read selects from `table`: all but its generated `search` document (a tsvector, which would
 * cross the wire and be parsed on every read for nothing).
 */
export function readColumns(table: PgTable): Record<string, unknown> {
  let columns = readColumnsOf.get(table)
  if (!columns) {
    const { search: _search, ...rest } = getTableColumns(table) as Record<string, unknown>
    columns = rest
    readColumnsOf.set(table, columns)
  }
  return columns
}

/** 404 for an id the caller named, naming the field when it came from a body or query (`body.boardId`). */
export function notFoundAt(what: string, id: string, path?: string): ApiError {
  if (!path) return notFound(what)
  const message = `${what.toLowerCase()} ${id} not found`
  return new ApiError('not_found', `${path}: ${message}`, { errors: [{ path, code: 'not_found', message }] })
}

/**
 * The row `id` names in the caller's workspace, read through the caller's compiled `read` predicate (or
 * `action`'s): one statement, and 404 for a row the caller may not see, exactly as for a missing one, so a
 * caller learns nothing of rows outside its reach.
 *
 * @example const board = await getVisibleOrThrow(ctx, 'Board', boards, id, 'Board', { path: 'query.boardId' })
 */
export async function getVisibleOrThrow<T extends WorkspaceTable>(
  ctx: ServiceContext,
  type: ResourceType,
  table: T,
  id: string,
  what: string,
  options: { db?: Db; path?: string; action?: string } = {},
): Promise<RowOf<T>> {
  const visible = await filterFor(ctx, options.action ?? 'read', type)
  // Prepared once per (database handle, compiled predicate): the predicate is the actor's cached filter object.
  const name = `get_${getTableName(table)}`
  const statement = preparedWithAuthz(options.db ?? ctx.db, visible.where, name, (db) =>
    db
      .select(readColumns(table) as never)
      .from(table as PgTable)
      .where(
        and(
          sql`${table.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
          sql`${table.id} = ${sql.placeholder('id')}::uuid`,
          visible.where,
        ),
      )
      .prepare(name),
  )
  const [row] = await statement.execute({ workspaceId: idToUuid(ctx.workspaceId), id: idToUuid(id) })
  if (!row) throw notFoundAt(what, id, options.path)
  return row as RowOf<T>
}

/**
 * One page of a workspace's rows the caller may read, in a whitelisted sort: the caller's compiled `read`
 * predicate is ANDed into one prepared keyset statement (403 when the caller may read none of `type`).
 * `filters` carry their values as placeholders named in `params`, and `variant` names their shape.
 *
 * @example const page = await listVisible(ctx, 'Tag', tags, { name: 'list_tags', fields, query, secret })
 */
export async function listVisible<T extends WorkspaceTable, Row extends { id: string } = RowOf<T>>(
  ctx: ServiceContext,
  type: ResourceType,
  table: T,
  options: {
    name: string
    variant?: string
    /** The columns to answer (drizzle's select shape); the row's {@link readColumns} when absent. */
    columns?: Record<string, unknown>
    fields: Record<string, SortField<Row>>
    query: { limit: number; cursor?: string; sort: string }
    secret: string
    /** Or a function that builds them: called only when the statement is prepared, not on every request. */
    filters?: (SQL | undefined)[] | (() => (SQL | undefined)[])
    params?: Record<string, unknown>
    /** The caller's `listFilter(ctx, type)`, when it was taken first so that 403 answers before any lookup. */
    authz?: SQL
  },
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const authz = options.authz ?? (await listFilter(ctx, type))
  return paginate<Row>({
    db: ctx.db,
    name: options.name,
    variant: options.variant ?? '',
    secret: options.secret,
    sort: options.query.sort,
    fields: options.fields,
    idColumn: table.id,
    limit: options.query.limit,
    cursor: options.query.cursor,
    params: { ...options.params, workspaceId: idToUuid(ctx.workspaceId) },
    authz,
    build: ({ db, where, orderBy }) =>
      db
        .select((options.columns ?? readColumns(table)) as never)
        .from(table as PgTable)
        .where(
          and(
            sql`${table.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
            ...((typeof options.filters === 'function' ? options.filters() : options.filters) ?? []),
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')) as never,
  })
}
