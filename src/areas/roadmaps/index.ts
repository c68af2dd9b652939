import { roadmaps } from '../../db/schema/roadmaps'
import { audienceGrantsRelation } from '../../kit/audience'
import { defineArea } from '../../registry/area'
import { registerRoadmapRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Roadmap: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'roadmap.created': { roadmap: Record<string, unknown> }
    /**
     * `previous` holds the changed fields' former values; a reorder names the column and its former order
     * (`items.<column>`).
     */
    'roadmap.updated': { roadmap: Record<string, unknown>; previous: Record<string, unknown> }
    'roadmap.deleted': { roadmap: { id: string; name: string } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    unknown_status: true
    invalid_item_order: true
  }
}

const roadmapEvent = { resourceType: 'roadmap', permission: 'content.read', audited: true } as const

/** Roadmaps: saved post filters in status or ETA columns, with manual order within a column. */
export default defineArea({
  name: 'roadmaps',
  routes: registerRoadmapRoutes,
  resources: {
    Roadmap: {
      table: roadmaps,
      fields: { id: roadmaps.id, workspaceId: roadmaps.workspaceId, audience: roadmaps.audience },
      relations: { audienceGrants: audienceGrantsRelation },
      scope: 'content',
      prefix: 'rdm',
      actions: {
        read: 'content.read',
        create: 'content.manage',
        update: 'content.manage',
        delete: 'content.manage',
      },
    },
  },
  events: {
    'roadmap.created': roadmapEvent,
    'roadmap.updated': roadmapEvent,
    'roadmap.deleted': roadmapEvent,
  },
  problems: {
    unknown_status: { status: 422, title: 'A column or filter names a status that does not exist' },
    invalid_item_order: { status: 422, title: 'The order must name every item of the column exactly once' },
  },
})
