import type { z } from '@hono/zod-openapi'
import { actingMemberId, type ServiceContext } from '../../context/service'
import type { Db } from '../../db/database'
import { ticketReads } from '../../db/schema/tickets'
import type { TicketId } from '../../ids'
import { createTicketMessage } from '../tickets/service/messages'
import {
  getTicketOrThrow,
  type TicketChanges,
  type TicketRow,
  updateTicketFields,
} from '../tickets/service/tickets'
import {
  type ActionParams,
  type ActionType,
  actionParams,
  type ConversationAction,
  renderTemplate,
  type TemplateVariable,
} from './action-types'
import { snoozeTicketIn } from './snooze'

/** The ticket permission (an action of the `Ticket` policy) each conversation action needs. */
export type TicketPermission = 'read' | 'update' | 'assign' | 'reply' | 'note'

/** What an action may need besides the ticket: where its errors point, the template values, the time. */
export interface ActionEnv {
  /** Prefix of field paths in errors (`body`, `body.actions.2`). */
  at: string
  values?: Partial<Record<TemplateVariable, string | null>>
  now: Date
}

/**
 * One conversation action. Field actions (`assign`, `set_status`, tags…) say how they change the ticket's
 * fields (`change`): the runner folds them into one write through the core's `updateTicketFields`, so a macro
 * setting status, priority and tags writes one version, one timeline entry per field and one `ticket.updated`.
 * The others (`reply`, `note`, `snooze`, `mark_read`) have an effect of their own (`apply`).
 */
interface ActionDefinition<T extends ActionType> {
  type: T
  params: z.ZodType<ActionParams<T>>
  permission: TicketPermission
  change?: (ctx: ServiceContext, fields: FieldState, params: ActionParams<T>) => TicketChanges
  apply?: (
    ctx: ServiceContext,
    tx: Db,
    ticket: TicketRow,
    params: ActionParams<T>,
    env: ActionEnv,
  ) => Promise<TicketRow>
}

/** The ticket's tags as the field actions so far left them. */
type FieldState = { tags: string[] }

const message =
  (kind: 'reply' | 'note') =>
  async (ctx: ServiceContext, tx: Db, ticket: TicketRow, params: { body: string }, env: ActionEnv) => {
    // The core's message write (closed tickets, response times, events), in a savepoint of this transaction.
    const scoped = { ...ctx, db: tx }
    await createTicketMessage(scoped, ticket.id as TicketId, {
      kind,
      body: renderTemplate(params.body, env.values ?? {}),
    })
    return getTicketOrThrow(scoped, ticket.id as TicketId, 'read', tx)
  }

/**
 * The conversation actions: each one's parameters, the ticket permission it needs, and what it does. The REST
 * operations (`assignTicket`, `snoozeTicket`, …), bulk updates and macros all run them through `applyActions`.
 */
export const conversationActions: { [T in ActionType]: ActionDefinition<T> } = {
  assign: {
    type: 'assign',
    params: actionParams.assign,
    permission: 'assign',
    change: (_, __, p) => ({
      ...(p.assigneeId !== undefined ? { assigneeId: p.assigneeId } : {}),
      ...(p.teamId !== undefined ? { teamId: p.teamId } : {}),
    }),
  },
  take: {
    type: 'take',
    params: actionParams.take,
    permission: 'assign',
    change: (ctx) => ({ assigneeId: actingMemberId(ctx) }),
  },
  return: {
    type: 'return',
    params: actionParams.return,
    permission: 'assign',
    change: () => ({ assigneeId: null }),
  },
  set_status: {
    type: 'set_status',
    params: actionParams.set_status,
    permission: 'update',
    change: (_, __, p) => ({ statusId: p.statusId }),
  },
  set_priority: {
    type: 'set_priority',
    params: actionParams.set_priority,
    permission: 'update',
    change: (_, __, p) => ({ priority: p.priority }),
  },
  add_tags: {
    type: 'add_tags',
    params: actionParams.add_tags,
    permission: 'update',
    change: (_, state, p) => ({ tags: [...new Set([...state.tags, ...p.tags])] }),
  },
  remove_tags: {
    type: 'remove_tags',
    params: actionParams.remove_tags,
    permission: 'update',
    change: (_, state, p) => ({ tags: state.tags.filter((tag) => !p.tags.includes(tag)) }),
  },
  snooze: {
    type: 'snooze',
    params: actionParams.snooze,
    permission: 'update',
    apply: (ctx, tx, ticket, p, env) => {
      const until = p.until ? new Date(p.until) : new Date(env.now.getTime() + (p.minutes ?? 0) * 60_000)
      return snoozeTicketIn(ctx, tx, ticket, until, env.at, env.now)
    },
  },
  reply: { type: 'reply', params: actionParams.reply, permission: 'reply', apply: message('reply') },
  note: { type: 'note', params: actionParams.note, permission: 'note', apply: message('note') },
  mark_read: {
    type: 'mark_read',
    params: actionParams.mark_read,
    permission: 'read',
    apply: async (ctx, tx, ticket, _, env) => {
      await tx
        .insert(ticketReads)
        .values({
          workspaceId: ctx.workspaceId,
          ticketId: ticket.id,
          memberId: actingMemberId(ctx),
          readAt: env.now,
        })
        .onConflictDoUpdate({
          target: [ticketReads.ticketId, ticketReads.memberId],
          set: { readAt: env.now },
        })
      return ticket
    },
  },
}

const definitionOf = (action: ConversationAction) =>
  conversationActions[action.type] as ActionDefinition<ActionType>

/** Run an effect action (one with `apply`). */
function runEffect(
  ctx: ServiceContext,
  tx: Db,
  ticket: TicketRow,
  action: ConversationAction,
  env: ActionEnv,
) {
  const { type, ...params } = action
  const apply = definitionOf(action).apply
  if (!apply) throw new Error(`${type} is a field action`)
  return apply(ctx, tx, ticket, params as never, env)
}

/** The field changes of a field action (one with `change`), given the tags so far. */
function fieldChange(ctx: ServiceContext, state: FieldState, action: ConversationAction): TicketChanges {
  const { type, ...params } = action
  const change = definitionOf(action).change
  if (!change) throw new Error(`${type} is not a field action`)
  return change(ctx, state, params as never)
}

/** The ticket permissions a list of actions needs, each once. */
export const permissionsOf = (actions: readonly ConversationAction[]): TicketPermission[] => [
  ...new Set(actions.map((a) => definitionOf(a).permission)),
]

/** A rendered message an application wrote (or, in a dry run, would write). */
export interface RenderedMessage {
  kind: 'reply' | 'note'
  body: string
}

/**
 * Apply `actions` to a locked ticket whose permissions the caller holds, in `tx`: replies and notes first, in
 * their order (so a macro that replies and then closes works); then the field actions folded into one write;
 * then a snooze; then marking read. Answers the ticket after them and the messages written.
 */
export async function applyActions(
  ctx: ServiceContext,
  tx: Db,
  ticket: TicketRow,
  actions: readonly ConversationAction[],
  env: ActionEnv,
): Promise<{ ticket: TicketRow; messages: RenderedMessage[] }> {
  let current = ticket
  const messages: RenderedMessage[] = []
  const { run, fields, after } = {
    run: [] as ConversationAction[],
    fields: [] as ConversationAction[],
    after: [] as ConversationAction[],
  }
  for (const action of actions) {
    if (action.type === 'reply' || action.type === 'note') run.push(action)
    else if (definitionOf(action).change) fields.push(action)
    else after.push(action)
  }
  for (const action of run) {
    current = await runEffect(ctx, tx, current, action, env)
    if (action.type === 'reply' || action.type === 'note')
      messages.push({ kind: action.type, body: renderTemplate(action.body, env.values ?? {}) })
  }
  if (fields.length > 0) {
    let changes: TicketChanges = {}
    for (const action of fields) {
      changes = { ...changes, ...fieldChange(ctx, { tags: changes.tags ?? current.tags }, action) }
    }
    current = await updateTicketFields(ctx, tx, current, changes, { at: env.at, authorize: false })
  }
  // Snoozes and reads in the order given (the last snooze wins).
  for (const action of after.sort(
    (a, b) => Number(a.type === 'mark_read') - Number(b.type === 'mark_read'),
  )) {
    current = await runEffect(ctx, tx, current, action, env)
  }
  return { ticket: current, messages }
}
