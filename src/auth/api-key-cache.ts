import type { Actor } from '../context/actor'
import type { ApiKeyId } from '../ids'

export interface VerifiedKey {
  actor: Extract<Actor, { type: 'api_key' }>
  hash: string
  expiresAt: number | null
}

/**
 * Verified credentials (API keys, publishable keys), cached for a few seconds so that a hot key costs no query
 * per request. Revocation through this process takes effect at once (`forget`); through another instance within
 * `ttlMs`. Concurrent misses for one key share a single lookup, so an expiring entry never sends a burst of
 * queries.
 */
export class CredentialCache<Verified extends { actor: { id: string } }> {
  private readonly entries = new Map<string, Verified & { cachedUntil: number }>()
  private readonly pending = new Map<string, Promise<Verified | undefined>>()
  /** Bumped by forget(): a lookup that started before a revocation must not cache its (stale) answer. */
  private generation = 0
  constructor(private readonly ttlMs = 5_000) {}

  /** The verified key for `hash`, from memory or from `load` (undefined: no such live key). */
  async resolve(hash: string, now: number, load: () => Promise<Verified | undefined>) {
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

  /** Drop the cached verification of one credential (by its actor's id: the key's, or the profile's). */
  forget(id: string) {
    this.generation += 1
    for (const [hash, entry] of this.entries) if (entry.actor.id === id) this.entries.delete(hash)
  }
}

/** Verified API keys. */
export class ApiKeyCache extends CredentialCache<VerifiedKey> {
  override forget(keyId: ApiKeyId) {
    super.forget(keyId)
  }
}

/** A verified publishable key: the visitor it makes of its caller. */
export interface VerifiedPublishableKey {
  actor: Extract<Actor, { type: 'visitor' }>
}

/** Verified publishable keys (`wpk_…`), by key. */
export class PublishableKeyCache extends CredentialCache<VerifiedPublishableKey> {}
