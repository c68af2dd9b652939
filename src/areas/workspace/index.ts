import { workspaces } from '../../db/schema'
import { defineArea } from '../../registry/area'
import { registerWorkspaceRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Workspace: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'workspace.created': { workspace: { id: string; name: string; slug: string } }
    'workspace.updated': { workspace: Record<string, unknown>; previous: Record<string, unknown> }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    signup_disabled: true
    slug_taken: true
  }
}

/** The tenant itself: sign-up, its settings, and the workspace-wide actions of the policy. */
export default defineArea({
  name: 'workspace',
  routes: registerWorkspaceRoutes,
  resources: {
    Workspace: {
      table: workspaces,
      fields: { id: workspaces.id, workspaceId: workspaces.id },
      scope: 'workspace',
      prefix: 'ws',
      actions: {
        read: 'members.read',
        update: 'workspace.manage',
        check_authz: 'authz.check',
        list_permissions: 'members.read',
        read_audit: 'audit.read',
      },
      scopes: { check_authz: 'roles:read', list_permissions: 'roles:read', read_audit: 'audit:read' },
    },
  },
  events: {
    'workspace.created': { resourceType: 'workspace', permission: 'events.read', audited: true },
    'workspace.updated': { resourceType: 'workspace', permission: 'events.read', audited: true },
  },
  problems: {
    signup_disabled: { status: 403, title: 'Sign-up is disabled' },
    slug_taken: { status: 409, title: 'The slug is taken' },
  },
})
