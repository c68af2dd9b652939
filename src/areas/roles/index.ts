import { roles } from '../../db/schema'
import { defineArea } from '../../registry/area'
import { registerRoleRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Role: true
  }
}

interface EventRole {
  id: string
  name: string
  description: string | null
  permissions: string[]
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'role.created': { role: EventRole }
    /** `previous` holds the changed fields' former values. */
    'role.updated': { role: EventRole; previous: Record<string, unknown> }
    'role.deleted': { role: { id: string; name: string } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    role_name_taken: true
    role_in_use: true
    system_role_immutable: true
  }
}

/** The permission catalogue, system roles and custom roles. */
export default defineArea({
  name: 'roles',
  routes: registerRoleRoutes,
  resources: {
    Role: {
      table: roles,
      fields: { id: roles.id, workspaceId: roles.workspaceId },
      scope: 'roles',
      prefix: 'role',
      actions: {
        read: 'members.read',
        create: 'roles.manage',
        update: 'roles.manage',
        delete: 'roles.manage',
      },
    },
  },
  events: {
    'role.created': { resourceType: 'role', permission: 'members.read', audited: true },
    'role.updated': { resourceType: 'role', permission: 'members.read', audited: true },
    'role.deleted': { resourceType: 'role', permission: 'members.read', audited: true },
  },
  problems: {
    role_name_taken: { status: 409, title: 'A role of this name exists' },
    role_in_use: { status: 409, title: 'The role is assigned or offered by a pending invitation' },
    system_role_immutable: { status: 422, title: 'System roles cannot be changed or deleted' },
  },
})
