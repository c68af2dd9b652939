import { validationFailed } from './errors'

/** A custom attribute value: a string, number, boolean or a flat array of those. */
export type AttributeValue = string | number | boolean | Array<string | number | boolean>

/** Custom attributes as stored (jsonb) on contacts, organisations and tickets. */
export type Attributes = Record<string, AttributeValue>

/** The limits the spec states in prose (JSON Schema cannot say "16 KiB as JSON"). */
export const attributeLimits = { keys: 100, keyLength: 100, arrayItems: 100, bytes: 16 * 1024 } as const

const invalid = (path: string, code: string, message: string) => validationFailed([{ path, code, message }])

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))

/**
 * Check an `attributes` object as sent; `path` names it in errors (`body.attributes`,
 * `body.items.3.attributes`). `null` values pass: they remove a key in changes and are dropped on creation.
 *
 * @example checkAttributes(input.attributes, `${at}.attributes`) // 400 `too_big` past 100 keys
 */
export function checkAttributes(attributes: unknown, path: string): Record<string, AttributeValue | null> {
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    throw invalid(path, 'invalid_type', 'must be an object')
  }
  const entries = Object.entries(attributes)
  if (entries.length > attributeLimits.keys) {
    throw invalid(path, 'too_big', `must have at most ${attributeLimits.keys} keys`)
  }
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > attributeLimits.keyLength) {
      throw invalid(path, 'invalid_key', `keys must have 1–${attributeLimits.keyLength} characters`)
    }
    const ok =
      value === null ||
      isScalar(value) ||
      (Array.isArray(value) && value.length <= attributeLimits.arrayItems && value.every(isScalar))
    if (!ok) {
      throw invalid(
        `${path}.${key}`,
        'invalid_type',
        'must be a string, number, boolean, an array of those, or null',
      )
    }
  }
  if (Buffer.byteLength(JSON.stringify(attributes)) > attributeLimits.bytes) {
    throw invalid(path, 'too_big', `must be at most ${attributeLimits.bytes} bytes as JSON`)
  }
  return attributes as Record<string, AttributeValue | null>
}

/** The attributes of a new record: checked, `null` values left out, none given is `{}`. */
export function newAttributes(attributes: unknown, path: string): Attributes {
  const result: Attributes = {}
  if (attributes === undefined) return result
  for (const [key, value] of Object.entries(checkAttributes(attributes, path))) {
    if (value !== null) result[key] = value
  }
  return result
}

/**
 * Apply a key-by-key change (`null` removes a key) to the stored set. The result may not grow past the
 * limits; a set already past them (a contact merge adds two sets) may still change as long as it does not
 * grow.
 */
export function mergeAttributes(current: Attributes, change: unknown, path: string): Attributes {
  const next: Attributes = { ...current }
  for (const [key, value] of Object.entries(checkAttributes(change, path))) {
    if (value === null) delete next[key]
    else next[key] = value
  }
  const keys = Object.keys(next).length
  if (keys > attributeLimits.keys && keys > Object.keys(current).length) {
    throw invalid(path, 'too_big', `would leave ${keys} attributes; at most ${attributeLimits.keys}`)
  }
  const bytes = Buffer.byteLength(JSON.stringify(next))
  if (bytes > attributeLimits.bytes && bytes > Buffer.byteLength(JSON.stringify(current))) {
    throw invalid(
      path,
      'too_big',
      `would leave ${bytes} bytes of attributes; at most ${attributeLimits.bytes}`,
    )
  }
  return next
}
