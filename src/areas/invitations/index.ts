import { invitations } from '../../db/schema'
import { defineArea } from '../../registry/area'
import type { EventMember } from '../members'
import { registerInvitationRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Invitation: true
  }
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
    'invitation.revoked': { invitation: { id: string; email: string } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    member_exists: true
    invitation_accepted: true
    invitation_expired: true
    invitation_revoked: true
    invitation_used: true
  }
}

/** Invitations: a token shown once and emailed; accepting it creates the member. */
export default defineArea({
  name: 'invitations',
  routes: registerInvitationRoutes,
  resources: {
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
    'invitation.revoked': { resourceType: 'invitation', permission: 'members.manage', audited: true },
  },
  problems: {
    member_exists: { status: 409, title: 'A member with this email exists' },
    invitation_accepted: { status: 409, title: 'The invitation was accepted' },
    invitation_expired: { status: 410, title: 'The invitation has expired' },
    invitation_revoked: { status: 410, title: 'The invitation was revoked' },
    invitation_used: { status: 410, title: 'The invitation was used already' },
  },
})
