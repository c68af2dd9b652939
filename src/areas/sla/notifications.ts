import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/database'
import { teamMembers } from '../../db/schema'
import { slaPolicies } from '../../db/schema/sla'
import { tickets } from '../../db/schema/tickets'
import type { DispatchedEvent } from '../../events/dispatcher'
import type { TicketId } from '../../ids'
import { activeOnly, type Draft, type NotificationKindDefinition } from '../../notifications/kinds'
import type { SlaClockEventData } from './clocks'
import { escalationActions } from './tick'

declare module '../../notifications/kinds' {
  interface NotificationKinds {
    sla_escalation: true
  }
}

const metricName: Record<string, string> = {
  first_response: 'first response',
  next_response: 'next response',
  resolution: 'resolution',
}

/** The members a clock's `notify` actions name: listed members, a team's members, the ticket's assignee. */
async function notified(tx: Db, event: DispatchedEvent, data: SlaClockEventData, kind: 'warning' | 'breach') {
  if (!data.policyId) return []
  const [policy] = await tx
    .select({ escalations: slaPolicies.escalations })
    .from(slaPolicies)
    .where(eq(slaPolicies.id, data.policyId as never))
  if (!policy) return []
  const ids = new Set<string>()
  for (const action of escalationActions(policy.escalations, kind, data.metric)) {
    if (action.type !== 'notify') continue
    for (const id of action.memberIds ?? []) ids.add(id)
    if (action.teamId) {
      const rows = await tx
        .select({ memberId: teamMembers.memberId })
        .from(teamMembers)
        .where(
          and(eq(teamMembers.workspaceId, event.workspaceId), eq(teamMembers.teamId, action.teamId as never)),
        )
      for (const row of rows) ids.add(row.memberId)
    }
    if (action.assignee) {
      const [ticket] = await tx
        .select({ assigneeId: tickets.assigneeId })
        .from(tickets)
        .where(inArray(tickets.id, [data.ticket.id as TicketId]))
      if (ticket?.assigneeId) ids.add(ticket.assigneeId)
    }
  }
  return activeOnly(tx, event.workspaceId, [...ids])
}

const draft =
  (kind: 'warning' | 'breach') =>
  async (tx: Db, event: DispatchedEvent, data: SlaClockEventData): Promise<Draft[]> => {
    const recipients = await notified(tx, event, data, kind)
    if (recipients.length === 0) return []
    const what = metricName[data.metric] ?? data.metric
    return [
      {
        kind: 'sla_escalation',
        recipients,
        title:
          kind === 'breach'
            ? `Ticket #${data.ticket.number} missed its ${what} target`
            : `Ticket #${data.ticket.number} is close to its ${what} target`,
        body:
          kind === 'breach'
            ? `The ${what} target of ticket #${data.ticket.number} was due ${data.dueAt ?? 'earlier'}.`
            : `The ${what} target of ticket #${data.ticket.number} is due ${data.dueAt ?? 'soon'}.`,
        resourceType: 'ticket',
        resourceId: data.ticket.id,
      },
    ]
  }

/** `notify` escalation actions: an in-app (and, if chosen, email) notification on a warning or a breach. */
export const slaNotificationKinds: Record<string, NotificationKindDefinition> = {
  sla_escalation: {
    description: 'An SLA policy escalates a ticket to you (warning or breach)',
    producers: { 'sla.warning': draft('warning'), 'sla.breached': draft('breach') },
  },
}
