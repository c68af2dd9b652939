import { segments } from '../../db/schema'
import type { WorkerModule } from '../../jobs/module'
import { defineArea } from '../../registry/area'
import { runSegmentTick, segmentMembershipReaction } from './refresh'
import { registerSegmentRoutes } from './routes'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Segment: true
  }
}

/** A segment as events carry it. */
interface EventSegment {
  id: string
  name: string
  description: string | null
  kind: string
  conditions: Record<string, unknown> | null
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'segment.created': { segment: EventSegment }
    /** `previous` holds the changed fields' former values. */
    'segment.updated': { segment: EventSegment; previous: Record<string, unknown> }
    'segment.deleted': { segment: { id: string; name: string }; memberCount: number }
    /** Contacts joined or left; the id lists hold at most 100 each, the counts are complete. */
    'segment.members_changed': {
      segment: { id: string; name: string }
      added: string[]
      removed: string[]
      addedCount: number
      removedCount: number
    }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    segment_conditions_required: true
    segment_conditions_not_allowed: true
    segment_members_computed: true
    contact_not_found: true
    segment_in_use: true
  }
}

/**
 * The schedule of rule segments: every 15 minutes, those whose condition is relative to the current time, and
 * any not recomputed for a day (each slot runs on one instance).
 */
function segmentTickModule(): WorkerModule {
  return {
    name: 'segments-refresh',
    setup: async ({ logger }) => ({
      ticks: [
        {
          name: 'segments-refresh',
          cron: '0 */15 * * * *',
          async run(db) {
            const counts = await runSegmentTick(db)
            if (counts.moved > 0) logger.info(counts, 'rule segments recomputed')
          },
        },
      ],
    }),
  }
}

const segmentEvent = { resourceType: 'segment', permission: 'segments.manage', audited: true } as const

/** Segments: manual and rule-based sets of contacts, with membership kept in `segment_members`. */
export default defineArea({
  name: 'segments',
  routes: registerSegmentRoutes,
  resources: {
    Segment: {
      table: segments,
      fields: { id: segments.id, workspaceId: segments.workspaceId },
      scope: 'segments',
      prefix: 'seg',
      actions: {
        read: 'segments.manage',
        create: 'segments.manage',
        update: 'segments.manage',
        delete: 'segments.manage',
      },
      alternatives: { read: ['content.manage', 'feedback.manage'] },
    },
  },
  events: {
    'segment.created': segmentEvent,
    'segment.updated': segmentEvent,
    'segment.deleted': segmentEvent,
    'segment.members_changed': segmentEvent,
  },
  problems: {
    segment_conditions_required: { status: 422, title: 'A rule segment needs conditions' },
    segment_conditions_not_allowed: { status: 422, title: 'A manual segment takes no conditions' },
    segment_members_computed: {
      status: 422,
      title: "A rule segment's members follow its conditions and cannot be added or removed by hand",
    },
    contact_not_found: { status: 422, title: 'No such contact in this workspace' },
    segment_in_use: { status: 409, title: 'Content names the segment in its visibility' },
  },
  reactions: [segmentMembershipReaction],
  workers: [segmentTickModule()],
})
