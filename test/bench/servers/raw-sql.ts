import { createServer, type ServerResponse } from 'node:http'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { encodeCursor } from '../../../src/http/pagination'
import { idToUuid, uuidToId } from '../../../src/ids'
import { readSpec, runServer } from '../child'
import { DEFAULT_PAGE_LIMIT, type RawSqlSpec } from '../protocol'

/**
 * The database ceiling: a bare node:http server that runs, per request, the SQL our endpoint runs (the text
 * drizzle generates, minus the API key lookup our server caches) straight through the driver, and answers
 * the same JSON: ids as TypeIDs, timestamps as ISO strings, the signed `nextCursor`. No framework, no ORM,
 * no authentication, no validation, no logging. postgres.js (same pool size; prepared statements, its
 * default, unless the run asks for unnamed ones like drizzle sends) on PostgreSQL; PGlite's own `query` on
 * PGlite.
 */

interface ApiKeyRow {
  id: string
  workspace_id: string
  member_id: string
  name: string
  start: string
  secret_hash: string
  scopes: string[]
  team_ids: string[]
  inbox_ids: string[]
  created_at: Date
  expires_at: Date | null
  last_used_at: Date | null
  revoked_at: Date | null
  previous_expires_at: Date | null
  version: number
}

interface WorkspaceRow {
  id: string
  name: string
  slug: string
  timezone: string
  created_at: Date
  updated_at: Date
  version: number
}

// GET /v1/api-keys with its defaults: status active, sort -createdAt, limit 25 (+1 to know about a next page).
const listApiKeysSql = `select "id", "name", "start", "member_id", "scopes", "team_ids", "inbox_ids", "created_at", "expires_at", "last_used_at", "revoked_at", "previous_expires_at" from "api_keys" where ("api_keys"."workspace_id" = $1 and ("api_keys"."revoked_at" is null and ("api_keys"."expires_at" is null or "api_keys"."expires_at" > now()))) order by "api_keys"."created_at" desc, "api_keys"."id" desc limit $2`

interface ContactRow {
  id: string
  email: string | null
  name: string | null
  phone: string | null
  external_id: string | null
  organization_id: string | null
  attributes: Record<string, unknown>
  last_seen_at: Date | null
  created_at: Date
  updated_at: Date
}

// GET /v1/contacts?limit=50 (sort -createdAt): the same list without the authorization predicate.
const listContactsSql = `select "id", "email", "name", "phone", "external_id", "organization_id", "attributes", "last_seen_at", "created_at", "updated_at" from "contacts" where ("contacts"."workspace_id" = $1::uuid and "contacts"."merged_into_id" is null) order by "contacts"."created_at" desc, "contacts"."id" desc limit $2`
const CONTACTS_LIMIT = 50

// GET /v1/workspace.
const getWorkspaceSql = `select "id", "name", "slug", "timezone", "created_at", "updated_at", "version" from "workspaces" where "workspaces"."id" = $1`

interface Queries {
  listApiKeys(workspaceUuid: string, limit: number): Promise<ApiKeyRow[]>
  listContacts(workspaceUuid: string, limit: number): Promise<ContactRow[]>
  getWorkspace(workspaceUuid: string): Promise<WorkspaceRow[]>
  close(): Promise<void>
}

function postgresQueries(url: string, poolSize: number, prepare: boolean): Queries {
  const sql = postgres(url, { max: poolSize, onnotice: () => {} })
  return {
    listApiKeys: (ws, limit) => sql.unsafe<ApiKeyRow[]>(listApiKeysSql, [ws, limit], { prepare }),
    getWorkspace: (ws) => sql.unsafe<WorkspaceRow[]>(getWorkspaceSql, [ws], { prepare }),
    listContacts: (ws, limit) => sql.unsafe<ContactRow[]>(listContactsSql, [ws, limit], { prepare }),
    close: () => sql.end({ timeout: 5 }),
  }
}

async function pgliteQueries(dataDir: string): Promise<Queries> {
  const pg = await PGlite.create(dataDir)
  return {
    listApiKeys: async (ws, limit) => (await pg.query<ApiKeyRow>(listApiKeysSql, [ws, limit])).rows,
    getWorkspace: async (ws) => (await pg.query<WorkspaceRow>(getWorkspaceSql, [ws])).rows,
    listContacts: async (ws, limit) => (await pg.query<ContactRow>(listContactsSql, [ws, limit])).rows,
    close: () => pg.close(),
  }
}

const iso = (value: Date | null) => value?.toISOString() ?? null

const toApiKey = (k: ApiKeyRow) => ({
  id: uuidToId('ak', k.id),
  name: k.name,
  start: k.start,
  createdBy: uuidToId('mbr', k.member_id),
  scopes: k.scopes,
  teamIds: k.team_ids.map((id) => uuidToId('team', id)),
  inboxIds: k.inbox_ids.map((id) => uuidToId('ibx', id)),
  createdAt: k.created_at.toISOString(),
  expiresAt: iso(k.expires_at),
  lastUsedAt: iso(k.last_used_at),
  revokedAt: iso(k.revoked_at),
  previousSecretExpiresAt:
    k.previous_expires_at && k.previous_expires_at.getTime() > Date.now()
      ? k.previous_expires_at.toISOString()
      : null,
})

const toContact = (c: ContactRow) => ({
  id: uuidToId('ct', c.id),
  email: c.email,
  name: c.name,
  phone: c.phone,
  externalId: c.external_id,
  organizationId: c.organization_id ? uuidToId('org', c.organization_id) : null,
  attributes: c.attributes,
  lastSeenAt: iso(c.last_seen_at),
  createdAt: c.created_at.toISOString(),
  updatedAt: c.updated_at.toISOString(),
})

const toWorkspace = (w: WorkspaceRow) => ({
  id: uuidToId('ws', w.id),
  name: w.name,
  slug: w.slug,
  timezone: w.timezone,
  createdAt: w.created_at.toISOString(),
  updatedAt: w.updated_at.toISOString(),
})

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

const spec: RawSqlSpec = readSpec('raw-sql')
const workspaceUuid = idToUuid(spec.workspaceId)
const queries =
  spec.database.driver === 'postgres'
    ? postgresQueries(spec.database.url, spec.poolSize, spec.prepare)
    : await pgliteQueries(spec.database.dataDir)

async function answer(path: string, res: ServerResponse) {
  if (path === '/v1/api-keys') {
    const rows = await queries.listApiKeys(workspaceUuid, DEFAULT_PAGE_LIMIT + 1)
    const page = rows.slice(0, DEFAULT_PAGE_LIMIT).map(toApiKey)
    const last = page.at(-1)
    const nextCursor =
      rows.length > DEFAULT_PAGE_LIMIT && last
        ? encodeCursor(spec.secret, { s: '-createdAt', v: last.createdAt, id: last.id })
        : null
    return send(res, 200, { data: page, nextCursor })
  }
  if (path === '/v1/contacts') {
    const rows = await queries.listContacts(workspaceUuid, CONTACTS_LIMIT + 1)
    const page = rows.slice(0, CONTACTS_LIMIT).map(toContact)
    const last = page.at(-1)
    const nextCursor =
      rows.length > CONTACTS_LIMIT && last
        ? encodeCursor(spec.secret, { s: '-createdAt', v: last.createdAt, id: last.id })
        : null
    return send(res, 200, { data: page, nextCursor })
  }
  if (path === '/v1/workspace') {
    const [row] = await queries.getWorkspace(workspaceUuid)
    if (!row) return send(res, 404, { title: 'Workspace not found' })
    return send(res, 200, toWorkspace(row), { etag: `"${row.version}"` })
  }
  send(res, 404, { title: `No route for ${path}` })
}

const server = createServer((req, res) => {
  const url = req.url ?? '/'
  const query = url.indexOf('?')
  answer(query === -1 ? url : url.slice(0, query), res).catch((error: unknown) => {
    process.stderr.write(`raw-sql: ${String(error)}\n`)
    if (!res.headersSent) send(res, 500, { title: 'Internal error' })
    else res.destroy()
  })
})
server.listen(0, '127.0.0.1')
runServer(server, () => queries.close())
