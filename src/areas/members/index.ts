import { members, teamMembers } from '../../db/schema'
import { activeOnly } from '../../notifications/kinds'
import { defineArea } from '../../registry/area'
import { registerMemberRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Member: true
    TeamMembership: true
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
    /** `previous` holds the changed fields' former values. */
    'member.updated': { member: EventMember; previous: Record<string, unknown> }
    'member.deactivated': { member: EventMember }
    'member.role_changed': {
      member: { id: string }
      change: 'assigned' | 'removed'
      assignment: { id: string; role: string; roleName: string; teamId: string | null }
    }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    last_owner: true
    member_not_found: true
    role_already_assigned: true
  }
}

declare module '../../notifications/kinds' {
  interface NotificationKinds {
    role_changed: true
  }
}

/** Members, their status and role assignments. */
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
  },
  events: {
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
  },
  problems: {
    last_owner: { status: 409, title: 'The workspace must keep an active owner' },
    /** Shared: any area naming a member in a body (inbox members, routing actions) answers it. */
    member_not_found: { status: 422, title: 'No such active member in this workspace' },
    role_already_assigned: { status: 409, title: 'The member already holds this role in this scope' },
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
