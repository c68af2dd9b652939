import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { wakeSnoozedTickets } from '../../src/areas/ticket-actions/snooze'
import { ticketActivity, ticketReads, tickets } from '../../src/db/schema/tickets'
import { newId } from '../../src/ids'
import { createTestApp, expectProblem, newContactSession, type TestApp } from '../harness'
import { eventTypes, newTicket, statusesOf, ticketRow } from './ticket-actions-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const act = (
  key: string | undefined,
  id: string,
  action: string,
  body?: unknown,
  headers?: Record<string, string>,
) => t.request('POST', `/v1/tickets/${id}/${action}`, { key, body, headers })

/** A workspace with statuses, two teams and an agent of team A. */
async function setup() {
  const ws = await t.newWorkspace()
  const statuses = await statusesOf(t, ws.workspaceId)
  const teamA = await t.newTeam(ws.workspaceId)
  const teamB = await t.newTeam(ws.workspaceId)
  const agent = await t.newMember(ws.workspaceId, { teamIds: [teamA.id], name: 'Agent Smith' })
  return { ws, statuses, teamA, teamB, agent }
}

describe('assignTicket', () => {
  it('sets assignee and team, bumps the ETag, records the timeline and emits ticket.updated and ticket.assigned', async () => {
    const { ws, teamA, agent } = await setup()
    const ticket = await newTicket(t, ws.workspaceId)
    const res = await act(ws.key, ticket.id, 'assign', { assigneeId: agent.memberId, teamId: teamA.id })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({ id: ticket.id, assigneeId: agent.memberId, teamId: teamA.id })
    expect(res.headers.get('etag')).toBe('"2"')
    expect(await eventTypes(t, ws.workspaceId, ticket.id)).toEqual(['ticket.updated', 'ticket.assigned'])
    const activity = await t.database.db
      .select({ field: ticketActivity.field })
      .from(ticketActivity)
      .where(eq(ticketActivity.ticketId, ticket.id))
    expect(activity.map((a) => a.field).sort()).toEqual(['assigneeId', 'teamId'])
    const cleared = await act(ws.key, ticket.id, 'assign', { assigneeId: null })
    expect(cleared.body).toMatchObject({ assigneeId: null, teamId: teamA.id })
  })

  it('answers 400 for an empty body, 422 for an unknown assignee or team, and 412 for a stale If-Match', async () => {
    const { ws } = await setup()
    const ticket = await newTicket(t, ws.workspaceId)
    expectProblem(await act(ws.key, ticket.id, 'assign', {}), 400, 'validation_failed')
    expectProblem(await act(ws.key, ticket.id, 'assign', { assigneeId: 'nope' }), 400, 'validation_failed')
    expectProblem(
      await act(ws.key, ticket.id, 'assign', { assigneeId: newId('mbr') }),
      422,
      'assignee_not_found',
    )
    expectProblem(await act(ws.key, ticket.id, 'assign', { teamId: newId('team') }), 422, 'team_not_found')
    expectProblem(
      await act(ws.key, ticket.id, 'assign', { assigneeId: ws.memberId }, { 'if-match': '"7"' }),
      412,
      'precondition_failed',
    )
    const ok = await act(ws.key, ticket.id, 'assign', { assigneeId: ws.memberId }, { 'if-match': '"1"' })
    expect(ok.status).toBe(200)
  })
})

describe('takeTicket and returnTicket', () => {
  it('assigns the ticket to the caller, then returns it to its team queue', async () => {
    const { ws, teamA, agent } = await setup()
    const ticket = await newTicket(t, ws.workspaceId, { teamId: teamA.id })
    const taken = await act(agent.key, ticket.id, 'take')
    expect(taken.status, taken.text).toBe(200)
    expect(taken.body).toMatchObject({ assigneeId: agent.memberId, teamId: teamA.id })
    const again = await act(agent.key, ticket.id, 'take')
    expect(again.headers.get('etag')).toBe(taken.headers.get('etag'))
    const returned = await act(agent.key, ticket.id, 'return')
    expect(returned.status).toBe(200)
    expect(returned.body).toMatchObject({ assigneeId: null, teamId: teamA.id })
    expect(await eventTypes(t, ws.workspaceId, ticket.id)).toEqual([
      'ticket.updated',
      'ticket.assigned',
      'ticket.updated',
      'ticket.assigned',
    ])
  })
})

describe('setTicketStatus and setTicketPriority', () => {
  it('sets the status (ticket.status_changed) and the priority', async () => {
    const { ws, statuses } = await setup()
    const ticket = await newTicket(t, ws.workspaceId)
    const solved = await act(ws.key, ticket.id, 'status', { statusId: statuses.solved })
    expect(solved.status, solved.text).toBe(200)
    expect(solved.body).toMatchObject({ statusId: statuses.solved, statusCategory: 'solved' })
    expect(solved.body.solvedAt).not.toBeNull()
    const urgent = await act(ws.key, ticket.id, 'priority', { priority: 'urgent' })
    expect(urgent.body.priority).toBe('urgent')
    expect(await eventTypes(t, ws.workspaceId, ticket.id)).toEqual([
      'ticket.updated',
      'ticket.status_changed',
      'ticket.updated',
    ])
  })

  it('answers 422 for an unknown status, 400 for a bad priority, and 409 reopening a closed ticket', async () => {
    const { ws, statuses } = await setup()
    const ticket = await newTicket(t, ws.workspaceId)
    expectProblem(
      await act(ws.key, ticket.id, 'status', { statusId: newId('tst') }),
      422,
      'ticket_status_not_found',
    )
    expectProblem(await act(ws.key, ticket.id, 'priority', { priority: 'meh' }), 400, 'validation_failed')
    const closed = await newTicket(t, ws.workspaceId, { category: 'closed' })
    expectProblem(await act(ws.key, closed.id, 'status', { statusId: statuses.open }), 409, 'ticket_closed')
  })
})

describe('addTicketTags and removeTicketTags', () => {
  it('adds missing tags, removes given ones, and changes nothing when there is nothing to do', async () => {
    const { ws } = await setup()
    const ticket = await newTicket(t, ws.workspaceId, { tags: ['billing'] })
    const added = await act(ws.key, ticket.id, 'tags', { tags: ['vip', 'billing', 'vip'] })
    expect(added.status, added.text).toBe(200)
    expect(added.body.tags).toEqual(['billing', 'vip'])
    const same = await act(ws.key, ticket.id, 'tags', { tags: ['vip'] })
    expect(same.headers.get('etag')).toBe(added.headers.get('etag'))
    const removed = await act(ws.key, ticket.id, 'tags/remove', { tags: ['billing', 'unknown'] })
    expect(removed.body.tags).toEqual(['vip'])
    expectProblem(await act(ws.key, ticket.id, 'tags', { tags: [] }), 400, 'validation_failed')
    expectProblem(await act(ws.key, ticket.id, 'tags', { tags: ['a,b'] }), 400, 'validation_failed')
  })
})

describe('snoozeTicket and the wake-up tick', () => {
  it('snoozes keeping the status; the tick wakes it once, reopening a pending ticket', async () => {
    const { ws, statuses } = await setup()
    const pending = await newTicket(t, ws.workspaceId, { category: 'pending' })
    const open = await newTicket(t, ws.workspaceId, { category: 'open' })
    const until = new Date(Date.now() + 3_600_000).toISOString()
    const snoozed = await act(ws.key, pending.id, 'snooze', { until })
    expect(snoozed.status, snoozed.text).toBe(200)
    expect(snoozed.body).toMatchObject({ statusCategory: 'pending', snoozedUntil: until })
    const byMinutes = await act(ws.key, open.id, 'snooze', { minutes: 30 })
    expect(byMinutes.status).toBe(200)
    expect(new Date(byMinutes.body.snoozedUntil).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000)

    // Not due yet: neither wakes (on PostgreSQL the files share one database, so count only these two).
    await wakeSnoozedTickets(t.database.db)
    expect((await ticketRow(t, pending.id)).snoozedUntil).not.toBeNull()
    expect((await ticketRow(t, open.id)).snoozedUntil).not.toBeNull()
    const later = new Date(Date.now() + 2 * 3_600_000)
    // Two instances at the same moment: each ticket wakes exactly once.
    const woken = await Promise.all([
      wakeSnoozedTickets(t.database.db, later),
      wakeSnoozedTickets(t.database.db, later),
    ])
    expect(woken[0]! + woken[1]!).toBeGreaterThanOrEqual(2)
    const rowPending = await ticketRow(t, pending.id)
    expect(rowPending.snoozedUntil).toBeNull()
    expect(rowPending.statusId).toBe(statuses.open)
    const rowOpen = await ticketRow(t, open.id)
    expect(rowOpen).toMatchObject({ snoozedUntil: null, statusId: statuses.open })
    // A later tick wakes neither again.
    await wakeSnoozedTickets(t.database.db, later)
    expect(await eventTypes(t, ws.workspaceId, pending.id)).toEqual([
      'ticket.updated',
      'ticket.unsnoozed',
      'ticket.status_changed',
    ])
    expect(await eventTypes(t, ws.workspaceId, open.id)).toEqual(['ticket.updated', 'ticket.unsnoozed'])
  })

  it('answers 422 for a time in the past, 400 for both or neither of until and minutes, 409 when closed', async () => {
    const { ws } = await setup()
    const ticket = await newTicket(t, ws.workspaceId)
    expectProblem(
      await act(ws.key, ticket.id, 'snooze', { until: '2020-01-01T00:00:00Z' }),
      422,
      'schedule_in_past',
    )
    expectProblem(
      await act(ws.key, ticket.id, 'snooze', { until: '2099-01-01T00:00:00Z', minutes: 5 }),
      400,
      'validation_failed',
    )
    expectProblem(await act(ws.key, ticket.id, 'snooze', {}), 400, 'validation_failed')
    expectProblem(await act(ws.key, ticket.id, 'snooze', { minutes: 0 }), 400, 'validation_failed')
    const closed = await newTicket(t, ws.workspaceId, { category: 'closed' })
    expectProblem(await act(ws.key, closed.id, 'snooze', { minutes: 5 }), 409, 'ticket_closed')
  })
})

describe('markTicketRead', () => {
  it('records the read for the caller without changing the ticket', async () => {
    const { ws, teamA, agent } = await setup()
    const ticket = await newTicket(t, ws.workspaceId, { teamId: teamA.id })
    const res = await act(agent.key, ticket.id, 'read')
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('etag')).toBe('"1"')
    await act(agent.key, ticket.id, 'read')
    const reads = await t.database.db
      .select()
      .from(ticketReads)
      .where(and(eq(ticketReads.ticketId, ticket.id), eq(ticketReads.memberId, agent.memberId)))
    expect(reads).toHaveLength(1)
    expect(await eventTypes(t, ws.workspaceId, ticket.id)).toEqual([])
  })
})

describe('conversation action security', () => {
  it('needs a credential; hides other workspaces’ and other teams’ tickets (404); refuses contacts and visitors', async () => {
    const { ws, teamB, agent } = await setup()
    const ticket = await newTicket(t, ws.workspaceId, { teamId: teamB.id })
    expectProblem(await act(undefined, ticket.id, 'take'), 401, 'unauthorized')
    const other = await t.newWorkspace()
    expectProblem(await act(other.key, ticket.id, 'take'), 404, 'not_found')
    expectProblem(await act(agent.key, ticket.id, 'take'), 404, 'not_found')
    expectProblem(await act(agent.key, ticket.id, 'priority', { priority: 'high' }), 404, 'not_found')
    expectProblem(await act(ws.key, newId('tkt'), 'take'), 404, 'not_found')
    expectProblem(await act(ws.key, 'tkt_nope', 'take'), 400, 'validation_failed')

    const contact = await newContactSession(t, ws.workspaceId)
    const own = await newTicket(t, ws.workspaceId, { requesterId: contact.id })
    expectProblem(await act(contact.key, own.id, 'priority', { priority: 'urgent' }), 403, 'forbidden')
    expectProblem(await act(contact.key, own.id, 'read'), 403, 'forbidden')
    expectProblem(await act(contact.key, ticket.id, 'take'), 404, 'not_found')

    const profile = await t.request('POST', '/v1/widget-profiles', {
      key: ws.key,
      body: { name: 'Site', allowedOrigins: ['https://app.example.com'] },
    })
    const visitor = {
      authorization: `Bearer ${profile.body.publishableKey}`,
      origin: 'https://app.example.com',
    }
    const res = await t.request('POST', `/v1/tickets/${own.id}/take`, { headers: visitor })
    expect([403, 404]).toContain(res.status)
    expect(await ticketRow(t, own.id)).toMatchObject({ version: 1 })
  })

  it('refuses a role without the permission (403) and a key without tickets:write (403 naming the scope)', async () => {
    const { ws, teamA } = await setup()
    const ticket = await newTicket(t, ws.workspaceId, { teamId: teamA.id })
    const collaborator = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'collaborator' }],
      teamIds: [teamA.id],
    })
    expectProblem(await act(collaborator.key, ticket.id, 'priority', { priority: 'high' }), 403, 'forbidden')
    expectProblem(await act(collaborator.key, ticket.id, 'take'), 403, 'forbidden')
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const denied = await act(viewer.key, ticket.id, 'status', { statusId: newId('tst') })
    expectProblem(denied, 403, 'forbidden')
    expect(denied.body.missingPermission).toBe('tickets.update')
    const readOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:read'],
    })
    const scoped = await act(readOnly.key, ticket.id, 'tags', { tags: ['x'] })
    expectProblem(scoped, 403, 'forbidden')
    expect(scoped.body.missingScope).toBe('tickets:write')
    const wrongScope = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:write'],
    })
    expect((await act(wrongScope.key, ticket.id, 'take')).status).toBe(404)
    const [row] = await t.database.db.select().from(tickets).where(eq(tickets.id, ticket.id))
    expect(row!.version).toBe(1)
  })
})
