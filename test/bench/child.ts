import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CHILD_ENV, type ChildMessage, type ChildSpec, type RunnerMessage } from './protocol'

/** This child's settings, as the runner passed them. */
export function readSpec<K extends ChildSpec['kind']>(kind: K): Extract<ChildSpec, { kind: K }> {
  const raw = process.env[CHILD_ENV]
  if (!raw) throw new Error(`${CHILD_ENV} is not set: bench processes are started by test/bench/run.ts`)
  const spec = JSON.parse(raw) as ChildSpec
  if (spec.kind !== kind) throw new Error(`${CHILD_ENV} is for ${spec.kind}, not ${kind}`)
  return spec as Extract<ChildSpec, { kind: K }>
}

export function tellRunner(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('no IPC channel to the runner'))
    process.send(message, (error: Error | null) => (error ? reject(error) : resolve()))
  })
}

/**
 * Tell the runner the port once `server` listens, and the process's CPU time whenever it asks; stop cleanly
 * (connections dropped, then `close`, e.g. the database) on SIGTERM/SIGINT or when the runner goes away.
 */
export function runServer(server: Server, close: () => Promise<void> = async () => {}) {
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    let code = 0
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    try {
      await close()
    } catch (error) {
      process.stderr.write(`bench server: close failed: ${String(error)}\n`)
      code = 1
    }
    process.exit(code)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
  process.on('disconnect', () => void stop())
  process.on('message', (message: unknown) => {
    if ((message as RunnerMessage | null)?.type !== 'cpu?') return
    const { user, system } = process.cpuUsage()
    tellRunner({ type: 'cpu', micros: user + system }).catch(() => {})
  })

  // Failing to tell means the runner is gone: 'disconnect' stops us.
  const announce = () =>
    tellRunner({ type: 'ready', port: (server.address() as AddressInfo).port }).catch(() => {})
  if (server.listening) announce()
  else server.once('listening', announce)
}
