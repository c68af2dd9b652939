import { createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { newId } from '../ids'
import type { AppDeps, AppEnv } from './context'
import { ApiError, problemResponse, validationFailed } from './errors'

const acceptableRequestId = /^[A-Za-z0-9._:-]{1,128}$/

/** The caller's address: the socket on Node, Cloudflare's header on Workers. */
export function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? c.req.header('cf-connecting-ip') ?? 'unknown'
}

/**
 * First middleware: request id (accepted from `X-Request-Id` or generated), a child logger carrying it,
 * the request scope (id, client address, user agent, actor: what the audit log records), and one structured
 * log line per request with actor, status and duration. Never logs headers or bodies.
 */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now()
    const given = c.req.header('x-request-id')
    const requestId = given && acceptableRequestId.test(given) ? given : newId('req')
    const logger = deps.logger.child({ requestId })
    c.set('deps', deps)
    c.set('requestId', requestId)
    c.set('logger', logger)
    c.set('actor', { type: 'anonymous' })
    const ip = clientIp(c)
    // Passed down explicitly (ServiceContext.origin), not through AsyncLocalStorage: on Node 20 an active
    // store puts a hook on every promise, which cost about a third of the CPU of a simple read (measured).
    c.set('origin', {
      id: requestId,
      ip: ip === 'unknown' ? null : ip.slice(0, 64),
      userAgent: c.req.header('user-agent')?.slice(0, 512) ?? null,
    })
    await next()
    setResponseHeaders(c, { 'x-request-id': requestId })
    const actor = c.get('actor')
    logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        actor: actor.type === 'anonymous' ? { type: 'anonymous' } : { type: actor.type, id: actor.id },
        workspaceId: actor.type === 'anonymous' ? undefined : actor.workspaceId,
      },
      'request',
    )
  }
}

/**
 * Add headers to the answer of a request whose handler has answered. On Node they go onto the socket's
 * response, which @hono/node-server's `writeHead` merges with the answer's own: reading `c.res.headers` would
 * turn @hono/node-server's plain header object into a `Headers` (and it would then rebuild a plain object from
 * it), about 10 µs of every request (measured). Elsewhere (Workers, `app.request`) onto the answer itself: not
 * with `c.header()`, which after the handler makes Hono rebuild the Response from its body stream.
 */
export function setResponseHeaders(c: Context, headers: Record<string, string>) {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing
  if (outgoing && !outgoing.headersSent) {
    for (const name in headers) outgoing.setHeader(name, headers[name] as string)
  } else {
    for (const name in headers) c.res.headers.set(name, headers[name] as string)
  }
}

/**
 * Count one request against `key`: its `RateLimit-*` headers, or a 429 (with them and `Retry-After`) when it
 * is over the limit.
 */
export function countRequest(c: Context<AppEnv>, key: string): Record<string, string> {
  const result = c.get('deps').rateLimiter.hit(key)
  c.set('rateCounted', true)
  const headers = {
    'ratelimit-limit': String(result.limit),
    'ratelimit-remaining': String(result.remaining),
    'ratelimit-reset': String(result.resetSeconds),
  }
  if (!result.allowed) {
    throw new ApiError('rate_limited', `Rate limit of ${result.limit} requests exceeded; retry later`, {
      headers: { ...headers, 'retry-after': String(result.resetSeconds) },
    })
  }
  return headers
}

/**
 * Rate limit per credential (per address for anonymous calls), with `RateLimit-*` headers on every answer.
 * A request refused before the limiter ran (a bad credential) is counted by {@link countRefused}.
 */
export function rateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor')
    // Visitors share one public key: they are counted per address (and profile), so one abuser cannot use
    // up the key for everyone else.
    const key =
      actor.type === 'anonymous'
        ? `ip:${clientIp(c)}`
        : actor.type === 'visitor'
          ? `visitor:${actor.id}:ip:${clientIp(c)}`
          : `${actor.type}:${actor.id}`
    const headers = countRequest(c, key)
    await next()
    setResponseHeaders(c, headers)
  }
}

/**
 * Runs before authentication: a request refused before `rateLimit` counted it (a missing, unknown or expired
 * credential: 401; a session cookie from a foreign origin: 403) counts against its address as an anonymous
 * call would, so guessing credentials is rate limited too (past the limit the answer is the 429), and its
 * answer carries the `RateLimit-*` headers like every other answer of a /v1 operation, as the spec declares.
 */
export function countRefused(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    if (c.get('rateCounted')) return
    try {
      setResponseHeaders(c, countRequest(c, `ip:${clientIp(c)}`))
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      c.res = problemResponse(c, error)
    }
  }
}

const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i
const formType = /^application\/x-www-form-urlencoded\s*(?:;|$)/i
const multipartType = /^multipart\/form-data\s*;/i
const utf8 = new TextDecoder('utf-8', { fatal: true })
/** An escape that could spell a NUL or a surrogate: only then are the parsed strings looked at. */
const suspiciousEscape = /\\u(?:0000|[dD][89a-fA-F])/
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Bodies, as the operation's spec has them. Over the limit → 413, not JSON → 415, unparsable JSON or bytes that
 * are not UTF-8 → 400 `malformed_json`, a NUL or a lone surrogate in a string or key → 400. No body (none at all, `Content-Length: 0`, an empty chunked body):
 * where the spec requires one, 400 `validation_failed` naming `body`; where it is optional, the route sees
 * none. An operation without a body ignores one that is sent. Everything after this middleware may assume a
 * parsed, size-checked JSON body (or none), and reads its text from `c.get('bodyText')`: the request's own
 * stream is read here, once.
 *
 * A `multipart/form-data` body, where the spec takes one (uploads), may be up to `multipartLimitBytes` and goes
 * to the route's form validator as sent: the route checks its parts (and the file's own size limit).
 */
export function jsonBody(limitBytes: number, multipartLimitBytes = limitBytes): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const operation = c.get('operation')
    if (!operation || !bodyMethods.has(c.req.method)) return next()
    if (operation.body === 'none') {
      if (c.req.raw.body === null) return next()
      const kept = await dropBody(c.req.raw, c.req.header('content-length'), limitBytes)
      c.req.raw = withoutBody(c.req.raw)
      c.set('bodyText', '')
      await next()
      if (!kept) c.res.headers.set('connection', 'close')
      return
    }
    const type = c.req.header('content-type')
    const multipart = operation.multipartBody && type !== undefined && multipartType.test(type)
    const bytes = await readBody(
      c.req.raw,
      c.req.header('content-length'),
      multipart ? multipartLimitBytes : limitBytes,
    )
    if (bytes.byteLength === 0) {
      if (operation.body === 'required') {
        throw validationFailed([
          { path: 'body', code: 'invalid_type', message: 'is required: send a JSON body' },
        ])
      }
      // An absent optional body: the route validates nothing, whatever Content-Type came with the nothing.
      c.req.raw = withoutBody(c.req.raw)
      c.set('bodyText', '')
      return next()
    }
    if (multipart) {
      c.req.raw = new Request(c.req.raw, { body: bytes })
      // What an Idempotency-Key's request fingerprint hashes: the bytes' digest stands in for the text.
      c.set('bodyText', `multipart:${createHash('sha256').update(bytes).digest('hex')}`)
      return next()
    }
    if (type && operation.formBody && formType.test(type)) {
      // A form body (where the spec takes one) goes to the route's form validator as sent, once it is UTF-8.
      let form: string
      try {
        form = utf8.decode(bytes)
      } catch {
        throw new ApiError('validation_failed', 'The form body is not valid UTF-8')
      }
      c.req.raw = new Request(c.req.raw, { body: form })
      c.set('bodyText', form)
      return next()
    }
    if (!type || !jsonType.test(type)) {
      throw new ApiError(
        'unsupported_media_type',
        `Send the body as application/json, not ${type ?? 'no content type'}`,
      )
    }
    let text: string
    try {
      // Fatal: a byte that is not UTF-8 would otherwise become U+FFFD, and the stored text differ from the sent.
      text = utf8.decode(bytes)
    } catch {
      throw new ApiError('malformed_json', 'The body is not valid UTF-8')
    }
    let bad: { key: string; message: string } | undefined
    try {
      // PostgreSQL can store no NUL character in text or jsonb, nor a lone surrogate (`\ud800` with no pair,
      // which is no character) in jsonb, and text would keep a U+FFFD instead: refuse both here, for every
      // route, rather than let an insert fail with a 500 or change what was sent. The reviver only runs when
      // the text could hold one.
      JSON.parse(
        text,
        suspiciousEscape.test(text)
          ? (key, value) => {
              const strings = typeof value === 'string' ? [key, value] : [key]
              if (strings.some((s) => s.includes('\0')))
                bad ??= { key, message: 'must not contain NUL characters' }
              else if (strings.some((s) => loneSurrogate.test(s)))
                bad ??= { key, message: 'must be valid Unicode: a lone surrogate escape is no character' }
              return value
            }
          : undefined,
      )
    } catch (error) {
      throw new ApiError('malformed_json', `The body is not valid JSON: ${(error as Error).message}`)
    }
    if (bad !== undefined) {
      throw new ApiError(
        'validation_failed',
        'Strings in the body must not contain NUL (\\u0000) characters nor lone surrogates (\\ud800-\\udfff)',
        { errors: [{ path: `body.${bad.key}`, code: 'invalid_string', message: bad.message }] },
      )
    }
    // Hand the checked bytes to the validator and handlers through a fresh request.
    c.req.raw = new Request(c.req.raw, { body: text })
    c.set('bodyText', text)
    await next()
  }
}

/** The request without its (already read) body and the headers that described it. */
function withoutBody(request: Request): Request {
  const headers = new Headers(request.headers)
  headers.delete('content-type')
  headers.delete('content-length')
  headers.delete('transfer-encoding')
  return new Request(request.url, { method: request.method, headers, signal: request.signal })
}

/**
 * 413. A client keeps sending the rest of a body we refuse, and a kept-alive connection can only carry its
 * next request once that rest is read: up to twice the limit it is read and dropped first; past that the
 * answer closes the connection (`Connection: close`, which Node honours by closing the socket once answered).
 */
const tooLarge = (limit: number, drained: boolean) =>
  new ApiError('payload_too_large', `The body is larger than ${limit} bytes`, {
    headers: drained ? {} : { connection: 'close' },
  })

/** The body, at most `limit` bytes of it, else 413 (chunked bodies have no Content-Length to trust). */
async function readBody(request: Request, declared: string | undefined, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array()
  if (declared !== undefined && Number(declared) > 2 * limit) throw tooLarge(limit, false)
  const read = await readStream(request.body, limit, 2 * limit)
  if (read.size > limit) throw tooLarge(limit, read.ended)
  return read.bytes
}

/** Read and drop a body nobody asked for; false when it was too large to read to its end. */
async function dropBody(request: Request, declared: string | undefined, limit: number): Promise<boolean> {
  if (!request.body) return true
  if (declared !== undefined && Number(declared) > limit) return false
  return (await readStream(request.body, 0, limit)).ended
}

/**
 * Read `stream`, keeping its first `keep` bytes; past them read on and drop, up to `total` bytes in all, then
 * stop (`ended: false`). `size` counts what was read.
 */
async function readStream(
  stream: ReadableStream<Uint8Array>,
  keep: number,
  total: number,
): Promise<{ bytes: Uint8Array; size: number; ended: boolean }> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > total) {
      await reader.cancel()
      return { bytes: new Uint8Array(), size, ended: false }
    }
    if (size <= keep) chunks.push(value)
  }
  if (size > keep) return { bytes: new Uint8Array(), size, ended: true }
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { bytes: out, size, ended: true }
}
