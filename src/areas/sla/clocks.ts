import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { type Condition, evaluateCondition } from '../../conditions'
import type { EventSource } from '../../context/service'
import type { Db } from '../../db/database'
import { contacts, organizations } from '../../db/schema'
import { type SlaMetric, type SlaTargets, slaMetrics, slaPolicies } from '../../db/schema/sla'
import { slaClocks, ticketSla } from '../../db/schema/sla-clocks'
import type { TicketStatusCategory } from '../../db/schema/ticket-setup'
import { tickets } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import type { EventReaction } from '../../events/reactions'
import type { TicketId, WorkspaceId } from '../../ids'
import { type TicketConditionRecord, ticketConditionFields } from '../tickets/condition-fields'
import type { TicketRow } from '../tickets/service/tickets'
import { customFieldShapes } from '../views/service'
import { configFingerprint, FingerprintCache, forgetFingerprint } from './config-cache'
import { addMinutes, loadSchedules, minutesBetween, type Schedule } from './time'

export type SlaPolicyRow = typeof slaPolicies.$inferSelect
export type SlaClockRow = typeof slaClocks.$inferSelect
/** A clock as the planner computes it (a row without its keys). */
export type ClockState = Omit<SlaClockRow, 'ticketId' | 'workspaceId' | 'updatedAt'>

const targetKey: Record<SlaMetric, keyof SlaTargets> = {
  first_response: 'firstResponse',
  next_response: 'nextResponse',
  resolution: 'resolution',
}
/** Categories in which nobody waits for an answer: response clocks stop counting there. */
const answeredCategories: readonly TicketStatusCategory[] = ['solved', 'closed']
export const defaultPauseOn = { resolution: ['pending', 'on_hold'] as TicketStatusCategory[] }

/** The ticket fields the planner reads. */
export type PlannedTicket = Pick<
  TicketRow,
  | 'createdAt'
  | 'priority'
  | 'statusCategory'
  | 'firstResponseAt'
  | 'lastAgentMessageAt'
  | 'lastCustomerMessageAt'
  | 'solvedAt'
>

export interface PlanInput {
  ticket: PlannedTicket
  policy: SlaPolicyRow | null
  /** The clocks the ticket has now. */
  existing: readonly SlaClockRow[]
  /** The schedule of a policy (by id; a policy without business hours, or none, is calendar time). */
  scheduleOf: (policyId: string | null) => Schedule
  now: Date
}

export interface Plan {
  clocks: ClockState[]
  removed: SlaMetric[]
  /** Clocks met in time by this change (`sla.achieved`). */
  achieved: ClockState[]
  /** Clocks met after their due time that the tick had not marked yet (`sla.breached`). */
  breached: ClockState[]
}

const later = (a: Date | null, b: Date | null) => a !== null && (b === null || a.getTime() > b.getTime())

/**
 * The clocks a ticket should have, from its state (not from the event that changed it: the same answer
 * whichever events arrive): first response until `firstResponseAt`; next response while the customer's last
 * message is newer than the agents' last reply; resolution until solved or closed. Running clocks pause in
 * their pause categories and resume after, keeping the time used; a new policy or target keeps it too.
 */
export function planClocks(input: PlanInput): Plan {
  const { ticket, policy, now } = input
  const plan: Plan = { clocks: [], removed: [], achieved: [], breached: [] }
  const targets = policy?.targets[ticket.priority] ?? {}
  const schedule = input.scheduleOf(policy?.id ?? null)
  for (const metric of slaMetrics) {
    const target = targets[targetKey[metric]]
    const existing = input.existing.find((c) => c.metric === metric)
    if (!policy || !target) {
      // No target any more: a running clock goes; a met or breached one stays, as the record of its outcome.
      if (existing && (existing.status === 'achieved' || existing.status === 'breached'))
        plan.clocks.push(existing)
      else if (existing) plan.removed.push(metric)
      continue
    }
    let clock: ClockState | null = existing ? { ...existing, pauses: [...existing.pauses] } : null
    if (clock?.runningSince && existing?.policyId !== policy.id) {
      // Another policy (maybe other hours): the time used so far counts in the old one's schedule.
      const old = input.scheduleOf(existing?.policyId ?? null)
      clock.businessMinutesElapsed += minutesBetween(old, clock.runningSince, now)
      clock.runningSince = now
    }
    const waitingForNext =
      ticket.lastAgentMessageAt !== null && later(ticket.lastCustomerMessageAt, ticket.lastAgentMessageAt)
    if (metric === 'next_response' && waitingForNext) {
      const finishedBefore =
        clock !== null && clock.achievedAt !== null && later(ticket.lastCustomerMessageAt, clock.achievedAt)
      // A customer message after the last cycle was answered: a new cycle from that message.
      if (!clock || finishedBefore) clock = fresh(metric, ticket.lastCustomerMessageAt as Date)
    }
    if (!clock) {
      if (metric === 'next_response') continue
      clock = fresh(metric, ticket.createdAt)
    }
    clock.policyId = policy.id
    clock.targetMinutes = target

    const metAt =
      metric === 'first_response'
        ? ticket.firstResponseAt
        : metric === 'next_response'
          ? waitingForNext || !ticket.lastAgentMessageAt || !later(ticket.lastAgentMessageAt, clock.createdAt)
            ? null
            : ticket.lastAgentMessageAt
          : answeredCategories.includes(ticket.statusCategory as TicketStatusCategory)
            ? (ticket.solvedAt ?? now)
            : null
    const pauseIn = new Set<string>([
      ...(policy.pauseOn[metric] ?? []),
      ...(metric === 'resolution' ? [] : answeredCategories),
    ])
    const paused = pauseIn.has(ticket.statusCategory)

    if (metAt) {
      if (clock.achievedAt === null && (clock.status === 'active' || clock.status === 'paused')) {
        const at = metAt.getTime() > now.getTime() ? now : metAt
        stop(clock, schedule, at)
        clock.achievedAt = at
        if (clock.dueAt && clock.dueAt.getTime() <= at.getTime()) {
          clock.status = 'breached'
          clock.breachedAt = clock.dueAt
          plan.breached.push(clock)
        } else {
          clock.status = 'achieved'
          plan.achieved.push(clock)
        }
      } else if (clock.status === 'breached' && clock.achievedAt === null) {
        stop(clock, schedule, now)
        clock.achievedAt = now
      }
    } else if (clock.achievedAt !== null) {
      // Met before, not any more (a solved ticket reopened): resume, keeping the time used; the time it was
      // solved shows as a pause.
      clock.pauses.push({ from: clock.achievedAt.toISOString(), to: paused ? null : now.toISOString() })
      clock.achievedAt = null
      if (clock.status === 'achieved') clock.status = paused ? 'paused' : 'active'
      if (!paused) clock.runningSince = now
    } else if (clock.status === 'active' && paused) {
      stop(clock, schedule, now)
      clock.status = 'paused'
      clock.pauses.push({ from: now.toISOString(), to: null })
    } else if (clock.status === 'paused' && !paused) {
      clock.status = 'active'
      clock.runningSince = now
      const last = clock.pauses.at(-1)
      if (last && last.to === null) last.to = now.toISOString()
    }
    if (clock.status === 'active') {
      const remaining = Math.max(0, target - clock.businessMinutesElapsed)
      const since = clock.runningSince ?? now
      clock.dueAt = addMinutes(schedule, since, remaining)
      const warnBefore = policy.warnBeforeMinutes
      clock.warnAt =
        warnBefore && clock.dueAt ? addMinutes(schedule, since, Math.max(0, remaining - warnBefore)) : null
    } else if (clock.status === 'paused') {
      clock.dueAt = null
      clock.warnAt = null
    }
    plan.clocks.push(clock)
  }
  return plan
}

function fresh(metric: SlaMetric, since: Date): ClockState {
  return {
    metric,
    policyId: null,
    status: 'active',
    targetMinutes: 1,
    businessMinutesElapsed: 0,
    runningSince: since,
    dueAt: null,
    warnAt: null,
    warnedAt: null,
    breachedAt: null,
    achievedAt: null,
    pauses: [],
    createdAt: since,
  }
}

/** Fold the running time into `businessMinutesElapsed` and stop the clock at `at`. */
function stop(clock: ClockState, schedule: Schedule, at: Date) {
  if (clock.runningSince) {
    clock.businessMinutesElapsed += minutesBetween(schedule, clock.runningSince, at)
    clock.runningSince = null
  }
}

/** Minutes used up to `now`, running time included. */
export const elapsedAt = (clock: ClockState, schedule: Schedule, now: Date) =>
  clock.businessMinutesElapsed + (clock.runningSince ? minutesBetween(schedule, clock.runningSince, now) : 0)

// ------------------------------------------------------------------------------------------- policies

/** A workspace's policies (by position) with what evaluating their conditions needs. */
export interface WorkspacePolicies {
  all: SlaPolicyRow[]
  schedules: Map<string, Schedule>
  needs: { requester: boolean; organization: boolean; customFields: boolean }
  fields?: ReturnType<typeof ticketConditionFields>
}

const policyCache = new FingerprintCache<WorkspacePolicies>()

/**
 * The workspace's policies, from process memory while the configuration fingerprint read through `db` (once per
 * transaction) is the one they were loaded under (`config-cache.ts`): one small statement instead of the
 * policies, their schedules and the custom fields on every ticket write.
 */
export async function workspacePolicies(db: Db, workspaceId: WorkspaceId): Promise<WorkspacePolicies> {
  const f = await configFingerprint(db, workspaceId)
  return policyCache.get(workspaceId, `${f.policies}:${f.hours}:${f.fields}`, () =>
    loadPolicies(db, workspaceId),
  )
}

/** After a policy write in `tx`: this instance reloads at once (others see the fingerprint move). */
export function forgetSlaPolicies(tx: Db, workspaceId: WorkspaceId) {
  policyCache.forget(workspaceId)
  forgetFingerprint(tx, workspaceId)
}

async function loadPolicies(db: Db, workspaceId: WorkspaceId): Promise<WorkspacePolicies> {
  const all = await db
    .select()
    .from(slaPolicies)
    .where(eq(slaPolicies.workspaceId, workspaceId))
    .orderBy(asc(slaPolicies.position), asc(slaPolicies.id))
  const hoursIds = [...new Set(all.flatMap((p) => (p.businessHoursId ? [p.businessHoursId] : [])))]
  const byHours = await loadSchedules(db, hoursIds)
  const schedules = new Map<string, Schedule>()
  for (const p of all)
    schedules.set(p.id, p.businessHoursId ? (byHours.get(p.businessHoursId) ?? null) : null)
  const text = JSON.stringify(all.filter((p) => p.active).map((p) => p.conditions))
  const needs = {
    requester: text.includes('"requester.'),
    organization: text.includes('"organization.'),
    customFields: text.includes('"customFields.'),
  }
  const fields = ticketConditionFields(needs.customFields ? await customFieldShapes(db, workspaceId) : [])
  return { all, schedules, needs, fields }
}

/** The ticket as conditions read it, with its requester and organisation when a policy's conditions name them. */
export async function conditionRecord(
  db: Db,
  ticket: TicketRow,
  needs: WorkspacePolicies['needs'],
): Promise<TicketConditionRecord> {
  const record: TicketConditionRecord = { ...ticket }
  if (needs.requester) {
    const [requester] = await db
      .select({ email: contacts.email, name: contacts.name, attributes: contacts.attributes })
      .from(contacts)
      .where(eq(contacts.id, ticket.requesterId))
    record.requester = requester ? { ...requester, attributes: requester.attributes ?? {} } : null
  }
  if (needs.organization && ticket.organizationId) {
    const [organization] = await db
      .select({ name: organizations.name, attributes: organizations.attributes })
      .from(organizations)
      .where(eq(organizations.id, ticket.organizationId))
    record.organization = organization
      ? { name: organization.name, attributes: organization.attributes ?? {} }
      : null
  }
  return record
}

/** The first active policy (by position) whose conditions hold for `record`. */
export function matchPolicy(
  policies: WorkspacePolicies,
  record: TicketConditionRecord,
  now: Date,
): SlaPolicyRow | null {
  for (const policy of policies.all) {
    if (!policy.active) continue
    const condition = policy.conditions as unknown as Condition
    if (evaluateCondition(condition, record, policies.fields as never, { now })) return policy
  }
  return null
}

// ------------------------------------------------------------------------------------------- reaction

/** What `sla.warning`, `sla.breached` and `sla.achieved` carry. */
export interface SlaClockEventData {
  ticket: { id: string; number: number }
  policyId: string | null
  metric: string
  dueAt: string | null
}

const clockEventData = (ticket: { id: string; number: number }, clock: ClockState) => ({
  ticket: { id: ticket.id, number: ticket.number },
  policyId: clock.policyId,
  metric: clock.metric,
  dueAt: clock.dueAt?.toISOString() ?? null,
})

const same = (a: ClockState, b: SlaClockRow | undefined) =>
  b !== undefined &&
  a.policyId === b.policyId &&
  a.status === b.status &&
  a.targetMinutes === b.targetMinutes &&
  a.businessMinutesElapsed === b.businessMinutesElapsed &&
  a.runningSince?.getTime() === b.runningSince?.getTime() &&
  a.dueAt?.getTime() === b.dueAt?.getTime() &&
  a.warnAt?.getTime() === b.warnAt?.getTime() &&
  a.achievedAt?.getTime() === b.achievedAt?.getTime() &&
  a.breachedAt?.getTime() === b.breachedAt?.getTime() &&
  a.createdAt.getTime() === b.createdAt.getTime() &&
  JSON.stringify(a.pauses) === JSON.stringify(b.pauses)

/**
 * Bring one ticket's policy and clocks up to date in `tx` (the ticket as it is now in it): match the policy
 * (a pinned one stays), plan the clocks, write what changed in one upsert, and emit `sla.achieved` (and
 * `sla.breached` for a clock met after its due time the tick had not reached yet).
 */
export async function syncTicketSla(
  tx: Db,
  source: EventSource,
  ticketId: string,
  now = new Date(),
  options: { created?: boolean } = {},
) {
  const policies = await workspacePolicies(tx, source.workspaceId)
  // A ticket created in this transaction (`ticket.created` is emitted in its creating one) can have a policy
  // row only if routing pinned a policy to it here, and a workspace with no policy has none to pin: nothing
  // to read or clear.
  if (options.created && policies.all.length === 0) return
  const [current] = await tx
    .select({ policyId: ticketSla.policyId, pinned: ticketSla.pinned })
    .from(ticketSla)
    .where(eq(ticketSla.ticketId, ticketId as TicketId))
  if (policies.all.length === 0 && !current) return
  const [ticket] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, source.workspaceId), eq(tickets.id, ticketId as TicketId)))
  if (!ticket) return
  let policy: SlaPolicyRow | null
  if (current?.pinned) policy = policies.all.find((p) => p.id === current.policyId) ?? null
  else policy = matchPolicy(policies, await conditionRecord(tx, ticket, policies.needs), now)
  const existing = current ? await tx.select().from(slaClocks).where(eq(slaClocks.ticketId, ticket.id)) : []
  const plan = planClocks({
    ticket,
    policy,
    existing,
    scheduleOf: (id) => (id ? (policies.schedules.get(id) ?? null) : null),
    now,
  })
  if (!current || current.policyId !== (policy?.id ?? null)) {
    await tx
      .insert(ticketSla)
      .values({ ticketId: ticket.id, workspaceId: ticket.workspaceId, policyId: policy?.id ?? null })
      .onConflictDoUpdate({
        target: ticketSla.ticketId,
        set: { policyId: policy?.id ?? null, updatedAt: now },
      })
  }
  if (plan.removed.length > 0) {
    await tx
      .delete(slaClocks)
      .where(and(eq(slaClocks.ticketId, ticket.id), inArray(slaClocks.metric, plan.removed)))
  }
  const changed = plan.clocks.filter(
    (c) =>
      !same(
        c,
        existing.find((e) => e.metric === c.metric),
      ),
  )
  if (changed.length > 0) {
    const excluded = (column: string) => sql.raw(`excluded.${column}`)
    await tx
      .insert(slaClocks)
      .values(
        changed.map((c) => ({ ...c, ticketId: ticket.id, workspaceId: ticket.workspaceId, updatedAt: now })),
      )
      .onConflictDoUpdate({
        target: [slaClocks.ticketId, slaClocks.metric],
        set: {
          policyId: excluded('policy_id'),
          status: excluded('status'),
          targetMinutes: excluded('target_minutes'),
          businessMinutesElapsed: excluded('business_minutes_elapsed'),
          runningSince: excluded('running_since'),
          dueAt: excluded('due_at'),
          warnAt: excluded('warn_at'),
          warnedAt: excluded('warned_at'),
          breachedAt: excluded('breached_at'),
          achievedAt: excluded('achieved_at'),
          pauses: excluded('pauses'),
          createdAt: excluded('created_at'),
          updatedAt: excluded('updated_at'),
        },
      })
  }
  for (const clock of plan.achieved) {
    await emit(tx, source, {
      type: 'sla.achieved',
      resourceId: ticket.id,
      data: clockEventData(ticket, clock),
    })
  }
  for (const clock of plan.breached) {
    await emit(tx, source, {
      type: 'sla.breached',
      resourceId: ticket.id,
      data: clockEventData(ticket, clock),
    })
  }
}

/** SLA clocks follow every ticket change, after routing (`order: 10`) has had its say. */
export const slaClockReaction: EventReaction = {
  name: 'sla-clocks',
  events: [
    'ticket.created',
    'ticket.updated',
    'ticket.status_changed',
    'ticket.message_created',
    'ticket.merged',
  ],
  order: 20,
  // Writes only ticket_sla and sla_clocks (and sla.* events): the ticket row the emitter holds stays current.
  async react(tx, source, event) {
    await syncTicketSla(tx, source, event.resourceId, new Date(), {
      created: event.type === 'ticket.created',
    })
    return false
  },
}

/** `sla.policy_applied`: the ticket, the policy now pinned to it and the one it had before. */
export interface SlaPolicyAppliedData {
  ticket: { id: string; number: number }
  policyId: string
  previous: { policyId: string | null; pinned: boolean }
}

/**
 * Pin `policyId` to a ticket (a routing rule's `apply_sla_policy`): matching no longer changes its policy.
 * Emits `sla.policy_applied`, so the change reaches webhooks and the audit log; the clocks follow in the SLA
 * reaction to the ticket event that is being handled (routing runs before it).
 */
export async function pinSlaPolicy(
  tx: Db,
  source: EventSource,
  ticket: { id: TicketId; number: number },
  policyId: string,
): Promise<{ before: string | null } | undefined> {
  const [before] = await tx
    .select({ policyId: ticketSla.policyId, pinned: ticketSla.pinned })
    .from(ticketSla)
    .where(eq(ticketSla.ticketId, ticket.id))
  if (before?.pinned && before.policyId === policyId) return undefined
  await tx
    .insert(ticketSla)
    .values({
      ticketId: ticket.id,
      workspaceId: source.workspaceId,
      policyId: policyId as never,
      pinned: true,
    })
    .onConflictDoUpdate({
      target: ticketSla.ticketId,
      set: { policyId: policyId as never, pinned: true, updatedAt: new Date() },
    })
  await emit(tx, source, {
    type: 'sla.policy_applied',
    resourceId: ticket.id,
    data: {
      ticket: { id: ticket.id, number: ticket.number },
      policyId,
      previous: { policyId: before?.policyId ?? null, pinned: before?.pinned ?? false },
    },
  })
  return { before: before?.policyId ?? null }
}
