import { CallbackError } from './CallbackError.js';
import type { Envelope } from './Envelope.js';
import type { Freshness } from './Freshness.js';
import type { SignedQuery } from './signedQuery.js';

/**
 * Checks the signature over the ciphertext first, so nothing unsigned is ever decrypted, then the
 * timestamp (a replay), then opens it. The timestamp comes second so that only a genuine callback can
 * report a clock that disagrees with WeCom's.
 */
export function openSigned(envelope: Envelope, q: SignedQuery, encrypted: string, freshness: Freshness): string {
  if (!envelope.verify(q.signature, q.timestamp, q.nonce, encrypted))
    throw new CallbackError(403, 'signature mismatch');
  const skew = freshness.clock() / 1000 - Number(q.timestamp);
  if (freshness.tolerance > 0 && Math.abs(skew) > freshness.tolerance) {
    freshness.onSkew?.(skew);
    throw new CallbackError(400, 'timestamp is stale');
  }
  return envelope.open(encrypted);
}
