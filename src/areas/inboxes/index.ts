import { inboxes } from '../../db/schema/routing'
import { defineArea } from '../../registry/area'
import { registerInboxRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Inbox: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'inbox.created': { inbox: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'inbox.updated': { inbox: Record<string, unknown>; previous: Record<string, unknown> }
    'inbox.deleted': { inbox: Record<string, unknown> }
    'inbox.member_added': {
      inbox: { id: string; name: string }
      member: { id: string; name: string; email: string }
    }
    'inbox.member_removed': {
      inbox: { id: string; name: string }
      member: { id: string; name: string; email: string }
    }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    inbox_not_found: true
    inbox_in_use: true
    inbox_address_taken: true
    invalid_inbox_channels: true
    invalid_email: true
  }
}

const inboxEvent = { resourceType: 'inbox', permission: 'inboxes.manage', audited: true } as const

/** Inboxes: where tickets arrive (channels, email addresses), their ticket defaults and their members. */
export default defineArea({
  name: 'inboxes',
  routes: registerInboxRoutes,
  resources: {
    Inbox: {
      table: inboxes,
      fields: { id: inboxes.id, workspaceId: inboxes.workspaceId },
      scope: 'routing',
      prefix: 'ibx',
      actions: {
        read: 'tickets.read_assigned',
        create: 'inboxes.manage',
        update: 'inboxes.manage',
        delete: 'inboxes.manage',
      },
      alternatives: { read: ['tickets.read_all', 'tickets.read_team', 'inboxes.manage'] },
    },
  },
  events: {
    'inbox.created': inboxEvent,
    'inbox.updated': inboxEvent,
    'inbox.deleted': inboxEvent,
    'inbox.member_added': inboxEvent,
    'inbox.member_removed': inboxEvent,
  },
  problems: {
    inbox_not_found: { status: 422, title: 'No such inbox in this workspace' },
    inbox_in_use: { status: 409, title: 'Tickets still belong to the inbox' },
    inbox_address_taken: { status: 409, title: 'The email address belongs to another inbox' },
    invalid_inbox_channels: { status: 422, title: 'The inbox has email addresses but not the email channel' },
    invalid_email: { status: 422, title: 'The email address is not valid' },
  },
})
