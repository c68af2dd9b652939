import { and, desc, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { publishDueArticles } from '../../src/areas/help-center/service'
import { createSession } from '../../src/auth/sessions'
import { Authorizer, instance } from '../../src/authz/authorizer'
import { ContactActor } from '../../src/authz/principal'
import { resourceSpec } from '../../src/authz/resources'
import { queryRows } from '../../src/db/database'
import { auditEntries, events, organizations } from '../../src/db/schema'
import { articles, helpCategories } from '../../src/db/schema/help-center'
import { contentAudiences } from '../../src/db/schema/segments'
import { type ContactId, idToUuid, newId, type WorkspaceId } from '../../src/ids'
import { type Audience, narrows, narrowsSql, type Visibility } from '../../src/kit/audience'
import { createTestApp, expectProblem, newContact, newContactSession, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

type Workspace = Awaited<ReturnType<TestApp['newWorkspace']>>
type Res = { status: number; body: any; headers: Headers; text: string }

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })

const eventTypes = async (resourceId: string) =>
  (
    await t.database.db
      .select({ type: events.type })
      .from(events)
      .where(eq(events.resourceId, resourceId))
      .orderBy(events.occurredAt, events.id)
  ).map((e) => e.type)

const contactOf = (ws: Workspace) => newContactSession(t, ws.workspaceId)

async function visitorOf(ws: Workspace) {
  const origin = 'https://help.visitors.test'
  const profile = await call('POST', '/v1/widget-profiles', ws.key, {
    name: 'Help',
    allowedOrigins: [origin],
  })
  expect(profile.status, profile.text).toBe(201)
  return (method: string, path: string, body?: unknown) =>
    call(method, path, profile.body.publishableKey, body, { origin })
}

const makeCategory = async (key: string, body: Record<string, unknown> = {}) => {
  const res = await call('POST', '/v1/help-center/categories', key, { name: 'Getting started', ...body })
  expect(res.status, res.text).toBe(201)
  return res.body
}

const makeArticle = async (key: string, body: Record<string, unknown>) => {
  const res = await call('POST', '/v1/help-center/articles', key, {
    title: `Article ${Math.random().toString(36).slice(2, 8)}`,
    ...body,
  })
  expect(res.status, res.text).toBe(201)
  return res.body
}

const ids = (res: Res) => res.body.data.map((x: { id: string }) => x.id)
const future = () => new Date(Date.now() + 3_600_000).toISOString()

describe('help-centre categories', () => {
  it('creates, nests, reads, updates and deletes categories; emits and audits each change', async () => {
    const ws = await t.newWorkspace()
    const root = await makeCategory(ws.key, { description: 'First steps', position: 2 })
    expect(root).toMatchObject({
      parentId: null,
      name: 'Getting started',
      position: 2,
      visibility: { audience: 'public', segmentIds: [], organizationIds: [] },
      effectiveAudience: 'public',
      archived: false,
    })
    const child = await makeCategory(ws.key, {
      name: 'Billing',
      parentId: root.id,
      visibility: { audience: 'staff' },
    })
    expect(child).toMatchObject({ parentId: root.id, effectiveAudience: 'staff' })
    const list = await call('GET', `/v1/help-center/categories?parentId=${root.id}`, ws.key)
    expect(ids(list)).toEqual([child.id])
    const got = await call('GET', `/v1/help-center/categories/${root.id}`, ws.key)
    expect(got.status).toBe(200)
    expect(got.headers.get('etag')).toBe('"1"')
    const renamed = await call(
      'PATCH',
      `/v1/help-center/categories/${root.id}`,
      ws.key,
      { name: 'Start here' },
      {
        'if-match': '"1"',
      },
    )
    expect(renamed.status, renamed.text).toBe(200)
    expect(renamed.body.name).toBe('Start here')
    const stale = await call(
      'PATCH',
      `/v1/help-center/categories/${root.id}`,
      ws.key,
      { name: 'X' },
      {
        'if-match': '"1"',
      },
    )
    expectProblem(stale, 412, 'precondition_failed')
    expectProblem(
      await call('DELETE', `/v1/help-center/categories/${root.id}`, ws.key),
      409,
      'category_not_empty',
    )
    expect((await call('DELETE', `/v1/help-center/categories/${child.id}`, ws.key)).status).toBe(204)
    expect((await call('DELETE', `/v1/help-center/categories/${root.id}`, ws.key)).status).toBe(204)
    expect(await eventTypes(root.id)).toEqual([
      'help_category.created',
      'help_category.updated',
      'help_category.deleted',
    ])
    const audited = await t.database.db
      .select({ type: auditEntries.type })
      .from(auditEntries)
      .where(and(eq(auditEntries.workspaceId, ws.workspaceId), eq(auditEntries.resourceId, child.id)))
      .orderBy(auditEntries.occurredAt, auditEntries.id)
    expect(audited.map((a) => a.type)).toEqual(['help_category.created', 'help_category.deleted'])
  })

  it('refuses a cycle (422 category_cycle), a missing parent (422 category_not_found)', async () => {
    const ws = await t.newWorkspace()
    const a = await makeCategory(ws.key, { name: 'A' })
    const b = await makeCategory(ws.key, { name: 'B', parentId: a.id })
    const c = await makeCategory(ws.key, { name: 'C', parentId: b.id })
    const cycle = await call('PATCH', `/v1/help-center/categories/${a.id}`, ws.key, { parentId: c.id })
    expectProblem(cycle, 422, 'category_cycle')
    expect(cycle.body.errors).toEqual([
      expect.objectContaining({ path: 'body.parentId', code: 'category_cycle' }),
    ])
    expectProblem(
      await call('PATCH', `/v1/help-center/categories/${a.id}`, ws.key, { parentId: a.id }),
      422,
      'category_cycle',
    )
    const other = await t.newWorkspace()
    const foreign = await makeCategory(other.key)
    expectProblem(
      await call('POST', '/v1/help-center/categories', ws.key, { name: 'X', parentId: foreign.id }),
      422,
      'category_not_found',
    )
    // Moving a subtree elsewhere is fine, and its effective audience follows the new parent.
    const staff = await makeCategory(ws.key, { name: 'Internal', visibility: { audience: 'staff' } })
    const moved = await call('PATCH', `/v1/help-center/categories/${b.id}`, ws.key, { parentId: staff.id })
    expect(moved.status, moved.text).toBe(200)
    expect(moved.body.effectiveAudience).toBe('staff')
    const leaf = await call('GET', `/v1/help-center/categories/${c.id}`, ws.key)
    expect(leaf.body.effectiveAudience).toBe('staff')
  })

  it('bad input is a 400 naming the field', async () => {
    const ws = await t.newWorkspace()
    expectProblem(
      await call('POST', '/v1/help-center/categories', ws.key, { name: '  ' }),
      400,
      'validation_failed',
    )
    expectProblem(
      await call('POST', '/v1/help-center/categories', ws.key, {
        name: 'X',
        visibility: { audience: 'everyone' },
      }),
      400,
      'validation_failed',
    )
    expectProblem(
      await call('GET', '/v1/help-center/categories/art_01jh2x3y4z5a6b7c8d9e0f1g2h', ws.key),
      400,
      'validation_failed',
    )
  })
})

describe('help-centre articles', () => {
  it('creates a draft, publishes it (content.publish), reads it with its ETag; events and audit', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key)
    const res = await call('POST', '/v1/help-center/articles', ws.key, {
      categoryId: category.id,
      title: 'Reset your password',
      body: 'Open **Settings**.',
      locale: 'en-us',
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      categoryId: category.id,
      locale: 'en-US',
      slug: 'reset-your-password',
      state: 'draft',
      publishedAt: null,
      visibility: { audience: 'public' },
      inheritsVisibility: true,
      helpfulCount: 0,
      translations: [],
    })
    expect(res.headers.get('location')).toBe(`/v1/help-center/articles/${res.body.id}`)
    const published = await call('PATCH', `/v1/help-center/articles/${res.body.id}`, ws.key, {
      state: 'published',
    })
    expect(published.status, published.text).toBe(200)
    expect(published.body.publishedAt).not.toBeNull()
    expect(await eventTypes(res.body.id)).toEqual(['article.created', 'article.updated', 'article.published'])
    const got = await call('GET', `/v1/help-center/articles/${res.body.id}`, ws.key)
    expect(got.headers.get('etag')).toBe('"2"')
    expect(
      (
        await call('GET', `/v1/help-center/articles/${res.body.id}`, ws.key, undefined, {
          'if-none-match': '"2"',
        })
      ).status,
    ).toBe(304)
    const audit = await t.database.db
      .select({ type: auditEntries.type })
      .from(auditEntries)
      .where(eq(auditEntries.resourceId, res.body.id))
    expect(audit.map((a) => a.type).sort()).toEqual([
      'article.created',
      'article.published',
      'article.updated',
    ])
    expect((await call('DELETE', `/v1/help-center/articles/${res.body.id}`, ws.key)).status).toBe(204)
    expect((await call('GET', `/v1/help-center/articles/${res.body.id}`, ws.key)).status).toBe(404)
  })

  it('refuses an unknown or archived category, a wider audience, a taken slug, a bad locale and a past schedule', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key, { visibility: { audience: 'authenticated' } })
    const archived = await makeCategory(ws.key, { name: 'Old', archived: true })
    const under = await makeCategory(ws.key, { name: 'Under old', parentId: archived.id })
    const post = (body: Record<string, unknown>) =>
      call('POST', '/v1/help-center/articles', ws.key, {
        title: 'Export data',
        categoryId: category.id,
        ...body,
      })
    expectProblem(await post({ categoryId: 'hcat_01jh2x3y4z5a6b7c8d9e0f1g2h' }), 422, 'category_not_found')
    expectProblem(await post({ categoryId: archived.id }), 422, 'category_archived')
    expectProblem(await post({ categoryId: under.id }), 422, 'category_archived')
    const wider = await post({ visibility: { audience: 'public' } })
    expectProblem(wider, 422, 'visibility_wider_than_category')
    const bad = await post({ locale: 'en_US!' })
    expectProblem(bad, 422, 'invalid_locale')
    expect(bad.body.errors[0].path).toBe('body.locale')
    expectProblem(
      await post({ state: 'scheduled', publishAt: '2020-01-01T00:00:00.000Z' }),
      422,
      'schedule_in_past',
    )
    expectProblem(await post({ state: 'scheduled' }), 400, 'validation_failed')
    expectProblem(await post({ publishAt: future() }), 400, 'validation_failed')
    expect((await post({})).status).toBe(201)
    const taken = await post({})
    expectProblem(taken, 409, 'slug_taken')
    // The same slug in another locale is fine.
    expect((await post({ locale: 'de' })).status).toBe(201)
    const narrower = await post({ slug: 'narrow', visibility: { audience: 'staff' } })
    expect(narrower.status, narrower.text).toBe(201)
    expect(narrower.body).toMatchObject({ visibility: { audience: 'staff' }, inheritsVisibility: false })
    // Moving an article into an archived category is refused too.
    expectProblem(
      await call('PATCH', `/v1/help-center/articles/${narrower.body.id}`, ws.key, {
        categoryId: archived.id,
      }),
      422,
      'category_archived',
    )
  })

  it('scheduled articles and translations are published by the tick exactly once', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key)
    const article = await makeArticle(ws.key, {
      categoryId: category.id,
      state: 'scheduled',
      publishAt: future(),
    })
    expect(article.state).toBe('scheduled')
    const translated = await call('PUT', `/v1/help-center/articles/${article.id}/translations/fr`, ws.key, {
      title: 'Bonjour',
      state: 'scheduled',
      publishAt: future(),
    })
    expect(translated.status, translated.text).toBe(200)
    // Nothing is due yet.
    await publishDueArticles(t.database.db)
    expect((await call('GET', `/v1/help-center/articles/${article.id}`, ws.key)).body.state).toBe('scheduled')
    const later = new Date(Date.now() + 2 * 3_600_000)
    await Promise.all([publishDueArticles(t.database.db, later), publishDueArticles(t.database.db, later)])
    const got = await call('GET', `/v1/help-center/articles/${article.id}`, ws.key)
    expect(got.body.state).toBe('published')
    // Created (1), translated (2), then the tick published the article (3) and its translation (4).
    expect(got.headers.get('etag')).toBe('"4"')
    expect(got.body.translations[0]).toMatchObject({ locale: 'fr', state: 'published' })
    const types = await eventTypes(article.id)
    expect(types.filter((x) => x === 'article.published')).toHaveLength(2)
  })

  it('translations: own state and slug, BCP 47 locale, readers see published ones only', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key)
    const article = await makeArticle(ws.key, {
      categoryId: category.id,
      title: 'Invoices',
      state: 'published',
    })
    const put = (locale: string, body: Record<string, unknown>) =>
      call('PUT', `/v1/help-center/articles/${article.id}/translations/${locale}`, ws.key, body)
    expectProblem(await put('not a tag', { title: 'x' }), 422, 'invalid_locale')
    expectProblem(await put('en', { title: 'x' }), 400, 'validation_failed')
    expect((await put('fr', { title: 'Factures', state: 'published' })).status).toBe(200)
    const de = await put('de-de', { title: 'Rechnungen' })
    expect(de.status, de.text).toBe(200)
    expect(de.body.translations.map((x: { locale: string; state: string }) => [x.locale, x.state])).toEqual([
      ['de-DE', 'draft'],
      ['fr', 'published'],
    ])
    expectProblem(
      await put('fr', { title: 'x', state: 'scheduled', publishAt: '2020-01-01T00:00:00Z' }),
      422,
      'schedule_in_past',
    )
    const other = await makeArticle(ws.key, { categoryId: category.id, title: 'Other' })
    expectProblem(
      await call('PUT', `/v1/help-center/articles/${other.id}/translations/fr`, ws.key, {
        title: 'Factures',
      }),
      409,
      'slug_taken',
    )
    const contact = await contactOf(ws)
    const read = await call('GET', `/v1/help-center/articles/${article.id}`, contact.key)
    expect(read.status, read.text).toBe(200)
    expect(read.body.translations.map((x: { locale: string }) => x.locale)).toEqual(['fr'])
    expect(await eventTypes(article.id)).toContain('article.updated')
  })

  it('helpful votes: one per contact (replaced), anonymous visitors counted, with a reason', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key)
    const article = await makeArticle(ws.key, { categoryId: category.id, state: 'published' })
    const contact = await contactOf(ws)
    const vote = (key: string, body: Record<string, unknown>) =>
      call('POST', `/v1/help-center/articles/${article.id}/votes`, key, body)
    const first = await vote(contact.key, { helpful: false, reason: 'Outdated screenshots' })
    expect(first.status, first.text).toBe(201)
    expect(first.body).toMatchObject({
      helpful: false,
      reason: 'Outdated screenshots',
      helpfulCount: 0,
      notHelpfulCount: 1,
    })
    const changed = await vote(contact.key, { helpful: true })
    expect(changed.body).toMatchObject({ helpfulCount: 1, notHelpfulCount: 0 })
    const visit = await visitorOf(ws)
    const anon = await visit('POST', `/v1/help-center/articles/${article.id}/votes`, { helpful: true })
    expect(anon.status, anon.text).toBe(201)
    expect(anon.body).toMatchObject({ helpfulCount: 2, notHelpfulCount: 0 })
    expectProblem(await vote(contact.key, { helpful: true, locale: '??' }), 422, 'invalid_locale')
    const draft = await makeArticle(ws.key, { categoryId: category.id })
    expect(
      (await call('POST', `/v1/help-center/articles/${draft.id}/votes`, contact.key, { helpful: true }))
        .status,
    ).toBe(404)
    expect(await eventTypes(article.id)).toContain('article.voted')
  })
})

describe('help-centre visibility and security', () => {
  it('each reader sees what its audience admits, never drafts or archived categories', async () => {
    const ws = await t.newWorkspace()
    const pub = await makeCategory(ws.key, { name: 'Public' })
    const signedIn = await makeCategory(ws.key, {
      name: 'Customers',
      visibility: { audience: 'authenticated' },
    })
    const internal = await makeCategory(ws.key, { name: 'Internal', visibility: { audience: 'staff' } })
    const archived = await makeCategory(ws.key, { name: 'Archived' })
    const a = {
      pub: await makeArticle(ws.key, { categoryId: pub.id, state: 'published' }),
      narrowed: await makeArticle(ws.key, {
        categoryId: pub.id,
        state: 'published',
        visibility: { audience: 'authenticated' },
      }),
      signedIn: await makeArticle(ws.key, { categoryId: signedIn.id, state: 'published' }),
      internal: await makeArticle(ws.key, { categoryId: internal.id, state: 'published' }),
      draft: await makeArticle(ws.key, { categoryId: pub.id }),
      archived: await makeArticle(ws.key, { categoryId: archived.id, state: 'published' }),
    }
    const archive = await call('PATCH', `/v1/help-center/categories/${archived.id}`, ws.key, {
      archived: true,
    })
    expect(archive.status).toBe(200)
    const contact = await contactOf(ws)
    const visit = await visitorOf(ws)
    const staffIds = ids(await call('GET', '/v1/help-center/articles?limit=100', ws.key))
    expect(staffIds.sort()).toEqual(
      Object.values(a)
        .map((x) => x.id)
        .sort(),
    )
    const contactIds = ids(await call('GET', '/v1/help-center/articles', contact.key))
    expect(contactIds.sort()).toEqual([a.pub.id, a.narrowed.id, a.signedIn.id].sort())
    const visitor = await visit('GET', '/v1/help-center/articles')
    expect(visitor.status, visitor.text).toBe(200)
    expect(ids(visitor)).toEqual([a.pub.id])
    expect(ids(await visit('GET', `/v1/help-center/articles?categoryId=${pub.id}`))).toEqual([a.pub.id])
    for (const hidden of [a.narrowed, a.signedIn, a.internal, a.draft, a.archived]) {
      expect((await visit('GET', `/v1/help-center/articles/${hidden.id}`)).status).toBe(404)
    }
    for (const hidden of [a.internal, a.draft, a.archived]) {
      expect((await call('GET', `/v1/help-center/articles/${hidden.id}`, contact.key)).status).toBe(404)
    }
    expect(ids(await call('GET', '/v1/help-center/categories', contact.key)).sort()).toEqual(
      [pub.id, signedIn.id].sort(),
    )
    expect(ids(await visit('GET', '/v1/help-center/categories'))).toEqual([pub.id])
    // Narrowing a category narrows its articles for readers at once.
    await call('PATCH', `/v1/help-center/categories/${pub.id}`, ws.key, { visibility: { audience: 'staff' } })
    expect(ids(await visit('GET', '/v1/help-center/articles'))).toEqual([])
    // Readers change nothing.
    expect((await visit('POST', '/v1/help-center/articles', { categoryId: pub.id, title: 'x' })).status).toBe(
      403,
    )
    expect((await call('POST', '/v1/help-center/categories', contact.key, { name: 'x' })).status).toBe(403)
  })

  it('no credential 401; another workspace 404; wrong role and wrong scope 403', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key)
    const article = await makeArticle(ws.key, { categoryId: category.id })
    expectProblem(await call('GET', '/v1/help-center/articles'), 401, 'unauthorized')
    expectProblem(
      await call('POST', '/v1/help-center/categories', undefined, { name: 'x' }),
      401,
      'unauthorized',
    )
    const other = await t.newWorkspace()
    expect((await call('GET', `/v1/help-center/articles/${article.id}`, other.key)).status).toBe(404)
    expect(
      (await call('PATCH', `/v1/help-center/articles/${article.id}`, other.key, { title: 'x' })).status,
    ).toBe(404)
    expect((await call('GET', `/v1/help-center/categories/${category.id}`, other.key)).status).toBe(404)
    expect(ids(await call('GET', '/v1/help-center/articles', other.key))).toEqual([])
    // An agent reads content but does not write it.
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const write = await call('PATCH', `/v1/help-center/articles/${article.id}`, agent.key, { title: 'x' })
    expectProblem(write, 403, 'forbidden')
    expect(write.body.missingPermission).toBe('content.manage')
    expect((await call('GET', `/v1/help-center/articles/${article.id}`, agent.key)).status).toBe(200)
    const supervisor = await t.newMember(ws.workspaceId, { roles: [{ role: 'supervisor' }] })
    expect(
      (await call('PATCH', `/v1/help-center/articles/${article.id}`, supervisor.key, { state: 'published' }))
        .status,
    ).toBe(200)
    const readOnly = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['content:read'],
    })
    const scoped = await call('POST', '/v1/help-center/categories', readOnly.key, { name: 'x' })
    expectProblem(scoped, 403, 'forbidden')
    expect(scoped.body.missingScope).toBe('content:write')
    const unrelated = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    expect((await call('GET', '/v1/help-center/articles', unrelated.key)).status).toBe(403)
  })

  it('publishing needs content.publish', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key)
    const roles = await call('POST', '/v1/roles', ws.key, {
      name: 'Writer',
      permissions: ['content.read', 'content.manage'],
    })
    expect(roles.status, roles.text).toBe(201)
    const writer = await t.newMember(ws.workspaceId, { roles: [{ role: roles.body.id }] })
    const draft = await makeArticle(writer.key, { categoryId: category.id })
    const publish = await call('PATCH', `/v1/help-center/articles/${draft.id}`, writer.key, {
      state: 'published',
    })
    expectProblem(publish, 403, 'forbidden')
    expect(publish.body.missingPermission).toBe('content.publish')
    const direct = await call('POST', '/v1/help-center/articles', writer.key, {
      categoryId: category.id,
      title: 'Direct',
      state: 'published',
    })
    expectProblem(direct, 403, 'forbidden')
    const [row] = await t.database.db.select().from(articles).where(eq(articles.id, draft.id))
    expect(row?.state).toBe('draft')
  })
})

describe('help-centre search', () => {
  it('articles join GET /v1/search, ranked with snippets, filtered by what the caller may read', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key)
    const shown = await makeArticle(ws.key, {
      categoryId: category.id,
      title: 'Export invoices to PDF',
      body: 'Open billing and choose export.',
      state: 'published',
    })
    const internal = await makeArticle(ws.key, {
      categoryId: category.id,
      title: 'Export internals',
      state: 'published',
      visibility: { audience: 'staff' },
    })
    const draft = await makeArticle(ws.key, { categoryId: category.id, title: 'Export draft' })
    const staff = await call('GET', '/v1/search?q=export&types=articles', ws.key)
    expect(staff.status, staff.text).toBe(200)
    expect(ids(staff).sort()).toEqual([shown.id, internal.id, draft.id].sort())
    const visit = await visitorOf(ws)
    const anonymous = await visit('GET', '/v1/search?q=export&types=articles,posts')
    expect(anonymous.status, anonymous.text).toBe(200)
    expect(anonymous.body.data).toEqual([
      expect.objectContaining({
        type: 'article',
        id: shown.id,
        postId: null,
        title: 'Export invoices to PDF',
      }),
    ])
    expect(anonymous.body.data[0].snippet).toContain('<mark>Export</mark>')
    const contact = await contactOf(ws)
    expect(ids(await call('GET', '/v1/search?q=export&types=articles', contact.key))).toEqual([shown.id])
    expectProblem(await call('GET', '/v1/search?q=export&types=manuals', ws.key), 400, 'validation_failed')
    const other = await t.newWorkspace()
    expect(ids(await call('GET', '/v1/search?q=export&types=articles', other.key))).toEqual([])
    const unrelated = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    expect((await call('GET', '/v1/search?q=export&types=articles', unrelated.key)).status).toBe(403)
  })
})

describe('help-centre search of translations', () => {
  it('matches translated titles and bodies, answers the locale, and shows readers published translations only', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key)
    const article = await makeArticle(ws.key, {
      categoryId: category.id,
      title: 'Export invoices',
      body: 'Open billing and choose export.',
      state: 'published',
    })
    const put = (locale: string, body: Record<string, unknown>) =>
      call('PUT', `/v1/help-center/articles/${article.id}/translations/${locale}`, ws.key, body)
    expect(
      (await put('de', { title: 'Rechnungen exportieren', body: 'Abrechnung öffnen.', state: 'published' }))
        .status,
    ).toBe(200)
    expect((await put('fr', { title: 'Exporter les factures', body: 'Ouvrez la facturation.' })).status).toBe(
      200,
    )

    const contact = await contactOf(ws)
    const german = await call('GET', '/v1/search?q=rechnungen&types=articles', contact.key)
    expect(german.status, german.text).toBe(200)
    expect(german.body.data).toEqual([
      expect.objectContaining({
        type: 'article',
        id: article.id,
        locale: 'de',
        title: 'Rechnungen exportieren',
      }),
    ])
    expect(german.body.data[0].snippet).toContain('<mark>Rechnungen</mark>')
    // The body of a translation matches too.
    expect(ids(await call('GET', '/v1/search?q=abrechnung&types=articles', contact.key))).toEqual([
      article.id,
    ])
    // The article's own text answers in its own locale, once.
    const own = await call('GET', '/v1/search?q=invoices&types=articles', contact.key)
    expect(own.body.data).toEqual([
      expect.objectContaining({ id: article.id, locale: 'en', title: 'Export invoices' }),
    ])
    // A draft translation: staff find it, readers do not.
    expect(ids(await call('GET', '/v1/search?q=facturation&types=articles', contact.key))).toEqual([])
    const visit = await visitorOf(ws)
    expect(ids(await visit('GET', '/v1/search?q=facturation&types=articles'))).toEqual([])
    const staff = await call('GET', '/v1/search?q=facturation&types=articles', ws.key)
    expect(staff.body.data).toEqual([expect.objectContaining({ id: article.id, locale: 'fr' })])
    // A translation of an article the reader may not read is not found either.
    const internal = await makeArticle(ws.key, {
      categoryId: category.id,
      title: 'Internal',
      state: 'published',
      visibility: { audience: 'staff' },
    })
    await call('PUT', `/v1/help-center/articles/${internal.id}/translations/de`, ws.key, {
      title: 'Interne Rechnungen',
      state: 'published',
    })
    expect(ids(await call('GET', '/v1/search?q=rechnungen&types=articles', contact.key))).toEqual([
      article.id,
    ])
    expect(ids(await call('GET', '/v1/search?q=rechnungen&types=articles', ws.key)).sort()).toEqual(
      [article.id, internal.id].sort(),
    )
    // Another workspace finds nothing of this one's translations.
    const other = await t.newWorkspace()
    expect(ids(await call('GET', '/v1/search?q=rechnungen&types=articles', other.key))).toEqual([])
  })
})

describe('DELETE /v1/help-center/articles/{articleId}/translations/{locale}', () => {
  it('deletes one translation, bumps the article ETag, emits article.updated; then it is neither read nor searched', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key)
    const article = await makeArticle(ws.key, {
      categoryId: category.id,
      title: 'Invoices',
      state: 'published',
    })
    const path = (locale: string) => `/v1/help-center/articles/${article.id}/translations/${locale}`
    const put = await call('PUT', path('de'), ws.key, { title: 'Rechnungen', state: 'published' })
    expect(put.status, put.text).toBe(200)
    const latest = await call('PUT', path('fr'), ws.key, { title: 'Factures' })

    // A stale If-Match is refused; the current one works.
    expectProblem(
      await call('DELETE', path('de'), ws.key, undefined, { 'if-match': '"1"' }),
      412,
      'precondition_failed',
    )
    const deleted = await call('DELETE', path('de'), ws.key, undefined, {
      'if-match': latest.headers.get('etag') as string,
    })
    expect(deleted.status, deleted.text).toBe(200)
    expect(deleted.body.translations.map((x: { locale: string }) => x.locale)).toEqual(['fr'])
    expect(deleted.headers.get('etag')).not.toBe(latest.headers.get('etag'))
    const [event] = await t.database.db
      .select({ data: events.data })
      .from(events)
      .where(and(eq(events.resourceId, article.id), eq(events.type, 'article.updated')))
      .orderBy(desc(events.occurredAt), desc(events.id))
      .limit(1)
    expect((event?.data as any)?.previous['translations.de']).toMatchObject({
      locale: 'de',
      title: 'Rechnungen',
    })

    const contact = await contactOf(ws)
    expect(
      (await call('GET', `/v1/help-center/articles/${article.id}`, contact.key)).body.translations,
    ).toEqual([])
    expect(ids(await call('GET', '/v1/search?q=rechnungen&types=articles', ws.key))).toEqual([])
    // Gone now, and a locale it never had: 404; a tag that is not BCP 47: 422.
    expectProblem(await call('DELETE', path('de'), ws.key), 404, 'not_found')
    expectProblem(await call('DELETE', path('it'), ws.key), 404, 'not_found')
    expectProblem(await call('DELETE', path('not a tag'), ws.key), 422, 'invalid_locale')
    // A draft translation goes with content.manage alone.
    const roles = await call('POST', '/v1/roles', ws.key, {
      name: 'Writer',
      permissions: ['content.read', 'content.manage'],
    })
    const writer = await t.newMember(ws.workspaceId, { roles: [{ role: roles.body.id }] })
    expect((await call('DELETE', path('fr'), writer.key)).status).toBe(200)
  })

  it('security: no credential 401, a contact or visitor 403/404, another workspace 404, a writer may not take a published one away', async () => {
    const ws = await t.newWorkspace()
    const category = await makeCategory(ws.key)
    const article = await makeArticle(ws.key, {
      categoryId: category.id,
      title: 'Invoices',
      state: 'published',
    })
    const path = `/v1/help-center/articles/${article.id}/translations/de`
    await call('PUT', path, ws.key, { title: 'Rechnungen', state: 'published' })
    expect((await call('DELETE', path)).status).toBe(401)
    const contact = await contactOf(ws)
    expectProblem(await call('DELETE', path, contact.key), 403, 'forbidden')
    const visit = await visitorOf(ws)
    expectProblem(await visit('DELETE', path), 403, 'forbidden')
    const other = await t.newWorkspace()
    expectProblem(await call('DELETE', path, other.key), 404, 'not_found')
    const roles = await call('POST', '/v1/roles', ws.key, {
      name: 'Writer',
      permissions: ['content.read', 'content.manage'],
    })
    const writer = await t.newMember(ws.workspaceId, { roles: [{ role: roles.body.id }] })
    const refused = await call('DELETE', path, writer.key)
    expectProblem(refused, 403, 'forbidden')
    expect(refused.body.missingPermission).toBe('content.publish')
    const reader = await t.newMember(ws.workspaceId, { roles: [{ role: 'admin' }], scopes: ['content:read'] })
    const scoped = await call('DELETE', path, reader.key)
    expectProblem(scoped, 403, 'forbidden')
    expect(scoped.body.missingScope).toBe('content:write')
    expect(
      (await call('GET', `/v1/help-center/articles/${article.id}`, contact.key)).body.translations,
    ).toHaveLength(1)
  })
})

// ------------------------------------------------------------------ category audiences (issue 14)

/**
 * A workspace with segments A and B, organisation X and a signed-in contact in each (and one in none), plus an
 * anonymous visitor: the readers of category audiences.
 */
async function audienceWorld() {
  const ws = await t.newWorkspace()
  const workspaceId = ws.workspaceId as WorkspaceId
  const segment = async (name: string) => {
    const res = await call('POST', '/v1/segments', ws.key, { name, kind: 'manual' })
    expect(res.status, res.text).toBe(201)
    return res.body.id as string
  }
  const segA = await segment('Segment A')
  const segB = await segment('Segment B')
  const [org] = await t.database.db
    .insert(organizations)
    .values({ id: newId('org'), workspaceId, name: 'Org X' })
    .returning()
  const orgX = org!.id as string
  const reader = async (fields: { segmentId?: string; organizationId?: string } = {}) => {
    const contact = await newContact(
      workspaceId,
      fields.organizationId ? { organizationId: fields.organizationId as never } : {},
    )
    if (fields.segmentId) {
      const added = await call('POST', `/v1/segments/${fields.segmentId}/members`, ws.key, {
        contactIds: [contact.id],
      })
      expect(added.status, added.text).toBeLessThan(300)
    }
    const session = await createSession(
      t.database.db,
      { workspaceId, contactId: contact.id as ContactId },
      { ip: null, userAgent: null },
    )
    return session.token
  }
  return {
    ws,
    segA,
    segB,
    orgX,
    inA: await reader({ segmentId: segA }),
    inB: await reader({ segmentId: segB }),
    inX: await reader({ organizationId: orgX }),
    neither: await reader(),
    visit: await visitorOf(ws),
  }
}

describe('help-centre category audiences: segments and organisations', () => {
  it('a segments category: its members read it, its subcategories and inherited articles (list, get, search); others 404', async () => {
    const w = await audienceWorld()
    const cat = await makeCategory(w.ws.key, {
      name: 'Partners',
      visibility: { audience: 'segments', segmentIds: [w.segA] },
    })
    expect(cat).toMatchObject({
      visibility: { audience: 'segments', segmentIds: [w.segA], organizationIds: [] },
      effectiveAudience: 'segments',
    })
    const sub = await makeCategory(w.ws.key, { name: 'Partner billing', parentId: cat.id })
    expect(sub).toMatchObject({ visibility: { audience: 'public' }, effectiveAudience: 'segments' })
    const pub = await makeCategory(w.ws.key, { name: 'Everyone' })
    const art = await makeArticle(w.ws.key, {
      categoryId: cat.id,
      title: 'Quokka partner guide',
      body: 'quokka',
      state: 'published',
    })
    expect(art).toMatchObject({
      visibility: { audience: 'segments', segmentIds: [w.segA], organizationIds: [] },
      inheritsVisibility: true,
    })
    const deep = await makeArticle(w.ws.key, {
      categoryId: sub.id,
      title: 'Quokka partner invoices',
      state: 'published',
    })
    expect(deep.visibility).toEqual({ audience: 'segments', segmentIds: [w.segA], organizationIds: [] })
    const open = await makeArticle(w.ws.key, {
      categoryId: pub.id,
      title: 'Quokka basics',
      state: 'published',
    })
    const search = (key: string) => call('GET', '/v1/search?q=quokka&types=articles', key)

    // A member of A: everything.
    for (const id of [art.id, deep.id]) {
      const got = await call('GET', `/v1/help-center/articles/${id}`, w.inA)
      expect(got.status, got.text).toBe(200)
    }
    expect(ids(await call('GET', '/v1/help-center/articles', w.inA)).sort()).toEqual(
      [art.id, deep.id, open.id].sort(),
    )
    expect(ids(await search(w.inA)).sort()).toEqual([art.id, deep.id, open.id].sort())
    expect((await call('GET', `/v1/help-center/categories/${cat.id}`, w.inA)).status).toBe(200)
    expect(ids(await call('GET', '/v1/help-center/categories', w.inA)).sort()).toEqual(
      [cat.id, sub.id, pub.id].sort(),
    )
    // Not in A (another segment, an organisation, none): neither the categories nor their articles.
    for (const key of [w.inB, w.inX, w.neither]) {
      for (const id of [art.id, deep.id]) {
        expectProblem(await call('GET', `/v1/help-center/articles/${id}`, key), 404, 'not_found')
      }
      for (const id of [cat.id, sub.id]) {
        expectProblem(await call('GET', `/v1/help-center/categories/${id}`, key), 404, 'not_found')
      }
      expect(ids(await call('GET', '/v1/help-center/articles', key))).toEqual([open.id])
      expect(ids(await call('GET', `/v1/help-center/articles?categoryId=${cat.id}`, key))).toEqual([])
      expect(ids(await search(key))).toEqual([open.id])
      expect(ids(await call('GET', '/v1/help-center/categories', key))).toEqual([pub.id])
      expect(
        (await call('POST', `/v1/help-center/articles/${art.id}/votes`, key, { helpful: true })).status,
      ).toBe(404)
    }
    // An anonymous visitor (publishable key): public only.
    for (const id of [art.id, deep.id]) {
      expect((await w.visit('GET', `/v1/help-center/articles/${id}`)).status).toBe(404)
    }
    expect((await w.visit('GET', `/v1/help-center/categories/${cat.id}`)).status).toBe(404)
    expect(ids(await w.visit('GET', '/v1/help-center/articles'))).toEqual([open.id])
    expect(ids(await w.visit('GET', '/v1/search?q=quokka&types=articles'))).toEqual([open.id])
    expect(ids(await w.visit('GET', '/v1/help-center/categories'))).toEqual([pub.id])
    // Staff see all of it.
    expect(ids(await search(w.ws.key)).sort()).toEqual([art.id, deep.id, open.id].sort())
    // Moving an inheriting article into the category re-scopes it at once.
    const moved = await call('PATCH', `/v1/help-center/articles/${open.id}`, w.ws.key, { categoryId: sub.id })
    expect(moved.status, moved.text).toBe(200)
    expect(moved.body.visibility).toEqual({ audience: 'segments', segmentIds: [w.segA], organizationIds: [] })
    expect((await call('GET', `/v1/help-center/articles/${open.id}`, w.neither)).status).toBe(404)
    expect((await call('GET', `/v1/help-center/articles/${open.id}`, w.inA)).status).toBe(200)
  })

  it('an organisations category admits its organisations only', async () => {
    const w = await audienceWorld()
    const cat = await makeCategory(w.ws.key, {
      name: 'Org X only',
      visibility: { audience: 'organizations', organizationIds: [w.orgX] },
    })
    expect(cat).toMatchObject({
      visibility: { audience: 'organizations', segmentIds: [], organizationIds: [w.orgX] },
      effectiveAudience: 'organizations',
    })
    const art = await makeArticle(w.ws.key, { categoryId: cat.id, title: 'Wombat setup', state: 'published' })
    expect(art.visibility).toEqual({ audience: 'organizations', segmentIds: [], organizationIds: [w.orgX] })
    expect((await call('GET', `/v1/help-center/articles/${art.id}`, w.inX)).status).toBe(200)
    expect((await call('GET', `/v1/help-center/categories/${cat.id}`, w.inX)).status).toBe(200)
    expect(ids(await call('GET', '/v1/search?q=wombat&types=articles', w.inX))).toEqual([art.id])
    for (const key of [w.inA, w.neither]) {
      expect((await call('GET', `/v1/help-center/articles/${art.id}`, key)).status).toBe(404)
      expect((await call('GET', `/v1/help-center/categories/${cat.id}`, key)).status).toBe(404)
      expect(ids(await call('GET', '/v1/help-center/articles', key))).toEqual([])
      expect(ids(await call('GET', '/v1/search?q=wombat&types=articles', key))).toEqual([])
    }
    expect((await w.visit('GET', `/v1/help-center/articles/${art.id}`)).status).toBe(404)
    expect(ids(await w.visit('GET', '/v1/search?q=wombat&types=articles'))).toEqual([])
    // The portal's navigation asks the same rules: a help-centre tab shows where its section or target is readable.
    const tab = await call('POST', '/v1/portal/tabs', w.ws.key, { kind: 'help_center', targetId: cat.id })
    expect(tab.status, tab.text).toBe(201)
    const helpTabs = async (key: string) => {
      const res = await call('GET', '/v1/portal/navigation', key)
      expect(res.status, res.text).toBe(200)
      return (res.body.tabs as Array<{ kind: string; targetId?: string }>).filter(
        (x) => x.kind === 'help_center',
      )
    }
    // The default help-centre tab (its section: the articles) and the one targeting the category.
    expect((await helpTabs(w.inX)).map((x) => x.targetId ?? null)).toEqual([null, cat.id])
    expect(await helpTabs(w.neither)).toEqual([])
    const nav = await w.visit('GET', '/v1/portal/navigation')
    expect(nav.status, nav.text).toBe(200)
    expect(nav.body.tabs.filter((x: { kind: string }) => x.kind === 'help_center')).toEqual([])
  })

  it('writes only narrow: 422 visibility_wider_than_category for articles and subcategories; unknown ids 422', async () => {
    const w = await audienceWorld()
    const ab = await makeCategory(w.ws.key, {
      name: 'A and B',
      visibility: { audience: 'segments', segmentIds: [w.segA, w.segB] },
    })
    const a = await makeCategory(w.ws.key, {
      name: 'A',
      visibility: { audience: 'segments', segmentIds: [w.segA] },
    })
    const article = (categoryId: string, visibility: unknown) =>
      call('POST', '/v1/help-center/articles', w.ws.key, {
        categoryId,
        title: `Narrow ${Math.random().toString(36).slice(2, 8)}`,
        visibility,
      })
    for (const visibility of [
      { audience: 'segments', segmentIds: [w.segB] },
      { audience: 'segments', segmentIds: [w.segA, w.segB] },
      { audience: 'organizations', organizationIds: [w.orgX] },
      { audience: 'authenticated' },
      { audience: 'public' },
    ]) {
      const res = await article(a.id, visibility)
      expectProblem(res, 422, 'visibility_wider_than_category')
      expect(res.body.errors[0]).toMatchObject({ code: 'visibility_wider_than_category' })
    }
    const subset = await article(ab.id, { audience: 'segments', segmentIds: [w.segA] })
    expect(subset.status, subset.text).toBe(201)
    expect(subset.body).toMatchObject({
      visibility: { audience: 'segments', segmentIds: [w.segA] },
      inheritsVisibility: false,
    })
    expect((await call('GET', `/v1/help-center/articles/${subset.body.id}`, w.inA)).status).toBe(404)
    await call('PATCH', `/v1/help-center/articles/${subset.body.id}`, w.ws.key, { state: 'published' })
    expect((await call('GET', `/v1/help-center/articles/${subset.body.id}`, w.inA)).status).toBe(200)
    expect((await call('GET', `/v1/help-center/articles/${subset.body.id}`, w.inB)).status).toBe(404)
    expect((await article(a.id, { audience: 'staff' })).status).toBe(201)
    // Moving an article whose own audience does not narrow the new category is refused.
    const own = await article(ab.id, { audience: 'segments', segmentIds: [w.segB] })
    expect(own.status).toBe(201)
    expectProblem(
      await call('PATCH', `/v1/help-center/articles/${own.body.id}`, w.ws.key, { categoryId: a.id }),
      422,
      'visibility_wider_than_category',
    )
    // Subcategories narrow their parent the same way.
    const child = (visibility: unknown, parentId = a.id) =>
      call('POST', '/v1/help-center/categories', w.ws.key, { name: 'Child', parentId, visibility })
    expectProblem(
      await child({ audience: 'segments', segmentIds: [w.segB] }),
      422,
      'visibility_wider_than_category',
    )
    expectProblem(await child({ audience: 'authenticated' }), 422, 'visibility_wider_than_category')
    const narrower = await child({ audience: 'segments', segmentIds: [w.segA] }, ab.id)
    expect(narrower.status, narrower.text).toBe(201)
    expect(narrower.body).toMatchObject({
      visibility: { audience: 'segments', segmentIds: [w.segA] },
      effectiveAudience: 'segments',
    })
    expectProblem(
      await call('PATCH', `/v1/help-center/categories/${narrower.body.id}`, w.ws.key, {
        visibility: { audience: 'organizations', organizationIds: [w.orgX] },
      }),
      422,
      'visibility_wider_than_category',
    )
    // Ids of no segment or organisation of the workspace.
    const unknown = await call('POST', '/v1/help-center/categories', w.ws.key, {
      name: 'Unknown',
      visibility: { audience: 'segments', segmentIds: [w.segA, newId('seg')] },
    })
    expectProblem(unknown, 422, 'segment_not_found')
    expect(unknown.body.errors[0].path).toBe('body.visibility.segmentIds[1]')
    expectProblem(
      await call('PATCH', `/v1/help-center/categories/${a.id}`, w.ws.key, {
        visibility: { audience: 'organizations', organizationIds: [newId('org')] },
      }),
      422,
      'organization_not_found',
    )
    expectProblem(
      await call('POST', '/v1/help-center/categories', w.ws.key, {
        name: 'Empty',
        visibility: { audience: 'segments' },
      }),
      400,
      'validation_failed',
    )
    // A contact may not write categories whatever their audience.
    expect((await call('POST', '/v1/help-center/categories', w.inA, { name: 'x' })).status).toBe(403)
  })

  it("changing a category's segments re-scopes its articles and subcategories; incomparable ones go staff-only", async () => {
    const w = await audienceWorld()
    const cat = await makeCategory(w.ws.key, {
      name: 'A and B',
      visibility: { audience: 'segments', segmentIds: [w.segA, w.segB] },
    })
    const sub = await makeCategory(w.ws.key, {
      name: 'B only',
      parentId: cat.id,
      visibility: { audience: 'segments', segmentIds: [w.segB] },
    })
    const published = { state: 'published' }
    const inherits = await makeArticle(w.ws.key, { categoryId: cat.id, ...published })
    const ownA = await makeArticle(w.ws.key, {
      categoryId: cat.id,
      ...published,
      visibility: { audience: 'segments', segmentIds: [w.segA] },
    })
    const ownB = await makeArticle(w.ws.key, {
      categoryId: cat.id,
      ...published,
      visibility: { audience: 'segments', segmentIds: [w.segB] },
    })
    const inSub = await makeArticle(w.ws.key, { categoryId: sub.id, ...published })
    const reads = async (key: string) => ids(await call('GET', '/v1/help-center/articles', key)).sort()
    expect(await reads(w.inA)).toEqual([inherits.id, ownA.id].sort())
    expect(await reads(w.inB)).toEqual([inherits.id, ownB.id, inSub.id].sort())

    const narrowed = await call(
      'PATCH',
      `/v1/help-center/categories/${cat.id}`,
      w.ws.key,
      { visibility: { audience: 'segments', segmentIds: [w.segA] } },
      { 'if-match': '"1"' },
    )
    expect(narrowed.status, narrowed.text).toBe(200)
    expect(narrowed.body.visibility.segmentIds).toEqual([w.segA])
    const [updated] = await t.database.db
      .select({ data: events.data })
      .from(events)
      .where(and(eq(events.resourceId, cat.id), eq(events.type, 'help_category.updated')))
    expect((updated!.data as any).previous).toMatchObject({ 'visibility.segmentIds': [w.segA, w.segB] })
    expect(await reads(w.inA)).toEqual([inherits.id, ownA.id].sort())
    expect(await reads(w.inB)).toEqual([])
    const staffView = async (id: string) =>
      (await call('GET', `/v1/help-center/articles/${id}`, w.ws.key)).body.visibility
    expect(await staffView(inherits.id)).toEqual({
      audience: 'segments',
      segmentIds: [w.segA],
      organizationIds: [],
    })
    // [B] under [A]: neither narrows the other, so nobody outside the staff.
    expect(await staffView(ownB.id)).toEqual({ audience: 'staff', segmentIds: [], organizationIds: [] })
    expect(await staffView(inSub.id)).toMatchObject({ audience: 'staff' })
    const subNow = await call('GET', `/v1/help-center/categories/${sub.id}`, w.ws.key)
    expect(subNow.body).toMatchObject({
      visibility: { audience: 'segments', segmentIds: [w.segB] },
      effectiveAudience: 'staff',
    })
    expect((await call('GET', `/v1/help-center/categories/${sub.id}`, w.inB)).status).toBe(404)
    expect((await call('GET', `/v1/help-center/categories/${sub.id}`, w.inA)).status).toBe(404)

    // Opening the category up gives each its own audience back.
    const opened = await call('PATCH', `/v1/help-center/categories/${cat.id}`, w.ws.key, {
      visibility: { audience: 'authenticated' },
    })
    expect(opened.status, opened.text).toBe(200)
    expect(opened.body.visibility).toEqual({ audience: 'authenticated', segmentIds: [], organizationIds: [] })
    expect(await staffView(ownB.id)).toEqual({
      audience: 'segments',
      segmentIds: [w.segB],
      organizationIds: [],
    })
    expect(await staffView(inherits.id)).toMatchObject({ audience: 'authenticated' })
    expect(await reads(w.inB)).toEqual([inherits.id, ownB.id, inSub.id].sort())
    expect(await reads(w.neither)).toEqual([inherits.id])
    expect(ids(await w.visit('GET', '/v1/help-center/articles'))).toEqual([])
    // Its grants went with the audience; deleting a category drops its grants too.
    const rows = async (id: string) =>
      t.database.db
        .select({ id: contentAudiences.id })
        .from(contentAudiences)
        .where(eq(contentAudiences.resourceId, idToUuid(id)))
    expect(await rows(cat.id)).toEqual([])
    const empty = await makeCategory(w.ws.key, {
      name: 'Empty',
      visibility: { audience: 'segments', segmentIds: [w.segA] },
    })
    expect((await rows(empty.id)).length).toBe(1)
    expect((await call('DELETE', `/v1/help-center/categories/${empty.id}`, w.ws.key)).status).toBe(204)
    expect(await rows(empty.id)).toEqual([])
    // The stored sources: the category holding the grants, or the article itself.
    const [catRow] = await t.database.db
      .select({ source: helpCategories.audienceSourceId })
      .from(helpCategories)
      .where(eq(helpCategories.id, sub.id))
    expect(catRow!.source).toBe(idToUuid(sub.id))
    const [artRow] = await t.database.db
      .select({ source: articles.audienceSourceId, effective: articles.effectiveAudience })
      .from(articles)
      .where(eq(articles.id, ownB.id))
    expect(artRow).toEqual({ source: idToUuid(ownB.id), effective: 'segments' })
    // Events carry the effective audience.
    const [event] = await t.database.db
      .select({ data: events.data })
      .from(events)
      .where(and(eq(events.resourceId, ownB.id), eq(events.type, 'article.created')))
    expect((event!.data as any).article.audience).toBe('segments')
  })

  it('the compiled read filter and oso.isAllowed agree on inherited audiences (the source relation in memory too)', async () => {
    const w = await audienceWorld()
    const workspaceId = w.ws.workspaceId as WorkspaceId
    const ab = await makeCategory(w.ws.key, {
      name: 'A and B',
      visibility: { audience: 'segments', segmentIds: [w.segA, w.segB] },
    })
    const b = await makeCategory(w.ws.key, {
      name: 'B',
      parentId: ab.id,
      visibility: { audience: 'segments', segmentIds: [w.segB] },
    })
    const x = await makeCategory(w.ws.key, {
      name: 'X',
      visibility: { audience: 'organizations', organizationIds: [w.orgX] },
    })
    const pub = await makeCategory(w.ws.key, { name: 'Public' })
    for (const categoryId of [ab.id, b.id, x.id, pub.id]) {
      await makeArticle(w.ws.key, { categoryId, state: 'published' })
    }
    await makeArticle(w.ws.key, {
      categoryId: ab.id,
      state: 'published',
      visibility: { audience: 'segments', segmentIds: [w.segA] },
    })
    await makeArticle(w.ws.key, {
      categoryId: pub.id,
      state: 'published',
      visibility: { audience: 'organizations', organizationIds: [w.orgX] },
    })
    const authorizer = new Authorizer()
    const contacts = [
      new ContactActor(newId('ct'), workspaceId, null, 'none', [], [w.segA]),
      new ContactActor(newId('ct'), workspaceId, null, 'none', [], [w.segB]),
      new ContactActor(newId('ct'), workspaceId, w.orgX, 'none', [], []),
      new ContactActor(newId('ct'), workspaceId, null, 'none', [], []),
    ]
    let admitted = 0
    for (const type of ['HelpCategory', 'Article'] as const) {
      const spec = resourceSpec(type)
      const rows = (await t.database.db
        .select(spec.fields)
        .from(spec.table)
        .where(eq(spec.fields.workspaceId!, workspaceId))) as Array<Record<string, unknown>>
      expect(rows.length).toBeGreaterThanOrEqual(4)
      for (const contact of contacts) {
        const filter = await authorizer.compile(contact, 'read', type)
        const allowed = new Set(
          (
            await t.database.db
              .select({ id: spec.fields.id! })
              .from(spec.table)
              .where(and(eq(spec.fields.workspaceId!, workspaceId), filter.where))
          ).map((r) => r.id as string),
        )
        for (const row of rows) {
          const expected = await authorizer.isAllowed(contact, 'read', instance(type, row), t.database.db)
          expect(allowed.has(row.id as string), `${type} ${JSON.stringify(row)}`).toBe(expected)
          if (expected) admitted += 1
        }
      }
    }
    expect(admitted).toBeGreaterThan(8)
  })

  it('narrowsSql (the recomputation) agrees with narrows (the write checks) on every pair', async () => {
    const [s1, s2, o1] = [newId('seg'), newId('seg'), newId('org')]
    const audiences: Visibility[] = [
      ...(['public', 'authenticated', 'staff'] as Audience[]).map((audience) => ({
        audience,
        segmentIds: [],
        organizationIds: [],
      })),
      { audience: 'segments', segmentIds: [s1], organizationIds: [] },
      { audience: 'segments', segmentIds: [s2], organizationIds: [] },
      { audience: 'segments', segmentIds: [s1, s2], organizationIds: [] },
      { audience: 'organizations', segmentIds: [], organizationIds: [o1] },
    ]
    const idsOf = (v: Visibility) =>
      sql`${`{${[...v.segmentIds, ...v.organizationIds].map(idToUuid).join(',')}}`}::uuid[]`
    for (const inner of audiences) {
      for (const outer of audiences) {
        const [row] = await queryRows<{ ok: boolean }>(
          t.database.db,
          sql`select ${narrowsSql(sql`${inner.audience}::text`, idsOf(inner), sql`${outer.audience}::text`, idsOf(outer))} as ok`,
        )
        expect(row?.ok, `${JSON.stringify(inner)} in ${JSON.stringify(outer)}`).toBe(narrows(inner, outer))
      }
    }
  })
})
