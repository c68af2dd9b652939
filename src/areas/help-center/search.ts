import { sql } from 'drizzle-orm'
import { filterFor } from '../../authz/guard'
import { queryRows } from '../../db/database'
import { articles } from '../../db/schema/help-center'
import { idToUuid, uuidToId } from '../../ids'
import { headlineOptions, type SearchSource } from '../../search/sources'

/**
 * Articles in `GET /v1/search?types=articles`: those the caller may read (the Article rule in SQL: readers see
 * published articles of their audience only), ranked over the title (weight A) and body (B) of their own
 * locale, the best `limit` with snippets.
 */
export const articleSearch: SearchSource = {
  type: 'articles',
  async search(ctx, { tsquery, limit }) {
    const read = await filterFor(ctx, 'read', 'Article')
    if (read.none) return undefined
    const rows = await queryRows<{ id: string; title: string; snippet: string; rank: number }>(
      ctx.db,
      sql`
        with hits as (
          select ${articles.id} as id, ts_rank_cd(${articles.search}, ${tsquery}) as rank
          from ${articles}
          where ${articles.workspaceId} = ${idToUuid(ctx.workspaceId)}::uuid and ${articles.search} @@ ${tsquery}
            and ${read.where}
          order by rank desc, id
          limit ${limit}
        )
        select hits.id, a.title, hits.rank,
          ts_headline('english', a.title || ' ' || a.body, ${tsquery}, ${headlineOptions}) as snippet
        from hits join ${articles} a on a.id = hits.id
        order by hits.rank desc, hits.id`,
    )
    return rows.map((r) => ({
      type: 'article',
      id: uuidToId('art', r.id),
      postId: null,
      title: r.title,
      snippet: r.snippet,
      rank: Number(r.rank),
    }))
  },
}
