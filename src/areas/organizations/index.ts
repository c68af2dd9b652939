import { organizations } from '../../db/schema'
import { defineArea } from '../../registry/area'
import { registerOrganizationRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Organization: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'organization.created': { organization: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'organization.updated': { organization: Record<string, unknown>; previous: Record<string, unknown> }
    'organization.deleted': { organization: { id: string; name: string; externalId: string | null } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    domain_taken: true
    free_mail_domain: true
  }
}

/** Organisations: customer companies, their domains, ticket sharing and CRM sync. */
export default defineArea({
  name: 'organizations',
  routes: registerOrganizationRoutes,
  resources: {
    Organization: {
      table: organizations,
      fields: { id: organizations.id, workspaceId: organizations.workspaceId },
      scope: 'contacts',
      prefix: 'org',
      actions: {
        read: 'organizations.read',
        create: 'organizations.manage',
        update: 'organizations.manage',
        delete: 'organizations.manage',
      },
    },
  },
  events: {
    'organization.created': { resourceType: 'organization', permission: 'organizations.read', audited: true },
    'organization.updated': { resourceType: 'organization', permission: 'organizations.read', audited: true },
    'organization.deleted': { resourceType: 'organization', permission: 'organizations.read', audited: true },
  },
  problems: {
    domain_taken: { status: 409, title: 'The domain belongs to another organisation' },
    free_mail_domain: { status: 422, title: 'Free-mail domains cannot belong to an organisation' },
  },
})
