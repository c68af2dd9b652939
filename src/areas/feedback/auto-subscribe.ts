import { sql } from 'drizzle-orm'
import type { Db } from '../../db/database'
import { postSubscriptions, type SubscriptionLevel, type SubscriptionSource } from '../../db/schema/feedback'
import { type ContactId, type Id, type MemberId, newId, type WorkspaceId } from '../../ids'

/** Who a subscription is for: exactly one of a contact and a member. */
export interface Subscriber {
  contactId: ContactId | null
  memberId: MemberId | null
}

/** The level each automatic subscription starts at: voters hear of status changes, the others of everything. */
const autoLevel: Record<Exclude<SubscriptionSource, 'manual'>, SubscriptionLevel> = {
  author: 'all',
  commenter: 'all',
  voter: 'status',
}

/**
 * Subscribe the author of a post, a voter or a commenter, in the transaction of what they did. A first
 * subscription is created at the source's level; an automatic `status` one rises to `all` when the person
 * comments or authors; a level the person chose (`manual`, `off` included) never changes. Anonymous
 * visitors (neither id) are not subscribed.
 */
export async function autoSubscribe(
  tx: Db,
  at: { workspaceId: WorkspaceId; postId: Id<'post'> } & Partial<Subscriber>,
  source: Exclude<SubscriptionSource, 'manual'>,
): Promise<void> {
  const contactId = at.contactId ?? null
  const memberId = contactId ? null : (at.memberId ?? null)
  if (!contactId && !memberId) return
  const level = autoLevel[source]
  const column = contactId ? postSubscriptions.contactId : postSubscriptions.memberId
  await tx
    .insert(postSubscriptions)
    .values({
      id: newId('psub'),
      workspaceId: at.workspaceId,
      postId: at.postId,
      contactId,
      memberId,
      level,
      source,
    })
    .onConflictDoUpdate({
      target: [postSubscriptions.postId, column],
      targetWhere: sql`${column} is not null`,
      set: { level, source, updatedAt: new Date() },
      setWhere: sql`${postSubscriptions.source} <> 'manual' and ${postSubscriptions.level} = 'status' and ${level} = 'all'`,
    })
}
