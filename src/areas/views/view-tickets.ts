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
import { idToUuid, type WorkspaceId } from '../../ids'
import {
  type CustomFieldShape,
  type TicketConditionRecord,
  ticketConditionFields,
} from '../tickets/condition-fields'
import { listTickets, ticketReadFilter } from '../tickets/service/tickets'
import { getViewOrThrow, type ViewId, type ViewRow, viewFields } from './service'

/**
 * A stored view's conditions as SQL over `tickets`. They are checked again against today's ticket fields first: a
 * custom field may have changed type since the view was saved (422 `invalid_condition` naming the view's paths).
 */
function viewPredicate(
  view: ViewRow,
  fields: FieldCatalogue<TicketConditionRecord>,
  now: Date,
  path: string,
): SQL {
  const errors = conditionErrors(view.conditions, fields, path)
  if (errors.length > 0) {
    throw new ApiError(
      'invalid_condition',
      `The conditions of view ${view.id} no longer fit the ticket fields; update the view`,
      { errors },
    )
  }
  return compileCondition(view.conditions, fields, { now })
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

/** The view's tickets that the caller may read, paginated as `GET /v1/tickets` pages. */
export async function listViewTickets(
  ctx: ServiceContext,
  id: ViewId,
  query: ViewTicketsQuery,
  secret: string,
) {
  const view = await getViewOrThrow(ctx, id)
  const fields = await viewFields(ctx.db, ctx.workspaceId)
  const where = viewPredicate(view, fields, new Date(), 'conditions')
  return listTickets(
    ctx,
    { limit: query.limit, cursor: query.cursor, sort: query.sort ?? view.sort },
    secret,
    { where, name: 'list_view_tickets' },
  )
}

/**
 * How many tickets the caller may read match each view: the views with the custom field definitions in one
 * statement, and every count in a second (`count(*) filter (where …)` per view over the caller's readable
 * tickets). A view the caller does not see answers 404 naming its place in `ids`.
 */
export async function countViews(ctx: ServiceContext, ids: readonly ViewId[]) {
  const unique = [...new Set(ids)]
  const readViews = await listFilter(ctx, 'View')
  const readTickets = await ticketReadFilter(ctx)
  // The views and the workspace's custom field definitions (an uncorrelated subquery, evaluated once) in one
  // statement; the counts in a second.
  const rows = await ctx.db
    .select({ view: views, shapes: workspaceShapes(ctx.workspaceId) })
    .from(views)
    .where(and(eq(views.workspaceId, ctx.workspaceId), anyOf(views.id, unique.map(idToUuid)), readViews))
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
  const fields = ticketConditionFields(rows[0]?.shapes ?? [])
  const now = new Date()
  const selection: Record<string, SQL<number>> = {}
  for (const [i, row] of unique.map((id) => byId.get(id) as ViewRow).entries()) {
    const predicate = viewPredicate(row, fields, now, `views.${row.id}.conditions`)
    selection[`v${i}`] = sql<number>`count(*) filter (where ${predicate})`.mapWith(Number)
  }
  const [counts] = await ctx.db
    .select(selection)
    .from(tickets)
    .where(and(eq(tickets.workspaceId, ctx.workspaceId), readTickets))
  return ids.map((viewId) => ({ viewId, count: counts?.[`v${unique.indexOf(viewId)}`] ?? 0 }))
}
