import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { openPglite } from '../src/db/pglite'
import { pgliteTemplatePath } from '../src/db/pglite-template'
import { openPostgres } from '../src/db/postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The per-run PostgreSQL databases, one per worker (`testDatabaseUrl()` picks this worker's), when
     * TEST_DATABASE_URL is set; tests use PGlite otherwise.
     */
    databaseUrls: string[] | undefined
    /** A migrated PGlite data directory (tarball path) that each test file loads instead of running initdb. */
    pgliteSnapshot: string | undefined
  }
}

/**
 * With TEST_DATABASE_URL (a server URL, e.g. postgres://postgres@127.0.0.1:5432/postgres), create a fresh
 * database with a random name for this run, migrate it once, copy it for each worker, and drop them all
 * afterwards. Never reuses state.
 */
export default async function setup(project: TestProject) {
  // test/server.test.ts and test/startup/ run the production build (dist/), as `npm start` does: build it
  // once for the run, when the sources are newer than it.
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' })
  const serverUrl = process.env.TEST_DATABASE_URL
  if (!serverUrl) {
    // The build's pre-migrated template is exactly the snapshot the tests need.
    const template = pgliteTemplatePath()
    if (existsSync(template)) {
      project.provide('databaseUrls', undefined)
      project.provide('pgliteSnapshot', template)
      return
    }
    const database = await openPglite()
    await database.migrate()
    const path = join(tmpdir(), `loopdesk-test-${randomBytes(6).toString('hex')}.tar`)
    writeFileSync(path, Buffer.from(await (await database.snapshot()).arrayBuffer()))
    await database.close()
    project.provide('databaseUrls', undefined)
    project.provide('pgliteSnapshot', path)
    return () => rmSync(path, { force: true })
  }
  project.provide('pgliteSnapshot', undefined)
  const name = `loopdesk_test_${randomBytes(6).toString('hex')}`
  // One database per worker, each a copy of the migrated one (CREATE DATABASE … TEMPLATE copies files, far
  // quicker than migrating again): files side by side never see each other's rows, locks or queues.
  const names = Array.from({ length: project.config.maxWorkers }, (_, i) => `${name}_w${i + 1}`)
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const urlOf = (database: string) => {
    const url = new URL(serverUrl)
    url.pathname = `/${database}`
    return url.toString()
  }
  const drop = async () => {
    for (const database of [...names, name])
      await admin.unsafe(`drop database if exists ${database} with (force)`)
    await admin.end()
  }
  try {
    const database = openPostgres(urlOf(name), { max: 2 })
    await database.migrate()
    await database.close()
    for (const copy of names) await admin.unsafe(`create database ${copy} template ${name}`)
  } catch (error) {
    await drop()
    throw error
  }
  project.provide('databaseUrls', names.map(urlOf))
  return drop
}
