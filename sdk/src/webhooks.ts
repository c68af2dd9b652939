/**
 * Verify a Loopdesk webhook delivery (Standard Webhooks). Web Crypto only, so it runs in browsers, Workers,
 * Deno and Node 20+.
 */
import type { components } from './schema.js'

/** How far `webhook-timestamp` may be from now: older deliveries could be replays. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60

export type WebhookVerificationFailure =
  | 'missing_headers'
  | 'invalid_secret'
  | 'invalid_timestamp'
  | 'timestamp_out_of_tolerance'
  | 'no_matching_signature'

/** Thrown by `verifyWebhook`; `reason` says which check failed. */
export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: WebhookVerificationFailure,
    message: string,
  ) {
    super(message)
    this.name = 'WebhookVerificationError'
  }
}

/**
 * A delivery as Loopdesk sends it: one member per event type (the spec's `webhooks`), so checking `type`
 * narrows `data`. Loopdesk may add event types: ignore those you do not know.
 */
export type WebhookEvent = components['schemas']['WebhookEvent']
/** Every event type a delivery can carry (`contact.created`, `webhook.ping`, …). */
export type WebhookEventType = WebhookEvent['type']
/** The delivery of one event type, e.g. `WebhookEventOf<'contact.created'>`. */
export type WebhookEventOf<T extends WebhookEventType> = Extract<WebhookEvent, { type: T }>

type HeaderSource = Headers | Record<string, string | string[] | undefined>

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined
  const record = headers as Record<string, string | string[] | undefined>
  const key = Object.keys(record).find((k) => k.toLowerCase() === name)
  const value = key === undefined ? undefined : record[key]
  return Array.isArray(value) ? value[0] : value
}

function base64ToBytes(value: string): Uint8Array {
  const binary = atob(value)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Equal-time comparison, so a forger learns nothing from how long a refusal takes. */
function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/**
 * Check a delivery's `webhook-signature` against `secret` (the `whsec_…` shown when the webhook was created or
 * its secret rotated) and its `webhook-timestamp` against the clock, then return the parsed event. `body`
 * must be the raw request body, byte for byte, not re-serialised JSON. Throws `WebhookVerificationError`.
 * Deduplicate on `webhook-id`: retries of one delivery carry the same id. The event is parsed, not validated:
 * its type is what the spec documents for each `type`.
 *
 * @example
 * ```ts
 * const event = await verifyWebhook(secret, request.headers, await request.text())
 * if (event.type === 'contact.created') console.log(event.data.contact.email)
 * ```
 */
export async function verifyWebhook(
  secret: string,
  headers: HeaderSource,
  body: string,
  options: { toleranceSeconds?: number; now?: Date } = {},
): Promise<WebhookEvent> {
  const id = header(headers, 'webhook-id')
  const timestamp = header(headers, 'webhook-timestamp')
  const signatures = header(headers, 'webhook-signature')
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError(
      'missing_headers',
      'webhook-id, webhook-timestamp and webhook-signature are required',
    )
  }
  if (!/^\d+$/.test(timestamp)) {
    throw new WebhookVerificationError('invalid_timestamp', 'webhook-timestamp is not a number of seconds')
  }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000)
  const tolerance = options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_out_of_tolerance',
      `webhook-timestamp is more than ${tolerance} s from now`,
    )
  }
  let keyBytes: Uint8Array
  try {
    keyBytes = base64ToBytes(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret)
  } catch {
    throw new WebhookVerificationError('invalid_secret', 'The secret is not whsec_ followed by base64')
  }
  if (keyBytes.length === 0) throw new WebhookVerificationError('invalid_secret', 'The secret is empty')
  const key = await crypto.subtle.importKey(
    'raw',
    keyBytes as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`))
  const expected = bytesToBase64(new Uint8Array(mac))
  // During a secret rotation several signatures are sent, space-separated: any one of them will do.
  const matched = signatures
    .split(' ')
    .some((s) => s.startsWith('v1,') && timingSafeEqual(s.slice(3), expected))
  if (!matched) {
    throw new WebhookVerificationError('no_matching_signature', 'No signature matches this secret')
  }
  return JSON.parse(body) as WebhookEvent
}
