import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import {
  createRoadmap,
  deleteRoadmap,
  getRoadmapOrThrow,
  listRoadmapItems,
  listRoadmaps,
  type RoadmapColumn,
  type RoadmapId,
  type RoadmapRow,
  reorderRoadmapItems,
  toRoadmap,
  updateRoadmap,
} from './service'

const itemsAnswer = (roadmap: RoadmapRow, columns: RoadmapColumn[]) => ({
  roadmapId: roadmap.id,
  columnsBy: toRoadmap(roadmap).columnsBy,
  columns,
})

export function registerRoadmapRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/roadmaps - the roadmaps the caller may see
  app.openapi(operations.listRoadmaps, async (c) => {
    const query = queryOf(operations.listRoadmaps, c.req.valid('query'))
    const page = await listRoadmaps(serviceContext(c), query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toRoadmap), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/roadmaps - save a roadmap
  app.openapi(operations.createRoadmap, async (c) => {
    const row = await createRoadmap(serviceContext(c), c.req.valid('json'))
    return c.json(toRoadmap(row), 201, { etag: etagOf(row.version), location: `/v1/roadmaps/${row.id}` })
  })

  // GET /v1/roadmaps/{roadmapId} - one roadmap
  app.openapi(operations.getRoadmap, async (c) => {
    const row = await getRoadmapOrThrow(serviceContext(c), c.req.valid('param').roadmapId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toRoadmap(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/roadmaps/{roadmapId} - change its filter, columns, name or visibility
  app.openapi(operations.updateRoadmap, async (c) => {
    const row = await updateRoadmap(
      serviceContext(c),
      c.req.valid('param').roadmapId as RoadmapId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toRoadmap(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/roadmaps/{roadmapId} - delete a roadmap (its posts stay)
  app.openapi(operations.deleteRoadmap, async (c) => {
    await deleteRoadmap(
      serviceContext(c),
      c.req.valid('param').roadmapId as RoadmapId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // GET /v1/roadmaps/{roadmapId}/items - its posts the caller may read, in columns
  app.openapi(operations.listRoadmapItems, async (c) => {
    const { roadmap, columns } = await listRoadmapItems(serviceContext(c), c.req.valid('param').roadmapId)
    return c.json(itemsAnswer(roadmap, columns), 200, { etag: etagOf(roadmap.version) })
  })

  // PUT /v1/roadmaps/{roadmapId}/items - put one column in a manual order
  app.openapi(operations.reorderRoadmapItems, async (c) => {
    const { roadmap, columns } = await reorderRoadmapItems(
      serviceContext(c),
      c.req.valid('param').roadmapId as RoadmapId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(itemsAnswer(roadmap, columns), 200, { etag: etagOf(roadmap.version) })
  })
}
