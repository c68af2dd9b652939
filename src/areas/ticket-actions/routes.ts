import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf } from '../../http/etag'
import type { TicketId } from '../../ids'
import { toTicket } from '../tickets/service/tickets'
import { bulkUpdateTickets } from './bulk'
import { actionOf, runTicketAction } from './service'

export function registerTicketActionRoutes(app: OpenAPIHono<AppEnv>) {
  // POST /v1/tickets/{ticketId}/assign - set the assignee and/or the team
  app.openapi(operations.assignTicket, async (c) => {
    const id = c.req.valid('param').ticketId as TicketId
    const row = await runTicketAction(
      serviceContext(c),
      id,
      actionOf('assign', c.req.valid('json')),
      c.req.header('if-match'),
    )
    return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
  })

  // POST /v1/tickets/{ticketId}/take - assign to the caller
  app.openapi(operations.takeTicket, async (c) => {
    const id = c.req.valid('param').ticketId as TicketId
    const row = await runTicketAction(serviceContext(c), id, actionOf('take', {}), c.req.header('if-match'))
    return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
  })

  // POST /v1/tickets/{ticketId}/return - unassign: back to the team's queue
  app.openapi(operations.returnTicket, async (c) => {
    const id = c.req.valid('param').ticketId as TicketId
    const row = await runTicketAction(serviceContext(c), id, actionOf('return', {}), c.req.header('if-match'))
    return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
  })

  // POST /v1/tickets/{ticketId}/snooze - snooze until a time
  app.openapi(operations.snoozeTicket, async (c) => {
    const id = c.req.valid('param').ticketId as TicketId
    const row = await runTicketAction(
      serviceContext(c),
      id,
      actionOf('snooze', c.req.valid('json')),
      c.req.header('if-match'),
    )
    return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
  })

  // POST /v1/tickets/{ticketId}/tags - add tags
  app.openapi(operations.addTicketTags, async (c) => {
    const id = c.req.valid('param').ticketId as TicketId
    const row = await runTicketAction(
      serviceContext(c),
      id,
      actionOf('add_tags', c.req.valid('json')),
      c.req.header('if-match'),
    )
    return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
  })

  // POST /v1/tickets/{ticketId}/tags/remove - remove tags
  app.openapi(operations.removeTicketTags, async (c) => {
    const id = c.req.valid('param').ticketId as TicketId
    const row = await runTicketAction(
      serviceContext(c),
      id,
      actionOf('remove_tags', c.req.valid('json')),
      c.req.header('if-match'),
    )
    return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
  })

  // POST /v1/tickets/{ticketId}/status - set the status
  app.openapi(operations.setTicketStatus, async (c) => {
    const id = c.req.valid('param').ticketId as TicketId
    const row = await runTicketAction(
      serviceContext(c),
      id,
      actionOf('set_status', c.req.valid('json')),
      c.req.header('if-match'),
    )
    return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
  })

  // POST /v1/tickets/{ticketId}/priority - set the priority
  app.openapi(operations.setTicketPriority, async (c) => {
    const id = c.req.valid('param').ticketId as TicketId
    const row = await runTicketAction(
      serviceContext(c),
      id,
      actionOf('set_priority', c.req.valid('json')),
      c.req.header('if-match'),
    )
    return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
  })

  // POST /v1/tickets/{ticketId}/read - mark read for the caller
  app.openapi(operations.markTicketRead, async (c) => {
    const id = c.req.valid('param').ticketId as TicketId
    const row = await runTicketAction(serviceContext(c), id, actionOf('mark_read', {}))
    return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
  })

  // POST /v1/tickets/bulk - the same changes on up to 500 tickets, answered per ticket
  app.openapi(operations.bulkUpdateTickets, async (c) => {
    const { ticketIds, changes } = c.req.valid('json')
    const data = await bulkUpdateTickets(serviceContext(c), ticketIds, changes)
    return c.json({ data } as never, 200)
  })
}
