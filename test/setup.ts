// Every test file runs with the areas installed, as every process entry point does (src/app.ts, src/worker.ts,
// the scripts): a test that calls a service directly emits events the areas declare.
import '../generated/areas'
import { afterEach } from 'vitest'
import { takeResponseFailures } from './spec-responses'

// Every answer of the suite's in-process traffic is checked against the spec (test/spec-responses.ts): a test
// that got one the spec does not describe fails here, with each mismatch.
afterEach(() => {
  const failures = takeResponseFailures()
  if (failures.length > 0) {
    throw new Error(`answers that do not match generated/openapi.json:\n${failures.join('\n')}`)
  }
})
