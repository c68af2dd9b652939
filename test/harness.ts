import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import pino, { type Logger } from 'pino'
import { inject } from 'vitest'
import { createApp, createDeps } from '../src/app'
import { createWorkspace } from '../src/areas/workspace/service'
import { type Config, loadConfig } from '../src/config'
import type { Database } from '../src/db/database'
import { openPglite } from '../src/db/pglite'
import { openPostgres } from '../src/db/postgres'
import { createLogger } from '../src/logger'

export interface TestResponse<T = any> {
  status: number
  headers: Headers
  body: T
  text: string
}

export interface RequestOptions {
  key?: string
  body?: unknown
  /** Sent as-is instead of JSON.stringify(body). */
  rawBody?: string
  headers?: Record<string, string>
}

let shared: Promise<Database> | undefined

/**
 * The test database: PGlite in memory (one per test file), or the run's PostgreSQL database when
 * TEST_DATABASE_URL is set (created and dropped by global-setup). Tests never share rows: each makes its own
 * workspace.
 */
function testDatabase(): Promise<Database> {
  shared ??= (async () => {
    const url = inject('databaseUrl')
    if (url) return openPostgres(url, { max: 4 })
    const snapshot = inject('pgliteSnapshot')
    if (snapshot) return openPglite(undefined, { snapshot: new Blob([readFileSync(snapshot)]) })
    const database = await openPglite()
    await database.migrate()
    return database
  })()
  return shared
}

/** An app over the test database, with config overrides (rate limits, sign-up, body limit…). */
export async function createTestApp(overrides: Partial<Config> = {}, options: { logger?: Logger } = {}) {
  const database = await testDatabase()
  const config: Config = { ...loadConfig({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }), ...overrides }
  const deps = createDeps({
    config,
    database,
    logger: options.logger ?? createLogger(config.logLevel),
    secret: 'test-secret-test-secret-test-secret',
  })
  const app = createApp(deps)

  async function request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...options.headers }
    if (options.key) headers.authorization = `Bearer ${options.key}`
    let body: string | undefined = options.rawBody
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    const response = await app.request(path, { method, headers, body })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed as T, text }
  }

  /** A fresh workspace with an owner and an owner API key. */
  async function newWorkspace(name = 'Test workspace') {
    const created = await createWorkspace(database.db, {
      name,
      owner: { email: `owner-${Math.random().toString(36).slice(2)}@example.test`, name: 'Owner' },
    })
    return {
      workspaceId: created.workspace.id,
      memberId: created.member.id,
      key: created.secret,
      apiKeyId: created.apiKey.id,
      workspace: created.workspace,
    }
  }

  return { app, deps, database, request, newWorkspace }
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** A logger that keeps its JSON lines in memory, to assert on what gets logged (and what never does). */
export function captureLogger(level: pino.Level = 'info') {
  const lines: string[] = []
  const logger = pino(
    { level },
    new Writable({
      write(chunk, _, done) {
        lines.push(chunk.toString())
        done()
      },
    }),
  )
  return { logger, lines }
}
