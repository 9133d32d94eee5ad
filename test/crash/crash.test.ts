/**
 * The bot as its own process, killed with SIGKILL while admins stream updates into it. What it
 * confirmed before dying must be on disk after, exactly once; what it did not confirm may be
 * lost, and WeCom's retry (same MsgId) then lands it once. A damaged ledger file must stop the
 * start-up with a message naming the file and the newest backup, never an empty ledger.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { backupDir } from '../../src/storage/files/backups.js';
import { DB_FILE, EVENTS_FILE } from '../../src/storage/files/fileNames.js';
import { runChildToExit, startChild, type ChildServer } from '../helpers/childBot.js';
import { eventsOnDisk } from '../helpers/dataFiles.js';
import { startFakeWeComApi, type FakeWeComApi } from '../helpers/fakeWeComApi.js';
import { seededRandom } from '../helpers/seededRandom.js';
import { ADMIN, TEST_AES_KEY, TEST_CORP, TEST_SECRET, TEST_TOKEN, testEnv } from '../helpers/testBot.js';
import { WeComSigner } from '../helpers/wecomSigner.js';

const UPDATES = 500;
const KILLS = 4;
const IN_FLIGHT = 4;
/** Fixed: the child runs on the machine's clock, so the timestamp check is off and no time is read. */
const CREATE_TIME = 1_795_000_000;
const ITEMS = 53;

let api: FakeWeComApi;
let dataDir: string;
let env: Record<string, string>;
const signer = new WeComSigner({
  token: TEST_TOKEN,
  encodingAESKey: TEST_AES_KEY,
  receiveId: TEST_CORP,
  now: () => CREATE_TIME,
});

before(async () => {
  api = await startFakeWeComApi({ corpId: TEST_CORP, secret: TEST_SECRET });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'rectify-crash-'));
  env = testEnv(dataDir, api.url, { WECOM_TIMESTAMP_TOLERANCE: '0', TZ: 'Asia/Shanghai', LOG_LEVEL: 'warn' });
});
after(async () => {
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Update k: its own MsgId and text, so the disk can be checked for each one. */
const update = (k: number) => ({
  k,
  itemNo: 1 + (k % ITEMS),
  text: `更新${k}`,
  msgId: `75${String(k).padStart(17, '0')}`,
});
type Update = ReturnType<typeof update>;

/** 'confirmed' when the bot answered that it is recorded (or 'already', by an earlier attempt); 'unknown' when no answer came. */
async function send(bot: ChildServer, u: Update): Promise<'confirmed' | 'already' | 'unknown'> {
  try {
    const xml = signer.textMessageXml({ from: ADMIN, content: `进度 ${u.itemNo} ${u.text}`, msgId: u.msgId });
    const res = await signer.post(bot.url, '/wecom/callback', xml);
    if (res.status !== 200) throw new Error(`update ${u.k} answered ${res.status}: ${res.body}`);
    const reply = signer.openReply(res.body).content;
    // A retry of a message recorded before the crash is answered 已登记过: recorded all the same.
    if (reply.includes('已登记过')) return 'already';
    if (!reply.startsWith(`已登记第${u.itemNo}项`)) throw new Error(`update ${u.k} answered: ${reply}`);
    return 'confirmed';
  } catch (err) {
    if (err instanceof TypeError) return 'unknown'; // fetch failed: the process died under it
    throw err;
  }
}

/** What survives on disk, read as an auditor would: complete lines only, before the bot repairs a torn tail. */
async function checkDisk(confirmed: ReadonlySet<number>, allowTornTail: boolean): Promise<void> {
  JSON.parse(await readFile(path.join(dataDir, DB_FILE), 'utf8'));
  const text = await readFile(path.join(dataDir, EVENTS_FILE), 'utf8');
  const lines = text.split('\n');
  const tail = lines.pop();
  if (!allowTornTail) assert.equal(tail, '', 'events.jsonl ends with a complete line');
  const byMsgId = new Map<string, number>();
  for (const line of lines) {
    const e = JSON.parse(line) as { msgId?: string };
    if (e.msgId) byMsgId.set(e.msgId, (byMsgId.get(e.msgId) ?? 0) + 1);
  }
  for (const [msgId, count] of byMsgId) assert.equal(count, 1, `MsgId ${msgId} recorded ${count} times`);
  for (const k of confirmed)
    assert.ok(byMsgId.has(update(k).msgId), `confirmed update ${k} is missing after the crash`);
}

describe('SIGKILL while updates stream in', () => {
  test(`${KILLS} kills at seeded random moments lose no confirmed update and duplicate none`, async (t) => {
    const random = seededRandom(20261127);
    const confirmed = new Set<number>();
    let unknown: number[] = [];
    let next = 1;
    let killedMidStream = 0;
    let recordedUnanswered = 0;
    for (let round = 0; round <= KILLS; round++) {
      const bot = await startChild({ env });
      const last = round === KILLS;
      // WeCom retries what got no answer, with the same MsgId: first those, then new updates.
      const queue = [...unknown];
      unknown = [];
      let answered = 0;
      let exited: Promise<unknown> | undefined;
      // The kill lands a random fraction of a millisecond or two after a random answer, with
      // IN_FLIGHT - 1 other updates somewhere between the socket and the fsync.
      const killAt = last ? Infinity : 30 + Math.floor(random() * 70);
      const killDelay = random() * 2;
      const worker = async () => {
        for (;;) {
          const k = queue.shift() ?? (next <= UPDATES ? next++ : undefined);
          if (k === undefined) return;
          if (exited) {
            unknown.push(k);
            return;
          }
          const outcome = await send(bot, update(k));
          if (outcome === 'unknown') {
            unknown.push(k);
            return;
          }
          if (outcome === 'already') recordedUnanswered += 1;
          confirmed.add(k);
          if (++answered === killAt) setTimeout(() => (exited = bot.kill('SIGKILL')), killDelay);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      if (last) {
        assert.equal(await bot.stop(), 0, 'graceful stop after the last round');
      } else {
        await (exited ?? bot.kill('SIGKILL'));
        if (unknown.length) killedMidStream += 1;
      }
      await checkDisk(confirmed, !last);
      t.diagnostic(
        `round ${round + 1}: ${last ? 'ran to the end' : `SIGKILL after answer ${killAt}`}, ${confirmed.size} confirmed so far, ${unknown.length} unanswered`,
      );
    }
    assert.equal(next, UPDATES + 1, 'every update was sent');
    assert.equal(unknown.length, 0);
    assert.equal(confirmed.size, UPDATES, 'every update was confirmed in the end');
    assert.ok(killedMidStream >= 1, 'at least one kill caught requests in flight');
    t.diagnostic(
      `${recordedUnanswered} unanswered updates had reached the disk before the kill; their retries were recognised`,
    );

    const events = (await eventsOnDisk(dataDir)).filter((e) => e.type === 'update' && e.by === ADMIN);
    assert.equal(events.length, UPDATES, 'each update exactly once');
    for (const e of events) {
      const k = Number(e.type === 'update' && /^更新(\d+)$/.exec(e.text)?.[1]);
      assert.deepEqual({ itemNo: e.itemNo, msgId: e.msgId }, { itemNo: update(k).itemNo, msgId: update(k).msgId });
    }
  });
});

describe('a damaged data file at start-up', () => {
  let good: { db: string; events: string };
  before(async () => {
    good = {
      db: await readFile(path.join(dataDir, DB_FILE), 'utf8'),
      events: await readFile(path.join(dataDir, EVENTS_FILE), 'utf8'),
    };
  });
  after(async () => {
    await writeFile(path.join(dataDir, DB_FILE), good.db);
    await writeFile(path.join(dataDir, EVENTS_FILE), good.events);
  });

  async function newestBackupName(): Promise<string> {
    const sets = (await readdir(backupDir(dataDir))).sort();
    assert.ok(sets.length > 0, 'the earlier starts left backups');
    return path.join(backupDir(dataDir), sets[sets.length - 1]!, DB_FILE);
  }

  async function refusesToStart(damage: string | undefined, reason: RegExp): Promise<void> {
    const dbFile = path.join(dataDir, DB_FILE);
    if (damage === undefined) await rm(dbFile);
    else await writeFile(dbFile, damage);
    const backup = await newestBackupName();
    const { code, stderr } = await runChildToExit({ env });
    assert.notEqual(code, 0, 'the bot must not start');
    assert.match(stderr, reason);
    assert.ok(stderr.includes(dbFile), `names the file: ${stderr}`);
    assert.ok(stderr.includes(backup), `points to the newest backup ${backup}: ${stderr}`);
    assert.doesNotMatch(stderr, /\n\s+at /, 'a message, not a stack trace');
    assert.equal(
      damage === undefined ? undefined : await readFile(dbFile, 'utf8'),
      damage,
      'the damaged file is left as it was',
    );
    assert.equal(await readFile(path.join(dataDir, EVENTS_FILE), 'utf8'), good.events, 'history untouched');
  }

  test('a truncated db.json', () => refusesToStart(good.db.slice(0, Math.floor(good.db.length / 2)), /已损坏/));
  test('an empty db.json', () => refusesToStart('', /已损坏/));
  test('a db.json that parses but is not a ledger', () => refusesToStart('{"items":5}', /已损坏（结构不完整）/));
  test('a db.json gone while its history remains', () => refusesToStart(undefined, /文件缺失/));

  test('a damaged line inside events.jsonl names the file and the line', async () => {
    await writeFile(path.join(dataDir, DB_FILE), good.db);
    const lines = good.events.split('\n');
    lines[2] = lines[2]!.slice(0, 10);
    await writeFile(path.join(dataDir, EVENTS_FILE), lines.join('\n'));
    const { code, stderr } = await runChildToExit({ env });
    assert.notEqual(code, 0);
    assert.ok(stderr.includes(path.join(dataDir, EVENTS_FILE)), stderr);
    assert.match(stderr, /第 3 行/);
  });
});
