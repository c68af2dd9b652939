import type { Permission } from '../authz/permissions'
import type { AuditChanges } from '../db/schema/audit'

/**
 * The typed event catalogue: one entry per event type, with its payload type and whether it is audited.
 * Names are `<entity>.<past_tense>` (../shared/API.md). Later areas add their events here.
 */
export interface EventPayloads {
  'workspace.created': { workspace: { id: string; name: string; slug: string } }
  'workspace.updated': { workspace: Record<string, unknown>; previous: Record<string, unknown> }
  'api_key.created': {
    apiKey: { id: string; name: string; start: string; memberId: string; scopes: string[]; teamIds: string[] }
  }
  /** `apiKey` holds the id, name and every changed field; `previous` the changed fields' former values. */
  'api_key.updated': {
    apiKey: { id: string; name: string } & Record<string, unknown>
    previous: Record<string, unknown>
  }
  /** Never a secret: `start` is the new secret's public prefix. */
  'api_key.rotated': {
    apiKey: { id: string; name: string; start: string }
    previousSecretExpiresAt: string | null
  }
  'api_key.revoked': { apiKey: { id: string; name: string } }
  /** Never the token: only the invitation's public fields. */
  'member.invited': {
    invitation: {
      id: string
      email: string
      role: string
      teamIds: string[]
      invitedBy: string | null
      expiresAt: string
    }
  }
  'member.joined': { member: EventMember; invitationId: string }
  /** `previous` holds the changed fields' former values. */
  'member.updated': { member: EventMember; previous: Record<string, unknown> }
  'member.deactivated': { member: EventMember }
  'member.role_changed': {
    member: { id: string }
    change: 'assigned' | 'removed'
    assignment: { id: string; role: string; roleName: string; teamId: string | null }
  }
  'role.created': { role: EventRole }
  /** `previous` holds the changed fields' former values. */
  'role.updated': { role: EventRole; previous: Record<string, unknown> }
  'role.deleted': { role: { id: string; name: string } }
  'invitation.revoked': { invitation: { id: string; email: string } }
  'team.created': { team: Record<string, unknown> }
  /** `previous` holds the changed fields' former values. */
  'team.updated': { team: Record<string, unknown>; previous: Record<string, unknown> }
  'team.deleted': { team: { id: string; name: string }; memberIds: string[] }
  'team.member_added': { team: { id: string; name: string }; member: { id: string; name: string } }
  'team.member_removed': { team: { id: string; name: string }; member: { id: string; name: string } }
  'organization.created': { organization: Record<string, unknown> }
  /** `previous` holds the changed fields' former values. */
  'organization.updated': { organization: Record<string, unknown>; previous: Record<string, unknown> }
  'organization.deleted': { organization: { id: string; name: string; externalId: string | null } }
  'contact.created': { contact: Record<string, unknown> }
  /** `previous` holds the changed fields' former values. */
  'contact.updated': { contact: Record<string, unknown>; previous: Record<string, unknown> }
  /** `contact` is the target after the merge; `previous` the target's fields the source filled in. */
  'contact.merged': {
    contact: Record<string, unknown>
    source: { id: string; email: string | null; externalId: string | null }
    previous: Record<string, unknown>
  }
  'contact.deleted': { contact: { id: string; externalId: string | null } }
  /** Never the signing secret. */
  'webhook.created': { webhook: EventWebhook }
  /** `previous` holds the changed fields' former values. */
  'webhook.updated': { webhook: EventWebhook; previous: Record<string, unknown> }
  'webhook.deleted': { webhook: { id: string; url: string } }
  /** Never a secret: only until when the previous one still signs. */
  'webhook.secret_rotated': { webhook: { id: string; url: string }; previousSecretExpiresAt: string }
  /** `reason`: `gone` (the receiver answered 410) or `failures` (too many consecutive failed attempts). */
  'webhook.disabled': {
    webhook: { id: string; url: string }
    reason: 'gone' | 'failures'
    consecutiveFailures: number
    lastStatusCode: number | null
    lastError: string | null
  }
}

/** A webhook as events carry it: never its secret. */
interface EventWebhook {
  id: string
  url: string
  description: string | null
  events: string[]
  teamIds: string[]
  inboxIds: string[]
  active: boolean
}

/** A member as events carry it: never a password hash. */
interface EventMember {
  id: string
  email: string
  name: string
  status: string
}

interface EventRole {
  id: string
  name: string
  description: string | null
  permissions: string[]
}

export type EventType = keyof EventPayloads

/** One event's definition. */
export interface EventDefinition<T extends EventType> {
  resourceType: string
  /**
   * Besides `events.read`, what a member must hold (workspace-wide) to see the event in `GET /v1/events` and
   * `/v1/changes`: the permission that reads its resource, so the stream never shows what the API would not.
   */
  permission: Permission
  /** Whether `emit()` also writes an audit-log row for it (in the same transaction). */
  audited: boolean
  /**
   * The audit row's before/after values, when the payload says more than the default reading
   * (`deriveChanges` in src/areas/audit/changes.ts: `previous` beside the new values, creations and removals).
   * Values are redacted afterwards either way.
   */
  auditChanges?: (data: EventPayloads[T]) => AuditChanges
}

export const eventCatalogue: { [T in EventType]: EventDefinition<T> } = {
  'workspace.created': { resourceType: 'workspace', permission: 'events.read', audited: true },
  'workspace.updated': { resourceType: 'workspace', permission: 'events.read', audited: true },
  'api_key.created': { resourceType: 'api_key', permission: 'api_keys.manage', audited: true },
  'api_key.updated': { resourceType: 'api_key', permission: 'api_keys.manage', audited: true },
  'api_key.revoked': { resourceType: 'api_key', permission: 'api_keys.manage', audited: true },
  'api_key.rotated': {
    resourceType: 'api_key',
    permission: 'api_keys.manage',
    audited: true,
    auditChanges: (d) => ({
      start: { after: d.apiKey.start },
      previousSecretExpiresAt: { after: d.previousSecretExpiresAt },
    }),
  },
  'member.invited': { resourceType: 'invitation', permission: 'members.manage', audited: true },
  'member.joined': { resourceType: 'member', permission: 'members.read', audited: true },
  'member.updated': { resourceType: 'member', permission: 'members.read', audited: true },
  'member.deactivated': {
    resourceType: 'member',
    permission: 'members.read',
    audited: true,
    auditChanges: (d) => ({ status: { before: 'active', after: d.member.status } }),
  },
  'member.role_changed': {
    resourceType: 'member',
    permission: 'members.read',
    audited: true,
    auditChanges: (d) => ({ roles: { [d.change === 'assigned' ? 'after' : 'before']: d.assignment } }),
  },
  'role.created': { resourceType: 'role', permission: 'members.read', audited: true },
  'role.updated': { resourceType: 'role', permission: 'members.read', audited: true },
  'role.deleted': { resourceType: 'role', permission: 'members.read', audited: true },
  'invitation.revoked': { resourceType: 'invitation', permission: 'members.manage', audited: true },
  'team.created': { resourceType: 'team', permission: 'teams.read', audited: true },
  'team.updated': { resourceType: 'team', permission: 'teams.read', audited: true },
  'team.deleted': { resourceType: 'team', permission: 'teams.read', audited: true },
  'team.member_added': {
    resourceType: 'team',
    permission: 'teams.read',
    audited: true,
    auditChanges: (d) => ({ members: { after: d.member } }),
  },
  'team.member_removed': {
    resourceType: 'team',
    permission: 'teams.read',
    audited: true,
    auditChanges: (d) => ({ members: { before: d.member } }),
  },
  'organization.created': { resourceType: 'organization', permission: 'organizations.read', audited: true },
  'organization.updated': { resourceType: 'organization', permission: 'organizations.read', audited: true },
  'organization.deleted': { resourceType: 'organization', permission: 'organizations.read', audited: true },
  'contact.created': { resourceType: 'contact', permission: 'contacts.read', audited: true },
  'contact.updated': { resourceType: 'contact', permission: 'contacts.read', audited: true },
  'contact.merged': { resourceType: 'contact', permission: 'contacts.read', audited: true },
  'contact.deleted': { resourceType: 'contact', permission: 'contacts.read', audited: true },
  'webhook.created': { resourceType: 'webhook', permission: 'webhooks.manage', audited: true },
  'webhook.updated': { resourceType: 'webhook', permission: 'webhooks.manage', audited: true },
  'webhook.deleted': { resourceType: 'webhook', permission: 'webhooks.manage', audited: true },
  'webhook.secret_rotated': { resourceType: 'webhook', permission: 'webhooks.manage', audited: true },
  'webhook.disabled': { resourceType: 'webhook', permission: 'webhooks.manage', audited: true },
}

const allEventTypes = Object.keys(eventCatalogue) as EventType[]

/** The event types a holder of these workspace-wide permissions may see (each type's `permission`). */
export function eventTypesVisibleWith(permissions: ReadonlySet<string>): EventType[] {
  return allEventTypes.filter((type) => permissions.has(eventCatalogue[type].permission))
}
