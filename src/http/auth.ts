import { and, eq, isNull, or, sql } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { ApiKeyCache, PublishableKeyCache, VerifiedKey } from '../auth/api-key-cache'
import { hashSecret, KEY_START_LENGTH, looksLikeApiKey, sameHash } from '../auth/api-key-secrets'
import { looksLikePublishableKey, originAllowed } from '../auth/publishable-keys'
import { looksLikeSessionToken, SESSION_COOKIE, setSessionCookie, validateSession } from '../auth/sessions'
import type { Actor } from '../context/actor'
import { type Db, prepared } from '../db/database'
import { apiKeys, members, workspaces } from '../db/schema'
import { widgetProfiles } from '../db/schema/widget-profiles'
import { uuidToId } from '../ids'
import type { AppEnv } from './context'
import { ApiError } from './errors'

const unauthorized = (detail: string) =>
  new ApiError('unauthorized', detail, { headers: { 'www-authenticate': 'Bearer realm="loopdesk"' } })

async function lookupApiKey(
  db: Db,
  secret: string,
  hash: string,
  now: number,
): Promise<VerifiedKey | undefined> {
  const lookup = prepared(db, 'api_key_by_start', (d) =>
    d
      .select({
        id: apiKeys.id,
        workspaceId: apiKeys.workspaceId,
        memberId: apiKeys.memberId,
        secretHash: apiKeys.secretHash,
        previousSecretHash: apiKeys.previousSecretHash,
        previousExpiresAt: apiKeys.previousExpiresAt,
        expiresAt: apiKeys.expiresAt,
        lastUsedAt: apiKeys.lastUsedAt,
        scopes: apiKeys.scopes,
        teamIds: apiKeys.teamIds,
        inboxIds: apiKeys.inboxIds,
        keyVersion: apiKeys.version,
        memberAuthz: members.authzVersion,
        workspaceAuthz: workspaces.authzVersion,
      })
      .from(apiKeys)
      .innerJoin(members, eq(members.id, apiKeys.memberId))
      .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
      .where(
        and(
          or(
            eq(apiKeys.start, sql.placeholder('start')),
            eq(apiKeys.previousStart, sql.placeholder('start')),
          ),
          isNull(apiKeys.revokedAt),
          eq(members.status, 'active'),
        ),
      )
      .prepare('api_key_by_start'),
  )
  const candidates = await lookup.execute({ start: secret.slice(0, KEY_START_LENGTH) })
  let expiresAt: number | null = null
  // The current secret, or the previous one while its rotation grace period lasts.
  const row = candidates.find((candidate) => {
    if (sameHash(candidate.secretHash, hash)) {
      expiresAt = candidate.expiresAt?.getTime() ?? null
      return true
    }
    if (
      candidate.previousSecretHash &&
      candidate.previousExpiresAt &&
      sameHash(candidate.previousSecretHash, hash)
    ) {
      const graceEnds = candidate.previousExpiresAt.getTime()
      expiresAt = candidate.expiresAt ? Math.min(graceEnds, candidate.expiresAt.getTime()) : graceEnds
      return true
    }
    return false
  })
  if (!row) return undefined
  // lastUsedAt is advisory: written at most once a minute per key, never on the cached path.
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiKeys.id, row.id))
  }
  return {
    actor: {
      type: 'api_key',
      id: row.id,
      memberId: row.memberId,
      workspaceId: row.workspaceId,
      authzVersion: `${row.keyVersion}.${row.memberAuthz}.${row.workspaceAuthz}`,
      scopes: row.scopes,
      teamIds: row.teamIds.map((id) => uuidToId('team', id)),
      inboxIds: row.inboxIds.map((id) => uuidToId('ibx', id)),
    },
    hash,
    expiresAt,
  }
}

export async function verifyApiKey(db: Db, cache: ApiKeyCache, secret: string): Promise<Actor> {
  const now = Date.now()
  const hash = hashSecret(secret)
  const entry = await cache.resolve(hash, now, () => lookupApiKey(db, secret, hash, now))
  if (!entry) throw unauthorized('The API key is not valid or has been revoked')
  if (entry.expiresAt !== null && entry.expiresAt <= now) throw unauthorized('The API key has expired')
  return entry.actor
}

/**
 * The visitor a publishable key makes of its caller: one indexed query (the key is unique), cached like API
 * keys. The authz version joins the profile's version and the workspace's.
 */
export async function verifyPublishableKey(
  db: Db,
  cache: PublishableKeyCache,
  key: string,
): Promise<Extract<Actor, { type: 'visitor' }>> {
  const entry = await cache.resolve(key, Date.now(), async () => {
    const lookup = prepared(db, 'widget_profile_by_key', (d) =>
      d
        .select({
          id: widgetProfiles.id,
          workspaceId: widgetProfiles.workspaceId,
          allowedOrigins: widgetProfiles.allowedOrigins,
          version: widgetProfiles.version,
          workspaceAuthz: workspaces.authzVersion,
        })
        .from(widgetProfiles)
        .innerJoin(workspaces, eq(workspaces.id, widgetProfiles.workspaceId))
        .where(eq(widgetProfiles.publishableKey, sql.placeholder('key')))
        .prepare('widget_profile_by_key'),
    )
    const [row] = await lookup.execute({ key })
    if (!row) return undefined
    return {
      actor: {
        type: 'visitor' as const,
        id: row.id,
        workspaceId: row.workspaceId,
        authzVersion: `${row.version}.${row.workspaceAuthz}`,
        allowedOrigins: row.allowedOrigins,
        visitorId: '',
      },
    }
  })
  if (!entry) throw unauthorized('The publishable key is not valid: it was rotated, or its profile deleted')
  return entry.actor
}

/** The header in which an anonymous visitor's client names the visitor (a stable random id it keeps). */
export const VISITOR_ID_HEADER = 'loopdesk-visitor-id'
const visitorIdPattern = /^[A-Za-z0-9_-]{16,128}$/

/** A visitor id as sent, checked: 16 to 128 letters, digits, `-` or `_` (a UUID fits); '' when none is sent. */
function visitorIdOf(value: string | undefined): string {
  if (value === undefined) return ''
  if (!visitorIdPattern.test(value)) {
    throw new ApiError('validation_failed', 'The Loopdesk-Visitor-Id header is malformed', {
      errors: [
        {
          path: 'header.loopdesk-visitor-id',
          code: 'invalid_string',
          message: 'must be 16 to 128 letters, digits, "-" or "_" (a UUID fits)',
        },
      ],
    })
  }
  return value
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * A cookie-authenticated write must come from one of our origins (LOOPDESK_PUBLIC_URL or
 * LOOPDESK_CORS_ORIGINS): SameSite=Lax alone does not stop every cross-site form post.
 */
function assertSameOrigin(origin: string | undefined, allowed: readonly string[]) {
  if (!origin || !allowed.includes(origin)) {
    throw new ApiError(
      'invalid_origin',
      'A request authenticated by the session cookie must send an allowed Origin',
    )
  }
}

/**
 * Resolve the caller from `Authorization: Bearer …` (an API key or a session token) or from the
 * `loopdesk_session` cookie; refuse protected operations without one. Deny by default: only an operation the
 * spec marks `security: []` is public, and a public operation ignores whatever credential comes with it (a
 * stale session cookie must not keep anyone from signing in again, nor a leftover header from accepting an
 * invitation): it answers exactly as it would without one.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('operation')?.public) return next()
    const { database, apiKeyCache, publishableKeyCache, config, principals } = c.get('deps')
    const header = c.req.header('authorization')
    let actor: Actor = { type: 'anonymous' }
    let token: string | undefined
    let viaCookie = false
    if (header !== undefined) {
      const match = /^Bearer +(\S+) *$/i.exec(header)
      if (!match?.[1])
        throw unauthorized(
          'The Authorization header must be "Bearer <API key, session token or publishable key>"',
        )
      token = match[1]
    } else {
      token = getCookie(c, SESSION_COOKIE)
      viaCookie = token !== undefined
    }
    if (token !== undefined) {
      if (looksLikeApiKey(token) && !viaCookie) actor = await verifyApiKey(database.db, apiKeyCache, token)
      else if (looksLikePublishableKey(token) && !viaCookie) {
        actor = await verifyPublishableKey(database.db, publishableKeyCache, token)
        // A browser always names the page's origin on a cross-origin call: only the profile's origins may use
        // the key there. No Origin is no browser's cross-site call (an app, a script): the key is public anyway.
        const origin = c.req.header('origin')
        if (origin !== undefined && !originAllowed(origin, actor.allowedOrigins)) {
          throw new ApiError(
            'origin_not_allowed',
            `${origin} is not on this widget profile's allowed origins`,
          )
        }
        actor = { ...actor, visitorId: visitorIdOf(c.req.header(VISITOR_ID_HEADER)) }
      } else if (looksLikeSessionToken(token)) {
        const session = await validateSession(database.db, token)
        if (!session) throw unauthorized('The session has expired or was ended: sign in again')
        if (viaCookie && unsafeMethods.has(c.req.method))
          assertSameOrigin(c.req.header('origin'), config.allowedOrigins)
        // A browser keeps the cookie as long as the session: extended here, so is the cookie.
        if (viaCookie && session.renewed) setSessionCookie(c, token, session.expiresAt)
        actor =
          session.kind === 'member'
            ? {
                type: 'member',
                id: session.memberId,
                workspaceId: session.workspaceId,
                sessionId: session.sessionId,
                authzVersion: session.authzVersion,
                viaCookie,
              }
            : {
                type: 'contact',
                id: session.contactId,
                workspaceId: session.workspaceId,
                sessionId: session.sessionId,
                authzVersion: session.authzVersion,
                viaCookie,
              }
      } else throw unauthorized('The credential is not valid or has been revoked')
    } else {
      throw unauthorized('This operation needs an API key or a session: send "Authorization: Bearer <token>"')
    }
    c.set('actor', actor)
    // Load the actor's policy view now, outside any transaction: a service that first asks the policy inside
    // its transaction would otherwise wait on PGlite's single connection. Warm, this is a map lookup.
    if (actor.type !== 'anonymous') c.set('principal', await principals.load(database.db, actor))
    await next()
  }
}
