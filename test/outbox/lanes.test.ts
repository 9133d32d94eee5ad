import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecordedCall } from '../helpers/fakeWeComApi.js';
import { startPushBot, WEDNESDAY } from '../helpers/pushBot.js';
import { waitFor } from '../helpers/waitFor.js';

const chatA = (calls: RecordedCall[]) => calls.filter((c) => c.body.chatid === 'chatA');

test('a hung app chat holds up neither a member notice nor the robot; the chats get the digest once after', async () => {
  // chatA's digest hangs for the client's 6 s timeout, longer than waitFor waits: the rest must go out meanwhile.
  const t = await startPushBot({
    now: WEDNESDAY,
    timeoutMs: 6_000,
    faults: { '/cgi-bin/appchat/send': [{ hang: true }] },
  });
  try {
    await waitFor('the hung digest request', () => chatA(t.api.callsTo('/cgi-bin/appchat/send')).length === 1);
    await t.bot.outbox.notify('notice', ['lisi'], '第3项已指派给你', 'lanes');
    await waitFor('the notice while chatA hangs', () => t.delivered('/cgi-bin/message/send').length === 1);
    await waitFor('the robot while chatA hangs', () => t.delivered('/cgi-bin/webhook/send').length === 1);
    assert.equal(chatA(t.delivered('/cgi-bin/appchat/send')).length, 0, 'chatA is still hanging');

    await t.settle();
    assert.equal(chatA(t.delivered('/cgi-bin/appchat/send')).length, 1, 'chatA once, after its timeout');
    assert.equal(t.delivered('/cgi-bin/appchat/send').length, 2, 'then chatB, once');
  } finally {
    await t.stop();
  }
});
