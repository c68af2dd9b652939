import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** A problem code's HTTP status and its fixed `title`. */
export interface ProblemDefinition {
  status: ContentfulStatusCode
  title: string
}

/**
 * The engine's error codes: the ones any area may meet (validation, credentials, conflicts of any record,
 * preconditions, limits). Areas declare their own codes in their declaration (`problems`) and type them by
 * augmenting `AreaProblemCodes`:
 *
 *   declare module '../../http/errors' { interface AreaProblemCodes { contact_exists: true } }
 *
 * Each `code` is part of the public contract: the spec's `ProblemCode` enum and the shared problem responses
 * are generated from the installed table, and clients branch on it.
 */
export const engineProblemCodes = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The body is not valid JSON' },
  malformed_request: { status: 400, title: 'The request is not valid HTTP' },
  invalid_cursor: { status: 400, title: 'The cursor is not valid' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  invalid_origin: { status: 403, title: 'The request did not come from an allowed origin' },
  origin_not_allowed: { status: 403, title: "The Origin is not on the widget profile's allowed origins" },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'The path does not have this method' },
  conflict: { status: 409, title: 'Conflict' },
  name_taken: { status: 409, title: 'The name is already in use' },
  external_id_taken: { status: 409, title: 'The externalId belongs to another record' },
  idempotency_key_in_progress: { status: 409, title: 'A request with this Idempotency-Key is in progress' },
  request_timeout: { status: 408, title: 'The request took too long to arrive' },
  precondition_failed: { status: 412, title: 'The resource has changed' },
  payload_too_large: { status: 413, title: 'The body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  invalid_condition: { status: 422, title: 'The condition is not valid' },
  segment_not_found: { status: 422, title: 'No such segment in this workspace' },
  idempotency_key_reused: { status: 422, title: 'The Idempotency-Key was used with another request' },
  expiry_in_past: { status: 422, title: 'The expiry is in the past' },
  schedule_in_past: { status: 422, title: 'The scheduled time is in the past' },
  merge_into_self: { status: 422, title: 'A record cannot be merged into itself' },
  merge_with_merged: { status: 422, title: 'A record that was merged already cannot take part in a merge' },
  webhook_url_not_allowed: { status: 422, title: 'The webhook URL is not allowed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  request_header_fields_too_large: { status: 431, title: 'The request line or headers are too large' },
  internal_error: { status: 500, title: 'Internal error' },
  not_ready: { status: 503, title: 'Not ready' },
} as const satisfies Record<string, ProblemDefinition>

// biome-ignore lint/suspicious/noEmptyInterface: filled by the areas' module augmentations
export interface AreaProblemCodes {}

export type ProblemCode = keyof typeof engineProblemCodes | (keyof AreaProblemCodes & string)

const problemTable = new Map<string, ProblemDefinition>(Object.entries(engineProblemCodes))

/** Add an area's codes (the area registry does, once per process). A code declared twice is a mistake. */
export function registerProblemCodes(codes: Record<string, ProblemDefinition>, area: string): void {
  for (const [code, definition] of Object.entries(codes)) {
    if (problemTable.has(code)) throw new Error(`problem code ${code} is declared twice (again by ${area})`)
    problemTable.set(code, definition)
  }
}

/** Every installed code with its status and title: the engine's, then each area's. */
export const allProblemCodes = (): ReadonlyMap<string, ProblemDefinition> => problemTable

function problemDefinition(code: ProblemCode): ProblemDefinition {
  const definition = problemTable.get(code)
  if (!definition) throw new Error(`unknown problem code ${code}: declare it in its area's \`problems\``)
  return definition
}

export interface FieldError {
  path: string
  code: string
  message: string
}

/** Throw this from anywhere; the one `onError` turns it into problem+json. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extra: {
      errors?: FieldError[]
      headers?: Record<string, string>
      /** For `forbidden`: the permission or API-key scope the caller lacks. */
      missing?: { permission?: string; scope?: string }
    } = {},
  ) {
    super(detail ?? problemDefinition(code).title)
    this.name = 'ApiError'
    this.status = problemDefinition(code).status
  }
}

/** Shorthands for the errors every area throws. */
export const notFound = (what: string) => new ApiError('not_found', `${what} not found`)

/** 400 `validation_failed` listing `errors`; the detail joins them as `path: message`. */
export const validationFailed = (errors: FieldError[]) =>
  new ApiError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail?: string
  code: ProblemCode
  requestId: string
  errors?: FieldError[]
  missingPermission?: string
  missingScope?: string
}

export function problemBody(error: ApiError, requestId: string): ProblemBody {
  return {
    type: `https://loopdesk.dev/problems/${error.code}`,
    title: problemDefinition(error.code).title,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
    code: error.code,
    requestId,
    ...(error.extra.errors ? { errors: error.extra.errors } : {}),
    ...(error.extra.missing?.permission ? { missingPermission: error.extra.missing.permission } : {}),
    ...(error.extra.missing?.scope ? { missingScope: error.extra.missing.scope } : {}),
  }
}

/** Write `error` as an `application/problem+json` response. */
export function problemResponse(c: Context, error: ApiError): Response {
  const body = problemBody(error, c.get('requestId') ?? 'unknown')
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    ...error.extra.headers,
  }
  return c.body(JSON.stringify(body), error.status, headers)
}
