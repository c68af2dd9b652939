import { sql } from 'drizzle-orm'
import { PgTransaction } from 'drizzle-orm/pg-core'
import { type Db, queryRows } from '../../db/database'
import { idToUuid, type WorkspaceId } from '../../ids'

/**
 * Fingerprints of the ticket configuration the hot paths read on every ticket write (routing rules, SLA
 * policies, business hours, custom fields, and the rule segments whose membership a ticket can move): an md5
 * per table of every row's id, version and (where rows are ordered) position, in id order. Any create, update (every write bumps `version`), position shift or delete
 * changes it, on whichever instance made the change.
 *
 * Why a fingerprint, not `max(updated_at)` and a count: `updated_at` is the writing transaction's start time, so
 * a long transaction that commits after a shorter one leaves the maximum unchanged and a cache keyed by it stale
 * for good; a delete plus a create keeps the count. A per-workspace version row would be one index probe, but
 * needs a migration and a write in every configuration change of five areas; these tables hold tens of rows per
 * workspace, so the five aggregates are one small statement, read in the same transaction as the ticket write
 * that uses the cached rows: a change committed elsewhere is seen by the next ticket write, never seconds later.
 */
export interface ConfigFingerprint {
  rules: string
  policies: string
  hours: string
  fields: string
  /** Rule segments (`kind = 'rule'`): their definitions, not their member counts (which do not bump `version`). */
  segments: string
}

const fingerprintSql = (workspaceId: WorkspaceId) => {
  const ws = idToUuid(workspaceId)
  return sql`select
  (select md5(coalesce(string_agg(r.id::text || ':' || r.version || ':' || r.position, ',' order by r.id), ''))
     from routing_rules r where r.workspace_id = ${ws}::uuid) as rules,
  (select md5(coalesce(string_agg(p.id::text || ':' || p.version || ':' || p.position, ',' order by p.id), ''))
     from sla_policies p where p.workspace_id = ${ws}::uuid) as policies,
  (select md5(coalesce(string_agg(h.id::text || ':' || h.version, ',' order by h.id), ''))
     from business_hours h where h.workspace_id = ${ws}::uuid) as hours,
  (select md5(coalesce(string_agg(f.id::text || ':' || f.version || ':' || (f.archived_at is null), ',' order by f.id), ''))
     from custom_fields f where f.workspace_id = ${ws}::uuid) as fields,
  (select md5(coalesce(string_agg(s.id::text || ':' || s.version, ',' order by s.id), ''))
     from segments s where s.workspace_id = ${ws}::uuid and s.kind = 'rule') as segments`
}

/** Fingerprints read once per transaction (a ticket write's routing and SLA reactions share them). */
const perTransaction = new WeakMap<Db, Map<string, Promise<ConfigFingerprint>>>()

/** The workspace's configuration fingerprint as `db` sees it now (memoised within one transaction only). */
export function configFingerprint(db: Db, workspaceId: WorkspaceId): Promise<ConfigFingerprint> {
  const read = async () => {
    const [row] = await queryRows<ConfigFingerprint>(db, fingerprintSql(workspaceId))
    if (!row) throw new Error('the configuration fingerprint answered no row')
    return row
  }
  // Outside a transaction every read is fresh: the root handle lives as long as the process.
  const inTransaction: boolean = (db as unknown) instanceof PgTransaction
  if (!inTransaction) return read()
  let byWorkspace = perTransaction.get(db)
  if (!byWorkspace) {
    byWorkspace = new Map()
    perTransaction.set(db, byWorkspace)
  }
  let entry = byWorkspace.get(workspaceId)
  if (!entry) {
    entry = read()
    byWorkspace.set(workspaceId, entry)
  }
  return entry
}

/**
 * Per-workspace values in process memory, each kept with the fingerprint it was loaded under and reused only
 * while the fingerprint read in the caller's transaction is the same. Bounded (least recently used go first).
 */
export class FingerprintCache<T> {
  private readonly entries = new Map<string, { key: string; value: Promise<T> }>()
  constructor(private readonly max = 1000) {}

  async get(workspaceId: WorkspaceId, key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(workspaceId)
    if (hit && hit.key === key) {
      this.entries.delete(workspaceId)
      this.entries.set(workspaceId, hit)
      return hit.value
    }
    const value = load()
    const entry = { key, value }
    this.entries.delete(workspaceId)
    this.entries.set(workspaceId, entry)
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string)
    // A failed load is not kept.
    value.catch(() => {
      if (this.entries.get(workspaceId) === entry) this.entries.delete(workspaceId)
    })
    return value
  }

  /** Drop the workspace's entry (its own writes call this; other instances see the fingerprint move). */
  forget(workspaceId: WorkspaceId) {
    this.entries.delete(workspaceId)
  }
}

/** After a configuration write in `tx`: later reads in the same transaction read the fingerprint again. */
export function forgetFingerprint(tx: Db, workspaceId: WorkspaceId) {
  perTransaction.get(tx)?.delete(workspaceId)
}
