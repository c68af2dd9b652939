import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditEntries, events } from '../../src/db/schema'
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
  const origin = 'https://roadmap.visitors.test'
  const profile = await call('POST', '/v1/widget-profiles', ws.key, {
    name: 'Site',
    allowedOrigins: [origin],
  })
  expect(profile.status, profile.text).toBe(201)
  return (method: string, path: string, body?: unknown) =>
    call(method, path, profile.body.publishableKey, body, { origin })
}

async function ok(method: string, path: string, key: string, body?: unknown, status = 201) {
  const res = await call(method, path, key, body)
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(status)
  return res.body
}

/** A workspace with statuses, two boards (one staff-only) and posts. */
async function world() {
  const ws = await t.newWorkspace()
  const planned = await ok('POST', '/v1/post-statuses', ws.key, { name: 'Planned', category: 'planned' })
  const doing = await ok('POST', '/v1/post-statuses', ws.key, {
    name: 'In progress',
    category: 'in_progress',
  })
  const board = await ok('POST', '/v1/boards', ws.key, { name: 'Ideas' })
  const hiddenBoard = await ok('POST', '/v1/boards', ws.key, {
    name: 'Internal',
    visibility: { audience: 'staff' },
  })
  const post = (title: string, statusId: string, extra: Record<string, unknown> = {}) =>
    ok('POST', '/v1/posts', ws.key, { boardId: board.id, title, statusId, ...extra })
  const a = await post('Dark mode', planned.id, { eta: '2027-01-10' })
  const b = await post('CSV export', planned.id, { eta: '2027-02-01' })
  const c = await post('SSO', doing.id, { eta: '2027-05-20' })
  const hidden = await ok('POST', '/v1/posts', ws.key, {
    boardId: hiddenBoard.id,
    title: 'Secret',
    statusId: planned.id,
  })
  return { ws, planned, doing, board, hiddenBoard, a, b, c, hidden }
}

const columnIds = (res: Res) =>
  Object.fromEntries(
    res.body.columns.map((col: { key: string; items: Array<{ postId: string }> }) => [
      col.key,
      col.items.map((i) => i.postId),
    ]),
  )

describe('roadmaps', () => {
  it('saves a roadmap with status columns, lists its items, reorders a column; events and audit', async () => {
    const w = await world()
    const roadmap = await ok('POST', '/v1/roadmaps', w.ws.key, {
      name: 'Public roadmap',
      statusIds: [w.planned.id, w.doing.id],
    })
    expect(roadmap).toMatchObject({
      name: 'Public roadmap',
      columnsBy: 'status',
      statusIds: [w.planned.id, w.doing.id],
      filter: { boardIds: [], statusIds: [], tagIds: [] },
      visibility: { audience: 'public', segmentIds: [], organizationIds: [] },
    })
    const items = await call('GET', `/v1/roadmaps/${roadmap.id}/items`, w.ws.key)
    expect(items.status, items.text).toBe(200)
    expect(items.body.columns.map((c: { name: string }) => c.name)).toEqual(['Planned', 'In progress'])
    const planned = columnIds(items)[w.planned.id]
    expect(planned.sort()).toEqual([w.a.id, w.b.id, w.hidden.id].sort())
    const order = [w.hidden.id, w.b.id, w.a.id]
    const reordered = await call('PUT', `/v1/roadmaps/${roadmap.id}/items`, w.ws.key, {
      column: w.planned.id,
      postIds: order,
    })
    expect(reordered.status, reordered.text).toBe(200)
    expect(columnIds(reordered)[w.planned.id]).toEqual(order)
    expect(reordered.body.columns[0].items.map((i: { position: number }) => i.position)).toEqual([0, 1, 2])
    expect(columnIds(await call('GET', `/v1/roadmaps/${roadmap.id}/items`, w.ws.key))[w.planned.id]).toEqual(
      order,
    )
    const renamed = await call(
      'PATCH',
      `/v1/roadmaps/${roadmap.id}`,
      w.ws.key,
      { name: 'Roadmap' },
      { 'if-match': '"2"' },
    )
    expect(renamed.status, renamed.text).toBe(200)
    expectProblem(
      await call('PATCH', `/v1/roadmaps/${roadmap.id}`, w.ws.key, { name: 'x' }, { 'if-match': '"1"' }),
      412,
      'precondition_failed',
    )
    expect(await eventTypes(roadmap.id)).toEqual(['roadmap.created', 'roadmap.updated', 'roadmap.updated'])
    const [reorder] = await t.database.db
      .select({ data: events.data })
      .from(events)
      .where(eq(events.resourceId, roadmap.id))
      .orderBy(events.occurredAt, events.id)
      .offset(1)
      .limit(1)
    const previous = (reorder?.data as { previous?: Record<string, unknown> } | undefined)?.previous ?? {}
    expect(Object.keys(previous)).toEqual([`items.${w.planned.id}`])
    expect((previous[`items.${w.planned.id}`] as string[]).sort()).toEqual(
      [w.a.id, w.b.id, w.hidden.id].sort(),
    )
    const audit = await t.database.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.resourceId, roadmap.id))
    expect(audit).toHaveLength(3)
    expect((await call('DELETE', `/v1/roadmaps/${roadmap.id}`, w.ws.key)).status).toBe(204)
    expect((await call('GET', `/v1/roadmaps/${roadmap.id}`, w.ws.key)).status).toBe(404)
  })

  it('filters by any of its tags, and a board filter and a tag filter together', async () => {
    const w = await world()
    const ux = await ok('POST', '/v1/tags', w.ws.key, { name: 'UX' })
    const api = await ok('POST', '/v1/tags', w.ws.key, { name: 'API' })
    const other = await ok('POST', '/v1/tags', w.ws.key, { name: 'Other' })
    const tag = (postId: string, tags: string[]) =>
      ok('PATCH', `/v1/posts/${postId}`, w.ws.key, { tags }, 200)
    await tag(w.a.id, [ux.id])
    await tag(w.b.id, [other.id, api.id])
    await tag(w.c.id, [other.id])
    await tag(w.hidden.id, [ux.id])
    const tagged = await ok('POST', '/v1/roadmaps', w.ws.key, {
      name: 'UX and API',
      statusIds: [w.planned.id, w.doing.id],
      filter: { tagIds: [ux.id, api.id] },
    })
    const items = columnIds(await call('GET', `/v1/roadmaps/${tagged.id}/items`, w.ws.key))
    expect(items[w.planned.id].sort()).toEqual([w.a.id, w.b.id, w.hidden.id].sort())
    expect(items[w.doing.id]).toEqual([])
    const onBoard = await ok('POST', '/v1/roadmaps', w.ws.key, {
      name: 'UX on Ideas',
      statusIds: [w.planned.id],
      filter: { tagIds: [ux.id], boardIds: [w.board.id] },
    })
    expect(columnIds(await call('GET', `/v1/roadmaps/${onBoard.id}/items`, w.ws.key))).toEqual({
      [w.planned.id]: [w.a.id],
    })
  })

  it('filters by board and shows ETA columns by month or quarter', async () => {
    const w = await world()
    const monthly = await ok('POST', '/v1/roadmaps', w.ws.key, {
      name: 'By month',
      columnsBy: 'eta_month',
      filter: { boardIds: [w.board.id] },
    })
    const months = await call('GET', `/v1/roadmaps/${monthly.id}/items`, w.ws.key)
    expect(columnIds(months)).toEqual({ '2027-01': [w.a.id], '2027-02': [w.b.id], '2027-05': [w.c.id] })
    const quarterly = await call('PATCH', `/v1/roadmaps/${monthly.id}`, w.ws.key, {
      columnsBy: 'eta_quarter',
    })
    expect(quarterly.body.columnsBy).toBe('eta_quarter')
    const quarters = await call('GET', `/v1/roadmaps/${monthly.id}/items`, w.ws.key)
    expect(Object.keys(columnIds(quarters))).toEqual(['2027-Q1', '2027-Q2'])
    expect(columnIds(quarters)['2027-Q1'].sort()).toEqual([w.a.id, w.b.id].sort())
    const onlyDoing = await ok('POST', '/v1/roadmaps', w.ws.key, {
      name: 'Doing',
      statusIds: [w.planned.id, w.doing.id],
      filter: { statusIds: [w.doing.id] },
    })
    expect(columnIds(await call('GET', `/v1/roadmaps/${onlyDoing.id}/items`, w.ws.key))).toEqual({
      [w.planned.id]: [],
      [w.doing.id]: [w.c.id],
    })
  })

  it('status columns without statusIds default to every post status in position order', async () => {
    const w = await world()
    const first = await ok('POST', '/v1/post-statuses', w.ws.key, {
      name: 'Under review',
      category: 'open',
      position: 0,
    })
    const statuses = await call('GET', '/v1/post-statuses?limit=100', w.ws.key)
    expect(statuses.status, statuses.text).toBe(200)
    const inOrder = statuses.body.data.map((s: { id: string }) => s.id)
    expect(inOrder).toEqual(expect.arrayContaining([first.id, w.planned.id, w.doing.id]))
    expect(inOrder).toHaveLength(3)
    const roadmap = await ok('POST', '/v1/roadmaps', w.ws.key, { name: 'Everything' })
    expect(roadmap).toMatchObject({ columnsBy: 'status', statusIds: inOrder })
    const empty = await ok('POST', '/v1/roadmaps', w.ws.key, { name: 'Empty list', statusIds: [] })
    expect(empty.statusIds).toEqual(inOrder)
    // Switching an ETA roadmap to status columns takes the same default.
    const eta = await ok('POST', '/v1/roadmaps', w.ws.key, { name: 'By month', columnsBy: 'eta_month' })
    const switched = await call('PATCH', `/v1/roadmaps/${eta.id}`, w.ws.key, { columnsBy: 'status' })
    expect(switched.status, switched.text).toBe(200)
    expect(switched.body.statusIds).toEqual(inOrder)
    const items = await call('GET', `/v1/roadmaps/${roadmap.id}/items`, w.ws.key)
    expect(items.status, items.text).toBe(200)
  })

  it('refuses unknown statuses (422 unknown_status) and bad reorders (422 invalid_item_order)', async () => {
    const w = await world()
    const other = await t.newWorkspace()
    const foreign = await ok('POST', '/v1/post-statuses', other.key, { name: 'Elsewhere', category: 'open' })
    const unknown = await call('POST', '/v1/roadmaps', w.ws.key, {
      name: 'x',
      statusIds: [w.planned.id, foreign.id],
    })
    expectProblem(unknown, 422, 'unknown_status')
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ path: 'body.statusIds.1', code: 'unknown_status' }),
    ])
    const inFilter = await call('POST', '/v1/roadmaps', w.ws.key, {
      name: 'x',
      statusIds: [w.planned.id],
      filter: { statusIds: ['pst_01jh2x3y4z5a6b7c8d9e0f1g2h'] },
    })
    expectProblem(inFilter, 422, 'unknown_status')
    // Status columns with no statusIds need statuses to default to: a workspace without any answers 400.
    const bare = await t.newWorkspace()
    const none = await call('POST', '/v1/roadmaps', bare.key, { name: 'x' })
    expectProblem(none, 400, 'validation_failed')
    expect(none.body.errors).toEqual([expect.objectContaining({ path: 'body.statusIds', code: 'required' })])
    expectProblem(
      await call('POST', '/v1/roadmaps', w.ws.key, {
        name: 'x',
        columnsBy: 'eta_month',
        statusIds: [w.planned.id],
      }),
      400,
      'validation_failed',
    )
    const roadmap = await ok('POST', '/v1/roadmaps', w.ws.key, { name: 'R', statusIds: [w.planned.id] })
    expectProblem(
      await call('PATCH', `/v1/roadmaps/${roadmap.id}`, w.ws.key, { statusIds: [foreign.id] }),
      422,
      'unknown_status',
    )
    const put = (body: unknown) => call('PUT', `/v1/roadmaps/${roadmap.id}/items`, w.ws.key, body)
    const omits = await put({ column: w.planned.id, postIds: [w.a.id, w.b.id] })
    expectProblem(omits, 422, 'invalid_item_order')
    expect(omits.body.errors).toEqual([expect.objectContaining({ code: 'missing' })])
    const repeats = await put({ column: w.planned.id, postIds: [w.a.id, w.b.id, w.hidden.id, w.a.id] })
    expectProblem(repeats, 422, 'invalid_item_order')
    expect(repeats.body.errors).toEqual([
      expect.objectContaining({ path: 'body.postIds.3', code: 'duplicate' }),
    ])
    const foreignItem = await put({ column: w.planned.id, postIds: [w.a.id, w.b.id, w.hidden.id, w.c.id] })
    expectProblem(foreignItem, 422, 'invalid_item_order')
    expect(foreignItem.body.errors[0].code).toBe('not_in_column')
    expectProblem(await put({ column: w.doing.id, postIds: [] }), 422, 'invalid_item_order')
    expect(await eventTypes(roadmap.id)).toEqual(['roadmap.created'])
  })
})

describe('roadmap visibility and security', () => {
  it('readers see roadmaps of their audience, and only the items they may read', async () => {
    const w = await world()
    const pub = await ok('POST', '/v1/roadmaps', w.ws.key, {
      name: 'Public',
      statusIds: [w.planned.id, w.doing.id],
    })
    const customers = await ok('POST', '/v1/roadmaps', w.ws.key, {
      name: 'Customers',
      statusIds: [w.planned.id],
      visibility: { audience: 'authenticated' },
    })
    const staff = await ok('POST', '/v1/roadmaps', w.ws.key, {
      name: 'Staff',
      statusIds: [w.planned.id],
      visibility: { audience: 'staff' },
    })
    const contact = await contactOf(w.ws)
    const visit = await visitorOf(w.ws)
    const names = (res: Res) => res.body.data.map((r: { name: string }) => r.name).sort()
    expect(names(await call('GET', '/v1/roadmaps', w.ws.key))).toEqual(['Customers', 'Public', 'Staff'])
    expect(names(await call('GET', '/v1/roadmaps', contact.key))).toEqual(['Customers', 'Public'])
    expect(names(await visit('GET', '/v1/roadmaps'))).toEqual(['Public'])
    expect((await visit('GET', `/v1/roadmaps/${customers.id}`)).status).toBe(404)
    expect((await visit('GET', `/v1/roadmaps/${staff.id}/items`)).status).toBe(404)
    expect((await call('GET', `/v1/roadmaps/${staff.id}/items`, contact.key)).status).toBe(404)
    // The post of the staff-only board is on the staff's roadmap, never on a reader's.
    const seen = await visit('GET', `/v1/roadmaps/${pub.id}/items`)
    expect(seen.status, seen.text).toBe(200)
    expect(columnIds(seen)[w.planned.id].sort()).toEqual([w.a.id, w.b.id].sort())
    expect(
      columnIds(await call('GET', `/v1/roadmaps/${pub.id}/items`, contact.key))[w.planned.id],
    ).not.toContain(w.hidden.id)
    expect(columnIds(await call('GET', `/v1/roadmaps/${pub.id}/items`, w.ws.key))[w.planned.id]).toContain(
      w.hidden.id,
    )
    // Readers change nothing.
    expect((await visit('POST', '/v1/roadmaps', { name: 'x', statusIds: [w.planned.id] })).status).toBe(403)
    const reorder = await call('PUT', `/v1/roadmaps/${pub.id}/items`, contact.key, {
      column: w.doing.id,
      postIds: [w.c.id],
    })
    expect(reorder.status).toBe(403)
  })

  it('no credential 401; another workspace 404; wrong role and wrong scope 403', async () => {
    const w = await world()
    const roadmap = await ok('POST', '/v1/roadmaps', w.ws.key, { name: 'R', statusIds: [w.doing.id] })
    expectProblem(await call('GET', '/v1/roadmaps'), 401, 'unauthorized')
    expectProblem(await call('GET', `/v1/roadmaps/${roadmap.id}/items`), 401, 'unauthorized')
    const other = await t.newWorkspace()
    expect((await call('GET', `/v1/roadmaps/${roadmap.id}`, other.key)).status).toBe(404)
    expect((await call('GET', `/v1/roadmaps/${roadmap.id}/items`, other.key)).status).toBe(404)
    expect(
      (
        await call('PUT', `/v1/roadmaps/${roadmap.id}/items`, other.key, {
          column: w.doing.id,
          postIds: [w.c.id],
        })
      ).status,
    ).toBe(404)
    const agent = await t.newMember(w.ws.workspaceId, { roles: [{ role: 'agent' }] })
    expect((await call('GET', `/v1/roadmaps/${roadmap.id}/items`, agent.key)).status).toBe(200)
    const denied = await call('PUT', `/v1/roadmaps/${roadmap.id}/items`, agent.key, {
      column: w.doing.id,
      postIds: [w.c.id],
    })
    expectProblem(denied, 403, 'forbidden')
    expect(denied.body.missingPermission).toBe('content.manage')
    const readOnly = await t.newMember(w.ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['content:read'],
    })
    const scoped = await call('PATCH', `/v1/roadmaps/${roadmap.id}`, readOnly.key, { name: 'x' })
    expectProblem(scoped, 403, 'forbidden')
    expect(scoped.body.missingScope).toBe('content:write')
    const unrelated = await t.newMember(w.ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    expect((await call('GET', '/v1/roadmaps', unrelated.key)).status).toBe(403)
  })
})
