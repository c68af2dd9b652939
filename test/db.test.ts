import { randomUUID } from 'node:crypto'
import { DrizzleQueryError, getTableColumns, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { systemActor } from '../src/context/actor'
import { prepared, queryRows } from '../src/db/database'
import { isUniqueViolation } from '../src/db/errors'
import { executeShaped, insertRow } from '../src/db/reusable'
import { compiledRowMapper, loopRowMapper, timestamptzOf } from '../src/db/row-mapper'
import { events, workspaces } from '../src/db/schema'
import { posts } from '../src/db/schema/feedback'
import { idempotencyKeys } from '../src/db/schema/http'
import { recordStatements } from '../src/db/statements'
import { emit } from '../src/events/emit'
import { idToUuid, newId } from '../src/ids'
import { createTestApp } from './harness'

describe('database layer (the same on PGlite and PostgreSQL)', () => {
  it('answers raw queries as rows, with int8 as a lossless string', async () => {
    const { database } = await createTestApp()
    const rows = await queryRows<{ big: string; n: number; t: Date }>(
      database.db,
      sql`select 9007199254740993::int8 as big, 42::int4 as n, now() as t`,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]?.big).toBe('9007199254740993')
    expect(rows[0]?.n).toBe(42)
  })

  it('records the statements sent through drizzle, inside transactions too, and only while recording', async () => {
    const { database } = await createTestApp()
    const { result, statements } = await recordStatements(async () => {
      await queryRows(database.db, sql`select 1 as one`)
      return database.db.transaction(async (tx) => {
        await tx.select({ id: workspaces.id }).from(workspaces).limit(1)
        return queryRows<{ two: number }>(tx, sql`select 2 as two`)
      })
    })
    expect(result).toEqual([{ two: 2 }])
    expect(statements).toHaveLength(3)
    expect(statements[1]).toMatch(/^select "id" from "workspaces"/)
    const after = await recordStatements(async () => undefined)
    await queryRows(database.db, sql`select 3`)
    expect(after.statements).toEqual([])
    await expect(recordStatements(() => recordStatements(async () => 1))).rejects.toThrow(/already/)
  })

  it('recognises a unique violation by constraint, through drizzle’s wrapper', async () => {
    const { database } = await createTestApp()
    const slug = `dup-${Date.now()}`
    await database.db.insert(workspaces).values({ id: newId('ws'), name: 'a', slug })
    const error = await database.db
      .insert(workspaces)
      .values({ id: newId('ws'), name: 'b', slug: slug.toUpperCase() })
      .then(() => undefined)
      .catch((e: unknown) => e)
    expect(isUniqueViolation(error)).toBe(true)
    expect(isUniqueViolation(error, 'workspaces_slug_key')).toBe(true)
    expect(isUniqueViolation(error, 'another_constraint')).toBe(false)
    expect(isUniqueViolation(new Error('plain'))).toBe(false)
  })

  it('rolls back the event with the change it belongs to', async () => {
    const t = await createTestApp()
    const ws = await t.newWorkspace()
    const count = async () =>
      (
        await queryRows<{ n: string }>(
          t.database.db,
          sql`select count(*) as n from events where workspace_id = ${idToUuid(ws.workspaceId)}::uuid`,
        )
      )[0]?.n
    const before = await count()
    const failed = await t.database.db
      .transaction(async (tx) => {
        await emit(
          tx,
          { workspaceId: ws.workspaceId, eventActor: systemActor },
          {
            type: 'workspace.updated',
            resourceId: ws.workspaceId,
            data: { workspace: {}, previous: {} },
          },
        )
        throw new Error('abort after emit')
      })
      .catch((error: Error) => error.message)
    expect(failed).toBe('abort after emit')
    expect(await count()).toBe(before)
  })
})

describe('statements built once and run on any handle (src/db/reusable.ts)', () => {
  it('inserts and answers what drizzle’s insert does, nulls as SQL nulls, on every shape', async () => {
    const t = await createTestApp()
    const ws = await t.newWorkspace()
    const db = t.database.db
    const at = new Date('2026-01-02T03:04:05.678Z')
    const shapes: Array<Omit<typeof idempotencyKeys.$inferInsert, 'workspaceId' | 'key'>> = [
      {
        requestHash: 'h',
        lockedAt: at,
        responseStatus: 201,
        responseHeaders: { a: 'b' },
        responseBody: '{}',
      },
      { requestHash: 'h', lockedAt: null, responseStatus: null, responseHeaders: null, responseBody: null },
      { requestHash: 'h', responseHeaders: { nested: 'x' }, createdAt: at },
    ]
    for (const [i, values] of shapes.entries()) {
      // Twice each through insertRow (built, then reused), once through drizzle: the same rows.
      const ours1 = await insertRow(
        db,
        idempotencyKeys,
        { workspaceId: ws.workspaceId, key: `o1-${i}`, ...values },
        true,
      )
      const ours2 = await insertRow(
        db,
        idempotencyKeys,
        { workspaceId: ws.workspaceId, key: `o2-${i}`, ...values },
        true,
      )
      const theirs = await db
        .insert(idempotencyKeys)
        .values({ workspaceId: ws.workspaceId, key: `d-${i}`, ...values })
        .returning()
      const strip = (rows: Array<Record<string, unknown>>) =>
        rows.map(({ key: _key, createdAt, ...rest }) => ({
          ...rest,
          given: values.createdAt ? createdAt : 'now',
        }))
      expect(strip(ours1)).toStrictEqual(strip(theirs))
      expect(strip(ours2)).toStrictEqual(strip(theirs))
    }
    // A null jsonb is SQL NULL, not the JSON value null (what a null parameter through the encoder would write).
    const [nulls] = await queryRows<{ n: string }>(
      db,
      sql`select count(*) as n from idempotency_keys
          where workspace_id = ${idToUuid(ws.workspaceId)}::uuid and key like 'o%-1' and response_headers is null`,
    )
    expect(nulls?.n).toBe('2')
  })

  it('runs a statement built in one transaction on the next one’s connection: it commits and rolls back with it', async () => {
    const t = await createTestApp()
    const ws = await t.newWorkspace()
    const db = t.database.db
    const row = (key: string) => ({ workspaceId: ws.workspaceId, key, requestHash: 'tx', responseBody: key })
    if (t.database.driver === 'postgres') {
      // Two transactions open at once, on two connections: the one that builds the statement commits, the one
      // that reuses it rolls back. Run on the builder's connection, the second row would commit with the first.
      const shape = (key: string) => ({ ...row(key), responseStatus: 1 })
      await db.transaction(async (first) => {
        await insertRow(first, idempotencyKeys, shape('concurrent-kept'))
        const second = await db
          .transaction(async (tx) => {
            await insertRow(tx, idempotencyKeys, shape('concurrent-rolled-back'))
            throw new Error('abort')
          })
          .catch((error: Error) => error.message)
        expect(second).toBe('abort')
      })
    }
    await db.transaction(async (tx) => {
      await insertRow(tx, idempotencyKeys, row('kept'))
    })
    const failed = await db
      .transaction(async (tx) => {
        await insertRow(tx, idempotencyKeys, row('rolled-back'))
        // Seen inside its transaction...
        const [inside] = await queryRows<{ n: string }>(
          tx,
          sql`select count(*) as n from idempotency_keys where key = 'rolled-back'`,
        )
        expect(inside?.n).toBe('1')
        throw new Error('abort')
      })
      .catch((error: Error) => error.message)
    expect(failed).toBe('abort')
    await insertRow(db, idempotencyKeys, row('outside'))
    const keys = await queryRows<{ key: string }>(
      db,
      sql`select key from idempotency_keys where workspace_id = ${idToUuid(ws.workspaceId)}::uuid order by key`,
    )
    // ...and gone with it: the statement ran on the transaction's connection, not on the pool's.
    expect(keys.map((k) => k.key)).toEqual(
      t.database.driver === 'postgres' ? ['concurrent-kept', 'kept', 'outside'] : ['kept', 'outside'],
    )
  })

  it('writes an event and its audit row in one statement, and takes SQL values by building again', async () => {
    const t = await createTestApp()
    const ws = await t.newWorkspace()
    const db = t.database.db
    const event = (id: string, actorId: unknown) => ({
      id: newId('evt'),
      workspaceId: ws.workspaceId,
      type: 'test.shaped',
      actorType: 'system',
      actorId,
      resourceType: 'Test',
      resourceId: id,
      data: { id },
    })
    const build = (rows: Record<string, unknown>[]) =>
      sql`with first as (${db
        .insert(events)
        .values(rows[0] as never)
        .getSQL()}) ${db
        .insert(events)
        .values(rows[1] as never)
        .getSQL()}`
    const { statements } = await recordStatements(async () => {
      await executeShaped(db, 'test_pair', [event('a', null), event('b', 'x')], build)
      await executeShaped(db, 'test_pair', [event('c', 'y'), event('d', null)], build)
      await executeShaped(db, 'test_pair', [event('e', sql`'from sql'`), event('f', null)], build)
    })
    expect(statements).toHaveLength(3)
    // The SQL value is written into the statement itself; placeholders elsewhere.
    expect(statements[2]).toContain(`'from sql'`)
    expect(statements[0]).not.toContain(`'a'`)
    const rows = await queryRows<{ resource_id: string; actor_id: string | null; data: unknown }>(
      db,
      sql`select resource_id, actor_id, data from events
          where workspace_id = ${idToUuid(ws.workspaceId)}::uuid and type = 'test.shaped' order by resource_id`,
    )
    expect(rows.map((r) => [r.resource_id, r.actor_id])).toEqual([
      ['a', null],
      ['b', 'x'],
      ['c', 'y'],
      ['d', null],
      ['e', 'from sql'],
      ['f', null],
    ])
    expect(rows[0]?.data).toEqual({ id: 'a' })
  })
})

describe('flat row mapping of prepared statements (src/db/row-mapper.ts)', () => {
  it('makes the same objects as drizzle’s mapping, value for value, on every column type', async () => {
    const t = await createTestApp()
    const ws = await t.newWorkspace()
    const board = await t.request('POST', '/v1/boards', {
      key: ws.key,
      body: { name: 'Mapped', fields: [{ key: 'size', label: 'Size', type: 'number' }] },
    })
    expect(board.status, board.text).toBe(201)
    for (const [i, extra] of [{}, { eta: '2027-03-01', pinned: true, customFields: { size: 3 } }].entries()) {
      const post = await t.request('POST', '/v1/posts', {
        key: ws.key,
        body: { boardId: board.body.id, title: `Post ${i}`, body: i ? null : 'Some *body*', ...extra },
      })
      expect(post.status, post.text).toBe(201)
    }
    const db = t.database.db
    const where = sql`${posts.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`
    const workspaceId = idToUuid(ws.workspaceId)
    // Every column of posts (ids, text, jsonb, int, float, booleans, timestamps, nulls) with typed SQL beside.
    const selection = {
      ...getTableColumns(posts),
      votes: sql<number>`${posts.voteCount} + 1`.mapWith(Number),
      untyped: sql`${posts.createdAt}`,
      none: sql`null`,
    }
    const name = `mapped_${randomUUID()}`
    const statement = prepared(db, name, (d) =>
      d.select(selection).from(posts).where(where).orderBy(posts.title).prepare(name),
    )
    expect((statement as unknown as { customResultMapper?: unknown }).customResultMapper).toBeTypeOf(
      'function',
    )
    const ours = await statement.execute({ workspaceId })
    const drizzles = await db
      .select(selection)
      .from(posts)
      .where(sql`${posts.workspaceId} = ${workspaceId}::uuid`)
      .orderBy(posts.title)
    expect(ours).toHaveLength(2)
    expect(ours).toStrictEqual(drizzles)
    expect(Object.keys(ours[0] as object)).toEqual(Object.keys(drizzles[0] as object))
    expect(ours[1]?.createdAt).toBeInstanceOf(Date)
    expect(ours[1]?.id).toMatch(/^post_/)
  })

  it('runs a flat prepared select as drizzle does: logged, rows mapped, failures rejected and wrapped', async () => {
    const { database } = await createTestApp()
    const name = `lean_${randomUUID()}`
    const statement = prepared(database.db, name, (d) =>
      d
        .select({ id: workspaces.id, slug: workspaces.slug, createdAt: workspaces.createdAt })
        .from(workspaces)
        .where(sql`${workspaces.id} = ${sql.placeholder('id')}::uuid`)
        .prepare(name),
    )
    // On postgres.js the statement runs without drizzle's tracing and cache layers (its own `execute`).
    expect(Object.hasOwn(statement, 'execute')).toBe(database.driver === 'postgres')
    const id = newId('ws')
    await database.db.insert(workspaces).values({ id, name: 'Lean', slug: `lean-${randomUUID()}` })
    const { result, statements } = await recordStatements(() => statement.execute({ id: idToUuid(id) }))
    expect(result).toEqual([{ id, slug: expect.stringMatching(/^lean-/), createdAt: expect.any(Date) }])
    expect(statements).toHaveLength(1)
    // A value PostgreSQL refuses: drizzle's error, with the database's as its cause.
    const refused = await statement.execute({ id: 'not-a-uuid' }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(DrizzleQueryError)
    expect((refused as DrizzleQueryError).cause).toMatchObject({ code: '22P02' })
    // A missing placeholder is a rejection, as from drizzle's async execute, never a synchronous throw.
    let running: Promise<unknown> | undefined
    expect(() => {
      running = statement.execute({})
    }).not.toThrow()
    await expect(running).rejects.toThrow(/placeholder/i)
  })

  it('builds the same rows compiled (Node) as in a loop (Workers, which compile no code from strings)', () => {
    const keys = ['id', 'title', 'quote"d key', 'createdAt', 'count', 'line\nbreak', 'grants']
    const decoders = [
      (v: unknown) => `x_${v}`,
      undefined,
      undefined,
      timestamptzOf,
      Number,
      undefined,
      undefined,
    ]
    const rows = Array.from({ length: 50 }, (_, r) => [
      r % 5 ? `id${r}` : null,
      `title ${r}`,
      r % 3 ? null : { nested: r },
      r % 4 ? '2026-12-06 01:11:10.123+00' : null,
      String(r),
      r % 2 ? '' : 'text',
      r % 7 ? null : ['a', 'b'],
    ])
    const compiled = compiledRowMapper(keys, decoders)
    expect(compiled).toBeTypeOf('function')
    const ours = compiled?.(rows) as Record<string, unknown>[]
    expect(ours).toStrictEqual(loopRowMapper(keys, decoders)(rows))
    expect(Object.keys(ours[0] as object)).toEqual(keys)
    expect(ours[1]).toMatchObject({ id: 'x_id1', count: 1, createdAt: new Date('2026-12-06T01:11:10.123Z') })
    expect(ours[0]).toMatchObject({
      id: null,
      'quote"d key': { nested: 0 },
      createdAt: null,
      grants: ['a', 'b'],
    })
    // Another selection of the same shape shares the code, with its own decoders.
    const other = compiledRowMapper(keys, [(v: unknown) => `y_${v}`, ...decoders.slice(1)])
    expect(other?.(rows)[1]).toMatchObject({ id: 'y_id1', count: 1 })
    expect(compiled?.(rows)[1]).toMatchObject({ id: 'x_id1' })
    // A key a literal would take as the prototype: left to the loop, which keeps drizzle's behaviour.
    expect(compiledRowMapper(['__proto__', 'a'], [undefined, undefined])).toBeUndefined()
  })

  it('reads timestamptz text as the Date parser does, in every zone and precision PostgreSQL writes', async () => {
    const { database } = await createTestApp()
    // PostgreSQL's own text: zones with whole-hour, half-hour, negative and historic (seconds) offsets, and
    // instants with 0 to 6 fraction digits, before 1000, after 9999 and BC (the parser's fallbacks).
    const zones = ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham', 'Europe/Amsterdam']
    const texts: string[] = []
    for (const zone of zones) {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local time zone '${zone}'`))
        const rows = await queryRows<{ t: string }>(
          tx,
          sql`select (timestamptz '2026-03-29 00:30:00.5+00' + g * interval '7 hours 13 minutes 1.0437 seconds')::text as t
              from generate_series(0, 300) g
              union all select unnest(array['1900-01-01 00:00:00+00', '0099-06-01 12:00:00+00', '10000-01-01 00:00:00.25+00',
                '0044-03-15 12:00:00+00 BC', '1970-01-01 00:00:00+00', '2026-12-06 01:11:10.123+00'])::timestamptz::text
              union all select (timestamptz '2026-06-01 10:00:00.123+00')::timestamptz(3)::text`,
        )
        texts.push(...rows.map((r) => r.t))
      })
    }
    expect(texts.some((t) => /\+05:30$/.test(t))).toBe(true)
    expect(texts.some((t) => /-0[23]:30$/.test(t))).toBe(true)
    expect(texts.some((t) => /\.\d{4,}[+-]/.test(t))).toBe(true)
    expect(texts.some((t) => / BC$/.test(t))).toBe(true)
    for (const text of texts) {
      const ours = timestamptzOf(text) as Date
      expect(ours, text).toBeInstanceOf(Date)
      expect(ours.getTime(), text).toBe(new Date(text).getTime())
    }
    // Generated instants across the fast path's range, every offset form and fraction length it takes.
    for (let i = 0; i < 5000; i++) {
      const ms =
        Date.UTC(1000, 0, 1) + Math.floor(Math.random() * (Date.UTC(9999, 0, 1) - Date.UTC(1000, 0, 1)))
      const minutes = (Math.floor(Math.random() * 57) - 28) * 30 + (i % 7 === 0 ? 15 : 0)
      const local = new Date(ms + minutes * 60_000).toISOString()
      const digits = i % 4
      const fraction = digits ? `.${local.slice(20, 20 + digits)}` : ''
      const h = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')
      const m = String(Math.abs(minutes) % 60).padStart(2, '0')
      const offset = `${minutes < 0 ? '-' : '+'}${h}${m === '00' && i % 2 ? '' : `:${m}`}`
      const text = `${local.slice(0, 10)} ${local.slice(11, 19)}${fraction}${offset}`
      expect((timestamptzOf(text) as Date).getTime(), text).toBe(new Date(text).getTime())
    }
    // Not text (PGlite may hand over Dates): kept as it is.
    const at = new Date()
    expect(timestamptzOf(at)).toBe(at)
  })

  it('leaves nested selections to drizzle', async () => {
    const { database } = await createTestApp()
    const name = `nested_${randomUUID()}`
    const statement = prepared(database.db, name, (d) =>
      d
        .select({ workspace: { id: workspaces.id }, at: sql`now()` })
        .from(workspaces)
        .limit(1)
        .prepare(name),
    )
    expect((statement as unknown as { customResultMapper?: unknown }).customResultMapper).toBeUndefined()
  })
})
