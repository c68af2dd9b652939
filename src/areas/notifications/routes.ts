import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { queryOf } from '../../kit/list'
import {
  getNotificationPreferences,
  listNotifications,
  markNotificationsRead,
  toNotification,
  updateNotificationPreferences,
} from './service'

export function registerNotificationRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/notifications - the caller's notifications
  app.openapi(operations.listNotifications, async (c) => {
    const query = queryOf(operations.listNotifications, c.req.valid('query'))
    const page = await listNotifications(
      serviceContext(c),
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        unread: query.unread === 'true',
      },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toNotification), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/notifications/read - mark some or all of the caller's notifications read
  app.openapi(operations.markNotificationsRead, async (c) => {
    const count = await markNotificationsRead(serviceContext(c), c.req.valid('json'))
    return c.json({ count }, 200)
  })

  // GET /v1/notification-preferences - the caller's effective preferences
  app.openapi(operations.getNotificationPreferences, async (c) => {
    return c.json({ data: await getNotificationPreferences(serviceContext(c)) }, 200)
  })

  // PUT /v1/notification-preferences - set some of the caller's preferences
  app.openapi(operations.updateNotificationPreferences, async (c) => {
    const data = await updateNotificationPreferences(serviceContext(c), c.req.valid('json').preferences)
    return c.json({ data }, 200)
  })
}
