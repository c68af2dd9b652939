import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/database'
import { members, notificationPreferences, notifications } from '../db/schema'
import type { EventListener } from '../events/dispatcher'
import { type MemberId, newId } from '../ids'
import type { WorkerModule } from '../jobs/module'
import { jobIdFor } from '../jobs/queue'
import type { Mailer } from '../mail/mailer'
import { defaultEnabled, draftsFor, type NotificationChannel, producesNotifications } from './kinds'

export const NOTIFICATION_EMAIL_QUEUE = 'notification-email'

interface EmailJob {
  memberId: MemberId
  kind: string
  title: string
  body: string
}

/** Which of `memberIds` want `kind` on `channel`: their stored choice, else the channel's default. */
async function enabledFor(tx: Db, memberIds: MemberId[], kind: string, channel: NotificationChannel) {
  const rows = await tx
    .select({ memberId: notificationPreferences.memberId, enabled: notificationPreferences.enabled })
    .from(notificationPreferences)
    .where(
      and(
        inArray(notificationPreferences.memberId, memberIds),
        eq(notificationPreferences.kind, kind),
        eq(notificationPreferences.channel, channel),
      ),
    )
  const chosen = new Map(rows.map((r) => [r.memberId as string, r.enabled]))
  return memberIds.filter((id) => chosen.get(id) ?? defaultEnabled(channel))
}

/**
 * Notifications in the workers: a listener turns each committed event into in-app notifications (in the
 * transaction that advances its cursor; the unique (member, event, kind) key makes a redelivery insert
 * nothing) and enqueues one email job per recipient who wants email, with a job id derived from the event,
 * member and kind, so a redelivered event enqueues no second email.
 */
export function notificationsModule(
  options: {
    /** Default: the workers' mailer. */
    mailer?: Mailer
    concurrency?: number
    pollingIntervalSeconds?: number
    /** The listener's cursor name (default `notifications`) and which events it takes: tests sharing one database. */
    listenerName?: string
    accepts?: (event: { workspaceId: string }) => boolean
  } = {},
): WorkerModule {
  return {
    name: 'notifications',
    async setup({ db, queue, logger, mailer: workersMailer }) {
      const mailer = options.mailer ?? workersMailer
      await queue.declare(NOTIFICATION_EMAIL_QUEUE, {
        retryLimit: 5,
        retryDelaySeconds: 30,
        retryBackoff: true,
        expireInSeconds: 60,
      })
      await queue.work<EmailJob>(
        NOTIFICATION_EMAIL_QUEUE,
        async (job) => {
          // The address is read when sending: a member who left or changed their email in between is honoured.
          const [member] = await db
            .select({ email: members.email, status: members.status })
            .from(members)
            .where(eq(members.id, job.data.memberId))
          if (member?.status !== 'active') return
          await mailer.send({
            to: member.email,
            subject: job.data.title,
            text: job.data.body,
            tag: `notification.${job.data.kind}`,
          })
        },
        { concurrency: options.concurrency ?? 2, pollingIntervalSeconds: options.pollingIntervalSeconds },
      )
      const listener: EventListener = {
        name: options.listenerName ?? 'notifications',
        handles: producesNotifications,
        async handle(tx, event) {
          if (options.accepts && !options.accepts(event)) return
          for (const draft of await draftsFor(tx, event)) {
            const inApp = await enabledFor(tx, draft.recipients, draft.kind, 'in_app')
            if (inApp.length > 0) {
              await tx
                .insert(notifications)
                .values(
                  inApp.map((memberId) => ({
                    id: newId('ntf'),
                    workspaceId: event.workspaceId,
                    memberId,
                    kind: draft.kind,
                    eventId: event.id,
                    title: draft.title,
                    body: draft.body,
                    resourceType: draft.resourceType,
                    resourceId: draft.resourceId,
                  })),
                )
                .onConflictDoNothing()
            }
            for (const memberId of await enabledFor(tx, draft.recipients, draft.kind, 'email')) {
              await queue.send<EmailJob>(
                NOTIFICATION_EMAIL_QUEUE,
                { memberId, kind: draft.kind, title: draft.title, body: draft.body },
                { tx, id: jobIdFor(NOTIFICATION_EMAIL_QUEUE, event.id, memberId, draft.kind) },
              )
            }
          }
        },
      }
      logger.debug('notifications started')
      return { listeners: [listener] }
    },
  }
}
