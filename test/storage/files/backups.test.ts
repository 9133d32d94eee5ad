import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { BUNDLED_REPORT } from '../../../src/config.js';
import { CorruptDataError } from '../../../src/storage/CorruptDataError.js';
import { backupTime, KEEP_SETS, newestBackup } from '../../../src/storage/files/backups.js';
import { DB_FILE, EVENTS_FILE } from '../../../src/storage/files/fileNames.js';
import { openTestLedger } from '../../helpers/openTestLedger.js';

const T0 = Date.UTC(2026, 11, 1, 12, 15, 3);
let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-backups-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

async function start(now: number, timeZone = 'Asia/Shanghai'): Promise<void> {
  const store = await openTestLedger(dir, { clock: () => now, seedReport: BUNDLED_REPORT, timeZone });
  await store.close();
}

test('backupTime reads the flat names older versions wrote and the set folders named in TZ', () => {
  assert.equal(backupTime('/d/backups/db-2026-12-01T12-15-03-123Z.json'), T0 + 123);
  assert.equal(backupTime('/d/backups/events-2026-12-01T12-15-03-000Z.jsonl'), T0);
  assert.equal(backupTime('/d/backups/2026-12-01T20-15-03+0800/events.jsonl'), T0);
  assert.equal(backupTime('/d/backups/2026-12-01T08-45-03-0330-2/db.json'), T0, 'a second set in the same second');
  assert.ok(Number.isNaN(backupTime('/d/backups/notes.txt')));
});

test('a start names its set by the local time in TZ; a second start in the same second gets its own set', async () => {
  await start(T0); // creates the ledger: nothing to back up yet
  await start(T0);
  await start(T0, 'America/St_Johns');
  await start(T0);
  assert.deepEqual((await readdir(path.join(dir, 'backups'))).sort(), [
    '2026-12-01T08-45-03-0330',
    '2026-12-01T20-15-03+0800',
    '2026-12-01T20-15-03+0800-2',
  ]);
  assert.equal(
    await newestBackup(dir, DB_FILE),
    path.join(dir, 'backups', '2026-12-01T20-15-03+0800-2', DB_FILE),
    'newest by time, then by order within the second, not by name across zones',
  );
});

test(`the newest ${KEEP_SETS} sets are kept; flat backups of older versions are read, counted and pruned first`, async () => {
  await start(T0);
  const flat = ['db-2026-11-01T00-00-00-000Z.json', 'events-2026-11-01T00-00-00-500Z.jsonl'];
  await mkdir(path.join(dir, 'backups'), { recursive: true });
  for (const name of flat) await writeFile(path.join(dir, 'backups', name), '{"seq":1}\n');
  assert.equal(await newestBackup(dir, EVENTS_FILE), path.join(dir, 'backups', flat[1]!));

  for (let i = 1; i < KEEP_SETS; i++) await start(T0 + i * 1000);
  const listed = await readdir(path.join(dir, 'backups'));
  assert.equal(listed.length, KEEP_SETS, 'nine sets and the one flat set of the newest stamp');
  assert.ok(listed.includes(flat[1]!) && !listed.includes(flat[0]!), listed.join());

  await start(T0 + KEEP_SETS * 1000);
  const after = await readdir(path.join(dir, 'backups'));
  assert.equal(after.length, KEEP_SETS);
  assert.ok(
    after.every((n) => /^2026-12-01T20-15-\d\d\+0800$/.test(n)),
    after.join(),
  );
});

test('history lost beside an old flat backup link is still refused, naming that backup', async () => {
  await start(Date.UTC(2026, 10, 1));
  await mkdir(path.join(dir, 'backups'), { recursive: true });
  const old = path.join(dir, 'backups', 'events-2026-11-02T00-00-00-000Z.jsonl');
  await writeFile(old, '{"seq":1}\n');
  await writeFile(path.join(dir, EVENTS_FILE), '');
  await assert.rejects(start(Date.UTC(2026, 10, 3)), (err: Error) => {
    assert.ok(err instanceof CorruptDataError);
    assert.equal(err.backup, old);
    return true;
  });
});
