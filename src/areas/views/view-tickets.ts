import { and, eq, type SQL, sql } from 'drizzle-orm'
import { listFilter } from '../../authz/guard'
import { compileCondition } from '../../conditions/compile'
import type { FieldCatalogue } from '../../conditions/types'
import { conditionErrors } from '../../conditions/validate'
import type { ServiceContext } from '../../context/service'
import { anyOf } from '../../db/any-of'
import { customFields } from '../../db/schema/ticket-setup'
import { tickets } from '../../db/schema/tickets'
import { views } from '../../db/schema/views'
import { ApiError } from '../../http/errors'
import { preparedWithAuthz } from '../../http/pagination'
import { idToUuid, type WorkspaceId } from '../../ids'
import {
  type CustomFieldShape,
  type TicketConditionRecord,
  ticketConditionFields,
} from '../tickets/condition-fields'
import { listTickets, ticketReadFilter } from '../tickets/service/tickets'
import { customFieldShapes, getViewOrThrow, type ViewId, type ViewRow } from './service'

/**
 * A stored view's conditions as SQL over `tickets`. They are checked again against today's ticket fields first: a
 * custom field may have changed type since the view was saved (422 `invalid_condition` naming the view's paths).
 */
function viewPredicate(
  view: ViewRow,
  fields: FieldCatalogue<TicketConditionRecord>,
  now: Date,
  path: string,
  nowPlaceholder?: string,
): SQL {
  const errors = conditionErrors(view.conditions, fields, path)
  if (errors.length > 0) {
    throw new ApiError(
      'invalid_condition',
      `The conditions of view ${view.id} no longer fit the ticket fields; update the view`,
      { errors },
    )
  }
  return compileCondition(view.conditions, fields, { now, nowPlaceholder })
}

/** The workspace's live custom field definitions as one JSON value, for a select list. */
const workspaceShapes = (workspaceId: WorkspaceId) =>
  sql<
    CustomFieldShape[]
  >`(select coalesce(json_agg(json_build_object('key', ${customFields.key}, 'type', ${customFields.type}, 'options', ${customFields.options})), '[]'::json) from ${customFields} where ${customFields.workspaceId} = ${idToUuid(workspaceId)}::uuid and ${customFields.archivedAt} is null)`.mapWith(
    (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as CustomFieldShape[],
  )

export interface ViewTicketsQuery {
  limit: number
  cursor?: string
  /** Overrides the view's own sort. */
  sort?: string
}

/** Compiled view predicates by view id, version and the custom field shapes they were compiled against. */
const viewWheres = new Map<string, SQL>()
const maxViewWheres = 1000

/**
 * The view's tickets that the caller may read, paginated as `GET /v1/tickets` pages. The view's conditions are
 * compiled once per view version and field definitions, against a `now` bound when the list runs, so the list's
 * statement is prepared once per view and caller predicate.
 */
export async function listViewTickets(
  ctx: ServiceContext,
  id: ViewId,
  query: ViewTicketsQuery,
  secret: string,
) {
  const view = await getViewOrThrow(ctx, id)
  const shapes = await customFieldShapes(ctx.db, ctx.workspaceId)
  const key = `${view.id}:${view.version}:${JSON.stringify(shapes)}`
  let where = viewWheres.get(key)
  if (!where) {
    where = viewPredicate(view, ticketConditionFields(shapes), new Date(), 'conditions', 'now')
    if (viewWheres.size >= maxViewWheres) viewWheres.delete(viewWheres.keys().next().value as string)
    viewWheres.set(key, where)
  }
  return listTickets(
    ctx,
    { limit: query.limit, cursor: query.cursor, sort: query.sort ?? view.sort },
    secret,
    { where, key, params: { now: new Date().toISOString() }, name: 'list_view_tickets' },
  )
}

/**
 * The state a count depends on besides the tickets, as one text value: the id and version of each view in
 * `uuids` that the caller may read (`readViews`), and of each live custom field of the workspace (which type the
 * conditions). Computed in the statement that counts, it tells whether the definitions a count was compiled from
 * are still those of that statement's snapshot.
 */
const definitionsStamp = (workspaceId: WorkspaceId, uuids: string[], readViews: SQL | undefined) =>
  sql<string>`(select coalesce(string_agg(${views.id}::text || ':' || ${views.version}, ',' order by ${views.id}), '') from ${views} where ${and(eq(views.workspaceId, workspaceId), anyOf(views.id, uuids), readViews)}) || '|' || (select coalesce(string_agg(${customFields.id}::text || ':' || ${customFields.version}, ',' order by ${customFields.id}), '') from ${customFields} where ${customFields.workspaceId} = ${idToUuid(workspaceId)}::uuid and ${customFields.archivedAt} is null)`

/**
 * What a set of views was last counted from: their rows (in the request's order), the ticket fields and the
 * stamp. Its counting statements are prepared per plan and caller's pair of compiled predicates (ticket read,
 * which the counts are taken under, and view read, which the stamp is read under): callers who read every ticket
 * share one ticket predicate object, but not the views they see (personal views).
 */
interface CountPlan {
  views: ViewRow[]
  fields: FieldCatalogue<TicketConditionRecord>
  stamp: string
}

/** Count plans per database handle, keyed by workspace and view ids; the oldest goes past `maxPlans`. */
const countPlans = new WeakMap<object, Map<string, CountPlan>>()
const maxPlans = 1000

function plansOf(db: object) {
  let plans = countPlans.get(db)
  if (!plans) {
    plans = new Map()
    countPlans.set(db, plans)
  }
  return plans
}

/** The views and the custom field definitions (an uncorrelated subquery, evaluated once) in one statement. */
async function loadCountPlan(
  ctx: ServiceContext,
  ids: readonly ViewId[],
  unique: ViewId[],
  readViews: SQL | undefined,
): Promise<CountPlan> {
  const uuids = unique.map(idToUuid)
  const rows = await ctx.db
    .select({
      view: views,
      shapes: workspaceShapes(ctx.workspaceId),
      stamp: definitionsStamp(ctx.workspaceId, uuids, readViews),
    })
    .from(views)
    .where(and(eq(views.workspaceId, ctx.workspaceId), anyOf(views.id, uuids), readViews))
  const byId = new Map(rows.map((r) => [r.view.id as string, r.view]))
  const missing = ids.flatMap((id, i) => (byId.has(id) ? [] : [{ id, i }]))
  const [firstMissing] = missing
  if (firstMissing) {
    throw new ApiError('not_found', `View ${firstMissing.id} not found`, {
      errors: missing.map(({ id, i }) => ({
        path: `query.ids[${i}]`,
        code: 'not_found',
        message: `view ${id} not found`,
      })),
    })
  }
  return {
    views: unique.map((id) => byId.get(id) as ViewRow),
    fields: ticketConditionFields(rows[0]?.shapes ?? []),
    stamp: rows[0]?.stamp ?? '',
  }
}

/**
 * How many tickets the caller may read match each view: `count(*) filter (where …)` per view over the caller's
 * readable tickets, in one statement. A view the caller does not see answers 404 naming its place in `ids`.
 *
 * The views' definitions are kept from the last count of the same views (per process), and the counting
 * statement also answers the definitions' stamp in its own snapshot: when it matches, the counts stand, so a
 * polling frontend costs one statement. A view or custom field changed since, a view the caller may no longer
 * read, or a first count: the definitions are read (one more statement) and the counts taken again.
 */
export async function countViews(ctx: ServiceContext, ids: readonly ViewId[]) {
  const unique = [...new Set(ids)]
  const uuids = unique.map(idToUuid)
  const readViews = await listFilter(ctx, 'View')
  const readTickets = await ticketReadFilter(ctx)
  const plans = plansOf(ctx.db)
  const key = `${ctx.workspaceId}:${unique.join(',')}`
  const statementOf = (plan: CountPlan) =>
    preparedWithAuthz(ctx.db, [plan, readTickets, readViews], 'count_views', (db) => {
      const now = new Date()
      const selection: Record<string, SQL<unknown>> = {
        stamp: definitionsStamp(ctx.workspaceId, uuids, readViews),
      }
      for (const [i, view] of plan.views.entries()) {
        const predicate = viewPredicate(view, plan.fields, now, `views.${view.id}.conditions`, 'now')
        selection[`v${i}`] = sql<number>`count(*) filter (where ${predicate})`.mapWith(Number)
      }
      return db
        .select(selection)
        .from(tickets)
        .where(and(eq(tickets.workspaceId, ctx.workspaceId), readTickets))
        .prepare('count_views')
    })
  const count = async (plan: CountPlan) => {
    const [row] = await statementOf(plan).execute({ now: new Date().toISOString() })
    return row ?? { stamp: '' }
  }
  const known = plans.get(key)
  let plan = known
  let counts = known ? await count(known) : undefined
  if (!plan || !counts || counts.stamp !== plan.stamp) {
    plan = await loadCountPlan(ctx, ids, unique, readViews)
    counts = await count(plan)
    plans.delete(key)
    if (plans.size >= maxPlans) plans.delete(plans.keys().next().value as string)
    plans.set(key, plan)
  }
  const answered = counts
  return ids.map((viewId) => ({ viewId, count: (answered[`v${unique.indexOf(viewId)}`] as number) ?? 0 }))
}
