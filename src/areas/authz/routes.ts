import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { checkAuthorization } from './service'

export function registerAuthzRoutes(app: OpenAPIHono<AppEnv>) {
  // POST /v1/authz/check - may this actor do this to that resource, and why
  app.openapi(operations.checkAuthorization, async (c) => {
    return c.json(await checkAuthorization(serviceContext(c), c.req.valid('json')), 200)
  })
}
