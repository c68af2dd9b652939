import { membersWith } from '../../authz/who'
import { webhooks } from '../../db/schema'
import { defineArea } from '../../registry/area'
import { webhooksModule } from '../../webhooks/worker'
import { registerWebhookRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Webhook: true
  }
}

/** A webhook as events carry it: never its secret. */
interface EventWebhook {
  id: string
  url: string
  description: string | null
  events: string[]
  teamIds: string[]
  inboxIds: string[]
  active: boolean
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    /** Never the signing secret. */
    'webhook.created': { webhook: EventWebhook }
    /** `previous` holds the changed fields' former values. */
    'webhook.updated': { webhook: EventWebhook; previous: Record<string, unknown> }
    'webhook.deleted': { webhook: { id: string; url: string } }
    /** Never a secret: only until when the previous one still signs. */
    'webhook.secret_rotated': { webhook: { id: string; url: string }; previousSecretExpiresAt: string }
    /** `reason`: `gone` (the receiver answered 410) or `failures` (too many consecutive failed attempts). */
    'webhook.disabled': {
      webhook: { id: string; url: string }
      reason: 'gone' | 'failures'
      consecutiveFailures: number
      lastStatusCode: number | null
      lastError: string | null
    }
  }
}

declare module '../../notifications/kinds' {
  interface NotificationKinds {
    webhook_disabled: true
  }
}

/** Webhook endpoints, their deliveries (signed, retried, logged) and the delivery workers. */
export default defineArea({
  name: 'webhooks',
  routes: registerWebhookRoutes,
  resources: {
    Webhook: {
      table: webhooks,
      fields: { id: webhooks.id, workspaceId: webhooks.workspaceId },
      scope: 'webhooks',
      prefix: 'wh',
      actions: {
        read: 'webhooks.manage',
        create: 'webhooks.manage',
        update: 'webhooks.manage',
        delete: 'webhooks.manage',
        rotate_secret: 'webhooks.manage',
        redeliver: 'webhooks.manage',
        ping: 'webhooks.manage',
      },
    },
  },
  events: {
    'webhook.created': { resourceType: 'webhook', permission: 'webhooks.manage', audited: true },
    'webhook.updated': { resourceType: 'webhook', permission: 'webhooks.manage', audited: true },
    'webhook.deleted': { resourceType: 'webhook', permission: 'webhooks.manage', audited: true },
    'webhook.secret_rotated': { resourceType: 'webhook', permission: 'webhooks.manage', audited: true },
    'webhook.disabled': { resourceType: 'webhook', permission: 'webhooks.manage', audited: true },
  },
  workers: [webhooksModule()],
  notificationKinds: {
    webhook_disabled: {
      description: 'A webhook was disabled after failed deliveries',
      producers: {
        'webhook.disabled': async (tx, event, data) => [
          {
            kind: 'webhook_disabled',
            recipients: await membersWith(tx, event.workspaceId, 'webhooks.manage'),
            title: 'A webhook was disabled',
            body:
              data.reason === 'gone'
                ? `${data.webhook.url} answered 410 Gone: deliveries to it stopped.`
                : `${data.webhook.url} failed ${data.consecutiveFailures} deliveries in a row: deliveries to it stopped.`,
            resourceType: 'webhook',
            resourceId: data.webhook.id,
          },
        ],
      },
    },
  },
})
