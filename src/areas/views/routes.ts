import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import { createView, deleteView, getViewOrThrow, listViews, toView, updateView, type ViewId } from './service'

export function registerViewRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/views - the views the caller sees
  app.openapi(operations.listViews, async (c) => {
    const query = queryOf(operations.listViews, c.req.valid('query'))
    const page = await listViews(
      serviceContext(c),
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        sharing: query.sharing,
        teamId: query.teamId,
      },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toView), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/views - save a ticket filter
  app.openapi(operations.createView, async (c) => {
    const row = await createView(serviceContext(c), c.req.valid('json'))
    return c.json(toView(row), 201, { etag: etagOf(row.version), location: `/v1/views/${row.id}` })
  })

  // GET /v1/views/{viewId} - one view
  app.openapi(operations.getView, async (c) => {
    const row = await getViewOrThrow(serviceContext(c), c.req.valid('param').viewId as ViewId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toView(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/views/{viewId} - change a view
  app.openapi(operations.updateView, async (c) => {
    const row = await updateView(
      serviceContext(c),
      c.req.valid('param').viewId as ViewId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toView(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/views/{viewId} - delete a view
  app.openapi(operations.deleteView, async (c) => {
    await deleteView(serviceContext(c), c.req.valid('param').viewId as ViewId, c.req.header('if-match'))
    return c.body(null, 204)
  })
}
