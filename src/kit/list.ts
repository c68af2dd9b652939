import type { z } from '@hono/zod-openapi'
import type { SortField } from '../http/pagination'

/** The zod shape of an operation's query (generated/routes.ts), or never. */
type QueryShape<Route> = Route extends { request: { query: z.ZodObject<infer Shape> } } ? Shape : never
type QueryOf<Route> = Route extends { request: { query: infer Q extends z.ZodType } } ? z.output<Q> : never

/** The query parameters the spec gives a `default:`: zod fills them, so they are never undefined. */
type DefaultedKeys<Shape> = {
  [K in keyof Shape]: Shape[K] extends z.ZodExactOptional<z.ZodDefault> | z.ZodDefault ? K : never
}[keyof Shape]

/** An operation's validated query with its spec defaults present (`limit`, `sort`…). */
export type QueryWithDefaults<Route> = QueryOf<Route> & {
  [K in DefaultedKeys<QueryShape<Route>> & keyof QueryOf<Route>]-?: NonNullable<QueryOf<Route>[K]>
}

/**
 * The validated query of a list operation, typed with the defaults the spec declares (`limit` 25, `sort`…):
 * the route's zod schema has filled them in, so handlers never repeat `limit ?? 25` or the default sort.
 *
 * @example const query = queryOf(operations.listContacts, c.req.valid('query'))
 */
export function queryOf<Route>(route: Route, query: QueryOf<Route>): QueryWithDefaults<Route> {
  const shape = (route as { request?: { query?: { shape?: Record<string, unknown> } } }).request?.query?.shape
  for (const [key, schema] of Object.entries(shape ?? {})) {
    const def = (schema as { def?: { type?: string; innerType?: { def?: { type?: string } } } }).def
    const defaulted = def?.type === 'default' || def?.innerType?.def?.type === 'default'
    if (defaulted && (query as Record<string, unknown>)[key] === undefined)
      throw new Error(`query parameter ${key} has a spec default, but the route's schema did not apply it`)
  }
  return query as QueryWithDefaults<Route>
}

/** The sort fields a list operation's spec allows (`sort` enum without the `-`). */
export type SortKeyOf<Route> =
  QueryOf<Route> extends { sort?: infer S } ? Exclude<S & string, `-${string}`> : never

/**
 * The columns of exactly the sort fields the operation's spec allows: a field added to or removed from the
 * spec's `sort` enum fails the type check here, so the service and the spec cannot drift.
 */
export type SortFieldsOf<Route, Row> = Record<SortKeyOf<Route>, SortField<Row>>
