// sdk/examples/crm-ticket-sync.ts runs against the in-process app with a client from the harness, so the example
// breaks CI when it no longer works with the API.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unwrap } from '@loopdesk/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CrmState,
  emptyState,
  loadState,
  saveState,
  syncTickets,
} from '../../sdk/examples/crm-ticket-sync'
import { ensureStatuses } from '../areas/tickets-fixtures'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
let dir: string
beforeAll(async () => {
  t = await createTestApp()
  dir = await mkdtemp(join(tmpdir(), 'loopdesk-crm-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Run the sync until the feed has served `until` (the feed lags open transactions by a moment: poll). */
async function syncUntil(
  run: () => Promise<{ pulled: unknown[] }>,
  until: (state: CrmState) => boolean,
  state: CrmState,
) {
  for (let i = 0; i < 100; i++) {
    await run()
    if (until(state)) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the sync never saw the change')
}

describe('examples/crm-ticket-sync', () => {
  it('pushes CRM cases by external id, pulls Loopdesk changes into the CRM, and resumes from the saved cursor', async () => {
    const ws = await t.newWorkspace()
    await ensureStatuses(t, ws.workspaceId)
    const client = t.client(ws.key)
    const path = join(dir, 'crm-state.json')

    expect(await loadState(path)).toEqual(emptyState())
    const state = emptyState()
    state.contacts['crm-1'] = { crmId: 'crm-1', email: 'ada@example.com', name: 'Ada' }
    state.cases['case-1'] = {
      crmId: 'case-1',
      subject: 'VAT rate wrong',
      contactCrmId: 'crm-1',
      priority: 'high',
      dirty: true,
    }
    state.cases['case-2'] = {
      crmId: 'case-2',
      subject: 'Cannot log in',
      contactCrmId: 'crm-1',
      priority: 'normal',
      dirty: true,
    }

    const first = await syncTickets(client, state)
    expect(first.pushed).toEqual(['case-1', 'case-2'])
    await saveState(path, state)
    const ticketId = state.cases['case-1']?.loopdeskId as string
    expect(ticketId).toMatch(/^tkt_/)
    const ticket = await unwrap(client.GET('/v1/tickets/{ticketId}', { params: { path: { ticketId } } }))
    expect(ticket).toMatchObject({ externalId: 'case-1', subject: 'VAT rate wrong', priority: 'high' })

    // A second push of the same case updates in place: the upsert is keyed by the CRM id.
    const resumed = await loadState(path)
    expect(resumed.cursor).toBe(state.cursor)
    const crmCase = resumed.cases['case-1']!
    crmCase.subject = 'VAT rate wrong on invoices'
    crmCase.dirty = true
    const second = await syncTickets(client, resumed)
    expect(second.pushed).toEqual(['case-1'])
    expect(resumed.cases['case-1']?.loopdeskId).toBe(ticketId)

    // Changes made in Loopdesk reach the CRM: a ticket opened there, and an agent's priority change.
    const requesterId = resumed.contacts['crm-1']?.loopdeskId as string
    const opened = await unwrap(
      client.POST('/v1/tickets', { body: { subject: 'Opened in Loopdesk', requesterId, priority: 'low' } }),
    )
    await unwrap(
      client.PATCH('/v1/tickets/{ticketId}', {
        params: { path: { ticketId } },
        body: { priority: 'urgent' },
      }),
    )
    await syncUntil(
      () => syncTickets(client, resumed),
      (s) => s.cases[opened.id]?.subject === 'Opened in Loopdesk' && s.cases['case-1']?.priority === 'urgent',
      resumed,
    )
    expect(resumed.cases['case-1']).toMatchObject({
      subject: 'VAT rate wrong on invoices',
      priority: 'urgent',
      dirty: false,
    })
    expect(resumed.cases[opened.id]).toMatchObject({
      contactCrmId: 'crm-1',
      priority: 'low',
      loopdeskId: opened.id,
    })
    expect(resumed.contacts['crm-1']).toMatchObject({ email: 'ada@example.com', loopdeskId: requesterId })
    await saveState(path, resumed)

    // Nothing changed since: a run from the saved cursor pulls nothing and pushes nothing.
    const quiet = await loadState(path)
    const last = await syncTickets(client, quiet)
    expect(last).toEqual({ pushed: [], pulled: [] })
    expect(quiet.cursor).toBe(resumed.cursor)
  })
})
