/**
 * The tickets bench's data (test/bench/tickets.ts), seeded set-based (`insert … select … generate_series`) in
 * one transaction on a database `seedDatabase` has made: its workspace already holds 200 members (system role
 * `agent`, so `tickets.read_team`) in 20 teams, one team each, and 5,000 contacts. Here:
 *   - the workspace's ticket statuses: the seeded defaults when there are some, else the six defaults inserted;
 *   - `tickets` tickets, created one every ~86 s over the last 100 days (at 100,000), spread evenly over the 20
 *     teams and at random over statuses (new 10 %, open 30 %, pending 15 %, on hold 5 %, solved 20 %, closed
 *     20 %) and priorities (low 20 %, normal 50 %, high 20 %, urgent 10 %); three in four assigned to a member of
 *     their team; requesters round-robin over the contacts;
 *   - 1 to 19 messages per ticket (10 on average, so 1,000,000 for 100,000 tickets): odd ones the
 *     requester's replies, even ones the assignee's (or a team member's) replies, every 5th a note.
 * Ids are UUID v7-like (the creation time in the first 48 bits), as `newId` makes them, so indexes on ids see
 * rows in time order as they would in production.
 */
import postgres from 'postgres'
import { uuidToId } from '../../src/ids'
import { settleDatabase } from './settle'

export interface TicketsSeedOptions {
  tickets: number
}

export interface TicketsSeeded {
  tickets: number
  messages: number
  notes: number
  contacts: number
  statuses: number
  /** Whether the statuses were inserted here (none were seeded by the workspace's creation). */
  insertedStatuses: boolean
  seconds: number
}

const subjects = [
  'export',
  'invoice',
  'login',
  'password reset',
  'dashboard',
  'mobile app',
  'webhook',
  'billing',
  'csv import',
  'calendar sync',
  'api token',
  'notification',
  'report',
  'integration',
  'slack',
  'sso',
  'attachment',
  'search',
  'refund',
  'subscription',
]
const problems = [
  'fails',
  'is slow',
  'shows an error',
  'does not load',
  'times out',
  'is missing data',
  'crashes',
  'sends duplicates',
  'is charged twice',
  'stopped working',
]
const contexts = [
  'since yesterday',
  'on android',
  'for our admins',
  'after the update',
  'in firefox',
  'for large accounts',
  'every morning',
  'with two-factor on',
  'behind our proxy',
  'on the new plan',
  'in the eu region',
  'for one user',
]

const sqlArray = (words: string[]) => `(array[${words.map((w) => `'${w}'`).join(',')}])`
const pick = (words: string[], index: string) => `${sqlArray(words)}[1 + (${index}) % ${words.length}]`

/** A UUID v7-like id of time `ts` (48-bit ms timestamp, version 7, variant 10, random rest). */
const uuid7 = `create function pg_temp.bench_uuid7(ts timestamptz) returns uuid language sql volatile as $$
  select (lpad(to_hex(floor(extract(epoch from ts) * 1000)::bigint), 12, '0') || '7'
    || substr(md5(random()::text), 1, 3) || to_hex(8 + floor(random() * 4)::int)
    || substr(md5(random()::text), 1, 15))::uuid
$$`

const defaultStatuses = [
  ['New', 'new'],
  ['Open', 'open'],
  ['Pending', 'pending'],
  ['On hold', 'on_hold'],
  ['Solved', 'solved'],
  ['Closed', 'closed'],
] as const

export async function seedTickets(
  url: string,
  workspaceUuid: string,
  options: TicketsSeedOptions,
): Promise<TicketsSeeded> {
  const started = performance.now()
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const seeded = await sql.begin(async (tx) => {
      await tx.unsafe(uuid7)
      let insertedStatuses = false
      const [{ n: existing } = { n: 0 }] = await tx<{ n: number }[]>`
        select count(*)::int as n from ticket_statuses where workspace_id = ${workspaceUuid}`
      if (existing === 0) {
        insertedStatuses = true
        for (const [position, [name, category]] of defaultStatuses.entries()) {
          await tx`
            insert into ticket_statuses (id, workspace_id, name, category, position, is_default)
            values (pg_temp.bench_uuid7(now()), ${workspaceUuid}, ${name}, ${category}, ${position}, true)`
        }
      }
      // One status per category (the default, else the first by position): what tickets point at.
      await tx.unsafe(
        `create temp table bench_status on commit drop as
         select distinct on (category) id, category from ticket_statuses
         where workspace_id = $1::uuid and archived_at is null
         order by category, is_default desc, position, id`,
        [workspaceUuid],
      )
      // Teams numbered 0–19; their members numbered within the team; contacts numbered; and the TypeIDs of
      // members and contacts, which messages' `author_id` holds as text.
      await tx.unsafe(
        `create temp table bench_team on commit drop as
         select id, (row_number() over (order by id) - 1)::int as n from teams where workspace_id = $1::uuid`,
        [workspaceUuid],
      )
      await tx.unsafe(
        `create temp table bench_team_member on commit drop as
         select tm.team_id, tm.member_id,
           (row_number() over (partition by tm.team_id order by tm.member_id) - 1)::int as pos,
           count(*) over (partition by tm.team_id)::int as size
         from team_members tm where tm.workspace_id = $1::uuid`,
        [workspaceUuid],
      )
      await tx.unsafe(
        `create temp table bench_contact on commit drop as
         select id, organization_id, (row_number() over (order by id) - 1)::int as n
         from contacts where workspace_id = $1::uuid`,
        [workspaceUuid],
      )
      const people = await tx<{ id: string; kind: 'mbr' | 'ct' }[]>`
        select id, 'mbr' as kind from members where workspace_id = ${workspaceUuid}
        union all select id, 'ct' from contacts where workspace_id = ${workspaceUuid}`
      await tx`create temp table bench_typeid (id uuid primary key, tid text not null) on commit drop`
      await tx`
        insert into bench_typeid (id, tid)
        select * from unnest(${people.map((p) => p.id)}::uuid[], ${people.map((p) => uuidToId(p.kind, p.id))}::text[])`
      const [{ teams = 0, contacts = 0 } = {}] = await tx<{ teams: number; contacts: number }[]>`
        select (select count(*)::int from bench_team) as teams, (select count(*)::int from bench_contact) as contacts`
      if (teams === 0 || contacts === 0) throw new Error('the bench workspace has no teams or no contacts')

      const n = options.tickets
      // Tickets: creation times spread over 100 days (in order of g), status and priority at random, the team
      // by g, the assignee among the team's members, requesters round-robin.
      await tx.unsafe(
        `insert into tickets (id, workspace_id, number, subject, status_id, status_category, priority,
           requester_id, organization_id, assignee_id, team_id, tags, source, message_count,
           first_response_at, solved_at, closed_at, last_customer_message_at, last_agent_message_at,
           created_at, updated_at)
         select pg_temp.bench_uuid7(x.created), $1::uuid, g,
           initcap(${pick(subjects, 'g')}) || ' ' || ${pick(problems, 'g / 20')} || ' ' || ${pick(contexts, 'g / 200')},
           st.id, st.category, x.priority, c.id, c.organization_id,
           case when (g / $3::int) % 4 = 3 then null else tm.member_id end, t.id,
           case when g % 3 = 0 then array[${pick(subjects, 'g')}, 'vip'] else array[${pick(subjects, 'g')}] end,
           (array['api','email','widget','portal','email'])[1 + g % 5], x.messages,
           case when x.messages > 1 then x.created + interval '10 minutes' end,
           case when st.category in ('solved', 'closed') then x.updated end,
           case when st.category = 'closed' then x.updated end,
           x.created, case when x.messages > 1 then x.created + interval '10 minutes' end,
           x.created, x.updated
         from generate_series(1, $2::int) g
         cross join lateral (
           select now() - make_interval(secs => ($2::int - g) * 8640000.0 / $2::int + 60) as created,
             1 + (g * 7) % 19 as messages,
             random() as s, random() as p, random() as u
         ) r
         cross join lateral (
           select r.created, r.messages,
             least(now(), r.created + make_interval(secs => r.u * 259200)) as updated,
             case when r.p < 0.2 then 'low' when r.p < 0.7 then 'normal' when r.p < 0.9 then 'high' else 'urgent' end
               as priority,
             case when r.s < 0.1 then 'new' when r.s < 0.4 then 'open' when r.s < 0.55 then 'pending'
               when r.s < 0.6 then 'on_hold' when r.s < 0.8 then 'solved' else 'closed' end as category
         ) x
         join bench_status st on st.category = x.category
         join bench_team t on t.n = g % $3::int
         join bench_team_member tm on tm.team_id = t.id and tm.pos = (g / $3::int) % tm.size
         join bench_contact c on c.n = g % $4::int`,
        [workspaceUuid, n, teams, contacts],
      )
      await tx.unsafe(
        `insert into ticket_counters (workspace_id, last_number) values ($1::uuid, $2)
         on conflict (workspace_id) do update set last_number = greatest(ticket_counters.last_number, excluded.last_number)`,
        [workspaceUuid, n],
      )
      // Messages: k-th of the ticket 10 minutes after the one before; odd k the requester, even k the assignee
      // (or the team's first member), every 5th a note by staff.
      await tx.unsafe(
        `insert into ticket_messages (id, workspace_id, ticket_id, kind, body, author_type, author_id, source,
           created_at, updated_at)
         select pg_temp.bench_uuid7(m.at), $1::uuid, t.id,
           case when k % 5 = 0 then 'note' else 'reply' end,
           case
             when k % 5 = 0 then 'Internal: checked the ' || ${pick(subjects, 't.number + k')} || ' logs, it ' ||
               ${pick(problems, 't.number * k')} || ' ' || ${pick(contexts, 't.number + 3 * k')} ||
               '. Escalating to engineering with the request ids; do not promise a date to the customer yet.'
             when k % 2 = 1 then 'Hello, our ' || ${pick(subjects, 't.number + k')} || ' ' ||
               ${pick(problems, 't.number * k')} || ' ' || ${pick(contexts, 't.number + 3 * k')} ||
               '. We have ' || (t.number % 90 + 10) || ' people waiting on it. Could you please look into it and tell us what to do? Thanks'
             else 'Thanks for writing in. I looked at your ' || ${pick(subjects, 't.number + k')} ||
               ' and reproduced it ' || ${pick(contexts, 't.number + 3 * k')} ||
               '. Please try again after clearing the cache; if it still ' || ${pick(problems, 't.number * k')} ||
               ', reply with a screenshot and we will dig further.'
           end,
           case when k % 2 = 1 and k % 5 <> 0 then 'contact' else 'member' end,
           case when k % 2 = 1 and k % 5 <> 0 then rq.tid else coalesce(asg.tid, lead.tid) end,
           case when k % 2 = 1 then t.source else 'api' end,
           m.at, m.at
         from tickets t
         cross join lateral generate_series(1, t.message_count) k
         cross join lateral (select least(now(), t.created_at + make_interval(mins => 10 * (k - 1))) as at) m
         join bench_typeid rq on rq.id = t.requester_id
         left join bench_typeid asg on asg.id = t.assignee_id
         join bench_team_member ld on ld.team_id = t.team_id and ld.pos = 0
         join bench_typeid lead on lead.id = ld.member_id
         where t.workspace_id = $1::uuid`,
        [workspaceUuid],
      )
      const [counts] = await tx<{ tickets: number; messages: number; notes: number; statuses: number }[]>`
        select (select count(*)::int from tickets where workspace_id = ${workspaceUuid}) as tickets,
          (select count(*)::int from ticket_messages where workspace_id = ${workspaceUuid}) as messages,
          (select count(*)::int from ticket_messages where workspace_id = ${workspaceUuid} and kind = 'note') as notes,
          (select count(*)::int from ticket_statuses where workspace_id = ${workspaceUuid}) as statuses`
      return { ...counts!, contacts, insertedStatuses }
    })
    // As a database in use is: vacuumed, analysed, checkpointed, autovacuum idle.
    await settleDatabase(sql)
    return { ...seeded, seconds: (performance.now() - started) / 1000 }
  } finally {
    await sql.end({ timeout: 5 })
  }
}
