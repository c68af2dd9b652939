/**
 * The cost of authorization itself, in process (part of `npm run bench`, or alone with
 * `npm run bench -- --authz-only`): one `oso.isAllowed` against one compiled filter, the warm path a request
 * pays (principal and filter from cache), and a list request's latency with cold and warm caches.
 * World: one workspace with 200 members in 20 teams and 5,000 contacts; the caller is an agent whose API key
 * is limited to one team and scoped `contacts:read`.
 */
import '../../generated/areas'
import { createApp, createDeps } from '../../src/app'
import { issueApiKey } from '../../src/areas/api-keys/service'
import { createWorkspace } from '../../src/areas/workspace/service'
import { instance } from '../../src/authz/authorizer'
import { filterFor } from '../../src/authz/guard'
import { loadConfig } from '../../src/config'
import { eventActorOf } from '../../src/context/actor'
import type { ServiceContext } from '../../src/context/service'
import type { Database } from '../../src/db/database'
import { openPglite } from '../../src/db/pglite'
import { openPostgres } from '../../src/db/postgres'
import { contacts, members, roleAssignments, teamMembers, teams } from '../../src/db/schema'
import { verifyApiKey } from '../../src/http/auth'
import { newId, type TeamId } from '../../src/ids'
import { createLogger } from '../../src/logger'

export const AUTHZ_WORLD = { members: 200, teams: 20, contacts: 5_000 } as const

/** Seed the authorization world into an open database; returns the team-limited agent's key. */
export async function seedAuthzWorld(database: Database, workspaceId?: string) {
  const { db } = database
  let ws = workspaceId
  if (!ws) {
    const created = await createWorkspace(db, {
      name: 'Authz bench',
      owner: { email: 'owner@authz.bench.test', name: 'Owner' },
    })
    ws = created.workspace.id
  }
  const workspace = ws as ReturnType<typeof newId<'ws'>>
  const teamIds: TeamId[] = []
  for (let i = 0; i < AUTHZ_WORLD.teams; i++) {
    const [team] = await db
      .insert(teams)
      .values({ id: newId('team'), workspaceId: workspace, name: `Bench team ${i + 1}` })
      .returning()
    teamIds.push(team!.id)
  }
  const memberRows = Array.from({ length: AUTHZ_WORLD.members }, (_, i) => ({
    id: newId('mbr'),
    workspaceId: workspace,
    email: `agent${i + 1}@authz.bench.test`,
    name: `Agent ${i + 1}`,
  }))
  await db.insert(members).values(memberRows)
  await db
    .insert(roleAssignments)
    .values(memberRows.map((m) => ({ workspaceId: workspace, memberId: m.id, systemRole: 'agent' as const })))
  await db.insert(teamMembers).values(
    memberRows.map((m, i) => ({
      workspaceId: workspace,
      memberId: m.id,
      teamId: teamIds[i % teamIds.length]!,
    })),
  )
  const base = Date.now() - 86_400_000
  for (let start = 0; start < AUTHZ_WORLD.contacts; start += 1000) {
    await db.insert(contacts).values(
      Array.from({ length: Math.min(1000, AUTHZ_WORLD.contacts - start) }, (_, offset) => {
        const i = start + offset
        return {
          id: newId('ct'),
          workspaceId: workspace,
          email: `customer${i + 1}@example.test`,
          name: `Customer ${i + 1}`,
          createdAt: new Date(base + i * 1000),
        }
      }),
    )
  }
  const agent = memberRows[0]!
  const { row, secret } = await issueApiKey(db, {
    workspaceId: workspace,
    memberId: agent.id,
    name: 'Team-limited agent key',
    scopes: ['contacts:read'],
    teamIds: [teamIds[0]!],
    actor: { type: 'system' },
  })
  return { workspaceId: workspace, agentKey: secret, agentId: agent.id, agentKeyId: row.id }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN

async function time<T>(
  iterations: number,
  fn: () => Promise<T> | T,
): Promise<{ meanUs: number; p50Us: number; p99Us: number }> {
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const started = performance.now()
    await fn()
    samples.push((performance.now() - started) * 1000)
  }
  samples.sort((a, b) => a - b)
  return {
    meanUs: samples.reduce((a, b) => a + b, 0) / samples.length,
    p50Us: percentile(samples, 0.5),
    p99Us: percentile(samples, 0.99),
  }
}

export interface AuthzReport {
  driver: string
  isAllowedUs: Awaited<ReturnType<typeof time>>
  compileUs: Awaited<ReturnType<typeof time>>
  warmDecisionUs: Awaited<ReturnType<typeof time>>
  listCold: Awaited<ReturnType<typeof time>>
  listWarm: Awaited<ReturnType<typeof time>>
}

/** Measure on a fresh in-memory PGlite, or on PostgreSQL at `url` (a database the caller created). */
export async function benchAuthorization(options: { postgresUrl?: string }): Promise<AuthzReport> {
  const database = options.postgresUrl ? openPostgres(options.postgresUrl, { max: 4 }) : await openPglite()
  try {
    await database.migrate()
    const world = await seedAuthzWorld(database)
    const config = loadConfig({ LOG_LEVEL: 'silent', LOOPDESK_RATE_LIMIT: '100000000' })
    const deps = createDeps({
      config,
      database,
      logger: createLogger('silent'),
      secret: 'bench-secret-bench-secret-bench',
    })
    const app = createApp(deps)
    const headers = { authorization: `Bearer ${world.agentKey}` }
    const list = async () => {
      const res = await app.request('/v1/contacts?limit=50', { headers })
      if (res.status !== 200) throw new Error(`GET /v1/contacts answered ${res.status}: ${await res.text()}`)
      await res.arrayBuffer()
    }
    await list() // warms Oso, the key cache, the principal and the filter

    // The principal as the server loaded it, through a service context of a real request's actor.
    const actor = await verifyApiKey(database.db, deps.apiKeyCache, world.agentKey)
    if (actor.type !== 'api_key') throw new Error('the agent key did not verify')
    const ctx: ServiceContext = {
      db: database.db,
      workspaceId: actor.workspaceId,
      actor,
      eventActor: eventActorOf(actor, undefined),
      requestId: 'bench',
      principal: () => deps.principals.load(database.db, actor),
      authorizer: deps.authorizer,
      authzKey: `${actor.type}:${actor.id}:${actor.authzVersion}`,
      origin: { id: 'req_bench', ip: null, userAgent: null },
      effects: {
        apiKeyChanged: () => {},
        publishableKeyChanged: () => {},
        authzChanged: () => {},
        sendMail: async () => {},
      },
    }
    const principal = await ctx.principal()
    const contact = instance('Contact', {
      id: newId('ct'),
      workspaceId: actor.workspaceId,
      organizationId: null,
    })
    const isAllowedUs = await time(300, () => deps.authorizer.isAllowed(principal, 'read', contact))
    const compileUs = await time(300, () => deps.authorizer.compile(principal, 'read', 'Contact'))
    const warmDecisionUs = await time(20_000, () => filterFor(ctx, 'read', 'Contact'))
    const listWarm = await time(300, list)
    const listCold = await time(300, async () => {
      deps.authorizer.clear()
      deps.principals.clear()
      await list()
    })
    return {
      driver: options.postgresUrl ? 'postgres' : 'pglite',
      isAllowedUs,
      compileUs,
      warmDecisionUs,
      listCold,
      listWarm,
    }
  } finally {
    await database.close()
  }
}

export function formatAuthz(report: AuthzReport): string {
  const f = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`)
  const row = (name: string, t: AuthzReport['compileUs']) =>
    `  ${name.padEnd(46)} mean ${f(t.meanUs).padStart(9)}  p50 ${f(t.p50Us).padStart(9)}  p99 ${f(t.p99Us).padStart(9)}`
  const warmAdds = report.warmDecisionUs.meanUs
  return [
    `Authorization (${report.driver}, in process; ${AUTHZ_WORLD.members} members in ${AUTHZ_WORLD.teams} teams, ${AUTHZ_WORLD.contacts.toLocaleString('en-US')} contacts; team-limited agent key)`,
    row('one oso.isAllowed (Contact read)', report.isAllowedUs),
    row('one filter compile (authorizedQuery → SQL)', report.compileUs),
    row('warm decision (principal + filter from cache)', report.warmDecisionUs),
    row('GET /v1/contacts?limit=50, warm caches', report.listWarm),
    row('GET /v1/contacts?limit=50, cold caches', report.listCold),
    `  goal: warm authorization adds < 0.1 ms per request: ${f(warmAdds)} → ${warmAdds < 100 ? 'PASS' : 'MISS'}`,
    `  one compiled decision is ${(report.isAllowedUs.meanUs / Math.max(report.warmDecisionUs.meanUs, 0.001)).toFixed(0)}× cheaper than one oso.isAllowed`,
  ].join('\n')
}
