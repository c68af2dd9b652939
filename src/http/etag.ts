import type { Context } from 'hono'
import { ApiError } from './errors'

/** The strong ETag of a resource at `version` (every mutable table has a `version` column bumped on change). */
export const etagOf = (version: number) => `"${version}"`

function listed(header: string, etag: string): boolean {
  const value = header.trim()
  if (value === '*') return true
  return value.split(',').some((tag) => tag.trim() === etag)
}

/** Refuse a write based on a stale read: `If-Match` absent passes; present must name the current ETag. */
export function assertIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined) return
  if (!listed(ifMatch, etagOf(version))) {
    throw new ApiError(
      'precondition_failed',
      `If-Match ${ifMatch} does not match the current ETag ${etagOf(version)}`,
    )
  }
}

/** True when the client's `If-None-Match` names the current version (answer 304). */
export function isNotModified(c: Context, version: number): boolean {
  const header = c.req.header('if-none-match')
  return header !== undefined && listed(header.replace(/W\//g, ''), etagOf(version))
}
