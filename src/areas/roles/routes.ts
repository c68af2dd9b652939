import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import {
  createRole,
  deleteRole,
  getRole,
  listPermissionCatalogue,
  listRoles,
  toCustomRole,
  updateRole,
} from './service'

export function registerRoleRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/permissions - the permission catalogue and the API-key scopes
  app.openapi(operations.listPermissions, async (c) => {
    return c.json(await listPermissionCatalogue(serviceContext(c)), 200)
  })

  // GET /v1/roles - system roles, then custom roles
  app.openapi(operations.listRoles, async (c) => {
    return c.json({ data: await listRoles(serviceContext(c)) }, 200)
  })

  // POST /v1/roles - create a custom role
  app.openapi(operations.createRole, async (c) => {
    const row = await createRole(serviceContext(c), c.req.valid('json'))
    return c.json(toCustomRole(row), 201, { etag: etagOf(row.version), location: `/v1/roles/${row.id}` })
  })

  // GET /v1/roles/{roleId} - a system role by key or a custom role by id
  app.openapi(operations.getRole, async (c) => {
    const { role, version } = await getRole(serviceContext(c), c.req.valid('param').roleId)
    if (version === null) return c.json(role, 200)
    if (isNotModified(c, version)) return c.body(null, 304, { etag: etagOf(version) })
    return c.json(role, 200, { etag: etagOf(version) })
  })

  // PATCH /v1/roles/{roleId} - rename a custom role or replace its permissions
  app.openapi(operations.updateRole, async (c) => {
    const row = await updateRole(
      serviceContext(c),
      c.req.valid('param').roleId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toCustomRole(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/roles/{roleId} - delete an unused custom role
  app.openapi(operations.deleteRole, async (c) => {
    await deleteRole(serviceContext(c), c.req.valid('param').roleId, c.req.header('if-match'))
    return c.body(null, 204)
  })
}
