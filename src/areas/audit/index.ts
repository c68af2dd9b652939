import { defineArea } from '../../registry/area'
import { auditRetentionModule } from './retention'
import { registerAuditRoutes } from './routes'

/** The audit log: its reads, its CSV export and its retention (rows are written by `emit()`). */
export default defineArea({
  name: 'audit',
  routes: registerAuditRoutes,
  workers: [auditRetentionModule()],
})
