import { createHmac, timingSafeEqual } from 'node:crypto'
import { and, type SQL, sql } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import { unrestricted } from '../authz/filter'
import { type Db, prepared } from '../db/database'
import { withFlatRows } from '../db/row-mapper'
import { idToUuid } from '../ids'
import { ApiError } from './errors'

/** One page: `{ data, nextCursor }` everywhere. */
export interface Page<T> {
  data: T[]
  nextCursor: string | null
}

/** A list's `q` as an ILIKE pattern that matches it literally anywhere (`%`, `_` and `\` escaped). */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** A whitelisted sort: the column and how to read its value from a row. Ties break on the id. */
export interface SortField<Row> {
  column: PgColumn
  /** How the cursor's value is cast back: `number` is `float8`, exact for integers and JavaScript numbers. */
  kind: 'timestamp' | 'text' | 'number'
  value: (row: Row) => Date | string | number
  /**
   * The field's unprefixed sort runs descending (`top`: most votes first) and `-field` ascending; most
   * fields read naturally ascending (`name`, `createdAt`).
   */
  descending?: boolean
}

interface CursorPayload {
  /** The sort the cursor belongs to: a cursor from another sort is refused. */
  s: string
  v: string
  id: string
}

const sign = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest().subarray(0, 16).toString('base64url')

export function encodeCursor(secret: string, payload: CursorPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${sign(secret, body)}`
}

export function decodeCursor(secret: string, cursor: string, sort: string): CursorPayload {
  const [body, mac, ...rest] = cursor.split('.')
  const invalid = new ApiError(
    'invalid_cursor',
    'The cursor was not issued by this server for this list and sort',
  )
  if (!body || !mac || rest.length > 0) throw invalid
  const expected = Buffer.from(sign(secret, body))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid
  let payload: CursorPayload
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    throw invalid
  }
  if (payload.s !== sort || typeof payload.v !== 'string' || typeof payload.id !== 'string') throw invalid
  return payload
}

/** A drizzle select that can be prepared (every `.select()…` builder can). */
interface Preparable<Row> {
  prepare(name: string): { execute(params?: Record<string, unknown>): Promise<Row[]> }
}

/**
 * Statements prepared with an actor's authorization predicates: per database handle, then per key object in
 * order (nested WeakMaps), then per shape: the last level keeps the shapes' map under `shapesKey`.
 */
const authzPrepared = new WeakMap<object, unknown>()
type Level = WeakMap<object, unknown>
const shapesKey = {}

/**
 * A statement that ANDs in an actor's authorization predicate, prepared once per (database handle, predicate,
 * shape). The predicate is the Authorizer's cached compiled filter, the same object for every request of an
 * actor (and authz version), and carries its own bound values: keyed by that object, its statement is built
 * once, not on every request (building the SQL was most of a visitor's or contact's list request in Node). A
 * predicate made per request (ANDed with something else) simply misses, and its entry goes with it.
 *
 * A statement built from several such objects (two predicates of the caller, or a cached plan and the caller's
 * predicates) gives them all, in a fixed order: it is kept per each of them, never shared with a caller whose
 * objects differ in any one (callers who may read every row share the `unrestricted` predicate object).
 */
export function preparedWithAuthz<T>(
  db: Db,
  authz: SQL | readonly object[],
  shape: string,
  build: (db: Db) => T,
): T {
  const keys: readonly object[] = Array.isArray(authz) ? authz : [authz]
  let level = authzPrepared as Level
  for (const key of [db, ...keys]) {
    let next = level.get(key) as Level | undefined
    if (!next) {
      next = new WeakMap()
      level.set(key, next)
    }
    level = next
  }
  let byShape = level.get(shapesKey) as Map<string, unknown> | undefined
  if (!byShape) {
    byShape = new Map()
    level.set(shapesKey, byShape)
  }
  let query = byShape.get(shape) as T | undefined
  if (query === undefined) {
    query = withFlatRows(build(db))
    byShape.set(shape, query)
  }
  return query
}

/**
 * Keyset pagination over (sort column, id): stable under concurrent inserts, never OFFSET.
 *
 * `sort` is a whitelisted key like `-createdAt`. `build` makes the caller's tenant-scoped query from the
 * keyset `where` and `orderBy` this function supplies; it must take its own values as placeholders
 * (`sql.placeholder('name')`, ids as uuids, given in `params`) and its limit as `sql.placeholder('limit')`.
 * Each shape (list, variant, sort, first page or not) is prepared once per database handle, so a list
 * request costs PostgreSQL no parse or plan and Node no SQL building. `limit + 1` rows are fetched: the
 * extra one tells whether a next page exists.
 */
export async function paginate<Row extends { id: string }>(options: {
  db: Db
  /** The list's name; with `variant`, names its prepared statements. */
  name: string
  /** Whatever else changes the SQL's shape (a status filter…). */
  variant?: string
  secret: string
  sort: string
  fields: Record<string, SortField<Row>>
  idColumn: PgColumn
  limit: number
  cursor?: string
  params: Record<string, unknown>
  /**
   * The actor's authorization predicate (`listFilter(ctx, 'Contact')`), ANDed into `where`. It carries its
   * own bound values: the statement is prepared once per predicate object (the Authorizer's cached filter).
   */
  authz?: SQL
  /**
   * Every other object `build` embeds that differs between callers (another type's read predicate in a
   * subquery): the statement is kept per each of them too, never served to a caller whose objects differ.
   */
  keys?: readonly object[]
  build: (page: { db: Db; where: SQL | undefined; orderBy: SQL[] }) => Preparable<Row>
}): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const prefixed = options.sort.startsWith('-')
  const field = options.fields[prefixed ? options.sort.slice(1) : options.sort]
  if (!field) throw new ApiError('validation_failed', `Unknown sort ${options.sort}`)
  const descending = prefixed !== (field.descending ?? false)
  const { column, kind } = field
  const id = options.idColumn

  const params: Record<string, unknown> = { ...options.params, limit: options.limit + 1 }
  if (options.cursor) {
    const after = decodeCursor(options.secret, options.cursor, options.sort)
    try {
      params.afterId = idToUuid(after.id)
    } catch {
      throw new ApiError('invalid_cursor', 'The cursor is not valid')
    }
    params.afterValue = after.v
  }
  const shape = `${options.name}:${options.variant ?? ''}:${options.sort}:${options.cursor ? 'after' : 'first'}`
  // A filter that allows the whole workspace adds nothing to the (workspace-scoped) query: keep it prepared.
  const authz = options.authz === unrestricted ? undefined : options.authz
  const make = (db: Db) => {
    const direction = descending ? sql`desc` : sql`asc`
    let where: SQL | undefined
    if (options.cursor) {
      const cast = { timestamp: 'timestamptz', text: 'text', number: 'float8' }[kind]
      const value = sql`${sql.placeholder('afterValue')}::${sql.raw(cast)}`
      const afterId = sql`${sql.placeholder('afterId')}::uuid`
      where = descending
        ? sql`(${column}, ${id}) < (${value}, ${afterId})`
        : sql`(${column}, ${id}) > (${value}, ${afterId})`
    }
    if (authz) where = and(where, authz)
    return options
      .build({ db, where, orderBy: [sql`${column} ${direction}`, sql`${id} ${direction}`] })
      .prepare(shape)
  }
  const keys = options.keys ?? []
  const query =
    authz || keys.length > 0
      ? preparedWithAuthz(options.db, [authz ?? unrestricted, ...keys], shape, make)
      : prepared(options.db, shape, make)
  const rows = await query.execute(params)
  const hasMore = rows.length > options.limit
  const pageRows = hasMore ? rows.slice(0, options.limit) : rows
  const last = pageRows.at(-1)
  const nextCursor =
    hasMore && last
      ? encodeCursor(options.secret, {
          s: options.sort,
          v: ((v) => (v instanceof Date ? v.toISOString() : String(v)))(field.value(last)),
          id: last.id,
        })
      : null
  return { rows: pageRows, nextCursor }
}
