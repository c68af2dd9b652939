/**
 * `npm run bench -- --sla`: the SLA tick on PostgreSQL at scale. A fresh database gets one workspace with
 * `tickets` open tickets (set-based SQL), each with a running resolution clock due in the future, except `due`
 * of them, due a minute ago. Then the claiming statement's plan (EXPLAIN, not executed: it must read the partial
 * index `sla_clocks_due_idx`, so the tick's cost follows what is due, not how many tickets exist) and the time
 * of one `runSlaTick` (claim, one `sla.breached` event per clock, escalations), then of an idle tick.
 */
import '../../generated/areas'
import { sql } from 'drizzle-orm'
import { claimQuery, runSlaTick } from '../../src/areas/sla/tick'
import { createWorkspace } from '../../src/areas/workspace/service'
import { openPostgres } from '../../src/db/postgres'
import { idToUuid, newId } from '../../src/ids'
import type { Cleanup } from './cleanup'
import { provisionDatabase } from './database'

export const SLA_TICK_GOAL = 'the claim reads sla_clocks_due_idx; the tick costs what is due, not all tickets'

export interface SlaTickReport {
  tickets: number
  due: number
  seedSeconds: number
  plan: string
  usesDueIndex: boolean
  tickMs: number
  breached: number
  idleTickMs: number
}

export async function benchSlaTick(
  options: { postgresUrl: string; tickets: number; due: number },
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<SlaTickReport> {
  const provisioned = await provisionDatabase('postgres', options.postgresUrl, cleanup)
  const { url } = provisioned.location as { url: string }
  const database = openPostgres(url, { max: 2 })
  cleanup.add('close the SLA bench pool', () => database.close())
  await database.migrate()
  const db = database.db
  const { workspace } = await createWorkspace(db, { name: 'SLA bench', owner: { email: 'owner@sla.test' } })
  const ws = idToUuid(workspace.id)
  const contact = idToUuid(newId('ct'))
  const policy = idToUuid(newId('sla'))
  await db.execute(
    sql`insert into contacts (id, workspace_id, email, name) values (${contact}::uuid, ${ws}::uuid, 'c@sla.test', 'C')`,
  )
  await db.execute(sql`insert into sla_policies (id, workspace_id, name, position, targets)
    values (${policy}::uuid, ${ws}::uuid, 'Bench', 1, '{"normal": {"resolution": 480}}'::jsonb)`)
  const started = performance.now()
  progress(`seeding ${options.tickets} open tickets with clocks (${options.due} due)…`)
  // uuid v7-like ids are not needed here: random uuids are valid TypeIDs' uuids.
  await db.execute(sql`insert into tickets (id, workspace_id, number, subject, status_id, status_category,
      requester_id, created_at, updated_at)
    select gen_random_uuid(), ${ws}::uuid, g, 'Ticket ' || g,
      (select id from ticket_statuses where workspace_id = ${ws}::uuid and category = 'open' limit 1), 'open',
      ${contact}::uuid, now() - interval '1 hour', now() - interval '1 hour'
    from generate_series(1, ${options.tickets}) g`)
  await db.execute(sql`insert into sla_clocks (ticket_id, metric, workspace_id, policy_id, status, target_minutes,
      business_minutes_elapsed, running_since, due_at, warn_at, warned_at)
    select t.id, 'resolution', t.workspace_id, ${policy}::uuid, 'active', 480, 0, t.created_at,
      case when t.number <= ${options.due} then now() - interval '1 minute'
           else now() + (t.number % 10000 + 10) * interval '1 minute' end,
      null, null
    from tickets t where t.workspace_id = ${ws}::uuid`)
  await db.execute(sql`vacuum analyze tickets`)
  await db.execute(sql`vacuum analyze sla_clocks`)
  const seedSeconds = (performance.now() - started) / 1000
  const now = new Date()
  const explained = await db.execute(sql`explain ${claimQuery(db, 'breach', now, 1000).getSQL()}`)
  const plan = (explained as unknown as { rows?: Record<string, string>[] }).rows ?? (explained as never)
  const planText = (plan as Record<string, string>[]).map((r) => Object.values(r)[0]).join('\n')
  const t0 = performance.now()
  const tick = await runSlaTick(db, now, 1000)
  const tickMs = performance.now() - t0
  const t1 = performance.now()
  await runSlaTick(db, now, 1000)
  const idleTickMs = performance.now() - t1
  return {
    tickets: options.tickets,
    due: options.due,
    seedSeconds,
    plan: planText,
    usesDueIndex: planText.includes('sla_clocks_due_idx'),
    tickMs,
    breached: tick.breached,
    idleTickMs,
  }
}

export function formatSlaTick(r: SlaTickReport): string {
  return [
    `SLA tick on PostgreSQL: ${r.tickets.toLocaleString('en')} open tickets with running clocks, ${r.due} due (seeded in ${r.seedSeconds.toFixed(1)} s)`,
    `  tick (claim ${r.due}, one sla.breached each): ${r.tickMs.toFixed(1)} ms, breached ${r.breached}`,
    `  idle tick (nothing due): ${r.idleTickMs.toFixed(1)} ms`,
    `  claim plan ${r.usesDueIndex ? 'reads sla_clocks_due_idx' : 'DOES NOT read sla_clocks_due_idx'}:`,
    ...r.plan.split('\n').map((l) => `    ${l}`),
  ].join('\n')
}
