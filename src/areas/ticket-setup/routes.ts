import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import {
  type CustomFieldId,
  createCustomField,
  deleteCustomField,
  getCustomFieldOrThrow,
  listCustomFields,
  toCustomField,
  updateCustomField,
} from './fields'
import {
  createTicketStatus,
  deleteTicketStatus,
  getTicketStatusOrThrow,
  listTicketStatuses,
  type TicketStatusId,
  toTicketStatus,
  updateTicketStatus,
} from './statuses'
import {
  createTicketType,
  deleteTicketType,
  getTicketTypeOrThrow,
  listTicketTypes,
  type TicketTypeId,
  toTicketType,
  updateTicketType,
} from './types'

export function registerTicketSetupRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/ticket-statuses - the workspace's ticket statuses in order
  app.openapi(operations.listTicketStatuses, async (c) => {
    const rows = await listTicketStatuses(serviceContext(c))
    return c.json({ data: rows.map(toTicketStatus) }, 200)
  })

  // POST /v1/ticket-statuses - create a ticket status
  app.openapi(operations.createTicketStatus, async (c) => {
    const row = await createTicketStatus(serviceContext(c), c.req.valid('json'))
    return c.json(toTicketStatus(row), 201, {
      etag: etagOf(row.version),
      location: `/v1/ticket-statuses/${row.id}`,
    })
  })

  // GET /v1/ticket-statuses/{statusId} - one ticket status
  app.openapi(operations.getTicketStatus, async (c) => {
    const row = await getTicketStatusOrThrow(serviceContext(c), c.req.valid('param').statusId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toTicketStatus(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/ticket-statuses/{statusId} - rename, recategorise, reorder or make default
  app.openapi(operations.updateTicketStatus, async (c) => {
    const row = await updateTicketStatus(
      serviceContext(c),
      c.req.valid('param').statusId as TicketStatusId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toTicketStatus(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/ticket-statuses/{statusId} - delete a status, moving its tickets to a replacement
  app.openapi(operations.deleteTicketStatus, async (c) => {
    await deleteTicketStatus(serviceContext(c), c.req.valid('param').statusId as TicketStatusId, {
      replacementStatusId: c.req.valid('query').replacementStatusId,
      ifMatch: c.req.header('if-match'),
    })
    return c.body(null, 204)
  })

  // GET /v1/ticket-types - the workspace's ticket types in order
  app.openapi(operations.listTicketTypes, async (c) => {
    const rows = await listTicketTypes(serviceContext(c))
    return c.json({ data: rows.map(toTicketType) }, 200)
  })

  // POST /v1/ticket-types - create a ticket type
  app.openapi(operations.createTicketType, async (c) => {
    const row = await createTicketType(serviceContext(c), c.req.valid('json'))
    return c.json(toTicketType(row), 201, {
      etag: etagOf(row.version),
      location: `/v1/ticket-types/${row.id}`,
    })
  })

  // GET /v1/ticket-types/{typeId} - one ticket type
  app.openapi(operations.getTicketType, async (c) => {
    const row = await getTicketTypeOrThrow(serviceContext(c), c.req.valid('param').typeId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toTicketType(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/ticket-types/{typeId} - rename, reorder or change a type's custom fields
  app.openapi(operations.updateTicketType, async (c) => {
    const row = await updateTicketType(
      serviceContext(c),
      c.req.valid('param').typeId as TicketTypeId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toTicketType(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/ticket-types/{typeId} - delete a type (its tickets keep no type)
  app.openapi(operations.deleteTicketType, async (c) => {
    await deleteTicketType(
      serviceContext(c),
      c.req.valid('param').typeId as TicketTypeId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // GET /v1/custom-fields - the workspace's ticket custom fields in order
  app.openapi(operations.listCustomFields, async (c) => {
    const rows = await listCustomFields(serviceContext(c))
    return c.json({ data: rows.map(toCustomField) }, 200)
  })

  // POST /v1/custom-fields - create a custom field
  app.openapi(operations.createCustomField, async (c) => {
    const row = await createCustomField(serviceContext(c), c.req.valid('json'))
    return c.json(toCustomField(row), 201, {
      etag: etagOf(row.version),
      location: `/v1/custom-fields/${row.id}`,
    })
  })

  // GET /v1/custom-fields/{customFieldId} - one custom field
  app.openapi(operations.getCustomField, async (c) => {
    const row = await getCustomFieldOrThrow(serviceContext(c), c.req.valid('param').customFieldId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toCustomField(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/custom-fields/{customFieldId} - change a field's label, type, options or flags
  app.openapi(operations.updateCustomField, async (c) => {
    const row = await updateCustomField(
      serviceContext(c),
      c.req.valid('param').customFieldId as CustomFieldId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toCustomField(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/custom-fields/{customFieldId} - delete a field no ticket holds a value for
  app.openapi(operations.deleteCustomField, async (c) => {
    await deleteCustomField(
      serviceContext(c),
      c.req.valid('param').customFieldId as CustomFieldId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })
}
