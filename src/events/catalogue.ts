import type { Permission } from '../authz/permissions'
import type { AuditChanges } from '../db/schema/audit'

/**
 * The typed event catalogue. Event names are `<entity>.<past_tense>`. Areas declare their event types in
 * their declaration (src/areas/<area>/index.ts, `events`), and their payload types by augmenting this
 * interface:
 *
 *   declare module '../../events/catalogue' {
 *     interface EventPayloads { 'contact.created': { contact: ContactPayload } }
 *   }
 *
 * The spec's event documentation (`EventType`, one envelope and webhook per type) is generated from the
 * installed catalogue by `npm run generate`; each type's `data` schema is `<PascalType>Data` in the spec.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the areas' module augmentations
export interface EventPayloads {}

export type EventType = keyof EventPayloads & string

/** One event type's definition. */
export interface EventDefinition<T extends EventType = EventType> {
  /** The `resource.type` of its events (`contact`, `api_key`…). */
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
   * (`deriveChanges` in src/events/audit-changes.ts: `previous` beside the new values, creations and removals).
   * Values are redacted afterwards either way.
   */
  auditChanges?: (data: EventPayloads[T]) => AuditChanges
}

/** The event types an area declares, each with its definition. */
export type EventDefinitions = { [T in EventType]?: EventDefinition<T> }

const catalogue = new Map<string, EventDefinition>()

/** Add event types (the area registry does, once per process). A type declared twice is a mistake. */
export function registerEventTypes(definitions: EventDefinitions, area: string): void {
  for (const [type, definition] of Object.entries(definitions)) {
    if (catalogue.has(type)) throw new Error(`event type ${type} is declared twice (again by ${area})`)
    catalogue.set(type, definition as EventDefinition)
  }
}

function installed(): Map<string, EventDefinition> {
  if (catalogue.size === 0)
    throw new Error('no event types: the area registry (generated/areas.ts) is not loaded')
  return catalogue
}

/** Every event type, in declaration order. */
export const allEventTypes = (): EventType[] => [...installed().keys()] as EventType[]

export const isEventType = (type: string): type is EventType => installed().has(type)

/** The definition of `type` (it must be one). */
export function eventDefinition<T extends EventType>(type: T): EventDefinition<T> {
  const definition = installed().get(type)
  if (!definition) throw new Error(`unknown event type ${type}`)
  return definition as EventDefinition<T>
}

/** The event types a holder of these workspace-wide permissions may see (each type's `permission`). */
export function eventTypesVisibleWith(permissions: ReadonlySet<string>): EventType[] {
  return allEventTypes().filter((type) => permissions.has(eventDefinition(type).permission))
}
