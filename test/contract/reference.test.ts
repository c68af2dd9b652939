import { Ajv2020 } from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import spec from '../../generated/openapi.json'
import { isEmailAddress } from '../../src/mail/address'

/**
 * The API reference (`/docs` renders generated/openapi.json): every operation has a description, request and
 * response examples that validate against their schemas, the permission and API-key scope it needs, and its
 * error codes (issue 9). npm run generate completes what the spec leaves out (scripts/spec-parts.mjs,
 * `describeAuthorization` and `describeReference`).
 */

type Json = Record<string, any>
const bundle = spec as unknown as Json
const methods = ['get', 'put', 'post', 'patch', 'delete'] as const
const operations = Object.entries(bundle.paths as Record<string, Json>).flatMap(([path, item]) =>
  methods.filter((m) => item[m]).map((m) => ({ path, method: m, item, operation: item[m] as Json })),
)
const resolve = (node: Json, kind: string): Json =>
  node.$ref ? bundle.components[kind][node.$ref.split('/').pop()] : node
const problemCodes: string[] = bundle.components.schemas.ProblemCode.enum

const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats(ajv)
ajv.addFormat('email', isEmailAddress)
ajv.addSchema(bundle, 'spec')
const token = (text: string) => text.replaceAll('~', '~0').replaceAll('/', '~1')

/** Every example of a media object (its `example`, or each of its named `examples`). */
const examplesOf = (media: Json): unknown[] =>
  media.example !== undefined
    ? [media.example]
    : Object.values((media.examples ?? {}) as Record<string, { value: unknown }>).map((e) => e.value)

/** The problems with the examples of the media objects at `pointer` (a content map in the bundle). */
function checkExamples(pointer: string, content: Json | undefined): string[] {
  const problems: string[] = []
  for (const [type, media] of Object.entries((content ?? {}) as Record<string, Json>)) {
    const examples = examplesOf(media)
    if (examples.length === 0) problems.push(`${pointer} ${type}: no example`)
    const validate = ajv.compile({ $ref: `spec#${pointer}/${token(type)}/schema` })
    for (const example of examples) {
      if (!validate(example)) problems.push(`${pointer} ${type}: ${ajv.errorsText(validate.errors)}`)
    }
  }
  return problems
}

const cases = operations.map((o) => [o.operation.operationId as string, o] as const)

describe('every operation in the reference', () => {
  it('covers every operation', () => {
    expect(cases.length).toBeGreaterThan(70)
  })

  it.each(cases)('%s has a summary and a description', (_, { operation }) => {
    expect(operation.summary).toMatch(/\w/)
    const own = String(operation.description).split('\n\n**Authorization:**')[0]!
    expect(own.trim().length, 'a description of its own, before the generated paragraphs').toBeGreaterThan(20)
  })

  it.each(cases)('%s has request examples that validate', (_, { path, method, item, operation }) => {
    const at = `/paths/${token(path)}/${method}`
    expect(checkExamples(`${at}/requestBody/content`, operation.requestBody?.content)).toEqual([])
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p: Json) =>
      resolve(p, 'parameters'),
    )
    for (const parameter of parameters.filter((p) => p.in === 'path')) {
      const schema = resolve(parameter.schema, 'schemas')
      const example = parameter.example ?? schema.examples?.[0] ?? schema.example
      expect(example, `path parameter ${parameter.name} has an example`).toBeDefined()
    }
  })

  it.each(cases)('%s has response examples that validate', (_, { path, method, operation }) => {
    const problems: string[] = []
    for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
      const pointer = response.$ref
        ? `${response.$ref.slice(1)}/content`
        : `/paths/${token(path)}/${method}/responses/${token(status)}/content`
      problems.push(...checkExamples(pointer, resolve(response, 'responses').content))
    }
    expect(problems).toEqual([])
  })

  it.each(cases)(
    '%s states the permission and API key scope it needs (or why it needs none)',
    (_, { operation }) => {
      expect(operation.description).toContain('**Authorization:**')
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0
      if (operation['x-authz']?.none || isPublic) return
      expect(operation['x-permission']).toMatch(/^[a-z_]+\.[a-z_]+$/)
      expect(operation['x-scope']).toMatch(/^[a-z_]+:(read|write)$/)
      expect(operation.description).toContain(`\`${operation['x-permission']}\``)
      expect(operation.description).toContain(`\`${operation['x-scope']}\``)
    },
  )

  it.each(cases)('%s lists its error codes (x-error-codes and an Errors paragraph)', (_, { operation }) => {
    const codes: string[] = operation['x-error-codes']
    const statuses = Object.keys(operation.responses).filter((s) => Number(s) >= 400)
    expect(codes.length > 0).toBe(statuses.length > 0)
    for (const code of codes) {
      expect(problemCodes).toContain(code)
      expect(operation.description).toContain(`\`${code}\``)
    }
    expect(operation.description.includes('**Errors**')).toBe(codes.length > 0)
  })
})
