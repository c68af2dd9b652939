import { and, eq, getTableColumns, inArray, isNull, type SQL, sql } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { operations } from '../../../../generated/operations'
import { assertAllowed, filterFor, listFilter } from '../../../authz/guard'
import { type EventSource, type ServiceContext, transaction } from '../../../context/service'
import type { Db } from '../../../db/database'
import { insertRow, reusable } from '../../../db/reusable'
import { contacts, members, organizations, teams } from '../../../db/schema'
import {
  customFields,
  type TicketStatusCategory,
  ticketStatuses,
  ticketTypes,
} from '../../../db/schema/ticket-setup'
import {
  type TicketPriority,
  type TicketSource,
  ticketActivity,
  ticketCounters,
  ticketMessages,
  tickets,
} from '../../../db/schema/tickets'
import { emit } from '../../../events/emit'
import { ApiError, type FieldError, notFound, validationFailed } from '../../../http/errors'
import { assertIfMatch } from '../../../http/etag'
import { paginate } from '../../../http/pagination'
import { type ContactId, idToUuid, newId, type TicketId, type WorkspaceId } from '../../../ids'
import type { ContactMergeStep } from '../../../kit/contact-merge'
import { createSynced, type SyncedType, upsertByExternalId } from '../../../kit/crm-sync'
import type { SortFieldsOf } from '../../../kit/list'
import { bumped, diffFields, lockForChange } from '../../../kit/update'
import { getVisibleOrThrow, readColumns } from '../../../kit/visible'
import { resolveInbox } from '../../inboxes/service'

const { search: _search, ...ticketColumns } = getTableColumns(tickets)

/** A ticket as read: every column but its search document. */
export type TicketRow = Omit<typeof tickets.$inferSelect, 'search'>

const iso = (d: Date | null) => d?.toISOString() ?? null

/** A ticket as staff (members, API keys) see it: every field but its tenant and version. */
export const toTicket = (t: TicketRow) => ({
  id: t.id,
  number: t.number,
  subject: t.subject,
  statusId: t.statusId,
  statusCategory: t.statusCategory,
  priority: t.priority,
  typeId: t.typeId,
  requesterId: t.requesterId,
  organizationId: t.organizationId,
  assigneeId: t.assigneeId,
  teamId: t.teamId,
  inboxId: t.inboxId,
  tags: t.tags,
  customFields: t.customFields,
  externalId: t.externalId,
  source: t.source,
  mergedIntoId: t.mergedIntoId,
  snoozedUntil: iso(t.snoozedUntil),
  firstResponseAt: iso(t.firstResponseAt),
  solvedAt: iso(t.solvedAt),
  closedAt: iso(t.closedAt),
  lastCustomerMessageAt: iso(t.lastCustomerMessageAt),
  lastAgentMessageAt: iso(t.lastAgentMessageAt),
  messageCount: t.messageCount,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
})

export type TicketView = ReturnType<typeof toTicket>

/**
 * A ticket as a contact sees it: no assignee, team, inbox, tags, externalId, snooze, message count (it would
 * count notes) or staff response times, and only the custom fields whose definition is `visibleToContacts`.
 */
export function toContactTicket(t: TicketRow, visibleKeys: ReadonlySet<string>) {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    statusId: t.statusId,
    statusCategory: t.statusCategory,
    priority: t.priority,
    typeId: t.typeId,
    requesterId: t.requesterId,
    organizationId: t.organizationId,
    customFields: Object.fromEntries(Object.entries(t.customFields).filter(([key]) => visibleKeys.has(key))),
    source: t.source,
    mergedIntoId: t.mergedIntoId,
    solvedAt: iso(t.solvedAt),
    closedAt: iso(t.closedAt),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  }
}

/**
 * How this caller sees tickets: staff get `toTicket`; a contact `toContactTicket`, with the workspace's
 * contact-visible custom field keys read once for the whole answer.
 */
export async function ticketPresenter(ctx: ServiceContext): Promise<(t: TicketRow) => Partial<TicketView>> {
  if (ctx.actor.type !== 'contact') return toTicket
  const rows = await ctx.db
    .select({ key: customFields.key })
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.visibleToContacts, true)))
  const keys = new Set(rows.map((r) => r.key))
  return (t) => toContactTicket(t, keys)
}

// --------------------------------------------------------------------------------------------- access

const actions = ['read', 'create', 'update', 'assign', 'reply', 'note', 'delete'] as const

/**
 * The caller's compiled ticket filters, before a transaction: a first compile inside one would read through the
 * pool, which on PGlite's single connection waits for the transaction forever.
 */
export async function warmTicketFilters(ctx: ServiceContext): Promise<void> {
  await Promise.all(actions.map((action) => filterFor(ctx, action, 'Ticket')))
}

/**
 * The caller's compiled read predicate over `tickets` (AND it into any query of tickets: views, counts, bulk,
 * macros). 403 when the caller may read no ticket at all.
 */
export const ticketReadFilter = (ctx: ServiceContext): Promise<SQL> => listFilter(ctx, 'Ticket')

/**
 * The ticket `id` as the caller may read it (404 otherwise, exactly like a missing one); for another `action`
 * also 403 unless the caller may do it. `db` is the transaction when inside one.
 */
export async function getTicketOrThrow(
  ctx: ServiceContext,
  id: TicketId,
  action = 'read',
  db: Db = ctx.db,
): Promise<TicketRow> {
  const row = await getVisibleOrThrow(ctx, 'Ticket', tickets, id, 'Ticket', { db })
  if (action !== 'read') await assertAllowed(ctx, action, 'Ticket', row)
  return row
}

/** Lock a visible ticket in `tx` for `action` and check `If-Match` (the update kit). */
export const lockTicket = (ctx: ServiceContext, tx: Db, id: TicketId, action: string, ifMatch?: string) =>
  lockForChange<TicketRow>(ctx, tx, 'Ticket', id, { action, ifMatch })

// ------------------------------------------------------------------------------------------ references

const refError = (code: ConstructorParameters<typeof ApiError>[0], path: string, message: string) =>
  new ApiError(code, `${path}: ${message}`, { errors: [{ path, code, message }] })

export interface StatusRef {
  id: string
  category: TicketStatusCategory
}

/** A status of the workspace that is not archived; 422 `ticket_status_not_found` naming `path` otherwise. */
export async function resolveStatus(db: Db, workspaceId: WorkspaceId, id: string, path: string) {
  const [row] = await db
    .select({ id: ticketStatuses.id, category: ticketStatuses.category })
    .from(ticketStatuses)
    .where(
      and(
        eq(ticketStatuses.workspaceId, workspaceId),
        eq(ticketStatuses.id, id as never),
        isNull(ticketStatuses.archivedAt),
      ),
    )
  if (!row) throw refError('ticket_status_not_found', path, `no ticket status ${id} in this workspace`)
  return row as StatusRef
}

/**
 * The status a ticket takes when it enters `category` without naming one: the category's default, else its
 * first by position. 422 `ticket_status_not_found` when the workspace has none.
 */
export async function defaultStatus(
  db: Db,
  workspaceId: WorkspaceId,
  category: TicketStatusCategory,
  path = 'body.statusId',
): Promise<StatusRef> {
  const [row] = await db
    .select({ id: ticketStatuses.id, category: ticketStatuses.category })
    .from(ticketStatuses)
    .where(
      and(
        eq(ticketStatuses.workspaceId, workspaceId),
        eq(ticketStatuses.category, category),
        isNull(ticketStatuses.archivedAt),
      ),
    )
    .orderBy(sql`${ticketStatuses.isDefault} desc`, ticketStatuses.position, ticketStatuses.id)
    .limit(1)
  if (!row) {
    throw refError('ticket_status_not_found', path, `the workspace has no status of category ${category}`)
  }
  return row as StatusRef
}

interface TypeRef {
  id: string
  customFieldIds: string[]
}

async function resolveType(db: Db, workspaceId: WorkspaceId, id: string, path: string): Promise<TypeRef> {
  const [row] = await db
    .select({ id: ticketTypes.id, customFieldIds: ticketTypes.customFieldIds })
    .from(ticketTypes)
    .where(
      and(
        eq(ticketTypes.workspaceId, workspaceId),
        eq(ticketTypes.id, id as never),
        isNull(ticketTypes.archivedAt),
      ),
    )
  if (!row) throw refError('ticket_type_not_found', path, `no ticket type ${id} in this workspace`)
  return row
}

/** The requester contact (a merged contact's id resolves to the contact it went into). */
async function resolveRequester(db: Db, workspaceId: WorkspaceId, id: string, path: string) {
  const [row] = await db
    .select({ id: contacts.id, organizationId: contacts.organizationId, mergedIntoId: contacts.mergedIntoId })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id as ContactId)))
  if (!row) throw refError('requester_not_found', path, `no contact ${id} in this workspace`)
  if (row.mergedIntoId) return resolveRequester(db, workspaceId, row.mergedIntoId, path)
  return row
}

async function assertAssignee(db: Db, workspaceId: WorkspaceId, id: string, path: string) {
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .where(
      and(eq(members.workspaceId, workspaceId), eq(members.id, id as never), eq(members.status, 'active')),
    )
  if (!row) throw refError('assignee_not_found', path, `no active member ${id} in this workspace`)
}

async function assertTeam(db: Db, workspaceId: WorkspaceId, id: string, path: string) {
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id as never)))
  if (!row) throw refError('team_not_found', path, `no team ${id} in this workspace`)
}

async function assertOrganization(db: Db, workspaceId: WorkspaceId, id: string, path: string) {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.workspaceId, workspaceId), eq(organizations.id, id as never)))
  if (!row) throw refError('organization_not_found', path, `no organisation ${id} in this workspace`)
}

/**
 * What a new ticket refers to, checked in one statement instead of one each (a create's round trips): the
 * requester (a merged contact resolves to its target, as `resolveRequester` does), the named status or the
 * `new` default, and when given the type, the assignee and the team. The first missing one answers the 422 its
 * own check would, in the same order: requester, status, type, assignee, team.
 */
async function resolveCreateRefs(
  db: Db,
  workspaceId: WorkspaceId,
  requesterId: string,
  input: Pick<TicketInput, 'statusId' | 'typeId' | 'assigneeId' | 'teamId'>,
  at: string,
): Promise<{ requester: RequesterRef; status: StatusRef; type: TypeRef | null }> {
  // One statement per combination of the references given, built once (ids as placeholders, given as uuids).
  const given = [input.statusId, input.typeId, input.assigneeId, input.teamId]
    .map((v) => (v ? 1 : 0))
    .join('')
  const ws = sql.placeholder('workspaceId')
  const build = () => {
    const requesterQuery = db
      .select({
        id: contacts.id,
        organizationId: contacts.organizationId,
        mergedIntoId: contacts.mergedIntoId,
      })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ws), eq(contacts.id, sql.placeholder('requesterId'))))
      .as('requester')
    const live = and(eq(ticketStatuses.workspaceId, ws), isNull(ticketStatuses.archivedAt))
    const statusQuery = (
      input.statusId
        ? db
            .select({ id: ticketStatuses.id, category: ticketStatuses.category })
            .from(ticketStatuses)
            .where(and(live, eq(ticketStatuses.id, sql.placeholder('statusId'))))
        : db
            .select({ id: ticketStatuses.id, category: ticketStatuses.category })
            .from(ticketStatuses)
            .where(and(live, eq(ticketStatuses.category, 'new')))
            .orderBy(sql`${ticketStatuses.isDefault} desc`, ticketStatuses.position, ticketStatuses.id)
            .limit(1)
    ).as('status')
    // A reference not given matches no row (`false`), so its columns are null without a branch in the statement.
    const ifGiven = (value: unknown, ...conditions: SQL[]) => (value ? and(...conditions) : sql`false`)
    const typeQuery = db
      .select({ id: ticketTypes.id, customFieldIds: ticketTypes.customFieldIds })
      .from(ticketTypes)
      .where(
        ifGiven(
          input.typeId,
          eq(ticketTypes.workspaceId, ws),
          eq(ticketTypes.id, sql.placeholder('typeId')),
          isNull(ticketTypes.archivedAt),
        ),
      )
      .as('type')
    const assigneeQuery = db
      .select({ id: members.id })
      .from(members)
      .where(
        ifGiven(
          input.assigneeId,
          eq(members.workspaceId, ws),
          eq(members.id, sql.placeholder('assigneeId')),
          eq(members.status, 'active'),
        ),
      )
      .as('assignee')
    const teamQuery = db
      .select({ id: teams.id })
      .from(teams)
      .where(ifGiven(input.teamId, eq(teams.workspaceId, ws), eq(teams.id, sql.placeholder('teamId'))))
      .as('team')
    return db
      .select({
        requester: {
          id: requesterQuery.id,
          organizationId: requesterQuery.organizationId,
          mergedIntoId: requesterQuery.mergedIntoId,
        },
        statusId: statusQuery.id,
        statusCategory: statusQuery.category,
        typeId: typeQuery.id,
        customFieldIds: typeQuery.customFieldIds,
        assigneeId: assigneeQuery.id,
        teamId: teamQuery.id,
      })
      .from(requesterQuery)
      .leftJoin(statusQuery, sql`true`)
      .leftJoin(typeQuery, sql`true`)
      .leftJoin(assigneeQuery, sql`true`)
      .leftJoin(teamQuery, sql`true`)
      .prepare(`create_refs:${given}`)
  }
  const uuid = (id: string | null | undefined) => (id ? idToUuid(id) : null)
  const [row] = await reusable(db, `create_refs:${given}`, build).execute({
    workspaceId: idToUuid(workspaceId),
    requesterId: idToUuid(requesterId),
    statusId: uuid(input.statusId),
    typeId: uuid(input.typeId),
    assigneeId: uuid(input.assigneeId),
    teamId: uuid(input.teamId),
  })
  if (!row)
    throw refError('requester_not_found', `${at}.requesterId`, `no contact ${requesterId} in this workspace`)
  const requester = row.requester.mergedIntoId
    ? await resolveRequester(db, workspaceId, row.requester.mergedIntoId, `${at}.requesterId`)
    : row.requester
  if (!row.statusId || !row.statusCategory) {
    throw input.statusId
      ? refError(
          'ticket_status_not_found',
          `${at}.statusId`,
          `no ticket status ${input.statusId} in this workspace`,
        )
      : refError('ticket_status_not_found', `${at}.statusId`, 'the workspace has no status of category new')
  }
  if (input.typeId && !row.typeId) {
    throw refError(
      'ticket_type_not_found',
      `${at}.typeId`,
      `no ticket type ${input.typeId} in this workspace`,
    )
  }
  if (input.assigneeId && !row.assigneeId) {
    throw refError(
      'assignee_not_found',
      `${at}.assigneeId`,
      `no active member ${input.assigneeId} in this workspace`,
    )
  }
  if (input.teamId && !row.teamId) {
    throw refError('team_not_found', `${at}.teamId`, `no team ${input.teamId} in this workspace`)
  }
  return {
    requester,
    status: { id: row.statusId, category: row.statusCategory } as StatusRef,
    type: row.typeId ? { id: row.typeId, customFieldIds: row.customFieldIds ?? [] } : null,
  }
}

type RequesterRef = Awaited<ReturnType<typeof resolveRequester>>

// ------------------------------------------------------------------------------------- custom fields

const datePattern = /^\d{4}-\d{2}-\d{2}$/

function checkValue(
  def: typeof customFields.$inferSelect,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (def.type) {
    case 'text':
    case 'long_text': {
      const max = def.type === 'text' ? 1000 : 10000
      if (typeof value !== 'string') return { ok: false, message: `must be a string (${def.type} field)` }
      if (value.length > max) return { ok: false, message: `must be at most ${max} characters` }
      return { ok: true, value }
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return { ok: false, message: 'must be a number (number field)' }
      return { ok: true, value }
    case 'checkbox':
      if (typeof value !== 'boolean') return { ok: false, message: 'must be a boolean (checkbox field)' }
      return { ok: true, value }
    case 'date': {
      if (typeof value !== 'string' || !datePattern.test(value))
        return { ok: false, message: 'must be a date YYYY-MM-DD (date field)' }
      const date = new Date(`${value}T00:00:00Z`)
      if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
        return { ok: false, message: 'must be a valid calendar date' }
      return { ok: true, value }
    }
    case 'select':
      if (typeof value !== 'string' || !def.options.includes(value))
        return { ok: false, message: `must be one of ${def.options.join(', ') || '(no options)'}` }
      return { ok: true, value }
    case 'multi_select': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !def.options.includes(v)))
        return {
          ok: false,
          message: `must be an array of ${def.options.join(', ') || '(no options)'}`,
        }
      return { ok: true, value: [...new Set(value as string[])] }
    }
    default:
      return { ok: false, message: `has an unknown type ${def.type}` }
  }
}

/**
 * The ticket's custom field values after applying `input` (key by key; `null` removes a key) to `current`,
 * checked against the definitions: each key must name a field of the workspace that is not archived and, when
 * the ticket has a type, one of the type's fields; a contact may set only fields visible to contacts. With
 * `requireFor` (creation), the type's required fields must have a value. 422 `custom_field_invalid` naming
 * every bad key at `<at>.customFields.<key>`.
 */
export async function applyCustomFields(
  db: Db,
  workspaceId: WorkspaceId,
  options: {
    type: TypeRef | null
    current: Record<string, unknown>
    input: Record<string, unknown> | undefined
    at: string
    contact: boolean
    required: boolean
  },
): Promise<Record<string, unknown>> {
  const { type, input, at } = options
  const keys = Object.keys(input ?? {})
  const wanted = type?.customFieldIds ?? []
  if (keys.length === 0 && !(options.required && wanted.length > 0)) return options.current
  const defs = await db
    .select()
    .from(customFields)
    .where(
      and(
        eq(customFields.workspaceId, workspaceId),
        keys.length > 0 && wanted.length > 0
          ? sql`(${inArray(customFields.key, keys)} or ${inArray(customFields.id, wanted as never[])})`
          : keys.length > 0
            ? inArray(customFields.key, keys)
            : inArray(customFields.id, wanted as never[]),
      ),
    )
  const byKey = new Map(defs.map((d) => [d.key, d]))
  const next: Record<string, unknown> = { ...options.current }
  const errors: FieldError[] = []
  const fail = (key: string, message: string) =>
    errors.push({ path: `${at}.customFields.${key}`, code: 'custom_field_invalid', message })
  for (const key of keys) {
    const value = (input as Record<string, unknown>)[key]
    const def = byKey.get(key)
    if (!def || def.archivedAt || (options.contact && !def.visibleToContacts)) {
      fail(key, def?.archivedAt ? 'is an archived custom field' : 'is not a custom field of this workspace')
      continue
    }
    if (type && !type.customFieldIds.includes(def.id)) {
      fail(key, `is not a field of ticket type ${type.id}`)
      continue
    }
    if (value === null) {
      delete next[key]
      continue
    }
    const checked = checkValue(def, value)
    if (checked.ok) next[key] = checked.value
    else fail(key, checked.message)
  }
  if (options.required && type) {
    for (const def of defs) {
      if (!type.customFieldIds.includes(def.id) || !def.required || def.archivedAt) continue
      if (options.contact && !def.visibleToContacts) continue
      const value = next[def.key]
      if (
        value === undefined ||
        value === null ||
        value === '' ||
        (Array.isArray(value) && value.length === 0)
      )
        fail(def.key, 'is required by the ticket type')
    }
  }
  if (errors.length > 0) {
    throw new ApiError('custom_field_invalid', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
      errors,
    })
  }
  return next
}

// ------------------------------------------------------------------------------------------- activity

/** The actor of a change as the timeline records it (API keys as themselves; the audit log names the member). */
const activityActor = (ctx: EventSource) => ({
  actorType: ctx.eventActor.type,
  actorId: ctx.eventActor.id ?? null,
})

/** Record changes of a ticket in its timeline, in the change's transaction. */
export async function recordActivity(
  ctx: EventSource,
  tx: Db,
  ticketId: TicketId,
  entries: Array<{ field: string; before: unknown; after: unknown }>,
): Promise<void> {
  if (entries.length === 0) return
  const actor = activityActor(ctx)
  const now = new Date()
  const rows = entries.map((e) => ({
    id: newId('tact'),
    workspaceId: ctx.workspaceId,
    ticketId,
    ...actor,
    field: e.field,
    before: e.before ?? null,
    after: e.after ?? null,
    createdAt: now,
  }))
  // One entry (a create, most edits) in a statement built once; several in one multi-row insert.
  if (rows.length === 1) await insertRow(tx, ticketActivity, rows[0] as (typeof rows)[number])
  else await tx.insert(ticketActivity).values(rows)
}

// ---------------------------------------------------------------------------------------------- writes

/** The fields a create or an upsert may carry; `null` clears, absent leaves as is. */
export interface TicketInput {
  subject?: string
  requesterId?: string
  priority?: TicketPriority
  typeId?: string | null
  statusId?: string
  teamId?: string | null
  assigneeId?: string | null
  inboxId?: string | null
  organizationId?: string | null
  tags?: string[]
  customFields?: Record<string, unknown>
  externalId?: string | null
  source?: TicketSource
  message?: { body: string }
}

/** What a change of a ticket may carry (`updateTicketFields`); `null` clears a nullable field. */
export interface TicketChanges {
  subject?: string
  statusId?: string
  priority?: TicketPriority
  typeId?: string | null
  assigneeId?: string | null
  teamId?: string | null
  inboxId?: string | null
  tags?: string[]
  customFields?: Record<string, unknown>
  externalId?: string | null
  requesterId?: string
  organizationId?: string | null
}

const contactCreatable = new Set([
  'subject',
  'requesterId',
  'typeId',
  'customFields',
  'message',
  'externalId',
])

/**
 * The next ticket number of the workspace, from `ticket_counters` in its own short statement: run it outside
 * the ticket's transaction, so no transaction holds the counter's row lock (a failed create leaves a gap).
 */
export async function nextTicketNumber(db: Db, workspaceId: WorkspaceId): Promise<number> {
  const [row] = await db
    .insert(ticketCounters)
    .values({ workspaceId, lastNumber: 1 })
    .onConflictDoUpdate({
      target: ticketCounters.workspaceId,
      set: { lastNumber: sql`${ticketCounters.lastNumber} + 1` },
    })
    .returning({ lastNumber: ticketCounters.lastNumber })
  if (!row) throw new Error('ticket counter returned no number')
  return Number(row.lastNumber)
}

/** 409 `external_id_taken` when another ticket holds `externalId`. */
async function externalIdConflict(
  db: Db,
  workspaceId: WorkspaceId,
  externalId: string | null | undefined,
  at: string,
  exceptId?: TicketId,
): Promise<ApiError | undefined> {
  if (!externalId) return undefined
  const [holder] = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.externalId, externalId)))
  if (!holder || holder.id === exceptId) return undefined
  const message = `is the externalId of ticket ${holder.id}`
  return new ApiError('external_id_taken', `${at}.externalId: ${message}`, {
    errors: [{ path: `${at}.externalId`, code: 'external_id_taken', message }],
  })
}

/** Insert a ticket in `tx` with `number`, its opening message and timeline entry, and emit `ticket.created`. */
async function insertTicket(
  ctx: ServiceContext,
  tx: Db,
  input: TicketInput,
  at: string,
  number: number,
): Promise<TicketRow> {
  const ws = ctx.workspaceId
  const isContact = ctx.actor.type === 'contact'
  if (isContact) {
    const extra = Object.keys(input).filter(
      (k) => !contactCreatable.has(k) && input[k as keyof TicketInput] !== undefined,
    )
    if (extra.length > 0) {
      throw new ApiError(
        'forbidden',
        `A contact may set only subject, typeId, customFields and message (not ${extra.join(', ')})`,
      )
    }
    if (input.externalId !== undefined) throw new ApiError('forbidden', 'A contact may not set externalId')
  }
  const requesterId = input.requesterId ?? (isContact ? ctx.actor.id : undefined)
  const missing: FieldError[] = []
  if (!input.subject) missing.push({ path: `${at}.subject`, code: 'required', message: 'is required' })
  if (!requesterId) missing.push({ path: `${at}.requesterId`, code: 'required', message: 'is required' })
  if (missing.length > 0) throw validationFailed(missing)
  // An inbox's defaults fill what the ticket leaves unset (before the policy, which decides by team).
  if (input.inboxId) {
    const inbox = await resolveInbox(tx, ws, input.inboxId, `${at}.inboxId`)
    input = {
      ...input,
      teamId: input.teamId === undefined ? (inbox.defaultTeamId ?? undefined) : input.teamId,
      priority: input.priority ?? inbox.defaultPriority ?? undefined,
    }
  }
  const requested = {
    workspaceId: ws,
    requesterId,
    teamId: input.teamId ?? null,
    assigneeId: input.assigneeId ?? null,
    inboxId: input.inboxId ?? null,
    organizationId: input.organizationId ?? null,
    statusCategory: 'new',
  }
  await assertAllowed(ctx, 'create', 'Ticket', requested)
  if (input.assigneeId) await assertAllowed(ctx, 'assign', 'Ticket', requested)

  const { requester, status, type } = await resolveCreateRefs(tx, ws, requesterId as string, input, at)
  if (input.organizationId) await assertOrganization(tx, ws, input.organizationId, `${at}.organizationId`)
  const values = await applyCustomFields(tx, ws, {
    type,
    current: {},
    input: input.customFields,
    at,
    contact: isContact,
    required: true,
  })
  const conflict = await externalIdConflict(tx, ws, input.externalId, at)
  if (conflict) throw conflict

  const now = new Date()
  const id = newId('tkt')
  const [row] = await insertRow(
    tx,
    tickets,
    {
      id,
      workspaceId: ws,
      number,
      subject: (input.subject as string).trim(),
      statusId: status.id as never,
      statusCategory: status.category,
      priority: input.priority ?? 'normal',
      typeId: (type?.id ?? null) as never,
      requesterId: requester.id,
      organizationId:
        input.organizationId !== undefined ? (input.organizationId as never) : requester.organizationId,
      assigneeId: (input.assigneeId ?? null) as never,
      teamId: (input.teamId ?? null) as never,
      inboxId: (input.inboxId ?? null) as never,
      tags: [...new Set(input.tags ?? [])],
      customFields: values,
      externalId: input.externalId ?? null,
      source: input.source ?? (isContact ? 'portal' : 'api'),
      solvedAt: status.category === 'solved' || status.category === 'closed' ? now : null,
      closedAt: status.category === 'closed' ? now : null,
      messageCount: input.message ? 1 : 0,
      lastCustomerMessageAt: input.message ? now : null,
      createdAt: now,
      updatedAt: now,
    },
    true,
  )
  if (!row) throw new Error('insert returned no ticket')
  if (input.message) {
    // The requester's opening message: a member or key opening on the contact's behalf records it as theirs.
    await insertRow(tx, ticketMessages, {
      id: newId('msg'),
      workspaceId: ws,
      ticketId: row.id,
      kind: 'reply',
      body: input.message.body,
      authorType: 'contact',
      authorId: requester.id,
      source: row.source,
      createdAt: now,
      updatedAt: now,
    })
  }
  await recordActivity(ctx, tx, row.id, [{ field: 'created', before: null, after: { number: row.number } }])
  const reacted = await emit(tx, ctx, {
    type: 'ticket.created',
    resourceId: row.id,
    data: { ticket: toTicket(row) },
  })
  return reacted ? rereadTicket(tx, ctx.workspaceId, row.id) : row
}

/** The ticket as it is now in `tx`: what answers after reactions to its events (routing, SLA) changed it. */
export async function rereadTicket(tx: Db, workspaceId: WorkspaceId, id: string): Promise<TicketRow> {
  const [row] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id as TicketId)))
  if (!row) throw new Error(`ticket ${id} vanished in its own transaction`)
  return row
}

/**
 * Apply `changes` to a locked ticket in `tx`: validate them, write what differs (version + 1), record each
 * changed field in the timeline and emit `ticket.updated` (with `previous`), plus `ticket.status_changed` and
 * `ticket.assigned` when those change. Changing nothing writes nothing. With `authorize` (the default) the
 * caller needs `assign` for assignee and team changes and `update` for the rest; code acting for the system
 * (a contact's reply reopening its ticket) passes `authorize: false`.
 *
 * This is the one write path of ticket fields: conversation actions, bulk updates and macros build on it.
 */
export async function updateTicketFields(
  ctx: ServiceContext,
  tx: Db,
  current: TicketRow,
  changes: TicketChanges,
  options?: { at?: string; authorize?: true },
): Promise<TicketRow>
/** A change no caller's policy decides (a routing rule's action): the source is who the events name. */
export async function updateTicketFields(
  ctx: EventSource,
  tx: Db,
  current: TicketRow,
  changes: TicketChanges,
  options: { at?: string; authorize: false },
): Promise<TicketRow>
export async function updateTicketFields(
  ctx: EventSource,
  tx: Db,
  current: TicketRow,
  changes: TicketChanges,
  options: { at?: string; authorize?: boolean } = {},
): Promise<TicketRow> {
  const at = options.at ?? 'body'
  const ws = ctx.workspaceId
  const differs = (key: keyof TicketChanges) =>
    changes[key] !== undefined &&
    JSON.stringify(changes[key]) !== JSON.stringify(current[key as keyof TicketRow])
  if (options.authorize !== false) {
    const caller = ctx as ServiceContext
    if (differs('assigneeId') || differs('teamId')) await assertAllowed(caller, 'assign', 'Ticket', current)
    const others = (Object.keys(changes) as Array<keyof TicketChanges>).filter(
      (k) =>
        k !== 'assigneeId' &&
        k !== 'teamId' &&
        (k === 'customFields' ? changes.customFields !== undefined : differs(k)),
    )
    if (others.length > 0) await assertAllowed(caller, 'update', 'Ticket', current)
  }

  const next: Partial<TicketRow> = {}
  if (changes.subject !== undefined) next.subject = changes.subject.trim()
  if (changes.priority !== undefined) next.priority = changes.priority
  if (differs('inboxId') && changes.inboxId) await resolveInbox(tx, ws, changes.inboxId, `${at}.inboxId`)
  if (changes.inboxId !== undefined) next.inboxId = changes.inboxId as never
  if (changes.externalId !== undefined) next.externalId = changes.externalId
  if (changes.tags !== undefined) next.tags = [...new Set(changes.tags)]
  if (differs('statusId')) {
    const status = await resolveStatus(tx, ws, changes.statusId as string, `${at}.statusId`)
    if (current.statusCategory === 'closed' && status.category !== 'closed') {
      throw new ApiError(
        'ticket_closed',
        `Ticket ${current.id} is closed and cannot be reopened; open a new ticket instead`,
      )
    }
    next.statusId = status.id as never
    next.statusCategory = status.category
  }
  if (differs('assigneeId') && changes.assigneeId)
    await assertAssignee(tx, ws, changes.assigneeId, `${at}.assigneeId`)
  if (changes.assigneeId !== undefined) next.assigneeId = changes.assigneeId as never
  if (differs('teamId') && changes.teamId) await assertTeam(tx, ws, changes.teamId, `${at}.teamId`)
  if (changes.teamId !== undefined) next.teamId = changes.teamId as never
  if (differs('requesterId')) {
    const requester = await resolveRequester(tx, ws, changes.requesterId as string, `${at}.requesterId`)
    next.requesterId = requester.id
    if (changes.organizationId === undefined) next.organizationId = requester.organizationId
  }
  if (differs('organizationId') && changes.organizationId)
    await assertOrganization(tx, ws, changes.organizationId, `${at}.organizationId`)
  if (changes.organizationId !== undefined) next.organizationId = changes.organizationId as never
  let type: TypeRef | null | undefined
  if (changes.typeId !== undefined) {
    next.typeId = changes.typeId as never
    type = changes.typeId === null ? null : await resolveType(tx, ws, changes.typeId, `${at}.typeId`)
  }
  if (changes.customFields !== undefined) {
    if (type === undefined)
      type = current.typeId
        ? await resolveType(tx, ws, current.typeId, `${at}.typeId`).catch(() => null)
        : null
    next.customFields = await applyCustomFields(tx, ws, {
      type,
      current: current.customFields,
      input: changes.customFields,
      at,
      contact: false,
      required: false,
    })
  }

  const { changed, previous } = diffFields(current as unknown as Record<string, unknown>, next)
  if (Object.keys(changed).length === 0) return current
  const conflict = await externalIdConflict(tx, ws, changed.externalId as string | undefined, at, current.id)
  if (conflict) throw conflict

  const set: Partial<TicketRow> = { ...(changed as Partial<TicketRow>) }
  if ('statusCategory' in changed) {
    const now = new Date()
    const category = changed.statusCategory as TicketStatusCategory
    if (category === 'solved') set.solvedAt = now
    else if (category === 'closed') {
      set.closedAt = now
      set.solvedAt = current.solvedAt ?? now
    } else set.solvedAt = null
  }
  const [updated] = await tx
    .update(tickets)
    .set({ ...set, ...bumped(tickets) })
    .where(and(eq(tickets.workspaceId, ws), eq(tickets.id, current.id)))
    .returning()
  if (!updated) throw notFound('Ticket')

  const entries: Array<{ field: string; before: unknown; after: unknown }> = []
  for (const field of Object.keys(changed)) {
    if (field === 'statusCategory') continue
    if (field === 'customFields') {
      const before = current.customFields
      const after = updated.customFields
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
          entries.push({
            field: `customFields.${key}`,
            before: before[key] ?? null,
            after: after[key] ?? null,
          })
      }
      continue
    }
    entries.push({
      field,
      before: (current as unknown as Record<string, unknown>)[field],
      after: (updated as unknown as Record<string, unknown>)[field],
    })
  }
  await recordActivity(ctx, tx, current.id, entries)

  const ticket = toTicket(updated)
  let reacted = await emit(tx, ctx, {
    type: 'ticket.updated',
    resourceId: updated.id,
    data: { ticket, previous },
  })
  if ('statusId' in changed) {
    // Not `||=`: once a reaction ran, that would skip emitting the event at all.
    const ran = await emit(tx, ctx, {
      type: 'ticket.status_changed',
      resourceId: updated.id,
      data: { ticket, previous: { statusId: current.statusId, statusCategory: current.statusCategory } },
    })
    reacted = ran || reacted
  }
  if ('assigneeId' in changed || 'teamId' in changed) {
    const ran = await emit(tx, ctx, {
      type: 'ticket.assigned',
      resourceId: updated.id,
      data: { ticket, previous: { assigneeId: current.assigneeId, teamId: current.teamId } },
    })
    reacted = ran || reacted
  }
  return reacted ? rereadTicket(tx, ctx.workspaceId, updated.id) : updated
}

/** `PATCH /v1/tickets/{id}`: lock, `If-Match`, then `updateTicketFields`. */
export async function updateTicket(
  ctx: ServiceContext,
  id: TicketId,
  changes: TicketChanges,
  ifMatch?: string,
): Promise<TicketRow> {
  await warmTicketFilters(ctx)
  return transaction(ctx, async (tx) => {
    const read = await filterFor(ctx, 'read', 'Ticket')
    const [current] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.workspaceId, ctx.workspaceId), eq(tickets.id, id), read.where))
      .for('update')
    if (!current) throw notFound('Ticket')
    // What the caller asks for needs its permission even when it changes nothing: assign for the assignee and
    // team, update for the rest (404, then 403, then 412, as the update kit orders them).
    const keys = Object.keys(changes).filter((k) => changes[k as keyof TicketChanges] !== undefined)
    if (keys.some((k) => k === 'assigneeId' || k === 'teamId'))
      await assertAllowed(ctx, 'assign', 'Ticket', current)
    if (keys.some((k) => k !== 'assigneeId' && k !== 'teamId'))
      await assertAllowed(ctx, 'update', 'Ticket', current)
    assertIfMatch(ifMatch, current.version)
    return updateTicketFields(ctx, tx, current, changes)
  })
}

/** Delete a ticket for good, with its messages, attachments and timeline (foreign keys cascade). */
export async function deleteTicket(ctx: ServiceContext, id: TicketId, ifMatch?: string): Promise<void> {
  await warmTicketFilters(ctx)
  await transaction(ctx, async (tx) => {
    const current = await lockTicket(ctx, tx, id, 'delete', ifMatch)
    await tx.delete(tickets).where(and(eq(tickets.workspaceId, ctx.workspaceId), eq(tickets.id, id)))
    await emit(tx, ctx, {
      type: 'ticket.deleted',
      resourceId: id,
      data: { ticket: { id, number: current.number, externalId: current.externalId } },
    })
  })
}

/** Tickets as the CRM-sync kit writes them; `number` is allocated before the transaction. */
function ticketSync(number: number | undefined): SyncedType<TicketRow, TicketInput> {
  return {
    type: 'Ticket',
    async findByExternalId(ctx, tx, externalId) {
      const read = await filterFor(ctx, 'read', 'Ticket')
      const [row] = await tx
        .select()
        .from(tickets)
        .where(and(eq(tickets.workspaceId, ctx.workspaceId), eq(tickets.externalId, externalId), read.where))
        .for('update')
      return row
    },
    insert(ctx, tx, input, at) {
      if (number === undefined) {
        throw new ApiError('conflict', 'The ticket with this externalId was deleted concurrently; retry')
      }
      return insertTicket(ctx, tx, input, at, number)
    },
    update(ctx, tx, current, input, at) {
      const { message: _, source: __, ...changes } = input as TicketInput
      return updateTicketFields(ctx, tx, current, changes as TicketChanges, { at })
    },
    conflict: (ctx, db, input, at) => externalIdConflict(db, ctx.workspaceId, input.externalId, at),
  }
}

/** `POST /v1/tickets`: the number is taken first, in its own statement; then one transaction. */
export async function createTicket(ctx: ServiceContext, input: TicketInput): Promise<TicketRow> {
  await warmTicketFilters(ctx)
  const number = await nextTicketNumber(ctx.db, ctx.workspaceId)
  return createSynced(ticketSync(number), ctx, input)
}

/**
 * `PUT /v1/tickets/by-external-id/{externalId}`: update the holder or create it. A number is taken only when no
 * ticket holds the externalId yet (a concurrent first write may leave a gap).
 */
export async function upsertTicketByExternalId(ctx: ServiceContext, externalId: string, input: TicketInput) {
  await warmTicketFilters(ctx)
  const [holder] = await ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, ctx.workspaceId), eq(tickets.externalId, externalId)))
  const number = holder ? undefined : await nextTicketNumber(ctx.db, ctx.workspaceId)
  return upsertByExternalId(ticketSync(number), ctx, externalId, input)
}

/** A contact merged into another: its tickets' requester becomes the target. */
export const moveRequesterTickets: ContactMergeStep = async (tx, move) => {
  await tx
    .update(tickets)
    .set({ requesterId: move.targetId })
    .where(and(eq(tickets.workspaceId, move.workspaceId), eq(tickets.requesterId, move.sourceId)))
}

// ---------------------------------------------------------------------------------------------- lists

const priorityRank = sql`(case ${tickets.priority} when 'low' then 0 when 'normal' then 1 when 'high' then 2 else 3 end)`
const rankOf: Record<string, number> = { low: 0, normal: 1, high: 2, urgent: 3 }

const sortFields: SortFieldsOf<typeof operations.listTickets, TicketRow> = {
  updatedAt: { column: tickets.updatedAt, kind: 'timestamp', value: (t) => t.updatedAt },
  createdAt: { column: tickets.createdAt, kind: 'timestamp', value: (t) => t.createdAt },
  number: { column: tickets.number, kind: 'number', value: (t) => t.number },
  priority: {
    column: priorityRank as unknown as PgColumn,
    kind: 'number',
    value: (t) => rankOf[t.priority] ?? 3,
  },
}

export interface ListTicketsQuery {
  limit: number
  cursor?: string
  sort: string
  status?: string
  statusId?: string
  priority?: string
  assigneeId?: string
  teamId?: string
  inboxId?: string
  requesterId?: string
  organizationId?: string
  typeId?: string
  tag?: string
  externalId?: string
  updatedAfter?: string
}

const idFilters = [
  ['statusId', tickets.statusId],
  ['teamId', tickets.teamId],
  ['inboxId', tickets.inboxId],
  ['requesterId', tickets.requesterId],
  ['organizationId', tickets.organizationId],
  ['typeId', tickets.typeId],
] as const

/**
 * A predicate ANDed into a ticket list besides the caller's (a view's conditions, a bulk selection). Without
 * `key` it must carry its own bound values, and its statement is built for the request. With `key` (what the
 * predicate is made of, e.g. a view's id and version), it takes its changing values as placeholders given in
 * `params`, and the combination with the caller's predicate is kept per key: the list's statement is then
 * prepared once, as `GET /v1/tickets`'s is.
 */
export interface ExtraTicketFilter {
  where?: SQL
  key?: string
  params?: Record<string, unknown>
  name?: string
}

/** Combined predicates per caller predicate (the Authorizer's cached filter object), then per key. */
const combinedFilters = new WeakMap<SQL, Map<string, SQL>>()
const maxCombinedPerCaller = 200

function withExtraFilter(authz: SQL, options: ExtraTicketFilter): SQL {
  const where = options.where as SQL
  if (options.key === undefined) return and(authz, where) as SQL
  let byKey = combinedFilters.get(authz)
  if (!byKey) {
    byKey = new Map()
    combinedFilters.set(authz, byKey)
  }
  let combined = byKey.get(options.key)
  if (!combined) {
    combined = and(authz, where) as SQL
    if (byKey.size >= maxCombinedPerCaller) byKey.delete(byKey.keys().next().value as string)
    byKey.set(options.key, combined)
  }
  return combined
}

/**
 * The tickets the caller may read, filtered and keyset-paginated. `options.where` ANDs an extra predicate over
 * `tickets` (a view's conditions, a bulk selection): it must carry its own bound values.
 */
export async function listTickets(
  ctx: ServiceContext,
  query: ListTicketsQuery,
  secret: string,
  options: ExtraTicketFilter = {},
) {
  const authz = await ticketReadFilter(ctx)
  const params: Record<string, unknown> = { ...options.params, workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  const variant: string[] = []
  if (query.status !== undefined) {
    const categories = [...new Set(query.status.split(','))].sort()
    filters.push(inArray(tickets.statusCategory, categories as TicketStatusCategory[]))
    variant.push(`status=${categories.join('|')}`)
  }
  for (const [name, column] of idFilters) {
    const value = query[name]
    if (value === undefined) continue
    params[name] = idToUuid(value)
    filters.push(sql`${column} = ${sql.placeholder(name)}::uuid`)
    variant.push(name)
  }
  if (query.assigneeId === 'none') {
    filters.push(isNull(tickets.assigneeId))
    variant.push('unassigned')
  } else if (query.assigneeId !== undefined) {
    params.assigneeId = idToUuid(query.assigneeId)
    filters.push(sql`${tickets.assigneeId} = ${sql.placeholder('assigneeId')}::uuid`)
    variant.push('assigneeId')
  }
  if (query.priority !== undefined) {
    params.priority = query.priority
    filters.push(sql`${tickets.priority} = ${sql.placeholder('priority')}`)
    variant.push('priority')
  }
  if (query.tag !== undefined) {
    params.tag = query.tag
    filters.push(sql`${tickets.tags} @> array[${sql.placeholder('tag')}]::text[]`)
    variant.push('tag')
  }
  if (query.externalId !== undefined) {
    params.externalId = query.externalId
    filters.push(sql`${tickets.externalId} = ${sql.placeholder('externalId')}`)
    variant.push('externalId')
  }
  if (query.updatedAfter !== undefined) {
    params.updatedAfter = new Date(query.updatedAfter).toISOString()
    filters.push(sql`${tickets.updatedAt} > ${sql.placeholder('updatedAfter')}::timestamptz`)
    variant.push('updatedAfter')
  }
  return paginate<TicketRow>({
    db: ctx.db,
    name: options.name ?? 'list_tickets',
    variant: variant.join(','),
    secret,
    sort: query.sort,
    fields: sortFields,
    idColumn: tickets.id,
    limit: query.limit,
    cursor: query.cursor,
    params,
    authz: options.where ? withExtraFilter(authz, options) : authz,
    build: ({ db, where, orderBy }) =>
      db
        .select(readColumns(tickets) as typeof ticketColumns)
        .from(tickets)
        .where(and(sql`${tickets.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`, ...filters, where))
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}
