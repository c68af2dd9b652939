import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../src/auth/sessions'
import { auditEntries, events } from '../../src/db/schema'
import { createTestApp, expectProblem, newContact, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>
type Res = { status: number; body: any; text: string }

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

async function makePost(key: string, boardId: string, title: string, body?: string) {
  const res = await call('POST', '/v1/posts', key, { boardId, title, ...(body ? { body } : {}) })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string; title: string }
}

/** A workspace with a board and posts: two about CSV exports, one about dark mode. */
async function setup() {
  const ws = await t.newWorkspace()
  const board = await call('POST', '/v1/boards', ws.key, { name: 'Ideas' })
  expect(board.status, board.text).toBe(201)
  const post = await makePost(ws.key, board.body.id, 'Export reports to CSV', 'We need **CSV** exports.')
  const alike = await makePost(ws.key, board.body.id, 'CSV export of reports')
  const typo = await makePost(ws.key, board.body.id, 'Exporting reports as CSV files')
  const other = await makePost(ws.key, board.body.id, 'Dark mode for the dashboard')
  return { ws, boardId: board.body.id as string, post, alike, typo, other }
}

const ids = (res: Res) => res.body.data.map((d: { post: { id: string } }) => d.post.id)
const dup = (postId: string, otherId: string, action: 'dismiss' | 'restore') =>
  `/v1/posts/${postId}/duplicates/${otherId}/${action}`

describe('listPostDuplicates', () => {
  it('suggests alike posts closest first with score and reason; never the post itself or unrelated ones', async () => {
    const { ws, post, alike, typo, other } = await setup()
    const res = await call('GET', `/v1/posts/${post.id}/duplicates`, ws.key)
    expect(res.status, res.text).toBe(200)
    expect(ids(res)).toContain(alike.id)
    expect(ids(res)).toContain(typo.id)
    expect(ids(res)).not.toContain(post.id)
    expect(ids(res)).not.toContain(other.id)
    const first = res.body.data.find((d: { post: { id: string } }) => d.post.id === alike.id)
    // The same three words once stemmed (export, report, csv): full overlap.
    expect(first).toMatchObject({ score: 1, reason: 'shared_words', dismissedAt: null })
    const scores = res.body.data.map((d: { score: number }) => d.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0.3)
    const html = await call('GET', `/v1/posts/${alike.id}/duplicates?bodyFormat=html&limit=1`, ws.key)
    expect(html.status, html.text).toBe(200)
    expect(html.body.data).toHaveLength(1)
    expect(html.body.data[0].post).toMatchObject({
      id: post.id,
      bodyHtml: '<p>We need <strong>CSV</strong> exports.</p>\n',
    })
  })

  it('leaves out deleted and merged posts, and posts of another workspace', async () => {
    const { ws, boardId, post, alike, typo } = await setup()
    expect((await call('DELETE', `/v1/posts/${typo.id}`, ws.key)).status).toBe(204)
    const merged = await makePost(ws.key, boardId, 'Export of CSV reports')
    const target = await makePost(ws.key, boardId, 'Something else entirely')
    expect(
      (await call('POST', `/v1/posts/${merged.id}/merge`, ws.key, { targetPostId: target.id })).status,
    ).toBe(200)
    const elsewhere = await t.newWorkspace()
    const theirBoard = await call('POST', '/v1/boards', elsewhere.key, { name: 'Theirs' })
    const theirs = await makePost(elsewhere.key, theirBoard.body.id, 'Export reports to CSV')
    const res = await call('GET', `/v1/posts/${post.id}/duplicates`, ws.key)
    expect(ids(res)).toEqual([alike.id])
    expect(ids(res)).not.toContain(theirs.id)
  })

  it('accepting a suggestion is merging it: the merged post is no longer suggested', async () => {
    const { ws, post, alike } = await setup()
    const merge = await call('POST', `/v1/posts/${alike.id}/merge`, ws.key, { targetPostId: post.id })
    expect(merge.status, merge.text).toBe(200)
    const res = await call('GET', `/v1/posts/${post.id}/duplicates`, ws.key)
    expect(ids(res)).not.toContain(alike.id)
    expectProblem(await call('GET', `/v1/posts/${alike.id}/duplicates`, ws.key), 409, 'post_merged')
  })

  it('bad input: malformed post id, limit out of range, unknown dismissed value are 400; an unknown post 404', async () => {
    const { ws, post } = await setup()
    expectProblem(await call('GET', '/v1/posts/nope/duplicates', ws.key), 400, 'validation_failed')
    expectProblem(
      await call('GET', `/v1/posts/${post.id}/duplicates?limit=51`, ws.key),
      400,
      'validation_failed',
    )
    expectProblem(
      await call('GET', `/v1/posts/${post.id}/duplicates?limit=0`, ws.key),
      400,
      'validation_failed',
    )
    expectProblem(
      await call('GET', `/v1/posts/${post.id}/duplicates?dismissed=yes`, ws.key),
      400,
      'validation_failed',
    )
    expectProblem(
      await call('GET', '/v1/posts/post_01jh2x3y4z5a6b7c8d9e0f1g2h/duplicates', ws.key),
      404,
      'not_found',
    )
  })
})

describe('dismissPostDuplicate and restorePostDuplicate', () => {
  it('dismiss hides the pair from both posts’ lists, lists it with dismissed=true, emits and audits; restore brings it back', async () => {
    const { ws, post, alike } = await setup()
    const dismissed = await call('POST', dup(post.id, alike.id, 'dismiss'), ws.key)
    expect(dismissed.status, dismissed.text).toBe(200)
    expect(dismissed.body).toEqual({
      postId: post.id,
      otherPostId: alike.id,
      dismissed: true,
      dismissedAt: expect.any(String),
      dismissedByMemberId: ws.memberId,
    })
    expect(ids(await call('GET', `/v1/posts/${post.id}/duplicates`, ws.key))).not.toContain(alike.id)
    // Either order names the same pair.
    expect(ids(await call('GET', `/v1/posts/${alike.id}/duplicates`, ws.key))).not.toContain(post.id)
    const listed = await call('GET', `/v1/posts/${post.id}/duplicates?dismissed=true`, ws.key)
    expect(listed.status, listed.text).toBe(200)
    expect(ids(listed)).toEqual([alike.id])
    expect(listed.body.data[0].dismissedAt).toBe(dismissed.body.dismissedAt)
    expectProblem(await call('POST', dup(alike.id, post.id, 'dismiss'), ws.key), 409, 'duplicate_dismissed')
    expect(await eventTypes(post.id)).toContain('post.duplicate_dismissed')
    const audit = await t.database.db
      .select({ type: auditEntries.type })
      .from(auditEntries)
      .where(eq(auditEntries.resourceId, post.id))
    expect(audit.map((a) => a.type)).toContain('post.duplicate_dismissed')

    const restored = await call('POST', dup(alike.id, post.id, 'restore'), ws.key)
    expect(restored.status, restored.text).toBe(200)
    expect(restored.body).toEqual({
      postId: alike.id,
      otherPostId: post.id,
      dismissed: false,
      dismissedAt: null,
      dismissedByMemberId: null,
    })
    expect(await eventTypes(alike.id)).toContain('post.duplicate_restored')
    expect(ids(await call('GET', `/v1/posts/${post.id}/duplicates`, ws.key))).toContain(alike.id)
    expect(ids(await call('GET', `/v1/posts/${post.id}/duplicates?dismissed=true`, ws.key))).toEqual([])
    expectProblem(
      await call('POST', dup(post.id, alike.id, 'restore'), ws.key),
      409,
      'duplicate_not_dismissed',
    )
  })

  it('bad input: the same post twice 422, an unknown other post 404 naming it, a merged post 409, malformed ids 400', async () => {
    const { ws, boardId, post, alike } = await setup()
    for (const action of ['dismiss', 'restore'] as const) {
      expectProblem(await call('POST', dup(post.id, post.id, action), ws.key), 422, 'duplicate_of_self')
      const unknown = await call('POST', dup(post.id, 'post_01jh2x3y4z5a6b7c8d9e0f1g2h', action), ws.key)
      expectProblem(unknown, 404, 'not_found')
      expect(unknown.body.errors[0].path).toBe('params.otherPostId')
      expectProblem(
        await call('POST', dup(post.id, 'tag_01jh2x3y4z5a6b7c8d9e0f1g2h', action), ws.key),
        400,
        'validation_failed',
      )
    }
    const target = await makePost(ws.key, boardId, 'Another one')
    expect(
      (await call('POST', `/v1/posts/${alike.id}/merge`, ws.key, { targetPostId: target.id })).status,
    ).toBe(200)
    expectProblem(await call('POST', dup(post.id, alike.id, 'dismiss'), ws.key), 409, 'post_merged')
  })
})

describe('duplicates: security', () => {
  async function contactKey(ws: Workspace) {
    const contact = await newContact(ws.workspaceId)
    return (
      await createSession(
        t.database.db,
        { workspaceId: ws.workspaceId, contactId: contact.id },
        { ip: null, userAgent: null },
      )
    ).token
  }

  it('no credential 401; another workspace 404; a contact, a publishable key, a viewer and a read-only key 403', async () => {
    const { ws, post, alike } = await setup()
    const paths: Array<[string, string]> = [
      ['GET', `/v1/posts/${post.id}/duplicates`],
      ['POST', dup(post.id, alike.id, 'dismiss')],
      ['POST', dup(post.id, alike.id, 'restore')],
    ]
    const other = await t.newWorkspace()
    const contact = await contactKey(ws)
    const origin = 'https://duplicates-visitors.test'
    const profile = await call('POST', '/v1/widget-profiles', ws.key, {
      name: 'Portal',
      environment: 'production',
      allowedOrigins: [origin],
    })
    expect(profile.status, profile.text).toBe(201)
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const readOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['feedback:read'],
    })
    for (const [method, path] of paths) {
      expectProblem(await call(method, path), 401, 'unauthorized')
      expectProblem(await call(method, path, other.key), 404, 'not_found')
      expectProblem(await call(method, path, contact), 403, 'forbidden')
      expectProblem(
        await call(method, path, profile.body.publishableKey, undefined, { origin }),
        403,
        'forbidden',
      )
      const v = await call(method, path, viewer.key)
      expectProblem(v, 403, 'forbidden')
      expect(v.body.missingPermission).toBe('feedback.moderate')
      const k = await call(method, path, readOnly.key)
      expectProblem(k, 403, 'forbidden')
      expect(k.body.missingScope).toBe('feedback:write')
    }
  })
})

describe('listSimilarPosts with trigrams', () => {
  it('finds a post from a misspelt word that full-text search misses (reportz)', async () => {
    const { ws, post, other } = await setup()
    const res = await call('GET', '/v1/posts/similar?title=reportz', ws.key)
    expect(res.status, res.text).toBe(200)
    expect(res.body.data.map((d: { post: { id: string } }) => d.post.id)).toContain(post.id)
    expect(res.body.data.map((d: { post: { id: string } }) => d.post.id)).not.toContain(other.id)
    for (const d of res.body.data) {
      expect(d.score).toBeGreaterThan(0)
      expect(d.score).toBeLessThanOrEqual(1)
    }
    const exact = await call('GET', '/v1/posts/similar?title=dark%20mode', ws.key)
    expect(exact.body.data[0].post.id).toBe(other.id)
  })
})
