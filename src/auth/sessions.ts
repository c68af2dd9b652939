import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { and, eq, gt, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { setCookie } from 'hono/cookie'
import type { Db } from '../db/database'
import { contacts, members, sessions, workspaces } from '../db/schema'
import { type ContactId, isId, type MemberId, newId, type SessionId, type WorkspaceId } from '../ids'

/**
 * Sessions after Lucia's guide (the `lucia` package itself is deprecated): the token is
 * `<session id>.<secret>`, the secret has 256 random bits, only its SHA-256 is stored and compared in
 * constant time, and the expiry slides: a session used in the second half of its life is extended.
 */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000
const RENEW_WHEN_LEFT_MS = SESSION_TTL_MS / 2
export const SESSION_COOKIE = 'loopdesk_session'

export const sessionCookieAttributes = { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' } as const

/** The session cookie, living as long as the session (set again whenever the session is extended). */
export function setSessionCookie(c: Context, token: string, expiresAt: Date) {
  const maxAge = Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000))
  setCookie(c, SESSION_COOKIE, token, { ...sessionCookieAttributes, maxAge })
}

const hash = (secret: string) => createHash('sha256').update(secret).digest()

export interface NewSession {
  id: SessionId
  token: string
  expiresAt: Date
}

/** Create a session for a member or a contact inside the caller's transaction. */
export async function createSession(
  tx: Db,
  subject: { workspaceId: WorkspaceId; memberId?: MemberId; contactId?: ContactId },
  client: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const id = newId('sess')
  const secret = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS)
  await tx.insert(sessions).values({
    id,
    workspaceId: subject.workspaceId,
    memberId: subject.memberId ?? null,
    contactId: subject.contactId ?? null,
    secretHash: hash(secret).toString('hex'),
    expiresAt,
    ipAddress: client.ip,
    userAgent: client.userAgent?.slice(0, 512) ?? null,
  })
  return { id, token: `${id}.${secret}`, expiresAt }
}

/** True when `token` has the shape of a session token (so the caller knows not to try it as an API key). */
export const looksLikeSessionToken = (token: string) => /^sess_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/.test(token)

export type ValidSession =
  | {
      kind: 'member'
      sessionId: SessionId
      memberId: MemberId
      workspaceId: WorkspaceId
      authzVersion: string
      expiresAt: Date
      /** This validation extended the session (the cookie should follow). */
      renewed: boolean
    }
  | {
      kind: 'contact'
      sessionId: SessionId
      contactId: ContactId
      workspaceId: WorkspaceId
      authzVersion: string
      expiresAt: Date
      renewed: boolean
    }

/**
 * The live session for `token`, extending its expiry when due; undefined when the token is unknown,
 * wrong, expired, or its member was deactivated (or contact merged away).
 */
export async function validateSession(db: Db, token: string): Promise<ValidSession | undefined> {
  const [id, secret] = token.split('.')
  if (!id || !secret || !isId('sess', id)) return undefined
  const now = Date.now()
  const [row] = await db
    .select({
      secretHash: sessions.secretHash,
      expiresAt: sessions.expiresAt,
      workspaceId: sessions.workspaceId,
      memberId: sessions.memberId,
      contactId: sessions.contactId,
      memberStatus: members.status,
      memberAuthz: members.authzVersion,
      contactAuthz: contacts.authzVersion,
      contactMergedInto: contacts.mergedIntoId,
      workspaceAuthz: workspaces.authzVersion,
    })
    .from(sessions)
    .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
    .leftJoin(members, eq(members.id, sessions.memberId))
    .leftJoin(contacts, eq(contacts.id, sessions.contactId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, sql`now()`)))
  if (!row) return undefined
  const expected = Buffer.from(row.secretHash, 'hex')
  const given = hash(secret)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
  let expiresAt = row.expiresAt
  const renewed = expiresAt.getTime() - now < RENEW_WHEN_LEFT_MS
  if (renewed) {
    expiresAt = new Date(now + SESSION_TTL_MS)
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id))
  }
  if (row.memberId) {
    if (row.memberStatus !== 'active') return undefined
    return {
      kind: 'member',
      sessionId: id,
      memberId: row.memberId,
      workspaceId: row.workspaceId,
      authzVersion: `${row.memberAuthz}.${row.workspaceAuthz}`,
      expiresAt,
      renewed,
    }
  }
  if (!row.contactId || row.contactMergedInto) return undefined
  return {
    kind: 'contact',
    sessionId: id,
    contactId: row.contactId,
    workspaceId: row.workspaceId,
    authzVersion: `${row.contactAuthz}`,
    expiresAt,
    renewed,
  }
}

/** End one session (logout). */
export async function invalidateSession(db: Db, sessionId: SessionId) {
  await db.delete(sessions).where(eq(sessions.id, sessionId))
}

/** End every session of a member (deactivation, password change). */
export async function invalidateMemberSessions(db: Db, memberId: MemberId) {
  await db.delete(sessions).where(eq(sessions.memberId, memberId))
}
