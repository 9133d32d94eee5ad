import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImageMessage } from '../../src/outbox/OutboxRecord.js';
import { OUTBOX_FILE } from '../../src/storage/files/fileNames.js';
import { OUTBOX_MEDIA_DIR } from '../../src/storage/files/FileOutboxMedia.js';
import type { RecordedCall } from '../helpers/fakeWeComApi.js';
import { imagesReceived, type PushBot, received, startPushBot, WEDNESDAY, withPushBot } from '../helpers/pushBot.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ONE_IMAGE_EACH = { chatA: 1, chatB: 1, robot: 1 };
const CHART_ON = { DIGEST_CHART: '1' };

function imageCounts(t: PushBot): Record<string, number> {
  return Object.fromEntries(Object.entries(imagesReceived(t)).map(([target, calls]) => [target, calls.length]));
}

/** The chart record the outbox holds for the week (one per target, all naming the same file). */
async function chartRecords(t: PushBot) {
  return (await t.bot.outbox.all()).filter((r) => r.kind === 'digest' && r.period === '2026-W49#chart');
}

describe('the digest chart', () => {
  it('goes to every chat and robot once, after the text: app chats by an uploaded media_id, the robot as base64 + md5', async () => {
    await withPushBot({ env: CHART_ON }, async (t) => {
      assert.deepEqual(imageCounts(t), ONE_IMAGE_EACH);
      const records = await chartRecords(t);
      assert.equal(records.length, 3);
      assert.ok(records.every((r) => r.state === 'sent'));
      const image = records[0]!.message as ImageMessage;
      const png = await readFile(path.join(t.dataDir, OUTBOX_MEDIA_DIR, image.parts[0]));
      assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE));
      assert.equal(image.parts[0], `${createHash('sha256').update(png).digest('hex')}.png`);
      assert.equal(image.bytes, png.length);
      assert.equal((await stat(path.join(t.dataDir, OUTBOX_MEDIA_DIR, image.parts[0]))).mode & 0o777, 0o600);
      const outboxJson = await readFile(path.join(t.dataDir, OUTBOX_FILE), 'utf8');
      assert.ok(!outboxJson.includes(png.toString('base64').slice(0, 64)), 'outbox.json never holds the picture');

      // One upload serves both chats: the media_id names exactly the stored PNG, uploaded as an image.
      const uploads = t.delivered('/cgi-bin/media/upload');
      assert.equal(uploads.length, 1);
      assert.equal(uploads[0]!.query.type, 'image');
      for (const chat of ['chatA', 'chatB']) {
        const mediaId = imagesReceived(t)[chat]![0]!.body.image.media_id as string;
        const uploaded = t.api.uploads.get(mediaId)!;
        assert.equal(uploaded.type, 'image');
        assert.equal(uploaded.filename, image.parts[0]);
        assert.ok(uploaded.bytes.equals(png), `${chat} was sent the chart`);
      }

      const robot = imagesReceived(t).robot![0]!.body.image as { base64: string; md5: string };
      assert.ok(Buffer.from(robot.base64, 'base64').equals(png));
      assert.equal(robot.md5, createHash('md5').update(png).digest('hex'));

      // The picture comes after the last text part of the same target.
      const position = (call: RecordedCall) => t.api.calls.indexOf(call);
      for (const target of ['chatA', 'chatB', 'robot']) {
        const texts = [...t.delivered('/cgi-bin/appchat/send'), ...t.delivered('/cgi-bin/webhook/send')].filter(
          (c) => c.body.msgtype !== 'image' && (c.body.chatid ?? 'robot') === target,
        );
        assert.ok(texts.length >= 1);
        assert.ok(position(imagesReceived(t)[target]![0]!) > Math.max(...texts.map(position)), target);
      }
    });
  });

  it('is sent once across a restart and a second run of the job', async () => {
    await withPushBot({ env: CHART_ON }, async (t) => {
      const texts = received(t);
      await t.restart();
      await t.settle();
      assert.equal((await t.bot.scheduler.digestDue(t.clock.now())).length, 0);
      await t.settle();
      assert.deepEqual(imageCounts(t), ONE_IMAGE_EACH);
      assert.deepEqual(received(t), texts);
    });
  });

  it('a failed upload is retried by the outbox, also after a restart; the text does not wait for it', async () => {
    // Three 502s use up the client's own tries: the outbox records a failed attempt and backs off.
    const t = await startPushBot({
      now: WEDNESDAY,
      env: CHART_ON,
      faults: { '/cgi-bin/media/upload': Array(3).fill({ http: 502 }) },
    });
    try {
      await t.settle();
      // chatA's chart met the failures and waits; chatB's, next in the lane, uploaded afresh and went out.
      assert.deepEqual(imageCounts(t), { chatB: 1, robot: 1 });
      assert.equal(received(t).chatA?.length, received(t).chatB?.length, 'the text did not wait for the chart');
      const chatA = (await chartRecords(t)).find((r) => r.target.kind === 'chat' && r.target.chatId === 'chatA')!;
      assert.equal(chatA.state, 'pending');
      assert.equal(chatA.attempts, 1);
      assert.match(chatA.lastError ?? '', /502/);

      await t.restart();
      t.clock.ms += 61_000;
      await t.settle();
      assert.deepEqual(imageCounts(t), ONE_IMAGE_EACH);
      assert.ok((await chartRecords(t)).every((r) => r.state === 'sent'));
    } finally {
      await t.stop();
    }
  });
});
