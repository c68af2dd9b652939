import type { OpenAPIHono } from '@hono/zod-openapi'
import { sql } from 'drizzle-orm'
import { operations } from '../../../generated/operations'
import type { AppEnv } from '../../http/context'
import { ApiError } from '../../http/errors'

export function registerSystemRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /healthz - liveness: the process answers
  app.openapi(operations.getHealth, (c) => c.json({ status: 'ok' as const }, 200))

  // GET /readyz - readiness: the database answers
  app.openapi(operations.getReadiness, async (c) => {
    const { database, logger } = c.get('deps')
    try {
      await database.db.execute(sql`select 1`)
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed')
      throw new ApiError('not_ready', 'The database does not answer')
    }
    return c.json({ status: 'ok' as const, database: database.driver }, 200)
  })
}
