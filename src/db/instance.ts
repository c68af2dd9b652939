import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from './database'
import { instanceSettings } from './schema'

/**
 * The installation's signing secret: `LOOPDESK_SECRET` when set, else one generated on first start and kept
 * in the database, so every instance (Node or Workers) on the same database signs alike.
 */
export async function instanceSecret(db: Db, configured?: string): Promise<string> {
  if (configured) return configured
  await db
    .insert(instanceSettings)
    .values({ key: 'secret', value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing()
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, 'secret'))
  if (!row) throw new Error('instance secret missing after insert')
  return row.value
}
