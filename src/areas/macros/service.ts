import { and, eq, ilike, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { assertAllowed } from '../../authz/guard'
import { actingMemberId, type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { teams } from '../../db/schema'
import { type MacroAction, macros } from '../../db/schema/macros'
import type { Sharing } from '../../db/schema/views'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { containsPattern } from '../../http/pagination'
import { type Id, idToUuid, newId, type TeamId, type WorkspaceId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { getVisibleOrThrow, listVisible } from '../../kit/visible'
import { type ConversationAction, parseActions, staleReferences } from '../ticket-actions/action-types'
import { applyToTickets, assertBulkSize } from '../ticket-actions/bulk'

export type MacroId = Id<'mac'>
export type MacroRow = typeof macros.$inferSelect

/** A macro as clients see it. */
export const toMacro = (m: MacroRow) => ({
  id: m.id,
  name: m.name,
  description: m.description,
  sharing: m.sharing,
  ownerId: m.ownerId,
  teamId: m.teamId,
  actions: m.actions,
  active: m.active,
  position: m.position,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
})

export interface MacroInput {
  name?: string
  description?: string | null
  sharing?: Sharing
  teamId?: string | null
  actions?: unknown[]
  active?: boolean
  position?: number
}

/** 422 `macro_action_invalid` naming each bad action (`body.actions.<i>…`). */
export const invalidActions = (errors: FieldError[]) =>
  new ApiError('macro_action_invalid', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })

/**
 * The actions of a macro, checked against the conversation-action registry (type, parameters, template
 * variables) and against the workspace (the statuses, members and teams they name must exist).
 */
export async function checkActions(
  db: Db,
  workspaceId: WorkspaceId,
  input: readonly unknown[],
  at: string,
): Promise<ConversationAction[]> {
  const { actions, errors } = parseActions(input, at)
  if (errors.length > 0) throw invalidActions(errors)
  const stale = await staleReferences(db, workspaceId, actions, at)
  if (stale.length > 0) throw invalidActions(stale)
  return actions
}

/** The sharing and team a write leaves, checked together: a team macro names its team, others name none. */
async function checkSharing(db: Db, workspaceId: WorkspaceId, sharing: Sharing, teamId: string | null) {
  if (sharing === 'team' && !teamId) {
    throw validationFailed([
      { path: 'body.teamId', code: 'required', message: 'a team macro names its team' },
    ])
  }
  if (sharing !== 'team' && teamId) {
    throw validationFailed([
      { path: 'body.teamId', code: 'not_allowed', message: `a ${sharing} macro names no team` },
    ])
  }
  if (!teamId) return
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId as TeamId)))
  if (!team) {
    const message = `team ${teamId} not found`
    throw new ApiError('not_found', `body.teamId: ${message}`, {
      errors: [{ path: 'body.teamId', code: 'not_found', message }],
    })
  }
}

// ---------------------------------------------------------------------------------------------- reads

const sortFields: SortFieldsOf<typeof operations.listMacros, MacroRow> = {
  position: { column: macros.position, kind: 'number', value: (m) => m.position },
  name: { column: macros.name, kind: 'text', value: (m) => m.name },
  createdAt: { column: macros.createdAt, kind: 'timestamp', value: (m) => m.createdAt },
}

export interface ListMacrosQuery {
  limit: number
  cursor?: string
  sort: string
  q?: string
  sharing?: Sharing
  teamId?: string
  active?: boolean
}

/** The macros the caller may see (their own, their teams' and the workspace's), by position. */
export async function listMacros(ctx: ServiceContext, query: ListMacrosQuery, secret: string) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  if (query.q !== undefined) {
    params.q = containsPattern(query.q)
    filters.push(ilike(macros.name, sql.placeholder('q')))
  }
  if (query.sharing !== undefined) {
    params.sharing = query.sharing
    filters.push(sql`${macros.sharing} = ${sql.placeholder('sharing')}`)
  }
  if (query.teamId !== undefined) {
    params.teamId = idToUuid(query.teamId)
    filters.push(sql`${macros.teamId} = ${sql.placeholder('teamId')}::uuid`)
  }
  if (query.active !== undefined) {
    params.active = query.active
    filters.push(sql`${macros.active} = ${sql.placeholder('active')}`)
  }
  return listVisible(ctx, 'Macro', macros, {
    name: 'list_macros',
    variant: Object.keys(params).join(','),
    fields: sortFields,
    query,
    secret,
    filters,
    params,
  })
}

/** The macro `id` names, if the caller may read it (404 otherwise, exactly like a missing one). */
export async function getMacroOrThrow(ctx: ServiceContext, id: MacroId, db: Db = ctx.db): Promise<MacroRow> {
  const row = await getVisibleOrThrow(ctx, 'Macro', macros, id, 'Macro', { db })
  return row
}

// --------------------------------------------------------------------------------------------- writes

export async function createMacro(
  ctx: ServiceContext,
  input: MacroInput & { name: string; actions: unknown[] },
): Promise<MacroRow> {
  const ownerId = actingMemberId(ctx)
  const sharing = input.sharing ?? 'personal'
  const teamId = (input.teamId ?? null) as TeamId | null
  await assertAllowed(ctx, 'create', 'Macro', { workspaceId: ctx.workspaceId, sharing, ownerId, teamId })
  return transaction(ctx, async (tx) => {
    await checkSharing(tx, ctx.workspaceId, sharing, teamId)
    await checkActions(tx, ctx.workspaceId, input.actions, 'body.actions')
    const [row] = await tx
      .insert(macros)
      .values({
        id: newId('mac'),
        workspaceId: ctx.workspaceId,
        name: input.name.trim(),
        description: input.description ?? null,
        sharing,
        ownerId,
        teamId,
        actions: input.actions as MacroAction[],
        active: input.active ?? true,
        position: input.position ?? 0,
      })
      .returning()
    if (!row) throw new Error('insert returned no macro')
    await emit(tx, ctx, { type: 'macro.created', resourceId: row.id, data: { macro: toMacro(row) } })
    return row
  })
}

export async function updateMacro(
  ctx: ServiceContext,
  id: MacroId,
  input: MacroInput,
  ifMatch?: string,
): Promise<MacroRow> {
  return transaction(ctx, async (tx) => {
    const current = await lockForChange<MacroRow>(ctx, tx, 'Macro', id, { action: 'update', ifMatch })
    const sharing = input.sharing ?? current.sharing
    // Leaving team sharing drops the team unless the request names one (which checkSharing then refuses).
    const teamId = (
      input.teamId !== undefined ? input.teamId : sharing === 'team' ? current.teamId : null
    ) as TeamId | null
    if (sharing !== current.sharing || teamId !== current.teamId) {
      // The macro as it would be must be one the caller may write too: no sharing of a personal macro
      // with the workspace without the permission that shared macros need.
      await assertAllowed(ctx, 'update', 'Macro', { ...current, sharing, teamId })
      await checkSharing(tx, ctx.workspaceId, sharing, teamId)
    }
    if (input.actions !== undefined) await checkActions(tx, ctx.workspaceId, input.actions, 'body.actions')
    const { changed, previous } = diffFields(current, {
      name: input.name?.trim(),
      description: input.description,
      sharing,
      teamId,
      actions: input.actions as MacroAction[] | undefined,
      active: input.active,
      position: input.position,
    })
    if (Object.keys(changed).length === 0) return current
    const [row] = await tx
      .update(macros)
      .set({ ...changed, ...bumped(macros) })
      .where(and(eq(macros.workspaceId, ctx.workspaceId), eq(macros.id, id)))
      .returning()
    if (!row) throw notFound('Macro')
    await emit(tx, ctx, {
      type: 'macro.updated',
      resourceId: row.id,
      data: { macro: toMacro(row), previous },
    })
    return row
  })
}

export async function deleteMacro(ctx: ServiceContext, id: MacroId, ifMatch?: string): Promise<void> {
  await transaction(ctx, async (tx) => {
    const current = await lockForChange<MacroRow>(ctx, tx, 'Macro', id, { action: 'delete', ifMatch })
    await tx.delete(macros).where(and(eq(macros.workspaceId, ctx.workspaceId), eq(macros.id, id)))
    await emit(tx, ctx, {
      type: 'macro.deleted',
      resourceId: id,
      data: { macro: { id, name: current.name } },
    })
  })
}

// ---------------------------------------------------------------------------------------------- apply

export interface ApplyMacroInput {
  ticketId?: string
  ticketIds?: string[]
  dryRun?: boolean
}

/**
 * Apply a macro the caller may read to one ticket or many (`applyToTickets`: one query loads the readable
 * tickets with the permissions the macro's actions need; each ticket in its own savepoint). The macro's actions
 * are checked again first: a status, member or team deleted since it was saved answers 422
 * `macro_action_invalid` and nothing is applied to any ticket. With `dryRun`, nothing is written: each ticket's
 * answer says what would change and the replies and notes as they would be rendered.
 */
export async function applyMacro(ctx: ServiceContext, id: MacroId, input: ApplyMacroInput) {
  const macro = await getMacroOrThrow(ctx, id)
  if ((input.ticketId === undefined) === (input.ticketIds === undefined)) {
    throw validationFailed([
      { path: 'body', code: 'invalid_union', message: 'needs exactly one of ticketId or ticketIds' },
    ])
  }
  const ticketIds = input.ticketIds ?? [input.ticketId as string]
  assertBulkSize(new Set(ticketIds).size, 'body.ticketIds')
  if (!macro.active) throw new ApiError('macro_inactive', `Macro ${macro.id} is inactive`)
  const actions = await checkActions(ctx.db, ctx.workspaceId, macro.actions, 'macro.actions')
  const dryRun = input.dryRun ?? false
  const data = await applyToTickets(ctx, ticketIds, actions, { dryRun, at: 'macro.actions' })
  return { dryRun, data }
}
