import { and, asc, count, eq, isNull, sql } from 'drizzle-orm'
import { type ServiceContext, transaction } from '../../context/service'
import type { Db } from '../../db/database'
import { contacts, members } from '../../db/schema'
import { ticketParticipants } from '../../db/schema/tickets'
import { emit } from '../../events/emit'
import { ApiError, notFound } from '../../http/errors'
import type { ContactId, MemberId, TicketId } from '../../ids'
import {
  getTicketOrThrow,
  lockTicket,
  recordActivity,
  type TicketRow,
  warmTicketFilters,
} from './service/tickets'

export type TicketParticipantRow = typeof ticketParticipants.$inferSelect

/** A participant as clients see it: a CC contact or a follower member. */
export const toTicketParticipant = (p: TicketParticipantRow) =>
  p.contactId
    ? {
        type: 'contact' as const,
        id: p.contactId as string,
        role: 'cc' as const,
        createdAt: p.createdAt.toISOString(),
      }
    : {
        type: 'member' as const,
        id: p.memberId as string,
        role: 'follower' as const,
        createdAt: p.createdAt.toISOString(),
      }

export type TicketParticipantView = ReturnType<typeof toTicketParticipant>

/** Participants added to one ticket at most (a merge may bring more). */
export const maxTicketParticipants = 100
/** What a list answers at most (the spec's `maxItems`). */
const listCap = 1000

const roleOf = { contact: 'cc', member: 'follower' } as const

/** Participants and links are staff matters: a contact reads the conversation, not who follows it. */
export function assertStaff(ctx: ServiceContext, what: string): void {
  if (ctx.actor.type !== 'member' && ctx.actor.type !== 'api_key') {
    throw new ApiError('forbidden', `Only members and API keys see or change a ticket's ${what}`)
  }
}

/**
 * A contact's portal view follows its CC tickets (`ContactActor.ccTicketIds`), cached by its authz version:
 * bump it in the transaction that adds or removes it.
 */
export async function bumpContactAuthz(tx: Db, contactIds: string[]): Promise<void> {
  for (const id of new Set(contactIds)) {
    await tx
      .update(contacts)
      .set({ authzVersion: sql`${contacts.authzVersion} + 1` })
      .where(eq(contacts.id, id as ContactId))
  }
}

export const ticketRef = (t: TicketRow) => ({ id: t.id as string, number: t.number })

/** The participants of a ticket the caller may read (staff only), oldest first. */
export async function listTicketParticipants(ctx: ServiceContext, ticketId: TicketId) {
  const ticket = await getTicketOrThrow(ctx, ticketId)
  assertStaff(ctx, 'participants')
  return ctx.db
    .select()
    .from(ticketParticipants)
    .where(
      and(eq(ticketParticipants.workspaceId, ctx.workspaceId), eq(ticketParticipants.ticketId, ticket.id)),
    )
    .orderBy(
      asc(ticketParticipants.createdAt),
      asc(ticketParticipants.contactId),
      asc(ticketParticipants.memberId),
    )
    .limit(listCap)
}

const personMissing = (type: 'contact' | 'member', id: string) =>
  new ApiError('ticket_participant_not_found', `body.id: no ${type} ${id} in this workspace`, {
    errors: [
      {
        path: 'body.id',
        code: 'ticket_participant_not_found',
        message: `no ${type} ${id} in this workspace`,
      },
    ],
  })

/** CC a contact (it may then read the ticket's replies and reply) or add a member as a follower. */
export async function addTicketParticipant(
  ctx: ServiceContext,
  ticketId: TicketId,
  input: { type: 'contact' | 'member'; id: string; role?: 'cc' | 'follower' },
): Promise<TicketParticipantRow> {
  if (input.role !== undefined && input.role !== roleOf[input.type]) {
    throw new ApiError(
      'ticket_participant_role_invalid',
      `body.role: a ${input.type} participates as ${roleOf[input.type]}, not ${input.role}`,
      {
        errors: [
          {
            path: 'body.role',
            code: 'ticket_participant_role_invalid',
            message: `must be ${roleOf[input.type]} for a ${input.type}`,
          },
        ],
      },
    )
  }
  const prefix = input.type === 'contact' ? 'ct_' : 'mbr_'
  if (!input.id.startsWith(prefix)) {
    throw new ApiError('validation_failed', `body.id: must be a ${input.type} id (${prefix}…)`, {
      errors: [
        { path: 'body.id', code: 'invalid_string', message: `must be a ${input.type} id (${prefix}…)` },
      ],
    })
  }
  await warmTicketFilters(ctx)
  return transaction(ctx, async (tx) => {
    const ticket = await lockTicket(ctx, tx, ticketId, 'update')
    if (input.type === 'contact') {
      const [row] = await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(
          and(
            eq(contacts.workspaceId, ctx.workspaceId),
            eq(contacts.id, input.id as ContactId),
            isNull(contacts.mergedIntoId),
          ),
        )
      if (!row) throw personMissing('contact', input.id)
    } else {
      const [row] = await tx
        .select({ id: members.id })
        .from(members)
        .where(
          and(
            eq(members.workspaceId, ctx.workspaceId),
            eq(members.id, input.id as MemberId),
            eq(members.status, 'active'),
          ),
        )
      if (!row) throw personMissing('member', input.id)
    }
    const [counted] = await tx
      .select({ n: count() })
      .from(ticketParticipants)
      .where(eq(ticketParticipants.ticketId, ticket.id))
    if ((counted?.n ?? 0) >= maxTicketParticipants) {
      throw new ApiError(
        'ticket_participants_limit',
        `Ticket ${ticket.id} has ${maxTicketParticipants} participants, the most it may have`,
      )
    }
    const [row] = await tx
      .insert(ticketParticipants)
      .values({
        workspaceId: ctx.workspaceId,
        ticketId: ticket.id,
        contactId: input.type === 'contact' ? (input.id as ContactId) : null,
        memberId: input.type === 'member' ? (input.id as MemberId) : null,
        createdAt: new Date(),
      })
      .onConflictDoNothing()
      .returning()
    if (!row) {
      throw new ApiError(
        'ticket_participant_exists',
        `${input.id} is a participant of ticket ${ticket.id} already`,
      )
    }
    if (row.contactId) await bumpContactAuthz(tx, [row.contactId])
    const participant = toTicketParticipant(row)
    await recordActivity(ctx, tx, ticket.id, [
      { field: 'participant_added', before: null, after: participant },
    ])
    await emit(tx, ctx, {
      type: 'ticket.participant_added',
      resourceId: ticket.id,
      data: { ticket: ticketRef(ticket), participant },
    })
    return row
  })
}

/** Remove a CC contact or a follower (by its contact or member id); 404 when it is none. */
export async function removeTicketParticipant(
  ctx: ServiceContext,
  ticketId: TicketId,
  participantId: string,
): Promise<void> {
  await warmTicketFilters(ctx)
  await transaction(ctx, async (tx) => {
    const ticket = await lockTicket(ctx, tx, ticketId, 'update')
    const [row] = await tx
      .delete(ticketParticipants)
      .where(
        and(
          eq(ticketParticipants.ticketId, ticket.id),
          participantId.startsWith('ct_')
            ? eq(ticketParticipants.contactId, participantId as ContactId)
            : eq(ticketParticipants.memberId, participantId as MemberId),
        ),
      )
      .returning()
    if (!row) throw notFound('Participant')
    if (row.contactId) await bumpContactAuthz(tx, [row.contactId])
    const participant = toTicketParticipant(row)
    await recordActivity(ctx, tx, ticket.id, [
      { field: 'participant_removed', before: participant, after: null },
    ])
    await emit(tx, ctx, {
      type: 'ticket.participant_removed',
      resourceId: ticket.id,
      data: { ticket: ticketRef(ticket), participant },
    })
  })
}
