import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { ticketStatuses } from '../../src/db/schema/ticket-setup'
import { type TicketPriority, tickets } from '../../src/db/schema/tickets'
import { views } from '../../src/db/schema/views'
import { newId, type TeamId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, newContactSession, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const createView = async (key: string, body: Record<string, unknown>) => {
  const res = await t.request('POST', '/v1/views', { key, body })
  expect(res.status, res.text).toBe(201)
  return res.body.id as string
}

let number = 0
/** Tickets inserted directly (this file tests views, not ticket creation). */
async function insertTickets(
  workspaceId: WorkspaceId,
  specs: Array<{ teamId: TeamId | null; priority: TicketPriority; tags?: string[]; createdAt?: Date }>,
) {
  const [status] = await t.database.db
    .select()
    .from(ticketStatuses)
    .where(eq(ticketStatuses.workspaceId, workspaceId))
    .limit(1)
  const requester = await newContact(workspaceId, {}, t.database.db)
  const rows = await t.database.db
    .insert(tickets)
    .values(
      specs.map((s, i) => ({
        id: newId('tkt'),
        workspaceId,
        number: ++number,
        subject: `Ticket ${i}`,
        statusId: status!.id,
        statusCategory: status!.category,
        requesterId: requester.id,
        teamId: s.teamId,
        priority: s.priority,
        tags: s.tags ?? [],
        createdAt: s.createdAt ?? new Date(),
        updatedAt: new Date(Date.now() + i * 1000),
      })),
    )
    .returning()
  return rows.map((r) => r.id as string)
}

/** Teams A and B with an agent each, a supervisor, and six tickets: A high/urgent/low, B urgent ×2, none urgent. */
async function world() {
  const ws = await t.newWorkspace()
  const a = (await t.newTeam(ws.workspaceId, 'Alpha')).id as TeamId
  const b = (await t.newTeam(ws.workspaceId, 'Beta')).id as TeamId
  const agentA = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [a] })
  const agentB = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [b] })
  const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
  const old = new Date(Date.now() - 10 * 3_600_000)
  const [aHigh, aUrgent, aLow, bUrgent1, bUrgent2, loose] = await insertTickets(ws.workspaceId, [
    { teamId: a, priority: 'high', tags: ['vip'] },
    { teamId: a, priority: 'urgent', createdAt: old },
    { teamId: a, priority: 'low' },
    { teamId: b, priority: 'urgent', tags: ['vip'] },
    { teamId: b, priority: 'urgent', createdAt: old },
    { teamId: null, priority: 'urgent' },
  ])
  const urgent = await createView(ws.key, {
    name: 'Urgent',
    sharing: 'workspace',
    conditions: { all: [{ field: 'priority', operator: 'gte', value: 'high' }] },
    sort: 'updatedAt',
  })
  const everything = await createView(ws.key, { name: 'Everything', sharing: 'workspace' })
  const stale = await createView(ws.key, {
    name: 'Old or VIP',
    sharing: 'workspace',
    conditions: {
      any: [
        { field: 'createdAt', operator: 'older_than', value: { amount: 4, unit: 'hours' } },
        { field: 'tags', operator: 'includes_any', value: ['vip'] },
      ],
    },
  })
  return {
    ws,
    a,
    b,
    agentA,
    agentB,
    supervisor,
    views: { urgent, everything, stale },
    tickets: { aHigh, aUrgent, aLow, bUrgent1, bUrgent2, loose },
  }
}

const counts = (key: string, ids: string[]) =>
  t.request('GET', `/v1/views/counts?ids=${ids.join(',')}`, { key })

describe('countViews', () => {
  it('counts only the tickets the caller may read: a team-A agent never counts team B tickets', async () => {
    const w = await world()
    const ids = [w.views.urgent, w.views.everything, w.views.stale]
    const agentA = await counts(w.agentA.key, ids)
    expect(agentA.status, agentA.text).toBe(200)
    expect(agentA.body).toEqual({
      data: [
        { viewId: w.views.urgent, count: 2 },
        { viewId: w.views.everything, count: 3 },
        { viewId: w.views.stale, count: 2 },
      ],
    })
    expect((await counts(w.agentB.key, ids)).body.data.map((d: { count: number }) => d.count)).toEqual([
      2, 2, 2,
    ])
    expect((await counts(w.supervisor.key, ids)).body.data.map((d: { count: number }) => d.count)).toEqual([
      5, 6, 4,
    ])
  })

  it('answers in the order asked, repeated ids included', async () => {
    const w = await world()
    const res = await counts(w.supervisor.key, [w.views.everything, w.views.urgent, w.views.everything])
    expect(res.body.data.map((d: { viewId: string; count: number }) => [d.viewId, d.count])).toEqual([
      [w.views.everything, 6],
      [w.views.urgent, 5],
      [w.views.everything, 6],
    ])
  })

  it('counts from the views as they are now: changed conditions and sharing, a deleted view, a retyped field', async () => {
    const w = await world()
    const sup = w.supervisor.key
    const ids = [w.views.urgent, w.views.everything]
    expect((await counts(sup, ids)).body.data.map((d: { count: number }) => d.count)).toEqual([5, 6])
    // The same views counted again (the definitions kept from the first count), then after each change.
    expect((await counts(sup, ids)).body.data.map((d: { count: number }) => d.count)).toEqual([5, 6])
    const patch = (id: string, body: Record<string, unknown>) =>
      t.request('PATCH', `/v1/views/${id}`, { key: w.ws.key, body })
    const narrowed = await patch(w.views.urgent, {
      conditions: { all: [{ field: 'priority', operator: 'eq', value: 'urgent' }] },
    })
    expect(narrowed.status, narrowed.text).toBe(200)
    expect((await counts(sup, ids)).body.data.map((d: { count: number }) => d.count)).toEqual([4, 6])

    expect((await counts(w.agentA.key, ids)).body.data.map((d: { count: number }) => d.count)).toEqual([1, 3])
    const shared = await patch(w.views.everything, { sharing: 'team', teamId: w.b })
    expect(shared.status, shared.text).toBe(200)
    const hidden = await counts(w.agentA.key, ids)
    expectProblem(hidden, 404, 'not_found')
    expect(hidden.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.ids[1]'])

    expect((await t.request('DELETE', `/v1/views/${w.views.urgent}`, { key: w.ws.key })).status).toBe(204)
    expectProblem(await counts(sup, ids), 404, 'not_found')

    const field = await t.request('POST', '/v1/custom-fields', {
      key: w.ws.key,
      body: { key: 'plan', label: 'Plan', type: 'text' },
    })
    expect(field.status, field.text).toBe(201)
    const byPlan = await createView(w.ws.key, {
      name: 'Enterprise',
      sharing: 'workspace',
      conditions: { all: [{ field: 'customFields.plan', operator: 'eq', value: 'enterprise' }] },
    })
    expect((await counts(sup, [byPlan])).body.data).toEqual([{ viewId: byPlan, count: 0 }])
    const retyped = await t.request('PATCH', `/v1/custom-fields/${field.body.id}`, {
      key: w.ws.key,
      body: { type: 'number' },
    })
    expect(retyped.status, retyped.text).toBe(200)
    expectProblem(await counts(sup, [byPlan]), 422, 'invalid_condition')
  })

  it('never counts a view for a caller who may not read it, right after one who may counted it', async () => {
    const w = await world()
    // The owner and an admin both read every ticket (one shared "whole workspace" ticket predicate), but each
    // sees only its own personal views.
    const admin = await t.newMember(w.ws.workspaceId, { roles: [{ role: 'admin' }] })
    const mine = await createView(w.ws.key, { name: 'Mine' })
    expect((await counts(w.ws.key, [mine])).body.data).toEqual([{ viewId: mine, count: 6 }])
    expect((await counts(w.ws.key, [mine])).body.data).toEqual([{ viewId: mine, count: 6 }])
    // The very ids the owner counted: the definitions kept from its count must not answer for the admin.
    const refused = await counts(admin.key, [mine])
    expectProblem(refused, 404, 'not_found')
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.ids[0]'])
    expect((await counts(admin.key, [w.views.urgent])).body.data).toEqual([
      { viewId: w.views.urgent, count: 5 },
    ])
  })

  it('narrows a team-limited API key to its teams', async () => {
    const w = await world()
    const key = await t.newMember(w.ws.workspaceId, {
      roles: [{ role: 'supervisor' }],
      scopes: ['tickets:read'],
      keyTeamIds: [w.b],
    })
    const res = await counts(key.key, [w.views.urgent, w.views.everything])
    expect(res.body.data.map((d: { count: number }) => d.count)).toEqual([2, 2])
  })

  it('answers 404 naming a view the caller does not see, and 400 for malformed ids', async () => {
    const w = await world()
    const personal = await createView(w.agentB.key, { name: 'Mine' })
    const res = await counts(w.agentA.key, [w.views.urgent, personal])
    expectProblem(res, 404, 'not_found')
    expect(res.body.errors).toEqual([
      { path: 'query.ids[1]', code: 'not_found', message: `view ${personal} not found` },
    ])
    expectProblem(await counts(w.agentA.key, [newId('tkt')]), 400, 'validation_failed')
    expectProblem(await t.request('GET', '/v1/views/counts', { key: w.agentA.key }), 400, 'validation_failed')
    const tooMany = Array.from({ length: 51 }, () => w.views.urgent)
    expectProblem(await counts(w.agentA.key, tooMany), 400, 'validation_failed')
  })

  it('answers 422 for a view whose conditions no longer fit the ticket fields', async () => {
    const w = await world()
    const [broken] = await t.database.db
      .insert(views)
      .values({
        id: newId('view'),
        workspaceId: w.ws.workspaceId,
        name: 'Broken',
        sharing: 'workspace',
        conditions: { all: [{ field: 'priority', operator: 'eq', value: 'critical' }] },
      })
      .returning()
    const res = await counts(w.supervisor.key, [w.views.urgent, broken!.id])
    expectProblem(res, 422, 'invalid_condition')
    expect(res.body.errors[0].path).toBe(`views.${broken!.id}.conditions.all[0].value`)
  })

  it('refuses callers without credentials, contacts, another workspace and members who read no tickets', async () => {
    const w = await world()
    expectProblem(await t.request('GET', `/v1/views/counts?ids=${w.views.urgent}`), 401, 'unauthorized')
    const contact = await newContactSession(t, w.ws.workspaceId)
    expectProblem(await counts(contact.key, [w.views.urgent]), 403, 'forbidden')
    const other = await t.newWorkspace()
    expectProblem(await counts(other.key, [w.views.urgent]), 404, 'not_found')
    const nobody = await t.newMember(w.ws.workspaceId, { roles: [] })
    expectProblem(await counts(nobody.key, [w.views.urgent]), 403, 'forbidden')
  })
})

describe('listViewTickets', () => {
  it('lists from the view as it is now: relative times at each request, changed conditions, a retyped field', async () => {
    const w = await world()
    const list = async (id: string) => {
      const res = await t.request('GET', `/v1/views/${id}/tickets?sort=number`, { key: w.supervisor.key })
      expect(res.status, res.text).toBe(200)
      return res.body.data.map((x: { id: string }) => x.id)
    }
    // Older than 4 hours or VIP: the two old tickets and the two VIP ones, the same on a repeat.
    const stale = [w.tickets.aHigh, w.tickets.aUrgent, w.tickets.bUrgent1, w.tickets.bUrgent2]
    expect(await list(w.views.stale)).toEqual(stale)
    expect(await list(w.views.stale)).toEqual(stale)
    const narrowed = await t.request('PATCH', `/v1/views/${w.views.stale}`, {
      key: w.ws.key,
      body: {
        conditions: {
          all: [{ field: 'createdAt', operator: 'older_than', value: { amount: 4, unit: 'hours' } }],
        },
      },
    })
    expect(narrowed.status, narrowed.text).toBe(200)
    expect(await list(w.views.stale)).toEqual([w.tickets.aUrgent, w.tickets.bUrgent2])
    // "Newer than a minute", over a ticket 58.5 s old: in now, out 2 s later (now is bound per request).
    const fresh = await createView(w.ws.key, {
      name: 'Fresh',
      sharing: 'workspace',
      conditions: {
        all: [{ field: 'createdAt', operator: 'newer_than', value: { amount: 1, unit: 'minutes' } }],
      },
    })
    const [made] = await insertTickets(w.ws.workspaceId, [
      { teamId: null, priority: 'low', createdAt: new Date(Date.now() - 58_500) },
    ])
    expect(await list(fresh)).toContain(made)
    await new Promise((r) => setTimeout(r, 2_000))
    expect(await list(fresh)).not.toContain(made)

    const field = await t.request('POST', '/v1/custom-fields', {
      key: w.ws.key,
      body: { key: 'plan', label: 'Plan', type: 'text' },
    })
    expect(field.status, field.text).toBe(201)
    const byPlan = await createView(w.ws.key, {
      name: 'Enterprise',
      sharing: 'workspace',
      conditions: { all: [{ field: 'customFields.plan', operator: 'eq', value: 'enterprise' }] },
    })
    expect(await list(byPlan)).toEqual([])
    const retyped = await t.request('PATCH', `/v1/custom-fields/${field.body.id}`, {
      key: w.ws.key,
      body: { type: 'number' },
    })
    expect(retyped.status, retyped.text).toBe(200)
    expectProblem(
      await t.request('GET', `/v1/views/${byPlan}/tickets`, { key: w.supervisor.key }),
      422,
      'invalid_condition',
    )
  })

  it('lists the view’s tickets the caller may read, in the view’s sort, shaped like GET /v1/tickets', async () => {
    const w = await world()
    const res = await t.request('GET', `/v1/views/${w.views.urgent}/tickets`, { key: w.agentA.key })
    expect(res.status, res.text).toBe(200)
    expect(res.body.data.map((x: { id: string }) => x.id)).toEqual([w.tickets.aHigh, w.tickets.aUrgent])
    expect(res.body.nextCursor).toBeNull()
    const list = await t.request('GET', `/v1/tickets?sort=updatedAt`, { key: w.agentA.key })
    expect(res.body.data[0]).toEqual(list.body.data.find((x: { id: string }) => x.id === w.tickets.aHigh))
    const sup = await t.request('GET', `/v1/views/${w.views.urgent}/tickets?sort=-updatedAt`, {
      key: w.supervisor.key,
    })
    expect(sup.body.data.map((x: { id: string }) => x.id)).toEqual([
      w.tickets.loose,
      w.tickets.bUrgent2,
      w.tickets.bUrgent1,
      w.tickets.aUrgent,
      w.tickets.aHigh,
    ])
  })

  it('pages with a cursor', async () => {
    const w = await world()
    const first = await t.request('GET', `/v1/views/${w.views.everything}/tickets?limit=4&sort=updatedAt`, {
      key: w.supervisor.key,
    })
    expect(first.body.data).toHaveLength(4)
    const next = await t.request(
      'GET',
      `/v1/views/${w.views.everything}/tickets?limit=4&sort=updatedAt&cursor=${first.body.nextCursor}`,
      { key: w.supervisor.key },
    )
    expect(next.body.data.map((x: { id: string }) => x.id)).toEqual([w.tickets.bUrgent2, w.tickets.loose])
    expect(next.body.nextCursor).toBeNull()
  })

  it('answers 404 for a view the caller does not see, 401 without credentials, 403 for contacts', async () => {
    const w = await world()
    const personal = await createView(w.agentB.key, { name: 'Mine' })
    expectProblem(
      await t.request('GET', `/v1/views/${personal}/tickets`, { key: w.agentA.key }),
      404,
      'not_found',
    )
    expectProblem(await t.request('GET', `/v1/views/${w.views.urgent}/tickets`), 401, 'unauthorized')
    const contact = await newContactSession(t, w.ws.workspaceId)
    expectProblem(
      await t.request('GET', `/v1/views/${w.views.urgent}/tickets`, { key: contact.key }),
      403,
      'forbidden',
    )
    expectProblem(
      await t.request('GET', `/v1/views/${w.views.urgent}/tickets?sort=subject`, { key: w.agentA.key }),
      400,
      'validation_failed',
    )
  })
})
