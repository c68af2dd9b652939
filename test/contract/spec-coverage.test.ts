import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import spec from '../../generated/openapi.json'
import { operations } from '../../generated/operations'
import { allProblemCodes } from '../../src/http/errors'
import { findOperation, operationOfRoute } from '../../src/http/operations'
import { idPattern, idPrefixes } from '../../src/ids'
import { createTestApp } from '../harness'

type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, unknown> }
const methods = ['get', 'put', 'post', 'patch', 'delete'] as const
const specOperations = Object.entries(
  spec.paths as unknown as Record<string, Record<string, Operation>>,
).flatMap(([path, item]) =>
  methods.filter((m) => item[m]).map((method) => ({ path, method, operation: item[method] as Operation })),
)
/** Routes the app serves that document the API rather than belong to it. */
const undocumented = new Set(['GET /openapi.json', 'GET /docs', 'GET /docs/assets/{name}'])

describe('spec coverage', () => {
  it('registers a handler for every operation of the spec, and nothing the spec lacks', async () => {
    const { app } = await createTestApp()
    const registered = app.openAPIRegistry.definitions
      .filter((d) => d.type === 'route')
      .map((d) => `${d.route.method.toUpperCase()} ${d.route.path}`)
      .sort()
    const documented = specOperations.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort()
    expect(registered).toEqual(documented)

    // Nothing served outside app.openapi() either (plain app.get() routes would bypass the spec).
    const served = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((r) => !undocumented.has(r))
    expect([...new Set(served)].sort()).toEqual(documented)
  })

  it('resolves each request to the operation of the route the app matched, as a second match of the path would', async () => {
    // The app's routes in its order, each answering; a middleware before them reads the match (src/http/operations.ts).
    const { app } = await createTestApp()
    const probe = new Hono()
    const resolved: Array<{ operationId?: string; params?: Record<string, string>; path: string }> = []
    probe.use('*', async (c, next) => {
      const found = operationOfRoute(c)
      resolved.push({ operationId: found?.operationId, params: found?.params, path: c.req.path })
      await next()
    })
    for (const route of app.routes.filter((r) => r.method !== 'ALL'))
      probe.on(route.method, route.path, (c) => c.text('ok'))
    let checked = 0
    for (const { path, method } of specOperations) {
      // Every templated segment filled in; `similar` and `by-external-id` check that a concrete path wins.
      for (const fill of ['tkt_01jx0000000000000000000000', 'similar', 'a%2Fb', 'x%00y']) {
        const concrete = path.replace(/\{\w+\}/g, fill)
        resolved.length = 0
        const verb = method.toUpperCase()
        await probe.request(concrete, { method: verb })
        // As resolveOperation called it: with the path as Hono reads it (percent-escapes decoded by decodeURI).
        const expected = findOperation(verb, resolved[0]?.path ?? concrete)
        expect(resolved[0]?.operationId, `${verb} ${concrete}`).toBe(expected?.operationId)
        expect(resolved[0]?.params, `${verb} ${concrete}`).toEqual(expected?.params)
        checked++
      }
    }
    expect(checked).toBe(specOperations.length * 4)
    // HEAD resolves to GET's operation; a path without a route to nothing.
    resolved.length = 0
    await probe.request('/v1/workspace', { method: 'HEAD' })
    expect(resolved[0]?.operationId).toBe(findOperation('HEAD', '/v1/workspace')?.operationId)
    resolved.length = 0
    await probe.request('/v1/nothing-here')
    expect(resolved[0]?.operationId).toBeUndefined()
  })

  it('names every operation with a unique verbNoun operationId', () => {
    const ids = specOperations.map((o) => o.operation.operationId)
    expect(ids.every((id) => typeof id === 'string' && /^[a-z]+[A-Z]\w*$/.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect(Object.keys(operations).sort()).toEqual([...ids].sort())
  })

  it('declares 400 on every operation, and 401 and 429 on every authenticated one', () => {
    for (const { path, method, operation } of specOperations) {
      const where = `${method.toUpperCase()} ${path}`
      expect(operation.responses, where).toHaveProperty('400')
      expect(Array.isArray(operation.security), `${where} declares its security`).toBe(true)
      if ((operation.security ?? []).length > 0) {
        expect(operation.responses, where).toHaveProperty('401')
        expect(operation.responses, where).toHaveProperty('429')
      }
    }
  })

  it('takes Idempotency-Key on every authenticated POST, and declares the 409 and 422 it can answer', () => {
    const declares = (operation: Operation) =>
      ((operation as { parameters?: { $ref?: string }[] }).parameters ?? []).some(
        (p) => p.$ref === '#/components/parameters/IdempotencyKey',
      )
    for (const { path, method, operation } of specOperations) {
      const where = `${method.toUpperCase()} ${path}`
      const authenticated = (operation.security ?? []).length > 0
      expect(declares(operation), where).toBe(method === 'post' && authenticated)
      if (declares(operation)) {
        expect(operation.responses, where).toHaveProperty('409')
        expect(operation.responses, where).toHaveProperty('422')
      }
    }
  })

  it('declares the RateLimit-* headers on every answer of every /v1 operation (the rate limiter sets them)', () => {
    const shared = spec.components.responses as Record<string, { headers?: Record<string, unknown> }>
    let responses = 0
    for (const { path, method, operation } of specOperations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const ref = (response as { $ref?: string }).$ref
        const declared = ref
          ? shared[ref.replace('#/components/responses/', '')]
          : (response as { headers?: Record<string, unknown> })
        const where = `${method.toUpperCase()} ${path} ${status}`
        for (const header of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) {
          if (path.startsWith('/v1/') || path === '/mcp') {
            expect(declared?.headers?.[header], `${where} ${header}`).toEqual({
              $ref: `#/components/headers/${header.replace('-', '')}`,
            })
          } else expect(declared?.headers?.[header], `${where} ${header}`).toBeUndefined()
        }
        responses++
      }
    }
    expect(responses).toBeGreaterThan(600)
  })

  it('states for every operation with credentials what authorizes it (x-authz → x-permission, x-scope)', () => {
    for (const { path, method, operation } of specOperations) {
      const o = operation as Operation & {
        'x-authz'?: { none?: string }
        'x-permission'?: string
        'x-scope'?: string
        description?: string
      }
      const where = `${method.toUpperCase()} ${path}`
      if (!o.security || o.security.length === 0) continue
      expect(o['x-authz'], where).toBeDefined()
      expect(o.description, where).toContain('**Authorization:**')
      if (!o['x-authz']?.none) {
        expect(o['x-permission'], where).toMatch(/^[a-z_]+\.[a-z_]+$/)
        expect(o['x-scope'], where).toMatch(/^[a-z_]+:(read|write)$/)
      }
    }
  })

  it('lists exactly the error codes the server can answer', () => {
    const schemas = spec.components.schemas as Record<string, { enum?: string[] }>
    expect([...(schemas.ProblemCode?.enum ?? [])].sort()).toEqual([...allProblemCodes().keys()].sort())
  })

  it('documents every error code in the shared response of its status', () => {
    const shared: Record<number, string> = {
      400: 'BadRequest',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'NotFound',
      405: 'MethodNotAllowed',
      408: 'RequestTimeout',
      409: 'Conflict',
      422: 'UnprocessableEntity',
      431: 'RequestHeaderFieldsTooLarge',
    }
    const responses = spec.components.responses as Record<string, { description: string }>
    for (const [code, { status }] of allProblemCodes()) {
      const name = shared[status]
      if (name) expect(responses[name]?.description, `${code} in ${name}`).toContain(`\`${code}\``)
    }
  })

  it('uses the TypeID registry for every id schema', () => {
    const schemas = spec.components.schemas as Record<string, { pattern?: string }>
    const idSchemas = Object.entries(schemas).filter(([name]) => /Id$/.test(name))
    expect(idSchemas.length).toBeGreaterThan(0)
    const prefixes = new Set<string>(Object.values(idPrefixes))
    for (const [name, schema] of idSchemas) {
      // An id of one kind (`^tkt_…`), or of one of several (`^(ct|mbr)_…`: a participant is a contact or a member).
      const several = schema.pattern?.match(/^\^\(([a-z|]+)\)_/)?.[1]?.split('|')
      const kinds = several ?? [schema.pattern?.match(/^\^([a-z]+)_/)?.[1]]
      for (const prefix of kinds) {
        expect(prefix && prefixes.has(prefix), `${name} uses a registered prefix`).toBe(true)
        const own = idPattern(prefix as never).source
        expect(schema.pattern).toBe(several ? own.replace(`^${prefix}_`, `^(${several.join('|')})_`) : own)
      }
    }
  })
})
