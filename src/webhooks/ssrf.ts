import ipaddr from 'ipaddr.js'
import { ApiError } from '../http/errors'

/** Cloud metadata services, refused even where their range would otherwise pass. */
const metadataAddresses = new Set(['169.254.169.254', 'fd00:ec2::254'])

/**
 * Why an address may not receive webhooks, or null when it may. ipaddr.js names the ranges
 * (RFC 6890 special-purpose registries); only `unicast` is public.
 */
export function refusedAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`
  const parsed = ipaddr.parse(address)
  if (metadataAddresses.has(parsed.toNormalizedString()) || metadataAddresses.has(parsed.toString())) {
    return `${address} is a cloud metadata address`
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return `${address} is an IPv4-mapped IPv6 address`
  }
  const range = parsed.range()
  if (range === 'unicast') return null
  return `${address} is a ${describeRange(range)} address`
}

function describeRange(range: string): string {
  switch (range) {
    case 'private':
    case 'uniqueLocal':
      return 'private'
    case 'loopback':
      return 'loopback'
    case 'linkLocal':
      return 'link-local'
    case 'carrierGradeNat':
      return 'carrier-grade NAT'
    case 'multicast':
      return 'multicast'
    case 'unspecified':
      return 'unspecified'
    case 'broadcast':
      return 'broadcast'
    default:
      return `reserved (${range})`
  }
}

export interface UrlPolicy {
  /** `LOOPDESK_WEBHOOKS_ALLOW_INSECURE`: http and private addresses allowed (local development, tests). */
  allowInsecure: boolean
  /** Resolves a host to all its addresses (injectable for tests). */
  resolve?: (host: string) => Promise<string[]>
}

const defaultResolve = async (host: string) => {
  const { lookup } = await import('node:dns/promises')
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address)
}

export class UrlNotAllowed extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'UrlNotAllowed'
  }
}

/**
 * Check a webhook URL and return the address to connect to. Every resolved address must pass (a host that
 * resolves to one public and one private address is refused): the caller connects to the returned, checked
 * address, so a second resolution (DNS rebinding) cannot redirect the request.
 */
export async function checkWebhookUrl(
  raw: string,
  policy: UrlPolicy,
): Promise<{ url: URL; address: string; family: 4 | 6 }> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UrlNotAllowed('the URL is not valid')
  }
  if (url.protocol !== 'https:' && !(policy.allowInsecure && url.protocol === 'http:')) {
    throw new UrlNotAllowed(`${url.protocol.replace(':', '')} URLs are not allowed: use https`)
  }
  if (url.username || url.password) throw new UrlNotAllowed('URLs with credentials are not allowed')
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: string[]
  if (ipaddr.isValid(host)) {
    addresses = [host]
  } else {
    try {
      addresses = await (policy.resolve ?? defaultResolve)(host)
    } catch {
      throw new UrlNotAllowed(`${host} does not resolve`)
    }
    if (addresses.length === 0) throw new UrlNotAllowed(`${host} does not resolve`)
  }
  if (!policy.allowInsecure) {
    for (const address of addresses) {
      const reason = refusedAddressReason(address)
      if (reason)
        throw new UrlNotAllowed(
          host === address
            ? reason
            : `${host} resolves to ${reason.replace(/^\S+ is/, `${address}, which is`)}`,
        )
    }
  }
  const address = addresses[0] as string
  return { url, address, family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4 }
}

/** The API's answer to a refused URL: 422 `webhook_url_not_allowed` naming the reason. */
export async function assertWebhookUrlAllowed(raw: string, policy: UrlPolicy, field = 'url') {
  try {
    await checkWebhookUrl(raw, policy)
  } catch (error) {
    if (!(error instanceof UrlNotAllowed)) throw error
    throw new ApiError('webhook_url_not_allowed', `The webhook URL is not allowed: ${error.reason}`, {
      errors: [{ path: `body.${field}`, code: 'webhook_url_not_allowed', message: error.reason }],
    })
  }
}
