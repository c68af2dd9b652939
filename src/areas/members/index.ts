import { invitations, members, teamMembers } from '../../db/schema'
import { activeOnly } from '../../notifications/kinds'
import { defineArea } from '../../registry/area'
import { registerMemberRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Member: true
    TeamMembership: true
    Invitation: true
  }
}

/** A member as events carry it: never a password hash. */
export interface EventMember {
  id: string
  email: string
  name: string
  status: string
}

declare module '../../events/catalogue' {
  interface EventPayloads {
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
    'invitation.revoked': { invitation: { id: string; email: string } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    last_owner: true
    member_exists: true
    role_already_assigned: true
    invitation_accepted: true
    invitation_expired: true
    invitation_revoked: true
    invitation_used: true
  }
}

declare module '../../notifications/kinds' {
  interface NotificationKinds {
    role_changed: true
  }
}

/** Members, their status and role assignments; invitations. */
export default defineArea({
  name: 'members',
  routes: registerMemberRoutes,
  resources: {
    Member: {
      table: members,
      fields: { id: members.id, workspaceId: members.workspaceId },
      relations: {
        teamMemberships: { kind: 'many', otherType: 'TeamMembership', myField: 'id', otherField: 'memberId' },
      },
      scope: 'members',
      prefix: 'mbr',
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
    Invitation: {
      table: invitations,
      fields: { id: invitations.id, workspaceId: invitations.workspaceId },
      scope: 'members',
      prefix: 'inv',
      actions: { read: 'members.manage', create: 'members.manage', revoke: 'members.manage' },
    },
  },
  events: {
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
    'invitation.revoked': { resourceType: 'invitation', permission: 'members.manage', audited: true },
  },
  problems: {
    last_owner: { status: 409, title: 'The workspace must keep an active owner' },
    member_exists: { status: 409, title: 'A member with this email exists' },
    role_already_assigned: { status: 409, title: 'The member already holds this role in this scope' },
    invitation_accepted: { status: 409, title: 'The invitation was accepted' },
    invitation_expired: { status: 410, title: 'The invitation has expired' },
    invitation_revoked: { status: 410, title: 'The invitation was revoked' },
    invitation_used: { status: 410, title: 'The invitation was used already' },
  },
  notificationKinds: {
    role_changed: {
      description: 'Your roles changed',
      producers: {
        'member.role_changed': async (tx, event, data) => [
          {
            kind: 'role_changed',
            recipients: await activeOnly(tx, event.workspaceId, [data.member.id]),
            title:
              data.change === 'assigned'
                ? `You were given the ${data.assignment.roleName} role`
                : `Your ${data.assignment.roleName} role was removed`,
            body:
              data.change === 'assigned'
                ? `You now hold the ${data.assignment.roleName} role${data.assignment.teamId ? ' in a team' : ''}.`
                : `You no longer hold the ${data.assignment.roleName} role${data.assignment.teamId ? ' in a team' : ''}.`,
            resourceType: 'member',
            resourceId: data.member.id,
          },
        ],
      },
    },
  },
})
