import { sql } from 'drizzle-orm'
import { filterFor } from '../../authz/guard'
import { queryRows } from '../../db/database'
import { changelogEntries } from '../../db/schema/changelog'
import { idToUuid, uuidToId } from '../../ids'
import { headlineOptions, type SearchSource } from '../../search/sources'

/**
 * Changelog entries in `GET /v1/search?types=changelog`: those the caller may read (readers see published
 * entries of their audience only), ranked over title (weight A) and body (B), the best `limit` with snippets.
 */
export const changelogSearch: SearchSource = {
  type: 'changelog',
  async search(ctx, { tsquery, limit }) {
    const read = await filterFor(ctx, 'read', 'ChangelogEntry')
    if (read.none) return undefined
    const rows = await queryRows<{ id: string; title: string; snippet: string; rank: number }>(
      ctx.db,
      sql`
        with hits as (
          select ${changelogEntries.id} as id, ts_rank_cd(${changelogEntries.search}, ${tsquery}) as rank
          from ${changelogEntries}
          where ${changelogEntries.workspaceId} = ${idToUuid(ctx.workspaceId)}::uuid
            and ${changelogEntries.search} @@ ${tsquery} and ${read.where}
          order by rank desc, id
          limit ${limit}
        )
        select hits.id, e.title, hits.rank,
          ts_headline('english', e.title || ' ' || e.body, ${tsquery}, ${headlineOptions}) as snippet
        from hits join ${changelogEntries} e on e.id = hits.id
        order by hits.rank desc, hits.id`,
    )
    return rows.map((r) => ({
      type: 'changelog_entry',
      id: uuidToId('chg', r.id),
      postId: null,
      title: r.title,
      snippet: r.snippet,
      rank: Number(r.rank),
    }))
  },
}
