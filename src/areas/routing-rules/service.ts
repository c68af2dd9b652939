import { and, asc, eq, gte, inArray, type SQL, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { operations } from '../../../generated/operations'
import { assertAllowed, listFilter } from '../../authz/guard'
import { businessHoursField, type Condition, isRule } from '../../conditions/types'
import { assertValidCondition } from '../../conditions/validate'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { members, teamMembers, teams } from '../../db/schema'
import { type RoutingTrigger, routingRules } from '../../db/schema/routing'
import { businessHours, slaPolicies } from '../../db/schema/sla'
import { ticketTypes } from '../../db/schema/ticket-setup'
import { ticketPriorities } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, validationFailed } from '../../http/errors'
import { type Id, idToUuid, isId, newId, type WorkspaceId } from '../../ids'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { getVisibleOrThrow, listVisible } from '../../kit/visible'
import { applyCustomFields } from '../tickets/service/tickets'
import { viewFields } from '../views/service'
import { forgetRoutingRules } from './config'

export type RoutingRuleId = Id<'rr'>
export type RoutingRuleRow = typeof routingRules.$inferSelect

type RuleBody = z.infer<
  (typeof operations.getRoutingRule)['responses'][200]['content']['application/json']['schema']
>

/** A routing rule as clients see it. */
export const toRoutingRule = (r: RoutingRuleRow) => ({
  id: r.id,
  name: r.name,
  position: r.position,
  trigger: r.trigger,
  // Stored conditions and actions passed validation.
  conditions: r.conditions as unknown as RuleBody['conditions'],
  actions: r.actions as unknown as RuleBody['actions'],
  stopProcessing: r.stopProcessing,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
})

/** One action of a rule, as stored (validated by `checkActions`). */
export interface RoutingAction {
  type: string
  teamId?: string
  memberId?: string
  priority?: string
  typeId?: string
  tags?: string[]
  key?: string
  value?: unknown
  policyId?: string
  body?: string
  name?: string
}

/** The fields each action type takes: required, then optional. */
export const actionFields: Record<string, { required: readonly string[]; optional?: readonly string[] }> = {
  set_team: { required: ['teamId'] },
  assign_member: { required: ['memberId'], optional: ['teamId'] },
  assign_round_robin: { required: ['teamId'] },
  assign_least_open: { required: ['teamId'] },
  set_priority: { required: ['priority'] },
  set_type: { required: ['typeId'] },
  add_tags: { required: ['tags'] },
  remove_tags: { required: ['tags'] },
  set_custom_field: { required: ['key', 'value'] },
  apply_sla_policy: { required: ['policyId'] },
  add_note: { required: ['body'] },
  webhook_event: { required: [], optional: ['name'] },
}

/** At most this many actions run in one pass of a ticket, whatever the rules say (the loop guard's bound). */
export const maxActionsPerPass = 50

const problem = (code: ConstructorParameters<typeof ApiError>[0], path: string, message: string) =>
  new ApiError(code, `${path}: ${message}`, { errors: [{ path, code, message }] })

function cleanName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed)
    throw validationFailed([{ path: 'body.name', code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

/** The `bh_…` ids a condition's `businessHours` rules name, with their paths. */
function businessHoursRefs(condition: Condition, path: string, out: Array<[string, string]> = []) {
  if (isRule(condition)) {
    if (condition.field === businessHoursField) out.push([String(condition.value), `${path}.value`])
    return out
  }
  for (const key of ['all', 'any'] as const)
    for (const [i, child] of (condition[key] ?? []).entries())
      businessHoursRefs(child, `${path}.${key}[${i}]`, out)
  return out
}

/**
 * `conditions` valid for a rule of `trigger` in this workspace: ticket fields, `businessHours` naming schedules of
 * the workspace, and change operators only on `ticket.updated`. 422 `invalid_condition` otherwise.
 */
async function checkConditions(
  db: Db,
  workspaceId: WorkspaceId,
  conditions: unknown,
  trigger: RoutingTrigger,
) {
  const valid = assertValidCondition(conditions, await viewFields(db, workspaceId), 'body.conditions', {
    allowChange: trigger === 'ticket.updated',
    businessHours: true,
  })
  const refs = businessHoursRefs(valid, 'body.conditions')
  if (refs.length > 0) {
    const found = await db
      .select({ id: businessHours.id })
      .from(businessHours)
      .where(
        and(
          eq(businessHours.workspaceId, workspaceId),
          inArray(businessHours.id, refs.map(([id]) => id) as never[]),
        ),
      )
    const known = new Set(found.map((r) => r.id as string))
    const errors: FieldError[] = refs
      .filter(([id]) => !known.has(id))
      .map(([id, path]) => ({
        path,
        code: 'invalid_value',
        message: `no business hours ${id} in this workspace`,
      }))
    if (errors.length > 0) {
      throw new ApiError('invalid_condition', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
        errors,
      })
    }
  }
  return valid
}

/**
 * `actions` checked against their types and the workspace: the first problem answers its specific 422 naming
 * `body.actions[i]…` (`invalid_routing_action`, `team_not_found`, `member_not_found`, `member_not_in_team`,
 * `ticket_type_not_found`, `sla_policy_not_found`, `custom_field_invalid`).
 */
export async function checkActions(
  db: Db,
  workspaceId: WorkspaceId,
  actions: unknown,
): Promise<RoutingAction[]> {
  if (!Array.isArray(actions) || actions.length === 0)
    throw problem('invalid_routing_action', 'body.actions', 'must list at least one action')
  const ruleTeam = (actions as RoutingAction[]).find((a) => a?.type === 'set_team')?.teamId
  const out: RoutingAction[] = []
  for (const [i, raw] of actions.entries()) {
    const at = `body.actions[${i}]`
    const action = raw as RoutingAction
    const shape = actionFields[action?.type]
    if (!shape) {
      throw problem(
        'invalid_routing_action',
        `${at}.type`,
        `must be one of ${Object.keys(actionFields).join(', ')}`,
      )
    }
    for (const field of shape.required) {
      if (!Object.hasOwn(action, field))
        throw problem('invalid_routing_action', `${at}.${field}`, `is required for ${action.type}`)
    }
    const extra = Object.keys(action).find(
      (k) => k !== 'type' && !shape.required.includes(k) && !(shape.optional ?? []).includes(k),
    )
    if (extra) throw problem('invalid_routing_action', `${at}.${extra}`, `is not a field of ${action.type}`)
    await checkAction(db, workspaceId, action, at, ruleTeam)
    out.push(action)
  }
  return out
}

async function checkAction(
  db: Db,
  ws: WorkspaceId,
  action: RoutingAction,
  at: string,
  ruleTeam: string | undefined,
): Promise<void> {
  const team = async (id: unknown, path: string) => {
    if (!isId('team', id)) throw problem('invalid_routing_action', path, 'must be a team id (team_…)')
    const [row] = await db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.workspaceId, ws), eq(teams.id, id as never)))
    if (!row) throw problem('team_not_found', path, `no team ${id} in this workspace`)
  }
  switch (action.type) {
    case 'set_team':
    case 'assign_round_robin':
    case 'assign_least_open':
      return team(action.teamId, `${at}.teamId`)
    case 'assign_member': {
      if (!isId('mbr', action.memberId))
        throw problem('invalid_routing_action', `${at}.memberId`, 'must be a member id (mbr_…)')
      const [member] = await db
        .select({ id: members.id })
        .from(members)
        .where(
          and(
            eq(members.workspaceId, ws),
            eq(members.id, action.memberId as never),
            eq(members.status, 'active'),
          ),
        )
      if (!member)
        throw problem(
          'member_not_found',
          `${at}.memberId`,
          `no active member ${action.memberId} in this workspace`,
        )
      const teamId = action.teamId ?? ruleTeam
      if (action.teamId !== undefined) await team(action.teamId, `${at}.teamId`)
      if (teamId) {
        const [membership] = await db
          .select({ teamId: teamMembers.teamId })
          .from(teamMembers)
          .where(
            and(eq(teamMembers.teamId, teamId as never), eq(teamMembers.memberId, action.memberId as never)),
          )
        if (!membership)
          throw problem(
            'member_not_in_team',
            `${at}.memberId`,
            `member ${action.memberId} is not in team ${teamId}`,
          )
      }
      return
    }
    case 'set_priority':
      if (!(ticketPriorities as readonly unknown[]).includes(action.priority))
        throw problem(
          'invalid_routing_action',
          `${at}.priority`,
          `must be one of ${ticketPriorities.join(', ')}`,
        )
      return
    case 'set_type': {
      if (!isId('ttyp', action.typeId))
        throw problem('invalid_routing_action', `${at}.typeId`, 'must be a ticket type id (ttyp_…)')
      const [row] = await db
        .select({ id: ticketTypes.id })
        .from(ticketTypes)
        .where(and(eq(ticketTypes.workspaceId, ws), eq(ticketTypes.id, action.typeId as never)))
      if (!row)
        throw problem(
          'ticket_type_not_found',
          `${at}.typeId`,
          `no ticket type ${action.typeId} in this workspace`,
        )
      return
    }
    case 'add_tags':
    case 'remove_tags':
      if (
        !Array.isArray(action.tags) ||
        action.tags.length === 0 ||
        action.tags.some((t) => typeof t !== 'string' || t.length === 0 || t.length > 100)
      )
        throw problem('invalid_routing_action', `${at}.tags`, 'must be 1 to 50 tags of 1 to 100 characters')
      return
    case 'set_custom_field':
      if (typeof action.key !== 'string')
        throw problem('invalid_routing_action', `${at}.key`, 'must be a custom field key')
      // The same check a ticket write makes (the ticket's type may still narrow it when the rule runs).
      await applyCustomFields(db, ws, {
        type: null,
        current: {},
        input: { [action.key]: action.value },
        at,
        contact: false,
        required: false,
      })
      return
    case 'apply_sla_policy': {
      if (!isId('sla', action.policyId))
        throw problem('invalid_routing_action', `${at}.policyId`, 'must be an SLA policy id (sla_…)')
      const [row] = await db
        .select({ id: slaPolicies.id })
        .from(slaPolicies)
        .where(and(eq(slaPolicies.workspaceId, ws), eq(slaPolicies.id, action.policyId as never)))
      if (!row)
        throw problem(
          'sla_policy_not_found',
          `${at}.policyId`,
          `no SLA policy ${action.policyId} in this workspace`,
        )
      return
    }
    case 'add_note':
      if (typeof action.body !== 'string' || action.body.trim() === '' || action.body.length > 10_000)
        throw problem('invalid_routing_action', `${at}.body`, 'must be a note of 1 to 10000 characters')
      return
    case 'webhook_event':
      if (
        action.name !== undefined &&
        (typeof action.name !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(action.name))
      )
        throw problem('invalid_routing_action', `${at}.name`, 'must be 1 to 100 letters, digits or _.:-')
      return
  }
}

// ---------------------------------------------------------------------------------------------- reads

export interface ListRoutingRulesQuery {
  limit: number
  cursor?: string
  trigger?: RoutingTrigger
  active?: 'true' | 'false'
}

export async function listRoutingRules(ctx: ServiceContext, query: ListRoutingRulesQuery, secret: string) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  if (query.trigger !== undefined) {
    params.trigger = query.trigger
    filters.push(sql`${routingRules.trigger} = ${sql.placeholder('trigger')}`)
  }
  if (query.active !== undefined) {
    params.active = query.active === 'true'
    filters.push(sql`${routingRules.active} = ${sql.placeholder('active')}::boolean`)
  }
  return listVisible(ctx, 'RoutingRule', routingRules, {
    name: 'list_routing_rules',
    variant: Object.keys(params).join(','),
    fields: { position: { column: routingRules.position, kind: 'number', value: (r) => r.position } },
    query: { ...query, sort: 'position' },
    secret,
    filters,
    params,
  })
}

/** The rule `id` if the caller may read it, else 404 (like a missing one). */
export async function getRoutingRuleOrThrow(ctx: ServiceContext, id: RoutingRuleId): Promise<RoutingRuleRow> {
  const row = await getVisibleOrThrow(ctx, 'RoutingRule', routingRules, id, 'RoutingRule')
  return row
}

// ---------------------------------------------------------------------------------------------- writes

export interface RoutingRuleInput {
  name?: string
  trigger?: RoutingTrigger
  conditions?: unknown
  actions?: unknown
  stopProcessing?: boolean
  active?: boolean
  position?: number
}

/** Serialise writes of one workspace's rule order (creation, reorder): lock every rule row of it. */
const lockOrder = (tx: Db, ws: WorkspaceId) =>
  tx
    .select({ id: routingRules.id, position: routingRules.position })
    .from(routingRules)
    .where(eq(routingRules.workspaceId, ws))
    .orderBy(asc(routingRules.position), asc(routingRules.id))
    .for('update')

export async function createRoutingRule(
  ctx: ServiceContext,
  input: RoutingRuleInput & { name: string; trigger: RoutingTrigger },
): Promise<RoutingRuleRow> {
  const id = newId('rr')
  await assertAllowed(ctx, 'create', 'RoutingRule', { id, workspaceId: ctx.workspaceId })
  const name = cleanName(input.name)
  const conditions = await checkConditions(
    ctx.db,
    ctx.workspaceId,
    input.conditions ?? { all: [] },
    input.trigger,
  )
  const actions = await checkActions(ctx.db, ctx.workspaceId, input.actions)
  return transaction(ctx, async (tx) => {
    forgetRoutingRules(tx, ctx.workspaceId)
    const existing = await lockOrder(tx, ctx.workspaceId)
    const last = existing.length > 0 ? Math.max(...existing.map((r) => r.position)) + 1 : 0
    const position = input.position === undefined ? last : Math.min(input.position, last)
    if (input.position !== undefined) {
      await tx
        .update(routingRules)
        .set({ position: sql`${routingRules.position} + 1` })
        .where(and(eq(routingRules.workspaceId, ctx.workspaceId), gte(routingRules.position, position)))
    }
    const [row] = await tx
      .insert(routingRules)
      .values({
        id,
        workspaceId: ctx.workspaceId,
        name,
        position,
        trigger: input.trigger,
        conditions: conditions as Record<string, unknown>,
        actions: actions as unknown as Array<Record<string, unknown>>,
        stopProcessing: input.stopProcessing ?? false,
        active: input.active ?? true,
      })
      .returning()
    if (!row) throw new Error('insert returned no routing rule')
    await emit(tx, ctx, {
      type: 'routing_rule.created',
      resourceId: id,
      data: { routingRule: toRoutingRule(row) },
    })
    return row
  })
}

const lockRule = (ctx: ServiceContext, tx: Db, id: RoutingRuleId, action: string, ifMatch?: string) =>
  lockForChange<RoutingRuleRow>(ctx, tx, 'RoutingRule', id, { action, ifMatch, label: 'RoutingRule' })

/** Former values as the API spells them (dates as ISO strings). */
const previousOf = (previous: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(previous).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]))

export async function updateRoutingRule(
  ctx: ServiceContext,
  id: RoutingRuleId,
  input: RoutingRuleInput,
  ifMatch?: string,
): Promise<RoutingRuleRow> {
  await listFilter(ctx, 'RoutingRule')
  return transaction(ctx, async (tx) => {
    forgetRoutingRules(tx, ctx.workspaceId)
    const current = await lockRule(ctx, tx, id, 'update', ifMatch)
    const next: Partial<RoutingRuleRow> = {}
    if (input.name !== undefined) next.name = cleanName(input.name)
    if (input.trigger !== undefined) next.trigger = input.trigger
    if (input.stopProcessing !== undefined) next.stopProcessing = input.stopProcessing
    if (input.active !== undefined) next.active = input.active
    if (input.conditions !== undefined || input.trigger !== undefined) {
      next.conditions = (await checkConditions(
        tx,
        ctx.workspaceId,
        input.conditions ?? current.conditions,
        input.trigger ?? current.trigger,
      )) as Record<string, unknown>
    }
    if (input.actions !== undefined)
      next.actions = (await checkActions(tx, ctx.workspaceId, input.actions)) as unknown as Array<
        Record<string, unknown>
      >
    const { changed, previous } = diffFields(current, next)
    if (Object.keys(changed).length === 0) return current
    const [updated] = await tx
      .update(routingRules)
      .set({ ...changed, ...bumped(routingRules) })
      .where(and(eq(routingRules.workspaceId, ctx.workspaceId), eq(routingRules.id, id)))
      .returning()
    if (!updated) throw new Error('update returned no routing rule')
    await emit(tx, ctx, {
      type: 'routing_rule.updated',
      resourceId: id,
      data: { routingRule: toRoutingRule(updated), previous: previousOf(previous) },
    })
    return updated
  })
}

export async function deleteRoutingRule(
  ctx: ServiceContext,
  id: RoutingRuleId,
  ifMatch?: string,
): Promise<void> {
  await listFilter(ctx, 'RoutingRule')
  await transaction(ctx, async (tx) => {
    forgetRoutingRules(tx, ctx.workspaceId)
    const current = await lockRule(ctx, tx, id, 'delete', ifMatch)
    await tx
      .delete(routingRules)
      .where(and(eq(routingRules.workspaceId, ctx.workspaceId), eq(routingRules.id, id)))
    await emit(tx, ctx, {
      type: 'routing_rule.deleted',
      resourceId: id,
      data: { routingRule: toRoutingRule(current) },
    })
  })
}

/**
 * `POST /v1/routing-rules/reorder`: `ids` must name every rule of the workspace exactly once (422
 * `invalid_reorder` naming each omitted, repeated or unknown id); positions become 0, 1, 2… in that order.
 */
export async function reorderRoutingRules(ctx: ServiceContext, ids: string[]): Promise<RoutingRuleRow[]> {
  await listFilter(ctx, 'RoutingRule')
  await assertAllowed(ctx, 'update', 'RoutingRule', { workspaceId: ctx.workspaceId })
  return transaction(ctx, async (tx) => {
    forgetRoutingRules(tx, ctx.workspaceId)
    const existing = await lockOrder(tx, ctx.workspaceId)
    const known = new Set(existing.map((r) => r.id as string))
    const errors: FieldError[] = []
    const seen = new Set<string>()
    for (const [i, id] of ids.entries()) {
      if (!known.has(id))
        errors.push({
          path: `body.ids[${i}]`,
          code: 'unknown',
          message: `${id} is not a routing rule of this workspace`,
        })
      else if (seen.has(id))
        errors.push({ path: `body.ids[${i}]`, code: 'repeated', message: `${id} is listed twice` })
      seen.add(id)
    }
    for (const id of known)
      if (!seen.has(id)) errors.push({ path: 'body.ids', code: 'omitted', message: `${id} is missing` })
    if (errors.length > 0)
      throw new ApiError('invalid_reorder', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
        errors: errors.slice(0, 50),
      })
    const before = new Map(existing.map((r) => [r.id as string, r.position]))
    const rows: RoutingRuleRow[] = []
    for (const [position, id] of ids.entries()) {
      if (before.get(id) === position) continue
      const [row] = await tx
        .update(routingRules)
        .set({ position, ...bumped(routingRules) })
        .where(and(eq(routingRules.workspaceId, ctx.workspaceId), eq(routingRules.id, id as RoutingRuleId)))
        .returning()
      if (!row) throw new Error('update returned no routing rule')
      await emit(tx, ctx, {
        type: 'routing_rule.updated',
        resourceId: id,
        data: { routingRule: toRoutingRule(row), previous: { position: before.get(id) } },
      })
      rows.push(row)
    }
    return tx
      .select()
      .from(routingRules)
      .where(eq(routingRules.workspaceId, ctx.workspaceId))
      .orderBy(asc(routingRules.position), asc(routingRules.id))
  })
}
