import { beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../src/ids'
import { createTestApp, expectProblem, newContactSession, type TestApp } from '../harness'
import { eventTypes, newTicket, statusesOf, ticketRow } from './ticket-actions-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const bulk = (key: string | undefined, body: unknown) => t.request('POST', '/v1/tickets/bulk', { key, body })

describe('bulkUpdateTickets', () => {
  it('applies the changes to every ticket, answering per ticket in order, with each ticket’s own events', async () => {
    const ws = await t.newWorkspace()
    const statuses = await statusesOf(t, ws.workspaceId)
    const team = await t.newTeam(ws.workspaceId)
    const a = await newTicket(t, ws.workspaceId, { tags: ['billing', 'old'] })
    const b = await newTicket(t, ws.workspaceId)
    const res = await bulk(ws.key, {
      ticketIds: [a.id, b.id, a.id],
      changes: {
        statusId: statuses.pending,
        priority: 'high',
        teamId: team.id,
        addTags: ['vip'],
        removeTags: ['old'],
      },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body.data.map((r: { ticketId: string; status: string }) => [r.ticketId, r.status])).toEqual([
      [a.id, 'updated'],
      [b.id, 'updated'],
    ])
    const rowA = await ticketRow(t, a.id)
    expect(rowA).toMatchObject({ statusId: statuses.pending, priority: 'high', teamId: team.id, version: 2 })
    expect(rowA.tags).toEqual(['billing', 'vip'])
    expect(res.body.data[0].changes).toContainEqual({ field: 'priority', before: 'normal', after: 'high' })
    expect(await eventTypes(t, ws.workspaceId, a.id)).toEqual([
      'ticket.updated',
      'ticket.status_changed',
      'ticket.assigned',
    ])
    const again = await bulk(ws.key, { ticketIds: [a.id], changes: { priority: 'high' } })
    expect(again.body.data).toEqual([{ ticketId: a.id, status: 'unchanged', changes: [] }])
  })

  it('answers not_found for unknown and unreadable tickets, forbidden and invalid per ticket, never failing the rest', async () => {
    const ws = await t.newWorkspace()
    const statuses = await statusesOf(t, ws.workspaceId)
    const teamA = await t.newTeam(ws.workspaceId)
    const teamB = await t.newTeam(ws.workspaceId)
    const agent = await t.newMember(ws.workspaceId, { teamIds: [teamA.id] })
    const mine = await newTicket(t, ws.workspaceId, { teamId: teamA.id })
    const closed = await newTicket(t, ws.workspaceId, { teamId: teamA.id, category: 'closed' })
    const theirs = await newTicket(t, ws.workspaceId, { teamId: teamB.id })
    const other = await t.newWorkspace()
    const foreign = await newTicket(t, other.workspaceId)
    const missing = newId('tkt')
    const res = await bulk(agent.key, {
      ticketIds: [mine.id, closed.id, theirs.id, foreign.id, missing],
      changes: { statusId: statuses.pending },
    })
    expect(res.status, res.text).toBe(200)
    const byId = Object.fromEntries(res.body.data.map((r: { ticketId: string }) => [r.ticketId, r]))
    expect(byId[mine.id].status).toBe('updated')
    expect(byId[closed.id]).toMatchObject({
      status: 'invalid',
      problem: { code: 'ticket_closed', status: 409 },
    })
    // The access proof: a team B ticket is answered exactly like one that does not exist.
    for (const id of [theirs.id, foreign.id, missing]) {
      expect(byId[id]).toMatchObject({ status: 'not_found', problem: { code: 'not_found', status: 404 } })
    }
    expect(await ticketRow(t, theirs.id)).toMatchObject({ version: 1 })
    const unknownStatus = await bulk(agent.key, { ticketIds: [mine.id], changes: { statusId: newId('tst') } })
    expect(unknownStatus.body.data[0]).toMatchObject({
      status: 'invalid',
      problem: { code: 'ticket_status_not_found', errors: [{ path: 'body.changes.statusId' }] },
    })

    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const denied = await bulk(viewer.key, { ticketIds: [mine.id], changes: { priority: 'low' } })
    expect(denied.body.data[0]).toMatchObject({
      status: 'forbidden',
      problem: { code: 'forbidden', missingPermission: 'tickets.update' },
    })
    const collaborator = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'collaborator' }],
      teamIds: [teamA.id],
    })
    const noAssign = await bulk(collaborator.key, { ticketIds: [mine.id], changes: { assigneeId: null } })
    expect(noAssign.body.data[0]).toMatchObject({
      status: 'forbidden',
      problem: { missingPermission: 'tickets.assign' },
    })
  })

  it('refuses more than 500 distinct tickets (422 bulk_limit_exceeded), over 1,000 entries and empty changes (400)', async () => {
    const ws = await t.newWorkspace()
    const ids = Array.from({ length: 501 }, () => newId('tkt'))
    const res = await bulk(ws.key, { ticketIds: ids, changes: { priority: 'low' } })
    expectProblem(res, 422, 'bulk_limit_exceeded')
    expect(res.body.errors[0].path).toBe('body.ticketIds')
    const repeated = Array.from({ length: 600 }, (_, i) => ids[i % 10])
    expect((await bulk(ws.key, { ticketIds: repeated, changes: { priority: 'low' } })).status).toBe(200)
    const tooMany = Array.from({ length: 1001 }, () => newId('tkt'))
    expectProblem(
      await bulk(ws.key, { ticketIds: tooMany, changes: { priority: 'low' } }),
      400,
      'validation_failed',
    )
    expectProblem(await bulk(ws.key, { ticketIds: [ids[0]], changes: {} }), 400, 'validation_failed')
    expectProblem(
      await bulk(ws.key, { ticketIds: [], changes: { priority: 'low' } }),
      400,
      'validation_failed',
    )
    expectProblem(
      await bulk(ws.key, { ticketIds: [ids[0]], changes: { priority: 'meh' } }),
      400,
      'validation_failed',
    )
  })

  it('needs a credential, refuses publishable keys, answers per ticket for contacts and read-only keys', async () => {
    const ws = await t.newWorkspace()
    const ticket = await newTicket(t, ws.workspaceId)
    const body = { ticketIds: [ticket.id], changes: { priority: 'urgent' } }
    expectProblem(await bulk(undefined, body), 401, 'unauthorized')
    const profile = await t.request('POST', '/v1/widget-profiles', {
      key: ws.key,
      body: { name: 'Site', allowedOrigins: ['https://app.example.com'] },
    })
    const visitor = await t.request('POST', '/v1/tickets/bulk', {
      headers: { authorization: `Bearer ${profile.body.publishableKey}`, origin: 'https://app.example.com' },
      body,
    })
    expectProblem(visitor, 403, 'forbidden')
    const contact = await newContactSession(t, ws.workspaceId)
    const own = await newTicket(t, ws.workspaceId, { requesterId: contact.id })
    const asContact = await bulk(contact.key, {
      ticketIds: [own.id, ticket.id],
      changes: { priority: 'urgent' },
    })
    expect(asContact.status, asContact.text).toBe(200)
    expect(asContact.body.data.map((r: { status: string }) => r.status)).toEqual(['forbidden', 'not_found'])
    const readOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:read'],
    })
    const scoped = await bulk(readOnly.key, body)
    expect(scoped.body.data[0]).toMatchObject({
      status: 'forbidden',
      problem: { missingScope: 'tickets:write' },
    })
    const wrongScope = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:write'],
    })
    expectProblem(await bulk(wrongScope.key, body), 403, 'forbidden')
    const other = await t.newWorkspace()
    expect((await bulk(other.key, body)).body.data[0].status).toBe('not_found')
    expect(await ticketRow(t, ticket.id)).toMatchObject({ version: 1, priority: 'normal' })
  })
})
