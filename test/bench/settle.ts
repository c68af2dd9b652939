import type postgres from 'postgres'

/**
 * Bring a freshly bulk-loaded database to the state of one in use before anything is measured on it:
 * - `vacuum analyze`: planner statistics, the visibility map, GIN indexes' pending lists merged (a bulk load
 *   leaves up to 4 MB of them, which every search would scan);
 * - `checkpoint`: the load's dirty pages written now. Otherwise the checkpointer spreads those writes over the
 *   next minutes (`checkpoint_completion_target`), on the same 2 cores as the servers, and whichever target is
 *   measured first pays for them;
 * - then wait (at most `maxWaitMs`) until no autovacuum worker is busy on this database, for the same reason.
 * `sql` is a connection of the run's database, as its owner (`checkpoint` needs that or superuser).
 */
export async function settleDatabase(sql: postgres.Sql, maxWaitMs = 60_000): Promise<void> {
  await sql`vacuum analyze`
  await sql`checkpoint`
  const until = Date.now() + maxWaitMs
  while (Date.now() < until) {
    const [busy] = await sql<{ workers: number }[]>`
      select count(*)::int as workers from pg_stat_activity
      where backend_type = 'autovacuum worker' and datname = current_database()`
    if (!busy || busy.workers === 0) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}
