import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../src/auth/sessions'
import { apiKeys, type contacts, organizations } from '../../src/db/schema'
import { inboxes } from '../../src/db/schema/routing'
import { type ContactId, idToUuid, newId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, type TestApp } from '../harness'
import { ensureStatuses, newCustomField, type StatusIds } from './tickets-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const call = (method: string, path: string, key: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })
const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((x) => x.id).sort()

async function contactSession(workspaceId: WorkspaceId, fields: Partial<typeof contacts.$inferInsert> = {}) {
  const contact = await newContact(workspaceId, fields, t.database.db)
  const session = await createSession(
    t.database.db,
    { workspaceId, contactId: contact.id as ContactId },
    { ip: null, userAgent: null },
  )
  return { id: contact.id, key: session.token }
}

/** A workspace with two teams, their tickets, and agents of each. */
async function world() {
  const ws = await t.newWorkspace()
  const statuses: StatusIds = await ensureStatuses(t, ws.workspaceId)
  const teamA = await t.newTeam(ws.workspaceId, 'A')
  const teamB = await t.newTeam(ws.workspaceId, 'B')
  const requester = await newContact(ws.workspaceId, {}, t.database.db)
  const ticket = async (body: Record<string, unknown> = {}) => {
    const res = await call('POST', '/v1/tickets', ws.key, {
      subject: 's',
      requesterId: requester.id,
      ...body,
    })
    expect(res.status, res.text).toBe(201)
    return res.body as { id: string }
  }
  const inA = await ticket({ teamId: teamA.id })
  const inB = await ticket({ teamId: teamB.id })
  const noTeam = await ticket()
  const agentA = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [teamA.id] })
  return { ws, statuses, teamA, teamB, requester, ticket, inA, inB, noTeam, agentA }
}

describe('member access', () => {
  it('an agent of team A can neither list, read, update nor message a team B ticket', async () => {
    const w = await world()
    expect(ids(await call('GET', '/v1/tickets', w.agentA.key))).toEqual([w.inA.id])
    expect((await call('GET', `/v1/tickets/${w.inA.id}`, w.agentA.key)).status).toBe(200)
    for (const id of [w.inB.id, w.noTeam.id]) {
      expectProblem(await call('GET', `/v1/tickets/${id}`, w.agentA.key), 404, 'not_found')
      expectProblem(
        await call('PATCH', `/v1/tickets/${id}`, w.agentA.key, { subject: 'x' }),
        404,
        'not_found',
      )
      expectProblem(await call('DELETE', `/v1/tickets/${id}`, w.agentA.key), 404, 'not_found')
      expectProblem(await call('GET', `/v1/tickets/${id}/messages`, w.agentA.key), 404, 'not_found')
      expectProblem(await call('GET', `/v1/tickets/${id}/activity`, w.agentA.key), 404, 'not_found')
      expectProblem(
        await call('POST', `/v1/tickets/${id}/messages`, w.agentA.key, { kind: 'note', body: 'x' }),
        404,
        'not_found',
      )
    }
    expect(ids(await call('GET', `/v1/tickets?teamId=${w.teamB.id}`, w.agentA.key))).toEqual([])
    expect((await call('PATCH', `/v1/tickets/${w.inA.id}`, w.agentA.key, { subject: 'mine' })).status).toBe(
      200,
    )
  })

  it('an agent also sees the tickets assigned to it, in any team', async () => {
    const w = await world()
    const assigned = await w.ticket({ teamId: w.teamB.id, assigneeId: w.agentA.memberId })
    expect(ids(await call('GET', '/v1/tickets', w.agentA.key))).toEqual([w.inA.id, assigned.id].sort())
    expect((await call('GET', `/v1/tickets/${assigned.id}`, w.agentA.key)).status).toBe(200)
  })

  it('an agent whose role is scoped to team A also reads, but does not change, a team B ticket assigned to it', async () => {
    const w = await world()
    const scoped = await t.newMember(w.ws.workspaceId, {
      roles: [{ role: 'agent', teamId: w.teamA.id }],
      teamIds: [w.teamA.id],
    })
    const assigned = await w.ticket({ teamId: w.teamB.id, assigneeId: scoped.memberId })
    expect(ids(await call('GET', '/v1/tickets', scoped.key))).toEqual([w.inA.id, assigned.id].sort())
    expectProblem(
      await call('PATCH', `/v1/tickets/${assigned.id}`, scoped.key, { subject: 'x' }),
      403,
      'forbidden',
    )
    expect((await call('PATCH', `/v1/tickets/${w.inA.id}`, scoped.key, { subject: 'x' })).status).toBe(200)
    const unassigned = await t.newMember(w.ws.workspaceId, {
      roles: [{ role: 'viewer', teamId: w.teamA.id }],
    })
    expect(ids(await call('GET', '/v1/tickets', unassigned.key))).toEqual([w.inA.id])
  })

  it('read_all scoped to a team reaches that team only; workspace-wide it reaches every ticket', async () => {
    const w = await world()
    const scoped = await t.newMember(w.ws.workspaceId, {
      roles: [{ role: 'supervisor', teamId: w.teamA.id }],
    })
    expect(ids(await call('GET', '/v1/tickets', scoped.key))).toEqual([w.inA.id])
    const everywhere = await t.newMember(w.ws.workspaceId, { roles: [{ role: 'supervisor' }] })
    expect(ids(await call('GET', '/v1/tickets', everywhere.key))).toEqual(
      [w.inA.id, w.inB.id, w.noTeam.id].sort(),
    )
  })

  it('a collaborator writes notes but not replies, and changes no field', async () => {
    const w = await world()
    const collaborator = await t.newMember(w.ws.workspaceId, {
      roles: [{ role: 'collaborator' }],
      teamIds: [w.teamA.id],
    })
    const note = await call('POST', `/v1/tickets/${w.inA.id}/messages`, collaborator.key, {
      kind: 'note',
      body: 'n',
    })
    expect(note.status, note.text).toBe(201)
    const reply = await call('POST', `/v1/tickets/${w.inA.id}/messages`, collaborator.key, {
      kind: 'reply',
      body: 'r',
    })
    expectProblem(reply, 403, 'forbidden')
    expect(reply.body.missingPermission).toBe('tickets.reply')
    expectProblem(
      await call('PATCH', `/v1/tickets/${w.inA.id}`, collaborator.key, { subject: 'x' }),
      403,
      'forbidden',
    )
  })

  it('assigning needs tickets.assign: a custom role with update only may not', async () => {
    const w = await world()
    const role = await call('POST', '/v1/roles', w.ws.key, {
      name: 'Updater',
      permissions: ['tickets.read_all', 'tickets.update'],
    })
    expect(role.status, role.text).toBe(201)
    const updater = await t.newMember(w.ws.workspaceId, { roles: [{ role: role.body.id }] })
    expect((await call('PATCH', `/v1/tickets/${w.inB.id}`, updater.key, { priority: 'high' })).status).toBe(
      200,
    )
    const denied = await call('PATCH', `/v1/tickets/${w.inB.id}`, updater.key, {
      assigneeId: updater.memberId,
    })
    expectProblem(denied, 403, 'forbidden')
    expect(denied.body.missingPermission).toBe('tickets.assign')
  })

  it('another workspace sees nothing (404), lists only its own', async () => {
    const w = await world()
    const other = await t.newWorkspace()
    await ensureStatuses(t, other.workspaceId)
    expect(ids(await call('GET', '/v1/tickets', other.key))).toEqual([])
    expectProblem(await call('GET', `/v1/tickets/${w.inA.id}`, other.key), 404, 'not_found')
    expectProblem(
      await call('PATCH', `/v1/tickets/${w.inA.id}`, other.key, { subject: 'x' }),
      404,
      'not_found',
    )
  })
})

describe('API key limits', () => {
  it('a team-limited key sees only its teams; an inbox-limited key only its inboxes', async () => {
    const w = await world()
    const teamKey = await t.newMember(w.ws.workspaceId, {
      roles: [{ role: 'admin' }],
      keyTeamIds: [w.teamA.id],
    })
    expect(ids(await call('GET', '/v1/tickets', teamKey.key))).toEqual([w.inA.id])
    expectProblem(await call('GET', `/v1/tickets/${w.inB.id}`, teamKey.key), 404, 'not_found')
    // Creating outside its teams is refused too.
    expectProblem(
      await call('POST', '/v1/tickets', teamKey.key, {
        subject: 'x',
        requesterId: w.requester.id,
        teamId: w.teamB.id,
      }),
      403,
      'forbidden',
    )

    const inbox = newId('ibx')
    await t.database.db.insert(inboxes).values({ id: inbox, workspaceId: w.ws.workspaceId, name: 'Inbox' })
    const inInbox = await w.ticket({ inboxId: inbox })
    const inboxKey = await t.newMember(w.ws.workspaceId, { roles: [{ role: 'admin' }] })
    await t.database.db
      .update(apiKeys)
      .set({ inboxIds: [idToUuid(inbox)] })
      .where(eq(apiKeys.id, inboxKey.apiKeyId))
    expect(ids(await call('GET', '/v1/tickets', inboxKey.key))).toEqual([inInbox.id])
    expectProblem(await call('GET', `/v1/tickets/${w.inA.id}`, inboxKey.key), 404, 'not_found')
  })
})

describe('contact access (portal)', () => {
  it('a contact lists and reads its own tickets in the contact shape, opens tickets, and replies', async () => {
    const w = await world()
    await newCustomField(t, w.ws.workspaceId, 'public_ref', 'text', { visibleToContacts: true })
    await newCustomField(t, w.ws.workspaceId, 'internal_score', 'number')
    const me = await contactSession(w.ws.workspaceId)
    const mine = await w.ticket({
      requesterId: me.id,
      teamId: w.teamA.id,
      tags: ['vip'],
      customFields: { public_ref: 'R-1', internal_score: 9 },
    })
    expect(ids(await call('GET', '/v1/tickets', me.key))).toEqual([mine.id])
    const read = await call('GET', `/v1/tickets/${mine.id}`, me.key)
    expect(read.status).toBe(200)
    expect(read.body.customFields).toEqual({ public_ref: 'R-1' })
    for (const hidden of ['assigneeId', 'teamId', 'inboxId', 'tags', 'externalId', 'messageCount'])
      expect(read.body).not.toHaveProperty(hidden)
    expectProblem(await call('GET', `/v1/tickets/${w.inA.id}`, me.key), 404, 'not_found')

    const opened = await call('POST', '/v1/tickets', me.key, {
      subject: 'Help',
      message: { body: 'Please' },
      customFields: { public_ref: 'R-2' },
    })
    expect(opened.status, opened.text).toBe(201)
    expect(opened.body).toMatchObject({ requesterId: me.id, source: 'portal' })
    expectProblem(
      await call('POST', '/v1/tickets', me.key, { subject: 'x', customFields: { internal_score: 1 } }),
      422,
      'custom_field_invalid',
    )
    expectProblem(
      await call('POST', '/v1/tickets', me.key, { subject: 'x', priority: 'urgent' }),
      403,
      'forbidden',
    )
    expectProblem(
      await call('POST', '/v1/tickets', me.key, { subject: 'x', requesterId: w.requester.id }),
      403,
      'forbidden',
    )
    const reply = await call('POST', `/v1/tickets/${mine.id}/messages`, me.key, {
      kind: 'reply',
      body: 'Thanks',
    })
    expect(reply.status, reply.text).toBe(201)
    expect(reply.body).toMatchObject({ authorType: 'contact', authorId: me.id })
    expectProblem(
      await call('POST', `/v1/tickets/${mine.id}/messages`, me.key, { kind: 'note', body: 'x' }),
      403,
      'forbidden',
    )
    expectProblem(await call('PATCH', `/v1/tickets/${mine.id}`, me.key, { subject: 'x' }), 403, 'forbidden')
    expectProblem(await call('DELETE', `/v1/tickets/${mine.id}`, me.key), 403, 'forbidden')
  })

  it("follows the organisation's ticket sharing: none, members_read, members_reply", async () => {
    const w = await world()
    for (const sharing of ['none', 'members_read', 'members_reply'] as const) {
      const [org] = await t.database.db
        .insert(organizations)
        .values({
          id: newId('org'),
          workspaceId: w.ws.workspaceId,
          name: `Org ${sharing}`,
          ticketSharing: sharing,
        })
        .returning()
      const colleague = await newContact(w.ws.workspaceId, { organizationId: org!.id }, t.database.db)
      const theirs = await w.ticket({ requesterId: colleague.id })
      const me = await contactSession(w.ws.workspaceId, { organizationId: org!.id })
      const read = await call('GET', `/v1/tickets/${theirs.id}`, me.key)
      const reply = await call('POST', `/v1/tickets/${theirs.id}/messages`, me.key, {
        kind: 'reply',
        body: 'r',
      })
      if (sharing === 'none') {
        expect(read.status).toBe(404)
        expect(ids(await call('GET', '/v1/tickets', me.key))).toEqual([])
        expect(reply.status).toBe(404)
      } else {
        expect(read.status).toBe(200)
        expect(ids(await call('GET', '/v1/tickets', me.key))).toEqual([theirs.id])
        expect(reply.status, reply.text).toBe(sharing === 'members_reply' ? 201 : 403)
      }
    }
  })

  it('a contact never reads a note: not in lists, include=messages, kind=note, activity or counts', async () => {
    const w = await world()
    const me = await contactSession(w.ws.workspaceId)
    const mine = await w.ticket({ requesterId: me.id, message: { body: 'opening' } })
    const staff = (kind: string, body: string) =>
      call('POST', `/v1/tickets/${mine.id}/messages`, w.ws.key, { kind, body })
    expect((await staff('note', 'SECRET internal note')).status).toBe(201)
    expect((await staff('reply', 'public answer')).status).toBe(201)

    const list = await call('GET', `/v1/tickets/${mine.id}/messages`, me.key)
    expect(list.body.data.map((m: { body: string }) => m.body)).toEqual(['opening', 'public answer'])
    const notes = await call('GET', `/v1/tickets/${mine.id}/messages?kind=note`, me.key)
    expect(notes.body).toEqual({ data: [], nextCursor: null })
    const embedded = await call('GET', `/v1/tickets/${mine.id}?include=messages`, me.key)
    expect(embedded.text).not.toContain('SECRET')
    expect(embedded.body.messages).toHaveLength(2)
    expect(embedded.body).not.toHaveProperty('messageCount')
    expectProblem(await call('GET', `/v1/tickets/${mine.id}/activity`, me.key), 404, 'not_found')
    const everything = await call('GET', '/v1/tickets', me.key)
    expect(everything.text).not.toContain('SECRET')
    // Staff see both.
    const staffList = await call('GET', `/v1/tickets/${mine.id}/messages`, w.ws.key)
    expect(staffList.body.data).toHaveLength(3)
    // Events are staff-only: a contact has no events feed.
    expect((await call('GET', '/v1/events', me.key)).status).toBe(403)
  })
})

describe('anonymous visitors', () => {
  it('a publishable key reads and writes no ticket', async () => {
    const w = await world()
    const origin = 'https://tickets-visitors.test'
    const profile = await call('POST', '/v1/widget-profiles', w.ws.key, {
      name: 'Widget',
      environment: 'production',
      allowedOrigins: [origin],
    })
    expect(profile.status, profile.text).toBe(201)
    const visit = (method: string, path: string, body?: unknown) =>
      call(method, path, profile.body.publishableKey, body, { origin })
    expectProblem(await visit('GET', '/v1/tickets'), 403, 'forbidden')
    expectProblem(await visit('GET', `/v1/tickets/${w.inA.id}`), 404, 'not_found')
    expectProblem(
      await visit('POST', '/v1/tickets', { subject: 'x', requesterId: w.requester.id }),
      403,
      'forbidden',
    )
    expectProblem(
      await visit('POST', `/v1/tickets/${w.inA.id}/messages`, { kind: 'reply', body: 'x' }),
      404,
      'not_found',
    )
  })
})
