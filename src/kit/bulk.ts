import type { ZodType } from 'zod'
import type { ServiceContext } from '../context/service'
import type { Db } from '../db/database'
import { ApiError, type ProblemBody, problemBody, validationFailed } from '../http/errors'
import { fieldErrors } from '../http/problems'

/** One item's answer in a bulk response: 201 or 200 with the record's id, or the item's problem. */
export interface BulkResult<Id extends string = string> {
  index: number
  status: number
  id?: Id
  error?: ProblemBody
}

/**
 * Apply the items of a bulk request in order, in one transaction. Each item is checked against
 * `itemSchema` (the spec's create request: checked here, not as part of the envelope, so a bad item fails
 * alone; its errors are named `body.items.<index>.…`). `apply` must write in a savepoint of `tx`, so that a
 * failed item never undoes the others. `explain` may turn an error that is not an `ApiError` into one; any
 * other error fails the whole request.
 *
 * @example applyBulk(ctx, items, schema, (tx, input, at) => upsertIn(tx, ctx, input, at))
 */
export async function applyBulk<Input, Id extends string>(
  ctx: ServiceContext,
  items: unknown[],
  itemSchema: ZodType,
  apply: (tx: Db, input: Input, at: string) => Promise<{ row: { id: Id }; created: boolean }>,
  explain: (error: unknown, item: unknown, at: string) => unknown = (error) => error,
): Promise<BulkResult<Id>[]> {
  const results: BulkResult<Id>[] = []
  await ctx.db.transaction(async (tx) => {
    for (const [index, item] of items.entries()) {
      const at = `body.items.${index}`
      try {
        const parsed = itemSchema.safeParse(item)
        if (!parsed.success) throw validationFailed(fieldErrors(parsed.error, at))
        const { row, created } = await apply(tx, parsed.data as Input, at)
        results.push({ index, status: created ? 201 : 200, id: row.id })
      } catch (caught) {
        const error = explain(caught, item, at)
        if (!(error instanceof ApiError)) throw error
        results.push({ index, status: error.status, error: problemBody(error, ctx.requestId) })
      }
    }
  })
  return results
}
