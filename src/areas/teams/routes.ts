import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { MemberId, TeamId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  getTeamOrThrow,
  listTeamMembers,
  listTeams,
  removeTeamMember,
  toTeam,
  toTeamMember,
  updateTeam,
} from './service'

export function registerTeamRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/teams - list the teams the caller may see
  app.openapi(operations.listTeams, async (c) => {
    const query = queryOf(operations.listTeams, c.req.valid('query'))
    const page = await listTeams(
      serviceContext(c),
      { limit: query.limit, cursor: query.cursor, sort: query.sort },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toTeam), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/teams - create a team
  app.openapi(operations.createTeam, async (c) => {
    const row = await createTeam(serviceContext(c), c.req.valid('json'))
    return c.json(toTeam(row), 201, { etag: etagOf(row.version), location: `/v1/teams/${row.id}` })
  })

  // GET /v1/teams/{teamId} - one team
  app.openapi(operations.getTeam, async (c) => {
    const row = await getTeamOrThrow(serviceContext(c), c.req.valid('param').teamId as TeamId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toTeam(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/teams/{teamId} - rename a team or change its description
  app.openapi(operations.updateTeam, async (c) => {
    const row = await updateTeam(
      serviceContext(c),
      c.req.valid('param').teamId as TeamId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toTeam(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/teams/{teamId} - delete a team, its memberships and team-scoped roles
  app.openapi(operations.deleteTeam, async (c) => {
    await deleteTeam(serviceContext(c), c.req.valid('param').teamId as TeamId, c.req.header('if-match'))
    return c.body(null, 204)
  })

  // GET /v1/teams/{teamId}/members - the team's members
  app.openapi(operations.listTeamMembers, async (c) => {
    const query = queryOf(operations.listTeamMembers, c.req.valid('query'))
    const page = await listTeamMembers(
      serviceContext(c),
      c.req.valid('param').teamId as TeamId,
      { limit: query.limit, cursor: query.cursor, sort: query.sort },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toTeamMember), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/teams/{teamId}/members - add a member to the team
  app.openapi(operations.addTeamMember, async (c) => {
    const row = await addTeamMember(
      serviceContext(c),
      c.req.valid('param').teamId as TeamId,
      c.req.valid('json').memberId as MemberId,
    )
    return c.json(toTeamMember(row), 201)
  })

  // DELETE /v1/teams/{teamId}/members/{memberId} - take a member out of the team
  app.openapi(operations.removeTeamMember, async (c) => {
    const { teamId, memberId } = c.req.valid('param')
    await removeTeamMember(serviceContext(c), teamId as TeamId, memberId as MemberId)
    return c.body(null, 204)
  })
}
