import { type AnyColumn, type SQL, sql } from 'drizzle-orm'

/**
 * `column = any(…)` over uuids sent as one text parameter: the statement's text is the same for any number of
 * ids, so the driver prepares it once (an `in ($1, …, $n)` list is a new statement, and a round trip to
 * describe it, for every n).
 */
export function anyOf(column: AnyColumn, uuids: string[]): SQL {
  return sql`${column} = any(string_to_array(${uuids.join(',')}, ',')::uuid[])`
}
