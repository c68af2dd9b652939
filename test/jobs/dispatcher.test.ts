import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/context/actor'
import type { Database, Db } from '../../src/db/database'
import { queryRows } from '../../src/db/database'
import { openPostgres } from '../../src/db/postgres'
import { eventListenerCursors } from '../../src/db/schema'
import { type DispatchedEvent, Dispatcher, type EventListener } from '../../src/events/dispatcher'
import { emit } from '../../src/events/emit'
import type { WorkspaceId } from '../../src/ids'
import { type JobQueue, jobIdFor, openJobQueue } from '../../src/jobs/queue'
import { createLogger } from '../../src/logger'
import { createTestApp, type TestApp, testDatabaseUrl } from '../harness'

const databaseUrl = testDatabaseUrl()
const logger = createLogger('silent')
let t: TestApp
let workspaceId: WorkspaceId
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`

beforeAll(async () => {
  t = await createTestApp()
  ;({ workspaceId } = await t.newWorkspace())
})

/** Emit `team.updated` events tagged with `label`, in one transaction on `db`. */
async function emitIn(db: Db, ...labels: string[]) {
  for (const label of labels) {
    await emit(
      db,
      { workspaceId, eventActor: systemActor },
      {
        type: 'team.updated',
        resourceId: label,
        data: { team: { label }, previous: {} },
      },
    )
  }
}
/**
 * Wait until every transaction begun before now has ended. A dispatcher delivers only below the snapshot's
 * xmin, and on PostgreSQL that horizon is the cluster's: another test file's open transaction, in its own
 * database, holds back what a drain may deliver here. After this, a drain delivers all committed so far.
 */
async function settled() {
  const [mark] = await queryRows<{ xid: string }>(
    t.database.db,
    sql`select pg_current_xact_id()::text as xid`,
  )
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const [horizon] = await queryRows<{ passed: boolean }>(
      t.database.db,
      sql`select pg_snapshot_xmin(pg_current_snapshot()) > ${mark!.xid}::xid8 as passed`,
    )
    if (horizon?.passed) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('an open transaction held the event horizon back for 20 s')
}

/** Emit in one committed transaction, and wait until a drain may deliver it (see `settled`). */
const commit = async (...labels: string[]) => {
  await t.database.db.transaction((tx) => emitIn(tx, ...labels))
  await settled()
}

/** A listener that records the labels of this file's workspace's events (the database holds other files' events too). */
function recorder(name = unique('recorder')): EventListener & { seen: string[] } {
  const seen: string[] = []
  return {
    name,
    seen,
    handles: (type) => type === 'team.updated',
    async handle(_tx, event: DispatchedEvent) {
      if (event.workspaceId === workspaceId) seen.push(event.resourceId)
    },
  }
}

describe('event dispatcher', () => {
  it('delivers each committed event once, in commit order, and never a rolled-back one', async () => {
    const listener = recorder()
    const dispatcher = new Dispatcher({ db: t.database.db, logger, listeners: [listener], batchSize: 2 })
    await dispatcher.drain() // creates the cursor: a new listener starts at events committed from now on
    await commit('a1', 'a2', 'a3')
    await expect(
      t.database.db.transaction(async (tx) => {
        await emitIn(tx, 'rolled-back')
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    await commit('b1')
    await dispatcher.drain()
    expect(listener.seen).toEqual(['a1', 'a2', 'a3', 'b1'])

    await dispatcher.drain()
    // A restarted process (new dispatcher, same listener name) resumes from the stored cursor.
    await new Dispatcher({ db: t.database.db, logger, listeners: [listener] }).drain()
    expect(listener.seen).toEqual(['a1', 'a2', 'a3', 'b1'])
  })

  it('offers a listener only the types it handles, but moves its cursor past the others', async () => {
    const seen: string[] = []
    const listener: EventListener = {
      name: unique('typed'),
      handles: (type) => type === 'workspace.updated',
      async handle(_tx, event) {
        if (event.workspaceId === workspaceId) seen.push(event.type)
      },
    }
    const dispatcher = new Dispatcher({ db: t.database.db, logger, listeners: [listener] })
    await dispatcher.drain()
    await commit('x')
    await dispatcher.drain()
    expect(seen).toEqual([])
    const [cursor] = await queryRows<{ event_id: string | null }>(
      t.database.db,
      sql`select event_id from ${eventListenerCursors} where listener = ${listener.name}`,
    )
    expect(cursor?.event_id).not.toBeNull()
  })

  it('hands a batch listener each batch in one call, in order, only the types it handles', async () => {
    const batches: string[][] = []
    const listener: EventListener = {
      name: unique('batcher'),
      handles: (type) => type === 'team.updated',
      async handleBatch(_tx, events) {
        batches.push(events.filter((e) => e.workspaceId === workspaceId).map((e) => e.resourceId))
      },
    }
    const dispatcher = new Dispatcher({ db: t.database.db, logger, listeners: [listener], batchSize: 2 })
    await dispatcher.drain()
    await commit('b1', 'b2', 'b3')
    await dispatcher.drain()
    // The database holds earlier files' events too: they may share a batch, so check order and batch bounds.
    expect(batches.flat()).toEqual(['b1', 'b2', 'b3'])
    expect(batches.every((b) => b.length <= 2)).toBe(true)
  })

  it('refuses a listener with neither or both of handle and handleBatch', () => {
    const dispatcher = new Dispatcher({ db: t.database.db, logger })
    const base = { name: unique('odd'), handles: () => true }
    expect(() => dispatcher.register(base)).toThrow(/exactly one of handle and handleBatch/)
    expect(() =>
      dispatcher.register({ ...base, handle: async () => {}, handleBatch: async () => {} }),
    ).toThrow(/exactly one/)
  })

  it('a listener that fails is retried from the same event; nothing it wrote in the failed batch stays', async () => {
    const listener = recorder()
    let failures = 1
    const flaky: EventListener = {
      ...listener,
      async handle(tx, event) {
        await listener.handle?.(tx, event)
        if (event.workspaceId === workspaceId && event.resourceId === 'f2' && failures-- > 0) {
          throw new Error('listener down')
        }
      },
    }
    const dispatcher = new Dispatcher({ db: t.database.db, logger, listeners: [flaky], pollIntervalMs: 1 })
    await dispatcher.drain()
    await commit('f1', 'f2', 'f3')
    await dispatcher.runOnce() // fails on f2: the whole batch rolls back with the cursor
    await new Promise((r) => setTimeout(r, 10)) // the listener's retry backoff
    await dispatcher.drain()
    // In memory the listener saw f1, f2 before the failure; in the database only the retried batch counts.
    expect(listener.seen).toEqual(['f1', 'f2', 'f1', 'f2', 'f3'])
  })

  describe('with listeners that enqueue jobs', () => {
    let queue: JobQueue
    beforeAll(async () => {
      queue = await openJobQueue({ database: t.database, databaseUrl, logger, supervise: false })
    })
    afterAll(async () => {
      await queue.stop({ graceful: false })
    })

    it('a redelivered event enqueues nothing twice (job id per listener and event)', async () => {
      const jobName = unique('deliver')
      await queue.declare(jobName)
      const listenerName = unique('enqueuer')
      const listener: EventListener = {
        name: listenerName,
        handles: (type) => type === 'team.updated',
        async handle(tx, event) {
          if (event.workspaceId !== workspaceId) return
          await queue.send(jobName, { label: event.resourceId }, { tx, id: jobIdFor(listenerName, event.id) })
        },
      }
      const dispatcher = new Dispatcher({ db: t.database.db, logger, listeners: [listener] })
      await dispatcher.drain()
      const [before] = await t.database.db
        .select()
        .from(eventListenerCursors)
        .where(sql`${eventListenerCursors.listener} = ${listenerName}`)
      await commit('j1', 'j2')
      await dispatcher.drain()
      // Redelivery (e.g. a crash after enqueueing but a lost cursor): rewind the cursor and dispatch again.
      await t.database.db
        .update(eventListenerCursors)
        .set({ txId: before!.txId, eventId: before!.eventId })
        .where(sql`${eventListenerCursors.listener} = ${listenerName}`)
      await dispatcher.drain()
      const jobs = await queryRows<{ label: string }>(
        t.database.db,
        sql`select data->>'label' as label from pgboss.job where name = ${jobName} order by label`,
      )
      expect(jobs.map((j) => j.label)).toEqual(['j1', 'j2'])
    })
  })

  describe.skipIf(!databaseUrl)('on PostgreSQL (concurrent connections)', () => {
    const opened: Database[] = []
    const open = () => {
      const database = openPostgres(databaseUrl!, { max: 2 })
      opened.push(database)
      return database
    }
    afterAll(async () => {
      await Promise.all(opened.map((d) => d.close()))
    })

    it('does not skip an event committed late by a slower transaction', async () => {
      const listener = recorder()
      const dispatcher = new Dispatcher({ db: t.database.db, logger, listeners: [listener] })
      await dispatcher.drain()
      let release: () => void = () => {}
      const held = new Promise<void>((r) => {
        release = r
      })
      let started: () => void = () => {}
      const slowStarted = new Promise<void>((r) => {
        started = r
      })
      // The slow transaction takes its id first (and so sorts first), but commits last.
      const slow = open().db.transaction(async (tx) => {
        await emitIn(tx, 'slow')
        started()
        await held
      })
      await slowStarted
      // Committed but not settled: the slow transaction is still open, and holds the horizon back.
      await t.database.db.transaction((tx) => emitIn(tx, 'fast'))
      await dispatcher.drain()
      expect(listener.seen).toEqual([]) // held back behind the open transaction, not skipped past it
      release()
      await slow
      await settled()
      await dispatcher.drain()
      expect(listener.seen).toEqual(['slow', 'fast'])
    })

    it('two dispatchers on one database deliver each event once, in order', async () => {
      const name = unique('shared')
      const seen: string[] = []
      const make = (database: Database) =>
        new Dispatcher({
          db: database.db,
          logger,
          batchSize: 7,
          pollIntervalMs: 5,
          listeners: [
            {
              name,
              handles: (type) => type === 'team.updated',
              async handle(_tx, event) {
                if (event.workspaceId === workspaceId) seen.push(event.resourceId)
                // Widen the window in which the other dispatcher tries to claim the same cursor.
                await new Promise((r) => setTimeout(r, 1))
              },
            },
          ],
        })
      const first = make(open())
      const second = make(open())
      await first.drain()
      first.start()
      second.start()
      const expected: string[] = []
      const writer = open()
      await Promise.all(
        Array.from({ length: 4 }, async (_, w) => {
          for (let i = 0; i < 10; i++) {
            const labels = [`w${w}-${i}-a`, `w${w}-${i}-b`]
            await writer.db.transaction((tx) => emitIn(tx, ...labels))
            expected.push(...labels)
          }
        }),
      )
      const deadline = Date.now() + 15_000
      while (seen.length < expected.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20))
      await new Promise((r) => setTimeout(r, 100))
      await Promise.all([first.stop(), second.stop()])
      expect(seen.length).toBe(expected.length)
      expect(new Set(seen)).toEqual(new Set(expected))
      // Each writer's transactions were sequential: their events arrive in that order.
      for (let w = 0; w < 4; w++) {
        const mine = seen.filter((label) => label.startsWith(`w${w}-`))
        expect(mine).toEqual(expected.filter((label) => label.startsWith(`w${w}-`)))
      }
    })
  })
})
