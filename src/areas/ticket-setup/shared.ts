import { sql } from 'drizzle-orm'
import type { ServiceContext } from '../../context/service'
import type { Db } from '../../db/database'
import { ApiError, validationFailed } from '../../http/errors'

/** Leading and trailing spaces dropped; blank is refused naming `path`. */
export function cleanName(name: string, path = 'body.name'): string {
  const trimmed = name.trim()
  if (!trimmed) throw validationFailed([{ path, code: 'too_small', message: 'must not be blank' }])
  return trimmed
}

/** Serialise one workspace's changes of one setup table: defaults, positions and limits stay consistent. */
export async function lockSetup(ctx: ServiceContext, tx: Db, table: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${table}), hashtext(${ctx.workspaceId}))`)
}

/** The next position (after the last) of a setup table's rows in the workspace. */
export async function nextPosition(query: Promise<{ max: number | null }[]>): Promise<number> {
  const [last] = await query
  return last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1
}

/** 409 when the workspace has `limit` rows of a kind already. */
export function assertBelowLimit(count: number, limit: number, what: string): void {
  if (count >= limit)
    throw new ApiError('ticket_setup_limit_reached', `A workspace has at most ${limit} ${what}`)
}
