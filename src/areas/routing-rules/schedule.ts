import type { businessHours, HoursOverride, OpeningInterval, Weekday } from '../../db/schema/sla'
import { weekdays } from '../../db/schema/sla'

type Schedule = Pick<typeof businessHours.$inferSelect, 'timeZone' | 'intervals' | 'holidays' | 'overrides'>

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The wall-clock date, weekday and minute of the day of `at` in `timeZone` (Intl knows the zone's rules). */
function wallClock(timeZone: string, at: Date) {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]))
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: (parts.weekday ?? '').toLowerCase() as Weekday,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  }
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** The day before `date` (`YYYY-MM-DD`), and the weekday before `weekday`. */
const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
const weekdayBefore = (weekday: Weekday) => weekdays[(weekdays.indexOf(weekday) + 6) % 7] as Weekday

/** A date's opening intervals: an override's, none on a holiday, else its weekday's. */
function intervalsOn(
  schedule: Schedule,
  date: string,
  weekday: Weekday,
): Array<{ start: string; end: string }> {
  const override = schedule.overrides.find((o: HoursOverride) => o.date === date)
  if (override) return override.closed ? [] : (override.intervals ?? [])
  if (schedule.holidays.some((h) => h.date === date)) return []
  return schedule.intervals.filter((i: OpeningInterval) => i.day === weekday)
}

/**
 * Whether `schedule` is open at the instant `at`: its wall-clock time in the schedule's zone falls in an interval
 * of that date (start inclusive, end exclusive), or in the part after midnight of the day before's interval that
 * runs past midnight (`end` ≤ `start`). Holidays close a day; an override replaces its hours.
 */
export function isScheduleOpen(schedule: Schedule, at: Date): boolean {
  const { date, weekday, minute } = wallClock(schedule.timeZone, at)
  for (const interval of intervalsOn(schedule, date, weekday)) {
    const start = minutesOf(interval.start)
    const end = minutesOf(interval.end)
    if (end > start ? minute >= start && minute < end : minute >= start) return true
  }
  for (const interval of intervalsOn(schedule, dayBefore(date), weekdayBefore(weekday))) {
    const start = minutesOf(interval.start)
    const end = minutesOf(interval.end)
    if (end <= start && minute < end) return true
  }
  return false
}
