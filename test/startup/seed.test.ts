import '../../generated/areas'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { and, eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { type Database, queryRows } from '../../src/db/database'
import { instanceSecret } from '../../src/db/instance'
import { openPglite } from '../../src/db/pglite'
import { openPostgres } from '../../src/db/postgres'
import { apiKeys, members, roleAssignments, workspaces } from '../../src/db/schema'
import { newId } from '../../src/ids'
import { seedDemo } from '../../src/seed'
import { testDatabaseUrl } from '../harness'

const runUrl = testDatabaseUrl()
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A migrated database of its own (the demo seed is once per installation): the PGlite snapshot, or a new PostgreSQL database. */
async function migratedDatabase(): Promise<Database> {
  if (!runUrl) {
    const snapshot = inject('pgliteSnapshot')
    const database = await openPglite(
      undefined,
      snapshot ? { snapshot: new Blob([readFileSync(snapshot)]) } : {},
    )
    if (!snapshot) await database.migrate()
    cleanups.push(() => database.close())
    return database
  }
  const name = `loopdesk_seed_${randomBytes(6).toString('hex')}`
  const admin = postgres(runUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(runUrl)
  url.pathname = `/${name}`
  const database = openPostgres(url.toString(), { max: 2 })
  cleanups.push(async () => {
    await database.close()
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.end()
  })
  await database.migrate()
  return database
}

const devKeys = (database: Database) =>
  queryRows<{ live: boolean; member_id: string }>(
    database.db,
    sql`select revoked_at is null as live, member_id from api_keys where name = 'npm start (development)' order by created_at, id`,
  )

describe('seedDemo', () => {
  it('creates the demo workspace once; each later start mints a fresh key in one statement, revoking the last', async () => {
    const database = await migratedDatabase()
    const first = await seedDemo(database.db, { mintDevKey: true })
    expect(first).toMatchObject({ created: true, apiKey: expect.stringMatching(/^ld_/) })

    const execute = vi.spyOn(database.db, 'execute')
    const transaction = vi.spyOn(database.db, 'transaction')
    const second = await seedDemo(database.db, { mintDevKey: true })
    // One statement to check (claim + recorded owner), one to mint (revoke, key, event, audit row).
    expect(execute).toHaveBeenCalledTimes(2)
    expect(transaction).not.toHaveBeenCalled()
    expect(second).toMatchObject({ created: false, apiKey: expect.stringMatching(/^ld_/) })
    expect(second.apiKey).not.toBe(first.apiKey)
    expect((await devKeys(database)).map((k) => k.live)).toEqual([false, true])
    const [created] = await queryRows<{ events: string; audited: string }>(
      database.db,
      sql`select count(*) as events, count(a.id) as audited from events e
        left join audit_entries a on a.event_id = e.id where e.type = 'api_key.created'`,
    )
    expect(created).toEqual({ events: '2', audited: '2' })

    // Without minting (PostgreSQL), a start is one statement.
    execute.mockClear()
    expect(await seedDemo(database.db, { mintDevKey: false })).toEqual({ created: false })
    expect(execute).toHaveBeenCalledTimes(1)
  })

  it('when the recorded owner is no longer the owner, mints for the current owner (and writes nothing for the old one)', async () => {
    const database = await migratedDatabase()
    await seedDemo(database.db, { mintDevKey: true })
    const [demo] = await database.db.select().from(workspaces).where(eq(workspaces.slug, 'demo'))
    if (!demo) throw new Error('no demo workspace')
    const [oldOwner] = await database.db.select().from(members).where(eq(members.workspaceId, demo.id))
    if (!oldOwner) throw new Error('no owner')
    const newOwnerId = newId('mbr')
    await database.db.insert(members).values({
      id: newOwnerId,
      workspaceId: demo.id,
      email: 'second@demo.loopdesk.test',
      name: 'Second Owner',
    })
    await database.db
      .insert(roleAssignments)
      .values({ workspaceId: demo.id, memberId: newOwnerId, systemRole: 'owner' })
    await database.db
      .update(roleAssignments)
      .set({ systemRole: 'admin' })
      .where(and(eq(roleAssignments.memberId, oldOwner.id), eq(roleAssignments.systemRole, 'owner')))

    const minted = await seedDemo(database.db, { mintDevKey: true })
    expect(minted.apiKey).toMatch(/^ld_/)
    const keys = await database.db.select().from(apiKeys).where(eq(apiKeys.memberId, newOwnerId))
    expect(keys.map((k) => k.revokedAt)).toEqual([null])
    // The old owner's key from the first start is untouched by the failed one-statement attempt.
    const old = await database.db.select().from(apiKeys).where(eq(apiKeys.memberId, oldOwner.id))
    expect(old.map((k) => k.revokedAt)).toEqual([null])
    // And the new owner is remembered: the next start takes the one-statement path again.
    const transaction = vi.spyOn(database.db, 'transaction')
    await seedDemo(database.db, { mintDevKey: true })
    expect(transaction).not.toHaveBeenCalled()
  })
})

describe('instanceSecret', () => {
  it('generates one secret on first use and answers the same one after, in one statement', async () => {
    const database = await migratedDatabase()
    const execute = vi.spyOn(database.db, 'execute')
    const first = await instanceSecret(database.db)
    const again = await instanceSecret(database.db)
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(again).toBe(first)
    expect(execute).toHaveBeenCalledTimes(2)
    expect(await instanceSecret(database.db, 'configured-secret-configured-secret')).toBe(
      'configured-secret-configured-secret',
    )
  })
})
