/** Card helpers shared by the card tests: what message/send delivered, and clicks signed like WeCom's. */
import assert from 'node:assert/strict';
import type { TestBot } from '../helpers/testBot.js';
import { settle } from '../helpers/workflowHelpers.js';

let createSeq = 0;

/** The template cards message/send delivered to `userId`, oldest first. */
export async function cardsTo(t: TestBot, userId: string): Promise<any[]> {
  await settle(t);
  return t.api
    .callsTo('/cgi-bin/message/send')
    .filter((c) => c.body.touser === userId && c.body.msgtype === 'template_card')
    .map((c) => c.body.template_card);
}

/** Clicks a card button as WeCom reports it, with a fresh click response_code unless one is given. */
export async function click(t: TestBot, from: string, taskId: string, key: string, code = t.api.issueClickCode()) {
  // A distinct CreateTime per click: events are deduplicated by sender + time + content.
  const xml = t.signer.cardEventXml({
    from,
    event: 'template_card_event',
    eventKey: key,
    taskId,
    responseCode: code,
    createTime: Math.floor(t.clock.now() / 1000) + ++createSeq,
  });
  const res = await t.signer.post(t.bot.url, '/wecom/callback', xml);
  assert.equal(res.status, 200, res.body);
  await settle(t);
  return { text: res.body ? t.signer.openReply(res.body).content : '', xml };
}

export function cardUpdates(t: TestBot): any[] {
  return t.api.callsTo('/cgi-bin/message/update_template_card').map((c) => c.body);
}
