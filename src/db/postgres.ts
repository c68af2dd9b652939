import { drizzle } from 'drizzle-orm/postgres-js'
import postgres, { type Sql } from 'postgres'
import type { Database, Db } from './database'
import { migrate } from './migrate'
import * as schema from './schema'
import { statementLogger } from './statements'

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number
}

/**
 * The client with every statement prepared. Drizzle asks postgres.js for an unnamed statement unless the query
 * was `.prepare(name)`d, and postgres.js sends an unnamed statement with parameters as Parse and Describe, waits
 * for the parameter types, then sends Bind and Execute: two round trips for every ad-hoc read and every write.
 * A prepared statement is described once per connection (keyed by its text and types) and then costs one. The
 * statements a connection keeps are bounded by the SQL shapes the code builds (values are always parameters;
 * id lists go through `anyOf`), and go with the connection when postgres.js recycles it (`max_lifetime`).
 * Transactions and savepoints hand drizzle a new client, wrapped the same way.
 */
export function alwaysPrepared(client: Sql): Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, parameters?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, parameters as never, { ...options, prepare: true })
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const last = args.length - 1
          const callback = args[last] as (inner: Sql) => unknown
          args[last] = (inner: Sql) => callback(alwaysPrepared(inner))
          return (Reflect.get(target, property) as (...a: unknown[]) => unknown).apply(target, args)
        }
      }
      return Reflect.get(target, property, receiver)
    },
  })
}

/** PostgreSQL 15+ through postgres.js. Also used on Workers, where the URL comes from Hyperdrive. */
export function openPostgres(url: string, options: PostgresOptions = {}): Database {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: 'loopdesk' },
  })
  const db = drizzle({ client: alwaysPrepared(client), schema, logger: statementLogger }) as unknown as Db
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
