import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { assertAllowed } from '../../authz/guard'
import type { ServiceContext } from '../../context/service'
import { actingMemberId } from '../../context/service'
import { notificationPreferences, notifications } from '../../db/schema'
import { validationFailed } from '../../http/errors'
import { type Id, idToUuid } from '../../ids'
import type { SortFieldsOf } from '../../kit/list'
import { listVisible } from '../../kit/visible'
import {
  allNotificationKinds,
  defaultEnabled,
  type NotificationChannel,
  type NotificationKind,
  notificationChannels,
} from '../../notifications/kinds'

export type NotificationRow = typeof notifications.$inferSelect

export const toNotification = (n: NotificationRow) => ({
  id: n.id,
  kind: n.kind as NotificationKind,
  eventId: n.eventId,
  title: n.title,
  body: n.body,
  resource: { type: n.resourceType ?? '', id: n.resourceId ?? '' },
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
})

const sortFields: SortFieldsOf<typeof operations.listNotifications, NotificationRow> = {
  createdAt: { column: notifications.createdAt, kind: 'timestamp', value: (n) => n.createdAt },
}

/**
 * The caller's own notifications. The policy's read filter already limits rows to the acting member; the
 * explicit member condition keeps the index on (member_id, created_at) in use.
 */
export async function listNotifications(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string; unread: boolean },
  secret: string,
) {
  const memberId = actingMemberId(ctx)
  return listVisible(ctx, 'Notification', notifications, {
    name: 'list_notifications',
    variant: query.unread ? 'unread' : 'all',
    fields: sortFields,
    query,
    secret,
    filters: [
      eq(notifications.memberId, sql.placeholder('memberId')),
      query.unread ? isNull(notifications.readAt) : undefined,
    ],
    params: { memberId: idToUuid(memberId) },
  })
}

/** Marks the caller's listed (or all) unread notifications read; answers how many changed. */
export async function markNotificationsRead(
  ctx: ServiceContext,
  body: { ids?: string[]; all?: boolean },
): Promise<number> {
  if ((body.ids === undefined) === (body.all === undefined)) {
    throw validationFailed([{ path: 'body', code: 'one_of', message: 'give exactly one of ids and all' }])
  }
  const memberId = actingMemberId(ctx)
  await assertAllowed(ctx, 'update', 'Notification', { workspaceId: ctx.workspaceId, memberId })
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.workspaceId, ctx.workspaceId),
        eq(notifications.memberId, memberId),
        isNull(notifications.readAt),
        body.ids ? inArray(notifications.id, body.ids as Id<'ntf'>[]) : undefined,
      ),
    )
    .returning({ id: notifications.id })
  return rows.length
}

export interface Preference {
  kind: NotificationKind
  channel: NotificationChannel
  enabled: boolean
}

async function effectivePreferences(ctx: ServiceContext, memberId: ReturnType<typeof actingMemberId>) {
  const stored = await ctx.db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.memberId, memberId))
  const chosen = new Map(stored.map((p) => [`${p.kind}\u0000${p.channel}`, p.enabled]))
  const answer: Preference[] = []
  for (const kind of allNotificationKinds()) {
    for (const channel of notificationChannels) {
      answer.push({
        kind,
        channel,
        enabled: chosen.get(`${kind}\u0000${channel}`) ?? defaultEnabled(channel),
      })
    }
  }
  return answer
}

/** Every kind × channel with the caller's effective value. */
export async function getNotificationPreferences(ctx: ServiceContext): Promise<Preference[]> {
  const memberId = actingMemberId(ctx)
  await assertAllowed(ctx, 'read', 'Notification', { workspaceId: ctx.workspaceId, memberId })
  return effectivePreferences(ctx, memberId)
}

export async function updateNotificationPreferences(
  ctx: ServiceContext,
  preferences: Preference[],
): Promise<Preference[]> {
  const seen = new Set<string>()
  preferences.forEach((p, i) => {
    const key = `${p.kind}\u0000${p.channel}`
    if (seen.has(key)) {
      throw validationFailed([
        {
          path: `preferences.${i}`,
          code: 'duplicate',
          message: `${p.kind} on ${p.channel} is listed twice`,
        },
      ])
    }
    seen.add(key)
  })
  const memberId = actingMemberId(ctx)
  await assertAllowed(ctx, 'update', 'Notification', { workspaceId: ctx.workspaceId, memberId })
  await ctx.db
    .insert(notificationPreferences)
    .values(preferences.map((p) => ({ workspaceId: ctx.workspaceId, memberId, ...p })))
    .onConflictDoUpdate({
      target: [
        notificationPreferences.memberId,
        notificationPreferences.kind,
        notificationPreferences.channel,
      ],
      set: { enabled: sql`excluded.enabled`, updatedAt: new Date() },
    })
  return effectivePreferences(ctx, memberId)
}
