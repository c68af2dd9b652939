import type { AreaDeclaration } from '../../registry/area'
import type { TicketLinkView } from './links'
import type { TicketParticipantView } from './participants'

// What participants, links and merges add to the tickets area: its declaration (index.ts) spreads these in.

type TicketRef = { id: string; number: number }

declare module '../../events/catalogue' {
  interface EventPayloads {
    'ticket.participant_added': { ticket: TicketRef; participant: TicketParticipantView }
    'ticket.participant_removed': { ticket: TicketRef; participant: TicketParticipantView }
    'ticket.link_created': { ticket: TicketRef; link: TicketLinkView }
    'ticket.link_deleted': { ticket: TicketRef; link: TicketLinkView }
    /** `ticket` is the target after the merge. */
    'ticket.merged': {
      ticket: Record<string, unknown>
      source: TicketRef
      moved: { messages: number; participants: number; links: number; attachments: number }
    }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    ticket_participant_not_found: true
    ticket_participant_exists: true
    ticket_participant_role_invalid: true
    ticket_participants_limit: true
    ticket_link_target_not_found: true
    ticket_link_self: true
    ticket_link_exists: true
    ticket_links_limit: true
    ticket_merge_self: true
    ticket_merged: true
    ticket_merge_target_not_found: true
  }
}

const event = { resourceType: 'ticket', permission: 'tickets.read_all', audited: true } as const

export const ticketLinkEvents = {
  'ticket.participant_added': event,
  // A removal: the audit row keeps what was removed as its before-value.
  'ticket.participant_removed': {
    ...event,
    auditChanges: (data) => ({ participant: { before: data.participant } }),
  },
  'ticket.link_created': event,
  'ticket.link_deleted': { ...event, auditChanges: (data) => ({ link: { before: data.link } }) },
  'ticket.merged': event,
} satisfies AreaDeclaration['events']

export const ticketLinkProblems = {
  ticket_participant_not_found: { status: 422, title: 'No such contact or member in this workspace' },
  ticket_participant_exists: { status: 409, title: 'Already a participant of the ticket' },
  ticket_participant_role_invalid: { status: 422, title: 'The role does not fit the participant type' },
  ticket_participants_limit: { status: 422, title: 'The ticket has the most participants it may have' },
  ticket_link_target_not_found: { status: 422, title: 'No such post or ticket visible to the caller' },
  ticket_link_self: { status: 422, title: 'A ticket cannot link to itself' },
  ticket_link_exists: { status: 409, title: 'The ticket has this link already' },
  ticket_links_limit: { status: 422, title: 'The ticket has the most links it may have' },
  ticket_merge_self: { status: 422, title: 'A ticket cannot be merged into itself' },
  ticket_merged: { status: 409, title: 'The ticket was merged into another' },
  ticket_merge_target_not_found: { status: 422, title: 'No such target ticket visible to the caller' },
} satisfies AreaDeclaration['problems']
