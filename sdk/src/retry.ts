/**
 * Retries with exponential backoff and jitter, as a fetch wrapper: what `createLoopdeskClient` sends goes
 * through it. Only requests that are safe to send twice are retried: idempotent methods, and a `POST` or
 * `PATCH` that carries an `Idempotency-Key` (the server replays the first answer instead of acting twice).
 */

/** A fetch that takes a `Request`, as openapi-fetch calls it. */
export type RequestFetch = (request: Request) => Response | Promise<Response>

export interface RetryOptions {
  /** How many times to try again after the first attempt (default 2; `0` turns retries off). */
  retries?: number
  /** The backoff of the first retry in milliseconds, doubled on each further one (default 500). */
  minDelayMs?: number
  /**
   * The longest wait before a retry in milliseconds (default 30 000). A `Retry-After` asking for longer is not
   * waited for: the `429`/`503` is answered as it came.
   */
  maxDelayMs?: number
  /** Waits `ms` milliseconds, rejecting when `signal` aborts (default: a timer). Tests pass a fake one. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>
  /** A number in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number
}

/** The statuses worth another try: rate limited, and unavailable for now. */
export const RETRY_STATUSES: readonly number[] = [429, 503]

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])

/** Whether `request` may be sent again: an idempotent method, or a POST/PATCH with an `Idempotency-Key`. */
export function isRetryable(request: Request): boolean {
  const method = request.method.toUpperCase()
  if (IDEMPOTENT_METHODS.has(method)) return true
  return (method === 'POST' || method === 'PATCH') && request.headers.has('Idempotency-Key')
}

/**
 * How long `Retry-After` asks to wait, in milliseconds: delay-seconds or an HTTP-date (RFC 9110). `undefined`
 * when the header is absent or unreadable; `0` for a date in the past.
 */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // Only the HTTP-date forms: Date.parse alone would read `-5` or `1.5` as dates.
  let date = Number.NaN
  if (IMF_FIXDATE_OR_RFC850.test(trimmed)) date = Date.parse(trimmed)
  else if (ASCTIME.test(trimmed)) date = Date.parse(`${trimmed} GMT`)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** `Sun, 06 Nov 1994 08:49:37 GMT`, and the obsolete `Sunday, 06-Nov-94 08:49:37 GMT`. */
const IMF_FIXDATE_OR_RFC850 = /^[A-Za-z]{3,9}, \d{2}[ -][A-Za-z]{3}[ -]\d{2}(\d{2})? \d{2}:\d{2}:\d{2} GMT$/
/** `Sun Nov  6 08:49:37 1994` (always UTC). */
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/

/** The backoff before retry number `attempt` (0 for the first): full jitter over an exponential ceiling. */
export function backoffMs(
  attempt: number,
  options: { minDelayMs: number; maxDelayMs: number; random: () => number },
) {
  const ceiling = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** attempt)
  return Math.floor(options.random() * ceiling)
}

// A fetch polyfill's Request may lack `signal`: then nothing can abort the wait.
function defaultSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Wrap `fetch` so that a retryable request (see {@link isRetryable}) is sent again after a `429` (waiting what
 * `Retry-After` asks), a `503` or a network error (a `TypeError`, as every fetch throws one), up to
 * `retries` times. Each attempt sends a clone, so a body can be sent again. An aborted request is not retried.
 *
 * @example
 * ```ts
 * const fetchWithRetries = withRetries((request) => fetch(request), { retries: 4, maxDelayMs: 10_000 })
 * ```
 */
export function withRetries(fetch: RequestFetch, options: RetryOptions = {}): RequestFetch {
  const retries = options.retries ?? 2
  const minDelayMs = options.minDelayMs ?? 500
  const maxDelayMs = options.maxDelayMs ?? 30_000
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  if (!Number.isInteger(retries) || retries < 0) throw new RangeError('retries must be a whole number ≥ 0')
  if (retries === 0) return fetch

  return async (request) => {
    if (!isRetryable(request)) return fetch(request)
    for (let attempt = 0; ; attempt++) {
      const last = attempt === retries
      // The last attempt may use up the request itself; the others send a copy and keep the body for later.
      const sent = last ? request : request.clone()
      let wait: number | undefined
      try {
        const response = await fetch(sent)
        if (last || !RETRY_STATUSES.includes(response.status)) return response
        const asked = retryAfterMs(response.headers.get('Retry-After'))
        if (asked !== undefined && asked > maxDelayMs) return response
        wait = asked ?? backoffMs(attempt, { minDelayMs, maxDelayMs, random })
        await response.body?.cancel()
      } catch (error) {
        if (last || !(error instanceof TypeError) || request.signal?.aborted) throw error
        wait = backoffMs(attempt, { minDelayMs, maxDelayMs, random })
      }
      await sleep(wait, request.signal ?? undefined)
    }
  }
}
