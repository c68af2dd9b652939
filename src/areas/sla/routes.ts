import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { TicketId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  createSlaPolicy,
  deleteSlaPolicy,
  getSlaPolicyOrThrow,
  getTicketSla,
  listSlaPolicies,
  previewSla,
  type SlaPolicyId,
  toSlaPolicy,
  updateSlaPolicy,
} from './service'

const policyUrl = (id: string) => `/v1/sla-policies/${id}`

export function registerSlaRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/sla-policies - the policies in their order
  app.openapi(operations.listSlaPolicies, async (c) => {
    const query = queryOf(operations.listSlaPolicies, c.req.valid('query'))
    const page = await listSlaPolicies(
      serviceContext(c),
      { limit: query.limit, cursor: query.cursor },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toSlaPolicy), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/sla-policies - create a policy (appended, or inserted at `position`)
  app.openapi(operations.createSlaPolicy, async (c) => {
    const row = await createSlaPolicy(serviceContext(c), c.req.valid('json'))
    return c.json(toSlaPolicy(row), 201, { etag: etagOf(row.version), location: policyUrl(row.id) })
  })

  // POST /v1/sla-policies/preview - which policy applies and the due times it gives
  app.openapi(operations.previewSlaPolicy, async (c) => {
    const result = await previewSla(serviceContext(c), c.req.valid('json'))
    return c.json(result as never, 200)
  })

  // GET /v1/sla-policies/{policyId} - one policy
  app.openapi(operations.getSlaPolicy, async (c) => {
    const row = await getSlaPolicyOrThrow(serviceContext(c), c.req.valid('param').policyId as SlaPolicyId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toSlaPolicy(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/sla-policies/{policyId} - change a policy
  app.openapi(operations.updateSlaPolicy, async (c) => {
    const row = await updateSlaPolicy(
      serviceContext(c),
      c.req.valid('param').policyId as SlaPolicyId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toSlaPolicy(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/sla-policies/{policyId} - delete a policy
  app.openapi(operations.deleteSlaPolicy, async (c) => {
    await deleteSlaPolicy(
      serviceContext(c),
      c.req.valid('param').policyId as SlaPolicyId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // GET /v1/tickets/{ticketId}/sla - the ticket's policy and clocks
  app.openapi(operations.getTicketSla, async (c) => {
    const result = await getTicketSla(serviceContext(c), c.req.valid('param').ticketId as TicketId)
    return c.json(result as never, 200)
  })
}
