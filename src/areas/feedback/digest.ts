import { and, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm'
import { forbidden } from '../../authz/authorizer'
import { isAllowedRow } from '../../authz/guard'
import { actingMemberId, type ServiceContext } from '../../context/service'
import { type Db, queryRows } from '../../db/database'
import { members } from '../../db/schema'
import {
  type DigestFrequency,
  feedbackDigestPreferences,
  feedbackDigests,
  posts,
  votes,
} from '../../db/schema/feedback'
import { type MemberId, uuidToId, type WorkspaceId } from '../../ids'
import type { WorkerModule } from '../../jobs/module'
import { type JobQueue, jobIdFor } from '../../jobs/queue'
import type { Mailer } from '../../mail/mailer'

// ---------------------------------------------------------------------------------------- preference

/** Only staff who read feedback get (and choose) the digest. */
async function digestMember(ctx: ServiceContext): Promise<MemberId> {
  const memberId = actingMemberId(ctx)
  if (!(await isAllowedRow(ctx, 'read', 'Post', { workspaceId: ctx.workspaceId }))) {
    throw forbidden(await ctx.principal(), 'Post', 'read')
  }
  return memberId
}

const toPreference = (row: { frequency: DigestFrequency; updatedAt: Date } | undefined, last?: Date) => ({
  frequency: row?.frequency ?? ('off' as const),
  lastSentAt: last?.toISOString() ?? null,
  updatedAt: row?.updatedAt.toISOString() ?? null,
})

async function lastDigest(db: Db, memberId: MemberId): Promise<Date | undefined> {
  const [row] = await db
    .select({ createdAt: feedbackDigests.createdAt })
    .from(feedbackDigests)
    .where(eq(feedbackDigests.memberId, memberId))
    .orderBy(desc(feedbackDigests.createdAt))
    .limit(1)
  return row?.createdAt
}

/** The caller's digest frequency (`off` until chosen) and when the last one went out. */
export async function getDigestPreference(ctx: ServiceContext) {
  const memberId = await digestMember(ctx)
  const [row] = await ctx.db
    .select()
    .from(feedbackDigestPreferences)
    .where(eq(feedbackDigestPreferences.memberId, memberId))
  return toPreference(row, await lastDigest(ctx.db, memberId))
}

/** Choose the digest: `daily`, `weekly` or `off`. A personal setting: no event, like notification preferences. */
export async function setDigestPreference(ctx: ServiceContext, frequency: DigestFrequency) {
  const memberId = await digestMember(ctx)
  const now = new Date()
  const [row] = await ctx.db
    .insert(feedbackDigestPreferences)
    .values({ memberId, workspaceId: ctx.workspaceId, frequency, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: feedbackDigestPreferences.memberId,
      set: { frequency, updatedAt: now },
    })
    .returning()
  return toPreference(row, await lastDigest(ctx.db, memberId))
}

// ----------------------------------------------------------------------------------------------- tick

export const DIGEST_QUEUE = 'feedback-digest'

interface DigestJob {
  memberId: MemberId
  workspaceId: WorkspaceId
  period: string
  since: string
  until: string
}

/** The periods a slot falls in: its UTC day (`2026-12-04`) and its ISO week (`2026-W49`). */
export function digestPeriods(slot: Date): { daily: string; weekly: string } {
  const day = slot.toISOString().slice(0, 10)
  // ISO 8601: the week belongs to the year of its Thursday.
  const thursday = new Date(Date.UTC(slot.getUTCFullYear(), slot.getUTCMonth(), slot.getUTCDate()))
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7))
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1)
  const week = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1
  return { daily: day, weekly: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}` }
}

/**
 * Claim this period's digest of every opted-in active member, in one statement: a (member, period) row is
 * inserted only where none exists, so however many workers run the tick (and however many slots fall in one
 * period) each member's digest for a period is claimed once. The claim's email job is enqueued in the same
 * transaction with an id derived from it. Each digest covers the time since the previous one (or since the
 * member opted in).
 */
export async function claimDigests(db: Db, queue: Pick<JobQueue, 'sendMany'>, slot: Date): Promise<number> {
  const { daily, weekly } = digestPeriods(slot)
  return db.transaction(async (tx) => {
    const claimed = await queryRows<{
      member_id: string
      workspace_id: string
      period: string
      since: string | Date
      until: string | Date
    }>(
      tx,
      sql`insert into ${feedbackDigests} (member_id, period, workspace_id, since, until)
        select p.member_id,
          case p.frequency when 'daily' then ${daily} else ${weekly} end,
          p.workspace_id,
          coalesce((select max(d.until) from ${feedbackDigests} d where d.member_id = p.member_id), p.created_at),
          ${slot.toISOString()}::timestamptz
        from ${feedbackDigestPreferences} p
        join ${members} m on m.id = p.member_id and m.status = 'active'
        where p.frequency in ('daily', 'weekly')
        on conflict do nothing
        returning member_id, workspace_id, period, since, until`,
    )
    if (claimed.length === 0) return 0
    await queue.sendMany<DigestJob>(
      DIGEST_QUEUE,
      claimed.map((c) => {
        const memberId = uuidToId('mbr', c.member_id) as MemberId
        return {
          id: jobIdFor(DIGEST_QUEUE, memberId, c.period),
          data: {
            memberId,
            workspaceId: uuidToId('ws', c.workspace_id) as WorkspaceId,
            period: c.period,
            since: new Date(c.since).toISOString(),
            until: new Date(c.until).toISOString(),
          },
        }
      }),
      { tx },
    )
    return claimed.length
  })
}

/** The digest's content: posts created in the window, and the posts that gained the most votes in it. */
export async function digestContent(db: Db, workspaceId: WorkspaceId, since: Date, until: Date) {
  const live = and(eq(posts.workspaceId, workspaceId), isNull(posts.deletedAt), isNull(posts.mergedIntoId))
  const created = await db
    .select({ id: posts.id, title: posts.title, voteCount: posts.voteCount })
    .from(posts)
    .where(and(live, gte(posts.createdAt, since), lt(posts.createdAt, until)))
    .orderBy(desc(posts.voteCount), desc(posts.createdAt))
    .limit(10)
  const [{ count } = { count: 0 }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(posts)
    .where(and(live, gte(posts.createdAt, since), lt(posts.createdAt, until)))
  const gained = sql<number>`count(${votes.id})::int`
  const movers = await db
    .select({ id: posts.id, title: posts.title, voteCount: posts.voteCount, gained })
    .from(votes)
    .innerJoin(posts, eq(posts.id, votes.postId))
    .where(
      and(eq(votes.workspaceId, workspaceId), live, gte(votes.createdAt, since), lt(votes.createdAt, until)),
    )
    .groupBy(posts.id, posts.title, posts.voteCount)
    .orderBy(desc(gained), desc(posts.voteCount))
    .limit(5)
  return { newPostCount: count, newPosts: created, topMovers: movers }
}

function digestText(content: Awaited<ReturnType<typeof digestContent>>, period: string): string {
  const lines = [`Feedback digest for ${period}`, '']
  lines.push(`New posts: ${content.newPostCount}`)
  for (const p of content.newPosts) lines.push(`  - ${p.title} (${p.voteCount} votes) [${p.id}]`)
  lines.push('', 'Top movers (votes gained):')
  if (content.topMovers.length === 0) lines.push('  (none)')
  for (const p of content.topMovers)
    lines.push(`  - ${p.title}: +${p.gained} (${p.voteCount} votes) [${p.id}]`)
  lines.push('', 'Change or stop this digest: PUT /v1/feedback/digest-preference')
  return lines.join('\n')
}

/**
 * The staff digest: an hourly tick claims each opted-in member's digest for the current day or ISO week
 * (once per period, however many workers run it) and a job mails it. A period with nothing new sends no
 * email (its claim still counts: the next digest starts after it).
 */
export function digestModule(
  options: { mailer?: Mailer; pollingIntervalSeconds?: number } = {},
): WorkerModule {
  return {
    name: 'feedback-digest',
    async setup({ db, queue, mailer: workersMailer, logger }) {
      const mailer = options.mailer ?? workersMailer
      await queue.declare(DIGEST_QUEUE, {
        retryLimit: 5,
        retryDelaySeconds: 60,
        retryBackoff: true,
        expireInSeconds: 120,
      })
      await queue.work<DigestJob>(
        DIGEST_QUEUE,
        async (job) => {
          const [member] = await db
            .select({ email: members.email, status: members.status })
            .from(members)
            .where(eq(members.id, job.data.memberId))
          if (member?.status !== 'active') return
          const content = await digestContent(
            db,
            job.data.workspaceId,
            new Date(job.data.since),
            new Date(job.data.until),
          )
          if (content.newPostCount === 0 && content.topMovers.length === 0) return
          await mailer.send({
            to: member.email,
            subject: `Feedback digest: ${content.newPostCount} new posts`,
            text: digestText(content, job.data.period),
            tag: 'feedback.digest',
          })
        },
        { concurrency: 2, pollingIntervalSeconds: options.pollingIntervalSeconds },
      )
      return {
        ticks: [
          {
            name: 'feedback-digest',
            cron: '0 7 * * * *',
            async run(tickDb, slot) {
              const claimed = await claimDigests(tickDb, queue, slot)
              if (claimed > 0) logger.info({ claimed }, 'feedback digests claimed')
            },
          },
        ],
      }
    },
  }
}
