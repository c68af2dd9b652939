import type { SQL } from 'drizzle-orm'
import type { ServiceContext } from '../context/service'
import { forbidden } from './authorizer'
import type { CompiledFilter } from './filter'
import type { ResourceType } from './resources'

/**
 * How services ask the policy. Every answer comes from a compiled filter (cached per actor and authz
 * version), so a list, a single read and a write all cost a map lookup once warm:
 *
 *   const where = await listFilter(ctx, 'Contact')            // AND it into the list query
 *   const read = await filterFor(ctx, 'read', 'Contact')       // WHERE id = $1 AND read.where → 404 if none
 *   await assertAllowed(ctx, 'update', 'Contact', row)         // 403 naming the missing permission
 */
export async function filterFor(
  ctx: ServiceContext,
  action: string,
  type: ResourceType,
): Promise<CompiledFilter> {
  const principal = await ctx.principal()
  return ctx.authorizer.filter(principal, ctx.authzKey, action, type)
}

/** The read predicate for a list; 403 when the actor may read nothing of this type at all. */
export async function listFilter(ctx: ServiceContext, type: ResourceType, action = 'read'): Promise<SQL> {
  const filter = await filterFor(ctx, action, type)
  if (filter.none) throw forbidden(await ctx.principal(), type, action)
  return filter.where
}

/**
 * Throw 403 unless the actor may `action` the row (already read through the read filter, so it is
 * visible). `row` carries the type's policy fields (id, workspaceId, …).
 */
export async function assertAllowed(
  ctx: ServiceContext,
  action: string,
  type: ResourceType,
  row: Record<string, unknown>,
): Promise<void> {
  if (!(await isAllowedRow(ctx, action, type, row))) throw forbidden(await ctx.principal(), type, action)
}

/** The decision for one row held in memory. Types whose policy follows relations decide in SQL instead. */
export async function isAllowedRow(
  ctx: ServiceContext,
  action: string,
  type: ResourceType,
  row: Record<string, unknown>,
): Promise<boolean> {
  const filter = await filterFor(ctx, action, type)
  if (filter.none) return false
  if (filter.all) return true
  if (!filter.test) throw new Error(`authz: ${type}.${action} follows a relation; decide it in SQL`)
  return filter.test(row)
}
