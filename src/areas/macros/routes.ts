import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import {
  applyMacro,
  createMacro,
  deleteMacro,
  getMacroOrThrow,
  listMacros,
  type MacroId,
  toMacro,
  updateMacro,
} from './service'

const macroUrl = (id: string) => `/v1/macros/${id}`

export function registerMacroRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/macros - the macros the caller may use
  app.openapi(operations.listMacros, async (c) => {
    const query = queryOf(operations.listMacros, c.req.valid('query'))
    const page = await listMacros(
      serviceContext(c),
      {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
        q: query.q,
        sharing: query.sharing,
        teamId: query.teamId,
        active: query.active === undefined ? undefined : query.active === 'true',
      },
      c.get('deps').secret,
    )
    return c.json({ data: page.rows.map(toMacro), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/macros - create a macro
  app.openapi(operations.createMacro, async (c) => {
    const row = await createMacro(serviceContext(c), c.req.valid('json'))
    return c.json(toMacro(row), 201, { etag: etagOf(row.version), location: macroUrl(row.id) })
  })

  // GET /v1/macros/{macroId} - one macro
  app.openapi(operations.getMacro, async (c) => {
    const row = await getMacroOrThrow(serviceContext(c), c.req.valid('param').macroId as MacroId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toMacro(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/macros/{macroId} - change a macro
  app.openapi(operations.updateMacro, async (c) => {
    const row = await updateMacro(
      serviceContext(c),
      c.req.valid('param').macroId as MacroId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toMacro(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/macros/{macroId} - delete a macro
  app.openapi(operations.deleteMacro, async (c) => {
    await deleteMacro(serviceContext(c), c.req.valid('param').macroId as MacroId, c.req.header('if-match'))
    return c.body(null, 204)
  })

  // POST /v1/macros/{macroId}/apply - apply to one ticket or many, or show what it would do (dryRun)
  app.openapi(operations.applyMacro, async (c) => {
    const result = await applyMacro(
      serviceContext(c),
      c.req.valid('param').macroId as MacroId,
      c.req.valid('json'),
    )
    return c.json(result as never, 200)
  })
}
