import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDeadlineArg } from '../../src/bot/parseDeadlineArg.js';

const TODAY = '2026-11-27';
const dateOf = (typed: string, today = TODAY): string => {
  const r = parseDeadlineArg(typed, today);
  return 'error' in r ? `error: ${r.error}` : (r.deadline?.date ?? 'no date');
};

test('every common date form reads as the same calendar day', () => {
  for (const typed of [
    '2026-12-31',
    '2026/12/31',
    '2026.12.31',
    '2026年12月31日',
    '２０２６－１２－３１',
    '2026年12月底前',
  ])
    assert.equal(dateOf(typed), '2026-12-31', typed);
  assert.equal(dateOf('2027年上半年'), '2027-06-30');
  assert.equal(dateOf('2027年底'), '2027-12-31');
});

test('a day or month without a year is the next such one, today included', () => {
  assert.equal(dateOf('12月31日'), '2026-12-31');
  assert.equal(dateOf('11月27日'), '2026-11-27');
  assert.equal(dateOf('11月26日'), '2027-11-26');
  assert.equal(dateOf('3/15'), '2027-03-15');
  assert.equal(dateOf('12月底'), '2026-12-31');
  assert.equal(dateOf('2月底前'), '2027-02-28');
  assert.equal(dateOf('11月底'), '2026-11-30');
});

test('month and year ends said from today: 月底, 下月底, 年底, 年内, 明年底', () => {
  assert.equal(dateOf('月底'), '2026-11-30');
  assert.equal(dateOf('本月底前'), '2026-11-30');
  assert.equal(dateOf('下月底'), '2026-12-31');
  assert.equal(dateOf('下个月末'), '2026-12-31');
  assert.equal(dateOf('下月底', '2026-12-05'), '2027-01-31');
  assert.equal(dateOf('下月底', '2027-01-10'), '2027-02-28');
  assert.equal(dateOf('年底'), '2026-12-31');
  assert.equal(dateOf('今年底'), '2026-12-31');
  assert.equal(dateOf('年内'), '2026-12-31');
  assert.equal(dateOf('明年底'), '2027-12-31');
  assert.deepEqual(parseDeadlineArg('下月底', TODAY), { deadline: { text: '下月底', date: '2026-12-31' } });
});

test('a whole date is stored as the date; other words are kept beside it', () => {
  assert.deepEqual(parseDeadlineArg('2026/12/31', TODAY), { deadline: { text: '2026-12-31', date: '2026-12-31' } });
  assert.deepEqual(parseDeadlineArg('12月底', TODAY), { deadline: { text: '12月底', date: '2026-12-31' } });
});

test('长期 marks the item long-term without a date; 取消 removes the deadline', () => {
  assert.deepEqual(parseDeadlineArg('长期', TODAY), { deadline: { text: '长期', longTerm: true } });
  assert.deepEqual(parseDeadlineArg('长期坚持', TODAY), { deadline: { text: '长期', longTerm: true } });
  assert.deepEqual(parseDeadlineArg('取消', TODAY), {});
});

test('what is not a date, a day that does not exist and an implausible year are refused', () => {
  assert.match(dateOf('尽快'), /^error: 「尽快」读不出日期/);
  assert.match(dateOf('2026-02-30'), /^error: .*读不出日期/);
  assert.match(dateOf('2月30日'), /^error: .*读不出日期/);
  assert.match(dateOf('13月1日'), /^error: .*读不出日期/);
  assert.match(dateOf('2062-12-31'), /^error: 2062 年看起来不对/);
  assert.match(dateOf('1926-12-31'), /^error: 1926 年看起来不对/);
});
