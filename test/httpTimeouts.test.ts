import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { HTTP_TIMEOUTS } from '../src/httpTimeouts.js';
import { startTestBot, type TestBot } from './helpers/testBot.js';

let t: TestBot;
before(
  async () =>
    (t = await startTestBot({
      http: { headersTimeout: 300, requestTimeout: 600, keepAliveTimeout: 300, connectionsCheckingInterval: 50 },
    })),
);
after(() => t.stop());

/** Opens a raw connection, sends `data`, and resolves with how long the server kept it open (capped). */
function heldFor(data?: string, capMs = 5_000): Promise<number> {
  const { port, hostname } = new URL(t.bot.url);
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(Number(port), hostname, () => data && socket.write(data));
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    const cap = setTimeout(() => socket.destroy(), capMs);
    socket.on('close', () => {
      clearTimeout(cap);
      resolve(performance.now() - started);
    });
  });
}

test('silent, half-sent, slow-body and idle keep-alive connections are closed', async () => {
  const held = await Promise.all([
    heldFor(),
    heldFor('POST /wecom/callback HTTP/1.1\r\nHost: bot\r\n'),
    heldFor('POST /wecom/callback HTTP/1.1\r\nHost: bot\r\nContent-Length: 100\r\n\r\n<xml>'),
    heldFor('GET /healthz HTTP/1.1\r\nHost: bot\r\n\r\n'),
  ]);
  for (const ms of held) assert.ok(ms < 4_000, `a connection was held ${Math.round(ms)} ms: ${held.join(', ')}`);
});

test('the defaults close such connections within a minute and outlast a proxy’s 60 s upstream keep-alive', () => {
  assert.ok(HTTP_TIMEOUTS.headersTimeout <= 60_000);
  assert.ok(HTTP_TIMEOUTS.requestTimeout <= 60_000);
  assert.ok(HTTP_TIMEOUTS.keepAliveTimeout > 60_000);
});
