import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withTempDir } from '../../helpers/withTempDir.js';
import { FileOutboxMedia, OUTBOX_MEDIA_DIR } from '../../../src/storage/files/FileOutboxMedia.js';

describe('FileOutboxMedia', () => {
  it('keeps one file per picture, refuses a changed file, and prunes only what nothing waits for', async () => {
    await withTempDir(async (dir) => {
      let now = 1_000;
      const media = new FileOutboxMedia(dir, () => now);
      const a = await media.savePng(Buffer.from('picture a'));
      assert.deepEqual(await media.savePng(Buffer.from('picture a')), a);
      const b = await media.savePng(Buffer.from('picture b'));
      assert.equal((await readdir(path.join(dir, OUTBOX_MEDIA_DIR))).length, 2);
      assert.equal((await media.read(a)).toString(), 'picture a');

      assert.equal(await media.prune(new Set(), 1_000), 0, 'just saved: maybe not queued yet');
      now = 10_000;
      assert.equal(await media.prune(new Set([b.parts[0]]), 5_000), 1);
      assert.deepEqual(await readdir(path.join(dir, OUTBOX_MEDIA_DIR)), [b.parts[0]]);

      await writeFile(path.join(dir, OUTBOX_MEDIA_DIR, b.parts[0]), 'swapped');
      await assert.rejects(media.read(b), /does not match its sha256/);
    });
  });
});
