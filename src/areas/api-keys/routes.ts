import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { ApiKeyId, MemberId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  createApiKey,
  getApiKeyOrThrow,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
  toApiKey,
  updateApiKey,
} from './service'

export function registerApiKeyRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/api-keys - list the API keys the caller may see
  app.openapi(operations.listApiKeys, async (c) => {
    const query = queryOf(operations.listApiKeys, c.req.valid('query'))
    const page = await listApiKeys(
      serviceContext(c),
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        status: query.status ?? 'active',
        memberId: query.memberId as MemberId | undefined,
      },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toApiKey), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/api-keys - create an API key (secret shown once)
  app.openapi(operations.createApiKey, async (c) => {
    const { row, secret } = await createApiKey(serviceContext(c), c.req.valid('json'))
    return c.json({ ...toApiKey(row), secret }, 201, {
      etag: etagOf(row.version),
      location: `/v1/api-keys/${row.id}`,
    })
  })

  // GET /v1/api-keys/{apiKeyId} - one API key
  app.openapi(operations.getApiKey, async (c) => {
    const row = await getApiKeyOrThrow(serviceContext(c), c.req.valid('param').apiKeyId as ApiKeyId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toApiKey(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/api-keys/{apiKeyId} - rename, re-scope, re-limit or re-expire an API key
  app.openapi(operations.updateApiKey, async (c) => {
    const id = c.req.valid('param').apiKeyId as ApiKeyId
    const row = await updateApiKey(serviceContext(c), id, c.req.valid('json'), c.req.header('if-match'))
    return c.json(toApiKey(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/api-keys/{apiKeyId} - revoke an API key
  app.openapi(operations.revokeApiKey, async (c) => {
    const id = c.req.valid('param').apiKeyId as ApiKeyId
    await revokeApiKey(serviceContext(c), id, c.req.header('if-match'))
    return c.body(null, 204)
  })

  // POST /v1/api-keys/{apiKeyId}/rotate - a new secret (shown once); the old one works for a grace period
  app.openapi(operations.rotateApiKey, async (c) => {
    const id = c.req.valid('param').apiKeyId as ApiKeyId
    const { row, secret } = await rotateApiKey(
      serviceContext(c),
      id,
      c.req.valid('json') ?? {},
      c.req.header('if-match'),
    )
    return c.json({ ...toApiKey(row), secret }, 200, { etag: etagOf(row.version) })
  })
}
