import { AsyncLocalStorage } from 'node:async_hooks'
import { Oso, Relation } from 'oso'
import type { Filter } from 'oso/dist/src/filter'
import { policies } from '../../generated/policies'
import type { Database, Db } from '../db/database'
import { ApiError } from '../http/errors'
import { type CompiledFilter, compileFilter } from './filter'
import { scopeGrants } from './permissions'
import { ApiKeyActor, ContactActor, MemberActor, type Principal, VisitorActor } from './principal'
import { allResourceTypes, type ResourceType, requiredScope, resourceSpec } from './resources'

/** A resource instance for `oso.isAllowed` (the differential test and `POST /v1/authz/check`). */
export type ResourceInstance = { readonly __type: ResourceType } & Record<string, unknown>

/** One JS class per Polar type, named like it, so `_: Contact` matches instances built by `instance()`. */
const resourceClasses = new Map<string, new () => object>()

function resourceClass(type: ResourceType): new () => object {
  let cls = resourceClasses.get(type)
  if (!cls) {
    resourceSpec(type) // only installed types
    cls = { [type]: class {} }[type] as new () => object
    resourceClasses.set(type, cls)
  }
  return cls
}

/** Build a resource instance of `type` with the given fields. */
export function instance(type: ResourceType, fields: Record<string, unknown>): object {
  return Object.assign(new (resourceClass(type))(), fields)
}

/**
 * Oso with our actor and resource classes registered and every policy file loaded. `fetchRelated` answers
 * Oso's own lookups of relation fields (`membership in member.teamMemberships`) when it decides about a
 * concrete instance; compiled filters never need it.
 */
export async function createOso(fetchRelated: (filter: Filter) => Promise<object[]>): Promise<Oso> {
  const oso = new Oso()
  oso.registerClass(MemberActor, { name: 'MemberActor' })
  oso.registerClass(ContactActor, { name: 'ContactActor' })
  oso.registerClass(ApiKeyActor, { name: 'ApiKeyActor' })
  oso.registerClass(VisitorActor, { name: 'VisitorActor' })
  for (const name of allResourceTypes()) {
    const spec = resourceSpec(name)
    const fields: Record<string, unknown> = {}
    for (const field of Object.keys(spec.fields)) fields[field] = String
    for (const [field, r] of Object.entries(spec.relations ?? {})) {
      fields[field] = new Relation(r.kind, r.otherType, r.myField, r.otherField)
    }
    oso.registerClass(resourceClass(name), {
      name,
      fields: fields as Record<string, typeof String | Relation>,
    })
  }
  // authorizedQuery hands us the raw filter; we compile it ourselves (see compileFilter).
  oso.setDataFilteringAdapter({
    buildQuery: (filter) => filter,
    executeQuery: (filter) => fetchRelated(filter as unknown as Filter),
  })
  await oso.loadStr(policies.map((p) => `# --- ${p.filename}\n${p.source}`).join('\n'), 'policies.polar')
  return oso
}

/** What distinguishes one actor's decisions from another's: identity plus every authz version. */
export function principalKey(principal: Principal, versions: string): string {
  if (principal instanceof ApiKeyActor) return `k:${principal.id}:${principal.member.id}:${versions}`
  if (principal instanceof MemberActor) return `m:${principal.id}:${versions}`
  if (principal instanceof VisitorActor) return `v:${principal.id}:${principal.visitorId}:${versions}`
  return `c:${principal.id}:${versions}`
}

/**
 * Compiles and caches authorization filters. A filter is cached per actor, authz version, action and
 * type: the version changes whenever the actor's roles, teams, organisation or segments change, or the
 * workspace's role definitions change, so a stale entry is never read (it ages out of the map).
 */
export class Authorizer {
  private readonly filters = new Map<string, CompiledFilter>()
  private readonly pending = new Map<string, Promise<CompiledFilter>>()
  compiled = 0

  /** Oso loads its WebAssembly and the policies asynchronously; the first decision waits for it. */
  readonly oso: Promise<Oso>
  /** Where relation lookups of `isAllowed` read from (set by createDeps). */
  database?: Database
  /**
   * The handle of the `isAllowed` call under way, when its caller runs in a transaction: on PGlite's one
   * connection, a lookup through the pool would wait for that transaction forever. Scoped to `isAllowed`
   * (a debugging endpoint and tests), never entered on the request path.
   */
  private readonly lookupDb = new AsyncLocalStorage<Db>()

  constructor(private readonly maxEntries = 50_000) {
    this.oso = createOso((filter) => this.fetchRelated(filter))
    // Surface a broken policy when it is first used, not as an unhandled rejection at start-up.
    this.oso.catch(() => {})
  }

  /** Rows of a related type matching Oso's filter, as policy instances. */
  private async fetchRelated(filter: Filter): Promise<object[]> {
    const db = this.lookupDb.getStore() ?? this.database?.db
    if (!db) throw new Error('authz: the authorizer has no database for relation lookups')
    const type = filter.model as ResourceType
    const spec = resourceSpec(type)
    const { where } = compileFilter(type, filter)
    const rows = await db.select(spec.fields).from(spec.table).where(where)
    return rows.map((row) => instance(type, row))
  }

  /** The compiled filter for (principal, action, type), from the cache when warm. */
  filter(
    principal: Principal,
    cacheKey: string,
    action: string,
    type: ResourceType,
  ): CompiledFilter | Promise<CompiledFilter> {
    const key = `${cacheKey}|${action}|${type}`
    const hit = this.filters.get(key)
    if (hit) return hit
    let inFlight = this.pending.get(key)
    if (!inFlight) {
      inFlight = this.compile(principal, action, type)
        .then((compiled) => {
          if (this.filters.size >= this.maxEntries) this.filters.clear()
          this.filters.set(key, compiled)
          return compiled
        })
        .finally(() => this.pending.delete(key))
      this.pending.set(key, inFlight)
    }
    return inFlight
  }

  /** Compile without the cache (the bench measures this against one `isAllowed`). */
  async compile(principal: Principal, action: string, type: ResourceType): Promise<CompiledFilter> {
    this.compiled += 1
    const filter = await (await this.oso).authorizedQuery(principal, action, type)
    return compileFilter(type, filter as unknown as Filter, principal.workspaceId)
  }

  /** One decision about an instance; `db` is where its relations are read (the caller's transaction). */
  async isAllowed(principal: Principal, action: string, resource: object, db?: Db): Promise<boolean> {
    const oso = await this.oso
    return db
      ? this.lookupDb.run(db, () => oso.isAllowed(principal, action, resource))
      : oso.isAllowed(principal, action, resource)
  }

  clear() {
    this.filters.clear()
  }
}

/**
 * The 403 for an actor who may read a resource but not act on it, naming what is missing: the API key's
 * scope when that is what stops it, otherwise the permission.
 */
export function forbidden(principal: Principal, type: ResourceType, action: string): ApiError {
  const permission = resourceSpec(type).actions[action]
  const scope = requiredScope(type, action)
  if (principal instanceof ApiKeyActor && !scopeGrants(principal.scopes, scope)) {
    return new ApiError('forbidden', `This API key lacks the scope ${scope} (or admin)`, {
      missing: { scope },
    })
  }
  if (principal instanceof ContactActor)
    return new ApiError('forbidden', `A contact may not ${action} this ${type}`)
  if (principal instanceof VisitorActor)
    return new ApiError('forbidden', `An anonymous visitor (publishable key) may not ${action} this ${type}`)
  return new ApiError('forbidden', `This needs the permission ${permission ?? `${type}.${action}`}`, {
    missing: { permission },
  })
}
