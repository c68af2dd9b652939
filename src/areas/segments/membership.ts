import { and, eq, type SQL, sql } from 'drizzle-orm'
import { compileCondition } from '../../conditions/compile'
import type { ConditionGroup } from '../../conditions/types'
import type { EventSource } from '../../context/service'
import { type Db, queryRows } from '../../db/database'
import { contacts, segments } from '../../db/schema'
import { emit, emitMany } from '../../events/emit'
import { type ContactId, type Id, idToUuid, uuidToId, type WorkspaceId } from '../../ids'
import { configFingerprint, FingerprintCache, forgetFingerprint } from '../sla/config-cache'
import { conditionTraits, readsAny, segmentConditionFields } from './fields'

export type SegmentId = Id<'seg'>

/** A rule segment as recomputation needs it. */
export interface RuleSegment {
  id: SegmentId
  name: string
  conditions: ConditionGroup
}

/** How many ids a `segment.members_changed` event lists of each side (the counts are complete). */
export const EVENT_ID_CAP = 100

const uuid = (id: string) => sql`${idToUuid(id)}::uuid`

/**
 * The lock that orders a segment's full recomputation against per-contact refreshes: a full recomputation
 * holds it exclusively (taken before the segment's row), a refresh that moves contacts takes it shared to
 * adjust `member_count`, or, while a full recomputation runs, leaves the count to that recomputation. Its two
 * keys, for a segment id given as SQL text (a value, or a column of a batch).
 */
const segmentLockOf = (id: SQL) => sql`hashtext('segment_members'), hashtext(${id})`
const segmentLock = (id: string) => segmentLockOf(sql`${id}`)

/** Take the exclusive lock of a segment's full recomputation (before locking the segment's row). */
export async function lockSegmentMembership(tx: Db, id: SegmentId): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${segmentLock(id)})`)
}

/** The workspace's live contacts matching the segment, as `select contacts.id …` (optionally narrowed). */
function matchingContacts(workspaceId: string, segment: RuleSegment, now: Date, scope?: SQL): SQL {
  const predicate = compileCondition(segment.conditions, segmentConditionFields, { now })
  return sql`select ${contacts.id} as id from ${contacts} where ${contacts.workspaceId} = ${uuid(workspaceId)} and ${contacts.mergedIntoId} is null${scope ? sql` and ${scope}` : sql``} and ${predicate}`
}

interface ChangeRow {
  added_count: number
  removed_count: number
  added: string[]
  removed: string[]
  member_count: number
}

/** The `segment.members_changed` event of what moved (nothing moved: none). */
function changedEvent(
  segment: { id: SegmentId; name: string },
  added: string[],
  removed: string[],
  addedCount = added.length,
  removedCount = removed.length,
) {
  if (addedCount + removedCount === 0) return undefined
  return {
    type: 'segment.members_changed' as const,
    resourceId: segment.id,
    data: {
      segment: { id: segment.id, name: segment.name },
      added: added.slice(0, EVENT_ID_CAP).map((id) => uuidToId('ct', id)),
      removed: removed.slice(0, EVENT_ID_CAP).map((id) => uuidToId('ct', id)),
      addedCount,
      removedCount,
    },
  }
}

/** Emit `segment.members_changed` for what moved (nothing moved: no event). */
async function emitChanged(
  tx: Db,
  source: EventSource,
  segment: { id: SegmentId; name: string },
  added: string[],
  removed: string[],
  addedCount = added.length,
  removedCount = removed.length,
) {
  const event = changedEvent(segment, added, removed, addedCount, removedCount)
  if (event) await emit(tx, source, event)
}

/**
 * Recompute a rule segment's members in full, set-based, in `tx`: insert the matching contacts not yet in,
 * delete the members that no longer match, bump the authz version of exactly the contacts that moved, set
 * `member_count` and `computed_at`, and emit `segment.members_changed` when anything moved. The caller holds
 * `lockSegmentMembership` and the segment's row. `fresh`: the segment was created in this transaction (no
 * member rows yet, nobody else can see it), so the contacts need no locking beforehand.
 */
export async function recomputeSegment(
  tx: Db,
  source: EventSource,
  segment: RuleSegment,
  options: { now?: Date; fresh?: boolean } = {},
): Promise<{ addedCount: number; removedCount: number; memberCount: number }> {
  const now = options.now ?? new Date()
  const matching = matchingContacts(source.workspaceId, segment, now)
  const seg = uuid(segment.id)
  if (!options.fresh) {
    // Lock the contacts about to move first, in id order: a concurrent change of one of them (whose own refresh
    // may insert the same member row) finishes before the rows below are written, so the two never wait on
    // each other in opposite orders.
    // One pass over the matching contacts: a full join against the members finds both who joins and who leaves.
    const movers = await queryRows<{ id: string }>(
      tx,
      sql`select c.id from ${contacts} c where c.id in (
        select coalesce(m.id, sm.contact_id) from (${matching}) m
        full join (select contact_id from segment_members where segment_id = ${seg}) sm on sm.contact_id = m.id
        where m.id is null or sm.contact_id is null
      ) order by c.id for no key update of c`,
    )
    if (movers.length === 0) {
      // Nothing moves (the usual sweep): stamp the segment without matching every contact a second time. A
      // contact changed since has its own refresh, in its own transaction.
      const [stamped] = await queryRows<{ member_count: number }>(
        tx,
        sql`update segments set computed_at = ${now.toISOString()}::timestamptz,
          member_count = (select count(*) from segment_members where segment_id = ${seg})::int
          where id = ${seg} returning member_count`,
      )
      return { addedCount: 0, removedCount: 0, memberCount: stamped?.member_count ?? 0 }
    }
  }
  const [row] = await queryRows<ChangeRow>(
    tx,
    sql`with matching as (${matching}),
      added as (
        insert into segment_members (segment_id, contact_id, workspace_id, added_at)
        select ${seg}, m.id, ${uuid(source.workspaceId)}, ${now.toISOString()}::timestamptz from matching m
        where not exists (select 1 from segment_members sm where sm.segment_id = ${seg} and sm.contact_id = m.id)
        on conflict do nothing
        returning contact_id
      ),
      removed as (
        delete from segment_members sm where sm.segment_id = ${seg}
          and not exists (select 1 from matching m where m.id = sm.contact_id)
        returning sm.contact_id
      ),
      bumped as (
        update contacts set authz_version = contacts.authz_version + 1
        where contacts.id in (select contact_id from added union all select contact_id from removed)
      ),
      counted as (
        update segments set member_count = (select count(*) from matching)::int, computed_at = ${now.toISOString()}::timestamptz
        where id = ${seg}
        returning member_count
      )
      select
        (select count(*) from added)::int as added_count,
        (select count(*) from removed)::int as removed_count,
        (select coalesce(json_agg(a.contact_id::text), '[]'::json) from (select contact_id from added limit ${EVENT_ID_CAP}) a) as added,
        (select coalesce(json_agg(r.contact_id::text), '[]'::json) from (select contact_id from removed limit ${EVENT_ID_CAP}) r) as removed,
        (select member_count from counted) as member_count`,
  )
  if (!row) throw new Error('segment recomputation returned no row')
  await emitChanged(tx, source, segment, row.added, row.removed, row.added_count, row.removed_count)
  return { addedCount: row.added_count, removedCount: row.removed_count, memberCount: row.member_count }
}

/** Which rule segments a change can move contacts of. */
export type RefreshReason = 'contact' | 'organization' | 'tickets'

type RuleSegmentRow = Pick<typeof segments.$inferSelect, 'id' | 'name' | 'conditions'>

/**
 * The workspace's rule segments, kept in memory under their configuration fingerprint (sla/config-cache.ts):
 * every ticket write refreshes its requester's segments, and most workspaces' rule segments change far less
 * often than tickets are written. The fingerprint is read in the caller's transaction (and shared with
 * routing and SLA there), so a segment changed by any instance is seen by the next refresh.
 */
const ruleSegments = new FingerprintCache<RuleSegmentRow[]>()

async function ruleSegmentsOf(tx: Db, workspaceId: WorkspaceId): Promise<RuleSegmentRow[]> {
  const { segments: fingerprint } = await configFingerprint(tx, workspaceId)
  // An async function: a drizzle query is lazy, and the cache must keep its settled answer, not a query that
  // would run again (on a finished transaction) at each await.
  return ruleSegments.get(workspaceId, fingerprint, async () =>
    tx
      .select({ id: segments.id, name: segments.name, conditions: segments.conditions })
      .from(segments)
      .where(and(eq(segments.workspaceId, workspaceId), eq(segments.kind, 'rule'))),
  )
}

/** After a segment's definition changed in `tx`: later refreshes (in it, and in this process) read them again. */
export function forgetRuleSegments(tx: Db, workspaceId: WorkspaceId) {
  forgetFingerprint(tx, workspaceId)
  ruleSegments.forget(workspaceId)
}

/**
 * Bring the workspace's rule segments up to date for the contacts `scope` selects (a predicate over `contacts`:
 * one contact, an organisation's contacts) in one statement: inserting and deleting exactly the member rows
 * that move (usually none, and then nothing is written or locked), bumping the authz version of the contacts
 * that moved, then adjusting `member_count` and emitting `segment.members_changed` per segment where
 * something moved. `reason` skips the segments the change cannot affect (a ticket's status moves only
 * segments reading `hasOpenTickets`), and `changed` (the condition fields a contact's update changed, see
 * `changedConditionFields`) those reading none of them.
 */
export async function refreshContacts(
  tx: Db,
  source: EventSource,
  scope: SQL,
  reason: RefreshReason,
  now = new Date(),
  changed?: readonly string[],
): Promise<void> {
  const rows = await ruleSegmentsOf(tx, source.workspaceId)
  const candidates = rows
    .filter((s) => s.conditions)
    .map((s) => ({ ...s, conditions: s.conditions as ConditionGroup }))
    .filter((s) => {
      const traits = conditionTraits(s.conditions)
      if (reason === 'tickets') return traits.tickets
      if (reason === 'organization') return traits.organization
      return changed === undefined || readsAny(traits.fields, changed)
    })
  if (candidates.length === 0) return

  const ws = uuid(source.workspaceId)
  const segmentIds = sql.join(
    candidates.map((s) => uuid(s.id)),
    sql`, `,
  )
  const matching = sql.join(
    candidates.map(
      (s) =>
        sql`select ${uuid(s.id)} as segment_id, m.id as contact_id from (${matchingContacts(source.workspaceId, s, now, scope)}) m`,
    ),
    sql` union all `,
  )
  const inScope = sql`select ${contacts.id} as id from ${contacts} where ${contacts.workspaceId} = ${ws} and ${scope}`
  const joining = sql`select m.segment_id, m.contact_id from matching m
    where not exists (select 1 from segment_members sm where sm.segment_id = m.segment_id and sm.contact_id = m.contact_id)`
  const leaving = sql`select sm.segment_id, sm.contact_id from segment_members sm
    where sm.segment_id in (${segmentIds}) and sm.contact_id in (select id from in_scope)
      and not exists (select 1 from matching m where m.segment_id = sm.segment_id and m.contact_id = sm.contact_id)`

  // One statement: when nothing moves (the common answer) its inserts and deletes touch no row and take no
  // row lock, so a read-only check first would only double the work when something does.
  const moved = await queryRows<{ change: 'added' | 'removed'; segment_id: string; contact_id: string }>(
    tx,
    sql`with matching as (${matching}), in_scope as (${inScope}),
      added as (
        insert into segment_members (segment_id, contact_id, workspace_id, added_at)
        select j.segment_id, j.contact_id, ${ws}, ${now.toISOString()}::timestamptz from (${joining}) j
        on conflict do nothing
        returning segment_id, contact_id
      ),
      removed as (
        delete from segment_members d using (${leaving}) l
        where d.segment_id = l.segment_id and d.contact_id = l.contact_id
        returning d.segment_id, d.contact_id
      ),
      bumped as (
        -- = any(array(…)): the moved ids as one array (an init plan), so the update probes the primary key;
        -- with an IN over the CTEs the planner cannot size them and hashes them against a scan of every contact.
        update contacts set authz_version = contacts.authz_version + 1
        where contacts.id = any(array(select contact_id from added union select contact_id from removed))
      )
      select 'added' as change, segment_id::text, contact_id::text from added
      union all
      select 'removed', segment_id::text, contact_id::text from removed`,
  )

  const bySegment = new Map<string, { added: string[]; removed: string[] }>()
  for (const m of moved) {
    const entry = bySegment.get(m.segment_id) ?? { added: [], removed: [] }
    entry[m.change].push(m.contact_id)
    bySegment.set(m.segment_id, entry)
  }
  const changes = candidates.flatMap((segment) => {
    const change = bySegment.get(idToUuid(segment.id))
    return change ? [{ segment, ...change }] : []
  })
  if (changes.length === 0) return
  // Every moved segment's count in one statement, and their events in one insert each of events and audit rows.
  // A full recomputation in progress (exclusive lock) sets the exact count itself: leave it to it rather than
  // wait for it while holding this contact's row, which it may be waiting for.
  const deltas = changes.filter((c) => c.added.length !== c.removed.length)
  if (deltas.length > 0) {
    const values = deltas.map(
      (c) => sql`(${uuid(c.segment.id)}, ${c.segment.id}::text, ${c.added.length - c.removed.length}::int)`,
    )
    await tx.execute(sql`update segments s set member_count = s.member_count + v.delta
      from (values ${sql.join(values, sql`, `)}) as v(id, lock_key, delta)
      where s.id = v.id and pg_try_advisory_xact_lock_shared(${segmentLockOf(sql`v.lock_key`)})`)
  }
  await emitMany(
    tx,
    source,
    changes.flatMap((c) => changedEvent(c.segment, c.added, c.removed) ?? []),
  )
}

/** `scope` for one or more contacts. */
export const contactScope = (ids: readonly string[]): SQL =>
  ids.length === 1
    ? sql`${contacts.id} = ${uuid(ids[0] as string)}`
    : sql`${contacts.id} in (${sql.join(
        ids.map((id) => uuid(id)),
        sql`, `,
      )})`

/** `scope` for an organisation's contacts. */
export const organizationScope = (organizationId: string): SQL =>
  sql`${contacts.organizationId} = ${uuid(organizationId)}`

export type { ContactId }
