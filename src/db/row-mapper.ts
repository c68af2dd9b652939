import { Column, is, noopDecoder, SQL, Subquery } from 'drizzle-orm'

/** What drizzle keeps of a selection on a prepared query: each value's place in the row and its column or SQL. */
interface SelectedField {
  path: string[]
  field: unknown
}

interface Decoder {
  mapFromDriverValue(value: unknown): unknown
}

/** `SQL`'s decoder, which its types keep internal (set by `.mapWith`). */
const decoderOfSql = (query: SQL) => (query as unknown as { decoder: Decoder }).decoder

/** The decoder drizzle's `mapResultRow` picks for a selected field. */
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field
  if (is(field, SQL)) return decoderOfSql(field)
  if (is(field, Subquery)) return decoderOfSql((field as unknown as { _: { sql: SQL } })._.sql)
  return decoderOfSql((field as { sql: SQL }).sql)
}

/** Decoders that hand the value back as it is: plain columns (text, uuid, boolean...) and untyped SQL. */
const passesThrough = (decoder: Decoder) =>
  decoder.mapFromDriverValue === Column.prototype.mapFromDriverValue ||
  decoder.mapFromDriverValue === noopDecoder.mapFromDriverValue

/**
 * drizzle's row mapping, decided once per prepared statement instead of once per value. drizzle's own
 * `mapResultRow` works out each value's decoder (three `is` checks walking prototype chains) and walks its path
 * with an iterator, for every value of every row: on a 25-row list that was a tenth of a request's time in Node.
 * This mapper does that work when the statement is prepared and leaves a loop of decoder calls; the objects it
 * makes are the same (same keys, same order, same decoders), which `test/db/row-mapper.test.ts` checks against
 * drizzle's on both drivers.
 *
 * Flat selections only (`select()` of one table, or `select({ a: col, b: sql… })`): nested selections and joins
 * keep drizzle's mapping, whose nullification of absent joined rows this does not repeat.
 */
export function flatRowMapper(
  fields: readonly SelectedField[],
): ((rows: unknown[][]) => unknown[]) | undefined {
  if (fields.some((f) => f.path.length !== 1)) return undefined
  const keys = fields.map((f) => f.path[0] as string)
  const decoders = fields.map((f) => {
    const decoder = decoderOf(f.field)
    return passesThrough(decoder) ? undefined : (value: unknown) => decoder.mapFromDriverValue(value)
  })
  const width = keys.length
  return (rows) => {
    const mapped = new Array<Record<string, unknown>>(rows.length)
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as unknown[]
      const object: Record<string, unknown> = {}
      for (let i = 0; i < width; i++) {
        const value = row[i]
        const decode = decoders[i]
        object[keys[i] as string] = value === null ? null : decode ? decode(value) : value
      }
      mapped[r] = object
    }
    return mapped
  }
}

/**
 * Give a prepared drizzle select the flat mapper (above), when its selection is flat and it has no mapper of its
 * own. Both drivers' prepared queries keep the selection as `fields` and call `customResultMapper(rows)` with the
 * rows as arrays when one is set; anything else is left as it is.
 */
export function withFlatRows<T>(query: T): T {
  const q = query as { fields?: unknown; customResultMapper?: unknown }
  if (q && Array.isArray(q.fields) && q.customResultMapper === undefined) {
    const mapper = flatRowMapper(q.fields as SelectedField[])
    if (mapper) q.customResultMapper = mapper
  }
  return query
}
