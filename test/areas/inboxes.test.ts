import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiKeys, events, members } from '../../src/db/schema'
import { auditEntries } from '../../src/db/schema/audit'
import { businessHours } from '../../src/db/schema/sla'
import { idToUuid, newId, type TeamId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, newContactSession, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const unique = () => Math.random().toString(36).slice(2, 10)
const address = (name = 'support') => `${name}-${unique()}@acme.test`

const createInbox = (key: string, body: Record<string, unknown>) =>
  t.request('POST', '/v1/inboxes', { key, body })

const eventsOf = (workspaceId: WorkspaceId, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
    .orderBy(asc(events.occurredAt), asc(events.id))

const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((x) => x.id)

async function newBusinessHours(workspaceId: WorkspaceId) {
  const [row] = await t.database.db
    .insert(businessHours)
    .values({ id: newId('bh'), workspaceId, name: 'Office', timeZone: 'Europe/Berlin' })
    .returning()
  return row!
}

/** A workspace with a team, an agent in it, a supervisor (inboxes.manage), a viewer and a member who reads no tickets. */
async function world() {
  const ws = await t.newWorkspace()
  const team = (await t.newTeam(ws.workspaceId, 'Alpha')).id as TeamId
  const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [team] })
  const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
  const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
  const nobody = await t.newMember(ws.workspaceId, { roles: [] })
  return { ws, team, agent, supervisor, viewer, nobody }
}

describe('createInbox', () => {
  it('answers 201 with the inbox, an ETag and its URL, lower-cases addresses, and emits an audited inbox.created', async () => {
    const { ws, team, supervisor } = await world()
    const hours = await newBusinessHours(ws.workspaceId)
    const mixed = address('Support').replace('support', 'SuPPort')
    const res = await createInbox(supervisor.key, {
      name: '  Support ',
      channels: ['email', 'widget'],
      emailAddresses: [mixed, mixed.toLowerCase()],
      defaultTeamId: team,
      defaultPriority: 'high',
      businessHoursId: hours.id,
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      name: 'Support',
      channels: ['email', 'widget'],
      emailAddresses: [mixed.toLowerCase()],
      defaultTeamId: team,
      defaultPriority: 'high',
      businessHoursId: hours.id,
    })
    expect(res.body.id).toMatch(/^ibx_/)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/inboxes/${res.body.id}`)
    const emitted = await eventsOf(ws.workspaceId, res.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['inbox.created'])
    expect(emitted[0]?.data).toMatchObject({ inbox: { id: res.body.id, name: 'Support' } })
    const audit = await t.database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.workspaceId, ws.workspaceId), eq(auditEntries.resourceId, res.body.id)))
    expect(audit.length).toBe(1)
  })

  it('defaults channels to email when addresses are given, else to none, and the defaults to null', async () => {
    const { supervisor } = await world()
    const mail = await createInbox(supervisor.key, { name: 'Mail', emailAddresses: [address()] })
    expect(mail.status, mail.text).toBe(201)
    expect(mail.body.channels).toEqual(['email'])
    const bare = await createInbox(supervisor.key, { name: 'Bare' })
    expect(bare.status).toBe(201)
    expect(bare.body).toMatchObject({
      channels: [],
      emailAddresses: [],
      defaultTeamId: null,
      defaultPriority: null,
      businessHoursId: null,
    })
  })

  it('answers 400 for a blank name, an unknown channel, a malformed id or an unknown field', async () => {
    const { supervisor } = await world()
    for (const body of [
      { name: '  ' },
      { name: 'X', channels: ['fax'] },
      { name: 'X', defaultTeamId: 'team_nope' },
      { name: 'X', businessHoursId: newId('team') },
      { name: 'X', defaultPriority: 'critical' },
      { name: 'X', colour: 'red' },
      {},
    ]) {
      expectProblem(await createInbox(supervisor.key, body), 400, 'validation_failed')
    }
  })

  it('answers 422 invalid_email naming each address that is not one', async () => {
    const { supervisor } = await world()
    const res = await createInbox(supervisor.key, {
      name: 'X',
      emailAddresses: [address(), 'not an address', 'ab@'],
    })
    expectProblem(res, 422, 'invalid_email')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.emailAddresses.1',
      'body.emailAddresses.2',
    ])
  })

  it('answers 422 invalid_inbox_channels for addresses without the email channel', async () => {
    const { supervisor } = await world()
    const res = await createInbox(supervisor.key, {
      name: 'X',
      channels: ['widget'],
      emailAddresses: [address()],
    })
    expectProblem(res, 422, 'invalid_inbox_channels')
  })

  it('answers 409 inbox_address_taken for an address another inbox holds, in any workspace', async () => {
    const { supervisor } = await world()
    const other = await t.newWorkspace()
    const taken = address()
    expect((await createInbox(other.key, { name: 'Theirs', emailAddresses: [taken] })).status).toBe(201)
    const res = await createInbox(supervisor.key, { name: 'Mine', emailAddresses: [taken.toUpperCase()] })
    expectProblem(res, 409, 'inbox_address_taken')
  })

  it('answers 422 team_not_found and business_hours_not_found for references outside the workspace', async () => {
    const { supervisor } = await world()
    const other = await t.newWorkspace()
    const foreignTeam = await t.newTeam(other.workspaceId)
    const foreignHours = await newBusinessHours(other.workspaceId)
    for (const teamId of [foreignTeam.id, newId('team')]) {
      const res = await createInbox(supervisor.key, { name: 'X', defaultTeamId: teamId })
      expectProblem(res, 422, 'team_not_found')
      expect(res.body.errors[0].path).toBe('body.defaultTeamId')
    }
    for (const bh of [foreignHours.id, newId('bh')]) {
      const res = await createInbox(supervisor.key, { name: 'X', businessHoursId: bh })
      expectProblem(res, 422, 'business_hours_not_found')
      expect(res.body.errors[0].path).toBe('body.businessHoursId')
    }
  })

  it('needs inboxes.manage (403 for agents and viewers)', async () => {
    const { agent, viewer } = await world()
    for (const key of [agent.key, viewer.key]) {
      const res = await createInbox(key, { name: 'X' })
      expectProblem(res, 403, 'forbidden')
      expect(res.body.missingPermission).toBe('inboxes.manage')
    }
  })
})

describe('listInboxes', () => {
  it('lists the workspace inboxes in keyset pages, sorted and filtered by channel', async () => {
    const { ws, supervisor, agent, viewer } = await world()
    const b = (await createInbox(supervisor.key, { name: 'Bravo', channels: ['api'] })).body.id
    const a = (await createInbox(supervisor.key, { name: 'Alpha', emailAddresses: [address()] })).body.id
    const c = (await createInbox(supervisor.key, { name: 'Charlie', channels: ['widget', 'email'] })).body.id
    const other = await t.newWorkspace()
    await createInbox(other.key, { name: 'Foreign' })

    const first = await t.request('GET', '/v1/inboxes?limit=2', { key: agent.key })
    expect(first.status, first.text).toBe(200)
    expect(ids(first)).toEqual([b, a])
    const second = await t.request('GET', `/v1/inboxes?limit=2&cursor=${first.body.nextCursor}`, {
      key: agent.key,
    })
    expect(ids(second)).toEqual([c])
    expect(second.body.nextCursor).toBeNull()

    expect(ids(await t.request('GET', '/v1/inboxes?sort=-name', { key: viewer.key }))).toEqual([c, b, a])
    expect(ids(await t.request('GET', '/v1/inboxes?channel=email&sort=name', { key: ws.key }))).toEqual([
      a,
      c,
    ])
    expect((await t.request('GET', '/v1/inboxes', { key: ws.key })).body.data[1].emailAddresses).toHaveLength(
      1,
    )
  })

  it('answers 403 to a member who reads no tickets and 400 for a bad sort or channel', async () => {
    const { nobody, agent } = await world()
    expectProblem(await t.request('GET', '/v1/inboxes', { key: nobody.key }), 403, 'forbidden')
    expectProblem(
      await t.request('GET', '/v1/inboxes?sort=channels', { key: agent.key }),
      400,
      'validation_failed',
    )
    expectProblem(
      await t.request('GET', '/v1/inboxes?channel=fax', { key: agent.key }),
      400,
      'validation_failed',
    )
  })
})

describe('getInbox', () => {
  it('answers the inbox with an ETag, and 304 for If-None-Match', async () => {
    const { supervisor, agent } = await world()
    const created = await createInbox(supervisor.key, { name: 'Support' })
    const res = await t.request('GET', `/v1/inboxes/${created.body.id}`, { key: agent.key })
    expect(res.status).toBe(200)
    expect(res.body).toEqual(created.body)
    expect(res.headers.get('etag')).toBe('"1"')
    const again = await t.request('GET', `/v1/inboxes/${created.body.id}`, {
      key: agent.key,
      headers: { 'if-none-match': '"1"' },
    })
    expect(again.status).toBe(304)
  })

  it('answers 404 for another workspace inbox or a missing one, 400 for a malformed id', async () => {
    const { agent } = await world()
    const other = await t.newWorkspace()
    const theirs = (await createInbox(other.key, { name: 'Theirs' })).body.id
    expectProblem(await t.request('GET', `/v1/inboxes/${theirs}`, { key: agent.key }), 404, 'not_found')
    expectProblem(await t.request('GET', `/v1/inboxes/${newId('ibx')}`, { key: agent.key }), 404, 'not_found')
    expectProblem(
      await t.request('GET', `/v1/inboxes/${newId('team')}`, { key: agent.key }),
      400,
      'validation_failed',
    )
  })
})

describe('updateInbox', () => {
  it('changes fields and addresses with If-Match, bumps the ETag and emits inbox.updated with previous', async () => {
    const { ws, team, supervisor } = await world()
    const first = address()
    const created = await createInbox(supervisor.key, { name: 'Support', emailAddresses: [first] })
    const id = created.body.id
    const second = address('help')
    const res = await t.request('PATCH', `/v1/inboxes/${id}`, {
      key: supervisor.key,
      headers: { 'if-match': '"1"' },
      body: { name: 'Help', emailAddresses: [second], defaultTeamId: team, defaultPriority: 'urgent' },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({
      name: 'Help',
      emailAddresses: [second],
      defaultTeamId: team,
      defaultPriority: 'urgent',
    })
    expect(res.headers.get('etag')).toBe('"2"')
    const updated = (await eventsOf(ws.workspaceId, id)).filter((e) => e.type === 'inbox.updated')
    expect(updated).toHaveLength(1)
    expect(updated[0]?.data).toMatchObject({
      previous: { name: 'Support', emailAddresses: [first], defaultTeamId: null, defaultPriority: null },
    })
    // The dropped address is free again.
    expect((await createInbox(supervisor.key, { name: 'Other', emailAddresses: [first] })).status).toBe(201)

    const stale = await t.request('PATCH', `/v1/inboxes/${id}`, {
      key: supervisor.key,
      headers: { 'if-match': '"1"' },
      body: { name: 'Late' },
    })
    expectProblem(stale, 412, 'precondition_failed')
  })

  it('writes and emits nothing when nothing differs', async () => {
    const { ws, supervisor } = await world()
    const id = (await createInbox(supervisor.key, { name: 'Same', channels: ['api', 'portal'] })).body.id
    const res = await t.request('PATCH', `/v1/inboxes/${id}`, {
      key: supervisor.key,
      body: { name: 'Same', channels: ['portal', 'api'] },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe('"1"')
    expect((await eventsOf(ws.workspaceId, id)).map((e) => e.type)).toEqual(['inbox.created'])
  })

  it('answers 409, 422 and 400 for taken addresses, a lost email channel, bad references and blank names', async () => {
    const { supervisor } = await world()
    const other = await t.newWorkspace()
    const taken = address()
    await createInbox(other.key, { name: 'Theirs', emailAddresses: [taken] })
    const id = (await createInbox(supervisor.key, { name: 'Mine', emailAddresses: [address()] })).body.id
    const patch = (body: Record<string, unknown>) =>
      t.request('PATCH', `/v1/inboxes/${id}`, { key: supervisor.key, body })
    expectProblem(await patch({ emailAddresses: [taken] }), 409, 'inbox_address_taken')
    expectProblem(await patch({ channels: ['widget'] }), 422, 'invalid_inbox_channels')
    expectProblem(await patch({ emailAddresses: ['nope'] }), 422, 'invalid_email')
    expectProblem(await patch({ defaultTeamId: newId('team') }), 422, 'team_not_found')
    expectProblem(await patch({ businessHoursId: newId('bh') }), 422, 'business_hours_not_found')
    expectProblem(await patch({ name: ' ' }), 400, 'validation_failed')
    expectProblem(await patch({}), 400, 'validation_failed')
    // Dropping the addresses with the channel together is fine.
    const ok = await patch({ channels: ['widget'], emailAddresses: [] })
    expect(ok.status, ok.text).toBe(200)
    expect(ok.body).toMatchObject({ channels: ['widget'], emailAddresses: [] })
  })

  it('answers 403 to agents and 404 for another workspace inbox', async () => {
    const { supervisor, agent } = await world()
    const id = (await createInbox(supervisor.key, { name: 'Mine' })).body.id
    const refused = await t.request('PATCH', `/v1/inboxes/${id}`, { key: agent.key, body: { name: 'X' } })
    expectProblem(refused, 403, 'forbidden')
    const other = await t.newWorkspace()
    expectProblem(
      await t.request('PATCH', `/v1/inboxes/${id}`, { key: other.key, body: { name: 'X' } }),
      404,
      'not_found',
    )
  })
})

describe('deleteInbox', () => {
  it('deletes the inbox with its addresses, and emits inbox.deleted', async () => {
    const { ws, supervisor } = await world()
    const mail = address()
    const id = (await createInbox(supervisor.key, { name: 'Gone', emailAddresses: [mail] })).body.id
    const res = await t.request('DELETE', `/v1/inboxes/${id}`, {
      key: supervisor.key,
      headers: { 'if-match': '"1"' },
    })
    expect(res.status, res.text).toBe(204)
    expectProblem(await t.request('GET', `/v1/inboxes/${id}`, { key: supervisor.key }), 404, 'not_found')
    expect((await eventsOf(ws.workspaceId, id)).map((e) => e.type)).toEqual([
      'inbox.created',
      'inbox.deleted',
    ])
    expect((await createInbox(supervisor.key, { name: 'Again', emailAddresses: [mail] })).status).toBe(201)
  })

  it('answers 409 inbox_in_use while tickets belong to it, 412 when stale, 403 to agents', async () => {
    const { ws, supervisor, agent } = await world()
    const id = (await createInbox(supervisor.key, { name: 'Busy' })).body.id
    const requester = await newContact(ws.workspaceId)
    const ticket = await t.request('POST', '/v1/tickets', {
      key: ws.key,
      body: { subject: 'Hi', requesterId: requester.id, inboxId: id },
    })
    expect(ticket.status, ticket.text).toBe(201)
    expectProblem(await t.request('DELETE', `/v1/inboxes/${id}`, { key: agent.key }), 403, 'forbidden')
    expectProblem(
      await t.request('DELETE', `/v1/inboxes/${id}`, { key: supervisor.key, headers: { 'if-match': '"7"' } }),
      412,
      'precondition_failed',
    )
    expectProblem(
      await t.request('DELETE', `/v1/inboxes/${id}`, { key: supervisor.key }),
      409,
      'inbox_in_use',
    )
    expect((await t.request('GET', `/v1/inboxes/${id}`, { key: supervisor.key })).status).toBe(200)
  })
})

describe('inbox members', () => {
  it('adds members idempotently, lists them with availability, removes them, with events', async () => {
    const { ws, supervisor, agent } = await world()
    const id = (await createInbox(supervisor.key, { name: 'Support' })).body.id
    const path = `/v1/inboxes/${id}/members`
    const added = await t.request('POST', path, { key: supervisor.key, body: { memberId: agent.memberId } })
    expect(added.status, added.text).toBe(201)
    expect(added.body).toMatchObject({ id: agent.memberId, status: 'active', availability: 'available' })
    const again = await t.request('POST', path, { key: supervisor.key, body: { memberId: agent.memberId } })
    expect(again.status).toBe(200)
    expect(again.body.addedAt).toBe(added.body.addedAt)
    await t.request('POST', path, { key: supervisor.key, body: { memberId: supervisor.memberId } })
    await t.database.db
      .update(members)
      .set({ availability: 'away' })
      .where(eq(members.id, supervisor.memberId))

    const listed = await t.request('GET', `${path}?sort=addedAt`, { key: agent.key })
    expect(listed.status, listed.text).toBe(200)
    expect(listed.body.data.map((m: { id: string; availability: string }) => [m.id, m.availability])).toEqual(
      [
        [agent.memberId, 'available'],
        [supervisor.memberId, 'away'],
      ],
    )
    const page = await t.request('GET', `${path}?limit=1&sort=addedAt`, { key: agent.key })
    expect(ids(page)).toEqual([agent.memberId])
    expect(page.body.nextCursor).toEqual(expect.any(String))

    const removed = await t.request('DELETE', `${path}/${agent.memberId}`, { key: supervisor.key })
    expect(removed.status).toBe(204)
    expectProblem(
      await t.request('DELETE', `${path}/${agent.memberId}`, { key: supervisor.key }),
      404,
      'not_found',
    )
    expect(ids(await t.request('GET', path, { key: agent.key }))).toEqual([supervisor.memberId])
    const types = (await eventsOf(ws.workspaceId, id)).map((e) => e.type)
    expect(types).toEqual([
      'inbox.created',
      'inbox.member_added',
      'inbox.member_added',
      'inbox.member_removed',
    ])
  })

  it('answers 422 member_not_found for unknown, foreign and deactivated members', async () => {
    const { ws, supervisor } = await world()
    const id = (await createInbox(supervisor.key, { name: 'Support' })).body.id
    const other = await t.newWorkspace()
    const gone = await t.newMember(ws.workspaceId)
    await t.database.db.update(members).set({ status: 'deactivated' }).where(eq(members.id, gone.memberId))
    for (const memberId of [newId('mbr'), other.memberId, gone.memberId]) {
      const res = await t.request('POST', `/v1/inboxes/${id}/members`, {
        key: supervisor.key,
        body: { memberId },
      })
      expectProblem(res, 422, 'member_not_found')
      expect(res.body.errors[0].path).toBe('body.memberId')
    }
    expectProblem(
      await t.request('POST', `/v1/inboxes/${id}/members`, { key: supervisor.key, body: { memberId: 'x' } }),
      400,
      'validation_failed',
    )
  })

  it('lets readers list but only inboxes.manage change, and hides other workspaces inboxes', async () => {
    const { supervisor, agent, nobody } = await world()
    const id = (await createInbox(supervisor.key, { name: 'Support' })).body.id
    const path = `/v1/inboxes/${id}/members`
    expectProblem(
      await t.request('POST', path, { key: agent.key, body: { memberId: agent.memberId } }),
      403,
      'forbidden',
    )
    expectProblem(
      await t.request('DELETE', `${path}/${agent.memberId}`, { key: agent.key }),
      403,
      'forbidden',
    )
    expectProblem(await t.request('GET', path, { key: nobody.key }), 403, 'forbidden')
    const other = await t.newWorkspace()
    expectProblem(await t.request('GET', path, { key: other.key }), 404, 'not_found')
    expectProblem(
      await t.request('POST', path, { key: other.key, body: { memberId: other.memberId } }),
      404,
      'not_found',
    )
  })
})

describe('tickets in inboxes', () => {
  it('applies the inbox default team and priority to new tickets that name none', async () => {
    const { ws, team, supervisor } = await world()
    const inbox = (
      await createInbox(supervisor.key, { name: 'VIP', defaultTeamId: team, defaultPriority: 'urgent' })
    ).body.id
    const requester = await newContact(ws.workspaceId)
    const open = (body: Record<string, unknown>) =>
      t.request('POST', '/v1/tickets', {
        key: ws.key,
        body: { subject: 'Hi', requesterId: requester.id, ...body },
      })
    const defaulted = await open({ inboxId: inbox })
    expect(defaulted.status, defaulted.text).toBe(201)
    expect(defaulted.body).toMatchObject({ inboxId: inbox, teamId: team, priority: 'urgent' })
    const beta = (await t.newTeam(ws.workspaceId, 'Beta')).id
    const explicit = await open({ inboxId: inbox, priority: 'low', teamId: beta })
    expect(explicit.status, explicit.text).toBe(201)
    expect(explicit.body).toMatchObject({ inboxId: inbox, teamId: beta, priority: 'low' })
    const plain = await open({})
    expect(plain.body).toMatchObject({ inboxId: null, teamId: null, priority: 'normal' })
  })

  it('answers 422 inbox_not_found naming body.inboxId on create and update', async () => {
    const { ws } = await world()
    const other = await t.newWorkspace()
    const foreign = (await createInbox(other.key, { name: 'Theirs' })).body.id
    const requester = await newContact(ws.workspaceId)
    for (const inboxId of [foreign, newId('ibx')]) {
      const res = await t.request('POST', '/v1/tickets', {
        key: ws.key,
        body: { subject: 'Hi', requesterId: requester.id, inboxId },
      })
      expectProblem(res, 422, 'inbox_not_found')
      expect(res.body.errors[0].path).toBe('body.inboxId')
    }
    const ticket = await t.request('POST', '/v1/tickets', {
      key: ws.key,
      body: { subject: 'Hi', requesterId: requester.id },
    })
    const res = await t.request('PATCH', `/v1/tickets/${ticket.body.id}`, {
      key: ws.key,
      body: { inboxId: foreign },
    })
    expectProblem(res, 422, 'inbox_not_found')
    expect(res.body.errors[0].path).toBe('body.inboxId')
    const mine = (await createInbox(ws.key, { name: 'Mine' })).body.id
    const moved = await t.request('PATCH', `/v1/tickets/${ticket.body.id}`, {
      key: ws.key,
      body: { inboxId: mine },
    })
    expect(moved.status, moved.text).toBe(200)
    expect(moved.body.inboxId).toBe(mine)
  })
})

describe('API keys limited to inboxes', () => {
  it('answers 422 inbox_not_found for inboxes outside the workspace, and the key sees only its inboxes', async () => {
    const { ws, supervisor } = await world()
    const a = (await createInbox(supervisor.key, { name: 'A' })).body.id
    const b = (await createInbox(supervisor.key, { name: 'B' })).body.id
    const other = await t.newWorkspace()
    const foreign = (await createInbox(other.key, { name: 'Theirs' })).body.id
    for (const inboxId of [foreign, newId('ibx')]) {
      const res = await t.request('POST', '/v1/api-keys', {
        key: ws.key,
        body: { name: 'limited', scopes: ['admin'], inboxIds: [a, inboxId] },
      })
      expectProblem(res, 422, 'inbox_not_found')
      expect(res.body.errors[0].path).toBe('body.inboxIds.1')
    }
    const created = await t.request('POST', '/v1/api-keys', {
      key: ws.key,
      body: { name: 'limited', scopes: ['admin'], inboxIds: [a] },
    })
    expect(created.status, created.text).toBe(201)
    const limited = created.body.secret as string
    expect(ids(await t.request('GET', '/v1/inboxes', { key: limited }))).toEqual([a])
    expectProblem(await t.request('GET', `/v1/inboxes/${b}`, { key: limited }), 404, 'not_found')
    expectProblem(await createInbox(limited, { name: 'C' }), 403, 'forbidden')
    const patched = await t.request('PATCH', `/v1/api-keys/${created.body.id}`, {
      key: ws.key,
      body: { inboxIds: [newId('ibx')] },
    })
    expectProblem(patched, 422, 'inbox_not_found')
  })
})

describe('member availability', () => {
  it('members set their own availability; members.manage sets anyone; every member answer carries it', async () => {
    const { ws, agent, supervisor } = await world()
    const self = await t.request('PATCH', `/v1/members/${agent.memberId}`, {
      key: agent.key,
      body: { availability: 'away' },
    })
    expect(self.status, self.text).toBe(200)
    expect(self.body.availability).toBe('away')
    const [event] = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, ws.workspaceId), eq(events.type, 'member.updated')))
    expect(event?.data).toMatchObject({ previous: { availability: 'available' } })

    const other = await t.request('PATCH', `/v1/members/${supervisor.memberId}`, {
      key: agent.key,
      body: { availability: 'offline' },
    })
    expectProblem(other, 403, 'forbidden')
    const byOwner = await t.request('PATCH', `/v1/members/${supervisor.memberId}`, {
      key: ws.key,
      body: { availability: 'offline' },
    })
    expect(byOwner.body.availability).toBe('offline')
    const listed = await t.request('GET', '/v1/members?limit=100', { key: ws.key })
    const byId = new Map(
      listed.body.data.map((m: { id: string; availability: string }) => [m.id, m.availability]),
    )
    expect(byId.get(agent.memberId)).toBe('away')
    expect(byId.get(ws.memberId)).toBe('available')
    const away = await t.request('GET', '/v1/members?availability=away', { key: ws.key })
    expect(ids(away)).toEqual([agent.memberId])
    expect(
      (await t.request('GET', `/v1/members/${supervisor.memberId}`, { key: ws.key })).body.availability,
    ).toBe('offline')
    expectProblem(
      await t.request('PATCH', `/v1/members/${agent.memberId}`, {
        key: agent.key,
        body: { availability: 'busy' },
      }),
      400,
      'validation_failed',
    )
  })
})

describe('inboxes: security', () => {
  it('answers 401 without a credential', async () => {
    expectProblem(await t.request('GET', '/v1/inboxes'), 401, 'unauthorized')
    expectProblem(await t.request('POST', '/v1/inboxes', { body: { name: 'X' } }), 401, 'unauthorized')
    expectProblem(await t.request('GET', `/v1/inboxes/${newId('ibx')}/members`), 401, 'unauthorized')
  })

  it('refuses contacts and publishable keys', async () => {
    const ws = await t.newWorkspace()
    const id = (await createInbox(ws.key, { name: 'Support' })).body.id
    const contact = await newContactSession(t, ws.workspaceId)
    expectProblem(await t.request('GET', '/v1/inboxes', { key: contact.key }), 403, 'forbidden')
    expectProblem(await createInbox(contact.key, { name: 'X' }), 403, 'forbidden')
    expect([403, 404]).toContain((await t.request('GET', `/v1/inboxes/${id}`, { key: contact.key })).status)
    const profile = await t.request('POST', '/v1/widget-profiles', {
      key: ws.key,
      body: { name: 'Site', allowedOrigins: ['https://app.example.com'] },
    })
    expect(profile.status, profile.text).toBe(201)
    const visitor = await t.request('GET', '/v1/inboxes', {
      key: profile.body.publishableKey,
      headers: { origin: 'https://app.example.com' },
    })
    expect([401, 403]).toContain(visitor.status)
  })

  it('needs routing:read to read and routing:write to write with an API key', async () => {
    const ws = await t.newWorkspace()
    const id = (await createInbox(ws.key, { name: 'Support' })).body.id
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['routing:read'] })
    const other = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['tickets:write'] })
    expect((await t.request('GET', '/v1/inboxes', { key: reader.key })).status).toBe(200)
    expect((await t.request('GET', `/v1/inboxes/${id}/members`, { key: reader.key })).status).toBe(200)
    const refused = await createInbox(reader.key, { name: 'X' })
    expectProblem(refused, 403, 'forbidden')
    expect(refused.body.missingScope).toBe('routing:write')
    const patch = await t.request('PATCH', `/v1/inboxes/${id}`, { key: reader.key, body: { name: 'X' } })
    expectProblem(patch, 403, 'forbidden')
    expectProblem(await t.request('GET', '/v1/inboxes', { key: other.key }), 403, 'forbidden')
  })

  it('keeps a limited key from reaching inboxes outside its limit even by id', async () => {
    const ws = await t.newWorkspace()
    const a = (await createInbox(ws.key, { name: 'A' })).body.id
    const b = (await createInbox(ws.key, { name: 'B' })).body.id
    const limited = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    await t.database.db
      .update(apiKeys)
      .set({ inboxIds: [idToUuid(a)] })
      .where(eq(apiKeys.id, limited.apiKeyId))
    expectProblem(
      await t.request('PATCH', `/v1/inboxes/${b}`, { key: limited.key, body: { name: 'X' } }),
      404,
      'not_found',
    )
    expect(
      (await t.request('PATCH', `/v1/inboxes/${a}`, { key: limited.key, body: { name: 'A2' } })).status,
    ).toBe(200)
    expectProblem(await t.request('GET', `/v1/inboxes/${b}/members`, { key: limited.key }), 404, 'not_found')
  })
})
