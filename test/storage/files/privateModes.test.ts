import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BUNDLED_REPORT } from '../../../src/config.js';
import { saveEvidence } from '../../../src/evidence/saveEvidence.js';
import { streamToFile } from '../../../src/wecom/streamToFile.js';
import { openTestLedger } from '../../helpers/openTestLedger.js';
import { DemoWeComApi } from '../../../src/wecom/DemoWeComApi.js';

/** Every path under dir with its permission bits, e.g. ['backups', 0o700]. */
async function modes(dir: string): Promise<[string, number][]> {
  const entries = await readdir(dir, { recursive: true });
  return Promise.all(
    entries.sort().map(async (e) => [e, (await stat(path.join(dir, e))).mode & 0o777] as [string, number]),
  );
}

test('every file the bot writes is 0600 and every folder 0700, whatever the umask allows', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'rectify-modes-'));
  const previous = process.umask(0o022);
  try {
    const dataDir = path.join(tmp, 'data');
    const clock = () => Date.UTC(2026, 10, 27, 2);
    let store = await openTestLedger(dataDir, { clock, seedReport: BUNDLED_REPORT });
    await store.append([{ type: 'update', itemNo: 20, by: 'a', at: clock(), text: '清淤' }]);
    await store.close();
    store = await openTestLedger(dataDir, { clock }); // a second start makes backups
    const incoming = path.join(tmp, 'photo.part');
    await streamToFile([Buffer.from('jpeg')], incoming, 1024);
    await saveEvidence(dataDir, '20', 'ab'.repeat(32), 'jpg', incoming);
    await new DemoWeComApi(dataDir, clock, '1000002').post('message/send', { touser: 'a' });
    const listed = await modes(dataDir);
    await store.close();

    for (const name of ['db.json', 'events.jsonl', 'outbox.json', 'outbound.jsonl', '.lock', 'backups', 'evidence'])
      assert.ok(
        listed.some(([e]) => e === name),
        `${name} is there`,
      );
    const dirs = new Set(['backups', 'evidence', path.join('evidence', '20')]);
    const isDir = (entry: string) => dirs.has(entry) || path.dirname(entry) === 'backups'; // a backup set
    for (const [entry, mode] of listed) assert.equal(mode.toString(8), isDir(entry) ? '700' : '600', entry);
    assert.equal(((await stat(dataDir)).mode & 0o777).toString(8), '700', 'the data folder');
  } finally {
    process.umask(previous);
    await rm(tmp, { recursive: true, force: true });
  }
});
