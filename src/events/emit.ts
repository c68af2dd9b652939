import { deriveChanges } from '../areas/audit/changes'
import { recordAudit } from '../areas/audit/record'
import type { Db } from '../db/database'
import { events } from '../db/schema'
import type { RequestOrigin, ServiceContext } from '../http/context'
import type { MemberId, WorkspaceId } from '../ids'
import { newId } from '../ids'
import { type EventDefinition, type EventPayloads, type EventType, eventCatalogue } from './catalogue'

export interface EventActor {
  type: 'api_key' | 'member' | 'contact' | 'system'
  id?: string
  /** For an API key, the member it acts for (else the audit log looks it up). */
  memberId?: MemberId
  /** The request that acted, when there is one: the audit log records its id, address and user agent. */
  origin?: RequestOrigin
}

/** The caller of a service as the actor of the events it emits, with the request it made. */
export const eventActor = (ctx: ServiceContext): EventActor => ({
  type: ctx.actor.type,
  id: ctx.actor.id,
  ...(ctx.actor.type === 'api_key' ? { memberId: ctx.actor.memberId } : {}),
  origin: ctx.origin,
})

/**
 * Write an event to the outbox, and its audit-log row when the catalogue says it is audited. Call it with
 * the transaction that makes the change: both commit with the change or not at all, and the dispatcher
 * delivers the event after commit.
 */
export async function emit<T extends EventType>(
  tx: Db,
  event: {
    workspaceId: WorkspaceId
    type: T
    actor: EventActor
    resourceId: string
    data: EventPayloads[T]
    requestId?: string
  },
): Promise<void> {
  const definition: EventDefinition<T> = eventCatalogue[event.type]
  const id = newId('evt')
  await tx.insert(events).values({
    id,
    workspaceId: event.workspaceId,
    type: event.type,
    actorType: event.actor.type,
    actorId: event.actor.id ?? null,
    resourceType: definition.resourceType,
    resourceId: event.resourceId,
    data: event.data,
    requestId: event.requestId ?? event.actor.origin?.id ?? null,
  })
  if (definition.audited) {
    await recordAudit(tx, {
      workspaceId: event.workspaceId,
      eventId: id,
      type: event.type,
      actor: event.actor,
      resourceType: definition.resourceType,
      resourceId: event.resourceId,
      changes:
        definition.auditChanges?.(event.data) ??
        deriveChanges(event.type, definition.resourceType, event.data),
      requestId: event.requestId,
    })
  }
}
