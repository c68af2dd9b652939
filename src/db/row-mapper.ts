import { Column, DrizzleQueryError, fillPlaceholders, is, noopDecoder, SQL, Subquery } from 'drizzle-orm'
import { NoopCache } from 'drizzle-orm/cache/core'
import { PgTimestamp } from 'drizzle-orm/pg-core'
import { PostgresJsPreparedQuery } from 'drizzle-orm/postgres-js/session'

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
 * makes are the same (same keys, same order, same decoders), which `test/db.test.ts` checks against
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
    if (passesThrough(decoder)) return undefined
    if (is(decoder, PgTimestamp) && decoder.withTimezone) return timestamptzOf
    return (value: unknown) => decoder.mapFromDriverValue(value)
  })
  return compiledRowMapper(keys, decoders) ?? loopRowMapper(keys, decoders)
}

type ValueDecoder = ((value: unknown) => unknown) | undefined
type RowMapper = (rows: unknown[][]) => unknown[]

/**
 * Set when the engine refuses to compile code from strings. Workers refuse it while serving a request (though
 * not while loading the module, so it cannot be asked once up front): their rows take the loop.
 */
let compileRefused = false

/**
 * The code of each selection shape (its keys, and which of them decode): statements prepared on a transaction's
 * handle are built again for every transaction, and compiling is far dearer than mapping (tens of µs). The
 * code takes the decoders as its argument, so statements of one shape share it.
 */
const compiledShapes = new Map<string, (decoders: ValueDecoder[]) => RowMapper>()

/**
 * The mapper as code written for this selection: each row one object literal of its keys. A loop of keyed
 * stores grows each object's property storage as it goes and cannot be optimised for one shape; the literal is
 * one allocation of a known shape (measured on a 16-column, 25-row page: 7 µs with the loop, 1 µs compiled).
 * Keys are quoted with JSON.stringify; a `__proto__` key, which a literal would take as the prototype, is left
 * to the loop.
 */
export function compiledRowMapper(keys: string[], decoders: ValueDecoder[]): RowMapper | undefined {
  if (compileRefused || keys.includes('__proto__')) return undefined
  const shape = `${decoders.map((decode) => (decode ? 'd' : '-')).join('')}${JSON.stringify(keys)}`
  let compiled = compiledShapes.get(shape)
  if (!compiled) {
    const named = decoders.map((decode, i) => (decode ? `const d${i} = d[${i}]` : '')).join('\n')
    const values = keys.map((_, i) => `const v${i} = row[${i}]`).join('\n')
    const properties = keys
      .map(
        (key, i) =>
          `${JSON.stringify(key)}: v${i} === null ? null : ${decoders[i] ? `d${i}(v${i})` : `v${i}`}`,
      )
      .join(',\n')
    const source = `${named}
    return function mapRows(rows) {
      const mapped = new Array(rows.length)
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]
        ${values}
        mapped[r] = {${properties}}
      }
      return mapped
    }`
    try {
      compiled = new Function('d', source) as (decoders: ValueDecoder[]) => RowMapper
    } catch (error) {
      if (!(error instanceof EvalError)) throw error
      compileRefused = true
      return undefined
    }
    compiledShapes.set(shape, compiled)
  }
  return compiled(decoders)
}

export function loopRowMapper(keys: string[], decoders: ValueDecoder[]): RowMapper {
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
    if (mapper) {
      q.customResultMapper = mapper
      if (is(query, PostgresJsPreparedQuery) && uncached(query)) {
        Object.defineProperty(query, 'execute', { value: executeLean, writable: true, configurable: true })
      }
    }
  }
  return query
}

/** What `executeLean` reads of a postgres.js prepared query (fields drizzle keeps internal). */
interface LeanQuery {
  client: {
    unsafe(
      query: string,
      params: unknown[],
      options: { prepare: boolean },
    ): { values(): Promise<unknown[][]> }
  }
  queryString: string
  params: unknown[]
  prepare: boolean
  logger: { logQuery(query: string, params: unknown[]): void }
  customResultMapper: (rows: unknown[][]) => unknown[]
  cache?: unknown
  queryMetadata?: unknown
}

/** drizzle's own query cache is off for this query (we configure none): its `execute` would only pass through. */
const uncached = (query: unknown) => {
  const q = query as LeanQuery
  return q.cache === undefined || is(q.cache, NoopCache) || q.queryMetadata === undefined
}

/**
 * A flat prepared select on postgres.js, run as drizzle's `execute` runs it (placeholders filled, the logger
 * told, the rows fetched as arrays and mapped, a failure wrapped in `DrizzleQueryError`) without the layers
 * around it that do nothing here: three tracing spans (no OpenTelemetry is loaded), the cache lookup (no cache)
 * and the promise each of them adds (CPU profile of `GET /v1/help-center/articles`: about 8 µs of drizzle's own
 * code a statement, and the microtasks of its awaits). The query's `client` is whatever it is bound to: a
 * rebound copy (`reusable`) runs on its caller's connection. `test/db.test.ts` checks its rows against drizzle's,
 * its logging and its failures.
 */
function executeLean(this: LeanQuery, placeholderValues: Record<string, unknown> = {}): Promise<unknown[]> {
  let params: unknown[]
  let rows: Promise<unknown[][]>
  try {
    params = fillPlaceholders(this.params, placeholderValues)
    this.logger.logQuery(this.queryString, params)
    rows = this.client.unsafe(this.queryString, params, { prepare: this.prepare }).values()
  } catch (error) {
    // As from drizzle's async `execute`: a rejection, never a throw.
    return Promise.reject(error)
  }
  return rows.then(
    (values) => this.customResultMapper(values),
    (error: unknown) => {
      throw new DrizzleQueryError(this.queryString, params, error as Error)
    },
  )
}

const digit = (text: string, at: number) => text.charCodeAt(at) - 48
const twoDigits = (text: string, at: number) => digit(text, at) * 10 + digit(text, at + 1)

/**
 * A `timestamptz` as PostgreSQL writes it (DateStyle ISO: `2026-12-06 01:11:10.123+00`, the offset as `±HH` or
 * `±HH:MM`, up to three fraction digits, as our `timestamptz(3)` columns have) read by hand: the engine's
 * `Date` parser, which drizzle's column uses, takes half again as long for this format. Anything else (a
 * year before 1000 or after 9999, BC, `infinity`, an offset with seconds, more fraction digits) goes to that
 * parser as drizzle's column would send it. A value that is not text (PGlite's `Date`s) is kept.
 */
export function timestamptzOf(value: unknown): unknown {
  if (typeof value !== 'string') return value
  const text = value
  const length = text.length
  // 19 characters of date and time, then a fraction, then the offset.
  if (length < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(0) === 48) {
    return new Date(text)
  }
  let at = 19
  let ms = 0
  if (text.charCodeAt(at) === 46) {
    let scale = 100
    for (at = 20; at < length && at < 24; at++) {
      const d = digit(text, at)
      if (d < 0 || d > 9) break
      ms += d * scale
      scale /= 10
    }
    if (at === 20 || at === 24) return new Date(text) // no digit, or more than three
  }
  const sign = text.charCodeAt(at)
  const offsetLength = length - at
  if ((sign !== 43 && sign !== 45) || (offsetLength !== 3 && offsetLength !== 6)) return new Date(text)
  let offsetMinutes = twoDigits(text, at + 1) * 60
  if (offsetLength === 6) offsetMinutes += twoDigits(text, at + 4)
  const utc = Date.UTC(
    digit(text, 0) * 1000 + digit(text, 1) * 100 + twoDigits(text, 2),
    twoDigits(text, 5) - 1,
    twoDigits(text, 8),
    twoDigits(text, 11),
    twoDigits(text, 14),
    twoDigits(text, 17),
    ms,
  )
  const local = sign === 43 ? utc - offsetMinutes * 60_000 : utc + offsetMinutes * 60_000
  return Number.isNaN(local) ? new Date(text) : new Date(local)
}
