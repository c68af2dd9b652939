import { createHmac, timingSafeEqual } from 'node:crypto'
import { type Id, type IdPrefix, isId } from '../ids'

/**
 * Signed ids: a token that names one id and nothing else, as `<id>.<HMAC of it>` under a key derived from the
 * instance secret and a purpose, so a token signed for one purpose (unsubscribing) never passes as another's
 * (reading a personal feed). Nothing is stored: rotating the secret invalidates every token.
 */
export function signedIds(purpose: string) {
  const keyOf = (secret: string) => createHmac('sha256', secret).update(purpose).digest()
  const macOf = (secret: string, id: string) =>
    createHmac('sha256', keyOf(secret)).update(id).digest('base64url')
  return {
    /** The token for `id`. */
    sign: (secret: string, id: string): string => `${id}.${macOf(secret, id)}`,
    /** The id a token names, when this instance signed it for this purpose and the id has `prefix`. */
    verify<P extends IdPrefix>(secret: string, token: string, prefix: P): Id<P> | undefined {
      const [id, mac, ...rest] = token.split('.')
      if (!id || !mac || rest.length > 0 || !isId(prefix, id)) return undefined
      const expected = Buffer.from(macOf(secret, id))
      const given = Buffer.from(mac)
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
      return id
    },
  }
}

/**
 * One-click unsubscribe tokens (RFC 8058 links in subscription emails): a subscription's id, signed. A token
 * names one subscription and nothing else, so it can only turn that one off; each area that sends
 * subscription email signs its own subscriptions' ids.
 */
const unsubscribe = signedIds('loopdesk.unsubscribe.v1')

/** The token for one subscription id. */
export const signUnsubscribeToken = (secret: string, id: string): string => unsubscribe.sign(secret, id)

/** The subscription id a token names, when this instance signed it and the id has `prefix`. */
export const verifyUnsubscribeToken = <P extends IdPrefix>(secret: string, token: string, prefix: P) =>
  unsubscribe.verify(secret, token, prefix)
