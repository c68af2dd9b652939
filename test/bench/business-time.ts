import type { OpeningInterval } from '../../src/db/schema/sla'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type CompiledSchedule,
  compileSchedule,
  type Schedule,
} from '../../src/sla'

/**
 * `npm run bench -- --business-time`: the pure business-time functions (src/sla) in process, no database.
 * A Berlin schedule with lunch breaks on weekdays, a Saturday morning, 30 holidays and a few overrides over a
 * year; random starts over that year and random 1..5000 business minutes. Each call is timed on its own (the
 * timer's own cost, a few tens of ns, is included). `cold` is the first pass on a freshly compiled schedule
 * (it builds and caches the open periods of the dates it meets); `warm` repeats the same calls.
 */
export const BUSINESS_TIME_GOAL = 'µs per call (not ms): the SLA tick and every ticket write call these'

export interface LatencyFigures {
  calls: number
  meanUs: number
  p50Us: number
  p99Us: number
  maxUs: number
}

export interface BusinessTimeReport {
  calls: number
  holidays: number
  compileUs: number
  add: { cold: LatencyFigures; warm: LatencyFigures }
  between: { cold: LatencyFigures; warm: LatencyFigures }
  /** Calls that answered `never` (none expected: the schedule opens every week). */
  never: number
}

/** A small deterministic generator, so every run measures the same calls. */
function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function benchSchedule(random = mulberry32(13)): Schedule {
  const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const
  const intervals: OpeningInterval[] = weekdays.flatMap((day) => [
    { day, start: '08:30', end: '12:00' },
    { day, start: '12:45', end: '17:30' },
  ])
  intervals.push({ day: 'saturday', start: '10:00', end: '14:00' })
  const dates = new Set<string>()
  while (dates.size < 30) {
    const day = Math.floor(random() * 365)
    dates.add(new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10))
  }
  return {
    timeZone: 'Europe/Berlin',
    intervals,
    holidays: [...dates].map((date) => ({ date })),
    overrides: [
      { date: '2026-12-24', intervals: [{ start: '09:00', end: '13:00' }] },
      { date: '2026-12-31', intervals: [{ start: '09:00', end: '12:00' }] },
      { date: '2026-06-20', closed: true },
    ],
  }
}

function figures(samplesNs: number[]): LatencyFigures {
  const sorted = [...samplesNs].sort((a, b) => a - b)
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) / 1000
  const total = sorted.reduce((sum, x) => sum + x, 0)
  return {
    calls: sorted.length,
    meanUs: total / sorted.length / 1000,
    p50Us: at(0.5),
    p99Us: at(0.99),
    maxUs: (sorted[sorted.length - 1] ?? 0) / 1000,
  }
}

function timeAdd(s: CompiledSchedule, starts: Date[], minutes: number[], ends: Array<Date | null>): number[] {
  const samples: number[] = new Array(starts.length)
  for (let i = 0; i < starts.length; i++) {
    const t0 = process.hrtime.bigint()
    ends[i] = addBusinessMinutes(s, starts[i] as Date, minutes[i] as number)
    samples[i] = Number(process.hrtime.bigint() - t0)
  }
  return samples
}

function timeBetween(
  s: CompiledSchedule,
  starts: Date[],
  ends: Array<Date | null>,
  sink: number[],
): number[] {
  const samples: number[] = new Array(starts.length)
  for (let i = 0; i < starts.length; i++) {
    const end = ends[i] ?? (starts[i] as Date)
    const t0 = process.hrtime.bigint()
    sink[i] = businessMinutesBetween(s, starts[i] as Date, end)
    samples[i] = Number(process.hrtime.bigint() - t0)
  }
  return samples
}

export function benchBusinessTime(options: { calls: number } = { calls: 10_000 }): BusinessTimeReport {
  const random = mulberry32(2026)
  const schedule = benchSchedule()
  const yearStart = Date.UTC(2026, 0, 1)
  const starts = Array.from(
    { length: options.calls },
    () => new Date(yearStart + Math.floor(random() * 365 * 86_400_000)),
  )
  const minutes = Array.from({ length: options.calls }, () => 1 + Math.floor(random() * 5000))
  const ends: Array<Date | null> = new Array(options.calls)
  const sink: number[] = new Array(options.calls)

  const c0 = process.hrtime.bigint()
  const cold = compileSchedule(schedule)
  const compileUs = Number(process.hrtime.bigint() - c0) / 1000
  const addCold = figures(timeAdd(cold, starts, minutes, ends))
  const betweenCold = figures(timeBetween(compileSchedule(schedule), starts, ends, sink))
  const addWarm = figures(timeAdd(cold, starts, minutes, ends))
  const betweenWarm = figures(timeBetween(cold, starts, ends, sink))
  // The answers are checked, so the calls cannot be optimised away and the figures are of correct work.
  ends.forEach((end, i) => {
    if (end && Math.abs((sink[i] as number) - (minutes[i] as number)) > 1 / 60_000) {
      throw new Error(`between(t, add(t, ${minutes[i]})) = ${sink[i]}`)
    }
  })
  return {
    calls: options.calls,
    holidays: schedule.holidays.length,
    compileUs,
    add: { cold: addCold, warm: addWarm },
    between: { cold: betweenCold, warm: betweenWarm },
    never: ends.filter((end) => end === null).length,
  }
}

export function formatBusinessTime(r: BusinessTimeReport): string {
  const line = (name: string, f: LatencyFigures) =>
    `  ${name.padEnd(34)} p50 ${f.p50Us.toFixed(2).padStart(7)} µs   p99 ${f.p99Us.toFixed(2).padStart(7)} µs   mean ${f.meanUs.toFixed(2).padStart(7)} µs   max ${f.maxUs.toFixed(0).padStart(6)} µs`
  return [
    `Business time (src/sla), ${r.calls.toLocaleString('en')} calls each: Europe/Berlin, lunch breaks, ${r.holidays} holidays, 3 overrides;`,
    '  random starts over 2026, random 1..5000 business minutes',
    `  compileSchedule                    ${r.compileUs.toFixed(1)} µs`,
    line('addBusinessMinutes (cold)', r.add.cold),
    line('addBusinessMinutes (warm)', r.add.warm),
    line('businessMinutesBetween (cold)', r.between.cold),
    line('businessMinutesBetween (warm)', r.between.warm),
    `  never: ${r.never}   goal: ${BUSINESS_TIME_GOAL}`,
  ].join('\n')
}
