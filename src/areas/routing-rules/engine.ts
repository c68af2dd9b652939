import { and, asc, eq, inArray, ne, notInArray, sql } from 'drizzle-orm'
import { evaluateCondition } from '../../conditions/evaluate'
import type { BusinessHoursResolver, Condition, FieldCatalogue } from '../../conditions/types'
import type { EventActor } from '../../context/actor'
import type { EventSource } from '../../context/service'
import type { Db } from '../../db/database'
import { contacts, members, organizations, teamMembers } from '../../db/schema'
import { type RoutingTrigger, routingRotations, routingRules, routingTriggers } from '../../db/schema/routing'
import { ticketMessages, tickets } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import type { EmittedEvent, EventReaction } from '../../events/reactions'
import { ApiError } from '../../http/errors'
import { newId, type TicketId, type WorkspaceId } from '../../ids'
import { pinSlaPolicy } from '../sla/clocks'
import type { TicketConditionRecord } from '../tickets/condition-fields'
import { toTicketMessage } from '../tickets/service/messages'
import { recordActivity, type TicketRow, updateTicketFields } from '../tickets/service/tickets'
import { businessHoursFor, routingConfig } from './config'
import { maxActionsPerPass, type RoutingAction, type RoutingRuleRow } from './service'

type Related = Pick<TicketConditionRecord, 'requester' | 'organization'>

/** A ticket row (and its requester and organisation) as conditions read it. */
export const recordOf = (row: TicketRow, related: Related): TicketConditionRecord => ({ ...row, ...related })

/** The requester and organisation of a ticket, for conditions naming their fields (one query). */
export async function relatedOf(
  db: Db,
  workspaceId: WorkspaceId,
  requesterId: string | null,
  organizationId: string | null,
): Promise<Related> {
  const [requester] = requesterId
    ? await db
        .select({ email: contacts.email, name: contacts.name, attributes: contacts.attributes })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, requesterId as never)))
    : []
  const [organization] = organizationId
    ? await db
        .select({ name: organizations.name, attributes: organizations.attributes })
        .from(organizations)
        .where(and(eq(organizations.workspaceId, workspaceId), eq(organizations.id, organizationId as never)))
    : []
  return { requester: requester ?? null, organization: organization ?? null }
}

/** The active rules of a trigger in the order they run: one query. */
export const activeRules = (db: Db, workspaceId: WorkspaceId, trigger: RoutingTrigger) =>
  db
    .select()
    .from(routingRules)
    .where(
      and(
        eq(routingRules.workspaceId, workspaceId),
        eq(routingRules.trigger, trigger),
        eq(routingRules.active, true),
      ),
    )
    .orderBy(asc(routingRules.position), asc(routingRules.id))

export { businessHoursFor }

// --------------------------------------------------------------------------------------------- actions

/** One change a rule made (or would make), as the dry run answers it. */
export interface RoutingChange {
  ruleId: string
  field: string
  before: unknown
  after: unknown
}

/** The team's members a rule may assign to: active, available, in the team; by id. */
async function candidates(db: Db, workspaceId: WorkspaceId, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ id: members.id })
    .from(teamMembers)
    .innerJoin(members, eq(members.id, teamMembers.memberId))
    .where(
      and(
        eq(teamMembers.teamId, teamId as never),
        eq(members.workspaceId, workspaceId),
        eq(members.status, 'active'),
        eq(members.availability, 'available'),
      ),
    )
    .orderBy(asc(members.id))
  return rows.map((r) => r.id as string)
}

/**
 * The member round robin gives the next ticket of a team: the first candidate after the one it chose last (by
 * id, wrapping). With `write`, the rotation moves on (locked, so concurrent passes take turns).
 */
async function roundRobin(db: Db, workspaceId: WorkspaceId, teamId: string, write: boolean) {
  const pool = await candidates(db, workspaceId, teamId)
  if (pool.length === 0) return undefined
  const query = db
    .select({ last: routingRotations.lastMemberId })
    .from(routingRotations)
    .where(and(eq(routingRotations.workspaceId, workspaceId), eq(routingRotations.teamId, teamId as never)))
  const [rotation] = write ? await query.for('update') : await query
  const last = rotation?.last as string | null | undefined
  const next = (last ? pool.find((id) => id > last) : undefined) ?? (pool[0] as string)
  if (write) {
    await db
      .insert(routingRotations)
      .values({ teamId: teamId as never, workspaceId, lastMemberId: next as never })
      .onConflictDoUpdate({
        target: routingRotations.teamId,
        set: { lastMemberId: next as never, updatedAt: new Date() },
      })
  }
  return next
}

/** The candidate with the fewest open (not solved or closed) tickets assigned; ties by id. */
async function leastOpen(db: Db, workspaceId: WorkspaceId, teamId: string, exceptTicket?: string) {
  const pool = await candidates(db, workspaceId, teamId)
  if (pool.length === 0) return undefined
  const counts = await db
    .select({ id: tickets.assigneeId, open: sql<number>`count(*)::int` })
    .from(tickets)
    .where(
      and(
        eq(tickets.workspaceId, workspaceId),
        inArray(tickets.assigneeId, pool as never[]),
        notInArray(tickets.statusCategory, ['solved', 'closed']),
        exceptTicket ? ne(tickets.id, exceptTicket as TicketId) : undefined,
      ),
    )
    .groupBy(tickets.assigneeId)
  const open = new Map(counts.map((c) => [c.id as string, Number(c.open)]))
  let best = pool[0] as string
  for (const id of pool) if ((open.get(id) ?? 0) < (open.get(best) ?? 0)) best = id
  return best
}

/** The ticket field changes an action asks for, from the record as it is now (no I/O except assignment). */
async function fieldChanges(
  db: Db,
  workspaceId: WorkspaceId,
  record: TicketConditionRecord & { id?: string },
  action: RoutingAction,
  live: boolean,
): Promise<Record<string, unknown> | undefined> {
  switch (action.type) {
    case 'set_team':
      return { teamId: action.teamId }
    case 'assign_member':
      return action.teamId
        ? { teamId: action.teamId, assigneeId: action.memberId }
        : { assigneeId: action.memberId }
    case 'assign_round_robin': {
      const member = await roundRobin(db, workspaceId, action.teamId as string, live)
      return member ? { teamId: action.teamId, assigneeId: member } : undefined
    }
    case 'assign_least_open': {
      const member = await leastOpen(db, workspaceId, action.teamId as string, record.id)
      return member ? { teamId: action.teamId, assigneeId: member } : undefined
    }
    case 'set_priority':
      return { priority: action.priority }
    case 'set_type':
      return { typeId: action.typeId }
    case 'add_tags':
      return { tags: [...new Set([...record.tags, ...(action.tags ?? [])])] }
    case 'remove_tags':
      return { tags: record.tags.filter((t) => !(action.tags ?? []).includes(t)) }
    case 'set_custom_field':
      return { customFields: { [action.key as string]: action.value } }
    default:
      return undefined
  }
}

/** A change's entries as the activity names them (`customFields.<key>` per key). */
function changeEntries(ruleId: string, record: TicketConditionRecord, changes: Record<string, unknown>) {
  const out: RoutingChange[] = []
  for (const [field, after] of Object.entries(changes)) {
    if (field === 'customFields') {
      for (const [key, value] of Object.entries(after as Record<string, unknown>)) {
        const before = record.customFields[key] ?? null
        if (JSON.stringify(before) !== JSON.stringify(value))
          out.push({ ruleId, field: `customFields.${key}`, before, after: value })
      }
      continue
    }
    const before = (record as unknown as Record<string, unknown>)[field] ?? null
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ ruleId, field, before, after })
  }
  return out
}

/** What a pass needs besides the rules: the catalogue, `previous` and the business-hours resolver. */
export interface PassContext {
  db: Db
  workspaceId: WorkspaceId
  rules: readonly RoutingRuleRow[]
  catalogue: FieldCatalogue<TicketConditionRecord>
  previous?: TicketConditionRecord
  businessHours: BusinessHoursResolver
  now: Date
}

/**
 * One pass of the rules over a ticket: each active rule in order is evaluated against the ticket as the
 * earlier rules left it; a match applies its actions through `apply`; `stopProcessing` ends the pass, and so
 * does the 50th action (the loop guard's bound). The live engine and the dry run both run this.
 */
export async function runPass(
  pass: PassContext,
  start: TicketConditionRecord,
  apply: (rule: RoutingRuleRow, action: RoutingAction, index: number) => Promise<TicketConditionRecord>,
): Promise<RoutingRuleRow[]> {
  const matched: RoutingRuleRow[] = []
  let record = start
  let steps = 0
  for (const rule of pass.rules) {
    if (steps >= maxActionsPerPass) break
    const options = { now: pass.now, previous: pass.previous, businessHours: pass.businessHours }
    if (!evaluateCondition(rule.conditions as Condition, record, pass.catalogue, options)) continue
    matched.push(rule)
    for (const [index, action] of (rule.actions as unknown as RoutingAction[]).entries()) {
      if (steps++ >= maxActionsPerPass) break
      record = await apply(rule, action, index)
    }
    if (rule.stopProcessing) break
  }
  return matched
}

/** The dry run's applier: the record changes in memory, nothing is written; changes are collected. */
export function dryApplier(pass: PassContext, state: { record: TicketConditionRecord & { id?: string } }) {
  const changes: RoutingChange[] = []
  const apply = async (rule: RoutingRuleRow, action: RoutingAction) => {
    const record = state.record
    const asked = await fieldChanges(pass.db, pass.workspaceId, record, action, false)
    if (asked) {
      changes.push(...changeEntries(rule.id, record, asked))
      const { customFields, ...rest } = asked
      state.record = {
        ...record,
        ...rest,
        customFields: customFields
          ? Object.fromEntries(
              Object.entries({ ...record.customFields, ...(customFields as Record<string, unknown>) }).filter(
                ([, v]) => v !== null,
              ),
            )
          : record.customFields,
      } as TicketConditionRecord
    } else if (action.type === 'apply_sla_policy') {
      changes.push({ ruleId: rule.id, field: 'slaPolicyId', before: null, after: action.policyId })
    } else if (action.type === 'add_note') {
      changes.push({ ruleId: rule.id, field: 'note', before: null, after: action.body })
    } else if (action.type === 'webhook_event') {
      changes.push({ ruleId: rule.id, field: 'webhookEvent', before: null, after: action.name ?? null })
    }
    return state.record
  }
  return { changes, apply }
}

/** The source a rule acts as: the rule is the actor of its changes, with the request's origin when there is one. */
function ruleSource(source: EventSource, rule: RoutingRuleRow): EventSource {
  const eventActor: EventActor = {
    type: 'system',
    id: rule.id,
    ...(source.eventActor.origin ? { origin: source.eventActor.origin } : {}),
  }
  return { workspaceId: source.workspaceId, eventActor }
}

/** Apply one action for real, as the rule; an action that can no longer apply (a deleted team) is skipped. */
async function applyLive(
  source: EventSource,
  tx: Db,
  ticket: { row: TicketRow; related: Related },
  rule: RoutingRuleRow,
  action: RoutingAction,
  index: number,
): Promise<void> {
  const ctx = ruleSource(source, rule)
  const ws = source.workspaceId
  const row = ticket.row
  const at = `routingRules.${rule.id}.actions[${index}]`
  try {
    const changes = await fieldChanges(tx, ws, recordOf(row, ticket.related), action, true)
    if (changes) {
      ticket.row = await updateTicketFields(ctx, tx, row, changes as never, { at, authorize: false })
      return
    }
  } catch (error) {
    // A reference gone since the rule was saved (validation already ran): skip the action, route the rest.
    if (error instanceof ApiError && error.status === 422) return
    throw error
  }
  const now = new Date()
  switch (action.type) {
    case 'apply_sla_policy': {
      const pinned = await pinSlaPolicy(tx, ctx, row, action.policyId as string)
      if (pinned)
        await recordActivity(ctx, tx, row.id, [
          { field: 'slaPolicyId', before: pinned.before, after: action.policyId },
        ])
      return
    }
    case 'add_note': {
      const [message] = await tx
        .insert(ticketMessages)
        .values({
          id: newId('msg'),
          workspaceId: ws,
          ticketId: row.id,
          kind: 'note',
          body: action.body as string,
          authorType: 'system',
          authorId: rule.id,
          source: 'api',
          createdAt: now,
          updatedAt: now,
        })
        .returning()
      if (!message) throw new Error('insert returned no message')
      const [counted] = await tx
        .update(tickets)
        .set({
          messageCount: sql`${tickets.messageCount} + 1`,
          version: sql`${tickets.version} + 1`,
          updatedAt: now,
        })
        .where(and(eq(tickets.workspaceId, ws), eq(tickets.id, row.id)))
        .returning()
      if (counted) ticket.row = counted
      await emit(tx, ctx, {
        type: 'ticket.message_created',
        resourceId: row.id,
        data: {
          ticket: {
            id: row.id,
            number: row.number,
            statusId: ticket.row.statusId,
            statusCategory: ticket.row.statusCategory,
          },
          message: toTicketMessage({ ...message, attachments: [] }),
        },
      })
      return
    }
    case 'webhook_event':
      await emit(tx, ctx, {
        type: 'routing_rule.fired',
        resourceId: row.id,
        data: {
          routingRule: { id: rule.id, name: rule.name },
          ticket: { id: row.id, number: row.number },
          name: action.name ?? null,
        },
      })
      return
  }
}

/** The fields of `ticket.updated`'s `previous` over the ticket as it is: the ticket before the change. */
function previousRecord(record: TicketConditionRecord, previous: Record<string, unknown> | undefined) {
  if (!previous) return undefined
  return { ...record, ...previous } as TicketConditionRecord
}

/** Routing as a reaction: in the transaction of the ticket's event, before the SLA reaction (order 20). */
export const routingReaction: EventReaction = {
  name: 'routing-rules',
  events: routingTriggers,
  order: 10,
  async react(tx: Db, source: EventSource, event: EmittedEvent) {
    const ws = source.workspaceId
    const config = await routingConfig(tx, ws)
    const rules = config.byTrigger.get(event.type as RoutingTrigger) ?? []
    // No rule for the trigger: nothing written, the emitter's ticket row stays current.
    if (rules.length === 0) return false
    const [row] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.workspaceId, ws), eq(tickets.id, event.resourceId as TicketId)))
      .for('update')
    if (!row) return false
    const related = await relatedOf(tx, ws, row.requesterId, row.organizationId)
    const record = recordOf(row, related)
    const data = event.data as { previous?: Record<string, unknown> }
    const pass: PassContext = {
      db: tx,
      workspaceId: ws,
      rules,
      catalogue: config.catalogue,
      previous: event.type === 'ticket.updated' ? previousRecord(record, data.previous) : undefined,
      businessHours: config.businessHours,
      now: new Date(),
    }
    const ticket = { row, related }
    const matched = await runPass(pass, record, async (rule, action, index) => {
      await applyLive(source, tx, ticket, rule, action, index)
      return recordOf(ticket.row, ticket.related)
    })
    // No rule matched: nothing written.
    return matched.length > 0
  },
}
