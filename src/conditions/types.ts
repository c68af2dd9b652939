import type { SQL } from 'drizzle-orm'
import type { IdPrefix } from '../ids'

/**
 * The one condition language: views, SLA policies, routing rules and rule-based segments filter with it.
 * A group is `{ all: [...] }`, `{ any: [...] }` or both (every `all` and at least one `any`); groups nest.
 * An empty or absent list constrains nothing, so `{ all: [] }` matches every record.
 */
export interface ConditionRule {
  field: string
  operator: string
  value?: unknown
}

export interface ConditionGroup {
  all?: Condition[]
  any?: Condition[]
}

export type Condition = ConditionRule | ConditionGroup

export const isRule = (c: Condition): c is ConditionRule =>
  typeof c === 'object' && c !== null && 'field' in c

/**
 * The operators. Every rule is two-valued: a field without a value (SQL NULL, a missing custom-field key, a
 * ticket without an organisation) makes each positive operator false, and each negative operator is exactly
 * the negation of its positive twin (`neq` of `eq`, `not_in` of `in`, `not_contains` of `contains`,
 * `includes_none` of `includes_any`, `is_not_set` of `is_set`). So "assignee neq Bob" matches unassigned tickets.
 */
export const operators = [
  'eq',
  'neq',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'not_contains',
  'is_set',
  'is_not_set',
  'includes_any',
  'includes_all',
  'includes_none',
  'older_than',
  'newer_than',
  'changed',
  'changed_to',
  'changed_from',
] as const
export type Operator = (typeof operators)[number]

/**
 * Other names of operators (the spelling routing and SLA users know from other helpdesks): a rule may use
 * either; validation, evaluation and compilation read the operator through `canonicalOperator`, so there is
 * still one evaluator.
 */
export const operatorAliases = {
  is: 'eq',
  is_not: 'neq',
  greater_than: 'gt',
  less_than: 'lt',
  is_present: 'is_set',
  is_not_present: 'is_not_set',
} as const satisfies Record<string, Operator>
export type OperatorAlias = keyof typeof operatorAliases

/** The operator a rule's operator name means (an alias's canonical operator), or undefined when none. */
export function canonicalOperator(name: unknown): Operator | undefined {
  if (typeof name !== 'string') return undefined
  if (Object.hasOwn(operatorAliases, name)) return operatorAliases[name as OperatorAlias]
  return (operators as readonly string[]).includes(name) ? (name as Operator) : undefined
}

/**
 * The operators over the change that caused the evaluation (`ticket.updated`): they compare the record with
 * `previous` in the evaluation options (`changed`: the value differs; `changed_to`: it is now the rule's value
 * and was not; `changed_from`: it was the rule's value and is not). Without `previous` (views, creation) they
 * are false. Validation accepts them only where the consumer allows them (`allowChange`).
 */
export const changeOperators: readonly Operator[] = ['changed', 'changed_to', 'changed_from']

/**
 * The pseudo-field of "within business hours": `{ "field": "businessHours", "operator": "within" | "outside",
 * "value": "bh_…" }` holds when the schedule is open (or closed) at the evaluation's `now`, read through the
 * `businessHours` resolver of the options. Validation accepts it only where the consumer offers a resolver.
 */
export const businessHoursField = 'businessHours'
export const businessHoursOperators = ['within', 'outside'] as const
export type BusinessHoursOperator = (typeof businessHoursOperators)[number]

/** The negative operators and the positive operator each negates. */
export const negations: Partial<Record<Operator, Operator>> = {
  neq: 'eq',
  not_in: 'in',
  not_contains: 'contains',
  includes_none: 'includes_any',
  is_not_set: 'is_set',
}

/**
 * What a field holds, which decides its operators and how values are checked:
 * - `string`: text; `eq`/`in` exact, `contains` case-insensitive;
 * - `enum`: one of `values`; `ordered` enums (priority) also compare with `gt`…`lte` by their position;
 * - `id`: a TypeID of `prefix`;
 * - `number`, `boolean`;
 * - `timestamp`: ISO 8601 instants, and relative `older_than`/`newer_than` against the evaluation's `now`;
 * - `date`: `YYYY-MM-DD` calendar dates (date custom fields);
 * - `string_array`: a set of strings (tags, multi-select fields): `includes_any`/`includes_all`/`includes_none`;
 * - `json`: an untyped JSON value (contact and organisation attributes, custom fields without a definition):
 *   `eq`/`in` match a stored scalar of the value's own JSON type, `gt`…`lte` compare stored numbers,
 *   `contains` stored strings.
 */
export type FieldType =
  | 'string'
  | 'enum'
  | 'id'
  | 'number'
  | 'boolean'
  | 'timestamp'
  | 'date'
  | 'string_array'
  | 'json'

/** The operators each type allows, unless a field narrows them. */
export const typeOperators: Record<FieldType, readonly Operator[]> = {
  string: ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'is_set', 'is_not_set'],
  enum: ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'],
  id: ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'],
  number: ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_set', 'is_not_set'],
  boolean: ['eq', 'neq', 'is_set', 'is_not_set'],
  timestamp: ['gt', 'gte', 'lt', 'lte', 'older_than', 'newer_than', 'is_set', 'is_not_set'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is_set', 'is_not_set'],
  string_array: ['includes_any', 'includes_all', 'includes_none', 'is_set', 'is_not_set'],
  json: [
    'eq',
    'neq',
    'in',
    'not_in',
    'gt',
    'gte',
    'lt',
    'lte',
    'contains',
    'not_contains',
    'is_set',
    'is_not_set',
  ],
}

/** The units of a relative time: `{ "amount": 4, "unit": "hours" }`. */
export const timeUnits = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const
export type TimeUnit = keyof typeof timeUnits
export interface RelativeTime {
  amount: number
  unit: TimeUnit
}

/**
 * One field a consumer offers to conditions over records of type `R`.
 * `sql` is the field's value as a SQL expression of the type's SQL type (text, uuid, numeric, boolean,
 * timestamptz, text[], jsonb for `json`); `get` reads the same value from a record held in memory. Both must
 * agree, nulls included: the differential test holds them to it.
 */
export interface FieldDefinition<R> {
  type: FieldType
  /** Narrower than the type's operators. */
  operators?: readonly Operator[]
  /** `enum`: the allowed values (in order when `ordered`). */
  values?: readonly string[]
  ordered?: boolean
  /** `id`: the TypeID prefix. */
  prefix?: IdPrefix
  sql: () => SQL
  get: (record: R) => unknown
  /**
   * For a field read through a related row (the requester's email): wraps the rule's predicate, written over
   * `sql()`, into one over the record (`exists (select 1 from contacts … and <predicate>)`). No related row:
   * the predicate is false, like a null value.
   */
  scope?: (predicate: SQL) => SQL
}

/** The fields of one kind of record: fixed names plus families resolved by name (`customFields.<key>`). */
export interface FieldCatalogue<R> {
  fields: Record<string, FieldDefinition<R>>
  /** A dynamic field (`customFields.plan`), or undefined when the name means nothing. */
  resolve?: (name: string) => FieldDefinition<R> | undefined
  /** Names of the dynamic families, for error messages (`customFields.<key>`). */
  families?: readonly string[]
}

export function fieldOf<R>(catalogue: FieldCatalogue<R>, name: string): FieldDefinition<R> | undefined {
  return Object.hasOwn(catalogue.fields, name) ? catalogue.fields[name] : catalogue.resolve?.(name)
}

/** The limits every condition keeps to. */
export const conditionLimits = { depth: 5, rules: 50, values: 100, stringLength: 1000 } as const

/** Whether a business-hours schedule is open at an instant (the consumer loads the schedules beforehand). */
export interface BusinessHoursResolver {
  isOpen(id: string, at: Date): boolean
}

/**
 * What evaluation and compilation share: the instant relative times count back from; the record before the
 * change being evaluated (`changed`, `changed_to`, `changed_from`; absent: they are false); the business-hours
 * resolver of `businessHours` rules.
 */
export interface EvaluationOptions<R = unknown> {
  now: Date
  previous?: R
  businessHours?: BusinessHoursResolver
}
