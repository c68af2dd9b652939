import MarkdownIt from 'markdown-it'
import { FilterXSS } from 'xss'

/**
 * Markdown to HTML for bodies that users write (posts, comments; later tickets and articles), safe to put in a
 * page as it is. Two layers, both pure JavaScript (no DOM, so the same code runs on Node and Cloudflare Workers):
 * markdown-it with raw HTML off (any `<tag>` a user types comes out as text) and its link check (no
 * `javascript:`, `vbscript:`, `file:` or non-image `data:` URLs), then an allow-list sanitizer (js-xss) over
 * what markdown-it made, which keeps only the tags and attributes below and only `http(s)`, `mailto` and
 * relative URLs. Links get `rel="nofollow noopener noreferrer"`.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: false, typographer: false })
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]?.attrSet('rel', 'nofollow noopener noreferrer')
  return self.renderToken(tokens, idx, options)
}

const allowedTags: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title'],
  p: [],
  br: [],
  hr: [],
  strong: [],
  em: [],
  s: [],
  del: [],
  code: [],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ['start'],
  li: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ['style'],
  td: ['style'],
}

/** Relative, `http(s)` and `mailto` URLs; anything with another scheme (or an obfuscated one) is dropped. */
function safeUrl(value: string, allowMailto: boolean): boolean {
  const url = value.trim()
  if (url.startsWith('/') || url.startsWith('#') || url.startsWith('?')) return !url.startsWith('//')
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)
  if (!scheme) return !/[:\\]/.test(url.split(/[/?#]/)[0] ?? '')
  const name = (scheme[1] as string).toLowerCase()
  return name === 'http' || name === 'https' || (allowMailto && name === 'mailto')
}

const sanitizer = new FilterXSS({
  whiteList: allowedTags,
  stripIgnoreTag: true,
  stripIgnoreTagBody: ['script', 'style'],
  allowCommentTag: false,
  onTagAttr(tag, name, value) {
    if ((tag === 'a' && name === 'href') || (tag === 'img' && name === 'src')) {
      const decoded = value.replace(/&amp;/g, '&')
      if (!safeUrl(decoded, tag === 'a')) return ''
      return `${name}="${value.replace(/"/g, '&quot;')}"`
    }
    if (tag === 'a' && name === 'rel') return 'rel="nofollow noopener noreferrer"'
    // markdown-it aligns table cells with `style="text-align:…"` and nothing else.
    if (name === 'style') {
      return /^text-align:(left|right|center)$/.test(value) ? `${name}="${value}"` : ''
    }
    return undefined
  },
})

/** `markdown` rendered to sanitised HTML (no scripts, event handlers, styles or unsafe URLs). */
export function renderMarkdown(markdown: string): string {
  return sanitizer.process(md.render(markdown))
}

/** How a body is answered: as stored (Markdown), or also rendered (`bodyHtml`). */
export type BodyFormat = 'markdown' | 'html'

/** `bodyHtml` for a body when HTML was asked for: the rendered body, `null` for none; nothing otherwise. */
export function bodyHtmlFor(
  format: BodyFormat | undefined,
  body: string | null,
): { bodyHtml?: string | null } {
  if (format !== 'html') return {}
  return { bodyHtml: body === null ? null : renderMarkdown(body) }
}
