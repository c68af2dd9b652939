// npm run migrate: apply pending migrations to DATABASE_URL (or the embedded database in LOOPDESK_DATA_DIR).
// An embedded data directory that a running server holds is refused (src/db/data-dir.ts): stop the server
// first; it migrates on start anyway.
// `--pglite-template` instead makes the pre-migrated embedded template if missing (the build's last step).
import { loadConfig } from '../src/config'
import { openDatabase } from '../src/db/client'
import { DataDirError } from '../src/db/data-dir'
import { MigrationError } from '../src/db/migrate'
import { ensurePgliteTemplate } from '../src/db/pglite'

if (process.argv.includes('--pglite-template')) {
  process.stdout.write(`pglite template: ${await ensurePgliteTemplate()}\n`)
  process.exit(0)
}
const config = loadConfig()
try {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 1,
  })
  try {
    const applied = await database.migrate()
    process.stdout.write(
      `migrated (${database.driver}): ${applied.length > 0 ? applied.join(', ') : 'already current'}\n`,
    )
  } finally {
    await database.close()
  }
} catch (error) {
  if (!(error instanceof DataDirError || error instanceof MigrationError)) throw error
  process.stderr.write(`migrate: ${error.message}\n`)
  process.exitCode = 1
}
