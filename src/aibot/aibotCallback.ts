import type { Context } from 'koa';
import type { Dispatcher } from '../bot/Dispatcher.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Outbox } from '../outbox/Outbox.js';
import { CallbackError } from '../wecom/CallbackError.js';
import { type CallbackTuning, callbackSettings } from '../wecom/callbackDefaults.js';
import { Envelope } from '../wecom/Envelope.js';
import { guarded } from '../wecom/guarded.js';
import { openSigned } from '../wecom/openSigned.js';
import { readBody } from '../wecom/readBody.js';
import { ReplyCache } from '../wecom/ReplyCache.js';
import { signedQuery } from '../wecom/signedQuery.js';
import { urlVerifier } from '../wecom/urlVerifier.js';
import { withinBudget } from '../wecom/withinBudget.js';
import { aibotAnswer } from './aibotAnswer.js';
import { responseUrlProblem } from './responseUrlProblem.js';
import { aibotEnvelope, parseAibotMessage, type AibotTextMessage } from './AibotMessage.js';
import { parseJson } from './parseJson.js';

export const AIBOT_PATH = '/wecom/aibot';

export interface AibotCallbackOptions extends CallbackTuning {
  keys: { token: string; encodingAESKey: string };
  /** Seconds a callback's timestamp may differ from now; 0 turns the check off. */
  tolerance: number;
  clock: Clock;
  /** Hears of a genuine callback whose timestamp says our clock is wrong. */
  onSkew?(seconds: number): void;
  dispatcher: Dispatcher;
  outbox: Outbox;
  /** WECOM_API_BASE: the only origin a response_url may point at. */
  apiBase: string;
  log: Logger;
}

/**
 * GET (URL verification) and POST (messages) for a 智能机器人 in API mode (§7). Every POST is
 * acknowledged with an empty 200; the answer goes through the outbox to the message's response_url.
 */
export function aibotCallback(o: AibotCallbackOptions) {
  // The budget is how long the ack waits for the answer to be queued on disk before it goes anyway.
  const { budget, bodyLimit, dedupeMs } = callbackSettings(o);
  const freshness = { tolerance: o.tolerance, clock: o.clock, ...(o.onSkew && { onSkew: o.onSkew }) };
  // The AI bot's ciphertext ends in an empty receiveid (§7.1).
  const envelope = new Envelope({ ...o.keys, receiveId: '' });
  const handled = new ReplyCache<void>(dedupeMs, o.clock);

  async function receive(ctx: Context): Promise<void> {
    const q = signedQuery(ctx, { withEcho: false });
    const { encrypt } = parseJson(await readBody(ctx.req, bodyLimit), aibotEnvelope, 'body');
    const callback = parseAibotMessage(openSigned(envelope, q, encrypt, freshness));
    if (callback.kind === 'text') await accept(callback.message);
    else o.log.debug({ msgtype: callback.msgtype }, 'aibot: not a text message, ignored');
    ctx.status = 200;
    ctx.body = '';
  }

  async function accept(m: AibotTextMessage): Promise<void> {
    const problem = responseUrlProblem(m.response_url, o.apiBase);
    if (problem) {
      // A signed message pointing elsewhere would make us POST wherever it says (SSRF): refuse it whole.
      o.log.warn({ msgid: m.msgid, origin: originOf(m.response_url) }, `aibot: ${problem}, message refused`);
      throw new CallbackError(400, problem);
    }
    if (handled.get(m.msgid)) {
      o.log.info({ msgid: m.msgid }, 'aibot: duplicate callback, already handled');
      return;
    }
    const work = answer(m);
    handled.set(m.msgid, work);
    // Ack once the answer is on disk, so a crash before that leaves WeCom a reason to retry; never later than the budget.
    await withinBudget(work, budget);
  }

  async function answer(m: AibotTextMessage): Promise<void> {
    try {
      const content = await aibotAnswer(o.dispatcher, m, o.log);
      if (content === undefined)
        return o.log.debug({ msgid: m.msgid }, 'aibot: group text is not a command, no answer');
      await o.outbox.enqueue([
        {
          kind: 'aibot',
          period: m.msgid,
          target: { kind: 'response', url: m.response_url },
          message: { msgtype: 'markdown', parts: [content] },
        },
      ]);
    } catch (err) {
      o.log.error({ err, msgid: m.msgid }, 'aibot: answer not queued');
    }
  }

  return {
    verifyUrl: guarded(urlVerifier({ envelope, freshness }), o.log),
    receive: guarded(receive, o.log),
  };
}

/** The origin only: the rest of the URL holds a one-shot code that must not reach the log. */
function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
