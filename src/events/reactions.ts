import type { EventSource } from '../context/service'
import type { Db } from '../db/database'
import type { EventPayloads, EventType } from './catalogue'

/** An event as a reaction receives it: what `emit` wrote to the outbox. */
export interface EmittedEvent<T extends EventType = EventType> {
  id: string
  type: T
  resourceId: string
  data: EventPayloads[T]
}

/**
 * Work an area does inside the transaction that emits an event (routing rules on `ticket.created`, SLA clocks
 * on a status change): it commits with the change or not at all, unlike a worker's listener, which runs after
 * commit. `order` sorts reactions to one event (lower first; routing before SLA, so a policy sees the routed
 * ticket).
 *
 * Loop guard: while a reaction runs, the events it causes in the same transaction do not start it again (a
 * routing rule's change does not re-trigger routing in the same pass); other reactions still see them.
 */
export interface EventReaction {
  name: string
  events: readonly EventType[]
  order?: number
  /**
   * Answer `false` when it wrote nothing of the event's resource row (only rows of its own): the emitter then
   * keeps the row it holds instead of reading it again.
   */
  react: (tx: Db, source: EventSource, event: EmittedEvent) => Promise<boolean | undefined>
}

const reactions: EventReaction[] = []
/** The reactions running in each transaction (what the loop guard skips). */
const running = new WeakMap<Db, Set<EventReaction>>()

/** Add an area's reactions (the area registry does, once per process). */
export function registerEventReactions(list: readonly EventReaction[], area: string): void {
  for (const reaction of list) {
    if (reactions.some((r) => r.name === reaction.name))
      throw new Error(`event reaction ${reaction.name} is declared twice (again by ${area})`)
    reactions.push(reaction)
  }
  reactions.sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
}

/**
 * Run the reactions to `event` in `tx`, in order, each unless it is already running in this transaction.
 * Answers whether any ran that may have changed the event's resource row (the emitter then re-reads it); a
 * reaction that answers `false` does not count.
 */
export async function runEventReactions(tx: Db, source: EventSource, event: EmittedEvent): Promise<boolean> {
  let ran = false
  for (const reaction of reactions) {
    if (!reaction.events.includes(event.type)) continue
    let active = running.get(tx)
    if (active?.has(reaction)) continue
    if (!active) {
      active = new Set()
      running.set(tx, active)
    }
    active.add(reaction)
    try {
      if ((await reaction.react(tx, source, event)) !== false) ran = true
    } finally {
      active.delete(reaction)
    }
  }
  return ran
}
