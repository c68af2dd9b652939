import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'

/**
 * Values the database must never hold in clear (stored idempotent answers, which may carry a secret shown once;
 * webhook signing secrets), sealed with AES-256-GCM under a key derived from the instance secret and a purpose.
 */
/** One key per purpose, so a value sealed for one use never opens as another's. */
const cipherKey = (secret: string, purpose: string) => createHmac('sha256', secret).update(purpose).digest()

/**
 * Encrypt a stored value: `v1.<iv>.<ciphertext>.<tag>` (base64url). Also seals webhook signing secrets, under
 * their own `purpose`.
 */
export function seal(secret: string, plaintext: string, purpose = 'loopdesk.idempotency.v1'): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', cipherKey(secret, purpose), iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv, ciphertext, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.')
}

/** The stored value, or undefined when it was sealed under another secret (or is damaged). */
export function unseal(
  secret: string,
  sealed: string,
  purpose = 'loopdesk.idempotency.v1',
): string | undefined {
  const [version, iv, ciphertext, tag] = sealed.split('.')
  if (version !== 'v1' || !iv || ciphertext === undefined || !tag) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', cipherKey(secret, purpose), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    )
  } catch {
    return undefined
  }
}
