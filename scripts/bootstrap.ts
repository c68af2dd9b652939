// npm run bootstrap -- --name "Acme" --email owner@acme.test [--owner-name "Ada"] [--slug acme] [--timezone Europe/Berlin] [--json]
// Creates a workspace with an owner member and an owner API key, for scripts, CI and first installs.
// Areas declare the event types the workspace's creation emits: install them (the app does it for the server).
import '../generated/areas'
import { parseArgs } from 'node:util'
import { createWorkspace } from '../src/areas/workspace/service'
import { loadConfig } from '../src/config'
import { openDatabase } from '../src/db/client'
import { DataDirError } from '../src/db/data-dir'
import { MigrationError } from '../src/db/migrate'
import { ApiError } from '../src/http/errors'
import { isEmailAddress } from '../src/mail/address'

const usage =
  'usage: npm run bootstrap -- --name <workspace name> --email <owner email> [--owner-name <name>] [--slug <slug>] [--timezone <IANA zone>] [--json]'

let values: ReturnType<typeof parse>['values']
function parse() {
  return parseArgs({
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      'owner-name': { type: 'string' },
      slug: { type: 'string' },
      timezone: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
}
try {
  values = parse().values
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}\n`)
  process.exit(2)
}
if (values.help || !values.name || !values.email) {
  process.stderr.write(`${usage}\n`)
  process.exit(values.help ? 0 : 2)
}
if (!isEmailAddress(values.email)) {
  process.stderr.write(`--email ${values.email} is not an email address\n`)
  process.exit(2)
}

const config = loadConfig()
// An embedded data directory that a running server holds is refused (src/db/data-dir.ts), as a second
// server would be: with the server running, create workspaces through its API, or stop it first.
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: 2,
}).catch((error: unknown) => {
  if (!(error instanceof DataDirError)) throw error
  process.stderr.write(`bootstrap: ${error.message}\n`)
  process.exit(1)
})
try {
  await database.migrate()
  const created = await createWorkspace(database.db, {
    name: values.name,
    slug: values.slug,
    timezone: values.timezone,
    owner: { email: values.email, name: values['owner-name'] },
    apiKeyName: 'Bootstrap key',
  })
  const result = { workspaceId: created.workspace.id, memberId: created.member.id, apiKey: created.secret }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } else {
    process.stdout.write(
      `Workspace ${created.workspace.name} (${result.workspaceId}, slug ${created.workspace.slug})\n` +
        `Owner     ${created.member.email} (${result.memberId})\n` +
        `API key   ${result.apiKey}   (shown once; store it now)\n`,
    )
  }
} catch (error) {
  if (error instanceof ApiError) {
    process.stderr.write(`bootstrap failed: ${error.code}: ${error.detail ?? error.message}\n`)
    process.exitCode = 1
  } else if (error instanceof MigrationError) {
    process.stderr.write(`bootstrap: ${error.message}\n`)
    process.exitCode = 1
  } else {
    throw error
  }
} finally {
  await database.close()
}
