/**
 * `npm run bench -- --visibility`: content audiences at scale on PostgreSQL. A fresh database gets the bench
 * workspace, publishing-seed.ts's help centre (5,000 articles in 200 categories), then, set-based, 100,000
 * contacts, 50 segments with every contact in 5 of them (500,000 memberships), and mixed audiences on the articles:
 * a third `segments` (3 segments each, `content_audiences` rows), a third `authenticated`, the rest `public`.
 * Measured as a contact in 5 segments (a portal session), at the bench's concurrency and alone (one client):
 *   - `GET /v1/help-center/articles?categoryId=` (a category's newest articles the contact may read);
 *   - `GET /v1/search?q=…&types=articles`.
 * Each beside a ceiling that replays the SQL statements our server sent for the same request (recorded
 * in-process with their parameters) straight through postgres.js (servers/replay-raw.ts): the database work
 * alone, no authentication, policy or JSON shaping.
 * Goal (issue 14): p99 < 25 ms. At 16 concurrent clients on 2 cores p99 is bound by the queue (16 ÷ throughput),
 * so the p99 goal is taken alone, and the loaded figure is judged against its ceiling (≥ 0.7×).
 */
import { randomBytes } from 'node:crypto'
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { createSession } from '../../src/auth/sessions'
import type { Db } from '../../src/db/database'
import * as schema from '../../src/db/schema'
import { type ContactId, idToUuid, uuidToId, type WorkspaceId } from '../../src/ids'
import { seedDatabase, startCeiling, startServer } from './children'
import type { Cleanup } from './cleanup'
import { provisionDatabase } from './database'
import { inProcessApp } from './in-process'
import { cpuText, failures, type LoadResult, measure, measurePair, ratioText, runLine } from './load'
import { seedPublishing } from './publishing-seed'

export const VISIBILITY_GOAL = { aloneP99Ms: 25, ratio: 0.7 }

export interface VisibilityBenchOptions {
  postgresUrl: string
  connections: number
  durationSeconds: number
  warmupSeconds: number
  rounds: number
  poolSize: number
  contacts: number
  segments: number
  articles: number
}

export interface VisibilityLine {
  name: string
  statements: number
  /** Articles the contact sees in the answer. */
  hits: number
  result: LoadResult
  alone: LoadResult
  ceiling: LoadResult
  /** The median round's ours ÷ replayed SQL, and every round's. */
  ratio: number
  ratios: number[]
}

export interface VisibilityBenchReport {
  seed: { contacts: number; segments: number; memberships: number; articles: number; seconds: number }
  lines: VisibilityLine[]
  goal: Array<{ check: string; value: number; target: string; met: boolean }>
}

const SEARCH_QUERY = 'configure dashboard'

/** Contacts, segments, memberships and article audiences, set-based; answers the bench contact's id. */
async function seedAudiences(url: string, workspaceUuid: string, options: VisibilityBenchOptions) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    return await sql.begin(async (tx) => {
      await tx`insert into contacts (id, workspace_id, email, name)
        select gen_random_uuid(), ${workspaceUuid}::uuid, 'visibility' || g || '@bench.test', 'Contact ' || g
        from generate_series(1, ${options.contacts}) g`
      await tx`insert into segments (id, workspace_id, name, kind)
        select gen_random_uuid(), ${workspaceUuid}::uuid, 'Segment ' || lpad(g::text, 3, '0'), 'manual'
        from generate_series(1, ${options.segments}) g`
      // Contact n is in segments n, n+7, n+14, n+21, n+28 (mod the count): every contact in 5.
      const [members] = await tx<{ count: number }[]>`with seg as (
          select array_agg(id order by name) a from segments where workspace_id = ${workspaceUuid}::uuid),
        c as (select id, row_number() over (order by email) n from contacts where workspace_id = ${workspaceUuid}::uuid
          and email like 'visibility%'),
        ins as (insert into segment_members (segment_id, contact_id, workspace_id)
          select seg.a[1 + ((c.n + k * 7) % ${options.segments})], c.id, ${workspaceUuid}::uuid
          from c, seg, generate_series(0, 4) k
          on conflict do nothing returning 1)
        select count(*)::int from ins`
      await tx`update segments s set member_count = (select count(*) from segment_members m where m.segment_id = s.id)
        where s.workspace_id = ${workspaceUuid}::uuid`
      // Articles: n % 3 = 0 → segments (3 of them), 1 → authenticated, 2 → public.
      await tx`with a as (select id, row_number() over (order by id) n from articles where workspace_id = ${workspaceUuid}::uuid)
        update articles set audience = case when a.n % 3 = 0 then 'segments' when a.n % 3 = 1 then 'authenticated' else 'public' end,
          effective_audience = case when a.n % 3 = 0 then 'segments' when a.n % 3 = 1 then 'authenticated' else 'public' end,
          -- An article with its own segments holds the grants of its effective audience.
          audience_source_id = case when a.n % 3 = 0 then articles.id end
        from a where articles.id = a.id`
      await tx`with seg as (select array_agg(id order by name) a from segments where workspace_id = ${workspaceUuid}::uuid),
        a as (select id, row_number() over (order by id) n from articles where workspace_id = ${workspaceUuid}::uuid)
        insert into content_audiences (workspace_id, resource_id, segment_id)
        select distinct ${workspaceUuid}::uuid, a.id, seg.a[1 + ((a.n * k) % ${options.segments})]
        from a, seg, (values (1), (3), (11)) as m(k) where a.n % 3 = 0`
      const [contact] = await tx<
        { id: string }[]
      >`select id from contacts where workspace_id = ${workspaceUuid}::uuid
        and email = 'visibility1@bench.test'`
      if (!contact) throw new Error('the bench contact was not seeded')
      await tx`analyze contacts`
      await tx`analyze segment_members`
      await tx`analyze content_audiences`
      await tx`analyze articles`
      return { contactUuid: contact.id, memberships: members?.count ?? 0 }
    })
  } finally {
    await sql.end({ timeout: 5 })
  }
}

export async function benchVisibility(
  options: VisibilityBenchOptions,
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<VisibilityBenchReport> {
  const database = await provisionDatabase('postgres', options.postgresUrl, cleanup)
  if (database.location.driver !== 'postgres') throw new Error('expected PostgreSQL')
  const url = database.location.url
  progress(`visibility bench: database ${new URL(url).pathname.slice(1)}`)
  const started = performance.now()
  const seeded = await seedDatabase(database.location, 10, cleanup)
  const workspaceUuid = idToUuid(seeded.workspaceId)
  const published = await seedPublishing(url, workspaceUuid, {
    articles: options.articles,
    categories: 200,
    changelog: 10,
    roadmapItems: 10,
  })
  const audiences = await seedAudiences(url, workspaceUuid, options)
  const seconds = (performance.now() - started) / 1000
  progress(
    `  seeded ${options.contacts} contacts, ${options.segments} segments (${audiences.memberships} memberships), ${published.articles} articles with mixed audiences in ${seconds.toFixed(1)} s`,
  )

  // The bench contact's portal session.
  const client = postgres(url, { max: 1, onnotice: () => {} })
  const session = await createSession(
    drizzle({ client, schema }) as unknown as Db,
    {
      workspaceId: seeded.workspaceId as WorkspaceId,
      contactId: uuidToId('ct', audiences.contactUuid) as ContactId,
    },
    { ip: null, userAgent: null },
  )
  await client.end({ timeout: 5 })
  const contact = { authorization: `Bearer ${session.token}` }

  const secret = randomBytes(32).toString('base64url')
  const operations = [
    {
      name: 'GET /v1/help-center/articles?categoryId= (contact in 5 segments)',
      path: `/v1/help-center/articles?categoryId=${uuidToId('hcat', published.categoryUuid)}`,
    },
    {
      name: `GET /v1/search?q=${SEARCH_QUERY}&types=articles (contact in 5 segments)`,
      path: `/v1/search?q=${encodeURIComponent(SEARCH_QUERY)}&types=articles`,
    },
  ]
  // Each request once in-process: its statements (for the ceiling) and what it finds.
  const app = inProcessApp(url, secret)
  const recorded = []
  try {
    for (const op of operations) {
      await app.request('GET', op.path, contact)
      const warm = await app.request('GET', op.path, contact)
      if (warm.status !== 200)
        throw new Error(`${op.path} answered ${warm.status}: ${warm.text.slice(0, 300)}`)
      recorded.push({ ...op, warm })
    }
  } finally {
    await app.close()
  }
  const routes = Object.fromEntries(
    recorded.map((r, i) => [`/${i}`, r.warm.statements.map((s) => ({ sql: s.sql, params: s.params }))]),
  )
  const ours = await startServer(
    { kind: 'ours', database: database.location, poolSize: options.poolSize, secret, logLevel: 'warn' },
    cleanup,
  )
  const raw = await startCeiling(
    'replay-raw.ts',
    'REPLAY_RAW',
    { url, poolSize: options.poolSize, routes },
    cleanup,
  )

  const run = async (name: string, target: string, headers: Record<string, string>, connections: number) => {
    if (options.warmupSeconds > 0)
      await measure(target, { connections, durationSeconds: options.warmupSeconds, headers })
    const result = await measure(target, { connections, durationSeconds: options.durationSeconds, headers })
    const bad = failures(result)
    progress(
      `  ${name.padEnd(30)} c=${connections} ${Math.round(result.requestsPerSecond).toString().padStart(6)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms${bad ? `  ${bad} errors/non-2xx ${JSON.stringify(result.statusCodes)}` : ''}`,
    )
    return result
  }
  const lines: VisibilityLine[] = []
  for (const [i, op] of recorded.entries()) {
    progress(`  ${op.name}`)
    const pair = await measurePair(
      { url: `${ours.origin}${op.path}`, headers: contact, cpuMicros: ours.cpuMicros },
      { url: `${raw.origin}/${i}`, cpuMicros: raw.cpuMicros },
      options,
    )
    progress(runLine('ours', pair.result, 30))
    progress(runLine('replayed SQL', pair.ceiling, 30))
    if (pair.cpuPerRequest) progress(`    ${cpuText(pair)}`)
    const alone = await run('ours, one client', `${ours.origin}${op.path}`, contact, 1)
    const body = JSON.parse(op.warm.text) as { data: unknown[] }
    lines.push({
      name: op.name,
      statements: op.warm.statements.length,
      hits: body.data.length,
      ...pair,
      alone,
    })
  }
  await ours.stop()
  await raw.stop()

  const goal: VisibilityBenchReport['goal'] = []
  for (const line of lines) {
    const ratio = line.ratio
    goal.push({
      check: `${line.name}: ours ÷ replayed SQL`,
      value: ratio,
      target: `≥ ${VISIBILITY_GOAL.ratio}`,
      met: ratio >= VISIBILITY_GOAL.ratio,
    })
    goal.push({
      check: `${line.name}: p99 ms, one client`,
      value: line.alone.p99Ms,
      target: `< ${VISIBILITY_GOAL.aloneP99Ms}`,
      met: line.alone.p99Ms < VISIBILITY_GOAL.aloneP99Ms,
    })
  }
  return {
    seed: {
      contacts: options.contacts,
      segments: options.segments,
      memberships: audiences.memberships,
      articles: published.articles,
      seconds,
    },
    lines,
    goal,
  }
}

export function formatVisibility(report: VisibilityBenchReport): string {
  const f = (r: LoadResult) =>
    `${Math.round(r.requestsPerSecond)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms`
  const rows = report.lines.map(
    (l) =>
      `  ${l.name} (${l.statements} statements, ${l.hits} articles)\n    ours          ${f(l.result)}\n    replayed SQL  ${f(l.ceiling)} (ratio ${ratioText(l)})\n    one client    ${f(l.alone)}`,
  )
  const goal = report.goal.map(
    (g) => `  ${g.met ? 'met    ' : 'MISSED '} ${g.check}: ${g.value.toFixed(2)} (${g.target})`,
  )
  const s = report.seed
  return [
    `Visibility (PostgreSQL): ${s.contacts} contacts, ${s.segments} segments (${s.memberships} memberships), ${s.articles} articles, seeded in ${s.seconds.toFixed(1)} s`,
    ...rows,
    'Goal:',
    ...goal,
  ].join('\n')
}
