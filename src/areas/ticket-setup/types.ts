import { and, asc, count, eq, inArray, sql } from 'drizzle-orm'
import { forbidden } from '../../authz/authorizer'
import { isAllowedRow, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { customFields, ticketTypes } from '../../db/schema/ticket-setup'
import { tickets } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { type Id, newId } from '../../ids'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { getVisibleOrThrow } from '../../kit/visible'
import { assertBelowLimit, cleanName, lockSetup, nextPosition } from './shared'

export type TicketTypeId = Id<'ttyp'>
export type TicketTypeRow = typeof ticketTypes.$inferSelect

/** At most this many types per workspace: the list is not paged. */
export const maxTicketTypes = 100

/** A ticket type as clients see it. */
export const toTicketType = (t: TicketTypeRow) => ({
  id: t.id,
  name: t.name,
  description: t.description,
  customFieldIds: t.customFieldIds,
  position: t.position,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
})

export async function listTicketTypes(ctx: ServiceContext) {
  const authz = await listFilter(ctx, 'TicketType')
  return ctx.db
    .select()
    .from(ticketTypes)
    .where(and(eq(ticketTypes.workspaceId, ctx.workspaceId), authz))
    .orderBy(asc(ticketTypes.position), asc(ticketTypes.id))
}

export async function getTicketTypeOrThrow(ctx: ServiceContext, id: string, db: Db = ctx.db) {
  const row = await getVisibleOrThrow(ctx, 'TicketType', ticketTypes, id, 'Ticket type', { db })
  return row
}

const typeNameTaken = (name: string) =>
  new ApiError('name_taken', `A ticket type named ${name} already exists in this workspace`)

/** 422 naming the first id that is not a custom field of the workspace; the ids otherwise, as given. */
async function checkFieldIds(ctx: ServiceContext, tx: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return []
  const found = await tx
    .select({ id: customFields.id })
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), inArray(customFields.id, ids as never[])))
  const known = new Set<string>(found.map((f) => f.id))
  const index = ids.findIndex((id) => !known.has(id))
  if (index >= 0) {
    const path = `body.customFieldIds.${index}`
    const message = `custom field ${ids[index]} not found`
    throw new ApiError('unknown_custom_field', `${path}: ${message}`, {
      errors: [{ path, code: 'unknown_custom_field', message }],
    })
  }
  return [...ids]
}

export interface TicketTypeInput {
  name?: string
  description?: string | null
  customFieldIds?: string[]
  position?: number
}

export async function createTicketType(ctx: ServiceContext, input: TicketTypeInput & { name: string }) {
  const id = newId('ttyp')
  const name = cleanName(input.name)
  if (!(await isAllowedRow(ctx, 'create', 'TicketType', { id, workspaceId: ctx.workspaceId }))) {
    throw forbidden(await ctx.principal(), 'TicketType', 'create')
  }
  try {
    return await transaction(ctx, async (tx) => {
      await lockSetup(ctx, tx, 'ticket_types')
      const [total] = await tx
        .select({ n: count() })
        .from(ticketTypes)
        .where(eq(ticketTypes.workspaceId, ctx.workspaceId))
      assertBelowLimit(Number(total?.n ?? 0), maxTicketTypes, 'ticket types')
      const customFieldIds = await checkFieldIds(ctx, tx, input.customFieldIds ?? [])
      const position =
        input.position ??
        (await nextPosition(
          tx
            .select({ max: sql<number | null>`max(${ticketTypes.position})` })
            .from(ticketTypes)
            .where(eq(ticketTypes.workspaceId, ctx.workspaceId)),
        ))
      const [row] = await tx
        .insert(ticketTypes)
        .values({
          id,
          workspaceId: ctx.workspaceId,
          name,
          description: input.description ?? null,
          customFieldIds,
          position,
        })
        .returning()
      if (!row) throw new Error('insert returned no ticket type')
      await emit(tx, ctx, {
        type: 'ticket_type.created',
        resourceId: id,
        data: { ticketType: toTicketType(row) },
      })
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error, 'ticket_types_workspace_name_key')) throw typeNameTaken(name)
    throw error
  }
}

export async function updateTicketType(
  ctx: ServiceContext,
  id: TicketTypeId,
  input: TicketTypeInput,
  ifMatch?: string,
) {
  const wanted: Partial<TicketTypeRow> = {}
  if (input.name !== undefined) wanted.name = cleanName(input.name)
  if (input.description !== undefined) wanted.description = input.description
  if (input.position !== undefined) wanted.position = input.position
  try {
    return await transaction(ctx, async (tx) => {
      const current = await lockForChange<TicketTypeRow>(ctx, tx, 'TicketType', id, {
        action: 'update',
        ifMatch,
        label: 'Ticket type',
      })
      if (input.customFieldIds !== undefined)
        wanted.customFieldIds = await checkFieldIds(ctx, tx, input.customFieldIds)
      const { changed, previous } = diffFields(current, wanted)
      if (Object.keys(changed).length === 0) return current
      const [updated] = await tx
        .update(ticketTypes)
        .set({ ...changed, ...bumped(ticketTypes) })
        .where(and(eq(ticketTypes.workspaceId, ctx.workspaceId), eq(ticketTypes.id, id)))
        .returning()
      if (!updated) throw notFound('Ticket type')
      await emit(tx, ctx, {
        type: 'ticket_type.updated',
        resourceId: id,
        data: { ticketType: toTicketType(updated), previous },
      })
      return updated
    })
  } catch (error) {
    if (isUniqueViolation(error, 'ticket_types_workspace_name_key')) throw typeNameTaken(wanted.name ?? '')
    throw error
  }
}

/** Delete a type; its tickets keep no type (their ETags move: their representation changed). */
export async function deleteTicketType(ctx: ServiceContext, id: TicketTypeId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await lockForChange<TicketTypeRow>(ctx, tx, 'TicketType', id, {
      action: 'delete',
      ifMatch,
      label: 'Ticket type',
    })
    await tx
      .update(tickets)
      .set({ typeId: null, ...bumped(tickets) })
      .where(and(eq(tickets.workspaceId, ctx.workspaceId), eq(tickets.typeId, id)))
    await tx
      .delete(ticketTypes)
      .where(and(eq(ticketTypes.workspaceId, ctx.workspaceId), eq(ticketTypes.id, id)))
    await emit(tx, ctx, {
      type: 'ticket_type.deleted',
      resourceId: id,
      data: { ticketType: { id, name: current.name } },
    })
  })
}

/** Take a deleted custom field off every type that carries it (each emits `ticket_type.updated`). */
export async function dropFieldFromTypes(ctx: ServiceContext, tx: Db, fieldId: string): Promise<void> {
  const carrying = await tx
    .select()
    .from(ticketTypes)
    .where(
      and(
        eq(ticketTypes.workspaceId, ctx.workspaceId),
        sql`${ticketTypes.customFieldIds} @> ${JSON.stringify([fieldId])}::jsonb`,
      ),
    )
    .for('update')
  for (const type of carrying) {
    const [updated] = await tx
      .update(ticketTypes)
      .set({ customFieldIds: type.customFieldIds.filter((f) => f !== fieldId), ...bumped(ticketTypes) })
      .where(and(eq(ticketTypes.workspaceId, ctx.workspaceId), eq(ticketTypes.id, type.id)))
      .returning()
    if (!updated) continue
    await emit(tx, ctx, {
      type: 'ticket_type.updated',
      resourceId: type.id,
      data: { ticketType: toTicketType(updated), previous: { customFieldIds: type.customFieldIds } },
    })
  }
}
