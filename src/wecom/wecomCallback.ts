import { randomInt } from 'node:crypto';
import type { Context } from 'koa';
import type { Bot } from '../bot/Bot.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { CallbackError } from './CallbackError.js';
import type { Envelope } from './Envelope.js';
import { dedupeKey, type InboundMessage } from './InboundMessage.js';
import { readBody } from './readBody.js';
import { ReplyCache } from './ReplyCache.js';
import { encryptedReplyXml, parseXmlFields, textReplyXml, toInboundMessage } from './xml.js';

export interface CallbackOptions {
  envelope: Envelope;
  corpId: string;
  /** Seconds a callback's timestamp may differ from now; 0 turns the check off. */
  tolerance: number;
  clock: Clock;
  bot: Bot;
  /** Sends an answer that missed the passive-reply window through the active API. */
  lateReply(userId: string, text: string, key: string): Promise<void>;
  log: Logger;
  /** WeCom waits 5 s including the network; answer passively only well inside that. */
  replyBudgetMs?: number;
  bodyLimit?: number;
}

const TIMED_OUT = Symbol('timed out');
const FAILURE_REPLY = '抱歉，处理这条消息时出错了，请稍后再试。如果一直这样，请联系管理员。';

/** GET (URL verification) and POST (messages) for a self-built app's callback URL. */
export function wecomCallback(o: CallbackOptions) {
  const budget = o.replyBudgetMs ?? 4000;
  const bodyLimit = o.bodyLimit ?? 64 * 1024;
  const answers = new ReplyCache<string | undefined>(10 * 60_000, o.clock);

  function signedQuery(ctx: Context, withEcho: boolean) {
    const q = ctx.query;
    const pick = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : undefined);
    const signature = pick('msg_signature');
    const timestamp = pick('timestamp');
    const nonce = pick('nonce');
    const echostr = pick('echostr');
    if (!signature || !timestamp || !nonce || (withEcho && !echostr)) {
      throw new CallbackError(400, `missing query parameter (msg_signature, timestamp, nonce${withEcho ? ', echostr' : ''})`);
    }
    if (!/^\d{1,12}$/.test(timestamp)) throw new CallbackError(400, 'timestamp is not a unix time');
    if (o.tolerance > 0 && Math.abs(o.clock() / 1000 - Number(timestamp)) > o.tolerance) throw new CallbackError(400, 'timestamp is stale');
    return { signature, timestamp, nonce, echostr: echostr ?? '' };
  }

  function checkSignature(signature: string, timestamp: string, nonce: string, encrypted: string): void {
    if (!o.envelope.verify(signature, timestamp, nonce, encrypted)) throw new CallbackError(403, 'signature mismatch');
  }

  async function verifyUrl(ctx: Context): Promise<void> {
    const q = signedQuery(ctx, true);
    // A proxy that decodes '+' as a space breaks the Base64 echostr; WeCom's own advice is to undo it.
    const echostr = o.envelope.verify(q.signature, q.timestamp, q.nonce, q.echostr) ? q.echostr : q.echostr.replaceAll(' ', '+');
    checkSignature(q.signature, q.timestamp, q.nonce, echostr);
    ctx.type = 'text/plain';
    ctx.body = o.envelope.open(echostr);
  }

  async function receive(ctx: Context): Promise<void> {
    const q = signedQuery(ctx, false);
    const outer = parseXmlFields(await readBody(ctx.req, bodyLimit));
    const encrypted = outer.Encrypt;
    if (!encrypted) throw new CallbackError(400, 'XML lacks Encrypt');
    checkSignature(q.signature, q.timestamp, q.nonce, encrypted);
    const message = toInboundMessage(parseXmlFields(o.envelope.open(encrypted)));
    const reply = await answer(message);
    ctx.status = 200;
    if (reply === undefined) {
      ctx.body = '';
      return;
    }
    const timestamp = String(Math.floor(o.clock() / 1000));
    const nonce = String(randomInt(1e9, 1e10));
    const plain = textReplyXml({ toUser: message.from, fromUser: o.corpId, createTime: Number(timestamp), content: reply });
    ctx.type = 'text/xml';
    ctx.body = encryptedReplyXml({ ...o.envelope.seal(plain, timestamp, nonce), timestamp, nonce });
  }

  /** The reply text if it is ready inside the budget; otherwise undefined, and it goes out later. */
  async function answer(message: InboundMessage): Promise<string | undefined> {
    const key = dedupeKey(message);
    let pending = answers.get(key);
    const first = pending === undefined;
    if (!pending) {
      pending = o.bot.handle(message).catch((err: unknown) => {
        o.log.error({ err, user: message.from, key }, 'command failed');
        return FAILURE_REPLY;
      });
      answers.set(key, pending);
    } else {
      o.log.info({ key }, 'duplicate callback: answered from the first attempt');
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(resolve, budget, TIMED_OUT)));
    const result = await Promise.race([pending, late]);
    clearTimeout(timer);
    if (result !== TIMED_OUT) return result;
    if (first) {
      void pending.then((text) => (text ? o.lateReply(message.from, text, key) : undefined)).catch((err: unknown) => o.log.error({ err, key }, 'late reply not queued'));
    }
    return undefined;
  }

  return { verifyUrl: guarded(verifyUrl, o.log), receive: guarded(receive, o.log) };
}

/** Bad input is a 4xx with a short reason; nothing from a callback becomes a 500. */
function guarded(handler: (ctx: Context) => Promise<void>, log: Logger) {
  return async (ctx: Context): Promise<void> => {
    try {
      await handler(ctx);
    } catch (err) {
      if (err instanceof CallbackError) {
        log.warn({ status: err.status, reason: err.message, ip: ctx.ip }, 'callback refused');
        ctx.status = err.status;
        ctx.body = err.message;
        return;
      }
      log.error({ err }, 'callback failed');
      ctx.status = 400;
      ctx.body = 'request could not be processed';
    }
  };
}
