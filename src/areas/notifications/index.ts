import { notifications } from '../../db/schema'
import { notificationsModule } from '../../notifications/worker'
import { defineArea } from '../../registry/area'
import { registerNotificationRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Notification: true
  }
}

/** A member's own notifications and preferences; the workers produce them from the kinds areas declare. */
export default defineArea({
  name: 'notifications',
  routes: registerNotificationRoutes,
  resources: {
    Notification: {
      table: notifications,
      fields: {
        id: notifications.id,
        workspaceId: notifications.workspaceId,
        memberId: notifications.memberId,
      },
      scope: 'notifications',
      prefix: 'ntf',
      actions: { read: 'notifications.manage', update: 'notifications.manage' },
    },
  },
  workers: [notificationsModule()],
})
