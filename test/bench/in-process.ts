import '../../generated/areas'
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { createApp, createDeps } from '../../src/app'
import { loadConfig } from '../../src/config'
import type { Database, Db } from '../../src/db/database'
import * as schema from '../../src/db/schema'
import { recordStatements, statementLogger } from '../../src/db/statements'
import { createLogger } from '../../src/logger'

/**
 * Our app in this process, wired like servers/ours.ts (createApp, createDeps, a postgres.js pool and drizzle
 * with the statement logger), on a PostgreSQL database: for counting and timing the SQL statements of single
 * requests (src/db/statements.ts), never for load. One request at a time.
 */
export interface InProcessApp {
  request(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<RecordedRequest>
  close(): Promise<void>
}

export interface RecordedStatement {
  sql: string
  params: unknown[]
  /** ms from the request's start to when drizzle sent the statement. */
  atMs: number
}

export interface RecordedRequest {
  status: number
  text: string
  ms: number
  /** In the order sent (transaction control aside, as the no-N+1 tests count them). */
  statements: RecordedStatement[]
}

export function inProcessApp(url: string, secret: string): InProcessApp {
  const config = {
    ...loadConfig({ LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '4', HOST: '127.0.0.1', PORT: '0' }),
    rateLimit: { limit: 1_000_000_000, windowSeconds: 60 },
  }
  let sent: RecordedStatement[] | undefined
  let started = 0
  const client = postgres(url, { max: 4, onnotice: () => {} })
  const db = drizzle({
    client,
    schema,
    logger: {
      logQuery(query, params) {
        statementLogger.logQuery(query, params)
        sent?.push({ sql: query, params, atMs: performance.now() - started })
      },
    },
  }) as unknown as Db
  const database: Database = {
    driver: 'postgres',
    db,
    migrate: () => Promise.reject(new Error('the in-process bench app does not migrate')),
    close: () => client.end({ timeout: 5 }),
  }
  const app = createApp(createDeps({ config, database, logger: createLogger('warn'), secret }))
  return {
    async request(method, path, headers, body) {
      sent = []
      started = performance.now()
      try {
        const recorded = await recordStatements(async () => {
          const response = await app.fetch(
            new Request(`http://127.0.0.1${path}`, {
              method,
              headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
              body: body === undefined ? undefined : JSON.stringify(body),
            }),
          )
          return { status: response.status, text: await response.text() }
        })
        const ms = performance.now() - started
        if (recorded.statements.length !== sent.length) {
          throw new Error(
            `statements.ts recorded ${recorded.statements.length} statements, the bench logger ${sent.length}`,
          )
        }
        return { ...recorded.result, ms, statements: sent }
      } finally {
        sent = undefined
      }
    },
    close: () => database.close(),
  }
}
