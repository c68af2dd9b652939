import { and, eq } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { assertAllowed, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isForeignKeyViolation } from '../../db/errors'
import { businessHours, type Holiday, type HoursOverride, type OpeningInterval } from '../../db/schema/sla'
import { emit } from '../../events/emit'
import { ApiError, notFound, type ProblemCode } from '../../http/errors'
import { type Id, newId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { listVisible } from '../../kit/visible'
import { type CompiledSchedule, compileSchedule, type Schedule, validateSchedule } from '../../sla'

export type BusinessHoursId = Id<'bh'>
export type BusinessHoursRow = typeof businessHours.$inferSelect

export const toBusinessHours = (h: BusinessHoursRow) => ({
  id: h.id,
  name: h.name,
  timeZone: h.timeZone,
  intervals: h.intervals,
  holidays: h.holidays,
  overrides: h.overrides,
  createdAt: h.createdAt.toISOString(),
  updatedAt: h.updatedAt.toISOString(),
})

/** The schedule as events carry it (everything but the timestamps). */
const eventHours = (
  h: Pick<BusinessHoursRow, 'id' | 'name' | 'timeZone' | 'intervals' | 'holidays' | 'overrides'>,
) => ({
  id: h.id,
  name: h.name,
  timeZone: h.timeZone,
  intervals: h.intervals,
  holidays: h.holidays,
  overrides: h.overrides,
})

const policyRow = (h: Pick<BusinessHoursRow, 'id' | 'workspaceId'>) => ({
  id: h.id,
  workspaceId: h.workspaceId,
})

/**
 * 422 with the first problem's code (`invalid_time_zone`, `invalid_time`, `interval_ends_before_start`,
 * `overlapping_intervals`, `invalid_date`, `duplicate_date`, `closed_with_intervals`) and every problem in `errors`.
 */
function assertValidSchedule(schedule: Schedule): void {
  const errors = validateSchedule(schedule, 'body')
  const first = errors[0]
  if (first) {
    throw new ApiError(first.code as ProblemCode, errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
      errors,
    })
  }
}

const sortFields: SortFieldsOf<typeof operations.listBusinessHours, BusinessHoursRow> = {
  createdAt: { column: businessHours.createdAt, kind: 'timestamp', value: (h) => h.createdAt },
  name: { column: businessHours.name, kind: 'text', value: (h) => h.name },
}

export async function listBusinessHours(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  return listVisible(ctx, 'BusinessHours', businessHours, {
    name: 'list_business_hours',
    fields: sortFields,
    query,
    secret,
  })
}

export async function getBusinessHoursOrThrow(
  ctx: ServiceContext,
  id: BusinessHoursId,
): Promise<BusinessHoursRow> {
  const visible = await listFilter(ctx, 'BusinessHours')
  const [row] = await ctx.db
    .select()
    .from(businessHours)
    .where(and(eq(businessHours.workspaceId, ctx.workspaceId), eq(businessHours.id, id), visible))
  if (!row) throw notFound('Business hours')
  return row
}

/**
 * The compiled schedule of stored business hours, for SLA clocks and routing (`null` id: calendar time).
 * Compiled schedules are cached per id and version, so repeated calls reuse their computed open periods.
 */
const compiledCache = new Map<string, { version: number; compiled: CompiledSchedule }>()
const MAX_COMPILED = 1000

export function compiledScheduleOf(row: BusinessHoursRow): CompiledSchedule {
  const cached = compiledCache.get(row.id)
  if (cached && cached.version === row.version) return cached.compiled
  const compiled = compileSchedule(row)
  if (compiledCache.size >= MAX_COMPILED) compiledCache.clear()
  compiledCache.set(row.id, { version: row.version, compiled })
  return compiled
}

export interface CreateBusinessHoursInput {
  name: string
  timeZone: string
  intervals?: OpeningInterval[]
  holidays?: Holiday[]
  overrides?: HoursOverride[]
}

export async function createBusinessHours(ctx: ServiceContext, input: CreateBusinessHoursInput) {
  await assertAllowed(ctx, 'create', 'BusinessHours', { workspaceId: ctx.workspaceId })
  const schedule: Schedule = {
    timeZone: input.timeZone,
    intervals: input.intervals ?? [],
    holidays: input.holidays ?? [],
    overrides: input.overrides ?? [],
  }
  assertValidSchedule(schedule)
  return transaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(businessHours)
      .values({ id: newId('bh'), workspaceId: ctx.workspaceId, name: input.name, ...schedule })
      .returning()
    if (!row) throw new Error('insert returned no business hours')
    await emit(tx, ctx, {
      type: 'business_hours.created',
      resourceId: row.id,
      data: { businessHours: eventHours(row) },
    })
    return row
  })
}

/** 403 before any lookup for a caller who may not read business hours or may not `action` any. */
async function assertMayChange(ctx: ServiceContext, action: string) {
  await listFilter(ctx, 'BusinessHours')
  await listFilter(ctx, 'BusinessHours', action)
}

function lock(tx: Db, ctx: ServiceContext, id: BusinessHoursId, action: string, ifMatch?: string) {
  return lockForChange<BusinessHoursRow>(ctx, tx, 'BusinessHours', id, {
    action,
    ifMatch,
    policyRow,
    label: 'Business hours',
  })
}

export type UpdateBusinessHoursInput = Partial<CreateBusinessHoursInput>

export async function updateBusinessHours(
  ctx: ServiceContext,
  id: BusinessHoursId,
  input: UpdateBusinessHoursInput,
  ifMatch?: string,
) {
  await assertMayChange(ctx, 'update')
  return transaction(ctx, async (tx) => {
    const current = await lock(tx, ctx, id, 'update', ifMatch)
    // The whole resulting schedule is checked: a new zone or new intervals must fit what is kept.
    assertValidSchedule({
      timeZone: input.timeZone ?? current.timeZone,
      intervals: input.intervals ?? current.intervals,
      holidays: input.holidays ?? current.holidays,
      overrides: input.overrides ?? current.overrides,
    })
    const { changed, previous } = diffFields(eventHours(current), {
      name: input.name,
      timeZone: input.timeZone,
      intervals: input.intervals,
      holidays: input.holidays,
      overrides: input.overrides,
    })
    if (Object.keys(changed).length === 0) return current
    const [row] = await tx
      .update(businessHours)
      .set({ ...changed, ...bumped(businessHours) })
      .where(and(eq(businessHours.workspaceId, ctx.workspaceId), eq(businessHours.id, id)))
      .returning()
    if (!row) throw notFound('Business hours')
    await emit(tx, ctx, {
      type: 'business_hours.updated',
      resourceId: id,
      data: { businessHours: eventHours(row), previous },
    })
    return row
  })
}

/** Delete business hours; 409 `business_hours_in_use` while an SLA policy or inbox refers to them. */
export async function deleteBusinessHours(ctx: ServiceContext, id: BusinessHoursId, ifMatch?: string) {
  await assertMayChange(ctx, 'delete')
  try {
    await transaction(ctx, async (tx) => {
      const current = await lock(tx, ctx, id, 'delete', ifMatch)
      await tx
        .delete(businessHours)
        .where(and(eq(businessHours.workspaceId, ctx.workspaceId), eq(businessHours.id, id)))
      await emit(tx, ctx, {
        type: 'business_hours.deleted',
        resourceId: id,
        data: { businessHours: { id, name: current.name } },
      })
    })
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new ApiError(
        'business_hours_in_use',
        'An SLA policy or an inbox uses these business hours: point them at other hours (or calendar time) first.',
      )
    }
    throw error
  }
}
