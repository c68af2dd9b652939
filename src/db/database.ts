import type { SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { withFlatRows } from './row-mapper'
import type * as schema from './schema'

/** A drizzle database or transaction: services take this, so they run inside or outside a transaction alike. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

/** The opened database, whatever the driver. Everything that differs between PGlite and postgres.js stays behind this. */
export interface Database {
  readonly driver: 'pglite' | 'postgres'
  readonly db: Db
  /**
   * Apply pending migrations in one transaction (serialised across instances on PostgreSQL); one query when
   * the database is current. Answers the tags applied.
   */
  migrate(): Promise<string[]>
  close(): Promise<void>
}

/**
 * Run raw SQL and get its rows, on either driver: postgres.js answers an array, PGlite `{ rows }`.
 * int8 values come back as strings on both (see the drivers' setup).
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

const preparedCache = new WeakMap<Db, Map<string, unknown>>()

/**
 * A query prepared once per database handle and reused: the hot, fixed-shape reads (a key lookup, a row by
 * id). drizzle otherwise sends unnamed statements that PostgreSQL parses and plans on every request, and
 * rebuilds the SQL text each time. Placeholders are not passed through column encoders: give ids as uuids.
 * A flat select also gets its row mapping worked out once (`withFlatRows`).
 */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let byName = preparedCache.get(db)
  if (!byName) {
    byName = new Map()
    preparedCache.set(db, byName)
  }
  let query = byName.get(name) as T | undefined
  if (query === undefined) {
    query = withFlatRows(build(db))
    byName.set(name, query)
  }
  return query
}
