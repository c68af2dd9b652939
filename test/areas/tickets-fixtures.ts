import { and, eq } from 'drizzle-orm'
import {
  type CustomFieldType,
  customFields,
  ticketStatuses,
  ticketTypes,
} from '../../src/db/schema/ticket-setup'
import { newId, type WorkspaceId } from '../../src/ids'
import type { TestApp } from '../harness'

/** The default statuses every workspace gets (seeded by the ticket-setup area once it lands). */
const defaults = [
  { name: 'New', category: 'new', isDefault: true },
  { name: 'Open', category: 'open', isDefault: true },
  { name: 'Pending', category: 'pending', isDefault: true },
  { name: 'On hold', category: 'on_hold', isDefault: true },
  { name: 'Solved', category: 'solved', isDefault: true },
  { name: 'Closed', category: 'closed', isDefault: true },
] as const

export type StatusIds = Record<(typeof defaults)[number]['category'], string>

/**
 * The workspace's statuses by category: inserted when the workspace has none (before the ticket-setup area
 * seeds them), read back when it has (after), so tests work either way.
 */
export async function ensureStatuses(t: TestApp, workspaceId: WorkspaceId): Promise<StatusIds> {
  const db = t.database.db
  const existing = await db.select().from(ticketStatuses).where(eq(ticketStatuses.workspaceId, workspaceId))
  if (existing.length === 0) {
    await db
      .insert(ticketStatuses)
      .values(defaults.map((d, position) => ({ id: newId('tst'), workspaceId, position, ...d })))
      .onConflictDoNothing()
  }
  const rows = await db
    .select()
    .from(ticketStatuses)
    .where(and(eq(ticketStatuses.workspaceId, workspaceId), eq(ticketStatuses.isDefault, true)))
  const byCategory = Object.fromEntries(rows.map((r) => [r.category, r.id])) as unknown as StatusIds
  for (const d of defaults) if (!byCategory[d.category]) throw new Error(`no default ${d.category} status`)
  return byCategory
}

/** A custom field definition (direct insert: the setup API is another area's). */
export async function newCustomField(
  t: TestApp,
  workspaceId: WorkspaceId,
  key: string,
  type: CustomFieldType,
  fields: Partial<typeof customFields.$inferInsert> = {},
) {
  const [row] = await t.database.db
    .insert(customFields)
    .values({ id: newId('cf'), workspaceId, key, label: key, type, position: 0, ...fields })
    .returning()
  return row!
}

/** A ticket type with these custom fields. */
export async function newTicketType(
  t: TestApp,
  workspaceId: WorkspaceId,
  name: string,
  customFieldIds: string[],
) {
  const [row] = await t.database.db
    .insert(ticketTypes)
    .values({ id: newId('ttyp'), workspaceId, name, customFieldIds, position: 0 })
    .returning()
  return row!
}
