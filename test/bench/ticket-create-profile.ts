/**
 * Where `POST /v1/tickets` spends its time, on PostgreSQL with the tickets bench's data (tickets-seed.ts):
 *   npx tsx test/bench/ticket-create-profile.ts [--tickets-count 100000] [--requests 30] [--duration 10]
 *     [--connections 16] [--pg-url postgres://…]
 * 1. In process (in-process.ts), one request at a time as the tickets bench's team-limited agent, the body the
 *    bench sends: the SQL statements of one create (src/db/statements.ts), in order, each with the median time
 *    from it to the next one (its round trip, plus the JavaScript between) over `--requests` creates, and the
 *    whole request's median.
 * 2. `EXPLAIN (ANALYZE, BUFFERS)` of each statement with its recorded parameters, in a transaction rolled back.
 * 3. Under load: our server (servers/ours.ts) taking creates at `--connections` for `--duration` s while
 *    pg_stat_activity is sampled every 10 ms: which statements the server's backends were waiting in, and on
 *    what (Lock/transactionid, Lock/tuple on ticket_counters, IO, Client…).
 * A diagnostic, printed; the figures on a busy machine are indicative only.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { issueApiKey } from '../../src/areas/api-keys/service'
import { openPostgres } from '../../src/db/postgres'
import { idToUuid, type MemberId, uuidToId, type WorkspaceId } from '../../src/ids'
import { seedDatabase, startServer } from './children'
import { Cleanup } from './cleanup'
import { provisionDatabase } from './database'
import { inProcessApp, type RecordedRequest } from './in-process'
import { failures, measure } from './load'
import { DEFAULT_POSTGRES_URL } from './options'
import { seedTickets } from './tickets-seed'

const { values } = parseArgs({
  options: {
    'tickets-count': { type: 'string', default: '100000' },
    requests: { type: 'string', default: '30' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    pool: { type: 'string', default: '10' },
    'pg-url': { type: 'string' },
  },
})
const postgresUrl =
  values['pg-url'] ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL
const out = (line: string) => process.stdout.write(`${line}\n`)
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}
const oneLine = (sql: string, max = 150) => {
  const flat = sql.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}

async function main() {
  const cleanup = new Cleanup()
  process.on('SIGINT', () => void cleanup.runAll().finally(() => process.exit(130)))
  try {
    const database = await provisionDatabase('postgres', postgresUrl, cleanup)
    if (database.location.driver !== 'postgres') throw new Error('expected PostgreSQL')
    const url = database.location.url
    const seeded = await seedDatabase(database.location, 10, cleanup)
    const workspaceUuid = idToUuid(seeded.workspaceId)
    const data = await seedTickets(url, workspaceUuid, { tickets: Number(values['tickets-count']) })
    out(`seeded ${data.tickets} tickets, ${data.messages} messages in ${data.seconds.toFixed(1)} s`)

    const sql = postgres(url, { max: 2, onnotice: () => {} })
    const [agent] = await sql<{ id: string }[]>`
      select id from members where workspace_id = ${workspaceUuid} and email = 'agent1@authz.bench.test'`
    const [team] = await sql<{ team_id: string }[]>`
      select team_id from team_members where member_id = ${agent?.id ?? null} order by team_id limit 1`
    const [requester] = await sql<{ requester_id: string }[]>`
      select requester_id from tickets where workspace_id = ${workspaceUuid} and team_id = ${team?.team_id ?? null}
      order by id limit 1`
    if (!agent || !team || !requester) throw new Error('the bench agent, team or requester is missing')
    const keyDatabase = openPostgres(url, { max: 1 })
    const key = await issueApiKey(keyDatabase.db, {
      workspaceId: seeded.workspaceId as WorkspaceId,
      memberId: uuidToId('mbr', agent.id) as MemberId,
      name: 'Ticket create profile key',
      scopes: ['tickets:write'],
      actor: { type: 'system' },
    }).finally(() => keyDatabase.close())
    const headers = { authorization: `Bearer ${key.secret}` }
    const body = {
      subject: 'Export fails since the update',
      requesterId: uuidToId('ct', requester.requester_id),
      teamId: uuidToId('team', team.team_id),
    }

    // 1. Statements and their times, one request at a time.
    const secret = randomBytes(32).toString('base64url')
    const app = inProcessApp(url, secret)
    const runs: RecordedRequest[] = []
    try {
      await app.request('POST', '/v1/tickets', headers, body)
      for (let i = 0; i < Number(values.requests); i++) {
        const run = await app.request('POST', '/v1/tickets', headers, body)
        if (run.status !== 201) throw new Error(`POST /v1/tickets answered ${run.status}: ${run.text}`)
        runs.push(run)
      }
    } finally {
      await app.close()
    }
    // The usual request (an occasional one also re-reads the API key, whose cache expired): its statements.
    const counts = new Map<number, number>()
    for (const r of runs) counts.set(r.statements.length, (counts.get(r.statements.length) ?? 0) + 1)
    const usual = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]
    const typical = runs.filter((r) => r.statements.length === usual)
    const first = typical[0] as RecordedRequest
    out(
      `\nPOST /v1/tickets in process: ${usual} statements (${[...counts].map(([n, k]) => `${k}× ${n}`).join(', ')}), median ${median(runs.map((r) => r.ms)).toFixed(2)} ms over ${runs.length} requests`,
    )
    out('  median ms to the next statement (or the answer) · statement')
    first.statements.forEach((s, i) => {
      const step = median(
        typical.map((r) => {
          const at = r.statements[i]?.atMs ?? Number.NaN
          const next = r.statements[i + 1]?.atMs ?? r.ms
          return next - at
        }),
      )
      out(`  ${String(i + 1).padStart(2)}. ${step.toFixed(2).padStart(6)}  ${oneLine(s.sql)}`)
    })
    out(
      `  before the first statement: ${median(runs.map((r) => r.statements[0]?.atMs ?? r.ms)).toFixed(2)} ms`,
    )

    // 2. Each statement's plan, with its parameters, rolled back.
    out('\nEXPLAIN (ANALYZE, BUFFERS) of each statement (rolled back):')
    for (const [i, s] of first.statements.entries()) {
      try {
        await sql.begin(async (tx) => {
          const plan = await tx.unsafe<{ 'QUERY PLAN': string }[]>(
            `explain (analyze, buffers, costs off) ${s.sql}`,
            freshKeys(s.sql, s.params) as never[],
          )
          out(`  ${i + 1}. ${oneLine(s.sql, 110)}`)
          for (const line of plan) out(`      ${line['QUERY PLAN']}`)
          throw new RollBack()
        })
      } catch (error) {
        if (!(error instanceof RollBack)) out(`  ${i + 1}. (no plan: ${(error as Error).message})`)
      }
    }

    // 3. Under load: what the server's backends wait on.
    const ours = await startServer(
      { kind: 'ours', database: database.location, poolSize: Number(values.pool), secret, logLevel: 'warn' },
      cleanup,
    )
    // Warm: the server's first requests compile the agent's policy filters.
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${ours.origin}/v1/tickets`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (response.status !== 201) throw new Error(`warming: POST /v1/tickets answered ${response.status}`)
    }
    await measure(`${ours.origin}/v1/tickets`, {
      connections: Number(values.connections),
      durationSeconds: 2,
      headers: { ...headers, 'content-type': 'application/json' },
      method: 'POST',
      body: JSON.stringify(body),
    })
    const samples = new Map<string, number>()
    let sampling = true
    let taken = 0
    const sampler = (async () => {
      while (sampling) {
        const rows = await sql<{ state: string; wait: string | null; query: string }[]>`
          select state, wait_event_type || '/' || wait_event as wait, query from pg_stat_activity
          where datname = current_database() and application_name = 'loopdesk' and state <> 'idle'`
        taken++
        for (const r of rows) {
          const label = `${(r.wait ?? 'CPU (no wait)').padEnd(24)} ${oneLine(r.query, 90)}`
          samples.set(label, (samples.get(label) ?? 0) + 1)
        }
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    })()
    const result = await measure(`${ours.origin}/v1/tickets`, {
      connections: Number(values.connections),
      durationSeconds: Number(values.duration),
      headers: { ...headers, 'content-type': 'application/json' },
      method: 'POST',
      body: JSON.stringify(body),
    })
    sampling = false
    await sampler
    await ours.stop()
    out(
      `\nUnder load (c=${values.connections}, pool ${values.pool}, ${values.duration} s): ${Math.round(result.requestsPerSecond)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms${failures(result) ? `  ${failures(result)} errors/non-2xx ${JSON.stringify(result.statusCodes)}` : ''}`,
    )
    out(`  active backends per sample (${taken} samples), by wait and statement, most frequent first:`)
    for (const [label, n] of [...samples].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      out(`  ${(n / taken).toFixed(2).padStart(6)}  ${label}`)
    }
    await sql.end({ timeout: 5 })
  } finally {
    await cleanup.runAll()
  }
}

class RollBack extends Error {}

/**
 * An insert's parameters with new keys, so its plan can be taken again although the recorded request committed
 * its rows: a fresh id (the first column of every insert here) and, for a ticket, a number no ticket has.
 */
function freshKeys(statement: string, params: unknown[]): unknown[] {
  if (/ticket_counters/.test(statement)) return params
  const copy = [...params]
  if (/^\s*with outbox as \(insert into "events"/.test(statement)) {
    // The event's id (also the audit row's event_id), and the audit row's own id: the first after the event's.
    const eventId = randomUUID()
    for (const [i, p] of copy.entries()) if (p === params[0]) copy[i] = eventId
    const audit = statement.indexOf('insert into "audit_entries"')
    copy[(statement.slice(0, audit).match(/\$\d+/g) ?? []).length] = randomUUID()
    return copy
  }
  if (!/^\s*insert into/i.test(statement)) return params
  if (typeof copy[0] === 'string' && /^[0-9a-f-]{36}$/.test(copy[0])) copy[0] = randomUUID()
  if (/^\s*insert into "tickets"/.test(statement)) copy[2] = 2_000_000_000
  return copy
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `profile failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    )
    process.exit(1)
  },
)
