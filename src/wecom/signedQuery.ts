import type { Context } from 'koa';
import { CallbackError } from './CallbackError.js';

export interface SignedQuery {
  signature: string;
  timestamp: string;
  nonce: string;
  /** '' on a POST, which carries its ciphertext in the body. */
  echostr: string;
}

export interface SignedQueryOptions {
  withEcho: boolean;
}

/**
 * The query WeCom signs every callback with (§1.2, §1.3). A repeated parameter is an array in koa, so it
 * is refused too. Its timestamp is judged only once the signature holds (openSigned).
 */
export function signedQuery(ctx: Context, o: SignedQueryOptions): SignedQuery {
  const q = ctx.query;
  const pick = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : undefined);
  const signature = pick('msg_signature');
  const timestamp = pick('timestamp');
  const nonce = pick('nonce');
  const echostr = pick('echostr');
  if (!signature || !timestamp || !nonce || (o.withEcho && !echostr)) {
    throw new CallbackError(
      400,
      `missing query parameter (msg_signature, timestamp, nonce${o.withEcho ? ', echostr' : ''})`,
    );
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw new CallbackError(400, 'timestamp is not a unix time');
  return { signature, timestamp, nonce, echostr: echostr ?? '' };
}
