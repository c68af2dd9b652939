import { createServer, type IncomingMessage } from 'node:http'
import postgres from 'postgres'
import { encodeCursor } from '../../../src/http/pagination'
import { idToUuid, newId, uuidToId } from '../../../src/ids'
import { runServer } from '../child'

/**
 * The raw-SQL ceilings of the tickets bench (test/bench/tickets.ts): a bare node:http server running each
 * measured operation's SQL straight through postgres.js (prepared statements, as our server sends them), with no
 * authentication, validation or policy evaluation, answering the same kind of JSON:
 *   GET  /list     open tickets of the agent's teams (or assigned to it), newest update first, 50 and a cursor
 *   GET  /ticket   one ticket (under the same predicate) and its last 20 messages, notes included (staff)
 *   GET  /counts   10 view-like predicates counted in one statement under the agent's predicate (`?ids=`: the
 *                  views' ids to answer them by)
 *   POST /tickets  number bumped, then one transaction: the ticket, its outbox event and its audit row
 *   POST /messages one transaction: the message, the ticket's counters and times, event and audit row
 *                  (`?ticket=`: the ticket's uuid; the bench spreads replies over many)
 * Started by tickets.ts with its settings in TICKETS_RAW (JSON).
 */
const spec = JSON.parse(process.env.TICKETS_RAW ?? '{}') as {
  url: string
  poolSize: number
  secret: string
  workspaceUuid: string
  agentUuid: string
  agentId: string
  teamUuids: string[]
  ticketUuid: string
  replyTicketUuids: string[]
  requesterUuid: string
  newStatusUuid: string
}

const ticketColumns = `"id", "number", "subject", "status_id", "status_category", "priority", "type_id", "requester_id", "organization_id", "assignee_id", "team_id", "inbox_id", "tags", "custom_fields", "external_id", "source", "merged_into_id", "snoozed_until", "first_response_at", "solved_at", "closed_at", "last_customer_message_at", "last_agent_message_at", "message_count", "created_at", "updated_at", "version"`
const messageColumns = `"id", "ticket_id", "kind", "body", "author_type", "author_id", "source", "created_at", "updated_at"`
/** Each message's attachments as one JSON column, as the area reads them (src/areas/tickets/attachments.ts). */
const attachmentsColumn = `(select coalesce(json_agg(json_build_object(
    'id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size, 'createdAt', a.created_at
  ) order by a.created_at, a.id), '[]'::json) from ticket_attachments a where a.message_id = "ticket_messages"."id") as "attachments"`
/** What the policy lets a team-limited agent read: its teams' tickets and those assigned to it. */
const readable = `("tickets"."team_id" = any($2::uuid[]) or "tickets"."assignee_id" = $3::uuid)`

const listSql = `select ${ticketColumns} from "tickets" where "tickets"."workspace_id" = $1::uuid and "tickets"."status_category" = 'open' and ${readable} order by "tickets"."updated_at" desc, "tickets"."id" desc limit $4`
const ticketSql = `select ${ticketColumns} from "tickets" where "tickets"."workspace_id" = $1::uuid and "tickets"."id" = $4::uuid and ${readable}`
const messagesSql = `select ${messageColumns}, ${attachmentsColumn} from "ticket_messages" where "ticket_messages"."ticket_id" = $1::uuid order by "ticket_messages"."created_at" desc, "ticket_messages"."id" desc limit 20`
/** Ten predicates an agent's sidebar would show, counted in one pass over the readable tickets. */
const VIEW_PREDICATES = [
  `status_category = 'new'`,
  `status_category = 'open' and priority in ('high', 'urgent')`,
  `assignee_id is null and status_category in ('new', 'open')`,
  `assignee_id = $3::uuid and status_category not in ('solved', 'closed')`,
  `status_category = 'pending'`,
  `status_category = 'on_hold'`,
  `'vip' = any(tags) and status_category not in ('solved', 'closed')`,
  `priority = 'urgent' and status_category not in ('solved', 'closed')`,
  `status_category = 'open' and updated_at < now() - interval '4 hours'`,
  `status_category = 'solved' and solved_at > now() - interval '7 days'`,
]
const countsSql = `select ${VIEW_PREDICATES.map((p, i) => `count(*) filter (where ${p})::int as v${i}`).join(', ')} from "tickets" where "tickets"."workspace_id" = $1::uuid and ${readable}`

const bumpSql = `update "ticket_counters" set "last_number" = "last_number" + 1 where "workspace_id" = $1::uuid returning "last_number"`
const insertTicketSql = `insert into "tickets" ("id", "workspace_id", "number", "subject", "status_id", "status_category", "priority", "requester_id", "team_id", "source") values ($1::uuid, $2::uuid, $3, $4, $5::uuid, 'new', 'normal', $6::uuid, $7::uuid, 'api') returning ${ticketColumns}`
const insertEventSql = `insert into "events" ("id", "workspace_id", "type", "actor_type", "actor_id", "resource_type", "resource_id", "data") values ($1::uuid, $2::uuid, $3, 'api_key', $4, 'ticket', $5, $6::jsonb)`
const insertAuditSql = `insert into "audit_entries" ("id", "workspace_id", "actor_type", "actor_id", "actor_member_id", "type", "event_id", "resource_type", "resource_id", "changes") values ($1::uuid, $2::uuid, 'api_key', $3, $4::uuid, $5, $6::uuid, 'ticket', $7, $8::jsonb)`
const insertMessageSql = `insert into "ticket_messages" ("id", "workspace_id", "ticket_id", "kind", "body", "author_type", "author_id", "source") values ($1::uuid, $2::uuid, $3::uuid, 'reply', $4, 'member', $5, 'api') returning ${messageColumns}`
const touchTicketSql = `update "tickets" set "message_count" = "message_count" + 1, "last_agent_message_at" = now(), "first_response_at" = coalesce("first_response_at", now()), "updated_at" = now(), "version" = "version" + 1 where "id" = $1::uuid and "workspace_id" = $2::uuid`

type Row = Record<string, unknown>
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null)
const ref = <P extends Parameters<typeof uuidToId>[0]>(prefix: P, v: unknown) =>
  typeof v === 'string' ? uuidToId(prefix, v) : null

const toTicket = (t: Row) => ({
  id: uuidToId('tkt', t.id as string),
  number: Number(t.number),
  subject: t.subject,
  statusId: ref('tst', t.status_id),
  statusCategory: t.status_category,
  priority: t.priority,
  typeId: ref('ttyp', t.type_id),
  requesterId: ref('ct', t.requester_id),
  organizationId: ref('org', t.organization_id),
  assigneeId: ref('mbr', t.assignee_id),
  teamId: ref('team', t.team_id),
  inboxId: ref('ibx', t.inbox_id),
  tags: t.tags,
  customFields: t.custom_fields,
  externalId: t.external_id,
  source: t.source,
  mergedIntoId: ref('tkt', t.merged_into_id),
  snoozedUntil: iso(t.snoozed_until),
  firstResponseAt: iso(t.first_response_at),
  solvedAt: iso(t.solved_at),
  closedAt: iso(t.closed_at),
  lastCustomerMessageAt: iso(t.last_customer_message_at),
  lastAgentMessageAt: iso(t.last_agent_message_at),
  messageCount: t.message_count,
  createdAt: iso(t.created_at),
  updatedAt: iso(t.updated_at),
})
const toMessage = (m: Row) => {
  const id = uuidToId('msg', m.id as string)
  const ticketId = uuidToId('tkt', m.ticket_id as string)
  return {
    id,
    ticketId,
    kind: m.kind,
    body: m.body,
    authorType: m.author_type,
    authorId: m.author_id,
    source: m.source,
    attachments: ((m.attachments ?? []) as Array<Record<string, string>>).map((a) => {
      const attachmentId = uuidToId('att', a.id as string)
      return {
        id: attachmentId,
        ticketId,
        messageId: id,
        filename: a.filename,
        contentType: a.contentType,
        size: Number(a.size),
        createdAt: new Date(a.createdAt as string).toISOString(),
        downloadUrl: `/v1/tickets/${ticketId}/attachments/${attachmentId}/content`,
      }
    }),
    createdAt: iso(m.created_at),
  }
}

const sql = postgres(spec.url, { max: spec.poolSize, onnotice: () => {} })
const prepared = { prepare: true }
const ws = spec.workspaceUuid
const scope = [ws, spec.teamUuids, spec.agentUuid]
const LIMIT = 50

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {}
}

/** The event and audit rows of a change, as `emit` writes them. */
async function emitRows(tx: postgres.TransactionSql, type: string, resourceId: string, data: unknown) {
  const eventUuid = idToUuid(newId('evt'))
  await tx.unsafe(
    insertEventSql,
    [eventUuid, ws, type, spec.agentId, resourceId, JSON.stringify(data)],
    prepared,
  )
  await tx.unsafe(
    insertAuditSql,
    [idToUuid(newId('aud')), ws, spec.agentId, spec.agentUuid, type, eventUuid, resourceId, '{}'],
    prepared,
  )
}

async function answer(req: IncomingMessage): Promise<[number, unknown] | undefined> {
  const url = new URL(req.url ?? '/', 'http://raw')
  switch (`${req.method} ${url.pathname}`) {
    case 'GET /list': {
      const rows = await sql.unsafe<Row[]>(listSql, [...scope, LIMIT + 1], prepared)
      const page = rows.slice(0, LIMIT)
      const last = page.at(-1)
      const nextCursor =
        rows.length > LIMIT && last
          ? encodeCursor(spec.secret, {
              s: '-updatedAt',
              v: iso(last.updated_at) ?? '',
              id: uuidToId('tkt', String(last.id)),
            })
          : null
      return [200, { data: page.map(toTicket), nextCursor }]
    }
    case 'GET /ticket': {
      const [ticket] = await sql.unsafe<Row[]>(ticketSql, [...scope, spec.ticketUuid], prepared)
      if (!ticket) return [404, { code: 'not_found' }]
      const messages = await sql.unsafe<Row[]>(messagesSql, [spec.ticketUuid], prepared)
      return [200, { ...toTicket(ticket), messages: messages.reverse().map(toMessage) }]
    }
    case 'GET /counts': {
      const [row] = await sql.unsafe<Row[]>(countsSql, scope, prepared)
      // The views' ids, in the predicates' order, when the bench passes them (`?ids=`), as ours answers them.
      const ids = url.searchParams.get('ids')?.split(',')
      return [
        200,
        { data: VIEW_PREDICATES.map((_, i) => ({ viewId: ids?.[i] || `v${i}`, count: row?.[`v${i}`] })) },
      ]
    }
    case 'POST /tickets': {
      const body = await readBody(req)
      const [counter] = await sql.unsafe<Row[]>(bumpSql, [ws], prepared)
      const ticket = await sql.begin(async (tx) => {
        const [row] = await tx.unsafe<Row[]>(
          insertTicketSql,
          [
            idToUuid(newId('tkt')),
            ws,
            String(counter?.last_number),
            String(body.subject),
            spec.newStatusUuid,
            spec.requesterUuid,
            spec.teamUuids[0] ?? null,
          ],
          prepared,
        )
        const shaped = toTicket(row as Row)
        await emitRows(tx, 'ticket.created', shaped.id, shaped)
        return shaped
      })
      return [201, ticket]
    }
    case 'POST /messages': {
      const body = await readBody(req)
      const ticketUuid = url.searchParams.get('ticket') ?? spec.ticketUuid
      const message = await sql.begin(async (tx) => {
        const [row] = await tx.unsafe<Row[]>(
          insertMessageSql,
          [idToUuid(newId('msg')), ws, ticketUuid, String(body.body), spec.agentId],
          prepared,
        )
        await tx.unsafe(touchTicketSql, [ticketUuid, ws], prepared)
        const shaped = toMessage(row as Row)
        await emitRows(tx, 'ticket.message_created', shaped.ticketId, shaped)
        return shaped
      })
      return [201, message]
    }
  }
  return undefined
}

const server = createServer(async (req, res) => {
  try {
    const result = await answer(req)
    if (!result) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(result[0], { 'content-type': 'application/json' })
    res.end(JSON.stringify(result[1]))
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
  }
})
server.listen(0, '127.0.0.1')
runServer(server, () => sql.end({ timeout: 5 }))
