import { createRoute, z } from '@hono/zod-openapi'

const HealthSchema = z
  .object({ status: z.literal('ok') })
  .openapi({ required: ['status'] })
  .openapi('Health')

const ProblemCodeSchema = z
  .enum([
    'validation_failed',
    'malformed_json',
    'invalid_cursor',
    'unauthorized',
    'forbidden',
    'invalid_origin',
    'signup_disabled',
    'not_found',
    'conflict',
    'slug_taken',
    'idempotency_key_in_progress',
    'precondition_failed',
    'payload_too_large',
    'unsupported_media_type',
    'idempotency_key_reused',
    'expiry_in_past',
    'rate_limited',
    'internal_error',
    'not_ready',
  ])
  .openapi({
    description:
      'Stable, machine-readable error code. Clients branch on this, never on `title` or `detail`.',
  })
  .openapi('ProblemCode')

const ProblemFieldErrorSchema = z
  .strictObject({
    path: z
      .string()
      .openapi({
        description:
          'Where the bad value is, as `body.name`, `query.limit`, `params.apiKeyId` or `headers.idempotency-key`.',
        examples: ['body.name'],
      }),
    code: z
      .string()
      .openapi({
        description:
          'What is wrong with it (`invalid_type`, `too_small`, `invalid_format`, `unrecognized_keys`, …).',
        examples: ['too_small'],
      }),
    message: z
      .string()
      .openapi({ examples: ['Too small: expected string to have >=1 characters'] }),
  })
  .openapi({ required: ['path', 'code', 'message'] })
  .openapi('ProblemFieldError')

const ProblemSchema = z
  .object({
    type: z
      .string()
      .openapi({
        description: 'A URI naming the problem type (`https://loopdesk.dev/problems/<code>`).',
        examples: ['https://loopdesk.dev/problems/validation_failed'],
      }),
    title: z.string().openapi({ examples: ['The request is not valid'] }),
    status: z.int().openapi({ examples: [400] }),
    detail: z
      .string()
      .exactOptional()
      .openapi({ examples: ['body.name is required'] }),
    code: ProblemCodeSchema,
    requestId: z.string().openapi({ examples: ['req_01jh2x3y4z5a6b7c8d9e0f1g2h'] }),
    errors: z.array(ProblemFieldErrorSchema).exactOptional(),
    missingPermission: z
      .string()
      .exactOptional()
      .openapi({
        description:
          'For `forbidden`, the catalogue permission the caller lacks (see `GET /v1/permissions`).',
        examples: ['contacts.manage'],
      }),
    missingScope: z
      .string()
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

const ReadinessSchema = z
  .object({
    status: z.literal('ok'),
    database: z
      .enum(['pglite', 'postgres'])
      .openapi({ description: 'Which database driver answered.' }),
  })
  .openapi({ required: ['status', 'database'] })
  .openapi('Readiness')

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

const CreateWorkspaceRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(120),
    slug: WorkspaceSlugSchema.exactOptional(),
    timezone: TimezoneSchema.exactOptional(),
    owner: z
      .strictObject({ email: z.email().max(254), name: z.string().min(1).max(120).exactOptional() })
      .openapi({ required: ['email'] }),
  })
  .openapi({ required: ['name', 'owner'] })
  .openapi('CreateWorkspaceRequest')

const WorkspaceIdSchema = z
  .string()
  .regex(/^ws_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a workspace id (ws_…)' })
  .openapi({
    description: 'A workspace id (TypeID with prefix `ws`).',
    examples: ['ws_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('WorkspaceId')

const WorkspaceSchema = z
  .object({
    id: WorkspaceIdSchema,
    name: z.string().openapi({ examples: ['Acme'] }),
    slug: z
      .string()
      .openapi({
        description: 'Unique across the installation; used in portal URLs.',
        examples: ['acme'],
      }),
    timezone: z
      .string()
      .openapi({
        description: 'IANA time zone used for business hours and reports.',
        examples: ['Europe/Berlin'],
      }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi({ required: ['id', 'name', 'slug', 'timezone', 'createdAt', 'updatedAt'] })
  .openapi('Workspace')

const MemberIdSchema = z
  .string()
  .regex(/^mbr_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be a member id (mbr_…)' })
  .openapi({
    description: 'A member id (TypeID with prefix `mbr`).',
    examples: ['mbr_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('MemberId')

const MemberSchema = z
  .object({
    id: MemberIdSchema,
    email: z.email(),
    name: z.string(),
    status: z
      .enum(['active', 'deactivated'])
      .openapi({
        description:
          '`deactivated` members cannot sign in and their sessions and API keys stop working.',
      }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi({
    description: 'A staff member of the workspace.',
    required: ['id', 'email', 'name', 'status', 'createdAt', 'updatedAt'],
  })
  .openapi('Member')

const ApiKeyIdSchema = z
  .string()
  .regex(/^ak_[0-7][0-9a-hjkmnp-tv-z]{25}$/, { error: 'must be an API key id (ak_…)' })
  .openapi({
    description: 'An API key id (TypeID with prefix `ak`).',
    examples: ['ak_01jh2x3y4z5a6b7c8d9e0f1g2h'],
  })
  .openapi('ApiKeyId')

const ApiKeyCreatedSchema = z
  .object({
    id: ApiKeyIdSchema,
    name: z.string(),
    start: z.string(),
    createdBy: MemberIdSchema,
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    secret: z
      .string()
      .openapi({
        description: 'The whole key. Shown only in this answer; store it now.',
        examples: ['ld_7Qx2aB9kLmN3pQrStUvWxYz0123456789abcdEFGH'],
      }),
  })
  .openapi({
    required: [
      'id',
      'name',
      'start',
      'createdBy',
      'createdAt',
      'expiresAt',
      'lastUsedAt',
      'revokedAt',
      'secret',
    ],
  })
  .openapi('ApiKeyCreated')

const WorkspaceCreatedSchema = z
  .object({ workspace: WorkspaceSchema, member: MemberSchema, apiKey: ApiKeyCreatedSchema })
  .openapi({ required: ['workspace', 'member', 'apiKey'] })
  .openapi('WorkspaceCreated')

const UpdateWorkspaceRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(120).exactOptional(),
    slug: WorkspaceSlugSchema.exactOptional(),
    timezone: TimezoneSchema.exactOptional(),
  })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateWorkspaceRequest')

const ApiKeySchema = z
  .object({
    id: ApiKeyIdSchema,
    name: z.string().openapi({ examples: ['CRM sync'] }),
    start: z
      .string()
      .openapi({
        description:
          'The first characters of the secret, to recognise the key. Never enough to use it.',
        examples: ['ld_7Qx2aB9'],
      }),
    createdBy: MemberIdSchema,
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso
      .datetime()
      .nullable()
      .openapi({ description: 'Updated at most once a minute.' }),
    revokedAt: z.iso.datetime().nullable(),
  })
  .openapi({
    required: [
      'id',
      'name',
      'start',
      'createdBy',
      'createdAt',
      'expiresAt',
      'lastUsedAt',
      'revokedAt',
    ],
  })
  .openapi('ApiKey')

const ApiKeyListSchema = z
  .object({ data: z.array(ApiKeySchema), nextCursor: z.string().nullable() })
  .openapi({ required: ['data', 'nextCursor'] })
  .openapi('ApiKeyList')

const CreateApiKeyRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(120),
    expiresAt: z.iso
      .datetime()
      .exactOptional()
      .openapi({ description: 'When the key stops working. Must be in the future.' }),
  })
  .openapi({ required: ['name'] })
  .openapi('CreateApiKeyRequest')

const UpdateApiKeyRequestSchema = z
  .strictObject({ name: z.string().min(1).max(120).exactOptional() })
  .refine((o) => Object.keys(o).length >= 1)
  .openapi('UpdateApiKeyRequest')

const BadRequestResponse = {
  description:
    'The request is malformed: invalid JSON, a parameter or body field that fails validation, or a tampered cursor (`validation_failed`, `malformed_json`, `invalid_cursor`).',
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const ForbiddenResponse = {
  description: 'The caller may see the resource but not do this (`forbidden`).',
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const ConflictResponse = {
  description:
    'The request conflicts with the current state (`conflict`, `slug_taken`, `idempotency_key_in_progress`).',
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const PayloadTooLargeResponse = {
  description: 'The body is over the limit (`payload_too_large`).',
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const UnsupportedMediaTypeResponse = {
  description: 'The body is not `application/json` (`unsupported_media_type`).',
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const RetryAfterHeaderSchema = z
  .int()
  .exactOptional()
  .openapi({ description: 'Seconds to wait before retrying.' })

const TooManyRequestsResponse = {
  description: 'Rate limited (`rate_limited`); see `Retry-After`.',
  headers: z.object({ 'Retry-After': RetryAfterHeaderSchema }),
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const InternalErrorResponse = {
  description: 'An unexpected error (`internal_error`); the `requestId` finds it in the logs.',
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const UnauthorizedResponse = {
  description:
    'No credentials, or credentials that are unknown, expired or revoked (`unauthorized`).',
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const PreconditionFailedResponse = {
  description: 'The `If-Match` ETag is stale (`precondition_failed`).',
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const UnprocessableEntityResponse = {
  description:
    'The request is well-formed but cannot be applied (`idempotency_key_reused`, `expiry_in_past`).',
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

const NotFoundResponse = {
  description: 'No such resource in this workspace, or not visible to the caller (`not_found`).',
  content: { 'application/problem+json': { schema: ProblemSchema } },
}

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

const LimitParamsSchema = z.coerce
  .number()
  .pipe(z.int().min(1).max(100))
  .default(25)
  .exactOptional()
  .openapi({
    param: {
      name: 'limit',
      in: 'query',
      required: false,
      description: 'How many items to return (1–100).',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
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

const ApiKeyIdPathParamsSchema = ApiKeyIdSchema.openapi({
  param: {
    name: 'apiKeyId',
    in: 'path',
    required: true,
    schema: { $ref: '#/components/schemas/ApiKeyId' },
  },
})

const ETagHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({ description: 'The version of the resource, for `If-Match` and `If-None-Match`.' })

const BearerAuthSecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description: 'An API key (`ld_…`).',
}

export const getHealthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['System'],
  summary: 'Liveness probe',
  description: 'Answers while the process is up. Does not touch the database.',
  operationId: 'getHealth',
  responses: {
    200: {
      description: 'The process is alive.',
      content: { 'application/json': { schema: HealthSchema } },
    },
    400: BadRequestResponse,
  },
  security: [],
})

export const getReadyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['System'],
  summary: 'Readiness probe',
  description: 'Answers 200 when the database answers, 503 (`not_ready`) otherwise.',
  operationId: 'getReadiness',
  responses: {
    200: {
      description: 'Ready to serve.',
      content: { 'application/json': { schema: ReadinessSchema } },
    },
    400: BadRequestResponse,
    503: {
      description: 'The database does not answer (`not_ready`).',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
  security: [],
})

export const postV1WorkspacesRoute = createRoute({
  method: 'post',
  path: '/v1/workspaces',
  tags: ['Workspace'],
  summary: 'Sign up a workspace',
  description:
    'Creates a workspace, its owner member and a first owner API key (its `secret` is shown once).\nOnly available when the server runs with `LOOPDESK_SIGNUP_ENABLED=true`; otherwise `403 signup_disabled`.\nOperators create workspaces with `npm run bootstrap` instead.\n',
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

export const getV1WorkspaceRoute = createRoute({
  method: 'get',
  path: '/v1/workspace',
  tags: ['Workspace'],
  summary: 'Get the current workspace',
  description: 'The workspace the credential belongs to.',
  operationId: 'getWorkspace',
  request: { headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }) },
  responses: {
    200: {
      description: 'The workspace.',
      headers: z.object({ ETag: ETagHeaderSchema }),
      content: { 'application/json': { schema: WorkspaceSchema } },
    },
    304: { description: 'Not modified since the `If-None-Match` ETag.' },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
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
    "Changes name, slug or time zone. Send `If-Match` with the ETag you read to avoid overwriting someone else's change.",
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
      headers: z.object({ ETag: ETagHeaderSchema }),
      content: { 'application/json': { schema: WorkspaceSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    409: ConflictResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})

export const getV1ApiKeysRoute = createRoute({
  method: 'get',
  path: '/v1/api-keys',
  tags: ['API keys'],
  summary: 'List API keys',
  description:
    "The workspace's API keys, newest first unless `sort` says otherwise. Secrets are never listed.",
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
    }),
  },
  responses: {
    200: {
      description: 'A page of API keys.',
      content: { 'application/json': { schema: ApiKeyListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
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
    'Creates a key acting for the calling member. The answer carries `secret`, shown this once.',
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
      headers: z.object({ ETag: ETagHeaderSchema }),
      content: { 'application/json': { schema: ApiKeyCreatedSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
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
  operationId: 'getApiKey',
  request: {
    params: z.object({ apiKeyId: ApiKeyIdPathParamsSchema }),
    headers: z.object({ 'If-None-Match': IfNoneMatchParamsSchema }),
  },
  responses: {
    200: {
      description: 'The key (without its secret).',
      headers: z.object({ ETag: ETagHeaderSchema }),
      content: { 'application/json': { schema: ApiKeySchema } },
    },
    304: { description: 'Not modified since the `If-None-Match` ETag.' },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
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
    'The key stops working at once. Revoked keys stay listable with `status=revoked`; revoking twice is harmless.',
  operationId: 'revokeApiKey',
  request: {
    params: z.object({ apiKeyId: ApiKeyIdPathParamsSchema }),
    headers: z.object({ 'If-Match': IfMatchParamsSchema }),
  },
  responses: {
    204: { description: 'Revoked.' },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
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
  summary: 'Rename an API key',
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
      headers: z.object({ ETag: ETagHeaderSchema }),
      content: { 'application/json': { schema: ApiKeySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    404: NotFoundResponse,
    412: PreconditionFailedResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
  },
  security: [{ bearerAuth: [] }],
})
