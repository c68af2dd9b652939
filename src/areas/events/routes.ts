import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import type { EventId } from '../../ids'
import { queryOf } from '../../kit/list'
import { getEventOrThrow, listChanges, listEvents, toEvent } from './service'

export function registerEventRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/events - list the workspace's events, filtered by type, resource and time
  app.openapi(operations.listEvents, async (c) => {
    const query = queryOf(operations.listEvents, c.req.valid('query'))
    const page = await listEvents(
      serviceContext(c),
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        type: query.type,
        resourceType: query.resourceType,
        resourceId: query.resourceId,
        occurredAfter: query.occurredAfter,
        occurredBefore: query.occurredBefore,
      },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toEvent), nextCursor: page.nextCursor }, 200)
  })

  // GET /v1/events/{eventId} - one event
  app.openapi(operations.getEvent, async (c) => {
    const row = await getEventOrThrow(serviceContext(c), c.req.valid('param').eventId as EventId)
    return c.json(toEvent(row), 200)
  })

  // GET /v1/changes - the change feed: every event in transaction order, resumable from a cursor
  app.openapi(operations.listChanges, async (c) => {
    const query = queryOf(operations.listChanges, c.req.valid('query'))
    const page = await listChanges(
      serviceContext(c),
      { after: query.after, types: query.types, limit: query.limit },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toEvent), nextCursor: page.nextCursor }, 200)
  })
}
