import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { IdPrefix } from '../ids'
import type { Permission, Scope, ScopeArea } from './permissions'

/** A to-one or to-many link the policy may follow (rendered as `EXISTS (…)`). */
export interface RelationSpec {
  kind: 'one' | 'many'
  otherType: string
  myField: string
  otherField: string
}

export interface ResourceSpec {
  table: PgTable
  /** The resource's fields the policy may test, and their columns. */
  fields: Record<string, PgColumn>
  relations?: Record<string, RelationSpec>
  /** The API-key scope area of this type: `read` needs `<area>:read`, anything else `<area>:write`. */
  scope: ScopeArea
  /**
   * The permission each action needs, named in 403 answers ("needs contacts.manage"). The Polar rules
   * decide; this only explains. A test checks that a member with exactly this permission is allowed.
   */
  actions: Record<string, Permission>
  /**
   * Other permissions that allow an action as well as the one `actions` names (ticket setup is readable with
   * any of the ticket read permissions). The catalogue test leaves them out when it checks that the named
   * permission is needed.
   */
  alternatives?: Record<string, Permission[]>
  /**
   * Permissions an action needs besides its own, named in `actions`: acting on a ticket needs reading it, so
   * `tickets.update` alone allows nothing. The catalogue test grants them with the action's permission.
   */
  alsoNeeds?: Record<string, Permission[]>
  /** Actions whose scope is not the type's own read/write pair. */
  scopes?: Record<string, Scope>
  /**
   * The TypeID prefix of its ids, when `POST /v1/authz/check` may name one (the spec's
   * `AuthorizationResourceType` lists exactly these). Types reached only through relations have none.
   */
  prefix?: IdPrefix
}

/**
 * The resource types the policies know, declared by the areas (`resources` in an area's declaration: its
 * tables, fields and relations) and typed by augmenting this interface:
 *
 *   declare module '../../authz/resources' { interface ResourceTypes { Contact: true } }
 *
 * The Polar class of the same name is registered from the installed table.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the areas' module augmentations
export interface ResourceTypes {}

export type ResourceType = keyof ResourceTypes & string

const registry = new Map<string, ResourceSpec>()

/** Add resource types (the area registry does, once per process). A type declared twice is a mistake. */
export function registerResourceTypes(specs: Record<string, ResourceSpec>, area: string): void {
  for (const [type, spec] of Object.entries(specs)) {
    if (registry.has(type)) throw new Error(`resource type ${type} is declared twice (again by ${area})`)
    registry.set(type, spec)
  }
}

/** Every installed resource type, in declaration order. */
export function allResourceTypes(): ResourceType[] {
  if (registry.size === 0)
    throw new Error('no resource types: the area registry (generated/areas.ts) is not loaded')
  return [...registry.keys()] as ResourceType[]
}

export function resourceSpec(type: ResourceType): ResourceSpec {
  const spec = registry.get(type)
  if (!spec) throw new Error(`authz: unknown resource type ${type}`)
  return spec
}

export const isResourceType = (type: string): type is ResourceType => registry.has(type)

/** The API-key scope `action` on `type` needs (what the Polar `scope_allows` rules say; a test checks). */
export function requiredScope(type: ResourceType, action: string): Scope {
  const spec = resourceSpec(type)
  return spec.scopes?.[action] ?? (`${spec.scope}:${action === 'read' ? 'read' : 'write'}` as Scope)
}
