/**
 * Webhook receiver: registers an endpoint for Loopdesk's events and serves it. The handler is a plain fetch
 * handler (`Request` in, `Response` out), so the same function serves on Workers, Deno, Bun or Node; it checks
 * every delivery's signature with the SDK's `verifyWebhook` and drops redeliveries it has already handled. Run
 * as a script, it serves the handler on Node with @hono/node-server.
 *
 *   LOOPDESK_URL=http://localhost:3000 LOOPDESK_API_KEY=ld_… PUBLIC_URL=https://hooks.example.com/loopdesk \
 *     npx tsx sdk/examples/webhook-receiver.ts
 */
import { argv, env } from 'node:process'
import { pathToFileURL } from 'node:url'
import {
  createLoopdeskClient,
  type LoopdeskClient,
  unwrap,
  verifyWebhook,
  type WebhookEvent,
  WebhookVerificationError,
} from '@loopdesk/sdk'

/**
 * Create a webhook that sends `events` (types or wildcards such as `contact.*`) to `url`; its secret is in the
 * answer, this once. `webhook.ping` (`POST /v1/webhooks/{webhookId}/ping`) reaches every webhook.
 */
export async function registerWebhook(client: LoopdeskClient, url: string, events: string[] = ['*']) {
  const webhook = await unwrap(
    client.POST('/v1/webhooks', { body: { url, events, description: 'webhook-receiver example' } }),
  )
  return { id: webhook.id, secret: webhook.secret }
}

/**
 * A fetch handler for deliveries signed with `secret`: `401` for a delivery that fails verification (wrong
 * signature, too old, missing headers), `204` once `onEvent` has handled it. A delivery whose `webhook-id` was
 * handled before is answered `204` again without calling `onEvent` (Loopdesk retries until it gets a 2xx). Keep
 * the seen ids in a store that survives restarts in production.
 */
export function webhookReceiver(
  secret: string,
  onEvent: (event: WebhookEvent) => void | Promise<void>,
  seen: Set<string> = new Set(),
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { Allow: 'POST' } })
    let event: WebhookEvent
    try {
      // The raw body, byte for byte: the signature covers it exactly.
      event = await verifyWebhook(secret, request.headers, await request.text())
    } catch (error) {
      if (error instanceof WebhookVerificationError) return new Response(error.reason, { status: 401 })
      throw error
    }
    const id = request.headers.get('webhook-id') ?? ''
    if (!seen.has(id)) {
      await onEvent(event)
      seen.add(id)
    }
    return new Response(null, { status: 204 })
  }
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  const { serve } = await import('@hono/node-server')
  const client = createLoopdeskClient({ baseUrl: env.LOOPDESK_URL ?? '', apiKey: env.LOOPDESK_API_KEY ?? '' })
  const { id, secret } = await registerWebhook(client, env.PUBLIC_URL ?? '', ['contact.*'])
  const handler = webhookReceiver(secret, (event) => {
    if (event.type === 'contact.created') console.log('new contact', event.data.contact.email)
    else console.log(event.type, event.id)
  })
  serve({ fetch: handler, port: Number(env.PORT ?? 8787) }, ({ port }) => {
    console.log(`webhook ${id} delivers to ${env.PUBLIC_URL}, served on port ${port}`)
  })
}
