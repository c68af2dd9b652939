// Participants, links and merges of tickets (spec/paths/ticket-links.yaml): happy paths, each error code, and
// security (no credential, publishable key, contact, another workspace, wrong role, wrong API-key scope).
import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditEntries, events } from '../../src/db/schema'
import { ticketParticipants } from '../../src/db/schema/tickets'
import { type ContactId, newId, type TicketId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, newContactSession, type TestApp } from '../harness'
import { ensureStatuses } from './tickets-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

interface Ws {
  workspaceId: WorkspaceId
  key: string
  memberId: string
}

async function workspace(): Promise<Ws> {
  const ws = await t.newWorkspace()
  await ensureStatuses(t, ws.workspaceId)
  return { workspaceId: ws.workspaceId, key: ws.key, memberId: ws.memberId }
}

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })

/** A ticket of `requesterId` (a new contact when not given), opened with a first reply from the requester. */
async function newTicket(ws: Ws, fields: Record<string, unknown> = {}) {
  const requesterId =
    (fields.requesterId as string) ?? (await newContact(ws.workspaceId, {}, t.database.db)).id
  const res = await call('POST', '/v1/tickets', ws.key, {
    subject: 'Export broken',
    message: { body: 'The export does nothing.' },
    ...fields,
    requesterId,
  })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: TicketId; number: number; requesterId: string; version: number }
}

const participants = (ticketId: string) => `/v1/tickets/${ticketId}/participants`
const links = (ticketId: string) => `/v1/tickets/${ticketId}/links`
const merge = (ticketId: string) => `/v1/tickets/${ticketId}/merge`

const eventsOf = (workspaceId: WorkspaceId, type: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.type, type)))
    .orderBy(asc(events.occurredAt), asc(events.id))

const auditOf = (workspaceId: WorkspaceId, type: string) =>
  t.database.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.workspaceId, workspaceId), eq(auditEntries.type, type)))

/** A publishable key of the workspace and the origin it answers. */
async function publishableKey(ws: Ws) {
  const origin = 'https://ticket-links-visitors.test'
  const profile = await call('POST', '/v1/widget-profiles', ws.key, {
    name: 'Portal',
    environment: 'production',
    allowedOrigins: [origin],
  })
  expect(profile.status, profile.text).toBe(201)
  return { key: profile.body.publishableKey as string, headers: { origin } }
}

// ------------------------------------------------------------------------------------------ participants

describe('addTicketParticipant, listTicketParticipants, removeTicketParticipant', () => {
  it('CCs a contact and adds a follower, lists them oldest first, and removes them, with events and audit', async () => {
    const ws = await workspace()
    const ticket = await newTicket(ws)
    const cc = await newContact(ws.workspaceId, {}, t.database.db)
    const follower = await t.newMember(ws.workspaceId)

    const added = await call('POST', participants(ticket.id), ws.key, {
      type: 'contact',
      id: cc.id,
      role: 'cc',
    })
    expect(added.status, added.text).toBe(201)
    expect(added.body).toMatchObject({ type: 'contact', id: cc.id, role: 'cc' })
    const followed = await call('POST', participants(ticket.id), ws.key, {
      type: 'member',
      id: follower.memberId,
    })
    expect(followed.status, followed.text).toBe(201)
    expect(followed.body).toMatchObject({ type: 'member', id: follower.memberId, role: 'follower' })

    const list = await call('GET', participants(ticket.id), ws.key)
    expect(list.status, list.text).toBe(200)
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([cc.id, follower.memberId])

    expect((await call('DELETE', `${participants(ticket.id)}/${follower.memberId}`, ws.key)).status).toBe(204)
    const after = await call('GET', participants(ticket.id), ws.key)
    expect(after.body.data.map((p: { id: string }) => p.id)).toEqual([cc.id])

    const addedEvents = await eventsOf(ws.workspaceId, 'ticket.participant_added')
    expect(addedEvents.map((e) => (e.data as { participant: { id: string } }).participant.id)).toEqual([
      cc.id,
      follower.memberId,
    ])
    expect(addedEvents[0]?.resourceId).toBe(ticket.id)
    const removed = await eventsOf(ws.workspaceId, 'ticket.participant_removed')
    expect(removed).toHaveLength(1)
    expect(await auditOf(ws.workspaceId, 'ticket.participant_removed')).toHaveLength(1)
    const activity = await call('GET', `/v1/tickets/${ticket.id}/activity`, ws.key)
    expect(activity.body.data.map((a: { field: string }) => a.field)).toEqual(
      expect.arrayContaining(['participant_added', 'participant_removed']),
    )
  })

  it('lets a CC contact read the ticket and its replies (never its notes) and reply, until it is removed', async () => {
    const ws = await workspace()
    const ticket = await newTicket(ws)
    const contact = await newContactSession(t, ws.workspaceId)
    const note = await call('POST', `/v1/tickets/${ticket.id}/messages`, ws.key, {
      kind: 'note',
      body: 'internal',
    })
    expect(note.status, note.text).toBe(201)

    expectProblem(await call('GET', `/v1/tickets/${ticket.id}`, contact.key), 404, 'not_found')
    expect(
      (await call('POST', participants(ticket.id), ws.key, { type: 'contact', id: contact.id })).status,
    ).toBe(201)

    const read = await call('GET', `/v1/tickets/${ticket.id}`, contact.key)
    expect(read.status, read.text).toBe(200)
    expect(read.body.assigneeId).toBeUndefined()
    const messages = await call('GET', `/v1/tickets/${ticket.id}/messages`, contact.key)
    expect(messages.status, messages.text).toBe(200)
    expect(messages.body.data.map((m: { kind: string }) => m.kind)).toEqual(['reply'])
    const listed = await call('GET', '/v1/tickets', contact.key)
    expect(listed.body.data.map((x: { id: string }) => x.id)).toEqual([ticket.id])
    const reply = await call('POST', `/v1/tickets/${ticket.id}/messages`, contact.key, {
      kind: 'reply',
      body: 'Me too',
    })
    expect(reply.status, reply.text).toBe(201)
    expectProblem(
      await call('POST', `/v1/tickets/${ticket.id}/messages`, contact.key, { kind: 'note', body: 'no' }),
      403,
      'forbidden',
    )
    // Who else follows a ticket is staff business.
    expectProblem(await call('GET', participants(ticket.id), contact.key), 403, 'forbidden')

    expect((await call('DELETE', `${participants(ticket.id)}/${contact.id}`, ws.key)).status).toBe(204)
    expectProblem(await call('GET', `/v1/tickets/${ticket.id}`, contact.key), 404, 'not_found')
  })

  it('refuses a bad role, a wrong id kind, a stranger, a second add, a full ticket and a non-participant', async () => {
    const ws = await workspace()
    const ticket = await newTicket(ws)
    const contact = await newContact(ws.workspaceId, {}, t.database.db)
    const add = (body: unknown) => call('POST', participants(ticket.id), ws.key, body)

    expectProblem(
      await add({ type: 'contact', id: contact.id, role: 'follower' }),
      422,
      'ticket_participant_role_invalid',
    )
    expectProblem(await add({ type: 'member', id: contact.id }), 400, 'validation_failed')
    expectProblem(await add({ type: 'contact', id: 'ct_nope' }), 400, 'validation_failed')
    expectProblem(await add({ type: 'robot', id: contact.id }), 400, 'validation_failed')
    expectProblem(await add({ type: 'contact', id: newId('ct') }), 422, 'ticket_participant_not_found')
    expectProblem(await add({ type: 'member', id: newId('mbr') }), 422, 'ticket_participant_not_found')
    const other = await workspace()
    const foreign = await newContact(other.workspaceId, {}, t.database.db)
    expectProblem(await add({ type: 'contact', id: foreign.id }), 422, 'ticket_participant_not_found')

    expect((await add({ type: 'contact', id: contact.id })).status).toBe(201)
    expectProblem(await add({ type: 'contact', id: contact.id }), 409, 'ticket_participant_exists')

    expectProblem(await call('DELETE', `${participants(ticket.id)}/${newId('ct')}`, ws.key), 404, 'not_found')
    expectProblem(await call('DELETE', `${participants(ticket.id)}/tkt_x`, ws.key), 400, 'validation_failed')
    expectProblem(await call('GET', participants(newId('tkt')), ws.key), 404, 'not_found')

    const full = await newTicket(ws)
    const many = await Promise.all(
      Array.from({ length: 100 }, () => newContact(ws.workspaceId, {}, t.database.db)),
    )
    await t.database.db
      .insert(ticketParticipants)
      .values(
        many.map((c) => ({ workspaceId: ws.workspaceId, ticketId: full.id, contactId: c.id as ContactId })),
      )
    expectProblem(
      await call('POST', participants(full.id), ws.key, { type: 'contact', id: contact.id }),
      422,
      'ticket_participants_limit',
    )
  })

  it('security: 401 without a credential; 404 for another workspace and a publishable key; 403 for a contact, a viewer and a read-only key', async () => {
    const ws = await workspace()
    const requester = await newContactSession(t, ws.workspaceId)
    const ticket = await newTicket(ws, { requesterId: requester.id })
    const contact = await newContact(ws.workspaceId, {}, t.database.db)
    const body = { type: 'contact', id: contact.id }
    const other = await t.newWorkspace()
    const visitor = await publishableKey(ws)
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const readOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:read'],
    })

    for (const [method, path, payload] of [
      ['GET', participants(ticket.id), undefined],
      ['POST', participants(ticket.id), body],
      ['DELETE', `${participants(ticket.id)}/${contact.id}`, undefined],
    ] as const) {
      expectProblem(await call(method, path, undefined, payload), 401, 'unauthorized')
      expectProblem(await call(method, path, other.key, payload), 404, 'not_found')
      expectProblem(await call(method, path, visitor.key, payload, visitor.headers), 404, 'not_found')
      expectProblem(await call(method, path, requester.key, payload), 403, 'forbidden')
      if (method !== 'GET') {
        expectProblem(await call(method, path, viewer.key, payload), 403, 'forbidden')
        expectProblem(await call(method, path, readOnly.key, payload), 403, 'forbidden')
      }
    }
    // A viewer reads tickets (and so their participants) but changes nothing.
    expect((await call('GET', participants(ticket.id), readOnly.key)).status).toBe(200)
  })

  it('a team-limited agent gets 404 for another team’s ticket', async () => {
    const ws = await workspace()
    const [teamA, teamB] = [await t.newTeam(ws.workspaceId), await t.newTeam(ws.workspaceId)]
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [teamA.id] })
    const ticket = await newTicket(ws, { teamId: teamB.id })
    const contact = await newContact(ws.workspaceId, {}, t.database.db)
    expectProblem(await call('GET', participants(ticket.id), agent.key), 404, 'not_found')
    expectProblem(
      await call('POST', participants(ticket.id), agent.key, { type: 'contact', id: contact.id }),
      404,
      'not_found',
    )
    const own = await newTicket(ws, { teamId: teamA.id })
    expect(
      (await call('POST', participants(own.id), agent.key, { type: 'contact', id: contact.id })).status,
    ).toBe(201)
  })
})

// ------------------------------------------------------------------------------------------------- links

async function newPost(ws: Ws) {
  const board = await call('POST', '/v1/boards', ws.key, { name: `Ideas ${newId('brd').slice(-6)}` })
  expect(board.status, board.text).toBe(201)
  const post = await call('POST', '/v1/posts', ws.key, { boardId: board.body.id, title: 'CSV export' })
  expect(post.status, post.text).toBe(201)
  return post.body as { id: string }
}

describe('createTicketLink, listTicketLinks, deleteTicketLink', () => {
  it('links a post and adds the requester’s vote once per contact, through the votes service', async () => {
    const ws = await workspace()
    const post = await newPost(ws)
    const first = await newTicket(ws)
    const second = await newTicket(ws, { requesterId: first.requesterId })

    const linked = await call('POST', links(first.id), ws.key, {
      kind: 'post',
      postId: post.id,
      addVote: true,
    })
    expect(linked.status, linked.text).toBe(201)
    expect(linked.body).toMatchObject({
      ticketId: first.id,
      kind: 'post',
      postId: post.id,
      otherTicketId: null,
      url: null,
      voteAdded: true,
      createdBy: { type: 'member', id: ws.memberId },
    })
    expect(linked.body.id).toMatch(/^tlnk_/)
    // The same requester on another ticket: linked, but still one vote.
    const again = await call('POST', links(second.id), ws.key, {
      kind: 'post',
      postId: post.id,
      addVote: true,
    })
    expect(again.status, again.text).toBe(201)
    expect(again.body.voteAdded).toBe(false)

    const read = await call('GET', `/v1/posts/${post.id}`, ws.key)
    expect(read.body.voteCount).toBe(1)
    const voters = await call('GET', `/v1/posts/${post.id}/votes`, ws.key)
    expect(voters.body.data).toHaveLength(1)
    expect(voters.body.data[0]).toMatchObject({
      voter: { type: 'contact', id: first.requesterId },
      source: `ticket:${first.id}`,
    })
    expect(await eventsOf(ws.workspaceId, 'post.voted')).toHaveLength(1)
    expect(await eventsOf(ws.workspaceId, 'ticket.link_created')).toHaveLength(2)
    expect(await auditOf(ws.workspaceId, 'ticket.link_created')).toHaveLength(2)

    // Without addVote nothing is voted, and the answer does not mention votes.
    const third = await newTicket(ws)
    const plain = await call('POST', links(third.id), ws.key, { kind: 'post', postId: post.id })
    expect(plain.status, plain.text).toBe(201)
    expect(plain.body.voteAdded).toBeUndefined()
    expect((await call('GET', `/v1/posts/${post.id}`, ws.key)).body.voteCount).toBe(1)
  })

  it('links other tickets and URLs, lists them oldest first, and deletes one', async () => {
    const ws = await workspace()
    const ticket = await newTicket(ws)
    const [a, b, c] = [await newTicket(ws), await newTicket(ws), await newTicket(ws)]
    const made = []
    for (const body of [
      { kind: 'related', otherTicketId: a.id },
      { kind: 'duplicate', otherTicketId: b.id },
      { kind: 'parent', otherTicketId: c.id },
      { kind: 'external', url: 'https://github.com/acme/app/issues/42', title: 'GH #42' },
    ]) {
      const res = await call('POST', links(ticket.id), ws.key, body)
      expect(res.status, res.text).toBe(201)
      made.push(res.body.id as string)
    }
    const list = await call('GET', links(ticket.id), ws.key)
    expect(list.status, list.text).toBe(200)
    expect(list.body.data.map((l: { id: string }) => l.id)).toEqual(made)
    expect(list.body.data[3]).toMatchObject({
      kind: 'external',
      url: 'https://github.com/acme/app/issues/42',
      title: 'GH #42',
    })

    expect((await call('DELETE', `${links(ticket.id)}/${made[0]}`, ws.key)).status).toBe(204)
    expect((await call('GET', links(ticket.id), ws.key)).body.data).toHaveLength(3)
    expect(await eventsOf(ws.workspaceId, 'ticket.link_deleted')).toHaveLength(1)
    expectProblem(await call('DELETE', `${links(ticket.id)}/${made[0]}`, ws.key), 404, 'not_found')
    // Another ticket's link is not this ticket's.
    expectProblem(await call('DELETE', `${links(a.id)}/${made[1]}`, ws.key), 404, 'not_found')
  })

  it('refuses itself, an unknown or unreadable target, the same link twice, a field of another kind and a full ticket', async () => {
    const ws = await workspace()
    const [teamA, teamB] = [await t.newTeam(ws.workspaceId), await t.newTeam(ws.workspaceId)]
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [teamA.id] })
    const ticket = await newTicket(ws, { teamId: teamA.id })
    const hidden = await newTicket(ws, { teamId: teamB.id })
    const visible = await newTicket(ws, { teamId: teamA.id })
    const add = (body: unknown, key = ws.key) => call('POST', links(ticket.id), key, body)

    expectProblem(await add({ kind: 'related', otherTicketId: ticket.id }), 422, 'ticket_link_self')
    expectProblem(
      await add({ kind: 'related', otherTicketId: newId('tkt') }),
      422,
      'ticket_link_target_not_found',
    )
    expectProblem(await add({ kind: 'post', postId: newId('post') }), 422, 'ticket_link_target_not_found')
    expectProblem(
      await add({ kind: 'duplicate', otherTicketId: hidden.id }, agent.key),
      422,
      'ticket_link_target_not_found',
    )
    const other = await workspace()
    const foreign = await newTicket(other)
    expectProblem(
      await add({ kind: 'related', otherTicketId: foreign.id }),
      422,
      'ticket_link_target_not_found',
    )

    expectProblem(await add({ kind: 'related', postId: newId('post') }), 400, 'validation_failed')
    expectProblem(
      await add({ kind: 'external', url: 'https://x.test', otherTicketId: visible.id }),
      400,
      'validation_failed',
    )
    expectProblem(await add({ kind: 'external' }), 400, 'validation_failed')
    expectProblem(await add({ kind: 'external', url: 'javascript:alert(1)' }), 400, 'validation_failed')
    expectProblem(await add({ kind: 'child', otherTicketId: visible.id }), 400, 'validation_failed')

    expect((await add({ kind: 'related', otherTicketId: visible.id }, agent.key)).status).toBe(201)
    expectProblem(await add({ kind: 'related', otherTicketId: visible.id }), 409, 'ticket_link_exists')
    expect((await add({ kind: 'duplicate', otherTicketId: visible.id })).status).toBe(201)

    // An owner links the hidden ticket: the agent's list leaves it out.
    expect((await add({ kind: 'parent', otherTicketId: hidden.id })).status).toBe(201)
    const seen = await call('GET', links(ticket.id), agent.key)
    expect(seen.body.data.map((l: { otherTicketId: string }) => l.otherTicketId)).toEqual([
      visible.id,
      visible.id,
    ])
    expect((await call('GET', links(ticket.id), ws.key)).body.data).toHaveLength(3)

    for (let i = 3; i < 100; i++) {
      expect((await add({ kind: 'external', url: `https://x.test/${i}` })).status).toBe(201)
    }
    expectProblem(await add({ kind: 'external', url: 'https://x.test/full' }), 422, 'ticket_links_limit')
  })

  it('refuses a merged post with 409 post_merged; votes only where the caller may vote for a contact', async () => {
    const ws = await workspace()
    const post = await newPost(ws)
    const target = await newPost(ws)
    expect(
      (await call('POST', `/v1/posts/${post.id}/merge`, ws.key, { targetPostId: target.id })).status,
    ).toBe(200)
    const ticket = await newTicket(ws)
    expectProblem(
      await call('POST', links(ticket.id), ws.key, { kind: 'post', postId: post.id }),
      409,
      'post_merged',
    )
    // A ticket-only key links but may not vote on feedback.
    const ticketsOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:write', 'feedback:read'],
    })
    expect(
      (await call('POST', links(ticket.id), ticketsOnly.key, { kind: 'post', postId: target.id })).status,
    ).toBe(201)
    const other = await newTicket(ws)
    const refused = await call('POST', links(other.id), ticketsOnly.key, {
      kind: 'post',
      postId: target.id,
      addVote: true,
    })
    expectProblem(refused, 403, 'forbidden')
    expect((await call('GET', links(other.id), ws.key)).body.data).toEqual([])
  })

  it('security: 401 without a credential; 404 for another workspace and a publishable key; 403 for a contact, a viewer and a read-only key', async () => {
    const ws = await workspace()
    const requester = await newContactSession(t, ws.workspaceId)
    const ticket = await newTicket(ws, { requesterId: requester.id })
    const other = await newTicket(ws)
    const made = await call('POST', links(ticket.id), ws.key, { kind: 'related', otherTicketId: other.id })
    expect(made.status).toBe(201)
    const visitor = await publishableKey(ws)
    const stranger = await t.newWorkspace()
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const readOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:read'],
    })
    const body = { kind: 'external', url: 'https://x.test' }
    for (const [method, path, payload] of [
      ['GET', links(ticket.id), undefined],
      ['POST', links(ticket.id), body],
      ['DELETE', `${links(ticket.id)}/${made.body.id}`, undefined],
    ] as const) {
      expectProblem(await call(method, path, undefined, payload), 401, 'unauthorized')
      expectProblem(await call(method, path, stranger.key, payload), 404, 'not_found')
      expectProblem(await call(method, path, visitor.key, payload, visitor.headers), 404, 'not_found')
      expectProblem(await call(method, path, requester.key, payload), 403, 'forbidden')
      if (method !== 'GET') {
        expectProblem(await call(method, path, viewer.key, payload), 403, 'forbidden')
        expectProblem(await call(method, path, readOnly.key, payload), 403, 'forbidden')
      }
    }
    expect((await call('GET', links(ticket.id), viewer.key)).status).toBe(200)
  })
})

// ------------------------------------------------------------------------------------------------- merge

describe('mergeTicket', () => {
  it('moves messages, participants, links and attachments, closes the source pointing at the target, notes both', async () => {
    const ws = await workspace()
    const requester = await newContactSession(t, ws.workspaceId)
    const source = await newTicket(ws, { requesterId: requester.id })
    const target = await newTicket(ws)
    const cc = await newContact(ws.workspaceId, {}, t.database.db)
    const linked = await newTicket(ws)
    await call('POST', `/v1/tickets/${source.id}/messages`, ws.key, { kind: 'reply', body: 'We are on it' })
    await call('POST', `/v1/tickets/${source.id}/messages`, ws.key, { kind: 'note', body: 'secret note' })
    expect((await call('POST', participants(source.id), ws.key, { type: 'contact', id: cc.id })).status).toBe(
      201,
    )
    expect(
      (await call('POST', links(source.id), ws.key, { kind: 'related', otherTicketId: linked.id })).status,
    ).toBe(201)
    // A link to the target itself would become a self-link: it is dropped.
    expect(
      (await call('POST', links(source.id), ws.key, { kind: 'related', otherTicketId: target.id })).status,
    ).toBe(201)

    const res = await call('POST', merge(source.id), ws.key, { targetTicketId: target.id })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({ id: target.id, mergedIntoId: null })
    expect(res.headers.get('etag')).toBeTruthy()

    const sourceNow = await call('GET', `/v1/tickets/${source.id}`, ws.key)
    expect(sourceNow.status).toBe(200)
    expect(sourceNow.body).toMatchObject({ mergedIntoId: target.id, statusCategory: 'closed' })
    expect(sourceNow.body.closedAt).not.toBeNull()

    const moved = await call('GET', `/v1/tickets/${target.id}/messages?limit=100`, ws.key)
    const bodies = moved.body.data.map((m: { body: string }) => m.body)
    expect(bodies).toEqual(expect.arrayContaining(['We are on it', 'secret note']))
    expect(bodies).toContain(`Ticket #${source.number} was merged into this ticket.`)
    const left = await call('GET', `/v1/tickets/${source.id}/messages`, ws.key)
    expect(
      left.body.data.map((m: { body: string; kind: string; authorType: string }) => [
        m.kind,
        m.authorType,
        m.body,
      ]),
    ).toEqual([['note', 'system', `This ticket was merged into ticket #${target.number}.`]])

    const people = await call('GET', participants(target.id), ws.key)
    expect(people.body.data.map((p: { id: string }) => p.id).sort()).toEqual([cc.id, requester.id].sort())
    expect((await call('GET', participants(source.id), ws.key)).body.data).toEqual([])
    const targetLinks = await call('GET', links(target.id), ws.key)
    expect(targetLinks.body.data.map((l: { otherTicketId: string }) => l.otherTicketId)).toEqual([linked.id])

    const [merged] = await eventsOf(ws.workspaceId, 'ticket.merged')
    expect(merged?.resourceId).toBe(target.id)
    expect(merged?.data).toMatchObject({
      source: { id: source.id, number: source.number },
      moved: { messages: 3, participants: 2, links: 1, attachments: 0 },
    })
    expect(await auditOf(ws.workspaceId, 'ticket.merged')).toHaveLength(1)

    // The source's requester follows its conversation on the target: replies only, never a note.
    const asContact = await call('GET', `/v1/tickets/${target.id}/messages?limit=100`, requester.key)
    expect(asContact.status, asContact.text).toBe(200)
    expect(asContact.body.data.length).toBeGreaterThan(0)
    expect(asContact.body.data.every((m: { kind: string }) => m.kind === 'reply')).toBe(true)
    expect(JSON.stringify(asContact.body)).not.toContain('secret note')
    const sourceAsContact = await call('GET', `/v1/tickets/${source.id}`, requester.key)
    expect(sourceAsContact.body.mergedIntoId).toBe(target.id)
    expect((await call('GET', `/v1/tickets/${source.id}/messages`, requester.key)).body.data).toEqual([])
    const included = await call('GET', `/v1/tickets/${target.id}?include=messages`, requester.key)
    expect(JSON.stringify(included.body)).not.toContain('secret note')
  })

  it('refuses itself (422), a merged ticket on either side (409), an unknown target (422) and a closed source takes no reply', async () => {
    const ws = await workspace()
    const [a, b, c] = [await newTicket(ws), await newTicket(ws), await newTicket(ws)]
    expectProblem(await call('POST', merge(a.id), ws.key, { targetTicketId: a.id }), 422, 'ticket_merge_self')
    expectProblem(
      await call('POST', merge(a.id), ws.key, { targetTicketId: newId('tkt') }),
      422,
      'ticket_merge_target_not_found',
    )
    expectProblem(await call('POST', merge(newId('tkt')), ws.key, { targetTicketId: a.id }), 404, 'not_found')
    expectProblem(
      await call('POST', merge(a.id), ws.key, { targetTicketId: 'tkt_x' }),
      400,
      'validation_failed',
    )
    expectProblem(await call('POST', merge(a.id), ws.key, {}), 400, 'validation_failed')
    expect((await call('POST', merge(a.id), ws.key, { targetTicketId: b.id })).status).toBe(200)
    expectProblem(await call('POST', merge(c.id), ws.key, { targetTicketId: a.id }), 409, 'ticket_merged')
    expectProblem(await call('POST', merge(a.id), ws.key, { targetTicketId: c.id }), 409, 'ticket_merged')
    expectProblem(
      await call('POST', `/v1/tickets/${a.id}/messages`, ws.key, { kind: 'reply', body: 'late' }),
      409,
      'ticket_closed',
    )
  })

  it('security: 401; 404 for another workspace and a publishable key; 403 for a contact, an agent (no tickets.merge) and a read-only key; 422 for a target the caller cannot read', async () => {
    const ws = await workspace()
    const requester = await newContactSession(t, ws.workspaceId)
    const source = await newTicket(ws, { requesterId: requester.id })
    const target = await newTicket(ws, { requesterId: requester.id })
    const body = { targetTicketId: target.id }
    const visitor = await publishableKey(ws)
    const stranger = await t.newWorkspace()
    const readOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:read'],
    })
    expectProblem(await call('POST', merge(source.id), undefined, body), 401, 'unauthorized')
    expectProblem(await call('POST', merge(source.id), stranger.key, body), 404, 'not_found')
    expectProblem(await call('POST', merge(source.id), visitor.key, body, visitor.headers), 404, 'not_found')
    expectProblem(await call('POST', merge(source.id), requester.key, body), 403, 'forbidden')
    expectProblem(await call('POST', merge(source.id), readOnly.key, body), 403, 'forbidden')

    const team = await t.newTeam(ws.workspaceId)
    const own = await newTicket(ws, { teamId: team.id })
    const sibling = await newTicket(ws, { teamId: team.id })
    // An agent reads its team's tickets but holds no tickets.merge.
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [team.id] })
    const denied = await call('POST', merge(own.id), agent.key, { targetTicketId: sibling.id })
    expectProblem(denied, 403, 'forbidden')
    expect(denied.body.missingPermission).toBe('tickets.merge')
    // A supervisor of the team merges within it, never into a ticket it cannot read.
    const supervisor = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'supervisor', teamId: team.id }],
      teamIds: [team.id],
    })
    expectProblem(
      await call('POST', merge(own.id), supervisor.key, body),
      422,
      'ticket_merge_target_not_found',
    )
    expectProblem(
      await call('POST', merge(source.id), supervisor.key, { targetTicketId: own.id }),
      404,
      'not_found',
    )
    expect((await call('POST', merge(own.id), supervisor.key, { targetTicketId: sibling.id })).status).toBe(
      200,
    )
  })
})
