import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { MemberId, TeamId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  assignMemberRole,
  getMember,
  listMemberRoles,
  listMembers,
  removeMemberRole,
  updateMember,
} from './service'

export function registerMemberRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/members - list members with their roles and teams
  app.openapi(operations.listMembers, async (c) => {
    const query = queryOf(operations.listMembers, c.req.valid('query'))
    const page = await listMembers(
      serviceContext(c),
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        status: query.status,
        availability: query.availability,
        teamId: query.teamId as TeamId | undefined,
        q: query.q,
      },
      c.get('deps').secret,
    )
    return c.json(page, 200)
  })

  // GET /v1/members/{memberId} - one member
  app.openapi(operations.getMember, async (c) => {
    const { member, version } = await getMember(serviceContext(c), c.req.valid('param').memberId as MemberId)
    if (isNotModified(c, version)) return c.body(null, 304, { etag: etagOf(version) })
    return c.json(member, 200, { etag: etagOf(version) })
  })

  // PATCH /v1/members/{memberId} - rename, deactivate or reactivate a member
  app.openapi(operations.updateMember, async (c) => {
    const { member, version } = await updateMember(
      serviceContext(c),
      c.req.valid('param').memberId as MemberId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(member, 200, { etag: etagOf(version) })
  })

  // GET /v1/members/{memberId}/roles - the member's role assignments
  app.openapi(operations.listMemberRoles, async (c) => {
    const data = await listMemberRoles(serviceContext(c), c.req.valid('param').memberId as MemberId)
    return c.json({ data }, 200)
  })

  // POST /v1/members/{memberId}/roles - assign a role, workspace-wide or in a team
  app.openapi(operations.assignMemberRole, async (c) => {
    const memberId = c.req.valid('param').memberId as MemberId
    const { role, teamId } = c.req.valid('json')
    const assignment = await assignMemberRole(serviceContext(c), memberId, {
      role,
      teamId: teamId as TeamId | undefined,
    })
    return c.json(assignment, 201, { location: `/v1/members/${memberId}/roles/${assignment.id}` })
  })

  // DELETE /v1/members/{memberId}/roles/{assignmentUuid} - remove a role assignment
  app.openapi(operations.removeMemberRole, async (c) => {
    const { memberId, assignmentUuid } = c.req.valid('param')
    await removeMemberRole(serviceContext(c), memberId as MemberId, assignmentUuid)
    return c.body(null, 204)
  })
}
