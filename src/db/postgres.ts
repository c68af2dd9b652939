import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import type { Database, Db } from './database'
import { migrate } from './migrate'
import * as schema from './schema'
import { statementLogger } from './statements'

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
  const db = drizzle({ client, schema, logger: statementLogger }) as unknown as Db
  return {
    driver: 'postgres',
    db,
    migrate: () =>
      migrate(db, {
        strict: false,
        // Several instances may start together: one migrates, the others wait on the lock and then find
        // nothing to do. A one-connection client keeps the session lock and the migration on one connection.
        async exclusive(apply) {
          const single = postgres(url, { max: 1, onnotice: () => {} })
          try {
            await single`select pg_advisory_lock(hashtext('loopdesk.migrate'))`
            return await apply(drizzle({ client: single, schema }) as unknown as Db)
          } finally {
            await single.end({ timeout: 5 })
          }
        },
      }),
    close: () => client.end({ timeout: 5 }),
  }
}
