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
import type { CardClick } from '../cards/cardClick.js';
import type { CardStore } from '../cards/CardStore.js';
import { progressSentCard } from '../cards/progressCard.js';
import { type Reply, toReply } from '../reply/Reply.js';
import { failureReply } from '../wecom/failureReply.js';
import { aibotAnswer, aibotMessage } from './aibotAnswer.js';
import { responseUrlProblem } from './responseUrlProblem.js';
import { type AibotRequest, aibotEnvelope, parseAibotMessage } from './AibotMessage.js';
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
  /** Where a card's purpose is kept before the card is queued. */
  cards: Pick<CardStore, 'addCards'>;
  /** The app's click routing: a button does the same whichever surface showed its card. */
  click(click: CardClick): Promise<Reply>;
  log: Logger;
}

/**
 * GET (URL verification) and POST (messages, card clicks) for a 智能机器人 in API mode (§7). Every
 * POST is acknowledged with an empty 200; the answer goes through the outbox to the response_url the
 * message or click came with.
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
    if (callback.kind === 'text') {
      const m = callback.message;
      await accept(m, () => aibotAnswer(o.dispatcher, m));
    } else if (callback.kind === 'click') {
      const m = callback.message;
      const { task_id: taskId, event_key: key } = m.event.template_card_event;
      await accept(m, () => o.click({ from: m.from.userid, taskId, key }));
    } else o.log.debug({ msgtype: callback.msgtype }, 'aibot: neither a text message nor a card click, ignored');
    ctx.status = 200;
    ctx.body = '';
  }

  async function accept(m: AibotRequest, reply: () => Promise<Reply | undefined>): Promise<void> {
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
    const work = answer(m, reply);
    handled.set(m.msgid, work);
    // Ack once the answer is on disk, so a crash before that leaves WeCom a reason to retry; never later than the
    // budget.
    await withinBudget(work, budget);
  }

  async function answer(m: AibotRequest, reply: () => Promise<Reply | undefined>): Promise<void> {
    try {
      const answered = await reply().catch((err: unknown) => {
        o.log.error({ err, user: m.from.userid, msgid: m.msgid }, 'aibot: command failed');
        return toReply(failureReply(err));
      });
      if (answered === undefined)
        return o.log.debug({ msgid: m.msgid }, 'aibot: group text is not a command, no answer');
      const message = aibotMessage(answered, m);
      // On disk before it is queued: a click, also after a restart, finds what the card is for.
      if (message.card) await o.cards.addCards([progressSentCard(message.card, m.from.userid, o.clock())]);
      await o.outbox.enqueue([
        { kind: 'aibot', period: m.msgid, target: { kind: 'response', url: m.response_url }, message },
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
