import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ZodType } from 'zod'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { ContactId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  bulkUpsertContacts,
  createContact,
  deleteContact,
  getContactOrThrow,
  listContacts,
  mergeContactInto,
  toContact,
  updateContact,
  upsertContactByExternalId,
} from './service'

/** Each bulk item is checked against the spec's CreateContactRequest, taken from the create route. */
const bulkItemSchema = operations.createContact.request.body.content['application/json'].schema as ZodType

const contactUrl = (id: string) => `/v1/contacts/${id}`

export function registerContactRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/contacts - list and search contacts
  app.openapi(operations.listContacts, async (c) => {
    const query = queryOf(operations.listContacts, c.req.valid('query'))
    const page = await listContacts(
      serviceContext(c),
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        q: query.q,
        email: query.email,
        organizationId: query.organizationId,
        externalId: query.externalId,
      },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toContact), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/contacts - create a contact (linked to an organisation by email domain when none is given)
  app.openapi(operations.createContact, async (c) => {
    const row = await createContact(serviceContext(c), c.req.valid('json'))
    return c.json(toContact(row), 201, { etag: etagOf(row.version), location: contactUrl(row.id) })
  })

  // GET /v1/contacts/{contactId} - one contact; a merged contact's id answers the contact it went into
  app.openapi(operations.getContact, async (c) => {
    const id = c.req.valid('param').contactId as ContactId
    const row = await getContactOrThrow(serviceContext(c), id)
    const headers: Record<string, string> = { etag: etagOf(row.version) }
    if (row.id !== id) {
      headers['content-location'] = contactUrl(row.id)
      headers.link = `<${contactUrl(row.id)}>; rel="canonical"`
    }
    if (isNotModified(c, row.version)) return c.body(null, 304, headers)
    return c.json(toContact(row), 200, headers)
  })

  // PATCH /v1/contacts/{contactId} - change a contact
  app.openapi(operations.updateContact, async (c) => {
    const row = await updateContact(
      serviceContext(c),
      c.req.valid('param').contactId as ContactId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toContact(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/contacts/{contactId} - delete a contact for good
  app.openapi(operations.deleteContact, async (c) => {
    await deleteContact(
      serviceContext(c),
      c.req.valid('param').contactId as ContactId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // PUT /v1/contacts/by-external-id/{externalId} - create or update by CRM id
  app.openapi(operations.upsertContactByExternalId, async (c) => {
    const { row, created } = await upsertContactByExternalId(
      serviceContext(c),
      c.req.valid('param').externalId,
      c.req.valid('json'),
    )
    const headers = { etag: etagOf(row.version) }
    if (created) return c.json(toContact(row), 201, { ...headers, location: contactUrl(row.id) })
    return c.json(toContact(row), 200, { ...headers, 'content-location': contactUrl(row.id) })
  })

  // POST /v1/contacts/bulk - create or update up to 1,000 contacts, answered per item
  app.openapi(operations.bulkUpsertContacts, async (c) => {
    const data = await bulkUpsertContacts(serviceContext(c), c.req.valid('json').items, bulkItemSchema)
    return c.json({ data }, 200)
  })

  // POST /v1/contacts/{contactId}/merge - merge another contact into this one
  app.openapi(operations.mergeContacts, async (c) => {
    const row = await mergeContactInto(
      serviceContext(c),
      c.req.valid('param').contactId as ContactId,
      c.req.valid('json').sourceContactId as ContactId,
    )
    return c.json(toContact(row), 200, { etag: etagOf(row.version) })
  })
}
