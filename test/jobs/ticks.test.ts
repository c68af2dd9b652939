import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { sessions, tickSlots } from '../../src/db/schema'
import { portalLoginCodes } from '../../src/db/schema/identity'
import { newId } from '../../src/ids'
import { maintenanceTicks } from '../../src/jobs/maintenance'
import type { WorkerModule } from '../../src/jobs/module'
import { startWorkers } from '../../src/jobs/runtime'
import { Scheduler, type Tick } from '../../src/jobs/ticks'
import { createLogger } from '../../src/logger'
import { createTestApp, type TestApp, testDatabaseUrl } from '../harness'

const logger = createLogger('silent')
let t: TestApp
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`

beforeAll(async () => {
  t = await createTestApp()
})

function countingTick(cron: string, runs: { instance: string; slot: Date }[], instance: string): Tick {
  return {
    name: 'counting',
    cron,
    async run(_db, slot) {
      runs.push({ instance, slot })
    },
  }
}

describe('ticks', () => {
  it('two schedulers claiming the same slot: the tick runs once', async () => {
    const name = unique('tick')
    const runs: { instance: string; slot: Date }[] = []
    const make = (instance: string) =>
      new Scheduler({
        db: t.database.db,
        logger,
        instance,
        ticks: [{ ...countingTick('0 * * * *', runs, instance), name }],
      })
    const [a, b] = [make('a'), make('b')]
    const slot = new Date('2026-01-01T10:00:00.000Z')
    const ran = await Promise.all([a.runSlot(name, slot), b.runSlot(name, slot)])
    expect(ran.filter(Boolean)).toHaveLength(1)
    expect(runs).toHaveLength(1)
    // The next slot is a new claim.
    expect(await b.runSlot(name, new Date('2026-01-01T11:00:00.000Z'))).toBe(true)
    expect(runs).toHaveLength(2)
    const claimed = await t.database.db.select().from(tickSlots).where(eq(tickSlots.name, name))
    expect(claimed).toHaveLength(2)
  })

  it('on their cron schedule, two running schedulers run each slot once', async () => {
    const name = unique('every-second')
    const runs: { instance: string; slot: Date }[] = []
    const make = (instance: string) =>
      new Scheduler({
        db: t.database.db,
        logger,
        instance,
        ticks: [{ ...countingTick('* * * * * *', runs, instance), name }],
      })
    const schedulers = [make('a'), make('b')]
    for (const s of schedulers) s.start()
    await new Promise((r) => setTimeout(r, 2600))
    await Promise.all(schedulers.map((s) => s.stop()))
    const slots = runs.map((r) => r.slot.getTime())
    expect(slots.length).toBeGreaterThanOrEqual(2)
    expect(new Set(slots).size).toBe(slots.length)
    for (const slot of slots) expect(slot % 1000).toBe(0)
    // Nothing runs after stop.
    const count = runs.length
    await new Promise((r) => setTimeout(r, 1100))
    expect(runs.length).toBe(count)
  })

  it('a failing tick is logged and does not stop the scheduler', async () => {
    const name = unique('failing')
    const scheduler = new Scheduler({
      db: t.database.db,
      logger,
      ticks: [{ name, cron: '0 * * * *', run: async () => Promise.reject(new Error('tick broke')) }],
    })
    expect(await scheduler.runSlot(name, new Date('2026-01-01T10:00:00.000Z'))).toBe(true)
  })

  it('rejects an invalid cron pattern and an unknown tick', async () => {
    const scheduler = new Scheduler({ db: t.database.db, logger })
    expect(() => scheduler.register({ name: 'bad', cron: 'every hour', run: async () => {} })).toThrow(
      /tick "bad": invalid cron pattern "every hour"/,
    )
    await expect(scheduler.runSlot('missing', new Date())).rejects.toThrow(/unknown tick/)
  })

  it('prune-sessions deletes expired sessions and portal login codes, and keeps live ones', async () => {
    const { workspaceId, memberId } = await t.newWorkspace()
    const past = new Date(Date.now() - 60_000)
    const future = new Date(Date.now() + 3_600_000)
    const [expired, live] = [newId('sess'), newId('sess')]
    await t.database.db.insert(sessions).values([
      { id: expired, workspaceId, memberId, secretHash: 'x', expiresAt: past },
      { id: live, workspaceId, memberId, secretHash: 'y', expiresAt: future },
    ])
    await t.database.db.insert(portalLoginCodes).values([
      { workspaceId, email: 'old@example.test', tokenHash: unique('t'), codeHash: 'c', expiresAt: past },
      { workspaceId, email: 'new@example.test', tokenHash: unique('t'), codeHash: 'c', expiresAt: future },
    ])
    const tick = maintenanceTicks.find((k) => k.name === 'prune-sessions')!
    await tick.run(t.database.db, new Date())
    const left = await t.database.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.workspaceId, workspaceId))
    expect(left.map((s) => s.id)).toEqual([live])
    const codes = await t.database.db
      .select({ email: portalLoginCodes.email })
      .from(portalLoginCodes)
      .where(and(eq(portalLoginCodes.workspaceId, workspaceId), sql`true`))
    expect(codes.map((c) => c.email)).toEqual(['new@example.test'])
  })

  it('registers the hourly maintenance ticks', () => {
    const names = maintenanceTicks.map((k) => k.name)
    expect(names).toEqual(expect.arrayContaining(['prune-idempotency-keys', 'prune-sessions']))
    const scheduler = new Scheduler({ db: t.database.db, logger, ticks: maintenanceTicks })
    expect(scheduler).toBeDefined()
  })
})

describe('tick schedule overrides (LOOPDESK_TICK_SCHEDULES, through startWorkers)', () => {
  /** A module with two yearly ticks; `stopped` counts its stop calls. */
  function yearlyModule(names: string[], runs: { name: string; slot: Date }[], stopped = { count: 0 }) {
    const module: WorkerModule = {
      name: 'yearly',
      setup: async () => ({
        ticks: names.map((name) => ({
          name,
          cron: '0 0 0 1 1 *',
          async run(_db, slot) {
            runs.push({ name, slot })
          },
        })),
        stop: async () => {
          stopped.count++
        },
      }),
    }
    return module
  }
  const start = (modules: WorkerModule[], tickSchedules: Record<string, string>, schedule = false) =>
    startWorkers({
      database: t.database,
      databaseUrl: testDatabaseUrl(),
      logger,
      modules,
      tickSchedules,
      schedule,
    })

  it("an override replaces that tick's schedule and runs its work; other ticks keep theirs", async () => {
    const [fast, yearly] = [unique('overridden'), unique('yearly')]
    const runs: { name: string; slot: Date }[] = []
    const workers = await start([yearlyModule([fast, yearly], runs)], { [fast]: '* * * * * *' }, true)
    try {
      const deadline = Date.now() + 15_000
      while (runs.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    } finally {
      await workers.stop({ timeoutMs: 1000 })
    }
    expect(runs.length).toBeGreaterThanOrEqual(2)
    expect(runs.every((r) => r.name === fast && r.slot.getTime() % 1000 === 0)).toBe(true)
    const claimed = await t.database.db.select().from(tickSlots).where(eq(tickSlots.name, fast))
    expect(claimed.map((c) => c.slot.getTime()).sort()).toEqual(runs.map((r) => r.slot.getTime()).sort())
  })

  it('an override naming an unknown tick stops start-up, and what the modules started is stopped', async () => {
    const name = unique('known')
    const stopped = { count: 0 }
    await expect(
      start([yearlyModule([name], [], stopped)], { [name]: '* * * * *', 'no-such-tick': '* * * * *' }),
    ).rejects.toThrow(`LOOPDESK_TICK_SCHEDULES names unknown tick "no-such-tick"; known: ${name}`)
    expect(stopped.count).toBe(1)
    // Names are looked up as own keys: "constructor" is no tick either.
    await expect(start([yearlyModule([unique('known')], [])], { constructor: '* * * * *' })).rejects.toThrow(
      /unknown tick "constructor"/,
    )
  })

  it('an invalid override pattern stops start-up with an error naming the tick', async () => {
    const name = unique('badly-scheduled')
    await expect(start([yearlyModule([name], [])], { [name]: 'every minute' })).rejects.toThrow(
      `tick "${name}": invalid cron pattern "every minute"`,
    )
  })
})
