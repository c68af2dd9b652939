import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { InvitationId, MemberId, TeamId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  acceptInvitation,
  assignMemberRole,
  createInvitation,
  getInvitation,
  getMember,
  invitationMail,
  listInvitations,
  listMemberRoles,
  listMembers,
  removeMemberRole,
  revokeInvitation,
  toInvitation,
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
    const { member, version, deactivated } = await updateMember(
      serviceContext(c),
      c.req.valid('param').memberId as MemberId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    // The member's keys may sit in the verified-key cache: drop them so they stop working at once.
    if (deactivated) c.get('deps').apiKeyCache.forgetAll()
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
    // Cached keys carry the member's old authz version.
    c.get('deps').apiKeyCache.forgetAll()
    return c.json(assignment, 201, { location: `/v1/members/${memberId}/roles/${assignment.id}` })
  })

  // DELETE /v1/members/{memberId}/roles/{assignmentUuid} - remove a role assignment
  app.openapi(operations.removeMemberRole, async (c) => {
    const { memberId, assignmentUuid } = c.req.valid('param')
    await removeMemberRole(serviceContext(c), memberId as MemberId, assignmentUuid)
    c.get('deps').apiKeyCache.forgetAll()
    return c.body(null, 204)
  })

  // GET /v1/invitations - list invitations (never their tokens)
  app.openapi(operations.listInvitations, async (c) => {
    const query = queryOf(operations.listInvitations, c.req.valid('query'))
    const page = await listInvitations(
      serviceContext(c),
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        status: query.status ?? 'pending',
      },
      c.get('deps').secret,
    )
    return c.json(page, 200)
  })

  // POST /v1/invitations - invite a member (token and link shown once, and emailed)
  app.openapi(operations.createInvitation, async (c) => {
    const { config, mailer } = c.get('deps')
    const body = c.req.valid('json')
    const created = await createInvitation(
      serviceContext(c),
      { ...body, teamIds: body.teamIds as TeamId[] | undefined },
      config.publicUrl,
    )
    const { invitation, token, acceptUrl } = created
    try {
      await mailer.send(
        invitationMail(invitation.email, created.workspaceName, invitation.roleName, acceptUrl),
      )
    } catch (error) {
      // The invitation stands: the answer carries the link, so an admin can pass it on by hand.
      c.get('logger').error({ err: error, invitationId: invitation.id }, 'invitation email not sent')
    }
    return c.json({ ...invitation, token, acceptUrl }, 201, {
      etag: etagOf(created.row.version),
      location: `/v1/invitations/${invitation.id}`,
    })
  })

  // GET /v1/invitations/{invitationId} - one invitation
  app.openapi(operations.getInvitation, async (c) => {
    const row = await getInvitation(serviceContext(c), c.req.valid('param').invitationId as InvitationId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toInvitation(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/invitations/{invitationId} - revoke an invitation
  app.openapi(operations.revokeInvitation, async (c) => {
    const id = c.req.valid('param').invitationId as InvitationId
    await revokeInvitation(serviceContext(c), id, c.req.header('if-match'))
    return c.body(null, 204)
  })

  // POST /v1/invitations/accept - accept an invitation (public: the token in the body is the credential)
  app.openapi(operations.acceptInvitation, async (c) => {
    const { token, ...input } = c.req.valid('json')
    const member = await acceptInvitation(c.get('deps').database.db, token, input, c.get('origin'))
    return c.json(member, 201, { location: `/v1/members/${member.id}` })
  })
}
