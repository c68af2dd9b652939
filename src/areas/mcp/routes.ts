import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ExecutionContext } from 'hono'
import spec from '../../../generated/openapi.json'
import { operations } from '../../../generated/operations'
import { type Scope, scopeGrants } from '../../authz/permissions'
import type { AppEnv } from '../../http/context'
import { handleMcpRequest } from '../../mcp/server'
import { type OpenApiDocument, toolsFromSpec } from '../../mcp/tools'

/** The tools of this API: one per operation the spec marks `x-mcp`. */
const tools = toolsFromSpec(spec as unknown as OpenApiDocument)

/** What a tool call carries over from the MCP request: the caller's credential and where it came from. */
const forwarded = ['authorization', 'cookie', 'origin', 'user-agent', 'x-request-id'] as const

export function registerMcpRoutes(app: OpenAPIHono<AppEnv>) {
  // POST /mcp - one MCP message over Streamable HTTP; each tool call is a REST call as the caller
  app.openapi(operations.postMcpMessage, async (c) => {
    const raw = c.req.raw
    // The body middleware read the stream and kept its text: the transport gets a request it can read again.
    const request = new Request(raw.url, {
      method: 'POST',
      headers: raw.headers,
      body: c.get('bodyText') ?? '',
    })
    const env = c.env
    const actor = c.get('actor')
    let executionCtx: ExecutionContext | undefined
    try {
      executionCtx = c.executionCtx as ExecutionContext
    } catch {
      // Node has no execution context.
    }
    return handleMcpRequest(request, {
      name: 'loopdesk',
      version: spec.info.version,
      tools,
      // A key sees only the tools its scopes allow (a call of any other would be refused as over REST).
      visible: (tool) =>
        actor.type !== 'api_key' || !tool.scope || scopeGrants(actor.scopes, tool.scope as Scope),
      call: ({ method, path, body }) => {
        const headers = new Headers()
        for (const name of forwarded) {
          const value = raw.headers.get(name)
          if (value !== null) headers.set(name, value)
        }
        if (body !== undefined) headers.set('content-type', 'application/json')
        return Promise.resolve(
          app.fetch(new Request(new URL(path, raw.url), { method, headers, body }), env, executionCtx),
        )
      },
    }) as Promise<never>
  })
}
