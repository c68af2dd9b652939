import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type CustomFieldShape,
  type TicketConditionRecord,
  ticketConditionFields,
} from '../../src/areas/tickets/condition-fields'
import { compileCondition } from '../../src/conditions/compile'
import { evaluateCondition } from '../../src/conditions/evaluate'
import {
  type Condition,
  type ConditionGroup,
  type EvaluationOptions,
  fieldOf,
  type Operator,
  operatorAliases,
  typeOperators,
} from '../../src/conditions/types'
import { conditionErrors } from '../../src/conditions/validate'
import { contacts, organizations } from '../../src/db/schema'
import { inboxes } from '../../src/db/schema/routing'
import { ticketStatusCategories, ticketStatuses, ticketTypes } from '../../src/db/schema/ticket-setup'
import { ticketPriorities, ticketSources, tickets } from '../../src/db/schema/tickets'
import { type Id, newId, type WorkspaceId } from '../../src/ids'
import { createTestApp, newContact, type TestApp } from '../harness'

/**
 * The differential test of the condition language: on generated tickets (with requesters, organisations and
 * custom fields of every type, including values of the wrong type, nulls and missing keys) and generated
 * conditions, the in-memory evaluator and the SQL compiler must select exactly the same tickets, on PGlite and
 * on PostgreSQL (TEST_DATABASE_URL).
 */

const seed = Number(process.env.CONDITIONS_SEED ?? 20261204)
function mulberry32(a: number) {
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = mulberry32(seed)
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
const some = <T>(items: readonly T[], max = 3): T[] => {
  const n = 1 + Math.floor(random() * max)
  return Array.from({ length: n }, () => pick(items))
}
const maybe = <T>(value: T, p = 0.7): T | null => (random() < p ? value : null)

const now = new Date('2026-06-01T12:00:00.000Z')
const hour = 3_600_000
/** Instants around `now`, some exactly on the cutoffs relative rules compute (boundaries matter). */
const instants = [
  ...[1, 2, 4, 24, 48, 24 * 7].map((h) => new Date(now.getTime() - h * hour)),
  ...[0.5, 3.2, 30, 200].map((h) => new Date(now.getTime() - h * hour)),
  new Date(now.getTime() + 5 * hour),
  now,
]
const relativeTimes = [
  { amount: 4, unit: 'hours' },
  { amount: 1, unit: 'days' },
  { amount: 30, unit: 'minutes' },
  { amount: 1, unit: 'weeks' },
  { amount: 2, unit: 'days' },
]
const words = ['Printer', 'refund', 'Login broken', 'login', 'Invoice', 'VPN', 'ü-ber', '100%_off', 'a\\b']
const tagPool = ['vip', 'bug', 'billing', 'refund', 'urgent']
const dates = ['2026-01-01', '2026-05-31', '2026-06-01', '2027-02-28']
const options = ['gold', 'silver', 'bronze']
const jsonScalars = ['gold', 'Gold', 'pro', '', 3, 10, 2.5, 0, -1, true, false, '10']

const definitions: CustomFieldShape[] = [
  { key: 'text', type: 'text', options: [] },
  { key: 'num', type: 'number', options: [] },
  { key: 'sel', type: 'select', options },
  { key: 'multi', type: 'multi_select', options },
  { key: 'day', type: 'date', options: [] },
  { key: 'flag', type: 'checkbox', options: [] },
]
const catalogue = ticketConditionFields(definitions)

/** A custom field value: mostly of the definition's type, sometimes another type, null or missing. */
function customValue(key: string): unknown {
  const roll = random()
  if (roll < 0.15) return undefined
  if (roll < 0.2) return null
  if (roll < 0.3) return pick([...jsonScalars, ['gold', 1], { nested: true }])
  switch (key) {
    case 'text':
      return pick(words)
    case 'num':
      return pick([0, 1, 2.5, 10, 42, -3])
    case 'sel':
      return pick(options)
    case 'multi':
      return [...new Set(some(options))]
    case 'day':
      return pick(dates)
    case 'flag':
      return random() < 0.5
    default:
      return pick(jsonScalars)
  }
}

function attributes(keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of keys) {
    const v = random() < 0.25 ? undefined : pick([...jsonScalars, null, ['a', 'b']])
    if (v !== undefined) out[key] = v
  }
  return out
}

interface World {
  workspaceId: WorkspaceId
  pools: Record<string, readonly unknown[]>
  records: Map<string, TicketConditionRecord>
}

async function buildWorld(t: TestApp, count: number): Promise<World> {
  const { workspaceId } = await t.newWorkspace('Conditions')
  const db = t.database.db
  const statuses = await db
    .insert(ticketStatuses)
    .values(
      ticketStatusCategories.map((category, i) => ({
        id: newId('tst'),
        workspaceId,
        name: `Status ${category}`,
        category,
        position: i,
      })),
    )
    .returning()
  const types = await db
    .insert(ticketTypes)
    .values([0, 1].map((i) => ({ id: newId('ttyp'), workspaceId, name: `Type ${i}`, position: i })))
    .returning()
  const teamIds = [(await t.newTeam(workspaceId)).id, (await t.newTeam(workspaceId)).id]
  const memberIds = [
    (await t.newMember(workspaceId)).memberId,
    (await t.newMember(workspaceId)).memberId,
    (await t.newMember(workspaceId)).memberId,
  ]
  const orgs = await db
    .insert(organizations)
    .values(
      ['Acme', 'Globex', 'Initech'].map((name) => ({
        id: newId('org'),
        workspaceId,
        name,
        attributes: attributes(['tier', 'size', 'beta']),
      })),
    )
    .returning()
  const people = []
  for (let i = 0; i < 6; i++) {
    people.push(
      await newContact(
        workspaceId,
        {
          email: maybe(`person${i}@${pick(['acme.test', 'globex.test'])}`),
          name: maybe(pick(['Ada', 'Grace', 'Linus'])),
          organizationId: maybe(pick(orgs).id),
          attributes: attributes(['plan', 'seats', 'beta']),
        },
        db,
      ),
    )
  }
  // Tickets' inboxes are real rows (a foreign key).
  const inboxIds = (
    await db
      .insert(inboxes)
      .values(['Support', 'Sales'].map((name) => ({ id: newId('ibx'), workspaceId, name })))
      .returning()
  ).map((i) => i.id)
  const rows = []
  for (let i = 0; i < count; i++) {
    const status = pick(statuses)
    const requester = pick(people)
    const customFields: Record<string, unknown> = {}
    for (const key of ['text', 'num', 'sel', 'multi', 'day', 'flag', 'free']) {
      const v = customValue(key)
      if (v !== undefined) customFields[key] = v
    }
    rows.push({
      id: newId('tkt'),
      workspaceId,
      number: i + 1,
      subject: `${pick(words)} ${pick(words)}`,
      statusId: status.id,
      statusCategory: status.category,
      priority: pick(ticketPriorities),
      typeId: maybe(pick(types).id),
      requesterId: requester.id,
      organizationId: random() < 0.8 ? requester.organizationId : maybe(pick(orgs).id),
      assigneeId: maybe(pick(memberIds), 0.6),
      teamId: maybe(pick(teamIds)),
      inboxId: maybe(pick(inboxIds), 0.5),
      tags: random() < 0.3 ? [] : [...new Set(some(tagPool))],
      customFields,
      source: pick(ticketSources),
      messageCount: Math.floor(random() * 6),
      createdAt: pick(instants),
      updatedAt: pick(instants),
      firstResponseAt: maybe(pick(instants), 0.5),
      solvedAt: maybe(pick(instants), 0.3),
      closedAt: maybe(pick(instants), 0.2),
      lastCustomerMessageAt: maybe(pick(instants)),
      lastAgentMessageAt: maybe(pick(instants), 0.5),
      snoozedUntil: maybe(pick(instants), 0.2),
    })
  }
  await db.insert(tickets).values(rows)
  // Read back what was stored, so the evaluator sees exactly what SQL sees.
  const stored = await db.select().from(tickets).where(eq(tickets.workspaceId, workspaceId))
  const contactRows = await db.select().from(contacts).where(eq(contacts.workspaceId, workspaceId))
  const orgRows = await db.select().from(organizations).where(eq(organizations.workspaceId, workspaceId))
  const records = new Map<string, TicketConditionRecord>()
  for (const row of stored) {
    const requester = contactRows.find((c) => c.id === row.requesterId)
    const org = orgRows.find((o) => o.id === row.organizationId)
    records.set(row.id, {
      ...row,
      requester: requester
        ? { email: requester.email, name: requester.name, attributes: requester.attributes }
        : null,
      organization: org ? { name: org.name, attributes: org.attributes } : null,
    })
  }
  const pools: Record<string, readonly unknown[]> = {
    statusId: statuses.map((s) => s.id),
    typeId: [...types.map((s) => s.id), newId('ttyp')],
    assigneeId: [...memberIds, newId('mbr')],
    teamId: teamIds,
    inboxId: [...inboxIds, newId('ibx')],
    requesterId: people.map((p) => p.id),
    organizationId: orgs.map((o) => o.id),
    'requester.email': [...people.map((p) => p.email).filter(Boolean), 'ACME', 'person1', 'globex.test'],
    'requester.name': ['Ada', 'grace', 'Lin', 'Nobody'],
    'organization.name': ['Acme', 'acme', 'Glob', 'Umbrella'],
  }
  return { workspaceId, pools, records }
}

const fieldNames = [
  'statusId',
  'statusCategory',
  'priority',
  'typeId',
  'assigneeId',
  'teamId',
  'inboxId',
  'requesterId',
  'organizationId',
  'tags',
  'source',
  'subject',
  'number',
  'messageCount',
  'createdAt',
  'updatedAt',
  'firstResponseAt',
  'solvedAt',
  'closedAt',
  'lastCustomerMessageAt',
  'lastAgentMessageAt',
  'snoozedUntil',
  'requester.email',
  'requester.name',
  'organization.name',
  'customFields.text',
  'customFields.num',
  'customFields.sel',
  'customFields.multi',
  'customFields.day',
  'customFields.flag',
  'customFields.free',
  'customFields.missing',
  'requester.attributes.plan',
  'requester.attributes.seats',
  'requester.attributes.beta',
  'organization.attributes.tier',
  'organization.attributes.size',
]

function scalarFor(name: string, world: World): unknown {
  const field = fieldOf(catalogue, name)!
  const pool = world.pools[name]
  switch (field.type) {
    case 'id':
    case 'string':
      return pool ? pick(pool) : pick(words)
    case 'enum':
      return pick(field.values!)
    case 'number':
      return pick([0, 1, 2, 2.5, 3, 10, 42, -3])
    case 'boolean':
      return random() < 0.5
    case 'timestamp':
      return pick(instants).toISOString()
    case 'date':
      return pick(dates)
    case 'string_array':
      return name === 'tags' ? pick(tagPool) : pick(options)
    default:
      return pick(jsonScalars)
  }
}

/** The alias of each operator that has one (`eq` → `is`). */
const aliasOf = new Map(Object.entries(operatorAliases).map(([alias, op]) => [op as string, alias]))

function ruleFor(name: string, world: World, change = false): Condition {
  const field = fieldOf(catalogue, name)!
  let allowed = [...(field.operators ?? typeOperators[field.type])] as Operator[]
  if (field.type === 'enum' && !field.ordered)
    allowed = allowed.filter((o) => !['gt', 'gte', 'lt', 'lte'].includes(o))
  if (change && !field.scope) {
    allowed.push('changed', 'changed', 'changed')
    if (allowed.includes('eq')) allowed.push('changed_to', 'changed_to', 'changed_from', 'changed_from')
  }
  const canonical = pick(allowed)
  // Aliases are the same operator under another name: use them half the time.
  const operator = (aliasOf.has(canonical) && random() < 0.5 ? aliasOf.get(canonical) : canonical) as Operator
  if (['is_set', 'is_not_set', 'changed'].includes(canonical)) return { field: name, operator }
  if (operator === 'older_than' || operator === 'newer_than') {
    return { field: name, operator, value: pick(relativeTimes) }
  }
  if (['in', 'not_in', 'includes_any', 'includes_all', 'includes_none'].includes(canonical)) {
    return {
      field: name,
      operator,
      value: Array.from({ length: 1 + Math.floor(random() * 3) }, () => scalarFor(name, world)),
    }
  }
  let value = scalarFor(name, world)
  if (field.type === 'json' && ['gt', 'gte', 'lt', 'lte'].includes(canonical)) value = pick([0, 2.5, 3, 10])
  if (field.type === 'json' && (canonical === 'contains' || canonical === 'not_contains'))
    value = pick(['go', 'PRO', '1', ''])
  if (canonical === 'contains' || canonical === 'not_contains') {
    if (typeof value === 'string' && random() < 0.5) value = value.slice(0, 3).toUpperCase()
  }
  return { field: name, operator, value }
}

function conditionFor(world: World, depth: number, change = false): ConditionGroup {
  const group: ConditionGroup = {}
  for (const key of ['all', 'any'] as const) {
    if (random() < 0.35) continue
    const n = Math.floor(random() * 4)
    group[key] = Array.from({ length: n }, () =>
      depth < 3 && random() < 0.25
        ? conditionFor(world, depth + 1, change)
        : random() < 0.1 && change
          ? { field: 'businessHours', operator: pick(['within', 'outside']), value: pick(schedules) }
          : ruleFor(pick(fieldNames), world, change),
    )
  }
  return group
}

/** Two schedules for `businessHours` rules: one open at `now`, one closed. */
const schedules = [newId('bh'), newId('bh')]
const businessHours = { isOpen: (id: string) => id === schedules[0] }

/**
 * A record before a change: another stored ticket (every field may differ), the record itself (nothing changed)
 * or a copy with a few fields changed, to null or to another ticket's value.
 */
function previousOf(world: World): TicketConditionRecord {
  const all = [...world.records.values()]
  const base = pick(all)
  const roll = random()
  if (roll < 0.3) return base
  const copy: TicketConditionRecord = { ...base, customFields: { ...base.customFields } }
  const other = pick(all)
  for (const key of some(['priority', 'assigneeId', 'teamId', 'tags', 'statusId', 'subject', 'typeId'], 4)) {
    ;(copy as unknown as Record<string, unknown>)[key] =
      random() < 0.3 && key !== 'priority' && key !== 'tags' && key !== 'statusId' && key !== 'subject'
        ? null
        : (other as unknown as Record<string, unknown>)[key]
  }
  for (const key of some(['text', 'num', 'sel', 'multi', 'day', 'flag', 'free'], 3)) {
    const v = customValue(key)
    if (v === undefined) delete copy.customFields[key]
    else copy.customFields[key] = v
  }
  if (random() < 0.3) copy.updatedAt = pick(instants)
  return copy
}

describe('conditions: evaluator and SQL compiler agree (differential)', () => {
  let t: TestApp
  let world: World

  beforeAll(async () => {
    t = await createTestApp()
    world = await buildWorld(t, 160)
  })

  it(`agree on every single-rule condition of every field (seed ${seed})`, async () => {
    for (const name of fieldNames) {
      let selective = 0
      for (let i = 0; i < 12; i++) {
        const matched = await check({ all: [ruleFor(name, world)] })
        if (matched > 0 && matched < world.records.size) selective++
      }
      // The generated values must really discriminate: a field whose rules all match everything or nothing
      // would prove little.
      if (name !== 'customFields.missing') expect(selective, name).toBeGreaterThan(0)
    }
  })

  it(`agree on generated nested conditions (seed ${seed})`, async () => {
    let selective = 0
    for (let i = 0; i < 300; i++) {
      const matched = await check(conditionFor(world, 1))
      if (matched > 0 && matched < world.records.size) selective++
    }
    expect(selective).toBeGreaterThan(100)
  })

  it(`agree on change operators, aliases and business hours with a previous record (seed ${seed})`, async () => {
    let selective = 0
    for (const name of fieldNames) {
      const field = fieldOf(catalogue, name)!
      if (field.scope) continue
      for (let i = 0; i < 6; i++) {
        const previous = previousOf(world)
        const operator = pick(allowedChange(name))
        const rule =
          operator === 'changed'
            ? { field: name, operator }
            : { field: name, operator, value: field.get(previous) ?? scalarFor(name, world) }
        if (rule.value !== undefined && (Array.isArray(rule.value) || typeof rule.value === 'object'))
          rule.value = scalarFor(name, world)
        if (conditionErrors({ all: [rule] }, catalogue, 'conditions', { allowChange: true }).length > 0)
          rule.value = scalarFor(name, world)
        const matched = await check({ all: [rule] }, previous)
        if (matched > 0 && matched < world.records.size) selective++
      }
    }
    for (let i = 0; i < 200; i++) {
      const matched = await check(conditionFor(world, 1, true), previousOf(world))
      if (matched > 0 && matched < world.records.size) selective++
    }
    expect(selective).toBeGreaterThan(100)
    // Without a previous record (views, creation) the change operators are false, in both.
    expect(await check({ all: [{ field: 'priority', operator: 'changed' }] })).toBe(0)
    expect(
      await check({ any: [{ field: 'teamId', operator: 'changed_from', value: world.pools.teamId![0] }] }),
    ).toBe(0)
  })

  function allowedChange(name: string): Operator[] {
    const field = fieldOf(catalogue, name)!
    const allowed = field.operators ?? typeOperators[field.type]
    return allowed.includes('eq') ? ['changed', 'changed_to', 'changed_from'] : ['changed']
  }

  let prepared = 0
  async function check(condition: ConditionGroup, previous?: TicketConditionRecord): Promise<number> {
    const change = previous !== undefined || JSON.stringify(condition).includes('"changed')
    const validation = change ? { allowChange: true, businessHours: true } : {}
    expect(
      conditionErrors(condition, catalogue, 'conditions', validation),
      JSON.stringify(condition),
    ).toEqual([])
    const options: EvaluationOptions<TicketConditionRecord> = { now, previous, businessHours }
    const expected = [...world.records.entries()]
      .filter(([, record]) => evaluateCondition(condition, record, catalogue, options))
      .map(([id]) => id)
      .sort()
    const rows = await t.database.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.workspaceId, world.workspaceId), compileCondition(condition, catalogue, options)))
    const actual = rows.map((r) => r.id as Id<'tkt'>).sort()
    expect(actual, `${JSON.stringify(condition)} previous ${JSON.stringify(previous)}`).toEqual(expected)
    // The same condition compiled against a `now` bound at run time (views' prepared counts) agrees too.
    if (!change && !JSON.stringify(condition).includes('"businessHours"')) {
      const bound = await t.database.db
        .select({ id: tickets.id })
        .from(tickets)
        .where(
          and(
            eq(tickets.workspaceId, world.workspaceId),
            compileCondition(condition, catalogue, { ...options, nowPlaceholder: 'now' }),
          ),
        )
        .prepare(`differential_${++prepared}`)
        .execute({ now: now.toISOString() })
      const boundIds = bound.map((r) => r.id as Id<'tkt'>).sort()
      expect(boundIds, `${JSON.stringify(condition)} with now bound at run time`).toEqual(expected)
    }
    return actual.length
  }
})
