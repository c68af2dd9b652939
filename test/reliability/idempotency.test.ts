import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorkspace } from '../../src/areas/workspace/service'
import { contacts, idempotencyKeys } from '../../src/db/schema'
import type { WorkspaceId } from '../../src/ids'
import { testDatabaseUrl } from '../harness'
import { type ServerProcess, scratchDatabase, startServerProcess } from './support'

/**
 * An idempotent answer commits with its write: a server process killed (SIGKILL) after the request's
 * transaction committed and before it answered leaves the answer stored, and the client's retry with the
 * same key gets it replayed; exactly one record exists. PostgreSQL only: it needs a second process on the
 * same database.
 */
const serverUrl = testDatabaseUrl()
const secret = randomBytes(32).toString('base64url')
let scratch: Awaited<ReturnType<typeof scratchDatabase>> | undefined
const servers: ServerProcess[] = []

beforeAll(async () => {
  if (serverUrl) scratch = await scratchDatabase(serverUrl, 'loopdesk_idem')
}, 60_000)

afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill('SIGKILL')))
  await scratch?.drop()
}, 30_000)

function server(env: Record<string, string> = {}) {
  if (!scratch) throw new Error('no database')
  const started = startServerProcess(scratch.url, secret, env)
  servers.push(started)
  return started
}

describe.skipIf(!serverUrl)('Idempotency-Key across a crash', () => {
  it('replays the answer stored with the write when the process died before answering', async () => {
    if (!scratch) throw new Error('no database')
    const { workspace, secret: key } = await createWorkspace(scratch.database.db, {
      name: 'Crash test',
      owner: { email: 'owner@crash.test', name: 'Owner' },
    })
    const email = `crash-${randomBytes(4).toString('hex')}@example.test`
    const request = {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'idempotency-key': 'create-once',
      },
      body: JSON.stringify({ email, name: 'Ada' }),
    }
    const count = async () =>
      (
        await scratch!.database.db
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(eq(contacts.workspaceId, workspace.id as WorkspaceId), eq(contacts.email, email)))
      ).length

    // 1. The first server commits the contact and its answer, then dies before answering.
    const dying = server({ LOOPDESK_TEST_KILL_AFTER_COMMIT: 'true' })
    const url = await dying.ready
    await expect(fetch(`${url}/v1/contacts`, request)).rejects.toThrow()
    await dying.exited
    expect(dying.signal()).toBe('SIGKILL')
    expect(await count()).toBe(1)
    const [stored] = await scratch.database.db
      .select()
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, 'create-once'))
    expect(stored?.responseStatus).toBe(201)
    expect(stored?.lockedAt).toBeNull()

    // 2. The client retries against a healthy server: the stored answer, not a second contact.
    const healthy = server()
    const retryUrl = await healthy.ready
    const retried = await fetch(`${retryUrl}/v1/contacts`, request)
    expect(retried.status).toBe(201)
    expect(retried.headers.get('idempotent-replayed')).toBe('true')
    expect(await retried.json()).toMatchObject({ email, name: 'Ada' })
    expect(await count()).toBe(1)

    // The same key with another body is refused; still one contact.
    const reused = await fetch(`${retryUrl}/v1/contacts`, {
      ...request,
      body: JSON.stringify({ email: 'b@x.test' }),
    })
    expect(reused.status).toBe(422)
    expect(await count()).toBe(1)
  }, 120_000)
})
