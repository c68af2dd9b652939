import type { Permission } from '../../authz/permissions'
import { customFields, ticketStatuses, ticketTypes } from '../../db/schema/ticket-setup'
import { defineArea } from '../../registry/area'
import { registerTicketSetupRoutes } from './routes'
import { seedTicketStatuses } from './statuses'

declare module '../../authz/resources' {
  interface ResourceTypes {
    TicketStatus: true
    TicketType: true
    CustomField: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'ticket_status.created': { ticketStatus: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'ticket_status.updated': { ticketStatus: Record<string, unknown>; previous: Record<string, unknown> }
    'ticket_status.deleted': {
      ticketStatus: { id: string; name: string; category: string }
      replacementStatusId: string | null
      ticketsMoved: number
    }
    'ticket_type.created': { ticketType: Record<string, unknown> }
    'ticket_type.updated': { ticketType: Record<string, unknown>; previous: Record<string, unknown> }
    'ticket_type.deleted': { ticketType: { id: string; name: string } }
    'custom_field.created': { customField: Record<string, unknown> }
    'custom_field.updated': { customField: Record<string, unknown>; previous: Record<string, unknown> }
    'custom_field.deleted': { customField: { id: string; key: string } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    ticket_status_in_use: true
    last_status_in_category: true
    default_status_required: true
    invalid_replacement_status: true
    ticket_setup_limit_reached: true
    custom_field_key_taken: true
    custom_field_options_required: true
    custom_field_options_not_allowed: true
    custom_field_options_duplicate: true
    custom_field_in_use: true
    unknown_custom_field: true
  }
}

const setupEvent = (resourceType: string) =>
  ({ resourceType, permission: 'tickets.read_assigned', audited: true }) as const

const setupActions = {
  read: 'tickets.read_assigned',
  create: 'ticket_setup.manage',
  update: 'ticket_setup.manage',
  delete: 'ticket_setup.manage',
} as const

/** Any ticket read permission reads the setup (the Polar rules grant each). */
const setupReadAlternatives = { read: ['tickets.read_all', 'tickets.read_team'] } as const satisfies Record<
  string,
  Permission[]
>

/** Ticket setup: the workspace's ticket statuses (seeded with every new workspace), types and custom fields. */
export default defineArea({
  name: 'ticket-setup',
  routes: registerTicketSetupRoutes,
  setupWorkspace: seedTicketStatuses,
  resources: {
    TicketStatus: {
      table: ticketStatuses,
      fields: { id: ticketStatuses.id, workspaceId: ticketStatuses.workspaceId },
      scope: 'tickets',
      prefix: 'tst',
      actions: setupActions,
      alternatives: setupReadAlternatives,
    },
    TicketType: {
      table: ticketTypes,
      fields: { id: ticketTypes.id, workspaceId: ticketTypes.workspaceId },
      scope: 'tickets',
      prefix: 'ttyp',
      actions: setupActions,
      alternatives: setupReadAlternatives,
    },
    CustomField: {
      table: customFields,
      fields: { id: customFields.id, workspaceId: customFields.workspaceId },
      scope: 'tickets',
      prefix: 'cf',
      actions: setupActions,
      alternatives: setupReadAlternatives,
    },
  },
  events: {
    'ticket_status.created': setupEvent('ticket_status'),
    'ticket_status.updated': setupEvent('ticket_status'),
    'ticket_status.deleted': setupEvent('ticket_status'),
    'ticket_type.created': setupEvent('ticket_type'),
    'ticket_type.updated': setupEvent('ticket_type'),
    'ticket_type.deleted': setupEvent('ticket_type'),
    'custom_field.created': setupEvent('custom_field'),
    'custom_field.updated': setupEvent('custom_field'),
    'custom_field.deleted': setupEvent('custom_field'),
  },
  problems: {
    ticket_status_in_use: { status: 409, title: 'Tickets have this status' },
    last_status_in_category: { status: 409, title: 'The last status of category new or open must stay' },
    default_status_required: { status: 409, title: 'A category with statuses needs a default' },
    invalid_replacement_status: {
      status: 422,
      title: 'The replacement is not another status of the workspace',
    },
    ticket_setup_limit_reached: { status: 409, title: 'The workspace has as many of these as it may' },
    custom_field_key_taken: { status: 409, title: 'A custom field has this key' },
    custom_field_options_required: { status: 422, title: 'A select field needs options' },
    custom_field_options_not_allowed: { status: 422, title: 'Only select fields have options' },
    custom_field_options_duplicate: { status: 422, title: 'An option is given twice' },
    custom_field_in_use: { status: 409, title: 'Tickets hold values for this field' },
    unknown_custom_field: { status: 422, title: 'A custom field does not exist in this workspace' },
  },
})
