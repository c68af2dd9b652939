import { and, eq, isNull, sql } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import { operations } from '../../generated/operations'
import { hashSecret, KEY_START_LENGTH, looksLikeApiKey, sameHash } from '../areas/api-keys/secrets'
import { type Db, prepared } from '../db/database'
import { apiKeys } from '../db/schema'
import type { ApiKeyId } from '../ids'
import type { Actor, AppEnv } from './context'
import { ApiError } from './errors'

/**
 * Operations the spec marks `security: []`. Everything else under /v1 requires a credential:
 * deny by default, so a route can only become public by saying so in the spec.
 */
const publicOperations = Object.values(operations)
  .filter((route) => Array.isArray(route.security) && route.security.length === 0)
  .map((route) => ({
    method: route.method.toUpperCase(),
    pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))

const isPublic = (method: string, path: string) =>
  publicOperations.some((op) => op.method === method && op.pattern.test(path))

const unauthorized = (detail: string) =>
  new ApiError('unauthorized', detail, { headers: { 'www-authenticate': 'Bearer realm="loopdesk"' } })

interface CachedKey {
  actor: Extract<Actor, { type: 'api_key' }>
  hash: string
  expiresAt: number | null
  cachedUntil: number
}

/**
 * Verified API keys, cached for a few seconds so that a hot key costs no query per request.
 * Revocation through this process takes effect at once (`forget`); through another instance within `ttlMs`.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, CachedKey>()
  constructor(private readonly ttlMs = 5_000) {}

  get(hash: string, now: number): CachedKey | undefined {
    const entry = this.entries.get(hash)
    if (entry && entry.cachedUntil > now) return entry
    if (entry) this.entries.delete(hash)
    return undefined
  }

  set(entry: Omit<CachedKey, 'cachedUntil'>, now: number) {
    if (this.entries.size > 10_000) this.entries.clear()
    this.entries.set(entry.hash, { ...entry, cachedUntil: now + this.ttlMs })
  }

  forget(keyId: ApiKeyId) {
    for (const [hash, entry] of this.entries) if (entry.actor.id === keyId) this.entries.delete(hash)
  }
}

async function verifyApiKey(db: Db, cache: ApiKeyCache, secret: string): Promise<Actor> {
  const now = Date.now()
  const hash = hashSecret(secret)
  let entry: Omit<CachedKey, 'cachedUntil'> | undefined = cache.get(hash, now)
  if (!entry) {
    const lookup = prepared(db, 'api_key_by_start', (d) =>
      d
        .select({
          id: apiKeys.id,
          workspaceId: apiKeys.workspaceId,
          memberId: apiKeys.memberId,
          secretHash: apiKeys.secretHash,
          expiresAt: apiKeys.expiresAt,
          lastUsedAt: apiKeys.lastUsedAt,
        })
        .from(apiKeys)
        .where(and(eq(apiKeys.start, sql.placeholder('start')), isNull(apiKeys.revokedAt)))
        .prepare('api_key_by_start'),
    )
    const candidates = await lookup.execute({ start: secret.slice(0, KEY_START_LENGTH) })
    const row = candidates.find((candidate) => sameHash(candidate.secretHash, hash))
    if (!row) throw unauthorized('The API key is not valid or has been revoked')
    entry = {
      actor: { type: 'api_key', id: row.id, memberId: row.memberId, workspaceId: row.workspaceId },
      hash,
      expiresAt: row.expiresAt?.getTime() ?? null,
    }
    cache.set(entry, now)
    // lastUsedAt is advisory: written at most once a minute per key, never on the cached path.
    if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000) {
      await db
        .update(apiKeys)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(apiKeys.id, row.id))
    }
  }
  if (entry.expiresAt !== null && entry.expiresAt <= now) throw unauthorized('The API key has expired')
  return entry.actor
}

/** Resolve the caller from `Authorization: Bearer …`; refuse protected operations without one. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { database, apiKeyCache } = c.get('deps')
    const header = c.req.header('authorization')
    let actor: Actor = { type: 'anonymous' }
    if (header !== undefined) {
      const match = /^Bearer +(\S+) *$/i.exec(header)
      if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <api key>"')
      const token = match[1]
      if (!looksLikeApiKey(token)) throw unauthorized('The API key is not valid or has been revoked')
      actor = await verifyApiKey(database.db, apiKeyCache, token)
    } else if (!isPublic(c.req.method, c.req.path)) {
      throw unauthorized('This operation needs an API key: send "Authorization: Bearer <api key>"')
    }
    c.set('actor', actor)
    await next()
  }
}
