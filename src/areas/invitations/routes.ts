import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import type { InvitationId, TeamId } from '../../ids'
import { queryOf } from '../../kit/list'
import {
  acceptInvitation,
  createInvitation,
  getInvitation,
  listInvitations,
  revokeInvitation,
  toInvitation,
} from './service'

export function registerInvitationRoutes(app: OpenAPIHono<AppEnv>) {
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
    const body = c.req.valid('json')
    const created = await createInvitation(
      serviceContext(c),
      { ...body, teamIds: body.teamIds as TeamId[] | undefined },
      c.get('deps').config.publicUrl,
    )
    const { invitation, token, acceptUrl } = created
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
