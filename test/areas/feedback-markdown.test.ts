import { beforeAll, describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../src/kit/markdown'
import { createTestApp, type TestApp } from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const call = (method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>) =>
  t.request(method, path, { key, body, headers })

/** Every attack below must leave no executable HTML: no script element, handler attribute or script URL. */
function expectInert(html: string) {
  expect(html).not.toMatch(/<script/i)
  // An attribute named on… after well-formed quoted attributes (text inside a quoted value is harmless).
  expect(html).not.toMatch(/<[a-z0-9]+(\s+[a-z-]+="[^"]*")*\s+on[a-z]+\s*=/i)
  expect(html).not.toMatch(/(href|src)\s*=\s*"?\s*(javascript|vbscript|data):/i)
  expect(html).not.toMatch(/<(iframe|object|embed|style|svg|math|form|input)/i)
}

describe('renderMarkdown', () => {
  it('renders Markdown: emphasis, links with rel, lists, code, tables, autolinks', () => {
    expect(renderMarkdown('We need **CSV** exports, see [docs](https://example.com/docs).')).toBe(
      '<p>We need <strong>CSV</strong> exports, see <a href="https://example.com/docs" rel="nofollow noopener noreferrer">docs</a>.</p>\n',
    )
    expect(renderMarkdown('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n')
    expect(renderMarkdown('`a < b`')).toBe('<p><code>a &lt; b</code></p>\n')
    expect(renderMarkdown('| a |\n|:-:|\n| 1 |')).toContain('<th style="text-align:center">a</th>')
    expect(renderMarkdown('go to https://example.com')).toContain(
      '<a href="https://example.com" rel="nofollow noopener noreferrer">https://example.com</a>',
    )
    expect(renderMarkdown('[relative](/v1/posts) [mail](mailto:a@example.com)')).toContain('href="/v1/posts"')
    expect(renderMarkdown('[mail](mailto:a@example.com)')).toContain('href="mailto:a@example.com"')
  })

  it.each([
    ['a script element', '<script>alert(1)</script>'],
    ['a script split over lines', '<scr\nipt>alert(1)</script>'],
    ['an image with onerror', '<img src=x onerror=alert(1)>'],
    ['an svg with onload', '<svg onload=alert(1)>'],
    ['an iframe', '<iframe src="https://evil.test"></iframe>'],
    ['a javascript: link', '[click](javascript:alert(1))'],
    ['an upper-case JavaScript: link', '[click](JaVaScRiPt:alert(1))'],
    ['an entity-obfuscated javascript: link', '[click](java&#x09;script:alert(1))'],
    ['a percent-encoded javascript: link', '[click](javascript%3Aalert(1))'],
    ['a vbscript: link', '[click](vbscript:msgbox(1))'],
    ['a data: text/html link', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a data: image', '![x](data:image/png;base64,iVBORw0KGgo=)'],
    ['a data: svg image', '![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)'],
    ['a javascript: image', '![x](javascript:alert(1))'],
    ['an autolink with javascript:', '<javascript:alert(1)>'],
    ['a title breaking out of its attribute', '[x](https://example.com "a\\" onmouseover=\\"alert(1)")'],
    ['a style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
    ['a protocol-relative link', '[x](//evil.test/a)'],
    ['a reference-style javascript: link', '[x][1]\n\n[1]: javascript:alert(1)'],
  ])('makes %s inert', (_, markdown) => {
    const html = renderMarkdown(markdown)
    expectInert(html)
    expect(html).not.toContain('href="//evil.test')
  })

  it('keeps the text of refused HTML visible as text', () => {
    expect(renderMarkdown('<b>bold?</b>')).toBe('<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n')
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href')
  })
})

describe('bodyFormat=html on posts and comments', () => {
  async function setup() {
    const ws = await t.newWorkspace()
    const board = await call('POST', '/v1/boards', ws.key, { name: 'Ideas' })
    expect(board.status, board.text).toBe(201)
    const post = await call('POST', '/v1/posts', ws.key, {
      boardId: board.body.id,
      title: 'Rendered body',
      body: 'We need **CSV** <img src=x onerror=alert(1)> [x](javascript:alert(1))',
    })
    expect(post.status, post.text).toBe(201)
    const bare = await call('POST', '/v1/posts', ws.key, { boardId: board.body.id, title: 'No body at all' })
    expect(bare.status, bare.text).toBe(201)
    const comment = await call('POST', `/v1/posts/${post.body.id}/comments`, ws.key, {
      body: 'Same _here_ <script>alert(1)</script>',
    })
    expect(comment.status, comment.text).toBe(201)
    return { ws, board: board.body, post: post.body, bare: bare.body, comment: comment.body }
  }

  it('getPost, listPosts, listSimilarPosts, getComment and listPostComments add sanitised bodyHtml; Markdown by default', async () => {
    const { ws, board, post, bare, comment } = await setup()
    const postHtml =
      '<p>We need <strong>CSV</strong> &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1))</p>\n'
    const one = await call('GET', `/v1/posts/${post.id}?bodyFormat=html`, ws.key)
    expect(one.status, one.text).toBe(200)
    expect(one.body.bodyHtml).toBe(postHtml)
    expect(one.body.body).toBe(post.body)
    const plain = await call('GET', `/v1/posts/${post.id}`, ws.key)
    expect(plain.body).not.toHaveProperty('bodyHtml')
    expect((await call('GET', `/v1/posts/${post.id}?bodyFormat=markdown`, ws.key)).body).not.toHaveProperty(
      'bodyHtml',
    )
    const list = await call('GET', `/v1/posts?boardId=${board.id}&bodyFormat=html`, ws.key)
    expect(list.status, list.text).toBe(200)
    const byId = new Map(list.body.data.map((p: { id: string; bodyHtml: unknown }) => [p.id, p.bodyHtml]))
    expect(byId.get(post.id)).toBe(postHtml)
    expect(byId.get(bare.id)).toBeNull()
    const similar = await call('GET', '/v1/posts/similar?title=rendered&bodyFormat=html', ws.key)
    expect(similar.status, similar.text).toBe(200)
    expect(similar.body.data[0].post.bodyHtml).toBe(postHtml)
    const commentHtml = '<p>Same <em>here</em> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n'
    const got = await call('GET', `/v1/comments/${comment.id}?bodyFormat=html`, ws.key)
    expect(got.status, got.text).toBe(200)
    expect(got.body.bodyHtml).toBe(commentHtml)
    const comments = await call('GET', `/v1/posts/${post.id}/comments?bodyFormat=html`, ws.key)
    expect(comments.body.data[0].bodyHtml).toBe(commentHtml)
    expect((await call('GET', `/v1/comments/${comment.id}`, ws.key)).body).not.toHaveProperty('bodyHtml')
  })

  it('a removed comment renders no HTML', async () => {
    const { ws, post, comment } = await setup()
    expect((await call('DELETE', `/v1/comments/${comment.id}`, ws.key)).status).toBe(204)
    const comments = await call('GET', `/v1/posts/${post.id}/comments?bodyFormat=html`, ws.key)
    expect(comments.body.data[0]).toMatchObject({ removed: true, body: null, bodyHtml: null })
  })

  it('an unknown bodyFormat is a 400 naming it', async () => {
    const { ws, post } = await setup()
    const res = await call('GET', `/v1/posts/${post.id}?bodyFormat=rtf`, ws.key)
    expect(res.status, res.text).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(JSON.stringify(res.body.errors)).toContain('bodyFormat')
  })

  it('security: no credential 401; another workspace 404; a publishable key reads rendered public posts', async () => {
    const { ws, board, post } = await setup()
    expect((await call('GET', `/v1/posts/${post.id}?bodyFormat=html`)).status).toBe(401)
    const other = await t.newWorkspace()
    expect((await call('GET', `/v1/posts/${post.id}?bodyFormat=html`, other.key)).status).toBe(404)
    const origin = 'https://markdown-visitors.test'
    const profile = await call('POST', '/v1/widget-profiles', ws.key, {
      name: 'Portal',
      environment: 'production',
      allowedOrigins: [origin],
    })
    expect(profile.status, profile.text).toBe(201)
    const visit = await call(
      'GET',
      `/v1/posts?boardId=${board.id}&bodyFormat=html`,
      profile.body.publishableKey,
      undefined,
      { origin },
    )
    expect(visit.status, visit.text).toBe(200)
    expect(visit.body.data.find((p: { id: string }) => p.id === post.id).bodyHtml).toContain(
      '<strong>CSV</strong>',
    )
  })
})
