import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Characters of a key that are stored in clear: shown to recognise it and used to look it up. */
export const KEY_START_LENGTH = 12

/** A new API key: `ld_` + 256 random bits (base64url). */
export function generateApiKey(): { secret: string; start: string; hash: string } {
  const secret = `ld_${randomBytes(32).toString('base64url')}`
  return { secret, start: secret.slice(0, KEY_START_LENGTH), hash: hashSecret(secret) }
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex')

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && timingSafeEqual(x, y)
}

export const looksLikeApiKey = (token: string) => /^ld_[A-Za-z0-9_-]{43}$/.test(token)
