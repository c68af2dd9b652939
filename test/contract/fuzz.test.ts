import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import fc from 'fast-check'
import { generateSync, type Random } from 'json-schema-faker'
import { beforeAll, describe, expect, it } from 'vitest'
import spec from '../../generated/openapi.json'
import { allowedMethods } from '../../src/http/operations'
import { isEmailAddress } from '../../src/mail/address'
import { createTestApp, randomClientIp, type TestApp } from '../harness'
import { takeResponseFailures } from '../spec-responses'

/**
 * Spec-driven fuzzing: for every operation, requests generated from its spec (json-schema-faker, seeded by
 * fast-check), valid ones and invalid ones made by mutating them, sent to the in-process app with an owner
 * key of a fresh workspace. Every answer must be declared, match the spec (test/spec-responses.ts) and be
 * below 500; an invalid request must never be accepted. `FUZZ_SEED=n` replays another run (the seed of a
 * failure is in its message), `FUZZ_RUNS=n` sets the runs per operation.
 */

const seed = Number(process.env.FUZZ_SEED ?? 20_261_204)
const runs = Number(process.env.FUZZ_RUNS ?? 2)

type Json = Record<string, any>
type Parameter = {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema: Json
}
type Operation = {
  operationId: string
  security?: unknown[]
  parameters?: Array<Parameter | { $ref: string }>
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> }
  responses: Record<string, unknown>
}
const methods = ['get', 'put', 'post', 'patch', 'delete'] as const
const bundle = spec as unknown as {
  paths: Record<string, Record<string, Operation> & { parameters?: Parameter[] }>
  components: { parameters: Record<string, Parameter>; schemas: Record<string, Json> }
}
const resolveParameter = (p: Parameter | { $ref: string }) =>
  '$ref' in p ? bundle.components.parameters[p.$ref.split('/').pop()!]! : p

/** The spec's schemas as `$defs`, with their references pointing there: each schema below is self-contained. */
const defs = JSON.parse(
  JSON.stringify(bundle.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/'),
)
const standalone = (schema: Json): Json =>
  JSON.parse(JSON.stringify({ ...schema, $defs: defs }).replaceAll('"#/components/schemas/', '"#/$defs/'))

const ajv = new Ajv2020({ strict: false, allErrors: false })
addFormats(ajv)
ajv.addFormat('email', isEmailAddress)
const compiled = new Map<Json, ValidateFunction>()
/** Whether `value` is valid by `schema` (the spec's own schema, open as the spec writes it). */
function valid(schema: Json, value: unknown) {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(standalone(schema))
    compiled.set(schema, validate)
  }
  return validate(value)
}

const operations = Object.entries(bundle.paths).flatMap(([path, item]) =>
  methods
    .filter((m) => item[m])
    .map((m) => {
      const operation = item[m]!
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolveParameter)
      const body = operation.requestBody?.content['application/json']?.schema
      return {
        path,
        method: m.toUpperCase(),
        operation,
        parameters: parameters.filter((p) => p.in === 'path' || p.in === 'query'),
        body: body ? { schema: body, required: operation.requestBody?.required === true } : undefined,
        isPublic: Array.isArray(operation.security) && operation.security.length === 0,
      }
    }),
)
type FuzzOperation = (typeof operations)[number]

/** A request as values (before they become a URL and bytes), so it can be checked against the spec. */
interface Draft {
  method: string
  params: Record<string, unknown>
  query: Record<string, unknown>
  /** undefined: no body at all. */
  body?: unknown
  /** Sent instead of JSON.stringify(body). */
  raw?: string
  contentType?: string
}

const formats = {
  // A receiver the app accepts without a DNS lookup (the fuzzing app allows insecure webhooks).
  uri: () => 'http://127.0.0.1:9/hook',
  email: (random: Random) => `fuzz-${random.int(0, 1e9)}@example.test`,
}

/** A value for `schema`, or undefined where the generator gives up on it for this seed (it throws on some). */
function generate(schema: Json, fakerSeed: number, allOptionals = false): unknown {
  try {
    return generateOrThrow(schema, fakerSeed, allOptionals)
  } catch {
    return undefined
  }
}

function generateOrThrow(schema: Json, fakerSeed: number, allOptionals = false): unknown {
  return generateSync(standalone(schema), {
    seed: fakerSeed,
    formats,
    ...(allOptionals ? { alwaysFakeOptionals: true } : { optionalsProbability: 0.5 }),
    maxItems: 3,
    maxDepth: 8,
  })
}

/** A request the spec accepts, or undefined when the generator could not make one. */
function validDraft(o: FuzzOperation, fakerSeed: number): Draft | undefined {
  const draft: Draft = { method: o.method, params: {}, query: {} }
  let n = fakerSeed
  for (const p of o.parameters) {
    n += 1
    if (p.in === 'query' && !p.required && n % 2 === 0) continue
    const value = generate(p.schema, n)
    if (!valid(p.schema, value)) return undefined
    ;(p.in === 'path' ? draft.params : draft.query)[p.name] = value
  }
  if (o.body) {
    let body = generate(o.body.schema, fakerSeed)
    // A body of optional fields that needs one (`minProperties: 1`) can come out empty: then fill them all.
    if (!valid(o.body.schema, body)) body = generate(o.body.schema, fakerSeed, true)
    if (!valid(o.body.schema, body)) return undefined
    draft.body = body
  }
  return draft
}

/** Whether the spec itself accepts `draft` (each parameter by its schema, the body by the body's). */
function specAccepts(o: FuzzOperation, draft: Draft) {
  if (draft.method !== o.method) return false
  if (draft.raw !== undefined || (draft.contentType && draft.contentType !== 'application/json'))
    return !o.body
  for (const p of o.parameters) {
    const where = p.in === 'path' ? draft.params : draft.query
    if (!(p.name in where)) {
      if (p.required) return false
      continue
    }
    if (!valid(p.schema, where[p.name])) return false
  }
  if (o.body) {
    if (draft.body === undefined) return !o.body.required
    return valid(o.body.schema, draft.body)
  }
  return true
}

function url(o: FuzzOperation, draft: Draft) {
  const path = o.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(draft.params[name] ?? 'x')),
  )
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(draft.query)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      query.append(name, typeof one === 'object' ? JSON.stringify(one) : String(one))
    }
  }
  const text = query.toString()
  return text ? `${path}?${text}` : path
}

type Mutation = {
  name: string
  /** The mutated request, or undefined when the operation has nothing to mutate this way. */
  apply: (o: FuzzOperation, draft: Draft, pick: number) => Draft | undefined
  /** What the answer must be when the mutation applies, beyond "declared, below 500, not 2xx if invalid". */
  expect?: (o: FuzzOperation, status: number, body: any) => void
}

const objectBody = (draft: Draft) =>
  draft.body !== null && typeof draft.body === 'object' && !Array.isArray(draft.body)
    ? (draft.body as Json)
    : undefined
const nth = <T>(items: T[], pick: number) => (items.length === 0 ? undefined : items[pick % items.length])
/** The body schema's own properties (following a top-level `$ref`). */
function bodyProperties(o: FuzzOperation): Json {
  let schema = o.body?.schema
  while (schema?.$ref) schema = bundle.components.schemas[schema.$ref.split('/').pop()!]
  return schema?.properties ?? {}
}
const otherType = (value: unknown) =>
  typeof value === 'string'
    ? 12_345
    : Array.isArray(value) || value === null
      ? { not: 'this' }
      : typeof value === 'object'
        ? 'text'
        : 'text'

const mutations: Mutation[] = [
  {
    name: 'a wrong type',
    apply: (o, draft, pick) => {
      const body = objectBody(draft)
      const key = body && nth(Object.keys(body), pick)
      if (body && key) return { ...draft, body: { ...body, [key]: otherType(body[key]) } }
      const typed = o.parameters.find((p) => p.schema.type === 'integer')
      if (typed) return { ...draft, query: { ...draft.query, [typed.name]: 'not-a-number' } }
      return undefined
    },
  },
  {
    name: 'a missing required field',
    apply: (o, draft, pick) => {
      const body = objectBody(draft)
      let schema = o.body?.schema
      while (schema?.$ref) schema = bundle.components.schemas[schema.$ref.split('/').pop()!]
      const key = body && nth((schema?.required as string[] | undefined) ?? [], pick)
      if (!body || !key) return undefined
      const { [key]: _, ...rest } = body
      return { ...draft, body: rest }
    },
  },
  {
    name: 'an extra field',
    apply: (_, draft) => {
      const body = objectBody(draft)
      return body ? { ...draft, body: { ...body, fuzzUnknownField: true } } : undefined
    },
  },
  {
    name: 'a NUL byte',
    apply: (o, draft, pick) => {
      const body = objectBody(draft)
      const key =
        body &&
        nth(
          Object.keys(body).filter((k) => typeof body[k] === 'string'),
          pick,
        )
      if (body && key) return { ...draft, body: { ...body, [key]: `${body[key]}\u0000` } }
      const param = nth(
        o.parameters.filter((p) => p.in === 'path'),
        pick,
      )
      if (param)
        return { ...draft, params: { ...draft.params, [param.name]: `${draft.params[param.name]}\u0000` } }
      const query = nth(
        Object.keys(draft.query).filter((k) => typeof draft.query[k] === 'string'),
        pick,
      )
      if (query) return { ...draft, query: { ...draft.query, [query]: `${draft.query[query]}\u0000` } }
      return undefined
    },
    expect: (_, status, body) => {
      expect(status).toBe(400)
      expect(body.code).toBe('validation_failed')
    },
  },
  {
    name: 'an oversized value',
    apply: (o, draft, pick) => {
      const body = objectBody(draft)
      const properties = bodyProperties(o)
      const resolve = (s: Json): Json =>
        s?.$ref ? resolve(bundle.components.schemas[s.$ref.split('/').pop()!]!) : s
      const sized = Object.entries(properties)
        .map(([name, s]) => [name, resolve(s as Json)] as const)
        .filter(
          ([, s]) =>
            typeof s.maxLength === 'number' ||
            typeof s.maximum === 'number' ||
            typeof s.maxItems === 'number',
        )
      const found = body && nth(sized, pick)
      if (body && found) {
        const [name, s] = found
        const value =
          typeof s.maxLength === 'number'
            ? 'x'.repeat(s.maxLength + 1)
            : typeof s.maximum === 'number'
              ? s.maximum + 1
              : Array.from({ length: s.maxItems + 1 }, () =>
                  Array.isArray(body[name]) ? body[name][0] : 'x',
                )
        return { ...draft, body: { ...body, [name]: value } }
      }
      const limited = o.parameters.find((p) => p.in === 'query' && typeof p.schema.maximum === 'number')
      if (limited) return { ...draft, query: { ...draft.query, [limited.name]: limited.schema.maximum + 1 } }
      const long = o.parameters.find((p) => typeof p.schema.maxLength === 'number')
      if (long) {
        const where = long.in === 'path' ? 'params' : 'query'
        return { ...draft, [where]: { ...draft[where], [long.name]: 'x'.repeat(long.schema.maxLength + 1) } }
      }
      return undefined
    },
  },
  {
    name: 'an empty body',
    apply: (o, draft) => (o.body ? { ...draft, body: undefined } : undefined),
    expect: (o, status) => {
      if (o.body?.required) expect(status).toBe(400)
    },
  },
  {
    name: 'a malformed id',
    apply: (o, draft, pick) => {
      const param = nth(
        o.parameters.filter((p) => p.in === 'path'),
        pick,
      )
      return param ? { ...draft, params: { ...draft.params, [param.name]: 'not-an-id' } } : undefined
    },
  },
  {
    name: 'a wrong content type',
    apply: (o, draft) =>
      o.body ? { ...draft, raw: JSON.stringify(draft.body ?? {}), contentType: 'text/plain' } : undefined,
    expect: (_, status) => expect(status).toBe(415),
  },
  {
    name: 'a method the path lacks',
    apply: (o, draft, pick) => {
      const allow = (allowedMethods(url(o, draft).split('?')[0]!) ?? '').split(', ')
      const method = nth(
        ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'].filter((m) => !allow.includes(m)),
        pick,
      )
      return method ? { ...draft, method } : undefined
    },
    expect: (_, status) => expect(status).toBe(405),
  },
]

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ webhooksAllowInsecure: true, rateLimit: { limit: 1_000_000, windowSeconds: 60 } })
})

async function send(o: FuzzOperation, draft: Draft, key: string) {
  // What MCP clients send (the MCP endpoint answers 406 without it); REST operations ignore it.
  const headers: Record<string, string> = {
    'cf-connecting-ip': randomClientIp(),
    accept: 'application/json, text/event-stream',
  }
  if (!o.isPublic) headers.authorization = `Bearer ${key}`
  let body: string | undefined
  if (draft.raw !== undefined) body = draft.raw
  else if (draft.body !== undefined) body = JSON.stringify(draft.body)
  // A fetch Request cannot carry a body with GET or HEAD (a method the path lacks may be one).
  if (draft.method === 'GET' || draft.method === 'HEAD') body = undefined
  if (body !== undefined) headers['content-type'] = draft.contentType ?? 'application/json'
  const res = await t.app.request(url(o, draft), { method: draft.method, headers, body })
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {}
  return { status: res.status, text, body: parsed as any }
}

/** A failure's message: what was sent, what came back, and how to replay it. */
const replay = (o: FuzzOperation, what: string, draft: Draft, res: { status: number; text: string }) =>
  `${o.operation.operationId}, ${what}: ${draft.method} ${url(o, draft)} ${draft.raw ?? JSON.stringify(draft.body) ?? ''}\n→ ${res.status} ${res.text.slice(0, 500)}\n(FUZZ_SEED=${seed})`

describe('every operation, fuzzed from the spec', () => {
  it('covers every operation of the spec', () => {
    expect(operations.length).toBeGreaterThan(70)
  })

  it.each(operations.map((o, i) => [o.operation.operationId, o, i] as const))('%s', async (_, o, index) => {
    const { key } = await t.newWorkspace(`Fuzz ${o.operation.operationId}`)
    let validSent = 0
    /** The mutations whose request the spec refuses and the answer did too (the check cannot go unexercised). */
    const refused = new Set<string>()
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), fc.nat(), async (fakerSeed, pick) => {
        const draft = validDraft(o, fakerSeed)
        if (!draft) return
        const tried: Array<[string, Draft, Mutation | undefined]> = [['a valid request', draft, undefined]]
        for (const m of mutations) {
          const mutated = m.apply(o, draft, pick)
          if (mutated) tried.push([m.name, mutated, m])
        }
        for (const [what, request, mutation] of tried) {
          const res = await send(o, request, key)
          const message = replay(o, what, request, res)
          const mismatches = takeResponseFailures()
          expect(mismatches, message).toEqual([])
          expect(res.status, message).toBeLessThan(500)
          if (!mutation) {
            validSent++
            continue
          }
          if (!specAccepts(o, request)) {
            expect(res.status, `invalid input accepted: ${message}`).toBeGreaterThanOrEqual(400)
            refused.add(what)
          }
          try {
            mutation.expect?.(o, res.status, res.body)
          } catch (error) {
            throw new Error(`${message}\n${(error as Error).message}`)
          }
        }
      }),
      { seed: seed + index, numRuns: runs, endOnFailure: true },
    )
    expect(validSent, `${o.operation.operationId}: no valid request could be generated`).toBeGreaterThan(0)
    expect(refused).toContain('a method the path lacks')
    if (o.body?.required)
      expect([...refused]).toEqual(expect.arrayContaining(['an empty body', 'a wrong content type']))
  })
})
