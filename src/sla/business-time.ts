import { IANAZone } from 'luxon'
import type { Holiday, HoursOverride, OpeningInterval } from '../db/schema/sla'
import type { FieldError } from '../http/errors'

/**
 * Business time: opening hours in an IANA zone (weekly intervals, holidays, one-off overrides) and the arithmetic
 * the SLA clocks and routing need on them. Pure functions, no I/O.
 *
 * A compiled schedule turns local dates into real open periods `[start, end)` (epoch ms) lazily, a chunk of
 * `CHUNK_DAYS` local dates at a time, with prefix sums of their lengths; each chunk is cached on the compiled
 * schedule, so after the first call on a stretch of dates every operation is a couple of binary searches.
 * The zone's offsets come from luxon (the runtime's Intl time-zone data), never from a table of ours.
 */

export interface Schedule {
  timeZone: string
  intervals: OpeningInterval[]
  holidays: Holiday[]
  overrides: HoursOverride[]
}

const MINUTE = 60_000
const DAY = 86_400_000
const DAY_MINUTES = 1440
/** Local dates per cached chunk of open periods. */
const CHUNK_DAYS = 64
/** A schedule with no opening in this many consecutive local dates is treated as never open again. */
const NEVER_DAYS = 732
/** Chunks kept per compiled schedule before the cache starts over (≈ 90 years of dates). */
const MAX_CACHED_CHUNKS = 512
/** Offsets lie within [-12h, +14h]; instants of a local date lie within these bounds of its UTC midnight. */
const MAX_EAST = 14 * 60 * MINUTE

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const

/** Open periods of `CHUNK_DAYS` consecutive local dates, in real time. */
interface Chunk {
  /** The instant of the chunk's first local midnight, and of the next chunk's. */
  start: number
  end: number
  /** Merged, sorted open periods `[starts[i], ends[i])`. */
  starts: number[]
  ends: number[]
  /** `cum[i]`: open ms in the periods before `i`; `cum[n]` is `total`. */
  cum: number[]
  total: number
}

/** A schedule prepared for fast arithmetic (build it once per stored schedule and keep it). */
export interface CompiledSchedule {
  readonly timeZone: string
  /** Per weekday (Monday first): opening minutes `[start, end, start, end, …]`, sorted and merged. */
  readonly week: readonly (readonly number[])[]
  /** Closed local dates (days since 1970-01-01). */
  readonly holidays: ReadonlySet<number>
  /** Local dates with other hours (an empty list: closed that date). */
  readonly overrides: ReadonlyMap<number, readonly number[]>
  /** Whether any weekday has an opening. */
  readonly weeklyOpen: boolean
  /** Override dates that open, ascending (what a schedule without weekly hours can still open on). */
  readonly openOverrideDays: readonly number[]
  /** @internal the zone and the cached chunks. */
  readonly zone: IANAZone
  readonly chunks: Map<number, Chunk>
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/

/** `HH:MM` → minutes after midnight; `24:00` only where `allowEnd`; `null` when not a time. */
export function parseTime(value: unknown, allowEnd: boolean): number | null {
  if (typeof value !== 'string') return null
  if (value === '24:00') return allowEnd ? DAY_MINUTES : null
  const m = TIME.exec(value)
  return m ? Number(m[1]) * 60 + Number(m[2]) : null
}

/** `YYYY-MM-DD` → days since 1970-01-01 (a calendar date, not an instant); `null` when not a real date. */
export function parseDate(value: unknown): number | null {
  if (typeof value !== 'string') return null
  const m = DATE.exec(value)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > 31) return null
  const ms = Date.UTC(year, month - 1, day)
  const check = new Date(ms)
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null
  return ms / DAY
}

/** Whether `name` is an IANA zone the runtime knows (`Europe/Berlin`, `UTC`), not an offset like `+01:00`. */
export function isValidTimeZone(name: unknown): name is string {
  return typeof name === 'string' && ZONE_NAME.test(name) && IANAZone.isValidZone(name)
}

/** Check a schedule's values; `at` prefixes each error's path (`body` → `body.intervals[2].end`). */
export function validateSchedule(s: Schedule, at: string): FieldError[] {
  const errors: FieldError[] = []
  if (!isValidTimeZone(s.timeZone)) {
    errors.push({
      path: `${at}.timeZone`,
      code: 'invalid_time_zone',
      message: `${String(s.timeZone)} is not an IANA time zone`,
    })
  }
  const byDay = new Map<string, Array<{ start: number; end: number; path: string }>>()
  ;(s.intervals ?? []).forEach((interval, i) => {
    const parsed = checkInterval(interval, `${at}.intervals[${i}]`, errors)
    if (!parsed) return
    const list = byDay.get(interval.day) ?? []
    list.push(parsed)
    byDay.set(interval.day, list)
  })
  for (const list of byDay.values()) checkOverlaps(list, errors)

  const seenHolidays = new Set<number>()
  ;(s.holidays ?? []).forEach((holiday, i) => {
    checkDate(holiday.date, `${at}.holidays[${i}].date`, seenHolidays, errors)
  })
  const seenOverrides = new Set<number>()
  ;(s.overrides ?? []).forEach((override, i) => {
    const path = `${at}.overrides[${i}]`
    checkDate(override.date, `${path}.date`, seenOverrides, errors)
    const intervals = override.intervals ?? []
    if (override.closed === true && intervals.length > 0) {
      errors.push({
        path: `${path}.intervals`,
        code: 'closed_with_intervals',
        message: 'a closed override cannot also have opening intervals',
      })
    }
    const parsed = intervals.flatMap(
      (interval, j) => checkInterval(interval, `${path}.intervals[${j}]`, errors) ?? [],
    )
    checkOverlaps(parsed, errors)
  })
  return errors
}

function checkInterval(
  interval: { start: string; end: string },
  path: string,
  errors: FieldError[],
): { start: number; end: number; path: string } | null {
  const start = parseTime(interval.start, false)
  const end = parseTime(interval.end, true)
  if (start === null) {
    errors.push({
      path: `${path}.start`,
      code: 'invalid_time',
      message: 'start must be HH:MM (00:00 to 23:59)',
    })
  }
  if (end === null) {
    errors.push({ path: `${path}.end`, code: 'invalid_time', message: 'end must be HH:MM (00:01 to 24:00)' })
  }
  if (start === null || end === null) return null
  if (end <= start) {
    errors.push({
      path: `${path}.end`,
      code: 'interval_ends_before_start',
      message: `${interval.end} is not after ${interval.start} (a night shift is two intervals, the second from 00:00)`,
    })
    return null
  }
  return { start, end, path }
}

function checkOverlaps(
  list: Array<{ start: number; end: number; path: string }>,
  errors: FieldError[],
): void {
  const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end)
  let reach = -1
  for (const interval of sorted) {
    if (interval.start < reach) {
      errors.push({
        path: interval.path,
        code: 'overlapping_intervals',
        message: 'this interval overlaps another one of the same day',
      })
    }
    reach = Math.max(reach, interval.end)
  }
}

function checkDate(value: string, path: string, seen: Set<number>, errors: FieldError[]): void {
  const day = parseDate(value)
  if (day === null) {
    errors.push({ path, code: 'invalid_date', message: 'a date is YYYY-MM-DD' })
  } else if (seen.has(day)) {
    errors.push({ path, code: 'duplicate_date', message: `${value} is listed twice` })
  } else {
    seen.add(day)
  }
}

/** Sorted, merged `[start, end, …]` minutes from intervals (invalid ones are left out; validate first). */
function mergeMinutes(intervals: ReadonlyArray<{ start: string; end: string }>): number[] {
  const pairs: Array<[number, number]> = []
  for (const interval of intervals) {
    const start = parseTime(interval.start, false)
    const end = parseTime(interval.end, true)
    if (start !== null && end !== null && end > start) pairs.push([start, end])
  }
  pairs.sort((a, b) => a[0] - b[0])
  const merged: number[] = []
  for (const [start, end] of pairs) {
    const last = merged.length - 1
    if (merged.length > 0 && start <= (merged[last] as number))
      merged[last] = Math.max(merged[last] as number, end)
    else merged.push(start, end)
  }
  return merged
}

/**
 * Prepare a schedule (assumes `validateSchedule` found nothing). Holidays close their whole local date;
 * an override replaces its date's hours (and wins over a holiday on the same date).
 */
export function compileSchedule(s: Schedule): CompiledSchedule {
  const week = WEEKDAYS.map((day) => mergeMinutes((s.intervals ?? []).filter((i) => i.day === day)))
  const holidays = new Set<number>()
  for (const holiday of s.holidays ?? []) {
    const day = parseDate(holiday.date)
    if (day !== null) holidays.add(day)
  }
  const overrides = new Map<number, number[]>()
  for (const override of s.overrides ?? []) {
    const day = parseDate(override.date)
    if (day === null) continue
    overrides.set(day, override.closed === true ? [] : mergeMinutes(override.intervals ?? []))
  }
  const openOverrideDays = [...overrides]
    .filter(([, minutes]) => minutes.length > 0)
    .map(([day]) => day)
    .sort((a, b) => a - b)
  return {
    timeZone: s.timeZone,
    week,
    holidays,
    overrides,
    weeklyOpen: week.some((minutes) => minutes.length > 0),
    openOverrideDays,
    zone: IANAZone.create(s.timeZone),
    chunks: new Map(),
  }
}

/** Monday = 0; day 0 (1970-01-01) was a Thursday. */
const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7

function minutesOf(s: CompiledSchedule, day: number): readonly number[] {
  const override = s.overrides.get(day)
  if (override) return override
  if (s.holidays.has(day)) return []
  return s.week[weekdayOf(day)] as readonly number[]
}

/** The zone's offset in minutes at an instant (luxon, from the runtime's time-zone data). */
const offsetAt = (s: CompiledSchedule, instant: number): number => s.zone.offset(instant)

/**
 * The instant of a wall-clock time, given as epoch ms of that wall time read as UTC. A wall time that occurs
 * twice (clocks set back) is its first occurrence; one that does not occur (clocks set forward) is the instant
 * of the change, so the mapping never goes backwards and a period over the gap counts only real minutes.
 */
function wallToInstant(s: CompiledSchedule, wall: number): number {
  const before = offsetAt(s, wall - DAY)
  const after = offsetAt(s, wall + DAY)
  let best = Number.POSITIVE_INFINITY
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset * MINUTE
    if (offsetAt(s, instant) === offset && instant < best) best = instant
  }
  if (best !== Number.POSITIVE_INFINITY) return best
  if (before === after) return wall - before * MINUTE
  // In a gap: the change lies between the wall time read with the later offset and with the earlier one.
  let lo = Math.min(wall - after * MINUTE, wall - before * MINUTE)
  let hi = Math.max(wall - after * MINUTE, wall - before * MINUTE)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (offsetAt(s, mid) === before) lo = mid
    else hi = mid
  }
  return hi
}

function buildChunk(s: CompiledSchedule, index: number): Chunk {
  const first = index * CHUNK_DAYS
  const samples = new Map<number, number>()
  // The offset near each UTC midnight; a date whose neighbourhood has one offset needs no further look-up.
  const sample = (day: number): number => {
    let offset = samples.get(day)
    if (offset === undefined) {
      offset = offsetAt(s, day * DAY - MAX_EAST)
      samples.set(day, offset)
    }
    return offset
  }
  const instant = (day: number, minute: number): number => {
    const wall = (day * DAY_MINUTES + minute) * MINUTE
    const offset = sample(day)
    if (sample(day + 1) === offset && sample(day + 2) === offset && sample(day + 3) === offset) {
      return wall - offset * MINUTE
    }
    return wallToInstant(s, wall)
  }
  const starts: number[] = []
  const ends: number[] = []
  for (let day = first; day < first + CHUNK_DAYS; day++) {
    const minutes = minutesOf(s, day)
    for (let k = 0; k < minutes.length; k += 2) {
      const start = instant(day, minutes[k] as number)
      const end =
        (minutes[k + 1] as number) === DAY_MINUTES
          ? instant(day + 1, 0)
          : instant(day, minutes[k + 1] as number)
      if (end <= start) continue
      const last = ends.length - 1
      if (last >= 0 && start <= (ends[last] as number)) ends[last] = Math.max(ends[last] as number, end)
      else {
        starts.push(start)
        ends.push(end)
      }
    }
  }
  const cum = [0]
  for (let i = 0; i < starts.length; i++)
    cum.push((cum[i] as number) + (ends[i] as number) - (starts[i] as number))
  return {
    start: instant(first, 0),
    end: instant(first + CHUNK_DAYS, 0),
    starts,
    ends,
    cum,
    total: cum[starts.length] as number,
  }
}

function chunk(s: CompiledSchedule, index: number): Chunk {
  let found = s.chunks.get(index)
  if (!found) {
    if (s.chunks.size >= MAX_CACHED_CHUNKS) s.chunks.clear()
    found = buildChunk(s, index)
    s.chunks.set(index, found)
  }
  return found
}

/** The index of the chunk whose local dates contain `t`. */
function chunkIndexAt(s: CompiledSchedule, t: number): number {
  let index = Math.floor(t / (DAY * CHUNK_DAYS))
  while (t < chunk(s, index).start) index--
  while (t >= chunk(s, index).end) index++
  return index
}

/** The last `i` with `list[i] <= value`, or -1. */
function lastAtOrBefore(list: readonly number[], value: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((list[mid] as number) <= value) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** Open ms of the chunk before `t`. */
function usedBefore(c: Chunk, t: number): number {
  const i = lastAtOrBefore(c.starts, t)
  if (i < 0) return 0
  return (c.cum[i] as number) + Math.min(t, c.ends[i] as number) - (c.starts[i] as number)
}

/** The first chunk from `index` on with an opening, or `null` when there is none within `NEVER_DAYS`. */
function nextOpenChunk(s: CompiledSchedule, index: number): number | null {
  if (!s.weeklyOpen) {
    // Only override dates open: jump straight to the next one.
    const from = index * CHUNK_DAYS
    const day = s.openOverrideDays.find((d) => d >= from)
    if (day === undefined) return null
    index = Math.floor(day / CHUNK_DAYS)
  }
  const limit = index + Math.ceil(NEVER_DAYS / CHUNK_DAYS) + 1
  for (let i = index; i < limit; i++) {
    if (chunk(s, i).total > 0) return i
  }
  return null
}

function toMs(at: Date, name: string): number {
  const t = at.getTime()
  if (!Number.isFinite(t)) throw new RangeError(`${name} is not a valid date`)
  return t
}

/** Whether the schedule is open at `at` (periods include their start, not their end). `null`: always open. */
export function isOpen(s: CompiledSchedule | null, at: Date): boolean {
  const t = toMs(at, 'at')
  if (!s) return true
  const c = chunk(s, chunkIndexAt(s, t))
  const i = lastAtOrBefore(c.starts, t)
  return i >= 0 && t < (c.ends[i] as number)
}

/** `at` when open, else the start of the next open period; `null` when the schedule never opens again. */
export function nextOpening(s: CompiledSchedule | null, at: Date): Date | null {
  const t = toMs(at, 'at')
  if (!s) return new Date(t)
  const index = chunkIndexAt(s, t)
  const c = chunk(s, index)
  const i = lastAtOrBefore(c.starts, t)
  if (i >= 0 && t < (c.ends[i] as number)) return new Date(t)
  if (i + 1 < c.starts.length) return new Date(c.starts[i + 1] as number)
  const next = nextOpenChunk(s, index + 1)
  return next === null ? null : new Date(chunk(s, next).starts[0] as number)
}

/**
 * The instant at which `minutes` business minutes have passed since `from` (ms precision, fractional minutes
 * allowed): inside an open period or at the end of one, never in a closed stretch. 0 minutes: `from` itself.
 * `null` when the schedule never accumulates that much (no opening within two years of local dates).
 */
export function addBusinessMinutes(s: CompiledSchedule | null, from: Date, minutes: number): Date | null {
  const t = toMs(from, 'from')
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('minutes must be a finite number ≥ 0')
  let remaining = Math.round(minutes * MINUTE)
  if (remaining === 0) return new Date(t)
  if (!s) return new Date(t + remaining)
  let index = chunkIndexAt(s, t)
  let c = chunk(s, index)
  let used = usedBefore(c, t)
  for (;;) {
    const available = c.total - used
    if (remaining <= available) {
      const target = used + remaining
      // The period holding the target: the first `j` with cum[j + 1] ≥ target.
      let lo = 0
      let hi = c.starts.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if ((c.cum[mid + 1] as number) >= target) hi = mid
        else lo = mid + 1
      }
      return new Date((c.starts[lo] as number) + target - (c.cum[lo] as number))
    }
    remaining -= available
    const next = nextOpenChunk(s, index + 1)
    if (next === null) return null
    index = next
    c = chunk(s, index)
    used = 0
  }
}

/** Business minutes (fractional, ms precision) in `[from, to)`; 0 when `to` is not after `from`. */
export function businessMinutesBetween(s: CompiledSchedule | null, from: Date, to: Date): number {
  const a = toMs(from, 'from')
  const b = toMs(to, 'to')
  if (b <= a) return 0
  if (!s) return (b - a) / MINUTE
  const first = chunkIndexAt(s, a)
  const last = chunkIndexAt(s, b)
  const ca = chunk(s, first)
  if (first === last) return (usedBefore(ca, b) - usedBefore(ca, a)) / MINUTE
  let total = ca.total - usedBefore(ca, a)
  for (let index = first + 1; index < last; index++) total += chunk(s, index).total
  total += usedBefore(chunk(s, last), b)
  return total / MINUTE
}
