import type { Db } from '../db/database'
import type { DispatchedEvent, EventListener } from '../events/dispatcher'
import type { Id } from '../ids'
import type { WorkerModule } from '../jobs/module'
import { jobIdFor } from '../jobs/queue'
import { closeDeliveryConnections, DELIVERY_TIMEOUT_MS, deliverOnce, deliveryBatching } from './deliver'
import { createDeliveries } from './fan-out'

export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery'

interface DeliveryJob {
  deliveryId: Id<'whd'>
  /** The attempt this job makes (1 for the first): part of the job id, so a retry is a new job. */
  attempt: number
}

/**
 * Webhook delivery in the workers: a listener turns each committed event into pending deliveries (one per
 * matching endpoint) and enqueues a job per delivery in the same transaction that advances its cursor; a job
 * makes one attempt and, when the endpoint failed, enqueues the next attempt after the backoff. Each
 * delivery is its own job, run with concurrency, so a slow endpoint (up to 10 s per attempt) never holds up
 * deliveries to others. A job whose worker died is failed by pg-boss after `expireInSeconds` and retried;
 * `deliverOnce` never sends a delivery that already succeeded, and `webhook-id` is the delivery id on every
 * attempt, so a receiver can drop duplicates.
 */
export function webhooksModule(
  options: {
    /** Default: the workers' instance secret and settings. */
    secret?: string
    config?: {
      webhooksAllowInsecure: boolean
      webhooksJobExpireSeconds?: number
      webhooksConcurrency?: number
    }
    /** Tests shorten the backoff (1 = the real schedule of about three days). */
    delayScale?: number
    concurrency?: number
    pollingIntervalSeconds?: number
    /** The listener's cursor name (default `webhooks`) and which events it takes: tests sharing one database. */
    listenerName?: string
    accepts?: (event: { workspaceId: string }) => boolean
  } = {},
): WorkerModule {
  return {
    name: 'webhooks',
    async setup(context) {
      const { db, queue, logger } = context
      const secret = options.secret ?? context.secret
      if (!secret) throw new Error('webhooks: the workers were started without the instance secret')
      const config = options.config ?? context.config
      await queue.declare(WEBHOOK_DELIVERY_QUEUE, {
        // Our own schedule decides retries (deliverOnce answers when); pg-boss retries only a run that threw
        // or whose worker died.
        retryLimit: 3,
        retryDelaySeconds: 5,
        retryBackoff: true,
        expireInSeconds: config.webhooksJobExpireSeconds ?? Math.ceil((DELIVERY_TIMEOUT_MS * 3) / 1000),
      })
      const deps = { db, secret, config, batching: deliveryBatching(db) }
      await queue.work<DeliveryJob>(
        WEBHOOK_DELIVERY_QUEUE,
        async (job) => {
          const next = job.data.attempt + 1
          // The next attempt is enqueued in the transaction that records this failure (pg-boss takes it).
          await deliverOnce(deps, job.data.deliveryId, {
            scheduleRetry: async (tx, delayMs) => {
              await queue.send<DeliveryJob>(
                WEBHOOK_DELIVERY_QUEUE,
                { deliveryId: job.data.deliveryId, attempt: next },
                {
                  tx,
                  id: jobIdFor(WEBHOOK_DELIVERY_QUEUE, job.data.deliveryId, String(next)),
                  startAfter: new Date(Date.now() + delayMs * (options.delayScale ?? 1)),
                },
              )
            },
          })
        },
        {
          concurrency: options.concurrency ?? config.webhooksConcurrency ?? 128,
          pollingIntervalSeconds: options.pollingIntervalSeconds,
        },
      )
      const fanOut = async (tx: Db, events: DispatchedEvent[]) => {
        const accepted = options.accepts ? events.filter((e) => options.accepts?.(e)) : events
        const deliveries = await createDeliveries(tx, accepted)
        await queue.sendMany<DeliveryJob>(
          WEBHOOK_DELIVERY_QUEUE,
          deliveries.map((delivery) => ({
            data: { deliveryId: delivery.id, attempt: 1 },
            id: jobIdFor(WEBHOOK_DELIVERY_QUEUE, delivery.id, '1'),
          })),
          { tx },
        )
      }
      // The whole batch at once: a few statements per batch of events, not a few per event.
      const listener: EventListener = {
        name: options.listenerName ?? 'webhooks',
        handles: () => true,
        handleBatch: fanOut,
      }
      logger.debug('webhook delivery started')
      return { listeners: [listener], stop: closeDeliveryConnections }
    },
  }
}
