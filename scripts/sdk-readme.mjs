// The SDK README's table of error codes, written by `npm run generate` (scripts/generate.mjs) between the marker
// comments of sdk/README.md: every code of the bundled spec's `ProblemCode`, with the status and the fixed title
// the server answers it with (from the registries the spec's list is generated from). A code added to an area
// reaches the README on the next generate; nobody keeps the list by hand.
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { readCatalogue } from './spec-parts.mjs'

export const README = 'sdk/README.md'
export const START = '<!-- problem-codes:start (written by npm run generate from the spec; do not edit) -->'
export const END = '<!-- problem-codes:end -->'

/** The Markdown table of every `ProblemCode` of `spec`, by status. */
export function problemCodeTable(spec, catalogue) {
  const codes = spec.components?.schemas?.ProblemCode?.enum
  if (!Array.isArray(codes) || codes.length === 0) throw new Error('the spec has no ProblemCode enum')
  const known = new Map(catalogue.problemCodes.map((p) => [p.code, p]))
  const missing = codes.filter((code) => !known.has(code))
  const extra = catalogue.problemCodes.filter((p) => !codes.includes(p.code)).map((p) => p.code)
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `the spec's ProblemCode and the server's codes differ (only in the spec: ${missing.join(', ') || 'none'}; ` +
        `only in the server: ${extra.join(', ') || 'none'}): run npm run generate`,
    )
  }
  const rows = codes
    .map((code, order) => ({ ...known.get(code), order }))
    .sort((a, b) => a.status - b.status || a.order - b.order)
    .map((p) => `| ${p.status} | \`${p.code}\` | ${p.title.replaceAll('|', '\\|')} |`)
  return ['| status | code | title |', '| ------ | ---- | ----- |', ...rows].join('\n')
}

/** Replace what is between the markers of `text` with `table`. */
export function withTable(text, table) {
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  if (start < 0 || end < start) throw new Error(`${README} lacks the markers ${START} … ${END}`)
  return `${text.slice(0, start + START.length)}\n\n${table}\n\n${text.slice(end)}`
}

export function writeSdkReadme(spec, catalogue) {
  const text = readFileSync(README, 'utf8')
  const updated = withTable(text, problemCodeTable(spec, catalogue))
  if (updated !== text) writeFileSync(README, updated)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeSdkReadme(JSON.parse(readFileSync('generated/openapi.json', 'utf8')), readCatalogue())
}
