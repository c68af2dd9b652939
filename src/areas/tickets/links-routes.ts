import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf } from '../../http/etag'
import type { TicketId } from '../../ids'
import { createTicketLink, deleteTicketLink, listTicketLinks, toTicketLink } from './links'
import { mergeTicket } from './merge'
import {
  addTicketParticipant,
  listTicketParticipants,
  removeTicketParticipant,
  toTicketParticipant,
} from './participants'
import { toTicket } from './service/tickets'

/** Participants, links and merges of tickets (spec/paths/ticket-links.yaml). */
export function registerTicketLinkRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/tickets/{ticketId}/participants - the CC contacts and followers of a ticket
  app.openapi(operations.listTicketParticipants, async (c) => {
    const rows = await listTicketParticipants(serviceContext(c), c.req.valid('param').ticketId as TicketId)
    return c.json({ data: rows.map(toTicketParticipant) }, 200)
  })

  // POST /v1/tickets/{ticketId}/participants - CC a contact or add a follower
  app.openapi(operations.addTicketParticipant, async (c) => {
    const row = await addTicketParticipant(
      serviceContext(c),
      c.req.valid('param').ticketId as TicketId,
      c.req.valid('json'),
    )
    return c.json(toTicketParticipant(row), 201)
  })

  // DELETE /v1/tickets/{ticketId}/participants/{participantId} - remove a CC contact or a follower
  app.openapi(operations.removeTicketParticipant, async (c) => {
    const { ticketId, participantId } = c.req.valid('param')
    await removeTicketParticipant(serviceContext(c), ticketId as TicketId, participantId)
    return c.body(null, 204)
  })

  // GET /v1/tickets/{ticketId}/links - the links of a ticket the caller may see
  app.openapi(operations.listTicketLinks, async (c) => {
    const rows = await listTicketLinks(serviceContext(c), c.req.valid('param').ticketId as TicketId)
    return c.json({ data: rows.map(toTicketLink) }, 200)
  })

  // POST /v1/tickets/{ticketId}/links - link a ticket to a post, another ticket or a URL
  app.openapi(operations.createTicketLink, async (c) => {
    const { link, voteAdded } = await createTicketLink(
      serviceContext(c),
      c.req.valid('param').ticketId as TicketId,
      c.req.valid('json'),
    )
    return c.json({ ...toTicketLink(link), ...(voteAdded === undefined ? {} : { voteAdded }) }, 201)
  })

  // DELETE /v1/tickets/{ticketId}/links/{ticketLinkId} - remove a link
  app.openapi(operations.deleteTicketLink, async (c) => {
    const { ticketId, ticketLinkId } = c.req.valid('param')
    await deleteTicketLink(serviceContext(c), ticketId as TicketId, ticketLinkId)
    return c.body(null, 204)
  })

  // POST /v1/tickets/{ticketId}/merge - merge a ticket into another
  app.openapi(operations.mergeTicket, async (c) => {
    const row = await mergeTicket(
      serviceContext(c),
      c.req.valid('param').ticketId as TicketId,
      c.req.valid('json').targetTicketId as TicketId,
    )
    return c.json(toTicket(row) as never, 200, { etag: etagOf(row.version) })
  })
}
