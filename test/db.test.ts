import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { systemActor } from '../src/context/actor'
import { queryRows } from '../src/db/database'
import { isUniqueViolation } from '../src/db/errors'
import { workspaces } from '../src/db/schema'
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
