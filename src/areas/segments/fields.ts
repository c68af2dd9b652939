import { type SQL, sql } from 'drizzle-orm'
import {
  type Condition,
  type FieldCatalogue,
  type FieldDefinition,
  isRule,
  operators,
} from '../../conditions/types'
import { contacts, organizations } from '../../db/schema'
import { tickets } from '../../db/schema/tickets'

/**
 * A contact as segment conditions read it in memory: its columns, its organisation when it has one, and whether
 * it requests an open ticket. Segments evaluate in SQL (membership is computed set-based); the in-memory side
 * keeps the catalogue a complete `FieldCatalogue` and answers the same for single-valued fields.
 */
export interface SegmentContactRecord {
  email: string | null
  name: string | null
  externalId: string | null
  attributes: Record<string, unknown>
  createdAt: Date | string
  organization: {
    id: string
    name: string
    domains: readonly string[]
    attributes: Record<string, unknown>
  } | null
  hasOpenTickets: boolean
}

type Field = FieldDefinition<SegmentContactRecord>

/** The contact's organisation row, for the `organization.*` fields: no organisation, no match (like a null). */
const organizationScope = (predicate: SQL) =>
  sql`exists (select 1 from ${organizations} where ${organizations.id} = ${contacts.organizationId} and ${predicate})`

/** `organization.domain`: the rule holds when any of the organisation's domains satisfies it. */
const domainScope = (predicate: SQL) =>
  sql`exists (select 1 from ${organizations} cross join lateral unnest(${organizations.domains}) as segment_domain(domain) where ${organizations.id} = ${contacts.organizationId} and ${predicate})`

/** The ticket status categories that count as done: any other status is an open ticket. */
export const doneCategories = ['solved', 'closed'] as const

const text = (column: () => SQL, get: (c: SegmentContactRecord) => unknown, extra: Partial<Field> = {}) =>
  ({ type: 'string', sql: column, get, ...extra }) as Field

const fixedFields: Record<string, Field> = {
  email: text(
    () => sql`${contacts.email}`,
    (c) => c.email,
  ),
  name: text(
    () => sql`${contacts.name}`,
    (c) => c.name,
  ),
  externalId: text(
    () => sql`${contacts.externalId}`,
    (c) => c.externalId,
  ),
  createdAt: {
    type: 'timestamp',
    sql: () => sql`${contacts.createdAt}`,
    get: (c) => c.createdAt,
  },
  'organization.id': {
    type: 'id',
    prefix: 'org',
    sql: () => sql`${contacts.organizationId}`,
    get: (c) => c.organization?.id ?? null,
  },
  'organization.name': text(
    () => sql`${organizations.name}`,
    (c) => c.organization?.name ?? null,
    { scope: organizationScope },
  ),
  'organization.domain': text(
    () => sql`segment_domain.domain`,
    // In memory the first domain stands for the organisation; SQL (where segments evaluate) tries every domain.
    (c) => c.organization?.domains[0] ?? null,
    { scope: domainScope, operators: ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains'] },
  ),
  hasOpenTickets: {
    type: 'boolean',
    operators: ['eq', 'neq'],
    sql: () =>
      sql`exists (select 1 from ${tickets} where ${tickets.requesterId} = ${contacts.id} and ${tickets.workspaceId} = ${contacts.workspaceId} and ${tickets.statusCategory} not in ('solved', 'closed'))`,
    get: (c) => c.hasOpenTickets,
  },
}

const validKey = (key: string) => key.length > 0 && key.length <= 100

const contactAttribute = (key: string): Field => ({
  type: 'json',
  sql: () => sql`(${contacts.attributes} -> ${key}::text)`,
  get: (c) => (Object.hasOwn(c.attributes, key) ? c.attributes[key] : undefined),
})

const organizationAttribute = (key: string): Field => ({
  type: 'json',
  sql: () => sql`(${organizations.attributes} -> ${key}::text)`,
  get: (c) => {
    const attributes = c.organization?.attributes
    return attributes && Object.hasOwn(attributes, key) ? attributes[key] : undefined
  },
  scope: organizationScope,
})

/**
 * The fields segment conditions may name, over `contacts` (a statement using them selects from `contacts`):
 * the contact's own fields, its custom `attributes.<key>`, its organisation's fields and attributes, and
 * `hasOpenTickets`.
 *
 * @example compileCondition(segment.conditions, segmentConditionFields, { now: new Date() })
 */
export const segmentConditionFields: FieldCatalogue<SegmentContactRecord> = {
  fields: fixedFields,
  families: ['attributes.<key>', 'organization.attributes.<key>'],
  resolve(name) {
    if (name.startsWith('attributes.')) {
      const key = name.slice('attributes.'.length)
      return validKey(key) ? contactAttribute(key) : undefined
    }
    if (name.startsWith('organization.attributes.')) {
      const key = name.slice('organization.attributes.'.length)
      return validKey(key) ? organizationAttribute(key) : undefined
    }
    return undefined
  },
}

/** Every rule of a condition, however deep. */
function* rulesOf(condition: Condition): Generator<{ field: string; operator: string }> {
  if (isRule(condition)) {
    yield condition
    return
  }
  for (const child of [...(condition.all ?? []), ...(condition.any ?? [])]) yield* rulesOf(child)
}

const relativeOperators: readonly string[] = operators.filter((o) => o === 'older_than' || o === 'newer_than')

/** What a rule segment's condition reads: which changes can move its members. */
export function conditionTraits(condition: Condition | null | undefined) {
  const rules = condition ? [...rulesOf(condition)] : []
  return {
    /** Membership changes with time alone (`createdAt newer_than 30 days`): the schedule recomputes it. */
    relative: rules.some((r) => relativeOperators.includes(r.operator)),
    /** Opening or closing a ticket can move members. */
    tickets: rules.some((r) => r.field === 'hasOpenTickets'),
    /** An organisation's change can move its contacts. */
    organization: rules.some((r) => r.field.startsWith('organization.')),
    /** Every field the condition names (`attributes.plan`, `organization.name`, …). */
    fields: new Set(rules.map((r) => r.field)),
  }
}

/** True when a condition naming `fields` can change value when the contact's fields `changed` change. */
export function readsAny(fields: ReadonlySet<string>, changed: readonly string[]): boolean {
  for (const c of changed) {
    if (c === 'organization.*') {
      for (const f of fields) if (f.startsWith('organization.')) return true
    } else if (fields.has(c)) return true
  }
  return false
}

/**
 * The condition fields a `contact.updated` event's change can move, from its `previous` (the changed columns'
 * former values) and its `contact` (after): `email`, `name`, `externalId`, each `attributes.<key>` whose value
 * differs, and `organization.*` when the contact changed organisation. Columns no condition reads (phone) move
 * nothing.
 */
export function changedConditionFields(
  previous: Record<string, unknown>,
  contact: Record<string, unknown>,
): string[] {
  const out: string[] = []
  for (const key of ['email', 'name', 'externalId'] as const) if (key in previous) out.push(key)
  if ('organizationId' in previous) out.push('organization.id', 'organization.*')
  if ('attributes' in previous) {
    const before = (previous.attributes ?? {}) as Record<string, unknown>
    const after = (contact.attributes ?? {}) as Record<string, unknown>
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out.push(`attributes.${key}`)
    }
  }
  return out
}
