import { routingRules } from '../../db/schema/routing'
import { defineArea } from '../../registry/area'
import { routingReaction } from './engine'
import { registerRoutingRuleRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    RoutingRule: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'routing_rule.created': { routingRule: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'routing_rule.updated': { routingRule: Record<string, unknown>; previous: Record<string, unknown> }
    'routing_rule.deleted': { routingRule: Record<string, unknown> }
    /** A rule's `webhook_event` action ran on a ticket. */
    'routing_rule.fired': {
      routingRule: { id: string; name: string }
      ticket: { id: string; number: number }
      name: string | null
    }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    invalid_routing_action: true
    invalid_reorder: true
    member_not_in_team: true
    sla_policy_not_found: true
  }
}

const ruleEvent = { resourceType: 'routing_rule', permission: 'routing.manage', audited: true } as const

/** Routing rules: ordered, conditional actions run in the transaction of a ticket's creation, update or message. */
export default defineArea({
  name: 'routing-rules',
  routes: registerRoutingRuleRoutes,
  resources: {
    RoutingRule: {
      table: routingRules,
      fields: { id: routingRules.id, workspaceId: routingRules.workspaceId },
      scope: 'routing',
      prefix: 'rr',
      actions: {
        read: 'routing.manage',
        create: 'routing.manage',
        update: 'routing.manage',
        delete: 'routing.manage',
        test: 'routing.manage',
      },
    },
  },
  events: {
    'routing_rule.created': ruleEvent,
    'routing_rule.updated': ruleEvent,
    'routing_rule.deleted': ruleEvent,
    'routing_rule.fired': { resourceType: 'ticket', permission: 'tickets.read_all', audited: true },
  },
  problems: {
    invalid_routing_action: {
      status: 422,
      title: 'An action of the routing rule is not valid (unknown type, missing or extra fields)',
    },
    invalid_reorder: { status: 422, title: 'The order must list every routing rule exactly once' },
    member_not_in_team: { status: 422, title: "The member is not in the action's or the rule's team" },
    sla_policy_not_found: { status: 422, title: 'No such SLA policy in this workspace' },
  },
  reactions: [routingReaction],
})
