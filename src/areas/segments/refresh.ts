import { and, eq, sql } from 'drizzle-orm'
import type { ConditionGroup } from '../../conditions/types'
import { systemActor } from '../../context/actor'
import type { EventSource } from '../../context/service'
import { type Db, queryRows } from '../../db/database'
import { segments } from '../../db/schema'
import { tickets } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import type { EmittedEvent, EventReaction } from '../../events/reactions'
import { idToUuid, uuidToId, type WorkspaceId } from '../../ids'
import { changedConditionFields, conditionTraits, doneCategories } from './fields'
import {
  contactScope,
  EVENT_ID_CAP,
  lockSegmentMembership,
  organizationScope,
  type RuleSegment,
  recomputeSegment,
  refreshContacts,
  type SegmentId,
} from './membership'

const isDone = (category: unknown) => (doneCategories as readonly unknown[]).includes(category)

/**
 * A merge keeps one person: the source's manual memberships move to the target (a segment holding both keeps
 * one row), each segment emitting `segment.members_changed`; both contacts get a new authz version.
 */
async function moveManualMemberships(tx: Db, source: EventSource, sourceId: string, targetId: string) {
  const moved = await queryRows<{ segment_id: string; name: string; joined: boolean }>(
    tx,
    sql`with moved as (
        delete from segment_members sm using segments s
        where sm.segment_id = s.id and s.kind = 'manual' and sm.contact_id = ${idToUuid(sourceId)}::uuid
        returning sm.segment_id, sm.added_at
      ),
      inserted as (
        insert into segment_members (segment_id, contact_id, workspace_id, added_at)
        select m.segment_id, ${idToUuid(targetId)}::uuid, ${idToUuid(source.workspaceId)}::uuid, m.added_at from moved m
        on conflict do nothing
        returning segment_id
      ),
      bumped as (
        update contacts set authz_version = contacts.authz_version + 1
        where contacts.id in (${idToUuid(sourceId)}::uuid, ${idToUuid(targetId)}::uuid)
          and exists (select 1 from moved)
      )
      select m.segment_id::text as segment_id, s.name, (i.segment_id is not null) as joined
      from moved m join segments s on s.id = m.segment_id left join inserted i on i.segment_id = m.segment_id
      order by m.segment_id`,
  )
  for (const m of moved) {
    const segmentId = uuidToId('seg', m.segment_id)
    if (!m.joined) {
      await tx
        .update(segments)
        .set({ memberCount: sql`greatest(${segments.memberCount} - 1, 0)` })
        .where(eq(segments.id, segmentId))
    }
    await emitMove(tx, source, { id: segmentId, name: m.name }, m.joined ? [targetId] : [], [sourceId])
  }
}

async function emitMove(
  tx: Db,
  source: EventSource,
  segment: { id: string; name: string },
  added: string[],
  removed: string[],
) {
  await emit(tx, source, {
    type: 'segment.members_changed',
    resourceId: segment.id,
    data: {
      segment,
      added: added.slice(0, EVENT_ID_CAP),
      removed: removed.slice(0, EVENT_ID_CAP),
      addedCount: added.length,
      removedCount: removed.length,
    },
  })
}

/** The rule segments of a workspace whose condition reads an organisation's fields, recomputed in full. */
async function recomputeOrganizationSegments(tx: Db, source: EventSource) {
  const rows = await tx
    .select({ id: segments.id, name: segments.name, conditions: segments.conditions })
    .from(segments)
    .where(and(eq(segments.workspaceId, source.workspaceId), eq(segments.kind, 'rule')))
    .orderBy(segments.id)
  for (const row of rows) {
    const conditions = row.conditions as ConditionGroup | null
    if (!conditions || !conditionTraits(conditions).organization) continue
    await lockSegmentMembership(tx, row.id)
    await tx.execute(sql`select 1 from segments where id = ${idToUuid(row.id)}::uuid for update`)
    await recomputeSegment(tx, source, { id: row.id, name: row.name, conditions })
  }
}

/**
 * The requester of a ticket and its status category: from the event's ticket when it carries them (no query on
 * ticket creation), else read in the emitting transaction. Only the decision to refresh rests on it: the refresh
 * itself reads the tickets as they are.
 */
async function ticketOf(tx: Db, id: string, data?: unknown) {
  const ticket = (data as { ticket?: Record<string, unknown> } | undefined)?.ticket
  if (typeof ticket?.requesterId === 'string' && typeof ticket.statusCategory === 'string') {
    return { requesterId: ticket.requesterId, statusCategory: ticket.statusCategory }
  }
  const [row] = await tx
    .select({ requesterId: tickets.requesterId, statusCategory: tickets.statusCategory })
    .from(tickets)
    .where(eq(tickets.id, id as never))
  return row
}

async function react(tx: Db, source: EventSource, event: EmittedEvent): Promise<void> {
  switch (event.type) {
    case 'contact.created':
      return refreshContacts(tx, source, contactScope([event.resourceId]), 'contact')
    case 'contact.updated': {
      const { previous, contact } = event.data as EmittedEvent<'contact.updated'>['data']
      // An event without its change (never emitted so today) refreshes every segment.
      if (!previous || !contact)
        return refreshContacts(tx, source, contactScope([event.resourceId]), 'contact')
      const changed = changedConditionFields(previous, contact)
      if (changed.length === 0) return
      return refreshContacts(tx, source, contactScope([event.resourceId]), 'contact', new Date(), changed)
    }
    case 'contact.merged': {
      const { source: merged } = event.data as EmittedEvent<'contact.merged'>['data']
      await moveManualMemberships(tx, source, merged.id, event.resourceId)
      // The source (now merged) matches nothing and leaves its rule segments; the target may join some.
      return refreshContacts(tx, source, contactScope([event.resourceId, merged.id]), 'contact')
    }
    case 'organization.updated':
      return refreshContacts(tx, source, organizationScope(event.resourceId), 'organization')
    case 'organization.deleted':
      // Its contacts were unlinked before the event: nothing names them any more, so the segments reading
      // organisation fields are recomputed in full.
      return recomputeOrganizationSegments(tx, source)
    case 'ticket.created': {
      const ticket = await ticketOf(tx, event.resourceId, event.data)
      if (!ticket || isDone(ticket.statusCategory)) return
      return refreshContacts(tx, source, contactScope([ticket.requesterId]), 'tickets')
    }
    case 'ticket.status_changed': {
      const { previous } = event.data as EmittedEvent<'ticket.status_changed'>['data']
      const ticket = await ticketOf(tx, event.resourceId, event.data)
      if (!ticket || isDone(previous.statusCategory) === isDone(ticket.statusCategory)) return
      return refreshContacts(tx, source, contactScope([ticket.requesterId]), 'tickets')
    }
    case 'ticket.updated': {
      const { previous } = event.data as EmittedEvent<'ticket.updated'>['data']
      if (typeof previous.requesterId !== 'string') return
      const ticket = await ticketOf(tx, event.resourceId, event.data)
      if (!ticket || isDone(ticket.statusCategory)) return
      const ids = [...new Set([previous.requesterId, ticket.requesterId])]
      return refreshContacts(tx, source, contactScope(ids), 'tickets')
    }
    default:
      return
  }
}

/**
 * Rule segments follow their contacts in the transaction of the change: a contact's or its organisation's
 * change, a merge, and a ticket opening or closing (for segments reading `hasOpenTickets`) move exactly the
 * contacts concerned, so what a contact may see is right as soon as the change commits.
 */
export const segmentMembershipReaction: EventReaction = {
  name: 'segment-membership',
  events: [
    'contact.created',
    'contact.updated',
    'contact.merged',
    'organization.updated',
    'organization.deleted',
    'ticket.created',
    'ticket.status_changed',
    'ticket.updated',
  ],
  // After routing and SLA: a routing rule may change the ticket's status in the same transaction.
  order: 50,
  // A ticket's row is never written here (only segment_members and contacts' authz versions): the ticket's
  // emitter need not re-read it.
  react: async (tx, source, event) => {
    await react(tx, source, event)
    return event.type.startsWith('ticket.') ? false : undefined
  },
}

/** How long a rule segment without relative time rules goes between full recomputations (a safety net). */
export const SWEEP_AFTER_MS = 24 * 60 * 60 * 1000

/**
 * The schedule's work (every 15 minutes): recompute in full every rule segment whose condition is relative to
 * the current time (`createdAt newer_than 30 days`: contacts age out with no event), and any rule segment not
 * recomputed for a day (what no event announces: rows written by imports or SQL, deleted tickets). One
 * transaction per segment; then manual segments' counts are corrected (deleted contacts leave by cascade). Answers how many segments it recomputed and how many contacts moved. `only` keeps
 * one workspace's segments (tests, and the benchmark).
 */
export async function runSegmentTick(db: Db, now = new Date(), only?: { workspaceId: WorkspaceId }) {
  const due = await queryRows<{ id: string; workspace_id: string }>(
    db,
    sql`select id::text, workspace_id::text from segments
        where kind = 'rule' and conditions is not null${only ? sql` and workspace_id = ${idToUuid(only.workspaceId)}::uuid` : sql``}
          and (computed_at is null or computed_at < ${new Date(now.getTime() - SWEEP_AFTER_MS).toISOString()}::timestamptz
               or conditions::text like '%"older_than"%' or conditions::text like '%"newer_than"%')
        order by id`,
  )
  let moved = 0
  for (const row of due) {
    const id = uuidToId('seg', row.id) as SegmentId
    const source: EventSource = {
      workspaceId: uuidToId('ws', row.workspace_id) as WorkspaceId,
      eventActor: systemActor,
    }
    moved += await db.transaction(async (tx) => {
      await lockSegmentMembership(tx, id)
      const [current] = await tx
        .select({ name: segments.name, kind: segments.kind, conditions: segments.conditions })
        .from(segments)
        .where(eq(segments.id, id))
        .for('update')
      if (current?.kind !== 'rule' || !current.conditions) return 0
      const segment: RuleSegment = {
        id,
        name: current.name,
        conditions: current.conditions as ConditionGroup,
      }
      const result = await recomputeSegment(tx, source, segment, { now })
      return result.addedCount + result.removedCount
    })
  }
  // A deleted contact leaves its segments by cascade, with no event naming them: manual segments' counts are
  // corrected here (rule segments' by their recomputation).
  await db.execute(sql`update segments s set member_count = c.n
    from (select m.id, (select count(*) from segment_members sm where sm.segment_id = m.id)::int as n
          from segments m where m.kind = 'manual'${only ? sql` and m.workspace_id = ${idToUuid(only.workspaceId)}::uuid` : sql``}) c
    where s.id = c.id and s.member_count <> c.n`)
  return { segments: due.length, moved }
}
