import { connect } from 'node:net'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteStaleAttachments, sanitizeFilename } from '../../src/areas/tickets/attachments'
import { events } from '../../src/db/schema'
import { ticketAttachments } from '../../src/db/schema/tickets'
import { newId, type TeamId, type TicketId } from '../../src/ids'
import type { MemoryAttachmentStore } from '../../src/storage/attachments'
import {
  createTestApp,
  expectProblem,
  newContactSession,
  randomClientIp,
  serveTestApp,
  type TestApp,
} from '../harness'
import { ensureStatuses, type StatusIds } from './tickets-fixtures'

let t: TestApp
/** The app's store (in memory in tests): the tests look at the bytes it keeps. */
let store: MemoryAttachmentStore
beforeAll(async () => {
  t = await createTestApp()
  store = t.deps.attachments as MemoryAttachmentStore
})

const call = (method: string, path: string, key: string | undefined, body?: unknown) =>
  t.request(method, path, { key, body })

/** A multipart body as a browser's FormData sends it: its bytes and its Content-Type (with the boundary). */
async function multipart(parts: Array<[string, Blob | string, string?]>) {
  const form = new FormData()
  for (const [name, value, filename] of parts) {
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, value, filename)
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form })
  return {
    bytes: new Uint8Array(await request.arrayBuffer()),
    type: request.headers.get('content-type') as string,
  }
}

const file = (content: string | Uint8Array, type = 'text/plain') =>
  new Blob([typeof content === 'string' ? new TextEncoder().encode(content) : content], { type })

async function upload(
  app: TestApp,
  key: string | undefined,
  ticketId: string,
  parts: Array<[string, Blob | string, string?]>,
) {
  const body = await multipart(parts)
  return app.request('POST', `/v1/tickets/${ticketId}/attachments`, {
    key,
    rawBody: body.bytes,
    headers: { 'content-type': body.type, 'cf-connecting-ip': randomClientIp() },
  })
}

/** The raw download (bytes and headers), through the spec-validating app. */
async function download(key: string | undefined, path: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(path, {
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
  })
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) }
}

async function setup() {
  const ws = await t.newWorkspace()
  const statuses: StatusIds = await ensureStatuses(t, ws.workspaceId)
  const contact = await newContactSession(t, ws.workspaceId)
  const ticket = async (body: Record<string, unknown> = {}) => {
    const res = await call('POST', '/v1/tickets', ws.key, { subject: 's', requesterId: contact.id, ...body })
    expect(res.status, res.text).toBe(201)
    return res.body as { id: TicketId }
  }
  const message = (key: string, id: string, body: unknown) =>
    call('POST', `/v1/tickets/${id}/messages`, key, body)
  const up = (key: string | undefined, id: string, content = 'hello', name = 'notes.txt', type?: string) =>
    upload(t, key, id, [['file', file(content, type), name]])
  return { ws, statuses, contact, ticket, message, up }
}

describe('uploadTicketAttachment', () => {
  it('keeps the file unclaimed and answers its metadata with a download path', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const res = await s.up(s.ws.key, tk.id, 'The export button does nothing.', 'report.txt', 'text/plain')
    expect(res.status, res.text).toBe(201)
    expect(res.body).toEqual({
      id: expect.stringMatching(/^att_/),
      ticketId: tk.id,
      messageId: null,
      filename: 'report.txt',
      contentType: 'text/plain',
      size: 31,
      createdAt: expect.any(String),
      downloadUrl: `/v1/tickets/${tk.id}/attachments/${res.body.id}/content`,
    })
    expect(res.headers.get('location')).toBe(`/v1/tickets/${tk.id}/attachments/${res.body.id}`)
    const meta = await call('GET', `/v1/tickets/${tk.id}/attachments/${res.body.id}`, s.ws.key)
    expect(meta.status, meta.text).toBe(200)
    expect(meta.body).toEqual(res.body)
    // The bytes are in the store under the workspace, once.
    const [row] = await t.database.db
      .select()
      .from(ticketAttachments)
      .where(eq(ticketAttachments.id, res.body.id))
    expect(row?.storageKey).toBe(`${s.ws.workspaceId}/${res.body.id}`)
    expect(row).toMatchObject({ uploaderType: 'member', uploaderId: s.ws.memberId })
    expect(new TextDecoder().decode((await store.get(row!.storageKey))!.bytes)).toBe(
      'The export button does nothing.',
    )
  })

  it('replays an upload retried with its Idempotency-Key; the key with other bytes is refused', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const send = (body: { bytes: Uint8Array; type: string }, key: string) =>
      t.request('POST', `/v1/tickets/${tk.id}/attachments`, {
        key: s.ws.key,
        rawBody: body.bytes,
        headers: { 'content-type': body.type, 'idempotency-key': key },
      })
    // A retry sends the very same bytes (boundary included).
    const body = await multipart([['file', file('same bytes'), 'retry.txt']])
    const first = await send(body, 'upload-1')
    expect(first.status, first.text).toBe(201)
    const retried = await send(body, 'upload-1')
    expect(retried.status).toBe(201)
    expect(retried.body.id).toBe(first.body.id)
    const other = await multipart([['file', file('other bytes'), 'retry.txt']])
    expectProblem(await send(other, 'upload-1'), 422, 'idempotency_key_reused')
    const rows = await t.database.db
      .select()
      .from(ticketAttachments)
      .where(eq(ticketAttachments.ticketId, tk.id))
    expect(rows).toHaveLength(1)
  })

  it('sanitises the file name and normalises the declared type', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const named = async (name: string, type = 'text/plain') =>
      (await upload(t, s.ws.key, tk.id, [['file', file('x', type), name]])).body
    expect((await named('../../etc/passwd')).filename).toBe('passwd')
    expect((await named('C:\\Users\\ada\\report.pdf')).filename).toBe('report.pdf')
    expect((await named('.htaccess')).filename).toBe('htaccess')
    expect((await named('inv\u202eoice.exe')).filename).toBe('inv_oice.exe')
    expect((await named('a<b>"c".txt')).filename).toBe('a_b__c_.txt')
    const odd = await named('data.bin', 'Text/HTML; charset=utf-8')
    expect(odd.contentType).toBe('text/html')
    expect((await named('x.bin', 'not a type')).contentType).toBe('application/octet-stream')
    expect(sanitizeFilename('')).toBe('attachment')
    expect(sanitizeFilename('...')).toBe('attachment')
    expect(sanitizeFilename('\u0000\u0001')).toBe('attachment')
    const long = sanitizeFilename(`${'n'.repeat(300)}.png`)
    expect(long).toHaveLength(255)
    expect(long.endsWith('.png')).toBe(true)
    expect(sanitizeFilename('Résumé – final.pdf')).toBe('Résumé – final.pdf')
  })

  it('answers 422 for no file or an empty one, 400 for a text field, 415 for JSON, 409 on a closed ticket, 404 for an unknown ticket', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const missing = await upload(t, s.ws.key, tk.id, [['note', 'no file here']])
    expectProblem(missing, 422, 'attachment_file_missing')
    expect(missing.body.errors[0].path).toBe('body.file')
    expectProblem(await s.up(s.ws.key, tk.id, ''), 422, 'attachment_file_missing')
    expectProblem(await upload(t, s.ws.key, tk.id, [['file', 'just text']]), 400, 'validation_failed')
    expectProblem(
      await call('POST', `/v1/tickets/${tk.id}/attachments`, s.ws.key, { file: 'x' }),
      415,
      'unsupported_media_type',
    )
    const closed = await s.ticket({ statusId: s.statuses.closed })
    expectProblem(await s.up(s.ws.key, closed.id), 409, 'ticket_closed')
    expectProblem(await s.up(s.ws.key, newId('tkt')), 404, 'not_found')
  })

  describe('the size limit', () => {
    let small: TestApp
    let served: Awaited<ReturnType<typeof serveTestApp>>
    beforeAll(async () => {
      small = await createTestApp({ attachmentMaxBytes: 1024 })
      served = await serveTestApp(small)
    })
    afterAll(async () => {
      await served.close()
    })

    it('takes a file of exactly the limit, answers 413 over it, and nothing is kept', async () => {
      const ws = await small.newWorkspace()
      await ensureStatuses(small, ws.workspaceId)
      const contact = await newContactSession(small, ws.workspaceId)
      const tk = await small.request('POST', '/v1/tickets', {
        key: ws.key,
        body: { subject: 's', requesterId: contact.id },
      })
      const at = (bytes: number) =>
        upload(small, ws.key, tk.body.id, [['file', file(new Uint8Array(bytes).fill(65)), 'a.bin']])
      expect((await at(1024)).status).toBe(201)
      const over = await at(1025)
      expectProblem(over, 413, 'payload_too_large')
      // Far over: the body itself is over the limit plus the multipart framing.
      expectProblem(await at(200_000), 413, 'payload_too_large')
      const rows = await small.database.db
        .select()
        .from(ticketAttachments)
        .where(eq(ticketAttachments.ticketId, tk.body.id))
      expect(rows).toHaveLength(1)
    })

    it('keeps the connection usable after a 413: the next request on the same socket is answered', async () => {
      const ws = await small.newWorkspace()
      await ensureStatuses(small, ws.workspaceId)
      const contact = await newContactSession(small, ws.workspaceId)
      const tk = await small.request('POST', '/v1/tickets', {
        key: ws.key,
        body: { subject: 's', requesterId: contact.id },
      })
      const body = await multipart([['file', file(new Uint8Array(40_000).fill(66)), 'big.bin']])
      const answers = await overOneSocket(served.port, [
        [
          `POST /v1/tickets/${tk.body.id}/attachments HTTP/1.1`,
          'Host: loopdesk.test',
          `Authorization: Bearer ${ws.key}`,
          `Content-Type: ${body.type}`,
          `Content-Length: ${body.bytes.byteLength}`,
        ],
        body.bytes,
        [`GET /v1/tickets/${tk.body.id} HTTP/1.1`, 'Host: loopdesk.test', `Authorization: Bearer ${ws.key}`],
      ])
      expect(answers[0]).toMatch(/^HTTP\/1\.1 413 /)
      expect(answers[0]).toContain('payload_too_large')
      expect(answers[0]?.toLowerCase()).not.toContain('connection: close')
      expect(answers[1]).toMatch(/^HTTP\/1\.1 200 /)
    })
  })
})

/**
 * Send a request (head lines, then body bytes), wait for its whole answer, then send the next head on the same
 * socket and read that answer: the answers' raw text, in order.
 */
function overOneSocket(port: number, [firstHead, firstBody, secondHead]: [string[], Uint8Array, string[]]) {
  return new Promise<string[]>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let buffer = Buffer.alloc(0)
    const answers: string[] = []
    const complete = () => {
      const end = buffer.indexOf('\r\n\r\n')
      if (end < 0) return undefined
      const head = buffer.subarray(0, end).toString('latin1')
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0)
      if (buffer.length < end + 4 + length) return undefined
      const answer = buffer.subarray(0, end + 4 + length).toString('utf8')
      buffer = buffer.subarray(end + 4 + length)
      return answer
    }
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      for (let answer = complete(); answer !== undefined; answer = complete()) {
        answers.push(answer)
        if (answers.length === 1) socket.write(`${secondHead.join('\r\n')}\r\n\r\n`)
        else {
          socket.destroy()
          resolve(answers)
        }
      }
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(answers))
    socket.write(`${firstHead.join('\r\n')}\r\n\r\n`)
    socket.write(firstBody)
  })
}

describe('downloadTicketAttachment and getTicketAttachment', () => {
  it('serves the bytes with their type, never sniffed, as a download (inline only for safe images), with an ETag', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 128])
    const png = await upload(t, s.ws.key, tk.id, [['file', file(bytes, 'image/png'), 'shot.png']])
    const got = await download(s.ws.key, png.body.downloadUrl)
    expect(got.status).toBe(200)
    expect([...got.bytes]).toEqual([...bytes])
    expect(got.headers.get('content-type')).toBe('image/png')
    expect(got.headers.get('content-length')).toBe(String(bytes.length))
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    expect(got.headers.get('content-disposition')).toBe(
      `inline; filename="shot.png"; filename*=UTF-8''shot.png`,
    )
    const etag = got.headers.get('etag')
    expect(etag).toBe(`"${png.body.id}"`)
    const again = await download(s.ws.key, png.body.downloadUrl, { 'if-none-match': etag! })
    expect(again.status).toBe(304)
    expect(again.bytes).toHaveLength(0)

    // HTML and SVG keep their declared type but are downloads, sandboxed.
    const html = await upload(t, s.ws.key, tk.id, [
      ['file', file('<script>alert(1)</script>', 'text/html'), 'page.html'],
    ])
    const page = await download(s.ws.key, html.body.downloadUrl)
    expect(page.headers.get('content-type')).toBe('text/html')
    expect(page.headers.get('content-disposition')).toMatch(/^attachment; filename="page.html"/)
    expect(page.headers.get('content-security-policy')).toContain('sandbox')
    const svg = await upload(t, s.ws.key, tk.id, [['file', file('<svg/>', 'image/svg+xml'), 'logo.svg']])
    expect((await download(s.ws.key, svg.body.downloadUrl)).headers.get('content-disposition')).toMatch(
      /^attachment;/,
    )
    // A name outside ASCII: an ASCII fallback and the exact name in filename*.
    const named = await upload(t, s.ws.key, tk.id, [['file', file('x'), 'Résumé "1".txt']])
    expect((await download(s.ws.key, named.body.downloadUrl)).headers.get('content-disposition')).toBe(
      `attachment; filename="R_sum_ _1_.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%20_1_.txt`,
    )
  })

  it('answers 404 for an unknown attachment, one of another ticket, and bytes gone from the store', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const other = await s.ticket()
    const up = await s.up(s.ws.key, tk.id)
    expectProblem(
      await call('GET', `/v1/tickets/${tk.id}/attachments/${newId('att')}`, s.ws.key),
      404,
      'not_found',
    )
    expectProblem(
      await call('GET', `/v1/tickets/${other.id}/attachments/${up.body.id}`, s.ws.key),
      404,
      'not_found',
    )
    expect(
      (await download(s.ws.key, `/v1/tickets/${other.id}/attachments/${up.body.id}/content`)).status,
    ).toBe(404)
    expectProblem(
      await call('GET', `/v1/tickets/${tk.id}/attachments/nope`, s.ws.key),
      400,
      'validation_failed',
    )
    await store.delete(`${s.ws.workspaceId}/${up.body.id}`)
    expect((await download(s.ws.key, up.body.downloadUrl)).status).toBe(404)
  })
})

describe('createTicketMessage with attachmentIds', () => {
  it('claims uploads of the same ticket; the message, its lists and its event carry their metadata', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const a = await s.up(s.ws.key, tk.id, 'first', 'a.txt')
    const b = await s.up(s.ws.key, tk.id, 'second', 'b.txt')
    const res = await s.message(s.ws.key, tk.id, {
      kind: 'reply',
      body: 'See attached',
      attachmentIds: [b.body.id, a.body.id],
    })
    expect(res.status, res.text).toBe(201)
    const claimed = [a.body, b.body].map((x) => ({ ...x, messageId: res.body.id }))
    expect(res.body.attachments).toEqual(claimed)
    const meta = await call('GET', `/v1/tickets/${tk.id}/attachments/${a.body.id}`, s.ws.key)
    expect(meta.body.messageId).toBe(res.body.id)

    const list = await call('GET', `/v1/tickets/${tk.id}/messages`, s.ws.key)
    expect(list.body.data.at(-1).attachments).toEqual(claimed)
    const embedded = await call('GET', `/v1/tickets/${tk.id}?include=messages`, s.ws.key)
    expect(embedded.body.messages.at(-1).attachments).toEqual(claimed)
    const plain = await s.message(s.ws.key, tk.id, { kind: 'note', body: 'no files' })
    expect(plain.body.attachments).toEqual([])

    const [event] = await t.database.db
      .select()
      .from(events)
      .where(
        and(
          eq(events.resourceId, tk.id),
          eq(events.type, 'ticket.message_created'),
          sql`${events.data}->'message'->>'id' = ${res.body.id}`,
        ),
      )
    expect((event!.data as any).message.attachments).toEqual(claimed)
  })

  it('answers 409 attachment_claimed for one already on a message, 422 attachment_not_found naming the index otherwise', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const other = await s.ticket()
    const a = await s.up(s.ws.key, tk.id)
    const elsewhere = await s.up(s.ws.key, other.id)
    expect(
      (await s.message(s.ws.key, tk.id, { kind: 'note', body: 'x', attachmentIds: [a.body.id] })).status,
    ).toBe(201)
    const again = await s.message(s.ws.key, tk.id, { kind: 'reply', body: 'y', attachmentIds: [a.body.id] })
    expectProblem(again, 409, 'attachment_claimed')
    const fresh = await s.up(s.ws.key, tk.id)
    const wrongTicket = await s.message(s.ws.key, tk.id, {
      kind: 'reply',
      body: 'z',
      attachmentIds: [fresh.body.id, elsewhere.body.id],
    })
    expectProblem(wrongTicket, 422, 'attachment_not_found')
    expect(wrongTicket.body.errors).toEqual([
      { path: 'body.attachmentIds[1]', code: 'attachment_not_found', message: expect.any(String) },
    ])
    const unknown = await s.message(s.ws.key, tk.id, {
      kind: 'reply',
      body: 'z',
      attachmentIds: [newId('att')],
    })
    expectProblem(unknown, 422, 'attachment_not_found')
    // Nothing was written by the refused messages: the fresh upload is still unclaimed.
    const meta = await call('GET', `/v1/tickets/${tk.id}/attachments/${fresh.body.id}`, s.ws.key)
    expect(meta.body.messageId).toBeNull()
    // Another workspace's upload is not found either.
    const foreign = await t.newWorkspace()
    await ensureStatuses(t, foreign.workspaceId)
    const fc = await newContactSession(t, foreign.workspaceId)
    const ft = await call('POST', '/v1/tickets', foreign.key, { subject: 's', requesterId: fc.id })
    const fu = await upload(t, foreign.key, ft.body.id, [['file', file('x'), 'x.txt']])
    expectProblem(
      await s.message(s.ws.key, tk.id, { kind: 'reply', body: 'z', attachmentIds: [fu.body.id] }),
      422,
      'attachment_not_found',
    )
    const many = Array.from({ length: 21 }, () => newId('att'))
    expectProblem(
      await s.message(s.ws.key, tk.id, { kind: 'reply', body: 'z', attachmentIds: many }),
      400,
      'validation_failed',
    )
    expectProblem(
      await s.message(s.ws.key, tk.id, { kind: 'reply', body: 'z', attachmentIds: ['att_nope'] }),
      400,
      'validation_failed',
    )
  })
})

describe('attachments: access', () => {
  it("a contact uploads to its own ticket, claims only its own uploads, never sees a note's or a member's unclaimed upload", async () => {
    const s = await setup()
    const tk = await s.ticket()
    const mine = await s.up(s.contact.key, tk.id, 'from the customer', 'log.txt')
    expect(mine.status, mine.text).toBe(201)
    expect(
      (await call('GET', `/v1/tickets/${tk.id}/attachments/${mine.body.id}`, s.contact.key)).status,
    ).toBe(200)
    const draft = await s.up(s.ws.key, tk.id, 'SECRET draft', 'draft.txt')
    const noted = await s.up(s.ws.key, tk.id, 'SECRET internal', 'internal.txt')
    const replied = await s.up(s.ws.key, tk.id, 'public file', 'answer.txt')
    await s.message(s.ws.key, tk.id, { kind: 'note', body: 'internal', attachmentIds: [noted.body.id] })
    await s.message(s.ws.key, tk.id, { kind: 'reply', body: 'answer', attachmentIds: [replied.body.id] })

    for (const hidden of [draft.body, noted.body]) {
      expectProblem(
        await call('GET', `/v1/tickets/${tk.id}/attachments/${hidden.id}`, s.contact.key),
        404,
        'not_found',
      )
      expect((await download(s.contact.key, hidden.downloadUrl)).status).toBe(404)
    }
    const got = await download(s.contact.key, replied.body.downloadUrl)
    expect(got.status).toBe(200)
    expect(new TextDecoder().decode(got.bytes)).toBe('public file')
    // A member's upload is not found for the contact's message; its own is claimed.
    expectProblem(
      await s.message(s.contact.key, tk.id, { kind: 'reply', body: 'mine', attachmentIds: [draft.body.id] }),
      422,
      'attachment_not_found',
    )
    const own = await s.message(s.contact.key, tk.id, {
      kind: 'reply',
      body: 'mine',
      attachmentIds: [mine.body.id],
    })
    expect(own.status, own.text).toBe(201)
    expect(own.body.attachments.map((a: { id: string }) => a.id)).toEqual([mine.body.id])
    const list = await call('GET', `/v1/tickets/${tk.id}/messages`, s.contact.key)
    expect(list.text).not.toContain('SECRET')
    expect(list.text).not.toContain(noted.body.id)
    const embedded = await call('GET', `/v1/tickets/${tk.id}?include=messages`, s.contact.key)
    expect(embedded.text).not.toContain(noted.body.id)
    // Staff see every attachment.
    expect((await call('GET', `/v1/tickets/${tk.id}/attachments/${noted.body.id}`, s.ws.key)).status).toBe(
      200,
    )
    expect((await call('GET', `/v1/tickets/${tk.id}/attachments/${mine.body.id}`, s.ws.key)).status).toBe(200)
  })

  it("another contact's upload stays its own, even on a ticket both read", async () => {
    const s = await setup()
    const tk = await s.ticket()
    const other = await newContactSession(t, s.ws.workspaceId)
    await call('POST', `/v1/tickets/${tk.id}/participants`, s.ws.key, { type: 'contact', id: other.id })
    const theirs = await s.up(other.key, tk.id, 'cc upload', 'cc.txt')
    expect(theirs.status, theirs.text).toBe(201)
    expectProblem(
      await call('GET', `/v1/tickets/${tk.id}/attachments/${theirs.body.id}`, s.contact.key),
      404,
      'not_found',
    )
    expectProblem(
      await s.message(s.contact.key, tk.id, { kind: 'reply', body: 'x', attachmentIds: [theirs.body.id] }),
      422,
      'attachment_not_found',
    )
  })

  it('security: no credentials 401, another workspace 404, a contact on another ticket 404, wrong role or scope 403, a collaborator uploads, a publishable key gets nothing', async () => {
    const s = await setup()
    const team = await t.newTeam(s.ws.workspaceId)
    const tk = await s.ticket({ teamId: team.id })
    const up = await s.up(s.ws.key, tk.id)
    const meta = `/v1/tickets/${tk.id}/attachments/${up.body.id}`

    expectProblem(await s.up(undefined, tk.id), 401, 'unauthorized')
    expectProblem(await call('GET', meta, undefined), 401, 'unauthorized')
    expect((await download(undefined, `${meta}/content`)).status).toBe(401)

    const foreign = await t.newWorkspace()
    expectProblem(await s.up(foreign.key, tk.id), 404, 'not_found')
    expectProblem(await call('GET', meta, foreign.key), 404, 'not_found')
    expect((await download(foreign.key, `${meta}/content`)).status).toBe(404)

    const stranger = await newContactSession(t, s.ws.workspaceId)
    expectProblem(await s.up(stranger.key, tk.id), 404, 'not_found')
    expectProblem(await call('GET', meta, stranger.key), 404, 'not_found')

    // Team B's agent reads nothing of team A's ticket.
    const otherTeam = await t.newTeam(s.ws.workspaceId)
    const outsider = await t.newMember(s.ws.workspaceId, { teamIds: [otherTeam.id as TeamId] })
    expectProblem(await s.up(outsider.key, tk.id), 404, 'not_found')
    expectProblem(await call('GET', meta, outsider.key), 404, 'not_found')

    // A collaborator of the team notes, so it uploads; a viewer reads but writes nothing.
    const collaborator = await t.newMember(s.ws.workspaceId, {
      roles: [{ role: 'collaborator' }],
      teamIds: [team.id as TeamId],
    })
    expect((await s.up(collaborator.key, tk.id)).status).toBe(201)
    const viewer = await t.newMember(s.ws.workspaceId, { roles: [{ role: 'viewer' }] })
    expect((await call('GET', meta, viewer.key)).status).toBe(200)
    const denied = await s.up(viewer.key, tk.id)
    expectProblem(denied, 403, 'forbidden')
    expect(denied.body.missingPermission).toBe('tickets.reply')

    // A read-only key downloads but uploads nothing.
    const reader = await t.newMember(s.ws.workspaceId, {
      roles: [{ role: 'admin' }],
      scopes: ['tickets:read'],
    })
    expect((await download(reader.key, `${meta}/content`)).status).toBe(200)
    const scoped = await s.up(reader.key, tk.id)
    expectProblem(scoped, 403, 'forbidden')
    expect(scoped.body.missingScope).toBe('tickets:write')

    const origin = 'https://attachments-visitors.test'
    const profile = await call('POST', '/v1/widget-profiles', s.ws.key, {
      name: 'Widget',
      environment: 'production',
      allowedOrigins: [origin],
    })
    expect(profile.status, profile.text).toBe(201)
    const visitor = await t.request('GET', meta, {
      key: profile.body.publishableKey,
      headers: { origin },
    })
    expectProblem(visitor, 404, 'not_found')
    const body = await multipart([['file', file('x'), 'x.txt']])
    const visitorUpload = await t.request('POST', `/v1/tickets/${tk.id}/attachments`, {
      key: profile.body.publishableKey,
      rawBody: body.bytes,
      headers: { 'content-type': body.type, origin },
    })
    expectProblem(visitorUpload, 404, 'not_found')
  })
})

describe('the cleanup of unclaimed uploads', () => {
  it('deletes uploads no message claimed within 24 hours, bytes and row; claimed and recent ones stay', async () => {
    const s = await setup()
    const tk = await s.ticket()
    const stale = await s.up(s.ws.key, tk.id, 'stale')
    const kept = await s.up(s.ws.key, tk.id, 'claimed')
    const recent = await s.up(s.ws.key, tk.id, 'recent')
    await s.message(s.ws.key, tk.id, { kind: 'reply', body: 'x', attachmentIds: [kept.body.id] })
    const dayAgo = sql`now() - interval '25 hours'`
    for (const id of [stale.body.id, kept.body.id]) {
      await t.database.db
        .update(ticketAttachments)
        .set({ createdAt: dayAgo })
        .where(eq(ticketAttachments.id, id))
    }
    expect(await deleteStaleAttachments(t.database.db, store)).toBeGreaterThanOrEqual(1)
    const ids = (
      await t.database.db
        .select({ id: ticketAttachments.id })
        .from(ticketAttachments)
        .where(eq(ticketAttachments.ticketId, tk.id))
    ).map((r) => r.id)
    expect(ids.sort()).toEqual([kept.body.id, recent.body.id].sort())
    expect(await store.get(`${s.ws.workspaceId}/${stale.body.id}`)).toBeUndefined()
    expect(await store.get(`${s.ws.workspaceId}/${kept.body.id}`)).toBeDefined()
    expectProblem(
      await call('GET', `/v1/tickets/${tk.id}/attachments/${stale.body.id}`, s.ws.key),
      404,
      'not_found',
    )
    // A day later still, the recent one goes too.
    const later = new Date(Date.now() + 25 * 3_600_000)
    expect(await deleteStaleAttachments(t.database.db, store, later)).toBeGreaterThanOrEqual(1)
    expect(await store.get(`${s.ws.workspaceId}/${recent.body.id}`)).toBeUndefined()
  })
})
