/**
 * What the bench runner (parent) and its processes (children) exchange. The child's settings go in the
 * BENCH_CHILD environment variable as JSON; it answers over IPC: a server with `{ type: 'ready', port }` once
 * it listens (and its CPU time when asked), the seeding process with `{ type: 'seeded', seeded }` before it
 * exits.
 */

export const CHILD_ENV = 'BENCH_CHILD'

/**
 * The measured endpoints, as requested (defaults: `limit` 25, `status` active, sort `-createdAt`). The
 * contacts list is called by a team-limited agent's key (`contacts:read`), so the authorization filter runs.
 */
export const ENDPOINTS = ['/v1/api-keys', '/v1/workspace', '/v1/contacts?limit=50'] as const
export type Endpoint = (typeof ENDPOINTS)[number]

/** Page size of `GET /v1/api-keys` when no `limit` is given (the route's default). */
export const DEFAULT_PAGE_LIMIT = 25

export const TARGETS = ['ours', 'raw-sql', 'bare-hono'] as const
export type Target = (typeof TARGETS)[number]

export type Driver = 'pglite' | 'postgres'

export type DatabaseLocation = { driver: 'postgres'; url: string } | { driver: 'pglite'; dataDir: string }

export interface OursSpec {
  kind: 'ours'
  database: DatabaseLocation
  poolSize: number
  secret: string
  logLevel: string
}

export interface RawSqlSpec {
  kind: 'raw-sql'
  database: DatabaseLocation
  poolSize: number
  secret: string
  workspaceId: string
  /** postgres.js named (prepared) statements, its default; false sends unnamed ones, as drizzle does. */
  prepare: boolean
}

export interface BareHonoSpec {
  kind: 'bare-hono'
  /** Endpoint path → the JSON body our server answered there. */
  bodies: Record<string, string>
}

export type ServerSpec = OursSpec | RawSqlSpec | BareHonoSpec

/** Migrate and seed, in a process of its own: PGlite's WASM would otherwise block the runner's signals. */
export interface SeedSpec {
  kind: 'seed'
  database: DatabaseLocation
  rows: number
}

export type ChildSpec = ServerSpec | SeedSpec

export interface Seeded {
  workspaceId: string
  /** The owner API key's secret, which the bench authenticates with. */
  ownerKey: string
  /** A team-limited agent's key (`contacts:read`), for the contacts list. */
  agentKey: string
  /** Members, teams and contacts of the authorization world. */
  world: { members: number; teams: number; contacts: number }
  /** Keys in the workspace (owner key included), and how many of them `status=active` lists. */
  totalKeys: number
  activeKeys: number
}

export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'seeded'; seeded: Seeded }
  /** A server's CPU time so far (user + system, µs), answering the runner's `{ type: 'cpu?' }`. */
  | { type: 'cpu'; micros: number }

export type RunnerMessage = { type: 'cpu?' }

export function isMessage<T extends ChildMessage['type']>(
  type: T,
  value: unknown,
): value is Extract<ChildMessage, { type: T }> {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type
}
