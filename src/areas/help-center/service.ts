import { and, asc, eq, getTableColumns, or, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { assertAllowed, filterFor, isAllowedRow } from '../../authz/guard'
import { systemActor } from '../../context/actor'
import { type ServiceContext, transaction } from '../../context/service'
import { type Db, queryRows } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import {
  articles,
  articleTranslations,
  articleVotes,
  helpCategories,
  type PublishState,
} from '../../db/schema/help-center'
import { emit } from '../../events/emit'
import { ApiError, notFound, validationFailed } from '../../http/errors'
import { preparedWithAuthz } from '../../http/pagination'
import { type Id, idToUuid, newId, uuidToId, type WorkspaceId } from '../../ids'
import {
  type Audience,
  checkVisibility,
  dropAudience,
  grantIdsSql,
  grantsOf,
  grantsOfSources,
  narrows,
  narrowsSql,
  usesGrants,
  type Visibility,
  type VisibilityInput,
  visibilityWith,
  writeAudience,
} from '../../kit/audience'
import type { SortFieldsOf } from '../../kit/list'
import { canonicalLocale, scheduleOf } from '../../kit/publishing'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { getVisibleOrThrow, listVisible } from '../../kit/visible'

export type HelpCategoryId = Id<'hcat'>
export type ArticleId = Id<'art'>
export type CategoryRow = typeof helpCategories.$inferSelect
/** An article's columns without its search document (written by PostgreSQL, read only by search). */
const { search: _articleSearch, ...articleColumns } = getTableColumns(articles)
export type ArticleRow = Omit<typeof articles.$inferSelect, 'search'>
/** A translation's columns without its search document. */
const { search: _translationSearch, ...translationColumns } = getTableColumns(articleTranslations)
export type TranslationRow = Omit<typeof articleTranslations.$inferSelect, 'search'>

/**
 * What an article's answer reads: not its workspace, audience source, category flag, author or version, which
 * a list's every row would otherwise carry and decode (a single read keeps the whole row: its version is the
 * ETag).
 */
const {
  workspaceId: _articleWorkspace,
  audienceSourceId: _audienceSource,
  categoryHidden: _categoryHidden,
  authorMemberId: _articleAuthor,
  version: _articleVersion,
  ...articleAnswerColumns
} = articleColumns
type ArticleView = Pick<ArticleRow, keyof typeof articleAnswerColumns>
/** What a translation's answer reads, and the article it belongs to. */
const translationAnswerColumns = {
  articleId: articleTranslations.articleId,
  locale: articleTranslations.locale,
  slug: articleTranslations.slug,
  title: articleTranslations.title,
  body: articleTranslations.body,
  state: articleTranslations.state,
  publishAt: articleTranslations.publishAt,
  publishedAt: articleTranslations.publishedAt,
  updatedAt: articleTranslations.updatedAt,
}
type TranslationView = Pick<TranslationRow, keyof typeof translationAnswerColumns>

// ---------------------------------------------------------------------------------------------- shapes

/** A category's answer: its own `visibility` (with its own grants) and its effective audience. */
export const toCategory = (c: CategoryRow & { grants?: Grants }) => ({
  id: c.id,
  parentId: c.parentId,
  name: c.name,
  description: c.description,
  position: c.position,
  visibility: visibilityWith(c.audience, c.grants),
  effectiveAudience: c.effectiveAudience,
  archived: c.archivedAt !== null,
  archivedAt: c.archivedAt?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
})

const toTranslation = (t: TranslationView) => ({
  locale: t.locale,
  slug: t.slug,
  title: t.title,
  body: t.body,
  state: t.state,
  publishAt: t.publishAt?.toISOString() ?? null,
  publishedAt: t.publishedAt?.toISOString() ?? null,
  updatedAt: t.updatedAt.toISOString(),
})

export const toArticle = (a: ArticleView & { grants?: Grants }, translations: TranslationView[] = []) => ({
  id: a.id,
  categoryId: a.categoryId,
  locale: a.locale,
  slug: a.slug,
  title: a.title,
  body: a.body,
  state: a.state,
  publishAt: a.publishAt?.toISOString() ?? null,
  publishedAt: a.publishedAt?.toISOString() ?? null,
  visibility: visibilityWith(a.effectiveAudience, a.grants),
  inheritsVisibility: a.audience === null,
  helpfulCount: a.helpfulCount,
  notHelpfulCount: a.notHelpfulCount,
  translations: translations.map(toTranslation),
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
})

/** An article as events carry it: no body (webhook receivers fetch it when they need it). */
const eventArticle = (a: ArticleRow) => ({
  id: a.id,
  categoryId: a.categoryId,
  locale: a.locale,
  slug: a.slug,
  title: a.title,
  state: a.state,
  publishAt: a.publishAt?.toISOString() ?? null,
  publishedAt: a.publishedAt?.toISOString() ?? null,
  audience: a.effectiveAudience,
})

function cleanText(value: string, path: string): string {
  const trimmed = value.trim()
  if (!trimmed) throw validationFailed([{ path, code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

/** A slug from a title: lower-case ASCII letters and digits joined by single hyphens (random when none is left). */
export function slugOf(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
  return slug || `article-${Math.random().toString(36).slice(2, 8)}`
}

/** A BCP 47 tag, canonical; `422 invalid_locale` naming `path` otherwise. */
export function localeOrThrow(tag: string, path: string): string {
  const canonical = canonicalLocale(tag)
  if (!canonical) {
    throw new ApiError('invalid_locale', `${path}: ${tag} is not a BCP 47 language tag`, {
      errors: [{ path, code: 'invalid_locale', message: `${tag} is not a BCP 47 language tag` }],
    })
  }
  return canonical
}

const scheduleInPast = (path = 'body.publishAt') =>
  new ApiError('schedule_in_past', `${path}: a scheduled time must be in the future`, {
    errors: [{ path, code: 'schedule_in_past', message: 'must be in the future' }],
  })

// ------------------------------------------------------------------------------------------- grants

type Grants = { segmentIds: string[]; organizationIds: string[] }
const noGrants: Grants = { segmentIds: [], organizationIds: [] }
const sameGrants = (a: Grants, b: Grants) =>
  a.segmentIds.join() === b.segmentIds.join() && a.organizationIds.join() === b.organizationIds.join()

/** Categories with their own segments and organisations (`content_audiences`), for answers. */
async function withOwnGrantsAll<R extends { id: string }>(db: Db, workspaceId: WorkspaceId, rows: R[]) {
  const grants = await grantsOf(
    db,
    workspaceId,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({ ...r, grants: grants.get(r.id) ?? noGrants }))
}
async function withOwnGrants<R extends { id: string }>(db: Db, workspaceId: WorkspaceId, row: R) {
  const [out] = await withOwnGrantsAll(db, workspaceId, [row])
  return out as R & { grants: Grants }
}

/**
 * Articles with the segments and organisations of their effective audience: the rows of their audience source
 * (the article itself, or the category whose grants it inherits), for answers.
 */
async function withGrantsAll<R extends { audienceSourceId: string | null }>(
  db: Db,
  workspaceId: WorkspaceId,
  rows: R[],
) {
  const grants = await grantsOfSources(
    db,
    workspaceId,
    rows.map((r) => r.audienceSourceId),
  )
  return rows.map((r) => ({
    ...r,
    grants: (r.audienceSourceId && grants.get(r.audienceSourceId)) || noGrants,
  }))
}

/**
 * An article's effective grants, read in the list's own statement: the ids of its audience source's
 * `content_audiences` rows (segments or organisations, as its effective audience says), null when it has no
 * source. One statement fewer than reading them after the page (`withGrantsAll`).
 */
const grantIdsColumn = sql<string[] | null>`case when ${articles.audienceSourceId} is null then null
  else (${grantIdsSql(sql`${articles.audienceSourceId}`)})::text[] end`

/** The grants of a row read with `grantIdsColumn`. */
const grantsFromIds = (audience: Audience, ids: string[] | null): Grants =>
  !ids || ids.length === 0
    ? noGrants
    : audience === 'segments'
      ? { segmentIds: ids.map((u) => uuidToId('seg', u)), organizationIds: [] }
      : audience === 'organizations'
        ? { segmentIds: [], organizationIds: ids.map((u) => uuidToId('org', u)) }
        : noGrants
async function withGrants<R extends { audienceSourceId: string | null }>(
  db: Db,
  workspaceId: WorkspaceId,
  row: R,
) {
  const [out] = await withGrantsAll(db, workspaceId, [row])
  return out as R & { grants: Grants }
}

/** The effective visibility of a category (with the grants of its source), for the narrowing checks. */
async function effectiveOf(db: Db, workspaceId: WorkspaceId, category: CategoryRow): Promise<Visibility> {
  const grants = await grantsOfSources(db, workspaceId, [category.audienceSourceId])
  return visibilityWith(
    category.effectiveAudience,
    category.audienceSourceId ? grants.get(category.audienceSourceId) : undefined,
  )
}

// ----------------------------------------------------------------------------------- derived visibility

const grantAudiences = sql`('segments', 'organizations')`

/**
 * Which of an own audience (`own`, with the `uuid[]` `ownIds` of its grants) and its container's effective one
 * (`outer`, `outerIds`) is the intersection (kit/audience.ts `intersect`, in SQL): `1` the own one, `2` the
 * container's, `3` neither (incomparable grants: `staff`, failing closed).
 */
const intersectPick = (own: SQL, ownIds: SQL, outer: SQL, outerIds: SQL) =>
  sql`(case when ${narrowsSql(own, ownIds, outer, outerIds)} then 1
    when ${narrowsSql(outer, outerIds, own, ownIds)} then 2 else 3 end)`

/**
 * Recompute every category's effective audience (the intersection of its own and its parent's effective one,
 * down the tree), the source of its effective grants and its hidden flag (it or an ancestor archived), then the
 * articles' from their category and their own audience: set-based statements per workspace (a recursive CTE
 * carrying audience, grant ids and source down the tree), in the transaction of the change, touching only rows
 * whose values move.
 */
async function syncVisibility(tx: Db, workspaceId: WorkspaceId, articleId?: ArticleId) {
  const ws = idToUuid(workspaceId)
  if (!articleId) {
    const pick = intersectPick(sql`c.audience`, sql`c.ids`, sql`t.eff`, sql`t.ids`)
    await tx.execute(sql`
      with recursive own as (
        select c.id, c.parent_id, c.audience, c.archived_at is not null as archived,
          case when c.audience in ${grantAudiences} then ${grantIdsSql(sql`c.id`)} else '{}'::uuid[] end as ids
        from help_categories c where c.workspace_id = ${ws}::uuid
      ),
      tree(id, eff, ids, src, hidden) as (
        select id, audience, ids, case when audience in ${grantAudiences} then id end, archived
        from own where parent_id is null
        union all
        select c.id,
          case ${pick} when 1 then c.audience when 2 then t.eff else 'staff' end,
          case ${pick} when 1 then c.ids when 2 then t.ids else '{}'::uuid[] end,
          case ${pick} when 1 then (case when c.audience in ${grantAudiences} then c.id end)
            when 2 then t.src end,
          t.hidden or c.archived
        from own c join tree t on c.parent_id = t.id
      )
      update help_categories h
        set effective_audience = tree.eff, audience_source_id = tree.src, hidden = tree.hidden
      from tree
      where h.id = tree.id and (h.effective_audience <> tree.eff
        or h.audience_source_id is distinct from tree.src or h.hidden <> tree.hidden)`)
  }
  const pick = intersectPick(sql`x.own`, sql`x.own_ids`, sql`x.outer_aud`, sql`x.outer_ids`)
  await tx.execute(sql`
    with x as (
      select a.id, coalesce(a.audience, 'public') as own,
        case when a.audience in ${grantAudiences} then ${grantIdsSql(sql`a.id`)} else '{}'::uuid[] end as own_ids,
        c.effective_audience as outer_aud, c.audience_source_id as outer_src,
        case when c.effective_audience in ${grantAudiences}
          then ${grantIdsSql(sql`c.audience_source_id`)} else '{}'::uuid[] end as outer_ids,
        c.hidden
      from articles a join help_categories c on c.id = a.category_id
      where a.workspace_id = ${ws}::uuid
        ${articleId ? sql`and a.id = ${idToUuid(articleId)}::uuid` : sql``}
    ),
    next as (
      select x.id, x.hidden,
        case ${pick} when 1 then x.own when 2 then x.outer_aud else 'staff' end as eff,
        case ${pick} when 1 then (case when x.own in ${grantAudiences} then x.id end)
          when 2 then x.outer_src end as src
      from x
    )
    update articles a
      set effective_audience = next.eff, audience_source_id = next.src, category_hidden = next.hidden
    from next
    where a.id = next.id and (a.effective_audience <> next.eff
      or a.audience_source_id is distinct from next.src or a.category_hidden <> next.hidden)`)
}

// ------------------------------------------------------------------------------------------ categories

export interface CategoryInput {
  name?: string
  description?: string | null
  parentId?: string | null
  position?: number
  visibility?: VisibilityInput
  archived?: boolean
}

const categorySortFields: SortFieldsOf<typeof operations.listHelpCategories, CategoryRow> = {
  position: { column: helpCategories.position, kind: 'number', value: (c) => c.position },
  createdAt: { column: helpCategories.createdAt, kind: 'timestamp', value: (c) => c.createdAt },
  name: { column: helpCategories.name, kind: 'text', value: (c) => c.name },
}

export async function listHelpCategories(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string; parentId?: string; archived?: 'true' | 'false' },
  secret: string,
) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  if (query.parentId !== undefined) {
    params.parentId = idToUuid(query.parentId)
    filters.push(sql`${helpCategories.parentId} = ${sql.placeholder('parentId')}::uuid`)
  }
  if (query.archived !== undefined) {
    filters.push(
      query.archived === 'true'
        ? sql`${helpCategories.archivedAt} is not null`
        : sql`${helpCategories.archivedAt} is null`,
    )
  }
  const page = await listVisible(ctx, 'HelpCategory', helpCategories, {
    name: 'list_help_categories',
    variant: `${query.parentId !== undefined}|${query.archived}`,
    fields: categorySortFields,
    query,
    secret,
    filters,
    params,
  })
  return { rows: await withOwnGrantsAll(ctx.db, ctx.workspaceId, page.rows), nextCursor: page.nextCursor }
}

export async function getHelpCategoryOrThrow(ctx: ServiceContext, id: string) {
  const row = await getVisibleOrThrow(ctx, 'HelpCategory', helpCategories, id, 'Help category')
  return withOwnGrants(ctx.db, ctx.workspaceId, row)
}

const categoryNotFound = (id: string, path: string) =>
  new ApiError('category_not_found', `${path}: category ${id} does not exist`, {
    errors: [{ path, code: 'category_not_found', message: `category ${id} does not exist` }],
  })

/** A category of the workspace for a write (any state), locked; `422 category_not_found` naming `path`. */
async function categoryFor(ctx: ServiceContext, tx: Db, id: string, path: string): Promise<CategoryRow> {
  const [row] = await tx
    .select()
    .from(helpCategories)
    .where(and(eq(helpCategories.workspaceId, ctx.workspaceId), eq(helpCategories.id, id as HelpCategoryId)))
    .for('share')
  if (!row) throw categoryNotFound(id, path)
  return row
}

/** Serialise the workspace's category tree changes (cycle checks read the tree as it is). */
const lockTree = (tx: Db, workspaceId: WorkspaceId) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext('help_categories'), hashtext(${workspaceId}))`)

export async function createHelpCategory(ctx: ServiceContext, input: CategoryInput & { name: string }) {
  const id = newId('hcat')
  if (!(await isAllowedRow(ctx, 'create', 'HelpCategory', { id, workspaceId: ctx.workspaceId }))) {
    throw forbidden(await ctx.principal(), 'HelpCategory', 'create')
  }
  const name = cleanText(input.name, 'body.name')
  return transaction(ctx, async (tx) => {
    await lockTree(tx, ctx.workspaceId)
    const parent = input.parentId ? await categoryFor(ctx, tx, input.parentId, 'body.parentId') : undefined
    const visibility = input.visibility
      ? await checkVisibility(tx, ctx.workspaceId, input.visibility)
      : undefined
    if (visibility && parent) await checkNarrows(tx, ctx.workspaceId, visibility, parent, 'parent category')
    const [row] = await tx
      .insert(helpCategories)
      .values({
        id,
        workspaceId: ctx.workspaceId,
        parentId: (input.parentId ?? null) as HelpCategoryId | null,
        name,
        description: input.description ?? null,
        position: input.position ?? 0,
        audience: visibility?.audience ?? 'public',
        archivedAt: input.archived ? new Date() : null,
      })
      .returning()
    if (!row) throw new Error('insert returned no category')
    if (visibility && usesGrants(visibility.audience))
      await writeAudience(tx, ctx.workspaceId, id, visibility)
    await syncVisibility(tx, ctx.workspaceId)
    const synced = await withOwnGrants(tx, ctx.workspaceId, await reloadCategory(tx, id))
    await emit(tx, ctx, {
      type: 'help_category.created',
      resourceId: id,
      data: { category: toCategory(synced) },
    })
    return synced
  })
}

export async function updateHelpCategory(
  ctx: ServiceContext,
  id: HelpCategoryId,
  input: CategoryInput,
  ifMatch?: string,
) {
  return transaction(ctx, async (tx) => {
    await lockTree(tx, ctx.workspaceId)
    const current = await lockForChange<CategoryRow>(ctx, tx, 'HelpCategory', id, {
      action: 'update',
      ifMatch,
      label: 'Help category',
    })
    const next: Partial<CategoryRow> = {}
    if (input.name !== undefined) next.name = cleanText(input.name, 'body.name')
    if (input.description !== undefined) next.description = input.description
    if (input.position !== undefined) next.position = input.position
    // The category's own segments or organisations: a change of them alone is a change too.
    let grants: { before: Grants; after: Visibility } | undefined
    let visibility: Visibility | undefined
    if (input.visibility !== undefined) {
      visibility = await checkVisibility(tx, ctx.workspaceId, input.visibility)
      next.audience = visibility.audience
      const before = (await grantsOf(tx, ctx.workspaceId, [id])).get(id) ?? noGrants
      if (!sameGrants(before, visibility)) grants = { before, after: visibility }
    }
    if (input.archived !== undefined && input.archived !== (current.archivedAt !== null)) {
      next.archivedAt = input.archived ? new Date() : null
    }
    if (input.parentId !== undefined && input.parentId !== current.parentId) {
      if (input.parentId !== null) {
        await categoryFor(ctx, tx, input.parentId, 'body.parentId')
        // The new parent may not be the category itself or one of its descendants.
        const [cycle] = await queryRows<{ id: string }>(
          tx,
          sql`with recursive up(id, parent_id) as (
                select id, parent_id from help_categories where id = ${idToUuid(input.parentId)}::uuid
                union all
                select c.id, c.parent_id from help_categories c join up on c.id = up.parent_id
              )
              select id from up where id = ${idToUuid(id)}::uuid limit 1`,
        )
        if (cycle) {
          throw new ApiError(
            'category_cycle',
            `body.parentId: ${input.parentId} is the category itself or one of its descendants`,
            {
              errors: [
                {
                  path: 'body.parentId',
                  code: 'category_cycle',
                  message: 'would put the category under itself',
                },
              ],
            },
          )
        }
      }
      next.parentId = input.parentId as HelpCategoryId | null
    }
    // A visibility given may only narrow its (new) parent's effective one; one kept is left to the intersection.
    const parentId = next.parentId !== undefined ? next.parentId : current.parentId
    if (visibility && parentId) {
      const parent = await categoryFor(ctx, tx, parentId, 'body.parentId')
      await checkNarrows(tx, ctx.workspaceId, visibility, parent, 'parent category')
    }
    const { changed, previous } = diffFields(current, next)
    if (Object.keys(changed).length === 0 && !grants) return withOwnGrants(tx, ctx.workspaceId, current)
    if (grants) {
      await writeAudience(tx, ctx.workspaceId, id, grants.after)
      if (grants.before.segmentIds.join() !== grants.after.segmentIds.join())
        previous.segmentIds = grants.before.segmentIds
      if (grants.before.organizationIds.join() !== grants.after.organizationIds.join())
        previous.organizationIds = grants.before.organizationIds
    }
    await tx
      .update(helpCategories)
      .set({ ...changed, ...bumped(helpCategories) })
      .where(and(eq(helpCategories.workspaceId, ctx.workspaceId), eq(helpCategories.id, id)))
    await syncVisibility(tx, ctx.workspaceId)
    const updated = await withOwnGrants(tx, ctx.workspaceId, await reloadCategory(tx, id))
    await emit(tx, ctx, {
      type: 'help_category.updated',
      resourceId: id,
      data: { category: toCategory(updated), previous: categoryPrevious(previous) },
    })
    return updated
  })
}

function categoryPrevious(previous: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(previous)) {
    if (column === 'archivedAt') out.archived = value !== null
    else if (['audience', 'segmentIds', 'organizationIds'].includes(column))
      out[`visibility.${column}`] = value
    else out[column] = value
  }
  return out
}

/** Delete a category with no articles and no subcategories (`409 category_not_empty`: archive it instead). */
export async function deleteHelpCategory(ctx: ServiceContext, id: HelpCategoryId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    await lockTree(tx, ctx.workspaceId)
    const current = await lockForChange<CategoryRow>(ctx, tx, 'HelpCategory', id, {
      action: 'delete',
      ifMatch,
      label: 'Help category',
    })
    const [used] = await queryRows<{ one: number }>(
      tx,
      sql`select 1 as one from articles where workspace_id = ${idToUuid(ctx.workspaceId)}::uuid and category_id = ${idToUuid(id)}::uuid
          union all
          select 1 from help_categories where workspace_id = ${idToUuid(ctx.workspaceId)}::uuid and parent_id = ${idToUuid(id)}::uuid
          limit 1`,
    )
    if (used)
      throw new ApiError(
        'category_not_empty',
        `Category ${id} has articles or subcategories; archive it instead`,
      )
    await tx
      .delete(helpCategories)
      .where(and(eq(helpCategories.workspaceId, ctx.workspaceId), eq(helpCategories.id, id)))
    await dropAudience(tx, id)
    await emit(tx, ctx, {
      type: 'help_category.deleted',
      resourceId: id,
      data: { category: { id, name: current.name } },
    })
  })
}

// -------------------------------------------------------------------------------------------- articles

export interface ArticleInput {
  categoryId?: string
  title?: string
  body?: string
  slug?: string
  locale?: string
  state?: PublishState
  publishAt?: string | null
  visibility?: VisibilityInput | null
}

/** The category an article may live in: existing (`422 category_not_found`), not archived (`422 category_archived`). */
async function articleCategory(ctx: ServiceContext, tx: Db, id: string): Promise<CategoryRow> {
  const category = await categoryFor(ctx, tx, id, 'body.categoryId')
  if (category.hidden) {
    throw new ApiError('category_archived', `body.categoryId: category ${id} (or a parent) is archived`, {
      errors: [{ path: 'body.categoryId', code: 'category_archived', message: 'the category is archived' }],
    })
  }
  return category
}

/**
 * An article's own visibility (or a child category's) may only narrow its container's effective one
 * (kit/audience.ts `narrows`: by rank, and under segments or organisations the same kind with a subset of the
 * ids): `422 visibility_wider_than_category` otherwise.
 */
async function checkNarrows(
  tx: Db,
  workspaceId: WorkspaceId,
  own: Visibility | null,
  container: CategoryRow,
  what = 'category',
) {
  if (own === null) return
  const outer = await effectiveOf(tx, workspaceId, container)
  if (narrows(own, outer)) return
  const named = (v: Visibility) =>
    v.audience === 'segments'
      ? `segments ${v.segmentIds.join(', ')}`
      : v.audience === 'organizations'
        ? `organizations ${v.organizationIds.join(', ')}`
        : v.audience
  throw new ApiError(
    'visibility_wider_than_category',
    `body.visibility: ${named(own)} is not within the ${what}'s ${named(outer)}`,
    {
      errors: [
        {
          path: 'body.visibility.audience',
          code: 'visibility_wider_than_category',
          message: `the ${what} is ${named(outer)}; it can only be narrowed`,
        },
      ],
    },
  )
}

/** Slugs are unique per workspace and locale, over articles and translations alike (`409 slug_taken`). */
async function assertSlugFree(
  tx: Db,
  workspaceId: WorkspaceId,
  locale: string,
  slug: string,
  path: string,
  except?: { articleId: ArticleId; primary: boolean },
) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext('article_slugs'), hashtext(${`${workspaceId}:${locale}`}))`,
  )
  const ws = idToUuid(workspaceId)
  const keep = except ? idToUuid(except.articleId) : null
  const [taken] = await queryRows<{ one: number }>(
    tx,
    sql`select 1 as one from articles where workspace_id = ${ws}::uuid and locale = ${locale} and slug = ${slug}
          ${keep && except?.primary ? sql`and id <> ${keep}::uuid` : sql``}
        union all
        select 1 from article_translations where workspace_id = ${ws}::uuid and locale = ${locale} and slug = ${slug}
          ${keep && !except?.primary ? sql`and article_id <> ${keep}::uuid` : sql``}
        limit 1`,
  )
  if (taken) throw slugTaken(slug, path)
}

const slugTaken = (slug: string, path: string) =>
  new ApiError('slug_taken', `${path}: ${slug} is taken in this locale`, {
    errors: [{ path, code: 'slug_taken', message: `${slug} is taken` }],
  })

const articleSortFields: SortFieldsOf<typeof operations.listArticles, ArticleView> = {
  createdAt: { column: articles.createdAt, kind: 'timestamp', value: (a) => a.createdAt },
  updatedAt: { column: articles.updatedAt, kind: 'timestamp', value: (a) => a.updatedAt },
  title: { column: articles.title, kind: 'text', value: (a) => a.title },
}

const publishedOnly = sql`${articleTranslations.state} = 'published'`

/** The translations of `ids` the caller may read: published ones, or all for those who read unpublished content. */
async function translationsOf(
  ctx: ServiceContext,
  ids: ArticleId[],
): Promise<Map<string, TranslationView[]>> {
  const out = new Map<string, TranslationView[]>()
  if (ids.length === 0) return out
  const unpublished = await filterFor(ctx, 'read_unpublished', 'Article')
  // Prepared once per (database handle, compiled predicate); the ids go as one parameter, so any page size
  // shares the statement.
  const readable = unpublished.none ? publishedOnly : unpublished.where
  const statement = preparedWithAuthz(ctx.db, readable, 'article_translations', (db) =>
    db
      .select(translationAnswerColumns)
      .from(articleTranslations)
      .innerJoin(articles, eq(articles.id, articleTranslations.articleId))
      .where(
        and(
          sql`${articleTranslations.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
          sql`${articleTranslations.articleId} = any(string_to_array(${sql.placeholder('ids')}, ',')::uuid[])`,
          unpublished.none ? publishedOnly : or(publishedOnly, unpublished.where),
        ),
      )
      .orderBy(asc(articleTranslations.locale))
      .prepare('article_translations'),
  )
  const rows = await statement.execute({
    workspaceId: idToUuid(ctx.workspaceId),
    ids: ids.map(idToUuid).join(','),
  })
  for (const t of rows) {
    const list = out.get(t.articleId)
    if (list) list.push(t)
    else out.set(t.articleId, [t])
  }
  return out
}

const articleListColumns = { ...articleAnswerColumns, grantIds: grantIdsColumn }

export async function listArticles(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string; categoryId?: string; state?: PublishState },
  secret: string,
) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  if (query.categoryId !== undefined) params.categoryId = idToUuid(query.categoryId)
  if (query.state !== undefined) params.state = query.state
  // Built only when the statement (one per set of parameters: its variant) is prepared.
  const filters = () => [
    'categoryId' in params ? sql`${articles.categoryId} = ${sql.placeholder('categoryId')}::uuid` : undefined,
    'state' in params ? sql`${articles.state} = ${sql.placeholder('state')}` : undefined,
  ]
  const page = await listVisible<typeof articles, ArticleView & { grantIds: string[] | null }>(
    ctx,
    'Article',
    articles,
    {
      name: 'list_articles',
      variant: Object.keys(params).join(','),
      columns: articleListColumns,
      fields: articleSortFields,
      query,
      secret,
      filters,
      params,
    },
  )
  const translations = await translationsOf(
    ctx,
    page.rows.map((r) => r.id),
  )
  return {
    rows: page.rows.map((r) => ({
      row: Object.assign(r, { grants: grantsFromIds(r.effectiveAudience, r.grantIds) }),
      translations: translations.get(r.id) ?? [],
    })),
    nextCursor: page.nextCursor,
  }
}

export async function getArticleOrThrow(ctx: ServiceContext, id: string) {
  const read = await filterFor(ctx, 'read', 'Article')
  const [row] = await ctx.db
    .select(articleColumns)
    .from(articles)
    .where(and(eq(articles.workspaceId, ctx.workspaceId), eq(articles.id, id as ArticleId), read.where))
  if (!row) throw notFound('Article')
  return {
    row: await withGrants(ctx.db, ctx.workspaceId, row),
    translations: (await translationsOf(ctx, [row.id])).get(row.id) ?? [],
  }
}

async function reloadCategory(tx: Db, id: HelpCategoryId) {
  const [row] = await tx.select().from(helpCategories).where(eq(helpCategories.id, id))
  if (!row) throw notFound('Help category')
  return row
}

async function reload(tx: Db, id: ArticleId) {
  const [row] = await tx.select(articleColumns).from(articles).where(eq(articles.id, id))
  if (!row) throw notFound('Article')
  return row
}

async function allTranslations(tx: Db, id: ArticleId) {
  return tx
    .select(translationColumns)
    .from(articleTranslations)
    .where(eq(articleTranslations.articleId, id))
    .orderBy(asc(articleTranslations.locale))
}

export async function createArticle(
  ctx: ServiceContext,
  input: ArticleInput & { categoryId: string; title: string },
) {
  const id = newId('art')
  const title = cleanText(input.title, 'body.title')
  const locale = localeOrThrow(input.locale ?? 'en', 'body.locale')
  const schedule = scheduleOf(input)
  const policyRow = { id, workspaceId: ctx.workspaceId, state: schedule.state }
  if (!(await isAllowedRow(ctx, 'create', 'Article', policyRow))) {
    throw forbidden(await ctx.principal(), 'Article', 'create')
  }
  if (schedule.state !== 'draft') await assertAllowed(ctx, 'publish', 'Article', policyRow)
  if (schedule.inPast) throw scheduleInPast()
  const slug = input.slug ?? slugOf(title)
  try {
    return await transaction(ctx, async (tx) => {
      const category = await articleCategory(ctx, tx, input.categoryId)
      const visibility = input.visibility
        ? await checkVisibility(tx, ctx.workspaceId, input.visibility)
        : null
      const audience = visibility?.audience ?? null
      await checkNarrows(tx, ctx.workspaceId, visibility, category)
      await assertSlugFree(tx, ctx.workspaceId, locale, slug, 'body.slug')
      const now = new Date()
      await tx.insert(articles).values({
        id,
        workspaceId: ctx.workspaceId,
        categoryId: category.id,
        locale,
        slug,
        title,
        body: input.body ?? '',
        state: schedule.state,
        publishAt: schedule.publishAt,
        publishedAt: schedule.state === 'published' ? now : null,
        audience,
        // Until the recomputation below (same transaction): nobody outside the staff.
        effectiveAudience: 'staff',
        authorMemberId:
          ctx.actor.type === 'member'
            ? ctx.actor.id
            : ctx.actor.type === 'api_key'
              ? ctx.actor.memberId
              : null,
      })
      if (visibility) await writeAudience(tx, ctx.workspaceId, id, visibility)
      await syncVisibility(tx, ctx.workspaceId, id)
      const row = await withGrants(tx, ctx.workspaceId, await reload(tx, id))
      await emit(tx, ctx, { type: 'article.created', resourceId: id, data: { article: eventArticle(row) } })
      if (row.state === 'published') {
        await emit(tx, ctx, {
          type: 'article.published',
          resourceId: id,
          data: { article: eventArticle(row), locale },
        })
      }
      return { row, translations: [] as TranslationRow[] }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'articles_workspace_locale_slug_key')) throw slugTaken(slug, 'body.slug')
    throw error
  }
}

export async function updateArticle(
  ctx: ServiceContext,
  id: ArticleId,
  input: ArticleInput,
  ifMatch?: string,
) {
  try {
    return await transaction(ctx, async (tx) => {
      const current = await lockForChange<ArticleRow>(ctx, tx, 'Article', id, {
        action: 'update',
        ifMatch,
        columns: articleColumns,
      })
      const next: Partial<ArticleRow> = {}
      if (input.title !== undefined) next.title = cleanText(input.title, 'body.title')
      if (input.body !== undefined) next.body = input.body
      if (input.locale !== undefined) next.locale = localeOrThrow(input.locale, 'body.locale')
      if (input.slug !== undefined) next.slug = input.slug
      let category: CategoryRow | undefined
      if (input.categoryId !== undefined && input.categoryId !== current.categoryId) {
        category = await articleCategory(ctx, tx, input.categoryId)
        next.categoryId = category.id
      }
      // The article's own segments or organisations: a change of them alone is a change too.
      let grants: { before: Grants; after: Visibility } | undefined
      const before = (await grantsOf(tx, ctx.workspaceId, [id])).get(id) ?? noGrants
      let own: Visibility | null = current.audience === null ? null : visibilityWith(current.audience, before)
      if (input.visibility !== undefined) {
        const visibility = input.visibility
          ? await checkVisibility(tx, ctx.workspaceId, input.visibility)
          : { audience: 'public' as const, segmentIds: [], organizationIds: [] }
        next.audience = input.visibility ? visibility.audience : null
        own = input.visibility ? visibility : null
        if (!sameGrants(before, visibility)) grants = { before, after: visibility }
      }
      if (input.visibility !== undefined || category) {
        category ??= await categoryFor(ctx, tx, current.categoryId, 'body.categoryId')
        await checkNarrows(tx, ctx.workspaceId, own, category)
      }
      if (input.state !== undefined || input.publishAt !== undefined) {
        const schedule = scheduleOf(input, current)
        if (schedule.state === 'published' && current.state === 'published' && input.state === 'published') {
          // Saying it again is no change.
        } else if (
          schedule.state !== current.state ||
          schedule.publishAt?.getTime() !== current.publishAt?.getTime()
        ) {
          if (schedule.state !== 'draft' || current.state !== 'draft')
            await assertAllowed(ctx, 'publish', 'Article', current)
          if (schedule.inPast) throw scheduleInPast()
          next.state = schedule.state
          next.publishAt = schedule.publishAt
          if (schedule.state === 'published' && current.state !== 'published') next.publishedAt = new Date()
          if (schedule.state !== 'published') next.publishedAt = null
        }
      }
      if (
        (next.slug !== undefined && next.slug !== current.slug) ||
        (next.locale !== undefined && next.locale !== current.locale)
      ) {
        await assertSlugFree(
          tx,
          ctx.workspaceId,
          next.locale ?? current.locale,
          next.slug ?? current.slug,
          'body.slug',
          {
            articleId: id,
            primary: true,
          },
        )
      }
      const { changed, previous } = diffFields(current, next)
      if (Object.keys(changed).length === 0 && !grants)
        return {
          row: await withGrants(tx, ctx.workspaceId, current),
          translations: await allTranslations(tx, id),
        }
      if (grants) {
        await writeAudience(tx, ctx.workspaceId, id, grants.after)
        if (grants.before.segmentIds.join() !== grants.after.segmentIds.join())
          previous.segmentIds = grants.before.segmentIds
        if (grants.before.organizationIds.join() !== grants.after.organizationIds.join())
          previous.organizationIds = grants.before.organizationIds
      }
      await tx
        .update(articles)
        .set({ ...changed, ...bumped(articles) })
        .where(and(eq(articles.workspaceId, ctx.workspaceId), eq(articles.id, id)))
      await syncVisibility(tx, ctx.workspaceId, id)
      const row = await withGrants(tx, ctx.workspaceId, await reload(tx, id))
      await emit(tx, ctx, {
        type: 'article.updated',
        resourceId: id,
        data: { article: eventArticle(row), previous: articlePrevious(previous) },
      })
      if (row.state === 'published' && current.state !== 'published') {
        await emit(tx, ctx, {
          type: 'article.published',
          resourceId: id,
          data: { article: eventArticle(row), locale: row.locale },
        })
      }
      return { row, translations: await allTranslations(tx, id) }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'articles_workspace_locale_slug_key'))
      throw slugTaken(input.slug ?? '', 'body.slug')
    throw error
  }
}

function articlePrevious(previous: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(previous)) {
    if (['audience', 'segmentIds', 'organizationIds'].includes(column)) out[`visibility.${column}`] = value
    else if (value instanceof Date) out[column] = value.toISOString()
    else out[column] = value
  }
  return out
}

export async function deleteArticle(ctx: ServiceContext, id: ArticleId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await lockForChange<ArticleRow>(ctx, tx, 'Article', id, {
      action: 'delete',
      ifMatch,
      columns: articleColumns,
    })
    await tx.delete(articles).where(and(eq(articles.workspaceId, ctx.workspaceId), eq(articles.id, id)))
    await dropAudience(tx, id)
    await emit(tx, ctx, {
      type: 'article.deleted',
      resourceId: id,
      data: { article: { id, title: current.title, slug: current.slug } },
    })
  })
}

// -------------------------------------------------------------------------------------- translations

export async function putArticleTranslation(
  ctx: ServiceContext,
  id: ArticleId,
  localeTag: string,
  input: { title: string; body?: string; slug?: string; state?: PublishState; publishAt?: string | null },
  ifMatch?: string,
) {
  const locale = localeOrThrow(localeTag, 'params.locale')
  const title = cleanText(input.title, 'body.title')
  const slug = input.slug ?? slugOf(title)
  try {
    return await transaction(ctx, async (tx) => {
      const current = await lockForChange<ArticleRow>(ctx, tx, 'Article', id, {
        action: 'update',
        ifMatch,
        columns: articleColumns,
      })
      if (locale === current.locale) {
        throw validationFailed([
          {
            path: 'params.locale',
            code: 'primary_locale',
            message: `${locale} is the article's own locale: change the article`,
          },
        ])
      }
      const [existing] = await tx
        .select(translationColumns)
        .from(articleTranslations)
        .where(and(eq(articleTranslations.articleId, id), eq(articleTranslations.locale, locale)))
        .for('update')
      const schedule = scheduleOf(input, existing ?? undefined)
      const stateChanges =
        schedule.state !== (existing?.state ?? 'draft') ||
        schedule.publishAt?.getTime() !== existing?.publishAt?.getTime()
      if (stateChanges && (schedule.state !== 'draft' || (existing && existing.state !== 'draft'))) {
        await assertAllowed(ctx, 'publish', 'Article', current)
      }
      if (stateChanges && schedule.inPast) throw scheduleInPast()
      if (!existing || existing.slug !== slug) {
        await assertSlugFree(tx, ctx.workspaceId, locale, slug, 'body.slug', {
          articleId: id,
          primary: false,
        })
      }
      const publishedAt =
        schedule.state === 'published'
          ? existing?.state === 'published'
            ? existing.publishedAt
            : new Date()
          : null
      const values = {
        slug,
        title,
        body: input.body ?? '',
        state: schedule.state,
        publishAt: schedule.publishAt,
        publishedAt,
        updatedAt: new Date(),
      }
      await tx
        .insert(articleTranslations)
        .values({ workspaceId: ctx.workspaceId, articleId: id, locale, ...values })
        .onConflictDoUpdate({
          target: [articleTranslations.articleId, articleTranslations.locale],
          set: values,
        })
      await tx.update(articles).set(bumped(articles)).where(eq(articles.id, id))
      const row = await reload(tx, id)
      const previous: Record<string, unknown> = {}
      previous[`translations.${locale}`] = existing ? toTranslation(existing) : null
      await emit(tx, ctx, {
        type: 'article.updated',
        resourceId: id,
        data: { article: eventArticle(row), previous },
      })
      if (schedule.state === 'published' && existing?.state !== 'published') {
        await emit(tx, ctx, {
          type: 'article.published',
          resourceId: id,
          data: { article: eventArticle(row), locale },
        })
      }
      return {
        row: await withGrants(tx, ctx.workspaceId, row),
        translations: await allTranslations(tx, id),
        created: !existing,
      }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'article_translations_workspace_locale_slug_key'))
      throw slugTaken(slug, 'body.slug')
    throw error
  }
}

/**
 * Delete an article's translation in `locale` (`404` when it has none). Taking a published or scheduled text
 * away is a publishing decision (`content.publish`), as unpublishing it would be. The article's version moves
 * (its answer lists its translations) and `article.updated` carries the deleted translation as `previous`.
 */
export async function deleteArticleTranslation(
  ctx: ServiceContext,
  id: ArticleId,
  localeTag: string,
  ifMatch?: string,
) {
  const locale = localeOrThrow(localeTag, 'params.locale')
  return transaction(ctx, async (tx) => {
    const current = await lockForChange<ArticleRow>(ctx, tx, 'Article', id, {
      action: 'update',
      ifMatch,
      columns: articleColumns,
    })
    const [existing] = await tx
      .select(translationColumns)
      .from(articleTranslations)
      .where(and(eq(articleTranslations.articleId, id), eq(articleTranslations.locale, locale)))
      .for('update')
    if (!existing) throw notFound(`Translation ${locale}`)
    if (existing.state !== 'draft') await assertAllowed(ctx, 'publish', 'Article', current)
    await tx
      .delete(articleTranslations)
      .where(and(eq(articleTranslations.articleId, id), eq(articleTranslations.locale, locale)))
    await tx.update(articles).set(bumped(articles)).where(eq(articles.id, id))
    const row = await reload(tx, id)
    await emit(tx, ctx, {
      type: 'article.updated',
      resourceId: id,
      data: { article: eventArticle(row), previous: { [`translations.${locale}`]: toTranslation(existing) } },
    })
    return { row: await withGrants(tx, ctx.workspaceId, row), translations: await allTranslations(tx, id) }
  })
}

// --------------------------------------------------------------------------------------------- votes

/**
 * Say whether an article helped. A contact or member has one answer per article (a second replaces the first);
 * an anonymous visitor's answers are counted, not kept per person. The counts move in the same transaction.
 */
export async function voteArticle(
  ctx: ServiceContext,
  id: ArticleId,
  input: { helpful: boolean; reason?: string | null; locale?: string },
) {
  const locale = input.locale === undefined ? undefined : localeOrThrow(input.locale, 'body.locale')
  return transaction(ctx, async (tx) => {
    const read = await filterFor(ctx, 'read', 'Article')
    const vote = await filterFor(ctx, 'vote', 'Article')
    const [article] = await tx
      .select(articleColumns)
      .from(articles)
      .where(and(eq(articles.workspaceId, ctx.workspaceId), eq(articles.id, id), read.where))
      .for('update')
    if (!article) throw notFound('Article')
    const [allowed] = vote.none
      ? []
      : await tx
          .select({ id: articles.id })
          .from(articles)
          .where(and(eq(articles.id, id), vote.where))
    if (!allowed) throw forbidden(await ctx.principal(), 'Article', 'vote')
    const voter =
      ctx.actor.type === 'contact'
        ? { contactId: ctx.actor.id, memberId: null }
        : ctx.actor.type === 'member'
          ? { contactId: null, memberId: ctx.actor.id }
          : ctx.actor.type === 'api_key'
            ? { contactId: null, memberId: ctx.actor.memberId }
            : { contactId: null, memberId: null }
    let former: boolean | undefined
    if (voter.contactId || voter.memberId) {
      const [existing] = await tx
        .select()
        .from(articleVotes)
        .where(
          and(
            eq(articleVotes.articleId, id),
            voter.contactId
              ? eq(articleVotes.contactId, voter.contactId)
              : eq(articleVotes.memberId, voter.memberId as NonNullable<typeof voter.memberId>),
          ),
        )
      if (existing) {
        former = existing.helpful
        await tx
          .update(articleVotes)
          .set({
            helpful: input.helpful,
            reason: input.reason ?? null,
            locale: locale ?? article.locale,
            createdAt: new Date(),
          })
          .where(eq(articleVotes.id, existing.id))
      }
    }
    if (former === undefined) {
      await tx.insert(articleVotes).values({
        id: newId('vote'),
        workspaceId: ctx.workspaceId,
        articleId: id,
        ...voter,
        locale: locale ?? article.locale,
        helpful: input.helpful,
        reason: input.reason ?? null,
      })
    }
    const helpfulDelta = input.helpful ? (former === true ? 0 : 1) : former === true ? -1 : 0
    const notHelpfulDelta = !input.helpful ? (former === false ? 0 : 1) : former === false ? -1 : 0
    const [counts] = await tx
      .update(articles)
      .set({
        helpfulCount: sql`${articles.helpfulCount} + ${helpfulDelta}`,
        notHelpfulCount: sql`${articles.notHelpfulCount} + ${notHelpfulDelta}`,
      })
      .where(eq(articles.id, id))
      .returning({ helpfulCount: articles.helpfulCount, notHelpfulCount: articles.notHelpfulCount })
    const answer = {
      articleId: id,
      helpful: input.helpful,
      reason: input.reason ?? null,
      locale: locale ?? article.locale,
      helpfulCount: counts?.helpfulCount ?? 0,
      notHelpfulCount: counts?.notHelpfulCount ?? 0,
    }
    await emit(tx, ctx, { type: 'article.voted', resourceId: id, data: { vote: answer } })
    return answer
  })
}

// ----------------------------------------------------------------------------------- scheduled publish

/**
 * Publish the articles and translations whose scheduled time has come, each exactly once: the `UPDATE … WHERE
 * state = 'scheduled' … RETURNING` claims the rows in the transaction that emits their `article.published`, so
 * a second worker running at the same moment finds nothing left to claim (it waits on the row locks, then
 * re-checks the condition). Answers how many it published.
 */
export async function publishDueArticles(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .update(articles)
      .set({
        state: 'published',
        publishedAt: sql`${articles.publishAt}`,
        publishAt: null,
        ...bumped(articles),
      })
      .where(
        and(eq(articles.state, 'scheduled'), sql`${articles.publishAt} <= ${now.toISOString()}::timestamptz`),
      )
      .returning()
    for (const row of due) {
      await emit(
        tx,
        { workspaceId: row.workspaceId, eventActor: systemActor },
        {
          type: 'article.published',
          resourceId: row.id,
          data: { article: eventArticle(row), locale: row.locale },
        },
      )
    }
    const translations = await tx
      .update(articleTranslations)
      .set({
        state: 'published',
        publishedAt: sql`${articleTranslations.publishAt}`,
        publishAt: null,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(articleTranslations.state, 'scheduled'),
          sql`${articleTranslations.publishAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .returning(translationColumns)
    for (const t of translations) {
      // The article's answer carries its translations' states: its ETag moves with them.
      await tx.update(articles).set(bumped(articles)).where(eq(articles.id, t.articleId))
      const row = await reload(tx, t.articleId)
      await emit(
        tx,
        { workspaceId: t.workspaceId, eventActor: systemActor },
        {
          type: 'article.published',
          resourceId: t.articleId,
          data: { article: eventArticle(row), locale: t.locale },
        },
      )
    }
    return due.length + translations.length
  })
}
