import type { SystemRoleKey } from '../db/schema/identity'

/**
 * The permission catalogue: `resource.action` keys for every area of the API. Written once: the spec
 * documents it (`GET /v1/permissions` serves it), roles are sets of these keys, and the Polar policies
 * test them with `actor.can("contacts.manage")`.
 */
export const permissionCatalogue = {
  'workspace.manage': 'Change workspace settings',
  'members.read': 'See members, their roles and teams',
  'members.manage': 'Invite, change and deactivate members',
  'roles.manage': 'Create and change custom roles and assign roles',
  'teams.read': 'See teams and their members',
  'teams.manage': 'Create, change and delete teams and their membership',
  'api_keys.manage': 'Create, rotate and revoke API keys of any member (everyone manages their own)',
  'authz.check': 'Ask the policy why an actor may or may not do something',
  'contacts.read': 'See contacts and their profile',
  'contacts.manage': 'Create, change, merge and delete contacts',
  'organizations.read': 'See organisations',
  'organizations.manage': 'Create, change and delete organisations',
  'tickets.read_all': 'See every ticket (within the assignment’s team when team-scoped)',
  'tickets.read_team': 'See tickets of the teams the member belongs to',
  'tickets.read_assigned': 'See tickets assigned to the member',
  'tickets.create': 'Open tickets on behalf of contacts',
  'tickets.update': 'Change ticket fields, status and tags',
  'tickets.reply': 'Send public replies to the requester',
  'tickets.note': 'Write internal notes',
  'tickets.assign': 'Assign tickets to members and teams',
  'tickets.merge': 'Merge tickets',
  'tickets.delete': 'Delete tickets',
  'ticket_setup.manage': 'Manage ticket statuses, types and custom fields',
  'views.manage': 'Share views with a team or the workspace, and change or delete shared views',
  'sla.manage': 'Manage business hours and SLA policies',
  'inboxes.manage': 'Manage inboxes and their members',
  'routing.manage': 'Manage routing rules',
  'feedback.read': 'See boards, posts, votes and comments (including private boards)',
  'feedback.manage': 'Create and change boards, posts, statuses and tags; vote and comment for contacts',
  'feedback.moderate': 'Approve, reject, merge and delete posts, and delete comments',
  'content.read': 'See unpublished roadmap, changelog and help-centre content',
  'content.manage': 'Write roadmaps, changelog entries and help-centre articles',
  'content.publish': 'Publish and schedule changelog entries and articles',
  'segments.manage': 'Manage segments and portal tabs',
  'webhooks.manage': 'Manage webhooks and their deliveries',
  'integrations.manage': 'Manage email and GitHub integrations',
  'widget.manage': 'Manage widget profiles',
  'events.read': 'Read the event stream and change feed',
  'audit.read': 'Read and export the audit log',
  'notifications.manage': 'Manage one’s own notifications and preferences',
} as const

export type Permission = keyof typeof permissionCatalogue
export const allPermissions = Object.keys(permissionCatalogue) as Permission[]
export const isPermission = (value: string): value is Permission => value in permissionCatalogue

const readOnly: Permission[] = [
  'members.read',
  'teams.read',
  'contacts.read',
  'organizations.read',
  'tickets.read_all',
  'feedback.read',
  'content.read',
  'notifications.manage',
]

const agent: Permission[] = [
  'members.read',
  'teams.read',
  'contacts.read',
  'contacts.manage',
  'organizations.read',
  'tickets.read_team',
  'tickets.read_assigned',
  'tickets.create',
  'tickets.update',
  'tickets.reply',
  'tickets.note',
  'tickets.assign',
  'feedback.read',
  'feedback.manage',
  'content.read',
  'notifications.manage',
]

/** The system roles. Custom roles are rows of `roles` built from the same catalogue. */
export const systemRoles: Record<
  SystemRoleKey,
  { name: string; description: string; permissions: Permission[] }
> = {
  owner: {
    name: 'Owner',
    description: 'Everything, including the workspace itself',
    permissions: allPermissions,
  },
  admin: {
    name: 'Admin',
    description: 'Everything but changing workspace settings',
    permissions: allPermissions.filter((p) => p !== 'workspace.manage'),
  },
  supervisor: {
    name: 'Supervisor',
    description: 'Agents’ work plus every ticket, merges, deletes, SLAs, routing and organisations',
    permissions: [
      ...agent.filter((p) => p !== 'tickets.read_team'),
      'tickets.read_all',
      'tickets.merge',
      'tickets.delete',
      'views.manage',
      'organizations.manage',
      'sla.manage',
      'inboxes.manage',
      'routing.manage',
      'feedback.moderate',
      'content.manage',
      'content.publish',
      'events.read',
    ],
  },
  agent: {
    name: 'Agent',
    description: 'Works tickets of their teams and talks to customers',
    permissions: agent,
  },
  collaborator: {
    name: 'Collaborator',
    description: 'Reads tickets of their teams and writes internal notes, never public replies',
    permissions: [
      'members.read',
      'teams.read',
      'contacts.read',
      'organizations.read',
      'tickets.read_team',
      'tickets.read_assigned',
      'tickets.note',
      'feedback.read',
      'content.read',
      'notifications.manage',
    ],
  },
  viewer: {
    name: 'Viewer',
    description: 'Reads everything a customer-facing team sees, changes nothing',
    permissions: readOnly,
  },
}

/**
 * API key scopes: one read/write pair per area, plus `admin` (everything). `write` includes `read`.
 * A key can do what both its scopes and its member's permissions allow.
 */
export const scopeAreas = [
  'workspace',
  'members',
  'roles',
  'teams',
  'api_keys',
  'contacts',
  'tickets',
  'sla',
  'routing',
  'feedback',
  'content',
  'segments',
  'webhooks',
  'integrations',
  'widget',
  'events',
  'audit',
  'notifications',
] as const
export type ScopeArea = (typeof scopeAreas)[number]
export type Scope = `${ScopeArea}:read` | `${ScopeArea}:write` | 'admin'
export const allScopes: Scope[] = [
  'admin',
  ...scopeAreas.flatMap((a) => [`${a}:read`, `${a}:write`] as Scope[]),
]
export const isScope = (value: string): value is Scope => (allScopes as string[]).includes(value)

/** True when a key with `granted` scopes may use `needed`. */
export function scopeGrants(granted: readonly string[], needed: Scope): boolean {
  if (granted.includes('admin') || granted.includes(needed)) return true
  return needed.endsWith(':read') && granted.includes(needed.replace(/:read$/, ':write'))
}
