import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { compiledScheduleOf } from '../../src/areas/business-hours/service'
import { auditEntries, events, roles } from '../../src/db/schema'
import { inboxes } from '../../src/db/schema/routing'
import { businessHours, slaPolicies } from '../../src/db/schema/sla'
import { newId, type RoleId, type WorkspaceId } from '../../src/ids'
import { addBusinessMinutes, isOpen } from '../../src/sla'
import { createTestApp, expectProblem, newContactSession, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

interface Hours {
  id: string
  name: string
  timeZone: string
  intervals: Array<{ day: string; start: string; end: string }>
  holidays: Array<{ date: string; name?: string }>
  overrides: Array<{ date: string; closed?: boolean; intervals?: unknown[]; name?: string }>
  createdAt: string
  updatedAt: string
}

const office = {
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  intervals: [
    { day: 'monday', start: '09:00', end: '12:30' },
    { day: 'monday', start: '13:30', end: '17:00' },
    { day: 'friday', start: '22:00', end: '24:00' },
    { day: 'saturday', start: '00:00', end: '06:00' },
  ],
  holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
  overrides: [
    { date: '2026-12-24', intervals: [{ start: '09:00', end: '13:00' }], name: 'Christmas Eve' },
    { date: '2026-12-31', closed: true },
  ],
}

const create = (key: string, body: Record<string, unknown>) =>
  t.request<Hours & { code?: string; errors?: Array<{ path: string; code: string }> }>(
    'POST',
    '/v1/business-hours',
    {
      key,
      body,
    },
  )

async function newHours(key: string, body: Record<string, unknown> = {}) {
  const res = await create(key, { ...office, ...body })
  expect(res.status, res.text).toBe(201)
  return res.body
}

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

/** Every operation of the area, with the path of `id` and a valid body. */
const operationsOf = (id: string) =>
  [
    ['GET', '/v1/business-hours', undefined],
    ['POST', '/v1/business-hours', { name: 'x', timeZone: 'UTC' }],
    ['GET', `/v1/business-hours/${id}`, undefined],
    ['PATCH', `/v1/business-hours/${id}`, { name: 'y' }],
    ['DELETE', `/v1/business-hours/${id}`, undefined],
  ] as const

describe('createBusinessHours', () => {
  it('answers 201 with the schedule, an ETag and its URL; emits and audits', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, office)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject(office)
    expect(res.body.id).toMatch(/^bh_/)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/business-hours/${res.body.id}`)
    const [event] = await eventsOf(ws.workspaceId, res.body.id)
    expect(event).toMatchObject({ type: 'business_hours.created' })
    expect(event!.data).toEqual({ businessHours: { id: res.body.id, ...office } })
    const audited = await t.database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.workspaceId, ws.workspaceId), eq(auditEntries.resourceId, res.body.id)))
    expect(audited.map((a) => a.type)).toEqual(['business_hours.created'])
  })

  it('defaults to no intervals, holidays or overrides (never open: SLA clocks using it never run out)', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, { name: 'Closed', timeZone: 'UTC' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ intervals: [], holidays: [], overrides: [] })
  })

  it('stores hours src/sla computes with: the night shift runs across midnight, the holiday is closed', async () => {
    const ws = await t.newWorkspace()
    const created = await newHours(ws.key)
    const [row] = await t.database.db
      .select()
      .from(businessHours)
      .where(eq(businessHours.id, created.id as never))
    const compiled = compiledScheduleOf(row!)
    expect(compiledScheduleOf(row!)).toBe(compiled)
    // Friday 4 December 2026, 23:00 CET = 22:00Z: open; 7 hours later is Saturday 06:00 CET.
    expect(isOpen(compiled, new Date('2026-12-04T22:00:00Z'))).toBe(true)
    expect(addBusinessMinutes(compiled, new Date('2026-12-04T21:00:00Z'), 480)?.toISOString()).toBe(
      '2026-12-05T05:00:00.000Z',
    )
    // Christmas Day (a Friday) is a holiday: its 22:00–24:00 is closed, Saturday's 00:00–06:00 is not.
    expect(isOpen(compiled, new Date('2026-12-25T21:30:00Z'))).toBe(false)
    expect(isOpen(compiled, new Date('2026-12-25T23:00:00Z'))).toBe(true)
  })

  it.each([
    ['invalid_time_zone', { timeZone: 'Mars/Olympus' }, 'body.timeZone'],
    ['invalid_time_zone', { timeZone: '+01:00' }, 'body.timeZone'],
    [
      'invalid_time',
      { intervals: [{ day: 'monday', start: '9:00', end: '12:00' }] },
      'body.intervals[0].start',
    ],
    [
      'invalid_time',
      { intervals: [{ day: 'monday', start: '24:00', end: '24:00' }] },
      'body.intervals[0].start',
    ],
    [
      'interval_ends_before_start',
      { intervals: [{ day: 'monday', start: '22:00', end: '06:00' }] },
      'body.intervals[0].end',
    ],
    [
      'overlapping_intervals',
      {
        intervals: [
          { day: 'monday', start: '09:00', end: '12:00' },
          { day: 'monday', start: '11:00', end: '13:00' },
        ],
      },
      'body.intervals[1]',
    ],
    ['invalid_date', { holidays: [{ date: '2026-02-30' }] }, 'body.holidays[0].date'],
    [
      'duplicate_date',
      { holidays: [{ date: '2026-12-25' }, { date: '2026-12-25' }] },
      'body.holidays[1].date',
    ],
    ['invalid_date', { overrides: [{ date: '24.12.2026', closed: true }] }, 'body.overrides[0].date'],
    [
      'closed_with_intervals',
      { overrides: [{ date: '2026-12-24', closed: true, intervals: [{ start: '09:00', end: '10:00' }] }] },
      'body.overrides[0].intervals',
    ],
  ])('refuses %s (422 naming the path %#)', async (code, body, path) => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, { ...office, ...body })
    expectProblem(res, 422, code)
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path, code }))
  })

  it('lists every bad value in errors, the first one naming the problem', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, {
      name: 'Bad',
      timeZone: 'Nowhere/City',
      intervals: [{ day: 'tuesday', start: '18:00', end: '08:00' }],
      holidays: [{ date: 'tomorrow' }],
    })
    expectProblem(res, 422, 'invalid_time_zone')
    expect(res.body.errors!.map((e) => e.code)).toEqual([
      'invalid_time_zone',
      'interval_ends_before_start',
      'invalid_date',
    ])
  })

  it('refuses a missing name or zone, an unknown weekday and unknown fields with 400', async () => {
    const ws = await t.newWorkspace()
    for (const body of [
      { timeZone: 'UTC' },
      { name: 'x' },
      { name: '', timeZone: 'UTC' },
      { name: 'x', timeZone: 'UTC', intervals: [{ day: 'someday', start: '09:00', end: '10:00' }] },
      { name: 'x', timeZone: 'UTC', color: 'red' },
    ]) {
      const res = await create(ws.key, body)
      expectProblem(res, 400, 'validation_failed')
    }
  })
})

describe('listBusinessHours and getBusinessHours', () => {
  it('pages with a cursor, sorts by name, and shows only the workspace’s own', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    await newHours(other.key, { name: 'Other' })
    for (const name of ['Charlie', 'Alpha', 'Bravo']) await newHours(ws.key, { name })
    const first = await t.request('GET', '/v1/business-hours?limit=2&sort=name', { key: ws.key })
    expect(first.status).toBe(200)
    expect(first.body.data.map((h: Hours) => h.name)).toEqual(['Alpha', 'Bravo'])
    const second = await t.request(
      'GET',
      `/v1/business-hours?limit=2&sort=name&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { key: ws.key },
    )
    expect(second.body.data.map((h: Hours) => h.name)).toEqual(['Charlie'])
    expect(second.body.nextCursor).toBeNull()
    const newest = await t.request('GET', '/v1/business-hours', { key: ws.key })
    expect(newest.body.data.map((h: Hours) => h.name)).toEqual(['Bravo', 'Alpha', 'Charlie'])
    expectProblem(
      await t.request('GET', '/v1/business-hours?cursor=not-a-cursor', { key: ws.key }),
      400,
      'invalid_cursor',
    )
  })

  it('answers one schedule with its ETag, 304 on If-None-Match, 404 for another workspace’s or none', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const hours = await newHours(ws.key)
    const res = await t.request('GET', `/v1/business-hours/${hours.id}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toEqual(hours)
    expect(res.headers.get('etag')).toBe('"1"')
    const again = await t.request('GET', `/v1/business-hours/${hours.id}`, {
      key: ws.key,
      headers: { 'if-none-match': '"1"' },
    })
    expect(again.status).toBe(304)
    expectProblem(
      await t.request('GET', `/v1/business-hours/${hours.id}`, { key: other.key }),
      404,
      'not_found',
    )
    expectProblem(
      await t.request('GET', `/v1/business-hours/${newId('bh')}`, { key: ws.key }),
      404,
      'not_found',
    )
    expectProblem(
      await t.request('GET', '/v1/business-hours/not-an-id', { key: ws.key }),
      400,
      'validation_failed',
    )
  })
})

describe('updateBusinessHours', () => {
  it('replaces the given fields, bumps the ETag, emits the previous values', async () => {
    const ws = await t.newWorkspace()
    const hours = await newHours(ws.key)
    const holidays = [{ date: '2026-12-25' }, { date: '2026-12-26', name: 'Boxing Day' }]
    const res = await t.request('PATCH', `/v1/business-hours/${hours.id}`, {
      key: ws.key,
      body: { holidays, timeZone: 'Asia/Kolkata' },
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ ...office, holidays, timeZone: 'Asia/Kolkata' })
    expect(res.headers.get('etag')).toBe('"2"')
    const [, updated] = await eventsOf(ws.workspaceId, hours.id)
    expect(updated).toMatchObject({ type: 'business_hours.updated' })
    expect(updated!.data).toMatchObject({
      businessHours: { id: hours.id, timeZone: 'Asia/Kolkata', holidays },
      previous: { timeZone: 'Europe/Berlin', holidays: office.holidays },
    })
  })

  it('changes nothing (no event, same ETag) when the values are the same', async () => {
    const ws = await t.newWorkspace()
    const hours = await newHours(ws.key)
    const res = await t.request('PATCH', `/v1/business-hours/${hours.id}`, {
      key: ws.key,
      body: { name: office.name, intervals: office.intervals },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe('"1"')
    expect((await eventsOf(ws.workspaceId, hours.id)).map((e) => e.type)).toEqual(['business_hours.created'])
  })

  it('answers 412 for a stale If-Match, 404 for another workspace’s, 422 for a bad value, 400 for an empty body', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const hours = await newHours(ws.key)
    const patch = (key: string, body: unknown, headers: Record<string, string> = {}) =>
      t.request('PATCH', `/v1/business-hours/${hours.id}`, { key, body, headers })
    expectProblem(await patch(ws.key, { name: 'x' }, { 'if-match': '"7"' }), 412, 'precondition_failed')
    expectProblem(await patch(other.key, { name: 'x' }), 404, 'not_found')
    const bad = await patch(ws.key, { intervals: [{ day: 'monday', start: '10:00', end: '09:00' }] })
    expectProblem(bad, 422, 'interval_ends_before_start')
    expectProblem(await patch(ws.key, { timeZone: 'Europe/Atlantis' }), 422, 'invalid_time_zone')
    expectProblem(await patch(ws.key, {}), 400, 'validation_failed')
    // Nothing was written by the refused changes.
    const now = await t.request('GET', `/v1/business-hours/${hours.id}`, { key: ws.key })
    expect(now.body).toEqual(hours)
  })
})

describe('deleteBusinessHours', () => {
  it('deletes (204), emits and audits; then 404', async () => {
    const ws = await t.newWorkspace()
    const hours = await newHours(ws.key)
    const res = await t.request('DELETE', `/v1/business-hours/${hours.id}`, {
      key: ws.key,
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(204)
    const types = (await eventsOf(ws.workspaceId, hours.id)).map((e) => e.type)
    expect(types).toEqual(['business_hours.created', 'business_hours.deleted'])
    const audited = await t.database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.workspaceId, ws.workspaceId), eq(auditEntries.resourceId, hours.id)))
    expect(audited.map((a) => a.type).sort()).toEqual(['business_hours.created', 'business_hours.deleted'])
    expectProblem(await t.request('GET', `/v1/business-hours/${hours.id}`, { key: ws.key }), 404, 'not_found')
    expectProblem(
      await t.request('DELETE', `/v1/business-hours/${hours.id}`, { key: ws.key }),
      404,
      'not_found',
    )
  })

  it('answers 409 business_hours_in_use while an SLA policy or an inbox uses them, 412 for a stale If-Match', async () => {
    const ws = await t.newWorkspace()
    const forPolicy = await newHours(ws.key)
    const forInbox = await newHours(ws.key)
    await t.database.db.insert(slaPolicies).values({
      id: newId('sla'),
      workspaceId: ws.workspaceId,
      name: 'Standard',
      position: 1,
      businessHoursId: forPolicy.id as never,
    })
    const [inbox] = await t.database.db
      .insert(inboxes)
      .values({
        id: newId('ibx'),
        workspaceId: ws.workspaceId,
        name: 'Support',
        businessHoursId: forInbox.id as never,
      })
      .returning()
    for (const hours of [forPolicy, forInbox]) {
      const res = await t.request('DELETE', `/v1/business-hours/${hours.id}`, { key: ws.key })
      expectProblem(res, 409, 'business_hours_in_use')
      expect((await eventsOf(ws.workspaceId, hours.id)).map((e) => e.type)).toEqual([
        'business_hours.created',
      ])
    }
    expectProblem(
      await t.request('DELETE', `/v1/business-hours/${forInbox.id}`, {
        key: ws.key,
        headers: { 'if-match': '"9"' },
      }),
      412,
      'precondition_failed',
    )
    // Once the inbox counts calendar time, the hours go.
    await t.database.db.update(inboxes).set({ businessHoursId: null }).where(eq(inboxes.id, inbox!.id))
    expect((await t.request('DELETE', `/v1/business-hours/${forInbox.id}`, { key: ws.key })).status).toBe(204)
  })
})

describe('business hours security', () => {
  it('answers 401 without credentials', async () => {
    for (const [method, path, body] of operationsOf(newId('bh'))) {
      const res = await t.request(method, path, { body })
      expectProblem(res, 401, 'unauthorized')
    }
  })

  it('refuses a publishable key and a contact’s portal session with 403', async () => {
    const ws = await t.newWorkspace()
    const hours = await newHours(ws.key)
    const profile = await t.request('POST', '/v1/widget-profiles', { key: ws.key, body: { name: 'Site' } })
    const contact = await newContactSession(t, ws.workspaceId)
    for (const key of [profile.body.publishableKey as string, contact.key]) {
      for (const [method, path, body] of operationsOf(hours.id)) {
        const res = await t.request(method, path, { key, body })
        expectProblem(res, 403, 'forbidden')
      }
    }
  })

  it('lets agents, collaborators and viewers read, not write (403 naming sla.manage)', async () => {
    const ws = await t.newWorkspace()
    const hours = await newHours(ws.key)
    for (const role of ['agent', 'collaborator', 'viewer'] as const) {
      const member = await t.newMember(ws.workspaceId, { roles: [{ role }] })
      for (const [method, path, body] of operationsOf(hours.id)) {
        const res = await t.request(method, path, { key: member.key, body })
        if (method === 'GET') expect(res.status, `${role} ${method} ${path}`).toBe(200)
        else
          expect(res.body, `${role} ${method} ${path}`).toMatchObject({
            code: 'forbidden',
            missingPermission: 'sla.manage',
          })
      }
    }
  })

  it('refuses a member who reads no tickets and lacks sla.manage everything (403)', async () => {
    const ws = await t.newWorkspace()
    const hours = await newHours(ws.key)
    const role = await customRole(ws.workspaceId, ['contacts.read', 'members.read'])
    const member = await t.newMember(ws.workspaceId, { roles: [{ role }] })
    for (const [method, path, body] of operationsOf(hours.id)) {
      const res = await t.request(method, path, { key: member.key, body })
      expect(res.body, `${method} ${path}`).toMatchObject({
        code: 'forbidden',
        missingPermission: 'sla.manage',
      })
    }
  })

  it('lets a supervisor and a custom role with only sla.manage manage them', async () => {
    const ws = await t.newWorkspace()
    const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
    const onlySla = await t.newMember(ws.workspaceId, {
      roles: [{ role: await customRole(ws.workspaceId, ['sla.manage']) }],
    })
    for (const member of [supervisor, onlySla]) {
      const hours = await newHours(member.key)
      expect(
        (await t.request('PATCH', `/v1/business-hours/${hours.id}`, { key: member.key, body: { name: 'z' } }))
          .status,
      ).toBe(200)
      expect((await t.request('GET', '/v1/business-hours', { key: member.key })).status).toBe(200)
      expect((await t.request('DELETE', `/v1/business-hours/${hours.id}`, { key: member.key })).status).toBe(
        204,
      )
    }
  })

  it('hides another workspace’s hours from every operation (404), even from its admins', async () => {
    const ws = await t.newWorkspace()
    const other = await t.newWorkspace()
    const hours = await newHours(ws.key)
    for (const [method, path, body] of operationsOf(hours.id).filter(([, p]) => p.includes(hours.id))) {
      expectProblem(await t.request(method, path, { key: other.key, body }), 404, 'not_found')
    }
    const list = await t.request('GET', '/v1/business-hours', { key: other.key })
    expect(list.body.data).toEqual([])
  })

  it('refuses a key without the sla scopes (403 naming sla:read or sla:write); sla:read reads', async () => {
    const ws = await t.newWorkspace()
    const hours = await newHours(ws.key)
    const none = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['tickets:read'] })
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['sla:read'] })
    for (const [method, path, body] of operationsOf(hours.id)) {
      const res = await t.request(method, path, { key: none.key, body })
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.missingScope).toMatch(method === 'GET' ? /^sla:read$/ : /^sla:(read|write)$/)
      const read = await t.request(method, path, { key: reader.key, body })
      if (method === 'GET') expect(read.status).toBe(200)
      else expect(read.body).toMatchObject({ code: 'forbidden', missingScope: 'sla:write' })
    }
  })
})
