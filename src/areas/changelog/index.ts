import { changelogEntries } from '../../db/schema/changelog'
import type { WorkerModule } from '../../jobs/module'
import { defineArea } from '../../registry/area'
import { registerChangelogRoutes } from './routes'
import { changelogSearch } from './search'
import { publishDueChangelogEntries } from './service'

declare module '../../authz/resources' {
  interface ResourceTypes {
    ChangelogEntry: true
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
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'changelog.created': { entry: EventEntry }
    /** `previous` holds the changed fields' former values. */
    'changelog.updated': { entry: EventEntry; previous: Record<string, unknown> }
    /** Sent once per publication: by `POST …/publish`, or by the tick when a scheduled entry's time comes. */
    'changelog.published': { entry: EventEntry }
    'changelog.deleted': { entry: { id: string; title: string } }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    linked_post_not_found: true
    already_published: true
  }
}

const changelogEvent = { resourceType: 'changelog_entry', permission: 'content.read', audited: true } as const

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
  workers: [publishModule()],
  searchSources: [changelogSearch],
  resources: {
    ChangelogEntry: {
      table: changelogEntries,
      fields: {
        id: changelogEntries.id,
        workspaceId: changelogEntries.workspaceId,
        state: changelogEntries.state,
        audience: changelogEntries.audience,
      },
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
  },
  events: {
    'changelog.created': changelogEvent,
    'changelog.updated': changelogEvent,
    'changelog.published': changelogEvent,
    'changelog.deleted': changelogEvent,
  },
  problems: {
    linked_post_not_found: { status: 422, title: 'A linked post does not exist or is not visible' },
    already_published: { status: 409, title: 'Already published' },
  },
})
