import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import {
  type BoardId,
  createBoard,
  createPostStatus,
  createTag,
  deleteBoard,
  deletePostStatus,
  deleteTag,
  getBoardOrThrow,
  getPostStatusOrThrow,
  getTagOrThrow,
  listBoards,
  listPostStatuses,
  listTags,
  type PostStatusId,
  type TagId,
  toBoard,
  toPostStatus,
  toTag,
  updateBoard,
  updatePostStatus,
  updateTag,
} from './boards'
import {
  type CommentId,
  createComment,
  deleteComment,
  getCommentOrThrow,
  listComments,
  toComment,
  updateComment,
} from './comments'
import { mergePost, unmergePost } from './merge'
import {
  createPost,
  deletePost,
  getPostOrThrow,
  listPosts,
  type PostId,
  restorePost,
  toPost,
  updatePost,
} from './posts'
import { search, similarPosts } from './search'
import { addVote, listVotes, removeVote, toVote } from './votes'

export function registerFeedbackRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/boards - list the boards the caller may see
  app.openapi(operations.listBoards, async (c) => {
    const query = queryOf(operations.listBoards, c.req.valid('query'))
    const page = await listBoards(serviceContext(c), query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toBoard), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/boards - create a board
  app.openapi(operations.createBoard, async (c) => {
    const row = await createBoard(serviceContext(c), c.req.valid('json'))
    return c.json(toBoard(row), 201, { etag: etagOf(row.version), location: `/v1/boards/${row.id}` })
  })

  // GET /v1/boards/{boardId} - one board
  app.openapi(operations.getBoard, async (c) => {
    const row = await getBoardOrThrow(serviceContext(c), c.req.valid('param').boardId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toBoard(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/boards/{boardId} - change a board (access, visibility, fields, archived)
  app.openapi(operations.updateBoard, async (c) => {
    const row = await updateBoard(
      serviceContext(c),
      c.req.valid('param').boardId as BoardId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toBoard(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/boards/{boardId} - delete an empty board
  app.openapi(operations.deleteBoard, async (c) => {
    await deleteBoard(serviceContext(c), c.req.valid('param').boardId as BoardId, c.req.header('if-match'))
    return c.body(null, 204)
  })

  // GET /v1/post-statuses - the workspace's post statuses in order
  app.openapi(operations.listPostStatuses, async (c) => {
    const rows = await listPostStatuses(serviceContext(c))
    return c.json({ data: rows.map(toPostStatus) }, 200)
  })

  // POST /v1/post-statuses - create a post status
  app.openapi(operations.createPostStatus, async (c) => {
    const row = await createPostStatus(serviceContext(c), c.req.valid('json'))
    return c.json(toPostStatus(row), 201, {
      etag: etagOf(row.version),
      location: `/v1/post-statuses/${row.id}`,
    })
  })

  // GET /v1/post-statuses/{statusId} - one post status
  app.openapi(operations.getPostStatus, async (c) => {
    const row = await getPostStatusOrThrow(serviceContext(c), c.req.valid('param').statusId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toPostStatus(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/post-statuses/{statusId} - rename, recategorise, reorder or make default
  app.openapi(operations.updatePostStatus, async (c) => {
    const row = await updatePostStatus(
      serviceContext(c),
      c.req.valid('param').statusId as PostStatusId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toPostStatus(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/post-statuses/{statusId} - delete a status no post has
  app.openapi(operations.deletePostStatus, async (c) => {
    await deletePostStatus(
      serviceContext(c),
      c.req.valid('param').statusId as PostStatusId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // GET /v1/tags - list tags
  app.openapi(operations.listTags, async (c) => {
    const query = queryOf(operations.listTags, c.req.valid('query'))
    const page = await listTags(serviceContext(c), query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toTag), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/tags - create a tag
  app.openapi(operations.createTag, async (c) => {
    const row = await createTag(serviceContext(c), c.req.valid('json'))
    return c.json(toTag(row), 201, { etag: etagOf(row.version), location: `/v1/tags/${row.id}` })
  })

  // GET /v1/tags/{tagId} - one tag
  app.openapi(operations.getTag, async (c) => {
    const row = await getTagOrThrow(serviceContext(c), c.req.valid('param').tagId as TagId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toTag(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/tags/{tagId} - rename or recolour a tag
  app.openapi(operations.updateTag, async (c) => {
    const row = await updateTag(
      serviceContext(c),
      c.req.valid('param').tagId as TagId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toTag(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/tags/{tagId} - delete a tag (posts lose it)
  app.openapi(operations.deleteTag, async (c) => {
    await deleteTag(serviceContext(c), c.req.valid('param').tagId as TagId, c.req.header('if-match'))
    return c.body(null, 204)
  })

  // GET /v1/posts - list posts (top, new, trending, recently updated) with filters
  app.openapi(operations.listPosts, async (c) => {
    const query = queryOf(operations.listPosts, c.req.valid('query'))
    const page = await listPosts(serviceContext(c), query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toPost), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/posts - create a post on a board
  app.openapi(operations.createPost, async (c) => {
    const row = await createPost(serviceContext(c), c.req.valid('json'))
    return c.json(toPost(row), 201, { etag: etagOf(row.version), location: `/v1/posts/${row.id}` })
  })

  // GET /v1/posts/similar - posts like a title being typed (before /v1/posts/{postId}, which it would fit)
  app.openapi(operations.listSimilarPosts, async (c) => {
    const query = queryOf(operations.listSimilarPosts, c.req.valid('query'))
    const rows = await similarPosts(serviceContext(c), query)
    return c.json({ data: rows.map(({ score, ...row }) => ({ post: toPost(row), score })) }, 200)
  })

  // GET /v1/posts/{postId} - one post; a merged post's id answers the post it went into
  app.openapi(operations.getPost, async (c) => {
    const id = c.req.valid('param').postId
    const row = await getPostOrThrow(serviceContext(c), id)
    const headers: Record<string, string> = { etag: etagOf(row.version) }
    if (row.id !== id) {
      headers['content-location'] = `/v1/posts/${row.id}`
      headers.link = `</v1/posts/${row.id}>; rel="canonical"`
    }
    if (isNotModified(c, row.version)) return c.body(null, 304, headers)
    return c.json(toPost(row), 200, headers)
  })

  // PATCH /v1/posts/{postId} - change a post (status, tags, owner, ETA, pinned, locked, fields…)
  app.openapi(operations.updatePost, async (c) => {
    const row = await updatePost(
      serviceContext(c),
      c.req.valid('param').postId as PostId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toPost(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/posts/{postId} - delete a post (restorable for 30 days)
  app.openapi(operations.deletePost, async (c) => {
    await deletePost(serviceContext(c), c.req.valid('param').postId as PostId, c.req.header('if-match'))
    return c.body(null, 204)
  })

  // POST /v1/posts/{postId}/restore - bring back a deleted post
  app.openapi(operations.restorePost, async (c) => {
    const row = await restorePost(serviceContext(c), c.req.valid('param').postId as PostId)
    return c.json(toPost(row), 200, { etag: etagOf(row.version) })
  })

  // GET /v1/posts/{postId}/votes - who voted (a contact sees its own vote)
  app.openapi(operations.listPostVotes, async (c) => {
    const query = queryOf(operations.listPostVotes, c.req.valid('query'))
    const postId = c.req.valid('param').postId as PostId
    const page = await listVotes(serviceContext(c), postId, query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toVote), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/posts/{postId}/votes - vote, or record a contact's vote
  app.openapi(operations.votePost, async (c) => {
    const postId = c.req.valid('param').postId as PostId
    const { vote, voteCount } = await addVote(serviceContext(c), postId, c.req.valid('json'))
    return c.json({ vote: toVote(vote), voteCount }, 201)
  })

  // DELETE /v1/posts/{postId}/votes - take a vote back
  app.openapi(operations.unvotePost, async (c) => {
    const postId = c.req.valid('param').postId as PostId
    const voteCount = await removeVote(serviceContext(c), postId, c.req.valid('query').contactId)
    return c.json({ voteCount }, 200)
  })

  // GET /v1/posts/{postId}/comments - a post's comments, oldest first
  app.openapi(operations.listPostComments, async (c) => {
    const query = queryOf(operations.listPostComments, c.req.valid('query'))
    const postId = c.req.valid('param').postId as PostId
    const page = await listComments(serviceContext(c), postId, query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toComment), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/posts/{postId}/comments - comment on a post (or answer a comment)
  app.openapi(operations.createPostComment, async (c) => {
    const postId = c.req.valid('param').postId as PostId
    const row = await createComment(serviceContext(c), postId, c.req.valid('json'))
    return c.json(toComment(row), 201, { etag: etagOf(row.version), location: `/v1/comments/${row.id}` })
  })

  // GET /v1/comments/{commentId} - one comment
  app.openapi(operations.getComment, async (c) => {
    const row = await getCommentOrThrow(serviceContext(c), c.req.valid('param').commentId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toComment(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/comments/{commentId} - edit one's comment
  app.openapi(operations.updateComment, async (c) => {
    const row = await updateComment(
      serviceContext(c),
      c.req.valid('param').commentId as CommentId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toComment(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/comments/{commentId} - remove a comment (it stays in its thread as removed)
  app.openapi(operations.deleteComment, async (c) => {
    await deleteComment(
      serviceContext(c),
      c.req.valid('param').commentId as CommentId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // POST /v1/posts/{postId}/merge - merge this post into another
  app.openapi(operations.mergePost, async (c) => {
    const row = await mergePost(
      serviceContext(c),
      c.req.valid('param').postId as PostId,
      c.req.valid('json').targetPostId as PostId,
    )
    return c.json(toPost(row), 200, { etag: etagOf(row.version) })
  })

  // POST /v1/posts/{postId}/unmerge - undo a merge
  app.openapi(operations.unmergePost, async (c) => {
    const row = await unmergePost(serviceContext(c), c.req.valid('param').postId as PostId)
    return c.json(toPost(row), 200, { etag: etagOf(row.version) })
  })

  // GET /v1/search - ranked full-text search with snippets, filtered by what the caller may read
  app.openapi(operations.searchContent, async (c) => {
    const query = queryOf(operations.searchContent, c.req.valid('query'))
    const types = [...new Set(query.types.split(','))]
    const data = await search(serviceContext(c), { q: query.q, types, limit: query.limit })
    return c.json({ data, nextCursor: null }, 200)
  })
}
