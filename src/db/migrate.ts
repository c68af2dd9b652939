import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { type Db, queryRows } from './database'
import { pgErrorOf } from './errors'

/** One drizzle-kit migration: its tag (file name), creation time, hash and statements, as drizzle records them. */
export interface Migration {
  tag: string
  /** The journal's `when`: drizzle records it as `created_at`, and a migration is pending when it is later than the last one applied. */
  when: number
  hash: string
  statements: string[]
}

/** A migration failed: nothing of the run was kept (one transaction), and this names where it stopped. */
export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'MigrationError'
  }
}

/**
 * The migrations folder, found from this module upwards: `src/db/` in development, `dist/` in the build
 * (Node only; Workers never migrate).
 */
export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let depth = 0; depth < 4; depth++) {
    const candidate = join(dir, 'migrations')
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate
    dir = dirname(dir)
  }
  throw new Error(`migrations folder not found above ${fileURLToPath(import.meta.url)}`)
}

/** The folder's migrations in journal order, hashed as drizzle hashes them (so databases migrated by drizzle's migrator stay current). */
export function readMigrations(folder = migrationsFolder()): Migration[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[]
  }
  const files = readMigrationFiles({ migrationsFolder: folder })
  return journal.entries.map((entry, i) => {
    const file = files[i]
    if (!file || file.folderMillis !== entry.when)
      throw new Error(`migration ${entry.tag}: journal and files disagree`)
    return {
      tag: entry.tag,
      when: entry.when,
      hash: file.hash,
      statements: file.sql.filter((s) => s.trim() !== ''),
    }
  })
}

const journalTable = sql`drizzle.__drizzle_migrations`

/**
 * Whether the database already has every migration: one query (the last journal row), the whole cost of the
 * check on every start but the first after an upgrade.
 */
export async function migrationsCurrent(db: Db, migrations: Migration[]): Promise<boolean> {
  const last = migrations.at(-1)
  let rows: { created_at: string | number }[]
  try {
    rows = await queryRows(db, sql`select created_at from ${journalTable} order by created_at desc limit 1`)
  } catch (error) {
    // No journal yet (undefined table or schema): a new database.
    if (['42P01', '3F000'].includes(pgErrorOf(error)?.code ?? '')) return false
    throw error
  }
  const [row] = rows
  if (!last) return true
  return row !== undefined && Number(row.created_at) === last.when
}

export interface MigrateOptions {
  /** Default: the repository's `migrations/`. */
  folder?: string
  /**
   * Refuse a database this installation did not make: one with tables but no migration journal, or whose
   * journal has migrations this version does not know (made by a newer version or another application).
   * On for the embedded database, which belongs to one installation. Off on PostgreSQL, where instances of
   * the previous version keep (re)starting during a rolling deploy on a database the new one migrated.
   */
  strict: boolean
  /**
   * Run `apply` with the database to itself (PostgreSQL: one connection holding an advisory lock, so
   * instances starting together migrate one at a time). Default: `apply(db)`.
   */
  exclusive?: (apply: (db: Db) => Promise<string[]>) => Promise<string[]>
}

/**
 * Apply pending migrations, all in one transaction: a failure keeps none of them, and the error names the
 * migration and the statement. Answers the tags applied (none when the database was current).
 */
export async function migrate(db: Db, options: MigrateOptions): Promise<string[]> {
  const migrations = readMigrations(options.folder)
  if (await migrationsCurrent(db, migrations)) return []
  const apply = (locked: Db) => applyPending(locked, migrations, options.strict)
  return options.exclusive ? options.exclusive(apply) : apply(db)
}

async function applyPending(db: Db, migrations: Migration[], strict: boolean): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [state] = await queryRows<{ journaled: boolean; tables: string[] | null }>(
      tx,
      sql`select to_regclass('drizzle.__drizzle_migrations') is not null as journaled,
        (select array_agg(tablename::text order by tablename) from pg_tables where schemaname = 'public') as tables`,
    )
    if (!state?.journaled) {
      const tables = state?.tables ?? []
      if (strict && tables.length > 0) {
        throw new MigrationError(
          `the database is not a Loopdesk database: it has tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}) but no migration journal. Refusing to migrate it.`,
        )
      }
      await tx.execute(sql`create schema if not exists drizzle`)
      await tx.execute(
        sql`create table if not exists ${journalTable} (id serial primary key, hash text not null, created_at bigint)`,
      )
    }
    const applied = await queryRows<{ hash: string; created_at: string | number }>(
      tx,
      sql`select hash, created_at from ${journalTable} order by created_at`,
    )
    if (strict) {
      const known = new Set(migrations.map((m) => m.when))
      const unknown = applied.filter((row) => !known.has(Number(row.created_at)))
      if (unknown.length > 0) {
        throw new MigrationError(
          `the database has ${unknown.length} migration(s) this version does not know (the first made at ${new Date(Number(unknown[0]?.created_at)).toISOString()}): it was made by a newer Loopdesk or another application. Refusing to use it.`,
        )
      }
    }
    const lastWhen = applied.length > 0 ? Number(applied[applied.length - 1]?.created_at) : -1
    const pending = migrations.filter((m) => m.when > lastWhen)
    for (const migration of pending) {
      for (const [i, statement] of migration.statements.entries()) {
        try {
          await tx.execute(sql.raw(statement))
        } catch (error) {
          const reason = pgErrorOf(error)?.message ?? (error instanceof Error ? error.message : String(error))
          throw new MigrationError(
            `migration ${migration.tag} failed at statement ${i + 1} of ${migration.statements.length} (${excerpt(statement)}): ${reason}. Nothing of this run was applied.`,
            migration.tag,
            { cause: error },
          )
        }
      }
      await tx.execute(
        sql`insert into ${journalTable} (hash, created_at) values (${migration.hash}, ${migration.when})`,
      )
    }
    return pending.map((m) => m.tag)
  })
}

function excerpt(statement: string): string {
  const oneLine = statement.replace(/\s+/g, ' ').trim()
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine
}
