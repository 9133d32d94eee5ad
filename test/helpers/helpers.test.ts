import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WeComSigner } from './wecomSigner.js';
import { startFakeWeComApi, type FakeWeComApi } from './fakeWeComApi.js';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const CORP = 'wwtestcorp0000001';

function signer(receiveId = CORP): WeComSigner {
  return new WeComSigner({ token: 'tok123', encodingAESKey: KEY, receiveId, now: () => 1700000000 });
}

/** AES-256-CBC with WeCom's key/IV but no padding of its own, to forge malformed plaintexts. */
function rawEncrypt(plain: Buffer): string {
  const key = Buffer.from(`${KEY}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Builds a passive reply envelope the way our bot is meant to (§3), from the signer's own primitives. */
function replyEnvelope(s: WeComSigner, innerXml: string, timestamp = '1700000001', nonce = 'n0nce'): string {
  const enc = s.encrypt(innerXml);
  const sig = s.signature(timestamp, nonce, enc);
  return (
    `<xml><Encrypt><![CDATA[${enc}]]></Encrypt><MsgSignature><![CDATA[${sig}]]></MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`
  );
}

const TEXT_REPLY =
  `<xml><ToUserName><![CDATA[zhangsan]]></ToUserName><FromUserName><![CDATA[${CORP}]]></FromUserName>` +
  '<CreateTime>1700000001</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
  '<Content><![CDATA[已登记 a]]]]><![CDATA[>b]]></Content></xml>';

describe('WeComSigner', () => {
  it('round-trips UTF-8 text and the receiveId', () => {
    const s = signer();
    const msg = '整改 #3 已完成 ✅ <b>&amp;</b>';
    assert.deepEqual(s.decrypt(s.encrypt(msg)), { message: msg, receiveId: CORP });
    assert.deepEqual(signer('').decrypt(signer('').encrypt('{"a":1}')), { message: '{"a":1}', receiveId: '' });
  });

  it('signs the hand-sorted concatenation with SHA1', () => {
    const s = signer('x');
    // sorted by hand: digits < uppercase < lowercase
    const expected = createHash('sha1')
      .update('1372623149' + '1409659813' + 'abc+def/ghi=' + 'tok123')
      .digest('hex');
    assert.equal(s.signature('1409659813', '1372623149', 'abc+def/ghi='), expected);
    // digest computed independently (Python hashlib) over the same sorted strings with token QDG6eK
    const qdg = new WeComSigner({ token: 'QDG6eK', encodingAESKey: KEY, receiveId: '' });
    assert.equal(qdg.signature('1409659813', '1372623149', 'abc+def/ghi='), 'dc8a521c49f14409a227a42b280eae908bda3918');
  });

  it('matches the official WXBizMsgCrypt sample verify-URL vector', () => {
    const s = new WeComSigner({
      token: 'QDG6eK',
      encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
      receiveId: 'wx5823bf96d3bd56c7',
    });
    const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
    assert.equal(s.signature('1409659589', '263014780', echostr), '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3');
    assert.deepEqual(s.decrypt(echostr), { message: '1616140317555161061', receiveId: 'wx5823bf96d3bd56c7' });
  });

  it('pads to 32-byte blocks, adding a full block when already aligned', () => {
    const s = signer('');
    for (let len = 0; len < 70; len++) {
      const bytes = Buffer.from(s.encrypt('x'.repeat(len)), 'base64').length;
      assert.equal(bytes % 32, 0, `len ${len}`);
      // 20 header bytes + msg, then 1..32 pad bytes
      assert.equal(bytes, Math.floor((20 + len) / 32) * 32 + 32, `len ${len}`);
    }
    assert.equal(Buffer.from(s.encrypt('x'.repeat(12)), 'base64').length, 64); // 32 aligned → 32 + 32 pad
  });

  it('rejects bad padding and non-32-aligned ciphertext', () => {
    const s = signer();
    const body = Buffer.concat([Buffer.alloc(16), Buffer.from([0, 0, 0, 2]), Buffer.from('hi')]); // 22 bytes
    const padded = (pad: number[]) => rawEncrypt(Buffer.concat([body, Buffer.from(pad)]));
    assert.equal(s.decrypt(padded(Array(10).fill(10))).message, 'hi');
    assert.throws(() => s.decrypt(padded([...Array(9).fill(10), 0])), /padding/);
    assert.throws(() => s.decrypt(padded([...Array(9).fill(9), 10])), /padding/);
    assert.throws(() => s.decrypt(padded([...Array(9).fill(10), 10, ...Array(32).fill(33)])), /padding/);
    const aligned16 = Buffer.from(s.encrypt('hello'), 'base64').subarray(0, 16).toString('base64');
    assert.throws(() => s.decrypt(aligned16), /multiple of 32/);
  });

  it('builds queries whose + and / survive URL decoding', () => {
    const s = signer();
    const { query, echostr } = s.verifyQuery('echo-123', { nonce: 'abc' });
    const p = new URLSearchParams(query);
    assert.equal(p.get('echostr'), echostr);
    assert.equal(p.get('timestamp'), '1700000000');
    assert.equal(p.get('msg_signature'), s.signature('1700000000', 'abc', echostr));
    assert.equal(s.decrypt(p.get('echostr')!).message, 'echo-123');
    assert.equal(new URLSearchParams(s.callbackQuery('E', { signature: 'forged' })).get('msg_signature'), 'forged');
  });

  it('builds message XML with CDATA strings and plain numbers', () => {
    const xml = signer().textMessageXml({ from: 'zhangsan', content: 'a]]>b', msgId: '9223372036854775807' });
    assert.match(xml, /<ToUserName><!\[CDATA\[wwtestcorp0000001\]\]><\/ToUserName>/);
    assert.match(xml, /<CreateTime>1700000000<\/CreateTime>/);
    assert.match(xml, /<MsgId>9223372036854775807<\/MsgId><AgentID>1000002<\/AgentID>/);
    assert.match(xml, /<Content><!\[CDATA\[a\]\]\]\]><!\[CDATA\[>b\]\]><\/Content>/);
  });

  it('opens a correctly signed passive reply', () => {
    const s = signer();
    assert.deepEqual(s.openReply(replyEnvelope(s, TEXT_REPLY)), {
      toUser: 'zhangsan',
      fromUser: CORP,
      msgType: 'text',
      content: '已登记 a]]>b',
      createTime: '1700000001',
      xml: TEXT_REPLY,
    });
  });

  it('openReply rejects a tampered signature, a foreign receiveId and an empty body', () => {
    const s = signer();
    const good = replyEnvelope(s, TEXT_REPLY);
    const sig = /<MsgSignature><!\[CDATA\[([0-9a-f]{40})/.exec(good)![1]!;
    const forged = good.replace(
      sig,
      sig.replace(/^./, (c) => (c === '0' ? '1' : '0')),
    );
    assert.throws(() => s.openReply(forged), /signature mismatch/);
    assert.throws(() => s.openReply(replyEnvelope(signer('wwother'), TEXT_REPLY)), /receiveId/);
    assert.throws(() => s.openReply(''), /empty body/);
  });

  it('opens the AI bot JSON reply and verifies msgsignature', () => {
    const s = signer('');
    const enc = s.encrypt(JSON.stringify({ msgtype: 'stream', stream: { id: 's1', finish: true, content: 'ok' } }));
    const env = {
      encrypt: enc,
      msgsignature: s.signature('1700000002', 'nn', enc),
      timestamp: 1700000002,
      nonce: 'nn',
    };
    assert.equal(s.openJsonReply(JSON.stringify(env)).stream.content, 'ok');
    assert.throws(() => s.openJsonReply(JSON.stringify({ ...env, nonce: 'other' })), /signature mismatch/);
    assert.deepEqual(JSON.parse(s.jsonEnvelope(enc)), { encrypt: enc });
  });

  it('post() delivers a signed, encrypted envelope', async () => {
    const s = signer();
    let seen = { query: new URLSearchParams(), body: '', type: '' };
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen = { query: new URL(req.url!, 'http://x').searchParams, body, type: req.headers['content-type'] ?? '' };
      res.end('');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const xml = s.eventXml({ from: 'lisi', event: 'enter_agent', createTime: 1700000000 });
      assert.deepEqual(await s.post(base, '/wecom/callback', xml), { status: 200, body: '' });
      assert.equal(seen.type, 'text/xml');
      const enc = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(seen.body)![1]!;
      assert.equal(
        seen.query.get('msg_signature'),
        s.signature(seen.query.get('timestamp')!, seen.query.get('nonce')!, enc),
      );
      assert.equal(s.decrypt(enc).message, xml);
      assert.match(seen.body, /^<xml><ToUserName><!\[CDATA\[wwtestcorp0000001\]\]><\/ToUserName><AgentID>/);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('fake WeCom API', () => {
  let api: FakeWeComApi;
  before(async () => {
    api = await startFakeWeComApi({ corpId: 'wwcorp', secret: 's3cret' });
  });
  after(() => api.close());

  const getJson = async (path: string, init?: RequestInit) =>
    (await fetch(api.url + path, init)).json() as Promise<any>;
  const token = async () => (await getJson('/cgi-bin/gettoken?corpid=wwcorp&corpsecret=s3cret')).access_token as string;
  const postJson = (path: string, body: unknown) =>
    getJson(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('issues fresh tokens and rejects wrong credentials', async () => {
    const a = await token();
    const b = await token();
    assert.match(a, /^TOKEN-\d+$/);
    assert.notEqual(a, b);
    assert.equal((await getJson('/cgi-bin/gettoken?corpid=wwcorp&corpsecret=nope')).errcode, 40001);
  });

  it('accepts issued tokens, rejects unknown or revoked ones with 40014', async () => {
    const t = await token();
    const sent = await postJson(`/cgi-bin/message/send?access_token=${t}`, { touser: 'u', msgtype: 'text' });
    assert.equal(sent.errcode, 0);
    assert.match(sent.msgid, /^MSG\d+$/);
    assert.deepEqual(api.callsTo('/cgi-bin/message/send').at(-1)!.body, { touser: 'u', msgtype: 'text' });
    assert.equal((await postJson('/cgi-bin/message/send?access_token=bogus', {})).errcode, 40014);
    api.revokeTokens();
    assert.equal((await postJson(`/cgi-bin/message/send?access_token=${t}`, {})).errcode, 40014);
  });

  it('serves registered media and answers JSON 40007 for unknown ids', async () => {
    const t = await token();
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    api.addMedia('M1', bytes);
    const res = await fetch(`${api.url}/cgi-bin/media/get?access_token=${t}&media_id=M1`);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.match(res.headers.get('content-disposition')!, /attachment; filename="M1\.jpeg"/);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
    const missing = await fetch(`${api.url}/cgi-bin/media/get?access_token=${t}&media_id=nope`);
    assert.match(missing.headers.get('content-type')!, /application\/json/);
    assert.equal(((await missing.json()) as { errcode: number }).errcode, 40007);
  });

  it('lets a response_code be used once and 404s unknown paths', async () => {
    assert.equal((await postJson('/cgi-bin/aibot/response?response_code=RC1', { msgtype: 'markdown' })).errcode, 0);
    assert.equal((await postJson('/cgi-bin/aibot/response?response_code=RC1', { msgtype: 'markdown' })).errcode, 95000);
    assert.equal((await fetch(`${api.url}/cgi-bin/nope`)).status, 404);
  });

  it('applies injected faults in order, records them, then answers normally', async () => {
    const t = await token();
    const path = '/cgi-bin/appchat/send';
    api.inject(path, [{ errcode: -1 }, { http: 502 }, { delayMs: 30 }, { expireToken: true }]);
    const url = `${api.url}${path}?access_token=${t}`;
    const post = () => fetch(url, { method: 'POST', body: '{}' });
    assert.equal(((await (await post()).json()) as { errcode: number }).errcode, -1);
    assert.equal((await post()).status, 502);
    const started = Date.now();
    assert.equal(((await (await post()).json()) as { errcode: number }).errcode, 0);
    assert.ok(Date.now() - started >= 25);
    assert.equal(((await (await post()).json()) as { errcode: number }).errcode, 42001);
    assert.equal(((await (await post()).json()) as { errcode: number }).errcode, 40014); // token was revoked
    assert.deepEqual(
      api.callsTo(path).map((c) => c.fault),
      [{ errcode: -1 }, { http: 502 }, { delayMs: 30 }, { expireToken: true }, undefined],
    );
  });

  it('resets the connection on a reset fault', async () => {
    api.inject('/cgi-bin/webhook/send', [{ reset: true }]);
    await assert.rejects(fetch(`${api.url}/cgi-bin/webhook/send?key=k`, { method: 'POST', body: '{}' }));
    assert.equal((await postJson('/cgi-bin/webhook/send?key=k', { msgtype: 'text' })).errcode, 0);
  });

  it('close() returns promptly while a request hangs', async () => {
    const own = await startFakeWeComApi();
    own.inject('/cgi-bin/gettoken', [{ hang: true }]);
    const pending = fetch(`${own.url}/cgi-bin/gettoken?corpid=x&corpsecret=y`).then(
      () => 'answered',
      () => 'failed',
    );
    while (own.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await own.close();
    assert.ok(Date.now() - started < 1000);
    assert.equal(await pending, 'failed');
  });
});
