// npm run migrate: apply pending migrations to DATABASE_URL (or the embedded database in LOOPDESK_DATA_DIR).
import { loadConfig } from '../src/config'
import { openDatabase } from '../src/db/client'

const config = loadConfig()
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 })
try {
  await database.migrate()
  process.stdout.write(`migrated (${database.driver})\n`)
} finally {
  await database.close()
}
