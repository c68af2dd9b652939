import { and, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { isAllowedRow } from '../../authz/guard'
import { ApiKeyActor } from '../../authz/principal'
import type { ServiceContext } from '../../context/service'
import { type Db, queryRows } from '../../db/database'
import { auditEntries } from '../../db/schema'
import { allEventTypes, eventDefinition } from '../../events/catalogue'
import { ApiError } from '../../http/errors'
import { paginate } from '../../http/pagination'
import { idToUuid } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'

export type AuditRow = typeof auditEntries.$inferSelect
type ActorType = 'member' | 'contact' | 'api_key' | 'visitor' | 'system'

export const toAuditEntry = (a: AuditRow) => ({
  id: a.id,
  workspaceId: a.workspaceId,
  occurredAt: a.occurredAt.toISOString(),
  type: a.type,
  actor: { type: a.actorType as ActorType, id: a.actorId, memberId: a.actorMemberId },
  resource: { type: a.resourceType, id: a.resourceId },
  eventId: a.eventId,
  changes: a.changes,
  requestId: a.requestId,
  ip: a.ip,
  userAgent: a.userAgent,
})

/**
 * 403 unless the caller may read the audit log (`audit.read`; `audit:read` for keys). A key limited to teams
 * is refused by the policy even when its scope and member allow: say so rather than name a permission the
 * member holds.
 */
async function assertMayReadAudit(ctx: ServiceContext): Promise<void> {
  const workspace = { id: ctx.workspaceId, workspaceId: ctx.workspaceId }
  if (await isAllowedRow(ctx, 'read_audit', 'Workspace', workspace)) return
  const principal = await ctx.principal()
  if (
    principal instanceof ApiKeyActor &&
    !principal.allTeams() &&
    principal.hasScope('audit:read') &&
    principal.member.can('audit.read')
  ) {
    throw new ApiError('forbidden', 'An API key limited to teams may not read the workspace-wide audit log')
  }
  throw forbidden(principal, 'Workspace', 'read_audit')
}

// ------------------------------------------------------------------------------------------- filters

/** The audited event types and their resource types (read from the installed catalogue once). */
let audited: { types: string[]; resourceTypes: Set<string> } | undefined
function auditedCatalogue() {
  if (!audited) {
    const types = allEventTypes().filter((type) => eventDefinition(type).audited)
    audited = { types, resourceTypes: new Set(types.map((type) => eventDefinition(type).resourceType)) }
  }
  return audited
}

export interface AuditFilters {
  actorType?: ActorType
  actorId?: string
  actorMemberId?: string
  type?: string | string[]
  resourceType?: string
  resourceId?: string
  occurredAfter?: string
  occurredBefore?: string
}

const invalidQuery = (path: string, code: string, message: string) =>
  new ApiError('validation_failed', `${path}: ${message}`, { errors: [{ path, code, message }] })

/**
 * The filters as SQL over placeholders, with their values. `type=a,b.*&type=c` is one filter; each item must
 * name or match an audited type, so a typo is a 400 rather than a silently empty answer.
 */
function filterSql(query: AuditFilters): { filters: SQL[]; params: Record<string, unknown> } {
  const filters: SQL[] = []
  const params: Record<string, unknown> = {}
  const equal = (name: string, column: SQL, value: unknown) => {
    params[name] = value
    filters.push(sql`${column} = ${sql.placeholder(name)}`)
  }
  if (query.actorType !== undefined) equal('actorType', sql`${auditEntries.actorType}`, query.actorType)
  if (query.actorId !== undefined) equal('actorId', sql`${auditEntries.actorId}`, query.actorId)
  if (query.actorMemberId !== undefined) {
    params.actorMemberId = idToUuid(query.actorMemberId)
    filters.push(sql`${auditEntries.actorMemberId} = ${sql.placeholder('actorMemberId')}::uuid`)
  }
  if (query.type !== undefined) {
    const items = [
      ...new Set((Array.isArray(query.type) ? query.type : [query.type]).flatMap((v) => v.split(','))),
    ]
    const exact: string[] = []
    const patterns: string[] = []
    for (const item of items) {
      if (item.endsWith('.*')) {
        const prefix = item.slice(0, -1)
        if (!auditedCatalogue().types.some((t) => t.startsWith(prefix))) {
          throw invalidQuery('query.type', 'unknown_event_type', `no audited event type matches ${item}`)
        }
        // Event types hold only [a-z_.]: `_` is the one LIKE wildcard to escape.
        patterns.push(`${prefix.replace(/_/g, '\\_')}%`)
      } else {
        if (!auditedCatalogue().types.includes(item)) {
          throw invalidQuery('query.type', 'unknown_event_type', `${item} is not an audited event type`)
        }
        exact.push(item)
      }
    }
    // Comma lists as single parameters (types never hold a comma), so the statement's shape stays fixed.
    params.types = exact.join(',')
    params.typePatterns = patterns.join(',')
    filters.push(
      sql`(${auditEntries.type} = any(string_to_array(${sql.placeholder('types')}::text, ',')) or ${auditEntries.type} like any(string_to_array(${sql.placeholder('typePatterns')}::text, ',')))`,
    )
  }
  if (query.resourceType !== undefined) {
    if (!auditedCatalogue().resourceTypes.has(query.resourceType)) {
      throw invalidQuery(
        'query.resourceType',
        'unknown_resource_type',
        `no audited event is about a ${query.resourceType}`,
      )
    }
    equal('resourceType', sql`${auditEntries.resourceType}`, query.resourceType)
  }
  if (query.resourceId !== undefined) equal('resourceId', sql`${auditEntries.resourceId}`, query.resourceId)
  if (
    query.occurredAfter !== undefined &&
    query.occurredBefore !== undefined &&
    new Date(query.occurredAfter) >= new Date(query.occurredBefore)
  ) {
    throw invalidQuery('query.occurredBefore', 'empty_range', 'must be later than occurredAfter')
  }
  if (query.occurredAfter !== undefined) {
    params.occurredAfter = new Date(query.occurredAfter).toISOString()
    filters.push(sql`${auditEntries.occurredAt} > ${sql.placeholder('occurredAfter')}::timestamptz`)
  }
  if (query.occurredBefore !== undefined) {
    params.occurredBefore = new Date(query.occurredBefore).toISOString()
    filters.push(sql`${auditEntries.occurredAt} < ${sql.placeholder('occurredBefore')}::timestamptz`)
  }
  return { filters, params }
}

// ------------------------------------------------------------------------------------------------ list

const sortFields: SortFieldsOf<typeof operations.listAuditEntries, AuditRow> = {
  occurredAt: { column: auditEntries.occurredAt, kind: 'timestamp', value: (a) => a.occurredAt },
}

/** One keyset page of the entries matching `filters`, the caller's read permission already checked. */
function page(
  ctx: ServiceContext,
  built: ReturnType<typeof filterSql>,
  options: { name: string; sort: string; limit: number; cursor?: string },
  secret: string,
) {
  const params = { workspaceId: idToUuid(ctx.workspaceId), ...built.params }
  return paginate<AuditRow>({
    db: ctx.db,
    name: options.name,
    variant: Object.keys(params).join(','),
    secret,
    sort: options.sort,
    fields: sortFields,
    idColumn: auditEntries.id,
    limit: options.limit,
    cursor: options.cursor,
    params,
    build: ({ db, where, orderBy }) =>
      db
        .select()
        .from(auditEntries)
        .where(
          and(
            sql`${auditEntries.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
            ...built.filters,
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}

export async function listAuditEntries(
  ctx: ServiceContext,
  query: AuditFilters & { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  await assertMayReadAudit(ctx)
  const built = filterSql(query)
  return page(ctx, built, { name: 'list_audit', ...query }, secret)
}

// ---------------------------------------------------------------------------------------------- export

export const csvColumns = [
  'id',
  'occurredAt',
  'type',
  'actorType',
  'actorId',
  'actorMemberId',
  'resourceType',
  'resourceId',
  'eventId',
  'changes',
  'requestId',
  'ip',
  'userAgent',
] as const

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. A cell that a spreadsheet
 * would read as a formula (leading `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'` first
 * (OWASP's CSV injection advice), so opening an export never runs what an actor typed into a name.
 */
export function csvCell(value: string | null): string {
  if (value === null || value === '') return ''
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

const csvLine = (cells: (string | null)[]) => `${cells.map(csvCell).join(',')}\r\n`

function csvRow(a: AuditRow): string {
  return csvLine([
    a.id,
    a.occurredAt.toISOString(),
    a.type,
    a.actorType,
    a.actorId,
    a.actorMemberId,
    a.resourceType,
    a.resourceId,
    a.eventId,
    JSON.stringify(a.changes),
    a.requestId,
    a.ip,
    a.userAgent,
  ])
}

/** Rows per query while exporting: large enough to amortise the round trip, small enough to hold. */
const EXPORT_PAGE_SIZE = 1000

/**
 * The matching entries as a CSV byte stream. Permission, filters and the first page are checked and read
 * before it is returned, so those failures are ordinary problem answers; later pages are read one at a time
 * as the client takes them (keyset, never OFFSET, never the whole log in memory). A failure mid-way aborts
 * the stream, which the client sees as a truncated transfer, and is reported to `onError`.
 */
export async function exportAuditEntries(
  ctx: ServiceContext,
  query: AuditFilters & { sort: string },
  secret: string,
  onError: (error: unknown) => void,
): Promise<ReadableStream<Uint8Array>> {
  await assertMayReadAudit(ctx)
  const built = filterSql(query)
  const read = (cursor?: string) =>
    page(ctx, built, { name: 'export_audit', sort: query.sort, limit: EXPORT_PAGE_SIZE, cursor }, secret)
  const first = await read()
  const encoder = new TextEncoder()
  let cursor = first.nextCursor
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine([...csvColumns]) + first.rows.map(csvRow).join('')))
      if (!cursor) controller.close()
    },
    async pull(controller) {
      if (!cursor) return
      try {
        const next = await read(cursor)
        if (cursor === null) return // cancelled while reading
        cursor = next.nextCursor
        if (next.rows.length > 0) controller.enqueue(encoder.encode(next.rows.map(csvRow).join('')))
        if (!cursor) controller.close()
      } catch (error) {
        cursor = null
        onError(error)
        controller.error(error)
      }
    },
    cancel() {
      cursor = null
    },
  })
}

// ------------------------------------------------------------------------------------------- retention

/** Rows deleted per transaction while pruning: bounded locks and WAL per statement, however old the backlog. */
const PRUNE_BATCH = 5000

/**
 * Delete the entries of every workspace older than `days` days (0: keep everything), in batches. The only
 * path that may delete audit rows: it sets `loopdesk.audit_prune` for its own transactions, which the
 * table's trigger requires. Returns how many rows went.
 */
export async function pruneAuditLog(db: Db, days: number): Promise<number> {
  if (days <= 0) return 0
  let total = 0
  for (;;) {
    const deleted = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('loopdesk.audit_prune', 'on', true)`)
      const [row] = await queryRows<{ count: number }>(
        tx,
        sql`with doomed as (
              select ${auditEntries.id} as id from ${auditEntries}
              where ${auditEntries.occurredAt} < now() - make_interval(days => ${days}::int)
              limit ${PRUNE_BATCH}
            ), gone as (
              delete from ${auditEntries} where ${auditEntries.id} in (select id from doomed) returning 1
            )
            select count(*)::int as count from gone`,
      )
      return row?.count ?? 0
    })
    total += deleted
    if (deleted < PRUNE_BATCH) return total
  }
}
