import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimDigests, digestModule, digestPeriods } from '../../src/areas/feedback/digest'
import { OFFICIAL_RESPONSE_EVENT, subscriberEmailModule } from '../../src/areas/feedback/notify'
import { unsubscribeToken } from '../../src/areas/feedback/subscriptions'
import { createSession } from '../../src/auth/sessions'
import { events } from '../../src/db/schema'
import { feedbackDigests, postSubscriptions } from '../../src/db/schema/feedback'
import { type ContactId, newId } from '../../src/ids'
import { startWorkers, type Workers } from '../../src/jobs/runtime'
import { createLogger } from '../../src/logger'
import type { MailMessage } from '../../src/mail/mailer'
import { notificationsModule } from '../../src/notifications/worker'
import { createDeliveries } from '../../src/webhooks/fan-out'
import { createTestApp, expectProblem, newContact, type TestApp, testDatabaseUrl } from '../harness'

/**
 * Post subscriptions end to end: automatic and chosen levels, the subscriber list, merge moving them, the
 * notifications a status change or a comment sends (in-app to members through the notifications worker,
 * email to contacts through this area's job, with RFC 8058 one-click unsubscribe), the staff digest and
 * webhooks filtered by board. Test files share one database: the listeners have their own cursor names and
 * take only this file's workspaces' events.
 */
let t: TestApp
let workers: Workers | undefined
const mine = new Set<string>()
const suffix = Math.random().toString(36).slice(2, 8)
const publicUrl = 'https://loopdesk.example.test'

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>

beforeAll(async () => {
  t = await createTestApp({ webhooksAllowInsecure: true })
  const accepts = (event: { workspaceId: string }) => mine.has(event.workspaceId)
  workers = await startWorkers({
    database: t.database,
    databaseUrl: testDatabaseUrl(),
    logger: createLogger(process.env.SUBS_LOG ?? 'silent'),
    secret: t.deps.secret,
    modules: [
      notificationsModule({
        mailer: t.mailer,
        pollingIntervalSeconds: 0.5,
        listenerName: `notifications-subs-${suffix}`,
        accepts,
      }),
      subscriberEmailModule({
        mailer: t.mailer,
        publicUrl,
        pollingIntervalSeconds: 0.5,
        listenerName: `subscriber-email-${suffix}`,
        accepts,
      }),
      digestModule({ mailer: t.mailer, pollingIntervalSeconds: 0.5 }),
    ],
    pollIntervalMs: 20,
    schedule: false,
  })
  await new Promise((r) => setTimeout(r, 100)) // the listeners' cursors exist: later events are theirs
}, 60_000)

afterAll(async () => {
  await workers?.stop({ timeoutMs: 2000 })
})

async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })

async function workspace(): Promise<Workspace> {
  const ws = await t.newWorkspace()
  mine.add(ws.workspaceId)
  return ws
}

async function contactOf(ws: Workspace) {
  const contact = await newContact(ws.workspaceId)
  const session = await createSession(
    t.database.db,
    { workspaceId: ws.workspaceId, contactId: contact.id },
    { ip: null, userAgent: null },
  )
  return { id: contact.id as ContactId, email: contact.email as string, key: session.token }
}

async function makeBoard(key: string, body: Record<string, unknown> = {}) {
  const res = await call('POST', '/v1/boards', key, {
    name: `Board ${Math.random().toString(36).slice(2)}`,
    ...body,
  })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string }
}

async function makePost(key: string, boardId: string, title = 'Export to CSV') {
  const res = await call('POST', '/v1/posts', key, { boardId, title })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string; title: string }
}

async function makeStatus(key: string, name: string, category = 'planned') {
  const res = await call('POST', '/v1/post-statuses', key, { name, category })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string }
}

const subscriptionOf = async (postId: string, key: string) =>
  (await call('GET', `/v1/posts/${postId}/subscription`, key)).body

const mailTo = (email: string, tag?: string) =>
  t.mailer.sent.filter((m) => m.to === email && (tag === undefined || m.tag === tag))

/** The unsubscribe token an email's List-Unsubscribe header carries. */
function tokenOf(mail: MailMessage): string {
  const header = mail.headers?.['List-Unsubscribe'] ?? ''
  const url = new URL(header.slice(1, -1))
  return url.searchParams.get('token') as string
}

/** Let the listeners and jobs catch up with everything committed so far (nothing more arrives after). */
async function settle() {
  await new Promise((r) => setTimeout(r, 1500))
}

describe('automatic subscriptions', () => {
  it('subscribes authors and commenters at all and voters at status; a chosen level is never overridden', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const voter = await contactOf(ws)
    const quiet = await contactOf(ws)
    const post = await makePost(author.key, board.id)

    expect(await subscriptionOf(post.id, author.key)).toEqual({
      postId: post.id,
      subscriber: { type: 'contact', id: author.id },
      level: 'all',
      source: 'author',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    // No subscription yet reads as an implicit `off`.
    expect(await subscriptionOf(post.id, voter.key)).toEqual({
      postId: post.id,
      subscriber: { type: 'contact', id: voter.id },
      level: 'off',
      source: null,
      createdAt: null,
      updatedAt: null,
    })

    expect((await call('POST', `/v1/posts/${post.id}/votes`, voter.key, {})).status).toBe(201)
    expect(await subscriptionOf(post.id, voter.key)).toMatchObject({ level: 'status', source: 'voter' })
    // Commenting raises an automatic `status` to `all`.
    expect(
      (await call('POST', `/v1/posts/${post.id}/comments`, voter.key, { body: 'Yes please' })).status,
    ).toBe(201)
    expect(await subscriptionOf(post.id, voter.key)).toMatchObject({ level: 'all', source: 'commenter' })

    // An explicit `off` survives a vote and a comment.
    const off = await call('DELETE', `/v1/posts/${post.id}/subscription`, quiet.key)
    expect(off.status).toBe(204)
    expect((await call('POST', `/v1/posts/${post.id}/votes`, quiet.key, {})).status).toBe(201)
    expect((await call('POST', `/v1/posts/${post.id}/comments`, quiet.key, { body: 'me too' })).status).toBe(
      201,
    )
    expect(await subscriptionOf(post.id, quiet.key)).toMatchObject({ level: 'off', source: 'manual' })

    // Staff: a member's comment subscribes the member; a vote recorded for a contact subscribes the contact.
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    expect((await call('POST', `/v1/posts/${post.id}/comments`, agent.key, { body: 'Looking' })).status).toBe(
      201,
    )
    expect(await subscriptionOf(post.id, agent.key)).toMatchObject({
      subscriber: { type: 'member', id: agent.memberId },
      level: 'all',
      source: 'commenter',
    })
    const onBehalf = await contactOf(ws)
    expect(
      (await call('POST', `/v1/posts/${post.id}/votes`, ws.key, { contactId: onBehalf.id })).status,
    ).toBe(201)
    expect(await subscriptionOf(post.id, onBehalf.key)).toMatchObject({ level: 'status', source: 'voter' })

    const list = await call('GET', `/v1/posts/${post.id}/subscribers`, ws.key)
    expect(list.status, list.text).toBe(200)
    expect(list.body.data.map((s: any) => [s.subscriber.id, s.level, s.source])).toEqual([
      [author.id, 'all', 'author'],
      [voter.id, 'all', 'commenter'],
      [quiet.id, 'off', 'manual'],
      [agent.memberId, 'all', 'commenter'],
      [onBehalf.id, 'status', 'voter'],
    ])
    const statusOnly = await call('GET', `/v1/posts/${post.id}/subscribers?level=status`, ws.key)
    expect(statusOnly.body.data.map((s: any) => s.subscriber.id)).toEqual([onBehalf.id])
    const page1 = await call('GET', `/v1/posts/${post.id}/subscribers?limit=2`, ws.key)
    expect(page1.body.data).toHaveLength(2)
    const page2 = await call(
      'GET',
      `/v1/posts/${post.id}/subscribers?limit=2&cursor=${page1.body.nextCursor}`,
      ws.key,
    )
    expect(page2.body.data.map((s: any) => s.subscriber.id)).toEqual([quiet.id, agent.memberId])
  })
})

describe('GET/PUT/DELETE /v1/posts/{postId}/subscription', () => {
  it('sets the caller’s level, emits post_subscription.updated when it changes, and resolves a merged post', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const post = await makePost(ws.key, board.id)
    const contact = await contactOf(ws)
    const put = await call('PUT', `/v1/posts/${post.id}/subscription`, contact.key, { level: 'status' })
    expect(put.status, put.text).toBe(200)
    expect(put.body).toMatchObject({ postId: post.id, level: 'status', source: 'manual' })
    // The same level again changes nothing and emits nothing.
    expect(
      (await call('PUT', `/v1/posts/${post.id}/subscription`, contact.key, { level: 'status' })).status,
    ).toBe(200)
    const changes = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.resourceId, post.id), eq(events.type, 'post_subscription.updated')))
    expect(changes).toHaveLength(1)
    expect(changes[0]!.data).toMatchObject({
      previousLevel: 'off',
      subscription: { level: 'status' },
      post: { id: post.id, boardId: board.id },
    })
    expect(changes[0]!.actorType).toBe('contact')

    // Concurrent first choices of one person land on one row.
    const racer = await contactOf(ws)
    const raced = await Promise.all(
      (['all', 'status', 'off', 'all'] as const).map((level) =>
        call('PUT', `/v1/posts/${post.id}/subscription`, racer.key, { level }),
      ),
    )
    expect(raced.map((r) => r.status)).toEqual([200, 200, 200, 200])
    const racerRows = await t.database.db
      .select()
      .from(postSubscriptions)
      .where(and(eq(postSubscriptions.postId, post.id as never), eq(postSubscriptions.contactId, racer.id)))
    expect(racerRows).toHaveLength(1)

    // A member through its API key.
    const member = await call('PUT', `/v1/posts/${post.id}/subscription`, ws.key, { level: 'all' })
    expect(member.body).toMatchObject({ subscriber: { type: 'member', id: ws.memberId }, level: 'all' })

    // A merged post's id answers for its target.
    const target = await makePost(ws.key, board.id, 'CSV export')
    expect(
      (await call('POST', `/v1/posts/${post.id}/merge`, ws.key, { targetPostId: target.id })).status,
    ).toBe(200)
    expect(await subscriptionOf(post.id, contact.key)).toMatchObject({ postId: target.id, level: 'status' })
  })

  it('refuses bad input: an unknown level, a missing post, a malformed id', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const post = await makePost(ws.key, board.id)
    expectProblem(
      await call('PUT', `/v1/posts/${post.id}/subscription`, ws.key, { level: 'loud' }),
      400,
      'validation_failed',
    )
    expectProblem(
      await call('PUT', `/v1/posts/${post.id}/subscription`, ws.key, {}),
      400,
      'validation_failed',
    )
    const missing = newId('post')
    expectProblem(await call('GET', `/v1/posts/${missing}/subscription`, ws.key), 404, 'not_found')
    expectProblem(
      await call('PUT', `/v1/posts/${missing}/subscription`, ws.key, { level: 'all' }),
      404,
      'not_found',
    )
    expectProblem(await call('DELETE', `/v1/posts/${missing}/subscription`, ws.key), 404, 'not_found')
    expectProblem(await call('GET', `/v1/posts/${missing}/subscribers`, ws.key), 404, 'not_found')
    expectProblem(await call('GET', '/v1/posts/nope/subscription', ws.key), 400, 'validation_failed')
    expectProblem(
      await call('GET', `/v1/posts/${post.id}/subscribers?level=loud`, ws.key),
      400,
      'validation_failed',
    )
  })

  it('security: no credentials, a visitor, another workspace, a post the caller cannot read, wrong role, wrong scope', async () => {
    const ws = await workspace()
    const other = await workspace()
    const board = await makeBoard(ws.key)
    const staffBoard = await makeBoard(ws.key, { visibility: { audience: 'staff' } })
    const post = await makePost(ws.key, board.id)
    const hidden = await makePost(ws.key, staffBoard.id)
    const path = `/v1/posts/${post.id}/subscription`
    for (const method of ['GET', 'DELETE']) expect((await call(method, path)).status).toBe(401)
    expect((await call('PUT', path, undefined, { level: 'all' })).status).toBe(401)
    expect((await call('GET', `/v1/posts/${post.id}/subscribers`)).status).toBe(401)

    // A visitor reads the post but is nobody to notify.
    const origin = 'https://subs-visitors.test'
    const profile = await call('POST', '/v1/widget-profiles', ws.key, {
      name: 'Portal',
      environment: 'production',
      allowedOrigins: [origin],
    })
    expect(profile.status, profile.text).toBe(201)
    const wpk = profile.body.publishableKey
    expect((await call('GET', `/v1/posts/${post.id}`, wpk, undefined, { origin })).status).toBe(200)
    expectProblem(await call('GET', path, wpk, undefined, { origin }), 403, 'forbidden')
    expectProblem(await call('PUT', path, wpk, { level: 'all' }, { origin }), 403, 'forbidden')
    expectProblem(
      await call('GET', `/v1/posts/${post.id}/subscribers`, wpk, undefined, { origin }),
      403,
      'forbidden',
    )

    expectProblem(await call('GET', path, other.key), 404, 'not_found')
    expectProblem(await call('PUT', path, other.key, { level: 'all' }), 404, 'not_found')
    expectProblem(await call('GET', `/v1/posts/${post.id}/subscribers`, other.key), 404, 'not_found')

    // A contact follows what it reads, never a staff board's post, and does not list subscribers.
    const contact = await contactOf(ws)
    expectProblem(
      await call('PUT', `/v1/posts/${hidden.id}/subscription`, contact.key, { level: 'all' }),
      404,
      'not_found',
    )
    expectProblem(await call('GET', `/v1/posts/${post.id}/subscribers`, contact.key), 403, 'forbidden')

    // A role without feedback.read reads no post (404) and lists no subscribers (403).
    const role = await call('POST', '/v1/roles', ws.key, {
      name: `No feedback ${suffix}`,
      permissions: ['members.read'],
    })
    expect(role.status, role.text).toBe(201)
    const outsider = await t.newMember(ws.workspaceId, { roles: [{ role: role.body.id }] })
    expectProblem(await call('PUT', path, outsider.key, { level: 'all' }), 404, 'not_found')
    const listed = await call('GET', `/v1/posts/${post.id}/subscribers`, outsider.key)
    expectProblem(listed, 403, 'forbidden')
    expect(listed.body.missingPermission).toBe('feedback.read')

    // Scopes: reading needs feedback:read, changing feedback:write.
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['feedback:read'],
    })
    expect((await call('GET', path, reader.key)).status).toBe(200)
    expect((await call('GET', `/v1/posts/${post.id}/subscribers`, reader.key)).status).toBe(200)
    const refused = await call('PUT', path, reader.key, { level: 'all' })
    expectProblem(refused, 403, 'forbidden')
    expect(refused.body.missingScope).toBe('feedback:write')
    const unrelated = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const noScope = await call('GET', `/v1/posts/${post.id}/subscribers`, unrelated.key)
    expectProblem(noScope, 403, 'forbidden')
    expect(noScope.body.missingScope).toBe('feedback:read')
  })
})

describe('notifications to subscribers', () => {
  it('a status change reaches all and status subscribers (members in-app, contacts by email), never the actor nor off', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const voter = await contactOf(ws)
    const quiet = await contactOf(ws)
    const post = await makePost(author.key, board.id, 'Dark mode')
    // Made after the post: a workspace's first status is its default, which new posts get.
    const planned = await makeStatus(ws.key, `Planned ${suffix}`)
    await call('POST', `/v1/posts/${post.id}/votes`, voter.key, {})
    await call('POST', `/v1/posts/${post.id}/votes`, quiet.key, {})
    await call('DELETE', `/v1/posts/${post.id}/subscription`, quiet.key)
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    await call('PUT', `/v1/posts/${post.id}/subscription`, agent.key, { level: 'status' })
    // The owner acts, and follows the post too: it is not told of its own change.
    await call('PUT', `/v1/posts/${post.id}/subscription`, ws.key, { level: 'all' })

    const changed = await call('PATCH', `/v1/posts/${post.id}`, ws.key, { statusId: planned.id })
    expect(changed.status, changed.text).toBe(200)

    const toAuthor = await waitFor(() => mailTo(author.email, 'feedback.post_status_changed')[0])
    expect(toAuthor.subject).toContain('Dark mode')
    expect(toAuthor.subject).toContain(`Planned ${suffix}`)
    expect(toAuthor.headers?.['List-Unsubscribe']).toMatch(
      new RegExp(`^<${publicUrl}/v1/unsubscribe\\?token=psub_[0-9a-z]+\\.[\\w-]{43}>$`),
    )
    expect(toAuthor.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    expect(toAuthor.text).toContain(`${publicUrl}/v1/unsubscribe?token=`)
    await waitFor(() => mailTo(voter.email, 'feedback.post_status_changed')[0])
    const inApp = await waitFor(async () => {
      const res = await call('GET', '/v1/notifications', agent.key)
      return res.body.data.length > 0 ? res.body.data : undefined
    })
    expect(inApp).toEqual([
      expect.objectContaining({
        kind: 'post_status_changed',
        title: expect.stringContaining('Dark mode'),
        resource: { type: 'post', id: post.id },
      }),
    ])
    await settle()
    expect(mailTo(quiet.email)).toEqual([])
    expect((await call('GET', '/v1/notifications', ws.key)).body.data).toEqual([])
    // Exactly one email each.
    expect(mailTo(author.email)).toHaveLength(1)
    expect(mailTo(voter.email)).toHaveLength(1)
  })

  it('a public comment reaches all-level subscribers but the commenter; a private one no contact', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const voter = await contactOf(ws)
    const commenter = await contactOf(ws)
    const post = await makePost(author.key, board.id, 'Keyboard shortcuts')
    await call('POST', `/v1/posts/${post.id}/votes`, voter.key, {})
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    await call('PUT', `/v1/posts/${post.id}/subscription`, agent.key, { level: 'all' })

    expect(
      (await call('POST', `/v1/posts/${post.id}/comments`, commenter.key, { body: 'Vim keys please' }))
        .status,
    ).toBe(201)
    const mail = await waitFor(() => mailTo(author.email, 'feedback.post_commented')[0])
    expect(mail.text).toContain('Vim keys please')
    await waitFor(async () => {
      const res = await call('GET', '/v1/notifications', agent.key)
      return res.body.data.some((n: any) => n.kind === 'post_commented') ? true : undefined
    })

    const secret = await call('POST', `/v1/posts/${post.id}/comments`, agent.key, {
      body: 'Internal: sized at 3 days',
      private: true,
    })
    expect(secret.status, secret.text).toBe(201)
    await settle()
    expect(mailTo(commenter.email)).toEqual([]) // its own comment, and then a private one
    expect(mailTo(voter.email)).toEqual([]) // `status` hears of no comment
    expect(mailTo(author.email)).toHaveLength(1)
    expect(t.mailer.sent.some((m) => m.text.includes('sized at 3 days'))).toBe(false)
  })

  it('an official response reaches all and status subscribers, members in-app and contacts by email', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const voter = await contactOf(ws)
    const post = await makePost(author.key, board.id, 'SSO with Okta')
    await call('POST', `/v1/posts/${post.id}/votes`, voter.key, {})
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    await call('PUT', `/v1/posts/${post.id}/subscription`, agent.key, { level: 'status' })
    const said = await call('POST', `/v1/posts/${post.id}/comments`, ws.key, { body: 'Shipping in 4.2' })
    // The official-response event, as the comments work emits it when a staff comment is pinned to the post
    // (written here as the outbox row it is, so this file does not depend on that operation).
    await t.database.db.insert(events).values({
      id: newId('evt'),
      workspaceId: ws.workspaceId,
      type: OFFICIAL_RESPONSE_EVENT,
      actorType: 'api_key',
      actorId: ws.apiKeyId,
      resourceType: 'post',
      resourceId: post.id,
      data: {
        post: { id: post.id, boardId: board.id, title: 'SSO with Okta' },
        officialResponse: {
          id: said.body.id,
          body: 'Shipping in 4.2',
          author: { type: 'member', id: ws.memberId },
        },
        previousOfficialResponse: null,
      },
    })
    const toVoter = await waitFor(() => mailTo(voter.email, 'feedback.post_official_response')[0])
    expect(toVoter.subject).toBe('Official response on “SSO with Okta”')
    expect(toVoter.text).toContain('Shipping in 4.2')
    expect(toVoter.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    await waitFor(() => mailTo(author.email, 'feedback.post_official_response')[0])
    await waitFor(async () => {
      const res = await call('GET', '/v1/notifications', agent.key)
      return res.body.data.some((n: any) => n.kind === 'post_official_response') ? true : undefined
    })
  })

  it('sends no email about a post a contact can no longer read', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const staffBoard = await makeBoard(ws.key, { visibility: { audience: 'staff' } })
    const author = await contactOf(ws)
    const post = await makePost(author.key, board.id, 'Moved away')
    const stays = await makePost(author.key, board.id, 'Stays here')
    const planned = await makeStatus(ws.key, `Next ${suffix}`)
    expect((await call('PATCH', `/v1/posts/${post.id}`, ws.key, { boardId: staffBoard.id })).status).toBe(200)
    expect((await call('PATCH', `/v1/posts/${post.id}`, ws.key, { statusId: planned.id })).status).toBe(200)
    expect((await call('PATCH', `/v1/posts/${stays.id}`, ws.key, { statusId: planned.id })).status).toBe(200)
    await waitFor(() => mailTo(author.email)[0])
    await settle()
    expect(mailTo(author.email).map((m) => m.subject)).toEqual([expect.stringContaining('Stays here')])
  })
})

describe('POST /v1/unsubscribe', () => {
  it('one click (RFC 8058 form body) turns the one subscription off; JSON works too; later changes send nothing', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const post = await makePost(author.key, board.id, 'Unsubscribe me')
    const other = await makePost(author.key, board.id, 'Keep me')
    const planned = await makeStatus(ws.key, `Soon ${suffix}`)
    const done = await makeStatus(ws.key, `Done ${suffix}`, 'complete')
    await call('PATCH', `/v1/posts/${post.id}`, ws.key, { statusId: planned.id })
    const mail = await waitFor(() => mailTo(author.email)[0])
    const token = tokenOf(mail)

    const res = await t.request('POST', `/v1/unsubscribe?token=${encodeURIComponent(token)}`, {
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({
      postId: post.id,
      subscriber: { type: 'contact', id: author.id },
      level: 'off',
      source: 'manual',
    })
    expect(await subscriptionOf(other.id, author.key)).toMatchObject({ level: 'all' })
    const [event] = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.resourceId, post.id), eq(events.type, 'post_subscription.updated')))
    expect(event).toMatchObject({ actorType: 'contact', actorId: author.id })
    expect(event!.data).toMatchObject({ previousLevel: 'all', subscription: { level: 'off' } })

    // Again, as JSON: still off, nothing new emitted.
    const again = await call('POST', '/v1/unsubscribe', undefined, { token })
    expect(again.status, again.text).toBe(200)
    expect(again.body.level).toBe('off')

    await call('PATCH', `/v1/posts/${post.id}`, ws.key, { statusId: done.id })
    await call('PATCH', `/v1/posts/${other.id}`, ws.key, { statusId: done.id })
    await waitFor(() => (mailTo(author.email).length === 2 ? true : undefined))
    await settle()
    expect(mailTo(author.email).map((m) => m.subject)).toEqual([
      expect.stringContaining('Unsubscribe me'),
      expect.stringContaining('Keep me'),
    ])
  })

  it('refuses a token it did not sign (404), a malformed one and none at all (400)', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const post = await makePost(ws.key, board.id)
    const [row] = await t.database.db
      .select()
      .from(postSubscriptions)
      .where(eq(postSubscriptions.postId, post.id as never))
    const forged = unsubscribeToken('another instance secret', row!.id)
    expectProblem(await call('POST', '/v1/unsubscribe', undefined, { token: forged }), 404, 'not_found')
    const gone = unsubscribeToken(t.deps.secret, newId('psub'))
    expectProblem(await call('POST', '/v1/unsubscribe', undefined, { token: gone }), 404, 'not_found')
    expectProblem(
      await call('POST', '/v1/unsubscribe', undefined, { token: 'psub_x.y' }),
      400,
      'validation_failed',
    )
    expectProblem(
      await call('POST', '/v1/unsubscribe', undefined, { token: 'x', extra: 1 }),
      400,
      'validation_failed',
    )
    expectProblem(await call('POST', '/v1/unsubscribe'), 400, 'validation_failed')
    const wrongType = await t.request('POST', '/v1/unsubscribe', {
      rawBody: 'token=x',
      headers: { 'content-type': 'text/plain' },
    })
    expectProblem(wrongType, 415, 'unsupported_media_type')
    // The real token works, for this subscription only.
    const ok = await call('POST', '/v1/unsubscribe', undefined, {
      token: unsubscribeToken(t.deps.secret, row!.id),
    })
    expect(ok.status, ok.text).toBe(200)
    expect(ok.body).toMatchObject({
      postId: post.id,
      subscriber: { type: 'member', id: ws.memberId },
      level: 'off',
    })
  })
})

describe('merge and unmerge', () => {
  it('moves subscribers to the target (each person once) and unmerge brings them back', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const a = await contactOf(ws)
    const b = await contactOf(ws)
    const source = await makePost(a.key, board.id, 'Source')
    const target = await makePost(b.key, board.id, 'Target')
    await call('POST', `/v1/posts/${source.id}/votes`, b.key, {})
    const ids = async (postId: string) =>
      (await call('GET', `/v1/posts/${postId}/subscribers`, ws.key)).body.data
        .map((s: any) => s.subscriber.id)
        .sort()

    expect(
      (await call('POST', `/v1/posts/${source.id}/merge`, ws.key, { targetPostId: target.id })).status,
    ).toBe(200)
    expect(await ids(target.id)).toEqual([a.id, b.id, ws.memberId].filter((x) => x !== ws.memberId).sort())
    const onTarget = (await call('GET', `/v1/posts/${target.id}/subscribers`, ws.key)).body.data
    expect(onTarget.find((s: any) => s.subscriber.id === b.id)).toMatchObject({
      level: 'all',
      source: 'author',
    })

    expect((await call('POST', `/v1/posts/${source.id}/unmerge`, ws.key)).status).toBe(200)
    expect(await ids(source.id)).toEqual([a.id, b.id].sort())
    expect(await ids(target.id)).toEqual([b.id])
  })
})

describe('contact merge', () => {
  it('moves the merged contact’s subscriptions to the surviving contact, keeping the survivor’s own', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const source = await contactOf(ws)
    const target = await contactOf(ws)
    const first = await makePost(source.key, board.id, 'First')
    const second = await makePost(target.key, board.id, 'Second')
    await call('POST', `/v1/posts/${second.id}/votes`, source.key, {})
    const merged = await call('POST', `/v1/contacts/${target.id}/merge`, ws.key, {
      sourceContactId: source.id,
    })
    expect(merged.status, merged.text).toBe(200)
    const rows = await t.database.db
      .select()
      .from(postSubscriptions)
      .where(eq(postSubscriptions.workspaceId, ws.workspaceId))
    const view = rows.map((r) => [r.postId, r.contactId, r.level, r.source]).sort()
    expect(view).toEqual(
      [
        [first.id, target.id, 'all', 'author'],
        [second.id, target.id, 'all', 'author'],
        [second.id, source.id, 'status', 'voter'],
      ].sort(),
    )
  })
})

describe('staff digest', () => {
  it('GET/PUT /v1/feedback/digest-preference: off by default, daily or weekly; members only', async () => {
    const ws = await workspace()
    const path = '/v1/feedback/digest-preference'
    expect((await call('GET', path, ws.key)).body).toEqual({
      frequency: 'off',
      lastSentAt: null,
      updatedAt: null,
    })
    const put = await call('PUT', path, ws.key, { frequency: 'weekly' })
    expect(put.status, put.text).toBe(200)
    expect(put.body).toEqual({ frequency: 'weekly', lastSentAt: null, updatedAt: expect.any(String) })
    expect((await call('GET', path, ws.key)).body.frequency).toBe('weekly')
    expectProblem(await call('PUT', path, ws.key, { frequency: 'hourly' }), 400, 'validation_failed')
    expect((await call('GET', path)).status).toBe(401)
    expect((await call('PUT', path, undefined, { frequency: 'daily' })).status).toBe(401)
    const contact = await contactOf(ws)
    expectProblem(await call('GET', path, contact.key), 403, 'forbidden')
    expectProblem(await call('PUT', path, contact.key, { frequency: 'daily' }), 403, 'forbidden')
    const profile = await call('POST', '/v1/widget-profiles', ws.key, {
      name: 'Portal',
      environment: 'production',
      allowedOrigins: ['https://digest-visitors.test'],
    })
    const visitor = profile.body.publishableKey
    expectProblem(await call('GET', path, visitor), 403, 'forbidden')
    expectProblem(await call('PUT', path, visitor, { frequency: 'daily' }), 403, 'forbidden')
    const role = await call('POST', '/v1/roles', ws.key, {
      name: `Digestless ${suffix}`,
      permissions: ['members.read'],
    })
    const outsider = await t.newMember(ws.workspaceId, { roles: [{ role: role.body.id }] })
    expectProblem(await call('PUT', path, outsider.key, { frequency: 'daily' }), 403, 'forbidden')
    const unrelated = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    expectProblem(await call('GET', path, unrelated.key), 403, 'forbidden')
    // Another workspace's member has its own setting.
    const other = await workspace()
    expect((await call('GET', path, other.key)).body.frequency).toBe('off')
  })

  it('sends each opted-in member one digest per period, even with two workers claiming at once', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const daily = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const weekly = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const never = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    await call('PUT', '/v1/feedback/digest-preference', daily.key, { frequency: 'daily' })
    await call('PUT', '/v1/feedback/digest-preference', weekly.key, { frequency: 'weekly' })
    await call('PUT', '/v1/feedback/digest-preference', never.key, { frequency: 'off' })
    const fresh = await makePost(ws.key, board.id, 'Brand new idea')
    const hot = await makePost(ws.key, board.id, 'Hot idea')
    for (let i = 0; i < 3; i++) {
      const c = await contactOf(ws)
      await call('POST', `/v1/posts/${hot.id}/votes`, c.key, {})
    }
    const c = await contactOf(ws)
    await call('POST', `/v1/posts/${fresh.id}/votes`, c.key, {})

    // Two workers run the tick for two slots of the same day at once: one claim per member and period.
    const now = new Date(Date.now() + 60_000)
    const later = new Date(now.getTime() + 60_000)
    const sameDay = digestPeriods(now).daily === digestPeriods(later).daily ? later : now
    await Promise.all([
      claimDigests(t.database.db, workers!.queue, now),
      claimDigests(t.database.db, workers!.queue, sameDay),
    ])
    const claims = await t.database.db
      .select()
      .from(feedbackDigests)
      .where(eq(feedbackDigests.workspaceId, ws.workspaceId))
    expect(claims.map((row) => [row.memberId, row.period]).sort()).toEqual(
      [
        [daily.memberId, digestPeriods(now).daily],
        [weekly.memberId, digestPeriods(now).weekly],
      ].sort(),
    )
    const mail = await waitFor(() => mailTo(daily.email, 'feedback.digest')[0])
    expect(mail.text).toContain('Brand new idea')
    expect(mail.text).toMatch(/Top movers[\s\S]*Hot idea: \+3/)
    await waitFor(() => mailTo(weekly.email, 'feedback.digest')[0])
    await settle()
    expect(mailTo(daily.email, 'feedback.digest')).toHaveLength(1)
    expect(mailTo(never.email)).toEqual([])
    expect((await call('GET', '/v1/feedback/digest-preference', daily.key)).body.lastSentAt).toEqual(
      expect.any(String),
    )

    // The next day: a new period for the daily member, starting where the last one ended; nothing new, no email.
    const tomorrow = new Date(now.getTime() + 86_400_000)
    await claimDigests(t.database.db, workers!.queue, tomorrow)
    const [next] = await t.database.db
      .select()
      .from(feedbackDigests)
      .where(
        and(
          eq(feedbackDigests.memberId, daily.memberId),
          eq(feedbackDigests.period, digestPeriods(tomorrow).daily),
        ),
      )
    // Whichever of the two racing slots won, the next digest starts where it ended.
    const won = claims.find((row) => row.memberId === daily.memberId)!
    expect([now.getTime(), sameDay.getTime()]).toContain(won.until.getTime())
    expect(next!.since.getTime()).toBe(won.until.getTime())
    await settle()
    expect(mailTo(daily.email, 'feedback.digest')).toHaveLength(1)
  })

  it('names ISO weeks by the year of their Thursday', () => {
    expect(digestPeriods(new Date('2026-12-04T10:00:00Z'))).toEqual({
      daily: '2026-12-04',
      weekly: '2026-W49',
    })
    expect(digestPeriods(new Date('2027-01-01T00:00:00Z')).weekly).toBe('2026-W53')
    expect(digestPeriods(new Date('2025-12-29T00:00:00Z')).weekly).toBe('2026-W01')
  })
})

describe('webhooks filtered by board', () => {
  it('delivers post, vote and comment events of the listed boards only, and refuses unknown boards', async () => {
    const ws = await workspace()
    const a = await makeBoard(ws.key)
    const b = await makeBoard(ws.key)
    const unknown = newId('brd')
    const refused = await call('POST', '/v1/webhooks', ws.key, {
      url: 'http://127.0.0.1:9/hook',
      events: ['post.*'],
      boardIds: [a.id, unknown],
    })
    expectProblem(refused, 404, 'not_found')
    expect(refused.body.errors).toEqual([
      { path: 'body.boardIds.1', code: 'not_found', message: expect.any(String) },
    ])
    const hook = await call('POST', '/v1/webhooks', ws.key, {
      url: 'http://127.0.0.1:9/hook',
      events: ['post.*', 'comment.*'],
      boardIds: [a.id],
    })
    expect(hook.status, hook.text).toBe(201)
    expect(hook.body.boardIds).toEqual([a.id])
    const all = await call('POST', '/v1/webhooks', ws.key, { url: 'http://127.0.0.1:9/all', events: ['*'] })
    expect(all.body.boardIds).toEqual([])

    const contact = await contactOf(ws)
    const onA = await makePost(ws.key, a.id, 'On A')
    const onB = await makePost(ws.key, b.id, 'On B')
    for (const post of [onA, onB]) {
      await call('POST', `/v1/posts/${post.id}/votes`, contact.key, {})
      const comment = await call('POST', `/v1/posts/${post.id}/comments`, contact.key, { body: 'hi' })
      await call('PATCH', `/v1/comments/${comment.body.id}`, contact.key, { body: 'hello' })
      await call('DELETE', `/v1/comments/${comment.body.id}`, contact.key)
    }
    const rows = await t.database.db.select().from(events).where(eq(events.workspaceId, ws.workspaceId))
    const feedbackEvents = rows.filter((e) => /^(post|comment)\./.test(e.type))
    const deliveries = await createDeliveries(t.database.db, feedbackEvents)
    const byHook = (id: string) =>
      deliveries
        .filter((d) => d.webhookId === id)
        .map((d) => feedbackEvents.find((e) => e.id === d.eventId)!)
        .map((e) => `${e.type}:${JSON.stringify(e.data).includes(a.id) ? 'A' : 'B'}`)
        .sort()
    expect(byHook(hook.body.id)).toEqual(
      [
        'post.created:A',
        'post.voted:A',
        'comment.created:A',
        'comment.updated:A',
        'comment.deleted:A',
      ].sort(),
    )
    expect(byHook(all.body.id)).toHaveLength(10)

    // The filter can change, and is part of webhook.updated.
    const patched = await call('PATCH', `/v1/webhooks/${hook.body.id}`, ws.key, { boardIds: [a.id, b.id] })
    expect(patched.status, patched.text).toBe(200)
    expect(patched.body.boardIds.sort()).toEqual([a.id, b.id].sort())
    const [updated] = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.resourceId, hook.body.id), eq(events.type, 'webhook.updated')))
    expect(updated!.data).toMatchObject({ previous: { boardIds: [a.id] } })
    expectProblem(
      await call('PATCH', `/v1/webhooks/${hook.body.id}`, ws.key, { boardIds: [unknown] }),
      404,
      'not_found',
    )
  })
})

describe('notifications follow the other feedback rules', () => {
  it('a voter who no longer reads a post (its board turned one-way) gets no email about it', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const voter = await contactOf(ws)
    const post = await makePost(author.key, board.id, 'One way')
    expect((await call('POST', `/v1/posts/${post.id}/votes`, voter.key, {})).status).toBe(201)
    const oneWay = await call('PATCH', `/v1/boards/${board.id}`, ws.key, { oneWay: true })
    expect(oneWay.status, oneWay.text).toBe(200)
    expect((await call('GET', `/v1/posts/${post.id}`, voter.key)).status).toBe(404)
    const status = await makeStatus(ws.key, `One way ${suffix}`)
    expect((await call('PATCH', `/v1/posts/${post.id}`, ws.key, { statusId: status.id })).status).toBe(200)
    await waitFor(() => mailTo(author.email)[0]) // the author still reads its own post
    await settle()
    expect(mailTo(voter.email)).toEqual([])
  })

  it('an official response written as a new comment is told once, as the official response', async () => {
    const ws = await workspace()
    const board = await makeBoard(ws.key)
    const author = await contactOf(ws)
    const post = await makePost(author.key, board.id, 'Official')
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    await call('PUT', `/v1/posts/${post.id}/subscription`, agent.key, { level: 'all' })
    const set = await call('PUT', `/v1/posts/${post.id}/official-response`, ws.key, { body: 'We did it' })
    expect(set.status, set.text).toBe(200)
    await waitFor(() => mailTo(author.email)[0])
    await waitFor(async () => {
      const res = await call('GET', '/v1/notifications', agent.key)
      return res.body.data.length > 0 ? true : undefined
    })
    await settle()
    expect(mailTo(author.email).map((m) => m.tag)).toEqual(['feedback.post_official_response'])
    const inApp = (await call('GET', '/v1/notifications', agent.key)).body.data
    expect(inApp.map((n: any) => n.kind)).toEqual(['post_official_response'])
  })
})
