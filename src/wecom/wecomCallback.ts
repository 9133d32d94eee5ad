import { randomInt } from 'node:crypto';
import type { Context } from 'koa';
import type { Bot } from '../bot/Bot.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { replyText } from '../reply/wireBody.js';
import { CallbackError } from './CallbackError.js';
import { type CallbackTuning, callbackSettings } from './callbackDefaults.js';
import type { Envelope } from './Envelope.js';
import { failureReply } from './failureReply.js';
import { guarded } from './guarded.js';
import { dedupeKey, type InboundMessage } from './InboundMessage.js';
import { openSigned } from './openSigned.js';
import { readBody } from './readBody.js';
import { ReplyCache } from './ReplyCache.js';
import { signedQuery } from './signedQuery.js';
import { urlVerifier } from './urlVerifier.js';
import { TIMED_OUT, withinBudget } from './withinBudget.js';
import { encryptedReplyXml, parseXmlFields, textReplyXml, toInboundMessage } from './xml.js';

export interface CallbackOptions extends CallbackTuning {
  envelope: Envelope;
  corpId: string;
  /** Seconds a callback's timestamp may differ from now; 0 turns the check off. */
  tolerance: number;
  clock: Clock;
  /** Hears of a genuine callback whose timestamp says our clock is wrong. */
  onSkew?(seconds: number): void;
  bot: Bot;
  /** Sends an answer that missed the passive-reply window through the active API. */
  lateReply(userId: string, text: string, key: string): Promise<void>;
  log: Logger;
}

/** GET (URL verification) and POST (messages) for a self-built app's callback URL. */
export function wecomCallback(o: CallbackOptions) {
  const { budget, bodyLimit, dedupeMs } = callbackSettings(o);
  const freshness = { tolerance: o.tolerance, clock: o.clock, ...(o.onSkew && { onSkew: o.onSkew }) };
  const answers = new ReplyCache<string | undefined>(dedupeMs, o.clock);

  async function receive(ctx: Context): Promise<void> {
    const q = signedQuery(ctx, { withEcho: false });
    const outer = parseXmlFields(await readBody(ctx.req, bodyLimit));
    const encrypted = outer.Encrypt;
    if (!encrypted) throw new CallbackError(400, 'XML lacks Encrypt');
    const message = toInboundMessage(parseXmlFields(openSigned(o.envelope, q, encrypted, freshness)));
    const reply = await answer(message);
    ctx.status = 200;
    if (reply === undefined) {
      ctx.body = '';
      return;
    }
    const timestamp = String(Math.floor(o.clock() / 1000));
    const nonce = String(randomInt(1e9, 1e10));
    const plain = textReplyXml({
      toUser: message.from,
      fromUser: o.corpId,
      createTime: Number(timestamp),
      content: reply,
    });
    ctx.type = 'text/xml';
    // Named rather than spread into the call: V8 copies `{ ...obj, more }` slowly, on every reply.
    const { encrypted: sealed, signature } = o.envelope.seal(plain, timestamp, nonce);
    ctx.body = encryptedReplyXml({ encrypted: sealed, signature, timestamp, nonce });
  }

  /** The reply text if it is ready inside the budget; otherwise undefined, and it goes out later. */
  async function answer(message: InboundMessage): Promise<string | undefined> {
    const key = dedupeKey(message);
    let pending = answers.get(key);
    if (!pending) {
      pending = o.bot.handle(message).then(
        (reply) => (reply === undefined ? undefined : replyText(reply)),
        (err: unknown) => {
          o.log.error({ err, user: message.from, key }, 'command failed');
          return failureReply(err);
        },
      );
      answers.set(key, pending);
    } else {
      o.log.info({ key }, 'duplicate callback: answered from the first attempt');
    }
    const result = await withinBudget(pending, budget);
    // Once an attempt has handed the answer to message/send, a passive copy would reach the user twice.
    const handedOff = answers.get(key) !== pending;
    if (result !== TIMED_OUT && !handedOff) return result;
    if (!handedOff) {
      answers.set(
        key,
        pending.then(() => undefined),
      );
      void pending
        .then((text) => (text ? o.lateReply(message.from, text, key) : undefined))
        .catch((err: unknown) => o.log.error({ err, key }, 'late reply not queued'));
    }
    return undefined;
  }

  return {
    verifyUrl: guarded(urlVerifier({ envelope: o.envelope, freshness }), o.log),
    receive: guarded(receive, o.log),
  };
}
