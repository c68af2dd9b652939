import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '../db/database'
import { members, roleAssignments, roles } from '../db/schema'
import type { SystemRoleKey } from '../db/schema/identity'
import type { MemberId } from '../ids'
import { type Permission, systemRoles } from './permissions'

/**
 * "Who may": the active members of a workspace holding `permission`, read from the same definitions the policy
 * reads (the system roles of src/authz/permissions.ts, custom roles in the database, role assignments). In the
 * policy's words (src/authz/principal.ts): without `teamId`, exactly the members `m` with `m.can(permission)`
 * (a workspace-wide grant); with `teamId`, also those with `teamId in m.teamsWith(permission)` (a grant scoped
 * to that team), which is what the team rules of the Polar policies accept for a resource of that team.
 * One query, whatever the number of members: notification fan-out and assignment checks call this instead of
 * asking the policy member by member. The differential test holds it to the loaded principals and to Oso.
 */
export async function membersWith(
  db: Db,
  workspaceId: string,
  permission: Permission,
  scope: { teamId?: string } = {},
): Promise<MemberId[]> {
  const systemKeys = (Object.keys(systemRoles) as SystemRoleKey[]).filter((key) =>
    systemRoles[key].permissions.includes(permission),
  )
  const rows = await db
    .selectDistinct({ id: members.id })
    .from(members)
    .innerJoin(roleAssignments, eq(roleAssignments.memberId, members.id))
    .leftJoin(roles, eq(roles.id, roleAssignments.roleId))
    .where(
      and(
        eq(members.workspaceId, workspaceId as never),
        eq(members.status, 'active'),
        scope.teamId
          ? or(isNull(roleAssignments.teamId), eq(roleAssignments.teamId, scope.teamId as never))
          : isNull(roleAssignments.teamId),
        or(
          systemKeys.length > 0 ? inArray(roleAssignments.systemRole, systemKeys) : sql`false`,
          sql`${permission} = any(${roles.permissions})`,
        ),
      ),
    )
    .orderBy(members.id)
  return rows.map((r) => r.id)
}
