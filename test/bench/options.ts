import { parseArgs } from 'node:util'
import { type Driver, TARGETS, type Target } from './protocol'

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

export interface BenchOptions {
  /** Explicit databases, or `auto`: both when PostgreSQL answers, else PGlite only. */
  databases: Driver[] | 'auto'
  /** A PostgreSQL server URL; each run creates (and drops) its own database there. */
  postgresUrl: string
  /** Extra API keys seeded in the workspace besides the owner key. */
  rows: number
  /** Seconds per measured run. */
  durationSeconds: number
  /** Seconds of discarded load before each target's runs on an endpoint. */
  warmupSeconds: number
  /** Turns of ours and its ceiling per line in the suites that compare them (the median round counts). */
  rounds: number
  connections: number[]
  targets: Target[]
  poolSize: number
  /** Our server's log level (`info` and more verbose go to /dev/null, to measure the logging cost). */
  logLevel: 'silent' | 'warn' | 'info'
  jsonPath?: string
  quick: boolean
  /** raw-sql on PostgreSQL with postgres.js prepared statements (default) or unnamed ones, as drizzle sends. */
  rawPrepare: boolean
  /** Only the in-process authorization measurements (no load runs). */
  authzOnly: boolean
  /** Only the start-up measurement: spawn → first 200 of the production server, this many runs per series. */
  startup?: { runs: number }
  /** Only the webhook fan-out measurement (PostgreSQL): events, at this rate per second. */
  webhooks?: { events: number; ratePerSecond: number; warmupSeconds: number }
  /** Leave the webhook fan-out out of a full run on PostgreSQL (for a quick look at the endpoint lines). */
  skipWebhooks: boolean
  /** Only the feedback figures (PostgreSQL): posts, votes and contacts to seed. */
  feedback?: { posts: number; votes: number; contacts: number }
  /** Only the tickets figures (PostgreSQL): tickets to seed (messages: 10 per ticket on average). */
  tickets?: { tickets: number }
  /** Only the publishing figures (PostgreSQL): help centre, changelog and roadmap data to seed. */
  publishing?: { articles: number; categories: number; changelog: number; roadmapItems: number }
  /** Only the business-time figures (src/sla, in process): calls of each function. */
  businessTime?: { calls: number }
  /** Only the routing figure (PostgreSQL): POST /v1/tickets with 20 routing rules and 10 SLA policies. */
  routing: boolean
  /** Only the SLA tick figure (PostgreSQL): open tickets with running clocks, and how many are due. */
  sla?: { tickets: number; due: number }
  /** Only the segments figure (PostgreSQL): contacts and rule segments to seed, then full recomputes timed. */
  segments?: { contacts: number; segments: number }
  /** Only the visibility figures (PostgreSQL): contacts, segments and articles with mixed audiences. */
  visibility?: { contacts: number; segments: number; articles: number }
}

export const usage = `Usage: npm run bench -- [options]

Measures GET /v1/api-keys and GET /v1/workspace on our server against two ceilings (a bare Hono app
answering from memory, and a bare node:http server running the same SQL through the driver).

Options (environment variable in brackets; argv wins):
  --db pglite|postgres|both   databases to measure [BENCH_DB]
                              (default: both when PostgreSQL answers, else pglite)
  --pg-url <url>              PostgreSQL server to create the bench database on
                              [BENCH_DATABASE_URL, TEST_DATABASE_URL]
                              (default ${DEFAULT_POSTGRES_URL})
  --rows <n>                  extra API keys in the workspace [BENCH_ROWS] (default 1000)
  --duration <s>              seconds per run [BENCH_DURATION] (default 5)
  --warmup <s>                seconds of discarded warm-up per target and endpoint [BENCH_WARMUP] (default 1)
  --rounds <n>                the feedback, tickets, publishing and visibility suites measure ours and its
                              ceiling in turns, n runs each, and keep each side's median run: noise on a
                              small shared machine then lands on both [BENCH_ROUNDS] (default 3; 1 with --quick)
  --connections <list>        concurrencies, comma-separated [BENCH_CONNECTIONS] (default 1,16,64)
  --targets <list>            any of ${TARGETS.join(',')} [BENCH_TARGETS] (default all)
  --pool <n>                  database pool size of our server and raw-sql [BENCH_POOL] (default 10)
  --log-level <level>         our server's: silent, warn or info [BENCH_LOG_LEVEL] (default warn)
  --raw-unprepared            raw-sql sends unnamed statements (parsed and planned per query, as drizzle
                              does) instead of postgres.js prepared ones [BENCH_RAW_UNPREPARED=1]
  --authz-only                only the in-process authorization figures (isAllowed vs compiled filter,
                              warm vs cold caches) [BENCH_AUTHZ_ONLY=1]
  --webhooks                  only the webhook fan-out (PostgreSQL): events to 3 local receivers through
                              one worker process; deliveries/s, commit-to-receipt p50/p99, loss and
                              duplicates [BENCH_WEBHOOKS=1]. A full run on PostgreSQL ends with it too
                              (10,000 events at 500/s)
  --no-webhooks               leave that fan-out out of a full run [BENCH_NO_WEBHOOKS=1]
  --webhook-events <n>        events to emit [BENCH_WEBHOOK_EVENTS] (default 10000)
  --webhook-rate <n>          events per second [BENCH_WEBHOOK_RATE] (default 500)
  --webhook-warmup <s>        seconds of events at that rate sent, delivered and discarded first, so the
                              fresh worker's JIT and connections are warm [BENCH_WEBHOOK_WARMUP] (default 3)
  --startup                   only the start-up figures: the production server (node dist/server.js) spawned
                              N times on a reopened embedded directory, an empty one, through npm start, and
                              on PostgreSQL (when it answers); spawn → first 200 on /healthz, min/median/max,
                              the phase breakdown, beside a bare node -e server and a bare PGlite open of the
                              same directory [BENCH_STARTUP=1]
  --startup-runs <n>          spawns per series [BENCH_STARTUP_RUNS] (default 5)
  --feedback                  only the feedback figures (PostgreSQL): 50,000 posts and 500,000 votes seeded
                              set-based; GET /v1/posts?boardId=&sort=top&limit=25 with a publishable key and
                              as staff, each against its raw-SQL ceiling; search and similar posts (p99);
                              concurrent votes on one hot post, the count checked exact. --connections (default
                              16), --duration, --warmup and --pool apply [BENCH_FEEDBACK=1]
  --feedback-posts <n>        posts to seed [BENCH_FEEDBACK_POSTS] (default 50000)
  --feedback-votes <n>        votes to seed [BENCH_FEEDBACK_VOTES] (default 500000)
  --tickets                   only the tickets figures (PostgreSQL): 100,000 tickets with about 1,000,000
                              messages, 200 members in 20 teams, seeded set-based; as a team-limited agent:
                              GET /v1/tickets?status=open&sort=-updatedAt&limit=50, GET /v1/tickets/{id}
                              ?include=messages, GET /v1/views/counts for 10 views, each against its raw-SQL
                              ceiling; POST /v1/tickets and POST /v1/tickets/{id}/messages (p50/p99) beside
                              theirs. --connections (default 16), --duration, --warmup and --pool apply
                              [BENCH_TICKETS=1]
  --tickets-count <n>         tickets to seed [BENCH_TICKETS_COUNT] (default 100000)
  --visibility                only the visibility figures (PostgreSQL): 100,000 contacts in 50 segments (5
                              each), 5,000 articles with mixed audiences; GET /v1/help-center/articles and
                              article search as a contact in 5 segments, against the replayed SQL of the same
                              requests, and alone (p99) [BENCH_VISIBILITY=1]; --visibility-contacts <n> shrinks it
  --publishing                only the publishing figures (PostgreSQL): 5,000 help-centre articles in 200
                              categories, 2,000 changelog entries and a 500-item roadmap seeded set-based; as
                              an anonymous visitor (publishable key): GET /v1/help-center/articles?categoryId=,
                              GET /v1/search?types=articles, GET /v1/changelog?limit=20, GET /v1/changelog/
                              feed.xml (no credential) and GET /v1/roadmaps/{id}/items, each against its
                              raw-SQL ceiling, with the SQL statements per request. --connections (default
                              16), --duration, --warmup and --pool apply [BENCH_PUBLISHING=1]
  --business-time             only the business-time figures (src/sla, in process, no database): 10,000
                              addBusinessMinutes and businessMinutesBetween calls over a schedule with lunch
                              breaks and 30 holidays, random starts over a year, 1..5000 minutes; µs per call
                              p50/p99, cold and warm [BENCH_BUSINESS_TIME=1]
  --sla                       only the SLA tick figure (PostgreSQL): 1,000,000 open tickets with running
                              clocks, 1,000 of them due: the claim's plan (must read sla_clocks_due_idx) and
                              the tick's time, then an idle tick's [BENCH_SLA=1]
  --routing                   only the routing figure (PostgreSQL): POST /v1/tickets p50/p99 with 20 active
                              ticket.created routing rules and 10 SLA policies; goal p99 < 50 ms; one
                              concurrency, 1 unless --connections names others (then the first) [BENCH_ROUTING=1]
  --segments                  only the segments figure (PostgreSQL): 100,000 contacts in 500 organisations and
                              50 rule segments seeded set-based; seconds of a full recompute of every segment
                              (from empty, idle, after 10% changed), and one contact's refresh p50/p99
                              [BENCH_SEGMENTS=1]; --segments-contacts <n> and --segments-count <n> shrink it
                              for a smoke run [BENCH_SEGMENTS_CONTACTS, BENCH_SEGMENTS_COUNT]
  --json <path>               also write the results as JSON [BENCH_JSON]
  --quick                     smoke check: 1 s runs, 16 connections, 0.5 s warm-up [BENCH_QUICK=1]
  --help

BENCH_ONLY=<text> (--publishing, --tickets, --feedback) measures only the lines whose name holds the text, to profile one endpoint.
BENCH_NODE_OPTIONS adds node flags to the server processes (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof");
BENCH_WORKER_NODE_ARGS does the same for the worker process of --webhooks.
`

export class UsageError extends Error {}

function positiveNumber(name: string, value: string, integer: boolean, min = 0): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n)) || value.trim() === '') {
    throw new UsageError(`${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, not "${value}"`)
  }
  return n
}

function list(name: string, value: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
  if (items.length === 0) throw new UsageError(`${name} must list at least one value`)
  return items
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${name} must be one of ${allowed.join(', ')}, not "${value}"`)
  }
  return value as T
}

/** Options from argv, then the environment, then the defaults (`--quick` changes the defaults only). */
export function parseOptions(
  argv: string[] = process.argv.slice(2),
  env: Record<string, string | undefined> = process.env,
): BenchOptions | 'help' {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values } = parsed
  if (values.help) return 'help'
  const pick = (flag: string | undefined, variable: string) => flag ?? (env[variable] || undefined)

  const flag = (value: boolean | undefined, variable: string) =>
    value === true || ['1', 'true', 'yes'].includes(env[variable] ?? '')
  const quick = flag(values.quick, 'BENCH_QUICK')
  const db = oneOf('--db', pick(values.db, 'BENCH_DB') ?? 'auto', ['pglite', 'postgres', 'both', 'auto'])
  const duration = pick(values.duration, 'BENCH_DURATION')
  const warmup = pick(values.warmup, 'BENCH_WARMUP')
  const connections = pick(values.connections, 'BENCH_CONNECTIONS')
  const targets = pick(values.targets, 'BENCH_TARGETS')
  const targetList = targets
    ? [...new Set(list('--targets', targets).map((t) => oneOf('--targets', t, TARGETS)))]
    : [...TARGETS]

  return {
    databases: db === 'auto' ? 'auto' : db === 'both' ? ['pglite', 'postgres'] : [db],
    postgresUrl:
      values['pg-url'] ?? (env.BENCH_DATABASE_URL || env.TEST_DATABASE_URL || DEFAULT_POSTGRES_URL),
    rows: positiveNumber('--rows', pick(values.rows, 'BENCH_ROWS') ?? '1000', true),
    durationSeconds: duration ? positiveNumber('--duration', duration, false, 0.1) : quick ? 1 : 5,
    warmupSeconds: warmup ? positiveNumber('--warmup', warmup, false) : quick ? 0.5 : 1,
    rounds: positiveNumber('--rounds', pick(values.rounds, 'BENCH_ROUNDS') ?? (quick ? '1' : '3'), true, 1),
    connections: connections
      ? [
          ...new Set(
            list('--connections', connections).map((c) => positiveNumber('--connections', c, true, 1)),
          ),
        ]
      : quick
        ? [16]
        : [1, 16, 64],
    // ours first: it answers the bodies the other targets must match.
    targets: TARGETS.filter((t) => targetList.includes(t)),
    poolSize: positiveNumber('--pool', pick(values.pool, 'BENCH_POOL') ?? '10', true, 1),
    logLevel: oneOf('--log-level', pick(values['log-level'], 'BENCH_LOG_LEVEL') ?? 'warn', [
      'silent',
      'warn',
      'info',
    ]),
    jsonPath: pick(values.json, 'BENCH_JSON'),
    quick,
    rawPrepare: !flag(values['raw-unprepared'], 'BENCH_RAW_UNPREPARED'),
    authzOnly: flag(values['authz-only'], 'BENCH_AUTHZ_ONLY'),
    startup:
      flag(values.startup, 'BENCH_STARTUP') || values['startup-runs'] !== undefined
        ? {
            runs: positiveNumber(
              '--startup-runs',
              pick(values['startup-runs'], 'BENCH_STARTUP_RUNS') ?? '5',
              true,
              1,
            ),
          }
        : undefined,
    skipWebhooks: flag(values['no-webhooks'], 'BENCH_NO_WEBHOOKS'),
    routing: flag(values.routing, 'BENCH_ROUTING'),
    segments:
      flag(values.segments, 'BENCH_SEGMENTS') ||
      values['segments-contacts'] !== undefined ||
      values['segments-count'] !== undefined
        ? {
            contacts: positiveNumber(
              '--segments-contacts',
              pick(values['segments-contacts'], 'BENCH_SEGMENTS_CONTACTS') ?? '100000',
              true,
              1,
            ),
            segments: positiveNumber(
              '--segments-count',
              pick(values['segments-count'], 'BENCH_SEGMENTS_COUNT') ?? '50',
              true,
              1,
            ),
          }
        : undefined,
    sla: flag(values.sla, 'BENCH_SLA') ? { tickets: 1_000_000, due: 1_000 } : undefined,
    feedback: flag(values.feedback, 'BENCH_FEEDBACK')
      ? {
          posts: positiveNumber(
            '--feedback-posts',
            pick(values['feedback-posts'], 'BENCH_FEEDBACK_POSTS') ?? '50000',
            true,
            1,
          ),
          votes: positiveNumber(
            '--feedback-votes',
            pick(values['feedback-votes'], 'BENCH_FEEDBACK_VOTES') ?? '500000',
            true,
            0,
          ),
          contacts: 20_000,
        }
      : undefined,
    tickets: flag(values.tickets, 'BENCH_TICKETS')
      ? {
          tickets: positiveNumber(
            '--tickets-count',
            pick(values['tickets-count'], 'BENCH_TICKETS_COUNT') ?? '100000',
            true,
            100,
          ),
        }
      : undefined,
    visibility: flag(values.visibility, 'BENCH_VISIBILITY')
      ? {
          contacts: positiveNumber(
            '--visibility-contacts',
            pick(values['visibility-contacts'], 'BENCH_VISIBILITY_CONTACTS') ?? '100000',
            true,
            100,
          ),
          segments: 50,
          articles: 5_000,
        }
      : undefined,
    publishing: flag(values.publishing, 'BENCH_PUBLISHING')
      ? { articles: 5_000, categories: 200, changelog: 2_000, roadmapItems: 500 }
      : undefined,
    businessTime: flag(values['business-time'], 'BENCH_BUSINESS_TIME') ? { calls: 10_000 } : undefined,
    webhooks: flag(values.webhooks, 'BENCH_WEBHOOKS')
      ? {
          events: positiveNumber(
            '--webhook-events',
            pick(values['webhook-events'], 'BENCH_WEBHOOK_EVENTS') ?? '10000',
            true,
            1,
          ),
          ratePerSecond: positiveNumber(
            '--webhook-rate',
            pick(values['webhook-rate'], 'BENCH_WEBHOOK_RATE') ?? '500',
            false,
            1,
          ),
          warmupSeconds: positiveNumber(
            '--webhook-warmup',
            pick(values['webhook-warmup'], 'BENCH_WEBHOOK_WARMUP') ?? '3',
            false,
          ),
        }
      : undefined,
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      db: { type: 'string' },
      'pg-url': { type: 'string' },
      rows: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      targets: { type: 'string' },
      pool: { type: 'string' },
      'log-level': { type: 'string' },
      json: { type: 'string' },
      quick: { type: 'boolean' },
      'raw-unprepared': { type: 'boolean' },
      'authz-only': { type: 'boolean' },
      webhooks: { type: 'boolean' },
      'no-webhooks': { type: 'boolean' },
      startup: { type: 'boolean' },
      'startup-runs': { type: 'string' },
      'webhook-events': { type: 'string' },
      'webhook-rate': { type: 'string' },
      'webhook-warmup': { type: 'string' },
      feedback: { type: 'boolean' },
      'feedback-posts': { type: 'string' },
      'feedback-votes': { type: 'string' },
      tickets: { type: 'boolean' },
      routing: { type: 'boolean' },
      sla: { type: 'boolean' },
      segments: { type: 'boolean' },
      'segments-contacts': { type: 'string' },
      'segments-count': { type: 'string' },
      'tickets-count': { type: 'string' },
      publishing: { type: 'boolean' },
      visibility: { type: 'boolean' },
      'visibility-contacts': { type: 'string' },
      'business-time': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}
