/**
 * The one condition language: views, SLA policies, routing rules and rule-based segments filter with it.
 * A group is `{ all: [...] }`, `{ any: [...] }` or both (every `all` and at least one `any`); groups nest.
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
