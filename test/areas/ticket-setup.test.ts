import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import spec from '../../generated/openapi.json'
import { auditEntries, events } from '../../src/db/schema'
import { tickets } from '../../src/db/schema/tickets'
import { eventPayload } from '../../src/events/envelope'
import { newId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, newContactSession, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })

const eventsOf = async (resourceId: string) =>
  (
    await t.database.db
      .select()
      .from(events)
      .where(eq(events.resourceId, resourceId))
      .orderBy(events.occurredAt, events.id)
  ).map((e) => ({ type: e.type, data: e.data as Record<string, any> }))

async function statuses(key: string) {
  const res = await call('GET', '/v1/ticket-statuses', key)
  expect(res.status, res.text).toBe(200)
  return res.body.data as Array<{
    id: string
    name: string
    category: string
    isDefault: boolean
    position: number
  }>
}

/** A ticket row written directly (the tickets API is another area's); its status decides its category. */
async function insertTicket(
  ws: Workspace,
  statusId: string,
  extra: Partial<typeof tickets.$inferInsert> = {},
) {
  const contact = await newContact(ws.workspaceId, {
    email: `c-${Math.random().toString(36).slice(2)}@x.test`,
  })
  const [status] = (await statuses(ws.key)).filter((s) => s.id === statusId)
  const [row] = await t.database.db
    .insert(tickets)
    .values({
      id: newId('tkt'),
      workspaceId: ws.workspaceId,
      number: Math.floor(Math.random() * 1e9),
      subject: 'Help',
      statusId: statusId as never,
      statusCategory: status!.category as never,
      requesterId: contact.id,
      ...extra,
    })
    .returning()
  return row!
}

const ticketRow = async (id: string) =>
  (
    await t.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.id, id as never))
  )[0]!

const manager = (ws: Workspace, scopes?: string[]) =>
  t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes })

describe('workspace setup', () => {
  it('gives every new workspace the six default statuses, each the default of its category', async () => {
    const ws = await t.newWorkspace()
    expect(
      (await statuses(ws.key)).map(({ name, category, isDefault, position }) => ({
        name,
        category,
        isDefault,
        position,
      })),
    ).toEqual([
      { name: 'New', category: 'new', isDefault: true, position: 0 },
      { name: 'Open', category: 'open', isDefault: true, position: 1 },
      { name: 'Pending', category: 'pending', isDefault: true, position: 2 },
      { name: 'On hold', category: 'on_hold', isDefault: true, position: 3 },
      { name: 'Solved', category: 'solved', isDefault: true, position: 4 },
      { name: 'Closed', category: 'closed', isDefault: true, position: 5 },
    ])
    const other = await t.newWorkspace()
    const ids = new Set((await statuses(ws.key)).map((s) => s.id))
    expect((await statuses(other.key)).some((s) => ids.has(s.id))).toBe(false)
  })
})

describe('createTicketStatus', () => {
  it('answers 201 with Location and ETag after the last status, and emits ticket_status.created', async () => {
    const ws = await t.newWorkspace()
    const res = await call('POST', '/v1/ticket-statuses', ws.key, {
      name: '  Waiting on customer ',
      category: 'pending',
      color: '#f59e0b',
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^tst_/),
      name: 'Waiting on customer',
      category: 'pending',
      color: '#f59e0b',
      position: 6,
      isDefault: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(res.headers.get('location')).toBe(`/v1/ticket-statuses/${res.body.id}`)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(await eventsOf(res.body.id)).toEqual([
      { type: 'ticket_status.created', data: { ticketStatus: res.body } },
    ])
  })

  it('moves the default of the category when isDefault is true, and says so for the former default', async () => {
    const ws = await t.newWorkspace()
    const pending = (await statuses(ws.key)).find((s) => s.category === 'pending')!
    const res = await call('POST', '/v1/ticket-statuses', ws.key, {
      name: 'Awaiting reply',
      category: 'pending',
      isDefault: true,
    })
    expect(res.body.isDefault).toBe(true)
    const after = await statuses(ws.key)
    expect(after.filter((s) => s.category === 'pending' && s.isDefault).map((s) => s.id)).toEqual([
      res.body.id,
    ])
    expect(after.filter((s) => s.isDefault)).toHaveLength(6)
    expect((await eventsOf(pending.id)).map((e) => e.data.previous)).toEqual([{ isDefault: true }])
  })

  it('refuses a duplicate name case-insensitively (409 name_taken) and a blank one (400)', async () => {
    const ws = await t.newWorkspace()
    expectProblem(
      await call('POST', '/v1/ticket-statuses', ws.key, { name: 'open', category: 'open' }),
      409,
      'name_taken',
    )
    expectProblem(
      await call('POST', '/v1/ticket-statuses', ws.key, { name: '   ', category: 'open' }),
      400,
      'validation_failed',
    )
    expectProblem(
      await call('POST', '/v1/ticket-statuses', ws.key, { name: 'X', category: 'waiting' }),
      400,
      'validation_failed',
    )
  })

  it('stops at 100 statuses (409 ticket_setup_limit_reached)', async () => {
    const ws = await t.newWorkspace()
    for (let i = 0; i < 94; i++) {
      const res = await call('POST', '/v1/ticket-statuses', ws.key, { name: `S${i}`, category: 'open' })
      expect(res.status, res.text).toBe(201)
    }
    expectProblem(
      await call('POST', '/v1/ticket-statuses', ws.key, { name: 'One more', category: 'open' }),
      409,
      'ticket_setup_limit_reached',
    )
    expect(await statuses(ws.key)).toHaveLength(100)
  })
})

describe('getTicketStatus', () => {
  it('answers the status with an ETag, 304 while current, and 404 for another workspace’s', async () => {
    const ws = await t.newWorkspace()
    const [first] = await statuses(ws.key)
    const res = await call('GET', `/v1/ticket-statuses/${first!.id}`, ws.key)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: first!.id, name: 'New' })
    const etag = res.headers.get('etag')!
    expect(
      (await call('GET', `/v1/ticket-statuses/${first!.id}`, ws.key, undefined, { 'if-none-match': etag }))
        .status,
    ).toBe(304)
    const other = await t.newWorkspace()
    expectProblem(await call('GET', `/v1/ticket-statuses/${first!.id}`, other.key), 404, 'not_found')
    expectProblem(await call('GET', `/v1/ticket-statuses/${newId('tst')}`, ws.key), 404, 'not_found')
  })
})

describe('updateTicketStatus', () => {
  it('renames with If-Match, bumps the ETag and emits the previous values; 412 when stale', async () => {
    const ws = await t.newWorkspace()
    const open = (await statuses(ws.key)).find((s) => s.category === 'open')!
    const res = await call(
      'PATCH',
      `/v1/ticket-statuses/${open.id}`,
      ws.key,
      { name: 'In progress' },
      { 'if-match': '"1"' },
    )
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('etag')).toBe('"2"')
    expect(res.body.name).toBe('In progress')
    expect((await eventsOf(open.id)).at(-1)).toEqual({
      type: 'ticket_status.updated',
      data: { ticketStatus: res.body, previous: { name: 'Open' } },
    })
    expectProblem(
      await call('PATCH', `/v1/ticket-statuses/${open.id}`, ws.key, { name: 'Again' }, { 'if-match': '"1"' }),
      412,
      'precondition_failed',
    )
  })

  it('moves its tickets to the new category in the same change, and keeps one default per category', async () => {
    const ws = await t.newWorkspace()
    const before = await statuses(ws.key)
    const pending = before.find((s) => s.category === 'pending')!
    const onHold = before.find((s) => s.category === 'on_hold')!
    const ticket = await insertTicket(ws, pending.id)
    const res = await call('PATCH', `/v1/ticket-statuses/${pending.id}`, ws.key, { category: 'on_hold' })
    expect(res.status, res.text).toBe(200)
    // on_hold had a default already: the moved status joins it without taking the default.
    expect(res.body).toMatchObject({ category: 'on_hold', isDefault: false })
    const moved = await ticketRow(ticket.id)
    expect(moved.statusCategory).toBe('on_hold')
    expect(moved.version).toBe(ticket.version + 1)
    // Each moved ticket announces it, in the same transaction: ticket.updated and ticket.status_changed, audited.
    const announced = (await eventsOf(ticket.id)).filter((e) => e.type.startsWith('ticket.'))
    expect(announced.map((e) => [e.type, e.data.ticket.statusCategory, e.data.previous])).toEqual([
      ['ticket.updated', 'on_hold', { statusCategory: 'pending' }],
      ['ticket.status_changed', 'on_hold', { statusId: pending.id, statusCategory: 'pending' }],
    ])
    const audited = await t.database.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.resourceId, ticket.id))
    expect(audited.map((a) => a.type).sort()).toEqual(['ticket.status_changed', 'ticket.updated'])
    const after = await statuses(ws.key)
    expect(after.find((s) => s.id === onHold.id)!.isDefault).toBe(true)
    expect(after.filter((s) => s.category === 'pending')).toEqual([])
    // Moving into an empty category makes it that category's default.
    const back = await call('PATCH', `/v1/ticket-statuses/${pending.id}`, ws.key, { category: 'pending' })
    expect(back.body).toMatchObject({ category: 'pending', isDefault: true })
    expect((await ticketRow(ticket.id)).statusCategory).toBe('pending')
  })

  it('promotes the first remaining status when the default leaves its category, and takes the new one’s when asked', async () => {
    const ws = await t.newWorkspace()
    const solved = (await statuses(ws.key)).find((s) => s.category === 'solved')!
    const extra = await call('POST', '/v1/ticket-statuses', ws.key, { name: 'Resolved', category: 'solved' })
    expect(extra.body.isDefault).toBe(false)
    const res = await call('PATCH', `/v1/ticket-statuses/${solved.id}`, ws.key, {
      category: 'closed',
      isDefault: true,
    })
    expect(res.body).toMatchObject({ category: 'closed', isDefault: true })
    const after = await statuses(ws.key)
    expect(after.find((s) => s.id === extra.body.id)!.isDefault).toBe(true)
    expect(after.filter((s) => s.category === 'closed' && s.isDefault).map((s) => s.id)).toEqual([solved.id])
    expect((await eventsOf(extra.body.id)).at(-1)?.data.previous).toEqual({ isDefault: false })
  })

  it('makes another status the default of its category with isDefault: true', async () => {
    const ws = await t.newWorkspace()
    const open = (await statuses(ws.key)).find((s) => s.category === 'open')!
    const extra = await call('POST', '/v1/ticket-statuses', ws.key, { name: 'In progress', category: 'open' })
    const res = await call('PATCH', `/v1/ticket-statuses/${extra.body.id}`, ws.key, { isDefault: true })
    expect(res.body.isDefault).toBe(true)
    expect((await statuses(ws.key)).find((s) => s.id === open.id)!.isDefault).toBe(false)
  })

  it('refuses to unset the default (409 default_status_required) and to empty new or open (409 last_status_in_category)', async () => {
    const ws = await t.newWorkspace()
    const all = await statuses(ws.key)
    const open = all.find((s) => s.category === 'open')!
    const fresh = all.find((s) => s.category === 'new')!
    expectProblem(
      await call('PATCH', `/v1/ticket-statuses/${open.id}`, ws.key, { isDefault: false }),
      409,
      'default_status_required',
    )
    expectProblem(
      await call('PATCH', `/v1/ticket-statuses/${fresh.id}`, ws.key, { category: 'open' }),
      409,
      'last_status_in_category',
    )
    expectProblem(
      await call('PATCH', `/v1/ticket-statuses/${open.id}`, ws.key, { category: 'solved' }),
      409,
      'last_status_in_category',
    )
  })

  it('refuses another status’s name (409 name_taken), an empty body (400) and answers 404 across workspaces', async () => {
    const ws = await t.newWorkspace()
    const [first] = await statuses(ws.key)
    expectProblem(
      await call('PATCH', `/v1/ticket-statuses/${first!.id}`, ws.key, { name: 'OPEN' }),
      409,
      'name_taken',
    )
    expectProblem(
      await call('PATCH', `/v1/ticket-statuses/${first!.id}`, ws.key, {}),
      400,
      'validation_failed',
    )
    const other = await t.newWorkspace()
    expectProblem(
      await call('PATCH', `/v1/ticket-statuses/${first!.id}`, other.key, { name: 'Mine' }),
      404,
      'not_found',
    )
  })
})

describe('deleteTicketStatus', () => {
  it('deletes an unused status and emits ticket_status.deleted', async () => {
    const ws = await t.newWorkspace()
    const created = await call('POST', '/v1/ticket-statuses', ws.key, { name: 'Escalated', category: 'open' })
    const res = await call('DELETE', `/v1/ticket-statuses/${created.body.id}`, ws.key, undefined, {
      'if-match': '"1"',
    })
    expect(res.status, res.text).toBe(204)
    expect((await eventsOf(created.body.id)).at(-1)).toEqual({
      type: 'ticket_status.deleted',
      data: {
        ticketStatus: { id: created.body.id, name: 'Escalated', category: 'open' },
        replacementStatusId: null,
        ticketsMoved: 0,
      },
    })
    expectProblem(await call('GET', `/v1/ticket-statuses/${created.body.id}`, ws.key), 404, 'not_found')
  })

  it('refuses a status in use (409 ticket_status_in_use) unless a replacement takes its tickets', async () => {
    const ws = await t.newWorkspace()
    const all = await statuses(ws.key)
    const pending = all.find((s) => s.category === 'pending')!
    const solved = all.find((s) => s.category === 'solved')!
    const ticket = await insertTicket(ws, pending.id)
    expectProblem(
      await call('DELETE', `/v1/ticket-statuses/${pending.id}`, ws.key),
      409,
      'ticket_status_in_use',
    )
    const res = await call(
      'DELETE',
      `/v1/ticket-statuses/${pending.id}?replacementStatusId=${solved.id}`,
      ws.key,
    )
    expect(res.status, res.text).toBe(204)
    const moved = await ticketRow(ticket.id)
    expect({ statusId: moved.statusId, statusCategory: moved.statusCategory }).toEqual({
      statusId: solved.id,
      statusCategory: 'solved',
    })
    expect((await eventsOf(pending.id)).at(-1)?.data).toMatchObject({
      replacementStatusId: solved.id,
      ticketsMoved: 1,
    })
  })

  it('refuses a replacement that is itself, missing or another workspace’s (422 invalid_replacement_status)', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const pending = (await statuses(ws.key)).find((s) => s.category === 'pending')!
    const foreign = (await statuses(other.key))[0]!
    for (const replacement of [pending.id, newId('tst'), foreign.id]) {
      const res = await call(
        'DELETE',
        `/v1/ticket-statuses/${pending.id}?replacementStatusId=${replacement}`,
        ws.key,
      )
      expectProblem(res, 422, 'invalid_replacement_status')
      expect(res.body.errors[0].path).toBe('query.replacementStatusId')
    }
    expectProblem(
      await call('DELETE', `/v1/ticket-statuses/${pending.id}?replacementStatusId=nope`, ws.key),
      400,
      'validation_failed',
    )
  })

  it('keeps the last status of new and open (409 last_status_in_category), and promotes a new default', async () => {
    const ws = await t.newWorkspace()
    const all = await statuses(ws.key)
    const fresh = all.find((s) => s.category === 'new')!
    expectProblem(
      await call('DELETE', `/v1/ticket-statuses/${fresh.id}`, ws.key),
      409,
      'last_status_in_category',
    )
    const triage = await call('POST', '/v1/ticket-statuses', ws.key, { name: 'Triage', category: 'new' })
    expect((await call('DELETE', `/v1/ticket-statuses/${fresh.id}`, ws.key)).status).toBe(204)
    expect((await statuses(ws.key)).find((s) => s.id === triage.body.id)!.isDefault).toBe(true)
    // Other categories may be emptied.
    const closed = all.find((s) => s.category === 'closed')!
    expect((await call('DELETE', `/v1/ticket-statuses/${closed.id}`, ws.key)).status).toBe(204)
  })

  it('refuses a stale If-Match (412) and answers 404 across workspaces', async () => {
    const ws = await t.newWorkspace()
    const closed = (await statuses(ws.key)).find((s) => s.category === 'closed')!
    expectProblem(
      await call('DELETE', `/v1/ticket-statuses/${closed.id}`, ws.key, undefined, { 'if-match': '"7"' }),
      412,
      'precondition_failed',
    )
    const other = await t.newWorkspace()
    expectProblem(await call('DELETE', `/v1/ticket-statuses/${closed.id}`, other.key), 404, 'not_found')
  })
})

describe('custom fields', () => {
  it('creates, reads, lists, updates and deletes a field, with events', async () => {
    const ws = await t.newWorkspace()
    const res = await call('POST', '/v1/custom-fields', ws.key, {
      key: 'plan',
      label: 'Plan',
      type: 'select',
      options: ['free', 'pro'],
      visibleToContacts: true,
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^cf_/),
      key: 'plan',
      label: 'Plan',
      description: null,
      type: 'select',
      options: ['free', 'pro'],
      required: false,
      visibleToContacts: true,
      position: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(res.headers.get('location')).toBe(`/v1/custom-fields/${res.body.id}`)
    expect((await call('GET', `/v1/custom-fields/${res.body.id}`, ws.key)).body).toEqual(res.body)
    expect((await call('GET', '/v1/custom-fields', ws.key)).body).toEqual({ data: [res.body] })
    const changed = await call('PATCH', `/v1/custom-fields/${res.body.id}`, ws.key, {
      options: ['free', 'pro', 'enterprise'],
      required: true,
    })
    expect(changed.status, changed.text).toBe(200)
    expect(changed.body).toMatchObject({ options: ['free', 'pro', 'enterprise'], required: true })
    // A select field turned into text drops its options.
    const text = await call('PATCH', `/v1/custom-fields/${res.body.id}`, ws.key, { type: 'text' })
    expect(text.body).toMatchObject({ type: 'text', options: [] })
    expect((await call('DELETE', `/v1/custom-fields/${res.body.id}`, ws.key)).status).toBe(204)
    expect((await eventsOf(res.body.id)).map((e) => e.type)).toEqual([
      'custom_field.created',
      'custom_field.updated',
      'custom_field.updated',
      'custom_field.deleted',
    ])
  })

  it('refuses a duplicate key (409 custom_field_key_taken) and a bad key (400)', async () => {
    const ws = await t.newWorkspace()
    expect(
      (await call('POST', '/v1/custom-fields', ws.key, { key: 'order_no', label: 'Order', type: 'text' }))
        .status,
    ).toBe(201)
    expectProblem(
      await call('POST', '/v1/custom-fields', ws.key, { key: 'order_no', label: 'Other', type: 'number' }),
      409,
      'custom_field_key_taken',
    )
    for (const key of ['Order', '1st', 'order-no', 'a'.repeat(65)]) {
      expectProblem(
        await call('POST', '/v1/custom-fields', ws.key, { key, label: 'X', type: 'text' }),
        400,
        'validation_failed',
      )
    }
    // Another workspace may use the same key.
    const other = await t.newWorkspace()
    expect(
      (await call('POST', '/v1/custom-fields', other.key, { key: 'order_no', label: 'Order', type: 'text' }))
        .status,
    ).toBe(201)
  })

  it('checks options: required for select types, unique, refused otherwise (422)', async () => {
    const ws = await t.newWorkspace()
    const post = (body: Record<string, unknown>) =>
      call('POST', '/v1/custom-fields', ws.key, { key: 'f', label: 'F', ...body })
    expectProblem(await post({ type: 'select' }), 422, 'custom_field_options_required')
    expectProblem(await post({ type: 'multi_select', options: [] }), 422, 'custom_field_options_required')
    expectProblem(await post({ type: 'select', options: ['a', ' a'] }), 422, 'custom_field_options_duplicate')
    expectProblem(await post({ type: 'checkbox', options: ['yes'] }), 422, 'custom_field_options_not_allowed')
    const field = await post({ type: 'text' })
    expectProblem(
      await call('PATCH', `/v1/custom-fields/${field.body.id}`, ws.key, { type: 'select' }),
      422,
      'custom_field_options_required',
    )
    expectProblem(
      await call('PATCH', `/v1/custom-fields/${field.body.id}`, ws.key, { options: ['x'] }),
      422,
      'custom_field_options_not_allowed',
    )
  })

  it('refuses a type change or a delete while tickets hold values (409 custom_field_in_use)', async () => {
    const ws = await t.newWorkspace()
    const field = await call('POST', '/v1/custom-fields', ws.key, {
      key: 'seats',
      label: 'Seats',
      type: 'number',
    })
    const [status] = await statuses(ws.key)
    const ticket = await insertTicket(ws, status!.id, { customFields: { seats: 12 } })
    expectProblem(
      await call('PATCH', `/v1/custom-fields/${field.body.id}`, ws.key, { type: 'text' }),
      409,
      'custom_field_in_use',
    )
    expectProblem(
      await call('DELETE', `/v1/custom-fields/${field.body.id}`, ws.key),
      409,
      'custom_field_in_use',
    )
    // Label changes are fine.
    expect(
      (await call('PATCH', `/v1/custom-fields/${field.body.id}`, ws.key, { label: 'Licences' })).status,
    ).toBe(200)
    await t.database.db.update(tickets).set({ customFields: {} }).where(eq(tickets.id, ticket.id))
    expect((await call('PATCH', `/v1/custom-fields/${field.body.id}`, ws.key, { type: 'text' })).status).toBe(
      200,
    )
  })
})

describe('ticket types', () => {
  it('creates a type with its fields, updates and deletes it; deleting a field takes it off the type', async () => {
    const ws = await t.newWorkspace()
    const a = await call('POST', '/v1/custom-fields', ws.key, { key: 'a', label: 'A', type: 'text' })
    const b = await call('POST', '/v1/custom-fields', ws.key, { key: 'b', label: 'B', type: 'date' })
    const res = await call('POST', '/v1/ticket-types', ws.key, {
      name: 'Incident',
      customFieldIds: [b.body.id, a.body.id],
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^ttyp_/),
      name: 'Incident',
      description: null,
      customFieldIds: [b.body.id, a.body.id],
      position: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect((await call('GET', '/v1/ticket-types', ws.key)).body.data).toEqual([res.body])
    expect((await call('DELETE', `/v1/custom-fields/${a.body.id}`, ws.key)).status).toBe(204)
    const after = await call('GET', `/v1/ticket-types/${res.body.id}`, ws.key)
    expect(after.body.customFieldIds).toEqual([b.body.id])
    expect(after.headers.get('etag')).toBe('"2"')
    expect((await eventsOf(res.body.id)).at(-1)).toMatchObject({
      type: 'ticket_type.updated',
      data: { previous: { customFieldIds: [b.body.id, a.body.id] } },
    })
    const renamed = await call(
      'PATCH',
      `/v1/ticket-types/${res.body.id}`,
      ws.key,
      { name: 'Outage', description: 'Down' },
      { 'if-match': '"2"' },
    )
    expect(renamed.body).toMatchObject({ name: 'Outage', description: 'Down' })
    const [status] = await statuses(ws.key)
    const ticket = await insertTicket(ws, status!.id, { typeId: res.body.id })
    expect((await call('DELETE', `/v1/ticket-types/${res.body.id}`, ws.key)).status).toBe(204)
    expect((await ticketRow(ticket.id)).typeId).toBeNull()
    expect((await eventsOf(res.body.id)).map((e) => e.type)).toEqual([
      'ticket_type.created',
      'ticket_type.updated',
      'ticket_type.updated',
      'ticket_type.deleted',
    ])
  })

  it('refuses custom fields that are not the workspace’s (422 unknown_custom_field naming it) and a duplicate name (409)', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const mine = await call('POST', '/v1/custom-fields', ws.key, { key: 'a', label: 'A', type: 'text' })
    const foreign = await call('POST', '/v1/custom-fields', other.key, { key: 'a', label: 'A', type: 'text' })
    const res = await call('POST', '/v1/ticket-types', ws.key, {
      name: 'Q',
      customFieldIds: [mine.body.id, foreign.body.id],
    })
    expectProblem(res, 422, 'unknown_custom_field')
    expect(res.body.errors[0]).toMatchObject({ path: 'body.customFieldIds.1' })
    expect(res.body.detail).toContain(foreign.body.id)
    const type = await call('POST', '/v1/ticket-types', ws.key, { name: 'Question' })
    expectProblem(
      await call('PATCH', `/v1/ticket-types/${type.body.id}`, ws.key, { customFieldIds: [newId('cf')] }),
      422,
      'unknown_custom_field',
    )
    expectProblem(await call('POST', '/v1/ticket-types', ws.key, { name: 'QUESTION' }), 409, 'name_taken')
    expectProblem(await call('GET', `/v1/ticket-types/${type.body.id}`, other.key), 404, 'not_found')
  })
})

describe('security', () => {
  it('lets any ticket reader read the setup; only ticket_setup.manage changes it', async () => {
    const ws = await t.newWorkspace()
    const [status] = await statuses(ws.key)
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const collaborator = await t.newMember(ws.workspaceId, { roles: [{ role: 'collaborator' }] })
    for (const reader of [agent, collaborator]) {
      expect((await call('GET', '/v1/ticket-statuses', reader.key)).body.data).toHaveLength(6)
      expect((await call('GET', '/v1/ticket-types', reader.key)).status).toBe(200)
      expect((await call('GET', '/v1/custom-fields', reader.key)).status).toBe(200)
      expect((await call('GET', `/v1/ticket-statuses/${status!.id}`, reader.key)).status).toBe(200)
      const refused = await call('POST', '/v1/ticket-statuses', reader.key, {
        name: 'Mine',
        category: 'open',
      })
      expectProblem(refused, 403, 'forbidden')
      expect(refused.body.missingPermission).toBe('ticket_setup.manage')
      expectProblem(
        await call('PATCH', `/v1/ticket-statuses/${status!.id}`, reader.key, { name: 'X' }),
        403,
        'forbidden',
      )
      expectProblem(await call('DELETE', `/v1/ticket-statuses/${status!.id}`, reader.key), 403, 'forbidden')
      expectProblem(
        await call('POST', '/v1/custom-fields', reader.key, { key: 'k', label: 'K', type: 'text' }),
        403,
        'forbidden',
      )
      expectProblem(await call('POST', '/v1/ticket-types', reader.key, { name: 'T' }), 403, 'forbidden')
    }
  })

  it('needs tickets:read to read and tickets:write to change (API-key scopes)', async () => {
    const ws = await t.newWorkspace()
    const [status] = await statuses(ws.key)
    const reader = await manager(ws, ['tickets:read'])
    const outsider = await manager(ws, ['contacts:read'])
    expect((await call('GET', '/v1/ticket-statuses', reader.key)).status).toBe(200)
    const refused = await call('POST', '/v1/ticket-types', reader.key, { name: 'T' })
    expectProblem(refused, 403, 'forbidden')
    expect(refused.body.missingScope).toBe('tickets:write')
    const list = await call('GET', '/v1/custom-fields', outsider.key)
    expectProblem(list, 403, 'forbidden')
    expect(list.body.missingScope).toBe('tickets:read')
    expectProblem(await call('GET', `/v1/ticket-statuses/${status!.id}`, outsider.key), 404, 'not_found')
    const writer = await manager(ws, ['tickets:write'])
    expect((await call('POST', '/v1/ticket-types', writer.key, { name: 'T' })).status).toBe(201)
  })

  it('refuses contacts (403 on lists, 404 on one), no credential (401) and another workspace (404)', async () => {
    const ws = await t.newWorkspace()
    const [status] = await statuses(ws.key)
    const contact = await newContactSession(t, ws.workspaceId)
    expectProblem(await call('GET', '/v1/ticket-statuses', contact.key), 403, 'forbidden')
    expectProblem(await call('GET', '/v1/custom-fields', contact.key), 403, 'forbidden')
    expectProblem(await call('GET', `/v1/ticket-statuses/${status!.id}`, contact.key), 404, 'not_found')
    expectProblem(
      await call('POST', '/v1/ticket-statuses', contact.key, { name: 'X', category: 'open' }),
      403,
      'forbidden',
    )
    expectProblem(await call('GET', '/v1/ticket-statuses'), 401, 'unauthorized')
    expectProblem(await call('POST', '/v1/ticket-types', undefined, { name: 'T' }), 401, 'unauthorized')
    const other = await t.newWorkspace()
    expectProblem(
      await call('PATCH', `/v1/ticket-statuses/${status!.id}`, other.key, { name: 'X' }),
      404,
      'not_found',
    )
    expectProblem(await call('DELETE', `/v1/ticket-statuses/${status!.id}`, other.key), 404, 'not_found')
    expect((await statuses(ws.key))[0]!.name).toBe('New')
  })

  it('refuses a publishable key (visitor) every setup operation', async () => {
    const ws = await t.newWorkspace()
    const origin = 'https://setup-visitors.test'
    const profile = await call('POST', '/v1/widget-profiles', ws.key, {
      name: 'Portal',
      environment: 'production',
      allowedOrigins: [origin],
    })
    expect(profile.status, profile.text).toBe(201)
    const [status] = await statuses(ws.key)
    const visit = (method: string, path: string, body?: unknown) =>
      call(method, path, profile.body.publishableKey, body, { origin })
    expect((await visit('GET', '/v1/ticket-statuses')).status).toBe(403)
    expect((await visit('GET', `/v1/ticket-statuses/${status!.id}`)).status).toBe(404)
    expect((await visit('POST', '/v1/custom-fields', { key: 'k', label: 'K', type: 'text' })).status).toBe(
      403,
    )
  })
})

describe('event payloads', () => {
  it('sends every ticket setup event as its webhook schema documents it (objects closed)', async () => {
    const schemas = (spec as unknown as { components: { schemas: Record<string, unknown> } }).components
      .schemas
    const closed = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(closed)
      if (node === null || typeof node !== 'object') return node
      const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, closed(v)])) as Record<
        string,
        unknown
      >
      if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false
      return copy
    }
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(ajv)
    ajv.addSchema({ $id: 'loopdesk', components: { schemas: closed(schemas) } })
    const validate = ajv.compile({ $ref: 'loopdesk#/components/schemas/WebhookEvent' })

    const ws = await t.newWorkspace()
    const field = await call('POST', '/v1/custom-fields', ws.key, {
      key: 'plan',
      label: 'Plan',
      type: 'text',
    })
    await call('PATCH', `/v1/custom-fields/${field.body.id}`, ws.key, { label: 'Tier' })
    const type = await call('POST', '/v1/ticket-types', ws.key, {
      name: 'Incident',
      customFieldIds: [field.body.id],
    })
    await call('PATCH', `/v1/ticket-types/${type.body.id}`, ws.key, { description: 'Broken' })
    await call('DELETE', `/v1/custom-fields/${field.body.id}`, ws.key)
    await call('DELETE', `/v1/ticket-types/${type.body.id}`, ws.key)
    const status = await call('POST', '/v1/ticket-statuses', ws.key, {
      name: 'Triage',
      category: 'new',
      isDefault: true,
    })
    await call('PATCH', `/v1/ticket-statuses/${status.body.id}`, ws.key, { color: '#112233' })
    // A status moving category: its tickets' ticket.updated and ticket.status_changed are checked too.
    const pending = (await statuses(ws.key)).find((x) => x.category === 'pending')!
    await insertTicket(ws, pending.id)
    const move = await call('PATCH', `/v1/ticket-statuses/${pending.id}`, ws.key, { category: 'on_hold' })
    expect(move.status, move.text).toBe(200)
    await call('DELETE', `/v1/ticket-statuses/${status.body.id}`, ws.key)

    const rows = await t.database.db
      .select()
      .from(events)
      .where(eq(events.workspaceId, ws.workspaceId))
      .orderBy(asc(events.occurredAt), asc(events.id))
    const types = new Set<string>()
    for (const row of rows) {
      const body = JSON.parse(eventPayload(row))
      expect(validate(body), `${body.type}: ${ajv.errorsText(validate.errors)}`).toBe(true)
      types.add(body.type)
    }
    expect(
      [...types].filter((type) => /^(ticket_status|ticket_type|custom_field)\./.test(type)).sort(),
    ).toEqual([
      'custom_field.created',
      'custom_field.deleted',
      'custom_field.updated',
      'ticket_status.created',
      'ticket_status.deleted',
      'ticket_status.updated',
      'ticket_type.created',
      'ticket_type.deleted',
      'ticket_type.updated',
    ])
  })
})
