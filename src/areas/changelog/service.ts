import { and, eq, isNull, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { assertAllowed, filterFor, isAllowedRow } from '../../authz/guard'
import { systemActor } from '../../context/actor'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { type ChangelogState, changelogEntries } from '../../db/schema/changelog'
import { posts } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { preparedWithAuthz } from '../../http/pagination'
import { type Id, idToUuid, newId } from '../../ids'
import {
  checkVisibility,
  dropAudience,
  type Visibility,
  type VisibilityInput,
  writeAudience,
} from '../../kit/audience'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { listVisible } from '../../kit/visible'
import { effectiveOf, effectiveVisibilities, ensureCategories, ownVisibility } from './categories'
import { type EntryRow, entryColumns, eventEntry } from './entry-rows'

export type ChangelogEntryId = Id<'chg'>
export type { EntryRow } from './entry-rows'
/** A linked post as readers see it. */
export interface LinkedPost {
  id: string
  title: string
  boardId: string
  statusId: string | null
}

// ---------------------------------------------------------------------------------------------- shapes

export const toEntry = (e: EntryRow, linked: LinkedPost[], effective: Visibility) => ({
  id: e.id,
  title: e.title,
  body: e.body,
  categories: e.categories,
  linkedPosts: linked,
  state: e.state,
  publishAt: e.publishAt?.toISOString() ?? null,
  publishedAt: e.publishedAt?.toISOString() ?? null,
  displayDate: e.sortDate.toISOString(),
  visibility: { audience: e.audience, segmentIds: e.segmentIds, organizationIds: e.organizationIds },
  effectiveVisibility: effective,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
})

/** The order readers see: the display date given, else when it was published, else when it was written. */
const sortDateOf = (e: Pick<EntryRow, 'displayDate' | 'publishedAt' | 'createdAt'>) =>
  e.displayDate ?? e.publishedAt ?? e.createdAt

// -------------------------------------------------------------------------------------- linked posts

/** The live posts of `ids` the caller may read. */
async function readablePosts(ctx: ServiceContext, db: Db, ids: readonly string[]): Promise<LinkedPost[]> {
  if (ids.length === 0) return []
  const read = await filterFor(ctx, 'read', 'Post')
  if (read.none) return []
  // Prepared per (database handle, caller's predicate); the ids go as one parameter.
  const rows = await preparedWithAuthz(db, read.where, 'changelog_linked_posts', (d) =>
    d
      .select({ id: posts.id, title: posts.title, boardId: posts.boardId, statusId: posts.statusId })
      .from(posts)
      .where(
        and(
          sql`${posts.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
          sql`${posts.id} = any(string_to_array(${sql.placeholder('ids')}, ',')::uuid[])`,
          isNull(posts.deletedAt),
          read.where,
        ),
      )
      .prepare('changelog_linked_posts'),
  ).execute({ workspaceId: idToUuid(ctx.workspaceId), ids: ids.map(idToUuid).join(',') })
  const byId = new Map(rows.map((r) => [r.id as string, r]))
  return ids.flatMap((id) => {
    const row = byId.get(id)
    return row ? [row] : []
  })
}

/** The linked posts of many entries, each list in its entry's order. */
async function linkedOf(ctx: ServiceContext, rows: EntryRow[]): Promise<Map<string, LinkedPost[]>> {
  const all = [...new Set(rows.flatMap((r) => r.linkedPostIds))]
  const readable = new Map((await readablePosts(ctx, ctx.db, all)).map((p) => [p.id, p]))
  return new Map(
    rows.map((r) => [
      r.id,
      r.linkedPostIds.flatMap((id) => (readable.has(id) ? [readable.get(id) as LinkedPost] : [])),
    ]),
  )
}

/** Every id must name a live post the caller may read: `422 linked_post_not_found` naming each one that does not. */
async function checkLinkedPosts(ctx: ServiceContext, tx: Db, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)]
  const found = new Set((await readablePosts(ctx, tx, unique)).map((p) => p.id))
  const errors: FieldError[] = []
  ids.forEach((id, i) => {
    if (!found.has(id)) {
      errors.push({
        path: `body.linkedPostIds.${i}`,
        code: 'linked_post_not_found',
        message: `post ${id} not found`,
      })
    }
  })
  if (errors.length > 0) {
    throw new ApiError('linked_post_not_found', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
      errors,
    })
  }
  return unique
}

// ------------------------------------------------------------------------------------------- entries

function cleanTitle(title: string): string {
  const trimmed = title.trim()
  if (!trimmed)
    throw validationFailed([{ path: 'body.title', code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

/** Categories trimmed, blank ones refused, duplicates (case-insensitive) dropped. */
function cleanCategories(categories: string[]): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  categories.forEach((c, i) => {
    const label = c.trim()
    if (!label)
      throw validationFailed([
        { path: `body.categories.${i}`, code: 'too_small', message: 'must not be blank' },
      ])
    if (seen.has(label.toLowerCase())) return
    seen.add(label.toLowerCase())
    out.push(label)
  })
  return out
}

export interface EntryInput {
  title?: string
  body?: string
  categories?: string[]
  linkedPostIds?: string[]
  displayDate?: string | null
  visibility?: VisibilityInput
  state?: 'draft'
}

const entrySortFields: SortFieldsOf<typeof operations.listChangelogEntries, EntryRow> = {
  displayDate: { column: changelogEntries.sortDate, kind: 'timestamp', value: (e) => e.sortDate },
  createdAt: { column: changelogEntries.createdAt, kind: 'timestamp', value: (e) => e.createdAt },
}

export async function listChangelogEntries(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string; state?: ChangelogState; category?: string },
  secret: string,
) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  if (query.state !== undefined) params.state = query.state
  if (query.category !== undefined) params.category = JSON.stringify([query.category])
  // Built only when the statement (one per set of parameters: its variant) is prepared.
  const filters = () => [
    'state' in params ? sql`${changelogEntries.state} = ${sql.placeholder('state')}` : undefined,
    'category' in params
      ? sql`${changelogEntries.categories} @> ${sql.placeholder('category')}::jsonb`
      : undefined,
  ]
  const page = await listVisible(ctx, 'ChangelogEntry', changelogEntries, {
    name: 'list_changelog',
    variant: Object.keys(params).join(','),
    columns: entryColumns,
    fields: entrySortFields,
    query,
    secret,
    filters,
    params,
  })
  const linked = await linkedOf(ctx, page.rows)
  const effective = await effectiveVisibilities(ctx.db, ctx.workspaceId, page.rows)
  return {
    rows: page.rows.map((row) => ({
      row,
      linked: linked.get(row.id) ?? [],
      effective: effective.get(row.id) as Visibility,
    })),
    nextCursor: page.nextCursor,
  }
}

export async function getChangelogEntryOrThrow(ctx: ServiceContext, id: string) {
  const read = await filterFor(ctx, 'read', 'ChangelogEntry')
  const [row] = await ctx.db
    .select(entryColumns)
    .from(changelogEntries)
    .where(
      and(
        eq(changelogEntries.workspaceId, ctx.workspaceId),
        eq(changelogEntries.id, id as ChangelogEntryId),
        read.where,
      ),
    )
  if (!row) throw notFound('Changelog entry')
  return answer(ctx, ctx.db, row)
}

/** An entry with what its answer needs: the linked posts the caller may read, its effective visibility. */
async function answer(ctx: ServiceContext, db: Db, row: EntryRow) {
  const effective = (await effectiveVisibilities(db, ctx.workspaceId, [row])).get(row.id) as Visibility
  return { row, linked: await readablePosts(ctx, db, row.linkedPostIds), effective }
}

async function reload(tx: Db, id: ChangelogEntryId) {
  const [row] = await tx.select(entryColumns).from(changelogEntries).where(eq(changelogEntries.id, id))
  if (!row) throw notFound('Changelog entry')
  return row
}

export async function createChangelogEntry(ctx: ServiceContext, input: EntryInput & { title: string }) {
  const id = newId('chg')
  const title = cleanTitle(input.title)
  if (
    !(await isAllowedRow(ctx, 'create', 'ChangelogEntry', {
      id,
      workspaceId: ctx.workspaceId,
      state: 'draft',
    }))
  ) {
    throw forbidden(await ctx.principal(), 'ChangelogEntry', 'create')
  }
  return transaction(ctx, async (tx) => {
    const linkedPostIds = await checkLinkedPosts(ctx, tx, input.linkedPostIds ?? [])
    const visibility = await checkVisibility(tx, ctx.workspaceId, input.visibility ?? { audience: 'public' })
    const { names: categories, categories: known } = await ensureCategories(
      ctx,
      tx,
      cleanCategories(input.categories ?? []),
    )
    const effective = effectiveOf(ownVisibility({ id, ...visibility }), categories, known)
    const now = new Date()
    const displayDate = input.displayDate ? new Date(input.displayDate) : null
    const [row] = await tx
      .insert(changelogEntries)
      .values({
        id,
        workspaceId: ctx.workspaceId,
        title,
        body: input.body ?? '',
        categories,
        linkedPostIds,
        displayDate,
        sortDate: sortDateOf({ displayDate, publishedAt: null, createdAt: now }),
        audience: visibility.audience,
        segmentIds: visibility.segmentIds,
        organizationIds: visibility.organizationIds,
        ...effective,
        authorMemberId:
          ctx.actor.type === 'member'
            ? ctx.actor.id
            : ctx.actor.type === 'api_key'
              ? ctx.actor.memberId
              : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning(entryColumns)
    if (!row) throw new Error('insert returned no entry')
    await writeAudience(tx, ctx.workspaceId, id, visibility)
    await emit(tx, ctx, { type: 'changelog.created', resourceId: id, data: { entry: eventEntry(row) } })
    return answer(ctx, tx, row)
  })
}

export async function updateChangelogEntry(
  ctx: ServiceContext,
  id: ChangelogEntryId,
  input: EntryInput,
  ifMatch?: string,
) {
  return transaction(ctx, async (tx) => {
    const current = await lockForChange<EntryRow>(ctx, tx, 'ChangelogEntry', id, {
      columns: entryColumns,
      action: 'update',
      ifMatch,
      label: 'Changelog entry',
    })
    const next: Partial<EntryRow> = {}
    if (input.title !== undefined) next.title = cleanTitle(input.title)
    if (input.body !== undefined) next.body = input.body
    // Categories are looked up (and locked, and created) on every write that names them: the effective audience
    // is computed from them whenever they or the entry's own visibility change.
    const named = await ensureCategories(
      ctx,
      tx,
      input.categories !== undefined ? cleanCategories(input.categories) : current.categories,
    )
    if (input.categories !== undefined) next.categories = named.names
    if (input.linkedPostIds !== undefined)
      next.linkedPostIds = await checkLinkedPosts(ctx, tx, input.linkedPostIds)
    if (input.displayDate !== undefined)
      next.displayDate = input.displayDate ? new Date(input.displayDate) : null
    if (input.visibility !== undefined) {
      const visibility = await checkVisibility(tx, ctx.workspaceId, input.visibility)
      next.audience = visibility.audience
      next.segmentIds = visibility.segmentIds
      next.organizationIds = visibility.organizationIds
    }
    if (input.state === 'draft' && current.state !== 'draft') {
      // Unpublishing or unscheduling is a publishing decision.
      await assertAllowed(ctx, 'publish', 'ChangelogEntry', current)
      next.state = 'draft'
      next.publishAt = null
      next.publishedAt = null
    }
    const { changed, previous } = diffFields(current, next)
    if (Object.keys(changed).length === 0) return answer(ctx, tx, current)
    const merged = { ...current, ...changed }
    const effective = effectiveOf(ownVisibility(merged), merged.categories, named.categories)
    await tx
      .update(changelogEntries)
      .set({ ...changed, ...effective, sortDate: sortDateOf(merged), ...bumped(changelogEntries) })
      .where(and(eq(changelogEntries.workspaceId, ctx.workspaceId), eq(changelogEntries.id, id)))
    const row = await reload(tx, id)
    if (['audience', 'segmentIds', 'organizationIds'].some((f) => f in changed))
      await writeAudience(tx, ctx.workspaceId, id, row)
    await emit(tx, ctx, {
      type: 'changelog.updated',
      resourceId: id,
      data: { entry: eventEntry(row), previous: entryPrevious(previous) },
    })
    return answer(ctx, tx, row)
  })
}

function entryPrevious(previous: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(previous)) {
    const shown = value instanceof Date ? value.toISOString() : value
    if (['audience', 'segmentIds', 'organizationIds'].includes(column)) out[`visibility.${column}`] = shown
    else out[column] = shown
  }
  return out
}

export async function deleteChangelogEntry(ctx: ServiceContext, id: ChangelogEntryId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await lockForChange<EntryRow>(ctx, tx, 'ChangelogEntry', id, {
      columns: entryColumns,
      action: 'delete',
      ifMatch,
      label: 'Changelog entry',
    })
    await tx
      .delete(changelogEntries)
      .where(and(eq(changelogEntries.workspaceId, ctx.workspaceId), eq(changelogEntries.id, id)))
    await dropAudience(tx, id)
    await emit(tx, ctx, {
      type: 'changelog.deleted',
      resourceId: id,
      data: { entry: { id, title: current.title } },
    })
  })
}

/**
 * Publish an entry now, or schedule it for `publishAt` (in the future: `422 schedule_in_past`). An entry that is
 * published already answers `409 already_published`; a scheduled one may be published now or rescheduled.
 */
export async function publishChangelogEntry(
  ctx: ServiceContext,
  id: ChangelogEntryId,
  input: { publishAt?: string } | undefined,
  now = new Date(),
) {
  return transaction(ctx, async (tx) => {
    const current = await lockForChange<EntryRow>(ctx, tx, 'ChangelogEntry', id, {
      columns: entryColumns,
      action: 'publish',
      label: 'Changelog entry',
    })
    if (current.state === 'published') {
      throw new ApiError(
        'already_published',
        `Changelog entry ${id} was published at ${current.publishedAt?.toISOString()}`,
      )
    }
    const publishAt = input?.publishAt ? new Date(input.publishAt) : undefined
    if (publishAt && publishAt.getTime() <= now.getTime()) {
      throw new ApiError('schedule_in_past', 'body.publishAt: a scheduled time must be in the future', {
        errors: [{ path: 'body.publishAt', code: 'schedule_in_past', message: 'must be in the future' }],
      })
    }
    const changes: Partial<EntryRow> = publishAt
      ? { state: 'scheduled', publishAt, publishedAt: null }
      : { state: 'published', publishAt: null, publishedAt: now }
    const merged = { ...current, ...changes }
    await tx
      .update(changelogEntries)
      .set({ ...changes, sortDate: sortDateOf(merged), ...bumped(changelogEntries) })
      .where(and(eq(changelogEntries.workspaceId, ctx.workspaceId), eq(changelogEntries.id, id)))
    const row = await reload(tx, id)
    if (row.state === 'published') {
      await emit(tx, ctx, { type: 'changelog.published', resourceId: id, data: { entry: eventEntry(row) } })
    } else {
      await emit(tx, ctx, {
        type: 'changelog.updated',
        resourceId: id,
        data: {
          entry: eventEntry(row),
          previous: entryPrevious({ state: current.state, publishAt: current.publishAt }),
        },
      })
    }
    return answer(ctx, tx, row)
  })
}

// ----------------------------------------------------------------------------------- scheduled publish

/**
 * Publish the entries whose scheduled time has come, each exactly once. The `UPDATE … WHERE state = 'scheduled'
 * AND publish_at <= now … RETURNING` claims the rows in the very transaction that emits their
 * `changelog.published`: a second worker running at the same moment blocks on the claimed rows and, once the
 * first commits, re-checks `state = 'scheduled'` and skips them (PostgreSQL's READ COMMITTED update rule), so no
 * entry is announced twice, and none is lost if the first rolls back. Answers how many it published.
 */
export async function publishDueChangelogEntries(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .update(changelogEntries)
      .set({
        state: 'published',
        publishedAt: sql`${changelogEntries.publishAt}`,
        sortDate: sql`coalesce(${changelogEntries.displayDate}, ${changelogEntries.publishAt})`,
        publishAt: null,
        ...bumped(changelogEntries),
      })
      .where(
        and(
          eq(changelogEntries.state, 'scheduled'),
          sql`${changelogEntries.publishAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .returning(entryColumns)
    for (const row of due) {
      await emit(
        tx,
        { workspaceId: row.workspaceId, eventActor: systemActor },
        { type: 'changelog.published', resourceId: row.id, data: { entry: eventEntry(row) } },
      )
    }
    return due.length
  })
}
