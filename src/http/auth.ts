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

type VerifiedKey = Omit<CachedKey, 'cachedUntil'>

/**
 * Verified API keys, cached for a few seconds so that a hot key costs no query per request.
 * Revocation through this process takes effect at once (`forget`); through another instance within `ttlMs`.
 * Concurrent misses for one key share a single lookup, so an expiring entry never sends a burst of queries.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, CachedKey>()
  private readonly pending = new Map<string, Promise<VerifiedKey | undefined>>()
  /** Bumped by forget(): a lookup that started before a revocation must not cache its (stale) answer. */
  private generation = 0
  constructor(private readonly ttlMs = 5_000) {}

  /** The verified key for `hash`, from memory or from `load` (undefined: no such live key). */
  async resolve(hash: string, now: number, load: () => Promise<VerifiedKey | undefined>) {
    const entry = this.entries.get(hash)
    if (entry && entry.cachedUntil > now) return entry
    if (entry) this.entries.delete(hash)
    let inFlight = this.pending.get(hash)
    if (!inFlight) {
      const generation = this.generation
      inFlight = load().finally(() => this.pending.delete(hash))
      this.pending.set(hash, inFlight)
      const loaded = await inFlight
      if (loaded && generation === this.generation) {
        if (this.entries.size > 10_000) this.entries.clear()
        this.entries.set(hash, { ...loaded, cachedUntil: now + this.ttlMs })
      }
      return loaded
    }
    return inFlight
  }

  forget(keyId: ApiKeyId) {
    this.generation += 1
    for (const [hash, entry] of this.entries) if (entry.actor.id === keyId) this.entries.delete(hash)
  }
}

async function lookupApiKey(
  db: Db,
  secret: string,
  hash: string,
  now: number,
): Promise<VerifiedKey | undefined> {
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
  if (!row) return undefined
  // lastUsedAt is advisory: written at most once a minute per key, never on the cached path.
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiKeys.id, row.id))
  }
  return {
    actor: { type: 'api_key', id: row.id, memberId: row.memberId, workspaceId: row.workspaceId },
    hash,
    expiresAt: row.expiresAt?.getTime() ?? null,
  }
}

async function verifyApiKey(db: Db, cache: ApiKeyCache, secret: string): Promise<Actor> {
  const now = Date.now()
  const hash = hashSecret(secret)
  const entry = await cache.resolve(hash, now, () => lookupApiKey(db, secret, hash, now))
  if (!entry) throw unauthorized('The API key is not valid or has been revoked')
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
