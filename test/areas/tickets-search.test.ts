import { beforeAll, describe, expect, it } from 'vitest'
import type { TeamId, WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContactSession, type TestApp } from '../harness'
import { ensureStatuses } from './tickets-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

interface Hit {
  type: string
  id: string
  postId: string | null
  ticketId?: string
  title: string
  snippet: string
  rank: number
}

const search = (key: string | undefined, q: string, types = 'tickets,messages') =>
  t.request<{ data: Hit[]; nextCursor: null }>(
    'GET',
    `/v1/search?q=${encodeURIComponent(q)}&types=${types}`,
    key ? { key } : {},
  )

const ticketOf = async (key: string, body: Record<string, unknown>) => {
  const res = await t.request('POST', '/v1/tickets', { key, body })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string }
}
const messageOf = async (key: string, ticketId: string, kind: 'reply' | 'note', body: string) => {
  const res = await t.request('POST', `/v1/tickets/${ticketId}/messages`, { key, body: { kind, body } })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string }
}

/**
 * Two teams; team A's ticket (requested by contact 1) has a reply and a note about the invoice export, team B's
 * ticket (contact 2) is about invoice totals; a third ticket of team A has "refund" in its subject, and the
 * first ticket's reply mentions a refund too.
 */
async function world() {
  const ws = await t.newWorkspace()
  const workspaceId = ws.workspaceId as WorkspaceId
  await ensureStatuses(t, workspaceId)
  const teamA = await t.newTeam(workspaceId, 'Team A')
  const teamB = await t.newTeam(workspaceId, 'Team B')
  const agentA = await t.newMember(workspaceId, { teamIds: [teamA.id as TeamId] })
  const agentB = await t.newMember(workspaceId, { teamIds: [teamB.id as TeamId] })
  const contact1 = await newContactSession(t, workspaceId)
  const contact2 = await newContactSession(t, workspaceId)
  const exportTicket = await ticketOf(ws.key, {
    subject: 'Invoice export fails',
    requesterId: contact1.id,
    teamId: teamA.id,
  })
  const reply = await messageOf(
    ws.key,
    exportTicket.id,
    'reply',
    'We reproduced the invoice export problem and issued a refund for the failed month.',
  )
  const note = await messageOf(
    ws.key,
    exportTicket.id,
    'note',
    'Internal: the invoice export breaks in the PDF renderer, engineering knows.',
  )
  const totalsTicket = await ticketOf(ws.key, {
    subject: 'Invoice totals are wrong',
    requesterId: contact2.id,
    teamId: teamB.id,
    message: { body: 'The invoice totals do not add up since the update.' },
  })
  const refundTicket = await ticketOf(ws.key, {
    subject: 'Refund request',
    requesterId: contact1.id,
    teamId: teamA.id,
  })
  return { ws, agentA, agentB, contact1, contact2, exportTicket, reply, note, totalsTicket, refundTicket }
}

let w: Awaited<ReturnType<typeof world>>
beforeAll(async () => {
  w = await world()
}, 60_000)

describe('searchContent over tickets and messages', () => {
  it('finds tickets by subject and messages by body, each hit naming its ticket', async () => {
    const res = await search(w.ws.key, 'invoice export')
    expect(res.status, res.text).toBe(200)
    const ticketHit = res.body.data.find((h) => h.type === 'ticket')
    expect(ticketHit).toMatchObject({
      id: w.exportTicket.id,
      ticketId: w.exportTicket.id,
      postId: null,
      title: 'Invoice export fails',
    })
    expect(ticketHit?.snippet).toContain('<mark>Invoice</mark> <mark>export</mark>')
    const messageHits = res.body.data.filter((h) => h.type === 'ticket_message')
    expect(messageHits.map((h) => h.id).sort()).toEqual([w.reply.id, w.note.id].sort())
    for (const hit of messageHits) {
      expect(hit).toMatchObject({ ticketId: w.exportTicket.id, postId: null, title: 'Invoice export fails' })
      expect(hit.snippet).toMatch(/<mark>export<\/mark>/)
    }
    // Words only in the other ticket are not matched (every word must be there).
    expect(res.body.data.map((h) => h.ticketId)).not.toContain(w.totalsTicket.id)
  })

  it('ranks a subject match above a message body match, as titles above bodies', async () => {
    const res = await search(w.ws.key, 'refund')
    expect(res.status, res.text).toBe(200)
    expect(res.body.data.map((h) => [h.type, h.id])).toEqual([
      ['ticket', w.refundTicket.id],
      ['ticket_message', w.reply.id],
    ])
    expect(res.body.data[0]!.rank).toBeGreaterThan(res.body.data[1]!.rank)
  })

  it('answers only the kinds asked for', async () => {
    const tickets = await search(w.ws.key, 'invoice', 'tickets')
    expect(new Set(tickets.body.data.map((h) => h.type))).toEqual(new Set(['ticket']))
    const messages = await search(w.ws.key, 'invoice', 'messages')
    expect(new Set(messages.body.data.map((h) => h.type))).toEqual(new Set(['ticket_message']))
  })

  it('an agent finds its team’s tickets and messages, never another team’s', async () => {
    const a = await search(w.agentA.key, 'invoice')
    expect(a.status, a.text).toBe(200)
    const aTickets = new Set(a.body.data.map((h) => h.ticketId))
    expect(aTickets).toEqual(new Set([w.exportTicket.id]))
    // Staff read notes.
    expect(a.body.data.map((h) => h.id)).toContain(w.note.id)
    const b = await search(w.agentB.key, 'invoice')
    expect(new Set(b.body.data.map((h) => h.ticketId))).toEqual(new Set([w.totalsTicket.id]))
    const none = await search(w.agentB.key, 'export renderer')
    expect(none.body.data).toEqual([])
  })

  it('a contact finds its own tickets and their replies, never a note nor another’s ticket', async () => {
    const own = await search(w.contact1.key, 'invoice export')
    expect(own.status, own.text).toBe(200)
    expect(own.body.data.map((h) => h.id).sort()).toEqual([w.exportTicket.id, w.reply.id].sort())
    const note = await search(w.contact1.key, 'renderer engineering', 'messages')
    expect(note.status, note.text).toBe(200)
    expect(note.body.data).toEqual([])
    const other = await search(w.contact2.key, 'export')
    expect(other.body.data).toEqual([])
    const theirs = await search(w.contact2.key, 'totals')
    expect(theirs.body.data.map((h) => h.ticketId)).toEqual([w.totalsTicket.id, w.totalsTicket.id])
  })

  it('another workspace finds nothing of these', async () => {
    const other = await t.newWorkspace()
    const res = await search(other.key, 'invoice')
    expect(res.status, res.text).toBe(200)
    expect(res.body.data).toEqual([])
  })

  it('401 without a credential', async () => {
    expectProblem(await search(undefined, 'invoice'), 401, 'unauthorized')
  })

  it('403 for a key without tickets:read asking only for tickets and messages', async () => {
    const key = await t.newMember(w.ws.workspaceId as WorkspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['feedback:read'],
    })
    expectProblem(await search(key.key, 'invoice'), 403, 'forbidden')
  })

  it('400 for an unknown kind, naming query.types', async () => {
    const res = await search(w.ws.key, 'invoice', 'tickets,bogus')
    expectProblem(res, 400, 'validation_failed')
    expect(res.text).toContain('query.types')
  })
})
