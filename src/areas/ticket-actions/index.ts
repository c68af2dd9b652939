import type { WorkerModule } from '../../jobs/module'
import { defineArea } from '../../registry/area'
import { registerTicketActionRoutes } from './routes'
import { wakeSnoozedTickets } from './snooze'

declare module '../../events/catalogue' {
  interface EventPayloads {
    /** `previous` holds the former `snoozedUntil` (and status, when the ticket went back to open). */
    'ticket.unsnoozed': { ticket: Record<string, unknown>; previous: Record<string, unknown> }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    bulk_limit_exceeded: true
  }
}

/** Wakes snoozed tickets whose time has come (each slot on one instance, each ticket once). */
function snoozeModule(): WorkerModule {
  return {
    name: 'ticket-snooze',
    setup: async ({ logger }) => ({
      ticks: [
        {
          name: 'wake-snoozed-tickets',
          cron: '0 * * * * *',
          async run(db) {
            const woken = await wakeSnoozedTickets(db)
            if (woken > 0) logger.info({ woken }, 'snoozed tickets woken')
          },
        },
      ],
    }),
  }
}

/**
 * Conversation actions on tickets (assign, take, return, status, priority, tags, snooze, mark read) as
 * operations, bulk updates, and the action registry that macros run. Built on the tickets area's write path.
 */
export default defineArea({
  name: 'ticket-actions',
  routes: registerTicketActionRoutes,
  workers: [snoozeModule()],
  events: {
    'ticket.unsnoozed': { resourceType: 'ticket', permission: 'tickets.read_all', audited: true },
  },
  problems: {
    bulk_limit_exceeded: { status: 422, title: 'Too many tickets in one request (at most 500)' },
  },
})
