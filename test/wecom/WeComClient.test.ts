import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../src/log.js';
import { WeComApiError, WeComNetworkError } from '../../src/wecom/errors.js';
import { WeComClient } from '../../src/wecom/WeComClient.js';
import { freePort } from '../helpers/childBot.js';
import { startFakeWeComApi, type FakeWeComApi } from '../helpers/fakeWeComApi.js';
import { TestClock } from '../helpers/testBot.js';

const CORP = 'wwclienttest00001';
const SECRET = 'client-test-secret';
const ROBOT_KEY = 'robot-key-that-is-a-secret';
const SEND = { touser: 'lisi', agentid: 1000002, msgtype: 'text', text: { content: '你好' } };

let api: FakeWeComApi;
before(async () => (api = await startFakeWeComApi({ corpId: CORP, secret: SECRET })));
after(() => api.close());

interface Harness {
  client: WeComClient;
  clock: TestClock;
  sleeps: number[];
  logs: string[];
  /** Calls to the fake made by this test only. */
  calls(path: string): number;
}

function harness(options: { secret?: string; timeoutMs?: number; apiBase?: string } = {}): Harness {
  const clock = new TestClock();
  const sleeps: number[] = [];
  const logs: string[] = [];
  const start = api.calls.length;
  const client = new WeComClient({
    apiBase: options.apiBase ?? api.url,
    corpId: CORP,
    secret: options.secret ?? SECRET,
    log: createLogger('info', { write: (line: string) => void logs.push(line) }),
    now: clock.now,
    timeoutMs: options.timeoutMs ?? 2_000,
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { client, clock, sleeps, logs, calls: (path) => api.calls.slice(start).filter((c) => c.path === path).length };
}

describe('WeComClient token', () => {
  it('is fetched once however many requests wait for it', async () => {
    const h = harness();
    await Promise.all([1, 2, 3, 4, 5].map(() => h.client.post('message/send', SEND)));
    await h.client.post('message/send', SEND);
    assert.equal(h.calls('/cgi-bin/gettoken'), 1);
    assert.equal(h.calls('/cgi-bin/message/send'), 6);
  });

  it('is refreshed a few minutes before it expires', async () => {
    const h = harness();
    await h.client.post('message/send', SEND);
    h.clock.advance((7200 - 5 * 60) * 1000 - 1);
    await h.client.post('message/send', SEND);
    assert.equal(h.calls('/cgi-bin/gettoken'), 1);
    h.clock.advance(1);
    await h.client.post('message/send', SEND);
    assert.equal(h.calls('/cgi-bin/gettoken'), 2);
  });

  it('revoked early (40014): one new token for all waiting senders, each request retried once', async () => {
    const h = harness();
    await h.client.post('message/send', SEND);
    api.revokeTokens();
    await Promise.all([1, 2, 3].map(() => h.client.post('message/send', SEND)));
    assert.equal(h.calls('/cgi-bin/gettoken'), 2);
    assert.equal(h.calls('/cgi-bin/message/send'), 1 + 3 * 2);
  });

  it('expired (42001) twice in a row: surfaces the error instead of looping', async () => {
    const h = harness();
    api.inject('/cgi-bin/message/send', [{ errcode: 42001 }, { errcode: 42001 }]);
    await assert.rejects(
      h.client.post('message/send', SEND),
      (err: unknown) => err instanceof WeComApiError && err.errcode === 42001,
    );
    assert.equal(h.calls('/cgi-bin/message/send'), 2);
    assert.deepEqual(h.sleeps, []);
  });
});

describe('WeComClient retries', () => {
  it('-1 is retried with exponential backoff, at most 3 tries', async () => {
    const h = harness();
    api.inject('/cgi-bin/appchat/send', [{ errcode: -1 }, { errcode: -1 }, { errcode: -1 }]);
    await assert.rejects(
      h.client.post('appchat/send', { chatid: 'c' }),
      (err: unknown) => err instanceof WeComApiError && err.errcode === -1,
    );
    assert.equal(h.calls('/cgi-bin/appchat/send'), 3);
    assert.deepEqual(h.sleeps, [500, 1000]);
  });

  it('45033, HTTP 5xx and a reset connection pass after a retry', async () => {
    const h = harness();
    api.inject('/cgi-bin/appchat/send', [{ errcode: 45033 }, { http: 502 }]);
    assert.equal((await h.client.post('appchat/send', { chatid: 'c' })).errcode, 0);
    api.inject('/cgi-bin/webhook/send', [{ reset: true }]);
    assert.equal((await h.client.robot(ROBOT_KEY, { msgtype: 'text', text: { content: 'x' } })).errcode, 0);
    assert.deepEqual(h.sleeps, [500, 1000, 500]);
  });

  it('45009 surfaces at once: backing off for minutes is the outbox’s job', async () => {
    const h = harness();
    api.inject('/cgi-bin/appchat/send', [{ errcode: 45009 }]);
    await assert.rejects(
      h.client.post('appchat/send', { chatid: 'c' }),
      (err: unknown) => err instanceof WeComApiError && err.errcode === 45009,
    );
    assert.equal(h.calls('/cgi-bin/appchat/send'), 1);
    assert.deepEqual(h.sleeps, []);
  });

  it('every request has a timeout, and a timeout is a network error', async () => {
    const h = harness({ timeoutMs: 100 });
    api.inject('/cgi-bin/appchat/send', [{ hang: true }, { hang: true }, { hang: true }]);
    await assert.rejects(h.client.post('appchat/send', { chatid: 'c' }), (err: unknown) => {
      assert.ok(err instanceof WeComNetworkError);
      assert.match(err.message, /timed out after 100 ms/);
      return true;
    });
    assert.equal(h.calls('/cgi-bin/appchat/send'), 3);
  });

  it('4xx is a network error that is not retried', async () => {
    const h = harness();
    api.inject('/cgi-bin/appchat/send', [{ http: 404 }]);
    await assert.rejects(
      h.client.post('appchat/send', { chatid: 'c' }),
      (err: unknown) => err instanceof WeComNetworkError && err.httpStatus === 404,
    );
    assert.deepEqual(h.sleeps, []);
  });
});

describe('WeComClient errors an operator must fix', () => {
  const cases: [string, number, RegExp][] = [
    ['40001 names the secret variable', 40001, /WECOM_SECRET/],
    ['60020 names the trusted IP setting', 60020, /可信 IP/],
    ['81013 names the visible range', 81013, /可见范围/],
  ];
  for (const [name, errcode, hint] of cases) {
    it(`${name}, once, without retrying`, async () => {
      const h = harness();
      api.inject('/cgi-bin/message/send', [{ errcode }]);
      await assert.rejects(
        h.client.post('message/send', SEND),
        (err: unknown) => err instanceof WeComApiError && err.errcode === errcode,
      );
      assert.equal(h.calls('/cgi-bin/message/send'), 1);
      const errors = h.logs.filter((l) => l.includes('"level":50'));
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, hint);
    });
  }

  it('a wrong secret fails gettoken once and the secret appears nowhere', async () => {
    const h = harness({ secret: 'not-the-secret-42' });
    await assert.rejects(h.client.post('message/send', SEND), (err: unknown) => {
      assert.ok(err instanceof WeComApiError);
      assert.equal(err.errcode, 40001);
      assert.ok(!err.message.includes('not-the-secret-42'));
      return true;
    });
    assert.equal(h.calls('/cgi-bin/gettoken'), 1);
    assert.ok(!h.logs.join('\n').includes('not-the-secret-42'));
  });

  it('a robot key never appears in an error, even when the connection fails', async () => {
    const h = harness({ apiBase: `http://127.0.0.1:${await freePort()}` });
    await assert.rejects(h.client.robot(ROBOT_KEY, { msgtype: 'text', text: { content: 'x' } }), (err: unknown) => {
      assert.ok(err instanceof WeComNetworkError);
      assert.ok(!err.message.includes(ROBOT_KEY));
      assert.match(err.message, /ECONNREFUSED/);
      return true;
    });
    assert.equal(h.sleeps.length, 2, 'a refused connection is transient');
  });
});
