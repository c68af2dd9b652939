import { failures, type LoadResult } from './load'
import type { Driver, Endpoint, Target } from './protocol'

/** The issue's goal for authenticated reads on PostgreSQL. */
export const GOAL = { driver: 'postgres', connections: 16, minRatioToRawSql: 0.6, maxP99Ms: 20 } as const

export const driverNames: Record<Driver, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' }

export interface Run {
  target: Target
  endpoint: Endpoint
  result: LoadResult
  /**
   * CPU time per completed request: of the server process (with PGlite, the database runs in it too), and of
   * the PostgreSQL backends serving it (when they are local and readable). Much steadier than req/s when
   * other work shares the machine.
   */
  cpu: { serverMicrosPerRequest: number; databaseMicrosPerRequest?: number }
}

export interface BodyCheck {
  target: Target
  endpoint: Endpoint
  matches: boolean
  /** What differed, when it did. */
  detail?: string
}

export interface DatabaseReport {
  driver: Driver
  serverVersion?: string
  seed: { totalKeys: number; activeKeys: number; seconds: number }
  /** Size of each endpoint's JSON body, as our server answered it. */
  bodyBytes: Partial<Record<Endpoint, number>>
  bodyChecks: BodyCheck[]
  runs: Run[]
}

export interface GoalCheck {
  endpoint: Endpoint
  oursRequestsPerSecond: number
  rawSqlRequestsPerSecond: number
  ratio: number
  p99Ms: number
  /** A run behind the verdict had non-2xx answers or connection errors. */
  flagged: boolean
  pass: boolean
}

const integer = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-')
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-')
const ratio = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? `${n.toFixed(2)}×` : '')

function find(runs: Run[], target: Target, endpoint: Endpoint, connections: number): LoadResult | undefined {
  return runs.find(
    (r) => r.target === target && r.endpoint === endpoint && r.result.connections === connections,
  )?.result
}

function table(header: string[], rows: string[][], alignLeft: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)))
  const line = (cells: string[]) =>
    `  ${cells
      .map((cell, i) => (alignLeft.has(i) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()}`
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/** One table per endpoint: every target at every concurrency, ours with its ratios to the ceilings. */
export function formatDatabase(report: DatabaseReport, endpoints: readonly Endpoint[]): string {
  const out: string[] = []
  for (const endpoint of endpoints) {
    const runs = report.runs.filter((r) => r.endpoint === endpoint)
    if (runs.length === 0) continue
    const connections = [...new Set(runs.map((r) => r.result.connections))].sort((a, b) => a - b)
    const rows: string[][] = []
    for (const c of connections) {
      for (const run of runs.filter((r) => r.result.connections === c)) {
        const r = run.result
        const ours = run.target === 'ours'
        const raw = ours ? find(runs, 'raw-sql', endpoint, c) : undefined
        const bare = ours ? find(runs, 'bare-hono', endpoint, c) : undefined
        const bad = failures(r)
        rows.push([
          String(c),
          run.target,
          integer(r.requestsPerSecond),
          ms(r.p50Ms),
          ms(r.p99Ms),
          integer(run.cpu.serverMicrosPerRequest),
          run.cpu.databaseMicrosPerRequest === undefined ? '' : integer(run.cpu.databaseMicrosPerRequest),
          bad > 0 ? `${bad} FLAGGED` : '0',
          ratio(raw && r.requestsPerSecond / raw.requestsPerSecond),
          ratio(bare && r.requestsPerSecond / bare.requestsPerSecond),
        ])
      }
    }
    const what =
      endpoint === '/v1/api-keys'
        ? `first page of ${report.seed.activeKeys} active keys (${report.seed.totalKeys} in the workspace)`
        : endpoint.startsWith('/v1/contacts')
          ? 'first 50 of 5,000 contacts, as an agent whose key is limited to one of 20 teams'
          : 'one row'
    const bytes = report.bodyBytes[endpoint]
    out.push(
      `${driverNames[report.driver]} · GET ${endpoint} · ${what}${bytes ? `, ${bytes} B body` : ''}`,
      table(
        [
          'conns',
          'target',
          'req/s',
          'p50 ms',
          'p99 ms',
          'server µs/req',
          'db µs/req',
          'errors',
          'ours÷raw-SQL',
          'ours÷bare-hono',
        ],
        rows,
        new Set([1]),
      ),
      '',
    )
  }
  for (const check of report.bodyChecks.filter((c) => !c.matches)) {
    out.push(`  WARNING: ${check.target} answered a different body on ${check.endpoint}: ${check.detail}`, '')
  }
  return out.join('\n')
}

/** The goal per endpoint, when the PostgreSQL run measured ours and raw-SQL at 16 connections. */
export function evaluateGoal(reports: DatabaseReport[], endpoints: readonly Endpoint[]): GoalCheck[] {
  const report = reports.find((r) => r.driver === GOAL.driver)
  if (!report) return []
  const checks: GoalCheck[] = []
  for (const endpoint of endpoints) {
    const ours = find(report.runs, 'ours', endpoint, GOAL.connections)
    const raw = find(report.runs, 'raw-sql', endpoint, GOAL.connections)
    if (!ours || !raw) continue
    const r = ours.requestsPerSecond / raw.requestsPerSecond
    checks.push({
      endpoint,
      oursRequestsPerSecond: ours.requestsPerSecond,
      rawSqlRequestsPerSecond: raw.requestsPerSecond,
      ratio: r,
      p99Ms: ours.p99Ms,
      flagged: failures(ours) + failures(raw) > 0,
      pass: r >= GOAL.minRatioToRawSql && ours.p99Ms < GOAL.maxP99Ms && failures(ours) === 0,
    })
  }
  return checks
}

export function formatGoal(checks: GoalCheck[]): string {
  const title = `Goal (${driverNames[GOAL.driver]}, ${GOAL.connections} connections): ours ≥ ${GOAL.minRatioToRawSql} × raw-SQL req/s and p99 < ${GOAL.maxP99Ms} ms`
  if (checks.length === 0) {
    return `${title}\n  not evaluated: needs the PostgreSQL run with ${GOAL.connections} connections and the ours and raw-sql targets\n`
  }
  const width = Math.max(...checks.map((c) => c.endpoint.length))
  const lines = checks.map((c) => {
    const misses = [
      c.ratio < GOAL.minRatioToRawSql ? 'req/s ratio' : '',
      c.p99Ms >= GOAL.maxP99Ms ? 'p99' : '',
      c.flagged ? 'errors' : '',
    ].filter(Boolean)
    return `  ${c.pass ? 'PASS' : 'MISS'}  GET ${c.endpoint.padEnd(width)}  ours ${integer(c.oursRequestsPerSecond)} req/s = ${c.ratio.toFixed(2)} × raw-SQL ${integer(c.rawSqlRequestsPerSecond)}; p99 ${ms(c.p99Ms)} ms${misses.length > 0 ? `  (${misses.join(', ')})` : ''}`
  })
  return `${title}\n${lines.join('\n')}\n`
}
