import { businessHours } from '../../db/schema/sla'
import { defineArea } from '../../registry/area'
import { registerBusinessHoursRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    BusinessHours: true
  }
}

/** Business hours as events carry them. */
interface EventBusinessHours {
  id: string
  name: string
  timeZone: string
  intervals: unknown[]
  holidays: unknown[]
  overrides: unknown[]
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'business_hours.created': { businessHours: EventBusinessHours }
    /** `previous` holds the changed fields' former values. */
    'business_hours.updated': { businessHours: EventBusinessHours; previous: Record<string, unknown> }
    'business_hours.deleted': { businessHours: { id: string; name: string } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    business_hours_not_found: true
    invalid_time_zone: true
    invalid_time: true
    interval_ends_before_start: true
    overlapping_intervals: true
    invalid_date: true
    duplicate_date: true
    closed_with_intervals: true
    business_hours_in_use: true
  }
}

const hoursEvent = { resourceType: 'business_hours', permission: 'sla.manage', audited: true } as const

/** Business hours: opening intervals per weekday in an IANA zone, holidays and overrides (src/sla counts with them). */
export default defineArea({
  name: 'business-hours',
  routes: registerBusinessHoursRoutes,
  resources: {
    BusinessHours: {
      table: businessHours,
      fields: { id: businessHours.id, workspaceId: businessHours.workspaceId },
      scope: 'sla',
      prefix: 'bh',
      actions: {
        read: 'sla.manage',
        create: 'sla.manage',
        update: 'sla.manage',
        delete: 'sla.manage',
      },
      alternatives: { read: ['tickets.read_all', 'tickets.read_team', 'tickets.read_assigned'] },
    },
  },
  events: {
    'business_hours.created': hoursEvent,
    'business_hours.updated': hoursEvent,
    'business_hours.deleted': hoursEvent,
  },
  problems: {
    /** Shared: SLA policies and inboxes naming business hours answer it. */
    business_hours_not_found: { status: 422, title: 'No such business hours in this workspace' },
    invalid_time_zone: { status: 422, title: 'The time zone is not an IANA time zone' },
    invalid_time: { status: 422, title: 'A time is not HH:MM (24:00 only as an end)' },
    interval_ends_before_start: { status: 422, title: 'An opening interval does not end after it starts' },
    overlapping_intervals: { status: 422, title: 'Opening intervals of the same day overlap' },
    invalid_date: { status: 422, title: 'A date is not a real YYYY-MM-DD date' },
    duplicate_date: { status: 422, title: 'A date is listed twice' },
    closed_with_intervals: { status: 422, title: 'A closed override also has opening intervals' },
    business_hours_in_use: { status: 409, title: 'An SLA policy or an inbox uses these business hours' },
  },
})
