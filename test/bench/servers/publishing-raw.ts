import { createServer, type IncomingMessage } from 'node:http'
import { Feed } from 'feed'
import postgres from 'postgres'
import { encodeCursor } from '../../../src/http/pagination'
import { idToUuid, uuidToId } from '../../../src/ids'
import { runServer } from '../child'

/**
 * The raw-SQL ceilings of the publishing bench (test/bench/publishing.ts): a bare node:http server running the
 * statements each measured read sends (prepared, as our server sends them, with the predicate the policy compiles
 * for an anonymous visitor with a publishable key), straight through postgres.js, with no authentication,
 * validation or policy evaluation, answering the same JSON (or RSS) shape:
 *   GET /articles   a category's articles (25, newest first, cursor), then their readable translations
 *   GET /search     `websearch_to_tsquery` over articles and their readable translations, best 20 with snippets
 *   GET /changelog  20 entries by display date (cursor), then their readable linked posts
 *   GET /feed       the workspace by slug, then its 50 newest public entries, as RSS 2.0 (the `feed` library)
 *   GET /roadmap    the roadmap, its readable posts in manual order then by votes, its column statuses' names
 * Started by publishing.ts with its settings in PUBLISHING_RAW (JSON).
 */
const spec = JSON.parse(process.env.PUBLISHING_RAW ?? '{}') as {
  url: string
  poolSize: number
  secret: string
  workspaceUuid: string
  workspaceSlug: string
  categoryUuid: string
  roadmapUuid: string
  query: string
  publicUrl: string
}

type Row = Record<string, unknown>
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null)
const visibility = (audience: unknown) => ({ audience, segmentIds: [], organizationIds: [] })

// ------------------------------------------------------------------------------------- help centre

const articleColumns = `"id", "workspace_id", "category_id", "locale", "slug", "title", "body", "state", "publish_at", "published_at", "audience", "effective_audience", "category_hidden", "helpful_count", "not_helpful_count", "author_member_id", "created_at", "updated_at", "version"`
const translationColumns = `"article_translations"."workspace_id", "article_translations"."article_id", "article_translations"."locale", "article_translations"."slug", "article_translations"."title", "article_translations"."body", "article_translations"."state", "article_translations"."publish_at", "article_translations"."published_at", "article_translations"."created_at", "article_translations"."updated_at"`
/** What the Article rule lets a visitor read. */
const articleReadable = `("articles"."state" = 'published' and "articles"."category_hidden" = false and "articles"."effective_audience" = 'public')`
const articlesSql = `select ${articleColumns} from "articles" where ("articles"."workspace_id" = $1::uuid and "articles"."category_id" = $2::uuid and ${articleReadable}) order by "articles"."created_at" desc, "articles"."id" desc limit $3`
const translationsSql = (n: number) =>
  `select ${translationColumns} from "article_translations" inner join "articles" on "articles"."id" = "article_translations"."article_id" where ("article_translations"."workspace_id" = $1 and "article_translations"."article_id" in (${Array.from({ length: n }, (_, i) => `$${i + 2}`).join(', ')}) and "article_translations"."state" = 'published') order by "article_translations"."locale" asc`
const headline = `StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`
const searchSql = `
  with matches as (
    select "articles"."id" as id, "articles"."locale" as locale, ts_rank_cd("articles"."search", websearch_to_tsquery('english', $2)) as rank
    from "articles"
    where "articles"."workspace_id" = $1::uuid and "articles"."search" @@ websearch_to_tsquery('english', $2) and ${articleReadable}
    union all
    select "article_translations"."article_id" as id, "article_translations"."locale" as locale,
      ts_rank_cd("article_translations"."search", websearch_to_tsquery('english', $2)) as rank
    from "article_translations"
    join "articles" on "articles"."id" = "article_translations"."article_id"
    where "article_translations"."workspace_id" = $1::uuid and "article_translations"."search" @@ websearch_to_tsquery('english', $2)
      and "article_translations"."state" = 'published' and ${articleReadable}
  ),
  best as (select distinct on (id) id, locale, rank from matches order by id, rank desc, locale),
  hits as (select id, locale, rank from best order by rank desc, id limit $3)
  select hits.id, hits.locale, hits.rank, coalesce(t.title, a.title) as title,
    ts_headline('english', coalesce(t.title, a.title) || ' ' || coalesce(t.body, a.body), websearch_to_tsquery('english', $2),
      '${headline}') as snippet
  from hits
  join "articles" a on a.id = hits.id
  left join "article_translations" t on t.article_id = hits.id and t.locale = hits.locale and hits.locale <> a.locale
  order by hits.rank desc, hits.id`

const toTranslation = (t: Row) => ({
  locale: t.locale,
  slug: t.slug,
  title: t.title,
  body: t.body,
  state: t.state,
  publishAt: iso(t.publish_at),
  publishedAt: iso(t.published_at),
  updatedAt: iso(t.updated_at),
})
const toArticle = (a: Row, translations: Row[]) => ({
  id: uuidToId('art', a.id as string),
  categoryId: uuidToId('hcat', a.category_id as string),
  locale: a.locale,
  slug: a.slug,
  title: a.title,
  body: a.body,
  state: a.state,
  publishAt: iso(a.publish_at),
  publishedAt: iso(a.published_at),
  visibility: visibility(a.effective_audience),
  inheritsVisibility: a.audience === null,
  helpfulCount: a.helpful_count,
  notHelpfulCount: a.not_helpful_count,
  translations: translations.map(toTranslation),
  createdAt: iso(a.created_at),
  updatedAt: iso(a.updated_at),
})

// ---------------------------------------------------------------------------------------- changelog

const entryColumns = `"id", "workspace_id", "title", "body", "categories", "linked_post_ids", "state", "publish_at", "published_at", "display_date", "sort_date", "audience", "effective_audience", "audience_source_id", "segment_ids", "organization_ids", "author_member_id", "created_at", "updated_at", "version"`
const entriesSql = `select ${entryColumns} from "changelog_entries" where ("changelog_entries"."workspace_id" = $1::uuid and ("changelog_entries"."state" = 'published' and "changelog_entries"."effective_audience" = 'public')) order by "changelog_entries"."sort_date" desc, "changelog_entries"."id" desc limit $2`
/** What the Post rule lets a visitor read (approved posts of a public, two-way board open to anyone). */
const postReadable = `("posts"."moderation" = 'approved' and exists (select 1 from "boards" where "boards"."id" = "posts"."board_id" and "boards"."audience" = 'public' and "boards"."view_access" = 'anyone' and "boards"."one_way" = false))`
const linkedSql = (n: number) =>
  `select "id", "title", "board_id", "status_id" from "posts" where ("posts"."workspace_id" = $1 and "posts"."id" in (${Array.from({ length: n }, (_, i) => `$${i + 2}`).join(', ')}) and "posts"."deleted_at" is null and ${postReadable})`
const workspaceSql = `select "id", "name", "slug" from "workspaces" where lower("workspaces"."slug") = lower($1)`
const feedSql = `select "id", "title", "body", "categories", "sort_date" from "changelog_entries" where ("changelog_entries"."workspace_id" = $1 and "changelog_entries"."state" = $2 and "changelog_entries"."effective_audience" = $3) order by "changelog_entries"."sort_date" desc, "changelog_entries"."id" desc limit $4`

const toEntry = (e: Row, linked: unknown[]) => ({
  id: uuidToId('chg', e.id as string),
  title: e.title,
  body: e.body,
  categories: e.categories,
  linkedPosts: linked,
  state: e.state,
  publishAt: iso(e.publish_at),
  publishedAt: iso(e.published_at),
  displayDate: iso(e.sort_date),
  visibility: visibility(e.audience),
  effectiveVisibility: visibility(e.effective_audience),
  createdAt: iso(e.created_at),
  updatedAt: iso(e.updated_at),
})

// ------------------------------------------------------------------------------------------ roadmap

const roadmapSql = `select "id", "workspace_id", "name", "description", "filter", "columns", "audience", "segment_ids", "organization_ids", "created_at", "updated_at", "version" from "roadmaps" where ("roadmaps"."workspace_id" = $1 and "roadmaps"."id" = $2 and "roadmaps"."audience" = 'public')`
const itemsSql = (boards: number, statuses: number) => {
  let n = 3
  const list = (count: number) => Array.from({ length: count }, () => `$${n++}`).join(', ')
  const boardList = list(boards)
  const statusList = list(statuses)
  return `select "posts"."id", "posts"."title", "posts"."board_id", "posts"."status_id", "posts"."eta", "posts"."vote_count", "roadmap_positions"."position" from "posts" left join "roadmap_positions" on ("roadmap_positions"."roadmap_id" = $1 and "roadmap_positions"."post_id" = "posts"."id") where ("posts"."workspace_id" = $2 and "posts"."deleted_at" is null and "posts"."merged_into_id" is null and "posts"."moderation" = 'approved' and "posts"."board_id" in (${boardList}) and "posts"."status_id" in (${statusList}) and ${postReadable}) order by "roadmap_positions"."position" asc nulls last, "posts"."vote_count" desc, "posts"."id" asc limit $${n}`
}
const statusNamesSql = (n: number) =>
  `select "id", "name" from "post_statuses" where ("post_statuses"."workspace_id" = $1 and "post_statuses"."id" in (${Array.from({ length: n }, (_, i) => `$${i + 2}`).join(', ')}))`

// --------------------------------------------------------------------------------------------- serve

const sql = postgres(spec.url, { max: spec.poolSize, onnotice: () => {} })
const prepared = { prepare: true }
const ws = spec.workspaceUuid

async function answer(req: IncomingMessage): Promise<[number, string, unknown] | undefined> {
  const json = 'application/json'
  switch (req.url) {
    case '/articles': {
      const limit = 25
      const rows = await sql.unsafe<Row[]>(articlesSql, [ws, spec.categoryUuid, limit + 1], prepared)
      const page = rows.slice(0, limit)
      const translations = page.length
        ? await sql.unsafe<Row[]>(
            translationsSql(page.length),
            [ws, ...page.map((r) => r.id as string)],
            prepared,
          )
        : []
      const byArticle = new Map<unknown, Row[]>()
      for (const t of translations) byArticle.set(t.article_id, [...(byArticle.get(t.article_id) ?? []), t])
      const last = page.at(-1)
      const nextCursor =
        rows.length > limit && last
          ? encodeCursor(spec.secret, {
              s: '-createdAt',
              v: iso(last.created_at) ?? '',
              id: uuidToId('art', last.id as string),
            })
          : null
      return [200, json, { data: page.map((a) => toArticle(a, byArticle.get(a.id) ?? [])), nextCursor }]
    }
    case '/search': {
      const rows = await sql.unsafe<Row[]>(searchSql, [ws, spec.query, 20], prepared)
      const hits = rows.map((r) => ({
        type: 'article',
        id: uuidToId('art', r.id as string),
        postId: null,
        title: r.title,
        snippet: r.snippet,
        rank: Number(r.rank),
        locale: r.locale,
      }))
      return [200, json, { data: hits, nextCursor: null }]
    }
    case '/changelog': {
      const limit = 20
      const rows = await sql.unsafe<Row[]>(entriesSql, [ws, limit + 1], prepared)
      const page = rows.slice(0, limit)
      const ids = [...new Set(page.flatMap((e) => e.linked_post_ids as string[]))]
      const linked = ids.length
        ? await sql.unsafe<Row[]>(linkedSql(ids.length), [ws, ...ids.map((id) => idToUuid(id))], prepared)
        : []
      const byId = new Map<string, unknown>(
        linked.map((p) => {
          const id: string = uuidToId('post', p.id as string)
          return [
            id,
            {
              id,
              title: p.title,
              boardId: uuidToId('brd', p.board_id as string),
              statusId: p.status_id ? uuidToId('pst', p.status_id as string) : null,
            },
          ]
        }),
      )
      const last = page.at(-1)
      const nextCursor =
        rows.length > limit && last
          ? encodeCursor(spec.secret, {
              s: '-displayDate',
              v: iso(last.sort_date) ?? '',
              id: uuidToId('chg', last.id as string),
            })
          : null
      return [
        200,
        json,
        {
          data: page.map((e) =>
            toEntry(
              e,
              (e.linked_post_ids as string[]).flatMap((id) => (byId.has(id) ? [byId.get(id)] : [])),
            ),
          ),
          nextCursor,
        },
      ]
    }
    case '/feed': {
      const [workspace] = await sql.unsafe<Row[]>(workspaceSql, [spec.workspaceSlug], prepared)
      if (!workspace) return [404, json, { code: 'not_found' }]
      const rows = await sql.unsafe<Row[]>(
        feedSql,
        [workspace.id as string, 'published', 'public', 50],
        prepared,
      )
      const name = workspace.name as string
      const self = `${spec.publicUrl}/v1/changelog/feed.xml?workspace=${encodeURIComponent(workspace.slug as string)}`
      const feed = new Feed({
        id: self,
        title: `${name} changelog`,
        description: `What's new in ${name}`,
        link: self,
        updated: (rows[0]?.sort_date as Date | undefined) ?? new Date(0),
        generator: 'Loopdesk',
        copyright: name,
      })
      for (const row of rows) {
        const id = uuidToId('chg', row.id as string)
        feed.addItem({
          id,
          guid: id,
          title: row.title as string,
          link: `${spec.publicUrl}/v1/changelog/${id}`,
          date: row.sort_date as Date,
          description: row.body as string,
          category: (row.categories as string[]).map((name) => ({ name })),
        })
      }
      return [200, 'application/rss+xml; charset=utf-8', feed.rss2()]
    }
    case '/roadmap': {
      const [roadmap] = await sql.unsafe<Row[]>(roadmapSql, [ws, spec.roadmapUuid], prepared)
      if (!roadmap) return [404, json, { code: 'not_found' }]
      const filter = roadmap.filter as { boardIds: string[] }
      const columns = roadmap.columns as { type: 'status'; statusIds: string[] }
      const boards = filter.boardIds.map((id) => idToUuid(id))
      const statuses = columns.statusIds.map((id) => idToUuid(id))
      const items = await sql.unsafe<Row[]>(
        itemsSql(boards.length, statuses.length),
        [roadmap.id as string, ws, ...boards, ...statuses, 2000],
        prepared,
      )
      const names = await sql.unsafe<Row[]>(statusNamesSql(statuses.length), [ws, ...statuses], prepared)
      const nameOf = new Map(names.map((s) => [uuidToId('pst', s.id as string) as string, s.name]))
      const out = new Map<string, { key: string; name: unknown; items: unknown[] }>()
      for (const id of columns.statusIds) {
        const name = nameOf.get(id)
        if (name !== undefined) out.set(id, { key: id, name, items: [] })
      }
      for (const row of items) {
        const key = uuidToId('pst', row.status_id as string) as string
        let column = out.get(key)
        if (!column) {
          column = { key, name: key, items: [] }
          out.set(key, column)
        }
        column.items.push({
          postId: uuidToId('post', row.id as string),
          title: row.title,
          boardId: uuidToId('brd', row.board_id as string),
          statusId: key,
          // postgres.js answers a Date for a `date`; drizzle (mode string) the text.
          eta: row.eta instanceof Date ? row.eta.toISOString().slice(0, 10) : row.eta,
          voteCount: row.vote_count,
          position: column.items.length,
        })
      }
      return [
        200,
        json,
        { roadmapId: uuidToId('rdm', roadmap.id as string), columnsBy: 'status', columns: [...out.values()] },
      ]
    }
  }
  return undefined
}

const server = createServer(async (req, res) => {
  try {
    const result = await answer(req)
    if (!result) {
      res.writeHead(404).end()
      return
    }
    const [status, type, body] = result
    res.writeHead(status, { 'content-type': type })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
  }
})
server.listen(0, '127.0.0.1')
runServer(server, () => sql.end({ timeout: 5 }))
