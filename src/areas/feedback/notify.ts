import { and, eq, inArray, isNotNull, isNull, ne, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/database'
import { contacts } from '../../db/schema'
import { boards, postSubscriptions, posts, type SubscriptionLevel } from '../../db/schema/feedback'
import type { EventPayloads, EventType } from '../../events/catalogue'
import type { DispatchedEvent, EventListener } from '../../events/dispatcher'
import { type ContactId, idToUuid, type MemberId } from '../../ids'
import type { WorkerModule } from '../../jobs/module'
import { jobIdFor } from '../../jobs/queue'
import { type Audience, contactAdmittedByRowSql, contactsAdmittedSql } from '../../kit/audience'
import type { Mailer } from '../../mail/mailer'
import { activeOnly, type NotificationKindDefinition, type Producer } from '../../notifications/kinds'
import type { PostId } from './posts'
import { type SubscriptionId, unsubscribeToken } from './subscriptions'

declare module '../../notifications/kinds' {
  interface NotificationKinds {
    post_status_changed: true
    post_official_response: true
    post_commented: true
    post_shipped: true
  }
}

/**
 * What a post's subscribers hear of, and which levels hear it: a status change reaches `all` and `status`,
 * a new comment only `all`. Members are told in-app (the notification kinds below, through the existing
 * notifications worker); contacts by email (the listener and job below). Nobody hears of their own action.
 */
const statusLevels: SubscriptionLevel[] = ['all', 'status']
const activityLevels: SubscriptionLevel[] = ['all']

/** The members subscribed to a post at one of `levels` (active ones only; the actor is dropped later). */
async function memberSubscribers(
  tx: Db,
  event: DispatchedEvent,
  postId: string | string[],
  levels: SubscriptionLevel[],
) {
  const postIds = (Array.isArray(postId) ? postId : [postId]) as PostId[]
  if (postIds.length === 0) return []
  const rows = await tx
    .selectDistinct({ memberId: postSubscriptions.memberId })
    .from(postSubscriptions)
    .where(
      and(
        eq(postSubscriptions.workspaceId, event.workspaceId),
        inArray(postSubscriptions.postId, postIds),
        isNotNull(postSubscriptions.memberId),
        inArray(postSubscriptions.level, levels),
      ),
    )
  return activeOnly(
    tx,
    event.workspaceId,
    rows.map((r) => r.memberId as MemberId),
  )
}

const quoted = (title: unknown) => `“${String(title ?? '')}”`

/**
 * The event an official response (a public staff comment pinned to the post) is set, replaced or unpinned
 * with, and its payload as the comments work defines it. Only a response set or replaced is news.
 */
export const OFFICIAL_RESPONSE_EVENT = 'post.official_response_changed'
interface OfficialResponseChanged {
  post: { id: string; title?: string }
  officialResponse: { id: string; body?: string } | null
}

const officialResponseProducer: Producer<EventType> = async (tx, event, data) => {
  const { post, officialResponse } = data as unknown as OfficialResponseChanged
  if (!officialResponse) return []
  return [
    {
      kind: 'post_official_response',
      recipients: await memberSubscribers(tx, event, post.id, statusLevels),
      title: `Official response on ${quoted(post.title)}`,
      body: excerpt(String(officialResponse.body ?? '')),
      resourceType: 'post',
      resourceId: post.id,
    },
  ]
}

/**
 * What a status change says: the change, and the public comment that came with it when there is one (a
 * status change may carry a comment; a private one is never shown).
 */
function statusLine(data: EventPayloads['post.status_changed']): string {
  const line = `The status of ${quoted(data.post.title)} changed from ${data.previousStatus?.name ?? 'none'} to ${data.status?.name ?? 'none'}.`
  const comment = (data as { comment?: { body?: unknown; visibility?: unknown } | null }).comment
  return comment && comment.visibility === 'public' && typeof comment.body === 'string'
    ? `${line}\n\n${excerpt(comment.body)}`
    : line
}

/** The in-app notification kinds of post subscriptions (members). */
export const subscriptionNotificationKinds: Record<string, NotificationKindDefinition> = {
  post_status_changed: {
    description: 'A post you follow changed status',
    producers: {
      'post.status_changed': async (tx, event, data) => [
        {
          kind: 'post_status_changed',
          recipients: await memberSubscribers(tx, event, String(data.post.id), statusLevels),
          title: `${quoted(data.post.title)} is now ${data.status?.name ?? 'without a status'}`,
          body: statusLine(data),
          resourceType: 'post',
          resourceId: String(data.post.id),
        },
      ],
    },
  },
  post_official_response: {
    description: 'A post you follow got an official response',
    producers: {
      [OFFICIAL_RESPONSE_EVENT]: officialResponseProducer,
    } as NotificationKindDefinition['producers'],
  },
  post_commented: {
    description: 'Someone commented on a post you follow',
    producers: {
      'comment.created': async (tx, event, data) => {
        const [post] = await tx
          .select({ title: posts.title, officialResponseId: posts.officialResponseId })
          .from(posts)
          .where(eq(posts.id, data.post.id as PostId))
        // Written as the official response (same transaction): `post_official_response` tells of it.
        if (post?.officialResponseId === data.comment.id) return []
        return [
          {
            kind: 'post_commented',
            recipients: await memberSubscribers(tx, event, data.post.id, activityLevels),
            title: `New comment on ${quoted(post?.title)}`,
            body: excerpt(String(data.comment.body ?? '')),
            resourceType: 'post',
            resourceId: data.post.id,
          },
        ]
      },
    },
  },
}

/** What a published changelog entry tells the subscribers of the posts it links. */
const shippedLine = (postTitle: string, entry: EventPayloads['changelog.published']['entry']) =>
  `${quoted(postTitle)}, which you follow, is in the changelog: ${quoted(entry.title)}.`

/**
 * The in-app kind for a linked post's subscribers (status level and up) when a changelog entry that announces
 * it is published. A member following several of the linked posts hears once.
 */
export const shippedNotificationKinds: Record<string, NotificationKindDefinition> = {
  post_shipped: {
    description: 'A post you follow was announced in the changelog',
    producers: {
      'changelog.published': async (tx, event, data) => {
        const postIds = data.entry.linkedPostIds
        if (postIds.length === 0) return []
        const titled = await tx
          .select({ id: posts.id, title: posts.title })
          .from(posts)
          .where(
            and(
              eq(posts.workspaceId, event.workspaceId),
              inArray(posts.id, postIds as PostId[]),
              isNull(posts.deletedAt),
            ),
          )
        if (titled.length === 0) return []
        const first = postIds.map((id) => titled.find((p) => p.id === id)).find((p) => p !== undefined)
        return [
          {
            kind: 'post_shipped',
            recipients: await memberSubscribers(
              tx,
              event,
              titled.map((p) => p.id),
              statusLevels,
            ),
            title: `Shipped: ${quoted(data.entry.title)}`,
            body: shippedLine(first?.title ?? '', data.entry),
            resourceType: 'changelog_entry',
            resourceId: data.entry.id,
          },
        ]
      },
    },
  },
}

const excerpt = (text: string, max = 2000) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

// ------------------------------------------------------------------------------------- contact email

export const SUBSCRIBER_EMAIL_QUEUE = 'feedback-subscriber-email'

export interface SubscriberEmailJob {
  subscriptionId: SubscriptionId
  /** The levels that still want this message when it is sent (an unsubscribe in between is honoured). */
  levels: SubscriptionLevel[]
  subject: string
  text: string
  tag: string
}

/** What an event tells a post's contact subscribers, or nothing. */
interface Message {
  /** The posts whose subscribers hear of it (several for a changelog entry: each contact hears once). */
  postIds: string[]
  /** A comment that, pinned as the post's official response in its own transaction, is told of as that instead. */
  commentId?: string
  levels: SubscriptionLevel[]
  subject: (title: string) => string
  text: (title: string) => string
  tag: string
  /** Which contacts the news itself admits (a changelog entry for segments or organisations), over `contacts`. */
  admits?: SQL
}

function messageOf(event: DispatchedEvent): Message | undefined {
  if (event.type === 'post.status_changed') {
    const data = event.data as EventPayloads['post.status_changed']
    return {
      postIds: [String(data.post.id)],
      levels: statusLevels,
      subject: (title) => `${quoted(title)} is now ${data.status?.name ?? 'without a status'}`,
      text: () => statusLine(data),
      tag: 'feedback.post_status_changed',
    }
  }
  if (event.type === OFFICIAL_RESPONSE_EVENT) {
    const data = event.data as unknown as OfficialResponseChanged
    const response = data.officialResponse
    if (!response) return undefined
    return {
      postIds: [data.post.id],
      levels: statusLevels,
      subject: (title) => `Official response on ${quoted(title)}`,
      text: (title) =>
        `${quoted(title)} has an official response:\n\n${excerpt(String(response.body ?? ''))}`,
      tag: 'feedback.post_official_response',
    }
  }
  if (event.type === 'comment.created') {
    const data = event.data as EventPayloads['comment.created']
    // A private comment is staff-only: no contact hears of it, by any path.
    if (data.comment.visibility !== 'public') return undefined
    return {
      postIds: [data.post.id],
      commentId: String(data.comment.id),
      levels: activityLevels,
      subject: (title) => `New comment on ${quoted(title)}`,
      text: (title) => `A new comment on ${quoted(title)}:\n\n${excerpt(String(data.comment.body ?? ''))}`,
      tag: 'feedback.post_commented',
    }
  }
  if (event.type === 'changelog.published') {
    const { entry } = event.data as EventPayloads['changelog.published']
    // A staff-only entry is no contact's news; an entry that links no post has no post subscribers. An entry
    // for segments or organisations is told only to their contacts (changelog.polar's audience rules).
    if (entry.audience === 'staff' || entry.linkedPostIds.length === 0) return undefined
    return {
      admits: contactsAdmittedSql(entry.id, entry.audience as Audience, contacts.id, contacts.organizationId),
      postIds: entry.linkedPostIds,
      levels: statusLevels,
      subject: (title) => `${quoted(title)} shipped: ${entry.title}`,
      text: (title) => shippedLine(title, entry),
      tag: 'feedback.post_shipped',
    }
  }
  return undefined
}

/**
 * The contacts who may hear of a post's activity, in SQL: subscribed at one of `levels`, with an email, not
 * merged away, not the actor, and able to read the post as the feedback policy lets a contact (an approved
 * post, or its own, on a board whose audience (its segments or organisations too) and view access admit the contact).
 */
function contactRecipients(event: DispatchedEvent, message: Message): SQL | undefined {
  const actorContact = event.actorType === 'contact' ? event.actorId : null
  return and(
    eq(postSubscriptions.workspaceId, event.workspaceId),
    inArray(postSubscriptions.postId, message.postIds as PostId[]),
    inArray(postSubscriptions.level, message.levels),
    isNotNull(contacts.email),
    isNull(contacts.mergedIntoId),
    actorContact ? ne(postSubscriptions.contactId, actorContact as ContactId) : undefined,
    isNull(posts.deletedAt),
    // The Post read rule for contacts (feedback.polar): approved posts of boards that are not one-way, or their own.
    sql`((${posts.moderation} = 'approved' and not ${boards.oneWay}) or ${posts.authorContactId} = ${postSubscriptions.contactId})`,
    message.commentId
      ? sql`${posts.officialResponseId} is distinct from ${idToUuid(message.commentId)}::uuid`
      : undefined,
    contactAdmittedByRowSql(boards.audience, boards.id, contacts.id, contacts.organizationId),
    inArray(boards.viewAccess, ['anyone', 'contacts']),
    message.admits,
  )
}

/**
 * Post subscriptions' email to contacts, in the workers: a listener turns each status change and public
 * comment into one email job per contact subscriber (found in one statement; enqueued in one, in the
 * transaction that advances its cursor, with ids derived from the event and the subscription, so a
 * redelivered event enqueues nothing twice); the job reads the address when sending, skips a subscription
 * turned down since, and sends with a one-click unsubscribe link (RFC 8058 headers).
 */
export function subscriberEmailModule(
  options: {
    mailer?: Mailer
    secret?: string
    publicUrl?: string
    pollingIntervalSeconds?: number
    /** The listener's cursor name and which events it takes: tests sharing one database. */
    listenerName?: string
    accepts?: (event: { workspaceId: string }) => boolean
  } = {},
): WorkerModule {
  return {
    name: 'feedback-subscriber-email',
    async setup({ db, queue, mailer: workersMailer, secret: workersSecret, config }) {
      const mailer = options.mailer ?? workersMailer
      const secret = options.secret ?? workersSecret
      if (!secret)
        throw new Error('feedback subscriptions: the workers were started without the instance secret')
      const publicUrl = (options.publicUrl ?? config.publicUrl).replace(/\/+$/, '')
      await queue.declare(SUBSCRIBER_EMAIL_QUEUE, {
        retryLimit: 5,
        retryDelaySeconds: 30,
        retryBackoff: true,
        expireInSeconds: 60,
      })
      await queue.work<SubscriberEmailJob>(
        SUBSCRIBER_EMAIL_QUEUE,
        async (job) => {
          const [row] = await db
            .select({ level: postSubscriptions.level, email: contacts.email })
            .from(postSubscriptions)
            .innerJoin(contacts, eq(contacts.id, postSubscriptions.contactId))
            .where(and(eq(postSubscriptions.id, job.data.subscriptionId), isNull(contacts.mergedIntoId)))
          if (!row?.email || !job.data.levels.includes(row.level)) return
          const token = unsubscribeToken(secret, job.data.subscriptionId)
          const link = `${publicUrl}/v1/unsubscribe?token=${encodeURIComponent(token)}`
          await mailer.send({
            to: row.email,
            subject: job.data.subject,
            text: `${job.data.text}\n\nStop these emails: ${link}`,
            tag: job.data.tag,
            headers: {
              'List-Unsubscribe': `<${link}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
          })
        },
        { concurrency: 2, pollingIntervalSeconds: options.pollingIntervalSeconds },
      )
      const name = options.listenerName ?? 'feedback-subscriber-email'
      const listener: EventListener = {
        name,
        handles: (type) =>
          type === 'post.status_changed' ||
          type === 'comment.created' ||
          type === OFFICIAL_RESPONSE_EVENT ||
          type === 'changelog.published',
        async handle(tx, event) {
          if (options.accepts && !options.accepts(event)) return
          const message = messageOf(event)
          if (!message) return
          // One subscription per contact: its earliest among the posts (a changelog entry links several).
          const rows = await tx
            .selectDistinctOn([postSubscriptions.contactId], { id: postSubscriptions.id, title: posts.title })
            .from(postSubscriptions)
            .innerJoin(contacts, eq(contacts.id, postSubscriptions.contactId))
            .innerJoin(posts, eq(posts.id, postSubscriptions.postId))
            .innerJoin(boards, eq(boards.id, posts.boardId))
            .where(contactRecipients(event, message))
            .orderBy(postSubscriptions.contactId, postSubscriptions.createdAt, postSubscriptions.id)
          if (rows.length === 0) return
          await queue.sendMany<SubscriberEmailJob>(
            SUBSCRIBER_EMAIL_QUEUE,
            rows.map((r) => ({
              id: jobIdFor(name, event.id, r.id),
              data: {
                subscriptionId: r.id,
                levels: message.levels,
                subject: message.subject(r.title),
                text: message.text(r.title),
                tag: message.tag,
              },
            })),
            { tx },
          )
        },
      }
      return { listeners: [listener] }
    },
  }
}
