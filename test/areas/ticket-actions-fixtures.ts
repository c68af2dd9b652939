import { and, asc, eq } from 'drizzle-orm'
import { events } from '../../src/db/schema'
import { ticketStatuses } from '../../src/db/schema/ticket-setup'
import { tickets } from '../../src/db/schema/tickets'
import { newId, type TeamId, type WorkspaceId } from '../../src/ids'
import { newContact, type TestApp } from '../harness'

const categories = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const
export type Category = (typeof categories)[number]
export type StatusIds = Record<Category, string>

/** The workspace's default statuses by category: read back when seeded, inserted when it has none. */
export async function statusesOf(t: TestApp, workspaceId: WorkspaceId): Promise<StatusIds> {
  const db = t.database.db
  const existing = await db.select().from(ticketStatuses).where(eq(ticketStatuses.workspaceId, workspaceId))
  if (existing.length === 0) {
    await db.insert(ticketStatuses).values(
      categories.map((category, position) => ({
        id: newId('tst'),
        workspaceId,
        name: category,
        category,
        position,
        isDefault: true,
      })),
    )
  }
  const rows = await db
    .select()
    .from(ticketStatuses)
    .where(and(eq(ticketStatuses.workspaceId, workspaceId), eq(ticketStatuses.isDefault, true)))
  return Object.fromEntries(rows.map((r) => [r.category, r.id])) as unknown as StatusIds
}

let number = 1000

/** A ticket by direct insert (the tickets API is another area's), in `category`'s default status. */
export async function newTicket(
  t: TestApp,
  workspaceId: WorkspaceId,
  fields: {
    category?: Category
    teamId?: TeamId | null
    assigneeId?: string | null
    requesterId?: string
    tags?: string[]
    subject?: string
    organizationId?: string | null
  } = {},
) {
  const statuses = await statusesOf(t, workspaceId)
  const category = fields.category ?? 'open'
  const requesterId = fields.requesterId ?? (await newContact(workspaceId, { name: 'Ada Lovelace' })).id
  number += 1
  const [row] = await t.database.db
    .insert(tickets)
    .values({
      id: newId('tkt'),
      workspaceId,
      number,
      subject: fields.subject ?? 'Cannot export invoices',
      statusId: statuses[category] as never,
      statusCategory: category,
      requesterId: requesterId as never,
      teamId: (fields.teamId ?? null) as never,
      assigneeId: (fields.assigneeId ?? null) as never,
      organizationId: (fields.organizationId ?? null) as never,
      tags: fields.tags ?? [],
    })
    .returning()
  return row!
}

export const ticketRow = async (t: TestApp, id: string) => {
  const [row] = await t.database.db
    .select()
    .from(tickets)
    .where(eq(tickets.id, id as never))
  return row!
}

/** The event types emitted about `resourceId`, oldest first. */
export const eventTypes = async (t: TestApp, workspaceId: WorkspaceId, resourceId: string) =>
  (
    await t.database.db
      .select({ type: events.type })
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), eq(events.resourceId, resourceId)))
      .orderBy(asc(events.occurredAt), asc(events.id))
  ).map((e) => e.type)
