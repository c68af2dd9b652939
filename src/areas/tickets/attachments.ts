import { and, asc, eq, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm'
import { assertAllowed, isAllowedRow } from '../../authz/guard'
import type { ServiceContext } from '../../context/service'
import type { Db } from '../../db/database'
import { ticketAttachments } from '../../db/schema/tickets'
import { ApiError, notFound } from '../../http/errors'
import { type Id, newId, type TicketId, uuidToId } from '../../ids'
import type { AttachmentStore, StoredAttachment } from '../../storage/attachments'
import { getTicketOrThrow, type TicketRow } from './service/tickets'

export type TicketAttachmentRow = typeof ticketAttachments.$inferSelect
export type AttachmentId = Id<'att'>

/** Uploads no message claimed within this time are deleted by the cleanup tick. */
export const unclaimedLifetimeMs = 24 * 60 * 60 * 1000

/** What a message carries of each of its attachments (and what `toTicketAttachment` presents). */
export interface AttachmentSummary {
  id: string
  ticketId: string
  messageId: string | null
  filename: string
  contentType: string
  size: number
  createdAt: Date
}

export const attachmentPath = (ticketId: string, id: string) => `/v1/tickets/${ticketId}/attachments/${id}`

/** An attachment's metadata as the API answers it, with the path its bytes download from. */
export const toTicketAttachment = (a: AttachmentSummary) => ({
  id: a.id,
  ticketId: a.ticketId,
  messageId: a.messageId,
  filename: a.filename,
  contentType: a.contentType,
  size: a.size,
  createdAt: a.createdAt.toISOString(),
  downloadUrl: `${attachmentPath(a.ticketId, a.id)}/content`,
})

// ------------------------------------------------------------------------------------------ file names

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const unsafeInName = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g
const maxNameLength = 255

/**
 * A file name safe to store, show and put in a `Content-Disposition`: only the last path segment, no control,
 * bidirectional-override or reserved characters (`<>:"/\|?*`), no leading dots (no hidden files) nor trailing
 * dots and spaces, at most 255 characters with the extension kept; `attachment` when nothing is left.
 */
export function sanitizeFilename(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? ''
  let name = base
    .normalize('NFC')
    .replace(unsafeInName, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
  if ([...name].length > maxNameLength) {
    const chars = [...name]
    const dot = name.lastIndexOf('.')
    const extension = dot > 0 && name.length - dot <= 16 ? [...name.slice(dot)] : []
    name = [...chars.slice(0, maxNameLength - extension.length), ...extension].join('')
  }
  return name === '' || /^_+$/.test(name) ? 'attachment' : name
}

const mediaType = /^([a-z0-9][a-z0-9!#$&^_.+-]{0,126})\/([a-z0-9][a-z0-9!#$&^_.+-]{0,126})$/

/** The part's declared type as `type/subtype` in lower case (parameters dropped); octet-stream when unusable. */
export function normalizeContentType(raw: string | undefined): string {
  const type = (raw ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  return mediaType.test(type) ? type : 'application/octet-stream'
}

/** Image types a browser renders without running anything: only these may be shown inline (never SVG). */
const inlineTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'])

/**
 * The download headers: the declared type, but never sniffed (`nosniff`), sandboxed should a browser render it
 * anyway, and a download (`attachment`) unless it is a safe image. The name goes as an ASCII fallback and as
 * RFC 8187 UTF-8 (`filename*`).
 */
export function downloadHeaders(row: Pick<TicketAttachmentRow, 'filename' | 'contentType'>) {
  const disposition = inlineTypes.has(row.contentType) ? 'inline' : 'attachment'
  const ascii = row.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_')
  const encoded = encodeURIComponent(row.filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return {
    'content-type': row.contentType,
    'content-disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, max-age=0, must-revalidate',
  }
}

// ------------------------------------------------------------------------------------------ access

/**
 * What of a readable ticket's attachments the caller sees: staff see them all; a contact sees those of replies
 * (never of notes) and its own uploads not yet claimed (never another's, a member's draft included).
 */
function visibleTo(ctx: ServiceContext): SQL | undefined {
  if (ctx.actor.type !== 'contact') return undefined
  return sql`((${ticketAttachments.messageId} is null and ${ticketAttachments.uploaderType} = 'contact' and ${ticketAttachments.uploaderId} = ${ctx.actor.id})
    or exists (select 1 from ticket_messages m where m.id = "ticket_attachments"."message_id" and m.kind = 'reply'))`
}

/** Who uploads: a member (API keys as their member) or a contact. */
function uploaderOf(ctx: ServiceContext): { uploaderType: 'member' | 'contact'; uploaderId: string } {
  const actor = ctx.actor
  if (actor.type === 'member') return { uploaderType: 'member', uploaderId: actor.id }
  if (actor.type === 'api_key') return { uploaderType: 'member', uploaderId: actor.memberId }
  if (actor.type === 'contact') return { uploaderType: 'contact', uploaderId: actor.id }
  throw new ApiError('forbidden', 'Only members, API keys and contacts upload attachments')
}

/**
 * Whoever may write a message on the ticket may upload to it: a member with reply or note rights, a contact
 * where it may reply. 403 (naming `reply`) otherwise.
 */
async function assertMayUpload(ctx: ServiceContext, ticket: TicketRow): Promise<void> {
  if (await isAllowedRow(ctx, 'reply', 'Ticket', ticket)) return
  if (ctx.actor.type !== 'contact' && (await isAllowedRow(ctx, 'note', 'Ticket', ticket))) return
  await assertAllowed(ctx, 'reply', 'Ticket', ticket)
}

// ------------------------------------------------------------------------------------------ services

export interface UploadedFile {
  filename: string
  contentType: string
  bytes: Uint8Array
}

/**
 * Keep an uploaded file for a later message of the ticket: the bytes go to the store under
 * `<workspace>/<attachment>`, then the row is written (the bytes are removed again should that fail).
 * A closed ticket takes no more messages, so no uploads either (409 `ticket_closed`).
 */
export async function uploadTicketAttachment(
  ctx: ServiceContext,
  store: AttachmentStore,
  ticketId: TicketId,
  file: UploadedFile,
): Promise<TicketAttachmentRow> {
  const ticket = await getTicketOrThrow(ctx, ticketId)
  await assertMayUpload(ctx, ticket)
  if (ticket.statusCategory === 'closed') {
    throw new ApiError('ticket_closed', `Ticket ${ticket.id} is closed: it takes no more messages nor files`)
  }
  if (file.bytes.byteLength === 0) throw fileMissing('is empty: send a file of at least one byte')
  const id = newId('att')
  const storageKey = `${ctx.workspaceId}/${id}`
  const contentType = normalizeContentType(file.contentType)
  await store.put(storageKey, file.bytes, contentType)
  try {
    const [row] = await ctx.db
      .insert(ticketAttachments)
      .values({
        id,
        workspaceId: ctx.workspaceId,
        ticketId: ticket.id,
        messageId: null,
        filename: sanitizeFilename(file.filename),
        contentType,
        size: file.bytes.byteLength,
        storageKey,
        ...uploaderOf(ctx),
        createdAt: new Date(),
      })
      .returning()
    if (!row) throw new Error('insert returned no attachment')
    return row
  } catch (error) {
    await store.delete(storageKey)
    throw error
  }
}

/** 422 `attachment_file_missing` about the `file` part. */
export const fileMissing = (message: string) =>
  new ApiError('attachment_file_missing', `body.file: ${message}`, {
    errors: [{ path: 'body.file', code: 'attachment_file_missing', message }],
  })

/** One attachment of a ticket the caller reads, as the caller may see it; 404 otherwise. */
export async function getTicketAttachmentOrThrow(
  ctx: ServiceContext,
  ticketId: TicketId,
  attachmentId: AttachmentId,
): Promise<TicketAttachmentRow> {
  const ticket = await getTicketOrThrow(ctx, ticketId)
  const [row] = await ctx.db
    .select()
    .from(ticketAttachments)
    .where(
      and(
        eq(ticketAttachments.workspaceId, ctx.workspaceId),
        eq(ticketAttachments.ticketId, ticket.id),
        eq(ticketAttachments.id, attachmentId),
        visibleTo(ctx),
      ),
    )
  if (!row) throw notFound('Attachment')
  return row
}

/** The attachment's metadata and its bytes; 404 when either is gone. */
export async function readTicketAttachment(
  ctx: ServiceContext,
  store: AttachmentStore,
  ticketId: TicketId,
  attachmentId: AttachmentId,
): Promise<{ row: TicketAttachmentRow; stored: StoredAttachment }> {
  const row = await getTicketAttachmentOrThrow(ctx, ticketId, attachmentId)
  const stored = await store.get(row.storageKey)
  if (!stored) throw notFound('Attachment')
  return { row, stored }
}

/**
 * Lock the attachments `ids` names for a new message of `ticket` (in the message's transaction): each must be
 * an upload of this ticket the caller sees (422 `attachment_not_found` naming its index otherwise: another
 * ticket's, another workspace's, a contact's upload for anyone but that contact) and not yet on a message
 * (409 `attachment_claimed`). A contact claims only its own uploads: another's is not found for it.
 */
export async function lockClaimableAttachments(
  ctx: ServiceContext,
  tx: Db,
  ticket: TicketRow,
  ids: readonly string[],
): Promise<TicketAttachmentRow[]> {
  if (ids.length === 0) return []
  const unique = [...new Set(ids)]
  const rows = await tx
    .select()
    .from(ticketAttachments)
    .where(
      and(
        eq(ticketAttachments.workspaceId, ctx.workspaceId),
        eq(ticketAttachments.ticketId, ticket.id),
        inArray(ticketAttachments.id, unique as AttachmentId[]),
      ),
    )
    .orderBy(asc(ticketAttachments.id))
    .for('update')
  const byId = new Map(rows.map((r) => [r.id as string, r]))
  const contact = ctx.actor.type === 'contact' ? ctx.actor.id : undefined
  ids.forEach((id, index) => {
    const row = byId.get(id)
    // A contact knows only its own uploads (whether claimed yet or not).
    if (!row || (contact !== undefined && row.uploaderId !== contact)) {
      const path = `body.attachmentIds[${index}]`
      const message = 'is no upload of this ticket'
      throw new ApiError('attachment_not_found', `${path}: ${message} (${id})`, {
        errors: [{ path, code: 'attachment_not_found', message }],
      })
    }
  })
  ids.forEach((id, index) => {
    const row = byId.get(id)
    if (row?.messageId) {
      throw new ApiError(
        'attachment_claimed',
        `body.attachmentIds[${index}]: attachment ${id} is already on message ${row.messageId}`,
      )
    }
  })
  // In upload order, as the message's list reads them back.
  return unique
    .map((id) => byId.get(id) as TicketAttachmentRow)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
}

/** Put the locked attachments on `messageId`; answers them as the message carries them. */
export async function claimAttachments(
  ctx: ServiceContext,
  tx: Db,
  messageId: string,
  rows: TicketAttachmentRow[],
): Promise<AttachmentSummary[]> {
  if (rows.length === 0) return []
  await tx
    .update(ticketAttachments)
    .set({ messageId: messageId as never })
    .where(
      and(
        eq(ticketAttachments.workspaceId, ctx.workspaceId),
        inArray(
          ticketAttachments.id,
          rows.map((r) => r.id),
        ),
        isNull(ticketAttachments.messageId),
      ),
    )
  return rows.map((r) => ({ ...r, messageId }))
}

/**
 * A message's attachments as one JSON column of the message's own query (no statement per message, nor one
 * more per page): `[{ id, filename, contentType, size, createdAt }]`, oldest first. The outer column is
 * written out: drizzle leaves a single table's columns unqualified, and a bare `"id"` would be the attachment's.
 */
export const messageAttachmentsColumn = sql<RawAttachment[]>`(select coalesce(json_agg(json_build_object(
    'id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size, 'createdAt', a.created_at
  ) order by a.created_at, a.id), '[]'::json) from ticket_attachments a where a.message_id = "ticket_messages"."id")`

export interface RawAttachment {
  id: string
  filename: string
  contentType: string
  size: number | string
  createdAt: string
}

/** The JSON column's entries as attachment summaries of message `messageId` on `ticketId`. */
export const fromAttachmentsColumn = (
  raw: RawAttachment[] | string | null | undefined,
  ticketId: string,
  messageId: string,
): AttachmentSummary[] => {
  const list: RawAttachment[] = typeof raw === 'string' ? JSON.parse(raw) : (raw ?? [])
  return list.map((a) => ({
    id: uuidToId('att', a.id),
    ticketId,
    messageId,
    filename: a.filename,
    contentType: a.contentType,
    size: Number(a.size),
    createdAt: new Date(a.createdAt),
  }))
}

// ------------------------------------------------------------------------------------------ cleanup

/**
 * Delete uploads no message claimed within 24 hours, bytes first, then rows, in one transaction that holds
 * their rows (skipping rows another instance holds, so two instances never delete the same upload twice, and
 * a message claiming one meanwhile either waits or wins). At most `batch` per run. Answers how many it deleted.
 */
export async function deleteStaleAttachments(
  db: Db,
  store: AttachmentStore,
  now = new Date(),
  batch = 500,
): Promise<number> {
  const before = new Date(now.getTime() - unclaimedLifetimeMs)
  return db.transaction(async (tx) => {
    const stale = await tx
      .select({ id: ticketAttachments.id, storageKey: ticketAttachments.storageKey })
      .from(ticketAttachments)
      .where(and(isNull(ticketAttachments.messageId), lte(ticketAttachments.createdAt, before)))
      .orderBy(asc(ticketAttachments.createdAt))
      .limit(batch)
      .for('update', { skipLocked: true })
    if (stale.length === 0) return 0
    // Bytes first: should the rows' delete fail, they stay stale and the next run deletes them again (a
    // missing key is no error), and no bytes are ever left without their row.
    for (const row of stale) await store.delete(row.storageKey)
    await tx.delete(ticketAttachments).where(
      inArray(
        ticketAttachments.id,
        stale.map((r) => r.id),
      ),
    )
    return stale.length
  })
}
