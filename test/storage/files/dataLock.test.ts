import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { acquireDataLock } from '../../../src/storage/files/dataLock.js';
import { DataLockedError } from '../../../src/storage/files/DataLockedError.js';
import { openTestLedger } from '../../helpers/openTestLedger.js';
import { BUNDLED_REPORT } from '../../../src/config.js';
import { START_MS } from '../../helpers/testBot.js';

const LOCK_MODULE = new URL('../../../src/storage/files/dataLock.ts', import.meta.url).href;

let dir: string;
const lockFile = () => path.join(dir, '.lock');
const lockHolder = () => (JSON.parse(readFileSync(lockFile(), 'utf8')) as { pid: number }).pid;
beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-lock-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Tries to take the lock from another process; resolves with its exit code and what it printed. */
function lockFromChild(): { status: number | null; stderr: string } {
  const script = `const { acquireDataLock } = await import(${JSON.stringify(LOCK_MODULE)});
try { acquireDataLock(${JSON.stringify(dir)}); } catch (err) { console.error(err.message); process.exit(3); }`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return { status: child.status, stderr: child.stderr };
}

test('a second process is refused with a message saying who holds the folder and what to do', () => {
  const release = acquireDataLock(dir);
  try {
    const { status, stderr } = lockFromChild();
    assert.equal(status, 3, stderr);
    assert.match(stderr, new RegExp(`数据目录 ${dir} 正被另一个进程（pid ${process.pid}）使用`));
    assert.match(stderr, /npm run cli -- chat/);
    assert.equal(lockHolder(), process.pid);
  } finally {
    release();
  }
});

test('a second opener in the same process is refused too', async () => {
  const store = await openTestLedger(dir, { clock: () => START_MS, seedReport: BUNDLED_REPORT });
  try {
    assert.throws(() => acquireDataLock(dir), DataLockedError);
    await assert.rejects(openTestLedger(dir, { clock: () => START_MS }), DataLockedError);
    // Readers do not take the lock: an export works while the bot runs.
    const reader = await openTestLedger(dir, { clock: () => START_MS, readOnly: true });
    assert.equal(reader.items().length, 53);
    await reader.close();
  } finally {
    await store.close();
  }
  assert.equal(existsSync(lockFile()), false);
});

test('a lock left by a process that has exited does not block', () => {
  const dead = spawnSync(process.execPath, ['-e', '']);
  assert.ok(dead.pid);
  writeFileSync(lockFile(), String(dead.pid));
  const release = acquireDataLock(dir);
  assert.equal(lockHolder(), process.pid);
  release();
  assert.equal(existsSync(lockFile()), false);
});

test('a lock file with our own pid that we do not hold is a leftover from before a restart', () => {
  writeFileSync(lockFile(), String(process.pid));
  acquireDataLock(dir)();
  assert.equal(existsSync(lockFile()), false);
});

test('an unreadable lock file does not block', () => {
  writeFileSync(lockFile(), 'not a pid');
  acquireDataLock(dir)();
});

test('releasing twice does not release the next holder', () => {
  const first = acquireDataLock(dir);
  first();
  const second = acquireDataLock(dir);
  first();
  assert.equal(lockHolder(), process.pid);
  assert.equal(lockFromChild().status, 3);
  second();
  assert.equal(lockFromChild().status, 0);
});

describe('a live pid that is no longer the holder', () => {
  // A live process that is not us: what a reused pid would name.
  let other: ReturnType<typeof spawn>;
  before(() => {
    other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  });
  after(() => other.kill());

  const proc = (file: string) => readFileSync(file, 'utf8');
  const startOf = (pid: number) => {
    const stat = proc(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
  };
  const boot = () => proc('/proc/sys/kernel/random/boot_id').trim();
  const lockNaming = (holder: object) => writeFileSync(lockFile(), JSON.stringify({ pid: other.pid, ...holder }));

  test('a lock naming a live process as it is now is refused', () => {
    lockNaming({ start: startOf(other.pid!), boot: boot() });
    assert.throws(() => acquireDataLock(dir), DataLockedError);
  });

  test('an old-style lock holding only a live pid is refused', () => {
    writeFileSync(lockFile(), String(other.pid));
    assert.throws(() => acquireDataLock(dir), DataLockedError);
  });

  test('a pid reused by a process that started later is taken over', () => {
    lockNaming({ start: String(Number(startOf(other.pid!)) - 1), boot: boot() });
    acquireDataLock(dir)();
    assert.equal(existsSync(lockFile()), false);
  });

  test('a lock from before a reboot is taken over, whatever its pid names now', () => {
    lockNaming({ start: startOf(other.pid!), boot: '00000000-0000-0000-0000-000000000000' });
    acquireDataLock(dir)();
    assert.equal(existsSync(lockFile()), false);
  });

  test('the lock records the holder beyond its pid', () => {
    const release = acquireDataLock(dir);
    try {
      assert.deepEqual(JSON.parse(proc(lockFile())), { pid: process.pid, start: startOf(process.pid), boot: boot() });
    } finally {
      release();
    }
  });
});
