import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditEntries, events, roles, segmentMembers, segments } from '../../src/db/schema'
import { newId, type RoleId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, login, newContactSession, setPassword, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

interface Tab {
  id: string
  kind: string
  label: string
  position: number
  hidden: boolean
  url: string | null
  targetId: string | null
  overrides: Array<{ segmentId: string; label?: string; hidden?: boolean }>
}

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })

async function ok<T = any>(method: string, path: string, key: string, body?: unknown): Promise<T> {
  const res = await call(method, path, key, body)
  expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300)
  return res.body as T
}

const createTab = (key: string, body: Record<string, unknown>) =>
  ok<Tab>('POST', '/v1/portal/tabs', key, body)
const listTabs = async (key: string) => (await ok<{ data: Tab[] }>('GET', '/v1/portal/tabs', key)).data
const navigation = async (key: string) => {
  const res = await call('GET', '/v1/portal/navigation', key)
  expect(res.status, res.text).toBe(200)
  return res.body.tabs as Array<{ id: string; kind: string; label: string; url?: string; targetId?: string }>
}
const kinds = async (key: string) => (await navigation(key)).map((tab) => tab.kind)

const eventsOf = (workspaceId: WorkspaceId, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
    .orderBy(asc(events.occurredAt), asc(events.id))

async function customRole(workspaceId: WorkspaceId, permissions: string[]): Promise<RoleId> {
  const [role] = await t.database.db
    .insert(roles)
    .values({
      id: newId('role'),
      workspaceId,
      name: `Role ${Math.random().toString(36).slice(2)}`,
      permissions,
    })
    .returning()
  return role!.id as RoleId
}

/** A manual segment (direct insert: the segments API is another area's) with these contacts as members. */
async function newSegment(workspaceId: WorkspaceId, contactIds: string[] = []) {
  const [segment] = await t.database.db
    .insert(segments)
    .values({
      id: newId('seg'),
      workspaceId,
      name: `Segment ${Math.random().toString(36).slice(2)}`,
      kind: 'manual',
    })
    .returning()
  for (const contactId of contactIds)
    await t.database.db
      .insert(segmentMembers)
      .values({ segmentId: segment!.id, contactId: contactId as never, workspaceId })
  return segment!.id as string
}

const publishableKey = async (key: string) =>
  (await ok<{ publishableKey: string }>('POST', '/v1/widget-profiles', key, { name: 'Site' })).publishableKey

/** A roadmap (with a status column: a roadmap needs one) of `audience`. */
async function newRoadmap(key: string, audience = 'public') {
  const status = await ok('POST', '/v1/post-statuses', key, {
    name: `Planned ${Math.random().toString(36).slice(2, 8)}`,
    category: 'planned',
  })
  return ok('POST', '/v1/roadmaps', key, {
    name: `Roadmap ${audience}`,
    statusIds: [status.id],
    visibility: { audience },
  })
}

/** One board, roadmap, published changelog entry and published article (in a category) of `audience`. */
async function content(key: string, audience: 'public' | 'authenticated' | 'staff') {
  const visibility = { audience }
  const board = await ok('POST', '/v1/boards', key, {
    name: `Board ${audience} ${Math.random()}`,
    visibility,
  })
  const roadmap = await newRoadmap(key, audience)
  const entry = await ok('POST', '/v1/changelog', key, { title: `Entry ${audience}`, visibility })
  await ok('POST', `/v1/changelog/${entry.id}/publish`, key)
  const category = await ok('POST', '/v1/help-center/categories', key, {
    name: `Category ${audience} ${Math.random()}`,
    visibility,
  })
  const article = await ok('POST', '/v1/help-center/articles', key, {
    categoryId: category.id,
    title: `Article ${audience} ${Math.random()}`,
  })
  await ok('PATCH', `/v1/help-center/articles/${article.id}`, key, { state: 'published' })
  return { board, roadmap, entry, category, article }
}

const defaults = [
  ['feedback', 'Feedback'],
  ['roadmap', 'Roadmap'],
  ['changelog', 'Changelog'],
  ['help_center', 'Help centre'],
  ['my_tickets', 'My tickets'],
]

/** Every tab operation, with the path of `id` and a valid body. */
const operationsOf = (id: string) =>
  [
    ['GET', '/v1/portal/tabs', undefined],
    ['POST', '/v1/portal/tabs', { kind: 'changelog' }],
    ['POST', '/v1/portal/tabs/reorder', { ids: [id] }],
    ['GET', `/v1/portal/tabs/${id}`, undefined],
    ['PATCH', `/v1/portal/tabs/${id}`, { label: 'x' }],
    ['DELETE', `/v1/portal/tabs/${id}`, undefined],
  ] as const

describe('listPortalTabs', () => {
  it('answers an empty list for a workspace on the default navigation', async () => {
    const ws = await t.newWorkspace()
    expect(await listTabs(ws.key)).toEqual([])
  })

  it('pages through the tabs by position', async () => {
    const ws = await t.newWorkspace()
    await createTab(ws.key, { kind: 'custom_link', label: 'Status', url: 'https://status.example.com' })
    const first = await call('GET', '/v1/portal/tabs?limit=4', ws.key)
    expect(first.body.data.map((tab: Tab) => tab.position)).toEqual([0, 1, 2, 3])
    const second = await call('GET', `/v1/portal/tabs?limit=4&cursor=${first.body.nextCursor}`, ws.key)
    expect(second.body.data.map((tab: Tab) => tab.position)).toEqual([4, 5])
    expect(second.body.nextCursor).toBeNull()
  })
})

describe('createPortalTab', () => {
  it('writes the default tabs first, then the new one after them; emits and audits each', async () => {
    const ws = await t.newWorkspace()
    const res = await call('POST', '/v1/portal/tabs', ws.key, {
      kind: 'custom_link',
      label: ' Status ',
      url: 'https://status.example.com',
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      kind: 'custom_link',
      label: 'Status',
      position: 5,
      hidden: false,
      url: 'https://status.example.com',
      targetId: null,
      overrides: [],
    })
    expect(res.body.id).toMatch(/^ptab_/)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/portal/tabs/${res.body.id}`)
    const tabs = await listTabs(ws.key)
    expect(tabs.map((tab) => [tab.kind, tab.label])).toEqual([...defaults, ['custom_link', 'Status']])
    expect(tabs.map((tab) => tab.position)).toEqual([0, 1, 2, 3, 4, 5])
    const [event] = await eventsOf(ws.workspaceId, res.body.id)
    expect(event).toMatchObject({ type: 'portal_tab.created' })
    expect(event!.data).toMatchObject({ portalTab: { id: res.body.id, label: 'Status' } })
    const audited = await t.database.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.workspaceId, ws.workspaceId))
    expect(audited.filter((a) => a.type === 'portal_tab.created')).toHaveLength(6)
  })

  it('writes the defaults once when two first tabs are created at the same time', async () => {
    const ws = await t.newWorkspace()
    const [a, b] = await Promise.all([
      call('POST', '/v1/portal/tabs', ws.key, {
        kind: 'custom_link',
        label: 'A',
        url: 'https://a.example.com',
      }),
      call('POST', '/v1/portal/tabs', ws.key, {
        kind: 'custom_link',
        label: 'B',
        url: 'https://b.example.com',
      }),
    ])
    expect([a.status, b.status]).toEqual([201, 201])
    const tabs = await listTabs(ws.key)
    expect(tabs.map((x) => x.kind)).toEqual([...defaults.map(([kind]) => kind), 'custom_link', 'custom_link'])
    expect(tabs.map((x) => x.position)).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('inserts at a position (later tabs move down) and labels a tab by its kind by default', async () => {
    const ws = await t.newWorkspace()
    const tab = await createTab(ws.key, { kind: 'changelog', position: 0, hidden: true })
    expect(tab).toMatchObject({ label: 'Changelog', position: 0, hidden: true })
    const tabs = await listTabs(ws.key)
    expect(tabs.map((x) => x.id)[0]).toBe(tab.id)
    expect(tabs.map((x) => x.position)).toEqual([0, 1, 2, 3, 4, 5])
    expect(tabs[1]).toMatchObject({ kind: 'feedback', position: 1 })
  })

  it('keeps a target and per-segment overrides', async () => {
    const ws = await t.newWorkspace()
    const board = await ok('POST', '/v1/boards', ws.key, { name: 'Ideas' })
    const segment = await newSegment(ws.workspaceId)
    const tab = await createTab(ws.key, {
      kind: 'feedback',
      label: 'Ideas',
      targetId: board.id,
      overrides: [{ segmentId: segment, label: ' Enterprise ideas ', hidden: false }],
    })
    expect(tab).toMatchObject({
      targetId: board.id,
      overrides: [{ segmentId: segment, label: 'Enterprise ideas', hidden: false }],
    })
  })

  it.each([
    ['a link without url', { kind: 'custom_link', label: 'x' }, 'body.url'],
    ['a link without label', { kind: 'custom_link', url: 'https://example.com' }, 'body.label'],
    ['a url on a content tab', { kind: 'feedback', url: 'https://example.com' }, 'body.url'],
    ['a target on a changelog tab', { kind: 'changelog', targetId: newId('brd') }, 'body.targetId'],
    ['a target on my tickets', { kind: 'my_tickets', targetId: newId('brd') }, 'body.targetId'],
    ['a roadmap as a feedback target', { kind: 'feedback', targetId: newId('rdm') }, 'body.targetId'],
    ['a board as a help-centre target', { kind: 'help_center', targetId: newId('brd') }, 'body.targetId'],
  ])('refuses %s (422 invalid_portal_tab)', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await call('POST', '/v1/portal/tabs', ws.key, body)
    expectProblem(res, 422, 'invalid_portal_tab')
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path }))
  })

  it('refuses a target that is not in the workspace (422 portal_tab_target_not_found)', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const foreign = await ok('POST', '/v1/boards', other.key, { name: 'Theirs' })
    const foreignRoadmap = await newRoadmap(other.key)
    for (const body of [
      { kind: 'feedback', targetId: foreign.id },
      { kind: 'feedback', targetId: newId('brd') },
      { kind: 'roadmap', targetId: foreignRoadmap.id },
      { kind: 'help_center', targetId: newId('hcat') },
    ]) {
      const res = await call('POST', '/v1/portal/tabs', ws.key, body)
      expectProblem(res, 422, 'portal_tab_target_not_found')
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.targetId' })])
    }
    expect(await listTabs(ws.key)).toEqual([])
  })

  it('refuses an override naming an unknown or foreign segment (422 segment_not_found)', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const mine = await newSegment(ws.workspaceId)
    const theirs = await newSegment(other.workspaceId)
    const res = await call('POST', '/v1/portal/tabs', ws.key, {
      kind: 'feedback',
      overrides: [{ segmentId: mine }, { segmentId: theirs }, { segmentId: newId('seg'), hidden: true }],
    })
    expectProblem(res, 422, 'segment_not_found')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.overrides[1].segmentId',
      'body.overrides[2].segmentId',
    ])
  })

  it('refuses a position beyond the end (422 invalid_position)', async () => {
    const ws = await t.newWorkspace()
    const res = await call('POST', '/v1/portal/tabs', ws.key, { kind: 'changelog', position: 7 })
    expectProblem(res, 422, 'invalid_position')
    expect(await listTabs(ws.key)).toEqual([])
  })

  it('refuses a 51st tab (422 portal_tab_limit_reached)', async () => {
    const ws = await t.newWorkspace()
    for (let i = 0; i < 45; i++) await createTab(ws.key, { kind: 'changelog', label: `Tab ${i}` })
    expect(await listTabs(ws.key)).toHaveLength(25)
    const res = await call('POST', '/v1/portal/tabs', ws.key, { kind: 'changelog' })
    expectProblem(res, 422, 'portal_tab_limit_reached')
  })

  it('refuses bad input with 400 validation_failed', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.workspaceId)
    for (const body of [
      {},
      { kind: 'forum' },
      { kind: 'changelog', label: '   ' },
      { kind: 'changelog', label: 'x'.repeat(101) },
      { kind: 'custom_link', label: 'x', url: 'javascript:alert(1)' },
      { kind: 'custom_link', label: 'x', url: 'ftp://example.com' },
      { kind: 'feedback', targetId: 'brd_nope' },
      { kind: 'feedback', overrides: [{ segmentId: 'seg_nope' }] },
      { kind: 'feedback', overrides: [{ segmentId: segment }, { segmentId: segment }] },
      { kind: 'feedback', overrides: [{ segmentId: segment, label: ' ' }] },
      { kind: 'feedback', position: -1 },
      { kind: 'feedback', color: 'red' },
    ]) {
      const res = await call('POST', '/v1/portal/tabs', ws.key, body)
      expectProblem(res, 400, 'validation_failed')
    }
    expect(await listTabs(ws.key)).toEqual([])
  })
})

describe('getPortalTab', () => {
  it('answers the tab with its ETag, and 304 for If-None-Match', async () => {
    const ws = await t.newWorkspace()
    const tab = await createTab(ws.key, { kind: 'roadmap', label: 'Plans' })
    const res = await call('GET', `/v1/portal/tabs/${tab.id}`, ws.key)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(tab)
    expect(res.headers.get('etag')).toBe('"1"')
    const again = await call('GET', `/v1/portal/tabs/${tab.id}`, ws.key, undefined, {
      'if-none-match': '"1"',
    })
    expect(again.status).toBe(304)
  })

  it('answers 404 for an unknown tab', async () => {
    const ws = await t.newWorkspace()
    expectProblem(await call('GET', `/v1/portal/tabs/${newId('ptab')}`, ws.key), 404, 'not_found')
  })
})

describe('updatePortalTab', () => {
  it('changes label, hidden, target, overrides; emits portal_tab.updated with previous values', async () => {
    const ws = await t.newWorkspace()
    const board = await ok('POST', '/v1/boards', ws.key, { name: 'Ideas' })
    const segment = await newSegment(ws.workspaceId)
    const tab = await createTab(ws.key, { kind: 'feedback', label: 'Ideas' })
    const res = await call('PATCH', `/v1/portal/tabs/${tab.id}`, ws.key, {
      label: 'Wishes',
      hidden: true,
      targetId: board.id,
      overrides: [{ segmentId: segment, hidden: false }],
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({
      label: 'Wishes',
      hidden: true,
      targetId: board.id,
      overrides: [{ segmentId: segment, hidden: false }],
    })
    expect(res.headers.get('etag')).toBe('"2"')
    const updated = (await eventsOf(ws.workspaceId, tab.id)).filter((e) => e.type === 'portal_tab.updated')
    expect(updated).toHaveLength(1)
    expect(updated[0]!.data).toMatchObject({
      previous: { label: 'Ideas', hidden: false, targetId: null, overrides: [] },
    })
    const cleared = await call('PATCH', `/v1/portal/tabs/${tab.id}`, ws.key, { targetId: null })
    expect(cleared.body.targetId).toBeNull()
  })

  it('moves a tab: the tabs between shift by one', async () => {
    const ws = await t.newWorkspace()
    const link = await createTab(ws.key, {
      kind: 'custom_link',
      label: 'Docs',
      url: 'https://docs.example.com',
    })
    const moved = await call('PATCH', `/v1/portal/tabs/${link.id}`, ws.key, { position: 1 })
    expect(moved.body.position).toBe(1)
    expect((await listTabs(ws.key)).map((x) => x.kind)).toEqual([
      'feedback',
      'custom_link',
      'roadmap',
      'changelog',
      'help_center',
      'my_tickets',
    ])
    const back = await call('PATCH', `/v1/portal/tabs/${link.id}`, ws.key, { position: 5 })
    expect(back.body.position).toBe(5)
    expect((await listTabs(ws.key)).map((x) => x.position)).toEqual([0, 1, 2, 3, 4, 5])
    expectProblem(
      await call('PATCH', `/v1/portal/tabs/${link.id}`, ws.key, { position: 6 }),
      422,
      'invalid_position',
    )
  })

  it('answers the tab unchanged, with no event, when nothing changes', async () => {
    const ws = await t.newWorkspace()
    const tab = await createTab(ws.key, { kind: 'roadmap', label: 'Plans' })
    const res = await call('PATCH', `/v1/portal/tabs/${tab.id}`, ws.key, { label: 'Plans' })
    expect(res.headers.get('etag')).toBe('"1"')
    expect((await eventsOf(ws.workspaceId, tab.id)).map((e) => e.type)).toEqual(['portal_tab.created'])
  })

  it('refuses what does not fit the kind, unknown targets and segments, a stale If-Match', async () => {
    const ws = await t.newWorkspace()
    const link = await createTab(ws.key, {
      kind: 'custom_link',
      label: 'Docs',
      url: 'https://docs.example.com',
    })
    const [feedback] = await listTabs(ws.key)
    const patch = (id: string, body: unknown, headers?: Record<string, string>) =>
      call('PATCH', `/v1/portal/tabs/${id}`, ws.key, body, headers)
    expectProblem(await patch(link.id, { url: null }), 422, 'invalid_portal_tab')
    expectProblem(await patch(link.id, { targetId: newId('brd') }), 422, 'invalid_portal_tab')
    expectProblem(await patch(feedback!.id, { url: 'https://x.example.com' }), 422, 'invalid_portal_tab')
    expectProblem(await patch(feedback!.id, { targetId: newId('brd') }), 422, 'portal_tab_target_not_found')
    expectProblem(
      await patch(feedback!.id, { overrides: [{ segmentId: newId('seg') }] }),
      422,
      'segment_not_found',
    )
    expectProblem(await patch(feedback!.id, {}), 400, 'validation_failed')
    expectProblem(await patch(feedback!.id, { kind: 'roadmap' }), 400, 'validation_failed')
    expectProblem(await patch(link.id, { label: 'New' }, { 'if-match': '"7"' }), 412, 'precondition_failed')
    expect((await patch(link.id, { label: 'New' }, { 'if-match': '"1"' })).status).toBe(200)
    expectProblem(await patch(newId('ptab'), { label: 'x' }), 404, 'not_found')
  })
})

describe('deletePortalTab', () => {
  it('deletes a tab (later ones move up); deleting the last returns to the defaults', async () => {
    const ws = await t.newWorkspace()
    await createTab(ws.key, { kind: 'custom_link', label: 'Docs', url: 'https://docs.example.com' })
    const tabs = await listTabs(ws.key)
    const res = await call('DELETE', `/v1/portal/tabs/${tabs[1]!.id}`, ws.key)
    expect(res.status).toBe(204)
    const after = await listTabs(ws.key)
    expect(after.map((x) => x.kind)).toEqual([
      'feedback',
      'changelog',
      'help_center',
      'my_tickets',
      'custom_link',
    ])
    expect(after.map((x) => x.position)).toEqual([0, 1, 2, 3, 4])
    expect((await eventsOf(ws.workspaceId, tabs[1]!.id)).map((e) => e.type)).toEqual([
      'portal_tab.created',
      'portal_tab.deleted',
    ])
    expectProblem(await call('DELETE', `/v1/portal/tabs/${tabs[1]!.id}`, ws.key), 404, 'not_found')
    expectProblem(
      await call('DELETE', `/v1/portal/tabs/${after[0]!.id}`, ws.key, undefined, { 'if-match': '"9"' }),
      412,
      'precondition_failed',
    )
    for (const tab of after)
      expect((await call('DELETE', `/v1/portal/tabs/${tab.id}`, ws.key)).status).toBe(204)
    expect(await listTabs(ws.key)).toEqual([])
    // Back on the defaults: their ids are their kinds.
    const contact = await newContactSession(t, ws.workspaceId)
    expect((await navigation(contact.key)).map((x) => x.id)).toEqual(['my_tickets'])
  })
})

describe('reorderPortalTabs', () => {
  it('sets the order; emits portal_tab.updated for each tab that moved', async () => {
    const ws = await t.newWorkspace()
    await createTab(ws.key, { kind: 'custom_link', label: 'Docs', url: 'https://docs.example.com' })
    const tabs = await listTabs(ws.key)
    const ids = tabs.map((x) => x.id)
    const order = [ids[5]!, ids[1]!, ids[2]!, ids[3]!, ids[4]!, ids[0]!]
    const res = await call('POST', '/v1/portal/tabs/reorder', ws.key, { ids: order })
    expect(res.status, res.text).toBe(200)
    expect(res.body.data.map((x: Tab) => x.id)).toEqual(order)
    expect(res.body.data.map((x: Tab) => x.position)).toEqual([0, 1, 2, 3, 4, 5])
    const moved = await eventsOf(ws.workspaceId, ids[0]!)
    expect(moved.map((e) => e.type)).toEqual(['portal_tab.created', 'portal_tab.updated'])
    expect(moved[1]!.data).toMatchObject({ previous: { position: 0 } })
    expect((await eventsOf(ws.workspaceId, ids[1]!)).map((e) => e.type)).toEqual(['portal_tab.created'])
  })

  it('refuses a list that omits, repeats or names an unknown tab (422 invalid_reorder)', async () => {
    const ws = await t.newWorkspace()
    await createTab(ws.key, { kind: 'changelog', label: 'News' })
    const ids = (await listTabs(ws.key)).map((x) => x.id)
    const other = await t.newWorkspace()
    const foreign = await createTab(other.key, { kind: 'changelog' })
    for (const list of [ids.slice(1), [...ids, ids[0]!], [...ids.slice(1), foreign.id]]) {
      const res = await call('POST', '/v1/portal/tabs/reorder', ws.key, { ids: list })
      expectProblem(res, 422, 'invalid_reorder')
    }
    const fresh = await t.newWorkspace()
    expectProblem(
      await call('POST', '/v1/portal/tabs/reorder', fresh.key, { ids: [newId('ptab')] }),
      422,
      'invalid_reorder',
    )
  })
})

describe('getPortalNavigation', () => {
  it('resolves the defaults by caller: visitor, contact, member and API key', async () => {
    const ws = await t.newWorkspace()
    const pk = await publishableKey(ws.key)
    const contact = await newContactSession(t, ws.workspaceId)
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    // Nothing published yet: only a contact's own tickets.
    expect(await kinds(pk)).toEqual([])
    expect(await navigation(contact.key)).toEqual([
      { id: 'my_tickets', kind: 'my_tickets', label: 'My tickets' },
    ])
    expect(await kinds(agent.key)).toEqual([])

    await content(ws.key, 'public')
    const sections = ['feedback', 'roadmap', 'changelog', 'help_center']
    expect(await navigation(pk)).toEqual(
      defaults.slice(0, 4).map(([kind, label]) => ({ id: kind, kind, label })),
    )
    expect(await kinds(contact.key)).toEqual([...sections, 'my_tickets'])
    expect(await kinds(agent.key)).toEqual(sections)
    expect(await kinds(ws.key)).toEqual(sections)
    // A member's own session resolves as the member's key does.
    await setPassword(t, agent.memberId, 'correct horse battery staple')
    const session = await login(t, agent.email, 'correct horse battery staple')
    expect(await kinds(session)).toEqual(sections)
    const outsider = await t.newMember(ws.workspaceId, {
      roles: [{ role: await customRole(ws.workspaceId, ['contacts.read']) }],
    })
    await setPassword(t, outsider.memberId, 'correct horse battery staple')
    expect(await kinds(await login(t, outsider.email, 'correct horse battery staple'))).toEqual([])
  })

  it('shows authenticated content to contacts and staff, never to anonymous visitors', async () => {
    const ws = await t.newWorkspace()
    await content(ws.key, 'authenticated')
    const pk = await publishableKey(ws.key)
    const contact = await newContactSession(t, ws.workspaceId)
    expect(await kinds(pk)).toEqual([])
    expect(await kinds(contact.key)).toEqual([
      'feedback',
      'roadmap',
      'changelog',
      'help_center',
      'my_tickets',
    ])
  })

  it('shows staff-only content to members with content permissions only', async () => {
    const ws = await t.newWorkspace()
    await content(ws.key, 'staff')
    const pk = await publishableKey(ws.key)
    const contact = await newContactSession(t, ws.workspaceId)
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const outsider = await t.newMember(ws.workspaceId, {
      roles: [{ role: await customRole(ws.workspaceId, ['contacts.read']) }],
    })
    const onlyFeedback = await t.newMember(ws.workspaceId, {
      roles: [{ role: await customRole(ws.workspaceId, ['feedback.read']) }],
    })
    expect(await kinds(pk)).toEqual([])
    expect(await kinds(contact.key)).toEqual(['my_tickets'])
    expect(await kinds(viewer.key)).toEqual(['feedback', 'roadmap', 'changelog', 'help_center'])
    expect(await kinds(outsider.key)).toEqual([])
    expect(await kinds(onlyFeedback.key)).toEqual(['feedback'])
  })

  it('bounds an API key by its scopes: no content scope, no content tabs', async () => {
    const ws = await t.newWorkspace()
    await content(ws.key, 'public')
    await createTab(ws.key, { kind: 'custom_link', label: 'Status', url: 'https://status.example.com' })
    const ticketsOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:read'],
    })
    const contentOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['content:read'],
    })
    expect(await navigation(ticketsOnly.key)).toEqual([
      expect.objectContaining({ kind: 'custom_link', label: 'Status', url: 'https://status.example.com' }),
    ])
    expect(await kinds(contentOnly.key)).toEqual(['roadmap', 'changelog', 'help_center', 'custom_link'])
  })

  it('applies the first matching segment override, drops hidden tabs, keeps custom links', async () => {
    const ws = await t.newWorkspace()
    await content(ws.key, 'public')
    const inA = await newContactSession(t, ws.workspaceId)
    const inBoth = await newContactSession(t, ws.workspaceId)
    const inNone = await newContactSession(t, ws.workspaceId)
    const a = await newSegment(ws.workspaceId, [inA.id, inBoth.id])
    const b = await newSegment(ws.workspaceId, [inBoth.id])
    const link = await createTab(ws.key, {
      kind: 'custom_link',
      label: 'Beta',
      url: 'https://beta.example.com',
      hidden: true,
      overrides: [{ segmentId: a, hidden: false }],
    })
    const tabs = await listTabs(ws.key)
    const byKind = (kind: string) => tabs.find((x) => x.kind === kind)!
    await ok('PATCH', `/v1/portal/tabs/${byKind('feedback').id}`, ws.key, {
      overrides: [
        { segmentId: b, label: 'Ideas (B)' },
        { segmentId: a, label: 'Ideas (A)' },
      ],
    })
    await ok('PATCH', `/v1/portal/tabs/${byKind('changelog').id}`, ws.key, {
      overrides: [{ segmentId: a, hidden: true }],
    })
    await ok('PATCH', `/v1/portal/tabs/${byKind('roadmap').id}`, ws.key, { hidden: true })

    const labels = async (key: string) => (await navigation(key)).map((x) => `${x.kind}:${x.label}`)
    expect(await labels(inA.key)).toEqual([
      'feedback:Ideas (A)',
      'help_center:Help centre',
      'my_tickets:My tickets',
      'custom_link:Beta',
    ])
    expect(await labels(inBoth.key)).toEqual([
      'feedback:Ideas (B)',
      'help_center:Help centre',
      'my_tickets:My tickets',
      'custom_link:Beta',
    ])
    expect(await labels(inNone.key)).toEqual([
      'feedback:Feedback',
      'changelog:Changelog',
      'help_center:Help centre',
      'my_tickets:My tickets',
    ])
    // Overrides are for contacts: staff, keys and visitors see the tabs themselves.
    const pk = await publishableKey(ws.key)
    expect(await labels(pk)).toEqual(['feedback:Feedback', 'changelog:Changelog', 'help_center:Help centre'])
    const beta = (await navigation(inA.key)).find((x) => x.id === link.id)
    expect(beta).toEqual({ id: link.id, kind: 'custom_link', label: 'Beta', url: 'https://beta.example.com' })
  })

  it('shows a tab with a target only to callers who may read that target', async () => {
    const ws = await t.newWorkspace()
    const open = await content(ws.key, 'public')
    const closed = await content(ws.key, 'staff')
    const pk = await publishableKey(ws.key)
    await createTab(ws.key, { kind: 'feedback', label: 'Internal', targetId: closed.board.id })
    await createTab(ws.key, { kind: 'feedback', label: 'Public', targetId: open.board.id })
    await createTab(ws.key, { kind: 'roadmap', label: 'Internal plan', targetId: closed.roadmap.id })
    await createTab(ws.key, { kind: 'help_center', label: 'Guides', targetId: open.category.id })
    await createTab(ws.key, { kind: 'help_center', label: 'Runbooks', targetId: closed.category.id })
    const labels = async (key: string) => (await navigation(key)).map((x) => x.label)
    expect(await labels(pk)).toEqual(['Feedback', 'Roadmap', 'Changelog', 'Help centre', 'Public', 'Guides'])
    expect(await labels(ws.key)).toEqual([
      'Feedback',
      'Roadmap',
      'Changelog',
      'Help centre',
      'Internal',
      'Public',
      'Internal plan',
      'Guides',
      'Runbooks',
    ])
    const targeted = (await navigation(pk)).find((x) => x.label === 'Public')
    expect(targeted).toMatchObject({ kind: 'feedback', targetId: open.board.id })
  })

  it('drops a tab whose target was deleted since', async () => {
    const ws = await t.newWorkspace()
    const roadmap = await newRoadmap(ws.key)
    const spare = await newRoadmap(ws.key)
    const tab = await createTab(ws.key, { kind: 'roadmap', label: 'Plan', targetId: roadmap.id })
    const pk = await publishableKey(ws.key)
    expect((await navigation(pk)).map((x) => x.label)).toEqual(['Roadmap', 'Plan'])
    expect((await call('DELETE', `/v1/roadmaps/${roadmap.id}`, ws.key)).status).toBe(204)
    expect((await navigation(pk)).map((x) => x.label)).toEqual(['Roadmap'])
    // The tab still names it; pointing it at another roadmap shows it again.
    expect((await ok<Tab>('GET', `/v1/portal/tabs/${tab.id}`, ws.key)).targetId).toBe(roadmap.id)
    await ok('PATCH', `/v1/portal/tabs/${tab.id}`, ws.key, { targetId: spare.id })
    expect((await navigation(pk)).map((x) => x.label)).toEqual(['Roadmap', 'Plan'])
  })

  it('never shows another workspace’s content', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    await content(other.key, 'public')
    const pk = await publishableKey(ws.key)
    const contact = await newContactSession(t, ws.workspaceId)
    expect(await kinds(pk)).toEqual([])
    expect(await kinds(contact.key)).toEqual(['my_tickets'])
    expect(await kinds(ws.key)).toEqual([])
  })

  it('answers 401 without credentials and 403 for a publishable key used from a foreign origin', async () => {
    expectProblem(await call('GET', '/v1/portal/navigation'), 401, 'unauthorized')
    const ws = await t.newWorkspace()
    const profile = await ok('POST', '/v1/widget-profiles', ws.key, {
      name: 'Site',
      allowedOrigins: ['https://app.example.com'],
    })
    const res = await call('GET', '/v1/portal/navigation', profile.publishableKey, undefined, {
      origin: 'https://evil.example.com',
    })
    expectProblem(res, 403, 'origin_not_allowed')
    const fine = await call('GET', '/v1/portal/navigation', profile.publishableKey, undefined, {
      origin: 'https://app.example.com',
    })
    expect(fine.status).toBe(200)
  })
})

describe('portal tab security', () => {
  it('answers 401 without credentials', async () => {
    for (const [method, path, body] of operationsOf(newId('ptab'))) {
      expectProblem(await call(method, path, undefined, body), 401, 'unauthorized')
    }
  })

  it('refuses a publishable key and a contact’s session with 403', async () => {
    const ws = await t.newWorkspace()
    const tab = await createTab(ws.key, { kind: 'changelog' })
    const pk = await publishableKey(ws.key)
    const contact = await newContactSession(t, ws.workspaceId)
    for (const key of [pk, contact.key]) {
      for (const [method, path, body] of operationsOf(tab.id)) {
        expectProblem(await call(method, path, key, body), 403, 'forbidden')
      }
    }
  })

  it('refuses members without segments.manage (403 naming it), even supervisors', async () => {
    const ws = await t.newWorkspace()
    const tab = await createTab(ws.key, { kind: 'changelog' })
    for (const role of ['supervisor', 'agent', 'viewer'] as const) {
      const member = await t.newMember(ws.workspaceId, { roles: [{ role }] })
      for (const [method, path, body] of operationsOf(tab.id)) {
        const res = await call(method, path, member.key, body)
        expect(res.body, `${role} ${method} ${path}`).toMatchObject({
          code: 'forbidden',
          missingPermission: 'segments.manage',
        })
      }
    }
  })

  it('lets an admin and a custom role with only segments.manage manage tabs', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const only = await t.newMember(ws.workspaceId, {
      roles: [{ role: await customRole(ws.workspaceId, ['segments.manage']) }],
    })
    for (const member of [admin, only]) {
      const tab = await createTab(member.key, {
        kind: 'custom_link',
        label: 'x',
        url: 'https://x.example.com',
      })
      expect((await call('PATCH', `/v1/portal/tabs/${tab.id}`, member.key, { label: 'y' })).status).toBe(200)
      expect((await call('GET', '/v1/portal/tabs', member.key)).status).toBe(200)
      expect((await call('DELETE', `/v1/portal/tabs/${tab.id}`, member.key)).status).toBe(204)
    }
  })

  it('hides another workspace’s tabs (404), even from its owner', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const tab = await createTab(ws.key, { kind: 'changelog' })
    for (const [method, path, body] of operationsOf(tab.id).filter(([, p]) => p.includes(tab.id))) {
      expectProblem(await call(method, path, other.key, body), 404, 'not_found')
    }
    expect(await listTabs(other.key)).toEqual([])
    expect(await navigation(other.key)).toEqual([])
  })

  it('refuses a key without the segments scopes (403 naming them); segments:read reads', async () => {
    const ws = await t.newWorkspace()
    const tab = await createTab(ws.key, { kind: 'changelog' })
    const none = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['content:write'] })
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['segments:read'],
    })
    for (const [method, path, body] of operationsOf(tab.id)) {
      const res = await call(method, path, none.key, body)
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.missingScope).toMatch(method === 'GET' ? /^segments:read$/ : /^segments:(read|write)$/)
      const read = await call(method, path, reader.key, body)
      if (method === 'GET') expect(read.status).toBe(200)
      else expect(read.body).toMatchObject({ code: 'forbidden', missingScope: 'segments:write' })
    }
  })
})
