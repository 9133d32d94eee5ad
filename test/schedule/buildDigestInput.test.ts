import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BUNDLED_REPORT } from '../../src/config.js';
import type { NewItemEvent } from '../../src/ledger/item.js';
import { openTestLedger, type TestLedger } from '../helpers/openTestLedger.js';
import { buildDigest } from '../../src/schedule/buildDigest.js';
import { FESTIVALS } from '../../src/schedule/festivals.js';
import { shanghai } from '../helpers/pushBot.js';

const NOW = shanghai('2026-11-30T09:00');
const update = (itemNo: number, at: number, text: string): NewItemEvent => ({
  type: 'update',
  itemNo,
  by: 'zhangsan',
  at,
  text,
});

let dir: string;
let store: TestLedger;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-order-'));
  store = await openTestLedger(dir, { clock: () => NOW, seedReport: BUNDLED_REPORT });
  // Recorded in this order: one stamped 30 days ahead by a clock that ran fast, then three real ones.
  await store.append([update(1, shanghai('2026-11-20T09:00'), '较早')]);
  await store.append([update(2, shanghai('2026-12-30T09:00'), '来自未来')]);
  for (const [no, at] of [
    [3, '2026-11-25T09:00'],
    [4, '2026-11-26T09:00'],
    [5, '2026-11-27T09:00'],
  ] as const)
    await store.append([update(no, shanghai(at), `第${no}项真实进展`)]);
  await store.append([update(6, shanghai('2026-11-28T09:00'), HOSTILE)]);
});

/** An officer's note as the attack report wrote it: colour, a mention of all, a link, fake bold. */
const HOSTILE = '[验收报告](http://e.x) **已完成** <@all> <font color="warning">已全部完成</font>';
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

test('a future-stamped event does not hide the real ones recorded after it', () => {
  const text = buildDigest(store, NOW, { timeZone: 'Asia/Shanghai', festivals: FESTIVALS }).join('\n');
  assert.match(text, /近7天进展\*\*（[^）]*，4 条）/);
  for (const no of [3, 4, 5]) assert.match(text, new RegExp(`第${no}项真实进展`));
  assert.doesNotMatch(text, /来自未来|较早/);
});

test('eventsSince finds every event at or after the moment, whatever order they were recorded in', () => {
  const texts = store.eventsSince(shanghai('2026-11-26T00:00')).map((e) => e.type === 'update' && e.text);
  assert.deepEqual(texts, ['来自未来', '第4项真实进展', '第5项真实进展', HOSTILE]);
});

test("a member's note reaches the digest as text, never as live markdown", () => {
  const lines = buildDigest(store, NOW, { timeZone: 'Asia/Shanghai', festivals: FESTIVALS });
  const line = lines.find((l) => l.includes('第6项'));
  assert.ok(line, lines.join('\n'));
  assert.match(line, /验收报告/);
  assert.doesNotMatch(line, /<|>|\[|\]|\*\*|:\/\//, line);
});
