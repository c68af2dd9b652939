import type { Db } from '../db/database'
import type { WorkspaceId } from '../ids'

/**
 * What one area writes into a new workspace (its default statuses, settings rows…), inside the transaction
 * that creates the workspace: a workspace never exists without its defaults.
 */
export type WorkspaceSetup = (tx: Db, workspaceId: WorkspaceId) => Promise<void>

const setups: { area: string; setup: WorkspaceSetup }[] = []
let loaded = false

/** Add an area's setup (the area registry does, once per process, for every area, with or without one). */
export function registerWorkspaceSetup(setup: WorkspaceSetup | undefined, area: string): void {
  loaded = true
  if (setup) setups.push({ area, setup })
}

/**
 * Run every installed area's `setupWorkspace` for a workspace just created, in declaration order, in the
 * caller's transaction. Throws when the area registry is not loaded: a workspace created then would silently
 * lack its defaults.
 */
export async function runWorkspaceSetups(tx: Db, workspaceId: WorkspaceId): Promise<void> {
  if (!loaded) throw new Error('no workspace setups: the area registry (generated/areas.ts) is not loaded')
  for (const { setup } of setups) await setup(tx, workspaceId)
}
