import { z } from '@hono/zod-openapi'

/**
 * The one registry of TypeID prefixes. Every entity of the API's resource catalogue has its prefix here,
 * so a new area only adds its table; the spec's `*Id` schemas use the same prefixes (a test checks).
 */
export const idPrefixes = {
  workspace: 'ws',
  member: 'mbr',
  apiKey: 'ak',
  session: 'sess',
  invitation: 'inv',
  role: 'role',
  team: 'team',
  organization: 'org',
  contact: 'ct',
  segment: 'seg',
  board: 'brd',
  post: 'post',
  postStatus: 'pst',
  vote: 'vote',
  postSubscription: 'psub',
  comment: 'cmt',
  revision: 'rev',
  tag: 'tag',
  roadmap: 'rdm',
  roadmapItem: 'rdi',
  changelogEntry: 'chg',
  changelogSubscription: 'csub',
  changelogCategory: 'chcat',
  helpCategory: 'hcat',
  article: 'art',
  ticket: 'tkt',
  ticketMessage: 'msg',
  ticketStatus: 'tst',
  ticketType: 'ttyp',
  customField: 'cf',
  ticketAttachment: 'att',
  ticketActivity: 'tact',
  ticketLink: 'tlnk',
  view: 'view',
  macro: 'mac',
  businessHours: 'bh',
  slaPolicy: 'sla',
  inbox: 'ibx',
  routingRule: 'rr',
  event: 'evt',
  auditEntry: 'aud',
  webhook: 'wh',
  webhookDelivery: 'whd',
  notification: 'ntf',
  integration: 'int',
  widgetProfile: 'wp',
  portalTab: 'ptab',
  request: 'req',
} as const

export type IdKind = keyof typeof idPrefixes
export type IdPrefix = (typeof idPrefixes)[IdKind]

declare const brand: unique symbol
/** A TypeID string of one prefix, e.g. `Id<'ak'>` is `ak_01j…`. Branded so ids of two kinds never mix. */
export type Id<P extends IdPrefix> = `${P}_${string}` & { readonly [brand]: P }

export type WorkspaceId = Id<'ws'>
export type MemberId = Id<'mbr'>
export type ApiKeyId = Id<'ak'>
export type TicketId = Id<'tkt'>
export type ContactId = Id<'ct'>
export type OrganizationId = Id<'org'>
export type TeamId = Id<'team'>
export type EventId = Id<'evt'>
export type SessionId = Id<'sess'>
export type InvitationId = Id<'inv'>
export type RoleId = Id<'role'>

const suffixPattern = '[0-7][0-9a-hjkmnp-tv-z]{25}'

/** The regular expression a TypeID of `prefix` matches (the spec's `pattern` for that id). */
export const idPattern = (prefix: IdPrefix) => new RegExp(`^${prefix}_${suffixPattern}$`)

/** True when `value` is a well-formed TypeID of `prefix`. */
export function isId<P extends IdPrefix>(prefix: P, value: unknown): value is Id<P> {
  return typeof value === 'string' && idPattern(prefix).test(value)
}

/** A zod parser that accepts only TypeIDs of `prefix` (400 naming the field otherwise). */
export const zId = <P extends IdPrefix>(prefix: P) =>
  z
    .string()
    .regex(idPattern(prefix), { error: `must be an id with prefix ${prefix}_` })
    .transform((s) => s as Id<P>)

// TypeID ↔ uuid runs for every id column of every row read or written, so it is hand-rolled here: the
// library's conversion costs 2–4.5 µs a call, this one 0.3–1 µs (micro-benchmark, 10,000 ids). A
// differential test checks both agree. The encoding is the TypeID spec's: Crockford base32 (lowercase) of the
// 128 bits, preceded by two zero bits, so 26 characters whose first is 0–7.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz'
const alphabetIndex = new Int8Array(128).fill(-1)
for (let i = 0; i < alphabet.length; i++) alphabetIndex[alphabet.charCodeAt(i)] = i
const alphabetCodes = Array.from(alphabet, (c) => c.charCodeAt(0))
const hexValue = new Int8Array(128).fill(-1)
for (let i = 0; i < 16; i++) {
  hexValue['0123456789abcdef'.charCodeAt(i)] = i
  hexValue['0123456789ABCDEF'.charCodeAt(i)] = i
}
const anyTypeId = /^[a-z](?:[a-z_]{0,61}[a-z])?_[0-7][0-9a-hjkmnp-tv-z]{25}$/

// New ids are UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, version 7, then a 31-bit counter (rand_a's 12
// bits and rand_b's first 19) that starts at a random value below 2^30 each new millisecond and counts up within
// one, so ids made one after another in a process sort in that order (the RFC's "monotonic random" method);
// the remaining 43 bits are random. Made here rather than by typeid-js (a uuid v7 and a base32 encoding at 2–4.5 µs
// an id; an id is made for every request and every row written), from a pool of random bytes refilled by
// `crypto.getRandomValues` (Node and Workers alike). A test checks them against typeid-js's parser.
const randomPool = new Uint8Array(4096)
let randomOffset = randomPool.length
let lastMs = 0
let counter = 0
const idBytes = new Uint8Array(16)
/** uuidToId's scratch: the bytes of the uuid being converted. */
const uuidBytes = new Uint8Array(16)

function randomBytes(count: number): number {
  if (randomOffset + count > randomPool.length) {
    globalThis.crypto.getRandomValues(randomPool)
    randomOffset = 0
  }
  const at = randomOffset
  randomOffset += count
  return at
}

/** The 16 bytes of a new UUIDv7 into `idBytes`. */
function nextUuidV7() {
  const now = Date.now()
  const r = randomBytes(9)
  if (now > lastMs) {
    lastMs = now
    counter =
      ((randomPool[r] as number) << 22) |
      ((randomPool[r + 1] as number) << 14) |
      ((randomPool[r + 2] as number) << 6)
    counter &= 0x3fffffff
  } else if (++counter > 0x7fffffff) {
    // 2^31 ids in one millisecond: borrow the next one (the clock catches up).
    lastMs += 1
    counter = 0
  }
  const high = Math.floor(lastMs / 0x100000000)
  const low = lastMs >>> 0
  idBytes[0] = high >>> 8
  idBytes[1] = high & 0xff
  idBytes[2] = low >>> 24
  idBytes[3] = (low >>> 16) & 0xff
  idBytes[4] = (low >>> 8) & 0xff
  idBytes[5] = low & 0xff
  idBytes[6] = 0x70 | (counter >>> 27) // version 7, then the counter's top 4 bits
  idBytes[7] = (counter >>> 19) & 0xff
  idBytes[8] = 0x80 | ((counter >>> 13) & 0x3f) // variant 10, then 6 more counter bits
  idBytes[9] = (counter >>> 5) & 0xff
  idBytes[10] = ((counter & 0x1f) << 3) | ((randomPool[r + 3] as number) & 0x07)
  for (let i = 11; i < 16; i++) idBytes[i] = randomPool[r + i - 7] as number
}

/** The TypeID of `prefix` for the 16 bytes in `bytes`: base32 of two zero bits and the 128. */
function typeIdOfBytes<P extends IdPrefix>(prefix: P, bytes: Uint8Array): Id<P> {
  const codes = new Array<number>(26)
  let n = 0
  let buffer = 0
  let bits = 2 // two zero bits lead the 128
  for (let i = 0; i < 16; i++) {
    buffer = ((buffer << 8) | (bytes[i] as number)) & 0xfff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      codes[n++] = alphabetCodes[(buffer >> bits) & 31] as number
    }
  }
  return `${prefix}_${String.fromCharCode(...codes)}` as unknown as Id<P>
}

/** A new, time-ordered (UUIDv7) id of `prefix`. */
export function newId<P extends IdPrefix>(prefix: P): Id<P> {
  nextUuidV7()
  return typeIdOfBytes(prefix, idBytes)
}

/** idToUuid's scratch: the character codes of the uuid being written, its four dashes in place. */
const uuidCodes = Array.from('00000000-0000-0000-0000-000000000000', (c) => c.charCodeAt(0))
const hexCodes = Array.from('0123456789abcdef', (c) => c.charCodeAt(0))

/** The UUID stored in Postgres for a TypeID. Throws on a malformed TypeID. */
export function idToUuid(id: string): string {
  if (!anyTypeId.test(id)) throw new Error(`not a TypeID: ${id}`)
  // Written as character codes and made a string once: appending to a string would leave a chain of 20
  // partial strings for the engine to allocate and then flatten (measured: half the time of the call).
  const start = id.length - 26
  let buffer = alphabetIndex[id.charCodeAt(start)] as number
  let bits = 3 // the first character carries 3 bits after the 2 padding bits
  let at = 0
  for (let i = start + 1; i < id.length; i++) {
    buffer = ((buffer << 5) | (alphabetIndex[id.charCodeAt(i)] as number)) & 0xfff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      const byte = (buffer >> bits) & 0xff
      if (at === 8 || at === 13 || at === 18 || at === 23) at++ // a dash
      uuidCodes[at++] = hexCodes[byte >> 4] as number
      uuidCodes[at++] = hexCodes[byte & 15] as number
    }
  }
  return String.fromCharCode.apply(null, uuidCodes)
}

/** The TypeID of `prefix` for a UUID read from Postgres. */
export function uuidToId<P extends IdPrefix>(prefix: P, uuid: string): Id<P> {
  let n = 0
  for (let i = 0; i < uuid.length && n < 16; i++) {
    const high = hexValue[uuid.charCodeAt(i)] as number
    if (high < 0) continue // '-'
    uuidBytes[n++] = (high << 4) | (hexValue[uuid.charCodeAt(++i)] as number)
  }
  return typeIdOfBytes(prefix, uuidBytes)
}
