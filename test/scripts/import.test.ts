import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { and, eq, isNotNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CsvRow,
  ImportFileError,
  importContext,
  importFeedback,
  parseCsv,
  postColumnsCsv,
  requiredPostColumns,
  requiredVoteColumns,
  voteColumnsCsv,
} from '../../src/areas/feedback/import'
import { openPglite } from '../../src/db/pglite'
import { auditEntries, contacts, events } from '../../src/db/schema'
import { boards, postStatuses, posts, tags, votes } from '../../src/db/schema/feedback'
import { type MemberId, newId, type WorkspaceId } from '../../src/ids'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const run = promisify(execFile)
const examplePosts = readFileSync('examples/import/posts.csv', 'utf8')
const exampleVotes = readFileSync('examples/import/votes.csv', 'utf8')
const postsOf = (text: string) => parseCsv('posts.csv', text, postColumnsCsv, requiredPostColumns)
const votesOf = (text: string) => parseCsv('votes.csv', text, voteColumnsCsv, requiredVoteColumns)

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>

/** A workspace with what the example files name: the board, two statuses and two tags. */
async function workspaceForExamples(): Promise<Workspace> {
  const ws = await t.newWorkspace()
  const call = (path: string, body: unknown) => t.request('POST', path, { key: ws.key, body })
  expect((await call('/v1/boards', { name: 'Feature requests', slug: 'feature-requests' })).status).toBe(201)
  expect((await call('/v1/post-statuses', { name: 'Open', category: 'open', isDefault: true })).status).toBe(
    201,
  )
  expect((await call('/v1/post-statuses', { name: 'Planned', category: 'planned' })).status).toBe(201)
  for (const name of ['export', 'mobile']) expect((await call('/v1/tags', { name })).status).toBe(201)
  return ws
}

async function importAs(
  ws: Workspace,
  postRows: CsvRow[],
  voteRows: CsvRow[] | undefined,
  options: { dryRun?: boolean; admin?: boolean; memberId?: MemberId } = {},
) {
  const session = await importContext(t.database, ws.workspaceId, options.memberId ?? ws.memberId)
  if (!session) throw new Error('no session')
  try {
    return await importFeedback(session.ctx, {
      posts: postRows,
      votes: voteRows,
      dryRun: options.dryRun ?? false,
      admin: options.admin ?? true,
    })
  } finally {
    await session.end()
  }
}

const importedPosts = (workspaceId: WorkspaceId) =>
  t.database.db
    .select()
    .from(posts)
    .where(and(eq(posts.workspaceId, workspaceId), isNotNull(posts.importSourceId)))
    .orderBy(posts.importSourceId)

describe('feedback import (examples/import)', () => {
  it('a dry run checks every row and imports nothing', async () => {
    const ws = await workspaceForExamples()
    const summary = await importAs(ws, postsOf(examplePosts), votesOf(exampleVotes), { dryRun: true })
    expect(summary.committed).toBe(false)
    expect(summary.posts).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0, failed: 0 })
    expect(summary.votes).toEqual({ created: 6, updated: 0, unchanged: 0, skipped: 0, failed: 0 })
    expect(await importedPosts(ws.workspaceId)).toEqual([])
    expect(
      await t.database.db.select().from(contacts).where(eq(contacts.workspaceId, ws.workspaceId)),
    ).toEqual([])
  })

  it('imports posts and votes through the services: authors, history, statuses, tags, counts, events and audit', async () => {
    const ws = await workspaceForExamples()
    const summary = await importAs(ws, postsOf(examplePosts), votesOf(exampleVotes))
    expect(summary.committed).toBe(true)
    expect(summary.posts.created).toBe(4)
    expect(summary.votes.created).toBe(6)
    const rows = await importedPosts(ws.workspaceId)
    expect(rows.map((p) => [p.importSourceId, p.title, p.voteCount])).toEqual([
      ['canny-1001', 'Export reports to CSV', 3],
      ['canny-1002', 'Dark mode', 1],
      ['canny-1003', 'Mobile app for iOS', 2],
      ['canny-1004', 'Slack notifications, per board', 0],
    ])
    const [first, second, third, fourth] = rows
    expect(first?.createdAt.toISOString()).toBe('2025-03-01T09:30:00.000Z')
    expect(third?.createdAt.toISOString()).toBe('2025-04-12T00:00:00.000Z')
    expect(fourth?.createdAt.toISOString()).toBe('2025-05-20T06:00:00.000Z')
    expect(second?.body).toBe('The dashboard is too bright at night.\n\nPlease add a dark theme.')
    const [planned] = await t.database.db
      .select()
      .from(postStatuses)
      .where(and(eq(postStatuses.workspaceId, ws.workspaceId), eq(postStatuses.name, 'Planned')))
    expect(first?.statusId).toBe(planned?.id)
    const [exportTag] = await t.database.db
      .select()
      .from(tags)
      .where(and(eq(tags.workspaceId, ws.workspaceId), eq(tags.name, 'export')))
    expect(first?.tagIds).toEqual([exportTag?.id])
    // The author is the contact with that email, created with its name; a row without one is the importer's.
    const [ana] = await t.database.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ws.workspaceId), eq(contacts.email, 'ana@customer.example')))
    expect(ana?.name).toBe('Ana Lima')
    expect(first?.authorContactId).toBe(ana?.id)
    expect(fourth?.authorContactId).toBeNull()
    expect(fourth?.authorMemberId).toBe(ws.memberId)
    const voteRows = await t.database.db.select().from(votes).where(eq(votes.postId, first!.id))
    expect(voteRows.map((v) => v.source)).toEqual(['import', 'import', 'import'])
    const emitted = await t.database.db
      .select({ type: events.type })
      .from(events)
      .where(eq(events.workspaceId, ws.workspaceId))
    const types = emitted.map((e) => e.type)
    expect(types.filter((x) => x === 'post.created')).toHaveLength(4)
    expect(types.filter((x) => x === 'post.voted')).toHaveLength(6)
    expect(types.filter((x) => x === 'contact.created')).toHaveLength(4)
    const audited = await t.database.db
      .select({ memberId: auditEntries.actorMemberId })
      .from(auditEntries)
      .where(and(eq(auditEntries.workspaceId, ws.workspaceId), eq(auditEntries.type, 'post.created')))
    expect(audited.map((a) => a.memberId)).toEqual(Array(4).fill(ws.memberId))
  })

  it('a re-import updates by sourceId rather than duplicating; unchanged rows and known votes are reported', async () => {
    const ws = await workspaceForExamples()
    await importAs(ws, postsOf(examplePosts), votesOf(exampleVotes))
    const again = await importAs(ws, postsOf(examplePosts), votesOf(exampleVotes))
    expect(again.committed).toBe(true)
    expect(again.posts).toEqual({ created: 0, updated: 0, unchanged: 4, skipped: 0, failed: 0 })
    expect(again.votes).toEqual({ created: 0, updated: 0, unchanged: 0, skipped: 6, failed: 0 })
    expect(again.rows.find((r) => r.file === 'votes')?.reasons[0]).toMatch(/has voted for post_\w+ already/)
    const edited = examplePosts.replace('Dark mode,', 'Dark mode everywhere,')
    const third = await importAs(ws, postsOf(edited), undefined)
    expect(third.posts).toEqual({ created: 0, updated: 1, unchanged: 3, skipped: 0, failed: 0 })
    const rows = await importedPosts(ws.workspaceId)
    expect(rows).toHaveLength(4)
    expect(rows[1]?.title).toBe('Dark mode everywhere')
    expect(rows[1]?.createdAt.toISOString()).toBe('2025-03-04T14:00:00.000Z')
  })

  it('bad rows are reported each with its reasons, and nothing is imported, not even the good rows', async () => {
    const ws = await workspaceForExamples()
    const bad = [
      'sourceId,board,title,body,status,tags,authorEmail,authorName,createdAt',
      'ok-1,feature-requests,A good row,,,,,,',
      'bad-1,nowhere,Unknown board,,,,,,',
      'bad-2,feature-requests,,,,,,,',
      'bad-3,feature-requests,Unknown status and tag,,Shipped,export;nope,,,',
      'bad-4,feature-requests,Bad time,,,,,,yesterday',
      'bad-5,feature-requests,Future,,,,,,2999-01-01',
      'bad-6,feature-requests,Bad email,,,,not-an-email,,',
      `bad-7,feature-requests,${'x'.repeat(256)},,,,,,`,
      ',feature-requests,No source id,,,,,,',
    ].join('\n')
    const badVotes = ['post,email,name', 'nope-1,a@example.com,', 'ok-1,not-an-email,', 'ok-1,,'].join('\n')
    const summary = await importAs(ws, postsOf(bad), votesOf(badVotes))
    expect(summary.committed).toBe(false)
    expect(summary.posts).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 8 })
    expect(summary.votes.failed).toBe(3)
    const reasons = (line: number, file = 'posts') =>
      summary.rows.find((r) => r.file === file && r.line === line)?.reasons ?? []
    expect(reasons(3)).toEqual(['board: no board has the id, slug or name "nowhere"'])
    expect(reasons(4)).toEqual(['title: is required'])
    expect(reasons(5)).toEqual([
      'status: no post status has the id or name "Shipped"',
      'tags: no tag has the id or name "nope"',
    ])
    expect(reasons(6)[0]).toMatch(/^createdAt: yesterday is not an ISO 8601 time/)
    expect(reasons(7)).toEqual(['createdAt: 2999-01-01 is in the future'])
    expect(reasons(8)).toEqual(['authorEmail: not-an-email is not an email address'])
    expect(reasons(9)).toEqual(['title: at most 255 characters'])
    expect(reasons(10)).toEqual(['sourceId: is required'])
    expect(reasons(2, 'votes')).toEqual(['post: no post has the id or sourceId "nope-1"'])
    expect(reasons(3, 'votes')).toEqual(['email: not-an-email is not an email address'])
    expect(reasons(4, 'votes')).toEqual(['email: is required'])
    expect(await importedPosts(ws.workspaceId)).toEqual([])
  })

  it('createdAt and authorEmail are for owners and admins; a member without feedback.manage cannot import', async () => {
    const ws = await workspaceForExamples()
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const asAgent = await importAs(ws, postsOf(examplePosts), undefined, {
      admin: false,
      memberId: agent.memberId,
    })
    expect(asAgent.committed).toBe(false)
    expect(asAgent.posts.failed).toBe(4)
    expect(asAgent.rows[0]?.reasons).toEqual([
      'createdAt, authorEmail: only an owner or admin may set them (import with --member of one)',
    ])
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const plain = ['sourceId,board,title', 'v-1,feature-requests,From a viewer'].join('\n')
    const asViewer = await importAs(ws, postsOf(plain), undefined, {
      admin: false,
      memberId: viewer.memberId,
    })
    expect(asViewer.posts.failed).toBe(1)
    expect(asViewer.rows[0]?.reasons[0]).toMatch(/^forbidden: /)
  })

  it('a file with missing or unknown columns, or that is not CSV, is refused as a whole', () => {
    expect(() => postsOf('board,title\nb,t')).toThrow(ImportFileError)
    expect(() => postsOf('board,title\nb,t')).toThrow('posts.csv: missing columns: sourceId')
    expect(() => postsOf('sourceId,board,title,colour\n1,b,t,red')).toThrow(/unknown columns: colour/)
    expect(() => postsOf('sourceId,board,title\n1,"b,t')).toThrow(/not valid CSV/)
    expect(() => votesOf('post\np')).toThrow('votes.csv: missing columns: email')
    expect(postsOf('sourceId,board,title\n')).toEqual([])
  })
})

describe('npm run import (the built script)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loopdesk-import-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
  const env = { ...process.env, LOOPDESK_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' }

  it('imports the example files into an embedded database: dry run, then for real, then again unchanged', async () => {
    await run(process.execPath, ['dist/migrate.js'], { env })
    const { stdout } = await run(
      process.execPath,
      ['dist/bootstrap.js', '--name', 'Acme', '--email', 'owner@acme.test', '--json'],
      { env },
    )
    const workspaceId = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}').workspaceId as WorkspaceId
    const database = await openPglite(dataDir)
    try {
      await database.db.insert(boards).values({
        id: newId('brd'),
        workspaceId,
        name: 'Feature requests',
        slug: 'feature-requests',
      })
      await database.db.insert(postStatuses).values([
        { id: newId('pst'), workspaceId, name: 'Open', category: 'open', position: 0, isDefault: true },
        { id: newId('pst'), workspaceId, name: 'Planned', category: 'planned', position: 1 },
      ])
      await database.db.insert(tags).values([
        { id: newId('tag'), workspaceId, name: 'export' },
        { id: newId('tag'), workspaceId, name: 'mobile' },
      ])
    } finally {
      await database.close()
    }
    const args = ['dist/import.js', 'examples/import/posts.csv', '--votes', 'examples/import/votes.csv']
    const dry = await run(process.execPath, [...args, '--dry-run'], { env })
    expect(dry.stdout).toContain('posts: 4 created, 0 updated, 0 unchanged, 0 skipped, 0 failed')
    expect(dry.stdout).toContain('votes: 6 created, 0 updated, 0 unchanged, 0 skipped, 0 failed')
    expect(dry.stdout).toContain('dry run: nothing was imported')
    const real = await run(process.execPath, args, { env })
    expect(real.stdout).toContain('posts: 4 created')
    expect(real.stdout.trim().split('\n').at(-1)).toBe('imported')
    const again = await run(process.execPath, [...args, '--json'], { env })
    const summary = JSON.parse(again.stdout)
    expect(summary.posts).toEqual({ created: 0, updated: 0, unchanged: 4, skipped: 0, failed: 0 })
    expect(summary.votes.skipped).toBe(6)
    const missing = await run(process.execPath, ['dist/import.js', 'examples/import/votes.csv'], {
      env,
    }).catch((error: { code: number; stderr: string }) => error)
    expect(missing).toMatchObject({ code: 2 })
    expect((missing as { stderr: string }).stderr).toContain('missing columns: sourceId, board, title')
  }, 180_000)
})
