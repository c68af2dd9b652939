import { getTableColumns } from 'drizzle-orm'
import { changelogEntries } from '../../db/schema/changelog'

const { search: _search, ...columns } = getTableColumns(changelogEntries)
/** An entry's columns without its search document (written by PostgreSQL, read only by search). */
export const entryColumns = columns
export type EntryRow = Omit<typeof changelogEntries.$inferSelect, 'search'>

/** An entry as events carry it: no body (webhook receivers fetch it when they need it). */
export const eventEntry = (e: EntryRow) => ({
  id: e.id,
  title: e.title,
  categories: e.categories,
  linkedPostIds: e.linkedPostIds,
  state: e.state,
  publishAt: e.publishAt?.toISOString() ?? null,
  publishedAt: e.publishedAt?.toISOString() ?? null,
  displayDate: e.sortDate.toISOString(),
  audience: e.audience,
  effectiveAudience: e.effectiveAudience,
})
