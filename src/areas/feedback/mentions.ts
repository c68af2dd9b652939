import { and, eq, inArray } from 'drizzle-orm'
import { membersWith } from '../../authz/who'
import type { ServiceContext } from '../../context/service'
import type { Db } from '../../db/database'
import { members } from '../../db/schema'
import { posts } from '../../db/schema/feedback'
import type { MemberId } from '../../ids'
import { activeOnly, type NotificationKindDefinition } from '../../notifications/kinds'

declare module '../../notifications/kinds' {
  interface NotificationKinds {
    comment_mention: true
  }
}

/**
 * A mention of a member in a comment: `<@mbr_…>`. Markdown leaves it as text (`<` followed by `@` opens neither
 * an HTML tag nor an autolink), so it survives rendering and a client shows the member's name in its place.
 */
const mentionPattern = /<@(mbr_[0-7][0-9a-hjkmnp-tv-z]{25})>/g

/** At most this many members are notified by one comment (the rest stay text). */
export const maxMentions = 50

/** The member ids a body mentions, each once, in order of first mention. */
export function mentionedIds(body: string): MemberId[] {
  const ids = new Set<string>()
  for (const match of body.matchAll(mentionPattern)) {
    ids.add(match[1] as string)
    if (ids.size === maxMentions) break
  }
  return [...ids] as MemberId[]
}

/**
 * The members of the workspace that `body` mentions and `previousBody` (the body before an edit) did not: what
 * `comment.created` and `comment.updated` carry as `mentions`. An id that is no member here is plain text.
 */
export async function newMentions(
  ctx: ServiceContext,
  tx: Db,
  body: string,
  previousBody?: string,
): Promise<string[]> {
  const before = new Set(previousBody === undefined ? [] : mentionedIds(previousBody))
  const ids = mentionedIds(body).filter((id) => !before.has(id))
  if (ids.length === 0) return []
  const found = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.workspaceId, ctx.workspaceId), inArray(members.id, ids)))
  const known = new Set(found.map((m) => m.id as string))
  return ids.filter((id) => known.has(id))
}

interface MentionPayload {
  comment: Record<string, unknown>
  mentions: string[]
}

/** A short excerpt of a comment body for a notification (mentions shown as `@member`). */
const excerpt = (body: string) => {
  const text = body.replace(mentionPattern, '@member').replace(/\s+/g, ' ').trim()
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

/**
 * The members a mention notifies: mentioned, active, allowed to read the post (a member reads every post and
 * comment with `feedback.read`, private comments too: the policy's member rules), and not the comment's author.
 */
async function mentionDrafts(tx: Db, workspaceId: string, data: MentionPayload) {
  if (data.mentions.length === 0) return []
  const comment = data.comment as { id: string; postId: string; body: string | null; author: unknown }
  const author = comment.author as { type: string; id: string } | null
  const readers = new Set<string>(await membersWith(tx, workspaceId, 'feedback.read'))
  const candidates = data.mentions.filter((id) => readers.has(id) && id !== author?.id)
  const recipients = await activeOnly(tx, workspaceId as never, candidates)
  if (recipients.length === 0) return []
  const [post] = await tx
    .select({ title: posts.title })
    .from(posts)
    .where(eq(posts.id, comment.postId as never))
  return [
    {
      kind: 'comment_mention' as const,
      recipients,
      title: `You were mentioned in a comment on “${post?.title ?? 'a post'}”`,
      body: excerpt(comment.body ?? ''),
      resourceType: 'comment',
      resourceId: comment.id,
    },
  ]
}

/** The feedback area's notification kinds. */
export const mentionNotificationKinds: Record<string, NotificationKindDefinition> = {
  comment_mention: {
    description: 'You were mentioned in a comment on a feedback post',
    producers: {
      'comment.created': (tx, event, data) => mentionDrafts(tx, event.workspaceId, data),
      'comment.updated': (tx, event, data) => mentionDrafts(tx, event.workspaceId, data),
    },
  },
}
