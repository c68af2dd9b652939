import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import {
  type ArticleId,
  createArticle,
  createHelpCategory,
  deleteArticle,
  deleteArticleTranslation,
  deleteHelpCategory,
  getArticleOrThrow,
  getHelpCategoryOrThrow,
  type HelpCategoryId,
  listArticles,
  listHelpCategories,
  putArticleTranslation,
  toArticle,
  toCategory,
  updateArticle,
  updateHelpCategory,
  voteArticle,
} from './service'

export function registerHelpCenterRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/help-center/categories - the categories the caller may see
  app.openapi(operations.listHelpCategories, async (c) => {
    const query = queryOf(operations.listHelpCategories, c.req.valid('query'))
    const page = await listHelpCategories(serviceContext(c), query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toCategory), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/help-center/categories - create a category
  app.openapi(operations.createHelpCategory, async (c) => {
    const row = await createHelpCategory(serviceContext(c), c.req.valid('json'))
    return c.json(toCategory(row), 201, {
      etag: etagOf(row.version),
      location: `/v1/help-center/categories/${row.id}`,
    })
  })

  // GET /v1/help-center/categories/{categoryId} - one category
  app.openapi(operations.getHelpCategory, async (c) => {
    const row = await getHelpCategoryOrThrow(serviceContext(c), c.req.valid('param').categoryId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toCategory(row), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/help-center/categories/{categoryId} - rename, move, reorder, change visibility or archive
  app.openapi(operations.updateHelpCategory, async (c) => {
    const row = await updateHelpCategory(
      serviceContext(c),
      c.req.valid('param').categoryId as HelpCategoryId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toCategory(row), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/help-center/categories/{categoryId} - delete an empty category
  app.openapi(operations.deleteHelpCategory, async (c) => {
    await deleteHelpCategory(
      serviceContext(c),
      c.req.valid('param').categoryId as HelpCategoryId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // GET /v1/help-center/articles - the articles the caller may read
  app.openapi(operations.listArticles, async (c) => {
    const query = queryOf(operations.listArticles, c.req.valid('query'))
    const page = await listArticles(serviceContext(c), query, c.get('deps').secret)
    return c.json(
      { data: page.rows.map((a) => toArticle(a.row, a.translations)), nextCursor: page.nextCursor },
      200,
    )
  })

  // POST /v1/help-center/articles - create an article
  app.openapi(operations.createArticle, async (c) => {
    const { row, translations } = await createArticle(serviceContext(c), c.req.valid('json'))
    return c.json(toArticle(row, translations), 201, {
      etag: etagOf(row.version),
      location: `/v1/help-center/articles/${row.id}`,
    })
  })

  // GET /v1/help-center/articles/{articleId} - one article with its readable translations
  app.openapi(operations.getArticle, async (c) => {
    const { row, translations } = await getArticleOrThrow(serviceContext(c), c.req.valid('param').articleId)
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toArticle(row, translations), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/help-center/articles/{articleId} - change, move, publish or schedule an article
  app.openapi(operations.updateArticle, async (c) => {
    const { row, translations } = await updateArticle(
      serviceContext(c),
      c.req.valid('param').articleId as ArticleId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toArticle(row, translations), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/help-center/articles/{articleId} - delete an article
  app.openapi(operations.deleteArticle, async (c) => {
    await deleteArticle(
      serviceContext(c),
      c.req.valid('param').articleId as ArticleId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // PUT /v1/help-center/articles/{articleId}/translations/{locale} - write one locale's text and state
  app.openapi(operations.putArticleTranslation, async (c) => {
    const { articleId, locale } = c.req.valid('param')
    const { row, translations } = await putArticleTranslation(
      serviceContext(c),
      articleId as ArticleId,
      locale,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toArticle(row, translations), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/help-center/articles/{articleId}/translations/{locale} - delete one translation
  app.openapi(operations.deleteArticleTranslation, async (c) => {
    const { articleId, locale } = c.req.valid('param')
    const { row, translations } = await deleteArticleTranslation(
      serviceContext(c),
      articleId as ArticleId,
      locale,
      c.req.header('if-match'),
    )
    return c.json(toArticle(row, translations), 200, { etag: etagOf(row.version) })
  })

  // POST /v1/help-center/articles/{articleId}/votes - say whether the article helped
  app.openapi(operations.voteArticle, async (c) => {
    const answer = await voteArticle(
      serviceContext(c),
      c.req.valid('param').articleId as ArticleId,
      c.req.valid('json'),
    )
    return c.json(answer, 201)
  })
}
