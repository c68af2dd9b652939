import { argon2dAsync, argon2iAsync, argon2idAsync } from '@noble/hashes/argon2.js'
import type * as Argon2 from '@node-rs/argon2'

/**
 * argon2id with OWASP's first recommended profile (19 MiB, 2 passes, 1 lane): about 10 ms per verification on
 * one core with the native addon, costly for an attacker with a stolen table (and memory-hard against GPUs),
 * cheap for a sign-in. A hash made with other parameters still verifies and is upgraded at the next successful
 * sign-in (`needsRehash`).
 */
const parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const
const SALT_BYTES = 16 // what @node-rs/argon2 generates, so both implementations store alike
const VERSION_13 = 0x13

/** One argon2 implementation, reading and writing PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
export interface Argon2Implementation {
  name: 'native' | 'noble'
  hash(password: string): Promise<string>
  /** False, never a throw, for a malformed `stored`. */
  verify(stored: string, password: string): Promise<boolean>
}

// ---- PHC strings -------------------------------------------------------------------------------------------

type Algorithm = 'argon2d' | 'argon2i' | 'argon2id'
export interface Phc {
  algorithm: Algorithm
  version: number
  memoryCost: number
  timeCost: number
  parallelism: number
  salt: Uint8Array
  hash: Uint8Array
}

// Bounds on what a stored string may ask of us: within them lie every hash this code has made or would make,
// beyond them a corrupted row could demand gigabytes (a Worker isolate has 128 MB) or minutes of CPU.
const MAX_MEMORY_KIB = 256 * 1024
const MAX_TIME_COST = 32
const MAX_PARALLELISM = 16

const PHC =
  /^\$(argon2id|argon2i|argon2d)(?:\$v=(\d{1,3}))?\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

/** The parts of a PHC argon2 string, or undefined when it is not one we can verify. */
export function parsePhc(stored: string): Phc | undefined {
  const match = PHC.exec(stored)
  if (!match) return undefined
  const [, algorithm, v, m, t, p, salt64, hash64] = match as unknown as [string, Algorithm, ...string[]]
  // Strings from before version 1.3 carry no `v=` (the reference implementation reads them as 0x10).
  const version = v === undefined ? 0x10 : Number(v)
  const memoryCost = Number(m)
  const timeCost = Number(t)
  const parallelism = Number(p)
  const salt = fromBase64(salt64 as string)
  const hash = fromBase64(hash64 as string)
  const sane =
    (version === 0x10 || version === VERSION_13) &&
    parallelism >= 1 &&
    parallelism <= MAX_PARALLELISM &&
    memoryCost >= 8 * parallelism &&
    memoryCost <= MAX_MEMORY_KIB &&
    timeCost >= 1 &&
    timeCost <= MAX_TIME_COST &&
    salt !== undefined &&
    salt.length >= 8 &&
    salt.length <= 64 &&
    hash !== undefined &&
    hash.length >= 4 &&
    hash.length <= 64
  if (!sane) return undefined
  return { algorithm, version, memoryCost, timeCost, parallelism, salt, hash }
}

/** The PHC string for these parts, in the form the reference implementation and @node-rs/argon2 write. */
export function formatPhc(phc: Phc): string {
  return (
    `$${phc.algorithm}$v=${phc.version}$m=${phc.memoryCost},t=${phc.timeCost},p=${phc.parallelism}` +
    `$${toBase64(phc.salt)}$${toBase64(phc.hash)}`
  )
}

// PHC uses standard base64 without padding. atob/btoa: present on Node and on Workers alike.
function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, '')
}
function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined // no byte string encodes to that length
  const bytes = Uint8Array.from(atob(text + '='.repeat((4 - (text.length % 4)) % 4)), (c) => c.charCodeAt(0))
  // Canonical encodings only (unused trailing bits zero), as the native implementation demands.
  return toBase64(bytes) === text ? bytes : undefined
}

/** Equal lengths and bytes, in time that depends on the length only (the length of a stored hash is public). */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number)
  return difference === 0
}

// ---- the implementations -----------------------------------------------------------------------------------

/** @node-rs/argon2: native, on libuv's thread pool, so the event loop stays free. Node only. */
function nativeImplementation(native: typeof Argon2): Argon2Implementation {
  return {
    name: 'native',
    // `algorithm` left at the library default: argon2id.
    hash: (password) => native.hash(password, parameters),
    async verify(stored, password) {
      try {
        return await native.verify(stored, password)
      } catch {
        return false
      }
    },
  }
}

const nobleFunctions = { argon2d: argon2dAsync, argon2i: argon2iAsync, argon2id: argon2idAsync }

// One derivation at a time per isolate: JS argon2 runs on the one thread anyway, so overlapping runs finish no
// sooner, and each would hold its own 19 MiB of a Worker's 128 MB.
let nobleQueue: Promise<unknown> = Promise.resolve()
function oneAtATime<T>(run: () => Promise<T>): Promise<T> {
  const result = nobleQueue.then(run)
  nobleQueue = result.catch(() => {}) // a failed run must not stop the ones queued behind it
  return result
}

function nobleDerive(phc: Omit<Phc, 'hash'>, password: string, length: number): Promise<Uint8Array> {
  return oneAtATime(() =>
    nobleFunctions[phc.algorithm](password, phc.salt, {
      m: phc.memoryCost,
      t: phc.timeCost,
      p: phc.parallelism,
      version: phc.version,
      dkLen: length,
    }),
  )
}

/** @noble/hashes: pure JavaScript, about 15 times slower than native; for runtimes without the addon (Workers). */
export const nobleArgon2: Argon2Implementation = {
  name: 'noble',
  async hash(password) {
    const settings = {
      algorithm: 'argon2id' as const,
      version: VERSION_13,
      memoryCost: parameters.memoryCost,
      timeCost: parameters.timeCost,
      parallelism: parameters.parallelism,
      salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)),
    }
    const hash = await nobleDerive(settings, password, parameters.outputLen)
    return formatPhc({ ...settings, hash })
  },
  async verify(stored, password) {
    const phc = parsePhc(stored)
    if (!phc) return false
    try {
      return constantTimeEqual(await nobleDerive(phc, password, phc.hash.length), phc.hash)
    } catch {
      return false
    }
  },
}

// Loaded on first use, through a specifier the bundler cannot follow: @node-rs/argon2 is a native addon, which
// the Workers bundle (wrangler/esbuild) cannot hold, and a static import would fail that whole build. Where
// it does not load (workerd), the pure-JS implementation takes over for the life of the process or isolate.
const nativeSpecifier = '@node-rs/argon2'
/** The native implementation, or undefined on a runtime that cannot load it. */
export function loadNativeArgon2(): Promise<Argon2Implementation | undefined> {
  return (import(/* @vite-ignore */ nativeSpecifier) as Promise<typeof Argon2>).then(
    nativeImplementation,
    () => undefined,
  )
}
let chosen: Promise<Argon2Implementation> | undefined
/** The implementation this runtime uses: native when it loads, noble otherwise. */
export function argon2(): Promise<Argon2Implementation> {
  chosen ??= loadNativeArgon2().then((native) => native ?? nobleArgon2)
  return chosen
}

// ---- the API the app uses ----------------------------------------------------------------------------------

/** The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) to store for `password`. */
export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password)
}

/** True when `password` matches `stored`; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  return (await argon2()).verify(stored, password)
}

/**
 * The hash of 32 random bytes nobody kept, made with today's parameters (a test keeps them equal): verifying
 * against it costs what a real check does.
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$pWqdeFuTjR/0n5Q/ODzGDw$3HXvVcGvfYMPWUMQOsQ9uBAiaWyp4y28YdouW4eBAFg'

/**
 * Spend the time a real verification takes, for an email that has no member or no password: the answer's
 * timing must not tell whether the account exists.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, password)
  return false
}

/** True when `stored` was made with other parameters than today's: rehash it while the password is at hand. */
export async function needsRehash(stored: string): Promise<boolean> {
  const used = parsePhc(stored)
  if (!used) return true
  return (
    used.algorithm !== 'argon2id' ||
    used.version !== VERSION_13 ||
    used.memoryCost !== parameters.memoryCost ||
    used.timeCost !== parameters.timeCost ||
    used.parallelism !== parameters.parallelism ||
    used.hash.length !== parameters.outputLen
  )
}
