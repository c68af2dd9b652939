import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { PGlite, types } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { drizzle } from 'drizzle-orm/pglite'
import { type DataDirLock, inspectDataDir, lockDataDir } from './data-dir'
import type { Database, Db } from './database'
import { migrate } from './migrate'
import { pgliteTemplatePath, readPgliteTemplate } from './pglite-template'
import * as schema from './schema'
import { statementLogger } from './statements'

/**
 * PostgreSQL's buffer cache inside PGlite's WebAssembly memory. Every open initialises all of it: at the
 * default 128MB that was most of the embedded database's open (one WebAssembly function, 1.4 s of a 2.3 s
 * open under `--cpu-prof` on a loaded 2-core machine; 0.37 s at 32MB, 0.1 s at 16MB). 16MB holds the working
 * set of a development or small installation; reads beyond it go to the files through the OS's cache.
 */
const SHARED_BUFFERS = '16MB'

/**
 * The contrib extensions the migrations create (`pg_trgm`, migration `feedback_trgm`). Every PGlite that opens a
 * migrated data directory must load them: an index using one fails on write without it.
 */
export const pgliteExtensions = { pg_trgm }

/**
 * Embedded PostgreSQL (WASM). `dataDir` undefined keeps it in memory (tests); `snapshot` starts from a
 * `dumpDataDir()` tarball instead of running initdb (tests load one migrated snapshot per file), as does a
 * new data directory when the build made a template (`src/db/pglite-template.ts`).
 *
 * A data directory is checked before anything is written to it (`inspectDataDir`: a foreign, damaged or
 * other-version directory is refused) and locked for this process (`lockDataDir`) until `close()`.
 */
export async function openPglite(
  dataDir?: string,
  options: { snapshot?: Blob } = {},
): Promise<Database & { snapshot(): Promise<Blob> }> {
  let lock: DataDirLock | undefined
  if (dataDir) {
    inspectDataDir(dataDir)
    lock = lockDataDir(dataDir)
  }
  let client: PGlite
  try {
    // Again under the lock: what the directory holds now is what PGlite will open. An empty one starts from
    // the build's pre-migrated template when there is one (no initdb, no migrations to run).
    const fresh = dataDir !== undefined && inspectDataDir(dataDir) === 'empty'
    const initial = options.snapshot ?? (fresh ? readPgliteTemplate() : undefined)
    // int8 as string, like postgres.js, so code never meets a bigint on one driver and a string on the other.
    client = await PGlite.create(dataDir, {
      extensions: pgliteExtensions,
      parsers: { [types.INT8]: (value: string) => value },
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
      ...(initial ? { loadDataDir: initial } : {}),
    })
  } catch (error) {
    lock?.release()
    throw error
  }
  const db = drizzle({ client, schema, logger: statementLogger }) as unknown as Db
  return {
    driver: 'pglite',
    db,
    // The directory belongs to this installation alone: refuse one another installation or version made.
    migrate: () => migrate(db, { strict: true }),
    async close() {
      try {
        await client.close()
      } finally {
        lock?.release()
      }
    },
    snapshot: () => client.dumpDataDir('none'),
  }
}

/** Make the template unless it exists (the build's last step, `node dist/migrate.js --pglite-template`). Answers its path. */
export async function ensurePgliteTemplate(): Promise<string> {
  const path = pgliteTemplatePath()
  if (existsSync(path)) return path
  const database = await openPglite()
  try {
    await database.migrate()
    const tarball = await database.snapshot()
    mkdirSync(dirname(path), { recursive: true })
    const draft = `${path}.${process.pid}`
    writeFileSync(draft, Buffer.from(await tarball.arrayBuffer()))
    renameSync(draft, path)
  } finally {
    await database.close()
  }
  return path
}
