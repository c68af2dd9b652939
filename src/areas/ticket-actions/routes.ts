import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf } from '../../http/etag'
import type { TicketId } from '../../ids'
import { toTicket } from '../tickets/service/tickets'
import type { ActionType } from './action-types'
import { bulkUpdateTickets } from './bulk'
import { actionOf, runTicketAction } from './service'

/**
 * The conversation actions as operations, each `POST /v1/tickets/{ticketId}/<action>`: the action it runs and
 * whether its body carries parameters. Marking read changes nothing another agent could overwrite, so it
 * ignores `If-Match`; the others honour it (412 when stale).
 */
const actionOperations: Array<{
  operation: (typeof operations)[keyof typeof operations]
  action: ActionType
  body: boolean
  ifMatch: boolean
}> = [
  { operation: operations.assignTicket, action: 'assign', body: true, ifMatch: true },
  { operation: operations.takeTicket, action: 'take', body: false, ifMatch: true },
  { operation: operations.returnTicket, action: 'return', body: false, ifMatch: true },
  { operation: operations.snoozeTicket, action: 'snooze', body: true, ifMatch: true },
  { operation: operations.addTicketTags, action: 'add_tags', body: true, ifMatch: true },
  { operation: operations.removeTicketTags, action: 'remove_tags', body: true, ifMatch: true },
  { operation: operations.setTicketStatus, action: 'set_status', body: true, ifMatch: true },
  { operation: operations.setTicketPriority, action: 'set_priority', body: true, ifMatch: true },
  { operation: operations.markTicketRead, action: 'mark_read', body: false, ifMatch: false },
]

export function registerTicketActionRoutes(app: OpenAPIHono<AppEnv>) {
  for (const { operation, action, body, ifMatch } of actionOperations) {
    app.openapi(operation as typeof operations.assignTicket, async (c) => {
      const id = c.req.valid('param').ticketId as TicketId
      const params = body ? c.req.valid('json') : {}
      const row = await runTicketAction(
        serviceContext(c),
        id,
        actionOf(action, params),
        ifMatch ? c.req.header('if-match') : undefined,
      )
      return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
    })
  }

  // POST /v1/tickets/bulk - the same changes on up to 500 tickets, answered per ticket
  app.openapi(operations.bulkUpdateTickets, async (c) => {
    const { ticketIds, changes } = c.req.valid('json')
    const data = await bulkUpdateTickets(serviceContext(c), ticketIds, changes)
    return c.json({ data } as never, 200)
  })
}
