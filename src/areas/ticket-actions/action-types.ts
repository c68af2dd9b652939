import { z } from '@hono/zod-openapi'
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from '../../db/database'
import { members, teams } from '../../db/schema'
import { ticketStatuses } from '../../db/schema/ticket-setup'
import { ticketPriorities } from '../../db/schema/tickets'
import type { FieldError } from '../../http/errors'
import { idPattern, type WorkspaceId } from '../../ids'

/**
 * The conversation actions, by type, with the parameters each takes. One list serves the REST operations
 * (`assignTicket`, `snoozeTicket`, …), bulk updates and macros: a macro's `actions` are checked against it when
 * the macro is saved, and its references (statuses, members, teams) again when it is applied.
 */
const memberId = z.string().regex(idPattern('mbr'), 'must be a member id (mbr_…)')
const teamId = z.string().regex(idPattern('team'), 'must be a team id (team_…)')
const statusId = z.string().regex(idPattern('tst'), 'must be a ticket status id (tst_…)')
/** A tag, as a ticket's `tags` hold it (1–100 characters, no control characters or commas). */
const tag = z
  .string()
  .min(1)
  .max(100)
  .refine((v) => ![...v].some((ch) => ch === ',' || ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127), {
    message: 'must not contain control characters or commas',
  })
const tags = z.array(tag).min(1).max(50)
const body = z.string().trim().min(1).max(65_536)
/** Snoozing is for at most a year. */
export const maxSnoozeMinutes = 525_600

export const actionParams = {
  assign: z
    .strictObject({ assigneeId: memberId.nullable().optional(), teamId: teamId.nullable().optional() })
    .refine((p) => p.assigneeId !== undefined || p.teamId !== undefined, {
      message: 'needs assigneeId or teamId',
    }),
  take: z.strictObject({}),
  return: z.strictObject({}),
  set_status: z.strictObject({ statusId }),
  set_priority: z.strictObject({ priority: z.enum(ticketPriorities) }),
  add_tags: z.strictObject({ tags }),
  remove_tags: z.strictObject({ tags }),
  snooze: z
    .strictObject({
      until: z.iso.datetime({ offset: true }).optional(),
      minutes: z.number().int().min(1).max(maxSnoozeMinutes).optional(),
    })
    .refine((p) => (p.until === undefined) !== (p.minutes === undefined), {
      message: 'needs exactly one of until or minutes',
    }),
  reply: z.strictObject({ body }),
  note: z.strictObject({ body }),
  mark_read: z.strictObject({}),
} as const

export type ActionType = keyof typeof actionParams
export const actionTypes = Object.keys(actionParams) as ActionType[]
export type ActionParams<T extends ActionType> = z.output<(typeof actionParams)[T]>

/** One checked action: its type and parsed parameters. */
export type ConversationAction = { [T in ActionType]: { type: T } & ActionParams<T> }[ActionType]

/** The variables a reply or note template may use (`{{ticket.number}}`, …). */
export const templateVariables = [
  'ticket.number',
  'ticket.subject',
  'requester.name',
  'requester.email',
  'organization.name',
  'agent.name',
] as const
export type TemplateVariable = (typeof templateVariables)[number]

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g

/** The unknown variables a template names (`{{ ticket.secret }}`), in order of appearance. */
export function unknownVariables(template: string): string[] {
  const unknown: string[] = []
  for (const match of template.matchAll(placeholder)) {
    const name = match[1] ?? ''
    if (!(templateVariables as readonly string[]).includes(name) && !unknown.includes(name))
      unknown.push(name)
  }
  return unknown
}

/**
 * Fill a template's `{{variable}}` placeholders. Values are inserted as they are (the body is Markdown and is
 * sanitised when rendered); a variable without a value (no organisation) is rendered empty. Templates are
 * checked when saved, so an unknown name never reaches here, and is rendered empty if it does.
 */
export function renderTemplate(template: string, values: Partial<Record<TemplateVariable, string | null>>) {
  return template.replace(placeholder, (_, name: string) => values[name as TemplateVariable] ?? '')
}

/**
 * Check a list of actions (a macro's) against the registry: each must be an object whose `type` is known,
 * with the parameters that type takes, and reply and note templates may only use the known variables.
 * Answers the parsed actions, or the errors naming `<at>.<index>[.<param>]`.
 */
export function parseActions(
  input: readonly unknown[],
  at: string,
): { actions: ConversationAction[]; errors: FieldError[] } {
  const actions: ConversationAction[] = []
  const errors: FieldError[] = []
  for (const [index, item] of input.entries()) {
    const path = `${at}.${index}`
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push({ path, code: 'invalid_type', message: 'must be an object with a type' })
      continue
    }
    const { type, ...params } = item as Record<string, unknown>
    if (typeof type !== 'string' || !(type in actionParams)) {
      errors.push({
        path: `${path}.type`,
        code: 'unknown_action',
        message: `must be one of ${actionTypes.join(', ')}`,
      })
      continue
    }
    const parsed = actionParams[type as ActionType].safeParse(params)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.join('.')
        errors.push({
          path: key ? `${path}.${key}` : path,
          code: issue.code === 'unrecognized_keys' ? 'unknown_parameter' : issue.code,
          message:
            issue.code === 'unrecognized_keys' ? `${type} does not take this parameter` : issue.message,
        })
      }
      continue
    }
    const action = { type, ...parsed.data } as ConversationAction
    if (action.type === 'reply' || action.type === 'note') {
      const unknown = unknownVariables(action.body)
      if (unknown.length > 0) {
        errors.push({
          path: `${path}.body`,
          code: 'unknown_variable',
          message: `unknown template variable ${unknown.map((v) => `{{${v}}}`).join(', ')}; known: ${templateVariables.join(', ')}`,
        })
        continue
      }
    }
    actions.push(action)
  }
  return { actions, errors }
}

/**
 * The statuses, members and teams that actions name and that no longer exist in the workspace (an archived
 * status or a deactivated member counts as gone), as errors naming `<at>.<index>.<param>`. Three queries at most.
 */
export async function staleReferences(
  db: Db,
  workspaceId: WorkspaceId,
  actions: readonly ConversationAction[],
  at: string,
): Promise<FieldError[]> {
  const wanted = { status: new Set<string>(), member: new Set<string>(), team: new Set<string>() }
  for (const action of actions) {
    if (action.type === 'set_status') wanted.status.add(action.statusId)
    if (action.type === 'assign') {
      if (action.assigneeId) wanted.member.add(action.assigneeId)
      if (action.teamId) wanted.team.add(action.teamId)
    }
  }
  const found = new Set<string>()
  if (wanted.status.size > 0) {
    const rows = await db
      .select({ id: ticketStatuses.id })
      .from(ticketStatuses)
      .where(
        and(
          eq(ticketStatuses.workspaceId, workspaceId),
          inArray(ticketStatuses.id, [...wanted.status] as never[]),
          isNull(ticketStatuses.archivedAt),
        ),
      )
    for (const row of rows) found.add(row.id)
  }
  if (wanted.member.size > 0) {
    const rows = await db
      .select({ id: members.id })
      .from(members)
      .where(
        and(
          eq(members.workspaceId, workspaceId),
          inArray(members.id, [...wanted.member] as never[]),
          eq(members.status, 'active'),
        ),
      )
    for (const row of rows) found.add(row.id)
  }
  if (wanted.team.size > 0) {
    const rows = await db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, [...wanted.team] as never[])))
    for (const row of rows) found.add(row.id)
  }
  const errors: FieldError[] = []
  for (const [index, action] of actions.entries()) {
    const refs: Array<[string, string | null | undefined, string]> =
      action.type === 'set_status'
        ? [['statusId', action.statusId, 'ticket status']]
        : action.type === 'assign'
          ? [
              ['assigneeId', action.assigneeId, 'active member'],
              ['teamId', action.teamId, 'team'],
            ]
          : []
    for (const [param, id, what] of refs) {
      if (id && !found.has(id)) {
        errors.push({
          path: `${at}.${index}.${param}`,
          code: 'not_found',
          message: `${id} is no ${what} of this workspace`,
        })
      }
    }
  }
  return errors
}
