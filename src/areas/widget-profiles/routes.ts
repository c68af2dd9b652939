import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import {
  createWidgetProfile,
  deleteWidgetProfile,
  getWidgetProfileOrThrow,
  listWidgetProfiles,
  rotateWidgetProfileKey,
  toWidgetProfile,
  updateWidgetProfile,
  type WidgetProfileId,
} from './service'

export function registerWidgetProfileRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/widget-profiles - list the workspace's widget profiles
  app.openapi(operations.listWidgetProfiles, async (c) => {
    const query = queryOf(operations.listWidgetProfiles, c.req.valid('query'))
    const page = await listWidgetProfiles(
      serviceContext(c),
      { limit: query.limit, cursor: query.cursor, sort: query.sort },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toWidgetProfile), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/widget-profiles - create a profile with a publishable key
  app.openapi(operations.createWidgetProfile, async (c) => {
    const row = await createWidgetProfile(serviceContext(c), c.req.valid('json'))
    return c.json(toWidgetProfile(row), 201, {
      etag: etagOf(row.version),
      location: `/v1/widget-profiles/${row.id}`,
    })
  })

  // GET /v1/widget-profiles/{profileId} - one profile
  app.openapi(operations.getWidgetProfile, async (c) => {
    const row = await getWidgetProfileOrThrow(
      serviceContext(c),
      c.req.valid('param').profileId as WidgetProfileId,
    )
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toWidgetProfile(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/widget-profiles/{profileId} - change name, environment or allowed origins
  app.openapi(operations.updateWidgetProfile, async (c) => {
    const row = await updateWidgetProfile(
      serviceContext(c),
      c.req.valid('param').profileId as WidgetProfileId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toWidgetProfile(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/widget-profiles/{profileId} - delete a profile; its key stops working
  app.openapi(operations.deleteWidgetProfile, async (c) => {
    await deleteWidgetProfile(
      serviceContext(c),
      c.req.valid('param').profileId as WidgetProfileId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // POST /v1/widget-profiles/{profileId}/rotate-key - a new publishable key; the former one stops working
  app.openapi(operations.rotateWidgetProfileKey, async (c) => {
    const row = await rotateWidgetProfileKey(
      serviceContext(c),
      c.req.valid('param').profileId as WidgetProfileId,
      c.req.header('if-match'),
    )
    return c.json(toWidgetProfile(row), 200, { etag: etagOf(row.version) })
  })
}
