import { beforeAll, describe, expect, it } from 'vitest'
import { recordStatements } from '../../src/db/statements'
import type { TeamId, WorkspaceId } from '../../src/ids'
import { createTestApp, newContact, type TestApp } from '../harness'
import { ensureStatuses } from './tickets-fixtures'

/**
 * No N+1: the SQL statements one request sends (counted through drizzle's logger, `recordStatements`) do not grow
 * with the rows it answers. Each read is counted twice per world: the caller's first request (principal and
 * compiled filters loaded) and a repeat (warm caches), in a small world and a large one; both counts must match
 * between the worlds, and the warm one is pinned so that an extra statement shows up here.
 */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

interface World {
  workspaceId: WorkspaceId
  ownerKey: string
  agentKey: string
  ticketId: string
  viewIds: string[]
  requesterId: string
  teamId: string
}

/** A workspace with `tickets` tickets in the agent's team, the first with `messages` messages (every 3rd a note). */
async function world(tickets: number, messages: number): Promise<World> {
  const ws = await t.newWorkspace()
  await ensureStatuses(t, ws.workspaceId)
  const team = await t.newTeam(ws.workspaceId)
  const other = await t.newTeam(ws.workspaceId)
  const agent = await t.newMember(ws.workspaceId, { teamIds: [team.id as TeamId], scopes: ['tickets:write'] })
  const contact = await newContact(ws.workspaceId, {}, t.database.db)
  const ids: string[] = []
  for (let i = 0; i < tickets; i++) {
    const res = await t.request('POST', '/v1/tickets', {
      key: ws.key,
      body: {
        subject: `Ticket ${i}`,
        requesterId: contact.id,
        // One in four in another team: the agent's predicate filters them out.
        teamId: i % 4 === 3 ? other.id : team.id,
        ...(i % 2 === 0 ? { assigneeId: agent.memberId } : {}),
        message: { body: `First message of ticket ${i}` },
      },
    })
    expect(res.status, res.text).toBe(201)
    ids.push(res.body.id)
  }
  const ticketId = ids[0] as string
  for (let i = 1; i < messages; i++) {
    const res = await t.request('POST', `/v1/tickets/${ticketId}/messages`, {
      key: ws.key,
      body: { kind: i % 3 === 0 ? 'note' : 'reply', body: `Message ${i}` },
    })
    expect(res.status, res.text).toBe(201)
  }
  const viewIds: string[] = []
  for (const [i, conditions] of viewConditions.entries()) {
    const res = await t.request('POST', '/v1/views', {
      key: ws.key,
      body: { name: `View ${i}`, sharing: 'workspace', conditions },
    })
    expect(res.status, res.text).toBe(201)
    viewIds.push(res.body.id)
  }
  return {
    workspaceId: ws.workspaceId,
    ownerKey: ws.key,
    agentKey: agent.key,
    ticketId,
    viewIds,
    requesterId: contact.id,
    teamId: team.id,
  }
}

/** Ten sidebar views, as the bench counts them. */
const viewConditions = [
  { all: [{ field: 'statusCategory', operator: 'is', value: 'new' }] },
  { all: [{ field: 'priority', operator: 'in', value: ['high', 'urgent'] }] },
  { all: [{ field: 'assigneeId', operator: 'is_not_set' }] },
  { all: [{ field: 'statusCategory', operator: 'is', value: 'pending' }] },
  { all: [{ field: 'statusCategory', operator: 'is', value: 'on_hold' }] },
  { all: [{ field: 'tags', operator: 'includes_any', value: ['vip'] }] },
  { all: [{ field: 'priority', operator: 'is', value: 'urgent' }] },
  { all: [{ field: 'createdAt', operator: 'older_than', value: { amount: 4, unit: 'hours' } }] },
  { all: [{ field: 'statusCategory', operator: 'is', value: 'solved' }] },
  {
    any: [
      { field: 'priority', operator: 'is', value: 'low' },
      { field: 'statusCategory', operator: 'is', value: 'closed' },
    ],
  },
]

/** The statements of a cold request (first of this caller) and of a warm one (the same again). */
async function statementsOf(key: string, path: string) {
  const cold = await recordStatements(() => t.request('GET', path, { key }))
  expect(cold.result.status, cold.result.text).toBe(200)
  const warm = await recordStatements(() => t.request('GET', path, { key }))
  expect(warm.result.status, warm.result.text).toBe(200)
  return { cold: cold.statements, warm: warm.statements, body: warm.result.body }
}

let small: World
let large: World
beforeAll(async () => {
  small = await world(2, 2)
  large = await world(30, 30)
}, 120_000)

describe('SQL statements per request', () => {
  it('GET /v1/tickets: as many for 30 tickets as for 2', async () => {
    const path = '/v1/tickets?sort=-updatedAt&limit=50'
    const few = await statementsOf(small.agentKey, path)
    const many = await statementsOf(large.agentKey, path)
    expect(few.body.data).toHaveLength(2)
    expect(many.body.data.length).toBeGreaterThan(20)
    expect(many.cold.length, many.cold.join('\n')).toBe(few.cold.length)
    expect(many.warm.length, many.warm.join('\n')).toBe(few.warm.length)
    expect(many.warm.length, many.warm.join('\n')).toBe(WARM.list)
  })

  it('GET /v1/tickets/{id}?include=messages: as many for 20 embedded messages as for 2', async () => {
    const few = await statementsOf(small.agentKey, `/v1/tickets/${small.ticketId}?include=messages`)
    const many = await statementsOf(large.agentKey, `/v1/tickets/${large.ticketId}?include=messages`)
    expect(few.body.messages).toHaveLength(2)
    expect(many.body.messages).toHaveLength(20)
    expect(many.cold.length, many.cold.join('\n')).toBe(few.cold.length)
    expect(many.warm.length, many.warm.join('\n')).toBe(few.warm.length)
    expect(many.warm.length, many.warm.join('\n')).toBe(WARM.single)
  })

  it('GET /v1/views/counts: 10 views counted in as many statements for 30 tickets as for 2', async () => {
    const few = await statementsOf(small.agentKey, `/v1/views/counts?ids=${small.viewIds.join(',')}`)
    const many = await statementsOf(large.agentKey, `/v1/views/counts?ids=${large.viewIds.join(',')}`)
    expect(few.body.data).toHaveLength(10)
    expect(many.body.data[0]).toMatchObject({ viewId: large.viewIds[0] })
    expect(many.cold.length, many.cold.join('\n')).toBe(few.cold.length)
    expect(many.warm.length, many.warm.join('\n')).toBe(few.warm.length)
    expect(many.warm.length, many.warm.join('\n')).toBe(WARM.counts)
  })

  it('POST /v1/tickets and POST /v1/tickets/{id}/messages: pinned (no rules or policies to run)', async () => {
    const body = { subject: 'Counted', requesterId: small.requesterId, teamId: small.teamId }
    await t.request('POST', '/v1/tickets', { key: small.agentKey, body })
    const created = await recordStatements(() =>
      t.request('POST', '/v1/tickets', { key: small.agentKey, body }),
    )
    expect(created.result.status, created.result.text).toBe(201)
    // counter, references, ticket, activity, event+audit, configuration fingerprint (which also keys the rule
    // segments the segments area refreshes the requester's memberships by); no ticket_sla read (no SLA
    // policy in the workspace) and no re-read.
    expect(created.statements.length, created.statements.join('\n')).toBe(WRITES.createTicket)
    const path = `/v1/tickets/${created.result.body.id}/messages`
    await t.request('POST', path, { key: small.agentKey, body: { kind: 'note', body: 'warm' } })
    const message = await recordStatements(() =>
      t.request('POST', path, { key: small.agentKey, body: { kind: 'note', body: 'counted' } }),
    )
    expect(message.result.status, message.result.text).toBe(201)
    expect(message.statements.length, message.statements.join('\n')).toBe(WRITES.createMessage)
  })
})

const WARM = { list: 1, single: 2, counts: 1 }
const WRITES = { createTicket: 6, createMessage: 6 }
