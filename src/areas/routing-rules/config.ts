import { and, asc, eq, inArray } from 'drizzle-orm'
import {
  type BusinessHoursResolver,
  businessHoursField,
  type Condition,
  type FieldCatalogue,
  isRule,
} from '../../conditions/types'
import type { Db } from '../../db/database'
import { type RoutingTrigger, routingRules } from '../../db/schema/routing'
import { businessHours } from '../../db/schema/sla'
import type { WorkspaceId } from '../../ids'
import { compileSchedule, isOpen } from '../../sla'
import { configFingerprint, FingerprintCache, forgetFingerprint } from '../sla/config-cache'
import { type TicketConditionRecord, ticketConditionFields } from '../tickets/condition-fields'
import { customFieldShapes } from '../views/service'

type RuleRow = typeof routingRules.$inferSelect

function scheduleIds(condition: Condition, out: Set<string>): Set<string> {
  if (isRule(condition)) {
    if (condition.field === businessHoursField) out.add(String(condition.value))
  } else for (const child of [...(condition.all ?? []), ...(condition.any ?? [])]) scheduleIds(child, out)
  return out
}

/**
 * The business-hours resolver of `rules`' `businessHours` conditions: their schedules loaded in one query
 * (none when no rule names one). A schedule deleted since is never open.
 */
export async function businessHoursFor(
  db: Db,
  workspaceId: WorkspaceId,
  rules: readonly RuleRow[],
): Promise<BusinessHoursResolver> {
  const ids = new Set<string>()
  for (const rule of rules) scheduleIds(rule.conditions as Condition, ids)
  const rows =
    ids.size === 0
      ? []
      : await db
          .select()
          .from(businessHours)
          .where(
            and(eq(businessHours.workspaceId, workspaceId), inArray(businessHours.id, [...ids] as never[])),
          )
  const byId = new Map(rows.map((r) => [r.id as string, compileSchedule(r)]))
  return {
    isOpen(id, at) {
      const schedule = byId.get(id)
      return schedule ? isOpen(schedule, at) : false
    },
  }
}

/** What the live engine needs of a workspace's rules: the active ones by trigger, in order, and their context. */
export interface RoutingConfig {
  byTrigger: Map<RoutingTrigger, RuleRow[]>
  catalogue: FieldCatalogue<TicketConditionRecord>
  businessHours: BusinessHoursResolver
}

const routingCache = new FingerprintCache<RoutingConfig>()

async function loadConfig(db: Db, workspaceId: WorkspaceId): Promise<RoutingConfig> {
  const rules = await db
    .select()
    .from(routingRules)
    .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.active, true)))
    .orderBy(asc(routingRules.position), asc(routingRules.id))
  const byTrigger = new Map<RoutingTrigger, RuleRow[]>()
  for (const rule of rules) byTrigger.set(rule.trigger, [...(byTrigger.get(rule.trigger) ?? []), rule])
  // No rule, nothing to evaluate: the custom fields and schedules are not read.
  const shapes = rules.length > 0 ? await customFieldShapes(db, workspaceId) : []
  return {
    byTrigger,
    catalogue: ticketConditionFields(shapes),
    businessHours: await businessHoursFor(db, workspaceId, rules),
  }
}

/**
 * The workspace's active rules with their field catalogue and business hours, from process memory while the
 * configuration fingerprint read through `db` (once per transaction, shared with the SLA reaction) is the one
 * they were loaded under (`../sla/config-cache.ts`): a rule changed on any instance is seen by the next ticket
 * write, in its own transaction.
 */
export async function routingConfig(db: Db, workspaceId: WorkspaceId): Promise<RoutingConfig> {
  const f = await configFingerprint(db, workspaceId)
  return routingCache.get(workspaceId, `${f.rules}:${f.hours}:${f.fields}`, () => loadConfig(db, workspaceId))
}

/** After a rule write in `tx`: this instance reloads at once (others see the fingerprint move). */
export function forgetRoutingRules(tx: Db, workspaceId: WorkspaceId) {
  routingCache.forget(workspaceId)
  forgetFingerprint(tx, workspaceId)
}
