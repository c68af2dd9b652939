import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { events, members, roleAssignments, roles, teamMembers } from '../../src/db/schema'
import { newId, type RoleId, type TeamId, type WorkspaceId } from '../../src/ids'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const createTeam = (key: string, body: Record<string, unknown>) =>
  t.request('POST', '/v1/teams', { key, body })

const eventsOf = (workspaceId: WorkspaceId, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
    .orderBy(asc(events.occurredAt), asc(events.id))

/** A custom role holding `permissions` (the roles API is another area's; tests insert it directly). */
async function customRole(workspaceId: WorkspaceId, permissions: string[]): Promise<RoleId> {
  const [role] = await t.database.db
    .insert(roles)
    .values({
      id: newId('role'),
      workspaceId,
      name: `Role ${Math.random().toString(36).slice(2)}`,
      permissions,
    })
    .returning()
  return role!.id as RoleId
}

const authzVersionOf = async (memberId: string) => {
  const [row] = await t.database.db
    .select({ v: members.authzVersion })
    .from(members)
    .where(eq(members.id, memberId as never))
  return row!.v
}

const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((x) => x.id)

/** A workspace with teams A and B, and a member who manages team B only (team-scoped `teams.manage`). */
async function twoTeams() {
  const ws = await t.newWorkspace()
  const a = await t.newTeam(ws.workspaceId, 'Alpha')
  const b = await t.newTeam(ws.workspaceId, 'Beta')
  const lead = await customRole(ws.workspaceId, ['teams.read', 'teams.manage'])
  const bLead = await t.newMember(ws.workspaceId, {
    roles: [{ role: 'agent' }, { role: lead, teamId: b.id as TeamId }],
  })
  return { ws, a: a.id as TeamId, b: b.id as TeamId, bLead }
}

describe('createTeam', () => {
  it('answers 201 with the team, an ETag and its URL, and emits team.created', async () => {
    const ws = await t.newWorkspace()
    const res = await createTeam(ws.key, { name: '  Billing ', description: 'Invoices and refunds' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ name: 'Billing', description: 'Invoices and refunds', memberCount: 0 })
    expect(res.body.id).toMatch(/^team_/)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/teams/${res.body.id}`)
    const emitted = await eventsOf(ws.workspaceId, res.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['team.created'])
    expect(emitted[0]?.data).toMatchObject({ team: { id: res.body.id, name: 'Billing' } })
    expect(JSON.stringify(emitted)).not.toContain(ws.key)
  })

  it('refuses a name another team has, compared case-insensitively (409 name_taken)', async () => {
    const ws = await t.newWorkspace()
    expect((await createTeam(ws.key, { name: 'Billing' })).status).toBe(201)
    const res = await createTeam(ws.key, { name: ' billing' })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('name_taken')
    // Another workspace may use the name.
    const other = await t.newWorkspace()
    expect((await createTeam(other.key, { name: 'Billing' })).status).toBe(201)
  })

  it('replays the answer for a repeated Idempotency-Key and creates one team', async () => {
    const ws = await t.newWorkspace()
    const send = () =>
      t.request('POST', '/v1/teams', {
        key: ws.key,
        body: { name: 'Once' },
        headers: { 'idempotency-key': 'k1' },
      })
    const first = await send()
    const second = await send()
    expect(second.status).toBe(201)
    expect(second.body.id).toBe(first.body.id)
    const list = await t.request('GET', '/v1/teams', { key: ws.key })
    expect(ids(list)).toEqual([first.body.id])
  })

  it.each([
    ['no name', {}, 'body.name'],
    ['a blank name', { name: '   ' }, 'body.name'],
    ['a too long name', { name: 'x'.repeat(121) }, 'body.name'],
    ['a too long description', { name: 'x', description: 'x'.repeat(1001) }, 'body.description'],
    ['an unknown field', { name: 'x', memberIds: [] }, 'body.memberIds'],
  ])('refuses %s with 400 naming the field', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await createTeam(ws.key, body)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })

  it('refuses no credentials with 401', async () => {
    const res = await t.request('POST', '/v1/teams', { body: { name: 'x' } })
    expect(res.status).toBe(401)
  })

  it.each(['viewer', 'agent', 'supervisor'] as const)(
    'refuses a %s with 403 naming teams.manage',
    async (role) => {
      const ws = await t.newWorkspace()
      const member = await t.newMember(ws.workspaceId, { roles: [{ role }] })
      const res = await createTeam(member.key, { name: 'Nope' })
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'teams.manage' })
    },
  )

  it('refuses a key with only teams:read with 403 naming teams:write', async () => {
    const ws = await t.newWorkspace()
    const member = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['teams:read'] })
    const res = await createTeam(member.key, { name: 'Nope' })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'teams:write' })
  })

  it('refuses a key limited to teams with 403, even for an admin', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const member = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      keyTeamIds: [team.id as TeamId],
    })
    const res = await createTeam(member.key, { name: 'Nope' })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('forbidden')
    expect(res.body.detail).toMatch(/limited to teams/)
  })
})

describe('getTeam', () => {
  it('answers the team with an ETag, and 304 while it is current', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId, 'Support')
    const res = await t.request('GET', `/v1/teams/${team.id}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: team.id,
      name: 'Support',
      description: null,
      memberCount: 0,
      createdAt: team.createdAt.toISOString(),
      updatedAt: team.updatedAt.toISOString(),
    })
    const cached = await t.request('GET', `/v1/teams/${team.id}`, {
      key: ws.key,
      headers: { 'if-none-match': res.headers.get('etag') ?? '' },
    })
    expect(cached.status).toBe(304)
  })

  it('answers 404 for a team of another workspace, exactly as for a missing one', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const foreignTeam = await t.newTeam(b.workspaceId)
    const foreign = await t.request('GET', `/v1/teams/${foreignTeam.id}`, { key: a.key })
    const missing = await t.request('GET', `/v1/teams/${newId('team')}`, { key: a.key })
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    expect({ ...foreign.body, requestId: undefined }).toEqual({ ...missing.body, requestId: undefined })
  })

  it.each([
    ['a malformed id', 'nope'],
    ['an id of another type', newId('org')],
  ])('refuses %s with 400 naming the parameter', async (_, id) => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', `/v1/teams/${id}`, { key: ws.key })
    expect(res.status).toBe(400)
    expect(res.body.errors[0]).toMatchObject({ path: 'params.teamId', code: 'invalid_format' })
  })

  it('shows a key limited to team A team A, and answers 404 for team B', async () => {
    const { ws, a, b } = await twoTeams()
    const limited = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], keyTeamIds: [a] })
    expect((await t.request('GET', `/v1/teams/${a}`, { key: limited.key })).status).toBe(200)
    expect((await t.request('GET', `/v1/teams/${b}`, { key: limited.key })).status).toBe(404)
  })

  it('refuses a key without a teams scope with 403 naming teams:read', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const member = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const res = await t.request('GET', `/v1/teams/${team.id}`, { key: member.key })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'teams:read' })
  })
})

describe('listTeams', () => {
  it('lists teams by name with their member counts, pages with a cursor, and sorts by createdAt', async () => {
    const ws = await t.newWorkspace()
    const c = await t.newTeam(ws.workspaceId, 'Charlie')
    const a = await t.newTeam(ws.workspaceId, 'Alpha')
    const b = await t.newTeam(ws.workspaceId, 'Bravo')
    await t.newMember(ws.workspaceId, { teamIds: [a.id as TeamId, b.id as TeamId] })
    await t.newMember(ws.workspaceId, { teamIds: [a.id as TeamId] })

    const all = await t.request('GET', '/v1/teams', { key: ws.key })
    expect(all.status).toBe(200)
    expect(ids(all)).toEqual([a.id, b.id, c.id])
    expect(all.body.data.map((x: { memberCount: number }) => x.memberCount)).toEqual([2, 1, 0])
    expect(all.body.nextCursor).toBeNull()

    const first = await t.request('GET', '/v1/teams?limit=2', { key: ws.key })
    expect(ids(first)).toEqual([a.id, b.id])
    const second = await t.request('GET', `/v1/teams?limit=2&cursor=${first.body.nextCursor}`, {
      key: ws.key,
    })
    expect(ids(second)).toEqual([c.id])
    expect(second.body.nextCursor).toBeNull()

    const newest = await t.request('GET', '/v1/teams?sort=-createdAt', { key: ws.key })
    expect(ids(newest)).toEqual([b.id, a.id, c.id])
  })

  it('never lists another workspace’s teams', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    await t.newTeam(b.workspaceId)
    const res = await t.request('GET', '/v1/teams', { key: a.key })
    expect(res.body.data).toEqual([])
  })

  it('shows a key limited to team A only team A', async () => {
    const { ws, a } = await twoTeams()
    const limited = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], keyTeamIds: [a] })
    expect(ids(await t.request('GET', '/v1/teams', { key: limited.key }))).toEqual([a])
  })

  it('shows a member without teams.read the teams they belong to', async () => {
    const { ws, a } = await twoTeams()
    const role = await customRole(ws.workspaceId, ['contacts.read'])
    const member = await t.newMember(ws.workspaceId, { roles: [{ role }], teamIds: [a] })
    expect(ids(await t.request('GET', '/v1/teams', { key: member.key }))).toEqual([a])
  })

  it('refuses an unknown sort and a tampered cursor with 400', async () => {
    const ws = await t.newWorkspace()
    expect((await t.request('GET', '/v1/teams?sort=memberCount', { key: ws.key })).status).toBe(400)
    const bad = await t.request('GET', '/v1/teams?cursor=abc.def', { key: ws.key })
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('invalid_cursor')
  })

  it('refuses a key without a teams scope with 403 naming teams:read', async () => {
    const ws = await t.newWorkspace()
    const member = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:write'],
    })
    const res = await t.request('GET', '/v1/teams', { key: member.key })
    expect(res.status).toBe(403)
    expect(res.body.missingScope).toBe('teams:read')
  })
})

describe('updateTeam', () => {
  it('renames, bumps the ETag, emits team.updated with the previous values; a no-op changes nothing', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId, 'Old')
    const res = await t.request('PATCH', `/v1/teams/${team.id}`, {
      key: ws.key,
      body: { name: 'New', description: 'Now described' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'New', description: 'Now described' })
    expect(res.headers.get('etag')).toBe('"2"')
    const emitted = await eventsOf(ws.workspaceId, team.id)
    expect(emitted.map((e) => e.type)).toEqual(['team.updated'])
    expect(emitted[0]?.data).toMatchObject({ previous: { name: 'Old', description: null } })

    const same = await t.request('PATCH', `/v1/teams/${team.id}`, { key: ws.key, body: { name: 'New' } })
    expect(same.headers.get('etag')).toBe('"2"')
    const cleared = await t.request('PATCH', `/v1/teams/${team.id}`, {
      key: ws.key,
      body: { description: null },
    })
    expect(cleared.body.description).toBeNull()
    expect((await eventsOf(ws.workspaceId, team.id)).length).toBe(2)
  })

  it('honours If-Match: 412 when stale, applied when current', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const stale = await t.request('PATCH', `/v1/teams/${team.id}`, {
      key: ws.key,
      body: { name: 'x' },
      headers: { 'if-match': '"7"' },
    })
    expect(stale.status).toBe(412)
    expect(stale.body.code).toBe('precondition_failed')
    const current = await t.request('PATCH', `/v1/teams/${team.id}`, {
      key: ws.key,
      body: { name: 'x' },
      headers: { 'if-match': '"1"' },
    })
    expect(current.status).toBe(200)
  })

  it('refuses a name another team has (409 name_taken) and an empty body (400)', async () => {
    const ws = await t.newWorkspace()
    await t.newTeam(ws.workspaceId, 'Taken')
    const team = await t.newTeam(ws.workspaceId, 'Mine')
    const res = await t.request('PATCH', `/v1/teams/${team.id}`, { key: ws.key, body: { name: 'TAKEN' } })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('name_taken')
    const empty = await t.request('PATCH', `/v1/teams/${team.id}`, { key: ws.key, body: {} })
    expect(empty.status).toBe(400)
  })

  it('lets a member with teams.manage scoped to team B change team B but not team A (403)', async () => {
    const { a, b, bLead } = await twoTeams()
    const ok = await t.request('PATCH', `/v1/teams/${b}`, { key: bLead.key, body: { description: 'ours' } })
    expect(ok.status).toBe(200)
    const refused = await t.request('PATCH', `/v1/teams/${a}`, {
      key: bLead.key,
      body: { description: 'theirs' },
    })
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ code: 'forbidden', missingPermission: 'teams.manage' })
  })

  it('refuses a viewer with 403, a teams:read key with 403 naming teams:write', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const byViewer = await t.request('PATCH', `/v1/teams/${team.id}`, {
      key: viewer.key,
      body: { name: 'x' },
    })
    expect(byViewer.status).toBe(403)
    expect(byViewer.body.missingPermission).toBe('teams.manage')
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['teams:read'] })
    const byReader = await t.request('PATCH', `/v1/teams/${team.id}`, {
      key: reader.key,
      body: { name: 'x' },
    })
    expect(byReader.status).toBe(403)
    expect(byReader.body.missingScope).toBe('teams:write')
  })

  it('answers 404 for another workspace’s team and for a team outside a key’s limit', async () => {
    const { ws, a, b } = await twoTeams()
    const other = await t.newWorkspace()
    expect((await t.request('PATCH', `/v1/teams/${a}`, { key: other.key, body: { name: 'x' } })).status).toBe(
      404,
    )
    const limited = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], keyTeamIds: [a] })
    expect(
      (await t.request('PATCH', `/v1/teams/${b}`, { key: limited.key, body: { name: 'x' } })).status,
    ).toBe(404)
    expect(
      (await t.request('PATCH', `/v1/teams/${a}`, { key: limited.key, body: { name: 'x' } })).status,
    ).toBe(200)
  })
})

describe('deleteTeam', () => {
  it('deletes the team, its memberships and team-scoped roles; moves members’ authz versions; emits team.deleted', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const inTeam = await t.newMember(ws.workspaceId, { teamIds: [team.id as TeamId] })
    const scoped = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'agent' }, { role: 'supervisor', teamId: team.id as TeamId }],
    })
    const before = [await authzVersionOf(inTeam.memberId), await authzVersionOf(scoped.memberId)]

    const res = await t.request('DELETE', `/v1/teams/${team.id}`, {
      key: ws.key,
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(204)
    expect((await t.request('GET', `/v1/teams/${team.id}`, { key: ws.key })).status).toBe(404)
    expect(await t.database.db.select().from(teamMembers).where(eq(teamMembers.teamId, team.id))).toEqual([])
    expect(
      await t.database.db.select().from(roleAssignments).where(eq(roleAssignments.teamId, team.id)),
    ).toEqual([])
    expect(await authzVersionOf(inTeam.memberId)).toBe((before[0] as number) + 1)
    expect(await authzVersionOf(scoped.memberId)).toBe((before[1] as number) + 1)
    const emitted = await eventsOf(ws.workspaceId, team.id)
    expect(emitted.map((e) => e.type)).toEqual(['team.deleted'])
    expect(emitted[0]?.data).toMatchObject({ memberIds: [inTeam.memberId] })
  })

  it('refuses a stale If-Match with 412 and keeps the team', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const res = await t.request('DELETE', `/v1/teams/${team.id}`, {
      key: ws.key,
      headers: { 'if-match': '"9"' },
    })
    expect(res.status).toBe(412)
    expect((await t.request('GET', `/v1/teams/${team.id}`, { key: ws.key })).status).toBe(200)
  })

  it('refuses a team-scoped manager (403 naming teams.manage) and a viewer', async () => {
    const { ws, b, bLead } = await twoTeams()
    const res = await t.request('DELETE', `/v1/teams/${b}`, { key: bLead.key })
    expect(res.status).toBe(403)
    expect(res.body.missingPermission).toBe('teams.manage')
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    expect((await t.request('DELETE', `/v1/teams/${b}`, { key: viewer.key })).status).toBe(403)
  })

  it('answers 404 outside a key’s team limit; once its team is gone, the key sees no team, never every team', async () => {
    const { ws, a, b } = await twoTeams()
    const limited = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], keyTeamIds: [a] })
    expect((await t.request('DELETE', `/v1/teams/${b}`, { key: limited.key })).status).toBe(404)
    expect((await t.request('DELETE', `/v1/teams/${a}`, { key: limited.key })).status).toBe(204)
    expect((await t.request('GET', '/v1/teams', { key: limited.key })).body.data).toEqual([])
    expect((await t.request('GET', `/v1/teams/${b}`, { key: limited.key })).status).toBe(404)
  })

  it('answers 404 for another workspace’s team', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const team = await t.newTeam(b.workspaceId)
    expect((await t.request('DELETE', `/v1/teams/${team.id}`, { key: a.key })).status).toBe(404)
  })
})

describe('listTeamMembers', () => {
  it('lists the team’s members by name, with status and addedAt, in pages', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const zed = await t.newMember(ws.workspaceId, { name: 'Zed', teamIds: [team.id as TeamId] })
    const amy = await t.newMember(ws.workspaceId, { name: 'Amy', teamIds: [team.id as TeamId] })
    await t.newMember(ws.workspaceId, { name: 'Outsider' })

    const res = await t.request('GET', `/v1/teams/${team.id}/members`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(ids(res)).toEqual([amy.memberId, zed.memberId])
    expect(res.body.data[0]).toEqual({
      id: amy.memberId,
      name: 'Amy',
      email: amy.email,
      status: 'active',
      addedAt: expect.any(String),
    })
    const first = await t.request('GET', `/v1/teams/${team.id}/members?limit=1&sort=-name`, { key: ws.key })
    expect(ids(first)).toEqual([zed.memberId])
    const next = await t.request(
      'GET',
      `/v1/teams/${team.id}/members?limit=1&sort=-name&cursor=${first.body.nextCursor}`,
      { key: ws.key },
    )
    expect(ids(next)).toEqual([amy.memberId])
    expect(next.body.nextCursor).toBeNull()
  })

  it('answers 404 for another workspace’s team and for a team outside a key’s limit', async () => {
    const { ws, a, b } = await twoTeams()
    const other = await t.newWorkspace()
    expect((await t.request('GET', `/v1/teams/${a}/members`, { key: other.key })).status).toBe(404)
    const limited = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }], keyTeamIds: [a] })
    expect((await t.request('GET', `/v1/teams/${b}/members`, { key: limited.key })).status).toBe(404)
    expect((await t.request('GET', `/v1/teams/${a}/members`, { key: limited.key })).status).toBe(200)
  })

  it('refuses a key without a teams scope with 403 naming teams:read', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const member = await t.newMember(ws.workspaceId, { scopes: ['tickets:read'] })
    const res = await t.request('GET', `/v1/teams/${team.id}/members`, { key: member.key })
    expect(res.status).toBe(403)
    expect(res.body.missingScope).toBe('teams:read')
  })
})

describe('addTeamMember', () => {
  it('adds the member (201), counts them, moves the team ETag and the member’s authz version, emits team.member_added', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const member = await t.newMember(ws.workspaceId, { name: 'Grace' })
    const before = await authzVersionOf(member.memberId)
    const res = await t.request('POST', `/v1/teams/${team.id}/members`, {
      key: ws.key,
      body: { memberId: member.memberId },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      id: member.memberId,
      name: 'Grace',
      email: member.email,
      status: 'active',
    })
    expect(await authzVersionOf(member.memberId)).toBe(before + 1)
    const got = await t.request('GET', `/v1/teams/${team.id}`, { key: ws.key })
    expect(got.body.memberCount).toBe(1)
    expect(got.headers.get('etag')).toBe('"2"')
    const emitted = await eventsOf(ws.workspaceId, team.id)
    expect(emitted.map((e) => e.type)).toEqual(['team.member_added'])
    expect(emitted[0]?.data).toMatchObject({ member: { id: member.memberId } })
  })

  it('takes effect for the member’s own key at once', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const own = await t.newTeam(ws.workspaceId)
    // Without teams.read, a member sees the teams they are in.
    const role = await customRole(ws.workspaceId, ['contacts.read'])
    const member = await t.newMember(ws.workspaceId, { roles: [{ role }], teamIds: [own.id as TeamId] })
    expect((await t.request('GET', `/v1/teams/${team.id}`, { key: member.key })).status).toBe(404)
    await t.request('POST', `/v1/teams/${team.id}/members`, {
      key: ws.key,
      body: { memberId: member.memberId },
    })
    expect((await t.request('GET', `/v1/teams/${team.id}`, { key: member.key })).status).toBe(200)
  })

  it('refuses a member already in the team with 409 already_member', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const member = await t.newMember(ws.workspaceId, { teamIds: [team.id as TeamId] })
    const res = await t.request('POST', `/v1/teams/${team.id}/members`, {
      key: ws.key,
      body: { memberId: member.memberId },
    })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('already_member')
  })

  it('answers 404 naming body.memberId for a member of another workspace, as for a missing one', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const stranger = await t.newMember(other.workspaceId)
    const foreign = await t.request('POST', `/v1/teams/${team.id}/members`, {
      key: ws.key,
      body: { memberId: stranger.memberId },
    })
    expect(foreign.status).toBe(404)
    expect(foreign.body.detail).toContain('body.memberId')
    expect(foreign.body.errors).toEqual([
      { path: 'body.memberId', code: 'not_found', message: 'is not a member of this workspace' },
    ])
    const missing = await t.request('POST', `/v1/teams/${team.id}/members`, {
      key: ws.key,
      body: { memberId: newId('mbr') },
    })
    expect(missing.status).toBe(404)
    expect(missing.body.errors).toEqual(foreign.body.errors)
  })

  it('answers 404 for another workspace’s team; 400 for a malformed memberId', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const team = await t.newTeam(other.workspaceId)
    const member = await t.newMember(ws.workspaceId)
    const res = await t.request('POST', `/v1/teams/${team.id}/members`, {
      key: ws.key,
      body: { memberId: member.memberId },
    })
    expect(res.status).toBe(404)
    const own = await t.newTeam(ws.workspaceId)
    const bad = await t.request('POST', `/v1/teams/${own.id}/members`, {
      key: ws.key,
      body: { memberId: 'x' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe('body.memberId')
  })

  it('lets a team-scoped manager add to team B but not team A (403); a key limited to A gets 404 on B', async () => {
    const { ws, a, b, bLead } = await twoTeams()
    const member = await t.newMember(ws.workspaceId)
    const add = (team: string, key: string) =>
      t.request('POST', `/v1/teams/${team}/members`, { key, body: { memberId: member.memberId } })
    expect((await add(b, bLead.key)).status).toBe(201)
    const refused = await add(a, bLead.key)
    expect(refused.status).toBe(403)
    expect(refused.body.missingPermission).toBe('teams.manage')
    const limited = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], keyTeamIds: [a] })
    const other = await t.newMember(ws.workspaceId)
    const outside = await t.request('POST', `/v1/teams/${b}/members`, {
      key: limited.key,
      body: { memberId: other.memberId },
    })
    expect(outside.status).toBe(404)
  })

  it('refuses a viewer (403 teams.manage) and a teams:read key (403 teams:write)', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const member = await t.newMember(ws.workspaceId)
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'owner' }], scopes: ['teams:read'] })
    const byViewer = await t.request('POST', `/v1/teams/${team.id}/members`, {
      key: viewer.key,
      body: { memberId: member.memberId },
    })
    expect(byViewer.status).toBe(403)
    expect(byViewer.body.missingPermission).toBe('teams.manage')
    const byReader = await t.request('POST', `/v1/teams/${team.id}/members`, {
      key: reader.key,
      body: { memberId: member.memberId },
    })
    expect(byReader.status).toBe(403)
    expect(byReader.body.missingScope).toBe('teams:write')
  })
})

describe('removeTeamMember', () => {
  it('removes the member (204), moves their authz version, emits team.member_removed, and takes effect at once', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const own = await t.newTeam(ws.workspaceId)
    const role = await customRole(ws.workspaceId, ['contacts.read'])
    const member = await t.newMember(ws.workspaceId, {
      roles: [{ role }],
      teamIds: [team.id as TeamId, own.id as TeamId],
    })
    expect((await t.request('GET', `/v1/teams/${team.id}`, { key: member.key })).status).toBe(200)
    const before = await authzVersionOf(member.memberId)

    const res = await t.request('DELETE', `/v1/teams/${team.id}/members/${member.memberId}`, { key: ws.key })
    expect(res.status).toBe(204)
    expect(await authzVersionOf(member.memberId)).toBe(before + 1)
    expect((await t.request('GET', `/v1/teams/${team.id}`, { key: member.key })).status).toBe(404)
    const emitted = await eventsOf(ws.workspaceId, team.id)
    expect(emitted.map((e) => e.type)).toEqual(['team.member_removed'])
    const got = await t.request('GET', `/v1/teams/${team.id}`, { key: ws.key })
    expect(got.body.memberCount).toBe(0)
  })

  it('answers 404 for a member not in the team and for another workspace’s team', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const member = await t.newMember(ws.workspaceId)
    const res = await t.request('DELETE', `/v1/teams/${team.id}/members/${member.memberId}`, { key: ws.key })
    expect(res.status).toBe(404)
    const other = await t.newWorkspace()
    const foreign = await t.newTeam(other.workspaceId)
    const inForeign = await t.newMember(other.workspaceId, { teamIds: [foreign.id as TeamId] })
    const cross = await t.request('DELETE', `/v1/teams/${foreign.id}/members/${inForeign.memberId}`, {
      key: ws.key,
    })
    expect(cross.status).toBe(404)
  })

  it('refuses malformed ids with 400 naming the parameter', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const res = await t.request('DELETE', `/v1/teams/${team.id}/members/${newId('ct')}`, { key: ws.key })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].path).toBe('params.memberId')
  })

  it('lets a team-scoped manager remove from team B but not team A (403); refuses a viewer', async () => {
    const { ws, a, b, bLead } = await twoTeams()
    const member = await t.newMember(ws.workspaceId, { teamIds: [a, b] })
    const remove = (team: string, key: string) =>
      t.request('DELETE', `/v1/teams/${team}/members/${member.memberId}`, { key })
    const refused = await remove(a, bLead.key)
    expect(refused.status).toBe(403)
    expect(refused.body.missingPermission).toBe('teams.manage')
    expect((await remove(b, bLead.key)).status).toBe(204)
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    expect((await remove(a, viewer.key)).status).toBe(403)
  })
})
