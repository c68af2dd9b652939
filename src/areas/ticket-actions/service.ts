import { type ServiceContext, transaction } from '../../context/service'
import { validationFailed } from '../../http/errors'
import { fieldErrors } from '../../http/problems'
import type { TicketId } from '../../ids'
import { lockTicket, type TicketRow, warmTicketFilters } from '../tickets/service/tickets'
import { type ActionType, actionParams, type ConversationAction } from './action-types'
import { applyActions, conversationActions } from './actions'

/** The action a REST operation's body asks for, checked against the registry (400 naming `body.…`). */
export function actionOf<T extends ActionType>(type: T, body: unknown): ConversationAction {
  const parsed = actionParams[type].safeParse(body ?? {})
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error, 'body'))
  return { type, ...parsed.data } as ConversationAction
}

/**
 * Run one conversation action on a ticket (`POST /v1/tickets/{ticketId}/assign`, …): lock it if the caller
 * reads it (404), check the action's permission (403) and `If-Match` (412), and apply it through the same path
 * as bulk updates and macros, in one transaction. Answers the ticket after it.
 */
export async function runTicketAction(
  ctx: ServiceContext,
  id: TicketId,
  action: ConversationAction,
  ifMatch?: string,
): Promise<TicketRow> {
  await warmTicketFilters(ctx)
  const permission = conversationActions[action.type].permission
  return transaction(ctx, async (tx) => {
    const current = await lockTicket(ctx, tx, id, permission, ifMatch)
    const { ticket } = await applyActions(ctx, tx, current, [action], { at: 'body', now: new Date() })
    return ticket
  })
}
