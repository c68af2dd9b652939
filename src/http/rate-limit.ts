export interface RateLimitResult {
  allowed: boolean
  limit: number
  remaining: number
  /** Seconds until the window resets. */
  resetSeconds: number
}

/** Counts requests per credential. Swappable: a shared store (Redis, Postgres) implements the same method. */
export interface RateLimiter {
  hit(key: string): RateLimitResult
}

/**
 * Fixed-window counters in process memory.
 *
 * Why memory: a counter write per request in Postgres would cost as much as the request's own query, and
 * the limit exists to protect this process. The trade-off: with N instances a credential gets up to N × limit,
 * and counts reset on restart. A deployment that needs one global limit plugs a shared store in here.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()
  private readonly windowMs: number

  constructor(
    private readonly limit: number,
    windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = windowSeconds * 1000
  }

  hit(key: string): RateLimitResult {
    const now = this.now()
    const start = now - (now % this.windowMs)
    let window = this.windows.get(key)
    if (!window || window.start !== start) {
      if (this.windows.size > 50_000) this.prune(start)
      window = { start, count: 0 }
      this.windows.set(key, window)
    }
    window.count += 1
    return {
      allowed: window.count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetSeconds: Math.max(1, Math.ceil((start + this.windowMs - now) / 1000)),
    }
  }

  private prune(currentStart: number) {
    for (const [key, window] of this.windows) if (window.start !== currentStart) this.windows.delete(key)
  }
}
