import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { queryOf } from '../../kit/list'
import { listCustomers, toCustomer } from './service'

export function registerCustomerRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/customers - contacts with their organisation, ticket and feedback activity
  app.openapi(operations.listCustomers, async (c) => {
    const query = queryOf(operations.listCustomers, c.req.valid('query'))
    const page = await listCustomers(serviceContext(c), query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toCustomer), nextCursor: page.nextCursor }, 200)
  })
}
