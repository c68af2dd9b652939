// The SDK runs where fetch runs (browsers, Workers, Deno, React Native): bundled for the browser, it must need
// no Node built-in, and the bundle must work on its own.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const entry = fileURLToPath(new URL('../../sdk/src/index.ts', import.meta.url))

describe('the SDK bundled for the browser', () => {
  it('imports no Node built-in, and the bundle creates a client that calls fetch', async () => {
    // platform: 'browser' makes esbuild refuse to resolve `node:` and other built-in modules: the build fails.
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })

    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path))
    expect(imports.filter((path) => path.startsWith('node:'))).toEqual([])
    expect(Object.keys(result.metafile.inputs).some((path) => path.includes('openapi-fetch'))).toBe(true)

    const code = result.outputFiles[0]!.text
    const sdk = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)
    const sent: string[] = []
    const client = sdk.createLoopdeskClient({
      baseUrl: 'https://loopdesk.example.com',
      apiKey: 'ld_browser',
      fetch: async (request: Request) => {
        sent.push(`${request.method} ${request.url} ${request.headers.get('authorization')}`)
        return Response.json({ id: 'ws_1', name: 'Bundled' })
      },
    })
    expect(await sdk.unwrap(client.GET('/v1/workspace'))).toEqual({ id: 'ws_1', name: 'Bundled' })
    expect(sent).toEqual(['GET https://loopdesk.example.com/v1/workspace Bearer ld_browser'])
  })

  it('fails the build on a Node built-in, so the check above can fail', async () => {
    const refused = await build({
      stdin: { contents: "import { readFileSync } from 'node:fs'\nexport const read = readFileSync" },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    }).then(
      () => undefined,
      (error: Error) => error.message,
    )
    expect(refused).toContain('node:fs')
  })
})
