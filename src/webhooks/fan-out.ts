import { and, eq, isNull } from 'drizzle-orm'
import { anyOf } from '../db/any-of'
import type { Db } from '../db/database'
import { type events, webhookDeliveries, webhooks } from '../db/schema'
import { eventPayload } from '../events/envelope'
import { type Id, idToUuid, newId, uuidToId } from '../ids'
import type { WebhookRow } from './deliver'

type EventRow = typeof events.$inferSelect

/** True when `type` matches a subscription pattern: `*`, `contact.*` or an exact type. */
export function matchesPattern(pattern: string, type: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1))
  return pattern === type
}

/** The `teamId`s (`inboxId`s, `boardId`s) an event's data names, at its top level or in its resource objects. */
function idsNamed(data: unknown, field: 'teamId' | 'inboxId' | 'boardId'): string[] {
  if (!data || typeof data !== 'object') return []
  const found: string[] = []
  const take = (o: Record<string, unknown>) => {
    if (typeof o[field] === 'string') found.push(o[field] as string)
  }
  take(data as Record<string, unknown>)
  for (const value of Object.values(data as Record<string, unknown>)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) take(value as Record<string, unknown>)
  }
  return found
}

/**
 * Whether a webhook wants an event: a matching pattern, and its team/inbox/board filters when the event names
 * one (feedback's post, vote and comment events name their board).
 */
export function webhookWants(
  webhook: Pick<WebhookRow, 'events' | 'teamIds' | 'inboxIds'> & { boardIds?: string[] },
  event: Pick<EventRow, 'type' | 'data'>,
): boolean {
  if (!webhook.events.some((p) => matchesPattern(p, event.type))) return false
  const filter = (
    uuids: string[],
    prefix: 'team' | 'ibx' | 'brd',
    field: 'teamId' | 'inboxId' | 'boardId',
  ) => {
    if (uuids.length === 0) return true
    const named = idsNamed(event.data, field)
    if (named.length === 0) return true
    const allowed = new Set(uuids.map((u) => uuidToId(prefix, u) as string))
    return named.some((id) => allowed.has(id))
  }
  return (
    filter(webhook.teamIds, 'team', 'teamId') &&
    filter(webhook.inboxIds, 'ibx', 'inboxId') &&
    filter(webhook.boardIds ?? [], 'brd', 'boardId')
  )
}

/**
 * The fan-out step for committed events: a pending delivery per (event, active webhook of its workspace that
 * wants it and existed when it occurred), in two statements for the lot plus one to read them back.
 * Idempotent (unique per webhook and event): running it again for the same events inserts nothing. Answers
 * every pending delivery of the events, new or left from an earlier run, for the caller to schedule.
 */
export async function createDeliveries(
  tx: Db,
  eventOrEvents: EventRow | EventRow[],
): Promise<Array<{ id: Id<'whd'>; webhookId: Id<'wh'>; eventId: Id<'evt'> | null }>> {
  const batch = Array.isArray(eventOrEvents) ? eventOrEvents : [eventOrEvents]
  if (batch.length === 0) return []
  const workspaceIds = [...new Set(batch.map((e) => e.workspaceId))]
  const candidates = await tx
    .select({
      id: webhooks.id,
      workspaceId: webhooks.workspaceId,
      createdAt: webhooks.createdAt,
      events: webhooks.events,
      teamIds: webhooks.teamIds,
      inboxIds: webhooks.inboxIds,
      boardIds: webhooks.boardIds,
    })
    .from(webhooks)
    .where(
      and(
        anyOf(webhooks.workspaceId, workspaceIds.map(idToUuid)),
        eq(webhooks.active, true),
        isNull(webhooks.disabledAt),
      ),
    )
  if (candidates.length === 0) return []
  const rows: Array<typeof webhookDeliveries.$inferInsert> = []
  for (const event of batch) {
    // An endpoint gets what happens after its creation, not a backlog the dispatcher had yet to reach, nor
    // its own `webhook.created`: that event shares the creating transaction's timestamp, and so could an
    // event of another transaction committed within the same millisecond (kept, hence `<=`).
    const wanted = candidates.filter(
      (w) =>
        w.workspaceId === event.workspaceId &&
        w.createdAt.getTime() <= event.occurredAt.getTime() &&
        !(event.type === 'webhook.created' && event.resourceId === w.id) &&
        webhookWants(w, event),
    )
    if (wanted.length === 0) continue
    const payload = eventPayload(event)
    for (const w of wanted) {
      rows.push({
        id: newId('whd'),
        workspaceId: event.workspaceId,
        webhookId: w.id,
        eventId: event.id,
        eventType: event.type,
        payload,
      })
    }
  }
  if (rows.length === 0) return []
  // 500 rows × 6 parameters stays far below PostgreSQL's 65,535 parameters per statement.
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insert(webhookDeliveries)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing()
  }
  const eventIds = [...new Set(rows.map((r) => r.eventId as Id<'evt'>))]
  const webhookIds = [...new Set(rows.map((r) => r.webhookId as Id<'wh'>))]
  return tx
    .select({
      id: webhookDeliveries.id,
      webhookId: webhookDeliveries.webhookId,
      eventId: webhookDeliveries.eventId,
    })
    .from(webhookDeliveries)
    .where(
      and(
        anyOf(webhookDeliveries.eventId, eventIds.map(idToUuid)),
        eq(webhookDeliveries.status, 'pending'),
        anyOf(webhookDeliveries.webhookId, webhookIds.map(idToUuid)),
      ),
    )
}
