import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/context/actor'
import { eventListenerCursors, events, notifications } from '../../src/db/schema'
import { emit } from '../../src/events/emit'
import { type MemberId, newId, type WorkspaceId } from '../../src/ids'
import { startWorkers, type Workers } from '../../src/jobs/runtime'
import { createLogger } from '../../src/logger'
import { notificationsModule } from '../../src/notifications/worker'
import { createTestApp, type TestApp, testDatabaseUrl } from '../harness'

/**
 * Notifications end to end, as the server runs them: a change through the API commits its event, the
 * dispatcher's notifications listener writes the in-app notification and enqueues the email job, the job
 * sends through the mailer. Test files share one database: the listener has its own cursor name and takes
 * only this file's workspace's events.
 */
let t: TestApp
let workers: Workers | undefined
let workspaceId: WorkspaceId
let key: string
let ownerId: MemberId
const listenerName = `notifications-test-${Math.random().toString(36).slice(2, 8)}`

beforeAll(async () => {
  t = await createTestApp()
  ;({ workspaceId, key, memberId: ownerId } = await t.newWorkspace())
  workers = await startWorkers({
    database: t.database,
    databaseUrl: testDatabaseUrl(),
    logger: createLogger('silent'),
    modules: [
      notificationsModule({
        mailer: t.mailer,
        pollingIntervalSeconds: 0.5,
        listenerName,
        accepts: (event) => event.workspaceId === workspaceId,
      }),
    ],
    pollIntervalMs: 20,
    schedule: false,
  })
  await new Promise((r) => setTimeout(r, 100)) // the listener's cursor exists: later events are its
}, 60_000)

afterAll(async () => {
  await workers?.stop({ timeoutMs: 2000 })
})

async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

const notificationsOf = (memberId: MemberId) =>
  t.database.db
    .select()
    .from(notifications)
    .where(eq(notifications.memberId, memberId))
    .orderBy(notifications.createdAt, notifications.id)

describe('notifications through the workers', () => {
  it('notifies a member of a role change in-app and by email when chosen, once even when redelivered', async () => {
    const member = await t.newMember(workspaceId, { roles: [{ role: 'agent' }] })
    const pref = await t.request('PUT', '/v1/notification-preferences', {
      key: member.key,
      body: { preferences: [{ kind: 'role_changed', channel: 'email', enabled: true }] },
    })
    expect(pref.status).toBe(200)

    const assigned = await t.request('POST', `/v1/members/${member.memberId}/roles`, {
      key,
      body: { role: 'supervisor' },
    })
    expect(assigned.status).toBe(201)

    const list = await waitFor(async () => {
      const res = await t.request('GET', '/v1/notifications', { key: member.key })
      return res.body.data.length > 0 ? res.body.data : undefined
    })
    expect(list).toEqual([
      expect.objectContaining({
        kind: 'role_changed',
        title: 'You were given the Supervisor role',
        resource: { type: 'member', id: member.memberId },
        readAt: null,
      }),
    ])
    const mail = await waitFor(() => t.mailer.lastTo(member.email))
    expect(mail).toMatchObject({
      subject: 'You were given the Supervisor role',
      tag: 'notification.role_changed',
    })

    // The owner acted: nobody else is notified, the owner included.
    const owner = await t.request('GET', '/v1/notifications', { key })
    expect(owner.body.data).toEqual([])

    // Redeliver: move the listener's cursor back to just before the event and let it run again.
    const [event] = await t.database.db
      .select({ txId: events.txId })
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), eq(events.type, 'member.role_changed')))
      .orderBy(events.occurredAt, events.id)
    await t.database.db
      .update(eventListenerCursors)
      .set({ txId: event!.txId, eventId: sql`'00000000-0000-0000-0000-000000000000'::uuid` })
      .where(eq(eventListenerCursors.listener, listenerName))
    await waitFor(async () => {
      const [cursor] = await t.database.db
        .select()
        .from(eventListenerCursors)
        .where(eq(eventListenerCursors.listener, listenerName))
      return cursor?.eventId !== '00000000-0000-0000-0000-000000000000' ? true : undefined
    })
    await new Promise((r) => setTimeout(r, 1500)) // a duplicate email job would have run by now
    expect(await notificationsOf(member.memberId)).toHaveLength(1)
    expect(t.mailer.sent.filter((m) => m.to === member.email)).toHaveLength(1)
  })

  it('notifies a member added to a team in-app only by default, and nothing when in-app is off', async () => {
    const team = await t.newTeam(workspaceId)
    const quiet = await t.newMember(workspaceId)
    const loud = await t.newMember(workspaceId)
    await t.request('PUT', '/v1/notification-preferences', {
      key: quiet.key,
      body: { preferences: [{ kind: 'team_membership', channel: 'in_app', enabled: false }] },
    })
    for (const m of [quiet, loud]) {
      const res = await t.request('POST', `/v1/teams/${team.id}/members`, {
        key,
        body: { memberId: m.memberId },
      })
      expect(res.status).toBe(201)
    }
    const rows = await waitFor(async () => {
      const found = await notificationsOf(loud.memberId)
      return found.length > 0 ? found : undefined
    })
    expect(rows[0]).toMatchObject({
      kind: 'team_membership',
      title: `You were added to the team ${team.name}`,
    })
    await new Promise((r) => setTimeout(r, 500))
    expect(await notificationsOf(quiet.memberId)).toEqual([])
    expect(t.mailer.lastTo(loud.email)).toBeUndefined()
  })

  it('tells members who manage webhooks that one was disabled', async () => {
    const admin = await t.newMember(workspaceId, { roles: [{ role: 'admin' }] })
    const agent = await t.newMember(workspaceId, { roles: [{ role: 'agent' }] })
    const webhookId = newId('wh')
    await t.database.db.transaction((tx) =>
      emit(
        tx,
        { workspaceId, eventActor: systemActor },
        {
          type: 'webhook.disabled',
          resourceId: webhookId,
          data: {
            webhook: { id: webhookId, url: 'https://hooks.example.test/x' },
            reason: 'failures',
            consecutiveFailures: 20,
            lastStatusCode: 500,
            lastError: null,
          },
        },
      ),
    )
    const rows = await waitFor(async () => {
      const found = await notificationsOf(admin.memberId)
      return found.length > 0 ? found : undefined
    })
    expect(rows[0]).toMatchObject({
      kind: 'webhook_disabled',
      resourceType: 'webhook',
      resourceId: webhookId,
    })
    expect(rows[0]!.body).toContain('https://hooks.example.test/x')
    expect(await notificationsOf(ownerId)).toHaveLength(1)
    expect(await notificationsOf(agent.memberId)).toEqual([])
  })

  it('tells a member removed from a team, and nobody of their own action (through their key)', async () => {
    const team = await t.newTeam(workspaceId)
    const member = await t.newMember(workspaceId, { teamIds: [team.id] })
    const removed = await t.request('DELETE', `/v1/teams/${team.id}/members/${member.memberId}`, { key })
    expect(removed.status).toBe(204)
    // The owner adds themself with their own key: the last event, so once it is handled all are.
    const self = await t.request('POST', `/v1/teams/${team.id}/members`, { key, body: { memberId: ownerId } })
    expect(self.status).toBe(201)
    const rows = await waitFor(async () => {
      const found = await notificationsOf(member.memberId)
      return found.length > 0 ? found : undefined
    })
    expect(rows[0]).toMatchObject({
      kind: 'team_membership',
      title: `You were removed from the team ${team.name}`,
    })
    await new Promise((r) => setTimeout(r, 500))
    const own = await notificationsOf(ownerId)
    expect(own.filter((n) => n.kind === 'team_membership')).toEqual([])
  })
})
