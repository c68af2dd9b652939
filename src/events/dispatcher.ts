import { and, asc, eq, sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import { type Db, queryRows } from '../db/database'
import { eventListenerCursors, events } from '../db/schema'
import { idToUuid } from '../ids'

/** A committed outbox row, as listeners receive it. */
export type DispatchedEvent = typeof events.$inferSelect

/**
 * A consumer of committed events (webhooks, notifications…). `handle` runs in the transaction that advances
 * the listener's cursor: whatever it writes there (typically `queue.send(…, { tx, id: jobIdFor(…) })`)
 * commits exactly when the event counts as handled, so a redelivered event does nothing twice.
 */
export interface EventListener {
  /** Stable: the cursor is kept under this name. Renaming a listener makes it start from the beginning. */
  readonly name: string
  /** Where a listener with no cursor yet starts: at events committed from now on (default), or at the first. */
  readonly startFrom?: 'now' | 'beginning'
  handles(type: string): boolean
  /** One event at a time; or, instead, `handleBatch`. */
  handle?(tx: Db, event: DispatchedEvent): Promise<void>
  /**
   * The events of a batch it handles, in order, at once (same transaction, same guarantees): for a listener
   * that can do a batch in a few statements rather than a few per event.
   */
  handleBatch?(tx: Db, events: DispatchedEvent[]): Promise<void>
}

export interface DispatcherOptions {
  db: Db
  logger: Logger
  listeners?: EventListener[]
  /** Events per listener per transaction. */
  batchSize?: number
  /** Idle poll period; `nudge()` wakes the loop sooner. */
  pollIntervalMs?: number
  /** Called after a pass that handed events to listeners has committed (e.g. to wake the jobs they enqueued). */
  onCommitted?: () => void
}

/**
 * Fans committed events out to listeners, in commit order, each listener at its own pace.
 *
 * Order and completeness: events are read in (tx_id, id) order and only below the snapshot's xmin, the
 * oldest transaction still running. Every transaction with a smaller id has finished, so no event can
 * later appear behind a listener's cursor: a slow transaction holds the horizon back until it commits
 * rather than having its events skipped (the same rule as the change feed).
 *
 * Several dispatchers (processes) may run: each listener's cursor row is claimed with
 * `for update skip locked`, so one dispatcher serves a listener at a time and the others move on.
 */
export class Dispatcher {
  private readonly db: Db
  private readonly logger: Logger
  private readonly listeners = new Map<string, EventListener>()
  private readonly batchSize: number
  private readonly pollIntervalMs: number
  private readonly onCommitted: (() => void) | undefined
  private readonly failures = new Map<string, { count: number; retryAt: number }>()
  private running = false
  private loop: Promise<void> | undefined
  private wake: (() => void) | undefined
  private pending = false
  private readonly ensured = new Set<string>()

  constructor(options: DispatcherOptions) {
    this.db = options.db
    this.logger = options.logger
    this.batchSize = options.batchSize ?? 100
    this.pollIntervalMs = options.pollIntervalMs ?? 200
    this.onCommitted = options.onCommitted
    for (const listener of options.listeners ?? []) this.register(listener)
  }

  register(listener: EventListener): void {
    if (this.listeners.has(listener.name))
      throw new Error(`event listener "${listener.name}" already registered`)
    if (!listener.handle === !listener.handleBatch)
      throw new Error(`event listener "${listener.name}" needs exactly one of handle and handleBatch`)
    this.listeners.set(listener.name, listener)
  }

  /**
   * One pass: offer each listener the next batch of committed events. Answers how many events were offered
   * in total (0: every listener is caught up, or served by another dispatcher).
   */
  async runOnce(): Promise<number> {
    let offered = 0
    for (const listener of this.listeners.values()) {
      const failure = this.failures.get(listener.name)
      if (failure && failure.retryAt > Date.now()) continue
      try {
        const count = await this.deliverBatch(listener)
        offered += count
        this.failures.delete(listener.name)
        if (count > 0) this.onCommitted?.()
      } catch (err) {
        // The batch rolled back with the cursor: the listener retries the same events, backing off so that
        // one failing listener neither spins nor holds up the others.
        const count = (failure?.count ?? 0) + 1
        const delay = Math.min(30_000, this.pollIntervalMs * 2 ** count)
        this.failures.set(listener.name, { count, retryAt: Date.now() + delay })
        this.logger.error({ err, listener: listener.name, attempt: count }, 'event listener failed')
      }
    }
    return offered
  }

  /** Deliver until every listener has caught up with what is committed now (tests and scripts). */
  async drain(): Promise<void> {
    while ((await this.runOnce()) > 0) {}
  }

  /**
   * A new listener starts at the events committed from now on (`startFrom: 'now'`, the default: a feature
   * deployed today does not replay history), or at the first event in the outbox.
   */
  private async ensureCursor(listener: EventListener): Promise<void> {
    if (listener.startFrom === 'beginning') {
      await this.db.insert(eventListenerCursors).values({ listener: listener.name }).onConflictDoNothing()
      return
    }
    await this.db.execute(sql`
      insert into ${eventListenerCursors} (listener, tx_id, event_id)
      select ${listener.name}, last.tx_id, last.id
      from (select pg_snapshot_xmin(pg_current_snapshot()) as xmin) horizon
      left join lateral (
        select tx_id, id from ${events} where tx_id < horizon.xmin order by tx_id desc, id desc limit 1
      ) last on true
      on conflict (listener) do nothing`)
  }

  private async deliverBatch(listener: EventListener): Promise<number> {
    if (!this.ensured.has(listener.name)) {
      await this.ensureCursor(listener)
      this.ensured.add(listener.name)
    }
    return this.db.transaction(async (tx) => {
      // First statement, before the row lock gives this transaction an xid of its own that would pull
      // the horizon down to itself.
      const [horizon] = await queryRows<{ xmin: string }>(
        tx,
        sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`,
      )
      const [cursor] = await tx
        .select()
        .from(eventListenerCursors)
        .where(eq(eventListenerCursors.listener, listener.name))
        .for('update', { skipLocked: true })
      if (!cursor || !horizon) return 0

      const after =
        cursor.txId === null
          ? sql`true`
          : sql`(${events.txId}, ${events.id}) > (${cursor.txId}::xid8, ${cursor.eventId}::uuid)`
      const batch = await tx
        .select()
        .from(events)
        .where(and(sql`${events.txId} < ${horizon.xmin}::xid8`, after))
        .orderBy(asc(events.txId), asc(events.id))
        .limit(this.batchSize)
      const last = batch.at(-1)
      if (!last) return 0

      const handled = batch.filter((event) => listener.handles(event.type))
      if (handled.length > 0) await handleAll(listener, tx, handled)
      await tx
        .update(eventListenerCursors)
        .set({ txId: last.txId, eventId: idToUuid(last.id), updatedAt: new Date() })
        .where(eq(eventListenerCursors.listener, listener.name))
      return batch.length
    })
  }

  /** Poll until `stop()`: immediately after a pass that found work, else every `pollIntervalMs` or on `nudge()`. */
  start(): void {
    if (this.running) return
    this.running = true
    this.loop = (async () => {
      while (this.running) {
        this.pending = false
        let offered = 0
        try {
          offered = await this.runOnce()
        } catch (err) {
          this.logger.error({ err }, 'event dispatch failed')
        }
        if (offered > 0 || this.pending || !this.running) continue
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollIntervalMs)
          this.wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        this.wake = undefined
      }
    })()
  }

  /** Look for events now (e.g. right after a commit that emitted some) instead of at the next poll. */
  nudge(): void {
    this.pending = true
    this.wake?.()
  }

  /** Stop polling and wait for the pass in progress (its transaction commits or rolls back; nothing is half-done). */
  async stop(): Promise<void> {
    this.running = false
    this.wake?.()
    await this.loop
    this.loop = undefined
  }
}

async function handleAll(listener: EventListener, tx: Db, events: DispatchedEvent[]): Promise<void> {
  if (listener.handleBatch) return listener.handleBatch(tx, events)
  for (const event of events) await listener.handle?.(tx, event)
}
