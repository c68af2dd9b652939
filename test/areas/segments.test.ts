import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { changedConditionFields, conditionTraits, readsAny } from '../../src/areas/segments/fields'
import { runSegmentTick } from '../../src/areas/segments/refresh'
import { auditEntries, contacts, events, roles, segmentMembers, segments } from '../../src/db/schema'
import { recordStatements } from '../../src/db/statements'
import { type ContactId, newId, type RoleId, type WorkspaceId } from '../../src/ids'
import { createTestApp, expectProblem, newContact, newContactSession, type TestApp } from '../harness'
import { ensureStatuses } from './tickets-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

interface Segment {
  id: string
  name: string
  description: string | null
  kind: 'manual' | 'rule'
  conditions: unknown
  memberCount: number
  computedAt: string | null
  createdAt: string
  updatedAt: string
}

const planIs = (plan: string) => ({ all: [{ field: 'attributes.plan', operator: 'eq', value: plan }] })

async function newSegment(key: string, body: Record<string, unknown>) {
  const res = await t.request<Segment>('POST', '/v1/segments', { key, body })
  expect(res.status, res.text).toBe(201)
  return res.body
}

async function createContact(key: string, body: Record<string, unknown>) {
  const res = await t.request('POST', '/v1/contacts', { key, body })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: ContactId; organizationId: string | null }
}

const membersOf = async (segmentId: string) =>
  (
    await t.database.db
      .select({ contactId: segmentMembers.contactId })
      .from(segmentMembers)
      .where(eq(segmentMembers.segmentId, segmentId as never))
  )
    .map((m) => m.contactId as string)
    .sort()

const authzVersions = async (ids: string[]) =>
  Object.fromEntries(
    (
      await t.database.db
        .select({ id: contacts.id, v: contacts.authzVersion })
        .from(contacts)
        .where(inArray(contacts.id, ids as ContactId[]))
    ).map((r) => [r.id, r.v]),
  )

const eventsOf = (workspaceId: WorkspaceId, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
    .orderBy(asc(events.occurredAt), asc(events.id))

async function customRole(workspaceId: WorkspaceId, permissions: string[]): Promise<RoleId> {
  const [role] = await t.database.db
    .insert(roles)
    .values({
      id: newId('role'),
      workspaceId,
      name: `Role ${Math.random().toString(36).slice(2)}`,
      permissions,
    })
    .returning()
  return role!.id as RoleId
}

/** Every operation of the area, with a segment's and a contact's id and valid bodies. */
const operationsOf = (id: string, contactId: string) =>
  [
    ['GET', '/v1/segments', undefined],
    ['POST', '/v1/segments', { name: 'x', kind: 'manual' }],
    ['GET', `/v1/segments/${id}`, undefined],
    ['PATCH', `/v1/segments/${id}`, { name: 'y' }],
    ['DELETE', `/v1/segments/${id}`, undefined],
    ['GET', `/v1/segments/${id}/members`, undefined],
    ['POST', `/v1/segments/${id}/members`, { contactIds: [contactId] }],
    ['DELETE', `/v1/segments/${id}/members/${contactId}`, undefined],
    ['POST', `/v1/segments/${id}/members/remove`, { contactIds: [contactId] }],
  ] as const

describe('createSegment', () => {
  it('creates a manual segment (201, ETag, Location), empty; emits and audits segment.created', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request<Segment>('POST', '/v1/segments', {
      key: ws.key,
      body: { name: 'Beta testers', description: 'Hand-picked', kind: 'manual' },
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      name: 'Beta testers',
      description: 'Hand-picked',
      kind: 'manual',
      conditions: null,
      memberCount: 0,
      computedAt: null,
    })
    expect(res.body.id).toMatch(/^seg_/)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/segments/${res.body.id}`)
    const [event] = await eventsOf(ws.workspaceId, res.body.id)
    expect(event).toMatchObject({ type: 'segment.created' })
    const audited = await t.database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.workspaceId, ws.workspaceId), eq(auditEntries.resourceId, res.body.id)))
    expect(audited.map((a) => a.type)).toEqual(['segment.created'])
  })

  it('computes a rule segment at once over contact and organisation fields; emits members_changed', async () => {
    const ws = await t.newWorkspace()
    const org = await t.request('POST', '/v1/organizations', {
      key: ws.key,
      body: { name: 'Acme', domains: ['acme.test'], attributes: { tier: 'gold' } },
    })
    expect(org.status, org.text).toBe(201)
    const pro = await createContact(ws.key, { email: 'a@acme.test', attributes: { plan: 'pro', mrr: 120 } })
    const free = await createContact(ws.key, { email: 'b@acme.test', attributes: { plan: 'free', mrr: 0 } })
    const other = await createContact(ws.key, { email: 'c@else.test', attributes: { plan: 'pro', mrr: 500 } })
    expect(pro.organizationId).toBe(org.body.id)

    const byPlan = await newSegment(ws.key, { name: 'Pro', kind: 'rule', conditions: planIs('pro') })
    expect(byPlan.memberCount).toBe(2)
    expect(byPlan.computedAt).not.toBeNull()
    expect(await membersOf(byPlan.id)).toEqual([pro.id, other.id].sort())

    const cases: Array<[unknown, string[]]> = [
      [{ all: [{ field: 'attributes.mrr', operator: 'gte', value: 100 }] }, [pro.id, other.id]],
      [{ all: [{ field: 'organization.domain', operator: 'eq', value: 'acme.test' }] }, [pro.id, free.id]],
      [{ all: [{ field: 'organization.name', operator: 'neq', value: 'Acme' }] }, [other.id]],
      [
        { all: [{ field: 'organization.attributes.tier', operator: 'eq', value: 'gold' }] },
        [pro.id, free.id],
      ],
      [{ all: [{ field: 'organization.id', operator: 'eq', value: org.body.id }] }, [pro.id, free.id]],
      [{ all: [{ field: 'email', operator: 'contains', value: 'else' }] }, [other.id]],
      [
        { all: [{ field: 'createdAt', operator: 'newer_than', value: { amount: 1, unit: 'days' } }] },
        [pro.id, free.id, other.id],
      ],
      [
        {
          any: [
            { field: 'attributes.plan', operator: 'eq', value: 'free' },
            { field: 'attributes.mrr', operator: 'gt', value: 400 },
          ],
        },
        [free.id, other.id],
      ],
    ]
    for (const [i, [conditions, expected]] of cases.entries()) {
      const segment = await newSegment(ws.key, { name: `Case ${i}`, kind: 'rule', conditions })
      expect(await membersOf(segment.id), JSON.stringify(conditions)).toEqual([...expected].sort())
      expect(segment.memberCount).toBe(expected.length)
    }

    const changed = (await eventsOf(ws.workspaceId, byPlan.id)).filter(
      (e) => e.type === 'segment.members_changed',
    )
    expect(changed).toHaveLength(1)
    expect(changed[0]!.data).toMatchObject({
      segment: { id: byPlan.id, name: 'Pro' },
      addedCount: 2,
      removedCount: 0,
      removed: [],
    })
    expect((changed[0]!.data as { added: string[] }).added.sort()).toEqual([pro.id, other.id].sort())
  })

  it('bumps the authz version of exactly the contacts that joined', async () => {
    const ws = await t.newWorkspace()
    const inside = await createContact(ws.key, { email: 'in@x.test', attributes: { plan: 'pro' } })
    const outside = await createContact(ws.key, { email: 'out@x.test', attributes: { plan: 'free' } })
    const before = await authzVersions([inside.id, outside.id])
    await newSegment(ws.key, { name: 'Pro', kind: 'rule', conditions: planIs('pro') })
    const after = await authzVersions([inside.id, outside.id])
    expect(after[inside.id]).toBe(before[inside.id]! + 1)
    expect(after[outside.id]).toBe(before[outside.id])
  })

  it.each([
    ['segment_conditions_required', { name: 'x', kind: 'rule' }],
    ['segment_conditions_not_allowed', { name: 'x', kind: 'manual', conditions: planIs('pro') }],
  ])('answers 422 %s', async (code, body) => {
    const ws = await t.newWorkspace()
    const res = await t.request('POST', '/v1/segments', { key: ws.key, body })
    expectProblem(res, 422, code)
    expect(res.body.errors[0].path).toBe('body.conditions')
  })

  it.each([
    [{ all: [{ field: 'priority', operator: 'eq', value: 'high' }] }, 'body.conditions.all[0].field'],
    [{ all: [{ field: 'hasOpenTickets', operator: 'eq', value: 'yes' }] }, 'body.conditions.all[0].value'],
    [{ all: [{ field: 'email', operator: 'gt', value: 'a' }] }, 'body.conditions.all[0].operator'],
    [
      { all: [{ field: 'organization.id', operator: 'eq', value: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' }] },
      'body.conditions.all[0].value',
    ],
  ])('answers 422 invalid_condition naming the bad path (%#)', async (conditions, path) => {
    const ws = await t.newWorkspace()
    const res = await t.request('POST', '/v1/segments', {
      key: ws.key,
      body: { name: 'x', kind: 'rule', conditions },
    })
    expectProblem(res, 422, 'invalid_condition')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })

  it('answers 409 name_taken for a name in use (any case), 400 for a bad body', async () => {
    const ws = await t.newWorkspace()
    await newSegment(ws.key, { name: 'VIP', kind: 'manual' })
    expectProblem(
      await t.request('POST', '/v1/segments', { key: ws.key, body: { name: 'vip', kind: 'manual' } }),
      409,
      'name_taken',
    )
    expectProblem(
      await t.request('POST', '/v1/segments', { key: ws.key, body: { name: 'x', kind: 'dynamic' } }),
      400,
      'validation_failed',
    )
    expectProblem(
      await t.request('POST', '/v1/segments', { key: ws.key, body: { kind: 'manual' } }),
      400,
      'validation_failed',
    )
  })
})

describe('listSegments and getSegment', () => {
  it('lists newest first, pages with a cursor, sorts by name and filters by kind', async () => {
    const ws = await t.newWorkspace()
    const a = await newSegment(ws.key, { name: 'Bravo', kind: 'manual' })
    const b = await newSegment(ws.key, { name: 'Alpha', kind: 'rule', conditions: planIs('pro') })
    const c = await newSegment(ws.key, { name: 'Charlie', kind: 'manual' })
    const first = await t.request('GET', '/v1/segments?limit=2', { key: ws.key })
    expect(first.status).toBe(200)
    expect(first.body.data.map((s: Segment) => s.id)).toEqual([c.id, b.id])
    const second = await t.request('GET', `/v1/segments?limit=2&cursor=${first.body.nextCursor}`, {
      key: ws.key,
    })
    expect(second.body.data.map((s: Segment) => s.id)).toEqual([a.id])
    expect(second.body.nextCursor).toBeNull()
    const byName = await t.request('GET', '/v1/segments?sort=name', { key: ws.key })
    expect(byName.body.data.map((s: Segment) => s.name)).toEqual(['Alpha', 'Bravo', 'Charlie'])
    const rules = await t.request('GET', '/v1/segments?kind=rule', { key: ws.key })
    expect(rules.body.data.map((s: Segment) => s.id)).toEqual([b.id])
    expectProblem(await t.request('GET', '/v1/segments?sort=size', { key: ws.key }), 400, 'validation_failed')
    expectProblem(await t.request('GET', '/v1/segments?cursor=nope', { key: ws.key }), 400, 'invalid_cursor')
  })

  it('gets one with its ETag, 304 on If-None-Match, 404 for an unknown id, 400 for a malformed one', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'VIP', kind: 'manual' })
    const res = await t.request('GET', `/v1/segments/${segment.id}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toEqual(segment)
    expect(res.headers.get('etag')).toBe('"1"')
    const again = await t.request('GET', `/v1/segments/${segment.id}`, {
      key: ws.key,
      headers: { 'if-none-match': '"1"' },
    })
    expect(again.status).toBe(304)
    expectProblem(await t.request('GET', `/v1/segments/${newId('seg')}`, { key: ws.key }), 404, 'not_found')
    expectProblem(
      await t.request('GET', '/v1/segments/ct_01jh2x3y4z5a6b7c8d9e0f1g2h', { key: ws.key }),
      400,
      'validation_failed',
    )
  })
})

describe('updateSegment', () => {
  it('renames with If-Match (412 when stale), emits segment.updated with previous', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'VIP', kind: 'manual' })
    const res = await t.request<Segment>('PATCH', `/v1/segments/${segment.id}`, {
      key: ws.key,
      body: { name: 'Very important', description: 'People' },
      headers: { 'if-match': '"1"' },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({ name: 'Very important', description: 'People' })
    expect(res.headers.get('etag')).toBe('"2"')
    expectProblem(
      await t.request('PATCH', `/v1/segments/${segment.id}`, {
        key: ws.key,
        body: { name: 'z' },
        headers: { 'if-match': '"1"' },
      }),
      412,
      'precondition_failed',
    )
    const updated = (await eventsOf(ws.workspaceId, segment.id)).find((e) => e.type === 'segment.updated')
    expect(updated?.data).toMatchObject({ previous: { name: 'VIP', description: null } })
  })

  it('recomputes at once when a rule segment’s conditions change (members join and leave)', async () => {
    const ws = await t.newWorkspace()
    const pro = await createContact(ws.key, { email: 'p@x.test', attributes: { plan: 'pro' } })
    const free = await createContact(ws.key, { email: 'f@x.test', attributes: { plan: 'free' } })
    const segment = await newSegment(ws.key, { name: 'Plan', kind: 'rule', conditions: planIs('pro') })
    const versions = await authzVersions([pro.id, free.id])
    const res = await t.request<Segment>('PATCH', `/v1/segments/${segment.id}`, {
      key: ws.key,
      body: { conditions: planIs('free') },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body.memberCount).toBe(1)
    expect(await membersOf(segment.id)).toEqual([free.id])
    const after = await authzVersions([pro.id, free.id])
    expect(after[pro.id]).toBe(versions[pro.id]! + 1)
    expect(after[free.id]).toBe(versions[free.id]! + 1)
    const changed = (await eventsOf(ws.workspaceId, segment.id)).filter(
      (e) => e.type === 'segment.members_changed',
    )
    expect(changed.at(-1)!.data).toMatchObject({
      added: [free.id],
      removed: [pro.id],
      addedCount: 1,
      removedCount: 1,
    })
  })

  it('refuses conditions for a manual segment (422), an invalid condition (422), a taken name (409)', async () => {
    const ws = await t.newWorkspace()
    const manual = await newSegment(ws.key, { name: 'Manual', kind: 'manual' })
    const rule = await newSegment(ws.key, { name: 'Rule', kind: 'rule', conditions: planIs('pro') })
    expectProblem(
      await t.request('PATCH', `/v1/segments/${manual.id}`, {
        key: ws.key,
        body: { conditions: planIs('pro') },
      }),
      422,
      'segment_conditions_not_allowed',
    )
    expectProblem(
      await t.request('PATCH', `/v1/segments/${rule.id}`, {
        key: ws.key,
        body: { conditions: { all: [{ field: 'nope', operator: 'eq', value: 1 }] } },
      }),
      422,
      'invalid_condition',
    )
    expectProblem(
      await t.request('PATCH', `/v1/segments/${rule.id}`, { key: ws.key, body: { name: 'MANUAL' } }),
      409,
      'name_taken',
    )
    expectProblem(
      await t.request('PATCH', `/v1/segments/${rule.id}`, { key: ws.key, body: { kind: 'manual' } }),
      400,
      'validation_failed',
    )
    expectProblem(
      await t.request('PATCH', `/v1/segments/${newId('seg')}`, { key: ws.key, body: { name: 'q' } }),
      404,
      'not_found',
    )
  })
})

describe('deleteSegment', () => {
  it('deletes (204); members leave with a new authz version; emits segment.deleted; 404 afterwards', async () => {
    const ws = await t.newWorkspace()
    const pro = await createContact(ws.key, { email: 'p@x.test', attributes: { plan: 'pro' } })
    const segment = await newSegment(ws.key, { name: 'Plan', kind: 'rule', conditions: planIs('pro') })
    const before = await authzVersions([pro.id])
    expectProblem(
      await t.request('DELETE', `/v1/segments/${segment.id}`, {
        key: ws.key,
        headers: { 'if-match': '"9"' },
      }),
      412,
      'precondition_failed',
    )
    expect((await t.request('DELETE', `/v1/segments/${segment.id}`, { key: ws.key })).status).toBe(204)
    expect(await membersOf(segment.id)).toEqual([])
    expect((await authzVersions([pro.id]))[pro.id]).toBe(before[pro.id]! + 1)
    const deleted = (await eventsOf(ws.workspaceId, segment.id)).find((e) => e.type === 'segment.deleted')
    expect(deleted?.data).toEqual({ segment: { id: segment.id, name: 'Plan' }, memberCount: 1 })
    expectProblem(await t.request('DELETE', `/v1/segments/${segment.id}`, { key: ws.key }), 404, 'not_found')
  })
})

describe('deleteSegment while content names it', () => {
  it('answers 409 segment_in_use while an audience names it, deletes once none does', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'VIP', kind: 'manual' })
    const board = await t.request('POST', '/v1/boards', {
      key: ws.key,
      body: { name: 'VIP board', visibility: { audience: 'segments', segmentIds: [segment.id] } },
    })
    expect(board.status, board.text).toBe(201)
    const refused = await t.request('DELETE', `/v1/segments/${segment.id}`, { key: ws.key })
    expectProblem(refused, 409, 'segment_in_use')
    expect(refused.body.detail).toMatch(/^1 piece of content names this segment/)
    expect((await t.request('GET', `/v1/segments/${segment.id}`, { key: ws.key })).status).toBe(200)
    const widened = await t.request('PATCH', `/v1/boards/${board.body.id}`, {
      key: ws.key,
      body: { visibility: { audience: 'staff' } },
    })
    expect(widened.status, widened.text).toBe(200)
    expect((await t.request('DELETE', `/v1/segments/${segment.id}`, { key: ws.key })).status).toBe(204)
  })
})

describe('removeSegmentMembers (bulk)', () => {
  it('removes many in one call, leaves non-members alone, resolves merged ids; one event', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'Beta', kind: 'manual' })
    const a = await newContact(ws.workspaceId, { name: 'Ada' })
    const b = await newContact(ws.workspaceId, { name: 'Bob' })
    const c = await newContact(ws.workspaceId, { name: 'Cy' })
    const outsider = await newContact(ws.workspaceId, { name: 'Out' })
    const added = await t.request('POST', `/v1/segments/${segment.id}/members`, {
      key: ws.key,
      body: { contactIds: [a.id, b.id, c.id] },
    })
    expect(added.status, added.text).toBe(200)
    const before = await authzVersions([a.id, b.id, outsider.id])
    const res = await t.request('POST', `/v1/segments/${segment.id}/members/remove`, {
      key: ws.key,
      body: { contactIds: [a.id, b.id, outsider.id] },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toEqual({
      removed: [a.id, b.id],
      removedCount: 2,
      memberCount: 1,
    })
    expect(await membersOf(segment.id)).toEqual([c.id])
    const after = await authzVersions([a.id, b.id, outsider.id])
    expect(after[a.id]).toBe(before[a.id]! + 1)
    expect(after[outsider.id]).toBe(before[outsider.id])
    // Repeating it changes nothing and emits nothing.
    const again = await t.request('POST', `/v1/segments/${segment.id}/members/remove`, {
      key: ws.key,
      body: { contactIds: [a.id] },
    })
    expect(again.body).toEqual({ removed: [], removedCount: 0, memberCount: 1 })
    const changes = (await eventsOf(ws.workspaceId, segment.id)).filter(
      (e) => e.type === 'segment.members_changed',
    )
    expect(changes.map((e) => [(e.data as any).addedCount, (e.data as any).removedCount])).toEqual([
      [3, 0],
      [0, 2],
    ])
    // A merged contact's id removes the contact it was merged into.
    const dup = await t.request('POST', '/v1/contacts', { key: ws.key, body: { email: 'dup@x.test' } })
    expect(dup.status, dup.text).toBe(201)
    const merged = await t.request('POST', `/v1/contacts/${c.id}/merge`, {
      key: ws.key,
      body: { sourceContactId: dup.body.id },
    })
    expect(merged.status, merged.text).toBe(200)
    const viaMerged = await t.request('POST', `/v1/segments/${segment.id}/members/remove`, {
      key: ws.key,
      body: { contactIds: [dup.body.id] },
    })
    expect(viaMerged.body).toEqual({ removed: [c.id], removedCount: 1, memberCount: 0 })
  })

  it('refuses a rule segment (422), bad bodies (400) and unknown segments (404)', async () => {
    const ws = await t.newWorkspace()
    const rule = await newSegment(ws.key, { name: 'Plan', kind: 'rule', conditions: planIs('pro') })
    const manual = await newSegment(ws.key, { name: 'Beta', kind: 'manual' })
    const contact = await newContact(ws.workspaceId)
    expectProblem(
      await t.request('POST', `/v1/segments/${rule.id}/members/remove`, {
        key: ws.key,
        body: { contactIds: [contact.id] },
      }),
      422,
      'segment_members_computed',
    )
    for (const body of [undefined, {}, { contactIds: [] }, { contactIds: ['nope'] }]) {
      const res = await t.request('POST', `/v1/segments/${manual.id}/members/remove`, { key: ws.key, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expectProblem(
      await t.request('POST', `/v1/segments/${newId('seg')}/members/remove`, {
        key: ws.key,
        body: { contactIds: [contact.id] },
      }),
      404,
      'not_found',
    )
  })
})

describe('segment members', () => {
  it('adds contacts to a manual segment, lists them, removes one; each change bumps and emits', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'Beta', kind: 'manual' })
    const a = await newContact(ws.workspaceId, { name: 'Ada' })
    const b = await newContact(ws.workspaceId, { name: 'Bob' })
    const before = await authzVersions([a.id, b.id])
    const res = await t.request('POST', `/v1/segments/${segment.id}/members`, {
      key: ws.key,
      body: { contactIds: [a.id, b.id] },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body.addedCount).toBe(2)
    expect(res.body.memberCount).toBe(2)
    const again = await t.request('POST', `/v1/segments/${segment.id}/members`, {
      key: ws.key,
      body: { contactIds: [a.id] },
    })
    expect(again.body).toEqual({ added: [], addedCount: 0, memberCount: 2 })
    const after = await authzVersions([a.id, b.id])
    expect(after[a.id]).toBe(before[a.id]! + 1)
    expect(after[b.id]).toBe(before[b.id]! + 1)

    const list = await t.request('GET', `/v1/segments/${segment.id}/members?limit=1`, { key: ws.key })
    expect(list.status).toBe(200)
    expect(list.body.data).toHaveLength(1)
    expect(list.body.data[0]).toMatchObject({
      contactId: expect.stringMatching(/^ct_/),
      contact: { email: expect.any(String) },
    })
    const rest = await t.request('GET', `/v1/segments/${segment.id}/members?cursor=${list.body.nextCursor}`, {
      key: ws.key,
    })
    expect(
      [list.body.data[0].contactId, ...rest.body.data.map((m: { contactId: string }) => m.contactId)].sort(),
    ).toEqual([a.id, b.id].sort())

    expect(
      (await t.request('DELETE', `/v1/segments/${segment.id}/members/${a.id}`, { key: ws.key })).status,
    ).toBe(204)
    expect(await membersOf(segment.id)).toEqual([b.id])
    expect((await authzVersions([a.id]))[a.id]).toBe(after[a.id]! + 1)
    expectProblem(
      await t.request('DELETE', `/v1/segments/${segment.id}/members/${a.id}`, { key: ws.key }),
      404,
      'not_found',
    )
    expect((await t.request('GET', `/v1/segments/${segment.id}`, { key: ws.key })).body.memberCount).toBe(1)
    const changes = (await eventsOf(ws.workspaceId, segment.id)).filter(
      (e) => e.type === 'segment.members_changed',
    )
    expect(changes.map((e) => [(e.data as any).addedCount, (e.data as any).removedCount])).toEqual([
      [2, 0],
      [0, 1],
    ])
  })

  it('answers 422 contact_not_found naming each unknown or foreign id, adding nothing', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'Beta', kind: 'manual' })
    const mine = await newContact(ws.workspaceId)
    const foreign = await newContact(other.workspaceId)
    const res = await t.request('POST', `/v1/segments/${segment.id}/members`, {
      key: ws.key,
      body: { contactIds: [mine.id, newId('ct'), foreign.id] },
    })
    expectProblem(res, 422, 'contact_not_found')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.contactIds[1]',
      'body.contactIds[2]',
    ])
    expect(await membersOf(segment.id)).toEqual([])
    expectProblem(
      await t.request('POST', `/v1/segments/${segment.id}/members`, {
        key: ws.key,
        body: { contactIds: ['nope'] },
      }),
      400,
      'validation_failed',
    )
    expectProblem(
      await t.request('POST', `/v1/segments/${segment.id}/members`, {
        key: ws.key,
        body: { contactIds: [] },
      }),
      400,
      'validation_failed',
    )
  })

  it('refuses to add to or remove from a rule segment (422 segment_members_computed)', async () => {
    const ws = await t.newWorkspace()
    const pro = await createContact(ws.key, { email: 'p@x.test', attributes: { plan: 'pro' } })
    const segment = await newSegment(ws.key, { name: 'Plan', kind: 'rule', conditions: planIs('pro') })
    expectProblem(
      await t.request('POST', `/v1/segments/${segment.id}/members`, {
        key: ws.key,
        body: { contactIds: [pro.id] },
      }),
      422,
      'segment_members_computed',
    )
    expectProblem(
      await t.request('DELETE', `/v1/segments/${segment.id}/members/${pro.id}`, { key: ws.key }),
      422,
      'segment_members_computed',
    )
    const list = await t.request('GET', `/v1/segments/${segment.id}/members`, { key: ws.key })
    expect(list.body.data.map((m: { contactId: string }) => m.contactId)).toEqual([pro.id])
  })

  it('adds the contact a merged id was merged into', async () => {
    const ws = await t.newWorkspace()
    const target = await createContact(ws.key, { email: 't@x.test' })
    const source = await createContact(ws.key, { email: 's@x.test' })
    const merge = await t.request('POST', `/v1/contacts/${target.id}/merge`, {
      key: ws.key,
      body: { sourceContactId: source.id },
    })
    expect(merge.status, merge.text).toBe(200)
    const segment = await newSegment(ws.key, { name: 'Beta', kind: 'manual' })
    const res = await t.request('POST', `/v1/segments/${segment.id}/members`, {
      key: ws.key,
      body: { contactIds: [source.id] },
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body.added).toEqual([target.id])
  })
})

describe('rule segments follow their contacts', () => {
  it('a contact whose attributes change (PATCH /v1/contacts) moves in and out at once', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'Pro', kind: 'rule', conditions: planIs('pro') })
    const contact = await createContact(ws.key, { email: 'p@x.test', attributes: { plan: 'free' } })
    expect(await membersOf(segment.id)).toEqual([])
    const v0 = (await authzVersions([contact.id]))[contact.id]!

    const up = await t.request('PATCH', `/v1/contacts/${contact.id}`, {
      key: ws.key,
      body: { attributes: { plan: 'pro' } },
    })
    expect(up.status, up.text).toBe(200)
    expect(await membersOf(segment.id)).toEqual([contact.id])
    const v1 = (await authzVersions([contact.id]))[contact.id]!
    expect(v1).toBeGreaterThan(v0)
    expect((await t.request('GET', `/v1/segments/${segment.id}`, { key: ws.key })).body.memberCount).toBe(1)

    // A change that keeps it in moves nothing: no new authz version, no event.
    await t.request('PATCH', `/v1/contacts/${contact.id}`, { key: ws.key, body: { name: 'Pat' } })
    expect((await authzVersions([contact.id]))[contact.id]).toBe(v1)

    await t.request('PATCH', `/v1/contacts/${contact.id}`, {
      key: ws.key,
      body: { attributes: { plan: 'free' } },
    })
    expect(await membersOf(segment.id)).toEqual([])
    expect((await authzVersions([contact.id]))[contact.id]).toBeGreaterThan(v1)
    expect((await t.request('GET', `/v1/segments/${segment.id}`, { key: ws.key })).body.memberCount).toBe(0)
    const changes = (await eventsOf(ws.workspaceId, segment.id)).filter(
      (e) => e.type === 'segment.members_changed',
    )
    expect(changes.map((e) => e.data)).toEqual([
      {
        segment: { id: segment.id, name: 'Pro' },
        added: [contact.id],
        removed: [],
        addedCount: 1,
        removedCount: 0,
      },
      {
        segment: { id: segment.id, name: 'Pro' },
        added: [],
        removed: [contact.id],
        addedCount: 0,
        removedCount: 1,
      },
    ])
  })

  it('a new contact joins the rule segments it matches in its creating transaction', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'Pro', kind: 'rule', conditions: planIs('pro') })
    const contact = await createContact(ws.key, { email: 'new@x.test', attributes: { plan: 'pro' } })
    expect(await membersOf(segment.id)).toEqual([contact.id])
  })

  it('an organisation’s attribute change moves its contacts', async () => {
    const ws = await t.newWorkspace()
    const org = await t.request('POST', '/v1/organizations', {
      key: ws.key,
      body: { name: 'Acme', attributes: { plan: 'free' } },
    })
    const a = await createContact(ws.key, { email: 'a@x.test', organizationId: org.body.id })
    const b = await createContact(ws.key, { email: 'b@x.test', organizationId: org.body.id })
    const loner = await createContact(ws.key, { email: 'c@x.test' })
    const segment = await newSegment(ws.key, {
      name: 'Enterprise orgs',
      kind: 'rule',
      conditions: { all: [{ field: 'organization.attributes.plan', operator: 'eq', value: 'enterprise' }] },
    })
    expect(segment.memberCount).toBe(0)
    const res = await t.request('PATCH', `/v1/organizations/${org.body.id}`, {
      key: ws.key,
      body: { attributes: { plan: 'enterprise' } },
    })
    expect(res.status, res.text).toBe(200)
    expect(await membersOf(segment.id)).toEqual([a.id, b.id].sort())
    expect((await t.request('GET', `/v1/segments/${segment.id}`, { key: ws.key })).body.memberCount).toBe(2)
    expect(await membersOf(segment.id)).not.toContain(loner.id)

    // Deleting the organisation unlinks its contacts: they leave.
    expect((await t.request('DELETE', `/v1/organizations/${org.body.id}`, { key: ws.key })).status).toBe(204)
    expect(await membersOf(segment.id)).toEqual([])
  })

  it('merged contacts: the source leaves, the target joins what it now matches, manual memberships move', async () => {
    const ws = await t.newWorkspace()
    const rule = await newSegment(ws.key, { name: 'Pro', kind: 'rule', conditions: planIs('pro') })
    const manual = await newSegment(ws.key, { name: 'Beta', kind: 'manual' })
    const target = await createContact(ws.key, { email: 't@x.test' })
    const source = await createContact(ws.key, { email: 's@x.test', attributes: { plan: 'pro' } })
    await t.request('POST', `/v1/segments/${manual.id}/members`, {
      key: ws.key,
      body: { contactIds: [source.id] },
    })
    expect(await membersOf(rule.id)).toEqual([source.id])

    const res = await t.request('POST', `/v1/contacts/${target.id}/merge`, {
      key: ws.key,
      body: { sourceContactId: source.id },
    })
    expect(res.status, res.text).toBe(200)
    // The target took the source's `plan` attribute: it matches now; the merged source does not.
    expect(await membersOf(rule.id)).toEqual([target.id])
    expect(await membersOf(manual.id)).toEqual([target.id])
    const [counts] = await t.database.db
      .select({ rule: segments.memberCount })
      .from(segments)
      .where(eq(segments.id, rule.id as never))
    expect(counts!.rule).toBe(1)
    expect((await t.request('GET', `/v1/segments/${manual.id}`, { key: ws.key })).body.memberCount).toBe(1)
  })

  it('hasOpenTickets follows tickets opening and closing', async () => {
    const ws = await t.newWorkspace()
    const statuses = await ensureStatuses(t, ws.workspaceId)
    const contact = await createContact(ws.key, { email: 'w@x.test' })
    const segment = await newSegment(ws.key, {
      name: 'Waiting',
      kind: 'rule',
      conditions: { all: [{ field: 'hasOpenTickets', operator: 'eq', value: true }] },
    })
    const quiet = await newSegment(ws.key, {
      name: 'Quiet',
      kind: 'rule',
      conditions: { all: [{ field: 'hasOpenTickets', operator: 'neq', value: true }] },
    })
    expect(await membersOf(quiet.id)).toEqual([contact.id])
    const ticket = await t.request('POST', '/v1/tickets', {
      key: ws.key,
      body: { subject: 'Help', requesterId: contact.id },
    })
    expect(ticket.status, ticket.text).toBe(201)
    expect(await membersOf(segment.id)).toEqual([contact.id])
    expect(await membersOf(quiet.id)).toEqual([])
    const solved = await t.request('PATCH', `/v1/tickets/${ticket.body.id}`, {
      key: ws.key,
      body: { statusId: statuses.solved },
    })
    expect(solved.status, solved.text).toBe(200)
    expect(await membersOf(segment.id)).toEqual([])
    expect(await membersOf(quiet.id)).toEqual([contact.id])
  })

  it('a ticket write sees rule segments changed by another instance (no local invalidation), and reads them once', async () => {
    const ws = await t.newWorkspace()
    const contact = await createContact(ws.key, { email: 'other@x.test' })
    const open = { all: [{ field: 'hasOpenTickets', operator: 'eq', value: true }] }
    const segment = await newSegment(ws.key, { name: 'Open', kind: 'rule', conditions: planIs('none') })
    const ticket = () =>
      t.request('POST', '/v1/tickets', { key: ws.key, body: { subject: 'Help', requesterId: contact.id } })
    // Warm: the rule segments are cached under the workspace's configuration fingerprint.
    expect((await ticket()).status).toBe(201)
    const warm = await recordStatements(ticket)
    expect(warm.result.status).toBe(201)
    const reread = warm.statements.filter((q) => /from "segments"/.test(q))
    expect(reread, reread.join('\n')).toEqual([])
    expect(await membersOf(segment.id)).toEqual([])
    // Another instance changes the definition: the row and its version, and no cache of this process.
    await t.database.db
      .update(segments)
      .set({ conditions: open, version: sql`${segments.version} + 1` })
      .where(eq(segments.id, segment.id as never))
    expect((await ticket()).status).toBe(201)
    expect(await membersOf(segment.id)).toEqual([contact.id])
  })

  it('the contact principal sees its new segments at once (the authz version moved with the membership)', async () => {
    const ws = await t.newWorkspace()
    const session = await newContactSession(t, ws.workspaceId)
    const segment = await newSegment(ws.key, { name: 'Pro', kind: 'rule', conditions: planIs('pro') })
    // The contact's principal is loaded and cached at its current authz version by a request.
    await t.request('GET', '/v1/auth/session', { key: session.key })
    const before = (await authzVersions([session.id]))[session.id]!
    await t.request('PATCH', `/v1/contacts/${session.id}`, {
      key: ws.key,
      body: { attributes: { plan: 'pro' } },
    })
    expect((await authzVersions([session.id]))[session.id]).toBeGreaterThan(before)
    const { PrincipalLoader } = await import('../../src/authz/load')
    const principal = await new PrincipalLoader().load(t.database.db, {
      type: 'contact',
      id: session.id as ContactId,
      workspaceId: ws.workspaceId,
    } as never)
    expect((principal as unknown as { segmentIds: string[] }).segmentIds).toEqual([segment.id])
  })

  it('the schedule recomputes segments relative to now, and any not recomputed for a day', async () => {
    const ws = await t.newWorkspace()
    const contact = await createContact(ws.key, { email: 'old@x.test' })
    const recent = await newSegment(ws.key, {
      name: 'Recent',
      kind: 'rule',
      conditions: {
        all: [{ field: 'createdAt', operator: 'newer_than', value: { amount: 1, unit: 'hours' } }],
      },
    })
    expect(await membersOf(recent.id)).toEqual([contact.id])
    // Two hours on, the contact is no longer recent: only the schedule can tell.
    const later = new Date(Date.now() + 2 * 3_600_000)
    await runSegmentTick(t.database.db, later, { workspaceId: ws.workspaceId })
    expect(await membersOf(recent.id)).toEqual([])
    const changed = (await eventsOf(ws.workspaceId, recent.id)).filter(
      (e) => e.type === 'segment.members_changed',
    )
    expect(changed.at(-1)).toMatchObject({ actorType: 'system', data: { removed: [contact.id] } })

    // Rows written behind the API's back (an import by SQL) are caught by the daily sweep.
    const pro = await newSegment(ws.key, { name: 'Pro', kind: 'rule', conditions: planIs('pro') })
    const silent = await newContact(ws.workspaceId, { attributes: { plan: 'pro' } })
    expect(await membersOf(pro.id)).toEqual([])
    await runSegmentTick(t.database.db, new Date(Date.now() + 25 * 3_600_000), {
      workspaceId: ws.workspaceId,
    })
    expect(await membersOf(pro.id)).toEqual([silent.id])

    // A deleted contact leaves by cascade; the schedule corrects a manual segment's count.
    const manual = await newSegment(ws.key, { name: 'Hand', kind: 'manual' })
    const gone = await createContact(ws.key, { email: 'gone@x.test' })
    await t.request('POST', `/v1/segments/${manual.id}/members`, {
      key: ws.key,
      body: { contactIds: [gone.id] },
    })
    expect((await t.request('DELETE', `/v1/contacts/${gone.id}`, { key: ws.key })).status).toBe(204)
    await runSegmentTick(t.database.db, new Date(), { workspaceId: ws.workspaceId })
    expect((await t.request('GET', `/v1/segments/${manual.id}`, { key: ws.key })).body.memberCount).toBe(0)
  })
})

describe('segments security', () => {
  it('answers 401 without credentials', async () => {
    for (const [method, path, body] of operationsOf(newId('seg'), newId('ct'))) {
      expectProblem(await t.request(method, path, { body }), 401, 'unauthorized')
    }
  })

  it('refuses a publishable key and a contact’s portal session with 403', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'Beta', kind: 'manual' })
    const profile = await t.request('POST', '/v1/widget-profiles', { key: ws.key, body: { name: 'Site' } })
    const contact = await newContactSession(t, ws.workspaceId)
    for (const key of [profile.body.publishableKey as string, contact.key]) {
      for (const [method, path, body] of operationsOf(segment.id, contact.id)) {
        expectProblem(await t.request(method, path, { key, body }), 403, 'forbidden')
      }
    }
  })

  it('lets content and feedback managers (supervisors, agents) read, not write; viewers get 403', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'Beta', kind: 'manual' })
    const contact = await newContact(ws.workspaceId)
    const readers = [
      await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] }),
      await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] }),
      await t.newMember(ws.workspaceId, {
        roles: [{ role: await customRole(ws.workspaceId, ['feedback.manage', 'contacts.read']) }],
      }),
    ]
    for (const member of readers) {
      for (const [method, path, body] of operationsOf(segment.id, contact.id)) {
        const res = await t.request(method, path, { key: member.key, body })
        if (method === 'GET') expect(res.status, `${method} ${path}`).toBe(200)
        else
          expect(res.body, `${method} ${path}`).toMatchObject({
            code: 'forbidden',
            missingPermission: 'segments.manage',
          })
      }
    }
    for (const role of ['viewer', 'collaborator'] as const) {
      const member = await t.newMember(ws.workspaceId, { roles: [{ role }] })
      for (const [method, path, body] of operationsOf(segment.id, contact.id)) {
        const res = await t.request(method, path, { key: member.key, body })
        expect(res.body, `${role} ${method} ${path}`).toMatchObject({
          code: 'forbidden',
          missingPermission: 'segments.manage',
        })
      }
    }
  })

  it('lets a custom role with segments.manage (and contacts.read for the members) manage them', async () => {
    const ws = await t.newWorkspace()
    const member = await t.newMember(ws.workspaceId, {
      roles: [{ role: await customRole(ws.workspaceId, ['segments.manage', 'contacts.read']) }],
    })
    const contact = await newContact(ws.workspaceId)
    const segment = await newSegment(member.key, { name: 'Beta', kind: 'manual' })
    for (const [method, path, body] of operationsOf(segment.id, contact.id).filter(
      ([, p]) => p !== '/v1/segments',
    )) {
      if (method === 'DELETE' && !path.includes('/members/')) continue
      const res = await t.request(method, path, { key: member.key, body })
      expect(res.status, `${method} ${path} ${res.text}`).toBeLessThan(300)
    }
    expect((await t.request('DELETE', `/v1/segments/${segment.id}`, { key: member.key })).status).toBe(204)
    // Without contacts.read the members list is refused: it would show contacts.
    const blind = await t.newMember(ws.workspaceId, {
      roles: [{ role: await customRole(ws.workspaceId, ['segments.manage']) }],
    })
    const other = await newSegment(blind.key, { name: 'Other', kind: 'manual' })
    expect((await t.request('GET', `/v1/segments/${other.id}/members`, { key: blind.key })).status).toBe(403)
  })

  it('hides another workspace’s segments from every operation (404), even from its owner', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'Beta', kind: 'manual' })
    const contact = await newContact(other.workspaceId)
    for (const [method, path, body] of operationsOf(segment.id, contact.id).filter(([, p]) =>
      p.includes(segment.id),
    )) {
      expectProblem(await t.request(method, path, { key: other.key, body }), 404, 'not_found')
    }
    expect((await t.request('GET', '/v1/segments', { key: other.key })).body.data).toEqual([])
  })

  it('refuses a key without the segments scopes (403 naming the scope); segments:read reads', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'Beta', kind: 'manual' })
    const contact = await newContact(ws.workspaceId)
    const none = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['contacts:read'] })
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['segments:read', 'contacts:read'],
    })
    for (const [method, path, body] of operationsOf(segment.id, contact.id)) {
      const res = await t.request(method, path, { key: none.key, body })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.missingScope).toMatch(method === 'GET' ? /^segments:read$/ : /^segments:(read|write)$/)
      const read = await t.request(method, path, { key: reader.key, body })
      if (method === 'GET') expect(read.status, `${method} ${path}`).toBe(200)
      else
        expect(read.body, `${method} ${path}`).toMatchObject({
          code: 'forbidden',
          missingScope: 'segments:write',
        })
    }
  })
})

describe('which segments a contact update can move', () => {
  it('names the changed condition fields: attribute keys whose value differs, organisation on a move', () => {
    expect(
      changedConditionFields(
        { attributes: { plan: 'free', mrr: 10, gone: 1 }, phone: '+1' },
        { attributes: { plan: 'pro', mrr: 10, added: true } },
      ).sort(),
    ).toEqual(['attributes.added', 'attributes.gone', 'attributes.plan'])
    expect(changedConditionFields({ phone: '+1' }, {})).toEqual([])
    expect(changedConditionFields({ organizationId: null, email: 'a@x.test' }, {})).toEqual([
      'email',
      'organization.id',
      'organization.*',
    ])
  })

  it('keeps only the segments reading a changed field', () => {
    const plan = conditionTraits(planIs('pro')).fields
    const org = conditionTraits({
      all: [{ field: 'organization.name', operator: 'eq', value: 'Acme' }],
    }).fields
    expect(readsAny(plan, ['attributes.plan'])).toBe(true)
    expect(readsAny(plan, ['attributes.mrr', 'email'])).toBe(false)
    expect(readsAny(org, ['organization.*'])).toBe(true)
    expect(readsAny(org, ['attributes.plan'])).toBe(false)
  })

  it('an update of a field no segment reads moves nothing; one of a read field moves at once', async () => {
    const ws = await t.newWorkspace()
    const segment = await newSegment(ws.key, { name: 'Pro', kind: 'rule', conditions: planIs('pro') })
    const contact = await createContact(ws.key, { email: 'p@x.test', attributes: { plan: 'free' } })
    const phone = await t.request('PATCH', `/v1/contacts/${contact.id}`, {
      key: ws.key,
      body: { phone: '+15550100', attributes: { mrr: 5 } },
    })
    expect(phone.status, phone.text).toBe(200)
    expect(await membersOf(segment.id)).toEqual([])
    const plan = await t.request('PATCH', `/v1/contacts/${contact.id}`, {
      key: ws.key,
      body: { attributes: { plan: 'pro' } },
    })
    expect(plan.status, plan.text).toBe(200)
    expect(await membersOf(segment.id)).toEqual([contact.id])
  })
})
