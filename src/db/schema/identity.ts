import { sql } from 'drizzle-orm'
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { timestamptz, typeId } from '../columns'
import { workspaces } from './workspaces'

export const systemRoleKeys = ['owner', 'admin', 'supervisor', 'agent', 'collaborator', 'viewer'] as const
export type SystemRoleKey = (typeof systemRoleKeys)[number]

export const members = pgTable(
  'members',
  {
    id: typeId('mbr', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** argon2id (PHC string); null until the member sets a password (API-key-only members). */
    passwordHash: text('password_hash'),
    /** `active` or `deactivated`: a deactivated member's sessions and keys stop working. */
    status: text('status').$type<'active' | 'deactivated'>().notNull().default('active'),
    /** `available`, `away` or `offline`: routing's round robin and least-open assignment skip all but available. */
    availability: text('availability')
      .$type<'available' | 'away' | 'offline'>()
      .notNull()
      .default('available'),
    /** Bumped whenever this member's roles or teams change: part of the authorization cache key. */
    authzVersion: integer('authz_version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('members_workspace_email_key').on(t.workspaceId, sql`lower(${t.email})`),
    // Sign-in without a workspace looks a member up by email alone.
    index('members_email_idx').on(sql`lower(${t.email})`),
  ],
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
    /** Scopes (`contacts:read`, `admin`…): the key can do what both its scopes and its member allow. */
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    /** When non-empty, team-scoped resources outside these teams are invisible to the key. */
    teamIds: uuid('team_ids').array().notNull().default(sql`'{}'::uuid[]`),
    inboxIds: uuid('inbox_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** After a rotation the previous secret keeps working until `previousExpiresAt`. */
    previousStart: text('previous_start'),
    previousSecretHash: text('previous_secret_hash'),
    previousExpiresAt: timestamptz('previous_expires_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at'),
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('api_keys_start_idx').on(t.start),
    index('api_keys_previous_start_idx').on(t.previousStart),
    index('api_keys_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('api_keys_workspace_name_idx').on(t.workspaceId, t.name, t.id),
  ],
)

/** Member sessions and contact (portal) sessions: token `<id>.<secret>`, only SHA-256 of the secret stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: typeId('sess', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id').references(() => members.id, { onDelete: 'cascade' }),
    contactId: typeId('ct', 'contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
  },
  (t) => [
    check('sessions_one_subject', sql`(${t.memberId} is null) <> (${t.contactId} is null)`),
    index('sessions_member_idx').on(t.memberId),
    index('sessions_contact_idx').on(t.contactId),
  ],
)

export const invitations = pgTable(
  'invitations',
  {
    id: typeId('inv', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** A system role key, or null when `roleId` names a custom role. */
    systemRole: text('system_role').$type<SystemRoleKey>(),
    roleId: typeId('role', 'role_id').references(() => roles.id, { onDelete: 'cascade' }),
    teamIds: uuid('team_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** SHA-256 of the invitation token; the token is shown once, at creation. */
    tokenHash: text('token_hash').notNull(),
    invitedBy: typeId('mbr', 'invited_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    acceptedAt: timestamptz('accepted_at'),
    acceptedMemberId: typeId('mbr', 'accepted_member_id').references(() => members.id, {
      onDelete: 'set null',
    }),
    revokedAt: timestamptz('revoked_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    index('invitations_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    check('invitations_one_role', sql`(${t.systemRole} is null) <> (${t.roleId} is null)`),
  ],
)

/** Custom roles: named sets of catalogue permissions. System roles live in code (src/authz/permissions.ts). */
export const roles = pgTable(
  'roles',
  {
    id: typeId('role', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    permissions: text('permissions').array().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('roles_workspace_name_key').on(t.workspaceId, sql`lower(${t.name})`),
    index('roles_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
)

/** A role given to a member, workspace-wide (`teamId` null) or within one team. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    systemRole: text('system_role').$type<SystemRoleKey>(),
    roleId: typeId('role', 'role_id').references(() => roles.id, { onDelete: 'cascade' }),
    teamId: typeId('team', 'team_id').references(() => teams.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('role_assignments_one_role', sql`(${t.systemRole} is null) <> (${t.roleId} is null)`),
    uniqueIndex('role_assignments_unique_key').on(
      t.memberId,
      sql`coalesce(${t.systemRole}, '')`,
      sql`coalesce(${t.roleId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`coalesce(${t.teamId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    index('role_assignments_role_idx').on(t.roleId),
  ],
)

export const teams = pgTable(
  'teams',
  {
    id: typeId('team', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('teams_workspace_name_key').on(t.workspaceId, sql`lower(${t.name})`),
    index('teams_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
)

export const teamMembers = pgTable(
  'team_members',
  {
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    teamId: typeId('team', 'team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    memberId: typeId('mbr', 'member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.memberId] }), index('team_members_member_idx').on(t.memberId)],
)

export const ticketSharingModes = ['none', 'members_read', 'members_reply'] as const
export type TicketSharing = (typeof ticketSharingModes)[number]

export const organizations = pgTable(
  'organizations',
  {
    id: typeId('org', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Lower-case email domains; a new contact whose domain matches is linked (free-mail excepted). */
    domains: text('domains').array().notNull().default(sql`'{}'::text[]`),
    externalId: text('external_id'),
    ticketSharing: text('ticket_sharing').$type<TicketSharing>().notNull().default('none'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('organizations_workspace_external_id_key').on(t.workspaceId, t.externalId),
    index('organizations_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('organizations_workspace_name_idx').on(t.workspaceId, t.name, t.id),
    index('organizations_domains_idx').using('gin', t.domains),
  ],
)

export const contacts = pgTable(
  'contacts',
  {
    id: typeId('ct', 'id').primaryKey(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    email: text('email'),
    name: text('name'),
    phone: text('phone'),
    externalId: text('external_id'),
    organizationId: typeId('org', 'organization_id').references(() => organizations.id, {
      onDelete: 'set null',
    }),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    /** Set when this contact was merged into another: the row stays so that its id still resolves. */
    mergedIntoId: typeId('ct', 'merged_into_id'),
    /** Bumped whenever the contact's organisation or segments change: part of the authorization cache key. */
    authzVersion: integer('authz_version').notNull().default(1),
    lastSeenAt: timestamptz('last_seen_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('contacts_workspace_email_key')
      .on(t.workspaceId, sql`lower(${t.email})`)
      .where(sql`${t.mergedIntoId} is null`),
    uniqueIndex('contacts_workspace_external_id_key')
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.mergedIntoId} is null`),
    index('contacts_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('contacts_workspace_name_idx').on(t.workspaceId, t.name, t.id),
    index('contacts_organization_idx').on(t.organizationId),
  ],
)

/** Portal sign-in: a one-time code (and link token) per request, stored hashed, short-lived, single use. */
export const portalLoginCodes = pgTable(
  'portal_login_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: typeId('ws', 'workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** SHA-256 of the link token (sent in the link). */
    tokenHash: text('token_hash').notNull(),
    /** SHA-256 of workspace id + email + the 6-digit code (typed by the person). */
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [
    uniqueIndex('portal_login_codes_token_key').on(t.tokenHash),
    index('portal_login_codes_email_idx').on(t.workspaceId, sql`lower(${t.email})`),
  ],
)
