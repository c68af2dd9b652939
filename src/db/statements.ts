import type { Logger } from 'drizzle-orm'

let observer: ((statement: string) => void) | undefined

/**
 * drizzle's logger on every database handle (both drivers, transactions included): it hands each statement
 * to the observer while one records, and costs one `undefined` check per statement otherwise.
 */
export const statementLogger: Logger = {
  logQuery(query) {
    observer?.(query)
  },
}

/**
 * Run `fn` and answer the SQL statements sent through drizzle meanwhile, in order (transaction control aside):
 * what the no-N+1 tests count per request. One recording at a time, in one process; statements of other work
 * running meanwhile in the process count too, so record requests one by one.
 */
export async function recordStatements<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  if (observer) throw new Error('statements are already being recorded')
  const statements: string[] = []
  observer = (statement) => statements.push(statement)
  try {
    return { result: await fn(), statements }
  } finally {
    observer = undefined
  }
}
