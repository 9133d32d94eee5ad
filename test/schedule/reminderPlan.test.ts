import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Lunar } from 'lunar-javascript';
import { FESTIVALS, parseFestivalList } from '../../src/schedule/festivals.js';
import {
  nextReminder,
  parseHolidayOverrides,
  reminderPlan,
  type ReminderPlanEntry,
} from '../../src/schedule/reminderPlan.js';
import { formatPlanLine } from '../../src/schedule/formatPlanLine.js';
import { reminderText } from '../../src/schedule/reminderText.js';

function weekday(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return '日一二三四五六'[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

function entry(
  festival: ReminderPlanEntry['festival'],
  send: string,
  holidayStart: string,
  holidayEnd: string,
  source: ReminderPlanEntry['source'] = 'official',
): ReminderPlanEntry {
  return { festival, send, holidayStart, holidayEnd, source };
}

describe('reminderPlan, official schedule', () => {
  it('2026 follows the State Council arrangement', () => {
    // 国务院办公厅关于2026年部分节假日安排的通知, as carried by chinese-days 1.5.7 (the data agrees):
    // 元旦 1月1日–3日, 1月4日(周日)上班; 春节 2月15日–23日, 2月14日(周六)、2月28日(周六)上班;
    // 端午 6月19日–21日; 中秋 9月25日–27日; 国庆 10月1日–7日, 9月20日(周日)、10月10日(周六)上班.
    assert.deepEqual(reminderPlan(2026, FESTIVALS), [
      entry('元旦', '2025-12-31', '2026-01-01', '2026-01-03'),
      entry('春节', '2026-02-14', '2026-02-15', '2026-02-23'),
      entry('端午', '2026-06-18', '2026-06-19', '2026-06-21'),
      entry('中秋', '2026-09-24', '2026-09-25', '2026-09-27'),
      entry('国庆', '2026-09-30', '2026-10-01', '2026-10-07'),
    ]);
  });

  it('sends on a make-up working day at the weekend', () => {
    const [spring2026] = reminderPlan(2026, ['春节']);
    assert.equal(spring2026?.send, '2026-02-14');
    assert.equal(weekday('2026-02-14'), '六');

    // 2019: 春节 2月4日–10日 with 2月2日(六)、3日(日) worked; 元旦 2018-12-30–2019-01-01 with 12月29日(六) worked.
    const plan2019 = reminderPlan(2019, ['元旦', '春节']);
    assert.deepEqual(plan2019, [
      entry('元旦', '2018-12-29', '2018-12-30', '2019-01-01'),
      entry('春节', '2019-02-03', '2019-02-04', '2019-02-10'),
    ]);
    assert.deepEqual(
      plan2019.map((e) => weekday(e.send)),
      ['六', '日'],
    );
  });

  it('treats a weekday holiday as rest and includes adjoining weekend days in the period', () => {
    // 2024 端午: only Mon 6月10日 is listed; the break is Sat 6/8 – Mon 6/10, so the reminder goes out Friday.
    assert.deepEqual(reminderPlan(2024, ['端午']), [entry('端午', '2024-06-07', '2024-06-08', '2024-06-10')]);
  });

  it('gives 中秋 and 国庆 the same period and send date when the break is merged', () => {
    // 2025: 中秋 falls on 10月6日, inside the 10月1日–8日 break; 9月28日(日) and 10月11日(六) are worked.
    assert.deepEqual(reminderPlan(2025, ['国庆', '中秋']), [
      entry('中秋', '2025-09-30', '2025-10-01', '2025-10-08'),
      entry('国庆', '2025-09-30', '2025-10-01', '2025-10-08'),
    ]);
    // 2023: the merged break starts on 中秋 itself (9月29日).
    assert.deepEqual(reminderPlan(2023, ['中秋', '国庆']), [
      entry('中秋', '2023-09-28', '2023-09-29', '2023-10-06'),
      entry('国庆', '2023-09-28', '2023-09-29', '2023-10-06'),
    ]);
  });

  it('lists each festival once, in festival order on a shared send date', () => {
    const plan = reminderPlan(2025, ['国庆', '中秋', '国庆']);
    assert.deepEqual(
      plan.map((e) => e.festival),
      ['中秋', '国庆'],
    );
  });

  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      const west = reminderPlan(2026, FESTIVALS);
      process.env.TZ = 'Pacific/Kiritimati';
      assert.deepEqual(reminderPlan(2026, FESTIVALS), west);
      assert.equal(west[1]?.send, '2026-02-14');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('rejects an implausible year', () => {
    assert.throws(() => reminderPlan(20266, FESTIVALS), /20266/);
    assert.throws(() => reminderPlan(2026.5, FESTIVALS), /2026\.5/);
  });
});

describe('reminderPlan, years the data does not cover', () => {
  it('computes 2030 from the festival days, sending on the last Monday–Friday before each', () => {
    // Chinese New Year 2030 is Sunday 3 February, so 除夕 is Saturday 2 February.
    assert.equal(Lunar.fromYmd(2030, 1, 1).getSolar().toYmd(), '2030-02-03');
    assert.deepEqual(reminderPlan(2030, FESTIVALS), [
      entry('元旦', '2029-12-31', '2030-01-01', '2030-01-01', 'computed'),
      entry('春节', '2030-02-01', '2030-02-02', '2030-02-02', 'computed'),
      entry('端午', '2030-06-04', '2030-06-05', '2030-06-05', 'computed'),
      entry('中秋', '2030-09-11', '2030-09-12', '2030-09-12', 'computed'),
      entry('国庆', '2030-09-30', '2030-10-01', '2030-10-01', 'computed'),
    ]);
    assert.equal(weekday('2030-02-01'), '五');
  });

  it('computes 2027, the first year after the data, and nextReminder crosses into it', () => {
    // 春节 2027 is Saturday 6 February, so 除夕 is Friday 5 February; 端午 9 June; 中秋 15 September.
    assert.deepEqual(reminderPlan(2027, FESTIVALS), [
      entry('元旦', '2026-12-31', '2027-01-01', '2027-01-01', 'computed'),
      entry('春节', '2027-02-04', '2027-02-05', '2027-02-05', 'computed'),
      entry('端午', '2027-06-08', '2027-06-09', '2027-06-09', 'computed'),
      entry('中秋', '2027-09-14', '2027-09-15', '2027-09-15', 'computed'),
      entry('国庆', '2027-09-30', '2027-10-01', '2027-10-01', 'computed'),
    ]);
    assert.equal(nextReminder('2026-10-08', FESTIVALS)?.source, 'computed');
  });

  it('skips back over the weekend when the festival falls on a Monday', () => {
    assert.equal(weekday('2029-01-01'), '一');
    assert.deepEqual(reminderPlan(2029, ['元旦']), [
      entry('元旦', '2028-12-29', '2029-01-01', '2029-01-01', 'computed'),
    ]);
  });
});

describe('overrides', () => {
  const overrides = parseHolidayOverrides(
    JSON.stringify({
      '2030': { 春节: { start: '2030-02-02', end: '2030-02-10' } },
      '2026': { 国庆: { start: '2026-10-01', end: '2026-10-08', send: '2026-09-29' } },
    }),
  );

  it('win over computed dates, deriving send from start when absent', () => {
    const [spring] = reminderPlan(2030, ['春节'], overrides);
    assert.deepEqual(spring, entry('春节', '2030-02-01', '2030-02-02', '2030-02-10', 'override'));
  });

  it('win over the official data', () => {
    assert.deepEqual(reminderPlan(2026, ['中秋', '国庆'], overrides), [
      entry('中秋', '2026-09-24', '2026-09-25', '2026-09-27'),
      entry('国庆', '2026-09-29', '2026-10-01', '2026-10-08', 'override'),
    ]);
  });

  it('derive send from the official working days when start is in a covered year', () => {
    const moved = parseHolidayOverrides('{"2026":{"春节":{"start":"2026-02-15","end":"2026-02-23"}}}');
    assert.equal(reminderPlan(2026, ['春节'], moved)[0]?.send, '2026-02-14');
  });

  it('only apply to their own year', () => {
    assert.equal(reminderPlan(2025, ['国庆'], overrides)[0]?.source, 'official');
  });
});

describe('nextReminder', () => {
  it('includes a reminder due today', () => {
    assert.equal(nextReminder('2026-02-14', FESTIVALS)?.festival, '春节');
  });

  it('moves on once the send date has passed', () => {
    assert.deepEqual(nextReminder('2026-02-15', FESTIVALS), entry('端午', '2026-06-18', '2026-06-19', '2026-06-21'));
  });

  it("reaches into next year's plan for the 元旦 reminder sent in December", () => {
    assert.deepEqual(nextReminder('2025-10-01', FESTIVALS), entry('元旦', '2025-12-31', '2026-01-01', '2026-01-03'));
  });

  it('honours the festival list and overrides', () => {
    const overrides = parseHolidayOverrides(
      '{"2026":{"端午":{"start":"2026-06-19","end":"2026-06-21","send":"2026-06-17"}}}',
    );
    assert.equal(nextReminder('2026-03-01', ['端午'], overrides)?.send, '2026-06-17');
    assert.equal(nextReminder('2026-03-01', ['国庆'])?.send, '2026-09-30');
  });

  it('rejects a malformed date', () => {
    assert.throws(() => nextReminder('2026-2-14', FESTIVALS), /2026-2-14/);
  });
});

describe('parseFestivalList', () => {
  it('accepts ASCII and Chinese separators and drops duplicates', () => {
    assert.deepEqual(parseFestivalList('春节,中秋，国庆、端午 元旦,春节'), ['春节', '中秋', '国庆', '端午', '元旦']);
  });

  it('names the unknown festival and lists the valid ones', () => {
    assert.throws(
      () => parseFestivalList('春节,清明'),
      (error: Error) => {
        assert.match(error.message, /清明/);
        assert.match(error.message, /元旦、春节、端午、中秋、国庆/);
        return true;
      },
    );
    assert.throws(() => parseFestivalList('国庆节'), /国庆节/);
  });

  it('rejects an empty list', () => {
    assert.throws(() => parseFestivalList(' , '), /为空/);
  });
});

describe('parseHolidayOverrides', () => {
  it('keeps only the known fields', () => {
    assert.deepEqual(
      parseHolidayOverrides(
        '{"2027":{"春节":{"start":"2027-02-05","end":"2027-02-13","send":"2027-02-04"}},"2028":{}}',
      ),
      {
        '2027': { 春节: { start: '2027-02-05', end: '2027-02-13', send: '2027-02-04' } },
        '2028': {},
      },
    );
  });

  const cases: [string, string, RegExp][] = [
    ['invalid JSON', '{"2027":', /不是有效的 JSON/],
    ['a top-level array', '[]', /顶层应为以年份为键的对象/],
    ['a non-year key', '{"明年":{}}', /“明年”.*年份/],
    ['a year that is not an object', '{"2027":[]}', /2027 应为以节日名为键的对象/],
    [
      'an unknown festival',
      '{"2027":{"清明":{"start":"2027-04-03","end":"2027-04-05"}}}',
      /2027\.清明 不是可识别的节日/,
    ],
    ['an entry that is not an object', '{"2027":{"春节":"2027-02-05"}}', /2027\.春节 应为/],
    [
      'an unknown field',
      '{"2027":{"春节":{"start":"2027-02-05","end":"2027-02-13","sned":"2027-02-04"}}}',
      /2027\.春节\.sned 是未知字段/,
    ],
    ['a missing end', '{"2027":{"春节":{"start":"2027-02-05"}}}', /2027\.春节\.end 缺失/],
    [
      'an impossible date',
      '{"2027":{"春节":{"start":"2027-02-30","end":"2027-03-05"}}}',
      /2027\.春节\.start 不是有效日期/,
    ],
    ['an end before start', '{"2027":{"春节":{"start":"2027-02-13","end":"2027-02-05"}}}', /2027\.春节\.end/],
    [
      'a send on or after start',
      '{"2027":{"春节":{"start":"2027-02-05","end":"2027-02-13","send":"2027-02-05"}}}',
      /2027\.春节\.send.*应早于/,
    ],
  ];
  for (const [name, json, message] of cases) {
    it(`rejects ${name}`, () => {
      assert.throws(() => parseHolidayOverrides(json), message);
    });
  }
});

describe('formatPlanLine', () => {
  it('prints send date, festival and holiday range', () => {
    assert.equal(
      formatPlanLine(entry('中秋', '2026-09-24', '2026-09-25', '2026-09-27')),
      '2026-09-24  中秋  2026-09-25~2026-09-27',
    );
  });

  it('marks dates that are not the official schedule', () => {
    assert.equal(
      formatPlanLine(entry('春节', '2030-02-01', '2030-02-02', '2030-02-02', 'computed')),
      '2030-02-01  春节  2030-02-02（除夕）  （推算，放假安排待国务院通知）',
    );
    assert.equal(
      formatPlanLine(entry('国庆', '2026-09-29', '2026-10-01', '2026-10-08', 'override')),
      '2026-09-29  国庆  2026-10-01~2026-10-08  （人工指定）',
    );
  });
});

describe('reminderText', () => {
  const entries = [...reminderPlan(2026, FESTIVALS), ...reminderPlan(2030, FESTIVALS), ...reminderPlan(2024, ['元旦'])];

  for (const e of entries) {
    it(`${e.holidayStart} ${e.festival} fits WeCom and names the festival and the rules`, () => {
      const text = reminderText([e]);
      assert.ok(Buffer.byteLength(text, 'utf8') < 2048);
      assert.ok(text.split('\n').length <= 8);
      for (const phrase of [
        e.festival,
        '公车私用',
        '公款送礼',
        '公款吃喝',
        '酒驾醉驾',
        '违规收送礼品礼金',
        '街道纪工委',
      ]) {
        assert.ok(text.includes(phrase), `missing ${phrase}`);
      }
    });
  }

  it('opens differently for each festival', () => {
    const openings = reminderPlan(2026, FESTIVALS).map((e) => reminderText([e]).split('\n')[1]);
    assert.equal(new Set(openings).size, FESTIVALS.length);
  });

  it('states the official holiday range', () => {
    assert.match(
      reminderText([entry('春节', '2026-02-14', '2026-02-15', '2026-02-23')]),
      /放假时间：2026年2月15日至2月23日，共9天/,
    );
    assert.match(
      reminderText([entry('元旦', '2023-12-29', '2023-12-30', '2024-01-01')]),
      /2023年12月30日至2024年1月1日，共3天/,
    );
  });

  it('does not present a computed date as the official holiday', () => {
    const text = reminderText([entry('春节', '2030-02-01', '2030-02-02', '2030-02-02', 'computed')]);
    assert.match(text, /2030年2月2日（除夕），具体放假安排以国务院通知为准/);
    assert.doesNotMatch(text, /放假时间/);
  });
});
