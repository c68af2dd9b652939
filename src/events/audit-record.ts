import { type SQL, sql } from 'drizzle-orm'
import type { PgInsertValue } from 'drizzle-orm/pg-core'
import type { EventActor } from '../context/actor'
import type { Db } from '../db/database'
import { type AuditChanges, auditEntries } from '../db/schema/audit'
import { type EventId, idToUuid, type MemberId, newId, type WorkspaceId } from '../ids'
import { redactChanges } from './audit-changes'

export interface AuditEntryInput {
  workspaceId: WorkspaceId
  eventId: EventId
  type: string
  actor: EventActor
  resourceType: string
  resourceId: string
  changes: AuditChanges
  requestId?: string
}

/**
 * Write the audit row of an event inside the caller's transaction (called by `emit()`): it commits with the
 * change or not at all. Request id, client address and user agent come from the actor's `origin` when the
 * event is emitted while serving a request (`eventActor(ctx)`); jobs and scripts leave them empty.
 */
export async function recordAudit(tx: Db, entry: AuditEntryInput): Promise<void> {
  await tx.insert(auditEntries).values(auditValues(entry))
}

/** The audit row of an event, as `recordAudit` inserts it. */
export function auditValues(entry: AuditEntryInput): PgInsertValue<typeof auditEntries> {
  const origin = entry.actor.origin
  return {
    id: newId('aud'),
    workspaceId: entry.workspaceId,
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    actorMemberId: actorMember(entry.actor),
    type: entry.type,
    eventId: entry.eventId,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    changes: redactChanges(entry.changes),
    requestId: entry.requestId ?? origin?.id ?? null,
    ip: origin?.ip ?? null,
    userAgent: origin?.userAgent ?? null,
  }
}

/** The member who acts: a member themself, or the owner of an API key (given by the request, else looked up). */
function actorMember(actor: EventActor): MemberId | SQL | null {
  if (!actor.id) return null
  if (actor.type === 'member') return actor.id as MemberId
  if (actor.type !== 'api_key') return null
  if (actor.memberId) return actor.memberId
  return sql`(select member_id from api_keys where id = ${idToUuid(actor.id)}::uuid)`
}
