/**
 * Counters for sign-in attempts, in process memory like the request rate limit (src/http/rate-limit.ts), and
 * with its trade-off: per instance, reset on restart. Unlike that limiter, a sign-in must be refused *before*
 * its password is checked (else the eleventh guess could still succeed), while only failures count, so the
 * check and the count are two calls.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()
  private readonly windowMs: number

  constructor(
    readonly limit: number,
    windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = windowSeconds * 1000
  }

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfter(key: string): number {
    const window = this.current(key)
    if (!window || window.count < this.limit) return 0
    return Math.max(1, Math.ceil((window.start + this.windowMs - this.now()) / 1000))
  }

  /** Count one attempt (a failure, or a request) against `key`. */
  record(key: string): void {
    let window = this.current(key)
    if (!window) {
      if (this.windows.size > 50_000) this.prune()
      window = { start: this.now(), count: 0 }
      this.windows.set(key, window)
    }
    window.count += 1
  }

  /** Forget `key`'s count (a successful sign-in clears its email's failures). */
  reset(key: string): void {
    this.windows.delete(key)
  }

  /** The window still open for `key`: it starts at the key's first attempt, so a burst cannot straddle two. */
  private current(key: string) {
    const window = this.windows.get(key)
    if (window && this.now() - window.start < this.windowMs) return window
    if (window) this.windows.delete(key)
    return undefined
  }

  private prune() {
    const now = this.now()
    for (const [key, window] of this.windows)
      if (now - window.start >= this.windowMs) this.windows.delete(key)
  }
}

/** The sign-in limits of one process (see the spec's descriptions of the auth operations). */
export interface AuthLimiters {
  /** Failed member sign-ins per email address. */
  loginEmail: AttemptLimiter
  /** Failed sign-ins (member passwords, portal codes and links) per client address. */
  failuresIp: AttemptLimiter
  /** Portal magic-link requests per workspace and email address. */
  magicLinkEmail: AttemptLimiter
  /** Portal magic-link requests per client address. */
  magicLinkIp: AttemptLimiter
}

const FIFTEEN_MINUTES = 15 * 60

export function createAuthLimiters(now: () => number = Date.now): AuthLimiters {
  return {
    loginEmail: new AttemptLimiter(10, FIFTEEN_MINUTES, now),
    failuresIp: new AttemptLimiter(50, FIFTEEN_MINUTES, now),
    magicLinkEmail: new AttemptLimiter(5, FIFTEEN_MINUTES, now),
    magicLinkIp: new AttemptLimiter(30, FIFTEEN_MINUTES, now),
  }
}
