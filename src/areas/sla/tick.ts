import { inArray, sql } from 'drizzle-orm'
import { systemActor } from '../../context/actor'
import type { EventSource, ServiceContext } from '../../context/service'
import type { Db } from '../../db/database'
import { type SlaEscalation, type SlaEscalationAction, slaPolicies } from '../../db/schema/sla'
import { slaClocks } from '../../db/schema/sla-clocks'
import type { TicketPriority } from '../../db/schema/ticket-setup'
import { ticketPriorities, tickets } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import type { TicketId, WorkspaceId } from '../../ids'
import { type TicketChanges, type TicketRow, updateTicketFields } from '../tickets/service/tickets'

type Kind = 'warning' | 'breach'

/**
 * The claiming statement of one kind: the due clocks (through the partial index `sla_clocks_due_idx` or
 * `sla_clocks_warn_idx`, oldest first, at most `batch`, skipping rows another worker holds) marked in the same
 * statement (`breached`, or `warned_at`), so that each clock is claimed by exactly one worker, once.
 */
export function claimQuery(db: Db, kind: Kind, now: Date, batch: number) {
  const at = now.toISOString()
  const due =
    kind === 'breach'
      ? sql`select d.ticket_id, d.metric from sla_clocks d
            where d.status = 'active' and d.due_at <= ${at}::timestamptz
            order by d.due_at limit ${batch} for update skip locked`
      : sql`select d.ticket_id, d.metric from sla_clocks d
            where d.status = 'active' and d.warned_at is null and d.warn_at <= ${at}::timestamptz
            order by d.warn_at limit ${batch} for update skip locked`
  const still =
    kind === 'breach'
      ? sql`${slaClocks.status} = 'active'`
      : sql`${slaClocks.status} = 'active' and ${slaClocks.warnedAt} is null`
  return db
    .update(slaClocks)
    .set(
      kind === 'breach'
        ? { status: 'breached', breachedAt: sql`${slaClocks.dueAt}`, updatedAt: now }
        : { warnedAt: now, updatedAt: now },
    )
    .where(sql`(${slaClocks.ticketId}, ${slaClocks.metric}) in (${due}) and ${still}`)
    .returning({
      ticketId: slaClocks.ticketId,
      metric: slaClocks.metric,
      workspaceId: slaClocks.workspaceId,
      policyId: slaClocks.policyId,
      dueAt: slaClocks.dueAt,
    })
}

/**
 * Warn and breach the clocks that are due, each exactly once even with several workers: one transaction per
 * kind claims at most `batch` clocks, emits `sla.warning` / `sla.breached` for each, and runs the policy's
 * escalation actions for it (as the system). Answers how many of each it handled.
 */
export async function runSlaTick(db: Db, now = new Date(), batch = 1000) {
  const breached = await runKind(db, 'breach', now, batch)
  const warned = await runKind(db, 'warning', now, batch)
  return { warned, breached }
}

async function runKind(db: Db, kind: Kind, now: Date, batch: number): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await claimQuery(tx, kind, now, batch)
    if (claimed.length === 0) return 0
    const ticketIds = [...new Set(claimed.map((c) => c.ticketId))]
    const ticketRows = await tx
      .select()
      .from(tickets)
      .where(inArray(tickets.id, ticketIds as TicketId[]))
      .for('update')
    const byTicket = new Map<string, TicketRow>(ticketRows.map((t) => [t.id as string, t]))
    const policyIds = [...new Set(claimed.flatMap((c) => (c.policyId ? [c.policyId] : [])))]
    const policies = policyIds.length
      ? await tx
          .select({ id: slaPolicies.id, escalations: slaPolicies.escalations })
          .from(slaPolicies)
          .where(inArray(slaPolicies.id, policyIds as never[]))
      : []
    const escalationsOf = new Map(policies.map((p) => [p.id as string, p.escalations]))
    for (const clock of claimed) {
      const ticket = byTicket.get(clock.ticketId)
      if (!ticket) continue
      const source: EventSource = { workspaceId: clock.workspaceId as WorkspaceId, eventActor: systemActor }
      const dueAt = clock.dueAt?.toISOString() ?? null
      await emit(tx, source, {
        type: kind === 'breach' ? 'sla.breached' : 'sla.warning',
        resourceId: ticket.id,
        data: {
          ticket: { id: ticket.id, number: ticket.number },
          policyId: clock.policyId,
          metric: clock.metric,
          dueAt,
        },
      })
      const actions = escalationActions(escalationsOf.get(clock.policyId ?? '') ?? [], kind, clock.metric)
      const updated = await escalate(tx, source, byTicket.get(clock.ticketId) as TicketRow, actions)
      byTicket.set(clock.ticketId, updated)
    }
    return claimed.length
  })
}

/** The actions of a policy's escalations for a clock's warning or breach. */
export function escalationActions(escalations: readonly SlaEscalation[], kind: Kind, metric: string) {
  return escalations
    .filter(
      (e) => e.on === kind && (!e.metrics || e.metrics.length === 0 || e.metrics.includes(metric as never)),
    )
    .flatMap((e) => e.actions)
}

const raised = (current: TicketPriority, to: TicketPriority | undefined): TicketPriority => {
  const rank = (p: TicketPriority) => ticketPriorities.indexOf(p)
  const target = to ?? ticketPriorities[Math.min(rank(current) + 1, ticketPriorities.length - 1)]
  return rank(target as TicketPriority) > rank(current) ? (target as TicketPriority) : current
}

/**
 * Apply the field-changing actions (reassign team, raise priority, add tag) to the locked ticket through the
 * tickets area's write path, as the system: one write, with its timeline entries and `ticket.updated`. `notify`
 * is delivered by the `sla_escalation` notification kind and `webhook_event` by the event itself.
 */
async function escalate(
  tx: Db,
  source: EventSource,
  ticket: TicketRow,
  actions: readonly SlaEscalationAction[],
): Promise<TicketRow> {
  const changes: TicketChanges = {}
  for (const action of actions) {
    if (action.type === 'reassign_team') changes.teamId = action.teamId
    else if (action.type === 'raise_priority')
      changes.priority = raised((changes.priority ?? ticket.priority) as TicketPriority, action.priority)
    else if (action.type === 'add_tag')
      changes.tags = [...new Set([...(changes.tags ?? ticket.tags), action.tag])]
  }
  if (Object.keys(changes).length === 0) return ticket
  // With `authorize: false` the write path reads only the tenant and the event actor of its context.
  const system = { ...source, db: tx } as unknown as ServiceContext
  return updateTicketFields(system, tx, ticket, changes, { at: 'escalation', authorize: false }).catch(
    async (error: unknown) => {
      // A team deleted since the policy was saved: the escalation's other changes still apply.
      if (changes.teamId === undefined) throw error
      const { teamId: _dropped, ...rest } = changes
      if (Object.keys(rest).length === 0) return ticket
      return updateTicketFields(system, tx, ticket, rest, { at: 'escalation', authorize: false })
    },
  )
}
