import { changelogCategories, changelogEntries, changelogSubscriptions } from '../../db/schema/changelog'
import type { WorkerModule } from '../../jobs/module'
import { audienceGrantsRelation } from '../../kit/audience'
import { defineArea } from '../../registry/area'
import { changelogEmailModule, changelogNotificationKinds } from './notify'
import { registerChangelogRoutes } from './routes'
import { changelogSearch } from './search'
import { publishDueChangelogEntries } from './service'
import { moveChangelogSubscriptions } from './subscriptions'

declare module '../../authz/resources' {
  interface ResourceTypes {
    ChangelogEntry: true
    ChangelogCategory: true
    ChangelogSubscription: true
  }
}

/** An entry as events carry it (no body). */
interface EventEntry {
  id: string
  title: string
  categories: string[]
  linkedPostIds: string[]
  state: string
  publishAt: string | null
  publishedAt: string | null
  displayDate: string
  audience: string
  /** What readers are held to: the narrowest of its own audience and its categories'. */
  effectiveAudience: string
}

/** A category as answers and events carry it. */
interface EventCategory {
  id: string
  name: string
  description: string | null
  visibility: { audience: string; segmentIds: string[]; organizationIds: string[] }
  createdAt: string
  updatedAt: string
}

interface ChangelogSubscriptionRef {
  subscribed: boolean
  subscriber: { type: 'contact' | 'member'; id: string }
  createdAt: string | null
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'changelog.created': { entry: EventEntry }
    /** `previous` holds the changed fields' former values. */
    'changelog.updated': { entry: EventEntry; previous: Record<string, unknown> }
    /** Sent once per publication: by `POST …/publish`, or by the tick when a scheduled entry's time comes. */
    'changelog.published': { entry: EventEntry }
    'changelog.deleted': { entry: { id: string; title: string } }
    /** By `POST /v1/changelog/categories`, or by an entry naming a category that did not exist. */
    'changelog_category.created': { category: EventCategory }
    /** `previous` holds the changed fields' former values (`visibility.audience`…). */
    'changelog_category.updated': { category: EventCategory; previous: Record<string, unknown> }
    'changelog_category.deleted': { category: { id: string; name: string } }
    /** A person started following the changelog. */
    'changelog_subscription.created': { subscription: ChangelogSubscriptionRef }
    /** A person stopped following the changelog (in the API or with an email's unsubscribe link). */
    'changelog_subscription.deleted': { subscription: ChangelogSubscriptionRef }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    linked_post_not_found: true
    already_published: true
    changelog_category_in_use: true
  }
}

const changelogEvent = { resourceType: 'changelog_entry', permission: 'content.read', audited: true } as const
const changelogCategoryEvent = {
  resourceType: 'changelog_category',
  permission: 'content.read',
  audited: true,
} as const
const changelogSubscriptionEvent = {
  resourceType: 'changelog_subscription',
  permission: 'content.read',
  audited: true,
} as const

/** Publishes scheduled entries once their time has come (each slot on one instance, each entry once). */
function publishModule(): WorkerModule {
  return {
    name: 'changelog-publish',
    setup: async ({ logger }) => ({
      ticks: [
        {
          name: 'publish-due-changelog',
          cron: '0 * * * * *',
          async run(db) {
            const published = await publishDueChangelogEntries(db)
            if (published > 0) logger.info({ published }, 'scheduled changelog entries published')
          },
        },
      ],
    }),
  }
}

/** The changelog: Markdown entries with categories and linked posts, scheduled publishing and an RSS feed. */
export default defineArea({
  name: 'changelog',
  routes: registerChangelogRoutes,
  workers: [publishModule(), changelogEmailModule()],
  notificationKinds: changelogNotificationKinds,
  contactMergeSteps: [moveChangelogSubscriptions],
  searchSources: [changelogSearch],
  resources: {
    ChangelogEntry: {
      table: changelogEntries,
      fields: {
        id: changelogEntries.id,
        workspaceId: changelogEntries.workspaceId,
        state: changelogEntries.state,
        audience: changelogEntries.audience,
        effectiveAudience: changelogEntries.effectiveAudience,
        audienceSourceId: changelogEntries.audienceSourceId,
      },
      // The grants of whichever resource (the entry or one of its categories) holds its effective audience.
      relations: { audienceGrants: { ...audienceGrantsRelation, myField: 'audienceSourceId' } },
      scope: 'content',
      prefix: 'chg',
      actions: {
        read: 'content.read',
        create: 'content.manage',
        update: 'content.manage',
        delete: 'content.manage',
        publish: 'content.publish',
      },
    },
    ChangelogCategory: {
      table: changelogCategories,
      fields: {
        id: changelogCategories.id,
        workspaceId: changelogCategories.workspaceId,
        audience: changelogCategories.audience,
      },
      relations: { audienceGrants: audienceGrantsRelation },
      scope: 'content',
      prefix: 'chcat',
      actions: {
        read: 'content.read',
        create: 'content.manage',
        update: 'content.manage',
        delete: 'content.manage',
      },
    },
    ChangelogSubscription: {
      table: changelogSubscriptions,
      fields: {
        id: changelogSubscriptions.id,
        workspaceId: changelogSubscriptions.workspaceId,
        contactId: changelogSubscriptions.contactId,
        memberId: changelogSubscriptions.memberId,
      },
      scope: 'content',
      actions: { read: 'content.read', view: 'content.read', create: 'content.read', delete: 'content.read' },
      scopes: { view: 'content:read' },
    },
  },
  events: {
    'changelog.created': changelogEvent,
    'changelog.updated': changelogEvent,
    'changelog.published': changelogEvent,
    'changelog.deleted': changelogEvent,
    'changelog_category.created': changelogCategoryEvent,
    'changelog_category.updated': changelogCategoryEvent,
    'changelog_category.deleted': changelogCategoryEvent,
    // Audited like every event of the catalogue: who turned whose changelog email on or off.
    'changelog_subscription.created': changelogSubscriptionEvent,
    'changelog_subscription.deleted': changelogSubscriptionEvent,
  },
  problems: {
    linked_post_not_found: { status: 422, title: 'A linked post does not exist or is not visible' },
    already_published: { status: 409, title: 'Already published' },
    changelog_category_in_use: {
      status: 409,
      title: 'Entries carry the category: take it off them before deleting it',
    },
  },
})
