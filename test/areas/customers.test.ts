import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { contacts, organizations } from '../../src/db/schema'
import { ticketStatuses } from '../../src/db/schema/ticket-setup'
import { tickets } from '../../src/db/schema/tickets'
import { type ContactId, newId, type TeamId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, newContactSession, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })
const list = (key: string, query = '') => call('GET', `/v1/customers${query ? `?${query}` : ''}`, key)
const contactIds = (res: { body: { data: Array<{ contact: { id: string } }> } }) =>
  res.body.data.map((row) => row.contact.id)

async function newOrganization(workspaceId: WorkspaceId, name = 'Acme') {
  const [row] = await t.database.db
    .insert(organizations)
    .values({ id: newId('org'), workspaceId, name })
    .returning()
  return row!
}

/** Tickets written directly (the tickets API is another area's), in a seeded status of `category`. */
async function insertTickets(ws: Workspace, requesterId: string, categories: string[], teamId?: TeamId) {
  const statuses = await t.database.db
    .select()
    .from(ticketStatuses)
    .where(eq(ticketStatuses.workspaceId, ws.workspaceId))
  for (const [i, category] of categories.entries()) {
    const status = statuses.find((s) => s.category === category)!
    await t.database.db.insert(tickets).values({
      id: newId('tkt'),
      workspaceId: ws.workspaceId,
      number: Math.floor(Math.random() * 1e9),
      subject: `Ticket ${i}`,
      statusId: status.id,
      statusCategory: status.category,
      requesterId: requesterId as ContactId,
      teamId: teamId ?? null,
      createdAt: new Date(Date.UTC(2026, 10, 1 + i)),
    })
  }
}

const seen = (contactId: string, at: Date | null) =>
  t.database.db
    .update(contacts)
    .set({ lastSeenAt: at })
    .where(eq(contacts.id, contactId as ContactId))

describe('listCustomers', () => {
  it('answers each contact with its organisation, ticket and feedback counts', async () => {
    const ws = await t.newWorkspace()
    const org = await newOrganization(ws.workspaceId, 'Acme Inc.')
    const customer = await newContactSession(t, ws.workspaceId)
    await t.database.db
      .update(contacts)
      .set({ organizationId: org.id, name: 'Ada', attributes: { plan: 'enterprise' } })
      .where(eq(contacts.id, customer.id))
    await insertTickets(ws, customer.id, ['new', 'pending', 'solved', 'closed'])
    const board = await call('POST', '/v1/boards', ws.key, {
      name: 'Ideas',
      access: { view: 'anyone', post: 'contacts', vote: 'contacts', comment: 'contacts' },
    })
    expect(board.status, board.text).toBe(201)
    const mine = await call('POST', '/v1/posts', customer.key, { boardId: board.body.id, title: 'Dark mode' })
    expect(mine.status, mine.text).toBe(201)
    const staffPost = await call('POST', '/v1/posts', ws.key, { boardId: board.body.id, title: 'CSV export' })
    const deleted = await call('POST', '/v1/posts', customer.key, { boardId: board.body.id, title: 'Gone' })
    expect((await call('DELETE', `/v1/posts/${deleted.body.id}`, ws.key)).status).toBe(204)
    expect((await call('POST', `/v1/posts/${staffPost.body.id}/votes`, customer.key, {})).status).toBe(201)
    const comment = await call('POST', `/v1/posts/${staffPost.body.id}/comments`, customer.key, {
      body: 'Yes please',
    })
    expect(comment.status, comment.text).toBe(201)
    const quiet = await newContact(ws.workspaceId, { email: 'quiet@example.test' })

    const res = await list(ws.key)
    expect(res.status, res.text).toBe(200)
    const row = res.body.data.find((r: { contact: { id: string } }) => r.contact.id === customer.id)
    expect(row).toEqual({
      contact: expect.objectContaining({
        id: customer.id,
        name: 'Ada',
        organizationId: org.id,
        attributes: { plan: 'enterprise' },
      }),
      organization: { id: org.id, name: 'Acme Inc.' },
      tickets: { open: 2, total: 4, lastTicketAt: '2026-11-04T00:00:00.000Z' },
      // The deleted post does not count; the vote is on the staff post.
      feedback: { posts: 1, votes: 1, comments: 1 },
    })
    expect(res.body.data.find((r: { contact: { id: string } }) => r.contact.id === quiet.id)).toEqual({
      contact: expect.objectContaining({ id: quiet.id }),
      organization: null,
      tickets: { open: 0, total: 0, lastTicketAt: null },
      feedback: { posts: 0, votes: 0, comments: 0 },
    })
  })

  it('filters by organisation, open tickets, attributes and q', async () => {
    const ws = await t.newWorkspace()
    const org = await newOrganization(ws.workspaceId)
    const a = await newContact(ws.workspaceId, {
      email: 'ada@acme.test',
      name: 'Ada Lovelace',
      organizationId: org.id,
      attributes: { plan: 'enterprise', seats: 40, regions: ['eu', 'us'], beta: true },
    })
    const b = await newContact(ws.workspaceId, {
      email: 'grace@navy.test',
      name: 'Grace Hopper',
      attributes: { plan: 'free', note: 'a:b' },
    })
    const c = await newContact(ws.workspaceId, { email: 'linus@example.test', name: 'Linus' })
    await insertTickets(ws, a.id, ['open'])
    await insertTickets(ws, b.id, ['solved'])
    const sorted = (ids: string[]) => [...ids].sort()
    expect(contactIds(await list(ws.key, `organizationId=${org.id}`))).toEqual([a.id])
    expect(contactIds(await list(ws.key, 'hasOpenTickets=true'))).toEqual([a.id])
    expect(sorted(contactIds(await list(ws.key, 'hasOpenTickets=false')))).toEqual(sorted([b.id, c.id]))
    expect(contactIds(await list(ws.key, 'attribute=plan:enterprise'))).toEqual([a.id])
    expect(contactIds(await list(ws.key, 'attribute=seats:40&attribute=beta:true'))).toEqual([a.id])
    expect(contactIds(await list(ws.key, 'attribute=regions:us'))).toEqual([a.id])
    expect(contactIds(await list(ws.key, 'attribute=note:a:b'))).toEqual([b.id])
    expect(contactIds(await list(ws.key, 'attribute=plan:enterprise&attribute=regions:asia'))).toEqual([])
    expect(contactIds(await list(ws.key, 'q=HOPPER'))).toEqual([b.id])
    expect(contactIds(await list(ws.key, 'q=acme.test'))).toEqual([a.id])
    expect(contactIds(await list(ws.key, 'q=%25'))).toEqual([])
  })

  it('sorts by last seen (never seen last), name and creation, and pages with a cursor', async () => {
    const ws = await t.newWorkspace()
    const made = []
    for (const [name, lastSeen] of [
      ['Bea', new Date('2026-11-02T00:00:00Z')],
      ['Al', null],
      ['Cy', new Date('2026-11-03T00:00:00Z')],
      ['Di', new Date('2026-11-01T00:00:00Z')],
    ] as const) {
      const contact = await newContact(ws.workspaceId, { name, email: `${name.toLowerCase()}@x.test` })
      await seen(contact.id, lastSeen)
      made.push(contact)
    }
    const names = (res: { body: { data: Array<{ contact: { name: string } }> } }) =>
      res.body.data.map((r) => r.contact.name)
    expect(names(await list(ws.key))).toEqual(['Cy', 'Bea', 'Di', 'Al'])
    expect(names(await list(ws.key, 'sort=lastSeenAt'))).toEqual(['Al', 'Di', 'Bea', 'Cy'])
    expect(names(await list(ws.key, 'sort=name'))).toEqual(['Al', 'Bea', 'Cy', 'Di'])
    expect(names(await list(ws.key, 'sort=-createdAt'))).toEqual(['Di', 'Cy', 'Al', 'Bea'])
    const first = await list(ws.key, 'limit=3')
    expect(names(first)).toEqual(['Cy', 'Bea', 'Di'])
    const second = await list(ws.key, `limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`)
    expect(names(second)).toEqual(['Al'])
    expect(second.body.nextCursor).toBeNull()
    expectProblem(
      await list(ws.key, `sort=name&cursor=${encodeURIComponent(first.body.nextCursor)}`),
      400,
      'invalid_cursor',
    )
  })

  it('never lists merged contacts or another workspace’s', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const kept = await newContact(ws.workspaceId, { email: 'kept@x.test' })
    const gone = await newContact(ws.workspaceId, { email: 'gone@x.test' })
    expect(
      (await call('POST', `/v1/contacts/${kept.id}/merge`, ws.key, { sourceContactId: gone.id })).status,
    ).toBe(200)
    await newContact(other.workspaceId, { email: 'elsewhere@x.test' })
    expect(contactIds(await list(ws.key))).toEqual([kept.id])
  })

  it('refuses bad filters with 400', async () => {
    const ws = await t.newWorkspace()
    expectProblem(await list(ws.key, 'hasOpenTickets=yes'), 400, 'validation_failed')
    expectProblem(await list(ws.key, 'attribute=novalue'), 400, 'validation_failed')
    expectProblem(await list(ws.key, 'attribute=:x'), 400, 'validation_failed')
    expectProblem(await list(ws.key, 'organizationId=acme'), 400, 'validation_failed')
    expectProblem(await list(ws.key, 'sort=-openTickets'), 400, 'validation_failed')
    expectProblem(
      await list(ws.key, `${Array.from({ length: 11 }, (_, i) => `attribute=k${i}:v`).join('&')}`),
      400,
      'validation_failed',
    )
  })
})

describe('listCustomers security', () => {
  it('counts only what the caller may read: its teams’ tickets, the boards its audience admits; null for none', async () => {
    const ws = await t.newWorkspace()
    const teamA = await t.newTeam(ws.workspaceId, 'A')
    const teamB = await t.newTeam(ws.workspaceId, 'B')
    const customer = await newContactSession(t, ws.workspaceId)
    await insertTickets(ws, customer.id, ['new', 'solved'], teamA.id)
    await insertTickets(ws, customer.id, ['open', 'pending', 'closed'], teamB.id)
    const board = await call('POST', '/v1/boards', ws.key, {
      name: 'Beta',
      access: { view: 'anyone', post: 'contacts', vote: 'contacts', comment: 'contacts' },
    })
    const post = await call('POST', '/v1/posts', customer.key, {
      boardId: board.body.id,
      title: 'Offline mode',
    })
    expect(post.status, post.text).toBe(201)
    expect((await call('POST', `/v1/posts/${post.body.id}/votes`, customer.key, {})).status).toBe(201)
    const comment = await call('POST', `/v1/posts/${post.body.id}/comments`, customer.key, { body: 'Please' })
    expect(comment.status, comment.text).toBe(201)
    const rowOf = async (key: string) => {
      const res = await list(key)
      expect(res.status, res.text).toBe(200)
      return res.body.data.find((r: { contact: { id: string } }) => r.contact.id === customer.id)
    }

    expect((await rowOf(ws.key)).tickets).toMatchObject({ open: 3, total: 5 })
    const agentA = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [teamA.id] })
    expect((await rowOf(agentA.key)).tickets).toEqual({
      open: 1,
      total: 2,
      lastTicketAt: '2026-11-02T00:00:00.000Z',
    })
    expect(contactIds(await list(agentA.key, 'hasOpenTickets=true'))).toEqual([customer.id])
    const teamKeyB = await t.newMember(ws.workspaceId, { roles: [{ role: 'owner' }], keyTeamIds: [teamB.id] })
    expect((await rowOf(teamKeyB.key)).tickets).toMatchObject({ open: 2, total: 3 })

    // The board narrows to a segment the contact is not in: its own post, vote and comment no longer count for
    // it (it can no longer open them), while staff still count them.
    const segment = await call('POST', '/v1/segments', ws.key, { name: 'Beta testers', kind: 'manual' })
    expect(segment.status, segment.text).toBe(201)
    const narrowed = await call('PATCH', `/v1/boards/${board.body.id}`, ws.key, {
      visibility: { audience: 'segments', segmentIds: [segment.body.id] },
    })
    expect(narrowed.status, narrowed.text).toBe(200)
    expect((await rowOf(ws.key)).feedback).toEqual({ posts: 1, votes: 1, comments: 1 })
    expect((await rowOf(customer.key)).feedback).toEqual({ posts: 0, votes: 0, comments: 0 })
    expect((await rowOf(customer.key)).tickets).toMatchObject({ total: 5 })

    // A key that may read contacts but neither tickets nor feedback learns nothing of either.
    const contactsOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'owner' }],
      scopes: ['contacts:read'],
    })
    const row = await rowOf(contactsOnly.key)
    expect(row.tickets).toBeNull()
    expect(row.feedback).toBeNull()
    // Filtering by tickets it may not read is refused as listing them would be (403 naming the scope).
    for (const value of ['true', 'false']) {
      const refused = await list(contactsOnly.key, `hasOpenTickets=${value}`)
      expectProblem(refused, 403, 'forbidden')
      expect(refused.body.missingScope).toBe('tickets:read')
    }
  })

  it('needs contacts.read (any staff role that reads contacts) and the contacts:read scope', async () => {
    const ws = await t.newWorkspace()
    await newContact(ws.workspaceId, { email: 'x@x.test' })
    const collaborator = await t.newMember(ws.workspaceId, { roles: [{ role: 'collaborator' }] })
    expect((await list(collaborator.key)).body.data).toHaveLength(1)
    const ticketsOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:read'],
    })
    const refused = await list(ticketsOnly.key)
    expectProblem(refused, 403, 'forbidden')
    expect(refused.body.missingScope).toBe('contacts:read')
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    expect((await list(reader.key)).status).toBe(200)
  })

  it('lists only itself to a contact, and refuses no credential (401) and a visitor (403)', async () => {
    const ws = await t.newWorkspace()
    await newContact(ws.workspaceId, { email: 'someone@x.test' })
    const contact = await newContactSession(t, ws.workspaceId)
    expect(contactIds(await list(contact.key))).toEqual([contact.id])
    expectProblem(await call('GET', '/v1/customers'), 401, 'unauthorized')
    const origin = 'https://customers-visitors.test'
    const profile = await call('POST', '/v1/widget-profiles', ws.key, {
      name: 'Portal',
      environment: 'production',
      allowedOrigins: [origin],
    })
    expect(profile.status, profile.text).toBe(201)
    expect(
      (await call('GET', '/v1/customers', profile.body.publishableKey, undefined, { origin })).status,
    ).toBe(403)
  })
})
