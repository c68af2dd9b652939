import { ApiError, type FieldError } from '../http/errors'
import { isId } from '../ids'
import {
  businessHoursField,
  businessHoursOperators,
  type Condition,
  type ConditionGroup,
  canonicalOperator,
  changeOperators,
  conditionLimits,
  type FieldCatalogue,
  type FieldDefinition,
  fieldOf,
  type Operator,
  timeUnits,
  typeOperators,
} from './types'

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/
const isoDate = /^\d{4}-\d{2}-\d{2}$/

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** An ISO 8601 instant with its offset (`2026-12-04T09:00:00Z`) that names a real time. */
export const isInstant = (v: unknown): v is string =>
  typeof v === 'string' && isoInstant.test(v) && !Number.isNaN(Date.parse(v))

/** A real calendar date `YYYY-MM-DD`. */
export const isCalendarDate = (v: unknown): v is string =>
  typeof v === 'string' &&
  isoDate.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v

const listOperators: readonly Operator[] = ['in', 'not_in', 'includes_any', 'includes_all', 'includes_none']
const noValueOperators: readonly Operator[] = ['is_set', 'is_not_set', 'changed']

/** Why `value` is not a valid scalar for `field`, or undefined when it is. */
function scalarProblem<R>(field: FieldDefinition<R>, operator: Operator, value: unknown): string | undefined {
  switch (field.type) {
    case 'string':
    case 'string_array':
      if (typeof value !== 'string') return 'must be a string'
      if (value.length > conditionLimits.stringLength) {
        return `must have at most ${conditionLimits.stringLength} characters`
      }
      return undefined
    case 'enum':
      if (typeof value !== 'string' || !field.values?.includes(value)) {
        return `must be one of ${(field.values ?? []).join(', ')}`
      }
      return undefined
    case 'id':
      return field.prefix && isId(field.prefix, value)
        ? undefined
        : `must be an id starting with ${field.prefix}_`
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number'
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false'
    case 'timestamp':
      return isInstant(value) ? undefined : 'must be an ISO 8601 date-time with an offset'
    case 'date':
      return isCalendarDate(value) ? undefined : 'must be a date YYYY-MM-DD'
    case 'json':
      if (['gt', 'gte', 'lt', 'lte'].includes(operator)) {
        return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number'
      }
      if (operator === 'contains' || operator === 'not_contains') {
        return typeof value === 'string'
          ? scalarProblem({ ...field, type: 'string' }, operator, value)
          : 'must be a string'
      }
      if (typeof value === 'string') return scalarProblem({ ...field, type: 'string' }, operator, value)
      if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'must be a finite number'
      return typeof value === 'boolean' ? undefined : 'must be a string, number or boolean'
  }
}

function valueProblem<R>(
  field: FieldDefinition<R>,
  operator: Operator,
  value: unknown,
  has: boolean,
): { path?: string; message: string } | undefined {
  if (noValueOperators.includes(operator)) {
    return has && value !== null ? { message: `must be absent for ${operator}` } : undefined
  }
  if (!has) return { message: `is required for ${operator}` }
  if (operator === 'older_than' || operator === 'newer_than') {
    if (!isObject(value)) return { message: 'must be a relative time { "amount": 4, "unit": "hours" }' }
    const extra = Object.keys(value).find((k) => k !== 'amount' && k !== 'unit')
    if (extra) return { path: `.${extra}`, message: 'is not a property of a relative time' }
    const amount = value.amount
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > 100_000) {
      return { path: '.amount', message: 'must be an integer from 1 to 100000' }
    }
    if (typeof value.unit !== 'string' || !Object.hasOwn(timeUnits, value.unit)) {
      return { path: '.unit', message: `must be one of ${Object.keys(timeUnits).join(', ')}` }
    }
    return undefined
  }
  if (listOperators.includes(operator)) {
    if (!Array.isArray(value)) return { message: `must be an array for ${operator}` }
    if (value.length === 0 || value.length > conditionLimits.values) {
      return { message: `must have 1 to ${conditionLimits.values} items` }
    }
    for (const [i, item] of value.entries()) {
      const problem = scalarProblem(field, operator, item)
      if (problem) return { path: `[${i}]`, message: problem }
    }
    return undefined
  }
  const problem = scalarProblem(field, operator, value)
  return problem ? { message: problem } : undefined
}

/** What a consumer allows beyond the fields of its catalogue. */
export interface ConditionValidationOptions {
  /** `changed`, `changed_to`, `changed_from` (routing rules on `ticket.updated`): evaluated with `previous`. */
  allowChange?: boolean
  /** `{ field: "businessHours", operator: "within" | "outside", value: "bh_…" }` (evaluated with a resolver). */
  businessHours?: boolean
}

/** The operators a field takes, canonical names first, then the change operators where allowed. */
function operatorsOf<R>(field: FieldDefinition<R>, options: ConditionValidationOptions): Operator[] {
  const allowed = [...(field.operators ?? typeOperators[field.type])]
  // A related row's field (the requester's email) does not change with the ticket: no change operators.
  if (options.allowChange && !field.scope) {
    allowed.push('changed')
    if (allowed.includes('eq')) allowed.push('changed_to', 'changed_from')
  }
  return allowed
}

/**
 * Every problem of `condition` against `catalogue`, each naming its path under `path`
 * (`body.conditions.all[2].operator`); empty when the condition is valid. Unknown fields, operators the field
 * does not take (aliases such as `is` count as their operator), values of the wrong type, more than 5 levels of
 * groups or more than 50 rules are problems; so are change operators and `businessHours` rules unless
 * `options` allows them.
 */
export function conditionErrors<R>(
  condition: unknown,
  catalogue: FieldCatalogue<R>,
  path = 'conditions',
  options: ConditionValidationOptions = {},
): FieldError[] {
  const errors: FieldError[] = []
  let rules = 0
  const fail = (at: string, code: string, message: string) => {
    if (errors.length < 50) errors.push({ path: at, code, message })
  }

  const visitRule = (rule: Record<string, unknown>, at: string) => {
    rules++
    const extra = Object.keys(rule).find((k) => !['field', 'operator', 'value'].includes(k))
    if (extra) fail(`${at}.${extra}`, 'invalid_condition', 'is not a property of a rule')
    const name = rule.field
    if (typeof name !== 'string') return fail(`${at}.field`, 'invalid_condition', 'must be a string')
    const field = fieldOf(catalogue, name)
    if (!field && name === businessHoursField && options.businessHours) {
      if (!(businessHoursOperators as readonly unknown[]).includes(rule.operator)) {
        return fail(
          `${at}.operator`,
          'invalid_operator',
          `must be one of ${businessHoursOperators.join(', ')}`,
        )
      }
      if (!isId('bh', rule.value)) {
        return fail(`${at}.value`, 'invalid_value', 'must be a business hours id (bh_…)')
      }
      return
    }
    if (!field) {
      const families = catalogue.families?.length ? ` or ${catalogue.families.join(', ')}` : ''
      const extra = options.businessHours ? `${families}, ${businessHoursField}` : families
      return fail(
        `${at}.field`,
        'unknown_field',
        `${name.slice(0, 100)} is not a field; use one of ${Object.keys(catalogue.fields).join(', ')}${extra}`,
      )
    }
    const allowed = operatorsOf(field, options)
    const operator = canonicalOperator(rule.operator)
    if (!operator) {
      return fail(`${at}.operator`, 'invalid_operator', `must be one of ${allowed.join(', ')}`)
    }
    if (changeOperators.includes(operator) && !options.allowChange) {
      return fail(
        `${at}.operator`,
        'invalid_operator',
        `${operator} compares with the ticket before a change: only routing rules on ticket.updated use it`,
      )
    }
    if (!allowed.includes(operator)) {
      return fail(
        `${at}.operator`,
        'invalid_operator',
        `${String(rule.operator)} does not apply to ${name}; use one of ${allowed.join(', ')}`,
      )
    }
    if (operator === 'gt' || operator === 'gte' || operator === 'lt' || operator === 'lte') {
      if (field.type === 'enum' && !field.ordered) {
        return fail(`${at}.operator`, 'invalid_operator', `${name} has no order`)
      }
    }
    const problem = valueProblem(field, operator, rule.value, Object.hasOwn(rule, 'value'))
    if (problem) fail(`${at}.value${problem.path ?? ''}`, 'invalid_value', problem.message)
  }

  const visit = (node: unknown, at: string, depth: number) => {
    if (!isObject(node)) return fail(at, 'invalid_condition', 'must be a rule or a group')
    if ('field' in node || 'operator' in node) return visitRule(node, at)
    if (depth > conditionLimits.depth) {
      return fail(at, 'too_deep', `groups nest at most ${conditionLimits.depth} levels`)
    }
    const extra = Object.keys(node).find((k) => k !== 'all' && k !== 'any')
    if (extra) return fail(`${at}.${extra}`, 'invalid_condition', 'is not a property of a group (all, any)')
    for (const key of ['all', 'any'] as const) {
      if (!Object.hasOwn(node, key)) continue
      const list = node[key]
      if (!Array.isArray(list)) {
        fail(`${at}.${key}`, 'invalid_condition', 'must be an array')
        continue
      }
      for (const [i, child] of list.entries()) visit(child, `${at}.${key}[${i}]`, depth + 1)
    }
  }

  if (!isObject(condition) || 'field' in condition || 'operator' in condition) {
    fail(path, 'invalid_condition', 'must be a group { "all": [...], "any": [...] }')
    return errors
  }
  visit(condition, path, 1)
  if (rules > conditionLimits.rules) {
    errors.unshift({
      path,
      code: 'too_many_rules',
      message: `has ${rules} rules; at most ${conditionLimits.rules} are allowed`,
    })
  }
  return errors
}

/**
 * `condition` as a valid group, or the 422 `invalid_condition` problem listing what is wrong.
 *
 * @example assertValidCondition(input.conditions, ticketFields, 'body.conditions')
 */
export function assertValidCondition<R>(
  condition: unknown,
  catalogue: FieldCatalogue<R>,
  path = 'conditions',
  options: ConditionValidationOptions = {},
): ConditionGroup {
  const errors = conditionErrors(condition, catalogue, path, options)
  if (errors.length > 0) {
    throw new ApiError('invalid_condition', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
      errors,
    })
  }
  return condition as ConditionGroup
}

export type { Condition }
