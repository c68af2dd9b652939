import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import spec from '../generated/openapi.json'
import { findOperation } from '../src/http/operations'
import { isEmailAddress } from '../src/mail/address'

/**
 * Every answer the suite gets from the app, checked against the spec the server serves (generated/openapi.json):
 * the status is one the operation declares, the content type is one that status declares, and the body
 * validates against its schema with every object closed (an undeclared field fails). `validating(app)` wraps
 * an app's `fetch` (what `app.request` and a Node server call); what it finds is collected here, and
 * test/setup.ts fails the test that got the answer.
 */

type Json = Record<string, unknown>
type ResponseObject = { $ref?: string; content?: Record<string, { schema?: unknown }> }
type Operation = { responses: Record<string, ResponseObject>; 'x-error-codes'?: string[] }

const failures: string[] = []

/** The mismatches found since the last call, cleared (test/setup.ts fails the current test on any). */
export function takeResponseFailures(): string[] {
  return failures.splice(0)
}

/** JSON pointer escaping of one reference token. */
const token = (text: string) => text.replaceAll('~', '~0').replaceAll('/', '~1')

const schemaArrays = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const
const schemaValues = [
  'items',
  'not',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
] as const
const schemaMaps = ['properties', 'patternProperties', '$defs', 'dependentSchemas'] as const
const componentRef = '#/components/schemas/'
const openRef = '#/components/x-open-schemas/'

const isObjectSchema = (schema: Json) =>
  schema.type === 'object' ||
  (Array.isArray(schema.type) && schema.type.includes('object')) ||
  (schema.type === undefined && typeof schema.properties === 'object')

/**
 * `schema` with every object schema in it closed (`unevaluatedProperties: false` where it says nothing about
 * other properties), except the top level when `open`. An `allOf` member is left open at its top level (a `$ref`
 * member points at the open copy of its component), and the `allOf` itself is closed: what one member declares
 * counts as evaluated for the whole, so `allOf: [Webhook, { secret }]` takes `secret` and nothing else.
 */
export function closeSchema(schema: unknown, open = false): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema
  const source = schema as Json
  const out: Json = { ...source }
  for (const key of schemaArrays) {
    if (!Array.isArray(source[key])) continue
    out[key] = (source[key] as unknown[]).map((member) => {
      if (key !== 'allOf') return closeSchema(member)
      const ref = (member as Json).$ref
      if (typeof ref === 'string' && ref.startsWith(componentRef)) {
        return { ...(member as Json), $ref: ref.replace(componentRef, openRef) }
      }
      return closeSchema(member, true)
    })
  }
  for (const key of schemaValues) {
    if (source[key] !== undefined) out[key] = closeSchema(source[key])
  }
  for (const key of schemaMaps) {
    const map = source[key]
    if (map === null || typeof map !== 'object') continue
    out[key] = Object.fromEntries(Object.entries(map).map(([name, value]) => [name, closeSchema(value)]))
  }
  const closable = isObjectSchema(source) || Array.isArray(source.allOf)
  if (
    !open &&
    closable &&
    source.additionalProperties === undefined &&
    source.unevaluatedProperties === undefined
  ) {
    out.unevaluatedProperties = false
  }
  return out
}

/** The bundle with its schemas closed: components (and their open copies), and every response's inline schema. */
function closedSpec(): Json {
  const doc = structuredClone(spec) as unknown as Json & {
    paths: Record<string, Record<string, Operation>>
    components: Json & { schemas: Json; responses: Record<string, ResponseObject> }
  }
  const schemas = doc.components.schemas
  doc.components['x-open-schemas'] = Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [name, closeSchema(schema, true)]),
  )
  doc.components.schemas = Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [name, closeSchema(schema)]),
  )
  const closeContent = (response: ResponseObject) => {
    for (const media of Object.values(response.content ?? {})) media.schema = closeSchema(media.schema)
  }
  for (const response of Object.values(doc.components.responses)) closeContent(response)
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item)) {
      if (operation && typeof operation === 'object' && 'responses' in operation) {
        for (const response of Object.values(operation.responses)) closeContent(response)
      }
    }
  }
  return doc
}

let ajv: Ajv2020 | undefined
const validators = new Map<string, ValidateFunction>()

/** The validator of the schema at `pointer` (a JSON pointer into the bundle), compiled once. */
function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer)
  if (validate) return validate
  if (!ajv) {
    // strict off: the bundle's schemas carry OpenAPI's own keywords (`discriminator`, `x-…`) beside JSON Schema's.
    ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true })
    addFormats(ajv)
    // The server's one email rule (src/mail/address.ts), also the `pattern` of every email field of the bundle.
    ajv.addFormat('email', isEmailAddress)
    ajv.addSchema(closedSpec(), 'spec')
  }
  validate = ajv.compile({ $ref: `spec#${pointer}` })
  validators.set(pointer, validate)
  return validate
}

const bundle = spec as unknown as Json & {
  paths: Record<string, Record<string, Operation>>
  components: { responses: Record<string, ResponseObject> }
}

/** The operation's response for `status` (exact, then `4XX`-style, then `default`) and its JSON pointer. */
function declaredResponse(pointer: string, operation: Operation, status: number) {
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => operation.responses[k])
  if (!key) return undefined
  let response = operation.responses[key]!
  let at = `${pointer}/responses/${token(key)}`
  while (response.$ref) {
    at = response.$ref.slice(1)
    response = bundle.components.responses[response.$ref.split('/').pop()!]!
  }
  return { response, pointer: at }
}

const mediaType = (header: string | null) => header?.split(';')[0]?.trim().toLowerCase() ?? ''
const isJson = (media: string) => media === 'application/json' || media.endsWith('+json')
const shorten = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text)

/**
 * What is wrong with `response` to `method` `url` by the spec, or nothing. Answers outside the spec's
 * operations (`/docs`, `/openapi.json`, unknown paths, a method a path lacks, CORS preflights) are only
 * checked to be problem documents when they are errors.
 */
export async function checkResponse(method: string, url: string, response: Response): Promise<string[]> {
  const path = new URL(url, 'http://loopdesk.test').pathname
  const status = response.status
  const where = `${method} ${path} → ${status}`
  const found = findOperation(method, path)
  const text = method === 'HEAD' ? '' : await response.clone().text()
  const type = mediaType(response.headers.get('content-type'))
  if (!found) {
    if (status < 400 || method === 'HEAD') return []
    if (type !== 'application/problem+json')
      return [`${where}: an error that is not application/problem+json (${type})`]
    return validateBody(where, '/components/schemas/Problem', text)
  }
  const operationPointer = `/paths/${token(found.path)}/${found.method.toLowerCase()}`
  const operation = bundle.paths[found.path]![found.method.toLowerCase()]!
  const declared = declaredResponse(operationPointer, operation, status)
  if (!declared) {
    return [`${where}: ${found.operationId} does not declare ${status} (${shorten(text)})`]
  }
  const content = declared.response.content
  if (!content || Object.keys(content).length === 0) {
    return text === '' ? [] : [`${where}: the spec declares no body, the answer has one (${shorten(text)})`]
  }
  if (text === '') {
    return method === 'HEAD'
      ? []
      : [`${where}: the spec declares a body (${Object.keys(content).join(', ')}), the answer has none`]
  }
  // A media range (`image/*`, `*/*`) declares every type it covers, as OpenAPI has it.
  const declaredType = [type, `${type.split('/')[0]}/*`, '*/*'].find((t) => content[t])
  if (!declaredType) {
    return [
      `${where}: content type ${type || '(none)'}, the spec declares ${Object.keys(content).join(', ')}`,
    ]
  }
  if (!isJson(type) || !content[declaredType]!.schema) return []
  const problems = validateBody(where, `${declared.pointer}/content/${token(declaredType)}/schema`, text)
  // The reference lists the codes each operation answers (`x-error-codes`, scripts/spec-parts.mjs).
  const code =
    type === 'application/problem+json' && problems.length === 0 ? JSON.parse(text).code : undefined
  if (code !== undefined && !operation['x-error-codes']?.includes(code)) {
    problems.push(`${where}: code ${code}, which ${found.operationId}'s x-error-codes does not list`)
  }
  return problems
}

function validateBody(where: string, pointer: string, text: string): string[] {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return [`${where}: a JSON content type, but the body is not JSON (${shorten(text)})`]
  }
  const validate = validatorAt(pointer)
  if (validate(body)) return []
  return (validate.errors ?? []).map((error) => {
    const extra = error.params.unevaluatedProperty ?? error.params.additionalProperty
    const detail =
      extra === undefined ? error.message : `has ${JSON.stringify(extra)}, which the schema does not declare`
    return `${where}: body${error.instancePath} ${detail} (${error.schemaPath})`
  })
}

type Fetch = (request: Request, ...rest: any[]) => Response | Promise<Response>

/**
 * `app` with its `fetch` checking every answer against the spec before handing it on; what is wrong goes to
 * `report` (by default the list test/setup.ts reads after each test). Hono's `app.request` goes through `fetch`.
 */
export function validating<T extends { fetch: Fetch }>(
  app: T,
  report: (problems: string[]) => void = (problems) => failures.push(...problems),
): T {
  const target = app as { fetch: Fetch }
  const fetch = target.fetch
  target.fetch = async (request: Request, ...rest: any[]) => {
    const method = request.method
    const url = request.url
    const response = await fetch(request, ...rest)
    const problems = await checkResponse(method, url, response)
    if (problems.length > 0) report(problems)
    return response
  }
  return app
}
