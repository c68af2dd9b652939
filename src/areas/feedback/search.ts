import { and, eq, isNull, notInArray, type SQL, sql } from 'drizzle-orm'
import { filterFor, listFilter } from '../../authz/guard'
import type { ServiceContext } from '../../context/service'
import { queryRows } from '../../db/database'
import { comments, posts } from '../../db/schema/feedback'
import { ApiError } from '../../http/errors'
import { idToUuid, uuidToId } from '../../ids'
import {
  headlineOptions,
  rankCandidates,
  type SearchHit,
  searchSource,
  searchSourceTypes,
} from '../../search/sources'
import { type PostRow, postColumns } from './posts'

/**
 * The words of a title being typed, as a query in which the last word may be unfinished: OR (`export | csv:*`,
 * similar posts share some words) or, with `all`, AND (`export & csv:*`). Undefined when nothing is left.
 */
export function typingQuery(title: string, all = false): string | undefined {
  const words = title
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 20)
  if (words.length === 0) return undefined
  const last = words.length - 1
  return words.map((w, i) => (i === last && w.length >= 2 ? `${w}:*` : w)).join(all ? ' & ' : ' | ')
}

/**
 * Posts like a title being typed, best first: what a visitor sees while typing a new post. In stages, each
 * only when the ones before found fewer than `limit`, so the common case ranks few rows:
 *   1. posts whose title and body hold every typed word (full-text AND, stemmed English, the last word may be
 *      unfinished; GIN), ranked;
 *   2. posts sharing some of the words (full-text OR), ranked;
 *   3. posts whose title holds words alike letter by letter (pg_trgm word similarity over the GIN trigram index
 *      on titles), which forgives a typo or another ending.
 * The score (0–1) is the full-text rank scaled to 0–1 (stages 1 and 2) or the word similarity (stage 3). Only
 * live, unmerged posts the caller may read; a board narrows it.
 *
 * Each stage ranks at most `rankCandidates` matches (the first the index yields, after the filters), so a
 * common word costs what a rare one does; a stage with fewer matches ranks them all. The ranked ids come
 * first and the posts' columns are read for those only: carrying every column of every match through the
 * sort cost three times the ranking itself (EXPLAIN ANALYZE on the bench seed: 10 ms against 3 ms).
 */
export async function similarPosts(
  ctx: ServiceContext,
  input: { title: string; boardId?: string; limit: number },
): Promise<Array<PostRow & { score: number }>> {
  const read = await listFilter(ctx, 'Post')
  const every = typingQuery(input.title, true)
  const some = typingQuery(input.title)
  if (!every || !some) return []
  const typed = sql`${input.title.trim().slice(0, 255)}::text`
  const found: Array<PostRow & { score: number }> = []
  /** One stage: `match` filters posts, `score(search, title)` ranks them (given the columns to read). */
  const stage = async (match: SQL, score: (search: SQL, title: SQL) => SQL<number>) => {
    if (found.length >= input.limit) return
    const want = input.limit - found.length
    const candidates = sql`select ${posts.id} as id, ${posts.search} as search, ${posts.title} as title
      from ${posts}
      where ${and(
        eq(posts.workspaceId, ctx.workspaceId),
        match,
        isNull(posts.deletedAt),
        isNull(posts.mergedIntoId),
        input.boardId ? eq(posts.boardId, input.boardId as PostRow['boardId']) : undefined,
        found.length > 0
          ? notInArray(
              posts.id,
              found.map((r) => r.id),
            )
          : undefined,
        read,
      )}
      limit ${rankCandidates}`
    const best = sql`select c.id from (${candidates}) c
      order by ${score(sql`c.search`, sql`c.title`)} desc, c.id limit ${want}`
    const rankOf = score(sql`${posts.search}`, sql`${posts.title}`)
    const rows = await ctx.db
      .select({ ...postColumns, score: rankOf.mapWith(Number) })
      .from(posts)
      .where(and(eq(posts.workspaceId, ctx.workspaceId), sql`${posts.id} in (${best})`))
      .orderBy(sql`${rankOf} desc`, posts.id)
    for (const r of rows) found.push({ ...r, score: Math.round(r.score * 1000) / 1000 })
  }
  const all = sql`to_tsquery('english', ${every})`
  const any = sql`to_tsquery('english', ${some})`
  // ts_rank_cd normalisation 32 maps a rank r to r / (r + 1), into 0–1 like the trigram measure.
  await stage(sql`${posts.search} @@ ${all}`, (search) => sql<number>`ts_rank_cd(${search}, ${all}, 32)`)
  if (some !== every) {
    await stage(sql`${posts.search} @@ ${any}`, (search) => sql<number>`ts_rank_cd(${search}, ${any}, 32)`)
  }
  await stage(
    sql`${posts.title} %> ${typed}`,
    (_search, title) => sql<number>`word_similarity(${typed}, ${title})`,
  )
  return found
}

const headline = headlineOptions

/**
 * Full-text search over posts (title weighted above body) and comments, and the records other areas contribute
 * (`searchSources` in their declarations: help-centre articles, changelog entries), ranked together, each hit
 * with a highlighted snippet. Every hit is filtered in SQL by what the caller may read (the post's rule for posts;
 * the comment's and its post's for comments; each source its own type's), so no snippet ever shows a private
 * comment or a post of a hidden board. Snippets are cut only for the hits answered.
 */
export async function search(
  ctx: ServiceContext,
  input: { q: string; types: string[]; limit: number },
): Promise<SearchHit[]> {
  if (!input.q.trim())
    throw new ApiError('validation_failed', 'query.q: must not be blank', {
      errors: [{ path: 'query.q', code: 'too_small', message: 'must not be blank' }],
    })
  const unknown = input.types.filter((t) => t !== 'posts' && t !== 'comments' && !searchSource(t))
  if (unknown.length > 0) {
    const known = ['posts', 'comments', ...searchSourceTypes()].join(', ')
    throw new ApiError('validation_failed', `query.types: ${unknown.join(', ')} is not one of ${known}`, {
      errors: [{ path: 'query.types', code: 'invalid_enum_value', message: `one of ${known}` }],
    })
  }
  const q = sql`websearch_to_tsquery('english', ${input.q})`
  const contributed: SearchHit[] = []
  let readable = false
  for (const type of input.types) {
    const hits = await searchSource(type)?.search(ctx, { tsquery: q, text: input.q, limit: input.limit })
    if (hits) {
      readable = true
      contributed.push(...hits)
    }
  }
  const postRead = await filterFor(ctx, 'read', 'Post')
  const commentRead = await filterFor(ctx, 'read', 'Comment')
  const wantPosts = input.types.includes('posts') && !postRead.none
  const wantComments = input.types.includes('comments') && !commentRead.none && !postRead.none
  if (!wantPosts && !wantComments && !readable) {
    throw new ApiError('forbidden', 'Nothing of the requested types is readable with this credential')
  }
  const feedbackHits =
    wantPosts || wantComments
      ? await feedbackSearch(ctx, q, postRead.where, commentRead.where, wantPosts, wantComments, input.limit)
      : []
  return [...feedbackHits, ...contributed]
    .sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, input.limit)
}

/**
 * The posts' and comments' best hits: each kind ranks at most `rankCandidates` of its matches (the first the
 * GIN index yields after the read filters; all of them when fewer match), so a query of one common word
 * costs what a selective one does.
 */
async function feedbackSearch(
  ctx: ServiceContext,
  q: SQL,
  postWhere: SQL,
  commentWhere: SQL,
  wantPosts: boolean,
  wantComments: boolean,
  limit: number,
): Promise<SearchHit[]> {
  const postRead = { where: postWhere }
  const commentRead = { where: commentWhere }
  const input = { limit }
  const parts = []
  if (wantPosts) {
    parts.push(sql`
      select 'post' as type, m.id, m.id as post_id, ts_rank_cd(m.search, ${q}) as rank
      from (
        select ${posts.id} as id, ${posts.search} as search from ${posts}
        where ${posts.workspaceId} = ${idToUuid(ctx.workspaceId)}::uuid and ${posts.search} @@ ${q}
          and ${posts.deletedAt} is null and ${posts.mergedIntoId} is null and ${postRead.where}
        limit ${rankCandidates}
      ) m`)
  }
  if (wantComments) {
    parts.push(sql`
      select 'comment' as type, m.id, m.post_id, ts_rank_cd(m.search, ${q}) as rank
      from (
        select ${comments.id} as id, ${comments.postId} as post_id, ${comments.search} as search
        from ${comments} join ${posts} on ${posts.id} = ${comments.postId}
        where ${comments.workspaceId} = ${idToUuid(ctx.workspaceId)}::uuid and ${comments.search} @@ ${q}
          and ${comments.deletedAt} is null and ${posts.deletedAt} is null and ${posts.mergedIntoId} is null
          and ${commentRead.where} and ${postRead.where}
        limit ${rankCandidates}
      ) m`)
  }
  const rows = await queryRows<{
    type: 'post' | 'comment'
    id: string
    post_id: string
    rank: number
    title: string
    snippet: string
  }>(
    ctx.db,
    sql`
      with hits as (
        ${sql.join(parts, sql` union all `)}
        order by rank desc, id
        limit ${input.limit}
      )
      select hits.type, hits.id, hits.post_id, hits.rank, p.title,
        case when hits.type = 'post'
          then ts_headline('english', p.title || ' ' || coalesce(p.body, ''), ${q}, ${headline})
          else ts_headline('english', c.body, ${q}, ${headline})
        end as snippet
      from hits
      join ${posts} p on p.id = hits.post_id
      left join ${comments} c on hits.type = 'comment' and c.id = hits.id
      order by hits.rank desc, hits.id`,
  )
  return rows.map((r) => ({
    type: r.type,
    id: r.type === 'post' ? uuidToId('post', r.id) : uuidToId('cmt', r.id),
    postId: uuidToId('post', r.post_id),
    title: r.title,
    snippet: r.snippet,
    rank: Number(r.rank),
  }))
}
