import { dirname, join } from 'node:path'
import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const tickSchedulesMessage =
  'must be a JSON object mapping tick names to cron patterns, e.g. {"prune-sessions":"*/10 * * * *"}'

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOOPDESK_DATA_DIR: z.string().min(1).default('./.loopdesk/data'),
  LOOPDESK_ATTACHMENTS_DIR: z.string().min(1).optional(),
  LOOPDESK_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOOPDESK_PUBLIC_URL: z.url().optional(),
  LOOPDESK_SIGNUP_ENABLED: bool.default(false),
  LOOPDESK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOOPDESK_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  LOOPDESK_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  LOOPDESK_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .refine((origins) => origins.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)), {
      message: 'must be * or a comma-separated list of origins like https://app.example.com',
    }),
  LOOPDESK_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  LOOPDESK_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
  LOOPDESK_WEBHOOKS_ALLOW_INSECURE: bool.default(false),
  LOOPDESK_WEBHOOKS_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(1).optional(),
  LOOPDESK_WEBHOOKS_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(128),
  LOOPDESK_WORKERS: z.enum(['inline', 'off']).default('inline'),
  LOOPDESK_TEST_KILL_AFTER_COMMIT: bool.default(false),
  LOOPDESK_TICK_SCHEDULES: z
    .string()
    .default('')
    .transform((v, ctx): unknown => {
      if (v.trim() === '') return {}
      try {
        return JSON.parse(v)
      } catch {
        ctx.addIssue({ code: 'custom', message: tickSchedulesMessage })
        return z.NEVER
      }
    })
    .pipe(
      z.record(z.string(), z.string({ error: 'must be a cron pattern (a string)' }).min(1), {
        error: tickSchedulesMessage,
      }),
    ),
})

export interface Config {
  port: number
  host: string
  /** Set: PostgreSQL through postgres.js. Unset: embedded PGlite in `dataDir`. */
  databaseUrl?: string
  databasePoolSize: number
  dataDir: string
  /**
   * Where attachment bytes are kept on disk (Node). Default: `attachments` beside the data directory
   * (`./.loopdesk/attachments`), never inside it: PostgreSQL's data directory holds only its own files.
   */
  attachmentsDir: string
  /** The largest attachment an upload may carry (`LOOPDESK_ATTACHMENT_MAX_BYTES`, default 25 MB); larger: 413. */
  attachmentMaxBytes: number
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL']
  /** The URL clients reach the server at (printed, used in links). Defaults to http://host:port. */
  publicUrl: string
  /** Whether `POST /v1/workspaces` lets anyone create a workspace. */
  signupEnabled: boolean
  /** Signs cursors. When unset, one is generated once and kept in the database. */
  secret?: string
  bodyLimitBytes: number
  rateLimit: { limit: number; windowSeconds: number }
  /** Browser origins allowed to call the API (CORS); empty: none, `*`: any. */
  corsOrigins: string[]
  /** Origins a cookie-authenticated write may come from: the public URL's and the CORS origins. */
  allowedOrigins: string[]
  /** Audit-log entries older than this many days are pruned hourly; 0 keeps them forever. */
  auditRetentionDays: number
  /**
   * Webhooks may use http and reach loopback and private addresses. For local development and tests only:
   * in production it lets a webhook probe the internal network (SSRF).
   */
  webhooksAllowInsecure: boolean
  /**
   * How long a delivery run may stay claimed before pg-boss presumes its worker dead and retries it (default
   * 30 s, three times the 10 s request timeout). Shorter only in tests that kill workers: a live run taking
   * longer than this would be sent twice (same `webhook-id`).
   */
  webhooksJobExpireSeconds?: number
  /**
   * Deliveries one worker process has in flight at once (default 128). Deliveries mostly wait on receivers,
   * so this, not CPU, bounds a worker's rate: about concurrency ÷ a receiver's answer time.
   */
  webhooksConcurrency: number
  /**
   * `inline`: the API process also runs the event dispatcher, job handlers and ticks. `off`: it only
   * serves requests, and `npm run worker` processes (PostgreSQL only) do the background work.
   */
  workers: 'inline' | 'off'
  /**
   * Test only (`LOOPDESK_TEST_KILL_AFTER_COMMIT`): the process kills itself (SIGKILL) right after an idempotent
   * request commits and before it answers, so a test can prove the retry gets the stored answer.
   */
  testKillAfterCommit: boolean
  /**
   * Tick name → croner pattern (UTC, seconds optional) replacing that tick's built-in schedule
   * (`LOOPDESK_TICK_SCHEDULES`, a JSON object; default none). The workers refuse to start when a name matches
   * no registered tick or a pattern is invalid.
   */
  tickSchedules: Record<string, string>
}

/** Parse the environment once, failing with every problem listed rather than at first use. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const publicUrl = e.LOOPDESK_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.LOOPDESK_DATA_DIR,
    attachmentsDir: e.LOOPDESK_ATTACHMENTS_DIR ?? join(dirname(e.LOOPDESK_DATA_DIR), 'attachments'),
    attachmentMaxBytes: e.LOOPDESK_ATTACHMENT_MAX_BYTES,
    logLevel: e.LOG_LEVEL,
    publicUrl,
    signupEnabled: e.LOOPDESK_SIGNUP_ENABLED,
    secret: e.LOOPDESK_SECRET,
    bodyLimitBytes: e.LOOPDESK_BODY_LIMIT_BYTES,
    rateLimit: { limit: e.LOOPDESK_RATE_LIMIT, windowSeconds: e.LOOPDESK_RATE_LIMIT_WINDOW_SECONDS },
    corsOrigins: e.LOOPDESK_CORS_ORIGINS,
    allowedOrigins: [new URL(publicUrl).origin, ...e.LOOPDESK_CORS_ORIGINS.filter((o) => o !== '*')],
    auditRetentionDays: e.LOOPDESK_AUDIT_RETENTION_DAYS,
    webhooksAllowInsecure: e.LOOPDESK_WEBHOOKS_ALLOW_INSECURE,
    webhooksJobExpireSeconds: e.LOOPDESK_WEBHOOKS_JOB_EXPIRE_SECONDS,
    webhooksConcurrency: e.LOOPDESK_WEBHOOKS_CONCURRENCY,
    workers: e.LOOPDESK_WORKERS,
    testKillAfterCommit: e.LOOPDESK_TEST_KILL_AFTER_COMMIT,
    tickSchedules: e.LOOPDESK_TICK_SCHEDULES,
  }
}
