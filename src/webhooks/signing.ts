import { createHmac, randomBytes } from 'node:crypto'

/** The prefix of a webhook signing secret; the rest is base64 of 32 random bytes (Standard Webhooks). */
export const SECRET_PREFIX = 'whsec_'

/** A new signing secret: `whsec_` + base64 of 32 random bytes. */
export const generateWebhookSecret = () => `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`

/** One `v1,<base64>` signature of `${id}.${timestamp}.${body}` with the secret's key bytes. */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  )
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
  return `v1,${mac}`
}

/**
 * The Standard Webhooks headers for one attempt. `id` stays the same across retries (receivers dedupe on it);
 * during a rotation every given secret signs, space-separated, so receivers holding either one verify.
 */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signature(s, id, timestamp, body)).join(' '),
  }
}
