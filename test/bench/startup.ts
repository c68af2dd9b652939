/**
 * `npm run bench -- --startup [--startup-runs N]`: how long the production server (`node dist/server.js`, what
 * `npm start` runs once built) takes from spawn to its first 200 on /healthz, N times each:
 *   - on a reopened embedded data directory (the everyday restart);
 *   - on an empty directory (the build's pre-migrated template loaded, the demo seed);
 *   - on PostgreSQL (a fresh database, migrated by a first start that is not counted);
 *   - through `npm start` on the reopened directory (what a user types: npm and the build check included);
 * beside two ceilings measured in the same run: a bare `node -e` HTTP server (spawn to first 200), and a bare
 * PGlite open of the same data directory (spawn to its first query answered).
 * The client polls a fixed port every 5 ms from the moment of the spawn, so the time includes everything
 * the process does before it answers. Each server's `listening` line gives the phase breakdown.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Cleanup } from './cleanup'
import { postgresReachable, provisionDatabase } from './database'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const TIMEOUT_MS = 60_000

/** The issue's goals: medians, in ms. */
export const STARTUP_GOAL = { reopenedMs: 1000, emptyMs: 4000, postgresMs: 500 } as const

export interface StartupSeries {
  name: string
  /** Spawn → first 200 (or, for the PGlite ceiling, → first query answered), ms, one per run. */
  ms: number[]
  /** The medians of each start-up phase (ms from process start), from the servers' `listening` lines. */
  phasesMs?: Record<string, number>
  startupCpuMs?: number
}

export interface StartupReport {
  runs: number
  series: StartupSeries[]
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  if (!address || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** Wait until nothing listens on `port` any more (a stopped server's process may outlive its parent's exit). */
async function portFree(port: number) {
  for (let i = 0; i < 2000; i++) {
    const listening = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    )
    if (!listening) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`port ${port} is still answering`)
}

/** Poll `url` until it answers 200; ms since `started`. */
async function firstOk(url: string, started: number, child: ChildProcess, output: () => string) {
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`exited with ${child.exitCode} before answering:\n${output()}`)
    if (performance.now() - started > TIMEOUT_MS)
      throw new Error(`no 200 from ${url} within ${TIMEOUT_MS} ms`)
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      if (response.status === 200) return performance.now() - started
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

async function stop(child: ChildProcess, group = false) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = once(child, 'exit')
  if (group) process.kill(-child.pid, 'SIGTERM')
  else child.kill('SIGTERM')
  const timer = setTimeout(
    () => (group ? process.kill(-child.pid!, 'SIGKILL') : child.kill('SIGKILL')),
    10_000,
  )
  await exited
  clearTimeout(timer)
}

interface Timed {
  ms: number
  listening?: { phasesMs?: Record<string, number>; startupCpuMs?: number }
}

/** Spawn `command`, time spawn → first 200 on /healthz at `port`, read its `listening` line, stop it. */
async function timeServer(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  cleanup: Cleanup,
  options: { group?: boolean; path?: string } = {},
): Promise<Timed> {
  if (cleanup.closed) throw new Error('interrupted')
  await portFree(port)
  let output = ''
  const started = performance.now()
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group ?? false,
  })
  const release = cleanup.add(`stop the start-up bench process (pid ${child.pid})`, () =>
    stop(child, options.group),
  )
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  try {
    const ms = await firstOk(
      `http://127.0.0.1:${port}${options.path ?? '/healthz'}`,
      started,
      child,
      () => output,
    )
    // The `listening` line is written just before the server answers; give the pipe a moment.
    for (let i = 0; i < 100 && !output.includes('"msg":"listening"'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const line = output.split('\n').find((l) => l.includes('"msg":"listening"'))
    return { ms, listening: line ? JSON.parse(line) : undefined }
  } finally {
    await release()
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

function series(name: string, timed: Timed[]): StartupSeries {
  const phases = timed.map((t) => t.listening?.phasesMs).filter((p) => p !== undefined)
  const cpu = timed.map((t) => t.listening?.startupCpuMs).filter((c) => c !== undefined)
  return {
    name,
    ms: timed.map((t) => Math.round(t.ms)),
    phasesMs:
      phases.length > 0
        ? Object.fromEntries(
            Object.keys(phases[0] ?? {}).map((k) => [k, median(phases.map((p) => p[k] ?? 0))]),
          )
        : undefined,
    startupCpuMs: cpu.length > 0 ? median(cpu) : undefined,
  }
}

const serverArgs = ['--enable-source-maps', 'dist/server.js']
const quiet = { LOG_LEVEL: 'info', LOOPDESK_SECRET: 'startup-bench-secret-startup-bench-secret' }

/** Every series, `runs` times each; PostgreSQL when it answers at `postgresUrl`. */
export async function benchStartup(
  options: { runs: number; postgresUrl: string },
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<StartupReport> {
  progress('building dist/ (when stale)…')
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: repoRoot, stdio: 'inherit' })
  const scratch = await mkdtemp(join(tmpdir(), 'loopdesk-startup-bench-'))
  cleanup.add(`remove ${scratch}`, () => rm(scratch, { recursive: true, force: true }))
  const port = await freePort()
  const embedded = (dataDir: string) => ({
    ...process.env,
    ...quiet,
    DATABASE_URL: '',
    LOOPDESK_DATA_DIR: dataDir,
  })
  const result: StartupSeries[] = []
  const record = (s: StartupSeries) => {
    result.push(s)
    progress(`  ${formatSeries(s)}`)
  }

  const nodeCeiling: Timed[] = []
  const bareServer =
    "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')"
  for (let i = 0; i < options.runs; i++) {
    nodeCeiling.push(await timeServer(process.execPath, ['-e', bareServer], process.env, port, cleanup))
  }
  record(series('ceiling: bare node -e HTTP server', nodeCeiling))

  const empty: Timed[] = []
  let reopenDir = ''
  for (let i = 0; i < options.runs; i++) {
    const dir = join(scratch, `empty-${i}`)
    empty.push(await timeServer(process.execPath, serverArgs, embedded(dir), port, cleanup))
    if (i === 0) reopenDir = dir
    else await rm(dir, { recursive: true, force: true })
  }
  record(series("ours, embedded, empty directory (the build's template loaded, seed)", empty))

  const reopened: Timed[] = []
  for (let i = 0; i < options.runs; i++) {
    reopened.push(await timeServer(process.execPath, serverArgs, embedded(reopenDir), port, cleanup))
  }
  record(series('ours, embedded, reopened directory', reopened))

  // The same directory opened by PGlite alone: the embedded database's own floor.
  const bareOpen = `import('@electric-sql/pglite').then(async ({ PGlite }) => {
    const db = await PGlite.create(process.env.LOOPDESK_DATA_DIR)
    await db.query('select 1')
    require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')
  })`
  const pgliteCeiling: Timed[] = []
  for (let i = 0; i < options.runs; i++) {
    pgliteCeiling.push(
      await timeServer(process.execPath, ['-e', bareOpen], embedded(reopenDir), port, cleanup),
    )
  }
  record(series('ceiling: bare PGlite open of that directory (+ an HTTP answer)', pgliteCeiling))

  const viaNpm: Timed[] = []
  for (let i = 0; i < options.runs; i++) {
    viaNpm.push(
      await timeServer('npm', ['start', '--silent'], embedded(reopenDir), port, cleanup, { group: true }),
    )
  }
  record(series('ours via `npm start` (npm, build check), reopened directory', viaNpm))

  if (await postgresReachable(options.postgresUrl)) {
    const database = await provisionDatabase('postgres', options.postgresUrl, cleanup)
    if (database.location.driver !== 'postgres') throw new Error('expected PostgreSQL')
    const env = { ...process.env, ...quiet, DATABASE_URL: database.location.url }
    await timeServer(process.execPath, serverArgs, env, port, cleanup) // migrates and seeds; not counted
    const pg: Timed[] = []
    for (let i = 0; i < options.runs; i++)
      pg.push(await timeServer(process.execPath, serverArgs, env, port, cleanup))
    record(series(`ours, PostgreSQL ${database.serverVersion ?? ''}`.trim(), pg))
  } else {
    progress(`  PostgreSQL does not answer at the bench URL: no PostgreSQL series`)
  }
  return { runs: options.runs, series: result }
}

function formatSeries(s: StartupSeries): string {
  const sorted = [...s.ms].sort((a, b) => a - b)
  const head = `${s.name}: min ${sorted[0]} · median ${Math.round(median(s.ms))} · max ${sorted.at(-1)} ms`
  return s.phasesMs
    ? `${head}\n      phases (ms from process start, medians): ${Object.entries(s.phasesMs)
        .map(([k, v]) => `${k} ${Math.round(v)}`)
        .join(' · ')} · startupCpuMs ${Math.round(s.startupCpuMs ?? 0)}`
    : head
}

/** The report as text, with the goals checked against the medians. */
export function formatStartup(report: StartupReport): string {
  const lines = [`Start-up, spawn → first 200 on /healthz (${report.runs} runs each):`]
  for (const s of report.series) lines.push(`  ${formatSeries(s)}`)
  const find = (prefix: string) => report.series.find((s) => s.name.startsWith(prefix))
  const goals: [string, StartupSeries | undefined, number][] = [
    ['reopened embedded', find('ours, embedded, reopened'), STARTUP_GOAL.reopenedMs],
    ['empty directory', find('ours, embedded, empty'), STARTUP_GOAL.emptyMs],
    ['PostgreSQL', find('ours, PostgreSQL'), STARTUP_GOAL.postgresMs],
  ]
  lines.push('Goals (medians):')
  for (const [name, s, ceiling] of goals) {
    if (!s) lines.push(`  ${name}: not measured`)
    else {
      const m = Math.round(median(s.ms))
      lines.push(
        `  ${name}: ${m} ms ${m < ceiling ? '<' : '≥'} ${ceiling} ms ${m < ceiling ? 'MET' : 'NOT MET'}`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}
