import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ZodType } from 'zod'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { OrganizationId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  bulkUpsertOrganizations,
  createOrganization,
  deleteOrganization,
  getOrganizationOrThrow,
  listOrganizations,
  toOrganization,
  updateOrganization,
  upsertOrganizationByExternalId,
} from './service'

/** Each bulk item is checked against the spec's CreateOrganizationRequest, taken from the create route. */
const bulkItemSchema = operations.createOrganization.request.body.content['application/json']
  .schema as ZodType

const organizationUrl = (id: string) => `/v1/organizations/${id}`

export function registerOrganizationRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/organizations - list and search organisations
  app.openapi(operations.listOrganizations, async (c) => {
    const query = queryOf(operations.listOrganizations, c.req.valid('query'))
    const page = await listOrganizations(
      serviceContext(c),
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        q: query.q,
        domain: query.domain,
        externalId: query.externalId,
      },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toOrganization), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/organizations - create an organisation
  app.openapi(operations.createOrganization, async (c) => {
    const row = await createOrganization(serviceContext(c), c.req.valid('json'))
    return c.json(toOrganization(row), 201, { etag: etagOf(row.version), location: organizationUrl(row.id) })
  })

  // POST /v1/organizations/bulk - create or update up to 1,000 organisations, answered per item
  app.openapi(operations.bulkUpsertOrganizations, async (c) => {
    const data = await bulkUpsertOrganizations(serviceContext(c), c.req.valid('json').items, bulkItemSchema)
    return c.json({ data }, 200)
  })

  // PUT /v1/organizations/by-external-id/{externalId} - create or update by CRM id
  app.openapi(operations.upsertOrganizationByExternalId, async (c) => {
    const { row, created } = await upsertOrganizationByExternalId(
      serviceContext(c),
      c.req.valid('param').externalId,
      c.req.valid('json'),
    )
    const headers = { etag: etagOf(row.version) }
    if (created) return c.json(toOrganization(row), 201, { ...headers, location: organizationUrl(row.id) })
    return c.json(toOrganization(row), 200, { ...headers, 'content-location': organizationUrl(row.id) })
  })

  // GET /v1/organizations/{organizationId} - one organisation
  app.openapi(operations.getOrganization, async (c) => {
    const row = await getOrganizationOrThrow(
      serviceContext(c),
      c.req.valid('param').organizationId as OrganizationId,
    )
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toOrganization(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/organizations/{organizationId} - change an organisation
  app.openapi(operations.updateOrganization, async (c) => {
    const row = await updateOrganization(
      serviceContext(c),
      c.req.valid('param').organizationId as OrganizationId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toOrganization(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/organizations/{organizationId} - delete an organisation (its contacts stay, unlinked)
  app.openapi(operations.deleteOrganization, async (c) => {
    await deleteOrganization(
      serviceContext(c),
      c.req.valid('param').organizationId as OrganizationId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })
}
