import { and, eq, isNotNull, isNull } from 'drizzle-orm'
import type { Db } from '../../db/database'
import { contacts } from '../../db/schema'
import { changelogEntries, changelogSubscriptions } from '../../db/schema/changelog'
import { workspaces } from '../../db/schema/workspaces'
import type { EventPayloads } from '../../events/catalogue'
import type { DispatchedEvent, EventListener } from '../../events/dispatcher'
import { type MemberId, uuidToId } from '../../ids'
import type { WorkerModule } from '../../jobs/module'
import { jobIdFor } from '../../jobs/queue'
import { type Audience, contactsAdmittedSql } from '../../kit/audience'
import type { Mailer } from '../../mail/mailer'
import { activeOnly, type NotificationKindDefinition } from '../../notifications/kinds'
import type { ChangelogEntryId } from './service'
import { type ChangelogSubscriptionId, changelogUnsubscribeToken } from './subscriptions'

declare module '../../notifications/kinds' {
  interface NotificationKinds {
    changelog_published: true
  }
}

const quoted = (title: unknown) => `“${String(title ?? '')}”`
const excerpt = (text: string, max = 2000) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** The members who follow the changelog (active ones; the actor is dropped by the notifications worker). */
async function memberSubscribers(tx: Db, event: DispatchedEvent): Promise<MemberId[]> {
  const rows = await tx
    .select({ memberId: changelogSubscriptions.memberId })
    .from(changelogSubscriptions)
    .where(
      and(
        eq(changelogSubscriptions.workspaceId, event.workspaceId),
        isNotNull(changelogSubscriptions.memberId),
      ),
    )
  return activeOnly(
    tx,
    event.workspaceId,
    rows.map((r) => r.memberId as MemberId),
  )
}

/** The in-app kind of changelog subscriptions: members hear of every published entry (staff read them all). */
export const changelogNotificationKinds: Record<string, NotificationKindDefinition> = {
  changelog_published: {
    description: 'A changelog entry was published (you follow the changelog)',
    producers: {
      'changelog.published': async (tx, event, data) => [
        {
          kind: 'changelog_published',
          recipients: await memberSubscribers(tx, event),
          title: `New in the changelog: ${quoted(data.entry.title)}`,
          body: excerpt(await bodyOf(tx, data.entry.id)),
          resourceType: 'changelog_entry',
          resourceId: data.entry.id,
        },
      ],
    },
  },
}

async function bodyOf(tx: Db, id: string): Promise<string> {
  const [row] = await tx
    .select({ body: changelogEntries.body })
    .from(changelogEntries)
    .where(eq(changelogEntries.id, id as ChangelogEntryId))
  return row?.body ?? ''
}

// ------------------------------------------------------------------------------------- contact email

export const CHANGELOG_EMAIL_QUEUE = 'changelog-subscriber-email'

export interface ChangelogEmailJob {
  subscriptionId: ChangelogSubscriptionId
  subject: string
  text: string
}

/**
 * Changelog email to contacts, in the workers: a listener turns each `changelog.published` (sent once per
 * publication, by the request or the tick) into one email job per contact subscriber who may read the entry
 * (found in one statement; enqueued in one, in the transaction that advances its cursor, with ids derived from
 * the event and the subscription, so a redelivered event enqueues nothing twice); the job reads the address
 * when sending, skips a subscription ended since, and sends with a one-click unsubscribe link (RFC 8058).
 */
export function changelogEmailModule(
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
    name: 'changelog-subscriber-email',
    async setup({ db, queue, mailer: workersMailer, secret: workersSecret, config }) {
      const mailer = options.mailer ?? workersMailer
      const secret = options.secret ?? workersSecret
      if (!secret)
        throw new Error('changelog subscriptions: the workers were started without the instance secret')
      const publicUrl = (options.publicUrl ?? config.publicUrl).replace(/\/+$/, '')
      await queue.declare(CHANGELOG_EMAIL_QUEUE, {
        retryLimit: 5,
        retryDelaySeconds: 30,
        retryBackoff: true,
        expireInSeconds: 60,
      })
      await queue.work<ChangelogEmailJob>(
        CHANGELOG_EMAIL_QUEUE,
        async (job) => {
          const [row] = await db
            .select({ email: contacts.email })
            .from(changelogSubscriptions)
            .innerJoin(contacts, eq(contacts.id, changelogSubscriptions.contactId))
            .where(and(eq(changelogSubscriptions.id, job.data.subscriptionId), isNull(contacts.mergedIntoId)))
          if (!row?.email) return
          const token = changelogUnsubscribeToken(secret, job.data.subscriptionId)
          const link = `${publicUrl}/v1/changelog/unsubscribe?token=${encodeURIComponent(token)}`
          await mailer.send({
            to: row.email,
            subject: job.data.subject,
            text: `${job.data.text}\n\nStop these emails: ${link}`,
            tag: 'changelog.published',
            headers: {
              'List-Unsubscribe': `<${link}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
          })
        },
        { concurrency: 2, pollingIntervalSeconds: options.pollingIntervalSeconds },
      )
      const name = options.listenerName ?? 'changelog-subscriber-email'
      const listener: EventListener = {
        name,
        handles: (type) => type === 'changelog.published',
        async handle(tx, event) {
          if (options.accepts && !options.accepts(event)) return
          const { entry } = event.data as EventPayloads['changelog.published']
          // Only contacts who may read the entry (changelog.polar's audience rules) by its effective audience,
          // as it stands now (narrowed since by a category: fewer are told): none for a staff-only entry, the
          // members of the segments or organisations of its audience's source (the entry or a category).
          const [current] = await tx
            .select({
              audience: changelogEntries.effectiveAudience,
              sourceId: changelogEntries.audienceSourceId,
            })
            .from(changelogEntries)
            .where(eq(changelogEntries.id, entry.id as ChangelogEntryId))
          if (!current || current.audience === 'staff') return
          // The kit takes a TypeID and reads only its UUID: any prefix names the same content_audiences rows.
          const source = current.sourceId ? uuidToId('chg', current.sourceId) : entry.id
          const rows = await tx
            .select({ id: changelogSubscriptions.id })
            .from(changelogSubscriptions)
            .innerJoin(contacts, eq(contacts.id, changelogSubscriptions.contactId))
            .where(
              and(
                eq(changelogSubscriptions.workspaceId, event.workspaceId),
                isNotNull(contacts.email),
                isNull(contacts.mergedIntoId),
                contactsAdmittedSql(
                  source,
                  current.audience as Audience,
                  contacts.id,
                  contacts.organizationId,
                ),
              ),
            )
          if (rows.length === 0) return
          const [ws] = await tx
            .select({ name: workspaces.name })
            .from(workspaces)
            .where(eq(workspaces.id, event.workspaceId))
          const body = excerpt(await bodyOf(tx, entry.id))
          const subject = `New in the ${ws?.name ?? ''} changelog: ${entry.title}`.replace(/ {2}/g, ' ')
          const text = `${entry.title}\n\n${body}\n\n${publicUrl}/v1/changelog/${entry.id}`
          await queue.sendMany<ChangelogEmailJob>(
            CHANGELOG_EMAIL_QUEUE,
            rows.map((r) => ({
              id: jobIdFor(name, event.id, r.id),
              data: { subscriptionId: r.id, subject, text },
            })),
            { tx },
          )
        },
      }
      return { listeners: [listener] }
    },
  }
}
