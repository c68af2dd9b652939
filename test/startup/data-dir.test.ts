import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DataDirError,
  EMBEDDED_PG_VERSION,
  inspectDataDir,
  LOCK_FILE,
  lockDataDir,
} from '../../src/db/data-dir'
import { pgliteTemplatePath } from '../../src/db/pglite-template'
import { embeddedEnv, runBuilt, type StartedServer, startBuiltServer } from './support'

const scratch = mkdtempSync(join(tmpdir(), 'loopdesk-startup-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let n = 0
const newDir = () => join(scratch, `dir-${++n}`)

/** A pid no process has any more: a child that has already exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', ''])
  if (!pid) throw new Error('no pid')
  return pid
}

describe('lockDataDir', () => {
  it('takes the directory with our pid and host, and releases it', () => {
    const dir = newDir()
    const lock = lockDataDir(dir)
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n${hostname()}\n`)
    lock.release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })

  it('refuses a directory a live process holds, naming the directory and the process', async () => {
    const dir = newDir()
    mkdirSync(dir)
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    try {
      writeFileSync(join(dir, LOCK_FILE), `${holder.pid}\n${hostname()}\n`)
      let caught: unknown
      try {
        lockDataDir(dir)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(DataDirError)
      expect((caught as DataDirError).message).toContain(dir)
      expect((caught as DataDirError).message).toContain(`process ${holder.pid}`)
      expect((caught as DataDirError).holder).toEqual({ pid: holder.pid, host: hostname() })
      // The holder's lock is left as it was.
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${holder.pid}\n${hostname()}\n`)
    } finally {
      holder.kill('SIGKILL')
    }
  })

  it('takes over a stale lock: its process is gone, or it names our own pid (a restarted container)', () => {
    for (const stalePid of [deadPid(), process.pid]) {
      const dir = newDir()
      mkdirSync(dir)
      writeFileSync(join(dir, LOCK_FILE), `${stalePid}\n${hostname()}\n`)
      const lock = lockDataDir(dir)
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n${hostname()}\n`)
      lock.release()
      expect(readdirSync(dir)).toEqual([])
    }
  })

  it('treats a lock from another host as held (its process cannot be checked from here)', () => {
    const dir = newDir()
    mkdirSync(dir)
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\nelsewhere.example\n`)
    expect(() => lockDataDir(dir)).toThrow(/in use by process \d+ on host elsewhere\.example/)
  })
})

describe('inspectDataDir', () => {
  it('refuses a directory that is not an embedded database, another version or a damaged one, untouched', () => {
    const foreign = newDir()
    mkdirSync(foreign)
    writeFileSync(join(foreign, 'notes.txt'), 'mine')
    expect(() => inspectDataDir(foreign)).toThrow(/not an embedded Loopdesk database.*notes\.txt/)

    const other = newDir()
    mkdirSync(join(other, 'global'), { recursive: true })
    writeFileSync(join(other, 'PG_VERSION'), '16\n')
    expect(() => inspectDataDir(other)).toThrow(/PostgreSQL 16 data directory/)

    const damaged = newDir()
    mkdirSync(damaged)
    writeFileSync(join(damaged, 'PG_VERSION'), `${EMBEDDED_PG_VERSION}\n`)
    expect(() => inspectDataDir(damaged)).toThrow(/damaged or incomplete.*global\/pg_control, base/)

    expect(readdirSync(foreign)).toEqual(['notes.txt'])
    expect(inspectDataDir(newDir())).toBe('empty')
  })
})

describe('the built server on an embedded data directory', () => {
  const dataDir = newDir()
  let first: StartedServer

  beforeAll(async () => {
    first = await startBuiltServer(embeddedEnv(dataDir))
  }, 120_000)
  afterAll(async () => {
    await first?.stop()
  })

  it('creates the directory from the pre-migrated template of the build, holds its lock and logs every start-up phase', async () => {
    expect(existsSync(pgliteTemplatePath())).toBe(true)
    // Loaded from the template: no migration was left to apply.
    expect(first.listening.migrationsApplied).toBeUndefined()
    expect(inspectDataDir(dataDir)).toBe('existing')
    expect(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim()).toBe(EMBEDDED_PG_VERSION)
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).toBe(`${first.child.pid}\n${hostname()}\n`)
    const { phasesMs, startupCpuMs } = first.listening
    const names = [
      'moduleLoad',
      'configuration',
      'databaseOpen',
      'migrationCheck',
      'policyLoad',
      'seedCheck',
      'listen',
    ]
    expect(Object.keys(phasesMs)).toEqual(names)
    const ends = names.map((name) => phasesMs[name] as number)
    expect(ends.every((ms, i) => Number.isInteger(ms) && ms > 0 && ms >= (ends[i - 1] ?? 0))).toBe(true)
    expect(startupCpuMs).toBeGreaterThan(0)
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200)
  })

  it('refuses a second server, and the migrate and bootstrap scripts, naming the directory and the holder', async () => {
    const second = await runBuilt('server', [], embeddedEnv(dataDir))
    const migrate = await runBuilt('migrate', [], embeddedEnv(dataDir))
    const bootstrap = await runBuilt(
      'bootstrap',
      ['--name', 'Acme', '--email', 'owner@acme.test', '--json'],
      embeddedEnv(dataDir),
    )
    for (const refused of [second, migrate, bootstrap]) {
      expect(refused.code).toBe(1)
      expect(refused.output).toContain(
        `The data directory ${dataDir} is in use by process ${first.child.pid}`,
      )
    }
    // The first server still holds the directory and answers.
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).toBe(`${first.child.pid}\n${hostname()}\n`)
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200)
  })

  it('releases the lock on SIGTERM; after SIGKILL the next start takes the stale lock over', async () => {
    expect(await first.stop()).toBe(0)
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false)

    const killed = await startBuiltServer(embeddedEnv(dataDir))
    killed.child.kill('SIGKILL')
    await killed.stop()
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).toBe(`${killed.child.pid}\n${hostname()}\n`)

    first = await startBuiltServer(embeddedEnv(dataDir))
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).toBe(`${first.child.pid}\n${hostname()}\n`)
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200)
  }, 120_000)
})

describe('the built server refuses what it must not overwrite', () => {
  it('a foreign directory, exiting 1 and leaving it as it was', async () => {
    const dir = newDir()
    mkdirSync(dir)
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    const { code, output } = await runBuilt('server', [], embeddedEnv(dir))
    expect(code).toBe(1)
    expect(output).toContain(`${dir} is not empty and is not an embedded Loopdesk database`)
    expect(readdirSync(dir)).toEqual(['notes.txt'])
  })

  it('an embedded PostgreSQL another application made (tables, no Loopdesk migrations)', async () => {
    const dir = newDir()
    const other = await PGlite.create(dir)
    await other.exec('create table their_data (id int primary key)')
    await other.close()
    const { code, output } = await runBuilt('migrate', [], embeddedEnv(dir))
    expect(code).toBe(1)
    expect(output).toContain('not a Loopdesk database: it has tables (their_data) but no migration journal')
    const reopened = await PGlite.create(dir)
    try {
      const { rows } = await reopened.query<{ tables: string[] }>(
        "select array_agg(tablename::text) as tables from pg_tables where schemaname = 'public'",
      )
      expect(rows[0]?.tables).toEqual(['their_data'])
    } finally {
      await reopened.close()
    }
  }, 60_000)
})
