/**
 * MCP tools derived from the spec: one tool per operation marked `x-mcp` (`true`, or `{ readOnly, destructive }`
 * where the method alone would mislead, e.g. a `POST` that only reads). The tool's name is the operationId, its
 * description the operation's summary and description, and its input schema the operation's path and query
 * parameters by name at the top level with the JSON body under `body`.
 */

type JsonSchema = Record<string, unknown>
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema }
type SpecOperation = {
  operationId: string
  summary?: string
  description?: string
  parameters?: Array<Parameter | { $ref: string }>
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> }
  'x-mcp'?: boolean | { readOnly?: boolean; destructive?: boolean }
  /** The API-key scope it needs (written into the bundle from its `x-authz` by npm run generate). */
  'x-scope'?: string
}
export type OpenApiDocument = {
  paths: Record<string, Record<string, unknown>>
  components: { schemas?: Record<string, JsonSchema>; parameters?: Record<string, Parameter> }
}

export interface ToolDefinition {
  name: string
  description: string
  inputSchema: { type: 'object'; properties: Record<string, JsonSchema>; required?: string[] }
  annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean }
  /** How to call it over REST. */
  method: string
  path: string
  pathParams: string[]
  queryParams: string[]
  hasBody: boolean
  /** The API-key scope the operation needs, when it needs one. */
  scope?: string
}

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const

/** `#/components/…` references replaced by what they name (the spec has no recursive schemas), deeply. */
function inline(node: unknown, spec: OpenApiDocument, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, spec, seen))
  if (node === null || typeof node !== 'object') return node
  const ref = (node as { $ref?: unknown }).$ref
  if (typeof ref === 'string' && ref.startsWith('#/components/')) {
    if (seen.includes(ref)) throw new Error(`mcp: recursive schema ${ref}`)
    const [kind, name] = ref.slice('#/components/'.length).split('/') as [string, string]
    const target = (spec.components as Record<string, Record<string, unknown>>)[kind]?.[name]
    return inline(target, spec, [...seen, ref])
  }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    // OpenAPI-only keywords mean nothing to a JSON Schema validator of tool input.
    if (key === 'x-error-message' || key === 'x-pattern-message' || key === 'example') continue
    out[key] = inline(value, spec, seen)
  }
  return out
}

/** The tools of `spec`, in path order. */
export function toolsFromSpec(spec: OpenApiDocument): ToolDefinition[] {
  const tools: ToolDefinition[] = []
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of methods) {
      const operation = item[method] as SpecOperation | undefined
      const mark = operation?.['x-mcp']
      if (!operation || !mark) continue
      const hints = typeof mark === 'object' ? mark : {}
      const properties: Record<string, JsonSchema> = {}
      const required: string[] = []
      const pathParams: string[] = []
      const queryParams: string[] = []
      // Parameters shared by the path's operations are declared on the path item.
      const shared = (item.parameters as SpecOperation['parameters']) ?? []
      for (const raw of [...shared, ...(operation.parameters ?? [])]) {
        const parameter = inline(raw, spec) as Parameter
        if (parameter.in !== 'path' && parameter.in !== 'query') continue
        properties[parameter.name] = {
          ...(parameter.schema ?? {}),
          ...(parameter.description ? { description: parameter.description } : {}),
        }
        if (parameter.required || parameter.in === 'path') required.push(parameter.name)
        ;(parameter.in === 'path' ? pathParams : queryParams).push(parameter.name)
      }
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema
      if (bodySchema) {
        properties.body = inline(bodySchema, spec) as JsonSchema
        if (operation.requestBody?.required) required.push('body')
      }
      const readOnly = hints.readOnly ?? method === 'get'
      tools.push({
        name: operation.operationId,
        description: [operation.summary, operation.description?.trim()].filter(Boolean).join('\n\n'),
        inputSchema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) },
        annotations: {
          title: operation.summary ?? operation.operationId,
          readOnlyHint: readOnly,
          destructiveHint: hints.destructive ?? method === 'delete',
          idempotentHint: readOnly || method === 'put' || method === 'delete',
        },
        method: method.toUpperCase(),
        path,
        pathParams,
        queryParams,
        hasBody: bodySchema !== undefined,
        ...(operation['x-scope'] ? { scope: operation['x-scope'] } : {}),
      })
    }
  }
  return tools
}

/** The REST request a tool call stands for: its path with the parameters put in, its query and its body. */
export function restRequestOf(tool: ToolDefinition, args: Record<string, unknown>) {
  let path = tool.path
  for (const name of tool.pathParams) {
    path = path.replace(`{${name}}`, encodeURIComponent(String(args[name] ?? '')))
  }
  const query = new URLSearchParams()
  for (const name of tool.queryParams) {
    const value = args[name]
    if (value === undefined || value === null) continue
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, String(item))
  }
  const search = query.toString()
  return {
    method: tool.method,
    path: search ? `${path}?${search}` : path,
    body: tool.hasBody && args.body !== undefined ? JSON.stringify(args.body) : undefined,
  }
}
