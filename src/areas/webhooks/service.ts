import { and, eq, inArray, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { seal } from '../../auth/seal'
import { forbidden } from '../../authz/authorizer'
import { assertAllowed, filterFor } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { webhookDeliveries, webhooks } from '../../db/schema'
import { boards } from '../../db/schema/feedback'
import { allEventTypes, isEventType } from '../../events/catalogue'
import { emit } from '../../events/emit'
import { eventPayload } from '../../events/envelope'
import { ApiError, type FieldError, notFound, validationFailed } from '../../http/errors'
import { paginate } from '../../http/pagination'
import { type Id, idToUuid, newId, uuidToId, type WorkspaceId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { assertTeamsExist } from '../../kit/teams'
import { lockForChange, sameSet } from '../../kit/update'
import { listVisible } from '../../kit/visible'
import {
  type DeliveryDeps,
  type DeliveryRow,
  deliverOnce,
  SECRET_PURPOSE,
  type WebhookRow,
} from '../../webhooks/deliver'
import { generateWebhookSecret } from '../../webhooks/signing'
import { assertWebhookUrlAllowed } from '../../webhooks/ssrf'

export type WebhookId = Id<'wh'>
export type WebhookDeliveryId = Id<'whd'>

/** How long a rotated-away secret keeps signing alongside the new one. */
export const SECRET_ROTATION_WINDOW_MS = 24 * 60 * 60 * 1000

/** What the webhook services need beyond the request: the instance secret and the URL policy. */
export type WebhookDeps = Omit<DeliveryDeps, 'db'>

const teamIdsOf = (uuids: string[]) => uuids.map((id) => uuidToId('team', id) as string)
const inboxIdsOf = (uuids: string[]) => uuids.map((id) => uuidToId('ibx', id) as string)
const boardIdsOf = (uuids: string[]) => uuids.map((id) => uuidToId('brd', id) as string)

/** Every id of `boardIds` must be a feedback board of the workspace: 404 naming each missing one. */
async function assertBoardsExist(db: Db, workspaceId: WorkspaceId, boardIds: readonly string[]) {
  if (boardIds.length === 0) return
  const found = await db
    .select({ id: boards.id })
    .from(boards)
    .where(and(eq(boards.workspaceId, workspaceId), inArray(boards.id, boardIds as Id<'brd'>[])))
  const known = new Set<string>(found.map((b) => b.id))
  const missing = boardIds.flatMap((id, index) => (known.has(id) ? [] : [{ index, id }]))
  if (missing.length === 0) return
  throw new ApiError('not_found', `boardIds: ${missing.map((m) => m.id).join(', ')} not found`, {
    errors: missing.map(({ index, id }) => ({
      path: `body.boardIds.${index}`,
      code: 'not_found',
      message: `no board ${id} in this workspace`,
    })),
  })
}

export const toWebhook = (w: WebhookRow) => ({
  id: w.id,
  url: w.url,
  description: w.description,
  events: w.events,
  teamIds: teamIdsOf(w.teamIds),
  inboxIds: inboxIdsOf(w.inboxIds),
  boardIds: boardIdsOf(w.boardIds),
  active: w.active,
  consecutiveFailures: w.consecutiveFailures,
  disabledAt: w.disabledAt?.toISOString() ?? null,
  disabledReason: w.disabledReason as 'gone' | 'failures' | null,
  previousSecretExpiresAt:
    w.previousSecretExpiresAt && w.previousSecretExpiresAt.getTime() > Date.now()
      ? w.previousSecretExpiresAt.toISOString()
      : null,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
})

export const toDelivery = (d: DeliveryRow) => ({
  id: d.id,
  webhookId: d.webhookId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastDurationMs: d.lastDurationMs,
  lastResponseBody: d.lastResponseBody,
  lastError: d.lastError,
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
})

/** The webhook as events carry it: never its secret. */
const eventWebhook = (w: WebhookRow) => ({
  id: w.id,
  url: w.url,
  description: w.description,
  events: w.events,
  teamIds: teamIdsOf(w.teamIds),
  inboxIds: inboxIdsOf(w.inboxIds),
  boardIds: boardIdsOf(w.boardIds),
  active: w.active,
})

const policyRow = (w: Pick<WebhookRow, 'id' | 'workspaceId'>) => ({ id: w.id, workspaceId: w.workspaceId })

/**
 * A webhook receives events of the whole workspace, so a key limited to some teams or inboxes could read
 * beyond its limit through one: such keys may not manage webhooks at all.
 */
function assertUnlimitedKey(ctx: ServiceContext) {
  if (ctx.actor.type !== 'api_key') return
  if (ctx.actor.teamIds.length > 0 || ctx.actor.inboxIds.length > 0) {
    throw new ApiError(
      'forbidden',
      'This API key is limited to some teams or inboxes; webhooks receive events of the whole workspace, so it cannot manage them',
    )
  }
}

/** The entities of the catalogue's types (`contact` of `contact.created`). */
const entities = () => new Set(allEventTypes().map((type) => type.split('.')[0]))

/** Every pattern must name catalogued events: an exact type, `entity.*` of a known entity, or `*`. */
function validEvents(patterns: string[]): string[] {
  const errors: FieldError[] = []
  patterns.forEach((pattern, index) => {
    const known =
      pattern === '*' ||
      (pattern.endsWith('.*') ? entities().has(pattern.slice(0, -2)) : isEventType(pattern))
    if (!known) {
      errors.push({
        path: `body.events.${index}`,
        code: 'unknown_event',
        message: `${pattern} names no event of the catalogue`,
      })
    }
  })
  if (errors.length > 0) throw validationFailed(errors)
  return [...new Set(patterns)]
}

const urlPolicy = (deps: WebhookDeps) => ({
  allowInsecure: deps.config.webhooksAllowInsecure,
  resolve: deps.resolve,
})

const sortFields: SortFieldsOf<typeof operations.listWebhooks, WebhookRow> = {
  createdAt: { column: webhooks.createdAt, kind: 'timestamp', value: (w) => w.createdAt },
}

export async function listWebhooks(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  assertUnlimitedKey(ctx)
  return listVisible(ctx, 'Webhook', webhooks, {
    name: 'list_webhooks',
    fields: sortFields,
    query,
    secret,
  })
}

async function readFilter(ctx: ServiceContext): Promise<SQL> {
  const read = await filterFor(ctx, 'read', 'Webhook')
  if (read.none) throw forbidden(await ctx.principal(), 'Webhook', 'read')
  assertUnlimitedKey(ctx)
  return read.where
}

export async function getWebhookOrThrow(ctx: ServiceContext, id: WebhookId): Promise<WebhookRow> {
  const visible = await readFilter(ctx)
  const [row] = await ctx.db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.workspaceId, ctx.workspaceId), eq(webhooks.id, id), visible))
  if (!row) throw notFound('Webhook')
  return row
}

export interface CreateWebhookInput {
  url: string
  events: string[]
  description?: string | null
  teamIds?: string[]
  inboxIds?: string[]
  boardIds?: string[]
  active?: boolean
}

/** A new webhook; its signing secret is returned here (and on rotation) only, and stored sealed. */
export async function createWebhook(ctx: ServiceContext, deps: WebhookDeps, input: CreateWebhookInput) {
  await assertAllowed(ctx, 'create', 'Webhook', { workspaceId: ctx.workspaceId })
  assertUnlimitedKey(ctx)
  const events = validEvents(input.events)
  const teamIds = [...new Set(input.teamIds ?? [])]
  const inboxIds = [...new Set(input.inboxIds ?? [])]
  const boardIds = [...new Set(input.boardIds ?? [])]
  await assertTeamsExist(ctx.db, ctx.workspaceId, teamIds)
  await assertBoardsExist(ctx.db, ctx.workspaceId, boardIds)
  await assertWebhookUrlAllowed(input.url, urlPolicy(deps))
  const secret = generateWebhookSecret()
  return transaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(webhooks)
      .values({
        id: newId('wh'),
        workspaceId: ctx.workspaceId,
        url: input.url,
        description: input.description ?? null,
        events,
        teamIds: teamIds.map((t) => idToUuid(t)),
        inboxIds: inboxIds.map((i) => idToUuid(i)),
        boardIds: boardIds.map((b) => idToUuid(b)),
        active: input.active ?? true,
        secret: seal(deps.secret, secret, SECRET_PURPOSE),
      })
      .returning()
    if (!row) throw new Error('insert returned no webhook')
    await emit(tx, ctx, {
      type: 'webhook.created',
      resourceId: row.id,
      data: { webhook: eventWebhook(row) },
    })
    return { row, secret }
  })
}

/** Lock a visible webhook, check the caller may `action` it and the caller's `If-Match`. */
async function prepareChange(ctx: ServiceContext, action: 'update' | 'delete' | 'rotate_secret') {
  await readFilter(ctx)
  await filterFor(ctx, action, 'Webhook')
  return (tx: Db, id: WebhookId, ifMatch?: string) =>
    lockForChange<WebhookRow>(ctx, tx, 'Webhook', id, { action, ifMatch, policyRow })
}

export type UpdateWebhookInput = Partial<CreateWebhookInput>

export async function updateWebhook(
  ctx: ServiceContext,
  deps: WebhookDeps,
  id: WebhookId,
  input: UpdateWebhookInput,
  ifMatch?: string,
) {
  const lock = await prepareChange(ctx, 'update')
  const events = input.events && validEvents(input.events)
  const teamIds = input.teamIds && [...new Set(input.teamIds)]
  const inboxIds = input.inboxIds && [...new Set(input.inboxIds)]
  const boardIds = input.boardIds && [...new Set(input.boardIds)]
  if (teamIds) await assertTeamsExist(ctx.db, ctx.workspaceId, teamIds)
  if (boardIds) await assertBoardsExist(ctx.db, ctx.workspaceId, boardIds)
  if (input.url !== undefined) await assertWebhookUrlAllowed(input.url, urlPolicy(deps))

  return transaction(ctx, async (tx) => {
    const current = await lock(tx, id, ifMatch)
    const before = eventWebhook(current)
    const set: Partial<WebhookRow> = {}
    const previous: Record<string, unknown> = {}
    const change = (key: keyof typeof before, column: Partial<WebhookRow>) => {
      previous[key] = before[key]
      Object.assign(set, column)
    }
    if (input.url !== undefined && input.url !== current.url) change('url', { url: input.url })
    if (input.description !== undefined && (input.description ?? null) !== current.description) {
      change('description', { description: input.description ?? null })
    }
    if (events && !sameSet(events, current.events)) change('events', { events })
    if (teamIds && !sameSet(teamIds, before.teamIds))
      change('teamIds', { teamIds: teamIds.map((t) => idToUuid(t)) })
    if (inboxIds && !sameSet(inboxIds, before.inboxIds)) {
      change('inboxIds', { inboxIds: inboxIds.map((i) => idToUuid(i)) })
    }
    if (boardIds && !sameSet(boardIds, before.boardIds)) {
      change('boardIds', { boardIds: boardIds.map((b) => idToUuid(b)) })
    }
    if (
      input.active !== undefined &&
      (input.active !== current.active || (input.active && current.disabledAt))
    ) {
      change('active', { active: input.active })
      // Switching a disabled endpoint back on starts a fresh failure run.
      if (input.active) Object.assign(set, { disabledAt: null, disabledReason: null, consecutiveFailures: 0 })
    }
    if (Object.keys(set).length === 0) return current
    const [updated] = await tx
      .update(webhooks)
      .set({ ...set, updatedAt: new Date(), version: sql`${webhooks.version} + 1` })
      .where(and(eq(webhooks.workspaceId, ctx.workspaceId), eq(webhooks.id, id)))
      .returning()
    if (!updated) throw notFound('Webhook')
    await emit(tx, ctx, {
      type: 'webhook.updated',
      resourceId: id,
      data: { webhook: eventWebhook(updated), previous },
    })
    return updated
  })
}

export async function deleteWebhook(ctx: ServiceContext, id: WebhookId, ifMatch?: string): Promise<void> {
  const lock = await prepareChange(ctx, 'delete')
  await transaction(ctx, async (tx) => {
    const current = await lock(tx, id, ifMatch)
    await tx.delete(webhooks).where(and(eq(webhooks.workspaceId, ctx.workspaceId), eq(webhooks.id, id)))
    await emit(tx, ctx, {
      type: 'webhook.deleted',
      resourceId: id,
      data: { webhook: { id, url: current.url } },
    })
  })
}

/** A new secret (returned here only); the current one keeps signing alongside it for 24 hours. */
export async function rotateWebhookSecret(
  ctx: ServiceContext,
  deps: WebhookDeps,
  id: WebhookId,
  ifMatch?: string,
) {
  const lock = await prepareChange(ctx, 'rotate_secret')
  const secret = generateWebhookSecret()
  return transaction(ctx, async (tx) => {
    const current = await lock(tx, id, ifMatch)
    const windowEnds = new Date(Date.now() + SECRET_ROTATION_WINDOW_MS)
    const [updated] = await tx
      .update(webhooks)
      .set({
        secret: seal(deps.secret, secret, SECRET_PURPOSE),
        previousSecret: current.secret,
        previousSecretExpiresAt: windowEnds,
        updatedAt: new Date(),
        version: sql`${webhooks.version} + 1`,
      })
      .where(and(eq(webhooks.workspaceId, ctx.workspaceId), eq(webhooks.id, id)))
      .returning()
    if (!updated) throw notFound('Webhook')
    await emit(tx, ctx, {
      type: 'webhook.secret_rotated',
      resourceId: id,
      data: { webhook: { id, url: updated.url }, previousSecretExpiresAt: windowEnds.toISOString() },
    })
    return { row: updated, secret }
  })
}

const deliverySortFields: SortFieldsOf<typeof operations.listWebhookDeliveries, DeliveryRow> = {
  createdAt: { column: webhookDeliveries.createdAt, kind: 'timestamp', value: (d) => d.createdAt },
}

export async function listWebhookDeliveries(
  ctx: ServiceContext,
  webhookId: WebhookId,
  query: { limit: number; cursor?: string; sort: string; status?: 'pending' | 'succeeded' | 'failed' },
  secret: string,
) {
  await getWebhookOrThrow(ctx, webhookId)
  const params: Record<string, unknown> = { webhookId: idToUuid(webhookId) }
  if (query.status) params.status = query.status
  return paginate({
    db: ctx.db,
    name: 'list_webhook_deliveries',
    variant: query.status ? 'status' : '',
    secret,
    sort: query.sort,
    fields: deliverySortFields,
    idColumn: webhookDeliveries.id,
    limit: query.limit,
    cursor: query.cursor,
    params,
    build: ({ db, where, orderBy }) =>
      db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.webhookId, sql.placeholder('webhookId')),
            query.status ? eq(webhookDeliveries.status, sql.placeholder('status')) : undefined,
            where,
          ),
        )
        .orderBy(...orderBy)
        .limit(sql.placeholder('limit')),
  })
}

/** Send a delivery again now (same `webhook-id` and body) and answer it as recorded after the attempt. */
export async function redeliverWebhookDelivery(
  ctx: ServiceContext,
  deps: WebhookDeps,
  webhookId: WebhookId,
  deliveryId: WebhookDeliveryId,
) {
  const webhook = await getWebhookOrThrow(ctx, webhookId)
  await assertAllowed(ctx, 'redeliver', 'Webhook', policyRow(webhook))
  const [delivery] = await ctx.db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.id, deliveryId)))
  if (!delivery) throw notFound('Delivery')
  const outcome = await deliverOnce({ ...deps, db: ctx.db }, deliveryId, { manual: true })
  if (!outcome.delivery) throw notFound('Delivery')
  return outcome.delivery
}

/** Send a `webhook.ping` now and answer its delivery record. */
export async function pingWebhook(ctx: ServiceContext, deps: WebhookDeps, webhookId: WebhookId) {
  const webhook = await getWebhookOrThrow(ctx, webhookId)
  await assertAllowed(ctx, 'ping', 'Webhook', policyRow(webhook))
  const id = newId('whd')
  await ctx.db.insert(webhookDeliveries).values({
    id,
    workspaceId: ctx.workspaceId,
    webhookId,
    eventId: null,
    eventType: 'webhook.ping',
    // The same envelope as every delivered event (a ping is no outbox row, so it is built here).
    payload: eventPayload({
      id: newId('evt'),
      type: 'webhook.ping',
      workspaceId: ctx.workspaceId,
      occurredAt: new Date(),
      actorType: ctx.actor.type,
      actorId: ctx.actor.id,
      data: { webhook: { id: webhook.id, url: webhook.url } },
    }),
  })
  const outcome = await deliverOnce({ ...deps, db: ctx.db }, id, { manual: true })
  if (!outcome.delivery) throw notFound('Webhook')
  return outcome.delivery
}
