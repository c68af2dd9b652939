import { and, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm'
import { forbidden } from '../../authz/authorizer'
import { filterFor } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { contacts, members, organizations } from '../../db/schema'
import { tickets } from '../../db/schema/tickets'
import { ApiError, type ProblemBody, problemBody } from '../../http/errors'
import type { TicketId } from '../../ids'
import { type TicketRow, toTicket, warmTicketFilters } from '../tickets/service/tickets'
import type { ConversationAction, TemplateVariable } from './action-types'
import { applyActions, permissionsOf, type RenderedMessage, type TicketPermission } from './actions'

/** How many tickets one bulk update or macro application takes. */
export const maxBulkTickets = 500

/** The fields whose before/after an application reports. */
const reported = [
  'statusId',
  'statusCategory',
  'priority',
  'assigneeId',
  'teamId',
  'tags',
  'snoozedUntil',
] as const

export type BulkStatus = 'updated' | 'unchanged' | 'not_found' | 'forbidden' | 'invalid'

/** A field's value before and after an application. */
export interface FieldChange {
  field: (typeof reported)[number]
  before: unknown
  after: unknown
}

export interface TicketOutcome {
  ticketId: string
  status: BulkStatus
  /** The fields that changed (or, in a dry run, would change). */
  changes?: FieldChange[]
  /** The replies and notes written (or that would be). */
  messages?: RenderedMessage[]
  problem?: ProblemBody
}

/** 422 `bulk_limit_exceeded` for more than 500 tickets, naming the list. */
export function assertBulkSize(count: number, path: string) {
  if (count <= maxBulkTickets) return
  const message = `at most ${maxBulkTickets} tickets per request (got ${count})`
  throw new ApiError('bulk_limit_exceeded', `${path}: ${message}`, {
    errors: [{ path, code: 'bulk_limit_exceeded', message }],
  })
}

function fieldChanges(before: TicketRow, after: TicketRow): FieldChange[] {
  const a = toTicket(before) as Record<string, unknown>
  const b = toTicket(after) as Record<string, unknown>
  return reported
    .filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
    .map((field) => ({ field, before: a[field], after: b[field] }))
}

/** Thrown to roll a dry run's savepoint back once its outcome is known. */
class DryRun extends Error {
  constructor(readonly outcome: TicketOutcome) {
    super('dry run')
  }
}

/** The values of a ticket's template variables: its number, subject, requester, organisation and the agent. */
async function templateValues(
  db: Db,
  ticket: TicketRow,
  agentName: string | null,
): Promise<Partial<Record<TemplateVariable, string | null>>> {
  const [row] = await db
    .select({ name: contacts.name, email: contacts.email, organization: organizations.name })
    .from(contacts)
    .leftJoin(
      organizations,
      and(
        eq(organizations.workspaceId, ticket.workspaceId),
        sql`${organizations.id} = ${ticket.organizationId}`,
      ),
    )
    .where(and(eq(contacts.workspaceId, ticket.workspaceId), eq(contacts.id, ticket.requesterId)))
  return {
    'ticket.number': String(ticket.number),
    'ticket.subject': ticket.subject,
    'requester.name': row?.name ?? null,
    'requester.email': row?.email ?? null,
    'organization.name': row?.organization ?? null,
    'agent.name': agentName,
  }
}

/**
 * Apply `actions` to each of `ticketIds` (deduplicated, answered in the order given), each in its own savepoint
 * so one ticket's failure never undoes another's. The tickets the caller may read are loaded, locked, with
 * whether it holds each permission the actions need, in ONE query through the compiled predicates: a ticket it
 * cannot read is `not_found` (never told apart from a missing one), one it reads but may not change `forbidden`;
 * a change the core refuses (a closed ticket, an unknown status…) `invalid` with its problem. With `dryRun`,
 * every savepoint is rolled back after computing what would change.
 */
export async function applyToTickets(
  ctx: ServiceContext,
  ticketIds: readonly string[],
  actions: readonly ConversationAction[],
  options: { dryRun?: boolean; at: string },
): Promise<TicketOutcome[]> {
  await warmTicketFilters(ctx)
  const read = await filterFor(ctx, 'read', 'Ticket')
  if (read.none) throw forbidden(await ctx.principal(), 'Ticket', 'read')
  const needed = permissionsOf(actions).filter((p) => p !== 'read')
  const may: Record<string, SQL.Aliased<boolean>> = {}
  for (const permission of needed) {
    const filter = await filterFor(ctx, permission, 'Ticket')
    may[permission] = sql<boolean>`coalesce((${filter.where}), false)`.as(`may_${permission}`)
  }
  const wantsTemplates = actions.some((a) => a.type === 'reply' || a.type === 'note')
  const agentName = wantsTemplates ? await actingMemberName(ctx) : null
  const unique = [...new Set(ticketIds)]
  const now = new Date()

  return transaction(ctx, async (tx) => {
    const rows = await tx
      .select({ ...getTableColumns(tickets), ...may })
      .from(tickets)
      .where(
        and(eq(tickets.workspaceId, ctx.workspaceId), inArray(tickets.id, unique as TicketId[]), read.where),
      )
      .orderBy(tickets.id)
      .for('update', { of: tickets })
    const byId = new Map(rows.map((r) => [r.id as string, r]))
    const outcomes: TicketOutcome[] = []
    for (const id of unique) {
      const row = byId.get(id)
      if (!row) {
        outcomes.push({
          ticketId: id,
          status: 'not_found',
          problem: problemBody(new ApiError('not_found', 'Ticket not found'), ctx.requestId),
        })
        continue
      }
      const flags = row as unknown as Record<string, boolean>
      const missing = needed.find((p) => !flags[p])
      if (missing) {
        const error = forbidden(await ctx.principal(), 'Ticket', missing as TicketPermission)
        outcomes.push({ ticketId: id, status: 'forbidden', problem: problemBody(error, ctx.requestId) })
        continue
      }
      const ticket = Object.fromEntries(
        Object.keys(getTableColumns(tickets)).map((k) => [k, (row as Record<string, unknown>)[k]]),
      ) as TicketRow
      try {
        const outcome = await tx.transaction(async (sp) => {
          const values = wantsTemplates ? await templateValues(sp, ticket, agentName) : undefined
          const result = await applyActions(ctx, sp, ticket, actions, { at: options.at, values, now })
          const changed = result.ticket.version !== ticket.version || result.messages.length > 0
          const outcome: TicketOutcome = {
            ticketId: id,
            status: changed ? 'updated' : 'unchanged',
            changes: fieldChanges(ticket, result.ticket),
            ...(wantsTemplates ? { messages: result.messages } : {}),
          }
          if (options.dryRun) throw new DryRun(outcome)
          return outcome
        })
        outcomes.push(outcome)
      } catch (caught) {
        if (caught instanceof DryRun) {
          outcomes.push(caught.outcome)
          continue
        }
        if (!(caught instanceof ApiError)) throw caught
        const status: BulkStatus =
          caught.status === 404 ? 'not_found' : caught.status === 403 ? 'forbidden' : 'invalid'
        outcomes.push({ ticketId: id, status, problem: problemBody(caught, ctx.requestId) })
      }
    }
    return outcomes
  })
}

async function actingMemberName(ctx: ServiceContext): Promise<string | null> {
  const memberId =
    ctx.actor.type === 'member' ? ctx.actor.id : ctx.actor.type === 'api_key' ? ctx.actor.memberId : null
  if (!memberId) return null
  const [row] = await ctx.db
    .select({ name: members.name })
    .from(members)
    .where(and(eq(members.workspaceId, ctx.workspaceId), eq(members.id, memberId)))
  return row?.name ?? null
}

/** The changes a bulk update may carry. */
export interface BulkChanges {
  statusId?: string
  priority?: 'low' | 'normal' | 'high' | 'urgent'
  assigneeId?: string | null
  teamId?: string | null
  addTags?: string[]
  removeTags?: string[]
}

/** The bulk update's changes as conversation actions (one write per ticket: field actions fold together). */
export function bulkActions(changes: BulkChanges): ConversationAction[] {
  const actions: ConversationAction[] = []
  if (changes.statusId !== undefined) actions.push({ type: 'set_status', statusId: changes.statusId })
  if (changes.priority !== undefined) actions.push({ type: 'set_priority', priority: changes.priority })
  if (changes.assigneeId !== undefined || changes.teamId !== undefined)
    actions.push({
      type: 'assign',
      ...(changes.assigneeId !== undefined ? { assigneeId: changes.assigneeId } : {}),
      ...(changes.teamId !== undefined ? { teamId: changes.teamId } : {}),
    })
  if (changes.addTags?.length) actions.push({ type: 'add_tags', tags: changes.addTags })
  if (changes.removeTags?.length) actions.push({ type: 'remove_tags', tags: changes.removeTags })
  return actions
}

/** `POST /v1/tickets/bulk`: up to 500 tickets, the same changes, answered per ticket. */
export async function bulkUpdateTickets(ctx: ServiceContext, ticketIds: string[], changes: BulkChanges) {
  assertBulkSize(new Set(ticketIds).size, 'body.ticketIds')
  return applyToTickets(ctx, ticketIds, bulkActions(changes), { at: 'body.changes' })
}
