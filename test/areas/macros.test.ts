import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { contacts, members } from '../../src/db/schema'
import { ticketStatuses } from '../../src/db/schema/ticket-setup'
import { ticketMessages } from '../../src/db/schema/tickets'
import { newId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContactSession, type TestApp } from '../harness'
import { eventTypes, newTicket, statusesOf, ticketRow } from './ticket-actions-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const create = (key: string, body: Record<string, unknown>) => t.request('POST', '/v1/macros', { key, body })
const paths = (res: { body: { errors?: Array<{ path: string }> } }) =>
  (res.body.errors ?? []).map((e) => e.path)

async function newStatus(workspaceId: WorkspaceId, category: 'open' | 'solved' = 'solved') {
  const [row] = await t.database.db
    .insert(ticketStatuses)
    .values({
      id: newId('tst'),
      workspaceId,
      name: `Status ${Math.random().toString(36).slice(2, 8)}`,
      category,
      position: 0,
    })
    .returning()
  return row!
}

describe('createMacro', () => {
  it('answers 201 with a personal macro owned by the caller, an ETag and its URL, and emits macro.created', async () => {
    const ws = await t.newWorkspace()
    const status = await newStatus(ws.workspaceId)
    const res = await create(ws.key, {
      name: ' Refund approved ',
      actions: [
        { type: 'set_status', statusId: status.id },
        { type: 'add_tags', tags: ['refund'] },
        { type: 'reply', body: 'Hi {{requester.name}}, ticket #{{ ticket.number }} is refunded.' },
        { type: 'snooze', minutes: 60 },
      ],
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^mac_/),
      name: 'Refund approved',
      description: null,
      sharing: 'personal',
      ownerId: ws.memberId,
      teamId: null,
      active: true,
      position: 0,
    })
    expect(res.body.actions).toHaveLength(4)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/macros/${res.body.id}`)
    expect(await eventTypes(t, ws.workspaceId, res.body.id)).toEqual(['macro.created'])
  })

  it('shares with a team that exists, and needs teamId for team sharing (400) and none otherwise', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const ok = await create(ws.key, {
      name: 'Team',
      sharing: 'team',
      teamId: team.id,
      actions: [{ type: 'take' }],
    })
    expect(ok.status, ok.text).toBe(201)
    expect(ok.body).toMatchObject({ sharing: 'team', teamId: team.id })
    const missing = await create(ws.key, { name: 'x', sharing: 'team', actions: [{ type: 'take' }] })
    expectProblem(missing, 400, 'validation_failed')
    expect(paths(missing)).toEqual(['body.teamId'])
    const extra = await create(ws.key, {
      name: 'x',
      sharing: 'workspace',
      teamId: team.id,
      actions: [{ type: 'take' }],
    })
    expectProblem(extra, 400, 'validation_failed')
    const unknownTeam = await create(ws.key, {
      name: 'x',
      sharing: 'team',
      teamId: newId('team'),
      actions: [{ type: 'take' }],
    })
    expectProblem(unknownTeam, 404, 'not_found')
    expect(paths(unknownTeam)).toEqual(['body.teamId'])
  })

  it('refuses unknown action types, bad or unknown parameters and unknown variables with 422 naming actions[i]', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, {
      name: 'Bad',
      actions: [
        { type: 'take' },
        { type: 'explode' },
        { type: 'set_priority', priority: 'meh' },
        { type: 'add_tags' },
        { type: 'take', extra: 1 },
        { type: 'reply', body: 'Hello {{requester.password}}' },
        { type: 'snooze', minutes: 5, until: '2030-01-01T00:00:00Z' },
        { type: 'assign' },
      ],
    })
    expectProblem(res, 422, 'macro_action_invalid')
    expect(paths(res)).toEqual([
      'body.actions.1.type',
      'body.actions.2.priority',
      'body.actions.3.tags',
      'body.actions.4.extra',
      'body.actions.5.body',
      'body.actions.6',
      'body.actions.7',
    ])
  })

  it('refuses a status, member or team that does not exist (or is archived or deactivated) with 422', async () => {
    const ws = await t.newWorkspace()
    const archived = await newStatus(ws.workspaceId)
    await t.database.db
      .update(ticketStatuses)
      .set({ archivedAt: new Date() })
      .where(eq(ticketStatuses.id, archived.id))
    const gone = await t.newMember(ws.workspaceId)
    await t.database.db.update(members).set({ status: 'deactivated' }).where(eq(members.id, gone.memberId))
    const res = await create(ws.key, {
      name: 'Stale',
      actions: [
        { type: 'set_status', statusId: newId('tst') },
        { type: 'set_status', statusId: archived.id },
        { type: 'assign', assigneeId: gone.memberId, teamId: newId('team') },
        { type: 'assign', assigneeId: ws.memberId },
      ],
    })
    expectProblem(res, 422, 'macro_action_invalid')
    expect(paths(res)).toEqual([
      'body.actions.0.statusId',
      'body.actions.1.statusId',
      'body.actions.2.assigneeId',
      'body.actions.2.teamId',
    ])
  })

  it('refuses a malformed body (400), an empty action list and a status of another workspace', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const foreign = await newStatus(other.workspaceId)
    expectProblem(await create(ws.key, { name: 'x', actions: [] }), 400, 'validation_failed')
    expectProblem(await create(ws.key, { actions: [{ type: 'take' }] }), 400, 'validation_failed')
    const res = await create(ws.key, { name: 'x', actions: [{ type: 'set_status', statusId: foreign.id }] })
    expectProblem(res, 422, 'macro_action_invalid')
  })
})

describe('listMacros', () => {
  it('lists what the caller may see: the workspace’s, its teams’ and its own, filtered and paged', async () => {
    const ws = await t.newWorkspace()
    const teamA = await t.newTeam(ws.workspaceId)
    const teamB = await t.newTeam(ws.workspaceId)
    const agent = await t.newMember(ws.workspaceId, { teamIds: [teamA.id] })
    const make = async (body: Record<string, unknown>) => {
      const res = await create(ws.key, { actions: [{ type: 'take' }], ...body })
      expect(res.status, res.text).toBe(201)
      return res.body.id as string
    }
    const shared = await make({ name: 'Workspace one', sharing: 'workspace', position: 2 })
    const forA = await make({ name: 'Team A', sharing: 'team', teamId: teamA.id, position: 1 })
    const forB = await make({ name: 'Team B', sharing: 'team', teamId: teamB.id })
    const ownersOwn = await make({ name: 'Owner personal' })
    const mine = await create(agent.key, { name: 'Agent personal', actions: [{ type: 'mark_read' }] })
    expect(mine.status, mine.text).toBe(201)

    const seen = await t.request('GET', '/v1/macros', { key: agent.key })
    expect(seen.status).toBe(200)
    expect(seen.body.data.map((m: { id: string }) => m.id)).toEqual([mine.body.id, forA, shared])
    const owners = await t.request('GET', '/v1/macros?sort=name', { key: ws.key })
    expect(owners.body.data.map((m: { id: string }) => m.id)).toEqual([ownersOwn, forA, forB, shared])

    const paged = await t.request('GET', '/v1/macros?limit=1', { key: agent.key })
    expect(paged.body.data).toHaveLength(1)
    const next = await t.request('GET', `/v1/macros?limit=1&cursor=${paged.body.nextCursor}`, {
      key: agent.key,
    })
    expect(next.body.data[0].id).toBe(forA)
    const byTeam = await t.request('GET', `/v1/macros?teamId=${teamA.id}`, { key: ws.key })
    expect(byTeam.body.data.map((m: { id: string }) => m.id)).toEqual([forA])
    const bySharing = await t.request('GET', '/v1/macros?sharing=workspace&q=WORK', { key: ws.key })
    expect(bySharing.body.data.map((m: { id: string }) => m.id)).toEqual([shared])
    await t.request('PATCH', `/v1/macros/${shared}`, { key: ws.key, body: { active: false } })
    const active = await t.request('GET', '/v1/macros?active=true', { key: agent.key })
    expect(active.body.data.map((m: { id: string }) => m.id)).toEqual([mine.body.id, forA])
    expectProblem(await t.request('GET', '/v1/macros?sort=color', { key: ws.key }), 400, 'validation_failed')
  })
})

describe('getMacro, updateMacro, deleteMacro', () => {
  it('reads with an ETag and 304, updates with If-Match (412 when stale), deletes, and emits events', async () => {
    const ws = await t.newWorkspace()
    const created = await create(ws.key, { name: 'One', actions: [{ type: 'take' }] })
    const id = created.body.id as string
    const got = await t.request('GET', `/v1/macros/${id}`, { key: ws.key })
    expect(got.status).toBe(200)
    expect(got.body).toEqual(created.body)
    const cached = await t.request('GET', `/v1/macros/${id}`, {
      key: ws.key,
      headers: { 'if-none-match': '"1"' },
    })
    expect(cached.status).toBe(304)

    const updated = await t.request('PATCH', `/v1/macros/${id}`, {
      key: ws.key,
      headers: { 'if-match': '"1"' },
      body: { name: 'Two', actions: [{ type: 'set_priority', priority: 'urgent' }], sharing: 'workspace' },
    })
    expect(updated.status, updated.text).toBe(200)
    expect(updated.body).toMatchObject({ name: 'Two', sharing: 'workspace' })
    expect(updated.headers.get('etag')).toBe('"2"')
    const same = await t.request('PATCH', `/v1/macros/${id}`, { key: ws.key, body: { name: 'Two' } })
    expect(same.headers.get('etag')).toBe('"2"')
    const stale = await t.request('PATCH', `/v1/macros/${id}`, {
      key: ws.key,
      headers: { 'if-match': '"1"' },
      body: { name: 'Three' },
    })
    expectProblem(stale, 412, 'precondition_failed')
    const bad = await t.request('PATCH', `/v1/macros/${id}`, {
      key: ws.key,
      body: { actions: [{ type: 'nope' }] },
    })
    expectProblem(bad, 422, 'macro_action_invalid')
    expectProblem(
      await t.request('PATCH', `/v1/macros/${id}`, { key: ws.key, body: {} }),
      400,
      'validation_failed',
    )

    expectProblem(
      await t.request('DELETE', `/v1/macros/${id}`, { key: ws.key, headers: { 'if-match': '"1"' } }),
      412,
      'precondition_failed',
    )
    const deleted = await t.request('DELETE', `/v1/macros/${id}`, { key: ws.key })
    expect(deleted.status).toBe(204)
    expectProblem(await t.request('GET', `/v1/macros/${id}`, { key: ws.key }), 404, 'not_found')
    expect(await eventTypes(t, ws.workspaceId, id)).toEqual([
      'macro.created',
      'macro.updated',
      'macro.deleted',
    ])
  })

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const ws = await t.newWorkspace()
    expectProblem(await t.request('GET', '/v1/macros/nope', { key: ws.key }), 400, 'validation_failed')
    expectProblem(await t.request('GET', `/v1/macros/${newId('mac')}`, { key: ws.key }), 404, 'not_found')
  })
})

describe('macro security', () => {
  it('needs a credential, refuses publishable keys and contacts, and hides other workspaces’ macros', async () => {
    const ws = await t.newWorkspace()
    const created = await create(ws.key, { name: 'Mine', sharing: 'workspace', actions: [{ type: 'take' }] })
    const id = created.body.id as string
    expectProblem(await t.request('GET', '/v1/macros'), 401, 'unauthorized')
    expectProblem(await t.request('GET', `/v1/macros/${id}`), 401, 'unauthorized')
    const contact = await newContactSession(t, ws.workspaceId)
    expectProblem(await t.request('GET', '/v1/macros', { key: contact.key }), 403, 'forbidden')
    expectProblem(await t.request('GET', `/v1/macros/${id}`, { key: contact.key }), 404, 'not_found')
    expectProblem(await create(contact.key, { name: 'x', actions: [{ type: 'take' }] }), 403, 'forbidden')
    const profile = await t.request('POST', '/v1/widget-profiles', {
      key: ws.key,
      body: { name: 'Site', allowedOrigins: ['https://app.example.com'] },
    })
    expect(profile.status, profile.text).toBe(201)
    const visitor = {
      authorization: `Bearer ${profile.body.publishableKey}`,
      origin: 'https://app.example.com',
    }
    expectProblem(await t.request('GET', '/v1/macros', { headers: visitor }), 403, 'forbidden')

    const other = await t.newWorkspace()
    expectProblem(await t.request('GET', `/v1/macros/${id}`, { key: other.key }), 404, 'not_found')
    expectProblem(
      await t.request('PATCH', `/v1/macros/${id}`, { key: other.key, body: { name: 'x' } }),
      404,
      'not_found',
    )
    const list = await t.request('GET', '/v1/macros', { key: other.key })
    expect(list.body.data).toEqual([])
  })

  it('lets agents write their own personal macros but not shared ones (403), and viewers write none', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const agent = await t.newMember(ws.workspaceId, { teamIds: [team.id] })
    const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    expectProblem(
      await create(agent.key, { name: 'x', sharing: 'workspace', actions: [{ type: 'take' }] }),
      403,
      'forbidden',
    )
    expectProblem(
      await create(agent.key, { name: 'x', sharing: 'team', teamId: team.id, actions: [{ type: 'take' }] }),
      403,
      'forbidden',
    )
    expectProblem(await create(viewer.key, { name: 'x', actions: [{ type: 'take' }] }), 403, 'forbidden')
    const shared = await create(supervisor.key, {
      name: 'Shared',
      sharing: 'team',
      teamId: team.id,
      actions: [{ type: 'take' }],
    })
    expect(shared.status, shared.text).toBe(201)
    // The agent reads its team's macro but may not change it.
    expect((await t.request('GET', `/v1/macros/${shared.body.id}`, { key: agent.key })).status).toBe(200)
    expectProblem(
      await t.request('PATCH', `/v1/macros/${shared.body.id}`, { key: agent.key, body: { name: 'x' } }),
      403,
      'forbidden',
    )
    // A personal macro may not be turned into a shared one without the shared permission.
    const own = await create(agent.key, { name: 'Own', actions: [{ type: 'take' }] })
    expect(own.status).toBe(201)
    expectProblem(
      await t.request('PATCH', `/v1/macros/${own.body.id}`, {
        key: agent.key,
        body: { sharing: 'workspace' },
      }),
      403,
      'forbidden',
    )
    // Someone else's personal macro is not even visible.
    expectProblem(
      await t.request('GET', `/v1/macros/${own.body.id}`, { key: supervisor.key }),
      404,
      'not_found',
    )
  })

  it('bounds API keys by scope and team limits', async () => {
    const ws = await t.newWorkspace()
    const teamA = await t.newTeam(ws.workspaceId)
    const teamB = await t.newTeam(ws.workspaceId)
    const forB = await create(ws.key, {
      name: 'B',
      sharing: 'team',
      teamId: teamB.id,
      actions: [{ type: 'take' }],
    })
    const readOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:read'],
    })
    expect((await t.request('GET', '/v1/macros', { key: readOnly.key })).status).toBe(200)
    const denied = await create(readOnly.key, { name: 'x', actions: [{ type: 'take' }] })
    expectProblem(denied, 403, 'forbidden')
    expect(denied.body.missingScope).toBe('tickets:write')
    const wrongScope = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    expectProblem(await t.request('GET', '/v1/macros', { key: wrongScope.key }), 403, 'forbidden')
    const limited = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:write'],
      keyTeamIds: [teamA.id],
    })
    expectProblem(
      await t.request('GET', `/v1/macros/${forB.body.id}`, { key: limited.key }),
      404,
      'not_found',
    )
  })
})

describe('applyMacro', () => {
  const apply = (key: string, id: string, body: unknown) =>
    t.request('POST', `/v1/macros/${id}/apply`, { key, body })

  async function setup() {
    const ws = await t.newWorkspace()
    const statuses = await statusesOf(t, ws.workspaceId)
    const teamA = await t.newTeam(ws.workspaceId)
    const teamB = await t.newTeam(ws.workspaceId)
    const agent = await t.newMember(ws.workspaceId, { teamIds: [teamA.id], name: 'Agent Smith' })
    return { ws, statuses, teamA, teamB, agent }
  }

  it('applies the actions to one ticket: messages rendered and written, fields in one write, its own events', async () => {
    const { ws, statuses, teamA, agent } = await setup()
    const macro = await create(ws.key, {
      name: 'Refund',
      sharing: 'workspace',
      actions: [
        { type: 'set_status', statusId: statuses.solved },
        { type: 'add_tags', tags: ['refund'] },
        { type: 'take' },
        {
          type: 'reply',
          body: 'Hi {{requester.name}} ({{requester.email}}), #{{ticket.number}} “{{ticket.subject}}” is refunded.{{organization.name}} {{agent.name}}',
        },
        { type: 'note', body: 'Refund by {{agent.name}}' },
      ],
    })
    expect(macro.status, macro.text).toBe(201)
    const ticket = await newTicket(t, ws.workspaceId, { teamId: teamA.id })
    const res = await apply(agent.key, macro.body.id, { ticketId: ticket.id })
    expect(res.status, res.text).toBe(200)
    expect(res.body.dryRun).toBe(false)
    const [result] = res.body.data
    expect(result).toMatchObject({ ticketId: ticket.id, status: 'updated' })
    expect(result.changes).toEqual(
      expect.arrayContaining([
        { field: 'statusId', before: statuses.open, after: statuses.solved },
        { field: 'tags', before: [], after: ['refund'] },
        { field: 'assigneeId', before: null, after: agent.memberId },
      ]),
    )
    const requester = await t.database.db.select().from(contacts).where(eq(contacts.id, ticket.requesterId))
    expect(result.messages).toEqual([
      {
        kind: 'reply',
        body: `Hi Ada Lovelace (${requester[0]!.email}), #${ticket.number} “Cannot export invoices” is refunded. Agent Smith`,
      },
      { kind: 'note', body: 'Refund by Agent Smith' },
    ])
    const messages = await t.database.db
      .select({ kind: ticketMessages.kind, body: ticketMessages.body })
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, ticket.id))
    expect(messages.map((m) => m.kind).sort()).toEqual(['note', 'reply'])
    const row = await ticketRow(t, ticket.id)
    expect(row).toMatchObject({ statusId: statuses.solved, assigneeId: agent.memberId, tags: ['refund'] })
    const types = await eventTypes(t, ws.workspaceId, ticket.id)
    expect(types.filter((x) => x === 'ticket.updated')).toHaveLength(1)
    expect(types).toEqual(
      expect.arrayContaining(['ticket.message_created', 'ticket.status_changed', 'ticket.assigned']),
    )
  })

  it('with dryRun writes nothing and shows what would change', async () => {
    const { ws, statuses } = await setup()
    const macro = await create(ws.key, {
      name: 'Solve',
      actions: [
        { type: 'set_priority', priority: 'urgent' },
        { type: 'set_status', statusId: statuses.solved },
        { type: 'reply', body: 'Done, {{requester.name}}.' },
      ],
    })
    const a = await newTicket(t, ws.workspaceId)
    const b = await newTicket(t, ws.workspaceId, { category: 'closed' })
    const res = await apply(ws.key, macro.body.id, { ticketIds: [a.id, b.id], dryRun: true })
    expect(res.status, res.text).toBe(200)
    expect(res.body.dryRun).toBe(true)
    expect(res.body.data[0]).toMatchObject({
      ticketId: a.id,
      status: 'updated',
      messages: [{ kind: 'reply', body: 'Done, Ada Lovelace.' }],
    })
    expect(res.body.data[0].changes).toContainEqual({ field: 'priority', before: 'normal', after: 'urgent' })
    expect(res.body.data[1]).toMatchObject({
      ticketId: b.id,
      status: 'invalid',
      problem: { code: 'ticket_closed' },
    })
    expect(await ticketRow(t, a.id)).toMatchObject({ version: 1, priority: 'normal' })
    expect(await eventTypes(t, ws.workspaceId, a.id)).toEqual([])
    const messages = await t.database.db
      .select()
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, a.id))
    expect(messages).toEqual([])
  })

  it('answers not_found for a team B ticket to an agent of team A, and forbidden without the action’s permission', async () => {
    const { ws, teamA, teamB, agent } = await setup()
    const macro = await create(ws.key, {
      name: 'Tag',
      sharing: 'workspace',
      actions: [
        { type: 'add_tags', tags: ['x'] },
        { type: 'reply', body: 'Hello' },
      ],
    })
    const mine = await newTicket(t, ws.workspaceId, { teamId: teamA.id })
    const theirs = await newTicket(t, ws.workspaceId, { teamId: teamB.id })
    const res = await apply(agent.key, macro.body.id, { ticketIds: [mine.id, theirs.id] })
    expect(res.body.data.map((r: { status: string }) => r.status)).toEqual(['updated', 'not_found'])
    expect(await ticketRow(t, theirs.id)).toMatchObject({ version: 1, tags: [] })
    const collaborator = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'collaborator' }],
      teamIds: [teamA.id],
    })
    const denied = await apply(collaborator.key, macro.body.id, { ticketId: mine.id })
    expect(denied.body.data[0]).toMatchObject({ status: 'forbidden', problem: { code: 'forbidden' } })
  })

  it('refuses a macro naming a status gone since it was saved (422, nothing applied), inactive macros and bad bodies', async () => {
    const { ws } = await setup()
    const status = await newStatus(ws.workspaceId)
    const macro = await create(ws.key, {
      name: 'Stale',
      actions: [
        { type: 'add_tags', tags: ['a'] },
        { type: 'set_status', statusId: status.id },
      ],
    })
    expect(macro.status).toBe(201)
    const ticket = await newTicket(t, ws.workspaceId)
    await t.database.db
      .update(ticketStatuses)
      .set({ archivedAt: new Date() })
      .where(eq(ticketStatuses.id, status.id))
    const stale = await apply(ws.key, macro.body.id, { ticketId: ticket.id })
    expectProblem(stale, 422, 'macro_action_invalid')
    expect(paths(stale)).toEqual(['macro.actions.1.statusId'])
    expect(await ticketRow(t, ticket.id)).toMatchObject({ version: 1, tags: [] })

    const gone = await t.newMember(ws.workspaceId)
    const assigning = await create(ws.key, {
      name: 'Assign',
      actions: [{ type: 'assign', assigneeId: gone.memberId }],
    })
    await t.database.db.update(members).set({ status: 'deactivated' }).where(eq(members.id, gone.memberId))
    expectProblem(
      await apply(ws.key, assigning.body.id, { ticketId: ticket.id }),
      422,
      'macro_action_invalid',
    )

    const inactive = await create(ws.key, { name: 'Off', active: false, actions: [{ type: 'take' }] })
    expectProblem(await apply(ws.key, inactive.body.id, { ticketId: ticket.id }), 422, 'macro_inactive')
    const ok = await create(ws.key, { name: 'Ok', actions: [{ type: 'take' }] })
    expectProblem(await apply(ws.key, ok.body.id, {}), 400, 'validation_failed')
    expectProblem(
      await apply(ws.key, ok.body.id, { ticketId: ticket.id, ticketIds: [ticket.id] }),
      400,
      'validation_failed',
    )
    const many = Array.from({ length: 501 }, () => newId('tkt'))
    expectProblem(await apply(ws.key, ok.body.id, { ticketIds: many }), 422, 'bulk_limit_exceeded')
    expectProblem(await apply(ws.key, newId('mac'), { ticketId: ticket.id }), 404, 'not_found')
  })

  it('needs a credential and hides macros of other workspaces and other members', async () => {
    const { ws, agent } = await setup()
    const own = await create(ws.key, { name: 'Owner only', actions: [{ type: 'take' }] })
    const ticket = await newTicket(t, ws.workspaceId)
    expectProblem(
      await t.request('POST', `/v1/macros/${own.body.id}/apply`, { body: { ticketId: ticket.id } }),
      401,
      'unauthorized',
    )
    expectProblem(await apply(agent.key, own.body.id, { ticketId: ticket.id }), 404, 'not_found')
    const other = await t.newWorkspace()
    expectProblem(await apply(other.key, own.body.id, { ticketId: ticket.id }), 404, 'not_found')
    const contact = await newContactSession(t, ws.workspaceId)
    expectProblem(await apply(contact.key, own.body.id, { ticketId: ticket.id }), 404, 'not_found')
  })
})
