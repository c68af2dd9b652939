import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, requestDb, serviceContext } from '../../http/context'
import { validationFailed } from '../../http/errors'
import { etagOf, isNotModified } from '../../http/etag'
import { queryOf } from '../../kit/list'
import {
  type ChangelogCategoryId,
  createChangelogCategory,
  deleteChangelogCategory,
  getChangelogCategoryOrThrow,
  listChangelogCategories,
  updateChangelogCategory,
} from './categories'
import { changelogFeed, changelogFeedLink } from './feed'
import {
  type ChangelogEntryId,
  createChangelogEntry,
  deleteChangelogEntry,
  getChangelogEntryOrThrow,
  listChangelogEntries,
  publishChangelogEntry,
  toEntry,
  updateChangelogEntry,
} from './service'
import {
  getChangelogSubscription,
  listChangelogSubscribers,
  subscribeToChangelog,
  toChangelogSubscription,
  unsubscribeChangelogByToken,
  unsubscribeFromChangelog,
} from './subscriptions'

export function registerChangelogRoutes(app: OpenAPIHono<AppEnv>) {
  // GET /v1/changelog - the entries the caller may read
  app.openapi(operations.listChangelogEntries, async (c) => {
    const query = queryOf(operations.listChangelogEntries, c.req.valid('query'))
    const page = await listChangelogEntries(serviceContext(c), query, c.get('deps').secret)
    return c.json(
      { data: page.rows.map((e) => toEntry(e.row, e.linked, e.effective)), nextCursor: page.nextCursor },
      200,
    )
  })

  // POST /v1/changelog - write a draft entry
  app.openapi(operations.createChangelogEntry, async (c) => {
    const { row, linked, effective } = await createChangelogEntry(serviceContext(c), c.req.valid('json'))
    return c.json(toEntry(row, linked, effective), 201, {
      etag: etagOf(row.version),
      location: `/v1/changelog/${row.id}`,
    })
  })

  // Before /v1/changelog/{entryId}: the router tries routes in the order they are registered.
  // GET /v1/changelog/categories - the categories the caller may see
  app.openapi(operations.listChangelogCategories, async (c) => {
    const query = queryOf(operations.listChangelogCategories, c.req.valid('query'))
    return c.json(await listChangelogCategories(serviceContext(c), query, c.get('deps').secret), 200)
  })

  // POST /v1/changelog/categories - create a category
  app.openapi(operations.createChangelogCategory, async (c) => {
    const { row, answer } = await createChangelogCategory(serviceContext(c), c.req.valid('json'))
    return c.json(answer, 201, {
      etag: etagOf(row.version),
      location: `/v1/changelog/categories/${row.id}`,
    })
  })

  // GET /v1/changelog/categories/{categoryId} - one category
  app.openapi(operations.getChangelogCategory, async (c) => {
    const { row, answer } = await getChangelogCategoryOrThrow(
      serviceContext(c),
      c.req.valid('param').categoryId,
    )
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(answer, 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/changelog/categories/{categoryId} - rename, describe or re-scope a category (and its entries)
  app.openapi(operations.updateChangelogCategory, async (c) => {
    const { row, answer } = await updateChangelogCategory(
      serviceContext(c),
      c.req.valid('param').categoryId as ChangelogCategoryId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(answer, 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/changelog/categories/{categoryId} - delete a category no entry carries
  app.openapi(operations.deleteChangelogCategory, async (c) => {
    await deleteChangelogCategory(
      serviceContext(c),
      c.req.valid('param').categoryId as ChangelogCategoryId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // GET /v1/changelog/feed.xml - RSS 2.0 of the public entries, or of a contact's with its feed token
  app.openapi(operations.getChangelogFeed, async (c) => {
    const deps = c.get('deps')
    const { workspace, token } = c.req.valid('query')
    const xml = await changelogFeed(
      {
        db: deps.database.db,
        authorizer: deps.authorizer,
        principals: deps.principals,
        secret: deps.secret,
        publicUrl: deps.config.publicUrl,
      },
      workspace,
      token,
    )
    return c.body(xml, 200, { 'content-type': 'application/rss+xml; charset=utf-8' })
  })

  // GET /v1/changelog/feed-link - the caller's feed URL (a contact's is personal)
  app.openapi(operations.getChangelogFeedLink, async (c) => {
    const deps = c.get('deps')
    return c.json(await changelogFeedLink(serviceContext(c), deps.secret, deps.config.publicUrl), 200)
  })

  // GET /v1/changelog/subscription - whether the caller follows the changelog
  app.openapi(operations.getChangelogSubscription, async (c) => {
    return c.json(await getChangelogSubscription(serviceContext(c)), 200)
  })

  // PUT /v1/changelog/subscription - follow the changelog
  app.openapi(operations.subscribeToChangelog, async (c) => {
    return c.json(await subscribeToChangelog(serviceContext(c)), 200)
  })

  // DELETE /v1/changelog/subscription - stop following the changelog
  app.openapi(operations.unsubscribeFromChangelog, async (c) => {
    await unsubscribeFromChangelog(serviceContext(c))
    return c.body(null, 204)
  })

  // GET /v1/changelog/subscribers - staff: who follows the changelog
  app.openapi(operations.listChangelogSubscribers, async (c) => {
    const query = queryOf(operations.listChangelogSubscribers, c.req.valid('query'))
    const page = await listChangelogSubscribers(serviceContext(c), query, c.get('deps').secret)
    return c.json({ data: page.rows.map(toChangelogSubscription), nextCursor: page.nextCursor }, 200)
  })

  // POST /v1/changelog/unsubscribe - one-click unsubscribe with an email's token (public)
  app.openapi(operations.unsubscribeFromChangelogByToken, async (c) => {
    const token = c.req.valid('json').token ?? c.req.valid('form').token ?? c.req.valid('query').token
    if (!token) {
      throw validationFailed([
        { path: 'query.token', code: 'required', message: 'send the token in the URL or the body' },
      ])
    }
    const answer = await unsubscribeChangelogByToken(
      requestDb(c),
      c.get('deps').secret,
      token,
      c.get('origin'),
    )
    return c.json(answer, 200)
  })

  // GET /v1/changelog/{entryId} - one entry
  app.openapi(operations.getChangelogEntry, async (c) => {
    const { row, linked, effective } = await getChangelogEntryOrThrow(
      serviceContext(c),
      c.req.valid('param').entryId,
    )
    if (isNotModified(c, row.version)) return c.body(null, 304, { etag: etagOf(row.version) })
    return c.json(toEntry(row, linked, effective), 200, { etag: etagOf(row.version) })
  })

  // PATCH /v1/changelog/{entryId} - change an entry, or take it back to draft
  app.openapi(operations.updateChangelogEntry, async (c) => {
    const { row, linked, effective } = await updateChangelogEntry(
      serviceContext(c),
      c.req.valid('param').entryId as ChangelogEntryId,
      c.req.valid('json'),
      c.req.header('if-match'),
    )
    return c.json(toEntry(row, linked, effective), 200, { etag: etagOf(row.version) })
  })

  // DELETE /v1/changelog/{entryId} - delete an entry
  app.openapi(operations.deleteChangelogEntry, async (c) => {
    await deleteChangelogEntry(
      serviceContext(c),
      c.req.valid('param').entryId as ChangelogEntryId,
      c.req.header('if-match'),
    )
    return c.body(null, 204)
  })

  // POST /v1/changelog/{entryId}/publish - publish now, or schedule with publishAt
  app.openapi(operations.publishChangelogEntry, async (c) => {
    const { row, linked, effective } = await publishChangelogEntry(
      serviceContext(c),
      c.req.valid('param').entryId as ChangelogEntryId,
      c.req.valid('json'),
    )
    return c.json(toEntry(row, linked, effective), 200, { etag: etagOf(row.version) })
  })
}
