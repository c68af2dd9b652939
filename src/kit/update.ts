import { and, eq, type SQL, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { assertAllowed, filterFor } from '../authz/guard'
import { type ResourceType, resourceSpec } from '../authz/resources'
import type { ServiceContext } from '../context/service'
import type { Db } from '../db/database'
import { notFound } from '../http/errors'
import { assertIfMatch } from '../http/etag'

/**
 * The update kit: every change of a stored resource runs the same four steps, in its transaction.
 *   1. lock the row, if the caller can see it (else 404, exactly like a missing one);
 *   2. check the caller may `action` it (403 naming what is missing);
 *   3. check the caller's `If-Match` against its version (412);
 *   4. write it with `bumped(table)`: version + 1 and a new `updatedAt`, so ETags move.
 *
 * @example
 *   const current = await lockForChange<ContactRow>(ctx, tx, 'Contact', id, { action: 'update', ifMatch })
 *   await tx.update(contacts).set({ ...changes, ...bumped(contacts) }).where(…)
 */
export async function lockForChange<Row extends { version: number }>(
  ctx: ServiceContext,
  tx: Db,
  type: ResourceType,
  id: string,
  options: {
    action: string
    ifMatch?: string
    /** The columns to read (default: the whole row); may hold computed ones. */
    columns?: Record<string, PgColumn | SQL.Aliased | SQL>
    /** How the 404 names it (default: the type). */
    label?: string
    /** The fields the policy reads, when they differ from the row's. */
    policyRow?: (row: Row) => Record<string, unknown>
    /** A refusal of its own before `If-Match` (e.g. 409 for a merged record). */
    check?: (row: Row) => void
  },
): Promise<Row> {
  const spec = resourceSpec(type)
  const workspaceColumn = spec.fields.workspaceId
  const idColumn = spec.fields.id
  if (!workspaceColumn || !idColumn) throw new Error(`${type} has no id or workspaceId field`)
  const read = await filterFor(ctx, 'read', type)
  const select = options.columns ? tx.select(options.columns) : tx.select()
  const [row] = (await select
    .from(spec.table)
    .where(and(eq(workspaceColumn, ctx.workspaceId), eq(idColumn, id), read.where))
    .for('update', { of: spec.table })) as Row[]
  if (!row) throw notFound(options.label ?? type)
  await assertAllowed(ctx, options.action, type, options.policyRow ? options.policyRow(row) : row)
  options.check?.(row)
  assertIfMatch(options.ifMatch, row.version)
  return row
}

/** What every write of a changed row sets besides its fields: the next version and the time of change. */
export const bumped = (table: PgTable & { version: PgColumn }) => ({
  version: sql`${table.version} + 1`,
  updatedAt: new Date(),
})

/** Equal as sets (order and duplicates aside). */
export const sameSet = (a: readonly string[], b: readonly string[]) => {
  const left = new Set(a)
  const right = new Set(b)
  return left.size === right.size && [...left].every((x) => right.has(x))
}

/** Equal as JSON values, whatever the order of object keys (jsonb does not keep it). */
export function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object' && !(v instanceof Date)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}

/**
 * The fields of `next` whose values differ from `current`, and their former values: what a write sets and what
 * its `*.updated` event carries as `previous`. Fields `next` leaves undefined are not changes.
 */
export function diffFields<Row extends Record<string, unknown>>(
  current: Row,
  next: Partial<Row>,
): { changed: Partial<Row>; previous: Record<string, unknown> } {
  const changed: Record<string, unknown> = {}
  const previous: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(next)) {
    if (value === undefined) continue
    const before = current[field]
    const same =
      typeof value === 'object' && value !== null && !(value instanceof Date)
        ? sameJson(value, before)
        : value instanceof Date && before instanceof Date
          ? value.getTime() === before.getTime()
          : Object.is(value, before)
    if (same) continue
    changed[field] = value
    previous[field] = before
  }
  return { changed: changed as Partial<Row>, previous }
}
