import { z } from 'zod'

/**
 * The one rule for email addresses, everywhere the server checks one: WHATWG HTML's "valid email address",
 * what a browser's `<input type="email">` accepts (zod's `z.regexes.html5Email`). It takes every address
 * people actually use (`~ti@acme.test`, `0@com`, `o'neil+tag@mail.example`), and refuses RFC 5322's
 * quoted local parts and address literals, which mail systems and sign-up forms refuse too. The generated
 * routes use the same regex (scripts/generate.mjs), and the spec states it as the `pattern` of every
 * `format: email` field.
 */
export const emailPattern: RegExp = z.regexes.html5Email

/** Whether `value` is an email address by {@link emailPattern}. */
export const isEmailAddress = (value: string): boolean => emailPattern.test(value)
