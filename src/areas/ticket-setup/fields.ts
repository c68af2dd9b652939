import { and, asc, count, eq, sql } from 'drizzle-orm'
import { forbidden } from '../../authz/authorizer'
import { isAllowedRow, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { type CustomFieldType, customFields } from '../../db/schema/ticket-setup'
import { tickets } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import { type Id, newId } from '../../ids'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { getVisibleOrThrow } from '../../kit/visible'
import { assertBelowLimit, cleanName, lockSetup, nextPosition } from './shared'
import { dropFieldFromTypes } from './types'

export type CustomFieldId = Id<'cf'>
export type CustomFieldRow = typeof customFields.$inferSelect

/** At most this many fields per workspace: the list is not paged. */
export const maxCustomFields = 200

const selectTypes: readonly CustomFieldType[] = ['select', 'multi_select']

/** A custom field definition as clients see it. */
export const toCustomField = (f: CustomFieldRow) => ({
  id: f.id,
  key: f.key,
  label: f.label,
  description: f.description,
  type: f.type,
  options: f.options,
  required: f.required,
  visibleToContacts: f.visibleToContacts,
  position: f.position,
  createdAt: f.createdAt.toISOString(),
  updatedAt: f.updatedAt.toISOString(),
})

export async function listCustomFields(ctx: ServiceContext) {
  const authz = await listFilter(ctx, 'CustomField')
  return ctx.db
    .select()
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), authz))
    .orderBy(asc(customFields.position), asc(customFields.id))
}

export async function getCustomFieldOrThrow(ctx: ServiceContext, id: string, db: Db = ctx.db) {
  const row = await getVisibleOrThrow(ctx, 'CustomField', customFields, id, 'Custom field', { db })
  return row
}

const optionsProblem = (
  code:
    | 'custom_field_options_required'
    | 'custom_field_options_not_allowed'
    | 'custom_field_options_duplicate',
  message: string,
) => new ApiError(code, `body.options: ${message}`, { errors: [{ path: 'body.options', code, message }] })

/** The options a field of `type` stores: required, non-empty and unique for select types, none otherwise. */
function checkOptions(
  type: CustomFieldType,
  options: string[] | undefined,
  current: string[] = [],
): string[] {
  if (selectTypes.includes(type)) {
    const result = (options ?? current).map((o) => o.trim())
    if (result.length === 0 || result.some((o) => o === ''))
      throw optionsProblem('custom_field_options_required', `a ${type} field needs non-blank options`)
    const seen = new Set<string>()
    for (const option of result) {
      if (seen.has(option)) throw optionsProblem('custom_field_options_duplicate', `${option} is given twice`)
      seen.add(option)
    }
    return result
  }
  if (options !== undefined && options.length > 0)
    throw optionsProblem('custom_field_options_not_allowed', `a ${type} field has no options`)
  return []
}

const keyTaken = (key: string) =>
  new ApiError(
    'custom_field_key_taken',
    `A custom field with the key ${key} already exists in this workspace`,
  )

export interface CustomFieldInput {
  label?: string
  description?: string | null
  type?: CustomFieldType
  options?: string[]
  required?: boolean
  visibleToContacts?: boolean
  position?: number
}

export async function createCustomField(
  ctx: ServiceContext,
  input: CustomFieldInput & { key: string; label: string; type: CustomFieldType },
) {
  const id = newId('cf')
  const label = cleanName(input.label, 'body.label')
  const options = checkOptions(input.type, input.options)
  if (!(await isAllowedRow(ctx, 'create', 'CustomField', { id, workspaceId: ctx.workspaceId }))) {
    throw forbidden(await ctx.principal(), 'CustomField', 'create')
  }
  try {
    return await transaction(ctx, async (tx) => {
      await lockSetup(ctx, tx, 'custom_fields')
      const [total] = await tx
        .select({ n: count() })
        .from(customFields)
        .where(eq(customFields.workspaceId, ctx.workspaceId))
      assertBelowLimit(Number(total?.n ?? 0), maxCustomFields, 'custom fields')
      const position =
        input.position ??
        (await nextPosition(
          tx
            .select({ max: sql<number | null>`max(${customFields.position})` })
            .from(customFields)
            .where(eq(customFields.workspaceId, ctx.workspaceId)),
        ))
      const [row] = await tx
        .insert(customFields)
        .values({
          id,
          workspaceId: ctx.workspaceId,
          key: input.key,
          label,
          description: input.description ?? null,
          type: input.type,
          options,
          required: input.required ?? false,
          visibleToContacts: input.visibleToContacts ?? false,
          position,
        })
        .returning()
      if (!row) throw new Error('insert returned no custom field')
      await emit(tx, ctx, {
        type: 'custom_field.created',
        resourceId: id,
        data: { customField: toCustomField(row) },
      })
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error, 'custom_fields_workspace_key_key')) throw keyTaken(input.key)
    throw error
  }
}

/** Whether any ticket of the workspace holds a value under `key`. */
async function fieldInUse(ctx: ServiceContext, tx: Db, key: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(eq(tickets.workspaceId, ctx.workspaceId), sql`(${tickets.customFields} -> ${key}) is not null`),
    )
    .limit(1)
  return row !== undefined
}

export async function updateCustomField(
  ctx: ServiceContext,
  id: CustomFieldId,
  input: CustomFieldInput,
  ifMatch?: string,
) {
  const wanted: Partial<CustomFieldRow> = {}
  if (input.label !== undefined) wanted.label = cleanName(input.label, 'body.label')
  if (input.description !== undefined) wanted.description = input.description
  if (input.type !== undefined) wanted.type = input.type
  if (input.required !== undefined) wanted.required = input.required
  if (input.visibleToContacts !== undefined) wanted.visibleToContacts = input.visibleToContacts
  if (input.position !== undefined) wanted.position = input.position
  return transaction(ctx, async (tx) => {
    const current = await lockForChange<CustomFieldRow>(ctx, tx, 'CustomField', id, {
      action: 'update',
      ifMatch,
      label: 'Custom field',
    })
    const type = wanted.type ?? current.type
    wanted.options = checkOptions(type, input.options, current.options)
    const { changed, previous } = diffFields(current, wanted)
    if (Object.keys(changed).length === 0) return current
    if (changed.type !== undefined && (await fieldInUse(ctx, tx, current.key))) {
      throw new ApiError(
        'custom_field_in_use',
        `Tickets hold values for ${current.key}; its type cannot change from ${current.type}`,
      )
    }
    const [updated] = await tx
      .update(customFields)
      .set({ ...changed, ...bumped(customFields) })
      .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, id)))
      .returning()
    if (!updated) throw notFound('Custom field')
    await emit(tx, ctx, {
      type: 'custom_field.updated',
      resourceId: id,
      data: { customField: toCustomField(updated), previous },
    })
    return updated
  })
}

/** Delete a field no ticket holds a value for; the types that carried it drop it. */
export async function deleteCustomField(ctx: ServiceContext, id: CustomFieldId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await lockForChange<CustomFieldRow>(ctx, tx, 'CustomField', id, {
      action: 'delete',
      ifMatch,
      label: 'Custom field',
    })
    if (await fieldInUse(ctx, tx, current.key)) {
      throw new ApiError('custom_field_in_use', `Tickets hold values for ${current.key}; clear them first`)
    }
    await dropFieldFromTypes(ctx, tx, id)
    await tx
      .delete(customFields)
      .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, id)))
    await emit(tx, ctx, {
      type: 'custom_field.deleted',
      resourceId: id,
      data: { customField: { id, key: current.key } },
    })
  })
}
