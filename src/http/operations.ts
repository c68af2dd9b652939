import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import { TrieRouter } from 'hono/router/trie-router'
import spec from '../../generated/openapi.json'
import type { AppEnv } from './context'
import { ApiError, type FieldError, validationFailed } from './errors'
import type { OperationInfo, ResolvedOperation } from './operation-info'

export type { OperationInfo, ResolvedOperation } from './operation-info'

type SpecParameter = { name?: string; in?: string; $ref?: string }
type SpecOperation = {
  operationId: string
  security?: unknown[]
  requestBody?: { required?: boolean; content?: Record<string, unknown> }
  parameters?: SpecParameter[]
}
const specMethods = ['get', 'put', 'post', 'patch', 'delete'] as const
const componentParameters = spec.components.parameters as Record<string, SpecParameter>
const resolveParameter = (p: SpecParameter) =>
  p.$ref ? componentParameters[p.$ref.replace('#/components/parameters/', '')] : p

/** Every operation of the spec (from the bundle the server serves at /openapi.json). */
export const specOperations: OperationInfo[] = Object.entries(
  spec.paths as unknown as Record<string, Record<string, unknown>>,
).flatMap(([path, item]) => {
  const shared = (item.parameters as SpecParameter[] | undefined) ?? []
  return specMethods
    .filter((m) => item[m])
    .map((m) => {
      const operation = item[m] as SpecOperation
      const parameters = [...shared, ...(operation.parameters ?? [])].map(resolveParameter)
      const named = (where: string) => parameters.filter((p) => p?.in === where).map((p) => p?.name as string)
      return {
        operationId: operation.operationId,
        method: m.toUpperCase(),
        path,
        public: Array.isArray(operation.security) && operation.security.length === 0,
        body: operation.requestBody ? (operation.requestBody.required ? 'required' : 'optional') : 'none',
        formBody: Boolean(operation.requestBody?.content?.['application/x-www-form-urlencoded']),
        multipartBody: Boolean(operation.requestBody?.content?.['multipart/form-data']),
        idempotent: named('header').includes('Idempotency-Key'),
        query: named('query'),
        pathParams: named('path'),
      } satisfies OperationInfo
    })
})

/** Served beside the operations: the spec itself and its reference page. */
const documentationRoutes = [
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/docs' },
]

const routePath = (template: string) => template.replace(/\{(\w+)\}/g, ':$1')
const byMethod = new TrieRouter<OperationInfo>()
for (const operation of specOperations) byMethod.add(operation.method, routePath(operation.path), operation)
const methodsByPath = new Map<string, Set<string>>()
for (const route of [...specOperations, ...documentationRoutes]) {
  const methods = methodsByPath.get(route.path) ?? new Set()
  methods.add(route.method)
  if (route.method === 'GET') methods.add('HEAD')
  methodsByPath.set(route.path, methods)
}
const byPath = new TrieRouter<string>()
for (const [path, methods] of methodsByPath) {
  byPath.add('ALL', routePath(path), [...methods].sort().join(', '))
}

/** The operation of the spec that `method` on `path` runs (HEAD runs GET), as the app's router picks it. */
export function findOperation(method: string, path: string): ResolvedOperation | undefined {
  const [matches] = byMethod.match(method === 'HEAD' ? 'GET' : method, path) as [
    [OperationInfo, Record<string, string>][],
  ]
  // OpenAPI: a concrete path matches before a templated one (`/v1/posts/similar` before `/v1/posts/{postId}`),
  // whatever order the spec lists them in (areas register such routes first, so the app agrees).
  let best = matches[0]
  for (const match of matches)
    if (best && match[0].pathParams.length < best[0].pathParams.length) best = match
  return best ? { ...best[0], params: best[1] } : undefined
}

/** The `Allow` header for `path`: the methods it has, or undefined when no route has that path. */
export function allowedMethods(path: string): string | undefined {
  const [matches] = byPath.match('ALL', path) as [[string, Record<string, string>][]]
  if (matches.length === 0) return undefined
  // Templates can overlap (`/v1/contacts/by-external-id/merge` fits two): the path has all their methods.
  const methods = new Set(matches.flatMap(([allow]) => allow.split(', ')))
  return [...methods].sort().join(', ')
}

/** Each operation by its route as the app registers it (`GET /v1/tickets/:ticketId`), with its path parameters' places. */
const operationsByRoute = new Map<string, { operation: OperationInfo; params: Array<[number, string]> }>()
for (const operation of specOperations) {
  const path = routePath(operation.path)
  const params = path
    .split('/')
    .flatMap(
      (segment, at): Array<[number, string]> => (segment.startsWith(':') ? [[at, segment.slice(1)]] : []),
    )
  operationsByRoute.set(`${operation.method} ${path}`, { operation, params })
}

/**
 * The operation of the route the app's router matched for this request: the first matched entry that is not
 * middleware, as it is the one that answers (areas register a concrete path before a templated one that also
 * fits, so this is the route `findOperation` picks). Read from the match Hono already made instead of matching
 * the path a second time (about 2% of a single read's CPU). Undefined when no route matched, or the route is not
 * one of the spec's (the documentation): then `findOperation` decides, as before.
 */
export function operationOfRoute(c: Context): ResolvedOperation | undefined {
  for (const route of matchedRoutes(c)) {
    if (route.method === 'ALL') continue
    const entry = operationsByRoute.get(`${route.method} ${route.path}`)
    if (!entry) return undefined
    const segments = c.req.path.split('/')
    const params: Record<string, string> = {}
    for (const [at, name] of entry.params) params[name] = segments[at] as string
    return { ...entry.operation, params }
  }
  return undefined
}

/**
 * Early middleware: finds the request's operation (`c.get('operation')`, read by authentication and the body
 * and parameter checks) and answers `405 method_not_allowed` with `Allow` for a path that exists without
 * that method, before any credential is checked (the spec is public). Unknown paths go on to the 404.
 */
export function resolveOperation(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const operation = operationOfRoute(c) ?? findOperation(c.req.method, c.req.path)
    if (operation) {
      c.set('operation', operation)
      return next()
    }
    const allow = allowedMethods(c.req.path)
    if (allow === undefined || allow.split(', ').includes(c.req.method)) return next()
    throw new ApiError(
      'method_not_allowed',
      `${c.req.method} is not a method of ${c.req.path}; it has ${allow}`,
      { headers: { allow } },
    )
  }
}

const decoded = (value: string) => {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
const nulError = (path: string): FieldError => ({
  path: path.replaceAll('\0', '\\u0000'),
  code: 'invalid_string',
  message: 'must not contain NUL characters',
})

/**
 * The one check of every query and path parameter of every operation, before its route's validation: no NUL
 * character, which PostgreSQL can store in no text and which would otherwise reach it as a 500 (bodies get the
 * same check in `jsonBody`). A `400 validation_failed` names each parameter (`query.q`, `params.externalId`).
 */
export function guardParameters(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const operation = c.get('operation')
    if (!operation) return next()
    const errors: FieldError[] = []
    for (const [name, value] of Object.entries(operation.params)) {
      if (value.includes('\0') || decoded(value).includes('\0')) errors.push(nulError(`params.${name}`))
    }
    // A NUL reaches a query string only escaped (URL parsing escapes a raw one): one scan for the common case.
    const url = c.req.url
    const query = url.indexOf('?')
    if (query >= 0 && /%00/i.test(url.slice(query))) {
      for (const [name, values] of Object.entries(c.req.queries())) {
        if (name.includes('\0') || values.some((v) => v.includes('\0')))
          errors.push(nulError(`query.${name}`))
      }
    }
    if (errors.length > 0) throw validationFailed(errors)
    return next()
  }
}
