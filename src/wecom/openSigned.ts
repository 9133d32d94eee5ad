import { CallbackError } from './CallbackError.js';
import type { Envelope } from './Envelope.js';
import type { SignedQuery } from './signedQuery.js';

/** Checks the signature over the ciphertext first, so nothing unsigned is ever decrypted, then opens it. */
export function openSigned(envelope: Envelope, q: SignedQuery, encrypted: string): string {
  if (!envelope.verify(q.signature, q.timestamp, q.nonce, encrypted))
    throw new CallbackError(403, 'signature mismatch');
  return envelope.open(encrypted);
}
