/**
 * `npm run bench -- --segments`: rule segment recomputation on PostgreSQL at scale. A fresh database gets one
 * workspace with `contacts` contacts (set-based SQL) spread over 500 organisations, with custom attributes (plan,
 * mrr, country), a tenth of them requesting an open ticket, and `segments` rule segments over every kind of field
 * (contact and organisation attributes, email, organisation name and domain, createdAt relative to now,
 * hasOpenTickets). Then the time of a full recomputation of every segment from empty (what the schedule or a
 * migration of old data costs), of a second one where nothing moves, and of one after a tenth of the contacts
 * changed plan behind the API's back; and the cost of one contact's in-transaction refresh after a plan change (the segments reading attributes.plan).
 */
import '../../generated/areas'
import { sql } from 'drizzle-orm'
import { contactScope, refreshContacts } from '../../src/areas/segments/membership'
import { runSegmentTick } from '../../src/areas/segments/refresh'
import { createWorkspace } from '../../src/areas/workspace/service'
import { systemActor } from '../../src/context/actor'
import { queryRows } from '../../src/db/database'
import { openPostgres } from '../../src/db/postgres'
import { idToUuid, newId, uuidToId, type WorkspaceId } from '../../src/ids'
import type { Cleanup } from './cleanup'
import { provisionDatabase } from './database'

export const SEGMENTS_GOAL = 'segment recompute for 100,000 contacts: seconds, reported'

export interface SegmentsBenchReport {
  contacts: number
  segments: number
  seedSeconds: number
  /** Every segment from empty: the contacts that joined, and the seconds. */
  initial: { seconds: number; moved: number }
  /** Again with nothing to move. */
  idle: { seconds: number; moved: number }
  /** After a tenth of the contacts changed plan. */
  changed: { seconds: number; moved: number }
  /** One contact's plan change and its refresh of the segments reading the plan (what it adds to its transaction), ms p50/p99. */
  contactRefreshMs: { p50: number; p99: number; samples: number }
}

/** Fifty conditions cycling over the fields segments offer. */
function conditionOf(i: number, organizations: number): Record<string, unknown> {
  const plans = ['free', 'pro', 'team', 'enterprise']
  const countries = ['DE', 'FR', 'US', 'GB', 'JP', 'BR']
  switch (i % 10) {
    case 0:
      return { all: [{ field: 'attributes.plan', operator: 'eq', value: plans[i % 4] }] }
    case 1:
      return { all: [{ field: 'attributes.mrr', operator: 'gte', value: (i % 7) * 100 }] }
    case 2:
      return {
        all: [
          { field: 'attributes.country', operator: 'in', value: [countries[i % 6], countries[(i + 1) % 6]] },
          { field: 'attributes.plan', operator: 'neq', value: 'free' },
        ],
      }
    case 3:
      return { all: [{ field: 'organization.attributes.tier', operator: 'eq', value: `tier${i % 5}` }] }
    case 4:
      return { all: [{ field: 'hasOpenTickets', operator: 'eq', value: true }] }
    case 5:
      return { all: [{ field: 'email', operator: 'contains', value: `${i % 10}@` }] }
    case 6:
      return {
        all: [{ field: 'organization.domain', operator: 'eq', value: `org${i % organizations}.test` }],
      }
    case 7:
      return {
        all: [{ field: 'createdAt', operator: 'newer_than', value: { amount: 30 + i, unit: 'days' } }],
      }
    case 8:
      return {
        any: [
          { field: 'organization.name', operator: 'contains', value: `Org ${i % 9}` },
          { field: 'attributes.mrr', operator: 'gt', value: 900 },
        ],
      }
    default:
      return {
        all: [
          { field: 'attributes.plan', operator: 'in', value: ['team', 'enterprise'] },
          { field: 'hasOpenTickets', operator: 'neq', value: true },
        ],
      }
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

export async function benchSegments(
  options: { postgresUrl: string; contacts: number; segments: number },
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<SegmentsBenchReport> {
  const provisioned = await provisionDatabase('postgres', options.postgresUrl, cleanup)
  const { url } = provisioned.location as { url: string }
  const database = openPostgres(url, { max: 2 })
  cleanup.add('close the segments bench pool', () => database.close())
  await database.migrate()
  const db = database.db
  const { workspace } = await createWorkspace(db, {
    name: 'Segments bench',
    owner: { email: 'owner@segments.test' },
  })
  const workspaceId = workspace.id as WorkspaceId
  const ws = idToUuid(workspaceId)
  const organizations = 500

  const started = performance.now()
  progress(
    `seeding ${options.contacts} contacts in ${organizations} organisations, ${options.segments} segments…`,
  )
  await db.execute(sql`insert into organizations (id, workspace_id, name, domains, attributes)
    select gen_random_uuid(), ${ws}::uuid, 'Org ' || g, array['org' || g || '.test'],
      jsonb_build_object('tier', 'tier' || (g % 5))
    from generate_series(0, ${organizations - 1}) g`)
  await db.execute(sql`insert into contacts (id, workspace_id, email, name, organization_id, attributes, created_at)
    select gen_random_uuid(), ${ws}::uuid, 'contact' || g || '@example.test', 'Contact ' || g,
      (select o.id from organizations o where o.workspace_id = ${ws}::uuid and o.name = 'Org ' || (g % ${organizations})),
      jsonb_build_object('plan', (array['free','pro','team','enterprise'])[1 + g % 4], 'mrr', (g * 37) % 1000,
        'country', (array['DE','FR','US','GB','JP','BR'])[1 + g % 6]),
      now() - (g % 365) * interval '1 day'
    from generate_series(1, ${options.contacts}) g`)
  await db.execute(sql`insert into tickets (id, workspace_id, number, subject, status_id, status_category,
      requester_id, created_at, updated_at)
    select gen_random_uuid(), ${ws}::uuid, row_number() over (), 'Ticket',
      (select id from ticket_statuses where workspace_id = ${ws}::uuid and category = 'open' limit 1), 'open',
      c.id, now(), now()
    from contacts c where c.workspace_id = ${ws}::uuid and (hashtext(c.id::text) % 10) = 0`)
  for (let i = 0; i < options.segments; i++) {
    await db.execute(sql`insert into segments (id, workspace_id, name, kind, conditions)
      values (${idToUuid(newId('seg'))}::uuid, ${ws}::uuid, ${`Segment ${i}`}, 'rule',
        ${JSON.stringify(conditionOf(i, organizations))}::jsonb)`)
  }
  await db.execute(sql`vacuum analyze contacts`)
  await db.execute(sql`vacuum analyze organizations`)
  await db.execute(sql`vacuum analyze tickets`)
  const seedSeconds = (performance.now() - started) / 1000

  // The schedule recomputes every segment never computed (or not for a day): all of them, as the system.
  const timed = async (label: string, at: Date) => {
    progress(`${label}…`)
    const t0 = performance.now()
    const result = await runSegmentTick(db, at, { workspaceId })
    return { seconds: (performance.now() - t0) / 1000, moved: result.moved }
  }
  const day = 25 * 3_600_000
  const initial = await timed('recomputing every segment from empty', new Date())
  const idle = await timed('recomputing again (nothing moves)', new Date(Date.now() + day))
  await db.execute(sql`update contacts set attributes = jsonb_set(attributes, '{plan}', '"enterprise"')
    where workspace_id = ${ws}::uuid and (hashtext(id::text) % 10) = 1`)
  const changed = await timed(
    'recomputing after a tenth of the contacts changed plan',
    new Date(Date.now() + 2 * day),
  )

  progress('timing single-contact refreshes…')
  const sample = await queryRows<{ id: string }>(
    db,
    sql`select id::text from contacts where workspace_id = ${ws}::uuid order by random() limit 200`,
  )
  const times: number[] = []
  const source = { workspaceId, eventActor: systemActor }
  for (const { id } of sample) {
    const contactId = uuidToId('ct', id)
    const t0 = performance.now()
    await db.transaction(async (tx) => {
      await tx.execute(sql`update contacts set attributes = jsonb_set(attributes, '{plan}', '"team"')
        where id = ${id}::uuid`)
      // As the contact.updated reaction does: only the segments reading the changed field.
      await refreshContacts(tx, source, contactScope([contactId]), 'contact', new Date(), ['attributes.plan'])
    })
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return {
    contacts: options.contacts,
    segments: options.segments,
    seedSeconds,
    initial,
    idle,
    changed,
    contactRefreshMs: { p50: percentile(times, 50), p99: percentile(times, 99), samples: times.length },
  }
}

export function formatSegments(r: SegmentsBenchReport): string {
  return [
    `Segments on PostgreSQL: ${r.contacts.toLocaleString('en')} contacts, ${r.segments} rule segments (seeded in ${r.seedSeconds.toFixed(1)} s)`,
    `  full recompute of every segment, from empty: ${r.initial.seconds.toFixed(2)} s (${r.initial.moved.toLocaleString('en')} memberships added)`,
    `  full recompute, nothing moves:             ${r.idle.seconds.toFixed(2)} s`,
    `  full recompute after 10% changed plan:      ${r.changed.seconds.toFixed(2)} s (${r.changed.moved.toLocaleString('en')} moved)`,
    `  one contact's plan change (update + refresh of the segments reading attributes.plan, one transaction): p50 ${r.contactRefreshMs.p50.toFixed(2)} ms, p99 ${r.contactRefreshMs.p99.toFixed(2)} ms (${r.contactRefreshMs.samples} contacts)`,
  ].join('\n')
}
