import { and, eq, type SQL } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { generatePublishableKey, normalizeOriginPattern } from '../../auth/publishable-keys'
import { forbidden } from '../../authz/authorizer'
import { assertAllowed, filterFor } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { type WidgetEnvironment, widgetProfiles } from '../../db/schema/widget-profiles'
import { emit } from '../../events/emit'
import { ApiError, type FieldError, notFound } from '../../http/errors'
import { type Id, newId } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { bumped, diffFields, lockForChange } from '../../kit/update'
import { listVisible } from '../../kit/visible'

export type WidgetProfileId = Id<'wp'>
export type WidgetProfileRow = typeof widgetProfiles.$inferSelect

export const toWidgetProfile = (p: WidgetProfileRow) => ({
  id: p.id,
  name: p.name,
  environment: p.environment,
  allowedOrigins: p.allowedOrigins,
  publishableKey: p.publishableKey,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
})

/** The profile as events carry it (the publishable key is public, but events have no use for it). */
const eventProfile = (p: WidgetProfileRow) => ({
  id: p.id,
  name: p.name,
  environment: p.environment,
  allowedOrigins: p.allowedOrigins,
})

const policyRow = (p: Pick<WidgetProfileRow, 'id' | 'workspaceId'>) => ({
  id: p.id,
  workspaceId: p.workspaceId,
})

/**
 * The allowed origins as stored: lower case, without duplicates. A `production` profile takes only `https`
 * origins (`422 insecure_origin`); a wildcard must leave at least a registrable-looking domain
 * (`https://*.example.com`, not `https://*.com`: `422 origin_pattern_too_broad`).
 */
function validOrigins(
  origins: string[],
  environment: WidgetEnvironment,
  pathOf: (index: number) => string,
): string[] {
  const normalized = [...new Set(origins.map(normalizeOriginPattern))]
  const errors: FieldError[] = []
  let code: 'insecure_origin' | 'origin_pattern_too_broad' | undefined
  normalized.forEach((origin, index) => {
    const host = origin.replace(/^https?:\/\//, '').replace(/:[0-9]+$/, '')
    if (host.startsWith('*.') && host.split('.').length < 3) {
      code ??= 'origin_pattern_too_broad'
      errors.push({
        path: pathOf(index),
        code: 'origin_pattern_too_broad',
        message: `${origin} would match every site under a top-level domain: name a domain (https://*.example.com)`,
      })
    } else if (environment === 'production' && !origin.startsWith('https://')) {
      code ??= 'insecure_origin'
      errors.push({
        path: pathOf(index),
        code: 'insecure_origin',
        message: `${origin} is not https: only a development profile takes http origins`,
      })
    }
  })
  if (code) {
    throw new ApiError(code, errors.map((e) => e.message).join('; '), { errors })
  }
  return normalized
}

const sortFields: SortFieldsOf<typeof operations.listWidgetProfiles, WidgetProfileRow> = {
  createdAt: { column: widgetProfiles.createdAt, kind: 'timestamp', value: (p) => p.createdAt },
  name: { column: widgetProfiles.name, kind: 'text', value: (p) => p.name },
}

export async function listWidgetProfiles(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string },
  secret: string,
) {
  return listVisible(ctx, 'WidgetProfile', widgetProfiles, {
    name: 'list_widget_profiles',
    fields: sortFields,
    query,
    secret,
  })
}

/**
 * The read predicate; 403 for an actor who may read no profile at all (a visitor, a contact, a member without
 * `widget.manage`): profiles are staff configuration, and such a caller learns nothing from a 404 either.
 */
async function readFilter(ctx: ServiceContext): Promise<SQL> {
  const read = await filterFor(ctx, 'read', 'WidgetProfile')
  if (read.none) throw forbidden(await ctx.principal(), 'WidgetProfile', 'read')
  return read.where
}

export async function getWidgetProfileOrThrow(
  ctx: ServiceContext,
  id: WidgetProfileId,
): Promise<WidgetProfileRow> {
  const visible = await readFilter(ctx)
  const [row] = await ctx.db
    .select()
    .from(widgetProfiles)
    .where(and(eq(widgetProfiles.workspaceId, ctx.workspaceId), eq(widgetProfiles.id, id), visible))
  if (!row) throw notFound('Widget profile')
  return row
}

export interface CreateWidgetProfileInput {
  name: string
  environment?: WidgetEnvironment
  allowedOrigins?: string[]
}

/** A new profile with a new publishable key. */
export async function createWidgetProfile(ctx: ServiceContext, input: CreateWidgetProfileInput) {
  await assertAllowed(ctx, 'create', 'WidgetProfile', { workspaceId: ctx.workspaceId })
  const environment = input.environment ?? 'production'
  const allowedOrigins = validOrigins(
    input.allowedOrigins ?? [],
    environment,
    (i) => `body.allowedOrigins.${i}`,
  )
  return transaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(widgetProfiles)
      .values({
        id: newId('wp'),
        workspaceId: ctx.workspaceId,
        name: input.name,
        environment,
        allowedOrigins,
        publishableKey: generatePublishableKey(),
      })
      .returning()
    if (!row) throw new Error('insert returned no widget profile')
    await emit(tx, ctx, {
      type: 'widget_profile.created',
      resourceId: row.id,
      data: { widgetProfile: eventProfile(row) },
    })
    return row
  })
}

/** 403 before any lookup for a caller who may not read profiles or may not `action` any. */
async function assertMayChange(ctx: ServiceContext, action: string) {
  await readFilter(ctx)
  const allowed = await filterFor(ctx, action, 'WidgetProfile')
  if (allowed.none) throw forbidden(await ctx.principal(), 'WidgetProfile', action)
}

/** Lock a visible profile, check the caller may `action` it and the caller's `If-Match`. */
function lock(tx: Db, ctx: ServiceContext, id: WidgetProfileId, action: string, ifMatch?: string) {
  return lockForChange<WidgetProfileRow>(ctx, tx, 'WidgetProfile', id, {
    action,
    ifMatch,
    policyRow,
    label: 'Widget profile',
  })
}

export type UpdateWidgetProfileInput = Partial<CreateWidgetProfileInput>

export async function updateWidgetProfile(
  ctx: ServiceContext,
  id: WidgetProfileId,
  input: UpdateWidgetProfileInput,
  ifMatch?: string,
) {
  await assertMayChange(ctx, 'update')
  const updated = await transaction(ctx, async (tx) => {
    const current = await lock(tx, ctx, id, 'update', ifMatch)
    const environment = input.environment ?? current.environment
    // Switching to production checks the origins kept, too.
    const allowedOrigins =
      input.allowedOrigins !== undefined || input.environment !== undefined
        ? validOrigins(input.allowedOrigins ?? current.allowedOrigins, environment, (i) =>
            input.allowedOrigins !== undefined ? `body.allowedOrigins.${i}` : 'body.environment',
          )
        : undefined
    const { changed, previous } = diffFields(eventProfile(current), {
      name: input.name,
      environment: input.environment,
      allowedOrigins,
    })
    if (Object.keys(changed).length === 0) return current
    const [row] = await tx
      .update(widgetProfiles)
      .set({ ...changed, ...bumped(widgetProfiles) })
      .where(and(eq(widgetProfiles.workspaceId, ctx.workspaceId), eq(widgetProfiles.id, id)))
      .returning()
    if (!row) throw notFound('Widget profile')
    await emit(tx, ctx, {
      type: 'widget_profile.updated',
      resourceId: id,
      data: { widgetProfile: eventProfile(row), previous },
    })
    return row
  })
  ctx.effects.publishableKeyChanged(id)
  return updated
}

export async function deleteWidgetProfile(
  ctx: ServiceContext,
  id: WidgetProfileId,
  ifMatch?: string,
): Promise<void> {
  await assertMayChange(ctx, 'delete')
  await transaction(ctx, async (tx) => {
    const current = await lock(tx, ctx, id, 'delete', ifMatch)
    await tx
      .delete(widgetProfiles)
      .where(and(eq(widgetProfiles.workspaceId, ctx.workspaceId), eq(widgetProfiles.id, id)))
    await emit(tx, ctx, {
      type: 'widget_profile.deleted',
      resourceId: id,
      data: { widgetProfile: { id, name: current.name } },
    })
  })
  ctx.effects.publishableKeyChanged(id)
}

/** A new publishable key; the former one stops working at once (here; within the cache's TTL elsewhere). */
export async function rotateWidgetProfileKey(ctx: ServiceContext, id: WidgetProfileId, ifMatch?: string) {
  await assertMayChange(ctx, 'rotate_key')
  const rotated = await transaction(ctx, async (tx) => {
    await lock(tx, ctx, id, 'rotate_key', ifMatch)
    const [row] = await tx
      .update(widgetProfiles)
      .set({ publishableKey: generatePublishableKey(), ...bumped(widgetProfiles) })
      .where(and(eq(widgetProfiles.workspaceId, ctx.workspaceId), eq(widgetProfiles.id, id)))
      .returning()
    if (!row) throw notFound('Widget profile')
    await emit(tx, ctx, {
      type: 'widget_profile.key_rotated',
      resourceId: id,
      data: { widgetProfile: { id, name: row.name } },
    })
    return row
  })
  ctx.effects.publishableKeyChanged(id)
  return rotated
}
