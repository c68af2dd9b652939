import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiKeys, idempotencyKeys } from '../../src/db/schema'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const post = (key: string, idempotencyKey: string | undefined, body: unknown) =>
  t.request('POST', '/v1/api-keys', {
    key,
    body,
    headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey },
  })

const keyCount = async (workspaceId: string) =>
  (
    await t.database.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.workspaceId, workspaceId as never))
  ).length

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body, without running the request again', async () => {
    const ws = await t.newWorkspace()
    const first = await post(ws.key, 'retry-1', { name: 'Once', scopes: ['admin'] })
    const second = await post(ws.key, 'retry-1', { name: 'Once', scopes: ['admin'] })
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.body).toEqual(first.body)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(second.headers.get('location')).toBe(first.headers.get('location'))
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    expect(await keyCount(ws.workspaceId)).toBe(2)
  })

  it('never stores an answer in clear: the new key’s secret is not in the database', async () => {
    const ws = await t.newWorkspace()
    const first = await post(ws.key, 'sealed', { name: 'Secret holder', scopes: ['admin'] })
    const rows = await t.database.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.workspaceId, ws.workspaceId), eq(idempotencyKeys.key, 'sealed')))
    expect(rows).toHaveLength(1)
    expect(rows[0]?.responseBody).toMatch(/^v1\./)
    expect(JSON.stringify(rows)).not.toContain(first.body.secret)
    expect((await post(ws.key, 'sealed', { name: 'Secret holder', scopes: ['admin'] })).body.secret).toBe(
      first.body.secret,
    )
  })

  it('runs the request anew when the stored answer was sealed under another secret', async () => {
    const ws = await t.newWorkspace()
    const first = await post(ws.key, 'rotated', { name: 'Before rotation', scopes: ['admin'] })
    const rotated = await createTestApp()
    rotated.deps.secret = 'another-secret-another-secret-another'
    const again = await rotated.request('POST', '/v1/api-keys', {
      key: ws.key,
      body: { name: 'Before rotation', scopes: ['admin'] },
      headers: { 'idempotency-key': 'rotated' },
    })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBeNull()
    expect(again.body.id).not.toBe(first.body.id)
  })

  it('refuses the same key with another body (422 idempotency_key_reused)', async () => {
    const ws = await t.newWorkspace()
    await post(ws.key, 'reuse', { name: 'First', scopes: ['admin'] })
    const res = await post(ws.key, 'reuse', { name: 'Second', scopes: ['admin'] })
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('idempotency_key_reused')
    expect(await keyCount(ws.workspaceId)).toBe(2)
  })

  it('runs concurrent duplicates once: one executes, the others wait their turn or replay', async () => {
    const ws = await t.newWorkspace()
    const results = await Promise.all(
      Array.from({ length: 5 }, () => post(ws.key, 'burst', { name: 'Burst', scopes: ['admin'] })),
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1)
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true)
    for (const conflict of results.filter((r) => r.status === 409)) {
      expect(conflict.body.code).toBe('idempotency_key_in_progress')
    }
    const created = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id))
    expect(created.size).toBe(1)
    expect(await keyCount(ws.workspaceId)).toBe(2)
  })

  it('scopes keys to the workspace: the same key in two workspaces runs in each', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const ra = await post(a.key, 'shared-key', { name: 'Same', scopes: ['admin'] })
    const rb = await post(b.key, 'shared-key', { name: 'Same', scopes: ['admin'] })
    expect(rb.headers.get('idempotent-replayed')).toBeNull()
    expect(ra.body.id).not.toBe(rb.body.id)
  })

  it('replays a 4xx answer too (the request is not run again)', async () => {
    const ws = await t.newWorkspace()
    const first = await post(ws.key, 'past', {
      name: 'x',
      scopes: ['admin'],
      expiresAt: '2020-01-01T00:00:00Z',
    })
    const second = await post(ws.key, 'past', {
      name: 'x',
      scopes: ['admin'],
      expiresAt: '2020-01-01T00:00:00Z',
    })
    expect(first.status).toBe(422)
    expect(second.status).toBe(422)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
  })

  it('runs the request again once the 24-hour replay window has passed', async () => {
    const ws = await t.newWorkspace()
    const first = await post(ws.key, 'old', { name: 'Old', scopes: ['admin'] })
    await t.database.db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 25 * 3_600_000) })
      .where(and(eq(idempotencyKeys.workspaceId, ws.workspaceId), eq(idempotencyKeys.key, 'old')))
    const again = await post(ws.key, 'old', { name: 'Old', scopes: ['admin'] })
    expect(again.status).toBe(201)
    expect(again.body.id).not.toBe(first.body.id)
  })

  it('refuses a key longer than 255 characters with 400', async () => {
    const ws = await t.newWorkspace()
    const res = await post(ws.key, 'k'.repeat(256), { name: 'x', scopes: ['admin'] })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].path).toBe('headers.idempotency-key')
  })
})

describe('Idempotency-Key: the request runs in one transaction with its answer', () => {
  it('keeps the write and its answer together, and runs effects only once committed (rotate: the old secret stops at once)', async () => {
    const ws = await t.newWorkspace()
    const created = await post(ws.key, undefined, { name: 'Rotating', scopes: ['admin'] })
    const oldSecret = created.body.secret
    expect((await t.request('GET', '/v1/workspace', { key: oldSecret })).status).toBe(200) // now cached
    const rotated = await t.request('POST', `/v1/api-keys/${created.body.id}/rotate`, {
      key: ws.key,
      body: { gracePeriodSeconds: 0 },
      headers: { 'idempotency-key': 'rotate-1' },
    })
    expect(rotated.status).toBe(200)
    // The cache drop waited for the request's commit, and then happened: the old secret is refused at once.
    expect((await t.request('GET', '/v1/workspace', { key: oldSecret })).status).toBe(401)
    expect((await t.request('GET', '/v1/workspace', { key: rotated.body.secret })).status).toBe(200)
    const [stored] = await t.database.db
      .select()
      .from(idempotencyKeys)
      .where(
        and(eq(idempotencyKeys.workspaceId, ws.workspaceId as never), eq(idempotencyKeys.key, 'rotate-1')),
      )
    expect(stored?.responseStatus).toBe(200)
  })

  it('answers a policy check that reads relations inside the request transaction (no wait on the pool)', async () => {
    const ws = await t.newWorkspace()
    const team = await t.newTeam(ws.workspaceId)
    const member = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }], teamIds: [team.id] })
    const res = await t.request('POST', '/v1/authz/check', {
      key: ws.key,
      body: {
        actor: { type: 'member', id: member.memberId },
        action: 'read',
        resource: { type: 'Member', id: ws.memberId },
      },
      headers: { 'idempotency-key': 'check-1' },
    })
    expect(res.status).toBe(200)
    expect(res.body.allowed).toBe(true)
  })

  it('stores no answer and writes nothing for a request refused inside its transaction, so a fixed retry runs', async () => {
    const ws = await t.newWorkspace()
    const bad = await post(ws.key, 'refused-1', {
      name: 'x',
      scopes: ['admin'],
      expiresAt: '2000-01-01T00:00:00Z',
    })
    expect(bad.status).toBe(422)
    // A 4xx answer is kept and replayed (the same request again is refused again, without running).
    const again = await post(ws.key, 'refused-1', {
      name: 'x',
      scopes: ['admin'],
      expiresAt: '2000-01-01T00:00:00Z',
    })
    expect(again.status).toBe(422)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await keyCount(ws.workspaceId)).toBe(1)
  })
})
