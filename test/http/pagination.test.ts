import { type SQL, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { unrestricted } from '../../src/authz/filter'
import type { Db } from '../../src/db/database'
import { apiKeys } from '../../src/db/schema'
import { decodeCursor, encodeCursor, paginate } from '../../src/http/pagination'
import { newId } from '../../src/ids'
import { createTestApp, type TestApp } from '../harness'

async function workspaceWithKeys(t: TestApp, names: string[]) {
  const ws = await t.newWorkspace()
  for (const name of names)
    await t.request('POST', '/v1/api-keys', { key: ws.key, body: { name, scopes: ['admin'] } })
  return ws
}

async function pageThrough(t: TestApp, key: string, query: string) {
  const seen: { id: string; name: string }[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const res: { status: number; body: { data: { id: string; name: string }[]; nextCursor: string | null } } =
      await t.request(
        'GET',
        `/v1/api-keys?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key },
      )
    expect(res.status).toBe(200)
    seen.push(...res.body.data)
    cursor = res.body.nextCursor
    pages += 1
  } while (cursor && pages < 20)
  return { seen, pages }
}

describe('cursor pagination', () => {
  it('walks every row once, in order, for each whitelisted sort', async () => {
    const t = await createTestApp()
    const ws = await workspaceWithKeys(t, ['delta', 'alpha', 'echo', 'charlie', 'bravo', 'alpha', 'foxtrot'])
    const all = (await t.request('GET', '/v1/api-keys?limit=100', { key: ws.key })).body.data as {
      id: string
    }[]
    expect(all).toHaveLength(8)

    const newest = await pageThrough(t, ws.key, 'limit=3')
    expect(newest.pages).toBe(3)
    expect(newest.seen.map((k) => k.id)).toEqual(all.map((k) => k.id))

    const oldest = await pageThrough(t, ws.key, 'limit=3&sort=createdAt')
    expect(oldest.seen.map((k) => k.id)).toEqual(all.map((k) => k.id).reverse())

    const byName = await pageThrough(t, ws.key, 'limit=2&sort=name')
    const names = byName.seen.map((k) => k.name)
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(new Set(byName.seen.map((k) => k.id)).size).toBe(8)

    const byNameDesc = await pageThrough(t, ws.key, 'limit=3&sort=-name')
    expect(byNameDesc.seen.map((k) => k.id)).toEqual(byName.seen.map((k) => k.id).reverse())
  })

  it('stays stable when rows are inserted between pages', async () => {
    const t = await createTestApp()
    const ws = await workspaceWithKeys(t, ['a', 'b', 'c', 'd'])
    const first = await t.request('GET', '/v1/api-keys?limit=2', { key: ws.key })
    await t.request('POST', '/v1/api-keys', {
      key: ws.key,
      body: { name: 'inserted meanwhile', scopes: ['admin'] },
    })
    const second = await t.request('GET', `/v1/api-keys?limit=10&cursor=${first.body.nextCursor}`, {
      key: ws.key,
    })
    const ids = [...first.body.data, ...second.body.data].map((k: { id: string }) => k.id)
    expect(ids).toHaveLength(5)
    expect(new Set(ids).size).toBe(5)
    expect(second.body.data.map((k: { name: string }) => k.name)).not.toContain('inserted meanwhile')
    expect(second.body.nextCursor).toBeNull()
  })

  it('refuses a tampered cursor, a cursor of another sort and garbage with 400 invalid_cursor', async () => {
    const t = await createTestApp()
    const ws = await workspaceWithKeys(t, ['a', 'b', 'c'])
    const page = await t.request('GET', '/v1/api-keys?limit=1', { key: ws.key })
    const cursor: string = page.body.nextCursor
    const [body, mac] = cursor.split('.') as [string, string]
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString())
    const forged = `${Buffer.from(JSON.stringify({ ...payload, v: '2000-01-01T00:00:00.000Z' })).toString('base64url')}.${mac}`

    for (const bad of [forged, `${body}.AAAA${mac.slice(4)}`, 'garbage', `${body}`, `${cursor}.x`]) {
      const res = await t.request('GET', `/v1/api-keys?limit=1&cursor=${encodeURIComponent(bad)}`, {
        key: ws.key,
      })
      expect(res.status, bad).toBe(400)
      expect(res.body.code).toBe('invalid_cursor')
    }
    const otherSort = await t.request('GET', `/v1/api-keys?limit=1&sort=name&cursor=${cursor}`, {
      key: ws.key,
    })
    expect(otherSort.status).toBe(400)
    expect(otherSort.body.code).toBe('invalid_cursor')
  })

  it('signs cursors with the server secret: another secret refuses them', () => {
    const cursor = encodeCursor('secret-one', { s: '-createdAt', v: '2026-01-01T00:00:00.000Z', id: 'ak_x' })
    expect(decodeCursor('secret-one', cursor, '-createdAt').id).toBe('ak_x')
    expect(() => decodeCursor('secret-two', cursor, '-createdAt')).toThrow(/cursor/)
  })
})

describe('paginate statements', () => {
  /** A database handle that only counts the statements built on it (paginate never reads it itself). */
  function countingList() {
    const db = {} as Db
    let built = 0
    const run = (authz: SQL, cursor?: string) =>
      paginate<{ id: string; name: string }>({
        db,
        name: 'counted',
        secret: 'test-secret',
        sort: 'name',
        fields: { name: { column: apiKeys.name, kind: 'text', value: (row) => row.name } },
        idColumn: apiKeys.id,
        limit: 2,
        cursor,
        params: {},
        authz,
        build: () => {
          built += 1
          return { prepare: () => ({ execute: async () => [{ id: 'key_a', name: 'a' }] }) }
        },
      })
    return { run, built: () => built }
  }

  it('prepares a list with an actor predicate once per predicate and shape, not on every request', async () => {
    const list = countingList()
    const visitor = sql`${apiKeys.name} = ${'a'}`
    expect((await list.run(visitor)).rows).toEqual([{ id: 'key_a', name: 'a' }])
    await list.run(visitor)
    await list.run(visitor)
    expect(list.built()).toBe(1)
    // Another actor's predicate (another object, other bound values) gets its own statement.
    await list.run(sql`${apiKeys.name} = ${'b'}`)
    expect(list.built()).toBe(2)
    // Another shape (a next page) too, once.
    const cursor = encodeCursor('test-secret', { s: 'name', v: 'a', id: newId('ak') })
    await list.run(visitor, cursor)
    await list.run(visitor, cursor)
    expect(list.built()).toBe(3)
    // The whole workspace (no predicate) keeps the one statement of its shape.
    await list.run(unrestricted)
    await list.run(unrestricted)
    expect(list.built()).toBe(4)
  })
})
