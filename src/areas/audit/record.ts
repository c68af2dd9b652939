import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/database'
import { type AuditChanges, auditEntries } from '../../db/schema/audit'
import type { EventActor } from '../../events/emit'
import type { Actor } from '../../http/context'
import { currentRequestScope } from '../../http/request-scope'
import { type EventId, idToUuid, type MemberId, newId, type WorkspaceId } from '../../ids'
import { redactChanges } from './changes'

/**
 * Write the audit row of an event inside the caller's transaction (called by `emit()`): it commits with the
 * change or not at all. Request id, client address and user agent come from the request scope when the
 * event is emitted while serving a request; jobs and scripts leave them empty.
 */
export async function recordAudit(
  tx: Db,
  entry: {
    workspaceId: WorkspaceId
    eventId: EventId
    type: string
    actor: EventActor
    resourceType: string
    resourceId: string
    changes: AuditChanges
    requestId?: string
  },
): Promise<void> {
  const scope = currentRequestScope()
  await tx.insert(auditEntries).values({
    id: newId('aud'),
    workspaceId: entry.workspaceId,
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    actorMemberId: actorMember(entry.actor, scope?.actor()),
    type: entry.type,
    eventId: entry.eventId,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    changes: redactChanges(entry.changes),
    requestId: entry.requestId ?? scope?.requestId ?? null,
    ip: scope?.ip ?? null,
    userAgent: scope?.userAgent ?? null,
  })
}

/** The member who acts: a member themself, or the owner of an API key (from the request, else looked up). */
function actorMember(actor: EventActor, caller: Actor | undefined): MemberId | SQL | null {
  if (!actor.id) return null
  if (actor.type === 'member') return actor.id as MemberId
  if (actor.type !== 'api_key') return null
  if (caller?.type === 'api_key' && caller.id === actor.id) return caller.memberId
  return sql`(select member_id from api_keys where id = ${idToUuid(actor.id)}::uuid)`
}
