#!/usr/bin/env node
// npm run build: one esbuild bundle per Node entry point into dist/ (server, worker, bootstrap, import, migrate), ESM with
// source maps. Our code (src/, generated/, scripts/) is bundled; packages stay in node_modules (imported at run
// time, as installed), so native and WebAssembly packages (argon2, PGlite, Oso) load exactly as they do in
// development. The Workers bundle is wrangler's own (wrangler.toml), not this one. Last, it makes the PGlite
// template (a pre-migrated embedded data directory) when PGlite or the migrations changed.
//
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when an input is newer than the last build (npm's prestart,
//                                      prebootstrap… run this, so `npm ci && npm start` on a fresh clone builds
//                                      once, and a `git pull` is never served by a stale build)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
process.chdir(root)

const entryPoints = {
  server: 'src/server.ts',
  worker: 'src/worker.ts',
  bootstrap: 'scripts/bootstrap.ts',
  import: 'scripts/import.ts',
  migrate: 'scripts/migrate.ts',
}
const outdir = 'dist'
// Written last: its time is the build's, and a build that failed half-way leaves none (so it runs again).
const stamp = join(outdir, '.built')
/** What the build is made of (the bundles, and the PGlite template from the migrations): a change to any makes it stale. */
const inputs = [
  'src',
  'generated',
  'scripts',
  'migrations',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
]
const templates = 'pglite-templates'

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

function stale() {
  if (!existsSync(stamp)) return true
  for (const name of Object.keys(entryPoints)) if (!existsSync(join(outdir, `${name}.js`))) return true
  const built = statSync(stamp).mtimeMs
  return inputs.some((input) => newestMtime(input) > built)
}

/**
 * The pre-migrated embedded data directory that a first start on an empty directory loads instead of running
 * initdb and the migrations (src/db/pglite-template.ts): made once per PGlite version and set of migrations
 * (one initdb here), kept across builds in dist/pglite-templates/.
 */
async function pgliteTemplate() {
  const started = performance.now()
  try {
    execFileSync(process.execPath, [join(outdir, 'migrate.js'), '--pglite-template'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    process.stderr.write(`pglite template ready in ${Math.round(performance.now() - started)} ms\n`)
  } catch {
    // Without it a first start runs initdb and the migrations itself, and says what fails.
    process.stderr.write('could not make the PGlite template (see above); first starts will run initdb\n')
  }
}

if (process.argv.includes('--if-stale') && !stale()) process.exit(0)

// Imported only to build: a production install without dev dependencies runs a dist/ built beforehand.
const { build } = await import('esbuild').catch(() => {
  process.stderr.write(
    'dist/ is missing or older than the sources, and esbuild (a dev dependency) is not installed: run `npm run build` where dev dependencies are installed, or install them.\n',
  )
  process.exit(1)
})
const started = performance.now()
// Build beside dist/ and swap it in, so a process starting meanwhile never loads half-written bundles.
const next = `${outdir}.next-${process.pid}`
rmSync(next, { recursive: true, force: true })
try {
  await build({
    entryPoints,
    outdir: next,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Dynamic imports become chunks loaded on first use (the MCP SDK, the other database driver), and the
    // entry points share the chunks of the code they have in common.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    // Stack traces name our own files and lines (node --enable-source-maps); the sources are in the repository.
    sourcesContent: false,
    logLevel: 'warning',
  })
  mkdirSync(next, { recursive: true })
  writeFileSync(join(next, '.built'), `${new Date().toISOString()}\n`)
  const old = `${outdir}.old-${process.pid}`
  try {
    renameSync(outdir, old)
  } catch (error) {
    if (error.code !== 'ENOENT') throw error // no previous build (or a concurrent build moved it)
  }
  // Templates outlive builds: they depend on PGlite's version and the migrations only, as their names say.
  if (existsSync(join(old, templates))) renameSync(join(old, templates), join(next, templates))
  try {
    renameSync(next, outdir)
  } catch (error) {
    // A concurrent build swapped its own in first: it is built from the same inputs.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
    rmSync(next, { recursive: true, force: true })
  }
  rmSync(old, { recursive: true, force: true })
} catch (error) {
  rmSync(next, { recursive: true, force: true })
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : error}\n`)
  process.exit(1)
}
process.stderr.write(`built ${outdir}/ in ${Math.round(performance.now() - started)} ms\n`)
await pgliteTemplate()
