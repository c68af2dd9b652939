import { mkdirSync } from 'node:fs'
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
 * PGlite's WASM never enters their bundle).
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres')
    return openPostgres(options.databaseUrl, { max: options.poolSize })
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  const { openPglite } = await import('./pglite')
  return openPglite(options.dataDir)
}
