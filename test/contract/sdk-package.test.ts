// The SDK as a user gets it: `npm pack`, installed from the tarball into a folder outside the repository, then
// imported from plain `.mjs` under Node and type-checked from TypeScript under NodeNext and Bundler resolution.
// The install is offline: npm's cache holds the dependency's tarball but not its registry metadata, so its one
// dependency (openapi-fetch, and openapi-fetch's own) is packed from the repository's node_modules beside it.
import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const tsc = join(root, 'node_modules/typescript/bin/tsc')
/** The environment without what `npm test` sets for its own run (`npm_*`), but with npm's cache. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') || name === 'npm_config_cache'),
)

let dir: string
let consumer: string
let packed: string[]

/** `npm pack` of `folder` into `dir`: the tarball's file name and the files it holds. */
function pack(folder: string, options: { scripts: boolean }) {
  const args = ['pack', '--json', '--pack-destination', dir, ...(options.scripts ? [] : ['--ignore-scripts'])]
  const out = execFileSync('npm', args, {
    cwd: folder,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const [packed] = JSON.parse(out) as [{ filename: string; files: { path: string }[] }]
  return { tarball: join(dir, packed.filename), files: packed.files.map((f) => f.path).sort() }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loopdesk-sdk-package-'))
  // `npm pack` builds dist/ first (prepack), as a release would.
  const sdk = pack(join(root, 'sdk'), { scripts: true })
  packed = sdk.files
  const dependencies = ['openapi-fetch', 'openapi-typescript-helpers'].map(
    (name) => pack(join(root, 'node_modules', name), { scripts: false }).tarball,
  )
  consumer = join(dir, 'consumer')
  mkdirSync(consumer)
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }),
  )
  execFileSync(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', sdk.tarball, ...dependencies],
    { cwd: consumer, env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
}, 180_000)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the packed @loopdesk/sdk', () => {
  it('holds the built JavaScript, its declarations, the README and examples, not the TypeScript source', () => {
    expect(packed).toEqual(
      expect.arrayContaining([
        'README.md',
        'package.json',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/retry.js',
        'dist/webhooks.js',
        'dist/schema.d.ts',
        'examples/crm-sync.ts',
      ]),
    )
    const source = packed.filter(
      (path) => /\.ts$/.test(path) && !/\.d\.ts$/.test(path) && !path.startsWith('examples/'),
    )
    expect(source).toEqual([])
    expect(readdirSync(join(consumer, 'node_modules/@loopdesk/sdk/dist'))).toContain('index.js')
  })

  it('runs from plain .mjs in Node, outside the repository, against a server', async () => {
    const seen: string[] = []
    let calls = 0
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`)
      calls++
      // The first answer is a 503: the packaged client retries it.
      if (calls === 1) {
        res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '0' })
        return res.end(
          JSON.stringify({ status: 503, code: 'not_ready', title: 'Not ready', requestId: 'req_1' }),
        )
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ id: 'ws_1', name: 'Packed Co' }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    writeFileSync(
      join(consumer, 'app.mjs'),
      `import { createLoopdeskClient, unwrap, verifyWebhook, LoopdeskError } from '@loopdesk/sdk'
const client = createLoopdeskClient({ baseUrl: process.argv[2], apiKey: 'ld_packed' })
const workspace = await unwrap(client.GET('/v1/workspace'))
console.log(JSON.stringify({ name: workspace.name, verify: typeof verifyWebhook, error: typeof LoopdeskError }))
`,
    )
    try {
      const { stdout } = await run(process.execPath, ['app.mjs', url], { cwd: consumer, env })
      expect(JSON.parse(stdout)).toEqual({ name: 'Packed Co', verify: 'function', error: 'function' })
      expect(seen).toEqual(['GET /v1/workspace Bearer ld_packed', 'GET /v1/workspace Bearer ld_packed'])
    } finally {
      server.close()
    }
  })

  it('type-checks a consumer under NodeNext and Bundler resolution, and refuses a misspelled path', async () => {
    writeFileSync(
      join(consumer, 'good.ts'),
      `import { createLoopdeskClient, paginate, unwrap, type Workspace } from '@loopdesk/sdk'
const client = createLoopdeskClient({ baseUrl: 'https://loopdesk.example.com', apiKey: 'ld_x', retry: { retries: 3 } })
export async function main(): Promise<string> {
  const workspace: Workspace = await unwrap(client.GET('/v1/workspace'))
  // @ts-expect-error the answer is typed: a field the spec does not have is an error
  workspace.noSuchField
  for await (const key of paginate(client, '/v1/api-keys')) console.log(key.name.toUpperCase())
  return workspace.name
}
`,
    )
    writeFileSync(
      join(consumer, 'bad.ts'),
      `import { createLoopdeskClient } from '@loopdesk/sdk'
const client = createLoopdeskClient({ baseUrl: 'https://loopdesk.example.com' })
export const misspelled = client.GET('/v1/contactz', {})
`,
    )
    const compilerOptions = {
      target: 'ES2022',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      types: [],
      strict: true,
      noEmit: true,
      // Checking every declaration file (lib.dom's too) would triple the time. An import the SDK's declarations
      // cannot resolve (as NodeNext once refused `./schema`) still shows: its types turn to `any`, so the
      // misspelled path compiles and the unused @ts-expect-error fails.
      skipLibCheck: true,
    }
    const resolutions: Array<[string, { module: string; moduleResolution: string }]> = [
      ['nodenext', { module: 'NodeNext', moduleResolution: 'NodeNext' }],
      ['bundler', { module: 'ESNext', moduleResolution: 'Bundler' }],
    ]
    const results = await Promise.all(
      resolutions.map(async ([name, resolution]) => {
        const project = `tsconfig.${name}.json`
        writeFileSync(
          join(consumer, project),
          JSON.stringify({
            compilerOptions: { ...compilerOptions, ...resolution },
            files: ['good.ts', 'bad.ts'],
          }),
        )
        const failed = await run(process.execPath, [tsc, '-p', project, '--pretty', 'false'], {
          cwd: consumer,
          env,
        }).then(
          () => undefined,
          (error: { stdout: string }) => error.stdout,
        )
        return { name, output: failed ?? '' }
      }),
    )
    for (const { name, output } of results) {
      const errors = output.split('\n').filter((line) => / error TS\d+/.test(line))
      expect(errors.length, `${name}: ${output}`).toBeGreaterThan(0)
      expect(
        errors.every((line) => line.startsWith('bad.ts(3,')),
        `${name}: only the misspelled path fails\n${output}`,
      ).toBe(true)
      expect(output, name).toContain('"/v1/contactz"')
    }
  }, 180_000)
})
