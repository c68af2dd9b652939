/**
 * Automation: rotate every active API key older than a number of days, as a scheduled job would. Each rotation
 * carries an `Idempotency-Key` made of the key id and the day, so a run that is retried (by the SDK after a
 * dropped connection, or by the scheduler after a crash) replays the first rotation instead of rotating again,
 * and the new secrets it prints are the ones in force. The previous secrets keep working for a grace period.
 *
 *   LOOPDESK_URL=http://localhost:3000 LOOPDESK_API_KEY=ld_… npx tsx sdk/examples/automation.ts 90
 */
import { argv, env } from 'node:process'
import { pathToFileURL } from 'node:url'
import { createLoopdeskClient, type LoopdeskClient, paginate, unwrap } from '@loopdesk/sdk'

export interface Rotated {
  id: string
  name: string
  /** The new secret: hand it to whoever uses the key (a vault, a deployment's settings). */
  secret: string
}

export interface RotateOptions {
  /** Rotate keys created more than this many days before `now`. */
  olderThanDays: number
  /** How long the previous secret keeps working, in seconds (default one day). */
  gracePeriodSeconds?: number
  now?: Date
}

export async function rotateStaleKeys(client: LoopdeskClient, options: RotateOptions): Promise<Rotated[]> {
  const now = options.now ?? new Date()
  const cutoff = now.getTime() - options.olderThanDays * 24 * 60 * 60 * 1000
  const day = now.toISOString().slice(0, 10)
  const rotated: Rotated[] = []
  for await (const key of paginate(client, '/v1/api-keys', { params: { query: { limit: 100 } } })) {
    if (Date.parse(key.createdAt) >= cutoff) continue
    const fresh = await unwrap(
      client.POST('/v1/api-keys/{apiKeyId}/rotate', {
        params: { path: { apiKeyId: key.id }, header: { 'Idempotency-Key': `rotate-${key.id}-${day}` } },
        body: { gracePeriodSeconds: options.gracePeriodSeconds ?? 86_400 },
      }),
    )
    rotated.push({ id: fresh.id, name: fresh.name, secret: fresh.secret })
  }
  return rotated
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  const client = createLoopdeskClient({ baseUrl: env.LOOPDESK_URL ?? '', apiKey: env.LOOPDESK_API_KEY ?? '' })
  const rotated = await rotateStaleKeys(client, { olderThanDays: Number(argv[2] ?? 90) })
  for (const key of rotated) console.log(`${key.id} (${key.name}): ${key.secret}`)
  console.log(`${rotated.length} key(s) rotated`)
}
