import { and, asc, count, eq, ne, sql } from 'drizzle-orm'
import { forbidden } from '../../authz/authorizer'
import { isAllowedRow, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { type TicketStatusCategory, ticketStatuses } from '../../db/schema/ticket-setup'
import { tickets } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { type Id, newId, type WorkspaceId } from '../../ids'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { getVisibleOrThrow } from '../../kit/visible'
import { recategoriseTickets } from '../tickets/service/recategorise'
import { assertBelowLimit, cleanName, lockSetup, nextPosition } from './shared'

export type TicketStatusId = Id<'tst'>
export type TicketStatusRow = typeof ticketStatuses.$inferSelect

/** At most this many statuses per workspace: the list is not paged. */
export const maxTicketStatuses = 100

/** Categories that must always keep a status: new tickets enter `new`, replies reopen into `open`. */
const requiredCategories: readonly TicketStatusCategory[] = ['new', 'open']

/** The statuses a new workspace starts with: one per category, each its category's default. */
export const defaultTicketStatuses: readonly { name: string; category: TicketStatusCategory }[] = [
  { name: 'New', category: 'new' },
  { name: 'Open', category: 'open' },
  { name: 'Pending', category: 'pending' },
  { name: 'On hold', category: 'on_hold' },
  { name: 'Solved', category: 'solved' },
  { name: 'Closed', category: 'closed' },
]

/** A ticket status as clients see it. */
export const toTicketStatus = (s: TicketStatusRow) => ({
  id: s.id,
  name: s.name,
  category: s.category,
  color: s.color,
  position: s.position,
  isDefault: s.isDefault,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
})

/** The workspace setup step: a new workspace gets the default statuses (no events: `workspace.created` says it). */
export async function seedTicketStatuses(tx: Db, workspaceId: WorkspaceId): Promise<void> {
  await tx.insert(ticketStatuses).values(
    defaultTicketStatuses.map((status, position) => ({
      id: newId('tst'),
      workspaceId,
      name: status.name,
      category: status.category,
      position,
      isDefault: true,
    })),
  )
}

export async function listTicketStatuses(ctx: ServiceContext) {
  const authz = await listFilter(ctx, 'TicketStatus')
  return ctx.db
    .select()
    .from(ticketStatuses)
    .where(and(eq(ticketStatuses.workspaceId, ctx.workspaceId), authz))
    .orderBy(asc(ticketStatuses.position), asc(ticketStatuses.id))
}

export async function getTicketStatusOrThrow(ctx: ServiceContext, id: string, db: Db = ctx.db) {
  const row = await getVisibleOrThrow(ctx, 'TicketStatus', ticketStatuses, id, 'Ticket status', { db })
  return row
}

const statusNameTaken = (name: string) =>
  new ApiError('name_taken', `A ticket status named ${name} already exists in this workspace`)

const inCategory = (ctx: ServiceContext, category: TicketStatusCategory) =>
  and(eq(ticketStatuses.workspaceId, ctx.workspaceId), eq(ticketStatuses.category, category))

async function statusesIn(ctx: ServiceContext, tx: Db, category: TicketStatusCategory): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(ticketStatuses).where(inCategory(ctx, category))
  return Number(row?.n ?? 0)
}

async function hasDefault(ctx: ServiceContext, tx: Db, category: TicketStatusCategory): Promise<boolean> {
  const [row] = await tx
    .select({ id: ticketStatuses.id })
    .from(ticketStatuses)
    .where(and(inCategory(ctx, category), eq(ticketStatuses.isDefault, true)))
  return row !== undefined
}

async function emitUpdated(
  ctx: ServiceContext,
  tx: Db,
  row: TicketStatusRow,
  previous: Record<string, unknown>,
) {
  await emit(tx, ctx, {
    type: 'ticket_status.updated',
    resourceId: row.id,
    data: { ticketStatus: toTicketStatus(row), previous },
  })
}

/** The former default of `category` (other than `id`) stops being it, and says so in its own event. */
async function releaseDefault(
  ctx: ServiceContext,
  tx: Db,
  category: TicketStatusCategory,
  id: TicketStatusId,
) {
  const former = await tx
    .update(ticketStatuses)
    .set({ isDefault: false, ...bumped(ticketStatuses) })
    .where(and(inCategory(ctx, category), eq(ticketStatuses.isDefault, true), ne(ticketStatuses.id, id)))
    .returning()
  for (const row of former) await emitUpdated(ctx, tx, row, { isDefault: true })
}

/** A category that has statuses but lost its default (moved or deleted) makes its first status the default. */
async function restoreDefault(ctx: ServiceContext, tx: Db, category: TicketStatusCategory) {
  if (await hasDefault(ctx, tx, category)) return
  const [first] = await tx
    .select({ id: ticketStatuses.id })
    .from(ticketStatuses)
    .where(inCategory(ctx, category))
    .orderBy(asc(ticketStatuses.position), asc(ticketStatuses.id))
    .limit(1)
  if (!first) return
  const [row] = await tx
    .update(ticketStatuses)
    .set({ isDefault: true, ...bumped(ticketStatuses) })
    .where(and(eq(ticketStatuses.workspaceId, ctx.workspaceId), eq(ticketStatuses.id, first.id)))
    .returning()
  if (row) await emitUpdated(ctx, tx, row, { isDefault: false })
}

async function assertNotLastOfCategory(ctx: ServiceContext, tx: Db, current: TicketStatusRow) {
  if (!requiredCategories.includes(current.category)) return
  if ((await statusesIn(ctx, tx, current.category)) > 1) return
  throw new ApiError(
    'last_status_in_category',
    `${current.name} is the last status of category ${current.category}; a workspace needs one`,
  )
}

export interface TicketStatusInput {
  name?: string
  category?: TicketStatusCategory
  color?: string | null
  position?: number
  isDefault?: boolean
}

export async function createTicketStatus(
  ctx: ServiceContext,
  input: TicketStatusInput & { name: string; category: TicketStatusCategory },
) {
  const id = newId('tst')
  const name = cleanName(input.name)
  if (!(await isAllowedRow(ctx, 'create', 'TicketStatus', { id, workspaceId: ctx.workspaceId }))) {
    throw forbidden(await ctx.principal(), 'TicketStatus', 'create')
  }
  try {
    return await transaction(ctx, async (tx) => {
      await lockSetup(ctx, tx, 'ticket_statuses')
      const [total] = await tx
        .select({ n: count() })
        .from(ticketStatuses)
        .where(eq(ticketStatuses.workspaceId, ctx.workspaceId))
      assertBelowLimit(Number(total?.n ?? 0), maxTicketStatuses, 'ticket statuses')
      const position =
        input.position ??
        (await nextPosition(
          tx
            .select({ max: sql<number | null>`max(${ticketStatuses.position})` })
            .from(ticketStatuses)
            .where(eq(ticketStatuses.workspaceId, ctx.workspaceId)),
        ))
      // The first status of a category is its default, whatever the input says.
      const isDefault = input.isDefault === true || !(await hasDefault(ctx, tx, input.category))
      if (isDefault) await releaseDefault(ctx, tx, input.category, id)
      const [row] = await tx
        .insert(ticketStatuses)
        .values({
          id,
          workspaceId: ctx.workspaceId,
          name,
          category: input.category,
          color: input.color ?? null,
          position,
          isDefault,
        })
        .returning()
      if (!row) throw new Error('insert returned no status')
      await emit(tx, ctx, {
        type: 'ticket_status.created',
        resourceId: id,
        data: { ticketStatus: toTicketStatus(row) },
      })
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error, 'ticket_statuses_workspace_name_key')) throw statusNameTaken(name)
    throw error
  }
}

/**
 * Change a status. A new category moves its tickets' `status_category` in the same transaction; defaults are
 * kept one per non-empty category (see the spec's `updateTicketStatus`).
 */
export async function updateTicketStatus(
  ctx: ServiceContext,
  id: TicketStatusId,
  input: TicketStatusInput,
  ifMatch?: string,
) {
  const wanted: Partial<TicketStatusRow> = {}
  if (input.name !== undefined) wanted.name = cleanName(input.name)
  if (input.category !== undefined) wanted.category = input.category
  if (input.color !== undefined) wanted.color = input.color
  if (input.position !== undefined) wanted.position = input.position
  if (input.isDefault !== undefined) wanted.isDefault = input.isDefault
  try {
    return await transaction(ctx, async (tx) => {
      await lockSetup(ctx, tx, 'ticket_statuses')
      const current = await lockForChange<TicketStatusRow>(ctx, tx, 'TicketStatus', id, {
        action: 'update',
        ifMatch,
        label: 'Ticket status',
      })
      const moving = wanted.category !== undefined && wanted.category !== current.category
      if (moving) {
        await assertNotLastOfCategory(ctx, tx, current)
        const target = wanted.category as TicketStatusCategory
        // The first status of its new category is its default; otherwise only when asked.
        wanted.isDefault = !(await hasDefault(ctx, tx, target)) || input.isDefault === true
      } else if (input.isDefault === false && current.isDefault) {
        throw new ApiError(
          'default_status_required',
          `${current.name} is the default of category ${current.category}; make another status the default instead`,
        )
      }
      const { changed, previous } = diffFields(current, wanted)
      if (Object.keys(changed).length === 0) return current
      const category = (changed.category ?? current.category) as TicketStatusCategory
      if (changed.isDefault || (moving && wanted.isDefault)) await releaseDefault(ctx, tx, category, id)
      const [updated] = await tx
        .update(ticketStatuses)
        .set({ ...changed, ...bumped(ticketStatuses) })
        .where(and(eq(ticketStatuses.workspaceId, ctx.workspaceId), eq(ticketStatuses.id, id)))
        .returning()
      if (!updated) throw notFound('Ticket status')
      if (moving) {
        await recategoriseTickets(ctx, tx, id, current.category, category)
        if (current.isDefault) await restoreDefault(ctx, tx, current.category)
      }
      await emitUpdated(ctx, tx, updated, previous)
      return updated
    })
  } catch (error) {
    if (isUniqueViolation(error, 'ticket_statuses_workspace_name_key'))
      throw statusNameTaken(wanted.name ?? '')
    throw error
  }
}

/**
 * Delete a status. Its tickets move to `replacementStatusId` (their category follows), else `409
 * ticket_status_in_use`; the last status of `new` or `open` stays (`409 last_status_in_category`).
 */
export async function deleteTicketStatus(
  ctx: ServiceContext,
  id: TicketStatusId,
  options: { replacementStatusId?: string; ifMatch?: string },
) {
  await transaction(ctx, async (tx) => {
    await lockSetup(ctx, tx, 'ticket_statuses')
    const current = await lockForChange<TicketStatusRow>(ctx, tx, 'TicketStatus', id, {
      action: 'delete',
      ifMatch: options.ifMatch,
      label: 'Ticket status',
    })
    let replacement: TicketStatusRow | undefined
    if (options.replacementStatusId !== undefined) {
      if (options.replacementStatusId !== id) {
        ;[replacement] = await tx
          .select()
          .from(ticketStatuses)
          .where(
            and(
              eq(ticketStatuses.workspaceId, ctx.workspaceId),
              eq(ticketStatuses.id, options.replacementStatusId as TicketStatusId),
            ),
          )
      }
      if (!replacement) {
        const message = `must be another ticket status of this workspace`
        throw new ApiError('invalid_replacement_status', `query.replacementStatusId: ${message}`, {
          errors: [{ path: 'query.replacementStatusId', code: 'invalid_replacement_status', message }],
        })
      }
    }
    await assertNotLastOfCategory(ctx, tx, current)
    const scope = and(eq(tickets.workspaceId, ctx.workspaceId), eq(tickets.statusId, id))
    const [used] = await tx.select({ n: count() }).from(tickets).where(scope)
    const inUse = Number(used?.n ?? 0)
    if (inUse > 0 && !replacement) {
      throw new ApiError(
        'ticket_status_in_use',
        `${inUse} ticket(s) have the status ${current.name}; name a replacementStatusId to move them`,
      )
    }
    if (replacement && inUse > 0) {
      await tx
        .update(tickets)
        .set({ statusId: replacement.id, statusCategory: replacement.category, ...bumped(tickets) })
        .where(scope)
    }
    await tx
      .delete(ticketStatuses)
      .where(and(eq(ticketStatuses.workspaceId, ctx.workspaceId), eq(ticketStatuses.id, id)))
    await emit(tx, ctx, {
      type: 'ticket_status.deleted',
      resourceId: id,
      data: {
        ticketStatus: { id, name: current.name, category: current.category },
        replacementStatusId: replacement?.id ?? null,
        ticketsMoved: replacement ? inUse : 0,
      },
    })
    if (current.isDefault) await restoreDefault(ctx, tx, current.category)
  })
}
