import { and, asc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { isAllowedRow, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors'
import { members, teams } from '../../db/schema'
import { type InboxChannel, inboxAddresses, inboxes, inboxMembers } from '../../db/schema/routing'
import { businessHours } from '../../db/schema/sla'
import type { TicketPriority } from '../../db/schema/ticket-setup'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { paginate } from '../../http/pagination'
import { type Id, idToUuid, type MemberId, newId, type TeamId, type WorkspaceId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange, sameSet } from '../../kit/update'
import { listVisible } from '../../kit/visible'
import { isEmailAddress } from '../../mail/address'

export type InboxId = Id<'ibx'>
export type InboxRow = typeof inboxes.$inferSelect
/** An inbox row with its email addresses (sorted), as the API answers it. */
export type InboxRecord = InboxRow & { emailAddresses: string[] }

/** An inbox as clients see it. */
export const toInbox = (i: InboxRecord) => ({
  id: i.id,
  name: i.name,
  channels: i.channels,
  emailAddresses: i.emailAddresses,
  defaultTeamId: i.defaultTeamId,
  defaultPriority: i.defaultPriority,
  businessHoursId: i.businessHoursId,
  createdAt: i.createdAt.toISOString(),
  updatedAt: i.updatedAt.toISOString(),
})

const inboxRef = (i: InboxRow) => ({ id: i.id, name: i.name })

export interface InboxInput {
  name?: string
  channels?: InboxChannel[]
  emailAddresses?: string[]
  defaultTeamId?: string | null
  defaultPriority?: TicketPriority | null
  businessHoursId?: string | null
}

// ---------------------------------------------------------------------------------------------- checks

/** A 422 of `code` naming the field at `path`. */
const fieldProblem = (
  code: 'team_not_found' | 'business_hours_not_found' | 'inbox_not_found',
  path: string,
  message: string,
) => new ApiError(code, `${path}: ${message}`, { errors: [{ path, code, message }] })

function cleanName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed)
    throw validationFailed([{ path: 'body.name', code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

/** Lower-cased, trimmed, each once; 422 `invalid_email` naming each address that is not one. */
function cleanAddresses(addresses: readonly string[]): string[] {
  const errors: FieldError[] = []
  const clean = addresses.map((raw, index) => {
    const address = raw.trim().toLowerCase()
    if (!isEmailAddress(address)) {
      errors.push({
        path: `body.emailAddresses.${index}`,
        code: 'invalid_email',
        message: `${raw} is not an email address`,
      })
    }
    return address
  })
  if (errors.length > 0) {
    throw new ApiError('invalid_email', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })
  }
  return [...new Set(clean)].sort()
}

function checkChannels(channels: readonly InboxChannel[], addresses: readonly string[]) {
  if (addresses.length > 0 && !channels.includes('email')) {
    throw new ApiError(
      'invalid_inbox_channels',
      'An inbox with email addresses needs the email channel (add "email" to channels, or drop the addresses)',
      { errors: [{ path: 'body.channels', code: 'email_channel_required', message: 'must include email' }] },
    )
  }
}

async function checkDefaultTeam(db: Db, workspaceId: WorkspaceId, id: string) {
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id as TeamId)))
  if (!row) throw fieldProblem('team_not_found', 'body.defaultTeamId', `no team ${id} in this workspace`)
}

async function checkBusinessHours(db: Db, workspaceId: WorkspaceId, id: string) {
  const [row] = await db
    .select({ id: businessHours.id })
    .from(businessHours)
    .where(and(eq(businessHours.workspaceId, workspaceId), eq(businessHours.id, id as never)))
  if (!row) {
    throw fieldProblem(
      'business_hours_not_found',
      'body.businessHoursId',
      `no business hours ${id} in this workspace`,
    )
  }
}

const addressTaken = (address: string) =>
  new ApiError('inbox_address_taken', `${address} already belongs to an inbox`, {
    errors: [{ path: 'body.emailAddresses', code: 'inbox_address_taken', message: `${address} is taken` }],
  })

/** 409 when another inbox (of any workspace: inbound mail finds its inbox by address alone) holds one of them. */
async function assertAddressesFree(tx: Db, inboxId: string, addresses: readonly string[]) {
  if (addresses.length === 0) return
  const [taken] = await tx
    .select({ address: inboxAddresses.address })
    .from(inboxAddresses)
    .where(
      and(inArray(inboxAddresses.address, [...addresses]), ne(inboxAddresses.inboxId, inboxId as InboxId)),
    )
    .orderBy(asc(inboxAddresses.address))
    .limit(1)
  if (taken) throw addressTaken(taken.address)
}

/** Run `write`; a concurrent claim of the same address (the primary key) answers 409 as the check would have. */
async function claimingAddresses<T>(addresses: readonly string[], write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isUniqueViolation(error, 'inbox_addresses_pkey')) throw addressTaken(addresses.join(', '))
    throw error
  }
}

/** The email addresses of each inbox, sorted. */
async function addressesOf(db: Db, ids: readonly string[]): Promise<Map<string, string[]>> {
  const byInbox = new Map<string, string[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return byInbox
  const rows = await db
    .select({ inboxId: inboxAddresses.inboxId, address: inboxAddresses.address })
    .from(inboxAddresses)
    .where(inArray(inboxAddresses.inboxId, ids as InboxId[]))
    .orderBy(asc(inboxAddresses.address))
  for (const row of rows) byInbox.get(row.inboxId)?.push(row.address)
  return byInbox
}

async function withAddresses(db: Db, rows: InboxRow[]): Promise<InboxRecord[]> {
  const addresses = await addressesOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({ ...r, emailAddresses: addresses.get(r.id) ?? [] }))
}

// ---------------------------------------------------------------------------------------------- reads

const sortFields: SortFieldsOf<typeof operations.listInboxes, InboxRow> = {
  createdAt: { column: inboxes.createdAt, kind: 'timestamp', value: (i) => i.createdAt },
  name: { column: inboxes.name, kind: 'text', value: (i) => i.name },
}

export async function listInboxes(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string; channel?: InboxChannel },
  secret: string,
) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  if (query.channel !== undefined) {
    params.channel = query.channel
    filters.push(sql`${sql.placeholder('channel')} = any(${inboxes.channels})`)
  }
  const page = await listVisible(ctx, 'Inbox', inboxes, {
    name: 'list_inboxes',
    variant: Object.keys(params).join(','),
    fields: sortFields,
    query,
    secret,
    filters,
    params,
  })
  return { rows: await withAddresses(ctx.db, page.rows), nextCursor: page.nextCursor }
}

/** The inbox `id` if the caller sees it, else 404 (403 when it may read no inbox at all). */
export async function getInboxOrThrow(
  ctx: ServiceContext,
  id: InboxId,
  db: Db = ctx.db,
): Promise<InboxRecord> {
  const read = await listFilter(ctx, 'Inbox')
  const [row] = await db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.workspaceId, ctx.workspaceId), eq(inboxes.id, id), read))
  if (!row) throw notFound('Inbox')
  const [record] = await withAddresses(db, [row])
  return record as InboxRecord
}

/**
 * The inbox a ticket names, for ticket writes: 422 `inbox_not_found` at `path` unless it is an inbox of the
 * workspace. Answers the defaults its new tickets take.
 */
export async function resolveInbox(db: Db, workspaceId: WorkspaceId, id: string, path: string) {
  const [row] = await db
    .select({
      id: inboxes.id,
      defaultTeamId: inboxes.defaultTeamId,
      defaultPriority: inboxes.defaultPriority,
    })
    .from(inboxes)
    .where(and(eq(inboxes.workspaceId, workspaceId), eq(inboxes.id, id as InboxId)))
  if (!row) throw fieldProblem('inbox_not_found', path, `no inbox ${id} in this workspace`)
  return row
}

/** Every id must be an inbox of the workspace: 422 `inbox_not_found` naming each other one (`body.inboxIds.1`). */
export async function assertInboxesExist(
  db: Db,
  workspaceId: WorkspaceId,
  ids: readonly string[],
  path = 'body.inboxIds',
): Promise<void> {
  if (ids.length === 0) return
  const found = await db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(and(eq(inboxes.workspaceId, workspaceId), inArray(inboxes.id, ids as InboxId[])))
  const known = new Set<string>(found.map((r) => r.id))
  const errors = ids.flatMap((id, index) =>
    known.has(id)
      ? []
      : [{ path: `${path}.${index}`, code: 'inbox_not_found', message: `no inbox ${id} in this workspace` }],
  )
  if (errors.length === 0) return
  throw new ApiError('inbox_not_found', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })
}

// ---------------------------------------------------------------------------------------------- writes

export async function createInbox(
  ctx: ServiceContext,
  input: InboxInput & { name: string },
): Promise<InboxRecord> {
  const id = newId('ibx')
  if (!(await isAllowedRow(ctx, 'create', 'Inbox', { id, workspaceId: ctx.workspaceId }))) {
    const error = forbidden(await ctx.principal(), 'Inbox', 'create')
    if (ctx.actor.type === 'api_key' && ctx.actor.inboxIds.length > 0 && !error.extra.missing?.scope) {
      throw new ApiError('forbidden', 'An API key limited to inboxes may not create inboxes')
    }
    throw error
  }
  const name = cleanName(input.name)
  const addresses = cleanAddresses(input.emailAddresses ?? [])
  const channels = [...new Set(input.channels ?? (addresses.length > 0 ? ['email' as const] : []))]
  checkChannels(channels, addresses)
  if (input.defaultTeamId) await checkDefaultTeam(ctx.db, ctx.workspaceId, input.defaultTeamId)
  if (input.businessHoursId) await checkBusinessHours(ctx.db, ctx.workspaceId, input.businessHoursId)
  return claimingAddresses(addresses, () =>
    transaction(ctx, async (tx) => {
      await assertAddressesFree(tx, id, addresses)
      const [row] = await tx
        .insert(inboxes)
        .values({
          id,
          workspaceId: ctx.workspaceId,
          name,
          channels,
          defaultTeamId: (input.defaultTeamId ?? null) as TeamId | null,
          defaultPriority: input.defaultPriority ?? null,
          businessHoursId: (input.businessHoursId ?? null) as never,
        })
        .returning()
      if (!row) throw new Error('insert returned no inbox')
      if (addresses.length > 0) {
        await tx
          .insert(inboxAddresses)
          .values(addresses.map((address) => ({ address, inboxId: id, workspaceId: ctx.workspaceId })))
      }
      const record = { ...row, emailAddresses: addresses }
      await emit(tx, ctx, { type: 'inbox.created', resourceId: id, data: { inbox: toInbox(record) } })
      return record
    }),
  )
}

const lockInbox = (ctx: ServiceContext, tx: Db, id: InboxId, action: string, ifMatch?: string) =>
  lockForChange<InboxRow>(ctx, tx, 'Inbox', id, { action, ifMatch })

export async function updateInbox(
  ctx: ServiceContext,
  id: InboxId,
  input: InboxInput,
  ifMatch?: string,
): Promise<InboxRecord> {
  await listFilter(ctx, 'Inbox')
  const name = input.name === undefined ? undefined : cleanName(input.name)
  const requested = input.emailAddresses === undefined ? undefined : cleanAddresses(input.emailAddresses)
  const channels = input.channels === undefined ? undefined : [...new Set(input.channels)]
  return claimingAddresses(requested ?? [], () =>
    transaction(ctx, async (tx) => {
      const current = await lockInbox(ctx, tx, id, 'update', ifMatch)
      const [before] = await withAddresses(tx, [current])
      const currentAddresses = (before as InboxRecord).emailAddresses
      const addresses = requested ?? currentAddresses
      checkChannels(channels ?? current.channels, addresses)
      if (input.defaultTeamId && input.defaultTeamId !== current.defaultTeamId)
        await checkDefaultTeam(tx, ctx.workspaceId, input.defaultTeamId)
      if (input.businessHoursId && input.businessHoursId !== current.businessHoursId)
        await checkBusinessHours(tx, ctx.workspaceId, input.businessHoursId)
      const next: Partial<InboxRow> = {}
      if (name !== undefined) next.name = name
      if (channels !== undefined && !sameSet(channels, current.channels)) next.channels = channels
      if (input.defaultTeamId !== undefined) next.defaultTeamId = input.defaultTeamId as TeamId | null
      if (input.defaultPriority !== undefined) next.defaultPriority = input.defaultPriority
      if (input.businessHoursId !== undefined) next.businessHoursId = input.businessHoursId as never
      const { changed, previous } = diffFields(current, next)
      const addressesChanged = !sameSet(addresses, currentAddresses)
      if (Object.keys(changed).length === 0 && !addressesChanged) return before as InboxRecord
      if (addressesChanged) {
        await assertAddressesFree(tx, id, addresses)
        const dropped = currentAddresses.filter((a) => !addresses.includes(a))
        const added = addresses.filter((a) => !currentAddresses.includes(a))
        if (dropped.length > 0) {
          await tx
            .delete(inboxAddresses)
            .where(and(eq(inboxAddresses.inboxId, id), inArray(inboxAddresses.address, dropped)))
        }
        if (added.length > 0) {
          await tx
            .insert(inboxAddresses)
            .values(added.map((address) => ({ address, inboxId: id, workspaceId: ctx.workspaceId })))
        }
        previous.emailAddresses = currentAddresses
      }
      const [updated] = await tx
        .update(inboxes)
        .set({ ...changed, ...bumped(inboxes) })
        .where(and(eq(inboxes.workspaceId, ctx.workspaceId), eq(inboxes.id, id)))
        .returning()
      if (!updated) throw new Error('update returned no inbox')
      const record = { ...updated, emailAddresses: addresses }
      await emit(tx, ctx, {
        type: 'inbox.updated',
        resourceId: id,
        data: { inbox: toInbox(record), previous },
      })
      return record
    }),
  )
}

export async function deleteInbox(ctx: ServiceContext, id: InboxId, ifMatch?: string): Promise<void> {
  await listFilter(ctx, 'Inbox')
  try {
    await transaction(ctx, async (tx) => {
      const current = await lockInbox(ctx, tx, id, 'delete', ifMatch)
      const [record] = await withAddresses(tx, [current])
      await tx.delete(inboxes).where(and(eq(inboxes.workspaceId, ctx.workspaceId), eq(inboxes.id, id)))
      await emit(tx, ctx, {
        type: 'inbox.deleted',
        resourceId: id,
        data: { inbox: toInbox(record as InboxRecord) },
      })
    })
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new ApiError(
        'inbox_in_use',
        `Tickets still belong to inbox ${id}: move them to another inbox first`,
      )
    }
    throw error
  }
}

// ---------------------------------------------------------------------------------------------- members

const memberColumns = {
  id: members.id,
  name: members.name,
  email: members.email,
  status: members.status,
  availability: members.availability,
  addedAt: inboxMembers.createdAt,
}
export type InboxMemberRow = {
  id: MemberId
  name: string
  email: string
  status: 'active' | 'deactivated'
  availability: 'available' | 'away' | 'offline'
  addedAt: Date
}

export const toInboxMember = (m: InboxMemberRow) => ({
  id: m.id,
  name: m.name,
  email: m.email,
  status: m.status,
  availability: m.availability,
  addedAt: m.addedAt.toISOString(),
})

const memberSortFields: SortFieldsOf<typeof operations.listInboxMembers, InboxMemberRow> = {
  name: { column: members.name, kind: 'text', value: (m) => m.name },
  addedAt: { column: inboxMembers.createdAt, kind: 'timestamp', value: (m) => m.addedAt },
}

export async function listInboxMembers(
  ctx: ServiceContext,
  inboxId: InboxId,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  await getInboxOrThrow(ctx, inboxId)
  return paginate<InboxMemberRow>({
    db: ctx.db,
    name: 'list_inbox_members',
    secret,
    sort: query.sort,
    fields: memberSortFields,
    idColumn: members.id,
    limit: query.limit,
    cursor: query.cursor,
    params: { workspaceId: idToUuid(ctx.workspaceId), inboxId: idToUuid(inboxId) },
    build: ({ db, where, orderBy }) =>
      db
        .select(memberColumns)
        .from(inboxMembers)
        .innerJoin(members, eq(members.id, inboxMembers.memberId))
        .where(
          and(
            sql`${inboxMembers.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
            sql`${inboxMembers.inboxId} = ${sql.placeholder('inboxId')}::uuid`,
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}

/** Add an active member to the inbox; one already there is answered as it is (`created: false`). */
export async function addInboxMember(
  ctx: ServiceContext,
  inboxId: InboxId,
  memberId: MemberId,
): Promise<{ member: InboxMemberRow; created: boolean }> {
  await listFilter(ctx, 'Inbox')
  return transaction(ctx, async (tx) => {
    const inbox = await lockInbox(ctx, tx, inboxId, 'update')
    const [member] = await tx
      .select({ id: members.id, name: members.name, email: members.email })
      .from(members)
      .where(
        and(eq(members.workspaceId, ctx.workspaceId), eq(members.id, memberId), eq(members.status, 'active')),
      )
    if (!member) {
      const message = `no active member ${memberId} in this workspace`
      throw new ApiError('member_not_found', `body.memberId: ${message}`, {
        errors: [{ path: 'body.memberId', code: 'member_not_found', message }],
      })
    }
    const [added] = await tx
      .insert(inboxMembers)
      .values({ inboxId, memberId, workspaceId: ctx.workspaceId })
      .onConflictDoNothing()
      .returning({ createdAt: inboxMembers.createdAt })
    if (added) {
      await emit(tx, ctx, {
        type: 'inbox.member_added',
        resourceId: inboxId,
        data: { inbox: inboxRef(inbox), member },
      })
    }
    const [row] = await tx
      .select(memberColumns)
      .from(inboxMembers)
      .innerJoin(members, eq(members.id, inboxMembers.memberId))
      .where(and(eq(inboxMembers.inboxId, inboxId), eq(inboxMembers.memberId, memberId)))
    if (!row) throw new Error('inbox membership vanished in its own transaction')
    return { member: row as InboxMemberRow, created: added !== undefined }
  })
}

export async function removeInboxMember(
  ctx: ServiceContext,
  inboxId: InboxId,
  memberId: MemberId,
): Promise<void> {
  await listFilter(ctx, 'Inbox')
  await transaction(ctx, async (tx) => {
    const inbox = await lockInbox(ctx, tx, inboxId, 'update')
    const [removed] = await tx
      .delete(inboxMembers)
      .where(and(eq(inboxMembers.inboxId, inboxId), eq(inboxMembers.memberId, memberId)))
      .returning({ memberId: inboxMembers.memberId })
    if (!removed) throw notFound('Inbox member')
    const [member] = await tx
      .select({ id: members.id, name: members.name, email: members.email })
      .from(members)
      .where(eq(members.id, memberId))
    if (!member) throw notFound('Member')
    await emit(tx, ctx, {
      type: 'inbox.member_removed',
      resourceId: inboxId,
      data: { inbox: inboxRef(inbox), member },
    })
  })
}
