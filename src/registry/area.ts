import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ResourceSpec } from '../authz/resources'
import type { EventDefinitions } from '../events/catalogue'
import type { EventReaction } from '../events/reactions'
import type { AppEnv } from '../http/context'
import type { ProblemDefinition } from '../http/errors'
import type { WorkerModule } from '../jobs/module'
import type { Tick } from '../jobs/ticks'
import type { ContactMergeStep } from '../kit/contact-merge'
import type { NotificationKindDefinition } from '../notifications/kinds'
import type { SearchSource } from '../search/sources'
import type { WorkspaceSetup } from './workspace-setup'

/**
 * Everything an area adds to the engine, in one place: `src/areas/<area>/index.ts` default-exports it, and
 * `npm run generate` lists every area folder in generated/areas.ts, which installs them. Nothing else names
 * an area: the app mounts its routes, the policy registers its resource types, the event catalogue, the
 * problem table, the workers and contact merges take what it declares, and the spec's lists (`EventType`,
 * `ProblemCode`, `AuthorizationResourceType`, `NotificationKind`, the `webhooks` section) are generated from
 * the installed declarations.
 */
export interface AreaDeclaration {
  /** The folder's name; its operations are in spec/paths/<name>.yaml (when it serves any). */
  name: string
  /** Registers its operations: `app.openapi(operations.listContacts, …)`. */
  routes?: (app: OpenAPIHono<AppEnv>) => void
  /** Resource types for the Polar policy (its `<area>.polar` holds their rules), with tables and relations. */
  resources?: Record<string, ResourceSpec>
  /** Its event types (payload types augment `EventPayloads`; payload schemas are `<Type>Data` in the spec). */
  events?: EventDefinitions
  /** Its problem codes (augment `AreaProblemCodes` to type them). */
  problems?: Record<string, ProblemDefinition>
  /**
   * What it does inside the transaction that emits an event (routing on `ticket.created`, SLA clocks on a
   * status change), as opposed to `workers`, which react after commit.
   */
  reactions?: EventReaction[]
  /** Its background work: queues, job handlers, event listeners. */
  workers?: WorkerModule[]
  /** Its scheduled ticks (each slot runs on one instance). */
  ticks?: Tick[]
  /** What it moves from a contact merged into another, in the merge's transaction. */
  contactMergeSteps?: ContactMergeStep[]
  /** The notification kinds its events produce. */
  notificationKinds?: Record<string, NotificationKindDefinition>
  /** What it adds to `GET /v1/search`: a `types` value and the hits of its records the caller may read. */
  searchSources?: SearchSource[]
  /**
   * Writes its defaults into every new workspace (ticket statuses, …), inside `createWorkspace`'s transaction.
   * Workspaces created before an area declared it do not get them retroactively.
   */
  setupWorkspace?: WorkspaceSetup
}

/** Declare an area (typed identity: the shape is checked where it is written). */
export const defineArea = (declaration: AreaDeclaration): AreaDeclaration => declaration
