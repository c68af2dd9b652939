import type { Database } from './database'

export type { Database, Db } from './database'

export interface OpenOptions {
  /** postgres://… for PostgreSQL; undefined for embedded PGlite. */
  databaseUrl?: string
  /** PGlite's data directory; undefined (with no URL) keeps the database in memory. */
  dataDir?: string
  poolSize?: number
}

/**
 * Open the database the configuration names (Node only; Workers import ./postgres directly so that
 * PGlite's WASM never enters their bundle). An embedded data directory is locked for this process until
 * `close()`: a second process opening it fails with a `DataDirError` naming the holder.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres')
    return openPostgres(options.databaseUrl, { max: options.poolSize })
  }
  const { openPglite } = await import('./pglite')
  return openPglite(options.dataDir)
}
