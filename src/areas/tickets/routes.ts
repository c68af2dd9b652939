import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { TicketId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  createTicketMessage,
  listTicketActivity,
  listTicketMessages,
  presentTicketMessage,
  recentTicketMessages,
  toTicketActivity,
} from './service/messages'
import {
  createTicket,
  deleteTicket,
  getTicketOrThrow,
  listTickets,
  ticketPresenter,
  updateTicket,
  upsertTicketByExternalId,
} from './service/tickets'

const ticketUrl = (id: string) => `/v1/tickets/${id}`

export function registerTicketRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/tickets - list the tickets the caller may read
  app.openapi(operations.listTickets, async (c) => {
    const ctx = serviceContext(c)
    const query = queryOf(operations.listTickets, c.req.valid('query'))
    const page = await listTickets(ctx, query, c.get('deps').secret)
    const present = await ticketPresenter(ctx)
    return c.json({ data: page.rows.map(present), nextCursor: page.nextCursor } as never, 200)
  })

  // POST /v1/tickets - open a ticket
  app.openapi(operations.createTicket, async (c) => {
    const ctx = serviceContext(c)
    const row = await createTicket(ctx, c.req.valid('json'))
    const present = await ticketPresenter(ctx)
    return c.json(present(row) as never, 201, { etag: etagOf(row.version), location: ticketUrl(row.id) })
  })

  // GET /v1/tickets/{ticketId} - one ticket, optionally with its last 20 messages
  app.openapi(operations.getTicket, async (c) => {
    const ctx = serviceContext(c)
    const query = c.req.valid('query')
    const row = await getTicketOrThrow(ctx, c.req.valid('param').ticketId as TicketId)
    const headers = { etag: etagOf(row.version) }
    if (isNotModified(c, row.version)) return c.body(null, 304, headers)
    const present = await ticketPresenter(ctx)
    const body: Record<string, unknown> = present(row)
    if (query.include === 'messages') {
      const messages = await recentTicketMessages(ctx, row)
      body.messages = messages.map((m) => presentTicketMessage(m, query.bodyFormat))
    }
    return c.json(body as never, 200, headers)
  })

  // PATCH /v1/tickets/{ticketId} - change a ticket's fields
  app.openapi(operations.updateTicket, async (c) => {
    const ctx = serviceContext(c)
    const row = await updateTicket(
      ctx,
      c.req.valid('param').ticketId as TicketId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    const present = await ticketPresenter(ctx)
    return c.json(present(row) as never, 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/tickets/{ticketId} - delete a ticket for good
  app.openapi(operations.deleteTicket, async (c) => {
    await deleteTicket(serviceContext(c), c.req.valid('param').ticketId as TicketId, c.req.header('if-match'))
    return c.body(null, 204)
  })

  // PUT /v1/tickets/by-external-id/{externalId} - create or update by CRM id
  app.openapi(operations.upsertTicketByExternalId, async (c) => {
    const ctx = serviceContext(c)
    const { row, created } = await upsertTicketByExternalId(
      ctx,
      c.req.valid('param').externalId,
      c.req.valid('json'),
    )
    const present = await ticketPresenter(ctx)
    const headers = { etag: etagOf(row.version) }
    if (created) return c.json(present(row) as never, 201, { ...headers, location: ticketUrl(row.id) })
    return c.json(present(row) as never, 200, { ...headers, 'content-location': ticketUrl(row.id) })
  })

  // GET /v1/tickets/{ticketId}/messages - the conversation (replies only for contacts)
  app.openapi(operations.listTicketMessages, async (c) => {
    const query = queryOf(operations.listTicketMessages, c.req.valid('query'))
    const page = await listTicketMessages(
      serviceContext(c),
      c.req.valid('param').ticketId as TicketId,
      query,
      c.get('deps').secret,
    )
    const data = page.rows.map((m) => presentTicketMessage(m, query.bodyFormat))
    return c.json({ data, nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/tickets/{ticketId}/messages - add a reply or an internal note
  app.openapi(operations.createTicketMessage, async (c) => {
    const message = await createTicketMessage(
      serviceContext(c),
      c.req.valid('param').ticketId as TicketId,
      c.req.valid('json'),
    )
    return c.json(presentTicketMessage(message, c.req.valid('query').bodyFormat), 201)
  })

  // GET /v1/tickets/{ticketId}/activity - the timeline of field changes (staff only)
  app.openapi(operations.listTicketActivity, async (c) => {
    const query = queryOf(operations.listTicketActivity, c.req.valid('query'))
    const page = await listTicketActivity(
      serviceContext(c),
      c.req.valid('param').ticketId as TicketId,
      query,
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toTicketActivity), nextCursor: page.nextCursor } as never, 200)
  })
}
