import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/context/actor'
import { emit } from '../../src/events/emit'
import type { WorkspaceId } from '../../src/ids'
import type { WorkerModule } from '../../src/jobs/module'
import { jobIdFor } from '../../src/jobs/queue'
import { startWorkers, type Workers } from '../../src/jobs/runtime'
import { createLogger } from '../../src/logger'
import { createTestApp, type TestApp, testDatabaseUrl } from '../harness'

let t: TestApp
let workspaceId: WorkspaceId
let workers: Workers | undefined
const suffix = Math.random().toString(36).slice(2, 8)
const delivered: { label: string; attempt: number }[] = []
let failNext = 1

/** A feature as it plugs in: a queue with a handler, and a listener that enqueues a job per event. */
const testModule: WorkerModule = {
  name: 'test',
  async setup({ queue }) {
    const jobName = `test-deliver-${suffix}`
    await queue.declare(jobName, { retryLimit: 3, retryDelaySeconds: 0 })
    await queue.work<{ label: string }>(
      jobName,
      async (job) => {
        if (failNext-- > 0) throw new Error('receiver down')
        delivered.push({ label: job.data.label, attempt: job.attempt })
      },
      { pollingIntervalSeconds: 0.5 },
    )
    const name = `test-listener-${suffix}`
    return {
      listeners: [
        {
          name,
          handles: (type) => type === 'team.updated',
          async handle(tx, event) {
            if (event.workspaceId !== workspaceId) return
            await queue.send(jobName, { label: event.resourceId }, { tx, id: jobIdFor(name, event.id) })
          },
        },
      ],
    }
  },
}

beforeAll(async () => {
  t = await createTestApp()
  ;({ workspaceId } = await t.newWorkspace())
})
afterAll(async () => {
  await workers?.stop({ timeoutMs: 1000 })
})

describe('workers runtime (dispatcher + jobs, as the server runs them inline)', () => {
  it('turns a committed event into a job that runs (after a retry), then stops cleanly', async () => {
    workers = await startWorkers({
      database: t.database,
      databaseUrl: testDatabaseUrl(),
      logger: createLogger('silent'),
      modules: [testModule],
      pollIntervalMs: 20,
      schedule: false,
    })
    await new Promise((r) => setTimeout(r, 100)) // the listener's cursor now exists: later events are its
    await t.database.db.transaction((tx) =>
      emit(
        tx,
        { workspaceId, eventActor: systemActor },
        {
          type: 'team.updated',
          resourceId: 'e1',
          data: { team: {}, previous: {} },
        },
      ),
    )
    const deadline = Date.now() + 15_000
    while (delivered.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(delivered).toEqual([{ label: 'e1', attempt: 2 }])
    await workers.stop({ timeoutMs: 1000 })
    workers = undefined
  })
})
