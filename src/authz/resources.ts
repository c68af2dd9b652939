import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import {
  apiKeys,
  contacts,
  events,
  invitations,
  members,
  notifications,
  organizations,
  roles,
  teamMembers,
  teams,
  webhooks,
  workspaces,
} from '../db/schema'
import type { Permission, Scope, ScopeArea } from './permissions'

/** A to-one or to-many link the policy may follow (rendered as `EXISTS (…)`). */
export interface RelationSpec {
  kind: 'one' | 'many'
  otherType: string
  myField: string
  otherField: string
}

export interface ResourceSpec {
  table: PgTable
  /** The resource's fields the policy may test, and their columns. */
  fields: Record<string, PgColumn>
  relations?: Record<string, RelationSpec>
  /** The API-key scope area of this type: `read` needs `<area>:read`, anything else `<area>:write`. */
  scope: ScopeArea
  /**
   * The permission each action needs, named in 403 answers ("needs contacts.manage"). The Polar rules
   * decide; this only explains. A test checks that a member with exactly this permission is allowed.
   */
  actions: Record<string, Permission>
  /** Actions whose scope is not the type's own read/write pair. */
  scopes?: Record<string, Scope>
}

/** The API-key scope `action` on `type` needs (what the Polar `scope_allows` rules say; a test checks). */
export function requiredScope(type: ResourceType, action: string): Scope {
  const spec: ResourceSpec = resourceTypes[type]
  return spec.scopes?.[action] ?? (`${spec.scope}:${action === 'read' ? 'read' : 'write'}` as Scope)
}

/**
 * Resource types known to the policies, their tables and fields. Areas add their types here; the
 * Polar class of the same name is registered from this table.
 */
export const resourceTypes = {
  Workspace: {
    table: workspaces,
    fields: { id: workspaces.id, workspaceId: workspaces.id },
    scope: 'workspace',
    actions: {
      read: 'members.read',
      update: 'workspace.manage',
      check_authz: 'authz.check',
      list_permissions: 'members.read',
      read_audit: 'audit.read',
    },
    scopes: { check_authz: 'roles:read', list_permissions: 'roles:read', read_audit: 'audit:read' },
  },
  Member: {
    table: members,
    fields: { id: members.id, workspaceId: members.workspaceId },
    relations: {
      teamMemberships: { kind: 'many', otherType: 'TeamMembership', myField: 'id', otherField: 'memberId' },
    },
    scope: 'members',
    actions: {
      read: 'members.read',
      create: 'members.manage',
      update: 'members.manage',
      deactivate: 'members.manage',
      assign_role: 'roles.manage',
    },
    scopes: { assign_role: 'roles:write' },
  },
  TeamMembership: {
    table: teamMembers,
    fields: {
      teamId: teamMembers.teamId,
      memberId: teamMembers.memberId,
      workspaceId: teamMembers.workspaceId,
    },
    scope: 'teams',
    actions: { read: 'teams.read' },
  },
  Team: {
    table: teams,
    fields: { id: teams.id, workspaceId: teams.workspaceId },
    scope: 'teams',
    actions: {
      read: 'teams.read',
      create: 'teams.manage',
      update: 'teams.manage',
      delete: 'teams.manage',
      manage_members: 'teams.manage',
    },
  },
  Role: {
    table: roles,
    fields: { id: roles.id, workspaceId: roles.workspaceId },
    scope: 'roles',
    actions: { read: 'members.read', create: 'roles.manage', update: 'roles.manage', delete: 'roles.manage' },
  },
  Invitation: {
    table: invitations,
    fields: { id: invitations.id, workspaceId: invitations.workspaceId },
    scope: 'members',
    actions: { read: 'members.manage', create: 'members.manage', revoke: 'members.manage' },
  },
  ApiKey: {
    table: apiKeys,
    fields: { id: apiKeys.id, workspaceId: apiKeys.workspaceId, memberId: apiKeys.memberId },
    scope: 'api_keys',
    actions: {
      read: 'api_keys.manage',
      create: 'api_keys.manage',
      update: 'api_keys.manage',
      revoke: 'api_keys.manage',
      rotate: 'api_keys.manage',
    },
  },
  Contact: {
    table: contacts,
    fields: { id: contacts.id, workspaceId: contacts.workspaceId, organizationId: contacts.organizationId },
    scope: 'contacts',
    actions: {
      read: 'contacts.read',
      create: 'contacts.manage',
      update: 'contacts.manage',
      delete: 'contacts.manage',
      merge: 'contacts.manage',
    },
  },
  Organization: {
    table: organizations,
    fields: { id: organizations.id, workspaceId: organizations.workspaceId },
    scope: 'contacts',
    actions: {
      read: 'organizations.read',
      create: 'organizations.manage',
      update: 'organizations.manage',
      delete: 'organizations.manage',
    },
  },
  Webhook: {
    table: webhooks,
    fields: { id: webhooks.id, workspaceId: webhooks.workspaceId },
    scope: 'webhooks',
    actions: {
      read: 'webhooks.manage',
      create: 'webhooks.manage',
      update: 'webhooks.manage',
      delete: 'webhooks.manage',
      rotate_secret: 'webhooks.manage',
      redeliver: 'webhooks.manage',
      ping: 'webhooks.manage',
    },
  },
  Event: {
    table: events,
    fields: { id: events.id, workspaceId: events.workspaceId, type: events.type },
    scope: 'events',
    actions: { read: 'events.read' },
  },
  Notification: {
    table: notifications,
    fields: {
      id: notifications.id,
      workspaceId: notifications.workspaceId,
      memberId: notifications.memberId,
    },
    scope: 'notifications',
    actions: { read: 'notifications.manage', update: 'notifications.manage' },
  },
} satisfies Record<string, ResourceSpec>

export type ResourceType = keyof typeof resourceTypes
export type ActionOf<T extends ResourceType> = keyof (typeof resourceTypes)[T]['actions'] & string

export const resourceSpec = (type: ResourceType): ResourceSpec => resourceTypes[type]
