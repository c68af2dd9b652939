import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/** The Node entry as `npm start` runs it (the build, made by global-setup): a real process, port and signal. */
function start(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; key: string; output: () => string }> {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], {
    env: { ...process.env, PORT: '0', LOOPDESK_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000)
    child.stdout?.on('data', () => {
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1]
      const key = /(ld_[A-Za-z0-9_-]{43})/.exec(output)?.[1]
      if (url && key) {
        clearTimeout(timer)
        resolve({ child, url, key, output: () => output })
      }
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
  })
}

const dataDir = mkdtempSync(join(tmpdir(), 'loopdesk-server-test-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('npm start (dist/server.js)', () => {
  it('seeds and prints a working owner key; on SIGTERM finishes the in-flight request, then exits 0', async () => {
    const server = await start(dataDir)
    const workspace = await fetch(`${server.url}/v1/workspace`, {
      headers: { authorization: `Bearer ${server.key}` },
    })
    expect(workspace.status).toBe(200)
    expect(((await workspace.json()) as { slug: string }).slug).toBe('demo')

    // A request whose body is still arriving when the signal comes must still be answered.
    const body = JSON.stringify({ name: 'in flight', scopes: ['admin'] })
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = request(
        `${server.url}/v1/api-keys`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${server.key}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.write(body.slice(0, 5))
      setTimeout(() => {
        server.child.kill('SIGTERM')
        setTimeout(() => req.end(body.slice(5)), 300)
      }, 300)
    })
    const exited = new Promise<number | null>((resolve) => server.child.on('exit', resolve))
    expect(await inFlight).toBe(201)
    expect(await exited).toBe(0)
  })

  it('reopens the same data directory, keeps the demo workspace and mints a fresh key, revoking the old one', async () => {
    const server = await start(dataDir)
    try {
      const res = await fetch(`${server.url}/v1/api-keys?status=all`, {
        headers: { authorization: `Bearer ${server.key}` },
      })
      expect(res.status).toBe(200)
      const keys = ((await res.json()) as { data: unknown }).data as {
        name: string
        revokedAt: string | null
      }[]
      const devKeys = keys.filter((k) => k.name === 'npm start (development)')
      expect(devKeys).toHaveLength(2)
      expect(devKeys.filter((k) => k.revokedAt === null)).toHaveLength(1)
      expect(keys.some((k) => k.name === 'in flight')).toBe(true)
    } finally {
      server.child.kill('SIGTERM')
      await new Promise((resolve) => server.child.on('exit', resolve))
    }
  })
})
