import { createServer } from 'node:http'
import postgres from 'postgres'
import { officialResponseOf } from '../../../src/areas/feedback/posts'
import { encodeCursor } from '../../../src/http/pagination'
import { uuidToId } from '../../../src/ids'
import { runServer } from '../child'

/**
 * The raw-SQL ceiling of the feedback bench (test/bench/feedback.ts): a bare node:http server that runs the
 * SQL of `GET /v1/posts?boardId=&sort=top&limit=25` (as drizzle sends it, minus the caller's authentication)
 * through postgres.js and answers the same JSON shape. `/staff` lists as staff (no predicate); `/visitor` with
 * the predicate the policy compiles for a publishable key (approved posts of a public board open to anyone).
 * `/search?q=` runs the posts-and-comments search as staff (`GET /v1/search?q=`, no predicate) and `/similar?title=`
 * the similar-posts stages for a publishable key (`GET /v1/posts/similar?title=`, limit 5): the same statements
 * the areas send (src/areas/feedback/search.ts), snippets and ranking included.
 * The official response goes through the area's own `officialResponseOf`: the same decoding, not a copy.
 * Started by feedback.ts with its settings in FEEDBACK_RAW (JSON).
 */
const spec = JSON.parse(process.env.FEEDBACK_RAW ?? '{}') as {
  url: string
  poolSize: number
  workspaceUuid: string
  boardUuid: string
  secret: string
}

const columns = `"id", "board_id", "status_id", "title", "body", "author_contact_id", "author_member_id", "owner_member_id", "eta", "pinned", "locked", "custom_fields", "tag_ids", "vote_count", "comment_count", "trending", "moderation", "moderation_reason", "merged_into_id", "deleted_at", "created_at", "updated_at", (select json_build_object('id', "comments"."id", 'body', "comments"."body", 'member', "comments"."author_member_id", 'contact', "comments"."author_contact_id", 'createdAt', "comments"."created_at", 'updatedAt', "comments"."updated_at") from "comments" where "comments"."id" = "posts"."official_response_id" and "comments"."deleted_at" is null) as "official_response"`
const base = `select ${columns} from "posts" where ("posts"."workspace_id" = $1::uuid and "posts"."board_id" = $2::uuid and "posts"."deleted_at" is null and "posts"."merged_into_id" is null`
const order = `order by "posts"."vote_count" desc, "posts"."id" desc limit $3`
const staffSql = `${base}) ${order}`
const visitorSql = `${base} and ("posts"."moderation" = 'approved' and exists (select 1 from "boards" where "boards"."id" = "posts"."board_id" and "boards"."audience" = 'public' and "boards"."view_access" = 'anyone'))) ${order}`

interface PostRow {
  id: string
  board_id: string
  status_id: string | null
  title: string
  body: string | null
  author_contact_id: string | null
  author_member_id: string | null
  owner_member_id: string | null
  eta: string | null
  pinned: boolean
  locked: boolean
  custom_fields: Record<string, unknown>
  tag_ids: string[]
  vote_count: number
  comment_count: number
  trending: number
  moderation: string
  moderation_reason: string | null
  merged_into_id: string | null
  deleted_at: Date | null
  created_at: Date
  updated_at: Date
  official_response: Record<string, string | null> | null
}

const toPost = (p: PostRow) => ({
  id: uuidToId('post', p.id),
  boardId: uuidToId('brd', p.board_id),
  statusId: p.status_id ? uuidToId('pst', p.status_id) : null,
  title: p.title,
  body: p.body,
  author: p.author_contact_id
    ? { type: 'contact', id: uuidToId('ct', p.author_contact_id) }
    : p.author_member_id
      ? { type: 'member', id: uuidToId('mbr', p.author_member_id) }
      : null,
  ownerMemberId: p.owner_member_id ? uuidToId('mbr', p.owner_member_id) : null,
  eta: p.eta,
  pinned: p.pinned,
  locked: p.locked,
  customFields: p.custom_fields,
  tags: p.tag_ids,
  voteCount: p.vote_count,
  commentCount: p.comment_count,
  moderation: p.moderation,
  moderationReason: p.moderation_reason,
  mergedIntoId: p.merged_into_id ? uuidToId('post', p.merged_into_id) : null,
  deletedAt: p.deleted_at?.toISOString() ?? null,
  officialResponse: officialResponseOf(p.official_response),
  createdAt: p.created_at.toISOString(),
  updatedAt: p.updated_at.toISOString(),
})

const sql = postgres(spec.url, { max: spec.poolSize, onnotice: () => {} })
const LIMIT = 25

const headline = `StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`
const live = `"deleted_at" is null and "merged_into_id" is null`
const searchSql = `with hits as (
    select 'post' as type, m.id, m.id as post_id, ts_rank_cd(m.search, websearch_to_tsquery('english', $2)) as rank
    from (select "id", "search" from "posts" where "workspace_id" = $1::uuid
      and "search" @@ websearch_to_tsquery('english', $2) and ${live} limit 500) m
    union all
    select 'comment' as type, m.id, m.post_id, ts_rank_cd(m.search, websearch_to_tsquery('english', $2)) as rank
    from (select c."id", c."post_id", c."search" from "comments" c join "posts" p on p."id" = c."post_id"
      where c."workspace_id" = $1::uuid and c."search" @@ websearch_to_tsquery('english', $2)
        and c."deleted_at" is null and p."deleted_at" is null and p."merged_into_id" is null limit 500) m
    order by rank desc, id limit $3
  )
  select hits.type, hits.id, hits.post_id, hits.rank, p.title,
    case when hits.type = 'post'
      then ts_headline('english', p.title || ' ' || coalesce(p.body, ''), websearch_to_tsquery('english', $2), '${headline}')
      else ts_headline('english', c.body, websearch_to_tsquery('english', $2), '${headline}')
    end as snippet
  from hits join "posts" p on p.id = hits.post_id
  left join "comments" c on hits.type = 'comment' and c.id = hits.id
  order by hits.rank desc, hits.id`

const visitorPredicate = `"posts"."moderation" = 'approved' and exists (select 1 from "boards" where "boards"."id" = "posts"."board_id" and "boards"."audience" = 'public' and "boards"."view_access" = 'anyone')`
/** One similar-posts stage: ranked ids among 500 candidates, then those posts' columns. */
const similarStage = (
  match: string,
  score: (search: string) => string,
) => `select ${columns}, ${score('"posts"."search"')} as score
  from "posts" where "posts"."workspace_id" = $1::uuid and "posts"."id" in (
    select c.id from (select "posts"."id" as id, "posts"."search" as search from "posts"
      where "posts"."workspace_id" = $1::uuid and ${match} and "posts"."deleted_at" is null
        and "posts"."merged_into_id" is null and not ("posts"."id" = any($3::uuid[])) and ${visitorPredicate} limit 500) c
    order by ${score('c.search')} desc, c.id limit $4)
  order by ${score('"posts"."search"')} desc, "posts"."id"`
const similarAll = similarStage(
  `"posts"."search" @@ to_tsquery('english', $2)`,
  (s) => `ts_rank_cd(${s}, to_tsquery('english', $2), 32)`,
)

/** The typed words as the area builds them (src/areas/feedback/search.ts `typingQuery`). */
function typing(title: string, all: boolean) {
  const words = title
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 20)
  const last = words.length - 1
  return words.map((w, i) => (i === last && w.length >= 2 ? `${w}:*` : w)).join(all ? ' & ' : ' | ')
}

async function searchAnswer(q: string) {
  const rows = await sql.unsafe<
    Array<{ type: string; id: string; post_id: string; rank: number; title: string; snippet: string }>
  >(searchSql, [spec.workspaceUuid, q, 20], { prepare: true })
  return {
    data: rows.map((r) => ({
      type: r.type,
      id: r.type === 'post' ? uuidToId('post', r.id) : uuidToId('cmt', r.id),
      postId: uuidToId('post', r.post_id),
      title: r.title,
      snippet: r.snippet,
      rank: Number(r.rank),
    })),
  }
}

async function similarAnswer(title: string) {
  const found: Array<PostRow & { score: number }> = []
  const stages = [
    similarAll,
    similarStage(
      `"posts"."search" @@ to_tsquery('english', $5)`,
      (s) => `ts_rank_cd(${s}, to_tsquery('english', $5), 32)`,
    ),
  ]
  for (const [i, stage] of stages.entries()) {
    if (found.length >= 5) break
    const params = [spec.workspaceUuid, typing(title, true), found.map((r) => r.id), 5 - found.length]
    if (i === 1) params.push(typing(title, false))
    const rows = await sql.unsafe<Array<PostRow & { score: number }>>(stage, params as never, {
      prepare: true,
    })
    found.push(...rows)
  }
  return { data: found.map((p) => ({ ...toPost(p), score: Math.round(Number(p.score) * 1000) / 1000 })) }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://raw')
  if (url.pathname === '/search' || url.pathname === '/similar') {
    try {
      const body =
        url.pathname === '/search'
          ? await searchAnswer(url.searchParams.get('q') ?? '')
          : await similarAnswer(url.searchParams.get('title') ?? '')
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
    }
    return
  }
  const query = req.url === '/visitor' ? visitorSql : req.url === '/staff' ? staffSql : undefined
  if (!query) {
    res.writeHead(404).end()
    return
  }
  try {
    // Prepared statements, as our server sends them.
    const rows = await sql.unsafe<PostRow[]>(query, [spec.workspaceUuid, spec.boardUuid, LIMIT + 1], {
      prepare: true,
    })
    const page = rows.slice(0, LIMIT)
    const last = page.at(-1)
    const nextCursor =
      rows.length > LIMIT && last
        ? encodeCursor(spec.secret, { s: 'top', v: String(last.vote_count), id: uuidToId('post', last.id) })
        : null
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ data: page.map(toPost), nextCursor }))
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
  }
})
server.listen(0, '127.0.0.1')
runServer(server, () => sql.end({ timeout: 5 }))
