import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { queryOf } from '../../kit/list'
import { exportAuditEntries, listAuditEntries, toAuditEntry } from './service'

export function registerAuditRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/audit-log - audited changes, filtered, newest first
  app.openapi(operations.listAuditEntries, async (c) => {
    const query = queryOf(operations.listAuditEntries, c.req.valid('query'))
    const page = await listAuditEntries(
      serviceContext(c),
      { ...query, limit: query.limit, sort: query.sort },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toAuditEntry), nextCursor: page.nextCursor }, 200)
  })

  // GET /v1/audit-log/export - the same entries as a streamed CSV document
  app.openapi(operations.exportAuditLog, async (c) => {
    const ctx = serviceContext(c)
    const logger = c.get('logger')
    const stream = await exportAuditEntries(
      ctx,
      queryOf(operations.exportAuditLog, c.req.valid('query')),
      c.get('deps').secret,
      (err) => logger.error({ err }, 'audit-log export failed mid-stream'),
    )
    const filename = `audit-log-${ctx.workspaceId}-${new Date().toISOString().slice(0, 10)}.csv`
    return c.body(stream, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      // An export is a snapshot of sensitive data: never kept by caches in between.
      'cache-control': 'no-store',
    })
  })
}
