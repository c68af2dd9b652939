import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { testDatabaseUrl } from '../harness'

const databaseUrl = testDatabaseUrl()

/** `npm run worker` as a child process; resolves with its exit code and output. */
function runWorker(env: Record<string, string>, onOutput?: (text: string, kill: () => void) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
    onOutput?.(output, () => child.kill('SIGTERM'))
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  )
}

describe('npm run worker (src/worker.ts)', () => {
  it('refuses to run without PostgreSQL (a PGlite directory belongs to the server process)', async () => {
    const { code, output } = await runWorker({ DATABASE_URL: '' })
    expect(code).toBe(1)
    expect(output).toContain('needs DATABASE_URL')
  })

  it.skipIf(!databaseUrl)('starts the workers and, on SIGTERM, stops them and exits 0', async () => {
    let signalled = false
    const { code, output } = await runWorker({ DATABASE_URL: databaseUrl! }, (text, kill) => {
      if (!signalled && text.includes('workers started')) {
        signalled = true
        kill()
      }
    })
    expect(output).toContain('workers stopped')
    expect(code).toBe(0)
  })
})
