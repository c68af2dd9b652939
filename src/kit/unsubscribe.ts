import { createHmac, timingSafeEqual } from 'node:crypto'
import { type Id, type IdPrefix, isId } from '../ids'

/**
 * One-click unsubscribe tokens (RFC 8058 links in subscription emails): a subscription's id and an HMAC of it
 * under a key derived from the instance secret. A token names one subscription and nothing else, so it can
 * only turn that one off; each area that sends subscription email signs its own subscriptions' ids.
 */
const tokenKey = (secret: string) => createHmac('sha256', secret).update('loopdesk.unsubscribe.v1').digest()
const tokenMac = (secret: string, id: string) =>
  createHmac('sha256', tokenKey(secret)).update(id).digest('base64url')

/** The token for one subscription id. */
export const signUnsubscribeToken = (secret: string, id: string): string => `${id}.${tokenMac(secret, id)}`

/** The subscription id a token names, when this instance signed it and the id has `prefix`. */
export function verifyUnsubscribeToken<P extends IdPrefix>(
  secret: string,
  token: string,
  prefix: P,
): Id<P> | undefined {
  const [id, mac, ...rest] = token.split('.')
  if (!id || !mac || rest.length > 0 || !isId(prefix, id)) return undefined
  const expected = Buffer.from(tokenMac(secret, id))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
  return id
}
