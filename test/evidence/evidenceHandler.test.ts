import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { ADMIN, nextMsgId, startTestBot, type TestBot } from '../helpers/testBot.js';
import { assertNothingStored, jpeg, noticesTo, sendImage, waitFor } from '../helpers/workflowHelpers.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
const mediaGets = (t: TestBot) => t.api.callsTo('/cgi-bin/media/get').length;

describe('photos through the callback', () => {
  let t: TestBot;
  before(async () => {
    t = await startTestBot();
    await t.say(ADMIN, '指派 21 officer1');
    await t.say(ADMIN, '指派 22 officer1');
  });
  after(() => t.stop());

  test('a photo after a progress update is stored under DATA_DIR, recorded with its hash and counted', async () => {
    await t.say('officer1', '进度 22 旧的进展');
    await t.say('officer1', '进度 21 宣传栏已更新');
    t.api.addMedia('MEDIA-A', PNG, 'image/png');
    const msgId = nextMsgId();
    assert.equal(
      await sendImage(t, 'officer1', 'MEDIA-A', msgId),
      '已收到第21项佐证照片（1 KB），该项现有 1 张。发送「进度 21」可查看。',
    );

    const sha256 = createHash('sha256').update(PNG).digest('hex');
    const file = `evidence/21/${sha256.slice(0, 16)}.png`;
    assert.deepEqual(await readFile(path.join(t.dataDir, file)), PNG);
    const event = (await eventsOnDisk(t.dataDir)).at(-1);
    assert.deepEqual(event, {
      type: 'evidence',
      itemNo: 21,
      by: 'officer1',
      at: t.clock.now(),
      file,
      sha256,
      bytes: PNG.length,
      mediaId: 'MEDIA-A',
      msgId,
      seq: event!.seq,
    });
    assert.match(await t.say('someone', '进度 21'), /佐证材料：1 张照片/);
  });

  test('the same photo again, or WeCom retrying the message after a restart, adds nothing', async () => {
    t.api.addMedia('MEDIA-A2', PNG, 'image/png');
    await assertNothingStored(t, async () => {
      assert.equal(await sendImage(t, 'officer1', 'MEDIA-A2'), '这张照片已是第21项的佐证材料，无需重复发送。');
    });
    t.api.addMedia('MEDIA-B', jpeg('second photo'));
    const msgId = nextMsgId();
    await sendImage(t, 'officer1', 'MEDIA-B', msgId);
    await t.restart();
    const gets = mediaGets(t);
    await assertNothingStored(t, async () => {
      assert.equal(await sendImage(t, 'officer1', 'MEDIA-B', msgId), '这张照片已经收到并登记过了。');
    });
    assert.equal(mediaGets(t), gets);
    assert.match(await t.say('someone', '进度 21'), /佐证材料：2 张照片/);
  });

  test('photos keep going to the item reported on; 30 minutes after the last report the bot asks which item', async () => {
    t.clock.advance(29 * 60_000);
    t.api.addMedia('MEDIA-C', jpeg('third photo'));
    assert.match(await sendImage(t, 'officer1', 'MEDIA-C'), /^已收到第21项佐证照片/);
    t.clock.advance(30 * 60_000 + 1);
    t.api.addMedia('MEDIA-D', jpeg('fourth photo'));
    const gets = mediaGets(t);
    await assertNothingStored(t, async () => {
      assert.equal(
        await sendImage(t, 'officer1', 'MEDIA-D'),
        '这张照片是哪一项的佐证？请先发送「进度 N 说明」登记进展，再在 30 分钟内发照片。照片没有保存。',
      );
    });
    assert.equal(mediaGets(t), gets, 'nothing is downloaded for a photo that has no item');
  });

  test('a 完成 also points the next photo at its item', async () => {
    await t.say('officer1', '完成 22 全部到位');
    t.api.addMedia('MEDIA-E', jpeg('fifth photo'));
    assert.match(await sendImage(t, 'officer1', 'MEDIA-E'), /^已收到第22项佐证照片/);
  });

  test('someone who is not an officer is refused plainly; nothing is downloaded or stored', async () => {
    t.api.addMedia('MEDIA-F', jpeg('stranger photo'));
    const gets = mediaGets(t);
    await assertNothingStored(t, async () => {
      assert.equal(
        await sendImage(t, 'colleague', 'MEDIA-F'),
        '只有事项的责任人或管理员可以上传佐证照片，照片没有保存。发送「帮助」查看可用命令。',
      );
    });
    assert.equal(mediaGets(t), gets);
  });

  test('an officer removed from the item after reporting cannot add photos to it', async () => {
    await t.say('officer1', '进度 22 补充说明');
    await t.say(ADMIN, '指派 22 officer2');
    t.api.addMedia('MEDIA-G', jpeg('late photo'));
    await assertNothingStored(t, async () => {
      assert.equal(
        await sendImage(t, 'officer1', 'MEDIA-G'),
        '只有第22项的责任人或管理员可以为它上传佐证照片，照片没有保存。',
      );
    });
  });

  test('an expired media id (40007) is reported with a request to resend, and nothing is recorded', async () => {
    await t.say('officer1', '进度 21 再补一张');
    await assertNothingStored(t, async () => {
      assert.equal(
        await sendImage(t, 'officer1', 'NO-SUCH-MEDIA'),
        '照片没能从企业微信取回（素材已失效），没有登记为第21项佐证。请重新发送这张照片。',
      );
    });
  });

  test('a transient failure is retried and the photo is kept', async () => {
    t.api.addMedia('MEDIA-H', jpeg('photo after a hiccup'));
    t.api.inject('/cgi-bin/media/get', [{ http: 502 }]);
    const gets = mediaGets(t);
    assert.match(await sendImage(t, 'officer1', 'MEDIA-H'), /^已收到第21项佐证照片/);
    assert.equal(mediaGets(t) - gets, 2);
    assert.equal((await eventsOnDisk(t.dataDir)).at(-1)?.type, 'evidence');
  });

  test('when every try fails the officer is told, and nothing is recorded', async () => {
    t.api.addMedia('MEDIA-I', jpeg('never arrives'));
    t.api.inject('/cgi-bin/media/get', [{ http: 502 }, { http: 502 }, { http: 502 }]);
    await assertNothingStored(t, async () => {
      assert.equal(
        await sendImage(t, 'officer1', 'MEDIA-I'),
        '照片没能从企业微信取回（暂时连不上企业微信），没有登记为第21项佐证。请重新发送这张照片。',
      );
    });
  });
});

describe('a download slower than the passive-reply window', () => {
  let t: TestBot;
  before(async () => (t = await startTestBot({ replyBudgetMs: 100 })));
  after(() => t.stop());

  test('still completes, and the confirmation arrives as a private message', async () => {
    // With a 100 ms budget a loaded machine may answer these late: the photo must find both stored.
    await t.say(ADMIN, '指派 21 officer1');
    await waitFor(async () => (await eventsOnDisk(t.dataDir)).find((e) => e.type === 'assign'), 'the assignment');
    await t.say('officer1', '进度 21 宣传栏已更新');
    await waitFor(async () => (await eventsOnDisk(t.dataDir)).find((e) => e.type === 'update'), 'the update');
    t.api.addMedia('SLOW', jpeg('slow photo'));
    t.api.inject('/cgi-bin/media/get', [{ delayMs: 400 }]);
    assert.equal(await sendImage(t, 'officer1', 'SLOW'), '');
    const confirmation = await waitFor(
      async () => (await noticesTo(t, 'officer1')).find((n) => n.includes('佐证照片')),
      'the late confirmation',
    );
    assert.match(confirmation, /^已收到第21项佐证照片/);
    assert.equal((await eventsOnDisk(t.dataDir)).at(-1)?.type, 'evidence');
  });
});
