import { slaPolicies } from '../../db/schema/sla'
import type { WorkerModule } from '../../jobs/module'
import { defineArea } from '../../registry/area'
import { type SlaClockEventData, type SlaPolicyAppliedData, slaClockReaction } from './clocks'
import { slaNotificationKinds } from './notifications'
import { registerSlaRoutes } from './routes'
import { runSlaTick } from './tick'

declare module '../../authz/resources' {
  interface ResourceTypes {
    SlaPolicy: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'sla_policy.created': { slaPolicy: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'sla_policy.updated': { slaPolicy: Record<string, unknown>; previous: Record<string, unknown> }
    'sla_policy.deleted': { slaPolicy: { id: string; name: string } }
    'sla.warning': SlaClockEventData
    'sla.breached': SlaClockEventData
    'sla.achieved': SlaClockEventData
    /** A routing rule pinned an SLA policy to a ticket: policy matching no longer changes it. */
    'sla.policy_applied': SlaPolicyAppliedData
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    invalid_sla_target: true
    invalid_position: true
  }
}

/** Warning and breach detection: each minute, the clocks that are due (each clock once, on one instance). */
function slaTickModule(): WorkerModule {
  return {
    name: 'sla-clocks',
    setup: async ({ logger }) => ({
      ticks: [
        {
          name: 'sla-clocks',
          cron: '0 * * * * *',
          async run(db) {
            const counts = await runSlaTick(db)
            if (counts.warned + counts.breached > 0) logger.info(counts, 'sla clocks warned and breached')
          },
        },
      ],
    }),
  }
}

const policyEvent = { resourceType: 'sla_policy', permission: 'sla.manage', audited: true } as const
const clockEvent = { resourceType: 'ticket', permission: 'tickets.read_all', audited: true } as const

/** SLA policies (ordered, first match wins), the clocks of each ticket, and warning and breach detection. */
export default defineArea({
  name: 'sla',
  routes: registerSlaRoutes,
  resources: {
    SlaPolicy: {
      table: slaPolicies,
      fields: { id: slaPolicies.id, workspaceId: slaPolicies.workspaceId },
      scope: 'sla',
      prefix: 'sla',
      actions: { read: 'sla.manage', create: 'sla.manage', update: 'sla.manage', delete: 'sla.manage' },
    },
  },
  events: {
    'sla_policy.created': policyEvent,
    'sla_policy.updated': policyEvent,
    'sla_policy.deleted': policyEvent,
    'sla.warning': clockEvent,
    'sla.breached': clockEvent,
    'sla.achieved': clockEvent,
    'sla.policy_applied': clockEvent,
  },
  problems: {
    invalid_sla_target: {
      status: 422,
      title: 'An SLA target is not a whole positive number of minutes, or the policy has no target at all',
    },
    invalid_position: { status: 422, title: 'The position is beyond the end of the list' },
  },
  reactions: [slaClockReaction],
  notificationKinds: slaNotificationKinds,
  workers: [slaTickModule()],
})
