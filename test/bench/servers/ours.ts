import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { createApp, createDeps } from '../../../src/app'
import { loadConfig } from '../../../src/config'
import { openDatabase } from '../../../src/db/client'
import { createLogger } from '../../../src/logger'
import { readSpec, runServer } from '../child'

/**
 * Our server, wired like src/server.ts (same createApp and createDeps, logger, pool size), except:
 * no migration or demo seed (the runner seeded the database), a rate limit too high to ever answer 429, the
 * runner's signing secret, and a free port on 127.0.0.1.
 */
const spec = readSpec('ours')
const config = {
  ...loadConfig({
    LOG_LEVEL: spec.logLevel,
    DATABASE_POOL_SIZE: String(spec.poolSize),
    HOST: '127.0.0.1',
    PORT: '0',
  }),
  rateLimit: { limit: 1_000_000_000, windowSeconds: 60 },
}
const database = await openDatabase(
  spec.database.driver === 'postgres'
    ? { databaseUrl: spec.database.url, poolSize: spec.poolSize }
    : { dataDir: spec.database.dataDir },
)
const app = createApp(
  createDeps({ config, database, logger: createLogger(config.logLevel), secret: spec.secret }),
)
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server
runServer(server, () => database.close())
