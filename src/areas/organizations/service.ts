import { and, arrayOverlaps, eq, ilike, ne, type SQL, sql } from 'drizzle-orm'
import type { ZodType } from 'zod'
import type { operations } from '../../../generated/operations'
import { assertAllowed, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { contacts, organizations } from '../../db/schema'
import type { TicketSharing } from '../../db/schema/identity'
import { emit } from '../../events/emit'
import { type Attributes, mergeAttributes, newAttributes } from '../../http/attributes'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { containsPattern } from '../../http/pagination'
import { idToUuid, newId, type OrganizationId } from '../../ids'
import { bulkUpsert, createSynced, type SyncedType, upsertByExternalId } from '../../kit/crm-sync'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, lockForChange, sameJson } from '../../kit/update'
import { listVisible } from '../../kit/visible'
import { isFreeMailDomain, normalizeDomain } from '../contacts/domains'

// Spelled out: drizzle leaves columns unqualified in a one-table select list, where `id` would bind to contacts.
const contactCount =
  sql<number>`(select count(*) from contacts as c where c.organization_id = "organizations"."id" and c.merged_into_id is null)`
    .mapWith(Number)
    .as('contact_count')

const organizationColumns = {
  id: organizations.id,
  workspaceId: organizations.workspaceId,
  name: organizations.name,
  domains: organizations.domains,
  externalId: organizations.externalId,
  ticketSharing: organizations.ticketSharing,
  attributes: organizations.attributes,
  createdAt: organizations.createdAt,
  updatedAt: organizations.updatedAt,
  version: organizations.version,
  contactCount,
}

export type OrganizationRow = typeof organizations.$inferSelect & { contactCount: number }

/** An organisation as clients see it: never its tenant or version. */
export const toOrganization = (o: OrganizationRow) => ({
  id: o.id,
  name: o.name,
  domains: o.domains,
  externalId: o.externalId,
  ticketSharing: o.ticketSharing,
  attributes: o.attributes as Attributes,
  contactCount: o.contactCount,
  createdAt: o.createdAt.toISOString(),
  updatedAt: o.updatedAt.toISOString(),
})

const sortFields: SortFieldsOf<typeof operations.listOrganizations, OrganizationRow> = {
  name: { column: organizations.name, kind: 'text', value: (o) => o.name },
  createdAt: { column: organizations.createdAt, kind: 'timestamp', value: (o) => o.createdAt },
}

/** The fields a create, update or upsert may carry; absent leaves as is. */
export interface OrganizationInput {
  name?: string
  domains?: string[]
  externalId?: string | null
  ticketSharing?: TicketSharing
  /** Merged key by key into the stored attributes; a `null` value removes the key. */
  attributes?: Record<string, unknown>
}

function cleanName(name: string, at: string): string {
  const trimmed = name.trim()
  if (!trimmed) {
    throw validationFailed([{ path: `${at}.name`, code: 'too_small', message: 'must not be blank' }])
  }
  return trimmed
}

const hostnameLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

/** A hostname as stored, or undefined when `raw` is not one. Unicode names are stored in their ASCII (punycode) form. */
function hostname(raw: string): string | undefined {
  let domain = normalizeDomain(raw)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: any non-ASCII character means an IDN to convert
  if (/[^\x00-\x7f]/.test(domain)) {
    try {
      domain = new URL(`http://${domain}`).hostname
    } catch {
      return undefined
    }
  }
  const labels = domain.split('.')
  if (domain.length > 253 || labels.length < 2) return undefined
  if (!labels.every((label) => hostnameLabel.test(label))) return undefined
  // A top-level label without a letter is an IP address, not a domain.
  if (!/[a-z]/.test(labels.at(-1) ?? '')) return undefined
  return domain
}

/** Lower-cased, de-duplicated, checked hostnames (400), none of them free-mail (422). */
function cleanDomains(domains: string[], at: string): string[] {
  const bad: FieldError[] = []
  const freeMail: FieldError[] = []
  const out = new Set<string>()
  domains.forEach((raw, i) => {
    const domain = hostname(raw)
    if (!domain) {
      bad.push({
        path: `${at}.domains.${i}`,
        code: 'invalid_domain',
        message: 'must be a domain such as acme.com',
      })
    } else if (isFreeMailDomain(domain)) {
      freeMail.push({
        path: `${at}.domains.${i}`,
        code: 'free_mail_domain',
        message: `${domain} is a free-mail domain: its addresses say nothing about an organisation`,
      })
    } else out.add(domain)
  })
  if (bad.length > 0) throw validationFailed(bad)
  if (freeMail.length > 0) {
    throw new ApiError('free_mail_domain', freeMail.map((e) => `${e.path}: ${e.message}`).join('; '), {
      errors: freeMail,
    })
  }
  return [...out]
}

/**
 * Refuse domains another organisation of the workspace has (409 naming it). An advisory lock per workspace
 * serialises domain claims until commit, so two concurrent writers cannot both take one domain (there is no
 * unique index over array elements).
 */
async function assertDomainsFree(
  tx: Db,
  ctx: ServiceContext,
  domains: string[],
  at: string,
  exceptId?: OrganizationId,
) {
  if (domains.length === 0) return
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`organization_domains:${ctx.workspaceId}`}))`)
  const owners = await tx
    .select({ id: organizations.id, name: organizations.name, domains: organizations.domains })
    .from(organizations)
    .where(
      and(
        eq(organizations.workspaceId, ctx.workspaceId),
        arrayOverlaps(organizations.domains, domains),
        exceptId ? ne(organizations.id, exceptId) : undefined,
      ),
    )
  const errors: FieldError[] = []
  domains.forEach((domain, i) => {
    const owner = owners.find((o) => o.domains.includes(domain))
    if (owner) {
      errors.push({
        path: `${at}.domains.${i}`,
        code: 'domain_taken',
        message: `${domain} belongs to organisation ${owner.name} (${owner.id})`,
      })
    }
  })
  if (errors.length > 0) {
    throw new ApiError('domain_taken', errors.map((e) => e.message).join('; '), { errors })
  }
}

/** Refuse an externalId another organisation has (409 naming it). The unique index backs this up. */
async function assertExternalIdFree(
  tx: Db,
  ctx: ServiceContext,
  externalId: string,
  at: string,
  exceptId?: OrganizationId,
) {
  const [owner] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(
        eq(organizations.workspaceId, ctx.workspaceId),
        eq(organizations.externalId, externalId),
        exceptId ? ne(organizations.id, exceptId) : undefined,
      ),
    )
  if (owner) throw externalIdTaken(externalId, at, owner.id)
}

function externalIdTaken(externalId: string, at: string, ownerId?: string): ApiError {
  const message = ownerId
    ? `belongs to organisation ${ownerId}`
    : 'belongs to another organisation of this workspace'
  return new ApiError('external_id_taken', `The externalId ${externalId} ${message}`, {
    errors: [{ path: `${at}.externalId`, code: 'external_id_taken', message }],
  })
}

/** Contacts of an organisation cache its sharing mode in their authorization: give them a new version. */
async function bumpContactsAuthz(tx: Db, ctx: ServiceContext, organizationId: OrganizationId) {
  await tx
    .update(contacts)
    .set({ authzVersion: sql`${contacts.authzVersion} + 1` })
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.organizationId, organizationId)))
}

// ----------------------------------------------------------------------------------------------- reads

export interface ListOrganizationsQuery {
  limit: number
  cursor?: string
  sort: string
  q?: string
  domain?: string
  externalId?: string
}

export async function listOrganizations(ctx: ServiceContext, query: ListOrganizationsQuery, secret: string) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  if (query.q !== undefined) {
    params.q = containsPattern(query.q)
    filters.push(ilike(organizations.name, sql.placeholder('q')))
  }
  if (query.domain !== undefined) {
    params.domain = normalizeDomain(query.domain)
    filters.push(sql`${organizations.domains} @> array[${sql.placeholder('domain')}::text]`)
  }
  if (query.externalId !== undefined) {
    params.externalId = query.externalId
    filters.push(sql`${organizations.externalId} = ${sql.placeholder('externalId')}`)
  }
  return listVisible(ctx, 'Organization', organizations, {
    name: 'list_organizations',
    variant: Object.keys(params).join(','),
    columns: organizationColumns,
    fields: sortFields,
    query,
    secret,
    filters,
    params,
  })
}

/** The organisation `id` if the actor may read it, else 404. */
async function visibleOrganization(tx: Db, ctx: ServiceContext, id: OrganizationId, read: SQL) {
  const [row] = await tx
    .select(organizationColumns)
    .from(organizations)
    .where(and(eq(organizations.workspaceId, ctx.workspaceId), eq(organizations.id, id), read))
  if (!row) throw notFound('Organization')
  return row
}

export async function getOrganizationOrThrow(
  ctx: ServiceContext,
  id: OrganizationId,
): Promise<OrganizationRow> {
  return visibleOrganization(ctx.db, ctx, id, await listFilter(ctx, 'Organization'))
}

// ---------------------------------------------------------------------------------------------- writes

/** Insert a new organisation in `tx` (the caller checked `create`). */
async function insertOrganization(
  tx: Db,
  ctx: ServiceContext,
  input: OrganizationInput & { name: string },
  at: string,
): Promise<OrganizationRow> {
  await assertAllowed(ctx, 'create', 'Organization', { workspaceId: ctx.workspaceId })
  const name = cleanName(input.name, at)
  const domains = input.domains ? cleanDomains(input.domains, at) : []
  const attributes = newAttributes(input.attributes, `${at}.attributes`)
  const externalId = input.externalId ?? null
  if (externalId !== null) await assertExternalIdFree(tx, ctx, externalId, at)
  await assertDomainsFree(tx, ctx, domains, at)
  const [row] = await tx
    .insert(organizations)
    .values({
      id: newId('org'),
      workspaceId: ctx.workspaceId,
      name,
      domains,
      externalId,
      ticketSharing: input.ticketSharing ?? 'none',
      attributes,
    })
    .returning()
  if (!row) throw new Error('insert returned no organization')
  const organization = { ...row, contactCount: 0 }
  await emit(tx, ctx, {
    type: 'organization.created',
    resourceId: row.id,
    data: { organization: toOrganization(organization) },
  })
  return organization
}

/** Apply `input` to `current` (locked in `tx`, `update` checked); unchanged fields write nothing. */
async function applyChanges(
  tx: Db,
  ctx: ServiceContext,
  current: OrganizationRow,
  input: OrganizationInput,
  at: string,
): Promise<OrganizationRow> {
  await assertAllowed(ctx, 'update', 'Organization', current)
  const changed: Partial<
    Pick<OrganizationRow, 'name' | 'domains' | 'externalId' | 'ticketSharing' | 'attributes'>
  > = {}
  if (input.name !== undefined) {
    const name = cleanName(input.name, at)
    if (name !== current.name) changed.name = name
  }
  if (input.domains !== undefined) {
    const domains = cleanDomains(input.domains, at)
    if (!sameJson(domains, current.domains)) {
      const added = domains.filter((d) => !current.domains.includes(d))
      await assertDomainsFree(tx, ctx, added, at, current.id)
      changed.domains = domains
    }
  }
  if (input.externalId !== undefined && input.externalId !== current.externalId) {
    if (input.externalId !== null) await assertExternalIdFree(tx, ctx, input.externalId, at, current.id)
    changed.externalId = input.externalId
  }
  if (input.ticketSharing !== undefined && input.ticketSharing !== current.ticketSharing) {
    changed.ticketSharing = input.ticketSharing
  }
  if (input.attributes !== undefined) {
    const attributes = mergeAttributes(current.attributes as Attributes, input.attributes, `${at}.attributes`)
    if (!sameJson(attributes, current.attributes)) changed.attributes = attributes
  }
  if (Object.keys(changed).length === 0) return current

  const [updated] = await tx
    .update(organizations)
    .set({ ...changed, ...bumped(organizations) })
    .where(and(eq(organizations.workspaceId, ctx.workspaceId), eq(organizations.id, current.id)))
    .returning()
  if (!updated) throw notFound('Organization')
  if (changed.ticketSharing !== undefined) await bumpContactsAuthz(tx, ctx, current.id)
  const organization = { ...updated, contactCount: current.contactCount }
  await emit(tx, ctx, {
    type: 'organization.updated',
    resourceId: current.id,
    data: {
      organization: toOrganization(organization),
      previous: Object.fromEntries(
        Object.keys(changed).map((field) => [field, current[field as keyof typeof changed]]),
      ),
    },
  })
  return organization
}

/** Organisations as the CRM-sync kit writes them. */
const organizationSync: SyncedType<OrganizationRow, OrganizationInput & { name: string }> = {
  type: 'Organization',
  findByExternalId: async (ctx, tx, externalId) => {
    const [current] = await tx
      .select(organizationColumns)
      .from(organizations)
      .where(and(eq(organizations.workspaceId, ctx.workspaceId), eq(organizations.externalId, externalId)))
      .for('update', { of: organizations })
    return current
  },
  insert: (ctx, tx, input, at) => insertOrganization(tx, ctx, input, at),
  update: (ctx, tx, current, input, at) => applyChanges(tx, ctx, current, input, at),
  // The pre-checks name a taken externalId; a taken domain is serialised by the workspace's advisory lock.
  conflict: async (_ctx, _db, input, at) =>
    input.externalId ? externalIdTaken(input.externalId, at) : undefined,
}

export const createOrganization = (ctx: ServiceContext, input: OrganizationInput & { name: string }) =>
  createSynced(organizationSync, ctx, input)

export async function updateOrganization(
  ctx: ServiceContext,
  id: OrganizationId,
  input: OrganizationInput,
  ifMatch?: string,
): Promise<OrganizationRow> {
  try {
    return await transaction(ctx, async (tx) => {
      const current = await lockOrganization(ctx, tx, id, 'update', ifMatch)
      return applyChanges(tx, ctx, current, input, 'body')
    })
  } catch (error) {
    if (isUniqueViolation(error, 'organizations_workspace_external_id_key'))
      throw externalIdTaken(input.externalId ?? '', 'body')
    throw error
  }
}

/** Lock a visible organisation (with its contact count) for `action` and check `If-Match`. */
const lockOrganization = (
  ctx: ServiceContext,
  tx: Db,
  id: OrganizationId,
  action: string,
  ifMatch?: string,
) =>
  lockForChange<OrganizationRow>(ctx, tx, 'Organization', id, {
    action,
    ifMatch,
    columns: organizationColumns,
  })

/**
 * Delete an organisation. Its contacts stay, unlinked: they change (new version, so their ETags move) and
 * lose what the organisation shared with them (new authz version), in the same transaction.
 */
export async function deleteOrganization(ctx: ServiceContext, id: OrganizationId, ifMatch?: string) {
  await transaction(ctx, async (tx) => {
    const current = await lockOrganization(ctx, tx, id, 'delete', ifMatch)
    await tx
      .update(contacts)
      .set({
        organizationId: null,
        authzVersion: sql`${contacts.authzVersion} + 1`,
        version: sql`${contacts.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.organizationId, id)))
    await tx
      .delete(organizations)
      .where(and(eq(organizations.workspaceId, ctx.workspaceId), eq(organizations.id, id)))
    await emit(tx, ctx, {
      type: 'organization.deleted',
      resourceId: id,
      data: { organization: { id, name: current.name, externalId: current.externalId } },
    })
  })
}

/** Create or update the organisation with `externalId` (the CRM sync write; fields left out keep their value). */
export const upsertOrganizationByExternalId = (
  ctx: ServiceContext,
  externalId: string,
  input: OrganizationInput & { name: string },
) => upsertByExternalId(organizationSync, ctx, externalId, input)

/** Up to 1,000 items, each in its own savepoint, answered per item (the CRM-sync kit's `bulkUpsert`). */
export const bulkUpsertOrganizations = (ctx: ServiceContext, items: unknown[], itemSchema: ZodType) =>
  bulkUpsert(organizationSync, ctx, items, itemSchema)
