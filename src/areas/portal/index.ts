import { portalTabs } from '../../db/schema/portal'
import { defineArea } from '../../registry/area'
import { registerPortalRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    PortalTab: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'portal_tab.created': { portalTab: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'portal_tab.updated': { portalTab: Record<string, unknown>; previous: Record<string, unknown> }
    'portal_tab.deleted': { portalTab: Record<string, unknown> }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    invalid_portal_tab: true
    portal_tab_target_not_found: true
    portal_tab_limit_reached: true
  }
}

const tabEvent = { resourceType: 'portal_tab', permission: 'segments.manage', audited: true } as const

/** Portal tabs: the customer portal's navigation, and that navigation resolved for each caller. */
export default defineArea({
  name: 'portal',
  routes: registerPortalRoutes,
  resources: {
    PortalTab: {
      table: portalTabs,
      fields: { id: portalTabs.id, workspaceId: portalTabs.workspaceId },
      scope: 'segments',
      prefix: 'ptab',
      actions: {
        read: 'segments.manage',
        create: 'segments.manage',
        update: 'segments.manage',
        delete: 'segments.manage',
      },
    },
  },
  events: {
    'portal_tab.created': tabEvent,
    'portal_tab.updated': tabEvent,
    'portal_tab.deleted': tabEvent,
  },
  problems: {
    invalid_portal_tab: {
      status: 422,
      title:
        "A field does not fit the tab's kind (a URL on a content tab, a target of another kind, a link without URL or label)",
    },
    portal_tab_target_not_found: {
      status: 422,
      title: 'No such board, roadmap or help-centre category in this workspace',
    },
    portal_tab_limit_reached: {
      status: 422,
      title: 'The workspace has the most portal tabs it may have (50)',
    },
  },
})
