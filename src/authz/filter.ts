import { and, eq, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Filter, FilterCondition } from 'oso/dist/src/filter'
import { type ResourceSpec, type ResourceType, resourceSpec } from './resources'

/**
 * A compiled authorization decision for (actor, action, resource type): a SQL predicate over the
 * resource's table, plus the same predicate evaluated in memory for rows the caller already holds.
 */
export interface CompiledFilter {
  /** The predicate, to AND into a query on the resource's table. */
  where: SQL
  /** Nothing of this type is allowed: lists answer 403 rather than an empty page. */
  none: boolean
  /** Every row of the actor's workspace is allowed (`where` is `unrestricted`). */
  all: boolean
  /**
   * The decision for one row of the actor's workspace, from its field values; undefined when the filter
   * follows a relation.
   */
  test?: (row: Record<string, unknown>) => boolean
}

type Datum = FilterCondition['lhs']
const isField = (d: Datum): d is { typeName: string; fieldName?: string } => 'typeName' in d

type Comparable = string | number | boolean | null
const comparators = {
  Eq: (a: Comparable, b: Comparable) => a === b,
  Neq: (a: Comparable, b: Comparable) => a !== b,
  Gt: (a: Comparable, b: Comparable) => a !== null && b !== null && a > b,
  Geq: (a: Comparable, b: Comparable) => a !== null && b !== null && a >= b,
  Lt: (a: Comparable, b: Comparable) => a !== null && b !== null && a < b,
  Leq: (a: Comparable, b: Comparable) => a !== null && b !== null && a <= b,
} as const

const sqlOperators = { Eq: '=', Neq: '<>', Gt: '>', Geq: '>=', Lt: '<', Leq: '<=' } as const

const spec = (typeName: string): ResourceSpec => resourceSpec(typeName as ResourceType)

function column(typeName: string, fieldName: string | undefined): PgColumn {
  const col = spec(typeName).fields[fieldName ?? 'id']
  if (!col) throw new Error(`authz: ${typeName}.${fieldName} is not a filterable field`)
  return col
}

/** One comparison as SQL. Values go through the column's own mapping (TypeIDs become uuids). */
function conditionSql(c: FilterCondition): SQL {
  const { lhs, rhs, cmp } = c
  if (isField(lhs) && isField(rhs)) {
    return sql`${column(lhs.typeName, lhs.fieldName)} ${sql.raw(sqlOperators[cmp])} ${column(rhs.typeName, rhs.fieldName)}`
  }
  const [field, value, flipped] = isField(lhs) ? [lhs, rhs, false] : [rhs as typeof lhs, lhs, true]
  if (!isField(field) || isField(value)) throw new Error('authz: unexpected condition')
  const col = column(field.typeName, field.fieldName)
  const v = (value as { value: unknown }).value
  if (v === null || v === undefined) {
    if (cmp === 'Eq') return isNull(col)
    if (cmp === 'Neq') return sql`${col} is not null`
    return sql`false`
  }
  if (cmp === 'Eq') return eq(col, v)
  if (cmp === 'Neq') return ne(col, v)
  const op = flipped ? ({ Gt: '<', Geq: '<=', Lt: '>', Leq: '>=' } as const)[cmp] : sqlOperators[cmp]
  return sql`${col} ${sql.raw(op)} ${sql.param(v, col)}`
}

/** Fold comparisons of two constants; false when the conjunction can never hold. */
function foldConstants(conjunction: FilterCondition[]): FilterCondition[] | false {
  const kept: FilterCondition[] = []
  for (const c of conjunction) {
    if (!isField(c.lhs) && !isField(c.rhs)) {
      if (!comparators[c.cmp](c.lhs.value as Comparable, c.rhs.value as Comparable)) return false
      continue
    }
    kept.push(c)
  }
  return kept
}

/** A condition already in SQL, on `typeName`'s table (a grouped `field = ANY(…)`). */
interface Compiled {
  typeName: string
  sql: SQL
}
type Condition = FilterCondition | Compiled
const isCompiled = (c: Condition): c is Compiled => 'sql' in c

/** The `field = constant` candidates of a conjunction: its equalities with a non-null constant. */
function pivots(d: FilterCondition[]) {
  const out: Array<{ c: FilterCondition; field: { typeName: string; fieldName?: string }; value: unknown }> =
    []
  for (const c of d) {
    if (c.cmp !== 'Eq') continue
    const field =
      isField(c.lhs) && !isField(c.rhs) ? c.lhs : isField(c.rhs) && !isField(c.lhs) ? c.rhs : undefined
    if (!field) continue
    const value = ((field === c.lhs ? c.rhs : c.lhs) as { value: unknown }).value
    if (value === null || value === undefined) continue
    out.push({ c, field, value })
  }
  return out
}

/**
 * Disjuncts that differ only in one `field = constant` become `field IN (…)`: a member of 12 teams gets one
 * `team_id = ANY(…)` rather than 12 ORed copies of the rest, and a contact in 5 segments one
 * `exists (… segment_id = ANY(…))` over the content's audience grants rather than 5. The field may be the
 * root's or a related type's (then the `IN` goes inside that relation's `exists`). Each disjunct pivots on the
 * equality that the most disjuncts share the rest of.
 */
function groupEqualities(disjuncts: FilterCondition[][]): Array<Condition[] | SQL> {
  const keyOf = (d: FilterCondition[], p: ReturnType<typeof pivots>[number]) =>
    `${p.field.typeName}.${p.field.fieldName ?? 'id'}|${d
      .filter((c) => c !== p.c)
      .map((c) => JSON.stringify(c))
      .sort()
      .join('&')}`
  const candidates = disjuncts.map((d) => pivots(d).map((p) => ({ ...p, key: keyOf(d, p) })))
  const counts = new Map<string, number>()
  for (const list of candidates) for (const p of list) counts.set(p.key, (counts.get(p.key) ?? 0) + 1)
  const groups = new Map<
    string,
    { rest: FilterCondition[]; field: { typeName: string; fieldName?: string }; values: unknown[] }
  >()
  const out: Array<FilterCondition[] | SQL | { group: string }> = []
  disjuncts.forEach((d, i) => {
    let pivot: (ReturnType<typeof pivots>[number] & { key: string }) | undefined
    for (const p of candidates[i] ?? [])
      if (!pivot || (counts.get(p.key) ?? 0) >= (counts.get(pivot.key) ?? 0)) pivot = p
    if (!pivot) {
      out.push(d)
      return
    }
    const group = groups.get(pivot.key)
    if (group) group.values.push(pivot.value)
    else {
      groups.set(pivot.key, {
        rest: d.filter((c) => c !== pivot.c),
        field: pivot.field,
        values: [pivot.value],
      })
      out.push({ group: pivot.key })
    }
  })
  return out.map((item) => {
    if (!('group' in item)) return item
    const g = groups.get(item.group)
    if (!g) throw new Error('authz: lost an equality group')
    const eqCondition: FilterCondition = {
      lhs: { typeName: g.field.typeName, fieldName: g.field.fieldName },
      cmp: 'Eq',
      rhs: { value: g.values[0] },
    } as FilterCondition
    if (g.values.length === 1) return [...g.rest, eqCondition]
    const col = column(g.field.typeName, g.field.fieldName)
    const grouped: Compiled = { typeName: g.field.typeName, sql: inArray(col, g.values) }
    return [...g.rest, grouped]
  })
}

function conjunctionSql(root: string, filter: Filter, conjunction: Condition[]): SQL {
  const onRoot: SQL[] = []
  const byRelation = new Map<string, SQL[]>()
  for (const c of conjunction) {
    const types = isCompiled(c) ? [c.typeName] : [c.lhs, c.rhs].filter(isField).map((d) => d.typeName)
    const other = types.find((t) => t !== root)
    const compiled = isCompiled(c) ? c.sql : conditionSql(c)
    if (!other) onRoot.push(compiled)
    else {
      const list = byRelation.get(other) ?? []
      list.push(compiled)
      byRelation.set(other, list)
    }
  }
  for (const [otherType, conditions] of byRelation) {
    const link = filter.relations.find((r) => r.fromTypeName === root && r.toTypeName === otherType)
    if (!link)
      throw new Error(`authz: ${root} has no relation to ${otherType} (only direct relations are supported)`)
    const relation = spec(root).relations?.[link.fromFieldName]
    if (!relation) throw new Error(`authz: ${root}.${link.fromFieldName} is not a relation`)
    const other = spec(otherType)
    const join = sql`${column(otherType, relation.otherField)} = ${column(root, relation.myField)}`
    onRoot.push(sql`exists (select 1 from ${other.table} where ${and(join, ...conditions)})`)
  }
  return onRoot.length === 0 ? sql`true` : (and(...onRoot) as SQL)
}

/** The same decision in memory, for a row's field values (filters over the root type only). */
function compileTest(disjuncts: FilterCondition[][]) {
  const value = (d: Datum, row: Record<string, unknown>) =>
    (isField(d)
      ? (row[d.fieldName ?? 'id'] ?? null)
      : ((d as { value: unknown }).value ?? null)) as Comparable
  return (row: Record<string, unknown>) =>
    disjuncts.some((conjunction) =>
      conjunction.every((c) => {
        const a = value(c.lhs, row)
        const b = value(c.rhs, row)
        if (c.cmp === 'Eq') return a === b
        if (c.cmp === 'Neq') return a !== b && a !== null && b !== null
        if (a === null || b === null) return false
        return comparators[c.cmp](a, b)
      }),
    )
}

/** The predicate of a filter that allows every row in scope: `paginate()` keeps its prepared statement for it. */
export const unrestricted: SQL = sql`true`

/**
 * Within the actor's workspace, `resource.workspaceId = <that workspace>` always holds (every query that
 * serves a request is scoped to it) and any other workspace never does: fold those conditions away, so
 * that a filter allowing the whole workspace becomes `unrestricted`.
 */
function foldWorkspace(
  type: string,
  workspaceId: string,
  conjunction: FilterCondition[],
): FilterCondition[] | false {
  const kept: FilterCondition[] = []
  for (const c of conjunction) {
    const field = isField(c.lhs) ? c.lhs : isField(c.rhs) ? c.rhs : undefined
    const other = field === c.lhs ? c.rhs : c.lhs
    if (c.cmp === 'Eq' && field?.typeName === type && field.fieldName === 'workspaceId' && !isField(other)) {
      if ((other as { value: unknown }).value !== workspaceId) return false
      continue
    }
    kept.push(c)
  }
  return kept
}

/**
 * Turn Oso's filter (disjunctive normal form over the resource and its relations) into SQL. With
 * `scopeWorkspaceId`, the result holds for rows of that workspace only: callers AND it into queries already
 * scoped to the actor's workspace, as every request's queries are.
 */
export function compileFilter(type: ResourceType, filter: Filter, scopeWorkspaceId?: string): CompiledFilter {
  const disjuncts = filter.conditions
    .map(foldConstants)
    .map((d) => (d && scopeWorkspaceId ? foldWorkspace(type, scopeWorkspaceId, d) : d))
    .filter((d): d is FilterCondition[] => d !== false)
  if (disjuncts.length === 0) return { where: sql`false`, none: true, all: false, test: () => false }
  const usesRelations = disjuncts.some((d) =>
    d.some((c) => [c.lhs, c.rhs].some((x) => isField(x) && x.typeName !== type)),
  )
  const all = disjuncts.some((d) => d.length === 0)
  const parts = groupEqualities(disjuncts).map((d) =>
    Array.isArray(d) ? conjunctionSql(type, filter, d) : d,
  )
  const where = all ? unrestricted : parts.length === 1 && parts[0] ? parts[0] : (or(...parts) ?? sql`false`)
  return { where, none: false, all, test: usesRelations ? undefined : compileTest(disjuncts) }
}
