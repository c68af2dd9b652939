import { createHistogram, type RecordableHistogram } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { Pool } from 'undici'

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
 * with the same `body` on every request (writes); with `paths`, request i goes to `paths[i % length]` on the
 * url's origin instead of the url's own path (writes spread over many rows, as real clients' are).
 * With `ratePerSecond`, the load is offered at that fixed rate instead (`measureAtRate`).
 */
export function measure(
  url: string,
  options: {
    connections: number
    durationSeconds: number
    headers?: Record<string, string>
    method?: 'GET' | 'POST'
    body?: string
    paths?: string[]
    ratePerSecond?: number
  },
): Promise<LoadResult> {
  if (options.ratePerSecond !== undefined) {
    return measureAtRate(url, { ...options, ratePerSecond: options.ratePerSecond })
  }
  const paths = options.paths
  let next = 0
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
        ...(paths?.length
          ? {
              requests: [
                {
                  setupRequest: (request: autocannon.Request) => {
                    request.path = paths[next++ % paths.length] as string
                    return request
                  },
                },
              ],
            }
          : {}),
      },
      (error, result) => {
        if (error) return reject(error)
        resolve(
          loadResult(latencyUs, {
            connections: options.connections,
            seconds: result.duration > 0 ? result.duration : options.durationSeconds,
            requests: result.requests.total,
            non2xx: result.non2xx,
            errors: result.errors,
            timeouts: result.timeouts,
            statusCodes,
          }),
        )
      },
    )
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      latencyUs.record(Math.max(1, Math.round(responseTimeMs * 1000)))
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1
    })
  })
}

/**
 * Offer `ratePerSecond` requests a second, evenly spaced, over a pool of `connections` keep-alive connections,
 * for `durationSeconds` (open loop: a slow answer does not slow the offer down, as a closed loop's does).
 * A request's latency runs from the moment it was due, not from when a connection was free to send it, so time
 * spent queued behind busy connections counts (no coordinated omission). This is the latency a client sees at
 * that load; a closed loop's p99 at saturation is its throughput seen through Little's law
 * (p99 ≈ connections ÷ req/s × the tail's factor).
 */
export async function measureAtRate(
  url: string,
  options: {
    connections: number
    durationSeconds: number
    ratePerSecond: number
    headers?: Record<string, string>
    method?: 'GET' | 'POST'
    body?: string
    paths?: string[]
  },
): Promise<LoadResult> {
  const target = new URL(url)
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1 })
  const latencyUs: RecordableHistogram = createHistogram({ lowest: 1, highest: 60_000_000, figures: 3 })
  const statusCodes: Record<string, number> = {}
  let errors = 0
  let timeouts = 0
  let non2xx = 0
  const total = Math.max(1, Math.round(options.ratePerSecond * options.durationSeconds))
  const intervalMs = 1000 / options.ratePerSecond
  const pending: Promise<void>[] = []
  const send = async (i: number, dueAt: number) => {
    try {
      const response = await pool.request({
        path: options.paths?.length
          ? (options.paths[i % options.paths.length] as string)
          : `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers: options.headers,
        body: options.body,
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      })
      await response.body.dump()
      const code = response.statusCode
      statusCodes[code] = (statusCodes[code] ?? 0) + 1
      if (code < 200 || code > 299) non2xx++
    } catch (error) {
      errors++
      if ((error as { code?: string }).code?.includes('TIMEOUT')) timeouts++
      return
    }
    latencyUs.record(Math.max(1, Math.round((performance.now() - dueAt) * 1000)))
  }
  const started = performance.now()
  let sent = 0
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now()
      // Every request due by now goes out (a late timer sends its backlog at once, each timed from its due time).
      while (sent < total && started + sent * intervalMs <= now) {
        pending.push(send(sent, started + sent * intervalMs))
        sent++
      }
      if (sent >= total) return resolve()
      setTimeout(tick, Math.max(0, started + sent * intervalMs - performance.now()))
    }
    tick()
  })
  await Promise.all(pending)
  const seconds = (performance.now() - started) / 1000
  await pool.close()
  return loadResult(latencyUs, {
    connections: options.connections,
    seconds,
    requests: latencyUs.count,
    non2xx,
    errors,
    timeouts,
    statusCodes,
  })
}

/** A run's figures from its latency histogram (µs) and its counts. */
function loadResult(
  latencyUs: RecordableHistogram,
  run: Omit<LoadResult, 'durationSeconds' | 'requestsPerSecond' | 'p50Ms' | 'p99Ms' | 'maxMs'> & {
    seconds: number
  },
): LoadResult {
  const { seconds, ...counts } = run
  const percentile = (p: number) => (latencyUs.count > 0 ? latencyUs.percentile(p) / 1000 : Number.NaN)
  return {
    ...counts,
    durationSeconds: seconds,
    requestsPerSecond: run.requests / seconds,
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    maxMs: latencyUs.count > 0 ? latencyUs.max / 1000 : Number.NaN,
  }
}

export interface Target {
  url: string
  headers?: Record<string, string>
  method?: 'GET' | 'POST'
  body?: string
  /** Request i goes to `paths[i % length]` (see `measure`). */
  paths?: string[]
  /** The serving process's CPU time so far (µs), to tell its CPU per request (`RunningServer.cpuMicros`). */
  cpuMicros?: () => Promise<number>
}

/**
 * Ours and its ceiling measured in turns, `rounds` times each (ours, ceiling, then ceiling, ours…), after one
 * warm-up of each: on a small shared machine a burst of other work lands on both sides instead of deciding the
 * ratio.
 * Each side answers its median round by requests per second (so its p50/p99 are a real run's), and `ratios`
 * holds every round's ours ÷ ceiling.
 */
export async function measurePair(
  ours: Target,
  ceiling: Target,
  options: {
    connections: number
    durationSeconds: number
    warmupSeconds: number
    rounds: number
    /** Offer this many requests a second instead of as many as the connections can send (`measureAtRate`). */
    ratePerSecond?: number
  },
): Promise<PairResult> {
  const run = (target: Target, durationSeconds: number) =>
    measure(target.url, {
      connections: options.connections,
      durationSeconds,
      headers: target.headers,
      method: target.method,
      body: target.body,
      paths: target.paths,
      ratePerSecond: options.ratePerSecond,
    })
  /** A measured run, and the server's CPU µs per completed request meanwhile (when it tells its CPU time). */
  const load = async (target: Target, cpu: number[]) => {
    const before = await target.cpuMicros?.()
    const result = await run(target, options.durationSeconds)
    const after = await target.cpuMicros?.()
    if (before !== undefined && after !== undefined && result.requests > 0) {
      cpu.push((after - before) / result.requests)
    }
    return result
  }
  if (options.warmupSeconds > 0) {
    await run(ours, options.warmupSeconds)
    await run(ceiling, options.warmupSeconds)
  }
  const mine: LoadResult[] = []
  const theirs: LoadResult[] = []
  const cpu = { ours: [] as number[], ceiling: [] as number[] }
  // The order alternates by round (ours first, then the ceiling first, ...): a drift of the machine during the
  // run (the database's background writes, a neighbour) then falls on both targets alike, not on whichever goes
  // first every time.
  for (let round = 0; round < Math.max(1, options.rounds); round++) {
    if (round % 2 === 0) {
      mine.push(await load(ours, cpu.ours))
      theirs.push(await load(ceiling, cpu.ceiling))
    } else {
      theirs.push(await load(ceiling, cpu.ceiling))
      mine.push(await load(ours, cpu.ours))
    }
  }
  // Saturated, the median round by throughput; at a fixed rate (every round answers the rate), by p99.
  const key = (r: LoadResult) => (options.ratePerSecond === undefined ? r.requestsPerSecond : r.p99Ms)
  const median = (runs: LoadResult[]) =>
    [...runs].sort((a, b) => key(a) - key(b))[Math.floor(runs.length / 2)] as LoadResult
  const ratios = mine.map((r, i) => r.requestsPerSecond / (theirs[i] as LoadResult).requestsPerSecond)
  const cpuPerRequest =
    cpu.ours.length > 0 && cpu.ceiling.length > 0
      ? { oursMs: medianOf(cpu.ours) / 1000, ceilingMs: medianOf(cpu.ceiling) / 1000 }
      : undefined
  return { result: median(mine), ceiling: median(theirs), ratio: medianOf(ratios), ratios, cpuPerRequest }
}

export interface PairResult {
  result: LoadResult
  ceiling: LoadResult
  /** The median of the rounds' ours ÷ ceiling (requests per second). */
  ratio: number
  ratios: number[]
  /**
   * Each server process's CPU time per request (median of the rounds), when both tell theirs: steadier than
   * requests per second on a busy machine, and what our code adds over the ceiling's.
   */
  cpuPerRequest?: { oursMs: number; ceilingMs: number }
}

/** `server CPU per request: ours 0.62 ms, raw 0.21 ms`, or nothing when a side did not tell. */
export const cpuText = (pair: { cpuPerRequest?: PairResult['cpuPerRequest'] }) =>
  pair.cpuPerRequest
    ? `server CPU per request: ours ${pair.cpuPerRequest.oursMs.toFixed(3)} ms, raw ${pair.cpuPerRequest.ceilingMs.toFixed(3)} ms`
    : ''

export const medianOf = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

/** `0.71 (rounds 0.69, 0.71, 0.74)`: a pair's ratio and its spread. */
export const ratioText = (pair: { ratio: number; ratios: number[] }) =>
  `${pair.ratio.toFixed(2)}${
    pair.ratios.length > 1
      ? ` (rounds ${[...pair.ratios]
          .sort((a, b) => a - b)
          .map((r) => r.toFixed(2))
          .join(', ')})`
      : ''
  }`

/** One progress line: `name  c=16  950 req/s  p50 … p99 …`, and the failures when there were any. */
export function runLine(name: string, r: LoadResult, width = 56): string {
  const bad = failures(r)
  return `  ${name.padEnd(width)} c=${r.connections} ${Math.round(r.requestsPerSecond).toString().padStart(6)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms${bad ? `  ${bad} errors/non-2xx ${JSON.stringify(r.statusCodes)}` : ''}`
}

/** Where an answer of ours and its ceiling's first differ, with some text around it; undefined when they are equal. */
export function firstDifference(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] !== actual[i]) {
      const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 60), i + 60))
      return `at character ${i}: ours …${around(expected)}…, raw …${around(actual)}…`
    }
  }
  return 'lengths differ'
}

/**
 * A GET of ours and the same of its ceiling, compared byte for byte (a ceiling answering less measures less work):
 * where they first differ, or undefined. Either answering other than 2xx throws.
 */
export async function ceilingDifference(
  ours: { url: string; headers: Record<string, string> },
  ceilingUrl: string,
): Promise<string | undefined> {
  const text = async (url: string, headers: Record<string, string>) => {
    const response = await fetch(url, { headers })
    const body = await response.text()
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`)
    return body
  }
  return firstDifference(await text(ours.url, ours.headers), await text(ceilingUrl, {}))
}
