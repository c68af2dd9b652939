import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

/** The repository root: the built entry points are run from there, as `npm start` runs them. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** The environment of a process on the embedded database in `dataDir` (never the run's PostgreSQL). */
export function embeddedEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: '0',
    LOOPDESK_DATA_DIR: dataDir,
    DATABASE_URL: '',
    LOG_LEVEL: 'info',
    ...extra,
  }
}

export interface StartedServer {
  child: ChildProcess
  url: string
  /** The `listening` log line, parsed. */
  listening: Record<string, any>
  output(): string
  /** SIGTERM, and the exit code once it has exited. */
  stop(): Promise<number | null>
}

/** `node dist/server.js` (what `npm start` runs, built by global-setup), resolved once it listens. */
export function startBuiltServer(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<StartedServer> {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = () => {
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1]
      const line = output.split('\n').find((l) => l.includes('"msg":"listening"'))
      if (!url || !line) return
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      resolve({
        child,
        url,
        listening: JSON.parse(line),
        output: () => output,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          return exited
        },
      })
    }
    child.stdout?.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening:\n${output}`))
    })
  })
}

/** Run a built entry point (`dist/<name>.js`) to its end: exit code and everything it printed. */
export function runBuilt(
  name: 'server' | 'migrate' | 'bootstrap',
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--enable-source-maps', `dist/${name}.js`, ...args],
      { cwd: repoRoot, env, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
        resolve({ code, output: `${stdout}${stderr}` })
      },
    )
  })
}
