import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_REPORT } from '../../src/config.js';
import { itemFromBase } from '../../src/ledger/foldItem.js';
import type { Item, ItemEvent, NewItemEvent } from '../../src/ledger/item.js';
import { openTestLedger, type TestLedger } from '../helpers/openTestLedger.js';
import { markdownMessage } from '../../src/outbox/markdownMessage.js';
import { buildDigest, type DigestSource } from '../../src/schedule/buildDigest.js';
import { FESTIVALS } from '../../src/schedule/festivals.js';
import { isoWeek } from '../../src/schedule/isoWeek.js';
import { MAX_DIGEST_PARTS, weeklyDigest } from '../../src/schedule/weeklyDigest.js';
import { shanghai } from '../helpers/pushBot.js';

const DAY = 86_400_000;
const ZONE = 'Asia/Shanghai';
const SETTINGS = { timeZone: ZONE, festivals: FESTIVALS };
const CREATED = shanghai('2026-11-01T10:00');
/** Monday 09:00, the default digest time. */
const MONDAY = shanghai('2026-11-30T09:00');

let dir: string;
let store: TestLedger;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rectify-digest-'));
  let now = CREATED;
  store = await openTestLedger(dir, { clock: () => now, seedReport: BUNDLED_REPORT });
  const events: NewItemEvent[] = [
    {
      type: 'assign',
      itemNo: 1,
      by: 'admin1',
      at: shanghai('2026-11-10T09:00'),
      officers: ['zhangsan', 'lisi'],
      unit: '党建办',
    },
    { type: 'update', itemNo: 4, by: 'wangwu', at: shanghai('2026-11-16T09:00'), text: '已制定方案' }, // 14 days before MONDAY
    { type: 'update', itemNo: 9, by: 'wangwu', at: shanghai('2026-11-16T09:01'), text: '召开专题会' }, // 13 days 23:59 before
    { type: 'update', itemNo: 20, by: 'zhangsan', at: shanghai('2026-11-23T08:59'), text: '上周的进展' }, // just outside the 7 days
    {
      type: 'update',
      itemNo: 20,
      by: 'zhangsan',
      at: shanghai('2026-11-24T10:05'),
      text: '清淤完成75%\n下周<@all>复查',
      percent: 75,
    },
    {
      type: 'evidence',
      itemNo: 20,
      by: 'zhangsan',
      at: shanghai('2026-11-24T10:06'),
      file: 'a.jpg',
      sha256: 'a',
      bytes: 1,
      mediaId: 'm1',
    },
    {
      type: 'evidence',
      itemNo: 20,
      by: 'zhangsan',
      at: shanghai('2026-11-24T10:07'),
      file: 'b.jpg',
      sha256: 'b',
      bytes: 1,
      mediaId: 'm2',
    },
    { type: 'status', itemNo: 13, by: 'admin1', at: shanghai('2026-11-27T16:30'), status: '已完成整改' },
  ];
  now = MONDAY;
  await store.append(events);
});

after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function section(lines: string[], heading: string): string[] {
  const start = lines.findIndex((l) => l.startsWith(`**${heading}**`));
  assert.ok(start >= 0, `no section ${heading}`);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

describe('buildDigest on fixed dates', () => {
  it('heads with the ISO week and the moment in the ledger zone', () => {
    const lines = buildDigest(store, MONDAY, SETTINGS);
    assert.equal(lines[0], '**巡察整改周报 · 2026年第49周**');
    assert.equal(lines[1], '> 统计至 2026-11-30 09:00');
  });

  it('gives the totals, per status, completion rate and per category of the ledger', () => {
    const lines = buildDigest(store, MONDAY, SETTINGS);
    // The bundled report: 26 + 27; item 13 was completed this week.
    assert.equal(lines[2], '共 **53** 项，已完成整改 **27** 项，完成率 **50.9%**');
    assert.equal(lines[3], '阶段性完成并需长期坚持 26 项');
    const categories = section(lines, '分类');
    assert.equal(categories.length, 6);
    assert.equal(categories[1], '· 落实区委巡察整改方面存在的主要问题 7/9', 'item 13 is in the second category');
  });

  it('lists what changed in the last 7 days, newest first: when, item, who, what', () => {
    assert.deepEqual(section(buildDigest(store, MONDAY, SETTINGS), '近7天进展'), [
      '· 11-27 16:30 第13项 admin1：状态改为「已完成整改」',
      '· 11-24 10:07 第20项 zhangsan：上传佐证照片 2 张',
      '· 11-24 10:05 第20项 zhangsan：进展「清淤完成75% 下周＜@all＞复查」',
    ]);
  });

  it('lists open items without an event for 14 days or more, from the ledger’s creation when never updated', () => {
    const stale = section(buildDigest(store, MONDAY, SETTINGS), '长期未更新');
    const numbers = stale.map((l) => Number(/第(\d+)项/.exec(l)![1]));
    assert.ok(numbers.includes(4), 'updated exactly 14 days ago');
    assert.ok(!numbers.includes(9), 'updated 13 days 23 hours ago');
    assert.ok(!numbers.includes(13), 'completed');
    // 28 days 23 hours since the ledger was created; the title loses 关于“…”的问题 and is cut to a phone line.
    assert.equal(stale[0], '· 第3项 ‘三重一大’制度执行不到位,问题整改不… · 28天 · 责任人：未指派');
    assert.match(stale.find((l) => l.startsWith('· 第1项'))!, /· 20天 · 责任人：zhangsan、lisi$/);
    assert.equal(stale.length, 27 - 1 - 1, '27 open in the report, less item 13 (completed) and item 9 (recent)');
  });

  it('lists no change and no stale item for a ledger created this week', () => {
    const lines = buildDigest(store, CREATED + 3 * DAY, SETTINGS);
    assert.deepEqual(section(lines, '近7天进展'), ['近7天没有登记新的进展。']);
    assert.deepEqual(section(lines, '长期未更新'), ['没有。']);
  });

  it('announces the next festival reminder only within 7 days', () => {
    const reminderLine = (at: number) => buildDigest(store, at, SETTINGS).find((l) => l.startsWith('**节前提醒**'));
    assert.equal(
      reminderLine(shanghai('2026-02-09T09:00')),
      '**节前提醒**：2月14日发送「廉洁过春节」提醒（2026年2月15日至2月23日，共9天）',
    );
    assert.equal(
      reminderLine(shanghai('2026-02-14T08:00')),
      '**节前提醒**：今天发送「廉洁过春节」提醒（2026年2月15日至2月23日，共9天）',
    );
    assert.equal(reminderLine(shanghai('2026-02-06T09:00')), undefined, '8 days ahead');
    assert.equal(
      buildDigest(store, shanghai('2026-09-23T09:00'), { timeZone: ZONE, festivals: ['国庆'] }).at(-1),
      '**节前提醒**：9月30日发送「廉洁过国庆」提醒（2026年10月1日至10月7日，共7天）',
    );
  });

  it('depends on the zone, not on the machine', () => {
    const sundayEveningUtc = Date.UTC(2026, 10, 29, 16, 30); // Monday 00:30 in Shanghai
    assert.equal(buildDigest(store, sundayEveningUtc, SETTINGS)[0], '**巡察整改周报 · 2026年第49周**');
    assert.equal(
      buildDigest(store, sundayEveningUtc, { ...SETTINGS, timeZone: 'UTC' })[0],
      '**巡察整改周报 · 2026年第48周**',
    );
  });
});

describe('weeklyDigest', () => {
  it('fits the bundled ledger in at most 3 messages per target without cutting anything', () => {
    const { period, text } = weeklyDigest(store, MONDAY, SETTINGS);
    assert.equal(period, '2026-W49');
    assert.deepEqual(text.split('\n'), buildDigest(store, MONDAY, SETTINGS));
  });

  it('shortens the lists of a huge ledger to 3 messages and says how much it left out', () => {
    const items: Item[] = Array.from({ length: 3000 }, (_, i) =>
      itemFromBase({
        no: i + 1,
        category: `类别${i % 40}`,
        categoryIndex: i % 40,
        title: `关于“第${i + 1}个问题整改不到位，需要长期坚持”的问题`,
        measures: [],
        status: '整改中',
      }),
    );
    const events: ItemEvent[] = Array.from({ length: 5000 }, (_, i) => ({
      seq: i + 1,
      itemNo: (i % 3000) + 1,
      by: `officer${i % 50}`,
      at: MONDAY - DAY + i,
      type: 'update',
      text: `第${i}次进展说明，内容较长需要截断显示在手机上`,
    }));
    const huge: DigestSource = {
      items: () => items.map((item, i) => (i < 1500 ? { ...item, updatedAt: MONDAY - 30 * DAY } : item)),
      categories: Array.from({ length: 40 }, (_, i) => `类别${i}`),
      eventsSince: (at) => events.filter((e) => e.at >= at),
      createdAt: MONDAY - 60 * DAY,
    };
    const { text } = weeklyDigest(huge, MONDAY, SETTINGS);
    for (const target of [
      { kind: 'chat', chatId: 'c' },
      { kind: 'robot', keyId: '1-abcdef12' },
    ] as const) {
      assert.ok(markdownMessage(text, target).parts.length <= MAX_DIGEST_PARTS, target.kind);
    }
    assert.match(text, /……另有 \d+ 条较早的进展未列出/);
    assert.match(text, /……另有 \d+ 项未列出，完整情况请导出台账查看/);
    assert.match(text, /共 \*\*3000\*\* 项/, 'the totals are never cut');
  });
});

describe('isoWeek', () => {
  const cases: [string, string, string][] = [
    ['2026-11-30T00:00', '2026-W49', '2026-11-30'],
    ['2026-11-29T23:59', '2026-W48', '2026-11-23'],
    ['2027-01-01T12:00', '2026-W53', '2026-12-28'],
    ['2024-12-30T12:00', '2025-W01', '2024-12-30'],
    ['2021-01-03T12:00', '2020-W53', '2020-12-28'],
  ];
  for (const [local, key, monday] of cases) {
    it(`${local} Shanghai is in ${key}`, () => {
      const week = isoWeek(shanghai(local), ZONE);
      assert.equal(week.key, key);
      assert.equal(week.monday, monday);
      assert.equal(week.start, shanghai(`${monday}T00:00`));
    });
  }
});
