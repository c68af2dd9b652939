import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { restRequestOf, type ToolDefinition } from './tools'

let sdk: Promise<typeof import('./sdk')> | undefined
/**
 * The MCP SDK, loaded by the first MCP request rather than at start-up (it is a large module graph; the build
 * splits dynamic imports into chunks of their own, so it stays out of the server's start path).
 */
const loadSdk = () => {
  sdk ??= import('./sdk')
  return sdk
}

/** What the MCP endpoint needs from the app: the tools, and a way to run a REST request as the caller. */
export interface McpOptions {
  name: string
  version: string
  tools: readonly ToolDefinition[]
  /** The tools this caller may see (all of them when it is undefined). */
  visible?: (tool: ToolDefinition) => boolean
  /** Run one REST request with the caller's credential, through the whole app (auth, policy, validation). */
  call(request: { method: string; path: string; body?: string }): Promise<Response>
}

/**
 * One MCP request over Streamable HTTP, stateless: a new server and transport for every request (no session),
 * answered as JSON. A tool call is a REST call: it runs the operation through the app with the caller's own
 * credential, so it can never do what the same REST call could not; a problem+json answer becomes a tool
 * error whose text starts with the problem's `code` and `detail`.
 */
export async function handleMcpRequest(request: Request, options: McpOptions): Promise<Response> {
  const {
    Server,
    WebStandardStreamableHTTPServerTransport,
    CallToolRequestSchema,
    ErrorCode,
    ListToolsRequestSchema,
    McpError,
  } = await loadSdk()
  const visible = options.tools.filter((tool) => options.visible?.(tool) ?? true)
  const byName = new Map(visible.map((tool) => [tool.name, tool]))
  const server = new Server({ name: options.name, version: options.version }, { capabilities: { tools: {} } })
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: visible.map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
      annotations: tool.annotations,
    })),
  }))
  server.setRequestHandler(CallToolRequestSchema, async (call): Promise<CallToolResult> => {
    const tool = byName.get(call.params.name)
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `No tool named ${call.params.name}`)
    const response = await options.call(restRequestOf(tool, call.params.arguments ?? {}))
    const text = await response.text()
    if (response.status >= 400) {
      let summary = `http_${response.status}`
      try {
        const problem = JSON.parse(text) as { code?: string; detail?: string; title?: string }
        summary = `${problem.code ?? summary}: ${problem.detail ?? problem.title ?? ''}`
      } catch {}
      return { isError: true, content: [{ type: 'text', text: `${summary}\n${text}` }] }
    }
    return { content: [{ type: 'text', text: text || JSON.stringify({ status: response.status }) }] }
  })
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  })
  await server.connect(transport)
  try {
    return await transport.handleRequest(request)
  } finally {
    await server.close().catch(() => {})
  }
}
