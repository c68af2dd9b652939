import { randomBytes } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { type Database, queryRows } from '../../src/db/database'
import { MigrationError, migrate, migrationsFolder, readMigrations } from '../../src/db/migrate'
import { openPglite } from '../../src/db/pglite'
import { openPostgres } from '../../src/db/postgres'
import { testDatabaseUrl } from '../harness'

const runUrl = testDatabaseUrl()
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A new, empty database on the run's driver: PGlite in memory, or a fresh database on the PostgreSQL server. */
async function emptyDatabase(): Promise<Database> {
  if (!runUrl) {
    const database = await openPglite()
    cleanups.push(() => database.close())
    return database
  }
  const name = `loopdesk_migrate_${randomBytes(6).toString('hex')}`
  const admin = postgres(runUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(runUrl)
  url.pathname = `/${name}`
  const database = openPostgres(url.toString(), { max: 2 })
  cleanups.push(async () => {
    await database.close()
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.end()
  })
  return database
}

const scratch = mkdtempSync(join(tmpdir(), 'loopdesk-migrations-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The repository's migrations plus one more, `9999_probe`, whose statements are `statements`. */
function foldersWithExtra(statements: string[]): string {
  const folder = mkdtempSync(join(scratch, 'folder-'))
  cpSync(migrationsFolder(), folder, { recursive: true })
  const journalPath = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'))
  const last = journal.entries.at(-1)
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_probe' })
  writeFileSync(journalPath, JSON.stringify(journal))
  writeFileSync(join(folder, '9999_probe.sql'), statements.join('\n--> statement-breakpoint\n'))
  return folder
}

const journalCount = async (database: Database) =>
  Number(
    (
      await queryRows<{ n: string }>(database.db, sql`select count(*) as n from drizzle.__drizzle_migrations`)
    )[0]?.n,
  )
const tableExists = async (database: Database, table: string) =>
  (
    await queryRows<{ found: boolean }>(database.db, sql`select to_regclass(${table}) is not null as found`)
  )[0]?.found

describe('migrate', () => {
  it('applies every migration on a new database, then checks a current one with a single query', async () => {
    const database = await emptyDatabase()
    const all = readMigrations()
    expect(await database.migrate()).toEqual(all.map((m) => m.tag))
    expect(await journalCount(database)).toBe(all.length)

    const execute = vi.spyOn(database.db, 'execute')
    const transaction = vi.spyOn(database.db, 'transaction')
    expect(await database.migrate()).toEqual([])
    expect(execute).toHaveBeenCalledTimes(1)
    expect(transaction).not.toHaveBeenCalled()
  })

  it('a failing migration leaves the database as it was, and the error names the migration and statement', async () => {
    const database = await emptyDatabase()
    await database.migrate()
    const before = await journalCount(database)
    const folder = foldersWithExtra([
      'CREATE TABLE "migration_probe" ("id" integer)',
      'ALTER TABLE "migration_probe" ADD COLUMN "id" integer',
    ])
    const failed = migrate(database.db, { folder, strict: database.driver === 'pglite' })
    await expect(failed).rejects.toBeInstanceOf(MigrationError)
    await expect(failed).rejects.toThrow(
      /^migration 9999_probe failed at statement 2 of 2 \(ALTER TABLE "migration_probe" ADD COLUMN "id" integer\): column "id" of relation "migration_probe" already exists\. Nothing of this run was applied\.$/,
    )
    expect(await tableExists(database, 'migration_probe')).toBe(false)
    expect(await journalCount(database)).toBe(before)

    // Fixed, the same migration applies.
    const fixed = foldersWithExtra(['CREATE TABLE "migration_probe" ("id" integer)'])
    expect(await migrate(database.db, { folder: fixed, strict: true })).toEqual(['9999_probe'])
    expect(await tableExists(database, 'migration_probe')).toBe(true)
  })

  it('on a new database, a failure in any migration keeps none of them (one transaction)', async () => {
    const database = await emptyDatabase()
    const folder = foldersWithExtra(['SELECT * FROM "no_such_table"'])
    await expect(migrate(database.db, { folder, strict: true })).rejects.toThrow(
      /^migration 9999_probe failed at statement 1 of 1 .*no_such_table/,
    )
    expect(await tableExists(database, 'drizzle.__drizzle_migrations')).toBe(false)
    expect(await tableExists(database, 'workspaces')).toBe(false)
  })

  it('strict: refuses a database with tables but no journal, or with migrations this version does not know', async () => {
    const foreign = await emptyDatabase()
    await foreign.db.execute(sql`create table their_data (id int)`)
    await expect(migrate(foreign.db, { strict: true })).rejects.toThrow(
      'the database is not a Loopdesk database: it has tables (their_data) but no migration journal. Refusing to migrate it.',
    )
    expect(await tableExists(foreign, 'workspaces')).toBe(false)

    const newer = await emptyDatabase()
    await migrate(newer.db, {
      folder: foldersWithExtra(['CREATE TABLE "from_the_future" ("id" integer)']),
      strict: true,
    })
    await expect(migrate(newer.db, { strict: true })).rejects.toThrow(
      /^the database has 1 migration\(s\) this version does not know .*made by a newer Loopdesk or another application/,
    )
    // Not strict (PostgreSQL, where the previous version restarts during a rolling deploy): nothing to apply.
    expect(await migrate(newer.db, { strict: false })).toEqual([])
  })
})
