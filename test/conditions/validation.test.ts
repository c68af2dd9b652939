import { describe, expect, it } from 'vitest'
import { type TicketConditionRecord, ticketConditionFields } from '../../src/areas/tickets/condition-fields'
import { evaluateCondition } from '../../src/conditions/evaluate'
import { assertValidCondition, conditionErrors } from '../../src/conditions/validate'
import { ApiError } from '../../src/http/errors'
import { newId } from '../../src/ids'

const fields = ticketConditionFields([{ key: 'plan', type: 'select', options: ['free', 'pro'] }])
const now = new Date('2026-06-01T12:00:00.000Z')

const ticket = (overrides: Partial<TicketConditionRecord> = {}): TicketConditionRecord => ({
  statusId: newId('tst'),
  statusCategory: 'open',
  priority: 'normal',
  typeId: null,
  assigneeId: null,
  teamId: null,
  inboxId: null,
  requesterId: newId('ct'),
  organizationId: null,
  tags: [],
  source: 'api',
  subject: 'Printer on fire',
  number: 1,
  messageCount: 0,
  customFields: {},
  createdAt: new Date('2026-06-01T06:00:00.000Z'),
  updatedAt: new Date('2026-06-01T06:00:00.000Z'),
  firstResponseAt: null,
  solvedAt: null,
  closedAt: null,
  lastCustomerMessageAt: null,
  lastAgentMessageAt: null,
  snoozedUntil: null,
  requester: null,
  organization: null,
  ...overrides,
})

const matches = (condition: unknown, record: TicketConditionRecord) =>
  evaluateCondition(assertValidCondition(condition, fields), record, fields, { now })

describe('conditions: validation names the bad path', () => {
  it('accepts a valid nested condition', () => {
    expect(
      conditionErrors(
        {
          all: [
            { field: 'priority', operator: 'in', value: ['high', 'urgent'] },
            {
              any: [
                { field: 'tags', operator: 'includes_any', value: ['vip'] },
                { field: 'assigneeId', operator: 'is_not_set' },
              ],
            },
            { field: 'createdAt', operator: 'older_than', value: { amount: 4, unit: 'hours' } },
            { field: 'customFields.plan', operator: 'eq', value: 'pro' },
            { field: 'organization.attributes.seats', operator: 'gte', value: 10 },
          ],
        },
        fields,
      ),
    ).toEqual([])
  })

  it('names an unknown field, an operator the field does not take and a bad value', () => {
    const errors = conditionErrors(
      {
        all: [
          { field: 'priority', operator: 'eq', value: 'high' },
          { field: 'colour', operator: 'eq', value: 'red' },
          { field: 'tags', operator: 'gt', value: 'x' },
          { any: [{ field: 'priority', operator: 'eq', value: 'critical' }] },
          { field: 'assigneeId', operator: 'eq', value: newId('team') },
          { field: 'createdAt', operator: 'older_than', value: { amount: 4, unit: 'fortnights' } },
          { field: 'customFields.plan', operator: 'in', value: ['pro', 'enterprise'] },
          { field: 'statusCategory', operator: 'gt', value: 'open' },
          { field: 'assigneeId', operator: 'is_set', value: 'x' },
          { field: 'priority', operator: 'in', value: [] },
          { field: 'tags', operator: 'nope', value: ['x'] },
        ],
      },
      fields,
      'body.conditions',
    )
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['body.conditions.all[1].field', 'unknown_field'],
      ['body.conditions.all[2].operator', 'invalid_operator'],
      ['body.conditions.all[3].any[0].value', 'invalid_value'],
      ['body.conditions.all[4].value', 'invalid_value'],
      ['body.conditions.all[5].value.unit', 'invalid_value'],
      ['body.conditions.all[6].value[1]', 'invalid_value'],
      ['body.conditions.all[7].operator', 'invalid_operator'],
      ['body.conditions.all[8].value', 'invalid_value'],
      ['body.conditions.all[9].value', 'invalid_value'],
      ['body.conditions.all[10].operator', 'invalid_operator'],
    ])
  })

  it('refuses a rule at the top, unknown group keys, more than 5 levels and more than 50 rules', () => {
    expect(conditionErrors({ field: 'priority', operator: 'eq', value: 'high' }, fields)[0]?.path).toBe(
      'conditions',
    )
    expect(conditionErrors({ all: [], none: [] }, fields)[0]?.path).toBe('conditions.none')
    expect(conditionErrors({ all: 'x' }, fields)[0]?.path).toBe('conditions.all')
    let deep: unknown = { all: [{ field: 'priority', operator: 'eq', value: 'high' }] }
    for (let i = 0; i < 4; i++) deep = { any: [deep] }
    expect(conditionErrors(deep, fields)).toEqual([])
    const tooDeep = { all: [deep] }
    expect(conditionErrors(tooDeep, fields).map((e) => e.code)).toEqual(['too_deep'])
    const rule = { field: 'priority', operator: 'eq', value: 'high' }
    expect(conditionErrors({ all: Array(50).fill(rule) }, fields)).toEqual([])
    expect(conditionErrors({ all: Array(51).fill(rule) }, fields)[0]).toMatchObject({
      path: 'conditions',
      code: 'too_many_rules',
    })
  })

  it('throws the 422 invalid_condition problem with its errors', () => {
    try {
      assertValidCondition(
        { all: [{ field: 'colour', operator: 'eq', value: 'red' }] },
        fields,
        'body.conditions',
      )
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).status).toBe(422)
      expect((error as ApiError).code).toBe('invalid_condition')
      expect((error as ApiError).extra.errors?.[0]?.path).toBe('body.conditions.all[0].field')
    }
  })
})

describe('conditions: semantics', () => {
  it('matches everything with empty groups and ANDs all with at least one of any', () => {
    expect(matches({ all: [] }, ticket())).toBe(true)
    expect(matches({}, ticket())).toBe(true)
    const both = {
      all: [{ field: 'priority', operator: 'eq', value: 'normal' }],
      any: [
        { field: 'tags', operator: 'includes_any', value: ['vip'] },
        { field: 'subject', operator: 'contains', value: 'PRINTER' },
      ],
    }
    expect(matches(both, ticket())).toBe(true)
    expect(matches(both, ticket({ subject: 'Fax' }))).toBe(false)
  })

  it('treats a missing value as not equal and not in: negatives match it', () => {
    const bob = newId('mbr')
    expect(matches({ all: [{ field: 'assigneeId', operator: 'neq', value: bob }] }, ticket())).toBe(true)
    expect(matches({ all: [{ field: 'assigneeId', operator: 'not_in', value: [bob] }] }, ticket())).toBe(true)
    expect(matches({ all: [{ field: 'assigneeId', operator: 'eq', value: bob }] }, ticket())).toBe(false)
    expect(matches({ all: [{ field: 'customFields.plan', operator: 'neq', value: 'pro' }] }, ticket())).toBe(
      true,
    )
    expect(matches({ all: [{ field: 'organization.name', operator: 'neq', value: 'Acme' }] }, ticket())).toBe(
      true,
    )
  })

  it('orders priorities low < normal < high < urgent', () => {
    const high = { all: [{ field: 'priority', operator: 'gte', value: 'high' }] }
    expect(matches(high, ticket({ priority: 'urgent' }))).toBe(true)
    expect(matches(high, ticket({ priority: 'normal' }))).toBe(false)
  })

  it('counts relative times back from now: older_than is strictly before the cutoff', () => {
    const older = {
      all: [{ field: 'createdAt', operator: 'older_than', value: { amount: 4, unit: 'hours' } }],
    }
    expect(matches(older, ticket({ createdAt: '2026-06-01T07:59:59.999Z' }))).toBe(true)
    expect(matches(older, ticket({ createdAt: '2026-06-01T08:00:00.000Z' }))).toBe(false)
    const newer = {
      all: [{ field: 'createdAt', operator: 'newer_than', value: { amount: 4, unit: 'hours' } }],
    }
    expect(matches(newer, ticket({ createdAt: '2026-06-01T08:00:00.000Z' }))).toBe(true)
  })

  it('compares untyped attributes by the JSON type of the value', () => {
    const org = (attributes: Record<string, unknown>) =>
      ticket({ organization: { name: 'Acme', attributes } })
    const seats = { all: [{ field: 'organization.attributes.seats', operator: 'gt', value: 5 }] }
    expect(matches(seats, org({ seats: 10 }))).toBe(true)
    expect(matches(seats, org({ seats: '10' }))).toBe(false)
    const tier = { all: [{ field: 'organization.attributes.tier', operator: 'eq', value: 'gold' }] }
    expect(matches(tier, org({ tier: 'gold' }))).toBe(true)
    expect(matches(tier, org({ tier: 'Gold' }))).toBe(false)
  })
})

describe('conditions: aliases, change operators and business hours', () => {
  const routing = { allowChange: true, businessHours: true }

  it('accepts the aliases as their operators, everywhere', () => {
    const aliased = {
      all: [
        { field: 'priority', operator: 'is', value: 'high' },
        { field: 'teamId', operator: 'is_not_present' },
        { field: 'messageCount', operator: 'greater_than', value: 1 },
        { field: 'number', operator: 'less_than', value: 10 },
        { field: 'subject', operator: 'is_not', value: 'Fax' },
        { field: 'typeId', operator: 'is_present' },
      ],
    }
    expect(conditionErrors(aliased, fields)).toEqual([])
    const typeId = newId('ttyp')
    expect(matches(aliased, ticket({ priority: 'high', messageCount: 2, typeId }))).toBe(true)
    expect(matches(aliased, ticket({ priority: 'normal', messageCount: 2, typeId }))).toBe(false)
    expect(matches(aliased, ticket({ priority: 'high', messageCount: 2, typeId: null }))).toBe(false)
    // An alias of an operator the field does not take is refused like the operator.
    expect(
      conditionErrors({ all: [{ field: 'tags', operator: 'greater_than', value: 'x' }] }, fields)[0],
    ).toMatchObject({ path: 'conditions.all[0].operator', code: 'invalid_operator' })
  })

  it('refuses change operators and businessHours unless the consumer allows them (views do not)', () => {
    const change = { all: [{ field: 'priority', operator: 'changed' }] }
    expect(conditionErrors(change, fields)[0]).toMatchObject({
      path: 'conditions.all[0].operator',
      code: 'invalid_operator',
    })
    expect(() => assertValidCondition(change, fields)).toThrow(ApiError)
    expect(conditionErrors(change, fields, 'conditions', routing)).toEqual([])
    const hours = { all: [{ field: 'businessHours', operator: 'within', value: newId('bh') }] }
    expect(conditionErrors(hours, fields)[0]?.code).toBe('unknown_field')
    expect(conditionErrors(hours, fields, 'conditions', routing)).toEqual([])
    expect(
      conditionErrors(
        { all: [{ field: 'businessHours', operator: 'eq', value: newId('bh') }] },
        fields,
        'conditions',
        routing,
      )[0]?.code,
    ).toBe('invalid_operator')
    expect(
      conditionErrors(
        { all: [{ field: 'businessHours', operator: 'within', value: 'always' }] },
        fields,
        'conditions',
        routing,
      )[0],
    ).toMatchObject({ path: 'conditions.all[0].value', code: 'invalid_value' })
    // changed takes no value, changed_to a value of the field's type; related rows' fields do not change.
    const errors = conditionErrors(
      {
        all: [
          { field: 'priority', operator: 'changed', value: 'high' },
          { field: 'priority', operator: 'changed_to', value: 'extreme' },
          { field: 'requester.email', operator: 'changed' },
          { field: 'tags', operator: 'changed_to', value: 'vip' },
        ],
      },
      fields,
      'conditions',
      routing,
    )
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['conditions.all[0].value', 'invalid_value'],
      ['conditions.all[1].value', 'invalid_value'],
      ['conditions.all[2].operator', 'invalid_operator'],
      ['conditions.all[3].operator', 'invalid_operator'],
    ])
  })

  it('compares with the record before the change; without one the change operators are false', () => {
    const was = ticket({ priority: 'normal', tags: ['a'] })
    const is = ticket({ priority: 'urgent', tags: ['a'] })
    const check = (rule: Record<string, unknown>, previous?: TicketConditionRecord) =>
      evaluateCondition(assertValidCondition({ all: [rule] }, fields, 'conditions', routing), is, fields, {
        now,
        previous,
      })
    expect(check({ field: 'priority', operator: 'changed' }, was)).toBe(true)
    expect(check({ field: 'tags', operator: 'changed' }, was)).toBe(false)
    expect(check({ field: 'priority', operator: 'changed_to', value: 'urgent' }, was)).toBe(true)
    expect(check({ field: 'priority', operator: 'changed_to', value: 'urgent' }, is)).toBe(false)
    expect(check({ field: 'priority', operator: 'changed_from', value: 'normal' }, was)).toBe(true)
    expect(check({ field: 'priority', operator: 'changed_from', value: 'high' }, was)).toBe(false)
    expect(check({ field: 'priority', operator: 'changed' })).toBe(false)
  })

  it('evaluates businessHours rules through the resolver at now', () => {
    const open = newId('bh')
    const closed = newId('bh')
    const businessHours = { isOpen: (id: string, at: Date) => id === open && at.getTime() === now.getTime() }
    const check = (operator: string, id: string) =>
      evaluateCondition(
        assertValidCondition(
          { all: [{ field: 'businessHours', operator, value: id }] },
          fields,
          'c',
          routing,
        ),
        ticket(),
        fields,
        { now, businessHours },
      )
    expect(check('within', open)).toBe(true)
    expect(check('outside', open)).toBe(false)
    expect(check('within', closed)).toBe(false)
    expect(check('outside', closed)).toBe(true)
  })
})
