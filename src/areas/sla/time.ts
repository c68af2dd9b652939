import { inArray } from 'drizzle-orm'
import type { Db } from '../../db/database'
import { businessHours } from '../../db/schema/sla'
import { addBusinessMinutes, businessMinutesBetween, type CompiledSchedule, compileSchedule } from '../../sla'

/** The time an SLA clock counts in: a policy's compiled business hours, or `null` for calendar time (24×7). */
export type Schedule = CompiledSchedule | null

/** `from` plus `minutes` of schedule time; `null` when the schedule never opens again. */
export const addMinutes = (schedule: Schedule, from: Date, minutes: number): Date | null =>
  addBusinessMinutes(schedule, from, minutes)

/** Whole minutes of schedule time between `from` and `to` (0 when `to` is not after `from`). */
export const minutesBetween = (schedule: Schedule, from: Date, to: Date): number =>
  Math.floor(businessMinutesBetween(schedule, from, to))

/** Compiled schedules by business hours id and version (`updatedAt`): a small LRU (a Map keeps insertion order). */
const compiled = new Map<string, CompiledSchedule>()
const maxCompiled = 256

function cached(key: string, compile: () => CompiledSchedule): CompiledSchedule {
  const hit = compiled.get(key)
  if (hit) {
    compiled.delete(key)
    compiled.set(key, hit)
    return hit
  }
  const schedule = compile()
  compiled.set(key, schedule)
  if (compiled.size > maxCompiled) compiled.delete(compiled.keys().next().value as string)
  return schedule
}

/** The compiled schedules of the business hours `ids` (rows read once; compiled once per version). */
export async function loadSchedules(db: Db, ids: readonly string[]): Promise<Map<string, Schedule>> {
  const map = new Map<string, Schedule>()
  if (ids.length === 0) return map
  const rows = await db
    .select()
    .from(businessHours)
    .where(inArray(businessHours.id, ids as never[]))
  for (const row of rows) {
    map.set(
      row.id,
      cached(`${row.id}:${row.updatedAt.getTime()}`, () =>
        compileSchedule({
          timeZone: row.timeZone,
          intervals: row.intervals,
          holidays: row.holidays,
          overrides: row.overrides,
        }),
      ),
    )
  }
  return map
}
