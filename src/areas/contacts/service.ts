import { and, eq, ilike, inArray, isNotNull, isNull, ne, or, type SQL, sql } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { ZodType } from 'zod'
import type { operations } from '../../../generated/operations'
import { assertAllowed, filterFor } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors'
import { contacts, organizations } from '../../db/schema'
import { emit } from '../../events/emit'
import { type Attributes, mergeAttributes, newAttributes } from '../../http/attributes'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { containsPattern } from '../../http/pagination'
import { type ContactId, idToUuid, newId, type OrganizationId, type WorkspaceId } from '../../ids'
import { type ContactMove, contactMergeSteps } from '../../kit/contact-merge'
import { bulkUpsert, createSynced, type SyncedType, upsertByExternalId } from '../../kit/crm-sync'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { listVisible } from '../../kit/visible'
import { findOrganizationForEmail } from './domains'

export type ContactRow = typeof contacts.$inferSelect

/** A contact as clients see it: never its tenant, version, authz version or merge pointer. */
export const toContact = (c: ContactRow) => ({
  id: c.id,
  email: c.email,
  name: c.name,
  phone: c.phone,
  externalId: c.externalId,
  organizationId: c.organizationId,
  attributes: c.attributes as Attributes,
  lastSeenAt: c.lastSeenAt?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
})

/** The fields a create, update or upsert may carry; `null` clears, absent leaves as is. */
export interface ContactInput {
  email?: string | null
  name?: string | null
  phone?: string | null
  externalId?: string | null
  organizationId?: string | null
  /** Merged key by key into the stored attributes; a `null` value removes the key. */
  attributes?: Record<string, unknown>
}

const copiedFields = ['email', 'name', 'phone', 'externalId', 'organizationId'] as const

function assertIdentified(fields: Pick<ContactRow, 'email' | 'name' | 'externalId'>, path: string) {
  if (fields.email || fields.name || fields.externalId) return
  throw validationFailed([
    { path, code: 'missing_identity', message: 'needs at least one of email, externalId or name' },
  ])
}

/** 404 naming the field when `organizationId` is not an organisation the caller can see. */
async function assertOrganization(ctx: ServiceContext, db: Db, id: string, path: string) {
  const read = await filterFor(ctx, 'read', 'Organization')
  const [found] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(
        eq(organizations.workspaceId, ctx.workspaceId),
        eq(organizations.id, id as OrganizationId),
        read.where,
      ),
    )
  if (!found) {
    const message = `organization ${id} not found`
    throw new ApiError('not_found', `${path}: ${message}`, { errors: [{ path, code: 'not_found', message }] })
  }
}

/**
 * The 409 for an email or externalId another (unmerged) contact holds, naming that contact; undefined when
 * neither is taken.
 */
async function findConflict(
  db: Db,
  workspaceId: WorkspaceId,
  fields: { email?: string | null; externalId?: string | null },
  at: string,
  exceptId?: ContactId,
): Promise<ApiError | undefined> {
  const taken: SQL[] = []
  if (fields.email) taken.push(sql`lower(${contacts.email}) = lower(${fields.email})`)
  if (fields.externalId) taken.push(eq(contacts.externalId, fields.externalId))
  if (taken.length === 0) return undefined
  const rows = await db
    .select({ id: contacts.id, email: contacts.email, externalId: contacts.externalId })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        isNull(contacts.mergedIntoId),
        or(...taken),
        exceptId ? ne(contacts.id, exceptId) : undefined,
      ),
    )
    .limit(2)
  const errors: FieldError[] = []
  for (const row of rows) {
    if (fields.email && row.email?.toLowerCase() === fields.email.toLowerCase()) {
      errors.push({
        path: `${at}.email`,
        code: 'contact_exists',
        message: `is the email of contact ${row.id}`,
      })
    }
    if (fields.externalId && row.externalId === fields.externalId) {
      errors.push({
        path: `${at}.externalId`,
        code: 'contact_exists',
        message: `is the externalId of contact ${row.id}`,
      })
    }
  }
  const first = rows[0]
  if (!first) return undefined
  const which = errors.map((e) => e.path.split('.').at(-1)).join(' and ')
  return new ApiError('contact_exists', `Contact ${first.id} already has this ${which}`, { errors })
}

// ---------------------------------------------------------------------------------------------- reads

/** Contacts without a name sort as an empty name: keyset pagination needs a value on every row. */
const sortName = sql`coalesce(${contacts.name}, '')` as unknown as PgColumn
const sortFields: SortFieldsOf<typeof operations.listContacts, ContactRow> = {
  createdAt: { column: contacts.createdAt, kind: 'timestamp', value: (c) => c.createdAt },
  name: { column: sortName, kind: 'text', value: (c) => c.name ?? '' },
}

export interface ListContactsQuery {
  limit: number
  cursor?: string
  sort: string
  q?: string
  email?: string
  organizationId?: string
  externalId?: string
}

export async function listContacts(ctx: ServiceContext, query: ListContactsQuery, secret: string) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  if (query.q !== undefined) {
    params.q = containsPattern(query.q)
    filters.push(
      or(ilike(contacts.name, sql.placeholder('q')), ilike(contacts.email, sql.placeholder('q'))) as SQL,
    )
  }
  if (query.email !== undefined) {
    params.email = query.email
    filters.push(sql`lower(${contacts.email}) = lower(${sql.placeholder('email')})`)
  }
  if (query.organizationId !== undefined) {
    params.organizationId = idToUuid(query.organizationId)
    filters.push(sql`${contacts.organizationId} = ${sql.placeholder('organizationId')}::uuid`)
  }
  if (query.externalId !== undefined) {
    params.externalId = query.externalId
    filters.push(sql`${contacts.externalId} = ${sql.placeholder('externalId')}`)
  }
  return listVisible(ctx, 'Contact', contacts, {
    name: 'list_contacts',
    variant: Object.keys(params).join(','),
    fields: sortFields,
    query,
    secret,
    filters: [isNull(contacts.mergedIntoId), ...filters],
    params,
  })
}

/**
 * The contact `id` names, as the caller may read it. A merged contact's id resolves to the contact it was
 * merged into (merges keep one hop: merging B, into which A was merged, re-points A), so `row.id` may
 * differ from `id`.
 */
export async function getContactOrThrow(ctx: ServiceContext, id: ContactId): Promise<ContactRow> {
  const read = await filterFor(ctx, 'read', 'Contact')
  const mergedInto = sql`(select ${contacts.mergedIntoId} from ${contacts} where ${and(
    eq(contacts.workspaceId, ctx.workspaceId),
    eq(contacts.id, id),
  )})`
  const [row] = await ctx.db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, ctx.workspaceId),
        sql`${contacts.id} = coalesce(${mergedInto}, ${sql.param(id, contacts.id)})`,
        isNull(contacts.mergedIntoId),
        read.where,
      ),
    )
  if (!row) throw notFound('Contact')
  return row
}

const mergedConflict = (row: ContactRow) =>
  new ApiError(
    'contact_merged',
    `Contact ${row.id} was merged into ${row.mergedIntoId}; change ${row.mergedIntoId} instead`,
  )

// --------------------------------------------------------------------------------------------- writes

/** Insert a contact in `tx` and emit `contact.created`. `at` prefixes field paths in errors (`body`). */
async function insertContact(ctx: ServiceContext, tx: Db, input: ContactInput, at: string) {
  const attributes = newAttributes(input.attributes, `${at}.attributes`)
  const fields = {
    email: input.email ?? null,
    name: input.name ?? null,
    phone: input.phone ?? null,
    externalId: input.externalId ?? null,
  }
  assertIdentified(fields, at)
  let organizationId = (input.organizationId ?? null) as OrganizationId | null
  await assertAllowed(ctx, 'create', 'Contact', { workspaceId: ctx.workspaceId, organizationId })
  if (organizationId) await assertOrganization(ctx, tx, organizationId, `${at}.organizationId`)
  else if (input.organizationId === undefined && fields.email) {
    organizationId = (await findOrganizationForEmail(tx, ctx.workspaceId, fields.email)) ?? null
  }
  const conflict = await findConflict(tx, ctx.workspaceId, fields, at)
  if (conflict) throw conflict
  const [row] = await tx
    .insert(contacts)
    .values({ id: newId('ct'), workspaceId: ctx.workspaceId, ...fields, organizationId, attributes })
    .returning()
  if (!row) throw new Error('insert returned no contact')
  await emit(tx, ctx, {
    type: 'contact.created',
    resourceId: row.id,
    data: { contact: toContact(row) },
  })
  return row
}

/**
 * Apply `input` to a locked, unmerged contact in `tx` and emit `contact.updated` with the previous values of
 * what changed. Changing nothing writes nothing (same version, no event). A new organisation bumps the
 * contact's authz version: what its portal sessions may see follows the organisation.
 */
async function applyChanges(
  ctx: ServiceContext,
  tx: Db,
  current: ContactRow,
  input: ContactInput,
  at: string,
): Promise<ContactRow> {
  await assertAllowed(ctx, 'update', 'Contact', current)
  const next: Partial<ContactRow> = {}
  for (const field of copiedFields) next[field] = input[field] as never
  if (input.attributes !== undefined) {
    next.attributes = mergeAttributes(current.attributes as Attributes, input.attributes, `${at}.attributes`)
  }
  const { changed: changes, previous } = diffFields(current, next)
  if (Object.keys(changes).length === 0) return current
  assertIdentified({ ...current, ...changes } as ContactRow, at)
  if (changes.organizationId) {
    await assertOrganization(ctx, tx, changes.organizationId, `${at}.organizationId`)
  }
  const conflict = await findConflict(
    tx,
    ctx.workspaceId,
    { email: changes.email, externalId: changes.externalId },
    at,
    current.id,
  )
  if (conflict) throw conflict
  const [updated] = await tx
    .update(contacts)
    .set({
      ...changes,
      ...bumped(contacts),
      ...('organizationId' in changes ? { authzVersion: sql`${contacts.authzVersion} + 1` } : {}),
    })
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, current.id)))
    .returning()
  if (!updated) throw notFound('Contact')
  await emit(tx, ctx, {
    type: 'contact.updated',
    resourceId: updated.id,
    data: { contact: toContact(updated), previous },
  })
  return updated
}

export async function createContact(ctx: ServiceContext, input: ContactInput): Promise<ContactRow> {
  return createSynced(contactSync, ctx, input)
}

/** Lock a visible, unmerged contact for `action` and check `If-Match` (the update kit). */
const lockContact = (ctx: ServiceContext, tx: Db, id: ContactId, action: string, ifMatch?: string) =>
  lockForChange<ContactRow>(ctx, tx, 'Contact', id, {
    action,
    ifMatch,
    check: (row) => {
      if (row.mergedIntoId) throw mergedConflict(row)
    },
  })

export async function updateContact(
  ctx: ServiceContext,
  id: ContactId,
  input: ContactInput,
  ifMatch?: string,
): Promise<ContactRow> {
  try {
    return await transaction(ctx, async (tx) =>
      applyChanges(ctx, tx, await lockContact(ctx, tx, id, 'update', ifMatch), input, 'body'),
    )
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    throw (
      (await findConflict(ctx.db, ctx.workspaceId, input, 'body', id)) ??
      new ApiError('conflict', 'A concurrent change took this email or externalId; retry')
    )
  }
}

/**
 * Delete the contact for good: its portal sessions go with it (foreign key), and so do the contacts merged
 * into it, which only kept their row to redirect (and still hold the person's old email and externalId).
 */
export async function deleteContact(ctx: ServiceContext, id: ContactId, ifMatch?: string): Promise<void> {
  try {
    await deleteContactRows(ctx, id, ifMatch)
  } catch (error) {
    // Tickets keep their requester: a contact (or one merged into it) that still requests tickets stays.
    if (isForeignKeyViolation(error))
      throw new ApiError(
        'contact_in_use',
        'The contact still requests tickets: merge it into another contact, or delete its tickets, first.',
      )
    throw error
  }
}

async function deleteContactRows(ctx: ServiceContext, id: ContactId, ifMatch?: string): Promise<void> {
  await transaction(ctx, async (tx) => {
    const current = await lockContact(ctx, tx, id, 'delete', ifMatch)
    await tx
      .delete(contacts)
      .where(
        and(
          eq(contacts.workspaceId, ctx.workspaceId),
          or(eq(contacts.id, id), eq(contacts.mergedIntoId, id)),
        ),
      )
    await emit(tx, ctx, {
      type: 'contact.deleted',
      resourceId: id,
      data: { contact: { id, externalId: current.externalId } },
    })
  })
}

/** The unmerged contact holding `externalId`, locked; failing that, the one a merged holder went into. */
async function lockByExternalId(ctx: ServiceContext, tx: Db, externalId: string) {
  const read = await filterFor(ctx, 'read', 'Contact')
  const [holder] = await tx
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, ctx.workspaceId),
        eq(contacts.externalId, externalId),
        isNull(contacts.mergedIntoId),
        read.where,
      ),
    )
    .for('update')
  if (holder) return holder
  const [merged] = await tx
    .select({ mergedIntoId: contacts.mergedIntoId })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, ctx.workspaceId),
        eq(contacts.externalId, externalId),
        isNotNull(contacts.mergedIntoId),
      ),
    )
    .orderBy(sql`${contacts.updatedAt} desc`)
    .limit(1)
  if (!merged?.mergedIntoId) return undefined
  const [target] = await tx
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, ctx.workspaceId),
        eq(contacts.id, merged.mergedIntoId),
        isNull(contacts.mergedIntoId),
        read.where,
      ),
    )
    .for('update')
  return target
}

/** Contacts as the CRM-sync kit writes them. */
const contactSync: SyncedType<ContactRow, ContactInput> = {
  type: 'Contact',
  findByExternalId: lockByExternalId,
  insert: insertContact,
  update: applyChanges,
  conflict: (ctx, db, input, at) => findConflict(db, ctx.workspaceId, input, at),
}

/**
 * Create or update the contact with `externalId` (the CRM sync write). Two concurrent first writes of one
 * externalId both miss and both insert: the loser retries and updates the winner's contact.
 */
export const upsertContactByExternalId = (ctx: ServiceContext, externalId: string, input: ContactInput) =>
  upsertByExternalId(contactSync, ctx, externalId, input)

/** Up to 1,000 items, each in its own savepoint, answered per item (the CRM-sync kit's `bulkUpsert`). */
export const bulkUpsertContacts = (ctx: ServiceContext, items: unknown[], itemSchema: ZodType) =>
  bulkUpsert(contactSync, ctx, items, itemSchema)

// ---------------------------------------------------------------------------------------------- merge

/**
 * Merge `source` into `target` (both locked, unmerged, in `tx`): run every area's merge steps, keep the source's row
 * as a redirect, re-point contacts merged into the source, and give the target what it lacks (attributes
 * key by key with the target winning; email, name, phone, externalId, organisation where it has none).
 */
export async function mergeContacts(
  tx: Db,
  target: ContactRow,
  source: ContactRow,
): Promise<{ row: ContactRow; previous: Record<string, unknown> }> {
  const move: ContactMove = { workspaceId: target.workspaceId, sourceId: source.id, targetId: target.id }
  // What other areas keep about the source (sessions, tickets, votes…): their declared merge steps.
  for (const step of contactMergeSteps()) await step(tx, move)

  // The source leaves the uniqueness indexes first, so the target can take its email and externalId.
  await tx
    .update(contacts)
    .set({ mergedIntoId: target.id, version: sql`${contacts.version} + 1`, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, move.workspaceId), eq(contacts.id, source.id)))
  await tx
    .update(contacts)
    .set({ mergedIntoId: target.id })
    .where(and(eq(contacts.workspaceId, move.workspaceId), eq(contacts.mergedIntoId, source.id)))

  const changes: Partial<ContactRow> = {}
  const previous: Record<string, unknown> = {}
  for (const field of copiedFields) {
    if (target[field] === null && source[field] !== null) {
      ;(changes as Record<string, unknown>)[field] = source[field]
      previous[field] = null
    }
  }
  const attributes = { ...(source.attributes as Attributes), ...(target.attributes as Attributes) }
  if (JSON.stringify(attributes) !== JSON.stringify(target.attributes)) {
    changes.attributes = attributes
    previous.attributes = target.attributes
  }
  if (source.lastSeenAt && (!target.lastSeenAt || source.lastSeenAt > target.lastSeenAt)) {
    changes.lastSeenAt = source.lastSeenAt
  }
  const [row] = await tx
    .update(contacts)
    .set({
      ...changes,
      version: sql`${contacts.version} + 1`,
      updatedAt: new Date(),
      ...('organizationId' in changes ? { authzVersion: sql`${contacts.authzVersion} + 1` } : {}),
    })
    .where(and(eq(contacts.workspaceId, move.workspaceId), eq(contacts.id, target.id)))
    .returning()
  if (!row) throw new Error('merge lost its target')
  return { row, previous }
}

/** `POST /v1/contacts/{targetId}/merge`: checks, locks and `contact.merged`; the move is `mergeContacts`. */
export async function mergeContactInto(
  ctx: ServiceContext,
  targetId: ContactId,
  sourceId: ContactId,
): Promise<ContactRow> {
  const read = await filterFor(ctx, 'read', 'Contact')
  return transaction(ctx, async (tx) => {
    // Both rows, locked in id order so that two opposite merges cannot deadlock.
    const rows = await tx
      .select()
      .from(contacts)
      .where(
        and(
          eq(contacts.workspaceId, ctx.workspaceId),
          inArray(contacts.id, [targetId, sourceId]),
          read.where,
        ),
      )
      .orderBy(contacts.id)
      .for('update')
    const target = rows.find((r) => r.id === targetId)
    const source = rows.find((r) => r.id === sourceId)
    if (!target) throw notFound('Contact')
    if (!source) {
      const message = `contact ${sourceId} not found`
      throw new ApiError('not_found', `body.sourceContactId: ${message}`, {
        errors: [{ path: 'body.sourceContactId', code: 'not_found', message }],
      })
    }
    await assertAllowed(ctx, 'merge', 'Contact', target)
    await assertAllowed(ctx, 'merge', 'Contact', source)
    if (targetId === sourceId) {
      throw new ApiError('merge_into_self', `Contact ${targetId} cannot be merged into itself`)
    }
    for (const row of [target, source]) {
      if (row.mergedIntoId) {
        throw new ApiError(
          'merge_with_merged',
          `Contact ${row.id} was already merged into ${row.mergedIntoId}; merge with ${row.mergedIntoId} instead`,
        )
      }
    }
    const { row, previous } = await mergeContacts(tx, target, source)
    await emit(tx, ctx, {
      type: 'contact.merged',
      resourceId: row.id,
      data: {
        contact: toContact(row),
        source: { id: source.id, email: source.email, externalId: source.externalId },
        previous,
      },
    })
    return row
  })
}
