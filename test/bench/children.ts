import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { Cleanup } from './cleanup'
import {
  CHILD_ENV,
  type ChildMessage,
  type ChildSpec,
  type DatabaseLocation,
  isMessage,
  type RunnerMessage,
  type Seeded,
  type ServerSpec,
  type Target,
} from './protocol'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const scripts: Record<ChildSpec['kind'], string> = {
  ours: fileURLToPath(new URL('./servers/ours.ts', import.meta.url)),
  'raw-sql': fileURLToPath(new URL('./servers/raw-sql.ts', import.meta.url)),
  'bare-hono': fileURLToPath(new URL('./servers/bare-hono.ts', import.meta.url)),
  seed: fileURLToPath(new URL('./seed-process.ts', import.meta.url)),
}

const START_TIMEOUT_MS = 60_000
const SEED_TIMEOUT_MS = 10 * 60_000
const STOP_TIMEOUT_MS = 10_000

/** BENCH_NODE_OPTIONS: node flags for every bench process (ours, the ceilings, the seeders). */
const benchNodeArgs = () => (process.env.BENCH_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)

/**
 * A bench process (`node --import tsx <script>`), stopped by `cleanup` if the run ends first. Its stdout goes
 * to our stderr, except for chatty log levels (then /dev/null). BENCH_NODE_OPTIONS adds node flags to it, as
 * to every bench process (`benchNodeArgs`), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
 */
function spawnChild(spec: ChildSpec, cleanup: Cleanup) {
  if (cleanup.closed) throw new Error('interrupted')
  const quietStdout = spec.kind === 'ours' && spec.logLevel === 'info'
  const stdio: StdioOptions = ['ignore', quietStdout ? 'ignore' : 2, 2, 'ipc']
  const child = spawn(process.execPath, [...benchNodeArgs(), '--import', 'tsx', scripts[spec.kind]], {
    cwd: repoRoot,
    env: { ...process.env, [CHILD_ENV]: JSON.stringify(spec), NODE_ENV: 'production' },
    stdio,
  })
  const stop = cleanup.add(`stop the ${spec.kind} process (pid ${child.pid})`, () => terminate(child))
  return { child, stop }
}

/** The child's first message of `type`; rejects if it exits (or errors) first, or after `timeoutMs`. */
function waitFor<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
  what: string,
  timeoutMs: number,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`${what}: nothing within ${timeoutMs / 1000} s`)),
      timeoutMs,
    )
    const onMessage = (message: unknown) => {
      if (!isMessage(type, message)) return
      finish()
      resolve(message)
    }
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(new Error(`${what}: the process exited first (${signal ?? `exit code ${code}`})`))
    const onError = (error: Error) => fail(new Error(`${what}: ${error.message}`))
    const fail = (error: Error) => {
      finish()
      reject(error)
    }
    const finish = () => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      child.off('error', onError)
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
    child.on('error', onError)
  })
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  try {
    await exited
  } finally {
    clearTimeout(timer)
  }
}

export interface RunningServer {
  target: Target
  /** http://127.0.0.1:<port> */
  origin: string
  /** The server process's CPU time so far (user + system), in µs. */
  cpuMicros(): Promise<number>
  /** SIGTERM (SIGKILL if it lingers); resolves once it has exited. */
  stop(): Promise<void>
}

/** Start one bench server in its own process (never sharing the load generator's event loop) and wait until it listens. */
export async function startServer(spec: ServerSpec, cleanup: Cleanup): Promise<RunningServer> {
  const { child, stop } = spawnChild(spec, cleanup)
  try {
    const { port } = await waitFor(child, 'ready', `starting the ${spec.kind} server`, START_TIMEOUT_MS)
    const cpuMicros = async () => {
      const answer = waitFor(child, 'cpu', `asking the ${spec.kind} server for its CPU time`, 5_000)
      const query: RunnerMessage = { type: 'cpu?' }
      child.send(query)
      return (await answer).micros
    }
    return { target: spec.kind, origin: `http://127.0.0.1:${port}`, cpuMicros, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Migrate and seed `database` in a child process (see seed-process.ts). */
export async function seedDatabase(
  database: DatabaseLocation,
  rows: number,
  cleanup: Cleanup,
): Promise<Seeded> {
  const { child, stop } = spawnChild({ kind: 'seed', database, rows }, cleanup)
  try {
    const { seeded } = await waitFor(child, 'seeded', 'seeding', SEED_TIMEOUT_MS)
    const code = child.exitCode ?? ((await once(child, 'exit')) as [number | null])[0]
    if (code !== 0) throw new Error(`seeding: the process exited with code ${code}`)
    return seeded
  } finally {
    await stop()
  }
}

/**
 * Start a raw-SQL ceiling server (`servers/<script>`, a `runServer` child) with its settings as JSON in the
 * environment variable `envName`, and wait until it listens.
 */
export async function startCeiling(
  script: string,
  envName: string,
  settings: Record<string, unknown>,
  cleanup: Cleanup,
): Promise<RunningServer> {
  const path = fileURLToPath(new URL(`./servers/${script}`, import.meta.url))
  const child: ChildProcess = spawn(process.execPath, [...benchNodeArgs(), '--import', 'tsx', path], {
    cwd: repoRoot,
    env: { ...process.env, [envName]: JSON.stringify(settings), NODE_ENV: 'production' },
    stdio: ['ignore', 2, 2, 'ipc'],
  })
  const stop = cleanup.add(`stop the ${script} process (pid ${child.pid})`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    await exited
  })
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 60 s`)), 60_000)
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message?.type !== 'ready' || !message.port) return
      clearTimeout(timer)
      resolve(message.port)
    })
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)))
  })
  return { target: 'raw-sql', origin: `http://127.0.0.1:${port}`, cpuMicros: () => askCpu(child), stop }
}

/** A `runServer` child's CPU time so far (user + system, µs), asked over IPC. */
export function askCpu(child: ChildProcess): Promise<number> {
  const answer = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', on)
      reject(new Error('the bench server did not tell its CPU time in 5 s'))
    }, 5_000)
    const on = (m: { type?: string; micros?: number }) => {
      if (m?.type !== 'cpu') return
      clearTimeout(timer)
      child.off('message', on)
      resolve(m.micros ?? 0)
    }
    child.on('message', on)
  })
  child.send({ type: 'cpu?' })
  return answer
}
