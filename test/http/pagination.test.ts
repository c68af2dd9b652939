import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from '../../src/http/pagination'
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
