import { and, eq, inArray, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { assertAllowed, filterFor, listFilter } from '../../authz/guard'
import { assertValidCondition } from '../../conditions/validate'
import { type ServiceContext, transaction } from '../../context/service'
import { type Db, queryRows } from '../../db/database'
import { isUniqueViolation } from '../../db/errors'
import { contacts, type SegmentKind, segmentMembers, segments } from '../../db/schema'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound } from '../../http/errors'
import { paginate } from '../../http/pagination'
import { type ContactId, idToUuid, newId, uuidToId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { listVisible } from '../../kit/visible'
import { segmentConditionFields } from './fields'
import {
  EVENT_ID_CAP,
  forgetRuleSegments,
  lockSegmentMembership,
  recomputeSegment,
  type SegmentId,
} from './membership'

export type { SegmentId }
export type SegmentRow = typeof segments.$inferSelect

export const toSegment = (s: SegmentRow) => ({
  id: s.id,
  name: s.name,
  description: s.description,
  kind: s.kind,
  conditions: s.conditions ?? null,
  memberCount: s.memberCount,
  computedAt: s.computedAt?.toISOString() ?? null,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
})

/** The segment as events carry it. */
const eventSegment = (s: Pick<SegmentRow, 'id' | 'name' | 'description' | 'kind' | 'conditions'>) => ({
  id: s.id,
  name: s.name,
  description: s.description,
  kind: s.kind,
  conditions: s.conditions ?? null,
})

const policyRow = (s: Pick<SegmentRow, 'id' | 'workspaceId'>) => ({ id: s.id, workspaceId: s.workspaceId })

const nameTaken = (name: string) =>
  new ApiError('name_taken', `A segment named ${name} already exists in this workspace`, {
    errors: [{ path: 'body.name', code: 'name_taken', message: 'is the name of another segment' }],
  })

/** The conditions a segment of `kind` may store: 422 when they do not fit its kind, or are not valid. */
function conditionsFor(kind: SegmentKind, conditions: unknown, present: boolean) {
  if (kind === 'manual') {
    if (present && conditions !== null && conditions !== undefined) {
      throw new ApiError(
        'segment_conditions_not_allowed',
        'A manual segment has no conditions: its members are added by hand',
        {
          errors: [
            {
              path: 'body.conditions',
              code: 'segment_conditions_not_allowed',
              message: 'only for rule segments',
            },
          ],
        },
      )
    }
    return null
  }
  if (conditions === null || conditions === undefined) {
    throw new ApiError('segment_conditions_required', 'A rule segment needs conditions', {
      errors: [{ path: 'body.conditions', code: 'segment_conditions_required', message: 'is required' }],
    })
  }
  return assertValidCondition(conditions, segmentConditionFields, 'body.conditions') as Record<
    string,
    unknown
  >
}

// ---------------------------------------------------------------------------------------------- reads

const sortFields: SortFieldsOf<typeof operations.listSegments, SegmentRow> = {
  createdAt: { column: segments.createdAt, kind: 'timestamp', value: (s) => s.createdAt },
  name: { column: segments.name, kind: 'text', value: (s) => s.name },
}

export async function listSegments(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string; kind?: SegmentKind },
  secret: string,
) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const filters: SQL[] = []
  if (query.kind !== undefined) {
    params.kind = query.kind
    filters.push(sql`${segments.kind} = ${sql.placeholder('kind')}`)
  }
  return listVisible(ctx, 'Segment', segments, {
    name: 'list_segments',
    variant: Object.keys(params).join(','),
    fields: sortFields,
    query,
    secret,
    filters,
    params,
  })
}

export async function getSegmentOrThrow(ctx: ServiceContext, id: SegmentId, db: Db = ctx.db) {
  const visible = await listFilter(ctx, 'Segment')
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, ctx.workspaceId), eq(segments.id, id), visible))
  if (!row) throw notFound('Segment')
  return row
}

// --------------------------------------------------------------------------------------------- writes

export interface CreateSegmentInput {
  name: string
  description?: string | null
  kind: SegmentKind
  conditions?: unknown
}

export async function createSegment(ctx: ServiceContext, input: CreateSegmentInput): Promise<SegmentRow> {
  await assertAllowed(ctx, 'create', 'Segment', { workspaceId: ctx.workspaceId })
  const conditions = conditionsFor(input.kind, input.conditions, 'conditions' in input)
  try {
    return await transaction(ctx, async (tx) => {
      const id = newId('seg')
      const [row] = await tx
        .insert(segments)
        .values({
          id,
          workspaceId: ctx.workspaceId,
          name: input.name,
          description: input.description ?? null,
          kind: input.kind,
          conditions,
        })
        .returning()
      if (!row) throw new Error('insert returned no segment')
      forgetRuleSegments(tx, ctx.workspaceId)
      await emit(tx, ctx, { type: 'segment.created', resourceId: id, data: { segment: eventSegment(row) } })
      if (row.kind !== 'rule' || !conditions) return row
      await recomputeSegment(tx, ctx, { id, name: row.name, conditions }, { fresh: true })
      const [computed] = await tx.select().from(segments).where(eq(segments.id, id))
      return computed ?? row
    })
  } catch (error) {
    if (isUniqueViolation(error, 'segments_workspace_name_key')) throw nameTaken(input.name)
    throw error
  }
}

/** 403 before any lookup for a caller who may not read segments or may not `action` any. */
async function assertMayChange(ctx: ServiceContext, action: string) {
  await listFilter(ctx, 'Segment')
  await listFilter(ctx, 'Segment', action)
}

function lock(tx: Db, ctx: ServiceContext, id: SegmentId, action: string, ifMatch?: string) {
  return lockForChange<SegmentRow>(ctx, tx, 'Segment', id, { action, ifMatch, policyRow, label: 'Segment' })
}

export interface UpdateSegmentInput {
  name?: string
  description?: string | null
  conditions?: unknown
}

export async function updateSegment(
  ctx: ServiceContext,
  id: SegmentId,
  input: UpdateSegmentInput,
  ifMatch?: string,
): Promise<SegmentRow> {
  await assertMayChange(ctx, 'update')
  try {
    return await transaction(ctx, async (tx) => {
      // The membership lock before the row's: the order every full recomputation takes them in.
      await lockSegmentMembership(tx, id)
      const current = await lock(tx, ctx, id, 'update', ifMatch)
      const conditions =
        input.conditions === undefined ? undefined : conditionsFor(current.kind, input.conditions, true)
      const { changed, previous } = diffFields(eventSegment(current), {
        name: input.name,
        description: input.description,
        conditions: conditions ?? undefined,
      })
      if (Object.keys(changed).length === 0) return current
      const [row] = await tx
        .update(segments)
        .set({ ...changed, ...bumped(segments) })
        .where(and(eq(segments.workspaceId, ctx.workspaceId), eq(segments.id, id)))
        .returning()
      if (!row) throw notFound('Segment')
      forgetRuleSegments(tx, ctx.workspaceId)
      await emit(tx, ctx, {
        type: 'segment.updated',
        resourceId: id,
        data: { segment: eventSegment(row), previous },
      })
      if (!('conditions' in changed) || !row.conditions) return row
      await recomputeSegment(tx, ctx, {
        id,
        name: row.name,
        conditions: row.conditions as never,
      })
      const [computed] = await tx.select().from(segments).where(eq(segments.id, id))
      return computed ?? row
    })
  } catch (error) {
    if (isUniqueViolation(error, 'segments_workspace_name_key')) throw nameTaken(input.name ?? '')
    throw error
  }
}

/** Delete a segment no content names in its audience (409 `segment_in_use`): its members leave it (and get a new authz version). */
export async function deleteSegment(ctx: ServiceContext, id: SegmentId, ifMatch?: string): Promise<void> {
  await assertMayChange(ctx, 'delete')
  await transaction(ctx, async (tx) => {
    await lockSegmentMembership(tx, id)
    const current = await lock(tx, ctx, id, 'delete', ifMatch)
    const [use] = await queryRows<{ n: number }>(
      tx,
      sql`select count(distinct resource_id)::int as n from content_audiences
        where workspace_id = ${idToUuid(ctx.workspaceId)}::uuid and segment_id = ${idToUuid(id)}::uuid`,
    )
    if (use && use.n > 0) {
      throw new ApiError(
        'segment_in_use',
        use.n === 1
          ? '1 piece of content names this segment in its visibility: remove the segment from that audience first'
          : `${use.n} pieces of content name this segment in their visibility: remove the segment from those audiences first`,
      )
    }
    const [gone] = await queryRows<{ n: number }>(
      tx,
      sql`with members as (
          delete from segment_members where segment_id = ${idToUuid(id)}::uuid returning contact_id
        ), bumped as (
          update contacts set authz_version = contacts.authz_version + 1
          where contacts.id = any(array(select contact_id from members))
        )
        select count(*)::int as n from members`,
    )
    await tx.delete(segments).where(and(eq(segments.workspaceId, ctx.workspaceId), eq(segments.id, id)))
    forgetRuleSegments(tx, ctx.workspaceId)
    await emit(tx, ctx, {
      type: 'segment.deleted',
      resourceId: id,
      data: { segment: { id, name: current.name }, memberCount: gone?.n ?? 0 },
    })
  })
}

// -------------------------------------------------------------------------------------------- members

export interface SegmentMemberRow {
  id: ContactId
  addedAt: Date
  name: string | null
  email: string | null
  externalId: string | null
  organizationId: string | null
}

export const toSegmentMember = (m: SegmentMemberRow) => ({
  contactId: m.id,
  addedAt: m.addedAt.toISOString(),
  contact: {
    id: m.id,
    name: m.name,
    email: m.email,
    externalId: m.externalId,
    organizationId: m.organizationId,
  },
})

const memberSortFields: SortFieldsOf<typeof operations.listSegmentMembers, SegmentMemberRow> = {
  addedAt: { column: segmentMembers.addedAt, kind: 'timestamp', value: (m) => m.addedAt },
}

/** The segment's members the caller may read as contacts (403 for a caller who reads no contacts at all). */
export async function listSegmentMembers(
  ctx: ServiceContext,
  id: SegmentId,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  const segment = await getSegmentOrThrow(ctx, id)
  const authz = await listFilter(ctx, 'Contact')
  return paginate<SegmentMemberRow>({
    db: ctx.db,
    name: 'list_segment_members',
    secret,
    sort: query.sort,
    fields: memberSortFields,
    idColumn: segmentMembers.contactId,
    limit: query.limit,
    cursor: query.cursor,
    params: { segmentId: idToUuid(segment.id), workspaceId: idToUuid(ctx.workspaceId) },
    authz,
    build: ({ db, where, orderBy }) =>
      db
        .select({
          id: contacts.id,
          addedAt: segmentMembers.addedAt,
          name: contacts.name,
          email: contacts.email,
          externalId: contacts.externalId,
          organizationId: contacts.organizationId,
        })
        .from(segmentMembers)
        .innerJoin(contacts, eq(contacts.id, segmentMembers.contactId))
        .where(
          and(
            sql`${segmentMembers.segmentId} = ${sql.placeholder('segmentId')}::uuid`,
            sql`${contacts.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}

const computedMembers = () =>
  new ApiError(
    'segment_members_computed',
    'The members of a rule segment follow its conditions: change the conditions, or use a manual segment',
  )

/**
 * Add contacts to a manual segment. Merged contacts stand for the contact they were merged into; ids that are
 * not contacts the caller may read answer 422 `contact_not_found` naming each, and nothing is added.
 */
export async function addSegmentMembers(ctx: ServiceContext, id: SegmentId, contactIds: ContactId[]) {
  await assertMayChange(ctx, 'update')
  const read = await filterFor(ctx, 'read', 'Contact')
  return transaction(ctx, async (tx) => {
    const segment = await lock(tx, ctx, id, 'update')
    if (segment.kind !== 'manual') throw computedMembers()
    // Each id and what it stands for: itself, or the contact it was merged into (merges keep one hop).
    const found = await tx
      .select({ id: contacts.id, mergedIntoId: contacts.mergedIntoId })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.id, contactIds)))
    const resolved = new Map(found.map((c) => [c.id as string, (c.mergedIntoId ?? c.id) as ContactId]))
    const targets = [...new Set(resolved.values())]
    const readable = new Set<string>()
    if (targets.length > 0 && !read.none) {
      const rows = await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.id, targets), read.where))
      for (const r of rows) readable.add(r.id)
    }
    const errors: FieldError[] = []
    for (const [i, contactId] of contactIds.entries()) {
      const target = resolved.get(contactId)
      if (!target || !readable.has(target)) {
        errors.push({
          path: `body.contactIds[${i}]`,
          code: 'contact_not_found',
          message: `contact ${contactId} not found`,
        })
      }
    }
    if (errors.length > 0) {
      throw new ApiError('contact_not_found', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
        errors: errors.slice(0, 50),
      })
    }
    const wanted = [...readable] as ContactId[]
    const added = await tx
      .insert(segmentMembers)
      .values(wanted.map((contactId) => ({ segmentId: id, contactId, workspaceId: ctx.workspaceId })))
      .onConflictDoNothing()
      .returning({ contactId: segmentMembers.contactId })
    const addedIds = added.map((a) => a.contactId as string)
    let memberCount = segment.memberCount
    if (addedIds.length > 0) {
      await tx
        .update(contacts)
        .set({ authzVersion: sql`${contacts.authzVersion} + 1` })
        .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.id, addedIds as ContactId[])))
      const [row] = await tx
        .update(segments)
        .set({ memberCount: sql`${segments.memberCount} + ${addedIds.length}` })
        .where(eq(segments.id, id))
        .returning({ memberCount: segments.memberCount })
      memberCount = row?.memberCount ?? memberCount
      await emit(tx, ctx, {
        type: 'segment.members_changed',
        resourceId: id,
        data: {
          segment: { id, name: segment.name },
          added: addedIds.slice(0, EVENT_ID_CAP),
          removed: [],
          addedCount: addedIds.length,
          removedCount: 0,
        },
      })
    }
    return { added: addedIds, addedCount: addedIds.length, memberCount }
  })
}

/**
 * Take contacts out of a manual segment in one statement: ids not in it are left alone (a merged contact's id
 * stands for the contact it was merged into). `strict` (the single-contact route) answers 404 when none left.
 */
export async function removeSegmentMembers(
  ctx: ServiceContext,
  id: SegmentId,
  contactIds: ContactId[],
  { strict = false } = {},
) {
  await assertMayChange(ctx, 'update')
  return transaction(ctx, async (tx) => {
    const segment = await lock(tx, ctx, id, 'update')
    if (segment.kind !== 'manual') throw computedMembers()
    // One statement: resolve merges, delete the memberships, bump the leavers' authz versions, count.
    const removed = await queryRows<{ contact_id: string; member_count: number }>(
      tx,
      sql`with targets as (
          select coalesce(c.merged_into_id, c.id) as id from contacts c
          where c.workspace_id = ${idToUuid(ctx.workspaceId)}::uuid
            and c.id in (${sql.join(
              contactIds.map((c) => sql`${idToUuid(c)}::uuid`),
              sql`, `,
            )})
        ), gone as (
          delete from segment_members m where m.segment_id = ${idToUuid(id)}::uuid
            and m.contact_id in (select id from targets)
          returning m.contact_id
        ), bumped as (
          update contacts set authz_version = contacts.authz_version + 1
          where contacts.id = any(array(select contact_id from gone))
        ), counted as (
          update segments set member_count = greatest(member_count - (select count(*) from gone)::int, 0)
          where id = ${idToUuid(id)}::uuid returning member_count
        )
        select g.contact_id, (select member_count from counted) as member_count
        from gone g right join counted on true`,
    )
    // In the order asked (a merged id's target where it was named).
    const order = new Map(contactIds.map((c, i) => [idToUuid(c), i]))
    const removedIds = removed
      .filter((r) => r.contact_id !== null)
      .sort((a, b) => (order.get(a.contact_id) ?? order.size) - (order.get(b.contact_id) ?? order.size))
      .map((r) => uuidToId('ct', r.contact_id) as ContactId)
    if (strict && removedIds.length === 0) throw notFound('Segment member')
    if (removedIds.length > 0) {
      await emit(tx, ctx, {
        type: 'segment.members_changed',
        resourceId: id,
        data: {
          segment: { id, name: segment.name },
          added: [],
          removed: removedIds.slice(0, EVENT_ID_CAP),
          addedCount: 0,
          removedCount: removedIds.length,
        },
      })
    }
    return {
      removed: removedIds,
      removedCount: removedIds.length,
      memberCount: removed[0]?.member_count ?? segment.memberCount,
    }
  })
}
