import { and, eq, gt, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/database'
import { apiKeys } from '../../db/schema'
import { type EventActor, emit } from '../../events/emit'
import type { ServiceContext } from '../../http/context'
import { ApiError, notFound } from '../../http/errors'
import { assertIfMatch } from '../../http/etag'
import { paginate, type SortField } from '../../http/pagination'
import { type ApiKeyId, idToUuid, type MemberId, newId, type WorkspaceId } from '../../ids'
import { generateApiKey } from './secrets'

export type ApiKeyRow = typeof apiKeys.$inferSelect

/** What an API key looks like to clients: never its hash, and lists need neither tenant nor version. */
const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  start: apiKeys.start,
  memberId: apiKeys.memberId,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
}
type PublicApiKey = Pick<ApiKeyRow, keyof typeof publicColumns>

export const toApiKey = (k: PublicApiKey) => ({
  id: k.id,
  name: k.name,
  start: k.start,
  createdBy: k.memberId,
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
})

const sortFields: Record<string, SortField<PublicApiKey>> = {
  createdAt: { column: apiKeys.createdAt, kind: 'timestamp', value: (k) => k.createdAt },
  name: { column: apiKeys.name, kind: 'text', value: (k) => k.name },
}

const statusFilters: Record<'active' | 'revoked' | 'expired' | 'all', SQL | undefined> = {
  active: and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`))),
  revoked: isNotNull(apiKeys.revokedAt),
  expired: and(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, sql`now()`)),
  all: undefined,
}

export async function listApiKeys(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string; status: keyof typeof statusFilters },
  secret: string,
) {
  return paginate({
    db: ctx.db,
    name: 'list_api_keys',
    variant: query.status,
    secret,
    sort: query.sort,
    fields: sortFields,
    idColumn: apiKeys.id,
    limit: query.limit,
    cursor: query.cursor,
    params: { workspaceId: idToUuid(ctx.workspaceId) },
    build: ({ db, where, orderBy }) =>
      db
        .select(publicColumns)
        .from(apiKeys)
        .where(
          and(eq(apiKeys.workspaceId, sql.placeholder('workspaceId')), statusFilters[query.status], where),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}

export async function getApiKeyOrThrow(ctx: ServiceContext, id: ApiKeyId): Promise<ApiKeyRow> {
  const [row] = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, id)))
  if (!row) throw notFound('API key')
  return row
}

/**
 * Insert a key for `memberId` inside the caller's transaction and emit `api_key.created`.
 * The one place keys are minted: the API, sign-up, bootstrap and the demo seed all come here.
 */
export async function issueApiKey(
  tx: Db,
  params: {
    workspaceId: WorkspaceId
    memberId: MemberId
    name: string
    scopes: string[]
    teamIds?: string[]
    inboxIds?: string[]
    expiresAt?: Date | null
    actor: EventActor
    requestId?: string
  },
): Promise<{ row: ApiKeyRow; secret: string }> {
  const key = generateApiKey()
  const [row] = await tx
    .insert(apiKeys)
    .values({
      id: newId('ak'),
      workspaceId: params.workspaceId,
      memberId: params.memberId,
      name: params.name,
      start: key.start,
      secretHash: key.hash,
      scopes: params.scopes,
      teamIds: (params.teamIds ?? []).map((id) => idToUuid(id)),
      inboxIds: (params.inboxIds ?? []).map((id) => idToUuid(id)),
      expiresAt: params.expiresAt ?? null,
    })
    .returning()
  if (!row) throw new Error('insert returned no API key')
  await emit(tx, {
    workspaceId: params.workspaceId,
    type: 'api_key.created',
    actor: params.actor,
    resourceId: row.id,
    data: { apiKey: { id: row.id, name: row.name, start: row.start, memberId: row.memberId } },
    requestId: params.requestId,
  })
  return { row, secret: key.secret }
}

/** The member a staff request acts for: the session's member, or the API key's. */
export function actingMemberId(ctx: ServiceContext): MemberId {
  if (ctx.actor.type === 'member') return ctx.actor.id
  if (ctx.actor.type === 'api_key') return ctx.actor.memberId
  throw new ApiError('forbidden', 'Only members and their API keys may do this')
}

/** A new key acting for the calling key's member. The secret is returned here and never again. */
export async function createApiKey(ctx: ServiceContext, input: { name: string; expiresAt?: string }) {
  const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt)
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new ApiError('expiry_in_past', `expiresAt ${input.expiresAt} is not in the future`)
  }
  return ctx.db.transaction((tx) =>
    issueApiKey(tx, {
      workspaceId: ctx.workspaceId,
      memberId: actingMemberId(ctx),
      name: input.name,
      scopes: ['admin'],
      expiresAt,
      actor: { type: ctx.actor.type, id: ctx.actor.id },
      requestId: ctx.requestId,
    }),
  )
}

/** Lock the key for a change and check the caller's `If-Match` against it. */
async function lockForChange(tx: ServiceContext['db'], ctx: ServiceContext, id: ApiKeyId, ifMatch?: string) {
  const [current] = await tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, id)))
    .for('update')
  if (!current) throw notFound('API key')
  assertIfMatch(ifMatch, current.version)
  return current
}

export async function updateApiKey(
  ctx: ServiceContext,
  id: ApiKeyId,
  input: { name?: string },
  ifMatch?: string,
) {
  return ctx.db.transaction(async (tx) => {
    const current = await lockForChange(tx, ctx, id, ifMatch)
    if (input.name === undefined || input.name === current.name) return current
    const [updated] = await tx
      .update(apiKeys)
      .set({ name: input.name, version: sql`${apiKeys.version} + 1` })
      .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, id)))
      .returning()
    if (!updated) throw notFound('API key')
    await emit(tx, {
      workspaceId: ctx.workspaceId,
      type: 'api_key.updated',
      actor: { type: ctx.actor.type, id: ctx.actor.id },
      resourceId: id,
      data: { apiKey: { id, name: updated.name }, previous: { name: current.name } },
      requestId: ctx.requestId,
    })
    return updated
  })
}

/** Revoke at once. Revoking a revoked key changes nothing and succeeds. */
export async function revokeApiKey(ctx: ServiceContext, id: ApiKeyId, ifMatch?: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await lockForChange(tx, ctx, id, ifMatch)
    if (current.revokedAt) return
    await tx
      .update(apiKeys)
      .set({ revokedAt: new Date(), version: sql`${apiKeys.version} + 1` })
      .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, id)))
    await emit(tx, {
      workspaceId: ctx.workspaceId,
      type: 'api_key.revoked',
      actor: { type: ctx.actor.type, id: ctx.actor.id },
      resourceId: id,
      data: { apiKey: { id, name: current.name } },
      requestId: ctx.requestId,
    })
  })
}
