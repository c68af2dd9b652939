import { eq } from 'drizzle-orm'
import { forbidden } from '../../authz/authorizer'
import { isAllowedRow } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { type AuthorEdits, feedbackSettings, type ModerationRule } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError } from '../../http/errors'
import { assertIfMatch } from '../../http/etag'
import type { WorkspaceId } from '../../ids'
import { bumped, diffFields } from '../../kit/update'

export type FeedbackSettingsRow = typeof feedbackSettings.$inferSelect

/** The settings of a workspace that never changed them. */
export const defaultFeedbackSettings = (workspaceId: WorkspaceId): FeedbackSettingsRow => ({
  workspaceId,
  anonymousVoting: false,
  anonymousPosting: false,
  anonymousCommenting: false,
  moderation: 'none',
  holdLinksAndImages: false,
  authorEdits: 'always',
  anonymousRateLimit: 20,
  anonymousRateWindowSeconds: 3600,
  createdAt: new Date(),
  updatedAt: new Date(),
  // Never changed: its ETag is "0", and the first change makes version 1.
  version: 0,
})

/** The settings as clients see them; `updatedAt` is null until they are first changed. */
export const toFeedbackSettings = (s: FeedbackSettingsRow) => ({
  anonymousVoting: s.anonymousVoting,
  anonymousPosting: s.anonymousPosting,
  anonymousCommenting: s.anonymousCommenting,
  moderation: s.moderation,
  holdLinksAndImages: s.holdLinksAndImages,
  authorEdits: s.authorEdits,
  anonymousRateLimit: { limit: s.anonymousRateLimit, windowSeconds: s.anonymousRateWindowSeconds },
  updatedAt: s.version === 0 ? null : s.updatedAt.toISOString(),
})

/** The workspace's settings (the defaults when it has no row), for services: no policy check. */
export async function settingsOf(db: Db, workspaceId: WorkspaceId): Promise<FeedbackSettingsRow> {
  const [row] = await db.select().from(feedbackSettings).where(eq(feedbackSettings.workspaceId, workspaceId))
  return row ?? defaultFeedbackSettings(workspaceId)
}

/** The settings for staff who may read them (`feedback.read`); others get 403. */
export async function getFeedbackSettings(ctx: ServiceContext): Promise<FeedbackSettingsRow> {
  if (!(await isAllowedRow(ctx, 'read', 'FeedbackSettings', { workspaceId: ctx.workspaceId }))) {
    throw forbidden(await ctx.principal(), 'FeedbackSettings', 'read')
  }
  return settingsOf(ctx.db, ctx.workspaceId)
}

export interface FeedbackSettingsInput {
  anonymousVoting?: boolean
  anonymousPosting?: boolean
  anonymousCommenting?: boolean
  moderation?: ModerationRule
  holdLinksAndImages?: boolean
  authorEdits?: AuthorEdits
  anonymousRateLimit?: { limit: number; windowSeconds: number }
}

/**
 * Change the settings given (`feedback.manage`), honouring `If-Match`; emits `feedback_settings.updated` with
 * the former values of what changed (audited).
 */
export async function updateFeedbackSettings(
  ctx: ServiceContext,
  input: FeedbackSettingsInput,
  ifMatch?: string,
): Promise<FeedbackSettingsRow> {
  if (!(await isAllowedRow(ctx, 'update', 'FeedbackSettings', { workspaceId: ctx.workspaceId }))) {
    throw forbidden(await ctx.principal(), 'FeedbackSettings', 'update')
  }
  return transaction(ctx, async (tx) => {
    // The row of a workspace that never changed its settings holds the defaults at version 0: inserting it
    // first (a no-op when it exists) gives concurrent first changes one row to lock and queue on.
    await tx.insert(feedbackSettings).values(defaultFeedbackSettings(ctx.workspaceId)).onConflictDoNothing()
    const [current] = await tx
      .select()
      .from(feedbackSettings)
      .where(eq(feedbackSettings.workspaceId, ctx.workspaceId))
      .for('update')
    if (!current) throw new Error('feedback settings row vanished')
    assertIfMatch(ifMatch, current.version)
    const next: Partial<FeedbackSettingsRow> = {
      anonymousVoting: input.anonymousVoting,
      anonymousPosting: input.anonymousPosting,
      anonymousCommenting: input.anonymousCommenting,
      moderation: input.moderation,
      holdLinksAndImages: input.holdLinksAndImages,
      authorEdits: input.authorEdits,
      anonymousRateLimit: input.anonymousRateLimit?.limit,
      anonymousRateWindowSeconds: input.anonymousRateLimit?.windowSeconds,
    }
    const { changed, previous } = diffFields(current, next)
    if (Object.keys(changed).length === 0) return current
    const [row] = await tx
      .update(feedbackSettings)
      .set({ ...changed, ...bumped(feedbackSettings) })
      .where(eq(feedbackSettings.workspaceId, ctx.workspaceId))
      .returning()
    if (!row) throw new Error('update returned no settings')
    await emit(tx, ctx, {
      type: 'feedback_settings.updated',
      resourceId: ctx.workspaceId,
      data: { settings: toFeedbackSettings(row), previous: settingsPrevious(previous) },
    })
    return row
  })
}

/** `previous` in the public shape: the rate limit's two columns are one field. */
function settingsPrevious(previous: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(previous)) {
    if (column === 'anonymousRateLimit') out['anonymousRateLimit.limit'] = value
    else if (column === 'anonymousRateWindowSeconds') out['anonymousRateLimit.windowSeconds'] = value
    else out[column] = value
  }
  return out
}

// ------------------------------------------------------------------------------- anonymous rate limit

/**
 * Anonymous posts, votes and comments per workspace and client address, in fixed windows whose size and
 * limit are each workspace's setting. In process memory, like the request rate limit (src/http/rate-limit.ts),
 * and with its trade-off: per instance, reset on restart.
 */
export class AnonymousLimiter {
  private readonly windows = new Map<string, { start: number; windowMs: number; count: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Count one action of `key`; the seconds until it may act again when this one is over `limit`, else 0. */
  hit(key: string, limit: number, windowSeconds: number): number {
    const now = this.now()
    const windowMs = windowSeconds * 1000
    let window = this.windows.get(key)
    if (!window || window.windowMs !== windowMs || now - window.start >= windowMs) {
      if (this.windows.size > 50_000) this.prune(now)
      window = { start: now, windowMs, count: 0 }
      this.windows.set(key, window)
    }
    window.count += 1
    if (window.count <= limit) return 0
    return Math.max(1, Math.ceil((window.start + windowMs - now) / 1000))
  }

  private prune(now: number) {
    for (const [key, window] of this.windows)
      if (now - window.start >= window.windowMs) this.windows.delete(key)
  }
}

const anonymousLimiter = new AnonymousLimiter()

/**
 * For an anonymous visitor: count this post, vote or comment against its client address in the workspace,
 * and refuse it past the workspace's limit (`429 anonymous_rate_limited` with `Retry-After`). Other callers
 * pass untouched. Answers the settings it read (or undefined for non-visitors).
 */
export async function limitAnonymous(ctx: ServiceContext): Promise<FeedbackSettingsRow | undefined> {
  if (ctx.actor.type !== 'visitor') return undefined
  const settings = await settingsOf(ctx.db, ctx.workspaceId)
  const key = `${ctx.workspaceId}:${ctx.origin.ip ?? 'unknown'}`
  const wait = anonymousLimiter.hit(key, settings.anonymousRateLimit, settings.anonymousRateWindowSeconds)
  if (wait > 0) {
    throw new ApiError(
      'anonymous_rate_limited',
      `This address has made ${settings.anonymousRateLimit} anonymous posts, votes or comments in ${settings.anonymousRateWindowSeconds} seconds; retry in ${wait} seconds`,
      { headers: { 'retry-after': String(wait) } },
    )
  }
  return settings
}
