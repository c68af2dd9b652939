import { and, eq, isNull, sql } from 'drizzle-orm'
import { issueApiKey } from './areas/api-keys/service'
import { createWorkspace } from './areas/workspace/service'
import { generateApiKey } from './auth/api-key-secrets'
import { type Db, queryRows } from './db/database'
import { pgErrorOf } from './db/errors'
import {
  apiKeys,
  auditEntries,
  events,
  instanceSettings,
  members,
  roleAssignments,
  workspaces,
} from './db/schema'
import { eventRecords } from './events/emit'
import { type MemberId, newId, type WorkspaceId } from './ids'

const DEMO_SLUG = 'demo'
const DEV_KEY_NAME = 'npm start (development)'
/** instance_settings key: the demo workspace and its owner, as JSON, so each start mints without looking them up. */
const DEMO_OWNER = 'demo_owner'

interface DemoOwner {
  workspaceId: WorkspaceId
  memberId: MemberId
}

/**
 * The demo workspace `npm start` creates the first time it meets an empty database (never again, even if it
 * is later deleted). With `mintDevKey` (embedded database, i.e. development), every start also replaces the
 * previous start's key with a fresh one, so the printed key always works and only one such key exists.
 * A start costs one statement to check (the claim of the first seed, and the owner it recorded) and, with
 * `mintDevKey`, one to mint.
 */
export async function seedDemo(
  db: Db,
  options: { mintDevKey: boolean },
): Promise<{ apiKey?: string; created: boolean }> {
  const claim = db
    .insert(instanceSettings)
    .values({ key: 'demo_seeded', value: new Date().toISOString() })
    .onConflictDoNothing()
    .returning({ key: instanceSettings.key })
  const [state] = await queryRows<{ claimed: boolean; owner: string | null }>(
    db,
    sql`with claim as (${claim.getSQL()}) select exists (select 1 from claim) as claimed,
      (select ${instanceSettings.value} from ${instanceSettings} where ${eq(instanceSettings.key, DEMO_OWNER)}) as owner`,
  )
  if (state?.claimed) {
    const demo = await createWorkspace(db, {
      name: 'Demo',
      slug: DEMO_SLUG,
      owner: { email: 'owner@demo.loopdesk.test', name: 'Demo Owner' },
      apiKeyName: DEV_KEY_NAME,
    })
    await rememberOwner(db, { workspaceId: demo.workspace.id, memberId: demo.member.id })
    return { apiKey: demo.secret, created: true }
  }
  if (!options.mintDevKey) return { created: false }
  if (state?.owner) {
    const apiKey = await mintDevKey(db, JSON.parse(state.owner) as DemoOwner)
    if (apiKey) return { apiKey, created: false }
  }
  return mintForCurrentOwner(db)
}

/**
 * Revoke the previous dev key and issue a new one for `owner`, with its `api_key.created` event and audit
 * row, in one statement (data-modifying CTEs commit together). If `owner` is no longer an active,
 * workspace-wide owner of the demo workspace, the key's member is null, the statement fails whole, and this
 * answers undefined.
 */
async function mintDevKey(db: Db, owner: DemoOwner): Promise<string | undefined> {
  const key = generateApiKey()
  const id = newId('ak')
  const scopes = ['admin']
  const records = eventRecords(
    { workspaceId: owner.workspaceId, eventActor: { type: 'system' } },
    {
      type: 'api_key.created',
      resourceId: id,
      data: {
        apiKey: { id, name: DEV_KEY_NAME, start: key.start, memberId: owner.memberId, scopes, teamIds: [] },
      },
    },
  )
  const stillOwner = sql`(select ${members.id} from ${members}
    join ${roleAssignments} on ${roleAssignments.memberId} = ${members.id}
    where ${and(
      eq(members.id, owner.memberId),
      eq(members.workspaceId, owner.workspaceId),
      eq(members.status, 'active'),
      eq(roleAssignments.systemRole, 'owner'),
      isNull(roleAssignments.teamId),
    )} limit 1)`
  const revoke = db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(apiKeys.memberId, owner.memberId), eq(apiKeys.name, DEV_KEY_NAME), isNull(apiKeys.revokedAt)),
    )
  const insertKey = db.insert(apiKeys).values({
    id,
    workspaceId: owner.workspaceId,
    memberId: stillOwner,
    name: DEV_KEY_NAME,
    start: key.start,
    secretHash: key.hash,
    scopes,
  })
  const audit = records.audit
    ? sql`, audit as (${db.insert(auditEntries).values(records.audit).getSQL()})`
    : sql``
  try {
    await db.execute(
      sql`with revoked as (${revoke.getSQL()}), key as (${insertKey.getSQL()}), event as (${db.insert(events).values(records.event).getSQL()})${audit} select 1`,
    )
    return key.secret
  } catch (error) {
    // Not null (no such owner any more) or a foreign key (the workspace is gone): look the owner up again.
    if (['23502', '23503'].includes(pgErrorOf(error)?.code ?? '')) return undefined
    throw error
  }
}

/** The slow path: find the demo workspace's owner, mint their key through the service, and remember them. */
async function mintForCurrentOwner(db: Db): Promise<{ apiKey?: string; created: boolean }> {
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
    await rememberOwner(tx, owner)
    return { apiKey: secret, created: false }
  })
}

async function rememberOwner(db: Db, owner: DemoOwner) {
  const value = JSON.stringify(owner)
  await db
    .insert(instanceSettings)
    .values({ key: DEMO_OWNER, value })
    .onConflictDoUpdate({ target: instanceSettings.key, set: { value } })
}
