import { macros } from '../../db/schema/macros'
import { defineArea } from '../../registry/area'
import { registerMacroRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Macro: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'macro.created': { macro: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'macro.updated': { macro: Record<string, unknown>; previous: Record<string, unknown> }
    'macro.deleted': { macro: { id: string; name: string } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    macro_action_invalid: true
    macro_inactive: true
  }
}

const macroEvent = { resourceType: 'macro', permission: 'tickets.read_all', audited: true } as const

/** Macros: named, ordered sets of conversation actions, applied to one ticket or many, with a dry run. */
export default defineArea({
  name: 'macros',
  routes: registerMacroRoutes,
  resources: {
    Macro: {
      table: macros,
      fields: {
        id: macros.id,
        workspaceId: macros.workspaceId,
        sharing: macros.sharing,
        ownerId: macros.ownerId,
        teamId: macros.teamId,
      },
      scope: 'tickets',
      prefix: 'mac',
      actions: {
        read: 'tickets.read_team',
        create: 'tickets.update',
        update: 'tickets.update',
        delete: 'tickets.update',
      },
    },
  },
  events: {
    'macro.created': macroEvent,
    'macro.updated': macroEvent,
    'macro.deleted': macroEvent,
  },
  problems: {
    macro_action_invalid: {
      status: 422,
      title: 'An action of the macro is not valid, or names a status, member or team that no longer exists',
    },
    macro_inactive: { status: 422, title: 'The macro is inactive' },
  },
})
