import type { Context } from 'koa';
import type { Envelope } from './Envelope.js';
import { openSigned } from './openSigned.js';
import type { Freshness } from './Freshness.js';
import { signedQuery } from './signedQuery.js';

/** GET URL verification (§1.2), the same for the app callback and the AI bot (§7.1). */
export function urlVerifier(o: { envelope: Envelope; freshness: Freshness }) {
  return async (ctx: Context): Promise<void> => {
    const q = signedQuery(ctx, { withEcho: true });
    // A proxy that decodes '+' as a space breaks the Base64 echostr; WeCom's own advice is to undo it.
    const echostr = o.envelope.verify(q.signature, q.timestamp, q.nonce, q.echostr)
      ? q.echostr
      : q.echostr.replaceAll(' ', '+');
    ctx.type = 'text/plain';
    ctx.body = openSigned(o.envelope, q, echostr, o.freshness);
  };
}
