/** The Postgres error under a driver's or drizzle's wrapper (PGlite and postgres.js both carry `code`). */
export function pgErrorOf(
  error: unknown,
): { code?: string; message?: string; constraint?: string; constraint_name?: string } | undefined {
  let current: unknown = error
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown }
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate as never
    current = candidate.cause
  }
  return undefined
}

/** True for a unique violation, optionally of one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgErrorOf(error)
  if (pg?.code !== '23505') return false
  return constraint === undefined || (pg.constraint ?? pg.constraint_name) === constraint
}

/** True for a foreign-key violation, optionally of one named constraint. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  const pg = pgErrorOf(error)
  if (pg?.code !== '23503') return false
  return constraint === undefined || (pg.constraint ?? pg.constraint_name) === constraint
}
