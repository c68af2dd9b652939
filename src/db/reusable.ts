import { getTableColumns, getTableName, is, Param, Placeholder, SQL, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Db } from './database'
import { withFlatRows } from './row-mapper'

/**
 * Statements built once per process and run on any handle, transactions included.
 *
 * drizzle builds a statement's SQL text from its query builder on every call: for a write, the insert's every
 * column, `is` checks down each value's prototype chain and the parameters' encoders, about a fifth of the CPU
 * of `POST /v1/tickets` (measured with `--cpu-prof` under the tickets bench). `prepared` (database.ts) keeps a
 * query per database handle, which a transaction is not: each transaction is a new handle. A statement here is
 * built once, with placeholders, by the first handle of its driver that asks, and each call runs it on the
 * caller's own connection (its session's client: the pool, or the transaction's reserved connection).
 * Both drivers' prepared queries reach the database only through that client.
 */

interface Runnable {
  client: unknown
  execute(values?: Record<string, unknown>): Promise<unknown>
}

interface SessionHolder {
  session: { client: unknown }
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } }
}

/**
 * Per driver (its session class: a statement built for one PGlite database serves another, not postgres.js),
 * then per scope: statements whose text holds an object's SQL (an authorization filter) live as long as it.
 */
const byDriver = new WeakMap<object, WeakMap<object, Map<string, Runnable>>>()
const unscoped = {}

/**
 * The statement named `key`, built by `build` the first time, bound to `db`'s connection. `key` must determine
 * the statement's text: put every variant in it. A statement that embeds an SQL object it does not name (a
 * compiled authorization filter) gives that object as `scope`: it is kept per object, and goes with it.
 */
export function reusable<Q>(db: Db, key: string, build: () => Q, scope: object = unscoped): Q {
  const session = (db as unknown as SessionHolder).session
  let scopes = byDriver.get(session.constructor)
  if (!scopes) {
    scopes = new WeakMap()
    byDriver.set(session.constructor, scopes)
  }
  let statements = scopes.get(scope)
  if (!statements) {
    statements = new Map()
    scopes.set(scope, statements)
  }
  let query = statements.get(key) as (Q & Runnable) | undefined
  if (!query) {
    query = withFlatRows(build()) as Q & Runnable
    statements.set(key, query)
  }
  if (query.client === session.client) return query
  // The statement as built, on this handle's connection: everything else (text, parameters, row mapping) is shared.
  return Object.create(query, { client: { value: session.client } }) as Q
}

/** Values a statement can take as parameters: not SQL, which may carry parameters of its own. */
const parameterisable = (value: unknown) =>
  !(
    typeof value === 'object' &&
    value !== null &&
    (is(value, SQL) || is(value, Param) || is(value, Placeholder))
  )

/** Tables whose columns compute a value in JavaScript when left out (`$defaultFn`): never shaped. */
const computesDefaults = new WeakMap<PgTable, boolean>()
function hasJsDefaults(table: PgTable): boolean {
  let answer = computesDefaults.get(table)
  if (answer === undefined) {
    answer = Object.values(getTableColumns(table)).some(
      (c) =>
        (c as { defaultFn?: unknown; onUpdateFn?: unknown }).defaultFn !== undefined ||
        (c as { onUpdateFn?: unknown }).onUpdateFn !== undefined,
    )
    computesDefaults.set(table, answer)
  }
  return answer
}

/**
 * A row's values as the statement's shape and its parameters: each given value a placeholder, nulls written
 * into the text (a null parameter would go through the column's encoder, which drizzle spares nulls), undefined
 * ones left out (the column's default, as drizzle does). Undefined when a value is SQL.
 */
function shapeOf(values: Record<string, unknown>, prefix: string) {
  let key = ''
  const shape: Record<string, unknown> = {}
  const parameters: Record<string, unknown> = {}
  for (const name in values) {
    const value = values[name]
    if (value === undefined) continue
    if (value === null) {
      shape[name] = sql`null`
      key += `${name}=null,`
    } else if (parameterisable(value)) {
      shape[name] = sql.placeholder(`${prefix}${name}`)
      parameters[`${prefix}${name}`] = value
      key += `${name},`
    } else {
      return undefined
    }
  }
  return { key, shape, parameters }
}

/**
 * `db.insert(table).values(values)`, answering the inserted rows (`returning()`) when `returning` is set: the same
 * statement and the same rows, its SQL built once per shape (the columns given, and which are null).
 */
export async function insertRow<T extends PgTable>(
  db: Db,
  table: T,
  values: T['$inferInsert'],
  returning: true,
): Promise<T['$inferSelect'][]>
export async function insertRow<T extends PgTable>(
  db: Db,
  table: T,
  values: T['$inferInsert'],
  returning?: false,
): Promise<undefined>
export async function insertRow<T extends PgTable>(
  db: Db,
  table: T,
  values: T['$inferInsert'],
  returning = false,
): Promise<T['$inferSelect'][] | undefined> {
  const shaped = hasJsDefaults(table) ? undefined : shapeOf(values as Record<string, unknown>, '')
  if (!shaped) {
    const insert = db.insert(table).values(values)
    if (returning) return (await insert.returning()) as T['$inferSelect'][]
    await insert
    return undefined
  }
  const name = `insert:${getTableName(table)}:${returning ? 'returning:' : ''}${shaped.key}`
  const statement = reusable(db, name, () => {
    const insert = db.insert(table).values(shaped.shape as T['$inferInsert'])
    return (returning
      ? withFlatRows(insert.returning().prepare(name))
      : insert.prepare(name)) as unknown as Runnable
  })
  const rows = await statement.execute(shaped.parameters)
  return returning ? (rows as T['$inferSelect'][]) : undefined
}

/**
 * Run the SQL `build` makes from rows' shapes (from `values`, one row each, as `insertRow` shapes them): built
 * once per `name` and shape. `build` gets each row's shape to write into its inserts (`db.insert(t).values(shape)`);
 * a row with SQL values runs `build` with the values themselves.
 */
export async function executeShaped(
  db: Db,
  name: string,
  values: Record<string, unknown>[],
  build: (rows: Record<string, unknown>[]) => SQL,
): Promise<void> {
  const shaped = values.map((v, i) => shapeOf(v, `r${i}_`))
  if (shaped.some((s) => s === undefined)) {
    await db.execute(build(values))
    return
  }
  const rows = shaped as NonNullable<(typeof shaped)[number]>[]
  const key = `sql:${name}:${rows.map((r) => r.key).join('|')}`
  const statement = reusable(db, key, () => {
    const holder = db as unknown as SessionHolder & {
      session: { prepareQuery(query: unknown, fields: undefined, name: string, arrayMode: boolean): Runnable }
    }
    const query = holder.dialect.sqlToQuery(build(rows.map((r) => r.shape)))
    return holder.session.prepareQuery(query, undefined, key, false)
  })
  await statement.execute(Object.assign({}, ...rows.map((r) => r.parameters)))
}
