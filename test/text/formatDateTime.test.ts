import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDateTime } from '../../src/text/formatDateTime.js';

const AT = Date.UTC(2026, 10, 27, 6, 5, 30);

test('the same instant reads differently in different zones, asked in any order', () => {
  assert.equal(formatDateTime(AT, 'Asia/Shanghai'), '2026-11-27 14:05');
  assert.equal(formatDateTime(AT, 'Europe/Berlin'), '2026-11-27 07:05');
  assert.equal(formatDateTime(AT, 'Asia/Shanghai'), '2026-11-27 14:05');
  assert.equal(formatDateTime(AT, 'America/New_York'), '2026-11-27 01:05');
});

test('a minute turns over inside a UTC minute where the zone offset has seconds (Monrovia 1971: −0:44:30)', () => {
  const utcMinute = Date.UTC(1971, 0, 1, 12, 0, 0);
  assert.equal(formatDateTime(utcMinute + 29_000, 'Africa/Monrovia'), '1971-01-01 11:15');
  assert.equal(formatDateTime(utcMinute + 30_000, 'Africa/Monrovia'), '1971-01-01 11:16');
  assert.equal(formatDateTime(utcMinute + 29_999, 'Africa/Monrovia'), '1971-01-01 11:15');
});

test('daylight saving time is followed: the hour skipped and the hour repeated', () => {
  assert.equal(formatDateTime(Date.UTC(2026, 2, 29, 0, 59), 'Europe/Berlin'), '2026-03-29 01:59');
  assert.equal(formatDateTime(Date.UTC(2026, 2, 29, 1, 0), 'Europe/Berlin'), '2026-03-29 03:00');
  assert.equal(formatDateTime(Date.UTC(2026, 9, 25, 0, 30), 'Europe/Berlin'), '2026-10-25 02:30');
  assert.equal(formatDateTime(Date.UTC(2026, 9, 25, 1, 30), 'Europe/Berlin'), '2026-10-25 02:30');
  assert.equal(formatDateTime(Date.UTC(2026, 9, 25, 2, 30), 'Europe/Berlin'), '2026-10-25 03:30');
});

test('more distinct times than the cache holds still each read right', () => {
  const base = Date.UTC(2026, 0, 1, 0, 0);
  for (let i = 0; i < 10_000; i++) formatDateTime(base + i * 60_000, 'Asia/Shanghai');
  assert.equal(formatDateTime(base, 'Asia/Shanghai'), '2026-01-01 08:00');
  assert.equal(formatDateTime(base + 9_999 * 60_000, 'Asia/Shanghai'), '2026-01-08 06:39');
});
