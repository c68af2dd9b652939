import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import spec from '../../generated/openapi.json'
import { allScopes, permissionCatalogue, systemRoles } from '../../src/authz/permissions'
import { events } from '../../src/db/schema'
import { newId, type RoleId, type WorkspaceId } from '../../src/ids'
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

const create = (key: string, body: Record<string, unknown>) => t.request('POST', '/v1/roles', { key, body })

async function customRole(key: string, permissions: string[], name = `Role ${Math.random()}`) {
  const res = await create(key, { name, permissions })
  expect(res.status).toBe(201)
  return res.body.id as RoleId
}

describe('listPermissions', () => {
  it('answers the catalogue and the API-key scopes to any member', async () => {
    const ws = await t.newWorkspace()
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const res = await t.request('GET', '/v1/permissions', { key: viewer.key })
    expect(res.status).toBe(200)
    expect(res.body.data).toEqual(
      Object.entries(permissionCatalogue).map(([key, description]) => ({ key, description })),
    )
    expect(res.body.scopes.map((s: { key: string }) => s.key)).toEqual(allScopes)
    expect(res.body.scopes).toContainEqual({
      key: 'contacts:read',
      description: 'Read contacts and organisations',
    })
  })

  it('documents exactly the catalogue in the spec’s Permission enum', () => {
    const schemas = spec.components.schemas as unknown as Record<string, { enum?: string[] }>
    expect(schemas.Permission?.enum).toEqual(Object.keys(permissionCatalogue))
    expect(schemas.SystemRoleKey?.enum).toEqual(Object.keys(systemRoles))
  })

  it('refuses a key without roles:read (403 missingScope)', async () => {
    const ws = await t.newWorkspace()
    const m = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['contacts:read'] })
    const res = await t.request('GET', '/v1/permissions', { key: m.key })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'roles:read' })
    expect((await t.request('GET', '/v1/permissions')).status).toBe(401)
  })
})

describe('listRoles', () => {
  it('lists system roles first, then custom roles oldest first', async () => {
    const ws = await t.newWorkspace()
    const first = await customRole(ws.key, ['contacts.read'], 'First')
    const second = await customRole(ws.key, ['contacts.read', 'contacts.manage'], 'Second')
    const agent = await t.newMember(ws.workspaceId)
    const res = await t.request('GET', '/v1/roles', { key: agent.key })
    expect(res.status).toBe(200)
    expect(res.body.data.map((r: { id: string }) => r.id)).toEqual([
      'owner',
      'admin',
      'supervisor',
      'agent',
      'collaborator',
      'viewer',
      first,
      second,
    ])
    expect(res.body.data[3]).toEqual({
      id: 'agent',
      name: 'Agent',
      description: systemRoles.agent.description,
      permissions: systemRoles.agent.permissions,
      system: true,
      createdAt: null,
      updatedAt: null,
    })
    expect(res.body.data[7]).toMatchObject({
      id: second,
      name: 'Second',
      description: null,
      permissions: ['contacts.read', 'contacts.manage'],
      system: false,
    })
  })

  it('never lists another workspace’s roles', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    await customRole(b.key, ['contacts.read'])
    const res = await t.request('GET', '/v1/roles', { key: a.key })
    expect(res.body.data.every((r: { system: boolean }) => r.system)).toBe(true)
  })

  it('refuses a role without members.read (403) and a key without roles:read (403)', async () => {
    const ws = await t.newWorkspace()
    const role = await customRole(ws.key, ['contacts.read'])
    const m = await t.newMember(ws.workspaceId, { roles: [{ role }] })
    const res = await t.request('GET', '/v1/roles', { key: m.key })
    expect(res.status).toBe(403)
    expect(res.body.missingPermission).toBe('members.read')
    const k = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['members:read'] })
    const keyRes = await t.request('GET', '/v1/roles', { key: k.key })
    expect(keyRes.status).toBe(403)
    expect(keyRes.body.missingScope).toBe('roles:read')
  })
})

describe('getRole', () => {
  it('answers a system role by key, without an ETag', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', '/v1/roles/collaborator', { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: 'collaborator', name: 'Collaborator', system: true })
    expect(res.body.permissions).toContain('tickets.note')
    expect(res.body.permissions).not.toContain('tickets.reply')
  })

  it('answers a custom role with an ETag, and 304 while it is current', async () => {
    const ws = await t.newWorkspace()
    const id = await customRole(ws.key, ['contacts.read'], 'Reader')
    const res = await t.request('GET', `/v1/roles/${id}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id, name: 'Reader', permissions: ['contacts.read'], system: false })
    expect(res.headers.get('etag')).toBe('"1"')
    const cached = await t.request('GET', `/v1/roles/${id}`, {
      key: ws.key,
      headers: { 'if-none-match': '"1"' },
    })
    expect(cached.status).toBe(304)
  })

  it('answers 404 for another workspace’s role, exactly as for a missing one', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const id = await customRole(b.key, ['contacts.read'])
    const foreign = await t.request('GET', `/v1/roles/${id}`, { key: a.key })
    const missing = await t.request('GET', `/v1/roles/${newId('role')}`, { key: a.key })
    expect(foreign.status).toBe(404)
    expect({ ...foreign.body, requestId: undefined }).toEqual({ ...missing.body, requestId: undefined })
  })

  it.each([['god'], [newId('team')], ['role_zzz']])(
    'refuses %s with 400 naming the parameter',
    async (id) => {
      const ws = await t.newWorkspace()
      const res = await t.request('GET', `/v1/roles/${id}`, { key: ws.key })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].path).toBe('params.roleId')
    },
  )
})

describe('createRole', () => {
  it('creates a custom role (201, ETag, Location) and emits role.created', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, {
      name: ' Billing ',
      description: 'Handles invoices',
      permissions: ['tickets.read_all', 'tickets.reply', 'tickets.reply'],
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      name: 'Billing',
      description: 'Handles invoices',
      permissions: ['tickets.read_all', 'tickets.reply'],
      system: false,
    })
    expect(res.body.id).toMatch(/^role_/)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/roles/${res.body.id}`)
    const [event] = await eventsOf(ws.workspaceId, 'role.created')
    expect(event?.data).toEqual({
      role: {
        id: res.body.id,
        name: 'Billing',
        description: 'Handles invoices',
        permissions: ['tickets.read_all', 'tickets.reply'],
      },
    })
  })

  it('refuses a permission outside the catalogue with 400 naming it', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, { name: 'X', permissions: ['contacts.read', 'tickets.fly'] })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(res.body.errors).toEqual([
      {
        path: 'body.permissions.1',
        code: 'unknown_permission',
        message: 'tickets.fly is not in the permission catalogue (GET /v1/permissions)',
      },
    ])
  })

  it('refuses a taken name, ignoring case, and system role names (409 role_name_taken)', async () => {
    const ws = await t.newWorkspace()
    await customRole(ws.key, ['contacts.read'], 'Billing')
    const dup = await create(ws.key, { name: 'BILLING', permissions: [] })
    expect(dup.status).toBe(409)
    expect(dup.body.code).toBe('role_name_taken')
    const system = await create(ws.key, { name: 'agent', permissions: [] })
    expect(system.status).toBe(409)
    expect(system.body.code).toBe('role_name_taken')
    // Another workspace may use the name.
    const other = await t.newWorkspace()
    expect((await create(other.key, { name: 'Billing', permissions: [] })).status).toBe(201)
  })

  it('refuses permissions the actor lacks (escalation: 403 naming the permission)', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const res = await create(admin.key, { name: 'Boss', permissions: ['contacts.read', 'workspace.manage'] })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'workspace.manage' })
    expect((await create(admin.key, { name: 'Fine', permissions: ['contacts.read'] })).status).toBe(201)
  })

  it('refuses an agent (403 roles.manage) and a key without roles:write (403 missingScope)', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId)
    const res = await create(agent.key, { name: 'X', permissions: [] })
    expect(res.status).toBe(403)
    expect(res.body.missingPermission).toBe('roles.manage')
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'owner' }], scopes: ['roles:read'] })
    const keyRes = await create(reader.key, { name: 'X', permissions: [] })
    expect(keyRes.status).toBe(403)
    expect(keyRes.body.missingScope).toBe('roles:write')
  })

  it.each([
    ['no name', { permissions: [] }, 'body.name'],
    ['no permissions', { name: 'X' }, 'body.permissions'],
    ['a malformed permission', { name: 'X', permissions: ['DROP TABLE'] }, 'body.permissions.0'],
    ['a too long name', { name: 'x'.repeat(81), permissions: [] }, 'body.name'],
    ['an unknown field', { name: 'X', permissions: [], system: true }, 'body.system'],
  ])('refuses %s with 400', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, body)
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })
})

describe('updateRole', () => {
  it('applies a permission change at once to every holder, and emits role.updated', async () => {
    const ws = await t.newWorkspace()
    const id = await customRole(ws.key, ['members.read'], 'Helper')
    const m = await t.newMember(ws.workspaceId, { roles: [{ role: id }] })
    // Warm the member's key and its compiled filters with the old definition.
    expect((await t.request('GET', '/v1/invitations', { key: m.key })).status).toBe(403)
    const res = await t.request('PATCH', `/v1/roles/${id}`, {
      key: ws.key,
      body: { permissions: ['members.read', 'members.manage'] },
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(200)
    expect(res.body.permissions).toEqual(['members.read', 'members.manage'])
    expect(res.headers.get('etag')).toBe('"2"')
    expect((await t.request('GET', '/v1/invitations', { key: m.key })).status).toBe(200)
    const [event] = await eventsOf(ws.workspaceId, 'role.updated')
    expect(event?.data).toEqual({
      role: { id, name: 'Helper', description: null, permissions: ['members.read', 'members.manage'] },
      previous: { permissions: ['members.read'] },
    })
    // And taking the permission away takes effect as fast.
    await t.request('PATCH', `/v1/roles/${id}`, { key: ws.key, body: { permissions: ['members.read'] } })
    expect((await t.request('GET', '/v1/invitations', { key: m.key })).status).toBe(403)
  })

  it('renames; changing nothing emits nothing', async () => {
    const ws = await t.newWorkspace()
    const id = await customRole(ws.key, ['contacts.read'], 'Old')
    const res = await t.request('PATCH', `/v1/roles/${id}`, {
      key: ws.key,
      body: { name: 'New', description: 'd' },
    })
    expect(res.body).toMatchObject({ name: 'New', description: 'd' })
    const same = await t.request('PATCH', `/v1/roles/${id}`, {
      key: ws.key,
      body: { name: 'New', permissions: ['contacts.read'] },
    })
    expect(same.headers.get('etag')).toBe('"2"')
    expect(await eventsOf(ws.workspaceId, 'role.updated')).toHaveLength(1)
  })

  it('refuses a stale If-Match (412), a taken name (409) and an unknown permission (400)', async () => {
    const ws = await t.newWorkspace()
    const id = await customRole(ws.key, ['contacts.read'], 'One')
    await customRole(ws.key, ['contacts.read'], 'Two')
    await t.request('PATCH', `/v1/roles/${id}`, { key: ws.key, body: { description: 'x' } })
    const stale = await t.request('PATCH', `/v1/roles/${id}`, {
      key: ws.key,
      body: { description: 'y' },
      headers: { 'if-match': '"1"' },
    })
    expect(stale.status).toBe(412)
    const taken = await t.request('PATCH', `/v1/roles/${id}`, { key: ws.key, body: { name: 'two' } })
    expect(taken.status).toBe(409)
    expect(taken.body.code).toBe('role_name_taken')
    const unknown = await t.request('PATCH', `/v1/roles/${id}`, {
      key: ws.key,
      body: { permissions: ['x.y'] },
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors[0]).toMatchObject({ path: 'body.permissions.0', code: 'unknown_permission' })
    const empty = await t.request('PATCH', `/v1/roles/${id}`, { key: ws.key, body: {} })
    expect(empty.status).toBe(400)
  })

  it('refuses to edit a role more powerful than the actor, or to add what they lack (403)', async () => {
    const ws = await t.newWorkspace()
    const strong = await customRole(ws.key, ['workspace.manage'], 'Strong')
    const weak = await customRole(ws.key, ['contacts.read'], 'Weak')
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const rename = await t.request('PATCH', `/v1/roles/${strong}`, { key: admin.key, body: { name: 'Mine' } })
    expect(rename.status).toBe(403)
    expect(rename.body.missingPermission).toBe('workspace.manage')
    const grow = await t.request('PATCH', `/v1/roles/${weak}`, {
      key: admin.key,
      body: { permissions: ['contacts.read', 'workspace.manage'] },
    })
    expect(grow.status).toBe(403)
    expect(grow.body.missingPermission).toBe('workspace.manage')
  })

  it('refuses to change a system role (422 system_role_immutable)', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('PATCH', '/v1/roles/agent', { key: ws.key, body: { permissions: [] } })
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('system_role_immutable')
    const agent = await t.newMember(ws.workspaceId)
    const byAgent = await t.request('PATCH', '/v1/roles/agent', { key: agent.key, body: { permissions: [] } })
    expect(byAgent.status).toBe(403)
  })

  it('answers 404 for another workspace’s role, 403 for an agent', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const id = await customRole(b.key, ['contacts.read'])
    expect((await t.request('PATCH', `/v1/roles/${id}`, { key: a.key, body: { name: 'X' } })).status).toBe(
      404,
    )
    const agent = await t.newMember(b.workspaceId)
    const res = await t.request('PATCH', `/v1/roles/${id}`, { key: agent.key, body: { name: 'X' } })
    expect(res.status).toBe(403)
    expect(res.body.missingPermission).toBe('roles.manage')
  })
})

describe('deleteRole', () => {
  it('deletes an unused role and emits role.deleted', async () => {
    const ws = await t.newWorkspace()
    const id = await customRole(ws.key, ['contacts.read'], 'Gone')
    const res = await t.request('DELETE', `/v1/roles/${id}`, { key: ws.key, headers: { 'if-match': '"1"' } })
    expect(res.status).toBe(204)
    expect((await t.request('GET', `/v1/roles/${id}`, { key: ws.key })).status).toBe(404)
    const [event] = await eventsOf(ws.workspaceId, 'role.deleted')
    expect(event?.data).toEqual({ role: { id, name: 'Gone' } })
  })

  it('refuses a role that is assigned or offered by a pending invitation (409 role_in_use)', async () => {
    const ws = await t.newWorkspace()
    const id = await customRole(ws.key, ['contacts.read'])
    const m = await t.newMember(ws.workspaceId, { roles: [{ role: id }] })
    const assigned = await t.request('DELETE', `/v1/roles/${id}`, { key: ws.key })
    expect(assigned.status).toBe(409)
    expect(assigned.body.code).toBe('role_in_use')
    const roles = await t.request('GET', `/v1/members/${m.memberId}/roles`, { key: ws.key })
    const assignment = roles.body.data.find((a: { role: string }) => a.role === id)
    await t.request('DELETE', `/v1/members/${m.memberId}/roles/${assignment.id}`, { key: ws.key })

    const invitation = await t.request('POST', '/v1/invitations', {
      key: ws.key,
      body: { email: 'new@example.test', role: id },
    })
    const offered = await t.request('DELETE', `/v1/roles/${id}`, { key: ws.key })
    expect(offered.status).toBe(409)
    expect(offered.body.code).toBe('role_in_use')
    await t.request('DELETE', `/v1/invitations/${invitation.body.id}`, { key: ws.key })
    expect((await t.request('DELETE', `/v1/roles/${id}`, { key: ws.key })).status).toBe(204)
  })

  it('refuses system roles (422), stale If-Match (412), agents (403); 404 across workspaces', async () => {
    const ws = await t.newWorkspace()
    const system = await t.request('DELETE', '/v1/roles/viewer', { key: ws.key })
    expect(system.status).toBe(422)
    expect(system.body.code).toBe('system_role_immutable')
    const id = await customRole(ws.key, ['contacts.read'])
    const stale = await t.request('DELETE', `/v1/roles/${id}`, {
      key: ws.key,
      headers: { 'if-match': '"9"' },
    })
    expect(stale.status).toBe(412)
    const agent = await t.newMember(ws.workspaceId)
    const byAgent = await t.request('DELETE', `/v1/roles/${id}`, { key: agent.key })
    expect(byAgent.status).toBe(403)
    expect(byAgent.body.missingPermission).toBe('roles.manage')
    const other = await t.newWorkspace()
    expect((await t.request('DELETE', `/v1/roles/${id}`, { key: other.key })).status).toBe(404)
  })
})
