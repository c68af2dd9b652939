import { arrayOverlaps } from 'drizzle-orm'
import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { looksLikePublishableKey, originCandidates } from '../auth/publishable-keys'
import type { Database } from '../db/database'
import { widgetProfiles } from '../db/schema/widget-profiles'
import type { AppEnv } from './context'

const allowMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']
const allowHeaders = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'If-Match',
  'If-None-Match',
  'X-Request-Id',
  // An anonymous visitor's own id (feedback votes and posts): a widget sends it cross-origin.
  'Loopdesk-Visitor-Id',
]
const exposeHeaders = [
  'ETag',
  'Location',
  'X-Request-Id',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'Idempotent-Replayed',
]
const maxAgeSeconds = 600

/**
 * Browser access for custom frontends: the configured origins (LOOPDESK_CORS_ORIGINS) may call with
 * `Authorization` and read our headers. Listed origins may also send the session cookie (`credentials`); `*` may
 * not, as browsers require.
 */
export function corsPolicy(origins: string[]): MiddlewareHandler {
  const any = origins.includes('*')
  return cors({
    origin: any ? '*' : origins,
    credentials: !any,
    allowMethods,
    allowHeaders,
    exposeHeaders,
    maxAge: maxAgeSeconds,
  })
}

/** True when the request authenticates with a publishable key (`Authorization: Bearer wpk_…`). */
export function usesPublishableKey(c: Context): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')
  return match?.[1] !== undefined && looksLikePublishableKey(match[1])
}

/**
 * Whether any widget profile allows an origin: one GIN-indexed array-overlap query, remembered for a few
 * seconds per origin (a profile's new origin is served within `ttlMs`).
 */
class ProfileOrigins {
  private readonly answers = new Map<string, { allowed: boolean; until: number }>()
  constructor(
    private readonly database: Database,
    private readonly ttlMs = 5_000,
  ) {}

  async allowed(origin: string): Promise<boolean> {
    const now = Date.now()
    const cached = this.answers.get(origin)
    if (cached && cached.until > now) return cached.allowed
    const candidates = originCandidates(origin)
    let allowed = false
    if (candidates.length > 0) {
      const rows = await this.database.db
        .select({ id: widgetProfiles.id })
        .from(widgetProfiles)
        .where(arrayOverlaps(widgetProfiles.allowedOrigins, candidates))
        .limit(1)
      allowed = rows.length > 0
    }
    if (this.answers.size > 10_000) this.answers.clear()
    this.answers.set(origin, { allowed, until: now + this.ttlMs })
    return allowed
  }
}

/**
 * CORS for widget profiles, whose origins are data, not configuration:
 * - a preflight (no credentials, so no key to look at) from an origin some profile allows is answered here,
 *   before authentication; any other preflight goes on to the configured policy (or none);
 * - a request with a publishable key gets CORS headers for its Origin once `authenticate` has checked that
 *   Origin against the key's profile; a refused Origin (403 `origin_not_allowed`) or a bad key gets none. The
 *   configured policy never answers these requests: only the profile decides.
 * No `Access-Control-Allow-Credentials`: a publishable key is a header, never a cookie.
 */
export function widgetCors(configured: MiddlewareHandler | undefined): MiddlewareHandler<AppEnv> {
  let origins: ProfileOrigins | undefined
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (origin === undefined) return configured ? configured(c, next) : next()
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined) {
      const config = c.get('deps').config
      if (!config.corsOrigins.includes(origin) && !config.corsOrigins.includes('*')) {
        origins ??= new ProfileOrigins(c.get('deps').database)
        if (await origins.allowed(origin)) {
          return c.body(null, 204, {
            'access-control-allow-origin': origin,
            'access-control-allow-methods': allowMethods.join(','),
            'access-control-allow-headers': allowHeaders.join(','),
            'access-control-max-age': String(maxAgeSeconds),
            vary: 'Origin',
          })
        }
      }
      return configured ? configured(c, next) : next()
    }
    if (!usesPublishableKey(c)) return configured ? configured(c, next) : next()
    await next()
    const actor = c.get('actor')
    if (actor.type !== 'visitor') return
    c.res.headers.set('access-control-allow-origin', origin)
    c.res.headers.set('access-control-expose-headers', exposeHeaders.join(','))
    c.res.headers.append('vary', 'Origin')
  }
}
