/**
 * `npm run bench -- --publishing`: the publishing figures on PostgreSQL. A fresh database gets the bench
 * workspace, then publishing-seed.ts adds, set-based, 5,000 help-centre articles in 200 categories (with French
 * translations), 2,000 changelog entries and a public board of 550 posts for a roadmap of 500 items (created
 * through the API, the first 30 posts of each column in a manual order). Measured as an anonymous visitor with a
 * publishable key (the help centre, changelog and roadmap are what a public site or widget shows), each beside its
 * raw-SQL ceiling (servers/publishing-raw.ts: the same statements through postgres.js) in the same run, at one
 * concurrency (16 by default) and the server's pool at `--pool`:
 *   - `GET /v1/help-center/articles?categoryId=` (a category's 25 newest articles and their translations);
 *   - `GET /v1/search?q=configure dashboard&types=articles` (article search);
 *   - `GET /v1/changelog?limit=20`;
 *   - `GET /v1/changelog/feed.xml?workspace=` (RSS, no credential);
 *   - `GET /v1/roadmaps/{id}/items` (500 items in 3 columns).
 * Before the load, each request is sent once in-process to count its SQL statements (src/db/statements.ts)
 * and our answer is compared with the ceiling's, byte for byte. Goal: each ≥ 0.7× its ceiling.
 */
import { randomBytes } from 'node:crypto'
import { idToUuid, uuidToId } from '../../src/ids'
import { seedDatabase, startCeiling, startServer } from './children'
import type { Cleanup } from './cleanup'
import { provisionDatabase } from './database'
import { inProcessApp } from './in-process'
import { cpuText, failures, firstDifference, type LoadResult, measurePair, ratioText, runLine } from './load'
import { type PublishingSeeded, positionRoadmap, seedPublishing } from './publishing-seed'

export const PUBLISHING_GOAL = { readRatio: 0.7 }

export interface PublishingBenchOptions {
  postgresUrl: string
  connections: number
  durationSeconds: number
  warmupSeconds: number
  rounds: number
  poolSize: number
  articles: number
  categories: number
  changelog: number
  roadmapItems: number
}

export interface PublishingLine {
  name: string
  path: string
  /** SQL statements our server sends for one request, and the ceiling's. */
  statements: number
  rawStatements: number
  /** Whether the ceiling answered our body byte for byte (else where they first differ). */
  sameBody: boolean
  difference?: string
  result: LoadResult
  ceiling: LoadResult
  /** The median round's ours ÷ ceiling, and every round's. */
  ratio: number
  ratios: number[]
}

export interface PublishingBenchReport {
  seed: PublishingSeeded
  connections: number
  poolSize: number
  lines: PublishingLine[]
  goal: Array<{ check: string; value: number; target: string; met: boolean }>
}

/** The query of the article search: common words, as help-centre searches are. */
const SEARCH_QUERY = 'configure dashboard'
/** What our server's config answers for its public URL (HOST 127.0.0.1, PORT 0): the feed's links use it. */
const PUBLIC_URL = 'http://127.0.0.1:0'

async function call(
  origin: string,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<string> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`)
  return text
}

export async function benchPublishing(
  options: PublishingBenchOptions,
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<PublishingBenchReport> {
  const database = await provisionDatabase('postgres', options.postgresUrl, cleanup)
  if (database.location.driver !== 'postgres') throw new Error('expected PostgreSQL')
  const url = database.location.url
  progress(`publishing bench: database ${new URL(url).pathname.slice(1)}`)
  const seeded = await seedDatabase(database.location, 10, cleanup)
  const workspaceUuid = idToUuid(seeded.workspaceId)
  const data = await seedPublishing(url, workspaceUuid, options)
  progress(
    `  seeded ${data.articles} articles (${data.published} published, ${data.translations} translations) in ${data.categories} categories, ${data.changelog} changelog entries, ${data.roadmapPosts} roadmap posts in ${data.seconds.toFixed(1)} s`,
  )

  const secret = randomBytes(32).toString('base64url')
  const ours = await startServer(
    { kind: 'ours', database: database.location, poolSize: options.poolSize, secret, logLevel: 'warn' },
    cleanup,
  )
  const staff = { authorization: `Bearer ${seeded.ownerKey}` }
  const profile = JSON.parse(
    await call(ours.origin, 'POST', '/v1/widget-profiles', staff, {
      name: 'Bench help centre',
      environment: 'production',
      allowedOrigins: ['https://help.bench.test'],
    }),
  ) as { publishableKey: string }
  const visitor = { authorization: `Bearer ${profile.publishableKey}` }
  const roadmap = JSON.parse(
    await call(ours.origin, 'POST', '/v1/roadmaps', staff, {
      name: 'Public roadmap',
      filter: { boardIds: [uuidToId('brd', data.boardUuid)] },
      columnsBy: 'status',
      statusIds: data.statusUuids.map((id) => uuidToId('pst', id)),
      visibility: { audience: 'public' },
    }),
  ) as { id: string }
  await positionRoadmap(url, workspaceUuid, idToUuid(roadmap.id), 30)

  const raw = await startCeiling(
    'publishing-raw.ts',
    'PUBLISHING_RAW',
    {
      url,
      poolSize: options.poolSize,
      secret,
      workspaceUuid,
      workspaceSlug: data.workspaceSlug,
      categoryUuid: data.categoryUuid,
      roadmapUuid: idToUuid(roadmap.id),
      query: SEARCH_QUERY,
      publicUrl: PUBLIC_URL,
    },
    cleanup,
  )

  const operations = [
    {
      name: 'GET /v1/help-center/articles?categoryId= (visitor)',
      path: `/v1/help-center/articles?categoryId=${uuidToId('hcat', data.categoryUuid)}`,
      rawPath: '/articles',
      rawStatements: 2,
      headers: visitor,
    },
    {
      name: `GET /v1/search?q=${SEARCH_QUERY}&types=articles (visitor)`,
      path: `/v1/search?q=${encodeURIComponent(SEARCH_QUERY)}&types=articles`,
      rawPath: '/search',
      rawStatements: 1,
      headers: visitor,
    },
    {
      name: 'GET /v1/changelog?limit=20 (visitor)',
      path: '/v1/changelog?limit=20',
      rawPath: '/changelog',
      rawStatements: 2,
      headers: visitor,
    },
    {
      name: 'GET /v1/changelog/feed.xml (no credential)',
      path: `/v1/changelog/feed.xml?workspace=${encodeURIComponent(data.workspaceSlug)}`,
      rawPath: '/feed',
      rawStatements: 2,
      headers: {},
    },
    {
      name: `GET /v1/roadmaps/{id}/items (${data.roadmapPosts} items, visitor)`,
      path: `/v1/roadmaps/${roadmap.id}/items`,
      rawPath: '/roadmap',
      rawStatements: 3,
      headers: visitor,
    },
  ]

  // Statement counts, in process (one request each, after one to warm caches), and the bodies compared.
  const app = inProcessApp(url, secret)
  const counted = new Map<string, number>()
  try {
    for (const op of operations) {
      await app.request('GET', op.path, op.headers)
      const recorded = await app.request('GET', op.path, op.headers)
      if (recorded.status !== 200) {
        throw new Error(`${op.name} answered ${recorded.status} in process: ${recorded.text.slice(0, 300)}`)
      }
      counted.set(op.path, recorded.statements.length)
      if (process.env.BENCH_SHOW_SQL) {
        progress(`  ${op.name}: ${recorded.statements.length} statements`)
        for (const s of recorded.statements) progress(`    ${s.atMs.toFixed(2)} ms  ${s.sql}`)
      }
    }
  } finally {
    await app.close()
  }

  const lines: PublishingLine[] = []
  // BENCH_ONLY=<text> measures only the lines whose name holds it (to profile one endpoint).
  const only = process.env.BENCH_ONLY
  for (const op of operations.filter((o) => !only || o.name.includes(only))) {
    const ourBody = await call(ours.origin, 'GET', op.path, op.headers)
    const rawBody = await call(raw.origin, 'GET', op.rawPath, {})
    const difference = firstDifference(ourBody, rawBody)
    if (difference) progress(`  WARNING: the raw-sql answer to ${op.name} differs from ours ${difference}`)
    const pair = await measurePair(
      { url: `${ours.origin}${op.path}`, headers: op.headers, cpuMicros: ours.cpuMicros },
      { url: `${raw.origin}${op.rawPath}`, cpuMicros: raw.cpuMicros },
      options,
    )
    progress(runLine(op.name, pair.result))
    progress(runLine('  raw-sql ceiling', pair.ceiling))
    if (pair.cpuPerRequest) progress(`    ${cpuText(pair)}`)
    lines.push({
      name: op.name,
      path: op.path,
      statements: counted.get(op.path) ?? -1,
      rawStatements: op.rawStatements,
      sameBody: difference === undefined,
      difference,
      ...pair,
    })
  }
  await ours.stop()
  await raw.stop()

  const goal = lines.map((line) => ({
    check: `${line.name}: ours ÷ raw SQL`,
    value: line.ratio,
    target: `≥ ${PUBLISHING_GOAL.readRatio}`,
    met: line.ratio >= PUBLISHING_GOAL.readRatio && failures(line.result) === 0 && line.sameBody,
  }))
  return { seed: data, connections: options.connections, poolSize: options.poolSize, lines, goal }
}

export function formatPublishing(report: PublishingBenchReport): string {
  const figures = (r: LoadResult) =>
    `${Math.round(r.requestsPerSecond)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms`
  const rows = report.lines.map((l) => {
    const ratio = ratioText(l)
    return [
      `  ${l.name}`,
      `    ours    ${figures(l.result)}  (${l.statements} SQL statements)`,
      `    raw SQL ${figures(l.ceiling)}  (${l.rawStatements})  ratio ${ratio}${l.sameBody ? '' : '  BODY DIFFERS'}`,
    ].join('\n')
  })
  const goal = report.goal.map(
    (g) => `  ${g.met ? 'met    ' : 'MISSED '} ${g.check}: ${g.value.toFixed(2)} (${g.target})`,
  )
  const s = report.seed
  return [
    `Publishing (PostgreSQL, c=${report.connections}, pool ${report.poolSize}): ${s.articles} articles (${s.published} published, ${s.translations} translations) in ${s.categories} categories, ${s.changelog} changelog entries, a roadmap of ${s.roadmapPosts} posts; seeded in ${s.seconds.toFixed(1)} s`,
    ...rows,
    'Goal:',
    ...goal,
  ].join('\n')
}
