import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { events } from '../../src/db/schema'
import { customFields } from '../../src/db/schema/ticket-setup'
import { newId, type TeamId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContactSession, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const urgent = { all: [{ field: 'priority', operator: 'in', value: ['high', 'urgent'] }] }

const createView = (key: string, body: Record<string, unknown>) =>
  t.request('POST', '/v1/views', { key, body })

const eventsOf = (workspaceId: WorkspaceId, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
    .orderBy(asc(events.occurredAt), asc(events.id))

const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((x) => x.id)

/** A workspace with teams A and B, an agent in each, and a supervisor. */
async function world() {
  const ws = await t.newWorkspace()
  const a = (await t.newTeam(ws.workspaceId, 'Alpha')).id as TeamId
  const b = (await t.newTeam(ws.workspaceId, 'Beta')).id as TeamId
  const agentA = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [a] })
  const agentA2 = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [a] })
  const agentB = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [b] })
  const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
  return { ws, a, b, agentA, agentA2, agentB, supervisor }
}

describe('createView', () => {
  it('answers 201 with a personal view by default, an ETag and its URL, and emits view.created', async () => {
    const { ws, agentA } = await world()
    const res = await createView(agentA.key, {
      name: '  Urgent ',
      conditions: urgent,
      columns: ['number', 'subject', 'customFields.plan'],
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      name: 'Urgent',
      description: null,
      sharing: 'personal',
      ownerId: agentA.memberId,
      teamId: null,
      conditions: urgent,
      sort: '-updatedAt',
      columns: ['number', 'subject', 'customFields.plan'],
      position: 0,
    })
    expect(res.body.id).toMatch(/^view_/)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/views/${res.body.id}`)
    const emitted = await eventsOf(ws.workspaceId, res.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['view.created'])
    expect(emitted[0]?.data).toMatchObject({ view: { id: res.body.id, name: 'Urgent' } })
  })

  it('matches everything without conditions', async () => {
    const { agentA } = await world()
    const res = await createView(agentA.key, { name: 'All' })
    expect(res.status).toBe(201)
    expect(res.body.conditions).toEqual({ all: [] })
  })

  it('shares with a team or the workspace with views.manage', async () => {
    const { ws, a, supervisor } = await world()
    const team = await createView(supervisor.key, { name: 'Alpha queue', sharing: 'team', teamId: a })
    expect(team.status, team.text).toBe(201)
    expect(team.body).toMatchObject({ sharing: 'team', teamId: a })
    const everyone = await createView(ws.key, { name: 'Everything', sharing: 'workspace', position: 3 })
    expect(everyone.status).toBe(201)
    expect(everyone.body).toMatchObject({ sharing: 'workspace', teamId: null, position: 3 })
  })

  it('lets views.manage within a team share with that team only', async () => {
    const { ws, a, b } = await world()
    const lead = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'agent' }, { role: 'supervisor', teamId: a }],
      teamIds: [a],
    })
    expect((await createView(lead.key, { name: 'Alpha', sharing: 'team', teamId: a })).status).toBe(201)
    expectProblem(await createView(lead.key, { name: 'Beta', sharing: 'team', teamId: b }), 403, 'forbidden')
    expectProblem(await createView(lead.key, { name: 'All', sharing: 'workspace' }), 403, 'forbidden')
  })

  it('validates the conditions, naming each bad path (422 invalid_condition)', async () => {
    const { agentA } = await world()
    const res = await createView(agentA.key, {
      name: 'Bad',
      conditions: {
        all: [
          { field: 'priority', operator: 'eq', value: 'high' },
          { field: 'colour', operator: 'eq', value: 'red' },
          { any: [{ field: 'tags', operator: 'gt', value: 'x' }] },
          { field: 'priority', operator: 'eq', value: 'critical' },
          { field: 'assigneeId', operator: 'eq', value: newId('team') },
        ],
      },
    })
    expectProblem(res, 422, 'invalid_condition')
    expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['body.conditions.all[1].field', 'unknown_field'],
      ['body.conditions.all[2].any[0].operator', 'invalid_operator'],
      ['body.conditions.all[3].value', 'invalid_value'],
      ['body.conditions.all[4].value', 'invalid_value'],
    ])
  })

  it('types customFields.<key> by the workspace definitions', async () => {
    const { ws, agentA } = await world()
    await t.database.db.insert(customFields).values({
      id: newId('cf'),
      workspaceId: ws.workspaceId,
      key: 'plan',
      label: 'Plan',
      type: 'select',
      options: ['free', 'pro'],
      position: 0,
    })
    const ok = await createView(agentA.key, {
      name: 'Pro',
      conditions: { all: [{ field: 'customFields.plan', operator: 'eq', value: 'pro' }] },
    })
    expect(ok.status).toBe(201)
    const bad = await createView(agentA.key, {
      name: 'Gold',
      conditions: { all: [{ field: 'customFields.plan', operator: 'eq', value: 'gold' }] },
    })
    expectProblem(bad, 422, 'invalid_condition')
    expect(bad.body.errors[0].path).toBe('body.conditions.all[0].value')
    // A key without a definition compares as untyped JSON.
    const free = await createView(agentA.key, {
      name: 'Seats',
      conditions: { all: [{ field: 'customFields.seats', operator: 'gt', value: 5 }] },
    })
    expect(free.status).toBe(201)
  })

  it('answers 400 for malformed conditions, bad team sharing, a blank name or a bad sort', async () => {
    const { a, supervisor } = await world()
    expectProblem(
      await createView(supervisor.key, { name: 'X', conditions: { all: [{ field: 'priority' }] } }),
      400,
      'validation_failed',
    )
    expectProblem(
      await createView(supervisor.key, { name: 'X', conditions: { none: [] } }),
      400,
      'validation_failed',
    )
    const noTeam = await createView(supervisor.key, { name: 'X', sharing: 'team' })
    expectProblem(noTeam, 400, 'validation_failed')
    expect(noTeam.body.errors[0].path).toBe('body.teamId')
    expectProblem(
      await createView(supervisor.key, { name: 'X', sharing: 'workspace', teamId: a }),
      400,
      'validation_failed',
    )
    expectProblem(await createView(supervisor.key, { name: '   ' }), 400, 'validation_failed')
    expectProblem(await createView(supervisor.key, { name: 'X', sort: 'subject' }), 400, 'validation_failed')
    let deep: Record<string, unknown> = { all: [{ field: 'priority', operator: 'eq', value: 'high' }] }
    for (let i = 0; i < 5; i++) deep = { any: [deep] }
    expectProblem(
      await createView(supervisor.key, { name: 'Deep', conditions: deep }),
      400,
      'validation_failed',
    )
  })

  it('answers 422 for more than 50 rules', async () => {
    const { agentA } = await world()
    const rule = { field: 'priority', operator: 'eq', value: 'high' }
    const res = await createView(agentA.key, {
      name: 'Many',
      conditions: { all: Array(30).fill(rule), any: Array(21).fill(rule) },
    })
    expectProblem(res, 422, 'invalid_condition')
    expect(res.body.errors[0]).toMatchObject({ path: 'body.conditions', code: 'too_many_rules' })
  })

  it('answers 404 for a team of another workspace', async () => {
    const { supervisor } = await world()
    const other = await t.newWorkspace()
    const foreign = await t.newTeam(other.workspaceId)
    const res = await createView(supervisor.key, { name: 'X', sharing: 'team', teamId: foreign.id })
    expectProblem(res, 404, 'not_found')
    expect(res.body.errors[0].path).toBe('body.teamId')
  })

  it('refuses shared views to agents and every view to those who read no tickets (403)', async () => {
    const { ws, a, agentA } = await world()
    const shared = await createView(agentA.key, { name: 'X', sharing: 'workspace' })
    expectProblem(shared, 403, 'forbidden')
    expect(shared.body.missingPermission).toBe('views.manage')
    expectProblem(await createView(agentA.key, { name: 'X', sharing: 'team', teamId: a }), 403, 'forbidden')
    const nobody = await t.newMember(ws.workspaceId, { roles: [] })
    expectProblem(await createView(nobody.key, { name: 'Mine' }), 403, 'forbidden')
  })
})

describe('listViews', () => {
  it('lists own personal, own teams’ and workspace views, by position', async () => {
    const { ws, a, b, agentA, agentA2, agentB, supervisor } = await world()
    const mine = (await createView(agentA.key, { name: 'Mine', position: 2 })).body.id
    const theirs = (await createView(agentA2.key, { name: 'Theirs' })).body.id
    const alpha = (
      await createView(supervisor.key, { name: 'Alpha', sharing: 'team', teamId: a, position: 1 })
    ).body.id
    const beta = (await createView(supervisor.key, { name: 'Beta', sharing: 'team', teamId: b })).body.id
    const all = (await createView(ws.key, { name: 'All', sharing: 'workspace', position: -1 })).body.id

    const res = await t.request('GET', '/v1/views', { key: agentA.key })
    expect(res.status).toBe(200)
    expect(ids(res)).toEqual([all, alpha, mine])
    expect(ids(await t.request('GET', '/v1/views', { key: agentB.key }))).toEqual([all, beta])
    // A supervisor (views.manage) sees every shared view, never another member's personal one.
    const sup = ids(await t.request('GET', '/v1/views?sort=name', { key: supervisor.key }))
    expect(sup).toEqual([all, alpha, beta])
    expect(sup).not.toContain(theirs)
    expect(ids(await t.request('GET', '/v1/views?sharing=team', { key: supervisor.key }))).toEqual([
      beta,
      alpha,
    ])
    expect(ids(await t.request('GET', `/v1/views?teamId=${a}`, { key: supervisor.key }))).toEqual([alpha])
  })

  it('pages with a cursor', async () => {
    const { agentA } = await world()
    for (let i = 0; i < 3; i++) await createView(agentA.key, { name: `V${i}`, position: i })
    const first = await t.request('GET', '/v1/views?limit=2', { key: agentA.key })
    expect(first.body.data).toHaveLength(2)
    const second = await t.request('GET', `/v1/views?limit=2&cursor=${first.body.nextCursor}`, {
      key: agentA.key,
    })
    expect(second.body.data.map((v: { name: string }) => v.name)).toEqual(['V2'])
    expect(second.body.nextCursor).toBeNull()
    expectProblem(await t.request('GET', '/v1/views?cursor=nope', { key: agentA.key }), 400, 'invalid_cursor')
  })
})

describe('getView', () => {
  it('answers the view with an ETag and 304 for If-None-Match', async () => {
    const { agentA } = await world()
    const id = (await createView(agentA.key, { name: 'Mine', conditions: urgent })).body.id
    const res = await t.request('GET', `/v1/views/${id}`, { key: agentA.key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id, name: 'Mine', conditions: urgent })
    const again = await t.request('GET', `/v1/views/${id}`, {
      key: agentA.key,
      headers: { 'if-none-match': res.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
  })

  it('answers 404 for another member’s personal view, another team’s view, another workspace’s or none', async () => {
    const { a, agentA, agentA2, agentB, supervisor } = await world()
    const personal = (await createView(agentA.key, { name: 'Mine' })).body.id
    const alpha = (await createView(supervisor.key, { name: 'Alpha', sharing: 'team', teamId: a })).body.id
    expectProblem(await t.request('GET', `/v1/views/${personal}`, { key: agentA2.key }), 404, 'not_found')
    expectProblem(await t.request('GET', `/v1/views/${personal}`, { key: supervisor.key }), 404, 'not_found')
    expectProblem(await t.request('GET', `/v1/views/${alpha}`, { key: agentB.key }), 404, 'not_found')
    expect((await t.request('GET', `/v1/views/${alpha}`, { key: agentA2.key })).status).toBe(200)
    const other = await t.newWorkspace()
    expectProblem(await t.request('GET', `/v1/views/${alpha}`, { key: other.key }), 404, 'not_found')
    expectProblem(await t.request('GET', `/v1/views/${newId('view')}`, { key: agentA.key }), 404, 'not_found')
    expectProblem(await t.request('GET', '/v1/views/tkt_x', { key: agentA.key }), 400, 'validation_failed')
  })
})

describe('updateView', () => {
  it('changes fields, bumps the ETag and emits view.updated with previous values', async () => {
    const { ws, agentA } = await world()
    const created = await createView(agentA.key, { name: 'Mine', conditions: urgent })
    const id = created.body.id
    const res = await t.request('PATCH', `/v1/views/${id}`, {
      key: agentA.key,
      headers: { 'if-match': created.headers.get('etag')! },
      body: { name: 'Renamed', sort: 'priority', conditions: { all: [] }, columns: ['subject'] },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({
      name: 'Renamed',
      sort: 'priority',
      conditions: { all: [] },
      columns: ['subject'],
    })
    expect(res.headers.get('etag')).toBe('"2"')
    const emitted = await eventsOf(ws.workspaceId, id)
    expect(emitted.map((e) => e.type)).toEqual(['view.created', 'view.updated'])
    expect(emitted[1]?.data).toMatchObject({
      previous: { name: 'Mine', sort: '-updatedAt', conditions: urgent },
    })
    // Nothing changed: same version, no event.
    const same = await t.request('PATCH', `/v1/views/${id}`, { key: agentA.key, body: { name: 'Renamed' } })
    expect(same.headers.get('etag')).toBe('"2"')
    expect(await eventsOf(ws.workspaceId, id)).toHaveLength(2)
  })

  it('answers 412 for a stale If-Match and 422 for bad conditions', async () => {
    const { agentA } = await world()
    const id = (await createView(agentA.key, { name: 'Mine' })).body.id
    expectProblem(
      await t.request('PATCH', `/v1/views/${id}`, {
        key: agentA.key,
        headers: { 'if-match': '"7"' },
        body: { name: 'X' },
      }),
      412,
      'precondition_failed',
    )
    const bad = await t.request('PATCH', `/v1/views/${id}`, {
      key: agentA.key,
      body: { conditions: { any: [{ field: 'nope', operator: 'eq', value: 1 }] } },
    })
    expectProblem(bad, 422, 'invalid_condition')
    expect(bad.body.errors[0].path).toBe('body.conditions.any[0].field')
    expectProblem(
      await t.request('PATCH', `/v1/views/${id}`, { key: agentA.key, body: {} }),
      400,
      'validation_failed',
    )
  })

  it('needs views.manage to share a personal view, and for shared views', async () => {
    const { ws, a, agentA, agentA2, supervisor } = await world()
    const mine = (await createView(agentA.key, { name: 'Mine' })).body.id
    expectProblem(
      await t.request('PATCH', `/v1/views/${mine}`, { key: agentA.key, body: { sharing: 'workspace' } }),
      403,
      'forbidden',
    )
    const alpha = (await createView(supervisor.key, { name: 'Alpha', sharing: 'team', teamId: a })).body.id
    // A team member sees the team view but may not change it.
    expectProblem(
      await t.request('PATCH', `/v1/views/${alpha}`, { key: agentA2.key, body: { name: 'X' } }),
      403,
      'forbidden',
    )
    expectProblem(await t.request('DELETE', `/v1/views/${alpha}`, { key: agentA2.key }), 403, 'forbidden')
    const moved = await t.request('PATCH', `/v1/views/${alpha}`, {
      key: supervisor.key,
      body: { sharing: 'workspace' },
    })
    expect(moved.status, moved.text).toBe(200)
    expect(moved.body).toMatchObject({ sharing: 'workspace', teamId: null })
    const noTeam = await t.request('PATCH', `/v1/views/${alpha}`, { key: ws.key, body: { sharing: 'team' } })
    expectProblem(noTeam, 400, 'validation_failed')
  })
})

describe('deleteView', () => {
  it('deletes a view with If-Match and emits view.deleted', async () => {
    const { ws, agentA } = await world()
    const created = await createView(agentA.key, { name: 'Mine' })
    const id = created.body.id
    expectProblem(
      await t.request('DELETE', `/v1/views/${id}`, { key: agentA.key, headers: { 'if-match': '"9"' } }),
      412,
      'precondition_failed',
    )
    const res = await t.request('DELETE', `/v1/views/${id}`, {
      key: agentA.key,
      headers: { 'if-match': created.headers.get('etag')! },
    })
    expect(res.status).toBe(204)
    expect((await eventsOf(ws.workspaceId, id)).map((e) => e.type)).toEqual(['view.created', 'view.deleted'])
    expectProblem(await t.request('GET', `/v1/views/${id}`, { key: agentA.key }), 404, 'not_found')
  })

  it('answers 404 for another member’s personal view', async () => {
    const { agentA, agentA2 } = await world()
    const id = (await createView(agentA.key, { name: 'Mine' })).body.id
    expectProblem(await t.request('DELETE', `/v1/views/${id}`, { key: agentA2.key }), 404, 'not_found')
  })
})

describe('views: security', () => {
  it('answers 401 without a credential', async () => {
    expectProblem(await t.request('GET', '/v1/views'), 401, 'unauthorized')
    expectProblem(await t.request('POST', '/v1/views', { body: { name: 'X' } }), 401, 'unauthorized')
  })

  it('refuses contacts and publishable keys', async () => {
    const ws = await t.newWorkspace()
    const contact = await newContactSession(t, ws.workspaceId)
    expectProblem(await t.request('GET', '/v1/views', { key: contact.key }), 403, 'forbidden')
    expectProblem(await createView(contact.key, { name: 'X' }), 403, 'forbidden')
    const profile = await t.request('POST', '/v1/widget-profiles', {
      key: ws.key,
      body: { name: 'Site', allowedOrigins: ['https://app.example.com'] },
    })
    expect(profile.status, profile.text).toBe(201)
    const visitor = await t.request('GET', '/v1/views', {
      key: profile.body.publishableKey,
      headers: { origin: 'https://app.example.com' },
    })
    expect([401, 403]).toContain(visitor.status)
  })

  it('needs tickets:read to read and tickets:write to write with an API key', async () => {
    const ws = await t.newWorkspace()
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['tickets:read'] })
    const other = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['contacts:read'] })
    expect((await t.request('GET', '/v1/views', { key: reader.key })).status).toBe(200)
    const refused = await createView(reader.key, { name: 'X' })
    expectProblem(refused, 403, 'forbidden')
    expect(refused.body.missingScope).toBe('tickets:write')
    expectProblem(await t.request('GET', '/v1/views', { key: other.key }), 403, 'forbidden')
  })
})
