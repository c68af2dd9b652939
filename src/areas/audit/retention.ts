import type { WorkerModule } from '../../jobs/module'
import { pruneAuditLog } from './service'

/**
 * The audit log's retention as a worker module: an hourly tick (each slot run by one instance) deletes the
 * entries older than `days` (default `LOOPDESK_AUDIT_RETENTION_DAYS`). With 0 nothing is scheduled at all.
 */
export function auditRetentionModule(days?: number): WorkerModule {
  return {
    name: 'audit-retention',
    setup: async ({ logger, config }) => {
      const retentionDays = days ?? config.auditRetentionDays
      return {
        ticks:
          retentionDays > 0
            ? [
                {
                  name: 'prune-audit-log',
                  cron: '0 37 * * * *',
                  async run(db) {
                    const deleted = await pruneAuditLog(db, retentionDays)
                    if (deleted > 0) logger.info({ deleted, retentionDays }, 'audit log pruned')
                  },
                },
              ]
            : [],
      }
    },
  }
}
