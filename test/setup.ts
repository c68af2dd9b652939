// Every test file runs with the areas installed, as every process entry point does (src/app.ts, src/worker.ts,
// the scripts): a test that calls a service directly emits events the areas declare.
import '../generated/areas'
