/**
 * `npm run bench -- --routing`: ticket creation under routing on PostgreSQL. A fresh database gets the bench
 * workspace (200 members in 20 teams, 5,000 contacts; children.ts `seedDatabase`), 10 SLA policies inserted with
 * SQL (the SLA area is another helper's) and 20 active `ticket.created` routing rules created through the API
 * (conditions over priority, tags, subject, the requester's email and custom fields; actions setting the team,
 * tags and priority, assigning round robin, pinning an SLA policy). Then `POST /v1/tickets` as the owner key,
 * p50/p99 at one concurrency, first without any rule (the baseline, same server), then with them. Goal: p99 < 50 ms.
 */
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { idToUuid, newId, uuidToId } from '../../src/ids'
import { seedDatabase, startServer } from './children'
import type { Cleanup } from './cleanup'
import { provisionDatabase } from './database'
import { failures, type LoadResult, measure } from './load'

export const ROUTING_GOAL = { createP99Ms: 50 }

export interface RoutingBenchOptions {
  postgresUrl: string
  connections: number
  durationSeconds: number
  warmupSeconds: number
  poolSize: number
}

export interface RoutingBenchReport {
  rules: number
  slaPolicies: number
  connections: number
  poolSize: number
  matchedPerTicket: number
  /** The same creation before any rule existed. */
  baseline: LoadResult
  result: LoadResult
  goal: { check: string; value: number; target: string; met: boolean }
}

async function call(origin: string, path: string, key: string, body: unknown) {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`)
  return JSON.parse(text)
}

/** Twenty rules: most test something a bench ticket lacks; a few match it, as a real rule set does. */
function benchRules(teams: string[], policies: string[]) {
  const team = (i: number) => teams[i % teams.length] as string
  const rules: Array<Record<string, unknown>> = []
  for (let i = 0; i < 20; i++) {
    const kind = i % 5
    const conditions =
      kind === 0
        ? { all: [{ field: 'priority', operator: 'is', value: 'urgent' }] }
        : kind === 1
          ? { all: [{ field: 'tags', operator: 'includes_any', value: [`tag${i}`, 'vip'] }] }
          : kind === 2
            ? { any: [{ field: 'subject', operator: 'contains', value: `word${i}` }] }
            : kind === 3
              ? { all: [{ field: 'requester.email', operator: 'contains', value: `@bench${i}.test` }] }
              : { all: [{ field: 'customFields.plan', operator: 'is', value: `plan${i}` }] }
    const actions =
      i === 2
        ? [{ type: 'add_tags', tags: ['export'] }]
        : i === 7
          ? [
              { type: 'assign_round_robin', teamId: team(i) },
              { type: 'apply_sla_policy', policyId: policies[0] },
            ]
          : [
              { type: 'set_team', teamId: team(i) },
              { type: 'add_tags', tags: [`routed${i}`] },
              { type: 'set_priority', priority: 'high' },
            ]
    rules.push({ name: `Bench rule ${i + 1}`, trigger: 'ticket.created', conditions, actions })
  }
  // Two of them match every bench ticket (subject "Export fails since the update").
  ;(rules[2] as Record<string, unknown>).conditions = {
    any: [{ field: 'subject', operator: 'contains', value: 'export' }],
  }
  ;(rules[7] as Record<string, unknown>).conditions = {
    all: [{ field: 'subject', operator: 'contains', value: 'update' }],
  }
  return rules
}

export async function benchRouting(
  options: RoutingBenchOptions,
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<RoutingBenchReport> {
  const database = await provisionDatabase('postgres', options.postgresUrl, cleanup)
  if (database.location.driver !== 'postgres') throw new Error('expected PostgreSQL')
  const url = database.location.url
  progress(`routing bench: database ${new URL(url).pathname.slice(1)}`)
  const seeded = await seedDatabase(database.location, 10, cleanup)
  const workspaceUuid = idToUuid(seeded.workspaceId)

  const sql = postgres(url, { max: 1, onnotice: () => {} })
  let teams: string[]
  let requesterId: string
  const policies: string[] = []
  try {
    teams = (
      await sql<
        { id: string }[]
      >`select id from teams where workspace_id = ${workspaceUuid} order by id limit 20`
    ).map((t) => uuidToId('team', t.id))
    const [contact] = await sql<{ id: string }[]>`
      select id from contacts where workspace_id = ${workspaceUuid} order by id limit 1`
    if (!contact || teams.length === 0) throw new Error('the bench world is missing')
    requesterId = uuidToId('ct', contact.id)
    for (let i = 0; i < 10; i++) {
      const id = newId('sla')
      policies.push(id)
      await sql`insert into sla_policies (id, workspace_id, name, position)
        values (${idToUuid(id)}, ${workspaceUuid}, ${`Bench policy ${i + 1}`}, ${i})`
    }
  } finally {
    await sql.end({ timeout: 5 })
  }

  const secret = randomBytes(32).toString('base64url')
  const ours = await startServer(
    { kind: 'ours', database: database.location, poolSize: options.poolSize, secret, logLevel: 'warn' },
    cleanup,
  )
  const body = { subject: 'Export fails since the update', requesterId }
  const load = {
    connections: options.connections,
    headers: { authorization: `Bearer ${seeded.ownerKey}`, 'content-type': 'application/json' },
    method: 'POST' as const,
    body: JSON.stringify(body),
  }
  const timed = async (name: string) => {
    if (options.warmupSeconds > 0)
      await measure(`${ours.origin}/v1/tickets`, { ...load, durationSeconds: options.warmupSeconds })
    const result = await measure(`${ours.origin}/v1/tickets`, {
      ...load,
      durationSeconds: options.durationSeconds,
    })
    const bad = failures(result)
    progress(
      `  POST /v1/tickets ${name} c=${options.connections} ${Math.round(result.requestsPerSecond)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms${bad ? `  ${bad} errors/non-2xx ${JSON.stringify(result.statusCodes)}` : ''}`,
    )
    return result
  }
  // The same creation without rules first, on the same server: what routing adds is the difference.
  const baseline = await timed('without rules')
  const rules = benchRules(teams, policies)
  for (const rule of rules) await call(ours.origin, '/v1/routing-rules', seeded.ownerKey, rule)
  const dry = await call(ours.origin, '/v1/routing-rules/test', seeded.ownerKey, { ticket: body })
  const matchedPerTicket = (dry.matched as unknown[]).length
  progress(
    `  ${rules.length} rules, ${policies.length} SLA policies; ${matchedPerTicket} rules match each ticket`,
  )
  // Once by hand: the ticket must come out routed.
  const ticket = await call(ours.origin, '/v1/tickets', seeded.ownerKey, body)
  if (!ticket.tags?.includes('export') || !ticket.assigneeId)
    throw new Error(`the bench ticket was not routed: ${JSON.stringify(ticket).slice(0, 300)}`)

  const result = await timed('with 20 rules')
  await ours.stop()
  const bad = failures(result)
  return {
    rules: rules.length,
    slaPolicies: policies.length,
    connections: options.connections,
    poolSize: options.poolSize,
    matchedPerTicket,
    baseline,
    result,
    goal: {
      check: 'POST /v1/tickets with 20 routing rules and 10 SLA policies: p99 ms',
      value: result.p99Ms,
      target: `< ${ROUTING_GOAL.createP99Ms}`,
      met: result.p99Ms < ROUTING_GOAL.createP99Ms && bad === 0,
    },
  }
}

export function formatRouting(report: RoutingBenchReport): string {
  const r = report.result
  return [
    `Routing (PostgreSQL, c=${report.connections}, pool ${report.poolSize}): ${report.rules} active ticket.created rules (${report.matchedPerTicket} match each ticket), ${report.slaPolicies} SLA policies`,
    `  POST /v1/tickets without rules  ${Math.round(report.baseline.requestsPerSecond)} req/s  p50 ${report.baseline.p50Ms.toFixed(2)} ms  p99 ${report.baseline.p99Ms.toFixed(2)} ms`,
    `  POST /v1/tickets with the rules ${Math.round(r.requestsPerSecond)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms`,
    'Goal:',
    `  ${report.goal.met ? 'met    ' : 'MISSED '} ${report.goal.check}: ${report.goal.value.toFixed(2)} (${report.goal.target})`,
  ].join('\n')
}
