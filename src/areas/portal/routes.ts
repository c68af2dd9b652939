import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import {
  createPortalTab,
  deletePortalTab,
  getPortalTabOrThrow,
  listPortalTabs,
  type PortalTabId,
  reorderPortalTabs,
  resolveNavigation,
  toPortalTab,
  updatePortalTab,
} from './service'

export function registerPortalRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/portal/tabs - the workspace's tabs in order (empty: the default navigation)
  app.openapi(operations.listPortalTabs, async (c) => {
    const query = queryOf(operations.listPortalTabs, c.req.valid('query'))
    const page = await listPortalTabs(
      serviceContext(c),
      { limit: query.limit, cursor: query.cursor },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toPortalTab), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/portal/tabs - add a tab
  app.openapi(operations.createPortalTab, async (c) => {
    const row = await createPortalTab(serviceContext(c), c.req.valid('json'))
    return c.json(toPortalTab(row), 201, { etag: etagOf(row.version), location: `/v1/portal/tabs/${row.id}` })
  })

  // POST /v1/portal/tabs/reorder - set the tabs' order (registered before /{portalTabId})
  app.openapi(operations.reorderPortalTabs, async (c) => {
    const rows = await reorderPortalTabs(serviceContext(c), c.req.valid('json').ids)
    return c.json({ data: rows.map(toPortalTab) }, 200)
  })

  // GET /v1/portal/tabs/{portalTabId} - one tab
  app.openapi(operations.getPortalTab, async (c) => {
    const row = await getPortalTabOrThrow(serviceContext(c), c.req.valid('param').portalTabId as PortalTabId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toPortalTab(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/portal/tabs/{portalTabId} - change a tab
  app.openapi(operations.updatePortalTab, async (c) => {
    const row = await updatePortalTab(
      serviceContext(c),
      c.req.valid('param').portalTabId as PortalTabId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toPortalTab(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/portal/tabs/{portalTabId} - delete a tab
  app.openapi(operations.deletePortalTab, async (c) => {
    await deletePortalTab(
      serviceContext(c),
      c.req.valid('param').portalTabId as PortalTabId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // GET /v1/portal/navigation - the tabs the caller should see
  app.openapi(operations.getPortalNavigation, async (c) => {
    const tabs = await resolveNavigation(serviceContext(c))
    return c.json({ tabs }, 200)
  })
}
