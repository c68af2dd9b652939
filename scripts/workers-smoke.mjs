#!/usr/bin/env node
// npm run test:workers: the Workers build answers real requests in workerd (wrangler dev --local), against
// PostgreSQL through the local Hyperdrive emulation.
//   1. create a fresh database (random name) on TEST_DATABASE_URL's server, migrate it, bootstrap a workspace
//   2. start `wrangler dev --local` on a free port with the Hyperdrive binding pointed at that database
//   3. check /healthz, /v1/workspace with and without an API key, and the Oso policy: a narrow key is refused;
//      then passwords: an invitation accepted (argon2id hash), a sign-in (verify), its session token as Bearer;
//      then the audit log: request id and user agent recorded, a multi-page CSV export streamed to the end
//   4. always stop wrangler (its whole process group) and drop the database
// Without a reachable server it prints SKIPPED and exits 0. Offline: no login, no metrics, no cf.json fetch.
import { execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import postgres from 'postgres'

process.chdir(fileURLToPath(new URL('..', import.meta.url))) // paths below are relative to the repository
const serverUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const startupTimeoutMs = 90_000
const started = performance.now()
const tsx = 'node_modules/.bin/tsx'
const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')

// Reachability: only "nothing answers" skips; a server that answers but refuses us is a failure.
const admin = postgres(serverUrl, { max: 1, connect_timeout: 5, onnotice: () => {} })
try {
  await admin`select 1`
} catch (error) {
  const unreachable = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EHOSTUNREACH',
    'ETIMEDOUT',
    'CONNECT_TIMEOUT',
    'EAI_AGAIN',
  ]
  await admin.end({ timeout: 1 }).catch(() => {})
  if (!unreachable.includes(error.code)) {
    console.log(`workers smoke: PostgreSQL at ${redact(serverUrl)} answered but refused: ${error.message}`)
    process.exit(1)
  }
  console.log(
    `SKIPPED: no PostgreSQL reachable at ${redact(serverUrl)} (${error.code}); set TEST_DATABASE_URL`,
  )
  process.exit(0)
}

const dbName = `loopdesk_workers_${randomBytes(6).toString('hex')}`
const dbUrl = new URL(serverUrl)
dbUrl.pathname = `/${dbName}`
// Hyperdrive's local emulation rejects a URL without a password; against a trust-auth server any value works.
const hyperdriveUrl = new URL(dbUrl)
if (!hyperdriveUrl.password) hyperdriveUrl.password = process.env.PGPASSWORD || 'postgres'

let wrangler
let wranglerOutput = ''
let cleaning
function cleanUp() {
  cleaning ??= (async () => {
    if (wrangler && wrangler.exitCode === null && wrangler.signalCode === null) {
      const exited = new Promise((resolve) => wrangler.once('exit', resolve))
      killGroup('SIGTERM')
      const timer = setTimeout(() => killGroup('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    await admin.unsafe(`drop database if exists ${dbName} with (force)`)
    await admin.end({ timeout: 5 })
  })()
  return cleaning
}
// wrangler runs workerd as a child: signal the group (wrangler was spawned detached, so it leads one).
function killGroup(signal) {
  try {
    process.kill(-wrangler.pid, signal)
  } catch {} // already gone
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.log(`workers smoke: interrupted (${signal}); cleaning up`)
    cleanUp().finally(() => process.exit(130))
  })
}

const results = []
function check(name, ok, detail) {
  results.push(ok)
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : ` - ${detail}`}`)
}

try {
  await admin.unsafe(`create database ${dbName}`)
  const env = { ...process.env, DATABASE_URL: dbUrl.toString(), LOG_LEVEL: 'warn' }
  // The operator's own tools: `npm run migrate`, then `npm run bootstrap` for a workspace and its API key.
  await run(tsx, ['scripts/migrate.ts'], env)
  const bootstrap = await run(
    tsx,
    ['scripts/bootstrap.ts', '--name', 'Smoke', '--email', 'smoke@example.test', '--json'],
    env,
  )
  const { workspaceId, apiKey } = JSON.parse(bootstrap.trim().split('\n').at(-1))

  const [port, inspectorPort] = await freePorts(2)
  const base = `http://127.0.0.1:${port}`
  wrangler = spawn(
    'node_modules/.bin/wrangler',
    [
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdriveUrl.toString(),
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_SEND_ERROR_REPORTS: 'false',
        WRANGLER_HIDE_BANNER: 'true', // the banner is what asks the npm registry for a newer wrangler
        CLOUDFLARE_CF_FETCH_ENABLED: 'false', // miniflare would download cf.json for request.cf
      },
    },
  )
  for (const stream of [wrangler.stdout, wrangler.stderr]) stream.on('data', (d) => (wranglerOutput += d))

  await waitUntilUp(`${base}/healthz`)
  const ready = Math.round(performance.now() - started)

  const health = await request(`${base}/healthz`)
  check(
    'GET /healthz -> 200 {"status":"ok"}',
    health.status === 200 && health.text === '{"status":"ok"}',
    show(health),
  )

  // The reference renders without internet on Workers too: the page and its script come from the Worker.
  const docs = await request(`${base}/docs`)
  const bundle = await request(`${base}/docs/assets/swagger-ui-bundle.js`)
  check(
    'GET /docs and its script -> 200, served by the Worker (assets binding)',
    docs.status === 200 &&
      docs.text.includes('/docs/assets/swagger-ui-bundle.js') &&
      bundle.status === 200 &&
      bundle.text.length > 100_000,
    `${show(docs)} / ${bundle.status} (${bundle.text.length} bytes)`,
  )

  const workspace = await request(`${base}/v1/workspace`, { authorization: `Bearer ${apiKey}` })
  check(
    'GET /v1/workspace with API key -> 200, the workspace',
    workspace.status === 200 && workspace.json?.id === workspaceId,
    show(workspace),
  )

  // The Oso policy on Workers (its WebAssembly instantiated from the module wrangler compiled at build time):
  // a key the owner creates with one narrow scope is refused the workspace, naming the scope it lacks.
  const owner = { authorization: `Bearer ${apiKey}` }
  const narrow = await request(`${base}/v1/api-keys`, owner, {
    method: 'POST',
    body: { name: 'Narrow', scopes: ['contacts:read'] },
  })
  check(
    'POST /v1/api-keys scopes [contacts:read] -> 201 with a secret',
    narrow.status === 201 && typeof narrow.json?.secret === 'string',
    show(narrow),
  )
  const denied = await request(`${base}/v1/workspace`, { authorization: `Bearer ${narrow.json?.secret}` })
  check(
    'GET /v1/workspace with that key -> 403 forbidden, missingScope workspace:read',
    denied.status === 403 &&
      denied.json?.code === 'forbidden' &&
      denied.json?.missingScope === 'workspace:read',
    show(denied),
  )
  const listed = await request(`${base}/v1/api-keys`, owner)
  check(
    'GET /v1/api-keys (policy filter in SQL) -> 200, both keys',
    listed.status === 200 && listed.json?.data?.length === 2,
    show(listed),
  )

  const anonymous = await request(`${base}/v1/workspace`)
  check(
    'GET /v1/workspace without credentials -> 401 problem+json unauthorized',
    anonymous.status === 401 &&
      anonymous.type.startsWith('application/problem+json') &&
      anonymous.json?.code === 'unauthorized',
    show(anonymous),
  )

  // Passwords on Workers: the native argon2 addon cannot load in workerd, so hashing (accepting an invitation)
  // and verifying (signing in) go through the pure-JS implementation; the session then works as a Bearer token.
  const invitee = { email: 'invitee@example.test', password: 'a long enough password' }
  const invitation = await request(`${base}/v1/invitations`, owner, {
    method: 'POST',
    body: { email: invitee.email, role: 'agent' },
  })
  check(
    'POST /v1/invitations -> 201 with a token',
    invitation.status === 201 && typeof invitation.json?.token === 'string',
    show(invitation),
  )
  const accepted = await request(
    `${base}/v1/invitations/accept`,
    {},
    {
      method: 'POST',
      body: { token: invitation.json?.token, name: 'Invitee', password: invitee.password },
    },
  )
  check(
    'POST /v1/invitations/accept (argon2id hash on Workers) -> 201, the member',
    accepted.status === 201 && accepted.json?.email === invitee.email,
    show(accepted),
  )
  const loginStarted = performance.now()
  const login = await request(`${base}/v1/auth/login`, {}, { method: 'POST', body: invitee })
  const loginMs = Math.round(performance.now() - loginStarted)
  check(
    'POST /v1/auth/login (argon2id verify on Workers) -> 200 with a session token',
    login.status === 200 &&
      typeof login.json?.token === 'string' &&
      login.json?.member?.id === accepted.json?.id,
    show(login),
  )
  const session = await request(`${base}/v1/auth/session`, { authorization: `Bearer ${login.json?.token}` })
  check(
    'GET /v1/auth/session with that token as Bearer -> 200, the member',
    session.status === 200 &&
      session.json?.type === 'member' &&
      session.json?.member?.id === accepted.json?.id,
    show(session),
  )
  const wrong = await request(
    `${base}/v1/auth/login`,
    {},
    {
      method: 'POST',
      body: { email: invitee.email, password: 'not the password' },
    },
  )
  check(
    'POST /v1/auth/login with a wrong password -> 401 invalid_credentials',
    wrong.status === 401 && wrong.json?.code === 'invalid_credentials',
    show(wrong),
  )

  // The audit log on Workers: the request scope (AsyncLocalStorage under nodejs_compat) gives the entry its
  // request id and user agent, and an export longer than one page keeps reading the database while it streams.
  const invitedEntries = await request(`${base}/v1/audit-log?type=member.invited`, owner)
  const entry = invitedEntries.json?.data?.[0]
  check(
    'GET /v1/audit-log -> the invitation, with its request id and user agent',
    invitedEntries.status === 200 &&
      typeof entry?.requestId === 'string' &&
      typeof entry?.userAgent === 'string',
    show(invitedEntries),
  )
  const seed = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} })
  await seed.unsafe(`insert into audit_entries (id, workspace_id, actor_type, type, event_id, resource_type, resource_id)
    select gen_random_uuid(), w.id, 'system', 'contact.updated', gen_random_uuid(), 'contact', 'ct_x' || g
    from workspaces w, generate_series(1, 2100) g`)
  await seed.end({ timeout: 5 })
  const exported = await request(`${base}/v1/audit-log/export`, owner)
  const lines = exported.text.split('\r\n').filter(Boolean)
  check(
    'GET /v1/audit-log/export (three pages, streamed) -> 200 text/csv, every entry',
    exported.status === 200 && exported.type.startsWith('text/csv') && lines.length > 2101,
    `${exported.status} ${exported.type} ${lines.length} lines ${exported.text.slice(-300)}`,
  )
  console.log(`(wrangler answered ${ready} ms after start; a sign-in took ${loginMs} ms)`)
} catch (error) {
  check('setup', false, error.stack ?? String(error))
} finally {
  if (results.includes(false) && wranglerOutput) console.log(`--- wrangler output ---\n${wranglerOutput}`)
  await cleanUp()
}

const passed = results.filter(Boolean).length
const failed = results.length - passed
console.log(
  `workers smoke: ${passed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`,
)
process.exit(failed === 0 ? 0 : 1)

async function run(cmd, args, env) {
  try {
    const { stdout } = await promisify(execFile)(cmd, args, { env, maxBuffer: 1 << 20 })
    return stdout
  } catch (error) {
    throw new Error(`${cmd} ${args[0]} failed: ${error.stderr || error.message}`)
  }
}

// Ports the OS hands out, all held open together so that no two are the same.
async function freePorts(count) {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer()
      return new Promise((resolve, reject) =>
        server.once('error', reject).listen(0, '127.0.0.1', () => resolve(server)),
      )
    }),
  )
  const ports = servers.map((server) => server.address().port)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}

async function waitUntilUp(url) {
  const deadline = Date.now() + startupTimeoutMs
  while (Date.now() < deadline) {
    if (wrangler.exitCode !== null || wrangler.signalCode !== null) {
      throw new Error(`wrangler exited (${wrangler.exitCode ?? wrangler.signalCode}) before answering`)
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) })
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  throw new Error(`wrangler did not answer ${url} within ${startupTimeoutMs / 1000} s`)
}

async function request(url, headers = {}, { method = 'GET', body } = {}) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  })
  const text = await response.text()
  let json
  try {
    json = JSON.parse(text)
  } catch {}
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, json }
}

function show(response) {
  return `${response.status} ${response.type} ${response.text.slice(0, 300)}`
}
