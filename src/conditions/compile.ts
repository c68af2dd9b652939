import { type SQL, sql } from 'drizzle-orm'
import { containsPattern } from '../http/pagination'
import { idToUuid } from '../ids'
import { businessHoursRule, cutoffOf } from './evaluate'
import {
  businessHoursField,
  type Condition,
  type ConditionRule,
  canonicalOperator,
  type EvaluationOptions,
  type FieldCatalogue,
  type FieldDefinition,
  fieldOf,
  isRule,
  negations,
  type Operator,
  type RelativeTime,
} from './types'

const TRUE = sql`true`
const FALSE = sql`false`

/** A rule's value as a bound parameter of the field's SQL type. */
function param<R>(field: FieldDefinition<R>, value: unknown): SQL {
  switch (field.type) {
    case 'id':
      return sql`${idToUuid(value as string)}::uuid`
    case 'number':
      return sql`${String(value)}::numeric`
    case 'boolean':
      return sql`${value as boolean}::boolean`
    case 'timestamp':
      return sql`${new Date(value as string).toISOString()}::timestamptz`
    case 'json':
      return sql`${JSON.stringify(value)}::jsonb`
    default:
      return sql`${String(value)}::text`
  }
}

const textArray = (values: unknown[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${String(v)}::text`),
    sql`, `,
  )}]::text[]`

const jsonNumber = (x: SQL) => sql`(case when jsonb_typeof(${x}) = 'number' then (${x})::numeric end)`
const jsonString = (x: SQL) => sql`(case when jsonb_typeof(${x}) = 'string' then (${x}) #>> '{}' end)`

const comparators = { gt: sql`>`, gte: sql`>=`, lt: sql`<`, lte: sql`<=` } as const

/**
 * How a predicate is compiled: at `now`, or, with `nowPlaceholder`, against a `now` bound when the statement runs
 * (`sql.placeholder(nowPlaceholder)`, an ISO instant), so that a prepared statement serves every moment. Business
 * hours are a constant of `now` and do not compile against a placeholder.
 */
export interface CompileOptions<R = unknown> extends EvaluationOptions<R> {
  nowPlaceholder?: string
}

/** The instant `value` before now: a bound constant, or the placeholder's `now` minus the span. */
function cutoff(value: RelativeTime, options: CompileOptions<unknown>): SQL {
  if (options.nowPlaceholder === undefined) {
    return sql`${new Date(cutoffOf(value, options.now)).toISOString()}::timestamptz`
  }
  const spanMs = options.now.getTime() - cutoffOf(value, options.now)
  return sql`(${sql.placeholder(options.nowPlaceholder)}::timestamptz - ${spanMs}::float8 * interval '1 millisecond')`
}

/** The positive operator's predicate over the field's value: may be NULL where the value is. */
function positive<R>(
  field: FieldDefinition<R>,
  operator: Operator,
  value: unknown,
  options: CompileOptions<R>,
): SQL {
  const x = field.sql()
  switch (operator) {
    case 'is_set':
      if (field.type === 'string_array') return sql`coalesce(cardinality(${x}), 0) > 0`
      if (field.type === 'json') return sql`coalesce(jsonb_typeof(${x}), 'null') <> 'null'`
      return sql`${x} is not null`
    case 'eq':
      return sql`${x} = ${param(field, value)}`
    case 'in':
      return sql`${x} in (${sql.join(
        (value as unknown[]).map((v) => param(field, v)),
        sql`, `,
      )})`
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (field.type === 'enum') {
        // An ordered enum compares by position: `priority gt normal` is `priority in (high, urgent)`.
        const order = field.values ?? []
        const at = order.indexOf(value as string)
        const keep = order.filter((_, i) =>
          operator === 'gt' ? i > at : operator === 'gte' ? i >= at : operator === 'lt' ? i < at : i <= at,
        )
        if (keep.length === 0) return FALSE
        return sql`${x} in (${sql.join(
          keep.map((v) => sql`${v}::text`),
          sql`, `,
        )})`
      }
      if (field.type === 'json')
        return sql`${jsonNumber(x)} ${comparators[operator]} ${String(value)}::numeric`
      if (field.type === 'date') return sql`${x} collate "C" ${comparators[operator]} ${String(value)}::text`
      return sql`${x} ${comparators[operator]} ${param(field, value)}`
    }
    case 'contains': {
      const text = field.type === 'json' ? jsonString(x) : x
      return sql`${text} ilike ${containsPattern(String(value))}::text`
    }
    case 'includes_any':
      return sql`${x} && ${textArray(value as unknown[])}`
    case 'includes_all':
      return sql`${x} @> ${textArray(value as unknown[])}`
    case 'older_than':
      return sql`${x} < ${cutoff(value as RelativeTime, options as CompileOptions<unknown>)}`
    case 'newer_than':
      return sql`${x} >= ${cutoff(value as RelativeTime, options as CompileOptions<unknown>)}`
    default:
      throw new Error(`conditions: ${operator} is not a positive operator`)
  }
}

const sqlTypes = {
  id: sql`uuid`,
  number: sql`numeric`,
  boolean: sql`boolean`,
  timestamp: sql`timestamptz`,
  json: sql`jsonb`,
  string_array: sql`text[]`,
  string: sql`text`,
  enum: sql`text`,
  date: sql`text`,
} as const

/** A field's value read from a record held in memory (the record before the change), as a bound parameter. */
function recordValue<R>(field: FieldDefinition<R>, value: unknown): SQL {
  if (value === undefined || (value === null && field.type !== 'json'))
    return sql`null::${sqlTypes[field.type]}`
  if (field.type === 'string_array') return textArray(value as unknown[])
  if (field.type === 'timestamp') return sql`${new Date(value as string).toISOString()}::timestamptz`
  return param(field, value)
}

/** `changed`, `changed_to`, `changed_from`: the column against the previous record's value, bound. */
function changeRule<R>(field: FieldDefinition<R>, operator: Operator, previous: R, value: unknown): SQL {
  const x = field.sql()
  const was = recordValue(field, field.get(previous))
  switch (operator) {
    case 'changed':
      return sql`(${x} is distinct from ${was})`
    case 'changed_to':
      return sql`coalesce(${x} = ${param(field, value)} and ${was} is distinct from ${param(field, value)}, false)`
    case 'changed_from':
      return sql`(${was} is not distinct from ${param(field, value)} and ${x} is distinct from ${param(field, value)})`
    default:
      throw new Error(`conditions: ${operator} is not a change operator`)
  }
}

function compileRule<R>(rule: ConditionRule, catalogue: FieldCatalogue<R>, options: CompileOptions<R>): SQL {
  const now = options.now
  const field = fieldOf(catalogue, rule.field)
  // The schedule's state at `now` is one constant for every row, computed exactly as the evaluator does.
  if (!field && rule.field === businessHoursField) {
    if (options.nowPlaceholder !== undefined) {
      throw new Error('conditions: business hours do not compile against a placeholder now')
    }
    return businessHoursRule(rule, now, options.businessHours) ? TRUE : FALSE
  }
  if (!field) throw new Error(`conditions: unknown field ${rule.field} (validate before compiling)`)
  const operator = canonicalOperator(rule.operator)
  if (!operator) throw new Error(`conditions: unknown operator ${rule.operator} (validate before compiling)`)
  if (operator === 'changed' || operator === 'changed_to' || operator === 'changed_from') {
    return options.previous === undefined ? FALSE : changeRule(field, operator, options.previous, rule.value)
  }
  const negated = negations[operator]
  let predicate = positive(field, negated ?? operator, rule.value, options)
  if (field.scope) predicate = field.scope(predicate)
  // A NULL predicate (no value) is false for the positive operator, so the negative one is true: two-valued,
  // exactly as the evaluator. Positive predicates stay bare so that indexes serve them; a NULL under AND/OR
  // (never under NOT) filters exactly like false.
  return negated ? sql`not coalesce(${predicate}, false)` : sql`(${predicate})`
}

/**
 * `condition` (already validated against `catalogue`) as a parameterised SQL predicate over the catalogue's
 * record, agreeing with `evaluateCondition` on every record and every `now` (the differential test).
 *
 * @example db.select().from(tickets).where(and(eq(tickets.workspaceId, ws), compileCondition(view.conditions, fields, { now })))
 */
export function compileCondition<R>(
  condition: Condition,
  catalogue: FieldCatalogue<R>,
  options: CompileOptions<R>,
): SQL {
  if (isRule(condition)) return compileRule(condition, catalogue, options)
  const all = (condition.all ?? []).map((c) => compileCondition(c, catalogue, options))
  const any = (condition.any ?? []).map((c) => compileCondition(c, catalogue, options))
  const parts = [...all]
  if (any.length > 0) parts.push(sql`(${sql.join(any, sql` or `)})`)
  if (parts.length === 0) return TRUE
  return sql`(${sql.join(parts, sql` and `)})`
}
