import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The files that take longest (measured; see .ci/run), started first so that none of them is the last one
 * running while the other workers sit idle. Vitest's own cache orders a second run by duration; a clean clone
 * (CI) has no cache, and without this list would start files in glob order.
 */
const slowFirst = [
  'test/authz/differential.test.ts',
  'test/conditions/differential.test.ts',
  'test/contract/sdk-package.test.ts',
  'test/contract/hostile-input.test.ts',
  'test/contract/fuzz.test.ts',
  'test/server.test.ts',
  'test/scripts.test.ts',
  'test/scripts/import.test.ts',
  'test/startup/seed.test.ts',
  'test/startup/migrate.test.ts',
]

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files)
    const rank = (spec: TestSpecification) => {
      const index = slowFirst.findIndex((path) => spec.moduleId.endsWith(path))
      return index < 0 ? slowFirst.length : index
    }
    // Stable: files off the list keep the order vitest gave them.
    return sorted
      .map((spec, position) => ({ spec, position }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.position - b.position)
      .map(({ spec }) => spec)
  }
}

/**
 * Workers: vitest's default is one fewer than the cores (a single worker on CI's two), which leaves a core idle
 * while a test waits on a child process or a timer. Each worker has its own database (PGlite in memory, or on
 * PostgreSQL a copy of the run's migrated database made by global-setup), so files run side by side on both.
 */
const workers = Number(process.env.TEST_WORKERS) || Math.max(2, availableParallelism())

export default defineConfig({
  resolve: {
    // Tests use the SDK's source, so they need no build (the package itself exports dist/).
    alias: [
      {
        find: /^@loopdesk\/sdk$/,
        replacement: fileURLToPath(new URL('./sdk/src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: workers,
    // A fresh process per file by default. TEST_ISOLATE=0 lets a worker run file after file with its modules and
    // test database loaded once (much less setup), but a measured run showed files disturbing one another there
    // (background loops of one file still polling while the next runs): not yet safe as the default.
    isolate: process.env.TEST_ISOLATE !== '0',
    sequence: { sequencer: SlowFirstSequencer },
  },
})
