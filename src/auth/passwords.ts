import type * as Argon2 from '@node-rs/argon2'
import { ApiError } from '../http/errors'

// Loaded on first use, through a specifier the bundler cannot follow: @node-rs/argon2 is a native addon, which
// the Workers bundle (wrangler/esbuild) cannot hold, and a static import would fail that whole build. On
// Workers, password operations therefore answer 503 until a Workers implementation is plugged in here.
const nativeArgon2 = '@node-rs/argon2'
let loaded: Promise<typeof Argon2> | undefined
function argon2(): Promise<typeof Argon2> {
  loaded ??= (import(/* @vite-ignore */ nativeArgon2) as Promise<typeof Argon2>).catch(() => {
    throw new ApiError('not_ready', 'Password sign-in is not available on this runtime; use the Node server')
  })
  return loaded
}

/**
 * argon2id with OWASP's first recommended profile (19 MiB, 2 passes, 1 lane): about 10 ms per verification on
 * one core here, costly for an attacker with a stolen table (and memory-hard against GPUs), cheap for a
 * sign-in. `algorithm` is left at the library default, which is argon2id (2); a hash made with other
 * parameters still verifies and is upgraded at the next successful sign-in (`needsRehash`).
 */
const parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const
const ARGON2ID = 2

/** The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) to store for `password`. */
export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, parameters)
}

/** True when `password` matches `stored`; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const { verify } = await argon2()
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
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
  const { parseOptions } = await argon2()
  try {
    const used = parseOptions(stored)
    return (
      used.algorithm !== ARGON2ID ||
      used.memoryCost !== parameters.memoryCost ||
      used.timeCost !== parameters.timeCost ||
      used.parallelism !== parameters.parallelism ||
      used.outputLen !== parameters.outputLen
    )
  } catch {
    return true
  }
}
