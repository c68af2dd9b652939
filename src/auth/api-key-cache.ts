import type { Actor } from '../context/actor'
import type { ApiKeyId } from '../ids'

interface CachedKey {
  actor: Extract<Actor, { type: 'api_key' }>
  hash: string
  expiresAt: number | null
  cachedUntil: number
}

export type VerifiedKey = Omit<CachedKey, 'cachedUntil'>

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

  /** Drop every cached key: roles, teams or role definitions changed in this process. */
  forgetAll() {
    this.generation += 1
    this.entries.clear()
  }

  forget(keyId: ApiKeyId) {
    this.generation += 1
    for (const [hash, entry] of this.entries) if (entry.actor.id === keyId) this.entries.delete(hash)
  }
}
