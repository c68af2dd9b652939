import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../harness'
import { checkResponse, takeResponseFailures, validating } from '../spec-responses'

/**
 * The suite's response validation (test/spec-responses.ts, on for every test file through test/harness.ts and
 * test/setup.ts) catches drift: answers that stray from generated/openapi.json, served by a stand-in app, each
 * produce a mismatch, and the real app's answers produce none.
 */

let t: TestApp
let ws: Awaited<ReturnType<TestApp['newWorkspace']>>
let workspace: Record<string, unknown>
beforeAll(async () => {
  t = await createTestApp({ webhooksAllowInsecure: true })
  ws = await t.newWorkspace('Drift')
  workspace = (await t.request('GET', '/v1/workspace', { key: ws.key })).body
})

/** What the validator reports for one answer of a stand-in app to `method` `path`. */
async function reported(method: string, path: string, answer: () => Response) {
  const problems: string[] = []
  const app = validating({ fetch: async (_: Request) => answer() }, (found) => problems.push(...found))
  await app.fetch(new Request(`http://loopdesk.test${path}`, { method }))
  return problems
}
const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } })

describe('deliberate drift fails', () => {
  it('an extra field at the top level', async () => {
    const problems = await reported('GET', '/v1/workspace', () => json({ ...workspace, plan: 'pro' }))
    expect(problems).toEqual([
      expect.stringMatching(/GET \/v1\/workspace → 200: body has "plan", which the schema does not declare/),
    ])
  })

  it('an extra field in a nested object (a list item)', async () => {
    const contact = await t.request('POST', '/v1/contacts', {
      key: ws.key,
      body: { email: 'nested@drift.test' },
    })
    const page = { data: [{ ...contact.body, score: 3 }], nextCursor: null }
    const problems = await reported('GET', '/v1/contacts', () => json(page))
    expect(problems).toEqual([expect.stringMatching(/body\/data\/0 has "score"/)])
    expect(
      await reported('GET', '/v1/contacts', () => json({ data: [contact.body], nextCursor: null })),
    ).toEqual([])
  })

  it('a wrong type, a missing required field, a value outside an enum', async () => {
    expect(await reported('GET', '/v1/workspace', () => json({ ...workspace, name: 42 }))).toEqual([
      expect.stringMatching(/body\/name must be string/),
    ])
    const { slug: _, ...withoutSlug } = workspace
    expect(await reported('GET', '/v1/workspace', () => json(withoutSlug))).toEqual([
      expect.stringMatching(/body must have required property 'slug'/),
    ])
    const problem = { type: 'x', title: 'x', status: 400, code: 'no_such_code', requestId: 'req_1' }
    expect(
      await reported('GET', '/v1/workspace', () => json(problem, 400, 'application/problem+json')),
    ).toEqual([expect.stringMatching(/body\/code must be equal to one of the allowed values/)])
  })

  it('a problem code the operation does not list in x-error-codes', async () => {
    const problem = { type: 'x', title: 'x', status: 403, code: 'signup_disabled', requestId: 'req_1' }
    const listed = { ...problem, code: 'forbidden' }
    const answer = (body: unknown) => () => json(body, 403, 'application/problem+json')
    expect(await reported('GET', '/v1/contacts', answer(problem))).toEqual([
      expect.stringMatching(/code signup_disabled, which listContacts's x-error-codes does not list/),
    ])
    expect(await reported('GET', '/v1/contacts', answer(listed))).toEqual([])
  })

  it('an undeclared status', async () => {
    expect(await reported('GET', '/v1/workspace', () => json(workspace, 202))).toEqual([
      expect.stringMatching(/GET \/v1\/workspace → 202: getWorkspace does not declare 202/),
    ])
  })

  it('a wrong content type, a body where none is declared, no body where one is', async () => {
    expect(
      await reported(
        'GET',
        '/v1/workspace',
        () => new Response('name: Drift', { headers: { 'content-type': 'text/plain' } }),
      ),
    ).toEqual([expect.stringMatching(/content type text\/plain, the spec declares application\/json/)])
    expect(await reported('GET', '/v1/workspace', () => json({ ...workspace }, 400))).toEqual([
      expect.stringMatching(/content type application\/json, the spec declares application\/problem\+json/),
    ])
    // (a 204 cannot carry a body at all; an MCP notification's 202 is declared without one)
    expect(await reported('POST', '/mcp', () => json({ accepted: true }, 202))).toEqual([
      expect.stringMatching(/declares no body, the answer has one/),
    ])
    expect(await reported('GET', '/v1/workspace', () => new Response(null, { status: 200 }))).toEqual([
      expect.stringMatching(/declares a body \(application\/json\), the answer has none/),
    ])
  })

  it('an error off the spec that is not a problem document', async () => {
    expect(await reported('GET', '/v1/nothing-here', () => json({ error: 'not found' }, 404))).toEqual([
      expect.stringMatching(/an error that is not application\/problem\+json/),
    ])
  })

  it('an allOf composition stays closed: its members’ fields pass, one more fails', async () => {
    const created = await t.request('POST', '/v1/webhooks', {
      key: ws.key,
      body: { url: 'http://127.0.0.1:9/hook', events: ['*'] },
    })
    expect(created.status, created.text).toBe(201)
    const { secret, ...hook } = created.body
    const rotate = `/v1/webhooks/${hook.id}/rotate-secret`
    const valid = await reported('POST', rotate, () => json({ ...hook, secret }))
    const extra = await reported('POST', rotate, () => json({ ...hook, secret, token: 'x' }))
    expect(valid).toEqual([])
    expect(extra).toEqual([expect.stringMatching(/body has "token"/)])
  })
})

describe('valid answers pass', () => {
  it('the real app’s answers, errors included', async () => {
    const problems: string[] = []
    const app = validating({ fetch: t.app.fetch }, (found) => problems.push(...found))
    for (const [method, path, key] of [
      ['GET', '/v1/workspace', ws.key],
      ['HEAD', '/v1/workspace', ws.key],
      ['GET', '/v1/contacts', ws.key],
      ['GET', '/v1/workspace', undefined],
      ['DELETE', '/v1/workspace', ws.key],
      ['GET', '/v1/contacts/not-an-id', ws.key],
    ] as const) {
      const headers = key ? { authorization: `Bearer ${key}` } : undefined
      const res = await app.fetch(new Request(`http://loopdesk.test${path}`, { method, headers }))
      await res.arrayBuffer()
    }
    expect(problems).toEqual([])
  })

  it('checkResponse reads a clone: the caller still gets the whole body', async () => {
    const res = json(workspace)
    expect(await checkResponse('GET', '/v1/workspace', res)).toEqual([])
    expect(await res.json()).toEqual(workspace)
  })
})

describe('on for every test file', () => {
  it('answers through validating() without a report of its own go to the list test/setup.ts reads', async () => {
    const app = validating({ fetch: async (_: Request) => json({ ...workspace, plan: 'pro' }) })
    await app.fetch(new Request('http://loopdesk.test/v1/workspace'))
    expect(takeResponseFailures()).toEqual([expect.stringMatching(/body has "plan"/)])
  })

  // test/setup.ts's afterEach fails a test that leaves a mismatch behind: this one must fail.
  it.fails('a test that got a mismatching answer fails, though its own assertions pass', async () => {
    const app = validating({ fetch: async (_: Request) => json({ ...workspace, plan: 'pro' }) })
    await app.fetch(new Request('http://loopdesk.test/v1/workspace'))
  })
})
