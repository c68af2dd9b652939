// npm run import -- posts.csv [--votes votes.csv] [--dry-run] [--workspace <id or slug>] [--member <email>] [--json]
// Imports feedback posts (and their votes) from CSV into a workspace, through the feedback services: every row is
// checked, authorised, emits its event and is audited as the acting member's. All or nothing (see
// src/areas/feedback/import.ts); the columns are in the README ("Importing feedback").
import '../generated/areas'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { SingleBar } from 'cli-progress'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import {
  ImportFileError,
  type ImportSummary,
  importContext,
  importFeedback,
  isWorkspaceAdmin,
  parseCsv,
  postColumnsCsv,
  requiredPostColumns,
  requiredVoteColumns,
  voteColumnsCsv,
} from '../src/areas/feedback/import'
import { loadConfig } from '../src/config'
import { openDatabase } from '../src/db/client'
import { DataDirError } from '../src/db/data-dir'
import { members, roleAssignments, workspaces } from '../src/db/schema'
import { isId, type MemberId, type WorkspaceId } from '../src/ids'

const usage =
  'usage: npm run import -- <posts.csv> [--votes <votes.csv>] [--dry-run] [--workspace <id or slug>] [--member <email>] [--json]'

function fail(message: string, code = 2): never {
  process.stderr.write(`import: ${message}\n`)
  process.exit(code)
}

let parsed: ReturnType<typeof parse>
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      votes: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      workspace: { type: 'string' },
      member: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
}
try {
  parsed = parse()
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`)
}
const { values, positionals } = parsed
if (values.help) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}
if (positionals.length !== 1) fail(`one posts file, please\n${usage}`)
const postsFile = positionals[0] as string

// Read and check both files before touching the database: a file with missing or unknown columns stops here.
const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    fail(`cannot read ${file}: ${(error as Error).message}`)
  }
}
let postRows: ReturnType<typeof parseCsv>
let voteRows: ReturnType<typeof parseCsv> | undefined
try {
  postRows = parseCsv(postsFile, read(postsFile), postColumnsCsv, requiredPostColumns)
  if (values.votes) voteRows = parseCsv(values.votes, read(values.votes), voteColumnsCsv, requiredVoteColumns)
} catch (error) {
  if (error instanceof ImportFileError) fail(error.message)
  throw error
}

const config = loadConfig()
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: 2,
}).catch((error: unknown) => {
  if (!(error instanceof DataDirError)) throw error
  fail(error.message, 1)
})

let endSession: (() => Promise<void>) | undefined
let exitCode = 0
try {
  await database.migrate()
  const db = database.db
  const wanted = values.workspace
  const found = await db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(
      wanted
        ? isId('ws', wanted)
          ? eq(workspaces.id, wanted as WorkspaceId)
          : eq(workspaces.slug, wanted)
        : undefined,
    )
    .limit(2)
  if (found.length === 0) fail(wanted ? `no workspace ${wanted}` : 'the database has no workspace')
  if (found.length > 1) fail(`the database has several workspaces: name one with --workspace\n${usage}`)
  const workspace = found[0] as { id: WorkspaceId; name: string }

  // The acting member: --member, or the workspace's first owner.
  const [member] = values.member
    ? await db
        .select({ id: members.id })
        .from(members)
        .where(
          and(eq(members.workspaceId, workspace.id), sql`lower(${members.email}) = lower(${values.member})`),
        )
    : await db
        .select({ id: members.id })
        .from(members)
        .innerJoin(roleAssignments, eq(roleAssignments.memberId, members.id))
        .where(
          and(
            eq(members.workspaceId, workspace.id),
            isNull(roleAssignments.teamId),
            eq(roleAssignments.systemRole, 'owner'),
          ),
        )
        .orderBy(asc(members.createdAt))
        .limit(1)
  if (!member)
    fail(values.member ? `no member ${values.member} in ${workspace.name}` : 'the workspace has no owner')
  const memberId = member.id as MemberId

  const session = await importContext(database, workspace.id, memberId)
  if (!session) fail('the member cannot sign in (deactivated?)', 1)
  endSession = session.end
  const { ctx } = session

  const total = postRows.length + (voteRows?.length ?? 0)
  const bar = new SingleBar({
    format: 'importing [{bar}] {value}/{total} rows',
    stream: process.stderr,
    hideCursor: true,
  })
  if (!values.json) bar.start(total, 0)
  const summary = await importFeedback(ctx, {
    posts: postRows,
    votes: voteRows,
    dryRun: values['dry-run'],
    admin: await isWorkspaceAdmin(db, ctx, memberId),
    onRow: (done) => {
      if (!values.json) bar.update(done)
    },
  })
  if (!values.json) bar.stop()
  process.stdout.write(
    values.json ? `${JSON.stringify(summary)}\n` : report(summary, postsFile, values.votes),
  )
  exitCode = summary.posts.failed + summary.votes.failed > 0 ? 1 : 0
} finally {
  await endSession?.()
  await database.close()
}
process.exit(exitCode)

function report(summary: ImportSummary, postsPath: string, votesPath?: string): string {
  const lines: string[] = []
  for (const row of summary.rows) {
    if (row.outcome !== 'failed' && row.outcome !== 'skipped') continue
    const file = row.file === 'posts' ? postsPath : votesPath
    for (const reason of row.reasons) lines.push(`${file}:${row.line}: ${row.outcome}: ${reason}`)
  }
  const counts = (c: ImportSummary['posts']) =>
    `${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.failed} failed`
  lines.push(`posts: ${counts(summary.posts)}`)
  if (votesPath) lines.push(`votes: ${counts(summary.votes)}`)
  const failed = summary.posts.failed + summary.votes.failed
  lines.push(
    failed > 0
      ? `nothing was imported: ${failed} row(s) failed (above); fix or remove them and run again`
      : summary.dryRun
        ? 'dry run: nothing was imported; run again without --dry-run to import'
        : 'imported',
  )
  return `${lines.join('\n')}\n`
}
