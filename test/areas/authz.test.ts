import { beforeAll, describe, expect, it } from 'vitest'
import { contacts } from '../../src/db/schema'
import { type ContactId, newId, type WorkspaceId } from '../../src/ids'
import { createTestApp, type TestApp } from '../harness'

describe('checkAuthorization', () => {
  let t: TestApp
  let ws: Awaited<ReturnType<TestApp['newWorkspace']>>

  const newContact = async (workspaceId: WorkspaceId) => {
    const [row] = await t.database.db
      .insert(contacts)
      .values({ id: newId('ct'), workspaceId, email: `c-${Math.random()}@example.test` })
      .returning()
    return row!.id as ContactId
  }
  const check = (key: string, body: unknown) => t.request('POST', '/v1/authz/check', { key, body })

  beforeAll(async () => {
    t = await createTestApp()
    ws = await t.newWorkspace()
  })

  it('names the role assignment that grants an action', async () => {
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const contactId = await newContact(ws.workspaceId)
    const res = await check(ws.key, {
      actor: { type: 'member', id: agent.memberId },
      action: 'update',
      resource: { type: 'Contact', id: contactId },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      allowed: true,
      reason: 'role',
      grantedBy: { role: 'agent', roleName: 'Agent', teamId: null },
      requiredPermission: 'contacts.manage',
    })
  })

  it('says which permission is missing', async () => {
    const collaborator = await t.newMember(ws.workspaceId, { roles: [{ role: 'collaborator' }] })
    const contactId = await newContact(ws.workspaceId)
    const res = await check(ws.key, {
      actor: { type: 'member', id: collaborator.memberId },
      action: 'merge',
      resource: { type: 'Contact', id: contactId },
    })
    expect(res.body).toMatchObject({
      allowed: false,
      reason: 'missing_permission',
      requiredPermission: 'contacts.manage',
    })
  })

  it('distinguishes a team-scoped grant inside and outside its team', async () => {
    const teamA = await t.newTeam(ws.workspaceId)
    const teamB = await t.newTeam(ws.workspaceId)
    const member = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'agent' }, { role: 'supervisor', teamId: teamB.id }],
    })
    // Supervisors do not hold teams.manage; admins do. Give the member an admin role in team B.
    const admin = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'agent' }, { role: 'admin', teamId: teamB.id }],
    })
    const inB = await check(ws.key, {
      actor: { type: 'member', id: admin.memberId },
      action: 'update',
      resource: { type: 'Team', id: teamB.id },
    })
    expect(inB.body).toMatchObject({
      allowed: true,
      reason: 'role',
      grantedBy: { role: 'admin', teamId: teamB.id },
    })
    const inA = await check(ws.key, {
      actor: { type: 'member', id: admin.memberId },
      action: 'update',
      resource: { type: 'Team', id: teamA.id },
    })
    expect(inA.body).toMatchObject({
      allowed: false,
      reason: 'missing_permission',
      requiredPermission: 'teams.manage',
    })
    const notInTeam = await check(ws.key, {
      actor: { type: 'member', id: member.memberId },
      action: 'read',
      resource: { type: 'Team', id: teamA.id },
    })
    expect(notInTeam.body).toMatchObject({ allowed: true, reason: 'role', grantedBy: { role: 'agent' } })
  })

  it('reports a rule that is not a role: a member reading their own record', async () => {
    const nobody = await t.newMember(ws.workspaceId, { roles: [] })
    const res = await check(ws.key, {
      actor: { type: 'member', id: nobody.memberId },
      action: 'read',
      resource: { type: 'Member', id: nobody.memberId },
    })
    expect(res.body).toMatchObject({ allowed: true, reason: 'rule', grantedBy: null })
  })

  it('reports a missing API-key scope', async () => {
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const contactId = await newContact(ws.workspaceId)
    const res = await check(ws.key, {
      actor: { type: 'api_key', id: reader.apiKeyId },
      action: 'update',
      resource: { type: 'Contact', id: contactId },
    })
    expect(res.body).toMatchObject({
      allowed: false,
      reason: 'missing_scope',
      requiredScope: 'contacts:write',
    })
    const read = await check(ws.key, {
      actor: { type: 'api_key', id: reader.apiKeyId },
      action: 'read',
      resource: { type: 'Contact', id: contactId },
    })
    expect(read.body).toMatchObject({ allowed: true, reason: 'role', grantedBy: { role: 'admin' } })
  })

  it('explains contacts: their own record by rule, others not at all', async () => {
    const me = await newContact(ws.workspaceId)
    const other = await newContact(ws.workspaceId)
    const own = await check(ws.key, {
      actor: { type: 'contact', id: me },
      action: 'read',
      resource: { type: 'Contact', id: me },
    })
    expect(own.body).toMatchObject({ allowed: true, reason: 'rule' })
    const theirs = await check(ws.key, {
      actor: { type: 'contact', id: me },
      action: 'read',
      resource: { type: 'Contact', id: other },
    })
    expect(theirs.body).toMatchObject({ allowed: false, reason: 'not_allowed' })
  })

  describe('errors and security', () => {
    it('refuses members without authz.check (403 naming it)', async () => {
      const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
      const res = await check(agent.key, {
        actor: { type: 'member', id: agent.memberId },
        action: 'read',
        resource: { type: 'Workspace', id: ws.workspaceId },
      })
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'authz.check' })
    })

    it('refuses API keys without roles:read (403 naming the scope)', async () => {
      const admin = await t.newMember(ws.workspaceId, {
        roles: [{ role: 'admin' }],
        scopes: ['contacts:write'],
      })
      const res = await check(admin.key, {
        actor: { type: 'member', id: admin.memberId },
        action: 'read',
        resource: { type: 'Workspace', id: ws.workspaceId },
      })
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'roles:read' })
    })

    it('answers 404 for an actor or resource of another workspace', async () => {
      const other = await t.newWorkspace('Other')
      const foreignContact = await newContact(other.workspaceId)
      const actor = await check(ws.key, {
        actor: { type: 'member', id: other.memberId },
        action: 'read',
        resource: { type: 'Workspace', id: ws.workspaceId },
      })
      expect(actor.status).toBe(404)
      const resource = await check(ws.key, {
        actor: { type: 'member', id: ws.memberId },
        action: 'read',
        resource: { type: 'Contact', id: foreignContact },
      })
      expect(resource.status).toBe(404)
      expect(resource.body.code).toBe('not_found')
    })

    it('answers 400 naming the field for ids of the wrong kind and unknown types', async () => {
      const wrongPrefix = await check(ws.key, {
        actor: { type: 'member', id: ws.apiKeyId },
        action: 'read',
        resource: { type: 'Workspace', id: ws.workspaceId },
      })
      expect(wrongPrefix.status).toBe(400)
      expect(wrongPrefix.body.errors[0].path).toBe('body.actor.id')
      const badResource = await check(ws.key, {
        actor: { type: 'member', id: ws.memberId },
        action: 'read',
        resource: { type: 'Contact', id: ws.memberId },
      })
      expect(badResource.body.errors[0].path).toBe('body.resource.id')
      const unknownType = await check(ws.key, {
        actor: { type: 'member', id: ws.memberId },
        action: 'read',
        resource: { type: 'Ticketz', id: ws.memberId },
      })
      expect(unknownType.status).toBe(400)
      expect(unknownType.body.errors[0].path).toBe('body.resource.type')
    })

    it('answers 401 without credentials', async () => {
      const res = await t.request('POST', '/v1/authz/check', {
        body: {
          actor: { type: 'member', id: ws.memberId },
          action: 'read',
          resource: { type: 'Workspace', id: ws.workspaceId },
        },
      })
      expect(res.status).toBe(401)
    })
  })
})
