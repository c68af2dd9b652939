import { hostname } from 'node:os'
import { Cron } from 'croner'
import type { Logger } from 'pino'
import type { Db } from '../db/database'
import { tickSlots } from '../db/schema'

/** A scheduled piece of work: `cron` in UTC (croner syntax, seconds optional). */
export interface Tick {
  readonly name: string
  readonly cron: string
  run(db: Db, slot: Date): Promise<void>
}

export interface SchedulerOptions {
  db: Db
  logger: Logger
  ticks?: Tick[]
  /** Recorded with each claimed slot (default host:pid). */
  instance?: string
}

/**
 * Runs ticks on their schedules. Every instance schedules every tick, and each run first claims its slot
 * (`insert … on conflict do nothing` on (name, slot)): only the instance whose insert landed runs it, so
 * N instances run each slot once. A slot is claimed before it runs: a crash mid-run loses that run, which
 * suits idempotent maintenance (the next slot does the work); ticks must not rely on exactly-once completion.
 */
export class Scheduler {
  private readonly db: Db
  private readonly logger: Logger
  private readonly instance: string
  private readonly ticks = new Map<string, Tick>()
  private readonly crons: Cron[] = []
  private readonly inFlight = new Set<Promise<unknown>>()

  constructor(options: SchedulerOptions) {
    this.db = options.db
    this.logger = options.logger
    this.instance = options.instance ?? `${hostname()}:${process.pid}`
    for (const tick of options.ticks ?? []) this.register(tick)
  }

  register(tick: Tick): void {
    if (this.ticks.has(tick.name)) throw new Error(`tick "${tick.name}" already registered`)
    // Validate the pattern now rather than at start.
    try {
      new Cron(tick.cron, { paused: true, timezone: 'UTC' }).stop()
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      throw new Error(`tick "${tick.name}": invalid cron pattern "${tick.cron}": ${reason}`, { cause: err })
    }
    this.ticks.set(tick.name, tick)
  }

  /** Claim `slot` for `name` and run the tick if this instance got it. Answers whether it ran here. */
  async runSlot(name: string, slot: Date): Promise<boolean> {
    const tick = this.ticks.get(name)
    if (!tick) throw new Error(`unknown tick "${name}"`)
    const claimed = await this.db
      .insert(tickSlots)
      .values({ name, slot, claimedBy: this.instance })
      .onConflictDoNothing()
      .returning({ name: tickSlots.name })
    if (claimed.length === 0) {
      this.logger.debug({ tick: name, slot }, 'tick slot claimed elsewhere')
      return false
    }
    const started = performance.now()
    try {
      await tick.run(this.db, slot)
      this.logger.debug({ tick: name, slot, ms: Math.round(performance.now() - started) }, 'tick ran')
    } catch (err) {
      this.logger.error({ err, tick: name, slot }, 'tick failed')
    }
    return true
  }

  start(): void {
    if (this.crons.length > 0) return
    for (const tick of this.ticks.values()) {
      const cron: Cron = new Cron(tick.cron, { timezone: 'UTC', protect: true }, async () => {
        // The slot is the scheduled time, identical on every instance, not the (jittery) firing time:
        // the latest occurrence at or just before now (timers may fire a few ms early or late).
        const slot = cron.previousRuns(1, new Date(Date.now() + 250))[0]
        if (!slot) return
        const run = this.runSlot(tick.name, slot).catch((err) =>
          this.logger.error({ err, tick: tick.name }, 'tick slot claim failed'),
        )
        this.inFlight.add(run)
        await run
        this.inFlight.delete(run)
      })
      this.crons.push(cron)
    }
  }

  /** Stop scheduling and wait for runs in progress. */
  async stop(): Promise<void> {
    for (const cron of this.crons.splice(0)) cron.stop()
    await Promise.all(this.inFlight)
  }
}
