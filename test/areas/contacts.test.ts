import { and, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../src/auth/sessions'
import { contacts, events, organizations, sessions } from '../../src/db/schema'
import { type ContactId, newId, type OrganizationId, type WorkspaceId } from '../../src/ids'
import { createTestApp, newContact, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>

const create = (key: string, body: Record<string, unknown>) =>
  t.request('POST', '/v1/contacts', { key, body })
const get = (key: string, id: string, headers?: Record<string, string>) =>
  t.request('GET', `/v1/contacts/${id}`, { key, headers })
const patch = (key: string, id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  t.request('PATCH', `/v1/contacts/${id}`, { key, body, headers })
const remove = (key: string, id: string, headers?: Record<string, string>) =>
  t.request('DELETE', `/v1/contacts/${id}`, { key, headers })
const upsert = (key: string, externalId: string, body: Record<string, unknown> = {}) =>
  t.request('PUT', `/v1/contacts/by-external-id/${encodeURIComponent(externalId)}`, { key, body })
const bulk = (key: string, items: unknown[]) =>
  t.request('POST', '/v1/contacts/bulk', { key, body: { items } })
const merge = (key: string, targetId: string, sourceContactId: string) =>
  t.request('POST', `/v1/contacts/${targetId}/merge`, { key, body: { sourceContactId } })
const list = (key: string, query = '') => t.request('GET', `/v1/contacts${query ? `?${query}` : ''}`, { key })
const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((c) => c.id)

const uniqueEmail = (domain = 'example.test') => `p-${Math.random().toString(36).slice(2)}@${domain}`

async function newOrganization(workspaceId: WorkspaceId, domains: string[] = [], name = 'Acme') {
  const [row] = await t.database.db
    .insert(organizations)
    .values({ id: newId('org'), workspaceId, name, domains })
    .returning()
  return row!
}

const eventsOf = (resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(eq(events.resourceId, resourceId))
    .orderBy(events.occurredAt, events.id)

const rowOf = async (id: string) =>
  (
    await t.database.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, id as ContactId))
  )[0]

/** A member whose roles and key scopes are exactly what a test needs. */
const collaborator = (ws: Workspace) => t.newMember(ws.workspaceId, { roles: [{ role: 'collaborator' }] })
const keyWithScopes = (ws: Workspace, scopes: string[]) =>
  t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes })

async function portalSession(workspaceId: WorkspaceId, contactId: ContactId) {
  return createSession(t.database.db, { workspaceId, contactId }, { ip: null, userAgent: null })
}

function expectForbidden(
  res: { status: number; body: Record<string, unknown> },
  missing: { permission?: string; scope?: string },
) {
  expect(res.status).toBe(403)
  expect(res.body.code).toBe('forbidden')
  if (missing.permission) expect(res.body.missingPermission).toBe(missing.permission)
  if (missing.scope) expect(res.body.missingScope).toBe(missing.scope)
}

describe('createContact', () => {
  it('answers 201 with the contact, Location and ETag, and emits contact.created', async () => {
    const ws = await t.newWorkspace()
    const body = {
      email: 'Ada@Example.test',
      name: 'Ada Lovelace',
      phone: '+44 20 7946 0000',
      externalId: 'crm-1',
      attributes: { plan: 'enterprise', seats: 40, beta: true, regions: ['eu', 'us'] },
    }
    const res = await create(ws.key, body)
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^ct_/),
      ...body,
      organizationId: null,
      lastSeenAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(res.headers.get('location')).toBe(`/v1/contacts/${res.body.id}`)
    expect(res.headers.get('etag')).toBe('"1"')
    const emitted = await eventsOf(res.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['contact.created'])
    expect(emitted[0]?.data).toEqual({ contact: res.body })
  })

  it('accepts a contact known only by name or only by externalId, and drops null attributes', async () => {
    const ws = await t.newWorkspace()
    const named = await create(ws.key, { name: 'Visitor', attributes: { a: 1, gone: null } })
    expect(named.status).toBe(201)
    expect(named.body.attributes).toEqual({ a: 1 })
    expect((await create(ws.key, { externalId: 'only-external' })).status).toBe(201)
  })

  it('links the contact to the organisation owning its email domain, never for free-mail', async () => {
    const ws = await t.newWorkspace()
    const acme = await newOrganization(ws.workspaceId, ['acme.test'])
    const eu = await newOrganization(ws.workspaceId, ['eu.acme.test'], 'Acme EU')
    await newOrganization(ws.workspaceId, ['gmail.com'], 'Claims gmail')

    const plain = await create(ws.key, { email: uniqueEmail('acme.test') })
    expect(plain.body.organizationId).toBe(acme.id)
    const sub = await create(ws.key, { email: uniqueEmail('mail.acme.test') })
    expect(sub.body.organizationId).toBe(acme.id)
    const specific = await create(ws.key, { email: uniqueEmail('EU.Acme.test') })
    expect(specific.body.organizationId).toBe(eu.id)
    const freeMail = await create(ws.key, { email: uniqueEmail('gmail.com') })
    expect(freeMail.body.organizationId).toBeNull()
    const other = await create(ws.key, { email: uniqueEmail('elsewhere.test') })
    expect(other.body.organizationId).toBeNull()

    const explicit = await create(ws.key, { email: uniqueEmail('acme.test'), organizationId: eu.id })
    expect(explicit.body.organizationId).toBe(eu.id)
  })

  it('never links by the domains of another workspace’s organisations', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    await newOrganization(b.workspaceId, ['foreign.test'])
    const res = await create(a.key, { email: uniqueEmail('foreign.test') })
    expect(res.body.organizationId).toBeNull()
  })

  it('refuses an email another contact has, case-insensitively (409 contact_exists naming it)', async () => {
    const ws = await t.newWorkspace()
    const first = await create(ws.key, { email: 'grace@example.test' })
    const res = await create(ws.key, { email: 'GRACE@example.test', name: 'Grace again' })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('contact_exists')
    expect(res.body.detail).toContain(first.body.id)
    expect(res.body.errors).toEqual([
      { path: 'body.email', code: 'contact_exists', message: `is the email of contact ${first.body.id}` },
    ])
  })

  it('refuses an externalId another contact has (409 contact_exists naming it)', async () => {
    const ws = await t.newWorkspace()
    const first = await create(ws.key, { externalId: 'crm-7' })
    const res = await create(ws.key, { externalId: 'crm-7', name: 'Someone else' })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('contact_exists')
    expect(res.body.errors[0]).toMatchObject({ path: 'body.externalId' })
    expect(res.body.detail).toContain(first.body.id)
  })

  it('answers concurrent creates of one email with one 201 and one 409', async () => {
    const ws = await t.newWorkspace()
    const email = uniqueEmail()
    const results = await Promise.all([create(ws.key, { email }), create(ws.key, { email })])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    expect(results.find((r) => r.status === 409)?.body.code).toBe('contact_exists')
  })

  it('allows the same email in two workspaces', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    expect((await create(a.key, { email: 'same@example.test' })).status).toBe(201)
    expect((await create(b.key, { email: 'same@example.test' })).status).toBe(201)
  })

  it('answers 404 naming the field for an organisation of another workspace or none', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const foreign = await newOrganization(b.workspaceId)
    for (const organizationId of [foreign.id, newId('org')]) {
      const res = await create(a.key, { name: 'X', organizationId })
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('not_found')
      expect(res.body.errors).toEqual([
        {
          path: 'body.organizationId',
          code: 'not_found',
          message: `organization ${organizationId} not found`,
        },
      ])
    }
  })

  it.each([
    ['no identifying field', { phone: '+1 555 0100' }, 'body'],
    ['an empty body', {}, 'body'],
    ['a malformed email', { email: 'not-an-email' }, 'body.email'],
    ['an unknown field', { name: 'x', role: 'admin' }, 'body.role'],
    ['a malformed organisation id', { name: 'x', organizationId: 'acme' }, 'body.organizationId'],
    ['an externalId with control characters', { externalId: 'a\u0001b' }, 'body.externalId'],
    ['a nested attribute object', { name: 'x', attributes: { nested: { a: 1 } } }, 'body.attributes.nested'],
    [
      'an attribute array of objects',
      { name: 'x', attributes: { list: [{ a: 1 }] } },
      'body.attributes.list',
    ],
    ['attributes that are an array', { name: 'x', attributes: ['a'] }, 'body.attributes'],
    [
      '101 attributes',
      { name: 'x', attributes: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])) },
      'body.attributes',
    ],
    [
      'more than 16 KiB of attributes',
      {
        name: 'x',
        attributes: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, 'x'.repeat(4000)])),
      },
      'body.attributes',
    ],
    ['an empty attribute key', { name: 'x', attributes: { '': 1 } }, 'body.attributes'],
  ])('refuses %s with 400 naming the field', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, body)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })

  it('refuses a collaborator (403 naming contacts.manage) and a contacts:read key (403 naming contacts:write)', async () => {
    const ws = await t.newWorkspace()
    const collab = await collaborator(ws)
    expectForbidden(await create(collab.key, { name: 'x' }), { permission: 'contacts.manage' })
    const reader = await keyWithScopes(ws, ['contacts:read'])
    expectForbidden(await create(reader.key, { name: 'x' }), { scope: 'contacts:write' })
    const writer = await keyWithScopes(ws, ['contacts:write'])
    expect((await create(writer.key, { name: 'x' })).status).toBe(201)
    const all = await t.database.db.select().from(contacts).where(eq(contacts.workspaceId, ws.workspaceId))
    expect(all).toHaveLength(1)
  })

  it('refuses a contact (portal) session with 403', async () => {
    const ws = await t.newWorkspace()
    const me = await newContact(ws.workspaceId)
    const session = await portalSession(ws.workspaceId, me.id)
    expect((await create(session.token, { name: 'x' })).status).toBe(403)
  })

  it('refuses no credentials with 401', async () => {
    const res = await t.request('POST', '/v1/contacts', { body: { name: 'x' } })
    expect(res.status).toBe(401)
  })
})

describe('getContact', () => {
  it('answers the contact with an ETag, and 304 while it is current', async () => {
    const ws = await t.newWorkspace()
    const made = await create(ws.key, { email: uniqueEmail(), name: 'Ada' })
    const res = await get(ws.key, made.body.id)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(made.body)
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('content-location')).toBeNull()
    const cached = await get(ws.key, made.body.id, { 'if-none-match': '"1"' })
    expect(cached.status).toBe(304)
  })

  it('answers 404 for a contact of another workspace, exactly as for a missing one', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const theirs = await newContact(b.workspaceId)
    const foreign = await get(a.key, theirs.id)
    const missing = await get(a.key, newId('ct'))
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    expect({ ...foreign.body, requestId: undefined }).toEqual({ ...missing.body, requestId: undefined })
  })

  it.each([
    ['a malformed id', 'nope'],
    ['an id of another type', newId('org')],
  ])('refuses %s with 400 naming the parameter', async (_, id) => {
    const ws = await t.newWorkspace()
    const res = await get(ws.key, id)
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([
      { path: 'params.contactId', code: 'invalid_format', message: 'must be a contact id (ct_…)' },
    ])
  })

  it('lets viewers and collaborators read; a tickets:read key gets 403 naming contacts:read', async () => {
    const ws = await t.newWorkspace()
    const c = await newContact(ws.workspaceId)
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    expect((await get(viewer.key, c.id)).status).toBe(200)
    expect((await get((await collaborator(ws)).key, c.id)).status).toBe(200)
    const tickets = await keyWithScopes(ws, ['tickets:read'])
    expect((await get(tickets.key, c.id)).status).toBe(404)
  })

  it('lets a contact read itself and nobody else', async () => {
    const ws = await t.newWorkspace()
    const me = await newContact(ws.workspaceId)
    const other = await newContact(ws.workspaceId)
    const session = await portalSession(ws.workspaceId, me.id)
    expect((await get(session.token, me.id)).body.id).toBe(me.id)
    expect((await get(session.token, other.id)).status).toBe(404)
  })
})

describe('listContacts', () => {
  it('lists the workspace’s unmerged contacts newest first', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const first = await create(a.key, { name: 'First' })
    const second = await create(a.key, { name: 'Second' })
    const gone = await create(a.key, { name: 'Merged away' })
    await merge(a.key, second.body.id, gone.body.id)
    await create(b.key, { name: 'Theirs' })
    const res = await list(a.key)
    expect(res.status).toBe(200)
    expect(ids(res)).toEqual([second.body.id, first.body.id])
    expect(res.body.nextCursor).toBeNull()
    expect(res.body.data[0]).toEqual((await get(a.key, second.body.id)).body)
  })

  it('filters by q (name or email contains, case-insensitive), email, organisation and externalId', async () => {
    const ws = await t.newWorkspace()
    const org = await newOrganization(ws.workspaceId)
    const ada = await create(ws.key, {
      name: 'Ada Lovelace',
      email: 'ada@analytical.test',
      externalId: 'e-1',
    })
    const grace = await create(ws.key, {
      name: 'Grace Hopper',
      email: 'grace@navy.test',
      organizationId: org.id,
    })
    const pct = await create(ws.key, { name: '100% sure', email: 'percent@example.test' })
    await create(ws.key, { name: 'Nobody', email: 'nobody@example.test' })

    expect(ids(await list(ws.key, 'q=LOVE'))).toEqual([ada.body.id])
    expect(ids(await list(ws.key, 'q=navy'))).toEqual([grace.body.id])
    expect(ids(await list(ws.key, `q=${encodeURIComponent('%')}`))).toEqual([pct.body.id])
    expect(ids(await list(ws.key, 'q=_'))).toEqual([])
    expect(ids(await list(ws.key, 'email=ADA@analytical.test'))).toEqual([ada.body.id])
    expect(ids(await list(ws.key, `organizationId=${org.id}`))).toEqual([grace.body.id])
    expect(ids(await list(ws.key, 'externalId=e-1'))).toEqual([ada.body.id])
    expect(ids(await list(ws.key, 'externalId=e-1&q=grace'))).toEqual([])
  })

  it('sorts by name (nameless contacts first) and pages with a stable cursor under inserts', async () => {
    const ws = await t.newWorkspace()
    const names = ['Delta', 'Alpha', 'Charlie', 'Bravo', 'Echo']
    for (const name of names) await create(ws.key, { name })
    const nameless = await create(ws.key, { email: uniqueEmail() })

    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await list(ws.key, `sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      seen.push(...res.body.data.map((c: { name: string | null }) => c.name ?? ''))
      cursor = res.body.nextCursor
      // A contact created mid-way sorts before the cursor and must neither appear nor shift the pages.
      if (pages === 0) await create(ws.key, { name: 'AAA inserted' })
      pages += 1
    } while (cursor)
    expect(seen[0]).toBe('')
    expect(seen).toHaveLength(6)
    expect(new Set(seen).size).toBe(6)
    expect(seen.slice(1)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'])
    expect(nameless.body.name).toBeNull()

    const desc = await list(ws.key, 'sort=-createdAt&limit=4')
    const rest = await list(ws.key, `sort=-createdAt&limit=4&cursor=${desc.body.nextCursor}`)
    expect([...ids(desc), ...ids(rest)]).toHaveLength(7)
    const asc = await list(ws.key, 'sort=createdAt&limit=100')
    expect(ids(asc)).toEqual([...ids(desc), ...ids(rest)].reverse())
  })

  it('refuses a cursor of another sort or a tampered one (400 invalid_cursor)', async () => {
    const ws = await t.newWorkspace()
    for (let i = 0; i < 3; i++) await create(ws.key, { name: `c${i}` })
    const page = await list(ws.key, 'limit=1')
    const other = await list(ws.key, `sort=name&cursor=${page.body.nextCursor}`)
    expect(other.status).toBe(400)
    expect(other.body.code).toBe('invalid_cursor')
    const tampered = await list(ws.key, `cursor=${page.body.nextCursor}x`)
    expect(tampered.body.code).toBe('invalid_cursor')
  })

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['sort=email', 'query.sort'],
    ['q=', 'query.q'],
    ['email=nope', 'query.email'],
    ['organizationId=ct_01jh2x3y4z5a6b7c8d9e0f1g2h', 'query.organizationId'],
  ])('refuses ?%s with 400', async (query, path) => {
    const ws = await t.newWorkspace()
    const res = await list(ws.key, query)
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })

  it('answers 403 naming contacts:read to a key with tickets:read only; a collaborator may list', async () => {
    const ws = await t.newWorkspace()
    await newContact(ws.workspaceId)
    const tickets = await keyWithScopes(ws, ['tickets:read'])
    expectForbidden(await list(tickets.key), { scope: 'contacts:read' })
    expect(ids(await list((await collaborator(ws)).key))).toHaveLength(1)
    expect(ids(await list((await keyWithScopes(ws, ['contacts:read'])).key))).toHaveLength(1)
  })

  it('shows a team-limited key every contact (contacts belong to no team)', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const limited = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'agent' }],
      teamIds: [team.id],
      keyTeamIds: [team.id],
      scopes: ['contacts:read'],
    })
    await newContact(ws.workspaceId)
    expect(ids(await list(limited.key))).toHaveLength(1)
  })

  it('lists only the contact itself to a portal session', async () => {
    const ws = await t.newWorkspace()
    const me = await newContact(ws.workspaceId)
    await newContact(ws.workspaceId)
    const session = await portalSession(ws.workspaceId, me.id)
    expect(ids(await list(session.token))).toEqual([me.id])
  })
})

describe('updateContact', () => {
  it('changes the given fields, merges attributes, bumps the ETag and emits the previous values', async () => {
    const ws = await t.newWorkspace()
    const made = await create(ws.key, {
      email: uniqueEmail(),
      name: 'Old',
      phone: '+1 555 0100',
      attributes: { plan: 'free', keep: true, drop: 1 },
    })
    const res = await patch(
      ws.key,
      made.body.id,
      { name: 'New', phone: null, attributes: { plan: 'pro', drop: null, added: ['x'] } },
      { 'if-match': '"1"' },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe('"2"')
    expect(res.body).toMatchObject({
      name: 'New',
      phone: null,
      email: made.body.email,
      attributes: { plan: 'pro', keep: true, added: ['x'] },
    })
    const updated = (await eventsOf(made.body.id)).filter((e) => e.type === 'contact.updated')
    expect(updated).toHaveLength(1)
    expect(updated[0]?.data).toEqual({
      contact: res.body,
      previous: { name: 'Old', phone: '+1 555 0100', attributes: { plan: 'free', keep: true, drop: 1 } },
    })
  })

  it('changes nothing (same ETag, no event) when the values are already there', async () => {
    const ws = await t.newWorkspace()
    const made = await create(ws.key, { name: 'Same', attributes: { a: 1 } })
    const res = await patch(ws.key, made.body.id, { name: 'Same', attributes: { a: 1 } })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe('"1"')
    expect((await eventsOf(made.body.id)).map((e) => e.type)).toEqual(['contact.created'])
  })

  it('bumps the contact’s authz version when its organisation changes, not otherwise', async () => {
    const ws = await t.newWorkspace()
    const org = await newOrganization(ws.workspaceId)
    const made = await create(ws.key, { name: 'Linked later' })
    const before = (await rowOf(made.body.id))!.authzVersion
    await patch(ws.key, made.body.id, { name: 'Renamed' })
    expect((await rowOf(made.body.id))!.authzVersion).toBe(before)
    const res = await patch(ws.key, made.body.id, { organizationId: org.id })
    expect(res.body.organizationId).toBe(org.id)
    expect((await rowOf(made.body.id))!.authzVersion).toBe(before + 1)
    await patch(ws.key, made.body.id, { organizationId: null })
    expect((await rowOf(made.body.id))!.authzVersion).toBe(before + 2)
  })

  it('refuses a stale If-Match (412)', async () => {
    const ws = await t.newWorkspace()
    const made = await create(ws.key, { name: 'A' })
    await patch(ws.key, made.body.id, { name: 'B' })
    const res = await patch(ws.key, made.body.id, { name: 'C' }, { 'if-match': '"1"' })
    expect(res.status).toBe(412)
    expect(res.body.code).toBe('precondition_failed')
  })

  it('refuses an email or externalId another contact has (409 contact_exists)', async () => {
    const ws = await t.newWorkspace()
    const taken = await create(ws.key, { email: 'taken@example.test', externalId: 'x-1' })
    const made = await create(ws.key, { name: 'Me' })
    const email = await patch(ws.key, made.body.id, { email: 'Taken@example.test' })
    expect(email.status).toBe(409)
    expect(email.body.code).toBe('contact_exists')
    expect(email.body.detail).toContain(taken.body.id)
    expect((await patch(ws.key, made.body.id, { externalId: 'x-1' })).body.code).toBe('contact_exists')
    // Its own email in another case is no conflict.
    expect((await patch(ws.key, taken.body.id, { email: 'TAKEN@example.test' })).status).toBe(200)
  })

  it('refuses to leave a contact with no email, externalId or name (400)', async () => {
    const ws = await t.newWorkspace()
    const made = await create(ws.key, { name: 'Only name', phone: '+1 555 0100' })
    const res = await patch(ws.key, made.body.id, { name: null })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].code).toBe('missing_identity')
  })

  it('refuses an organisation of another workspace (404 naming the field) and an empty body (400)', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const made = await create(a.key, { name: 'x' })
    const res = await patch(a.key, made.body.id, {
      organizationId: (await newOrganization(b.workspaceId)).id,
    })
    expect(res.status).toBe(404)
    expect(res.body.errors[0].path).toBe('body.organizationId')
    expect((await patch(a.key, made.body.id, {})).status).toBe(400)
  })

  it('refuses to grow attributes past 100 keys', async () => {
    const ws = await t.newWorkspace()
    const full = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]))
    const made = await create(ws.key, { name: 'x', attributes: full })
    const res = await patch(ws.key, made.body.id, { attributes: { one: 'more' } })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].path).toBe('body.attributes')
    expect((await patch(ws.key, made.body.id, { attributes: { k0: 'changed' } })).status).toBe(200)
  })

  it('answers 404 for another workspace’s contact and leaves it unchanged', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const theirs = await newContact(b.workspaceId, { name: 'Theirs' })
    expect((await patch(a.key, theirs.id, { name: 'Mine' })).status).toBe(404)
    expect((await rowOf(theirs.id))!.name).toBe('Theirs')
  })

  it('refuses a collaborator (403 contacts.manage) and a contacts:read key (403 contacts:write)', async () => {
    const ws = await t.newWorkspace()
    const c = await newContact(ws.workspaceId)
    expectForbidden(await patch((await collaborator(ws)).key, c.id, { name: 'x' }), {
      permission: 'contacts.manage',
    })
    expectForbidden(await patch((await keyWithScopes(ws, ['contacts:read'])).key, c.id, { name: 'x' }), {
      scope: 'contacts:write',
    })
  })

  it('refuses a merged contact’s id with 409 contact_merged naming the target', async () => {
    const ws = await t.newWorkspace()
    const target = await newContact(ws.workspaceId)
    const source = await newContact(ws.workspaceId)
    await merge(ws.key, target.id, source.id)
    const res = await patch(ws.key, source.id, { name: 'x' })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('contact_merged')
    expect(res.body.detail).toContain(target.id)
  })
})

describe('deleteContact', () => {
  it('deletes the contact, its portal sessions and the contacts merged into it; emits contact.deleted', async () => {
    const ws = await t.newWorkspace()
    const target = await newContact(ws.workspaceId, { externalId: 'gone-1' })
    const source = await newContact(ws.workspaceId)
    await merge(ws.key, target.id, source.id)
    const session = await portalSession(ws.workspaceId, target.id)
    expect((await get(session.token, target.id)).status).toBe(200)

    const res = await remove(ws.key, target.id, { 'if-match': '"2"' })
    expect(res.status).toBe(204)
    expect((await get(ws.key, target.id)).status).toBe(404)
    expect((await get(ws.key, source.id)).status).toBe(404)
    expect(await rowOf(source.id)).toBeUndefined()
    expect(await t.database.db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([])
    expect((await get(session.token, target.id)).status).toBe(401)
    const deleted = (await eventsOf(target.id)).filter((e) => e.type === 'contact.deleted')
    expect(deleted.map((e) => e.data)).toEqual([{ contact: { id: target.id, externalId: 'gone-1' } }])
    // The email and externalId are free again.
    expect((await create(ws.key, { email: target.email, externalId: 'gone-1' })).status).toBe(201)
  })

  it('refuses a stale If-Match (412) and keeps the contact', async () => {
    const ws = await t.newWorkspace()
    const c = await newContact(ws.workspaceId)
    expect((await remove(ws.key, c.id, { 'if-match': '"9"' })).status).toBe(412)
    expect(await rowOf(c.id)).toBeDefined()
  })

  it('answers 404 for another workspace’s contact and 409 contact_merged for a merged one', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const theirs = await newContact(b.workspaceId)
    expect((await remove(a.key, theirs.id)).status).toBe(404)
    expect(await rowOf(theirs.id)).toBeDefined()
    const target = await newContact(a.workspaceId)
    const source = await newContact(a.workspaceId)
    await merge(a.key, target.id, source.id)
    const merged = await remove(a.key, source.id)
    expect(merged.status).toBe(409)
    expect(merged.body.code).toBe('contact_merged')
    expect(merged.body.detail).toContain(target.id)
  })

  it('refuses a collaborator (403 contacts.manage) and a contacts:read key (403 contacts:write)', async () => {
    const ws = await t.newWorkspace()
    const c = await newContact(ws.workspaceId)
    expectForbidden(await remove((await collaborator(ws)).key, c.id), { permission: 'contacts.manage' })
    expectForbidden(await remove((await keyWithScopes(ws, ['contacts:read'])).key, c.id), {
      scope: 'contacts:write',
    })
    expect(await rowOf(c.id)).toBeDefined()
  })
})

describe('upsertContactByExternalId', () => {
  it('creates (201), then repeats idempotently (200, same ETag, no event), then updates (200)', async () => {
    const ws = await t.newWorkspace()
    const body = { email: uniqueEmail(), name: 'CRM person', attributes: { tier: 'gold' } }
    const first = await upsert(ws.key, 'crm-42', body)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ ...body, externalId: 'crm-42' })
    expect(first.headers.get('location')).toBe(`/v1/contacts/${first.body.id}`)

    const again = await upsert(ws.key, 'crm-42', body)
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(again.headers.get('content-location')).toBe(`/v1/contacts/${first.body.id}`)
    expect((await eventsOf(first.body.id)).map((e) => e.type)).toEqual(['contact.created'])

    const changed = await upsert(ws.key, 'crm-42', { name: 'Renamed', attributes: { seats: 3 } })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({
      name: 'Renamed',
      email: body.email,
      attributes: { tier: 'gold', seats: 3 },
    })
    expect(changed.headers.get('etag')).toBe('"2"')
    expect((await eventsOf(first.body.id)).map((e) => e.type)).toEqual(['contact.created', 'contact.updated'])
  })

  it('answers concurrent first writes of one externalId with one 201 and one 200 on the same contact', async () => {
    const ws = await t.newWorkspace()
    const results = await Promise.all([
      upsert(ws.key, 'race', { name: 'One' }),
      upsert(ws.key, 'race', { name: 'Two' }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 201])
    expect(results[0]?.body.id).toBe(results[1]?.body.id)
    expect(ids(await list(ws.key))).toHaveLength(1)
  })

  it('accepts an empty body and externalIds with reserved characters', async () => {
    const ws = await t.newWorkspace()
    const res = await upsert(ws.key, 'acct/42?x=1 #ü', {})
    expect(res.status).toBe(201)
    expect(res.body.externalId).toBe('acct/42?x=1 #ü')
    expect((await upsert(ws.key, 'acct/42?x=1 #ü', {})).status).toBe(200)
  })

  it('links a new contact by email domain', async () => {
    const ws = await t.newWorkspace()
    const org = await newOrganization(ws.workspaceId, ['upsert.test'])
    const res = await upsert(ws.key, 'crm-org', { email: uniqueEmail('upsert.test') })
    expect(res.body.organizationId).toBe(org.id)
  })

  it('updates the contact a merged holder of the externalId went into', async () => {
    const ws = await t.newWorkspace()
    const target = await newContact(ws.workspaceId, { externalId: 'keep' })
    const source = await newContact(ws.workspaceId, { externalId: 'merged-away' })
    await merge(ws.key, target.id, source.id)
    const res = await upsert(ws.key, 'merged-away', { name: 'Through the redirect' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: target.id, externalId: 'keep', name: 'Through the redirect' })
  })

  it('refuses an email another contact has (409 contact_exists) and creates nothing', async () => {
    const ws = await t.newWorkspace()
    const taken = await newContact(ws.workspaceId)
    const res = await upsert(ws.key, 'crm-dup', { email: taken.email })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('contact_exists')
    expect((await list(ws.key, 'externalId=crm-dup')).body.data).toEqual([])
  })

  it('refuses a control character in the externalId and unknown fields (400)', async () => {
    const ws = await t.newWorkspace()
    const bad = await t.request('PUT', '/v1/contacts/by-external-id/a%01b', { key: ws.key, body: {} })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toBe('params.externalId')
    const unknown = await upsert(ws.key, 'crm-x', { externalId: 'other' })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors[0].path).toBe('body.externalId')
  })

  it('refuses a collaborator (403 contacts.manage) and a contacts:read key (403 contacts:write)', async () => {
    const ws = await t.newWorkspace()
    expectForbidden(await upsert((await collaborator(ws)).key, 'new-one'), { permission: 'contacts.manage' })
    await newContact(ws.workspaceId, { externalId: 'existing' })
    expectForbidden(await upsert((await collaborator(ws)).key, 'existing', { name: 'x' }), {
      permission: 'contacts.manage',
    })
    expectForbidden(await upsert((await keyWithScopes(ws, ['contacts:read'])).key, 'existing'), {
      scope: 'contacts:write',
    })
  })
})

describe('bulkUpsertContacts', () => {
  it('answers every item on its own: created, updated, invalid, conflicting, unknown organisation', async () => {
    const ws = await t.newWorkspace()
    const b = await t.newWorkspace()
    const existing = await newContact(ws.workspaceId, { externalId: 'bulk-existing', name: 'Before' })
    const taken = await newContact(ws.workspaceId)
    const foreignOrg = await newOrganization(b.workspaceId)
    const freshEmail = uniqueEmail()
    const res = await bulk(ws.key, [
      { email: freshEmail, name: 'Fresh' },
      { externalId: 'bulk-existing', name: 'After' },
      { email: 'not-an-email' },
      { email: taken.email!.toUpperCase() },
      { name: 'Foreign org', organizationId: foreignOrg.id },
      { phone: '+1 555 0100' },
      { externalId: 'bulk-new', attributes: { a: 1 } },
    ])
    expect(res.status).toBe(200)
    const data = res.body.data as Array<{ index: number; status: number; id?: string; error?: any }>
    expect(data.map((r) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 200],
      [2, 400],
      [3, 409],
      [4, 404],
      [5, 400],
      [6, 201],
    ])
    expect(data[1]?.id).toBe(existing.id)
    expect(data[2]?.error).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body.items.2.email' }],
    })
    expect(data[3]?.error).toMatchObject({ code: 'contact_exists', errors: [{ path: 'body.items.3.email' }] })
    expect(data[3]?.error.detail).toContain(taken.id)
    expect(data[4]?.error).toMatchObject({
      code: 'not_found',
      errors: [{ path: 'body.items.4.organizationId' }],
    })
    expect(data[5]?.error.errors[0]).toMatchObject({ path: 'body.items.5', code: 'missing_identity' })
    expect(data.filter((r) => r.status >= 400).every((r) => r.id === undefined)).toBe(true)

    expect((await rowOf(existing.id))!.name).toBe('After')
    const listed = await list(ws.key, 'limit=100')
    expect(ids(listed).sort()).toEqual([data[0]!.id, existing.id, taken.id, data[6]!.id].sort())
    const types = (await eventsOf(data[0]!.id!)).map((e) => e.type)
    expect(types).toEqual(['contact.created'])
    const all = await t.database.db
      .select()
      .from(events)
      .where(
        and(
          eq(events.workspaceId, ws.workspaceId),
          inArray(events.type, ['contact.created', 'contact.updated']),
        ),
      )
    expect(all).toHaveLength(3)
  })

  it('upserts a repeated externalId within one batch', async () => {
    const ws = await t.newWorkspace()
    const res = await bulk(ws.key, [
      { externalId: 'twice', name: 'One' },
      { externalId: 'twice', name: 'Two' },
    ])
    expect(res.body.data.map((r: { status: number }) => r.status)).toEqual([201, 200])
    expect(res.body.data[0].id).toBe(res.body.data[1].id)
    expect((await rowOf(res.body.data[0].id))!.name).toBe('Two')
  })

  it('refuses a bad envelope with 400: no items, more than 1,000, not an array, non-object items', async () => {
    const ws = await t.newWorkspace()
    expect((await bulk(ws.key, [])).status).toBe(400)
    const tooMany = await bulk(
      ws.key,
      Array.from({ length: 1001 }, (_, i) => ({ name: `n${i}` })),
    )
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.errors[0].path).toBe('body.items')
    const notArray = await t.request('POST', '/v1/contacts/bulk', { key: ws.key, body: { items: 'x' } })
    expect(notArray.status).toBe(400)
    const notObject = await bulk(ws.key, [{ name: 'fine' }, 'not an object'])
    expect(notObject.status).toBe(400)
    expect(notObject.body.errors[0].path).toBe('body.items.1')
    expect(
      await t.database.db.select().from(contacts).where(eq(contacts.workspaceId, ws.workspaceId)),
    ).toEqual([])
  })

  it('refuses a collaborator (403 contacts.manage) and a contacts:read key (403 contacts:write) as a whole', async () => {
    const ws = await t.newWorkspace()
    expectForbidden(await bulk((await collaborator(ws)).key, [{ name: 'x' }]), {
      permission: 'contacts.manage',
    })
    expectForbidden(await bulk((await keyWithScopes(ws, ['contacts:read'])).key, [{ name: 'x' }]), {
      scope: 'contacts:write',
    })
  })
})

describe('mergeContacts', () => {
  it('moves the source onto the target, keeps a redirect and emits contact.merged', async () => {
    const ws = await t.newWorkspace()
    const org = await newOrganization(ws.workspaceId)
    const target = await newContact(ws.workspaceId, {
      name: 'Target',
      email: uniqueEmail(),
      attributes: { plan: 'pro', shared: 'target wins' },
    })
    const source = await newContact(ws.workspaceId, {
      name: 'Source',
      phone: '+1 555 0100',
      externalId: 'crm-src',
      organizationId: org.id as OrganizationId,
      attributes: { shared: 'source loses', extra: [1, 2] },
      lastSeenAt: new Date('2026-01-02T03:04:05.000Z'),
    })
    const session = await portalSession(ws.workspaceId, source.id)
    const authzBefore = target.authzVersion

    const res = await merge(ws.key, target.id, source.id)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: target.id,
      name: 'Target',
      email: target.email,
      phone: '+1 555 0100',
      externalId: 'crm-src',
      organizationId: org.id,
      attributes: { plan: 'pro', shared: 'target wins', extra: [1, 2] },
      lastSeenAt: '2026-01-02T03:04:05.000Z',
    })
    expect(res.headers.get('etag')).toBe('"2"')

    // The source's portal session ended.
    expect(await t.database.db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([])
    expect((await get(session.token, source.id)).status).toBe(401)
    // The organisation changed: the target's decisions are recomputed.
    expect((await rowOf(target.id))!.authzVersion).toBe(authzBefore + 1)
    expect((await rowOf(source.id))!.mergedIntoId).toBe(target.id)

    // The old id still resolves, to the target, naming the canonical URL.
    const redirected = await get(ws.key, source.id)
    expect(redirected.status).toBe(200)
    expect(redirected.body).toEqual(res.body)
    expect(redirected.headers.get('content-location')).toBe(`/v1/contacts/${target.id}`)
    expect(redirected.headers.get('link')).toBe(`</v1/contacts/${target.id}>; rel="canonical"`)
    expect(redirected.headers.get('etag')).toBe('"2"')
    expect(ids(await list(ws.key))).toEqual([target.id])

    const merged = (await eventsOf(target.id)).filter((e) => e.type === 'contact.merged')
    expect(merged.map((e) => e.data)).toEqual([
      {
        contact: res.body,
        source: { id: source.id, email: source.email, externalId: 'crm-src' },
        previous: {
          phone: null,
          externalId: null,
          organizationId: null,
          attributes: { plan: 'pro', shared: 'target wins' },
        },
      },
    ])
  })

  it('keeps redirects one hop: a contact merged into one that is merged later resolves to the last', async () => {
    const ws = await t.newWorkspace()
    const [a, b, c] = [
      await newContact(ws.workspaceId),
      await newContact(ws.workspaceId),
      await newContact(ws.workspaceId),
    ]
    expect((await merge(ws.key, b.id, a.id)).status).toBe(200)
    expect((await merge(ws.key, c.id, b.id)).status).toBe(200)
    expect((await get(ws.key, a.id)).body.id).toBe(c.id)
    expect((await rowOf(a.id))!.mergedIntoId).toBe(c.id)
  })

  it('refuses merging into itself (422 merge_into_self) and with a merged contact (422 merge_with_merged)', async () => {
    const ws = await t.newWorkspace()
    const target = await newContact(ws.workspaceId)
    const source = await newContact(ws.workspaceId)
    const other = await newContact(ws.workspaceId)
    const self = await merge(ws.key, target.id, target.id)
    expect(self.status).toBe(422)
    expect(self.body.code).toBe('merge_into_self')
    await merge(ws.key, target.id, source.id)
    const intoMerged = await merge(ws.key, source.id, other.id)
    expect(intoMerged.status).toBe(422)
    expect(intoMerged.body.code).toBe('merge_with_merged')
    const fromMerged = await merge(ws.key, other.id, source.id)
    expect(fromMerged.status).toBe(422)
    expect(fromMerged.body.code).toBe('merge_with_merged')
    expect(fromMerged.body.detail).toContain(target.id)
  })

  it('answers 404 for a target or a source of another workspace, naming the source field', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const mine = await newContact(a.workspaceId)
    const theirs = await newContact(b.workspaceId)
    expect((await merge(a.key, theirs.id, mine.id)).status).toBe(404)
    const source = await merge(a.key, mine.id, theirs.id)
    expect(source.status).toBe(404)
    expect(source.body.errors[0].path).toBe('body.sourceContactId')
    expect((await rowOf(theirs.id))!.mergedIntoId).toBeNull()
  })

  it('refuses a malformed source id (400)', async () => {
    const ws = await t.newWorkspace()
    const c = await newContact(ws.workspaceId)
    const res = await merge(ws.key, c.id, 'org_01jh2x3y4z5a6b7c8d9e0f1g2h')
    expect(res.status).toBe(400)
    expect(res.body.errors[0].path).toBe('body.sourceContactId')
  })

  it('refuses a collaborator (403 contacts.manage) and a contacts:read key (403 contacts:write)', async () => {
    const ws = await t.newWorkspace()
    const target = await newContact(ws.workspaceId)
    const source = await newContact(ws.workspaceId)
    expectForbidden(await merge((await collaborator(ws)).key, target.id, source.id), {
      permission: 'contacts.manage',
    })
    expectForbidden(await merge((await keyWithScopes(ws, ['contacts:read'])).key, target.id, source.id), {
      scope: 'contacts:write',
    })
    expect((await rowOf(source.id))!.mergedIntoId).toBeNull()
  })
})
