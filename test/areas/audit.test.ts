import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditRetentionModule } from '../../src/areas/audit/retention'
import { csvCell, pruneAuditLog } from '../../src/areas/audit/service'
import { createSession } from '../../src/auth/sessions'
import { systemActor } from '../../src/context/actor'
import { auditEntries } from '../../src/db/schema'
import { deriveChanges, REDACTED, redactChanges } from '../../src/events/audit-changes'
import { allEventTypes, eventDefinition } from '../../src/events/catalogue'
import { emit } from '../../src/events/emit'
import { idToUuid, type MemberId, newId, type WorkspaceId } from '../../src/ids'
import type { WorkerContext } from '../../src/jobs/module'
import { createLogger } from '../../src/logger'
import { createTestApp, newContact, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const rowsOf = (workspaceId: WorkspaceId) =>
  t.database.db
    .select()
    .from(auditEntries)
    .where(eq(auditEntries.workspaceId, workspaceId))
    .orderBy(auditEntries.occurredAt, auditEntries.id)

const rowsFor = (workspaceId: WorkspaceId, resourceId: string) =>
  t.database.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.workspaceId, workspaceId), eq(auditEntries.resourceId, resourceId)))
    .orderBy(auditEntries.occurredAt, auditEntries.id)

const list = (key: string, query = '') => t.request('GET', `/v1/audit-log${query}`, { key })
const exportCsv = (key: string, query = '') => t.request('GET', `/v1/audit-log/export${query}`, { key })

/** Minimal RFC 4180 reader: enough to check what the export writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  if (cell !== '' || row.length > 0) throw new Error('the CSV does not end with CRLF')
  return rows
}

/** `n` entries inserted directly (INSERT is allowed; only UPDATE and DELETE are refused). */
async function seedEntries(
  workspaceId: WorkspaceId,
  n: number,
  fields: { ageDays?: number; type?: string; resourceId?: string } = {},
) {
  const ws = idToUuid(workspaceId)
  await t.database.db.execute(sql`
    insert into audit_entries (id, workspace_id, occurred_at, actor_type, type, event_id, resource_type, resource_id)
    select gen_random_uuid(), ${ws}::uuid,
      now() - make_interval(days => ${fields.ageDays ?? 0}::int) - make_interval(secs => g),
      'system', ${fields.type ?? 'contact.updated'}, gen_random_uuid(), 'contact',
      ${fields.resourceId ?? newId('ct')}
    from generate_series(1, ${n}::int) as g`)
}

describe('audited changes', () => {
  it('record one entry per change: actor, member behind the key, request id, address, user agent, changed fields only', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('PATCH', '/v1/workspace', {
      key: ws.key,
      body: { name: 'Renamed', timezone: 'UTC' },
      headers: {
        'x-request-id': 'req-audit-1',
        'cf-connecting-ip': '203.0.113.7',
        'user-agent': 'audit-test/1.0',
      },
    })
    expect(res.status).toBe(200)
    const rows = await rowsFor(ws.workspaceId, ws.workspaceId)
    const updates = rows.filter((r) => r.type === 'workspace.updated')
    expect(updates).toHaveLength(1)
    expect(updates[0]).toMatchObject({
      actorType: 'api_key',
      actorId: ws.apiKeyId,
      actorMemberId: ws.memberId,
      resourceType: 'workspace',
      resourceId: ws.workspaceId,
      requestId: 'req-audit-1',
      ip: '203.0.113.7',
      userAgent: 'audit-test/1.0',
      // timezone was sent unchanged: not a change.
      changes: { name: { before: 'Test workspace', after: 'Renamed' } },
    })
    expect(updates[0]!.id).toMatch(/^aud_/)
    expect(updates[0]!.eventId).toMatch(/^evt_/)

    const listed = await list(ws.key, '?type=workspace.updated')
    expect(listed.status).toBe(200)
    expect(listed.body.data).toEqual([
      {
        id: updates[0]!.id,
        workspaceId: ws.workspaceId,
        occurredAt: updates[0]!.occurredAt.toISOString(),
        type: 'workspace.updated',
        actor: { type: 'api_key', id: ws.apiKeyId, memberId: ws.memberId },
        resource: { type: 'workspace', id: ws.workspaceId },
        eventId: updates[0]!.eventId,
        changes: { name: { before: 'Test workspace', after: 'Renamed' } },
        requestId: 'req-audit-1',
        ip: '203.0.113.7',
        userAgent: 'audit-test/1.0',
      },
    ])
  })

  it('records a member acting through a session as the member, and trusts no X-Forwarded-For', async () => {
    const ws = await t.newWorkspace()
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, memberId: ws.memberId as MemberId },
      { ip: null, userAgent: null },
    )
    await t.request('PATCH', '/v1/workspace', {
      key: session.token,
      body: { timezone: 'Europe/Paris' },
      headers: { 'x-forwarded-for': '198.51.100.1' },
    })
    const [row] = (await rowsFor(ws.workspaceId, ws.workspaceId)).filter(
      (r) => r.type === 'workspace.updated',
    )
    expect(row).toMatchObject({
      actorType: 'member',
      actorId: ws.memberId,
      actorMemberId: ws.memberId,
      ip: null,
      changes: { timezone: { before: 'UTC', after: 'Europe/Paris' } },
    })
    expect(row!.requestId).toMatch(/^req_/)
  })

  it('records a created contact’s values as after, and an update’s changed fields as before and after', async () => {
    const ws = await t.newWorkspace()
    const created = await t.request('POST', '/v1/contacts', {
      key: ws.key,
      body: { email: 'ada@example.test', name: 'Ada', attributes: { plan: 'pro' } },
    })
    expect(created.status).toBe(201)
    const id = created.body.id
    await t.request('PATCH', `/v1/contacts/${id}`, {
      key: ws.key,
      body: { name: 'Ada Lovelace', email: 'ada@example.test', attributes: { plan: 'enterprise' } },
    })
    const rows = await rowsFor(ws.workspaceId, id)
    const byType = Object.fromEntries(rows.map((r) => [r.type, r]))
    expect(rows).toHaveLength(2)
    expect(byType['contact.created']!.changes).toMatchObject({
      email: { after: 'ada@example.test' },
      name: { after: 'Ada' },
      attributes: { after: { plan: 'pro' } },
    })
    for (const change of Object.values(byType['contact.created']!.changes))
      expect(change).not.toHaveProperty('before')
    expect(byType['contact.created']!.changes).not.toHaveProperty('id')
    expect(byType['contact.updated']!.changes).toEqual({
      name: { before: 'Ada', after: 'Ada Lovelace' },
      attributes: { before: { plan: 'pro' }, after: { plan: 'enterprise' } },
    })

    await t.request('DELETE', `/v1/contacts/${id}`, { key: ws.key })
    const [deleted] = (await rowsFor(ws.workspaceId, id)).filter((r) => r.type === 'contact.deleted')
    for (const change of Object.values(deleted!.changes)) expect(change).not.toHaveProperty('after')
  })

  it('never stores a secret: created and rotated keys, invitations', async () => {
    const ws = await t.newWorkspace()
    const created = await t.request('POST', '/v1/api-keys', {
      key: ws.key,
      body: { name: 'CRM', scopes: ['contacts:read'] },
    })
    const rotated = await t.request('POST', `/v1/api-keys/${created.body.id}/rotate`, {
      key: ws.key,
      body: {},
    })
    expect(rotated.status).toBe(200)
    const invited = await t.request('POST', '/v1/invitations', {
      key: ws.key,
      body: { email: 'grace@example.test', role: 'agent' },
    })
    expect(invited.status).toBe(201)

    const rows = await rowsOf(ws.workspaceId)
    const stored = JSON.stringify(rows)
    for (const secret of [created.body.secret, rotated.body.secret, invited.body.token, ws.key]) {
      expect(stored).not.toContain(secret)
      expect(stored).not.toContain(secret.slice(12))
    }
    const rotation = rows.find((r) => r.type === 'api_key.rotated')
    expect(rotation!.changes).toEqual({
      start: { after: rotated.body.start },
      previousSecretExpiresAt: { after: rotated.body.previousSecretExpiresAt },
    })
    expect(rows.find((r) => r.type === 'member.invited')!.changes).toMatchObject({
      email: { after: 'grace@example.test' },
      role: { after: 'agent' },
    })
    const exported = await exportCsv(ws.key)
    for (const secret of [created.body.secret, rotated.body.secret, invited.body.token]) {
      expect(exported.text).not.toContain(secret)
    }
  })

  it('redacts secret-looking fields at any depth, keeping that they changed', () => {
    const changes = deriveChanges('thing.updated', 'thing', {
      thing: { id: 'x', password: 'new', nested: { apiToken: 't', keep: 1 }, name: 'b' },
      previous: { password: 'old', nested: { apiToken: 's', keep: 0 }, name: 'a' },
    })
    expect(redactChanges(changes)).toEqual({
      password: { before: REDACTED, after: REDACTED },
      nested: { before: { apiToken: REDACTED, keep: 0 }, after: { apiToken: REDACTED, keep: 1 } },
      name: { before: 'a', after: 'b' },
    })
    expect(
      redactChanges({
        secretHash: { after: 'abc' },
        list: { after: [{ token: 'x' }] },
        passwordChangedAt: { after: '2025-01-01T00:00:00.000Z' },
      }),
    ).toEqual({
      secretHash: { after: REDACTED },
      list: { after: [{ token: REDACTED }] },
      // A timestamp about a secret is not the secret.
      passwordChangedAt: { after: '2025-01-01T00:00:00.000Z' },
    })
  })

  it('records the member behind a key, team membership and role changes', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const team = await t.newTeam(ws.workspaceId, 'Support')
    const added = await t.request('POST', `/v1/teams/${team.id}/members`, {
      key: admin.key,
      body: { memberId: ws.memberId },
    })
    expect(added.status).toBe(201)
    const assigned = await t.request('POST', `/v1/members/${admin.memberId}/roles`, {
      key: ws.key,
      body: { role: 'agent', teamId: team.id },
    })
    expect(assigned.status).toBe(201)
    const rows = await rowsOf(ws.workspaceId)
    expect(rows.find((r) => r.type === 'team.member_added')).toMatchObject({
      actorId: admin.apiKeyId,
      actorMemberId: admin.memberId,
      changes: { members: { after: { id: ws.memberId } } },
    })
    expect(rows.find((r) => r.type === 'member.role_changed')).toMatchObject({
      resourceId: admin.memberId,
      changes: { roles: { after: { role: 'agent', teamId: team.id } } },
    })
  })

  it('records sign-up as the system, with the request’s address and user agent', async () => {
    const open = await createTestApp({ signupEnabled: true })
    const res = await open.request('POST', '/v1/workspaces', {
      body: { name: 'Signed up', owner: { email: `o-${Date.now()}@example.test` } },
      headers: {
        'cf-connecting-ip': '192.0.2.44',
        'user-agent': 'signup-form',
        'x-request-id': 'req-signup',
      },
    })
    expect(res.status).toBe(201)
    const rows = await rowsOf(res.body.workspace.id)
    expect(rows.map((r) => r.type).sort()).toEqual(['api_key.created', 'workspace.created'])
    for (const row of rows) {
      expect(row).toMatchObject({
        actorType: 'system',
        actorId: null,
        actorMemberId: null,
        requestId: 'req-signup',
        ip: '192.0.2.44',
        userAgent: 'signup-form',
      })
    }
  })

  it('records an accepted invitation, which has no signed-in actor yet, with the request’s user agent and id', async () => {
    const ws = await t.newWorkspace()
    const invited = await t.request('POST', '/v1/invitations', {
      key: ws.key,
      body: { email: `joiner-${Date.now()}@example.test`, role: 'agent' },
    })
    expect(invited.status).toBe(201)
    const accepted = await t.request('POST', '/v1/invitations/accept', {
      body: { token: invited.body.token, name: 'Joiner', password: 'correct horse battery' },
      headers: { 'user-agent': 'invite-page', 'x-request-id': 'req-accept' },
    })
    expect(accepted.status).toBe(201)
    const joined = (await rowsOf(ws.workspaceId)).find((r) => r.type === 'member.joined')
    expect(joined).toMatchObject({
      actorType: 'member',
      actorId: accepted.body.id,
      actorMemberId: accepted.body.id,
      requestId: 'req-accept',
      userAgent: 'invite-page',
    })
  })

  it('leaves no entry for a rolled-back change', async () => {
    const ws = await t.newWorkspace()
    const resourceId = newId('ct')
    await expect(
      t.database.db.transaction(async (tx) => {
        await emit(
          tx,
          { workspaceId: ws.workspaceId, eventActor: systemActor },
          {
            type: 'contact.deleted',
            resourceId,
            data: { contact: { id: resourceId, externalId: null } },
          },
        )
        expect(
          await tx.select().from(auditEntries).where(eq(auditEntries.resourceId, resourceId)),
        ).toHaveLength(1)
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await rowsFor(ws.workspaceId, resourceId)).toEqual([])
  })

  it('covers every event of the catalogue', () => {
    for (const type of allEventTypes()) expect(eventDefinition(type).audited, type).toBe(true)
  })
})

describe('immutability', () => {
  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const ws = await t.newWorkspace()
    const before = await rowsOf(ws.workspaceId)
    expect(before.length).toBeGreaterThan(0)
    await expect(
      t.database.db
        .update(auditEntries)
        .set({ type: 'x.y' })
        .where(eq(auditEntries.workspaceId, ws.workspaceId)),
    ).rejects.toThrow()
    await expect(
      t.database.db.delete(auditEntries).where(eq(auditEntries.workspaceId, ws.workspaceId)),
    ).rejects.toThrow()
    await expect(t.database.db.execute(sql`truncate audit_entries`)).rejects.toThrow()
    // The prune's setting allows deletes only, and only within its own transaction.
    await expect(
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('loopdesk.audit_prune', 'on', true)`)
        await tx.update(auditEntries).set({ type: 'x.y' }).where(eq(auditEntries.workspaceId, ws.workspaceId))
      }),
    ).rejects.toThrow()
    expect(await rowsOf(ws.workspaceId)).toEqual(before)
  })

  it('offers no way to change entries through the API', async () => {
    const ws = await t.newWorkspace()
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await t.request(method, '/v1/audit-log', { key: ws.key, body: {} })
      expect(res.status, method).toBe(405)
      expect(res.headers.get('allow'), method).toBe('GET, HEAD')
    }
  })
})

describe('pruneAuditLog', () => {
  it('deletes entries older than the retention only, and nothing with 0 days', async () => {
    const ws = await t.newWorkspace()
    const old = newId('ct')
    const recent = newId('ct')
    await seedEntries(ws.workspaceId, 3, { ageDays: 400, resourceId: old })
    await seedEntries(ws.workspaceId, 2, { ageDays: 300, resourceId: recent })
    expect(await pruneAuditLog(t.database.db, 0)).toBe(0)
    expect(await rowsFor(ws.workspaceId, old)).toHaveLength(3)
    expect(await pruneAuditLog(t.database.db, 365)).toBeGreaterThanOrEqual(3)
    expect(await rowsFor(ws.workspaceId, old)).toHaveLength(0)
    expect(await rowsFor(ws.workspaceId, recent)).toHaveLength(2)
    // Still immutable outside the prune.
    await expect(
      t.database.db.delete(auditEntries).where(eq(auditEntries.resourceId, recent)),
    ).rejects.toThrow()
  })
})

describe('auditRetentionModule', () => {
  it('schedules an hourly prune with the configured retention, and none when it is 0', async () => {
    const context = { logger: createLogger('silent') } as unknown as WorkerContext
    expect((await auditRetentionModule(0).setup(context)).ticks).toEqual([])
    const [tick] = (await auditRetentionModule(30).setup(context)).ticks ?? []
    expect(tick?.name).toBe('prune-audit-log')
    const ws = await t.newWorkspace()
    const old = newId('ct')
    await seedEntries(ws.workspaceId, 2, { ageDays: 31, resourceId: old })
    await tick!.run(t.database.db, new Date())
    expect(await rowsFor(ws.workspaceId, old)).toEqual([])
    expect((await rowsOf(ws.workspaceId)).length).toBeGreaterThan(0)
  })
})

describe('listAuditEntries', () => {
  it('filters by actor, member, type (exact and prefix.*), resource and time', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    const contact = await t.request('POST', '/v1/contacts', { key: admin.key, body: { name: 'Filter' } })
    await t.request('PATCH', `/v1/contacts/${contact.body.id}`, { key: ws.key, body: { name: 'Filtered' } })
    const key = await t.request('POST', '/v1/api-keys', {
      key: ws.key,
      body: { name: 'k', scopes: ['admin'] },
    })

    const types = async (query: string) => {
      const res = await list(ws.key, query)
      expect(res.status, query).toBe(200)
      return res.body.data.map((e: { type: string }) => e.type).sort()
    }
    expect(await types(`?actorId=${admin.apiKeyId}`)).toEqual(['contact.created'])
    expect(await types(`?actorMemberId=${admin.memberId}`)).toEqual(['contact.created'])
    expect(await types(`?actorMemberId=${ws.memberId}`)).toEqual(['api_key.created', 'contact.updated'])
    // The workspace's creation and the keys the harness issued were the system's.
    expect(await types('?actorType=system')).toEqual([
      'api_key.created',
      'api_key.created',
      'workspace.created',
    ])
    expect(await types('?type=contact.*')).toEqual(['contact.created', 'contact.updated'])
    expect(await types('?type=contact.updated,api_key.created')).toEqual([
      'api_key.created',
      'api_key.created',
      'api_key.created',
      'contact.updated',
    ])
    expect(await types('?type=contact.created&type=workspace.*')).toEqual([
      'contact.created',
      'workspace.created',
    ])
    expect(await types(`?resourceType=api_key&resourceId=${key.body.id}`)).toEqual(['api_key.created'])
    expect(await types(`?resourceId=${contact.body.id}`)).toEqual(['contact.created', 'contact.updated'])

    const all = (await list(ws.key)).body.data as Array<{ occurredAt: string }>
    const future = new Date(Date.now() + 60_000).toISOString()
    expect(await types(`?occurredAfter=${encodeURIComponent(future)}`)).toEqual([])
    expect((await types(`?occurredBefore=${encodeURIComponent(future)}`)).length).toBe(all.length)
    const oldest = all.at(-1)!.occurredAt
    expect(await types(`?occurredBefore=${encodeURIComponent(oldest)}`)).toEqual([])
  })

  it('pages with a cursor, newest first by default or oldest first', async () => {
    const ws = await t.newWorkspace()
    await seedEntries(ws.workspaceId, 5, { ageDays: 1 })
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await list(ws.key, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      seen.push(...res.body.data.map((e: { occurredAt: string }) => e.occurredAt))
      cursor = res.body.nextCursor
      pages++
    } while (cursor)
    // 5 seeded, workspace.created and api_key.created.
    expect(seen).toHaveLength(7)
    expect(pages).toBe(3)
    expect([...seen].sort().reverse()).toEqual(seen)
    const ascending = await list(ws.key, '?sort=occurredAt&limit=100')
    expect(ascending.body.data.map((e: { occurredAt: string }) => e.occurredAt)).toEqual([...seen].reverse())
  })

  it('refuses bad filters with 400 naming them', async () => {
    const ws = await t.newWorkspace()
    const cases: Array<[string, string]> = [
      ['?type=contact.exploded', 'query.type'],
      ['?type=nothing.*', 'query.type'],
      ['?type=DROP%20TABLE', 'query.type'],
      ['?resourceType=spaceship', 'query.resourceType'],
      ['?actorId=ws_01jh2x3y4z5a6b7c8d9e0f1g2h', 'query.actorId'],
      ['?actorMemberId=ak_01jh2x3y4z5a6b7c8d9e0f1g2h', 'query.actorMemberId'],
      ['?actorType=robot', 'query.actorType'],
      ['?resourceId=nope', 'query.resourceId'],
      ['?occurredAfter=yesterday', 'query.occurredAfter'],
      ['?occurredAfter=2025-02-01T00:00:00Z&occurredBefore=2025-01-01T00:00:00Z', 'query.occurredBefore'],
      ['?sort=type', 'query.sort'],
    ]
    const listOnly: Array<[string, string]> = [
      ['?limit=0', 'query.limit'],
      ['?limit=101', 'query.limit'],
    ]
    for (const [query, path] of [...cases, ...listOnly]) {
      const answers = [await list(ws.key, query)]
      if (!listOnly.some(([q]) => q === query)) answers.push(await exportCsv(ws.key, query))
      for (const res of answers) {
        expect(res.status, query).toBe(400)
        expect(res.body.code, query).toBe('validation_failed')
        expect(
          res.body.errors.map((e: { path: string }) => e.path),
          query,
        ).toContain(path)
      }
    }
    const tampered = await list(ws.key, '?cursor=eyJzIjoiLW9jY3VycmVkQXQifQ.abc')
    expect(tampered.status).toBe(400)
    expect(tampered.body.code).toBe('invalid_cursor')
  })

  it('lets owners and admins read, not supervisors or agents (403 naming audit.read)', async () => {
    const ws = await t.newWorkspace()
    const admin = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }] })
    expect((await list(admin.key)).status).toBe(200)
    expect((await exportCsv(admin.key)).status).toBe(200)
    for (const role of ['supervisor', 'agent', 'viewer'] as const) {
      const member = await t.newMember(ws.workspaceId, { roles: [{ role }] })
      for (const res of [await list(member.key), await exportCsv(member.key)]) {
        expect(res.status, role).toBe(403)
        expect(res.body).toMatchObject({ code: 'forbidden', missingPermission: 'audit.read' })
      }
    }
  })

  it('needs the audit:read scope, and a key without team limits (403)', async () => {
    const ws = await t.newWorkspace()
    const narrow = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'owner' }],
      scopes: ['contacts:read'],
    })
    for (const res of [await list(narrow.key), await exportCsv(narrow.key)]) {
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({ code: 'forbidden', missingScope: 'audit:read' })
    }
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'owner' }], scopes: ['audit:read'] })
    expect((await list(reader.key)).status).toBe(200)
    const team = await t.newTeam(ws.workspaceId)
    const limited = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'owner' }],
      scopes: ['audit:read'],
      keyTeamIds: [team.id],
    })
    const res = await list(limited.key)
    expect(res.status).toBe(403)
    expect(res.body.detail).toContain('limited to teams')
    expect((await exportCsv(limited.key)).status).toBe(403)
  })

  it('refuses contacts (403) and callers without credentials (401)', async () => {
    const ws = await t.newWorkspace()
    const contact = await newContact(ws.workspaceId)
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, contactId: contact.id },
      { ip: null, userAgent: null },
    )
    expect((await list(session.token)).status).toBe(403)
    expect((await t.request('GET', '/v1/audit-log')).status).toBe(401)
    expect((await t.request('GET', '/v1/audit-log/export')).status).toBe(401)
  })

  it('never shows another workspace’s entries', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const contact = await t.request('POST', '/v1/contacts', { key: b.key, body: { name: 'B only' } })
    expect((await list(a.key, `?resourceId=${contact.body.id}`)).body.data).toEqual([])
    expect((await list(a.key, `?actorId=${b.apiKeyId}`)).body.data).toEqual([])
    const mine = (await list(a.key, '?limit=100')).body.data as Array<{ workspaceId: string }>
    expect(mine.every((e) => e.workspaceId === a.workspaceId)).toBe(true)
    const csv = await exportCsv(a.key)
    expect(csv.text).not.toContain(contact.body.id)
    expect(csv.text).not.toContain(b.workspaceId)
  })
})

describe('exportAuditLog', () => {
  it('streams CSV with a header, one row per entry, and the list’s filters', async () => {
    const ws = await t.newWorkspace()
    const contact = await t.request('POST', '/v1/contacts', {
      key: ws.key,
      body: { name: 'Ada, "the first", programmer\nof engines' },
      headers: { 'user-agent': '=HYPERLINK("http://evil.test")', 'cf-connecting-ip': '203.0.113.9' },
    })
    const res = await exportCsv(ws.key, '?type=contact.*')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="audit-log-${ws.workspaceId}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    )
    expect(res.headers.get('cache-control')).toBe('no-store')
    const rows = parseCsv(res.text)
    expect(rows[0]).toEqual([
      'id',
      'occurredAt',
      'type',
      'actorType',
      'actorId',
      'actorMemberId',
      'resourceType',
      'resourceId',
      'eventId',
      'changes',
      'requestId',
      'ip',
      'userAgent',
    ])
    expect(rows).toHaveLength(2)
    const [entry] = (await rowsFor(ws.workspaceId, contact.body.id)) as [typeof auditEntries.$inferSelect]
    expect(rows[1]).toEqual([
      entry.id,
      entry.occurredAt.toISOString(),
      'contact.created',
      'api_key',
      ws.apiKeyId,
      ws.memberId,
      'contact',
      contact.body.id,
      entry.eventId,
      JSON.stringify(entry.changes),
      entry.requestId,
      '203.0.113.9',
      // The formula guard: a spreadsheet shows this as text instead of running it.
      `'=HYPERLINK("http://evil.test")`,
    ])
    expect(JSON.parse(rows[1]![9]!).name.after).toBe('Ada, "the first", programmer\nof engines')
  })

  it('escapes cells as RFC 4180 says and guards every formula prefix', () => {
    expect(csvCell(null)).toBe('')
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"')
    for (const prefix of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${prefix}1+1`).replace(/^"/, '')).toMatch(/^'/)
    expect(csvCell('=1,2')).toBe(`"'=1,2"`)
    expect(csvCell('a=b')).toBe('a=b')
  })

  it('reads and sends page after page, oldest first by default', async () => {
    const ws = await t.newWorkspace()
    await seedEntries(ws.workspaceId, 2500, { ageDays: 1 })
    const response = await t.app.request('/v1/audit-log/export', {
      headers: { authorization: `Bearer ${ws.key}` },
    })
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    let chunks = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks++
      text += decoder.decode(value, { stream: true })
    }
    const rows = parseCsv(text)
    // Header, 2,500 seeded, workspace.created and api_key.created: three pages of 1,000.
    expect(rows).toHaveLength(2503)
    expect(chunks).toBe(3)
    const times = rows.slice(1).map((r) => r[1]!)
    expect([...times].sort()).toEqual(times)
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(2502)

    const newest = parseCsv((await exportCsv(ws.key, '?sort=-occurredAt&type=workspace.created')).text)
    expect(newest.slice(1).map((r) => r[2])).toEqual(['workspace.created'])
  })

  it('stops reading when the client goes away', async () => {
    const ws = await t.newWorkspace()
    await seedEntries(ws.workspaceId, 1500)
    const response = await t.app.request('/v1/audit-log/export', {
      headers: { authorization: `Bearer ${ws.key}` },
    })
    const reader = response.body!.getReader()
    await reader.read()
    await reader.cancel()
    // The next page is never read, and nothing fails after the cancel.
    expect((await list(ws.key, '?limit=1')).status).toBe(200)
  })
})
