import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { purgeDeletedPosts, trendingAt } from '../../src/areas/feedback/posts'
import { createSession } from '../../src/auth/sessions'
import { auditEntries, events } from '../../src/db/schema'
import { posts, votes } from '../../src/db/schema/feedback'
import type { ContactId, WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, type TestApp } from '../harness'

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

async function portalSession(workspaceId: WorkspaceId, contactId: ContactId) {
  return (await createSession(t.database.db, { workspaceId, contactId }, { ip: null, userAgent: null })).token
}

/** A contact of `ws` signed in to the portal: its session token. */
async function contactOf(ws: Workspace) {
  const contact = await newContact(ws.workspaceId)
  return { id: contact.id, key: await portalSession(ws.workspaceId, contact.id) }
}

function expectForbidden(res: Res, missing: { permission?: string; scope?: string }) {
  expect(res.status, res.text).toBe(403)
  expect(res.body.code).toBe('forbidden')
  if (missing.permission) expect(res.body.missingPermission).toBe(missing.permission)
  if (missing.scope) expect(res.body.missingScope).toBe(missing.scope)
}

const viewer = (ws: Workspace) => t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
const keyWithScopes = (ws: Workspace, scopes: string[]) =>
  t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes })

const makeBoard = async (key: string, body: Record<string, unknown> = {}) => {
  const res = await call('POST', '/v1/boards', key, {
    name: `Board ${Math.random().toString(36).slice(2, 8)}`,
    ...body,
  })
  expect(res.status, res.text).toBe(201)
  return res.body
}

describe('boards', () => {
  it('creates a board with defaults, a derived slug, ETag and Location; emits board.created and audits it', async () => {
    const ws = await t.newWorkspace()
    const res = await call('POST', '/v1/boards', ws.key, {
      name: '  Feature Requests ',
      description: 'Ideas',
      fields: [
        { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] },
        { key: 'seats', label: 'Seats', type: 'number', required: true },
      ],
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^brd_/),
      name: 'Feature Requests',
      slug: 'feature-requests',
      description: 'Ideas',
      visibility: { audience: 'public', segmentIds: [], organizationIds: [] },
      access: { view: 'anyone', post: 'contacts', vote: 'contacts', comment: 'contacts' },
      moderation: null,
      oneWay: false,
      archived: false,
      archivedAt: null,
      fields: [
        { key: 'plan', label: 'Plan', type: 'select', required: false, options: ['free', 'pro'] },
        { key: 'seats', label: 'Seats', type: 'number', required: true },
      ],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/boards/${res.body.id}`)
    expect(await eventTypes(res.body.id)).toEqual(['board.created'])
    const audit = await t.database.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.resourceId, res.body.id))
    expect(audit).toHaveLength(1)
    const got = await call('GET', `/v1/boards/${res.body.id}`, ws.key)
    expect(got.body).toEqual(res.body)
    expect(
      (await call('GET', `/v1/boards/${res.body.id}`, ws.key, undefined, { 'if-none-match': '"1"' })).status,
    ).toBe(304)
  })

  it('updates access, visibility and archived with previous values, honours If-Match, and lists by filter', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const stale = await call(
      'PATCH',
      `/v1/boards/${board.id}`,
      ws.key,
      { archived: true },
      { 'if-match': '"9"' },
    )
    expectProblem(stale, 412, 'precondition_failed')
    const res = await call(
      'PATCH',
      `/v1/boards/${board.id}`,
      ws.key,
      { access: { vote: 'staff' }, visibility: { audience: 'authenticated' }, archived: true },
      { 'if-match': '"1"' },
    )
    expect(res.status, res.text).toBe(200)
    expect(res.body.access.vote).toBe('staff')
    expect(res.body.visibility.audience).toBe('authenticated')
    expect(res.body.archived).toBe(true)
    expect(res.headers.get('etag')).toBe('"2"')
    const [updated] = await t.database.db
      .select({ data: events.data })
      .from(events)
      .where(and(eq(events.resourceId, board.id), eq(events.type, 'board.updated')))
    expect((updated!.data as any).previous).toEqual({
      'access.vote': 'contacts',
      'visibility.audience': 'public',
      archived: false,
    })
    const active = await makeBoard(ws.key)
    const archived = await call('GET', '/v1/boards?archived=true', ws.key)
    expect(archived.body.data.map((b: { id: string }) => b.id)).toEqual([board.id])
    const live = await call('GET', '/v1/boards?archived=false', ws.key)
    expect(live.body.data.map((b: { id: string }) => b.id)).toEqual([active.id])
    const page = await call('GET', '/v1/boards?limit=1&sort=createdAt', ws.key)
    expect(page.body.data.map((b: { id: string }) => b.id)).toEqual([board.id])
    const next = await call('GET', `/v1/boards?limit=1&sort=createdAt&cursor=${page.body.nextCursor}`, ws.key)
    expect(next.body.data.map((b: { id: string }) => b.id)).toEqual([active.id])
    expect(next.body.nextCursor).toBeNull()
  })

  it('refuses a taken slug (409 slug_taken), a bad slug and bad fields (400 naming them)', async () => {
    const ws = await t.newWorkspace()
    await makeBoard(ws.key, { name: 'Ideas' })
    expectProblem(await call('POST', '/v1/boards', ws.key, { name: 'Ideas' }), 409, 'slug_taken')
    expectProblem(
      await call('POST', '/v1/boards', ws.key, { name: 'x', slug: 'Not A Slug' }),
      400,
      'validation_failed',
    )
    const dup = await call('POST', '/v1/boards', ws.key, {
      name: 'y',
      fields: [
        { key: 'a', label: 'A', type: 'text' },
        { key: 'a', label: 'A', type: 'select' },
      ],
    })
    expectProblem(dup, 400, 'validation_failed')
    expect(dup.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.fields.1.key',
      'body.fields.1.options',
    ])
    expectProblem(await call('POST', '/v1/boards', ws.key, { name: ' ' }), 400, 'validation_failed')
    expectProblem(
      await call('POST', '/v1/boards', ws.key, { name: 'z', visibility: { audience: 'segments' } }),
      400,
      'validation_failed',
    )
    expectProblem(
      await call('PATCH', `/v1/boards/brd_01jh2x3y4z5a6b7c8d9e0f1g2h`, ws.key, {}),
      400,
      'validation_failed',
    )
  })

  it('deletes an empty board (board.deleted) and 404s afterwards', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    expect((await call('DELETE', `/v1/boards/${board.id}`, ws.key)).status).toBe(204)
    expect(await eventTypes(board.id)).toEqual(['board.created', 'board.deleted'])
    expectProblem(await call('GET', `/v1/boards/${board.id}`, ws.key), 404, 'not_found')
    expectProblem(await call('DELETE', `/v1/boards/${board.id}`, ws.key), 404, 'not_found')
  })

  it('security: no credentials, another workspace, wrong role, wrong scope', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    expect((await call('GET', '/v1/boards')).status).toBe(401)
    expect((await call('POST', '/v1/boards', undefined, { name: 'x' })).status).toBe(401)
    expectProblem(await call('GET', `/v1/boards/${board.id}`, other.key), 404, 'not_found')
    expectProblem(await call('PATCH', `/v1/boards/${board.id}`, other.key, { name: 'x' }), 404, 'not_found')
    expectProblem(await call('DELETE', `/v1/boards/${board.id}`, other.key), 404, 'not_found')
    expect((await call('GET', '/v1/boards', other.key)).body.data).toEqual([])
    const v = await viewer(ws)
    expect((await call('GET', `/v1/boards/${board.id}`, v.key)).status).toBe(200)
    expectForbidden(await call('POST', '/v1/boards', v.key, { name: 'x' }), { permission: 'feedback.manage' })
    expectForbidden(await call('PATCH', `/v1/boards/${board.id}`, v.key, { name: 'x' }), {
      permission: 'feedback.manage',
    })
    expectForbidden(await call('DELETE', `/v1/boards/${board.id}`, v.key), { permission: 'feedback.manage' })
    const reader = await keyWithScopes(ws, ['feedback:read'])
    expect((await call('GET', '/v1/boards', reader.key)).status).toBe(200)
    expectForbidden(await call('POST', '/v1/boards', reader.key, { name: 'x' }), { scope: 'feedback:write' })
    expectForbidden(await call('PATCH', `/v1/boards/${board.id}`, reader.key, { name: 'x' }), {
      scope: 'feedback:write',
    })
    const unrelated = await keyWithScopes(ws, ['contacts:read'])
    expectForbidden(await call('GET', '/v1/boards', unrelated.key), { scope: 'feedback:read' })
  })

  it('shows a contact only the boards open to contacts, and never lets one change them', async () => {
    const ws = await t.newWorkspace()
    const open = await makeBoard(ws.key)
    const signedIn = await makeBoard(ws.key, {
      visibility: { audience: 'authenticated' },
      access: { view: 'contacts' },
    })
    const staffOnly = await makeBoard(ws.key, { visibility: { audience: 'staff' } })
    const hiddenView = await makeBoard(ws.key, { access: { view: 'staff' } })
    const me = await contactOf(ws)
    const list = await call('GET', '/v1/boards?sort=createdAt', me.key)
    expect(list.status, list.text).toBe(200)
    expect(list.body.data.map((b: { id: string }) => b.id)).toEqual([open.id, signedIn.id])
    expectProblem(await call('GET', `/v1/boards/${staffOnly.id}`, me.key), 404, 'not_found')
    expectProblem(await call('GET', `/v1/boards/${hiddenView.id}`, me.key), 404, 'not_found')
    expect((await call('POST', '/v1/boards', me.key, { name: 'x' })).status).toBe(403)
    expect((await call('PATCH', `/v1/boards/${open.id}`, me.key, { name: 'x' })).status).toBe(403)
    expect((await call('DELETE', `/v1/boards/${open.id}`, me.key)).status).toBe(403)
  })
})

describe('post statuses', () => {
  it('makes the first status the default, moves the default, orders by position, emits events', async () => {
    const ws = await t.newWorkspace()
    const open = await call('POST', '/v1/post-statuses', ws.key, { name: 'Open', category: 'open' })
    expect(open.status, open.text).toBe(201)
    expect(open.body).toMatchObject({
      name: 'Open',
      category: 'open',
      position: 0,
      isDefault: true,
      color: null,
    })
    const planned = await call('POST', '/v1/post-statuses', ws.key, {
      name: 'Planned',
      category: 'planned',
      color: '#3b82f6',
    })
    expect(planned.body).toMatchObject({ position: 1, isDefault: false })
    const moved = await call('PATCH', `/v1/post-statuses/${planned.body.id}`, ws.key, {
      isDefault: true,
      position: 0,
    })
    expect(moved.status, moved.text).toBe(200)
    expect(moved.body.isDefault).toBe(true)
    const list = await call('GET', '/v1/post-statuses', ws.key)
    expect(list.body.data.map((s: { name: string; isDefault: boolean }) => [s.name, s.isDefault])).toEqual([
      ['Open', false],
      ['Planned', true],
    ])
    expect(await eventTypes(open.body.id)).toEqual(['post_status.created', 'post_status.updated'])
    expect((await call('GET', `/v1/post-statuses/${open.body.id}`, ws.key)).body.isDefault).toBe(false)
    expectProblem(
      await call('POST', '/v1/post-statuses', ws.key, { name: 'open', category: 'closed' }),
      409,
      'name_taken',
    )
    expectProblem(
      await call('POST', '/v1/post-statuses', ws.key, { name: 'X', category: 'later' }),
      400,
      'validation_failed',
    )
    expect((await call('DELETE', `/v1/post-statuses/${open.body.id}`, ws.key)).status).toBe(204)
    expect(await eventTypes(open.body.id)).toContain('post_status.deleted')
  })

  it('security: contacts read statuses but never change them; viewers, narrow keys and other workspaces are refused', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const status = (await call('POST', '/v1/post-statuses', ws.key, { name: 'Open', category: 'open' })).body
    expect((await call('GET', '/v1/post-statuses')).status).toBe(401)
    expectProblem(await call('GET', `/v1/post-statuses/${status.id}`, other.key), 404, 'not_found')
    expect((await call('GET', '/v1/post-statuses', other.key)).body.data).toEqual([])
    const v = await viewer(ws)
    expectForbidden(await call('POST', '/v1/post-statuses', v.key, { name: 'x', category: 'open' }), {
      permission: 'feedback.manage',
    })
    expectForbidden(await call('PATCH', `/v1/post-statuses/${status.id}`, v.key, { name: 'x' }), {
      permission: 'feedback.manage',
    })
    const reader = await keyWithScopes(ws, ['feedback:read'])
    expectForbidden(await call('DELETE', `/v1/post-statuses/${status.id}`, reader.key), {
      scope: 'feedback:write',
    })
    const me = await contactOf(ws)
    expect((await call('GET', '/v1/post-statuses', me.key)).body.data).toHaveLength(1)
    expect((await call('POST', '/v1/post-statuses', me.key, { name: 'x', category: 'open' })).status).toBe(
      403,
    )
  })
})

describe('tags', () => {
  it('creates, renames, lists by name and deletes tags with events; refuses duplicates', async () => {
    const ws = await t.newWorkspace()
    const b = await call('POST', '/v1/tags', ws.key, { name: 'Billing' })
    expect(b.status, b.text).toBe(201)
    const a = await call('POST', '/v1/tags', ws.key, { name: 'API', color: '#10b981' })
    expectProblem(await call('POST', '/v1/tags', ws.key, { name: 'api' }), 409, 'name_taken')
    expectProblem(
      await call('POST', '/v1/tags', ws.key, { name: 'x', color: 'red' }),
      400,
      'validation_failed',
    )
    const list = await call('GET', '/v1/tags', ws.key)
    expect(list.body.data.map((x: { name: string }) => x.name)).toEqual(['API', 'Billing'])
    const renamed = await call('PATCH', `/v1/tags/${a.body.id}`, ws.key, { name: 'Platform' })
    expect(renamed.body.name).toBe('Platform')
    expect((await call('DELETE', `/v1/tags/${a.body.id}`, ws.key)).status).toBe(204)
    expect(await eventTypes(a.body.id)).toEqual(['tag.created', 'tag.updated', 'tag.deleted'])
  })

  it('security: no credentials, another workspace, wrong role, wrong scope, a contact', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const tag = (await call('POST', '/v1/tags', ws.key, { name: 'Billing' })).body
    expect((await call('GET', '/v1/tags')).status).toBe(401)
    expectProblem(await call('GET', `/v1/tags/${tag.id}`, other.key), 404, 'not_found')
    expectProblem(await call('DELETE', `/v1/tags/${tag.id}`, other.key), 404, 'not_found')
    const v = await viewer(ws)
    expectForbidden(await call('POST', '/v1/tags', v.key, { name: 'x' }), { permission: 'feedback.manage' })
    const reader = await keyWithScopes(ws, ['feedback:read'])
    expectForbidden(await call('PATCH', `/v1/tags/${tag.id}`, reader.key, { name: 'x' }), {
      scope: 'feedback:write',
    })
    const me = await contactOf(ws)
    expect((await call('GET', `/v1/tags/${tag.id}`, me.key)).status).toBe(200)
    expect((await call('DELETE', `/v1/tags/${tag.id}`, me.key)).status).toBe(403)
  })
})

const makePost = async (key: string, body: Record<string, unknown>) => {
  const res = await call('POST', '/v1/posts', key, { title: 'Export to CSV', ...body })
  expect(res.status, res.text).toBe(201)
  return res.body
}
const postIds = (res: Res) => res.body.data.map((p: { id: string }) => p.id)

describe('posts', () => {
  it('creates a post with the default status, tags and custom fields; reads it with ETag; emits post.created', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key, {
      fields: [
        { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'], required: true },
        { key: 'seats', label: 'Seats', type: 'number' },
        { key: 'due', label: 'Due', type: 'date' },
        { key: 'urgent', label: 'Urgent', type: 'checkbox' },
      ],
    })
    const status = (await call('POST', '/v1/post-statuses', ws.key, { name: 'Open', category: 'open' })).body
    const tag = (await call('POST', '/v1/tags', ws.key, { name: 'Reports' })).body
    const res = await call('POST', '/v1/posts', ws.key, {
      boardId: board.id,
      title: '  Export reports to CSV ',
      body: 'We need **CSV**.',
      tags: [tag.id],
      eta: '2027-03-01',
      customFields: { plan: 'pro', seats: 12, due: '2027-01-31', urgent: true },
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^post_/),
      boardId: board.id,
      statusId: status.id,
      title: 'Export reports to CSV',
      body: 'We need **CSV**.',
      author: { type: 'member', id: ws.memberId },
      ownerMemberId: null,
      eta: '2027-03-01',
      pinned: false,
      locked: false,
      customFields: { plan: 'pro', seats: 12, due: '2027-01-31', urgent: true },
      tags: [tag.id],
      voteCount: 0,
      commentCount: 0,
      moderation: 'approved',
      moderationReason: null,
      mergedIntoId: null,
      deletedAt: null,
      officialResponse: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(res.headers.get('location')).toBe(`/v1/posts/${res.body.id}`)
    const got = await call('GET', `/v1/posts/${res.body.id}`, ws.key)
    expect(got.body).toEqual(res.body)
    expect(got.headers.get('etag')).toBe('"1"')
    expect(await eventTypes(res.body.id)).toEqual(['post.created'])
    const [created] = await t.database.db.select().from(events).where(eq(events.resourceId, res.body.id))
    expect((created!.data as any).status).toEqual({ id: status.id, name: 'Open', category: 'open' })
  })

  it('refuses bad input with specific codes', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const board = await makeBoard(ws.key, {
      fields: [
        { key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'], required: true },
        { key: 'due', label: 'Due', type: 'date' },
      ],
    })
    const foreignBoard = await makeBoard(other.key)
    const foreignTag = (await call('POST', '/v1/tags', other.key, { name: 'x' })).body
    const foreignStatus = (
      await call('POST', '/v1/post-statuses', other.key, { name: 'x', category: 'open' })
    ).body
    const base = { boardId: board.id, customFields: { plan: 'free' } }
    const bad = async (body: Record<string, unknown>, status: number, code: string, path?: string) => {
      const res = await call('POST', '/v1/posts', ws.key, { title: 'A title', ...base, ...body })
      expectProblem(res, status, code)
      if (path) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    }
    await bad({ title: '' }, 400, 'validation_failed', 'body.title')
    await bad({ title: '   ' }, 400, 'validation_failed', 'body.title')
    await bad({ title: 'x'.repeat(256) }, 400, 'validation_failed', 'body.title')
    await bad({ boardId: foreignBoard.id }, 404, 'not_found', 'body.boardId')
    await bad({ statusId: foreignStatus.id }, 404, 'not_found', 'body.statusId')
    await bad({ tags: [foreignTag.id] }, 404, 'not_found', 'body.tags.0')
    await bad({ boardId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h' }, 400, 'validation_failed')
    await bad({ customFields: {} }, 400, 'validation_failed', 'body.customFields.plan')
    await bad({ customFields: { plan: 'gold' } }, 400, 'validation_failed', 'body.customFields.plan')
    await bad(
      { customFields: { plan: 'free', due: '2027-02-30' } },
      400,
      'validation_failed',
      'body.customFields.due',
    )
    await bad({ customFields: { plan: 'free', nope: 1 } }, 400, 'validation_failed', 'body.customFields.nope')
    await call('PATCH', `/v1/boards/${board.id}`, ws.key, { archived: true })
    await bad({}, 409, 'board_archived')
    const live = await makeBoard(ws.key)
    const post = await makePost(ws.key, { boardId: live.id })
    expectProblem(await call('POST', `/v1/posts/${post.id}/restore`, ws.key), 409, 'post_not_deleted')
    expectProblem(
      await call('PATCH', `/v1/posts/${post.id}`, ws.key, { title: '' }),
      400,
      'validation_failed',
    )
    expectProblem(
      await call('PATCH', `/v1/posts/${post.id}`, ws.key, { boardId: board.id }),
      409,
      'board_archived',
    )
  })

  it('changes status (post.status_changed) and other fields (post.updated with previous), and honours If-Match', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const open = (await call('POST', '/v1/post-statuses', ws.key, { name: 'Open', category: 'open' })).body
    const planned = (
      await call('POST', '/v1/post-statuses', ws.key, { name: 'Planned', category: 'planned' })
    ).body
    const post = await makePost(ws.key, { boardId: board.id })
    expectProblem(
      await call('PATCH', `/v1/posts/${post.id}`, ws.key, { pinned: true }, { 'if-match': '"7"' }),
      412,
      'precondition_failed',
    )
    const res = await call('PATCH', `/v1/posts/${post.id}`, ws.key, {
      statusId: planned.id,
      pinned: true,
      ownerMemberId: ws.memberId,
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({ statusId: planned.id, pinned: true, ownerMemberId: ws.memberId })
    const emitted = await t.database.db
      .select({ type: events.type, data: events.data })
      .from(events)
      .where(eq(events.resourceId, post.id))
      .orderBy(events.occurredAt, events.id)
    expect(emitted.map((e) => e.type)).toEqual(['post.created', 'post.status_changed', 'post.updated'])
    expect((emitted[1]!.data as any).previousStatus).toEqual({ id: open.id, name: 'Open', category: 'open' })
    expect((emitted[1]!.data as any).status).toMatchObject({ id: planned.id, category: 'planned' })
    expect((emitted[2]!.data as any).previous).toEqual({ pinned: false, ownerMemberId: null })
    const audit = await t.database.db.select().from(auditEntries).where(eq(auditEntries.resourceId, post.id))
    expect(audit).toHaveLength(3)
    const same = await call('PATCH', `/v1/posts/${post.id}`, ws.key, { pinned: true })
    expect(same.headers.get('etag')).toBe(res.headers.get('etag'))
    expectProblem(
      await call('PATCH', `/v1/posts/${post.id}`, ws.key, {
        ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
      }),
      404,
      'not_found',
    )
  })

  it('lists with sorts, filters and keyset pages', async () => {
    const ws = await t.newWorkspace()
    const a = await makeBoard(ws.key)
    const b = await makeBoard(ws.key)
    const open = (await call('POST', '/v1/post-statuses', ws.key, { name: 'Open', category: 'open' })).body
    const done = (await call('POST', '/v1/post-statuses', ws.key, { name: 'Done', category: 'complete' }))
      .body
    const tag = (await call('POST', '/v1/tags', ws.key, { name: 'Reports' })).body
    const p1 = await makePost(ws.key, { boardId: a.id, title: 'One' })
    const p2 = await makePost(ws.key, { boardId: a.id, title: 'Two', statusId: done.id, tags: [tag.id] })
    const p3 = await makePost(ws.key, { boardId: b.id, title: 'Three', pinned: true })
    // Votes are written directly here; the votes API keeps these counters itself.
    await t.database.db.update(posts).set({ voteCount: 5, trending: 10 }).where(eq(posts.id, p1.id))
    await t.database.db.update(posts).set({ voteCount: 9, trending: 1 }).where(eq(posts.id, p2.id))
    const list = (query: string) => call('GET', `/v1/posts?${query}`, ws.key)
    expect(postIds(await list(''))).toEqual([p3.id, p2.id, p1.id])
    expect(postIds(await list('sort=top'))).toEqual([p2.id, p1.id, p3.id])
    expect(postIds(await list('sort=trending'))).toEqual([p3.id, p1.id, p2.id])
    expect(postIds(await list(`boardId=${a.id}`))).toEqual([p2.id, p1.id])
    expect(postIds(await list(`statusId=${open.id}`))).toEqual([p3.id, p1.id])
    expect(postIds(await list('statusCategory=complete'))).toEqual([p2.id])
    expect(postIds(await list(`tagId=${tag.id}`))).toEqual([p2.id])
    expect(postIds(await list('minVotes=6'))).toEqual([p2.id])
    expect(postIds(await list('pinned=true'))).toEqual([p3.id])
    expect(postIds(await list(`authorMemberId=${ws.memberId}`))).toHaveLength(3)
    expect(postIds(await list('moderation=pending'))).toEqual([])
    const first = await list('sort=top&limit=2')
    expect(postIds(first)).toEqual([p2.id, p1.id])
    const second = await list(`sort=top&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`)
    expect(postIds(second)).toEqual([p3.id])
    expect(second.body.nextCursor).toBeNull()
    expectProblem(
      await list(`sort=new&cursor=${encodeURIComponent(first.body.nextCursor)}`),
      400,
      'invalid_cursor',
    )
    expectProblem(await list('sort=oldest'), 400, 'validation_failed')
  })

  it('deletes softly, restores within 30 days, and the purge tick removes older ones', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const post = await makePost(ws.key, { boardId: board.id })
    expect((await call('DELETE', `/v1/posts/${post.id}`, ws.key)).status).toBe(204)
    expectProblem(await call('GET', `/v1/posts/${post.id}`, ws.key), 404, 'not_found')
    expect(postIds(await call('GET', '/v1/posts', ws.key))).toEqual([])
    expect(postIds(await call('GET', '/v1/posts?deleted=true', ws.key))).toEqual([post.id])
    expectProblem(await call('DELETE', `/v1/posts/${post.id}`, ws.key), 404, 'not_found')
    const restored = await call('POST', `/v1/posts/${post.id}/restore`, ws.key)
    expect(restored.status, restored.text).toBe(200)
    expect(restored.body.deletedAt).toBeNull()
    expect(await eventTypes(post.id)).toEqual(['post.created', 'post.deleted', 'post.restored'])

    const old = await makePost(ws.key, { boardId: board.id })
    await call('DELETE', `/v1/posts/${old.id}`, ws.key)
    await call('DELETE', `/v1/posts/${post.id}`, ws.key)
    await t.database.db
      .update(posts)
      .set({ deletedAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(posts.id, old.id))
    expect(await purgeDeletedPosts(t.database.db)).toBeGreaterThanOrEqual(1)
    const left = await t.database.db
      .select({ id: posts.id })
      .from(posts)
      .where(eq(posts.workspaceId, ws.workspaceId))
    expect(left.map((p) => p.id)).toEqual([post.id])
    expectProblem(await call('POST', `/v1/posts/${old.id}/restore`, ws.key), 404, 'not_found')
  })

  it('security: no credentials, another workspace, wrong role, wrong scope', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const post = await makePost(ws.key, { boardId: board.id })
    expect((await call('GET', '/v1/posts')).status).toBe(401)
    expect((await call('POST', '/v1/posts', undefined, { boardId: board.id, title: 'x' })).status).toBe(401)
    expect((await call('POST', `/v1/posts/${post.id}/restore`)).status).toBe(401)
    for (const [method, path] of [
      ['GET', `/v1/posts/${post.id}`],
      ['PATCH', `/v1/posts/${post.id}`],
      ['DELETE', `/v1/posts/${post.id}`],
      ['POST', `/v1/posts/${post.id}/restore`],
    ] as const) {
      expectProblem(
        await call(method, path, other.key, method === 'PATCH' ? { title: 'x' } : undefined),
        404,
        'not_found',
      )
    }
    expectProblem(
      await call('POST', '/v1/posts', other.key, { boardId: board.id, title: 'x' }),
      404,
      'not_found',
    )
    expect(postIds(await call('GET', '/v1/posts', other.key))).toEqual([])
    const v = await viewer(ws)
    expect((await call('GET', `/v1/posts/${post.id}`, v.key)).status).toBe(200)
    expectForbidden(await call('POST', '/v1/posts', v.key, { boardId: board.id, title: 'x' }), {
      permission: 'feedback.manage',
    })
    expectForbidden(await call('PATCH', `/v1/posts/${post.id}`, v.key, { title: 'x' }), {
      permission: 'feedback.manage',
    })
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    expectForbidden(await call('DELETE', `/v1/posts/${post.id}`, agent.key), {
      permission: 'feedback.moderate',
    })
    expectForbidden(await call('GET', '/v1/posts?deleted=true', agent.key), {
      permission: 'feedback.moderate',
    })
    const reader = await keyWithScopes(ws, ['feedback:read'])
    expect((await call('GET', '/v1/posts', reader.key)).status).toBe(200)
    expectForbidden(await call('POST', '/v1/posts', reader.key, { boardId: board.id, title: 'x' }), {
      scope: 'feedback:write',
    })
    expectForbidden(await call('DELETE', `/v1/posts/${post.id}`, reader.key), { scope: 'feedback:write' })
    const unrelated = await keyWithScopes(ws, ['contacts:write'])
    expectForbidden(await call('GET', '/v1/posts', unrelated.key), { scope: 'feedback:read' })
  })

  it('lets a contact post where the board allows, edit and delete only its own posts, and see only what it may', async () => {
    const ws = await t.newWorkspace()
    const open = await makeBoard(ws.key)
    const staffPosting = await makeBoard(ws.key, { access: { post: 'staff' } })
    const hidden = await makeBoard(ws.key, { visibility: { audience: 'staff' } })
    const me = await contactOf(ws)
    const someone = await contactOf(ws)
    const mine = await call('POST', '/v1/posts', me.key, { boardId: open.id, title: 'Mine' })
    expect(mine.status, mine.text).toBe(201)
    expect(mine.body.author).toEqual({ type: 'contact', id: me.id })
    expect((await call('POST', '/v1/posts', me.key, { boardId: staffPosting.id, title: 'x' })).status).toBe(
      403,
    )
    expectProblem(
      await call('POST', '/v1/posts', me.key, { boardId: hidden.id, title: 'x' }),
      404,
      'not_found',
    )
    expect(
      (await call('POST', '/v1/posts', me.key, { boardId: open.id, title: 'x', pinned: true })).status,
    ).toBe(403)
    const staffPost = await makePost(ws.key, { boardId: hidden.id })
    const theirs = await makePost(someone.key, { boardId: open.id, title: 'Theirs' })
    const pending = await makePost(someone.key, { boardId: open.id, title: 'Pending' })
    await t.database.db.update(posts).set({ moderation: 'pending' }).where(eq(posts.id, pending.id))
    expect(postIds(await call('GET', '/v1/posts?sort=new', me.key)).sort()).toEqual(
      [mine.body.id, theirs.id].sort(),
    )
    expectProblem(await call('GET', `/v1/posts/${staffPost.id}`, me.key), 404, 'not_found')
    expectProblem(await call('GET', `/v1/posts/${pending.id}`, me.key), 404, 'not_found')
    expect((await call('GET', `/v1/posts/${pending.id}`, someone.key)).status).toBe(200)
    const edited = await call('PATCH', `/v1/posts/${mine.body.id}`, me.key, { title: 'Mine, clearer' })
    expect(edited.status, edited.text).toBe(200)
    expect((await call('PATCH', `/v1/posts/${mine.body.id}`, me.key, { locked: true })).status).toBe(403)
    expect((await call('PATCH', `/v1/posts/${theirs.id}`, me.key, { title: 'x' })).status).toBe(403)
    expect((await call('DELETE', `/v1/posts/${theirs.id}`, me.key)).status).toBe(403)
    expect((await call('DELETE', `/v1/posts/${mine.body.id}`, me.key)).status).toBe(204)
    expect((await call('POST', `/v1/posts/${mine.body.id}/restore`, me.key)).status).toBe(403)
    expect((await call('GET', '/v1/posts?deleted=true', me.key)).status).toBe(403)
  })
})

describe('votes', () => {
  const vote = (key: string, postId: string, body: Record<string, unknown> = {}) =>
    call('POST', `/v1/posts/${postId}/votes`, key, body)
  const countOf = async (postId: string) => {
    const [row] = await t.database.db
      .select({ voteCount: posts.voteCount })
      .from(posts)
      .where(eq(posts.id, postId as never))
    const all = await t.database.db
      .select({ id: votes.id })
      .from(votes)
      .where(eq(votes.postId, postId as never))
    return { stored: row!.voteCount, counted: all.length }
  }

  it('records own votes and votes for contacts (who added it, source), lists voters, takes votes back; emits events', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const post = await makePost(ws.key, { boardId: board.id })
    const customer = await newContact(ws.workspaceId)
    const own = await vote(ws.key, post.id)
    expect(own.status, own.text).toBe(201)
    expect(own.body).toEqual({
      vote: {
        id: expect.stringMatching(/^vote_/),
        postId: post.id,
        voter: { type: 'member', id: ws.memberId },
        addedByMemberId: null,
        source: null,
        createdAt: expect.any(String),
      },
      voteCount: 1,
    })
    const forContact = await vote(ws.key, post.id, { contactId: customer.id, source: 'ticket:tkt_1' })
    expect(forContact.status, forContact.text).toBe(201)
    expect(forContact.body.vote).toMatchObject({
      voter: { type: 'contact', id: customer.id },
      addedByMemberId: ws.memberId,
      source: 'ticket:tkt_1',
    })
    expect(forContact.body.voteCount).toBe(2)
    const voters = await call('GET', `/v1/posts/${post.id}/votes`, ws.key)
    expect(voters.body.data.map((v: { voter: { id: string } }) => v.voter.id)).toEqual([
      customer.id,
      ws.memberId,
    ])
    const got = await call('GET', `/v1/posts/${post.id}`, ws.key)
    expect(got.body.voteCount).toBe(2)
    expect(got.body.updatedAt).toBe(post.updatedAt)
    const removed = await call('DELETE', `/v1/posts/${post.id}/votes?contactId=${customer.id}`, ws.key)
    expect(removed.status, removed.text).toBe(200)
    expect(removed.body).toEqual({ voteCount: 1 })
    expect((await call('DELETE', `/v1/posts/${post.id}/votes`, ws.key)).body).toEqual({ voteCount: 0 })
    expectProblem(await call('DELETE', `/v1/posts/${post.id}/votes`, ws.key), 404, 'not_found')
    expect(await eventTypes(post.id)).toEqual([
      'post.created',
      'post.voted',
      'post.voted',
      'post.unvoted',
      'post.unvoted',
    ])
    expect(await countOf(post.id)).toEqual({ stored: 0, counted: 0 })
    // Trending went up with the votes and came back down with them.
    const [row] = await t.database.db
      .select({ trending: posts.trending })
      .from(posts)
      .where(eq(posts.id, post.id))
    expect(row!.trending).toBeCloseTo(trendingAt(new Date(post.createdAt)), 6)
  })

  it('refuses a second vote, a locked, merged or deleted post, an archived board and an unknown contact', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const post = await makePost(ws.key, { boardId: board.id })
    await vote(ws.key, post.id)
    expectProblem(await vote(ws.key, post.id), 409, 'already_voted')
    const customer = await newContact(ws.workspaceId)
    await vote(ws.key, post.id, { contactId: customer.id })
    expectProblem(await vote(ws.key, post.id, { contactId: customer.id }), 409, 'already_voted')
    const missing = await vote(ws.key, post.id, { contactId: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' })
    expectProblem(missing, 404, 'not_found')
    expect(missing.body.errors[0].path).toBe('body.contactId')
    expectProblem(await vote(ws.key, post.id, { contactId: 'nope' }), 400, 'validation_failed')
    const locked = await makePost(ws.key, { boardId: board.id, locked: true })
    expectProblem(await vote(ws.key, locked.id), 409, 'post_locked')
    const merged = await makePost(ws.key, { boardId: board.id })
    await t.database.db.update(posts).set({ mergedIntoId: post.id }).where(eq(posts.id, merged.id))
    expectProblem(await vote(ws.key, merged.id), 409, 'post_merged')
    const gone = await makePost(ws.key, { boardId: board.id })
    await call('DELETE', `/v1/posts/${gone.id}`, ws.key)
    expectProblem(await vote(ws.key, gone.id), 404, 'not_found')
    await call('PATCH', `/v1/boards/${board.id}`, ws.key, { archived: true })
    expectProblem(
      await vote(ws.key, post.id, { contactId: (await newContact(ws.workspaceId)).id }),
      409,
      'board_archived',
    )
    expect(await countOf(post.id)).toEqual({ stored: 2, counted: 2 })
  })

  it('keeps the count exact under concurrent votes, and lets each person vote once', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const post = await makePost(ws.key, { boardId: board.id })
    const people = await Promise.all(Array.from({ length: 24 }, () => newContact(ws.workspaceId)))
    const results = await Promise.all(people.map((p) => vote(ws.key, post.id, { contactId: p.id })))
    expect(results.map((r) => r.status)).toEqual(people.map(() => 201))
    expect(new Set(results.map((r) => r.body.voteCount)).size).toBe(24)
    // The same person eight times at once: one vote counts, the rest are 409.
    const twice = await Promise.all(Array.from({ length: 8 }, () => vote(ws.key, post.id)))
    expect(twice.filter((r) => r.status === 201)).toHaveLength(1)
    expect(twice.filter((r) => r.status === 409).every((r) => r.body.code === 'already_voted')).toBe(true)
    // Votes and removals interleaved.
    await Promise.all([
      ...people
        .slice(0, 10)
        .map((p) => call('DELETE', `/v1/posts/${post.id}/votes?contactId=${p.id}`, ws.key)),
      ...Array.from({ length: 6 }, async () =>
        vote(ws.key, post.id, { contactId: (await newContact(ws.workspaceId)).id }),
      ),
    ])
    expect(await countOf(post.id)).toEqual({ stored: 24 + 1 - 10 + 6, counted: 24 + 1 - 10 + 6 })
  })

  it('security: no credentials, another workspace, wrong role, wrong scope, contacts by board access', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const staffVoting = await makeBoard(ws.key, { access: { vote: 'staff' } })
    const post = await makePost(ws.key, { boardId: board.id })
    const staffPost = await makePost(ws.key, { boardId: staffVoting.id })
    expect((await vote('', post.id)).status).toBe(401)
    expect((await call('GET', `/v1/posts/${post.id}/votes`)).status).toBe(401)
    expect((await call('DELETE', `/v1/posts/${post.id}/votes`)).status).toBe(401)
    expectProblem(await vote(other.key, post.id), 404, 'not_found')
    expectProblem(await call('GET', `/v1/posts/${post.id}/votes`, other.key), 404, 'not_found')
    expectProblem(await call('DELETE', `/v1/posts/${post.id}/votes`, other.key), 404, 'not_found')
    const v = await viewer(ws)
    expectForbidden(await vote(v.key, post.id), { permission: 'feedback.manage' })
    expect((await call('GET', `/v1/posts/${post.id}/votes`, v.key)).status).toBe(200)
    const reader = await keyWithScopes(ws, ['feedback:read'])
    expectForbidden(await vote(reader.key, post.id), { scope: 'feedback:write' })
    expectForbidden(await call('DELETE', `/v1/posts/${post.id}/votes`, reader.key), {
      scope: 'feedback:write',
    })
    const unrelated = await keyWithScopes(ws, ['contacts:write'])
    expectForbidden(await call('GET', `/v1/posts/${post.id}/votes`, unrelated.key), {
      scope: 'feedback:read',
    })

    const me = await contactOf(ws)
    const someone = await contactOf(ws)
    const mine = await vote(me.key, post.id)
    expect(mine.status, mine.text).toBe(201)
    expect(mine.body.vote.voter).toEqual({ type: 'contact', id: me.id })
    await vote(someone.key, post.id)
    await vote(ws.key, post.id)
    expect((await vote(me.key, staffPost.id)).status).toBe(403)
    expect((await vote(me.key, post.id, { contactId: someone.id })).status).toBe(403)
    expect((await vote(me.key, post.id, { source: 'call' })).status).toBe(403)
    const seen = await call('GET', `/v1/posts/${post.id}/votes`, me.key)
    expect(seen.body.data.map((x: { voter: { id: string } }) => x.voter.id)).toEqual([me.id])
    expect((await call('DELETE', `/v1/posts/${post.id}/votes?contactId=${someone.id}`, me.key)).status).toBe(
      403,
    )
    expect((await call('DELETE', `/v1/posts/${post.id}/votes`, me.key)).body).toEqual({ voteCount: 2 })
  })
})

describe('comments', () => {
  const comment = (key: string, postId: string, body: Record<string, unknown>) =>
    call('POST', `/v1/posts/${postId}/comments`, key, body)
  const bodies = (res: Res) => res.body.data.map((c: { body: string | null }) => c.body)

  it('threads comments, keeps private ones from contacts everywhere, edits, and shows removed ones as removed', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const post = await makePost(ws.key, { boardId: board.id })
    const me = await contactOf(ws)
    const first = await comment(me.key, post.id, { body: '  Same here ' })
    expect(first.status, first.text).toBe(201)
    expect(first.body).toEqual({
      id: expect.stringMatching(/^cmt_/),
      postId: post.id,
      parentId: null,
      body: 'Same here',
      visibility: 'public',
      author: { type: 'contact', id: me.id },
      removed: false,
      reactions: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    // Its author edits it until staff reply below it (feedback-comments.test.ts has the rest).
    const edited = await call('PATCH', `/v1/comments/${first.body.id}`, me.key, { body: 'Same here, weekly' })
    expect(edited.status, edited.text).toBe(200)
    expect(edited.body.body).toBe('Same here, weekly')
    const reply = await comment(ws.key, post.id, { body: 'Planned for Q1', parentId: first.body.id })
    expect(reply.body).toMatchObject({ parentId: first.body.id, author: { type: 'member', id: ws.memberId } })
    const note = await comment(ws.key, post.id, { body: 'Big customer, prioritise', private: true })
    expect(note.body.visibility).toBe('private')
    expect(bodies(await call('GET', `/v1/posts/${post.id}/comments`, ws.key))).toEqual([
      'Same here, weekly',
      'Planned for Q1',
      'Big customer, prioritise',
    ])
    expect(bodies(await call('GET', `/v1/posts/${post.id}/comments`, me.key))).toEqual([
      'Same here, weekly',
      'Planned for Q1',
    ])
    expectProblem(await call('GET', `/v1/comments/${note.body.id}`, me.key), 404, 'not_found')
    expect((await call('GET', `/v1/posts/${post.id}`, me.key)).body.commentCount).toBe(2)
    expect((await call('DELETE', `/v1/comments/${first.body.id}`, me.key)).status).toBe(204)
    const after = await call('GET', `/v1/posts/${post.id}/comments`, me.key)
    expect(after.body.data[0]).toMatchObject({ id: first.body.id, body: null, author: null, removed: true })
    expect((await call('GET', `/v1/posts/${post.id}`, ws.key)).body.commentCount).toBe(1)
    expect(await eventTypes(first.body.id)).toEqual(['comment.created', 'comment.updated', 'comment.deleted'])
    expect(await eventTypes(note.body.id)).toEqual(['comment.created'])
  })

  it('refuses bad input: blank body, a parent on another post, a locked or merged post, an archived board', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const post = await makePost(ws.key, { boardId: board.id })
    const otherPost = await makePost(ws.key, { boardId: board.id })
    const elsewhere = (await comment(ws.key, otherPost.id, { body: 'x' })).body
    expectProblem(await comment(ws.key, post.id, { body: '   ' }), 400, 'validation_failed')
    expectProblem(await comment(ws.key, post.id, { body: '' }), 400, 'validation_failed')
    const wrongParent = await comment(ws.key, post.id, { body: 'x', parentId: elsewhere.id })
    expectProblem(wrongParent, 404, 'not_found')
    expect(wrongParent.body.errors[0].path).toBe('body.parentId')
    const locked = await makePost(ws.key, { boardId: board.id, locked: true })
    expectProblem(await comment(ws.key, locked.id, { body: 'x' }), 409, 'post_locked')
    await t.database.db.update(posts).set({ mergedIntoId: post.id }).where(eq(posts.id, otherPost.id))
    expectProblem(await comment(ws.key, otherPost.id, { body: 'x' }), 409, 'post_merged')
    await call('PATCH', `/v1/boards/${board.id}`, ws.key, { archived: true })
    expectProblem(await comment(ws.key, post.id, { body: 'x' }), 409, 'board_archived')
  })

  it('security: no credentials, another workspace, wrong role, wrong scope, contacts by board access', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const closed = await makeBoard(ws.key, { access: { comment: 'staff' } })
    const post = await makePost(ws.key, { boardId: board.id })
    const closedPost = await makePost(ws.key, { boardId: closed.id })
    const mine = (await comment(ws.key, post.id, { body: 'staff comment' })).body
    expect((await comment('', post.id, { body: 'x' })).status).toBe(401)
    expect((await call('GET', `/v1/comments/${mine.id}`)).status).toBe(401)
    expectProblem(await comment(other.key, post.id, { body: 'x' }), 404, 'not_found')
    expectProblem(await call('GET', `/v1/posts/${post.id}/comments`, other.key), 404, 'not_found')
    expectProblem(await call('GET', `/v1/comments/${mine.id}`, other.key), 404, 'not_found')
    expectProblem(await call('PATCH', `/v1/comments/${mine.id}`, other.key, { body: 'x' }), 404, 'not_found')
    expectProblem(await call('DELETE', `/v1/comments/${mine.id}`, other.key), 404, 'not_found')
    const v = await viewer(ws)
    expectForbidden(await comment(v.key, post.id, { body: 'x' }), { permission: 'feedback.manage' })
    expectForbidden(await call('PATCH', `/v1/comments/${mine.id}`, v.key, { body: 'x' }), {
      permission: 'feedback.read',
    })
    expectForbidden(await call('DELETE', `/v1/comments/${mine.id}`, v.key), {
      permission: 'feedback.moderate',
    })
    const reader = await keyWithScopes(ws, ['feedback:read'])
    expectForbidden(await comment(reader.key, post.id, { body: 'x' }), { scope: 'feedback:write' })
    const unrelated = await keyWithScopes(ws, ['contacts:write'])
    expectForbidden(await call('GET', `/v1/posts/${post.id}/comments`, unrelated.key), {
      scope: 'feedback:read',
    })
    const me = await contactOf(ws)
    expect((await comment(me.key, closedPost.id, { body: 'x' })).status).toBe(403)
    expect((await comment(me.key, post.id, { body: 'x', private: true })).status).toBe(403)
    expect((await call('PATCH', `/v1/comments/${mine.id}`, me.key, { body: 'x' })).status).toBe(403)
    expect((await call('DELETE', `/v1/comments/${mine.id}`, me.key)).status).toBe(403)
    const hidden = await makeBoard(ws.key, { visibility: { audience: 'staff' } })
    const hiddenPost = await makePost(ws.key, { boardId: hidden.id })
    const hiddenComment = (await comment(ws.key, hiddenPost.id, { body: 'internal' })).body
    expectProblem(await call('GET', `/v1/comments/${hiddenComment.id}`, me.key), 404, 'not_found')
    expectProblem(await call('GET', `/v1/posts/${hiddenPost.id}/comments`, me.key), 404, 'not_found')
  })
})

describe('merge and unmerge', () => {
  it('moves votes (each person once) and comments, resolves the source to the target, and unmerge restores', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const source = await makePost(ws.key, { boardId: board.id, title: 'CSV export' })
    const target = await makePost(ws.key, { boardId: board.id, title: 'Export to spreadsheets' })
    const [a, b, both] = await Promise.all([0, 1, 2].map(() => newContact(ws.workspaceId)))
    for (const c of [a!, both!])
      await call('POST', `/v1/posts/${source.id}/votes`, ws.key, { contactId: c.id })
    for (const c of [b!, both!])
      await call('POST', `/v1/posts/${target.id}/votes`, ws.key, { contactId: c.id })
    const note = (await call('POST', `/v1/posts/${source.id}/comments`, ws.key, { body: 'from the source' }))
      .body
    const merged = await call('POST', `/v1/posts/${source.id}/merge`, ws.key, { targetPostId: target.id })
    expect(merged.status, merged.text).toBe(200)
    expect(merged.body).toMatchObject({ id: target.id, voteCount: 3, commentCount: 1 })
    const resolved = await call('GET', `/v1/posts/${source.id}`, ws.key)
    expect(resolved.body.id).toBe(target.id)
    expect(resolved.headers.get('content-location')).toBe(`/v1/posts/${target.id}`)
    expect(postIds(await call('GET', '/v1/posts', ws.key))).toEqual([target.id])
    expect((await call('GET', `/v1/comments/${note.id}`, ws.key)).body.postId).toBe(target.id)
    expect(await eventTypes(target.id)).toContain('post.merged')

    const unmerged = await call('POST', `/v1/posts/${source.id}/unmerge`, ws.key)
    expect(unmerged.status, unmerged.text).toBe(200)
    expect(unmerged.body).toMatchObject({ id: source.id, mergedIntoId: null, voteCount: 2, commentCount: 1 })
    expect((await call('GET', `/v1/posts/${target.id}`, ws.key)).body).toMatchObject({
      voteCount: 2,
      commentCount: 0,
    })
    expect((await call('GET', `/v1/comments/${note.id}`, ws.key)).body.postId).toBe(source.id)
    expect(await eventTypes(source.id)).toContain('post.unmerged')
    const [row] = await t.database.db
      .select({ trending: posts.trending })
      .from(posts)
      .where(eq(posts.id, source.id))
    expect(Number.isFinite(row!.trending)).toBe(true)
  })

  it('refuses merging into itself, with a merged post (a cycle), a missing target, and unmerging a post never merged', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const a = await makePost(ws.key, { boardId: board.id })
    const b = await makePost(ws.key, { boardId: board.id })
    const c = await makePost(ws.key, { boardId: board.id })
    const merge = (from: string, to: string) =>
      call('POST', `/v1/posts/${from}/merge`, ws.key, { targetPostId: to })
    expectProblem(await merge(a.id, a.id), 422, 'merge_into_self')
    expectProblem(await call('POST', `/v1/posts/${a.id}/unmerge`, ws.key), 409, 'post_not_merged')
    expect((await merge(a.id, b.id)).status).toBe(200)
    expectProblem(await merge(b.id, a.id), 422, 'merge_with_merged')
    expectProblem(await merge(a.id, c.id), 422, 'merge_with_merged')
    const missing = await merge(c.id, 'post_01jh2x3y4z5a6b7c8d9e0f1g2h')
    expectProblem(missing, 404, 'not_found')
    expect(missing.body.errors[0].path).toBe('body.targetPostId')
    expectProblem(await call('PATCH', `/v1/posts/${a.id}`, ws.key, { title: 'x' }), 409, 'post_merged')
  })

  it('security: no credentials, another workspace, wrong role, wrong scope, a contact', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const a = await makePost(ws.key, { boardId: board.id })
    const b = await makePost(ws.key, { boardId: board.id })
    expect((await call('POST', `/v1/posts/${a.id}/merge`, undefined, { targetPostId: b.id })).status).toBe(
      401,
    )
    expect((await call('POST', `/v1/posts/${a.id}/unmerge`)).status).toBe(401)
    expectProblem(
      await call('POST', `/v1/posts/${a.id}/merge`, other.key, { targetPostId: b.id }),
      404,
      'not_found',
    )
    expectProblem(await call('POST', `/v1/posts/${a.id}/unmerge`, other.key), 404, 'not_found')
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    expectForbidden(await call('POST', `/v1/posts/${a.id}/merge`, agent.key, { targetPostId: b.id }), {
      permission: 'feedback.moderate',
    })
    const reader = await keyWithScopes(ws, ['feedback:read'])
    expectForbidden(await call('POST', `/v1/posts/${a.id}/merge`, reader.key, { targetPostId: b.id }), {
      scope: 'feedback:write',
    })
    const me = await contactOf(ws)
    expect((await call('POST', `/v1/posts/${a.id}/merge`, me.key, { targetPostId: b.id })).status).toBe(403)
    expect((await call('POST', `/v1/posts/${a.id}/unmerge`, me.key)).status).toBe(403)
  })
})

describe('similar posts and search', () => {
  it('finds similar posts while typing, only among readable live posts', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const hidden = await makeBoard(ws.key, { visibility: { audience: 'staff' } })
    const csv = await makePost(ws.key, {
      boardId: board.id,
      title: 'Export reports to CSV',
      body: 'monthly exports',
    })
    const dark = await makePost(ws.key, { boardId: board.id, title: 'Dark mode' })
    const secret = await makePost(ws.key, { boardId: hidden.id, title: 'Export invoices for auditors' })
    const similar = (key: string, title: string) =>
      call('GET', `/v1/posts/similar?title=${encodeURIComponent(title)}`, key)
    const res = await similar(ws.key, 'exporting a rep')
    expect(res.status, res.text).toBe(200)
    expect(res.body.data.map((d: { post: { id: string } }) => d.post.id)).toEqual(
      expect.arrayContaining([csv.id, secret.id]),
    )
    expect(res.body.data.map((d: { post: { id: string } }) => d.post.id)).not.toContain(dark.id)
    expect(res.body.data[0].post.id).toBe(csv.id)
    expect(res.body.data[0].score).toBeGreaterThan(0)
    const me = await contactOf(ws)
    const seen = await similar(me.key, 'export')
    expect(seen.body.data.map((d: { post: { id: string } }) => d.post.id)).toEqual([csv.id])
    expect((await similar(ws.key, '!!!')).body.data).toEqual([])
    expectProblem(await call('GET', '/v1/posts/similar', ws.key), 400, 'validation_failed')
    expect((await call('GET', '/v1/posts/similar?title=x')).status).toBe(401)
    const other = await t.newWorkspace()
    expect((await similar(other.key, 'export')).body.data).toEqual([])
  })

  it('searches posts and comments with ranked, highlighted snippets, never leaking private comments or hidden boards', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const hidden = await makeBoard(ws.key, { visibility: { audience: 'staff' } })
    const post = await makePost(ws.key, {
      boardId: board.id,
      title: 'Kanban view',
      body: 'A kanban board for tasks',
    })
    await makePost(ws.key, { boardId: hidden.id, title: 'Kanban for the roadmap team' })
    const open = (await call('POST', `/v1/posts/${post.id}/comments`, ws.key, { body: 'Kanban please!' }))
      .body
    await call('POST', `/v1/posts/${post.id}/comments`, ws.key, {
      body: 'kanban is for Acme, secret',
      private: true,
    })
    const res = await call('GET', '/v1/search?q=kanban', ws.key)
    expect(res.status, res.text).toBe(200)
    expect(res.body.data).toHaveLength(4)
    expect(res.body.nextCursor).toBeNull()
    const hit = res.body.data.find((h: { id: string }) => h.id === post.id)
    expect(hit).toMatchObject({ type: 'post', postId: post.id, title: 'Kanban view' })
    expect(hit.snippet).toContain('<mark>Kanban</mark>')
    const ranks = res.body.data.map((h: { rank: number }) => h.rank)
    expect(ranks).toEqual([...ranks].sort((x: number, y: number) => y - x))
    const me = await contactOf(ws)
    const mine = await call('GET', '/v1/search?q=kanban', me.key)
    expect(mine.body.data.map((h: { id: string }) => h.id).sort()).toEqual([post.id, open.id].sort())
    expect(JSON.stringify(mine.body)).not.toContain('secret')
    expect(JSON.stringify(mine.body)).not.toContain('roadmap')
    const onlyComments = await call('GET', '/v1/search?q=kanban&types=comments', me.key)
    expect(onlyComments.body.data.map((h: { type: string }) => h.type)).toEqual(['comment'])
    expectProblem(await call('GET', '/v1/search?q=kanban&types=widgets', ws.key), 400, 'validation_failed')
    expectProblem(await call('GET', '/v1/search', ws.key), 400, 'validation_failed')
    expectProblem(await call('GET', '/v1/search?q=%20', ws.key), 400, 'validation_failed')
    expect((await call('GET', '/v1/search?q=kanban')).status).toBe(401)
    const other = await t.newWorkspace()
    expect((await call('GET', '/v1/search?q=kanban', other.key)).body.data).toEqual([])
    const unrelated = await keyWithScopes(ws, ['contacts:read'])
    expect((await call('GET', '/v1/search?q=kanban', unrelated.key)).status).toBe(403)
  })
})

describe('anonymous visitors (a widget profile’s publishable key)', () => {
  it('read public boards open to anyone, their posts and public comments, statuses and tags; nothing else, and change nothing', async () => {
    const ws = await t.newWorkspace()
    const origin = 'https://feedback-visitors.test'
    const profile = await call('POST', '/v1/widget-profiles', ws.key, {
      name: 'Portal',
      environment: 'production',
      allowedOrigins: [origin],
    })
    expect(profile.status, profile.text).toBe(201)
    const visit = (method: string, path: string, body?: unknown) =>
      call(method, path, profile.body.publishableKey, body, { origin })

    const open = await makeBoard(ws.key)
    const contactsOnly = await makeBoard(ws.key, { access: { view: 'contacts' } })
    const signedIn = await makeBoard(ws.key, { visibility: { audience: 'authenticated' } })
    const staffOnly = await makeBoard(ws.key, { visibility: { audience: 'staff' } })
    const shown = await makePost(ws.key, { boardId: open.id, title: 'Offline mode for the app' })
    const hidden = await Promise.all(
      [contactsOnly, signedIn, staffOnly].map((b) =>
        makePost(ws.key, { boardId: b.id, title: 'Offline sync' }),
      ),
    )
    const said = await call('POST', `/v1/posts/${shown.id}/comments`, ws.key, { body: 'Offline is planned' })
    expect(said.status, said.text).toBe(201)
    const note = await call('POST', `/v1/posts/${shown.id}/comments`, ws.key, {
      body: 'Offline internal estimate',
      private: true,
    })
    expect(note.status, note.text).toBe(201)

    const boards = await visit('GET', '/v1/boards')
    expect(boards.status, boards.text).toBe(200)
    expect(boards.body.data.map((b: { id: string }) => b.id)).toEqual([open.id])
    expect(boards.headers.get('access-control-allow-origin')).toBe(origin)
    const list = await visit('GET', '/v1/posts')
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([shown.id])
    expect((await visit('GET', `/v1/posts/${shown.id}`)).status).toBe(200)
    for (const post of hidden) expect((await visit('GET', `/v1/posts/${post.id}`)).status).toBe(404)
    const comments = await visit('GET', `/v1/posts/${shown.id}/comments`)
    expect(comments.body.data.map((c: { id: string }) => c.id)).toEqual([said.body.id])
    const found = await visit('GET', '/v1/search?q=offline')
    expect(found.body.data.map((h: { id: string }) => h.id).sort()).toEqual([shown.id, said.body.id].sort())
    expect(JSON.stringify(found.body)).not.toContain('internal')
    expect((await visit('GET', '/v1/post-statuses')).status).toBe(200)
    expect((await visit('GET', '/v1/tags')).status).toBe(200)

    // No change: posting, voting and commenting wait for the workspace's anonymous switches.
    expect((await visit('POST', '/v1/posts', { boardId: open.id, title: 'From a visitor' })).status).toBe(403)
    expect((await visit('POST', `/v1/posts/${shown.id}/votes`, {})).status).toBe(403)
    expect((await visit('POST', `/v1/posts/${shown.id}/comments`, { body: 'Me too' })).status).toBe(403)
    expect((await visit('GET', `/v1/posts/${shown.id}/votes`)).status).toBe(403)
    // Another site embedding the key gets nothing, and no CORS headers.
    const stolen = await call('GET', '/v1/boards', profile.body.publishableKey, undefined, {
      origin: 'https://elsewhere.test',
    })
    expectProblem(stolen, 403, 'origin_not_allowed')
    expect(stolen.headers.get('access-control-allow-origin')).toBeNull()
  })
})
