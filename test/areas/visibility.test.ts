import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { and, eq, sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../src/auth/sessions'
import { Authorizer } from '../../src/authz/authorizer'
import { ContactActor } from '../../src/authz/principal'
import { contacts, organizations, workspaces } from '../../src/db/schema'
import { segmentMembers, segments } from '../../src/db/schema/segments'
import { type ContactId, type MemberId, newId, type WorkspaceId } from '../../src/ids'
import { type Audience, contactsAdmittedSql } from '../../src/kit/audience'
import { signUnsubscribeToken } from '../../src/kit/unsubscribe'
import { createTestApp, expectProblem, newContact, type TestApp } from '../harness'

/**
 * Content audiences, enforced: every actor × content of every audience × every read path answers exactly
 * what the actor may see. One world, many assertions.
 */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })

async function ok(method: string, path: string, key: string, body?: unknown, status = 201) {
  const res = await call(method, path, key, body)
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(status)
  return res.body
}

/** Add a contact to a segment as the segments area does: the row, and the contact's authz version bumped. */
async function joinSegment(workspaceId: WorkspaceId, segmentId: string, contactId: string) {
  await t.database.db.insert(segmentMembers).values({
    workspaceId,
    segmentId: segmentId as never,
    contactId: contactId as never,
  })
  await t.database.db
    .update(contacts)
    .set({ authzVersion: sql`${contacts.authzVersion} + 1` })
    .where(eq(contacts.id, contactId as ContactId))
}

/** A session token for a contact or a member of the workspace. */
async function sessionFor(workspaceId: WorkspaceId, who: { contactId: string } | { memberId: string }) {
  const session = await createSession(
    t.database.db,
    { workspaceId, ...(who as { contactId?: ContactId; memberId?: MemberId }) },
    { ip: null, userAgent: null },
  )
  return session.token
}

const kinds = ['public', 'authenticated', 'segA', 'segB', 'orgX', 'staff'] as const
type Kind = (typeof kinds)[number]

async function world() {
  const ws = await t.newWorkspace()
  const workspaceId = ws.workspaceId as WorkspaceId
  const [segA] = await t.database.db
    .insert(segments)
    .values({ id: newId('seg'), workspaceId, name: 'Segment A', kind: 'manual' })
    .returning()
  const [segB] = await t.database.db
    .insert(segments)
    .values({ id: newId('seg'), workspaceId, name: 'Segment B', kind: 'manual' })
    .returning()
  const [orgX] = await t.database.db
    .insert(organizations)
    .values({ id: newId('org'), workspaceId, name: 'Org X' })
    .returning()
  const inA = await newContact(workspaceId)
  await joinSegment(workspaceId, segA!.id, inA.id)
  const inX = await newContact(workspaceId, { organizationId: orgX!.id })
  const neither = await newContact(workspaceId)
  const origin = 'https://visibility.test'
  const profile = await ok('POST', '/v1/widget-profiles', ws.key, { name: 'Site', allowedOrigins: [origin] })
  const staff = await t.newMember(workspaceId, { roles: [{ role: 'collaborator' }] })
  const staffKey = staff.key
  const staffSession = await sessionFor(workspaceId, { memberId: staff.memberId })
  const noContentMember = await t.newMember(workspaceId, { roles: [] })
  const noContent = noContentMember.key
  const noContentSession = await sessionFor(workspaceId, { memberId: noContentMember.memberId })
  const wrongScope = (
    await t.newMember(workspaceId, { roles: [{ role: 'owner' }], scopes: ['tickets:read'] })
  ).key
  const contentScope = (
    await t.newMember(workspaceId, { roles: [{ role: 'owner' }], scopes: ['content:read', 'feedback:read'] })
  ).key

  const visibilityOf = (kind: Kind) =>
    kind === 'segA'
      ? { audience: 'segments', segmentIds: [segA!.id] }
      : kind === 'segB'
        ? { audience: 'segments', segmentIds: [segB!.id] }
        : kind === 'orgX'
          ? { audience: 'organizations', organizationIds: [orgX!.id] }
          : { audience: kind }
  await ok('POST', '/v1/post-statuses', ws.key, { name: 'Planned', category: 'planned' })
  const category = await ok('POST', '/v1/help-center/categories', ws.key, { name: 'Guides' })
  const content: Record<
    'changelog' | 'roadmap' | 'article' | 'board' | 'post' | 'helpCategory' | 'changelogCategory',
    Record<Kind, string>
  > = {
    helpCategory: {} as Record<Kind, string>,
    changelogCategory: {} as Record<Kind, string>,
    board: {} as Record<Kind, string>,
    post: {} as Record<Kind, string>,
    changelog: {} as Record<Kind, string>,
    roadmap: {} as Record<Kind, string>,
    article: {} as Record<Kind, string>,
  }
  for (const kind of kinds) {
    const entry = await ok('POST', '/v1/changelog', ws.key, {
      title: `Zephyr release ${kind}`,
      body: 'zephyr',
      visibility: visibilityOf(kind),
    })
    await ok('POST', `/v1/changelog/${entry.id}/publish`, ws.key, undefined, 200)
    content.changelog[kind] = entry.id
    content.helpCategory[kind] = (
      await ok('POST', '/v1/help-center/categories', ws.key, {
        name: `Category ${kind}`,
        visibility: visibilityOf(kind),
      })
    ).id
    content.changelogCategory[kind] = (
      await ok('POST', '/v1/changelog/categories', ws.key, {
        name: `Category ${kind}`,
        visibility: visibilityOf(kind),
      })
    ).id
    content.board[kind] = (
      await ok('POST', '/v1/boards', ws.key, { name: `Board ${kind}`, visibility: visibilityOf(kind) })
    ).id
    content.post[kind] = (
      await ok('POST', '/v1/posts', ws.key, { boardId: content.board[kind], title: `Zephyr idea ${kind}` })
    ).id
    content.roadmap[kind] = (
      await ok('POST', '/v1/roadmaps', ws.key, { name: `Roadmap ${kind}`, visibility: visibilityOf(kind) })
    ).id
    content.article[kind] = (
      await ok('POST', '/v1/help-center/articles', ws.key, {
        categoryId: category.id,
        title: `Zephyr guide ${kind}`,
        body: 'zephyr',
        state: 'published',
        visibility: visibilityOf(kind),
      })
    ).id
  }
  const [row] = await t.database.db
    .select({ slug: workspaces.slug })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
  return {
    ws,
    workspaceId,
    slug: row!.slug,
    segA: segA!,
    segB: segB!,
    orgX: orgX!,
    neither,
    category,
    content,
    actors: {
      visitor: { key: profile.publishableKey as string, headers: { origin } },
      contactA: { key: await sessionFor(workspaceId, { contactId: inA.id }) },
      contactX: { key: await sessionFor(workspaceId, { contactId: inX.id }) },
      contactNeither: { key: await sessionFor(workspaceId, { contactId: neither.id }) },
      staff: { key: staffKey },
      staffSession: { key: staffSession },
      contentKey: { key: contentScope },
    },
    noContent,
    noContentSession,
    wrongScope,
  }
}

type World = Awaited<ReturnType<typeof world>>
const visibilityOfSegB = (w: World) => ({ audience: 'segments', segmentIds: [w.segB.id] })
type Actor = keyof World['actors']

const sees: Record<Actor, Kind[]> = {
  visitor: ['public'],
  contactA: ['public', 'authenticated', 'segA'],
  contactX: ['public', 'authenticated', 'orgX'],
  contactNeither: ['public', 'authenticated'],
  staff: [...kinds],
  staffSession: [...kinds],
  contentKey: [...kinds],
}

const paths = {
  helpCategory: {
    list: '/v1/help-center/categories?limit=100',
    one: (id: string) => `/v1/help-center/categories/${id}`,
  },
  changelogCategory: {
    list: '/v1/changelog/categories?limit=100',
    one: (id: string) => `/v1/changelog/categories/${id}`,
  },
  board: { list: '/v1/boards?limit=100', one: (id: string) => `/v1/boards/${id}` },
  post: { list: '/v1/posts?limit=100', one: (id: string) => `/v1/posts/${id}` },
  changelog: { list: '/v1/changelog?limit=100', one: (id: string) => `/v1/changelog/${id}` },
  roadmap: { list: '/v1/roadmaps?limit=100', one: (id: string) => `/v1/roadmaps/${id}` },
  article: {
    list: '/v1/help-center/articles?limit=100',
    one: (id: string) => `/v1/help-center/articles/${id}`,
  },
} as const

const kindsOf = (w: World, type: keyof World['content'], ids: string[]) =>
  kinds.filter((k) => ids.includes(w.content[type][k])).sort()

async function mcpClient(key: string, headers: Record<string, string> = {}) {
  const transport = new StreamableHTTPClientTransport(new URL('http://loopdesk.test/mcp'), {
    requestInit: { headers: { ...headers, authorization: `Bearer ${key}` } },
    fetch: async (url, init) => t.app.request(String(url), init as RequestInit),
  })
  const client = new Client({ name: 'visibility-test', version: '1.0.0' })
  await client.connect(transport)
  return client
}

describe('content visibility', () => {
  let w: World
  beforeAll(async () => {
    w = await world()
  })

  it('answers each resource its visibility with its segments and organisations', async () => {
    const entry = await ok('GET', paths.changelog.one(w.content.changelog.segA), w.ws.key, undefined, 200)
    expect(entry.visibility).toEqual({ audience: 'segments', segmentIds: [w.segA.id], organizationIds: [] })
    const roadmap = await ok('GET', paths.roadmap.one(w.content.roadmap.orgX), w.ws.key, undefined, 200)
    expect(roadmap.visibility).toEqual({
      audience: 'organizations',
      segmentIds: [],
      organizationIds: [w.orgX.id],
    })
    const article = await ok('GET', paths.article.one(w.content.article.segB), w.ws.key, undefined, 200)
    expect(article.visibility).toEqual({ audience: 'segments', segmentIds: [w.segB.id], organizationIds: [] })
    expect(article.inheritsVisibility).toBe(false)
    // A list answers the same visibility as a single read (its grants read in the list's own statement).
    const listed = await ok('GET', paths.article.list, w.ws.key, undefined, 200)
    const inList = (id: string) => listed.data.find((r: { id: string }) => r.id === id).visibility
    expect(inList(w.content.article.segB)).toEqual(article.visibility)
    expect(inList(w.content.article.orgX)).toEqual({
      audience: 'organizations',
      segmentIds: [],
      organizationIds: [w.orgX.id],
    })
    expect(inList(w.content.article.public)).toEqual({
      audience: 'public',
      segmentIds: [],
      organizationIds: [],
    })
  })

  for (const type of [
    'board',
    'post',
    'changelog',
    'roadmap',
    'article',
    'helpCategory',
    'changelogCategory',
  ] as const) {
    it(`${type}: lists and single reads show each actor exactly its audiences`, async () => {
      for (const [actor, expected] of Object.entries(sees) as Array<[Actor, Kind[]]>) {
        const { key, headers } = w.actors[actor] as { key: string; headers?: Record<string, string> }
        const list = await call('GET', paths[type].list, key, undefined, headers)
        expect(list.status, `${actor}: ${list.text}`).toBe(200)
        const listed = list.body.data.map((r: { id: string }) => r.id)
        expect(kindsOf(w, type, listed), `${type} list as ${actor}`).toEqual([...expected].sort())
        for (const kind of kinds) {
          const one = await call('GET', paths[type].one(w.content[type][kind]), key, undefined, headers)
          expect(one.status, `${type} ${kind} as ${actor}`).toBe(expected.includes(kind) ? 200 : 404)
        }
      }
    })

    it(`${type}: a member without content permissions (key or session) and a key without the scope are refused`, async () => {
      for (const caller of [w.noContent, w.noContentSession]) {
        expectProblem(await call('GET', paths[type].list, caller), 403, 'forbidden')
        expectProblem(await call('GET', paths[type].one(w.content[type].public), caller), 404, 'not_found')
      }
      expectProblem(await call('GET', paths[type].list, w.wrongScope), 403, 'forbidden')
      expectProblem(await call('GET', paths[type].list), 401, 'unauthorized')
      const other = await t.newWorkspace()
      expectProblem(await call('GET', paths[type].one(w.content[type].public), other.key), 404, 'not_found')
    })
  }

  it('search and similar posts answer only what each actor sees', async () => {
    for (const [actor, expected] of Object.entries(sees) as Array<[Actor, Kind[]]>) {
      const { key, headers } = w.actors[actor] as { key: string; headers?: Record<string, string> }
      const res = await call(
        'GET',
        '/v1/search?q=zephyr&types=articles,changelog,posts&limit=50',
        key,
        undefined,
        headers,
      )
      expect(res.status, `${actor}: ${res.text}`).toBe(200)
      const ids = res.body.data.map((r: { id: string }) => r.id)
      expect(kindsOf(w, 'article', ids), `articles as ${actor}`).toEqual([...expected].sort())
      expect(kindsOf(w, 'changelog', ids), `changelog as ${actor}`).toEqual([...expected].sort())
      expect(kindsOf(w, 'post', ids), `posts as ${actor}`).toEqual([...expected].sort())
      const similar = await call(
        'GET',
        '/v1/posts/similar?title=zephyr%20idea&limit=20',
        key,
        undefined,
        headers,
      )
      expect(similar.status, `${actor}: ${similar.text}`).toBe(200)
      const similarIds = similar.body.data.map((r: { post: { id: string } }) => r.post.id)
      expect(kindsOf(w, 'post', similarIds), `similar posts as ${actor}`).toEqual([...expected].sort())
    }
  })

  it('the RSS feed carries public entries only without a token', async () => {
    const res = await t.request('GET', `/v1/changelog/feed.xml?workspace=${w.slug}`)
    expect(res.status).toBe(200)
    expect(kinds.filter((k) => res.text.includes(w.content.changelog[k]))).toEqual(['public'])
  })

  it("a contact's personal feed carries what that contact reads; others get the public link", async () => {
    for (const actor of ['contactA', 'contactX', 'contactNeither'] as const) {
      const link = await call('GET', '/v1/changelog/feed-link', w.actors[actor].key)
      expect(link.status, link.text).toBe(200)
      expect(link.body.personal).toBe(true)
      const url = new URL(link.body.url)
      expect(url.pathname).toBe('/v1/changelog/feed.xml')
      expect(url.searchParams.get('workspace')).toBe(w.slug)
      // A feed reader sends no credential: the token in the URL is all it has.
      const feed = await t.request('GET', `${url.pathname}${url.search}`)
      expect(feed.status, feed.text).toBe(200)
      expect(
        kinds.filter((k) => feed.text.includes(w.content.changelog[k])),
        `feed of ${actor}`,
      ).toEqual(kinds.filter((k) => sees[actor].includes(k)))
    }
    for (const actor of ['visitor', 'staff', 'contentKey'] as const) {
      const { key, headers } = w.actors[actor] as { key: string; headers?: Record<string, string> }
      const link = await call('GET', '/v1/changelog/feed-link', key, undefined, headers)
      expect(link.status, `${actor}: ${link.text}`).toBe(200)
      expect(link.body).toMatchObject({ personal: false })
      expect(new URL(link.body.url).searchParams.has('token'), actor).toBe(false)
    }
    expectProblem(await t.request('GET', '/v1/changelog/feed-link'), 401, 'unauthorized')
  })

  it('refuses a forged, foreign or unknown feed token (404), never falling back to the public feed', async () => {
    const link = await call('GET', '/v1/changelog/feed-link', w.actors.contactA.key)
    const token = new URL(link.body.url).searchParams.get('token')!
    const [id, mac] = token.split('.')
    const other = await t.newWorkspace()
    const [otherRow] = await t.database.db
      .select({ slug: workspaces.slug })
      .from(workspaces)
      .where(eq(workspaces.id, other.workspaceId))
    for (const [slug, bad] of [
      [w.slug, `${id}.${mac!.slice(0, -2)}xx`],
      [w.slug, `${newId('ct')}.${mac}`],
      [w.slug, 'not-a-token'],
      [otherRow!.slug, token],
    ] as const) {
      const res = await t.request(
        'GET',
        `/v1/changelog/feed.xml?workspace=${slug}&token=${encodeURIComponent(bad)}`,
      )
      expectProblem(res, 404, 'not_found')
    }
    // An unsubscribe token (another purpose) is no feed token either.
    const foreignPurpose = signUnsubscribeToken(t.deps.secret, id!)
    expectProblem(
      await t.request(
        'GET',
        `/v1/changelog/feed.xml?workspace=${w.slug}&token=${encodeURIComponent(foreignPurpose)}`,
      ),
      404,
      'not_found',
    )
  })

  it('MCP tools answer what REST answers for the same caller, for every kind of caller', async () => {
    for (const [actor, expected] of Object.entries(sees) as Array<[Actor, Kind[]]>) {
      const { key, headers } = w.actors[actor] as { key: string; headers?: Record<string, string> }
      const client = await mcpClient(key, headers)
      for (const [tool, type] of [
        ['listArticles', 'article'],
        ['listChangelogEntries', 'changelog'],
        ['listPosts', 'post'],
      ] as const) {
        const listed = await client.callTool({ name: tool, arguments: { limit: 100 } })
        const text = (listed.content as Array<{ text: string }>)[0]?.text ?? ''
        expect(listed.isError, `${tool} as ${actor}: ${text}`).toBeFalsy()
        const ids = JSON.parse(text).data.map((r: { id: string }) => r.id)
        expect(kindsOf(w, type, ids), `MCP ${tool} as ${actor}`).toEqual([...expected].sort())
      }
      const found = await client.callTool({
        name: 'searchContent',
        arguments: { q: 'zephyr', types: 'articles', limit: 50 },
      })
      const hits = JSON.parse((found.content as Array<{ text: string }>)[0]?.text ?? '{}').data ?? []
      expect(
        kindsOf(
          w,
          'article',
          hits.map((r: { id: string }) => r.id),
        ),
        `MCP search as ${actor}`,
      ).toEqual([...expected].sort())
      for (const kind of kinds) {
        const got = await client.callTool({
          name: 'getChangelogEntry',
          arguments: { entryId: w.content.changelog[kind] },
        })
        expect(!got.isError, `MCP getChangelogEntry ${kind} as ${actor}`).toBe(expected.includes(kind))
      }
      await client.close()
    }
  })

  it('linked posts on a public entry and a public roadmap’s items show each actor only the posts it sees', async () => {
    const entry = await ok('POST', '/v1/changelog', w.ws.key, {
      title: 'Everything shipped',
      body: 'x',
      visibility: { audience: 'public' },
      linkedPostIds: kinds.map((k) => w.content.post[k]),
    })
    await ok('POST', `/v1/changelog/${entry.id}/publish`, w.ws.key, undefined, 200)
    const roadmap = await ok('POST', '/v1/roadmaps', w.ws.key, {
      name: 'Everything planned',
      visibility: { audience: 'public' },
    })
    for (const [actor, expected] of Object.entries(sees) as Array<[Actor, Kind[]]>) {
      const { key, headers } = w.actors[actor] as { key: string; headers?: Record<string, string> }
      const read = await call('GET', `/v1/changelog/${entry.id}`, key, undefined, headers)
      expect(read.status, `${actor}: ${read.text}`).toBe(200)
      const linked = read.body.linkedPosts.map((p: { id: string }) => p.id)
      expect(kindsOf(w, 'post', linked), `linked posts as ${actor}`).toEqual([...expected].sort())
      const items = await call('GET', `/v1/roadmaps/${roadmap.id}/items`, key, undefined, headers)
      expect(items.status, `${actor}: ${items.text}`).toBe(200)
      const placed = items.body.columns.flatMap((c: { items: Array<{ postId: string }> }) =>
        c.items.map((i) => i.postId),
      )
      expect(kindsOf(w, 'post', placed), `roadmap items as ${actor}`).toEqual([...expected].sort())
    }
  })

  it('counts: a contact’s own activity counts only on boards it may still see', async () => {
    // The customer view is the API's count of a contact's feedback; a contact reads its own row.
    const key = w.actors.contactNeither.key
    const countsOf = async (caller: string) => {
      const res = await call('GET', '/v1/customers?limit=100', caller)
      expect(res.status, res.text).toBe(200)
      return res.body.data.find((r: { contact: { id: string } }) => r.contact.id === w.neither.id).feedback
    }
    const board = await ok('POST', '/v1/boards', w.ws.key, {
      name: 'Counted',
      access: { view: 'anyone', post: 'contacts', vote: 'contacts', comment: 'contacts' },
    })
    const post = await ok('POST', '/v1/posts', key, { boardId: board.id, title: 'Counted idea' })
    await ok('POST', `/v1/posts/${post.id}/votes`, key, {})
    await ok('POST', `/v1/posts/${post.id}/comments`, key, { body: 'Counted comment' })
    expect(await countsOf(key)).toEqual({ posts: 1, votes: 1, comments: 1 })
    await ok('PATCH', `/v1/boards/${board.id}`, w.ws.key, { visibility: visibilityOfSegB(w) }, 200)
    expect(await countsOf(key)).toEqual({ posts: 0, votes: 0, comments: 0 })
    expect(await countsOf(w.actors.staff.key)).toEqual({ posts: 1, votes: 1, comments: 1 })
    await ok('DELETE', `/v1/posts/${post.id}`, w.ws.key, undefined, 204)
  })

  it('changing a contact’s attributes moves it into and out of a rule segment, and what it sees with it', async () => {
    const key = w.actors.contactNeither.key
    const segment = await ok('POST', '/v1/segments', w.ws.key, {
      name: 'Zephyr plan',
      kind: 'rule',
      conditions: { all: [{ field: 'attributes.plan', operator: 'eq', value: 'zephyr' }] },
    })
    const visibility = { audience: 'segments', segmentIds: [segment.id] }
    const article = await ok('POST', '/v1/help-center/articles', w.ws.key, {
      categoryId: w.category.id,
      title: 'Zephyr plan guide',
      body: 'zephyr',
      state: 'published',
      visibility,
    })
    const board = await ok('POST', '/v1/boards', w.ws.key, { name: 'Zephyr plan board', visibility })
    const entry = await ok('POST', '/v1/changelog', w.ws.key, {
      title: 'Zephyr plan news',
      body: 'x',
      visibility,
    })
    await ok('POST', `/v1/changelog/${entry.id}/publish`, w.ws.key, undefined, 200)
    const reads = [
      `/v1/help-center/articles/${article.id}`,
      `/v1/boards/${board.id}`,
      `/v1/changelog/${entry.id}`,
    ]
    const statuses = async () => Promise.all(reads.map(async (path) => (await call('GET', path, key)).status))
    expect(await statuses()).toEqual([404, 404, 404])
    await ok('PATCH', `/v1/contacts/${w.neither.id}`, w.ws.key, { attributes: { plan: 'zephyr' } }, 200)
    expect(await statuses()).toEqual([200, 200, 200])
    const listed = await call('GET', paths.article.list, key)
    expect(listed.body.data.map((r: { id: string }) => r.id)).toContain(article.id)
    await ok('PATCH', `/v1/contacts/${w.neither.id}`, w.ws.key, { attributes: { plan: 'free' } }, 200)
    expect(await statuses()).toEqual([404, 404, 404])
    const search = await call('GET', '/v1/search?q=zephyr%20plan&types=articles,changelog&limit=50', key)
    expect(search.body.data.map((r: { id: string }) => r.id)).not.toContain(article.id)
  })

  it('joining a segment changes what a contact sees at once', async () => {
    const key = w.actors.contactNeither.key
    const before = await call('GET', paths.article.list, key)
    expect(
      kindsOf(
        w,
        'article',
        before.body.data.map((r: { id: string }) => r.id),
      ),
    ).not.toContain('segB')
    const neither = w.neither
    await joinSegment(w.workspaceId, w.segB.id, neither.id)
    const after = await call('GET', paths.article.list, key)
    expect(
      kindsOf(
        w,
        'article',
        after.body.data.map((r: { id: string }) => r.id),
      ),
    ).toEqual(['authenticated', 'public', 'segB'].sort())
    expect((await call('GET', paths.changelog.one(w.content.changelog.segB), key)).status).toBe(200)
    await t.database.db
      .delete(segmentMembers)
      .where(and(eq(segmentMembers.segmentId, w.segB.id), eq(segmentMembers.contactId, neither.id)))
    await t.database.db
      .update(contacts)
      .set({ authzVersion: sql`${contacts.authzVersion} + 1` })
      .where(eq(contacts.id, neither.id))
    expect((await call('GET', paths.changelog.one(w.content.changelog.segB), key)).status).toBe(404)
  })

  it('an article narrows its category: segments under an authenticated category, never under staff', async () => {
    const members = await ok('POST', '/v1/help-center/categories', w.ws.key, {
      name: 'Members',
      visibility: { audience: 'authenticated' },
    })
    const narrowed = await ok('POST', '/v1/help-center/articles', w.ws.key, {
      categoryId: members.id,
      title: 'Zephyr members only',
      state: 'published',
      visibility: { audience: 'segments', segmentIds: [w.segA.id] },
    })
    expect((await call('GET', paths.article.one(narrowed.id), w.actors.contactA.key)).status).toBe(200)
    expect((await call('GET', paths.article.one(narrowed.id), w.actors.contactX.key)).status).toBe(404)
    const internal = await ok('POST', '/v1/help-center/categories', w.ws.key, {
      name: 'Internal',
      visibility: { audience: 'staff' },
    })
    const wider = await call('POST', '/v1/help-center/articles', w.ws.key, {
      categoryId: internal.id,
      title: 'Too wide',
      visibility: { audience: 'organizations', organizationIds: [w.orgX.id] },
    })
    expectProblem(wider, 422, 'visibility_wider_than_category')
    // The category narrowed to staff later: the article follows it.
    await ok(
      'PATCH',
      `/v1/help-center/categories/${members.id}`,
      w.ws.key,
      { visibility: { audience: 'staff' } },
      200,
    )
    expect((await call('GET', paths.article.one(narrowed.id), w.actors.contactA.key)).status).toBe(404)
    const staffView = await ok('GET', paths.article.one(narrowed.id), w.ws.key, undefined, 200)
    expect(staffView.visibility.audience).toBe('staff')
  })

  it('changing an audience moves its grants in the same write; the event says what it was', async () => {
    const id = w.content.roadmap.segB
    const changed = await ok(
      'PATCH',
      paths.roadmap.one(id),
      w.ws.key,
      { visibility: { audience: 'segments', segmentIds: [w.segA.id, w.segB.id] } },
      200,
    )
    expect(changed.visibility.segmentIds).toEqual([w.segA.id, w.segB.id])
    expect((await call('GET', paths.roadmap.one(id), w.actors.contactA.key)).status).toBe(200)
    await ok(
      'PATCH',
      paths.roadmap.one(id),
      w.ws.key,
      { visibility: { audience: 'segments', segmentIds: [w.segB.id] } },
      200,
    )
    expect((await call('GET', paths.roadmap.one(id), w.actors.contactA.key)).status).toBe(404)
    const article = w.content.article.segB
    const moved = await ok(
      'PATCH',
      paths.article.one(article),
      w.ws.key,
      { visibility: { audience: 'segments', segmentIds: [w.segA.id] } },
      200,
    )
    expect(moved.visibility.segmentIds).toEqual([w.segA.id])
    expect((await call('GET', paths.article.one(article), w.actors.contactA.key)).status).toBe(200)
    await ok(
      'PATCH',
      paths.article.one(article),
      w.ws.key,
      { visibility: { audience: 'segments', segmentIds: [w.segB.id] } },
      200,
    )
  })

  it('refuses a visibility that names nothing, the wrong list, or ids of no segment or organisation', async () => {
    const bad = [
      [{ audience: 'segments' }, 400, 'validation_failed'],
      [{ audience: 'organizations', segmentIds: [w.segA.id] }, 400, 'validation_failed'],
      [{ audience: 'public', organizationIds: [w.orgX.id] }, 400, 'validation_failed'],
      [{ audience: 'segments', segmentIds: [w.segA.id, newId('seg')] }, 422, 'segment_not_found'],
      [{ audience: 'segments', segmentIds: ['seg_not-an-id'] }, 422, 'segment_not_found'],
      [{ audience: 'organizations', organizationIds: [newId('org')] }, 422, 'organization_not_found'],
    ] as const
    for (const [visibility, status, code] of bad) {
      expectProblem(await call('POST', '/v1/changelog', w.ws.key, { title: 'Bad', visibility }), status, code)
      expectProblem(await call('POST', '/v1/roadmaps', w.ws.key, { name: 'Bad', visibility }), status, code)
      expectProblem(
        await call('POST', '/v1/help-center/articles', w.ws.key, {
          categoryId: w.category.id,
          title: 'Bad',
          visibility,
        }),
        status,
        code,
      )
    }
    const res = await call('POST', '/v1/changelog', w.ws.key, {
      title: 'Bad',
      visibility: { audience: 'segments', segmentIds: [w.segA.id, newId('seg')] },
    })
    expect(res.body.errors[0].path).toBe('body.visibility.segmentIds[1]')
    // Another workspace's segment is no segment of this one.
    const other = await t.newWorkspace()
    const [foreign] = await t.database.db
      .insert(segments)
      .values({
        id: newId('seg'),
        workspaceId: other.workspaceId as WorkspaceId,
        name: 'Theirs',
        kind: 'manual',
      })
      .returning()
    expectProblem(
      await call('POST', '/v1/roadmaps', w.ws.key, {
        name: 'Bad',
        visibility: { audience: 'segments', segmentIds: [foreign!.id] },
      }),
      422,
      'segment_not_found',
    )
    // Help-centre categories take segments too, checked the same way.
    const category = await call('POST', '/v1/help-center/categories', w.ws.key, {
      name: 'Seg',
      visibility: { audience: 'segments', segmentIds: [w.segA.id] },
    })
    expect(category.status, category.text).toBe(201)
    expect(category.body).toMatchObject({
      visibility: { audience: 'segments', segmentIds: [w.segA.id] },
      effectiveAudience: 'segments',
    })
    expectProblem(
      await call('POST', '/v1/help-center/categories', w.ws.key, {
        name: 'Theirs',
        visibility: { audience: 'segments', segmentIds: [foreign!.id] },
      }),
      422,
      'segment_not_found',
    )
  })

  it('changelog fan-out admits only the contacts the entry admits', async () => {
    const admitted = async (kind: Kind, audience: Audience) => {
      const rows = await t.database.db
        .select({ id: contacts.id })
        .from(contacts)
        .where(
          and(
            eq(contacts.workspaceId, w.workspaceId),
            contactsAdmittedSql(w.content.changelog[kind], audience, contacts.id, contacts.organizationId),
          ),
        )
      return rows.length
    }
    expect(await admitted('public', 'public')).toBe(3)
    expect(await admitted('staff', 'staff')).toBe(0)
    expect(await admitted('segA', 'segments')).toBe(1)
    expect(await admitted('orgX', 'organizations')).toBe(1)
  })

  it('compiles a contact in 5 segments to one exists with segment_id IN (…)', async () => {
    const authorizer = new Authorizer()
    const contact = new ContactActor(
      newId('ct'),
      newId('ws'),
      newId('org'),
      'none',
      [],
      Array.from({ length: 5 }, () => newId('seg')),
    )
    for (const type of ['Article', 'ChangelogEntry', 'Roadmap'] as const) {
      const filter = await authorizer.compile(contact, 'read', type)
      const query = new PgDialect().sqlToQuery(filter.where)
      const segmentExists =
        query.sql.match(/"content_audiences"\."segment_id" in \(\$\d+(, \$\d+){4}\)/g) ?? []
      expect(segmentExists, query.sql).toHaveLength(1)
      expect(query.sql.match(/exists \(/g), query.sql).toHaveLength(2)
    }
  })
})
