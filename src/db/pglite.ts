import { PGlite, types } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { type Database, type Db, migrationsFolder } from './database'
import * as schema from './schema'

/**
 * Embedded PostgreSQL (WASM). `dataDir` undefined keeps it in memory (tests); `snapshot` starts from a
 * `dumpDataDir()` tarball instead of running initdb (tests load one migrated snapshot per file).
 */
export async function openPglite(
  dataDir?: string,
  options: { snapshot?: Blob } = {},
): Promise<Database & { snapshot(): Promise<Blob> }> {
  // int8 as string, like postgres.js, so code never meets a bigint on one driver and a string on the other.
  const client = await PGlite.create(dataDir, {
    parsers: { [types.INT8]: (value: string) => value },
    ...(options.snapshot ? { loadDataDir: options.snapshot } : {}),
  })
  const db = drizzle({ client, schema }) as unknown as Db
  return {
    driver: 'pglite',
    db,
    migrate: () => migrate(drizzle({ client, schema }), { migrationsFolder: migrationsFolder() }),
    close: () => client.close(),
    snapshot: () => client.dumpDataDir('none'),
  }
}
