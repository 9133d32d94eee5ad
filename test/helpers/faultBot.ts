/**
 * The push bot of test/outbox/pushBot.ts, plus what the fault suite needs on top: a WeCom user who
 * talks to it through the signed callback, a short passive-reply budget so an answer can miss the
 * window, and the deliveries on the fake API read back as outbox (record, part) pairs.
 */
import assert from 'node:assert/strict';
import { pushTargets } from '../../src/outbox/pushTargets.js';
import { targetKey } from '../../src/outbox/targetKey.js';
import type { OutboxRecord } from '../../src/outbox/OutboxRecord.js';
import type { RecordedCall } from './fakeWeComApi.js';
import { nextMsgId, TEST_AES_KEY, TEST_CORP, TEST_TOKEN } from './testBot.js';
import { WeComSigner } from './wecomSigner.js';
import { contentOf, ROBOT_KEY, startPushBot, type PushBot, type PushBotOptions } from './pushBot.js';
import { holdDiskWrites } from './holdDiskWrites.js';
import { waitFor } from './waitFor.js';

/** The robot of pushBot's WECOM_ROBOT_KEYS as outbox targets name it. */
export const ROBOT = targetKey(pushTargets([], [ROBOT_KEY]).targets[0]!);

export interface FaultBot extends PushBot {
  /** Sends a text message as `from` through the callback; returns the decrypted passive reply ('' when none). */
  say(from: string, content: string, msgId?: string): Promise<string>;
  /**
   * Sends a text message whose answer needs the disk while the disk is held, so the answer misses
   * the window; resolves once that answer is queued as a late reply.
   */
  sayLate(from: string, content: string, msgId?: string): Promise<void>;
}

export type FaultBotOptions = Omit<PushBotOptions, 'faults'>;

/** Faults are injected by the test after this returns, so the bot's start-up catch-up cannot meet them. */
export async function startFaultBot(options: FaultBotOptions): Promise<FaultBot> {
  const t = await startPushBot(options);
  const signer = new WeComSigner({
    token: TEST_TOKEN,
    encodingAESKey: TEST_AES_KEY,
    receiveId: TEST_CORP,
    now: () => Math.floor(t.clock.now() / 1000),
  });
  const say = async (from: string, content: string, msgId = nextMsgId()) => {
    const res = await signer.post(
      t.bot.url,
      '/wecom/callback',
      signer.textMessageXml({ from, content, msgId, createTime: Math.floor(t.clock.now() / 1000) }),
    );
    assert.equal(res.status, 200, res.body);
    return res.body ? signer.openReply(res.body).content : '';
  };
  const sayLate = async (from: string, content: string, msgId = nextMsgId()) => {
    const release = await holdDiskWrites();
    try {
      assert.equal(await say(from, content, msgId), '', 'the answer was meant to miss the passive window');
    } finally {
      await release();
    }
    await waitFor(`the late reply to ${msgId}`, () =>
      t.bot.outbox.has('reply', `msg:${msgId}`, { kind: 'user', userId: from }),
    );
  };
  return Object.assign(t, { say, sayLate });
}

const SENDS = ['/cgi-bin/message/send', '/cgi-bin/appchat/send', '/cgi-bin/webhook/send'];

/**
 * What WeCom acted on since call number `since`, read back as outbox (record, part):
 * "kind:period → target part/parts", sorted. A faulted request does not count; a delayed one does.
 */
export async function deliveries(t: PushBot, since = 0): Promise<string[]> {
  const records = await t.bot.outbox.all();
  return t.api.calls
    .slice(since)
    .filter((c) => SENDS.includes(c.path) && (!c.fault || 'delayMs' in c.fault))
    .map((call) => describeDelivery(records, call))
    .sort();
}

function describeDelivery(records: readonly OutboxRecord[], call: RecordedCall): string {
  const target =
    call.path === '/cgi-bin/message/send'
      ? `user:${String(call.body.touser).toLowerCase()}`
      : call.path === '/cgi-bin/appchat/send'
        ? `chat:${call.body.chatid}`
        : call.query.key === ROBOT_KEY
          ? ROBOT
          : `robot:? ${call.query.key}`;
  const content = contentOf(call);
  const taskId = call.body.template_card?.task_id;
  const record = records.find(
    (r) =>
      targetKey(r.target) === target &&
      (taskId === undefined
        ? r.message.parts.includes(content)
        : r.message.msgtype !== 'image' && r.message.card?.taskId === taskId),
  );
  if (!record) return `unknown → ${target}: ${content.slice(0, 40)}`;
  // A card is one part whatever its text rendering.
  const part = taskId === undefined ? record.message.parts.indexOf(content) + 1 : 1;
  return `${record.kind}:${record.period} → ${target} ${part}/${record.message.parts.length}`;
}
