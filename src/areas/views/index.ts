import { views } from '../../db/schema/views'
import { defineArea } from '../../registry/area'
import { registerViewRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    View: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'view.created': { view: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'view.updated': { view: Record<string, unknown>; previous: Record<string, unknown> }
    'view.deleted': { view: Record<string, unknown> }
  }
}

/** Views: saved ticket filters in the condition language, their tickets and their counts. */
export default defineArea({
  name: 'views',
  routes: registerViewRoutes,
  resources: {
    View: {
      table: views,
      fields: {
        id: views.id,
        workspaceId: views.workspaceId,
        sharing: views.sharing,
        ownerId: views.ownerId,
        teamId: views.teamId,
      },
      scope: 'tickets',
      prefix: 'view',
      actions: {
        read: 'tickets.read_assigned',
        create: 'views.manage',
        update: 'views.manage',
        delete: 'views.manage',
      },
    },
  },
  events: {
    'view.created': { resourceType: 'view', permission: 'views.manage', audited: true },
    'view.updated': { resourceType: 'view', permission: 'views.manage', audited: true },
    'view.deleted': { resourceType: 'view', permission: 'views.manage', audited: true },
  },
})
