import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { createWorkspace } from '../../src/areas/workspace/service'
import { seal } from '../../src/auth/seal'
import { type Database, queryRows } from '../../src/db/database'
import { openPostgres } from '../../src/db/postgres'
import { eventListenerCursors, webhooks } from '../../src/db/schema'
import { type Id, newId, type WorkspaceId } from '../../src/ids'
import { SECRET_PURPOSE } from '../../src/webhooks/deliver'

/**
 * Shared by the webhook reliability tests and the webhook bench: a PostgreSQL database of their own (worker
 * processes fan out every event of the database they run on, so they must not see other test files'
 * events), `npm run worker` processes, and local receivers that record what arrives.
 */

/** A new, migrated database on the server of `serverUrl`; `drop` removes it (with force). */
export async function scratchDatabase(serverUrl: string, prefix = 'loopdesk_rel') {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = openPostgres(url.toString(), { max: 4 })
  const drop = async () => {
    await database.close().catch(() => {})
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
    } finally {
      await admin.end({ timeout: 5 })
    }
  }
  try {
    await database.migrate()
  } catch (error) {
    await drop()
    throw error
  }
  return { url: url.toString(), database, drop }
}

/** A child process of ours: what it printed, when it is ready (`ready` resolves with what it said), how it ended. */
export interface LoopdeskProcess<Ready> {
  child: ChildProcess
  ready: Promise<Ready>
  exited: Promise<number | null>
  /** The signal that ended it, once it has (null for an exit of its own). */
  signal(): NodeJS.Signals | null
  output(): string
  kill(signal?: NodeJS.Signals): Promise<number | null>
}

/** Spawn `node --import tsx <entry>`; `isReady` reads the output so far and answers once it says so. */
function spawnLoopdesk<Ready>(
  entry: string,
  env: Record<string, string>,
  isReady: (output: string) => Ready | undefined,
  nodeArgs: string[] = [],
): LoopdeskProcess<Ready> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let onReady: (value: Ready) => void = () => {}
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const ready = new Promise<Ready>((resolve, reject) => {
    onReady = resolve
    void exited.then((code) => reject(new Error(`${entry} exited (${code}) before it was ready:\n${output}`)))
  })
  ready.catch(() => {})
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
    const value = isReady(output)
    if (value !== undefined) onReady(value)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  return {
    child,
    ready,
    exited,
    signal: () => child.signalCode,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Resolves `ready` once the worker logged `workers started` (its listener cursors exist from then on). */
export type WorkerProcess = LoopdeskProcess<true>

/** `npm run worker` (src/worker.ts) on `databaseUrl`, with insecure (http, loopback) webhooks allowed. */
export function startWorkerProcess(
  databaseUrl: string,
  secret: string,
  env: Record<string, string> = {},
): WorkerProcess {
  return spawnLoopdesk(
    'src/worker.ts',
    { DATABASE_URL: databaseUrl, LOOPDESK_SECRET: secret, LOOPDESK_WEBHOOKS_ALLOW_INSECURE: 'true', ...env },
    (output) => (output.includes('workers started') ? true : undefined),
    process.env.BENCH_WORKER_NODE_ARGS ? process.env.BENCH_WORKER_NODE_ARGS.split(' ') : [],
  )
}

/** Resolves `ready` with the server's URL once it listens. */
export type ServerProcess = LoopdeskProcess<string>

/** `npm start`'s server (src/server.ts) on `databaseUrl` and a free port, with the workers off. */
export function startServerProcess(
  databaseUrl: string,
  secret: string,
  env: Record<string, string> = {},
): ServerProcess {
  return spawnLoopdesk(
    'src/server.ts',
    { DATABASE_URL: databaseUrl, LOOPDESK_SECRET: secret, LOOPDESK_WORKERS: 'off', PORT: '0', ...env },
    (output) => /Loopdesk is running at (http:\/\/\S+)/.exec(output)?.[1],
  )
}

export interface Receipt {
  webhookId: string
  /** The event type the body carries. */
  type: string
  /** Date.now() when the request's body had arrived. */
  at: number
}

export interface Receiver {
  url: string
  received: Receipt[]
  close(): Promise<void>
}

/**
 * A local webhook endpoint recording the `webhook-id` of each request; `respond` decides the answer
 * (default 200 at once) and may hold the response open.
 */
export async function startReceiver(
  respond: (req: IncomingMessage, res: ServerResponse, receipt: Receipt) => void = (_req, res) =>
    res.writeHead(200).end('ok'),
): Promise<Receiver> {
  const received: Receipt[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      const at = Date.now()
      let type = ''
      try {
        type = String((JSON.parse(body) as { type?: unknown }).type)
      } catch {}
      const receipt = { webhookId: String(req.headers['webhook-id']), type, at }
      received.push(receipt)
      respond(req, res, receipt)
    })
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A workspace with one webhook per URL, subscribed to every event. */
export async function seedWebhooks(database: Database, secret: string, urls: string[]) {
  const created = await createWorkspace(database.db, {
    name: `Webhooks ${randomBytes(3).toString('hex')}`,
    owner: { email: `owner-${randomBytes(4).toString('hex')}@example.test`, name: 'Owner' },
  })
  const workspaceId: WorkspaceId = created.workspace.id
  const ids: Id<'wh'>[] = []
  for (const url of urls) {
    const id = newId('wh')
    await database.db.insert(webhooks).values({
      id,
      workspaceId,
      url,
      events: ['*'],
      secret: seal(secret, `whsec_${randomBytes(24).toString('base64')}`, SECRET_PURPOSE),
    })
    ids.push(id)
  }
  return { workspaceId, webhookIds: ids }
}

/**
 * Resolves once the worker's webhook listener has its cursor: it starts at the events committed from then on
 * (the first dispatcher pass creates it, just after `workers started`).
 */
export async function webhookListenerReady(database: Database) {
  await waitUntil(
    async () =>
      (
        await queryRows(
          database.db,
          sql`select 1 from ${eventListenerCursors} where ${eventListenerCursors.listener} = 'webhooks'`,
        )
      ).length > 0,
    15_000,
    'the webhook listener cursor',
  )
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
