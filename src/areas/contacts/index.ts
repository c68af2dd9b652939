import { contacts } from '../../db/schema'
import { defineArea } from '../../registry/area'
import { registerContactRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Contact: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'contact.created': { contact: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'contact.updated': { contact: Record<string, unknown>; previous: Record<string, unknown> }
    /** `contact` is the target after the merge; `previous` the target's fields the source filled in. */
    'contact.merged': {
      contact: Record<string, unknown>
      source: { id: string; email: string | null; externalId: string | null }
      previous: Record<string, unknown>
    }
    'contact.deleted': { contact: { id: string; externalId: string | null } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    contact_exists: true
    contact_merged: true
    contact_in_use: true
  }
}

/** Contacts: the one record of a customer person, with CRM sync and merges. */
export default defineArea({
  name: 'contacts',
  routes: registerContactRoutes,
  resources: {
    Contact: {
      table: contacts,
      fields: { id: contacts.id, workspaceId: contacts.workspaceId, organizationId: contacts.organizationId },
      scope: 'contacts',
      prefix: 'ct',
      actions: {
        read: 'contacts.read',
        create: 'contacts.manage',
        update: 'contacts.manage',
        delete: 'contacts.manage',
        merge: 'contacts.manage',
      },
    },
  },
  events: {
    'contact.created': { resourceType: 'contact', permission: 'contacts.read', audited: true },
    'contact.updated': { resourceType: 'contact', permission: 'contacts.read', audited: true },
    'contact.merged': { resourceType: 'contact', permission: 'contacts.read', audited: true },
    'contact.deleted': { resourceType: 'contact', permission: 'contacts.read', audited: true },
  },
  problems: {
    contact_exists: { status: 409, title: 'A contact with this email or externalId exists' },
    contact_merged: { status: 409, title: 'The contact was merged into another' },
    contact_in_use: { status: 409, title: 'The contact still requests tickets' },
  },
})
