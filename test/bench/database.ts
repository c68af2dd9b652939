import '../../generated/areas'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inArray, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { createWorkspace } from '../../src/areas/workspace/service'
import { generateApiKey } from '../../src/auth/api-key-secrets'
import type { Database } from '../../src/db/database'
import { openPglite } from '../../src/db/pglite'
import { openPostgres } from '../../src/db/postgres'
import { apiKeys } from '../../src/db/schema'
import { type MemberId, newId } from '../../src/ids'
import { AUTHZ_WORLD, seedAuthzWorld } from './authz'
import type { Cleanup } from './cleanup'
import type { DatabaseLocation, Driver, Seeded } from './protocol'

/** True when a PostgreSQL server answers at `url` within a couple of seconds. */
export async function postgresReachable(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} })
  try {
    await probe`select 1`
    return true
  } catch {
    return false
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {})
  }
}

export interface ProvisionedDatabase {
  location: DatabaseLocation
  /** PostgreSQL's version, e.g. `15.20`. */
  serverVersion?: string
  /**
   * CPU time (user + system, µs) of each PostgreSQL backend serving this database, by pid; undefined when it
   * cannot be read (PGlite runs inside the server process; a remote or non-Linux PostgreSQL).
   */
  backendCpuMicros(): Promise<Map<number, number> | undefined>
}

/**
 * A database of its own for this run: a new PostgreSQL database with a random name on the server at
 * `postgresUrl` (dropped `with (force)` by `cleanup`), or a temporary PGlite directory (removed by `cleanup`).
 * Empty: `seed` migrates it.
 */
export async function provisionDatabase(
  driver: Driver,
  postgresUrl: string,
  cleanup: Cleanup,
): Promise<ProvisionedDatabase> {
  if (cleanup.closed) throw new Error('interrupted')
  if (driver === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'loopdesk-bench-'))
    cleanup.add(`remove ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }))
    return { location: { driver, dataDir }, backendCpuMicros: async () => undefined }
  }
  const name = `loopdesk_bench_${randomBytes(6).toString('hex')}`
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} })
  cleanup.add(`drop database ${name}`, async () => {
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
    } finally {
      await admin.end({ timeout: 5 })
    }
  })
  await admin.unsafe(`create database ${name}`)
  const [setting] = await admin<{ version: string }[]>`select current_setting('server_version') as version`
  const url = new URL(postgresUrl)
  url.pathname = `/${name}`
  const local = ['localhost', '127.0.0.1', '[::1]', ''].includes(url.hostname)
  return {
    location: { driver, url: url.toString() },
    serverVersion: setting?.version.split(' ')[0],
    async backendCpuMicros() {
      if (!local) return undefined
      const backends = await admin<
        { pid: number }[]
      >`select pid from pg_stat_activity where datname = ${name}`
      const cpu = new Map<number, number>()
      for (const { pid } of backends) {
        const micros = await processCpuMicros(pid, name)
        if (micros === undefined) return undefined
        cpu.set(pid, micros)
      }
      return cpu
    },
  }
}

let clockTicks: number | undefined

/** User + system CPU time of a local process from /proc (Linux), if its command line names `mustMention`. */
async function processCpuMicros(pid: number, mustMention: string): Promise<number | undefined> {
  try {
    const [cmdline, stat] = await Promise.all([
      readFile(`/proc/${pid}/cmdline`, 'utf8'),
      readFile(`/proc/${pid}/stat`, 'utf8'),
    ])
    if (!cmdline.includes(mustMention)) return undefined
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    return Number.isFinite(ticks) ? (ticks * 1_000_000) / clockTicks : undefined
  } catch {
    return undefined
  }
}

const INSERT_CHUNK = 1000

/**
 * Migrate, then one workspace (owner, owner key) through the service, then `rows` more API keys by bulk insert: one a
 * second back in time, every 10th revoked, every 10th expired, every 10th expiring in 30 days; the owner key
 * is dated before them all, so the first page never shows the key whose `lastUsedAt` the bench moves.
 */
export async function seed(location: DatabaseLocation, rows: number): Promise<Seeded> {
  const database: Database =
    location.driver === 'postgres'
      ? openPostgres(location.url, { max: 2 })
      : await openPglite(location.dataDir)
  try {
    await database.migrate()
    const { db } = database
    const created = await createWorkspace(db, {
      name: 'Bench workspace',
      owner: { email: 'owner@bench.loopdesk.test', name: 'Bench Owner' },
      apiKeyName: 'Bench owner key',
    })
    const workspaceId = created.workspace.id
    const memberId: MemberId = created.member.id
    const base = Date.now() - 60_000
    let active = 1
    for (let start = 0; start < rows; start += INSERT_CHUNK) {
      const chunk = Array.from({ length: Math.min(INSERT_CHUNK, rows - start) }, (_, offset) => {
        const i = start + offset
        const key = generateApiKey()
        const createdAt = new Date(base - i * 1000)
        const revoked = i % 10 === 3
        const expired = i % 10 === 7
        if (!revoked && !expired) active += 1
        return {
          id: newId('ak'),
          workspaceId,
          memberId,
          name: `Bench key ${i + 1}`,
          start: key.start,
          secretHash: key.hash,
          createdAt,
          expiresAt: expired ? new Date(base) : i % 10 === 5 ? new Date(base + 30 * 86_400_000) : null,
          revokedAt: revoked ? new Date(base) : null,
        }
      })
      await db.insert(apiKeys).values(chunk)
    }
    const world = await seedAuthzWorld(database, workspaceId)
    // The keys the bench calls with are dated before the others, so the measured first page of keys never
    // shows one whose `lastUsedAt` the bench itself moves.
    await db
      .update(apiKeys)
      .set({ createdAt: new Date(base - (rows + 1) * 1000) })
      .where(inArray(apiKeys.id, [created.apiKey.id, world.agentKeyId]))
    // Planner statistics, as a database in use would have them.
    await db.execute(sql`analyze`)
    return {
      workspaceId,
      ownerKey: created.secret,
      agentKey: world.agentKey,
      world: { ...AUTHZ_WORLD },
      totalKeys: rows + 1,
      activeKeys: active,
    }
  } finally {
    await database.close()
  }
}
