import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { MediaTooLargeError } from '../../src/wecom/MediaTooLargeError.js';
import { streamToFile } from '../../src/wecom/streamToFile.js';

let dir: string;
before(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-stream-'))));
after(() => rm(dir, { recursive: true, force: true }));

/** An endless download: the cap, not the source, must end it. */
async function* endless(): AsyncGenerator<Uint8Array> {
  for (;;) yield Buffer.alloc(64 * 1024, 1);
}

test('a download past the cap stops there, throws, and leaves no file', async () => {
  const file = path.join(dir, 'big.part');
  await assert.rejects(streamToFile(endless(), file, 1024 * 1024), MediaTooLargeError);
  assert.equal(existsSync(file), false);
});

test('a download within the cap is written whole and its size returned', async () => {
  const file = path.join(dir, 'ok.part');
  const chunks = [Buffer.from('ab'), Buffer.from('cd')];
  assert.equal(await streamToFile(chunks, file, 4), 4);
  assert.equal(await readFile(file, 'utf8'), 'abcd');
});

test('an existing file is never overwritten: every download needs a name of its own', async () => {
  const file = path.join(dir, 'ok.part');
  await assert.rejects(streamToFile([Buffer.from('x')], file, 4), { code: 'EEXIST' });
  assert.equal(await readFile(file, 'utf8'), 'abcd');
});
