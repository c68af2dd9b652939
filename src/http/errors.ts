import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * The one table of error codes. Each `code` is part of the public contract: it is the spec's `ProblemCode`
 * enum (a test keeps the two equal), and clients branch on it.
 */
export const problemCodes = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The body is not valid JSON' },
  malformed_request: { status: 400, title: 'The request is not valid HTTP' },
  invalid_cursor: { status: 400, title: 'The cursor is not valid' },
  unauthorized: { status: 401, title: 'Authentication required' },
  invalid_credentials: { status: 401, title: 'The credentials are not valid' },
  forbidden: { status: 403, title: 'Not allowed' },
  invalid_origin: { status: 403, title: 'The request did not come from an allowed origin' },
  signup_disabled: { status: 403, title: 'Sign-up is disabled' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'The path does not have this method' },
  conflict: { status: 409, title: 'Conflict' },
  contact_exists: { status: 409, title: 'A contact with this email or externalId exists' },
  contact_merged: { status: 409, title: 'The contact was merged into another' },
  slug_taken: { status: 409, title: 'The slug is taken' },
  last_owner: { status: 409, title: 'The workspace must keep an active owner' },
  role_already_assigned: { status: 409, title: 'The member already holds this role in this scope' },
  role_name_taken: { status: 409, title: 'A role of this name exists' },
  role_in_use: { status: 409, title: 'The role is assigned or offered by a pending invitation' },
  member_exists: { status: 409, title: 'A member with this email exists' },
  invitation_accepted: { status: 409, title: 'The invitation was accepted' },
  invitation_expired: { status: 410, title: 'The invitation has expired' },
  invitation_revoked: { status: 410, title: 'The invitation was revoked' },
  invitation_used: { status: 410, title: 'The invitation was used already' },
  name_taken: { status: 409, title: 'The name is already in use' },
  already_member: { status: 409, title: 'Already a member' },
  domain_taken: { status: 409, title: 'The domain belongs to another organisation' },
  external_id_taken: { status: 409, title: 'The externalId belongs to another record' },
  api_key_revoked: { status: 409, title: 'The API key is revoked' },
  api_key_expired: { status: 409, title: 'The API key has expired' },
  idempotency_key_in_progress: { status: 409, title: 'A request with this Idempotency-Key is in progress' },
  request_timeout: { status: 408, title: 'The request took too long to arrive' },
  precondition_failed: { status: 412, title: 'The resource has changed' },
  payload_too_large: { status: 413, title: 'The body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  idempotency_key_reused: { status: 422, title: 'The Idempotency-Key was used with another request' },
  expiry_in_past: { status: 422, title: 'The expiry is in the past' },
  system_role_immutable: { status: 422, title: 'System roles cannot be changed or deleted' },
  free_mail_domain: { status: 422, title: 'Free-mail domains cannot belong to an organisation' },
  workspace_required: { status: 422, title: 'Name the workspace to sign in to' },
  session_required: { status: 422, title: 'This operation needs a session, not an API key' },
  merge_into_self: { status: 422, title: 'A record cannot be merged into itself' },
  merge_with_merged: { status: 422, title: 'A record that was merged already cannot take part in a merge' },
  webhook_url_not_allowed: { status: 422, title: 'The webhook URL is not allowed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  request_header_fields_too_large: { status: 431, title: 'The request line or headers are too large' },
  internal_error: { status: 500, title: 'Internal error' },
  not_ready: { status: 503, title: 'Not ready' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>

export type ProblemCode = keyof typeof problemCodes

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
    super(detail ?? problemCodes[code].title)
    this.name = 'ApiError'
    this.status = problemCodes[code].status
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
    title: problemCodes[error.code].title,
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
