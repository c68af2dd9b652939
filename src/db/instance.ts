import { randomBytes } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { type Db, queryRows } from './database'
import { instanceSettings } from './schema'

/**
 * The installation's signing secret: `LOOPDESK_SECRET` when set, else one generated on first start and kept
 * in the database, so every instance (Node or Workers) on the same database signs alike. One statement: the
 * insert (a no-op once a secret exists) and the read of the kept one.
 */
export async function instanceSecret(db: Db, configured?: string): Promise<string> {
  if (configured) return configured
  const insert = db
    .insert(instanceSettings)
    .values({ key: 'secret', value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing()
    .returning({ value: instanceSettings.value })
  // The CTE's insert is invisible to the statement's own read: exactly one branch answers.
  const [row] = await queryRows<{ value: string }>(
    db,
    sql`with inserted as (${insert.getSQL()}) select value from inserted
      union all select ${instanceSettings.value} from ${instanceSettings} where ${eq(instanceSettings.key, 'secret')}`,
  )
  if (!row) throw new Error('instance secret missing after insert')
  return row.value
}
