import { apiKeys } from '../../db/schema'
import { defineArea } from '../../registry/area'
import { registerApiKeyRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    ApiKey: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'api_key.created': {
      apiKey: {
        id: string
        name: string
        start: string
        memberId: string
        scopes: string[]
        teamIds: string[]
      }
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
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    api_key_revoked: true
    api_key_expired: true
  }
}

/** API keys: scopes, team and inbox limits, expiry, rotation with a grace period. */
export default defineArea({
  name: 'api-keys',
  routes: registerApiKeyRoutes,
  resources: {
    ApiKey: {
      table: apiKeys,
      fields: { id: apiKeys.id, workspaceId: apiKeys.workspaceId, memberId: apiKeys.memberId },
      scope: 'api_keys',
      prefix: 'ak',
      actions: {
        read: 'api_keys.manage',
        create: 'api_keys.manage',
        update: 'api_keys.manage',
        revoke: 'api_keys.manage',
        rotate: 'api_keys.manage',
      },
    },
  },
  events: {
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
  },
  problems: {
    api_key_revoked: { status: 409, title: 'The API key is revoked' },
    api_key_expired: { status: 409, title: 'The API key has expired' },
  },
})
