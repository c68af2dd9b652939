import type { Db } from '../db/database'
import type { ContactId, WorkspaceId } from '../ids'

/** What a contact merge moves from `source` to `target`, inside the merge's transaction. */
export interface ContactMove {
  workspaceId: WorkspaceId
  sourceId: ContactId
  targetId: ContactId
}

/** Moves what one area keeps about a contact (its tickets, votes, sessions…) from the source to the target. */
export type ContactMergeStep = (tx: Db, move: ContactMove) => Promise<void>

const steps: ContactMergeStep[] = []

/**
 * Add merge steps (the area registry does, once per process). An area whose rows point at contacts declares
 * its step (`contactMergeSteps` in its declaration), and every merge moves its rows from then on.
 */
export function registerContactMergeSteps(added: ContactMergeStep[]): void {
  steps.push(...added)
}

/** Every declared step, in declaration order: a merge runs them all in its transaction. */
export const contactMergeSteps = (): readonly ContactMergeStep[] => steps
