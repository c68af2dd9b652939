import { z } from '@hono/zod-openapi'
import { TypeID, typeid } from 'typeid-js'

/**
 * The one registry of TypeID prefixes. Every entity of the catalogue (../shared/API.md) has its prefix here,
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
  comment: 'cmt',
  tag: 'tag',
  roadmap: 'rdm',
  roadmapItem: 'rdi',
  changelogEntry: 'chg',
  helpCategory: 'hcat',
  article: 'art',
  ticket: 'tkt',
  ticketMessage: 'msg',
  ticketStatus: 'tst',
  ticketType: 'ttyp',
  customField: 'cf',
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

const suffixPattern = '[0-7][0-9a-hjkmnp-tv-z]{25}'

/** The regular expression a TypeID of `prefix` matches (the spec's `pattern` for that id). */
export const idPattern = (prefix: IdPrefix) => new RegExp(`^${prefix}_${suffixPattern}$`)

/** A new, time-ordered (UUIDv7) id of `prefix`. */
export function newId<P extends IdPrefix>(prefix: P): Id<P> {
  return typeid(prefix).toString() as unknown as Id<P>
}

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

/** The UUID stored in Postgres for a TypeID. */
export const idToUuid = (id: string): string => TypeID.fromString(id).toUUID()

/** The TypeID of `prefix` for a UUID read from Postgres. */
export const uuidToId = <P extends IdPrefix>(prefix: P, uuid: string): Id<P> =>
  TypeID.fromUUID(prefix, uuid).toString() as unknown as Id<P>
