import { describe, expect, it } from 'vitest'
import {
  type Argon2Implementation,
  argon2,
  DUMMY_HASH,
  formatPhc,
  hashPassword,
  loadNativeArgon2,
  needsRehash,
  nobleArgon2,
  parsePhc,
  verifyPassword,
} from '../../src/auth/passwords'

// Workers use the pure-JS implementation, Node the native addon; a member who set a password on one must be able
// to sign in on the other, so each verifies what the other hashes.
const native = (await loadNativeArgon2()) as Argon2Implementation
const noble = nobleArgon2
const PASSWORD = 'correct horse battery staple'
const TODAYS = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/

describe('password hashing, native and pure-JS', () => {
  it('uses the native addon on Node', async () => {
    expect(native?.name).toBe('native')
    expect((await argon2()).name).toBe('native')
  })

  it('verifies a native hash with noble, and a noble hash natively', async () => {
    const fromNative = await native.hash(PASSWORD)
    const fromNoble = await noble.hash(PASSWORD)
    expect(fromNative).toMatch(TODAYS)
    expect(fromNoble).toMatch(TODAYS)
    expect(fromNoble).not.toBe(fromNative) // fresh salts
    expect(await noble.verify(fromNative, PASSWORD)).toBe(true)
    expect(await native.verify(fromNoble, PASSWORD)).toBe(true)
    expect(await noble.verify(fromNoble, PASSWORD)).toBe(true)
    expect(await native.verify(fromNative, PASSWORD)).toBe(true)
  })

  it('refuses wrong passwords on both', async () => {
    const fromNative = await native.hash(PASSWORD)
    const fromNoble = await noble.hash(PASSWORD)
    for (const impl of [native, noble]) {
      for (const stored of [fromNative, fromNoble]) {
        expect(await impl.verify(stored, `${PASSWORD} `)).toBe(false)
        expect(await impl.verify(stored, '')).toBe(false)
        expect(await impl.verify(stored, PASSWORD.toUpperCase())).toBe(false)
      }
    }
  })

  it('agrees with the native addon on other parameters, versions and variants', async () => {
    const { hash } = await import('@node-rs/argon2')
    const cases = [
      { algorithm: 0, version: 1, memoryCost: 4096, timeCost: 3, parallelism: 2, outputLen: 16 }, // argon2d, v=19
      { algorithm: 1, version: 0, memoryCost: 1024, timeCost: 1, parallelism: 1, outputLen: 64 }, // argon2i, v=16
      { algorithm: 2, version: 1, memoryCost: 65536, timeCost: 1, parallelism: 4, outputLen: 32 }, // OWASP-like
    ] as const
    for (const options of cases) {
      const stored = await hash('pässwörd ✓', options)
      expect(await noble.verify(stored, 'pässwörd ✓')).toBe(true)
      expect(await noble.verify(stored, 'passwörd ✓')).toBe(false)
      expect(await needsRehash(stored)).toBe(true)
    }
  })

  it('answers false, never throws, for malformed or absurd stored strings, on both', async () => {
    const good = await noble.hash(PASSWORD)
    const parts = good.split('$') // ['', 'argon2id', 'v=19', 'm=…,t=…,p=…', salt, hash]
    const malformed = [
      '',
      'not a hash',
      '$argon2id$',
      good.slice(0, -1), // a hash one character short (length ≡ 1 mod 4: no byte string has it)
      good.slice(0, -2), // a shorter digest: different bytes, compared without a throw
      `${good}=`,
      good.replace('$argon2id$', '$argon2x$'),
      good.replace('$argon2id$', '$scrypt$'),
      good.replace('v=19', 'v=42'),
      good.replace('m=19456', 'm=abc'),
      good.replace('m=19456', 'm=4'), // below 8 × lanes
      good.replace('t=2', 't=0'),
      good.replace('p=1', 'p=0'),
      [...parts.slice(0, 4), '', parts[5]].join('$'), // no salt
      [...parts.slice(0, 4), 'c2FsdA', parts[5]].join('$'), // a 4-byte salt
      [...parts.slice(0, 4), `${parts[4]}!`, parts[5]].join('$'), // not base64
      [...parts.slice(0, 5), ''].join('$'), // no hash
      '$2b$10$abcdefghijklmnopqrstuuNjH0Ck6Iq3dVPPn2kFDfqbB8Ge3QfG', // bcrypt
    ]
    for (const stored of malformed) {
      expect(await noble.verify(stored, PASSWORD), stored).toBe(false)
      expect(await native.verify(stored, PASSWORD), stored).toBe(false)
      expect(await verifyPassword(stored, PASSWORD)).toBe(false)
      expect(await needsRehash(stored)).toBe(true)
    }
    // Absurd costs would exhaust a Worker (128 MB, CPU limit): noble refuses them before deriving anything.
    for (const absurd of ['m=4194304,t=2,p=1', 'm=19456,t=1000,p=1', 'm=19456,t=2,p=255']) {
      expect(await noble.verify(good.replace('m=19456,t=2,p=1', absurd), PASSWORD)).toBe(false)
    }
  })

  it('formats what it parses, byte for byte', async () => {
    for (const stored of [DUMMY_HASH, await native.hash(PASSWORD), await noble.hash(PASSWORD)]) {
      const phc = parsePhc(stored)
      expect(phc).toMatchObject({ algorithm: 'argon2id', version: 0x13, memoryCost: 19_456, timeCost: 2 })
      expect(phc?.salt).toHaveLength(16)
      expect(phc?.hash).toHaveLength(32)
      expect(formatPhc(phc as NonNullable<typeof phc>)).toBe(stored)
      expect(await needsRehash(stored)).toBe(false)
    }
  })

  it('keeps working through concurrent and failing noble runs', async () => {
    const stored = await native.hash(PASSWORD)
    const verdicts = await Promise.all([
      noble.verify(stored, PASSWORD),
      noble.verify(stored, 'wrong'),
      noble.verify('$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$AAAA', PASSWORD), // derivable, wrong
      noble.verify(stored, PASSWORD),
    ])
    expect(verdicts).toEqual([true, false, false, true])
  })

  it('hashes through the public API in the stored format', async () => {
    const stored = await hashPassword(PASSWORD)
    expect(stored).toMatch(TODAYS)
    expect(await verifyPassword(stored, PASSWORD)).toBe(true)
    expect(await verifyPassword(stored, 'wrong')).toBe(false)
  })
})
