import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN, startTestBot } from './helpers/testBot.js';
import { startPushBot, WEDNESDAY } from './helpers/pushBot.js';

async function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, text: await res.text() };
}

/** The value of one sample line, e.g. `rectify_callbacks_total{route="/wecom/callback",result="ok"}`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

test('/metrics counts callbacks by result and times commands; loopback only, unless configured', async () => {
  const t = await startTestBot();
  try {
    await t.say(ADMIN, '进度 20');
    const forged = await fetch(`${t.bot.url}/wecom/callback?msg_signature=x&timestamp=1&nonce=1`, {
      method: 'POST',
      body: '<xml><Encrypt>x</Encrypt></xml>',
    });
    assert.ok(forged.status >= 400 && forged.status < 500);

    const { status, text } = await scrape(t.bot.url);
    assert.equal(status, 200);
    assert.equal(sample(text, 'rectify_callbacks_total{route="/wecom/callback",result="ok"}'), 1);
    assert.equal(sample(text, 'rectify_callbacks_total{route="/wecom/callback",result="refused"}'), 1);
    assert.equal(sample(text, 'rectify_command_duration_seconds_count{command="进度"}'), 1);
    assert.equal(sample(text, 'rectify_disk_write_failures_total'), 0);

    assert.equal((await scrape(t.bot.url, { 'x-forwarded-for': '203.0.113.9' })).status, 403, 'through a proxy');
  } finally {
    await t.stop();
  }
  const token = 'metrics-token-0123456789';
  const open = await startTestBot({ env: { METRICS_TOKEN: token } });
  try {
    const proxied = { 'x-forwarded-for': '203.0.113.9' };
    assert.equal((await scrape(open.bot.url, proxied)).status, 403);
    assert.equal((await scrape(open.bot.url, { ...proxied, authorization: `Bearer ${token}` })).status, 200);
  } finally {
    await open.stop();
  }
  const pub = await startTestBot({ env: { METRICS_PUBLIC: '1' } });
  try {
    assert.equal((await scrape(pub.bot.url, { 'x-forwarded-for': '203.0.113.9' })).status, 200);
  } finally {
    await pub.stop();
  }
});

test('/metrics shows the outbox per lane, send errors by errcode and the last digest', async () => {
  const t = await startPushBot({
    now: WEDNESDAY,
    faults: { '/cgi-bin/appchat/send': [{ errcode: -1 }, { errcode: -1 }, { errcode: -1 }] },
  });
  try {
    await t.settle();
    t.clock.advance(30_000);
    const { text } = await scrape(t.bot.url);
    assert.equal(sample(text, 'rectify_outbox_depth{lane="chat"}'), 1, 'chatA waits out its backoff');
    assert.equal(sample(text, 'rectify_outbox_oldest_pending_age_seconds{lane="chat"}'), 30);
    assert.equal(
      sample(text, 'rectify_outbox_send_errors_total{errcode="-1"}'),
      1,
      'one failed attempt (the client tried 3 times)',
    );
    assert.equal(sample(text, 'rectify_last_digest_sent_timestamp_seconds'), WEDNESDAY / 1000, 'the robot had it');
  } finally {
    await t.stop();
  }
});
