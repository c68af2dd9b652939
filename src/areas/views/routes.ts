import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import { ticketPresenter } from '../tickets/service/tickets'
import { createView, deleteView, getViewOrThrow, listViews, toView, updateView, type ViewId } from './service'
import { countViews, listViewTickets } from './view-tickets'

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

  // GET /v1/views/counts - the ticket counts of many views, in one statement (registered before /{viewId})
  app.openapi(operations.countViews, async (c) => {
    const ids = c.req.valid('query').ids.split(',') as ViewId[]
    const data = await countViews(serviceContext(c), ids)
    return c.json({ data }, 200)
  })

  // GET /v1/views/{viewId}/tickets - the view's tickets the caller may read
  app.openapi(operations.listViewTickets, async (c) => {
    const ctx = serviceContext(c)
    const query = queryOf(operations.listViewTickets, c.req.valid('query'))
    const page = await listViewTickets(
      ctx,
      c.req.valid('param').viewId as ViewId,
      { limit: query.limit, cursor: query.cursor, sort: query.sort },
      c.get('deps').secret,
    )
    const present = await ticketPresenter(ctx)
    return c.json({ data: page.rows.map(present), nextCursor: page.nextCursor } as never, 200)
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
