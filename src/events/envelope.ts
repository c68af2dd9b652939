/**
 * An event as it leaves Loopdesk (a webhook's body): `{ id, type, workspaceId, occurredAt, actor: { type, id },
 * data }`. The actor is named by type and id only, never with the request's origin. The spec documents it per
 * type (`<Type>Event`, spec/generated/events.yaml).
 */
export function eventPayload(event: {
  id: string
  type: string
  workspaceId: string
  occurredAt: Date
  actorType: string
  actorId: string | null
  data: unknown
}): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    workspaceId: event.workspaceId,
    occurredAt: event.occurredAt.toISOString(),
    actor: { type: event.actorType, id: event.actorId },
    data: event.data,
  })
}
