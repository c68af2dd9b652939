import { assertAllowed } from '../../authz/guard'
import type { ServiceContext } from '../../context/service'
import type { RoutingTrigger } from '../../db/schema/routing'
import { validationFailed } from '../../http/errors'
import type { TicketId } from '../../ids'
import { type TicketConditionRecord, ticketConditionFields } from '../tickets/condition-fields'
import { getTicketOrThrow, warmTicketFilters } from '../tickets/service/tickets'
import { customFieldShapes } from '../views/service'
import {
  activeRules,
  businessHoursFor,
  dryApplier,
  type PassContext,
  recordOf,
  relatedOf,
  runPass,
} from './engine'
import { toRoutingRule } from './service'

/** A hypothetical ticket's fields (`RoutingTestTicket`). */
export interface HypotheticalTicket {
  subject?: string
  priority?: string
  statusId?: string
  statusCategory?: string
  typeId?: string
  assigneeId?: string
  teamId?: string
  inboxId?: string
  requesterId?: string
  organizationId?: string
  source?: string
  tags?: string[]
  customFields?: Record<string, unknown>
  messageCount?: number
}

export interface RoutingTestInput {
  ticketId?: string
  ticket?: HypotheticalTicket
  trigger?: RoutingTrigger
  previous?: HypotheticalTicket
}

/** A hypothetical ticket as conditions read it: absent fields unset, a new normal-priority ticket created now. */
function hypothetical(t: HypotheticalTicket, now: Date): TicketConditionRecord {
  return {
    statusId: t.statusId ?? '',
    statusCategory: t.statusCategory ?? 'new',
    priority: t.priority ?? 'normal',
    typeId: t.typeId ?? null,
    assigneeId: t.assigneeId ?? null,
    teamId: t.teamId ?? null,
    inboxId: t.inboxId ?? null,
    requesterId: t.requesterId ?? '',
    organizationId: t.organizationId ?? null,
    tags: [...new Set(t.tags ?? [])],
    source: t.source ?? 'api',
    subject: t.subject ?? '',
    number: 0,
    messageCount: t.messageCount ?? 0,
    customFields: t.customFields ?? {},
    createdAt: now,
    updatedAt: now,
    firstResponseAt: null,
    solvedAt: null,
    closedAt: null,
    lastCustomerMessageAt: null,
    lastAgentMessageAt: null,
    snoozedUntil: null,
  }
}

/**
 * `POST /v1/routing-rules/test`: the live engine's pass over an existing or hypothetical ticket with an applier
 * that only changes a copy in memory. It reads (rules, schedules, rotations, open counts) and never writes.
 */
export async function testRoutingRules(ctx: ServiceContext, input: RoutingTestInput) {
  await assertAllowed(ctx, 'test', 'RoutingRule', { workspaceId: ctx.workspaceId })
  if ((input.ticketId === undefined) === (input.ticket === undefined)) {
    throw validationFailed([
      {
        path: 'body',
        code: 'one_of',
        message: 'give exactly one of ticketId (an existing ticket) or ticket',
      },
    ])
  }
  const ws = ctx.workspaceId
  const trigger = input.trigger ?? 'ticket.created'
  const now = new Date()
  let record: TicketConditionRecord & { id?: string }
  if (input.ticketId !== undefined) {
    await warmTicketFilters(ctx)
    const row = await getTicketOrThrow(ctx, input.ticketId as TicketId)
    record = recordOf(row, await relatedOf(ctx.db, ws, row.requesterId, row.organizationId))
  } else {
    const t = input.ticket as HypotheticalTicket
    record = {
      ...hypothetical(t, now),
      ...(await relatedOf(ctx.db, ws, t.requesterId ?? null, t.organizationId ?? null)),
    }
  }
  const rules = await activeRules(ctx.db, ws, trigger)
  const pass: PassContext = {
    db: ctx.db,
    workspaceId: ws,
    rules,
    catalogue: ticketConditionFields(await customFieldShapes(ctx.db, ws)),
    previous:
      trigger === 'ticket.updated' && input.previous
        ? ({ ...record, ...input.previous } as TicketConditionRecord)
        : undefined,
    businessHours: await businessHoursFor(ctx.db, ws, rules),
    now,
  }
  const state = { record }
  const { changes, apply } = dryApplier(pass, state)
  const matched = await runPass(pass, record, apply)
  const after = state.record
  return {
    trigger,
    matched: matched.map((rule) => {
      const r = toRoutingRule(rule)
      return {
        ruleId: r.id,
        name: r.name,
        position: r.position,
        actions: r.actions,
        stopProcessing: r.stopProcessing,
      }
    }),
    changes,
    ticket: {
      ...(input.ticketId ? { id: input.ticketId } : {}),
      priority: after.priority,
      typeId: after.typeId,
      teamId: after.teamId,
      assigneeId: after.assigneeId,
      tags: after.tags,
      customFields: after.customFields,
    },
  }
}
