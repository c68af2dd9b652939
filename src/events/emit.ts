import { sql } from 'drizzle-orm'
import type { PgInsertValue } from 'drizzle-orm/pg-core'
import type { EventSource } from '../context/service'
import type { Db } from '../db/database'
import { executeShaped, insertRow } from '../db/reusable'
import { auditEntries, events } from '../db/schema'
import { newId } from '../ids'
import { deriveChanges } from './audit-changes'
import { auditValues } from './audit-record'
import { type EventPayloads, type EventType, eventDefinition } from './catalogue'
import { runEventReactions } from './reactions'

type EventRow = typeof events.$inferInsert
type AuditRow = typeof auditEntries.$inferInsert

/**
 * Write an event to the outbox, and its audit-log row when the catalogue says it is audited (one statement for
 * both). Call it with the transaction that makes the change: both commit with the change or not at all, and the dispatcher
 * delivers the event after commit. `source` is the service context (or, with no request, a workspace and
 * `systemActor`): it names the tenant, the actor and the request.
 *
 * Then the areas' in-transaction reactions to the event run (`src/events/reactions.ts`): routing rules, SLA
 * clocks. Answers whether any ran, so a caller about to answer with the row it wrote knows to read it again.
 */
export async function emit<T extends EventType>(
  tx: Db,
  source: EventSource,
  event: { type: T; resourceId: string; data: EventPayloads[T] },
): Promise<boolean> {
  const records = eventRecords(source, event)
  if (records.audit) {
    // One statement (one round trip) for both rows: the outbox row in a data-modifying CTE, the audit row after.
    await executeShaped(
      tx,
      'emit_audited',
      [records.event, records.audit],
      ([event, audit]) =>
        sql`with outbox as (${tx
          .insert(events)
          .values(event as EventRow)
          .getSQL()}) ${tx
          .insert(auditEntries)
          .values(audit as AuditRow)
          .getSQL()}`,
    )
  } else {
    await insertRow(tx, events, records.event as EventRow)
  }
  return runEventReactions(tx, source, {
    id: records.event.id as string,
    type: event.type,
    resourceId: event.resourceId,
    data: event.data,
  })
}

/** Rows per insert of `emitMany`: well under PostgreSQL's 65,535 bind parameters for both tables. */
const manyChunk = 1000

/**
 * Several events of one change (a re-scope that touches many rows): their outbox rows and audit rows in a few
 * multi-row inserts whatever their number, not a statement per event; then each event's reactions, in order.
 * Same transaction rule as `emit`. Answers whether any reaction ran.
 */
export async function emitMany<T extends EventType>(
  tx: Db,
  source: EventSource,
  list: ReadonlyArray<{ type: T; resourceId: string; data: EventPayloads[T] }>,
): Promise<boolean> {
  const records = list.map((event) => ({ event, rows: eventRecords(source, event) }))
  for (let i = 0; i < records.length; i += manyChunk) {
    const chunk = records.slice(i, i + manyChunk)
    await tx.insert(events).values(chunk.map((r) => r.rows.event))
    const audits = chunk.flatMap((r) => (r.rows.audit ? [r.rows.audit] : []))
    if (audits.length > 0) await tx.insert(auditEntries).values(audits)
  }
  let reacted = false
  for (const { event, rows } of records) {
    const ran = await runEventReactions(tx, source, {
      id: rows.event.id as string,
      type: event.type,
      resourceId: event.resourceId,
      data: event.data,
    })
    reacted = ran || reacted
  }
  return reacted
}

/**
 * The outbox row of an event and, when the catalogue says it is audited, its audit row: what `emit` inserts.
 * For a change made in one statement, whose data-modifying CTEs insert these beside the change itself (the
 * demo key minted on each embedded start, `src/seed.ts`).
 */
export function eventRecords<T extends EventType>(
  source: EventSource,
  event: { type: T; resourceId: string; data: EventPayloads[T] },
): { event: PgInsertValue<typeof events>; audit?: PgInsertValue<typeof auditEntries> } {
  const definition = eventDefinition(event.type)
  const id = newId('evt')
  const actor = source.eventActor
  return {
    event: {
      id,
      workspaceId: source.workspaceId,
      type: event.type,
      actorType: actor.type,
      actorId: actor.id ?? null,
      resourceType: definition.resourceType,
      resourceId: event.resourceId,
      data: event.data,
      requestId: actor.origin?.id ?? null,
    },
    audit: definition.audited
      ? auditValues({
          workspaceId: source.workspaceId,
          eventId: id,
          type: event.type,
          actor,
          resourceType: definition.resourceType,
          resourceId: event.resourceId,
          changes:
            definition.auditChanges?.(event.data) ??
            deriveChanges(event.type, definition.resourceType, event.data),
        })
      : undefined,
  }
}
