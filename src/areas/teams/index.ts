import { teams } from '../../db/schema'
import { activeOnly } from '../../notifications/kinds'
import { defineArea } from '../../registry/area'
import { registerTeamRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Team: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'team.created': { team: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'team.updated': { team: Record<string, unknown>; previous: Record<string, unknown> }
    'team.deleted': { team: { id: string; name: string }; memberIds: string[] }
    'team.member_added': { team: { id: string; name: string }; member: { id: string; name: string } }
    'team.member_removed': { team: { id: string; name: string }; member: { id: string; name: string } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    already_member: true
  }
}

declare module '../../notifications/kinds' {
  interface NotificationKinds {
    team_membership: true
  }
}

/** Teams and their membership. */
export default defineArea({
  name: 'teams',
  routes: registerTeamRoutes,
  resources: {
    Team: {
      table: teams,
      fields: { id: teams.id, workspaceId: teams.workspaceId },
      scope: 'teams',
      prefix: 'team',
      actions: {
        read: 'teams.read',
        create: 'teams.manage',
        update: 'teams.manage',
        delete: 'teams.manage',
        manage_members: 'teams.manage',
      },
    },
  },
  events: {
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
  },
  problems: {
    already_member: { status: 409, title: 'Already a member' },
  },
  notificationKinds: {
    team_membership: {
      description: 'You were added to or removed from a team',
      producers: {
        'team.member_added': async (tx, event, data) => [
          {
            kind: 'team_membership',
            recipients: await activeOnly(tx, event.workspaceId, [data.member.id]),
            title: `You were added to the team ${data.team.name}`,
            body: `You are now a member of ${data.team.name}.`,
            resourceType: 'team',
            resourceId: data.team.id,
          },
        ],
        'team.member_removed': async (tx, event, data) => [
          {
            kind: 'team_membership',
            recipients: await activeOnly(tx, event.workspaceId, [data.member.id]),
            title: `You were removed from the team ${data.team.name}`,
            body: `You are no longer a member of ${data.team.name}.`,
            resourceType: 'team',
            resourceId: data.team.id,
          },
        ],
      },
    },
  },
})
