import { randomBytes } from 'node:crypto'

/**
 * Publishable keys (`wpk_…`) of widget profiles. Unlike an API key, a publishable key is public by design (it
 * sits in a web page or an app), so it is stored and shown as is; what it grants is an anonymous visitor's
 * rights, from the profile's allowed origins.
 */
export function generatePublishableKey(): string {
  return `wpk_${randomBytes(24).toString('base64url')}`
}

export const looksLikePublishableKey = (token: string) => /^wpk_[A-Za-z0-9_-]{32}$/.test(token)

/** An allowed-origin pattern as stored: lower case (browsers send origins in lower case). */
export const normalizeOriginPattern = (pattern: string) => pattern.toLowerCase()

/** The parts of a browser's `Origin` header, or undefined when it is no http(s) origin (`null`, garbage). */
function parseOrigin(origin: string): { scheme: string; host: string; port: string } | undefined {
  const match = /^(https?):\/\/([a-z0-9.-]+)(:[0-9]{1,5})?$/.exec(origin.toLowerCase())
  if (!match?.[1] || !match[2]) return undefined
  return { scheme: match[1], host: match[2], port: match[3] ?? '' }
}

/**
 * The stored patterns that would allow `origin`: the origin itself and each `*.` wildcard of its parent domains
 * (`https://a.b.example.com` → `https://*.b.example.com`, `https://*.example.com`, `https://*.com`). A profile
 * allows the origin when its list holds any of them, so one array-overlap query answers it (GIN-indexed).
 */
export function originCandidates(origin: string): string[] {
  const parsed = parseOrigin(origin)
  if (!parsed) return []
  const { scheme, host, port } = parsed
  const candidates = [`${scheme}://${host}${port}`]
  const labels = host.split('.')
  for (let i = 1; i < labels.length; i++) candidates.push(`${scheme}://*.${labels.slice(i).join('.')}${port}`)
  return candidates
}

/** True when `origin` matches one of `patterns` (exact origins or `*.` subdomain wildcards). */
export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return false
  return originCandidates(origin).some((candidate) => patterns.includes(candidate))
}
