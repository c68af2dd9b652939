import { widgetProfiles } from '../../db/schema/widget-profiles'
import { defineArea } from '../../registry/area'
import { registerWidgetProfileRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    WidgetProfile: true
  }
}

/** A widget profile as events carry it. */
interface EventWidgetProfile {
  id: string
  name: string
  environment: string
  allowedOrigins: string[]
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'widget_profile.created': { widgetProfile: EventWidgetProfile }
    /** `previous` holds the changed fields' former values. */
    'widget_profile.updated': { widgetProfile: EventWidgetProfile; previous: Record<string, unknown> }
    'widget_profile.deleted': { widgetProfile: { id: string; name: string } }
    /** Neither key: only that the former one stopped working. */
    'widget_profile.key_rotated': { widgetProfile: { id: string; name: string } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    insecure_origin: true
    origin_pattern_too_broad: true
  }
}

/** Widget profiles: publishable keys for anonymous visitors, and the browser origins allowed to use them. */
export default defineArea({
  name: 'widget-profiles',
  routes: registerWidgetProfileRoutes,
  resources: {
    WidgetProfile: {
      table: widgetProfiles,
      fields: { id: widgetProfiles.id, workspaceId: widgetProfiles.workspaceId },
      scope: 'widget',
      prefix: 'wp',
      actions: {
        read: 'widget.manage',
        create: 'widget.manage',
        update: 'widget.manage',
        delete: 'widget.manage',
        rotate_key: 'widget.manage',
      },
    },
  },
  events: {
    'widget_profile.created': { resourceType: 'widget_profile', permission: 'widget.manage', audited: true },
    'widget_profile.updated': { resourceType: 'widget_profile', permission: 'widget.manage', audited: true },
    'widget_profile.deleted': { resourceType: 'widget_profile', permission: 'widget.manage', audited: true },
    'widget_profile.key_rotated': {
      resourceType: 'widget_profile',
      permission: 'widget.manage',
      audited: true,
    },
  },
  problems: {
    insecure_origin: { status: 422, title: 'A production widget profile takes only https origins' },
    origin_pattern_too_broad: { status: 422, title: 'The origin wildcard covers a whole top-level domain' },
  },
})
