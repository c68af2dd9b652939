import { sql } from 'drizzle-orm'
import { filterFor } from '../../authz/guard'
import { articles, articleTranslations } from '../../db/schema/help-center'
import { preparedWithAuthz } from '../../http/pagination'
import { idToUuid, uuidToId } from '../../ids'
import { headlineOptions, type SearchSource } from '../../search/sources'

/** Stands for "reads no unpublished article" among the keys of the prepared statement. */
const noUnpublished = {}

/**
 * Articles in `GET /v1/search?types=articles`: those the caller may read (the Article rule in SQL: readers see
 * published articles of their audience only), ranked over the title (weight A) and body (B) of their own locale
 * and of each translation the caller may read (published ones; every one for staff who read unpublished
 * content). An article answers once, in its best-ranked locale (`locale` on the hit), with that text's title and
 * snippet; the best `limit` articles.
 */
export const articleSearch: SearchSource = {
  type: 'articles',
  async search(ctx, { text, limit }) {
    const read = await filterFor(ctx, 'read', 'Article')
    if (read.none) return undefined
    const unpublished = await filterFor(ctx, 'read_unpublished', 'Article')
    // Prepared once per database handle and pair of the caller's compiled predicates (read, read unpublished):
    // the Authorizer's cached filter objects. The query text and the limit are placeholders.
    const name = unpublished.none ? 'search_articles' : 'search_articles_unpublished'
    const statement = preparedWithAuthz(
      ctx.db,
      [read.where, unpublished.none ? noUnpublished : unpublished.where],
      name,
      (db) => {
        const tsquery = sql`websearch_to_tsquery('english', ${sql.placeholder('q')})`
        const translationState = unpublished.none
          ? sql`${articleTranslations.state} = 'published'`
          : sql`(${articleTranslations.state} = 'published' or ${unpublished.where})`
        const ws = sql`${sql.placeholder('workspaceId')}::uuid`
        const found = sql`(
        with matches as (
          select ${articles.id} as id, ${articles.locale} as locale, ts_rank_cd(${articles.search}, ${tsquery}) as rank
          from ${articles}
          where ${articles.workspaceId} = ${ws} and ${articles.search} @@ ${tsquery} and ${read.where}
          union all
          select ${articleTranslations.articleId} as id, ${articleTranslations.locale} as locale,
            ts_rank_cd(${articleTranslations.search}, ${tsquery}) as rank
          from ${articleTranslations}
          join ${articles} on ${articles.id} = ${articleTranslations.articleId}
          where ${articleTranslations.workspaceId} = ${ws} and ${articleTranslations.search} @@ ${tsquery}
            and ${translationState} and ${read.where}
        ),
        best as (
          select distinct on (id) id, locale, rank from matches order by id, rank desc, locale
        ),
        hits as (select id, locale, rank from best order by rank desc, id limit ${sql.placeholder('limit')})
        select hits.id, hits.locale, hits.rank, coalesce(t.title, a.title) as title,
          ts_headline('english', coalesce(t.title, a.title) || ' ' || coalesce(t.body, a.body), ${tsquery},
            ${headlineOptions}) as snippet
        from hits
        join ${articles} a on a.id = hits.id
        left join ${articleTranslations} t on t.article_id = hits.id and t.locale = hits.locale
          and hits.locale <> a.locale
      ) found`
        return db
          .select({
            id: sql<string>`found.id`,
            locale: sql<string>`found.locale`,
            rank: sql<number>`found.rank`,
            title: sql<string>`found.title`,
            snippet: sql<string>`found.snippet`,
          })
          .from(found)
          .orderBy(sql`found.rank desc`, sql`found.id`)
          .prepare(name)
      },
    )
    const rows = await statement.execute({ q: text, workspaceId: idToUuid(ctx.workspaceId), limit })
    return rows.map((r) => ({
      type: 'article',
      id: uuidToId('art', r.id),
      postId: null,
      title: r.title,
      snippet: r.snippet,
      rank: Number(r.rank),
      locale: r.locale,
    }))
  },
}
