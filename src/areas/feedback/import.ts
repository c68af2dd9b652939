import { parse } from 'csv-parse/sync'
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { createSession, invalidateSession, validateSession } from '../../auth/sessions'
import { Authorizer } from '../../authz/authorizer'
import { PrincipalLoader } from '../../authz/load'
import type { Principal } from '../../authz/principal'
import { eventActorOf } from '../../context/actor'
import type { ServiceContext } from '../../context/service'
import type { Database, Db } from '../../db/database'
import { contacts, members, roleAssignments } from '../../db/schema'
import { boards, postStatuses, posts, tags } from '../../db/schema/feedback'
import { ApiError } from '../../http/errors'
import { type ContactId, type MemberId, newId, type WorkspaceId } from '../../ids'
import { isEmailAddress } from '../../mail/address'
import { createContact } from '../contacts/service'
import { createPost, type PostId, type PostInput, type PostRow, postColumns, updatePost } from './posts'
import { addVote } from './votes'

/**
 * `npm run import` (scripts/import.ts): posts and votes from CSV files into a workspace, through the same
 * service functions as the API (so every change is authorised, validated, emits its event and is audited),
 * acting as a member of the workspace.
 *
 * All or nothing: the whole run (posts, then votes) is one transaction. Every row is tried (each in a
 * savepoint) and every bad row is reported with its reasons; if any row is bad, nothing is kept. `dryRun`
 * does the same and always rolls back, so a preview runs every check a real import would.
 */

/** The posts file's columns: `sourceId`, `board` and `title` are required. */
export const postColumnsCsv = [
  'sourceId',
  'board',
  'title',
  'body',
  'status',
  'tags',
  'authorEmail',
  'authorName',
  'createdAt',
] as const
export const requiredPostColumns = ['sourceId', 'board', 'title'] as const
/** The votes file's columns: all but `name` are required. */
export const voteColumnsCsv = ['post', 'email', 'name'] as const
export const requiredVoteColumns = ['post', 'email'] as const

export type CsvRow = Record<string, string>

/** A file the import cannot read at all (missing or unknown columns, not CSV): nothing is tried. */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`)
    this.name = 'ImportFileError'
  }
}

/** Parse a CSV file (header row first, RFC 4180, UTF-8 with or without BOM) and check its columns. */
export function parseCsv(
  file: string,
  text: string,
  known: readonly string[],
  required: readonly string[],
): CsvRow[] {
  let rows: CsvRow[]
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      skip_empty_lines: true,
      trim: false,
      relax_column_count: false,
    }) as CsvRow[]
  } catch (error) {
    throw new ImportFileError(file, `not valid CSV: ${(error as Error).message}`)
  }
  const header = text.length > 0 ? Object.keys(rows[0] ?? headerOf(text)) : []
  const missing = required.filter((c) => !header.includes(c))
  if (missing.length > 0) throw new ImportFileError(file, `missing columns: ${missing.join(', ')}`)
  const unknown = header.filter((c) => !known.includes(c))
  if (unknown.length > 0) {
    throw new ImportFileError(file, `unknown columns: ${unknown.join(', ')} (known: ${known.join(', ')})`)
  }
  return rows
}

/** The header of a file with no data rows, as column names. */
function headerOf(text: string): CsvRow {
  const [first] = parse(text, { bom: true, to_line: 1 }) as string[][]
  return Object.fromEntries((first ?? []).map((c) => [c.trim(), '']))
}

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed'

export interface RowResult {
  file: 'posts' | 'votes'
  /** The line of the row in its file (the header is line 1). */
  line: number
  outcome: RowOutcome
  /** Why it was skipped or failed. */
  reasons: string[]
  id?: string
}

export interface ImportSummary {
  dryRun: boolean
  /** Whether the changes were kept: false on a dry run or when any row failed. */
  committed: boolean
  posts: Record<RowOutcome, number>
  votes: Record<RowOutcome, number>
  rows: RowResult[]
}

const emptyCounts = (): Record<RowOutcome, number> => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
})

/** Thrown to roll the run back once it is done (dry run, or bad rows). */
class Rollback extends Error {}

/** A row's problem, not an API error: reported with the row. */
class RowError extends Error {}

/** The reasons of an error thrown for a row: its field errors when it has them, else its code and detail. */
function reasonsOf(error: unknown): string[] {
  if (error instanceof RowError) return [error.message]
  if (error instanceof ApiError) {
    const errors = error.extra.errors
    if (errors && errors.length > 0) return errors.map((e) => `${error.code}: ${e.path}: ${e.message}`)
    return [`${error.code}: ${error.detail ?? error.message}`]
  }
  throw error
}

/** Whether the member may use the admin-only columns (`createdAt`, `authorEmail`): an owner or an admin. */
export async function isWorkspaceAdmin(db: Db, ctx: ServiceContext, memberId: MemberId): Promise<boolean> {
  const rows = await db
    .select({ role: roleAssignments.systemRole })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.workspaceId, ctx.workspaceId),
        eq(roleAssignments.memberId, memberId),
        isNull(roleAssignments.teamId),
        inArray(roleAssignments.systemRole, ['owner', 'admin']),
      ),
    )
  return rows.length > 0
}

/**
 * A service context acting as `memberId`, through a session of its own (so the import is exactly that member,
 * roles and all, as through the API); `end()` ends the session. Undefined when the member cannot sign in.
 */
export async function importContext(
  database: Database,
  workspaceId: WorkspaceId,
  memberId: MemberId,
): Promise<{ ctx: ServiceContext; end: () => Promise<void> } | undefined> {
  const db = database.db
  const session = await createSession(
    db,
    { workspaceId, memberId },
    { ip: null, userAgent: 'npm run import' },
  )
  const valid = await validateSession(db, session.token)
  if (valid?.kind !== 'member') return undefined
  const actor = {
    type: 'member' as const,
    id: valid.memberId,
    workspaceId: valid.workspaceId,
    sessionId: valid.sessionId,
    authzVersion: valid.authzVersion,
    viaCookie: false,
  }
  const authorizer = new Authorizer()
  authorizer.database = database
  const principals = new PrincipalLoader()
  let principal: Promise<Principal> | undefined
  const origin = { id: newId('req'), ip: null, userAgent: 'npm run import' }
  const ctx: ServiceContext = {
    db,
    workspaceId,
    actor,
    eventActor: eventActorOf(actor, origin),
    requestId: origin.id,
    principal: () => {
      principal ??= principals.load(db, actor)
      return principal
    },
    authorizer,
    authzKey: `${actor.type}:${actor.id}:${actor.authzVersion}`,
    origin,
    effects: {
      apiKeyChanged: () => {},
      publishableKeyChanged: () => {},
      authzChanged: () => {},
      sendMail: async () => {},
    },
  }
  return { ctx, end: () => invalidateSession(db, valid.sessionId) }
}

export interface ImportInput {
  posts: CsvRow[]
  votes?: CsvRow[]
  dryRun: boolean
  /** The acting member may set `createdAt` and `authorEmail` (an owner or admin). */
  admin: boolean
  /** Called after each row (a progress bar). */
  onRow?: (done: number, total: number) => void
}

/**
 * Run an import as `ctx`'s actor (a member). `ctx.principal()` is loaded first, outside the transaction
 * (on PGlite a read through the pool inside an open transaction would wait for it).
 */
export async function importFeedback(ctx: ServiceContext, input: ImportInput): Promise<ImportSummary> {
  await ctx.principal()
  const summary: ImportSummary = {
    dryRun: input.dryRun,
    committed: false,
    posts: emptyCounts(),
    votes: emptyCounts(),
    rows: [],
  }
  const total = input.posts.length + (input.votes?.length ?? 0)
  let done = 0
  const record = (result: RowResult) => {
    summary.rows.push(result)
    summary[result.file][result.outcome]++
    input.onRow?.(++done, total)
  }
  try {
    await ctx.db.transaction(async (tx) => {
      const txCtx: ServiceContext = { ...ctx, db: tx }
      const lookups = new Lookups(txCtx)
      for (const [i, row] of input.posts.entries()) {
        record(
          await inSavepoint(txCtx, 'posts', i + 2, (rowCtx) => importPost(rowCtx, lookups, row, input.admin)),
        )
      }
      for (const [i, row] of (input.votes ?? []).entries()) {
        record(await inSavepoint(txCtx, 'votes', i + 2, (rowCtx) => importVote(rowCtx, lookups, row)))
      }
      const failed = summary.posts.failed + summary.votes.failed
      if (input.dryRun || failed > 0) throw new Rollback()
    })
    summary.committed = true
  } catch (error) {
    if (!(error instanceof Rollback)) throw error
  }
  return summary
}

/** One row in a savepoint of its own: a bad row leaves nothing behind, the others go on. */
async function inSavepoint(
  ctx: ServiceContext,
  file: 'posts' | 'votes',
  line: number,
  work: (ctx: ServiceContext) => Promise<Omit<RowResult, 'file' | 'line'>>,
): Promise<RowResult> {
  try {
    const result = await ctx.db.transaction((sp) => work({ ...ctx, db: sp }))
    return { file, line, ...result }
  } catch (error) {
    return { file, line, outcome: 'failed', reasons: reasonsOf(error) }
  }
}

/** Board, status, tag and person look-ups by id, slug or name, remembered for the run. */
class Lookups {
  private readonly cache = new Map<string, string | undefined>()
  constructor(private readonly ctx: ServiceContext) {}

  private async once(key: string, find: () => Promise<string | undefined>) {
    if (!this.cache.has(key)) this.cache.set(key, await find())
    return this.cache.get(key)
  }

  board(value: string) {
    return this.once(`board:${value.toLowerCase()}`, async () => {
      const [row] = await this.ctx.db
        .select({ id: boards.id })
        .from(boards)
        .where(
          and(
            eq(boards.workspaceId, this.ctx.workspaceId),
            value.startsWith('brd_')
              ? eq(boards.id, value as PostRow['boardId'])
              : or(
                  sql`lower(${boards.slug}) = lower(${value})`,
                  sql`lower(${boards.name}) = lower(${value})`,
                ),
          ),
        )
        .limit(1)
      return row?.id
    })
  }

  status(value: string) {
    return this.once(`status:${value.toLowerCase()}`, async () => {
      const [row] = await this.ctx.db
        .select({ id: postStatuses.id })
        .from(postStatuses)
        .where(
          and(
            eq(postStatuses.workspaceId, this.ctx.workspaceId),
            value.startsWith('pst_')
              ? eq(postStatuses.id, value as NonNullable<PostRow['statusId']>)
              : sql`lower(${postStatuses.name}) = lower(${value})`,
          ),
        )
      return row?.id
    })
  }

  tag(value: string) {
    return this.once(`tag:${value.toLowerCase()}`, async () => {
      const [row] = await this.ctx.db
        .select({ id: tags.id })
        .from(tags)
        .where(
          and(
            eq(tags.workspaceId, this.ctx.workspaceId),
            value.startsWith('tag_')
              ? eq(tags.id, value as (typeof tags.$inferSelect)['id'])
              : sql`lower(${tags.name}) = lower(${value})`,
          ),
        )
      return row?.id
    })
  }

  /** A member of the workspace by email (not cached: cheap, and rows of one person are few). */
  async member(email: string): Promise<MemberId | undefined> {
    const [row] = await this.ctx.db
      .select({ id: members.id })
      .from(members)
      .where(
        and(eq(members.workspaceId, this.ctx.workspaceId), sql`lower(${members.email}) = lower(${email})`),
      )
    return row?.id as MemberId | undefined
  }

  /** The contact with this email, created (through the contacts service: event, audit) when there is none. */
  async contact(ctx: ServiceContext, email: string, name: string | undefined): Promise<ContactId> {
    const [row] = await ctx.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(
          eq(contacts.workspaceId, ctx.workspaceId),
          sql`lower(${contacts.email}) = lower(${email})`,
          isNull(contacts.mergedIntoId),
        ),
      )
    if (row) return row.id as ContactId
    const created = await createContact(ctx, { email, name: name || null })
    return created.id as ContactId
  }
}

const cell = (row: CsvRow, column: string) => {
  const value = row[column]?.trim()
  return value ? value : undefined
}

/** An ISO 8601 time in the past (a date alone is midnight UTC), or a reason. */
function parseTime(value: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
  if (!ok || Number.isNaN(at.getTime())) {
    throw new RowError(`createdAt: ${value} is not an ISO 8601 time (2025-03-01T09:30:00Z)`)
  }
  if (at.getTime() > Date.now()) throw new RowError(`createdAt: ${value} is in the future`)
  return at
}

async function importPost(
  ctx: ServiceContext,
  lookups: Lookups,
  row: CsvRow,
  admin: boolean,
): Promise<Omit<RowResult, 'file' | 'line'>> {
  const reasons: string[] = []
  const sourceId = cell(row, 'sourceId')
  const boardValue = cell(row, 'board')
  const title = cell(row, 'title')
  if (!sourceId) reasons.push('sourceId: is required')
  else if (sourceId.length > 255) reasons.push('sourceId: at most 255 characters')
  if (!boardValue) reasons.push('board: is required')
  // The limits the API's schema puts on these fields (the services rely on it).
  if (!title) reasons.push('title: is required')
  else if (title.length > 255) reasons.push('title: at most 255 characters')
  if ((cell(row, 'body') ?? '').length > 50_000) reasons.push('body: at most 50,000 characters')
  const boardId = boardValue ? await lookups.board(boardValue) : undefined
  if (boardValue && !boardId) reasons.push(`board: no board has the id, slug or name "${boardValue}"`)
  const statusValue = cell(row, 'status')
  const statusId = statusValue ? await lookups.status(statusValue) : undefined
  if (statusValue && !statusId) reasons.push(`status: no post status has the id or name "${statusValue}"`)
  const tagIds: string[] = []
  for (const name of (cell(row, 'tags') ?? '')
    .split(';')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const id = await lookups.tag(name)
    if (id) tagIds.push(id)
    else reasons.push(`tags: no tag has the id or name "${name}"`)
  }
  const createdAtValue = cell(row, 'createdAt')
  const authorEmail = cell(row, 'authorEmail')
  let createdAt: Date | undefined
  if ((createdAtValue || authorEmail) && !admin) {
    reasons.push('createdAt, authorEmail: only an owner or admin may set them (import with --member of one)')
  } else {
    if (createdAtValue) {
      try {
        createdAt = parseTime(createdAtValue)
      } catch (error) {
        reasons.push((error as Error).message)
      }
    }
    if (authorEmail && !isEmailAddress(authorEmail))
      reasons.push(`authorEmail: ${authorEmail} is not an email address`)
  }
  if (reasons.length > 0 || !sourceId || !boardId || !title) return { outcome: 'failed', reasons }

  const fields: PostInput = {
    boardId,
    title,
    body: cell(row, 'body') ?? null,
    statusId: statusId ?? null,
    tags: tagIds,
  }
  const [existing] = await ctx.db
    .select(postColumns)
    .from(posts)
    .where(and(eq(posts.workspaceId, ctx.workspaceId), eq(posts.importSourceId, sourceId)))
  if (existing) {
    // A re-import updates what the API may change; the author and creation time stay as first imported.
    if (existing.deletedAt) {
      return { outcome: 'skipped', reasons: ['the post was deleted since the last import'], id: existing.id }
    }
    if (existing.mergedIntoId) {
      return {
        outcome: 'skipped',
        reasons: [`the post was merged into ${existing.mergedIntoId}`],
        id: existing.id,
      }
    }
    if (!statusValue) delete fields.statusId
    const updated = await updatePost(ctx, existing.id as PostId, fields)
    return {
      outcome: updated.version === existing.version ? 'unchanged' : 'updated',
      reasons: [],
      id: existing.id,
    }
  }
  let authorMemberId: MemberId | undefined
  if (authorEmail) {
    authorMemberId = await lookups.member(authorEmail)
    if (!authorMemberId)
      fields.authorContactId = await lookups.contact(ctx, authorEmail, cell(row, 'authorName'))
  }
  if (!statusValue) delete fields.statusId
  const created = await createPost(
    ctx,
    { ...fields, boardId, title },
    { sourceId, createdAt, authorMemberId },
  )
  return { outcome: 'created', reasons: [], id: created.id }
}

async function importVote(
  ctx: ServiceContext,
  lookups: Lookups,
  row: CsvRow,
): Promise<Omit<RowResult, 'file' | 'line'>> {
  const reasons: string[] = []
  const postValue = cell(row, 'post')
  const email = cell(row, 'email')
  if (!postValue) reasons.push('post: is required')
  if (!email) reasons.push('email: is required')
  else if (!isEmailAddress(email)) reasons.push(`email: ${email} is not an email address`)
  let postId: PostId | undefined
  if (postValue) {
    const [post] = await ctx.db
      .select({ id: posts.id })
      .from(posts)
      .where(
        and(
          eq(posts.workspaceId, ctx.workspaceId),
          postValue.startsWith('post_')
            ? eq(posts.id, postValue as PostId)
            : eq(posts.importSourceId, postValue),
        ),
      )
    postId = post?.id as PostId | undefined
    if (!postId) reasons.push(`post: no post has the id or sourceId "${postValue}"`)
  }
  if (reasons.length > 0 || !postId || !email) return { outcome: 'failed', reasons }
  const contactId = await lookups.contact(ctx, email, cell(row, 'name'))
  try {
    const { vote } = await addVote(ctx, postId, { contactId, source: 'import' })
    return { outcome: 'created', reasons: [], id: vote.id }
  } catch (error) {
    if (error instanceof ApiError && error.code === 'already_voted') {
      return { outcome: 'skipped', reasons: [`${email} has voted for ${postId} already`] }
    }
    throw error
  }
}
