/**
 * The typed event catalogue: one entry per event type, with its payload type and whether it is audited.
 * Names are `<entity>.<past_tense>` (../shared/API.md). Later areas add their events here.
 */
export interface EventPayloads {
  'workspace.created': { workspace: { id: string; name: string; slug: string } }
  'workspace.updated': { workspace: Record<string, unknown>; previous: Record<string, unknown> }
  'api_key.created': { apiKey: { id: string; name: string; start: string; memberId: string } }
  'api_key.updated': { apiKey: { id: string; name: string }; previous: { name: string } }
  'api_key.revoked': { apiKey: { id: string; name: string } }
}

export type EventType = keyof EventPayloads

export const eventCatalogue: Record<EventType, { resourceType: string; audited: boolean }> = {
  'workspace.created': { resourceType: 'workspace', audited: true },
  'workspace.updated': { resourceType: 'workspace', audited: true },
  'api_key.created': { resourceType: 'api_key', audited: true },
  'api_key.updated': { resourceType: 'api_key', audited: true },
  'api_key.revoked': { resourceType: 'api_key', audited: true },
}
