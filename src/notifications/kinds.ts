import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/database'
import { apiKeys, members } from '../db/schema'
import type { EventPayloads, EventType } from '../events/catalogue'
import type { DispatchedEvent } from '../events/dispatcher'
import type { ApiKeyId, MemberId } from '../ids'

export type NotificationChannel = 'in_app' | 'email'
export const notificationChannels: NotificationChannel[] = ['in_app', 'email']

/**
 * The notification kinds, declared by the areas whose events produce them (`notificationKinds` in an area's
 * declaration), each typed by augmenting this interface:
 *
 *   declare module '../../notifications/kinds' { interface NotificationKinds { role_changed: true } }
 *
 * The spec's `NotificationKind` enum is generated from the installed kinds. The member whose own action
 * caused an event is never notified of it, and only active members receive anything.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the areas' module augmentations
export interface NotificationKinds {}

export type NotificationKind = keyof NotificationKinds & string

/** One notification to produce: the recipients get the same title and body. */
export interface Draft {
  kind: NotificationKind
  recipients: MemberId[]
  title: string
  body: string
  resourceType: string
  resourceId: string
}

/** Turns one event of type `T` into drafts (recipients are filtered afterwards: never the actor). */
export type Producer<T extends EventType> = (
  tx: Db,
  event: DispatchedEvent,
  data: EventPayloads[T],
) => Promise<Draft[]>

/** A kind: what the preferences page says of it, and the events that produce it. */
export interface NotificationKindDefinition {
  description: string
  producers: { [T in EventType]?: Producer<T> }
}

const kinds = new Map<string, NotificationKindDefinition>()
const producers = new Map<string, Producer<EventType>[]>()

/** Add kinds (the area registry does, once per process). */
export function registerNotificationKinds(
  definitions: Record<string, NotificationKindDefinition>,
  area: string,
) {
  for (const [kind, definition] of Object.entries(definitions)) {
    if (kinds.has(kind)) throw new Error(`notification kind ${kind} is declared twice (again by ${area})`)
    kinds.set(kind, definition)
    for (const [type, producer] of Object.entries(definition.producers)) {
      const list = producers.get(type) ?? []
      list.push(producer as Producer<EventType>)
      producers.set(type, list)
    }
  }
}

/** Every kind, in declaration order. */
export const allNotificationKinds = (): NotificationKind[] => [...kinds.keys()] as NotificationKind[]

export const notificationKindDescription = (kind: NotificationKind) => kinds.get(kind)?.description ?? kind

/** Defaults when a member has not chosen: in-app on, email off. */
export const defaultEnabled = (channel: NotificationChannel) => channel === 'in_app'

/** Only active members of the event's workspace receive anything (a deactivated member reads nothing). */
export async function activeOnly(
  tx: Db,
  workspaceId: DispatchedEvent['workspaceId'],
  ids: string[],
): Promise<MemberId[]> {
  if (ids.length === 0) return []
  const rows = await tx
    .select({ id: members.id })
    .from(members)
    .where(
      and(
        eq(members.workspaceId, workspaceId),
        eq(members.status, 'active'),
        inArray(members.id, ids as MemberId[]),
      ),
    )
  return rows.map((r) => r.id)
}

/** The member behind the event's actor: a session's member, or the member an API key acts for. */
async function actingMember(tx: Db, event: DispatchedEvent): Promise<string | null> {
  if (event.actorType === 'member') return event.actorId
  if (event.actorType !== 'api_key' || !event.actorId?.startsWith('ak_')) return null
  const [key] = await tx
    .select({ memberId: apiKeys.memberId })
    .from(apiKeys)
    .where(eq(apiKeys.id, event.actorId as ApiKeyId))
  return key?.memberId ?? null
}

export const producesNotifications = (type: string) => producers.has(type)

/** The notifications an event produces, without the member whose own action it was. */
export async function draftsFor(tx: Db, event: DispatchedEvent): Promise<Draft[]> {
  const list = producers.get(event.type)
  if (!list) return []
  const drafts: Draft[] = []
  for (const produce of list) drafts.push(...(await produce(tx, event, event.data as never)))
  if (drafts.length === 0) return []
  const self = await actingMember(tx, event)
  return drafts
    .map((d) => ({ ...d, recipients: d.recipients.filter((r) => r !== self) }))
    .filter((d) => d.recipients.length > 0)
}
