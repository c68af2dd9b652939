import { and, eq, type SQL, sql } from 'drizzle-orm'
import type { operations } from '../../../generated/operations'
import { forbidden } from '../../authz/authorizer'
import { filterFor, listFilter } from '../../authz/guard'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { postSubscriptions, posts, type SubscriptionLevel } from '../../db/schema/feedback'
import { emit } from '../../events/emit'
import { ApiError } from '../../http/errors'
import { type Id, idToUuid, type MemberId, newId, type WorkspaceId } from '../../ids'
import type { ContactMergeStep } from '../../kit/contact-merge'
import type { SortFieldsOf } from '../../kit/list'
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../kit/unsubscribe'
import { listVisible } from '../../kit/visible'
import type { Subscriber } from './auto-subscribe'
import { getPostOrThrow, type PostId } from './posts'

export type SubscriptionRow = typeof postSubscriptions.$inferSelect
export type SubscriptionId = Id<'psub'>

const subscriberOf = (row: Subscriber) =>
  row.contactId
    ? { type: 'contact' as const, id: row.contactId as string }
    : { type: 'member' as const, id: row.memberId as string }

/** A subscription as clients see it. */
export const toSubscription = (row: SubscriptionRow) => ({
  postId: row.postId,
  subscriber: subscriberOf(row),
  level: row.level,
  source: row.source,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
})

/** The caller as a subscriber: a contact, or the member behind a session or an API key; visitors have none. */
function callerOf(ctx: ServiceContext): Subscriber | undefined {
  const actor = ctx.actor
  if (actor.type === 'contact') return { contactId: actor.id, memberId: null }
  if (actor.type === 'member') return { contactId: null, memberId: actor.id }
  if (actor.type === 'api_key') return { contactId: null, memberId: actor.memberId }
  return undefined
}

const subscriberWhere = (who: Subscriber): SQL =>
  who.contactId
    ? eq(postSubscriptions.contactId, who.contactId)
    : eq(postSubscriptions.memberId, who.memberId as MemberId)

/**
 * The post the caller may read (a merged post's id resolving to its target) and the caller as a subscriber,
 * once the policy lets it subscribe there: a visitor, who is nobody to notify, gets 403.
 */
async function subscribablePost(ctx: ServiceContext, postId: string, db: Db = ctx.db) {
  const post = await getPostOrThrow(ctx, postId, db)
  const who = callerOf(ctx)
  const allowed = await filterFor(ctx, 'subscribe', 'Post')
  const ok = who !== undefined && !allowed.none && (allowed.all || allowed.test?.(post) === true)
  if (!ok) throw forbidden(await ctx.principal(), 'Post', 'subscribe')
  return { post, who: who as Subscriber }
}

/**
 * What the caller hears of a post: its subscription, or an implicit `off` when it has none. Reading it needs
 * only the post; a visitor, who is nobody to notify, has none to read (403).
 */
export async function getSubscription(ctx: ServiceContext, postId: string) {
  const post = await getPostOrThrow(ctx, postId)
  const who = callerOf(ctx)
  if (!who) throw new ApiError('forbidden', 'An anonymous visitor has no subscriptions')
  const [row] = await ctx.db
    .select()
    .from(postSubscriptions)
    .where(and(eq(postSubscriptions.postId, post.id), subscriberWhere(who)))
  return row ? toSubscription(row) : implicitOff(post.id, who)
}

const implicitOff = (postId: string, who: Subscriber) => ({
  postId,
  subscriber: subscriberOf(who),
  level: 'off' as const,
  source: null,
  createdAt: null,
  updatedAt: null,
})

/** Set the caller's level on a post: its own choice, which automatic subscriptions never override. */
export async function setSubscription(ctx: ServiceContext, postId: string, level: SubscriptionLevel) {
  return transaction(ctx, async (tx) => {
    const { post, who } = await subscribablePost(ctx, postId, tx)
    const [before] = await tx
      .select()
      .from(postSubscriptions)
      .where(and(eq(postSubscriptions.postId, post.id), subscriberWhere(who)))
      .for('update')
    const row = await writeLevel(tx, before, { workspaceId: ctx.workspaceId, postId: post.id, ...who }, level)
    if ((before?.level ?? 'off') !== level) {
      await emit(tx, ctx, {
        type: 'post_subscription.updated',
        resourceId: post.id,
        data: {
          subscription: toSubscription(row),
          previousLevel: before?.level ?? 'off',
          post: { id: post.id, boardId: post.boardId },
        },
      })
    }
    return toSubscription(row)
  })
}

/**
 * Write a chosen level: the row `before` when there is one, else a new row, upserted so that a concurrent
 * first write by the same person (another request, or an automatic subscription) lands on one row.
 */
async function writeLevel(
  tx: Db,
  before: SubscriptionRow | undefined,
  at: { workspaceId: WorkspaceId; postId: PostId } & Subscriber,
  level: SubscriptionLevel,
): Promise<SubscriptionRow> {
  const set = { level, source: 'manual' as const, updatedAt: new Date() }
  const column = at.contactId ? postSubscriptions.contactId : postSubscriptions.memberId
  const [row] = before
    ? await tx.update(postSubscriptions).set(set).where(eq(postSubscriptions.id, before.id)).returning()
    : await tx
        .insert(postSubscriptions)
        .values({ id: newId('psub'), ...at, level, source: 'manual' })
        .onConflictDoUpdate({
          target: [postSubscriptions.postId, column],
          targetWhere: sql`${column} is not null`,
          set,
        })
        .returning()
  if (!row) throw new Error('subscription write returned no row')
  return row
}

const subscriberSortFields: SortFieldsOf<typeof operations.listPostSubscribers, SubscriptionRow> = {
  createdAt: { column: postSubscriptions.createdAt, kind: 'timestamp', value: (s) => s.createdAt },
}

/** A post's subscribers (staff): every level, or one. */
export async function listSubscribers(
  ctx: ServiceContext,
  postId: string,
  query: { limit: number; cursor?: string; sort: string; level?: SubscriptionLevel },
  secret: string,
) {
  const authz = await listFilter(ctx, 'PostSubscription')
  const post = await getPostOrThrow(ctx, postId)
  const params: Record<string, unknown> = {
    workspaceId: idToUuid(ctx.workspaceId),
    postId: idToUuid(post.id),
  }
  if (query.level) params.level = query.level
  return listVisible(ctx, 'PostSubscription', postSubscriptions, {
    name: 'list_post_subscribers',
    variant: query.level ? 'level' : 'all',
    fields: subscriberSortFields,
    query,
    secret,
    filters: [
      sql`${postSubscriptions.postId} = ${sql.placeholder('postId')}::uuid`,
      query.level ? sql`${postSubscriptions.level} = ${sql.placeholder('level')}` : undefined,
    ],
    params,
    authz,
  })
}

// ------------------------------------------------------------------------------------ merge, unmerge

/**
 * A merge's step: the source's subscribers follow to the target (someone subscribed to both keeps the
 * target's subscription; theirs on the source stays behind), remembering where they came from.
 */
export async function moveSubscriptions(tx: Db, sourceId: PostId, targetId: PostId): Promise<void> {
  await tx.execute(sql`
    update ${postSubscriptions} s set
      post_id = ${idToUuid(targetId)}::uuid,
      moved_from_post_id = coalesce(s.moved_from_post_id, ${idToUuid(sourceId)}::uuid)
    where s.post_id = ${idToUuid(sourceId)}::uuid
      and not exists (select 1 from ${postSubscriptions} other where other.post_id = ${idToUuid(targetId)}::uuid
        and (other.contact_id = s.contact_id or other.member_id = s.member_id))`)
}

/** An unmerge's step: the subscriptions that came from the post go back to it. */
export async function restoreSubscriptions(tx: Db, postId: PostId): Promise<void> {
  await tx
    .update(postSubscriptions)
    .set({ postId, movedFromPostId: null })
    .where(eq(postSubscriptions.movedFromPostId, postId))
}

// ---------------------------------------------------------------------------------------- unsubscribe

/**
 * A one-click unsubscribe token for one subscription (the kit's token: its id and an HMAC of it under the
 * instance secret). It names nothing else, so it can only turn that one subscription off.
 */
export const unsubscribeToken = (secret: string, id: SubscriptionId): string =>
  signUnsubscribeToken(secret, id)

/**
 * `POST /v1/unsubscribe`: the token alone authenticates (one-click from an email, RFC 8058), and turns its
 * one subscription `off` as the subscriber's own choice. Answers the subscription; a token that does not
 * verify, or whose subscription is gone, is 404.
 */
export async function unsubscribe(db: Db, secret: string, token: string, origin: ServiceContext['origin']) {
  const id = verifyUnsubscribeToken(secret, token, 'psub')
  if (!id) throw new ApiError('not_found', 'No subscription has this unsubscribe token')
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(postSubscriptions)
      .where(eq(postSubscriptions.id, id))
      .for('update')
    if (!before) throw new ApiError('not_found', 'No subscription has this unsubscribe token')
    const row = await writeLevel(tx, before, before, 'off')
    if (before.level !== 'off') {
      const [post] = await tx
        .select({ boardId: posts.boardId })
        .from(posts)
        .where(eq(posts.id, before.postId))
      if (!post) throw new ApiError('not_found', 'No subscription has this unsubscribe token')
      const actor = before.contactId
        ? { type: 'contact' as const, id: before.contactId, origin }
        : { type: 'member' as const, id: before.memberId as string, origin }
      await emit(
        tx,
        { workspaceId: before.workspaceId, eventActor: actor },
        {
          type: 'post_subscription.updated',
          resourceId: before.postId,
          data: {
            subscription: toSubscription(row),
            previousLevel: before.level,
            post: { id: before.postId, boardId: post.boardId },
          },
        },
      )
    }
    return toSubscription(row)
  })
}

/**
 * A contact merge's step: the source's subscriptions become the target's, except on posts the target already
 * follows (the target's own choice stands there; the source's rows go with the source).
 */
export const moveContactSubscriptions: ContactMergeStep = async (tx, move) => {
  await tx.execute(sql`
    update ${postSubscriptions} s set contact_id = ${idToUuid(move.targetId)}::uuid, updated_at = now()
    where s.workspace_id = ${idToUuid(move.workspaceId)}::uuid and s.contact_id = ${idToUuid(move.sourceId)}::uuid
      and not exists (select 1 from ${postSubscriptions} t
        where t.post_id = s.post_id and t.contact_id = ${idToUuid(move.targetId)}::uuid)`)
}
