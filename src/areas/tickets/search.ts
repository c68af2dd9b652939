import { sql } from 'drizzle-orm'
import { filterFor } from '../../authz/guard'
import type { ServiceContext } from '../../context/service'
import { queryRows } from '../../db/database'
import { ticketMessages, tickets } from '../../db/schema/tickets'
import { idToUuid, uuidToId } from '../../ids'
import { headlineOptions, type SearchSource } from '../../search/sources'

/**
 * Notes are internal: staff (members, and API keys acting for one) who read a ticket read its notes; a contact
 * reads its tickets' replies only (and visitors read no ticket at all).
 */
const readsNotes = (ctx: ServiceContext) => ctx.actor.type === 'member' || ctx.actor.type === 'api_key'

/**
 * Tickets in `GET /v1/search?types=tickets`: those the caller may read (the `Ticket` read rule compiled to SQL:
 * an agent its teams' and its own, a contact its own and its organisation's when shared), matched and ranked
 * over the subject (weight `A`, like a post's title), the best `limit` with a highlighted subject.
 */
export const ticketSearch: SearchSource = {
  type: 'tickets',
  async search(ctx, { tsquery, limit }) {
    const read = await filterFor(ctx, 'read', 'Ticket')
    if (read.none) return undefined
    const rows = await queryRows<{ id: string; title: string; snippet: string; rank: number }>(
      ctx.db,
      sql`
        with hits as (
          select ${tickets.id} as id, ts_rank_cd(${tickets.search}, ${tsquery}) as rank
          from ${tickets}
          where ${tickets.workspaceId} = ${idToUuid(ctx.workspaceId)}::uuid
            and ${tickets.search} @@ ${tsquery} and ${read.where}
          order by rank desc, id
          limit ${limit}
        )
        select hits.id, t.subject as title, hits.rank,
          ts_headline('english', t.subject, ${tsquery}, ${headlineOptions}) as snippet
        from hits join ${tickets} t on t.id = hits.id
        order by hits.rank desc, hits.id`,
    )
    return rows.map((r) => {
      const id = uuidToId('tkt', r.id)
      return {
        type: 'ticket',
        id,
        postId: null,
        ticketId: id,
        title: r.title,
        snippet: r.snippet,
        rank: Number(r.rank),
      }
    })
  },
}

/**
 * Ticket messages in `GET /v1/search?types=messages`: bodies (weight `B`, like a post's body) of messages on
 * tickets the caller may read; notes only for staff, never for a contact. Each hit names its ticket
 * (`ticketId`) and carries the ticket's subject as its title.
 */
export const ticketMessageSearch: SearchSource = {
  type: 'messages',
  async search(ctx, { tsquery, limit }) {
    const read = await filterFor(ctx, 'read', 'Ticket')
    if (read.none) return undefined
    const rows = await queryRows<{
      id: string
      ticket_id: string
      title: string
      snippet: string
      rank: number
    }>(
      ctx.db,
      sql`
        with hits as (
          select ${ticketMessages.id} as id, ${ticketMessages.ticketId} as ticket_id,
            ts_rank_cd(${ticketMessages.search}, ${tsquery}) as rank
          from ${ticketMessages} join ${tickets} on ${tickets.id} = ${ticketMessages.ticketId}
          where ${ticketMessages.workspaceId} = ${idToUuid(ctx.workspaceId)}::uuid
            and ${ticketMessages.search} @@ ${tsquery}
            ${readsNotes(ctx) ? sql`` : sql`and ${ticketMessages.kind} = 'reply'`}
            and ${read.where}
          order by rank desc, id
          limit ${limit}
        )
        select hits.id, hits.ticket_id, t.subject as title, hits.rank,
          ts_headline('english', m.body, ${tsquery}, ${headlineOptions}) as snippet
        from hits
        join ${ticketMessages} m on m.id = hits.id
        join ${tickets} t on t.id = hits.ticket_id
        order by hits.rank desc, hits.id`,
    )
    return rows.map((r) => ({
      type: 'ticket_message',
      id: uuidToId('msg', r.id),
      postId: null,
      ticketId: uuidToId('tkt', r.ticket_id),
      title: r.title,
      snippet: r.snippet,
      rank: Number(r.rank),
    }))
  },
}
