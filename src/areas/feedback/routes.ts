import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import { type BodyFormat, bodyHtmlFor } from '../../kit/markdown'
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
import { dismissDuplicate, listDuplicates, restoreDuplicate, toDuplicatePair } from './duplicates'
import { mergePost, unmergePost } from './merge'
import { approvePost, rejectPost } from './moderation'
import { removeOfficialResponse, setOfficialResponse, updatePostWithComment } from './official-response'
import { createPost, deletePost, getPostOrThrow, listPosts, type PostId, restorePost, toPost } from './posts'
import { addReaction, listReactions, removeReaction, withReactions } from './reactions'
import { listCommentRevisions, listPostRevisions, toCommentRevision, toPostRevision } from './revisions'
import { search, similarPosts } from './search'
import { getFeedbackSettings, toFeedbackSettings, updateFeedbackSettings } from './settings'
import { registerSubscriptionRoutes } from './subscription-routes'
import { addVote, listVotes, removeVote, toVote } from './votes'

export function registerFeedbackRoutes(app: OpenAPIHono<AppEnv>) {
  registerSubscriptionRoutes(app)

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

  // GET /v1/feedback/settings - the workspace's feedback settings (anonymous switches, moderation, author edits)
  app.openapi(operations.getFeedbackSettings, async (c) => {
    const row = await getFeedbackSettings(serviceContext(c))
    return c.json(toFeedbackSettings(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/feedback/settings - change the feedback settings
  app.openapi(operations.updateFeedbackSettings, async (c) => {
    const row = await updateFeedbackSettings(serviceContext(c), c.req.valid('json'), c.req.header('if-match'))
    return c.json(toFeedbackSettings(row), 200, { etag: etagOf(row.version) })
  })

  // GET /v1/posts - list posts (top, new, trending, recently updated) with filters
  app.openapi(operations.listPosts, async (c) => {
    const query = queryOf(operations.listPosts, c.req.valid('query'))
    const page = await listPosts(serviceContext(c), query, c.get('deps').secret)
    const data = page.rows.map((p) => ({ ...toPost(p), ...bodyHtmlFor(query.bodyFormat, p.body) }))
    return c.json({ data, nextCursor: page.nextCursor }, 200)
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
    const data = rows.map(({ score, ...row }) => ({
      post: { ...toPost(row), ...bodyHtmlFor(query.bodyFormat, row.body) },
      score,
    }))
    return c.json({ data }, 200)
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
    return c.json({ ...toPost(row), ...bodyHtmlFor(c.req.valid('query').bodyFormat, row.body) }, 200, headers)
  })

  // PATCH /v1/posts/{postId} - change a post (status with an optional comment, tags, owner, ETA, pinned…)
  app.openapi(operations.updatePost, async (c) => {
    const row = await updatePostWithComment(
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

  // POST /v1/posts/{postId}/approve - approve a post waiting for moderation
  app.openapi(operations.approvePost, async (c) => {
    const row = await approvePost(serviceContext(c), c.req.valid('param').postId as PostId)
    return c.json(toPost(row), 200, { etag: etagOf(row.version) })
  })

  // POST /v1/posts/{postId}/reject - reject a pending post with a reason, or mark it as spam
  app.openapi(operations.rejectPost, async (c) => {
    const row = await rejectPost(
      serviceContext(c),
      c.req.valid('param').postId as PostId,
      c.req.valid('json'),
    )
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
    const ctx = serviceContext(c)
    const page = await listComments(ctx, postId, query, c.get('deps').secret)
    const data = (await withReactions(ctx, page.rows)).map((comment) =>
      withCommentHtml(comment, query.bodyFormat),
    )
    return c.json({ data, nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/posts/{postId}/comments - comment on a post (or answer a comment)
  app.openapi(operations.createPostComment, async (c) => {
    const postId = c.req.valid('param').postId as PostId
    const row = await createComment(serviceContext(c), postId, c.req.valid('json'))
    return c.json({ ...toComment(row), reactions: [] }, 201, {
      etag: etagOf(row.version),
      location: `/v1/comments/${row.id}`,
    })
  })

  // GET /v1/comments/{commentId} - one comment
  app.openapi(operations.getComment, async (c) => {
    const ctx = serviceContext(c)
    const row = await getCommentOrThrow(ctx, c.req.valid('param').commentId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    const [reacted] = await withReactions(ctx, [row])
    if (!reacted) throw new Error('withReactions answered no comment')
    const comment = withCommentHtml(reacted, c.req.valid('query').bodyFormat)
    return c.json(comment, 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/comments/{commentId} - edit one's comment
  app.openapi(operations.updateComment, async (c) => {
    const ctx = serviceContext(c)
    const row = await updateComment(
      ctx,
      c.req.valid('param').commentId as CommentId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    const [comment] = await withReactions(ctx, [row])
    return c.json(comment, 200, { etag: etagOf(row.version) })
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

  // GET /v1/comments/{commentId}/reactions - a comment's reactions, grouped by emoji
  app.openapi(operations.listCommentReactions, async (c) => {
    const data = await listReactions(serviceContext(c), c.req.valid('param').commentId)
    return c.json({ data }, 200)
  })

  // POST /v1/comments/{commentId}/reactions - react with an emoji
  app.openapi(operations.addCommentReaction, async (c) => {
    const data = await addReaction(serviceContext(c), c.req.valid('param').commentId, c.req.valid('json'))
    return c.json({ data }, 201)
  })

  // DELETE /v1/comments/{commentId}/reactions/{emoji} - take one's reaction back
  app.openapi(operations.removeCommentReaction, async (c) => {
    const { commentId, emoji } = c.req.valid('param')
    const data = await removeReaction(serviceContext(c), commentId, emoji)
    return c.json({ data }, 200)
  })

  // GET /v1/comments/{commentId}/revisions - a comment's former bodies (staff, its author)
  app.openapi(operations.listCommentRevisions, async (c) => {
    const ctx = serviceContext(c)
    const query = queryOf(operations.listCommentRevisions, c.req.valid('query'))
    const comment = await getCommentOrThrow(ctx, c.req.valid('param').commentId)
    const page = await listCommentRevisions(ctx, comment, query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toCommentRevision), nextCursor: page.nextCursor }, 200)
  })

  // GET /v1/posts/{postId}/revisions - a post's former titles and bodies (staff, its author)
  app.openapi(operations.listPostRevisions, async (c) => {
    const ctx = serviceContext(c)
    const query = queryOf(operations.listPostRevisions, c.req.valid('query'))
    const post = await getPostOrThrow(ctx, c.req.valid('param').postId)
    const page = await listPostRevisions(ctx, post, query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toPostRevision), nextCursor: page.nextCursor }, 200)
  })

  // PUT /v1/posts/{postId}/official-response - pin a (new or existing) staff comment as the official response
  app.openapi(operations.setPostOfficialResponse, async (c) => {
    const row = await setOfficialResponse(
      serviceContext(c),
      c.req.valid('param').postId as PostId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toPost(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/posts/{postId}/official-response - unpin the official response
  app.openapi(operations.removePostOfficialResponse, async (c) => {
    const row = await removeOfficialResponse(
      serviceContext(c),
      c.req.valid('param').postId as PostId,
      c.req.header('if-match'),
    )
    return c.json(toPost(row), 200, { etag: etagOf(row.version) })
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

  // GET /v1/posts/{postId}/duplicates - suggested duplicates of a post, for staff to merge or dismiss
  app.openapi(operations.listPostDuplicates, async (c) => {
    const query = queryOf(operations.listPostDuplicates, c.req.valid('query'))
    const rows = await listDuplicates(serviceContext(c), c.req.valid('param').postId, {
      limit: query.limit,
      dismissed: query.dismissed === 'true',
    })
    const data = rows.map((d) => ({
      post: { ...toPost(d.post), ...bodyHtmlFor(query.bodyFormat, d.post.body) },
      score: d.score,
      reason: d.reason,
      dismissedAt: d.dismissedAt?.toISOString() ?? null,
    }))
    return c.json({ data }, 200)
  })

  // POST /v1/posts/{postId}/duplicates/{otherPostId}/dismiss - not duplicates: stop suggesting the pair
  app.openapi(operations.dismissPostDuplicate, async (c) => {
    const { postId, otherPostId } = c.req.valid('param')
    const pair = await dismissDuplicate(serviceContext(c), postId as PostId, otherPostId as PostId)
    return c.json(toDuplicatePair(pair), 200)
  })

  // POST /v1/posts/{postId}/duplicates/{otherPostId}/restore - suggest a dismissed pair again
  app.openapi(operations.restorePostDuplicate, async (c) => {
    const { postId, otherPostId } = c.req.valid('param')
    const pair = await restoreDuplicate(serviceContext(c), postId as PostId, otherPostId as PostId)
    return c.json(toDuplicatePair(pair), 200)
  })

  // GET /v1/search - ranked full-text search with snippets, filtered by what the caller may read
  app.openapi(operations.searchContent, async (c) => {
    const query = queryOf(operations.searchContent, c.req.valid('query'))
    const types = [...new Set(query.types.split(','))]
    const data = await search(serviceContext(c), { q: query.q, types, limit: query.limit })
    return c.json({ data, nextCursor: null }, 200)
  })
}

/** A comment with `bodyHtml` when HTML was asked for (a removed comment's body stays `null`). */
const withCommentHtml = <C extends { body: string | null }>(comment: C, format?: BodyFormat) => ({
  ...comment,
  ...bodyHtmlFor(format, comment.body),
})
