import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { events } from '../../src/db/schema'
import { newId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContactSession, type TestApp } from '../harness'
import { ensureStatuses, type StatusIds } from './tickets-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const call = (method: string, path: string, key: string | undefined, body?: unknown) =>
  t.request(method, path, { key, body })

const eventTypes = async (workspaceId: WorkspaceId, resourceId: string) =>
  (
    await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
      .orderBy(asc(events.occurredAt), asc(events.id))
  ).map((e) => e.type)

async function setup() {
  const ws = await t.newWorkspace()
  const statuses: StatusIds = await ensureStatuses(t, ws.workspaceId)
  const contact = await newContactSession(t, ws.workspaceId)
  const ticket = async (body: Record<string, unknown> = {}) => {
    const res = await call('POST', '/v1/tickets', ws.key, { subject: 's', requesterId: contact.id, ...body })
    expect(res.status, res.text).toBe(201)
    return res.body as { id: string; version: number }
  }
  const post = (key: string, id: string, body: unknown, query = '') =>
    call('POST', `/v1/tickets/${id}/messages${query}`, key, body)
  return { ws, statuses, contact, ticket, post }
}

describe('createTicketMessage', () => {
  it('a member reply sets firstResponseAt once and lastAgentMessageAt, counts, and emits message_created', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const first = await s.post(
      s.ws.key,
      tk.id,
      { kind: 'reply', body: 'Hello **there**' },
      '?bodyFormat=html',
    )
    expect(first.status, first.text).toBe(201)
    expect(first.body).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      ticketId: tk.id,
      kind: 'reply',
      body: 'Hello **there**',
      bodyHtml: '<p>Hello <strong>there</strong></p>\n',
      authorType: 'member',
      authorId: s.ws.memberId,
      source: 'api',
    })
    const after1 = (await call('GET', `/v1/tickets/${tk.id}`, s.ws.key)).body
    expect(after1.firstResponseAt).toEqual(expect.any(String))
    expect(after1.lastAgentMessageAt).toBe(after1.firstResponseAt)
    await new Promise((r) => setTimeout(r, 5))
    await s.post(s.ws.key, tk.id, { kind: 'reply', body: 'Again' })
    const after2 = (await call('GET', `/v1/tickets/${tk.id}`, s.ws.key)).body
    expect(after2.firstResponseAt).toBe(after1.firstResponseAt)
    expect(after2.lastAgentMessageAt > after1.lastAgentMessageAt).toBe(true)
    expect(after2.messageCount).toBe(2)
    // A note changes no response time.
    await s.post(s.ws.key, tk.id, { kind: 'note', body: 'internal' })
    const after3 = (await call('GET', `/v1/tickets/${tk.id}`, s.ws.key)).body
    expect(after3.lastAgentMessageAt).toBe(after2.lastAgentMessageAt)
    expect(after3.messageCount).toBe(3)
    // The first reply took the new ticket to open (Zendesk's rule); the later ones left the status alone.
    expect(after3).toMatchObject({ statusId: s.statuses.open, statusCategory: 'open' })
    expect(await eventTypes(s.ws.workspaceId, tk.id)).toEqual([
      'ticket.created',
      'ticket.updated',
      'ticket.status_changed',
      'ticket.message_created',
      'ticket.message_created',
      'ticket.message_created',
    ])
  })

  it("an agent's first public reply takes a new ticket to open; a note, a contact's reply and other categories do not", async () => {
    const s = await setup()
    const noted = await s.ticket()
    await s.post(s.ws.key, noted.id, { kind: 'note', body: 'looking into it' })
    expect((await call('GET', `/v1/tickets/${noted.id}`, s.ws.key)).body.statusCategory).toBe('new')
    const replied = await s.post(s.ws.key, noted.id, { kind: 'reply', body: 'On it' })
    expect(replied.status, replied.text).toBe(201)
    const opened = (await call('GET', `/v1/tickets/${noted.id}`, s.ws.key)).body
    expect(opened).toMatchObject({ statusId: s.statuses.open, statusCategory: 'open' })
    const [changed] = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.resourceId, noted.id), eq(events.type, 'ticket.status_changed')))
    expect(changed?.data).toMatchObject({ previous: { statusId: s.statuses.new, statusCategory: 'new' } })
    // A contact's reply leaves a new ticket new: only staff answering opens it.
    const asked = await s.ticket()
    expect((await s.post(s.contact.key, asked.id, { kind: 'reply', body: 'Hello?' })).status).toBe(201)
    expect((await call('GET', `/v1/tickets/${asked.id}`, s.ws.key)).body.statusCategory).toBe('new')
    // A solved ticket stays solved on an agent's reply.
    const solved = await s.ticket({ statusId: s.statuses.solved })
    await s.post(s.ws.key, solved.id, { kind: 'reply', body: 'One more thing' })
    expect((await call('GET', `/v1/tickets/${solved.id}`, s.ws.key)).body.statusCategory).toBe('solved')
  })

  it('a contact reply reopens pending, on-hold and solved tickets to open; new and open stay', async () => {
    const s = await setup()
    for (const category of ['pending', 'on_hold', 'solved'] as const) {
      const tk = await s.ticket({ statusId: s.statuses[category] })
      const res = await s.post(s.contact.key, tk.id, { kind: 'reply', body: 'Still broken' })
      expect(res.status, res.text).toBe(201)
      const after = (await call('GET', `/v1/tickets/${tk.id}`, s.ws.key)).body
      expect(after).toMatchObject({ statusId: s.statuses.open, statusCategory: 'open' })
      expect(after.lastCustomerMessageAt).toEqual(expect.any(String))
      expect(after.solvedAt).toBeNull()
      expect(await eventTypes(s.ws.workspaceId, tk.id)).toEqual([
        'ticket.created',
        'ticket.updated',
        'ticket.status_changed',
        'ticket.message_created',
      ])
    }
    const fresh = await s.ticket()
    await s.post(s.contact.key, fresh.id, { kind: 'reply', body: 'More' })
    expect((await call('GET', `/v1/tickets/${fresh.id}`, s.ws.key)).body.statusCategory).toBe('new')
    // A member's reply leaves the status as it is.
    const pending = await s.ticket({ statusId: s.statuses.pending })
    await s.post(s.ws.key, pending.id, { kind: 'reply', body: 'Waiting for you' })
    expect((await call('GET', `/v1/tickets/${pending.id}`, s.ws.key)).body.statusCategory).toBe('pending')
  })

  it('a closed ticket takes no message (409 ticket_closed), from staff or contact', async () => {
    const s = await setup()
    const tk = await s.ticket({ statusId: s.statuses.closed })
    expectProblem(await s.post(s.ws.key, tk.id, { kind: 'reply', body: 'x' }), 409, 'ticket_closed')
    expectProblem(await s.post(s.ws.key, tk.id, { kind: 'note', body: 'x' }), 409, 'ticket_closed')
    expectProblem(await s.post(s.contact.key, tk.id, { kind: 'reply', body: 'x' }), 409, 'ticket_closed')
  })

  it('answers 400 for a bad kind or an empty body, 404 for an unknown ticket, 401 without credentials', async () => {
    const s = await setup()
    const tk = await s.ticket()
    expectProblem(await s.post(s.ws.key, tk.id, { kind: 'shout', body: 'x' }), 400, 'validation_failed')
    expectProblem(await s.post(s.ws.key, tk.id, { kind: 'reply', body: '' }), 400, 'validation_failed')
    expectProblem(await s.post(s.ws.key, tk.id, { kind: 'reply', body: '   ' }), 400, 'validation_failed')
    expectProblem(await s.post(s.ws.key, newId('tkt'), { kind: 'reply', body: 'x' }), 404, 'not_found')
    expectProblem(
      await call('POST', `/v1/tickets/${tk.id}/messages`, undefined, { kind: 'reply', body: 'x' }),
      401,
      'unauthorized',
    )
    const other = await t.newWorkspace()
    expectProblem(await s.post(other.key, tk.id, { kind: 'reply', body: 'x' }), 404, 'not_found')
  })

  it('an API key writes as its member; a key without tickets:write gets 403', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const writer = await t.newMember(s.ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:write'],
    })
    const res = await s.post(writer.key, tk.id, { kind: 'note', body: 'from a script' })
    expect(res.body).toMatchObject({ authorType: 'member', authorId: writer.memberId })
    const reader = await t.newMember(s.ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:read'],
    })
    const denied = await s.post(reader.key, tk.id, { kind: 'note', body: 'x' })
    expectProblem(denied, 403, 'forbidden')
    expect(denied.body.missingScope).toBe('tickets:write')
  })
})

describe('listTicketMessages', () => {
  it('pages oldest first, filters by kind, sorts newest first on request, renders HTML', async () => {
    const s = await setup()
    const tk = await s.ticket()
    for (let i = 0; i < 5; i++)
      await s.post(s.ws.key, tk.id, { kind: i === 2 ? 'note' : 'reply', body: `m${i}` })
    const bodies = (res: { body: { data: Array<{ body: string }> } }) => res.body.data.map((m) => m.body)
    const first = await call('GET', `/v1/tickets/${tk.id}/messages?limit=2`, s.ws.key)
    expect(bodies(first)).toEqual(['m0', 'm1'])
    const second = await call(
      'GET',
      `/v1/tickets/${tk.id}/messages?limit=2&cursor=${first.body.nextCursor}`,
      s.ws.key,
    )
    expect(bodies(second)).toEqual(['m2', 'm3'])
    expect(bodies(await call('GET', `/v1/tickets/${tk.id}/messages?kind=note`, s.ws.key))).toEqual(['m2'])
    expect(
      bodies(await call('GET', `/v1/tickets/${tk.id}/messages?sort=-createdAt&limit=1`, s.ws.key)),
    ).toEqual(['m4'])
    const html = await call('GET', `/v1/tickets/${tk.id}/messages?bodyFormat=html&limit=1`, s.ws.key)
    expect(html.body.data[0].bodyHtml).toBe('<p>m0</p>\n')
    expectProblem(
      await call('GET', `/v1/tickets/${tk.id}/messages?kind=memo`, s.ws.key),
      400,
      'validation_failed',
    )
    expectProblem(await call('GET', `/v1/tickets/${newId('tkt')}/messages`, s.ws.key), 404, 'not_found')
  })
})

describe('listTicketActivity', () => {
  it('lists every field change with actor and before/after, oldest first', async () => {
    const s = await setup()
    const tk = await s.ticket()
    await call('PATCH', `/v1/tickets/${tk.id}`, s.ws.key, { priority: 'high', statusId: s.statuses.open })
    const res = await call('GET', `/v1/tickets/${tk.id}/activity`, s.ws.key)
    expect(res.status, res.text).toBe(200)
    expect(res.body.data[0]).toMatchObject({ field: 'created', actor: { type: 'api_key' } })
    const changes = res.body.data
      .slice(1)
      .map((a: { field: string; before: unknown; after: unknown }) => [a.field, a.before, a.after])
    expect(changes.sort()).toEqual(
      [
        ['priority', 'normal', 'high'],
        ['statusId', s.statuses.new, s.statuses.open],
      ].sort(),
    )
    const page = await call('GET', `/v1/tickets/${tk.id}/activity?limit=1&sort=-createdAt`, s.ws.key)
    expect(page.body.data).toHaveLength(1)
    expect(page.body.nextCursor).toEqual(expect.any(String))
    expectProblem(await call('GET', `/v1/tickets/${tk.id}/activity`, undefined), 401, 'unauthorized')
  })
})
