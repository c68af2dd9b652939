import { createHistogram } from 'node:perf_hooks'
import autocannon from 'autocannon'

export interface LoadResult {
  connections: number
  durationSeconds: number
  /** Completed requests (any status). */
  requests: number
  requestsPerSecond: number
  /** Latency percentiles of every response, in ms with µs resolution (autocannon's own are whole ms). */
  p50Ms: number
  p99Ms: number
  maxMs: number
  non2xx: number
  /** Connection errors, timeouts included. */
  errors: number
  timeouts: number
  statusCodes: Record<string, number>
}

export const failures = (r: LoadResult) => r.non2xx + r.errors

/**
 * Drive `url` with `connections` keep-alive connections (no pipelining) for `durationSeconds`: GET, or `method`
 * with the same `body` on every request (writes).
 */
export function measure(
  url: string,
  options: {
    connections: number
    durationSeconds: number
    headers?: Record<string, string>
    method?: 'GET' | 'POST'
    body?: string
  },
): Promise<LoadResult> {
  const latencyUs = createHistogram({ lowest: 1, highest: 60_000_000, figures: 3 })
  const statusCodes: Record<string, number> = {}
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.durationSeconds,
        headers: options.headers,
        method: options.method ?? 'GET',
        ...(options.body === undefined ? {} : { body: options.body }),
        pipelining: 1,
      },
      (error, result) => {
        if (error) return reject(error)
        const seconds = result.duration > 0 ? result.duration : options.durationSeconds
        const completed = result.requests.total
        const percentile = (p: number) => (latencyUs.count > 0 ? latencyUs.percentile(p) / 1000 : Number.NaN)
        resolve({
          connections: options.connections,
          durationSeconds: seconds,
          requests: completed,
          requestsPerSecond: completed / seconds,
          p50Ms: percentile(50),
          p99Ms: percentile(99),
          maxMs: latencyUs.count > 0 ? latencyUs.max / 1000 : Number.NaN,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
        })
      },
    )
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      latencyUs.record(Math.max(1, Math.round(responseTimeMs * 1000)))
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1
    })
  })
}
