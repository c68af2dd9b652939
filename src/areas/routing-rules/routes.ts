import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import { testRoutingRules } from './dry-run'
import {
  createRoutingRule,
  deleteRoutingRule,
  getRoutingRuleOrThrow,
  listRoutingRules,
  type RoutingRuleId,
  reorderRoutingRules,
  toRoutingRule,
  updateRoutingRule,
} from './service'

export function registerRoutingRuleRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/routing-rules - the workspace's rules in the order they run
  app.openapi(operations.listRoutingRules, async (c) => {
    const query = queryOf(operations.listRoutingRules, c.req.valid('query'))
    const page = await listRoutingRules(
      serviceContext(c),
      { limit: query.limit, cursor: query.cursor, trigger: query.trigger, active: query.active },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toRoutingRule), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/routing-rules - add a rule
  app.openapi(operations.createRoutingRule, async (c) => {
    const row = await createRoutingRule(serviceContext(c), c.req.valid('json'))
    return c.json(toRoutingRule(row), 201, {
      etag: etagOf(row.version),
      location: `/v1/routing-rules/${row.id}`,
    })
  })

  // POST /v1/routing-rules/reorder - set the order rules run in (registered before /{routingRuleId})
  app.openapi(operations.reorderRoutingRules, async (c) => {
    const rows = await reorderRoutingRules(serviceContext(c), c.req.valid('json').ids)
    return c.json({ data: rows.map(toRoutingRule) }, 200)
  })

  // POST /v1/routing-rules/test - dry run: which rules would fire and what they would change
  app.openapi(operations.testRoutingRules, async (c) => {
    const result = await testRoutingRules(serviceContext(c), c.req.valid('json'))
    return c.json(result as never, 200)
  })

  // GET /v1/routing-rules/{routingRuleId} - one rule
  app.openapi(operations.getRoutingRule, async (c) => {
    const row = await getRoutingRuleOrThrow(
      serviceContext(c),
      c.req.valid('param').routingRuleId as RoutingRuleId,
    )
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toRoutingRule(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/routing-rules/{routingRuleId} - change a rule
  app.openapi(operations.updateRoutingRule, async (c) => {
    const row = await updateRoutingRule(
      serviceContext(c),
      c.req.valid('param').routingRuleId as RoutingRuleId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toRoutingRule(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/routing-rules/{routingRuleId} - delete a rule
  app.openapi(operations.deleteRoutingRule, async (c) => {
    await deleteRoutingRule(
      serviceContext(c),
      c.req.valid('param').routingRuleId as RoutingRuleId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })
}
