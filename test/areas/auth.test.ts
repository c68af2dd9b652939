import { hash } from '@node-rs/argon2'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { DUMMY_HASH, hashPassword, needsRehash } from '../../src/auth/passwords'
import { SESSION_TTL_MS } from '../../src/auth/sessions'
import { loadConfig } from '../../src/config'
import {
  auditEntries,
  contacts,
  events,
  members,
  organizations,
  portalLoginCodes,
  sessions,
} from '../../src/db/schema'
import { newId, type WorkspaceId } from '../../src/ids'
import { LogMailer, type MailMessage, type MemoryMailer } from '../../src/mail/mailer'
import {
  captureLogger,
  createTestApp,
  login,
  type RequestOptions,
  randomClientIp,
  setPassword,
  type TestApp,
} from '../harness'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

const PASSWORD = 'correct horse battery staple'
const APP_ORIGIN = 'https://app.example.test'

/** An app whose config lists a frontend origin, as LOOPDESK_CORS_ORIGINS would (CORS and the Origin check). */
function corsApp(origins = [APP_ORIGIN]) {
  const { allowedOrigins } = loadConfig({})
  return createTestApp({
    corsOrigins: origins,
    allowedOrigins: [...allowedOrigins, ...origins.filter((o) => o !== '*')],
  })
}
const DAY = 24 * 60 * 60 * 1000

/** A request from its own client address unless `ip` names one: per-address limits stay per test. */
function send(app: TestApp, method: string, path: string, options: RequestOptions & { ip?: string } = {}) {
  const { ip, ...rest } = options
  return app.request(method, path, {
    ...rest,
    headers: { 'cf-connecting-ip': ip ?? randomClientIp(), ...rest.headers },
  })
}

const postLogin = (body: unknown, options: { ip?: string; headers?: Record<string, string> } = {}, app = t) =>
  send(app, 'POST', '/v1/auth/login', { body, ...options })

const uniqueEmail = (domain = 'example.test') => `m-${Math.random().toString(36).slice(2)}@${domain}`

/** A workspace with a member who has a password. */
async function memberWithPassword(app = t, options: { email?: string; workspaceId?: WorkspaceId } = {}) {
  const workspaceId = options.workspaceId ?? (await app.newWorkspace()).workspaceId
  const member = await app.newMember(workspaceId, { email: options.email ?? uniqueEmail() })
  await setPassword(app, member.memberId, PASSWORD)
  return { workspaceId, ...member }
}

const cookieOf = (token: string) => ({ cookie: `loopdesk_session=${token}` })

function setCookieHeader(res: { headers: Headers }) {
  return res.headers.get('set-cookie') ?? ''
}

describe('logIn', () => {
  it('answers a session token, sets the cookie, and the token works as Bearer and as cookie', async () => {
    const m = await memberWithPassword()
    const res = await postLogin({ email: m.email, password: PASSWORD })
    expect(res.status).toBe(200)
    expect(res.body.token).toMatch(/^sess_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/)
    expect(res.body.member).toMatchObject({ id: m.memberId, email: m.email, status: 'active' })
    expect(res.body.member).not.toHaveProperty('passwordHash')
    expect(res.text).not.toContain('argon2')
    const expiresAt = new Date(res.body.expiresAt).getTime()
    expect(Math.abs(expiresAt - (Date.now() + SESSION_TTL_MS))).toBeLessThan(60_000)
    expect(res.headers.get('cache-control')).toBe('no-store')

    const cookie = setCookieHeader(res)
    expect(cookie).toContain(`loopdesk_session=${res.body.token}`)
    expect(cookie).toContain(`Max-Age=${SESSION_TTL_MS / 1000}`)
    expect(cookie).toContain('Path=/')
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('Secure')
    expect(cookie).toContain('SameSite=Lax')

    const bearer = await t.request('GET', '/v1/workspace', { key: res.body.token })
    expect(bearer.status).toBe(200)
    expect(bearer.body.id).toBe(m.workspaceId)
    const viaCookie = await t.request('GET', '/v1/workspace', { headers: cookieOf(res.body.token) })
    expect(viaCookie.status).toBe(200)
    expect(viaCookie.body.id).toBe(m.workspaceId)
  })

  it('stores only a SHA-256 of the session secret and an argon2id hash of the password', async () => {
    const m = await memberWithPassword()
    const res = await postLogin({ email: m.email, password: PASSWORD })
    const [id, secret] = (res.body.token as string).split('.') as [string, string]
    const [row] = await t.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, id as never))
    expect(row?.secretHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(row)).not.toContain(secret)
    expect(row?.memberId).toBe(m.memberId)
    const [member] = await t.database.db.select().from(members).where(eq(members.id, m.memberId))
    expect(member?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  it('matches the email case-insensitively', async () => {
    const m = await memberWithPassword()
    const res = await postLogin({ email: m.email.toUpperCase(), password: PASSWORD })
    expect(res.status).toBe(200)
    expect(res.body.member.id).toBe(m.memberId)
  })

  it('answers the same 401 invalid_credentials for a wrong password and an unknown email', async () => {
    const m = await memberWithPassword()
    const wrong = await postLogin({ email: m.email, password: 'not the password' })
    const unknown = await postLogin({ email: uniqueEmail(), password: PASSWORD })
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(res.body.code).toBe('invalid_credentials')
      expect(setCookieHeader(res)).toBe('')
    }
    const { requestId: _a, ...a } = wrong.body
    const { requestId: _b, ...b } = unknown.body
    expect(a).toEqual(b)
  })

  it('refuses a member without a password and a deactivated member, whose sessions also stop', async () => {
    const ws = await t.newWorkspace()
    const noPassword = await t.newMember(ws.workspaceId, { email: uniqueEmail() })
    expect((await postLogin({ email: noPassword.email, password: PASSWORD })).status).toBe(401)

    const m = await memberWithPassword(t, { workspaceId: ws.workspaceId })
    const token = await login(t, m.email, PASSWORD)
    await t.database.db.update(members).set({ status: 'deactivated' }).where(eq(members.id, m.memberId))
    const res = await postLogin({ email: m.email, password: PASSWORD })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('invalid_credentials')
    expect((await t.request('GET', '/v1/workspace', { key: token })).status).toBe(401)
  })

  it('asks for the workspace when the email and password fit members of several workspaces', async () => {
    const email = uniqueEmail()
    const a = await memberWithPassword(t, { email })
    const b = await memberWithPassword(t, { email })
    const [wsA, wsB] = await Promise.all(
      [a.workspaceId, b.workspaceId].map(
        async (id) =>
          (await t.request('GET', '/v1/workspace', { key: id === a.workspaceId ? a.key : b.key })).body,
      ),
    )

    const ambiguous = await postLogin({ email, password: PASSWORD })
    expect(ambiguous.status).toBe(422)
    expect(ambiguous.body.code).toBe('workspace_required')

    const bySlug = await postLogin({ email, password: PASSWORD, workspace: wsA.slug.toUpperCase() })
    expect(bySlug.status).toBe(200)
    expect(bySlug.body.member.id).toBe(a.memberId)
    const byId = await postLogin({ email, password: PASSWORD, workspace: wsB.id })
    expect(byId.status).toBe(200)
    expect(byId.body.member.id).toBe(b.memberId)

    const unknownWorkspace = await postLogin({ email, password: PASSWORD, workspace: 'no-such-workspace' })
    expect(unknownWorkspace.status).toBe(401)
    expect(unknownWorkspace.body.code).toBe('invalid_credentials')
  })

  it('signs in without a workspace when only one of the accounts has this password', async () => {
    const email = uniqueEmail()
    const a = await memberWithPassword(t, { email })
    const b = await t.newMember((await t.newWorkspace()).workspaceId, { email })
    await setPassword(t, b.memberId, 'another password entirely')
    const res = await postLogin({ email, password: PASSWORD })
    expect(res.status).toBe(200)
    expect(res.body.member.id).toBe(a.memberId)
    // The other workspace named explicitly: its member's password is another.
    const other = await t.request('GET', '/v1/workspace', { key: b.key })
    expect((await postLogin({ email, password: PASSWORD, workspace: other.body.slug })).status).toBe(401)
  })

  it('upgrades a hash made with older parameters at the next sign-in', async () => {
    const m = await memberWithPassword()
    const weak = await hash(PASSWORD, { memoryCost: 8192, timeCost: 1, parallelism: 1 })
    await t.database.db.update(members).set({ passwordHash: weak }).where(eq(members.id, m.memberId))
    expect((await postLogin({ email: m.email, password: PASSWORD })).status).toBe(200)
    const [row] = await t.database.db.select().from(members).where(eq(members.id, m.memberId))
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect((await postLogin({ email: m.email, password: PASSWORD })).status).toBe(200)
  })

  it.each([
    ['no email', { password: PASSWORD }, 'body.email'],
    ['a malformed email', { email: 'not-an-email', password: PASSWORD }, 'body.email'],
    ['no password', { email: 'a@example.test' }, 'body.password'],
    ['an empty password', { email: 'a@example.test', password: '' }, 'body.password'],
    ['a too long password', { email: 'a@example.test', password: 'x'.repeat(1025) }, 'body.password'],
    ['an empty workspace', { email: 'a@example.test', password: PASSWORD, workspace: '' }, 'body.workspace'],
    ['an unknown field', { email: 'a@example.test', password: PASSWORD, remember: true }, 'body.remember'],
  ])('refuses %s with 400 naming the field', async (_, body, path) => {
    const res = await postLogin(body)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })

  it('limits failures per email: the 11th attempt in 15 minutes is 429, even with the right password', async () => {
    const m = await memberWithPassword()
    for (let i = 0; i < 10; i++) {
      expect((await postLogin({ email: m.email, password: `wrong ${i}` })).status).toBe(401)
    }
    const limited = await postLogin({ email: m.email.toUpperCase(), password: PASSWORD })
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe('rate_limited')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60)
    // Another member is not affected.
    const other = await memberWithPassword()
    expect((await postLogin({ email: other.email, password: PASSWORD })).status).toBe(200)
  })

  it('counts unknown emails too, so the limit does not tell whether an address exists', async () => {
    const email = uniqueEmail()
    for (let i = 0; i < 10; i++) expect((await postLogin({ email, password: 'guess' })).status).toBe(401)
    expect((await postLogin({ email, password: 'guess' })).status).toBe(429)
  })

  it('clears the email count on success', async () => {
    const m = await memberWithPassword()
    for (let i = 0; i < 9; i++) await postLogin({ email: m.email, password: 'wrong' })
    expect((await postLogin({ email: m.email, password: PASSWORD })).status).toBe(200)
    for (let i = 0; i < 9; i++) await postLogin({ email: m.email, password: 'wrong' })
    expect((await postLogin({ email: m.email, password: PASSWORD })).status).toBe(200)
  })

  it('limits failures per client address: the 51st attempt is 429, other addresses still sign in', async () => {
    const ip = randomClientIp()
    for (let i = 0; i < 50; i++) {
      expect((await postLogin({ email: uniqueEmail(), password: 'guess' }, { ip })).status).toBe(401)
    }
    const m = await memberWithPassword()
    const limited = await postLogin({ email: m.email, password: PASSWORD }, { ip })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await postLogin({ email: m.email, password: PASSWORD })).status).toBe(200)
  })

  it('refuses a browser on a foreign origin (login CSRF) and accepts the allowed ones', async () => {
    const app = await corsApp()
    const m = await memberWithPassword(app)
    const body = { email: m.email, password: PASSWORD }
    const foreign = await postLogin(body, { headers: { origin: 'https://evil.example.test' } }, app)
    expect(foreign.status).toBe(403)
    expect(foreign.body.code).toBe('invalid_origin')
    expect(setCookieHeader(foreign)).toBe('')
    for (const origin of ['https://app.example.test', app.deps.config.allowedOrigins[0] as string]) {
      expect((await postLogin(body, { headers: { origin } }, app)).status).toBe(200)
    }
    expect((await postLogin(body, {}, app)).status).toBe(200)
  })

  it("spends a real verification on unknown emails (the dummy hash has today's parameters)", async () => {
    expect(await needsRehash(DUMMY_HASH)).toBe(false)
    expect(await needsRehash(await hashPassword('x'))).toBe(false)
  })

  it('never logs the password or the token', async () => {
    const { logger, lines } = captureLogger('trace')
    const app = await createTestApp({}, { logger })
    const m = await memberWithPassword(app)
    await postLogin({ email: m.email, password: 'a wrong password' }, {}, app)
    const res = await postLogin({ email: m.email, password: PASSWORD }, {}, app)
    await app.request('GET', '/v1/auth/session', { key: res.body.token })
    await app.request('POST', '/v1/auth/logout', { key: res.body.token })
    const logged = lines.join('\n')
    expect(lines.length).toBeGreaterThan(3)
    for (const secret of [PASSWORD, 'a wrong password', res.body.token, res.body.token.split('.')[1]]) {
      expect(logged).not.toContain(secret)
    }
  })
})

describe('getSession', () => {
  it("answers the member's session", async () => {
    const m = await memberWithPassword()
    const token = await login(t, m.email, PASSWORD)
    const res = await t.request('GET', '/v1/auth/session', { key: token })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ type: 'member', workspaceId: m.workspaceId, member: { id: m.memberId } })
    expect(res.body).not.toHaveProperty('contact')
    expect(res.body).not.toHaveProperty('token')
    expect(res.text).not.toContain(token.split('.')[1])
  })

  it('extends a session used in the second half of its life, and renews the cookie with it', async () => {
    const m = await memberWithPassword()
    const token = await login(t, m.email, PASSWORD)
    const id = token.split('.')[0] as never
    await t.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() + DAY) })
      .where(eq(sessions.id, id))

    const res = await t.request('GET', '/v1/auth/session', { headers: cookieOf(token) })
    expect(res.status).toBe(200)
    const extended = new Date(res.body.expiresAt).getTime()
    expect(Math.abs(extended - (Date.now() + SESSION_TTL_MS))).toBeLessThan(60_000)
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.id, id))
    expect(row?.expiresAt.getTime()).toBe(extended)
    const cookie = setCookieHeader(res)
    expect(cookie).toContain(`loopdesk_session=${token}`)
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeGreaterThan(SESSION_TTL_MS / 1000 - 60)
  })

  it('renews the cookie on any request that extends the session', async () => {
    const m = await memberWithPassword()
    const token = await login(t, m.email, PASSWORD)
    await t.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() + DAY) })
      .where(eq(sessions.id, token.split('.')[0] as never))
    const res = await t.request('GET', '/v1/workspace', { headers: cookieOf(token) })
    expect(res.status).toBe(200)
    expect(Number(/Max-Age=(\d+)/.exec(setCookieHeader(res))?.[1])).toBeGreaterThan(
      SESSION_TTL_MS / 1000 - 60,
    )
    const fresh = await t.request('GET', '/v1/workspace', { headers: cookieOf(token) })
    expect(setCookieHeader(fresh)).toBe('')
  })

  it('leaves a fresh session alone', async () => {
    const m = await memberWithPassword()
    const token = await login(t, m.email, PASSWORD)
    const id = token.split('.')[0] as never
    const inTwentyDays = new Date(Date.now() + 20 * DAY)
    await t.database.db.update(sessions).set({ expiresAt: inTwentyDays }).where(eq(sessions.id, id))
    const res = await t.request('GET', '/v1/auth/session', { key: token })
    expect(res.body.expiresAt).toBe(inTwentyDays.toISOString())
  })

  it('refuses an expired session, a wrong secret and a made-up token with 401', async () => {
    const m = await memberWithPassword()
    const expired = await login(t, m.email, PASSWORD)
    await t.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, expired.split('.')[0] as never))
    const live = await login(t, m.email, PASSWORD)
    const wrongSecret = `${live.split('.')[0]}.${'A'.repeat(43)}`
    for (const token of [expired, wrongSecret, `sess_01jh2x3y4z5a6b7c8d9e0f1g2h.${'B'.repeat(43)}`]) {
      for (const path of ['/v1/auth/session', '/v1/workspace']) {
        const res = await t.request('GET', path, { key: token })
        expect(res.status).toBe(401)
        expect(res.body.code).toBe('unauthorized')
      }
    }
    expect((await t.request('GET', '/v1/auth/session', { headers: cookieOf(expired) })).status).toBe(401)
  })

  it('answers 422 session_required to an API key, and 401 without credentials', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('GET', '/v1/auth/session', { key: ws.key })
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('session_required')
    expect((await t.request('GET', '/v1/auth/session')).status).toBe(401)
  })
})

describe('logOut', () => {
  it('ends the session and clears the cookie; the token then answers 401', async () => {
    const m = await memberWithPassword()
    const token = await login(t, m.email, PASSWORD)
    const other = await login(t, m.email, PASSWORD)
    const res = await t.request('POST', '/v1/auth/logout', { key: token })
    expect(res.status).toBe(204)
    const cookie = setCookieHeader(res)
    expect(cookie).toMatch(/^loopdesk_session=;/)
    expect(cookie).toContain('Max-Age=0')
    expect((await t.request('GET', '/v1/workspace', { key: token })).status).toBe(401)
    expect((await t.request('POST', '/v1/auth/logout', { key: token })).status).toBe(401)
    const [row] = await t.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, token.split('.')[0] as never))
    expect(row).toBeUndefined()
    // Only that session: the member's other one still works.
    expect((await t.request('GET', '/v1/workspace', { key: other })).status).toBe(200)
  })

  it('refuses a cookie-authenticated write without an allowed Origin (403 invalid_origin)', async () => {
    const app = await corsApp()
    const m = await memberWithPassword(app)
    const token = await login(app, m.email, PASSWORD)
    const origins: Record<string, string>[] = [
      {},
      { origin: 'https://evil.example.test' },
      { origin: 'null' },
    ]
    for (const headers of origins) {
      const res = await app.request('POST', '/v1/auth/logout', {
        headers: { ...cookieOf(token), ...headers },
      })
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('invalid_origin')
    }
    // Reads need no Origin; the session survived the refused writes.
    expect((await app.request('GET', '/v1/auth/session', { headers: cookieOf(token) })).status).toBe(200)
    // Bearer tokens are not cookies: no Origin needed.
    const bearer = await login(app, m.email, PASSWORD)
    expect((await app.request('POST', '/v1/auth/logout', { key: bearer })).status).toBe(204)
    const res = await app.request('POST', '/v1/auth/logout', {
      headers: { ...cookieOf(token), origin: 'https://app.example.test' },
    })
    expect(res.status).toBe(204)
    expect((await app.request('GET', '/v1/auth/session', { headers: cookieOf(token) })).status).toBe(401)
  })

  it('answers 422 session_required to an API key, whose key keeps working', async () => {
    const ws = await t.newWorkspace()
    const res = await t.request('POST', '/v1/auth/logout', { key: ws.key })
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('session_required')
    expect((await t.request('GET', '/v1/workspace', { key: ws.key })).status).toBe(200)
  })

  it('answers 401 without credentials', async () => {
    const res = await t.request('POST', '/v1/auth/logout')
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('unauthorized')
  })
})

describe('CORS with cookie sessions', () => {
  it('lets listed origins send credentials, and never with *', async () => {
    const preflight = (app: TestApp) =>
      app.request('OPTIONS', '/v1/auth/logout', {
        headers: { origin: 'https://app.example.test', 'access-control-request-method': 'POST' },
      })
    const listed = await preflight(await corsApp())
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example.test')
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true')
    const any = await preflight(await corsApp(['*']))
    expect(any.headers.get('access-control-allow-origin')).toBe('*')
    expect(any.headers.get('access-control-allow-credentials')).toBeNull()
  })
})

// --- portal ---------------------------------------------------------------------------------------------

const magicLink = (body: unknown, options: { ip?: string; app?: TestApp } = {}) =>
  send(options.app ?? t, 'POST', '/v1/auth/portal/magic-link', { body, ip: options.ip })

const verify = (
  body: unknown,
  options: { ip?: string; app?: TestApp; headers?: Record<string, string> } = {},
) =>
  send(options.app ?? t, 'POST', '/v1/auth/portal/verify', { body, ip: options.ip, headers: options.headers })

/** The code and link token of the last portal message to `email`. */
function lastPortalMail(email: string, mailer: MemoryMailer = t.mailer) {
  const message = mailer.lastTo(email)
  if (!message) throw new Error(`no mail to ${email}`)
  const code = /\b(\d{6})\b/.exec(message.text)?.[1]
  const link = /https?:\/\/\S+/.exec(message.text)?.[0]
  const token = link ? new URL(link).searchParams.get('token') : null
  return { message, code: code as string, link, token }
}

async function portalWorkspace() {
  const ws = await t.newWorkspace('Portal Co')
  return { ...ws, slug: ws.workspace.slug }
}

const redirectUrl = () => `${t.deps.config.allowedOrigins[0]}/portal/sign-in?next=%2Ftickets`

describe('sendPortalMagicLink', () => {
  it('answers 202 and emails a 6-digit code, stored only as hashes', async () => {
    const ws = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    const res = await magicLink({ workspace: ws.slug, email })
    expect(res.status).toBe(202)
    const expiresAt = new Date(res.body.expiresAt).getTime()
    expect(Math.abs(expiresAt - (Date.now() + 15 * 60 * 1000))).toBeLessThan(60_000)

    const { message, code, link } = lastPortalMail(email)
    expect(message.tag).toBe('portal_login')
    expect(message.subject).toContain('Portal Co')
    expect(code).toMatch(/^\d{6}$/)
    expect(link).toBeUndefined()
    const rows = await t.database.db
      .select()
      .from(portalLoginCodes)
      .where(eq(portalLoginCodes.workspaceId, ws.workspaceId))
    expect(rows).toHaveLength(1)
    expect(rows[0]?.codeHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(rows)).not.toContain(code)
    // No contact yet: it is created when the sign-in completes.
    const found = await t.database.db.select().from(contacts).where(eq(contacts.workspaceId, ws.workspaceId))
    expect(found).toHaveLength(0)
  })

  it('adds a link to redirectUrl carrying the token, keeping its query', async () => {
    const ws = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    expect((await magicLink({ workspace: ws.workspaceId, email, redirectUrl: redirectUrl() })).status).toBe(
      202,
    )
    const { link, token } = lastPortalMail(email)
    const url = new URL(link as string)
    expect(url.origin).toBe(t.deps.config.allowedOrigins[0])
    expect(url.pathname).toBe('/portal/sign-in')
    expect(url.searchParams.get('next')).toBe('/tickets')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('answers the same for a known contact and an unknown address', async () => {
    const ws = await portalWorkspace()
    const known = uniqueEmail('customer.test')
    await t.database.db
      .insert(contacts)
      .values({ id: newId('ct'), workspaceId: ws.workspaceId, email: known })
    const a = await magicLink({ workspace: ws.slug, email: known })
    const b = await magicLink({ workspace: ws.slug, email: uniqueEmail('customer.test') })
    expect(a.status).toBe(202)
    expect(b.status).toBe(202)
    expect(Object.keys(a.body)).toEqual(Object.keys(b.body))
  })

  it('refuses a redirectUrl on another origin with 400 and sends nothing', async () => {
    const ws = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    for (const url of ['https://evil.example.test/steal', 'javascript:alert(1)']) {
      const res = await magicLink({ workspace: ws.slug, email, redirectUrl: url })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('validation_failed')
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.redirectUrl'])
    }
    expect(t.mailer.lastTo(email)).toBeUndefined()
  })

  it('answers 404 for an unknown workspace', async () => {
    const res = await magicLink({ workspace: 'no-such-portal', email: uniqueEmail() })
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('not_found')
  })

  it.each([
    ['no workspace', { email: 'a@customer.test' }, 'body.workspace'],
    ['no email', { workspace: 'acme' }, 'body.email'],
    ['a malformed email', { workspace: 'acme', email: 'nope' }, 'body.email'],
    [
      'a malformed redirectUrl',
      { workspace: 'acme', email: 'a@customer.test', redirectUrl: 'not a url' },
      'body.redirectUrl',
    ],
    ['an unknown field', { workspace: 'acme', email: 'a@customer.test', name: 'A' }, 'body.name'],
  ])('refuses %s with 400 naming the field', async (_, body, path) => {
    const res = await magicLink(body)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
  })

  it('limits requests per address (5 in 15 minutes) and per client (30)', async () => {
    const ws = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    for (let i = 0; i < 5; i++) expect((await magicLink({ workspace: ws.slug, email })).status).toBe(202)
    const limited = await magicLink({ workspace: ws.slug, email: email.toUpperCase() })
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe('rate_limited')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(t.mailer.sent.filter((m) => m.to.toLowerCase() === email)).toHaveLength(5)

    const ip = randomClientIp()
    for (let i = 0; i < 30; i++) {
      expect((await magicLink({ workspace: ws.slug, email: uniqueEmail() }, { ip })).status).toBe(202)
    }
    expect((await magicLink({ workspace: ws.slug, email: uniqueEmail() }, { ip })).status).toBe(429)
  })

  it('never logs the code or the link, also when no mail transport is configured', async () => {
    const { logger, lines } = captureLogger('trace')
    const app = await createTestApp({}, { logger })
    const sent: MailMessage[] = []
    const transportless = new LogMailer(logger)
    app.deps.mailer = {
      send: async (message) => {
        sent.push(message)
        await transportless.send(message)
      },
    }
    const ws = await app.newWorkspace()
    const email = uniqueEmail('customer.test')
    const redirect = `${app.deps.config.allowedOrigins[0]}/sign-in`
    const res = await magicLink({ workspace: ws.workspace.slug, email, redirectUrl: redirect }, { app })
    expect(res.status).toBe(202)
    const message = sent[0] as MailMessage
    const code = /\b(\d{6})\b/.exec(message.text)?.[1] as string
    const token = new URL(/https?:\/\/\S+/.exec(message.text)?.[0] as string).searchParams.get(
      'token',
    ) as string
    const verified = await verify({ token }, { app })
    expect(verified.status).toBe(200)
    const logged = lines.join('\n')
    expect(logged).toContain('portal_login')
    for (const secret of [code, token, verified.body.token]) expect(logged).not.toContain(secret)
  })
})

describe('verifyPortalLogin', () => {
  it('exchanges the code for a contact session, creating the contact once', async () => {
    const ws = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    await magicLink({ workspace: ws.slug, email })
    const { code } = lastPortalMail(email)
    const res = await verify(
      { workspace: ws.slug, email: email.toUpperCase(), code },
      { ip: '198.51.100.7', headers: { 'user-agent': 'portal-app/2', 'x-request-id': 'req-portal' } },
    )
    expect(res.status).toBe(200)
    expect(res.body.token).toMatch(/^sess_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/)
    expect(res.body.contact).toEqual({
      id: expect.stringMatching(/^ct_/),
      email,
      name: null,
      phone: null,
      organizationId: null,
    })
    expect(setCookieHeader(res)).toContain(`loopdesk_session=${res.body.token}`)
    expect(setCookieHeader(res)).toContain('HttpOnly')

    const session = await t.request('GET', '/v1/auth/session', { key: res.body.token })
    expect(session.status).toBe(200)
    expect(session.body).toMatchObject({
      type: 'contact',
      workspaceId: ws.workspaceId,
      contact: { id: res.body.contact.id, email },
    })
    expect(session.body).not.toHaveProperty('member')
    expect(session.body.contact).not.toHaveProperty('attributes')

    const created = await t.database.db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, ws.workspaceId), eq(events.type, 'contact.created')))
    expect(created).toHaveLength(1)
    expect(created[0]?.resourceId).toBe(res.body.contact.id)
    expect(created[0]?.requestId).toBe('req-portal')
    // Signing in has no service context: the request's origin still reaches the audit row.
    const [audited] = await t.database.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.eventId, created[0]!.id))
    expect(audited).toMatchObject({
      actorType: 'contact',
      actorId: res.body.contact.id,
      requestId: 'req-portal',
      ip: '198.51.100.7',
      userAgent: 'portal-app/2',
    })
    expect(JSON.stringify(created)).not.toContain(res.body.token.split('.')[1])
    expect(JSON.stringify(created)).not.toContain(code)

    // The code works once.
    const again = await verify({ workspace: ws.slug, email, code })
    expect(again.status).toBe(401)
    expect(again.body.code).toBe('invalid_credentials')

    // A second sign-in finds the same contact.
    await magicLink({ workspace: ws.workspaceId, email })
    const second = await verify({ workspace: ws.workspaceId, email, code: lastPortalMail(email).code })
    expect(second.status).toBe(200)
    expect(second.body.contact.id).toBe(res.body.contact.id)
    const all = await t.database.db.select().from(contacts).where(eq(contacts.workspaceId, ws.workspaceId))
    expect(all).toHaveLength(1)
    expect(all[0]?.lastSeenAt).not.toBeNull()
  })

  it('exchanges the link token once; the code of the same message dies with it', async () => {
    const ws = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    await magicLink({ workspace: ws.slug, email, redirectUrl: redirectUrl() })
    const { code, token } = lastPortalMail(email)
    const res = await verify({ token })
    expect(res.status).toBe(200)
    expect(res.body.contact.email).toBe(email)
    expect((await verify({ token })).status).toBe(401)
    expect((await verify({ workspace: ws.slug, email, code })).status).toBe(401)
  })

  it('signs in to an existing contact and links new ones to the organisation of their domain', async () => {
    const ws = await portalWorkspace()
    const [org] = await t.database.db
      .insert(organizations)
      .values({
        id: newId('org'),
        workspaceId: ws.workspaceId,
        name: 'Acme',
        domains: ['acme-corp.test', 'gmail.com'],
      })
      .returning()
    const signIn = async (email: string) => {
      await magicLink({ workspace: ws.slug, email })
      return verify({ workspace: ws.slug, email, code: lastPortalMail(email).code })
    }
    expect((await signIn(uniqueEmail('acme-corp.test'))).body.contact.organizationId).toBe(org?.id)
    expect((await signIn(uniqueEmail('eu.acme-corp.test'))).body.contact.organizationId).toBe(org?.id)
    // Free-mail addresses are never linked by domain, even when an organisation lists the domain.
    expect((await signIn(uniqueEmail('gmail.com'))).body.contact.organizationId).toBeNull()
    expect((await signIn(uniqueEmail('other.test'))).body.contact.organizationId).toBeNull()
  })

  it('kills the code (and its link) after 5 wrong attempts', async () => {
    const ws = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    await magicLink({ workspace: ws.slug, email, redirectUrl: redirectUrl() })
    const { code, token } = lastPortalMail(email)
    const wrong = code === '000000' ? '000001' : '000000'
    for (let i = 0; i < 5; i++) {
      const res = await verify({ workspace: ws.slug, email, code: wrong })
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('invalid_credentials')
    }
    expect((await verify({ workspace: ws.slug, email, code })).status).toBe(401)
    expect((await verify({ token })).status).toBe(401)
  })

  it('refuses an expired code, and a code used for another address or workspace', async () => {
    const ws = await portalWorkspace()
    const other = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    await magicLink({ workspace: ws.slug, email })
    const { code } = lastPortalMail(email)
    expect((await verify({ workspace: other.slug, email, code })).status).toBe(401)
    expect((await verify({ workspace: ws.slug, email: uniqueEmail(), code })).status).toBe(401)
    expect((await verify({ workspace: 'no-such-portal', email, code })).status).toBe(401)
    await t.database.db
      .update(portalLoginCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(portalLoginCodes.workspaceId, ws.workspaceId))
    const expired = await verify({ workspace: ws.slug, email, code })
    expect(expired.status).toBe(401)
    expect(expired.body.code).toBe('invalid_credentials')
    expect((await verify({ token: 'made-up-token' })).status).toBe(401)
  })

  it('ends a contact session on logout', async () => {
    const ws = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    await magicLink({ workspace: ws.slug, email })
    const { body } = await verify({ workspace: ws.slug, email, code: lastPortalMail(email).code })
    expect((await t.request('POST', '/v1/auth/logout', { key: body.token })).status).toBe(204)
    expect((await t.request('GET', '/v1/auth/session', { key: body.token })).status).toBe(401)
  })

  it('lets only one of two concurrent sign-ins with the same code through', async () => {
    const ws = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    await magicLink({ workspace: ws.slug, email })
    const { code } = lastPortalMail(email)
    const results = await Promise.all([1, 2].map(() => verify({ workspace: ws.slug, email, code })))
    expect(results.map((r) => r.status).sort()).toEqual([200, 401])
    const found = await t.database.db.select().from(contacts).where(eq(contacts.workspaceId, ws.workspaceId))
    expect(found).toHaveLength(1)
  })

  it('refuses a browser on a foreign origin', async () => {
    const ws = await portalWorkspace()
    const email = uniqueEmail('customer.test')
    await magicLink({ workspace: ws.slug, email })
    const { code } = lastPortalMail(email)
    const res = await verify(
      { workspace: ws.slug, email, code },
      { headers: { origin: 'https://evil.example.test' } },
    )
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('invalid_origin')
    // The refused attempt did not use the code up.
    expect((await verify({ workspace: ws.slug, email, code })).status).toBe(200)
  })

  it('limits failures per client address', async () => {
    const ip = randomClientIp()
    for (let i = 0; i < 50; i++) expect((await verify({ token: `guess-${i}` }, { ip })).status).toBe(401)
    const limited = await verify({ token: 'guess' }, { ip })
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe('rate_limited')
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it.each([
    ['an empty body', {}],
    ['a short code', { workspace: 'acme', email: 'a@customer.test', code: '12345' }],
    ['a non-numeric code', { workspace: 'acme', email: 'a@customer.test', code: 'abcdef' }],
    ['a code without email', { workspace: 'acme', code: '123456' }],
    ['both a token and a code', { token: 'x', workspace: 'acme', email: 'a@customer.test', code: '123456' }],
    ['an empty token', { token: '' }],
  ])('refuses %s with 400', async (_, body) => {
    const res = await verify(body)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
  })
})
