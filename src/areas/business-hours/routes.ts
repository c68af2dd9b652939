import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import {
  type BusinessHoursId,
  createBusinessHours,
  deleteBusinessHours,
  getBusinessHoursOrThrow,
  listBusinessHours,
  toBusinessHours,
  updateBusinessHours,
} from './service'

export function registerBusinessHoursRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/business-hours - list the workspace's business hours
  app.openapi(operations.listBusinessHours, async (c) => {
    const query = queryOf(operations.listBusinessHours, c.req.valid('query'))
    const page = await listBusinessHours(
      serviceContext(c),
      { limit: query.limit, cursor: query.cursor, sort: query.sort },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toBusinessHours), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/business-hours - create business hours
  app.openapi(operations.createBusinessHours, async (c) => {
    const row = await createBusinessHours(serviceContext(c), c.req.valid('json'))
    return c.json(toBusinessHours(row), 201, {
      etag: etagOf(row.version),
      location: `/v1/business-hours/${row.id}`,
    })
  })

  // GET /v1/business-hours/{businessHoursId} - one schedule
  app.openapi(operations.getBusinessHours, async (c) => {
    const row = await getBusinessHoursOrThrow(
      serviceContext(c),
      c.req.valid('param').businessHoursId as BusinessHoursId,
    )
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toBusinessHours(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/business-hours/{businessHoursId} - replace some fields
  app.openapi(operations.updateBusinessHours, async (c) => {
    const row = await updateBusinessHours(
      serviceContext(c),
      c.req.valid('param').businessHoursId as BusinessHoursId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toBusinessHours(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/business-hours/{businessHoursId} - delete unless an SLA policy or inbox uses them
  app.openapi(operations.deleteBusinessHours, async (c) => {
    await deleteBusinessHours(
      serviceContext(c),
      c.req.valid('param').businessHoursId as BusinessHoursId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })
}
