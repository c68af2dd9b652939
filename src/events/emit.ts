import type { Db } from '../db/database'
import { events } from '../db/schema'
import type { ServiceContext } from '../http/context'
import type { WorkspaceId } from '../ids'
import { newId } from '../ids'
import { type EventPayloads, type EventType, eventCatalogue } from './catalogue'

export interface EventActor {
  type: 'api_key' | 'member' | 'contact' | 'system'
  id?: string
}

/** The caller of a service as the actor of the events it emits. */
export const eventActor = (ctx: ServiceContext): EventActor => ({ type: ctx.actor.type, id: ctx.actor.id })

/**
 * Write an event to the outbox. Call it with the transaction that makes the change: the event commits
 * with the change or not at all, and the dispatcher (a later issue) delivers it after commit.
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
  await tx.insert(events).values({
    id: newId('evt'),
    workspaceId: event.workspaceId,
    type: event.type,
    actorType: event.actor.type,
    actorId: event.actor.id ?? null,
    resourceType: eventCatalogue[event.type].resourceType,
    resourceId: event.resourceId,
    data: event.data,
    requestId: event.requestId ?? null,
  })
}
