import { boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import type { TicketPriority, TicketStatusCategory } from './ticket-setup'
import { workspaces } from './workspaces'

export const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const
export type Weekday = (typeof weekdays)[number]

/** One opening interval of a weekday, wall-clock `HH:MM` in the schedule's zone, `start < end` (`end` may be `24:00`); a night shift is two intervals, joined across midnight. */
export interface OpeningInterval {
  day: Weekday
  start: string
  end: string
}
export interface Holiday {
  date: string
  name?: string
}
/** A one-off date: closed (`intervals` empty or absent with `closed`), or open with other hours that day. */
export interface HoursOverride {
  date: string
  closed?: boolean
  intervals?: Array<{ start: string; end: string }>
  name?: string
}

/** `/v1/business-hours`: a time zone, weekly opening intervals (any number per day), holidays and overrides. */
export const businessHours = pgTable(
  'business_hours',
  {
    id: typeId('bh', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** An IANA zone (`Europe/Berlin`). */
    timeZone: text('time_zone').notNull(),
    intervals: jsonb('intervals').$type<OpeningInterval[]>().notNull().default([]),
    holidays: jsonb('holidays').$type<Holiday[]>().notNull().default([]),
    overrides: jsonb('overrides').$type<HoursOverride[]>().notNull().default([]),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('business_hours_workspace_idx').on(t.workspaceId, t.createdAt, t.id)],
)

export const slaMetrics = ['first_response', 'next_response', 'resolution'] as const
export type SlaMetric = (typeof slaMetrics)[number]
export const slaClockStatuses = ['active', 'paused', 'achieved', 'breached'] as const
export type SlaClockStatus = (typeof slaClockStatuses)[number]

/** Minutes per metric for one priority. */
export interface SlaTargets {
  firstResponse?: number
  nextResponse?: number
  resolution?: number
}
/** What happens on a warning or a breach. */
export type SlaEscalationAction =
  | { type: 'notify'; memberIds?: string[]; teamId?: string; assignee?: boolean }
  | { type: 'reassign_team'; teamId: string }
  | { type: 'raise_priority'; priority?: TicketPriority }
  | { type: 'add_tag'; tag: string }
  | { type: 'webhook_event' }
export interface SlaEscalation {
  on: 'warning' | 'breach'
  metrics?: SlaMetric[]
  actions: SlaEscalationAction[]
}

/** `/v1/sla-policies`: ordered by `position` (first match wins), conditions in the one condition language. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: typeId('sla', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    active: boolean('active').notNull().default(true),
    /** A condition (`src/conditions/`) over tickets; `{}` matches every ticket. */
    conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull().default({}),
    /** Null: calendar time (24×7). */
    businessHoursId: typeId('bh', 'business_hours_id').references(() => businessHours.id),
    targets: jsonb('targets').$type<Partial<Record<TicketPriority, SlaTargets>>>().notNull().default({}),
    warnBeforeMinutes: integer('warn_before_minutes'),
    /** Which status categories pause which metric (default: pending and on_hold pause resolution). */
    pauseOn: jsonb('pause_on')
      .$type<Partial<Record<SlaMetric, TicketStatusCategory[]>>>()
      .notNull()
      .default({ resolution: ['pending', 'on_hold'] }),
    escalations: jsonb('escalations').$type<SlaEscalation[]>().notNull().default([]),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('sla_policies_workspace_position_idx').on(t.workspaceId, t.position, t.id)],
)
