import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db/database'
import { teams } from '../db/schema'
import { ApiError } from '../http/errors'
import type { TeamId, WorkspaceId } from '../ids'

/**
 * Every id of `teamIds` must be a team of the workspace: 404 naming each missing one at `<path>.<index>`
 * (`body.teamIds.1`). With `lock`, the teams are held (`for share`) until commit, so none can vanish under a
 * reference the transaction is writing.
 */
export async function assertTeamsExist(
  db: Db,
  workspaceId: WorkspaceId,
  teamIds: readonly string[],
  path = 'body.teamIds',
  options: { lock?: boolean } = {},
): Promise<void> {
  if (teamIds.length === 0) return
  const query = db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, teamIds as TeamId[])))
  const found = await (options.lock ? query.for('share') : query)
  const known = new Set<string>(found.map((t) => t.id))
  const missing = teamIds.flatMap((id, index) => (known.has(id) ? [] : [{ index, id }]))
  if (missing.length === 0) return
  const field = path.split('.').at(-1)
  throw new ApiError('not_found', `${field}: ${missing.map((m) => m.id).join(', ')} not found`, {
    errors: missing.map(({ index, id }) => ({
      path: `${path}.${index}`,
      code: 'not_found',
      message: `no team ${id} in this workspace`,
    })),
  })
}
