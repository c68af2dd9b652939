import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const dataDir = mkdtempSync(join(tmpdir(), 'loopdesk-scripts-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/**
 * The scripts are process entry points of their own: they must install the areas as the server does. They run
 * as `npm run migrate` / `npm run bootstrap` run them: the build (dist/, made by global-setup).
 */
describe('npm run bootstrap', () => {
  it('creates a workspace, its owner and an owner key on a fresh embedded database', async () => {
    const env = { ...process.env, LOOPDESK_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' }
    await run(process.execPath, ['dist/migrate.js'], { env })
    const { stdout } = await run(
      process.execPath,
      ['dist/bootstrap.js', '--name', 'Acme', '--email', 'owner@acme.test', '--json'],
      { env },
    )
    const created = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')
    expect(created.workspaceId).toMatch(/^ws_/)
    expect(created.memberId).toMatch(/^mbr_/)
    expect(created.apiKey).toMatch(/^ld_/)
  }, 120_000)
})
