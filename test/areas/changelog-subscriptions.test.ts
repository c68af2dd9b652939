import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changelogEmailModule } from '../../src/areas/changelog/notify'
import { publishDueChangelogEntries } from '../../src/areas/changelog/service'
import { changelogUnsubscribeToken } from '../../src/areas/changelog/subscriptions'
import { subscriberEmailModule } from '../../src/areas/feedback/notify'
import { createSession } from '../../src/auth/sessions'
import { auditEntries, events } from '../../src/db/schema'
import { changelogEntries } from '../../src/db/schema/changelog'
import { type ContactId, newId } from '../../src/ids'
import { startWorkers, type Workers } from '../../src/jobs/runtime'
import { createLogger } from '../../src/logger'
import type { MailMessage } from '../../src/mail/mailer'
import { notificationsModule } from '../../src/notifications/worker'
import { createTestApp, expectProblem, newContact, type TestApp, testDatabaseUrl } from '../harness'

/**
 * Changelog subscriptions and what publishing tells people: the caller's own subscription
 * (`GET/PUT/DELETE /v1/changelog/subscription`), the staff list, one-click unsubscribe, and the notices a
 * publication sends from the event stream (never in the request): changelog subscribers (contacts by email,
 * members in-app) and the subscribers of the posts the entry links (`post_shipped`). Test files share one
 * database: the listeners have their own cursor names and take only this file's workspaces' events.
 */
let t: TestApp
let workers: Workers | undefined
const mine = new Set<string>()
const suffix = Math.random().toString(36).slice(2, 8)
const publicUrl = 'https://loopdesk.example.test'

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>

beforeAll(async () => {
  t = await createTestApp()
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
        listenerName: `notifications-chgsubs-${suffix}`,
        accepts,
      }),
      subscriberEmailModule({
        mailer: t.mailer,
        publicUrl,
        pollingIntervalSeconds: 0.5,
        listenerName: `subscriber-email-chgsubs-${suffix}`,
        accepts,
      }),
      changelogEmailModule({
        mailer: t.mailer,
        publicUrl,
        pollingIntervalSeconds: 0.5,
        listenerName: `changelog-email-${suffix}`,
        accepts,
      }),
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

/** Let the listeners and jobs catch up with everything committed so far. */
const settle = () => new Promise((r) => setTimeout(r, 1500))

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
    { workspaceId: ws.workspaceId, contactId: contact.id as ContactId },
    { ip: null, userAgent: null },
  )
  return { id: contact.id as ContactId, email: contact.email as string, key: session.token }
}

async function visitorOf(ws: Workspace) {
  const origin = 'https://changelog-subs.visitors.test'
  const profile = await call('POST', '/v1/widget-profiles', ws.key, {
    name: 'Site',
    allowedOrigins: [origin],
  })
  expect(profile.status, profile.text).toBe(201)
  return { key: profile.body.publishableKey as string, headers: { origin } }
}

async function makePost(key: string, title: string) {
  const b = await call('POST', '/v1/boards', key, { name: `Board ${Math.random().toString(36).slice(2, 8)}` })
  expect(b.status, b.text).toBe(201)
  const p = await call('POST', '/v1/posts', key, { boardId: b.body.id, title })
  expect(p.status, p.text).toBe(201)
  return p.body as { id: string; boardId: string }
}

async function makeEntry(key: string, body: Record<string, unknown> = {}) {
  const res = await call('POST', '/v1/changelog', key, {
    title: 'CSV export is here',
    body: 'Any board.',
    ...body,
  })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string }
}

const mailTo = (email: string, tag?: string) =>
  t.mailer.sent.filter((m) => m.to === email && (tag === undefined || m.tag === tag))

function tokenOf(mail: MailMessage): string {
  const header = mail.headers?.['List-Unsubscribe'] ?? ''
  return new URL(header.slice(1, -1)).searchParams.get('token') as string
}

const notificationsOf = async (key: string) =>
  (await call('GET', '/v1/notifications', key)).body.data as any[]

describe('GET/PUT/DELETE /v1/changelog/subscription', () => {
  it('subscribes a contact and a member, idempotently, with events and audit; DELETE ends it', async () => {
    const ws = await workspace()
    const contact = await contactOf(ws)
    const before = await call('GET', '/v1/changelog/subscription', contact.key)
    expect(before.status, before.text).toBe(200)
    expect(before.body).toEqual({
      subscribed: false,
      subscriber: { type: 'contact', id: contact.id },
      createdAt: null,
    })
    const put = await call('PUT', '/v1/changelog/subscription', contact.key)
    expect(put.status, put.text).toBe(200)
    expect(put.body).toMatchObject({ subscribed: true, subscriber: { type: 'contact', id: contact.id } })
    const again = await call('PUT', '/v1/changelog/subscription', contact.key)
    expect(again.body).toEqual(put.body)
    expect((await call('GET', '/v1/changelog/subscription', contact.key)).body).toEqual(put.body)

    // Members (an API key answers for its member) follow it too.
    const member = await call('PUT', '/v1/changelog/subscription', ws.key)
    expect(member.status, member.text).toBe(200)
    expect(member.body.subscriber).toEqual({ type: 'member', id: ws.memberId })

    const list = await call('GET', '/v1/changelog/subscribers', ws.key)
    expect(list.status, list.text).toBe(200)
    expect(list.body.data.map((s: any) => s.subscriber.id)).toEqual([contact.id, ws.memberId])
    const contactsOnly = await call('GET', '/v1/changelog/subscribers?subscriberType=contact&limit=1', ws.key)
    expect(contactsOnly.body.data.map((s: any) => s.subscriber.id)).toEqual([contact.id])
    expect(contactsOnly.body.nextCursor).toBeNull()
    const newest = await call('GET', '/v1/changelog/subscribers?sort=-createdAt&limit=1', ws.key)
    expect(newest.body.data.map((s: any) => s.subscriber.id)).toEqual([ws.memberId])
    const next = await call(
      'GET',
      `/v1/changelog/subscribers?sort=-createdAt&limit=1&cursor=${newest.body.nextCursor}`,
      ws.key,
    )
    expect(next.body.data.map((s: any) => s.subscriber.id)).toEqual([contact.id])

    expect((await call('DELETE', '/v1/changelog/subscription', contact.key)).status).toBe(204)
    expect((await call('DELETE', '/v1/changelog/subscription', contact.key)).status).toBe(204)
    expect((await call('GET', '/v1/changelog/subscription', contact.key)).body.subscribed).toBe(false)

    const rows = await t.database.db
      .select({ type: events.type, actorId: events.actorId })
      .from(events)
      .where(eq(events.workspaceId, ws.workspaceId))
    const subscriptionEvents = rows.filter((r) => r.type.startsWith('changelog_subscription.'))
    // One created per person (the second PUT changed nothing), one deleted (the second DELETE neither).
    expect(subscriptionEvents.map((r) => r.type).sort()).toEqual([
      'changelog_subscription.created',
      'changelog_subscription.created',
      'changelog_subscription.deleted',
    ])
    const audited = await t.database.db
      .select({ type: auditEntries.type })
      .from(auditEntries)
      .where(eq(auditEntries.workspaceId, ws.workspaceId))
    expect(audited.map((a) => a.type)).toContain('changelog_subscription.created')
  })

  it('refuses bad input: an unknown subscriber type, sort, limit or cursor', async () => {
    const ws = await workspace()
    expectProblem(
      await call('GET', '/v1/changelog/subscribers?subscriberType=visitor', ws.key),
      400,
      'validation_failed',
    )
    expectProblem(await call('GET', '/v1/changelog/subscribers?sort=name', ws.key), 400, 'validation_failed')
    expectProblem(await call('GET', '/v1/changelog/subscribers?limit=0', ws.key), 400, 'validation_failed')
    expectProblem(
      await call('GET', '/v1/changelog/subscribers?cursor=nonsense', ws.key),
      400,
      'invalid_cursor',
    )
  })

  it('security: no credential, a visitor, another workspace, wrong role, wrong scope', async () => {
    const ws = await workspace()
    const other = await workspace()
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expect((await call(method, '/v1/changelog/subscription')).status).toBe(401)
    }
    expect((await call('GET', '/v1/changelog/subscribers')).status).toBe(401)

    // A visitor reads the changelog but is nobody to tell.
    const visitor = await visitorOf(ws)
    expect((await call('GET', '/v1/changelog', visitor.key, undefined, visitor.headers)).status).toBe(200)
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expectProblem(
        await call(method, '/v1/changelog/subscription', visitor.key, undefined, visitor.headers),
        403,
        'forbidden',
      )
    }
    expectProblem(
      await call('GET', '/v1/changelog/subscribers', visitor.key, undefined, visitor.headers),
      403,
      'forbidden',
    )

    // A contact follows for itself and lists nobody.
    const contact = await contactOf(ws)
    await call('PUT', '/v1/changelog/subscription', contact.key)
    expectProblem(await call('GET', '/v1/changelog/subscribers', contact.key), 403, 'forbidden')

    // Another workspace sees none of this workspace's subscribers.
    const theirs = await call('GET', '/v1/changelog/subscribers', other.key)
    expect(theirs.status).toBe(200)
    expect(theirs.body.data).toEqual([])

    // A role without content.read neither follows nor lists.
    const role = await call('POST', '/v1/roles', ws.key, {
      name: `No content ${suffix}`,
      permissions: ['members.read'],
    })
    expect(role.status, role.text).toBe(201)
    const outsider = await t.newMember(ws.workspaceId, { roles: [{ role: role.body.id }] })
    expectProblem(await call('PUT', '/v1/changelog/subscription', outsider.key), 403, 'forbidden')
    const listed = await call('GET', '/v1/changelog/subscribers', outsider.key)
    expectProblem(listed, 403, 'forbidden')
    expect(listed.body.missingPermission).toBe('content.read')

    // Scopes: reading needs content:read, subscribing content:write.
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['content:read'] })
    expect((await call('GET', '/v1/changelog/subscription', reader.key)).status).toBe(200)
    expect((await call('GET', '/v1/changelog/subscribers', reader.key)).status).toBe(200)
    const refused = await call('PUT', '/v1/changelog/subscription', reader.key)
    expectProblem(refused, 403, 'forbidden')
    expect(refused.body.missingScope).toBe('content:write')
    const unrelated = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const noScope = await call('GET', '/v1/changelog/subscribers', unrelated.key)
    expectProblem(noScope, 403, 'forbidden')
    expect(noScope.body.missingScope).toBe('content:read')
  })
})

describe('publishing notifies', () => {
  it('changelog subscribers: contacts by email with RFC 8058 unsubscribe, members in-app, never the publisher', async () => {
    const ws = await workspace()
    const reader = await contactOf(ws)
    const quiet = await contactOf(ws)
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    await call('PUT', '/v1/changelog/subscription', reader.key)
    await call('PUT', '/v1/changelog/subscription', agent.key)
    await call('PUT', '/v1/changelog/subscription', ws.key) // the publisher follows too
    const entry = await makeEntry(ws.key, { title: `Dark mode ${suffix}`, body: 'Easy on the eyes.' })
    // Writing a draft tells nobody.
    await settle()
    expect(mailTo(reader.email)).toEqual([])

    const published = await call('POST', `/v1/changelog/${entry.id}/publish`, ws.key)
    expect(published.status, published.text).toBe(200)
    const mail = await waitFor(() => mailTo(reader.email, 'changelog.published')[0])
    expect(mail.subject).toContain(`Dark mode ${suffix}`)
    expect(mail.text).toContain('Easy on the eyes.')
    expect(mail.headers?.['List-Unsubscribe']).toMatch(
      new RegExp(`^<${publicUrl}/v1/changelog/unsubscribe\\?token=csub_[0-9a-z]+\\.[\\w-]{43}>$`),
    )
    expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    const inApp = await waitFor(async () => {
      const list = await notificationsOf(agent.key)
      return list.length > 0 ? list : undefined
    })
    expect(inApp).toEqual([
      expect.objectContaining({
        kind: 'changelog_published',
        title: expect.stringContaining(`Dark mode ${suffix}`),
        body: 'Easy on the eyes.',
        resource: { type: 'changelog_entry', id: entry.id },
      }),
    ])
    await settle()
    expect(mailTo(quiet.email)).toEqual([])
    expect(mailTo(reader.email)).toHaveLength(1)
    expect(await notificationsOf(ws.key)).toEqual([])
  })

  it('a staff-only entry emails no contact, but members still hear of it', async () => {
    const ws = await workspace()
    const reader = await contactOf(ws)
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    await call('PUT', '/v1/changelog/subscription', reader.key)
    await call('PUT', '/v1/changelog/subscription', agent.key)
    const post = await makePost(ws.key, 'Internal tooling')
    await call('PUT', `/v1/posts/${post.id}/subscription`, reader.key, { level: 'all' })
    const entry = await makeEntry(ws.key, { visibility: { audience: 'staff' }, linkedPostIds: [post.id] })
    expect((await call('POST', `/v1/changelog/${entry.id}/publish`, ws.key)).status).toBe(200)
    await waitFor(async () => ((await notificationsOf(agent.key)).length > 0 ? true : undefined))
    await settle()
    expect(mailTo(reader.email)).toEqual([])
  })

  it('subscribers of the linked posts hear it shipped (each once), honouring off', async () => {
    const ws = await workspace()
    const first = await makePost(ws.key, `Export to CSV ${suffix}`)
    const second = await makePost(ws.key, `Export to Excel ${suffix}`)
    const both = await contactOf(ws)
    const off = await contactOf(ws)
    const commentsOnly = await contactOf(ws)
    await call('PUT', `/v1/posts/${first.id}/subscription`, both.key, { level: 'status' })
    await call('PUT', `/v1/posts/${second.id}/subscription`, both.key, { level: 'all' })
    await call('POST', `/v1/posts/${first.id}/votes`, off.key, {})
    await call('DELETE', `/v1/posts/${first.id}/subscription`, off.key)
    await call('PUT', `/v1/posts/${second.id}/subscription`, commentsOnly.key, { level: 'off' })
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    await call('PUT', `/v1/posts/${first.id}/subscription`, agent.key, { level: 'status' })
    await call('PUT', `/v1/posts/${second.id}/subscription`, agent.key, { level: 'all' })

    const entry = await makeEntry(ws.key, {
      title: `Exports ${suffix}`,
      linkedPostIds: [first.id, second.id],
    })
    expect((await call('POST', `/v1/changelog/${entry.id}/publish`, ws.key)).status).toBe(200)
    const shipped = await waitFor(() => mailTo(both.email, 'feedback.post_shipped')[0])
    expect(shipped.subject).toContain(`Exports ${suffix}`)
    expect(shipped.text).toContain(`Exports ${suffix}`)
    // A post subscription's own unsubscribe link.
    expect(shipped.headers?.['List-Unsubscribe']).toContain(`${publicUrl}/v1/unsubscribe?token=psub_`)
    const inApp = await waitFor(async () => {
      const list = (await notificationsOf(agent.key)).filter((n) => n.kind === 'post_shipped')
      return list.length > 0 ? list : undefined
    })
    expect(inApp).toEqual([
      expect.objectContaining({
        kind: 'post_shipped',
        title: expect.stringContaining(`Exports ${suffix}`),
        resource: { type: 'changelog_entry', id: entry.id },
      }),
    ])
    await settle()
    expect(mailTo(both.email)).toHaveLength(1)
    expect(mailTo(off.email)).toEqual([])
    expect(mailTo(commentsOnly.email)).toEqual([])
    expect((await notificationsOf(agent.key)).filter((n) => n.kind === 'post_shipped')).toHaveLength(1)
  })

  it('a scheduled entry published by the tick notifies exactly once, even when the tick runs twice', async () => {
    const ws = await workspace()
    const reader = await contactOf(ws)
    await call('PUT', '/v1/changelog/subscription', reader.key)
    const entry = await makeEntry(ws.key, { title: `Scheduled ${suffix}` })
    const scheduled = await call('POST', `/v1/changelog/${entry.id}/publish`, ws.key, {
      publishAt: new Date(Date.now() + 60_000).toISOString(),
    })
    expect(scheduled.status, scheduled.text).toBe(200)
    await settle()
    expect(mailTo(reader.email)).toEqual([])
    const later = new Date(Date.now() + 120_000)
    await Promise.all([
      publishDueChangelogEntries(t.database.db, later),
      publishDueChangelogEntries(t.database.db, later),
    ])
    await waitFor(() => mailTo(reader.email, 'changelog.published')[0])
    await settle()
    expect(mailTo(reader.email)).toHaveLength(1)
    const published = await t.database.db
      .select({ id: events.id })
      .from(events)
      .where(eq(events.resourceId, entry.id))
    expect(published.length).toBeGreaterThan(0)
    const [row] = await t.database.db
      .select({ state: changelogEntries.state })
      .from(changelogEntries)
      .where(eq(changelogEntries.id, entry.id as never))
    expect(row?.state).toBe('published')
  })
})

describe('POST /v1/changelog/unsubscribe', () => {
  it('one click (RFC 8058 form body) ends the subscription; JSON works; later entries send nothing', async () => {
    const ws = await workspace()
    const reader = await contactOf(ws)
    const other = await contactOf(ws)
    await call('PUT', '/v1/changelog/subscription', reader.key)
    await call('PUT', '/v1/changelog/subscription', other.key)
    const entry = await makeEntry(ws.key, { title: `First ${suffix}` })
    await call('POST', `/v1/changelog/${entry.id}/publish`, ws.key)
    const mail = await waitFor(() => mailTo(reader.email, 'changelog.published')[0])
    const otherMail = await waitFor(() => mailTo(other.email, 'changelog.published')[0])

    const url = mail.headers?.['List-Unsubscribe']?.slice(1, -1) as string
    const res = await t.app.request(url.replace(publicUrl, ''), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await res.json()).toEqual({
      subscribed: false,
      subscriber: { type: 'contact', id: reader.id },
      createdAt: null,
    })
    expect((await call('GET', '/v1/changelog/subscription', reader.key)).body.subscribed).toBe(false)
    // The same link again: the subscription is gone.
    expectProblem(
      await call('POST', `/v1/changelog/unsubscribe?token=${encodeURIComponent(tokenOf(mail))}`),
      404,
      'not_found',
    )
    const json = await call('POST', '/v1/changelog/unsubscribe', undefined, { token: tokenOf(otherMail) })
    expect(json.status, json.text).toBe(200)

    const unsubscribed = await t.database.db
      .select({ type: events.type, actorType: events.actorType, actorId: events.actorId })
      .from(events)
      .where(eq(events.workspaceId, ws.workspaceId))
    expect(unsubscribed.filter((e) => e.type === 'changelog_subscription.deleted')).toEqual(
      expect.arrayContaining([
        { type: 'changelog_subscription.deleted', actorType: 'contact', actorId: reader.id },
      ]),
    )

    const second = await makeEntry(ws.key, { title: `Second ${suffix}` })
    await call('POST', `/v1/changelog/${second.id}/publish`, ws.key)
    await settle()
    expect(mailTo(reader.email)).toHaveLength(1)
    expect(mailTo(other.email)).toHaveLength(1)
  })

  it('refuses a token it did not sign (404), a post subscription token, a malformed one and none (400)', async () => {
    const forged = changelogUnsubscribeToken('another secret', newId('csub'))
    expectProblem(
      await call('POST', '/v1/changelog/unsubscribe', undefined, { token: forged }),
      404,
      'not_found',
    )
    const unknown = changelogUnsubscribeToken(t.deps.secret, newId('csub'))
    expectProblem(
      await call('POST', '/v1/changelog/unsubscribe', undefined, { token: unknown }),
      404,
      'not_found',
    )
    const postToken = `${newId('psub')}.${'a'.repeat(43)}`
    expectProblem(
      await call('POST', '/v1/changelog/unsubscribe', undefined, { token: postToken }),
      400,
      'validation_failed',
    )
    expectProblem(await call('POST', '/v1/changelog/unsubscribe?token=nonsense'), 400, 'validation_failed')
    expectProblem(await call('POST', '/v1/changelog/unsubscribe'), 400, 'validation_failed')
  })
})

describe('contact merge', () => {
  it('moves the merged contact’s changelog subscription to the surviving contact', async () => {
    const ws = await workspace()
    const target = await contactOf(ws)
    const source = await contactOf(ws)
    await call('PUT', '/v1/changelog/subscription', source.key)
    const merged = await call('POST', `/v1/contacts/${target.id}/merge`, ws.key, {
      sourceContactId: source.id,
    })
    expect(merged.status, merged.text).toBe(200)
    expect((await call('GET', '/v1/changelog/subscription', target.key)).body.subscribed).toBe(true)
    const list = await call('GET', '/v1/changelog/subscribers', ws.key)
    expect(list.body.data.map((s: any) => s.subscriber.id)).toEqual([target.id])
  })
})
