import { inArray } from 'drizzle-orm'
import type { Db } from '../../db/database'
import { businessHours } from '../../db/schema/sla'

/**
 * The time an SLA clock counts in: a policy's compiled business hours, or `null` for calendar time (24×7).
 * Until the business-time functions of `src/sla/` are merged in, every schedule counts calendar time.
 */
export type Schedule = null

const minute = 60_000

/** `from` plus `minutes` of schedule time; `null` when the schedule never opens again. */
export function addMinutes(_schedule: Schedule, from: Date, minutes: number): Date | null {
  return new Date(from.getTime() + minutes * minute)
}

/** Whole minutes of schedule time between `from` and `to` (0 when `to` is not after `from`). */
export function minutesBetween(_schedule: Schedule, from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / minute))
}

/** The schedules of `ids` (business hours rows), compiled. */
export async function loadSchedules(db: Db, ids: readonly string[]): Promise<Map<string, Schedule>> {
  const map = new Map<string, Schedule>()
  if (ids.length === 0) return map
  const rows = await db
    .select({ id: businessHours.id })
    .from(businessHours)
    .where(inArray(businessHours.id, ids as never[]))
  for (const row of rows) map.set(row.id, null)
  return map
}
