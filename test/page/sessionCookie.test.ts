import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml } from '../../src/page/escapeHtml.js';
import { SessionCookie } from '../../src/page/sessionCookie.js';
import { TokenBucket } from '../../src/page/TokenBucket.js';

test('a session cookie verifies until it expires, and only under its own key', () => {
  const s = new SessionCookie('k'.repeat(32));
  const cookie = s.sign({ userId: 'zhangsan', expires: 2000 });
  assert.deepEqual(s.verify(cookie, 1999), { userId: 'zhangsan', expires: 2000 });
  assert.equal(s.verify(cookie, 2000), undefined);
  assert.equal(new SessionCookie('x'.repeat(32)).verify(cookie, 0), undefined);
  assert.equal(s.verify(`${cookie}.x`, 0), undefined);
  assert.equal(s.verify(undefined, 0), undefined);
  assert.ok(s.checkCsrf(cookie, s.csrfToken(cookie)));
  assert.ok(!s.checkCsrf(cookie, s.csrfToken(s.sign({ userId: 'lisi', expires: 2000 }))));
  assert.ok(!s.checkCsrf(cookie, undefined));
});

test('escapeHtml makes every markup character inert', () => {
  assert.equal(
    escapeHtml(`<img src=x onerror="a('b')">&`),
    '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
  );
});

test('a token bucket allows a burst, then one per refill period', () => {
  let now = 0;
  const bucket = new TokenBucket(2, 1000, () => now);
  assert.deepEqual([bucket.take('a'), bucket.take('a'), bucket.take('a'), bucket.take('b')], [true, true, false, true]);
  now = 1000;
  assert.deepEqual([bucket.take('a'), bucket.take('a')], [true, false]);
});
