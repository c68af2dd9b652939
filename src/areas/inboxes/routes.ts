import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { MemberId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  addInboxMember,
  createInbox,
  deleteInbox,
  getInboxOrThrow,
  type InboxId,
  listInboxes,
  listInboxMembers,
  removeInboxMember,
  toInbox,
  toInboxMember,
  updateInbox,
} from './service'

export function registerInboxRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/inboxes - the inboxes the caller sees
  app.openapi(operations.listInboxes, async (c) => {
    const query = queryOf(operations.listInboxes, c.req.valid('query'))
    const page = await listInboxes(
      serviceContext(c),
      { limit: query.limit, cursor: query.cursor, sort: query.sort, channel: query.channel },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toInbox), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/inboxes - create an inbox
  app.openapi(operations.createInbox, async (c) => {
    const row = await createInbox(serviceContext(c), c.req.valid('json'))
    return c.json(toInbox(row), 201, { etag: etagOf(row.version), location: `/v1/inboxes/${row.id}` })
  })

  // GET /v1/inboxes/{inboxId} - one inbox
  app.openapi(operations.getInbox, async (c) => {
    const row = await getInboxOrThrow(serviceContext(c), c.req.valid('param').inboxId as InboxId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toInbox(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/inboxes/{inboxId} - change an inbox
  app.openapi(operations.updateInbox, async (c) => {
    const row = await updateInbox(
      serviceContext(c),
      c.req.valid('param').inboxId as InboxId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toInbox(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/inboxes/{inboxId} - delete an inbox no ticket belongs to
  app.openapi(operations.deleteInbox, async (c) => {
    await deleteInbox(serviceContext(c), c.req.valid('param').inboxId as InboxId, c.req.header('if-match'))
    return c.body(null, 204)
  })

  // GET /v1/inboxes/{inboxId}/members - who works the inbox
  app.openapi(operations.listInboxMembers, async (c) => {
    const query = queryOf(operations.listInboxMembers, c.req.valid('query'))
    const page = await listInboxMembers(
      serviceContext(c),
      c.req.valid('param').inboxId as InboxId,
      { limit: query.limit, cursor: query.cursor, sort: query.sort },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toInboxMember), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/inboxes/{inboxId}/members - add a member (idempotent)
  app.openapi(operations.addInboxMember, async (c) => {
    const { member, created } = await addInboxMember(
      serviceContext(c),
      c.req.valid('param').inboxId as InboxId,
      c.req.valid('json').memberId as MemberId,
    )
    return created ? c.json(toInboxMember(member), 201) : c.json(toInboxMember(member), 200)
  })

  // DELETE /v1/inboxes/{inboxId}/members/{memberId} - take a member out
  app.openapi(operations.removeInboxMember, async (c) => {
    const { inboxId, memberId } = c.req.valid('param')
    await removeInboxMember(serviceContext(c), inboxId as InboxId, memberId as MemberId)
    return c.body(null, 204)
  })
}
