import type { OpenAPIHono } from '@hono/zod-openapi'
import { operations } from '../../../generated/operations'
import { type AppEnv, serviceContext } from '../../http/context'
import { ApiError } from '../../http/errors'
import type { TicketId } from '../../ids'
import {
  type AttachmentId,
  attachmentPath,
  downloadHeaders,
  fileMissing,
  getTicketAttachmentOrThrow,
  readTicketAttachment,
  toTicketAttachment,
  uploadTicketAttachment,
} from './attachments'

/** An attachment's bytes never change: its id is its entity tag. */
const attachmentEtag = (id: string) => `"${id}"`

/** Whether `If-None-Match` names `etag` (or is `*`). */
const matches = (header: string | undefined, etag: string) =>
  header?.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t === etag || t === `W/${etag}`
  }) ?? false

export function registerTicketAttachmentRoutes(app: OpenAPIHono<AppEnv>) {
  // POST /v1/tickets/{ticketId}/attachments - upload a file for a later message (multipart/form-data)
  app.openapi(operations.uploadTicketAttachment, async (c) => {
    const ctx = serviceContext(c)
    const { file } = c.req.valid('form')
    if (!(file instanceof File)) throw fileMissing('is required: send the file as the multipart part `file`')
    const limit = c.get('deps').config.attachmentMaxBytes
    if (file.size > limit) {
      throw new ApiError('payload_too_large', `The file is larger than ${limit} bytes`)
    }
    const row = await uploadTicketAttachment(
      ctx,
      c.get('deps').attachments,
      c.req.valid('param').ticketId as TicketId,
      { filename: file.name, contentType: file.type, bytes: new Uint8Array(await file.arrayBuffer()) },
    )
    return c.json(toTicketAttachment(row), 201, { location: attachmentPath(row.ticketId, row.id) })
  })

  // GET /v1/tickets/{ticketId}/attachments/{attachmentId} - an attachment's metadata
  app.openapi(operations.getTicketAttachment, async (c) => {
    const { ticketId, attachmentId } = c.req.valid('param')
    const row = await getTicketAttachmentOrThrow(
      serviceContext(c),
      ticketId as TicketId,
      attachmentId as AttachmentId,
    )
    return c.json(toTicketAttachment(row), 200)
  })

  // GET /v1/tickets/{ticketId}/attachments/{attachmentId}/content - an attachment's bytes
  app.openapi(operations.downloadTicketAttachment, async (c) => {
    const { ticketId, attachmentId } = c.req.valid('param')
    const ctx = serviceContext(c)
    const etag = attachmentEtag(attachmentId)
    if (matches(c.req.header('if-none-match'), etag)) {
      // Still checked: a tag names no secret, but only who may read the attachment learns it exists.
      await getTicketAttachmentOrThrow(ctx, ticketId as TicketId, attachmentId as AttachmentId)
      return c.body(null, 304, { etag })
    }
    const { row, stored } = await readTicketAttachment(
      ctx,
      c.get('deps').attachments,
      ticketId as TicketId,
      attachmentId as AttachmentId,
    )
    return c.body(stored.bytes as never, 200, {
      ...downloadHeaders(row),
      etag,
      'content-length': String(stored.bytes.byteLength),
    }) as never
  })
}
