import {
  type BusinessHoursResolver,
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
  timeUnits,
} from './types'

/** The instant a relative time counts back to from `now`, in milliseconds (what compile binds too). */
export const cutoffOf = (value: RelativeTime, now: Date) =>
  now.getTime() - value.amount * timeUnits[value.unit]

/** An ISO instant (or a Date) as milliseconds: the precision of stored timestamps. */
export const instantMs = (v: unknown): number =>
  v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : Number.NaN

const isMissing = (v: unknown) => v === null || v === undefined

function equals<R>(field: FieldDefinition<R>, stored: unknown, value: unknown): boolean {
  if (field.type === 'json') return typeof stored === typeof value && stored === value
  if (field.type === 'number') return typeof stored === 'number' && stored === value
  return stored === value
}

/** -1, 0 or 1 comparing the stored value with the rule's, or undefined when they do not compare. */
function compare<R>(field: FieldDefinition<R>, stored: unknown, value: unknown): number | undefined {
  const sign = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0)
  switch (field.type) {
    case 'number':
    case 'json':
      return typeof stored === 'number' && typeof value === 'number' ? sign(stored, value) : undefined
    case 'timestamp': {
      const a = instantMs(stored)
      return Number.isNaN(a) ? undefined : sign(a, instantMs(value))
    }
    case 'date':
      return typeof stored === 'string'
        ? stored < String(value)
          ? -1
          : stored > String(value)
            ? 1
            : 0
        : undefined
    case 'enum': {
      const order = field.values ?? []
      const a = order.indexOf(stored as string)
      return a < 0 ? undefined : sign(a, order.indexOf(value as string))
    }
    default:
      return undefined
  }
}

function positive<R>(
  field: FieldDefinition<R>,
  operator: Operator,
  stored: unknown,
  value: unknown,
  now: Date,
) {
  if (operator === 'is_set') {
    if (field.type === 'string_array') return Array.isArray(stored) && stored.length > 0
    return !isMissing(stored)
  }
  if (isMissing(stored)) return false
  switch (operator) {
    case 'eq':
      return equals(field, stored, value)
    case 'in':
      return (value as unknown[]).some((v) => equals(field, stored, v))
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const c = compare(field, stored, value)
      if (c === undefined) return false
      return operator === 'gt' ? c > 0 : operator === 'gte' ? c >= 0 : operator === 'lt' ? c < 0 : c <= 0
    }
    case 'contains':
      return typeof stored === 'string' && stored.toLowerCase().includes(String(value).toLowerCase())
    case 'includes_any':
      return Array.isArray(stored) && (value as unknown[]).some((v) => stored.includes(v))
    case 'includes_all':
      return Array.isArray(stored) && (value as unknown[]).every((v) => stored.includes(v))
    case 'older_than': {
      const at = instantMs(stored)
      return !Number.isNaN(at) && at < cutoffOf(value as RelativeTime, now)
    }
    case 'newer_than': {
      const at = instantMs(stored)
      return !Number.isNaN(at) && at >= cutoffOf(value as RelativeTime, now)
    }
    default:
      throw new Error(`conditions: ${operator} is not a positive operator`)
  }
}

/** JSON with sorted keys: equal values (as jsonb compares them) spell the same. */
const canonicalJson = (v: unknown): string =>
  JSON.stringify(v, (_, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  )

/**
 * Whether a field holds the same value in two records (SQL's `is not distinct from` over the field's SQL type):
 * two missing values are the same; for `json`, a JSON null is a value and a missing key is not.
 */
export function sameValue<R>(field: FieldDefinition<R>, a: unknown, b: unknown): boolean {
  if (field.type === 'json') {
    if (a === undefined || b === undefined) return a === b
    return canonicalJson(a) === canonicalJson(b)
  }
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b)
  switch (field.type) {
    case 'timestamp':
      return instantMs(a) === instantMs(b)
    case 'string_array':
      return (
        Array.isArray(a) &&
        Array.isArray(b) &&
        a.length === b.length &&
        a.every((x, i) => x === (b as unknown[])[i])
      )
    default:
      return a === b
  }
}

/** `changed`, `changed_to`, `changed_from` over the record and the one before the change. */
function changeRule<R>(
  field: FieldDefinition<R>,
  operator: Operator,
  record: R,
  previous: R,
  value: unknown,
) {
  const now = field.get(record)
  const was = field.get(previous)
  const is = (v: unknown) => !isMissing(v) && equals(field, v, value)
  switch (operator) {
    case 'changed':
      return !sameValue(field, was, now)
    case 'changed_to':
      return is(now) && !is(was)
    case 'changed_from':
      return is(was) && !is(now)
    default:
      throw new Error(`conditions: ${operator} is not a change operator`)
  }
}

/** A `businessHours` rule: the schedule's state at `now`, from the consumer's resolver. */
export function businessHoursRule(
  rule: ConditionRule,
  now: Date,
  resolver: BusinessHoursResolver | undefined,
) {
  if (!resolver) throw new Error('conditions: a businessHours rule needs a business-hours resolver')
  const open = resolver.isOpen(String(rule.value), now)
  return rule.operator === 'within' ? open : !open
}

function evaluateRule<R>(
  rule: ConditionRule,
  record: R,
  catalogue: FieldCatalogue<R>,
  options: EvaluationOptions<R>,
): boolean {
  const now = options.now
  const field = fieldOf(catalogue, rule.field)
  if (!field && rule.field === businessHoursField) return businessHoursRule(rule, now, options.businessHours)
  if (!field) throw new Error(`conditions: unknown field ${rule.field} (validate before evaluating)`)
  const operator = canonicalOperator(rule.operator)
  if (!operator) throw new Error(`conditions: unknown operator ${rule.operator} (validate before evaluating)`)
  if (operator === 'changed' || operator === 'changed_to' || operator === 'changed_from') {
    return options.previous !== undefined && changeRule(field, operator, record, options.previous, rule.value)
  }
  const negated = negations[operator]
  const stored = field.get(record)
  return negated
    ? !positive(field, negated, stored, rule.value, now)
    : positive(field, operator, stored, rule.value, now)
}

/**
 * Whether `record` matches `condition` (already validated against `catalogue`): the in-memory twin of
 * `compileCondition`, for one record (routing a ticket, testing a rule). Both read `now` from `options`.
 *
 * @example evaluateCondition({ all: [{ field: 'priority', operator: 'gte', value: 'high' }] }, ticket, fields, { now })
 */
export function evaluateCondition<R>(
  condition: Condition,
  record: R,
  catalogue: FieldCatalogue<R>,
  options: EvaluationOptions<R>,
): boolean {
  if (isRule(condition)) return evaluateRule(condition, record, catalogue, options)
  const all = condition.all ?? []
  const any = condition.any ?? []
  return (
    all.every((c) => evaluateCondition(c, record, catalogue, options)) &&
    (any.length === 0 || any.some((c) => evaluateCondition(c, record, catalogue, options)))
  )
}
