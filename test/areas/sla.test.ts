import { and, asc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSlaTick } from '../../src/areas/sla/tick'
import { openPostgres } from '../../src/db/postgres'
import { events } from '../../src/db/schema'
import { businessHours, slaPolicies } from '../../src/db/schema/sla'
import { slaClocks } from '../../src/db/schema/sla-clocks'
import { newId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContactSession, type TestApp, testDatabaseUrl } from '../harness'
import { statusesOf, ticketRow } from './ticket-actions-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const minute = 60_000
const createPolicy = (key: string, body: Record<string, unknown>) =>
  t.request('POST', '/v1/sla-policies', { key, body })
const paths = (res: { body: { errors?: Array<{ path: string }> } }) =>
  (res.body.errors ?? []).map((e) => e.path)
const typesOf = async (workspaceId: WorkspaceId, resourceId: string, prefix = 'sla.') =>
  (
    await t.database.db
      .select({ type: events.type, data: events.data })
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
      .orderBy(asc(events.occurredAt), asc(events.id))
  )
    .filter((e) => e.type.startsWith(prefix))
    .map((e) => `${e.type}:${(e.data as { metric?: string }).metric ?? ''}`)

const standardTargets = {
  normal: { firstResponse: 60, nextResponse: 30, resolution: 240 },
  urgent: { firstResponse: 10, resolution: 60 },
}

/** A workspace with a policy, a requester with a portal session and a ticket opened by a member for them. */
async function setup(policy: Record<string, unknown> = {}) {
  const ws = await t.newWorkspace()
  const created = await createPolicy(ws.key, { name: 'Default', targets: standardTargets, ...policy })
  expect(created.status, created.text).toBe(201)
  const contact = await newContactSession(t, ws.workspaceId)
  const ticket = await t.request('POST', '/v1/tickets', {
    key: ws.key,
    body: { subject: 'Export broken', requesterId: contact.id, message: { body: 'It fails.' } },
  })
  expect(ticket.status, ticket.text).toBe(201)
  const statuses = await statusesOf(t, ws.workspaceId)
  return { ws, policy: created.body, contact, ticketId: ticket.body.id as string, statuses }
}
const slaOf = async (key: string, ticketId: string) => {
  const res = await t.request('GET', `/v1/tickets/${ticketId}/sla`, { key })
  expect(res.status, res.text).toBe(200)
  return res.body as {
    policyId: string | null
    clocks: Array<{
      metric: string
      status: string
      dueAt: string | null
      warnAt: string | null
      businessMinutesElapsed: number
      targetMinutes: number
      pauses: Array<{ from: string; to: string | null }>
    }>
  }
}
const clockOf = async (key: string, ticketId: string, metric: string) =>
  (await slaOf(key, ticketId)).clocks.find((c) => c.metric === metric)
const message = (key: string, ticketId: string, kind: 'reply' | 'note', body = 'Hello') =>
  t.request('POST', `/v1/tickets/${ticketId}/messages`, { key, body: { kind, body } })
const setStatus = (key: string, ticketId: string, statusId: string) =>
  t.request('PATCH', `/v1/tickets/${ticketId}`, { key, body: { statusId } })
/** Move a running clock's start back, as if `minutes` had passed. */
const rewind = (ticketId: string, metric: string, minutes: number) =>
  t.database.db
    .update(slaClocks)
    .set({ runningSince: sql`${slaClocks.runningSince} - make_interval(mins => ${minutes})` })
    .where(and(eq(slaClocks.ticketId, ticketId as never), eq(slaClocks.metric, metric as never)))

describe('SLA policies', () => {
  it('creates a policy (201, ETag, Location, defaults) and emits sla_policy.created', async () => {
    const ws = await t.newWorkspace()
    const res = await createPolicy(ws.key, { name: ' VIP ', targets: { high: { firstResponse: 30 } } })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^sla_/),
      name: 'VIP',
      position: 0,
      active: true,
      conditions: { all: [] },
      businessHoursId: null,
      targets: { high: { firstResponse: 30 } },
      warnBeforeMinutes: null,
      pauseOn: { resolution: ['pending', 'on_hold'] },
      escalations: [],
    })
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/sla-policies/${res.body.id}`)
    expect(await typesOf(ws.workspaceId, res.body.id, 'sla_policy.')).toEqual(['sla_policy.created:'])
    const got = await t.request('GET', `/v1/sla-policies/${res.body.id}`, { key: ws.key })
    expect(got.status).toBe(200)
    expect(got.body).toEqual(res.body)
  })

  it('appends, inserts at a position moving the others, moves on PATCH and closes the gap on delete', async () => {
    const ws = await t.newWorkspace()
    const a = await createPolicy(ws.key, { name: 'A', targets: { normal: { resolution: 10 } } })
    const b = await createPolicy(ws.key, { name: 'B', targets: { normal: { resolution: 10 } } })
    const c = await createPolicy(ws.key, { name: 'C', position: 0, targets: { normal: { resolution: 10 } } })
    expect(c.body.position).toBe(0)
    const names = async () =>
      (await t.request('GET', '/v1/sla-policies', { key: ws.key })).body.data.map(
        (p: { name: string; position: number }) => `${p.position}:${p.name}`,
      )
    expect(await names()).toEqual(['0:C', '1:A', '2:B'])
    expectProblem(
      await createPolicy(ws.key, { name: 'D', position: 4, targets: { normal: { resolution: 10 } } }),
      422,
      'invalid_position',
    )
    const moved = await t.request('PATCH', `/v1/sla-policies/${b.body.id}`, {
      key: ws.key,
      body: { position: 0 },
    })
    expect(moved.status, moved.text).toBe(200)
    expect(await names()).toEqual(['0:B', '1:C', '2:A'])
    await t.request('PATCH', `/v1/sla-policies/${b.body.id}`, { key: ws.key, body: { position: 2 } })
    expect(await names()).toEqual(['0:C', '1:A', '2:B'])
    expectProblem(
      await t.request('PATCH', `/v1/sla-policies/${b.body.id}`, { key: ws.key, body: { position: 3 } }),
      422,
      'invalid_position',
    )
    const del = await t.request('DELETE', `/v1/sla-policies/${c.body.id}`, { key: ws.key })
    expect(del.status).toBe(204)
    expect(await names()).toEqual(['0:A', '1:B'])
    expect(await typesOf(ws.workspaceId, c.body.id, 'sla_policy.')).toEqual([
      'sla_policy.created:',
      'sla_policy.deleted:',
    ])
    expect(a.status).toBe(201)
    // Pages follow the order.
    const page = await t.request('GET', '/v1/sla-policies?limit=1', { key: ws.key })
    expect(page.body.data[0].name).toBe('A')
    const next = await t.request('GET', `/v1/sla-policies?limit=1&cursor=${page.body.nextCursor}`, {
      key: ws.key,
    })
    expect(next.body.data[0].name).toBe('B')
    expect(next.body.nextCursor).toBeNull()
  })

  it('honours If-Match (412) and emits sla_policy.updated with previous', async () => {
    const ws = await t.newWorkspace()
    const p = await createPolicy(ws.key, { name: 'P', targets: { normal: { resolution: 10 } } })
    expectProblem(
      await t.request('PATCH', `/v1/sla-policies/${p.body.id}`, {
        key: ws.key,
        body: { name: 'Q' },
        headers: { 'if-match': '"7"' },
      }),
      412,
      'precondition_failed',
    )
    const ok = await t.request('PATCH', `/v1/sla-policies/${p.body.id}`, {
      key: ws.key,
      body: { name: 'Q', warnBeforeMinutes: 5 },
      headers: { 'if-match': '"1"' },
    })
    expect(ok.status, ok.text).toBe(200)
    expect(ok.headers.get('etag')).toBe('"2"')
    expect(ok.body).toMatchObject({ name: 'Q', warnBeforeMinutes: 5 })
    expect(await typesOf(ws.workspaceId, p.body.id, 'sla_policy.')).toEqual([
      'sla_policy.created:',
      'sla_policy.updated:',
    ])
  })

  it('refuses bad targets, conditions, business hours, teams, members and bodies with specific codes', async () => {
    const ws = await t.newWorkspace()
    for (const targets of [
      { normal: { firstResponse: 0 } },
      { low: { resolution: -5 } },
      { high: { nextResponse: 1.5 } },
    ]) {
      expectProblem(await createPolicy(ws.key, { name: 'x', targets }), 422, 'invalid_sla_target')
    }
    const none = await createPolicy(ws.key, { name: 'x', targets: {} })
    expectProblem(none, 422, 'invalid_sla_target')
    expect(paths(none)).toEqual(['body.targets'])
    const cond = await createPolicy(ws.key, {
      name: 'x',
      targets: standardTargets,
      conditions: { all: [{ field: 'nope', operator: 'eq', value: 1 }] },
    })
    expectProblem(cond, 422, 'invalid_condition')
    expectProblem(
      await createPolicy(ws.key, { name: 'x', targets: standardTargets, businessHoursId: newId('bh') }),
      422,
      'business_hours_not_found',
    )
    const team = await createPolicy(ws.key, {
      name: 'x',
      targets: standardTargets,
      escalations: [{ on: 'breach', actions: [{ type: 'reassign_team', teamId: newId('team') }] }],
    })
    expectProblem(team, 422, 'team_not_found')
    expect(paths(team)).toEqual(['body.escalations.0.actions.0.teamId'])
    const member = await createPolicy(ws.key, {
      name: 'x',
      targets: standardTargets,
      escalations: [{ on: 'warning', actions: [{ type: 'notify', memberIds: [newId('mbr')] }] }],
    })
    expectProblem(member, 422, 'member_not_found')
    expectProblem(
      await createPolicy(ws.key, {
        name: 'x',
        targets: standardTargets,
        escalations: [{ on: 'warning', actions: [{ type: 'add_tag', teamId: newId('team') }] }],
      }),
      400,
      'validation_failed',
    )
    expectProblem(await createPolicy(ws.key, { name: 'x' }), 400, 'validation_failed')
    expectProblem(
      await createPolicy(ws.key, { name: '  ', targets: standardTargets }),
      400,
      'validation_failed',
    )
    expectProblem(
      await t.request('GET', `/v1/sla-policies/${newId('sla')}`, { key: ws.key }),
      404,
      'not_found',
    )
  })
})

describe('SLA policy security', () => {
  it('needs a credential and sla.manage; hides other workspaces; contacts and publishable keys are refused', async () => {
    const ws = await t.newWorkspace()
    const p = await createPolicy(ws.key, { name: 'P', targets: standardTargets })
    const id = p.body.id as string
    expectProblem(await t.request('GET', '/v1/sla-policies'), 401, 'unauthorized')
    expectProblem(await t.request('GET', `/v1/sla-policies/${id}`), 401, 'unauthorized')
    const contact = await newContactSession(t, ws.workspaceId)
    expectProblem(await t.request('GET', '/v1/sla-policies', { key: contact.key }), 403, 'forbidden')
    expectProblem(await createPolicy(contact.key, { name: 'x', targets: standardTargets }), 403, 'forbidden')
    const profile = await t.request('POST', '/v1/widget-profiles', {
      key: ws.key,
      body: { name: 'Site', allowedOrigins: ['https://app.example.com'] },
    })
    expect(profile.status, profile.text).toBe(201)
    const visitor = {
      authorization: `Bearer ${profile.body.publishableKey}`,
      origin: 'https://app.example.com',
    }
    expectProblem(await t.request('GET', '/v1/sla-policies', { headers: visitor }), 403, 'forbidden')

    const other = await t.newWorkspace()
    expectProblem(await t.request('GET', `/v1/sla-policies/${id}`, { key: other.key }), 404, 'not_found')
    expectProblem(
      await t.request('PATCH', `/v1/sla-policies/${id}`, { key: other.key, body: { name: 'x' } }),
      404,
      'not_found',
    )
    expectProblem(await t.request('DELETE', `/v1/sla-policies/${id}`, { key: other.key }), 404, 'not_found')
    expect((await t.request('GET', '/v1/sla-policies', { key: other.key })).body.data).toEqual([])

    const agent = await t.newMember(ws.workspaceId)
    expectProblem(await t.request('GET', '/v1/sla-policies', { key: agent.key }), 403, 'forbidden')
    expectProblem(await createPolicy(agent.key, { name: 'x', targets: standardTargets }), 403, 'forbidden')
    // A policy it may not read is not found (like another workspace's).
    expectProblem(
      await t.request('PATCH', `/v1/sla-policies/${id}`, { key: agent.key, body: { name: 'x' } }),
      404,
      'not_found',
    )
    const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
    expect((await createPolicy(supervisor.key, { name: 'S', targets: standardTargets })).status).toBe(201)
    // Scopes: sla:read reads, not writes; a tickets scope reads no policies.
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'supervisor' }],
      scopes: ['sla:read'],
    })
    expect((await t.request('GET', '/v1/sla-policies', { key: reader.key })).status).toBe(200)
    expectProblem(await createPolicy(reader.key, { name: 'x', targets: standardTargets }), 403, 'forbidden')
    const ticketsOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'supervisor' }],
      scopes: ['tickets:write'],
    })
    expectProblem(await t.request('GET', '/v1/sla-policies', { key: ticketsOnly.key }), 403, 'forbidden')
  })

  it('shows a ticket’s clocks to staff who read it, 404 to others, 403 to contacts', async () => {
    const { ws, contact, ticketId } = await setup()
    expectProblem(await t.request('GET', `/v1/tickets/${ticketId}/sla`), 401, 'unauthorized')
    expectProblem(
      await t.request('GET', `/v1/tickets/${ticketId}/sla`, { key: contact.key }),
      403,
      'forbidden',
    )
    const other = await t.newWorkspace()
    expectProblem(await t.request('GET', `/v1/tickets/${ticketId}/sla`, { key: other.key }), 404, 'not_found')
    const team = await t.newTeam(ws.workspaceId)
    const outsider = await t.newMember(ws.workspaceId, { teamIds: [team.id] })
    expectProblem(
      await t.request('GET', `/v1/tickets/${ticketId}/sla`, { key: outsider.key }),
      404,
      'not_found',
    )
    const all = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
    expect((await t.request('GET', `/v1/tickets/${ticketId}/sla`, { key: all.key })).status).toBe(200)
  })
})

describe('SLA clocks', () => {
  it('starts first response and resolution at creation with due times from the targets', async () => {
    const { ws, policy, ticketId } = await setup({ warnBeforeMinutes: 10 })
    const ticket = await ticketRow(t, ticketId)
    const sla = await slaOf(ws.key, ticketId)
    expect(sla.policyId).toBe(policy.id)
    expect(sla.clocks.map((c) => `${c.metric}:${c.status}`)).toEqual([
      'first_response:active',
      'resolution:active',
    ])
    const first = sla.clocks[0]!
    expect(new Date(first.dueAt!).getTime()).toBe(ticket.createdAt.getTime() + 60 * minute)
    expect(new Date(first.warnAt!).getTime()).toBe(ticket.createdAt.getTime() + 50 * minute)
    expect(first).toMatchObject({ targetMinutes: 60, businessMinutesElapsed: 0, pauses: [] })
    expect(new Date(sla.clocks[1]!.dueAt!).getTime()).toBe(ticket.createdAt.getTime() + 240 * minute)
  })

  it('a note never achieves first response; a public member reply does (sla.achieved), then next response cycles', async () => {
    const { ws, contact, ticketId } = await setup()
    expect((await message(ws.key, ticketId, 'note')).status).toBe(201)
    expect((await clockOf(ws.key, ticketId, 'first_response'))?.status).toBe('active')
    expect((await message(ws.key, ticketId, 'reply')).status).toBe(201)
    expect((await clockOf(ws.key, ticketId, 'first_response'))?.status).toBe('achieved')
    expect(await clockOf(ws.key, ticketId, 'next_response')).toBeUndefined()
    expect(await typesOf(ws.workspaceId, ticketId)).toEqual(['sla.achieved:first_response'])

    // The customer answers: next response starts; a second customer message keeps the same cycle.
    expect((await message(contact.key, ticketId, 'reply')).status).toBe(201)
    const next = await clockOf(ws.key, ticketId, 'next_response')
    expect(next).toMatchObject({ status: 'active', targetMinutes: 30 })
    expect((await message(contact.key, ticketId, 'reply')).status).toBe(201)
    expect((await clockOf(ws.key, ticketId, 'next_response'))?.dueAt).toBe(next?.dueAt)
    // A note does not answer; a reply does.
    await message(ws.key, ticketId, 'note')
    expect((await clockOf(ws.key, ticketId, 'next_response'))?.status).toBe('active')
    await message(ws.key, ticketId, 'reply')
    expect((await clockOf(ws.key, ticketId, 'next_response'))?.status).toBe('achieved')
    // A new customer message starts a new cycle.
    await message(contact.key, ticketId, 'reply')
    expect((await clockOf(ws.key, ticketId, 'next_response'))?.status).toBe('active')
    expect(await typesOf(ws.workspaceId, ticketId)).toEqual([
      'sla.achieved:first_response',
      'sla.achieved:next_response',
    ])
  })

  it('pauses resolution while pending, resumes keeping the time used, achieves on solve and resumes on reopen', async () => {
    const { ws, ticketId, statuses } = await setup()
    await rewind(ticketId, 'resolution', 20)
    expect((await setStatus(ws.key, ticketId, statuses.pending)).status).toBe(200)
    const paused = await clockOf(ws.key, ticketId, 'resolution')
    expect(paused).toMatchObject({ status: 'paused', dueAt: null, businessMinutesElapsed: 20 })
    expect(paused?.pauses).toHaveLength(1)
    expect(paused?.pauses[0]?.to).toBeNull()
    // First response keeps running while pending (the default pauses resolution only).
    expect((await clockOf(ws.key, ticketId, 'first_response'))?.status).toBe('active')

    const before = Date.now()
    expect((await setStatus(ws.key, ticketId, statuses.open)).status).toBe(200)
    const resumed = await clockOf(ws.key, ticketId, 'resolution')
    expect(resumed?.status).toBe('active')
    expect(resumed?.pauses[0]?.to).not.toBeNull()
    const due = new Date(resumed!.dueAt!).getTime()
    expect(due).toBeGreaterThanOrEqual(before + 220 * minute)
    expect(due).toBeLessThanOrEqual(Date.now() + 220 * minute)

    expect((await setStatus(ws.key, ticketId, statuses.solved)).status).toBe(200)
    expect((await clockOf(ws.key, ticketId, 'resolution'))?.status).toBe('achieved')
    // Response clocks stop while solved.
    expect((await clockOf(ws.key, ticketId, 'first_response'))?.status).toBe('paused')
    expect(await typesOf(ws.workspaceId, ticketId)).toEqual(['sla.achieved:resolution'])

    expect((await setStatus(ws.key, ticketId, statuses.open)).status).toBe(200)
    const reopened = await clockOf(ws.key, ticketId, 'resolution')
    expect(reopened).toMatchObject({ status: 'active', businessMinutesElapsed: 20 })
    expect(reopened?.pauses).toHaveLength(2)
    expect((await clockOf(ws.key, ticketId, 'first_response'))?.status).toBe('active')
  })

  it('a priority change re-matches and recomputes due times keeping the time used', async () => {
    const { ws, ticketId } = await setup()
    await rewind(ticketId, 'resolution', 15)
    const before = Date.now()
    const res = await t.request('PATCH', `/v1/tickets/${ticketId}`, {
      key: ws.key,
      body: { priority: 'urgent' },
    })
    expect(res.status, res.text).toBe(200)
    const sla = await slaOf(ws.key, ticketId)
    const resolution = sla.clocks.find((c) => c.metric === 'resolution')!
    expect(resolution.targetMinutes).toBe(60)
    expect(resolution.businessMinutesElapsed).toBe(15)
    const due = new Date(resolution.dueAt!).getTime()
    expect(due).toBeGreaterThanOrEqual(before + 45 * minute - 1000)
    expect(due).toBeLessThanOrEqual(Date.now() + 45 * minute)
    // Urgent has no next-response target; low has no targets at all: its clocks go.
    await t.request('PATCH', `/v1/tickets/${ticketId}`, { key: ws.key, body: { priority: 'low' } })
    expect((await slaOf(ws.key, ticketId)).clocks).toEqual([])
  })

  it('matches the first active policy by position whose conditions hold, not by name', async () => {
    const ws = await t.newWorkspace()
    const vip = await createPolicy(ws.key, {
      name: 'Z VIP',
      targets: { normal: { firstResponse: 5 } },
      conditions: { all: [{ field: 'tags', operator: 'includes_any', value: ['vip'] }] },
    })
    const off = await createPolicy(ws.key, {
      name: 'A off',
      active: false,
      targets: { normal: { firstResponse: 1 } },
    })
    const all = await createPolicy(ws.key, { name: 'B all', targets: { normal: { firstResponse: 50 } } })
    const contact = await newContactSession(t, ws.workspaceId)
    const plain = await t.request('POST', '/v1/tickets', {
      key: ws.key,
      body: { subject: 'a', requesterId: contact.id },
    })
    const tagged = await t.request('POST', '/v1/tickets', {
      key: ws.key,
      body: { subject: 'b', requesterId: contact.id, tags: ['vip'] },
    })
    expect((await slaOf(ws.key, plain.body.id)).policyId).toBe(all.body.id)
    expect((await slaOf(ws.key, tagged.body.id)).policyId).toBe(vip.body.id)
    expect(off.status).toBe(201)
    // Preview: a hypothetical ticket and an existing one, writing nothing.
    const preview = await t.request('POST', '/v1/sla-policies/preview', {
      key: ws.key,
      body: { ticket: { priority: 'normal', tags: ['vip'], createdAt: '2030-01-01T00:00:00.000Z' } },
    })
    expect(preview.status, preview.text).toBe(200)
    expect(preview.body).toEqual({
      policy: { id: vip.body.id, name: 'Z VIP' },
      clocks: [
        {
          metric: 'first_response',
          status: 'active',
          targetMinutes: 5,
          dueAt: '2030-01-01T00:05:00.000Z',
          warnAt: null,
        },
      ],
    })
    const existing = await t.request('POST', '/v1/sla-policies/preview', {
      key: ws.key,
      body: { ticketId: plain.body.id },
    })
    expect(existing.status, existing.text).toBe(200)
    expect(existing.body.policy.id).toBe(all.body.id)
    const none = await t.request('POST', '/v1/sla-policies/preview', {
      key: ws.key,
      body: { ticket: { priority: 'low' } },
    })
    expect(none.body).toEqual({ policy: { id: all.body.id, name: 'B all' }, clocks: [] })
    expectProblem(
      await t.request('POST', '/v1/sla-policies/preview', { key: ws.key, body: { ticketId: newId('tkt') } }),
      404,
      'not_found',
    )
    expectProblem(
      await t.request('POST', '/v1/sla-policies/preview', { key: ws.key, body: {} }),
      400,
      'validation_failed',
    )
    const agent = await t.newMember(ws.workspaceId)
    expectProblem(
      await t.request('POST', '/v1/sla-policies/preview', {
        key: agent.key,
        body: { ticket: { priority: 'low' } },
      }),
      403,
      'forbidden',
    )
  })
})

describe('SLA policies cache', () => {
  it('a policy changed through the API or by another instance applies to the next ticket', async () => {
    const { ws, policy, contact } = await setup()
    const open = async () => {
      const res = await t.request('POST', '/v1/tickets', {
        key: ws.key,
        body: { subject: 'Again', requesterId: contact.id },
      })
      expect(res.status, res.text).toBe(201)
      return (await clockOf(ws.key, res.body.id, 'first_response'))?.targetMinutes
    }
    expect(await open()).toBe(60)
    const patched = await t.request('PATCH', `/v1/sla-policies/${policy.id}`, {
      key: ws.key,
      body: { targets: { normal: { firstResponse: 45, resolution: 240 } } },
    })
    expect(patched.status, patched.text).toBe(200)
    expect(await open()).toBe(45)
    // Written straight to the database, as another instance's update would be: version bumped, no forget().
    await t.database.db
      .update(slaPolicies)
      .set({ targets: { normal: { firstResponse: 20 } }, version: sql`${slaPolicies.version} + 1` })
      .where(eq(slaPolicies.id, policy.id))
    expect(await open()).toBe(20)
    const deleted = await t.request('DELETE', `/v1/sla-policies/${policy.id}`, { key: ws.key })
    expect(deleted.status, deleted.text).toBe(204)
    expect(await open()).toBeUndefined()
  })
})

describe('SLA tick', () => {
  it('warns and breaches due clocks exactly once and runs the escalations', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    await createPolicy(ws.key, {
      name: 'Escalating',
      targets: { normal: { firstResponse: 60, resolution: 240 } },
      warnBeforeMinutes: 10,
      escalations: [
        { on: 'warning', metrics: ['first_response'], actions: [{ type: 'add_tag', tag: 'sla-warning' }] },
        {
          on: 'breach',
          metrics: ['first_response'],
          actions: [
            { type: 'raise_priority' },
            { type: 'reassign_team', teamId: team.id },
            { type: 'add_tag', tag: 'sla-breached' },
            { type: 'webhook_event' },
          ],
        },
      ],
    })
    const contact = await newContactSession(t, ws.workspaceId)
    const created = await t.request('POST', '/v1/tickets', {
      key: ws.key,
      body: { subject: 'a', requesterId: contact.id },
    })
    const ticketId = created.body.id as string
    const ticket = await ticketRow(t, ticketId)
    const at = (m: number) => new Date(ticket.createdAt.getTime() + m * minute)

    // Other tests' clocks share the database: what this ticket got is read from its own events.
    const tick = async (m: number) => {
      await runSlaTick(t.database.db, at(m))
      return typesOf(ws.workspaceId, ticketId)
    }
    expect(await tick(49)).toEqual([])
    expect(await tick(51)).toEqual(['sla.warning:first_response'])
    expect(await tick(52)).toEqual(['sla.warning:first_response'])
    expect((await ticketRow(t, ticketId)).tags).toEqual(['sla-warning'])
    expect(await tick(61)).toEqual(['sla.warning:first_response', 'sla.breached:first_response'])
    expect(await tick(62)).toEqual(['sla.warning:first_response', 'sla.breached:first_response'])
    const after = await ticketRow(t, ticketId)
    expect(after).toMatchObject({ priority: 'high', teamId: team.id, tags: ['sla-warning', 'sla-breached'] })
    const first = await clockOf(ws.key, ticketId, 'first_response')
    expect(first?.status).toBe('breached')
    expect(await typesOf(ws.workspaceId, ticketId)).toEqual([
      'sla.warning:first_response',
      'sla.breached:first_response',
    ])
    // The escalation's priority change re-matched: resolution is recomputed for `high` (no target: gone).
    expect((await slaOf(ws.key, ticketId)).clocks.map((c) => c.metric)).toEqual(['first_response'])
    // A late reply still records the answer, but it was not met in time: no sla.achieved.
    await message(ws.key, ticketId, 'reply')
    expect((await clockOf(ws.key, ticketId, 'first_response'))?.status).toBe('breached')
    expect(await typesOf(ws.workspaceId, ticketId)).toEqual([
      'sla.warning:first_response',
      'sla.breached:first_response',
    ])
  })
})

describe('SLA clocks in business hours', () => {
  it('counts only opening hours: a target running past Friday evening skips the weekend and a holiday Monday', async () => {
    const ws = await t.newWorkspace()
    const hoursId = newId('bh')
    await t.database.db.insert(businessHours).values({
      id: hoursId,
      workspaceId: ws.workspaceId,
      name: 'Office',
      timeZone: 'UTC',
      intervals: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => ({
        day: day as 'monday',
        start: '09:00',
        end: '17:00',
      })),
      holidays: [{ date: '2030-01-07', name: 'Closed Monday' }],
    })
    const policy = await createPolicy(ws.key, {
      name: 'Office hours',
      businessHoursId: hoursId,
      warnBeforeMinutes: 45,
      targets: { normal: { firstResponse: 60 } },
    })
    expect(policy.status, policy.text).toBe(201)
    expect(policy.body.businessHoursId).toBe(hoursId)
    // Friday 2030-01-04 16:30: 30 minutes that day; Monday is a holiday; 30 more on Tuesday.
    const preview = await t.request('POST', '/v1/sla-policies/preview', {
      key: ws.key,
      body: { ticket: { priority: 'normal', createdAt: '2030-01-04T16:30:00.000Z' } },
    })
    expect(preview.status, preview.text).toBe(200)
    expect(preview.body.clocks).toEqual([
      {
        metric: 'first_response',
        status: 'active',
        targetMinutes: 60,
        dueAt: '2030-01-08T09:30:00.000Z',
        warnAt: '2030-01-04T16:45:00.000Z',
      },
    ])
    // A real ticket runs under the same schedule.
    const contact = await newContactSession(t, ws.workspaceId)
    const created = await t.request('POST', '/v1/tickets', {
      key: ws.key,
      body: { subject: 'a', requesterId: contact.id },
    })
    const sla = await slaOf(ws.key, created.body.id)
    expect(sla.policyId).toBe(policy.body.id)
    expect(sla.clocks[0]?.targetMinutes).toBe(60)
    expect(sla.clocks[0]?.dueAt).not.toBeNull()
  })
})

const databaseUrl = testDatabaseUrl()

describe.skipIf(!databaseUrl)('SLA tick on PostgreSQL (two workers)', () => {
  const opened: Array<ReturnType<typeof openPostgres>> = []
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()))
  })

  it('emits sla.breached exactly once per clock when two ticks run at the same moment', async () => {
    const ws = await t.newWorkspace()
    await createPolicy(ws.key, { name: 'Tight', targets: { normal: { firstResponse: 5 } } })
    const contact = await newContactSession(t, ws.workspaceId)
    const ids: string[] = []
    for (let i = 0; i < 30; i++) {
      const created = await t.request('POST', '/v1/tickets', {
        key: ws.key,
        body: { subject: `t${i}`, requesterId: contact.id },
      })
      ids.push(created.body.id)
    }
    const later = new Date(Date.now() + 10 * minute)
    const workers = [openPostgres(databaseUrl!, { max: 2 }), openPostgres(databaseUrl!, { max: 2 })]
    opened.push(...workers)
    // Small batches: the workers interleave over the same due clocks.
    await Promise.all(
      workers.map(async (w) => {
        for (let round = 0; round < 20; round++) await runSlaTick(w.db, later, 5)
      }),
    )
    const breached = await t.database.db
      .select({ resourceId: events.resourceId })
      .from(events)
      .where(and(eq(events.workspaceId, ws.workspaceId), eq(events.type, 'sla.breached')))
    expect(breached.map((e) => e.resourceId).sort()).toEqual([...ids].sort())
  })
})
