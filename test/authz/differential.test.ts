import { and, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { instance } from '../../src/authz/authorizer'
import { unrestricted } from '../../src/authz/filter'
import { loadMemberGrants, memberActor } from '../../src/authz/load'
import { allPermissions, allScopes } from '../../src/authz/permissions'
import { ApiKeyActor, ContactActor, type Principal, VisitorActor } from '../../src/authz/principal'
import { allResourceTypes, type ResourceType, resourceSpec } from '../../src/authz/resources'
import { membersWith } from '../../src/authz/who'
import {
  apiKeys,
  contacts,
  invitations,
  members,
  organizations,
  roleAssignments,
  roles,
  teamMembers,
  teams,
} from '../../src/db/schema'
import {
  boards,
  comments,
  feedbackSettings,
  postStatuses,
  posts,
  tags,
  votes,
} from '../../src/db/schema/feedback'
import { type SystemRoleKey, systemRoleKeys, type TicketSharing } from '../../src/db/schema/identity'
import { views } from '../../src/db/schema/views'
import { widgetProfiles } from '../../src/db/schema/widget-profiles'
import { idToUuid, type MemberId, newId, type TeamId, uuidToId, type WorkspaceId } from '../../src/ids'
import { createTestApp, type TestApp } from '../harness'

/**
 * The differential test: for many generated actors (roles workspace-wide and per team, custom roles, team
 * memberships, organisations with each sharing mode, API keys with random scopes and team limits, anonymous
 * visitors of widget profiles) and every
 * resource of every type, the compiled SQL predicate, its in-memory twin and `oso.isAllowed` must agree.
 */

// A small seeded PRNG so that a failure names a seed that reproduces it.
const seed = Number(process.env.AUTHZ_SEED ?? 20261126)
function mulberry32(a: number) {
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = mulberry32(seed)
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
const some = <T>(items: readonly T[], p: number): T[] => items.filter(() => random() < p)

const checkedTypes = allResourceTypes().filter((t) => resourceSpec(t).prefix !== undefined)

/** The anonymous visitors (their `Loopdesk-Visitor-Id`) who wrote posts and voted. */
const visitorIds = ['visitor-0123456789abcdef', 'visitor-fedcba9876543210']

interface World {
  workspaceId: WorkspaceId
  teamIds: TeamId[]
  memberIds: MemberId[]
}

async function buildWorld(t: TestApp, customRoleCount: number): Promise<World> {
  const { workspaceId } = await t.newWorkspace('Differential')
  const db = t.database.db
  const teamIds: TeamId[] = []
  for (let i = 0; i < 3; i++) teamIds.push((await t.newTeam(workspaceId, `Team ${i}`)).id)
  const roleIds = []
  for (let i = 0; i < customRoleCount; i++) {
    const [role] = await db
      .insert(roles)
      .values({ id: newId('role'), workspaceId, name: `Custom ${i}`, permissions: some(allPermissions, 0.3) })
      .returning()
    roleIds.push(role!.id)
  }
  const memberIds: MemberId[] = []
  for (let i = 0; i < 14; i++) {
    const [member] = await db
      .insert(members)
      .values({ id: newId('mbr'), workspaceId, email: `m${i}-${random()}@diff.test`, name: `M${i}` })
      .returning()
    memberIds.push(member!.id)
    const assignments = Math.floor(random() * 3)
    for (let a = 0; a < assignments; a++) {
      const custom = roleIds.length > 0 && random() < 0.3
      await db
        .insert(roleAssignments)
        .values({
          workspaceId,
          memberId: member!.id,
          systemRole: custom ? null : pick(systemRoleKeys as readonly SystemRoleKey[]),
          roleId: custom ? pick(roleIds) : null,
          teamId: random() < 0.4 ? pick(teamIds) : null,
        })
        .onConflictDoNothing()
    }
    for (const teamId of some(teamIds, 0.4)) {
      await db.insert(teamMembers).values({ workspaceId, teamId, memberId: member!.id })
    }
  }
  const orgIds = []
  for (const sharing of ['none', 'members_read', 'members_reply'] as TicketSharing[]) {
    const [org] = await db
      .insert(organizations)
      .values({ id: newId('org'), workspaceId, name: `Org ${sharing}`, ticketSharing: sharing })
      .returning()
    orgIds.push(org!.id)
  }
  for (let i = 0; i < 8; i++) {
    await db.insert(contacts).values({
      id: newId('ct'),
      workspaceId,
      email: `c${i}-${random()}@diff.test`,
      organizationId: random() < 0.7 ? pick(orgIds) : null,
    })
  }
  for (let i = 0; i < 8; i++) {
    await db.insert(apiKeys).values({
      id: newId('ak'),
      workspaceId,
      memberId: pick(memberIds),
      name: `k${i}`,
      start: `ld_diff${i}`,
      secretHash: `${i}`.padStart(64, '0'),
      scopes: some(allScopes, 0.25),
      teamIds: random() < 0.4 ? some(teamIds, 0.5).map((id) => idToUuid(id)) : [],
    })
  }
  // Feedback: boards with every audience and access level, statuses and tags.
  const levels = ['anyone', 'contacts', 'staff'] as const
  const boardIds = []
  for (let i = 0; i < 8; i++) {
    const boardId = newId('brd')
    boardIds.push(boardId)
    await db.insert(boards).values({
      id: boardId,
      workspaceId,
      name: `Board ${i}`,
      slug: `board-${i}`,
      audience: pick(['public', 'authenticated', 'staff'] as const),
      viewAccess: pick(levels),
      postAccess: pick(levels),
      voteAccess: pick(levels),
      commentAccess: pick(levels),
      oneWay: random() < 0.4,
    })
  }
  // The first world switches anonymous actions at random; the second has no settings row (all off).
  if (customRoleCount > 1) {
    await db.insert(feedbackSettings).values({
      workspaceId,
      anonymousPosting: random() < 0.7,
      anonymousVoting: random() < 0.7,
      anonymousCommenting: random() < 0.7,
    })
  }
  await db
    .insert(postStatuses)
    .values({ id: newId('pst'), workspaceId, name: 'Open', category: 'open', position: 0 })
  await db.insert(tags).values({ id: newId('tag'), workspaceId, name: 'Tag' })
  const contactIds = (
    await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.workspaceId, workspaceId))
  ).map((c) => c.id)
  const postIds = []
  for (let i = 0; i < 12; i++) {
    const postId = newId('post')
    postIds.push(postId)
    await db.insert(posts).values({
      id: postId,
      workspaceId,
      boardId: pick(boardIds),
      title: `Post ${i}`,
      ...(random() < 0.6
        ? { authorContactId: pick(contactIds) }
        : random() < 0.6
          ? { authorVisitorId: pick(visitorIds) }
          : {}),
      moderation: pick(['approved', 'approved', 'pending', 'rejected'] as const),
    })
  }
  for (let i = 0; i < 10; i++) {
    const postId = pick(postIds)
    const [post] = await db.select({ boardId: posts.boardId }).from(posts).where(eq(posts.id, postId))
    const byContact = random() < 0.5
    await db.insert(comments).values({
      id: newId('cmt'),
      workspaceId,
      postId,
      boardId: post!.boardId,
      body: `Comment ${i}`,
      visibility: random() < 0.3 ? 'private' : 'public',
      authorContactId: byContact ? pick(contactIds) : null,
      authorMemberId: byContact ? null : pick(memberIds),
    })
  }
  for (const postId of some(postIds, 0.5)) {
    const roll = random()
    const voter =
      roll < 0.5
        ? { contactId: pick(contactIds) }
        : roll < 0.75
          ? { visitorId: pick(visitorIds) }
          : { memberId: pick(memberIds) }
    await db
      .insert(votes)
      .values({ id: newId('vote'), workspaceId, postId, ...voter })
      .onConflictDoNothing()
  }
  await db.insert(invitations).values({
    id: newId('inv'),
    workspaceId,
    email: `invitee-${random()}@diff.test`,
    systemRole: 'agent',
    tokenHash: `inv-${random()}`,
    expiresAt: new Date(Date.now() + 86_400_000),
  })
  for (let i = 0; i < 2; i++) {
    await db.insert(widgetProfiles).values({
      id: newId('wp'),
      workspaceId,
      name: `Profile ${i}`,
      allowedOrigins: ['https://www.diff.test'],
      publishableKey: `wpk_diff${i}${random()}`,
    })
  }
  for (let i = 0; i < 4; i++) {
    const sharing = pick(['personal', 'team', 'workspace'] as const)
    await db.insert(views).values({
      id: newId('view'),
      workspaceId,
      name: `View ${i}`,
      sharing,
      ownerId: pick(memberIds),
      teamId: sharing === 'team' ? pick(teamIds) : null,
    })
  }
  return { workspaceId, teamIds, memberIds }
}

/** Every actor of a world, as the policy sees it (loaded through the server's own loader code). */
async function actorsOf(t: TestApp, world: World): Promise<Principal[]> {
  const db = t.database.db
  const principals: Principal[] = []
  const byMember = new Map<string, ReturnType<typeof memberActor>>()
  for (const memberId of world.memberIds) {
    const grants = await loadMemberGrants(db, memberId)
    const member = memberActor(memberId, world.workspaceId, grants.assignments, grants.teamIds)
    byMember.set(memberId, member)
    principals.push(member)
  }
  const keys = await db.select().from(apiKeys).where(eq(apiKeys.workspaceId, world.workspaceId))
  for (const key of keys) {
    const member = byMember.get(key.memberId)
    if (!member) continue
    principals.push(
      new ApiKeyActor(
        key.id,
        world.workspaceId,
        key.scopes,
        key.teamIds.map((id) => uuidToId('team', id)),
        [],
        member,
      ),
    )
  }
  const people = await db
    .select({
      id: contacts.id,
      organizationId: contacts.organizationId,
      sharing: organizations.ticketSharing,
    })
    .from(contacts)
    .leftJoin(organizations, eq(organizations.id, contacts.organizationId))
    .where(eq(contacts.workspaceId, world.workspaceId))
  for (const c of people) {
    principals.push(
      new ContactActor(c.id, world.workspaceId, c.organizationId, (c.sharing ?? 'none') as TicketSharing),
    )
  }
  // Anonymous visitors: only rules written for VisitorActor may let them do anything.
  const profiles = await db
    .select({ id: widgetProfiles.id })
    .from(widgetProfiles)
    .where(eq(widgetProfiles.workspaceId, world.workspaceId))
  // Each as a visitor that sent no id; through the first profile also as each of the visitors whose posts
  // and votes the world has (a visitor's rules do not depend on the profile).
  for (const [i, profile] of profiles.entries()) {
    principals.push(new VisitorActor(profile.id, world.workspaceId))
    if (i > 0) continue
    for (const visitorId of visitorIds)
      principals.push(new VisitorActor(profile.id, world.workspaceId, visitorId))
  }
  return principals
}

/** Rows asked of Oso: all of a small type; of a large one, up to `perSide` of those allowed and of those denied. */
function sampleRows<R>(rows: R[], allowed: (row: R) => boolean, perSide = 5): Set<R> {
  if (rows.length <= perSide * 2) return new Set(rows)
  const take = (side: R[]) =>
    side.length <= perSide
      ? side
      : side
          .map((row) => ({ row, key: random() }))
          .sort((a, b) => a.key - b.key)
          .slice(0, perSide)
          .map(({ row }) => row)
  return new Set([...take(rows.filter(allowed)), ...take(rows.filter((r) => !allowed(r)))])
}

/** Every resource of `type` in the given workspaces, with the fields the policy reads. */
async function resourcesOf(t: TestApp, type: ResourceType, workspaceIds: WorkspaceId[]) {
  const spec = resourceSpec(type)
  const fields = spec.fields
  const rows = (await t.database.db
    .select(fields)
    .from(spec.table)
    .where(inArray(fields.workspaceId!, workspaceIds))) as Array<Record<string, unknown>>
  // Relation fields (Member.teamMemberships) are not attached: Oso fetches them through the
  // authorizer's adapter, from the same tables the compiled SQL reads.
  return rows
}

describe('compiled authorization filters', () => {
  let t: TestApp
  let worlds: World[]
  let principals: Principal[]

  beforeAll(async () => {
    t = await createTestApp()
    worlds = [await buildWorld(t, 3), await buildWorld(t, 1)]
    principals = [...(await actorsOf(t, worlds[0]!)), ...(await actorsOf(t, worlds[1]!)).slice(0, 6)]
  }, 120_000)

  it(`agree with oso.isAllowed on every (actor, action, resource) (seed ${seed})`, async () => {
    const authorizer = t.deps.authorizer
    const workspaceIds = worlds.map((w) => w.workspaceId)
    let pairs = 0
    let osoPairs = 0
    let allowedPairs = 0
    const mismatches: string[] = []
    for (const type of checkedTypes) {
      const spec = resourceSpec(type)
      const rows = await resourcesOf(t, type, workspaceIds)
      const idColumn = spec.fields.id!
      for (const principal of principals) {
        for (const action of Object.keys(spec.actions)) {
          const filter = await authorizer.compile(principal, action, type)
          const visible = await t.database.db
            .select({ id: idColumn })
            .from(spec.table)
            .where(and(eq(spec.fields.workspaceId!, principal.workspaceId), filter.where))
          const bySql = new Set(visible.map((v) => v.id as string))
          // The compiled SQL and its in-memory twin are compared on every row (cheap); `oso.isAllowed`, which
          // fetches relations row by row, on every row of small types and on a seeded sample of the rows each
          // side allows and denies of large ones, so every run still crosses each outcome of every
          // (actor, action, type) and the suite stays within CI's time.
          const sampled = sampleRows(rows, (row) => bySql.has(row.id as string))
          for (const row of rows) {
            const fromSql = bySql.has(row.id as string)
            // Filters hold within the actor's workspace, where services apply them.
            const inScope = row.workspaceId === principal.workspaceId
            const inMemory = inScope && (filter.test ? filter.test(row) : fromSql)
            pairs += 1
            if (fromSql !== inMemory) {
              mismatches.push(
                `${principal.constructor.name} ${principal.id} ${action} ${type} ${row.id}: sql=${fromSql} memory=${inMemory}`,
              )
            }
            if (!sampled.has(row)) continue
            const expected = await authorizer.isAllowed(principal, action, instance(type, row))
            osoPairs += 1
            if (expected) allowedPairs += 1
            if (expected !== fromSql) {
              mismatches.push(
                `${principal.constructor.name} ${principal.id} ${action} ${type} ${row.id}: oso=${expected} sql=${fromSql} memory=${inMemory}`,
              )
            }
          }
        }
      }
    }
    console.info(
      `authz differential: ${pairs} (actor, action, resource) pairs, ${osoPairs} asked of Oso, ${allowedPairs} allowed, seed ${seed}`,
    )
    expect(mismatches.slice(0, 20)).toEqual([])
    // The generated world must exercise both outcomes broadly, or the agreement proves little.
    expect(osoPairs).toBeGreaterThan(5_000)
    expect(allowedPairs).toBeGreaterThan(osoPairs * 0.05)
    expect(allowedPairs).toBeLessThan(osoPairs * 0.95)
  }, 600_000)

  it(`answer "who may" as asking each member does, and as the policy does for teams (seed ${seed})`, async () => {
    let checked = 0
    for (const world of worlds) {
      // Some members leave: "who may" counts active members only.
      const gone = world.memberIds.filter(() => random() < 0.15)
      if (gone.length > 0) {
        await t.database.db.update(members).set({ status: 'deactivated' }).where(inArray(members.id, gone))
      }
      // Everyone of the workspace, its owner included.
      const everyone = (
        await t.database.db
          .select({ id: members.id })
          .from(members)
          .where(eq(members.workspaceId, world.workspaceId))
      ).map((m) => m.id as MemberId)
      const loaded = new Map<string, ReturnType<typeof memberActor>>()
      for (const memberId of everyone) {
        const grants = await loadMemberGrants(t.database.db, memberId)
        loaded.set(memberId, memberActor(memberId, world.workspaceId, grants.assignments, grants.teamIds))
      }
      const active = everyone.filter((id) => !gone.includes(id))
      const oso = await t.deps.authorizer.oso
      for (const permission of allPermissions) {
        const workspaceWide = active.filter((id) => loaded.get(id)!.can(permission)).sort()
        expect(await membersWith(t.database.db, world.workspaceId, permission), permission).toEqual(
          workspaceWide,
        )
        for (const teamId of world.teamIds) {
          const inTeam = active
            .filter(
              (id) =>
                loaded.get(id)!.can(permission) || loaded.get(id)!.teamsWith(permission).includes(teamId),
            )
            .sort()
          const answer = await membersWith(t.database.db, world.workspaceId, permission, { teamId })
          expect(answer, `${permission} in ${teamId}`).toEqual(inTeam)
          if (permission === 'teams.manage') {
            // The policy itself: who may update this team is who holds teams.manage for it.
            const team = instance('Team', { id: teamId, workspaceId: world.workspaceId })
            const allowed = []
            for (const id of active)
              if (await oso.isAllowed(loaded.get(id)!, 'update', team)) allowed.push(id)
            expect(answer, `policy: update ${teamId}`).toEqual(allowed.sort())
          }
          checked += 1
        }
      }
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('renders a member of many teams as one IN list, not one disjunct per team', async () => {
    const world = worlds[0]!
    const member = memberActor(
      world.memberIds[0]!,
      world.workspaceId,
      world.teamIds.map((teamId) => ({
        systemRole: 'supervisor',
        roleId: null,
        roleName: 'Supervisor',
        teamId,
        permissions: ['teams.manage'],
      })),
      [],
    )
    const filter = await t.deps.authorizer.compile(member, 'update', 'Team')
    const rendered = t.database.db.select().from(teams).where(filter.where).toSQL()
    expect(rendered.sql).toMatch(/"teams"."id" in \(\$1, \$2, \$3\)/)
    expect(rendered.sql.match(/ or /g) ?? []).toHaveLength(0)
  })

  it('compiles a grant of the whole workspace to the unrestricted predicate', async () => {
    const world = worlds[0]!
    const reader = memberActor(
      world.memberIds[0]!,
      world.workspaceId,
      [
        {
          systemRole: 'viewer',
          roleId: null,
          roleName: 'Viewer',
          teamId: null,
          permissions: ['contacts.read'],
        },
      ],
      [],
    )
    const filter = await t.deps.authorizer.compile(reader, 'read', 'Contact')
    expect(filter.all).toBe(true)
    expect(filter.where).toBe(unrestricted)
  })

  it('compiles a denial to a constant false', async () => {
    const world = worlds[0]!
    const nobody = memberActor(world.memberIds[0]!, world.workspaceId, [], [])
    const denied = await t.deps.authorizer.compile(nobody, 'update', 'Contact')
    expect(denied.none).toBe(true)
    const sqlText = t.database.db.select().from(contacts).where(denied.where).toSQL().sql
    expect(sqlText).toContain('false')
  })
})
