import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import { type Database, type Db, migrationsFolder } from './database'
import * as schema from './schema'

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number
}

/** PostgreSQL 15+ through postgres.js. Also used on Workers, where the URL comes from Hyperdrive. */
export function openPostgres(url: string, options: PostgresOptions = {}): Database {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: 'loopdesk' },
  })
  const db = drizzle({ client, schema }) as unknown as Db
  return {
    driver: 'postgres',
    db,
    async migrate() {
      // Several instances may start together: one migrates, the others wait and then find nothing to do.
      const conn = await client.reserve()
      try {
        await conn`select pg_advisory_lock(hashtext('loopdesk.migrate'))`
        await migrate(drizzle({ client: conn as unknown as postgres.Sql, schema }), { migrationsFolder })
      } finally {
        await conn`select pg_advisory_unlock(hashtext('loopdesk.migrate'))`.catch(() => {})
        conn.release()
      }
    },
    close: () => client.end({ timeout: 5 }),
  }
}
