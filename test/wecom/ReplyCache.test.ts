import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplyCache } from '../../src/wecom/ReplyCache.js';
import { TestClock } from '../helpers/testBot.js';

const TTL = 10 * 60_000;
/** Lets the cache see that the answers it was given have settled. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('settled answers are bounded: past the limit the oldest are dropped first', async () => {
  const cache = new ReplyCache<string>(TTL, new TestClock().now, 4);
  for (let i = 1; i <= 6; i++) cache.set(`msg:${i}`, Promise.resolve(`answer ${i}`));
  await settle();
  assert.equal(cache.get('msg:1'), undefined);
  assert.equal(cache.get('msg:2'), undefined);
  assert.deepEqual(await Promise.all([3, 4, 5, 6].map((i) => cache.get(`msg:${i}`))), [
    'answer 3',
    'answer 4',
    'answer 5',
    'answer 6',
  ]);
});

test('never more settled answers than the limit, however many arrive', async () => {
  const cache = new ReplyCache<string>(TTL, new TestClock().now, 4);
  for (let i = 1; i <= 100; i++) {
    cache.set(`msg:${i}`, Promise.resolve(`answer ${i}`));
    await settle();
    const kept = Array.from({ length: i }, (_, k) => cache.get(`msg:${k + 1}`)).filter(Boolean).length;
    assert.ok(kept <= 4, `${kept} kept after ${i}`);
    assert.ok(cache.get(`msg:${i}`), `the newest (${i}) is kept`);
  }
});

test('an answer still being worked out is never dropped, however many settle meanwhile', async () => {
  const cache = new ReplyCache<string>(TTL, new TestClock().now, 4);
  let finish!: (text: string) => void;
  const slow = new Promise<string>((resolve) => (finish = resolve));
  cache.set('msg:slow', slow);
  for (let i = 1; i <= 10; i++) cache.set(`msg:${i}`, Promise.resolve(`answer ${i}`));
  await settle();
  assert.equal(cache.get('msg:slow'), slow);
  assert.equal(cache.get('msg:1'), undefined);
  finish('slow answer');
  await settle();
  assert.equal(await cache.get('msg:slow'), 'slow answer');
});

test('a settled answer is kept for the time to live after it settled, then forgotten', async () => {
  const clock = new TestClock();
  const cache = new ReplyCache<string>(TTL, clock.now);
  cache.set('msg:1', Promise.resolve('answer'));
  await settle();
  clock.advance(TTL - 1);
  assert.equal(await cache.get('msg:1'), 'answer');
  clock.advance(1);
  assert.equal(cache.get('msg:1'), undefined);
});

test('an answer replaced while running is the replacement, before and after both settle', async () => {
  const cache = new ReplyCache<string | undefined>(TTL, new TestClock().now);
  const first = Promise.resolve('passive');
  const handedOff = first.then(() => undefined);
  cache.set('msg:1', first);
  cache.set('msg:1', handedOff);
  assert.equal(cache.get('msg:1'), handedOff);
  await settle();
  assert.equal(cache.get('msg:1'), handedOff);
});
