import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorkspace } from '../../src/areas/workspace/service'
import { sessions, tickSlots } from '../../src/db/schema'
import { newId } from '../../src/ids'
import { testDatabaseUrl } from '../harness'
import { scratchDatabase, startWorkerProcess, type WorkerProcess, waitUntil } from './support'

/**
 * Ticks when several `npm run worker` processes share one PostgreSQL database: each slot must run once, in
 * whichever process claimed it. `prune-sessions` is hourly; LOOPDESK_TICK_SCHEDULES makes it run every second
 * here. The file works in a database of its own, so no other test's workers claim its slots.
 */
const serverUrl = testDatabaseUrl()
const secret = randomBytes(32).toString('base64url')
let scratch: Awaited<ReturnType<typeof scratchDatabase>> | undefined
const workers: WorkerProcess[] = []

beforeAll(async () => {
  if (serverUrl) scratch = await scratchDatabase(serverUrl)
}, 60_000)

afterAll(async () => {
  // SIGKILL: only a failed test leaves a worker running, and nothing here needs a graceful stop then.
  await Promise.all(workers.map((w) => w.kill('SIGKILL')))
  await scratch?.drop()
}, 30_000)

function worker(env: Record<string, string> = {}) {
  if (!scratch) throw new Error('no database')
  const started = startWorkerProcess(scratch.url, secret, env)
  workers.push(started)
  return started
}

const TICK = 'prune-sessions'

/** The `prune-sessions` slots (ISO strings) a worker logged under `msg`, in order. */
function loggedSlots(wp: WorkerProcess, msg: string): string[] {
  const slots: string[] = []
  for (const line of wp.output().split('\n')) {
    if (!line.startsWith('{')) continue
    let entry: { msg?: unknown; tick?: unknown; slot?: unknown }
    try {
      entry = JSON.parse(line)
    } catch {
      continue
    }
    if (entry.msg === msg && entry.tick === TICK) slots.push(String(entry.slot))
  }
  return slots
}

describe.skipIf(!serverUrl)('ticks across worker processes (PostgreSQL)', () => {
  it('two worker processes: each prune-sessions slot runs once, in the process that claimed it', async () => {
    const database = scratch!.database
    // Work for the tick: one expired session (pruned by any run) and one live session (kept).
    const { workspace, member } = await createWorkspace(database.db, {
      name: `Ticks ${randomBytes(3).toString('hex')}`,
      owner: { email: `owner-${randomBytes(4).toString('hex')}@example.test`, name: 'Owner' },
    })
    const [expired, live] = [newId('sess'), newId('sess')]
    await database.db.insert(sessions).values([
      {
        id: expired,
        workspaceId: workspace.id,
        memberId: member.id,
        secretHash: 'x',
        expiresAt: new Date(Date.now() - 60_000),
      },
      {
        id: live,
        workspaceId: workspace.id,
        memberId: member.id,
        secretHash: 'y',
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    ])

    const env = { LOG_LEVEL: 'debug', LOOPDESK_TICK_SCHEDULES: JSON.stringify({ [TICK]: '* * * * * *' }) }
    const pair = [worker(env), worker(env)] as const
    await Promise.all(pair.map((w) => w.ready))

    // Both running: give them at least 4.5 s, and (on a slow machine, longer) until 3 slots ran and both
    // processes went for one slot at the same time: the claim, not the timing, decided which of them ran it.
    const bothRunning = Date.now()
    const ran = () => pair.map((w) => loggedSlots(w, 'tick ran'))
    const lost = () => pair.map((w) => loggedSlots(w, 'tick slot claimed elsewhere'))
    const contested = () => {
      const [ranA, ranB] = ran() as [string[], string[]]
      const [lostA, lostB] = lost() as [string[], string[]]
      return ranA.some((s) => lostB.includes(s)) || ranB.some((s) => lostA.includes(s))
    }
    await waitUntil(
      () => Date.now() - bothRunning >= 4500 && ran().flat().length >= 3 && contested(),
      60_000,
      'three prune-sessions slots, one of them contested by both workers',
    )
    // SIGTERM: each scheduler stops, waits for its run in progress, and the process exits 0.
    expect(await Promise.all(pair.map((w) => w.kill('SIGTERM')))).toEqual([0, 0])

    const ranBy = ran()
    const lostBy = lost()
    const instances = pair.map((w) => `${hostname()}:${w.child.pid}`)
    const rows = await database.db.select().from(tickSlots).where(eq(tickSlots.name, TICK))
    const slotOf = (row: (typeof rows)[number]) => row.slot.toISOString()

    expect(rows.length).toBeGreaterThanOrEqual(3)
    for (const w of pair) expect(w.output()).not.toContain('"msg":"tick failed"')
    // Every slot ran exactly once across both processes…
    const all = ranBy.flat()
    expect(new Set(all).size).toBe(all.length)
    expect([...all].sort()).toEqual(rows.map(slotOf).sort())
    // …in the process its tick_slots row names.
    for (const row of rows) {
      const runner = ranBy.findIndex((slots) => slots.includes(slotOf(row)))
      expect(row.claimedBy, `slot ${slotOf(row)}`).toBe(instances[runner])
    }
    // Both processes tried: each went for slots, and a slot one of them lost the other ran.
    for (const [i, w] of pair.entries()) {
      expect(ranBy[i]!.length + lostBy[i]!.length, `worker ${w.child.pid} attempts`).toBeGreaterThan(0)
      for (const slot of lostBy[i]!) expect(ranBy[1 - i]).toContain(slot)
    }

    // And the work was done: the expired session is gone, the live one kept.
    const left = await database.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.workspaceId, workspace.id))
    expect(left.map((s) => s.id)).toEqual([live])
  }, 120_000)
})
