// The SDK README's table of error codes is written by `npm run generate` (scripts/sdk-readme.mjs): it must list
// every code of the spec's ProblemCode, once, with the status the spec's shared problem responses give it.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const spec = JSON.parse(readFileSync('generated/openapi.json', 'utf8'))
const readme = readFileSync('sdk/README.md', 'utf8')

describe('sdk/README.md error codes', () => {
  it('lists every ProblemCode of the spec once, with its status', () => {
    const codes: string[] = spec.components.schemas.ProblemCode.enum
    const start = readme.indexOf('<!-- problem-codes:start')
    const end = readme.indexOf('<!-- problem-codes:end -->')
    expect(start).toBeGreaterThan(0)
    expect(end).toBeGreaterThan(start)
    const rows = [...readme.slice(start, end).matchAll(/^\| (\d{3}) \| `(\w+)` \| .+ \|$/gm)]
    const listed = new Map(rows.map(([, status, code]) => [code!, Number(status)]))

    expect(rows).toHaveLength(codes.length)
    expect([...listed.keys()].sort()).toEqual([...codes].sort())
    expect(listed.get('contact_exists')).toBe(409)
    // Each shared problem response names its codes; the README gives each the status it is answered with.
    for (const [status, name] of [
      [400, 'BadRequest'],
      [409, 'Conflict'],
      [429, 'TooManyRequests'],
    ] as const) {
      const description: string = spec.components.responses[name].description
      const named = codes.filter((code) => description.includes(`\`${code}\``))
      expect(named.length, name).toBeGreaterThan(0)
      for (const code of named) expect(listed.get(code), code).toBe(status)
    }
  })
})
