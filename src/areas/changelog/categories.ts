import { and, eq, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { assertAllowed } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import { type Db, queryRows } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { type ChangelogAudience, changelogCategories, changelogEntries } from '../../db/schema/changelog'
import { emit, emitMany } from '../../events/emit'
import { ApiError, notFound, validationFailed } from '../../http/errors'
import { type Id, idToUuid, newId, uuidToId, type WorkspaceId } from '../../ids'
import {
  type Audience,
  checkVisibility,
  dropAudience,
  grantsOf,
  intersect,
  type Visibility,
  type VisibilityInput,
  visibilityWith,
  writeAudience,
} from '../../kit/audience'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { getVisibleOrThrow, listVisible } from '../../kit/visible'
import { entryColumns, eventEntry } from './entry-rows'

export type ChangelogCategoryId = Id<'chcat'>
export type CategoryRow = typeof changelogCategories.$inferSelect
type Grants = { segmentIds: string[]; organizationIds: string[] }

// ---------------------------------------------------------------------------------------------- shapes

export const toCategory = (c: CategoryRow, grants: Grants | undefined) => ({
  id: c.id,
  name: c.name,
  description: c.description,
  visibility: visibilityWith(c.audience, grants),
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
})
export type CategoryAnswer = ReturnType<typeof toCategory>

async function answerOf(db: Db, workspaceId: WorkspaceId, row: CategoryRow): Promise<CategoryAnswer> {
  return toCategory(row, (await grantsOf(db, workspaceId, [row.id])).get(row.id))
}

/** Trimmed, not blank. */
function cleanName(name: string, path = 'body.name'): string {
  const trimmed = name.trim()
  if (!trimmed) throw validationFailed([{ path, code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

const nameTaken = (name: string) =>
  new ApiError('name_taken', `A changelog category named ${name} already exists in this workspace`, {
    errors: [{ path: 'body.name', code: 'name_taken', message: 'is the name of another category' }],
  })

const nameKey = 'changelog_categories_workspace_name_key'

/** Entries whose `categories` name `name`, whatever its case. */
const carries = (name: string): SQL =>
  sql`exists (select 1 from jsonb_array_elements_text(${changelogEntries.categories}) as c(name)
    where lower(c.name) = lower(${name}))`

// ------------------------------------------------------------------------------------ effective audience

/** A visibility with the resource (its uuid) whose `content_audiences` rows hold its grants. */
type Sourced = Visibility & { sourceId: string | null }

/**
 * What readers of an entry are held to: `intersect` folded over its own visibility and each category's
 * (narrower wins; incomparable grants give `staff`, which needs no source). A name with no category (none
 * should remain, entries create theirs) constrains nothing.
 */
export function effectiveOf(
  own: Sourced,
  names: readonly string[],
  categories: ReadonlyMap<string, Sourced>,
): { effectiveAudience: ChangelogAudience; audienceSourceId: string | null } {
  let acc: Sourced | 'staff' = own
  for (const name of names) {
    const category = categories.get(name)
    if (!category) continue
    acc = intersect(acc, category)
    if (acc === 'staff') break
  }
  return acc === 'staff'
    ? { effectiveAudience: 'staff', audienceSourceId: null }
    : { effectiveAudience: acc.audience, audienceSourceId: acc.sourceId }
}

/** An entry's own visibility, sourced at the entry. */
export const ownVisibility = (e: {
  id: string
  audience: Audience
  segmentIds: string[]
  organizationIds: string[]
}): Sourced => ({
  audience: e.audience,
  segmentIds: e.segmentIds,
  organizationIds: e.organizationIds,
  sourceId: idToUuid(e.id),
})

/**
 * The categories of the workspace named `names` (any case, as PostgreSQL's `lower` sees it, the unique
 * index's rule, so a name the index calls taken is always found), keyed by each name given and by the
 * category's own spelling, with their grants: two reads whatever the number. `lock` takes a share lock on
 * them, so that a concurrent change of one of them (its visibility, its deletion) waits for the caller's
 * transaction and then sees its entries.
 */
export async function categoryVisibilities(
  tx: Db,
  workspaceId: WorkspaceId,
  names: readonly string[],
  lock = false,
): Promise<Map<string, Sourced & { id: ChangelogCategoryId; name: string }>> {
  const out = new Map<string, Sourced & { id: ChangelogCategoryId; name: string }>()
  const given = [...new Set(names)]
  if (given.length === 0) return out
  const rows = await queryRows<{ input: string; id: string; name: string; audience: Audience }>(
    tx,
    sql`select v.input, c.id, c.name, c.audience
      from (values ${sql.join(
        given.map((n) => sql`(${n}::text)`),
        sql`, `,
      )}) as v(input)
      join changelog_categories c
        on c.workspace_id = ${idToUuid(workspaceId)}::uuid and lower(c.name) = lower(v.input)
      ${lock ? sql`for share of c` : sql``}`,
  )
  const ids = [...new Set(rows.map((r) => uuidToId('chcat', r.id)))]
  const grants = await grantsOf(tx, workspaceId, ids)
  for (const r of rows) {
    const id = uuidToId('chcat', r.id)
    const category = {
      id,
      name: r.name,
      ...visibilityWith(r.audience, grants.get(id)),
      sourceId: r.id,
    }
    out.set(r.input, category)
    out.set(r.name, category)
  }
  return out
}

/**
 * The categories `names` stand for, in the entry's transaction: each name that is no category yet becomes a
 * `public` one (`changelog_category.created`, emitted here); the answer is the names as the categories spell
 * them, and their visibilities. A concurrent writer of the same name inserts nothing (the unique index) and
 * reads the other's row.
 */
export async function ensureCategories(
  ctx: ServiceContext,
  tx: Db,
  names: readonly string[],
): Promise<{ names: string[]; categories: Awaited<ReturnType<typeof categoryVisibilities>> }> {
  let categories = await categoryVisibilities(tx, ctx.workspaceId, names, true)
  const missing = names.filter((n) => !categories.has(n))
  if (missing.length > 0) {
    const now = new Date()
    const created = await tx
      .insert(changelogCategories)
      .values(
        missing.map((name) => ({
          id: newId('chcat'),
          workspaceId: ctx.workspaceId,
          name,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning()
    for (const row of created) {
      await emit(tx, ctx, {
        type: 'changelog_category.created',
        resourceId: row.id,
        data: { category: toCategory(row, undefined) },
      })
    }
    categories = await categoryVisibilities(tx, ctx.workspaceId, names, true)
    // Never held to fewer categories than named: an entry outside one would be wider than it should be.
    const lost = names.find((n) => !categories.has(n))
    if (lost !== undefined) throw new Error(`changelog category ${lost} was neither found nor created`)
  }
  return {
    names: names.map((n) => categories.get(n)?.name ?? n),
    categories,
  }
}

/**
 * Recompute the effective audience of every entry that carries the category `name`, set-based: one read of
 * those entries, one of their categories (with grants), one `UPDATE … FROM (VALUES …)`, and their
 * `changelog.updated` events in a few multi-row inserts (`emitMany`), `previous` holding each one's former
 * `effectiveAudience`. Their versions move, and each is announced, even when the audience's name did not
 * change: the category's grants, and so who reads the entry, may have. Answers how many entries it touched.
 */
async function rescopeEntriesOf(ctx: ServiceContext, tx: Db, name: string): Promise<number> {
  const workspaceId = ctx.workspaceId
  const entries = await tx
    .select(entryColumns)
    .from(changelogEntries)
    .where(and(eq(changelogEntries.workspaceId, workspaceId), carries(name)))
    .for('update')
  if (entries.length === 0) return 0
  const categories = await categoryVisibilities(
    tx,
    workspaceId,
    entries.flatMap((e) => e.categories),
  )
  const effective = entries.map((e) => effectiveOf(ownVisibility(e), e.categories, categories))
  const values = entries.map((e, i) => {
    const eff = effective[i] as ReturnType<typeof effectiveOf>
    return sql`(${idToUuid(e.id)}::uuid, ${eff.effectiveAudience}, ${eff.audienceSourceId}::uuid)`
  })
  await tx.execute(sql`
    update changelog_entries e
    set effective_audience = v.audience, audience_source_id = v.source, version = e.version + 1
    from (values ${sql.join(values, sql`, `)}) as v(id, audience, source)
    where e.id = v.id and e.workspace_id = ${idToUuid(workspaceId)}::uuid`)
  await emitMany(
    tx,
    ctx,
    entries.map((e, i) => {
      const eff = effective[i] as ReturnType<typeof effectiveOf>
      return {
        type: 'changelog.updated' as const,
        resourceId: e.id,
        data: {
          entry: eventEntry({ ...e, effectiveAudience: eff.effectiveAudience }),
          previous: { effectiveAudience: e.effectiveAudience },
        },
      }
    }),
  )
  return entries.length
}

/** Each entry's effective visibility for answers: its own grants, or its source category's (one read). */
export async function effectiveVisibilities(
  db: Db,
  workspaceId: WorkspaceId,
  rows: ReadonlyArray<{
    id: string
    effectiveAudience: Audience
    audienceSourceId: string | null
    segmentIds: string[]
    organizationIds: string[]
  }>,
): Promise<Map<string, Visibility>> {
  const fromCategory = (r: (typeof rows)[number]) =>
    r.audienceSourceId !== null && r.audienceSourceId !== idToUuid(r.id)
  const sources = [
    ...new Set(
      rows.filter(fromCategory).map((r) => uuidToId('chcat', r.audienceSourceId as string) as string),
    ),
  ]
  const grants = await grantsOf(db, workspaceId, sources)
  return new Map(
    rows.map((r) => [
      r.id,
      visibilityWith(
        r.effectiveAudience,
        fromCategory(r) ? grants.get(uuidToId('chcat', r.audienceSourceId as string)) : r,
      ),
    ]),
  )
}

// ------------------------------------------------------------------------------------------ categories

const categorySortFields: SortFieldsOf<typeof operations.listChangelogCategories, CategoryRow> = {
  name: { column: changelogCategories.name, kind: 'text', value: (c) => c.name },
  createdAt: { column: changelogCategories.createdAt, kind: 'timestamp', value: (c) => c.createdAt },
}

export async function listChangelogCategories(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  const page = await listVisible(ctx, 'ChangelogCategory', changelogCategories, {
    name: 'list_changelog_categories',
    fields: categorySortFields,
    query,
    secret,
  })
  const grants = await grantsOf(
    ctx.db,
    ctx.workspaceId,
    page.rows.map((r) => r.id),
  )
  return { data: page.rows.map((r) => toCategory(r, grants.get(r.id))), nextCursor: page.nextCursor }
}

export async function getChangelogCategoryOrThrow(ctx: ServiceContext, id: string) {
  const row = await getVisibleOrThrow(ctx, 'ChangelogCategory', changelogCategories, id, 'Changelog category')
  return { row, answer: await answerOf(ctx.db, ctx.workspaceId, row) }
}

export interface CategoryInput {
  name?: string
  description?: string | null
  visibility?: VisibilityInput
}

export async function createChangelogCategory(ctx: ServiceContext, input: CategoryInput & { name: string }) {
  await assertAllowed(ctx, 'create', 'ChangelogCategory', { workspaceId: ctx.workspaceId })
  const name = cleanName(input.name)
  try {
    return await transaction(ctx, async (tx) => {
      const visibility = await checkVisibility(
        tx,
        ctx.workspaceId,
        input.visibility ?? { audience: 'public' },
      )
      const id = newId('chcat')
      const now = new Date()
      const [row] = await tx
        .insert(changelogCategories)
        .values({
          id,
          workspaceId: ctx.workspaceId,
          name,
          description: input.description ?? null,
          audience: visibility.audience,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
      if (!row) throw new Error('insert returned no category')
      await writeAudience(tx, ctx.workspaceId, id, visibility)
      const answer = toCategory(row, visibility)
      await emit(tx, ctx, { type: 'changelog_category.created', resourceId: id, data: { category: answer } })
      return { row, answer }
    })
  } catch (error) {
    if (isUniqueViolation(error, nameKey)) throw nameTaken(name)
    throw error
  }
}

function lock(ctx: ServiceContext, tx: Db, id: ChangelogCategoryId, action: string, ifMatch?: string) {
  return lockForChange<CategoryRow>(ctx, tx, 'ChangelogCategory', id, {
    action,
    ifMatch,
    label: 'Changelog category',
  })
}

/**
 * Change a category. A new name is written into every entry that carries the old one; a new visibility
 * re-scopes every entry of the category (their effective audience), all in the category's transaction.
 */
export async function updateChangelogCategory(
  ctx: ServiceContext,
  id: ChangelogCategoryId,
  input: CategoryInput,
  ifMatch?: string,
) {
  const name = input.name === undefined ? undefined : cleanName(input.name)
  try {
    return await transaction(ctx, async (tx) => {
      const current = await lock(ctx, tx, id, 'update', ifMatch)
      const before = await answerOf(tx, ctx.workspaceId, current)
      const visibility =
        input.visibility === undefined
          ? undefined
          : await checkVisibility(tx, ctx.workspaceId, input.visibility)
      const { changed, previous } = diffFields(
        { name: current.name, description: current.description, ...prefixed(before.visibility) },
        {
          name,
          description: input.description,
          ...(visibility ? prefixed(visibility) : {}),
        },
      )
      if (Object.keys(changed).length === 0) return { row: current, answer: before }
      const [row] = await tx
        .update(changelogCategories)
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(visibility ? { audience: visibility.audience } : {}),
          ...bumped(changelogCategories),
        })
        .where(and(eq(changelogCategories.workspaceId, ctx.workspaceId), eq(changelogCategories.id, id)))
        .returning()
      if (!row) throw notFound('Changelog category')
      if (name !== undefined && name !== current.name) {
        // Entries keep names: the new spelling replaces the old in place, in one statement, and each entry it
        // rewrites is announced (its `categories` changed), its former names in `previous`.
        const renamed = await tx
          .update(changelogEntries)
          .set({
            categories: sql`(select jsonb_agg(case when lower(c.name) = lower(${current.name}) then ${name}
              else c.name end order by c.n)
              from jsonb_array_elements_text(${changelogEntries.categories}) with ordinality as c(name, n))`,
            version: sql`${changelogEntries.version} + 1`,
          })
          .where(and(eq(changelogEntries.workspaceId, ctx.workspaceId), carries(current.name)))
          .returning(entryColumns)
        await emitMany(
          tx,
          ctx,
          renamed.map((e) => ({
            type: 'changelog.updated' as const,
            resourceId: e.id,
            data: {
              entry: eventEntry(e),
              previous: { categories: e.categories.map((c) => (c === name ? current.name : c)) },
            },
          })),
        )
      }
      const rescope = Object.keys(changed).some((k) => k.startsWith('visibility.'))
      if (visibility && rescope) {
        await writeAudience(tx, ctx.workspaceId, id, visibility)
        await rescopeEntriesOf(ctx, tx, row.name)
      }
      const answer = await answerOf(tx, ctx.workspaceId, row)
      await emit(tx, ctx, {
        type: 'changelog_category.updated',
        resourceId: id,
        data: { category: answer, previous },
      })
      return { row, answer }
    })
  } catch (error) {
    if (isUniqueViolation(error, nameKey)) throw nameTaken(name ?? '')
    throw error
  }
}

const prefixed = (v: Visibility) => ({
  'visibility.audience': v.audience,
  'visibility.segmentIds': v.segmentIds,
  'visibility.organizationIds': v.organizationIds,
})

/**
 * Delete a category that no entry carries: `409 changelog_category_in_use` otherwise. Dropping the name from
 * its entries instead could widen who reads them (a `staff` category's entries would turn public).
 */
export async function deleteChangelogCategory(
  ctx: ServiceContext,
  id: ChangelogCategoryId,
  ifMatch?: string,
) {
  await transaction(ctx, async (tx) => {
    const current = await lock(ctx, tx, id, 'delete', ifMatch)
    const [used] = await tx
      .select({ id: changelogEntries.id })
      .from(changelogEntries)
      .where(and(eq(changelogEntries.workspaceId, ctx.workspaceId), carries(current.name)))
      .limit(1)
    if (used) {
      throw new ApiError(
        'changelog_category_in_use',
        `Changelog entries carry the category ${current.name} (${used.id} among them): take it off them first`,
      )
    }
    await tx
      .delete(changelogCategories)
      .where(and(eq(changelogCategories.workspaceId, ctx.workspaceId), eq(changelogCategories.id, id)))
    await dropAudience(tx, id)
    await emit(tx, ctx, {
      type: 'changelog_category.deleted',
      resourceId: id,
      data: { category: { id, name: current.name } },
    })
  })
}
