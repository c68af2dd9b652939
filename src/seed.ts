import { and, eq, isNull } from 'drizzle-orm'
import { issueApiKey } from './areas/api-keys/service'
import { createWorkspace } from './areas/workspace/service'
import type { Db } from './db/database'
import { apiKeys, instanceSettings, members, roleAssignments, workspaces } from './db/schema'

const DEMO_SLUG = 'demo'
const DEV_KEY_NAME = 'npm start (development)'

/**
 * The demo workspace `npm start` creates the first time it meets an empty database (never again, even if it
 * is later deleted). With `mintDevKey` (embedded database, i.e. development), every start also replaces the
 * previous start's key with a fresh one, so the printed key always works and only one such key exists.
 */
export async function seedDemo(
  db: Db,
  options: { mintDevKey: boolean },
): Promise<{ apiKey?: string; created: boolean }> {
  const claimed = await db
    .insert(instanceSettings)
    .values({ key: 'demo_seeded', value: new Date().toISOString() })
    .onConflictDoNothing()
    .returning()
  if (claimed.length > 0) {
    const demo = await createWorkspace(db, {
      name: 'Demo',
      slug: DEMO_SLUG,
      owner: { email: 'owner@demo.loopdesk.test', name: 'Demo Owner' },
      apiKeyName: DEV_KEY_NAME,
    })
    return { apiKey: demo.secret, created: true }
  }
  if (!options.mintDevKey) return { created: false }
  return db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ workspaceId: members.workspaceId, memberId: members.id })
      .from(members)
      .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
      .innerJoin(roleAssignments, eq(roleAssignments.memberId, members.id))
      .where(and(eq(workspaces.slug, DEMO_SLUG), eq(roleAssignments.systemRole, 'owner')))
      .orderBy(members.createdAt)
      .limit(1)
    if (!owner) return { created: false }
    await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(
        and(eq(apiKeys.memberId, owner.memberId), eq(apiKeys.name, DEV_KEY_NAME), isNull(apiKeys.revokedAt)),
      )
    const { secret } = await issueApiKey(tx, {
      ...owner,
      name: DEV_KEY_NAME,
      scopes: ['admin'],
      actor: { type: 'system' },
    })
    return { apiKey: secret, created: false }
  })
}
