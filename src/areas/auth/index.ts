import { and, eq } from 'drizzle-orm'
import { sessions } from '../../db/schema'
import { defineArea } from '../../registry/area'
import { registerAuthRoutes } from './routes'

declare module '../../http/errors' {
  interface AreaProblemCodes {
    invalid_credentials: true
    workspace_required: true
    session_required: true
  }
}

/** Sign-in: member passwords, contacts' portal codes and links, sessions. */
export default defineArea({
  name: 'auth',
  routes: registerAuthRoutes,
  problems: {
    invalid_credentials: { status: 401, title: 'The credentials are not valid' },
    workspace_required: { status: 422, title: 'Name the workspace to sign in to' },
    session_required: { status: 422, title: 'This operation needs a session, not an API key' },
  },
  contactMergeSteps: [
    // A portal session authenticates the person as the source: it ends, and they sign in again as the target.
    async (tx, move) => {
      await tx
        .delete(sessions)
        .where(and(eq(sessions.workspaceId, move.workspaceId), eq(sessions.contactId, move.sourceId)))
    },
  ],
})
