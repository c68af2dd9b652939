import { createHash } from 'node:crypto'
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { MiddlewareHandler } from 'hono'
import { seal, unseal } from '../auth/seal'
import type { Db } from '../db/database'
import { idempotencyKeys } from '../db/schema'
import type { WorkspaceId } from '../ids'
import type { AppEnv } from './context'
import { ApiError } from './errors'
import { clientIp } from './request'

/** How long an answer is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/** A lock older than this belongs to a request that died (requests time out well before). */
const LOCK_TIMEOUT_MS = 60 * 1000
/** Response headers worth replaying. */
const replayedHeaders = ['content-type', 'etag', 'location']

/**
 * `Idempotency-Key` on POST, per workspace and key (Stripe's model):
 * 1. claim the key with an insert (`on conflict do nothing`): of two concurrent duplicates only one wins,
 *    the other gets 409 `idempotency_key_in_progress`;
 * 2. run the request in one transaction (the request's database handle, `requestDb(c)`: services' own
 *    transactions become savepoints in it) and store its answer in that same transaction, unless it is a 5xx
 *    (then roll everything back and release the key, so a retry runs again). The request either committed
 *    with its answer or did nothing: a process that dies between the commit and the answer leaves an answer
 *    to replay, never a write without one (a duplicate on retry). Side effects on this process (`ctx.effects`)
 *    run once the transaction has committed;
 * 3. a later request with the same key and the same method, path and body gets the stored answer replayed
 *    (`Idempotent-Replayed: true`); with anything else, 422 `idempotency_key_reused`.
 * Anonymous requests have no workspace to scope a key to and ignore the header, and so does every operation
 * that does not declare it in the spec (every authenticated POST does: a contract test checks it). Visitors
 * (publishable keys) share one credential, so their keys are scoped to the profile and the client's address.
 * Stored answers are encrypted (AES-256-GCM under a key derived from the instance secret): an answer may carry
 * a secret shown once, such as a new API key, and the database must never hold one in clear.
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('idempotency-key')
    const actor = c.get('actor')
    if (given === undefined || actor.type === 'anonymous' || !c.get('operation')?.idempotent) return next()
    if (given.length === 0 || given.length > 255) {
      throw new ApiError('validation_failed', 'Idempotency-Key must be 1 to 255 characters', {
        errors: [
          { path: 'headers.idempotency-key', code: 'too_big', message: 'must be 1 to 255 characters' },
        ],
      })
    }
    // Visitors of one widget profile share a public key: their keys are scoped to the profile, the visitor id
    // and the client's address, so no visitor is ever replayed another's answer.
    const key =
      actor.type === 'visitor' ? `visitor:${actor.id}:${actor.visitorId}:${clientIp(c)}:${given}` : given
    const { database, secret } = c.get('deps')
    const db = database.db
    const workspaceId = actor.workspaceId
    // As jsonBody read it: the request's own stream is consumed by then.
    const body = c.get('bodyText') ?? ''
    const requestHash = createHash('sha256').update(`${c.req.method}\n${c.req.path}\n${body}`).digest('hex')

    let claimed = await claim(db, workspaceId, key, requestHash)
    if (!claimed) {
      const [existing] = await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)))
      if (!existing) throw new ApiError('idempotency_key_in_progress', 'Retry the request')
      if (existing.requestHash !== requestHash) {
        throw new ApiError(
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request; use a new key for a new request',
        )
      }
      if (existing.responseStatus === null || existing.responseBody === null) {
        throw new ApiError(
          'idempotency_key_in_progress',
          'The first request with this key is still running',
          {
            headers: { 'retry-after': '1' },
          },
        )
      }
      const answer = unseal(secret, existing.responseBody)
      if (answer !== undefined) {
        return c.body(answer, existing.responseStatus as 200, {
          ...(existing.responseHeaders ?? {}),
          'idempotent-replayed': 'true',
        })
      }
      // Sealed under a secret this server no longer has (LOOPDESK_SECRET changed): it cannot be replayed, so
      // forget it and run the request as a first one.
      await db
        .delete(idempotencyKeys)
        .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)))
      claimed = await claim(db, workspaceId, key, requestHash)
      if (!claimed) throw new ApiError('idempotency_key_in_progress', 'Retry the request')
    }

    let stored = false
    const afterCommit: Array<() => unknown> = []
    c.set('afterCommit', afterCommit)
    try {
      await db.transaction(async (tx) => {
        c.set('tx', tx)
        try {
          await next()
        } finally {
          c.set('tx', undefined)
        }
        // A 5xx undoes whatever the request wrote; its answer is not kept, so a retry runs again.
        if (c.res.status >= 500) throw rollback
        const headers: Record<string, string> = {}
        for (const name of replayedHeaders) {
          const value = c.res.headers.get(name)
          if (value !== null) headers[name] = value
        }
        await tx
          .update(idempotencyKeys)
          .set({
            responseStatus: c.res.status,
            responseHeaders: headers,
            responseBody: seal(secret, await c.res.clone().text()),
            lockedAt: null,
          })
          .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)))
      })
      stored = true
    } catch (error) {
      // The answer the client gets stands (`c.res`); only its replay is lost, and the key is released.
      if (error !== rollback) c.get('logger').warn({ err: error }, 'idempotent answer not stored')
    } finally {
      c.set('afterCommit', undefined)
      if (!stored) {
        await db
          .delete(idempotencyKeys)
          .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)))
      }
    }
    if (!stored) return
    if (c.get('deps').config.testKillAfterCommit) process.kill(process.pid, 'SIGKILL')
    for (const effect of afterCommit) await effect()
  }
}

/** Thrown inside the request's transaction to roll it back after a 5xx (not an error of its own). */
const rollback = Symbol('rollback')

/** Take the key: a new row, or an expired answer / abandoned lock taken over. */
async function claim(db: Db, workspaceId: WorkspaceId, key: string, requestHash: string): Promise<boolean> {
  const now = Date.now()
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ workspaceId, key, requestHash, lockedAt: new Date(now) })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key })
  if (inserted.length > 0) return true
  const takenOver = await db
    .update(idempotencyKeys)
    .set({
      requestHash,
      lockedAt: new Date(now),
      responseStatus: null,
      responseHeaders: null,
      responseBody: null,
      createdAt: new Date(now),
    })
    .where(
      and(
        eq(idempotencyKeys.workspaceId, workspaceId),
        eq(idempotencyKeys.key, key),
        or(
          lt(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_TTL_MS)),
          and(
            isNull(idempotencyKeys.responseStatus),
            lt(idempotencyKeys.lockedAt, new Date(now - LOCK_TIMEOUT_MS)),
          ),
        ),
      ),
    )
    .returning({ key: idempotencyKeys.key })
  return takenOver.length > 0
}

/** Delete answers older than the replay window (run from a schedule). */
export async function pruneIdempotencyKeys(db: Db): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, sql`now() - interval '24 hours'`))
}
