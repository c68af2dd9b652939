import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { changelogEmailModule } from '../../src/areas/changelog/notify'
import { publishDueChangelogEntries } from '../../src/areas/changelog/service'
import { createSession } from '../../src/auth/sessions'
import type { Database } from '../../src/db/database'
import { openPostgres } from '../../src/db/postgres'
import { auditEntries, contacts, events } from '../../src/db/schema'
import { changelogCategories, changelogEntries, changelogSubscriptions } from '../../src/db/schema/changelog'
import { segmentMembers, segments } from '../../src/db/schema/segments'
import { workspaces } from '../../src/db/schema/workspaces'
import { type ContactId, newId, type WorkspaceId } from '../../src/ids'
import {
  createTestApp,
  expectProblem,
  newContact,
  newContactSession,
  type TestApp,
  testDatabaseUrl,
} from '../harness'

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
    const url = testDatabaseUrl()
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

// ------------------------------------------------------------------------------------------ categories

const makeCategory = async (key: string, body: Record<string, unknown>) => {
  const res = await call('POST', '/v1/changelog/categories', key, body)
  expect(res.status, res.text).toBe(201)
  return res.body
}

async function slugOf(ws: Workspace) {
  const [row] = await t.database.db
    .select({ slug: workspaces.slug })
    .from(workspaces)
    .where(eq(workspaces.id, ws.workspaceId))
  return row?.slug as string
}

/** A manual segment with `contacts` in it (the row and each contact's authz version, as the segments area does). */
async function segmentWith(ws: Workspace, name: string, contactIds: string[]) {
  const workspaceId = ws.workspaceId as WorkspaceId
  const [segment] = await t.database.db
    .insert(segments)
    .values({ id: newId('seg'), workspaceId, name, kind: 'manual' })
    .returning()
  for (const contactId of contactIds) {
    await t.database.db
      .insert(segmentMembers)
      .values({ workspaceId, segmentId: segment!.id, contactId: contactId as ContactId })
    await t.database.db
      .update(contacts)
      .set({ authzVersion: sql`${contacts.authzVersion} + 1` })
      .where(eq(contacts.id, contactId as ContactId))
  }
  return segment!.id as string
}

async function contactSession(ws: Workspace) {
  const contact = await newContact(ws.workspaceId as WorkspaceId)
  const session = await createSession(
    t.database.db,
    { workspaceId: ws.workspaceId as WorkspaceId, contactId: contact.id as ContactId },
    { ip: null, userAgent: null },
  )
  return { id: contact.id as string, key: session.token }
}

describe('changelog categories', () => {
  it('creates, lists, reads, renames and deletes a category; events and audit', async () => {
    const ws = await t.newWorkspace()
    const created = await call('POST', '/v1/changelog/categories', ws.key, {
      name: ' Fixed ',
      description: 'Bugs we fixed.',
    })
    expect(created.status, created.text).toBe(201)
    expect(created.body).toMatchObject({
      name: 'Fixed',
      description: 'Bugs we fixed.',
      visibility: { audience: 'public', segmentIds: [], organizationIds: [] },
    })
    expect(created.body.id).toMatch(/^chcat_/)
    expect(created.headers.get('location')).toBe(`/v1/changelog/categories/${created.body.id}`)
    const other = await makeCategory(ws.key, { name: 'Added', visibility: { audience: 'authenticated' } })
    const list = await call('GET', '/v1/changelog/categories', ws.key)
    expect(list.status, list.text).toBe(200)
    expect(ids(list)).toEqual([other.id, created.body.id])
    const first = await call('GET', '/v1/changelog/categories?limit=1&sort=-name', ws.key)
    expect(ids(first)).toEqual([created.body.id])
    const second = await call(
      'GET',
      `/v1/changelog/categories?limit=1&sort=-name&cursor=${first.body.nextCursor}`,
      ws.key,
    )
    expect(ids(second)).toEqual([other.id])
    const got = await call('GET', `/v1/changelog/categories/${created.body.id}`, ws.key)
    expect(got.status, got.text).toBe(200)
    expect(
      (
        await call('GET', `/v1/changelog/categories/${created.body.id}`, ws.key, undefined, {
          'if-none-match': got.headers.get('etag') ?? '',
        })
      ).status,
    ).toBe(304)
    // A rename reaches the entries that carry the category.
    const entry = await makeEntry(ws.key, { categories: ['fixed'] })
    expect(entry.categories).toEqual(['Fixed'])
    const stale = await call(
      'PATCH',
      `/v1/changelog/categories/${created.body.id}`,
      ws.key,
      { name: 'Bug fixes' },
      { 'if-match': '"999"' },
    )
    expectProblem(stale, 412, 'precondition_failed')
    const renamed = await call(
      'PATCH',
      `/v1/changelog/categories/${created.body.id}`,
      ws.key,
      { name: 'Bug fixes', description: null },
      { 'if-match': got.headers.get('etag') ?? '' },
    )
    expect(renamed.status, renamed.text).toBe(200)
    expect(renamed.body).toMatchObject({ name: 'Bug fixes', description: null })
    expect((await call('GET', `/v1/changelog/${entry.id}`, ws.key)).body.categories).toEqual(['Bug fixes'])
    // The entry's categories changed: it is announced, with its former names.
    const [announced] = await t.database.db
      .select({ type: events.type, data: events.data })
      .from(events)
      .where(eq(events.resourceId, entry.id))
      .orderBy(desc(events.occurredAt), desc(events.id))
      .limit(1)
    expect(announced).toMatchObject({
      type: 'changelog.updated',
      data: { entry: { id: entry.id, categories: ['Bug fixes'] }, previous: { categories: ['Fixed'] } },
    })
    expect(ids(await call('GET', '/v1/changelog?category=Bug%20fixes', ws.key))).toEqual([entry.id])
    // In use: refused, until no entry carries it.
    expectProblem(
      await call('DELETE', `/v1/changelog/categories/${created.body.id}`, ws.key),
      409,
      'changelog_category_in_use',
    )
    await call('PATCH', `/v1/changelog/${entry.id}`, ws.key, { categories: [] })
    expect((await call('DELETE', `/v1/changelog/categories/${created.body.id}`, ws.key)).status).toBe(204)
    expectProblem(await call('GET', `/v1/changelog/categories/${created.body.id}`, ws.key), 404, 'not_found')
    expect(await eventTypes(created.body.id)).toEqual([
      'changelog_category.created',
      'changelog_category.updated',
      'changelog_category.deleted',
    ])
    const audit = await t.database.db
      .select({ type: auditEntries.type })
      .from(auditEntries)
      .where(eq(auditEntries.resourceId, created.body.id))
    expect(audit).toHaveLength(3)
  })

  it('an entry naming a new category creates it, public, with its event; names match whatever their case', async () => {
    const ws = await t.newWorkspace()
    const entry = await makeEntry(ws.key, { categories: ['Beta', 'Reports'] })
    const list = await call('GET', '/v1/changelog/categories', ws.key)
    expect(list.body.data.map((c: { name: string }) => c.name)).toEqual(['Beta', 'Reports'])
    expect(list.body.data[0].visibility).toEqual({ audience: 'public', segmentIds: [], organizationIds: [] })
    expect(await eventTypes(list.body.data[0].id)).toEqual(['changelog_category.created'])
    expect(entry.effectiveVisibility).toEqual({ audience: 'public', segmentIds: [], organizationIds: [] })
    const again = await makeEntry(ws.key, { categories: ['BETA'] })
    expect(again.categories).toEqual(['Beta'])
    expect(ids(await call('GET', '/v1/changelog/categories', ws.key))).toHaveLength(2)
  })

  it('refuses bad input: validation, not found, duplicate names, unknown segments', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key, { name: 'New' })
    expectProblem(
      await call('POST', '/v1/changelog/categories', ws.key, { name: '  ' }),
      400,
      'validation_failed',
    )
    expectProblem(await call('POST', '/v1/changelog/categories', ws.key, {}), 400, 'validation_failed')
    expectProblem(
      await call('POST', '/v1/changelog/categories', ws.key, { name: 'x'.repeat(41) }),
      400,
      'validation_failed',
    )
    const segmentsWithout = await call('POST', '/v1/changelog/categories', ws.key, {
      name: 'Seg',
      visibility: { audience: 'segments' },
    })
    expectProblem(segmentsWithout, 400, 'validation_failed')
    expect(segmentsWithout.body.errors[0].path).toBe('body.visibility.segmentIds')
    const unknown = await call('POST', '/v1/changelog/categories', ws.key, {
      name: 'Seg',
      visibility: { audience: 'segments', segmentIds: ['seg_01jh2x3y4z5a6b7c8d9e0f1g2h'] },
    })
    expectProblem(unknown, 422, 'segment_not_found')
    expect(unknown.body.errors[0].path).toBe('body.visibility.segmentIds[0]')
    expectProblem(
      await call('PATCH', `/v1/changelog/categories/${category.id}`, ws.key, {
        visibility: { audience: 'organizations', organizationIds: ['org_01jh2x3y4z5a6b7c8d9e0f1g2h'] },
      }),
      422,
      'organization_not_found',
    )
    expectProblem(await call('POST', '/v1/changelog/categories', ws.key, { name: 'new' }), 409, 'name_taken')
    const improved = await makeCategory(ws.key, { name: 'Improved' })
    expectProblem(
      await call('PATCH', `/v1/changelog/categories/${improved.id}`, ws.key, { name: 'NEW' }),
      409,
      'name_taken',
    )
    expectProblem(
      await call('PATCH', `/v1/changelog/categories/${improved.id}`, ws.key, {}),
      400,
      'validation_failed',
    )
    expectProblem(await call('GET', '/v1/changelog/categories/nope', ws.key), 400, 'validation_failed')
    const missing = 'chcat_01jh2x3y4z5a6b7c8d9e0f1g2h'
    expectProblem(await call('GET', `/v1/changelog/categories/${missing}`, ws.key), 404, 'not_found')
    expectProblem(
      await call('PATCH', `/v1/changelog/categories/${missing}`, ws.key, { name: 'x' }),
      404,
      'not_found',
    )
    expectProblem(await call('DELETE', `/v1/changelog/categories/${missing}`, ws.key), 404, 'not_found')
    expectProblem(
      await call('GET', '/v1/changelog/categories?sort=position', ws.key),
      400,
      'validation_failed',
    )
  })

  it('security: no credential, another workspace, wrong role, wrong scope; contacts and visitors write nothing', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key, { name: 'New' })
    const hidden = await makeCategory(ws.key, { name: 'Internal', visibility: { audience: 'staff' } })
    expectProblem(await call('GET', '/v1/changelog/categories'), 401, 'unauthorized')
    expectProblem(
      await call('POST', '/v1/changelog/categories', undefined, { name: 'x' }),
      401,
      'unauthorized',
    )
    const other = await t.newWorkspace()
    expect((await call('GET', `/v1/changelog/categories/${category.id}`, other.key)).status).toBe(404)
    expect((await call('DELETE', `/v1/changelog/categories/${category.id}`, other.key)).status).toBe(404)
    expect(ids(await call('GET', '/v1/changelog/categories', other.key))).toEqual([])
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const write = await call('PATCH', `/v1/changelog/categories/${category.id}`, agent.key, { name: 'x' })
    expectProblem(write, 403, 'forbidden')
    expect(write.body.missingPermission).toBe('content.manage')
    expectProblem(await call('POST', '/v1/changelog/categories', agent.key, { name: 'x' }), 403, 'forbidden')
    const readOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['content:read'],
    })
    const scoped = await call('DELETE', `/v1/changelog/categories/${category.id}`, readOnly.key)
    expectProblem(scoped, 403, 'forbidden')
    expect(scoped.body.missingScope).toBe('content:write')
    expect(ids(await call('GET', '/v1/changelog/categories', readOnly.key))).toHaveLength(2)
    const contact = await contactOf(ws)
    const visit = await visitorOf(ws)
    expect(ids(await call('GET', '/v1/changelog/categories', contact.key))).toEqual([category.id])
    expect((await call('GET', `/v1/changelog/categories/${hidden.id}`, contact.key)).status).toBe(404)
    expect((await visit('GET', `/v1/changelog/categories/${hidden.id}`)).status).toBe(404)
    expect(ids(await visit('GET', '/v1/changelog/categories'))).toEqual([category.id])
    expect((await call('POST', '/v1/changelog/categories', contact.key, { name: 'x' })).status).toBe(403)
    expect((await visit('POST', '/v1/changelog/categories', { name: 'x' })).status).toBe(403)
    expect(
      (await call('PATCH', `/v1/changelog/categories/${category.id}`, contact.key, { name: 'x' })).status,
    ).toBe(403)
    expect((await visit('DELETE', `/v1/changelog/categories/${category.id}`)).status).toBe(403)
    expect((await call('GET', `/v1/changelog/categories/${category.id}`, ws.key)).body.name).toBe('New')
  })
})

describe('changelog effective visibility', () => {
  it('an entry in a segments category is read by that segment only: list, get, search, feed', async () => {
    const ws = await t.newWorkspace()
    const inA = await contactSession(ws)
    const outside = await contactSession(ws)
    const segA = await segmentWith(ws, 'Segment A', [inA.id])
    const category = await makeCategory(ws.key, {
      name: 'Beta',
      visibility: { audience: 'segments', segmentIds: [segA] },
    })
    const entry = await makeEntry(ws.key, { title: 'Quasar beta', body: 'quasar', categories: ['beta'] })
    expect(entry.visibility).toEqual({ audience: 'public', segmentIds: [], organizationIds: [] })
    expect(entry.effectiveVisibility).toEqual({
      audience: 'segments',
      segmentIds: [segA],
      organizationIds: [],
    })
    expect((await publish(ws.key, entry.id)).status).toBe(200)
    const visit = await visitorOf(ws)
    // The segment's contact.
    expect(ids(await call('GET', '/v1/changelog', inA.key))).toEqual([entry.id])
    const seen = await call('GET', `/v1/changelog/${entry.id}`, inA.key)
    expect(seen.status, seen.text).toBe(200)
    expect(seen.body.effectiveVisibility.audience).toBe('segments')
    expect(ids(await call('GET', '/v1/search?q=quasar&types=changelog', inA.key))).toEqual([entry.id])
    // Everyone else outside the staff.
    expect(ids(await call('GET', '/v1/changelog', outside.key))).toEqual([])
    expect((await call('GET', `/v1/changelog/${entry.id}`, outside.key)).status).toBe(404)
    expect(ids(await call('GET', '/v1/search?q=quasar&types=changelog', outside.key))).toEqual([])
    expect(ids(await visit('GET', '/v1/changelog'))).toEqual([])
    expect((await visit('GET', `/v1/changelog/${entry.id}`)).status).toBe(404)
    // The category itself, and the portal's changelog tab (shown when a reader may read an entry).
    expect(ids(await call('GET', '/v1/changelog/categories', inA.key))).toEqual([category.id])
    expect(ids(await call('GET', '/v1/changelog/categories', outside.key))).toEqual([])
    const tabs = async (key: string) =>
      (await call('GET', '/v1/portal/navigation', key)).body.tabs.map((tab: { kind: string }) => tab.kind)
    expect(await tabs(inA.key)).toContain('changelog')
    expect(await tabs(outside.key)).not.toContain('changelog')
    const slug = await slugOf(ws)
    const feed = await t.request('GET', `/v1/changelog/feed.xml?workspace=${slug}`)
    expect(feed.status).toBe(200)
    expect(feed.text).not.toContain(entry.id)
    // Re-scoping the category re-scopes its entry: public now, for all of them and the feed.
    const widened = await call('PATCH', `/v1/changelog/categories/${category.id}`, ws.key, {
      visibility: { audience: 'public' },
    })
    expect(widened.status, widened.text).toBe(200)
    // Announced: the entry's changelog.updated, from the segments to the public, in the category's transaction.
    const announced = await t.database.db
      .select({ data: events.data, actorType: events.actorType })
      .from(events)
      .where(and(eq(events.resourceId, entry.id), eq(events.type, 'changelog.updated')))
      .orderBy(events.occurredAt, events.id)
    expect(announced.at(-1)?.data).toMatchObject({
      entry: { id: entry.id, effectiveAudience: 'public' },
      previous: { effectiveAudience: 'segments' },
    })
    expect(announced.at(-1)?.actorType).toBe('api_key')
    expect((await call('GET', `/v1/changelog/${entry.id}`, outside.key)).status).toBe(200)
    expect(ids(await visit('GET', '/v1/changelog'))).toEqual([entry.id])
    expect((await t.request('GET', `/v1/changelog/feed.xml?workspace=${slug}`)).text).toContain(entry.id)
    // And staff-only: nobody outside the staff, the segment's contact included.
    await call('PATCH', `/v1/changelog/categories/${category.id}`, ws.key, {
      visibility: { audience: 'staff' },
    })
    expect((await call('GET', `/v1/changelog/${entry.id}`, inA.key)).status).toBe(404)
    expect(ids(await call('GET', '/v1/search?q=quasar&types=changelog', inA.key))).toEqual([])
    const staff = await call('GET', `/v1/changelog/${entry.id}`, ws.key)
    expect(staff.body.effectiveVisibility).toEqual({ audience: 'staff', segmentIds: [], organizationIds: [] })
    expect(staff.body.visibility.audience).toBe('public')
  })

  it('an entry for segment B in a category for segment A is staff-only (incomparable grants fail closed)', async () => {
    const ws = await t.newWorkspace()
    const inA = await contactSession(ws)
    const inB = await contactSession(ws)
    const inBoth = await contactSession(ws)
    const segA = await segmentWith(ws, 'Segment A', [inA.id, inBoth.id])
    const segB = await segmentWith(ws, 'Segment B', [inB.id, inBoth.id])
    await makeCategory(ws.key, { name: 'Beta', visibility: { audience: 'segments', segmentIds: [segA] } })
    const entry = await makeEntry(ws.key, {
      categories: ['Beta'],
      visibility: { audience: 'segments', segmentIds: [segB] },
    })
    expect(entry.effectiveVisibility).toEqual({ audience: 'staff', segmentIds: [], organizationIds: [] })
    await publish(ws.key, entry.id)
    for (const contact of [inA, inB, inBoth])
      expect((await call('GET', `/v1/changelog/${entry.id}`, contact.key)).status).toBe(404)
    expect((await call('GET', `/v1/changelog/${entry.id}`, ws.key)).status).toBe(200)
    // The entry narrows the category to a subset of its segments: the entry's own grants hold.
    const narrowed = await call('PATCH', `/v1/changelog/${entry.id}`, ws.key, {
      visibility: { audience: 'segments', segmentIds: [segA] },
    })
    expect(narrowed.body.effectiveVisibility).toEqual({
      audience: 'segments',
      segmentIds: [segA],
      organizationIds: [],
    })
    const [row] = await t.database.db
      .select({ source: changelogEntries.audienceSourceId })
      .from(changelogEntries)
      .where(eq(changelogEntries.id, entry.id))
    expect(row?.source).not.toBeNull()
    expect((await call('GET', `/v1/changelog/${entry.id}`, inA.key)).status).toBe(200)
    expect((await call('GET', `/v1/changelog/${entry.id}`, inB.key)).status).toBe(404)
    // Taking the category off leaves the entry's own audience.
    const off = await call('PATCH', `/v1/changelog/${entry.id}`, ws.key, { categories: [] })
    expect(off.body.effectiveVisibility.segmentIds).toEqual([segA])
    // A staff-only category wins over any entry.
    await makeCategory(ws.key, { name: 'Internal', visibility: { audience: 'staff' } })
    const internal = await call('PATCH', `/v1/changelog/${entry.id}`, ws.key, { categories: ['Internal'] })
    expect(internal.body.effectiveVisibility.audience).toBe('staff')
    expect((await call('GET', `/v1/changelog/${entry.id}`, inA.key)).status).toBe(404)
  })

  it('organisation categories admit their organisation; non-ASCII names find their category', async () => {
    const ws = await t.newWorkspace()
    const org = await call('POST', '/v1/organizations', ws.key, { name: 'Acme' })
    expect(org.status, org.text).toBe(201)
    const member = await newContact(ws.workspaceId as WorkspaceId, { organizationId: org.body.id })
    const inOrg = {
      key: (
        await createSession(
          t.database.db,
          { workspaceId: ws.workspaceId as WorkspaceId, contactId: member.id as ContactId },
          { ip: null, userAgent: null },
        )
      ).token,
    }
    const outside = await contactSession(ws)
    await makeCategory(ws.key, {
      name: 'Änderungen',
      visibility: { audience: 'organizations', organizationIds: [org.body.id] },
    })
    const entry = await makeEntry(ws.key, { categories: ['Änderungen'] })
    expect(entry.effectiveVisibility).toEqual({
      audience: 'organizations',
      segmentIds: [],
      organizationIds: [org.body.id],
    })
    await publish(ws.key, entry.id)
    expect((await call('GET', `/v1/changelog/${entry.id}`, inOrg.key)).status).toBe(200)
    expect((await call('GET', `/v1/changelog/${entry.id}`, outside.key)).status).toBe(404)
    // Segments against organisations: incomparable, staff-only.
    const segA = await segmentWith(ws, 'Segment A', [])
    const mixed = await call('PATCH', `/v1/changelog/${entry.id}`, ws.key, {
      visibility: { audience: 'segments', segmentIds: [segA] },
    })
    expect(mixed.body.effectiveVisibility.audience).toBe('staff')
    expect((await call('GET', `/v1/changelog/${entry.id}`, inOrg.key)).status).toBe(404)
  })

  it('re-scoping a category updates all its entries in one statement, versions moving', async () => {
    const ws = await t.newWorkspace()
    const segA = await segmentWith(ws, 'Segment A', [])
    const category = await makeCategory(ws.key, { name: 'Beta' })
    const entries = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        makeEntry(ws.key, { title: `E${i}`, categories: ['Beta', 'Other'] }),
      ),
    )
    const untouched = await makeEntry(ws.key, { categories: ['Other'] })
    await call('PATCH', `/v1/changelog/categories/${category.id}`, ws.key, {
      visibility: { audience: 'segments', segmentIds: [segA] },
    })
    const rows = await t.database.db
      .select({
        id: changelogEntries.id,
        audience: changelogEntries.effectiveAudience,
        version: changelogEntries.version,
      })
      .from(changelogEntries)
      .where(eq(changelogEntries.workspaceId, ws.workspaceId))
    const byId = new Map(rows.map((r) => [r.id as string, r]))
    for (const e of entries) expect(byId.get(e.id)).toMatchObject({ audience: 'segments', version: 2 })
    expect(byId.get(untouched.id)).toMatchObject({ audience: 'public', version: 1 })
    const [cat] = await t.database.db
      .select({ audience: changelogCategories.audience })
      .from(changelogCategories)
      .where(eq(changelogCategories.id, category.id))
    expect(cat?.audience).toBe('segments')
  })

  it('the publish fan-out enqueues email only for the contacts the effective audience admits', async () => {
    const ws = await t.newWorkspace()
    const inA = await contactSession(ws)
    const outside = await contactSession(ws)
    const segA = await segmentWith(ws, 'Segment A', [inA.id])
    for (const c of [inA, outside])
      expect((await call('PUT', '/v1/changelog/subscription', c.key)).status).toBe(200)
    await makeCategory(ws.key, { name: 'Beta', visibility: { audience: 'segments', segmentIds: [segA] } })
    const entry = await makeEntry(ws.key, { categories: ['Beta'] })
    const published = await publish(ws.key, entry.id)
    expect(published.status).toBe(200)
    const [event] = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.resourceId, entry.id), eq(events.type, 'changelog.published')))
    const jobs: Array<{ data: { subscriptionId: string } }> = []
    const queue = {
      declare: async () => {},
      work: async () => {},
      sendMany: async (_name: string, items: typeof jobs) => {
        jobs.push(...items)
      },
    }
    const module = changelogEmailModule({ secret: 'test-secret', publicUrl: 'https://loopdesk.test' })
    const { listeners } = await module.setup({
      db: t.database.db,
      queue,
      mailer: t.mailer,
      secret: 'test-secret',
      config: { publicUrl: 'https://loopdesk.test' },
    } as never)
    const listener = (listeners ?? [])[0]!
    await listener.handle?.(t.database.db, event as never)
    const subscribers = (
      await call('GET', '/v1/changelog/subscribers?subscriberType=contact', ws.key)
    ).body.data.map((s: { subscriber: { id: string } }) => s.subscriber.id)
    expect(subscribers.sort()).toEqual([inA.id, outside.id].sort())
    const [mine] = await t.database.db
      .select({ id: changelogSubscriptions.id })
      .from(changelogSubscriptions)
      .where(eq(changelogSubscriptions.contactId, inA.id as ContactId))
    expect(jobs.map((j) => j.data.subscriptionId)).toEqual([mine!.id])
  })
})
