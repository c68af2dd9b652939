import {
  boards,
  comments,
  feedbackSettings,
  postStatuses,
  postSubscriptions,
  posts,
  tags,
  votes,
} from '../../db/schema/feedback'
import { audienceGrantsRelation } from '../../kit/audience'
import { defineArea } from '../../registry/area'
import { digestModule } from './digest'
import { mentionNotificationKinds } from './mentions'
import { shippedNotificationKinds, subscriberEmailModule, subscriptionNotificationKinds } from './notify'
import { purgeModule } from './purge'
import { registerFeedbackRoutes } from './routes'
import { moveContactSubscriptions } from './subscriptions'

declare module '../../authz/resources' {
  interface ResourceTypes {
    Board: true
    PostStatus: true
    Tag: true
    Post: true
    Vote: true
    Comment: true
    FeedbackSettings: true
    PostSubscription: true
  }
}

declare module '../../events/catalogue' {
  interface EventPayloads {
    'board.created': { board: Record<string, unknown> }
    /** `previous` holds the changed fields' former values. */
    'board.updated': { board: Record<string, unknown>; previous: Record<string, unknown> }
    'board.deleted': { board: { id: string; name: string; slug: string } }
    'post_status.created': { postStatus: Record<string, unknown> }
    'post_status.updated': { postStatus: Record<string, unknown>; previous: Record<string, unknown> }
    'post_status.deleted': { postStatus: { id: string; name: string } }
    'tag.created': { tag: Record<string, unknown> }
    'tag.updated': { tag: Record<string, unknown>; previous: Record<string, unknown> }
    'tag.deleted': { tag: { id: string; name: string } }
    'post.created': { post: Record<string, unknown>; status: StatusRef }
    /** `previous` holds the changed fields' former values (a status change is `post.status_changed`). */
    'post.updated': { post: Record<string, unknown>; previous: Record<string, unknown> }
    /** `comment` is the comment written with the change (`statusComment`), else `null`. */
    'post.status_changed': {
      post: Record<string, unknown>
      status: StatusRef
      previousStatus: StatusRef
      comment: Record<string, unknown> | null
    }
    /** The official response was set, replaced or unpinned (`officialResponse` `null`). */
    'post.official_response_changed': {
      post: Record<string, unknown>
      officialResponse: Record<string, unknown> | null
      previousOfficialResponse: Record<string, unknown> | null
    }
    'post.deleted': { post: { id: string; boardId: string; title: string }; restorableUntil: string }
    'post.restored': { post: Record<string, unknown> }
    /** `post.voteCount` is the count with this vote. */
    'post.voted': { post: PostCount; vote: Record<string, unknown> }
    /** `post.voteCount` is the count without this vote. */
    'post.unvoted': { post: PostCount; vote: Record<string, unknown> }
    /** `post` is the target after the merge; `movedVotes` the votes that moved (each person counts once). */
    'post.merged': {
      post: Record<string, unknown>
      source: { id: string; title: string }
      movedVotes: number
    }
    /** `post` is the post that stands on its own again, with what had moved back. */
    'post.unmerged': { post: Record<string, unknown>; target: { id: string } }
    /** Staff dismissed the suggestion that `other` duplicates `post`. */
    'post.duplicate_dismissed': { post: PostRef; other: PostRef; pair: Record<string, unknown> }
    /** Staff restored a dismissed duplicate suggestion. */
    'post.duplicate_restored': { post: PostRef; other: PostRef; pair: Record<string, unknown> }
    /** `mentions`: the workspace's members the body mentions (`<@mbr_…>`). */
    'comment.created': {
      comment: Record<string, unknown>
      post: { id: string; boardId: string }
      mentions: string[]
    }
    /** `mentions`: the members the new body mentions and the former did not. */
    'comment.updated': {
      comment: Record<string, unknown>
      previous: { body: string }
      mentions: string[]
      post: { id: string; boardId: string }
    }
    /** `count` is the emoji's count with this reaction. */
    'comment.reaction_added': { comment: CommentRef; reaction: ReactionRef; count: number }
    /** `count` is the emoji's count without this reaction. */
    'comment.reaction_removed': { comment: CommentRef; reaction: ReactionRef; count: number }
    'comment.deleted': {
      comment: { id: string; postId: string; visibility: string }
      post: { id: string; boardId: string }
    }
    /** `previous` holds the changed settings' former values. */
    'feedback_settings.updated': { settings: Record<string, unknown>; previous: Record<string, unknown> }
    /** A pending post approved by a moderator: it now shows to everyone who may read its board. */
    'post.approved': { post: Record<string, unknown>; previousModeration: string }
    /** A post rejected (or marked spam) by a moderator, with the reason; only its author and staff see it. */
    'post.rejected': { post: Record<string, unknown>; previousModeration: string; reason: string }
    /** A person's own choice of how much of a post they hear of (`previousLevel` `off` when they had none). */
    'post_subscription.updated': {
      subscription: Record<string, unknown>
      previousLevel: 'all' | 'status' | 'off'
      post: { id: string; boardId: string }
    }
  }
}

declare module '../../http/errors' {
  interface AreaProblemCodes {
    board_not_empty: true
    status_in_use: true
    board_archived: true
    post_merged: true
    post_not_deleted: true
    post_locked: true
    already_voted: true
    post_not_merged: true
    duplicate_of_self: true
    duplicate_dismissed: true
    duplicate_not_dismissed: true
    post_not_pending: true
    post_already_approved: true
    post_has_activity: true
    author_edits_disabled: true
    anonymous_rate_limited: true
    already_reacted: true
    reaction_limit_reached: true
    comment_has_staff_reply: true
    official_response_not_allowed: true
    no_official_response: true
    status_unchanged: true
  }
}

type PostRef = { id: string; title: string }
type PostCount = { id: string; boardId: string; voteCount: number }
type CommentRef = { id: string; postId: string }
type ReactionRef = { emoji: string; reactor: { type: 'contact' | 'member'; id: string } }
type StatusRef = { id: string; name: string; category: string } | null

const feedbackEvent = (resourceType: string) =>
  ({ resourceType, permission: 'feedback.read', audited: true }) as const

/** Feedback: boards, post statuses and tags, posts and votes. */
export default defineArea({
  name: 'feedback',
  routes: registerFeedbackRoutes,
  workers: [purgeModule(), subscriberEmailModule(), digestModule()],
  notificationKinds: {
    ...subscriptionNotificationKinds,
    ...shippedNotificationKinds,
    ...mentionNotificationKinds,
  },
  contactMergeSteps: [moveContactSubscriptions],
  resources: {
    Board: {
      table: boards,
      fields: {
        id: boards.id,
        workspaceId: boards.workspaceId,
        audience: boards.audience,
        viewAccess: boards.viewAccess,
        postAccess: boards.postAccess,
        voteAccess: boards.voteAccess,
        commentAccess: boards.commentAccess,
        oneWay: boards.oneWay,
      },
      relations: {
        audienceGrants: audienceGrantsRelation,
        // `many`: a workspace that never changed its settings has no row, and a `one` relation must find one.
        settings: {
          kind: 'many',
          otherType: 'FeedbackSettings',
          myField: 'workspaceId',
          otherField: 'workspaceId',
        },
      },
      scope: 'feedback',
      prefix: 'brd',
      actions: {
        read: 'feedback.read',
        create: 'feedback.manage',
        update: 'feedback.manage',
        delete: 'feedback.manage',
        post: 'feedback.manage',
      },
    },
    PostStatus: {
      table: postStatuses,
      fields: { id: postStatuses.id, workspaceId: postStatuses.workspaceId },
      scope: 'feedback',
      prefix: 'pst',
      actions: {
        read: 'feedback.read',
        create: 'feedback.manage',
        update: 'feedback.manage',
        delete: 'feedback.manage',
      },
    },
    Tag: {
      table: tags,
      fields: { id: tags.id, workspaceId: tags.workspaceId },
      scope: 'feedback',
      prefix: 'tag',
      actions: {
        read: 'feedback.read',
        create: 'feedback.manage',
        update: 'feedback.manage',
        delete: 'feedback.manage',
      },
    },
    Post: {
      table: posts,
      fields: {
        id: posts.id,
        workspaceId: posts.workspaceId,
        boardId: posts.boardId,
        authorContactId: posts.authorContactId,
        authorVisitorId: posts.authorVisitorId,
        moderation: posts.moderation,
      },
      relations: {
        board: { kind: 'one', otherType: 'Board', myField: 'boardId', otherField: 'id' },
        // Its board's audience grants, one hop (the filter compiler follows direct relations only).
        boardAudienceGrants: { ...audienceGrantsRelation, myField: 'boardId' },
        // `many`: a workspace that never changed its settings has no row, and a `one` relation must find one.
        settings: {
          kind: 'many',
          otherType: 'FeedbackSettings',
          myField: 'workspaceId',
          otherField: 'workspaceId',
        },
      },
      scope: 'feedback',
      prefix: 'post',
      actions: {
        read: 'feedback.read',
        update: 'feedback.manage',
        vote: 'feedback.manage',
        comment: 'feedback.manage',
        delete: 'feedback.moderate',
        restore: 'feedback.moderate',
        merge: 'feedback.moderate',
        moderate: 'feedback.moderate',
        respond: 'feedback.manage',
        history: 'feedback.read',
        subscribe: 'feedback.read',
      },
      scopes: { history: 'feedback:read' },
    },
    Vote: {
      table: votes,
      fields: {
        id: votes.id,
        workspaceId: votes.workspaceId,
        postId: votes.postId,
        contactId: votes.contactId,
        visitorId: votes.visitorId,
      },
      scope: 'feedback',
      prefix: 'vote',
      actions: { read: 'feedback.read' },
    },
    Comment: {
      table: comments,
      fields: {
        id: comments.id,
        workspaceId: comments.workspaceId,
        boardId: comments.boardId,
        visibility: comments.visibility,
        authorContactId: comments.authorContactId,
        authorMemberId: comments.authorMemberId,
      },
      relations: {
        board: { kind: 'one', otherType: 'Board', myField: 'boardId', otherField: 'id' },
        boardAudienceGrants: { ...audienceGrantsRelation, myField: 'boardId' },
      },
      scope: 'feedback',
      prefix: 'cmt',
      actions: {
        read: 'feedback.read',
        update: 'feedback.read',
        delete: 'feedback.moderate',
        react: 'feedback.read',
        history: 'feedback.read',
      },
      scopes: { history: 'feedback:read' },
    },
    FeedbackSettings: {
      table: feedbackSettings,
      fields: {
        workspaceId: feedbackSettings.workspaceId,
        anonymousVoting: feedbackSettings.anonymousVoting,
        anonymousPosting: feedbackSettings.anonymousPosting,
        anonymousCommenting: feedbackSettings.anonymousCommenting,
      },
      scope: 'feedback',
      actions: { read: 'feedback.read', update: 'feedback.manage' },
    },
    PostSubscription: {
      table: postSubscriptions,
      fields: {
        id: postSubscriptions.id,
        workspaceId: postSubscriptions.workspaceId,
        postId: postSubscriptions.postId,
        contactId: postSubscriptions.contactId,
        memberId: postSubscriptions.memberId,
      },
      scope: 'feedback',
      actions: { read: 'feedback.read' },
    },
  },
  events: {
    'board.created': feedbackEvent('board'),
    'board.updated': feedbackEvent('board'),
    'board.deleted': feedbackEvent('board'),
    'post_status.created': feedbackEvent('post_status'),
    'post_status.updated': feedbackEvent('post_status'),
    'post_status.deleted': feedbackEvent('post_status'),
    'tag.created': feedbackEvent('tag'),
    'tag.updated': feedbackEvent('tag'),
    'tag.deleted': feedbackEvent('tag'),
    'post.created': feedbackEvent('post'),
    'post.updated': feedbackEvent('post'),
    'post.status_changed': feedbackEvent('post'),
    'post.deleted': feedbackEvent('post'),
    'post.restored': feedbackEvent('post'),
    'post.voted': feedbackEvent('post'),
    'post.unvoted': feedbackEvent('post'),
    'post.merged': feedbackEvent('post'),
    'post.unmerged': feedbackEvent('post'),
    'post.duplicate_dismissed': feedbackEvent('post'),
    'post.duplicate_restored': feedbackEvent('post'),
    'comment.created': feedbackEvent('comment'),
    'comment.updated': feedbackEvent('comment'),
    'comment.deleted': feedbackEvent('comment'),
    'feedback_settings.updated': feedbackEvent('feedback_settings'),
    'post.approved': feedbackEvent('post'),
    'post.rejected': feedbackEvent('post'),
    'comment.reaction_added': feedbackEvent('comment'),
    'comment.reaction_removed': feedbackEvent('comment'),
    'post.official_response_changed': feedbackEvent('post'),
    // Audited like every event of the catalogue (test/areas/audit.test.ts): who turned whose notices off.
    'post_subscription.updated': feedbackEvent('post'),
  },
  problems: {
    board_not_empty: { status: 409, title: 'The board has posts' },
    status_in_use: { status: 409, title: 'Posts have this status' },
    board_archived: { status: 409, title: 'The board is archived' },
    post_merged: { status: 409, title: 'The post was merged into another' },
    post_not_deleted: { status: 409, title: 'The post is not deleted' },
    post_locked: { status: 409, title: 'The post is locked' },
    already_voted: { status: 409, title: 'Already voted' },
    post_not_merged: { status: 409, title: 'The post was never merged' },
    duplicate_of_self: { status: 422, title: 'A post cannot duplicate itself' },
    duplicate_dismissed: { status: 409, title: 'The duplicate suggestion is dismissed already' },
    duplicate_not_dismissed: { status: 409, title: 'The duplicate suggestion is not dismissed' },
    post_not_pending: { status: 409, title: 'The post is not waiting for moderation' },
    post_already_approved: { status: 409, title: 'The post is already approved' },
    post_has_activity: { status: 409, title: 'The post has votes or comments by others' },
    author_edits_disabled: { status: 403, title: 'Authors may not change their posts' },
    anonymous_rate_limited: { status: 429, title: 'Too many anonymous actions from this address' },
    already_reacted: { status: 409, title: 'Already reacted with this emoji' },
    reaction_limit_reached: { status: 409, title: 'The comment has as many different reactions as it may' },
    comment_has_staff_reply: {
      status: 409,
      title: 'Staff replied to the comment; it can no longer be edited',
    },
    official_response_not_allowed: {
      status: 422,
      title: 'Only a public staff comment can be the official response',
    },
    no_official_response: { status: 409, title: 'The post has no official response' },
    status_unchanged: { status: 409, title: 'The post already has this status' },
  },
})
