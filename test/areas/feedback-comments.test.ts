import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkEmoji } from '../../src/areas/feedback/reactions'
import { events } from '../../src/db/schema'
import { commentReactions } from '../../src/db/schema/feedback'
import { draftsFor } from '../../src/notifications/kinds'
import { createTestApp, expectProblem, newContactSession, type TestApp } from '../harness'

/**
 * Comments, continued: emoji reactions, @mentions that notify members, edit history of comments and posts (and
 * the author's edit window), official responses, and a status change that carries a comment.
 */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>
type Res = { status: number; body: any; headers: Headers; text: string }

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })

function expectForbidden(res: Res, missing: { permission?: string; scope?: string }) {
  expect(res.status, res.text).toBe(403)
  expect(res.body.code).toBe('forbidden')
  if (missing.permission) expect(res.body.missingPermission).toBe(missing.permission)
  if (missing.scope) expect(res.body.missingScope).toBe(missing.scope)
}

const contactOf = (ws: Workspace) => newContactSession(t, ws.workspaceId)

const keyWithScopes = (ws: Workspace, scopes: string[]) =>
  t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes })

async function makeBoard(key: string, body: Record<string, unknown> = {}) {
  const res = await call('POST', '/v1/boards', key, {
    name: `Board ${Math.random().toString(36).slice(2, 8)}`,
    ...body,
  })
  expect(res.status, res.text).toBe(201)
  return res.body
}

async function makePost(key: string, body: Record<string, unknown>) {
  const res = await call('POST', '/v1/posts', key, { title: 'Export to CSV', ...body })
  expect(res.status, res.text).toBe(201)
  return res.body
}

async function makeComment(key: string, postId: string, body: Record<string, unknown>) {
  const res = await call('POST', `/v1/posts/${postId}/comments`, key, body)
  expect(res.status, res.text).toBe(201)
  return res.body
}

/** A workspace with a board open to contacts and a post on it. */
async function setup() {
  const ws = await t.newWorkspace()
  const board = await makeBoard(ws.key)
  const post = await makePost(ws.key, { boardId: board.id })
  return { ws, board, post }
}

const eventsOf = (resourceId: string, type: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.resourceId, resourceId), eq(events.type, type)))
    .orderBy(events.occurredAt, events.id)

/** A visitor's calls through a widget profile's publishable key. */
async function visitorOf(ws: Workspace) {
  const origin = 'https://comments-visitor.test'
  const profile = await call('POST', '/v1/widget-profiles', ws.key, {
    name: 'Portal',
    environment: 'production',
    allowedOrigins: [origin],
  })
  expect(profile.status, profile.text).toBe(201)
  return (method: string, path: string, body?: unknown) =>
    call(method, path, profile.body.publishableKey, body, { origin })
}

// ------------------------------------------------------------------------------------------- reactions

describe('emoji reactions', () => {
  const react = (key: string, commentId: string, emoji: string) =>
    call('POST', `/v1/comments/${commentId}/reactions`, key, { emoji })
  const unreact = (key: string, commentId: string, emoji: string) =>
    call('DELETE', `/v1/comments/${commentId}/reactions/${encodeURIComponent(emoji)}`, key)

  it('counts reactions per emoji, says whether the caller reacted, shows them on comments, and takes them back', async () => {
    const { ws, post } = await setup()
    const me = await contactOf(ws)
    const comment = await makeComment(me.key, post.id, { body: 'CSV please' })
    const first = await react(me.key, comment.id, '👍')
    expect(first.status, first.text).toBe(201)
    expect(first.body).toEqual({ data: [{ emoji: '👍', count: 1, reacted: true }] })
    expect((await react(ws.key, comment.id, '👍')).body.data).toEqual([
      { emoji: '👍', count: 2, reacted: true },
    ])
    const party = await react(ws.key, comment.id, '🎉')
    expect(party.body.data).toEqual([
      { emoji: '👍', count: 2, reacted: true },
      { emoji: '🎉', count: 1, reacted: true },
    ])
    // The contact's view: it reacted with 👍, not with 🎉.
    const mine = await call('GET', `/v1/comments/${comment.id}/reactions`, me.key)
    expect(mine.status, mine.text).toBe(200)
    expect(mine.body.data).toEqual([
      { emoji: '👍', count: 2, reacted: true },
      { emoji: '🎉', count: 1, reacted: false },
    ])
    const got = await call('GET', `/v1/comments/${comment.id}`, me.key)
    expect(got.body.reactions).toEqual(mine.body.data)
    const listed = await call('GET', `/v1/posts/${post.id}/comments`, ws.key)
    expect(listed.body.data[0].reactions).toEqual([
      { emoji: '👍', count: 2, reacted: true },
      { emoji: '🎉', count: 1, reacted: true },
    ])
    // Emoji with skin tones, flags, ZWJ sequences and keycaps are one grapheme each.
    for (const emoji of ['👍🏽', '🇩🇪', '👩‍💻', '1️⃣', '❤️']) {
      expect((await react(me.key, comment.id, emoji)).status, emoji).toBe(201)
    }
    const back = await unreact(me.key, comment.id, '👍')
    expect(back.status, back.text).toBe(200)
    expect(back.body.data[0]).toEqual({ emoji: '👍', count: 1, reacted: false })
    expect((await unreact(me.key, comment.id, '👩‍💻')).status).toBe(200)
    const added = await eventsOf(comment.id, 'comment.reaction_added')
    expect(added).toHaveLength(8)
    expect(added[0]!.data).toEqual({
      comment: { id: comment.id, postId: post.id },
      reaction: { emoji: '👍', reactor: { type: 'contact', id: me.id } },
      count: 1,
    })
    const removed = await eventsOf(comment.id, 'comment.reaction_removed')
    expect(removed.map((e) => (e.data as any).count)).toEqual([1, 0])
  })

  it('accepts one emoji grapheme only', () => {
    for (const good of ['👍', '🎉', '👍🏿', '🏳️‍🌈', '🇯🇵', '#️⃣', '👨‍👩‍👧‍👦']) {
      expect(checkEmoji(good, 'body.emoji')).toBe(good)
    }
    for (const bad of ['', 'a', 'ok', '👍👍', '#', '1', '\u200d', '👍 ', ':+1:', '\ufe0f']) {
      expect(() => checkEmoji(bad, 'body.emoji'), JSON.stringify(bad)).toThrow()
    }
  })

  it('refuses bad input: not an emoji, a second identical reaction, no such reaction, a removed comment, too many emoji', async () => {
    const { ws, post } = await setup()
    const comment = await makeComment(ws.key, post.id, { body: 'Shipping soon' })
    for (const emoji of ['a', '👍👍', '#', 'thumbs up']) {
      const res = await react(ws.key, comment.id, emoji)
      expectProblem(res, 400, 'validation_failed')
      expect(res.body.errors[0].path).toBe('body.emoji')
    }
    expectProblem(
      await call('POST', `/v1/comments/${comment.id}/reactions`, ws.key, {}),
      400,
      'validation_failed',
    )
    expect((await react(ws.key, comment.id, '👍')).status).toBe(201)
    expectProblem(await react(ws.key, comment.id, '👍'), 409, 'already_reacted')
    expectProblem(await unreact(ws.key, comment.id, '🎉'), 404, 'not_found')
    const badPath = await unreact(ws.key, comment.id, 'x')
    expectProblem(badPath, 400, 'validation_failed')
    expect(badPath.body.errors[0].path).toBe('params.emoji')
    expectProblem(await call('GET', '/v1/comments/cmt_nope/reactions', ws.key), 400, 'validation_failed')

    // At most 50 different emoji on a comment; more of an emoji already there is fine.
    const full = await makeComment(ws.key, post.id, { body: 'Popular' })
    const emoji = Array.from({ length: 50 }, (_, i) => String.fromCodePoint(0x1f600 + i))
    const other = await t.newMember(ws.workspaceId)
    await t.database.db.insert(commentReactions).values(
      emoji.map((e) => ({
        workspaceId: ws.workspaceId,
        commentId: full.id,
        emoji: e,
        memberId: other.memberId,
      })),
    )
    expectProblem(await react(ws.key, full.id, '🚀'), 409, 'reaction_limit_reached')
    expect((await react(ws.key, full.id, emoji[0]!)).status).toBe(201)

    expect((await call('DELETE', `/v1/comments/${comment.id}`, ws.key)).status).toBe(204)
    expectProblem(await react(ws.key, comment.id, '🎉'), 404, 'not_found')
    expectProblem(await unreact(ws.key, comment.id, '👍'), 404, 'not_found')
    const gone = await call('GET', `/v1/comments/${comment.id}`, ws.key)
    expect(gone.body).toMatchObject({ removed: true, body: null, reactions: [] })
    expect((await call('GET', `/v1/comments/${comment.id}/reactions`, ws.key)).body.data).toEqual([])
  })

  it('security: no credentials, another workspace, a visitor, a contact and a private comment, wrong role, wrong scope', async () => {
    const { ws, post } = await setup()
    const comment = await makeComment(ws.key, post.id, { body: 'Public' })
    const note = await makeComment(ws.key, post.id, { body: 'Staff only', private: true })
    expect((await react('', comment.id, '👍')).status).toBe(401)
    expect((await call('GET', `/v1/comments/${comment.id}/reactions`)).status).toBe(401)
    expect((await unreact('', comment.id, '👍')).status).toBe(401)
    const other = await t.newWorkspace()
    expectProblem(await react(other.key, comment.id, '👍'), 404, 'not_found')
    expectProblem(await call('GET', `/v1/comments/${comment.id}/reactions`, other.key), 404, 'not_found')
    expectProblem(await unreact(other.key, comment.id, '👍'), 404, 'not_found')
    const me = await contactOf(ws)
    expectProblem(await react(me.key, note.id, '👍'), 404, 'not_found')
    expectProblem(await call('GET', `/v1/comments/${note.id}/reactions`, me.key), 404, 'not_found')
    // Another person's reaction is not the contact's to take back.
    expect((await react(ws.key, comment.id, '👀')).status).toBe(201)
    expectProblem(await unreact(me.key, comment.id, '👀'), 404, 'not_found')
    // A visitor reads the comment and its reactions, and reacts not.
    const visit = await visitorOf(ws)
    expect((await visit('GET', `/v1/comments/${comment.id}/reactions`)).status).toBe(200)
    expectForbidden(await visit('POST', `/v1/comments/${comment.id}/reactions`, { emoji: '👍' }), {})
    expectForbidden(
      await visit('DELETE', `/v1/comments/${comment.id}/reactions/${encodeURIComponent('👀')}`),
      {},
    )
    // A member who cannot read feedback may read no comment at all (403 naming the permission).
    const role = await call('POST', '/v1/roles', ws.key, {
      name: 'Notes only',
      permissions: ['tickets.note'],
    })
    expect(role.status, role.text).toBe(201)
    const outsider = await t.newMember(ws.workspaceId, { roles: [{ role: role.body.id }] })
    expectForbidden(await react(outsider.key, comment.id, '👍'), { permission: 'feedback.read' })
    expectForbidden(await call('GET', `/v1/comments/${comment.id}/reactions`, outsider.key), {
      permission: 'feedback.read',
    })
    const reader = await keyWithScopes(ws, ['feedback:read'])
    expect((await call('GET', `/v1/comments/${comment.id}/reactions`, reader.key)).status).toBe(200)
    expectForbidden(await react(reader.key, comment.id, '👍'), { scope: 'feedback:write' })
    const unrelated = await keyWithScopes(ws, ['contacts:write'])
    expectForbidden(await call('GET', `/v1/comments/${comment.id}/reactions`, unrelated.key), {
      scope: 'feedback:read',
    })
    // A contact on a board it cannot see, and a viewer (reads feedback, so it reacts).
    const hidden = await makeBoard(ws.key, { visibility: { audience: 'staff' } })
    const hiddenPost = await makePost(ws.key, { boardId: hidden.id })
    const hiddenComment = await makeComment(ws.key, hiddenPost.id, { body: 'internal' })
    expectProblem(await react(me.key, hiddenComment.id, '👍'), 404, 'not_found')
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    expect((await react(viewer.key, comment.id, '👍')).status).toBe(201)
  })
})

// -------------------------------------------------------------------------------------------- mentions

describe('@mentions', () => {
  const draftsOf = async (commentId: string, type: 'comment.created' | 'comment.updated') => {
    const [event] = await eventsOf(commentId, type)
    expect(event, type).toBeDefined()
    // Only the mention drafts: subscribers of the post also hear of comments (feedback-subscriptions.test.ts).
    return (await draftsFor(t.database.db, event!)).filter((d) => d.kind === 'comment_mention')
  }

  it('notify the mentioned members who may read the post, never the author, and only new mentions on edit', async () => {
    const { ws, post } = await setup()
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const role = await call('POST', '/v1/roles', ws.key, { name: 'Tickets', permissions: ['tickets.note'] })
    const blind = await t.newMember(ws.workspaceId, { roles: [{ role: role.body.id }] })
    const stranger = await t.newWorkspace()
    const me = await contactOf(ws)
    const body = `Ping <@${agent.memberId}> and <@${blind.memberId}>, also <@${stranger.memberId}> and <@${agent.memberId}> again`
    const comment = await makeComment(me.key, post.id, { body })
    expect(comment.body).toBe(body)
    const [created] = await eventsOf(comment.id, 'comment.created')
    // A member of another workspace is no member here: plain text.
    expect((created!.data as any).mentions).toEqual([agent.memberId, blind.memberId])
    const drafts = await draftsOf(comment.id, 'comment.created')
    expect(drafts).toEqual([
      {
        kind: 'comment_mention',
        recipients: [agent.memberId],
        title: 'You were mentioned in a comment on “Export to CSV”',
        body: 'Ping @member and @member, also @member and @member again',
        resourceType: 'comment',
        resourceId: comment.id,
      },
    ])
    // The agent mentions itself and the viewer in a private note: only the viewer hears of it.
    const note = await makeComment(agent.key, post.id, {
      body: `<@${agent.memberId}> <@${viewer.memberId}> look`,
      private: true,
    })
    expect((await draftsOf(note.id, 'comment.created')).map((d) => d.recipients)).toEqual([[viewer.memberId]])
    // An edit notifies only those it newly mentions.
    const edited = await call('PATCH', `/v1/comments/${note.id}`, agent.key, {
      body: `<@${viewer.memberId}> and now <@${ws.memberId}>`,
    })
    expect(edited.status, edited.text).toBe(200)
    const [updated] = await eventsOf(note.id, 'comment.updated')
    expect((updated!.data as any).mentions).toEqual([ws.memberId])
    expect((await draftsOf(note.id, 'comment.updated')).map((d) => d.recipients)).toEqual([[ws.memberId]])
    // A comment without mentions notifies nobody.
    const plain = await makeComment(ws.key, post.id, { body: 'No one here' })
    expect(await draftsOf(plain.id, 'comment.created')).toEqual([])
  })

  it('a contact never writes a private comment, so never mentions into one', async () => {
    const { ws, post } = await setup()
    const me = await contactOf(ws)
    const res = await call('POST', `/v1/posts/${post.id}/comments`, me.key, {
      body: `<@${ws.memberId}> secret`,
      private: true,
    })
    expect(res.status).toBe(403)
    // Nor into a private thread: a staff note is no parent a contact can name.
    const note = await makeComment(ws.key, post.id, { body: 'internal', private: true })
    const reply = await call('POST', `/v1/posts/${post.id}/comments`, me.key, {
      body: `<@${ws.memberId}> hello`,
      parentId: note.id,
    })
    expectProblem(reply, 404, 'not_found')
    expect(reply.body.errors[0].path).toBe('body.parentId')
    const created = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, ws.workspaceId), eq(events.type, 'comment.created')))
    expect(created.map((e) => e.resourceId)).toEqual([note.id])
  })
})

// ---------------------------------------------------------------------------------------- edit history

describe('edit history', () => {
  const revisions = (key: string | undefined, path: string) => call('GET', `${path}/revisions`, key)

  it('keeps each former body of a comment, newest first, for staff and its author; paginates', async () => {
    const { ws, post } = await setup()
    const me = await contactOf(ws)
    const comment = await makeComment(me.key, post.id, { body: 'v1' })
    for (const body of ['v2', 'v3']) {
      expect((await call('PATCH', `/v1/comments/${comment.id}`, me.key, { body })).status).toBe(200)
    }
    // An edit that changes nothing keeps nothing.
    expect((await call('PATCH', `/v1/comments/${comment.id}`, me.key, { body: 'v3' })).status).toBe(200)
    const staff = await revisions(ws.key, `/v1/comments/${comment.id}`)
    expect(staff.status, staff.text).toBe(200)
    expect(staff.body).toEqual({
      data: [
        {
          id: expect.stringMatching(/^rev_/),
          body: 'v2',
          editedBy: { type: 'contact', id: me.id },
          editedAt: expect.any(String),
        },
        {
          id: expect.stringMatching(/^rev_/),
          body: 'v1',
          editedBy: { type: 'contact', id: me.id },
          editedAt: expect.any(String),
        },
      ],
      nextCursor: null,
    })
    expect((await revisions(me.key, `/v1/comments/${comment.id}`)).body.data).toHaveLength(2)
    const page = await call('GET', `/v1/comments/${comment.id}/revisions?limit=1&sort=editedAt`, ws.key)
    expect(page.body.data.map((r: { body: string }) => r.body)).toEqual(['v1'])
    const next = await call(
      'GET',
      `/v1/comments/${comment.id}/revisions?limit=1&sort=editedAt&cursor=${page.body.nextCursor}`,
      ws.key,
    )
    expect(next.body).toMatchObject({ data: [{ body: 'v2' }], nextCursor: null })
    const mine = await makeComment(ws.key, post.id, { body: 'staff v1' })
    await call('PATCH', `/v1/comments/${mine.id}`, ws.key, { body: 'staff v2' })
    expect((await revisions(ws.key, `/v1/comments/${mine.id}`)).body.data[0]).toMatchObject({
      body: 'staff v1',
      editedBy: { type: 'member', id: ws.memberId },
    })
  })

  it('keeps the former title and body of a post on each edit of either', async () => {
    const { ws, board } = await setup()
    const me = await contactOf(ws)
    const post = await makePost(me.key, { boardId: board.id, title: 'Dark mode', body: 'Please' })
    expect((await call('PATCH', `/v1/posts/${post.id}`, me.key, { title: 'Dark theme' })).status).toBe(200)
    expect(
      (await call('PATCH', `/v1/posts/${post.id}`, ws.key, { body: 'Please, for night work' })).status,
    ).toBe(200)
    expect((await call('PATCH', `/v1/posts/${post.id}`, ws.key, { pinned: true })).status).toBe(200)
    const res = await revisions(me.key, `/v1/posts/${post.id}`)
    expect(res.status, res.text).toBe(200)
    expect(res.body.data).toEqual([
      {
        id: expect.stringMatching(/^rev_/),
        title: 'Dark theme',
        body: 'Please',
        editedBy: { type: 'member', id: ws.memberId },
        editedAt: expect.any(String),
      },
      {
        id: expect.stringMatching(/^rev_/),
        title: 'Dark mode',
        body: 'Please',
        editedBy: { type: 'contact', id: me.id },
        editedAt: expect.any(String),
      },
    ])
  })

  it('lets a contact edit its comment until staff reply publicly below it (409 comment_has_staff_reply)', async () => {
    const { ws, post } = await setup()
    const me = await contactOf(ws)
    const comment = await makeComment(me.key, post.id, { body: 'Question' })
    const mine = await makeComment(me.key, post.id, { body: 'Follow-up', parentId: comment.id })
    // A private staff note below does not count: the contact could not see why.
    await makeComment(ws.key, post.id, { body: 'internal', parentId: mine.id, private: true })
    expect(
      (await call('PATCH', `/v1/comments/${comment.id}`, me.key, { body: 'Question, edited' })).status,
    ).toBe(200)
    // A public staff reply two levels down ends the edit window of both ancestors.
    const reply = await makeComment(ws.key, post.id, { body: 'Answer', parentId: mine.id })
    expectProblem(
      await call('PATCH', `/v1/comments/${comment.id}`, me.key, { body: 'again' }),
      409,
      'comment_has_staff_reply',
    )
    expectProblem(
      await call('PATCH', `/v1/comments/${mine.id}`, me.key, { body: 'again' }),
      409,
      'comment_has_staff_reply',
    )
    // Staff still edit their own; a removed staff reply reopens the window.
    expect((await call('PATCH', `/v1/comments/${reply.id}`, ws.key, { body: 'Answer, edited' })).status).toBe(
      200,
    )
    expect((await call('DELETE', `/v1/comments/${reply.id}`, ws.key)).status).toBe(204)
    expect(
      (await call('PATCH', `/v1/comments/${mine.id}`, me.key, { body: 'Follow-up, edited' })).status,
    ).toBe(200)
    // A removed comment keeps its place in the thread, shown as removed.
    const list = await call('GET', `/v1/posts/${post.id}/comments`, me.key)
    expect(list.body.data.map((c: any) => [c.id, c.parentId, c.removed, c.body])).toEqual([
      [comment.id, null, false, 'Question, edited'],
      [mine.id, comment.id, false, 'Follow-up, edited'],
      [reply.id, mine.id, true, null],
    ])
  })

  it('security: no credentials, another workspace, another contact, a visitor, wrong scope', async () => {
    const { ws, board } = await setup()
    const me = await contactOf(ws)
    const post = await makePost(me.key, { boardId: board.id, title: 'Mine' })
    const comment = await makeComment(me.key, post.id, { body: 'x' })
    const paths = [`/v1/comments/${comment.id}`, `/v1/posts/${post.id}`]
    const otherContact = await contactOf(ws)
    const other = await t.newWorkspace()
    const visit = await visitorOf(ws)
    const reader = await keyWithScopes(ws, ['feedback:read'])
    const unrelated = await keyWithScopes(ws, ['contacts:write'])
    for (const path of paths) {
      expect((await revisions(undefined, path)).status).toBe(401)
      expectProblem(await revisions(other.key, path), 404, 'not_found')
      expectForbidden(await revisions(otherContact.key, path), {})
      expect((await visit('GET', `${path}/revisions`)).status).toBe(403)
      expect((await revisions(reader.key, path)).status).toBe(200)
    }
    // A key without feedback:read may read no comment (403 naming the scope) and sees no post (404, as getPost).
    expectForbidden(await revisions(unrelated.key, paths[0]!), { scope: 'feedback:read' })
    expectProblem(await revisions(unrelated.key, paths[1]!), 404, 'not_found')
    const note = await makeComment(ws.key, post.id, { body: 'staff', private: true })
    expectProblem(await revisions(me.key, `/v1/comments/${note.id}`), 404, 'not_found')
  })
})

// ------------------------------------------------------------------------------------ official response

describe('official response', () => {
  const pin = (key: string, postId: string, body: unknown, headers?: Record<string, string>) =>
    call('PUT', `/v1/posts/${postId}/official-response`, key, body, headers)
  const unpin = (key: string, postId: string, headers?: Record<string, string>) =>
    call('DELETE', `/v1/posts/${postId}/official-response`, key, undefined, headers)

  it('writes and pins a staff comment, shows it on the post and in filters, follows its edits, replaces and unpins it', async () => {
    const { ws, board, post } = await setup()
    const me = await contactOf(ws)
    const plain = await makePost(ws.key, { boardId: board.id, title: 'No answer yet' })
    const res = await pin(ws.key, post.id, { body: '  Shipped in 4.2  ' })
    expect(res.status, res.text).toBe(200)
    expect(res.body.officialResponse).toEqual({
      id: expect.stringMatching(/^cmt_/),
      body: 'Shipped in 4.2',
      author: { type: 'member', id: ws.memberId },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(res.body.commentCount).toBe(1)
    const responseId = res.body.officialResponse.id
    const read = await call('GET', `/v1/posts/${post.id}`, me.key)
    expect(read.body.officialResponse).toEqual(res.body.officialResponse)
    expect(read.headers.get('etag')).toBe(res.headers.get('etag'))
    const comments = await call('GET', `/v1/posts/${post.id}/comments`, me.key)
    expect(comments.body.data.map((c: { id: string }) => c.id)).toEqual([responseId])
    const ids = async (query: string) =>
      (await call('GET', `/v1/posts?${query}`, ws.key)).body.data.map((p: { id: string }) => p.id)
    expect(await ids('hasOfficialResponse=true')).toEqual([post.id])
    expect(await ids('hasOfficialResponse=false')).toEqual([plain.id])
    const [changed] = await eventsOf(post.id, 'post.official_response_changed')
    expect(changed!.data).toMatchObject({
      post: { id: post.id, officialResponse: { id: responseId } },
      officialResponse: { id: responseId, body: 'Shipped in 4.2' },
      previousOfficialResponse: null,
    })
    expect((await eventsOf(responseId, 'comment.created')).length).toBe(1)

    // An edit of the pinned comment shows at once, and moves the post's ETag.
    const etag = read.headers.get('etag') as string
    await call('PATCH', `/v1/comments/${responseId}`, ws.key, { body: 'Shipped in 4.2 (all plans)' })
    const after = await call('GET', `/v1/posts/${post.id}`, me.key, undefined, { 'if-none-match': etag })
    expect(after.status).toBe(200)
    expect(after.body.officialResponse.body).toBe('Shipped in 4.2 (all plans)')

    // Pinning an existing public staff comment replaces it; pinning the same again changes nothing.
    const other = await makeComment(ws.key, post.id, { body: 'Also on mobile' })
    const replaced = await pin(ws.key, post.id, { commentId: other.id })
    expect(replaced.body.officialResponse.id).toBe(other.id)
    const again = await pin(ws.key, post.id, { commentId: other.id })
    expect(again.headers.get('etag')).toBe(replaced.headers.get('etag'))
    const changes = await eventsOf(post.id, 'post.official_response_changed')
    expect(changes).toHaveLength(2)
    expect((changes[1]!.data as any).previousOfficialResponse.id).toBe(responseId)

    // Removing the pinned comment leaves the post without a response; unpinning then clears the pin.
    expect((await call('DELETE', `/v1/comments/${other.id}`, ws.key)).status).toBe(204)
    expect((await call('GET', `/v1/posts/${post.id}`, ws.key)).body.officialResponse).toBeNull()
    expect(await ids('hasOfficialResponse=true')).toEqual([])
    const unpinned = await unpin(ws.key, post.id)
    expect(unpinned.status, unpinned.text).toBe(200)
    expect(unpinned.body.officialResponse).toBeNull()
    expectProblem(await unpin(ws.key, post.id), 409, 'no_official_response')
    expect(await eventsOf(post.id, 'post.official_response_changed')).toHaveLength(3)
  })

  it('refuses bad input: both or neither field, a private or contact comment, another post’s, a stale If-Match', async () => {
    const { ws, board, post } = await setup()
    const me = await contactOf(ws)
    const otherPost = await makePost(ws.key, { boardId: board.id })
    const note = await makeComment(ws.key, post.id, { body: 'internal', private: true })
    const theirs = await makeComment(me.key, post.id, { body: 'customer' })
    const elsewhere = await makeComment(ws.key, otherPost.id, { body: 'elsewhere' })
    expectProblem(await pin(ws.key, post.id, {}), 400, 'validation_failed')
    expectProblem(await pin(ws.key, post.id, { body: 'x', commentId: note.id }), 400, 'validation_failed')
    expectProblem(await pin(ws.key, post.id, { body: '   ' }), 400, 'validation_failed')
    expectProblem(await pin(ws.key, post.id, { commentId: 'cmt_x' }), 400, 'validation_failed')
    expectProblem(await pin(ws.key, post.id, { commentId: note.id }), 422, 'official_response_not_allowed')
    expectProblem(await pin(ws.key, post.id, { commentId: theirs.id }), 422, 'official_response_not_allowed')
    const wrong = await pin(ws.key, post.id, { commentId: elsewhere.id })
    expectProblem(wrong, 404, 'not_found')
    expect(wrong.body.errors[0].path).toBe('body.commentId')
    expectProblem(
      await pin(ws.key, post.id, { body: 'x' }, { 'if-match': '"99"' }),
      412,
      'precondition_failed',
    )
    expectProblem(await unpin(ws.key, post.id, { 'if-match': '"99"' }), 412, 'precondition_failed')
    expectProblem(await unpin(ws.key, post.id), 409, 'no_official_response')
  })

  it('security: no credentials, another workspace, contacts (its author too), wrong role, wrong scope', async () => {
    const { ws, board } = await setup()
    const me = await contactOf(ws)
    const post = await makePost(me.key, { boardId: board.id, title: 'Mine' })
    expect((await pin('', post.id, { body: 'x' })).status).toBe(401)
    expect((await unpin('', post.id)).status).toBe(401)
    const other = await t.newWorkspace()
    expectProblem(await pin(other.key, post.id, { body: 'x' }), 404, 'not_found')
    expectProblem(await unpin(other.key, post.id), 404, 'not_found')
    expectForbidden(await pin(me.key, post.id, { body: 'x' }), {})
    expectForbidden(await unpin(me.key, post.id), {})
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    expectForbidden(await pin(viewer.key, post.id, { body: 'x' }), { permission: 'feedback.manage' })
    const reader = await keyWithScopes(ws, ['feedback:read'])
    expectForbidden(await pin(reader.key, post.id, { body: 'x' }), { scope: 'feedback:write' })
    const visit = await visitorOf(ws)
    expect((await visit('PUT', `/v1/posts/${post.id}/official-response`, { body: 'x' })).status).toBe(403)
    expect(await eventsOf(post.id, 'post.official_response_changed')).toEqual([])
  })
})

// --------------------------------------------------------------------------------- status with a comment

describe('status change with a comment', () => {
  async function statuses(ws: Workspace) {
    const make = async (name: string, category: string) => {
      const res = await call('POST', '/v1/post-statuses', ws.key, { name, category })
      expect(res.status, res.text).toBe(201)
      return res.body
    }
    return { planned: await make('Planned', 'planned'), done: await make('Done', 'complete') }
  }

  it('writes the comment in the status change’s transaction and post.status_changed carries it', async () => {
    const { ws, post } = await setup()
    const { planned, done } = await statuses(ws)
    const res = await call('PATCH', `/v1/posts/${post.id}`, ws.key, {
      statusId: planned.id,
      statusComment: { body: ' On the Q1 roadmap ' },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({ statusId: planned.id, commentCount: 1 })
    const comments = await call('GET', `/v1/posts/${post.id}/comments`, ws.key)
    expect(comments.body.data).toEqual([
      expect.objectContaining({
        body: 'On the Q1 roadmap',
        visibility: 'public',
        author: { type: 'member', id: ws.memberId },
      }),
    ])
    const [changed] = await eventsOf(post.id, 'post.status_changed')
    expect(changed!.data).toMatchObject({
      status: { id: planned.id },
      comment: { id: comments.body.data[0].id, body: 'On the Q1 roadmap', visibility: 'public' },
    })
    const privately = await call('PATCH', `/v1/posts/${post.id}`, ws.key, {
      statusId: done.id,
      statusComment: { body: 'Closing for the big customer', visibility: 'private' },
    })
    expect(privately.status, privately.text).toBe(200)
    expect(privately.body.commentCount).toBe(1)
    const me = await contactOf(ws)
    expect((await call('GET', `/v1/posts/${post.id}/comments`, me.key)).body.data).toHaveLength(1)
    // A status change without a comment carries `comment: null`.
    await call('PATCH', `/v1/posts/${post.id}`, ws.key, { statusId: planned.id })
    const all = await eventsOf(post.id, 'post.status_changed')
    expect((all[2]!.data as any).comment).toBeNull()
  })

  it('refuses a comment without a status change, a blank one, and one from a contact; nothing is half-written', async () => {
    const { ws, board, post } = await setup()
    const { planned } = await statuses(ws)
    const noStatus = await call('PATCH', `/v1/posts/${post.id}`, ws.key, { statusComment: { body: 'x' } })
    expectProblem(noStatus, 400, 'validation_failed')
    expect(noStatus.body.errors[0].path).toBe('body.statusComment')
    const blank = await call('PATCH', `/v1/posts/${post.id}`, ws.key, {
      statusId: planned.id,
      statusComment: { body: '  ' },
    })
    expectProblem(blank, 400, 'validation_failed')
    expect(blank.body.errors[0].path).toBe('body.statusComment.body')
    expectProblem(
      await call('PATCH', `/v1/posts/${post.id}`, ws.key, {
        statusId: planned.id,
        statusComment: { body: 'x', visibility: 'secret' },
      }),
      400,
      'validation_failed',
    )
    await call('PATCH', `/v1/posts/${post.id}`, ws.key, { statusId: planned.id })
    expectProblem(
      await call('PATCH', `/v1/posts/${post.id}`, ws.key, {
        statusId: planned.id,
        title: 'Renamed',
        statusComment: { body: 'Still planned' },
      }),
      409,
      'status_unchanged',
    )
    const me = await contactOf(ws)
    const own = await makePost(me.key, { boardId: board.id })
    expectForbidden(
      await call('PATCH', `/v1/posts/${own.id}`, me.key, {
        statusId: planned.id,
        statusComment: { body: 'x' },
      }),
      {},
    )
    const read = await call('GET', `/v1/posts/${post.id}`, ws.key)
    expect(read.body).toMatchObject({ title: 'Export to CSV', commentCount: 0 })
  })
})
