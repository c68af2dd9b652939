import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { ContactId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  addSegmentMembers,
  createSegment,
  deleteSegment,
  getSegmentOrThrow,
  listSegmentMembers,
  listSegments,
  removeSegmentMembers,
  type SegmentId,
  toSegment,
  toSegmentMember,
  updateSegment,
} from './service'

export function registerSegmentRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/segments - list the workspace's segments
  app.openapi(operations.listSegments, async (c) => {
    const query = queryOf(operations.listSegments, c.req.valid('query'))
    const page = await listSegments(serviceContext(c), query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toSegment), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/segments - create a segment (a rule segment's members are computed before the answer)
  app.openapi(operations.createSegment, async (c) => {
    const row = await createSegment(serviceContext(c), c.req.valid('json'))
    return c.json(toSegment(row), 201, { etag: etagOf(row.version), location: `/v1/segments/${row.id}` })
  })

  // GET /v1/segments/{segmentId} - one segment
  app.openapi(operations.getSegment, async (c) => {
    const row = await getSegmentOrThrow(serviceContext(c), c.req.valid('param').segmentId as SegmentId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toSegment(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/segments/{segmentId} - rename, describe, or change a rule segment's conditions
  app.openapi(operations.updateSegment, async (c) => {
    const row = await updateSegment(
      serviceContext(c),
      c.req.valid('param').segmentId as SegmentId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toSegment(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/segments/{segmentId} - delete a segment; its members leave it
  app.openapi(operations.deleteSegment, async (c) => {
    await deleteSegment(
      serviceContext(c),
      c.req.valid('param').segmentId as SegmentId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // GET /v1/segments/{segmentId}/members - the contacts in the segment
  app.openapi(operations.listSegmentMembers, async (c) => {
    const query = queryOf(operations.listSegmentMembers, c.req.valid('query'))
    const page = await listSegmentMembers(
      serviceContext(c),
      c.req.valid('param').segmentId as SegmentId,
      query,
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toSegmentMember), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/segments/{segmentId}/members - add contacts to a manual segment
  app.openapi(operations.addSegmentMembers, async (c) => {
    const result = await addSegmentMembers(
      serviceContext(c),
      c.req.valid('param').segmentId as SegmentId,
      c.req.valid('json').contactIds as ContactId[],
    )
    return c.json(result, 200)
  })

  // DELETE /v1/segments/{segmentId}/members/{contactId} - take a contact out of a manual segment
  app.openapi(operations.removeSegmentMember, async (c) => {
    const { segmentId, contactId } = c.req.valid('param')
    await removeSegmentMembers(serviceContext(c), segmentId as SegmentId, [contactId as ContactId], {
      strict: true,
    })
    return c.body(null, 204)
  })

  // POST /v1/segments/{segmentId}/members/remove - take many contacts out of a manual segment
  app.openapi(operations.removeSegmentMembers, async (c) => {
    const { segmentId } = c.req.valid('param')
    const result = await removeSegmentMembers(
      serviceContext(c),
      segmentId as SegmentId,
      c.req.valid('json').contactIds as ContactId[],
    )
    return c.json(result, 200)
  })
}
