import type { WorkerModule } from '../../jobs/module'
import { purgeDeletedPosts, restoreDays } from './posts'

/**
 * Deleted posts stay restorable for 30 days; this hourly tick (each slot run by one instance) then removes
 * them for good, with their votes.
 */
export function purgeModule(): WorkerModule {
  return {
    name: 'feedback-purge',
    setup: async ({ logger }) => ({
      ticks: [
        {
          name: 'purge-deleted-posts',
          cron: '0 23 * * * *',
          async run(db) {
            const purged = await purgeDeletedPosts(db)
            if (purged > 0) logger.info({ purged, restoreDays }, 'deleted posts purged')
          },
        },
      ],
    }),
  }
}
