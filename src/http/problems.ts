import type { Hook } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ZodError } from 'zod'
import type { AppEnv } from './context'
import { ApiError, type FieldError, type ProblemCode, problemResponse, validationFailed } from './errors'

const targetNames: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'params',
  header: 'headers',
  cookie: 'cookies',
  form: 'body',
}

/** zod issues as `errors[]`: `{ path: "body.name", code: "too_small", message }`. */
export function fieldErrors(error: ZodError, target: string): FieldError[] {
  const prefix = targetNames[target] ?? target
  return error.issues.flatMap((issue) => {
    // An unknown key is reported per key, so each names its own path.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [prefix, ...issue.path.map(String), key].join('.'),
        code: 'unrecognized_key',
        message: 'is not a known field',
      }))
    }
    const message =
      issue.code === 'custom' && issue.message === 'Invalid input'
        ? 'must name at least one field'
        : issue.message
    return [{ path: [prefix, ...issue.path.map(String)].join('.'), code: issue.code, message }]
  })
}

/** The one validation hook: every schema failure of every route becomes a 400 `validation_failed`. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return
  throw validationFailed(fieldErrors(result.error as ZodError, result.target))
}

const httpExceptionCodes: Partial<Record<number, ProblemCode>> = {
  400: 'malformed_json',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
}

/** The one error handler: ApiError as problem+json; anything unexpected logged and answered as a bare 500. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof ApiError) return problemResponse(c, error)
  // Hono and zod-openapi throw these for body problems our own middleware normally catches first.
  if (error instanceof HTTPException) {
    const code = httpExceptionCodes[error.status]
    if (code) return problemResponse(c, new ApiError(code, error.message))
  }
  const logger = c.get('logger') ?? c.get('deps')?.logger
  logger?.error({ err: error, requestId: c.get('requestId') }, 'unhandled error')
  return problemResponse(
    c,
    new ApiError('internal_error', 'Something went wrong on our side; quote the requestId'),
  )
}
