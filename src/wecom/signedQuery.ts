import type { Context } from 'koa';
import type { Clock } from '../clock.js';
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
  /** Seconds a callback's timestamp may differ from now; 0 turns the check off. */
  tolerance: number;
  clock: Clock;
}

/** The query WeCom signs every callback with (§1.2, §1.3). A repeated parameter is an array in koa, so it is refused too. */
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
  if (o.tolerance > 0 && Math.abs(o.clock() / 1000 - Number(timestamp)) > o.tolerance)
    throw new CallbackError(400, 'timestamp is stale');
  return { signature, timestamp, nonce, echostr: echostr ?? '' };
}
