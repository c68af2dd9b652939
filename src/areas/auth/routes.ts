import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { operations } from '../../../generated/operations'
import { SESSION_COOKIE, sessionCookieAttributes, setSessionCookie } from '../../auth/sessions'
import { type AppEnv, requestDb, serviceContext } from '../../http/context'
import { clientIp } from '../../http/request'
import { presentMember } from '../members/service'
import {
  type AuthClient,
  type AuthEnv,
  getCurrentSession,
  logIn,
  logOut,
  sendPortalMagicLink,
  toPortalContact,
  verifyPortalLogin,
} from './service'

const cookieAttributes = sessionCookieAttributes

function authEnv(c: Context<AppEnv>): AuthEnv {
  const deps = c.get('deps')
  return {
    db: requestDb(c),
    config: deps.config,
    mailer: deps.mailer,
    limiters: deps.authLimiters,
    requestId: c.get('requestId'),
    origin: c.get('origin'),
  }
}

const authClient = (c: Context<AppEnv>): AuthClient => ({
  ip: clientIp(c),
  userAgent: c.req.header('user-agent') ?? null,
  origin: c.req.header('origin'),
})

export function registerAuthRoutes(app: OpenAPIHono<AppEnv>) {
  // POST /v1/auth/login - sign a member in with email and password
  app.openapi(operations.logIn, async (c) => {
    const env = authEnv(c)
    const { session, member } = await logIn(env, c.req.valid('json'), authClient(c))
    setSessionCookie(c, session.token, session.expiresAt)
    return c.json(
      {
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        member: await presentMember(env.db, member),
      },
      200,
      { 'cache-control': 'no-store' },
    )
  })

  // POST /v1/auth/logout - end the caller's session
  app.openapi(operations.logOut, async (c) => {
    await logOut(serviceContext(c))
    deleteCookie(c, SESSION_COOKIE, cookieAttributes)
    return c.body(null, 204)
  })

  // GET /v1/auth/session - the caller's session
  app.openapi(operations.getSession, async (c) => {
    const ctx = serviceContext(c)
    const current = await getCurrentSession(ctx)
    // When this request extended the session, the auth middleware already set the cookie again.
    const base = { workspaceId: current.workspaceId, expiresAt: current.expiresAt.toISOString() }
    return c.json(
      current.type === 'member'
        ? { type: 'member' as const, ...base, member: await presentMember(ctx.db, current.member) }
        : { type: 'contact' as const, ...base, contact: toPortalContact(current.contact) },
      200,
      { 'cache-control': 'no-store' },
    )
  })

  // POST /v1/auth/portal/magic-link - email a customer a sign-in code and link
  app.openapi(operations.sendPortalMagicLink, async (c) => {
    const { expiresAt } = await sendPortalMagicLink(authEnv(c), c.req.valid('json'), authClient(c))
    return c.json({ expiresAt: expiresAt.toISOString() }, 202)
  })

  // POST /v1/auth/portal/verify - exchange a code or link token for a contact session
  app.openapi(operations.verifyPortalLogin, async (c) => {
    const { session, contact } = await verifyPortalLogin(authEnv(c), c.req.valid('json'), authClient(c))
    setSessionCookie(c, session.token, session.expiresAt)
    return c.json(
      { token: session.token, expiresAt: session.expiresAt.toISOString(), contact: toPortalContact(contact) },
      200,
      { 'cache-control': 'no-store' },
    )
  })
}
