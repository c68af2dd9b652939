import type { WorkerModule } from '../../jobs/module'
import { deleteStaleAttachments } from './attachments'

/** Deletes uploads no message claimed within 24 hours (bytes and rows), every ten minutes, on one instance. */
export function attachmentCleanupModule(): WorkerModule {
  return {
    name: 'ticket-attachments',
    setup: async ({ logger, attachments }) => ({
      ticks: [
        {
          name: 'delete-stale-attachments',
          cron: '0 */10 * * * *',
          async run(db) {
            const deleted = await deleteStaleAttachments(db, attachments)
            if (deleted > 0) logger.info({ deleted }, 'unclaimed attachments deleted')
          },
        },
      ],
    }),
  }
}
