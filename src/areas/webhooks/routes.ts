import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import type { WebhookDeps } from './service'
import {
  createWebhook,
  deleteWebhook,
  getWebhookOrThrow,
  listWebhookDeliveries,
  listWebhooks,
  pingWebhook,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  toDelivery,
  toWebhook,
  updateWebhook,
  type WebhookDeliveryId,
  type WebhookId,
} from './service'

const webhookDeps = (c: Context<AppEnv>): WebhookDeps => {
  const deps = c.get('deps')
  return { secret: deps.secret, config: deps.config }
}

export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/webhooks - list the workspace's webhooks
  app.openapi(operations.listWebhooks, async (c) => {
    const query = queryOf(operations.listWebhooks, c.req.valid('query'))
    const page = await listWebhooks(
      serviceContext(c),
      { limit: query.limit, cursor: query.cursor, sort: query.sort },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toWebhook), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/webhooks - subscribe a URL to events (secret shown once)
  app.openapi(operations.createWebhook, async (c) => {
    const { row, secret } = await createWebhook(serviceContext(c), webhookDeps(c), c.req.valid('json'))
    return c.json({ ...toWebhook(row), secret }, 201, {
      etag: etagOf(row.version),
      location: `/v1/webhooks/${row.id}`,
    })
  })

  // GET /v1/webhooks/{webhookId} - one webhook
  app.openapi(operations.getWebhook, async (c) => {
    const row = await getWebhookOrThrow(serviceContext(c), c.req.valid('param').webhookId as WebhookId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toWebhook(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/webhooks/{webhookId} - change URL, events, filters, description or active
  app.openapi(operations.updateWebhook, async (c) => {
    const row = await updateWebhook(
      serviceContext(c),
      webhookDeps(c),
      c.req.valid('param').webhookId as WebhookId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toWebhook(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/webhooks/{webhookId} - delete a webhook and its delivery log
  app.openapi(operations.deleteWebhook, async (c) => {
    await deleteWebhook(
      serviceContext(c),
      c.req.valid('param').webhookId as WebhookId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // POST /v1/webhooks/{webhookId}/rotate-secret - a new signing secret; the old one signs too for 24 h
  app.openapi(operations.rotateWebhookSecret, async (c) => {
    const { row, secret } = await rotateWebhookSecret(
      serviceContext(c),
      webhookDeps(c),
      c.req.valid('param').webhookId as WebhookId,
      c.req.header('if-match'),
    )
    return c.json({ ...toWebhook(row), secret }, 200, { etag: etagOf(row.version) })
  })

  // GET /v1/webhooks/{webhookId}/deliveries - the delivery log
  app.openapi(operations.listWebhookDeliveries, async (c) => {
    const query = queryOf(operations.listWebhookDeliveries, c.req.valid('query'))
    const page = await listWebhookDeliveries(
      serviceContext(c),
      c.req.valid('param').webhookId as WebhookId,
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        status: query.status,
      },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toDelivery), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver - send a delivery again now
  app.openapi(operations.redeliverWebhookDelivery, async (c) => {
    const param = c.req.valid('param')
    const delivery = await redeliverWebhookDelivery(
      serviceContext(c),
      webhookDeps(c),
      param.webhookId as WebhookId,
      param.deliveryId as WebhookDeliveryId,
    )
    return c.json(toDelivery(delivery), 200)
  })

  // POST /v1/webhooks/{webhookId}/ping - send a webhook.ping now
  app.openapi(operations.pingWebhook, async (c) => {
    const delivery = await pingWebhook(
      serviceContext(c),
      webhookDeps(c),
      c.req.valid('param').webhookId as WebhookId,
    )
    return c.json(toDelivery(delivery), 200)
  })
}
