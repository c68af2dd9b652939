import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { Writable } from 'node:stream'
import { serve } from '@hono/node-server'
import { createLoopdeskClient, type LoopdeskClient } from '@loopdesk/sdk'
import { eq } from 'drizzle-orm'
import pino, { type Logger } from 'pino'
import { expect, inject } from 'vitest'
import { createApp, createDeps } from '../src/app'
import { issueApiKey } from '../src/areas/api-keys/service'
import { createWorkspace } from '../src/areas/workspace/service'
import { hashPassword } from '../src/auth/passwords'
import { createSession } from '../src/auth/sessions'
import { Authorizer } from '../src/authz/authorizer'
import { type Config, loadConfig } from '../src/config'
import type { Database } from '../src/db/database'
import { openPglite } from '../src/db/pglite'
import { openPostgres } from '../src/db/postgres'
import { contacts, members, roleAssignments, teamMembers, teams } from '../src/db/schema'
import type { SystemRoleKey } from '../src/db/schema/identity'
import { clientErrorHandler } from '../src/http/client-error'
import { nodeDocsAssets } from '../src/http/docs-node'
import { type ContactId, type MemberId, newId, type RoleId, type TeamId, type WorkspaceId } from '../src/ids'
import { createLogger } from '../src/logger'
import { MemoryMailer } from '../src/mail/mailer'
import { validating } from './spec-responses'

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
  rawBody?: string | Uint8Array
  headers?: Record<string, string>
}

let shared: Promise<Database> | undefined

/**
 * This worker's PostgreSQL database (global-setup makes one per worker, a copy of the migrated one), or
 * undefined on PGlite. Vitest numbers its workers 1…n in VITEST_POOL_ID.
 */
export function testDatabaseUrl(): string | undefined {
  const urls = inject('databaseUrls')
  if (!urls?.length) return undefined
  const pool = Number(process.env.VITEST_POOL_ID) || 1
  return urls[(pool - 1) % urls.length]
}

/**
 * The test database: PGlite in memory (one per test file), or this worker's PostgreSQL database when
 * TEST_DATABASE_URL is set (created and dropped by global-setup; the files of one worker run one after another
 * on it). Tests never share rows: each makes its own workspace.
 */
function testDatabase(): Promise<Database> {
  shared ??= (async () => {
    const url = testDatabaseUrl()
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
  const mailer = new MemoryMailer()
  const deps = createDeps({
    config,
    database,
    logger: options.logger ?? createLogger(config.logLevel),
    secret: 'test-secret-test-secret-test-secret',
    mailer,
    authorizer: await sharedAuthorizer(),
    docsAssets: nodeDocsAssets(),
  })
  const app = validating(createApp(deps))

  // Requests go through the SDK (@loopdesk/sdk) with its fetch bound to the app, so every test also drives the
  // published client. The origin is the one Hono's `app.request()` uses. Retries are off: tests assert on each
  // 429 and 503 the server sends.
  const origin = 'http://localhost'
  /** A typed SDK client over the app, authenticated with `key` (an API key or a session token) when given. */
  function client(key?: string): LoopdeskClient {
    const fetch = (request: Request) => app.fetch(request)
    return createLoopdeskClient({ baseUrl: origin, fetch, retry: false, ...(key ? { apiKey: key } : {}) })
  }
  /** What the app answered, unread: openapi-fetch reads error bodies itself, and the tests want the raw text. */
  const unread = new WeakMap<Response, Response>()
  const recording = createLoopdeskClient({
    baseUrl: origin,
    retry: false,
    fetch: async (request) => {
      const response = await app.fetch(request)
      unread.set(response, response.clone())
      return response
    },
  })

  /**
   * Any method on any path (spec'd or not), through the SDK's `request()`: `body` is sent as JSON, `rawBody`
   * byte for byte, `key` as `Authorization: Bearer`. Answers the status, headers, raw text and parsed body.
   */
  async function request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string | null> = { ...options.headers }
    if (options.key) headers.authorization = `Bearer ${options.key}`
    let body: string | Uint8Array | undefined = options.rawBody
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json'
    } else if (body !== undefined && !Object.keys(headers).some((n) => n.toLowerCase() === 'content-type')) {
      // A raw body goes with the type the caller gave or none: openapi-fetch would say JSON.
      headers['content-type'] = null
    }
    const call = recording.request as unknown as (
      method: string,
      path: string,
      init: Record<string, unknown>,
    ) => Promise<{ response: Response }>
    const { response } = await call(method, path, {
      headers,
      ...(body === undefined ? {} : { body, bodySerializer: (raw: unknown) => raw }),
      parseAs: 'stream',
    })
    const text = await (unread.get(response) ?? response).text()
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

  /** A team in `workspaceId` (direct insert: tests of other areas need teams without the teams API). */
  async function newTeam(workspaceId: WorkspaceId, name = `Team ${Math.random().toString(36).slice(2, 8)}`) {
    const [team] = await database.db
      .insert(teams)
      .values({ id: newId('team'), workspaceId, name })
      .returning()
    return team!
  }

  /**
   * A member of `workspaceId` with role assignments (workspace-wide, or `teamId`-scoped), team
   * memberships, and an API key with `scopes` (default `admin`: the key is then bounded by the roles only).
   */
  async function newMember(
    workspaceId: WorkspaceId,
    options: {
      roles?: Array<{ role: SystemRoleKey | RoleId; teamId?: TeamId }>
      teamIds?: TeamId[]
      scopes?: string[]
      keyTeamIds?: TeamId[]
      email?: string
      name?: string
    } = {},
  ) {
    const email = options.email ?? `member-${Math.random().toString(36).slice(2)}@example.test`
    return database.db.transaction(async (tx) => {
      const [member] = await tx
        .insert(members)
        .values({ id: newId('mbr'), workspaceId, email, name: options.name ?? 'Member' })
        .returning()
      for (const { role, teamId } of options.roles ?? [{ role: 'agent' as const }]) {
        const custom = role.startsWith('role_')
        await tx.insert(roleAssignments).values({
          workspaceId,
          memberId: member!.id,
          systemRole: custom ? null : (role as SystemRoleKey),
          roleId: custom ? (role as RoleId) : null,
          teamId: teamId ?? null,
        })
      }
      for (const teamId of options.teamIds ?? []) {
        await tx.insert(teamMembers).values({ workspaceId, teamId, memberId: member!.id })
      }
      const { row, secret } = await issueApiKey(tx, {
        workspaceId,
        memberId: member!.id as MemberId,
        name: 'test key',
        scopes: options.scopes ?? ['admin'],
        teamIds: options.keyTeamIds,
        actor: { type: 'system' },
      })
      return { memberId: member!.id as MemberId, email, key: secret, apiKeyId: row.id }
    })
  }

  return { app, deps, database, request, client, newWorkspace, newTeam, newMember, mailer }
}

let authorizer: Promise<Authorizer> | undefined
/** One Oso per test file: loading the WebAssembly and the policies takes a moment. */
function sharedAuthorizer() {
  authorizer ??= Promise.resolve(new Authorizer())
  return authorizer
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

/** Give a member a password (stored as the argon2id hash, as sign-up and invitations do). */
export async function setPassword(t: TestApp, memberId: MemberId, password: string) {
  await t.database.db
    .update(members)
    .set({ passwordHash: await hashPassword(password) })
    .where(eq(members.id, memberId))
}

/**
 * Sign a member in through `POST /v1/auth/login` and return the session token (use it as `key`). Each call
 * comes from its own client address, so the sign-in failure limits of one test never reach another.
 */
export async function login(t: TestApp, email: string, password: string, workspace?: string) {
  const res = await t.request('POST', '/v1/auth/login', {
    body: { email, password, ...(workspace === undefined ? {} : { workspace }) },
    headers: { 'cf-connecting-ip': randomClientIp() },
  })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`)
  return res.body.token as string
}

/** A client address of its own (`CF-Connecting-IP`), for tests that must not share per-address limits. */
export const randomClientIp = () =>
  `10.${Array.from({ length: 3 }, () => Math.floor(Math.random() * 256)).join('.')}`

/**
 * A contact in `workspaceId` by direct insert (no event, no domain linking), for tests of other areas and
 * seeding. Unless `fields` says otherwise it gets a unique email and a name. `db` defaults to the test database.
 */
export async function newContact(
  workspaceId: WorkspaceId,
  fields: Partial<Omit<typeof contacts.$inferInsert, 'workspaceId'>> = {},
  db?: Database['db'],
) {
  const target = db ?? (await testDatabase()).db
  const [row] = await target
    .insert(contacts)
    .values({
      id: newId('ct'),
      workspaceId,
      email: `contact-${Math.random().toString(36).slice(2)}@example.test`,
      name: 'Contact',
      ...fields,
    })
    .returning()
  return row!
}

/** A new contact of the workspace with a portal session: `key` is the session's bearer token. */
export async function newContactSession(t: TestApp, workspaceId: string) {
  const contact = await newContact(workspaceId as WorkspaceId)
  const session = await createSession(
    t.database.db,
    { workspaceId: workspaceId as WorkspaceId, contactId: contact.id as ContactId },
    { ip: null, userAgent: null },
  )
  return { id: contact.id, key: session.token }
}

/** The answer is a problem of this status and stable `code`. */
export function expectProblem(
  res: { status: number; body: any; text: string },
  status: number,
  code: string,
) {
  expect(res.status, res.text).toBe(status)
  expect(res.body.code).toBe(code)
}

/**
 * The app on a real Node HTTP server on a free port of 127.0.0.1, served as `npm start` serves it
 * (@hono/node-server): for what only a socket shows (kept-alive connections, bodies sent in chunks or not at
 * all, what Node itself refuses).
 */
export async function serveTestApp(t: TestApp) {
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server
  server.on('clientError', clientErrorHandler(t.deps.logger))
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export interface RawResponse {
  status: number
  headers: Record<string, string>
  text: string
  body: any
}

/**
 * Send `head` (request line and headers, without the blank line) and `body` exactly as given over a new
 * connection, and read the answer until the server closes it: for requests no HTTP client would send. Add
 * `Connection: close` to the head, or the server keeps the connection open.
 */
export function rawRequest(port: number, head: string, body: string | Buffer = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const split = raw.indexOf('\r\n\r\n')
      const [statusLine = '', ...lines] = raw.slice(0, split).split('\r\n')
      const headers: Record<string, string> = {}
      for (const line of lines) {
        const colon = line.indexOf(':')
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
      }
      const text = split < 0 ? '' : raw.slice(split + 4)
      let parsed: unknown = text
      try {
        parsed = text ? JSON.parse(text) : undefined
      } catch {}
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, text, body: parsed })
    })
    socket.write(`${head.replace(/\r?\n/g, '\r\n')}\r\n\r\n`)
    socket.write(body)
  })
}
