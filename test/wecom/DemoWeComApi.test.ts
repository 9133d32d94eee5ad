import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { FileOutboxMedia, OUTBOX_MEDIA_DIR } from '../../src/storage/files/FileOutboxMedia.js';
import { DemoWeComApi } from '../../src/wecom/DemoWeComApi.js';
import { withTempDir } from '../helpers/withTempDir.js';

describe('DemoWeComApi', () => {
  it('the demo API names a robot image by its stored file in outbound.jsonl, without its bytes', async () => {
    await withTempDir(async (dir) => {
      const png = Buffer.from('a chart standing in for a PNG');
      const image = await new FileOutboxMedia(dir, () => 0).savePng(png);
      const demo = new DemoWeComApi(dir, () => 0, '1000002');
      await demo.robot('key', { msgtype: 'image', image: { base64: png.toString('base64'), md5: 'm' } });
      const line = JSON.parse(await readFile(demo.file, 'utf8')) as { api: string; body: { image: object } };
      assert.equal(line.api, 'webhook/send');
      assert.deepEqual(line.body.image, { file: `${OUTBOX_MEDIA_DIR}/${image.parts[0]}`, bytes: png.length, md5: 'm' });
    });
  });
});
