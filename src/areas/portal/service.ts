import { and, asc, eq, gt, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm'
import { assertAllowed, filterFor, listFilter } from '../../authz/guard'
import { ContactActor } from '../../authz/principal'
import { type ResourceType, resourceSpec } from '../../authz/resources'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { segments, workspaces } from '../../db/schema'
import { type PortalTabKind, type PortalTabOverride, portalTabs } from '../../db/schema/portal'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { type Id, newId, type WorkspaceId } from '../../ids'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { listVisible } from '../../kit/visible'

export type PortalTabId = Id<'ptab'>
export type PortalTabRow = typeof portalTabs.$inferSelect

/** The most tabs a workspace may have. */
export const maxPortalTabs = 50

/** A tab as clients see it. */
export const toPortalTab = (r: PortalTabRow) => ({
  id: r.id,
  kind: r.kind,
  label: r.label,
  position: r.position,
  hidden: r.hidden,
  url: r.url,
  targetId: r.targetId,
  overrides: r.overrides,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
})

/** Each kind's default label; `custom_link` has none (its label is required). */
const defaultLabels: Record<PortalTabKind, string | undefined> = {
  feedback: 'Feedback',
  roadmap: 'Roadmap',
  changelog: 'Changelog',
  help_center: 'Help centre',
  my_tickets: 'My tickets',
  custom_link: undefined,
}

/** The navigation of a workspace without tabs, in order (also what its first created tab writes as rows). */
export const defaultTabKinds: readonly PortalTabKind[] = [
  'feedback',
  'roadmap',
  'changelog',
  'help_center',
  'my_tickets',
]

/** The kinds that may open one target, the target's TypeID prefix and its resource type. */
const targets: Partial<Record<PortalTabKind, { prefix: string; type: ResourceType; what: string }>> = {
  feedback: { prefix: 'brd', type: 'Board' as ResourceType, what: 'board' },
  roadmap: { prefix: 'rdm', type: 'Roadmap' as ResourceType, what: 'roadmap' },
  help_center: { prefix: 'hcat', type: 'HelpCategory' as ResourceType, what: 'help-centre category' },
}

/** The resource type whose readable rows make a content tab without target worth showing. */
const sectionTypes: Partial<Record<PortalTabKind, ResourceType>> = {
  feedback: 'Board' as ResourceType,
  roadmap: 'Roadmap' as ResourceType,
  changelog: 'ChangelogEntry' as ResourceType,
  help_center: 'Article' as ResourceType,
}

const problem = (code: ConstructorParameters<typeof ApiError>[0], errors: FieldError[]) =>
  new ApiError(code, errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })

function cleanLabel(label: string, path: string): string {
  const trimmed = label.trim()
  if (!trimmed) throw validationFailed([{ path, code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

interface TabFields {
  kind: PortalTabKind
  label?: string
  url?: string | null
  targetId?: string | null
  overrides?: PortalTabOverride[]
}

/**
 * The tab's fields checked against its kind and the workspace: `url` only (and always) on `custom_link`,
 * `targetId` only on feedback/roadmap/help_center with the matching prefix (`422 invalid_portal_tab`), the target
 * in the workspace (`422 portal_tab_target_not_found`), each override's segment once and in the workspace
 * (`422 segment_not_found`). Answers the cleaned label and overrides.
 */
async function checkTab(db: Db, ws: WorkspaceId, tab: TabFields) {
  if (tab.kind === 'custom_link') {
    if (!tab.url)
      throw problem('invalid_portal_tab', [
        { path: 'body.url', code: 'required', message: 'a custom_link tab needs a url' },
      ])
    if (tab.label === undefined)
      throw problem('invalid_portal_tab', [
        { path: 'body.label', code: 'required', message: 'a custom_link tab needs a label' },
      ])
  } else if (tab.url) {
    throw problem('invalid_portal_tab', [
      { path: 'body.url', code: 'not_allowed', message: `a ${tab.kind} tab has no url` },
    ])
  }
  if (tab.targetId) {
    const target = targets[tab.kind]
    if (!target)
      throw problem('invalid_portal_tab', [
        { path: 'body.targetId', code: 'not_allowed', message: `a ${tab.kind} tab has no target` },
      ])
    if (!tab.targetId.startsWith(`${target.prefix}_`))
      throw problem('invalid_portal_tab', [
        {
          path: 'body.targetId',
          code: 'invalid_value',
          message: `a ${tab.kind} tab's target is a ${target.what} (${target.prefix}_…)`,
        },
      ])
    const spec = resourceSpec(target.type)
    const idColumn = spec.fields.id
    const workspaceColumn = spec.fields.workspaceId
    if (!idColumn || !workspaceColumn) throw new Error(`${target.type} has no id or workspaceId field`)
    const [row] = await db
      .select({ id: idColumn })
      .from(spec.table)
      .where(and(eq(workspaceColumn, ws), eq(idColumn, tab.targetId)))
    if (!row)
      throw problem('portal_tab_target_not_found', [
        {
          path: 'body.targetId',
          code: 'not_found',
          message: `no ${target.what} ${tab.targetId} in this workspace`,
        },
      ])
  }
  const label = tab.label === undefined ? undefined : cleanLabel(tab.label, 'body.label')
  const overrides = tab.overrides === undefined ? undefined : await checkOverrides(db, ws, tab.overrides)
  return { label, overrides }
}

async function checkOverrides(
  db: Db,
  ws: WorkspaceId,
  overrides: PortalTabOverride[],
): Promise<PortalTabOverride[]> {
  const seen = new Set<string>()
  const repeated: FieldError[] = []
  const out: PortalTabOverride[] = []
  for (const [i, o] of overrides.entries()) {
    if (seen.has(o.segmentId))
      repeated.push({
        path: `body.overrides[${i}].segmentId`,
        code: 'repeated',
        message: `${o.segmentId} has an override already`,
      })
    seen.add(o.segmentId)
    out.push({
      segmentId: o.segmentId,
      ...(o.label === undefined ? {} : { label: cleanLabel(o.label, `body.overrides[${i}].label`) }),
      ...(o.hidden === undefined ? {} : { hidden: o.hidden }),
    })
  }
  if (repeated.length > 0) throw validationFailed(repeated)
  if (seen.size > 0) {
    const found = await db
      .select({ id: segments.id })
      .from(segments)
      .where(and(eq(segments.workspaceId, ws), inArray(segments.id, [...seen] as never[])))
    const known = new Set(found.map((r) => r.id as string))
    const missing: FieldError[] = overrides.flatMap((o, i) =>
      known.has(o.segmentId)
        ? []
        : [
            {
              path: `body.overrides[${i}].segmentId`,
              code: 'segment_not_found',
              message: `no segment ${o.segmentId} in this workspace`,
            },
          ],
    )
    if (missing.length > 0) throw problem('segment_not_found', missing)
  }
  return out
}

// ---------------------------------------------------------------------------------------------- reads

export async function listPortalTabs(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string },
  secret: string,
) {
  return listVisible(ctx, 'PortalTab', portalTabs, {
    name: 'list_portal_tabs',
    fields: { position: { column: portalTabs.position, kind: 'number', value: (r) => r.position } },
    query: { ...query, sort: 'position' },
    secret,
  })
}

/** The tab `id` if the caller may read it, else 404 (like a missing one); 403 when it may read no tab at all. */
export async function getPortalTabOrThrow(ctx: ServiceContext, id: PortalTabId): Promise<PortalTabRow> {
  const read = await listFilter(ctx, 'PortalTab')
  const [row] = await ctx.db
    .select()
    .from(portalTabs)
    .where(and(eq(portalTabs.workspaceId, ctx.workspaceId), eq(portalTabs.id, id), read))
  if (!row) throw notFound('PortalTab')
  return row
}

// ---------------------------------------------------------------------------------------------- writes

/** Serialise writes of one workspace's tab order (creation, moves, deletion, reorder): lock every tab row. */
const lockOrder = (tx: Db, ws: WorkspaceId) =>
  tx
    .select({ id: portalTabs.id, position: portalTabs.position })
    .from(portalTabs)
    .where(eq(portalTabs.workspaceId, ws))
    .orderBy(asc(portalTabs.position), asc(portalTabs.id))
    .for('update')

const invalidPosition = (last: number) =>
  problem('invalid_position', [
    { path: 'body.position', code: 'invalid_position', message: `must be between 0 and ${last}` },
  ])

export interface CreatePortalTabInput {
  kind: PortalTabKind
  label?: string
  position?: number
  hidden?: boolean
  url?: string
  targetId?: string
  overrides?: PortalTabOverride[]
}

export async function createPortalTab(
  ctx: ServiceContext,
  input: CreatePortalTabInput,
): Promise<PortalTabRow> {
  const id = newId('ptab')
  await assertAllowed(ctx, 'create', 'PortalTab', { id, workspaceId: ctx.workspaceId })
  const checked = await checkTab(ctx.db, ctx.workspaceId, input)
  const label = checked.label ?? defaultLabels[input.kind] ?? input.kind
  return transaction(ctx, async (tx) => {
    // Serialise on the workspace row too: with no tabs yet there is no tab row to lock, and two first tabs
    // must not both write the defaults.
    await tx
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(eq(workspaces.id, ctx.workspaceId))
      // Not `for update`: that would also hold off every insert referencing the workspace (foreign-key checks).
      .for('no key update')
    let count = (await lockOrder(tx, ctx.workspaceId)).length
    if (count === 0) {
      // The workspace leaves the default navigation: its defaults become tabs, so the new one joins them.
      for (const [position, kind] of defaultTabKinds.entries()) {
        const [row] = await tx
          .insert(portalTabs)
          .values({
            id: newId('ptab'),
            workspaceId: ctx.workspaceId,
            kind,
            label: defaultLabels[kind] ?? kind,
            position,
          })
          .returning()
        if (!row) throw new Error('insert returned no portal tab')
        await emit(tx, ctx, {
          type: 'portal_tab.created',
          resourceId: row.id,
          data: { portalTab: toPortalTab(row) },
        })
      }
      count = defaultTabKinds.length
    }
    if (count >= maxPortalTabs)
      throw problem('portal_tab_limit_reached', [
        { path: 'body', code: 'limit', message: `a workspace has at most ${maxPortalTabs} portal tabs` },
      ])
    const position = input.position ?? count
    if (position > count) throw invalidPosition(count)
    if (position < count) {
      await tx
        .update(portalTabs)
        .set({ position: sql`${portalTabs.position} + 1` })
        .where(and(eq(portalTabs.workspaceId, ctx.workspaceId), gte(portalTabs.position, position)))
    }
    const [row] = await tx
      .insert(portalTabs)
      .values({
        id,
        workspaceId: ctx.workspaceId,
        kind: input.kind,
        label,
        position,
        hidden: input.hidden ?? false,
        url: input.url ?? null,
        targetId: input.targetId ?? null,
        overrides: checked.overrides ?? [],
      })
      .returning()
    if (!row) throw new Error('insert returned no portal tab')
    await emit(tx, ctx, { type: 'portal_tab.created', resourceId: id, data: { portalTab: toPortalTab(row) } })
    return row
  })
}

export interface UpdatePortalTabInput {
  label?: string
  position?: number
  hidden?: boolean
  url?: string | null
  targetId?: string | null
  overrides?: PortalTabOverride[]
}

const lockTab = (ctx: ServiceContext, tx: Db, id: PortalTabId, action: string, ifMatch?: string) =>
  lockForChange<PortalTabRow>(ctx, tx, 'PortalTab', id, { action, ifMatch, label: 'PortalTab' })

/** Former values as the API spells them (dates as ISO strings). */
const previousOf = (previous: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(previous).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]))

export async function updatePortalTab(
  ctx: ServiceContext,
  id: PortalTabId,
  input: UpdatePortalTabInput,
  ifMatch?: string,
): Promise<PortalTabRow> {
  await listFilter(ctx, 'PortalTab')
  return transaction(ctx, async (tx) => {
    const count = (await lockOrder(tx, ctx.workspaceId)).length
    const current = await lockTab(ctx, tx, id, 'update', ifMatch)
    const checked = await checkTab(tx, ctx.workspaceId, {
      kind: current.kind,
      label: input.label ?? (current.kind === 'custom_link' ? current.label : undefined),
      url: input.url === undefined ? current.url : input.url,
      // Only a new target is looked up: one deleted since still names what the tab opened.
      targetId: input.targetId ?? undefined,
      overrides: input.overrides,
    })
    if (input.position !== undefined && input.position !== current.position) {
      if (input.position > count - 1) throw invalidPosition(count - 1)
      const ws = eq(portalTabs.workspaceId, ctx.workspaceId)
      if (input.position < current.position) {
        await tx
          .update(portalTabs)
          .set({ position: sql`${portalTabs.position} + 1` })
          .where(and(ws, gte(portalTabs.position, input.position), lt(portalTabs.position, current.position)))
      } else {
        await tx
          .update(portalTabs)
          .set({ position: sql`${portalTabs.position} - 1` })
          .where(and(ws, gt(portalTabs.position, current.position), lte(portalTabs.position, input.position)))
      }
    }
    const { changed, previous } = diffFields(current as unknown as Record<string, unknown>, {
      label: input.label === undefined ? undefined : checked.label,
      position: input.position,
      hidden: input.hidden,
      url: input.url,
      targetId: input.targetId,
      overrides: checked.overrides,
    })
    // `null` clears a field: diffFields skips only undefined, so a cleared url or target counts as a change.
    if (Object.keys(changed).length === 0) return current
    const [row] = await tx
      .update(portalTabs)
      .set({ ...(changed as Partial<PortalTabRow>), ...bumped(portalTabs) })
      .where(and(eq(portalTabs.workspaceId, ctx.workspaceId), eq(portalTabs.id, id)))
      .returning()
    if (!row) throw notFound('PortalTab')
    await emit(tx, ctx, {
      type: 'portal_tab.updated',
      resourceId: id,
      data: { portalTab: toPortalTab(row), previous: previousOf(previous) },
    })
    return row
  })
}

export async function deletePortalTab(ctx: ServiceContext, id: PortalTabId, ifMatch?: string): Promise<void> {
  await listFilter(ctx, 'PortalTab')
  await transaction(ctx, async (tx) => {
    await lockOrder(tx, ctx.workspaceId)
    const current = await lockTab(ctx, tx, id, 'delete', ifMatch)
    await tx.delete(portalTabs).where(and(eq(portalTabs.workspaceId, ctx.workspaceId), eq(portalTabs.id, id)))
    await tx
      .update(portalTabs)
      .set({ position: sql`${portalTabs.position} - 1` })
      .where(and(eq(portalTabs.workspaceId, ctx.workspaceId), gt(portalTabs.position, current.position)))
    await emit(tx, ctx, {
      type: 'portal_tab.deleted',
      resourceId: id,
      data: { portalTab: toPortalTab(current) },
    })
  })
}

/**
 * `POST /v1/portal/tabs/reorder`: `ids` must name every tab of the workspace exactly once (422 `invalid_reorder`
 * naming each omitted, repeated or unknown id); positions become 0, 1, 2… in that order.
 */
export async function reorderPortalTabs(ctx: ServiceContext, ids: string[]): Promise<PortalTabRow[]> {
  await listFilter(ctx, 'PortalTab')
  await assertAllowed(ctx, 'update', 'PortalTab', { workspaceId: ctx.workspaceId })
  return transaction(ctx, async (tx) => {
    const existing = await lockOrder(tx, ctx.workspaceId)
    const known = new Set(existing.map((r) => r.id as string))
    const errors: FieldError[] = []
    const seen = new Set<string>()
    for (const [i, id] of ids.entries()) {
      if (!known.has(id))
        errors.push({
          path: `body.ids[${i}]`,
          code: 'unknown',
          message: `${id} is not a tab of this workspace`,
        })
      else if (seen.has(id))
        errors.push({ path: `body.ids[${i}]`, code: 'repeated', message: `${id} is listed twice` })
      seen.add(id)
    }
    for (const id of known)
      if (!seen.has(id)) errors.push({ path: 'body.ids', code: 'omitted', message: `${id} is missing` })
    if (errors.length > 0) throw problem('invalid_reorder', errors.slice(0, 50))
    const before = new Map(existing.map((r) => [r.id as string, r.position]))
    for (const [position, id] of ids.entries()) {
      if (before.get(id) === position) continue
      const [row] = await tx
        .update(portalTabs)
        .set({ position, ...bumped(portalTabs) })
        .where(and(eq(portalTabs.workspaceId, ctx.workspaceId), eq(portalTabs.id, id as PortalTabId)))
        .returning()
      if (!row) throw new Error('update returned no portal tab')
      await emit(tx, ctx, {
        type: 'portal_tab.updated',
        resourceId: id,
        data: { portalTab: toPortalTab(row), previous: { position: before.get(id) } },
      })
    }
    return tx
      .select()
      .from(portalTabs)
      .where(eq(portalTabs.workspaceId, ctx.workspaceId))
      .orderBy(asc(portalTabs.position), asc(portalTabs.id))
  })
}

// ------------------------------------------------------------------------------------------ navigation

export interface NavigationTab {
  id: string
  kind: PortalTabKind
  label: string
  url?: string
  targetId?: string
}

type TabLike = Pick<PortalTabRow, 'kind' | 'label' | 'hidden' | 'url' | 'targetId' | 'overrides'> & {
  id: string
}

/**
 * `GET /v1/portal/navigation`: the workspace's tabs (or the defaults) as the caller sees them: a contact's first
 * matching segment override applied, hidden tabs dropped, `my_tickets` for contacts only, and content tabs only
 * when the caller may read at least one row of the section (or the tab's target), by the content types' own read
 * predicates, all decided in one statement.
 */
export async function resolveNavigation(ctx: ServiceContext): Promise<NavigationTab[]> {
  const principal = await ctx.principal()
  const rows: TabLike[] = await ctx.db
    .select()
    .from(portalTabs)
    .where(eq(portalTabs.workspaceId, ctx.workspaceId))
    .orderBy(asc(portalTabs.position), asc(portalTabs.id))
  const tabs: TabLike[] =
    rows.length > 0
      ? rows
      : defaultTabKinds.map((kind) => ({
          id: kind,
          kind,
          label: defaultLabels[kind] ?? kind,
          hidden: false,
          url: null,
          targetId: null,
          overrides: [],
        }))
  const contact = principal instanceof ContactActor ? principal : undefined
  const segmentIds = new Set(contact?.segmentIds ?? [])

  const shown: Array<{ tab: NavigationTab; check?: string }> = []
  const checks = new Map<string, { type: ResourceType; targetId: string | null }>()
  for (const tab of tabs) {
    const override = tab.overrides.find((o) => segmentIds.has(o.segmentId))
    if (override?.hidden ?? tab.hidden) continue
    if (tab.kind === 'my_tickets' && !contact) continue
    const out: NavigationTab = { id: tab.id, kind: tab.kind, label: override?.label ?? tab.label }
    if (tab.url) out.url = tab.url
    if (tab.targetId) out.targetId = tab.targetId
    const type = tab.targetId ? targets[tab.kind]?.type : sectionTypes[tab.kind]
    if (!type) {
      shown.push({ tab: out })
      continue
    }
    const key = `${type}:${tab.targetId ?? ''}`
    checks.set(key, { type, targetId: tab.targetId })
    shown.push({ tab: out, check: key })
  }

  const visible = new Map<string, boolean>()
  const columnOf = new Map<string, string>()
  const columns: Record<string, SQL.Aliased<boolean>> = {}
  for (const [key, { type, targetId }] of checks) {
    const filter = await filterFor(ctx, 'read', type)
    if (filter.none) continue
    const spec = resourceSpec(type)
    const idColumn = spec.fields.id
    const workspaceColumn = spec.fields.workspaceId
    if (!idColumn || !workspaceColumn) throw new Error(`${type} has no id or workspaceId field`)
    const readable = ctx.db
      .select({ one: sql`1` })
      .from(spec.table)
      .where(
        and(
          eq(workspaceColumn, ctx.workspaceId),
          targetId ? eq(idColumn, targetId) : undefined,
          filter.where,
        ),
      )
      .limit(1)
    const column = `c${columnOf.size}`
    columnOf.set(key, column)
    columns[column] = sql<boolean>`exists (${readable})`.as(column)
  }
  if (columnOf.size > 0) {
    const [answer] = await ctx.db.select(columns).from(workspaces).where(eq(workspaces.id, ctx.workspaceId))
    for (const [key, column] of columnOf) visible.set(key, answer?.[column] === true)
  }
  return shown.filter((s) => s.check === undefined || visible.get(s.check) === true).map((s) => s.tab)
}
