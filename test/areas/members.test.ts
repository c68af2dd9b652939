import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../src/auth/sessions'
import { events, members } from '../../src/db/schema'
import { type MemberId, newId, type RoleId, type WorkspaceId } from '../../src/ids'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const eventsOf = (workspaceId: WorkspaceId, type: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.type, type)))
    .orderBy(events.occurredAt, events.id)

/** A custom role made through the API by the workspace's owner. */
async function customRole(ownerKey: string, permissions: string[], name = `Role ${Math.random()}`) {
  const res = await t.request('POST', '/v1/roles', { key: ownerKey, body: { name, permissions } })
  expect(res.status).toBe(201)
  return res.body.id as RoleId
}

async function sessionFor(workspaceId: WorkspaceId, memberId: MemberId) {
  const session = await createSession(t.database.db, { workspaceId, memberId }, { ip: null, userAgent: null })
  return session.token
}

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((m) => m.id)

describe('listMembers', () => {
  it('lists members with their roles and teams, by name, in pages', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const bea = await t.newMember(ws.workspaceId, {
      name: 'Bea',
      roles: [{ role: 'agent' }, { role: 'supervisor', teamId: team.id }],
      teamIds: [team.id],
    })
    const ada = await t.newMember(ws.workspaceId, { name: 'Ada' })
    const res = await t.request('GET', '/v1/members', { key: ws.key })
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual([ada.memberId, bea.memberId, ws.memberId])
    const listed = res.body.data[1]
    expect(listed).toMatchObject({ id: bea.memberId, name: 'Bea', status: 'active', teamIds: [team.id] })
    expect(listed.roles).toHaveLength(2)
    expect(listed.roles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'agent', roleName: 'Agent', teamId: null }),
        expect.objectContaining({ role: 'supervisor', roleName: 'Supervisor', teamId: team.id }),
      ]),
    )
    expect(listed.roles[0].id).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.text).not.toContain('passwordHash')

    const first = await t.request('GET', '/v1/members?limit=2&sort=-createdAt', { key: ws.key })
    expect(ids(first.body)).toEqual([ada.memberId, bea.memberId])
    const next = await t.request(
      'GET',
      `/v1/members?limit=2&sort=-createdAt&cursor=${first.body.nextCursor}`,
      {
        key: ws.key,
      },
    )
    expect(ids(next.body)).toEqual([ws.memberId])
    expect(next.body.nextCursor).toBeNull()
  })

  it('filters by status, team and text in name or email', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const grace = await t.newMember(ws.workspaceId, {
      name: 'Grace Hopper',
      email: 'grace@navy.test',
      teamIds: [team.id],
    })
    const alan = await t.newMember(ws.workspaceId, { name: 'Alan 100%', email: 'alan@bletchley.test' })
    await t.database.db.update(members).set({ status: 'deactivated' }).where(eq(members.id, alan.memberId))
    const list = async (query: string) =>
      ids((await t.request('GET', `/v1/members?${query}`, { key: ws.key })).body)
    expect(await list('status=deactivated')).toEqual([alan.memberId])
    expect(await list(`teamId=${team.id}`)).toEqual([grace.memberId])
    expect(await list('q=HOPPER')).toEqual([grace.memberId])
    expect(await list('q=bletchley')).toEqual([alan.memberId])
    // LIKE wildcards are matched literally.
    expect(await list('q=100%25')).toEqual([alan.memberId])
    expect(await list('q=_')).toEqual([])
    expect(await list(`status=active&teamId=${team.id}&q=grace`)).toEqual([grace.memberId])
  })

  it('shows a team-limited key the members of its teams only', async () => {
    const ws = await t.newWorkspace()
    const a = await t.newTeam(ws.workspaceId)
    const b = await t.newTeam(ws.workspaceId)
    const inA = await t.newMember(ws.workspaceId, { teamIds: [a.id] })
    const inB = await t.newMember(ws.workspaceId, { teamIds: [b.id] })
    const limited = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], keyTeamIds: [a.id] })
    const res = await t.request('GET', '/v1/members', { key: limited.key })
    expect(ids(res.body)).toEqual([inA.memberId])
    const outside = await t.request('GET', `/v1/members/${inB.memberId}`, { key: limited.key })
    expect(outside.status).toBe(404)
    const assign = await t.request('POST', `/v1/members/${inB.memberId}/roles`, {
      key: limited.key,
      body: { role: 'viewer' },
    })
    expect(assign.status).toBe(404)
    const patch = await t.request('PATCH', `/v1/members/${inB.memberId}`, {
      key: limited.key,
      body: { name: 'X' },
    })
    expect(patch.status).toBe(404)
    const inside = await t.request('POST', `/v1/members/${inA.memberId}/roles`, {
      key: limited.key,
      body: { role: 'viewer' },
    })
    expect(inside.status).toBe(201)
  })

  it('never lists another workspace’s members', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    await t.newMember(b.workspaceId)
    const res = await t.request('GET', '/v1/members', { key: a.key })
    expect(ids(res.body)).toEqual([a.memberId])
  })

  it('shows a member without members.read only themselves; refuses a key without members:read (403)', async () => {
    const ws = await t.newWorkspace()
    const role = await customRole(ws.key, ['tickets.read_all'])
    const noRead = await t.newMember(ws.workspaceId, { roles: [{ role }] })
    const res = await t.request('GET', '/v1/members', { key: noRead.key })
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual([noRead.memberId])
    const scoped = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['tickets:read'] })
    const keyRes = await t.request('GET', '/v1/members', { key: scoped.key })
    expect(keyRes.status).toBe(403)
    expect(keyRes.body).toMatchObject({ code: 'forbidden', missingScope: 'members:read' })
  })

  it.each([
    ['limit=0', 'query.limit'],
    ['sort=email', 'query.sort'],
    ['status=gone', 'query.status'],
    ['teamId=nope', 'query.teamId'],
    ['q=', 'query.q'],
  ])('refuses ?%s with 400', async (query, path) => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', `/v1/members?${query}`, { key: ws.key })
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })
})

describe('getMember', () => {
  it('answers the member with an ETag, and 304 while it is current', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', `/v1/members/${ws.memberId}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: ws.memberId, name: 'Owner', status: 'active', teamIds: [] })
    expect(res.body.roles).toEqual([
      expect.objectContaining({ role: 'owner', roleName: 'Owner', teamId: null }),
    ])
    expect(res.body).not.toHaveProperty('passwordHash')
    const etag = res.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"\d+"$/)
    const cached = await t.request('GET', `/v1/members/${ws.memberId}`, {
      key: ws.key,
      headers: { 'if-none-match': etag },
    })
    expect(cached.status).toBe(304)
  })

  it('changes the ETag when the member’s roles change', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId)
    const before = await t.request('GET', `/v1/members/${m.memberId}`, { key: ws.key })
    await t.request('POST', `/v1/members/${m.memberId}/roles`, { key: ws.key, body: { role: 'viewer' } })
    const after = await t.request('GET', `/v1/members/${m.memberId}`, {
      key: ws.key,
      headers: { 'if-none-match': before.headers.get('etag') ?? '' },
    })
    expect(after.status).toBe(200)
    expect(after.body.roles.map((r: { role: string }) => r.role)).toEqual(['agent', 'viewer'])
  })

  it('lets members read themselves without members.read', async () => {
    const ws = await t.newWorkspace()
    const role = await customRole(ws.key, ['tickets.read_all'])
    const m = await t.newMember(ws.workspaceId, { roles: [{ role }] })
    const self = await t.request('GET', `/v1/members/${m.memberId}`, { key: m.key })
    expect(self.status).toBe(200)
    expect(self.body.roles[0]).toMatchObject({ role, teamId: null })
    const other = await t.request('GET', `/v1/members/${ws.memberId}`, { key: m.key })
    expect(other.status).toBe(404)
  })

  it('answers 404 for a member of another workspace, exactly as for a missing one', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const foreign = await t.request('GET', `/v1/members/${b.memberId}`, { key: a.key })
    const missing = await t.request('GET', `/v1/members/${newId('mbr')}`, { key: a.key })
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    expect({ ...foreign.body, requestId: undefined }).toEqual({ ...missing.body, requestId: undefined })
  })

  it('refuses a malformed id with 400 naming the parameter', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', `/v1/members/${newId('ak')}`, { key: ws.key })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].path).toBe('params.memberId')
  })

  it('refuses requests without credentials (401)', async () => {
    const ws = await t.newWorkspace()
    expect((await t.request('GET', `/v1/members/${ws.memberId}`)).status).toBe(401)
  })
})

describe('updateMember', () => {
  it('renames with If-Match, changes the ETag and emits member.updated', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId, { name: 'Old' })
    const etag = (await t.request('GET', `/v1/members/${m.memberId}`, { key: ws.key })).headers.get('etag')
    const res = await t.request('PATCH', `/v1/members/${m.memberId}`, {
      key: ws.key,
      body: { name: 'New' },
      headers: { 'if-match': etag ?? '' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'New', roles: [expect.objectContaining({ role: 'agent' })] })
    expect(res.headers.get('etag')).not.toBe(etag)
    const [event] = await eventsOf(ws.workspaceId, 'member.updated')
    expect(event?.data).toEqual({
      member: { id: m.memberId, email: m.email, name: 'New', status: 'active' },
      previous: { name: 'Old' },
    })
    const stale = await t.request('PATCH', `/v1/members/${m.memberId}`, {
      key: ws.key,
      body: { name: 'Newer' },
      headers: { 'if-match': etag ?? '' },
    })
    expect(stale.status).toBe(412)
    expect(stale.body.code).toBe('precondition_failed')
  })

  it('changes nothing and emits nothing when nothing differs', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('PATCH', `/v1/members/${ws.memberId}`, {
      key: ws.key,
      body: { name: 'Owner' },
    })
    expect(res.status).toBe(200)
    expect(await eventsOf(ws.workspaceId, 'member.updated')).toEqual([])
  })

  it('lets members rename themselves, but not others or their own status', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId)
    const self = await t.request('PATCH', `/v1/members/${agent.memberId}`, {
      key: agent.key,
      body: { name: 'Me' },
    })
    expect(self.status).toBe(200)
    const other = await t.request('PATCH', `/v1/members/${ws.memberId}`, {
      key: agent.key,
      body: { name: 'X' },
    })
    expect(other.status).toBe(403)
    expect(other.body).toMatchObject({ code: 'forbidden', missingPermission: 'members.manage' })
    const status = await t.request('PATCH', `/v1/members/${agent.memberId}`, {
      key: agent.key,
      body: { status: 'deactivated' },
    })
    expect(status.status).toBe(403)
    expect(status.body.missingPermission).toBe('members.manage')
  })

  it('refuses a key without members:write (403 missingScope)', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId)
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['members:read'] })
    const res = await t.request('PATCH', `/v1/members/${m.memberId}`, {
      key: admin.key,
      body: { status: 'deactivated' },
    })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'members:write' })
  })

  it('deactivating ends sessions and stops API keys at once; reactivating restores the keys', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId)
    const session = await sessionFor(ws.workspaceId, m.memberId)
    // Both credentials work (and the key is now in the verified-key cache).
    expect((await t.request('GET', `/v1/members/${m.memberId}`, { key: m.key })).status).toBe(200)
    expect((await t.request('GET', `/v1/members/${m.memberId}`, { key: session })).status).toBe(200)

    const res = await t.request('PATCH', `/v1/members/${m.memberId}`, {
      key: ws.key,
      body: { status: 'deactivated' },
    })
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('deactivated')
    expect((await t.request('GET', `/v1/members/${m.memberId}`, { key: m.key })).status).toBe(401)
    expect((await t.request('GET', `/v1/members/${m.memberId}`, { key: session })).status).toBe(401)
    const [event] = await eventsOf(ws.workspaceId, 'member.deactivated')
    expect(event?.data).toEqual({
      member: { id: m.memberId, email: m.email, name: 'Member', status: 'deactivated' },
    })

    const back = await t.request('PATCH', `/v1/members/${m.memberId}`, {
      key: ws.key,
      body: { status: 'active' },
    })
    expect(back.status).toBe(200)
    expect((await t.request('GET', `/v1/members/${m.memberId}`, { key: m.key })).status).toBe(200)
    expect((await t.request('GET', `/v1/members/${m.memberId}`, { key: session })).status).toBe(401)
    const [updated] = await eventsOf(ws.workspaceId, 'member.updated')
    expect(updated?.data).toMatchObject({ previous: { status: 'deactivated' } })
  })

  it('never deactivates the last active owner (409 last_owner)', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('PATCH', `/v1/members/${ws.memberId}`, {
      key: ws.key,
      body: { status: 'deactivated' },
    })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('last_owner')
    // A second owner who is deactivated does not count.
    const other = await t.newMember(ws.workspaceId, { roles: [{ role: 'owner' }] })
    await t.database.db.update(members).set({ status: 'deactivated' }).where(eq(members.id, other.memberId))
    expect(
      (
        await t.request('PATCH', `/v1/members/${ws.memberId}`, {
          key: ws.key,
          body: { status: 'deactivated' },
        })
      ).status,
    ).toBe(409)
    await t.database.db.update(members).set({ status: 'active' }).where(eq(members.id, other.memberId))
    const ok = await t.request('PATCH', `/v1/members/${ws.memberId}`, {
      key: other.key,
      body: { status: 'deactivated' },
    })
    expect(ok.status).toBe(200)
  })

  it('lets only an owner deactivate an owner', async () => {
    const ws = await t.newWorkspace()
    await t.newMember(ws.workspaceId, { roles: [{ role: 'owner' }] })
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const res = await t.request('PATCH', `/v1/members/${ws.memberId}`, {
      key: admin.key,
      body: { status: 'deactivated' },
    })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('forbidden')
    const agent = await t.newMember(ws.workspaceId)
    const ok = await t.request('PATCH', `/v1/members/${agent.memberId}`, {
      key: admin.key,
      body: { status: 'deactivated' },
    })
    expect(ok.status).toBe(200)
  })

  it('answers 404 for another workspace’s member and leaves it unchanged', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const res = await t.request('PATCH', `/v1/members/${b.memberId}`, { key: a.key, body: { name: 'Mine' } })
    expect(res.status).toBe(404)
    const [row] = await t.database.db.select().from(members).where(eq(members.id, b.memberId))
    expect(row?.name).toBe('Owner')
  })

  it.each([
    ['an empty body', {}, 'body'],
    ['an empty name', { name: '' }, 'body.name'],
    ['an unknown status', { status: 'banned' }, 'body.status'],
    ['an unknown field', { email: 'x@example.test' }, 'body.email'],
  ])('refuses %s with 400', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await t.request('PATCH', `/v1/members/${ws.memberId}`, { key: ws.key, body })
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })
})

describe('listMemberRoles', () => {
  it('lists the member’s assignments; 404 for another workspace’s member', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const m = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'agent' }, { role: 'admin', teamId: team.id }],
    })
    const res = await t.request('GET', `/v1/members/${m.memberId}/roles`, { key: ws.key })
    expect(res.status).toBe(200)
    // Both were assigned in one transaction: same createdAt, so their order is not defined.
    expect(res.body.data).toHaveLength(2)
    expect(res.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'agent', teamId: null }),
        expect.objectContaining({ role: 'admin', roleName: 'Admin', teamId: team.id }),
      ]),
    )
    const other = await t.newWorkspace()
    expect((await t.request('GET', `/v1/members/${m.memberId}/roles`, { key: other.key })).status).toBe(404)
  })
})

describe('assignMemberRole', () => {
  const assign = (key: string, memberId: string, body: Record<string, unknown>) =>
    t.request('POST', `/v1/members/${memberId}/roles`, { key, body })

  it('assigns a role that takes effect at once and emits member.role_changed', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId)
    // The agent's key cannot list invitations (and is now in the verified-key cache).
    expect((await t.request('GET', '/v1/invitations', { key: m.key })).status).toBe(403)
    const res = await assign(ws.key, m.memberId, { role: 'admin' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ role: 'admin', roleName: 'Admin', teamId: null })
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(res.headers.get('location')).toBe(`/v1/members/${m.memberId}/roles/${res.body.id}`)
    expect((await t.request('GET', '/v1/invitations', { key: m.key })).status).toBe(200)
    const [event] = await eventsOf(ws.workspaceId, 'member.role_changed')
    expect(event?.data).toEqual({
      member: { id: m.memberId },
      change: 'assigned',
      assignment: { id: res.body.id, role: 'admin', roleName: 'Admin', teamId: null },
    })
  })

  it('assigns a team-scoped supervisor role, once per team', async () => {
    const ws = await t.newWorkspace()
    const a = await t.newTeam(ws.workspaceId)
    const b = await t.newTeam(ws.workspaceId)
    const m = await t.newMember(ws.workspaceId, { teamIds: [a.id] })
    const res = await assign(ws.key, m.memberId, { role: 'supervisor', teamId: b.id })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ role: 'supervisor', roleName: 'Supervisor', teamId: b.id })
    const again = await assign(ws.key, m.memberId, { role: 'supervisor', teamId: b.id })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('role_already_assigned')
    expect((await assign(ws.key, m.memberId, { role: 'supervisor', teamId: a.id })).status).toBe(201)
    expect((await assign(ws.key, m.memberId, { role: 'supervisor' })).status).toBe(201)
    const member = await t.request('GET', `/v1/members/${m.memberId}`, { key: ws.key })
    expect(member.body.roles.map((r: { role: string; teamId: string | null }) => [r.role, r.teamId])).toEqual(
      [
        ['agent', null],
        ['supervisor', b.id],
        ['supervisor', a.id],
        ['supervisor', null],
      ],
    )
  })

  it('assigns a custom role by id', async () => {
    const ws = await t.newWorkspace()
    const role = await customRole(ws.key, ['contacts.read'], 'Reader')
    const m = await t.newMember(ws.workspaceId)
    const res = await assign(ws.key, m.memberId, { role })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ role, roleName: 'Reader', teamId: null })
  })

  it('refuses a duplicate workspace-wide assignment (409)', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId)
    const res = await assign(ws.key, m.memberId, { role: 'agent' })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('role_already_assigned')
  })

  it('refuses an agent (403 roles.manage) and a key without roles:write (403 missingScope)', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId)
    const agent = await t.newMember(ws.workspaceId)
    const res = await assign(agent.key, m.memberId, { role: 'viewer' })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'roles.manage' })
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['members:read'] })
    const keyRes = await assign(reader.key, m.memberId, { role: 'viewer' })
    expect(keyRes.status).toBe(403)
    expect(keyRes.body).toMatchObject({ code: 'forbidden', missingScope: 'roles:write' })
  })

  it('refuses to grant permissions the actor lacks (escalation), owner included', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId)
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const owner = await assign(admin.key, m.memberId, { role: 'owner' })
    expect(owner.status).toBe(403)
    expect(owner.body.code).toBe('forbidden')
    expect(owner.body.detail).toBe('Only an owner can grant the owner role')

    const manager = await customRole(ws.key, ['roles.manage', 'members.read'])
    const limited = await t.newMember(ws.workspaceId, { roles: [{ role: manager }] })
    const agent = await assign(limited.key, m.memberId, { role: 'viewer' })
    expect(agent.status).toBe(403)
    expect(agent.body.missingPermission).toBe('teams.read')
    // A role within the actor's own permissions is fine.
    const small = await customRole(ws.key, ['members.read'])
    expect((await assign(limited.key, m.memberId, { role: small })).status).toBe(201)
    // An owner grants owner.
    expect((await assign(ws.key, m.memberId, { role: 'owner' })).status).toBe(201)
  })

  it('lets team-scoped permissions back a grant in that team only', async () => {
    const ws = await t.newWorkspace()
    const a = await t.newTeam(ws.workspaceId)
    const b = await t.newTeam(ws.workspaceId)
    const manager = await customRole(ws.key, ['roles.manage', 'members.read'])
    const actor = await t.newMember(ws.workspaceId, {
      roles: [{ role: manager }, { role: 'admin', teamId: a.id }],
    })
    const m = await t.newMember(ws.workspaceId)
    expect((await assign(actor.key, m.memberId, { role: 'viewer', teamId: a.id })).status).toBe(201)
    expect((await assign(actor.key, m.memberId, { role: 'viewer', teamId: b.id })).status).toBe(403)
    expect((await assign(actor.key, m.memberId, { role: 'viewer' })).status).toBe(403)
  })

  it('answers 404 for another workspace’s member, team or role', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const foreignTeam = await t.newTeam(other.workspaceId)
    const foreignRole = await customRole(other.key, ['contacts.read'])
    const m = await t.newMember(ws.workspaceId)
    expect((await assign(ws.key, other.memberId, { role: 'viewer' })).status).toBe(404)
    const team = await assign(ws.key, m.memberId, { role: 'viewer', teamId: foreignTeam.id })
    expect(team.status).toBe(404)
    expect(team.body.detail).toContain(foreignTeam.id)
    const role = await assign(ws.key, m.memberId, { role: foreignRole })
    expect(role.status).toBe(404)
    expect(role.body.detail).toContain(foreignRole)
  })

  it.each([
    ['an unknown system role', { role: 'god' }, 'body.role'],
    ['no role', {}, 'body.role'],
    ['a malformed team id', { role: 'agent', teamId: 'team_1' }, 'body.teamId'],
    ['a team-scoped owner', { role: 'owner', teamId: newId('team') }, 'body.teamId'],
    ['an unknown field', { role: 'agent', scope: 'all' }, 'body.scope'],
  ])('refuses %s with 400', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await assign(ws.key, ws.memberId, body)
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })
})

describe('removeMemberRole', () => {
  const roleIdOf = async (key: string, memberId: string, role: string) => {
    const res = await t.request('GET', `/v1/members/${memberId}/roles`, { key })
    return res.body.data.find((a: { role: string }) => a.role === role).id as string
  }

  it('removes an assignment at once and emits member.role_changed', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }, { role: 'admin' }] })
    expect((await t.request('GET', '/v1/invitations', { key: m.key })).status).toBe(200)
    const id = await roleIdOf(ws.key, m.memberId, 'admin')
    const res = await t.request('DELETE', `/v1/members/${m.memberId}/roles/${id}`, { key: ws.key })
    expect(res.status).toBe(204)
    expect((await t.request('GET', '/v1/invitations', { key: m.key })).status).toBe(403)
    const [event] = await eventsOf(ws.workspaceId, 'member.role_changed')
    expect(event?.data).toEqual({
      member: { id: m.memberId },
      change: 'removed',
      assignment: { id, role: 'admin', roleName: 'Admin', teamId: null },
    })
    const again = await t.request('DELETE', `/v1/members/${m.memberId}/roles/${id}`, { key: ws.key })
    expect(again.status).toBe(404)
  })

  it('keeps the last active owner an owner (409 last_owner); an owner removes another owner', async () => {
    const ws = await t.newWorkspace()
    const own = await roleIdOf(ws.key, ws.memberId, 'owner')
    const res = await t.request('DELETE', `/v1/members/${ws.memberId}/roles/${own}`, { key: ws.key })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('last_owner')
    const second = await t.newMember(ws.workspaceId, { roles: [{ role: 'owner' }] })
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const byAdmin = await t.request(
      'DELETE',
      `/v1/members/${second.memberId}/roles/${await roleIdOf(ws.key, second.memberId, 'owner')}`,
      {
        key: admin.key,
      },
    )
    expect(byAdmin.status).toBe(403)
    const ok = await t.request('DELETE', `/v1/members/${ws.memberId}/roles/${own}`, { key: second.key })
    expect(ok.status).toBe(204)
  })

  it('refuses to remove a role holding permissions the actor lacks', async () => {
    const ws = await t.newWorkspace()
    const manager = await customRole(ws.key, ['roles.manage', 'members.read'])
    const actor = await t.newMember(ws.workspaceId, { roles: [{ role: manager }] })
    const m = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const id = await roleIdOf(ws.key, m.memberId, 'admin')
    const res = await t.request('DELETE', `/v1/members/${m.memberId}/roles/${id}`, { key: actor.key })
    expect(res.status).toBe(403)
    expect(res.body.missingPermission).toBeDefined()
  })

  it('answers 404 for an assignment of another member or workspace, 400 for a malformed id', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId)
    const foreignAssignment = await roleIdOf(other.key, other.memberId, 'owner')
    const res = await t.request('DELETE', `/v1/members/${m.memberId}/roles/${foreignAssignment}`, {
      key: ws.key,
    })
    expect(res.status).toBe(404)
    const crossed = await t.request('DELETE', `/v1/members/${other.memberId}/roles/${foreignAssignment}`, {
      key: ws.key,
    })
    expect(crossed.status).toBe(404)
    const bad = await t.request('DELETE', `/v1/members/${m.memberId}/roles/nope`, { key: ws.key })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe('params.assignmentUuid')
  })
})
