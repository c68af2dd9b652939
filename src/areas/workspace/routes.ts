import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { assertAllowed } from '../../authz/guard'
import { systemRoles } from '../../authz/permissions'
import { type AppEnv, serviceContext } from '../../http/context'
import { ApiError } from '../../http/errors'
import { etagOf, isNotModified } from '../../http/etag'
import { toApiKey } from '../api-keys/service'
import {
  createWorkspace,
  getWorkspaceOrThrow,
  toMember,
  toRoleAssignment,
  toWorkspace,
  updateWorkspace,
} from './service'

export function registerWorkspaceRoutes(app: OpenAPIHono<AppEnv>) {
  // POST /v1/workspaces - sign up a workspace (only with LOOPDESK_SIGNUP_ENABLED)
  app.openapi(operations.createWorkspace, async (c) => {
    const { config, database } = c.get('deps')
    if (!config.signupEnabled) {
      throw new ApiError(
        'signup_disabled',
        'This server does not allow sign-up; ask its operator for a workspace',
      )
    }
    const created = await createWorkspace(database.db, c.req.valid('json'), c.get('origin'))
    return c.json(
      {
        workspace: toWorkspace(created.workspace),
        member: toMember(created.member, {
          roles: [toRoleAssignment(created.ownerAssignment, systemRoles.owner.name)],
          teamIds: [],
        }),
        apiKey: { ...toApiKey(created.apiKey), secret: created.secret },
      },
      201,
    )
  })

  // GET /v1/workspace - the caller's workspace
  app.openapi(operations.getWorkspace, async (c) => {
    const ctx = serviceContext(c)
    await assertAllowed(ctx, 'read', 'Workspace', { id: ctx.workspaceId, workspaceId: ctx.workspaceId })
    const row = await getWorkspaceOrThrow(ctx.db, ctx.workspaceId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toWorkspace(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/workspace - rename, re-slug or change the time zone
  app.openapi(operations.updateWorkspace, async (c) => {
    const row = await updateWorkspace(serviceContext(c), c.req.valid('json'), c.req.header('if-match'))
    return c.json(toWorkspace(row), 200, { etag: etagOf(row.version) })
  })
}
