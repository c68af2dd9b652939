import { lt, sql } from 'drizzle-orm'
import { portalLoginCodes, sessions, tickSlots } from '../db/schema'
import { pruneIdempotencyKeys } from '../http/idempotency'
import type { WorkerModule } from './module'
import type { Tick } from './ticks'

/** Housekeeping every instance schedules; each slot runs on one of them. */
export const maintenanceTicks: Tick[] = [
  {
    name: 'prune-idempotency-keys',
    cron: '0 7 * * * *',
    run: (db) => pruneIdempotencyKeys(db),
  },
  {
    name: 'prune-sessions',
    cron: '0 17 * * * *',
    async run(db) {
      await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`))
      await db.delete(portalLoginCodes).where(lt(portalLoginCodes.expiresAt, sql`now()`))
    },
  },
  {
    // Claimed slots only matter while instances may still race for them.
    name: 'prune-tick-slots',
    cron: '0 27 3 * * *',
    run: async (db) => {
      await db.delete(tickSlots).where(lt(tickSlots.slot, sql`now() - interval '7 days'`))
    },
  },
]

export const maintenanceModule: WorkerModule = {
  name: 'maintenance',
  setup: async () => ({ ticks: maintenanceTicks }),
}
