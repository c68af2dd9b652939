import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { events, organizations } from '../../src/db/schema'
import { ticketActivity, ticketCounters } from '../../src/db/schema/tickets'
import { newId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, type TestApp } from '../harness'
import { ensureStatuses, newCustomField, newTicketType, type StatusIds } from './tickets-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

interface Ws {
  workspaceId: WorkspaceId
  key: string
  memberId: string
  statuses: StatusIds
  contactId: string
}

async function workspace(): Promise<Ws> {
  const ws = await t.newWorkspace()
  const statuses = await ensureStatuses(t, ws.workspaceId)
  const contact = await newContact(ws.workspaceId, {}, t.database.db)
  return { workspaceId: ws.workspaceId, key: ws.key, memberId: ws.memberId, statuses, contactId: contact.id }
}

const create = (key: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  t.request('POST', '/v1/tickets', { key, body, headers })
const patch = (key: string, id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  t.request('PATCH', `/v1/tickets/${id}`, { key, body, headers })
const get = (key: string, path: string) => t.request('GET', path, { key })

const eventsOf = (workspaceId: WorkspaceId, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
    .orderBy(asc(events.occurredAt), asc(events.id))

const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((x) => x.id)

describe('createTicket', () => {
  it('answers 201 with the next number, the default new status and the requester organisation', async () => {
    const ws = await workspace()
    const [org] = await t.database.db
      .insert(organizations)
      .values({ id: newId('org'), workspaceId: ws.workspaceId, name: 'Acme' })
      .returning()
    const requester = await newContact(ws.workspaceId, { organizationId: org!.id }, t.database.db)
    const res = await create(ws.key, {
      subject: ' Export broken ',
      requesterId: requester.id,
      priority: 'high',
      tags: ['billing', 'billing', 'export'],
      externalId: 'crm-1',
      message: { body: 'The **export** does nothing.' },
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^tkt_/),
      number: 1,
      subject: 'Export broken',
      statusId: ws.statuses.new,
      statusCategory: 'new',
      priority: 'high',
      requesterId: requester.id,
      organizationId: org!.id,
      assigneeId: null,
      teamId: null,
      tags: ['billing', 'export'],
      customFields: {},
      externalId: 'crm-1',
      source: 'api',
      messageCount: 1,
    })
    expect(res.body.lastCustomerMessageAt).toEqual(expect.any(String))
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/tickets/${res.body.id}`)
    const second = await create(ws.key, { subject: 'Second', requesterId: ws.contactId })
    expect(second.body.number).toBe(2)
    const [counter] = await t.database.db
      .select()
      .from(ticketCounters)
      .where(eq(ticketCounters.workspaceId, ws.workspaceId))
    expect(counter?.lastNumber).toBe(2)

    const emitted = await eventsOf(ws.workspaceId, res.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['ticket.created'])
    expect(emitted[0]?.data).toMatchObject({ ticket: { id: res.body.id, number: 1 } })

    // The opening message is the requester's.
    const messages = await get(ws.key, `/v1/tickets/${res.body.id}/messages`)
    expect(messages.body.data).toEqual([
      expect.objectContaining({ kind: 'reply', authorType: 'contact', authorId: requester.id }),
    ])
  })

  it('numbers each workspace on its own', async () => {
    const a = await workspace()
    const b = await workspace()
    expect((await create(a.key, { subject: 'A', requesterId: a.contactId })).body.number).toBe(1)
    expect((await create(b.key, { subject: 'B', requesterId: b.contactId })).body.number).toBe(1)
  })

  it('takes a given status, team, assignee and organisation', async () => {
    const ws = await workspace()
    const team = await t.newTeam(ws.workspaceId)
    const [org] = await t.database.db
      .insert(organizations)
      .values({ id: newId('org'), workspaceId: ws.workspaceId, name: 'Other' })
      .returning()
    const res = await create(ws.key, {
      subject: 'Placed',
      requesterId: ws.contactId,
      statusId: ws.statuses.pending,
      teamId: team.id,
      assigneeId: ws.memberId,
      organizationId: org!.id,
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      statusCategory: 'pending',
      teamId: team.id,
      assigneeId: ws.memberId,
      organizationId: org!.id,
    })
  })

  it('answers 400 for a missing requester, an unknown priority or an extra field', async () => {
    const ws = await workspace()
    expectProblem(await create(ws.key, { subject: 'x' }), 400, 'validation_failed')
    expectProblem(
      await create(ws.key, { subject: 'x', requesterId: ws.contactId, priority: 'asap' }),
      400,
      'validation_failed',
    )
    expectProblem(
      await create(ws.key, { subject: 'x', requesterId: ws.contactId, colour: 'red' }),
      400,
      'validation_failed',
    )
  })

  it('answers 422 with a specific code for each unknown reference', async () => {
    const ws = await workspace()
    const other = await workspace()
    const base = { subject: 'x', requesterId: ws.contactId }
    const status = await create(ws.key, { ...base, statusId: other.statuses.open })
    expectProblem(status, 422, 'ticket_status_not_found')
    expect(status.body.errors[0].path).toBe('body.statusId')
    expectProblem(await create(ws.key, { ...base, typeId: newId('ttyp') }), 422, 'ticket_type_not_found')
    const foreign = await create(ws.key, { subject: 'x', requesterId: other.contactId })
    expectProblem(foreign, 422, 'requester_not_found')
    expect(foreign.body.errors[0].path).toBe('body.requesterId')
    expectProblem(await create(ws.key, { ...base, assigneeId: other.memberId }), 422, 'assignee_not_found')
    expectProblem(await create(ws.key, { ...base, teamId: newId('team') }), 422, 'team_not_found')
    expectProblem(
      await create(ws.key, { ...base, organizationId: newId('org') }),
      422,
      'organization_not_found',
    )
  })

  it('answers 409 external_id_taken for an externalId another ticket has', async () => {
    const ws = await workspace()
    expect((await create(ws.key, { subject: 'x', requesterId: ws.contactId, externalId: 'e1' })).status).toBe(
      201,
    )
    expectProblem(
      await create(ws.key, { subject: 'y', requesterId: ws.contactId, externalId: 'e1' }),
      409,
      'external_id_taken',
    )
  })

  it('replays an Idempotency-Key', async () => {
    const ws = await workspace()
    const body = { subject: 'Once', requesterId: ws.contactId }
    const first = await create(ws.key, body, { 'idempotency-key': 'k-1' })
    const again = await create(ws.key, body, { 'idempotency-key': 'k-1' })
    expect(again.body.id).toBe(first.body.id)
  })
})

describe('custom fields', () => {
  it('validates values against definitions and the type, naming each bad field', async () => {
    const ws = await workspace()
    const order = await newCustomField(t, ws.workspaceId, 'order_number', 'text', { required: true })
    const plan = await newCustomField(t, ws.workspaceId, 'plan', 'select', { options: ['free', 'pro'] })
    const seats = await newCustomField(t, ws.workspaceId, 'seats', 'number')
    const old = await newCustomField(t, ws.workspaceId, 'old', 'text', { archivedAt: new Date() })
    await newCustomField(t, ws.workspaceId, 'elsewhere', 'checkbox')
    const type = await newTicketType(t, ws.workspaceId, 'Billing', [order.id, plan.id, seats.id, old.id])
    const base = { subject: 'x', requesterId: ws.contactId, typeId: type.id }

    const missing = await create(ws.key, { ...base, customFields: { plan: 'pro' } })
    expectProblem(missing, 422, 'custom_field_invalid')
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.customFields.order_number',
    ])

    const bad = await create(ws.key, {
      ...base,
      customFields: { order_number: 'A-1', plan: 'gold', seats: 'many', old: 'x', elsewhere: true, nope: 1 },
    })
    expectProblem(bad, 422, 'custom_field_invalid')
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['elsewhere', 'nope', 'old', 'plan', 'seats'].map((k) => `body.customFields.${k}`),
    )

    const ok = await create(ws.key, { ...base, customFields: { order_number: 'A-1', plan: 'pro', seats: 3 } })
    expect(ok.status, ok.text).toBe(201)
    expect(ok.body.customFields).toEqual({ order_number: 'A-1', plan: 'pro', seats: 3 })

    // Merge semantics: null removes a key, others are kept.
    const merged = await patch(ws.key, ok.body.id, { customFields: { seats: null, plan: 'free' } })
    expect(merged.status, merged.text).toBe(200)
    expect(merged.body.customFields).toEqual({ order_number: 'A-1', plan: 'free' })
    expectProblem(
      await patch(ws.key, ok.body.id, { customFields: { seats: true } }),
      422,
      'custom_field_invalid',
    )
  })

  it('checks each field type', async () => {
    const ws = await workspace()
    await newCustomField(t, ws.workspaceId, 'when', 'date')
    await newCustomField(t, ws.workspaceId, 'flag', 'checkbox')
    await newCustomField(t, ws.workspaceId, 'regions', 'multi_select', { options: ['eu', 'us'] })
    await newCustomField(t, ws.workspaceId, 'notes', 'long_text')
    const base = { subject: 'x', requesterId: ws.contactId }
    const good = await create(ws.key, {
      ...base,
      customFields: { when: '2026-02-28', flag: false, regions: ['eu', 'eu', 'us'], notes: 'long' },
    })
    expect(good.status, good.text).toBe(201)
    expect(good.body.customFields).toEqual({
      when: '2026-02-28',
      flag: false,
      regions: ['eu', 'us'],
      notes: 'long',
    })
    for (const wrong of [{ when: '2026-02-30' }, { flag: 'yes' }, { regions: ['mars'] }, { notes: 5 }]) {
      expectProblem(await create(ws.key, { ...base, customFields: wrong }), 422, 'custom_field_invalid')
    }
  })
})

describe('getTicket', () => {
  it('answers the ticket with an ETag, 304 for a current If-None-Match, 404 for another workspace', async () => {
    const ws = await workspace()
    const other = await workspace()
    const created = await create(ws.key, { subject: 'x', requesterId: ws.contactId })
    const res = await get(ws.key, `/v1/tickets/${created.body.id}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(created.body)
    const again = await t.request('GET', `/v1/tickets/${created.body.id}`, {
      key: ws.key,
      headers: { 'if-none-match': res.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
    expectProblem(await get(other.key, `/v1/tickets/${created.body.id}`), 404, 'not_found')
    expectProblem(await get(ws.key, `/v1/tickets/${newId('tkt')}`), 404, 'not_found')
    expectProblem(await get(ws.key, '/v1/tickets/post_01jh2x3y4z5a6b7c8d9e0f1g2h'), 400, 'validation_failed')
  })

  it('embeds the last 20 messages oldest first with include=messages', async () => {
    const ws = await workspace()
    const created = await create(ws.key, { subject: 'x', requesterId: ws.contactId })
    for (let i = 0; i < 22; i++) {
      const res = await t.request('POST', `/v1/tickets/${created.body.id}/messages`, {
        key: ws.key,
        body: { kind: i % 2 ? 'note' : 'reply', body: `m${i}` },
      })
      expect(res.status, res.text).toBe(201)
    }
    const res = await get(ws.key, `/v1/tickets/${created.body.id}?include=messages&bodyFormat=html`)
    expect(res.status, res.text).toBe(200)
    expect(res.body.messages.map((m: { body: string }) => m.body)).toEqual(
      Array.from({ length: 20 }, (_, i) => `m${i + 2}`),
    )
    expect(res.body.messages[0].bodyHtml).toBe('<p>m2</p>\n')
    expect(res.body.messageCount).toBe(22)
  })
})

describe('updateTicket', () => {
  it('changes fields, records activity and emits updated, status_changed and assigned', async () => {
    const ws = await workspace()
    const team = await t.newTeam(ws.workspaceId)
    const created = await create(ws.key, { subject: 'x', requesterId: ws.contactId })
    const res = await patch(
      ws.key,
      created.body.id,
      {
        statusId: ws.statuses.open,
        assigneeId: ws.memberId,
        teamId: team.id,
        priority: 'urgent',
        tags: ['a'],
      },
      { 'if-match': '"1"' },
    )
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({
      statusCategory: 'open',
      assigneeId: ws.memberId,
      teamId: team.id,
      priority: 'urgent',
      tags: ['a'],
    })
    expect(res.headers.get('etag')).toBe('"2"')
    const types = (await eventsOf(ws.workspaceId, created.body.id)).map((e) => e.type)
    expect(types).toEqual(['ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned'])
    const updated = (await eventsOf(ws.workspaceId, created.body.id))[1]!
    expect((updated.data as { previous: Record<string, unknown> }).previous).toMatchObject({
      statusId: ws.statuses.new,
      assigneeId: null,
      priority: 'normal',
    })
    const activity = await t.database.db
      .select()
      .from(ticketActivity)
      .where(eq(ticketActivity.ticketId, created.body.id))
    expect(activity.map((a) => a.field).sort()).toEqual(
      ['assigneeId', 'created', 'priority', 'statusId', 'tags', 'teamId'].sort(),
    )

    // Solving sets solvedAt; the same change again writes nothing.
    const solved = await patch(ws.key, created.body.id, { statusId: ws.statuses.solved })
    expect(solved.body.solvedAt).toEqual(expect.any(String))
    const same = await patch(ws.key, created.body.id, { statusId: ws.statuses.solved })
    expect(same.headers.get('etag')).toBe(solved.headers.get('etag'))
  })

  it('answers 412 for a stale If-Match and 409 ticket_closed when reopening a closed ticket', async () => {
    const ws = await workspace()
    const created = await create(ws.key, { subject: 'x', requesterId: ws.contactId })
    expect((await patch(ws.key, created.body.id, { subject: 'y' })).status).toBe(200)
    expectProblem(
      await patch(ws.key, created.body.id, { subject: 'z' }, { 'if-match': '"1"' }),
      412,
      'precondition_failed',
    )
    const closed = await patch(ws.key, created.body.id, { statusId: ws.statuses.closed })
    expect(closed.body.closedAt).toEqual(expect.any(String))
    expectProblem(await patch(ws.key, created.body.id, { statusId: ws.statuses.open }), 409, 'ticket_closed')
  })

  it('moves the organisation with the requester and validates references', async () => {
    const ws = await workspace()
    const [org] = await t.database.db
      .insert(organizations)
      .values({ id: newId('org'), workspaceId: ws.workspaceId, name: 'Acme' })
      .returning()
    const other = await newContact(ws.workspaceId, { organizationId: org!.id }, t.database.db)
    const created = await create(ws.key, { subject: 'x', requesterId: ws.contactId })
    const res = await patch(ws.key, created.body.id, { requesterId: other.id })
    expect(res.body).toMatchObject({ requesterId: other.id, organizationId: org!.id })
    expectProblem(
      await patch(ws.key, created.body.id, { statusId: newId('tst') }),
      422,
      'ticket_status_not_found',
    )
    expectProblem(
      await patch(ws.key, created.body.id, { typeId: newId('ttyp') }),
      422,
      'ticket_type_not_found',
    )
    expectProblem(
      await patch(ws.key, created.body.id, { assigneeId: newId('mbr') }),
      422,
      'assignee_not_found',
    )
    expectProblem(await patch(ws.key, created.body.id, { teamId: newId('team') }), 422, 'team_not_found')
    expectProblem(
      await patch(ws.key, created.body.id, { requesterId: newId('ct') }),
      422,
      'requester_not_found',
    )
    expectProblem(await patch(ws.key, created.body.id, { priority: 'asap' }), 400, 'validation_failed')
    expectProblem(await patch(ws.key, newId('tkt'), { subject: 'x' }), 404, 'not_found')
  })
})

describe('deleteTicket', () => {
  it('deletes with 204, emits ticket.deleted, then answers 404', async () => {
    const ws = await workspace()
    const created = await create(ws.key, { subject: 'x', requesterId: ws.contactId, externalId: 'gone' })
    expectProblem(
      await t.request('DELETE', `/v1/tickets/${created.body.id}`, {
        key: ws.key,
        headers: { 'if-match': '"9"' },
      }),
      412,
      'precondition_failed',
    )
    expect((await t.request('DELETE', `/v1/tickets/${created.body.id}`, { key: ws.key })).status).toBe(204)
    expectProblem(await get(ws.key, `/v1/tickets/${created.body.id}`), 404, 'not_found')
    const types = (await eventsOf(ws.workspaceId, created.body.id)).map((e) => e.type)
    expect(types).toEqual(['ticket.created', 'ticket.deleted'])
  })
})

describe('deleteContact with tickets', () => {
  it('answers 409 contact_in_use while the contact requests tickets, and deletes it once they are gone', async () => {
    const ws = await workspace()
    const created = await create(ws.key, { subject: 'keep me', requesterId: ws.contactId })
    expectProblem(
      await t.request('DELETE', `/v1/contacts/${ws.contactId}`, { key: ws.key }),
      409,
      'contact_in_use',
    )
    expect((await get(ws.key, `/v1/tickets/${created.body.id}`)).body.requesterId).toBe(ws.contactId)
    expect((await t.request('DELETE', `/v1/tickets/${created.body.id}`, { key: ws.key })).status).toBe(204)
    expect((await t.request('DELETE', `/v1/contacts/${ws.contactId}`, { key: ws.key })).status).toBe(204)
  })
})

describe('upsertTicketByExternalId', () => {
  it('creates (201), then updates (200), and repeats as a no-op', async () => {
    const ws = await workspace()
    const put = (body: Record<string, unknown>) =>
      t.request('PUT', '/v1/tickets/by-external-id/crm%2F9', { key: ws.key, body })
    const created = await put({ subject: 'From CRM', requesterId: ws.contactId })
    expect(created.status, created.text).toBe(201)
    expect(created.body.externalId).toBe('crm/9')
    const updated = await put({ priority: 'high' })
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({ id: created.body.id, priority: 'high', subject: 'From CRM' })
    const again = await put({ priority: 'high' })
    expect(again.headers.get('etag')).toBe(updated.headers.get('etag'))
    expectProblem(
      await t.request('PUT', '/v1/tickets/by-external-id/new-one', {
        key: ws.key,
        body: { priority: 'low' },
      }),
      400,
      'validation_failed',
    )
  })
})

describe('listTickets', () => {
  it('filters and sorts, with keyset pagination', async () => {
    const ws = await workspace()
    const team = await t.newTeam(ws.workspaceId)
    const a = await create(ws.key, { subject: 'a', requesterId: ws.contactId, priority: 'low', tags: ['x'] })
    const b = await create(ws.key, {
      subject: 'b',
      requesterId: ws.contactId,
      priority: 'urgent',
      teamId: team.id,
      statusId: ws.statuses.open,
    })
    const c = await create(ws.key, {
      subject: 'c',
      requesterId: ws.contactId,
      assigneeId: ws.memberId,
      statusId: ws.statuses.pending,
      externalId: 'ext-c',
    })
    const list = (q: string) => get(ws.key, `/v1/tickets${q}`)
    expect(ids(await list(''))).toEqual([c.body.id, b.body.id, a.body.id])
    expect(ids(await list('?sort=number'))).toEqual([a.body.id, b.body.id, c.body.id])
    expect(ids(await list('?sort=-priority'))).toEqual([b.body.id, c.body.id, a.body.id])
    expect(ids(await list('?status=open,pending&sort=number'))).toEqual([b.body.id, c.body.id])
    expect(ids(await list(`?statusId=${ws.statuses.new}`))).toEqual([a.body.id])
    expect(ids(await list('?assigneeId=none&sort=number'))).toEqual([a.body.id, b.body.id])
    expect(ids(await list(`?assigneeId=${ws.memberId}`))).toEqual([c.body.id])
    expect(ids(await list(`?teamId=${team.id}`))).toEqual([b.body.id])
    expect(ids(await list('?tag=x'))).toEqual([a.body.id])
    expect(ids(await list('?priority=urgent'))).toEqual([b.body.id])
    expect(ids(await list('?externalId=ext-c'))).toEqual([c.body.id])
    expect(ids(await list(`?requesterId=${ws.contactId}&sort=createdAt`))).toEqual([
      a.body.id,
      b.body.id,
      c.body.id,
    ])
    expect(ids(await list(`?updatedAfter=${encodeURIComponent(c.body.updatedAt)}`))).toEqual([])

    const first = await list('?limit=2&sort=number')
    expect(ids(first)).toEqual([a.body.id, b.body.id])
    const next = await list(`?limit=2&sort=number&cursor=${first.body.nextCursor}`)
    expect(ids(next)).toEqual([c.body.id])
    expect(next.body.nextCursor).toBeNull()
    expectProblem(await list('?status=bogus'), 400, 'validation_failed')
    expectProblem(await list('?cursor=forged.cursor'), 400, 'invalid_cursor')
  })
})

describe('tickets security', () => {
  it('answers 401 without a credential and 403 to a publishable key on lists', async () => {
    expectProblem(await t.request('GET', '/v1/tickets'), 401, 'unauthorized')
    expectProblem(await t.request('POST', '/v1/tickets', { body: { subject: 'x' } }), 401, 'unauthorized')
  })

  it('refuses an API key without the tickets scope (403 naming it) and a read-only key on writes', async () => {
    const ws = await workspace()
    const noScope = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const list = await get(noScope.key, '/v1/tickets')
    expectProblem(list, 403, 'forbidden')
    expect(list.body.missingScope).toBe('tickets:read')
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['tickets:read'] })
    expect((await get(reader.key, '/v1/tickets')).status).toBe(200)
    const write = await create(reader.key, { subject: 'x', requesterId: ws.contactId })
    expectProblem(write, 403, 'forbidden')
    expect(write.body.missingScope).toBe('tickets:write')
  })

  it('refuses a viewer writes (403) and deletes to agents', async () => {
    const ws = await workspace()
    const created = await create(ws.key, { subject: 'x', requesterId: ws.contactId })
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    expect((await get(viewer.key, `/v1/tickets/${created.body.id}`)).status).toBe(200)
    const denied = await patch(viewer.key, created.body.id, { subject: 'y' })
    expectProblem(denied, 403, 'forbidden')
    expect(denied.body.missingPermission).toBe('tickets.update')
    expectProblem(await create(viewer.key, { subject: 'x', requesterId: ws.contactId }), 403, 'forbidden')
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    await patch(ws.key, created.body.id, { assigneeId: agent.memberId })
    expectProblem(
      await t.request('DELETE', `/v1/tickets/${created.body.id}`, { key: agent.key }),
      403,
      'forbidden',
    )
  })
})
