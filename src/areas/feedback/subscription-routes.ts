import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, requestDb, serviceContext } from '../../http/context'
import { validationFailed } from '../../http/errors'
import { queryOf } from '../../kit/list'
import { getDigestPreference, setDigestPreference } from './digest'
import {
  getSubscription,
  listSubscribers,
  setSubscription,
  toSubscription,
  unsubscribe,
} from './subscriptions'

/** Post subscriptions, one-click unsubscribe and the staff digest setting. */
export function registerSubscriptionRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/posts/{postId}/subscription - the caller's own subscription
  app.openapi(operations.getPostSubscription, async (c) => {
    const answer = await getSubscription(serviceContext(c), c.req.valid('param').postId)
    return c.json(answer, 200)
  })

  // PUT /v1/posts/{postId}/subscription - choose the caller's level
  app.openapi(operations.updatePostSubscription, async (c) => {
    const { level } = c.req.valid('json')
    const answer = await setSubscription(serviceContext(c), c.req.valid('param').postId, level)
    return c.json(answer, 200)
  })

  // DELETE /v1/posts/{postId}/subscription - stop hearing of the post
  app.openapi(operations.deletePostSubscription, async (c) => {
    await setSubscription(serviceContext(c), c.req.valid('param').postId, 'off')
    return c.body(null, 204)
  })

  // GET /v1/posts/{postId}/subscribers - staff: who follows a post
  app.openapi(operations.listPostSubscribers, async (c) => {
    const query = queryOf(operations.listPostSubscribers, c.req.valid('query'))
    const page = await listSubscribers(
      serviceContext(c),
      c.req.valid('param').postId,
      query,
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toSubscription), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/unsubscribe - one-click unsubscribe with an email's token (public)
  app.openapi(operations.unsubscribeByToken, async (c) => {
    const token = c.req.valid('json').token ?? c.req.valid('form').token ?? c.req.valid('query').token
    if (!token) {
      throw validationFailed([
        { path: 'query.token', code: 'required', message: 'send the token in the URL or the body' },
      ])
    }
    const answer = await unsubscribe(requestDb(c), c.get('deps').secret, token, c.get('origin'))
    return c.json(answer, 200)
  })

  // GET /v1/feedback/digest-preference - the caller's digest setting
  app.openapi(operations.getDigestPreference, async (c) => {
    return c.json(await getDigestPreference(serviceContext(c)), 200)
  })

  // PUT /v1/feedback/digest-preference - choose the caller's digest
  app.openapi(operations.updateDigestPreference, async (c) => {
    const { frequency } = c.req.valid('json')
    return c.json(await setDigestPreference(serviceContext(c), frequency), 200)
  })
}
