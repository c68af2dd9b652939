#!/usr/bin/env node
// Builds the package into dist/ (run by `npm run build`, `npm pack` through prepack, and the repository's
// postinstall): tsc emits ESM JavaScript and declarations from src/, then the generated schema.d.ts goes beside
// them, since tsc never copies a declaration file it only reads.
import { execFileSync } from 'node:child_process'
import { copyFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const sdk = fileURLToPath(new URL('..', import.meta.url))
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

rmSync(`${sdk}/dist`, { recursive: true, force: true })
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: sdk, stdio: 'inherit' })
copyFileSync(`${sdk}/src/schema.d.ts`, `${sdk}/dist/schema.d.ts`)
