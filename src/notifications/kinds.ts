import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { type Permission, systemRoles } from '../authz/permissions'
import type { Db } from '../db/database'
import { apiKeys, members, roleAssignments, roles } from '../db/schema'
import type { SystemRoleKey } from '../db/schema/identity'
import type { EventPayloads, EventType } from '../events/catalogue'
import type { DispatchedEvent } from '../events/dispatcher'
import type { ApiKeyId, MemberId } from '../ids'

export type NotificationChannel = 'in_app' | 'email'
export const notificationChannels: NotificationChannel[] = ['in_app', 'email']

/**
 * The notification kinds. Each names the events that produce it and who receives it. Kinds marked
 * `live: false` are designed for events that arrive with the tickets and SLA issues; they are not
 * served by the API until their producer exists (flip `live`, add the producer and the spec enum value).
 *
 * | kind             | events                                   | recipients                                   |
 * |------------------|------------------------------------------|----------------------------------------------|
 * | role_changed     | member.role_changed                      | the member whose roles changed               |
 * | team_membership  | team.member_added, team.member_removed   | the member added or removed                  |
 * | webhook_disabled | webhook.disabled                         | active members with webhooks.manage          |
 * | ticket_assigned  | ticket.assigned (tickets issue)          | the new assignee                             |
 * | ticket_mentioned | ticket.note_added with mentions          | each mentioned member                        |
 * | ticket_reply     | ticket.message_created by the requester  | the ticket's assignee                        |
 * | sla_warning      | sla.warning (SLA issue)                  | the assignee, else the ticket team's members |
 *
 * The member whose own action caused an event is never notified of it.
 */
export const notificationKinds = {
  role_changed: { live: true, description: 'Your roles changed' },
  team_membership: { live: true, description: 'You were added to or removed from a team' },
  webhook_disabled: { live: true, description: 'A webhook was disabled after failed deliveries' },
  ticket_assigned: { live: false, description: 'A ticket was assigned to you' },
  ticket_mentioned: { live: false, description: 'You were mentioned in an internal note' },
  ticket_reply: { live: false, description: 'The requester replied on a ticket assigned to you' },
  sla_warning: { live: false, description: 'An SLA target on your ticket is about to be missed' },
} as const

export type NotificationKind = keyof typeof notificationKinds
/** The kinds with a producer today: the API serves only these. */
export type LiveKind = {
  [K in NotificationKind]: (typeof notificationKinds)[K]['live'] extends true ? K : never
}[NotificationKind]
export const liveKinds = (Object.keys(notificationKinds) as NotificationKind[]).filter(
  (k): k is LiveKind => notificationKinds[k].live,
)

/** Defaults when a member has not chosen: in-app on, email off. */
export const defaultEnabled = (channel: NotificationChannel) => channel === 'in_app'

/** One notification to produce: the recipients get the same title and body. */
export interface Draft {
  kind: LiveKind
  recipients: MemberId[]
  title: string
  body: string
  resourceType: string
  resourceId: string
}

type Producer<T extends EventType> = (
  tx: Db,
  event: DispatchedEvent,
  data: EventPayloads[T],
) => Promise<Draft[]>

/** Active members of the workspace holding `permission` workspace-wide (through a system or custom role). */
async function membersWith(tx: Db, workspaceId: DispatchedEvent['workspaceId'], permission: Permission) {
  const systemKeys = (Object.keys(systemRoles) as SystemRoleKey[]).filter((k) =>
    (systemRoles[k].permissions as readonly string[]).includes(permission),
  )
  const rows = await tx
    .selectDistinct({ id: members.id })
    .from(members)
    .innerJoin(roleAssignments, eq(roleAssignments.memberId, members.id))
    .leftJoin(roles, eq(roles.id, roleAssignments.roleId))
    .where(
      and(
        eq(members.workspaceId, workspaceId),
        eq(members.status, 'active'),
        isNull(roleAssignments.teamId),
        or(
          systemKeys.length > 0 ? inArray(roleAssignments.systemRole, systemKeys) : sql`false`,
          sql`${permission} = any(${roles.permissions})`,
        ),
      ),
    )
  return rows.map((r) => r.id)
}

/** Only active members of the event's workspace receive anything (a deactivated member reads nothing). */
async function activeOnly(tx: Db, workspaceId: DispatchedEvent['workspaceId'], ids: string[]) {
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

const producers: { [T in EventType]?: Producer<T> } = {
  'member.role_changed': async (tx, event, data) => [
    {
      kind: 'role_changed',
      recipients: await activeOnly(tx, event.workspaceId, [data.member.id]),
      title:
        data.change === 'assigned'
          ? `You were given the ${data.assignment.roleName} role`
          : `Your ${data.assignment.roleName} role was removed`,
      body:
        data.change === 'assigned'
          ? `You now hold the ${data.assignment.roleName} role${data.assignment.teamId ? ' in a team' : ''}.`
          : `You no longer hold the ${data.assignment.roleName} role${data.assignment.teamId ? ' in a team' : ''}.`,
      resourceType: 'member',
      resourceId: data.member.id,
    },
  ],
  'team.member_added': async (tx, event, data) => [
    {
      kind: 'team_membership',
      recipients: await activeOnly(tx, event.workspaceId, [data.member.id]),
      title: `You were added to the team ${data.team.name}`,
      body: `You are now a member of ${data.team.name}.`,
      resourceType: 'team',
      resourceId: data.team.id,
    },
  ],
  'team.member_removed': async (tx, event, data) => [
    {
      kind: 'team_membership',
      recipients: await activeOnly(tx, event.workspaceId, [data.member.id]),
      title: `You were removed from the team ${data.team.name}`,
      body: `You are no longer a member of ${data.team.name}.`,
      resourceType: 'team',
      resourceId: data.team.id,
    },
  ],
  'webhook.disabled': async (tx, event, data) => [
    {
      kind: 'webhook_disabled',
      recipients: await membersWith(tx, event.workspaceId, 'webhooks.manage'),
      title: 'A webhook was disabled',
      body:
        data.reason === 'gone'
          ? `${data.webhook.url} answered 410 Gone: deliveries to it stopped.`
          : `${data.webhook.url} failed ${data.consecutiveFailures} deliveries in a row: deliveries to it stopped.`,
      resourceType: 'webhook',
      resourceId: data.webhook.id,
    },
  ],
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

export const producesNotifications = (type: string) => type in producers

/** The notifications an event produces, without the member whose own action it was. */
export async function draftsFor(tx: Db, event: DispatchedEvent): Promise<Draft[]> {
  const producer = producers[event.type as EventType] as Producer<EventType> | undefined
  if (!producer) return []
  const drafts = await producer(tx, event, event.data as EventPayloads[EventType])
  const self = await actingMember(tx, event)
  return drafts
    .map((d) => ({ ...d, recipients: d.recipients.filter((r) => r !== self) }))
    .filter((d) => d.recipients.length > 0)
}
