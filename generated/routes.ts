import { createRoute, z } from '@hono/zod-openapi'

const HealthSchema = z
  .object({ status: z.literal('ok') })
  .openapi({ required: ['status'] })
  .openapi('Health')

const ProblemCodeSchema = z
  .enum([
    'validation_failed',
    'malformed_json',
    'malformed_request',
    'invalid_cursor',
    'unauthorized',
    'forbidden',
    'invalid_origin',
    'origin_not_allowed',
    'not_found',
    'method_not_allowed',
    'conflict',
    'name_taken',
    'external_id_taken',
    'idempotency_key_in_progress',
    'request_timeout',
    'precondition_failed',
    'payload_too_large',
    'unsupported_media_type',
    'invalid_condition',
    'segment_not_found',
    'idempotency_key_reused',
    'expiry_in_past',
    'schedule_in_past',
    'merge_into_self',
    'merge_with_merged',
    'webhook_url_not_allowed',
    'rate_limited',
    'request_header_fields_too_large',
    'internal_error',
    'not_ready',
    'api_key_revoked',
    'api_key_expired',
    'invalid_credentials',
    'workspace_required',
    'session_required',
    'business_hours_not_found',
    'invalid_time_zone',
    'invalid_time',
    'interval_ends_before_start',
    'overlapping_intervals',
    'invalid_date',
    'duplicate_date',
    'closed_with_intervals',
    'business_hours_in_use',
    'linked_post_not_found',
    'already_published',
    'changelog_category_in_use',
    'contact_exists',
    'contact_merged',
    'contact_in_use',
    'board_not_empty',
    'status_in_use',
    'board_archived',
    'post_merged',
    'post_not_deleted',
    'post_locked',
    'already_voted',
    'post_not_merged',
    'duplicate_of_self',
    'duplicate_dismissed',
    'duplicate_not_dismissed',
    'post_not_pending',
    'post_already_approved',
    'post_has_activity',
    'author_edits_disabled',
    'anonymous_rate_limited',
    'already_reacted',
    'reaction_limit_reached',
    'comment_has_staff_reply',
    'official_response_not_allowed',
    'no_official_response',
    'status_unchanged',
    'category_not_found',
    'category_archived',
    'category_cycle',
    'category_not_empty',
    'invalid_locale',
    'visibility_wider_than_category',
    'inbox_not_found',
    'inbox_in_use',
    'inbox_address_taken',
    'invalid_inbox_channels',
    'invalid_email',
    'member_exists',
    'invitation_accepted',
    'invitation_expired',
    'invitation_revoked',
    'invitation_used',
    'macro_action_invalid',
    'macro_inactive',
    'last_owner',
    'member_not_found',
    'role_already_assigned',
    'domain_taken',
    'free_mail_domain',
    'invalid_portal_tab',
    'portal_tab_target_not_found',
    'portal_tab_limit_reached',
    'unknown_status',
    'invalid_item_order',
    'role_name_taken',
    'role_in_use',
    'system_role_immutable',
    'invalid_routing_action',
    'invalid_reorder',
    'member_not_in_team',
    'sla_policy_not_found',
    'segment_conditions_required',
    'segment_conditions_not_allowed',
    'segment_members_computed',
    'contact_not_found',
    'segment_in_use',
    'invalid_sla_target',
    'invalid_position',
    'already_member',
    'bulk_limit_exceeded',
    'ticket_status_in_use',
    'last_status_in_category',
    'default_status_required',
    'invalid_replacement_status',
    'ticket_setup_limit_reached',
    'custom_field_key_taken',
    'custom_field_options_required',
    'custom_field_options_not_allowed',
    'custom_field_options_duplicate',
    'custom_field_in_use',
    'unknown_custom_field',
    'ticket_participant_not_found',
    'ticket_participant_exists',
    'ticket_participant_role_invalid',
    'ticket_participants_limit',
    'ticket_link_target_not_found',
    'ticket_link_self',
    'ticket_link_exists',
    'ticket_links_limit',
    'ticket_merge_self',
    'ticket_merged',
    'ticket_merge_target_not_found',
    'ticket_status_not_found',
    'ticket_type_not_found',
    'custom_field_invalid',
    'requester_not_found',
    'assignee_not_found',
    'team_not_found',
    'organization_not_found',
    'ticket_closed',
    'attachment_file_missing',
    'attachment_not_found',
    'attachment_claimed',
    'insecure_origin',
    'origin_pattern_too_broad',
    'signup_disabled',
    'slug_taken',
  ])
  .openapi({
    description:
      'Stable, machine-readable error code. Clients branch on this, never on `title` or `detail`. New codes may be added: treat an unknown code by its HTTP status.',
  })
  .openapi('ProblemCode')

const ProblemFieldErrorSchema = z
  .strictObject({
    path: z
      .string()
      .max(1000)
      .openapi({
        description:
          'Where the bad value is, as `body.name`, `query.limit`, `params.apiKeyId` or `headers.idempotency-key`.',
        examples: ['body.name'],
      }),
    code: z
      .string()
      .max(100)
      .openapi({
        description:
          'What is wrong with it (`invalid_type`, `too_small`, `invalid_format`, `unrecognized_keys`, …).',
        examples: ['too_small'],
      }),
    message: z
      .string()
      .max(4096)
      .openapi({ examples: ['Too small: expected string to have >=1 characters'] }),
  })
  .openapi({ required: ['path', 'code', 'message'] })
  .openapi('ProblemFieldError')

const ProblemSchema = z
  .object({
    type: z
      .string()
      .max(200)
      .openapi({
        description: 'A URI naming the problem type (`https://loopdesk.dev/problems/<code>`).',
        examples: ['https://loopdesk.dev/problems/validation_failed'],
      }),
    title: z
      .string()
      .max(200)
      .openapi({ examples: ['The request is not valid'] }),
    status: z
      .int32()
      .min(100)
      .max(599)
      .openapi({ examples: [400] }),
    detail: z
      .string()
      .max(4096)
      .exactOptional()
      .openapi({ examples: ['body.name is required'] }),
    code: ProblemCodeSchema,
    requestId: z
      .string()
      .max(128)
      .openapi({ examples: ['req_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
    errors: z.array(ProblemFieldErrorSchema).max(1000).exactOptional(),
    missingPermission: z
      .string()
      .max(64)
      .exactOptional()
      .openapi({
        description:
          'For `forbidden`, the catalogue permission the caller lacks (see `GET /v1/permissions`).',
        examples: ['contacts.manage'],
      }),
    missingScope: z
      .string()
      .max(64)
      .exactOptional()
      .openapi({
        description: 'For `forbidden`, the API-key scope the key lacks.',
        examples: ['contacts:write'],
      }),
  })
  .openapi({
    description: 'An RFC 9457 problem document, served as `application/problem+json`.',
    required: ['type', 'title', 'status', 'code', 'requestId'],
  })
  .openapi('Problem')

const JsonRpcMessageSchema = z
  .looseObject({
    jsonrpc: z.literal('2.0'),
    id: z
      .xor([
        z
          .string()
          .max(256)
          .openapi({ examples: ['req-1'] }),
        z.number(),
        z.null().nullable(),
      ])
      .exactOptional()
      .openapi({
        description:
          "The request's id (a string or a number), echoed in its answer; absent in notifications. `null` in an error\nanswer to a message whose id could not be read (JSON-RPC 2.0), e.g. the `406` for a missing `Accept`.\n",
      }),
    method: z
      .string()
      .max(200)
      .exactOptional()
      .openapi({ examples: ['tools/call'] }),
    params: z.looseObject({}).exactOptional(),
    result: z.looseObject({}).exactOptional(),
    error: z.looseObject({}).exactOptional(),
  })
  .openapi({
    description:
      'A JSON-RPC 2.0 request, notification, result or error (`jsonrpc` is always `2.0`).',
    required: ['jsonrpc'],
  })
  .openapi('JsonRpcMessage')

const McpMessageSchema = z
  .xor([JsonRpcMessageSchema, z.array(JsonRpcMessageSchema).min(1).max(100)])
  .openapi({
    description: 'A JSON-RPC 2.0 message of the Model Context Protocol, or a batch of them.',
  })
  .openapi('McpMessage')

const ReadinessSchema = z
  .object({
    status: z.literal('ok'),
    database: z
      .enum(['pglite', 'postgres'])
      .openapi({ description: 'Which database driver answered.' }),
  })
  .openapi({ required: ['status', 'database'] })
  .openapi('Readiness')

const MemberIdSchema = z
  .string()
  .regex(/^mbr_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a member id (mbr_…)' })
  .openapi({
    description: 'A member id (TypeID with prefix `mbr`).',
    examples: ['mbr_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('MemberId')

const ApiKeyIdSchema = z
  .string()
  .regex(/^ak_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be an API key id (ak_…)' })
  .openapi({
    description: 'An API key id (TypeID with prefix `ak`).',
    examples: ['ak_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('ApiKeyId')

const ApiKeyScopeSchema = z
  .enum(
    [
      'admin',
      'workspace:read',
      'workspace:write',
      'members:read',
      'members:write',
      'roles:read',
      'roles:write',
      'teams:read',
      'teams:write',
      'api_keys:read',
      'api_keys:write',
      'contacts:read',
      'contacts:write',
      'tickets:read',
      'tickets:write',
      'sla:read',
      'sla:write',
      'routing:read',
      'routing:write',
      'feedback:read',
      'feedback:write',
      'content:read',
      'content:write',
      'segments:read',
      'segments:write',
      'webhooks:read',
      'webhooks:write',
      'integrations:read',
      'integrations:write',
      'widget:read',
      'widget:write',
      'events:read',
      'events:write',
      'audit:read',
      'audit:write',
      'notifications:read',
      'notifications:write',
    ],
    { error: (issue) => `${JSON.stringify(issue.input)} is not a scope` },
  )
  .openapi({
    description:
      "What a key may touch. One `read`/`write` pair per area (`write` includes `read`), plus `admin` (everything). A key can do what both its scopes and its member's roles allow: scopes only ever narrow.",
    examples: ['contacts:read'],
  })
  .openapi('ApiKeyScope')

const TeamIdSchema = z
  .string()
  .regex(/^team_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a team id (team_…)' })
  .openapi({
    description: 'A team id (TypeID with prefix `team`).',
    examples: ['team_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('TeamId')

const InboxIdSchema = z
  .string()
  .regex(/^ibx_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be an inbox id (ibx_…)' })
  .openapi({
    description: 'An inbox id (TypeID with prefix `ibx`).',
    examples: ['ibx_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('InboxId')

const ApiKeySchema = z
  .object({
    id: ApiKeyIdSchema,
    name: z
      .string()
      .max(200)
      .openapi({ examples: ['CRM sync'] }),
    start: z
      .string()
      .max(12)
      .openapi({
        description:
          'The first characters of the secret, to recognise the key. Never enough to use it.',
        examples: ['ld_7Qx2aB9'],
      }),
    createdBy: MemberIdSchema.openapi({
      description:
        'The member the key belongs to and acts for; it can never do more than they can. The `api_key.created` event records who made it.',
    }),
    scopes: z.array(ApiKeyScopeSchema).max(100),
    teamIds: z
      .array(TeamIdSchema)
      .max(100)
      .openapi({ description: "The key's team limit; empty when it has none." }),
    inboxIds: z
      .array(InboxIdSchema)
      .max(100)
      .openapi({ description: "The key's inbox limit; empty when it has none." }),
    createdAt: z.iso.datetime().max(40),
    expiresAt: z.iso.datetime().max(40).nullable(),
    lastUsedAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({ description: 'Updated at most once a minute.' }),
    revokedAt: z.iso.datetime().max(40).nullable(),
    previousSecretExpiresAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({
        description:
          'After a rotation, when the previous secret stops working; null when no previous secret works any more.',
      }),
  })
  .openapi({
    required: [
      'id',
      'name',
      'start',
      'createdBy',
      'scopes',
      'teamIds',
      'inboxIds',
      'createdAt',
      'expiresAt',
      'lastUsedAt',
      'revokedAt',
      'previousSecretExpiresAt',
    ],
  })
  .openapi('ApiKey')

const ApiKeyListSchema = z
  .object({
    data: z.array(ApiKeySchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('ApiKeyList')

const ApiKeyScopesSchema = z
  .array(ApiKeyScopeSchema)
  .min(1)
  .max(64)
  .openapi({
    description:
      "At least one scope. A key may only grant scopes its creator's key holds (a session may grant any).",
  })
  .openapi('ApiKeyScopes')

const ApiKeyTeamIdsSchema = z
  .array(TeamIdSchema)
  .max(100)
  .openapi({
    description:
      'When non-empty, team-scoped resources outside these teams are invisible to the key. Empty: no team limit.\nA team-limited key can only create keys limited to (some of) its own teams; when omitted, they inherit its limit.\n',
  })
  .openapi('ApiKeyTeamIds')

const ApiKeyInboxIdsSchema = z
  .array(InboxIdSchema)
  .max(100)
  .openapi({
    description:
      'When non-empty, inbox-scoped resources outside these inboxes are invisible to the key; empty, no inbox limit.',
  })
  .openapi('ApiKeyInboxIds')

const CreateApiKeyRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(120)
      .openapi({ examples: ['CRM sync'] }),
    scopes: ApiKeyScopesSchema,
    teamIds: ApiKeyTeamIdsSchema.exactOptional(),
    inboxIds: ApiKeyInboxIdsSchema.exactOptional(),
    expiresAt: z.iso
      .datetime()
      .max(40)
      .exactOptional()
      .openapi({
        description:
          "When the key stops working. Must be in the future, and no later than the creating key's own expiry.",
      }),
    memberId: MemberIdSchema.exactOptional().openapi({
      description:
        'Create the key for another member (it then acts for them). Needs `api_keys.manage`, and the caller must hold\nevery permission that member holds: nobody mints a key stronger than themselves. Default: the caller.\n',
    }),
  })
  .openapi({ required: ['name', 'scopes'] })
  .openapi('CreateApiKeyRequest')

const ApiKeyCreatedSchema = z
  .object({
    id: ApiKeyIdSchema,
    name: z
      .string()
      .max(200)
      .openapi({ examples: ['CRM sync'] }),
    start: z
      .string()
      .max(12)
      .openapi({
        description:
          'The first characters of the secret, to recognise the key. Never enough to use it.',
        examples: ['ld_7Qx2aB9'],
      }),
    createdBy: MemberIdSchema.openapi({
      description:
        'The member the key belongs to and acts for; it can never do more than they can. The `api_key.created` event records who made it.',
    }),
    scopes: z.array(ApiKeyScopeSchema).max(100),
    teamIds: z
      .array(TeamIdSchema)
      .max(100)
      .openapi({ description: "The key's team limit; empty when it has none." }),
    inboxIds: z
      .array(InboxIdSchema)
      .max(100)
      .openapi({ description: "The key's inbox limit; empty when it has none." }),
    createdAt: z.iso.datetime().max(40),
    expiresAt: z.iso.datetime().max(40).nullable(),
    lastUsedAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({ description: 'Updated at most once a minute.' }),
    revokedAt: z.iso.datetime().max(40).nullable(),
    previousSecretExpiresAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({
        description:
          'After a rotation, when the previous secret stops working; null when no previous secret works any more.',
      }),
    secret: z
      .string()
      .max(256)
      .openapi({
        description: 'The whole key. Shown only in this answer; store it now.',
        examples: ['ld_7Qx2aB9kLmN3pQrStUvWxYz0123456789abcdEFGH'],
      }),
  })
  .openapi({
    description: 'The key with its whole secret, in the answer to its creation or rotation only.',
    required: [
      'id',
      'name',
      'start',
      'createdBy',
      'scopes',
      'teamIds',
      'inboxIds',
      'createdAt',
      'expiresAt',
      'lastUsedAt',
      'revokedAt',
      'previousSecretExpiresAt',
      'secret',
    ],
  })
  .openapi('ApiKeyCreated')

const UpdateApiKeyRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(120)
      .exactOptional()
      .openapi({ examples: ['CRM sync (production)'] }),
    scopes: ApiKeyScopesSchema.exactOptional(),
    teamIds: ApiKeyTeamIdsSchema.exactOptional(),
    inboxIds: ApiKeyInboxIdsSchema.exactOptional(),
    expiresAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .exactOptional()
      .openapi({
        description:
          'A new expiry in the future, or null for none (not allowed to a key that expires itself).',
      }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateApiKeyRequest')

const RotateApiKeyRequestSchema = z
  .strictObject({
    gracePeriodSeconds: z
      .int32()
      .min(0)
      .max(604800)
      .default(86400)
      .exactOptional()
      .openapi({
        description:
          'How long the previous secret keeps working, so that deployed clients can switch over: 24 hours by default,\nat most 7 days, 0 to stop it at once. Rotating again ends any earlier grace period (only the last previous\nsecret is kept).\n',
      }),
  })
  .openapi('RotateApiKeyRequest')

const AuditActorTypeSchema = z
  .enum(['member', 'contact', 'api_key', 'visitor', 'system'])
  .openapi({
    description:
      "`system` for work no caller asked for (sign-up, scheduled jobs); `visitor` for an anonymous visitor (a publishable key: the id is its widget profile's).",
  })
  .openapi('AuditActorType')

const EventTypeFilterSchema = z
  .string()
  .regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)*(\.\*)?(,[a-z][a-z_]*(\.[a-z][a-z_]*)*(\.\*)?)*$/)
  .max(1000)
  .openapi({
    description:
      'One or more event types, comma-separated; each an exact type (`contact.created`) or a wildcard ending in\n`.*` (`contact.*` matches every `contact.…` type). Each must name or match a type of the event catalogue\n(`400 validation_failed` naming it otherwise).\n',
    examples: ['contact.*', 'organization.created'],
  })
  .openapi('EventTypeFilter')

const EventResourceTypeSchema = z
  .string()
  .regex(/^[a-z][a-z_]*$/)
  .max(50)
  .openapi({
    description: 'The kind of resource, snake_case (`contact`, `api_key`, `team`, …).',
    examples: ['contact'],
  })
  .openapi('EventResourceType')

const AuditEntryIdSchema = z
  .string()
  .regex(/^aud_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be an audit entry id (aud_…)' })
  .openapi({
    description: 'An audit-log entry id (TypeID with prefix `aud`).',
    examples: ['aud_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('AuditEntryId')

const WorkspaceIdSchema = z
  .string()
  .regex(/^ws_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a workspace id (ws_…)' })
  .openapi({
    description: 'A workspace id (TypeID with prefix `ws`).',
    examples: ['ws_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('WorkspaceId')

const EventTypeSchema = z
  .string()
  .regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/)
  .max(100)
  .openapi({
    description: '`<entity>.<past_tense>`, e.g. `contact.created`, `team.member_added`.',
    examples: ['contact.created'],
  })
  .openapi('EventType')

const AuditActorSchema = z
  .object({
    type: AuditActorTypeSchema,
    id: z
      .string()
      .max(256)
      .nullable()
      .openapi({
        description: 'The member, API key or contact id; `null` for `system`.',
        examples: ['ak_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    memberId: z
      .xor([MemberIdSchema, z.null().nullable()])
      .openapi({
        description:
          'The member acting (themself, or the member an API key belongs to); `null` for contacts and `system`.',
      }),
  })
  .openapi({ description: 'Who made the change.', required: ['type', 'id', 'memberId'] })
  .openapi('AuditActor')

const EventResourceSchema = z
  .object({
    type: EventResourceTypeSchema,
    id: z
      .string()
      .max(256)
      .openapi({
        description: "The resource's id (a TypeID of its kind).",
        examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
  })
  .openapi({ description: 'The resource the event is about.', required: ['type', 'id'] })
  .openapi('EventResource')

const EventIdSchema = z
  .string()
  .regex(/^evt_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be an event id (evt_…)' })
  .openapi({
    description: 'An event id (TypeID with prefix `evt`).',
    examples: ['evt_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('EventId')

const AuditChangeSchema = z
  .object({
    before: z
      .any()
      .exactOptional()
      .openapi({ description: 'The value before the change; absent for a creation.' }),
    after: z
      .any()
      .exactOptional()
      .openapi({ description: 'The value after the change; absent for a deletion.' }),
  })
  .openapi({ description: "A field's value before and after the change (JSON of any type)." })
  .openapi('AuditChange')

const AuditEntrySchema = z
  .object({
    id: AuditEntryIdSchema,
    workspaceId: WorkspaceIdSchema,
    occurredAt: z.iso
      .datetime()
      .max(40)
      .openapi({ description: 'When the transaction that made the change began.' }),
    type: EventTypeSchema,
    actor: AuditActorSchema,
    resource: EventResourceSchema,
    eventId: EventIdSchema,
    changes: z
      .record(z.string(), AuditChangeSchema)
      .openapi({
        description:
          'The changed fields, each with its value `before` and `after` the change: a creation has only `after`, a\ndeletion or revocation only `before`. Values of fields named like a secret, password, token or hash\nare `"[redacted]"`, at any depth.\n',
        examples: [{ name: { before: 'Ada', after: 'Ada Lovelace' } }],
      }),
    requestId: z
      .string()
      .max(128)
      .nullable()
      .openapi({
        description:
          'The `X-Request-Id` of the API request that made the change; `null` for background work.',
        examples: ['req_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    ip: z
      .string()
      .max(45)
      .nullable()
      .openapi({
        description:
          "The client's address: the connecting socket's (on Node; behind a proxy, the proxy's) or Cloudflare's\n`CF-Connecting-IP` (on Workers). `null` for background work.\n",
        examples: ['203.0.113.7'],
      }),
    userAgent: z
      .string()
      .max(512)
      .nullable()
      .openapi({
        description: "The request's `User-Agent` (at most 512 characters); `null` when absent.",
        examples: ['loopdesk-sdk/0.1.0'],
      }),
  })
  .openapi({
    description:
      "One audited change: who made it, from where, what it changed. Written in the same transaction as the\nchange, so an entry exists exactly when its change committed. Entries are never changed or deleted through\nthe API (the database refuses it too); they are pruned after the server's retention period.\n",
    required: [
      'id',
      'workspaceId',
      'occurredAt',
      'type',
      'actor',
      'resource',
      'eventId',
      'changes',
      'requestId',
      'ip',
      'userAgent',
    ],
  })
  .openapi('AuditEntry')

const AuditEntryListSchema = z
  .object({
    data: z.array(AuditEntrySchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('AuditEntryList')

const LoginRequestSchema = z
  .strictObject({
    email: z
      .email({ pattern: z.regexes.html5Email })
      .max(254)
      .openapi({ examples: ['ada@acme.test'] }),
    password: z
      .string()
      .min(1)
      .max(1024)
      .openapi({ examples: ['correct horse battery staple'] }),
    workspace: z
      .string()
      .min(1)
      .max(100)
      .exactOptional()
      .openapi({
        description:
          'The workspace to sign in to, by slug or id. An email address is unique per workspace, not across them:\nwithout `workspace` the sign-in succeeds only when exactly one workspace has an active member with\nthis email and password (otherwise `422 workspace_required`).\n',
        examples: ['acme'],
      }),
  })
  .openapi({ required: ['email', 'password'] })
  .openapi('LoginRequest')

const MemberAvailabilitySchema = z
  .enum(['available', 'away', 'offline'])
  .openapi({
    description:
      "Whether the member takes new work: routing's round robin and least-open assignment pick only `available`\nmembers; `away` and `offline` keep their tickets but get no new ones.\n",
    examples: ['available'],
  })
  .openapi('MemberAvailability')

const AssignmentUuidSchema = z
  .uuid()
  .max(36)
  .openapi({
    description:
      "A role assignment's id. Assignments are not addressable on their own (only under their member), so their\nids are plain UUIDs rather than prefixed TypeIDs.\n",
    examples: ['0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b'],
  })
  .openapi('AssignmentUuid')

const RoleAssignmentSchema = z
  .object({
    id: AssignmentUuidSchema,
    role: z
      .string()
      .max(64)
      .openapi({
        description: "The system role's key (`agent`) or the custom role's id (`role_…`).",
        examples: ['supervisor'],
      }),
    roleName: z
      .string()
      .max(200)
      .openapi({ examples: ['Supervisor'] }),
    teamId: z
      .xor([TeamIdSchema, z.null().nullable()])
      .openapi({ description: 'The team the assignment is scoped to; null when workspace-wide.' }),
    createdAt: z.iso.datetime().max(40),
  })
  .openapi({
    description:
      'A role held by a member, workspace-wide (`teamId` null) or within one team: an agent in team A can be a\nsupervisor in team B.\n',
    required: ['id', 'role', 'roleName', 'teamId', 'createdAt'],
  })
  .openapi('RoleAssignment')

const MemberSchema = z
  .object({
    id: MemberIdSchema,
    email: z.email({ pattern: z.regexes.html5Email }).max(254),
    name: z
      .string()
      .max(200)
      .openapi({ examples: ['Grace Hopper'] }),
    status: z
      .enum(['active', 'deactivated'])
      .openapi({
        description:
          '`deactivated` members cannot sign in and their sessions and API keys stop working.',
      }),
    availability: MemberAvailabilitySchema,
    roles: z
      .array(RoleAssignmentSchema)
      .max(100)
      .openapi({
        description: "The member's role assignments, oldest first. Their permissions add up.",
      }),
    teamIds: z
      .array(TeamIdSchema)
      .max(100)
      .openapi({ description: 'The teams the member belongs to.' }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    description:
      'A staff member of the workspace, with the roles they hold and the teams they belong to.',
    required: [
      'id',
      'email',
      'name',
      'status',
      'availability',
      'roles',
      'teamIds',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Member')

const MemberSessionSchema = z
  .object({
    token: z
      .string()
      .max(256)
      .openapi({
        description:
          'The session token. Browsers also get it as the `loopdesk_session` cookie (HttpOnly); mobile apps and\nscripts send it as `Authorization: Bearer <token>`. Shown in this answer only.\n',
        examples: ['sess_01jh2x3y4z5a6b7c8d9e0f1g2h.q3Jx0cW3ZyqvV4bXh8m0Yd2Tn6sP1kLrQfE9aG5uHoI'],
      }),
    expiresAt: z.iso
      .datetime()
      .max(40)
      .openapi({
        description:
          'When the session ends unless used. Each use in the second half of its life extends it.',
      }),
    member: MemberSchema,
  })
  .openapi({ required: ['token', 'expiresAt', 'member'] })
  .openapi('MemberSession')

const PortalMagicLinkRequestSchema = z
  .strictObject({
    workspace: z
      .string()
      .min(1)
      .max(100)
      .openapi({
        description: 'The workspace whose portal to sign in to, by slug or id.',
        examples: ['acme'],
      }),
    email: z
      .email({ pattern: z.regexes.html5Email })
      .max(254)
      .openapi({ examples: ['grace@customer.test'] }),
    redirectUrl: z
      .url()
      .max(2048)
      .exactOptional()
      .openapi({
        description:
          "The portal page that finishes the sign-in: the email links to it with `?token=…` appended, and the page\nsends that token to `POST /v1/auth/portal/verify`. Its origin must be the server's public URL or one of\n`LOOPDESK_CORS_ORIGINS`, so a sign-in link can never carry its token elsewhere. Without it the email\nholds the code only.\n",
        examples: ['https://support.acme.test/sign-in'],
      }),
  })
  .openapi({ required: ['workspace', 'email'] })
  .openapi('PortalMagicLinkRequest')

const PortalMagicLinkAcceptedSchema = z
  .object({
    expiresAt: z.iso
      .datetime()
      .max(40)
      .openapi({ description: 'When the code and link (if one was sent) stop working.' }),
  })
  .openapi({ required: ['expiresAt'] })
  .openapi('PortalMagicLinkAccepted')

const PortalVerifyCodeRequestSchema = z
  .strictObject({
    workspace: z
      .string()
      .min(1)
      .max(100)
      .openapi({
        description: "The workspace's slug or id, as sent to the magic-link request.",
        examples: ['acme'],
      }),
    email: z
      .email({ pattern: z.regexes.html5Email })
      .max(254)
      .openapi({ examples: ['grace@customer.test'] }),
    code: z
      .string()
      .regex(/^[0-9]{6}$/)
      .openapi({ examples: ['042917'] }),
  })
  .openapi({ required: ['workspace', 'email', 'code'] })
  .openapi('PortalVerifyCodeRequest')

const PortalVerifyTokenRequestSchema = z
  .strictObject({
    token: z
      .string()
      .min(1)
      .max(256)
      .openapi({
        description: 'The `token` query parameter of the emailed link.',
        examples: ['pl_7Yx3kQ9vR2mN8wZ4tB6cD1eF5gH0jK3l'],
      }),
  })
  .openapi({ required: ['token'] })
  .openapi('PortalVerifyTokenRequest')

const PortalVerifyRequestSchema = z
  .xor([PortalVerifyCodeRequestSchema, PortalVerifyTokenRequestSchema])
  .openapi({
    description:
      "Either the 6-digit code typed by the person (`workspace`, `email`, `code`) or the link's `token`.",
  })
  .openapi('PortalVerifyRequest')

const ContactIdSchema = z
  .string()
  .regex(/^ct_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a contact id (ct_…)' })
  .openapi({
    description: 'A contact id (TypeID with prefix `ct`).',
    examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('ContactId')

const OrganizationIdSchema = z
  .string()
  .regex(/^org_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be an organisation id (org_…)' })
  .openapi({
    description: 'An organisation id (TypeID with prefix `org`).',
    examples: ['org_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('OrganizationId')

const PortalContactSchema = z
  .object({
    id: ContactIdSchema,
    email: z.email({ pattern: z.regexes.html5Email }).max(254).nullable(),
    name: z
      .string()
      .max(200)
      .nullable()
      .openapi({ examples: ['Ada Lovelace'] }),
    phone: z
      .string()
      .max(50)
      .nullable()
      .openapi({ examples: ['+44 20 7946 0000'] }),
    organizationId: z
      .xor([OrganizationIdSchema, z.null().nullable()])
      .openapi({ description: "The contact's organisation, if any." }),
  })
  .openapi({
    description:
      "The signed-in contact, as the contact sees themselves. Staff-side data (custom attributes, the CRM's\n`externalId`) is not shown to the contact.\n",
    required: ['id', 'email', 'name', 'phone', 'organizationId'],
  })
  .openapi('PortalContact')

const PortalSessionSchema = z
  .object({
    token: z
      .string()
      .max(256)
      .openapi({
        description:
          'The session token (also set as the `loopdesk_session` cookie). Shown in this answer only.',
        examples: ['sess_01jh2x3y4z5a6b7c8d9e0f1g2h.q3Jx0cW3ZyqvV4bXh8m0Yd2Tn6sP1kLrQfE9aG5uHoI'],
      }),
    expiresAt: z.iso.datetime().max(40),
    contact: PortalContactSchema,
  })
  .openapi({ required: ['token', 'expiresAt', 'contact'] })
  .openapi('PortalSession')

const SessionSchema = z
  .object({
    type: z.enum(['member', 'contact']),
    workspaceId: WorkspaceIdSchema,
    expiresAt: z.iso
      .datetime()
      .max(40)
      .openapi({
        description: 'When the session ends unless used (this very call may have extended it).',
      }),
    member: MemberSchema.exactOptional(),
    contact: PortalContactSchema.exactOptional(),
  })
  .openapi({
    description:
      "The caller's session. Exactly one of `member` and `contact` is present, as `type` says.",
    required: ['type', 'workspaceId', 'expiresAt'],
  })
  .openapi('Session')

const AuthorizationResourceTypeSchema = z
  .enum([
    'ApiKey',
    'BusinessHours',
    'ChangelogEntry',
    'ChangelogCategory',
    'Contact',
    'Event',
    'Board',
    'PostStatus',
    'Tag',
    'Post',
    'Vote',
    'Comment',
    'HelpCategory',
    'Article',
    'Inbox',
    'Invitation',
    'Macro',
    'Member',
    'Notification',
    'Organization',
    'PortalTab',
    'Roadmap',
    'Role',
    'RoutingRule',
    'Segment',
    'SlaPolicy',
    'Team',
    'TicketStatus',
    'TicketType',
    'CustomField',
    'Ticket',
    'View',
    'Webhook',
    'WidgetProfile',
    'Workspace',
  ])
  .openapi({ description: 'A resource type the policy knows.' })
  .openapi('AuthorizationResourceType')

const AuthorizationCheckRequestSchema = z
  .strictObject({
    actor: z
      .strictObject({
        type: z.enum(['member', 'contact', 'api_key']),
        id: z
          .string()
          .min(1)
          .max(64)
          .openapi({
            description: 'The member (`mbr_…`), contact (`ct_…`) or API key (`ak_…`) id.',
            examples: ['mbr_01jh2x3y4z5a6b7c8d9e0f1g2h'],
          }),
      })
      .openapi({ required: ['type', 'id'] }),
    action: z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .openapi({
        description: 'The policy action (`read`, `update`, `delete`, `merge`, `assign_role`, …).',
        examples: ['update'],
      }),
    resource: z
      .strictObject({
        type: AuthorizationResourceTypeSchema,
        id: z
          .string()
          .min(1)
          .max(64)
          .openapi({
            description: "The resource's id (its TypeID prefix must match `type`).",
            examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'],
          }),
      })
      .openapi({ required: ['type', 'id'] }),
  })
  .openapi({ required: ['actor', 'action', 'resource'] })
  .openapi('AuthorizationCheckRequest')

const AuthorizationGrantSchema = z
  .object({
    role: z
      .string()
      .max(64)
      .openapi({ description: 'A system role key or a custom role id.', examples: ['agent'] }),
    roleName: z
      .string()
      .max(200)
      .openapi({ examples: ['Agent'] }),
    teamId: z
      .string()
      .max(31)
      .nullable()
      .openapi({
        description: 'The team the assignment is scoped to; null when workspace-wide.',
        examples: ['team_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
  })
  .openapi({
    description: 'The role assignment that grants the action.',
    required: ['role', 'roleName', 'teamId'],
  })
  .openapi('AuthorizationGrant')

const AuthorizationCheckSchema = z
  .object({
    allowed: z.boolean(),
    reason: z
      .enum(['role', 'rule', 'missing_scope', 'missing_permission', 'not_allowed'])
      .openapi({
        description:
          "`role`: a role assignment grants it (see `grantedBy`). `rule`: a rule that is not a role grants it (a\nmember's own record, a contact's own organisation, a team the member belongs to). `missing_scope`: the\nAPI key's scopes do not cover the action. `missing_permission`: no role of the member grants it.\n`not_allowed`: the policy has no rule for it (e.g. a contact acting on staff resources).\n",
      }),
    grantedBy: z.xor([AuthorizationGrantSchema, z.null().nullable()]).exactOptional(),
    requiredPermission: z
      .string()
      .max(64)
      .nullable()
      .exactOptional()
      .openapi({
        description: 'The catalogue permission the action needs, where one does.',
        examples: ['contacts.manage'],
      }),
    requiredScope: z
      .string()
      .max(64)
      .nullable()
      .exactOptional()
      .openapi({
        description: 'The API-key scope the action needs (for `api_key` actors).',
        examples: ['contacts:write'],
      }),
  })
  .openapi({ required: ['allowed', 'reason'] })
  .openapi('AuthorizationCheck')

const BoardIdSchema = z
  .string()
  .regex(/^brd_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a board id (brd_…)' })
  .openapi({
    description: 'A feedback board id (TypeID with prefix `brd`).',
    examples: ['brd_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('BoardId')

const BoardSlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(60)
  .openapi({
    description: 'Lower-case letters and digits joined by hyphens, unique per workspace.',
    examples: ['feature-requests'],
  })
  .openapi('BoardSlug')

const AudienceSchema = z
  .enum(['public', 'authenticated', 'segments', 'organizations', 'staff'])
  .openapi({ examples: ['public'] })
  .openapi('Audience')

const ContentVisibilitySchema = z
  .object({
    audience: AudienceSchema,
    segmentIds: z
      .array(
        z
          .string()
          .max(90)
          .openapi({ examples: ['seg_01h455vb4pex5vsknk084sn02q'] }),
      )
      .max(100)
      .openapi({
        description: 'The segments admitted (audience `segments`); empty otherwise.',
        examples: [[]],
      }),
    organizationIds: z
      .array(
        z
          .string()
          .max(90)
          .openapi({ examples: ['org_01h455vb4pex5vsknk084sn02q'] }),
      )
      .max(100)
      .openapi({
        description: 'The organisations admitted (audience `organizations`); empty otherwise.',
        examples: [[]],
      }),
  })
  .openapi({
    description:
      'Who the content is for, in the shape boards have. `public`: everyone, anonymous visitors too;\n`authenticated`: signed-in contacts; `segments`: the contacts of the listed segments (`segmentIds`);\n`organizations`: the contacts of the listed organisations (`organizationIds`); `staff`: members only.\nMembers who read the content (`content.read`) see it whatever its audience. Content a caller may not see\nis a 404 everywhere and never appears in lists, search, counts or feeds.\n',
    required: ['audience', 'segmentIds', 'organizationIds'],
  })
  .openapi('ContentVisibility')

const AccessLevelSchema = z
  .enum(['anyone', 'contacts', 'staff'])
  .openapi({
    description:
      'Who may do the action. `anyone` includes anonymous visitors, `contacts` signed-in contacts, `staff` members only.',
  })
  .openapi('AccessLevel')

const BoardAccessSchema = z
  .object({
    view: AccessLevelSchema,
    post: AccessLevelSchema,
    vote: AccessLevelSchema,
    comment: AccessLevelSchema,
  })
  .openapi({
    description: 'Who may see the board, post to it, vote and comment.',
    required: ['view', 'post', 'vote', 'comment'],
  })
  .openapi('BoardAccess')

const ModerationRuleSchema = z
  .enum(['none', 'anonymous', 'contacts', 'all'])
  .openapi({
    description:
      "Which new posts wait in the moderation queue (`pending`) until a moderator approves them: `none`;\n`anonymous` (anonymous visitors' posts); `contacts` (contacts' and anonymous visitors' posts); `all`\n(everyone's, staff without `feedback.moderate` too).\n",
  })
  .openapi('ModerationRule')

const BoardFieldSchema = z
  .strictObject({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/)
      .openapi({ examples: ['plan'] }),
    label: z
      .string()
      .min(1)
      .max(120)
      .openapi({ examples: ['Customer plan'] }),
    type: z.enum(['text', 'long_text', 'number', 'select', 'date', 'checkbox']),
    required: z
      .boolean()
      .default(false)
      .exactOptional()
      .openapi({ description: 'Whether every new post must give a value.' }),
    options: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(50)
      .refine((items) => new Set(items).size === items.length)
      .exactOptional()
      .openapi({ description: 'The choices of a `select` field (and only of one).' }),
  })
  .openapi({
    description: 'A custom post field. Posts of the board hold their values under `key`.',
    required: ['key', 'label', 'type'],
  })
  .openapi('BoardField')

const BoardSchema = z
  .object({
    id: BoardIdSchema,
    name: z
      .string()
      .max(120)
      .openapi({ examples: ['Feature requests'] }),
    slug: BoardSlugSchema,
    description: z
      .string()
      .max(2000)
      .nullable()
      .openapi({ examples: ['What should we build next?'] }),
    visibility: ContentVisibilitySchema,
    access: BoardAccessSchema,
    moderation: z
      .xor([ModerationRuleSchema, z.null().nullable()])
      .openapi({
        description:
          "The board's moderation rule for new posts; `null` follows the workspace's (`GET /v1/feedback/settings`).",
      }),
    oneWay: z
      .boolean()
      .openapi({
        description:
          'On a one-way board a contact or an anonymous visitor sees only its own posts; staff see every post.',
      }),
    archived: z
      .boolean()
      .openapi({ description: 'An archived board takes no new posts, votes or comments.' }),
    archivedAt: z.iso.datetime().max(40).nullable(),
    fields: z.array(BoardFieldSchema).max(30),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    description: 'A feedback board.',
    required: [
      'id',
      'name',
      'slug',
      'description',
      'visibility',
      'access',
      'moderation',
      'oneWay',
      'archived',
      'archivedAt',
      'fields',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Board')

const BoardListSchema = z
  .object({ data: z.array(BoardSchema).max(100), nextCursor: z.string().max(512).nullable() })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('BoardList')

const BoardNameSchema = z
  .string()
  .min(1)
  .max(120)
  .openapi({
    description: 'Leading and trailing spaces are dropped.',
    examples: ['Feature requests'],
  })
  .openapi('BoardName')

const ContentVisibilityInputSchema = z
  .strictObject({
    audience: AudienceSchema,
    segmentIds: z
      .array(
        z
          .string()
          .max(90)
          .openapi({ examples: ['seg_01h455vb4pex5vsknk084sn02q'] }),
      )
      .max(100)
      .exactOptional()
      .openapi({ examples: [[]] }),
    organizationIds: z
      .array(
        z
          .string()
          .max(90)
          .openapi({ examples: ['org_01h455vb4pex5vsknk084sn02q'] }),
      )
      .max(100)
      .exactOptional()
      .openapi({ examples: [[]] }),
  })
  .openapi({
    description:
      'Who the content is for. `segments` needs `segmentIds` (at least one) and `organizations` needs\n`organizationIds`; no other audience takes either list (400 `validation_failed`). An id that is no segment\nor organisation of the workspace is a 422 (`segment_not_found`, `organization_not_found`) naming it.\n',
    required: ['audience'],
  })
  .openapi('ContentVisibilityInput')

const BoardAccessInputSchema = z
  .strictObject({
    view: AccessLevelSchema.exactOptional(),
    post: AccessLevelSchema.exactOptional(),
    vote: AccessLevelSchema.exactOptional(),
    comment: AccessLevelSchema.exactOptional(),
  })
  .openapi({
    description:
      'The actions to change; left out, an action keeps its level (new boards default to `view` `anyone`, the rest `contacts`).',
  })
  .openapi('BoardAccessInput')

const CreateBoardRequestSchema = z
  .strictObject({
    name: BoardNameSchema,
    slug: BoardSlugSchema.exactOptional(),
    description: z.string().max(2000).nullable().exactOptional(),
    visibility: ContentVisibilityInputSchema.exactOptional(),
    access: BoardAccessInputSchema.exactOptional(),
    moderation: z
      .xor([ModerationRuleSchema, z.null().nullable()])
      .exactOptional()
      .openapi({ description: "The board's moderation rule; `null` follows the workspace's." }),
    oneWay: z
      .boolean()
      .exactOptional()
      .openapi({ description: 'Contacts and visitors see only their own posts here.' }),
    fields: z.array(BoardFieldSchema).max(30).exactOptional(),
  })
  .openapi({ required: ['name'] })
  .openapi('CreateBoardRequest')

const UpdateBoardRequestSchema = z
  .strictObject({
    name: BoardNameSchema.exactOptional(),
    slug: BoardSlugSchema.exactOptional(),
    description: z.string().max(2000).nullable().exactOptional(),
    visibility: ContentVisibilityInputSchema.exactOptional(),
    access: BoardAccessInputSchema.exactOptional(),
    moderation: z
      .xor([ModerationRuleSchema, z.null().nullable()])
      .exactOptional()
      .openapi({ description: "The board's moderation rule; `null` follows the workspace's." }),
    oneWay: z
      .boolean()
      .exactOptional()
      .openapi({ description: 'Contacts and visitors see only their own posts here.' }),
    archived: z.boolean().exactOptional(),
    fields: z.array(BoardFieldSchema).max(30).exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change; `description` `null` clears it, `fields` replaces the whole list.',
  })
  .openapi('UpdateBoardRequest')

const BusinessHoursIdSchema = z
  .string()
  .regex(/^bh_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a business hours id (bh_…)' })
  .openapi({
    description: 'A business hours id (TypeID with prefix `bh`).',
    examples: ['bh_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('BusinessHoursId')

const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .openapi({
    description:
      'An IANA time zone (`Europe/Berlin`, `UTC`); offsets such as `+01:00` answer `422 invalid_time_zone`.',
    examples: ['Europe/Berlin'],
  })
  .openapi('TimeZone')

const WeekdaySchema = z
  .enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
  .openapi('Weekday')

const LocalTimeSchema = z
  .string()
  .max(5)
  .openapi({
    description:
      "A wall-clock time `HH:MM` in the schedule's zone; `24:00` only as an interval's end (open until midnight).\nAnything else answers `422 invalid_time`.\n",
    examples: ['09:00'],
  })
  .openapi('LocalTime')

const OpeningIntervalSchema = z
  .strictObject({ day: WeekdaySchema, start: LocalTimeSchema, end: LocalTimeSchema })
  .openapi({
    required: ['day', 'start', 'end'],
    description:
      'One opening period of a weekday, from `start` to `end` (exclusive) in wall-clock time. `end` must be after\n`start` (`422 interval_ends_before_start`); a night shift is two intervals (Monday 22:00–24:00 and Tuesday\n00:00–06:00), counted as one continuous period. Intervals of one weekday may not overlap\n(`422 overlapping_intervals`); any number per day (lunch breaks).\n',
    examples: [{ day: 'monday', start: '09:00', end: '12:30' }],
  })
  .openapi('OpeningInterval')

const OpeningIntervalsSchema = z.array(OpeningIntervalSchema).max(200).openapi('OpeningIntervals')

const LocalDateSchema = z
  .string()
  .max(10)
  .openapi({
    description:
      "A calendar date `YYYY-MM-DD` in the schedule's zone (`422 invalid_date` when not a real date).",
    examples: ['2026-12-25'],
  })
  .openapi('LocalDate')

const HolidaySchema = z
  .strictObject({ date: LocalDateSchema, name: z.string().min(1).max(200).exactOptional() })
  .openapi({
    required: ['date'],
    description: 'A local date closed all day. Listing a date twice answers `422 duplicate_date`.',
    examples: [{ date: '2026-12-25', name: 'Christmas Day' }],
  })
  .openapi('Holiday')

const HolidaysSchema = z.array(HolidaySchema).max(1000).openapi('Holidays')

const DayIntervalSchema = z
  .strictObject({ start: LocalTimeSchema, end: LocalTimeSchema })
  .openapi({ required: ['start', 'end'] })
  .openapi('DayInterval')

const HoursOverrideSchema = z
  .strictObject({
    date: LocalDateSchema,
    closed: z.boolean().exactOptional(),
    intervals: z.array(DayIntervalSchema).max(20).exactOptional(),
    name: z.string().min(1).max(200).exactOptional(),
  })
  .openapi({
    required: ['date'],
    description:
      "A one-off date: `closed: true` (or no `intervals`) closes it; `intervals` replace that date's weekly hours.\nAn override wins over a holiday on the same date. A closed override with intervals answers\n`422 closed_with_intervals`.\n",
    examples: [
      { date: '2026-12-24', intervals: [{ start: '09:00', end: '13:00' }], name: 'Christmas Eve' },
    ],
  })
  .openapi('HoursOverride')

const HoursOverridesSchema = z.array(HoursOverrideSchema).max(1000).openapi('HoursOverrides')

const BusinessHoursSchema = z
  .object({
    id: BusinessHoursIdSchema,
    name: z.string().max(200),
    timeZone: TimeZoneSchema,
    intervals: OpeningIntervalsSchema,
    holidays: HolidaysSchema,
    overrides: HoursOverridesSchema,
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    required: [
      'id',
      'name',
      'timeZone',
      'intervals',
      'holidays',
      'overrides',
      'createdAt',
      'updatedAt',
    ],
    description:
      'Opening hours in a time zone: weekly intervals, holidays and one-off overrides. SLA policies and inboxes\ncount business time with them; DST changes are followed (a 09:00–17:00 day stays 8 hours).\n',
    examples: [
      {
        id: 'bh_01jh2x3y4z5a6b7c8d9e0f1g2h',
        name: 'Berlin office',
        timeZone: 'Europe/Berlin',
        intervals: [
          { day: 'monday', start: '09:00', end: '12:30' },
          { day: 'monday', start: '13:30', end: '17:00' },
        ],
        holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
        overrides: [{ date: '2026-12-24', intervals: [{ start: '09:00', end: '13:00' }] }],
        createdAt: '2026-11-26T15:04:05.123Z',
        updatedAt: '2026-11-26T15:04:05.123Z',
      },
    ],
  })
  .openapi('BusinessHours')

const BusinessHoursListSchema = z
  .object({
    data: z.array(BusinessHoursSchema).max(100),
    nextCursor: z.string().max(512).nullable(),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('BusinessHoursList')

const CreateBusinessHoursRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    timeZone: TimeZoneSchema,
    intervals: OpeningIntervalsSchema.exactOptional(),
    holidays: HolidaysSchema.exactOptional(),
    overrides: HoursOverridesSchema.exactOptional(),
  })
  .openapi({ required: ['name', 'timeZone'] })
  .openapi('CreateBusinessHoursRequest')

const UpdateBusinessHoursRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(200).exactOptional(),
    timeZone: TimeZoneSchema.exactOptional(),
    intervals: OpeningIntervalsSchema.exactOptional(),
    holidays: HolidaysSchema.exactOptional(),
    overrides: HoursOverridesSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description: 'The fields given replace the stored ones (a list replaces the whole list).',
  })
  .openapi('UpdateBusinessHoursRequest')

const ChangelogStateSchema = z
  .enum(['draft', 'scheduled', 'published'])
  .openapi({
    description:
      '`draft` is seen by staff only; `scheduled` turns `published` at `publishAt`; `published` is seen by its audience.',
    examples: ['published'],
  })
  .openapi('ChangelogState')

const ChangelogCategorySchema = z
  .string()
  .min(1)
  .max(40)
  .openapi({
    description:
      "A category's name (`New`, `Improved`, `Fixed`…), matched without regard to case; duplicates (any case) are dropped. An entry naming a category that does not exist yet creates it, `public`.",
    examples: ['New'],
  })
  .openapi('ChangelogCategory')

const ChangelogEntryIdSchema = z
  .string()
  .regex(/^chg_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a changelog entry id (chg_…)' })
  .openapi({
    description: 'A changelog entry id (TypeID with prefix `chg`).',
    examples: ['chg_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('ChangelogEntryId')

const PostIdSchema = z
  .string()
  .regex(/^post_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a post id (post_…)' })
  .openapi({
    description: 'A feedback post id (TypeID with prefix `post`).',
    examples: ['post_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('PostId')

const PostStatusIdSchema = z
  .string()
  .regex(/^pst_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a post status id (pst_…)' })
  .openapi({
    description: 'A post status id (TypeID with prefix `pst`).',
    examples: ['pst_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('PostStatusId')

const LinkedPostSchema = z
  .object({
    id: PostIdSchema,
    title: z
      .string()
      .max(255)
      .openapi({ examples: ['CSV export'] }),
    boardId: BoardIdSchema,
    statusId: z.xor([PostStatusIdSchema, z.null().nullable()]),
  })
  .openapi({
    description: 'A feedback post the entry announces, as the reader may see it.',
    required: ['id', 'title', 'boardId', 'statusId'],
  })
  .openapi('LinkedPost')

const NullableTimestampSchema = z.iso
  .datetime()
  .max(40)
  .nullable()
  .openapi({ examples: ['2026-11-26T15:04:05.123Z'] })
  .openapi('NullableTimestamp')

const TimestampSchema = z.iso
  .datetime()
  .max(40)
  .openapi({ examples: ['2026-11-26T15:04:05.123Z'] })
  .openapi('Timestamp')

const ChangelogEntrySchema = z
  .object({
    id: ChangelogEntryIdSchema,
    title: z
      .string()
      .max(255)
      .openapi({ examples: ['CSV export is here'] }),
    body: z
      .string()
      .max(200000)
      .openapi({
        description: 'Markdown.',
        examples: ['Export any board to **CSV** from its menu.'],
      }),
    categories: z
      .array(ChangelogCategorySchema)
      .max(10)
      .openapi({ examples: [[]] }),
    linkedPosts: z
      .array(LinkedPostSchema)
      .max(50)
      .openapi({ examples: [[]] }),
    state: ChangelogStateSchema,
    publishAt: NullableTimestampSchema,
    publishedAt: NullableTimestampSchema,
    displayDate: TimestampSchema,
    visibility: ContentVisibilitySchema,
    effectiveVisibility: ContentVisibilitySchema.openapi({
      description:
        "What readers are held to: the narrowest of the entry's own `visibility` and the visibility of each of\nits categories (the one that admits no one the others do not). When two of them admit different\nsegments or organisations (or segments against organisations), no audience outside the staff is\nadmitted by all of them, and the entry is `staff`-only until they agree. Lists, reads, search, the feed,\nthe portal and the emails to subscribers follow this, never `visibility` alone.\n",
    }),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi({
    description:
      "A changelog entry. `linkedPosts` are the posts it announces that the caller may read; `displayDate` is the date\nreaders see (the one given, else when it was published, else when it was written), and the list's order.\n",
    required: [
      'id',
      'title',
      'body',
      'categories',
      'linkedPosts',
      'state',
      'publishAt',
      'publishedAt',
      'displayDate',
      'visibility',
      'effectiveVisibility',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('ChangelogEntry')

const ChangelogEntryListSchema = z
  .object({
    data: z
      .array(ChangelogEntrySchema)
      .max(100)
      .openapi({ examples: [[]] }),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: [null] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('ChangelogEntryList')

const ChangelogTitleSchema = z
  .string()
  .min(1)
  .max(255)
  .openapi({
    description: 'Leading and trailing spaces are dropped.',
    examples: ['CSV export is here'],
  })
  .openapi('ChangelogTitle')

const ChangelogBodySchema = z
  .string()
  .max(200000)
  .openapi({ description: 'Markdown.', examples: ['Export any board to **CSV** from its menu.'] })
  .openapi('ChangelogBody')

const LinkedPostIdsSchema = z
  .array(PostIdSchema)
  .max(50)
  .openapi({
    description:
      'Posts the entry announces; each must exist and be readable by the caller (`422 linked_post_not_found`).',
    examples: [['post_01jh2x3y4z5a6b7c8d9e0f1g2h']],
  })
  .openapi('LinkedPostIds')

const CreateChangelogEntryRequestSchema = z
  .strictObject({
    title: ChangelogTitleSchema,
    body: ChangelogBodySchema.exactOptional(),
    categories: z
      .array(ChangelogCategorySchema)
      .max(10)
      .exactOptional()
      .openapi({ examples: [['New']] }),
    linkedPostIds: LinkedPostIdsSchema.exactOptional(),
    displayDate: NullableTimestampSchema.exactOptional(),
    visibility: ContentVisibilityInputSchema.exactOptional(),
  })
  .openapi({ required: ['title'] })
  .openapi('CreateChangelogEntryRequest')

const UpdateChangelogEntryRequestSchema = z
  .strictObject({
    title: ChangelogTitleSchema.exactOptional(),
    body: ChangelogBodySchema.exactOptional(),
    categories: z
      .array(ChangelogCategorySchema)
      .max(10)
      .exactOptional()
      .openapi({ examples: [['Improved']] }),
    linkedPostIds: LinkedPostIdsSchema.exactOptional(),
    displayDate: NullableTimestampSchema.exactOptional(),
    visibility: ContentVisibilityInputSchema.exactOptional(),
    state: z
      .literal('draft')
      .exactOptional()
      .openapi({ examples: ['draft'] }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change. `state` `draft` unpublishes or unschedules the entry (needs `content.publish`).',
  })
  .openapi('UpdateChangelogEntryRequest')

const PublishChangelogEntryRequestSchema = z
  .strictObject({
    publishAt: z.iso
      .datetime()
      .max(40)
      .exactOptional()
      .openapi({ examples: ['2027-01-05T09:00:00.000Z'] }),
  })
  .openapi({
    description:
      'Without `publishAt` the entry is published now; with one (in the future) it is scheduled.',
  })
  .openapi('PublishChangelogEntryRequest')

const ChangelogCategoryIdSchema = z
  .string()
  .regex(/^chcat_[0-7][0-9a-hjkmnp-tv-z]{25}$/, {
    error: 'must be a changelog category id (chcat_…)',
  })
  .openapi({
    description: 'A changelog category id (TypeID with prefix `chcat`).',
    examples: ['chcat_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('ChangelogCategoryId')

const ChangelogCategoryDescriptionSchema = z
  .string()
  .max(2000)
  .nullable()
  .openapi({ description: 'What the category is for.', examples: ['New features and products.'] })
  .openapi('ChangelogCategoryDescription')

const ChangelogCategoryRecordSchema = z
  .object({
    id: ChangelogCategoryIdSchema,
    name: ChangelogCategorySchema,
    description: ChangelogCategoryDescriptionSchema,
    visibility: ContentVisibilitySchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi({
    description:
      "A changelog category: a name entries carry in `categories`, with an audience of its own. An entry is held\nto the narrowest of its own visibility and its categories' (its `effectiveVisibility`).\n",
    required: ['id', 'name', 'description', 'visibility', 'createdAt', 'updatedAt'],
  })
  .openapi('ChangelogCategoryRecord')

const ChangelogCategoryListSchema = z
  .object({
    data: z
      .array(ChangelogCategoryRecordSchema)
      .max(100)
      .openapi({ examples: [[]] }),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: [null] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('ChangelogCategoryList')

const CreateChangelogCategoryRequestSchema = z
  .strictObject({
    name: ChangelogCategorySchema,
    description: ChangelogCategoryDescriptionSchema.exactOptional(),
    visibility: ContentVisibilityInputSchema.exactOptional(),
  })
  .openapi({
    description: 'A new category; `visibility` defaults to `public`.',
    required: ['name'],
  })
  .openapi('CreateChangelogCategoryRequest')

const UpdateChangelogCategoryRequestSchema = z
  .strictObject({
    name: ChangelogCategorySchema.exactOptional(),
    description: ChangelogCategoryDescriptionSchema.exactOptional(),
    visibility: ContentVisibilityInputSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change. A new name is written into every entry that carries the category; a new visibility re-scopes every entry of the category at once.',
  })
  .openapi('UpdateChangelogCategoryRequest')

const ChangelogFeedLinkSchema = z
  .object({
    url: z
      .url()
      .max(2000)
      .openapi({
        description: "The RSS feed's URL (with the contact's feed token when `personal`).",
      }),
    personal: z
      .boolean()
      .openapi({
        description:
          "True for a contact's own feed (the entries it may read), false for the public feed.",
      }),
  })
  .openapi({
    description: "Where a feed reader finds the caller's changelog feed.",
    required: ['url', 'personal'],
  })
  .openapi('ChangelogFeedLink')

const SubscriberSchema = z
  .object({
    type: z.enum(['contact', 'member']),
    id: z
      .string()
      .max(90)
      .openapi({ examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
  })
  .openapi({
    description: 'Who a subscription is for; members are told in-app, contacts by email.',
    required: ['type', 'id'],
  })
  .openapi('Subscriber')

const ChangelogSubscriptionSchema = z
  .object({
    subscribed: z.boolean(),
    subscriber: SubscriberSchema,
    createdAt: NullableTimestampSchema,
  })
  .openapi({
    description:
      'Whether a person follows the changelog (contacts are told by email, members in-app).',
    required: ['subscribed', 'subscriber', 'createdAt'],
  })
  .openapi('ChangelogSubscription')

const ChangelogSubscriptionListSchema = z
  .object({
    data: z
      .array(ChangelogSubscriptionSchema)
      .max(100)
      .openapi({ examples: [[]] }),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: [null] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('ChangelogSubscriptionList')

const ChangelogUnsubscribeTokenSchema = z
  .string()
  .regex(/^csub_[0-7][0-9a-hjkmnp-tv-z]{25}\.[A-Za-z0-9_-]{43}$/)
  .min(1)
  .max(200)
  .openapi({
    description: 'A signed one-click unsubscribe token from a changelog email.',
    examples: ['csub_01jh2x3y4z5a6b7c8d9e0f1g2h.3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  })
  .openapi('ChangelogUnsubscribeToken')

const ChangelogUnsubscribeRequestSchema = z
  .strictObject({ token: ChangelogUnsubscribeTokenSchema.exactOptional() })
  .openapi({ description: 'The token, when it does not come in the URL.' })
  .openapi('ChangelogUnsubscribeRequest')

const ChangelogOneClickUnsubscribeFormSchema = z
  .object({
    'List-Unsubscribe': z.literal('One-Click').exactOptional(),
    token: ChangelogUnsubscribeTokenSchema.exactOptional(),
  })
  .openapi({
    description:
      'What a mail client posts for RFC 8058 one-click unsubscribe (the token is in the URL).',
  })
  .openapi('ChangelogOneClickUnsubscribeForm')

const EventActorSchema = z
  .object({
    type: z
      .enum(['member', 'api_key', 'contact', 'visitor', 'system'])
      .openapi({
        description:
          "`system` for work no caller asked for (sign-up, scheduled jobs); `visitor` for an anonymous visitor (a publishable key: the id is its widget profile's).",
      }),
    id: z
      .string()
      .max(256)
      .nullable()
      .openapi({
        description: 'The member, API key or contact id; `null` for `system`.',
        examples: ['ak_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
  })
  .openapi({ description: 'Who made the change.', required: ['type', 'id'] })
  .openapi('EventActor')

const EventSchema = z
  .object({
    id: EventIdSchema,
    type: EventTypeSchema,
    workspaceId: WorkspaceIdSchema,
    occurredAt: z.iso
      .datetime()
      .max(40)
      .openapi({
        description:
          'When the transaction that made the change began (all events of one change share it).',
      }),
    actor: EventActorSchema,
    resource: EventResourceSchema,
    data: z
      .looseObject({})
      .openapi({
        description:
          "The event's payload: the resource as it is after the change (`contact`, `team`, …) and, for\nupdates, `previous` with the changed fields' former values. Never a secret.\n",
        examples: [
          {
            contact: {
              id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h',
              email: 'ada@example.com',
              name: 'Ada Lovelace',
            },
          },
        ],
      }),
    requestId: z
      .string()
      .max(128)
      .nullable()
      .openapi({
        description:
          'The `X-Request-Id` of the API request that made the change; `null` for system work.',
        examples: ['req_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
  })
  .openapi({
    description:
      'Something that happened in the workspace: written in the same transaction as the change it records, so\nan event exists exactly when its change committed. Events are never changed or deleted.\n',
    required: ['id', 'type', 'workspaceId', 'occurredAt', 'actor', 'resource', 'data', 'requestId'],
  })
  .openapi('Event')

const ChangeListSchema = z
  .object({
    data: z.array(EventSchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .openapi({
        description: 'Pass it as `after` to read on from here. Never `null`.',
        examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'],
      }),
  })
  .openapi({
    description:
      'A page of the change feed. `nextCursor` is always present, even when `data` is empty: it is where to\nresume (`?after=`), and a feed never ends.\n',
    required: ['data', 'nextCursor'],
  })
  .openapi('ChangeList')

const CommentIdSchema = z
  .string()
  .regex(/^cmt_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a comment id (cmt_…)' })
  .openapi({
    description: 'A comment id (TypeID with prefix `cmt`).',
    examples: ['cmt_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('CommentId')

const BodyHtmlSchema = z
  .string()
  .max(400000)
  .nullable()
  .openapi({
    description:
      'The Markdown body rendered to sanitised HTML; present only when asked for with `bodyFormat=html` (`null` when\nthere is no body).\n',
    examples: ['<p>We need <strong>CSV</strong> exports of the monthly report.</p>'],
  })
  .openapi('BodyHtml')

const PostAuthorSchema = z
  .object({
    type: z.enum(['contact', 'member']),
    id: z
      .string()
      .max(90)
      .openapi({ examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
  })
  .nullable()
  .openapi({
    description:
      "Who wrote the post; `null` for an anonymous visitor's post (its visitor id is never shown), or when that member or contact was deleted.",
    required: ['type', 'id'],
  })
  .openapi('PostAuthor')

const ReactionEmojiSchema = z
  .string()
  .min(1)
  .max(64)
  .openapi({
    description:
      'One emoji grapheme: a pictograph with its skin tone, variation selector or zero-width-joined sequence, a flag, or\na keycap (`👍`, `🎉`, `👍🏽`, `🇩🇪`, `👩‍💻`, `1️⃣`). Text, several emoji or an empty string are refused.\n',
    examples: ['👍'],
  })
  .openapi('ReactionEmoji')

const CommentReactionSchema = z
  .object({
    emoji: ReactionEmojiSchema,
    count: z
      .int32()
      .min(1)
      .max(2147483647)
      .openapi({ description: 'How many people reacted with this emoji.', examples: [3] }),
    reacted: z.boolean().openapi({ description: 'Whether the caller is one of them.' }),
  })
  .openapi({
    description: 'The reactions of one emoji on a comment.',
    required: ['emoji', 'count', 'reacted'],
  })
  .openapi('CommentReaction')

const CommentReactionsSchema = z
  .array(CommentReactionSchema)
  .max(50)
  .openapi({
    description:
      "The comment's reactions grouped by emoji, in the order each emoji was first used.",
  })
  .openapi('CommentReactions')

const CommentSchema = z
  .object({
    id: CommentIdSchema,
    postId: PostIdSchema,
    parentId: z
      .xor([CommentIdSchema, z.null().nullable()])
      .openapi({ description: 'The comment it answers; `null` at the top of a thread.' }),
    body: z
      .string()
      .max(50000)
      .nullable()
      .openapi({ examples: ['Same here: our finance team exports by hand every month.'] }),
    bodyHtml: BodyHtmlSchema.exactOptional(),
    visibility: z
      .enum(['public', 'private'])
      .openapi({
        description: '`private` comments are staff-only: no contact reads them through any path.',
      }),
    author: PostAuthorSchema,
    removed: z.boolean(),
    reactions: CommentReactionsSchema.exactOptional().openapi({
      description: 'Reactions grouped by emoji (API answers carry them; event payloads do not).',
    }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    description:
      'A comment on a post. A removed comment keeps its place in the thread with `body` and `author` `null`.',
    required: [
      'id',
      'postId',
      'parentId',
      'body',
      'visibility',
      'author',
      'removed',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Comment')

const CommentBodySchema = z
  .string()
  .min(1)
  .max(20000)
  .openapi({
    description: 'Markdown; leading and trailing spaces are dropped, blank is refused.',
    examples: ['Same here: our finance team exports by hand every month.'],
  })
  .openapi('CommentBody')

const UpdateCommentRequestSchema = z
  .strictObject({ body: CommentBodySchema })
  .openapi({ required: ['body'] })
  .openapi('UpdateCommentRequest')

const CommentReactionListSchema = z
  .object({ data: CommentReactionsSchema })
  .openapi({ required: ['data'] })
  .openapi('CommentReactionList')

const AddReactionRequestSchema = z
  .strictObject({ emoji: ReactionEmojiSchema })
  .openapi({ required: ['emoji'] })
  .openapi('AddReactionRequest')

const RevisionIdSchema = z
  .string()
  .regex(/^rev_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a revision id (rev_…)' })
  .openapi({
    description:
      "A revision id (TypeID with prefix `rev`) of a comment's or a post's edit history.",
    examples: ['rev_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('RevisionId')

const RevisionEditorSchema = z
  .object({
    type: z.enum(['contact', 'member']),
    id: z
      .string()
      .max(90)
      .openapi({ examples: ['mbr_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
  })
  .nullable()
  .openapi({
    description:
      'Who made the edit that replaced this version; `null` for a deleted member or contact, or an anonymous visitor.',
    required: ['type', 'id'],
  })
  .openapi('RevisionEditor')

const CommentRevisionSchema = z
  .object({
    id: RevisionIdSchema,
    body: z
      .string()
      .max(50000)
      .openapi({ examples: ['Same here: our finance team exports by hand.'] }),
    editedBy: RevisionEditorSchema,
    editedAt: z.iso
      .datetime()
      .max(40)
      .openapi({ description: 'When the edit replaced this body.' }),
  })
  .openapi({
    description: 'A body a comment had before an edit.',
    required: ['id', 'body', 'editedBy', 'editedAt'],
  })
  .openapi('CommentRevision')

const CommentRevisionListSchema = z
  .object({
    data: z.array(CommentRevisionSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: [null] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('CommentRevisionList')

const ContactEmailSchema = z
  .email({ pattern: z.regexes.html5Email })
  .max(254)
  .openapi({ examples: ['ada@example.com'] })
  .openapi('ContactEmail')

const ExternalIdentifierSchema = z
  .string()
  .regex(/^[^\x00-\x1F\x7F]+$/, { error: 'must not contain control characters' })
  .min(1)
  .max(255)
  .openapi({
    description: 'An identifier of the record in another system (a CRM), unique per workspace.',
    examples: ['crm-4711'],
  })
  .openapi('ExternalIdentifier')

const AttributeValueSchema = z
  .xor([
    z
      .string()
      .max(4096)
      .openapi({ examples: ['enterprise'] }),
    z.number(),
    z.boolean(),
    z.null().nullable(),
    z
      .array(
        z.xor([
          z
            .string()
            .max(4096)
            .openapi({ examples: ['beta'] }),
          z.number(),
          z.boolean(),
        ]),
      )
      .max(100),
  ])
  .openapi({ description: 'A custom attribute value (`null` removes the key in updates).' })
  .openapi('AttributeValue')

const ContactAttributesSchema = z
  .record(z.string(), AttributeValueSchema)
  .openapi({
    description:
      'Custom attributes: at most 100 keys (1–100 characters each), 16 KiB as JSON. A value is a string, number,\nboolean or an array of those. In updates and upserts, attributes are merged key by key and a key set to\n`null` is removed; in creation a `null` value is simply left out.\n',
    examples: [{ plan: 'enterprise', seats: 40, beta: true, regions: ['eu', 'us'] }],
  })
  .openapi('ContactAttributes')

const ContactSchema = z
  .object({
    id: ContactIdSchema,
    email: z
      .email({ pattern: z.regexes.html5Email })
      .max(254)
      .nullable()
      .openapi({
        description: 'Unique per workspace, compared case-insensitively.',
        examples: ['ada@example.com'],
      }),
    name: z
      .string()
      .max(200)
      .nullable()
      .openapi({ examples: ['Ada Lovelace'] }),
    phone: z
      .string()
      .max(50)
      .nullable()
      .openapi({ examples: ['+44 20 7946 0000'] }),
    externalId: z
      .string()
      .max(255)
      .nullable()
      .openapi({
        description: "The contact's id in your CRM; unique per workspace.",
        examples: ['crm-4711'],
      }),
    organizationId: z
      .xor([OrganizationIdSchema, z.null().nullable()])
      .openapi({
        description:
          "The contact's organisation. Set from the email's domain on creation when not given.",
      }),
    attributes: ContactAttributesSchema,
    lastSeenAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({ description: 'When the contact last used the portal or widget.' }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    description:
      'A customer person: portal user, email sender, widget visitor and CRM record are one contact.\nA merged contact is never answered itself: its id resolves to the contact it was merged into.\n',
    required: [
      'id',
      'email',
      'name',
      'phone',
      'externalId',
      'organizationId',
      'attributes',
      'lastSeenAt',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Contact')

const ContactListSchema = z
  .object({
    data: z.array(ContactSchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('ContactList')

const ContactNameSchema = z
  .string()
  .min(1)
  .max(200)
  .openapi({ examples: ['Ada Lovelace'] })
  .openapi('ContactName')

const ContactPhoneSchema = z
  .string()
  .min(1)
  .max(50)
  .openapi({ examples: ['+44 20 7946 0000'] })
  .openapi('ContactPhone')

const CreateContactRequestSchema = z
  .strictObject({
    email: ContactEmailSchema.exactOptional(),
    name: ContactNameSchema.exactOptional(),
    phone: ContactPhoneSchema.exactOptional(),
    externalId: ExternalIdentifierSchema.exactOptional(),
    organizationId: OrganizationIdSchema.exactOptional(),
    attributes: ContactAttributesSchema.exactOptional(),
  })
  .openapi({ description: 'At least one of `email`, `externalId` or `name` is required.' })
  .openapi('CreateContactRequest')

const UpdateContactRequestSchema = z
  .strictObject({
    email: z.xor([ContactEmailSchema, z.null().nullable()]).exactOptional(),
    name: z.xor([ContactNameSchema, z.null().nullable()]).exactOptional(),
    phone: z.xor([ContactPhoneSchema, z.null().nullable()]).exactOptional(),
    externalId: z.xor([ExternalIdentifierSchema, z.null().nullable()]).exactOptional(),
    organizationId: z.xor([OrganizationIdSchema, z.null().nullable()]).exactOptional(),
    attributes: ContactAttributesSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change; `null` clears a field. At least one of `email`, `externalId` or `name` must remain.',
  })
  .openapi('UpdateContactRequest')

const MergeContactsRequestSchema = z
  .strictObject({ sourceContactId: ContactIdSchema })
  .openapi({ required: ['sourceContactId'] })
  .openapi('MergeContactsRequest')

const BulkContactsRequestSchema = z
  .strictObject({
    items: z
      .array(
        z
          .looseObject({})
          .openapi({ description: 'A `CreateContactRequest`, checked when the item is applied.' }),
      )
      .min(1)
      .max(1000)
      .openapi({
        description:
          'Up to 1,000 contacts, each shaped like `CreateContactRequest`. An item with an `externalId` that a\ncontact already has updates that contact (as `PUT /v1/contacts/by-external-id/{externalId}` does);\nany other item creates one. Items are checked one by one: a bad item is answered in its result.\n',
      }),
  })
  .openapi({ required: ['items'] })
  .openapi('BulkContactsRequest')

const BulkContactResultSchema = z
  .object({
    index: z
      .int32()
      .min(0)
      .max(999)
      .openapi({ description: "The item's position in `items` (from 0)." }),
    status: z
      .int32()
      .min(100)
      .max(599)
      .openapi({
        description: "`201` created, `200` updated, or the 4xx status of the item's `error`.",
        examples: [201],
      }),
    id: ContactIdSchema.exactOptional(),
    error: ProblemSchema.exactOptional(),
  })
  .openapi({ required: ['index', 'status'] })
  .openapi('BulkContactResult')

const BulkContactsResultSchema = z
  .object({
    data: z
      .array(BulkContactResultSchema)
      .max(1000)
      .openapi({ description: 'One result per item, in the order of `items`.' }),
  })
  .openapi({ required: ['data'] })
  .openapi('BulkContactsResult')

const UpsertContactRequestSchema = z
  .strictObject({
    email: z.xor([ContactEmailSchema, z.null().nullable()]).exactOptional(),
    name: z.xor([ContactNameSchema, z.null().nullable()]).exactOptional(),
    phone: z.xor([ContactPhoneSchema, z.null().nullable()]).exactOptional(),
    organizationId: z.xor([OrganizationIdSchema, z.null().nullable()]).exactOptional(),
    attributes: ContactAttributesSchema.exactOptional(),
  })
  .openapi({
    description:
      "The fields to set. Fields left out keep their value (or stay empty on creation); `null` clears a field;\nattributes are merged key by key. The `externalId` is the path's.\n",
  })
  .openapi('UpsertContactRequest')

const CustomFieldIdSchema = z
  .string()
  .regex(/^cf_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a custom field id (cf_…)' })
  .openapi({
    description: 'A ticket custom field id (TypeID with prefix `cf`).',
    examples: ['cf_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('CustomFieldId')

const CustomFieldKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/)
  .min(1)
  .max(64)
  .openapi({
    description:
      'Stable machine name, unique per workspace; tickets hold values under it, conditions name it.',
    examples: ['order_number'],
  })
  .openapi('CustomFieldKey')

const CustomFieldTypeSchema = z
  .enum(['text', 'long_text', 'number', 'select', 'multi_select', 'date', 'checkbox'])
  .openapi({
    description: 'What values the field holds; `select` and `multi_select` choose from `options`.',
  })
  .openapi('CustomFieldType')

const Timestamp_2Schema = z.iso.datetime().max(40).openapi('Timestamp_2')

const CustomFieldSchema = z
  .object({
    id: CustomFieldIdSchema,
    key: CustomFieldKeySchema,
    label: z
      .string()
      .max(120)
      .openapi({ examples: ['Order number'] }),
    description: z.string().max(2000).nullable(),
    type: CustomFieldTypeSchema,
    options: z
      .array(z.string().max(200))
      .max(200)
      .openapi({ description: 'The choices of a select field; empty for other types.' }),
    required: z
      .boolean()
      .openapi({
        description: 'A ticket of a type that carries this field must have a value for it.',
      }),
    visibleToContacts: z
      .boolean()
      .openapi({
        description:
          'Shown to the requester in the portal; otherwise internal, never sent to a contact.',
      }),
    position: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: 'Fields are listed by position, then id.' }),
    createdAt: Timestamp_2Schema,
    updatedAt: Timestamp_2Schema,
  })
  .openapi({
    description: 'A ticket custom field definition.',
    required: [
      'id',
      'key',
      'label',
      'description',
      'type',
      'options',
      'required',
      'visibleToContacts',
      'position',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('CustomField')

const CustomFieldListSchema = z
  .object({ data: z.array(CustomFieldSchema).max(200) })
  .openapi({ required: ['data'] })
  .openapi('CustomFieldList')

const CustomFieldLabelSchema = z
  .string()
  .min(1)
  .max(120)
  .openapi({ description: 'What people see; leading and trailing spaces are dropped.' })
  .openapi('CustomFieldLabel')

const CustomFieldOptionsSchema = z
  .array(z.string().min(1).max(200))
  .max(200)
  .openapi({
    description:
      'The choices of a `select` or `multi_select` field: required and non-empty for those (`422\ncustom_field_options_required`), each once (`422 custom_field_options_duplicate`), and refused for other types\n(`422 custom_field_options_not_allowed`).\n',
  })
  .openapi('CustomFieldOptions')

const SetupPositionSchema = z
  .int32()
  .min(0)
  .max(10000)
  .openapi({ description: 'Lists are ordered by position, then id; default after the last one.' })
  .openapi('SetupPosition')

const CreateCustomFieldRequestSchema = z
  .strictObject({
    key: CustomFieldKeySchema,
    label: CustomFieldLabelSchema,
    description: z.string().max(2000).nullable().exactOptional(),
    type: CustomFieldTypeSchema,
    options: CustomFieldOptionsSchema.exactOptional(),
    required: z.boolean().exactOptional().openapi({ description: 'Default `false`.' }),
    visibleToContacts: z
      .boolean()
      .exactOptional()
      .openapi({ description: 'Default `false` (internal).' }),
    position: SetupPositionSchema.exactOptional(),
  })
  .openapi({ required: ['key', 'label', 'type'] })
  .openapi('CreateCustomFieldRequest')

const UpdateCustomFieldRequestSchema = z
  .strictObject({
    label: CustomFieldLabelSchema.exactOptional(),
    description: z.string().max(2000).nullable().exactOptional(),
    type: CustomFieldTypeSchema.exactOptional(),
    options: CustomFieldOptionsSchema.exactOptional(),
    required: z.boolean().exactOptional(),
    visibleToContacts: z.boolean().exactOptional(),
    position: SetupPositionSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The `key` never changes (tickets hold values under it). Changing `type` is refused while a ticket holds a\nvalue for the field (`409 custom_field_in_use`).\n',
  })
  .openapi('UpdateCustomFieldRequest')

const AttributeFilterSchema = z
  .string()
  .regex(/^[^:]{1,100}:[\s\S]{0,200}$/)
  .min(2)
  .max(301)
  .openapi({
    description:
      '`key:value`: the custom attribute `key` equals `value` (compared as text), or is an array holding it.',
    examples: ['plan:enterprise'],
  })
  .openapi('AttributeFilter')

const CountSchema = z.int32().min(0).max(2147483647).openapi('Count')

const CustomerSchema = z
  .object({
    contact: ContactSchema,
    organization: z
      .xor([
        z
          .object({
            id: OrganizationIdSchema,
            name: z
              .string()
              .max(200)
              .openapi({ examples: ['Acme Inc.'] }),
          })
          .openapi({ required: ['id', 'name'] }),
        z.null().nullable(),
      ])
      .openapi({ description: "The contact's organisation, if it has one." }),
    tickets: z
      .xor([
        z
          .object({
            open: CountSchema,
            total: CountSchema,
            lastTicketAt: z.iso
              .datetime()
              .max(40)
              .nullable()
              .openapi({
                description: "When the contact's newest ticket the caller may read was opened.",
              }),
          })
          .openapi({ required: ['open', 'total', 'lastTicketAt'] }),
        z.null().nullable(),
      ])
      .openapi({
        description:
          "The tickets the contact requested that the caller may read (a team-limited agent counts its teams'\ntickets; a contact, the tickets it may open), so no figure reveals a ticket the caller could not open.\n`open` counts the categories `new`, `open`, `pending` and `on_hold`. Null when the caller may read no\nticket at all (an API key without `tickets:read`).\n",
      }),
    feedback: z
      .xor([
        z
          .object({ posts: CountSchema, votes: CountSchema, comments: CountSchema })
          .openapi({ required: ['posts', 'votes', 'comments'] }),
        z.null().nullable(),
      ])
      .openapi({
        description:
          "The contact's feedback activity that the caller may read: posts, votes and comments on boards whose\naudience admits the caller (a segment-only board counts only for callers it admits); deleted posts and\ncomments do not count. Null when the caller may read no post at all (an API key without\n`feedback:read`).\n",
      }),
  })
  .openapi({
    description:
      'One customer person as a CRM sidebar shows them: the contact itself (there is no second people entity), its\norganisation, its ticket activity and its feedback activity.\n',
    required: ['contact', 'organization', 'tickets', 'feedback'],
  })
  .openapi('Customer')

const CustomerListSchema = z
  .object({
    data: z.array(CustomerSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('CustomerList')

const EventListSchema = z
  .object({
    data: z.array(EventSchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('EventList')

const DigestFrequencySchema = z
  .enum(['daily', 'weekly', 'off'])
  .openapi({ description: 'How often the new-feedback digest comes; `off` sends none.' })
  .openapi('DigestFrequency')

const DigestPreferenceSchema = z
  .object({
    frequency: DigestFrequencySchema,
    lastSentAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({
        description:
          'When the last digest was claimed for the caller (a period with nothing new sends no email).',
      }),
    updatedAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({ description: 'When the caller last chose; `null` when it never did.' }),
  })
  .openapi({ required: ['frequency', 'lastSentAt', 'updatedAt'] })
  .openapi('DigestPreference')

const UpdateDigestPreferenceRequestSchema = z
  .strictObject({ frequency: DigestFrequencySchema })
  .openapi({ required: ['frequency'] })
  .openapi('UpdateDigestPreferenceRequest')

const AnonymousRateLimitSchema = z
  .strictObject({
    limit: z
      .int32()
      .min(1)
      .max(10000)
      .openapi({ examples: [20] }),
    windowSeconds: z
      .int32()
      .min(60)
      .max(86400)
      .openapi({ examples: [3600] }),
  })
  .openapi({
    description:
      'How many anonymous posts, votes and comments one client address may make per window, per workspace.',
    required: ['limit', 'windowSeconds'],
  })
  .openapi('AnonymousRateLimit')

const FeedbackSettingsSchema = z
  .object({
    anonymousVoting: z
      .boolean()
      .openapi({
        description:
          'Anonymous visitors (publishable key) may vote on boards whose `vote` access is `anyone`.',
      }),
    anonymousPosting: z
      .boolean()
      .openapi({
        description: 'Anonymous visitors may post on boards whose `post` access is `anyone`.',
      }),
    anonymousCommenting: z
      .boolean()
      .openapi({
        description: 'Anonymous visitors may comment on boards whose `comment` access is `anyone`.',
      }),
    moderation: ModerationRuleSchema,
    holdLinksAndImages: z
      .boolean()
      .openapi({
        description:
          'A new post whose title or body has a link or an image (Markdown or HTML) waits for approval.',
      }),
    authorEdits: z
      .enum(['always', 'until_activity', 'never'])
      .openapi({
        description:
          'When a contact may change or delete its own post: `always`; `until_activity` (until someone else votes or\ncomments: then `409 post_has_activity`); `never` (`403 author_edits_disabled`). Staff are not bound by it.\n',
      }),
    anonymousRateLimit: AnonymousRateLimitSchema,
    updatedAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({ description: '`null` until the settings are first changed.' }),
  })
  .openapi({
    description: "The workspace's feedback settings.",
    required: [
      'anonymousVoting',
      'anonymousPosting',
      'anonymousCommenting',
      'moderation',
      'holdLinksAndImages',
      'authorEdits',
      'anonymousRateLimit',
      'updatedAt',
    ],
  })
  .openapi('FeedbackSettings')

const UpdateFeedbackSettingsRequestSchema = z
  .strictObject({
    anonymousVoting: z.boolean().exactOptional(),
    anonymousPosting: z.boolean().exactOptional(),
    anonymousCommenting: z.boolean().exactOptional(),
    moderation: ModerationRuleSchema.exactOptional(),
    holdLinksAndImages: z.boolean().exactOptional(),
    authorEdits: z.enum(['always', 'until_activity', 'never']).exactOptional(),
    anonymousRateLimit: AnonymousRateLimitSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({ description: 'The settings to change; the others keep their values.' })
  .openapi('UpdateFeedbackSettingsRequest')

const HelpCategoryIdSchema = z
  .string()
  .regex(/^hcat_[0-7][0-9a-hjkmnp-tv-z]{25}$/, {
    error: 'must be a help-centre category id (hcat_…)',
  })
  .openapi({
    description: 'A help-centre category id (TypeID with prefix `hcat`).',
    examples: ['hcat_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('HelpCategoryId')

const PublishStateSchema = z
  .enum(['draft', 'scheduled', 'published'])
  .openapi({
    description:
      '`draft` is seen by staff only; `scheduled` turns `published` at `publishAt`; `published` is seen by its audience.',
    examples: ['published'],
  })
  .openapi('PublishState')

const ArticleIdSchema = z
  .string()
  .regex(/^art_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be an article id (art_…)' })
  .openapi({
    description: 'A help-centre article id (TypeID with prefix `art`).',
    examples: ['art_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('ArticleId')

const LocaleSchema = z
  .string()
  .min(2)
  .max(35)
  .openapi({
    description:
      'A BCP 47 language tag (`en`, `pt-BR`, `zh-Hant-TW`); answers carry its canonical form.',
    examples: ['en', 'pt-BR'],
  })
  .openapi('Locale')

const ArticleSlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(80)
  .openapi({
    description:
      'Lower-case ASCII letters and digits joined by hyphens, unique per workspace and locale.',
    examples: ['reset-your-password'],
  })
  .openapi('ArticleSlug')

const ArticleTranslationSchema = z
  .object({
    locale: LocaleSchema,
    slug: ArticleSlugSchema,
    title: z
      .string()
      .max(255)
      .openapi({ examples: ['Réinitialiser votre mot de passe'] }),
    body: z
      .string()
      .max(200000)
      .openapi({ description: 'Markdown.', examples: ['Ouvrez **Paramètres**, puis…'] }),
    state: PublishStateSchema,
    publishAt: NullableTimestampSchema,
    publishedAt: NullableTimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi({
    description: 'The article in another locale, with its own slug and state.',
    required: ['locale', 'slug', 'title', 'body', 'state', 'publishAt', 'publishedAt', 'updatedAt'],
  })
  .openapi('ArticleTranslation')

const ArticleSchema = z
  .object({
    id: ArticleIdSchema,
    categoryId: HelpCategoryIdSchema,
    locale: LocaleSchema,
    slug: ArticleSlugSchema,
    title: z
      .string()
      .max(255)
      .openapi({ examples: ['Reset your password'] }),
    body: z
      .string()
      .max(200000)
      .openapi({ description: 'Markdown.', examples: ['Open **Settings**, then…'] }),
    state: PublishStateSchema,
    publishAt: NullableTimestampSchema,
    publishedAt: NullableTimestampSchema,
    visibility: ContentVisibilitySchema,
    inheritsVisibility: z
      .boolean()
      .openapi({
        description: "True when the article has no audience of its own and follows its category's.",
        examples: [false],
      }),
    helpfulCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ examples: [12] }),
    notHelpfulCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ examples: [1] }),
    translations: z
      .array(ArticleTranslationSchema)
      .max(200)
      .openapi({ examples: [[]] }),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi({
    description:
      "A help-centre article: Markdown in its own `locale`, and `translations` in others (readers see the published\nones). `visibility` is the effective one: the article's own audience or its category's, whichever is narrower.\n",
    required: [
      'id',
      'categoryId',
      'locale',
      'slug',
      'title',
      'body',
      'state',
      'publishAt',
      'publishedAt',
      'visibility',
      'inheritsVisibility',
      'helpfulCount',
      'notHelpfulCount',
      'translations',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Article')

const ArticleListSchema = z
  .object({
    data: z
      .array(ArticleSchema)
      .max(100)
      .openapi({ examples: [[]] }),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: [null] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('ArticleList')

const ArticleTitleSchema = z
  .string()
  .min(1)
  .max(255)
  .openapi({
    description: 'Leading and trailing spaces are dropped.',
    examples: ['Reset your password'],
  })
  .openapi('ArticleTitle')

const ArticleBodySchema = z
  .string()
  .max(200000)
  .openapi({ description: 'Markdown.', examples: ['Open **Settings**, then…'] })
  .openapi('ArticleBody')

const ArticleVisibilityInputSchema = z
  .xor([ContentVisibilityInputSchema, z.null().nullable()])
  .openapi({
    description:
      "The article's own audience, which may only narrow its category's effective one (`null`: follow the category, its segments or organisations included). Under a `public` or `authenticated` category it may be `segments` or `organizations`; under a `segments` category only `segments` with a subset of its ids (or `staff`), likewise under `organizations`; under a `staff` category only `staff` (`422 visibility_wider_than_category`). When the category's audience later changes so that the article's own no longer narrows it (say the category's segments no longer include the article's), the article becomes `staff` until one of them is changed.",
  })
  .openapi('ArticleVisibilityInput')

const CreateArticleRequestSchema = z
  .strictObject({
    categoryId: HelpCategoryIdSchema,
    title: ArticleTitleSchema,
    body: ArticleBodySchema.exactOptional(),
    slug: ArticleSlugSchema.exactOptional(),
    locale: LocaleSchema.exactOptional(),
    state: PublishStateSchema.exactOptional(),
    publishAt: NullableTimestampSchema.exactOptional(),
    visibility: ArticleVisibilityInputSchema.exactOptional(),
  })
  .openapi({ required: ['categoryId', 'title'] })
  .openapi('CreateArticleRequest')

const UpdateArticleRequestSchema = z
  .strictObject({
    categoryId: HelpCategoryIdSchema.exactOptional(),
    title: ArticleTitleSchema.exactOptional(),
    body: ArticleBodySchema.exactOptional(),
    slug: ArticleSlugSchema.exactOptional(),
    locale: LocaleSchema.exactOptional(),
    state: PublishStateSchema.exactOptional(),
    publishAt: NullableTimestampSchema.exactOptional(),
    visibility: ArticleVisibilityInputSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change. Publishing or scheduling (`state`, `publishAt`) needs `content.publish`.',
  })
  .openapi('UpdateArticleRequest')

const PutArticleTranslationRequestSchema = z
  .strictObject({
    title: ArticleTitleSchema,
    body: ArticleBodySchema.exactOptional(),
    slug: ArticleSlugSchema.exactOptional(),
    state: PublishStateSchema.exactOptional(),
    publishAt: NullableTimestampSchema.exactOptional(),
  })
  .openapi({ required: ['title'] })
  .openapi('PutArticleTranslationRequest')

const VoteArticleRequestSchema = z
  .strictObject({
    helpful: z.boolean().openapi({ description: 'Whether the article helped.', examples: [false] }),
    reason: z
      .string()
      .max(1000)
      .nullable()
      .exactOptional()
      .openapi({
        description: "Why, in the reader's words.",
        examples: ['The screenshots show the old settings page'],
      }),
    locale: LocaleSchema.exactOptional(),
  })
  .openapi({ required: ['helpful'] })
  .openapi('VoteArticleRequest')

const ArticleVoteSchema = z
  .object({
    articleId: ArticleIdSchema,
    helpful: z.boolean().openapi({ examples: [false] }),
    reason: z
      .string()
      .max(1000)
      .nullable()
      .openapi({ examples: ['The screenshots show the old settings page'] }),
    locale: LocaleSchema,
    helpfulCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ examples: [12] }),
    notHelpfulCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ examples: [2] }),
  })
  .openapi({
    description: "The answer recorded and the article's counts with it.",
    required: ['articleId', 'helpful', 'reason', 'locale', 'helpfulCount', 'notHelpfulCount'],
  })
  .openapi('ArticleVote')

const HelpCategorySchema = z
  .object({
    id: HelpCategoryIdSchema,
    parentId: z.xor([HelpCategoryIdSchema, z.null().nullable()]),
    name: z
      .string()
      .max(120)
      .openapi({ examples: ['Getting started'] }),
    description: z
      .string()
      .max(2000)
      .nullable()
      .openapi({ examples: ['First steps with the product'] }),
    position: z
      .int32()
      .min(0)
      .max(1000000)
      .openapi({ examples: [0] }),
    visibility: ContentVisibilitySchema,
    effectiveAudience: AudienceSchema,
    archived: z
      .boolean()
      .openapi({
        description:
          'An archived category (or one under an archived parent) is hidden from readers and takes no articles.',
        examples: [false],
      }),
    archivedAt: NullableTimestampSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi({
    description:
      "A help-centre category. `visibility` is its own audience (with its own segments or organisations); `effectiveAudience` the one readers get: the intersection of its own and its parent's effective one, down the tree. The narrower of the two wins; two sets of segments where neither holds the other (or segments against organisations) intersect to `staff`, so nobody is admitted whom a category and its parent do not both admit.",
    required: [
      'id',
      'parentId',
      'name',
      'description',
      'position',
      'visibility',
      'effectiveAudience',
      'archived',
      'archivedAt',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('HelpCategory')

const HelpCategoryListSchema = z
  .object({
    data: z
      .array(HelpCategorySchema)
      .max(100)
      .openapi({ examples: [[]] }),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: [null] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('HelpCategoryList')

const HelpCategoryNameSchema = z
  .string()
  .min(1)
  .max(120)
  .openapi({
    description: 'Leading and trailing spaces are dropped.',
    examples: ['Getting started'],
  })
  .openapi('HelpCategoryName')

const CategoryVisibilityInputSchema = ContentVisibilityInputSchema.openapi({
  description:
    "A category's own audience (`ContentVisibilityInput`: `segments` with `segmentIds`, `organizations` with `organizationIds`, 422 `segment_not_found` / `organization_not_found` for an id of no segment or organisation of the workspace). Given for a category under a parent, it may only narrow the parent's effective audience, as an article narrows its category (`422 visibility_wider_than_category`); a category that keeps its audience while its parent narrows (or that is moved) simply gets the intersection, `staff` when the two sets of grants are incomparable. Its articles and subcategories follow at once, in the same write.",
}).openapi('CategoryVisibilityInput')

const CreateHelpCategoryRequestSchema = z
  .strictObject({
    name: HelpCategoryNameSchema,
    description: z
      .string()
      .max(2000)
      .nullable()
      .exactOptional()
      .openapi({ examples: ['Text'] }),
    parentId: z.xor([HelpCategoryIdSchema, z.null().nullable()]).exactOptional(),
    position: z
      .int32()
      .min(0)
      .max(1000000)
      .exactOptional()
      .openapi({ examples: [0] }),
    visibility: CategoryVisibilityInputSchema.exactOptional(),
    archived: z
      .boolean()
      .exactOptional()
      .openapi({ examples: [false] }),
  })
  .openapi({ required: ['name'] })
  .openapi('CreateHelpCategoryRequest')

const UpdateHelpCategoryRequestSchema = z
  .strictObject({
    name: HelpCategoryNameSchema.exactOptional(),
    description: z
      .string()
      .max(2000)
      .nullable()
      .exactOptional()
      .openapi({ examples: ['Text'] }),
    parentId: z.xor([HelpCategoryIdSchema, z.null().nullable()]).exactOptional(),
    position: z
      .int32()
      .min(0)
      .max(1000000)
      .exactOptional()
      .openapi({ examples: [0] }),
    visibility: CategoryVisibilityInputSchema.exactOptional(),
    archived: z
      .boolean()
      .exactOptional()
      .openapi({ examples: [false] }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description: 'The fields to change; `parentId` `null` makes it a top-level category.',
  })
  .openapi('UpdateHelpCategoryRequest')

const InboxChannelSchema = z
  .enum(['email', 'widget', 'api', 'portal'])
  .openapi({
    description:
      'A way tickets arrive in the inbox: `email` (to one of its `emailAddresses`), `widget` (a widget profile that\nnames the inbox), `api` (created through `POST /v1/tickets` with its `inboxId`), `portal` (opened by contacts\nin the customer portal).\n',
    examples: ['email'],
  })
  .openapi('InboxChannel')

const InboxNameSchema = z
  .string()
  .min(1)
  .max(200)
  .openapi({ description: 'Leading and trailing spaces are dropped.', examples: ['Support'] })
  .openapi('InboxName')

const InboxChannelsSchema = z
  .array(InboxChannelSchema)
  .max(4)
  .refine((items) => new Set(items).size === items.length)
  .openapi({
    description: 'The channel kinds of the inbox, each at most once.',
    examples: [['email', 'widget']],
  })
  .openapi('InboxChannels')

const InboxEmailAddressSchema = z
  .string()
  .min(3)
  .max(254)
  .openapi({
    description:
      'An address inbound mail reaches the inbox by; stored lower-cased. An address belongs to one inbox across all\nworkspaces (`409 inbox_address_taken`); one that is not a valid address answers `422 invalid_email`.\n',
    examples: ['support@acme.com'],
  })
  .openapi('InboxEmailAddress')

const InboxEmailAddressesSchema = z
  .array(InboxEmailAddressSchema)
  .max(20)
  .openapi({
    description: 'Needs the `email` channel when not empty (`422 invalid_inbox_channels`).',
    examples: [['support@acme.com']],
  })
  .openapi('InboxEmailAddresses')

const TicketPrioritySchema = z
  .enum(['low', 'normal', 'high', 'urgent'])
  .openapi({ examples: ['normal'] })
  .openapi('TicketPriority')

const InboxBusinessHoursIdSchema = z
  .string()
  .regex(/^bh_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a business hours id (bh_…)' })
  .openapi({
    description: 'A business hours id (TypeID with prefix `bh`).',
    examples: ['bh_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('InboxBusinessHoursId')

const InboxSchema = z
  .object({
    id: InboxIdSchema,
    name: InboxNameSchema,
    channels: InboxChannelsSchema,
    emailAddresses: InboxEmailAddressesSchema,
    defaultTeamId: z
      .xor([TeamIdSchema, z.null().nullable()])
      .openapi({ description: 'The team a new ticket of the inbox goes to when it names none.' }),
    defaultPriority: z
      .xor([TicketPrioritySchema, z.null().nullable()])
      .openapi({ description: 'The priority a new ticket of the inbox gets when it names none.' }),
    businessHoursId: z
      .xor([InboxBusinessHoursIdSchema, z.null().nullable()])
      .openapi({
        description: 'The business hours the inbox keeps (SLA clocks and routing read them).',
      }),
    createdAt: z.iso
      .datetime()
      .max(40)
      .openapi({ examples: ['2026-11-26T15:04:05.123Z'] }),
    updatedAt: z.iso
      .datetime()
      .max(40)
      .openapi({ examples: ['2026-11-26T15:04:05.123Z'] }),
  })
  .openapi({
    description: 'Where tickets arrive, by channel, with the defaults its new tickets get.',
    required: [
      'id',
      'name',
      'channels',
      'emailAddresses',
      'defaultTeamId',
      'defaultPriority',
      'businessHoursId',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Inbox')

const InboxListSchema = z
  .object({
    data: z.array(InboxSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('InboxList')

const CreateInboxRequestSchema = z
  .strictObject({
    name: InboxNameSchema,
    channels: InboxChannelsSchema.exactOptional().openapi({
      description: 'Defaults to `["email"]` when `emailAddresses` are given, else to none.',
    }),
    emailAddresses: InboxEmailAddressesSchema.exactOptional(),
    defaultTeamId: z.xor([TeamIdSchema, z.null().nullable()]).exactOptional(),
    defaultPriority: z.xor([TicketPrioritySchema, z.null().nullable()]).exactOptional(),
    businessHoursId: z.xor([InboxBusinessHoursIdSchema, z.null().nullable()]).exactOptional(),
  })
  .openapi({ required: ['name'] })
  .openapi('CreateInboxRequest')

const UpdateInboxRequestSchema = z
  .strictObject({
    name: InboxNameSchema.exactOptional(),
    channels: InboxChannelsSchema.exactOptional(),
    emailAddresses: InboxEmailAddressesSchema.exactOptional(),
    defaultTeamId: z.xor([TeamIdSchema, z.null().nullable()]).exactOptional(),
    defaultPriority: z.xor([TicketPrioritySchema, z.null().nullable()]).exactOptional(),
    businessHoursId: z.xor([InboxBusinessHoursIdSchema, z.null().nullable()]).exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description: "The fields to change. `emailAddresses` replaces the inbox's whole list.",
  })
  .openapi('UpdateInboxRequest')

const InboxMemberSchema = z
  .object({
    id: MemberIdSchema,
    name: z
      .string()
      .max(200)
      .openapi({ examples: ['Grace Hopper'] }),
    email: z
      .email({ pattern: z.regexes.html5Email })
      .max(254)
      .openapi({ examples: ['grace@example.com'] }),
    status: z
      .enum(['active', 'deactivated'])
      .openapi({ description: '`deactivated` members stay in their inboxes but cannot sign in.' }),
    availability: MemberAvailabilitySchema,
    addedAt: z.iso
      .datetime()
      .max(40)
      .openapi({
        description: 'When the member joined the inbox.',
        examples: ['2026-11-26T15:04:05.123Z'],
      }),
  })
  .openapi({
    description:
      'A member of an inbox, with its availability (routing assigns only `available` members).',
    required: ['id', 'name', 'email', 'status', 'availability', 'addedAt'],
  })
  .openapi('InboxMember')

const InboxMemberListSchema = z
  .object({
    data: z.array(InboxMemberSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('InboxMemberList')

const AddInboxMemberRequestSchema = z
  .strictObject({ memberId: MemberIdSchema })
  .openapi({ required: ['memberId'] })
  .openapi('AddInboxMemberRequest')

const InvitationIdSchema = z
  .string()
  .regex(/^inv_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be an invitation id (inv_…)' })
  .openapi({
    description: 'An invitation id (TypeID with prefix `inv`).',
    examples: ['inv_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('InvitationId')

const InvitationSchema = z
  .object({
    id: InvitationIdSchema,
    email: z.email({ pattern: z.regexes.html5Email }).max(254),
    role: z
      .string()
      .max(64)
      .openapi({
        description:
          'The role the new member gets, workspace-wide: a system key (`agent`) or a custom role id.',
        examples: ['agent'],
      }),
    roleName: z
      .string()
      .max(200)
      .openapi({ examples: ['Agent'] }),
    teamIds: z
      .array(TeamIdSchema)
      .max(100)
      .openapi({ description: 'The teams the new member joins.' }),
    status: z
      .enum(['pending', 'accepted', 'revoked', 'expired'])
      .openapi({
        description:
          '`pending` until accepted, revoked or past `expiresAt` (7 days after creation).',
      }),
    invitedBy: z
      .xor([MemberIdSchema, z.null().nullable()])
      .openapi({ description: 'The member who sent it (null if they were deleted since).' }),
    createdAt: z.iso.datetime().max(40),
    expiresAt: z.iso.datetime().max(40),
    acceptedAt: z.iso.datetime().max(40).nullable(),
    acceptedMemberId: z
      .xor([MemberIdSchema, z.null().nullable()])
      .openapi({ description: 'The member the invitation created.' }),
    revokedAt: z.iso.datetime().max(40).nullable(),
  })
  .openapi({
    description:
      'An invitation to join the workspace as a member. Its token is shown once, when it is created.',
    required: [
      'id',
      'email',
      'role',
      'roleName',
      'teamIds',
      'status',
      'invitedBy',
      'createdAt',
      'expiresAt',
      'acceptedAt',
      'acceptedMemberId',
      'revokedAt',
    ],
  })
  .openapi('Invitation')

const InvitationListSchema = z
  .object({
    data: z.array(InvitationSchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('InvitationList')

const SystemRoleKeySchema = z
  .enum(['owner', 'admin', 'supervisor', 'agent', 'collaborator', 'viewer'])
  .openapi({
    description:
      'A system role: `owner` (everything), `admin` (everything but workspace settings), `supervisor`, `agent`,\n`collaborator` (reads and writes internal notes, no public replies) and `viewer` (read only).\n',
  })
  .openapi('SystemRoleKey')

const RoleIdSchema = z
  .string()
  .regex(/^role_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a role id (role_…)' })
  .openapi({
    description:
      'A custom role id (TypeID with prefix `role`). System roles are named by their key instead.',
    examples: ['role_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('RoleId')

const RoleRefSchema = z
  .union([SystemRoleKeySchema, RoleIdSchema])
  .openapi({
    description: "A role, named by its system key (`agent`) or by a custom role's id (`role_…`).",
    examples: ['agent'],
  })
  .openapi('RoleRef')

const CreateInvitationRequestSchema = z
  .strictObject({
    email: z
      .email({ pattern: z.regexes.html5Email })
      .max(254)
      .openapi({ examples: ['grace@acme.test'] }),
    role: RoleRefSchema,
    teamIds: z
      .array(TeamIdSchema)
      .max(50)
      .exactOptional()
      .openapi({ description: 'Teams the new member joins on acceptance.' }),
  })
  .openapi({ required: ['email', 'role'] })
  .openapi('CreateInvitationRequest')

const InvitationTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, { error: 'must be an invitation token (43 base64url characters)' })
  .openapi({
    description:
      "The invitation's secret token (256 random bits, base64url). Only its SHA-256 is stored.",
    examples: ['q3Jx0cW3ZyqvV4bXh8m0Yd2Tn6sP1kLrQfE9aG5uHoI'],
  })
  .openapi('InvitationToken')

const InvitationCreatedSchema = z
  .object({
    id: InvitationIdSchema,
    email: z.email({ pattern: z.regexes.html5Email }).max(254),
    role: z
      .string()
      .max(64)
      .openapi({ examples: ['agent'] }),
    roleName: z
      .string()
      .max(200)
      .openapi({ examples: ['Agent'] }),
    teamIds: z.array(TeamIdSchema).max(100),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    invitedBy: z.xor([MemberIdSchema, z.null().nullable()]),
    createdAt: z.iso.datetime().max(40),
    expiresAt: z.iso.datetime().max(40),
    acceptedAt: z.iso.datetime().max(40).nullable(),
    acceptedMemberId: z.xor([MemberIdSchema, z.null().nullable()]),
    revokedAt: z.iso.datetime().max(40).nullable(),
    token: InvitationTokenSchema,
    acceptUrl: z
      .url()
      .max(2048)
      .openapi({
        description:
          '`<LOOPDESK_PUBLIC_URL>/accept-invitation#token=<token>`: the page of your frontend that reads the token from the fragment (never sent to a server) and calls `POST /v1/invitations/accept`.',
        examples: [
          'https://desk.acme.test/accept-invitation#token=q3Jx0cW3ZyqvV4bXh8m0Yd2Tn6sP1kLrQfE9aG5uHoI',
        ],
      }),
  })
  .openapi({
    description:
      'A new invitation with its token, shown in this answer only. The email sent to the invitee carries the same link.',
    required: [
      'id',
      'email',
      'role',
      'roleName',
      'teamIds',
      'status',
      'invitedBy',
      'createdAt',
      'expiresAt',
      'acceptedAt',
      'acceptedMemberId',
      'revokedAt',
      'token',
      'acceptUrl',
    ],
  })
  .openapi('InvitationCreated')

const AcceptInvitationRequestSchema = z
  .strictObject({
    token: InvitationTokenSchema,
    name: z
      .string()
      .min(1)
      .max(120)
      .openapi({ examples: ['Grace Hopper'] }),
    password: z
      .string()
      .min(10)
      .max(1024)
      .openapi({
        description: 'At least 10 characters. Stored as an argon2id hash; never shown again.',
        examples: ['correct horse battery staple'],
      }),
  })
  .openapi({ required: ['token', 'name', 'password'] })
  .openapi('AcceptInvitationRequest')

const MacroSharingSchema = z
  .enum(['personal', 'team', 'workspace'])
  .openapi({
    description:
      'Who sees and applies the macro: `personal` (its owner), `team` (the members of `teamId`) or `workspace`\n(everyone who reads tickets). Personal macros are written by their owner (`tickets.update`); shared ones\nneed `routing.manage`.\n',
  })
  .openapi('MacroSharing')

const MacroIdSchema = z
  .string()
  .regex(/^mac_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a macro id (mac_…)' })
  .openapi({
    description: 'A macro id (TypeID with prefix `mac`).',
    examples: ['mac_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('MacroId')

const MacroNameSchema = z
  .string()
  .min(1)
  .max(200)
  .openapi({
    description: 'Leading and trailing spaces are dropped.',
    examples: ['Refund approved'],
  })
  .openapi('MacroName')

const MacroDescriptionSchema = z
  .string()
  .max(2000)
  .nullable()
  .openapi({ examples: ['Approve the refund', 'reply with the timeline and solve.'] })
  .openapi('MacroDescription')

const MacroActionSchema = z
  .looseObject({
    type: z
      .string()
      .max(40)
      .openapi({ examples: ['set_status'] }),
  })
  .refine((o) => Object.keys(o).length <= 8)
  .openapi({
    description:
      "One conversation action, by `type`, with that type's parameters beside it:\n\n| type | parameters |\n|---|---|\n| `assign` | `assigneeId?` (member id or `null`), `teamId?` (team id or `null`): at least one |\n| `take` | none: assigns the ticket to the member applying the macro |\n| `return` | none: unassigns the ticket, back to its team's queue |\n| `set_status` | `statusId` |\n| `set_priority` | `priority`: `low`, `normal`, `high` or `urgent` |\n| `add_tags`, `remove_tags` | `tags`: 1–50 tags (1–100 characters, no commas) |\n| `snooze` | `until` (date-time) or `minutes` (1–525600): exactly one |\n| `reply`, `note` | `body`: Markdown template (1–65536 characters) |\n| `mark_read` | none |\n\nA `reply` or `note` body is a template: `{{ticket.number}}`, `{{ticket.subject}}`, `{{requester.name}}`,\n`{{requester.email}}`, `{{organization.name}}` and `{{agent.name}}` are replaced when the macro is\napplied (a value the ticket lacks, such as an organisation, renders empty). Any other `{{…}}` name is\nrefused when the macro is saved. An unknown type, a missing or unknown parameter, or a status, member or team\nthat does not exist answers `422 macro_action_invalid`, its `errors` naming `body.actions.<index>…`.\n",
    required: ['type'],
    examples: [
      {
        type: 'reply',
        body: 'Hi {{requester.name}}, your refund for ticket #{{ticket.number}} is on its way.',
      },
    ],
  })
  .openapi('MacroAction')

const MacroActionsSchema = z
  .array(MacroActionSchema)
  .min(1)
  .max(50)
  .openapi({ description: 'The actions, applied in this order.' })
  .openapi('MacroActions')

const MacroSchema = z
  .object({
    id: MacroIdSchema,
    name: MacroNameSchema,
    description: MacroDescriptionSchema,
    sharing: MacroSharingSchema,
    ownerId: z
      .xor([MemberIdSchema, z.null().nullable()])
      .openapi({ description: 'The member who created the macro (and owns it when personal).' }),
    teamId: z
      .xor([TeamIdSchema, z.null().nullable()])
      .openapi({ description: 'The team a `team` macro is shared with; `null` otherwise.' }),
    actions: MacroActionsSchema,
    active: z
      .boolean()
      .openapi({
        description: 'An inactive macro is kept but cannot be applied (`422 macro_inactive`).',
      }),
    position: z
      .int32()
      .min(0)
      .max(100000)
      .openapi({ description: 'Lists sort by it (then by id) unless `sort` says otherwise.' }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    description: 'A named, ordered set of conversation actions.',
    required: [
      'id',
      'name',
      'description',
      'sharing',
      'ownerId',
      'teamId',
      'actions',
      'active',
      'position',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Macro')

const MacroListSchema = z
  .object({
    data: z.array(MacroSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('MacroList')

const MacroPositionSchema = z.int32().min(0).max(100000).openapi('MacroPosition')

const CreateMacroRequestSchema = z
  .strictObject({
    name: MacroNameSchema,
    description: MacroDescriptionSchema.exactOptional(),
    sharing: MacroSharingSchema.exactOptional(),
    teamId: TeamIdSchema.exactOptional(),
    actions: MacroActionsSchema,
    active: z.boolean().exactOptional(),
    position: MacroPositionSchema.exactOptional(),
  })
  .openapi({
    description:
      'A new macro; `sharing` is `personal` unless told otherwise, and `team` needs `teamId`.',
    required: ['name', 'actions'],
  })
  .openapi('CreateMacroRequest')

const UpdateMacroRequestSchema = z
  .strictObject({
    name: MacroNameSchema.exactOptional(),
    description: MacroDescriptionSchema.exactOptional(),
    sharing: MacroSharingSchema.exactOptional(),
    teamId: z.xor([TeamIdSchema, z.null().nullable()]).exactOptional(),
    actions: MacroActionsSchema.exactOptional(),
    active: z.boolean().exactOptional(),
    position: MacroPositionSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change; `actions` replaces the list. Leaving `team` sharing drops the team. Changing the\nsharing needs the permission of the new sharing too.\n',
  })
  .openapi('UpdateMacroRequest')

const TicketIdSchema = z
  .string()
  .regex(/^tkt_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a ticket id (tkt_…)' })
  .openapi({
    description: 'A ticket id (TypeID with prefix `tkt`).',
    examples: ['tkt_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('TicketId')

const BulkTicketIdsSchema = z
  .array(TicketIdSchema)
  .min(1)
  .max(1000)
  .openapi({
    description:
      'The tickets, at most 500 distinct ids (more answers `422 bulk_limit_exceeded`; a list of over 1,000 entries is\na `400`).\n',
  })
  .openapi('BulkTicketIds')

const ApplyMacroRequestSchema = z
  .strictObject({
    ticketId: TicketIdSchema.exactOptional(),
    ticketIds: BulkTicketIdsSchema.exactOptional(),
    dryRun: z
      .boolean()
      .exactOptional()
      .openapi({
        description: 'Write nothing; answer what would change and the rendered replies and notes.',
      }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description: 'One ticket (`ticketId`) or many (`ticketIds`), exactly one of the two.',
  })
  .openapi('ApplyMacroRequest')

const TicketFieldChangeSchema = z
  .object({
    field: z.enum([
      'statusId',
      'statusCategory',
      'priority',
      'assigneeId',
      'teamId',
      'tags',
      'snoozedUntil',
    ]),
    before: z.any().openapi({ description: 'The value before.' }),
    after: z.any().openapi({ description: 'The value after.' }),
  })
  .openapi({
    description: "A field's value before and after (`tags` as arrays, times as date-times).",
    required: ['field', 'before', 'after'],
    examples: [{ field: 'priority', before: 'normal', after: 'urgent' }],
  })
  .openapi('TicketFieldChange')

const TicketActionResultSchema = z
  .object({
    ticketId: TicketIdSchema,
    status: z
      .enum(['updated', 'unchanged', 'not_found', 'forbidden', 'invalid'])
      .openapi({
        description:
          '`updated` (changed; in a dry run: would change), `unchanged`, `not_found` (no such ticket or not visible to\nthe caller), `forbidden` (visible, but the caller may not do this) or `invalid` (refused; see `problem`).\n',
      }),
    changes: z
      .array(TicketFieldChangeSchema)
      .max(10)
      .exactOptional()
      .openapi({
        description: 'The fields that changed (or would), with their values before and after.',
      }),
    messages: z
      .array(
        z
          .object({
            kind: z.enum(['reply', 'note']),
            body: z
              .string()
              .max(200000)
              .openapi({ examples: ['Hi Ada, your refund for ticket #1042 is on its way.'] }),
          })
          .openapi({ required: ['kind', 'body'] }),
      )
      .max(50)
      .exactOptional()
      .openapi({
        description:
          'The replies and notes written (or that would be), with their templates rendered.',
      }),
    problem: ProblemSchema.exactOptional(),
  })
  .openapi({ description: 'What happened to one ticket.', required: ['ticketId', 'status'] })
  .openapi('TicketActionResult')

const TicketActionResultsSchema = z
  .object({
    dryRun: z
      .boolean()
      .exactOptional()
      .openapi({ description: 'Whether nothing was written (`applyMacro` with `dryRun`).' }),
    data: z
      .array(TicketActionResultSchema)
      .max(500)
      .openapi({ description: 'One result per distinct ticket id, in the order given.' }),
  })
  .openapi({ required: ['data'] })
  .openapi('TicketActionResults')

const MemberListSchema = z
  .object({
    data: z.array(MemberSchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('MemberList')

const UpdateMemberRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(120)
      .exactOptional()
      .openapi({
        description:
          "Members may change their own name; changing another's needs `members.manage`.",
        examples: ['Grace Hopper'],
      }),
    status: z
      .enum(['active', 'deactivated'])
      .exactOptional()
      .openapi({
        description:
          "`deactivated` ends the member's sessions at once and stops their API keys; `active` restores access (the\nkeys work again, sessions do not come back). Needs `members.manage`; the last active owner cannot be\ndeactivated (`409 last_owner`).\n",
      }),
    availability: MemberAvailabilitySchema.exactOptional().openapi({
      description:
        "Members may set their own availability; setting another's needs `members.manage`.\n",
    }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateMemberRequest')

const RoleAssignmentListSchema = z
  .object({
    data: z
      .array(RoleAssignmentSchema)
      .max(1000)
      .openapi({
        description:
          'Every assignment of the member, oldest first (a member holds few, so this list is not paged).',
      }),
  })
  .openapi({ required: ['data'] })
  .openapi('RoleAssignmentList')

const AssignRoleRequestSchema = z
  .strictObject({
    role: RoleRefSchema,
    teamId: TeamIdSchema.exactOptional().openapi({
      description:
        'Scope the role to this team. Omit for a workspace-wide assignment (`owner` is always workspace-wide).',
    }),
  })
  .openapi({ required: ['role'] })
  .openapi('AssignRoleRequest')

const NotificationKindSchema = z
  .enum([
    'changelog_published',
    'post_status_changed',
    'post_official_response',
    'post_commented',
    'post_shipped',
    'comment_mention',
    'role_changed',
    'sla_escalation',
    'team_membership',
    'webhook_disabled',
  ])
  .openapi({
    description:
      'What a notification is about, and which events produce it: `changelog_published` (a changelog entry was published (you follow the changelog): changelog.published); `post_status_changed` (a post you follow changed status: post.status_changed); `post_official_response` (a post you follow got an official response: post.official_response_changed); `post_commented` (someone commented on a post you follow: comment.created); `post_shipped` (a post you follow was announced in the changelog: changelog.published); `comment_mention` (you were mentioned in a comment on a feedback post: comment.created, comment.updated); `role_changed` (your roles changed: member.role_changed); `sla_escalation` (an sla policy escalates a ticket to you (warning or breach): sla.warning, sla.breached); `team_membership` (you were added to or removed from a team: team.member_added, team.member_removed); `webhook_disabled` (a webhook was disabled after failed deliveries: webhook.disabled). Nobody is notified of their own action.',
  })
  .openapi('NotificationKind')

const NotificationChannelSchema = z
  .enum(['in_app', 'email'])
  .openapi({
    description:
      "Where a notification goes. `in_app` is this API's list; `email` goes through the mail transport.",
  })
  .openapi('NotificationChannel')

const NotificationPreferenceSchema = z
  .strictObject({
    kind: NotificationKindSchema,
    channel: NotificationChannelSchema,
    enabled: z.boolean(),
  })
  .openapi({ required: ['kind', 'channel', 'enabled'] })
  .openapi('NotificationPreference')

const NotificationPreferenceListSchema = z
  .object({
    data: z
      .array(NotificationPreferenceSchema)
      .max(1000)
      .openapi({
        description:
          'Every kind × channel with its effective value (in-app on and email off unless chosen).',
      }),
  })
  .openapi({ required: ['data'] })
  .openapi('NotificationPreferenceList')

const UpdateNotificationPreferencesRequestSchema = z
  .strictObject({ preferences: z.array(NotificationPreferenceSchema).min(1).max(50) })
  .openapi({ required: ['preferences'] })
  .openapi('UpdateNotificationPreferencesRequest')

const NotificationIdSchema = z
  .string()
  .regex(/^ntf_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a notification id (ntf_…)' })
  .openapi({
    description: 'A notification id (TypeID with prefix `ntf`).',
    examples: ['ntf_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('NotificationId')

const NotificationSchema = z
  .object({
    id: NotificationIdSchema,
    kind: NotificationKindSchema,
    eventId: EventIdSchema,
    title: z
      .string()
      .max(200)
      .openapi({ examples: ['Grace Hopper added you to the team Billing'] }),
    body: z
      .string()
      .max(4096)
      .openapi({ examples: ['You are now a member of Billing.'] }),
    resource: z
      .object({
        type: z
          .string()
          .max(200)
          .openapi({ examples: ['team'] }),
        id: z
          .string()
          .max(256)
          .openapi({ examples: ['team_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
      })
      .openapi({
        description: 'What the notification is about (a member, a team, a webhook…).',
        required: ['type', 'id'],
      }),
    readAt: z.iso.datetime().max(40).nullable(),
    createdAt: z.iso.datetime().max(40),
  })
  .openapi({
    required: ['id', 'kind', 'eventId', 'title', 'body', 'resource', 'readAt', 'createdAt'],
  })
  .openapi('Notification')

const NotificationListSchema = z
  .object({
    data: z.array(NotificationSchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('NotificationList')

const MarkNotificationsReadRequestSchema = z
  .strictObject({
    ids: z.array(NotificationIdSchema).min(1).max(100).exactOptional(),
    all: z.literal(true).exactOptional(),
  })
  .openapi({ description: 'Exactly one of `ids` and `all`.' })
  .openapi('MarkNotificationsReadRequest')

const MarkNotificationsReadResultSchema = z
  .object({
    count: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({
        description:
          'How many notifications this call marked read (already read and unknown ids count nothing).',
      }),
  })
  .openapi({ required: ['count'] })
  .openapi('MarkNotificationsReadResult')

const TicketSharingSchema = z
  .enum(['none', 'members_read', 'members_reply'])
  .openapi({
    description:
      'Whether a contact sees the tickets of the other contacts of its organisation: `none` (only its own),\n`members_read` (sees them) or `members_reply` (sees them and may reply). A new organisation has `none`\nunless told otherwise.\n',
  })
  .openapi('TicketSharing')

const OrganizationAttributesSchema = z
  .record(z.string(), AttributeValueSchema)
  .openapi({
    description:
      'Custom attributes: at most 100 keys (1–100 characters each), 16 KiB as JSON. A value is a string, number,\nboolean or an array of those. In updates and upserts, attributes are merged key by key and a key set to\n`null` is removed; in creation a `null` value is simply left out.\n',
    examples: [{ plan: 'enterprise', seats: 40, regions: ['eu', 'us'] }],
  })
  .openapi('OrganizationAttributes')

const OrganizationSchema = z
  .object({
    id: OrganizationIdSchema,
    name: z
      .string()
      .max(200)
      .openapi({ examples: ['Acme Corp'] }),
    domains: z
      .array(
        z
          .string()
          .max(253)
          .openapi({ examples: ['acme.com'] }),
      )
      .max(100)
      .openapi({
        description:
          'Lower-case email domains. A new contact whose email domain is listed here is linked to this\norganisation. A domain belongs to at most one organisation of the workspace.\n',
        examples: [['acme.com', 'acme.co.uk']],
      }),
    externalId: z
      .string()
      .max(255)
      .nullable()
      .openapi({
        description: "The organisation's id in your CRM; unique per workspace.",
        examples: ['crm-org-17'],
      }),
    ticketSharing: TicketSharingSchema,
    attributes: OrganizationAttributesSchema,
    contactCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .exactOptional()
      .openapi({
        description:
          'How many contacts belong to the organisation, counted when answering. It is not part of the\n`ETag`: contacts joining or leaving do not change the organisation itself.\n',
        examples: [12],
      }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    description: 'A customer company. Contacts belong to at most one organisation.',
    required: [
      'id',
      'name',
      'domains',
      'externalId',
      'ticketSharing',
      'attributes',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Organization')

const OrganizationListSchema = z
  .object({
    data: z.array(OrganizationSchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('OrganizationList')

const OrganizationNameSchema = z
  .string()
  .min(1)
  .max(200)
  .openapi({ description: 'Leading and trailing spaces are dropped.', examples: ['Acme Corp'] })
  .openapi('OrganizationName')

const OrganizationDomainsSchema = z
  .array(
    z
      .string()
      .min(1)
      .max(253)
      .openapi({ examples: ['acme.com'] }),
  )
  .max(100)
  .openapi({
    description:
      'Email domains (hostnames such as `acme.com`; stored lower-case, duplicates dropped). A domain another\norganisation has is refused with `409 domain_taken`; a free-mail domain (`gmail.com`, …) with\n`422 free_mail_domain`. In updates the list replaces the current one.\n',
    examples: [['acme.com']],
  })
  .openapi('OrganizationDomains')

const CreateOrganizationRequestSchema = z
  .strictObject({
    name: OrganizationNameSchema,
    domains: OrganizationDomainsSchema.exactOptional(),
    externalId: ExternalIdentifierSchema.exactOptional(),
    ticketSharing: TicketSharingSchema.exactOptional(),
    attributes: OrganizationAttributesSchema.exactOptional(),
  })
  .openapi({ required: ['name'] })
  .openapi('CreateOrganizationRequest')

const UpdateOrganizationRequestSchema = z
  .strictObject({
    name: OrganizationNameSchema.exactOptional(),
    domains: OrganizationDomainsSchema.exactOptional(),
    externalId: z.xor([ExternalIdentifierSchema, z.null().nullable()]).exactOptional(),
    ticketSharing: TicketSharingSchema.exactOptional(),
    attributes: OrganizationAttributesSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change; `externalId` `null` clears it; attributes are merged key by key.',
  })
  .openapi('UpdateOrganizationRequest')

const BulkOrganizationsRequestSchema = z
  .strictObject({
    items: z
      .array(z.looseObject({}))
      .min(1)
      .max(1000)
      .openapi({
        description:
          'Up to 1,000 organisations, each shaped like `CreateOrganizationRequest`. An item with an `externalId`\ncreates or updates the organisation with that `externalId` (as `PUT\n/v1/organizations/by-external-id/{externalId}` does); an item without one creates an organisation.\nItems are applied in order and checked one by one: a bad item is answered in its result.\n',
      }),
  })
  .openapi({ required: ['items'] })
  .openapi('BulkOrganizationsRequest')

const BulkOrganizationResultSchema = z
  .object({
    index: z
      .int32()
      .min(0)
      .max(999)
      .openapi({ description: "The item's position in `items` (from 0)." }),
    status: z
      .int32()
      .min(100)
      .max(599)
      .openapi({
        description:
          "`201` created, `200` updated (or unchanged), or the 4xx status of the item's `error`.",
        examples: [201],
      }),
    id: OrganizationIdSchema.exactOptional(),
    error: ProblemSchema.exactOptional(),
  })
  .openapi({ required: ['index', 'status'] })
  .openapi('BulkOrganizationResult')

const BulkOrganizationsResultSchema = z
  .object({
    data: z
      .array(BulkOrganizationResultSchema)
      .max(1000)
      .openapi({ description: 'One result per item, in the order of `items`.' }),
  })
  .openapi({ required: ['data'] })
  .openapi('BulkOrganizationsResult')

const UpsertOrganizationRequestSchema = z
  .strictObject({
    name: OrganizationNameSchema,
    domains: OrganizationDomainsSchema.exactOptional(),
    ticketSharing: TicketSharingSchema.exactOptional(),
    attributes: OrganizationAttributesSchema.exactOptional(),
  })
  .openapi({
    description:
      "The organisation's fields. On update, fields left out keep their value and attributes are merged key by\nkey. The `externalId` is the path's.\n",
    required: ['name'],
  })
  .openapi('UpsertOrganizationRequest')

const PermissionSchema = z
  .enum([
    'workspace.manage',
    'members.read',
    'members.manage',
    'roles.manage',
    'teams.read',
    'teams.manage',
    'api_keys.manage',
    'authz.check',
    'contacts.read',
    'contacts.manage',
    'organizations.read',
    'organizations.manage',
    'tickets.read_all',
    'tickets.read_team',
    'tickets.read_assigned',
    'tickets.create',
    'tickets.update',
    'tickets.reply',
    'tickets.note',
    'tickets.assign',
    'tickets.merge',
    'tickets.delete',
    'ticket_setup.manage',
    'views.manage',
    'sla.manage',
    'inboxes.manage',
    'routing.manage',
    'feedback.read',
    'feedback.manage',
    'feedback.moderate',
    'content.read',
    'content.manage',
    'content.publish',
    'segments.manage',
    'webhooks.manage',
    'integrations.manage',
    'widget.manage',
    'events.read',
    'audit.read',
    'notifications.manage',
  ])
  .openapi({
    description:
      'A key of the permission catalogue (`resource.action`). Roles are sets of these; `GET /v1/permissions` lists them with their descriptions, and a `403 forbidden` names the one the caller lacks in `missingPermission`.',
  })
  .openapi('Permission')

const PermissionInfoSchema = z
  .object({
    key: PermissionSchema,
    description: z
      .string()
      .max(1000)
      .openapi({ examples: ['Create, change, merge and delete contacts'] }),
  })
  .openapi({ required: ['key', 'description'] })
  .openapi('PermissionInfo')

const ScopeInfoSchema = z
  .object({
    key: z
      .string()
      .max(64)
      .openapi({
        description:
          'An API-key scope. `<area>:write` includes `<area>:read`; `admin` includes every scope.',
        examples: ['contacts:read'],
      }),
    description: z
      .string()
      .max(1000)
      .openapi({ examples: ['Read contacts'] }),
  })
  .openapi({ required: ['key', 'description'] })
  .openapi('ScopeInfo')

const PermissionCatalogueSchema = z
  .object({
    data: z
      .array(PermissionInfoSchema)
      .max(1000)
      .openapi({ description: 'Every permission of the catalogue, in catalogue order.' }),
    scopes: z
      .array(ScopeInfoSchema)
      .max(100)
      .openapi({
        description:
          "Every API-key scope. A key can do what both its scopes and its member's permissions allow, so scopes\nonly ever narrow a key.\n",
      }),
  })
  .openapi({ required: ['data', 'scopes'] })
  .openapi('PermissionCatalogue')

const PortalTabKindSchema = z
  .enum(['feedback', 'roadmap', 'changelog', 'help_center', 'my_tickets', 'custom_link'])
  .openapi({
    description:
      "What the tab shows: the feedback boards, a roadmap, the changelog, the help centre, the contact's own tickets\n(`my_tickets`, shown to signed-in contacts only) or a link elsewhere (`custom_link`, with `url`).\n",
    examples: ['feedback'],
  })
  .openapi('PortalTabKind')

const PortalTabLabelSchema = z
  .string()
  .min(1)
  .max(100)
  .openapi({
    description: 'What the tab reads; leading and trailing spaces are dropped.',
    examples: ['Ideas'],
  })
  .openapi('PortalTabLabel')

const PortalTabUrlSchema = z
  .string()
  .regex(/^[hH][tT][tT][pP][sS]?:\/\/[^\s]+$/)
  .min(1)
  .max(2048)
  .openapi({
    description: 'Where a `custom_link` tab leads: an `http` or `https` URL.',
    examples: ['https://status.example.com'],
  })
  .openapi('PortalTabUrl')

const PortalTabTargetIdSchema = z
  .string()
  .regex(/^(brd|rdm|hcat)_[0-7][0-9a-hjkmnp-tv-z]{25}$/, {
    error: 'must be a board, roadmap or help-centre category id (brd_…, rdm_…, hcat_…)',
  })
  .openapi({
    description:
      'What a content tab opens: a board (`brd_…`) for `feedback`, a roadmap (`rdm_…`) for `roadmap`, a help-centre\ncategory (`hcat_…`) for `help_center`. Absent: the tab opens the whole section.\n',
    examples: ['brd_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('PortalTabTargetId')

const PortalNavigationTabSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^(ptab_[0-7][0-9a-hjkmnp-tv-z]{25}|feedback|roadmap|changelog|help_center|my_tickets)$/,
      )
      .max(40)
      .openapi({
        description:
          "The tab's id (`ptab_…`), or for a default tab (a workspace without tabs) its kind.",
        examples: ['ptab_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    kind: PortalTabKindSchema,
    label: PortalTabLabelSchema,
    url: PortalTabUrlSchema.exactOptional(),
    targetId: PortalTabTargetIdSchema.exactOptional(),
  })
  .openapi({
    description: "A tab as the caller sees it (its segment's override applied).",
    required: ['id', 'kind', 'label'],
  })
  .openapi('PortalNavigationTab')

const PortalNavigationSchema = z
  .object({
    tabs: z
      .array(PortalNavigationTabSchema)
      .max(50)
      .openapi({ description: 'The tabs to show, in order.' }),
  })
  .openapi({ required: ['tabs'] })
  .openapi('PortalNavigation')

const PortalTabIdSchema = z
  .string()
  .regex(/^ptab_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a portal tab id (ptab_…)' })
  .openapi({
    description: 'A portal tab id (TypeID with prefix `ptab`).',
    examples: ['ptab_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('PortalTabId')

const PortalTabOverrideSchema = z
  .strictObject({
    segmentId: z
      .string()
      .regex(/^seg_[0-7][0-9a-hjkmnp-tv-z]{25}$/)
      .max(30)
      .openapi({
        description:
          'A segment of the workspace (`seg_…`); one that does not exist answers `422 segment_not_found`.',
        examples: ['seg_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    label: PortalTabLabelSchema.exactOptional(),
    hidden: z
      .boolean()
      .exactOptional()
      .openapi({ examples: [true] }),
  })
  .openapi({
    description:
      "The tab as the contacts of one segment see it: `label` replaces the tab's, `hidden` its `hidden` (left out:\nthe tab's own). A contact in several segments gets the first override, in list order, that names one of them.\n",
    required: ['segmentId'],
    examples: [{ segmentId: 'seg_01jh2x3y4z5a6b7c8d9e0f1g2h', label: 'Enterprise ideas' }],
  })
  .openapi('PortalTabOverride')

const PortalTabOverridesSchema = z
  .array(PortalTabOverrideSchema)
  .max(50)
  .openapi({
    description:
      'Per-segment overrides, the first matching one applies; at most 50, each segment at most once.',
  })
  .openapi('PortalTabOverrides')

const PortalTabSchema = z
  .object({
    id: PortalTabIdSchema,
    kind: PortalTabKindSchema,
    label: PortalTabLabelSchema,
    position: z
      .int32()
      .min(0)
      .max(49)
      .openapi({
        description:
          "Where the tab stands among the workspace's tabs (ascending from 0); `reorder` rewrites it.",
        examples: [0],
      }),
    hidden: z
      .boolean()
      .openapi({
        description: 'Hidden from everyone unless a segment override shows it.',
        examples: [false],
      }),
    url: z
      .xor([PortalTabUrlSchema, z.null().nullable()])
      .openapi({ description: "A `custom_link` tab's URL; null for other kinds." }),
    targetId: z
      .xor([PortalTabTargetIdSchema, z.null().nullable()])
      .openapi({
        description:
          'The board, roadmap or help-centre category the tab opens; null for the whole section.',
      }),
    overrides: PortalTabOverridesSchema,
    createdAt: z.iso
      .datetime()
      .max(40)
      .openapi({ examples: ['2026-11-26T15:04:05.123Z'] }),
    updatedAt: z.iso
      .datetime()
      .max(40)
      .openapi({ examples: ['2026-11-26T15:04:05.123Z'] }),
  })
  .openapi({
    description:
      "One tab of the portal's navigation. `GET /v1/portal/navigation` resolves the tabs for its caller: overrides,\nhidden tabs and the content the caller may see.\n",
    required: [
      'id',
      'kind',
      'label',
      'position',
      'hidden',
      'url',
      'targetId',
      'overrides',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('PortalTab')

const PortalTabListSchema = z
  .object({
    data: z.array(PortalTabSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('PortalTabList')

const CreatePortalTabRequestSchema = z
  .strictObject({
    kind: PortalTabKindSchema,
    label: PortalTabLabelSchema.exactOptional(),
    position: z
      .int32()
      .min(0)
      .max(49)
      .exactOptional()
      .openapi({
        description: 'Where to insert the tab (later tabs move down); the end when left out.',
        examples: [0],
      }),
    hidden: z
      .boolean()
      .exactOptional()
      .openapi({ examples: [false] }),
    url: PortalTabUrlSchema.exactOptional(),
    targetId: PortalTabTargetIdSchema.exactOptional(),
    overrides: PortalTabOverridesSchema.exactOptional(),
  })
  .openapi({
    description:
      "`url` is required for `custom_link` and refused on other kinds; `targetId` is allowed on `feedback` (a\nboard), `roadmap` (a roadmap) and `help_center` (a category) only (`422 invalid_portal_tab`). `label`\ndefaults to the kind's name (`Feedback`, `Roadmap`, `Changelog`, `Help centre`, `My tickets`); a\n`custom_link` needs one.\n",
    required: ['kind'],
  })
  .openapi('CreatePortalTabRequest')

const UpdatePortalTabRequestSchema = z
  .strictObject({
    label: PortalTabLabelSchema.exactOptional(),
    position: z
      .int32()
      .min(0)
      .max(49)
      .exactOptional()
      .openapi({
        description: "The tab's new place; the tabs between move by one.",
        examples: [2],
      }),
    hidden: z
      .boolean()
      .exactOptional()
      .openapi({ examples: [true] }),
    url: z.xor([PortalTabUrlSchema, z.null().nullable()]).exactOptional(),
    targetId: z.xor([PortalTabTargetIdSchema, z.null().nullable()]).exactOptional(),
    overrides: PortalTabOverridesSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change (`kind` is fixed); `targetId` or `url` null clears it. Checked as on create.',
  })
  .openapi('UpdatePortalTabRequest')

const ReorderPortalTabsRequestSchema = z
  .strictObject({
    ids: z
      .array(PortalTabIdSchema)
      .min(1)
      .max(50)
      .openapi({ description: 'Every tab of the workspace, each exactly once, in the new order.' }),
  })
  .openapi({ required: ['ids'] })
  .openapi('ReorderPortalTabsRequest')

const PortalTabOrderSchema = z
  .object({
    data: z.array(PortalTabSchema).max(50).openapi({ description: 'The tabs in their new order.' }),
  })
  .openapi({ required: ['data'] })
  .openapi('PortalTabOrder')

const PostStatusCategorySchema = z
  .enum(['open', 'planned', 'in_progress', 'complete', 'closed'])
  .openapi({ description: 'What a status means, whatever its name.' })
  .openapi('PostStatusCategory')

const ColorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/)
  .nullable()
  .openapi({ description: 'A hex colour.', examples: ['#3b82f6'] })
  .openapi('Color')

const PostStatusSchema = z
  .object({
    id: PostStatusIdSchema,
    name: z
      .string()
      .max(120)
      .openapi({ examples: ['Under review'] }),
    category: PostStatusCategorySchema,
    color: ColorSchema,
    position: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: 'Statuses are listed by position, then id.', examples: [0] }),
    isDefault: z
      .boolean()
      .openapi({
        description:
          "New posts without a status get the default one (the workspace's first status starts as it).",
      }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    description: 'A workspace-defined post status.',
    required: [
      'id',
      'name',
      'category',
      'color',
      'position',
      'isDefault',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('PostStatus')

const PostStatusListSchema = z
  .object({ data: z.array(PostStatusSchema).max(100) })
  .openapi({ required: ['data'] })
  .openapi('PostStatusList')

const CreatePostStatusRequestSchema = z
  .strictObject({
    name: BoardNameSchema,
    category: PostStatusCategorySchema,
    color: ColorSchema.exactOptional(),
    position: z
      .int32()
      .min(0)
      .max(10000)
      .exactOptional()
      .openapi({ description: 'Default after the last status.' }),
    isDefault: z
      .boolean()
      .exactOptional()
      .openapi({ description: 'Makes it the default (the former default stops being one).' }),
  })
  .openapi({ required: ['name', 'category'] })
  .openapi('CreatePostStatusRequest')

const UpdatePostStatusRequestSchema = z
  .strictObject({
    name: BoardNameSchema.exactOptional(),
    category: PostStatusCategorySchema.exactOptional(),
    color: ColorSchema.exactOptional(),
    position: z.int32().min(0).max(10000).exactOptional(),
    isDefault: z
      .boolean()
      .exactOptional()
      .openapi({
        description:
          '`true` makes it the default (the former default stops being one); `false` leaves the workspace without one.',
      }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdatePostStatusRequest')

const TagIdSchema = z
  .string()
  .regex(/^tag_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a tag id (tag_…)' })
  .openapi({
    description: 'A tag id (TypeID with prefix `tag`).',
    examples: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('TagId')

const PostModerationSchema = z
  .enum(['pending', 'approved', 'rejected', 'spam'])
  .openapi({ description: '`pending` posts are visible only to their author and to staff.' })
  .openapi('PostModeration')

const PostBodySchema = z
  .string()
  .max(50000)
  .nullable()
  .openapi({
    description: 'Markdown.',
    examples: ['We need **CSV** exports of the monthly report.'],
  })
  .openapi('PostBody')

const PostEtaSchema = z.iso
  .date()
  .max(40)
  .nullable()
  .openapi({ description: 'When the team expects to ship it.', examples: ['2027-03-01'] })
  .openapi('PostEta')

const CustomFieldValuesSchema = z
  .looseObject({})
  .refine((o) => Object.keys(o).length <= 30)
  .openapi({
    description:
      "Values of the board's custom fields by key: text (≤ 255 characters), long text (≤ 10,000), number, one of a\nselect field's options, a date (`YYYY-MM-DD`) or a checkbox (`true`/`false`). An unknown key, a value of the\nwrong type or a missing required field is a `400 validation_failed` naming `body.customFields.<key>`.\n",
    examples: [{ plan: 'enterprise' }],
  })
  .openapi('CustomFieldValues')

const OfficialResponseSchema = z
  .object({
    id: CommentIdSchema,
    body: z
      .string()
      .max(50000)
      .openapi({ examples: ['This shipped in 4.2: Reports → Export → CSV.'] }),
    author: PostAuthorSchema,
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .nullable()
  .openapi({
    description:
      "The post's official response, a public staff comment pinned to it; `null` when it has none.",
    required: ['id', 'body', 'author', 'createdAt', 'updatedAt'],
  })
  .openapi('OfficialResponse')

const PostSchema = z
  .object({
    id: PostIdSchema,
    boardId: BoardIdSchema,
    statusId: z.xor([PostStatusIdSchema, z.null().nullable()]),
    title: z
      .string()
      .max(255)
      .openapi({ examples: ['Export reports to CSV'] }),
    body: PostBodySchema,
    bodyHtml: BodyHtmlSchema.exactOptional(),
    author: PostAuthorSchema,
    ownerMemberId: z.xor([MemberIdSchema, z.null().nullable()]),
    eta: PostEtaSchema,
    pinned: z.boolean(),
    locked: z.boolean().openapi({ description: 'A locked post takes no votes or comments.' }),
    customFields: CustomFieldValuesSchema,
    tags: z.array(TagIdSchema).max(50),
    voteCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ examples: [42] }),
    commentCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ examples: [3] }),
    moderation: PostModerationSchema,
    moderationReason: z
      .string()
      .max(1000)
      .nullable()
      .openapi({
        description:
          'Why a moderator rejected the post or marked it as spam (`POST /v1/posts/{postId}/reject`); `null` otherwise.',
      }),
    mergedIntoId: z.xor([PostIdSchema, z.null().nullable()]),
    deletedAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({
        description:
          'Set on a deleted post (listed with `deleted=true`); it can be restored for 30 days.',
      }),
    officialResponse: OfficialResponseSchema.exactOptional().openapi({
      description:
        'The official response pinned to the post (every answer carries it, `null` when none).',
    }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    description: 'A feedback post.',
    required: [
      'id',
      'boardId',
      'statusId',
      'title',
      'body',
      'author',
      'ownerMemberId',
      'eta',
      'pinned',
      'locked',
      'customFields',
      'tags',
      'voteCount',
      'commentCount',
      'moderation',
      'moderationReason',
      'mergedIntoId',
      'deletedAt',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Post')

const PostListSchema = z
  .object({ data: z.array(PostSchema).max(100), nextCursor: z.string().max(512).nullable() })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('PostList')

const PostTitleSchema = z
  .string()
  .min(1)
  .max(255)
  .openapi({
    description: 'Leading and trailing spaces are dropped; blank is refused.',
    examples: ['Export reports to CSV'],
  })
  .openapi('PostTitle')

const CreatePostRequestSchema = z
  .strictObject({
    boardId: BoardIdSchema,
    title: PostTitleSchema,
    body: PostBodySchema.exactOptional(),
    statusId: z
      .xor([PostStatusIdSchema, z.null().nullable()])
      .exactOptional()
      .openapi({
        description:
          "The status; left out, the workspace's default status (none when it has none).",
      }),
    tags: z.array(TagIdSchema).max(20).exactOptional(),
    authorContactId: ContactIdSchema.exactOptional().openapi({
      description: 'Posts on behalf of this contact (staff only).',
    }),
    ownerMemberId: z.xor([MemberIdSchema, z.null().nullable()]).exactOptional(),
    eta: PostEtaSchema.exactOptional(),
    pinned: z.boolean().exactOptional(),
    locked: z.boolean().exactOptional(),
    customFields: CustomFieldValuesSchema.exactOptional(),
  })
  .openapi({
    required: ['boardId', 'title'],
    description:
      "A contact may give only `boardId`, `title`, `body`, `tags` and `customFields`; the other fields are staff's.",
  })
  .openapi('CreatePostRequest')

const StatusCommentSchema = z
  .strictObject({
    body: CommentBodySchema,
    visibility: z
      .enum(['public', 'private'])
      .default('public')
      .exactOptional()
      .openapi({ description: '`private` makes it a staff-only comment.' }),
  })
  .openapi({
    required: ['body'],
    description: 'A comment written with a status change, in its transaction (staff only).',
  })
  .openapi('StatusComment')

const UpdatePostRequestSchema = z
  .strictObject({
    boardId: BoardIdSchema.exactOptional(),
    title: PostTitleSchema.exactOptional(),
    body: PostBodySchema.exactOptional(),
    statusId: z.xor([PostStatusIdSchema, z.null().nullable()]).exactOptional(),
    tags: z.array(TagIdSchema).max(20).exactOptional(),
    ownerMemberId: z.xor([MemberIdSchema, z.null().nullable()]).exactOptional(),
    eta: PostEtaSchema.exactOptional(),
    pinned: z.boolean().exactOptional(),
    locked: z.boolean().exactOptional(),
    customFields: CustomFieldValuesSchema.exactOptional(),
    statusComment: StatusCommentSchema.exactOptional().openapi({
      description: 'A comment written with the status change (needs `statusId`; staff only).',
    }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      "The fields to change. `customFields` merge key by key (`null` clears one). Moving a post to another board\n(`boardId`) keeps only the values of fields the new board has. Its author may change `title`, `body`, `tags`\nand `customFields`; the rest is staff's.\n",
  })
  .openapi('UpdatePostRequest')

const CommentListSchema = z
  .object({ data: z.array(CommentSchema).max(100), nextCursor: z.string().max(512).nullable() })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('CommentList')

const CreateCommentRequestSchema = z
  .strictObject({
    body: CommentBodySchema,
    parentId: CommentIdSchema.exactOptional(),
    private: z
      .boolean()
      .default(false)
      .exactOptional()
      .openapi({ description: 'A staff-only comment (staff only).' }),
  })
  .openapi({ required: ['body'] })
  .openapi('CreateCommentRequest')

const PostDuplicateReasonSchema = z
  .enum(['similar_title', 'shared_words'])
  .openapi({
    description:
      '`similar_title`: the titles are alike letter by letter (trigrams); `shared_words`: they share words once stemmed.',
  })
  .openapi('PostDuplicateReason')

const PostDuplicateSchema = z
  .object({
    post: PostSchema,
    score: z
      .number()
      .min(0)
      .max(1)
      .openapi({
        description:
          "How alike the two posts are (0–1): the larger of the titles' trigram similarity and the overlap of their\nstemmed words.\n",
        examples: [0.667],
      }),
    reason: PostDuplicateReasonSchema,
    dismissedAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({ description: 'When staff dismissed this pair (listed with `dismissed=true`).' }),
  })
  .openapi({ required: ['post', 'score', 'reason', 'dismissedAt'] })
  .openapi('PostDuplicate')

const PostDuplicateListSchema = z
  .object({ data: z.array(PostDuplicateSchema).max(50) })
  .openapi({ required: ['data'] })
  .openapi('PostDuplicateList')

const OtherPostIdSchema = z
  .string()
  .regex(/^post_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a post id (post_…)' })
  .openapi({
    description: 'The other feedback post of a pair (TypeID with prefix `post`).',
    examples: ['post_01jh2x3y4z5a6b7c8d9e0f1g2j'],
  })
  .openapi('OtherPostId')

const PostDuplicatePairSchema = z
  .object({
    postId: PostIdSchema,
    otherPostId: PostIdSchema,
    dismissed: z.boolean(),
    dismissedAt: z.iso.datetime().max(40).nullable(),
    dismissedByMemberId: z
      .xor([MemberIdSchema, z.null().nullable()])
      .openapi({ description: 'The member who dismissed it (directly or through an API key).' }),
  })
  .openapi({
    description: 'Two posts suggested as duplicates, and whether staff dismissed the suggestion.',
    required: ['postId', 'otherPostId', 'dismissed', 'dismissedAt', 'dismissedByMemberId'],
  })
  .openapi('PostDuplicatePair')

const MergePostRequestSchema = z
  .strictObject({ targetPostId: PostIdSchema })
  .openapi({ required: ['targetPostId'] })
  .openapi('MergePostRequest')

const SetOfficialResponseRequestSchema = z
  .strictObject({
    body: CommentBodySchema.exactOptional(),
    commentId: CommentIdSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'Exactly one of `body` (write a new public comment and pin it) and `commentId` (pin that comment).',
    examples: [{ body: 'This shipped in 4.2: Reports → Export → CSV.' }],
  })
  .openapi('SetOfficialResponseRequest')

const RejectPostRequestSchema = z
  .strictObject({
    reason: z
      .string()
      .min(1)
      .max(1000)
      .openapi({
        description: 'Why the post is rejected; its author sees it as `moderationReason`.',
        examples: ['Duplicate of an existing request'],
      }),
    spam: z
      .boolean()
      .default(false)
      .exactOptional()
      .openapi({ description: 'Mark the post as `spam` rather than `rejected`.' }),
  })
  .openapi({ required: ['reason'] })
  .openapi('RejectPostRequest')

const PostRevisionSchema = z
  .object({
    id: RevisionIdSchema,
    title: z
      .string()
      .max(255)
      .openapi({ examples: ['Export reports'] }),
    body: PostBodySchema,
    editedBy: RevisionEditorSchema,
    editedAt: z.iso.datetime().max(40).openapi({ description: 'When the edit replaced them.' }),
  })
  .openapi({
    description: 'The title and body a post had before an edit of either.',
    required: ['id', 'title', 'body', 'editedBy', 'editedAt'],
  })
  .openapi('PostRevision')

const PostRevisionListSchema = z
  .object({
    data: z.array(PostRevisionSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: [null] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('PostRevisionList')

const SubscriptionLevelSchema = z
  .enum(['all', 'status', 'off'])
  .openapi({
    description:
      'What a subscriber hears of a post. `all`, everything (status changes, official responses, new comments); `status`, status changes and official responses; `off`, nothing.',
  })
  .openapi('SubscriptionLevel')

const PostSubscriptionSchema = z
  .object({
    postId: PostIdSchema,
    subscriber: SubscriberSchema,
    level: SubscriptionLevelSchema,
    source: z
      .xor([z.enum(['manual', 'author', 'voter', 'commenter']), z.null().nullable()])
      .openapi({
        description:
          'Why it exists. `manual`, the person chose the level (automatic subscriptions never change it); `author`, `voter`, `commenter`, it came with their post, vote or comment.',
      }),
    createdAt: z.iso.datetime().max(40).nullable(),
    updatedAt: z.iso.datetime().max(40).nullable(),
  })
  .openapi({
    description:
      "One person's subscription to a post. With no subscription at all, `level` is `off` and `source`, `createdAt` and `updatedAt` are `null`.",
    required: ['postId', 'subscriber', 'level', 'source', 'createdAt', 'updatedAt'],
  })
  .openapi('PostSubscription')

const PostSubscriptionListSchema = z
  .object({
    data: z.array(PostSubscriptionSchema).max(100),
    nextCursor: z.string().max(512).nullable(),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('PostSubscriptionList')

const UpdatePostSubscriptionRequestSchema = z
  .strictObject({ level: SubscriptionLevelSchema })
  .openapi({ required: ['level'] })
  .openapi('UpdatePostSubscriptionRequest')

const VoteIdSchema = z
  .string()
  .regex(/^vote_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a vote id (vote_…)' })
  .openapi({
    description: 'A vote id (TypeID with prefix `vote`).',
    examples: ['vote_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('VoteId')

const VoterSchema = z
  .object({
    type: z.enum(['contact', 'member', 'visitor']),
    id: z
      .string()
      .max(90)
      .nullable()
      .openapi({ examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
  })
  .openapi({
    description:
      "Who the vote counts for. An anonymous visitor's vote has `type` `visitor` and `id` `null`.",
    required: ['type', 'id'],
  })
  .openapi('Voter')

const VoteSchema = z
  .object({
    id: VoteIdSchema,
    postId: PostIdSchema,
    voter: VoterSchema,
    addedByMemberId: z
      .xor([MemberIdSchema, z.null().nullable()])
      .openapi({
        description:
          "The member who recorded the vote on the contact's behalf; `null` for a vote cast by the voter.",
      }),
    source: z
      .string()
      .max(200)
      .nullable()
      .openapi({
        description: 'Where a vote recorded by staff came from (a ticket, a call…).',
        examples: ['ticket:tkt_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    createdAt: z.iso.datetime().max(40),
  })
  .openapi({
    description: "One person's vote for a post.",
    required: ['id', 'postId', 'voter', 'addedByMemberId', 'source', 'createdAt'],
  })
  .openapi('Vote')

const VoteListSchema = z
  .object({ data: z.array(VoteSchema).max(100), nextCursor: z.string().max(512).nullable() })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('VoteList')

const CreateVoteRequestSchema = z
  .strictObject({
    contactId: ContactIdSchema.exactOptional(),
    source: z
      .string()
      .min(1)
      .max(200)
      .nullable()
      .exactOptional()
      .openapi({ examples: ['ticket:tkt_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
  })
  .openapi({
    description:
      "Empty for the caller's own vote; staff vote for a contact with `contactId` and may say where it came from.",
  })
  .openapi('CreateVoteRequest')

const VoteResultSchema = z
  .object({
    vote: VoteSchema,
    voteCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: "The post's vote count with this vote.", examples: [43] }),
  })
  .openapi({ required: ['vote', 'voteCount'] })
  .openapi('VoteResult')

const VoteCountSchema = z
  .object({
    voteCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: "The post's vote count now.", examples: [42] }),
  })
  .openapi({ required: ['voteCount'] })
  .openapi('VoteCount')

const SimilarPostSchema = z
  .object({
    post: PostSchema,
    score: z
      .number()
      .min(0)
      .max(1)
      .openapi({
        description:
          "How close the post is (0–1, higher is closer): its full-text rank scaled to 0–1, or, for a post found by\ntrigrams alone, its title's word similarity to what was typed.\n",
        examples: [0.2],
      }),
  })
  .openapi({ required: ['post', 'score'] })
  .openapi('SimilarPost')

const SimilarPostListSchema = z
  .object({ data: z.array(SimilarPostSchema).max(100) })
  .openapi({ required: ['data'] })
  .openapi('SimilarPostList')

const RoadmapIdSchema = z
  .string()
  .regex(/^rdm_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a roadmap id (rdm_…)' })
  .openapi({
    description: 'A roadmap id (TypeID with prefix `rdm`).',
    examples: ['rdm_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('RoadmapId')

const RoadmapFilterSchema = z
  .object({
    boardIds: z
      .array(BoardIdSchema)
      .max(50)
      .openapi({ examples: [['brd_01jh2x3y4z5a6b7c8d9e0f1g2h']] }),
    statusIds: z
      .array(PostStatusIdSchema)
      .max(50)
      .openapi({ examples: [[]] }),
    tagIds: z
      .array(TagIdSchema)
      .max(50)
      .openapi({ examples: [[]] }),
  })
  .openapi({
    description:
      'The posts the roadmap shows; each list narrows when not empty (a post matches any of its values).',
    required: ['boardIds', 'statusIds', 'tagIds'],
  })
  .openapi('RoadmapFilter')

const ColumnsBySchema = z
  .enum(['status', 'eta_month', 'eta_quarter'])
  .openapi({
    description:
      "`status`: one column per status of `statusIds`, in that order; `eta_month` / `eta_quarter`: one column per month or quarter of the posts' ETA (posts without one are left out).",
    examples: ['status'],
  })
  .openapi('ColumnsBy')

const ColumnStatusIdsSchema = z
  .array(PostStatusIdSchema)
  .max(30)
  .openapi({
    description:
      'The statuses that make the columns, in order (only with `columnsBy` `status`; each must exist, `422 unknown_status`). Left out (or empty) for status columns, it defaults to every post status of the workspace in position order, as they are when the roadmap is saved (a status added later is not added to it); a workspace with no post statuses then answers 400.',
    examples: [['pst_01jh2x3y4z5a6b7c8d9e0f1g2h']],
  })
  .openapi('ColumnStatusIds')

const RoadmapSchema = z
  .object({
    id: RoadmapIdSchema,
    name: z
      .string()
      .max(120)
      .openapi({ examples: ['Public roadmap'] }),
    description: z
      .string()
      .max(2000)
      .nullable()
      .openapi({ examples: ['What we are working on'] }),
    filter: RoadmapFilterSchema,
    columnsBy: ColumnsBySchema,
    statusIds: ColumnStatusIdsSchema,
    visibility: ContentVisibilitySchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi({
    description: 'A roadmap, a saved post filter shown in columns.',
    required: [
      'id',
      'name',
      'description',
      'filter',
      'columnsBy',
      'statusIds',
      'visibility',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Roadmap')

const RoadmapListSchema = z
  .object({
    data: z
      .array(RoadmapSchema)
      .max(100)
      .openapi({ examples: [[]] }),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: [null] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('RoadmapList')

const RoadmapNameSchema = z
  .string()
  .min(1)
  .max(120)
  .openapi({
    description: 'Leading and trailing spaces are dropped.',
    examples: ['Public roadmap'],
  })
  .openapi('RoadmapName')

const RoadmapFilterInputSchema = z
  .strictObject({
    boardIds: z
      .array(BoardIdSchema)
      .max(50)
      .exactOptional()
      .openapi({ examples: [['brd_01jh2x3y4z5a6b7c8d9e0f1g2h']] }),
    statusIds: z
      .array(PostStatusIdSchema)
      .max(50)
      .exactOptional()
      .openapi({ examples: [[]] }),
    tagIds: z
      .array(TagIdSchema)
      .max(50)
      .exactOptional()
      .openapi({ examples: [[]] }),
  })
  .openapi({
    description:
      'The posts the roadmap shows; each list narrows when not empty. Statuses must exist (`422 unknown_status`).',
  })
  .openapi('RoadmapFilterInput')

const CreateRoadmapRequestSchema = z
  .strictObject({
    name: RoadmapNameSchema,
    description: z
      .string()
      .max(2000)
      .nullable()
      .exactOptional()
      .openapi({ examples: ['What we are working on'] }),
    filter: RoadmapFilterInputSchema.exactOptional(),
    columnsBy: ColumnsBySchema.exactOptional(),
    statusIds: ColumnStatusIdsSchema.exactOptional(),
    visibility: ContentVisibilityInputSchema.exactOptional(),
  })
  .openapi({ required: ['name'] })
  .openapi('CreateRoadmapRequest')

const UpdateRoadmapRequestSchema = z
  .strictObject({
    name: RoadmapNameSchema.exactOptional(),
    description: z
      .string()
      .max(2000)
      .nullable()
      .exactOptional()
      .openapi({ examples: ['What we are working on'] }),
    filter: RoadmapFilterInputSchema.exactOptional(),
    columnsBy: ColumnsBySchema.exactOptional(),
    statusIds: ColumnStatusIdsSchema.exactOptional(),
    visibility: ContentVisibilityInputSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({ description: 'The fields to change; `filter` lists given replace the saved ones.' })
  .openapi('UpdateRoadmapRequest')

const RoadmapItemSchema = z
  .object({
    postId: PostIdSchema,
    title: z
      .string()
      .max(255)
      .openapi({ examples: ['CSV export'] }),
    boardId: BoardIdSchema,
    statusId: z.xor([PostStatusIdSchema, z.null().nullable()]),
    eta: z.iso
      .date()
      .max(10)
      .nullable()
      .openapi({ examples: ['2027-01-15'] }),
    voteCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ examples: [42] }),
    position: z
      .int32()
      .min(0)
      .max(2000)
      .openapi({
        description: 'Its place in the column as shown (manual order first, then by votes).',
        examples: [0],
      }),
  })
  .openapi({
    description: 'A post on the roadmap, as the reader may see it.',
    required: ['postId', 'title', 'boardId', 'statusId', 'eta', 'voteCount', 'position'],
  })
  .openapi('RoadmapItem')

const RoadmapColumnSchema = z
  .object({
    key: z
      .string()
      .max(40)
      .openapi({
        description: 'The status id, or the ETA month (`2027-01`) or quarter (`2027-Q1`).',
        examples: ['pst_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    name: z
      .string()
      .max(120)
      .openapi({ examples: ['Planned'] }),
    items: z
      .array(RoadmapItemSchema)
      .max(2000)
      .openapi({ examples: [[]] }),
  })
  .openapi({ required: ['key', 'name', 'items'] })
  .openapi('RoadmapColumn')

const RoadmapItemsSchema = z
  .object({
    roadmapId: RoadmapIdSchema,
    columnsBy: ColumnsBySchema,
    columns: z
      .array(RoadmapColumnSchema)
      .max(200)
      .openapi({ examples: [[]] }),
  })
  .openapi({
    description: "The roadmap's posts the caller may read, in its columns (at most 2,000 posts).",
    required: ['roadmapId', 'columnsBy', 'columns'],
  })
  .openapi('RoadmapItems')

const ReorderRoadmapItemsRequestSchema = z
  .strictObject({
    column: z
      .string()
      .min(1)
      .max(40)
      .openapi({ description: "The column's key.", examples: ['pst_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
    postIds: z
      .array(PostIdSchema)
      .max(2000)
      .openapi({
        description:
          'Every post of the column, each once, in the order wanted (`422 invalid_item_order` otherwise).',
        examples: [['post_01jh2x3y4z5a6b7c8d9e0f1g2h']],
      }),
  })
  .openapi({ required: ['column', 'postIds'] })
  .openapi('ReorderRoadmapItemsRequest')

const RoleSchema = z
  .object({
    id: z
      .string()
      .max(256)
      .openapi({
        description:
          "The system role's key (`agent`) or the custom role's id (`role_…`). Use it as `role` when assigning.",
        examples: ['role_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    name: z
      .string()
      .max(200)
      .openapi({ examples: ['Billing specialist'] }),
    description: z
      .string()
      .max(1000)
      .nullable()
      .openapi({ examples: ['Answers billing questions; may not delete contacts.'] }),
    permissions: z.array(PermissionSchema).max(200),
    system: z.boolean(),
    createdAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({ description: 'Null for system roles.' }),
    updatedAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({ description: 'Null for system roles.' }),
  })
  .openapi({
    description:
      "A role: a named set of permissions. System roles (`system: true`) are built in, identified by their key and\ncannot be changed; custom roles (`role_…`) are the workspace's own.\n",
    required: ['id', 'name', 'description', 'permissions', 'system', 'createdAt', 'updatedAt'],
  })
  .openapi('Role')

const RoleListSchema = z
  .object({
    data: z
      .array(RoleSchema)
      .max(1000)
      .openapi({
        description:
          'Every role of the workspace, system roles first (owner to viewer), then custom roles, oldest first.',
      }),
  })
  .openapi({ required: ['data'] })
  .openapi('RoleList')

const PermissionKeyInputSchema = z
  .string()
  .regex(/^[a-z_]+\.[a-z_]+$/)
  .min(3)
  .max(64)
  .openapi({
    description:
      'A permission key; it must be in the catalogue (`GET /v1/permissions`), else `400` naming it.',
    examples: ['contacts.manage'],
  })
  .openapi('PermissionKeyInput')

const CreateRoleRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(80)
      .openapi({
        description:
          "Unique in the workspace, ignoring case, and distinct from the system roles' names.",
        examples: ['Billing specialist'],
      }),
    description: z
      .string()
      .max(500)
      .nullable()
      .exactOptional()
      .openapi({ examples: ['Answers billing questions; may not delete contacts.'] }),
    permissions: z
      .array(PermissionKeyInputSchema)
      .max(100)
      .openapi({
        description:
          'Catalogue keys; duplicates are ignored. You cannot grant a permission you do not hold.',
      }),
  })
  .openapi({ required: ['name', 'permissions'] })
  .openapi('CreateRoleRequest')

const UpdateRoleRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(80)
      .exactOptional()
      .openapi({ examples: ['Billing agent'] }),
    description: z
      .string()
      .max(500)
      .nullable()
      .exactOptional()
      .openapi({ examples: ['Answers billing questions; may not delete contacts.'] }),
    permissions: z
      .array(PermissionKeyInputSchema)
      .max(100)
      .exactOptional()
      .openapi({
        description:
          "Replaces the role's permissions. Takes effect at once for every member holding the role.",
      }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateRoleRequest')

const RoutingTriggerSchema = z
  .enum(['ticket.created', 'ticket.updated', 'ticket.message_created'])
  .openapi({
    description:
      'The ticket event that runs the rule: `ticket.created`, `ticket.updated` (its conditions may use `changed`,\n`changed_to`, `changed_from`) or `ticket.message_created`.\n',
    examples: ['ticket.created'],
  })
  .openapi('RoutingTrigger')

const RoutingRuleIdSchema = z
  .string()
  .regex(/^rr_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a routing rule id (rr_…)' })
  .openapi({
    description: 'A routing rule id (TypeID with prefix `rr`).',
    examples: ['rr_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('RoutingRuleId')

const RoutingRuleNameSchema = z
  .string()
  .min(1)
  .max(200)
  .openapi({
    description: 'Leading and trailing spaces are dropped.',
    examples: ['VIP tickets to Tier 2'],
  })
  .openapi('RoutingRuleName')

const ConditionOperatorSchema = z
  .enum([
    'eq',
    'neq',
    'in',
    'not_in',
    'gt',
    'gte',
    'lt',
    'lte',
    'contains',
    'not_contains',
    'is_set',
    'is_not_set',
    'includes_any',
    'includes_all',
    'includes_none',
    'older_than',
    'newer_than',
    'is',
    'is_not',
    'greater_than',
    'less_than',
    'is_present',
    'is_not_present',
    'changed',
    'changed_to',
    'changed_from',
    'within',
    'outside',
  ])
  .openapi({
    description:
      'The operator. `is`, `is_not`, `greater_than`, `less_than`, `is_present` and `is_not_present` are aliases of\n`eq`, `neq`, `gt`, `lt`, `is_set` and `is_not_set` (stored as written, evaluated as their operator).\n`changed` (no value), `changed_to` and `changed_from` (a value) compare the ticket with the ticket before the\nchange; only routing rules on `ticket.updated` take them (elsewhere `422 invalid_condition`); `changed_to`:\nthe field now holds the value and did not before; `changed_from`: it held the value and does not any more.\n`within` and `outside` belong to the `businessHours` rule of routing rules\n(`{ "field": "businessHours", "operator": "within", "value": "bh_…" }`): whether the schedule is open at the\nmoment of evaluation.\n',
    examples: ['in'],
  })
  .openapi('ConditionOperator')

const ConditionScalarSchema = z
  .xor([z.string().max(1000), z.number(), z.boolean()])
  .openapi('ConditionScalar')

const RelativeTimeSchema = z
  .strictObject({
    amount: z
      .int32()
      .min(1)
      .max(100000)
      .openapi({ examples: [4] }),
    unit: z.enum(['minutes', 'hours', 'days', 'weeks']).openapi({ examples: ['hours'] }),
  })
  .openapi({
    description: 'A span of time counted back from the moment of evaluation.',
    required: ['amount', 'unit'],
  })
  .openapi('RelativeTime')

const ConditionValueSchema = z
  .xor([
    z.string().max(1000),
    z.number(),
    z.boolean(),
    z.array(ConditionScalarSchema).min(1).max(100),
    RelativeTimeSchema,
  ])
  .openapi({
    description:
      'What the field is compared with: a string (ids, enum values, text, ISO 8601 date-times with an offset, dates\n`YYYY-MM-DD`), a number, a boolean, a list of those (`in`, `not_in`, `includes_*`; 1 to 100 items) or a\nrelative time (`older_than`, `newer_than`). Absent for `is_set` and `is_not_set`.\n',
    examples: [['high', 'urgent']],
  })
  .openapi('ConditionValue')

const ConditionRuleSchema = z
  .strictObject({
    field: z
      .string()
      .min(1)
      .max(200)
      .openapi({
        description:
          'The field: a fixed name (`priority`, `tags`, `createdAt`…) or one of a family (`customFields.<key>`,\n`requester.attributes.<key>`, `organization.attributes.<key>`); in routing rules also `businessHours`.\n',
        examples: ['priority'],
      }),
    operator: ConditionOperatorSchema,
    value: ConditionValueSchema.exactOptional(),
  })
  .openapi({ description: 'One test of one field.', required: ['field', 'operator'] })
  .openapi('ConditionRule')

const ConditionGroup5Schema = z
  .strictObject({
    all: z.array(ConditionRuleSchema).max(50).exactOptional(),
    any: z.array(ConditionRuleSchema).max(50).exactOptional(),
  })
  .openapi({
    description: 'A group nested at level 5 (see `ConditionGroup`). Its items are rules only.',
  })
  .openapi('ConditionGroup5')

const ConditionItem5Schema = z
  .xor([ConditionRuleSchema, ConditionGroup5Schema])
  .openapi({ description: 'A rule or a group of level 5.' })
  .openapi('ConditionItem5')

const ConditionGroup4Schema = z
  .strictObject({
    all: z.array(ConditionItem5Schema).max(50).exactOptional(),
    any: z.array(ConditionItem5Schema).max(50).exactOptional(),
  })
  .openapi({ description: 'A group nested at level 4 (see `ConditionGroup`).' })
  .openapi('ConditionGroup4')

const ConditionItem4Schema = z
  .xor([ConditionRuleSchema, ConditionGroup4Schema])
  .openapi({ description: 'A rule or a group of level 4.' })
  .openapi('ConditionItem4')

const ConditionGroup3Schema = z
  .strictObject({
    all: z.array(ConditionItem4Schema).max(50).exactOptional(),
    any: z.array(ConditionItem4Schema).max(50).exactOptional(),
  })
  .openapi({ description: 'A group nested at level 3 (see `ConditionGroup`).' })
  .openapi('ConditionGroup3')

const ConditionItem3Schema = z
  .xor([ConditionRuleSchema, ConditionGroup3Schema])
  .openapi({ description: 'A rule or a group of level 3.' })
  .openapi('ConditionItem3')

const ConditionGroup2Schema = z
  .strictObject({
    all: z.array(ConditionItem3Schema).max(50).exactOptional(),
    any: z.array(ConditionItem3Schema).max(50).exactOptional(),
  })
  .openapi({ description: 'A group nested at level 2 (see `ConditionGroup`).' })
  .openapi('ConditionGroup2')

const ConditionItem2Schema = z
  .xor([ConditionRuleSchema, ConditionGroup2Schema])
  .openapi({ description: 'A rule or a group of level 2.' })
  .openapi('ConditionItem2')

const ConditionGroupSchema = z
  .strictObject({
    all: z
      .array(ConditionItem2Schema)
      .max(50)
      .exactOptional()
      .openapi({ description: 'Conditions that must all hold.' }),
    any: z
      .array(ConditionItem2Schema)
      .max(50)
      .exactOptional()
      .openapi({
        description: 'Conditions of which at least one must hold (none given, none needed).',
      }),
  })
  .openapi({
    description:
      'A group of conditions: every condition of `all` and at least one of `any` (an empty or absent list constrains\nnothing, so `{ "all": [] }` matches everything). Items are rules or groups; groups nest at most 5 levels (the schema spells the levels out: `ConditionGroup`, `ConditionGroup2` … `ConditionGroup5`, whose items are rules only) and a\ncondition has at most 50 rules in all. Which fields, operators and values a rule may use depends on what the\ncondition filters (views: ticket fields); a well-formed condition that breaks those rules answers\n`422 invalid_condition`, its `errors[]` naming each bad path (`body.conditions.all[2].operator`), field,\noperator or value.\n\nOperators: `eq`, `neq`, `in`, `not_in` (value: a list), `gt`, `gte`, `lt`, `lte` (numbers, timestamps,\ndates and ordered enums such as `priority`: low < normal < high < urgent), `contains`, `not_contains`\n(text, case-insensitive), `is_set`, `is_not_set` (no value; an empty tag list is not set),\n`includes_any`, `includes_all`, `includes_none` (lists such as `tags`; value: a list) and, for timestamps,\n`older_than` and `newer_than` with a relative time `{ "amount": 4, "unit": "hours" }` counted back from the\nmoment of evaluation (`older_than`: strictly before it; `newer_than`: at it or after).\n\nA field without a value (an unassigned ticket, a missing custom field, a ticket without an organisation)\nmakes `eq`, `in`, `gt`…`lte`, `contains`, `includes_any`, `includes_all`, `older_than` and `newer_than`\nfalse, and their negations `neq`, `not_in`, `not_contains`, `includes_none` true.\n',
    examples: [
      {
        all: [
          { field: 'priority', operator: 'in', value: ['high', 'urgent'] },
          { field: 'createdAt', operator: 'older_than', value: { amount: 4, unit: 'hours' } },
          {
            any: [
              { field: 'assigneeId', operator: 'is_not_set' },
              { field: 'tags', operator: 'includes_any', value: ['vip'] },
            ],
          },
        ],
      },
    ],
  })
  .openapi('ConditionGroup')

const TicketTypeIdSchema = z
  .string()
  .regex(/^ttyp_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a ticket type id (ttyp_…)' })
  .openapi({
    description: 'A ticket type id (TypeID with prefix `ttyp`).',
    examples: ['ttyp_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('TicketTypeId')

const TicketTagSchema = z
  .string()
  .regex(/^[^\x00-\x1F\x7F,]+$/, { error: 'must not contain control characters or commas' })
  .min(1)
  .max(100)
  .openapi({ examples: ['billing'] })
  .openapi('TicketTag')

const TicketCustomFieldValueSchema = z
  .xor([
    z
      .string()
      .max(10000)
      .openapi({ examples: ['INV-2026-0042'] }),
    z.number(),
    z.boolean(),
    z.null().nullable(),
    z
      .array(
        z
          .string()
          .max(200)
          .openapi({ examples: ['eu'] }),
      )
      .max(100),
  ])
  .openapi({
    description:
      "A custom field value, checked against the field's type: `text` and `long_text` a string, `number` a number,\n`select` one of its options, `multi_select` an array of its options, `date` `YYYY-MM-DD`, `checkbox` a boolean.\nIn updates `null` removes the value.\n",
  })
  .openapi('TicketCustomFieldValue')

const RoutingActionSchema = z
  .strictObject({
    type: z
      .string()
      .min(1)
      .max(50)
      .openapi({ examples: ['set_team'] }),
    teamId: TeamIdSchema.exactOptional(),
    memberId: MemberIdSchema.exactOptional(),
    priority: TicketPrioritySchema.exactOptional(),
    typeId: TicketTypeIdSchema.exactOptional(),
    tags: z.array(TicketTagSchema).min(1).max(50).exactOptional(),
    key: CustomFieldKeySchema.exactOptional(),
    value: TicketCustomFieldValueSchema.exactOptional(),
    policyId: z
      .string()
      .regex(/^sla_[0-7][0-9a-hjkmnp-tv-z]{25}$/)
      .exactOptional()
      .openapi({
        description: 'An SLA policy id (TypeID with prefix `sla`).',
        examples: ['sla_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    body: z
      .string()
      .min(1)
      .max(10000)
      .exactOptional()
      .openapi({ examples: ['Routed to Tier 2 because the requester is a VIP.'] }),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .min(1)
      .max(100)
      .exactOptional()
      .openapi({
        description: 'A label for the webhook event, so receivers tell rules apart.',
        examples: ['vip_routed'],
      }),
  })
  .openapi({
    description:
      "One thing a matching rule does to the ticket, by `type`:\n`set_team` (`teamId`), `assign_member` (`memberId`, optional `teamId`: the member must belong to it, or to the\nteam a `set_team` action of the same rule names: `422 member_not_in_team`), `assign_round_robin` and\n`assign_least_open` (`teamId`: among the team's active members whose availability is `available`; round robin\ncontinues after the member it chose last, least open picks the one with the fewest open tickets),\n`set_priority` (`priority`), `set_type` (`typeId`), `add_tags` and `remove_tags` (`tags`), `set_custom_field`\n(`key`, `value`; `null` removes the value), `apply_sla_policy` (`policyId`: pins the ticket to that SLA policy),\n`add_note` (`body`: an internal note written by the system) and `webhook_event` (`name`, optional: emits\n`routing_rule.fired` with that name, which webhooks subscribed to it deliver). An unknown type or a missing or\nextra field answers `422 invalid_routing_action`; a team, member, ticket type or SLA policy that does not exist\n`422 team_not_found`, `member_not_found`, `ticket_type_not_found` or `sla_policy_not_found`; a bad custom\nfield value `422 custom_field_invalid`.\n",
    required: ['type'],
    examples: [{ type: 'set_team', teamId: 'team_01jh2x3y4z5a6b7c8d9e0f1g2h' }],
  })
  .openapi('RoutingAction')

const RoutingActionsSchema = z
  .array(RoutingActionSchema)
  .min(1)
  .max(20)
  .openapi({ description: 'The actions, applied in order when the rule matches.' })
  .openapi('RoutingActions')

const RoutingRuleSchema = z
  .object({
    id: RoutingRuleIdSchema,
    name: RoutingRuleNameSchema,
    position: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({
        description:
          "Where the rule runs among the workspace's rules (ascending); `reorder` rewrites it.",
        examples: [0],
      }),
    trigger: RoutingTriggerSchema,
    conditions: ConditionGroupSchema,
    actions: RoutingActionsSchema,
    stopProcessing: z
      .boolean()
      .openapi({
        description: 'When the rule matches, no later rule runs in this pass.',
        examples: [false],
      }),
    active: z.boolean().openapi({ examples: [true] }),
    createdAt: z.iso
      .datetime()
      .max(40)
      .openapi({ examples: ['2026-11-26T15:04:05.123Z'] }),
    updatedAt: z.iso
      .datetime()
      .max(40)
      .openapi({ examples: ['2026-11-26T15:04:05.123Z'] }),
  })
  .openapi({
    description:
      'A routing rule: when `trigger` happens to a ticket whose fields match `conditions`, its `actions` change the\nticket. Active rules of a trigger run in `position` order; a matching rule with `stopProcessing` ends the pass.\n',
    required: [
      'id',
      'name',
      'position',
      'trigger',
      'conditions',
      'actions',
      'stopProcessing',
      'active',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('RoutingRule')

const RoutingRuleListSchema = z
  .object({
    data: z.array(RoutingRuleSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('RoutingRuleList')

const CreateRoutingRuleRequestSchema = z
  .strictObject({
    name: RoutingRuleNameSchema,
    trigger: RoutingTriggerSchema,
    conditions: ConditionGroupSchema.exactOptional(),
    actions: RoutingActionsSchema,
    stopProcessing: z.boolean().exactOptional(),
    active: z.boolean().exactOptional(),
    position: z
      .int32()
      .min(0)
      .max(2147483647)
      .exactOptional()
      .openapi({
        description:
          'Where to insert the rule (later rules move down); absent, after the last one.',
      }),
  })
  .openapi({ required: ['name', 'trigger', 'actions'] })
  .openapi('CreateRoutingRuleRequest')

const UpdateRoutingRuleRequestSchema = z
  .strictObject({
    name: RoutingRuleNameSchema.exactOptional(),
    trigger: RoutingTriggerSchema.exactOptional(),
    conditions: ConditionGroupSchema.exactOptional(),
    actions: RoutingActionsSchema.exactOptional(),
    stopProcessing: z.boolean().exactOptional(),
    active: z.boolean().exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({ description: 'The fields to change (position changes go through `reorder`).' })
  .openapi('UpdateRoutingRuleRequest')

const ReorderRoutingRulesRequestSchema = z
  .strictObject({
    ids: z
      .array(RoutingRuleIdSchema)
      .min(1)
      .max(1000)
      .openapi({
        description: 'Every routing rule of the workspace, each exactly once, in the new order.',
      }),
  })
  .openapi({ required: ['ids'] })
  .openapi('ReorderRoutingRulesRequest')

const RoutingRuleIdListSchema = z
  .object({
    data: z
      .array(RoutingRuleSchema)
      .max(1000)
      .openapi({ description: 'The rules in their new order.' }),
  })
  .openapi({ required: ['data'] })
  .openapi('RoutingRuleIdList')

const TicketStatusIdSchema = z
  .string()
  .regex(/^tst_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a ticket status id (tst_…)' })
  .openapi({
    description: 'A ticket status id (TypeID with prefix `tst`).',
    examples: ['tst_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('TicketStatusId')

const TicketStatusCategorySchema = z
  .enum(['new', 'open', 'pending', 'on_hold', 'solved', 'closed'])
  .openapi({
    description:
      'What a ticket status means, whatever its name: `new`, `open`, `pending` (waiting on the customer), `on_hold`\n(waiting on a third party), `solved` or `closed`. SLA clocks, reopening and the portal read the category.\n',
    examples: ['open'],
  })
  .openapi('TicketStatusCategory')

const TicketSourceSchema = z
  .enum(['api', 'email', 'widget', 'portal', 'github'])
  .openapi({ description: 'Where the ticket came from.', examples: ['api'] })
  .openapi('TicketSource')

const TicketTagsSchema = z
  .array(TicketTagSchema)
  .max(50)
  .openapi({ description: 'Tags, compared exactly; duplicates are dropped.' })
  .openapi('TicketTags')

const RoutingTestTicketSchema = z
  .strictObject({
    subject: z
      .string()
      .max(500)
      .exactOptional()
      .openapi({ examples: ['Cannot log in'] }),
    priority: TicketPrioritySchema.exactOptional(),
    statusId: TicketStatusIdSchema.exactOptional(),
    statusCategory: TicketStatusCategorySchema.exactOptional(),
    typeId: TicketTypeIdSchema.exactOptional(),
    assigneeId: MemberIdSchema.exactOptional(),
    teamId: TeamIdSchema.exactOptional(),
    inboxId: InboxIdSchema.exactOptional(),
    requesterId: ContactIdSchema.exactOptional(),
    organizationId: OrganizationIdSchema.exactOptional(),
    source: TicketSourceSchema.exactOptional(),
    tags: TicketTagsSchema.exactOptional(),
    customFields: z
      .looseObject({})
      .refine((o) => Object.keys(o).length <= 100)
      .exactOptional(),
    messageCount: z.int32().min(0).max(2147483647).exactOptional(),
  })
  .openapi({
    description:
      'A hypothetical ticket: the fields conditions read (absent ones are unset; `statusCategory` defaults to `new`,\n`priority` to `normal`).\n',
  })
  .openapi('RoutingTestTicket')

const RoutingTestRequestSchema = z
  .strictObject({
    ticketId: TicketIdSchema.exactOptional(),
    ticket: RoutingTestTicketSchema.exactOptional(),
    trigger: RoutingTriggerSchema.exactOptional(),
    previous: RoutingTestTicketSchema.exactOptional(),
  })
  .openapi({
    description:
      "An existing ticket (`ticketId`) or a hypothetical one (`ticket`), exactly one; `trigger` (default\n`ticket.created`) picks the rules; `previous` holds the fields as they were before the change, for\n`ticket.updated` rules' `changed*` operators.\n",
  })
  .openapi('RoutingTestRequest')

const RoutingTestMatchSchema = z
  .object({
    ruleId: RoutingRuleIdSchema,
    name: RoutingRuleNameSchema,
    position: z.int32().min(0).max(2147483647),
    actions: RoutingActionsSchema,
    stopProcessing: z.boolean(),
  })
  .openapi({ required: ['ruleId', 'name', 'position', 'actions', 'stopProcessing'] })
  .openapi('RoutingTestMatch')

const RoutingChangeSchema = z
  .object({
    ruleId: RoutingRuleIdSchema,
    field: z
      .string()
      .max(200)
      .openapi({ examples: ['teamId'] }),
    before: z.any().openapi({ description: 'The value before (any JSON).', examples: [null] }),
    after: z
      .any()
      .openapi({
        description: 'The value after (any JSON).',
        examples: ['team_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
  })
  .openapi({
    required: ['ruleId', 'field', 'before', 'after'],
    description: "One change a rule's action would make (`field` as the ticket activity names it).",
  })
  .openapi('RoutingChange')

const RoutingTestResultSchema = z
  .object({
    trigger: RoutingTriggerSchema,
    matched: z
      .array(RoutingTestMatchSchema)
      .max(1000)
      .openapi({ description: 'The rules that would fire, in the order they would.' }),
    changes: z
      .array(RoutingChangeSchema)
      .max(1000)
      .openapi({
        description:
          'What they would change, in order (notes, SLA policies and webhook events included).',
      }),
    ticket: z
      .looseObject({})
      .openapi({ description: "The ticket's routed fields after the pass." }),
  })
  .openapi({ required: ['trigger', 'matched', 'changes', 'ticket'] })
  .openapi('RoutingTestResult')

const SearchHitSchema = z
  .object({
    type: z
      .string()
      .max(40)
      .openapi({
        description:
          '`post`, `comment`, `article`, `changelog_entry`, `ticket`, `ticket_message`, or a kind another area adds.',
        examples: ['post'],
      }),
    id: z
      .string()
      .max(90)
      .openapi({
        description: "The record's id (the post's, the comment's, the article's…).",
        examples: ['post_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    postId: z
      .xor([PostIdSchema, z.null().nullable()])
      .openapi({ description: 'The post of a post or comment hit; null for other records.' }),
    ticketId: TicketIdSchema.exactOptional().openapi({
      description: 'The ticket of a `ticket` or `ticket_message` hit (absent on other hits).',
    }),
    title: z
      .string()
      .max(255)
      .openapi({
        description:
          "The title of the post (the comment's post for a comment), article or entry; a ticket's subject (the message's ticket's for a message).",
        examples: ['Export reports to CSV'],
      }),
    snippet: z
      .string()
      .max(2000)
      .openapi({
        description:
          'The best fragments, matched words wrapped in `<mark>`…`</mark>` (the rest is the stored text, not HTML-escaped).',
        examples: ['We need <mark>CSV</mark> exports of the monthly report'],
      }),
    rank: z.number().openapi({ examples: [0.1] }),
    locale: z
      .string()
      .max(35)
      .exactOptional()
      .openapi({
        description:
          "Articles only: the BCP 47 locale of the text that matched, the article's own or a translation's (the hit's title and snippet are in it).",
        examples: ['de'],
      }),
  })
  .openapi({ required: ['type', 'id', 'postId', 'title', 'snippet', 'rank'] })
  .openapi('SearchHit')

const SearchResultsSchema = z
  .object({
    data: z.array(SearchHitSchema).max(100),
    nextCursor: z
      .null()
      .nullable()
      .openapi({ description: 'Always `null`; search answers its best `limit` hits.' }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('SearchResults')

const SegmentKindSchema = z
  .enum(['manual', 'rule'])
  .openapi({
    description:
      '`manual`: the contacts added by hand (`POST /v1/segments/{segmentId}/members`). `rule`: the contacts matching\n`conditions`, kept up to date by the server. The kind is fixed when the segment is created.\n',
  })
  .openapi('SegmentKind')

const SegmentIdSchema = z
  .string()
  .regex(/^seg_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a segment id (seg_…)' })
  .openapi({
    description: 'A segment id (TypeID with prefix `seg`).',
    examples: ['seg_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('SegmentId')

const SegmentNameSchema = z
  .string()
  .min(1)
  .max(200)
  .openapi({
    description: 'Unique in the workspace, ignoring case (`409 name_taken`).',
    examples: ['Enterprise customers'],
  })
  .openapi('SegmentName')

const SegmentDescriptionSchema = z
  .string()
  .max(2000)
  .nullable()
  .openapi({ examples: ['Contacts of organisations on the enterprise plan'] })
  .openapi('SegmentDescription')

const SegmentSchema = z
  .object({
    id: SegmentIdSchema,
    name: SegmentNameSchema,
    description: SegmentDescriptionSchema,
    kind: SegmentKindSchema,
    conditions: z
      .xor([ConditionGroupSchema, z.null().nullable()])
      .openapi({ description: 'The condition of a `rule` segment; `null` for a `manual` one.' }),
    memberCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: 'How many contacts are members now.' }),
    computedAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({
        description:
          "When a `rule` segment's membership was last recomputed in full; `null` for `manual` segments.",
      }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    required: [
      'id',
      'name',
      'description',
      'kind',
      'conditions',
      'memberCount',
      'computedAt',
      'createdAt',
      'updatedAt',
    ],
    description:
      'A named set of contacts, listed by hand (`manual`) or by a condition (`rule`). Content (boards, roadmaps,\nchangelog entries, help-centre articles) can be made visible to segments.\n',
    examples: [
      {
        id: 'seg_01jh2x3y4z5a6b7c8d9e0f1g2h',
        name: 'Enterprise customers',
        description: 'Contacts of organisations on the enterprise plan',
        kind: 'rule',
        conditions: {
          all: [{ field: 'organization.attributes.plan', operator: 'eq', value: 'enterprise' }],
        },
        memberCount: 42,
        computedAt: '2026-11-26T15:04:05.123Z',
        createdAt: '2026-11-26T15:04:05.123Z',
        updatedAt: '2026-11-26T15:04:05.123Z',
      },
    ],
  })
  .openapi('Segment')

const SegmentListSchema = z
  .object({
    data: z.array(SegmentSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: [null] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('SegmentList')

const SegmentConditionsSchema = ConditionGroupSchema.openapi({
  description:
    "A condition (the condition language of views and routing rules) over contact and organisation fields:\n`email`, `name`, `externalId` (text), `createdAt` (timestamp, also `older_than` / `newer_than` a relative\ntime), `attributes.<key>` (a custom attribute such as `plan`, `mrr` or `country`, compared as JSON),\n`organization.id`, `organization.name`, `organization.domain` (any of the organisation's domains),\n`organization.attributes.<key>`, and `hasOpenTickets` (boolean: the contact requests a ticket whose status\ncategory is not `solved` or `closed`). Only for `rule` segments.\n",
}).openapi('SegmentConditions')

const CreateSegmentRequestSchema = z
  .strictObject({
    name: SegmentNameSchema,
    description: SegmentDescriptionSchema.exactOptional(),
    kind: SegmentKindSchema,
    conditions: SegmentConditionsSchema.exactOptional(),
  })
  .openapi({ required: ['name', 'kind'] })
  .openapi('CreateSegmentRequest')

const UpdateSegmentRequestSchema = z
  .strictObject({
    name: SegmentNameSchema.exactOptional(),
    description: SegmentDescriptionSchema.exactOptional(),
    conditions: SegmentConditionsSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      "The fields given replace the stored ones. New `conditions` recompute a rule segment's members at once.",
  })
  .openapi('UpdateSegmentRequest')

const SegmentMemberContactSchema = z
  .object({
    id: ContactIdSchema,
    name: z
      .string()
      .max(200)
      .nullable()
      .openapi({ examples: ['Ada Lovelace'] }),
    email: z
      .string()
      .max(254)
      .nullable()
      .openapi({ examples: ['ada@example.com'] }),
    externalId: z
      .string()
      .max(255)
      .nullable()
      .openapi({ examples: ['crm-4711'] }),
    organizationId: z.xor([OrganizationIdSchema, z.null().nullable()]),
  })
  .openapi({ required: ['id', 'name', 'email', 'externalId', 'organizationId'] })
  .openapi('SegmentMemberContact')

const SegmentMemberSchema = z
  .object({
    contactId: ContactIdSchema,
    addedAt: z.iso
      .datetime()
      .max(40)
      .openapi({ description: 'When the contact joined the segment.' }),
    contact: SegmentMemberContactSchema,
  })
  .openapi({
    required: ['contactId', 'addedAt', 'contact'],
    description: 'A contact in the segment and when it joined.',
  })
  .openapi('SegmentMember')

const SegmentMemberListSchema = z
  .object({
    data: z.array(SegmentMemberSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: [null] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('SegmentMemberList')

const AddSegmentMembersRequestSchema = z
  .strictObject({
    contactIds: z
      .array(ContactIdSchema)
      .min(1)
      .max(1000)
      .refine((items) => new Set(items).size === items.length)
      .openapi({
        description: 'Contacts to add; contacts already in the segment are left as they are.',
      }),
  })
  .openapi({ required: ['contactIds'] })
  .openapi('AddSegmentMembersRequest')

const AddSegmentMembersResultSchema = z
  .object({
    added: z
      .array(ContactIdSchema)
      .max(1000)
      .openapi({ description: 'The contacts that joined (not those that were members already).' }),
    addedCount: z.int32().min(0).max(2147483647),
    memberCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: "The segment's members after the change." }),
  })
  .openapi({ required: ['added', 'addedCount', 'memberCount'] })
  .openapi('AddSegmentMembersResult')

const RemoveSegmentMembersRequestSchema = z
  .strictObject({
    contactIds: z
      .array(ContactIdSchema)
      .min(1)
      .max(1000)
      .refine((items) => new Set(items).size === items.length)
      .openapi({
        description: 'Contacts to remove; contacts not in the segment are left as they are.',
      }),
  })
  .openapi({ required: ['contactIds'] })
  .openapi('RemoveSegmentMembersRequest')

const RemoveSegmentMembersResultSchema = z
  .object({
    removed: z
      .array(ContactIdSchema)
      .max(1000)
      .openapi({ description: 'The contacts that left (not those that were not members).' }),
    removedCount: z.int32().min(0).max(2147483647),
    memberCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: "The segment's members after the change." }),
  })
  .openapi({ required: ['removed', 'removedCount', 'memberCount'] })
  .openapi('RemoveSegmentMembersResult')

const SlaPolicyIdSchema = z
  .string()
  .regex(/^sla_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be an SLA policy id (sla_…)' })
  .openapi({
    description: 'An SLA policy id (TypeID with prefix `sla`).',
    examples: ['sla_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('SlaPolicyId')

const SlaPolicyNameSchema = z
  .string()
  .min(1)
  .max(200)
  .openapi({ description: 'Leading and trailing spaces are dropped.', examples: ['VIP customers'] })
  .openapi('SlaPolicyName')

const SlaPositionSchema = z
  .int32()
  .min(0)
  .max(10000)
  .openapi({
    description:
      "The policy's place in the order (0 first). The first active policy whose conditions hold applies, never by\nname. On create, absent appends; a position inserts there and moves the others down. Beyond the end answers\n`422 invalid_position`.\n",
    examples: [0],
  })
  .openapi('SlaPosition')

const SlaBusinessHoursIdSchema = z
  .string()
  .regex(/^bh_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a business hours id (bh_…)' })
  .openapi({
    description: 'A business hours id (TypeID with prefix `bh`).',
    examples: ['bh_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('SlaBusinessHoursId')

const SlaMinutesSchema = z
  .number()
  .min(-5256000)
  .max(5256000)
  .openapi({
    description:
      'A target in minutes (of business time when the policy has business hours). A whole number of at least 1:\nzero, negative or fractional minutes answer `422 invalid_sla_target`.\n',
    examples: [60],
  })
  .openapi('SlaMinutes')

const SlaMetricTargetsSchema = z
  .strictObject({
    firstResponse: SlaMinutesSchema.exactOptional(),
    nextResponse: SlaMinutesSchema.exactOptional(),
    resolution: SlaMinutesSchema.exactOptional(),
  })
  .openapi({
    description:
      'The targets of one priority, in minutes; a metric without a target gets no clock.',
    examples: [{ firstResponse: 60, nextResponse: 240, resolution: 1440 }],
  })
  .openapi('SlaMetricTargets')

const SlaTargetsSchema = z
  .strictObject({
    urgent: SlaMetricTargetsSchema.exactOptional(),
    high: SlaMetricTargetsSchema.exactOptional(),
    normal: SlaMetricTargetsSchema.exactOptional(),
    low: SlaMetricTargetsSchema.exactOptional(),
  })
  .openapi({
    description:
      'Targets per ticket priority. At least one target in all, else `422 invalid_sla_target`. A ticket of a\npriority without targets gets no clocks under the policy.\n',
    examples: [
      {
        urgent: { firstResponse: 15, resolution: 240 },
        normal: { firstResponse: 120, nextResponse: 240, resolution: 2880 },
      },
    ],
  })
  .openapi('SlaTargets')

const SlaWarnBeforeMinutesSchema = z
  .int32()
  .min(1)
  .max(5256000)
  .nullable()
  .openapi({
    description:
      'How many (business) minutes before a clock is due `sla.warning` is sent; null sends none.',
    examples: [15],
  })
  .openapi('SlaWarnBeforeMinutes')

const SlaStatusCategoriesSchema = z
  .array(TicketStatusCategorySchema)
  .max(6)
  .refine((items) => new Set(items).size === items.length)
  .openapi({ description: "Status categories in which the metric's clock is paused." })
  .openapi('SlaStatusCategories')

const SlaPauseOnSchema = z
  .strictObject({
    first_response: SlaStatusCategoriesSchema.exactOptional(),
    next_response: SlaStatusCategoriesSchema.exactOptional(),
    resolution: SlaStatusCategoriesSchema.exactOptional(),
  })
  .openapi({
    description:
      'Which status categories pause which metric. Absent: `{ "resolution": ["pending", "on_hold"] }`. Response\nmetrics also stop while the ticket is solved or closed (nobody waits for an answer then).\n',
    examples: [{ resolution: ['pending', 'on_hold'] }],
  })
  .openapi('SlaPauseOn')

const SlaMetricSchema = z
  .enum(['first_response', 'next_response', 'resolution'])
  .openapi({
    description:
      "`first_response`: from creation until the first public reply by a member (a note never counts).\n`next_response`: from each customer message after an agent reply until the next public agent reply.\n`resolution`: from creation until solved or closed, paused in the policy's `pauseOn` categories.\n",
    examples: ['first_response'],
  })
  .openapi('SlaMetric')

const SlaEscalationActionSchema = z
  .strictObject({
    type: z.enum(['notify', 'reassign_team', 'raise_priority', 'add_tag', 'webhook_event']),
    memberIds: z.array(MemberIdSchema).max(50).exactOptional(),
    teamId: TeamIdSchema.exactOptional(),
    assignee: z.boolean().exactOptional(),
    priority: TicketPrioritySchema.exactOptional(),
    tag: z
      .string()
      .regex(/^[^,]+$/)
      .min(1)
      .max(100)
      .exactOptional(),
  })
  .openapi({
    description:
      "What an escalation does, by `type`:\n\n| type | parameters |\n|---|---|\n| `notify` | `memberIds?`, `teamId?` (its members), `assignee?` (the ticket's assignee): at least one |\n| `reassign_team` | `teamId` |\n| `raise_priority` | `priority?` (absent: one step up, urgent stays urgent) |\n| `add_tag` | `tag` |\n| `webhook_event` | none: the `sla.warning` or `sla.breached` event itself goes to the webhooks |\n\nA team or member that does not exist answers `422 team_not_found` or `422 member_not_found`.\n",
    required: ['type'],
    examples: [{ type: 'raise_priority', priority: 'urgent' }],
  })
  .openapi('SlaEscalationAction')

const SlaEscalationSchema = z
  .strictObject({
    on: z.enum(['warning', 'breach']),
    metrics: z
      .array(SlaMetricSchema)
      .max(3)
      .refine((items) => new Set(items).size === items.length)
      .exactOptional(),
    actions: z.array(SlaEscalationActionSchema).min(1).max(10),
  })
  .openapi({
    description:
      'Actions run once per clock on its warning or its breach, for the listed metrics (absent, all).',
    required: ['on', 'actions'],
    examples: [
      {
        on: 'breach',
        metrics: ['first_response'],
        actions: [{ type: 'add_tag', tag: 'sla-breached' }],
      },
    ],
  })
  .openapi('SlaEscalation')

const SlaEscalationsSchema = z.array(SlaEscalationSchema).max(20).openapi('SlaEscalations')

const SlaPolicySchema = z
  .object({
    id: SlaPolicyIdSchema,
    name: SlaPolicyNameSchema,
    position: SlaPositionSchema,
    active: z.boolean().openapi({ description: 'An inactive policy applies to no ticket.' }),
    conditions: ConditionGroupSchema,
    businessHoursId: z
      .xor([SlaBusinessHoursIdSchema, z.null().nullable()])
      .openapi({
        description: 'The business hours its minutes count in; `null`, calendar time (24×7).',
      }),
    targets: SlaTargetsSchema,
    warnBeforeMinutes: SlaWarnBeforeMinutesSchema,
    pauseOn: SlaPauseOnSchema,
    escalations: SlaEscalationsSchema,
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    description: 'An SLA policy.',
    required: [
      'id',
      'name',
      'position',
      'active',
      'conditions',
      'businessHoursId',
      'targets',
      'warnBeforeMinutes',
      'pauseOn',
      'escalations',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('SlaPolicy')

const SlaPolicyListSchema = z
  .object({
    data: z.array(SlaPolicySchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('SlaPolicyList')

const CreateSlaPolicyRequestSchema = z
  .strictObject({
    name: SlaPolicyNameSchema,
    position: SlaPositionSchema.exactOptional(),
    active: z.boolean().exactOptional(),
    conditions: ConditionGroupSchema.exactOptional(),
    businessHoursId: z.xor([SlaBusinessHoursIdSchema, z.null().nullable()]).exactOptional(),
    targets: SlaTargetsSchema,
    warnBeforeMinutes: SlaWarnBeforeMinutesSchema.exactOptional(),
    pauseOn: SlaPauseOnSchema.exactOptional(),
    escalations: SlaEscalationsSchema.exactOptional(),
  })
  .openapi({
    description: 'A new SLA policy (conditions absent match every ticket).',
    required: ['name', 'targets'],
  })
  .openapi('CreateSlaPolicyRequest')

const UpdateSlaPolicyRequestSchema = z
  .strictObject({
    name: SlaPolicyNameSchema.exactOptional(),
    position: SlaPositionSchema.exactOptional(),
    active: z.boolean().exactOptional(),
    conditions: ConditionGroupSchema.exactOptional(),
    businessHoursId: z.xor([SlaBusinessHoursIdSchema, z.null().nullable()]).exactOptional(),
    targets: SlaTargetsSchema.exactOptional(),
    warnBeforeMinutes: SlaWarnBeforeMinutesSchema.exactOptional(),
    pauseOn: SlaPauseOnSchema.exactOptional(),
    escalations: SlaEscalationsSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change; `targets`, `pauseOn`, `conditions` and `escalations` replace the former ones.',
  })
  .openapi('UpdateSlaPolicyRequest')

const SlaPreviewTicketSchema = z
  .strictObject({
    priority: TicketPrioritySchema,
    typeId: TicketTypeIdSchema.exactOptional(),
    teamId: TeamIdSchema.exactOptional(),
    inboxId: InboxIdSchema.exactOptional(),
    tags: z
      .array(
        z
          .string()
          .min(1)
          .max(100)
          .openapi({ examples: ['vip'] }),
      )
      .max(50)
      .exactOptional(),
    customFields: z
      .looseObject({})
      .refine((o) => Object.keys(o).length <= 100)
      .exactOptional()
      .openapi({ examples: [{ plan: 'enterprise' }] }),
    requesterId: ContactIdSchema.exactOptional(),
    createdAt: z.iso.datetime().max(40).exactOptional(),
  })
  .openapi({
    description: 'A hypothetical ticket (created at `createdAt`, default now).',
    required: ['priority'],
  })
  .openapi('SlaPreviewTicket')

const SlaPreviewRequestSchema = z
  .strictObject({
    ticketId: TicketIdSchema.exactOptional(),
    ticket: SlaPreviewTicketSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .refine((o) => Object.keys(o).length <= 1)
  .openapi({
    description:
      'An existing ticket (`ticketId`) or a hypothetical one (`ticket`), exactly one of the two.',
    examples: [{ ticket: { priority: 'high', tags: ['vip'] } }],
  })
  .openapi('SlaPreviewRequest')

const SlaClockStatusSchema = z
  .enum(['active', 'paused', 'achieved', 'breached'])
  .openapi({ examples: ['active'] })
  .openapi('SlaClockStatus')

const SlaPreviewClockSchema = z
  .object({
    metric: SlaMetricSchema,
    status: SlaClockStatusSchema,
    targetMinutes: z.int32().min(1).max(5256000),
    dueAt: z.iso.datetime().max(40).nullable(),
    warnAt: z.iso.datetime().max(40).nullable(),
  })
  .openapi({ required: ['metric', 'status', 'targetMinutes', 'dueAt', 'warnAt'] })
  .openapi('SlaPreviewClock')

const SlaPreviewSchema = z
  .object({
    policy: z.xor([
      z
        .object({ id: SlaPolicyIdSchema, name: SlaPolicyNameSchema })
        .openapi({ required: ['id', 'name'] }),
      z.null().nullable(),
    ]),
    clocks: z.array(SlaPreviewClockSchema).max(3),
  })
  .openapi({
    description:
      'The policy that would apply (null when none) and the clocks the ticket would get. Nothing is written.',
    required: ['policy', 'clocks'],
  })
  .openapi('SlaPreview')

const TagSchema = z
  .object({
    id: TagIdSchema,
    name: z
      .string()
      .max(120)
      .openapi({
        description: 'Unique per workspace, compared case-insensitively.',
        examples: ['Integrations'],
      }),
    color: ColorSchema,
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({ required: ['id', 'name', 'color', 'createdAt', 'updatedAt'] })
  .openapi('Tag')

const TagListSchema = z
  .object({ data: z.array(TagSchema).max(100), nextCursor: z.string().max(512).nullable() })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('TagList')

const TagNameSchema = z
  .string()
  .min(1)
  .max(60)
  .openapi({ examples: ['Integrations'] })
  .openapi('TagName')

const CreateTagRequestSchema = z
  .strictObject({ name: TagNameSchema, color: ColorSchema.exactOptional() })
  .openapi({ required: ['name'] })
  .openapi('CreateTagRequest')

const UpdateTagRequestSchema = z
  .strictObject({ name: TagNameSchema.exactOptional(), color: ColorSchema.exactOptional() })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateTagRequest')

const TeamSchema = z
  .object({
    id: TeamIdSchema,
    name: z
      .string()
      .max(200)
      .openapi({
        description: 'Unique per workspace, compared case-insensitively.',
        examples: ['Billing'],
      }),
    description: z
      .string()
      .max(1000)
      .nullable()
      .openapi({ examples: ['Invoices', 'refunds and plan changes'] }),
    memberCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: 'How many members belong to the team.', examples: [4] }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    description:
      'A group of members. Role assignments can be scoped to a team, and API keys limited to teams.',
    required: ['id', 'name', 'description', 'memberCount', 'createdAt', 'updatedAt'],
  })
  .openapi('Team')

const TeamListSchema = z
  .object({
    data: z.array(TeamSchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('TeamList')

const TeamNameSchema = z
  .string()
  .min(1)
  .max(120)
  .openapi({ description: 'Leading and trailing spaces are dropped.', examples: ['Billing'] })
  .openapi('TeamName')

const TeamDescriptionSchema = z
  .string()
  .max(1000)
  .openapi({ examples: ['Invoices', 'refunds and plan changes'] })
  .openapi('TeamDescription')

const CreateTeamRequestSchema = z
  .strictObject({
    name: TeamNameSchema,
    description: z.xor([TeamDescriptionSchema, z.null().nullable()]).exactOptional(),
  })
  .openapi({ required: ['name'] })
  .openapi('CreateTeamRequest')

const UpdateTeamRequestSchema = z
  .strictObject({
    name: TeamNameSchema.exactOptional(),
    description: z.xor([TeamDescriptionSchema, z.null().nullable()]).exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({ description: 'The fields to change; `description` `null` clears it.' })
  .openapi('UpdateTeamRequest')

const TeamMemberSchema = z
  .object({
    id: MemberIdSchema,
    name: z
      .string()
      .max(200)
      .openapi({ examples: ['Grace Hopper'] }),
    email: z
      .email({ pattern: z.regexes.html5Email })
      .max(254)
      .openapi({ examples: ['grace@example.com'] }),
    status: z
      .enum(['active', 'deactivated'])
      .openapi({ description: '`deactivated` members stay in their teams but cannot sign in.' }),
    addedAt: z.iso.datetime().max(40).openapi({ description: 'When the member joined the team.' }),
  })
  .openapi({
    description: 'A member of a team.',
    required: ['id', 'name', 'email', 'status', 'addedAt'],
  })
  .openapi('TeamMember')

const TeamMemberListSchema = z
  .object({
    data: z.array(TeamMemberSchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('TeamMemberList')

const AddTeamMemberRequestSchema = z
  .strictObject({ memberId: MemberIdSchema })
  .openapi({ required: ['memberId'] })
  .openapi('AddTeamMemberRequest')

const SetupColorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/)
  .nullable()
  .openapi({ description: 'A hex colour.', examples: ['#3b82f6'] })
  .openapi('SetupColor')

const TicketStatusSchema = z
  .object({
    id: TicketStatusIdSchema,
    name: z
      .string()
      .max(120)
      .openapi({ examples: ['Waiting on customer'] }),
    category: TicketStatusCategorySchema,
    color: SetupColorSchema,
    position: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: 'Statuses are listed by position, then id.', examples: [2] }),
    isDefault: z
      .boolean()
      .openapi({
        description:
          'The status a ticket takes when it enters this category without naming a status (a new ticket takes the\ndefault of `new`). Every category that has statuses has exactly one default.\n',
      }),
    createdAt: Timestamp_2Schema,
    updatedAt: Timestamp_2Schema,
  })
  .openapi({
    description: 'A workspace-defined ticket status.',
    required: [
      'id',
      'name',
      'category',
      'color',
      'position',
      'isDefault',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('TicketStatus')

const TicketStatusListSchema = z
  .object({ data: z.array(TicketStatusSchema).max(100) })
  .openapi({ required: ['data'] })
  .openapi('TicketStatusList')

const SetupNameSchema = z
  .string()
  .min(1)
  .max(120)
  .openapi({
    description:
      'Unique per workspace, compared case-insensitively; leading and trailing spaces are dropped.',
  })
  .openapi('SetupName')

const CreateTicketStatusRequestSchema = z
  .strictObject({
    name: SetupNameSchema,
    category: TicketStatusCategorySchema,
    color: SetupColorSchema.exactOptional(),
    position: SetupPositionSchema.exactOptional(),
    isDefault: z
      .boolean()
      .exactOptional()
      .openapi({
        description:
          'Makes it the default of its category (the former default stops being one). The first status of a\ncategory is its default whatever this says.\n',
      }),
  })
  .openapi({ required: ['name', 'category'] })
  .openapi('CreateTicketStatusRequest')

const UpdateTicketStatusRequestSchema = z
  .strictObject({
    name: SetupNameSchema.exactOptional(),
    category: TicketStatusCategorySchema.exactOptional(),
    color: SetupColorSchema.exactOptional(),
    position: SetupPositionSchema.exactOptional(),
    isDefault: z
      .boolean()
      .exactOptional()
      .openapi({
        description:
          '`true` makes it the default of its category (the former default stops being one). `false` on the\ndefault is refused (`409 default_status_required`): make another status the default instead.\n',
      }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateTicketStatusRequest')

const TicketTypeSchema = z
  .object({
    id: TicketTypeIdSchema,
    name: z
      .string()
      .max(120)
      .openapi({ examples: ['Incident'] }),
    description: z.string().max(2000).nullable(),
    customFieldIds: z
      .array(CustomFieldIdSchema)
      .max(100)
      .openapi({
        description: 'The custom fields a ticket of this type carries, in display order.',
      }),
    position: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: 'Types are listed by position, then id.' }),
    createdAt: Timestamp_2Schema,
    updatedAt: Timestamp_2Schema,
  })
  .openapi({
    description:
      'A workspace-defined ticket type (question, incident, …) and the custom fields its tickets carry.',
    required: ['id', 'name', 'description', 'customFieldIds', 'position', 'createdAt', 'updatedAt'],
  })
  .openapi('TicketType')

const TicketTypeListSchema = z
  .object({ data: z.array(TicketTypeSchema).max(100) })
  .openapi({ required: ['data'] })
  .openapi('TicketTypeList')

const TicketTypeFieldIdsSchema = z
  .array(CustomFieldIdSchema)
  .max(100)
  .refine((items) => new Set(items).size === items.length)
  .openapi({
    description:
      'Custom fields of this workspace (`422 unknown_custom_field` names one that is not), in display order.',
  })
  .openapi('TicketTypeFieldIds')

const CreateTicketTypeRequestSchema = z
  .strictObject({
    name: SetupNameSchema,
    description: z.string().max(2000).nullable().exactOptional(),
    customFieldIds: TicketTypeFieldIdsSchema.exactOptional(),
    position: SetupPositionSchema.exactOptional(),
  })
  .openapi({ required: ['name'] })
  .openapi('CreateTicketTypeRequest')

const UpdateTicketTypeRequestSchema = z
  .strictObject({
    name: SetupNameSchema.exactOptional(),
    description: z.string().max(2000).nullable().exactOptional(),
    customFieldIds: TicketTypeFieldIdsSchema.exactOptional(),
    position: SetupPositionSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateTicketTypeRequest')

const TicketStatusRefSchema = z
  .string()
  .regex(/^tst_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a ticket status id (tst_…)' })
  .openapi({
    description: 'A ticket status id (TypeID with prefix `tst`).',
    examples: ['tst_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('TicketStatusRef')

const TicketTypeRefSchema = z
  .string()
  .regex(/^ttyp_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a ticket type id (ttyp_…)' })
  .openapi({
    description: 'A ticket type id (TypeID with prefix `ttyp`).',
    examples: ['ttyp_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('TicketTypeRef')

const TicketExternalIdentifierSchema = z
  .string()
  .regex(/^[^\x00-\x1F\x7F]+$/, { error: 'must not contain control characters' })
  .min(1)
  .max(255)
  .openapi({
    description: "The ticket's id in another system (a CRM), unique per workspace.",
    examples: ['crm-case-4711'],
  })
  .openapi('TicketExternalIdentifier')

const TicketCustomFieldsSchema = z
  .record(z.string(), TicketCustomFieldValueSchema)
  .openapi({
    description:
      "Custom field values by field `key`. A key must name a custom field of the workspace that is not archived and,\nwhen the ticket has a type, one of that type's fields; otherwise `422 custom_field_invalid` names it.\n",
    examples: [{ order_number: 'INV-2026-0042', plan: 'enterprise' }],
  })
  .openapi('TicketCustomFields')

const TicketMessageIdSchema = z
  .string()
  .regex(/^msg_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a ticket message id (msg_…)' })
  .openapi({
    description: 'A ticket message id (TypeID with prefix `msg`).',
    examples: ['msg_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('TicketMessageId')

const AttachmentIdSchema = z
  .string()
  .regex(/^att_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be an attachment id (att_…)' })
  .openapi({
    description: 'A ticket attachment id (TypeID with prefix `att`).',
    examples: ['att_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('AttachmentId')

const TicketAttachmentSchema = z
  .object({
    id: AttachmentIdSchema,
    ticketId: TicketIdSchema,
    messageId: z
      .string()
      .regex(/^msg_[0-7][0-9a-hjkmnp-tv-z]{25}$/)
      .max(40)
      .nullable()
      .openapi({
        description: 'The message that carries it (`msg_…`); `null` until a message claims it.',
        examples: ['msg_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    filename: z
      .string()
      .min(1)
      .max(255)
      .openapi({
        description:
          "The uploaded part's file name, sanitised (no path, no control or reserved characters).",
        examples: ['screenshot.png'],
      }),
    contentType: z
      .string()
      .max(255)
      .openapi({
        description:
          'The media type the upload declared (`application/octet-stream` when it declared none).',
        examples: ['image/png'],
      }),
    size: z
      .int32()
      .min(1)
      .max(2147483647)
      .openapi({ description: 'Bytes.', examples: [48213] }),
    createdAt: z.iso.datetime().max(40),
    downloadUrl: z
      .string()
      .max(200)
      .openapi({
        description:
          'The path of the bytes (`GET …/attachments/{attachmentId}/content`), relative to the API.',
        examples: [
          '/v1/tickets/tkt_01jh2x3y4z5a6b7c8d9e0f1g2h/attachments/att_01jh2x3y4z5a6b7c8d9e0f1g2h/content',
        ],
      }),
  })
  .openapi({
    description:
      "A file of the ticket's conversation: uploaded first (`messageId: null`), then put on a message by its\n`attachmentIds`. The bytes live in the attachment store and download from `downloadUrl`.\n",
    required: [
      'id',
      'ticketId',
      'messageId',
      'filename',
      'contentType',
      'size',
      'createdAt',
      'downloadUrl',
    ],
  })
  .openapi('TicketAttachment')

const TicketMessageSchema = z
  .object({
    id: TicketMessageIdSchema,
    ticketId: TicketIdSchema,
    kind: z.enum(['reply', 'note']).openapi({ examples: ['reply'] }),
    body: z
      .string()
      .max(65536)
      .openapi({ description: 'Markdown.', examples: ['The **export** button does nothing.'] }),
    bodyHtml: z
      .string()
      .max(262144)
      .exactOptional()
      .openapi({
        description: 'The body rendered to sanitised HTML; present only with `bodyFormat=html`.',
        examples: ['<p>The <strong>export</strong> button does nothing.</p>'],
      }),
    authorType: z
      .enum(['member', 'contact', 'system', 'integration'])
      .openapi({
        description:
          'A member (API keys write as their member), a contact, the system or an integration.',
        examples: ['member'],
      }),
    authorId: z
      .string()
      .max(64)
      .nullable()
      .openapi({
        description: "The member's or contact's id; `null` for the system.",
        examples: ['mbr_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    source: TicketSourceSchema,
    attachments: z
      .array(TicketAttachmentSchema)
      .max(20)
      .openapi({
        description:
          'The files on the message, in upload order (metadata; the bytes download from `downloadUrl`).',
      }),
    createdAt: z.iso.datetime().max(40),
  })
  .openapi({
    description:
      'A message of the conversation: a `reply` (public: the requester and participants see it) or a `note`\n(internal: never shown to a contact, never sent by email).\n',
    required: [
      'id',
      'ticketId',
      'kind',
      'body',
      'authorType',
      'authorId',
      'source',
      'attachments',
      'createdAt',
    ],
  })
  .openapi('TicketMessage')

const TicketSchema = z
  .object({
    id: TicketIdSchema,
    number: z
      .int32()
      .min(1)
      .max(2147483647)
      .openapi({
        description: 'Per workspace and human (`#1042`); unique, gaps allowed.',
        examples: [1042],
      }),
    subject: z
      .string()
      .max(500)
      .openapi({ examples: ['Cannot export my invoices'] }),
    statusId: TicketStatusRefSchema,
    statusCategory: TicketStatusCategorySchema,
    priority: TicketPrioritySchema,
    typeId: z.xor([TicketTypeRefSchema, z.null().nullable()]),
    requesterId: ContactIdSchema,
    organizationId: z
      .xor([OrganizationIdSchema, z.null().nullable()])
      .openapi({ description: "The requester's organisation unless set otherwise." }),
    assigneeId: z.xor([MemberIdSchema, z.null().nullable()]).exactOptional(),
    teamId: z.xor([TeamIdSchema, z.null().nullable()]).exactOptional(),
    inboxId: z.xor([InboxIdSchema, z.null().nullable()]).exactOptional(),
    tags: TicketTagsSchema.exactOptional(),
    customFields: TicketCustomFieldsSchema,
    externalId: z
      .string()
      .max(255)
      .nullable()
      .exactOptional()
      .openapi({ examples: ['crm-case-4711'] }),
    source: TicketSourceSchema,
    mergedIntoId: z
      .xor([TicketIdSchema, z.null().nullable()])
      .openapi({ description: 'Set when the ticket was merged into another.' }),
    snoozedUntil: z.iso.datetime().max(40).nullable().exactOptional(),
    firstResponseAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .exactOptional()
      .openapi({ description: 'The first public reply by a member.' }),
    solvedAt: z.iso.datetime().max(40).nullable(),
    closedAt: z.iso.datetime().max(40).nullable(),
    lastCustomerMessageAt: z.iso.datetime().max(40).nullable().exactOptional(),
    lastAgentMessageAt: z.iso.datetime().max(40).nullable().exactOptional(),
    messageCount: z
      .int32()
      .min(0)
      .max(2147483647)
      .exactOptional()
      .openapi({ description: 'Replies and notes.', examples: [3] }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
    messages: z
      .array(TicketMessageSchema)
      .max(20)
      .exactOptional()
      .openapi({
        description:
          'With `include=messages`, the last 20 messages the caller may read, oldest first.',
      }),
  })
  .openapi({
    description:
      'A support ticket. Staff (members and API keys) see every field. A contact (portal session) sees a reduced\nshape: no `assigneeId`, `teamId`, `inboxId`, `tags`, `externalId`, `snoozedUntil`, `messageCount` or\nresponse timestamps, and only the custom fields whose definition is `visibleToContacts`.\n',
    required: [
      'id',
      'number',
      'subject',
      'statusId',
      'statusCategory',
      'priority',
      'typeId',
      'requesterId',
      'organizationId',
      'customFields',
      'source',
      'mergedIntoId',
      'solvedAt',
      'closedAt',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Ticket')

const TicketListSchema = z
  .object({
    data: z.array(TicketSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoidGt0XzAxIn0.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('TicketList')

const TicketSubjectSchema = z
  .string()
  .regex(/\S/, { error: 'must not be blank' })
  .min(1)
  .max(500)
  .openapi({ examples: ['Cannot export my invoices'] })
  .openapi('TicketSubject')

const TicketMessageBodySchema = z
  .string()
  .regex(/\S/, { error: 'must not be blank' })
  .min(1)
  .max(65536)
  .openapi({ description: 'Markdown.', examples: ['The **export** button does nothing.'] })
  .openapi('TicketMessageBody')

const TicketMessageInputSchema = z
  .strictObject({ body: TicketMessageBodySchema })
  .openapi({ description: "The requester's opening message.", required: ['body'] })
  .openapi('TicketMessageInput')

const CreateTicketRequestSchema = z
  .strictObject({
    subject: TicketSubjectSchema,
    requesterId: ContactIdSchema.exactOptional(),
    priority: TicketPrioritySchema.exactOptional(),
    typeId: TicketTypeRefSchema.exactOptional(),
    statusId: TicketStatusRefSchema.exactOptional(),
    teamId: TeamIdSchema.exactOptional(),
    assigneeId: MemberIdSchema.exactOptional(),
    inboxId: InboxIdSchema.exactOptional(),
    organizationId: OrganizationIdSchema.exactOptional(),
    tags: TicketTagsSchema.exactOptional(),
    customFields: TicketCustomFieldsSchema.exactOptional(),
    externalId: TicketExternalIdentifierSchema.exactOptional(),
    source: TicketSourceSchema.exactOptional(),
    message: TicketMessageInputSchema.exactOptional(),
  })
  .openapi({
    description:
      '`requesterId` is required for members and API keys; a contact opens tickets for itself (leave it out or\nname itself) and may set only `subject`, `typeId`, `customFields` (those visible to contacts) and `message`.\n',
    required: ['subject'],
  })
  .openapi('CreateTicketRequest')

const UpdateTicketRequestSchema = z
  .strictObject({
    subject: TicketSubjectSchema.exactOptional(),
    statusId: TicketStatusRefSchema.exactOptional(),
    priority: TicketPrioritySchema.exactOptional(),
    typeId: z.xor([TicketTypeRefSchema, z.null().nullable()]).exactOptional(),
    assigneeId: z.xor([MemberIdSchema, z.null().nullable()]).exactOptional(),
    teamId: z.xor([TeamIdSchema, z.null().nullable()]).exactOptional(),
    inboxId: z.xor([InboxIdSchema, z.null().nullable()]).exactOptional(),
    tags: TicketTagsSchema.exactOptional(),
    customFields: TicketCustomFieldsSchema.exactOptional(),
    externalId: z.xor([TicketExternalIdentifierSchema, z.null().nullable()]).exactOptional(),
    requesterId: ContactIdSchema.exactOptional(),
    organizationId: z.xor([OrganizationIdSchema, z.null().nullable()]).exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change; `null` clears a nullable field. `customFields` merge key by key (`null` removes a key);\n`tags` replace the tags. Changing `assigneeId` or `teamId` needs `tickets.assign`, anything else\n`tickets.update`.\n',
  })
  .openapi('UpdateTicketRequest')

const TicketActivityIdSchema = z
  .string()
  .regex(/^tact_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a ticket activity id (tact_…)' })
  .openapi({
    description: 'A ticket activity entry id (TypeID with prefix `tact`).',
    examples: ['tact_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('TicketActivityId')

const TicketActivitySchema = z
  .object({
    id: TicketActivityIdSchema,
    ticketId: TicketIdSchema,
    field: z
      .string()
      .max(200)
      .openapi({
        description:
          'The changed field (`statusId`, `assigneeId`, `tags`, `customFields.<key>`…) or `created`.',
        examples: ['statusId'],
      }),
    before: z
      .any()
      .openapi({
        description: 'The value before (JSON; `null` when there was none).',
        examples: ['tst_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      }),
    after: z
      .any()
      .openapi({
        description: 'The value after (JSON; `null` when cleared).',
        examples: ['tst_01jh2x3y4z5a6b7c8d9e0f1g2j'],
      }),
    actor: z
      .object({
        type: z
          .enum(['member', 'contact', 'api_key', 'visitor', 'system'])
          .openapi({ examples: ['member'] }),
        id: z
          .string()
          .max(64)
          .nullable()
          .openapi({ examples: ['mbr_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
      })
      .openapi({ required: ['type', 'id'] }),
    createdAt: z.iso.datetime().max(40),
  })
  .openapi({
    description: 'One change of the ticket, with who made it and the values before and after.',
    required: ['id', 'ticketId', 'field', 'before', 'after', 'actor', 'createdAt'],
  })
  .openapi('TicketActivity')

const TicketActivityListSchema = z
  .object({
    data: z.array(TicketActivitySchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoidGFjdF8wMSJ9.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('TicketActivityList')

const AssignTicketRequestSchema = z
  .strictObject({
    assigneeId: z.xor([MemberIdSchema, z.null().nullable()]).exactOptional(),
    teamId: z.xor([TeamIdSchema, z.null().nullable()]).exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({ description: 'The assignee, the team, or both; `null` clears either.' })
  .openapi('AssignTicketRequest')

const UploadTicketAttachmentRequestSchema = z
  .object({
    file: z
      .file()
      .max(1073741824)
      .exactOptional()
      .openapi({
        description: "The file; its part's `filename` and `Content-Type` become the attachment's.",
        examples: ['(the bytes of screenshot.png)'],
      }),
  })
  .openapi({ description: 'A `multipart/form-data` body with the file in the part named `file`.' })
  .openapi('UploadTicketAttachmentRequest')

const TicketLinkIdSchema = z
  .string()
  .regex(/^tlnk_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a ticket link id (tlnk_…)' })
  .openapi({
    description: 'A ticket link id (TypeID with prefix `tlnk`).',
    examples: ['tlnk_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('TicketLinkId')

const TicketLinkKindSchema = z
  .enum(['post', 'related', 'duplicate', 'parent', 'external'])
  .openapi({
    description:
      "What a link points at: `post` (a feedback post), `related`, `duplicate` (this ticket duplicates the\nother) or `parent` (the other ticket is this one's parent) for another ticket, or `external` (a URL, e.g.\nan issue in another tracker).\n",
  })
  .openapi('TicketLinkKind')

const TicketLinkUrlSchema = z
  .url()
  .regex(/^https?:\/\//, { error: 'must be an http or https URL' })
  .max(2048)
  .openapi({ description: 'An http(s) URL.', examples: ['https://github.com/acme/app/issues/42'] })
  .openapi('TicketLinkUrl')

const TicketLinkSchema = z
  .object({
    id: TicketLinkIdSchema,
    ticketId: TicketIdSchema,
    kind: TicketLinkKindSchema,
    postId: z.xor([PostIdSchema, z.null().nullable()]),
    otherTicketId: z.xor([TicketIdSchema, z.null().nullable()]),
    url: z.xor([TicketLinkUrlSchema, z.null().nullable()]),
    title: z
      .string()
      .max(255)
      .nullable()
      .openapi({ examples: ['Crash on login (GH #42)'] }),
    createdBy: z
      .object({
        type: z.enum(['member', 'contact', 'system', 'integration', 'api_key']),
        id: z
          .string()
          .regex(/^[a-z_]{1,8}_[0-7][0-9a-hjkmnp-tv-z]{25}$/)
          .max(64)
          .nullable()
          .openapi({ examples: ['mbr_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
      })
      .openapi({
        description: "Who made the link (`member` for a member or an API key's member).",
        required: ['type', 'id'],
      }),
    voteAdded: z
      .boolean()
      .exactOptional()
      .openapi({
        description:
          "Only in the answer to a create with `addVote`: whether the requester's vote was added now (`false`: it\nwas there already; votes count once per contact).\n",
      }),
    createdAt: z.iso.datetime().max(40),
  })
  .openapi({
    description:
      'A link from a ticket to a feedback post, to another ticket or to an external URL. Exactly the field of its\n`kind` is set (`postId` for `post`, `otherTicketId` for `related`, `duplicate` and `parent`, `url` for\n`external`); the others are null.\n',
    required: [
      'id',
      'ticketId',
      'kind',
      'postId',
      'otherTicketId',
      'url',
      'title',
      'createdBy',
      'createdAt',
    ],
  })
  .openapi('TicketLink')

const TicketLinkListSchema = z
  .object({ data: z.array(TicketLinkSchema).max(1000) })
  .openapi({
    description:
      "A ticket's links, oldest first; links to tickets the caller may not read are left out (at most 100 are\nadded to a ticket; a merge may bring more).\n",
    required: ['data'],
  })
  .openapi('TicketLinkList')

const CreateTicketLinkRequestSchema = z
  .strictObject({
    kind: TicketLinkKindSchema,
    postId: PostIdSchema.exactOptional(),
    addVote: z
      .boolean()
      .exactOptional()
      .openapi({
        description:
          "With `kind: post`: also add the ticket requester's vote to the post (once per contact: a requester who\nvoted already keeps the one vote), so support demand rolls up into feedback. Needs the right to vote on\nthe post for a contact (`feedback.manage`; `feedback:write` for keys).\n",
      }),
    otherTicketId: TicketIdSchema.exactOptional(),
    url: TicketLinkUrlSchema.exactOptional(),
    title: z.string().min(1).max(255).exactOptional(),
  })
  .openapi({
    description:
      'A link: `{ kind: "post", postId, addVote? }`, `{ kind: "related" | "duplicate" | "parent", otherTicketId }`\nor `{ kind: "external", url, title? }`. A field of another kind is refused.\n',
    required: ['kind'],
    examples: [{ kind: 'post', postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h', addVote: true }],
  })
  .openapi('CreateTicketLinkRequest')

const MergeTicketRequestSchema = z
  .strictObject({ targetTicketId: TicketIdSchema })
  .openapi({
    description: 'The ticket to merge this one into.',
    required: ['targetTicketId'],
    examples: [{ targetTicketId: 'tkt_01jh2x3y4z5a6b7c8d9e0f1g2h' }],
  })
  .openapi('MergeTicketRequest')

const TicketMessageListSchema = z
  .object({
    data: z.array(TicketMessageSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoibXNnXzAxIn0.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('TicketMessageList')

const CreateTicketMessageRequestSchema = z
  .strictObject({
    kind: z
      .enum(['reply', 'note'])
      .openapi({
        description:
          '`reply` (public, needs `tickets.reply`) or `note` (internal, needs `tickets.note`).',
        examples: ['reply'],
      }),
    body: TicketMessageBodySchema,
    attachmentIds: z
      .array(AttachmentIdSchema)
      .max(20)
      .exactOptional()
      .openapi({
        description:
          'Uploads of this ticket (`uploadTicketAttachment`) to put on the message; each must not be on a message\nyet. A contact names only its own uploads.\n',
        examples: [['att_01jh2x3y4z5a6b7c8d9e0f1g2h']],
      }),
  })
  .openapi({ required: ['kind', 'body'] })
  .openapi('CreateTicketMessageRequest')

const TicketParticipantTypeSchema = z
  .enum(['contact', 'member'])
  .openapi({
    description:
      '`contact`: a CC contact (sees the public replies and may reply); `member`: a follower.',
  })
  .openapi('TicketParticipantType')

const ParticipantIdSchema = z
  .string()
  .regex(/^(ct|mbr)_[0-7][0-9a-hjkmnp-tv-z]{25}$/, {
    error: 'must be a contact id (ct_…) or a member id (mbr_…)',
  })
  .openapi({
    description: 'A participant of a ticket, by its own id (a contact `ct_…` or a member `mbr_…`).',
    examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('ParticipantId')

const TicketParticipantRoleSchema = z
  .enum(['cc', 'follower'])
  .openapi({
    description: '`cc` for contacts, `follower` for members (the role follows from the type).',
  })
  .openapi('TicketParticipantRole')

const TicketParticipantSchema = z
  .object({
    type: TicketParticipantTypeSchema,
    id: ParticipantIdSchema,
    role: TicketParticipantRoleSchema,
    createdAt: z.iso.datetime().max(40),
  })
  .openapi({
    description: 'A CC contact or a follower member of a ticket.',
    required: ['type', 'id', 'role', 'createdAt'],
  })
  .openapi('TicketParticipant')

const TicketParticipantListSchema = z
  .object({ data: z.array(TicketParticipantSchema).max(1000) })
  .openapi({
    description:
      "A ticket's participants, oldest first (at most 100 are added to a ticket; a merge may bring more).",
    required: ['data'],
  })
  .openapi('TicketParticipantList')

const AddTicketParticipantRequestSchema = z
  .strictObject({
    type: TicketParticipantTypeSchema,
    id: ParticipantIdSchema,
    role: TicketParticipantRoleSchema.exactOptional(),
  })
  .openapi({
    description: 'A contact to CC or a member to add as a follower.',
    required: ['type', 'id'],
    examples: [{ type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h', role: 'cc' }],
  })
  .openapi('AddTicketParticipantRequest')

const SetTicketPriorityRequestSchema = z
  .strictObject({ priority: TicketPrioritySchema })
  .openapi({ required: ['priority'] })
  .openapi('SetTicketPriorityRequest')

const SlaPauseSchema = z
  .object({
    from: z.iso.datetime().max(40),
    to: z.iso.datetime().max(40).nullable().openapi({ description: 'Null while the pause lasts.' }),
  })
  .openapi({ required: ['from', 'to'] })
  .openapi('SlaPause')

const SlaClockSchema = z
  .object({
    metric: SlaMetricSchema,
    status: SlaClockStatusSchema,
    dueAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({
        description:
          'When the target runs out; null while paused, or when the business hours never open.',
      }),
    warnAt: z.iso.datetime().max(40).nullable(),
    businessMinutesElapsed: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({ description: 'Minutes used (business minutes under business hours), up to now.' }),
    targetMinutes: z.int32().min(1).max(5256000),
    pauses: z.array(SlaPauseSchema).max(1000),
  })
  .openapi({
    description: "One metric's clock.",
    required: [
      'metric',
      'status',
      'dueAt',
      'warnAt',
      'businessMinutesElapsed',
      'targetMinutes',
      'pauses',
    ],
  })
  .openapi('SlaClock')

const TicketSlaSchema = z
  .object({
    policyId: z.xor([SlaPolicyIdSchema, z.null().nullable()]),
    clocks: z.array(SlaClockSchema).max(3),
  })
  .openapi({
    description: 'The policy a ticket runs under (null when none applies) and its clocks.',
    required: ['policyId', 'clocks'],
  })
  .openapi('TicketSla')

const SnoozeTicketRequestSchema = z
  .strictObject({
    until: z.iso
      .datetime()
      .max(40)
      .exactOptional()
      .openapi({ examples: ['2026-12-24T09:00:00Z'] }),
    minutes: z
      .int32()
      .min(1)
      .max(525600)
      .exactOptional()
      .openapi({ examples: [240] }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .refine((o) => Object.keys(o).length <= 1)
  .openapi({
    description:
      'When the snooze ends, as a time (`until`) or from now (`minutes`, at most a year); exactly one.',
    examples: [{ until: '2026-12-24T09:00:00Z' }],
  })
  .openapi('SnoozeTicketRequest')

const SetTicketStatusRequestSchema = z
  .strictObject({ statusId: TicketStatusRefSchema })
  .openapi({ required: ['statusId'] })
  .openapi('SetTicketStatusRequest')

const TicketTagsRequestSchema = z
  .strictObject({ tags: z.array(TicketTagSchema).min(1).max(50) })
  .openapi({ required: ['tags'] })
  .openapi('TicketTagsRequest')

const BulkTicketChangesSchema = z
  .strictObject({
    statusId: TicketStatusRefSchema.exactOptional(),
    priority: TicketPrioritySchema.exactOptional(),
    assigneeId: z.xor([MemberIdSchema, z.null().nullable()]).exactOptional(),
    teamId: z.xor([TeamIdSchema, z.null().nullable()]).exactOptional(),
    addTags: z.array(TicketTagSchema).min(1).max(50).exactOptional(),
    removeTags: z.array(TicketTagSchema).min(1).max(50).exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'What to change on every ticket: `statusId`, `priority`, `assigneeId` and `teamId` (`null` clears them) set the\nfield; `addTags` and `removeTags` add and remove tags, keeping the others.\n',
  })
  .openapi('BulkTicketChanges')

const BulkUpdateTicketsRequestSchema = z
  .strictObject({ ticketIds: BulkTicketIdsSchema, changes: BulkTicketChangesSchema })
  .openapi({ required: ['ticketIds', 'changes'] })
  .openapi('BulkUpdateTicketsRequest')

const UpsertTicketRequestSchema = z
  .strictObject({
    subject: TicketSubjectSchema.exactOptional(),
    requesterId: ContactIdSchema.exactOptional(),
    statusId: TicketStatusRefSchema.exactOptional(),
    priority: TicketPrioritySchema.exactOptional(),
    typeId: z.xor([TicketTypeRefSchema, z.null().nullable()]).exactOptional(),
    assigneeId: z.xor([MemberIdSchema, z.null().nullable()]).exactOptional(),
    teamId: z.xor([TeamIdSchema, z.null().nullable()]).exactOptional(),
    inboxId: z.xor([InboxIdSchema, z.null().nullable()]).exactOptional(),
    organizationId: z.xor([OrganizationIdSchema, z.null().nullable()]).exactOptional(),
    tags: TicketTagsSchema.exactOptional(),
    customFields: TicketCustomFieldsSchema.exactOptional(),
    source: TicketSourceSchema.exactOptional(),
  })
  .openapi({
    description:
      "The fields to set; the `externalId` is the path's. Creating needs `subject` and `requesterId`; fields left out\nof an update keep their value.\n",
  })
  .openapi('UpsertTicketRequest')

const UnsubscribeTokenSchema = z
  .string()
  .regex(/^psub_[0-7][0-9a-hjkmnp-tv-z]{25}\.[A-Za-z0-9_-]{43}$/)
  .min(1)
  .max(200)
  .openapi({
    description: 'A signed one-click unsubscribe token from a subscription email.',
    examples: ['psub_01jh2x3y4z5a6b7c8d9e0f1g2h.3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  })
  .openapi('UnsubscribeToken')

const UnsubscribeRequestSchema = z
  .strictObject({ token: UnsubscribeTokenSchema.exactOptional() })
  .openapi({ description: 'The token, when it does not come in the URL.' })
  .openapi('UnsubscribeRequest')

const OneClickUnsubscribeFormSchema = z
  .object({
    'List-Unsubscribe': z.literal('One-Click').exactOptional(),
    token: UnsubscribeTokenSchema.exactOptional(),
  })
  .openapi({
    description:
      'What a mail client posts for RFC 8058 one-click unsubscribe (the token is in the URL).',
  })
  .openapi('OneClickUnsubscribeForm')

const ViewSharingSchema = z
  .enum(['personal', 'team', 'workspace'])
  .openapi({
    description:
      'Who sees the view: `personal`, its owner only; `team`, the members of `teamId`; `workspace`, every member.\nSharing with a team or the workspace needs `views.manage` (within the team suffices for team sharing).\n',
    examples: ['team'],
  })
  .openapi('ViewSharing')

const ViewIdSchema = z
  .string()
  .regex(/^view_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a view id (view_…)' })
  .openapi({
    description: 'A view id (TypeID with prefix `view`).',
    examples: ['view_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('ViewId')

const ViewNameSchema = z
  .string()
  .min(1)
  .max(200)
  .openapi({
    description: 'Leading and trailing spaces are dropped.',
    examples: ['Urgent and unassigned'],
  })
  .openapi('ViewName')

const ViewSortSchema = z
  .enum([
    'updatedAt',
    '-updatedAt',
    'createdAt',
    '-createdAt',
    'number',
    '-number',
    'priority',
    '-priority',
  ])
  .openapi({
    description:
      "The order of the view's tickets, as `GET /v1/tickets` sorts them; a leading `-` sorts descending.",
    examples: ['-updatedAt'],
  })
  .openapi('ViewSort')

const ViewColumnSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)*$/)
  .min(1)
  .max(200)
  .openapi({
    description:
      'A ticket field a frontend shows as a column (`subject`, `priority`, `customFields.plan`…).',
    examples: ['priority'],
  })
  .openapi('ViewColumn')

const ViewColumnsSchema = z
  .array(ViewColumnSchema)
  .max(50)
  .openapi({ examples: [['number', 'subject', 'priority', 'assigneeId', 'updatedAt']] })
  .openapi('ViewColumns')

const ViewSchema = z
  .object({
    id: ViewIdSchema,
    name: ViewNameSchema,
    description: z
      .string()
      .max(1000)
      .nullable()
      .openapi({ examples: ['High and urgent tickets nobody has taken yet'] }),
    sharing: ViewSharingSchema,
    ownerId: z
      .xor([MemberIdSchema, z.null().nullable()])
      .openapi({
        description: 'The member who created the view (who alone sees it when it is personal).',
      }),
    teamId: z
      .xor([TeamIdSchema, z.null().nullable()])
      .openapi({ description: 'The team a `team` view is shared with; null otherwise.' }),
    conditions: ConditionGroupSchema,
    sort: ViewSortSchema,
    columns: ViewColumnsSchema,
    position: z
      .int32()
      .min(-2147483648)
      .max(2147483647)
      .openapi({ description: 'Where the view sits in lists (ascending).', examples: [0] }),
    createdAt: z.iso
      .datetime()
      .max(40)
      .openapi({ examples: ['2026-11-26T15:04:05.123Z'] }),
    updatedAt: z.iso
      .datetime()
      .max(40)
      .openapi({ examples: ['2026-11-26T15:04:05.123Z'] }),
  })
  .openapi({
    description:
      'A saved ticket filter with its sort and columns, personal or shared with a team or the workspace.',
    required: [
      'id',
      'name',
      'description',
      'sharing',
      'ownerId',
      'teamId',
      'conditions',
      'sort',
      'columns',
      'position',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('View')

const ViewListSchema = z
  .object({
    data: z.array(ViewSchema).max(100),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('ViewList')

const ViewDescriptionSchema = z
  .string()
  .max(1000)
  .openapi({ examples: ['High and urgent tickets nobody has taken yet'] })
  .openapi('ViewDescription')

const CreateViewRequestSchema = z
  .strictObject({
    name: ViewNameSchema,
    description: z.xor([ViewDescriptionSchema, z.null().nullable()]).exactOptional(),
    sharing: ViewSharingSchema.exactOptional(),
    teamId: z
      .xor([TeamIdSchema, z.null().nullable()])
      .exactOptional()
      .openapi({ description: 'Required with `team` sharing, refused otherwise.' }),
    conditions: ConditionGroupSchema.exactOptional(),
    sort: ViewSortSchema.exactOptional(),
    columns: ViewColumnsSchema.exactOptional(),
    position: z.int32().min(-2147483648).max(2147483647).exactOptional(),
  })
  .openapi({ required: ['name'] })
  .openapi('CreateViewRequest')

const UpdateViewRequestSchema = z
  .strictObject({
    name: ViewNameSchema.exactOptional(),
    description: z.xor([ViewDescriptionSchema, z.null().nullable()]).exactOptional(),
    sharing: ViewSharingSchema.exactOptional(),
    teamId: z.xor([TeamIdSchema, z.null().nullable()]).exactOptional(),
    conditions: ConditionGroupSchema.exactOptional(),
    sort: ViewSortSchema.exactOptional(),
    columns: ViewColumnsSchema.exactOptional(),
    position: z.int32().min(-2147483648).max(2147483647).exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi({
    description:
      'The fields to change. Changing `sharing` or `teamId` needs the right to share as the new sharing says.',
  })
  .openapi('UpdateViewRequest')

const ViewCountSchema = z
  .object({
    viewId: ViewIdSchema,
    count: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({
        description: 'The tickets that match the view and that the caller may read.',
        examples: [12],
      }),
  })
  .openapi({ required: ['viewId', 'count'] })
  .openapi('ViewCount')

const ViewCountListSchema = z
  .object({
    data: z
      .array(ViewCountSchema)
      .max(50)
      .openapi({ description: 'One count per requested view, in the order asked.' }),
  })
  .openapi({ required: ['data'] })
  .openapi('ViewCountList')

const WebhookIdSchema = z
  .string()
  .regex(/^wh_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a webhook id (wh_…)' })
  .openapi({
    description: 'A webhook id (TypeID with prefix `wh`).',
    examples: ['wh_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('WebhookId')

const WebhookEventPatternSchema = z
  .string()
  .regex(/^(\*|[a-z_]+\.\*|[a-z_]+\.[a-z_]+)$/, {
    error: 'must be an event type (contact.created), an entity wildcard (contact.*) or *',
  })
  .min(1)
  .max(100)
  .openapi({
    description:
      'An event type (`contact.created`), every event of an entity (`contact.*`), or every event (`*`).',
    examples: ['contact.*'],
  })
  .openapi('WebhookEventPattern')

const WebhookSchema = z
  .object({
    id: WebhookIdSchema,
    url: z.url().max(2048),
    description: z
      .string()
      .max(1000)
      .nullable()
      .openapi({ examples: ['CRM sync'] }),
    events: z.array(WebhookEventPatternSchema).max(100),
    teamIds: z.array(TeamIdSchema).max(100),
    inboxIds: z.array(InboxIdSchema).max(100),
    boardIds: z.array(BoardIdSchema).max(100),
    active: z
      .boolean()
      .openapi({
        description:
          'Whether events are delivered. Loopdesk sets it to false when it disables the endpoint.',
      }),
    consecutiveFailures: z
      .int32()
      .min(0)
      .max(2147483647)
      .openapi({
        description:
          'Failed attempts in a row; at 20 the endpoint is disabled. A success resets it.',
      }),
    disabledAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({
        description:
          'When Loopdesk disabled the endpoint (it answered 410 Gone, or failed 20 times in a row). Setting `active` to true again clears it.',
      }),
    disabledReason: z.union([z.literal('gone'), z.literal('failures'), z.literal(null)]).nullable(),
    previousSecretExpiresAt: z.iso
      .datetime()
      .max(40)
      .nullable()
      .openapi({
        description:
          'After a secret rotation, until when the previous secret also signs; null otherwise.',
      }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    required: [
      'id',
      'url',
      'description',
      'events',
      'teamIds',
      'inboxIds',
      'boardIds',
      'active',
      'consecutiveFailures',
      'disabledAt',
      'disabledReason',
      'previousSecretExpiresAt',
      'createdAt',
      'updatedAt',
    ],
  })
  .openapi('Webhook')

const WebhookListSchema = z
  .object({
    data: z.array(WebhookSchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('WebhookList')

const WebhookUrlSchema = z
  .url()
  .min(1)
  .max(2048)
  .openapi({
    description:
      'Where events are POSTed. Must be `https` and resolve only to public addresses (private, loopback, link-local,\ncarrier-grade NAT, multicast and cloud metadata addresses are refused with `422 webhook_url_not_allowed`); the\ncheck runs again before every delivery, and redirects are never followed. A server started with\n`LOOPDESK_WEBHOOKS_ALLOW_INSECURE=true` (local development) also accepts `http` and private addresses.\n',
    examples: ['https://crm.example.com/hooks/loopdesk'],
  })
  .openapi('WebhookUrl')

const WebhookEventsSchema = z
  .array(WebhookEventPatternSchema)
  .min(1)
  .max(100)
  .openapi({
    description:
      'The event types to deliver. Each must name events of the catalogue (an unknown type is a 400).',
  })
  .openapi('WebhookEvents')

const WebhookTeamIdsSchema = z
  .array(TeamIdSchema)
  .max(100)
  .openapi({
    description:
      'When non-empty, events that name a team (`teamId` in their data) are delivered only for these teams. Events that name no team are delivered regardless.',
  })
  .openapi('WebhookTeamIds')

const WebhookInboxIdsSchema = z
  .array(InboxIdSchema)
  .max(100)
  .openapi({
    description:
      'When non-empty, events that name an inbox (`inboxId` in their data) are delivered only for these inboxes. Events that name no inbox are delivered regardless.',
  })
  .openapi('WebhookInboxIds')

const WebhookBoardIdsSchema = z
  .array(BoardIdSchema)
  .max(100)
  .openapi({
    description:
      'When non-empty, events that name a feedback board (`boardId` in their data, as every post, vote and comment event does) are delivered only for these boards. Events that name no board are delivered regardless.',
  })
  .openapi('WebhookBoardIds')

const CreateWebhookRequestSchema = z
  .strictObject({
    url: WebhookUrlSchema,
    events: WebhookEventsSchema,
    description: z
      .string()
      .max(500)
      .nullable()
      .exactOptional()
      .openapi({ examples: ['CRM sync'] }),
    teamIds: WebhookTeamIdsSchema.exactOptional(),
    inboxIds: WebhookInboxIdsSchema.exactOptional(),
    boardIds: WebhookBoardIdsSchema.exactOptional(),
    active: z.boolean().default(true).exactOptional(),
  })
  .openapi({ required: ['url', 'events'] })
  .openapi('CreateWebhookRequest')

const WebhookWithSecretSchema = WebhookSchema.and(
  z
    .object({
      secret: z
        .string()
        .regex(/^whsec_[A-Za-z0-9+\/]{43}=$/)
        .openapi({
          description:
            'The signing secret (`whsec_` + base64 of 32 random bytes), shown only in this answer. Every delivery carries\nthe Standard Webhooks headers `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64\nHMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}" keyed with the base64-decoded part after\nwhsec_>`. The SDK\'s `verifyWebhook(secret, headers, body)` checks them.\n',
          examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8Z3m7Qw1uYg='],
        }),
    })
    .openapi({ required: ['secret'] }),
)
  .openapi({
    description:
      'The webhook with its signing secret, in the answer to its creation or secret rotation only.',
  })
  .openapi('WebhookWithSecret')

const UpdateWebhookRequestSchema = z
  .strictObject({
    url: WebhookUrlSchema.exactOptional(),
    events: WebhookEventsSchema.exactOptional(),
    description: z
      .string()
      .max(500)
      .nullable()
      .exactOptional()
      .openapi({ examples: ['CRM sync (paused)'] }),
    teamIds: WebhookTeamIdsSchema.exactOptional(),
    inboxIds: WebhookInboxIdsSchema.exactOptional(),
    boardIds: WebhookBoardIdsSchema.exactOptional(),
    active: z
      .boolean()
      .exactOptional()
      .openapi({
        description:
          'False pauses deliveries. True re-enables an endpoint Loopdesk disabled and resets its failure count.',
      }),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateWebhookRequest')

const DeliveryIdSchema = z
  .string()
  .regex(/^whd_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a webhook delivery id (whd_…)' })
  .openapi({
    description:
      'A webhook delivery id (TypeID with prefix `whd`). It is the `webhook-id` header of every attempt.',
    examples: ['whd_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('DeliveryId')

const WebhookDeliverySchema = z
  .object({
    id: DeliveryIdSchema,
    webhookId: WebhookIdSchema,
    eventId: z
      .xor([EventIdSchema, z.null().nullable()])
      .openapi({ description: 'The event delivered; null for pings.' }),
    eventType: z
      .string()
      .max(100)
      .openapi({ examples: ['contact.created'] }),
    status: z
      .enum(['pending', 'succeeded', 'failed'])
      .openapi({
        description:
          '`pending` while attempts remain, `succeeded` after a 2xx, `failed` when retries ran out, the endpoint was disabled, or a manual attempt failed.',
      }),
    attempts: z.int32().min(0).max(2147483647),
    lastStatusCode: z
      .int32()
      .min(100)
      .max(599)
      .nullable()
      .openapi({
        description:
          "The receiver's status code of the last attempt; null when it gave none (refused URL, network error, timeout).",
      }),
    lastDurationMs: z.int32().min(0).max(2147483647).nullable(),
    lastResponseBody: z
      .string()
      .max(2048)
      .nullable()
      .openapi({
        description: "The first 2 KiB of the receiver's last answer.",
        examples: ['{"received":true}'],
      }),
    lastError: z
      .string()
      .max(2048)
      .nullable()
      .openapi({ examples: ['the receiver answered 503'] }),
    lastAttemptAt: z.iso.datetime().max(40).nullable(),
    nextAttemptAt: z.iso.datetime().max(40).nullable(),
    createdAt: z.iso.datetime().max(40),
  })
  .openapi({
    required: [
      'id',
      'webhookId',
      'eventId',
      'eventType',
      'status',
      'attempts',
      'lastStatusCode',
      'lastDurationMs',
      'lastResponseBody',
      'lastError',
      'lastAttemptAt',
      'nextAttemptAt',
      'createdAt',
    ],
  })
  .openapi('WebhookDelivery')

const WebhookDeliveryListSchema = z
  .object({
    data: z.array(WebhookDeliverySchema).max(1000),
    nextCursor: z
      .string()
      .max(512)
      .nullable()
      .openapi({ examples: ['eyJ2IjoxLCJrIjoiY3RfMDFqaDJ4M3k0ejVhNmI3YzhkOWUwZjFnMmgifQ.3q2-7w'] }),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('WebhookDeliveryList')

const WidgetProfileIdSchema = z
  .string()
  .regex(/^wp_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a widget profile id (wp_…)' })
  .openapi({
    description: 'A widget profile id (TypeID with prefix `wp`).',
    examples: ['wp_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('WidgetProfileId')

const WidgetEnvironmentSchema = z
  .enum(['production', 'development'])
  .openapi({
    description:
      '`production` profiles accept only `https` origins; `development` profiles also accept `http` ones (a widget\nunder development on `http://localhost:3000`). Nothing else differs.\n',
  })
  .openapi('WidgetEnvironment')

const WidgetProfileSchema = z
  .object({
    id: WidgetProfileIdSchema,
    name: z.string().max(200),
    environment: WidgetEnvironmentSchema,
    allowedOrigins: z.array(z.string().max(90)).max(100),
    publishableKey: z
      .string()
      .regex(/^wpk_[A-Za-z0-9_-]{32}$/)
      .openapi({
        description:
          'The key a widget or custom portal sends as `Authorization: Bearer wpk_…`: it makes the caller an anonymous\nvisitor of the workspace. It is public by design (embedded in pages and apps), so it is shown on every\nread; `POST /v1/widget-profiles/{profileId}/rotate-key` replaces it.\n',
        examples: ['wpk_3q2Xb9sV0kR1mN7tY4uW8zA6cD5eF1gH'],
      }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({
    required: [
      'id',
      'name',
      'environment',
      'allowedOrigins',
      'publishableKey',
      'createdAt',
      'updatedAt',
    ],
    examples: [
      {
        id: 'wp_01jh2x3y4z5a6b7c8d9e0f1g2h',
        name: 'Marketing site',
        environment: 'production',
        allowedOrigins: ['https://www.example.com', 'https://*.example.com'],
        publishableKey: 'wpk_3q2Xb9sV0kR1mN7tY4uW8zA6cD5eF1gH',
        createdAt: '2026-11-26T15:04:05.123Z',
        updatedAt: '2026-11-26T15:04:05.123Z',
      },
    ],
  })
  .openapi('WidgetProfile')

const WidgetProfileListSchema = z
  .object({
    data: z.array(WidgetProfileSchema).max(100),
    nextCursor: z.string().max(512).nullable(),
  })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('WidgetProfileList')

const WidgetAllowedOriginSchema = z
  .string()
  .regex(
    /^[Hh][Tt][Tt][Pp][Ss]?:\/\/(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?$/,
    {
      error:
        'must be an origin (https://app.example.com) or a subdomain wildcard (https://*.example.com), without a path',
    },
  )
  .min(1)
  .max(300)
  .openapi({
    description:
      "A web origin a browser may call from with this profile's publishable key: scheme, host and optional port, no\npath (`https://app.example.com`, `http://localhost:3000`), or `*.` before a domain for every subdomain of it at\nany depth (`https://*.example.com` matches `https://app.example.com` and `https://a.b.example.com`, not\n`https://example.com`). Stored in lower case.\n",
    examples: ['https://app.example.com'],
  })
  .openapi('WidgetAllowedOrigin')

const WidgetAllowedOriginsSchema = z
  .array(WidgetAllowedOriginSchema)
  .max(50)
  .openapi({
    description:
      "Where the publishable key may be used from a browser. A request with the key whose `Origin` header matches\nnone of these is refused with `403 origin_not_allowed` and no CORS headers. A request without `Origin` (a\nmobile app, a script, a server) is not a browser's cross-site call and is served: the key is public, the\nallow-list only keeps other sites' pages from using it. Empty: no browser origin at all.\n",
  })
  .openapi('WidgetAllowedOrigins')

const CreateWidgetProfileRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    environment: WidgetEnvironmentSchema.exactOptional().openapi({
      description: 'Default `production`.',
    }),
    allowedOrigins: WidgetAllowedOriginsSchema.exactOptional(),
  })
  .openapi({ required: ['name'] })
  .openapi('CreateWidgetProfileRequest')

const UpdateWidgetProfileRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(200).exactOptional(),
    environment: WidgetEnvironmentSchema.exactOptional(),
    allowedOrigins: WidgetAllowedOriginsSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateWidgetProfileRequest')

const WorkspaceSchema = z
  .object({
    id: WorkspaceIdSchema,
    name: z
      .string()
      .max(200)
      .openapi({ examples: ['Acme'] }),
    slug: z
      .string()
      .max(48)
      .openapi({
        description: 'Unique across the installation; used in portal URLs.',
        examples: ['acme'],
      }),
    timezone: z
      .string()
      .max(64)
      .openapi({
        description: 'IANA time zone used for business hours and reports.',
        examples: ['Europe/Berlin'],
      }),
    createdAt: z.iso.datetime().max(40),
    updatedAt: z.iso.datetime().max(40),
  })
  .openapi({ required: ['id', 'name', 'slug', 'timezone', 'createdAt', 'updatedAt'] })
  .openapi('Workspace')

const WorkspaceSlugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, {
    error: 'must be lowercase letters, digits and inner hyphens',
  })
  .min(2)
  .max(48)
  .openapi({ examples: ['acme'] })
  .openapi('WorkspaceSlug')

const TimezoneSchema = z
  .string()
  .min(1)
  .max(64)
  .openapi({ description: 'An IANA time zone name.', examples: ['Europe/Berlin'] })
  .openapi('Timezone')

const UpdateWorkspaceRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(120)
      .exactOptional()
      .openapi({ examples: ['Acme Support'] }),
    slug: WorkspaceSlugSchema.exactOptional(),
    timezone: TimezoneSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateWorkspaceRequest')

const CreateWorkspaceRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(120)
      .openapi({ examples: ['Acme Support'] }),
    slug: WorkspaceSlugSchema.exactOptional(),
    timezone: TimezoneSchema.exactOptional(),
    owner: z
      .strictObject({
        email: z.email({ pattern: z.regexes.html5Email }).max(254),
        name: z
          .string()
          .min(1)
          .max(120)
          .exactOptional()
          .openapi({ examples: ['Ada Lovelace'] }),
      })
      .openapi({ required: ['email'] }),
  })
  .openapi({ required: ['name', 'owner'] })
  .openapi('CreateWorkspaceRequest')

const WorkspaceCreatedSchema = z
  .object({ workspace: WorkspaceSchema, member: MemberSchema, apiKey: ApiKeyCreatedSchema })
  .openapi({ required: ['workspace', 'member', 'apiKey'] })
  .openapi('WorkspaceCreated')

const RateLimitLimitHeaderSchema = z
  .int32()
  .min(0)
  .max(2147483647)
  .openapi({
    description:
      'Requests allowed per window for this credential (for its address when it has none or a refused one).',
  })

const RateLimitRemainingHeaderSchema = z
  .int32()
  .min(0)
  .max(2147483647)
  .openapi({ description: 'Requests left in the current window.' })

const RateLimitResetHeaderSchema = z
  .int32()
  .min(0)
  .max(2147483647)
  .openapi({ description: 'Seconds until the window resets.' })

const BadRequestResponse = {
  description:
    'The request is malformed: a parameter, header or body that fails validation (`validation_failed`, `malformed_json`, `malformed_request`, `invalid_cursor`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const UnauthorizedResponse = {
  description:
    'No credentials, credentials that are unknown, expired or revoked, or a failed sign-in (`unauthorized`, `invalid_credentials`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const ForbiddenResponse = {
  description:
    'The caller may see the resource but not do this; `missingPermission` or `missingScope` names what is lacking (`forbidden`, `invalid_origin`, `origin_not_allowed`, `author_edits_disabled`, `signup_disabled`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const ConflictResponse = {
  description:
    'The request conflicts with the current state (`conflict`, `name_taken`, `external_id_taken`, `idempotency_key_in_progress`, `api_key_revoked`, `api_key_expired`, `business_hours_in_use`, `already_published`, `changelog_category_in_use`, `contact_exists`, `contact_merged`, `contact_in_use`, `board_not_empty`, `status_in_use`, `board_archived`, `post_merged`, `post_not_deleted`, `post_locked`, `already_voted`, `post_not_merged`, `duplicate_dismissed`, `duplicate_not_dismissed`, `post_not_pending`, `post_already_approved`, `post_has_activity`, `already_reacted`, `reaction_limit_reached`, `comment_has_staff_reply`, `no_official_response`, `status_unchanged`, `category_not_empty`, `inbox_in_use`, `inbox_address_taken`, `member_exists`, `invitation_accepted`, `last_owner`, `role_already_assigned`, `domain_taken`, `role_name_taken`, `role_in_use`, `segment_in_use`, `already_member`, `ticket_status_in_use`, `last_status_in_category`, `default_status_required`, `ticket_setup_limit_reached`, `custom_field_key_taken`, `custom_field_in_use`, `ticket_participant_exists`, `ticket_link_exists`, `ticket_merged`, `ticket_closed`, `attachment_claimed`, `slug_taken`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const PayloadTooLargeResponse = {
  description: 'The body is over the limit (`payload_too_large`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const UnsupportedMediaTypeResponse = {
  description: 'The body is not `application/json` (`unsupported_media_type`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const UnprocessableEntityResponse = {
  description:
    'The request is well-formed but cannot be applied (`invalid_condition`, `segment_not_found`, `idempotency_key_reused`, `expiry_in_past`, `schedule_in_past`, `merge_into_self`, `merge_with_merged`, `webhook_url_not_allowed`, `workspace_required`, `session_required`, `business_hours_not_found`, `invalid_time_zone`, `invalid_time`, `interval_ends_before_start`, `overlapping_intervals`, `invalid_date`, `duplicate_date`, `closed_with_intervals`, `linked_post_not_found`, `duplicate_of_self`, `official_response_not_allowed`, `category_not_found`, `category_archived`, `category_cycle`, `invalid_locale`, `visibility_wider_than_category`, `inbox_not_found`, `invalid_inbox_channels`, `invalid_email`, `macro_action_invalid`, `macro_inactive`, `member_not_found`, `free_mail_domain`, `invalid_portal_tab`, `portal_tab_target_not_found`, `portal_tab_limit_reached`, `unknown_status`, `invalid_item_order`, `system_role_immutable`, `invalid_routing_action`, `invalid_reorder`, `member_not_in_team`, `sla_policy_not_found`, `segment_conditions_required`, `segment_conditions_not_allowed`, `segment_members_computed`, `contact_not_found`, `invalid_sla_target`, `invalid_position`, `bulk_limit_exceeded`, `invalid_replacement_status`, `custom_field_options_required`, `custom_field_options_not_allowed`, `custom_field_options_duplicate`, `unknown_custom_field`, `ticket_participant_not_found`, `ticket_participant_role_invalid`, `ticket_participants_limit`, `ticket_link_target_not_found`, `ticket_link_self`, `ticket_links_limit`, `ticket_merge_self`, `ticket_merge_target_not_found`, `ticket_status_not_found`, `ticket_type_not_found`, `custom_field_invalid`, `requester_not_found`, `assignee_not_found`, `team_not_found`, `organization_not_found`, `attachment_file_missing`, `attachment_not_found`, `insecure_origin`, `origin_pattern_too_broad`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const RetryAfterHeaderSchema = z
  .int32()
  .min(0)
  .max(2147483647)
  .exactOptional()
  .openapi({ description: 'Seconds to wait before retrying.' })

const TooManyRequestsResponse = {
  description: 'Rate limited; see `Retry-After` (`rate_limited`, `anonymous_rate_limited`).',
  headers: z.object({
    'Retry-After': RetryAfterHeaderSchema,
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const InternalErrorResponse = {
  description: 'An unexpected error; the `requestId` finds it in the logs (`internal_error`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const NotFoundResponse = {
  description: 'No such resource in this workspace, or not visible to the caller (`not_found`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const PreconditionFailedResponse = {
  description: 'The `If-Match` ETag is stale (`precondition_failed`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const InvalidCredentialsResponse = {
  description: 'The credentials are wrong, unknown, expired or used up (`invalid_credentials`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const InvalidOriginResponse = {
  description: 'A browser request from an origin that is not allowed (`invalid_origin`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const SessionRequiredResponse = {
  description: 'The caller is an API key, which has no session (`session_required`).',
  headers: z.object({
    'RateLimit-Limit': RateLimitLimitHeaderSchema,
    'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
    'RateLimit-Reset': RateLimitResetHeaderSchema,
  }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const IdempotencyKeyParamsSchema = z
  .string()
  .min(1)
  .max(255)
  .exactOptional()
  .openapi({
    param: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a retried `POST` safe. The first answer for a key is replayed for 24 hours; the same key with another body is refused with `idempotency_key_reused`.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    },
  })

const LimitParamsSchema = z.coerce
  .number()
  .pipe(z.int32().min(1).max(100))
  .default(25)
  .exactOptional()
  .openapi({
    param: {
      name: 'limit',
      in: 'query',
      required: false,
      description: 'How many items to return (1–100).',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 25, format: 'int32' },
    },
  })

const CursorParamsSchema = z
  .string()
  .min(1)
  .max(512)
  .exactOptional()
  .openapi({
    param: {
      name: 'cursor',
      in: 'query',
      required: false,
      description: 'The `nextCursor` of the previous page. Opaque; a tampered cursor is rejected.',
      schema: { type: 'string', minLength: 1, maxLength: 512 },
    },
  })

const ApiKeyIdPathParamsSchema = ApiKeyIdSchema.openapi({
  param: {
    name: 'apiKeyId',
    in: 'path',
    required: true,
    schema: { $ref: '#/components/schemas/ApiKeyId' },
  },
})

const IfNoneMatchParamsSchema = z
  .string()
  .min(1)
  .max(200)
  .exactOptional()
  .openapi({
    param: {
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'The `ETag` you hold; answers `304 Not Modified` while it is current.',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    },
  })

const IfMatchParamsSchema = z
  .string()
  .min(1)
  .max(200)
  .exactOptional()
  .openapi({
    param: {
      name: 'If-Match',
      in: 'header',
      required: false,
      description:
        'The `ETag` the change is based on. A stale one is refused with `412 precondition_failed`.',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    },
  })

const AuditActorTypeFilterParamsSchema = AuditActorTypeSchema.exactOptional().openapi({
  param: {
    name: 'actorType',
    in: 'query',
    required: false,
    description: 'Only changes made by this kind of actor.',
    schema: { $ref: '#/components/schemas/AuditActorType' },
  },
})

const AuditActorIdFilterParamsSchema = z
  .string()
  .regex(/^(mbr|ak|ct)_[0-7][0-9a-hjkmnp-tv-z]{25}$/, {
    error: 'must be a member, API key or contact id (mbr_…, ak_…, ct_…)',
  })
  .exactOptional()
  .openapi({
    param: {
      name: 'actorId',
      in: 'query',
      required: false,
      description: 'Only changes made by this member, API key or contact (its id).',
      schema: {
        type: 'string',
        pattern: '^(mbr|ak|ct)_[0-7][0-9a-hjkmnp-tv-z]{25}$',
        'x-pattern-message': 'must be a member, API key or contact id (mbr_…, ak_…, ct_…)',
        examples: ['mbr_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      },
    },
    examples: ['mbr_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })

const AuditActorMemberIdFilterParamsSchema = MemberIdSchema.exactOptional().openapi({
  param: {
    name: 'actorMemberId',
    in: 'query',
    required: false,
    description: 'Only changes made by this member, directly or through one of their API keys.',
    schema: { $ref: '#/components/schemas/MemberId' },
  },
})

const AuditTypeFilterParamsSchema = z
  .xor([
    EventTypeFilterSchema,
    z
      .array(EventTypeFilterSchema)
      .min(1)
      .max(50)
      .exactOptional()
      .openapi({
        param: {
          name: 'type',
          in: 'query',
          required: false,
          description:
            'Only entries of these event types (comma-separated or repeated; `contact.*` wildcards).',
          schema: {
            oneOf: [
              { $ref: '#/components/schemas/EventTypeFilter' },
              {
                type: 'array',
                minItems: 1,
                maxItems: 50,
                items: { $ref: '#/components/schemas/EventTypeFilter' },
              },
            ],
          },
        },
      }),
  ])
  .exactOptional()
  .openapi({
    param: {
      name: 'type',
      in: 'query',
      required: false,
      description:
        'Only entries of these event types (comma-separated or repeated; `contact.*` wildcards).',
      schema: {
        oneOf: [
          { $ref: '#/components/schemas/EventTypeFilter' },
          {
            type: 'array',
            minItems: 1,
            maxItems: 50,
            items: { $ref: '#/components/schemas/EventTypeFilter' },
          },
        ],
      },
    },
  })

const AuditResourceTypeFilterParamsSchema = EventResourceTypeSchema.exactOptional().openapi({
  param: {
    name: 'resourceType',
    in: 'query',
    required: false,
    description: 'Only changes of this kind of resource (`contact`, `team`, `api_key`, …).',
    schema: { $ref: '#/components/schemas/EventResourceType' },
  },
})

const AuditResourceIdFilterParamsSchema = z
  .string()
  .regex(/^[a-z](?:[a-z_]{0,61}[a-z])?_[0-7][0-9a-hjkmnp-tv-z]{25}$/, {
    error: 'must be a resource id (a TypeID such as ct_…)',
  })
  .exactOptional()
  .openapi({
    param: {
      name: 'resourceId',
      in: 'query',
      required: false,
      description: 'Only changes of the resource with this id.',
      schema: {
        type: 'string',
        pattern: '^[a-z](?:[a-z_]{0,61}[a-z])?_[0-7][0-9a-hjkmnp-tv-z]{25}$',
        'x-pattern-message': 'must be a resource id (a TypeID such as ct_…)',
        examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'],
      },
    },
    examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })

const AuditOccurredAfterParamsSchema = z.iso
  .datetime()
  .max(40)
  .exactOptional()
  .openapi({
    param: {
      name: 'occurredAfter',
      in: 'query',
      required: false,
      description:
        'Only changes made strictly after this instant (UTC, e.g. `2025-01-31T23:00:00Z`).',
      schema: { type: 'string', format: 'date-time', maxLength: 40 },
    },
  })

const AuditOccurredBeforeParamsSchema = z.iso
  .datetime()
  .max(40)
  .exactOptional()
  .openapi({
    param: {
      name: 'occurredBefore',
      in: 'query',
      required: false,
      description:
        'Only changes made strictly before this instant (UTC). Must be after `occurredAfter`.',
      schema: { type: 'string', format: 'date-time', maxLength: 40 },
    },
  })

const BodyFormatParamsSchema = z
  .enum(['markdown', 'html'])
  .default('markdown')
  .exactOptional()
  .openapi({
    param: {
      name: 'bodyFormat',
      in: 'query',
      required: false,
      description:
        '`html` adds `bodyHtml`: the Markdown body rendered to sanitised HTML (raw HTML in the Markdown is shown as text;\nno scripts, event handlers, styles, or URLs other than `http(s)`, `mailto` and relative ones; links get\n`rel="nofollow noopener noreferrer"`), safe to put in a page as it is. `markdown` (the default) answers the\nbody as stored.\n',
      schema: { type: 'string', enum: ['markdown', 'html'], default: 'markdown' },
    },
  })

const VisitorIdParamsSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,128}$/)
  .min(16)
  .max(128)
  .exactOptional()
  .openapi({
    param: {
      name: 'Loopdesk-Visitor-Id',
      in: 'header',
      required: false,
      description:
        "With a publishable key: the anonymous visitor's own id, a stable random id its client keeps (a UUID in local\nstorage, say). It keeps one vote per visitor (required to vote), and lets the visitor read its own pending\nposts and its posts on one-way boards. 16 to 128 letters, digits, `-` or `_`; never shown to anyone.\nIgnored with other credentials.\n",
      schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,128}$', minLength: 16, maxLength: 128 },
    },
  })

const ETagHeaderSchema = z
  .string()
  .max(200)
  .exactOptional()
  .openapi({ description: 'The version of the resource, for `If-Match` and `If-None-Match`.' })

const SessionCookieHeaderSchema = z
  .string()
  .max(4096)
  .exactOptional()
  .openapi({
    description:
      '`loopdesk_session=<token>; Max-Age=<session lifetime>; Path=/; HttpOnly; Secure; SameSite=Lax`',
  })

const ClearedCookieHeaderSchema = z
  .string()
  .max(4096)
  .exactOptional()
  .openapi({
    description: '`loopdesk_session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax`',
  })

const BearerAuthSecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description:
    'An API key (`ld_…`) or a session token (`sess_…`, from `POST /v1/auth/login` or `POST /v1/auth/portal/verify`).',
}

const CookieAuthSecurityScheme = {
  type: 'apiKey',
  in: 'cookie',
  name: 'loopdesk_session',
  description:
    'The session cookie set at sign-in, for browsers. Writes must come from an allowed `Origin` (`403 invalid_origin` otherwise).',
}

export const getHealthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['System'],
  summary: 'Liveness probe',
  description:
    'Answers while the process is up. Does not touch the database.\n\n**Authorization:** none: a public operation, called without a credential (one sent along is ignored).\n',
  operationId: 'getHealth',
  responses: {
    200: {
      description: 'The process is alive.',
      content: { 'application/json': { schema: HealthSchema } },
    },
    400: {
      description:
        'The request is malformed: a parameter, header or body that fails validation (`validation_failed`, `malformed_json`, `malformed_request`, `invalid_cursor`).',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
  security: [],
})

export const postMcpRoute = createRoute({
  method: 'post',
  path: '/mcp',
  tags: ['MCP'],
  summary: 'Send an MCP message (Streamable HTTP)',
  description:
    "One JSON-RPC message (or a batch) of the [Model Context Protocol](https://modelcontextprotocol.io) over\nStreamable HTTP, stateless: no session, answers as JSON (`enableJsonResponse`). `initialize`,\n`tools/list` and `tools/call` are served. Send `Accept: application/json, text/event-stream` as the\nprotocol asks, and the same credential as for REST (`Authorization: Bearer` with an API key or a\nsession token, or the session cookie).\n\nTools: one per operation marked `x-mcp` in this document. Input: the operation's path and query\nparameters by name at the top level, its JSON body under `body`. Annotations: `readOnlyHint` for\noperations that only read, `destructiveHint` for deletions. The result is the REST answer's JSON as\ntext; a problem+json answer is a tool error (`isError`) whose text starts with `code: detail`.\n\n**Authorization:** Each tool call is authorized as its REST operation.\n",
  operationId: 'postMcpMessage',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: McpMessageSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The JSON-RPC answer (or answers, for a batch).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: McpMessageSchema } },
    },
    202: {
      description: 'The message was a notification or a response; nothing to answer.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: {
      description:
        "Not a valid JSON-RPC message (a JSON-RPC error, `-32600` or `-32700`), or a request that fails this\nAPI's own checks (problem+json, `validation_failed`, `malformed_json`).\n",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': { schema: McpMessageSchema },
        'application/problem+json': { schema: ProblemSchema },
      },
    },
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    406: {
      description:
        'The `Accept` header does not take both `application/json` and `text/event-stream` (a JSON-RPC error).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: McpMessageSchema } },
    },
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }, { cookieAuth: [] }],
})

export const getReadyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['System'],
  summary: 'Readiness probe',
  description:
    'Answers 200 when the database answers, 503 (`not_ready`) otherwise.\n\n**Authorization:** none: a public operation, called without a credential (one sent along is ignored).\n',
  operationId: 'getReadiness',
  responses: {
    200: {
      description: 'Ready to serve.',
      content: { 'application/json': { schema: ReadinessSchema } },
    },
    400: {
      description:
        'The request is malformed: a parameter, header or body that fails validation (`validation_failed`, `malformed_json`, `malformed_request`, `invalid_cursor`).',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    503: {
      description: 'The database does not answer (`not_ready`).',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
  security: [],
})

export const getV1ApiKeysRoute = createRoute({
  method: 'get',
  path: '/v1/api-keys',
  tags: ['API keys'],
  summary: 'List API keys',
  description:
    "API keys, newest first unless `sort` says otherwise. Everyone sees their own keys; `api_keys.manage` sees every\nmember's. Needs the `api_keys:read` scope. Secrets are never listed.\n\n**Authorization:** needs the permission `api_keys.manage`; an API key also needs the scope `api_keys:read` (or `admin`). Everyone reads their own keys; the permission reaches every member’s.\n",
  operationId: 'listApiKeys',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt', 'name', '-name'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['createdAt', '-createdAt', 'name', '-name'],
              default: '-createdAt',
            },
          },
        }),
      status: z
        .enum(['active', 'revoked', 'expired', 'all'])
        .default('active')
        .exactOptional()
        .openapi({
          param: {
            name: 'status',
            in: 'query',
            required: false,
            description: 'Which keys to list. `active` keys are neither revoked nor expired.',
            schema: {
              type: 'string',
              enum: ['active', 'revoked', 'expired', 'all'],
              default: 'active',
            },
          },
        }),
      memberId: MemberIdSchema.exactOptional().openapi({
        param: {
          name: 'memberId',
          in: 'query',
          required: false,
          description: 'Only the keys of this member.',
          schema: { $ref: '#/components/schemas/MemberId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'A page of API keys.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ApiKeyListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1ApiKeysRoute = createRoute({
  method: 'post',
  path: '/v1/api-keys',
  tags: ['API keys'],
  summary: 'Create an API key',
  description:
    'Creates a key acting for the calling member (or, with `memberId` and `api_keys.manage`, for another member).\nThe answer carries `secret`, shown this once. A key never exceeds whoever created it: a key creating a key can\nonly grant scopes it holds, within its own team and inbox limits, expiring no later than itself.\n\n**Authorization:** needs the permission `api_keys.manage`; an API key also needs the scope `api_keys:write` (or `admin`). Everyone creates keys for themselves; the permission is needed for another member’s (`memberId`).\n',
  operationId: 'createApiKey',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateApiKeyRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new key, with its secret.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ApiKeyCreatedSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ApiKeysApiKeyIdRoute = createRoute({
  method: 'get',
  path: '/v1/api-keys/{apiKeyId}',
  tags: ['API keys'],
  summary: 'Get an API key',
  description:
    'One API key: its name, the first characters of its secret (`start`), scopes, team and inbox limits, expiry,\nlast use and revocation. Never the secret itself, which is shown once, when the key is created or rotated.\nAnswers with an `ETag`; `If-None-Match` with the current one answers `304`.\n\n**Authorization:** needs the permission `api_keys.manage`; an API key also needs the scope `api_keys:read` (or `admin`). Everyone reads their own keys; the permission reaches every member’s.\n',
  operationId: 'getApiKey',
  request: {
    params: z.object({ apiKeyId: ApiKeyIdPathParamsSchema }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The key (without its secret).',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ApiKeySchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1ApiKeysApiKeyIdRoute = createRoute({
  method: 'delete',
  path: '/v1/api-keys/{apiKeyId}',
  tags: ['API keys'],
  summary: 'Revoke an API key',
  description:
    'The key stops working at once. Revoked keys stay listable with `status=revoked`; revoking twice is harmless.\n\n**Authorization:** needs the permission `api_keys.manage`; an API key also needs the scope `api_keys:write` (or `admin`). Everyone revokes their own keys; the permission reaches every member’s.\n',
  operationId: 'revokeApiKey',
  request: {
    params: z.object({ apiKeyId: ApiKeyIdPathParamsSchema }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Revoked.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1ApiKeysApiKeyIdRoute = createRoute({
  method: 'patch',
  path: '/v1/api-keys/{apiKeyId}',
  tags: ['API keys'],
  summary: 'Update an API key',
  description:
    "Renames a key, or changes its scopes, team and inbox limits or expiry, under the same guards as creation.\nA change of scopes or limits applies to the key's very next request.\n\n**Authorization:** needs the permission `api_keys.manage`; an API key also needs the scope `api_keys:write` (or `admin`). Everyone changes their own keys; the permission reaches every member’s.\n",
  operationId: 'updateApiKey',
  request: {
    params: z.object({ apiKeyId: ApiKeyIdPathParamsSchema }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateApiKeyRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated key.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ApiKeySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1ApiKeysApiKeyIdRotateRoute = createRoute({
  method: 'post',
  path: '/v1/api-keys/{apiKeyId}/rotate',
  tags: ['API keys'],
  summary: 'Rotate an API key',
  description:
    "Gives the key a new secret, returned in this answer only. The previous secret keeps working for\n`gracePeriodSeconds` (24 hours by default, at most 7 days, 0 to stop it at once), so that deployed clients can\nswitch over; `previousSecretExpiresAt` says until when. The key keeps its id, name, scopes, limits and expiry.\nRotating a key for someone else needs `api_keys.manage` and every permission of the key's member.\nA revoked or expired key cannot be rotated (`409 api_key_revoked`, `409 api_key_expired`).\n\n**Authorization:** needs the permission `api_keys.manage`; an API key also needs the scope `api_keys:write` (or `admin`). Everyone rotates their own keys; the permission reaches every member’s.\n",
  operationId: 'rotateApiKey',
  request: {
    params: z.object({ apiKeyId: ApiKeyIdPathParamsSchema }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
    body: { content: { 'application/json': { schema: RotateApiKeyRequestSchema } } },
  },
  responses: {
    200: {
      description: 'The key with its new secret.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ApiKeyCreatedSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1AuditLogRoute = createRoute({
  method: 'get',
  path: '/v1/audit-log',
  tags: ['Audit log'],
  summary: 'List audit-log entries',
  description:
    "Who changed what in the workspace, newest first unless `sort` says otherwise: every audited change (the\nevent catalogue marks which) with its actor, the request's id, client address and user agent, and the\nchanged fields' values before and after (secrets redacted). Entries are immutable; the server keeps\nthem for `LOOPDESK_AUDIT_RETENTION_DAYS` (365 by default).\n\nNeeds `audit.read` (owners and admins hold it; `audit:read` for keys).\n\n**Authorization:** needs the permission `audit.read`; an API key also needs the scope `audit:read` (or `admin`).\n",
  operationId: 'listAuditEntries',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['occurredAt', '-occurredAt'])
        .default('-occurredAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order by `occurredAt` (ties by id); a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['occurredAt', '-occurredAt'], default: '-occurredAt' },
          },
        }),
      actorType: AuditActorTypeFilterParamsSchema,
      actorId: AuditActorIdFilterParamsSchema,
      actorMemberId: AuditActorMemberIdFilterParamsSchema,
      type: AuditTypeFilterParamsSchema,
      resourceType: AuditResourceTypeFilterParamsSchema,
      resourceId: AuditResourceIdFilterParamsSchema,
      occurredAfter: AuditOccurredAfterParamsSchema,
      occurredBefore: AuditOccurredBeforeParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of audit-log entries.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: AuditEntryListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1AuditLogExportRoute = createRoute({
  method: 'get',
  path: '/v1/audit-log/export',
  tags: ['Audit log'],
  summary: 'Export the audit log as CSV',
  description:
    "Every entry matching the filters (the same as the list's), oldest first unless `sort` says otherwise, as\none CSV document (RFC 4180: a header row, CRLF line ends, UTF-8). The answer streams: rows are read and\nsent page by page, so an export of any size starts at once and holds little memory.\n\nColumns: `id`, `occurredAt`, `type`, `actorType`, `actorId`, `actorMemberId`, `resourceType`,\n`resourceId`, `eventId`, `changes` (the JSON object of the list's `changes`), `requestId`, `ip`,\n`userAgent`. A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so\nthat spreadsheets never run it as a formula.\n\nNeeds `audit.read` (`audit:read` for keys).\n\n**Authorization:** needs the permission `audit.read`; an API key also needs the scope `audit:read` (or `admin`).\n",
  operationId: 'exportAuditLog',
  request: {
    query: z.object({
      sort: z
        .enum(['occurredAt', '-occurredAt'])
        .default('occurredAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order by `occurredAt` (ties by id); a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['occurredAt', '-occurredAt'], default: 'occurredAt' },
          },
        }),
      actorType: AuditActorTypeFilterParamsSchema,
      actorId: AuditActorIdFilterParamsSchema,
      actorMemberId: AuditActorMemberIdFilterParamsSchema,
      type: AuditTypeFilterParamsSchema,
      resourceType: AuditResourceTypeFilterParamsSchema,
      resourceId: AuditResourceIdFilterParamsSchema,
      occurredAfter: AuditOccurredAfterParamsSchema,
      occurredBefore: AuditOccurredBeforeParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The matching entries as CSV.',
      headers: z.object({
        'Content-Disposition': {
          description: '`attachment; filename="audit-log-<workspace id>-<date>.csv"`',
          schema: z
            .string()
            .max(200)
            .exactOptional()
            .openapi({
              description: '`attachment; filename="audit-log-<workspace id>-<date>.csv"`',
            }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'text/csv': {
          schema: z.string(),
          examples: {
            header: {
              summary: 'The header row and one entry',
              value:
                'id,occurredAt,type,actorType,actorId,actorMemberId,resourceType,resourceId,eventId,changes,requestId,ip,userAgent\naud_01jh2x3y4z5a6b7c8d9e0f1g2h,2025-01-31T23:00:00.000Z,contact.updated,api_key,ak_01jh2x3y4z5a6b7c8d9e0f1g2h,mbr_01jh2x3y4z5a6b7c8d9e0f1g2h,contact,ct_01jh2x3y4z5a6b7c8d9e0f1g2h,evt_01jh2x3y4z5a6b7c8d9e0f1g2h,"{""name"":{""before"":""Ada"",""after"":""Ada Lovelace""}}",req_01jh2x3y4z5a6b7c8d9e0f1g2h,203.0.113.7,curl/8.5.0\n',
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1AuthLoginRoute = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  tags: ['Authentication'],
  summary: 'Sign in a member',
  description:
    "Checks a member's email and password and starts a session. The answer carries the session `token` (use it as\n`Authorization: Bearer <token>`) and sets it as the `loopdesk_session` cookie (HttpOnly, Secure,\nSameSite=Lax) for browsers.\n\nA wrong password, an unknown email, an unknown workspace and a deactivated member all answer the same\n`401 invalid_credentials`. Failures are limited per email (10 in 15 minutes) and per client address\n(50 in 15 minutes); past that, `429 rate_limited` with `Retry-After`, even for the right password.\nA browser request from an origin that is not allowed (`LOOPDESK_PUBLIC_URL`, `LOOPDESK_CORS_ORIGINS`)\nis refused with `403 invalid_origin`, so another site cannot sign a visitor in to its own account.\n\n**Authorization:** none: a public operation, called without a credential (one sent along is ignored).\n",
  operationId: 'logIn',
  request: {
    body: { content: { 'application/json': { schema: LoginRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'Signed in.',
      headers: z.object({
        'Set-Cookie': SessionCookieHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: MemberSessionSchema } },
    },
    400: BadRequestResponse,
    401: InvalidCredentialsResponse,
    403: InvalidOriginResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: {
      description:
        'The email and password match members of more than one workspace: send `workspace` to choose one\n(`workspace_required`).\n',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [],
})

export const postV1AuthLogoutRoute = createRoute({
  method: 'post',
  path: '/v1/auth/logout',
  tags: ['Authentication'],
  summary: 'Sign out',
  description:
    "Ends the caller's session (member or contact) and clears the `loopdesk_session` cookie. The token stops\nworking at once. An API key has no session to end: `422 session_required`.\n\n**Authorization:** Any session ends itself.\n",
  operationId: 'logOut',
  request: { headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }) },
  responses: {
    204: {
      description: 'Signed out.',
      headers: z.object({
        'Set-Cookie': ClearedCookieHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: InvalidOriginResponse,
    409: ConflictResponse,
    422: {
      description:
        'An API key has no session to end (`session_required`), or the `Idempotency-Key` was used with another request (`idempotency_key_reused`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }, { cookieAuth: [] }],
})

export const postV1AuthPortalMagicLinkRoute = createRoute({
  method: 'post',
  path: '/v1/auth/portal/magic-link',
  tags: ['Authentication'],
  summary: 'Email a portal sign-in code and link',
  description:
    'Emails a 6-digit code, and a sign-in link when `redirectUrl` is given, to a customer. Both work once, for\n15 minutes, and the code allows 5 attempts. The answer is the same `202` whether or not the email belongs\nto a known contact; a contact is created for a new email when the sign-in completes.\nRequests are limited per email (5 in 15 minutes) and per client address (30 in 15 minutes).\n\n**Authorization:** none: a public operation, called without a credential (one sent along is ignored).\n',
  operationId: 'sendPortalMagicLink',
  request: {
    body: {
      content: { 'application/json': { schema: PortalMagicLinkRequestSchema } },
      required: true,
    },
  },
  responses: {
    202: {
      description: 'The message is on its way (if the address can receive it).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: PortalMagicLinkAcceptedSchema } },
    },
    400: BadRequestResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [],
})

export const postV1AuthPortalVerifyRoute = createRoute({
  method: 'post',
  path: '/v1/auth/portal/verify',
  tags: ['Authentication'],
  summary: 'Finish a portal sign-in',
  description:
    "Exchanges the emailed code (with `workspace` and `email`) or the link's `token` for a contact session, and\nsets the `loopdesk_session` cookie. A code or link works once; a wrong, expired or used one answers\n`401 invalid_credentials`, and after 5 wrong codes the code and its link stop working. The contact is\nfound by email, or created (linked to the organisation whose domains match the email's).\n\n**Authorization:** none: a public operation, called without a credential (one sent along is ignored).\n",
  operationId: 'verifyPortalLogin',
  request: {
    body: {
      content: { 'application/json': { schema: PortalVerifyRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'Signed in.',
      headers: z.object({
        'Set-Cookie': SessionCookieHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: PortalSessionSchema } },
    },
    400: BadRequestResponse,
    401: InvalidCredentialsResponse,
    403: InvalidOriginResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [],
})

export const getV1AuthSessionRoute = createRoute({
  method: 'get',
  path: '/v1/auth/session',
  tags: ['Authentication'],
  summary: 'Get the current session',
  description:
    'Who the session belongs to (a member or a contact) and when it ends. Using a session in the second half of\nits life extends it; when the session came from the cookie, the cookie is renewed with it.\nAn API key is not a session: `422 session_required`.\n\n**Authorization:** Any session reads itself.\n',
  operationId: 'getSession',
  responses: {
    200: {
      description: 'The session.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: SessionSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    422: SessionRequiredResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }, { cookieAuth: [] }],
})

export const postV1AuthzCheckRoute = createRoute({
  method: 'post',
  path: '/v1/authz/check',
  tags: ['RBAC'],
  summary: 'Explain an authorization decision',
  description:
    'Asks the policy whether an actor (a member, a contact or an API key of this workspace) may perform an action\non a resource, and why: which role assignment or rule granted it, or which permission or scope is missing.\nFor admins debugging access; it needs the `authz.check` permission (owners and admins have it) and, for API\nkeys, the `roles:read` scope. It answers from the same Polar policy the API enforces.\n\n**Authorization:** needs the permission `authz.check`; an API key also needs the scope `roles:read` (or `admin`).\n',
  operationId: 'checkAuthorization',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: AuthorizationCheckRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The decision and its reason.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: AuthorizationCheckSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1BoardsRoute = createRoute({
  method: 'get',
  path: '/v1/boards',
  tags: ['Feedback'],
  summary: 'List boards',
  description:
    'The boards the caller may see, newest first unless `sort` says otherwise. Staff see every board; a contact sees\nthe boards whose `visibility.audience` is `public` or `authenticated` and whose `view` access is `anyone` or\n`contacts`.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'listBoards',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt', 'name', '-name'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['createdAt', '-createdAt', 'name', '-name'],
              default: '-createdAt',
            },
          },
        }),
      archived: z
        .enum(['true', 'false'])
        .exactOptional()
        .openapi({
          param: {
            name: 'archived',
            in: 'query',
            required: false,
            description: '`true`: only archived boards; `false`: only active ones; left out: both.',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of boards.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: BoardListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    id: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    name: 'Feature requests',
                    slug: 'feature-requests',
                    description: 'What should we build next?',
                    visibility: { audience: 'public', segmentIds: [], organizationIds: [] },
                    access: {
                      view: 'anyone',
                      post: 'contacts',
                      vote: 'contacts',
                      comment: 'contacts',
                    },
                    moderation: null,
                    oneWay: false,
                    archived: false,
                    archivedAt: null,
                    fields: [
                      {
                        key: 'plan',
                        label: 'Customer plan',
                        type: 'select',
                        required: false,
                        options: ['free', 'pro', 'enterprise'],
                      },
                    ],
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1BoardsRoute = createRoute({
  method: 'post',
  path: '/v1/boards',
  tags: ['Feedback'],
  summary: 'Create a board',
  description:
    "Creates a board. The slug is derived from the name when not given and must be unique in the workspace\n(`409 slug_taken`). Access defaults to `view: anyone` and `contacts` for posting, voting and commenting;\nvisibility defaults to `public`. Custom `fields` have unique keys, and `select` fields (only they) need `options`.\n`moderation` (default `null`: the workspace's rule) holds new posts for approval; `oneWay` boards show a contact\nor visitor only its own posts.\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'createBoard',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateBoardRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                name: 'Feature requests',
                description: 'What should we build next?',
                access: { post: 'contacts', vote: 'contacts' },
                fields: [
                  {
                    key: 'plan',
                    label: 'Customer plan',
                    type: 'select',
                    options: ['free', 'pro', 'enterprise'],
                  },
                ],
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new board.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: BoardSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Feature requests',
                slug: 'feature-requests',
                description: 'What should we build next?',
                visibility: { audience: 'public', segmentIds: [], organizationIds: [] },
                access: { view: 'anyone', post: 'contacts', vote: 'contacts', comment: 'contacts' },
                moderation: null,
                oneWay: false,
                archived: false,
                archivedAt: null,
                fields: [
                  {
                    key: 'plan',
                    label: 'Customer plan',
                    type: 'select',
                    required: false,
                    options: ['free', 'pro', 'enterprise'],
                  },
                ],
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1BoardsBoardIdRoute = createRoute({
  method: 'get',
  path: '/v1/boards/{boardId}',
  tags: ['Feedback'],
  summary: 'Get a board',
  description:
    'One board the caller may see; a board hidden from the caller answers 404, exactly like a missing one.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'getBoard',
  request: {
    params: z.object({
      boardId: BoardIdSchema.openapi({
        param: {
          name: 'boardId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/BoardId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The board.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: BoardSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Feature requests',
                slug: 'feature-requests',
                description: 'What should we build next?',
                visibility: { audience: 'public', segmentIds: [], organizationIds: [] },
                access: { view: 'anyone', post: 'contacts', vote: 'contacts', comment: 'contacts' },
                moderation: null,
                oneWay: false,
                archived: false,
                archivedAt: null,
                fields: [
                  {
                    key: 'plan',
                    label: 'Customer plan',
                    type: 'select',
                    required: false,
                    options: ['free', 'pro', 'enterprise'],
                  },
                ],
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1BoardsBoardIdRoute = createRoute({
  method: 'delete',
  path: '/v1/boards/{boardId}',
  tags: ['Feedback'],
  summary: 'Delete a board',
  description:
    'Deletes a board that has no posts; one with posts answers `409 board_not_empty` (archive it instead).\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'deleteBoard',
  request: {
    params: z.object({
      boardId: BoardIdSchema.openapi({
        param: {
          name: 'boardId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/BoardId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1BoardsBoardIdRoute = createRoute({
  method: 'patch',
  path: '/v1/boards/{boardId}',
  tags: ['Feedback'],
  summary: 'Update a board',
  description:
    "Changes the fields given: name, slug, description, visibility, per-action access, `archived` (an archived\nboard takes no new posts), the custom `fields` (the list is replaced whole), `moderation` (the board's own rule;\n`null` follows the workspace's) and `oneWay` (contacts and visitors see only their own posts).\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'updateBoard',
  request: {
    params: z.object({
      boardId: BoardIdSchema.openapi({
        param: {
          name: 'boardId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/BoardId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateBoardRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: { access: { view: 'contacts', comment: 'staff' }, archived: false },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated board.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: BoardSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Feature requests',
                slug: 'feature-requests',
                description: 'What should we build next?',
                visibility: { audience: 'public', segmentIds: [], organizationIds: [] },
                access: { view: 'anyone', post: 'contacts', vote: 'contacts', comment: 'contacts' },
                moderation: null,
                oneWay: false,
                archived: false,
                archivedAt: null,
                fields: [
                  {
                    key: 'plan',
                    label: 'Customer plan',
                    type: 'select',
                    required: false,
                    options: ['free', 'pro', 'enterprise'],
                  },
                ],
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1BusinessHoursRoute = createRoute({
  method: 'get',
  path: '/v1/business-hours',
  tags: ['Business hours'],
  summary: 'List business hours',
  description:
    "The workspace's business hours, newest first unless `sort` says otherwise. Readable by members with `sla.manage` or any ticket read permission (agents see which hours apply), with the `sla:read` scope.\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:read` (or `admin`).\n",
  operationId: 'listBusinessHours',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt', 'name', '-name'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['createdAt', '-createdAt', 'name', '-name'],
              default: '-createdAt',
            },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of business hours.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: BusinessHoursListSchema,
          examples: {
            page: {
              summary: 'One schedule, no further page',
              value: {
                data: [
                  {
                    id: 'bh_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    name: 'Berlin office',
                    timeZone: 'Europe/Berlin',
                    intervals: [
                      { day: 'monday', start: '09:00', end: '12:30' },
                      { day: 'monday', start: '13:30', end: '17:00' },
                    ],
                    holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
                    overrides: [
                      { date: '2026-12-24', intervals: [{ start: '09:00', end: '13:00' }] },
                    ],
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1BusinessHoursRoute = createRoute({
  method: 'post',
  path: '/v1/business-hours',
  tags: ['Business hours'],
  summary: 'Create business hours',
  description:
    'Creates business hours: an IANA `timeZone` (`422 invalid_time_zone`), weekly `intervals` of `HH:MM` wall-clock\ntimes (`422 invalid_time`, `422 interval_ends_before_start`, `422 overlapping_intervals` within a weekday),\n`holidays` and `overrides` on `YYYY-MM-DD` dates (`422 invalid_date`, `422 duplicate_date`,\n`422 closed_with_intervals`). Each problem lists every bad value in `errors` with its path. Needs `sla.manage`\nand the `sla:write` scope.\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:write` (or `admin`).\n',
  operationId: 'createBusinessHours',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateBusinessHoursRequestSchema,
          examples: {
            office: {
              summary: 'Weekdays with a lunch break, a holiday and a short day',
              value: {
                name: 'Berlin office',
                timeZone: 'Europe/Berlin',
                intervals: [
                  { day: 'monday', start: '09:00', end: '12:30' },
                  { day: 'monday', start: '13:30', end: '17:00' },
                ],
                holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
                overrides: [{ date: '2026-12-24', intervals: [{ start: '09:00', end: '13:00' }] }],
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new business hours.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: BusinessHoursSchema,
          examples: {
            created: {
              summary: 'The created schedule',
              value: {
                id: 'bh_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Berlin office',
                timeZone: 'Europe/Berlin',
                intervals: [
                  { day: 'monday', start: '09:00', end: '12:30' },
                  { day: 'monday', start: '13:30', end: '17:00' },
                ],
                holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
                overrides: [{ date: '2026-12-24', intervals: [{ start: '09:00', end: '13:00' }] }],
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1BusinessHoursBusinessHoursIdRoute = createRoute({
  method: 'get',
  path: '/v1/business-hours/{businessHoursId}',
  tags: ['Business hours'],
  summary: 'Get business hours',
  description:
    "One schedule of business hours, for members with `sla.manage` or any ticket read permission and the `sla:read` scope; another workspace's is a 404.\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:read` (or `admin`).\n",
  operationId: 'getBusinessHours',
  request: {
    params: z.object({
      businessHoursId: BusinessHoursIdSchema.openapi({
        param: {
          name: 'businessHoursId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/BusinessHoursId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The business hours.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: BusinessHoursSchema,
          examples: {
            hours: {
              summary: 'A schedule',
              value: {
                id: 'bh_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Berlin office',
                timeZone: 'Europe/Berlin',
                intervals: [
                  { day: 'monday', start: '09:00', end: '12:30' },
                  { day: 'monday', start: '13:30', end: '17:00' },
                ],
                holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
                overrides: [{ date: '2026-12-24', intervals: [{ start: '09:00', end: '13:00' }] }],
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1BusinessHoursBusinessHoursIdRoute = createRoute({
  method: 'delete',
  path: '/v1/business-hours/{businessHoursId}',
  tags: ['Business hours'],
  summary: 'Delete business hours',
  description:
    'Deletes the schedule. Hours that an SLA policy or an inbox still uses answer `409 business_hours_in_use`; point those at other hours first. Needs `sla.manage`, the `sla:write` scope and, when sent, a matching `If-Match` (`412`).\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:write` (or `admin`).\n',
  operationId: 'deleteBusinessHours',
  request: {
    params: z.object({
      businessHoursId: BusinessHoursIdSchema.openapi({
        param: {
          name: 'businessHoursId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/BusinessHoursId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1BusinessHoursBusinessHoursIdRoute = createRoute({
  method: 'patch',
  path: '/v1/business-hours/{businessHoursId}',
  tags: ['Business hours'],
  summary: 'Update business hours',
  description:
    'Replaces the fields given (a list replaces the whole list), checked as on create. SLA clocks that use these hours count with the new ones from their next recomputation. Needs `sla.manage`, the `sla:write` scope and, when sent, a matching `If-Match` (`412`).\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:write` (or `admin`).\n',
  operationId: 'updateBusinessHours',
  request: {
    params: z.object({
      businessHoursId: BusinessHoursIdSchema.openapi({
        param: {
          name: 'businessHoursId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/BusinessHoursId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateBusinessHoursRequestSchema,
          examples: {
            holidays: {
              summary: 'Replace the holidays',
              value: { holidays: [{ date: '2026-12-25' }, { date: '2026-12-26' }] },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated business hours.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: BusinessHoursSchema,
          examples: {
            updated: {
              summary: 'The schedule after the change',
              value: {
                id: 'bh_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Berlin office',
                timeZone: 'Europe/Berlin',
                intervals: [
                  { day: 'monday', start: '09:00', end: '12:30' },
                  { day: 'monday', start: '13:30', end: '17:00' },
                ],
                holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
                overrides: [{ date: '2026-12-24', intervals: [{ start: '09:00', end: '13:00' }] }],
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ChangelogRoute = createRoute({
  method: 'get',
  path: '/v1/changelog',
  tags: ['Changelog'],
  summary: 'List changelog entries',
  description:
    "The entries the caller may read, newest display date first unless `sort` says otherwise. Staff (`content.read`) see drafts and scheduled entries too; signed-in contacts see published entries whose `effectiveVisibility` (the narrowest of the entry's own and its categories') admits them, anonymous visitors (publishable key) the `public` ones. Each entry's `linkedPosts` are those the caller may read.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n",
  operationId: 'listChangelogEntries',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['-displayDate', 'displayDate', '-createdAt', 'createdAt'])
        .default('-displayDate')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['-displayDate', 'displayDate', '-createdAt', 'createdAt'],
              default: '-displayDate',
            },
          },
        }),
      state: ChangelogStateSchema.exactOptional().openapi({
        param: {
          name: 'state',
          in: 'query',
          required: false,
          description: 'Entries in this state.',
          schema: { $ref: '#/components/schemas/ChangelogState' },
        },
      }),
      category: ChangelogCategorySchema.exactOptional().openapi({
        param: {
          name: 'category',
          in: 'query',
          required: false,
          description: 'Entries with this category.',
          schema: { $ref: '#/components/schemas/ChangelogCategory' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'A page of entries.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ChangelogEntryListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1ChangelogRoute = createRoute({
  method: 'post',
  path: '/v1/changelog',
  tags: ['Changelog'],
  summary: 'Write a changelog entry',
  description:
    "Creates a draft entry. Every linked post must exist and be readable by the caller (`422 linked_post_not_found`, naming each one). Each name in `categories` that is no category yet creates one, `public`, in the same transaction (`changelog_category.created`); the entry is held to the narrowest of its own visibility and its categories' (`effectiveVisibility`). Publish it with `POST /v1/changelog/{entryId}/publish`.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n",
  operationId: 'createChangelogEntry',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateChangelogEntryRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new entry.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ChangelogEntrySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ChangelogEntryIdRoute = createRoute({
  method: 'get',
  path: '/v1/changelog/{entryId}',
  tags: ['Changelog'],
  summary: 'Get a changelog entry',
  description:
    'One entry the caller may read; one hidden from the caller answers 404, exactly like a missing one.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n',
  operationId: 'getChangelogEntry',
  request: {
    params: z.object({
      entryId: ChangelogEntryIdSchema.openapi({
        param: {
          name: 'entryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ChangelogEntryId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The entry.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ChangelogEntrySchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1ChangelogEntryIdRoute = createRoute({
  method: 'delete',
  path: '/v1/changelog/{entryId}',
  tags: ['Changelog'],
  summary: 'Delete a changelog entry',
  description:
    'Deletes an entry, published or not.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'deleteChangelogEntry',
  request: {
    params: z.object({
      entryId: ChangelogEntryIdSchema.openapi({
        param: {
          name: 'entryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ChangelogEntryId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1ChangelogEntryIdRoute = createRoute({
  method: 'patch',
  path: '/v1/changelog/{entryId}',
  tags: ['Changelog'],
  summary: 'Update a changelog entry',
  description:
    'Changes the fields given, with the same checks as writing one; `state` `draft` takes a scheduled or published entry back to draft (needs `content.publish`).\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'updateChangelogEntry',
  request: {
    params: z.object({
      entryId: ChangelogEntryIdSchema.openapi({
        param: {
          name: 'entryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ChangelogEntryId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateChangelogEntryRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated entry.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ChangelogEntrySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1ChangelogEntryIdPublishRoute = createRoute({
  method: 'post',
  path: '/v1/changelog/{entryId}/publish',
  tags: ['Changelog'],
  summary: 'Publish or schedule a changelog entry',
  description:
    'Publishes the entry now (`changelog.published`), or with `publishAt` schedules it: a tick publishes it when the time comes, exactly once even with several workers. A time not in the future is `422 schedule_in_past`; an entry published already is `409 already_published`. Needs `content.publish`.\n\n**Authorization:** needs the permission `content.publish`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'publishChangelogEntry',
  request: {
    params: z.object({
      entryId: ChangelogEntryIdSchema.openapi({
        param: {
          name: 'entryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ChangelogEntryId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: PublishChangelogEntryRequestSchema } } },
  },
  responses: {
    200: {
      description: 'The published or scheduled entry.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ChangelogEntrySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ChangelogCategoriesRoute = createRoute({
  method: 'get',
  path: '/v1/changelog/categories',
  tags: ['Changelog'],
  summary: 'List changelog categories',
  description:
    'The categories the caller may see, by name unless `sort` says otherwise. Staff (`content.read`) see every category; signed-in contacts those whose audience admits them (`public`, `authenticated`, their segments or organisations), anonymous visitors (publishable key) the `public` ones.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n',
  operationId: 'listChangelogCategories',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['name', '-name', 'createdAt', '-createdAt'])
        .default('name')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['name', '-name', 'createdAt', '-createdAt'],
              default: 'name',
            },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of categories.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ChangelogCategoryListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1ChangelogCategoriesRoute = createRoute({
  method: 'post',
  path: '/v1/changelog/categories',
  tags: ['Changelog'],
  summary: 'Create a changelog category',
  description:
    'Creates a category (`visibility` defaults to `public`). Its name is unique in the workspace whatever its case: `409 name_taken` otherwise. Entries name it in their `categories`; an entry that names a category that does not exist yet creates it, `public`. Emits `changelog_category.created`.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'createChangelogCategory',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateChangelogCategoryRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new category.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ChangelogCategoryRecordSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ChangelogCategoriesCategoryIdRoute = createRoute({
  method: 'get',
  path: '/v1/changelog/categories/{categoryId}',
  tags: ['Changelog'],
  summary: 'Get a changelog category',
  description:
    'One category the caller may see; one hidden from the caller answers 404, exactly like a missing one.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n',
  operationId: 'getChangelogCategory',
  request: {
    params: z.object({
      categoryId: ChangelogCategoryIdSchema.openapi({
        param: {
          name: 'categoryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ChangelogCategoryId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The category.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ChangelogCategoryRecordSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1ChangelogCategoriesCategoryIdRoute = createRoute({
  method: 'delete',
  path: '/v1/changelog/categories/{categoryId}',
  tags: ['Changelog'],
  summary: 'Delete a changelog category',
  description:
    'Deletes a category that no entry carries. While any entry (draft, scheduled or published) names it, the answer is `409 changelog_category_in_use`: take it off those entries first. The category is never dropped from entries silently, since that could widen who reads them. Emits `changelog_category.deleted`.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'deleteChangelogCategory',
  request: {
    params: z.object({
      categoryId: ChangelogCategoryIdSchema.openapi({
        param: {
          name: 'categoryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ChangelogCategoryId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1ChangelogCategoriesCategoryIdRoute = createRoute({
  method: 'patch',
  path: '/v1/changelog/categories/{categoryId}',
  tags: ['Changelog'],
  summary: 'Update a changelog category',
  description:
    'Changes the fields given. A new name (unique whatever its case: `409 name_taken`) is written into the `categories` of every entry that carries it; a new `visibility` re-scopes every entry of the category in the same transaction (their `effectiveVisibility`), each announced by a `changelog.updated` whose `previous` holds its former `effectiveAudience`. Emits `changelog_category.updated`.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'updateChangelogCategory',
  request: {
    params: z.object({
      categoryId: ChangelogCategoryIdSchema.openapi({
        param: {
          name: 'categoryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ChangelogCategoryId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateChangelogCategoryRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated category.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ChangelogCategoryRecordSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ChangelogFeedLinkRoute = createRoute({
  method: 'get',
  path: '/v1/changelog/feed-link',
  tags: ['Changelog'],
  summary: "The caller's changelog feed URL",
  description:
    "The URL of the RSS feed to give a feed reader. Called with a contact's session it is that contact's personal feed (a signed token in the URL: the entries the contact may read, segments and organisation included; the token reads that feed and nothing else). Called with a publishable key, a member session or an API key it is the public feed.\n\n**Authorization:** any caller: a contact gets its personal feed URL, anyone else the public one\n",
  operationId: 'getChangelogFeedLink',
  responses: {
    200: {
      description: 'The feed URL.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: ChangelogFeedLinkSchema,
          examples: {
            personal: {
              summary: "A contact's personal feed",
              value: {
                url: 'https://api.example.com/v1/changelog/feed.xml?workspace=acme&token=ct_01jh2x3y4z5a6b7c8d9e0f1g2h.3q2-7wYwXk',
                personal: true,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ChangelogFeedXmlRoute = createRoute({
  method: 'get',
  path: '/v1/changelog/feed.xml',
  tags: ['Changelog'],
  summary: 'The changelog as RSS',
  description:
    "An RSS 2.0 feed of the workspace's changelog, newest first by display date, at most 50 entries. For feed readers, which send no headers: it takes no `Authorization` (any sent is ignored) and names the workspace by its slug. Without `token` it holds the published entries anyone may read (effective audience `public`: their own and every category's). With a contact's feed token (from `GET /v1/changelog/feed-link`, called as that contact) it holds the published entries that contact may read: its segments' and organisation's too, following them as they change. An unknown slug, or a token that names no contact of the workspace, is a 404.\n\n**Authorization:** public, or a contact's feed token: the entries the policy lets an anonymous visitor, or that contact, read\n",
  operationId: 'getChangelogFeed',
  request: {
    query: z.object({
      workspace: z
        .string()
        .min(1)
        .max(100)
        .openapi({
          param: {
            name: 'workspace',
            in: 'query',
            required: true,
            description: "The workspace's slug.",
            schema: { type: 'string', minLength: 1, maxLength: 100, examples: ['acme'] },
          },
          examples: ['acme'],
        }),
      token: z
        .string()
        .min(1)
        .max(200)
        .exactOptional()
        .openapi({
          param: {
            name: 'token',
            in: 'query',
            required: false,
            description: "A contact's personal feed token (from `GET /v1/changelog/feed-link`).",
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'The RSS document.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/rss+xml': {
          schema: z
            .string()
            .max(20000000)
            .openapi({
              description: 'RSS 2.0 XML.',
              examples: [
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Acme changelog</title></channel></rss>',
              ],
            }),
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [],
})

export const getV1ChangelogSubscribersRoute = createRoute({
  method: 'get',
  path: '/v1/changelog/subscribers',
  tags: ['Changelog'],
  summary: "List the changelog's subscribers",
  description:
    'Staff (`content.read`): who follows the changelog, oldest first unless `sort` says otherwise, optionally only\ncontacts or only members (`subscriberType`).\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n',
  operationId: 'listChangelogSubscribers',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt'])
        .default('createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['createdAt', '-createdAt'], default: 'createdAt' },
          },
        }),
      subscriberType: z
        .enum(['contact', 'member'])
        .exactOptional()
        .openapi({
          param: {
            name: 'subscriberType',
            in: 'query',
            required: false,
            description: 'Only contacts, or only members.',
            schema: { type: 'string', enum: ['contact', 'member'] },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of subscriptions.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: ChangelogSubscriptionListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    subscribed: true,
                    subscriber: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                    createdAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ChangelogSubscriptionRoute = createRoute({
  method: 'get',
  path: '/v1/changelog/subscription',
  tags: ['Changelog'],
  summary: 'Whether the caller follows the changelog',
  description:
    "The caller's own changelog subscription: `subscribed` `true` with when it subscribed, or `false`. Subscribers\nhear of every entry they may read when it is published (now or at its scheduled time): contacts by email with\na one-click unsubscribe link, members in-app (notification kind `changelog_published`). Contacts and members\n(an API key answers for its member) have one; an anonymous visitor gets 403.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`). A contact or a member asks about itself; a visitor, who has no inbox, gets 403.\n",
  operationId: 'getChangelogSubscription',
  responses: {
    200: {
      description: "The caller's subscription.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: ChangelogSubscriptionSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                subscribed: true,
                subscriber: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                createdAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const putV1ChangelogSubscriptionRoute = createRoute({
  method: 'put',
  path: '/v1/changelog/subscription',
  tags: ['Changelog'],
  summary: 'Follow the changelog',
  description:
    'Subscribes the caller to the changelog: from now on it hears of each entry it may read when the entry is\npublished. Idempotent: subscribing again changes nothing and answers the same subscription. Emits\n`changelog_subscription.created` when the caller was not subscribed.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:write` (or `admin`). For the caller itself; members need `content.read`, API keys `content:write` (for their member).\n',
  operationId: 'subscribeToChangelog',
  responses: {
    200: {
      description: "The caller's subscription now.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: ChangelogSubscriptionSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                subscribed: true,
                subscriber: { type: 'member', id: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                createdAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1ChangelogSubscriptionRoute = createRoute({
  method: 'delete',
  path: '/v1/changelog/subscription',
  tags: ['Changelog'],
  summary: 'Stop following the changelog',
  description:
    'Unsubscribes the caller from the changelog. Answers 204 whether or not it was subscribed; emits\n`changelog_subscription.deleted` when it was.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:write` (or `admin`). For the caller itself.\n',
  operationId: 'unsubscribeFromChangelog',
  responses: {
    204: {
      description: 'The caller hears of no more changelog entries.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1ChangelogUnsubscribeRoute = createRoute({
  method: 'post',
  path: '/v1/changelog/unsubscribe',
  tags: ['Changelog'],
  summary: 'One-click unsubscribe from changelog emails',
  description:
    'Public: ends the one changelog subscription an email\'s unsubscribe token names. Every changelog email carries\nthe link in its body and in the RFC 8058 headers `List-Unsubscribe: <…/v1/changelog/unsubscribe?token=…>` and\n`List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so a mail client unsubscribes with one `POST` of the form\nbody `List-Unsubscribe=One-Click` to that URL. The token may also come as JSON `{ "token": … }`. A token is\nsigned by the server, names one subscription and does nothing else; one that does not verify, or whose\nsubscription is gone (unsubscribed already), is 404. Emits `changelog_subscription.deleted`.\n\n**Authorization:** none: a public operation, called without a credential (one sent along is ignored).\n',
  operationId: 'unsubscribeFromChangelogByToken',
  request: {
    query: z.object({
      token: ChangelogUnsubscribeTokenSchema.exactOptional().openapi({
        param: {
          name: 'token',
          in: 'query',
          required: false,
          description: "The unsubscribe token, as the email's link carries it.",
          schema: { $ref: '#/components/schemas/ChangelogUnsubscribeToken' },
        },
      }),
    }),
    body: {
      content: {
        'application/json': {
          schema: ChangelogUnsubscribeRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                token:
                  'csub_01jh2x3y4z5a6b7c8d9e0f1g2h.3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
              },
            },
          },
        },
        'application/x-www-form-urlencoded': {
          schema: ChangelogOneClickUnsubscribeFormSchema,
          examples: { example: { summary: 'Example', value: { 'List-Unsubscribe': 'One-Click' } } },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The subscription, now ended.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: ChangelogSubscriptionSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                subscribed: false,
                subscriber: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                createdAt: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    404: {
      description: 'No subscription has this token (`not_found`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [],
})

export const getV1ChangesRoute = createRoute({
  method: 'get',
  path: '/v1/changes',
  tags: ['Events'],
  summary: 'Read the change feed',
  description:
    "Every change of the workspace, oldest first, for keeping another system (a CRM, a warehouse) in sync.\nStart without `after`, then pass each answer's `nextCursor` as `after`: the feed resumes exactly where\nit stopped, never skips an event and never repeats one. `nextCursor` is always present, also when\n`data` is empty or short (nothing more for now): keep it and poll again later. A cursor belongs to its\n`types` filter; reading with other `types` means starting again without `after`.\n\n**Order.** Events come in the order of the ids of the transactions that wrote them (PostgreSQL's\n`xid8`), and by event id within one transaction. That is not quite commit order: a transaction that\nbegan earlier may commit later. So the feed only serves events of transactions older than every\ntransaction still running on the database (the snapshot's `xmin` horizon). A slower transaction's\nevents are never skipped: events written after them wait until it has committed or rolled back, and\nthen both appear in transaction order. The feed therefore lags behind the oldest writing transaction\nstill open on the database server, normally by milliseconds; one left open holds it back until it ends.\n\nNeeds `events.read` (`events:read` for keys); an API key limited to teams may not read it.\n\n**Authorization:** needs the permission `events.read`; an API key also needs the scope `events:read` (or `admin`). Each event shows only to members who may read its resource.\n",
  operationId: 'listChanges',
  request: {
    query: z.object({
      after: z
        .string()
        .min(1)
        .max(512)
        .exactOptional()
        .openapi({
          param: {
            name: 'after',
            in: 'query',
            required: false,
            description:
              "A `nextCursor` of this feed; without it the feed starts at the workspace's first event.",
            schema: { type: 'string', minLength: 1, maxLength: 512 },
          },
        }),
      types: z
        .xor([
          EventTypeFilterSchema,
          z
            .array(EventTypeFilterSchema)
            .min(1)
            .max(50)
            .exactOptional()
            .openapi({
              param: {
                name: 'types',
                in: 'query',
                required: false,
                description:
                  'Only events of these types (comma-separated or repeated; `contact.*` wildcards).',
                schema: {
                  oneOf: [
                    { $ref: '#/components/schemas/EventTypeFilter' },
                    {
                      type: 'array',
                      minItems: 1,
                      maxItems: 50,
                      items: { $ref: '#/components/schemas/EventTypeFilter' },
                    },
                  ],
                },
              },
            }),
        ])
        .exactOptional()
        .openapi({
          param: {
            name: 'types',
            in: 'query',
            required: false,
            description:
              'Only events of these types (comma-separated or repeated; `contact.*` wildcards).',
            schema: {
              oneOf: [
                { $ref: '#/components/schemas/EventTypeFilter' },
                {
                  type: 'array',
                  minItems: 1,
                  maxItems: 50,
                  items: { $ref: '#/components/schemas/EventTypeFilter' },
                },
              ],
            },
          },
        }),
      limit: z.coerce
        .number()
        .pipe(z.int32().min(1).max(1000))
        .default(100)
        .exactOptional()
        .openapi({
          param: {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'How many events to return at most (1–1000).',
            schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100, format: 'int32' },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'The next events of the feed, and where to resume.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ChangeListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1CommentsCommentIdRoute = createRoute({
  method: 'get',
  path: '/v1/comments/{commentId}',
  tags: ['Feedback'],
  summary: 'Get a comment',
  description:
    'One comment the caller may read (a removed one shows as removed); a private comment answers 404 to a contact.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'getComment',
  request: {
    params: z.object({
      commentId: CommentIdSchema.openapi({
        param: {
          name: 'commentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/CommentId' },
        },
      }),
    }),
    query: z.object({ bodyFormat: BodyFormatParamsSchema }),
    headers: z.object({
      'Loopdesk-Visitor-Id': VisitorIdParamsSchema,
      'If-None-Match': IfNoneMatchParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The comment.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: CommentSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'cmt_01jh2x3y4z5a6b7c8d9e0f1g2h',
                postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                parentId: null,
                body: 'Same here: our finance team exports by hand every month.',
                visibility: 'public',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                removed: false,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1CommentsCommentIdRoute = createRoute({
  method: 'delete',
  path: '/v1/comments/{commentId}',
  tags: ['Feedback'],
  summary: 'Remove a comment',
  description:
    "Removes one's own comment, or any with `feedback.moderate`; it stays in its thread shown as removed.\n\n**Authorization:** needs the permission `feedback.moderate`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'deleteComment',
  request: {
    params: z.object({
      commentId: CommentIdSchema.openapi({
        param: {
          name: 'commentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/CommentId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Removed.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1CommentsCommentIdRoute = createRoute({
  method: 'patch',
  path: '/v1/comments/{commentId}',
  tags: ['Feedback'],
  summary: 'Edit a comment',
  description:
    "Changes the body of one's own comment; the former body is kept (`GET /v1/comments/{commentId}/revisions`). A\ncontact may edit its comment only until staff answer it: once a member has written a public reply anywhere\nbelow it in the thread, an edit is `409 comment_has_staff_reply`. Members newly mentioned (`<@mbr_…>`) are\nnotified.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'updateComment',
  request: {
    params: z.object({
      commentId: CommentIdSchema.openapi({
        param: {
          name: 'commentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/CommentId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateCommentRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: { body: 'Same here: finance exports by hand every month, 2 hours each time.' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated comment.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: CommentSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'cmt_01jh2x3y4z5a6b7c8d9e0f1g2h',
                postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                parentId: null,
                body: 'Same here: our finance team exports by hand every month.',
                visibility: 'public',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                removed: false,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1CommentsCommentIdReactionsRoute = createRoute({
  method: 'get',
  path: '/v1/comments/{commentId}/reactions',
  tags: ['Feedback'],
  summary: "List a comment's reactions",
  description:
    'The emoji reactions of a comment the caller may read, grouped by emoji (in the order each emoji was first\nused): how many people reacted with it and whether the caller is one of them. The same list is the\n`reactions` of a comment answer.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'listCommentReactions',
  request: {
    params: z.object({
      commentId: CommentIdSchema.openapi({
        param: {
          name: 'commentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/CommentId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'The reactions, grouped by emoji.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: CommentReactionListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1CommentsCommentIdReactionsRoute = createRoute({
  method: 'post',
  path: '/v1/comments/{commentId}/reactions',
  tags: ['Feedback'],
  summary: 'React to a comment',
  description:
    "Adds the caller's reaction with one emoji (a single emoji grapheme: `👍`, `🎉`, `👍🏽`, `🇩🇪`, `👩‍💻`; anything\nelse is `400 validation_failed` naming `body.emoji`). One reaction per person per emoji: the same one again\nis `409 already_reacted`; a comment takes at most 50 different emoji (`409 reaction_limit_reached`). Members\nand contacts react to the comments they may read; an anonymous visitor may not. A removed comment answers\n404. Answers the comment's reactions.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'addCommentReaction',
  request: {
    params: z.object({
      commentId: CommentIdSchema.openapi({
        param: {
          name: 'commentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/CommentId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: AddReactionRequestSchema } }, required: true },
  },
  responses: {
    201: {
      description: "The comment's reactions, the new one included.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: CommentReactionListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1CommentsCommentIdReactionsEmojiRoute = createRoute({
  method: 'delete',
  path: '/v1/comments/{commentId}/reactions/{emoji}',
  tags: ['Feedback'],
  summary: 'Take a reaction back',
  description:
    "Removes the caller's reaction with this emoji from the comment; `404` when the caller has none with it.\nAnswers the comment's reactions.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'removeCommentReaction',
  request: {
    params: z.object({
      commentId: CommentIdSchema.openapi({
        param: {
          name: 'commentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/CommentId' },
        },
      }),
      emoji: ReactionEmojiSchema.openapi({
        param: {
          name: 'emoji',
          in: 'path',
          required: true,
          description: 'The emoji, percent-encoded (`%F0%9F%91%8D` for 👍).',
          schema: { $ref: '#/components/schemas/ReactionEmoji' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: "The comment's reactions, without the caller's one.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: CommentReactionListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1CommentsCommentIdRevisionsRoute = createRoute({
  method: 'get',
  path: '/v1/comments/{commentId}/revisions',
  tags: ['Feedback'],
  summary: "List a comment's edit history",
  description:
    "The bodies a comment had before each edit, newest first, with who edited and when. Staff who read feedback\nsee every comment's history; a contact sees the history of its own comments only (`403` for others').\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n",
  operationId: 'listCommentRevisions',
  request: {
    params: z.object({
      commentId: CommentIdSchema.openapi({
        param: {
          name: 'commentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/CommentId' },
        },
      }),
    }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['-editedAt', 'editedAt'])
        .default('-editedAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['-editedAt', 'editedAt'], default: '-editedAt' },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of former bodies.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: CommentRevisionListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ContactsRoute = createRoute({
  method: 'get',
  path: '/v1/contacts',
  tags: ['Contacts'],
  summary: 'List contacts',
  description:
    "The workspace's contacts, newest first unless `sort` says otherwise. Merged contacts are never listed\n(their ids resolve to the contact they were merged into). Needs `contacts.read` (`contacts:read` for keys).\n\n**Authorization:** needs the permission `contacts.read`; an API key also needs the scope `contacts:read` (or `admin`).\n",
  operationId: 'listContacts',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt', 'name', '-name'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description:
              'Sort order; a leading `-` sorts descending. Contacts without a name sort as an empty name.',
            schema: {
              type: 'string',
              enum: ['createdAt', '-createdAt', 'name', '-name'],
              default: '-createdAt',
            },
          },
        }),
      q: z
        .string()
        .min(1)
        .max(200)
        .exactOptional()
        .openapi({
          param: {
            name: 'q',
            in: 'query',
            required: false,
            description: 'Contacts whose name or email contains this text (case-insensitive).',
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        }),
      email: ContactEmailSchema.exactOptional().openapi({
        param: {
          name: 'email',
          in: 'query',
          required: false,
          description: 'The contact with exactly this email (case-insensitive).',
          schema: { $ref: '#/components/schemas/ContactEmail' },
        },
      }),
      organizationId: OrganizationIdSchema.exactOptional().openapi({
        param: {
          name: 'organizationId',
          in: 'query',
          required: false,
          description: 'Contacts of this organisation.',
          schema: { $ref: '#/components/schemas/OrganizationId' },
        },
      }),
      externalId: ExternalIdentifierSchema.exactOptional().openapi({
        param: {
          name: 'externalId',
          in: 'query',
          required: false,
          description: 'The contact with this `externalId`.',
          schema: { $ref: '#/components/schemas/ExternalIdentifier' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'A page of contacts.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ContactListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1ContactsRoute = createRoute({
  method: 'post',
  path: '/v1/contacts',
  tags: ['Contacts'],
  summary: 'Create a contact',
  description:
    "Creates a contact from at least one of `email`, `externalId` or `name`. When `organizationId` is not\ngiven and the email's domain is one of an organisation's `domains` (free-mail domains excepted), the\ncontact is linked to that organisation. An email or `externalId` another contact has is refused with\n`409 contact_exists`, naming that contact. Needs `contacts.manage` (`contacts:write` for keys).\n\n**Authorization:** needs the permission `contacts.manage`; an API key also needs the scope `contacts:write` (or `admin`).\n",
  operationId: 'createContact',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateContactRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new contact.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The contact's URL.",
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: "The contact's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ContactSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ContactsContactIdRoute = createRoute({
  method: 'get',
  path: '/v1/contacts/{contactId}',
  tags: ['Contacts'],
  summary: 'Get a contact',
  description:
    'The id of a merged contact still resolves: the answer is the contact it was merged into (its `id`\ndiffers from the one asked for), with `Content-Location` and a `Link: <…>; rel="canonical"` header\nnaming the canonical URL.\n\n**Authorization:** needs the permission `contacts.read`; an API key also needs the scope `contacts:read` (or `admin`).\n',
  operationId: 'getContact',
  request: {
    params: z.object({
      contactId: ContactIdSchema.openapi({
        param: {
          name: 'contactId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ContactId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The contact (or, for a merged id, the contact it was merged into).',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'Content-Location': {
          description:
            'The canonical URL of the contact answered, when it differs from the one asked for.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({
              description:
                'The canonical URL of the contact answered, when it differs from the one asked for.',
            }),
        },
        Link: {
          description: '`<canonical URL>; rel="canonical"`, when the id asked for was merged.',
          schema: z
            .string()
            .max(2100)
            .exactOptional()
            .openapi({
              description: '`<canonical URL>; rel="canonical"`, when the id asked for was merged.',
            }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ContactSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1ContactsContactIdRoute = createRoute({
  method: 'delete',
  path: '/v1/contacts/{contactId}',
  tags: ['Contacts'],
  summary: 'Delete a contact',
  description:
    "Deletes the contact for good, with its portal sessions and the contacts merged into it. A merged\ncontact's id is refused with `409 contact_merged`; a contact that still requests tickets (or one merged\ninto it does) with `409 contact_in_use`: merge it into another contact, or delete its tickets, first.\n\n**Authorization:** needs the permission `contacts.manage`; an API key also needs the scope `contacts:write` (or `admin`).\n",
  operationId: 'deleteContact',
  request: {
    params: z.object({
      contactId: ContactIdSchema.openapi({
        param: {
          name: 'contactId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ContactId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1ContactsContactIdRoute = createRoute({
  method: 'patch',
  path: '/v1/contacts/{contactId}',
  tags: ['Contacts'],
  summary: 'Update a contact',
  description:
    "Changes the fields given; `null` clears one. Attributes are merged key by key (`null` removes a key).\nA merged contact's id is refused with `409 contact_merged`, naming the contact to change instead.\n\n**Authorization:** needs the permission `contacts.manage`; an API key also needs the scope `contacts:write` (or `admin`).\n",
  operationId: 'updateContact',
  request: {
    params: z.object({
      contactId: ContactIdSchema.openapi({
        param: {
          name: 'contactId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ContactId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateContactRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated contact.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ContactSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1ContactsContactIdMergeRoute = createRoute({
  method: 'post',
  path: '/v1/contacts/{contactId}/merge',
  tags: ['Contacts'],
  summary: 'Merge a contact into this one',
  description:
    "Moves everything of `sourceContactId` onto this contact: its portal sessions end, its attributes are\nadded (this contact's values win), and its email, phone, `externalId` and organisation are copied\nwhere this contact has none. The source stays as a redirect: `GET /v1/contacts/{sourceId}` answers this\ncontact. Merging a contact into itself is refused with `422 merge_into_self`; merging into or from a\ncontact that was already merged with `422 merge_with_merged`.\n\n**Authorization:** needs the permission `contacts.manage`; an API key also needs the scope `contacts:write` (or `admin`).\n",
  operationId: 'mergeContacts',
  request: {
    params: z.object({
      contactId: ContactIdSchema.openapi({
        param: {
          name: 'contactId',
          in: 'path',
          required: true,
          description: 'The contact to keep (the target).',
          schema: { $ref: '#/components/schemas/ContactId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: MergeContactsRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'This contact, after the merge.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ContactSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1ContactsBulkRoute = createRoute({
  method: 'post',
  path: '/v1/contacts/bulk',
  tags: ['Contacts'],
  summary: 'Create or update contacts in bulk',
  description:
    'Up to 1,000 contacts in one request, answered per item in `data` (`{ index, status, id?, error? }`).\nEach item is applied on its own: a bad item is answered with its problem and never fails the others.\nThe request as a whole fails (400) only when the envelope is malformed or holds more than 1,000 items.\n\n**Authorization:** needs the permission `contacts.manage`; an API key also needs the scope `contacts:write` (or `admin`).\n',
  operationId: 'bulkUpsertContacts',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: BulkContactsRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'One result per item.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: BulkContactsResultSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const putV1ContactsByExternalIdExternalIdRoute = createRoute({
  method: 'put',
  path: '/v1/contacts/by-external-id/{externalId}',
  tags: ['Contacts'],
  summary: 'Create or update a contact by external id',
  description:
    'The CRM sync write: creates the contact with this `externalId` (201) or updates it (200). Fields left\nout keep their value; repeating the same request changes nothing and answers 200 with the same ETag.\nAn `externalId` that only a merged contact had updates the contact it was merged into.\n\n**Authorization:** needs the permission `contacts.manage`; an API key also needs the scope `contacts:write` (or `admin`). Updating an existing contact needs the same.\n',
  operationId: 'upsertContactByExternalId',
  request: {
    params: z.object({
      externalId: ExternalIdentifierSchema.openapi({
        param: {
          name: 'externalId',
          in: 'path',
          required: true,
          description: "The contact's `externalId` (URL-encoded).",
          schema: { $ref: '#/components/schemas/ExternalIdentifier' },
        },
      }),
    }),
    body: {
      content: { 'application/json': { schema: UpsertContactRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated contact.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'Content-Location': {
          description: "The contact's URL.",
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: "The contact's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ContactSchema } },
    },
    201: {
      description: 'The new contact.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The contact's URL.",
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: "The contact's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ContactSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1CustomFieldsRoute = createRoute({
  method: 'get',
  path: '/v1/custom-fields',
  tags: ['Ticket setup'],
  summary: 'List custom fields',
  description:
    'Every ticket custom field of the workspace, by `position` then id (a short list, not paged).\n\nReadable by staff with any ticket read permission (`tickets.read_all`, `tickets.read_team` or `tickets.read_assigned`) and API keys with `tickets:read`; contacts and visitors get `403`.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `tickets:read` (or `admin`).\n',
  operationId: 'listCustomFields',
  responses: {
    200: {
      description: 'The custom fields in order.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: CustomFieldListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    id: 'cf_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    key: 'plan',
                    label: 'Plan',
                    description: null,
                    type: 'select',
                    options: ['free', 'pro', 'enterprise'],
                    required: false,
                    visibleToContacts: true,
                    position: 0,
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1CustomFieldsRoute = createRoute({
  method: 'post',
  path: '/v1/custom-fields',
  tags: ['Ticket setup'],
  summary: 'Create a custom field',
  description:
    'Creates a ticket custom field. `key` (`^[a-z][a-z0-9_]{0,63}$`) is unique per workspace (`409 custom_field_key_taken`) and never changes. `select` and `multi_select` fields need `options` (`422 custom_field_options_required`), each once (`422 custom_field_options_duplicate`); other types refuse them (`422 custom_field_options_not_allowed`). A workspace has at most 200 fields (`409 ticket_setup_limit_reached`).\n\nNeeds `ticket_setup.manage` (API keys: `tickets:write`).\n\n**Authorization:** needs the permission `ticket_setup.manage`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'createCustomField',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateCustomFieldRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                key: 'plan',
                label: 'Plan',
                type: 'select',
                options: ['free', 'pro', 'enterprise'],
                visibleToContacts: true,
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new custom field.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: CustomFieldSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'cf_01jh2x3y4z5a6b7c8d9e0f1g2h',
                key: 'plan',
                label: 'Plan',
                description: null,
                type: 'select',
                options: ['free', 'pro', 'enterprise'],
                required: false,
                visibleToContacts: true,
                position: 0,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1CustomFieldsCustomFieldIdRoute = createRoute({
  method: 'get',
  path: '/v1/custom-fields/{customFieldId}',
  tags: ['Ticket setup'],
  summary: 'Get a custom field',
  description:
    'One ticket custom field: its key, label, type, options, and whether it is required and visible to contacts. Answers `304` for a matching `If-None-Match`.\n\nReadable by staff with any ticket read permission and API keys with `tickets:read`; to anyone else it answers `404`, as for a missing one.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `tickets:read` (or `admin`).\n',
  operationId: 'getCustomField',
  request: {
    params: z.object({
      customFieldId: CustomFieldIdSchema.openapi({
        param: {
          name: 'customFieldId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/CustomFieldId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The custom field.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: CustomFieldSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'cf_01jh2x3y4z5a6b7c8d9e0f1g2h',
                key: 'plan',
                label: 'Plan',
                description: null,
                type: 'select',
                options: ['free', 'pro', 'enterprise'],
                required: false,
                visibleToContacts: true,
                position: 0,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1CustomFieldsCustomFieldIdRoute = createRoute({
  method: 'delete',
  path: '/v1/custom-fields/{customFieldId}',
  tags: ['Ticket setup'],
  summary: 'Delete a custom field',
  description:
    'Deletes a custom field no ticket holds a value for (`409 custom_field_in_use` otherwise) and takes it off the ticket types that carry it (each emits `ticket_type.updated`).\n\nNeeds `ticket_setup.manage` (API keys: `tickets:write`).\n\n**Authorization:** needs the permission `ticket_setup.manage`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'deleteCustomField',
  request: {
    params: z.object({
      customFieldId: CustomFieldIdSchema.openapi({
        param: {
          name: 'customFieldId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/CustomFieldId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1CustomFieldsCustomFieldIdRoute = createRoute({
  method: 'patch',
  path: '/v1/custom-fields/{customFieldId}',
  tags: ['Ticket setup'],
  summary: 'Update a custom field',
  description:
    "Changes a field's label, description, options, flags or position. Its `type` cannot change while a ticket holds a value for it (`409 custom_field_in_use`); the options rules of create apply to the result.\n\nNeeds `ticket_setup.manage` (API keys: `tickets:write`).\n\n**Authorization:** needs the permission `ticket_setup.manage`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'updateCustomField',
  request: {
    params: z.object({
      customFieldId: CustomFieldIdSchema.openapi({
        param: {
          name: 'customFieldId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/CustomFieldId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateCustomFieldRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: { options: ['free', 'pro', 'business', 'enterprise'] },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated custom field.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: CustomFieldSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'cf_01jh2x3y4z5a6b7c8d9e0f1g2h',
                key: 'plan',
                label: 'Plan',
                description: null,
                type: 'select',
                options: ['free', 'pro', 'enterprise'],
                required: false,
                visibleToContacts: true,
                position: 0,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1CustomersRoute = createRoute({
  method: 'get',
  path: '/v1/customers',
  tags: ['Customers'],
  summary: 'List customers',
  description:
    "One row per contact (merged contacts are never listed) with its organisation, its ticket counts (open and\ntotal, and when its newest ticket was opened) and its feedback counts (posts, votes, comments), for a CRM\nsidebar or a customer list. Most recently seen first unless `sort` says otherwise; contacts never seen sort\nas seen at the epoch.\n\nNeeds `contacts.read` (API keys: `contacts:read`), and lists exactly the contacts the caller may read\n(`GET /v1/contacts`). Every figure counts only what the caller may read itself (tickets under its teams and\nscopes, posts, votes and comments under each board's audience), so a count never reveals a ticket or a post\nthe caller could not open; a group is null when the caller may read nothing of its kind.\n\n**Authorization:** needs the permission `contacts.read`; an API key also needs the scope `contacts:read` (or `admin`).\n",
  operationId: 'listCustomers',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['-lastSeenAt', 'lastSeenAt', 'name', '-name', '-createdAt', 'createdAt'])
        .default('-lastSeenAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description:
              'Sort order; a leading `-` sorts descending. Contacts without a name sort as an empty name.',
            schema: {
              type: 'string',
              enum: ['-lastSeenAt', 'lastSeenAt', 'name', '-name', '-createdAt', 'createdAt'],
              default: '-lastSeenAt',
            },
          },
        }),
      q: z
        .string()
        .min(1)
        .max(200)
        .exactOptional()
        .openapi({
          param: {
            name: 'q',
            in: 'query',
            required: false,
            description: 'Contacts whose name or email contains this text (case-insensitive).',
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        }),
      organizationId: OrganizationIdSchema.exactOptional().openapi({
        param: {
          name: 'organizationId',
          in: 'query',
          required: false,
          description: 'Contacts of this organisation.',
          schema: { $ref: '#/components/schemas/OrganizationId' },
        },
      }),
      hasOpenTickets: z
        .enum(['true', 'false'])
        .exactOptional()
        .openapi({
          param: {
            name: 'hasOpenTickets',
            in: 'query',
            required: false,
            description:
              '`true`: only contacts with a ticket in `new`, `open`, `pending` or `on_hold` that the caller may read; `false`: only contacts without one. A caller that may read no ticket (a key without `tickets:read`) gets 403.',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        }),
      attribute: z
        .xor([
          AttributeFilterSchema,
          z
            .array(AttributeFilterSchema)
            .min(1)
            .max(10)
            .exactOptional()
            .openapi({
              param: {
                name: 'attribute',
                in: 'query',
                required: false,
                description:
                  'Custom attribute filters as `key:value` (repeat for several; all must hold): `?attribute=plan:enterprise`\nmatches contacts whose `plan` attribute is `enterprise`, or an array holding it. Numbers and booleans compare\nby their text (`seats:40`, `beta:true`).\n',
                schema: {
                  oneOf: [
                    { $ref: '#/components/schemas/AttributeFilter' },
                    {
                      type: 'array',
                      minItems: 1,
                      maxItems: 10,
                      items: { $ref: '#/components/schemas/AttributeFilter' },
                    },
                  ],
                },
              },
            }),
        ])
        .exactOptional()
        .openapi({
          param: {
            name: 'attribute',
            in: 'query',
            required: false,
            description:
              'Custom attribute filters as `key:value` (repeat for several; all must hold): `?attribute=plan:enterprise`\nmatches contacts whose `plan` attribute is `enterprise`, or an array holding it. Numbers and booleans compare\nby their text (`seats:40`, `beta:true`).\n',
            schema: {
              oneOf: [
                { $ref: '#/components/schemas/AttributeFilter' },
                {
                  type: 'array',
                  minItems: 1,
                  maxItems: 10,
                  items: { $ref: '#/components/schemas/AttributeFilter' },
                },
              ],
            },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of customers.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: CustomerListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    contact: {
                      id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h',
                      email: 'ada@example.com',
                      name: 'Ada Lovelace',
                      phone: null,
                      externalId: 'crm-4711',
                      organizationId: 'org_01jh2x3y4z5a6b7c8d9e0f1g2h',
                      attributes: { plan: 'enterprise' },
                      lastSeenAt: '2026-11-26T15:04:05.123Z',
                      createdAt: '2026-10-01T09:00:00.000Z',
                      updatedAt: '2026-11-20T10:00:00.000Z',
                    },
                    organization: { id: 'org_01jh2x3y4z5a6b7c8d9e0f1g2h', name: 'Acme Inc.' },
                    tickets: { open: 2, total: 14, lastTicketAt: '2026-11-25T08:30:00.000Z' },
                    feedback: { posts: 3, votes: 11, comments: 5 },
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1EventsRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  tags: ['Events'],
  summary: 'List events',
  description:
    "The workspace's events, newest first unless `sort` says otherwise, filtered by type, resource and time.\nFor reading every change exactly once, in order, use the change feed (`GET /v1/changes`) instead: a list\nsorted by time can miss an event whose transaction commits after a later one was listed.\n\nNeeds `events.read` (supervisors, admins and owners hold it; `events:read` for keys). The stream is\nworkspace-wide, so an API key limited to teams may not read it.\n\n**Authorization:** needs the permission `events.read`; an API key also needs the scope `events:read` (or `admin`). Each event shows only to members who may read its resource.\n",
  operationId: 'listEvents',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['occurredAt', '-occurredAt'])
        .default('-occurredAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order by `occurredAt` (ties by id); a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['occurredAt', '-occurredAt'], default: '-occurredAt' },
          },
        }),
      type: z
        .xor([
          EventTypeFilterSchema,
          z
            .array(EventTypeFilterSchema)
            .min(1)
            .max(50)
            .exactOptional()
            .openapi({
              param: {
                name: 'type',
                in: 'query',
                required: false,
                description:
                  'Only events of these types (comma-separated or repeated; `contact.*` wildcards).',
                schema: {
                  oneOf: [
                    { $ref: '#/components/schemas/EventTypeFilter' },
                    {
                      type: 'array',
                      minItems: 1,
                      maxItems: 50,
                      items: { $ref: '#/components/schemas/EventTypeFilter' },
                    },
                  ],
                },
              },
            }),
        ])
        .exactOptional()
        .openapi({
          param: {
            name: 'type',
            in: 'query',
            required: false,
            description:
              'Only events of these types (comma-separated or repeated; `contact.*` wildcards).',
            schema: {
              oneOf: [
                { $ref: '#/components/schemas/EventTypeFilter' },
                {
                  type: 'array',
                  minItems: 1,
                  maxItems: 50,
                  items: { $ref: '#/components/schemas/EventTypeFilter' },
                },
              ],
            },
          },
        }),
      resourceType: EventResourceTypeSchema.exactOptional().openapi({
        param: {
          name: 'resourceType',
          in: 'query',
          required: false,
          description: 'Only events about this kind of resource (`contact`, `team`, `api_key`, …).',
          schema: { $ref: '#/components/schemas/EventResourceType' },
        },
      }),
      resourceId: z
        .string()
        .regex(/^[a-z](?:[a-z_]{0,61}[a-z])?_[0-7][0-9a-hjkmnp-tv-z]{25}$/, {
          error: 'must be a resource id (a TypeID such as ct_…)',
        })
        .exactOptional()
        .openapi({
          param: {
            name: 'resourceId',
            in: 'query',
            required: false,
            description: 'Only events about the resource with this id.',
            schema: {
              type: 'string',
              pattern: '^[a-z](?:[a-z_]{0,61}[a-z])?_[0-7][0-9a-hjkmnp-tv-z]{25}$',
              'x-pattern-message': 'must be a resource id (a TypeID such as ct_…)',
              examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'],
            },
          },
          examples: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'],
        }),
      occurredAfter: z.iso
        .datetime()
        .max(40)
        .exactOptional()
        .openapi({
          param: {
            name: 'occurredAfter',
            in: 'query',
            required: false,
            description:
              'Only events that occurred strictly after this instant (UTC, e.g. `2025-01-31T23:00:00Z`).',
            schema: { type: 'string', format: 'date-time', maxLength: 40 },
          },
        }),
      occurredBefore: z.iso
        .datetime()
        .max(40)
        .exactOptional()
        .openapi({
          param: {
            name: 'occurredBefore',
            in: 'query',
            required: false,
            description:
              'Only events that occurred strictly before this instant (UTC). Must be after `occurredAfter`.',
            schema: { type: 'string', format: 'date-time', maxLength: 40 },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of events.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: EventListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1EventsEventIdRoute = createRoute({
  method: 'get',
  path: '/v1/events/{eventId}',
  tags: ['Events'],
  summary: 'Get an event',
  description:
    'One event of the workspace. Needs `events.read` (`events:read` for keys).\n\n**Authorization:** needs the permission `events.read`; an API key also needs the scope `events:read` (or `admin`). Each event shows only to members who may read its resource.\n',
  operationId: 'getEvent',
  request: {
    params: z.object({
      eventId: EventIdSchema.openapi({
        param: {
          name: 'eventId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/EventId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'The event.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: EventSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1FeedbackDigestPreferenceRoute = createRoute({
  method: 'get',
  path: '/v1/feedback/digest-preference',
  tags: ['Feedback'],
  summary: "The caller's new-feedback digest setting",
  description:
    "Staff: how often the caller gets the new-feedback digest by email (`daily`, `weekly` or `off`, the default),\nand when the last one went out. The digest lists the posts created since the previous digest and the\ntop movers (the posts that gained the most votes); a period with nothing new sends nothing.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`). Members only (contacts and visitors get 403); the digest is of the whole workspace's feedback.\n",
  operationId: 'getDigestPreference',
  responses: {
    200: {
      description: "The caller's digest setting.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: DigestPreferenceSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                frequency: 'weekly',
                lastSentAt: '2026-11-30T00:07:00.000Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const putV1FeedbackDigestPreferenceRoute = createRoute({
  method: 'put',
  path: '/v1/feedback/digest-preference',
  tags: ['Feedback'],
  summary: "Choose the caller's new-feedback digest",
  description:
    "Staff: sets how often the caller gets the new-feedback digest: `daily` (once per UTC day), `weekly` (once\nper ISO week) or `off`. Each period's digest is sent once, however many workers run.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`). Members only (contacts and visitors get 403).\n",
  operationId: 'updateDigestPreference',
  request: {
    body: {
      content: {
        'application/json': {
          schema: UpdateDigestPreferenceRequestSchema,
          examples: { example: { summary: 'Example', value: { frequency: 'daily' } } },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: "The caller's digest setting now.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: DigestPreferenceSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                frequency: 'daily',
                lastSentAt: null,
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1FeedbackSettingsRoute = createRoute({
  method: 'get',
  path: '/v1/feedback/settings',
  tags: ['Feedback'],
  summary: 'Get the feedback settings',
  description:
    'The workspace\'s feedback settings: what anonymous visitors (publishable keys) may do, the moderation queue\'s\ndefault rule, whether links and images hold a post for review, when authors may edit their posts, and the\nper-address limit on anonymous activity. Staff with `feedback.read`. A workspace that never changed them\nanswers the defaults (every anonymous switch off, moderation `none`, author edits `always`, 20 per hour)\nwith `updatedAt` `null` and ETag `"0"`.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'getFeedbackSettings',
  responses: {
    200: {
      description: 'The settings.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: FeedbackSettingsSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                anonymousVoting: true,
                anonymousPosting: true,
                anonymousCommenting: false,
                moderation: 'anonymous',
                holdLinksAndImages: true,
                authorEdits: 'until_activity',
                anonymousRateLimit: { limit: 20, windowSeconds: 3600 },
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1FeedbackSettingsRoute = createRoute({
  method: 'patch',
  path: '/v1/feedback/settings',
  tags: ['Feedback'],
  summary: 'Update the feedback settings',
  description:
    "Changes the settings given (staff with `feedback.manage`); emits `feedback_settings.updated` with the former\nvalues, audited. Anonymous posting, voting and commenting also need the board's access to be `anyone`. A\nboard's own `moderation` overrides the workspace's rule. Honours `If-Match` (`\"0\"` before the first change).\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'updateFeedbackSettings',
  request: {
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateFeedbackSettingsRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: { anonymousVoting: true, moderation: 'anonymous' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The settings after the change.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: FeedbackSettingsSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                anonymousVoting: true,
                anonymousPosting: true,
                anonymousCommenting: false,
                moderation: 'anonymous',
                holdLinksAndImages: true,
                authorEdits: 'until_activity',
                anonymousRateLimit: { limit: 20, windowSeconds: 3600 },
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1HelpCenterArticlesRoute = createRoute({
  method: 'get',
  path: '/v1/help-center/articles',
  tags: ['Help centre'],
  summary: 'List help-centre articles',
  description:
    "The articles the caller may read, newest first unless `sort` says otherwise, each with the translations the caller may read. Staff (`content.read`) see drafts and scheduled articles too; contacts and anonymous visitors see published articles by their effective audience (the narrower of the article's and its category chain's), never those of an archived category.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n",
  operationId: 'listArticles',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'title', '-title'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'title', '-title'],
              default: '-createdAt',
            },
          },
        }),
      categoryId: HelpCategoryIdSchema.exactOptional().openapi({
        param: {
          name: 'categoryId',
          in: 'query',
          required: false,
          description: 'Articles of this category.',
          schema: { $ref: '#/components/schemas/HelpCategoryId' },
        },
      }),
      state: PublishStateSchema.exactOptional().openapi({
        param: {
          name: 'state',
          in: 'query',
          required: false,
          description: 'Articles in this state.',
          schema: { $ref: '#/components/schemas/PublishState' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'A page of articles.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ArticleListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1HelpCenterArticlesRoute = createRoute({
  method: 'post',
  path: '/v1/help-center/articles',
  tags: ['Help centre'],
  summary: 'Create a help-centre article',
  description:
    "Creates an article in a category that exists (`422 category_not_found`) and is not archived (`422 category_archived`), in `locale` (BCP 47, default `en`; `422 invalid_locale`). The slug is derived from the title when not given and is unique per workspace and locale (`409 slug_taken`). `state` `published` or `scheduled` (with a future `publishAt`, else `422 schedule_in_past`) needs `content.publish`. Its own `visibility` may only narrow the category's (`422 visibility_wider_than_category`).\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n",
  operationId: 'createArticle',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateArticleRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new article.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ArticleSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1HelpCenterArticlesArticleIdRoute = createRoute({
  method: 'get',
  path: '/v1/help-center/articles/{articleId}',
  tags: ['Help centre'],
  summary: 'Get a help-centre article',
  description:
    'One article the caller may read, with the translations it may read; one hidden from the caller answers 404, exactly like a missing one.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n',
  operationId: 'getArticle',
  request: {
    params: z.object({
      articleId: ArticleIdSchema.openapi({
        param: {
          name: 'articleId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ArticleId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The article.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ArticleSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1HelpCenterArticlesArticleIdRoute = createRoute({
  method: 'delete',
  path: '/v1/help-center/articles/{articleId}',
  tags: ['Help centre'],
  summary: 'Delete a help-centre article',
  description:
    'Deletes an article with its translations and votes.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'deleteArticle',
  request: {
    params: z.object({
      articleId: ArticleIdSchema.openapi({
        param: {
          name: 'articleId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ArticleId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1HelpCenterArticlesArticleIdRoute = createRoute({
  method: 'patch',
  path: '/v1/help-center/articles/{articleId}',
  tags: ['Help centre'],
  summary: 'Update a help-centre article',
  description:
    'Changes the fields given, with the same checks as creating one. Publishing, scheduling or unpublishing needs `content.publish`; an article that becomes published sends `article.published` besides `article.updated`.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'updateArticle',
  request: {
    params: z.object({
      articleId: ArticleIdSchema.openapi({
        param: {
          name: 'articleId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ArticleId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateArticleRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated article.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ArticleSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const putV1HelpCenterArticlesArticleIdTranslationsLocaleRoute = createRoute({
  method: 'put',
  path: '/v1/help-center/articles/{articleId}/translations/{locale}',
  tags: ['Help centre'],
  summary: 'Write an article translation',
  description:
    "Creates or replaces the article's text in `locale` (BCP 47, `422 invalid_locale`), with its own slug (unique per workspace and locale, `409 slug_taken`) and state: a translation is published, scheduled or a draft on its own, and readers see only published ones. Publishing or scheduling needs `content.publish`.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n",
  operationId: 'putArticleTranslation',
  request: {
    params: z.object({
      articleId: ArticleIdSchema.openapi({
        param: {
          name: 'articleId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ArticleId' },
        },
      }),
      locale: LocaleSchema.openapi({
        param: {
          name: 'locale',
          in: 'path',
          required: true,
          description: 'A BCP 47 language tag.',
          schema: { $ref: '#/components/schemas/Locale' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: PutArticleTranslationRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The article with its translations.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ArticleSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1HelpCenterArticlesArticleIdTranslationsLocaleRoute = createRoute({
  method: 'delete',
  path: '/v1/help-center/articles/{articleId}/translations/{locale}',
  tags: ['Help centre'],
  summary: 'Delete an article translation',
  description:
    "Deletes the article's text in `locale`; readers of that locale see the article's own text again. An article with no translation in `locale` is a 404 (`not_found`), a malformed tag `422 invalid_locale`. Deleting a published or scheduled translation needs `content.publish`. Honours `If-Match` (the article's ETag) and answers the article with its remaining translations and its new ETag; emits `article.updated` with the deleted translation in `previous`.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`). A published or scheduled translation also needs `publish` (content.publish).\n",
  operationId: 'deleteArticleTranslation',
  request: {
    params: z.object({
      articleId: ArticleIdSchema.openapi({
        param: {
          name: 'articleId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ArticleId' },
        },
      }),
      locale: LocaleSchema.openapi({
        param: {
          name: 'locale',
          in: 'path',
          required: true,
          description: 'A BCP 47 language tag.',
          schema: { $ref: '#/components/schemas/Locale' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The article with its remaining translations.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ArticleSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1HelpCenterArticlesArticleIdVotesRoute = createRoute({
  method: 'post',
  path: '/v1/help-center/articles/{articleId}/votes',
  tags: ['Help centre'],
  summary: 'Say whether an article helped',
  description:
    "Records a helpful or not-helpful answer with an optional reason, from anyone who may read the article: staff, a signed-in contact or an anonymous visitor. A contact or member has one answer per article (a new one replaces it); visitors' answers are counted, not kept per person.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:write` (or `admin`).\n",
  operationId: 'voteArticle',
  request: {
    params: z.object({
      articleId: ArticleIdSchema.openapi({
        param: {
          name: 'articleId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ArticleId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: VoteArticleRequestSchema } }, required: true },
  },
  responses: {
    201: {
      description: "The answer and the article's counts.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ArticleVoteSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1HelpCenterCategoriesRoute = createRoute({
  method: 'get',
  path: '/v1/help-center/categories',
  tags: ['Help centre'],
  summary: 'List help-centre categories',
  description:
    'The categories the caller may see, in `position` order unless `sort` says otherwise. Staff read every category with `content.read`; a contact reads the categories whose effective audience is `public` or `authenticated`, an anonymous visitor (publishable key) the `public` ones; archived categories, and those under an archived parent, only staff see.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n',
  operationId: 'listHelpCategories',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['position', '-position', 'createdAt', '-createdAt', 'name', '-name'])
        .default('position')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['position', '-position', 'createdAt', '-createdAt', 'name', '-name'],
              default: 'position',
            },
          },
        }),
      parentId: HelpCategoryIdSchema.exactOptional().openapi({
        param: {
          name: 'parentId',
          in: 'query',
          required: false,
          description: 'Only the direct children of this category.',
          schema: { $ref: '#/components/schemas/HelpCategoryId' },
        },
      }),
      archived: z
        .enum(['true', 'false'])
        .exactOptional()
        .openapi({
          param: {
            name: 'archived',
            in: 'query',
            required: false,
            description:
              '`true`: only archived categories; `false`: only active ones; left out: both.',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of categories.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: HelpCategoryListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1HelpCenterCategoriesRoute = createRoute({
  method: 'post',
  path: '/v1/help-center/categories',
  tags: ['Help centre'],
  summary: 'Create a help-centre category',
  description:
    "Creates a category, at the top level or under `parentId` (`422 category_not_found` when that category does not exist). Its `visibility` is its own (`segments` and `organizations` name their ids, `422 segment_not_found` / `organization_not_found` otherwise) and, under a parent, may only narrow the parent's effective audience (`422 visibility_wider_than_category`); readers see it, and the articles that inherit from it, only where every parent admits them too (`effectiveAudience`).\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n",
  operationId: 'createHelpCategory',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateHelpCategoryRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new category.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: HelpCategorySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1HelpCenterCategoriesCategoryIdRoute = createRoute({
  method: 'get',
  path: '/v1/help-center/categories/{categoryId}',
  tags: ['Help centre'],
  summary: 'Get a help-centre category',
  description:
    'One category the caller may see; one hidden from the caller answers 404, exactly like a missing one.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n',
  operationId: 'getHelpCategory',
  request: {
    params: z.object({
      categoryId: HelpCategoryIdSchema.openapi({
        param: {
          name: 'categoryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/HelpCategoryId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The category.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: HelpCategorySchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1HelpCenterCategoriesCategoryIdRoute = createRoute({
  method: 'delete',
  path: '/v1/help-center/categories/{categoryId}',
  tags: ['Help centre'],
  summary: 'Delete a help-centre category',
  description:
    'Deletes a category with no articles and no subcategories; otherwise `409 category_not_empty` (archive it instead).\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'deleteHelpCategory',
  request: {
    params: z.object({
      categoryId: HelpCategoryIdSchema.openapi({
        param: {
          name: 'categoryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/HelpCategoryId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1HelpCenterCategoriesCategoryIdRoute = createRoute({
  method: 'patch',
  path: '/v1/help-center/categories/{categoryId}',
  tags: ['Help centre'],
  summary: 'Update a help-centre category',
  description:
    "Changes the fields given. Moving a category under itself or one of its descendants is refused (`422 category_cycle`); archiving hides it and everything under it from readers. A `visibility` given may only narrow the (new) parent's effective audience (`422 visibility_wider_than_category`). A new audience or parent re-scopes everything under the category in the same write; each subcategory and article gets the intersection of its own audience and its container's, and one whose own segments or organisations no longer narrow the container's becomes `staff` (seen by members only) until its audience or the category's is changed.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n",
  operationId: 'updateHelpCategory',
  request: {
    params: z.object({
      categoryId: HelpCategoryIdSchema.openapi({
        param: {
          name: 'categoryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/HelpCategoryId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateHelpCategoryRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated category.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: HelpCategorySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1InboxesRoute = createRoute({
  method: 'get',
  path: '/v1/inboxes',
  tags: ['Inboxes'],
  summary: 'List inboxes',
  description:
    "The workspace's inboxes, oldest first unless `sort` says otherwise. Readable by members who may read\ntickets (`tickets.read_all`, `tickets.read_team` or `tickets.read_assigned`) or hold `inboxes.manage`\n(`routing:read` for keys); a key limited to inboxes (`inboxIds`) sees only those.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `routing:read` (or `admin`). Members who may read tickets (any ticket read permission) or hold inboxes.manage; a key limited to inboxes sees only those.\n",
  operationId: 'listInboxes',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt', 'name', '-name'])
        .default('createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['createdAt', '-createdAt', 'name', '-name'],
              default: 'createdAt',
            },
          },
        }),
      channel: InboxChannelSchema.exactOptional().openapi({
        param: {
          name: 'channel',
          in: 'query',
          required: false,
          description: 'Only inboxes with this channel.',
          schema: { $ref: '#/components/schemas/InboxChannel' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'A page of inboxes.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: InboxListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1InboxesRoute = createRoute({
  method: 'post',
  path: '/v1/inboxes',
  tags: ['Inboxes'],
  summary: 'Create an inbox',
  description:
    'Creates an inbox. `emailAddresses` are stored lower-cased and belong to one inbox across all workspaces\n(`409 inbox_address_taken`); an address that is not valid answers `422 invalid_email`, addresses without\nthe `email` channel `422 invalid_inbox_channels` (`channels` defaults to `["email"]` when addresses are\ngiven). `defaultTeamId` must be a team of the workspace (`422 team_not_found`), `businessHoursId` business\nhours of the workspace (`422 business_hours_not_found`). Needs `inboxes.manage` (`routing:write` for\nkeys); a key limited to inboxes may not create one. Emits `inbox.created`.\n\n**Authorization:** needs the permission `inboxes.manage`; an API key also needs the scope `routing:write` (or `admin`).\n',
  operationId: 'createInbox',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: CreateInboxRequestSchema } }, required: true },
  },
  responses: {
    201: {
      description: 'The new inbox.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The inbox's URL.",
          schema: z.string().max(2048).exactOptional().openapi({ description: "The inbox's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: InboxSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1InboxesInboxIdRoute = createRoute({
  method: 'get',
  path: '/v1/inboxes/{inboxId}',
  tags: ['Inboxes'],
  summary: 'Get an inbox',
  description:
    "One inbox with an `ETag`; `If-None-Match` with the current one answers `304`. An inbox of another workspace\n(or outside a limited key's inboxes) answers `404`, like a missing one.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `routing:read` (or `admin`). Members who may read tickets (any ticket read permission) or hold inboxes.manage; a key limited to inboxes sees only those.\n",
  operationId: 'getInbox',
  request: {
    params: z.object({
      inboxId: InboxIdSchema.openapi({
        param: {
          name: 'inboxId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/InboxId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The inbox.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: InboxSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1InboxesInboxIdRoute = createRoute({
  method: 'delete',
  path: '/v1/inboxes/{inboxId}',
  tags: ['Inboxes'],
  summary: 'Delete an inbox',
  description:
    'Deletes an inbox with its addresses and memberships. An inbox tickets still belong to answers\n`409 inbox_in_use` (move them to another inbox first). Needs `inboxes.manage`. Honours `If-Match` (`412`).\nEmits `inbox.deleted`.\n\n**Authorization:** needs the permission `inboxes.manage`; an API key also needs the scope `routing:write` (or `admin`).\n',
  operationId: 'deleteInbox',
  request: {
    params: z.object({
      inboxId: InboxIdSchema.openapi({
        param: {
          name: 'inboxId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/InboxId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1InboxesInboxIdRoute = createRoute({
  method: 'patch',
  path: '/v1/inboxes/{inboxId}',
  tags: ['Inboxes'],
  summary: 'Update an inbox',
  description:
    "Changes an inbox's name, channels, email addresses (the list given replaces the inbox's), default team,\ndefault priority or business hours, validated as on create. Defaults apply to tickets created from then\non. Needs `inboxes.manage` (`routing:write` for keys). Honours `If-Match` (`412`). Emits `inbox.updated`.\n\n**Authorization:** needs the permission `inboxes.manage`; an API key also needs the scope `routing:write` (or `admin`).\n",
  operationId: 'updateInbox',
  request: {
    params: z.object({
      inboxId: InboxIdSchema.openapi({
        param: {
          name: 'inboxId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/InboxId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: { content: { 'application/json': { schema: UpdateInboxRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The updated inbox.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: InboxSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1InboxesInboxIdMembersRoute = createRoute({
  method: 'get',
  path: '/v1/inboxes/{inboxId}/members',
  tags: ['Inboxes'],
  summary: "List an inbox's members",
  description:
    'The members who work the inbox, with their availability, by name unless `sort` says otherwise. Readable by\nwhoever reads the inbox.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `routing:read` (or `admin`). Whoever reads the inbox.\n',
  operationId: 'listInboxMembers',
  request: {
    params: z.object({
      inboxId: InboxIdSchema.openapi({
        param: {
          name: 'inboxId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/InboxId' },
        },
      }),
    }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['name', '-name', 'addedAt', '-addedAt'])
        .default('name')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description:
              'Sort order; a leading `-` sorts descending. `addedAt` is when the member joined the inbox.',
            schema: {
              type: 'string',
              enum: ['name', '-name', 'addedAt', '-addedAt'],
              default: 'name',
            },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: "A page of the inbox's members.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: InboxMemberListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1InboxesInboxIdMembersRoute = createRoute({
  method: 'post',
  path: '/v1/inboxes/{inboxId}/members',
  tags: ['Inboxes'],
  summary: 'Add a member to an inbox',
  description:
    'Adds an active member of the workspace to the inbox; adding one already there changes nothing and answers\n`200` (a new membership `201`). A `memberId` that is not an active member of this workspace answers\n`422 member_not_found`. Needs `inboxes.manage` (`routing:write` for keys). Emits `inbox.member_added`.\n\n**Authorization:** needs the permission `inboxes.manage`; an API key also needs the scope `routing:write` (or `admin`).\n',
  operationId: 'addInboxMember',
  request: {
    params: z.object({
      inboxId: InboxIdSchema.openapi({
        param: {
          name: 'inboxId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/InboxId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: AddInboxMemberRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The member was in the inbox already.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: InboxMemberSchema } },
    },
    201: {
      description: 'The member joined the inbox.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: InboxMemberSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1InboxesInboxIdMembersMemberIdRoute = createRoute({
  method: 'delete',
  path: '/v1/inboxes/{inboxId}/members/{memberId}',
  tags: ['Inboxes'],
  summary: 'Remove a member from an inbox',
  description:
    'Takes the member out of the inbox. A member not in the inbox answers `404`. Needs `inboxes.manage`\n(`routing:write` for keys). Emits `inbox.member_removed`.\n\n**Authorization:** needs the permission `inboxes.manage`; an API key also needs the scope `routing:write` (or `admin`).\n',
  operationId: 'removeInboxMember',
  request: {
    params: z.object({
      inboxId: InboxIdSchema.openapi({
        param: {
          name: 'inboxId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/InboxId' },
        },
      }),
      memberId: MemberIdSchema.openapi({
        param: {
          name: 'memberId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MemberId' },
        },
      }),
    }),
  },
  responses: {
    204: {
      description: 'Removed.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1InvitationsRoute = createRoute({
  method: 'get',
  path: '/v1/invitations',
  tags: ['Members'],
  summary: 'List invitations',
  description:
    "The workspace's invitations, newest first. Tokens are never listed. Needs `members.manage` (API keys:\n`members:read`).\n\n**Authorization:** needs the permission `members.manage`; an API key also needs the scope `members:read` (or `admin`).\n",
  operationId: 'listInvitations',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['createdAt', '-createdAt'], default: '-createdAt' },
          },
        }),
      status: z
        .enum(['pending', 'accepted', 'revoked', 'expired', 'all'])
        .default('pending')
        .exactOptional()
        .openapi({
          param: {
            name: 'status',
            in: 'query',
            required: false,
            description: 'Which invitations to list.',
            schema: {
              type: 'string',
              enum: ['pending', 'accepted', 'revoked', 'expired', 'all'],
              default: 'pending',
            },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of invitations.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: InvitationListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1InvitationsRoute = createRoute({
  method: 'post',
  path: '/v1/invitations',
  tags: ['Members'],
  summary: 'Invite a member',
  description:
    "Emails the invitee a link to `<LOOPDESK_PUBLIC_URL>/accept-invitation#token=…` and answers the token and link\nonce (only the token's SHA-256 is stored). The token travels in the link's fragment, which browsers never\nsend to a server nor put in a `Referer`. The invitation expires after 7 days. A new invitation to the same\naddress replaces the pending one. Needs `members.manage` (API keys: `members:write`); the role follows the\nsame rules as assigning it (no permission you lack; `owner` by an owner only). Emits `member.invited`.\n\n**Authorization:** needs the permission `members.manage`; an API key also needs the scope `members:write` (or `admin`).\n",
  operationId: 'createInvitation',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateInvitationRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The invitation, with its token and link.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: InvitationCreatedSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: {
      description: 'No such custom role or team in this workspace (`not_found`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    409: {
      description: 'A member with this email exists already (`member_exists`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1InvitationsInvitationIdRoute = createRoute({
  method: 'get',
  path: '/v1/invitations/{invitationId}',
  tags: ['Members'],
  summary: 'Get an invitation',
  description:
    'One invitation, without its token. Needs `members.manage` (API keys `members:read`).\n\n**Authorization:** needs the permission `members.manage`; an API key also needs the scope `members:read` (or `admin`).\n',
  operationId: 'getInvitation',
  request: {
    params: z.object({
      invitationId: InvitationIdSchema.openapi({
        param: {
          name: 'invitationId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/InvitationId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The invitation.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: InvitationSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1InvitationsInvitationIdRoute = createRoute({
  method: 'delete',
  path: '/v1/invitations/{invitationId}',
  tags: ['Members'],
  summary: 'Revoke an invitation',
  description:
    'The link stops working at once. Revoking a revoked or expired invitation is harmless; an accepted one cannot\nbe revoked (`409 invitation_accepted`: deactivate the member instead). Emits `invitation.revoked`.\n\n**Authorization:** needs the permission `members.manage`; an API key also needs the scope `members:write` (or `admin`).\n',
  operationId: 'revokeInvitation',
  request: {
    params: z.object({
      invitationId: InvitationIdSchema.openapi({
        param: {
          name: 'invitationId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/InvitationId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Revoked.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: {
      description: 'The invitation was accepted already (`invitation_accepted`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1InvitationsAcceptRoute = createRoute({
  method: 'post',
  path: '/v1/invitations/accept',
  tags: ['Members'],
  summary: 'Accept an invitation',
  description:
    "Public: the invitee's frontend sends the token from the emailed link's fragment (`#token=…`) with a name and\na password (at least 10 characters). The token is a secret, so it travels in the body, never in a URL\nwhere proxies would log it. Creates the member with the invited role and teams and answers it; sign in\nwith `POST /v1/auth/login` afterwards. A token works once. Emits `member.joined`.\n\n**Authorization:** none: a public operation, called without a credential (one sent along is ignored).\n",
  operationId: 'acceptInvitation',
  request: {
    body: {
      content: { 'application/json': { schema: AcceptInvitationRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new member.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: MemberSchema } },
    },
    400: BadRequestResponse,
    404: {
      description: 'No invitation has this token (`not_found`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    409: {
      description: "A member with the invitation's email exists already (`member_exists`).",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    410: {
      description:
        'The invitation expired, was revoked or was used (`invitation_expired`, `invitation_revoked`, `invitation_used`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [],
})

export const getV1MacrosRoute = createRoute({
  method: 'get',
  path: '/v1/macros',
  tags: ['Macros'],
  summary: 'List macros',
  description:
    "The macros the caller may use: the workspace's, their teams' and their own, by `position` unless `sort`\nsays otherwise. Holders of `routing.manage` also see every team's macros.\n\n**Authorization:** needs the permission `tickets.read_team`; an API key also needs the scope `tickets:read` (or `admin`).\n",
  operationId: 'listMacros',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['position', '-position', 'name', '-name', 'createdAt', '-createdAt'])
        .default('position')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['position', '-position', 'name', '-name', 'createdAt', '-createdAt'],
              default: 'position',
            },
          },
        }),
      q: z
        .string()
        .min(1)
        .max(200)
        .exactOptional()
        .openapi({
          param: {
            name: 'q',
            in: 'query',
            required: false,
            description: 'Macros whose name contains this text (case-insensitive).',
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        }),
      sharing: MacroSharingSchema.exactOptional().openapi({
        param: {
          name: 'sharing',
          in: 'query',
          required: false,
          description: 'Only macros of this sharing.',
          schema: { $ref: '#/components/schemas/MacroSharing' },
        },
      }),
      teamId: TeamIdSchema.exactOptional().openapi({
        param: {
          name: 'teamId',
          in: 'query',
          required: false,
          description: 'Only the macros shared with this team.',
          schema: { $ref: '#/components/schemas/TeamId' },
        },
      }),
      active: z
        .enum(['true', 'false'])
        .exactOptional()
        .openapi({
          param: {
            name: 'active',
            in: 'query',
            required: false,
            description: '`true`: only active macros; `false`: only inactive ones.',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of macros.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: MacroListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1MacrosRoute = createRoute({
  method: 'post',
  path: '/v1/macros',
  tags: ['Macros'],
  summary: 'Create a macro',
  description:
    'Creates a macro owned by the caller (`personal` unless `sharing` says otherwise). Its actions are checked\nagainst the conversation actions and the workspace: an unknown type, a bad parameter, an unknown template\nvariable or a status, member or team that does not exist answers `422 macro_action_invalid` naming\n`body.actions.<index>…`. A `team` macro names its `teamId` (an unknown team answers 404 naming it).\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`). A shared (`team` or `workspace`) macro needs `routing.manage` instead.\n',
  operationId: 'createMacro',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: CreateMacroRequestSchema } }, required: true },
  },
  responses: {
    201: {
      description: 'The new macro.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The macro's URL.",
          schema: z.string().max(2048).exactOptional().openapi({ description: "The macro's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: MacroSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1MacrosMacroIdRoute = createRoute({
  method: 'get',
  path: '/v1/macros/{macroId}',
  tags: ['Macros'],
  summary: 'Get a macro',
  description:
    'One macro the caller may see; any other answers 404.\n\n**Authorization:** needs the permission `tickets.read_team`; an API key also needs the scope `tickets:read` (or `admin`).\n',
  operationId: 'getMacro',
  request: {
    params: z.object({
      macroId: MacroIdSchema.openapi({
        param: {
          name: 'macroId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MacroId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The macro.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: MacroSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1MacrosMacroIdRoute = createRoute({
  method: 'delete',
  path: '/v1/macros/{macroId}',
  tags: ['Macros'],
  summary: 'Delete a macro',
  description:
    'Deletes the macro for good. Honours `If-Match`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`). A shared (`team` or `workspace`) macro needs `routing.manage` instead.\n',
  operationId: 'deleteMacro',
  request: {
    params: z.object({
      macroId: MacroIdSchema.openapi({
        param: {
          name: 'macroId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MacroId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1MacrosMacroIdRoute = createRoute({
  method: 'patch',
  path: '/v1/macros/{macroId}',
  tags: ['Macros'],
  summary: 'Update a macro',
  description:
    'Changes the fields given; `actions` replaces the list and is checked as on create (`422\nmacro_action_invalid`). Honours `If-Match`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`). A shared (`team` or `workspace`) macro needs `routing.manage` instead.\n',
  operationId: 'updateMacro',
  request: {
    params: z.object({
      macroId: MacroIdSchema.openapi({
        param: {
          name: 'macroId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MacroId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: { content: { 'application/json': { schema: UpdateMacroRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The updated macro.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: MacroSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1MacrosMacroIdApplyRoute = createRoute({
  method: 'post',
  path: '/v1/macros/{macroId}/apply',
  tags: ['Macros'],
  summary: 'Apply a macro',
  description:
    "Applies the macro's actions to one ticket (`ticketId`) or up to 500 (`ticketIds`), answered per ticket in\n`data` like a bulk update (`updated`, `unchanged`, `not_found`, `forbidden`, `invalid`), with the fields\nthat changed (`before` and `after`) and the replies and notes written, their templates rendered. Replies\nand notes are written first, then the field changes (one write and one `ticket.updated` per ticket), then a\nsnooze; each ticket emits its own events. Each ticket is changed on its own: one failing never undoes\nanother. With `dryRun`, nothing is written and each answer shows what would happen. A macro whose actions\nname a status, member or team that no longer exists answers `422 macro_action_invalid` (its `errors` name\n`macro.actions.<index>…`) and is applied to no ticket; an inactive macro `422 macro_inactive`.\n\n**Authorization:** needs the permission `tickets.read_team`; an API key also needs the scope `tickets:read` (or `admin`). Each action also needs its own permission on each ticket (`tickets.update`, `tickets.assign`, `tickets.reply`, `tickets.note`); a ticket where the caller lacks one is answered `forbidden` and left as it was.\n",
  operationId: 'applyMacro',
  request: {
    params: z.object({
      macroId: MacroIdSchema.openapi({
        param: {
          name: 'macroId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MacroId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: ApplyMacroRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'One result per ticket.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketActionResultsSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1MembersRoute = createRoute({
  method: 'get',
  path: '/v1/members',
  tags: ['Members'],
  summary: 'List members',
  description:
    "The workspace's members with their roles and teams, by name unless `sort` says otherwise. Needs\n`members.read` (API keys: `members:read`); a team-limited key sees the members of its teams only.\n\n**Authorization:** needs the permission `members.read`; an API key also needs the scope `members:read` (or `admin`).\n",
  operationId: 'listMembers',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['name', '-name', 'createdAt', '-createdAt'])
        .default('name')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['name', '-name', 'createdAt', '-createdAt'],
              default: 'name',
            },
          },
        }),
      status: z
        .enum(['active', 'deactivated'])
        .exactOptional()
        .openapi({
          param: {
            name: 'status',
            in: 'query',
            required: false,
            description: 'Only members with this status. Omit for both.',
            schema: { type: 'string', enum: ['active', 'deactivated'] },
          },
        }),
      availability: MemberAvailabilitySchema.exactOptional().openapi({
        param: {
          name: 'availability',
          in: 'query',
          required: false,
          description:
            'Only members with this availability (`available` members are the ones routing assigns).',
          schema: { $ref: '#/components/schemas/MemberAvailability' },
        },
      }),
      teamId: TeamIdSchema.exactOptional().openapi({
        param: {
          name: 'teamId',
          in: 'query',
          required: false,
          description: 'Only members of this team.',
          schema: { $ref: '#/components/schemas/TeamId' },
        },
      }),
      q: z
        .string()
        .min(1)
        .max(200)
        .exactOptional()
        .openapi({
          param: {
            name: 'q',
            in: 'query',
            required: false,
            description: 'Only members whose name or email contains this text (case-insensitive).',
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of members.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: MemberListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1MembersMemberIdRoute = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}',
  tags: ['Members'],
  summary: 'Get a member',
  description:
    'One member with their roles and teams. Everyone may read themselves; others need `members.read`.\n\n**Authorization:** needs the permission `members.read`; an API key also needs the scope `members:read` (or `admin`). Everyone reads themselves.\n',
  operationId: 'getMember',
  request: {
    params: z.object({
      memberId: MemberIdSchema.openapi({
        param: {
          name: 'memberId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MemberId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The member.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: MemberSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1MembersMemberIdRoute = createRoute({
  method: 'patch',
  path: '/v1/members/{memberId}',
  tags: ['Members'],
  summary: 'Rename, deactivate or reactivate a member, or set its availability',
  description:
    "`name` and `availability` (`available`, `away`, `offline`; routing assigns new tickets to available members\nonly): members may set their own; another's needs `members.manage`. `status`: needs\n`members.manage`. Deactivating ends the member's sessions at once and their API keys stop working; it emits\n`member.deactivated` (other changes emit `member.updated`). The last active owner cannot be deactivated.\n\n**Authorization:** needs the permission `members.manage`; an API key also needs the scope `members:write` (or `admin`). Everyone renames themselves; changing a status needs the same permission.\n",
  operationId: 'updateMember',
  request: {
    params: z.object({
      memberId: MemberIdSchema.openapi({
        param: {
          name: 'memberId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MemberId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateMemberRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated member.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: MemberSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: {
      description: "The member is the workspace's last active owner (`last_owner`).",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1MembersMemberIdRolesRoute = createRoute({
  method: 'get',
  path: '/v1/members/{memberId}/roles',
  tags: ['RBAC'],
  summary: "List a member's role assignments",
  description:
    "The member's workspace-wide and team-scoped role assignments. Same visibility as `getMember`.\n\n**Authorization:** needs the permission `members.read`; an API key also needs the scope `members:read` (or `admin`).\n",
  operationId: 'listMemberRoles',
  request: {
    params: z.object({
      memberId: MemberIdSchema.openapi({
        param: {
          name: 'memberId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MemberId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: "The member's assignments.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoleAssignmentListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1MembersMemberIdRolesRoute = createRoute({
  method: 'post',
  path: '/v1/members/{memberId}/roles',
  tags: ['RBAC'],
  summary: 'Assign a role to a member',
  description:
    "Gives the member a role, workspace-wide or within one team (`teamId`). Needs `roles.manage` (API keys:\n`roles:write`). Nobody can grant a role holding permissions they lack themselves, and only an owner can grant\n`owner`. The member's access changes at once (their sessions and keys included); emits `member.role_changed`.\n\n**Authorization:** needs the permission `roles.manage`; an API key also needs the scope `roles:write` (or `admin`).\n",
  operationId: 'assignMemberRole',
  request: {
    params: z.object({
      memberId: MemberIdSchema.openapi({
        param: {
          name: 'memberId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MemberId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: AssignRoleRequestSchema } }, required: true },
  },
  responses: {
    201: {
      description: 'The new assignment.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoleAssignmentSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: {
      description: 'No such member, custom role or team in this workspace (`not_found`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    409: {
      description: 'The member already holds this role in this scope (`role_already_assigned`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1MembersMemberIdRolesAssignmentUuidRoute = createRoute({
  method: 'delete',
  path: '/v1/members/{memberId}/roles/{assignmentUuid}',
  tags: ['RBAC'],
  summary: 'Remove a role assignment',
  description:
    'Takes the role away. Same rules as assigning: `roles.manage`, only roles whose permissions you hold, `owner`\nby an owner only, and the last active owner keeps `owner`. Emits `member.role_changed`.\n\n**Authorization:** needs the permission `roles.manage`; an API key also needs the scope `roles:write` (or `admin`).\n',
  operationId: 'removeMemberRole',
  request: {
    params: z.object({
      memberId: MemberIdSchema.openapi({
        param: {
          name: 'memberId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MemberId' },
        },
      }),
      assignmentUuid: AssignmentUuidSchema.openapi({
        param: {
          name: 'assignmentUuid',
          in: 'path',
          required: true,
          description: "The assignment's `id` (a UUID, from the member's `roles`).",
          schema: { $ref: '#/components/schemas/AssignmentUuid' },
        },
      }),
    }),
  },
  responses: {
    204: {
      description: 'Removed.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: {
      description: "This is the last active owner's `owner` assignment (`last_owner`).",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1NotificationPreferencesRoute = createRoute({
  method: 'get',
  path: '/v1/notification-preferences',
  tags: ['Notifications'],
  summary: 'Get my notification preferences',
  description:
    'Every notification kind × channel with its effective value for the calling member: their choice, else the\ndefault (in-app on, email off).\n\n**Authorization:** needs the permission `notifications.manage`; an API key also needs the scope `notifications:read` (or `admin`). A member reads only their own.\n',
  operationId: 'getNotificationPreferences',
  responses: {
    200: {
      description: 'The preferences.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: NotificationPreferenceListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const putV1NotificationPreferencesRoute = createRoute({
  method: 'put',
  path: '/v1/notification-preferences',
  tags: ['Notifications'],
  summary: 'Set my notification preferences',
  description:
    'Sets the listed kind × channel pairs for the calling member (others keep their value) and answers the full,\neffective list. A pair listed twice is a 400. Needs the `notifications:write` scope for keys.\n\n**Authorization:** needs the permission `notifications.manage`; an API key also needs the scope `notifications:write` (or `admin`). A member changes only their own.\n',
  operationId: 'updateNotificationPreferences',
  request: {
    body: {
      content: { 'application/json': { schema: UpdateNotificationPreferencesRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The preferences after the change.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: NotificationPreferenceListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1NotificationsRoute = createRoute({
  method: 'get',
  path: '/v1/notifications',
  tags: ['Notifications'],
  summary: 'List my notifications',
  description:
    "The calling member's notifications (an API key's: its member's), newest first. Nobody sees another member's.\nNeeds `notifications.manage` and, for keys, the `notifications:read` scope.\n\n**Authorization:** needs the permission `notifications.manage`; an API key also needs the scope `notifications:read` (or `admin`). A member reads only their own.\n",
  operationId: 'listNotifications',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['createdAt', '-createdAt'], default: '-createdAt' },
          },
        }),
      unread: z
        .enum(['true', 'false'])
        .exactOptional()
        .openapi({
          param: {
            name: 'unread',
            in: 'query',
            required: false,
            description: '`true`: only notifications not yet read.',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of notifications.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: NotificationListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1NotificationsReadRoute = createRoute({
  method: 'post',
  path: '/v1/notifications/read',
  tags: ['Notifications'],
  summary: 'Mark notifications read',
  description:
    "Marks the listed notifications (`ids`) or every unread one (`all: true`) of the calling member read. Ids of\nnotifications that are not the caller's are ignored. Needs the `notifications:write` scope for keys.\n\n**Authorization:** needs the permission `notifications.manage`; an API key also needs the scope `notifications:write` (or `admin`). A member marks only their own.\n",
  operationId: 'markNotificationsRead',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: MarkNotificationsReadRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'How many were marked read.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: MarkNotificationsReadResultSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1OrganizationsRoute = createRoute({
  method: 'get',
  path: '/v1/organizations',
  tags: ['Organizations'],
  summary: 'List organisations',
  description:
    "The workspace's organisations, by name unless `sort` says otherwise. Needs `organizations.read`\n(`contacts:read` for keys).\n\n**Authorization:** needs the permission `organizations.read`; an API key also needs the scope `contacts:read` (or `admin`).\n",
  operationId: 'listOrganizations',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['name', '-name', 'createdAt', '-createdAt'])
        .default('name')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['name', '-name', 'createdAt', '-createdAt'],
              default: 'name',
            },
          },
        }),
      q: z
        .string()
        .min(1)
        .max(200)
        .exactOptional()
        .openapi({
          param: {
            name: 'q',
            in: 'query',
            required: false,
            description: 'Organisations whose name contains this text (case-insensitive).',
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        }),
      domain: z
        .string()
        .min(1)
        .max(253)
        .exactOptional()
        .openapi({
          param: {
            name: 'domain',
            in: 'query',
            required: false,
            description: 'The organisation that has this email domain (case-insensitive).',
            schema: { type: 'string', minLength: 1, maxLength: 253 },
          },
        }),
      externalId: ExternalIdentifierSchema.exactOptional().openapi({
        param: {
          name: 'externalId',
          in: 'query',
          required: false,
          description: 'The organisation with this `externalId`.',
          schema: { $ref: '#/components/schemas/ExternalIdentifier' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'A page of organisations.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: OrganizationListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1OrganizationsRoute = createRoute({
  method: 'post',
  path: '/v1/organizations',
  tags: ['Organizations'],
  summary: 'Create an organisation',
  description:
    'Creates an organisation. An `externalId` another organisation has is refused with\n`409 external_id_taken` (use `PUT /v1/organizations/by-external-id/{externalId}` to create or update);\na domain another organisation has with `409 domain_taken`; a free-mail domain with\n`422 free_mail_domain`. Needs `organizations.manage` (`contacts:write` for keys).\n\n**Authorization:** needs the permission `organizations.manage`; an API key also needs the scope `contacts:write` (or `admin`).\n',
  operationId: 'createOrganization',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateOrganizationRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new organisation.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The organisation's URL.",
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: "The organisation's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: OrganizationSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1OrganizationsOrganizationIdRoute = createRoute({
  method: 'get',
  path: '/v1/organizations/{organizationId}',
  tags: ['Organizations'],
  summary: 'Get an organisation',
  description:
    'A contact signed in to the portal may read its own organisation.\n\n**Authorization:** needs the permission `organizations.read`; an API key also needs the scope `contacts:read` (or `admin`).\n',
  operationId: 'getOrganization',
  request: {
    params: z.object({
      organizationId: OrganizationIdSchema.openapi({
        param: {
          name: 'organizationId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/OrganizationId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The organisation.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: OrganizationSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1OrganizationsOrganizationIdRoute = createRoute({
  method: 'delete',
  path: '/v1/organizations/{organizationId}',
  tags: ['Organizations'],
  summary: 'Delete an organisation',
  description:
    'Deletes the organisation. Its contacts stay, without an organisation. Needs `organizations.manage`\n(`contacts:write` for keys).\n\n**Authorization:** needs the permission `organizations.manage`; an API key also needs the scope `contacts:write` (or `admin`).\n',
  operationId: 'deleteOrganization',
  request: {
    params: z.object({
      organizationId: OrganizationIdSchema.openapi({
        param: {
          name: 'organizationId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/OrganizationId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1OrganizationsOrganizationIdRoute = createRoute({
  method: 'patch',
  path: '/v1/organizations/{organizationId}',
  tags: ['Organizations'],
  summary: 'Update an organisation',
  description:
    "Changes the fields given. `domains` replaces the list; `attributes` are merged key by key (`null`\nremoves a key). Changing `ticketSharing` takes effect at once for the organisation's contacts. Needs\n`organizations.manage` (`contacts:write` for keys).\n\n**Authorization:** needs the permission `organizations.manage`; an API key also needs the scope `contacts:write` (or `admin`).\n",
  operationId: 'updateOrganization',
  request: {
    params: z.object({
      organizationId: OrganizationIdSchema.openapi({
        param: {
          name: 'organizationId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/OrganizationId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateOrganizationRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated organisation.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: OrganizationSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1OrganizationsBulkRoute = createRoute({
  method: 'post',
  path: '/v1/organizations/bulk',
  tags: ['Organizations'],
  summary: 'Create or update organisations in bulk',
  description:
    'Up to 1,000 organisations in one request, answered per item in `data` (`{ index, status, id?, error? }`).\nEach item is applied on its own: a bad item is answered with its problem and never fails the others.\nThe request as a whole fails only when the envelope is malformed or holds more than 1,000 items (400),\nor when the caller may neither create nor update organisations (403).\n\n**Authorization:** needs the permission `organizations.manage`; an API key also needs the scope `contacts:write` (or `admin`).\n',
  operationId: 'bulkUpsertOrganizations',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: BulkOrganizationsRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'One result per item.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: BulkOrganizationsResultSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const putV1OrganizationsByExternalIdExternalIdRoute = createRoute({
  method: 'put',
  path: '/v1/organizations/by-external-id/{externalId}',
  tags: ['Organizations'],
  summary: 'Create or update an organisation by external id',
  description:
    'The CRM sync write: creates the organisation with this `externalId` (201) or updates it (200). On\nupdate, fields left out keep their value and attributes are merged key by key; repeating the same\nrequest changes nothing and answers 200 with the same ETag. Needs `organizations.manage`\n(`contacts:write` for keys).\n\n**Authorization:** needs the permission `organizations.manage`; an API key also needs the scope `contacts:write` (or `admin`). Updating an existing organisation needs `organizations.manage` too.\n',
  operationId: 'upsertOrganizationByExternalId',
  request: {
    params: z.object({
      externalId: ExternalIdentifierSchema.openapi({
        param: {
          name: 'externalId',
          in: 'path',
          required: true,
          description: "The organisation's `externalId` (URL-encoded).",
          schema: { $ref: '#/components/schemas/ExternalIdentifier' },
        },
      }),
    }),
    body: {
      content: { 'application/json': { schema: UpsertOrganizationRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated organisation.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'Content-Location': {
          description: "The organisation's URL.",
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: "The organisation's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: OrganizationSchema } },
    },
    201: {
      description: 'The new organisation.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The organisation's URL.",
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: "The organisation's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: OrganizationSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PermissionsRoute = createRoute({
  method: 'get',
  path: '/v1/permissions',
  tags: ['RBAC'],
  summary: 'List permissions and API-key scopes',
  description:
    "The permission catalogue (what roles are made of) and the API-key scopes. Any member may read it (API keys:\n`roles:read`). Not paged: the lists are short and fixed by the server's version.\n\n**Authorization:** needs the permission `members.read`; an API key also needs the scope `roles:read` (or `admin`).\n",
  operationId: 'listPermissions',
  responses: {
    200: {
      description: 'The catalogue.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: PermissionCatalogueSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PortalNavigationRoute = createRoute({
  method: 'get',
  path: '/v1/portal/navigation',
  tags: ['Portal'],
  summary: 'Get the portal navigation',
  description:
    "The portal's tabs as the caller should see them, in order: a contact gets, for each tab, the first\noverride naming one of its segments; hidden tabs are left out; `feedback`, `roadmap`, `changelog` and\n`help_center` tabs only when the caller may read at least one board, roadmap, changelog entry or help-centre\narticle (with a `targetId`: that board, roadmap or category) under the same rules as their own reads;\n`my_tickets` only for a contact's session; custom links always. A workspace without tabs resolves the\ndefault tabs the same way. Works with a publishable key (an anonymous visitor), a contact's or member's\nsession and an API key.\n\n**Authorization:** Any caller: the answer holds only the tabs whose content the caller may read.\n",
  operationId: 'getPortalNavigation',
  responses: {
    200: {
      description: 'The tabs to show.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: PortalNavigationSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PortalTabsRoute = createRoute({
  method: 'get',
  path: '/v1/portal/tabs',
  tags: ['Portal'],
  summary: 'List portal tabs',
  description:
    "The workspace's portal tabs in their order (`position`). An empty list means the workspace uses the default\nnavigation: `feedback` (Feedback), `roadmap` (Roadmap), `changelog` (Changelog), `help_center` (Help centre)\nand `my_tickets` (My tickets), in that order, none stored; creating the first tab writes them as tabs.\nNeeds `segments.manage` (`segments:read` for keys).\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:read` (or `admin`).\n",
  operationId: 'listPortalTabs',
  request: { query: z.object({ limit: LimitParamsSchema, cursor: CursorParamsSchema }) },
  responses: {
    200: {
      description: 'A page of tabs, by position.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: PortalTabListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PortalTabsRoute = createRoute({
  method: 'post',
  path: '/v1/portal/tabs',
  tags: ['Portal'],
  summary: 'Create a portal tab',
  description:
    "Adds a tab, after the last one unless `position` says where (later tabs move down; a position beyond the end\nanswers `422 invalid_position`). A workspace still on the default navigation first gets the default tabs\nwritten as tabs (each with its `portal_tab.created`), so the new tab joins them. `url` goes with\n`custom_link` only, `targetId` with `feedback` (a board), `roadmap` (a roadmap) and `help_center` (a\ncategory) only: `422 invalid_portal_tab` otherwise; a target that does not exist in the workspace answers\n`422 portal_tab_target_not_found`, an override's unknown segment `422 segment_not_found`. A workspace has at\nmost 50 tabs (`422 portal_tab_limit_reached`). Emits `portal_tab.created` (audited). Needs\n`segments.manage` (`segments:write` for keys).\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:write` (or `admin`).\n",
  operationId: 'createPortalTab',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreatePortalTabRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new tab.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The tab's URL.",
          schema: z.string().max(2048).exactOptional().openapi({ description: "The tab's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: PortalTabSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PortalTabsPortalTabIdRoute = createRoute({
  method: 'get',
  path: '/v1/portal/tabs/{portalTabId}',
  tags: ['Portal'],
  summary: 'Get a portal tab',
  description:
    'One tab, with an `ETag`; `If-None-Match` with the current one answers `304`.\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:read` (or `admin`).\n',
  operationId: 'getPortalTab',
  request: {
    params: z.object({
      portalTabId: PortalTabIdSchema.openapi({
        param: {
          name: 'portalTabId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PortalTabId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The tab.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: PortalTabSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1PortalTabsPortalTabIdRoute = createRoute({
  method: 'delete',
  path: '/v1/portal/tabs/{portalTabId}',
  tags: ['Portal'],
  summary: 'Delete a portal tab',
  description:
    'Deletes the tab; later tabs move up. Deleting the last one returns the workspace to the default navigation\n(to show no tabs at all, hide them). Honours `If-Match` (`412`). Emits `portal_tab.deleted` (audited).\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:write` (or `admin`).\n',
  operationId: 'deletePortalTab',
  request: {
    params: z.object({
      portalTabId: PortalTabIdSchema.openapi({
        param: {
          name: 'portalTabId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PortalTabId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1PortalTabsPortalTabIdRoute = createRoute({
  method: 'patch',
  path: '/v1/portal/tabs/{portalTabId}',
  tags: ['Portal'],
  summary: 'Update a portal tab',
  description:
    'Changes the fields given, checked as on create (`kind` never changes); `position` moves the tab, the tabs\nbetween move by one (beyond the last: `422 invalid_position`). Honours `If-Match` (`412`). Emits\n`portal_tab.updated` (audited).\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:write` (or `admin`).\n',
  operationId: 'updatePortalTab',
  request: {
    params: z.object({
      portalTabId: PortalTabIdSchema.openapi({
        param: {
          name: 'portalTabId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PortalTabId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdatePortalTabRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated tab.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: PortalTabSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PortalTabsReorderRoute = createRoute({
  method: 'post',
  path: '/v1/portal/tabs/reorder',
  tags: ['Portal'],
  summary: 'Reorder portal tabs',
  description:
    "Sets the tabs' order: `ids` must list every tab of the workspace exactly once. A list that omits, repeats or\nnames an unknown tab answers `422 invalid_reorder`, its `errors` naming each such id (a workspace still on\nthe default navigation has no tabs to order: create one first). Emits `portal_tab.updated` for each tab\nwhose position changed. Needs `segments.manage` (`segments:write` for keys).\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:write` (or `admin`).\n",
  operationId: 'reorderPortalTabs',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: ReorderPortalTabsRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'Every tab, in the new order.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: PortalTabOrderSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostStatusesRoute = createRoute({
  method: 'get',
  path: '/v1/post-statuses',
  tags: ['Feedback'],
  summary: 'List post statuses',
  description:
    'Every post status of the workspace, by `position` then id (a short list, not paged).\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'listPostStatuses',
  responses: {
    200: {
      description: 'The statuses in order.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostStatusListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    id: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    name: 'Planned',
                    category: 'planned',
                    color: '#3b82f6',
                    position: 1,
                    isDefault: false,
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostStatusesRoute = createRoute({
  method: 'post',
  path: '/v1/post-statuses',
  tags: ['Feedback'],
  summary: 'Create a post status',
  description:
    "Creates a status with a category (`open`, `planned`, `in_progress`, `complete`, `closed`), after the last one\nunless `position` is given. The workspace's first status becomes the default; `isDefault: true` moves the default\nto the new status. Names are unique per workspace, case-insensitively (`409 name_taken`).\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'createPostStatus',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreatePostStatusRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: { name: 'Planned', category: 'planned', color: '#3b82f6' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new status.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostStatusSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Planned',
                category: 'planned',
                color: '#3b82f6',
                position: 1,
                isDefault: false,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostStatusesStatusIdRoute = createRoute({
  method: 'get',
  path: '/v1/post-statuses/{statusId}',
  tags: ['Feedback'],
  summary: 'Get a post status',
  description:
    "One post status: its name, its category (`open`, `planned`, `in_progress`, `complete` or `closed`), its\nposition in the workspace's order and whether it is the default for new posts. Answers `304` for a\nmatching `If-None-Match`.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n",
  operationId: 'getPostStatus',
  request: {
    params: z.object({
      statusId: PostStatusIdSchema.openapi({
        param: {
          name: 'statusId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostStatusId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The status.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostStatusSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Planned',
                category: 'planned',
                color: '#3b82f6',
                position: 1,
                isDefault: false,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1PostStatusesStatusIdRoute = createRoute({
  method: 'delete',
  path: '/v1/post-statuses/{statusId}',
  tags: ['Feedback'],
  summary: 'Delete a post status',
  description:
    'Deletes a status no post has; otherwise `409 status_in_use` (move the posts first).\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'deletePostStatus',
  request: {
    params: z.object({
      statusId: PostStatusIdSchema.openapi({
        param: {
          name: 'statusId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostStatusId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1PostStatusesStatusIdRoute = createRoute({
  method: 'patch',
  path: '/v1/post-statuses/{statusId}',
  tags: ['Feedback'],
  summary: 'Update a post status',
  description:
    'Renames, recategorises, reorders (`position`) or makes the status the default (the former default stops\nbeing one, and emits its own `post_status.updated`).\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'updatePostStatus',
  request: {
    params: z.object({
      statusId: PostStatusIdSchema.openapi({
        param: {
          name: 'statusId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostStatusId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdatePostStatusRequestSchema,
          examples: { example: { summary: 'Example', value: { position: 0, isDefault: true } } },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated status.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostStatusSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Planned',
                category: 'planned',
                color: '#3b82f6',
                position: 1,
                isDefault: false,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostsRoute = createRoute({
  method: 'get',
  path: '/v1/posts',
  tags: ['Feedback'],
  summary: 'List posts',
  description:
    'Posts the caller may read, newest first unless `sort` says otherwise: `top` (most votes), `new`, `trending`\n(votes weighted by recency: a vote counts e-fold more every three days later it was cast, so recent\nactivity wins) or `-updatedAt`/`updatedAt`. Merged posts are never listed; deleted ones only with\n`deleted=true`, for those who may restore them. Contacts see the approved posts of the boards open to them, and\ntheir own pending, rejected or spam posts; on a one-way board only their own. Anonymous visitors likewise, by\ntheir `Loopdesk-Visitor-Id`.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'listPosts',
  request: {
    query: z.object({
      bodyFormat: BodyFormatParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['new', 'top', 'trending', '-updatedAt', 'updatedAt'])
        .default('new')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order.',
            schema: {
              type: 'string',
              enum: ['new', 'top', 'trending', '-updatedAt', 'updatedAt'],
              default: 'new',
            },
          },
        }),
      boardId: BoardIdSchema.exactOptional().openapi({
        param: {
          name: 'boardId',
          in: 'query',
          required: false,
          description: 'Posts of this board.',
          schema: { $ref: '#/components/schemas/BoardId' },
        },
      }),
      statusId: PostStatusIdSchema.exactOptional().openapi({
        param: {
          name: 'statusId',
          in: 'query',
          required: false,
          description: 'Posts with this status.',
          schema: { $ref: '#/components/schemas/PostStatusId' },
        },
      }),
      statusCategory: PostStatusCategorySchema.exactOptional().openapi({
        param: {
          name: 'statusCategory',
          in: 'query',
          required: false,
          description: 'Posts whose status has this category.',
          schema: { $ref: '#/components/schemas/PostStatusCategory' },
        },
      }),
      tagId: TagIdSchema.exactOptional().openapi({
        param: {
          name: 'tagId',
          in: 'query',
          required: false,
          description: 'Posts with this tag.',
          schema: { $ref: '#/components/schemas/TagId' },
        },
      }),
      authorContactId: ContactIdSchema.exactOptional().openapi({
        param: {
          name: 'authorContactId',
          in: 'query',
          required: false,
          description: 'Posts written by (or for) this contact.',
          schema: { $ref: '#/components/schemas/ContactId' },
        },
      }),
      authorMemberId: MemberIdSchema.exactOptional().openapi({
        param: {
          name: 'authorMemberId',
          in: 'query',
          required: false,
          description: 'Posts written by this member.',
          schema: { $ref: '#/components/schemas/MemberId' },
        },
      }),
      ownerMemberId: MemberIdSchema.exactOptional().openapi({
        param: {
          name: 'ownerMemberId',
          in: 'query',
          required: false,
          description: 'Posts this member owns.',
          schema: { $ref: '#/components/schemas/MemberId' },
        },
      }),
      minVotes: z.coerce
        .number()
        .pipe(z.int32().min(0).max(100000000))
        .exactOptional()
        .openapi({
          param: {
            name: 'minVotes',
            in: 'query',
            required: false,
            description: 'Posts with at least this many votes.',
            schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 100000000 },
          },
        }),
      moderation: PostModerationSchema.exactOptional().openapi({
        param: {
          name: 'moderation',
          in: 'query',
          required: false,
          description: 'Posts in this moderation state.',
          schema: { $ref: '#/components/schemas/PostModeration' },
        },
      }),
      pinned: z
        .enum(['true', 'false'])
        .exactOptional()
        .openapi({
          param: {
            name: 'pinned',
            in: 'query',
            required: false,
            description: '`true`: only pinned posts; `false`: only unpinned ones.',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        }),
      hasOfficialResponse: z
        .enum(['true', 'false'])
        .exactOptional()
        .openapi({
          param: {
            name: 'hasOfficialResponse',
            in: 'query',
            required: false,
            description:
              '`true`: only posts with an official response; `false`: only posts without one.',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        }),
      deleted: z
        .enum(['true', 'false'])
        .exactOptional()
        .openapi({
          param: {
            name: 'deleted',
            in: 'query',
            required: false,
            description:
              '`true`: the deleted posts that can still be restored (needs `feedback.moderate`).',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        }),
    }),
    headers: z.object({ 'Loopdesk-Visitor-Id': VisitorIdParamsSchema }),
  },
  responses: {
    200: {
      description: 'A page of posts.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    title: 'Export reports to CSV',
                    body: 'We need **CSV** exports of the monthly report.',
                    author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                    ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    eta: '2027-03-01',
                    pinned: false,
                    locked: false,
                    customFields: { plan: 'enterprise' },
                    tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                    voteCount: 42,
                    commentCount: 3,
                    moderation: 'approved',
                    moderationReason: null,
                    mergedIntoId: null,
                    deletedAt: null,
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostsRoute = createRoute({
  method: 'post',
  path: '/v1/posts',
  tags: ['Feedback'],
  summary: 'Create a post',
  description:
    "Creates a post on a board the caller may post to (`post` access; staff need `feedback.manage`). An archived\nboard answers `409 board_archived`; unknown board, status, tag, contact or member ids answer `404` naming the\nfield. Without `statusId` the post gets the workspace's default status. Staff may post for a contact\n(`authorContactId`) and set the owner, ETA, pinned and locked; a contact sending those is refused (403).\n`customFields` are checked against the board's field definitions. A new post starts `pending` (seen only by\nits author and staff until approved) when the board's moderation rule, or the workspace's, holds posts of its\nauthor's kind, or when the workspace holds links and images and it has one. An anonymous visitor (publishable\nkey) posts where the board's `post` access is `anyone` and the workspace allows anonymous posting; its\nanonymous actions are limited per client address (`429 anonymous_rate_limited` with `Retry-After`).\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`). The board is the resource: its `post` access decides.\n",
  operationId: 'createPost',
  request: {
    headers: z.object({
      'Loopdesk-Visitor-Id': VisitorIdParamsSchema,
      'Idempotency-Key': IdempotencyKeyParamsSchema,
    }),
    body: {
      content: {
        'application/json': {
          schema: CreatePostRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                customFields: { plan: 'enterprise' },
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new post.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                eta: '2027-03-01',
                pinned: false,
                locked: false,
                customFields: { plan: 'enterprise' },
                tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                voteCount: 42,
                commentCount: 3,
                moderation: 'approved',
                moderationReason: null,
                mergedIntoId: null,
                deletedAt: null,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostsPostIdRoute = createRoute({
  method: 'get',
  path: '/v1/posts/{postId}',
  tags: ['Feedback'],
  summary: 'Get a post',
  description:
    'One post the caller may read; a deleted post, or one the caller may not read, answers 404.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'getPost',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    query: z.object({ bodyFormat: BodyFormatParamsSchema }),
    headers: z.object({
      'Loopdesk-Visitor-Id': VisitorIdParamsSchema,
      'If-None-Match': IfNoneMatchParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The post.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'Content-Location': {
          description:
            'The canonical URL of the post answered, when the id asked for was merged into it.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({
              description:
                'The canonical URL of the post answered, when the id asked for was merged into it.',
            }),
        },
        Link: {
          description: '`<canonical URL>; rel="canonical"`, when the id asked for was merged.',
          schema: z
            .string()
            .max(2100)
            .exactOptional()
            .openapi({
              description: '`<canonical URL>; rel="canonical"`, when the id asked for was merged.',
            }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                eta: '2027-03-01',
                pinned: false,
                locked: false,
                customFields: { plan: 'enterprise' },
                tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                voteCount: 42,
                commentCount: 3,
                moderation: 'approved',
                moderationReason: null,
                mergedIntoId: null,
                deletedAt: null,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1PostsPostIdRoute = createRoute({
  method: 'delete',
  path: '/v1/posts/{postId}',
  tags: ['Feedback'],
  summary: 'Delete a post',
  description:
    "Deletes the post softly: it leaves every list and read, and `POST /v1/posts/{postId}/restore` brings it back\nfor 30 days; after that an hourly tick purges it with its votes. Needs `feedback.moderate`, or being its author\n(a contact, within the workspace's `authorEdits` setting: `403 author_edits_disabled`, `409 post_has_activity`).\n\n**Authorization:** needs the permission `feedback.moderate`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'deletePost',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1PostsPostIdRoute = createRoute({
  method: 'patch',
  path: '/v1/posts/{postId}',
  tags: ['Feedback'],
  summary: 'Update a post',
  description:
    "Changes the fields given. A status change emits `post.status_changed`, other changes `post.updated`. Its\nauthor (a contact) may change the title, body, tags and custom fields of their own post; staff with\n`feedback.manage` change anything. A merged post answers `409 post_merged`. The workspace's `authorEdits`\nsetting bounds a contact's edits: `never` answers `403 author_edits_disabled`, `until_activity` answers\n`409 post_has_activity` once someone else has voted or commented. While the workspace holds links and images,\na contact's edit that puts one in the title or body sends an approved post back to `pending`. Each change of\nthe title or body keeps the former ones (`GET /v1/posts/{postId}/revisions`). With `statusId`, staff may send\n`statusComment` (`{ body, visibility? }`): the comment is written in the same transaction (it emits\n`comment.created`) and `post.status_changed` carries it as `comment`.\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'updatePost',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdatePostRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                eta: '2027-03-01',
                pinned: true,
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated post.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                eta: '2027-03-01',
                pinned: false,
                locked: false,
                customFields: { plan: 'enterprise' },
                tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                voteCount: 42,
                commentCount: 3,
                moderation: 'approved',
                moderationReason: null,
                mergedIntoId: null,
                deletedAt: null,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostsPostIdApproveRoute = createRoute({
  method: 'post',
  path: '/v1/posts/{postId}/approve',
  tags: ['Feedback'],
  summary: 'Approve a post',
  description:
    'Approves a post in the moderation queue (`pending`), or one rejected or marked as spam before: it then shows\nto everyone who may read its board. Needs `feedback.moderate`. An approved post answers\n`409 post_already_approved`; a merged one `409 post_merged`. Emits `post.approved` (audited).\n\n**Authorization:** needs the permission `feedback.moderate`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'approvePost',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The post after the decision.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                ownerMemberId: null,
                eta: null,
                pinned: false,
                locked: false,
                customFields: {},
                tags: [],
                voteCount: 0,
                commentCount: 0,
                moderation: 'approved',
                moderationReason: null,
                mergedIntoId: null,
                deletedAt: null,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostsPostIdCommentsRoute = createRoute({
  method: 'get',
  path: '/v1/posts/{postId}/comments',
  tags: ['Feedback'],
  summary: "List a post's comments",
  description:
    'The comments of a post, oldest first; threads by `parentId`. Removed comments keep their place with `body`\nand `author` `null`. Private (staff-only) comments are listed to staff only: a contact never sees one.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'listPostComments',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    query: z.object({
      bodyFormat: BodyFormatParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt'])
        .default('createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['createdAt', '-createdAt'], default: 'createdAt' },
          },
        }),
    }),
    headers: z.object({ 'Loopdesk-Visitor-Id': VisitorIdParamsSchema }),
  },
  responses: {
    200: {
      description: 'A page of comments.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: CommentListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    id: 'cmt_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    parentId: null,
                    body: 'Same here: our finance team exports by hand every month.',
                    visibility: 'public',
                    author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                    removed: false,
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostsPostIdCommentsRoute = createRoute({
  method: 'post',
  path: '/v1/posts/{postId}/comments',
  tags: ['Feedback'],
  summary: 'Comment on a post',
  description:
    "Writes a comment (Markdown), optionally answering another comment of the same post (`parentId`, else `404`\nnaming it). Staff (`feedback.manage`) may write `private` comments; a contact comments where the board's\n`comment` access lets contacts. A locked post answers `409 post_locked`, a merged one `409 post_merged`, one on\nan archived board `409 board_archived`. Public comments count in the post's `commentCount`. An anonymous\nvisitor comments where the board's `comment` access is `anyone` and the workspace allows anonymous commenting,\nwithin the per-address limit (`429 anonymous_rate_limited`).\n\n**Mentions.** `<@mbr_…>` in the body mentions that member (the syntax survives Markdown, which leaves it as\ntext; a client renders it as the member's name). Each mentioned member of the workspace who may read the post\ngets a `comment_mention` notification; the comment's author never does, and an unknown id is plain text.\n`comment.created` lists the mentioned members in `mentions`.\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'createPostComment',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({
      'Loopdesk-Visitor-Id': VisitorIdParamsSchema,
      'Idempotency-Key': IdempotencyKeyParamsSchema,
    }),
    body: {
      content: {
        'application/json': {
          schema: CreateCommentRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: { body: 'Same here: our finance team exports by hand every month.' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new comment.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: CommentSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'cmt_01jh2x3y4z5a6b7c8d9e0f1g2h',
                postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                parentId: null,
                body: 'Same here: our finance team exports by hand every month.',
                visibility: 'public',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                removed: false,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostsPostIdDuplicatesRoute = createRoute({
  method: 'get',
  path: '/v1/posts/{postId}/duplicates',
  tags: ['Feedback'],
  summary: 'List suggested duplicates of a post',
  description:
    "Posts that may be duplicates of this one, closest first, for staff triaging feedback: live, unmerged posts the\ncaller may read whose title is alike letter by letter (trigram similarity, `reason: similar_title`) or shares\nthe post's title words once stemmed (full-text, `reason: shared_words`). `score` (0–1) is the larger of the\ntwo measures; pairs under 0.3 are left out, and so are dismissed pairs unless `dismissed=true`, which lists\nonly those. Accept a suggestion by merging: `mergePost` on the duplicate with this post as `targetPostId`.\nDismiss one with `dismissPostDuplicate`, bring it back with `restorePostDuplicate`. Needs `feedback.moderate`\n(`feedback:write` for keys); a merged post answers `409 post_merged`.\n\n**Authorization:** needs the permission `feedback.moderate`; an API key also needs the scope `feedback:write` (or `admin`). Suggestions are for those who can act on them (merge); only posts the caller may read are suggested.\n",
  operationId: 'listPostDuplicates',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    query: z.object({
      bodyFormat: BodyFormatParamsSchema,
      dismissed: z
        .enum(['true', 'false'])
        .default('false')
        .exactOptional()
        .openapi({
          param: {
            name: 'dismissed',
            in: 'query',
            required: false,
            description:
              '`true`: only the dismissed suggestions (to restore one); `false` (default): the live ones.',
            schema: { type: 'string', enum: ['true', 'false'], default: 'false' },
          },
        }),
      limit: z.coerce
        .number()
        .pipe(z.int32().min(1).max(50))
        .default(10)
        .exactOptional()
        .openapi({
          param: {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'How many suggestions (1–50).',
            schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 50, default: 10 },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'The suggested duplicates, closest first.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostDuplicateListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    post: {
                      id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2j',
                      boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                      statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                      title: 'CSV export of reports',
                      body: 'Monthly reports as CSV, please.',
                      author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                      ownerMemberId: null,
                      eta: null,
                      pinned: false,
                      locked: false,
                      customFields: {},
                      tags: [],
                      voteCount: 7,
                      commentCount: 0,
                      moderation: 'approved',
                      moderationReason: null,
                      mergedIntoId: null,
                      deletedAt: null,
                      createdAt: '2026-11-26T15:04:05.123Z',
                      updatedAt: '2026-11-26T15:04:05.123Z',
                    },
                    score: 0.667,
                    reason: 'shared_words',
                    dismissedAt: null,
                  },
                ],
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostsPostIdDuplicatesOtherPostIdDismissRoute = createRoute({
  method: 'post',
  path: '/v1/posts/{postId}/duplicates/{otherPostId}/dismiss',
  tags: ['Feedback'],
  summary: 'Dismiss a duplicate suggestion',
  description:
    "Marks the two posts as not duplicates: neither post's `listPostDuplicates` suggests the other again (either\norder of the two ids names the same pair) until `restorePostDuplicate`. Emits `post.duplicate_dismissed`.\nA pair dismissed already answers `409 duplicate_dismissed`; the same id twice `422 duplicate_of_self`; a merged\npost `409 post_merged`. Needs `feedback.moderate` (`feedback:write` for keys).\n\n**Authorization:** needs the permission `feedback.moderate`; an API key also needs the scope `feedback:write` (or `admin`). Both posts must be readable and mergeable by the caller.\n",
  operationId: 'dismissPostDuplicate',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
      otherPostId: OtherPostIdSchema.openapi({
        param: {
          name: 'otherPostId',
          in: 'path',
          required: true,
          description: 'The post suggested as a duplicate.',
          schema: { $ref: '#/components/schemas/OtherPostId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The pair, dismissed.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostDuplicatePairSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                otherPostId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2j',
                dismissed: true,
                dismissedAt: '2026-11-26T15:04:05.123Z',
                dismissedByMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostsPostIdDuplicatesOtherPostIdRestoreRoute = createRoute({
  method: 'post',
  path: '/v1/posts/{postId}/duplicates/{otherPostId}/restore',
  tags: ['Feedback'],
  summary: 'Restore a dismissed duplicate suggestion',
  description:
    'Undoes `dismissPostDuplicate`: the pair is suggested again while the two posts are alike. Emits\n`post.duplicate_restored`. A pair that is not dismissed answers `409 duplicate_not_dismissed`; the same id\ntwice `422 duplicate_of_self`; a merged post `409 post_merged`. Needs `feedback.moderate` (`feedback:write`\nfor keys).\n\n**Authorization:** needs the permission `feedback.moderate`; an API key also needs the scope `feedback:write` (or `admin`). Both posts must be readable and mergeable by the caller.\n',
  operationId: 'restorePostDuplicate',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
      otherPostId: OtherPostIdSchema.openapi({
        param: {
          name: 'otherPostId',
          in: 'path',
          required: true,
          description: 'The post that was suggested as a duplicate.',
          schema: { $ref: '#/components/schemas/OtherPostId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The pair, no longer dismissed.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostDuplicatePairSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                otherPostId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2j',
                dismissed: false,
                dismissedAt: null,
                dismissedByMemberId: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostsPostIdMergeRoute = createRoute({
  method: 'post',
  path: '/v1/posts/{postId}/merge',
  tags: ['Feedback'],
  summary: 'Merge a post into another',
  description:
    'Merges this post (a duplicate) into `targetPostId`: its votes move, each person counting once (a vote of\nsomeone who voted for both stays behind), its comments move, posts merged into it now point at the target, and\nits id keeps resolving to the target (`GET` answers the target with `Content-Location`). `unmergePost` undoes it.\nMerging a post into itself answers `422 merge_into_self`; with a post already merged (which is how a cycle would\nstart) `422 merge_with_merged`. Needs `feedback.moderate`.\n\n**Authorization:** needs the permission `feedback.moderate`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'mergePost',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: MergePostRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: { targetPostId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2j' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The target post after the merge.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                eta: '2027-03-01',
                pinned: false,
                locked: false,
                customFields: { plan: 'enterprise' },
                tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                voteCount: 42,
                commentCount: 3,
                moderation: 'approved',
                moderationReason: null,
                mergedIntoId: null,
                deletedAt: null,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const putV1PostsPostIdOfficialResponseRoute = createRoute({
  method: 'put',
  path: '/v1/posts/{postId}/official-response',
  tags: ['Feedback'],
  summary: "Set a post's official response",
  description:
    "Pins a staff comment to the post as its official response, replacing any pinned before: `{ body }` writes a\nnew public comment as the caller and pins it (it emits `comment.created` too); `{ commentId }` pins an existing\npublic staff comment of the post (another post's comment is `404` naming `body.commentId`; a private one or a\ncontact's is `422 official_response_not_allowed`). Emits `post.official_response_changed`, which carries the\nresponse subscribers are told about. Needs `feedback.manage`. Answers the post with its `officialResponse`.\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'setPostOfficialResponse',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: SetOfficialResponseRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The post, with its official response.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                eta: '2027-03-01',
                pinned: false,
                locked: false,
                customFields: { plan: 'enterprise' },
                tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                voteCount: 42,
                commentCount: 3,
                moderation: 'approved',
                moderationReason: null,
                mergedIntoId: null,
                deletedAt: null,
                officialResponse: {
                  id: 'cmt_01jh2x3y4z5a6b7c8d9e0f1g2h',
                  body: 'This shipped in 4.2: Reports → Export → CSV.',
                  author: { type: 'member', id: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                  createdAt: '2026-11-26T15:04:05.123Z',
                  updatedAt: '2026-11-26T15:04:05.123Z',
                },
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1PostsPostIdOfficialResponseRoute = createRoute({
  method: 'delete',
  path: '/v1/posts/{postId}/official-response',
  tags: ['Feedback'],
  summary: "Unpin a post's official response",
  description:
    "Unpins the post's official response; the comment stays in the thread. A post without one answers\n`409 no_official_response`. Emits `post.official_response_changed` with `officialResponse` `null`.\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'removePostOfficialResponse',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The post, without an official response.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                eta: '2027-03-01',
                pinned: false,
                locked: false,
                customFields: { plan: 'enterprise' },
                tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                voteCount: 42,
                commentCount: 3,
                moderation: 'approved',
                moderationReason: null,
                mergedIntoId: null,
                deletedAt: null,
                officialResponse: null,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostsPostIdRejectRoute = createRoute({
  method: 'post',
  path: '/v1/posts/{postId}/reject',
  tags: ['Feedback'],
  summary: 'Reject a post',
  description:
    'Rejects a post waiting in the moderation queue, with a reason its author sees (`moderationReason`), or marks\nit as spam (`spam: true`). Only its author and staff see it afterwards. Needs `feedback.moderate`. A post\nthat is not pending answers `409 post_not_pending`. Emits `post.rejected` (audited).\n\n**Authorization:** needs the permission `feedback.moderate`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'rejectPost',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: RejectPostRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: { reason: 'Duplicate of an existing request', spam: false },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The post after the decision.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                ownerMemberId: null,
                eta: null,
                pinned: false,
                locked: false,
                customFields: {},
                tags: [],
                voteCount: 0,
                commentCount: 0,
                moderation: 'rejected',
                moderationReason: 'Duplicate of an existing request',
                mergedIntoId: null,
                deletedAt: null,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostsPostIdRestoreRoute = createRoute({
  method: 'post',
  path: '/v1/posts/{postId}/restore',
  tags: ['Feedback'],
  summary: 'Restore a deleted post',
  description:
    'Brings back a post deleted in the last 30 days (`409 post_not_deleted` for a live one). Needs `feedback.moderate`.\n\n**Authorization:** needs the permission `feedback.moderate`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'restorePost',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The restored post.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                eta: '2027-03-01',
                pinned: false,
                locked: false,
                customFields: { plan: 'enterprise' },
                tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                voteCount: 42,
                commentCount: 3,
                moderation: 'approved',
                moderationReason: null,
                mergedIntoId: null,
                deletedAt: null,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostsPostIdRevisionsRoute = createRoute({
  method: 'get',
  path: '/v1/posts/{postId}/revisions',
  tags: ['Feedback'],
  summary: "List a post's edit history",
  description:
    "The title and body a post had before each edit of either, newest first, with who edited and when. Staff who\nread feedback see every post's history; a contact sees the history of its own posts only (`403` for others').\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n",
  operationId: 'listPostRevisions',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['-editedAt', 'editedAt'])
        .default('-editedAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['-editedAt', 'editedAt'], default: '-editedAt' },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of former titles and bodies.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: PostRevisionListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostsPostIdSubscribersRoute = createRoute({
  method: 'get',
  path: '/v1/posts/{postId}/subscribers',
  tags: ['Feedback'],
  summary: "List a post's subscribers",
  description:
    "Staff: who follows a post and at what level (`off` included: people who turned it off), oldest first,\noptionally one `level` only. A merged post's id answers for the post it was merged into, whose\nsubscribers include those that moved with the merge.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n",
  operationId: 'listPostSubscribers',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt'])
        .default('createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['createdAt', '-createdAt'], default: 'createdAt' },
          },
        }),
      level: SubscriptionLevelSchema.exactOptional().openapi({
        param: {
          name: 'level',
          in: 'query',
          required: false,
          description: 'Only subscriptions at this level.',
          schema: { $ref: '#/components/schemas/SubscriptionLevel' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'A page of subscriptions.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSubscriptionListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    subscriber: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                    level: 'all',
                    source: 'author',
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostsPostIdSubscriptionRoute = createRoute({
  method: 'get',
  path: '/v1/posts/{postId}/subscription',
  tags: ['Feedback'],
  summary: 'How much of a post the caller hears of',
  description:
    "The caller's own subscription to a post: `level` `all` (status changes, official responses and new comments),\n`status` (status changes and official responses only) or `off`. Authors, voters and commenters are\nsubscribed automatically (`source` says why: authors and commenters at `all`, voters at `status`); a\ncaller with no subscription reads `off` with `source` `null`. A merged post's id answers for the post it\nwas merged into. Members are told in-app (notifications), contacts by email with a one-click unsubscribe link.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`). A contact or a member asks about itself; a visitor, who has no inbox, gets 403.\n",
  operationId: 'getPostSubscription',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: "The caller's subscription.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSubscriptionSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                subscriber: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                level: 'status',
                source: 'voter',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const putV1PostsPostIdSubscriptionRoute = createRoute({
  method: 'put',
  path: '/v1/posts/{postId}/subscription',
  tags: ['Feedback'],
  summary: 'Choose how much of a post the caller hears of',
  description:
    "Sets the caller's own level on a post (`all`, `status` or `off`). This is the caller's choice: automatic\nsubscriptions (when it votes or comments later) never change it, so `off` stays off. Emits\n`post_subscription.updated` when the level changes.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:write` (or `admin`). The post must be readable by the caller (else 404).\n",
  operationId: 'updatePostSubscription',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    body: {
      content: {
        'application/json': {
          schema: UpdatePostSubscriptionRequestSchema,
          examples: { example: { summary: 'Example', value: { level: 'all' } } },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: "The caller's subscription now.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSubscriptionSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                subscriber: { type: 'member', id: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                level: 'all',
                source: 'manual',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1PostsPostIdSubscriptionRoute = createRoute({
  method: 'delete',
  path: '/v1/posts/{postId}/subscription',
  tags: ['Feedback'],
  summary: 'Stop hearing of a post',
  description:
    'Unsubscribes the caller from a post: its level becomes `off`, as its own choice, so voting or commenting\nlater does not subscribe it again (`PUT` with another level does). Answers 204 whether or not it was\nsubscribed.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:write` (or `admin`). The post must be readable by the caller (else 404).\n',
  operationId: 'deletePostSubscription',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
  },
  responses: {
    204: {
      description: 'The caller hears nothing more of the post.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostsPostIdUnmergeRoute = createRoute({
  method: 'post',
  path: '/v1/posts/{postId}/unmerge',
  tags: ['Feedback'],
  summary: 'Undo a merge',
  description:
    'Undoes the merge of this post: the votes and comments that moved from it go back, and it stands on its own\nagain. A post that was never merged answers `409 post_not_merged`. Needs `feedback.moderate`.\n\n**Authorization:** needs the permission `feedback.moderate`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'unmergePost',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The post, on its own again.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                title: 'Export reports to CSV',
                body: 'We need **CSV** exports of the monthly report.',
                author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                eta: '2027-03-01',
                pinned: false,
                locked: false,
                customFields: { plan: 'enterprise' },
                tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                voteCount: 42,
                commentCount: 3,
                moderation: 'approved',
                moderationReason: null,
                mergedIntoId: null,
                deletedAt: null,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostsPostIdVotesRoute = createRoute({
  method: 'get',
  path: '/v1/posts/{postId}/votes',
  tags: ['Feedback'],
  summary: "List a post's voters",
  description:
    'The votes of a post, newest first: who voted, who recorded it for them and where it came from. Staff see\nevery voter; a contact sees only its own vote (an empty list when it has not voted).\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'listPostVotes',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'Loopdesk-Visitor-Id': VisitorIdParamsSchema }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['-createdAt', 'createdAt'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['-createdAt', 'createdAt'], default: '-createdAt' },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of votes.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: VoteListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    id: 'vote_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    voter: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                    addedByMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    source: 'ticket:tkt_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    createdAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1PostsPostIdVotesRoute = createRoute({
  method: 'post',
  path: '/v1/posts/{postId}/votes',
  tags: ['Feedback'],
  summary: 'Vote for a post',
  description:
    "Adds the caller's vote, or (staff, `feedback.manage`) a contact's vote with `contactId`, recording who added\nit and an optional `source`. One vote per person per post: a second is `409 already_voted`. A locked post\nanswers `409 post_locked`, a merged one `409 post_merged`, one on an archived board `409 board_archived`; a\ncontact votes where the board's `vote` access lets contacts. Votes on one post are serialised on the post, so\n`voteCount` is always exact. The post's `ETag` does not move with its vote count. An anonymous visitor votes\nwhere the board's `vote` access is `anyone` and the workspace allows anonymous voting, once per\n`Loopdesk-Visitor-Id` (required: `400` without it), within the per-address limit (`429 anonymous_rate_limited`).\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'votePost',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({
      'Loopdesk-Visitor-Id': VisitorIdParamsSchema,
      'Idempotency-Key': IdempotencyKeyParamsSchema,
    }),
    body: {
      content: {
        'application/json': {
          schema: CreateVoteRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                contactId: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h',
                source: 'ticket:tkt_01jh2x3y4z5a6b7c8d9e0f1g2h',
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: "The vote and the post's new count.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: VoteResultSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                vote: {
                  id: 'vote_01jh2x3y4z5a6b7c8d9e0f1g2h',
                  postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                  voter: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                  addedByMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                  source: 'ticket:tkt_01jh2x3y4z5a6b7c8d9e0f1g2h',
                  createdAt: '2026-11-26T15:04:05.123Z',
                },
                voteCount: 43,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1PostsPostIdVotesRoute = createRoute({
  method: 'delete',
  path: '/v1/posts/{postId}/votes',
  tags: ['Feedback'],
  summary: 'Take a vote back',
  description:
    "Removes the caller's own vote, or (staff) the vote of the contact named by `contactId`; `404` when there is\nnone. Answers the post's vote count. An anonymous visitor removes the vote of its `Loopdesk-Visitor-Id`.\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n",
  operationId: 'unvotePost',
  request: {
    params: z.object({
      postId: PostIdSchema.openapi({
        param: {
          name: 'postId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/PostId' },
        },
      }),
    }),
    headers: z.object({ 'Loopdesk-Visitor-Id': VisitorIdParamsSchema }),
    query: z.object({
      contactId: ContactIdSchema.exactOptional().openapi({
        param: {
          name: 'contactId',
          in: 'query',
          required: false,
          description: 'The contact whose vote to remove (staff only).',
          schema: { $ref: '#/components/schemas/ContactId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: "The post's vote count now.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: VoteCountSchema,
          examples: { example: { summary: 'Example', value: { voteCount: 42 } } },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1PostsSimilarRoute = createRoute({
  method: 'get',
  path: '/v1/posts/similar',
  tags: ['Feedback'],
  summary: 'Find similar posts',
  description:
    'Posts like `title`, best first: ask while a visitor types a new post, to point at an existing one. First the\nposts holding every typed word (English stemming; the last word may be unfinished), then, while fewer than\n`limit`, those sharing some of the words, then those whose title holds words alike letter by letter (trigram\nword similarity, which forgives a typo). Only posts the caller may read. Each step ranks at most 500 of its\nmatches (the first the index yields): a title whose words match more posts than that answers well-ranked\nposts among 500 of them, not necessarily the best of all.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'listSimilarPosts',
  request: {
    query: z.object({
      bodyFormat: BodyFormatParamsSchema,
      title: z
        .string()
        .min(1)
        .max(255)
        .openapi({
          param: {
            name: 'title',
            in: 'query',
            required: true,
            description: 'The title being typed.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        }),
      boardId: BoardIdSchema.exactOptional().openapi({
        param: {
          name: 'boardId',
          in: 'query',
          required: false,
          description: 'Only posts of this board.',
          schema: { $ref: '#/components/schemas/BoardId' },
        },
      }),
      limit: z.coerce
        .number()
        .pipe(z.int32().min(1).max(20))
        .default(5)
        .exactOptional()
        .openapi({
          param: {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'How many posts (1–20).',
            schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 20, default: 5 },
          },
        }),
    }),
    headers: z.object({ 'Loopdesk-Visitor-Id': VisitorIdParamsSchema }),
  },
  responses: {
    200: {
      description: 'The closest posts.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: SimilarPostListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    post: {
                      id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                      boardId: 'brd_01jh2x3y4z5a6b7c8d9e0f1g2h',
                      statusId: 'pst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                      title: 'Export reports to CSV',
                      body: 'We need **CSV** exports of the monthly report.',
                      author: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                      ownerMemberId: 'mbr_01jh2x3y4z5a6b7c8d9e0f1g2h',
                      eta: '2027-03-01',
                      pinned: false,
                      locked: false,
                      customFields: { plan: 'enterprise' },
                      tags: ['tag_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                      voteCount: 42,
                      commentCount: 3,
                      moderation: 'approved',
                      moderationReason: null,
                      mergedIntoId: null,
                      deletedAt: null,
                      createdAt: '2026-11-26T15:04:05.123Z',
                      updatedAt: '2026-11-26T15:04:05.123Z',
                    },
                    score: 0.2,
                  },
                ],
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1RoadmapsRoute = createRoute({
  method: 'get',
  path: '/v1/roadmaps',
  tags: ['Roadmaps'],
  summary: 'List roadmaps',
  description:
    'The roadmaps the caller may see, newest first unless `sort` says otherwise. Staff read every roadmap with `content.read`; signed-in contacts read those of audience `public` or `authenticated`, anonymous visitors (publishable key) the `public` ones.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n',
  operationId: 'listRoadmaps',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['-createdAt', 'createdAt', 'name', '-name'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['-createdAt', 'createdAt', 'name', '-name'],
              default: '-createdAt',
            },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of roadmaps.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoadmapListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1RoadmapsRoute = createRoute({
  method: 'post',
  path: '/v1/roadmaps',
  tags: ['Roadmaps'],
  summary: 'Save a roadmap',
  description:
    'Saves a post filter and how to show it: columns by status (`statusIds`, each an existing status, else `422 unknown_status`; left out, every post status in position order) or by ETA month or quarter.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'createRoadmap',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateRoadmapRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new roadmap.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoadmapSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1RoadmapsRoadmapIdRoute = createRoute({
  method: 'get',
  path: '/v1/roadmaps/{roadmapId}',
  tags: ['Roadmaps'],
  summary: 'Get a roadmap',
  description:
    'One roadmap the caller may see; others answer 404, exactly like a missing one. Staff read every roadmap with `content.read`; signed-in contacts read those of audience `public` or `authenticated`, anonymous visitors (publishable key) the `public` ones.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`).\n',
  operationId: 'getRoadmap',
  request: {
    params: z.object({
      roadmapId: RoadmapIdSchema.openapi({
        param: {
          name: 'roadmapId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/RoadmapId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The roadmap.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoadmapSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1RoadmapsRoadmapIdRoute = createRoute({
  method: 'delete',
  path: '/v1/roadmaps/{roadmapId}',
  tags: ['Roadmaps'],
  summary: 'Delete a roadmap',
  description:
    'Deletes a roadmap and its manual order; its posts stay.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'deleteRoadmap',
  request: {
    params: z.object({
      roadmapId: RoadmapIdSchema.openapi({
        param: {
          name: 'roadmapId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/RoadmapId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1RoadmapsRoadmapIdRoute = createRoute({
  method: 'patch',
  path: '/v1/roadmaps/{roadmapId}',
  tags: ['Roadmaps'],
  summary: 'Update a roadmap',
  description:
    'Changes the fields given, with the same checks as saving one (`422 unknown_status`).\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'updateRoadmap',
  request: {
    params: z.object({
      roadmapId: RoadmapIdSchema.openapi({
        param: {
          name: 'roadmapId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/RoadmapId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateRoadmapRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated roadmap.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoadmapSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1RoadmapsRoadmapIdItemsRoute = createRoute({
  method: 'get',
  path: '/v1/roadmaps/{roadmapId}/items',
  tags: ['Roadmaps'],
  summary: "List a roadmap's items",
  description:
    "The roadmap's posts in its columns: those matching its filter that the caller may read (the feedback policy decides per post: a contact or visitor never sees a post of a board hidden from them), live, unmerged and approved. Within a column, the manual order first, then by votes.\n\n**Authorization:** needs the permission `content.read`; an API key also needs the scope `content:read` (or `admin`). Each post is shown only where the caller may read it.\n",
  operationId: 'listRoadmapItems',
  request: {
    params: z.object({
      roadmapId: RoadmapIdSchema.openapi({
        param: {
          name: 'roadmapId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/RoadmapId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'The columns and their items.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoadmapItemsSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const putV1RoadmapsRoadmapIdItemsRoute = createRoute({
  method: 'put',
  path: '/v1/roadmaps/{roadmapId}/items',
  tags: ['Roadmaps'],
  summary: 'Reorder a roadmap column',
  description:
    'Puts one column in a manual order: `postIds` must name every post of the column exactly once and nothing else; an omitted, repeated or foreign post, or an unknown column, is `422 invalid_item_order` naming each mistake. Sends `roadmap.updated` with the former order.\n\n**Authorization:** needs the permission `content.manage`; an API key also needs the scope `content:write` (or `admin`).\n',
  operationId: 'reorderRoadmapItems',
  request: {
    params: z.object({
      roadmapId: RoadmapIdSchema.openapi({
        param: {
          name: 'roadmapId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/RoadmapId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: ReorderRoadmapItemsRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The columns in their new order.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoadmapItemsSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1RolesRoute = createRoute({
  method: 'get',
  path: '/v1/roles',
  tags: ['RBAC'],
  summary: 'List roles',
  description:
    "System roles first (owner to viewer), then the workspace's custom roles, oldest first. Not paged: a workspace\nhas few roles. Needs `members.read` (API keys: `roles:read`).\n\n**Authorization:** needs the permission `members.read`; an API key also needs the scope `roles:read` (or `admin`).\n",
  operationId: 'listRoles',
  responses: {
    200: {
      description: 'Every role.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoleListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1RolesRoute = createRoute({
  method: 'post',
  path: '/v1/roles',
  tags: ['RBAC'],
  summary: 'Create a custom role',
  description:
    'A named set of catalogue permissions. Needs `roles.manage` (API keys: `roles:write`); you cannot create a role\nwith a permission you do not hold yourself (`403`, naming it in `missingPermission`). Emits `role.created`.\n\n**Authorization:** needs the permission `roles.manage`; an API key also needs the scope `roles:write` (or `admin`).\n',
  operationId: 'createRole',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: CreateRoleRequestSchema } }, required: true },
  },
  responses: {
    201: {
      description: 'The new role.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoleSchema } },
    },
    400: {
      description:
        'The request is malformed, or a permission is not in the catalogue (`validation_failed` naming it).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: {
      description: 'A role of this name exists (`role_name_taken`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1RolesRoleIdRoute = createRoute({
  method: 'get',
  path: '/v1/roles/{roleId}',
  tags: ['RBAC'],
  summary: 'Get a role',
  description:
    'A system role (by key) or a custom role (by id). Custom roles carry an `ETag`.\n\n**Authorization:** needs the permission `members.read`; an API key also needs the scope `roles:read` (or `admin`).\n',
  operationId: 'getRole',
  request: {
    params: z.object({
      roleId: RoleRefSchema.openapi({
        param: {
          name: 'roleId',
          in: 'path',
          required: true,
          description: "A custom role's id (`role_…`) or a system role's key (`agent`).",
          schema: { $ref: '#/components/schemas/RoleRef' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The role.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoleSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1RolesRoleIdRoute = createRoute({
  method: 'delete',
  path: '/v1/roles/{roleId}',
  tags: ['RBAC'],
  summary: 'Delete a custom role',
  description:
    'Only a role nobody holds and no pending invitation offers can be deleted (`409 role_in_use`): remove the\nassignments first, so that nobody loses access by surprise. System roles cannot be deleted. Emits\n`role.deleted`.\n\n**Authorization:** needs the permission `roles.manage`; an API key also needs the scope `roles:write` (or `admin`).\n',
  operationId: 'deleteRole',
  request: {
    params: z.object({
      roleId: RoleRefSchema.openapi({
        param: {
          name: 'roleId',
          in: 'path',
          required: true,
          description: "A custom role's id (`role_…`) or a system role's key (`agent`).",
          schema: { $ref: '#/components/schemas/RoleRef' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: {
      description: 'Members hold the role or pending invitations offer it (`role_in_use`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    412: PreconditionFailedResponse,
    422: {
      description: 'System roles cannot be deleted (`system_role_immutable`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1RolesRoleIdRoute = createRoute({
  method: 'patch',
  path: '/v1/roles/{roleId}',
  tags: ['RBAC'],
  summary: 'Change a custom role',
  description:
    'Renames a custom role or replaces its permissions. A permission change takes effect at once for every member\nholding the role (their sessions and API keys included). You can only change a role whose current and new\npermissions you all hold. System roles cannot be changed (`422 system_role_immutable`). Emits `role.updated`.\n\n**Authorization:** needs the permission `roles.manage`; an API key also needs the scope `roles:write` (or `admin`).\n',
  operationId: 'updateRole',
  request: {
    params: z.object({
      roleId: RoleRefSchema.openapi({
        param: {
          name: 'roleId',
          in: 'path',
          required: true,
          description: "A custom role's id (`role_…`) or a system role's key (`agent`).",
          schema: { $ref: '#/components/schemas/RoleRef' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: { content: { 'application/json': { schema: UpdateRoleRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The updated role.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoleSchema } },
    },
    400: {
      description:
        'The request is malformed, or a permission is not in the catalogue (`validation_failed` naming it).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: {
      description: 'Another role has this name (`role_name_taken`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: {
      description: 'System roles cannot be changed (`system_role_immutable`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1RoutingRulesRoute = createRoute({
  method: 'get',
  path: '/v1/routing-rules',
  tags: ['Routing rules'],
  summary: 'List routing rules',
  description:
    "The workspace's routing rules in the order they run (`position`), every trigger unless `trigger` narrows\nthe list. Needs `routing.manage` (`routing:read` for keys).\n\n**Authorization:** needs the permission `routing.manage`; an API key also needs the scope `routing:read` (or `admin`).\n",
  operationId: 'listRoutingRules',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      trigger: RoutingTriggerSchema.exactOptional().openapi({
        param: {
          name: 'trigger',
          in: 'query',
          required: false,
          description: 'Only the rules of this trigger.',
          schema: { $ref: '#/components/schemas/RoutingTrigger' },
        },
      }),
      active: z
        .enum(['true', 'false'])
        .exactOptional()
        .openapi({
          param: {
            name: 'active',
            in: 'query',
            required: false,
            description: '`true`: only active rules; `false`: only inactive ones.',
            schema: { type: 'string', enum: ['true', 'false'] },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of routing rules, by position.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoutingRuleListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1RoutingRulesRoute = createRoute({
  method: 'post',
  path: '/v1/routing-rules',
  tags: ['Routing rules'],
  summary: 'Create a routing rule',
  description:
    'Adds a rule, after the last one unless `position` says where (later rules move down). `conditions` use the\ncondition language over ticket fields, plus `{ "field": "businessHours", "operator": "within" | "outside",\n"value": "bh_…" }`; rules on `ticket.updated` may also use `changed`, `changed_to` and `changed_from`. A bad\ncondition answers `422 invalid_condition` naming each path (`body.conditions.all[0].operator`); bad actions\n`422 invalid_routing_action`, `team_not_found`, `member_not_found`, `member_not_in_team`,\n`ticket_type_not_found`, `sla_policy_not_found` or `custom_field_invalid`, naming `body.actions[i]…`. Emits\n`routing_rule.created` (audited). Needs `routing.manage` (`routing:write` for keys).\n\n**Authorization:** needs the permission `routing.manage`; an API key also needs the scope `routing:write` (or `admin`).\n',
  operationId: 'createRoutingRule',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateRoutingRuleRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new rule.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The rule's URL.",
          schema: z.string().max(2048).exactOptional().openapi({ description: "The rule's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoutingRuleSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1RoutingRulesRoutingRuleIdRoute = createRoute({
  method: 'get',
  path: '/v1/routing-rules/{routingRuleId}',
  tags: ['Routing rules'],
  summary: 'Get a routing rule',
  description:
    'One routing rule of the workspace, with an `ETag`; `If-None-Match` with the current one answers `304`.\n\n**Authorization:** needs the permission `routing.manage`; an API key also needs the scope `routing:read` (or `admin`).\n',
  operationId: 'getRoutingRule',
  request: {
    params: z.object({
      routingRuleId: RoutingRuleIdSchema.openapi({
        param: {
          name: 'routingRuleId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/RoutingRuleId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The rule.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoutingRuleSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1RoutingRulesRoutingRuleIdRoute = createRoute({
  method: 'delete',
  path: '/v1/routing-rules/{routingRuleId}',
  tags: ['Routing rules'],
  summary: 'Delete a routing rule',
  description:
    'Deletes the rule for good; later rules keep their order. Honours `If-Match` (`412`). Emits\n`routing_rule.deleted` (audited).\n\n**Authorization:** needs the permission `routing.manage`; an API key also needs the scope `routing:write` (or `admin`).\n',
  operationId: 'deleteRoutingRule',
  request: {
    params: z.object({
      routingRuleId: RoutingRuleIdSchema.openapi({
        param: {
          name: 'routingRuleId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/RoutingRuleId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1RoutingRulesRoutingRuleIdRoute = createRoute({
  method: 'patch',
  path: '/v1/routing-rules/{routingRuleId}',
  tags: ['Routing rules'],
  summary: 'Update a routing rule',
  description:
    'Changes the fields given; `conditions` and `actions` are checked as on create (a trigger change re-checks the\nconditions: `changed*` only on `ticket.updated`). Honours `If-Match` (`412`). Emits `routing_rule.updated`\n(audited).\n\n**Authorization:** needs the permission `routing.manage`; an API key also needs the scope `routing:write` (or `admin`).\n',
  operationId: 'updateRoutingRule',
  request: {
    params: z.object({
      routingRuleId: RoutingRuleIdSchema.openapi({
        param: {
          name: 'routingRuleId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/RoutingRuleId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateRoutingRuleRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated rule.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoutingRuleSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1RoutingRulesReorderRoute = createRoute({
  method: 'post',
  path: '/v1/routing-rules/reorder',
  tags: ['Routing rules'],
  summary: 'Reorder routing rules',
  description:
    'Sets the order rules run in: `ids` must list every routing rule of the workspace exactly once. A list that\nomits, repeats or names an unknown rule answers `422 invalid_reorder`, its `errors` naming each such id.\nEmits `routing_rule.updated` for each rule whose position changed. Needs `routing.manage`.\n\n**Authorization:** needs the permission `routing.manage`; an API key also needs the scope `routing:write` (or `admin`).\n',
  operationId: 'reorderRoutingRules',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: ReorderRoutingRulesRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'Every rule, in the new order.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoutingRuleIdListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1RoutingRulesTestRoute = createRoute({
  method: 'post',
  path: '/v1/routing-rules/test',
  tags: ['Routing rules'],
  summary: 'Test routing rules (dry run)',
  description:
    "A dry run: which active rules of `trigger` (default `ticket.created`) would fire on an existing ticket\n(`ticketId`, which the caller must be able to read) or a hypothetical one (`ticket`), in which order, and what\nthey would change, evaluated exactly as the live engine does (later rules see earlier rules' changes;\n`stopProcessing` ends the pass). Nothing is written: no ticket, rotation, note or event. `previous` gives the\nfields before the change for `changed*` operators. Needs `routing.manage`.\n\n**Authorization:** needs the permission `routing.manage`; an API key also needs the scope `routing:write` (or `admin`). With ticketId, the caller must also be able to read that ticket (404 otherwise).\n",
  operationId: 'testRoutingRules',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: RoutingTestRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The rules that would fire and their changes.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: RoutingTestResultSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1SearchRoute = createRoute({
  method: 'get',
  path: '/v1/search',
  tags: ['Feedback'],
  summary: 'Search feedback',
  description:
    'Full-text search over posts (title weighted above body) and comments, and with `types` over help-centre\narticles, changelog entries, tickets (subject, weighted like a title) and ticket messages (body, weighted\nlike a body; internal notes only for staff, never for a contact), ranked together, each hit with a\nhighlighted snippet. `q` takes web-search syntax (`"exact phrase"`, `or`, `-word`). Every hit is filtered in SQL by what\nthe caller may read, so a snippet never shows a private comment or a post of a board the caller cannot see.\nPosts and comments are each ranked over at most 500 of their matches (the first the full-text index yields\namong those the caller may read): a query with fewer matches is ranked exactly; one so broad that it\nmatches more (a single common word) answers well-ranked hits among 500 of them, not necessarily the best of\nall. Add words to narrow it.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`). Comments are filtered by the Comment rule as well as their post\'s; tickets and their messages by the Ticket rule (notes for staff only).\n',
  operationId: 'searchContent',
  request: {
    headers: z.object({ 'Loopdesk-Visitor-Id': VisitorIdParamsSchema }),
    query: z.object({
      q: z
        .string()
        .min(1)
        .max(200)
        .openapi({
          param: {
            name: 'q',
            in: 'query',
            required: true,
            description: 'What to look for.',
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        }),
      types: z
        .string()
        .regex(/^[a-z_]+(,[a-z_]+)*$/)
        .max(100)
        .default('posts,comments')
        .exactOptional()
        .openapi({
          param: {
            name: 'types',
            in: 'query',
            required: false,
            description:
              'Comma-separated kinds of hits: `posts`, `comments`, and those other areas add (`articles`, `changelog`, `tickets`, `messages`); default posts and comments. An unknown kind is a 400 naming `query.types`.',
            schema: {
              type: 'string',
              pattern: '^[a-z_]+(,[a-z_]+)*$',
              maxLength: 100,
              default: 'posts,comments',
            },
          },
        }),
      limit: z.coerce
        .number()
        .pipe(z.int32().min(1).max(50))
        .default(20)
        .exactOptional()
        .openapi({
          param: {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'How many hits (1–50).',
            schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 50, default: 20 },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'The best hits.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: SearchResultsSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    type: 'post',
                    id: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    title: 'Export reports to CSV',
                    snippet: 'We need <mark>CSV</mark> exports of the monthly report',
                    rank: 0.1,
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1SegmentsRoute = createRoute({
  method: 'get',
  path: '/v1/segments',
  tags: ['Segments'],
  summary: 'List segments',
  description:
    "The workspace's segments, newest first unless `sort` says otherwise; `kind` keeps one kind. Readable by\nmembers with `segments.manage`, `content.manage` or `feedback.manage` (they choose the segments content is\nvisible to).\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:read` (or `admin`).\n",
  operationId: 'listSegments',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt', 'name', '-name'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['createdAt', '-createdAt', 'name', '-name'],
              default: '-createdAt',
            },
          },
        }),
      kind: SegmentKindSchema.exactOptional().openapi({
        param: {
          name: 'kind',
          in: 'query',
          required: false,
          description: 'Only segments of this kind.',
          schema: { $ref: '#/components/schemas/SegmentKind' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'A page of segments.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: SegmentListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1SegmentsRoute = createRoute({
  method: 'post',
  path: '/v1/segments',
  tags: ['Segments'],
  summary: 'Create a segment',
  description:
    'Creates a segment. A `rule` segment needs `conditions` (`422 segment_conditions_required`), checked against\nthe contact and organisation fields (`422 invalid_condition`, each problem with its path); its members are\ncomputed before the answer. A `manual` segment takes no `conditions` (`422 segment_conditions_not_allowed`)\nand starts empty. A name the workspace already uses, ignoring case, answers `409 name_taken`. Emits\n`segment.created` and, when a rule segment has members, `segment.members_changed`.\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:write` (or `admin`).\n',
  operationId: 'createSegment',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateSegmentRequestSchema,
          examples: {
            rule: {
              summary: 'Contacts on a paid plan with an open ticket',
              value: {
                name: 'Paying customers waiting on us',
                kind: 'rule',
                conditions: {
                  all: [
                    { field: 'attributes.plan', operator: 'in', value: ['pro', 'enterprise'] },
                    { field: 'hasOpenTickets', operator: 'eq', value: true },
                  ],
                },
              },
            },
            manual: {
              summary: 'A hand-picked beta group',
              value: { name: 'Beta testers', kind: 'manual' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new segment, its members computed.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: SegmentSchema,
          examples: {
            created: {
              summary: 'A rule segment',
              value: {
                id: 'seg_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Enterprise customers',
                description: 'Contacts of organisations on the enterprise plan',
                kind: 'rule',
                conditions: {
                  all: [
                    { field: 'organization.attributes.plan', operator: 'eq', value: 'enterprise' },
                  ],
                },
                memberCount: 42,
                computedAt: '2026-11-26T15:04:05.123Z',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1SegmentsSegmentIdRoute = createRoute({
  method: 'get',
  path: '/v1/segments/{segmentId}',
  tags: ['Segments'],
  summary: 'Get a segment',
  description:
    "One segment with its member count; another workspace's is a 404.\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:read` (or `admin`).\n",
  operationId: 'getSegment',
  request: {
    params: z.object({
      segmentId: SegmentIdSchema.openapi({
        param: {
          name: 'segmentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/SegmentId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The segment.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: SegmentSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1SegmentsSegmentIdRoute = createRoute({
  method: 'delete',
  path: '/v1/segments/{segmentId}',
  tags: ['Segments'],
  summary: 'Delete a segment',
  description:
    'Deletes the segment; its members leave it, and portal-tab overrides naming it stop applying. A segment that\ncontent names in its `visibility` (a board, roadmap, changelog entry, help-centre category or article)\nanswers `409 segment_in_use` with how many name it: take it out of their audiences first, so that no\ncontent becomes staff-only unnoticed. Honours `If-Match` (`412`). Emits `segment.deleted`.\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:write` (or `admin`).\n',
  operationId: 'deleteSegment',
  request: {
    params: z.object({
      segmentId: SegmentIdSchema.openapi({
        param: {
          name: 'segmentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/SegmentId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1SegmentsSegmentIdRoute = createRoute({
  method: 'patch',
  path: '/v1/segments/{segmentId}',
  tags: ['Segments'],
  summary: 'Update a segment',
  description:
    'Changes the name, description or, for a `rule` segment, the conditions (checked as on create; the members are\nrecomputed before the answer). `conditions` on a `manual` segment answer `422 segment_conditions_not_allowed`;\nthe kind never changes. Honours `If-Match` (`412`). Emits `segment.updated` and, when members moved,\n`segment.members_changed`.\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:write` (or `admin`).\n',
  operationId: 'updateSegment',
  request: {
    params: z.object({
      segmentId: SegmentIdSchema.openapi({
        param: {
          name: 'segmentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/SegmentId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateSegmentRequestSchema,
          examples: {
            conditions: {
              summary: 'Narrow the condition',
              value: {
                conditions: {
                  all: [
                    { field: 'organization.attributes.plan', operator: 'eq', value: 'enterprise' },
                    { field: 'attributes.country', operator: 'in', value: ['DE', 'AT', 'CH'] },
                  ],
                },
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated segment.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: SegmentSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1SegmentsSegmentIdMembersRoute = createRoute({
  method: 'get',
  path: '/v1/segments/{segmentId}/members',
  tags: ['Segments'],
  summary: "List a segment's members",
  description:
    'The contacts in the segment, the latest to join first unless `sort` says otherwise. Only contacts the caller\nmay read are listed; a caller who reads no contacts at all gets `403`.\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:read` (or `admin`). The members listed are the contacts the caller may also read (`contacts.read`).\n',
  operationId: 'listSegmentMembers',
  request: {
    params: z.object({
      segmentId: SegmentIdSchema.openapi({
        param: {
          name: 'segmentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/SegmentId' },
        },
      }),
    }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['addedAt', '-addedAt'])
        .default('-addedAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description:
              'Sort order; a leading `-` sorts descending. `addedAt` is when the contact joined.',
            schema: { type: 'string', enum: ['addedAt', '-addedAt'], default: '-addedAt' },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: "A page of the segment's members.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: SegmentMemberListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1SegmentsSegmentIdMembersRoute = createRoute({
  method: 'post',
  path: '/v1/segments/{segmentId}/members',
  tags: ['Segments'],
  summary: 'Add contacts to a manual segment',
  description:
    "Adds up to 1,000 contacts to a `manual` segment; contacts already in it stay as they are. A merged contact's\nid adds the contact it was merged into. A `rule` segment's members are computed: adding to one answers\n`422 segment_members_computed`. An id that is not a contact the caller may read answers\n`422 contact_not_found` with the path of each bad id, and adds nothing. Emits `segment.members_changed`\nwhen contacts joined.\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:write` (or `admin`).\n",
  operationId: 'addSegmentMembers',
  request: {
    params: z.object({
      segmentId: SegmentIdSchema.openapi({
        param: {
          name: 'segmentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/SegmentId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: AddSegmentMembersRequestSchema,
          examples: {
            two: {
              summary: 'Two contacts',
              value: {
                contactIds: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h', 'ct_01jh2x3y4z5a6b7c8d9e0f1g2j'],
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The contacts that joined and the new member count.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: AddSegmentMembersResultSchema,
          examples: {
            added: {
              summary: 'One joined, one was a member already',
              value: { added: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'], addedCount: 1, memberCount: 12 },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1SegmentsSegmentIdMembersContactIdRoute = createRoute({
  method: 'delete',
  path: '/v1/segments/{segmentId}/members/{contactId}',
  tags: ['Segments'],
  summary: 'Remove a contact from a manual segment',
  description:
    'Takes the contact out of a `manual` segment (`422 segment_members_computed` for a `rule` segment). A contact\nnot in the segment answers `404`. Emits `segment.members_changed`.\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:write` (or `admin`).\n',
  operationId: 'removeSegmentMember',
  request: {
    params: z.object({
      segmentId: SegmentIdSchema.openapi({
        param: {
          name: 'segmentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/SegmentId' },
        },
      }),
      contactId: ContactIdSchema.openapi({
        param: {
          name: 'contactId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ContactId' },
        },
      }),
    }),
  },
  responses: {
    204: {
      description: 'Removed.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1SegmentsSegmentIdMembersRemoveRoute = createRoute({
  method: 'post',
  path: '/v1/segments/{segmentId}/members/remove',
  tags: ['Segments'],
  summary: 'Remove contacts from a manual segment',
  description:
    "Takes up to 1,000 contacts out of a `manual` segment in one call (`422 segment_members_computed` for a `rule`\nsegment). Contacts not in the segment are left as they are, so the call can be repeated; a merged contact's\nid removes the contact it was merged into. Emits one `segment.members_changed` when contacts left.\n\n**Authorization:** needs the permission `segments.manage`; an API key also needs the scope `segments:write` (or `admin`).\n",
  operationId: 'removeSegmentMembers',
  request: {
    params: z.object({
      segmentId: SegmentIdSchema.openapi({
        param: {
          name: 'segmentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/SegmentId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: RemoveSegmentMembersRequestSchema,
          examples: {
            two: {
              summary: 'Two contacts',
              value: {
                contactIds: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h', 'ct_01jh2x3y4z5a6b7c8d9e0f1g2j'],
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The contacts that left and the new member count.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: RemoveSegmentMembersResultSchema,
          examples: {
            removed: {
              summary: 'One left, one was not a member',
              value: {
                removed: ['ct_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                removedCount: 1,
                memberCount: 11,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1SlaPoliciesRoute = createRoute({
  method: 'get',
  path: '/v1/sla-policies',
  tags: ['SLA'],
  summary: 'List SLA policies',
  description:
    "The workspace's SLA policies in their order (`position`, then id): the first active policy whose\nconditions hold applies to a ticket.\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:read` (or `admin`).\n",
  operationId: 'listSlaPolicies',
  request: { query: z.object({ limit: LimitParamsSchema, cursor: CursorParamsSchema }) },
  responses: {
    200: {
      description: 'A page of SLA policies.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: SlaPolicyListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1SlaPoliciesRoute = createRoute({
  method: 'post',
  path: '/v1/sla-policies',
  tags: ['SLA'],
  summary: 'Create an SLA policy',
  description:
    'Creates a policy, appended at the end, or inserted at `position` (the policies from there move down one).\nConditions use the ticket condition language (`422 invalid_condition`); targets are whole positive minutes\n(`422 invalid_sla_target`); `businessHoursId` names business hours of the workspace (`422\nbusiness_hours_not_found`); escalation actions name teams and members of the workspace (`422\nteam_not_found`, `422 member_not_found`); a position beyond the end answers `422 invalid_position`.\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:write` (or `admin`).\n',
  operationId: 'createSlaPolicy',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateSlaPolicyRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new policy.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The policy's URL.",
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: "The policy's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: SlaPolicySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1SlaPoliciesPolicyIdRoute = createRoute({
  method: 'get',
  path: '/v1/sla-policies/{policyId}',
  tags: ['SLA'],
  summary: 'Get an SLA policy',
  description:
    'One SLA policy of the workspace; any other answers 404.\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:read` (or `admin`).\n',
  operationId: 'getSlaPolicy',
  request: {
    params: z.object({
      policyId: SlaPolicyIdSchema.openapi({
        param: {
          name: 'policyId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/SlaPolicyId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The policy.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: SlaPolicySchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1SlaPoliciesPolicyIdRoute = createRoute({
  method: 'delete',
  path: '/v1/sla-policies/{policyId}',
  tags: ['SLA'],
  summary: 'Delete an SLA policy',
  description:
    'Deletes the policy for good and closes the gap in the order. Tickets under it keep their clocks (without a\npolicy) until their next event matches another. Honours `If-Match` (412).\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:write` (or `admin`).\n',
  operationId: 'deleteSlaPolicy',
  request: {
    params: z.object({
      policyId: SlaPolicyIdSchema.openapi({
        param: {
          name: 'policyId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/SlaPolicyId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1SlaPoliciesPolicyIdRoute = createRoute({
  method: 'patch',
  path: '/v1/sla-policies/{policyId}',
  tags: ['SLA'],
  summary: 'Update an SLA policy',
  description:
    'Changes the fields given, checked as on create. A new `position` moves the policy there and the others\nbetween its old and new place by one. Honours `If-Match` (412). Tickets pick the change up at their next\nevent (clocks already running keep their due times until then).\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:write` (or `admin`).\n',
  operationId: 'updateSlaPolicy',
  request: {
    params: z.object({
      policyId: SlaPolicyIdSchema.openapi({
        param: {
          name: 'policyId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/SlaPolicyId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateSlaPolicyRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated policy.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: SlaPolicySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1SlaPoliciesPreviewRoute = createRoute({
  method: 'post',
  path: '/v1/sla-policies/preview',
  tags: ['SLA'],
  summary: 'Preview which SLA policy applies',
  description:
    'Given an existing ticket (`ticketId`) or a hypothetical one (`ticket`), answers which policy would apply\nand the clocks and due times it would get, as of now (an existing ticket keeps the time it has used).\nWrites nothing.\n\n**Authorization:** needs the permission `sla.manage`; an API key also needs the scope `sla:read` (or `admin`). With `ticketId`, the caller must also be able to read that ticket (404 otherwise).\n',
  operationId: 'previewSlaPolicy',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: SlaPreviewRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The policy and the clocks.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: SlaPreviewSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TagsRoute = createRoute({
  method: 'get',
  path: '/v1/tags',
  tags: ['Feedback'],
  summary: 'List tags',
  description:
    "The workspace's post tags, by name unless `sort` says otherwise.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n",
  operationId: 'listTags',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['name', '-name', 'createdAt', '-createdAt'])
        .default('name')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['name', '-name', 'createdAt', '-createdAt'],
              default: 'name',
            },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of tags.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TagListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    id: 'tag_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    name: 'Integrations',
                    color: '#10b981',
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TagsRoute = createRoute({
  method: 'post',
  path: '/v1/tags',
  tags: ['Feedback'],
  summary: 'Create a tag',
  description:
    'Creates a tag. Names are unique per workspace, case-insensitively (`409 name_taken`).\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'createTag',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateTagRequestSchema,
          examples: {
            example: { summary: 'Example', value: { name: 'Integrations', color: '#10b981' } },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new tag.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TagSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'tag_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Integrations',
                color: '#10b981',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TagsTagIdRoute = createRoute({
  method: 'get',
  path: '/v1/tags/{tagId}',
  tags: ['Feedback'],
  summary: 'Get a tag',
  description:
    'One tag: its name and colour, as posts carry it. Answers `304` for a matching `If-None-Match`.\n\n**Authorization:** needs the permission `feedback.read`; an API key also needs the scope `feedback:read` (or `admin`).\n',
  operationId: 'getTag',
  request: {
    params: z.object({
      tagId: TagIdSchema.openapi({
        param: {
          name: 'tagId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TagId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The tag.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TagSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'tag_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Integrations',
                color: '#10b981',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1TagsTagIdRoute = createRoute({
  method: 'delete',
  path: '/v1/tags/{tagId}',
  tags: ['Feedback'],
  summary: 'Delete a tag',
  description:
    'Deletes a tag; the posts that carry it lose it.\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'deleteTag',
  request: {
    params: z.object({
      tagId: TagIdSchema.openapi({
        param: {
          name: 'tagId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TagId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1TagsTagIdRoute = createRoute({
  method: 'patch',
  path: '/v1/tags/{tagId}',
  tags: ['Feedback'],
  summary: 'Update a tag',
  description:
    'Renames or recolours a tag.\n\n**Authorization:** needs the permission `feedback.manage`; an API key also needs the scope `feedback:write` (or `admin`).\n',
  operationId: 'updateTag',
  request: {
    params: z.object({
      tagId: TagIdSchema.openapi({
        param: {
          name: 'tagId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TagId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateTagRequestSchema,
          examples: { example: { summary: 'Example', value: { name: 'API & integrations' } } },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated tag.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TagSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'tag_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Integrations',
                color: '#10b981',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TeamsRoute = createRoute({
  method: 'get',
  path: '/v1/teams',
  tags: ['Teams'],
  summary: 'List teams',
  description:
    "The workspace's teams, by name unless `sort` says otherwise. Needs `teams.read` (`teams:read` for keys);\nmembers without it see the teams they belong to or hold a team-scoped role in, and a key limited to\nteams sees only those.\n\n**Authorization:** needs the permission `teams.read`; an API key also needs the scope `teams:read` (or `admin`). Members also read the teams they belong to; a grant scoped to a team reaches that team.\n",
  operationId: 'listTeams',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['name', '-name', 'createdAt', '-createdAt'])
        .default('name')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['name', '-name', 'createdAt', '-createdAt'],
              default: 'name',
            },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of teams.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TeamListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TeamsRoute = createRoute({
  method: 'post',
  path: '/v1/teams',
  tags: ['Teams'],
  summary: 'Create a team',
  description:
    'Creates an empty team. Names are unique per workspace, compared case-insensitively (`409 name_taken`).\nNeeds `teams.manage` granted workspace-wide (`teams:write` for keys; a key limited to teams cannot\ncreate one).\n\n**Authorization:** needs the permission `teams.manage`; an API key also needs the scope `teams:write` (or `admin`).\n',
  operationId: 'createTeam',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: CreateTeamRequestSchema } }, required: true },
  },
  responses: {
    201: {
      description: 'The new team.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The team's URL.",
          schema: z.string().max(2048).exactOptional().openapi({ description: "The team's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TeamSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TeamsTeamIdRoute = createRoute({
  method: 'get',
  path: '/v1/teams/{teamId}',
  tags: ['Teams'],
  summary: 'Get a team',
  description:
    'One team with its description and `memberCount`. Answers with an `ETag` (it moves with the membership);\n`If-None-Match` with the current one answers `304`. A team the caller may not read answers `404`, like one\nthat does not exist.\n\n**Authorization:** needs the permission `teams.read`; an API key also needs the scope `teams:read` (or `admin`). Members also read the teams they belong to; a grant scoped to a team reaches that team.\n',
  operationId: 'getTeam',
  request: {
    params: z.object({
      teamId: TeamIdSchema.openapi({
        param: {
          name: 'teamId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TeamId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The team.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TeamSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1TeamsTeamIdRoute = createRoute({
  method: 'delete',
  path: '/v1/teams/{teamId}',
  tags: ['Teams'],
  summary: 'Delete a team',
  description:
    'Deletes the team, its memberships and the role assignments scoped to it. API keys limited to the team\nkeep their limit (they see nothing of it any more); they never widen to every team. Needs `teams.manage`\ngranted workspace-wide.\n\n**Authorization:** needs the permission `teams.manage`; an API key also needs the scope `teams:write` (or `admin`).\n',
  operationId: 'deleteTeam',
  request: {
    params: z.object({
      teamId: TeamIdSchema.openapi({
        param: {
          name: 'teamId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TeamId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1TeamsTeamIdRoute = createRoute({
  method: 'patch',
  path: '/v1/teams/{teamId}',
  tags: ['Teams'],
  summary: 'Update a team',
  description:
    'Renames the team or changes its description. Needs `teams.manage`, workspace-wide or from a role\nassignment scoped to this team (`teams:write` for keys).\n\n**Authorization:** needs the permission `teams.manage`; an API key also needs the scope `teams:write` (or `admin`). A grant scoped to the team suffices.\n',
  operationId: 'updateTeam',
  request: {
    params: z.object({
      teamId: TeamIdSchema.openapi({
        param: {
          name: 'teamId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TeamId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: { content: { 'application/json': { schema: UpdateTeamRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The updated team.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TeamSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TeamsTeamIdMembersRoute = createRoute({
  method: 'get',
  path: '/v1/teams/{teamId}/members',
  tags: ['Teams'],
  summary: "List a team's members",
  description:
    'The members of the team, by name unless `sort` says otherwise. Readable by whoever can read the team.\n\n**Authorization:** needs the permission `teams.read`; an API key also needs the scope `teams:read` (or `admin`).\n',
  operationId: 'listTeamMembers',
  request: {
    params: z.object({
      teamId: TeamIdSchema.openapi({
        param: {
          name: 'teamId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TeamId' },
        },
      }),
    }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['name', '-name', 'addedAt', '-addedAt'])
        .default('name')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description:
              'Sort order; a leading `-` sorts descending. `addedAt` is when the member joined the team.',
            schema: {
              type: 'string',
              enum: ['name', '-name', 'addedAt', '-addedAt'],
              default: 'name',
            },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: "A page of the team's members.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TeamMemberListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TeamsTeamIdMembersRoute = createRoute({
  method: 'post',
  path: '/v1/teams/{teamId}/members',
  tags: ['Teams'],
  summary: 'Add a member to a team',
  description:
    'Adds a member of this workspace to the team; what the member may see and do follows at once. A member\nalready in the team is refused with `409 already_member`; a `memberId` that is not a member of this\nworkspace answers `404` naming `body.memberId`. Needs `teams.manage`, workspace-wide or from a role\nassignment scoped to this team (`teams:write` for keys).\n\n**Authorization:** needs the permission `teams.manage`; an API key also needs the scope `teams:write` (or `admin`). A grant scoped to the team suffices.\n',
  operationId: 'addTeamMember',
  request: {
    params: z.object({
      teamId: TeamIdSchema.openapi({
        param: {
          name: 'teamId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TeamId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: AddTeamMemberRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The membership.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TeamMemberSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1TeamsTeamIdMembersMemberIdRoute = createRoute({
  method: 'delete',
  path: '/v1/teams/{teamId}/members/{memberId}',
  tags: ['Teams'],
  summary: 'Remove a member from a team',
  description:
    "Takes the member out of the team; what the member may see and do follows at once. Role assignments the\nmember holds within the team stay (remove them with the member's roles). A member not in the team\nanswers `404`. Needs `teams.manage`, workspace-wide or from a role assignment scoped to this team.\n\n**Authorization:** needs the permission `teams.manage`; an API key also needs the scope `teams:write` (or `admin`). A grant scoped to the team suffices.\n",
  operationId: 'removeTeamMember',
  request: {
    params: z.object({
      teamId: TeamIdSchema.openapi({
        param: {
          name: 'teamId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TeamId' },
        },
      }),
      memberId: MemberIdSchema.openapi({
        param: {
          name: 'memberId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/MemberId' },
        },
      }),
    }),
  },
  responses: {
    204: {
      description: 'Removed.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketStatusesRoute = createRoute({
  method: 'get',
  path: '/v1/ticket-statuses',
  tags: ['Ticket setup'],
  summary: 'List ticket statuses',
  description:
    'Every ticket status of the workspace, by `position` then id (a short list, not paged). New workspaces start with New, Open, Pending, On hold, Solved and Closed, one per category, each the default of its category.\n\nReadable by staff with any ticket read permission (`tickets.read_all`, `tickets.read_team` or `tickets.read_assigned`) and API keys with `tickets:read`; contacts and visitors get `403`.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `tickets:read` (or `admin`).\n',
  operationId: 'listTicketStatuses',
  responses: {
    200: {
      description: 'The ticket statuses in order.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TicketStatusListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    id: 'tst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    name: 'Waiting on customer',
                    category: 'pending',
                    color: '#f59e0b',
                    position: 2,
                    isDefault: false,
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketStatusesRoute = createRoute({
  method: 'post',
  path: '/v1/ticket-statuses',
  tags: ['Ticket setup'],
  summary: 'Create a ticket status',
  description:
    'Creates a status in a category (`new`, `open`, `pending`, `on_hold`, `solved`, `closed`), after the last one unless `position` is given. The first status of a category becomes its default; `isDefault: true` moves the default of the category to the new status. Names are unique per workspace, case-insensitively (`409 name_taken`); a workspace has at most 100 statuses (`409 ticket_setup_limit_reached`).\n\nNeeds `ticket_setup.manage` (API keys: `tickets:write`).\n\n**Authorization:** needs the permission `ticket_setup.manage`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'createTicketStatus',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateTicketStatusRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: { name: 'Waiting on customer', category: 'pending', color: '#f59e0b' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new ticket status.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TicketStatusSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'tst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Waiting on customer',
                category: 'pending',
                color: '#f59e0b',
                position: 2,
                isDefault: false,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketStatusesStatusIdRoute = createRoute({
  method: 'get',
  path: '/v1/ticket-statuses/{statusId}',
  tags: ['Ticket setup'],
  summary: 'Get a ticket status',
  description:
    'One ticket status: its name, category, position and whether it is the default of its category. Answers `304` for a matching `If-None-Match`.\n\nReadable by staff with any ticket read permission and API keys with `tickets:read`; to anyone else it answers `404`, as for a missing one.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `tickets:read` (or `admin`).\n',
  operationId: 'getTicketStatus',
  request: {
    params: z.object({
      statusId: TicketStatusIdSchema.openapi({
        param: {
          name: 'statusId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketStatusId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The ticket status.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TicketStatusSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'tst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Waiting on customer',
                category: 'pending',
                color: '#f59e0b',
                position: 2,
                isDefault: false,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1TicketStatusesStatusIdRoute = createRoute({
  method: 'delete',
  path: '/v1/ticket-statuses/{statusId}',
  tags: ['Ticket setup'],
  summary: 'Delete a ticket status',
  description:
    "Deletes a status. If tickets have it, `?replacementStatusId=` moves them to another status (their category follows) in the same transaction; without it the answer is `409 ticket_status_in_use`. A replacement that is not another status of the workspace answers `422 invalid_replacement_status`. The last status of `new` or `open` cannot be deleted (`409 last_status_in_category`). If it was its category's default, the first remaining status of the category becomes the default.\n\nNeeds `ticket_setup.manage` (API keys: `tickets:write`).\n\n**Authorization:** needs the permission `ticket_setup.manage`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'deleteTicketStatus',
  request: {
    params: z.object({
      statusId: TicketStatusIdSchema.openapi({
        param: {
          name: 'statusId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketStatusId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    query: z.object({
      replacementStatusId: TicketStatusIdSchema.exactOptional().openapi({
        param: {
          name: 'replacementStatusId',
          in: 'query',
          required: false,
          description: "The status the deleted status's tickets move to.",
          schema: { $ref: '#/components/schemas/TicketStatusId' },
        },
      }),
    }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1TicketStatusesStatusIdRoute = createRoute({
  method: 'patch',
  path: '/v1/ticket-statuses/{statusId}',
  tags: ['Ticket setup'],
  summary: 'Update a ticket status',
  description:
    "Renames, recolours, reorders, recategorises or makes the status the default of its category (the former default stops being one and emits its own `ticket_status.updated`). A new `category` moves the status's tickets to that category in the same transaction; if the status was its old category's default, the first remaining status of that category becomes the default, and it is the new category's default only if that category had none or `isDefault` is `true`. The last status of `new` or `open` cannot leave its category (`409 last_status_in_category`), and the default cannot be unset directly (`409 default_status_required`).\n\nNeeds `ticket_setup.manage` (API keys: `tickets:write`).\n\n**Authorization:** needs the permission `ticket_setup.manage`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'updateTicketStatus',
  request: {
    params: z.object({
      statusId: TicketStatusIdSchema.openapi({
        param: {
          name: 'statusId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketStatusId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateTicketStatusRequestSchema,
          examples: { example: { summary: 'Example', value: { position: 0, isDefault: true } } },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated ticket status.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TicketStatusSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'tst_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Waiting on customer',
                category: 'pending',
                color: '#f59e0b',
                position: 2,
                isDefault: false,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketTypesRoute = createRoute({
  method: 'get',
  path: '/v1/ticket-types',
  tags: ['Ticket setup'],
  summary: 'List ticket types',
  description:
    'Every ticket type of the workspace, by `position` then id (a short list, not paged).\n\nReadable by staff with any ticket read permission (`tickets.read_all`, `tickets.read_team` or `tickets.read_assigned`) and API keys with `tickets:read`; contacts and visitors get `403`.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `tickets:read` (or `admin`).\n',
  operationId: 'listTicketTypes',
  responses: {
    200: {
      description: 'The ticket types in order.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TicketTypeListSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                data: [
                  {
                    id: 'ttyp_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    name: 'Incident',
                    description: 'Something is broken for the customer.',
                    customFieldIds: ['cf_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                    position: 0,
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketTypesRoute = createRoute({
  method: 'post',
  path: '/v1/ticket-types',
  tags: ['Ticket setup'],
  summary: 'Create a ticket type',
  description:
    'Creates a ticket type, after the last one unless `position` is given, with the custom fields its tickets carry (`customFieldIds`, each a field of this workspace, else `422 unknown_custom_field` naming it). Names are unique per workspace, case-insensitively (`409 name_taken`); a workspace has at most 100 types (`409 ticket_setup_limit_reached`).\n\nNeeds `ticket_setup.manage` (API keys: `tickets:write`).\n\n**Authorization:** needs the permission `ticket_setup.manage`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'createTicketType',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateTicketTypeRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                name: 'Incident',
                description: 'Something is broken for the customer.',
                customFieldIds: ['cf_01jh2x3y4z5a6b7c8d9e0f1g2h'],
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new ticket type.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: 'The URL of the new resource.',
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: 'The URL of the new resource.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TicketTypeSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'ttyp_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Incident',
                description: 'Something is broken for the customer.',
                customFieldIds: ['cf_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                position: 0,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketTypesTypeIdRoute = createRoute({
  method: 'get',
  path: '/v1/ticket-types/{typeId}',
  tags: ['Ticket setup'],
  summary: 'Get a ticket type',
  description:
    'One ticket type: its name, description, position and the custom fields its tickets carry. Answers `304` for a matching `If-None-Match`.\n\nReadable by staff with any ticket read permission and API keys with `tickets:read`; to anyone else it answers `404`, as for a missing one.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `tickets:read` (or `admin`).\n',
  operationId: 'getTicketType',
  request: {
    params: z.object({
      typeId: TicketTypeIdSchema.openapi({
        param: {
          name: 'typeId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketTypeId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The ticket type.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TicketTypeSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'ttyp_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Incident',
                description: 'Something is broken for the customer.',
                customFieldIds: ['cf_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                position: 0,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1TicketTypesTypeIdRoute = createRoute({
  method: 'delete',
  path: '/v1/ticket-types/{typeId}',
  tags: ['Ticket setup'],
  summary: 'Delete a ticket type',
  description:
    'Deletes a ticket type; its tickets keep no type (their custom field values stay).\n\nNeeds `ticket_setup.manage` (API keys: `tickets:write`).\n\n**Authorization:** needs the permission `ticket_setup.manage`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'deleteTicketType',
  request: {
    params: z.object({
      typeId: TicketTypeIdSchema.openapi({
        param: {
          name: 'typeId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketTypeId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1TicketTypesTypeIdRoute = createRoute({
  method: 'patch',
  path: '/v1/ticket-types/{typeId}',
  tags: ['Ticket setup'],
  summary: 'Update a ticket type',
  description:
    'Renames, describes, reorders a type or replaces its custom fields (each a field of this workspace, else `422 unknown_custom_field` naming it).\n\nNeeds `ticket_setup.manage` (API keys: `tickets:write`).\n\n**Authorization:** needs the permission `ticket_setup.manage`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'updateTicketType',
  request: {
    params: z.object({
      typeId: TicketTypeIdSchema.openapi({
        param: {
          name: 'typeId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketTypeId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateTicketTypeRequestSchema,
          examples: { example: { summary: 'Example', value: { customFieldIds: [] } } },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated ticket type.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: TicketTypeSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                id: 'ttyp_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Incident',
                description: 'Something is broken for the customer.',
                customFieldIds: ['cf_01jh2x3y4z5a6b7c8d9e0f1g2h'],
                position: 0,
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketsRoute = createRoute({
  method: 'get',
  path: '/v1/tickets',
  tags: ['Tickets'],
  summary: 'List tickets',
  description:
    "The tickets the caller may read, most recently updated first unless `sort` says otherwise. Members see\nthe tickets of their teams (`tickets.read_team`), all of them (`tickets.read_all`) and those assigned to\nthem (`tickets.read_assigned`); API keys limited to teams or inboxes see only those; a contact sees its\nown tickets and, when its organisation shares tickets, the organisation's (in the contact shape, see\n`Ticket`). Filters combine with AND.\n\n**Authorization:** needs the permission `tickets.read_all`; an API key also needs the scope `tickets:read` (or `admin`).\n",
  operationId: 'listTickets',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum([
          '-updatedAt',
          'updatedAt',
          '-createdAt',
          'createdAt',
          '-number',
          'number',
          'priority',
          '-priority',
        ])
        .default('-updatedAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description:
              'Sort order; a leading `-` sorts descending. `priority` runs low to urgent.',
            schema: {
              type: 'string',
              enum: [
                '-updatedAt',
                'updatedAt',
                '-createdAt',
                'createdAt',
                '-number',
                'number',
                'priority',
                '-priority',
              ],
              default: '-updatedAt',
            },
          },
        }),
      status: z
        .string()
        .regex(
          /^(new|open|pending|on_hold|solved|closed)(,(new|open|pending|on_hold|solved|closed))*$/,
          {
            error:
              'must be status categories separated by commas (new, open, pending, on_hold, solved, closed)',
          },
        )
        .min(3)
        .max(200)
        .exactOptional()
        .openapi({
          param: {
            name: 'status',
            in: 'query',
            required: false,
            description: 'Status categories, comma-separated (`open,pending`).',
            schema: {
              type: 'string',
              pattern:
                '^(new|open|pending|on_hold|solved|closed)(,(new|open|pending|on_hold|solved|closed))*$',
              'x-pattern-message':
                'must be status categories separated by commas (new, open, pending, on_hold, solved, closed)',
              minLength: 3,
              maxLength: 200,
              examples: ['open,pending'],
            },
          },
          examples: ['open,pending'],
        }),
      statusId: TicketStatusRefSchema.exactOptional().openapi({
        param: {
          name: 'statusId',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/TicketStatusRef' },
        },
      }),
      priority: TicketPrioritySchema.exactOptional().openapi({
        param: {
          name: 'priority',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/TicketPriority' },
        },
      }),
      assigneeId: z
        .string()
        .regex(/^(none|mbr_[0-7][0-9a-hjkmnp-tv-z]{25})$/, {
          error: 'must be a member id (mbr_…) or none',
        })
        .min(4)
        .max(30)
        .exactOptional()
        .openapi({
          param: {
            name: 'assigneeId',
            in: 'query',
            required: false,
            description: 'A member id, or `none` for unassigned tickets.',
            schema: {
              type: 'string',
              pattern: '^(none|mbr_[0-7][0-9a-hjkmnp-tv-z]{25})$',
              'x-pattern-message': 'must be a member id (mbr_…) or none',
              minLength: 4,
              maxLength: 30,
              examples: ['none'],
            },
          },
          examples: ['none'],
        }),
      teamId: TeamIdSchema.exactOptional().openapi({
        param: {
          name: 'teamId',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/TeamId' },
        },
      }),
      inboxId: InboxIdSchema.exactOptional().openapi({
        param: {
          name: 'inboxId',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/InboxId' },
        },
      }),
      requesterId: ContactIdSchema.exactOptional().openapi({
        param: {
          name: 'requesterId',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/ContactId' },
        },
      }),
      organizationId: OrganizationIdSchema.exactOptional().openapi({
        param: {
          name: 'organizationId',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/OrganizationId' },
        },
      }),
      typeId: TicketTypeRefSchema.exactOptional().openapi({
        param: {
          name: 'typeId',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/TicketTypeRef' },
        },
      }),
      tag: TicketTagSchema.exactOptional().openapi({
        param: {
          name: 'tag',
          in: 'query',
          required: false,
          description: 'Tickets carrying this tag.',
          schema: { $ref: '#/components/schemas/TicketTag' },
        },
      }),
      externalId: TicketExternalIdentifierSchema.exactOptional().openapi({
        param: {
          name: 'externalId',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/TicketExternalIdentifier' },
        },
      }),
      updatedAfter: z.iso
        .datetime()
        .max(40)
        .exactOptional()
        .openapi({
          param: {
            name: 'updatedAfter',
            in: 'query',
            required: false,
            description: 'Tickets changed after this time.',
            schema: {
              type: 'string',
              format: 'date-time',
              maxLength: 40,
              examples: ['2026-11-26T15:04:05.123Z'],
            },
          },
          examples: ['2026-11-26T15:04:05.123Z'],
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of tickets.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsRoute = createRoute({
  method: 'post',
  path: '/v1/tickets',
  tags: ['Tickets'],
  summary: 'Create a ticket',
  description:
    "Opens a ticket with the next `number` of the workspace. Without `statusId` it takes the default status of\nthe `new` category; the organisation is the requester's unless given. `message` is the requester's\nopening message: when a member or an API key opens the ticket on the requester's behalf it is recorded as\na reply written by the requester contact. With a `typeId`, the type's required custom fields must be\ngiven. Unknown references answer 422 with a specific code (`ticket_status_not_found`,\n`ticket_type_not_found`, `requester_not_found` (also for a contact of another workspace),\n`assignee_not_found`, `team_not_found`, `organization_not_found`, `inbox_not_found`,\n`custom_field_invalid`); an `externalId` another ticket has answers `409 external_id_taken`. A ticket in an\ninbox (`inboxId`) that names no `teamId` or `priority` takes the inbox's `defaultTeamId` and\n`defaultPriority`.\n\n**Authorization:** needs the permission `tickets.create`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'createTicket',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateTicketRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new ticket.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The ticket's URL.",
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: "The ticket's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketsTicketIdRoute = createRoute({
  method: 'get',
  path: '/v1/tickets/{ticketId}',
  tags: ['Tickets'],
  summary: 'Get a ticket',
  description:
    "One ticket the caller may read (another's answers 404, exactly like a missing one). `include=messages`\nembeds the last 20 messages the caller may read, oldest first (a contact never gets notes).\n\n**Authorization:** needs the permission `tickets.read_all`; an API key also needs the scope `tickets:read` (or `admin`).\n",
  operationId: 'getTicket',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
    query: z.object({
      include: z
        .literal('messages')
        .exactOptional()
        .openapi({
          param: {
            name: 'include',
            in: 'query',
            required: false,
            description: '`messages` embeds the last 20 messages.',
            schema: { type: 'string', enum: ['messages'] },
          },
        }),
      bodyFormat: BodyFormatParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The ticket.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1TicketsTicketIdRoute = createRoute({
  method: 'delete',
  path: '/v1/tickets/{ticketId}',
  tags: ['Tickets'],
  summary: 'Delete a ticket',
  description:
    'Deletes the ticket for good, with its messages, attachments and timeline. Needs `tickets.delete`\n(supervisors and admins). Not offered to AI agents.\n\n**Authorization:** needs the permission `tickets.delete`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'deleteTicket',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1TicketsTicketIdRoute = createRoute({
  method: 'patch',
  path: '/v1/tickets/{ticketId}',
  tags: ['Tickets'],
  summary: 'Update a ticket',
  description:
    'Changes the fields given and records each change in the activity timeline. Emits `ticket.updated`, and\n`ticket.status_changed` and `ticket.assigned` when those change. A closed ticket cannot be reopened\n(`409 ticket_closed`: open a new ticket). An `inboxId` that is not an inbox of the workspace answers\n`422 inbox_not_found`. With a stale `If-Match`, `412 precondition_failed`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`). Changing assigneeId or teamId needs assign.\n',
  operationId: 'updateTicket',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateTicketRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated ticket.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketsTicketIdActivityRoute = createRoute({
  method: 'get',
  path: '/v1/tickets/{ticketId}/activity',
  tags: ['Tickets'],
  summary: "List a ticket's activity",
  description:
    'The timeline of every field change, with its actor and before/after values, oldest first unless `sort`\nsays otherwise. Staff only: for a contact the timeline does not exist (404).\n\n**Authorization:** needs the permission `tickets.read_all`; an API key also needs the scope `tickets:read` (or `admin`).\n',
  operationId: 'listTicketActivity',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt'])
        .default('createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['createdAt', '-createdAt'], default: 'createdAt' },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of activity entries.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketActivityListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdAssignRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/assign',
  tags: ['Tickets'],
  summary: 'Assign a ticket',
  description:
    "Sets the ticket's assignee, its team, or both (`null` clears either). The assignee must be an active member\n(`422 assignee_not_found`) and the team a team of the workspace (`422 team_not_found`). Emits `ticket.updated`\nand `ticket.assigned`, and records the change in the timeline. Honours `If-Match`.\n\n**Authorization:** needs the permission `tickets.assign`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'assignTicket',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
    body: {
      content: { 'application/json': { schema: AssignTicketRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The ticket after the action.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdAttachmentsRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/attachments',
  tags: ['Tickets'],
  summary: 'Upload an attachment',
  description:
    "Uploads one file for a later message of the ticket, as a browser form sends it: `multipart/form-data`\nwith the file in the part named `file` (its filename and `Content-Type` are taken from the part; the\nname is sanitised: last path segment only, no control or reserved characters, at most 255 characters).\nThe answer is the attachment's metadata with `messageId: null`; a message claims it through\n`attachmentIds` (`POST /v1/tickets/{ticketId}/messages`). Uploads no message claims within 24 hours are\ndeleted, bytes and metadata.\n\nWhoever may write a message on the ticket may upload: a member with reply or note rights (its API keys\nneed `tickets:write`), a contact where it may reply. Until claimed, an upload is seen by staff and by\nthe contact that uploaded it only. A closed ticket takes no uploads (`409 ticket_closed`).\n\nLimits: a file over `LOOPDESK_ATTACHMENT_MAX_BYTES` (default 25 MB) answers `413 payload_too_large`\n(the rest of the body is read and dropped, so the connection carries the next request); no `file` part\nor an empty file answers `422 attachment_file_missing`, a `file` field that is text, not a file, `400\nvalidation_failed`. Binary: not an MCP tool.\n\n**Authorization:** needs the permission `tickets.reply`; an API key also needs the scope `tickets:write` (or `admin`). A member with `note` instead of `reply` may upload too (for a note).\n",
  operationId: 'uploadTicketAttachment',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'multipart/form-data': {
          schema: UploadTicketAttachmentRequestSchema,
          encoding: { file: { contentType: '*/*' } },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The uploaded attachment, not yet on a message.',
      headers: z.object({
        Location: {
          description: "The attachment's metadata path.",
          schema: z
            .string()
            .max(200)
            .exactOptional()
            .openapi({ description: "The attachment's metadata path." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketAttachmentSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketsTicketIdAttachmentsAttachmentIdRoute = createRoute({
  method: 'get',
  path: '/v1/tickets/{ticketId}/attachments/{attachmentId}',
  tags: ['Tickets'],
  summary: "Get an attachment's metadata",
  description:
    "An attachment of a ticket the caller may read: its name, declared type, size, the message that carries\nit (`null` until one claims it) and `downloadUrl`, the path of its bytes. A contact sees the attachments\nof replies and its own unclaimed uploads, never those of a note nor a member's unclaimed upload (404,\nexactly like a missing one).\n\n**Authorization:** needs the permission `tickets.read_all`; an API key also needs the scope `tickets:read` (or `admin`).\n",
  operationId: 'getTicketAttachment',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
      attachmentId: AttachmentIdSchema.openapi({
        param: {
          name: 'attachmentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/AttachmentId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: "The attachment's metadata.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketAttachmentSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketsTicketIdAttachmentsAttachmentIdContentRoute = createRoute({
  method: 'get',
  path: '/v1/tickets/{ticketId}/attachments/{attachmentId}/content',
  tags: ['Tickets'],
  summary: 'Download an attachment',
  description:
    "The attachment's bytes, as uploaded, to whoever may see its metadata (`getTicketAttachment`). The\nanswer carries the declared `Content-Type` but is never to be sniffed (`X-Content-Type-Options:\nnosniff`), is sandboxed (`Content-Security-Policy`), and is a download (`Content-Disposition:\nattachment` with the file name) except for PNG, JPEG, GIF, WebP and AVIF images, which may show\n`inline` (never SVG). The bytes never change: the `ETag` is the attachment's, and `If-None-Match` with\nit answers `304`. Binary: not an MCP tool.\n\n**Authorization:** needs the permission `tickets.read_all`; an API key also needs the scope `tickets:read` (or `admin`).\n",
  operationId: 'downloadTicketAttachment',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
      attachmentId: AttachmentIdSchema.openapi({
        param: {
          name: 'attachmentId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/AttachmentId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The bytes, with their declared type.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'Content-Disposition': {
          description:
            '`attachment` (or `inline` for a safe image) with `filename` and `filename*`.',
          schema: z
            .string()
            .max(1024)
            .exactOptional()
            .openapi({
              description:
                '`attachment` (or `inline` for a safe image) with `filename` and `filename*`.',
            }),
        },
        'Content-Length': {
          description: "The attachment's size in bytes.",
          schema: z
            .int32()
            .min(1)
            .max(2147483647)
            .exactOptional()
            .openapi({ description: "The attachment's size in bytes." }),
        },
        'X-Content-Type-Options': {
          description: 'Always `nosniff`.',
          schema: z
            .literal('nosniff')
            .exactOptional()
            .openapi({ description: 'Always `nosniff`.' }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        '*/*': {
          schema: z
            .file()
            .max(1073741824)
            .openapi({ examples: ['(the bytes of screenshot.png)'] }),
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketsTicketIdLinksRoute = createRoute({
  method: 'get',
  path: '/v1/tickets/{ticketId}/links',
  tags: ['Tickets'],
  summary: "List a ticket's links",
  description:
    "The ticket's links to feedback posts, other tickets and external URLs, oldest first. A link to a ticket the caller may not read is left out. Links point one way: a `parent` link on this ticket shows on this ticket only.\n\n**Authorization:** needs the permission `tickets.read_all`; an API key also needs the scope `tickets:read` (or `admin`). Staff only: a contact may read the ticket but not its links (403). Links to tickets the caller may not read are left out.\n",
  operationId: 'listTicketLinks',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: "The ticket's links.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketLinkListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdLinksRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/links',
  tags: ['Tickets'],
  summary: 'Link a ticket to a post, a ticket or a URL',
  description:
    "Links the ticket to a feedback post (`kind: post`, `postId`), to another ticket (`related`, `duplicate` or `parent`, `otherTicketId`) or to an external URL (`external`, `url`, optional `title`). A post or ticket the caller may not read, or that does not exist, is refused with `422 ticket_link_target_not_found`; a link to the ticket itself with `422 ticket_link_self`; the same link twice with `409 ticket_link_exists`; more than 100 links with `422 ticket_links_limit`.\n\nWith `addVote: true` a post link also adds the requester's vote to the post, exactly as `POST /v1/posts/{postId}/votes` with the requester's `contactId` would (`post.voted`, `voteCount` counted once per contact): a requester who voted already keeps its one vote (`voteAdded: false`). Emits `ticket.link_created`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`). Linking a post needs read access to it, and `addVote` the right to vote on it for a contact (`feedback.manage`, scope `feedback:write`).\n",
  operationId: 'createTicketLink',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateTicketLinkRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new link.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketLinkSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1TicketsTicketIdLinksTicketLinkIdRoute = createRoute({
  method: 'delete',
  path: '/v1/tickets/{ticketId}/links/{ticketLinkId}',
  tags: ['Tickets'],
  summary: 'Remove a link of a ticket',
  description:
    "Removes the link (a vote added with it stays: votes are the voter's). Emits `ticket.link_deleted`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'deleteTicketLink',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
      ticketLinkId: TicketLinkIdSchema.openapi({
        param: {
          name: 'ticketLinkId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketLinkId' },
        },
      }),
    }),
  },
  responses: {
    204: {
      description: 'Removed.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdMergeRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/merge',
  tags: ['Tickets'],
  summary: 'Merge a ticket into another',
  description:
    "Merges this ticket (the source) into `targetTicketId`: its messages, participants (the requester of the source becomes a CC of the target unless it is the target's requester), links and attachments move to the target; the source is closed (the workspace's default `closed` status) and its `mergedIntoId` points at the target; a system note on each ticket records the merge. Reading the source still works and shows `mergedIntoId`.\n\nMerging a ticket into itself is refused with `422 ticket_merge_self`; merging into or from a ticket that was already merged with `409 ticket_merged`. A target the caller may not read answers `422 ticket_merge_target_not_found`. Emits `ticket.merged` (about the target) and `ticket.status_changed` (the source).\n\n**Authorization:** needs the permission `tickets.merge`; an API key also needs the scope `tickets:write` (or `admin`). Needs merge on both tickets, and read access to both.\n",
  operationId: 'mergeTicket',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
          description: 'The ticket to merge (the source).',
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: MergeTicketRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The target ticket, after the merge.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketsTicketIdMessagesRoute = createRoute({
  method: 'get',
  path: '/v1/tickets/{ticketId}/messages',
  tags: ['Tickets'],
  summary: "List a ticket's messages",
  description:
    'The conversation, oldest first unless `sort` says otherwise. A contact gets the replies only: notes are\nnever listed, counted or hinted at for it (asking for `kind=note` gives an empty page).\n\n**Authorization:** needs the permission `tickets.read_all`; an API key also needs the scope `tickets:read` (or `admin`).\n',
  operationId: 'listTicketMessages',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt'])
        .default('createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['createdAt', '-createdAt'], default: 'createdAt' },
          },
        }),
      kind: z
        .enum(['reply', 'note'])
        .exactOptional()
        .openapi({
          param: {
            name: 'kind',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['reply', 'note'] },
          },
        }),
      bodyFormat: BodyFormatParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'A page of messages.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketMessageListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdMessagesRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/messages',
  tags: ['Tickets'],
  summary: 'Add a reply or a note',
  description:
    "Adds a public `reply` (needs `tickets.reply`; a contact replies to its own tickets, and to its\norganisation's when it shares tickets with `members_reply`) or an internal `note` (needs `tickets.note`;\ncollaborators may note but not reply; contacts never note). The body is Markdown.\n\n`attachmentIds` (at most 20) puts files uploaded to this ticket (`uploadTicketAttachment`) on the\nmessage: each must be an upload of this same ticket not yet on a message (`422 attachment_not_found`\nnaming its index otherwise; a contact names only its own uploads), and one already on a message answers\n`409 attachment_claimed`. The answer, the lists and `ticket.message_created` carry the message's\n`attachments` (metadata; the bytes download from each one's `downloadUrl`). An attachment of a note is\nnever shown to a contact.\n\nA member's reply sets `firstResponseAt` (once) and `lastAgentMessageAt`; a contact's sets\n`lastCustomerMessageAt`. Status rules: a member's (an agent's) first public reply to a ticket whose status\ncategory is `new` moves it to the workspace's default `open` status (`ticket.status_changed`), as Zendesk\ndoes; a note leaves it `new`. A contact's reply to a `pending`, `on_hold` or `solved` ticket reopens it\nto the default `open` status; otherwise a reply leaves the status as it is. A `closed` ticket is final: any message answers `409 ticket_closed`, and a new ticket is needed.\n\n**Authorization:** needs the permission `tickets.reply`; an API key also needs the scope `tickets:write` (or `admin`). A note needs note instead.\n",
  operationId: 'createTicketMessage',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    query: z.object({ bodyFormat: BodyFormatParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateTicketMessageRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new message.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketMessageSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketsTicketIdParticipantsRoute = createRoute({
  method: 'get',
  path: '/v1/tickets/{ticketId}/participants',
  tags: ['Tickets'],
  summary: "List a ticket's participants",
  description:
    "The ticket's CC contacts (role `cc`) and follower members (role `follower`), oldest first. CC contacts see the ticket's public replies in the portal and may reply; followers are members who keep an eye on it.\n\n**Authorization:** needs the permission `tickets.read_all`; an API key also needs the scope `tickets:read` (or `admin`). Staff only: a contact may read the ticket but not its participants (403).\n",
  operationId: 'listTicketParticipants',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: "The ticket's participants.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketParticipantListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdParticipantsRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/participants',
  tags: ['Tickets'],
  summary: 'CC a contact or add a follower',
  description:
    'Adds a contact of the workspace as a CC participant (`type: contact`, role `cc`) or a member as a follower (`type: member`, role `follower`). A CC contact may then read the ticket and its public replies (never its notes) and reply to it. The person must exist in the workspace (`422 ticket_participant_not_found`), and may be added once (`409 ticket_participant_exists`); a role that does not fit the type is refused (`422 ticket_participant_role_invalid`), and a ticket takes at most 100 participants (`422 ticket_participants_limit`). Emits `ticket.participant_added`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'addTicketParticipant',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: AddTicketParticipantRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new participant.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketParticipantSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1TicketsTicketIdParticipantsParticipantIdRoute = createRoute({
  method: 'delete',
  path: '/v1/tickets/{ticketId}/participants/{participantId}',
  tags: ['Tickets'],
  summary: 'Remove a CC contact or a follower',
  description:
    'Removes the participant from the ticket: a CC contact no longer reads it (unless it may for another reason, e.g. as its requester). `404` when the contact or member is no participant. Emits `ticket.participant_removed`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'removeTicketParticipant',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
      participantId: ParticipantIdSchema.openapi({
        param: {
          name: 'participantId',
          in: 'path',
          required: true,
          description: "The participant's contact or member id.",
          schema: { $ref: '#/components/schemas/ParticipantId' },
        },
      }),
    }),
  },
  responses: {
    204: {
      description: 'Removed.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdPriorityRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/priority',
  tags: ['Tickets'],
  summary: "Set a ticket's priority",
  description:
    "Sets the ticket's priority (`low`, `normal`, `high` or `urgent`). Emits `ticket.updated`. Honours `If-Match`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'setTicketPriority',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
    body: {
      content: { 'application/json': { schema: SetTicketPriorityRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The ticket after the action.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdReadRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/read',
  tags: ['Tickets'],
  summary: 'Mark a ticket read',
  description:
    "Records that the caller (an API key's member) has read the ticket now: what its unread state is computed from.\nThe ticket itself does not change (same `ETag`), and no event is emitted. Contacts get 403.\n\n**Authorization:** needs the permission `tickets.read_all`; an API key also needs the scope `tickets:read` (or `admin`).\n",
  operationId: 'markTicketRead',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The ticket after the action.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdReturnRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/return',
  tags: ['Tickets'],
  summary: 'Return a ticket to its queue',
  description:
    "Unassigns the ticket: it goes back to its team's queue (the team stays). Emits `ticket.updated` and\n`ticket.assigned` when it had an assignee. Honours `If-Match`.\n\n**Authorization:** needs the permission `tickets.assign`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'returnTicket',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The ticket after the action.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1TicketsTicketIdSlaRoute = createRoute({
  method: 'get',
  path: '/v1/tickets/{ticketId}/sla',
  tags: ['SLA'],
  summary: "Get a ticket's SLA clocks",
  description:
    'The policy the ticket runs under and its clocks (`first_response`, `next_response`, `resolution`): status,\ndue and warning times, minutes used and pauses. Anyone who can read the ticket; any other answers 404.\n\n**Authorization:** needs the permission `tickets.read_all`; an API key also needs the scope `tickets:read` (or `admin`).\n',
  operationId: 'getTicketSla',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: "The ticket's SLA.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSlaSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdSnoozeRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/snooze',
  tags: ['Tickets'],
  summary: 'Snooze a ticket',
  description:
    "Snoozes the ticket `until` a time, or for `minutes`. Its status stays; `snoozedUntil` is set. When the time comes\nthe ticket wakes: `snoozedUntil` is cleared, a `pending` or `on_hold` ticket goes back to the workspace's default\n`open` status, and `ticket.unsnoozed` is emitted (and `ticket.status_changed` when the status changed), once\neven with several servers running. Snoozing again moves the time. A time in the past answers\n`422 schedule_in_past`; a closed ticket `409 ticket_closed`. Honours `If-Match`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'snoozeTicket',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
    body: {
      content: { 'application/json': { schema: SnoozeTicketRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The ticket after the action.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdStatusRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/status',
  tags: ['Tickets'],
  summary: "Set a ticket's status",
  description:
    "Sets the ticket's status (`422 ticket_status_not_found` for a status that does not exist or is archived). A closed\nticket cannot be reopened (`409 ticket_closed`). Emits `ticket.updated` and `ticket.status_changed`. Honours\n`If-Match`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'setTicketStatus',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
    body: {
      content: { 'application/json': { schema: SetTicketStatusRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The ticket after the action.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdTagsRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/tags',
  tags: ['Tickets'],
  summary: 'Add tags to a ticket',
  description:
    'Adds the tags the ticket does not have yet (tags are compared exactly). Emits `ticket.updated` when it changes\nanything. Honours `If-Match`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'addTicketTags',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
    body: { content: { 'application/json': { schema: TicketTagsRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The ticket after the action.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdTagsRemoveRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/tags/remove',
  tags: ['Tickets'],
  summary: 'Remove tags from a ticket',
  description:
    'Removes the tags given; tags the ticket does not have are ignored. Emits `ticket.updated` when it changes\nanything. Honours `If-Match`.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`).\n',
  operationId: 'removeTicketTags',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
    body: { content: { 'application/json': { schema: TicketTagsRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The ticket after the action.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsTicketIdTakeRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/{ticketId}/take',
  tags: ['Tickets'],
  summary: 'Take a ticket',
  description:
    "Assigns the ticket to the caller (an API key's member), keeping its team. Emits `ticket.updated` and\n`ticket.assigned`. Honours `If-Match`.\n\n**Authorization:** needs the permission `tickets.assign`; an API key also needs the scope `tickets:write` (or `admin`).\n",
  operationId: 'takeTicket',
  request: {
    params: z.object({
      ticketId: TicketIdSchema.openapi({
        param: {
          name: 'ticketId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/TicketId' },
        },
      }),
    }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The ticket after the action.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1TicketsBulkRoute = createRoute({
  method: 'post',
  path: '/v1/tickets/bulk',
  tags: ['Tickets'],
  summary: 'Update tickets in bulk',
  description:
    'Applies the same `changes` to up to 500 tickets, answered per ticket in `data`, in the order of `ticketIds`\n(duplicates answered once): `updated`, `unchanged` (nothing to change), `not_found` (no such ticket, or one\nthe caller cannot read: the two are never told apart), `forbidden` (the caller reads it but lacks `update`,\nor `assign` for `assigneeId` and `teamId`) or `invalid` (the change was refused, e.g. reopening a closed\nticket or an unknown status; `problem` says why). Each ticket is changed on its own, with the same events\nand timeline entries as `PATCH /v1/tickets/{ticketId}`: one failing never undoes another. More than 500\ndistinct ids answer `422 bulk_limit_exceeded` and change nothing.\n\n**Authorization:** needs the permission `tickets.update`; an API key also needs the scope `tickets:write` (or `admin`). Changing assigneeId or teamId needs assign; each ticket is checked on its own and answered `forbidden` when the caller lacks it.\n',
  operationId: 'bulkUpdateTickets',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: BulkUpdateTicketsRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'One result per ticket.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketActionResultsSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const putV1TicketsByExternalIdExternalIdRoute = createRoute({
  method: 'put',
  path: '/v1/tickets/by-external-id/{externalId}',
  tags: ['Tickets'],
  summary: 'Create or update a ticket by external id',
  description:
    'The CRM sync write: creates the ticket with this `externalId` (201; `subject` and `requesterId` are then\nrequired) or updates it (200). Fields left out keep their value; repeating the same request changes\nnothing and answers 200 with the same ETag.\n\n**Authorization:** needs the permission `tickets.create`; an API key also needs the scope `tickets:write` (or `admin`). Updating an existing ticket needs update (and assign for assigneeId or teamId).\n',
  operationId: 'upsertTicketByExternalId',
  request: {
    params: z.object({
      externalId: TicketExternalIdentifierSchema.openapi({
        param: {
          name: 'externalId',
          in: 'path',
          required: true,
          description: "The ticket's `externalId` (URL-encoded).",
          schema: { $ref: '#/components/schemas/TicketExternalIdentifier' },
        },
      }),
    }),
    body: {
      content: { 'application/json': { schema: UpsertTicketRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated ticket.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'Content-Location': {
          description: "The ticket's URL.",
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: "The ticket's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    201: {
      description: 'The new ticket.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The ticket's URL.",
          schema: z
            .string()
            .max(2048)
            .exactOptional()
            .openapi({ description: "The ticket's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1UnsubscribeRoute = createRoute({
  method: 'post',
  path: '/v1/unsubscribe',
  tags: ['Feedback'],
  summary: "One-click unsubscribe from a post's emails",
  description:
    'Public: turns off the one post subscription an email\'s unsubscribe token names, as the subscriber\'s own\nchoice. Every subscription email carries the link in its body and in the RFC 8058 headers\n`List-Unsubscribe: <…/v1/unsubscribe?token=…>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so\na mail client unsubscribes with one `POST` of the form body `List-Unsubscribe=One-Click` to that URL. The\ntoken may also come as JSON `{ "token": … }`. A token is signed by the server, names one subscription and\ndoes nothing else; one that does not verify, or whose subscription is gone, is 404. Emits\n`post_subscription.updated` when the level changes.\n\n**Authorization:** none: a public operation, called without a credential (one sent along is ignored).\n',
  operationId: 'unsubscribeByToken',
  request: {
    query: z.object({
      token: UnsubscribeTokenSchema.exactOptional().openapi({
        param: {
          name: 'token',
          in: 'query',
          required: false,
          description: "The unsubscribe token, as the email's link carries it.",
          schema: { $ref: '#/components/schemas/UnsubscribeToken' },
        },
      }),
    }),
    body: {
      content: {
        'application/json': {
          schema: UnsubscribeRequestSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                token:
                  'psub_01jh2x3y4z5a6b7c8d9e0f1g2h.3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
              },
            },
          },
        },
        'application/x-www-form-urlencoded': {
          schema: OneClickUnsubscribeFormSchema,
          examples: { example: { summary: 'Example', value: { 'List-Unsubscribe': 'One-Click' } } },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The subscription, now `off`.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: PostSubscriptionSchema,
          examples: {
            example: {
              summary: 'Example',
              value: {
                postId: 'post_01jh2x3y4z5a6b7c8d9e0f1g2h',
                subscriber: { type: 'contact', id: 'ct_01jh2x3y4z5a6b7c8d9e0f1g2h' },
                level: 'off',
                source: 'manual',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-27T09:00:00.000Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    404: {
      description: 'No subscription has this token (`not_found`).',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [],
})

export const getV1ViewsRoute = createRoute({
  method: 'get',
  path: '/v1/views',
  tags: ['Views'],
  summary: 'List views',
  description:
    "The views the caller sees: its own personal views, the views shared with a team it belongs to and the\nworkspace's shared views, by `position` (then creation) unless `sort` says otherwise. Needs a ticket read\npermission (`tickets.read_all`, `tickets.read_team` or `tickets.read_assigned`; `tickets:read` for keys).\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `tickets:read` (or `admin`). A member sees its personal views, its teams’ views and the workspace’s, if it may read tickets at all.\n",
  operationId: 'listViews',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['position', '-position', 'name', '-name', 'createdAt', '-createdAt'])
        .default('position')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['position', '-position', 'name', '-name', 'createdAt', '-createdAt'],
              default: 'position',
            },
          },
        }),
      sharing: ViewSharingSchema.exactOptional().openapi({
        param: {
          name: 'sharing',
          in: 'query',
          required: false,
          description: 'Only views of this sharing.',
          schema: { $ref: '#/components/schemas/ViewSharing' },
        },
      }),
      teamId: TeamIdSchema.exactOptional().openapi({
        param: {
          name: 'teamId',
          in: 'query',
          required: false,
          description: 'Only views shared with this team.',
          schema: { $ref: '#/components/schemas/TeamId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'A page of views.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ViewListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1ViewsRoute = createRoute({
  method: 'post',
  path: '/v1/views',
  tags: ['Views'],
  summary: 'Create a view',
  description:
    'Saves a ticket filter. `conditions` use the condition language (see `ConditionGroup`); a condition naming an\nunknown field, an operator the field does not take or a value of the wrong type answers\n`422 invalid_condition` with `errors[]` naming each path (`body.conditions.all[2].operator`). A\npersonal view (the default) needs only a ticket read permission; `team` sharing (with `teamId`, a team of\nthe workspace) needs `views.manage` workspace-wide or within that team; `workspace` sharing needs\n`views.manage` (`tickets:write` for keys).\n\n**Authorization:** needs the permission `views.manage`; an API key also needs the scope `tickets:write` (or `admin`). A personal view needs only a ticket read permission; team sharing needs views.manage (within the team suffices), workspace sharing views.manage workspace-wide.\n',
  operationId: 'createView',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: { content: { 'application/json': { schema: CreateViewRequestSchema } }, required: true },
  },
  responses: {
    201: {
      description: 'The new view.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        Location: {
          description: "The view's URL.",
          schema: z.string().max(2048).exactOptional().openapi({ description: "The view's URL." }),
        },
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ViewSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ViewsViewIdRoute = createRoute({
  method: 'get',
  path: '/v1/views/{viewId}',
  tags: ['Views'],
  summary: 'Get a view',
  description:
    "One view the caller sees, with an `ETag`; `If-None-Match` with the current one answers `304`. A view the\ncaller does not see (another member's personal view, another team's) answers `404`, like a missing one.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `tickets:read` (or `admin`).\n",
  operationId: 'getView',
  request: {
    params: z.object({
      viewId: ViewIdSchema.openapi({
        param: {
          name: 'viewId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ViewId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The view.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ViewSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1ViewsViewIdRoute = createRoute({
  method: 'delete',
  path: '/v1/views/{viewId}',
  tags: ['Views'],
  summary: 'Delete a view',
  description:
    'Deletes a view, with the same rights as changing it. Honours `If-Match` (`412`).\n\n**Authorization:** needs the permission `views.manage`; an API key also needs the scope `tickets:write` (or `admin`). As for update.\n',
  operationId: 'deleteView',
  request: {
    params: z.object({
      viewId: ViewIdSchema.openapi({
        param: {
          name: 'viewId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ViewId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1ViewsViewIdRoute = createRoute({
  method: 'patch',
  path: '/v1/views/{viewId}',
  tags: ['Views'],
  summary: 'Update a view',
  description:
    "Changes a view's name, description, sharing, conditions, sort, columns or position. The owner changes its\npersonal views; a team view needs `views.manage` workspace-wide or within its team, a workspace view\n`views.manage`; changing the sharing needs that right for the new sharing too. Conditions are validated as on\ncreate (`422 invalid_condition`). Honours `If-Match` (`412`).\n\n**Authorization:** needs the permission `views.manage`; an API key also needs the scope `tickets:write` (or `admin`). The owner changes its personal views; shared views need views.manage (within the team for a team view).\n",
  operationId: 'updateView',
  request: {
    params: z.object({
      viewId: ViewIdSchema.openapi({
        param: {
          name: 'viewId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ViewId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: { content: { 'application/json': { schema: UpdateViewRequestSchema } }, required: true },
  },
  responses: {
    200: {
      description: 'The updated view.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ViewSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ViewsViewIdTicketsRoute = createRoute({
  method: 'get',
  path: '/v1/views/{viewId}/tickets',
  tags: ['Views'],
  summary: "List a view's tickets",
  description:
    "The tickets matching the view's conditions that the caller may read, in the view's sort unless `sort`\noverrides it, with the same shape and pagination as `GET /v1/tickets`. Relative times (`older_than`,\n`newer_than`) count back from the moment of the request. A view whose conditions no longer fit the ticket\nfields (a custom field changed type since it was saved) answers `422 invalid_condition`.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `tickets:read` (or `admin`). The tickets are those of the view that the caller may read (the Ticket read predicate).\n",
  operationId: 'listViewTickets',
  request: {
    params: z.object({
      viewId: ViewIdSchema.openapi({
        param: {
          name: 'viewId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/ViewId' },
        },
      }),
    }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: ViewSortSchema.exactOptional().openapi({
        param: {
          name: 'sort',
          in: 'query',
          required: false,
          description: "Overrides the view's sort; a leading `-` sorts descending.",
          schema: { $ref: '#/components/schemas/ViewSort' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: "A page of the view's tickets.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: TicketListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ViewsCountsRoute = createRoute({
  method: 'get',
  path: '/v1/views/counts',
  tags: ['Views'],
  summary: 'Count the tickets of many views',
  description:
    'How many tickets match each of up to 50 views, counting only tickets the caller may read: an agent of team\nA never counts a team B ticket. All counts come from one SQL statement, cheap enough for a frontend to\npoll. A view the caller does not see answers `404`, naming its place in `errors[]` (`query.ids[2]`); a view\nwhose conditions no longer fit the ticket fields answers `422 invalid_condition`.\n\n**Authorization:** needs the permission `tickets.read_assigned`; an API key also needs the scope `tickets:read` (or `admin`). Each count is of the tickets the caller may read (the Ticket read predicate).\n',
  operationId: 'countViews',
  request: {
    query: z.object({
      ids: z
        .string()
        .regex(/^view_[0-7][0-9a-hjkmnp-tv-z]{25}(,view_[0-7][0-9a-hjkmnp-tv-z]{25}){0,49}$/)
        .min(30)
        .max(1549)
        .openapi({
          param: {
            name: 'ids',
            in: 'query',
            required: true,
            description: 'Comma-separated view ids, 1 to 50 (`view_a,view_b`).',
            schema: {
              type: 'string',
              minLength: 30,
              maxLength: 1549,
              pattern:
                '^view_[0-7][0-9a-hjkmnp-tv-z]{25}(,view_[0-7][0-9a-hjkmnp-tv-z]{25}){0,49}$',
              examples: ['view_01jh2x3y4z5a6b7c8d9e0f1g2h'],
            },
          },
          examples: ['view_01jh2x3y4z5a6b7c8d9e0f1g2h'],
        }),
    }),
  },
  responses: {
    200: {
      description: 'The count of each view, in the order asked.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: ViewCountListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1WebhooksRoute = createRoute({
  method: 'get',
  path: '/v1/webhooks',
  tags: ['Webhooks'],
  summary: 'List webhooks',
  description:
    'Webhooks of the workspace, newest first unless `sort` says otherwise. Needs `webhooks.manage` and the `webhooks:read` scope. Secrets are never listed.\n\n**Authorization:** needs the permission `webhooks.manage`; an API key also needs the scope `webhooks:read` (or `admin`).\n',
  operationId: 'listWebhooks',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['createdAt', '-createdAt'], default: '-createdAt' },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of webhooks.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1WebhooksRoute = createRoute({
  method: 'post',
  path: '/v1/webhooks',
  tags: ['Webhooks'],
  summary: 'Create a webhook',
  description:
    'Subscribes a URL to events. The answer carries `secret`, shown this once: it signs every delivery (Standard\nWebhooks headers `webhook-id`, `webhook-timestamp`, `webhook-signature`). The URL is checked (https, public\naddresses only) before it is saved: `422 webhook_url_not_allowed` names the reason. API keys limited to teams or\ninboxes cannot manage webhooks (a webhook receives events of the whole workspace).\n\nEach delivery is a POST of the event (`{ id, type, workspaceId, occurredAt, actor: { type, id }, data }`) with a\n10 s timeout. A 2xx answer is success; other answers and network errors are retried with exponential backoff\nand jitter for about 3 days (10 attempts), with the same `webhook-id` (deduplicate on it). A 410 Gone\ndisables the endpoint at once; so do 20 failed attempts in a row, and `webhook.disabled` is emitted.\n\n**Authorization:** needs the permission `webhooks.manage`; an API key also needs the scope `webhooks:write` (or `admin`).\n',
  operationId: 'createWebhook',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: { 'application/json': { schema: CreateWebhookRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new webhook, with its signing secret.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookWithSecretSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1WebhooksWebhookIdRoute = createRoute({
  method: 'get',
  path: '/v1/webhooks/{webhookId}',
  tags: ['Webhooks'],
  summary: 'Get a webhook',
  description:
    'One webhook endpoint: its URL, the events and teams it is subscribed to, whether it is active, and why\nLoopdesk disabled it if it did (`disabledAt`, `disabledReason`). Never its signing secret, which is shown\nonly when the webhook is created or its secret rotated. Answers with an `ETag`; `If-None-Match` with the\ncurrent one answers `304`.\n\n**Authorization:** needs the permission `webhooks.manage`; an API key also needs the scope `webhooks:read` (or `admin`).\n',
  operationId: 'getWebhook',
  request: {
    params: z.object({
      webhookId: WebhookIdSchema.openapi({
        param: {
          name: 'webhookId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WebhookId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The webhook (without its secret).',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1WebhooksWebhookIdRoute = createRoute({
  method: 'delete',
  path: '/v1/webhooks/{webhookId}',
  tags: ['Webhooks'],
  summary: 'Delete a webhook',
  description:
    'The webhook and its delivery log are deleted; pending deliveries are not attempted.\n\n**Authorization:** needs the permission `webhooks.manage`; an API key also needs the scope `webhooks:write` (or `admin`).\n',
  operationId: 'deleteWebhook',
  request: {
    params: z.object({
      webhookId: WebhookIdSchema.openapi({
        param: {
          name: 'webhookId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WebhookId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1WebhooksWebhookIdRoute = createRoute({
  method: 'patch',
  path: '/v1/webhooks/{webhookId}',
  tags: ['Webhooks'],
  summary: 'Update a webhook',
  description:
    'Changes the URL (checked again), events, filters, description or `active`. Setting `active` to true re-enables an endpoint Loopdesk disabled.\n\n**Authorization:** needs the permission `webhooks.manage`; an API key also needs the scope `webhooks:write` (or `admin`).\n',
  operationId: 'updateWebhook',
  request: {
    params: z.object({
      webhookId: WebhookIdSchema.openapi({
        param: {
          name: 'webhookId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WebhookId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateWebhookRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated webhook.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1WebhooksWebhookIdDeliveriesRoute = createRoute({
  method: 'get',
  path: '/v1/webhooks/{webhookId}/deliveries',
  tags: ['Webhooks'],
  summary: "List a webhook's deliveries",
  description:
    'The delivery log, newest first: status, attempts, the last response code, duration and the first 2 KiB of the last answer.\n\n**Authorization:** needs the permission `webhooks.manage`; an API key also needs the scope `webhooks:read` (or `admin`).\n',
  operationId: 'listWebhookDeliveries',
  request: {
    params: z.object({
      webhookId: WebhookIdSchema.openapi({
        param: {
          name: 'webhookId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WebhookId' },
        },
      }),
    }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: { type: 'string', enum: ['createdAt', '-createdAt'], default: '-createdAt' },
          },
        }),
      status: z
        .enum(['pending', 'succeeded', 'failed'])
        .exactOptional()
        .openapi({
          param: {
            name: 'status',
            in: 'query',
            required: false,
            description: 'Only deliveries in this status.',
            schema: { type: 'string', enum: ['pending', 'succeeded', 'failed'] },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of deliveries.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookDeliveryListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1WebhooksWebhookIdDeliveriesDeliveryIdRedeliverRoute = createRoute({
  method: 'post',
  path: '/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver',
  tags: ['Webhooks'],
  summary: 'Redeliver a delivery',
  description:
    'Sends the delivery again now, synchronously, with the same `webhook-id` and body (a new timestamp and\nsignature), even when it succeeded or the endpoint is inactive, and answers the delivery as recorded\nafter this attempt. A failed manual attempt schedules no retry.\n\n**Authorization:** needs the permission `webhooks.manage`; an API key also needs the scope `webhooks:write` (or `admin`).\n',
  operationId: 'redeliverWebhookDelivery',
  request: {
    params: z.object({
      webhookId: WebhookIdSchema.openapi({
        param: {
          name: 'webhookId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WebhookId' },
        },
      }),
      deliveryId: DeliveryIdSchema.openapi({
        param: {
          name: 'deliveryId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/DeliveryId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The delivery after the attempt.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookDeliverySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1WebhooksWebhookIdPingRoute = createRoute({
  method: 'post',
  path: '/v1/webhooks/{webhookId}/ping',
  tags: ['Webhooks'],
  summary: 'Ping a webhook',
  description:
    'Sends a `webhook.ping` event (`data: { webhook: { id, url } }`) now, synchronously, signed like any delivery,\nand answers its delivery record. Pings are not in the event log; they appear in the delivery log.\n\n**Authorization:** needs the permission `webhooks.manage`; an API key also needs the scope `webhooks:write` (or `admin`).\n',
  operationId: 'pingWebhook',
  request: {
    params: z.object({
      webhookId: WebhookIdSchema.openapi({
        param: {
          name: 'webhookId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WebhookId' },
        },
      }),
    }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    200: {
      description: 'The ping delivery after the attempt.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookDeliverySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1WebhooksWebhookIdRotateSecretRoute = createRoute({
  method: 'post',
  path: '/v1/webhooks/{webhookId}/rotate-secret',
  tags: ['Webhooks'],
  summary: "Rotate a webhook's signing secret",
  description:
    'Gives the webhook a new signing secret, returned in this answer only. For 24 hours the previous secret keeps\nsigning alongside the new one (`webhook-signature` then carries two space-separated `v1,…` signatures), so the\nreceiver can switch over without dropping a delivery; `previousSecretExpiresAt` says until when. Rotating\nagain ends any earlier window.\n\n**Authorization:** needs the permission `webhooks.manage`; an API key also needs the scope `webhooks:write` (or `admin`).\n',
  operationId: 'rotateWebhookSecret',
  request: {
    params: z.object({
      webhookId: WebhookIdSchema.openapi({
        param: {
          name: 'webhookId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WebhookId' },
        },
      }),
    }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The webhook with its new secret.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookWithSecretSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1WidgetProfilesRoute = createRoute({
  method: 'get',
  path: '/v1/widget-profiles',
  tags: ['Widget profiles'],
  summary: 'List widget profiles',
  description:
    'Widget profiles of the workspace with their publishable keys, newest first unless `sort` says otherwise. Needs `widget.manage` and the `widget:read` scope.\n\n**Authorization:** needs the permission `widget.manage`; an API key also needs the scope `widget:read` (or `admin`).\n',
  operationId: 'listWidgetProfiles',
  request: {
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: z
        .enum(['createdAt', '-createdAt', 'name', '-name'])
        .default('-createdAt')
        .exactOptional()
        .openapi({
          param: {
            name: 'sort',
            in: 'query',
            required: false,
            description: 'Sort order; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['createdAt', '-createdAt', 'name', '-name'],
              default: '-createdAt',
            },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'A page of widget profiles.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: WidgetProfileListSchema,
          examples: {
            page: {
              summary: 'One profile, no further page',
              value: {
                data: [
                  {
                    id: 'wp_01jh2x3y4z5a6b7c8d9e0f1g2h',
                    name: 'Marketing site',
                    environment: 'production',
                    allowedOrigins: ['https://www.example.com', 'https://*.example.com'],
                    publishableKey: 'wpk_3q2Xb9sV0kR1mN7tY4uW8zA6cD5eF1gH',
                    createdAt: '2026-11-26T15:04:05.123Z',
                    updatedAt: '2026-11-26T15:04:05.123Z',
                  },
                ],
                nextCursor: null,
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1WidgetProfilesRoute = createRoute({
  method: 'post',
  path: '/v1/widget-profiles',
  tags: ['Widget profiles'],
  summary: 'Create a widget profile',
  description:
    'Creates a profile with a new publishable key (`wpk_…`). The key is public by design: embed it in a web page or\nan app, where `Authorization: Bearer wpk_…` makes the caller an anonymous visitor of this workspace, who may\ndo only what the policies grant visitors. Browsers may use it only from `allowedOrigins` (exact origins or\n`*.` subdomain wildcards); `production` profiles take only `https` origins (`422 insecure_origin`). Needs\n`widget.manage` and the `widget:write` scope.\n\n**Authorization:** needs the permission `widget.manage`; an API key also needs the scope `widget:write` (or `admin`).\n',
  operationId: 'createWidgetProfile',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateWidgetProfileRequestSchema,
          examples: {
            site: {
              summary: 'A production site and its subdomains',
              value: {
                name: 'Marketing site',
                environment: 'production',
                allowedOrigins: ['https://www.example.com', 'https://*.example.com'],
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new widget profile with its publishable key.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: WidgetProfileSchema,
          examples: {
            created: {
              summary: 'The created profile',
              value: {
                id: 'wp_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Marketing site',
                environment: 'production',
                allowedOrigins: ['https://www.example.com', 'https://*.example.com'],
                publishableKey: 'wpk_3q2Xb9sV0kR1mN7tY4uW8zA6cD5eF1gH',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1WidgetProfilesProfileIdRoute = createRoute({
  method: 'get',
  path: '/v1/widget-profiles/{profileId}',
  tags: ['Widget profiles'],
  summary: 'Get a widget profile',
  description:
    'One widget profile with its publishable key. Needs `widget.manage` and the `widget:read` scope; a profile of another workspace is a 404.\n\n**Authorization:** needs the permission `widget.manage`; an API key also needs the scope `widget:read` (or `admin`).\n',
  operationId: 'getWidgetProfile',
  request: {
    params: z.object({
      profileId: WidgetProfileIdSchema.openapi({
        param: {
          name: 'profileId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WidgetProfileId' },
        },
      }),
    }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The widget profile.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: WidgetProfileSchema,
          examples: {
            profile: {
              summary: 'A profile',
              value: {
                id: 'wp_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Marketing site',
                environment: 'production',
                allowedOrigins: ['https://www.example.com', 'https://*.example.com'],
                publishableKey: 'wpk_3q2Xb9sV0kR1mN7tY4uW8zA6cD5eF1gH',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-26T15:04:05.123Z',
              },
            },
          },
        },
      },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const deleteV1WidgetProfilesProfileIdRoute = createRoute({
  method: 'delete',
  path: '/v1/widget-profiles/{profileId}',
  tags: ['Widget profiles'],
  summary: 'Delete a widget profile',
  description:
    'Deletes the profile; its publishable key stops working at once on this instance and within a few seconds on others.\n\n**Authorization:** needs the permission `widget.manage`; an API key also needs the scope `widget:write` (or `admin`).\n',
  operationId: 'deleteWidgetProfile',
  request: {
    params: z.object({
      profileId: WidgetProfileIdSchema.openapi({
        param: {
          name: 'profileId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WidgetProfileId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1WidgetProfilesProfileIdRoute = createRoute({
  method: 'patch',
  path: '/v1/widget-profiles/{profileId}',
  tags: ['Widget profiles'],
  summary: 'Update a widget profile',
  description:
    'Changes the name, environment or allowed origins. The publishable key stays; a narrowed origin list applies to the next request (within a few seconds on other instances). Switching to `production` needs every origin to be `https` (`422 insecure_origin`).\n\n**Authorization:** needs the permission `widget.manage`; an API key also needs the scope `widget:write` (or `admin`).\n',
  operationId: 'updateWidgetProfile',
  request: {
    params: z.object({
      profileId: WidgetProfileIdSchema.openapi({
        param: {
          name: 'profileId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WidgetProfileId' },
        },
      }),
    }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateWidgetProfileRequestSchema,
          examples: {
            origins: {
              summary: 'Replace the allowed origins',
              value: { allowedOrigins: ['https://app.example.com'] },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated widget profile.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: WidgetProfileSchema,
          examples: {
            updated: {
              summary: 'The profile after the change',
              value: {
                id: 'wp_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Marketing site',
                environment: 'production',
                allowedOrigins: ['https://app.example.com'],
                publishableKey: 'wpk_3q2Xb9sV0kR1mN7tY4uW8zA6cD5eF1gH',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-27T09:30:00.000Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1WidgetProfilesProfileIdRotateKeyRoute = createRoute({
  method: 'post',
  path: '/v1/widget-profiles/{profileId}/rotate-key',
  tags: ['Widget profiles'],
  summary: "Replace a widget profile's publishable key",
  description:
    'Gives the profile a new publishable key; the former one stops working at once on this instance and within a\nfew seconds on others. A publishable key is public, so the allow-list is what guards it in browsers; rotate\nwhen it is abused from outside a browser (a script flooding anonymous activity) or was published with the\nwrong profile. Every page or app that embeds the old key needs the new one.\n\n**Authorization:** needs the permission `widget.manage`; an API key also needs the scope `widget:write` (or `admin`).\n',
  operationId: 'rotateWidgetProfileKey',
  request: {
    params: z.object({
      profileId: WidgetProfileIdSchema.openapi({
        param: {
          name: 'profileId',
          in: 'path',
          required: true,
          schema: { $ref: '#/components/schemas/WidgetProfileId' },
        },
      }),
    }),
    headers: z.object({
      'Idempotency-Key': IdempotencyKeyParamsSchema,
      'If-Match': IfMatchParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'The profile with its new publishable key.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: {
        'application/json': {
          schema: WidgetProfileSchema,
          examples: {
            rotated: {
              summary: 'The profile with its new key',
              value: {
                id: 'wp_01jh2x3y4z5a6b7c8d9e0f1g2h',
                name: 'Marketing site',
                environment: 'production',
                allowedOrigins: ['https://www.example.com', 'https://*.example.com'],
                publishableKey: 'wpk_Zx8Vb2Nm4Qw6Er8Ty0Ui2Op4As6Df8Gh',
                createdAt: '2026-11-26T15:04:05.123Z',
                updatedAt: '2026-11-27T09:30:00.000Z',
              },
            },
          },
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1WorkspaceRoute = createRoute({
  method: 'get',
  path: '/v1/workspace',
  tags: ['Workspace'],
  summary: 'Get the current workspace',
  description:
    'The workspace the credential belongs to. API keys need the `workspace:read` scope.\n\n**Authorization:** needs the permission `members.read`; an API key also needs the scope `workspace:read` (or `admin`).\n',
  operationId: 'getWorkspace',
  request: { headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }) },
  responses: {
    200: {
      description: 'The workspace.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WorkspaceSchema } },
    },
    304: {
      description: 'Not modified since the `If-None-Match` ETag.',
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const patchV1WorkspaceRoute = createRoute({
  method: 'patch',
  path: '/v1/workspace',
  tags: ['Workspace'],
  summary: 'Update the current workspace',
  description:
    "Changes name, slug or time zone. Needs the `workspace.manage` permission (owners) and, for API keys, the\n`workspace:write` scope. Send `If-Match` with the ETag you read to avoid overwriting someone else's change.\n\n**Authorization:** needs the permission `workspace.manage`; an API key also needs the scope `workspace:write` (or `admin`).\n",
  operationId: 'updateWorkspace',
  request: {
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
    body: {
      content: { 'application/json': { schema: UpdateWorkspaceRequestSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The updated workspace.',
      headers: z.object({
        ETag: ETagHeaderSchema,
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WorkspaceSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const postV1WorkspacesRoute = createRoute({
  method: 'post',
  path: '/v1/workspaces',
  tags: ['Workspace'],
  summary: 'Sign up a workspace',
  description:
    'Creates a workspace, its owner member and a first owner API key (its `secret` is shown once).\nOnly available when the server runs with `LOOPDESK_SIGNUP_ENABLED=true`; otherwise `403 signup_disabled`.\nOperators create workspaces with `npm run bootstrap` instead.\n\n**Authorization:** none: a public operation, called without a credential (one sent along is ignored).\n',
  operationId: 'createWorkspace',
  request: {
    body: {
      content: { 'application/json': { schema: CreateWorkspaceRequestSchema } },
      required: true,
    },
  },
  responses: {
    201: {
      description: "The workspace, its owner and the owner's API key.",
      headers: z.object({
        'RateLimit-Limit': RateLimitLimitHeaderSchema,
        'RateLimit-Remaining': RateLimitRemainingHeaderSchema,
        'RateLimit-Reset': RateLimitResetHeaderSchema,
      }),
      content: { 'application/json': { schema: WorkspaceCreatedSchema } },
    },
    400: BadRequestResponse,
    403: ForbiddenResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [],
})
