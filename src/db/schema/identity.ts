import { sql } from 'drizzle-orm'
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { workspaces } from './workspaces'

export const memberRoles = ['owner', 'admin', 'supervisor', 'agent', 'collaborator', 'viewer'] as const
export type MemberRole = (typeof memberRoles)[number]

export const members = pgTable(
  'members',
  {
    id: typeId('mbr', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<MemberRole>().notNull(),
    passwordHash: text('password_hash'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('members_workspace_email_key').on(t.workspaceId, sql`lower(${t.email})`)],
)

export const apiKeys = pgTable(
  'api_keys',
  {
    id: typeId('ak', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The member the key acts for: it can never do more than they can. */
    memberId: typeId('mbr', 'member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first 12 characters of the key: shown to recognise it, and the lookup column. */
    start: text('start').notNull(),
    /** Hex SHA-256 of the whole key. The key itself is never stored. */
    secretHash: text('secret_hash').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at'),
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('api_keys_start_idx').on(t.start),
    index('api_keys_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('api_keys_workspace_name_idx').on(t.workspaceId, t.name, t.id),
  ],
)
