import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { beforeAll, describe, expect, it } from 'vitest'
import spec from '../../generated/openapi.json'
import { createSession } from '../../src/auth/sessions'
import { newId } from '../../src/ids'
import { createTestApp, newContact, type TestApp } from '../harness'

/**
 * The MCP endpoint as an agent uses it: the MCP SDK's own client over Streamable HTTP, its requests answered
 * by the in-process app.
 */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})

async function connect(credential?: string) {
  const transport = new StreamableHTTPClientTransport(new URL('http://loopdesk.test/mcp'), {
    requestInit: credential ? { headers: { authorization: `Bearer ${credential}` } } : {},
    fetch: async (url, init) => t.app.request(String(url), init as RequestInit),
  })
  const client = new Client({ name: 'loopdesk-test', version: '1.0.0' })
  await client.connect(transport)
  return client
}

type Operation = { operationId: string; 'x-mcp'?: unknown }
const operations = Object.values(spec.paths as unknown as Record<string, Record<string, Operation>>).flatMap(
  (item) => ['get', 'put', 'post', 'patch', 'delete'].flatMap((m) => (item[m] ? [item[m]] : [])),
)

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as Array<{ type: string; text: string }>)[0]?.text ?? ''

describe('x-mcp in the spec', () => {
  it('marks every operation, so that a new one must decide its exposure', () => {
    const unmarked = operations.filter((o) => o['x-mcp'] === undefined).map((o) => o.operationId)
    expect(unmarked).toEqual([])
  })
})

describe('MCP tools', () => {
  it('lists one tool per x-mcp operation, named by operationId, with its description and input schema', async () => {
    const ws = await t.newWorkspace()
    const client = await connect(ws.key)
    const { tools } = await client.listTools()
    const marked = operations.filter((o) => o['x-mcp']).map((o) => o.operationId)
    expect(tools.map((tool) => tool.name).sort()).toEqual([...marked].sort())
    expect(tools.map((tool) => tool.name)).not.toContain('logIn')

    const create = tools.find((tool) => tool.name === 'createContact')!
    expect(create.description).toContain('Create a contact')
    expect(create.inputSchema.properties).toHaveProperty('body')
    expect(create.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false })

    const list = tools.find((tool) => tool.name === 'listContacts')!
    expect(list.inputSchema.properties).toHaveProperty('q')
    expect(list.inputSchema.properties).toHaveProperty('limit')
    expect(list.annotations).toMatchObject({ readOnlyHint: true })

    const get = tools.find((tool) => tool.name === 'getContact')!
    expect(get.inputSchema.required).toContain('contactId')
    expect(tools.find((tool) => tool.name === 'deleteContact')!.annotations).toMatchObject({
      destructiveHint: true,
    })
    // A POST that only reads says so.
    expect(tools.find((tool) => tool.name === 'checkAuthorization')!.annotations).toMatchObject({
      readOnlyHint: true,
    })
    // Input schemas are self-contained: no reference into a document the client does not have.
    expect(JSON.stringify(tools)).not.toContain('$ref')
    await client.close()
  })

  it('runs a tool as the REST call: write, then read, with path, query and body parameters', async () => {
    const ws = await t.newWorkspace()
    const client = await connect(ws.key)
    const created = await client.callTool({
      name: 'createContact',
      arguments: { body: { email: 'ada@mcp.test', name: 'Ada Lovelace' } },
    })
    expect(created.isError).toBeFalsy()
    const contact = JSON.parse(textOf(created))
    expect(contact).toMatchObject({ email: 'ada@mcp.test', name: 'Ada Lovelace' })

    const got = await client.callTool({ name: 'getContact', arguments: { contactId: contact.id } })
    expect(JSON.parse(textOf(got))).toEqual(contact)

    const listed = await client.callTool({ name: 'listContacts', arguments: { q: 'lovelace', limit: 5 } })
    expect(JSON.parse(textOf(listed)).data.map((c: { id: string }) => c.id)).toEqual([contact.id])

    // The REST API sees the same contact: one system, two doors.
    const rest = await t.request('GET', `/v1/contacts/${contact.id}`, { key: ws.key })
    expect(rest.body).toEqual(contact)
    await client.close()
  })

  it('turns a problem answer into a tool error naming its code and detail', async () => {
    const ws = await t.newWorkspace()
    const client = await connect(ws.key)
    const missing = await client.callTool({
      name: 'getContact',
      arguments: { contactId: newId('ct') },
    })
    expect(missing.isError).toBe(true)
    expect(textOf(missing)).toMatch(/^not_found: /)
    const invalid = await client.callTool({
      name: 'createContact',
      arguments: { body: { email: 'not an email' } },
    })
    expect(invalid.isError).toBe(true)
    expect(textOf(invalid)).toMatch(/^validation_failed: /)
    await client.close()
  })

  it('can do nothing the same REST call could not: the member’s role bounds every call (missingPermission)', async () => {
    const ws = await t.newWorkspace()
    // A key whose scopes allow the tool but whose member's role does not: the REST answer refuses it.
    const viewer = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'viewer' }],
      scopes: ['contacts:write'],
    })
    const client = await connect(viewer.key)
    const refused = await client.callTool({
      name: 'createContact',
      arguments: { body: { email: 'x@mcp.test' } },
    })
    expect(refused.isError).toBe(true)
    expect(textOf(refused)).toMatch(/^forbidden: /)
    expect(JSON.parse(textOf(refused).split('\n').slice(1).join('\n'))).toMatchObject({
      missingPermission: 'contacts.manage',
    })
    // An agent's member role bounds it too: an agent may not read the audit log.
    const agent = await t.newMember(ws.workspaceId, { roles: [{ role: 'agent' }] })
    const agentClient = await connect(agent.key)
    const audit = await agentClient.callTool({ name: 'listAuditEntries', arguments: {} })
    expect(audit.isError).toBe(true)
    expect(textOf(audit)).toMatch(/^forbidden: /)
    await client.close()
    await agentClient.close()
  })

  it('lists to an API key only the tools its scopes allow (and refuses the others all the same)', async () => {
    const ws = await t.newWorkspace()
    const reader = await t.newMember(ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['contacts:read'],
    })
    const client = await connect(reader.key)
    const names = (await client.listTools()).tools.map((tool) => tool.name)
    expect(names).toContain('listContacts')
    expect(names).toContain('getContact')
    expect(names).not.toContain('createContact')
    expect(names).not.toContain('listWebhooks')
    await expect(client.callTool({ name: 'createContact', arguments: { body: {} } })).rejects.toThrow(
      /No tool named/,
    )
    await client.close()
  })

  it('refuses a tool that is not exposed, and an unknown one', async () => {
    const ws = await t.newWorkspace()
    const client = await connect(ws.key)
    await expect(client.callTool({ name: 'logIn', arguments: {} })).rejects.toThrow(/No tool named logIn/)
    await expect(client.callTool({ name: 'dropTables', arguments: {} })).rejects.toThrow(/No tool named/)
    await client.close()
  })
})

describe('MCP endpoint security', () => {
  it('answers 401 without a credential, or with a revoked one, as REST does', async () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    }
    const headers = { accept: 'application/json, text/event-stream' }
    const anonymous = await t.request('POST', '/mcp', { body: initialize, headers })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.code).toBe('unauthorized')
    const revoked = await t.request('POST', '/mcp', {
      body: initialize,
      headers,
      key: 'ld_notAKeyNotAKeyNotAKeyNotAKeyNotAKeyNotAKey',
    })
    expect(revoked.status).toBe(401)
    await expect(connect()).rejects.toThrow()
  })

  it('answers a message without Accept: application/json, text/event-stream with 406, a JSON-RPC error whose id is null', async () => {
    // Found by the spec fuzzing (test/contract/fuzz.test.ts): the spec had no `null` id, JSON-RPC's for an
    // error answer to a message it could not take; the suite's response validation checks the answer.
    const ws = await t.newWorkspace()
    const res = await t.request('POST', '/mcp', {
      key: ws.key,
      body: { jsonrpc: '2.0', id: 7, method: 'tools/list' },
      headers: { accept: 'application/json' },
    })
    expect(res.status).toBe(406)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000 } })
  })

  it('keeps workspaces apart: a tool call with one workspace’s key cannot reach another’s contact', async () => {
    const a = await t.newWorkspace()
    const b = await t.newWorkspace()
    const contact = await t.request('POST', '/v1/contacts', { key: b.key, body: { email: 'b@mcp.test' } })
    const client = await connect(a.key)
    const res = await client.callTool({ name: 'getContact', arguments: { contactId: contact.body.id } })
    expect(res.isError).toBe(true)
    expect(textOf(res)).toMatch(/^not_found: /)
    await client.close()
  })

  it('serves a contact session too, within what a contact may do', async () => {
    const ws = await t.newWorkspace()
    const contact = await newContact(ws.workspaceId, {}, t.database.db)
    const session = await createSession(
      t.database.db,
      { workspaceId: ws.workspaceId, contactId: contact.id },
      { ip: null, userAgent: null },
    )
    const client = await connect(session.token)
    const res = await client.callTool({ name: 'listAuditEntries', arguments: {} })
    expect(res.isError).toBe(true)
    expect(textOf(res)).toMatch(/^forbidden: /)
    await client.close()
  })
})
