import type { ZodType } from 'zod'
import { assertAllowed, filterFor } from '../authz/guard'
import type { ResourceType } from '../authz/resources'
import type { ServiceContext } from '../context/service'
import type { Db } from '../db/database'
import { isUniqueViolation } from '../db/errors'
import { ApiError } from '../http/errors'
import { applyBulk, type BulkResult } from './bulk'

/**
 * The CRM-sync kit: records a CRM keeps in step by its own id (`externalId`, unique per workspace) get the same
 * three writes (contacts and organisations now, tickets next):
 * - `createSynced`: insert, answering a concurrent writer's unique violation with the 409 the pre-checks give;
 * - `upsertByExternalId` (`PUT …/by-external-id/{externalId}`): update the holder or create it, retried once
 *   when a concurrent first write of the same `externalId` won the race, so both converge on one record;
 * - `bulkUpsert` (`POST …/bulk`): up to 1,000 items in order, each in its own savepoint, answered per item.
 *
 * A type describes how to find, insert and change its rows; every write checks the policy and emits its event
 * there, so the kit adds no rule of its own.
 */
export interface SyncedType<Row extends { id: string }, Input extends { externalId?: string | null }> {
  /** The policy's type (its `read`, `create` and `update` filters are compiled before any transaction). */
  type: ResourceType
  /** The record holding `externalId`, locked for the change and visible to the caller; undefined when none. */
  findByExternalId(ctx: ServiceContext, tx: Db, externalId: string): Promise<Row | undefined>
  /** Insert a record (checking `create` and emitting `*.created`). `at` prefixes field paths in errors. */
  insert(ctx: ServiceContext, tx: Db, input: Input, at: string): Promise<Row>
  /** Change a locked record (checking `update`; emitting `*.updated` with `previous`; no change, no write). */
  update(
    ctx: ServiceContext,
    tx: Db,
    current: Row,
    input: Omit<Input, 'externalId'>,
    at: string,
  ): Promise<Row>
  /**
   * After a unique violation the pre-checks could not see (a concurrent writer): the 409 they would have given,
   * read on `db` (the pool, or the transaction around a savepoint); undefined when it cannot be named.
   */
  conflict(ctx: ServiceContext, db: Db, input: Input, at: string): Promise<ApiError | undefined>
}

interface WriteOptions {
  /** The pool (one transaction per write) or a bulk request's transaction (a savepoint per write). */
  db?: Db
  /** Field paths in errors start here: `body`, or `body.items.<i>` in a bulk request. */
  at?: string
}

/**
 * The caller's policy view and filters, compiled before the transaction: a first compile inside it would read
 * through the pool, which on PGlite's single connection waits for the transaction forever.
 */
async function warm(ctx: ServiceContext, type: ResourceType) {
  await Promise.all(['read', 'create', 'update'].map((action) => filterFor(ctx, action, type)))
}

async function explain<Row extends { id: string }, Input extends { externalId?: string | null }>(
  kind: SyncedType<Row, Input>,
  ctx: ServiceContext,
  db: Db,
  input: Input,
  at: string,
  error: unknown,
): Promise<unknown> {
  if (!isUniqueViolation(error)) return error
  return (
    (await kind.conflict(ctx, db, input, at)) ??
    new ApiError('conflict', 'A concurrent change took a value that must be unique; retry')
  )
}

/** Insert a record in its own transaction (or savepoint). */
export async function createSynced<Row extends { id: string }, Input extends { externalId?: string | null }>(
  kind: SyncedType<Row, Input>,
  ctx: ServiceContext,
  input: Input,
  { db = ctx.db, at = 'body' }: WriteOptions = {},
): Promise<Row> {
  await warm(ctx, kind.type)
  try {
    return await db.transaction((tx) => kind.insert(ctx, tx, input, at))
  } catch (error) {
    throw await explain(kind, ctx, db, input, at, error)
  }
}

/**
 * Create or update the record with `externalId` (the CRM sync write). Fields left out keep their value.
 * Two concurrent first writes of one `externalId` both miss and both insert: the loser's unique violation
 * rolls its attempt back and it retries once, finding and updating the winner's record.
 */
export async function upsertByExternalId<
  Row extends { id: string },
  Input extends { externalId?: string | null },
>(
  kind: SyncedType<Row, Input>,
  ctx: ServiceContext,
  externalId: string,
  input: Input,
  { db = ctx.db, at = 'body' }: WriteOptions = {},
): Promise<{ row: Row; created: boolean }> {
  await warm(ctx, kind.type)
  const attempt = () =>
    db.transaction(async (tx) => {
      const current = await kind.findByExternalId(ctx, tx, externalId)
      if (current) {
        // The holder keeps its externalId (through a merged holder, its own): change the rest.
        const { externalId: _, ...changes } = input
        return { row: await kind.update(ctx, tx, current, changes, at), created: false }
      }
      return { row: await kind.insert(ctx, tx, { ...input, externalId }, at), created: true }
    })
  try {
    return await attempt()
  } catch (error) {
    if (!lostRace(error, at)) throw error
  }
  try {
    return await attempt()
  } catch (error) {
    throw await explain(kind, ctx, db, { ...input, externalId }, at, error)
  }
}

/**
 * A concurrent first write of the same `externalId` committed between our lookup and our insert: the insert's
 * unique violation, or (when it committed before the insert's own pre-check ran) that pre-check's problem naming
 * `externalId`. Either way the retry finds the winner's record and updates it.
 */
const lostRace = (error: unknown, at: string) =>
  isUniqueViolation(error) ||
  (error instanceof ApiError && (error.extra.errors ?? []).some((e) => e.path === `${at}.externalId`))

/**
 * Apply up to 1,000 items in order, each in its own savepoint: a bad item is answered with its problem and
 * never undoes the others. Items with an `externalId` upsert; the others create. Each item is checked against
 * `itemSchema` (the spec's create request) here, not as part of the envelope, so a bad item fails alone.
 */
export async function bulkUpsert<Row extends { id: string }, Input extends { externalId?: string | null }>(
  kind: SyncedType<Row, Input>,
  ctx: ServiceContext,
  items: unknown[],
  itemSchema: ZodType,
): Promise<BulkResult<Row['id']>[]> {
  // A caller who may create nothing of the type gets one 403, not a thousand.
  await assertAllowed(ctx, 'create', kind.type, { workspaceId: ctx.workspaceId })
  await warm(ctx, kind.type)
  return applyBulk(ctx, items, itemSchema, async (tx, input: Input, at) =>
    input.externalId
      ? upsertByExternalId(kind, ctx, input.externalId, input, { db: tx, at })
      : { row: await createSynced(kind, ctx, input, { db: tx, at }), created: true },
  )
}
