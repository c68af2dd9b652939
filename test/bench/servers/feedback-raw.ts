import { createServer } from 'node:http'
import postgres from 'postgres'
import { encodeCursor } from '../../../src/http/pagination'
import { uuidToId } from '../../../src/ids'
import { runServer } from '../child'

/**
 * The raw-SQL ceiling of the feedback bench (test/bench/feedback.ts): a bare node:http server that runs the
 * SQL of `GET /v1/posts?boardId=&sort=top&limit=25` (as drizzle sends it, minus the caller's authentication)
 * through postgres.js and answers the same JSON shape. `/staff` lists as staff (no predicate); `/visitor` with
 * the predicate the policy compiles for a publishable key (approved posts of a public board open to anyone).
 * Started by feedback.ts with its settings in FEEDBACK_RAW (JSON).
 */
const spec = JSON.parse(process.env.FEEDBACK_RAW ?? '{}') as {
  url: string
  poolSize: number
  workspaceUuid: string
  boardUuid: string
  secret: string
}

const columns = `"id", "board_id", "status_id", "title", "body", "author_contact_id", "author_member_id", "owner_member_id", "eta", "pinned", "locked", "custom_fields", "tag_ids", "vote_count", "comment_count", "trending", "moderation", "moderation_reason", "merged_into_id", "deleted_at", "created_at", "updated_at"`
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
  createdAt: p.created_at.toISOString(),
  updatedAt: p.updated_at.toISOString(),
})

const sql = postgres(spec.url, { max: spec.poolSize, onnotice: () => {} })
const LIMIT = 25

const server = createServer(async (req, res) => {
  const query = req.url === '/visitor' ? visitorSql : req.url === '/staff' ? staffSql : undefined
  if (!query) {
    res.writeHead(404).end()
    return
  }
  try {
    // Unnamed statements, as drizzle sends them.
    const rows = await sql.unsafe<PostRow[]>(query, [spec.workspaceUuid, spec.boardUuid, LIMIT + 1], {
      prepare: false,
    })
    const page = rows.slice(0, LIMIT)
    const last = page.at(-1)
    const nextCursor =
      rows.length > LIMIT && last
        ? encodeCursor(spec.secret, { s: 'top', v: String(last.vote_count), id: last.id })
        : null
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ data: page.map(toPost), nextCursor }))
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
  }
})
server.listen(0, '127.0.0.1')
runServer(server, () => sql.end({ timeout: 5 }))
