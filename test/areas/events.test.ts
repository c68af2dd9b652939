import { readFileSync } from 'node:fs'
import { PGlite, types as pgTypes } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createApp, createDeps } from '../../src/app'
import { createWorkspace } from '../../src/areas/workspace/service'
import { createSession } from '../../src/auth/sessions'
import { loadConfig } from '../../src/config'
import { systemActor } from '../../src/context/actor'
import type { Database, Db } from '../../src/db/database'
import { pgliteExtensions } from '../../src/db/pglite'
import * as schema from '../../src/db/schema'
import { emit } from '../../src/events/emit'
import { newId, type TeamId, type WorkspaceId } from '../../src/ids'
import { createLogger } from '../../src/logger'
import { createTestApp, newContact, type TestApp, testDatabaseUrl } from '../harness'
import { validating } from '../spec-responses'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

/** The slow-transaction test needs two open transactions at once: real PostgreSQL, or PGlite's 2PC. */
const onPostgres = Boolean(testDatabaseUrl())

interface EventBody {
  id: string
  type: string
  workspaceId: string
  occurredAt: string
  actor: { type: string; id: string | null }
  resource: { type: string; id: string }
  data: Record<string, unknown>
  requestId: string | null
}

/** A page, or the problem document when the status says so. */
type Answer<T> = T & { code?: string; detail?: string }

const listEvents = (key: string, query = '') =>
  t.request<Answer<{ data: EventBody[]; nextCursor: string | null }>>(
    'GET',
    `/v1/events${query ? `?${query}` : ''}`,
    { key },
  )
const changes = (key: string, query = '') =>
  t.request<Answer<{ data: EventBody[]; nextCursor: string }>>(
    'GET',
    `/v1/changes${query ? `?${query}` : ''}`,
    {
      key,
    },
  )
const createContact = (key: string, body: Record<string, unknown>, requestId?: string) =>
  t.request('POST', '/v1/contacts', {
    key,
    body,
    headers: requestId ? { 'x-request-id': requestId } : undefined,
  })
const createTeam = (key: string, name: string) => t.request('POST', '/v1/teams', { key, body: { name } })
const types = (res: { body: { data: EventBody[] } }) => res.body.data.map((e) => e.type)
const ids = (res: { body: { data: EventBody[] } }) => res.body.data.map((e) => e.id)

function expectForbidden(
  res: { status: number; body: Record<string, unknown> },
  missing: { permission?: string; scope?: string },
) {
  expect(res.status).toBe(403)
  expect(res.body.code).toBe('forbidden')
  if (missing.permission) expect(res.body.missingPermission).toBe(missing.permission)
  if (missing.scope) expect(res.body.missingScope).toBe(missing.scope)
}

function expectBadRequest(res: { status: number; body: Record<string, any> }, code: string, path?: string) {
  expect(res.status).toBe(400)
  expect(res.body.code).toBe(code)
  if (path) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
}

/** A workspace with a contact and a team made through the API (so with their events). */
async function busyWorkspace() {
  const ws = await t.newWorkspace()
  const contact = await createContact(ws.key, { name: 'Ada', email: `ada-${Math.random()}@example.test` })
  const team = await createTeam(ws.key, `Team ${Math.random().toString(36).slice(2, 8)}`)
  expect(contact.status).toBe(201)
  expect(team.status).toBe(201)
  return { ...ws, contactId: contact.body.id as string, teamId: team.body.id as string }
}

describe('listEvents', () => {
  it('answers the workspace’s events newest first, with actor, resource, data and request id', async () => {
    const ws = await t.newWorkspace()
    const created = await createContact(ws.key, { name: 'Ada', email: 'ada@example.test' }, 'crm-import-42')
    const res = await listEvents(ws.key)
    expect(res.status).toBe(200)
    expect(types(res)).toEqual(['contact.created', 'api_key.created', 'workspace.created'])
    expect(res.body.nextCursor).toBeNull()
    const [event] = res.body.data
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      type: 'contact.created',
      workspaceId: ws.workspaceId,
      occurredAt: expect.any(String),
      actor: { type: 'api_key', id: ws.apiKeyId },
      resource: { type: 'contact', id: created.body.id },
      data: { contact: expect.objectContaining({ id: created.body.id, email: 'ada@example.test' }) },
      requestId: 'crm-import-42',
    })
    expect(new Date(event!.occurredAt).toISOString()).toBe(event!.occurredAt)
    const system = res.body.data.at(-1)!
    expect(system.actor).toEqual({ type: 'system', id: null })
    expect(system.requestId).toBeNull()
  })

  it('sorts oldest first with sort=occurredAt', async () => {
    const ws = await busyWorkspace()
    const res = await listEvents(ws.key, 'sort=occurredAt')
    expect(types(res)).toEqual(['workspace.created', 'api_key.created', 'contact.created', 'team.created'])
  })

  it('filters by exact type, comma list, repeated parameter and prefix wildcard', async () => {
    const ws = await busyWorkspace()
    expect(types(await listEvents(ws.key, 'type=team.created'))).toEqual(['team.created'])
    expect(types(await listEvents(ws.key, 'type=team.created,contact.created'))).toEqual([
      'team.created',
      'contact.created',
    ])
    expect(types(await listEvents(ws.key, 'type=team.created&type=workspace.created'))).toEqual([
      'team.created',
      'workspace.created',
    ])
    expect(types(await listEvents(ws.key, 'type=contact.*'))).toEqual(['contact.created'])
    expect(types(await listEvents(ws.key, 'type=api_key.*,team.*'))).toEqual([
      'team.created',
      'api_key.created',
    ])
    expect(types(await listEvents(ws.key, 'type=contact.updated'))).toEqual([])
  })

  it('treats `_` in a wildcard literally', async () => {
    const ws = await busyWorkspace()
    // `api_key.*` must not match an `apiXkey.…` type: the `_` is not a LIKE wildcard here.
    await emit(
      t.database.db,
      { workspaceId: ws.workspaceId, eventActor: systemActor },
      {
        type: 'api_key.revoked',
        resourceId: ws.apiKeyId,
        data: { apiKey: { id: ws.apiKeyId, name: 'x' } },
      },
    )
    await t.database.db.insert(schema.events).values({
      id: newId('evt'),
      workspaceId: ws.workspaceId,
      type: 'apiXkey.revoked',
      actorType: 'system',
      resourceType: 'api_key',
      resourceId: ws.apiKeyId,
      data: {},
    })
    expect(types(await listEvents(ws.key, 'type=api_key.*'))).toEqual(['api_key.revoked', 'api_key.created'])
  })

  it('filters by resource type and resource id', async () => {
    const ws = await busyWorkspace()
    const other = await createContact(ws.key, { name: 'Grace' })
    await t.request('PATCH', `/v1/contacts/${ws.contactId}`, { key: ws.key, body: { name: 'Ada L.' } })
    const byType = await listEvents(ws.key, 'resourceType=contact')
    expect(types(byType)).toEqual(['contact.updated', 'contact.created', 'contact.created'])
    const byId = await listEvents(ws.key, `resourceId=${ws.contactId}`)
    expect(types(byId)).toEqual(['contact.updated', 'contact.created'])
    expect(byId.body.data.every((e) => e.resource.id === ws.contactId)).toBe(true)
    const both = await listEvents(ws.key, `resourceType=contact&resourceId=${other.body.id}`)
    expect(both.body.data.map((e) => e.resource.id)).toEqual([other.body.id])
    expect(types(await listEvents(ws.key, `resourceType=team&resourceId=${ws.contactId}`))).toEqual([])
  })

  it('filters by time, both bounds exclusive', async () => {
    const ws = await busyWorkspace()
    const all = (await listEvents(ws.key, 'sort=occurredAt')).body.data
    const teamEvent = all.find((e) => e.type === 'team.created')!
    const at = teamEvent.occurredAt
    const after = await listEvents(ws.key, `occurredAfter=${encodeURIComponent(at)}`)
    expect(ids(after)).not.toContain(teamEvent.id)
    const before = await listEvents(ws.key, `occurredBefore=${encodeURIComponent(at)}`)
    expect(ids(before)).not.toContain(teamEvent.id)
    const justBefore = new Date(new Date(at).getTime() - 1).toISOString()
    const justAfter = new Date(new Date(at).getTime() + 1).toISOString()
    const window = await listEvents(
      ws.key,
      `occurredAfter=${encodeURIComponent(justBefore)}&occurredBefore=${encodeURIComponent(justAfter)}`,
    )
    expect(ids(window)).toContain(teamEvent.id)
    expect(window.body.data.every((e) => e.occurredAt === at)).toBe(true)
    const future = new Date(Date.now() + 3_600_000).toISOString()
    expect((await listEvents(ws.key, `occurredAfter=${future}`)).body.data).toEqual([])
  })

  it('pages through every event once with a cursor, in both sorts', async () => {
    const ws = await t.newWorkspace()
    for (let i = 0; i < 5; i++) await createContact(ws.key, { name: `C${i}` })
    for (const sort of ['-occurredAt', 'occurredAt']) {
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const query: string = `limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`
        const res = await listEvents(ws.key, query)
        expect(res.status).toBe(200)
        expect(res.body.data.length).toBeLessThanOrEqual(2)
        seen.push(...ids(res))
        cursor = res.body.nextCursor
        pages += 1
      } while (cursor)
      expect(pages).toBe(4)
      expect(seen).toHaveLength(7)
      expect(new Set(seen).size).toBe(7)
      const whole = ids(await listEvents(ws.key, `sort=${sort}`))
      expect(seen).toEqual(whole)
    }
  })

  it('never shows another workspace’s events', async () => {
    const a = await busyWorkspace()
    const b = await busyWorkspace()
    const res = await listEvents(a.key, 'limit=100')
    expect(res.body.data.every((e) => e.workspaceId === a.workspaceId)).toBe(true)
    expect((await listEvents(a.key, `resourceId=${b.contactId}`)).body.data).toEqual([])
  })

  it('never carries a secret: a new API key’s event has its start, not its secret', async () => {
    const ws = await t.newWorkspace()
    const key = await t.request('POST', '/v1/api-keys', {
      key: ws.key,
      body: { name: 'CRM', scopes: ['contacts:read'] },
    })
    expect(key.status).toBe(201)
    const res = await listEvents(ws.key, 'type=api_key.created')
    expect(res.text).not.toContain(key.body.secret)
    expect(res.text).not.toContain(ws.key)
    expect(res.body.data[0]!.data).toMatchObject({ apiKey: { id: key.body.id, start: key.body.start } })
  })

  it('refuses unknown types, resource types, bad dates, an empty range and bad sorts with 400', async () => {
    const ws = await t.newWorkspace()
    expectBadRequest(await listEvents(ws.key, 'type=contact.creatd'), 'validation_failed', 'query.type')
    expectBadRequest(await listEvents(ws.key, 'type=nothing.*'), 'validation_failed', 'query.type')
    expectBadRequest(await listEvents(ws.key, 'type=Contact.Created'), 'validation_failed', 'query.type')
    expectBadRequest(await listEvents(ws.key, 'type=contact.*.x'), 'validation_failed', 'query.type')
    expectBadRequest(await listEvents(ws.key, 'type=,'), 'validation_failed', 'query.type')
    expectBadRequest(
      await listEvents(ws.key, 'resourceType=spaceship'),
      'validation_failed',
      'query.resourceType',
    )
    expectBadRequest(await listEvents(ws.key, 'resourceId=42'), 'validation_failed', 'query.resourceId')
    expectBadRequest(
      await listEvents(ws.key, 'occurredAfter=yesterday'),
      'validation_failed',
      'query.occurredAfter',
    )
    expectBadRequest(
      await listEvents(ws.key, 'occurredAfter=2025-02-01T00:00:00Z&occurredBefore=2025-01-01T00:00:00Z'),
      'validation_failed',
      'query.occurredBefore',
    )
    expectBadRequest(await listEvents(ws.key, 'sort=type'), 'validation_failed', 'query.sort')
    expectBadRequest(await listEvents(ws.key, 'limit=0'), 'validation_failed', 'query.limit')
  })

  it('refuses a tampered cursor, and a cursor of another sort, with 400 invalid_cursor', async () => {
    const ws = await t.newWorkspace()
    const first = await listEvents(ws.key, 'limit=1')
    const cursor = first.body.nextCursor!
    expect(cursor).toBeTruthy()
    expectBadRequest(await listEvents(ws.key, `limit=1&cursor=${cursor.slice(0, -2)}xx`), 'invalid_cursor')
    expectBadRequest(await listEvents(ws.key, 'limit=1&cursor=not-a-cursor'), 'invalid_cursor')
    expectBadRequest(await listEvents(ws.key, `limit=1&sort=occurredAt&cursor=${cursor}`), 'invalid_cursor')
  })

  it('lets supervisors and admins read; agents get 403 naming events.read', async () => {
    const ws = await t.newWorkspace()
    for (const role of ['supervisor', 'admin'] as const) {
      const member = await t.newMember(ws.workspaceId, { roles: [{ role }] })
      expect((await listEvents(member.key)).status).toBe(200)
    }
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    expectForbidden(await listEvents(agent.key), { permission: 'events.read' })
  })

  it('shows each member only the event types whose resource they may read (list, one event, change feed)', async () => {
    const ws = await t.newWorkspace()
    expect((await createContact(ws.key, { email: 'seen@example.test' })).status).toBe(201)
    const hookId = newId('wh')
    await t.database.db.transaction(async (tx) => {
      await emit(
        tx,
        { workspaceId: ws.workspaceId, eventActor: systemActor },
        {
          type: 'webhook.deleted',
          resourceId: hookId,
          data: { webhook: { id: hookId, url: 'https://hooks.example.test/in' } },
        },
      )
    })
    // A supervisor holds events.read and contacts.read, but not webhooks.manage nor api_keys.manage.
    const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })

    const all = types(await listEvents(admin.key, 'limit=100'))
    expect(all).toEqual(expect.arrayContaining(['contact.created', 'webhook.deleted', 'api_key.created']))
    const seen = types(await listEvents(supervisor.key, 'limit=100'))
    expect(seen).toContain('contact.created')
    expect(seen.filter((type) => type.startsWith('webhook.') || type.startsWith('api_key.'))).toEqual([])
    const fed = types(await changes(supervisor.key, 'limit=100'))
    expect(fed).toContain('contact.created')
    expect(fed.filter((type) => type.startsWith('webhook.') || type.startsWith('api_key.'))).toEqual([])

    const hidden = (await listEvents(admin.key, 'type=webhook.deleted')).body.data[0]!
    expect((await t.request('GET', `/v1/events/${hidden.id}`, { key: admin.key })).status).toBe(200)
    expect((await t.request('GET', `/v1/events/${hidden.id}`, { key: supervisor.key })).status).toBe(404)
  })

  it('refuses a key without events:read (403 naming it), and a team-limited key', async () => {
    const ws = await t.newWorkspace()
    const narrow = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'owner' }],
      scopes: ['contacts:read'],
    })
    expectForbidden(await listEvents(narrow.key), { scope: 'events:read' })
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'owner' }], scopes: ['events:read'] })
    expect((await listEvents(reader.key)).status).toBe(200)
    const team = await t.newTeam(ws.workspaceId)
    const limited = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'owner' }],
      scopes: ['events:read'],
      keyTeamIds: [team.id as TeamId],
    })
    const res = await listEvents(limited.key)
    expect(res.status).toBe(403)
    expect(res.body.detail).toMatch(/limited to teams/)
  })

  it('refuses a contact (portal) session with 403 and no credentials with 401', async () => {
    const ws = await t.newWorkspace()
    const me = await newContact(ws.workspaceId)
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, contactId: me.id },
      { ip: null, userAgent: null },
    )
    expect((await listEvents(session.token)).status).toBe(403)
    expect((await t.request('GET', '/v1/events')).status).toBe(401)
  })
})

describe('getEvent', () => {
  it('answers one event', async () => {
    const ws = await busyWorkspace()
    const listed = (await listEvents(ws.key, 'type=team.created')).body.data[0]!
    const res = await t.request('GET', `/v1/events/${listed.id}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toEqual(listed)
  })

  it('answers 404 for another workspace’s event, exactly as for a missing one', async () => {
    const a = await t.newWorkspace()
    const b = await busyWorkspace()
    const theirs = (await listEvents(b.key)).body.data[0]!.id
    const res = await t.request('GET', `/v1/events/${theirs}`, { key: a.key })
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('not_found')
    const missing = await t.request('GET', `/v1/events/${newId('evt')}`, { key: a.key })
    expect(missing.status).toBe(404)
    expect(missing.body.detail).toBe(res.body.detail)
  })

  it('refuses a malformed id with 400, an agent with 403, a narrow key with 403, no credentials with 401', async () => {
    const ws = await busyWorkspace()
    const id = (await listEvents(ws.key)).body.data[0]!.id
    expectBadRequest(
      await t.request('GET', '/v1/events/ct_01jh2x3y4z5a6b7c8d9e0f1g2h', { key: ws.key }),
      'validation_failed',
    )
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    expectForbidden(await t.request('GET', `/v1/events/${id}`, { key: agent.key }), {
      permission: 'events.read',
    })
    const narrow = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'owner' }],
      scopes: ['contacts:read'],
    })
    expectForbidden(await t.request('GET', `/v1/events/${id}`, { key: narrow.key }), { scope: 'events:read' })
    expect((await t.request('GET', `/v1/events/${id}`)).status).toBe(401)
  })
})

/**
 * Reads the feed from `cursor` until `done` holds for everything read (another test's open transaction
 * elsewhere on the server may hold the horizon back for a moment), and answers what was read and where to
 * resume.
 */
async function readFeed(
  read: (query: string) => Promise<{ status: number; body: { data: EventBody[]; nextCursor: string } }>,
  cursor: string | undefined,
  query: string,
  done: (events: EventBody[]) => boolean,
) {
  const seen: EventBody[] = []
  const deadline = Date.now() + 10_000
  for (;;) {
    const res = await read(`${query}${cursor ? `&after=${cursor}` : ''}`)
    expect(res.status).toBe(200)
    expect(typeof res.body.nextCursor).toBe('string')
    seen.push(...res.body.data)
    cursor = res.body.nextCursor
    if (done(seen)) return { events: seen, cursor }
    if (Date.now() > deadline) throw new Error(`feed never got there: ${seen.map((e) => e.type)}`)
    if (res.body.data.length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('listChanges', () => {
  it('serves every event once in transaction order, resuming from the cursor, which is always present', async () => {
    const ws = await t.newWorkspace()
    const read = (query: string) => changes(ws.key, query)
    const first = await readFeed(read, undefined, 'limit=1', (seen) => seen.length === 2)
    expect(first.events.map((e) => e.type)).toEqual(['workspace.created', 'api_key.created'])
    // Nothing new: an empty page still says where to resume.
    const idle = await changes(ws.key, `after=${first.cursor}`)
    expect(idle.status).toBe(200)
    expect(idle.body.data).toEqual([])
    expect(idle.body.nextCursor).toEqual(expect.any(String))

    const made = []
    for (let i = 0; i < 3; i++) made.push((await createContact(ws.key, { name: `C${i}` })).body.id)
    const next = await readFeed(read, idle.body.nextCursor, 'limit=2', (seen) => seen.length >= 3)
    expect(next.events.map((e) => e.resource.id)).toEqual(made)
    // The feed answers the same event shape as the list and the single read.
    const single = await t.request('GET', `/v1/events/${next.events[0]!.id}`, { key: ws.key })
    expect(next.events[0]).toEqual(single.body)
    expect(next.events[0]).toMatchObject({ type: 'contact.created', workspaceId: ws.workspaceId })
    const again = await changes(ws.key, `after=${next.cursor}`)
    expect(again.body.data).toEqual([])
  })

  it('keeps the events of one transaction together, in id order', async () => {
    const ws = await t.newWorkspace()
    const team = await createTeam(ws.key, 'Ops')
    const start = await readFeed(
      (q) => changes(ws.key, q),
      undefined,
      'types=team.*',
      (s) => s.length === 1,
    )
    await t.database.db.transaction(async (tx) => {
      for (const name of ['a', 'b', 'c']) {
        await emit(
          tx,
          { workspaceId: ws.workspaceId, eventActor: systemActor },
          {
            type: 'team.updated',
            resourceId: team.body.id,
            data: { team: { id: team.body.id, name }, previous: {} },
          },
        )
      }
    })
    const batch = await readFeed(
      (q) => changes(ws.key, q),
      start.cursor,
      'types=team.*',
      (s) => s.length === 3,
    )
    const batchIds = batch.events.map((e) => e.id)
    expect(batchIds).toEqual([...batchIds].sort())
    expect(batch.events.map((e) => (e.data.team as { name: string }).name).sort()).toEqual(['a', 'b', 'c'])
  })

  it('filters by types (comma list, repeated, wildcard) and binds the cursor to the filter', async () => {
    const ws = await busyWorkspace()
    const read = (query: string) => changes(ws.key, query)
    const teams = await readFeed(read, undefined, 'types=team.*', (s) => s.length === 1)
    expect(teams.events.map((e) => e.type)).toEqual(['team.created'])
    const two = await readFeed(read, undefined, 'types=contact.created,team.created', (s) => s.length === 2)
    expect(two.events.map((e) => e.type)).toEqual(['contact.created', 'team.created'])
    const repeated = await readFeed(
      read,
      undefined,
      'types=team.created&types=contact.created',
      (s) => s.length === 2,
    )
    expect(repeated.events.map((e) => e.type)).toEqual(['contact.created', 'team.created'])
    // The same set of types in another spelling keeps the cursor valid; another set does not.
    expect((await read(`types=contact.created&types=team.created&after=${two.cursor}`)).status).toBe(200)
    expectBadRequest(await read(`types=team.*&after=${two.cursor}`), 'invalid_cursor')
    expectBadRequest(await read(`after=${two.cursor}`), 'invalid_cursor')
    expectBadRequest(await read('types=contact.creatd'), 'validation_failed', 'query.types')
  })

  it('pages in full pages while more is waiting, then hands out the horizon as the cursor', async () => {
    const ws = await t.newWorkspace()
    for (let i = 0; i < 4; i++) await createContact(ws.key, { name: `C${i}` })
    const all = await readFeed(
      (q) => changes(ws.key, q),
      undefined,
      'types=contact.created&limit=3',
      (s) => s.length === 4,
    )
    expect(new Set(all.events.map((e) => e.id)).size).toBe(4)
    const firstPage = await changes(ws.key, 'types=contact.created&limit=3')
    expect(firstPage.body.data).toHaveLength(3)
    const rest = await changes(ws.key, `types=contact.created&limit=3&after=${firstPage.body.nextCursor}`)
    expect(rest.body.data.map((e) => e.id)).toEqual([all.events[3]!.id])
    // Reading on from the short page's cursor serves nothing twice.
    expect((await changes(ws.key, `types=contact.created&after=${rest.body.nextCursor}`)).body.data).toEqual(
      [],
    )
  })

  it('never shows another workspace’s changes', async () => {
    const a = await busyWorkspace()
    const b = await busyWorkspace()
    const read = await readFeed(
      (q) => changes(a.key, q),
      undefined,
      'limit=1000',
      (s) => s.length >= 4,
    )
    expect(read.events.every((e) => e.workspaceId === a.workspaceId)).toBe(true)
    expect(read.events.map((e) => e.resource.id)).not.toContain(b.contactId)
    // A cursor is a position, not a permission: b's cursor read with a's key shows a's events only.
    const theirs = await readFeed(
      (q) => changes(b.key, q),
      undefined,
      'limit=1',
      (s) => s.length >= 1,
    )
    const crossed = await changes(a.key, `after=${theirs.cursor}`)
    expect(crossed.status).toBe(200)
    expect(crossed.body.data.every((e) => e.workspaceId === a.workspaceId)).toBe(true)
  })

  it('refuses malformed and tampered cursors, and a cursor of /v1/events, with 400 invalid_cursor', async () => {
    const ws = await busyWorkspace()
    const page = await changes(ws.key, 'limit=1')
    const cursor = page.body.nextCursor
    expectBadRequest(await changes(ws.key, 'after=garbage'), 'invalid_cursor')
    expectBadRequest(await changes(ws.key, `after=${cursor.slice(0, -2)}xx`), 'invalid_cursor')
    expectBadRequest(await changes(ws.key, `after=x${cursor}`), 'invalid_cursor')
    const listCursor = (await listEvents(ws.key, 'limit=1')).body.nextCursor!
    expectBadRequest(await changes(ws.key, `after=${listCursor}`), 'invalid_cursor')
    expectBadRequest(await changes(ws.key, 'limit=1001'), 'validation_failed', 'query.limit')
  })

  it('refuses agents (403 events.read), keys without events:read (403 events:read), and no credentials (401)', async () => {
    const ws = await t.newWorkspace()
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    expectForbidden(await changes(agent.key), { permission: 'events.read' })
    const narrow = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:write'],
    })
    expectForbidden(await changes(narrow.key), { scope: 'events:read' })
    const supervisor = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'supervisor' }],
      scopes: ['events:write'],
    })
    expect((await changes(supervisor.key)).status).toBe(200)
    expect((await t.request('GET', '/v1/changes')).status).toBe(401)
  })

  it.skipIf(!onPostgres)(
    'PostgreSQL: never serves past a transaction still open, and serves its event once it commits',
    async () => {
      const ws = await t.newWorkspace()
      await slowTransactionScenario({
        workspaceId: ws.workspaceId,
        read: (query) => changes(ws.key, query),
        fastWrite: async () => (await createContact(ws.key, { name: 'Fast' })).body.id as string,
        openSlow: async (write) => {
          let release!: () => void
          const gate = new Promise<void>((resolve) => {
            release = resolve
          })
          let written!: () => void
          const ready = new Promise<void>((resolve) => {
            written = resolve
          })
          const done = t.database.db.transaction(async (tx) => {
            await write(tx)
            written()
            await gate
          })
          await ready
          return async () => {
            release()
            await done
          }
        },
      })
    },
  )

  it.skipIf(onPostgres)(
    'PGlite: never serves past a transaction still open (prepared, 2PC), and serves its event once it commits',
    async () => {
      const { client, app, workspace } = await pgliteWithPreparedTransactions()
      try {
        const request = async (method: string, path: string, body?: unknown) => {
          const res = await app.request(path, {
            method,
            headers: {
              authorization: `Bearer ${workspace.secret}`,
              ...(body ? { 'content-type': 'application/json' } : {}),
            },
            body: body ? JSON.stringify(body) : undefined,
          })
          return { status: res.status, body: (await res.json()) as any }
        }
        const db = drizzle({ client, schema }) as unknown as Db
        await slowTransactionScenario({
          workspaceId: workspace.workspace.id,
          read: (query) => request('GET', `/v1/changes?${query}`),
          fastWrite: async () => (await request('POST', '/v1/contacts', { name: 'Fast' })).body.id,
          openSlow: async (write) => {
            // PGlite has one connection: a prepared transaction stays in progress after the session moves on.
            await client.exec('begin')
            await write(db)
            await client.exec(`prepare transaction 'events_slow'`)
            return async () => {
              await client.exec(`commit prepared 'events_slow'`)
            }
          },
        })
      } finally {
        await client.close()
      }
    },
    60_000,
  )
})

/**
 * The change feed's promise: a slow transaction writes its event first (smaller transaction id) and stays
 * open; a fast one commits after it. The feed must not serve the fast event yet (a reader would skip the slow
 * one for good), and once the slow one commits must serve both, slow first, each once.
 */
async function slowTransactionScenario(options: {
  workspaceId: WorkspaceId
  read: (query: string) => Promise<{ status: number; body: { data: EventBody[]; nextCursor: string } }>
  fastWrite: () => Promise<string>
  openSlow: (write: (tx: Db) => Promise<void>) => Promise<() => Promise<void>>
}) {
  const query = 'types=contact.created'
  const start = await options.read(query)
  expect(start.status).toBe(200)
  expect(start.body.data).toEqual([])
  const slowId = newId('ct')
  const commitSlow = await options.openSlow(async (tx) => {
    await emit(
      tx,
      { workspaceId: options.workspaceId, eventActor: systemActor },
      {
        type: 'contact.created',
        resourceId: slowId,
        data: { contact: { id: slowId, name: 'Slow' } },
      },
    )
  })
  let fastId: string
  try {
    fastId = await options.fastWrite()
    // The fast event is committed, yet behind the open transaction: not served, however often we ask.
    let cursor = start.body.nextCursor
    for (let i = 0; i < 3; i++) {
      const res = await options.read(`${query}&after=${cursor}`)
      expect(res.status).toBe(200)
      expect(res.body.data).toEqual([])
      cursor = res.body.nextCursor
    }
    const fromStart = await options.read(query)
    expect(fromStart.body.data).toEqual([])
  } finally {
    await commitSlow()
  }
  const after = await readFeed(options.read, start.body.nextCursor, query, (seen) => seen.length >= 2)
  expect(after.events.map((e) => e.resource.id)).toEqual([slowId, fastId])
  const again = await options.read(`${query}&after=${after.cursor}`)
  expect(again.body.data).toEqual([])
}

/** A PGlite of its own (from the migrated snapshot) that allows prepared transactions, with an app over it. */
async function pgliteWithPreparedTransactions() {
  const snapshot = inject('pgliteSnapshot')
  const client = await PGlite.create({
    extensions: pgliteExtensions,
    parsers: { [pgTypes.INT8]: (value: string) => value },
    postgresqlconf: ['max_prepared_transactions = 2'],
    ...(snapshot ? { loadDataDir: new Blob([readFileSync(snapshot)]) } : {}),
  })
  const database: Database = {
    driver: 'pglite',
    db: drizzle({ client, schema }) as unknown as Db,
    migrate: async () => [],
    close: () => client.close(),
  }
  const config = loadConfig({ LOG_LEVEL: 'silent' })
  const app = validating(
    createApp(
      createDeps({
        config,
        database,
        logger: createLogger('silent'),
        secret: 'test-secret-test-secret-test',
      }),
    ),
  )
  const workspace = await createWorkspace(database.db, {
    name: 'Slow transactions',
    owner: { email: 'owner@slow.test' },
  })
  return { client, app, workspace }
}
