import { articles, helpCategories } from '../../db/schema/help-center'
import type { WorkerModule } from '../../jobs/module'
import { audienceGrantResource, audienceGrantsRelation } from '../../kit/audience'
import { defineArea } from '../../registry/area'
import { registerHelpCenterRoutes } from './routes'
import { articleSearch } from './search'
import { publishDueArticles } from './service'

declare module '../../authz/resources' {
  interface ResourceTypes {
    HelpCategory: true
    Article: true
  }
}

/** An article as events carry it (no body). */
interface EventArticle {
  id: string
  categoryId: string
  locale: string
  slug: string
  title: string
  state: string
  publishAt: string | null
  publishedAt: string | null
  audience: string
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'help_category.created': { category: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'help_category.updated': { category: Record<string, unknown>; previous: Record<string, unknown> }
    'help_category.deleted': { category: { id: string; name: string } }
    'article.created': { article: EventArticle }
    /** `previous` holds the changed fields' former values (`translations.<locale>` for a translation). */
    'article.updated': { article: EventArticle; previous: Record<string, unknown> }
    /** `locale` is the text that became public: the article's own locale or one of its translations. */
    'article.published': { article: EventArticle; locale: string }
    'article.deleted': { article: { id: string; title: string; slug: string } }
    'article.voted': {
      vote: {
        articleId: string
        helpful: boolean
        reason: string | null
        locale: string
        helpfulCount: number
        notHelpfulCount: number
      }
    }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    category_not_found: true
    category_archived: true
    category_cycle: true
    category_not_empty: true
    invalid_locale: true
    visibility_wider_than_category: true
  }
}

const contentEvent = (resourceType: string) =>
  ({ resourceType, permission: 'content.read', audited: true }) as const

/** Publishes scheduled articles and translations once their time has come (each slot on one instance). */
function publishModule(): WorkerModule {
  return {
    name: 'help-center-publish',
    setup: async ({ logger }) => ({
      ticks: [
        {
          name: 'publish-due-articles',
          cron: '0 * * * * *',
          async run(db) {
            const published = await publishDueArticles(db)
            if (published > 0) logger.info({ published }, 'scheduled articles published')
          },
        },
      ],
    }),
  }
}

/** The help centre: nested categories and articles with translations, scheduling and helpful votes. */
export default defineArea({
  name: 'help-center',
  routes: registerHelpCenterRoutes,
  workers: [publishModule()],
  searchSources: [articleSearch],
  resources: {
    HelpCategory: {
      table: helpCategories,
      fields: {
        id: helpCategories.id,
        workspaceId: helpCategories.workspaceId,
        effectiveAudience: helpCategories.effectiveAudience,
        audienceSourceId: helpCategories.audienceSourceId,
        hidden: helpCategories.hidden,
      },
      // The grants of its effective audience: the rows of its source (itself or an ancestor), one hop.
      relations: { audienceGrants: { ...audienceGrantsRelation, myField: 'audienceSourceId' } },
      scope: 'content',
      prefix: 'hcat',
      actions: {
        read: 'content.read',
        create: 'content.manage',
        update: 'content.manage',
        delete: 'content.manage',
      },
    },
    Article: {
      table: articles,
      fields: {
        id: articles.id,
        workspaceId: articles.workspaceId,
        state: articles.state,
        effectiveAudience: articles.effectiveAudience,
        audienceSourceId: articles.audienceSourceId,
        categoryHidden: articles.categoryHidden,
      },
      // The grants of its effective audience: the rows of its source (itself or a category of its chain).
      relations: { audienceGrants: { ...audienceGrantsRelation, myField: 'audienceSourceId' } },
      scope: 'content',
      prefix: 'art',
      actions: {
        read: 'content.read',
        read_unpublished: 'content.read',
        vote: 'content.read',
        create: 'content.manage',
        update: 'content.manage',
        delete: 'content.manage',
        publish: 'content.publish',
      },
      scopes: { read_unpublished: 'content:read' },
    },
    // Every content type's audience grants (changelog entries and roadmaps too): declared once, here.
    AudienceGrant: audienceGrantResource,
  },
  events: {
    'help_category.created': contentEvent('help_category'),
    'help_category.updated': contentEvent('help_category'),
    'help_category.deleted': contentEvent('help_category'),
    'article.created': contentEvent('article'),
    'article.updated': contentEvent('article'),
    'article.published': contentEvent('article'),
    'article.deleted': contentEvent('article'),
    'article.voted': contentEvent('article'),
  },
  problems: {
    category_not_found: { status: 422, title: 'The category does not exist' },
    category_archived: { status: 422, title: 'The category is archived' },
    category_cycle: { status: 422, title: 'A category cannot be put under itself or its descendants' },
    category_not_empty: { status: 409, title: 'The category has articles or subcategories' },
    invalid_locale: { status: 422, title: 'Not a BCP 47 language tag' },
    visibility_wider_than_category: {
      status: 422,
      title: "An article can only narrow its category's audience",
    },
  },
})
