import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { hasLinkOrImage } from '../../src/areas/feedback/moderation-rules'
import { AnonymousLimiter } from '../../src/areas/feedback/settings'
import { createSession } from '../../src/auth/sessions'
import { auditEntries, events } from '../../src/db/schema'
import { votes } from '../../src/db/schema/feedback'
import type { ContactId, WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, randomClientIp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>
type Res = { status: number; body: any; headers: Headers; text: string }

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })

function expectForbidden(res: Res, missing: { permission?: string; scope?: string } = {}) {
  expectProblem(res, 403, 'forbidden')
  if (missing.permission) expect(res.body.missingPermission).toBe(missing.permission)
  if (missing.scope) expect(res.body.missingScope).toBe(missing.scope)
}

const eventsOf = async (resourceId: string, type: string) =>
  t.database.db
    .select({ data: events.data, actor: events.actorType })
    .from(events)
    .where(and(eq(events.resourceId, resourceId), eq(events.type, type)))
    .orderBy(events.occurredAt, events.id)

const auditOf = async (resourceId: string, type: string) =>
  t.database.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.resourceId, resourceId), eq(auditEntries.type, type)))

/** A contact of `ws` signed in to the portal. */
async function contactOf(ws: Workspace) {
  const contact = await newContact(ws.workspaceId)
  const session = await createSession(
    t.database.db,
    { workspaceId: ws.workspaceId as WorkspaceId, contactId: contact.id as ContactId },
    { ip: null, userAgent: null },
  )
  return { id: contact.id as string, key: session.token }
}

const member = (ws: Workspace, role: 'viewer' | 'agent' | 'supervisor', scopes?: string[]) =>
  t.newMember(ws.workspaceId, { roles: [{ role }], ...(scopes ? { scopes } : {}) })

const makeBoard = async (key: string, body: Record<string, unknown> = {}) => {
  const res = await call('POST', '/v1/boards', key, {
    name: `Board ${Math.random().toString(36).slice(2, 8)}`,
    ...body,
  })
  expect(res.status, res.text).toBe(201)
  return res.body
}

const makePost = async (key: string, body: Record<string, unknown>, headers?: Record<string, string>) => {
  const res = await call('POST', '/v1/posts', key, { title: 'Export to CSV', ...body }, headers)
  expect(res.status, res.text).toBe(201)
  return res.body
}

const settings = async (ws: Workspace, body: Record<string, unknown>) => {
  const res = await call('PATCH', '/v1/feedback/settings', ws.key, body)
  expect(res.status, res.text).toBe(200)
  return res.body
}

const ids = (res: Res) => res.body.data.map((p: { id: string }) => p.id)

const origin = 'https://portal.moderation.test'

/** A widget profile's publishable key, and a caller that uses it as one visitor from one address. */
async function visitorOf(ws: Workspace) {
  const profile = await call('POST', '/v1/widget-profiles', ws.key, {
    name: 'Portal',
    environment: 'production',
    allowedOrigins: [origin],
  })
  expect(profile.status, profile.text).toBe(201)
  const key = profile.body.publishableKey as string
  const as = (visitorId: string | undefined, ip = randomClientIp()) => ({
    visitorId,
    call: (method: string, path: string, body?: unknown) =>
      call(method, path, key, body, {
        origin,
        'cf-connecting-ip': ip,
        ...(visitorId ? { 'loopdesk-visitor-id': visitorId } : {}),
      }),
  })
  return { key, as, someone: () => as(randomUUID()) }
}

describe('hasLinkOrImage', () => {
  it('finds URLs, bare domains, emails, Markdown images and link definitions, HTML links and images, data URLs', () => {
    for (const text of [
      'see https://example.com/x',
      'go to www.example.org',
      'try example.com today',
      'mail me at someone@example.com',
      '![screenshot](shot.png)',
      '![screenshot][1]',
      '[1]: /relative/link',
      '<img src=x onerror=alert(1)>',
      '<a href="/x">here</a>',
      'data:image/png;base64,AAAA',
    ]) {
      expect(hasLinkOrImage(text), text).toBe(true)
    }
    for (const text of [
      'Export reports to CSV',
      'Works in node.js v20?',
      'a [bracket] and (parens)',
      '',
      null,
    ]) {
      expect(hasLinkOrImage(text), String(text)).toBe(false)
    }
  })
})

describe('AnonymousLimiter', () => {
  it('counts per key in windows of the given size and answers the seconds to wait past the limit', () => {
    let now = 1_000_000
    const limiter = new AnonymousLimiter(() => now)
    expect(limiter.hit('a', 2, 60)).toBe(0)
    expect(limiter.hit('a', 2, 60)).toBe(0)
    expect(limiter.hit('b', 2, 60)).toBe(0)
    expect(limiter.hit('a', 2, 60)).toBe(60)
    now += 30_000
    expect(limiter.hit('a', 2, 60)).toBe(30)
    now += 30_000
    expect(limiter.hit('a', 2, 60)).toBe(0)
  })
})

describe('feedback settings', () => {
  it('answers the defaults, changes what is given with previous values (event, audit), and honours If-Match', async () => {
    const ws = await t.newWorkspace()
    const first = await call('GET', '/v1/feedback/settings', ws.key)
    expect(first.status, first.text).toBe(200)
    expect(first.body).toEqual({
      anonymousVoting: false,
      anonymousPosting: false,
      anonymousCommenting: false,
      moderation: 'none',
      holdLinksAndImages: false,
      authorEdits: 'always',
      anonymousRateLimit: { limit: 20, windowSeconds: 3600 },
      updatedAt: null,
    })
    expect(first.headers.get('etag')).toBe('"0"')
    const stale = await call(
      'PATCH',
      '/v1/feedback/settings',
      ws.key,
      { moderation: 'all' },
      { 'if-match': '"3"' },
    )
    expectProblem(stale, 412, 'precondition_failed')
    const changed = await call(
      'PATCH',
      '/v1/feedback/settings',
      ws.key,
      {
        anonymousVoting: true,
        moderation: 'anonymous',
        authorEdits: 'until_activity',
        anonymousRateLimit: { limit: 5, windowSeconds: 600 },
      },
      { 'if-match': '"0"' },
    )
    expect(changed.status, changed.text).toBe(200)
    expect(changed.headers.get('etag')).toBe('"1"')
    expect(changed.body).toMatchObject({
      anonymousVoting: true,
      anonymousPosting: false,
      moderation: 'anonymous',
      authorEdits: 'until_activity',
      anonymousRateLimit: { limit: 5, windowSeconds: 600 },
      updatedAt: expect.any(String),
    })
    const again = await call(
      'PATCH',
      '/v1/feedback/settings',
      ws.key,
      { anonymousVoting: true, holdLinksAndImages: true },
      { 'if-match': '"1"' },
    )
    expect(again.status, again.text).toBe(200)
    expect(again.headers.get('etag')).toBe('"2"')
    const emitted = await eventsOf(ws.workspaceId, 'feedback_settings.updated')
    expect(emitted.map((e) => (e.data as any).previous)).toEqual([
      {
        anonymousVoting: false,
        moderation: 'none',
        authorEdits: 'always',
        'anonymousRateLimit.limit': 20,
        'anonymousRateLimit.windowSeconds': 3600,
      },
      { holdLinksAndImages: false },
    ])
    expect(await auditOf(ws.workspaceId, 'feedback_settings.updated')).toHaveLength(2)
    // Nothing changed: no event, same version.
    const same = await call('PATCH', '/v1/feedback/settings', ws.key, { moderation: 'anonymous' })
    expect(same.headers.get('etag')).toBe('"2"')
    expect(await eventsOf(ws.workspaceId, 'feedback_settings.updated')).toHaveLength(2)
    expect((await call('GET', '/v1/feedback/settings', ws.key)).body).toEqual(again.body)
  })

  it('queues concurrent first changes on one row: both apply, one version each', async () => {
    const ws = await t.newWorkspace()
    const [a, b] = await Promise.all([
      call('PATCH', '/v1/feedback/settings', ws.key, { anonymousVoting: true }),
      call('PATCH', '/v1/feedback/settings', ws.key, { anonymousPosting: true }),
    ])
    expect([a!.status, b!.status]).toEqual([200, 200])
    expect([a!.headers.get('etag'), b!.headers.get('etag')].sort()).toEqual(['"1"', '"2"'])
    const now = await call('GET', '/v1/feedback/settings', ws.key)
    expect(now.body).toMatchObject({ anonymousVoting: true, anonymousPosting: true })
    expect(await eventsOf(ws.workspaceId, 'feedback_settings.updated')).toHaveLength(2)
  })

  it('refuses bad input with 400s naming the field', async () => {
    const ws = await t.newWorkspace()
    for (const body of [
      {},
      { moderation: 'sometimes' },
      { authorEdits: 'maybe' },
      { anonymousVoting: 'yes' },
      { anonymousRateLimit: { limit: 0, windowSeconds: 60 } },
      { anonymousRateLimit: { limit: 5, windowSeconds: 10 } },
      { anonymousRateLimit: { limit: 5 } },
      { unknown: true },
    ]) {
      const res = await call('PATCH', '/v1/feedback/settings', ws.key, body)
      expectProblem(res, 400, 'validation_failed')
    }
  })

  it('security: no credentials, a visitor, a contact, another workspace, wrong role, wrong scope', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { moderation: 'all' })
    expectProblem(await call('GET', '/v1/feedback/settings'), 401, 'unauthorized')
    expectProblem(
      await call('PATCH', '/v1/feedback/settings', undefined, { moderation: 'none' }),
      401,
      'unauthorized',
    )
    const visitor = (await visitorOf(ws)).someone()
    expectForbidden(await visitor.call('GET', '/v1/feedback/settings'))
    expectForbidden(await visitor.call('PATCH', '/v1/feedback/settings', { anonymousPosting: true }))
    const contact = await contactOf(ws)
    expectForbidden(await call('GET', '/v1/feedback/settings', contact.key))
    expectForbidden(await call('PATCH', '/v1/feedback/settings', contact.key, { anonymousPosting: true }))
    // Another workspace reads and changes only its own.
    const other = await t.newWorkspace()
    expect((await call('GET', '/v1/feedback/settings', other.key)).body.moderation).toBe('none')
    await settings(other, { moderation: 'contacts' })
    expect((await call('GET', '/v1/feedback/settings', ws.key)).body.moderation).toBe('all')
    const viewer = await member(ws, 'viewer')
    expect((await call('GET', '/v1/feedback/settings', viewer.key)).status).toBe(200)
    expectForbidden(await call('PATCH', '/v1/feedback/settings', viewer.key, { moderation: 'none' }), {
      permission: 'feedback.manage',
    })
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['feedback:read'],
    })
    expect((await call('GET', '/v1/feedback/settings', reader.key)).status).toBe(200)
    expectForbidden(await call('PATCH', '/v1/feedback/settings', reader.key, { moderation: 'none' }), {
      scope: 'feedback:write',
    })
    const unrelated = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    expectForbidden(await call('GET', '/v1/feedback/settings', unrelated.key), { scope: 'feedback:read' })
    expect((await call('GET', '/v1/feedback/settings', ws.key)).body.moderation).toBe('all')
  })
})

describe('anonymous visitors', () => {
  it('post, vote and comment only where the board lets anyone AND the workspace switch is on', async () => {
    const ws = await t.newWorkspace()
    const open = await makeBoard(ws.key, { access: { post: 'anyone', vote: 'anyone', comment: 'anyone' } })
    const contactsOnly = await makeBoard(ws.key)
    const post = await makePost(ws.key, { boardId: open.id, title: 'Dark mode' })
    const closedPost = await makePost(ws.key, { boardId: contactsOnly.id, title: 'Light mode' })
    const widget = await visitorOf(ws)
    const visitor = widget.someone()
    // Switches off: the board's `anyone` is not enough.
    expectForbidden(await visitor.call('POST', '/v1/posts', { boardId: open.id, title: 'From a visitor' }))
    expectForbidden(await visitor.call('POST', `/v1/posts/${post.id}/votes`, {}))
    expectForbidden(await visitor.call('POST', `/v1/posts/${post.id}/comments`, { body: 'Me too' }))
    await settings(ws, { anonymousPosting: true, anonymousVoting: true, anonymousCommenting: true })
    // Switches on, but a board that admits only contacts.
    expectForbidden(
      await visitor.call('POST', '/v1/posts', { boardId: contactsOnly.id, title: 'From a visitor' }),
    )
    expectForbidden(await visitor.call('POST', `/v1/posts/${closedPost.id}/votes`, {}))
    expectForbidden(await visitor.call('POST', `/v1/posts/${closedPost.id}/comments`, { body: 'Me too' }))

    const created = await visitor.call('POST', '/v1/posts', { boardId: open.id, title: 'Keyboard shortcuts' })
    expect(created.status, created.text).toBe(201)
    expect(created.body).toMatchObject({ author: null, moderation: 'approved' })
    const [createdEvent] = await eventsOf(created.body.id, 'post.created')
    expect(createdEvent!.actor).toBe('visitor')
    // The event stream and the audit log name the visitor (its widget profile) as the actor.
    const stream = await call('GET', '/v1/events?type=post.created', ws.key)
    expect(stream.status, stream.text).toBe(200)
    expect(stream.body.data.find((e: any) => e.data.post.id === created.body.id).actor.type).toBe('visitor')
    const audit = await call('GET', '/v1/audit-log?actorType=visitor', ws.key)
    expect(audit.status, audit.text).toBe(200)
    expect(audit.body.data.map((a: any) => a.resource.id)).toContain(created.body.id)
    const voted = await visitor.call('POST', `/v1/posts/${post.id}/votes`, {})
    expect(voted.status, voted.text).toBe(201)
    expect(voted.body).toMatchObject({ voteCount: 1, vote: { voter: { type: 'visitor', id: null } } })
    expect(JSON.stringify(voted.body)).not.toContain(visitor.visitorId)
    const commented = await visitor.call('POST', `/v1/posts/${post.id}/comments`, { body: 'Please!' })
    expect(commented.status, commented.text).toBe(201)
    expect(commented.body.author).toBeNull()
    // One vote per visitor: the same id again is refused, another id counts.
    expectProblem(await visitor.call('POST', `/v1/posts/${post.id}/votes`, {}), 409, 'already_voted')
    const other = widget.someone()
    expect((await other.call('POST', `/v1/posts/${post.id}/votes`, {})).body.voteCount).toBe(2)
    // A visitor sees its own vote only; staff see both.
    const mine = await visitor.call('GET', `/v1/posts/${post.id}/votes`)
    expect(mine.status, mine.text).toBe(200)
    expect(mine.body.data).toHaveLength(1)
    expect((await call('GET', `/v1/posts/${post.id}/votes`, ws.key)).body.data).toHaveLength(2)
    // Takes it back.
    const unvoted = await visitor.call('DELETE', `/v1/posts/${post.id}/votes`)
    expect(unvoted.status, unvoted.text).toBe(200)
    expect(unvoted.body.voteCount).toBe(1)
    expectProblem(await visitor.call('DELETE', `/v1/posts/${post.id}/votes`), 404, 'not_found')
    const rows = await t.database.db.select().from(votes).where(eq(votes.postId, post.id))
    expect(rows.map((v) => v.visitorId)).toEqual([other.visitorId])
    // A visitor changes nothing it wrote: posts and comments have no anonymous author to edit them.
    expectForbidden(await visitor.call('PATCH', `/v1/posts/${created.body.id}`, { title: 'Changed' }))
    expectForbidden(await visitor.call('DELETE', `/v1/posts/${created.body.id}`))
    // A visitor may not vote for a contact.
    const contact = await contactOf(ws)
    expectForbidden(
      await visitor.call('POST', `/v1/posts/${created.body.id}/votes`, { contactId: contact.id }),
    )
  })

  it('count once when a post they voted for is merged into another they voted for, and unmerge restores', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { anonymousVoting: true })
    const board = await makeBoard(ws.key, { access: { vote: 'anyone' } })
    const source = await makePost(ws.key, { boardId: board.id, title: 'CSV export' })
    const target = await makePost(ws.key, { boardId: board.id, title: 'Export data' })
    const widget = await visitorOf(ws)
    const both = widget.someone()
    const one = widget.someone()
    for (const post of [source, target]) {
      expect((await both.call('POST', `/v1/posts/${post.id}/votes`, {})).status).toBe(201)
    }
    expect((await one.call('POST', `/v1/posts/${source.id}/votes`, {})).status).toBe(201)
    const merged = await call('POST', `/v1/posts/${source.id}/merge`, ws.key, { targetPostId: target.id })
    expect(merged.status, merged.text).toBe(200)
    expect(merged.body.voteCount).toBe(2)
    const unmerged = await call('POST', `/v1/posts/${source.id}/unmerge`, ws.key)
    expect(unmerged.status, unmerged.text).toBe(200)
    expect(unmerged.body.voteCount).toBe(2)
    expect((await call('GET', `/v1/posts/${target.id}`, ws.key)).body.voteCount).toBe(1)
  })

  it('may send Loopdesk-Visitor-Id from a browser: the preflight of an allowed origin admits it', async () => {
    const ws = await t.newWorkspace()
    const widgetOrigin = `https://w-${Math.random().toString(36).slice(2)}.moderation.test`
    const profile = await call('POST', '/v1/widget-profiles', ws.key, {
      name: 'Widget',
      environment: 'production',
      allowedOrigins: [widgetOrigin],
    })
    expect(profile.status, profile.text).toBe(201)
    const preflight = await t.request('OPTIONS', '/v1/posts/post_01jh2x3y4z5a6b7c8d9e0f1g2h/votes', {
      headers: {
        origin: widgetOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, loopdesk-visitor-id',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(widgetOrigin)
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'loopdesk-visitor-id',
    )
  })

  it('needs a well-formed Loopdesk-Visitor-Id to vote', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { anonymousVoting: true })
    const board = await makeBoard(ws.key, { access: { vote: 'anyone' } })
    const post = await makePost(ws.key, { boardId: board.id })
    const widget = await visitorOf(ws)
    const nameless = await widget.as(undefined).call('POST', `/v1/posts/${post.id}/votes`, {})
    expectProblem(nameless, 400, 'validation_failed')
    expect(nameless.body.errors[0].path).toBe('header.loopdesk-visitor-id')
    for (const bad of ['short', 'has spaces in it and more', 'x'.repeat(129), 'semi;colon-0123456789']) {
      const res = await widget.as(bad).call('POST', `/v1/posts/${post.id}/votes`, {})
      expectProblem(res, 400, 'validation_failed')
    }
    expect((await call('GET', `/v1/posts/${post.id}`, ws.key)).body.voteCount).toBe(0)
  })

  it('are limited per client address with 429 anonymous_rate_limited and Retry-After', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, {
      anonymousVoting: true,
      anonymousCommenting: true,
      anonymousRateLimit: { limit: 2, windowSeconds: 120 },
    })
    const board = await makeBoard(ws.key, { access: { vote: 'anyone', comment: 'anyone' } })
    const post = await makePost(ws.key, { boardId: board.id })
    const widget = await visitorOf(ws)
    const ip = randomClientIp()
    // Two visitors behind one address share its count.
    expect((await widget.as(randomUUID(), ip).call('POST', `/v1/posts/${post.id}/votes`, {})).status).toBe(
      201,
    )
    expect(
      (await widget.as(randomUUID(), ip).call('POST', `/v1/posts/${post.id}/comments`, { body: 'Hi' }))
        .status,
    ).toBe(201)
    const limited = await widget.as(randomUUID(), ip).call('POST', `/v1/posts/${post.id}/votes`, {})
    expectProblem(limited, 429, 'anonymous_rate_limited')
    const wait = Number(limited.headers.get('retry-after'))
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(120)
    // Another address is not affected, nor reads, nor staff.
    expect((await widget.as(randomUUID()).call('POST', `/v1/posts/${post.id}/votes`, {})).status).toBe(201)
    expect((await widget.as(randomUUID(), ip).call('GET', `/v1/posts/${post.id}`)).status).toBe(200)
    expect((await call('POST', `/v1/posts/${post.id}/votes`, ws.key, {})).status).toBe(201)
    expect((await call('GET', `/v1/posts/${post.id}`, ws.key)).body.voteCount).toBe(3)
  })
})

describe('moderation queue', () => {
  it('holds contacts’ posts as pending, visible only to their author and staff everywhere, until approved', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { moderation: 'contacts' })
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const stranger = await contactOf(ws)
    const widget = await visitorOf(ws)
    const visitor = widget.someone()
    const pending = await makePost(author.key, { boardId: board.id, title: 'Zeppelin integration' })
    expect(pending.moderation).toBe('pending')
    // Staff posts are not held.
    const staffPost = await makePost(ws.key, { boardId: board.id, title: 'Zeppelin roadmap' })
    expect(staffPost.moderation).toBe('approved')

    // The author sees it everywhere; staff too.
    for (const key of [author.key, ws.key]) {
      expect((await call('GET', `/v1/posts/${pending.id}`, key)).status).toBe(200)
      expect(ids(await call('GET', `/v1/posts?boardId=${board.id}`, key))).toContain(pending.id)
      expect(ids(await call('GET', '/v1/search?q=zeppelin', key))).toContain(pending.id)
      const similar = await call('GET', '/v1/posts/similar?title=zeppelin', key)
      expect(similar.body.data.map((s: any) => s.post.id)).toContain(pending.id)
      expect((await call('GET', `/v1/posts/${pending.id}/votes`, key)).status).toBe(200)
    }
    // Anyone else: nowhere.
    const others = [
      (path: string) => call('GET', path, stranger.key),
      (path: string) => visitor.call('GET', path),
    ]
    for (const get of others) {
      expectProblem(await get(`/v1/posts/${pending.id}`), 404, 'not_found')
      expect(ids(await get(`/v1/posts?boardId=${board.id}`))).toEqual([staffPost.id])
      expect(ids(await get('/v1/search?q=zeppelin'))).toEqual([staffPost.id])
      const similar = await get('/v1/posts/similar?title=zeppelin')
      expect(similar.body.data.map((s: any) => s.post.id)).toEqual([staffPost.id])
      expectProblem(await get(`/v1/posts/${pending.id}/votes`), 404, 'not_found')
      expectProblem(await get(`/v1/posts/${pending.id}/comments`), 404, 'not_found')
    }
    // Nobody but staff votes on it meanwhile.
    expectProblem(await call('POST', `/v1/posts/${pending.id}/votes`, stranger.key, {}), 404, 'not_found')

    const approved = await call('POST', `/v1/posts/${pending.id}/approve`, ws.key)
    expect(approved.status, approved.text).toBe(200)
    expect(approved.body).toMatchObject({ moderation: 'approved', moderationReason: null })
    expect(approved.headers.get('etag')).toBe('"2"')
    const [event] = await eventsOf(pending.id, 'post.approved')
    expect((event!.data as any).previousModeration).toBe('pending')
    expect(await auditOf(pending.id, 'post.approved')).toHaveLength(1)
    for (const get of others) expect((await get(`/v1/posts/${pending.id}`)).status).toBe(200)
    expectProblem(await call('POST', `/v1/posts/${pending.id}/approve`, ws.key), 409, 'post_already_approved')
  })

  it('shows an anonymous visitor its own pending post by its visitor id, and no one else’s', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { anonymousPosting: true, moderation: 'anonymous' })
    const board = await makeBoard(ws.key, { access: { post: 'anyone' } })
    const widget = await visitorOf(ws)
    const writer = widget.someone()
    const created = await writer.call('POST', '/v1/posts', { boardId: board.id, title: 'Nebula theme' })
    expect(created.status, created.text).toBe(201)
    expect(created.body.moderation).toBe('pending')
    expect((await writer.call('GET', `/v1/posts/${created.body.id}`)).status).toBe(200)
    expect(ids(await writer.call('GET', `/v1/posts?boardId=${board.id}`))).toEqual([created.body.id])
    expect(ids(await writer.call('GET', '/v1/search?q=nebula'))).toEqual([created.body.id])
    for (const other of [widget.someone(), widget.as(undefined)]) {
      expectProblem(await other.call('GET', `/v1/posts/${created.body.id}`), 404, 'not_found')
      expect(ids(await other.call('GET', `/v1/posts?boardId=${board.id}`))).toEqual([])
      expect(ids(await other.call('GET', '/v1/search?q=nebula'))).toEqual([])
    }
    // Approved, everyone sees it.
    expect((await call('POST', `/v1/posts/${created.body.id}/approve`, ws.key)).status).toBe(200)
    expect((await widget.as(undefined).call('GET', `/v1/posts/${created.body.id}`)).status).toBe(200)
  })

  it('rejects with a reason or as spam; the rejected post stays with its author and staff; only pending posts are rejected', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { moderation: 'all' })
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const stranger = await contactOf(ws)
    const first = await makePost(author.key, { boardId: board.id, title: 'Buy cheap watches' })
    const second = await makePost(author.key, { boardId: board.id, title: 'Duplicate idea' })
    for (const body of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(1001) },
      { reason: 'ok', spam: 'yes' },
    ]) {
      expectProblem(
        await call('POST', `/v1/posts/${first.id}/reject`, ws.key, body),
        400,
        'validation_failed',
      )
    }
    const spam = await call('POST', `/v1/posts/${first.id}/reject`, ws.key, {
      reason: 'Advertising',
      spam: true,
    })
    expect(spam.status, spam.text).toBe(200)
    expect(spam.body).toMatchObject({ moderation: 'spam', moderationReason: 'Advertising' })
    const rejected = await call('POST', `/v1/posts/${second.id}/reject`, ws.key, {
      reason: 'Already planned',
    })
    expect(rejected.body).toMatchObject({ moderation: 'rejected', moderationReason: 'Already planned' })
    const [event] = await eventsOf(second.id, 'post.rejected')
    expect(event!.data).toMatchObject({ previousModeration: 'pending', reason: 'Already planned' })
    expect(await auditOf(second.id, 'post.rejected')).toHaveLength(1)
    expect((await call('GET', `/v1/posts/${second.id}`, author.key)).body.moderationReason).toBe(
      'Already planned',
    )
    expectProblem(await call('GET', `/v1/posts/${second.id}`, stranger.key), 404, 'not_found')
    expect(ids(await call('GET', '/v1/posts?moderation=rejected', ws.key))).toEqual([second.id])
    expectProblem(
      await call('POST', `/v1/posts/${second.id}/reject`, ws.key, { reason: 'Again' }),
      409,
      'post_not_pending',
    )
    // A moderator may change their mind: a rejected post can be approved.
    expect((await call('POST', `/v1/posts/${second.id}/approve`, ws.key)).body.moderation).toBe('approved')
    expectProblem(
      await call('POST', `/v1/posts/${second.id}/reject`, ws.key, { reason: 'Now' }),
      409,
      'post_not_pending',
    )
    // A merged post is refused.
    const target = await makePost(ws.key, { boardId: board.id, title: 'Target' })
    const merged = await makePost(author.key, { boardId: board.id, title: 'Will merge' })
    expect(
      (await call('POST', `/v1/posts/${merged.id}/merge`, ws.key, { targetPostId: target.id })).status,
    ).toBe(200)
    expectProblem(await call('POST', `/v1/posts/${merged.id}/approve`, ws.key), 409, 'post_merged')
    expectProblem(
      await call('POST', '/v1/posts/post_01jh2x3y4z5a6b7c8d9e0f1g2h/approve', ws.key),
      404,
      'not_found',
    )
    expectProblem(
      await call('POST', '/v1/posts/brd_01jh2x3y4z5a6b7c8d9e0f1g2h/approve', ws.key),
      400,
      'validation_failed',
    )
  })

  it('follows the board’s rule over the workspace’s, holds links and images, and never holds moderators', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { moderation: 'anonymous', anonymousPosting: true })
    const inherits = await makeBoard(ws.key, { access: { post: 'anyone' } })
    const strict = await makeBoard(ws.key, { access: { post: 'anyone' }, moderation: 'all' })
    const lax = await makeBoard(ws.key, { access: { post: 'anyone' }, moderation: 'none' })
    expect(strict.moderation).toBe('all')
    const contact = await contactOf(ws)
    const agent = await member(ws, 'agent')
    const supervisor = await member(ws, 'supervisor')
    const visitor = (await visitorOf(ws)).someone()
    const moderationOf = async (key: string | null, boardId: string, extra: Record<string, unknown> = {}) => {
      const res = key
        ? await call('POST', '/v1/posts', key, { boardId, title: 'An idea', ...extra })
        : await visitor.call('POST', '/v1/posts', { boardId, title: 'An idea', ...extra })
      expect(res.status, res.text).toBe(201)
      return res.body.moderation
    }
    expect(await moderationOf(null, inherits.id)).toBe('pending')
    expect(await moderationOf(contact.key, inherits.id)).toBe('approved')
    expect(await moderationOf(contact.key, strict.id)).toBe('pending')
    expect(await moderationOf(agent.key, strict.id)).toBe('pending')
    expect(await moderationOf(supervisor.key, strict.id)).toBe('approved')
    expect(await moderationOf(null, lax.id)).toBe('approved')
    // The board goes back to following the workspace.
    const back = await call('PATCH', `/v1/boards/${strict.id}`, ws.key, { moderation: null })
    expect(back.body.moderation).toBeNull()
    expect(await moderationOf(contact.key, strict.id)).toBe('approved')
    expectProblem(
      await call('PATCH', `/v1/boards/${strict.id}`, ws.key, { moderation: 'often' }),
      400,
      'validation_failed',
    )

    await settings(ws, { holdLinksAndImages: true })
    expect(await moderationOf(contact.key, lax.id, { body: 'See https://example.com/spec' })).toBe('pending')
    expect(await moderationOf(contact.key, lax.id, { body: '![mock](https://cdn.test/a.png)' })).toBe(
      'pending',
    )
    expect(await moderationOf(contact.key, lax.id, { body: '<img src="x.png">' })).toBe('pending')
    expect(await moderationOf(contact.key, lax.id, { title: 'Like cheap-watches.com' })).toBe('pending')
    expect(await moderationOf(contact.key, lax.id, { body: 'Plain words only' })).toBe('approved')
    expect(await moderationOf(null, lax.id, { body: 'www.example.org' })).toBe('pending')
    expect(await moderationOf(supervisor.key, lax.id, { body: 'https://example.com' })).toBe('approved')
  })

  it('sends an approved post back to the queue when its author edits a link or an image in', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { holdLinksAndImages: true })
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const reader = await contactOf(ws)
    const post = await makePost(author.key, { boardId: board.id, body: 'Plain' })
    expect(post.moderation).toBe('approved')
    const plain = await call('PATCH', `/v1/posts/${post.id}`, author.key, { body: 'Still plain' })
    expect(plain.body.moderation).toBe('approved')
    const linked = await call('PATCH', `/v1/posts/${post.id}`, author.key, {
      body: 'Buy at https://spam.test',
    })
    expect(linked.status, linked.text).toBe(200)
    expect(linked.body.moderation).toBe('pending')
    const updates = await eventsOf(post.id, 'post.updated')
    expect((updates.at(-1)!.data as any).previous).toEqual({ body: 'Still plain', moderation: 'approved' })
    expectProblem(await call('GET', `/v1/posts/${post.id}`, reader.key), 404, 'not_found')
    expect((await call('POST', `/v1/posts/${post.id}/approve`, ws.key)).status).toBe(200)
    // Staff edits never hold a post.
    const staff = await call('PATCH', `/v1/posts/${post.id}`, ws.key, { body: 'See https://docs.test' })
    expect(staff.body.moderation).toBe('approved')
  })

  it('security: no credentials, a visitor, contacts, another workspace, wrong role, wrong scope', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { moderation: 'contacts' })
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const pending = await makePost(author.key, { boardId: board.id })
    const stranger = await contactOf(ws)
    const visitor = (await visitorOf(ws)).someone()
    const approve = (key?: string) => call('POST', `/v1/posts/${pending.id}/approve`, key)
    const reject = (key?: string) => call('POST', `/v1/posts/${pending.id}/reject`, key, { reason: 'No' })
    expectProblem(await approve(), 401, 'unauthorized')
    expectProblem(await reject(), 401, 'unauthorized')
    expectProblem(await visitor.call('POST', `/v1/posts/${pending.id}/approve`), 404, 'not_found')
    expectProblem(
      await visitor.call('POST', `/v1/posts/${pending.id}/reject`, { reason: 'No' }),
      404,
      'not_found',
    )
    // Its author reads it but may not approve it; another contact does not see it.
    expectForbidden(await approve(author.key))
    expectForbidden(await reject(author.key))
    expectProblem(await approve(stranger.key), 404, 'not_found')
    const other = await t.newWorkspace()
    expectProblem(await approve(other.key), 404, 'not_found')
    expectProblem(await reject(other.key), 404, 'not_found')
    const agent = await member(ws, 'agent')
    expectForbidden(await approve(agent.key), { permission: 'feedback.moderate' })
    expectForbidden(await reject(agent.key), { permission: 'feedback.moderate' })
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['feedback:read'],
    })
    expectForbidden(await approve(reader.key), { scope: 'feedback:write' })
    expectForbidden(await reject(reader.key), { scope: 'feedback:write' })
    expect((await call('GET', `/v1/posts/${pending.id}`, ws.key)).body.moderation).toBe('pending')
    const supervisor = await member(ws, 'supervisor', ['feedback:write'])
    expect((await reject(supervisor.key)).status).toBe(200)
  })
})

describe('one-way boards', () => {
  it('show a contact or a visitor only its own posts (lists, reads, search, similar); staff see all', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { anonymousPosting: true })
    const board = await makeBoard(ws.key, { oneWay: true, access: { post: 'anyone' } })
    expect(board.oneWay).toBe(true)
    const alice = await contactOf(ws)
    const bob = await contactOf(ws)
    const widget = await visitorOf(ws)
    const visitor = widget.someone()
    const fromAlice = await makePost(alice.key, { boardId: board.id, title: 'Quasar billing question' })
    const fromBob = await makePost(bob.key, { boardId: board.id, title: 'Quasar invoice question' })
    const fromVisitor = await visitor.call('POST', '/v1/posts', { boardId: board.id, title: 'Quasar refund' })
    expect(fromVisitor.status, fromVisitor.text).toBe(201)
    const fromStaff = await makePost(ws.key, { boardId: board.id, title: 'Quasar announcement' })

    const sees = async (get: (path: string) => Promise<Res>, own: string[]) => {
      expect(ids(await get(`/v1/posts?boardId=${board.id}`)).sort()).toEqual([...own].sort())
      expect(ids(await get('/v1/search?q=quasar')).sort()).toEqual([...own].sort())
      const similar = await get('/v1/posts/similar?title=quasar')
      expect(similar.body.data.map((s: any) => s.post.id).sort()).toEqual([...own].sort())
    }
    await sees((p) => call('GET', p, alice.key), [fromAlice.id])
    await sees((p) => call('GET', p, bob.key), [fromBob.id])
    await sees((p) => visitor.call('GET', p), [fromVisitor.body.id])
    await sees((p) => widget.someone().call('GET', p), [])
    await sees((p) => widget.as(undefined).call('GET', p), [])
    await sees((p) => call('GET', p, ws.key), [fromAlice.id, fromBob.id, fromVisitor.body.id, fromStaff.id])
    expectProblem(await call('GET', `/v1/posts/${fromBob.id}`, alice.key), 404, 'not_found')
    expectProblem(await call('GET', `/v1/posts/${fromStaff.id}`, alice.key), 404, 'not_found')
    expectProblem(await visitor.call('GET', `/v1/posts/${fromAlice.id}`), 404, 'not_found')
    expect((await visitor.call('GET', `/v1/posts/${fromVisitor.body.id}`)).status).toBe(200)
    // A contact cannot vote or comment on what it cannot see.
    expectProblem(await call('POST', `/v1/posts/${fromBob.id}/votes`, alice.key, {}), 404, 'not_found')
    // Turning it off shows everyone's approved posts again.
    expect((await call('PATCH', `/v1/boards/${board.id}`, ws.key, { oneWay: false })).status).toBe(200)
    expect(ids(await call('GET', `/v1/posts?boardId=${board.id}`, alice.key)).length).toBe(4)
  })
})

describe('author edits', () => {
  it('until_activity: a contact edits and deletes its post until someone else votes or comments', async () => {
    const ws = await t.newWorkspace()
    await settings(ws, { authorEdits: 'until_activity' })
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const fan = await contactOf(ws)
    const post = await makePost(author.key, { boardId: board.id })
    expect(
      (await call('PATCH', `/v1/posts/${post.id}`, author.key, { title: 'Export to XLSX' })).status,
    ).toBe(200)
    // The author's own vote and comment are no one else's activity.
    expect((await call('POST', `/v1/posts/${post.id}/votes`, author.key, {})).status).toBe(201)
    expect(
      (await call('POST', `/v1/posts/${post.id}/comments`, author.key, { body: 'Also ODS' })).status,
    ).toBe(201)
    expect((await call('PATCH', `/v1/posts/${post.id}`, author.key, { title: 'Export to ODS' })).status).toBe(
      200,
    )
    expect((await call('POST', `/v1/posts/${post.id}/votes`, fan.key, {})).status).toBe(201)
    expectProblem(
      await call('PATCH', `/v1/posts/${post.id}`, author.key, { title: 'Other' }),
      409,
      'post_has_activity',
    )
    expectProblem(await call('DELETE', `/v1/posts/${post.id}`, author.key), 409, 'post_has_activity')
    // Staff are not bound by it.
    expect((await call('PATCH', `/v1/posts/${post.id}`, ws.key, { title: 'Export (staff)' })).status).toBe(
      200,
    )

    const commented = await makePost(author.key, { boardId: board.id, title: 'Commented' })
    expect((await call('POST', `/v1/posts/${commented.id}/comments`, ws.key, { body: 'Noted' })).status).toBe(
      201,
    )
    expectProblem(await call('DELETE', `/v1/posts/${commented.id}`, author.key), 409, 'post_has_activity')
  })

  it('never: a contact changes and deletes none of its posts (403 author_edits_disabled); always: it does', async () => {
    const ws = await t.newWorkspace()
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const post = await makePost(author.key, { boardId: board.id })
    await settings(ws, { authorEdits: 'never' })
    expectProblem(
      await call('PATCH', `/v1/posts/${post.id}`, author.key, { title: 'New' }),
      403,
      'author_edits_disabled',
    )
    expectProblem(await call('DELETE', `/v1/posts/${post.id}`, author.key), 403, 'author_edits_disabled')
    // Another contact still gets the plain refusal, and staff still change it.
    const other = await contactOf(ws)
    expectForbidden(await call('PATCH', `/v1/posts/${post.id}`, other.key, { title: 'New' }))
    expect((await call('PATCH', `/v1/posts/${post.id}`, ws.key, { title: 'Staff edit' })).status).toBe(200)
    await settings(ws, { authorEdits: 'always' })
    expect((await call('PATCH', `/v1/posts/${post.id}`, author.key, { title: 'New' })).status).toBe(200)
    expect((await call('DELETE', `/v1/posts/${post.id}`, author.key)).status).toBe(204)
  })
})
