import { events } from '../../db/schema'
import { defineArea } from '../../registry/area'
import { registerEventRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Event: true
  }
}

/** The event stream (`GET /v1/events`) and the change feed (`GET /v1/changes`) over the outbox. */
export default defineArea({
  name: 'events',
  routes: registerEventRoutes,
  resources: {
    Event: {
      table: events,
      fields: { id: events.id, workspaceId: events.workspaceId, type: events.type },
      scope: 'events',
      prefix: 'evt',
      actions: { read: 'events.read' },
    },
  },
})
