import { AsyncLocalStorage } from 'node:async_hooks'
import type { Actor } from './context'

/** What code deep below a handler may know about the request it serves (the audit log records it). */
export interface RequestScope {
  requestId: string
  /** The client's address as `clientIp()` sees it; null when unknown. */
  ip: string | null
  userAgent: string | null
  /** The caller, once the auth middleware has resolved it (anonymous before). */
  actor(): Actor
}

const storage = new AsyncLocalStorage<RequestScope>()

/**
 * Run `fn` (the rest of the middleware chain) within `scope`. Set by the first middleware, so every service
 * and `emit()` call of the request sees it without being handed the Hono context.
 */
export const runInRequestScope = <T>(scope: RequestScope, fn: () => T): T => storage.run(scope, fn)

/** The current request's scope; undefined outside a request (jobs, ticks, scripts). */
export const currentRequestScope = (): RequestScope | undefined => storage.getStore()
