import { and, eq, gt, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { generateApiKey } from '../../auth/api-key-secrets'
import { forbidden } from '../../authz/authorizer'
import { assertAllowed, filterFor } from '../../authz/guard'
import { loadMemberGrants, memberActor } from '../../authz/load'
import { type Permission, type Scope, scopeGrants } from '../../authz/permissions'
import { ApiKeyActor, MemberActor } from '../../authz/principal'
import type { EventActor } from '../../context/actor'
import { actingMemberId, type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { apiKeys, members } from '../../db/schema'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound } from '../../http/errors'
import { type ApiKeyId, idToUuid, type MemberId, newId, uuidToId, type WorkspaceId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { assertTeamsExist } from '../../kit/teams'
import { lockForChange, sameSet } from '../../kit/update'
import { listVisible } from '../../kit/visible'
import { assertInboxesExist } from '../inboxes/service'

export type ApiKeyRow = typeof apiKeys.$inferSelect

/** How long a rotated-away secret keeps working unless the caller says otherwise: one day. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 86_400

/** What an API key looks like to clients: never its hashes, and lists need neither tenant nor version. */
const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  start: apiKeys.start,
  memberId: apiKeys.memberId,
  scopes: apiKeys.scopes,
  teamIds: apiKeys.teamIds,
  inboxIds: apiKeys.inboxIds,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  previousExpiresAt: apiKeys.previousExpiresAt,
}
type PublicApiKey = Pick<ApiKeyRow, keyof typeof publicColumns>

const teamIdsOf = (uuids: string[]) => uuids.map((id) => uuidToId('team', id))
const inboxIdsOf = (uuids: string[]) => uuids.map((id) => uuidToId('ibx', id))

export const toApiKey = (k: PublicApiKey) => ({
  id: k.id,
  name: k.name,
  start: k.start,
  createdBy: k.memberId,
  scopes: k.scopes as Scope[],
  teamIds: teamIdsOf(k.teamIds),
  inboxIds: inboxIdsOf(k.inboxIds),
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  previousSecretExpiresAt:
    k.previousExpiresAt && k.previousExpiresAt.getTime() > Date.now()
      ? k.previousExpiresAt.toISOString()
      : null,
})

/** The fields the ApiKey policy tests. */
const policyRow = (k: Pick<ApiKeyRow, 'id' | 'workspaceId' | 'memberId'>) => ({
  id: k.id,
  workspaceId: k.workspaceId,
  memberId: k.memberId,
})

const sortFields: SortFieldsOf<typeof operations.listApiKeys, PublicApiKey> = {
  createdAt: { column: apiKeys.createdAt, kind: 'timestamp', value: (k) => k.createdAt },
  name: { column: apiKeys.name, kind: 'text', value: (k) => k.name },
}

const statusFilters: Record<'active' | 'revoked' | 'expired' | 'all', SQL | undefined> = {
  active: and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`))),
  revoked: isNotNull(apiKeys.revokedAt),
  expired: and(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, sql`now()`)),
  all: undefined,
}

/** The keys the caller may read: their own, or everyone's with `api_keys.manage`. */
export async function listApiKeys(
  ctx: ServiceContext,
  query: {
    limit: number
    cursor?: string
    sort: string
    status: keyof typeof statusFilters
    memberId?: MemberId
  },
  secret: string,
) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  if (query.memberId) params.memberId = idToUuid(query.memberId)
  return listVisible(ctx, 'ApiKey', apiKeys, {
    name: 'list_api_keys',
    variant: `${query.status}${query.memberId ? ':member' : ''}`,
    columns: publicColumns,
    fields: sortFields,
    query,
    secret,
    filters: [
      query.memberId ? eq(apiKeys.memberId, sql.placeholder('memberId')) : undefined,
      statusFilters[query.status],
    ],
    params,
  })
}

/** The read predicate for one key; 403 (naming the scope) when the caller may read no key at all. */
async function readFilter(ctx: ServiceContext): Promise<SQL> {
  const read = await filterFor(ctx, 'read', 'ApiKey')
  if (read.none) throw forbidden(await ctx.principal(), 'ApiKey', 'read')
  return read.where
}

/** One key the caller may read; another workspace's, another member's (without manage) or a missing one: 404. */
export async function getApiKeyOrThrow(ctx: ServiceContext, id: ApiKeyId): Promise<ApiKeyRow> {
  const visible = await readFilter(ctx)
  const [row] = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, id), visible))
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
  await emit(
    tx,
    { workspaceId: params.workspaceId, eventActor: params.actor },
    {
      type: 'api_key.created',
      resourceId: row.id,
      data: {
        apiKey: {
          id: row.id,
          name: row.name,
          start: row.start,
          memberId: row.memberId,
          scopes: row.scopes,
          teamIds: teamIdsOf(row.teamIds),
        },
      },
    },
  )
  return { row, secret: key.secret }
}

// --- A key never exceeds whoever makes, changes or rotates it -------------------------------------------

const dedupe = <T>(values: readonly T[]) => [...new Set(values)]

/** A calling API key may only grant scopes it holds itself (`admin` grants all; `x:write` grants `x:read`). */
function assertScopesWithinCaller(ctx: ServiceContext, scopes: readonly string[]) {
  if (ctx.actor.type !== 'api_key') return
  for (const scope of scopes) {
    if (!scopeGrants(ctx.actor.scopes, scope as Scope)) {
      throw new ApiError(
        'forbidden',
        `This API key lacks the scope ${scope}, so it cannot give it to a key`,
        {
          missing: { scope },
        },
      )
    }
  }
}

/**
 * The limit (team or inbox ids) a key gets: a limited calling key passes its limit on when none is asked for,
 * and refuses an unlimited one. Ids outside its limit answer 404, as they are invisible to it.
 */
function limitWithinCaller(
  ctx: ServiceContext,
  kind: 'team' | 'inbox',
  requested: readonly string[] | undefined,
  field: string,
): string[] | undefined {
  const callerLimit =
    ctx.actor.type === 'api_key' ? (kind === 'team' ? ctx.actor.teamIds : ctx.actor.inboxIds) : []
  if (requested === undefined) return callerLimit.length > 0 ? [...callerLimit] : undefined
  const ids = dedupe(requested)
  if (callerLimit.length === 0) return ids
  if (ids.length === 0) {
    throw new ApiError(
      'forbidden',
      `This API key is limited to some ${kind}s, so a key it manages must be limited to (some of) them too`,
    )
  }
  const outside = ids.findIndex((id) => !callerLimit.includes(id))
  if (outside >= 0) throw missingIds(kind, [{ index: outside, id: ids[outside] as string }], field)
  return ids
}

/** An existing key a limited calling key acts on (by rotating it) must lie within its limit, as if it had made it. */
function assertLimitWithinCaller(ctx: ServiceContext, kind: 'team' | 'inbox', ids: readonly string[]) {
  const callerLimit =
    ctx.actor.type === 'api_key' ? (kind === 'team' ? ctx.actor.teamIds : ctx.actor.inboxIds) : []
  if (callerLimit.length === 0) return
  if (ids.length === 0 || ids.some((id) => !callerLimit.includes(id))) {
    throw new ApiError('forbidden', `That key reaches ${kind}s outside this API key's ${kind} limit`)
  }
}

function missingIds(kind: 'team' | 'inbox', missing: Array<{ index: number; id: string }>, field: string) {
  const errors: FieldError[] = missing.map(({ index, id }) => ({
    path: `body.${field}.${index}`,
    code: 'not_found',
    message: `no ${kind} ${id} in this workspace`,
  }))
  return new ApiError('not_found', `${field}: ${missing.map((m) => m.id).join(', ')} not found`, { errors })
}

/** The calling key's own expiry (null for sessions and keys that never expire). */
async function callerExpiry(ctx: ServiceContext): Promise<Date | null> {
  if (ctx.actor.type !== 'api_key') return null
  const [row] = await ctx.db
    .select({ expiresAt: apiKeys.expiresAt })
    .from(apiKeys)
    .where(eq(apiKeys.id, ctx.actor.id))
  return row?.expiresAt ?? null
}

/**
 * A requested expiry: in the future, and no later than the calling key's own (a key cannot outlive the key
 * that made it). `undefined` on create inherits the caller's expiry.
 */
async function expiryWithinCaller(ctx: ServiceContext, requested: string | null | undefined) {
  const bound = await callerExpiry(ctx)
  if (requested === undefined) return bound
  if (requested === null) {
    if (bound)
      throw new ApiError(
        'forbidden',
        `This API key expires at ${bound.toISOString()}; a key it manages must expire too`,
      )
    return null
  }
  const expiresAt = new Date(requested)
  if (expiresAt.getTime() <= Date.now()) {
    throw new ApiError('expiry_in_past', `expiresAt ${requested} is not in the future`)
  }
  if (bound && expiresAt > bound) {
    throw new ApiError(
      'forbidden',
      `This API key expires at ${bound.toISOString()}; a key it manages cannot outlive it`,
    )
  }
  return expiresAt
}

/** The caller as a member (a session's member, or the member behind a key). */
async function callerMember(ctx: ServiceContext): Promise<MemberActor> {
  const principal = await ctx.principal()
  if (principal instanceof ApiKeyActor) return principal.member
  if (principal instanceof MemberActor) return principal
  throw new ApiError('forbidden', 'Only members and their API keys may do this')
}

/**
 * Acting for another member (creating or rotating their key hands the caller a secret that acts as them) needs
 * every permission they hold, workspace-wide or in the same team: an admin cannot mint an owner's key.
 */
async function assertMemberWithinCaller(ctx: ServiceContext, memberId: MemberId) {
  const caller = await callerMember(ctx)
  if (caller.id === memberId) return
  const grants = await loadMemberGrants(ctx.db, memberId)
  const target = memberActor(memberId, ctx.workspaceId, grants.assignments, grants.teamIds)
  const lacking = (permission: string, teamId?: string) =>
    !caller.permissions.has(permission) &&
    (teamId === undefined || !caller.teamPermissions.get(teamId)?.has(permission))
  let missing = [...target.permissions].find((p) => lacking(p))
  for (const [teamId, permissions] of target.teamPermissions) {
    missing ??= [...permissions].find((p) => lacking(p, teamId))
  }
  if (missing) {
    throw new ApiError(
      'forbidden',
      `That member holds ${missing}, which the caller lacks: nobody gets a key stronger than themselves`,
      { missing: { permission: missing as Permission } },
    )
  }
}

/** The member a new key is for: the caller, or another active member of the workspace. */
async function targetMember(ctx: ServiceContext, memberId: MemberId | undefined): Promise<MemberId> {
  const self = actingMemberId(ctx)
  if (memberId === undefined || memberId === self) return self
  const [member] = await ctx.db
    .select({ id: members.id, status: members.status })
    .from(members)
    .where(and(eq(members.workspaceId, ctx.workspaceId), eq(members.id, memberId)))
  if (!member) {
    throw new ApiError('not_found', `Member ${memberId} not found`, {
      errors: [{ path: 'body.memberId', code: 'not_found', message: 'no such member in this workspace' }],
    })
  }
  if (member.status !== 'active') {
    throw new ApiError('conflict', `Member ${memberId} is deactivated: their keys would not work`)
  }
  return memberId
}

export interface CreateApiKeyInput {
  name: string
  scopes: string[]
  teamIds?: string[]
  inboxIds?: string[]
  expiresAt?: string
  memberId?: string
}

/** A new key for the caller (or, with `api_keys.manage`, another member). The secret is returned here only. */
export async function createApiKey(ctx: ServiceContext, input: CreateApiKeyInput) {
  const self = actingMemberId(ctx)
  const requestedMember = (input.memberId ?? self) as MemberId
  await assertAllowed(ctx, 'create', 'ApiKey', { workspaceId: ctx.workspaceId, memberId: requestedMember })
  const memberId = await targetMember(ctx, requestedMember)
  await assertMemberWithinCaller(ctx, memberId)
  const scopes = dedupe(input.scopes)
  assertScopesWithinCaller(ctx, scopes)
  const teamIds = limitWithinCaller(ctx, 'team', input.teamIds, 'teamIds') ?? []
  const inboxIds = limitWithinCaller(ctx, 'inbox', input.inboxIds, 'inboxIds') ?? []
  await assertTeamsExist(ctx.db, ctx.workspaceId, teamIds)
  await assertInboxesExist(ctx.db, ctx.workspaceId, inboxIds)
  const expiresAt = await expiryWithinCaller(ctx, input.expiresAt)
  return transaction(ctx, (tx) =>
    issueApiKey(tx, {
      workspaceId: ctx.workspaceId,
      memberId,
      name: input.name,
      scopes,
      teamIds,
      inboxIds,
      expiresAt,
      actor: ctx.eventActor,
    }),
  )
}

/**
 * Lock a key the caller can see, check they may `action` it, then check the caller's `If-Match`. The policy's
 * filters are compiled (and the principal loaded) before the transaction: nothing but the lock waits in it.
 */
async function prepareChange(ctx: ServiceContext, action: 'update' | 'revoke' | 'rotate') {
  await readFilter(ctx)
  await filterFor(ctx, action, 'ApiKey')
  return (tx: Db, id: ApiKeyId, ifMatch?: string) =>
    lockForChange<ApiKeyRow>(ctx, tx, 'ApiKey', id, { action, ifMatch, label: 'API key', policyRow })
}

export interface UpdateApiKeyInput {
  name?: string
  scopes?: string[]
  teamIds?: string[]
  inboxIds?: string[]
  expiresAt?: string | null
}

/** Rename, re-scope, re-limit or re-expire a key, under the same guards as creating one. */
export async function updateApiKey(
  ctx: ServiceContext,
  id: ApiKeyId,
  input: UpdateApiKeyInput,
  ifMatch?: string,
) {
  const lock = await prepareChange(ctx, 'update')
  const scopes = input.scopes && dedupe(input.scopes)
  if (scopes) assertScopesWithinCaller(ctx, scopes)
  const teamIds = input.teamIds && limitWithinCaller(ctx, 'team', input.teamIds, 'teamIds')
  const inboxIds = input.inboxIds && limitWithinCaller(ctx, 'inbox', input.inboxIds, 'inboxIds')
  if (teamIds) await assertTeamsExist(ctx.db, ctx.workspaceId, teamIds)
  if (inboxIds) await assertInboxesExist(ctx.db, ctx.workspaceId, inboxIds)
  const expiresAt = input.expiresAt === undefined ? undefined : await expiryWithinCaller(ctx, input.expiresAt)

  const result = await transaction(ctx, async (tx) => {
    const current = await lock(tx, id, ifMatch)
    const before = toApiKey(current)
    const set: Partial<ApiKeyRow> = {}
    const after: Record<string, unknown> = {}
    const previous: Record<string, unknown> = {}
    if (input.name !== undefined && input.name !== current.name) {
      set.name = input.name
      after.name = input.name
      previous.name = current.name
    }
    if (scopes && !sameSet(scopes, current.scopes)) {
      set.scopes = scopes
      after.scopes = scopes
      previous.scopes = before.scopes
    }
    if (teamIds && !sameSet(teamIds, before.teamIds)) {
      set.teamIds = teamIds.map((t) => idToUuid(t))
      after.teamIds = teamIds
      previous.teamIds = before.teamIds
    }
    if (inboxIds && !sameSet(inboxIds, before.inboxIds)) {
      set.inboxIds = inboxIds.map((i) => idToUuid(i))
      after.inboxIds = inboxIds
      previous.inboxIds = before.inboxIds
    }
    if (
      expiresAt !== undefined &&
      (expiresAt?.getTime() ?? null) !== (current.expiresAt?.getTime() ?? null)
    ) {
      set.expiresAt = expiresAt
      after.expiresAt = expiresAt?.toISOString() ?? null
      previous.expiresAt = before.expiresAt
    }
    if (Object.keys(set).length === 0) return current
    // The version is part of the key's authz version: a change of scopes or limits reaches the filter cache.
    const [updated] = await tx
      .update(apiKeys)
      .set({ ...set, version: sql`${apiKeys.version} + 1` })
      .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, id)))
      .returning()
    if (!updated) throw notFound('API key')
    await emit(tx, ctx, {
      type: 'api_key.updated',
      resourceId: id,
      data: { apiKey: { id, name: updated.name, ...after }, previous },
    })
    return updated
  })
  ctx.effects.apiKeyChanged(id)
  return result
}

/** Revoke at once. Revoking a revoked key changes nothing and succeeds. */
export async function revokeApiKey(ctx: ServiceContext, id: ApiKeyId, ifMatch?: string): Promise<void> {
  const lock = await prepareChange(ctx, 'revoke')
  await transaction(ctx, async (tx) => {
    const current = await lock(tx, id, ifMatch)
    if (current.revokedAt) return
    await tx
      .update(apiKeys)
      .set({ revokedAt: new Date(), version: sql`${apiKeys.version} + 1` })
      .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, id)))
    await emit(tx, ctx, {
      type: 'api_key.revoked',
      resourceId: id,
      data: { apiKey: { id, name: current.name } },
    })
  })
  ctx.effects.apiKeyChanged(id)
}

/**
 * A new secret for the key, returned here only. The current secret becomes the previous one and keeps
 * working until `now + gracePeriodSeconds` (the auth middleware accepts it until then); an older previous
 * secret stops at once. Whoever rotates receives a secret that acts as the key, so the same guards as for
 * creating it apply: the key's scopes and limits within the calling key's, its member within the caller.
 */
export async function rotateApiKey(
  ctx: ServiceContext,
  id: ApiKeyId,
  input: { gracePeriodSeconds?: number },
  ifMatch?: string,
) {
  const target = await getApiKeyOrThrow(ctx, id)
  await assertAllowed(ctx, 'rotate', 'ApiKey', policyRow(target))
  await assertMemberWithinCaller(ctx, target.memberId)
  assertScopesWithinCaller(ctx, target.scopes)
  const targetTeams = teamIdsOf(target.teamIds)
  const targetInboxes = inboxIdsOf(target.inboxIds)
  assertLimitWithinCaller(ctx, 'team', targetTeams)
  assertLimitWithinCaller(ctx, 'inbox', targetInboxes)
  const lock = await prepareChange(ctx, 'rotate')
  const grace = input.gracePeriodSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS

  const result = await transaction(ctx, async (tx) => {
    const current = await lock(tx, id, ifMatch)
    if (current.revokedAt) {
      throw new ApiError('api_key_revoked', 'A revoked key cannot be rotated: create a new one')
    }
    if (current.expiresAt && current.expiresAt.getTime() <= Date.now()) {
      throw new ApiError('api_key_expired', 'An expired key cannot be rotated: extend expiresAt first')
    }
    const key = generateApiKey()
    const graceEnds = grace > 0 ? new Date(Date.now() + grace * 1000) : null
    const [updated] = await tx
      .update(apiKeys)
      .set({
        start: key.start,
        secretHash: key.hash,
        previousStart: graceEnds ? current.start : null,
        previousSecretHash: graceEnds ? current.secretHash : null,
        previousExpiresAt: graceEnds,
        version: sql`${apiKeys.version} + 1`,
      })
      .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, id)))
      .returning()
    if (!updated) throw notFound('API key')
    await emit(tx, ctx, {
      type: 'api_key.rotated',
      resourceId: id,
      data: {
        apiKey: { id, name: updated.name, start: updated.start },
        previousSecretExpiresAt: graceEnds?.toISOString() ?? null,
      },
    })
    return { row: updated, secret: key.secret }
  })
  ctx.effects.apiKeyChanged(id)
  return result
}
