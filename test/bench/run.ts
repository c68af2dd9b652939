/**
 * `npm run bench`: throughput and latency of authenticated reads (GET /v1/api-keys, GET /v1/workspace) on our
 * server, next to two ceilings measured in the same run:
 *   - bare-hono: a plain Hono app on @hono/node-server answering our server's body from memory;
 *   - raw-sql: a bare node:http server running the endpoint's SQL straight through the driver.
 * Each server runs in its own process, one at a time, on a freshly created and seeded database (a random
 * PostgreSQL database, dropped afterwards; a temporary PGlite directory, removed afterwards); autocannon
 * drives it from this process. A measurement tool, not a test: vitest never picks it up.
 * `npm run bench -- --help` lists the options.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { dirname } from 'node:path'
import { type AuthzReport, benchAuthorization, formatAuthz } from './authz'
import { BUSINESS_TIME_GOAL, benchBusinessTime, formatBusinessTime } from './business-time'
import { type RunningServer, seedDatabase, startServer } from './children'
import { Cleanup } from './cleanup'
import { type ProvisionedDatabase, postgresReachable, provisionDatabase } from './database'
import { benchFeedback, FEEDBACK_GOAL, formatFeedback } from './feedback'
import { failures, measure } from './load'
import { type BenchOptions, parseOptions, UsageError, usage } from './options'
import {
  type DatabaseLocation,
  type Driver,
  ENDPOINTS,
  type Endpoint,
  type ServerSpec,
  type Target,
} from './protocol'
import { benchPublishing, formatPublishing, PUBLISHING_GOAL } from './publishing'
import {
  type DatabaseReport,
  driverNames,
  evaluateGoal,
  formatDatabase,
  formatGoal,
  GOAL,
  type Run,
} from './report'
import { benchRouting, formatRouting, ROUTING_GOAL } from './routing'
import { benchSegments, formatSegments, SEGMENTS_GOAL } from './segments'
import { benchSlaTick, formatSlaTick, SLA_TICK_GOAL } from './sla-tick'
import { benchStartup, formatStartup, STARTUP_GOAL } from './startup'
import { benchTickets, formatTickets, TICKETS_GOAL } from './tickets'
import { benchVisibility, formatVisibility, VISIBILITY_GOAL } from './visibility'
import { benchWebhooks, formatWebhooks, WEBHOOK_GOAL, type WebhookBenchReport, webhookGoal } from './webhooks'

const progress = (line: string) => process.stderr.write(`${line}\n`)

async function resolveDatabases(options: BenchOptions): Promise<Driver[]> {
  if (options.databases !== 'auto') {
    if (options.databases.includes('postgres') && !(await postgresReachable(options.postgresUrl))) {
      throw new Error(`PostgreSQL does not answer at ${redact(options.postgresUrl)}`)
    }
    return options.databases
  }
  if (await postgresReachable(options.postgresUrl)) return ['pglite', 'postgres']
  progress(`PostgreSQL does not answer at ${redact(options.postgresUrl)}: measuring PGlite only`)
  return ['pglite']
}

/** A fresh PostgreSQL database for the in-process measurements, dropped when `cleanup` runs. */
async function scratchPostgres(serverUrl: string, cleanup: Cleanup): Promise<string> {
  const database = await provisionDatabase('postgres', serverUrl, cleanup)
  if (database.location.driver !== 'postgres') throw new Error('expected a PostgreSQL database')
  return database.location.url
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')

function serverSpec(
  target: Target,
  location: DatabaseLocation,
  options: BenchOptions,
  context: { secret: string; workspaceId: string; bodies: Partial<Record<Endpoint, string>> },
): ServerSpec {
  switch (target) {
    case 'ours':
      return {
        kind: target,
        database: location,
        poolSize: options.poolSize,
        secret: context.secret,
        logLevel: options.logLevel,
      }
    case 'raw-sql':
      return {
        kind: target,
        database: location,
        poolSize: options.poolSize,
        secret: context.secret,
        workspaceId: context.workspaceId,
        prepare: options.rawPrepare,
      }
    case 'bare-hono':
      return { kind: target, bodies: context.bodies }
  }
}

/** GET `endpoint` once: status 200 and the body, or an error naming what came back. */
async function fetchBody(origin: string, endpoint: Endpoint, headers: Record<string, string>) {
  const response = await fetch(`${origin}${endpoint}`, { headers })
  const text = await response.text()
  if (response.status !== 200) {
    throw new Error(`GET ${endpoint} answered ${response.status}: ${text.slice(0, 300)}`)
  }
  return text
}

function compareBodies(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] !== actual[i]) {
      const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 40), i + 40))
      return `at character ${i}: expected …${around(expected)}…, got …${around(actual)}…`
    }
  }
  return 'lengths differ'
}

/** Sum over processes of the CPU time spent between two snapshots (a process seen only after counts whole). */
function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0
  for (const [pid, micros] of after) total += micros - (before.get(pid) ?? 0)
  return total
}

/** One measured run, with the CPU time it cost the server process and the PostgreSQL backends, per request. */
async function measureRun(
  server: RunningServer,
  database: ProvisionedDatabase,
  endpoint: Endpoint,
  connections: number,
  options: BenchOptions,
  headers: Record<string, string>,
): Promise<Run> {
  const usesDatabase = server.target !== 'bare-hono'
  const serverBefore = await server.cpuMicros()
  const databaseBefore = usesDatabase ? await database.backendCpuMicros() : undefined
  const result = await measure(`${server.origin}${endpoint}`, {
    connections,
    durationSeconds: options.durationSeconds,
    headers,
  })
  const serverAfter = await server.cpuMicros()
  const databaseAfter = databaseBefore && (await database.backendCpuMicros())
  const perRequest = (micros: number) => (result.requests > 0 ? micros / result.requests : Number.NaN)
  return {
    target: server.target,
    endpoint,
    result,
    cpu: {
      serverMicrosPerRequest: perRequest(serverAfter - serverBefore),
      databaseMicrosPerRequest:
        databaseBefore && databaseAfter ? perRequest(cpuDelta(databaseBefore, databaseAfter)) : undefined,
    },
  }
}

function progressLine(run: Run): string {
  const { result, cpu } = run
  const bad = failures(result)
  const fields = [
    `  ${run.target.padEnd(9)} GET ${run.endpoint.padEnd(13)} c=${String(result.connections).padEnd(3)}`,
    `${Math.round(result.requestsPerSecond).toString().padStart(6)} req/s`,
    `p50 ${result.p50Ms.toFixed(2)} ms`,
    `p99 ${result.p99Ms.toFixed(2)} ms`,
    `server ${Math.round(cpu.serverMicrosPerRequest)} µs/req`,
    cpu.databaseMicrosPerRequest === undefined ? '' : `db ${Math.round(cpu.databaseMicrosPerRequest)} µs/req`,
    bad > 0 ? `${bad} errors/non-2xx ${JSON.stringify(result.statusCodes)}` : '',
  ]
  return fields.filter(Boolean).join('  ')
}

async function benchDatabase(
  driver: Driver,
  options: BenchOptions,
  cleanup: Cleanup,
): Promise<DatabaseReport> {
  const local = new Cleanup()
  const release = cleanup.add(`${driverNames[driver]} resources`, () => local.runAll())
  try {
    const database = await provisionDatabase(driver, options.postgresUrl, local)
    const { location, serverVersion } = database
    const where =
      location.driver === 'postgres'
        ? `database ${new URL(location.url).pathname.slice(1)}`
        : location.dataDir
    progress(`\n${driverNames[driver]}${serverVersion ? ` ${serverVersion}` : ''}: ${where}`)
    const seedStarted = performance.now()
    const seeded = await seedDatabase(location, options.rows, local)
    const seedSeconds = (performance.now() - seedStarted) / 1000
    progress(
      `  seeded 1 workspace, ${seeded.totalKeys} API keys, ${seeded.world.members} members in ${seeded.world.teams} teams and ${seeded.world.contacts} contacts in ${seedSeconds.toFixed(1)} s`,
    )

    const ownerHeaders = { authorization: `Bearer ${seeded.ownerKey}` }
    const agentHeaders = { authorization: `Bearer ${seeded.agentKey}` }
    const headersFor = (endpoint: Endpoint) =>
      endpoint.startsWith('/v1/contacts') ? agentHeaders : ownerHeaders
    const context = {
      secret: randomBytes(32).toString('base64url'),
      workspaceId: seeded.workspaceId,
      bodies: {} as Partial<Record<Endpoint, string>>,
    }
    const report: DatabaseReport = {
      driver,
      serverVersion,
      seed: { totalKeys: seeded.totalKeys, activeKeys: seeded.activeKeys, seconds: seedSeconds },
      bodyBytes: {},
      bodyChecks: [],
      runs: [],
    }

    // The reference bodies come from our server, started only for them when it is not measured.
    if (!options.targets.includes('ours')) {
      const server = await startServer(serverSpec('ours', location, options, context), local)
      for (const endpoint of ENDPOINTS) {
        context.bodies[endpoint] = await fetchBody(server.origin, endpoint, headersFor(endpoint))
      }
      await server.stop()
    }

    const maxConnections = Math.max(...options.connections)
    for (const target of options.targets) {
      const server = await startServer(serverSpec(target, location, options, context), local)
      for (const endpoint of ENDPOINTS) {
        const headers = headersFor(endpoint)
        const body = await fetchBody(server.origin, endpoint, headers)
        const reference = context.bodies[endpoint]
        if (reference === undefined) {
          context.bodies[endpoint] = body
        } else {
          const detail = compareBodies(reference, body)
          report.bodyChecks.push({ target, endpoint, matches: detail === undefined, detail })
          if (detail) progress(`  WARNING: ${target} GET ${endpoint} body differs from ours ${detail}`)
        }
        report.bodyBytes[endpoint] ??= Buffer.byteLength(context.bodies[endpoint] ?? body)

        if (options.warmupSeconds > 0) {
          await measure(`${server.origin}${endpoint}`, {
            connections: maxConnections,
            durationSeconds: options.warmupSeconds,
            headers,
          })
        }
        for (const connections of options.connections) {
          const run = await measureRun(server, database, endpoint, connections, options, headers)
          report.runs.push(run)
          progress(progressLine(run))
        }
      }
      await server.stop()
    }
    return report
  } finally {
    await release()
  }
}

function describe(options: BenchOptions, drivers: Driver[]): string {
  const perTarget =
    ENDPOINTS.length * (options.warmupSeconds + options.connections.length * options.durationSeconds)
  const seconds = drivers.length * options.targets.length * perTarget
  const cpu = cpus()
  return [
    `Loopdesk bench · node ${process.version} · ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}`,
    `  databases ${drivers.map((d) => driverNames[d]).join(', ')} · ${options.rows} extra API keys · pool ${options.poolSize} · log level ${options.logLevel}`,
    `  ${options.durationSeconds} s per run at ${options.connections.join(', ')} connections, ${options.warmupSeconds} s warm-up · targets ${options.targets.join(', ')}`,
    `  raw-sql on PostgreSQL: ${options.rawPrepare ? 'prepared statements (postgres.js default)' : 'unnamed statements, as drizzle sends'}`,
    `  ≈ ${Math.ceil(seconds / 60)} min of load, plus seeding and server starts`,
    busyWarning(),
  ]
    .filter(Boolean)
    .join('\n')
}

/** Other work on the machine skews every figure here (two cores are shared by client, server and database). */
function busyWarning(): string {
  const [oneMinute = 0] = loadavg()
  const cores = cpus().length
  return oneMinute > cores * 0.5
    ? `  WARNING: the machine is busy before we start (load average ${oneMinute.toFixed(2)} on ${cores} cores): figures will be noisy`
    : ''
}

/** One concurrency for a suite's load runs: `fallback` unless --connections names others (then the first). */
const connectionsOf = (options: BenchOptions, fallback: number) =>
  process.argv.includes('--connections') || process.env.BENCH_CONNECTIONS
    ? (options.connections[0] ?? fallback)
    : fallback

/** The load settings every HTTP suite takes. */
const loadOf = (options: BenchOptions, connections: number) => ({
  postgresUrl: options.postgresUrl,
  connections: connectionsOf(options, connections),
  durationSeconds: options.durationSeconds,
  warmupSeconds: options.warmupSeconds,
  rounds: options.rounds,
  poolSize: options.poolSize,
})

/**
 * A suite a flag selects instead of the default run: what it reads of the options (`pick`, undefined when not
 * selected), whether it needs PostgreSQL, how it runs, prints and records its report (`--json` holds
 * `{ <key>: report, goal }`). A new suite is one entry here and its flag in options.ts.
 */
interface Suite<P = unknown, R = unknown> {
  key: string
  postgres: boolean
  pick: (options: BenchOptions) => P | undefined
  run: (options: BenchOptions, picked: P, cleanup: Cleanup) => Promise<R> | R
  format: (report: R) => string
  goal: unknown
}
const suite = <P, R>(s: Suite<P, R>) => s as unknown as Suite

const withWarning = (text: string) => `\n${text}\n${busyWarning()}\n`

const suites: Suite[] = [
  suite({
    key: 'startup',
    postgres: false,
    pick: (o) => o.startup,
    run: (o, picked, cleanup) => {
      const [oneMinute = 0] = loadavg()
      progress(
        `Loopdesk start-up bench · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'} · load average ${oneMinute.toFixed(2)}`,
      )
      return benchStartup({ runs: picked.runs, postgresUrl: o.postgresUrl }, cleanup, progress)
    },
    format: (r) => `\n${formatStartup(r)}${busyWarning()}\n`,
    goal: STARTUP_GOAL,
  }),
  suite({
    key: 'feedback',
    postgres: true,
    pick: (o) => o.feedback,
    run: (o, picked, cleanup) => benchFeedback({ ...loadOf(o, 16), ...picked }, cleanup, progress),
    format: (r) => withWarning(formatFeedback(r)),
    goal: FEEDBACK_GOAL,
  }),
  suite({
    key: 'businessTime',
    postgres: false,
    pick: (o) => o.businessTime,
    run: (_o, picked) => benchBusinessTime(picked),
    format: (r) => withWarning(formatBusinessTime(r)),
    goal: BUSINESS_TIME_GOAL,
  }),
  suite({
    key: 'sla',
    postgres: true,
    pick: (o) => o.sla,
    run: (o, picked, cleanup) => benchSlaTick({ postgresUrl: o.postgresUrl, ...picked }, cleanup, progress),
    format: (r) => withWarning(formatSlaTick(r)),
    goal: SLA_TICK_GOAL,
  }),
  suite({
    key: 'visibility',
    postgres: true,
    pick: (o) => o.visibility,
    run: (o, picked, cleanup) => benchVisibility({ ...loadOf(o, 16), ...picked }, cleanup, progress),
    format: (r) => withWarning(formatVisibility(r)),
    goal: VISIBILITY_GOAL,
  }),
  suite({
    key: 'segments',
    postgres: true,
    pick: (o) => o.segments,
    run: (o, picked, cleanup) => benchSegments({ postgresUrl: o.postgresUrl, ...picked }, cleanup, progress),
    format: (r) => withWarning(formatSegments(r)),
    goal: SEGMENTS_GOAL,
  }),
  suite({
    key: 'routing',
    postgres: true,
    pick: (o) => (o.routing ? {} : undefined),
    run: (o, _picked, cleanup) => benchRouting(loadOf(o, 1), cleanup, progress),
    format: (r) => withWarning(formatRouting(r)),
    goal: ROUTING_GOAL,
  }),
  suite({
    key: 'tickets',
    postgres: true,
    pick: (o) => o.tickets,
    run: (o, picked, cleanup) => benchTickets({ ...loadOf(o, 16), ...picked }, cleanup, progress),
    format: (r) => withWarning(formatTickets(r)),
    goal: TICKETS_GOAL,
  }),
  suite({
    key: 'publishing',
    postgres: true,
    pick: (o) => o.publishing,
    run: (o, picked, cleanup) => benchPublishing({ ...loadOf(o, 16), ...picked }, cleanup, progress),
    format: (r) => withWarning(formatPublishing(r)),
    goal: PUBLISHING_GOAL,
  }),
  suite({
    key: 'webhooks',
    postgres: true,
    pick: (o) => o.webhooks,
    run: (o, picked, cleanup) =>
      benchWebhooks({ postgresUrl: o.postgresUrl, endpoints: 3, batch: 5, ...picked }, cleanup),
    format: (r) => `${formatWebhooks(r)}\n\n${webhookGoal(r)}`,
    goal: WEBHOOK_GOAL,
  }),
]

async function main(): Promise<number> {
  let options: BenchOptions | 'help'
  try {
    options = parseOptions()
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${error.message}\n\n${usage}`)
    return 2
  }
  if (options === 'help') {
    process.stdout.write(usage)
    return 0
  }

  const cleanup = new Cleanup()
  let interrupted = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return
    interrupted = true
    progress(`\n${signal}: stopping servers and removing the bench databases…`)
    void cleanup.runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  try {
    for (const suite of suites) {
      const picked = suite.pick(options)
      if (picked === undefined) continue
      if (suite.postgres && !(await postgresReachable(options.postgresUrl))) {
        throw new Error(`--${suite.key} needs PostgreSQL; none answers at ${redact(options.postgresUrl)}`)
      }
      const report = await suite.run(options, picked, cleanup)
      process.stdout.write(suite.format(report))
      if (options.jsonPath) {
        await mkdir(dirname(options.jsonPath), { recursive: true })
        await writeFile(
          options.jsonPath,
          `${JSON.stringify({ [suite.key]: report, goal: suite.goal, loadAverage: loadavg() }, null, 2)}\n`,
        )
      }
      return 0
    }
    const startedAt = new Date()
    const loadBefore = loadavg()
    const drivers = await resolveDatabases(options)
    const authz: AuthzReport[] = []
    for (const driver of drivers) {
      progress(`authorization figures on ${driverNames[driver]}…`)
      const local = new Cleanup()
      try {
        const url = driver === 'postgres' ? await scratchPostgres(options.postgresUrl, local) : undefined
        const report = await benchAuthorization({ postgresUrl: url })
        authz.push(report)
        process.stdout.write(`${formatAuthz(report)}\n\n`)
      } finally {
        await local.runAll()
      }
    }
    if (options.authzOnly) return 0
    process.stdout.write(`${describe(options, drivers)}\n`)
    const reports: DatabaseReport[] = []
    for (const driver of drivers) reports.push(await benchDatabase(driver, options, cleanup))

    process.stdout.write('\n')
    for (const report of reports) process.stdout.write(`${formatDatabase(report, ENDPOINTS)}\n`)
    const goal = evaluateGoal(reports, ENDPOINTS)
    process.stdout.write(formatGoal(goal))
    const flagged = reports.flatMap((r) => r.runs).filter((r) => failures(r.result) > 0).length
    const mismatched = reports.flatMap((r) => r.bodyChecks).filter((c) => !c.matches).length
    if (flagged > 0) process.stdout.write(`\nFLAGGED: ${flagged} run(s) had non-2xx answers or errors\n`)
    if (mismatched > 0) process.stdout.write(`\nFLAGGED: ${mismatched} ceiling(s) answered other bodies\n`)

    // The webhook fan-out too, when PostgreSQL is in the run (the workers' deployment target).
    let webhooks: WebhookBenchReport | undefined
    if (drivers.includes('postgres') && !options.skipWebhooks) {
      webhooks = await benchWebhooks(
        {
          postgresUrl: options.postgresUrl,
          endpoints: 3,
          batch: 5,
          events: 10_000,
          ratePerSecond: 500,
          warmupSeconds: 3,
        },
        cleanup,
      )
      process.stdout.write(`\n${formatWebhooks(webhooks)}\n\n${webhookGoal(webhooks)}`)
    }

    if (options.jsonPath) {
      const json = {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        environment: {
          node: process.version,
          platform: process.platform,
          arch: process.arch,
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model,
          loadAverageBefore: loadBefore,
          loadAverageAfter: loadavg(),
        },
        options: { ...options, postgresUrl: redact(options.postgresUrl), databases: drivers },
        databases: reports,
        authorization: authz,
        goal: { ...GOAL, checks: goal },
        ...(webhooks ? { webhooks: { report: webhooks, goal: WEBHOOK_GOAL } } : {}),
      }
      await mkdir(dirname(options.jsonPath), { recursive: true })
      await writeFile(options.jsonPath, `${JSON.stringify(json, null, 2)}\n`)
      progress(`results written to ${options.jsonPath}`)
    }
    return 0
  } catch (error) {
    if (interrupted) return 130
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`)
    return 1
  } finally {
    await cleanup.runAll()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${String(error)}\n`)
    process.exit(1)
  },
)
