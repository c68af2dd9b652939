import { and, eq, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { assertAllowed } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { changelogSubscriptions } from '../../db/schema/changelog'
import { emit } from '../../events/emit'
import { ApiError } from '../../http/errors'
import { type ContactId, type Id, idToUuid, type MemberId, newId } from '../../ids'
import type { ContactMergeStep } from '../../kit/contact-merge'
import type { SortFieldsOf } from '../../kit/list'
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../kit/unsubscribe'
import { listVisible } from '../../kit/visible'

export type ChangelogSubscriptionId = Id<'csub'>
export type ChangelogSubscriptionRow = typeof changelogSubscriptions.$inferSelect

/** The caller as a subscriber: a contact, or the member behind a session or an API key. */
type Subscriber = { contactId: ContactId; memberId: null } | { contactId: null; memberId: MemberId }

const subscriberOf = (who: { contactId: string | null; memberId: string | null }) =>
  who.contactId
    ? { type: 'contact' as const, id: who.contactId }
    : { type: 'member' as const, id: who.memberId as string }

/** A subscription as clients see it. */
export const toChangelogSubscription = (row: ChangelogSubscriptionRow) => ({
  subscribed: true,
  subscriber: subscriberOf(row),
  createdAt: row.createdAt.toISOString(),
})

const notSubscribed = (who: { contactId: string | null; memberId: string | null }) => ({
  subscribed: false,
  subscriber: subscriberOf(who),
  createdAt: null,
})

/** The caller as a subscriber; an anonymous visitor is nobody to tell (403). */
async function callerOf(ctx: ServiceContext, action: string): Promise<Subscriber> {
  const actor = ctx.actor
  const who: Subscriber | undefined =
    actor.type === 'contact'
      ? { contactId: actor.id as ContactId, memberId: null }
      : actor.type === 'member'
        ? { contactId: null, memberId: actor.id as MemberId }
        : actor.type === 'api_key' && actor.memberId
          ? { contactId: null, memberId: actor.memberId as MemberId }
          : undefined
  if (!who) throw forbidden(await ctx.principal(), 'ChangelogSubscription', action)
  // The policy decides on the row the caller would have (its own).
  await assertAllowed(ctx, action, 'ChangelogSubscription', {
    id: newId('csub'),
    workspaceId: ctx.workspaceId,
    ...who,
  })
  return who
}

const whoWhere = (who: Subscriber): SQL =>
  who.contactId
    ? eq(changelogSubscriptions.contactId, who.contactId)
    : eq(changelogSubscriptions.memberId, who.memberId)

async function ownRow(ctx: ServiceContext, db: Db, who: Subscriber) {
  const [row] = await db
    .select()
    .from(changelogSubscriptions)
    .where(and(eq(changelogSubscriptions.workspaceId, ctx.workspaceId), whoWhere(who)))
  return row
}

/** `GET /v1/changelog/subscription`: whether the caller follows the changelog. */
export async function getChangelogSubscription(ctx: ServiceContext) {
  const who = await callerOf(ctx, 'view')
  const row = await ownRow(ctx, ctx.db, who)
  return row ? toChangelogSubscription(row) : notSubscribed(who)
}

/**
 * `PUT /v1/changelog/subscription`: follow the changelog. Insert-if-absent on the person's unique key, so two
 * simultaneous first subscriptions land on one row and one event.
 */
export async function subscribeToChangelog(ctx: ServiceContext) {
  const who = await callerOf(ctx, 'create')
  return transaction(ctx, async (tx) => {
    const column = who.contactId ? changelogSubscriptions.contactId : changelogSubscriptions.memberId
    const [inserted] = await tx
      .insert(changelogSubscriptions)
      .values({ id: newId('csub'), workspaceId: ctx.workspaceId, ...who })
      .onConflictDoNothing({
        target: [changelogSubscriptions.workspaceId, column],
        where: sql`${column} is not null`,
      })
      .returning()
    if (!inserted) {
      const existing = await ownRow(ctx, tx, who)
      if (!existing) throw new Error('changelog subscription vanished while subscribing')
      return toChangelogSubscription(existing)
    }
    const subscription = toChangelogSubscription(inserted)
    await emit(tx, ctx, {
      type: 'changelog_subscription.created',
      resourceId: inserted.id,
      data: { subscription },
    })
    return subscription
  })
}

/** `DELETE /v1/changelog/subscription`: stop following the changelog (nothing to do when not following). */
export async function unsubscribeFromChangelog(ctx: ServiceContext): Promise<void> {
  const who = await callerOf(ctx, 'delete')
  await transaction(ctx, async (tx) => {
    const [gone] = await tx
      .delete(changelogSubscriptions)
      .where(and(eq(changelogSubscriptions.workspaceId, ctx.workspaceId), whoWhere(who)))
      .returning()
    if (gone) {
      await emit(tx, ctx, {
        type: 'changelog_subscription.deleted',
        resourceId: gone.id,
        data: { subscription: notSubscribed(gone) },
      })
    }
  })
}

const subscriberSortFields: SortFieldsOf<
  typeof operations.listChangelogSubscribers,
  ChangelogSubscriptionRow
> = {
  createdAt: { column: changelogSubscriptions.createdAt, kind: 'timestamp', value: (s) => s.createdAt },
}

/** `GET /v1/changelog/subscribers`: staff list who follows the changelog. */
export async function listChangelogSubscribers(
  ctx: ServiceContext,
  query: { limit: number; cursor?: string; sort: string; subscriberType?: 'contact' | 'member' },
  secret: string,
) {
  const params: Record<string, unknown> = { workspaceId: idToUuid(ctx.workspaceId) }
  const column =
    query.subscriberType === 'contact'
      ? changelogSubscriptions.contactId
      : query.subscriberType === 'member'
        ? changelogSubscriptions.memberId
        : undefined
  return listVisible(ctx, 'ChangelogSubscription', changelogSubscriptions, {
    name: 'list_changelog_subscribers',
    variant: query.subscriberType ?? 'all',
    fields: subscriberSortFields,
    query,
    secret,
    filters: [column ? sql`${column} is not null` : undefined],
    params,
  })
}

/** The one-click unsubscribe token of a changelog subscription (the kit's signed token). */
export const changelogUnsubscribeToken = (secret: string, id: ChangelogSubscriptionId): string =>
  signUnsubscribeToken(secret, id)

/**
 * `POST /v1/changelog/unsubscribe`: the token alone authenticates (one click from an email, RFC 8058) and ends
 * its one subscription, as the subscriber's own act. A token that does not verify, or whose subscription is
 * gone, is 404.
 */
export async function unsubscribeChangelogByToken(
  db: Db,
  secret: string,
  token: string,
  origin: ServiceContext['origin'],
) {
  const id = verifyUnsubscribeToken(secret, token, 'csub')
  if (!id) throw new ApiError('not_found', 'No changelog subscription has this unsubscribe token')
  return db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(changelogSubscriptions)
      .where(eq(changelogSubscriptions.id, id))
      .returning()
    if (!gone) throw new ApiError('not_found', 'No changelog subscription has this unsubscribe token')
    const actor = gone.contactId
      ? { type: 'contact' as const, id: gone.contactId, origin }
      : { type: 'member' as const, id: gone.memberId as string, origin }
    const subscription = notSubscribed(gone)
    await emit(
      tx,
      { workspaceId: gone.workspaceId, eventActor: actor },
      { type: 'changelog_subscription.deleted', resourceId: gone.id, data: { subscription } },
    )
    return subscription
  })
}

/**
 * A contact merge's step: the source's changelog subscription becomes the target's, unless the target follows
 * the changelog already (then the source's row goes with the source).
 */
export const moveChangelogSubscriptions: ContactMergeStep = async (tx, move) => {
  await tx.execute(sql`
    update ${changelogSubscriptions} s set contact_id = ${idToUuid(move.targetId)}::uuid
    where s.workspace_id = ${idToUuid(move.workspaceId)}::uuid and s.contact_id = ${idToUuid(move.sourceId)}::uuid
      and not exists (select 1 from ${changelogSubscriptions} t
        where t.workspace_id = s.workspace_id and t.contact_id = ${idToUuid(move.targetId)}::uuid)`)
}
