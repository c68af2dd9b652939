import { and, eq, inArray, type SQL, sql } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { RelationSpec, ResourceSpec } from '../authz/resources'
import { type Db, prepared } from '../db/database'
import { organizations } from '../db/schema/identity'
import { contentAudiences, segments } from '../db/schema/segments'
import { ApiError, type FieldError, validationFailed } from '../http/errors'
import { idToUuid, type WorkspaceId } from '../ids'

/**
 * The audience kit: who a piece of content (a changelog entry, a roadmap, a help-centre article) is for.
 * `public`, `authenticated` and `staff` are plain columns the policy compares; `segments` and
 * `organizations` admit the contacts of the listed segments or organisations, kept as `content_audiences`
 * rows (one per segment or organisation) that the policy reaches through the `audienceGrants` relation, so
 * the check is an `exists` in SQL, never a rule evaluated per row.
 */
export type Audience = 'public' | 'authenticated' | 'segments' | 'organizations' | 'staff'

export interface Visibility {
  audience: Audience
  segmentIds: string[]
  organizationIds: string[]
}

export interface VisibilityInput {
  audience: Audience
  segmentIds?: string[]
  organizationIds?: string[]
}

/**
 * How narrow an audience is: `public` 0 < `authenticated` 1 < `segments` = `organizations` 2 < `staff` 3.
 * Segments and organisations are narrower than every signed-in contact and wider than staff only.
 */
export function audienceRank(audience: Audience): number {
  switch (audience) {
    case 'public':
      return 0
    case 'authenticated':
      return 1
    case 'segments':
    case 'organizations':
      return 2
    case 'staff':
      return 3
  }
}

/** True when the audience admits contacts by the `content_audiences` rows (segments or organisations). */
export const usesGrants = (audience: Audience) => audience === 'segments' || audience === 'organizations'

const grantIds = (v: Visibility) => (v.audience === 'segments' ? v.segmentIds : v.organizationIds)

/**
 * True when `inner` admits no one `outer` does not (content may only narrow its container's audience):
 * `staff` narrows everything; under `segments` / `organizations` only the same kind with a subset of the ids
 * (or `staff`); otherwise by rank (`public` < `authenticated` < `segments` = `organizations` < `staff`).
 */
export function narrows(inner: Visibility, outer: Visibility): boolean {
  if (inner.audience === 'staff') return true
  if (usesGrants(outer.audience)) {
    if (inner.audience !== outer.audience) return false
    const allowed = new Set(grantIds(outer))
    return grantIds(inner).every((id) => allowed.has(id))
  }
  return audienceRank(inner.audience) >= audienceRank(outer.audience)
}

/**
 * The audience that admits only those both `a` and `b` admit, as one of the two (with its source, the
 * resource whose `content_audiences` rows hold its grants): the one that narrows the other; when neither
 * does (two different segment sets, segments against organisations) `staff`, the safe side: nobody outside
 * the staff is admitted by something neither content nor container granted.
 */
export function intersect<V extends Visibility & { sourceId: string | null }>(a: V, b: V): V | 'staff' {
  if (narrows(a, b)) return a
  if (narrows(b, a)) return b
  return 'staff'
}

/**
 * {@link narrows} in SQL, over an audience column and the `uuid[]` of its grant ids (segment or organisation
 * uuids; empty when the audience takes none), for set-based recomputations (the help centre's category tree):
 * `staff` narrows everything; under `segments` / `organizations` only the same kind with a subset of the ids
 * (`<@`); otherwise by rank.
 */
export function narrowsSql(innerAudience: SQL, innerIds: SQL, outerAudience: SQL, outerIds: SQL): SQL {
  const rank = (a: SQL) =>
    sql`(case ${a} when 'public' then 0 when 'authenticated' then 1 when 'staff' then 3 else 2 end)`
  return sql`(${innerAudience} = 'staff'
    or (${outerAudience} in ('segments', 'organizations') and ${innerAudience} = ${outerAudience}
      and ${innerIds} <@ ${outerIds})
    or (${outerAudience} not in ('segments', 'organizations') and ${rank(innerAudience)} >= ${rank(outerAudience)}))`
}

/**
 * The `uuid[]` of the segments and organisations a resource's `content_audiences` rows admit (`resourceUuid`: a
 * uuid expression; empty for none), for {@link narrowsSql}.
 */
export const grantIdsSql = (resourceUuid: SQL): SQL =>
  sql`coalesce((select array_agg(coalesce(g.segment_id, g.organization_id) order by g.id)
    from content_audiences g where g.resource_id = ${resourceUuid}), '{}'::uuid[])`

const typeIdOf = (prefix: 'seg' | 'org') => new RegExp(`^${prefix}_[0-7][0-9a-hjkmnp-tv-z]{25}$`)

/**
 * A visibility input checked and normalised (ids deduplicated, in the order given): `segmentIds` only with
 * `segments` (at least one), `organizationIds` only with `organizations` (at least one), both empty
 * otherwise: 400 `validation_failed` naming the field. Every id must be a segment or organisation of the
 * workspace: 422 `segment_not_found` / `organization_not_found` naming its path (`body.visibility.segmentIds[1]`).
 */
export async function checkVisibility(
  db: Db,
  workspaceId: WorkspaceId,
  input: VisibilityInput,
  path = 'body.visibility',
): Promise<Visibility> {
  const segmentIds = [...new Set(input.segmentIds ?? [])]
  const organizationIds = [...new Set(input.organizationIds ?? [])]
  const errors: FieldError[] = []
  if (input.audience === 'segments' && segmentIds.length === 0)
    errors.push({
      path: `${path}.segmentIds`,
      code: 'required',
      message: 'the segments audience names at least one',
    })
  if (input.audience !== 'segments' && segmentIds.length > 0)
    errors.push({
      path: `${path}.segmentIds`,
      code: 'not_allowed',
      message: 'only the segments audience takes segmentIds',
    })
  if (input.audience === 'organizations' && organizationIds.length === 0)
    errors.push({
      path: `${path}.organizationIds`,
      code: 'required',
      message: 'the organizations audience names at least one',
    })
  if (input.audience !== 'organizations' && organizationIds.length > 0)
    errors.push({
      path: `${path}.organizationIds`,
      code: 'not_allowed',
      message: 'only the organizations audience takes organizationIds',
    })
  if (errors.length > 0) throw validationFailed(errors)
  await assertExist(db, workspaceId, 'seg', segmentIds, input.segmentIds ?? [], `${path}.segmentIds`)
  await assertExist(
    db,
    workspaceId,
    'org',
    organizationIds,
    input.organizationIds ?? [],
    `${path}.organizationIds`,
  )
  return { audience: input.audience, segmentIds, organizationIds }
}

async function assertExist(
  db: Db,
  workspaceId: WorkspaceId,
  prefix: 'seg' | 'org',
  ids: string[],
  given: string[],
  path: string,
) {
  if (ids.length === 0) return
  const pattern = typeIdOf(prefix)
  const wellFormed = ids.filter((id) => pattern.test(id))
  const table = prefix === 'seg' ? segments : organizations
  const found = new Set<string>()
  if (wellFormed.length > 0) {
    const rows = await db
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.workspaceId, workspaceId), inArray(table.id, wellFormed as never[])))
    for (const r of rows) found.add(r.id as string)
  }
  const missing = ids.find((id) => !found.has(id))
  if (missing === undefined) return
  const code = prefix === 'seg' ? 'segment_not_found' : 'organization_not_found'
  const what = prefix === 'seg' ? 'segment' : 'organisation'
  const at = `${path}[${given.indexOf(missing)}]`
  throw new ApiError(code, `${at}: no ${what} ${missing} in this workspace`, {
    errors: [{ path: at, code, message: `no ${what} ${missing} in this workspace` }],
  })
}

/**
 * Replace a resource's `content_audiences` rows with what `visibility` admits, in the caller's transaction
 * (with the write of the resource itself and its event). Audiences other than `segments` and
 * `organizations` keep no rows.
 */
export async function writeAudience(
  tx: Db,
  workspaceId: WorkspaceId,
  resourceId: string,
  visibility: Pick<Visibility, 'audience' | 'segmentIds' | 'organizationIds'>,
): Promise<void> {
  const resource = idToUuid(resourceId)
  await tx.delete(contentAudiences).where(eq(contentAudiences.resourceId, resource))
  const rows =
    visibility.audience === 'segments'
      ? visibility.segmentIds.map((segmentId) => ({ workspaceId, resourceId: resource, segmentId }))
      : visibility.audience === 'organizations'
        ? visibility.organizationIds.map((organizationId) => ({
            workspaceId,
            resourceId: resource,
            organizationId,
          }))
        : []
  if (rows.length > 0) await tx.insert(contentAudiences).values(rows as never[])
}

/** Delete a resource's rows (with the resource: `resource_id` has no foreign key, TypeIDs of many tables). */
export async function dropAudience(tx: Db, resourceId: string): Promise<void> {
  await tx.delete(contentAudiences).where(eq(contentAudiences.resourceId, idToUuid(resourceId)))
}

/** The segment and organisation ids each of `resourceIds` admits, read back for answers. */
export async function grantsOf(
  db: Db,
  workspaceId: WorkspaceId,
  resourceIds: readonly string[],
): Promise<Map<string, { segmentIds: string[]; organizationIds: string[] }>> {
  const out = new Map<string, { segmentIds: string[]; organizationIds: string[] }>()
  if (resourceIds.length === 0) return out
  const byUuid = new Map(resourceIds.map((id) => [idToUuid(id), id]))
  // Prepared once: the ids go as one parameter, so any number of them shares the statement.
  const rows = await prepared(db, 'grants_of', (d) =>
    d
      .select({
        resourceId: contentAudiences.resourceId,
        segmentId: contentAudiences.segmentId,
        organizationId: contentAudiences.organizationId,
      })
      .from(contentAudiences)
      .where(
        and(
          sql`${contentAudiences.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
          sql`${contentAudiences.resourceId} = any(string_to_array(${sql.placeholder('ids')}, ',')::uuid[])`,
        ),
      )
      .orderBy(contentAudiences.id)
      .prepare('grants_of'),
  ).execute({ workspaceId: idToUuid(workspaceId), ids: [...byUuid.keys()].join(',') })
  for (const r of rows) {
    const id = byUuid.get(r.resourceId)
    if (!id) continue
    const entry = out.get(id) ?? { segmentIds: [], organizationIds: [] }
    if (r.segmentId) entry.segmentIds.push(r.segmentId)
    if (r.organizationId) entry.organizationIds.push(r.organizationId)
    out.set(id, entry)
  }
  return out
}

/**
 * {@link grantsOf} by the uuids of the resources holding the rows (an `audienceSourceId`: the resource itself or
 * the container whose grants it inherits), keyed by those uuids.
 */
export async function grantsOfSources(
  db: Db,
  workspaceId: WorkspaceId,
  sourceUuids: readonly (string | null)[],
): Promise<Map<string, { segmentIds: string[]; organizationIds: string[] }>> {
  const out = new Map<string, { segmentIds: string[]; organizationIds: string[] }>()
  const uuids = [...new Set(sourceUuids.filter((u): u is string => u !== null))]
  if (uuids.length === 0) return out
  const rows = await db
    .select({
      resourceId: contentAudiences.resourceId,
      segmentId: contentAudiences.segmentId,
      organizationId: contentAudiences.organizationId,
    })
    .from(contentAudiences)
    .where(and(eq(contentAudiences.workspaceId, workspaceId), inArray(contentAudiences.resourceId, uuids)))
    .orderBy(contentAudiences.id)
  for (const r of rows) {
    const entry = out.get(r.resourceId) ?? { segmentIds: [], organizationIds: [] }
    if (r.segmentId) entry.segmentIds.push(r.segmentId)
    if (r.organizationId) entry.organizationIds.push(r.organizationId)
    out.set(r.resourceId, entry)
  }
  return out
}

/** The visibility answered for a resource from its audience column and its grants. */
export const visibilityWith = (
  audience: Audience,
  grants: { segmentIds: string[]; organizationIds: string[] } | undefined,
): Visibility => ({
  audience,
  segmentIds: audience === 'segments' ? (grants?.segmentIds ?? []) : [],
  organizationIds: audience === 'organizations' ? (grants?.organizationIds ?? []) : [],
})

/**
 * A predicate over a query on `contacts` (its `id` and `organization_id` columns): the contacts an audience
 * admits, for fan-out (who is told of a changelog entry). `public` and `authenticated` every contact, `staff`
 * none, `segments` / `organizations` the members of the resource's grants (one `exists`).
 */
export function contactsAdmittedSql(
  resourceId: string,
  audience: Audience,
  contactId: PgColumn,
  organizationId: PgColumn,
): SQL {
  if (audience === 'public' || audience === 'authenticated') return sql`true`
  if (audience === 'staff') return sql`false`
  const resource = idToUuid(resourceId)
  if (audience === 'segments')
    return sql`exists (select 1 from content_audiences g join segment_members m on m.segment_id = g.segment_id
      where g.resource_id = ${resource}::uuid and m.contact_id = ${contactId})`
  return sql`exists (select 1 from content_audiences g
    where g.resource_id = ${resource}::uuid and g.organization_id = ${organizationId})`
}

declare module '../authz/resources' {
  interface ResourceTypes {
    AudienceGrant: true
  }
}

/**
 * The policy's view of `content_audiences` (resource type `AudienceGrant`), declared by the help centre's area
 * (a type is declared once) and reached from any content type through {@link audienceGrantsRelation}: the
 * shared `audience_admits` rules of base.polar compile to one `exists` over this table.
 */
export const audienceGrantResource: ResourceSpec = {
  table: contentAudiences,
  fields: {
    id: contentAudiences.id,
    workspaceId: contentAudiences.workspaceId,
    resourceId: contentAudiences.resourceId,
    segmentId: contentAudiences.segmentId,
    organizationId: contentAudiences.organizationId,
  },
  scope: 'content',
  actions: { read: 'content.read' },
}

/** The relation `audienceGrants` a content type declares: its rows of `content_audiences`. */
export const audienceGrantsRelation: RelationSpec = {
  kind: 'many',
  otherType: 'AudienceGrant',
  myField: 'id',
  otherField: 'resourceId',
}

/**
 * {@link contactsAdmittedSql} for content named by columns of a joined row (its audience and id), e.g. each
 * post's board in a fan-out query over `contacts`.
 */
export function contactAdmittedByRowSql(
  audience: PgColumn,
  resourceId: PgColumn,
  contactId: PgColumn,
  organizationId: PgColumn,
): SQL {
  return sql`(${audience} in ('public', 'authenticated')
    or (${audience} = 'segments' and exists (select 1 from content_audiences g
      join segment_members m on m.segment_id = g.segment_id
      where g.resource_id = ${resourceId} and m.contact_id = ${contactId}))
    or (${audience} = 'organizations' and exists (select 1 from content_audiences g
      where g.resource_id = ${resourceId} and g.organization_id = ${organizationId})))`
}
