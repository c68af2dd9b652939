import { createHash } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '../../src/auth/passwords'
import { events, invitations, members, teams } from '../../src/db/schema'
import { newId, type RoleId, type WorkspaceId } from '../../src/ids'
import { captureLogger, createTestApp, type TestApp } from '../harness'

let t: TestApp
let logs: string[]
beforeAll(async () => {
  const capture = captureLogger('debug')
  logs = capture.lines
  t = await createTestApp({ publicUrl: 'https://desk.acme.test' }, { logger: capture.logger })
})

const eventsOf = (workspaceId: WorkspaceId, type: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.type, type)))
    .orderBy(events.occurredAt, events.id)

const email = () => `invitee-${Math.random().toString(36).slice(2)}@example.test`
const invite = (key: string, body: Record<string, unknown>) =>
  t.request('POST', '/v1/invitations', { key, body })
const accept = (
  token: string,
  body: Record<string, unknown> = { name: 'Grace', password: 'correct horse battery' },
) => t.request('POST', '/v1/invitations/accept', { body: { token, ...body } })

async function customRole(key: string, permissions: string[]) {
  const res = await t.request('POST', '/v1/roles', {
    key,
    body: { name: `Role ${Math.random()}`, permissions },
  })
  expect(res.status).toBe(201)
  return res.body.id as RoleId
}

describe('createInvitation', () => {
  it('answers the token and link once, stores only the token’s hash, mails the link and emits member.invited', async () => {
    const ws = await t.newWorkspace('Acme')
    const team = await t.newTeam(ws.workspaceId)
    const to = email()
    const res = await invite(ws.key, { email: to, role: 'agent', teamIds: [team.id] })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      email: to,
      role: 'agent',
      roleName: 'Agent',
      teamIds: [team.id],
      status: 'pending',
      invitedBy: ws.memberId,
      acceptedAt: null,
      acceptedMemberId: null,
      revokedAt: null,
    })
    expect(res.body.id).toMatch(/^inv_/)
    const { token, acceptUrl } = res.body
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // The token rides in the fragment, which browsers send to no server and put in no Referer.
    expect(acceptUrl).toBe(`https://desk.acme.test/accept-invitation#token=${token}`)
    const ttl = Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)
    expect(ttl).toBe(7 * 24 * 60 * 60 * 1000)
    expect(res.headers.get('location')).toBe(`/v1/invitations/${res.body.id}`)

    const [row] = await t.database.db.select().from(invitations).where(eq(invitations.id, res.body.id))
    expect(row?.tokenHash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(token)

    const mail = t.mailer.lastTo(to)
    expect(mail).toMatchObject({ tag: 'invitation', subject: 'You are invited to Acme on Loopdesk' })
    expect(mail?.text).toContain(acceptUrl)

    const emitted = await eventsOf(ws.workspaceId, 'member.invited')
    expect(emitted.map((e) => e.data)).toEqual([
      {
        invitation: {
          id: res.body.id,
          email: to,
          role: 'agent',
          teamIds: [team.id],
          invitedBy: ws.memberId,
          expiresAt: res.body.expiresAt,
        },
      },
    ])
    expect(JSON.stringify(emitted)).not.toContain(token)
    expect(logs.join('\n')).not.toContain(token)
  })

  it('invites with a custom role', async () => {
    const ws = await t.newWorkspace()
    const role = await customRole(ws.key, ['contacts.read'])
    const res = await invite(ws.key, { email: email(), role })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ role, teamIds: [] })
  })

  it('replaces a pending invitation to the same address', async () => {
    const ws = await t.newWorkspace()
    const to = email()
    const first = await invite(ws.key, { email: to, role: 'agent' })
    const second = await invite(ws.key, { email: to.toUpperCase(), role: 'viewer' })
    expect(second.status).toBe(201)
    const old = await t.request('GET', `/v1/invitations/${first.body.id}`, { key: ws.key })
    expect(old.body.status).toBe('revoked')
    expect((await accept(first.body.token)).body.code).toBe('invitation_revoked')
    expect((await eventsOf(ws.workspaceId, 'invitation.revoked')).map((e) => e.resourceId)).toEqual([
      first.body.id,
    ])
  })

  it('refuses the email of an existing member, active or not (409 member_exists)', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId)
    const res = await invite(ws.key, { email: m.email.toUpperCase(), role: 'agent' })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('member_exists')
    await t.database.db.update(members).set({ status: 'deactivated' }).where(eq(members.id, m.memberId))
    expect((await invite(ws.key, { email: m.email, role: 'agent' })).status).toBe(409)
  })

  it('refuses an agent (403 members.manage) and a key without members:write (403 missingScope)', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId)
    const res = await invite(agent.key, { email: email(), role: 'agent' })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'members.manage' })
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['members:read'] })
    const keyRes = await invite(reader.key, { email: email(), role: 'agent' })
    expect(keyRes.status).toBe(403)
    expect(keyRes.body).toMatchObject({ code: 'forbidden', missingScope: 'members:write' })
  })

  it('refuses to offer a role beyond the actor’s own permissions, and owner to non-owners', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const owner = await invite(admin.key, { email: email(), role: 'owner' })
    expect(owner.status).toBe(403)
    const inviter = await customRole(ws.key, ['members.manage', 'members.read'])
    const limited = await t.newMember(ws.workspaceId, { roles: [{ role: inviter }] })
    const res = await invite(limited.key, { email: email(), role: 'agent' })
    expect(res.status).toBe(403)
    expect(res.body.missingPermission).toBe('teams.read')
    expect((await invite(ws.key, { email: email(), role: 'owner' })).status).toBe(201)
  })

  it('answers 404 for another workspace’s team or role', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const team = await t.newTeam(other.workspaceId)
    const role = await customRole(other.key, ['contacts.read'])
    const byTeam = await invite(ws.key, { email: email(), role: 'agent', teamIds: [team.id] })
    expect(byTeam.status).toBe(404)
    expect(byTeam.body.detail).toContain(team.id)
    expect((await invite(ws.key, { email: email(), role })).status).toBe(404)
  })

  it.each([
    ['a malformed email', { email: 'nope', role: 'agent' }, 'body.email'],
    ['no role', { email: 'a@example.test' }, 'body.role'],
    ['an unknown role', { email: 'a@example.test', role: 'boss' }, 'body.role'],
    ['a malformed team', { email: 'a@example.test', role: 'agent', teamIds: ['x'] }, 'body.teamIds.0'],
    ['an unknown field', { email: 'a@example.test', role: 'agent', token: 'mine' }, 'body.token'],
  ])('refuses %s with 400', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await invite(ws.key, body)
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })
})

describe('listInvitations', () => {
  it('lists pending invitations newest first, never their tokens; status filters', async () => {
    const ws = await t.newWorkspace()
    const a = await invite(ws.key, { email: email(), role: 'agent' })
    const b = await invite(ws.key, { email: email(), role: 'viewer' })
    const c = await invite(ws.key, { email: email(), role: 'viewer' })
    await t.request('DELETE', `/v1/invitations/${b.body.id}`, { key: ws.key })
    await t.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, c.body.id))
    const list = async (query = '') => {
      const res = await t.request('GET', `/v1/invitations${query}`, { key: ws.key })
      for (const invitation of [a, b, c]) expect(res.text).not.toContain(invitation.body.token)
      expect(res.text).not.toContain('tokenHash')
      return res.body.data.map((i: { id: string }) => i.id)
    }
    expect(await list()).toEqual([a.body.id])
    expect(await list('?status=revoked')).toEqual([b.body.id])
    expect(await list('?status=expired')).toEqual([c.body.id])
    expect(await list('?status=all')).toEqual([c.body.id, b.body.id, a.body.id])
    expect(await list('?status=all&sort=createdAt')).toEqual([a.body.id, b.body.id, c.body.id])
    const page = await t.request('GET', '/v1/invitations?status=all&limit=2', { key: ws.key })
    const rest = await t.request('GET', `/v1/invitations?status=all&limit=2&cursor=${page.body.nextCursor}`, {
      key: ws.key,
    })
    expect(rest.body.data.map((i: { id: string }) => i.id)).toEqual([a.body.id])
  })

  it('refuses an agent (403 missingPermission members.manage); a members:read key may list', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId)
    const res = await t.request('GET', '/v1/invitations', { key: agent.key })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'members.manage' })
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['members:read'] })
    expect((await t.request('GET', '/v1/invitations', { key: reader.key })).status).toBe(200)
    const other = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['contacts:read'] })
    const keyRes = await t.request('GET', '/v1/invitations', { key: other.key })
    expect(keyRes.status).toBe(403)
    expect(keyRes.body.missingScope).toBe('members:read')
  })

  it('never lists another workspace’s invitations', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    await invite(b.key, { email: email(), role: 'agent' })
    const res = await t.request('GET', '/v1/invitations?status=all', { key: a.key })
    expect(res.body.data).toEqual([])
  })

  it.each([['status=open'], ['sort=email'], ['limit=101']])('refuses ?%s with 400', async (query) => {
    const ws = await t.newWorkspace()
    expect((await t.request('GET', `/v1/invitations?${query}`, { key: ws.key })).status).toBe(400)
  })
})

describe('getInvitation', () => {
  it('answers the invitation without its token, with an ETag; 404 across workspaces', async () => {
    const ws = await t.newWorkspace()
    const created = await invite(ws.key, { email: email(), role: 'agent' })
    const res = await t.request('GET', `/v1/invitations/${created.body.id}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).not.toHaveProperty('token')
    expect(res.body).not.toHaveProperty('acceptUrl')
    expect(res.text).not.toContain(created.body.token)
    expect(res.headers.get('etag')).toBe('"1"')
    const cached = await t.request('GET', `/v1/invitations/${created.body.id}`, {
      key: ws.key,
      headers: { 'if-none-match': '"1"' },
    })
    expect(cached.status).toBe(304)
    const other = await t.newWorkspace()
    const foreign = await t.request('GET', `/v1/invitations/${created.body.id}`, { key: other.key })
    const missing = await t.request('GET', `/v1/invitations/${newId('inv')}`, { key: other.key })
    expect(foreign.status).toBe(404)
    expect({ ...foreign.body, requestId: undefined }).toEqual({ ...missing.body, requestId: undefined })
  })
})

describe('revokeInvitation', () => {
  it('revokes (the token stops working), emits invitation.revoked; again is harmless', async () => {
    const ws = await t.newWorkspace()
    const created = await invite(ws.key, { email: email(), role: 'agent' })
    const res = await t.request('DELETE', `/v1/invitations/${created.body.id}`, {
      key: ws.key,
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(204)
    const refused = await accept(created.body.token)
    expect(refused.status).toBe(410)
    expect(refused.body.code).toBe('invitation_revoked')
    expect((await t.request('DELETE', `/v1/invitations/${created.body.id}`, { key: ws.key })).status).toBe(
      204,
    )
    const emitted = await eventsOf(ws.workspaceId, 'invitation.revoked')
    expect(emitted.map((e) => e.data)).toEqual([
      { invitation: { id: created.body.id, email: created.body.email } },
    ])
  })

  it('refuses an accepted invitation (409), a stale If-Match (412), an agent (403); 404 across workspaces', async () => {
    const ws = await t.newWorkspace()
    const used = await invite(ws.key, { email: email(), role: 'agent' })
    await accept(used.body.token)
    const accepted = await t.request('DELETE', `/v1/invitations/${used.body.id}`, { key: ws.key })
    expect(accepted.status).toBe(409)
    expect(accepted.body.code).toBe('invitation_accepted')
    const open = await invite(ws.key, { email: email(), role: 'agent' })
    const stale = await t.request('DELETE', `/v1/invitations/${open.body.id}`, {
      key: ws.key,
      headers: { 'if-match': '"7"' },
    })
    expect(stale.status).toBe(412)
    const agent = await t.newMember(ws.workspaceId)
    const byAgent = await t.request('DELETE', `/v1/invitations/${open.body.id}`, { key: agent.key })
    expect(byAgent.status).toBe(403)
    expect(byAgent.body.missingPermission).toBe('members.manage')
    const other = await t.newWorkspace()
    expect((await t.request('DELETE', `/v1/invitations/${open.body.id}`, { key: other.key })).status).toBe(
      404,
    )
    expect((await accept(open.body.token)).status).toBe(201)
  })
})

describe('acceptInvitation', () => {
  it('creates the member with the role, teams and an argon2id password; emits member.joined', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const to = email()
    const created = await invite(ws.key, { email: to, role: 'supervisor', teamIds: [team.id] })
    const password = 'correct horse battery staple'
    const res = await accept(created.body.token, { name: ' Grace Hopper ', password })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ email: to, name: 'Grace Hopper', status: 'active', teamIds: [team.id] })
    expect(res.body.roles).toEqual([expect.objectContaining({ role: 'supervisor', teamId: null })])
    expect(res.headers.get('location')).toBe(`/v1/members/${res.body.id}`)
    expect(res.text).not.toContain(password)
    expect(res.text).not.toContain('argon2')

    const [row] = await t.database.db.select().from(members).where(eq(members.id, res.body.id))
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(row?.passwordHash ?? '', password)).toBe(true)

    const invitation = await t.request('GET', `/v1/invitations/${created.body.id}`, { key: ws.key })
    expect(invitation.body).toMatchObject({ status: 'accepted', acceptedMemberId: res.body.id })
    const [event] = await eventsOf(ws.workspaceId, 'member.joined')
    expect(event?.data).toEqual({
      member: { id: res.body.id, email: to, name: 'Grace Hopper', status: 'active' },
      invitationId: created.body.id,
    })
    expect(event?.actorId).toBe(res.body.id)
    const everything = JSON.stringify(
      await t.database.db.select().from(events).where(eq(events.workspaceId, ws.workspaceId)),
    )
    expect(everything).not.toContain(password)
    expect(logs.join('\n')).not.toContain(password)
    expect(logs.join('\n')).not.toContain(created.body.token)

    const again = await accept(created.body.token)
    expect(again.status).toBe(410)
    expect(again.body.code).toBe('invitation_used')
  })

  it('gives a custom role, and skips teams deleted since the invitation', async () => {
    const ws = await t.newWorkspace()
    const role = await customRole(ws.key, ['contacts.read'])
    const team = await t.newTeam(ws.workspaceId)
    const created = await invite(ws.key, { email: email(), role, teamIds: [team.id] })
    await t.database.db.delete(teams).where(eq(teams.id, team.id))
    const res = await accept(created.body.token)
    expect(res.status).toBe(201)
    expect(res.body.teamIds).toEqual([])
    expect(res.body.roles).toEqual([expect.objectContaining({ role, teamId: null })])
  })

  it('refuses an expired invitation (410 invitation_expired) and an unknown token (404)', async () => {
    const ws = await t.newWorkspace()
    const created = await invite(ws.key, { email: email(), role: 'agent' })
    await t.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, created.body.id))
    const expired = await accept(created.body.token)
    expect(expired.status).toBe(410)
    expect(expired.body.code).toBe('invitation_expired')
    const unknown = await accept('A'.repeat(43))
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe('not_found')
  })

  it('refuses when the email became a member meanwhile (409 member_exists)', async () => {
    const ws = await t.newWorkspace()
    const to = email()
    const created = await invite(ws.key, { email: to, role: 'agent' })
    await t.newMember(ws.workspaceId, { email: to })
    const res = await accept(created.body.token)
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('member_exists')
  })

  it.each([
    ['a short password', { name: 'G', password: 'short' }, 'body.password'],
    ['no name', { password: 'long enough password' }, 'body.name'],
    ['an unknown field', { name: 'G', password: 'long enough password', role: 'owner' }, 'body.role'],
  ])('refuses %s with 400 (and uses no token)', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const created = await invite(ws.key, { email: email(), role: 'agent' })
    const res = await accept(created.body.token, body)
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    expect((await accept(created.body.token)).status).toBe(201)
  })

  describe('never grants more than its inviter could grant now', () => {
    async function adminInvites(role: string) {
      const ws = await t.newWorkspace()
      const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
      const res = await invite(admin.key, { email: email(), role })
      expect(res.status).toBe(201)
      return { ws, admin, invitation: res.body }
    }

    async function expectRevokedOnAccept(
      workspaceId: WorkspaceId,
      invitation: { id: string; token: string },
    ) {
      const res = await accept(invitation.token)
      expect(res.status).toBe(410)
      expect(res.body.code).toBe('invitation_revoked')
      expect(res.body.detail).toMatch(/inviter/)
      const [row] = await t.database.db
        .select()
        .from(invitations)
        .where(eq(invitations.id, invitation.id as never))
      expect(row?.revokedAt).not.toBeNull()
      expect(row?.acceptedAt).toBeNull()
      expect(await eventsOf(workspaceId, 'member.joined')).toHaveLength(0)
      const revoked = await eventsOf(workspaceId, 'invitation.revoked')
      expect(revoked.map((e) => e.resourceId)).toContain(invitation.id)
      // And it stays revoked: a second try says so.
      expect((await accept(invitation.token)).body.code).toBe('invitation_revoked')
    }

    it('refuses, and revokes, an admin invitation once its inviter was demoted to agent', async () => {
      const { ws, admin, invitation } = await adminInvites('admin')
      const roles = await t.request('GET', `/v1/members/${admin.memberId}/roles`, { key: ws.key })
      const assignment = roles.body.data.find((a: { role: string }) => a.role === 'admin')
      await t.request('POST', `/v1/members/${admin.memberId}/roles`, { key: ws.key, body: { role: 'agent' } })
      const removed = await t.request('DELETE', `/v1/members/${admin.memberId}/roles/${assignment.id}`, {
        key: ws.key,
      })
      expect(removed.status).toBe(204)
      await expectRevokedOnAccept(ws.workspaceId, invitation)
    })

    it('refuses, and revokes, an invitation once its inviter was deactivated', async () => {
      const { ws, admin, invitation } = await adminInvites('agent')
      const res = await t.request('PATCH', `/v1/members/${admin.memberId}`, {
        key: ws.key,
        body: { status: 'deactivated' },
      })
      expect(res.status).toBe(200)
      await expectRevokedOnAccept(ws.workspaceId, invitation)
    })

    it('refuses a custom role that gained a permission its inviter lacks', async () => {
      const ws = await t.newWorkspace()
      const role = await customRole(ws.key, ['contacts.read'])
      const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
      const res = await invite(supervisor.key, { email: email(), role })
      expect(res.status).toBe(201)
      // The owner widens the role beyond what… an admin holds everything but workspace.manage.
      const widened = await t.request('PATCH', `/v1/roles/${role}`, {
        key: ws.key,
        body: { permissions: ['contacts.read', 'workspace.manage'] },
      })
      expect(widened.status).toBe(200)
      await expectRevokedOnAccept(ws.workspaceId, res.body)
    })

    it('accepts when the inviter still may grant the role (a promotion changes nothing)', async () => {
      const { ws, admin, invitation } = await adminInvites('agent')
      await t.request('POST', `/v1/members/${admin.memberId}/roles`, { key: ws.key, body: { role: 'owner' } })
      expect((await accept(invitation.token)).status).toBe(201)
    })
  })

  it('refuses a malformed or missing token with 400 naming it; needs no credentials', async () => {
    const res = await accept('short')
    expect(res.status).toBe(400)
    expect(res.body.errors[0].path).toBe('body.token')
    const missing = await t.request('POST', '/v1/invitations/accept', {
      body: { name: 'Grace', password: 'correct horse battery' },
    })
    expect(missing.status).toBe(400)
    expect(missing.body.errors[0].path).toBe('body.token')
  })

  it('takes the token only in the body: the old path with the token in it is gone, the path logged as is', async () => {
    const ws = await t.newWorkspace()
    const previous = await invite(ws.key, { email: email(), role: 'agent' })
    const old = await t.request('POST', `/v1/invitations/${previous.body.token}/accept`, {
      key: ws.key,
      body: { name: 'Grace', password: 'correct horse battery' },
    })
    expect(old.status).toBe(404)
    const created = await invite(ws.key, { email: email(), role: 'agent' })
    const res = await accept(created.body.token)
    expect(res.status).toBe(201)
    const line = logs
      .map((l) => JSON.parse(l))
      .find((l) => l.path === '/v1/invitations/accept' && l.status === 201)
    expect(line).toBeDefined()
    expect(logs.join('\n')).not.toContain(created.body.token)
  })
})
