// Prints the installed registries as JSON for scripts/generate.mjs, which writes the spec's lists from them:
// the code is the one source of problem codes, permissions, scopes, resource types, event types and
// notification kinds; the spec mirrors it and cannot drift.
import '../generated/areas'
import { areas } from '../generated/areas'
import { permissionCatalogue, scopeAreas } from '../src/authz/permissions'
import { allResourceTypes, requiredScope, resourceSpec } from '../src/authz/resources'
import { allEventTypes, eventDefinition } from '../src/events/catalogue'
import { allProblemCodes } from '../src/http/errors'
import { allNotificationKinds, notificationKindDescription } from '../src/notifications/kinds'

const catalogue = {
  problemCodes: [...allProblemCodes()].map(([code, { status, title }]) => ({ code, status, title })),
  permissions: Object.entries(permissionCatalogue).map(([key, description]) => ({ key, description })),
  scopeAreas,
  resourceTypes: allResourceTypes().map((type) => ({
    type,
    prefix: resourceSpec(type).prefix,
    actions: Object.fromEntries(
      Object.entries(resourceSpec(type).actions).map(([action, permission]) => [
        action,
        { permission, scope: requiredScope(type, action) },
      ]),
    ),
  })),
  eventTypes: allEventTypes().map((type) => ({ type, ...eventDefinition(type), auditChanges: undefined })),
  notificationKinds: allNotificationKinds().map((kind) => ({
    kind,
    description: notificationKindDescription(kind),
    events: areas
      .flatMap((area) => Object.entries(area.notificationKinds ?? {}))
      .filter(([k]) => k === kind)
      .flatMap(([, definition]) => Object.keys(definition.producers)),
  })),
  areas: areas.map((area) => ({
    name: area.name,
    events: Object.keys(area.events ?? {}),
    resources: Object.keys(area.resources ?? {}),
    problems: Object.keys(area.problems ?? {}),
  })),
}
process.stdout.write(JSON.stringify(catalogue))
