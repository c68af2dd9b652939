import { type SQL, sql } from 'drizzle-orm'
import type { FieldCatalogue, FieldDefinition } from '../../conditions/types'
import { contacts, organizations } from '../../db/schema'
import type { CustomFieldType } from '../../db/schema/ticket-setup'
import { ticketStatusCategories } from '../../db/schema/ticket-setup'
import { ticketPriorities, ticketSources, tickets } from '../../db/schema/tickets'

/**
 * A ticket as conditions read it in memory: the ticket's columns (timestamps as Dates or ISO strings), with its
 * requester and organisation when a condition names their fields. A route evaluating one ticket loads these.
 */
export interface TicketConditionRecord {
  statusId: string
  statusCategory: string
  priority: string
  typeId: string | null
  assigneeId: string | null
  teamId: string | null
  inboxId: string | null
  requesterId: string
  organizationId: string | null
  tags: readonly string[]
  source: string
  subject: string
  number: number
  messageCount: number
  customFields: Record<string, unknown>
  createdAt: Date | string
  updatedAt: Date | string
  firstResponseAt: Date | string | null
  solvedAt: Date | string | null
  closedAt: Date | string | null
  lastCustomerMessageAt: Date | string | null
  lastAgentMessageAt: Date | string | null
  snoozedUntil: Date | string | null
  requester?: { email: string | null; name: string | null; attributes: Record<string, unknown> } | null
  organization?: { name: string; attributes: Record<string, unknown> } | null
}

/** A custom field definition as conditions need it. */
export interface CustomFieldShape {
  key: string
  type: CustomFieldType
  options: readonly string[]
}

type Field = FieldDefinition<TicketConditionRecord>

const column = (
  type: Field['type'],
  sqlOf: () => SQL,
  get: (t: TicketConditionRecord) => unknown,
  extra: Partial<Field> = {},
): Field => ({ type, sql: sqlOf, get, ...extra })

const jsonString = (x: SQL) => sql`(case when jsonb_typeof(${x}) = 'string' then (${x}) #>> '{}' end)`
const stringOrNull = (v: unknown) => (typeof v === 'string' ? v : null)

/** Conditions over a related row: the rule's predicate inside an EXISTS on that row. */
const requesterScope = (predicate: SQL) =>
  sql`exists (select 1 from ${contacts} where ${contacts.id} = ${tickets.requesterId} and ${predicate})`
const organizationScope = (predicate: SQL) =>
  sql`exists (select 1 from ${organizations} where ${organizations.id} = ${tickets.organizationId} and ${predicate})`

const fixedFields: Record<string, Field> = {
  statusId: column(
    'id',
    () => sql`${tickets.statusId}`,
    (t) => t.statusId,
    { prefix: 'tst' },
  ),
  statusCategory: column(
    'enum',
    () => sql`${tickets.statusCategory}`,
    (t) => t.statusCategory,
    {
      values: ticketStatusCategories,
    },
  ),
  priority: column(
    'enum',
    () => sql`${tickets.priority}`,
    (t) => t.priority,
    {
      values: ticketPriorities,
      ordered: true,
      operators: ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte'],
    },
  ),
  typeId: column(
    'id',
    () => sql`${tickets.typeId}`,
    (t) => t.typeId,
    { prefix: 'ttyp' },
  ),
  assigneeId: column(
    'id',
    () => sql`${tickets.assigneeId}`,
    (t) => t.assigneeId,
    { prefix: 'mbr' },
  ),
  teamId: column(
    'id',
    () => sql`${tickets.teamId}`,
    (t) => t.teamId,
    { prefix: 'team' },
  ),
  inboxId: column(
    'id',
    () => sql`${tickets.inboxId}`,
    (t) => t.inboxId,
    { prefix: 'ibx' },
  ),
  requesterId: column(
    'id',
    () => sql`${tickets.requesterId}`,
    (t) => t.requesterId,
    {
      prefix: 'ct',
      operators: ['eq', 'neq', 'in', 'not_in'],
    },
  ),
  organizationId: column(
    'id',
    () => sql`${tickets.organizationId}`,
    (t) => t.organizationId,
    {
      prefix: 'org',
    },
  ),
  tags: column(
    'string_array',
    () => sql`${tickets.tags}`,
    (t) => t.tags,
  ),
  source: column(
    'enum',
    () => sql`${tickets.source}`,
    (t) => t.source,
    {
      values: ticketSources,
      operators: ['eq', 'neq', 'in', 'not_in'],
    },
  ),
  subject: column(
    'string',
    () => sql`${tickets.subject}`,
    (t) => t.subject,
    {
      operators: ['eq', 'neq', 'contains', 'not_contains'],
    },
  ),
  number: column(
    'number',
    () => sql`${tickets.number}`,
    (t) => t.number,
    {
      operators: ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte'],
    },
  ),
  messageCount: column(
    'number',
    () => sql`${tickets.messageCount}`,
    (t) => t.messageCount,
    {
      operators: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'],
    },
  ),
  createdAt: column(
    'timestamp',
    () => sql`${tickets.createdAt}`,
    (t) => t.createdAt,
  ),
  updatedAt: column(
    'timestamp',
    () => sql`${tickets.updatedAt}`,
    (t) => t.updatedAt,
  ),
  firstResponseAt: column(
    'timestamp',
    () => sql`${tickets.firstResponseAt}`,
    (t) => t.firstResponseAt,
  ),
  solvedAt: column(
    'timestamp',
    () => sql`${tickets.solvedAt}`,
    (t) => t.solvedAt,
  ),
  closedAt: column(
    'timestamp',
    () => sql`${tickets.closedAt}`,
    (t) => t.closedAt,
  ),
  lastCustomerMessageAt: column(
    'timestamp',
    () => sql`${tickets.lastCustomerMessageAt}`,
    (t) => t.lastCustomerMessageAt,
  ),
  lastAgentMessageAt: column(
    'timestamp',
    () => sql`${tickets.lastAgentMessageAt}`,
    (t) => t.lastAgentMessageAt,
  ),
  snoozedUntil: column(
    'timestamp',
    () => sql`${tickets.snoozedUntil}`,
    (t) => t.snoozedUntil,
  ),
  'requester.email': column(
    'string',
    () => sql`${contacts.email}`,
    (t) => t.requester?.email ?? null,
    {
      scope: requesterScope,
    },
  ),
  'requester.name': column(
    'string',
    () => sql`${contacts.name}`,
    (t) => t.requester?.name ?? null,
    {
      scope: requesterScope,
    },
  ),
  'organization.name': column(
    'string',
    () => sql`${organizations.name}`,
    (t) => t.organization?.name ?? null,
    {
      scope: organizationScope,
    },
  ),
}

/** A custom field's value, typed by its definition (`customFields.<key>`); a value of another type is unset. */
function customField(key: string, definition: CustomFieldShape | undefined): Field {
  const raw = () => sql`(${tickets.customFields} -> ${key}::text)`
  const get = (t: TicketConditionRecord) =>
    Object.hasOwn(t.customFields, key) ? t.customFields[key] : undefined
  switch (definition?.type) {
    case 'text':
    case 'long_text':
      return column(
        'string',
        () => jsonString(raw()),
        (t) => stringOrNull(get(t)),
      )
    case 'select':
      return column(
        'enum',
        () => jsonString(raw()),
        (t) => stringOrNull(get(t)),
        {
          values: definition.options,
        },
      )
    case 'date':
      return column(
        'date',
        () => jsonString(raw()),
        (t) => stringOrNull(get(t)),
      )
    case 'number':
      return column(
        'number',
        () => sql`(case when jsonb_typeof(${raw()}) = 'number' then (${raw()})::numeric end)`,
        (t) => (typeof get(t) === 'number' ? get(t) : null),
      )
    case 'checkbox':
      return column(
        'boolean',
        () => sql`(case when jsonb_typeof(${raw()}) = 'boolean' then (${raw()})::boolean end)`,
        (t) => (typeof get(t) === 'boolean' ? get(t) : null),
      )
    case 'multi_select':
      return column(
        'string_array',
        () =>
          sql`(case when jsonb_typeof(${raw()}) = 'array' then array(select e #>> '{}' from jsonb_array_elements(${raw()}) as e where jsonb_typeof(e) = 'string') end)`,
        (t) => {
          const v = get(t)
          return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : null
        },
      )
    default:
      // No definition (or an archived one): an untyped JSON value.
      return column('json', raw, get)
  }
}

const attribute = (of: 'requester' | 'organization', key: string): Field => {
  const table = of === 'requester' ? contacts : organizations
  return column(
    'json',
    () => sql`(${table.attributes} -> ${key}::text)`,
    (t) => {
      const attributes = t[of]?.attributes
      return attributes && Object.hasOwn(attributes, key) ? attributes[key] : undefined
    },
    { scope: of === 'requester' ? requesterScope : organizationScope },
  )
}

const families = [
  'customFields.<key>',
  'requester.attributes.<key>',
  'organization.attributes.<key>',
] as const
const validKey = (key: string) => key.length > 0 && key.length <= 100

/**
 * The ticket fields conditions may name (views, SLA policies, routing rules), with `customFields.<key>` typed by
 * the workspace's custom field definitions when given (a key without a definition compares as untyped JSON).
 *
 * @example compileCondition(view.conditions, ticketConditionFields(definitions), { now: new Date() })
 */
export function ticketConditionFields(
  definitions: readonly CustomFieldShape[] = [],
): FieldCatalogue<TicketConditionRecord> {
  const byKey = new Map(definitions.map((d) => [d.key, d]))
  return {
    fields: fixedFields,
    families,
    resolve(name) {
      const [head, ...rest] = name.split('.')
      if (head === 'customFields' && rest.length >= 1) {
        const key = rest.join('.')
        return validKey(key) ? customField(key, byKey.get(key)) : undefined
      }
      if ((head === 'requester' || head === 'organization') && rest[0] === 'attributes' && rest.length >= 2) {
        const key = rest.slice(1).join('.')
        return validKey(key) ? attribute(head, key) : undefined
      }
      return undefined
    },
  }
}
