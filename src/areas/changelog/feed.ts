import { and, eq, sql } from 'drizzle-orm'
import { Feed } from 'feed'
import type { Authorizer } from '../../authz/authorizer'
import type { PrincipalLoader } from '../../authz/load'
import { ContactActor, VisitorActor } from '../../authz/principal'
import { type AuthenticatedActor, authzKeyOf } from '../../context/actor'
import type { ServiceContext } from '../../context/service'
import { type Db, prepared } from '../../db/database'
import { contacts } from '../../db/schema'
import { changelogEntries } from '../../db/schema/changelog'
import { workspaces } from '../../db/schema/workspaces'
import { notFound } from '../../http/errors'
import { preparedWithAuthz } from '../../http/pagination'
import { type ContactId, idToUuid, type SessionId, type WorkspaceId } from '../../ids'
import { signedIds } from '../../kit/unsubscribe'

const feedSize = 50

/**
 * Personal feed tokens: a contact's id, signed for this purpose only. Feed readers cannot send headers, so a
 * contact's feed carries its token in the URL; the token reads that contact's changelog and nothing else (no
 * session, no write), and follows the contact's audiences as they change.
 */
const feedTokens = signedIds('loopdesk.changelog-feed.v1')

export interface FeedDeps {
  db: Db
  authorizer: Authorizer
  principals: PrincipalLoader
  secret: string
  publicUrl: string
}

const feedUrl = (publicUrl: string, slug: string, token?: string) =>
  `${publicUrl}/v1/changelog/feed.xml?workspace=${encodeURIComponent(slug)}${token ? `&token=${encodeURIComponent(token)}` : ''}`

/** The contact a feed token names, as an actor of `workspaceId` (a merged contact's token reads as its target). */
async function contactOfToken(db: Db, secret: string, token: string, workspaceId: WorkspaceId) {
  const id = feedTokens.verify(secret, token, 'ct')
  if (!id) return undefined
  const [row] = await db
    .select({ id: contacts.id, mergedIntoId: contacts.mergedIntoId })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
  const targetId = row?.mergedIntoId ?? row?.id
  if (!targetId) return undefined
  const [target] = await db
    .select({ id: contacts.id, authzVersion: contacts.authzVersion })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, targetId)))
  if (!target) return undefined
  const actor: AuthenticatedActor = {
    type: 'contact',
    id: target.id as ContactId,
    workspaceId,
    sessionId: '' as SessionId,
    authzVersion: `${target.authzVersion}`,
    viaCookie: false,
  }
  return actor
}

/**
 * The RSS 2.0 feed of a workspace's changelog: the published entries the reader may read, newest first (by
 * display date), at most 50. Without a token the reader is the public (the entries an anonymous visitor reads);
 * with a contact's feed token, that contact (its segments and organisation included). Which entries a reader
 * reads is the policy's `read` of ChangelogEntry, compiled to SQL like every list. An unknown workspace or a
 * token that names no contact of it answers 404. The `feed` library writes the XML and escapes every text.
 */
export async function changelogFeed(deps: FeedDeps, workspace: string, token?: string): Promise<string> {
  const { db } = deps
  const [ws] = await prepared(db, 'feed_workspace', (d) =>
    d
      .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug })
      .from(workspaces)
      .where(sql`lower(${workspaces.slug}) = lower(${sql.placeholder('slug')})`)
      .prepare('feed_workspace'),
  ).execute({ slug: workspace })
  if (!ws) throw notFound('Workspace')
  const workspaceId = ws.id as WorkspaceId
  let filter: Awaited<ReturnType<Authorizer['filter']>>
  if (token !== undefined) {
    const actor = await contactOfToken(db, deps.secret, token, workspaceId)
    if (!actor) throw notFound('Feed')
    const principal = await deps.principals.load(db, actor)
    filter = await deps.authorizer.filter(principal, authzKeyOf(actor), 'read', 'ChangelogEntry')
  } else {
    // The public: what an anonymous visitor of the workspace reads (no widget profile behind it).
    const visitor = new VisitorActor('feed', workspaceId)
    filter = await deps.authorizer.filter(visitor, `feed:${workspaceId}`, 'read', 'ChangelogEntry')
  }
  // Prepared per (database handle, reader's compiled predicate): a feed read builds no SQL.
  const rows = filter.none
    ? []
    : await preparedWithAuthz(db, filter.where, 'changelog_feed', (d) =>
        d
          .select({
            id: changelogEntries.id,
            title: changelogEntries.title,
            body: changelogEntries.body,
            categories: changelogEntries.categories,
            sortDate: changelogEntries.sortDate,
          })
          .from(changelogEntries)
          .where(
            and(
              sql`${changelogEntries.workspaceId} = ${sql.placeholder('workspaceId')}::uuid`,
              eq(changelogEntries.state, 'published'),
              filter.where,
            ),
          )
          .orderBy(sql`${changelogEntries.sortDate} desc`, sql`${changelogEntries.id} desc`)
          .limit(feedSize)
          .prepare('changelog_feed'),
      ).execute({ workspaceId: idToUuid(workspaceId) })
  const self = feedUrl(deps.publicUrl, ws.slug, token)
  const feed = new Feed({
    id: self,
    title: `${ws.name} changelog`,
    description: `What's new in ${ws.name}`,
    link: self,
    updated: rows[0]?.sortDate ?? new Date(0),
    generator: 'Loopdesk',
    copyright: ws.name,
  })
  for (const row of rows) {
    feed.addItem({
      id: row.id,
      guid: row.id,
      title: row.title,
      link: `${deps.publicUrl}/v1/changelog/${row.id}`,
      date: row.sortDate,
      description: row.body,
      category: row.categories.map((name) => ({ name })),
    })
  }
  return feed.rss2()
}

/**
 * The caller's feed URL: a contact's personal one (its token in the URL: the entries of its audiences), the
 * public one for anyone else (members and keys read drafts through the API, not a feed).
 */
export async function changelogFeedLink(ctx: ServiceContext, secret: string, publicUrl: string) {
  const [ws] = await ctx.db
    .select({ slug: workspaces.slug })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId))
  if (!ws) throw notFound('Workspace')
  const principal = await ctx.principal()
  const personal = principal instanceof ContactActor
  return {
    url: feedUrl(publicUrl, ws.slug, personal ? feedTokens.sign(secret, principal.id) : undefined),
    personal,
  }
}
