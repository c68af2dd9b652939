import { and, asc, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditEntries, events, members } from '../../src/db/schema'
import { routingRotations, routingRules } from '../../src/db/schema/routing'
import { businessHours, slaPolicies } from '../../src/db/schema/sla'
import { ticketSla } from '../../src/db/schema/sla-clocks'
import { customFields, ticketTypes } from '../../src/db/schema/ticket-setup'
import { ticketActivity, ticketMessages, tickets } from '../../src/db/schema/tickets'
import { recordStatements } from '../../src/db/statements'
import { newId, type TeamId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, newContactSession, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

type Body = Record<string, unknown>

const createRule = (key: string, body: Body) => t.request('POST', '/v1/routing-rules', { key, body })

async function rule(key: string, body: Body) {
  const res = await createRule(key, { trigger: 'ticket.created', ...body })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string; position: number }
}

/** A workspace with two teams, agents in them (one away), a requester, a ticket type, a custom field, a policy. */
async function world() {
  const ws = await t.newWorkspace()
  const db = t.database.db
  const alpha = (await t.newTeam(ws.workspaceId, 'Alpha')).id as TeamId
  const beta = (await t.newTeam(ws.workspaceId, 'Beta')).id as TeamId
  const a1 = await t.newMember(ws.workspaceId, { teamIds: [alpha] })
  const a2 = await t.newMember(ws.workspaceId, { teamIds: [alpha] })
  const a3 = await t.newMember(ws.workspaceId, { teamIds: [alpha] })
  const b1 = await t.newMember(ws.workspaceId, { teamIds: [beta] })
  const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
  const requester = await newContact(ws.workspaceId, { email: 'vip@acme.test' }, db)
  const [type] = await db
    .insert(ticketTypes)
    .values({ id: newId('ttyp'), workspaceId: ws.workspaceId, name: 'Incident', position: 0 })
    .returning()
  await db.insert(customFields).values({
    id: newId('cf'),
    workspaceId: ws.workspaceId,
    key: 'plan',
    label: 'Plan',
    type: 'select',
    options: ['free', 'pro'],
    position: 0,
  } as never)
  const [policy] = await db
    .insert(slaPolicies)
    .values({ id: newId('sla'), workspaceId: ws.workspaceId, name: 'Gold', position: 0 } as never)
    .returning()
  return { ws, alpha, beta, a1, a2, a3, b1, supervisor, requester, typeId: type!.id, policyId: policy!.id }
}

async function newTicket(key: string, requesterId: string, body: Body = {}) {
  const res = await t.request('POST', '/v1/tickets', {
    key,
    body: { subject: 'Printer on fire', requesterId, ...body },
  })
  expect(res.status, res.text).toBe(201)
  return res.body as Record<string, any>
}

const eventsOf = (workspaceId: WorkspaceId, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
    .orderBy(asc(events.occurredAt), asc(events.id))

const activityOf = (ticketId: string) =>
  t.database.db
    .select()
    .from(ticketActivity)
    .where(eq(ticketActivity.ticketId, ticketId as never))
    .orderBy(asc(ticketActivity.createdAt), asc(ticketActivity.id))

describe('createRoutingRule, listRoutingRules, getRoutingRule, updateRoutingRule, deleteRoutingRule', () => {
  it('creates, lists by position, reads with an ETag, updates with If-Match, deletes; audited events', async () => {
    const { ws, alpha } = await world()
    const conditions = { all: [{ field: 'priority', operator: 'is', value: 'urgent' }] }
    const first = await createRule(ws.key, {
      name: ' Urgent to Alpha ',
      trigger: 'ticket.created',
      conditions,
      actions: [{ type: 'set_team', teamId: alpha }],
    })
    expect(first.status, first.text).toBe(201)
    expect(first.body).toMatchObject({
      name: 'Urgent to Alpha',
      position: 0,
      trigger: 'ticket.created',
      conditions,
      actions: [{ type: 'set_team', teamId: alpha }],
      stopProcessing: false,
      active: true,
    })
    expect(first.headers.get('location')).toBe(`/v1/routing-rules/${first.body.id}`)
    const second = await rule(ws.key, { name: 'Tag', actions: [{ type: 'add_tags', tags: ['x'] }] })
    expect(second.position).toBe(1)
    const inserted = await rule(ws.key, {
      name: 'First',
      position: 0,
      actions: [{ type: 'add_tags', tags: ['y'] }],
    })
    expect(inserted.position).toBe(0)
    const list = await t.request('GET', '/v1/routing-rules', { key: ws.key })
    expect(list.body.data.map((r: Body) => r.id)).toEqual([inserted.id, first.body.id, second.id])
    const filtered = await t.request('GET', '/v1/routing-rules?trigger=ticket.updated', { key: ws.key })
    expect(filtered.body.data).toEqual([])

    const got = await t.request('GET', `/v1/routing-rules/${first.body.id}`, { key: ws.key })
    expect(got.status).toBe(200)
    const etag = got.headers.get('etag') as string
    const notModified = await t.request('GET', `/v1/routing-rules/${first.body.id}`, {
      key: ws.key,
      headers: { 'if-none-match': etag },
    })
    expect(notModified.status).toBe(304)
    const patched = await t.request('PATCH', `/v1/routing-rules/${first.body.id}`, {
      key: ws.key,
      headers: { 'if-match': etag },
      body: { active: false, stopProcessing: true },
    })
    expect(patched.status, patched.text).toBe(200)
    expect(patched.body).toMatchObject({ active: false, stopProcessing: true })
    expectProblem(
      await t.request('PATCH', `/v1/routing-rules/${first.body.id}`, {
        key: ws.key,
        headers: { 'if-match': etag },
        body: { name: 'Stale' },
      }),
      412,
      'precondition_failed',
    )
    const deleted = await t.request('DELETE', `/v1/routing-rules/${first.body.id}`, { key: ws.key })
    expect(deleted.status).toBe(204)
    expectProblem(
      await t.request('GET', `/v1/routing-rules/${first.body.id}`, { key: ws.key }),
      404,
      'not_found',
    )
    const emitted = await eventsOf(ws.workspaceId, first.body.id)
    expect(emitted.map((e) => e.type)).toEqual([
      'routing_rule.created',
      'routing_rule.updated',
      'routing_rule.deleted',
    ])
    const audited = await t.database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.workspaceId, ws.workspaceId), eq(auditEntries.resourceId, first.body.id)))
    expect(audited.map((a) => a.type).sort()).toEqual([
      'routing_rule.created',
      'routing_rule.deleted',
      'routing_rule.updated',
    ])
  })

  it('answers each bad input with its code', async () => {
    const { ws, alpha, beta, b1, a1 } = await world()
    const bad = async (body: Body, status: number, code: string, path?: string) => {
      const res = await createRule(ws.key, { name: 'Bad', trigger: 'ticket.created', ...body })
      expectProblem(res, status, code)
      if (path) expect(res.body.errors?.[0]?.path, res.text).toBe(path)
    }
    const ok = [{ type: 'set_team', teamId: alpha }]
    await bad(
      { conditions: { all: [{ field: 'priority', operator: 'changed' }] }, actions: ok },
      422,
      'invalid_condition',
      'body.conditions.all[0].operator',
    )
    await bad(
      { conditions: { all: [{ field: 'colour', operator: 'is', value: 'red' }] }, actions: ok },
      422,
      'invalid_condition',
    )
    await bad(
      {
        conditions: { all: [{ field: 'businessHours', operator: 'within', value: newId('bh') }] },
        actions: ok,
      },
      422,
      'invalid_condition',
      'body.conditions.all[0].value',
    )
    await bad({ actions: [{ type: 'teleport' }] }, 422, 'invalid_routing_action', 'body.actions[0].type')
    await bad({ actions: [{ type: 'set_team' }] }, 422, 'invalid_routing_action', 'body.actions[0].teamId')
    await bad(
      { actions: [{ type: 'set_priority', priority: 'high', teamId: alpha }] },
      422,
      'invalid_routing_action',
      'body.actions[0].teamId',
    )
    await bad(
      { actions: [{ type: 'set_team', teamId: newId('team') }] },
      422,
      'team_not_found',
      'body.actions[0].teamId',
    )
    await bad({ actions: [{ type: 'assign_member', memberId: newId('mbr') }] }, 422, 'member_not_found')
    await bad(
      { actions: [{ type: 'assign_member', memberId: b1.memberId, teamId: alpha }] },
      422,
      'member_not_in_team',
    )
    await bad(
      {
        actions: [
          { type: 'set_team', teamId: beta },
          { type: 'assign_member', memberId: a1.memberId },
        ],
      },
      422,
      'member_not_in_team',
      'body.actions[1].memberId',
    )
    await bad({ actions: [{ type: 'set_type', typeId: newId('ttyp') }] }, 422, 'ticket_type_not_found')
    await bad(
      { actions: [{ type: 'apply_sla_policy', policyId: newId('sla') }] },
      422,
      'sla_policy_not_found',
    )
    await bad(
      { actions: [{ type: 'set_custom_field', key: 'plan', value: 'platinum' }] },
      422,
      'custom_field_invalid',
    )
    await bad(
      { actions: [{ type: 'set_custom_field', key: 'nope', value: 'x' }] },
      422,
      'custom_field_invalid',
    )
    await bad({ trigger: 'ticket.deleted', actions: ok }, 400, 'validation_failed')
    // changed* are fine on ticket.updated; a trigger change re-checks the conditions.
    const updated = await rule(ws.key, {
      name: 'Escalated',
      trigger: 'ticket.updated',
      conditions: { all: [{ field: 'priority', operator: 'changed_to', value: 'urgent' }] },
      actions: ok,
    })
    expectProblem(
      await t.request('PATCH', `/v1/routing-rules/${updated.id}`, {
        key: ws.key,
        body: { trigger: 'ticket.created' },
      }),
      422,
      'invalid_condition',
    )
  })
})

describe('reorderRoutingRules', () => {
  it('sets the order, and refuses lists that omit, repeat or name unknown rules', async () => {
    const { ws } = await world()
    const x = await rule(ws.key, { name: 'X', actions: [{ type: 'add_tags', tags: ['x'] }] })
    const y = await rule(ws.key, { name: 'Y', actions: [{ type: 'add_tags', tags: ['y'] }] })
    const z = await rule(ws.key, { name: 'Z', actions: [{ type: 'add_tags', tags: ['z'] }] })
    const res = await t.request('POST', '/v1/routing-rules/reorder', {
      key: ws.key,
      body: { ids: [z.id, x.id, y.id] },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body.data.map((r: Body) => [r.id, r.position])).toEqual([
      [z.id, 0],
      [x.id, 1],
      [y.id, 2],
    ])
    const omitted = await t.request('POST', '/v1/routing-rules/reorder', {
      key: ws.key,
      body: { ids: [z.id, x.id] },
    })
    expectProblem(omitted, 422, 'invalid_reorder')
    expect(omitted.body.errors).toEqual([
      expect.objectContaining({ code: 'omitted', message: `${y.id} is missing` }),
    ])
    const repeated = await t.request('POST', '/v1/routing-rules/reorder', {
      key: ws.key,
      body: { ids: [z.id, x.id, y.id, x.id] },
    })
    expectProblem(repeated, 422, 'invalid_reorder')
    expect(repeated.body.errors).toEqual([expect.objectContaining({ path: 'body.ids[3]', code: 'repeated' })])
    const unknown = newId('rr')
    const stranger = await t.request('POST', '/v1/routing-rules/reorder', {
      key: ws.key,
      body: { ids: [z.id, x.id, y.id, unknown] },
    })
    expectProblem(stranger, 422, 'invalid_reorder')
    expect(stranger.body.errors[0]).toMatchObject({ path: 'body.ids[3]', code: 'unknown' })
  })
})

describe('routing engine', () => {
  it('applies every action on ticket.created, as the rule, in the activity and the audit log', async () => {
    const w = await world()
    const r = await rule(w.ws.key, {
      name: 'VIP',
      conditions: { all: [{ field: 'requester.email', operator: 'contains', value: 'vip@' }] },
      actions: [
        { type: 'set_team', teamId: w.alpha },
        { type: 'assign_member', memberId: w.a2.memberId },
        { type: 'set_priority', priority: 'high' },
        { type: 'set_custom_field', key: 'plan', value: 'pro' },
        // After the type, since a typed ticket takes only its type's fields.
        { type: 'set_type', typeId: w.typeId },
        { type: 'add_tags', tags: ['vip', 'gold'] },
        { type: 'remove_tags', tags: ['gold'] },
        { type: 'apply_sla_policy', policyId: w.policyId },
        { type: 'add_note', body: 'Routed as VIP' },
        { type: 'webhook_event', name: 'vip_routed' },
      ],
    })
    const ticket = await newTicket(w.ws.key, w.requester.id, { tags: ['gold', 'new'] })
    expect(ticket).toMatchObject({
      teamId: w.alpha,
      assigneeId: w.a2.memberId,
      priority: 'high',
      typeId: w.typeId,
      customFields: { plan: 'pro' },
    })
    expect([...ticket.tags].sort()).toEqual(['new', 'vip'])
    const [sla] = await t.database.db.select().from(ticketSla).where(eq(ticketSla.ticketId, ticket.id))
    expect(sla).toMatchObject({ policyId: w.policyId, pinned: true })
    const notes = await t.database.db
      .select()
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, ticket.id))
    expect(notes).toEqual([
      expect.objectContaining({ kind: 'note', body: 'Routed as VIP', authorType: 'system', authorId: r.id }),
    ])
    const activity = await activityOf(ticket.id)
    const byRule = activity.filter((a) => a.actorId === r.id)
    expect(byRule.every((a) => a.actorType === 'system')).toBe(true)
    expect(byRule.map((a) => a.field)).toEqual(
      expect.arrayContaining([
        'teamId',
        'assigneeId',
        'priority',
        'typeId',
        'tags',
        'customFields.plan',
        'slaPolicyId',
      ]),
    )
    const emitted = await eventsOf(w.ws.workspaceId, ticket.id)
    expect(emitted.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'ticket.created',
        'ticket.updated',
        'ticket.message_created',
        'routing_rule.fired',
        'sla.policy_applied',
      ]),
    )
    // The SLA reaction to the rule's earlier ticket.updated had matched the policy already: now it is pinned.
    expect(emitted.find((e) => e.type === 'sla.policy_applied')?.data).toEqual({
      ticket: { id: ticket.id, number: ticket.number },
      policyId: w.policyId,
      previous: { policyId: w.policyId, pinned: false },
    })
    expect(emitted.find((e) => e.type === 'routing_rule.fired')?.data).toMatchObject({
      routingRule: { id: r.id, name: 'VIP' },
      name: 'vip_routed',
    })
    const audited = await t.database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.workspaceId, w.ws.workspaceId), eq(auditEntries.resourceId, ticket.id)))
    expect(audited.some((a) => a.type === 'ticket.updated' && a.actorId === r.id)).toBe(true)
    expect(audited.some((a) => a.type === 'sla.policy_applied' && a.actorId === r.id)).toBe(true)
  })

  it('runs rules by position, later rules seeing earlier changes; stopProcessing ends the pass; inactive rules do not run', async () => {
    const w = await world()
    await rule(w.ws.key, { name: 'Off', active: false, actions: [{ type: 'add_tags', tags: ['off'] }] })
    await rule(w.ws.key, { name: 'One', actions: [{ type: 'set_priority', priority: 'urgent' }] })
    await rule(w.ws.key, {
      name: 'Two',
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'urgent' }] },
      stopProcessing: true,
      actions: [{ type: 'add_tags', tags: ['two'] }],
    })
    await rule(w.ws.key, { name: 'Three', actions: [{ type: 'add_tags', tags: ['three'] }] })
    const ticket = await newTicket(w.ws.key, w.requester.id)
    expect(ticket.priority).toBe('urgent')
    expect(ticket.tags).toEqual(['two'])
  })

  it('matches changed_to on ticket.updated, and a rule’s own change does not re-trigger routing', async () => {
    const w = await world()
    const escalate = await rule(w.ws.key, {
      name: 'Escalate',
      trigger: 'ticket.updated',
      conditions: { all: [{ field: 'priority', operator: 'changed_to', value: 'urgent' }] },
      actions: [
        { type: 'set_team', teamId: w.beta },
        { type: 'add_tags', tags: ['escalated'] },
      ],
    })
    // Sees the change that triggered the pass and the earlier rule's changes, in the same pass.
    await rule(w.ws.key, {
      name: 'Bounce',
      trigger: 'ticket.updated',
      conditions: { all: [{ field: 'tags', operator: 'changed' }] },
      actions: [{ type: 'set_priority', priority: 'low' }],
    })
    const ticket = await newTicket(w.ws.key, w.requester.id)
    expect(ticket.teamId).toBeNull()
    const calm = await t.request('PATCH', `/v1/tickets/${ticket.id}`, {
      key: w.ws.key,
      body: { subject: 'Calm' },
    })
    expect(calm.body.teamId).toBeNull()
    const urgent = await t.request('PATCH', `/v1/tickets/${ticket.id}`, {
      key: w.ws.key,
      body: { priority: 'urgent' },
    })
    expect(urgent.status, urgent.text).toBe(200)
    expect(urgent.body).toMatchObject({ teamId: w.beta, tags: ['escalated'], priority: 'low' })
    const byRule = (await activityOf(ticket.id)).filter((a) => a.actorId === escalate.id).map((a) => a.field)
    expect(byRule).toEqual(['teamId', 'tags'])
  })

  it('does not re-trigger routing with its own changes, and bounds a pass at 50 actions', async () => {
    const w = await world()
    // Each rule undoes the other: re-triggered by its own ticket.updated, routing would never end.
    const down = await rule(w.ws.key, {
      name: 'Down',
      trigger: 'ticket.updated',
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'urgent' }] },
      actions: [{ type: 'set_priority', priority: 'low' }],
    })
    const up = await rule(w.ws.key, {
      name: 'Up',
      trigger: 'ticket.updated',
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'low' }] },
      actions: [{ type: 'set_priority', priority: 'urgent' }],
    })
    const ticket = await newTicket(w.ws.key, w.requester.id)
    const res = await t.request('PATCH', `/v1/tickets/${ticket.id}`, {
      key: w.ws.key,
      body: { priority: 'urgent' },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body.priority).toBe('urgent')
    const byRules = (await activityOf(ticket.id))
      .filter((a) => a.actorType === 'system')
      .map((a) => a.actorId)
    expect(byRules).toEqual([down.id, up.id])

    // 60 matching rules of one action each: the pass stops after the 50th.
    const rows = Array.from({ length: 60 }, (_, i) => ({
      id: newId('rr'),
      workspaceId: w.ws.workspaceId,
      name: `Tag ${i}`,
      position: 100 + i,
      trigger: 'ticket.created' as const,
      conditions: { all: [] },
      actions: [{ type: 'add_tags', tags: [`t${i}`] }],
    }))
    await t.database.db.insert(routingRules).values(rows)
    const tagged = await newTicket(w.ws.key, w.requester.id)
    expect(tagged.tags).toHaveLength(50)
    expect(tagged.tags).toContain('t49')
    expect(tagged.tags).not.toContain('t50')
  })

  it('assigns round robin among available active team members, and by least open tickets', async () => {
    const w = await world()
    await t.database.db.update(members).set({ availability: 'away' }).where(eq(members.id, w.a2.memberId))
    const rr = await rule(w.ws.key, {
      name: 'RR',
      actions: [{ type: 'assign_round_robin', teamId: w.alpha }],
    })
    const assigned = []
    for (let i = 0; i < 4; i++) assigned.push((await newTicket(w.ws.key, w.requester.id)).assigneeId)
    const pool = [w.a1.memberId, w.a3.memberId].sort()
    expect(assigned).toEqual([pool[0], pool[1], pool[0], pool[1]])
    const [rotation] = await t.database.db
      .select()
      .from(routingRotations)
      .where(eq(routingRotations.teamId, w.alpha))
    expect(rotation?.lastMemberId).toBe(pool[1])

    await t.request('DELETE', `/v1/routing-rules/${rr.id}`, { key: w.ws.key })
    await t.database.db
      .update(members)
      .set({ availability: 'available' })
      .where(eq(members.id, w.a2.memberId))
    await rule(w.ws.key, { name: 'Least', actions: [{ type: 'assign_least_open', teamId: w.alpha }] })
    // a1 and a3 hold two open tickets each; a2 none.
    expect((await newTicket(w.ws.key, w.requester.id)).assigneeId).toBe(w.a2.memberId)
  })

  it('evaluates businessHours within/outside with the schedule at the moment of the event', async () => {
    const w = await world()
    // A schedule with no opening at all: never within, always outside.
    const [closed] = await t.database.db
      .insert(businessHours)
      .values({ id: newId('bh'), workspaceId: w.ws.workspaceId, name: 'Never', timeZone: 'Europe/Berlin' })
      .returning()
    await rule(w.ws.key, {
      name: 'Open',
      conditions: { all: [{ field: 'businessHours', operator: 'within', value: closed!.id }] },
      actions: [{ type: 'add_tags', tags: ['open'] }],
    })
    await rule(w.ws.key, {
      name: 'After hours',
      conditions: { all: [{ field: 'businessHours', operator: 'outside', value: closed!.id }] },
      actions: [{ type: 'add_tags', tags: ['after_hours'] }],
    })
    const ticket = await newTicket(w.ws.key, w.requester.id)
    expect(ticket.tags).toEqual(['after_hours'])
  })

  it('skips an action whose reference vanished, routing the rest', async () => {
    const w = await world()
    await rule(w.ws.key, {
      name: 'Gone',
      actions: [
        { type: 'assign_member', memberId: w.b1.memberId },
        { type: 'add_tags', tags: ['routed'] },
      ],
    })
    await t.database.db
      .update(members)
      .set({ status: 'deactivated' } as never)
      .where(eq(members.id, w.b1.memberId))
    const ticket = await newTicket(w.ws.key, w.requester.id)
    expect(ticket).toMatchObject({ assigneeId: null, tags: ['routed'] })
  })
})

describe('routing rules cache', () => {
  it('sees its own creates, updates, reorders and deletes at the next ticket', async () => {
    const w = await world()
    const key = w.ws.key
    const first = await rule(key, {
      name: 'High',
      stopProcessing: true,
      actions: [{ type: 'set_priority', priority: 'high' }],
    })
    expect((await newTicket(key, w.requester.id)).priority).toBe('high')
    // Warm: the next ticket reads the fingerprint, not the rules, policies or custom fields again.
    const warm = await recordStatements(() => newTicket(key, w.requester.id))
    expect(warm.result.priority).toBe('high')
    const reread = warm.statements.filter((q) =>
      /from "(routing_rules|sla_policies|custom_fields|business_hours)"/.test(q),
    )
    expect(reread, reread.join('\n')).toEqual([])
    const patched = await t.request('PATCH', `/v1/routing-rules/${first.id}`, {
      key,
      body: { actions: [{ type: 'set_priority', priority: 'urgent' }] },
    })
    expect(patched.status, patched.text).toBe(200)
    expect((await newTicket(key, w.requester.id)).priority).toBe('urgent')
    const second = await rule(key, {
      name: 'Low',
      stopProcessing: true,
      actions: [{ type: 'set_priority', priority: 'low' }],
    })
    expect((await newTicket(key, w.requester.id)).priority).toBe('urgent')
    const reordered = await t.request('POST', '/v1/routing-rules/reorder', {
      key,
      body: { ids: [second.id, first.id] },
    })
    expect(reordered.status, reordered.text).toBe(200)
    expect((await newTicket(key, w.requester.id)).priority).toBe('low')
    const deleted = await t.request('DELETE', `/v1/routing-rules/${second.id}`, { key })
    expect(deleted.status, deleted.text).toBe(204)
    expect((await newTicket(key, w.requester.id)).priority).toBe('urgent')
  })

  it('sees a change another instance committed (no local invalidation) at the next ticket', async () => {
    const w = await world()
    const key = w.ws.key
    const r = await rule(key, { name: 'Tag', actions: [{ type: 'add_tags', tags: ['one'] }] })
    expect((await newTicket(key, w.requester.id)).tags).toEqual(['one'])
    // Written straight to the database, as another instance's update would be: version bumped, no forget().
    const db = t.database.db
    await db
      .update(routingRules)
      .set({ actions: [{ type: 'add_tags', tags: ['two'] }], version: sql`${routingRules.version} + 1` })
      .where(eq(routingRules.id, r.id as never))
    expect((await newTicket(key, w.requester.id)).tags).toEqual(['two'])
    // A rule another instance added (positions shift too), then one it deleted.
    const id = newId('rr')
    await db.insert(routingRules).values({
      id,
      workspaceId: w.ws.workspaceId,
      name: 'Other',
      position: 1,
      trigger: 'ticket.created',
      conditions: { all: [] },
      actions: [{ type: 'set_priority', priority: 'high' }],
    } as never)
    const both = await newTicket(key, w.requester.id)
    expect([both.tags, both.priority]).toEqual([['two'], 'high'])
    await db.delete(routingRules).where(eq(routingRules.id, r.id as never))
    const last = await newTicket(key, w.requester.id)
    expect([last.tags, last.priority]).toEqual([[], 'high'])
  })
})

describe('testRoutingRules', () => {
  it('answers the matching rules and their changes for a hypothetical or existing ticket, writing nothing', async () => {
    const w = await world()
    const first = await rule(w.ws.key, {
      name: 'Urgent',
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'urgent' }] },
      actions: [
        { type: 'assign_round_robin', teamId: w.alpha },
        { type: 'add_note', body: 'Hot' },
      ],
    })
    await rule(w.ws.key, {
      name: 'Tag urgent',
      conditions: { all: [{ field: 'teamId', operator: 'is', value: w.alpha }] },
      actions: [{ type: 'add_tags', tags: ['alpha'] }],
    })
    const existing = await newTicket(w.ws.key, w.requester.id, { priority: 'low' })
    const countBefore = await t.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.workspaceId, w.ws.workspaceId))
      .orderBy(tickets.id)
    const eventsBefore = await t.database.db
      .select()
      .from(events)
      .where(eq(events.workspaceId, w.ws.workspaceId))

    const res = await t.request('POST', '/v1/routing-rules/test', {
      key: w.ws.key,
      body: { ticket: { priority: 'urgent', requesterId: w.requester.id } },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body.trigger).toBe('ticket.created')
    expect(res.body.matched.map((m: Body) => m.name)).toEqual(['Urgent', 'Tag urgent'])
    expect(res.body.changes.map((c: Body) => [c.ruleId, c.field])).toEqual([
      [first.id, 'teamId'],
      [first.id, 'assigneeId'],
      [first.id, 'note'],
      [res.body.matched[1].ruleId, 'tags'],
    ])
    expect(res.body.ticket).toMatchObject({ teamId: w.alpha, tags: ['alpha'] })

    const onExisting = await t.request('POST', '/v1/routing-rules/test', {
      key: w.ws.key,
      body: { ticketId: existing.id },
    })
    expect(onExisting.status, onExisting.text).toBe(200)
    expect(onExisting.body.matched).toEqual([])

    const after = await t.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.workspaceId, w.ws.workspaceId))
      .orderBy(tickets.id)
    expect(after).toEqual(countBefore)
    expect(
      await t.database.db.select().from(events).where(eq(events.workspaceId, w.ws.workspaceId)),
    ).toHaveLength(eventsBefore.length)
    expect(
      await t.database.db.select().from(routingRotations).where(eq(routingRotations.teamId, w.alpha)),
    ).toEqual([])
    expect(
      await t.database.db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, existing.id)),
    ).toEqual([])

    expectProblem(
      await t.request('POST', '/v1/routing-rules/test', { key: w.ws.key, body: {} }),
      400,
      'validation_failed',
    )
    expectProblem(
      await t.request('POST', '/v1/routing-rules/test', { key: w.ws.key, body: { ticketId: newId('tkt') } }),
      404,
      'not_found',
    )
  })

  it('evaluates changed_* with previous on ticket.updated', async () => {
    const w = await world()
    await rule(w.ws.key, {
      name: 'Escalate',
      trigger: 'ticket.updated',
      conditions: { all: [{ field: 'priority', operator: 'changed_from', value: 'low' }] },
      actions: [{ type: 'set_team', teamId: w.beta }],
    })
    const hit = await t.request('POST', '/v1/routing-rules/test', {
      key: w.ws.key,
      body: { trigger: 'ticket.updated', ticket: { priority: 'high' }, previous: { priority: 'low' } },
    })
    expect(hit.body.matched).toHaveLength(1)
    const miss = await t.request('POST', '/v1/routing-rules/test', {
      key: w.ws.key,
      body: { trigger: 'ticket.updated', ticket: { priority: 'high' } },
    })
    expect(miss.body.matched).toEqual([])
  })
})

describe('routing rule security', () => {
  it('needs routing.manage, the routing scope, a staff credential, and hides other workspaces’ rules', async () => {
    const w = await world()
    const r = await rule(w.ws.key, { name: 'Mine', actions: [{ type: 'add_tags', tags: ['x'] }] })
    expectProblem(await t.request('GET', '/v1/routing-rules'), 401, 'unauthorized')
    expectProblem(
      await t.request('POST', '/v1/routing-rules/test', { body: { ticket: {} } }),
      401,
      'unauthorized',
    )
    // An agent has no routing.manage; a supervisor does.
    expectProblem(await t.request('GET', '/v1/routing-rules', { key: w.a1.key }), 403, 'forbidden')
    expectProblem(
      await createRule(w.a1.key, {
        name: 'x',
        trigger: 'ticket.created',
        actions: [{ type: 'add_tags', tags: ['x'] }],
      }),
      403,
      'forbidden',
    )
    expectProblem(
      await t.request('POST', '/v1/routing-rules/test', { key: w.a1.key, body: { ticket: {} } }),
      403,
      'forbidden',
    )
    const sup = await t.request('GET', '/v1/routing-rules', { key: w.supervisor.key })
    expect(sup.status).toBe(200)
    expect(sup.body.data).toHaveLength(1)
    // Scopes: routing:read reads, routing:write writes, tickets:write is not enough.
    const reader = await t.newMember(w.ws.workspaceId, {
      roles: [{ role: 'supervisor' }],
      scopes: ['routing:read'],
    })
    expect((await t.request('GET', `/v1/routing-rules/${r.id}`, { key: reader.key })).status).toBe(200)
    expectProblem(
      await t.request('PATCH', `/v1/routing-rules/${r.id}`, { key: reader.key, body: { name: 'x' } }),
      403,
      'forbidden',
    )
    const ticketsOnly = await t.newMember(w.ws.workspaceId, {
      roles: [{ role: 'supervisor' }],
      scopes: ['tickets:write'],
    })
    expectProblem(await t.request('GET', '/v1/routing-rules', { key: ticketsOnly.key }), 403, 'forbidden')
    // Contacts and publishable keys.
    const contact = await newContactSession(t, w.ws.workspaceId)
    expectProblem(await t.request('GET', '/v1/routing-rules', { key: contact.key }), 403, 'forbidden')
    expectProblem(await t.request('GET', `/v1/routing-rules/${r.id}`, { key: contact.key }), 404, 'not_found')
    const profile = await t.request('POST', '/v1/widget-profiles', {
      key: w.ws.key,
      body: { name: 'Site', allowedOrigins: ['https://app.example.com'] },
    })
    expect(profile.status, profile.text).toBe(201)
    const visitor = {
      authorization: `Bearer ${profile.body.publishableKey}`,
      origin: 'https://app.example.com',
    }
    expectProblem(await t.request('GET', '/v1/routing-rules', { headers: visitor }), 403, 'forbidden')
    // Another workspace sees none of them, and may not test against this workspace's ticket.
    const other = await t.newWorkspace()
    expectProblem(await t.request('GET', `/v1/routing-rules/${r.id}`, { key: other.key }), 404, 'not_found')
    expectProblem(
      await t.request('DELETE', `/v1/routing-rules/${r.id}`, { key: other.key }),
      404,
      'not_found',
    )
    expect((await t.request('GET', '/v1/routing-rules', { key: other.key })).body.data).toEqual([])
    const ticket = await newTicket(w.ws.key, w.requester.id)
    expectProblem(
      await t.request('POST', '/v1/routing-rules/test', { key: other.key, body: { ticketId: ticket.id } }),
      404,
      'not_found',
    )
    expect(
      await t.database.db.select().from(routingRules).where(eq(routingRules.workspaceId, other.workspaceId)),
    ).toEqual([])
  })
})
