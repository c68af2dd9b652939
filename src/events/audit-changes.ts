import type { AuditChanges } from '../db/schema/audit'

/**
 * Field names whose values never reach the audit log, at any depth. Timestamps about a secret
 * (`previousSecretExpiresAt`, `passwordChangedAt`) are not secrets and stay readable.
 */
const secretName = /secret|password|token|hash/i
const isSecretKey = (key: string) => secretName.test(key) && !/[a-z]At$/.test(key)
export const REDACTED = '[redacted]'

/** Identity and bookkeeping fields: the row names the resource, and timestamps say nothing about the change. */
const unchangedFields = new Set(['id', 'createdAt', 'updatedAt', 'version'])

const creationVerbs = new Set(['created', 'invited', 'joined'])
const removalVerbs = new Set(['deleted', 'revoked'])

/** A plain object (not an array, a Date or another class instance, which JSON writes as a value). */
const isRecord = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** JSON has no undefined: a missing value is recorded as null. */
const present = (value: unknown) => (value === undefined ? null : value)

/** The payload key holding the resource: `api_key` → `apiKey`. */
const payloadKey = (resourceType: string) =>
  resourceType.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

/** `value` with every secret-looking key's value replaced, however deep. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact)
  if (!isRecord(value)) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, isSecretKey(key) ? REDACTED : redact(inner)]),
  )
}

/** Every field of `resource` but its identity, as the after- (creation) or before-values (removal). */
function snapshot(resource: Record<string, unknown>, side: 'before' | 'after'): AuditChanges {
  const changes: AuditChanges = {}
  for (const [field, value] of Object.entries(resource)) {
    if (!unchangedFields.has(field)) changes[field] = { [side]: value }
  }
  return changes
}

/**
 * The before/after values an event's payload tells, by the catalogue's conventions: `previous` holds the
 * changed fields' former values beside the resource's new ones; a creation records what was created, a
 * deletion or revocation what was removed; any other event records the rest of its payload as new values.
 * Events whose payload says more than these rules read give their own `auditChanges` in the catalogue.
 */
export function deriveChanges(type: string, resourceType: string, data: unknown): AuditChanges {
  if (!isRecord(data)) return {}
  const key = payloadKey(resourceType)
  const resource = isRecord(data[key]) ? data[key] : {}
  if (isRecord(data.previous)) {
    const changes: AuditChanges = {}
    for (const [field, before] of Object.entries(data.previous)) {
      changes[field] = { before, after: field in resource ? resource[field] : null }
    }
    return changes
  }
  const verb = type.slice(type.indexOf('.') + 1)
  if (creationVerbs.has(verb)) return snapshot(resource, 'after')
  if (removalVerbs.has(verb)) return snapshot(resource, 'before')
  const changes: AuditChanges = {}
  for (const [field, value] of Object.entries(data)) if (field !== key) changes[field] = { after: value }
  return changes
}

/** Redact the changes: a secret-named field keeps its place (something changed) but never its values. */
export function redactChanges(changes: AuditChanges): AuditChanges {
  const out: AuditChanges = {}
  for (const [field, change] of Object.entries(changes)) {
    const values: { before?: unknown; after?: unknown } = {}
    if ('before' in change) values.before = isSecretKey(field) ? REDACTED : present(redact(change.before))
    if ('after' in change) values.after = isSecretKey(field) ? REDACTED : present(redact(change.after))
    out[field] = values
  }
  return out
}
