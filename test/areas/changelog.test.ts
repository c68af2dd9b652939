import { and, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { publishDueChangelogEntries } from '../../src/areas/changelog/service'
import type { Database } from '../../src/db/database'
import { openPostgres } from '../../src/db/postgres'
import { auditEntries, events } from '../../src/db/schema'
import { changelogEntries } from '../../src/db/schema/changelog'
import { workspaces } from '../../src/db/schema/workspaces'
import { createTestApp, expectProblem, newContactSession, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>
type Res = { status: number; body: any; headers: Headers; text: string }

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })

const eventTypes = async (resourceId: string) =>
  (
    await t.database.db
      .select({ type: events.type })
      .from(events)
      .where(eq(events.resourceId, resourceId))
      .orderBy(events.occurredAt, events.id)
  ).map((e) => e.type)

const contactOf = (ws: Workspace) => newContactSession(t, ws.workspaceId)

async function visitorOf(ws: Workspace) {
  const origin = 'https://changelog.visitors.test'
  const profile = await call('POST', '/v1/widget-profiles', ws.key, {
    name: 'Site',
    allowedOrigins: [origin],
  })
  expect(profile.status, profile.text).toBe(201)
  return (method: string, path: string, body?: unknown) =>
    call(method, path, profile.body.publishableKey, body, { origin })
}

const makeEntry = async (key: string, body: Record<string, unknown> = {}) => {
  const res = await call('POST', '/v1/changelog', key, { title: 'CSV export is here', ...body })
  expect(res.status, res.text).toBe(201)
  return res.body
}
const publish = (key: string, id: string, body?: unknown) =>
  call('POST', `/v1/changelog/${id}/publish`, key, body)
const ids = (res: Res) => res.body.data.map((x: { id: string }) => x.id)
const future = () => new Date(Date.now() + 3_600_000).toISOString()

async function makePost(key: string, board: Record<string, unknown> = {}) {
  const b = await call('POST', '/v1/boards', key, {
    name: `Board ${Math.random().toString(36).slice(2, 8)}`,
    ...board,
  })
  expect(b.status, b.text).toBe(201)
  const p = await call('POST', '/v1/posts', key, { boardId: b.body.id, title: 'CSV export' })
  expect(p.status, p.text).toBe(201)
  return p.body
}

describe('changelog entries', () => {
  it('writes a draft with categories and linked posts, publishes it once; events and audit', async () => {
    const ws = await t.newWorkspace()
    const post = await makePost(ws.key)
    const res = await call('POST', '/v1/changelog', ws.key, {
      title: ' CSV export is here ',
      body: 'Export any board to **CSV**.',
      categories: ['New', ' new ', 'Reports'],
      linkedPostIds: [post.id],
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      title: 'CSV export is here',
      categories: ['New', 'Reports'],
      linkedPosts: [{ id: post.id, title: 'CSV export', boardId: post.boardId }],
      state: 'draft',
      publishedAt: null,
      visibility: { audience: 'public', segmentIds: [], organizationIds: [] },
    })
    expect(res.headers.get('location')).toBe(`/v1/changelog/${res.body.id}`)
    const published = await publish(ws.key, res.body.id)
    expect(published.status, published.text).toBe(200)
    expect(published.body.state).toBe('published')
    expect(published.body.displayDate).toBe(published.body.publishedAt)
    expectProblem(await publish(ws.key, res.body.id), 409, 'already_published')
    const edited = await call(
      'PATCH',
      `/v1/changelog/${res.body.id}`,
      ws.key,
      { categories: ['Improved'] },
      {
        'if-match': published.headers.get('etag') ?? '',
      },
    )
    expect(edited.status, edited.text).toBe(200)
    expect(await eventTypes(res.body.id)).toEqual([
      'changelog.created',
      'changelog.published',
      'changelog.updated',
    ])
    const audit = await t.database.db
      .select({ type: auditEntries.type })
      .from(auditEntries)
      .where(eq(auditEntries.resourceId, res.body.id))
    expect(audit).toHaveLength(3)
    const got = await call('GET', `/v1/changelog/${res.body.id}`, ws.key)
    expect(got.body.categories).toEqual(['Improved'])
    expect(
      (
        await call('GET', `/v1/changelog/${res.body.id}`, ws.key, undefined, {
          'if-none-match': got.headers.get('etag') ?? '',
        })
      ).status,
    ).toBe(304)
    // Back to draft, then gone.
    const draft = await call('PATCH', `/v1/changelog/${res.body.id}`, ws.key, { state: 'draft' })
    expect(draft.body).toMatchObject({ state: 'draft', publishedAt: null })
    expect((await call('DELETE', `/v1/changelog/${res.body.id}`, ws.key)).status).toBe(204)
    expect((await call('GET', `/v1/changelog/${res.body.id}`, ws.key)).status).toBe(404)
  })

  it('lists newest display date first, filters by state and category, pages', async () => {
    const ws = await t.newWorkspace()
    const old = await makeEntry(ws.key, { displayDate: '2026-01-01T00:00:00.000Z', categories: ['Fixed'] })
    const mid = await makeEntry(ws.key, { displayDate: '2026-06-01T00:00:00.000Z' })
    const draft = await makeEntry(ws.key)
    await publish(ws.key, old.id)
    await publish(ws.key, mid.id)
    expect(ids(await call('GET', '/v1/changelog', ws.key))).toEqual([draft.id, mid.id, old.id])
    expect(ids(await call('GET', '/v1/changelog?state=published', ws.key))).toEqual([mid.id, old.id])
    expect(ids(await call('GET', '/v1/changelog?category=Fixed', ws.key))).toEqual([old.id])
    const first = await call('GET', '/v1/changelog?limit=2&sort=displayDate', ws.key)
    expect(ids(first)).toEqual([old.id, mid.id])
    const second = await call(
      'GET',
      `/v1/changelog?limit=2&sort=displayDate&cursor=${first.body.nextCursor}`,
      ws.key,
    )
    expect(ids(second)).toEqual([draft.id])
  })

  it('refuses a linked post that does not exist or the caller cannot see (422 linked_post_not_found)', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const foreign = await makePost(other.key)
    const missing = 'post_01jh2x3y4z5a6b7c8d9e0f1g2h'
    const res = await call('POST', '/v1/changelog', ws.key, {
      title: 'x',
      linkedPostIds: [missing, foreign.id],
    })
    expectProblem(res, 422, 'linked_post_not_found')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.linkedPostIds.0',
      'body.linkedPostIds.1',
    ])
    const entry = await makeEntry(ws.key)
    expectProblem(
      await call('PATCH', `/v1/changelog/${entry.id}`, ws.key, { linkedPostIds: [foreign.id] }),
      422,
      'linked_post_not_found',
    )
    // A member who may not read feedback cannot link posts (nor learn they exist).
    const post = await makePost(ws.key)
    const role = await call('POST', '/v1/roles', ws.key, {
      name: 'Writer',
      permissions: ['content.read', 'content.manage'],
    })
    expect(role.status, role.text).toBe(201)
    const writer = await t.newMember(ws.workspaceId, { roles: [{ role: role.body.id }] })
    expectProblem(
      await call('POST', '/v1/changelog', writer.key, { title: 'x', linkedPostIds: [post.id] }),
      422,
      'linked_post_not_found',
    )
    // Readers see only the linked posts they may read.
    const hiddenPost = await makePost(ws.key, { visibility: { audience: 'staff' } })
    const both = await makeEntry(ws.key, { linkedPostIds: [post.id, hiddenPost.id] })
    await publish(ws.key, both.id)
    const contact = await contactOf(ws)
    const seen = await call('GET', `/v1/changelog/${both.id}`, contact.key)
    expect(seen.body.linkedPosts.map((p: { id: string }) => p.id)).toEqual([post.id])
  })

  it('schedules (422 schedule_in_past for a past time); the tick publishes due entries once', async () => {
    const ws = await t.newWorkspace()
    const entry = await makeEntry(ws.key)
    expectProblem(
      await publish(ws.key, entry.id, { publishAt: '2020-01-01T00:00:00.000Z' }),
      422,
      'schedule_in_past',
    )
    const scheduled = await publish(ws.key, entry.id, { publishAt: future() })
    expect(scheduled.status, scheduled.text).toBe(200)
    expect(scheduled.body.state).toBe('scheduled')
    expect(await publishDueChangelogEntries(t.database.db)).toBe(0)
    expect(
      await publishDueChangelogEntries(t.database.db, new Date(Date.now() + 7_200_000)),
    ).toBeGreaterThanOrEqual(1)
    expect(await publishDueChangelogEntries(t.database.db, new Date(Date.now() + 7_200_000))).toBe(0)
    const got = await call('GET', `/v1/changelog/${entry.id}`, ws.key)
    expect(got.body.state).toBe('published')
    expect((await eventTypes(entry.id)).filter((x) => x === 'changelog.published')).toHaveLength(1)
    expectProblem(await publish(ws.key, entry.id), 409, 'already_published')
  })

  it('two workers publishing at the same moment announce each due entry exactly once', async () => {
    const ws = await t.newWorkspace()
    const created = await Promise.all(Array.from({ length: 40 }, () => makeEntry(ws.key)))
    const entryIds = created.map((e) => e.id)
    await t.database.db
      .update(changelogEntries)
      .set({ state: 'scheduled', publishAt: new Date(Date.now() - 1000) })
      .where(inArray(changelogEntries.id, entryIds))
    // On PostgreSQL the second worker is a process of its own: another connection pool on the same database.
    const url = inject('databaseUrl')
    const second: Database = url ? await openPostgres(url, { max: 2 }) : t.database
    try {
      const counts = await Promise.all([
        publishDueChangelogEntries(t.database.db),
        publishDueChangelogEntries(second.db),
        publishDueChangelogEntries(t.database.db),
        publishDueChangelogEntries(second.db),
      ])
      const published = await t.database.db
        .select({ type: events.type, resourceId: events.resourceId })
        .from(events)
        .where(and(eq(events.workspaceId, ws.workspaceId), eq(events.type, 'changelog.published')))
      expect(published).toHaveLength(40)
      expect(new Set(published.map((e) => e.resourceId)).size).toBe(40)
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(40)
      const states = await t.database.db
        .select({ state: changelogEntries.state })
        .from(changelogEntries)
        .where(inArray(changelogEntries.id, entryIds))
      expect(states.every((s) => s.state === 'published')).toBe(true)
    } finally {
      if (second !== t.database) await second.close()
    }
  })
})

describe('changelog feed', () => {
  it('answers RSS 2.0 of public published entries, escaped, without credentials', async () => {
    const ws = await t.newWorkspace()
    const [row] = await t.database.db
      .select({ slug: workspaces.slug })
      .from(workspaces)
      .where(eq(workspaces.id, ws.workspaceId))
    const shown = await makeEntry(ws.key, {
      title: 'Tom & Jerry <script>',
      body: 'a ]]><injected/> b',
      categories: ['New'],
    })
    await publish(ws.key, shown.id)
    const members = await makeEntry(ws.key, {
      title: 'For customers',
      visibility: { audience: 'authenticated' },
    })
    await publish(ws.key, members.id)
    await makeEntry(ws.key, { title: 'A draft' })
    const res = await t.request('GET', `/v1/changelog/feed.xml?workspace=${row?.slug}`)
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/rss+xml')
    expect(res.text).toContain('<rss version="2.0"')
    // Texts travel as character data: markup in them, even a CDATA terminator, never becomes an element.
    expect(res.text).toContain('<title><![CDATA[Tom & Jerry <script>]]></title>')
    expect(res.text).toContain('<description><![CDATA[a ]]]]><![CDATA[><injected/> b]]></description>')
    expect(res.text.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')).not.toMatch(/<script>|<injected/)
    expect(res.text).toContain('<category>New</category>')
    expect(res.text).toContain(shown.id)
    expect(res.text).not.toContain('For customers')
    expect(res.text).not.toContain('A draft')
    expectProblem(
      await t.request('GET', '/v1/changelog/feed.xml?workspace=no-such-workspace-here'),
      404,
      'not_found',
    )
    expectProblem(await t.request('GET', '/v1/changelog/feed.xml'), 400, 'validation_failed')
  })
})

describe('changelog visibility and security', () => {
  it('readers see published entries of their audience; they change nothing', async () => {
    const ws = await t.newWorkspace()
    const pub = await makeEntry(ws.key, { title: 'Public' })
    const signedIn = await makeEntry(ws.key, {
      title: 'Customers',
      visibility: { audience: 'authenticated' },
    })
    const staff = await makeEntry(ws.key, { title: 'Internal', visibility: { audience: 'staff' } })
    const draft = await makeEntry(ws.key, { title: 'Draft' })
    for (const e of [pub, signedIn, staff]) expect((await publish(ws.key, e.id)).status).toBe(200)
    const contact = await contactOf(ws)
    const visit = await visitorOf(ws)
    expect(ids(await call('GET', '/v1/changelog', ws.key)).sort()).toEqual(
      [pub.id, signedIn.id, staff.id, draft.id].sort(),
    )
    expect(ids(await call('GET', '/v1/changelog', contact.key)).sort()).toEqual([pub.id, signedIn.id].sort())
    const visitor = await visit('GET', '/v1/changelog')
    expect(visitor.status, visitor.text).toBe(200)
    expect(ids(visitor)).toEqual([pub.id])
    for (const hidden of [signedIn, staff, draft])
      expect((await visit('GET', `/v1/changelog/${hidden.id}`)).status).toBe(404)
    expect((await call('GET', `/v1/changelog/${draft.id}`, contact.key)).status).toBe(404)
    expect((await visit('POST', '/v1/changelog', { title: 'x' })).status).toBe(403)
    expect((await call('POST', '/v1/changelog', contact.key, { title: 'x' })).status).toBe(403)
    expect((await call('POST', `/v1/changelog/${pub.id}/publish`, contact.key)).status).toBe(403)
  })

  it('no credential 401; another workspace 404; wrong role and wrong scope 403', async () => {
    const ws = await t.newWorkspace()
    const entry = await makeEntry(ws.key)
    expectProblem(await call('GET', '/v1/changelog'), 401, 'unauthorized')
    expectProblem(await call('POST', `/v1/changelog/${entry.id}/publish`), 401, 'unauthorized')
    const other = await t.newWorkspace()
    expect((await call('GET', `/v1/changelog/${entry.id}`, other.key)).status).toBe(404)
    expect((await publish(other.key, entry.id)).status).toBe(404)
    expect(ids(await call('GET', '/v1/changelog', other.key))).toEqual([])
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const write = await call('PATCH', `/v1/changelog/${entry.id}`, agent.key, { title: 'x' })
    expectProblem(write, 403, 'forbidden')
    expect(write.body.missingPermission).toBe('content.manage')
    const role = await call('POST', '/v1/roles', ws.key, {
      name: 'Writer',
      permissions: ['content.read', 'content.manage'],
    })
    const writer = await t.newMember(ws.workspaceId, { roles: [{ role: role.body.id }] })
    const denied = await publish(writer.key, entry.id)
    expectProblem(denied, 403, 'forbidden')
    expect(denied.body.missingPermission).toBe('content.publish')
    const readOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['content:read'],
    })
    const scoped = await publish(readOnly.key, entry.id)
    expectProblem(scoped, 403, 'forbidden')
    expect(scoped.body.missingScope).toBe('content:write')
    expect((await call('GET', '/v1/changelog', readOnly.key)).status).toBe(200)
    const [still] = await t.database.db
      .select({ state: changelogEntries.state })
      .from(changelogEntries)
      .where(eq(changelogEntries.id, entry.id))
    expect(still?.state).toBe('draft')
  })
})

describe('changelog search', () => {
  it('entries join GET /v1/search with the posts, ranked together, filtered by what the caller may read', async () => {
    const ws = await t.newWorkspace()
    const post = await makePost(ws.key)
    const entry = await makeEntry(ws.key, { title: 'CSV export shipped', body: 'Boards export to CSV now.' })
    await publish(ws.key, entry.id)
    const draft = await makeEntry(ws.key, { title: 'CSV export, the sequel' })
    const staff = await call('GET', '/v1/search?q=csv&types=changelog,posts', ws.key)
    expect(staff.status, staff.text).toBe(200)
    expect(ids(staff).sort()).toEqual([entry.id, draft.id, post.id].sort())
    const ranks = staff.body.data.map((h: { rank: number }) => h.rank)
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks)
    const contact = await contactOf(ws)
    const seen = await call('GET', '/v1/search?q=csv&types=changelog', contact.key)
    expect(seen.body.data).toEqual([
      expect.objectContaining({ type: 'changelog_entry', id: entry.id, postId: null }),
    ])
    // The default kinds stay posts and comments.
    expect(ids(await call('GET', '/v1/search?q=csv', ws.key))).toEqual([post.id])
  })
})
