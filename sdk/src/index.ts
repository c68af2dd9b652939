/**
 * @loopdesk/sdk: a typed client for the Loopdesk API.
 *
 * The client is an [openapi-fetch](https://openapi-ts.dev/openapi-fetch/) client typed with the generated
 * `paths` (./schema.d.ts, from spec/openapi.yaml): every path, parameter, body and answer is checked by the
 * compiler. This file adds what the API's conventions call for: the API key, problem+json errors as
 * `LoopdeskError`, cursor pagination and `Idempotency-Key`s.
 */
import createClient, {
  type Client,
  type ClientPathsWithMethod,
  type HeadersOptions,
  type MaybeOptionalInit,
  type MethodResponse,
  type Middleware,
} from 'openapi-fetch'
import { type RequestFetch, type RetryOptions, withRetries } from './retry.js'
import type { components, operations, paths } from './schema.js'

export type { components, operations, paths }

/** Any schema of the spec by name, e.g. `Schema<'ApiKeyList'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name]
/** The workspace (tenant) the API key belongs to. */
export type Workspace = Schema<'Workspace'>
/** The body of `PATCH /v1/workspace`. */
export type UpdateWorkspaceRequest = Schema<'UpdateWorkspaceRequest'>
/** A staff member of the workspace. */
export type Member = Schema<'Member'>
/** An API key as listed (never with its secret). */
export type ApiKey = Schema<'ApiKey'>
/** The answer of `POST /v1/api-keys`: the key with its `secret`, shown this once. */
export type ApiKeyCreated = Schema<'ApiKeyCreated'>
/** The body of `POST /v1/api-keys`. */
export type CreateApiKeyRequest = Schema<'CreateApiKeyRequest'>
/** The body of `PATCH /v1/api-keys/{apiKeyId}`. */
export type UpdateApiKeyRequest = Schema<'UpdateApiKeyRequest'>
/** The RFC 9457 problem document every error answer carries (`application/problem+json`). */
export type Problem = Schema<'Problem'>
/** The stable, machine-readable error codes: branch on these, never on `title` or `detail`. */
export type ProblemCode = Schema<'ProblemCode'>
/** One invalid field of a `validation_failed` problem: `{ path: 'body.name', code, message }`. */
export type ProblemFieldError = Schema<'ProblemFieldError'>

/** The client `createLoopdeskClient` returns: openapi-fetch's `Client` over the Loopdesk `paths`. */
export type LoopdeskClient = Client<paths>

export interface LoopdeskClientOptions {
  /** The server's origin, without `/v1` (paths carry it), e.g. `https://loopdesk.example.com`. */
  baseUrl: string
  /** An API key (`ld_…`), sent as `Authorization: Bearer …`. Omit it for the public operations. */
  apiKey?: string
  /**
   * The fetch to send requests with (default: `globalThis.fetch`). Handy for tests (an in-process app's
   * `fetch`) or proxies. The client's retries (`retry`) wrap it: each attempt is a call of this fetch with a
   * copy of the same `Request`, `Idempotency-Key` included.
   */
  fetch?: RequestFetch
  /** Headers sent with every request, e.g. `{ 'X-Request-Id': '…' }`. Per-call `headers` win. */
  headers?: HeadersOptions
  /**
   * Give every `POST` that has no `Idempotency-Key` a fresh random one (default `false`). One call can opt in
   * or out with `{ idempotent: true | false }` beside its `body`. See {@link idempotencyMiddleware}.
   */
  idempotent?: boolean
  /**
   * Retries (on by default: `{ retries: 2 }`): a `429` (after its `Retry-After`), a `503` or a network error is
   * tried again with exponential backoff and jitter, for `GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS` and for a
   * `POST`/`PATCH` that carries an `Idempotency-Key`. `false` turns them off. See {@link RetryOptions}.
   */
  retry?: RetryOptions | false
}

/**
 * Create a typed client for the Loopdesk API.
 *
 * Calls answer `{ data, error, response }` and never throw for an HTTP error: `error` is the typed
 * {@link Problem}. Wrap a call in {@link unwrap} to get the data or a thrown {@link LoopdeskError} instead.
 *
 * @example
 * ```ts
 * import { createLoopdeskClient, unwrap } from '@loopdesk/sdk'
 *
 * const loopdesk = createLoopdeskClient({
 *   baseUrl: 'https://loopdesk.example.com',
 *   apiKey: process.env.LOOPDESK_API_KEY,
 * })
 * const { data, error } = await loopdesk.GET('/v1/workspace')
 * if (error) console.error(error.code, error.requestId)
 * else console.log(data.name)
 *
 * const workspace = await unwrap(loopdesk.GET('/v1/workspace'))
 * ```
 */
export function createLoopdeskClient(options: LoopdeskClientOptions): LoopdeskClient {
  const { baseUrl, apiKey, fetch: customFetch, headers, idempotent = false, retry = {} } = options
  // Looked up on each call, so a fetch installed after the client was made (a test's mock, a polyfill) is used.
  const send: RequestFetch = customFetch ?? ((request) => globalThis.fetch(request))
  const retrying = retry === false ? send : withRetries(send, retry)
  const client = createClient<paths>({
    baseUrl,
    ...(headers ? { headers } : {}),
    fetch: async (request: Request) => retrying(request),
  })
  if (apiKey) client.use(authMiddleware(apiKey))
  client.use(idempotencyMiddleware({ default: idempotent }))
  return client
}

/**
 * Middleware that sends `Authorization: Bearer <apiKey>` unless the call set its own `Authorization`.
 * `createLoopdeskClient({ apiKey })` installs it; use it directly on a client made with openapi-fetch.
 *
 * @example
 * ```ts
 * const loopdesk = createLoopdeskClient({ baseUrl })
 * loopdesk.use(authMiddleware(await readKeyFromVault()))
 * ```
 */
export function authMiddleware(apiKey: string): Middleware {
  return {
    onRequest({ request }) {
      if (!request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${apiKey}`)
    },
  }
}

/**
 * Middleware that gives a `POST` a random `Idempotency-Key` (a UUID) when asked: per call with
 * `{ idempotent: true }`, or for every `POST` with `{ default: true }` (per call `{ idempotent: false }` opts
 * out). A key the caller sets in `params.header` always wins.
 *
 * Why opt-in: the server stores each keyed answer for 24 hours, secrets included (`POST /v1/api-keys`).
 * What it buys: the key is fixed when the request is built, so a fetch that re-sends the same `Request`
 * (a retry on a dropped connection) gets the first answer replayed (`Idempotent-Replayed: true`) instead of
 * creating a second resource. To retry across calls or restarts, pass your own stable key instead.
 *
 * @example
 * ```ts
 * // one call
 * await loopdesk.POST('/v1/api-keys', { body: { name: 'CRM sync', scopes: ['contacts:write'] }, idempotent: true })
 * // a key you keep, to retry the same creation later
 * await loopdesk.POST('/v1/api-keys', {
 *   body: { name: 'CRM sync', scopes: ['contacts:write'] },
 *   params: { header: { 'Idempotency-Key': `crm-sync-key-${jobId}` } },
 * })
 * ```
 */
export function idempotencyMiddleware(options: { default?: boolean } = {}): Middleware {
  return {
    onRequest({ request }) {
      if (request.method !== 'POST' || request.headers.has('Idempotency-Key')) return
      // openapi-fetch copies unknown per-call options (here `idempotent`) onto the Request.
      const asked = (request as Request & { idempotent?: unknown }).idempotent
      if ((asked ?? options.default) === true) request.headers.set('Idempotency-Key', randomKey())
    },
  }
}

/**
 * A random UUID (v4) for an `Idempotency-Key`. React Native has no `crypto.randomUUID` (and has
 * `getRandomValues` only with a polyfill); a key needs to be unique, not secret, so `Math.random` is the last
 * resort there.
 */
function randomKey(): string {
  const webCrypto = (
    globalThis as { crypto?: { randomUUID?: () => string; getRandomValues?: (bytes: Uint8Array) => unknown } }
  ).crypto
  if (typeof webCrypto?.randomUUID === 'function') return webCrypto.randomUUID()
  const bytes = new Uint8Array(16)
  if (typeof webCrypto?.getRandomValues === 'function') webCrypto.getRandomValues(bytes)
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * An error answer of the Loopdesk API, thrown by {@link unwrap} and {@link paginate}. Branch on `code`
 * (a {@link ProblemCode}); quote `requestId` when asking for help.
 *
 * `code` is `undefined` only when the answer is not a Loopdesk problem document: a `304 Not Modified`, or an
 * error page from a proxy in front of the server.
 *
 * @example
 * ```ts
 * try {
 *   await unwrap(loopdesk.PATCH('/v1/workspace', { body: { slug: 'acme' } }))
 * } catch (error) {
 *   if (error instanceof LoopdeskError && error.code === 'slug_taken') console.log('pick another slug')
 *   else throw error
 * }
 * ```
 */
export class LoopdeskError extends Error {
  override readonly name = 'LoopdeskError'
  /** The HTTP status. */
  readonly status: number
  /** The stable error code; `undefined` when the answer was not a problem document. */
  readonly code: ProblemCode | undefined
  /** The request id of the problem body, else of the `X-Request-Id` header. */
  readonly requestId: string | undefined
  /** The invalid fields of a `validation_failed` problem (`[]` otherwise). */
  readonly errors: ProblemFieldError[]
  /** The problem document, when the server sent one. */
  readonly problem: Problem | undefined
  /** The answer itself (its body is already read), e.g. for `Retry-After` on a `429`. */
  readonly response: Response

  constructor(response: Response, body: unknown) {
    const problem = isProblem(body) ? body : undefined
    const requestId = problem?.requestId ?? response.headers.get('X-Request-Id') ?? undefined
    const what = problem ? `${problem.code}: ${problem.detail ?? problem.title}` : response.statusText
    super(`Loopdesk API ${response.status} ${what}`.trim() + (requestId ? ` (request ${requestId})` : ''))
    this.status = response.status
    this.code = problem?.code
    this.requestId = requestId
    this.errors = problem?.errors ?? []
    this.problem = problem
    this.response = response
  }
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false
  const { code, status, requestId } = body as Record<string, unknown>
  return typeof code === 'string' && typeof status === 'number' && typeof requestId === 'string'
}

/** What a client call resolves to: `{ data, error, response }`. */
interface CallResult {
  data?: unknown
  error?: unknown
  response: Response
}

/** The data of a successful call; `undefined` for answers without a body (`204`). */
export type Unwrapped<R extends CallResult> = [Exclude<R['data'], undefined>] extends [never]
  ? undefined
  : Exclude<R['data'], undefined>

/**
 * The data of a call, or a thrown {@link LoopdeskError} for any answer that is not `2xx` (a `304` included:
 * read `response.status` yourself on conditional requests). Takes the call's promise or its settled result.
 *
 * @example
 * ```ts
 * const workspace = await unwrap(loopdesk.GET('/v1/workspace'))
 *
 * // keep the result to read headers too
 * const read = await loopdesk.GET('/v1/workspace')
 * const current = await unwrap(read)
 * const etag = read.response.headers.get('ETag')
 * ```
 */
export async function unwrap<R extends CallResult>(call: R | Promise<R>): Promise<Unwrapped<R>> {
  const result = await call
  if (!result.response.ok) throw new LoopdeskError(result.response, result.error)
  return result.data as Unwrapped<R>
}

type GetPath = ClientPathsWithMethod<LoopdeskClient, 'get'>
type ListAnswer<T = unknown> = { data: T[]; nextCursor: string | null }

/** The paths whose `GET` answers a `{ data, nextCursor }` list. */
export type ListPath = {
  [P in GetPath]: MethodResponse<LoopdeskClient, 'get', P> extends ListAnswer ? P : never
}[GetPath]
/** One page of the list at `P`, e.g. `ListPage<'/v1/api-keys'>` is the `ApiKeyList`. */
export type ListPage<P extends ListPath> = MethodResponse<LoopdeskClient, 'get', P>
/** One item of the list at `P`, e.g. `ListItem<'/v1/api-keys'>` is `ApiKey`. */
export type ListItem<P extends ListPath> = ListPage<P> extends ListAnswer<infer T> ? T : never
/** The options of a list call: `params` (path, query filters, `limit`, a `cursor` to resume from), `headers`… */
export type ListInit<P extends ListPath> = MaybeOptionalInit<paths[P], 'get'>
/** `[init?]` for lists without required parameters, `[init]` for those with (path parameters). */
type ListArgs<P extends ListPath> = undefined extends ListInit<P> ? [init?: ListInit<P>] : [init: ListInit<P>]

/**
 * Every page of a list, following `nextCursor` until it is `null`. `params.query` (filters, `sort`, `limit`)
 * is sent with every page; a `cursor` in it resumes where an earlier run stopped. Errors throw
 * {@link LoopdeskError}.
 *
 * @example
 * ```ts
 * for await (const page of pages(loopdesk, '/v1/api-keys', { params: { query: { limit: 100 } } })) {
 *   await saveBatch(page.data)
 *   await saveCheckpoint(page.nextCursor) // resume later with params.query.cursor
 * }
 * ```
 */
export async function* pages<P extends ListPath>(
  client: LoopdeskClient,
  path: P,
  ...[init]: ListArgs<P>
): AsyncGenerator<ListPage<P>, void, undefined> {
  const options = (init ?? {}) as { params?: { query?: Record<string, unknown> } }
  const get = client.GET as unknown as (path: string, init: unknown) => Promise<CallResult>
  let cursor = options.params?.query?.cursor as string | undefined
  for (;;) {
    const page = (await unwrap(
      get(path, { ...options, params: { ...options.params, query: { ...options.params?.query, cursor } } }),
    )) as ListAnswer
    yield page as ListPage<P>
    if (page.nextCursor === null) return
    if (page.nextCursor === cursor) throw new Error(`${path}: the server answered the same cursor twice`)
    cursor = page.nextCursor
  }
}

/**
 * Every item of a list, page after page (see {@link pages} for the options). Works on any path whose `GET`
 * answers `{ data, nextCursor }`; stop early with `break`, and no further page is fetched.
 *
 * @example
 * ```ts
 * for await (const key of paginate(loopdesk, '/v1/api-keys', { params: { query: { status: 'all' } } })) {
 *   console.log(key.id, key.name, key.revokedAt)
 * }
 * ```
 */
export async function* paginate<P extends ListPath>(
  client: LoopdeskClient,
  path: P,
  ...args: ListArgs<P>
): AsyncGenerator<ListItem<P>, void, undefined> {
  for await (const page of pages(client, path, ...args)) yield* (page as ListAnswer<ListItem<P>>).data
}

export {
  backoffMs,
  isRetryable,
  RETRY_STATUSES,
  type RequestFetch,
  type RetryOptions,
  retryAfterMs,
  withRetries,
} from './retry.js'
export {
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
  type WebhookEvent,
  type WebhookEventOf,
  type WebhookEventType,
  WebhookVerificationError,
  type WebhookVerificationFailure,
} from './webhooks.js'
/** A webhook as listed (never with its secret). */
export type Webhook = Schema<'Webhook'>
/** The answer of `POST /v1/webhooks` and of rotate-secret: the webhook with its `secret`, shown this once. */
export type WebhookWithSecret = Schema<'WebhookWithSecret'>
/** One entry of a webhook's delivery log. */
export type WebhookDelivery = Schema<'WebhookDelivery'>
