import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { migrationsFolder, readMigrations } from './migrate'

/**
 * A pre-migrated embedded data directory (a `dumpDataDir()` tarball), made by the build: the first start on an
 * empty directory loads it instead of running initdb and every migration. It is named by PGlite's version
 * and a hash of the migrations, so a template made by another PGlite or before a new migration is never used
 * (the start then runs initdb and migrates, as without one).
 */
export function pgliteTemplatePath(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite')
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string
  }
  const folder = migrationsFolder()
  const hash = createHash('sha256').update(pkg.version)
  for (const migration of readMigrations(folder)) hash.update(`${migration.when}:${migration.hash}`)
  const key = hash.digest('hex').slice(0, 16)
  return join(dirname(folder), 'dist', 'pglite-templates', `pglite-${pkg.version}-${key}.tar`)
}

/** The template for the current migrations, if the build has made it. */
export function readPgliteTemplate(): Blob | undefined {
  const path = pgliteTemplatePath()
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined
}
