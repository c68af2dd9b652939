#!/usr/bin/env node
// npm run generate: spec/openapi.yaml is the source of truth; everything below is derived from it.
//   0. list the areas (generated/areas.ts) and write the spec's parts that mirror code (spec/generated/, and the
//      root's tags, paths and webhooks gathered from spec/paths/*.yaml): scripts/spec-parts.mjs
//   1. lint the spec (redocly, zero errors)
//   2. bundle it to generated/openapi.json (served at /openapi.json), declaring the `RateLimit-*` headers on every
//      answer of every /v1 operation, stating the server's email rule as the `pattern` of every
//      `format: email` field and the length a bounded pattern implies as its `maxLength`, and completing each operation's examples and error codes (describeReference)
//   3. generate @hono/zod-openapi routes + zod schemas into generated/routes.ts (hono-takibi), `webhooks` left out,
//      with the server's email rule in every `z.email()`
//   4. index the routes by operationId in generated/operations.ts
//   5. generate the SDK's types into sdk/src/schema.d.ts (openapi-typescript, fields with a default stay optional
//      in request bodies), and the SDK README's table of error codes (scripts/sdk-readme.mjs)
//   6. generate a migration if src/db/schema/ changed (drizzle-kit; prints "No schema changes" otherwise)
//   7. gather every src/**/*.polar into generated/policies.ts (one import on Node and on Workers alike)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { writeSdkReadme } from './sdk-readme.mjs'
import {
  describeAuthorization,
  describeReference,
  patternMaxLength,
  readCatalogue,
  writeSpecParts,
} from './spec-parts.mjs'

const bin = (name) => `node_modules/.bin/${name}`
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] })

mkdirSync('generated', { recursive: true })
// 0. the area registry, then the spec's parts that mirror it (scripts/spec-parts.mjs)
writeAreaRegistry()
const catalogue = readCatalogue()
writeSpecParts(catalogue)
run(bin('redocly'), ['lint', '--format=summary', 'spec/openapi.yaml'])
run(bin('redocly'), ['bundle', 'spec/openapi.yaml', '-o', 'generated/openapi.json'])
const bundled = JSON.parse(readFileSync('generated/openapi.json', 'utf8'))
describeAuthorization(bundled, catalogue)
declareRateLimitHeaders(bundled)

// The routes come from the spec without its `webhooks` (what Loopdesk sends, not serves): hono-takibi would turn
// each into a route-like object and the event payload schemas into zod the server never uses. It gets the
// spec before the email patterns are added: `z.email()` carries the rule itself (below), a `.regex()` beside it
// would only report every bad address twice.
const routesInput = join(mkdtempSync(join(tmpdir(), 'loopdesk-routes-')), 'openapi.json')
writeFileSync(routesInput, JSON.stringify(withoutWebhooks(bundled)))

declareEmailPattern(bundled)
declarePatternLengths(bundled)
// Examples and error codes are for readers of the bundle (the reference, the SDK), not for the routes.
describeReference(bundled, catalogue)
// Re-serialise so the committed bundle has one stable layout whatever redocly's version prints.
writeFileSync('generated/openapi.json', `${JSON.stringify(bundled, null, 2)}\n`)

run(bin('hono-takibi'), [routesInput, '-o', 'generated/routes.ts'])
rmSync(dirname(routesInput), { recursive: true })
// hono-takibi writes `format: email` as `z.email()`, whose default regex (zod's own) refuses addresses the
// spec allows (`~ti@acme.test`, `0@com`): every one takes the server's rule instead (src/mail/address.ts).
const emailCall = /\bz(\s*)\.email\(\)/g
writeFileSync(
  'generated/routes.ts',
  readFileSync('generated/routes.ts', 'utf8').replace(
    emailCall,
    'z$1.email({ pattern: z.regexes.html5Email })',
  ),
)

// hono-takibi names routes after method + path; handlers and tests speak operationIds.
const routes = readFileSync('generated/routes.ts', 'utf8')
if (/\.email\(\)/.test(routes)) throw new Error('generated/routes.ts has a z.email() without the email rule')
const pairs = [...routes.matchAll(/export const (\w+) = createRoute\(\{[\s\S]*?operationId: '(\w+)'/g)]
  .map(([, exportName, operationId]) => [operationId, exportName])
  .sort(([a], [b]) => a.localeCompare(b))
const operationCount = Object.values(bundled.paths).flatMap((item) =>
  Object.keys(item).filter((k) => ['get', 'put', 'post', 'patch', 'delete'].includes(k)),
).length
if (pairs.length !== operationCount) {
  throw new Error(
    `found ${pairs.length} routes for ${operationCount} operations: every operation needs an operationId`,
  )
}
// A namespace import: while routes.ts is being regenerated, an operation it no longer has is undefined here
// rather than a link error, so scripts/catalogue.ts (which imports the areas) runs on a stale routes.ts too.
const operations = `// Generated by scripts/generate.mjs from generated/routes.ts. Do not edit.
import * as routes from './routes'

/** Every route of the spec, by operationId. */
export const operations = {
${pairs.map(([o, e]) => `  ${o}: routes.${e},`).join('\n')}
} as const

export type OperationId = keyof typeof operations
`
writeFileSync('generated/operations.ts', operations)

// Without --default-non-nullable false, a field with a `default` is required in request types too
// (`active` of CreateWebhookRequest), though the server fills it in.
run(bin('openapi-typescript'), [
  'generated/openapi.json',
  '-o',
  'sdk/src/schema.d.ts',
  '--default-non-nullable',
  'false',
])
writeSdkReadme(bundled, catalogue)

run(bin('drizzle-kit'), ['generate'])

const polarFiles = readdirSync('src', { recursive: true })
  .filter((f) => f.endsWith('.polar'))
  .map((f) => `src/${f.split('\\').join('/')}`)
  .sort()
const policies = `// Generated by scripts/generate.mjs from src/**/*.polar. Do not edit.

/** Every Polar policy file, in path order. */
export const policies: { filename: string; source: string }[] = [
${polarFiles.map((f) => `  { filename: ${JSON.stringify(f)}, source: ${JSON.stringify(readFileSync(f, 'utf8'))} },`).join('\n')}
]
`
writeFileSync('generated/policies.ts', policies)

/**
 * The rate limiter (src/http/request.ts) sets `RateLimit-Limit`, `-Remaining` and `-Reset` on every answer of
 * every /v1 operation, errors included: declared here on each of those responses (hundreds) rather than by hand,
 * referring to the header components of spec/components/headers/common.yaml. A shared response also used outside
 * /v1 (the probes' 400) is copied there without them.
 */
function declareRateLimitHeaders(spec) {
  /** The paths behind the API's middleware (credential, rate limit…): every `/v1` path, and `/mcp`. */
  const isApiPath = (path) => path.startsWith('/v1/') || path === '/mcp'
  const components = {
    'RateLimit-Limit': 'RateLimitLimit',
    'RateLimit-Remaining': 'RateLimitRemaining',
    'RateLimit-Reset': 'RateLimitReset',
  }
  const headers = {}
  for (const [header, component] of Object.entries(components)) {
    if (!spec.components.headers?.[component])
      throw new Error(`components.headers.${component} is not in the bundle`)
    headers[header] = { $ref: `#/components/headers/${component}` }
  }
  const sharedName = (response) => response.$ref?.replace('#/components/responses/', '')
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    ['get', 'put', 'post', 'patch', 'delete']
      .filter((m) => item[m])
      .map((m) => ({ path, operation: item[m] })),
  )
  const shared = new Set()
  for (const { path, operation } of operations) {
    if (!isApiPath(path)) continue
    for (const [status, response] of Object.entries(operation.responses)) {
      const name = sharedName(response)
      if (name) shared.add(name)
      else operation.responses[status] = { ...response, headers: { ...response.headers, ...headers } }
    }
  }
  for (const { path, operation } of operations) {
    if (isApiPath(path)) continue
    for (const [status, response] of Object.entries(operation.responses)) {
      const name = sharedName(response)
      if (shared.has(name)) operation.responses[status] = structuredClone(spec.components.responses[name])
    }
  }
  for (const name of shared) {
    const response = spec.components.responses[name]
    spec.components.responses[name] = { ...response, headers: { ...response.headers, ...headers } }
  }
}

/**
 * The email rule the server applies (WHATWG HTML's, `z.regexes.html5Email`, see src/mail/address.ts) as the
 * `pattern` of every `format: email` string, so clients and validators of the bundled spec check what the
 * server checks. A pattern written in the spec must be that one.
 */
function declareEmailPattern(node) {
  if (Array.isArray(node)) return node.forEach(declareEmailPattern)
  if (node === null || typeof node !== 'object') return
  if (node.format === 'email') {
    const rule = z.regexes.html5Email.source
    if (node.pattern !== undefined && node.pattern !== rule) {
      throw new Error(`an email field has the pattern ${node.pattern}, not the server's ${rule}`)
    }
    node.pattern = rule
  }
  for (const value of Object.values(node)) declareEmailPattern(value)
}

/**
 * The length a bounded `pattern` implies (a TypeID's `^ct_[0-7][0-9a-hjkmnp-tv-z]{25}$` is 29 characters), stated as
 * the `maxLength` of every string schema that gives none, for clients and linters of the bundle (the OWASP string
 * limit of npm run lint:spec). Not for the routes: their pattern already refuses a longer string, and a second
 * `too_big` error beside its own would only say it twice.
 */
function declarePatternLengths(node) {
  if (Array.isArray(node)) return node.forEach(declarePatternLengths)
  if (node === null || typeof node !== 'object') return
  if (typeof node.pattern === 'string' && node.maxLength === undefined) {
    const length = patternMaxLength(node.pattern)
    if (length !== undefined) node.maxLength = length
  }
  for (const value of Object.values(node)) declarePatternLengths(value)
}

/**
 * The spec without `webhooks`, and with only the components the rest of it uses (security schemes, named rather
 * than referenced, all stay): the event payload schemas are for receivers and the SDK, not for the server.
 */
function withoutWebhooks(spec) {
  const { webhooks, components = {}, ...rest } = spec
  const used = new Set()
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
        if (used.has(value)) continue
        used.add(value)
        const [kind, name] = value.slice('#/components/'.length).split('/')
        walk(components[kind]?.[name])
      } else walk(value)
    }
  }
  walk(rest)
  const kept = Object.entries(components).map(([kind, entries]) => [
    kind,
    kind === 'securitySchemes'
      ? entries
      : Object.fromEntries(
          Object.entries(entries).filter(([name]) => used.has(`#/components/${kind}/${name}`)),
        ),
  ])
  return { ...rest, components: Object.fromEntries(kept) }
}

/**
 * generated/areas.ts: every src/areas/<area>/index.ts, installed into the engine's registries when first
 * imported. A new area is a new folder; nothing lists it by hand.
 */
function writeAreaRegistry() {
  const names = readdirSync('src/areas', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`src/areas/${d.name}/index.ts`))
    .map((d) => d.name)
    .sort()
  const ident = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())
  const text = `// Generated by scripts/generate.mjs from src/areas/*/index.ts. Do not edit.
import { installAreas } from '../src/registry/install'
${names.map((n) => `import ${ident(n)} from '../src/areas/${n}'`).join('\n')}

/** Every area's declaration, installed into the engine's registries (once per process). */
export const areas = installAreas([
${names.map((n) => `  ${ident(n)},`).join('\n')}
])
`
  writeFileSync('generated/areas.ts', text)
}
