import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../src/auth/sessions'
import { contacts, events, organizations } from '../../src/db/schema'
import { newId, type OrganizationId, type WorkspaceId } from '../../src/ids'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const create = (key: string, body: Record<string, unknown>) =>
  t.request('POST', '/v1/organizations', { key, body })
const upsert = (key: string, externalId: string, body: Record<string, unknown>) =>
  t.request('PUT', `/v1/organizations/by-external-id/${encodeURIComponent(externalId)}`, { key, body })
const bulk = (key: string, items: unknown[]) =>
  t.request('POST', '/v1/organizations/bulk', { key, body: { items } })

const eventsOf = (workspaceId: WorkspaceId, resourceId: string) =>
  t.database.db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
    .orderBy(asc(events.occurredAt), asc(events.id))

/** A contact row (the contacts API is another area's), optionally in an organisation. */
async function newContact(workspaceId: WorkspaceId, organizationId?: string) {
  const [row] = await t.database.db
    .insert(contacts)
    .values({
      id: newId('ct'),
      workspaceId,
      email: `c-${Math.random().toString(36).slice(2)}@example.test`,
      organizationId: (organizationId ?? null) as OrganizationId | null,
    })
    .returning()
  return row!
}

const contactRow = async (id: string) => {
  const [row] = await t.database.db
    .select()
    .from(contacts)
    .where(eq(contacts.id, id as never))
  return row!
}

const ids = (res: { body: { data: Array<{ id: string }> } }) => res.body.data.map((x) => x.id)
const paths = (res: { body: { errors?: Array<{ path: string }> } }) =>
  (res.body.errors ?? []).map((e) => e.path)

describe('createOrganization', () => {
  it('answers 201 with the organisation, an ETag and its URL, and emits organization.created', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, {
      name: ' Acme Corp ',
      domains: ['Acme.COM', 'acme.com.', 'bücher.de'],
      externalId: 'crm-1',
      attributes: { plan: 'enterprise', seats: 40, regions: ['eu'], gone: null },
    })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^org_/),
      name: 'Acme Corp',
      domains: ['acme.com', 'xn--bcher-kva.de'],
      externalId: 'crm-1',
      ticketSharing: 'none',
      attributes: { plan: 'enterprise', seats: 40, regions: ['eu'] },
      contactCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(res.headers.get('etag')).toBe('"1"')
    expect(res.headers.get('location')).toBe(`/v1/organizations/${res.body.id}`)
    const emitted = await eventsOf(ws.workspaceId, res.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['organization.created'])
    expect(emitted[0]?.data).toMatchObject({ organization: { id: res.body.id, name: 'Acme Corp' } })
    expect(JSON.stringify(emitted)).not.toContain(ws.key)
  })

  it.each([
    ['no name', {}, 'body.name'],
    ['a blank name', { name: '  ' }, 'body.name'],
    ['an unknown ticketSharing', { name: 'x', ticketSharing: 'everyone' }, 'body.ticketSharing'],
    ['an unknown field', { name: 'x', website: 'acme.com' }, 'body.website'],
    ['an empty externalId', { name: 'x', externalId: '' }, 'body.externalId'],
    ['a control character in externalId', { name: 'x', externalId: 'a\u0001b' }, 'body.externalId'],
    ['an object attribute value', { name: 'x', attributes: { a: { b: 1 } } }, 'body.attributes.a'],
    [
      'more than 100 attributes',
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
    ['a too long attribute key', { name: 'x', attributes: { ['k'.repeat(101)]: 1 } }, 'body.attributes'],
  ])('refuses %s with 400 naming the field', async (_, body, path) => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, body)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(paths(res)).toContain(path)
  })

  it.each(['localhost', '10.0.0.1', 'acme..com', '-acme.com', 'acme.com/path', 'ada@acme.com', '*.acme.com'])(
    'refuses the domain %s with 400 naming its position',
    async (domain) => {
      const ws = await t.newWorkspace()
      const res = await create(ws.key, { name: 'x', domains: ['fine.com', domain] })
      expect(res.status).toBe(400)
      expect(res.body.errors).toEqual([
        { path: 'body.domains.1', code: 'invalid_domain', message: 'must be a domain such as acme.com' },
      ])
    },
  )

  it('refuses a free-mail domain with 422 free_mail_domain', async () => {
    const ws = await t.newWorkspace()
    const res = await create(ws.key, { name: 'x', domains: ['acme.com', 'GMail.com'] })
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('free_mail_domain')
    expect(paths(res)).toEqual(['body.domains.1'])
  })

  it('refuses a domain another organisation has with 409 domain_taken naming it; other workspaces are separate', async () => {
    const ws = await t.newWorkspace()
    const first = await create(ws.key, { name: 'First', domains: ['acme.com'] })
    const res = await create(ws.key, { name: 'Second', domains: ['other.com', 'ACME.com'] })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('domain_taken')
    expect(res.body.detail).toContain('acme.com')
    expect(res.body.detail).toContain(first.body.id)
    expect(paths(res)).toEqual(['body.domains.1'])
    // A subdomain is a different domain.
    expect((await create(ws.key, { name: 'Sub', domains: ['eu.acme.com'] })).status).toBe(201)
    const other = await t.newWorkspace()
    expect((await create(other.key, { name: 'Elsewhere', domains: ['acme.com'] })).status).toBe(201)
  })

  it('refuses an externalId another organisation has with 409 external_id_taken', async () => {
    const ws = await t.newWorkspace()
    const first = await create(ws.key, { name: 'First', externalId: 'crm-7' })
    const res = await create(ws.key, { name: 'Second', externalId: 'crm-7' })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('external_id_taken')
    expect(res.body.detail).toContain(first.body.id)
  })

  it('refuses no credentials with 401', async () => {
    expect((await t.request('POST', '/v1/organizations', { body: { name: 'x' } })).status).toBe(401)
  })

  it('refuses a viewer with 403 naming organizations.manage', async () => {
    const ws = await t.newWorkspace()
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const res = await create(viewer.key, { name: 'x' })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'organizations.manage' })
  })

  it('refuses a key with only contacts:read with 403 naming contacts:write', async () => {
    const ws = await t.newWorkspace()
    const member = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const res = await create(member.key, { name: 'x' })
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'contacts:write' })
  })

  it('lets a supervisor create', async () => {
    const ws = await t.newWorkspace()
    const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
    expect((await create(supervisor.key, { name: 'x' })).status).toBe(201)
  })
})

describe('getOrganization', () => {
  it('answers the organisation with its contact count and an ETag, and 304 while it is current', async () => {
    const ws = await t.newWorkspace()
    const org = await create(ws.key, { name: 'Acme' })
    await newContact(ws.workspaceId, org.body.id)
    await newContact(ws.workspaceId, org.body.id)
    await newContact(ws.workspaceId)
    const res = await t.request('GET', `/v1/organizations/${org.body.id}`, { key: ws.key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: org.body.id, name: 'Acme', contactCount: 2 })
    const cached = await t.request('GET', `/v1/organizations/${org.body.id}`, {
      key: ws.key,
      headers: { 'if-none-match': res.headers.get('etag') ?? '' },
    })
    expect(cached.status).toBe(304)
  })

  it('answers 404 for an organisation of another workspace, exactly as for a missing one', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const org = await create(b.key, { name: 'Theirs' })
    const foreign = await t.request('GET', `/v1/organizations/${org.body.id}`, { key: a.key })
    const missing = await t.request('GET', `/v1/organizations/${newId('org')}`, { key: a.key })
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    expect({ ...foreign.body, requestId: undefined }).toEqual({ ...missing.body, requestId: undefined })
  })

  it('refuses a malformed id with 400 naming the parameter', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', `/v1/organizations/${newId('team')}`, { key: ws.key })
    expect(res.status).toBe(400)
    expect(res.body.errors[0]).toMatchObject({ path: 'params.organizationId', code: 'invalid_format' })
  })

  it('refuses a key without a contacts scope with 403 naming contacts:read', async () => {
    const ws = await t.newWorkspace()
    const org = await create(ws.key, { name: 'Acme' })
    const member = await t.newMember(ws.workspaceId, { scopes: ['teams:read'] })
    const res = await t.request('GET', `/v1/organizations/${org.body.id}`, { key: member.key })
    expect(res.status).toBe(403)
    expect(res.body.missingScope).toBe('contacts:read')
  })

  it('shows a signed-in contact its own organisation and no other (404)', async () => {
    const ws = await t.newWorkspace()
    const own = await create(ws.key, { name: 'Own' })
    const other = await create(ws.key, { name: 'Other' })
    const contact = await newContact(ws.workspaceId, own.body.id)
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, contactId: contact.id },
      { ip: null, userAgent: null },
    )
    expect((await t.request('GET', `/v1/organizations/${own.body.id}`, { key: session.token })).status).toBe(
      200,
    )
    expect(
      (await t.request('GET', `/v1/organizations/${other.body.id}`, { key: session.token })).status,
    ).toBe(404)
    const list = await t.request('GET', '/v1/organizations', { key: session.token })
    expect(ids(list)).toEqual([own.body.id])
  })
})

describe('listOrganizations', () => {
  it('lists by name, pages with a cursor, and sorts by createdAt', async () => {
    const ws = await t.newWorkspace()
    const c = await create(ws.key, { name: 'Charlie' })
    const a = await create(ws.key, { name: 'Alpha' })
    const b = await create(ws.key, { name: 'Bravo' })
    expect(ids(await t.request('GET', '/v1/organizations', { key: ws.key }))).toEqual([
      a.body.id,
      b.body.id,
      c.body.id,
    ])
    const first = await t.request('GET', '/v1/organizations?limit=2', { key: ws.key })
    expect(ids(first)).toEqual([a.body.id, b.body.id])
    const second = await t.request('GET', `/v1/organizations?limit=2&cursor=${first.body.nextCursor}`, {
      key: ws.key,
    })
    expect(ids(second)).toEqual([c.body.id])
    expect(second.body.nextCursor).toBeNull()
    const newest = await t.request('GET', '/v1/organizations?sort=-createdAt', { key: ws.key })
    expect(ids(newest)).toEqual([b.body.id, a.body.id, c.body.id])
  })

  it('filters by name text (case-insensitive, wildcards literal), domain and externalId', async () => {
    const ws = await t.newWorkspace()
    const acme = await create(ws.key, { name: 'Acme 100% Corp', domains: ['acme.com'], externalId: 'crm-a' })
    const beta = await create(ws.key, { name: 'Beta_Labs', domains: ['beta.io'], externalId: 'crm-b' })
    const q = async (query: string) =>
      ids(await t.request('GET', `/v1/organizations?${query}`, { key: ws.key }))
    expect(await q('q=acme')).toEqual([acme.body.id])
    expect(await q(`q=${encodeURIComponent('100%')}`)).toEqual([acme.body.id])
    expect(await q('q=a_l')).toEqual([beta.body.id])
    expect(await q('q=%25')).toEqual([acme.body.id])
    expect(await q('domain=BETA.io')).toEqual([beta.body.id])
    expect(await q('domain=nobody.com')).toEqual([])
    expect(await q('externalId=crm-a')).toEqual([acme.body.id])
    expect(await q('q=a&domain=acme.com&limit=1')).toEqual([acme.body.id])
  })

  it('never lists another workspace’s organisations', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    await create(b.key, { name: 'Theirs' })
    expect((await t.request('GET', '/v1/organizations', { key: a.key })).body.data).toEqual([])
  })

  it('lets a viewer list; refuses a key without a contacts scope with 403 naming contacts:read', async () => {
    const ws = await t.newWorkspace()
    await create(ws.key, { name: 'Acme' })
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    expect((await t.request('GET', '/v1/organizations', { key: viewer.key })).body.data).toHaveLength(1)
    const member = await t.newMember(ws.workspaceId, { scopes: ['tickets:write'] })
    const res = await t.request('GET', '/v1/organizations', { key: member.key })
    expect(res.status).toBe(403)
    expect(res.body.missingScope).toBe('contacts:read')
  })

  it('refuses an unknown sort with 400', async () => {
    const ws = await t.newWorkspace()
    expect((await t.request('GET', '/v1/organizations?sort=domains', { key: ws.key })).status).toBe(400)
  })
})

describe('updateOrganization', () => {
  it('changes the fields given, merges attributes, bumps the ETag and emits organization.updated', async () => {
    const ws = await t.newWorkspace()
    const org = await create(ws.key, {
      name: 'Acme',
      domains: ['acme.com'],
      externalId: 'crm-1',
      attributes: { plan: 'free', seats: 3 },
    })
    const res = await t.request('PATCH', `/v1/organizations/${org.body.id}`, {
      key: ws.key,
      body: {
        name: 'Acme Inc',
        domains: ['acme.io'],
        externalId: null,
        attributes: { plan: 'pro', seats: null },
      },
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      name: 'Acme Inc',
      domains: ['acme.io'],
      externalId: null,
      attributes: { plan: 'pro' },
    })
    expect(res.headers.get('etag')).toBe('"2"')
    const emitted = await eventsOf(ws.workspaceId, org.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['organization.created', 'organization.updated'])
    expect(emitted[1]?.data).toMatchObject({
      previous: {
        name: 'Acme',
        domains: ['acme.com'],
        externalId: 'crm-1',
        attributes: { plan: 'free', seats: 3 },
      },
    })
    // The released domain is free again.
    expect((await create(ws.key, { name: 'Other', domains: ['acme.com'] })).status).toBe(201)
  })

  it('changes nothing (same ETag, no event) when nothing differs', async () => {
    const ws = await t.newWorkspace()
    const org = await create(ws.key, { name: 'Acme', domains: ['acme.com'], attributes: { a: 1 } })
    const res = await t.request('PATCH', `/v1/organizations/${org.body.id}`, {
      key: ws.key,
      body: { name: 'Acme', domains: ['ACME.com'], attributes: { a: 1 } },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe('"1"')
    expect((await eventsOf(ws.workspaceId, org.body.id)).length).toBe(1)
  })

  it('moves the authz version of the organisation’s contacts when ticketSharing changes, and only then', async () => {
    const ws = await t.newWorkspace()
    const org = await create(ws.key, { name: 'Acme' })
    const inside = await newContact(ws.workspaceId, org.body.id)
    const outside = await newContact(ws.workspaceId)
    const patch = (body: Record<string, unknown>) =>
      t.request('PATCH', `/v1/organizations/${org.body.id}`, { key: ws.key, body })
    expect((await patch({ name: 'Renamed' })).status).toBe(200)
    expect((await contactRow(inside.id)).authzVersion).toBe(inside.authzVersion)
    const res = await patch({ ticketSharing: 'members_read' })
    expect(res.body.ticketSharing).toBe('members_read')
    expect((await contactRow(inside.id)).authzVersion).toBe(inside.authzVersion + 1)
    expect((await contactRow(outside.id)).authzVersion).toBe(outside.authzVersion)
  })

  it('honours If-Match: 412 when stale, applied when current', async () => {
    const ws = await t.newWorkspace()
    const org = await create(ws.key, { name: 'Acme' })
    const url = `/v1/organizations/${org.body.id}`
    const stale = await t.request('PATCH', url, {
      key: ws.key,
      body: { name: 'x' },
      headers: { 'if-match': '"5"' },
    })
    expect(stale.status).toBe(412)
    const current = await t.request('PATCH', url, {
      key: ws.key,
      body: { name: 'x' },
      headers: { 'if-match': '"1"' },
    })
    expect(current.status).toBe(200)
  })

  it('refuses a taken domain (409), a taken externalId (409), a free-mail domain (422) and an empty body (400)', async () => {
    const ws = await t.newWorkspace()
    await create(ws.key, { name: 'Other', domains: ['taken.com'], externalId: 'crm-taken' })
    const org = await create(ws.key, { name: 'Mine', domains: ['mine.com'] })
    const patch = (body: Record<string, unknown>) =>
      t.request('PATCH', `/v1/organizations/${org.body.id}`, { key: ws.key, body })
    const domain = await patch({ domains: ['mine.com', 'taken.com'] })
    expect(domain.status).toBe(409)
    expect(domain.body.code).toBe('domain_taken')
    const external = await patch({ externalId: 'crm-taken' })
    expect(external.status).toBe(409)
    expect(external.body.code).toBe('external_id_taken')
    const freeMail = await patch({ domains: ['outlook.com'] })
    expect(freeMail.status).toBe(422)
    expect(freeMail.body.code).toBe('free_mail_domain')
    expect((await patch({})).status).toBe(400)
    // Keeping its own domain while adding another is fine.
    expect((await patch({ domains: ['mine.com', 'mine.io'] })).status).toBe(200)
  })

  it('refuses attributes that would grow past 100 keys', async () => {
    const ws = await t.newWorkspace()
    const full = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]))
    const org = await create(ws.key, { name: 'Acme', attributes: full })
    const res = await t.request('PATCH', `/v1/organizations/${org.body.id}`, {
      key: ws.key,
      body: { attributes: { extra: 1 } },
    })
    expect(res.status).toBe(400)
    expect(paths(res)).toEqual(['body.attributes'])
    const swap = await t.request('PATCH', `/v1/organizations/${org.body.id}`, {
      key: ws.key,
      body: { attributes: { k0: null, extra: 1 } },
    })
    expect(swap.status).toBe(200)
  })

  it('refuses an agent with 403 naming organizations.manage, and a contacts:read key naming contacts:write', async () => {
    const ws = await t.newWorkspace()
    const org = await create(ws.key, { name: 'Acme' })
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const byAgent = await t.request('PATCH', `/v1/organizations/${org.body.id}`, {
      key: agent.key,
      body: { name: 'x' },
    })
    expect(byAgent.status).toBe(403)
    expect(byAgent.body.missingPermission).toBe('organizations.manage')
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'owner' }],
      scopes: ['contacts:read'],
    })
    const byReader = await t.request('PATCH', `/v1/organizations/${org.body.id}`, {
      key: reader.key,
      body: { name: 'x' },
    })
    expect(byReader.status).toBe(403)
    expect(byReader.body.missingScope).toBe('contacts:write')
  })

  it('answers 404 for another workspace’s organisation', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const org = await create(b.key, { name: 'Theirs' })
    const res = await t.request('PATCH', `/v1/organizations/${org.body.id}`, {
      key: a.key,
      body: { name: 'x' },
    })
    expect(res.status).toBe(404)
  })
})

describe('deleteOrganization', () => {
  it('deletes it, unlinks its contacts (new version and authz version) and emits organization.deleted', async () => {
    const ws = await t.newWorkspace()
    const org = await create(ws.key, { name: 'Acme', externalId: 'crm-1' })
    const contact = await newContact(ws.workspaceId, org.body.id)
    const res = await t.request('DELETE', `/v1/organizations/${org.body.id}`, {
      key: ws.key,
      headers: { 'if-match': '"1"' },
    })
    expect(res.status).toBe(204)
    expect((await t.request('GET', `/v1/organizations/${org.body.id}`, { key: ws.key })).status).toBe(404)
    const after = await contactRow(contact.id)
    expect(after.organizationId).toBeNull()
    expect(after.version).toBe(contact.version + 1)
    expect(after.authzVersion).toBe(contact.authzVersion + 1)
    const emitted = await eventsOf(ws.workspaceId, org.body.id)
    expect(emitted.map((e) => e.type)).toEqual(['organization.created', 'organization.deleted'])
    expect(emitted[1]?.data).toEqual({ organization: { id: org.body.id, name: 'Acme', externalId: 'crm-1' } })
    // Its externalId is free again.
    expect((await upsert(ws.key, 'crm-1', { name: 'Acme again' })).status).toBe(201)
  })

  it('refuses a stale If-Match with 412 and a viewer with 403; answers 404 for another workspace', async () => {
    const ws = await t.newWorkspace()
    const org = await create(ws.key, { name: 'Acme' })
    const url = `/v1/organizations/${org.body.id}`
    expect((await t.request('DELETE', url, { key: ws.key, headers: { 'if-match': '"3"' } })).status).toBe(412)
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const byViewer = await t.request('DELETE', url, { key: viewer.key })
    expect(byViewer.status).toBe(403)
    expect(byViewer.body.missingPermission).toBe('organizations.manage')
    const other = await t.newWorkspace()
    expect((await t.request('DELETE', url, { key: other.key })).status).toBe(404)
    expect((await t.request('GET', url, { key: ws.key })).status).toBe(200)
  })
})

describe('upsertOrganizationByExternalId', () => {
  it('creates (201), then answers 200 with the same ETag and no event when repeated', async () => {
    const ws = await t.newWorkspace()
    const body = { name: 'Acme', domains: ['acme.com'], attributes: { tier: 'gold' } }
    const first = await upsert(ws.key, 'crm-42', body)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ name: 'Acme', externalId: 'crm-42', domains: ['acme.com'] })
    expect(first.headers.get('location')).toBe(`/v1/organizations/${first.body.id}`)
    const again = await upsert(ws.key, 'crm-42', body)
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(again.headers.get('content-location')).toBe(`/v1/organizations/${first.body.id}`)
    expect((await eventsOf(ws.workspaceId, first.body.id)).map((e) => e.type)).toEqual([
      'organization.created',
    ])
    const list = await t.request('GET', '/v1/organizations?externalId=crm-42', { key: ws.key })
    expect(ids(list)).toEqual([first.body.id])
  })

  it('updates the fields given, keeps the others, merges attributes', async () => {
    const ws = await t.newWorkspace()
    const first = await upsert(ws.key, 'crm-1', {
      name: 'Acme',
      domains: ['acme.com'],
      ticketSharing: 'members_reply',
      attributes: { a: 1, b: 2 },
    })
    const res = await upsert(ws.key, 'crm-1', { name: 'Acme Inc', attributes: { b: null, c: 3 } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: first.body.id,
      name: 'Acme Inc',
      domains: ['acme.com'],
      ticketSharing: 'members_reply',
      attributes: { a: 1, c: 3 },
    })
    expect(res.headers.get('etag')).toBe('"2"')
  })

  it('takes any external id, URL-encoded; each workspace has its own', async () => {
    const ws = await t.newWorkspace()
    const res = await upsert(ws.key, 'acme corp/#1', { name: 'Acme' })
    expect(res.status).toBe(201)
    expect(res.body.externalId).toBe('acme corp/#1')
    const other = await t.newWorkspace()
    const theirs = await upsert(other.key, 'acme corp/#1', { name: 'Acme' })
    expect(theirs.status).toBe(201)
    expect(theirs.body.id).not.toBe(res.body.id)
  })

  it('refuses a missing name (400), a control character in the id (400), a taken domain (409)', async () => {
    const ws = await t.newWorkspace()
    expect((await upsert(ws.key, 'crm-1', {})).status).toBe(400)
    const control = await t.request('PUT', '/v1/organizations/by-external-id/a%01b', {
      key: ws.key,
      body: { name: 'x' },
    })
    expect(control.status).toBe(400)
    expect(paths(control)).toEqual(['params.externalId'])
    await create(ws.key, { name: 'Owner', domains: ['acme.com'] })
    const taken = await upsert(ws.key, 'crm-2', { name: 'x', domains: ['acme.com'] })
    expect(taken.status).toBe(409)
    expect(taken.body.code).toBe('domain_taken')
  })

  it('refuses a viewer (403 organizations.manage) and a contacts:read key (403 contacts:write)', async () => {
    const ws = await t.newWorkspace()
    await upsert(ws.key, 'crm-1', { name: 'Acme' })
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    for (const id of ['crm-1', 'crm-new']) {
      const res = await upsert(viewer.key, id, { name: 'x' })
      expect(res.status).toBe(403)
      expect(res.body.missingPermission).toBe('organizations.manage')
    }
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const res = await upsert(reader.key, 'crm-1', { name: 'x' })
    expect(res.status).toBe(403)
    expect(res.body.missingScope).toBe('contacts:write')
  })
})

describe('bulkUpsertOrganizations', () => {
  it('answers per item: good items are applied, bad ones answered with their problem', async () => {
    const ws = await t.newWorkspace()
    const existing = await upsert(ws.key, 'crm-old', { name: 'Old name', attributes: { keep: true } })
    await create(ws.key, { name: 'Domain owner', domains: ['owned.com'] })
    const res = await bulk(ws.key, [
      { name: 'Plain' },
      { name: 'New by id', externalId: 'crm-new', domains: ['new.com'] },
      { name: 'Updated', externalId: 'crm-old', attributes: { added: 1 } },
      { domains: ['nameless.com'] },
      { name: 'Free mail', domains: ['gmail.com'] },
      { name: 'Taken', domains: ['owned.com'] },
      { name: 'New by id, again', externalId: 'crm-new' },
      { name: 'Claims new.com too', domains: ['new.com'] },
      { name: 'Unknown field', color: 'red' },
    ])
    expect(res.status).toBe(200)
    const results = res.body.data as Array<{ index: number; status: number; id?: string; error?: any }>
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 201],
      [2, 200],
      [3, 400],
      [4, 422],
      [5, 409],
      [6, 200],
      [7, 409],
      [8, 400],
    ])
    expect(results[2]?.id).toBe(existing.body.id)
    expect(results[6]?.id).toBe(results[1]?.id)
    expect(results[3]?.error).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'body.items.3.name' }],
    })
    expect(results[4]?.error).toMatchObject({
      code: 'free_mail_domain',
      errors: [{ path: 'body.items.4.domains.0' }],
    })
    expect(results[5]?.error).toMatchObject({ code: 'domain_taken' })
    expect(results[8]?.error.errors[0].path).toBe('body.items.8.color')
    expect(results.filter((r) => r.error).every((r) => r.id === undefined)).toBe(true)

    const updated = await t.request('GET', `/v1/organizations/${existing.body.id}`, { key: ws.key })
    expect(updated.body).toMatchObject({ name: 'Updated', attributes: { keep: true, added: 1 } })
    const renamed = await t.request('GET', `/v1/organizations/${results[1]?.id}`, { key: ws.key })
    expect(renamed.body).toMatchObject({ name: 'New by id, again', domains: ['new.com'] })
    const all = await t.database.db
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.workspaceId, ws.workspaceId))
    expect(all.map((o) => o.name).sort()).toEqual(['Domain owner', 'New by id, again', 'Plain', 'Updated'])
    const created = await eventsOf(ws.workspaceId, results[0]?.id as string)
    expect(created.map((e) => e.type)).toEqual(['organization.created'])
  })

  it('is idempotent for items keyed by externalId', async () => {
    const ws = await t.newWorkspace()
    const items = [
      { name: 'A', externalId: 'a' },
      { name: 'B', externalId: 'b' },
    ]
    const first = await bulk(ws.key, items)
    const second = await bulk(ws.key, items)
    expect(first.body.data.map((r: { status: number }) => r.status)).toEqual([201, 201])
    expect(second.body.data.map((r: { status: number }) => r.status)).toEqual([200, 200])
    expect(second.body.data.map((r: { id: string }) => r.id)).toEqual(
      first.body.data.map((r: { id: string }) => r.id),
    )
  })

  it('refuses a malformed envelope with 400: no items, empty items, more than 1,000, unknown fields', async () => {
    const ws = await t.newWorkspace()
    const send = (body: unknown) => t.request('POST', '/v1/organizations/bulk', { key: ws.key, body })
    expect((await send({})).status).toBe(400)
    expect((await send({ items: [] })).status).toBe(400)
    expect((await send({ items: 'x' })).status).toBe(400)
    expect((await send({ items: [{ name: 'x' }], dryRun: true })).status).toBe(400)
    const tooMany = await send({ items: Array.from({ length: 1001 }, (_, i) => ({ name: `o${i}` })) })
    expect(tooMany.status).toBe(400)
    expect(paths(tooMany)).toEqual(['body.items'])
    expect((await t.request('GET', '/v1/organizations', { key: ws.key })).body.data).toEqual([])
  })

  it('refuses a viewer (403 organizations.manage) and a contacts:read key (403 contacts:write) as a whole', async () => {
    const ws = await t.newWorkspace()
    const viewer = await t.newMember(ws.workspaceId, { roles: [{ role: 'viewer' }] })
    const byViewer = await bulk(viewer.key, [{ name: 'x' }])
    expect(byViewer.status).toBe(403)
    expect(byViewer.body.missingPermission).toBe('organizations.manage')
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const byReader = await bulk(reader.key, [{ name: 'x' }])
    expect(byReader.status).toBe(403)
    expect(byReader.body.missingScope).toBe('contacts:write')
    expect((await bulk('ld_nope', [{ name: 'x' }])).status).toBe(401)
  })
})
