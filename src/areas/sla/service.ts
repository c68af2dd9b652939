import { and, eq, gt, gte, inArray, lt, lte, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { operations } from '../../../generated/operations'
import { assertAllowed, listFilter } from '../../authz/guard'
import { assertValidCondition } from '../../conditions/validate'
import type { ServiceContext } from '../../context/service'
import { transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { contacts, members, teams } from '../../db/schema'
import {
  businessHours,
  type SlaEscalation,
  type SlaMetric,
  type SlaTargets,
  slaMetrics,
  slaPolicies,
} from '../../db/schema/sla'
import { slaClocks, ticketSla } from '../../db/schema/sla-clocks'
import type { TicketPriority, TicketStatusCategory } from '../../db/schema/ticket-setup'
import { ticketPriorities } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import type { SortField } from '../../http/pagination'
import { type Id, newId, type TicketId, type WorkspaceId } from '../../ids'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { listVisible } from '../../kit/visible'
import { assertStaff } from '../tickets/participants'
import { getTicketOrThrow, type TicketRow } from '../tickets/service/tickets'
import { viewFields } from '../views/service'
import {
  type ClockState,
  conditionRecord,
  defaultPauseOn,
  elapsedAt,
  forgetSlaPolicies,
  matchPolicy,
  planClocks,
  type SlaPolicyRow,
  workspacePolicies,
} from './clocks'

export type SlaPolicyId = Id<'sla'>

/** The spec's `SlaPolicy`, whose `conditions` spell out the 5 levels of groups the stored type allows. */
type SlaPolicyBody = z.infer<
  (typeof operations.getSlaPolicy)['responses'][200]['content']['application/json']['schema']
>

/** A policy as clients see it. */
export const toSlaPolicy = (p: SlaPolicyRow) => ({
  id: p.id,
  name: p.name,
  position: p.position,
  active: p.active,
  // Stored conditions passed validation, which keeps to those 5 levels.
  conditions: p.conditions as unknown as SlaPolicyBody['conditions'],
  businessHoursId: p.businessHoursId,
  targets: p.targets,
  warnBeforeMinutes: p.warnBeforeMinutes,
  pauseOn: p.pauseOn,
  escalations: p.escalations as SlaPolicyBody['escalations'],
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
})

export interface SlaPolicyInput {
  name?: string
  position?: number
  active?: boolean
  conditions?: unknown
  businessHoursId?: string | null
  targets?: Partial<Record<TicketPriority, Record<string, number>>>
  warnBeforeMinutes?: number | null
  pauseOn?: Partial<Record<SlaMetric, TicketStatusCategory[]>>
  escalations?: Array<{
    on: 'warning' | 'breach'
    metrics?: SlaMetric[]
    actions: Array<Record<string, unknown>>
  }>
}

const problem = (code: ConstructorParameters<typeof ApiError>[0], errors: FieldError[]) =>
  new ApiError(code, errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })

function cleanName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed)
    throw validationFailed([{ path: 'body.name', code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

/** Whole positive minutes, and at least one target in all (422 `invalid_sla_target`). */
export function checkTargets(
  targets: SlaPolicyInput['targets'],
): Partial<Record<TicketPriority, SlaTargets>> {
  const errors: FieldError[] = []
  let count = 0
  for (const [priority, byMetric] of Object.entries(targets ?? {})) {
    for (const [metric, minutes] of Object.entries(byMetric ?? {})) {
      count++
      if (!Number.isInteger(minutes) || minutes < 1) {
        errors.push({
          path: `body.targets.${priority}.${metric}`,
          code: 'invalid_sla_target',
          message: 'must be a whole number of minutes, at least 1',
        })
      }
    }
  }
  if (count === 0)
    errors.push({ path: 'body.targets', code: 'invalid_sla_target', message: 'needs at least one target' })
  if (errors.length > 0) throw problem('invalid_sla_target', errors)
  return targets as Partial<Record<TicketPriority, SlaTargets>>
}

async function checkBusinessHours(db: Db, workspaceId: WorkspaceId, id: string | null | undefined) {
  if (!id) return
  const [row] = await db
    .select({ id: businessHours.id })
    .from(businessHours)
    .where(and(eq(businessHours.workspaceId, workspaceId), eq(businessHours.id, id as never)))
  if (!row)
    throw problem('business_hours_not_found', [
      { path: 'body.businessHoursId', code: 'business_hours_not_found', message: `${id} not found` },
    ])
}

/** The teams and members escalation actions name exist in the workspace (422 `team_not_found` / `member_not_found`). */
async function checkEscalations(
  db: Db,
  workspaceId: WorkspaceId,
  escalations: SlaPolicyInput['escalations'],
): Promise<SlaEscalation[]> {
  const list = escalations ?? []
  const teamRefs: Array<{ id: string; path: string }> = []
  const memberRefs: Array<{ id: string; path: string }> = []
  list.forEach((escalation, i) => {
    escalation.actions.forEach((action, j) => {
      const at = `body.escalations.${i}.actions.${j}`
      const type = action.type
      if (type === 'reassign_team' && typeof action.teamId !== 'string')
        throw validationFailed([{ path: `${at}.teamId`, code: 'required', message: 'is required' }])
      if (type === 'add_tag' && typeof action.tag !== 'string')
        throw validationFailed([{ path: `${at}.tag`, code: 'required', message: 'is required' }])
      if (
        type === 'notify' &&
        !action.teamId &&
        !(action.memberIds as string[] | undefined)?.length &&
        !action.assignee
      )
        throw validationFailed([
          { path: at, code: 'required', message: 'notify needs memberIds, teamId or assignee' },
        ])
      const allowed: Record<string, string[]> = {
        notify: ['memberIds', 'teamId', 'assignee'],
        reassign_team: ['teamId'],
        raise_priority: ['priority'],
        add_tag: ['tag'],
        webhook_event: [],
      }
      const extra = Object.keys(action).find((k) => k !== 'type' && !allowed[type as string]?.includes(k))
      if (extra)
        throw validationFailed([
          { path: `${at}.${extra}`, code: 'not_allowed', message: `is not a parameter of ${type}` },
        ])
      if (typeof action.teamId === 'string') teamRefs.push({ id: action.teamId, path: `${at}.teamId` })
      for (const [k, id] of ((action.memberIds as string[] | undefined) ?? []).entries())
        memberRefs.push({ id, path: `${at}.memberIds.${k}` })
    })
  })
  if (teamRefs.length > 0) {
    const found = new Set(
      (
        await db
          .select({ id: teams.id })
          .from(teams)
          .where(
            and(eq(teams.workspaceId, workspaceId), inArray(teams.id, teamRefs.map((r) => r.id) as never[])),
          )
      ).map((r) => r.id as string),
    )
    const missing = teamRefs.filter((r) => !found.has(r.id))
    if (missing.length > 0)
      throw problem(
        'team_not_found',
        missing.map((r) => ({ path: r.path, code: 'team_not_found', message: `${r.id} not found` })),
      )
  }
  if (memberRefs.length > 0) {
    const found = new Set(
      (
        await db
          .select({ id: members.id })
          .from(members)
          .where(
            and(
              eq(members.workspaceId, workspaceId),
              inArray(members.id, memberRefs.map((r) => r.id) as never[]),
            ),
          )
      ).map((r) => r.id as string),
    )
    const missing = memberRefs.filter((r) => !found.has(r.id))
    if (missing.length > 0)
      throw problem(
        'member_not_found',
        missing.map((r) => ({ path: r.path, code: 'member_not_found', message: `${r.id} not found` })),
      )
  }
  return list as SlaEscalation[]
}

const invalidPosition = (count: number) =>
  problem('invalid_position', [
    { path: 'body.position', code: 'invalid_position', message: `must be between 0 and ${count}` },
  ])

/** How many policies the workspace has (locking them all: positions change together). */
async function lockPositions(tx: Db, workspaceId: WorkspaceId): Promise<number> {
  const rows = await tx
    .select({ id: slaPolicies.id })
    .from(slaPolicies)
    .where(eq(slaPolicies.workspaceId, workspaceId))
    .for('update')
  return rows.length
}

// ---------------------------------------------------------------------------------------------- reads

const sortFields: Record<string, SortField<SlaPolicyRow>> = {
  position: { column: slaPolicies.position, kind: 'number', value: (p) => p.position },
}

export async function listSlaPolicies(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string },
  secret: string,
) {
  return listVisible(ctx, 'SlaPolicy', slaPolicies, {
    name: 'list_sla_policies',
    fields: sortFields,
    query: { ...query, sort: 'position' },
    secret,
  })
}

export async function getSlaPolicyOrThrow(ctx: ServiceContext, id: SlaPolicyId): Promise<SlaPolicyRow> {
  const read = await listFilter(ctx, 'SlaPolicy')
  const [row] = await ctx.db
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.workspaceId, ctx.workspaceId), eq(slaPolicies.id, id), read))
  if (!row) throw notFound('SlaPolicy')
  return row
}

// --------------------------------------------------------------------------------------------- writes

export async function createSlaPolicy(
  ctx: ServiceContext,
  input: SlaPolicyInput & { name: string; targets: NonNullable<SlaPolicyInput['targets']> },
): Promise<SlaPolicyRow> {
  const id = newId('sla')
  await assertAllowed(ctx, 'create', 'SlaPolicy', { id, workspaceId: ctx.workspaceId })
  const name = cleanName(input.name)
  const conditions = assertValidCondition(
    input.conditions ?? { all: [] },
    await viewFields(ctx.db, ctx.workspaceId),
    'body.conditions',
  )
  const targets = checkTargets(input.targets)
  return transaction(ctx, async (tx) => {
    forgetSlaPolicies(tx, ctx.workspaceId)
    await checkBusinessHours(tx, ctx.workspaceId, input.businessHoursId)
    const escalations = await checkEscalations(tx, ctx.workspaceId, input.escalations)
    const count = await lockPositions(tx, ctx.workspaceId)
    const position = input.position ?? count
    if (position > count) throw invalidPosition(count)
    if (position < count) {
      await tx
        .update(slaPolicies)
        .set({ position: sql`${slaPolicies.position} + 1` })
        .where(and(eq(slaPolicies.workspaceId, ctx.workspaceId), gte(slaPolicies.position, position)))
    }
    const [row] = await tx
      .insert(slaPolicies)
      .values({
        id,
        workspaceId: ctx.workspaceId,
        name,
        position,
        active: input.active ?? true,
        conditions: conditions as unknown as Record<string, unknown>,
        businessHoursId: (input.businessHoursId ?? null) as never,
        targets,
        warnBeforeMinutes: input.warnBeforeMinutes ?? null,
        pauseOn: input.pauseOn ?? defaultPauseOn,
        escalations,
      })
      .returning()
    if (!row) throw new Error('insert returned no policy')
    await emit(tx, ctx, {
      type: 'sla_policy.created',
      resourceId: row.id,
      data: { slaPolicy: toSlaPolicy(row) },
    })
    return row
  })
}

export async function updateSlaPolicy(
  ctx: ServiceContext,
  id: SlaPolicyId,
  input: SlaPolicyInput,
  ifMatch?: string,
): Promise<SlaPolicyRow> {
  const fields = input.conditions !== undefined ? await viewFields(ctx.db, ctx.workspaceId) : undefined
  await ctx.principal()
  return transaction(ctx, async (tx) => {
    forgetSlaPolicies(tx, ctx.workspaceId)
    const count = await lockPositions(tx, ctx.workspaceId)
    const current = await lockForChange<SlaPolicyRow>(ctx, tx, 'SlaPolicy', id, { action: 'update', ifMatch })
    const conditions =
      input.conditions !== undefined && fields
        ? (assertValidCondition(input.conditions, fields, 'body.conditions') as unknown as Record<
            string,
            unknown
          >)
        : undefined
    const targets = input.targets !== undefined ? checkTargets(input.targets) : undefined
    if (input.businessHoursId !== undefined)
      await checkBusinessHours(tx, ctx.workspaceId, input.businessHoursId)
    const escalations =
      input.escalations !== undefined
        ? await checkEscalations(tx, ctx.workspaceId, input.escalations)
        : undefined
    if (input.position !== undefined && input.position !== current.position) {
      if (input.position > count - 1) throw invalidPosition(count - 1)
      const ws = eq(slaPolicies.workspaceId, ctx.workspaceId)
      if (input.position < current.position) {
        await tx
          .update(slaPolicies)
          .set({ position: sql`${slaPolicies.position} + 1` })
          .where(
            and(ws, gte(slaPolicies.position, input.position), lt(slaPolicies.position, current.position)),
          )
      } else {
        await tx
          .update(slaPolicies)
          .set({ position: sql`${slaPolicies.position} - 1` })
          .where(
            and(ws, gt(slaPolicies.position, current.position), lte(slaPolicies.position, input.position)),
          )
      }
    }
    const { changed, previous } = diffFields(current as unknown as Record<string, unknown>, {
      name: input.name !== undefined ? cleanName(input.name) : undefined,
      position: input.position,
      active: input.active,
      conditions,
      businessHoursId: input.businessHoursId,
      targets,
      warnBeforeMinutes: input.warnBeforeMinutes,
      pauseOn: input.pauseOn,
      escalations,
    })
    if (Object.keys(changed).length === 0) return current
    const [row] = await tx
      .update(slaPolicies)
      .set({ ...(changed as Partial<SlaPolicyRow>), ...bumped(slaPolicies) })
      .where(and(eq(slaPolicies.workspaceId, ctx.workspaceId), eq(slaPolicies.id, id)))
      .returning()
    if (!row) throw notFound('SlaPolicy')
    await emit(tx, ctx, {
      type: 'sla_policy.updated',
      resourceId: row.id,
      data: { slaPolicy: toSlaPolicy(row), previous },
    })
    return row
  })
}

export async function deleteSlaPolicy(ctx: ServiceContext, id: SlaPolicyId, ifMatch?: string): Promise<void> {
  await transaction(ctx, async (tx) => {
    forgetSlaPolicies(tx, ctx.workspaceId)
    await lockPositions(tx, ctx.workspaceId)
    const current = await lockForChange<SlaPolicyRow>(ctx, tx, 'SlaPolicy', id, { action: 'delete', ifMatch })
    await tx
      .delete(slaPolicies)
      .where(and(eq(slaPolicies.workspaceId, ctx.workspaceId), eq(slaPolicies.id, id)))
    await tx
      .update(slaPolicies)
      .set({ position: sql`${slaPolicies.position} - 1` })
      .where(and(eq(slaPolicies.workspaceId, ctx.workspaceId), gt(slaPolicies.position, current.position)))
    await emit(tx, ctx, {
      type: 'sla_policy.deleted',
      resourceId: id,
      data: { slaPolicy: { id, name: current.name } },
    })
  })
}

// ------------------------------------------------------------------------------------- clocks and preview

const clockOut = (c: ClockState, now: Date, schedule: Parameters<typeof elapsedAt>[1]) => ({
  metric: c.metric,
  status: c.status,
  dueAt: c.dueAt?.toISOString() ?? null,
  warnAt: c.warnAt?.toISOString() ?? null,
  businessMinutesElapsed: elapsedAt(c, schedule, now),
  targetMinutes: c.targetMinutes,
  pauses: c.pauses,
})

const metricOrder = (m: string) => slaMetrics.indexOf(m as SlaMetric)

/** `GET /v1/tickets/{ticketId}/sla`: staff who may read the ticket (404 otherwise). */
export async function getTicketSla(ctx: ServiceContext, ticketId: TicketId) {
  assertStaff(ctx, 'SLA clocks')
  const ticket = await getTicketOrThrow(ctx, ticketId)
  const [current] = await ctx.db
    .select({ policyId: ticketSla.policyId })
    .from(ticketSla)
    .where(eq(ticketSla.ticketId, ticket.id))
  const clocks = await ctx.db.select().from(slaClocks).where(eq(slaClocks.ticketId, ticket.id))
  const policies = await workspacePolicies(ctx.db, ctx.workspaceId)
  const now = new Date()
  return {
    policyId: current?.policyId ?? null,
    clocks: clocks
      .sort((a, b) => metricOrder(a.metric) - metricOrder(b.metric))
      .map((c) => clockOut(c, now, c.policyId ? (policies.schedules.get(c.policyId) ?? null) : null)),
  }
}

export interface PreviewInput {
  ticketId?: string
  ticket?: {
    priority: TicketPriority
    typeId?: string
    teamId?: string
    inboxId?: string
    tags?: string[]
    customFields?: Record<string, unknown>
    requesterId?: string
    createdAt?: string
  }
}

/** `POST /v1/sla-policies/preview`: the policy that applies and the clocks it gives, writing nothing. */
export async function previewSla(ctx: ServiceContext, input: PreviewInput) {
  await assertAllowed(ctx, 'read', 'SlaPolicy', { workspaceId: ctx.workspaceId })
  if ((input.ticketId === undefined) === (input.ticket === undefined)) {
    throw validationFailed([
      { path: 'body', code: 'invalid_union', message: 'needs exactly one of ticketId or ticket' },
    ])
  }
  const policies = await workspacePolicies(ctx.db, ctx.workspaceId)
  const now = new Date()
  let ticket: TicketRow
  let existing: Array<typeof slaClocks.$inferSelect> = []
  let pinned: string | null = null
  if (input.ticketId !== undefined) {
    ticket = await getTicketOrThrow(ctx, input.ticketId as TicketId)
    existing = await ctx.db.select().from(slaClocks).where(eq(slaClocks.ticketId, ticket.id))
    const [current] = await ctx.db.select().from(ticketSla).where(eq(ticketSla.ticketId, ticket.id))
    if (current?.pinned) pinned = current.policyId
  } else {
    const h = input.ticket as NonNullable<PreviewInput['ticket']>
    if (!ticketPriorities.includes(h.priority))
      throw validationFailed([
        { path: 'body.ticket.priority', code: 'invalid_enum', message: 'unknown priority' },
      ])
    const createdAt = h.createdAt ? new Date(h.createdAt) : now
    ticket = {
      id: 'tkt_preview',
      workspaceId: ctx.workspaceId,
      number: 0,
      subject: '',
      statusId: '',
      statusCategory: 'new',
      priority: h.priority,
      typeId: h.typeId ?? null,
      requesterId: h.requesterId ?? '',
      organizationId: null,
      assigneeId: null,
      teamId: h.teamId ?? null,
      inboxId: h.inboxId ?? null,
      tags: h.tags ?? [],
      customFields: h.customFields ?? {},
      source: 'api',
      messageCount: 0,
      createdAt,
      updatedAt: createdAt,
      firstResponseAt: null,
      solvedAt: null,
      closedAt: null,
      lastCustomerMessageAt: null,
      lastAgentMessageAt: null,
      snoozedUntil: null,
    } as unknown as TicketRow
    if (h.requesterId) {
      const [requester] = await ctx.db
        .select({ organizationId: contacts.organizationId })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, h.requesterId as never)))
      if (!requester)
        throw problem('requester_not_found', [
          {
            path: 'body.ticket.requesterId',
            code: 'requester_not_found',
            message: `${h.requesterId} not found`,
          },
        ])
      ticket.organizationId = requester.organizationId as never
    }
  }
  const policy = pinned
    ? (policies.all.find((p) => p.id === pinned) ?? null)
    : matchPolicy(policies, await conditionRecord(ctx.db, ticket, policies.needs), now)
  const scheduleOf = (id: string | null) => (id ? (policies.schedules.get(id) ?? null) : null)
  const plan = planClocks({ ticket, policy, existing, scheduleOf, now })
  return {
    policy: policy ? { id: policy.id, name: policy.name } : null,
    clocks: plan.clocks
      .sort((a, b) => metricOrder(a.metric) - metricOrder(b.metric))
      .map((c) => ({
        metric: c.metric,
        status: c.status,
        targetMinutes: c.targetMinutes,
        dueAt: c.dueAt?.toISOString() ?? null,
        warnAt: c.warnAt?.toISOString() ?? null,
      })),
  }
}
