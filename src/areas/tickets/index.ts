import { tickets } from '../../db/schema/tickets'
import { defineArea } from '../../registry/area'
import { attachmentCleanupModule } from './attachments-cleanup'
import { registerTicketAttachmentRoutes } from './attachments-routes'
import { ticketLinkEvents, ticketLinkProblems } from './links-declaration'
import { registerTicketLinkRoutes } from './links-routes'
import { registerTicketRoutes } from './routes'
import { ticketMessageSearch, ticketSearch } from './search'
import { moveRequesterTickets } from './service/tickets'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Ticket: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'ticket.created': { ticket: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'ticket.updated': { ticket: Record<string, unknown>; previous: Record<string, unknown> }
    'ticket.status_changed': {
      ticket: Record<string, unknown>
      previous: { statusId: string; statusCategory: string }
    }
    'ticket.assigned': {
      ticket: Record<string, unknown>
      previous: { assigneeId: string | null; teamId: string | null }
    }
    'ticket.deleted': { ticket: { id: string; number: number; externalId: string | null } }
    'ticket.message_created': {
      ticket: { id: string; number: number; statusId: string; statusCategory: string }
      message: Record<string, unknown>
    }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    ticket_status_not_found: true
    ticket_type_not_found: true
    custom_field_invalid: true
    requester_not_found: true
    assignee_not_found: true
    team_not_found: true
    organization_not_found: true
    ticket_closed: true
    attachment_file_missing: true
    attachment_not_found: true
    attachment_claimed: true
  }
}

/** Tickets: the support conversation, its fields, its timeline and its access rules. */
export default defineArea({
  name: 'tickets',
  routes: (app) => {
    registerTicketRoutes(app)
    registerTicketAttachmentRoutes(app)
    registerTicketLinkRoutes(app)
  },
  resources: {
    Ticket: {
      table: tickets,
      fields: {
        id: tickets.id,
        workspaceId: tickets.workspaceId,
        teamId: tickets.teamId,
        assigneeId: tickets.assigneeId,
        requesterId: tickets.requesterId,
        organizationId: tickets.organizationId,
        inboxId: tickets.inboxId,
        statusCategory: tickets.statusCategory,
      },
      scope: 'tickets',
      prefix: 'tkt',
      actions: {
        read: 'tickets.read_all',
        create: 'tickets.create',
        update: 'tickets.update',
        reply: 'tickets.reply',
        note: 'tickets.note',
        assign: 'tickets.assign',
        merge: 'tickets.merge',
        delete: 'tickets.delete',
      },
      // A member acts only on tickets it can read.
      alsoNeeds: Object.fromEntries(
        ['update', 'reply', 'note', 'assign', 'merge', 'delete'].map((action) => [
          action,
          ['tickets.read_all'],
        ]),
      ),
    },
  },
  events: {
    ...ticketLinkEvents,
    'ticket.created': { resourceType: 'ticket', permission: 'tickets.read_all', audited: true },
    'ticket.updated': { resourceType: 'ticket', permission: 'tickets.read_all', audited: true },
    'ticket.status_changed': { resourceType: 'ticket', permission: 'tickets.read_all', audited: true },
    'ticket.assigned': { resourceType: 'ticket', permission: 'tickets.read_all', audited: true },
    'ticket.deleted': { resourceType: 'ticket', permission: 'tickets.read_all', audited: true },
    'ticket.message_created': { resourceType: 'ticket', permission: 'tickets.read_all', audited: true },
  },
  problems: {
    ...ticketLinkProblems,
    ticket_status_not_found: { status: 422, title: 'No such ticket status in this workspace' },
    ticket_type_not_found: { status: 422, title: 'No such ticket type in this workspace' },
    custom_field_invalid: { status: 422, title: 'A custom field value is not valid for the ticket' },
    requester_not_found: { status: 422, title: 'The requester is not a contact of this workspace' },
    assignee_not_found: { status: 422, title: 'The assignee is not an active member of this workspace' },
    team_not_found: { status: 422, title: 'No such team in this workspace' },
    organization_not_found: { status: 422, title: 'No such organisation in this workspace' },
    ticket_closed: { status: 409, title: 'The ticket is closed' },
    attachment_file_missing: { status: 422, title: 'The upload has no file, or an empty one' },
    attachment_not_found: { status: 422, title: 'No such upload on this ticket' },
    attachment_claimed: { status: 409, title: 'The attachment is already on a message' },
  },
  contactMergeSteps: [moveRequesterTickets],
  workers: [attachmentCleanupModule()],
  searchSources: [ticketSearch, ticketMessageSearch],
})
