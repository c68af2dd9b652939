import { beforeAll, describe, expect, it } from 'vitest'
import spec from '../../generated/openapi.json'
import { createSession } from '../../src/auth/sessions'
import { notifications, roles } from '../../src/db/schema'
import { type MemberId, newId, type WorkspaceId } from '../../src/ids'
import { allNotificationKinds } from '../../src/notifications/kinds'
import { createTestApp, newContact, type TestApp } from '../harness'

let t: TestApp
let ws: Awaited<ReturnType<TestApp['newWorkspace']>>
let agent: Awaited<ReturnType<TestApp['newMember']>>

/** A notification for `memberId`, inserted as the worker would (endpoint tests need no workers). */
async function seed(workspaceId: WorkspaceId, memberId: MemberId, title: string, read = false) {
  const [row] = await t.database.db
    .insert(notifications)
    .values({
      id: newId('ntf'),
      workspaceId,
      memberId,
      kind: 'team_membership',
      eventId: newId('evt'),
      title,
      body: `${title} body`,
      resourceType: 'team',
      resourceId: newId('team'),
      readAt: read ? new Date() : null,
    })
    .returning()
  return row!
}

beforeAll(async () => {
  t = await createTestApp()
  ws = await t.newWorkspace()
  agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
})

describe('GET /v1/notifications', () => {
  it('lists only the caller’s notifications, newest first, paginated, with an unread filter', async () => {
    const member = await t.newMember(ws.workspaceId)
    const first = await seed(ws.workspaceId, member.memberId, 'first')
    await new Promise((r) => setTimeout(r, 5))
    const second = await seed(ws.workspaceId, member.memberId, 'second', true)
    await seed(ws.workspaceId, agent.memberId, 'someone else’s')

    const all = await t.request('GET', '/v1/notifications', { key: member.key })
    expect(all.status).toBe(200)
    expect(all.body.data.map((n: { id: string }) => n.id)).toEqual([second.id, first.id])
    expect(all.body.data[1]).toEqual({
      id: first.id,
      kind: 'team_membership',
      eventId: first.eventId,
      title: 'first',
      body: 'first body',
      resource: { type: 'team', id: first.resourceId },
      readAt: null,
      createdAt: first.createdAt.toISOString(),
    })

    const unread = await t.request('GET', '/v1/notifications?unread=true', { key: member.key })
    expect(unread.body.data.map((n: { id: string }) => n.id)).toEqual([first.id])

    const page1 = await t.request('GET', '/v1/notifications?limit=1', { key: member.key })
    expect(page1.body.data).toHaveLength(1)
    expect(page1.body.nextCursor).toEqual(expect.any(String))
    const page2 = await t.request('GET', `/v1/notifications?limit=1&cursor=${page1.body.nextCursor}`, {
      key: member.key,
    })
    expect(page2.body.data.map((n: { id: string }) => n.id)).toEqual([first.id])
    expect(page2.body.nextCursor).toBeNull()
  })

  it('shows the owner none of another member’s notifications, nor another workspace’s', async () => {
    await seed(ws.workspaceId, agent.memberId, 'private')
    const owner = await t.request('GET', '/v1/notifications', { key: ws.key })
    expect(owner.status).toBe(200)
    expect(owner.body.data).toEqual([])
    const other = await t.newWorkspace()
    expect((await t.request('GET', '/v1/notifications', { key: other.key })).body.data).toEqual([])
  })

  it('works with a member session', async () => {
    const member = await t.newMember(ws.workspaceId)
    await seed(ws.workspaceId, member.memberId, 'via session')
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, memberId: member.memberId },
      { ip: null, userAgent: null },
    )
    const res = await t.request('GET', '/v1/notifications', { key: session.token })
    expect(res.status).toBe(200)
    expect(res.body.data.map((n: { title: string }) => n.title)).toEqual(['via session'])
  })

  it('answers 401 without credentials, 403 to contacts and to keys without the scope', async () => {
    expect((await t.request('GET', '/v1/notifications')).status).toBe(401)

    const contact = await newContact(ws.workspaceId, {}, t.database.db)
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, contactId: contact.id },
      { ip: null, userAgent: null },
    )
    const asContact = await t.request('GET', '/v1/notifications', { key: session.token })
    expect(asContact.status).toBe(403)
    expect(asContact.body.code).toBe('forbidden')

    const noScope = await t.newMember(ws.workspaceId, { scopes: ['contacts:read'] })
    const res = await t.request('GET', '/v1/notifications', { key: noScope.key })
    expect(res.status).toBe(403)
    expect(res.body.missingScope).toBe('notifications:read')

    const readScope = await t.newMember(ws.workspaceId, { scopes: ['notifications:read'] })
    expect((await t.request('GET', '/v1/notifications', { key: readScope.key })).status).toBe(200)
  })

  it('answers 400 to bad query values', async () => {
    for (const query of ['unread=yes', 'limit=0', 'sort=title', 'cursor=nonsense']) {
      const res = await t.request('GET', `/v1/notifications?${query}`, { key: agent.key })
      expect(res.status, query).toBe(400)
    }
  })
})

describe('POST /v1/notifications/read', () => {
  it('marks listed notifications read, ignoring others’ and already-read ones', async () => {
    const member = await t.newMember(ws.workspaceId)
    const a = await seed(ws.workspaceId, member.memberId, 'a')
    const b = await seed(ws.workspaceId, member.memberId, 'b')
    const theirs = await seed(ws.workspaceId, agent.memberId, 'theirs')

    const res = await t.request('POST', '/v1/notifications/read', {
      key: member.key,
      body: { ids: [a.id, theirs.id] },
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ count: 1 })
    const again = await t.request('POST', '/v1/notifications/read', {
      key: member.key,
      body: { ids: [a.id] },
    })
    expect(again.body).toEqual({ count: 0 })

    const unread = await t.request('GET', '/v1/notifications?unread=true', { key: member.key })
    expect(unread.body.data.map((n: { id: string }) => n.id)).toEqual([b.id])
    const agentUnread = await t.request('GET', '/v1/notifications?unread=true', { key: agent.key })
    expect(agentUnread.body.data.map((n: { id: string }) => n.id)).toContain(theirs.id)
  })

  it('marks everything read with all: true', async () => {
    const member = await t.newMember(ws.workspaceId)
    await seed(ws.workspaceId, member.memberId, 'x')
    await seed(ws.workspaceId, member.memberId, 'y')
    const res = await t.request('POST', '/v1/notifications/read', { key: member.key, body: { all: true } })
    expect(res.body).toEqual({ count: 2 })
    const list = await t.request('GET', '/v1/notifications', { key: member.key })
    expect(list.body.data.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true)
  })

  it('answers 400 to bad bodies', async () => {
    const bodies = [
      {},
      { ids: [], all: true },
      { ids: ['ntf_x'] },
      { ids: [newId('evt')] },
      { all: false },
      { ids: [] },
      { all: true, extra: 1 },
    ]
    for (const body of bodies) {
      const res = await t.request('POST', '/v1/notifications/read', { key: agent.key, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.code).toBe('validation_failed')
    }
    const both = await t.request('POST', '/v1/notifications/read', {
      key: agent.key,
      body: { ids: [newId('ntf')], all: true },
    })
    expect(both.status).toBe(400)
  })

  it('answers 401, and 403 to read-only keys and contacts', async () => {
    expect((await t.request('POST', '/v1/notifications/read', { body: { all: true } })).status).toBe(401)
    const readOnly = await t.newMember(ws.workspaceId, { scopes: ['notifications:read'] })
    const res = await t.request('POST', '/v1/notifications/read', { key: readOnly.key, body: { all: true } })
    expect(res.status).toBe(403)
    expect(res.body.missingScope).toBe('notifications:write')

    const contact = await newContact(ws.workspaceId, {}, t.database.db)
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, contactId: contact.id },
      { ip: null, userAgent: null },
    )
    const asContact = await t.request('POST', '/v1/notifications/read', {
      key: session.token,
      body: { all: true },
      headers: { origin: 'http://localhost:3000' },
    })
    expect(asContact.status).toBe(403)
  })
})

describe('notification preferences', () => {
  it('answers every kind × channel with defaults: in-app on, email off', async () => {
    const member = await t.newMember(ws.workspaceId)
    const res = await t.request('GET', '/v1/notification-preferences', { key: member.key })
    expect(res.status).toBe(200)
    expect(res.body.data).toHaveLength(allNotificationKinds().length * 2)
    for (const kind of allNotificationKinds()) {
      expect(res.body.data).toContainEqual({ kind, channel: 'in_app', enabled: true })
      expect(res.body.data).toContainEqual({ kind, channel: 'email', enabled: false })
    }
  })

  it('sets some pairs, keeps the others, and is the caller’s alone', async () => {
    const member = await t.newMember(ws.workspaceId)
    const res = await t.request('PUT', '/v1/notification-preferences', {
      key: member.key,
      body: {
        preferences: [
          { kind: 'role_changed', channel: 'email', enabled: true },
          { kind: 'team_membership', channel: 'in_app', enabled: false },
        ],
      },
    })
    expect(res.status).toBe(200)
    expect(res.body.data).toContainEqual({ kind: 'role_changed', channel: 'email', enabled: true })
    expect(res.body.data).toContainEqual({ kind: 'team_membership', channel: 'in_app', enabled: false })
    expect(res.body.data).toContainEqual({ kind: 'role_changed', channel: 'in_app', enabled: true })

    const back = await t.request('PUT', '/v1/notification-preferences', {
      key: member.key,
      body: { preferences: [{ kind: 'role_changed', channel: 'email', enabled: false }] },
    })
    expect(back.body.data).toContainEqual({ kind: 'role_changed', channel: 'email', enabled: false })
    expect(back.body.data).toContainEqual({ kind: 'team_membership', channel: 'in_app', enabled: false })

    const others = await t.request('GET', '/v1/notification-preferences', { key: agent.key })
    expect(others.body.data).toContainEqual({ kind: 'team_membership', channel: 'in_app', enabled: true })
  })

  it('answers 400 to bad bodies', async () => {
    const bodies = [
      {},
      { preferences: [] },
      { preferences: [{ kind: 'nope', channel: 'email', enabled: true }] },
      { preferences: [{ kind: 'role_changed', channel: 'sms', enabled: true }] },
      { preferences: [{ kind: 'role_changed', channel: 'email', enabled: 'yes' }] },
      { preferences: [{ kind: 'role_changed', channel: 'email' }] },
      { preferences: [{ kind: 'ticket_assigned', channel: 'email', enabled: true }] },
      {
        preferences: [
          { kind: 'role_changed', channel: 'email', enabled: true },
          { kind: 'role_changed', channel: 'email', enabled: false },
        ],
      },
    ]
    for (const body of bodies) {
      const res = await t.request('PUT', '/v1/notification-preferences', { key: agent.key, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.code).toBe('validation_failed')
    }
  })

  it('answers 401, 403 to keys without the scope, to members without notifications.manage and to contacts', async () => {
    expect((await t.request('GET', '/v1/notification-preferences')).status).toBe(401)
    const readOnly = await t.newMember(ws.workspaceId, { scopes: ['notifications:read'] })
    expect((await t.request('GET', '/v1/notification-preferences', { key: readOnly.key })).status).toBe(200)
    const put = await t.request('PUT', '/v1/notification-preferences', {
      key: readOnly.key,
      body: { preferences: [{ kind: 'role_changed', channel: 'email', enabled: true }] },
    })
    expect(put.status).toBe(403)
    expect(put.body.missingScope).toBe('notifications:write')
    const noScope = await t.newMember(ws.workspaceId, { scopes: ['members:read'] })
    const get = await t.request('GET', '/v1/notification-preferences', { key: noScope.key })
    expect(get.status).toBe(403)
    expect(get.body.missingScope).toBe('notifications:read')

    const [role] = await t.database.db
      .insert(roles)
      .values({
        id: newId('role'),
        workspaceId: ws.workspaceId,
        name: 'No notifications',
        permissions: ['members.read'],
      })
      .returning()
    const plain = await t.newMember(ws.workspaceId, { roles: [{ role: role!.id }] })
    const denied = await t.request('GET', '/v1/notification-preferences', { key: plain.key })
    expect(denied.status).toBe(403)
    expect(denied.body.missingPermission).toBe('notifications.manage')
    expect((await t.request('GET', '/v1/notifications', { key: plain.key })).status).toBe(403)

    const contact = await newContact(ws.workspaceId, {}, t.database.db)
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, contactId: contact.id },
      { ip: null, userAgent: null },
    )
    expect((await t.request('GET', '/v1/notification-preferences', { key: session.token })).status).toBe(403)
  })
})

describe('the kind catalogue', () => {
  it('serves exactly the kinds that have a producer', () => {
    const schemas = (spec as { components: { schemas: Record<string, { enum?: string[] }> } }).components
      .schemas
    expect(schemas.NotificationKind?.enum?.slice().sort()).toEqual([...allNotificationKinds()].sort())
  })
})
