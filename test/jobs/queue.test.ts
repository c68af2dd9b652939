import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../src/db/database'
import { type JobQueue, jobIdFor, openJobQueue } from '../../src/jobs/queue'
import { createLogger } from '../../src/logger'
import { createTestApp, type TestApp, testDatabaseUrl } from '../harness'

let t: TestApp
let queue: JobQueue
const logger = createLogger('silent')
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`

beforeAll(async () => {
  t = await createTestApp()
  queue = await openJobQueue({
    database: t.database,
    databaseUrl: testDatabaseUrl(),
    logger,
    supervise: false,
  })
})
afterAll(async () => {
  await queue.stop({ graceful: false })
})

const jobState = async (name: string, id: string) =>
  (
    await queryRows<{ state: string; retry_count: number }>(
      t.database.db,
      sql`select state, retry_count from pgboss.job where name = ${name} and id = ${id}::uuid`,
    )
  )[0]

/** Resolves when `check()` is true, polling every 50 ms (fails after `ms`). */
async function until(check: () => boolean | Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('job queue (pg-boss)', () => {
  it('retries a failing job with exponential backoff until it succeeds', async () => {
    const name = unique('flaky')
    await queue.declare(name, { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: true })
    const runs: { attempt: number; at: number }[] = []
    await queue.work<{ n: number }>(
      name,
      async (job) => {
        expect(job.data).toEqual({ n: 1 })
        runs.push({ attempt: job.attempt, at: Date.now() })
        if (runs.length < 3) throw new Error('temporary failure')
      },
      { pollingIntervalSeconds: 0.5 },
    )
    const id = await queue.send(name, { n: 1 })
    await until(async () => (await jobState(name, id!))?.state === 'completed', 20_000)
    expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3])
    // Backoff: the second wait (2–4 s) is longer than the first (1–2 s) minus polling slack.
    const [a, b, c] = runs.map((r) => r.at) as [number, number, number]
    expect(b - a).toBeGreaterThanOrEqual(900)
    expect(c - b).toBeGreaterThanOrEqual(1900)
  }, 30_000)

  it('enqueues inside a transaction: nothing when it rolls back, once per deterministic id', async () => {
    const name = unique('tx')
    await queue.declare(name)
    const rolledBackId = jobIdFor('test', name, 'rolled-back')
    await expect(
      t.database.db.transaction(async (tx) => {
        await queue.send(name, { x: 1 }, { tx, id: rolledBackId })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await jobState(name, rolledBackId)).toBeUndefined()

    const id = jobIdFor('test', name, 'committed')
    const answers = await t.database.db.transaction(async (tx) => [
      await queue.send(name, { x: 1 }, { tx, id }),
      await queue.send(name, { x: 1 }, { tx, id }),
    ])
    expect(answers).toEqual([id, null])
    expect(await queue.send(name, { x: 1 }, { id })).toBeNull()
    const ran: string[] = []
    await queue.work(name, async (job) => void ran.push(job.id), { pollingIntervalSeconds: 0.5 })
    await until(async () => (await jobState(name, id))?.state === 'completed')
    expect(ran).toEqual([id])
  })

  it('jobIdFor is a stable uuid per parts', () => {
    expect(jobIdFor('a', 'b')).toBe(jobIdFor('a', 'b'))
    expect(jobIdFor('a', 'b')).not.toBe(jobIdFor('ab'))
    expect(jobIdFor('a', 'b')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })

  it('refuses to send to or work an undeclared queue', async () => {
    await expect(queue.send(unique('nope'), {})).rejects.toThrow(/not declared/)
    await expect(queue.work(unique('nope'), async () => {})).rejects.toThrow(/not declared/)
  })
})

describe('throughput', () => {
  it('runs queued jobs back to back, without a polling interval between them, failing only the one that threw', async () => {
    const name = unique('busy')
    await queue.declare(name, { retryLimit: 1, retryDelaySeconds: 60 })
    const ids: string[] = []
    for (let n = 0; n < 40; n++) ids.push((await queue.send(name, { n }))!)
    const ran: number[] = []
    let running = 0
    let most = 0
    // A 60 s interval: jobs 5… can only run in time if the worker fetches again as soon as slots free up.
    await queue.work<{ n: number }>(
      name,
      async (job) => {
        running++
        most = Math.max(most, running)
        await new Promise((r) => setTimeout(r, 5))
        running--
        ran.push(job.data.n)
        if (job.data.n === 7) throw new Error('only this one fails')
      },
      { pollingIntervalSeconds: 60, concurrency: 4 },
    )
    await until(() => ran.length === 40, 10_000)
    expect(new Set(ran).size).toBe(40)
    expect(most).toBeLessThanOrEqual(4)
    await until(async () => (await jobState(name, ids[39]!))?.state === 'completed')
    const states = await Promise.all(ids.map(async (id) => (await jobState(name, id))?.state))
    expect(states.filter((state) => state !== 'completed')).toEqual(['retry'])
    expect(states[7]).toBe('retry')
  })

  it('fails a run that outlives its expiry and frees its slot for the next job', async () => {
    const name = unique('hung')
    await queue.declare(name, { retryLimit: 1, retryDelaySeconds: 60, expireInSeconds: 1 })
    const hungId = (await queue.send(name, { hang: true }))!
    const ran: boolean[] = []
    await queue.work<{ hang: boolean }>(
      name,
      async (job) => {
        ran.push(job.data.hang)
        if (job.data.hang) await new Promise(() => {}) // never settles
      },
      { pollingIntervalSeconds: 0.5, concurrency: 1 },
    )
    await until(() => ran.length === 1)
    const nextId = (await queue.send(name, { hang: false }))!
    await until(async () => (await jobState(name, nextId))?.state === 'completed', 10_000)
    expect(ran).toEqual([true, false])
    expect((await jobState(name, hungId))?.state).toBe('retry')
  })

  it('wake: an idle worker takes a new job now rather than at its next poll', async () => {
    const name = unique('wake')
    await queue.declare(name)
    const ran: string[] = []
    await queue.work(name, async (job) => void ran.push(job.id), { pollingIntervalSeconds: 60 })
    await new Promise((r) => setTimeout(r, 200)) // its first fetch found nothing: asleep for 60 s
    const id = (await queue.send(name, {}))!
    queue.wake(name)
    await until(() => ran.length === 1, 10_000)
    expect(ran).toEqual([id])
  })
})

describe('a worker that dies mid-job', () => {
  it('leaves the run active until it expires; maintenance then hands it to another worker', async () => {
    const name = unique('orphan')
    await queue.declare(name, { retryLimit: 2, retryDelaySeconds: 0, expireInSeconds: 1 })
    const id = (await queue.send(name, { n: 1 }))!
    // What a killed process leaves behind: its claim (state active, started), and nothing else.
    await t.database.db.execute(
      sql`update pgboss.job set state = 'active', started_on = now() where name = ${name} and id = ${id}::uuid`,
    )
    await queue.maintain()
    expect((await jobState(name, id))?.state).toBe('active') // not expired yet
    await new Promise((r) => setTimeout(r, 1100))
    await queue.maintain()
    expect((await jobState(name, id))?.state).toBe('retry')
    const attempts: number[] = []
    await queue.work(name, async (job) => void attempts.push(job.attempt), { pollingIntervalSeconds: 0.5 })
    await until(async () => (await jobState(name, id))?.state === 'completed')
    expect(attempts).toEqual([2])
  })
})

describe('graceful stop', () => {
  it('waits for a running job to finish, and hands back one that outlives the timeout', async () => {
    const own = await openJobQueue({
      database: t.database,
      databaseUrl: testDatabaseUrl(),
      logger,
      supervise: false,
    })
    const quick = unique('quick')
    const slow = unique('slow')
    await own.declare(quick, { retryLimit: 2, retryDelaySeconds: 0 })
    await own.declare(slow, { retryLimit: 2, retryDelaySeconds: 0 })
    let started = 0
    let quickFinished = false
    await own.work(
      quick,
      async () => {
        started++
        await new Promise((r) => setTimeout(r, 400))
        quickFinished = true
      },
      { pollingIntervalSeconds: 0.5 },
    )
    let release: () => void = () => {}
    await own.work(
      slow,
      async () => {
        started++
        await new Promise<void>((r) => {
          release = r
        })
      },
      { pollingIntervalSeconds: 0.5 },
    )
    const quickId = (await own.send(quick, {}))!
    const slowId = (await own.send(slow, {}))!
    await until(() => started === 2)
    await own.stop({ graceful: true, timeoutMs: 1000 })
    release()
    expect(quickFinished).toBe(true)
    expect((await jobState(quick, quickId))?.state).toBe('completed')
    // Not lost: failed back to `retry`, for the next worker to pick up.
    expect((await jobState(slow, slowId))?.state).toBe('retry')
  })
})
