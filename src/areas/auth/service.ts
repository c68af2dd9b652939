import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { and, eq, gt, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm'
import type { AuthLimiters } from '../../auth/limits'
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from '../../auth/passwords'
import { createSession, invalidateSession, type NewSession } from '../../auth/sessions'
import type { Config } from '../../config'
import type { RequestOrigin } from '../../context/actor'
import type { ServiceContext } from '../../context/service'
import type { Db } from '../../db/database'
import { contacts, members, portalLoginCodes, sessions, workspaces } from '../../db/schema'
import { emit } from '../../events/emit'
import { ApiError } from '../../http/errors'
import { type ContactId, isId, newId, type WorkspaceId } from '../../ids'
import type { Mailer } from '../../mail/mailer'
import { findOrganizationForEmail } from '../contacts/domains'
import { toContact } from '../contacts/service'

/** What the public sign-in operations need: they run before there is an actor, so no ServiceContext. */
export interface AuthEnv {
  db: Db
  config: Config
  mailer: Mailer
  limiters: AuthLimiters
  requestId: string
  /** The request, for the audit rows of what sign-in creates (a portal contact). */
  origin: RequestOrigin
}

/** The caller as the sign-in operations see it. */
export interface AuthClient {
  /** The address rate limits count against (the socket's, not a forwarded header a client could forge). */
  ip: string
  userAgent: string | null
  /** The browser's `Origin` header, when it sent one. */
  origin: string | undefined
}

/** What the session row records about the client. */
const sessionClient = (client: AuthClient) => ({
  ip: client.ip === 'unknown' ? null : client.ip,
  userAgent: client.userAgent,
})

type MemberRow = typeof members.$inferSelect
type ContactRow = typeof contacts.$inferSelect

/** Portal codes and links work this long, and a code allows this many wrong guesses. */
export const PORTAL_CODE_TTL_MS = 15 * 60 * 1000
export const PORTAL_CODE_ATTEMPTS = 5

const invalidCredentials = (detail: string) => new ApiError('invalid_credentials', detail)
const LOGIN_FAILED = 'The email or password is not correct'
const PORTAL_FAILED = 'The code or link is not valid: it may be wrong, used or expired. Ask for a new one'

const rateLimited = (seconds: number, what: string) =>
  new ApiError('rate_limited', `Too many ${what}; retry in ${seconds} seconds`, {
    headers: { 'retry-after': String(seconds) },
  })

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Operations that set the session cookie refuse a browser on a foreign origin: otherwise any site could sign a
 * visitor in to the site's own account (login CSRF). Calls without `Origin` (apps, scripts, servers) pass, and
 * so does everything when the operator allows every origin (`LOOPDESK_CORS_ORIGINS=*`).
 */
export function assertSignInOrigin(config: Config, origin: string | undefined) {
  if (origin === undefined || config.corsOrigins.includes('*')) return
  if (!config.allowedOrigins.includes(origin)) {
    throw new ApiError('invalid_origin', `Sign-in from ${origin} is not allowed`)
  }
}

/** The workspace named by id or slug (case-insensitive), if any. */
async function findWorkspace(db: Db, ref: string) {
  const [row] = await db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(
      isId('ws', ref) ? eq(workspaces.id, ref) : eq(sql`lower(${workspaces.slug})`, ref.trim().toLowerCase()),
    )
  return row
}

const lowerEmail = (email: string) => email.trim().toLowerCase()

function throwIfLimited(...waits: number[]) {
  const wait = Math.max(...waits)
  if (wait > 0) throw rateLimited(wait, 'failed sign-ins')
}

/**
 * Check a member's email and password and start a session. Every way of failing (unknown email, unknown
 * workspace, no password set, deactivated, wrong password) answers the same 401 after the same work: one
 * argon2 verification at least, a dummy one when there is no account.
 */
export async function logIn(
  env: AuthEnv,
  input: { email: string; password: string; workspace?: string },
  client: AuthClient,
): Promise<{ session: NewSession; member: MemberRow }> {
  assertSignInOrigin(env.config, client.origin)
  const emailKey = lowerEmail(input.email)
  const { loginEmail, failuresIp } = env.limiters
  throwIfLimited(loginEmail.retryAfter(emailKey), failuresIp.retryAfter(client.ip))

  const workspace = input.workspace === undefined ? undefined : await findWorkspace(env.db, input.workspace)
  const candidates =
    input.workspace !== undefined && !workspace
      ? []
      : await env.db
          .select()
          .from(members)
          .where(
            and(
              eq(sql`lower(${members.email})`, emailKey),
              eq(members.status, 'active'),
              isNotNull(members.passwordHash),
              workspace ? eq(members.workspaceId, workspace.id) : undefined,
            ),
          )
  // In parallel: argon2 runs on libuv's pool, so an address in several workspaces costs about what one does.
  const verdicts =
    candidates.length === 0
      ? [await verifyDummyPassword(input.password)]
      : await Promise.all(candidates.map((m) => verifyPassword(m.passwordHash ?? '', input.password)))
  const matches = candidates.filter((_, i) => verdicts[i])

  if (matches.length === 0) {
    loginEmail.record(emailKey)
    failuresIp.record(client.ip)
    throw invalidCredentials(LOGIN_FAILED)
  }
  if (matches.length > 1) {
    throw new ApiError(
      'workspace_required',
      'This email and password belong to members of several workspaces: send `workspace` (its slug or id)',
    )
  }
  const member = matches[0] as MemberRow
  loginEmail.reset(emailKey)
  const session = await env.db.transaction(async (tx) => {
    if (member.passwordHash && (await needsRehash(member.passwordHash))) {
      await tx
        .update(members)
        .set({ passwordHash: await hashPassword(input.password) })
        .where(eq(members.id, member.id))
    }
    return createSession(tx, { workspaceId: member.workspaceId, memberId: member.id }, sessionClient(client))
  })
  return { session, member }
}

/** The session behind a request; an API key has none. */
function sessionActor(ctx: ServiceContext) {
  const actor = ctx.actor
  if (actor.type !== 'member' && actor.type !== 'contact') {
    throw new ApiError(
      'session_required',
      'The caller is an API key, not a session: revoke the key with DELETE /v1/api-keys/{apiKeyId} instead',
    )
  }
  return actor
}

/** End the caller's session. */
export async function logOut(ctx: ServiceContext): Promise<void> {
  await invalidateSession(ctx.db, sessionActor(ctx).sessionId)
}

export type CurrentSession =
  | { type: 'member'; workspaceId: WorkspaceId; expiresAt: Date; member: MemberRow; viaCookie: boolean }
  | { type: 'contact'; workspaceId: WorkspaceId; expiresAt: Date; contact: ContactRow; viaCookie: boolean }

/** The caller's session with its member or contact (read after the middleware may have extended it). */
export async function getCurrentSession(ctx: ServiceContext): Promise<CurrentSession> {
  const actor = sessionActor(ctx)
  const [session] = await ctx.db
    .select({ expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.id, actor.sessionId))
  // Ended between authentication and here (a concurrent logout).
  if (!session) throw new ApiError('unauthorized', 'The session has ended: sign in again')
  if (actor.type === 'member') {
    const [member] = await ctx.db
      .select()
      .from(members)
      .where(and(eq(members.workspaceId, ctx.workspaceId), eq(members.id, actor.id)))
    if (!member) throw new ApiError('unauthorized', 'The session has ended: sign in again')
    return {
      type: 'member',
      workspaceId: ctx.workspaceId,
      expiresAt: session.expiresAt,
      member,
      viaCookie: actor.viaCookie,
    }
  }
  const [contact] = await ctx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, actor.id)))
  if (!contact) throw new ApiError('unauthorized', 'The session has ended: sign in again')
  return {
    type: 'contact',
    workspaceId: ctx.workspaceId,
    expiresAt: session.expiresAt,
    contact,
    viaCookie: actor.viaCookie,
  }
}

/** The hash stored for a typed code: bound to the workspace and address, so a code means nothing elsewhere. */
const codeHash = (workspaceId: WorkspaceId, email: string, code: string) =>
  sha256(`${workspaceId}\n${lowerEmail(email)}\n${code}`)

/** `redirectUrl` must lead to one of our origins: a sign-in link must never carry its token to another site. */
function assertRedirectUrl(config: Config, redirectUrl: string): URL {
  let url: URL | undefined
  try {
    url = new URL(redirectUrl)
  } catch {}
  if (!url || !config.allowedOrigins.includes(url.origin)) {
    throw new ApiError(
      'validation_failed',
      "redirectUrl must be on the server's public URL or one of LOOPDESK_CORS_ORIGINS",
      {
        errors: [
          {
            path: 'body.redirectUrl',
            code: 'origin_not_allowed',
            message: 'must be on an allowed origin (LOOPDESK_PUBLIC_URL or LOOPDESK_CORS_ORIGINS)',
          },
        ],
      },
    )
  }
  return url
}

/**
 * Email a one-time code (and a link, with `redirectUrl`) to `email` for the workspace's portal. The answer does
 * not depend on whether a contact has that address: the contact is found or created when the sign-in completes.
 */
export async function sendPortalMagicLink(
  env: AuthEnv,
  input: { workspace: string; email: string; redirectUrl?: string },
  client: AuthClient,
): Promise<{ expiresAt: Date }> {
  const redirect =
    input.redirectUrl === undefined ? undefined : assertRedirectUrl(env.config, input.redirectUrl)
  const workspace = await findWorkspace(env.db, input.workspace)
  if (!workspace) throw new ApiError('not_found', `Workspace ${input.workspace} not found`)
  const email = input.email.trim()
  const emailKey = `${workspace.id}:${lowerEmail(email)}`
  const { magicLinkEmail, magicLinkIp } = env.limiters
  const wait = Math.max(magicLinkEmail.retryAfter(emailKey), magicLinkIp.retryAfter(client.ip))
  if (wait > 0) throw rateLimited(wait, 'sign-in emails')
  magicLinkEmail.record(emailKey)
  magicLinkIp.record(client.ip)

  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + PORTAL_CODE_TTL_MS)
  await env.db.transaction(async (tx) => {
    // Housekeeping for this address only; earlier live codes keep working until used or expired.
    await tx
      .delete(portalLoginCodes)
      .where(
        and(
          eq(portalLoginCodes.workspaceId, workspace.id),
          eq(sql`lower(${portalLoginCodes.email})`, lowerEmail(email)),
          lt(portalLoginCodes.expiresAt, sql`now()`),
        ),
      )
    await tx.insert(portalLoginCodes).values({
      workspaceId: workspace.id,
      email,
      tokenHash: sha256(token),
      codeHash: codeHash(workspace.id, email, code),
      expiresAt,
    })
  })

  let link: string | undefined
  if (redirect) {
    redirect.searchParams.set('token', token)
    link = redirect.toString()
  }
  await env.mailer.send({
    to: email,
    tag: 'portal_login',
    subject: `Your sign-in code for ${workspace.name}`,
    text: [
      `Your code to sign in to ${workspace.name} is ${code}.`,
      ...(link ? ['', `Or open this link to sign in: ${link}`] : []),
      '',
      `The code${link ? ' and the link work' : ' works'} once, for 15 minutes.`,
      'If you did not ask to sign in, you can ignore this email.',
    ].join('\n'),
  })
  return { expiresAt }
}

const liveCode = () =>
  and(
    isNull(portalLoginCodes.usedAt),
    gt(portalLoginCodes.expiresAt, sql`now()`),
    lt(portalLoginCodes.attempts, PORTAL_CODE_ATTEMPTS),
  )

/**
 * Exchange a portal code (with workspace and email) or a link token for a contact session. Single use: the
 * sign-in uses up every live code of the address. A wrong code counts an attempt against every live code of
 * the address, so spreading guesses over several requested codes gains nothing.
 */
export async function verifyPortalLogin(
  env: AuthEnv,
  input: { token: string } | { workspace: string; email: string; code: string },
  client: AuthClient,
): Promise<{ session: NewSession; contact: ContactRow }> {
  assertSignInOrigin(env.config, client.origin)
  throwIfLimited(env.limiters.failuresIp.retryAfter(client.ip))

  const outcome = await env.db.transaction(async (tx) => {
    let matched: { workspaceId: WorkspaceId; email: string } | undefined
    if ('token' in input) {
      const [row] = await tx
        .select({ workspaceId: portalLoginCodes.workspaceId, email: portalLoginCodes.email })
        .from(portalLoginCodes)
        .where(and(eq(portalLoginCodes.tokenHash, sha256(input.token)), liveCode()))
        .for('update')
      matched = row
    } else {
      const workspace = await findWorkspace(tx, input.workspace)
      if (workspace) {
        const live = await tx
          .select({
            id: portalLoginCodes.id,
            email: portalLoginCodes.email,
            codeHash: portalLoginCodes.codeHash,
          })
          .from(portalLoginCodes)
          .where(
            and(
              eq(portalLoginCodes.workspaceId, workspace.id),
              eq(sql`lower(${portalLoginCodes.email})`, lowerEmail(input.email)),
              liveCode(),
            ),
          )
          .for('update')
        const given = codeHash(workspace.id, input.email, input.code)
        const hit = live.find((row) => sameHex(row.codeHash, given))
        // The address as it was written when the code was asked for, not as retyped now.
        if (hit) matched = { workspaceId: workspace.id, email: hit.email }
        else if (live.length > 0) {
          await tx
            .update(portalLoginCodes)
            .set({ attempts: sql`${portalLoginCodes.attempts} + 1` })
            .where(
              inArray(
                portalLoginCodes.id,
                live.map((row) => row.id),
              ),
            )
        }
      }
    }
    if (!matched) return undefined
    await tx
      .update(portalLoginCodes)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(portalLoginCodes.workspaceId, matched.workspaceId),
          eq(sql`lower(${portalLoginCodes.email})`, lowerEmail(matched.email)),
          liveCode(),
        ),
      )
    const contact = await findOrCreateContact(tx, matched.workspaceId, matched.email, env.origin)
    const session = await createSession(
      tx,
      { workspaceId: matched.workspaceId, contactId: contact.id },
      sessionClient(client),
    )
    return { session, contact }
  })
  if (!outcome) {
    env.limiters.failuresIp.record(client.ip)
    throw invalidCredentials(PORTAL_FAILED)
  }
  return outcome
}

/**
 * The workspace's (unmerged) contact with this address, or a new one linked to the organisation its
 * domain matches. Concurrent first sign-ins of one address create one contact: the loser of the insert
 * reads the winner's row.
 */
async function findOrCreateContact(
  tx: Db,
  workspaceId: WorkspaceId,
  email: string,
  origin: RequestOrigin,
): Promise<ContactRow> {
  const byEmail = and(
    eq(contacts.workspaceId, workspaceId),
    eq(sql`lower(${contacts.email})`, lowerEmail(email)),
    isNull(contacts.mergedIntoId),
  )
  // Signing in is using the portal: lastSeenAt is activity, not an edit of the record (no version, no event).
  const touch = () => tx.update(contacts).set({ lastSeenAt: new Date() }).where(byEmail).returning()
  const [existing] = await touch()
  if (existing) return existing
  const organizationId = await findOrganizationForEmail(tx, workspaceId, email)
  const [created] = await tx
    .insert(contacts)
    .values({
      id: newId('ct'),
      workspaceId,
      email,
      organizationId: organizationId ?? null,
      lastSeenAt: new Date(),
    })
    .onConflictDoNothing()
    .returning()
  if (!created) {
    const [winner] = await touch()
    if (!winner) throw new Error('contact insert conflicted but no contact has the address')
    return winner
  }
  await emit(
    tx,
    { workspaceId, eventActor: { type: 'contact', id: created.id, origin } },
    {
      type: 'contact.created',
      resourceId: created.id,
      data: { contact: toContact(created) },
    },
  )
  return created
}

/** The contact as they see themselves (no staff-side attributes or CRM id). */
export const toPortalContact = (c: ContactRow) => ({
  id: c.id as ContactId,
  email: c.email,
  name: c.name,
  phone: c.phone,
  organizationId: c.organizationId,
})
