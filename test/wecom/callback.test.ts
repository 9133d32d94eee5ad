import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { dataSnapshot } from '../helpers/dataFiles.js';
import { ADMIN, nextMsgId, startTestBot, TEST_CORP, TEST_TOKEN, type TestBot } from '../helpers/testBot.js';
import { WeComSigner, type HttpResult } from '../helpers/wecomSigner.js';

const PATH = '/wecom/callback';
const OTHER_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

const now = () => Math.floor(t.clock.now() / 1000);

async function post(query: string, body: string, contentType = 'text/xml'): Promise<HttpResult> {
  const res = await fetch(`${t.bot.url}${PATH}?${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: res.status, body: await res.text() };
}

async function get(pathAndQuery: string): Promise<HttpResult & { contentLength: string | null }> {
  const res = await fetch(`${t.bot.url}${pathAndQuery}`);
  return { status: res.status, contentLength: res.headers.get('content-length'), body: await res.text() };
}

/** A body with an Encrypt we choose, signed correctly, so the check under test is the one after the signature. */
function signedEnvelope(encrypted: string, signer: WeComSigner = t.signer): { query: string; body: string } {
  return { query: signer.callbackQuery(encrypted), body: t.signer.envelopeXml(encrypted) };
}

function textXml(content: string, msgId = nextMsgId()): string {
  return t.signer.textMessageXml({ from: ADMIN, content, msgId });
}

/** Sends without a Content-Length, the way a streaming client does. */
function postChunked(query: string, chunks: Buffer[]): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${t.bot.url}${PATH}?${query}`,
      { method: 'POST', headers: { 'content-type': 'text/xml' } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
      },
    );
    // The server may answer 413 and close while we are still writing; the answer is what counts.
    req.on('error', (err) => (req.headersSent ? undefined : reject(err)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('GET URL verification', () => {
  test('echoes the decrypted echostr exactly: no quotes, BOM or newline', async () => {
    const { query } = t.signer.verifyQuery('1616140317555161061');
    const res = await get(`${PATH}?${query}`);
    assert.equal(res.status, 200);
    assert.equal(res.body, '1616140317555161061');
    assert.equal(res.contentLength, '19');
  });

  test('accepts an echostr whose + a proxy turned into a space', async () => {
    const random = Buffer.alloc(16);
    let echostr = '';
    // Find a ciphertext that holds a '+', deterministically.
    for (let i = 0; !echostr.includes('+'); i++) {
      random.writeUInt32BE(i);
      echostr = t.signer.encrypt('8245913076', { random });
    }
    const timestamp = String(now());
    const signature = t.signer.signature(timestamp, 'n1', echostr);
    // A raw '+' in a query string decodes to a space, exactly what a careless proxy produces.
    const res = await get(`${PATH}?msg_signature=${signature}&timestamp=${timestamp}&nonce=n1&echostr=${echostr}`);
    assert.equal(res.status, 200, res.body);
    assert.equal(res.body, '8245913076');
  });

  test('refuses a wrong signature, missing echostr, stale timestamp and a foreign corp', async () => {
    const { query } = t.signer.verifyQuery('123', { signature: 'f'.repeat(40) });
    assert.equal((await get(`${PATH}?${query}`)).status, 403);

    const noEcho = new URLSearchParams(t.signer.verifyQuery('123').query);
    noEcho.delete('echostr');
    assert.equal((await get(`${PATH}?${noEcho}`)).status, 400);

    const stale = t.signer.verifyQuery('123', { timestamp: String(now() - 301) });
    assert.equal((await get(`${PATH}?${stale.query}`)).status, 400);

    const foreign = t.signer.encrypt('123', { receiveId: 'wwsomeoneelse' });
    const params = new URLSearchParams(t.signer.callbackQuery(foreign));
    params.set('echostr', foreign);
    const res = await get(`${PATH}?${params}`);
    assert.equal(res.status, 403);
    assert.doesNotMatch(res.body, /123/);
  });
});

describe('POST messages', () => {
  test('进度 20 gets an encrypted passive reply from our corp to the sender', async () => {
    const res = await t.signer.post(
      t.bot.url,
      PATH,
      t.signer.textMessageXml({ from: 'zhangsan', content: '进度 20', msgId: nextMsgId() }),
    );
    assert.equal(res.status, 200);
    const reply = t.signer.openReply(res.body);
    assert.equal(reply.toUser, 'zhangsan');
    assert.equal(reply.fromUser, TEST_CORP);
    assert.equal(reply.msgType, 'text');
    assert.match(reply.content, /^【第20项】/);
  });

  test('an uppercase msg_signature is the same signature', async () => {
    const encrypted = t.signer.encrypt(textXml('进度 3'));
    const timestamp = String(now());
    const signature = t.signer.signature(timestamp, 'n2', encrypted).toUpperCase();
    const res = await post(
      t.signer.callbackQuery(encrypted, { timestamp, nonce: 'n2', signature }),
      t.signer.envelopeXml(encrypted),
    );
    assert.equal(res.status, 200);
    assert.match(t.signer.openReply(res.body).content, /【第3项】/);
  });
});

describe('payloads laid out as WeCom sends them (test/fixtures/wecom)', () => {
  /** A fixture with its {{placeholders}} filled in. */
  const fixture = (name: string, values: Record<string, string>) =>
    readFileSync(new URL(`../fixtures/wecom/${name}`, import.meta.url), 'utf8').replace(
      /\{\{(\w+)\}\}/g,
      (_, key: string) => values[key] ?? '',
    );
  const deliver = (inner: string) => {
    const encrypted = t.signer.encrypt(inner);
    return post(t.signer.callbackQuery(encrypted), fixture('envelope.xml', { corp: TEST_CORP, encrypt: encrypted }));
  };
  const common = () => ({ corp: TEST_CORP, user: 'wangwu', createTime: String(now()), msgId: nextMsgId() });

  test('a text message with the whitespace and line breaks of the documented layout', async () => {
    const res = await deliver(fixture('text.xml', { ...common(), content: '进度 20' }));
    assert.equal(res.status, 200);
    assert.match(t.signer.openReply(res.body).content, /^【第20项】/);
  });

  test('an image message is answered, not refused', async () => {
    const res = await deliver(fixture('image.xml', { ...common(), mediaId: 'MEDIA_ID_1' }));
    assert.equal(res.status, 200);
    const reply = t.signer.openReply(res.body);
    assert.equal(reply.toUser, 'wangwu');
    assert.notEqual(reply.content, '');
  });

  test('an enter_agent event is acknowledged with an empty 200', async () => {
    const before = await dataSnapshot(t.dataDir);
    assert.deepEqual(await deliver(fixture('event-enter-agent.xml', common())), { status: 200, body: '' });
    assert.deepEqual(await dataSnapshot(t.dataDir), before);
  });
});

describe('bad input: 4xx and nothing changes', () => {
  const update = () => textXml('进度 20 不该被记录的进展');
  const big = 'a'.repeat(64 * 1024 + 1);
  const cases: Array<[string, () => Promise<HttpResult>, number]> = [
    ['wrong signature', () => t.signer.post(t.bot.url, PATH, update(), { signature: '0'.repeat(40) }), 403],
    [
      'signature over other text',
      () => t.signer.post(t.bot.url, PATH, update(), { signature: t.signer.signature(String(now()), 'x', 'y') }),
      403,
    ],
    ['no query at all', () => post('', t.signer.envelopeXml(t.signer.encrypt(update()))), 400],
    [
      'no msg_signature',
      () => post(`timestamp=${now()}&nonce=1`, t.signer.envelopeXml(t.signer.encrypt(update()))),
      400,
    ],
    [
      'msg_signature twice',
      () => {
        const encrypted = t.signer.encrypt(update());
        const query = t.signer.callbackQuery(encrypted);
        return post(`${query}&${query}`, t.signer.envelopeXml(encrypted));
      },
      400,
    ],
    ['timestamp not a number', () => t.signer.post(t.bot.url, PATH, update(), { timestamp: 'yesterday' }), 400],
    ['timestamp 301 s old', () => t.signer.post(t.bot.url, PATH, update(), { timestamp: String(now() - 301) }), 400],
    ['timestamp 301 s ahead', () => t.signer.post(t.bot.url, PATH, update(), { timestamp: String(now() + 301) }), 400],
    ['body over 64 KiB with Content-Length', () => post(t.signer.callbackQuery('x'), big), 413],
    [
      'body over 64 KiB chunked',
      () =>
        postChunked(t.signer.callbackQuery('x'), [Buffer.from(big.slice(0, 40_000)), Buffer.from(big.slice(40_000))]),
      413,
    ],
    ['not XML', () => post(t.signer.callbackQuery('x'), 'hello, bot'), 400],
    ['JSON instead of XML', () => post(t.signer.callbackQuery('x'), '{"encrypt":"x"}', 'application/json'), 400],
    ['empty body', () => post(t.signer.callbackQuery('x'), ''), 400],
    [
      'XML with a DOCTYPE and entities',
      () => {
        const encrypted = t.signer.encrypt(update());
        const body = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY e "${encrypted}">]><xml><Encrypt>&e;</Encrypt></xml>`;
        return post(t.signer.callbackQuery(encrypted), body);
      },
      400,
    ],
    [
      'Encrypt missing',
      () => post(t.signer.callbackQuery(''), `<xml><ToUserName><![CDATA[${TEST_CORP}]]></ToUserName></xml>`),
      400,
    ],
    [
      'two <xml> roots, each with the signed Encrypt',
      () => {
        const encrypted = t.signer.encrypt(update());
        return post(t.signer.callbackQuery(encrypted), t.signer.envelopeXml(encrypted).repeat(2));
      },
      400,
    ],
    ['decrypted message the parser throws on', () => t.signer.post(t.bot.url, PATH, '<x'), 400],
    [
      'Encrypt not base64',
      () => {
        const { query, body } = signedEnvelope('not*base64!!');
        return post(query, body);
      },
      400,
    ],
    [
      'Encrypt base64 but not whole AES blocks',
      () => {
        const { query, body } = signedEnvelope(Buffer.alloc(20, 7).toString('base64'));
        return post(query, body);
      },
      400,
    ],
    [
      'ciphertext under a different AES key',
      () => {
        const stranger = new WeComSigner({
          token: TEST_TOKEN,
          encodingAESKey: OTHER_AES_KEY,
          receiveId: TEST_CORP,
          now,
        });
        return stranger.post(t.bot.url, PATH, update());
      },
      403,
    ],
    [
      'ciphertext for another corp',
      () => {
        const { query, body } = signedEnvelope(t.signer.encrypt(update(), { receiveId: 'wwanothercorp0001' }));
        return post(query, body);
      },
      403,
    ],
    ['decrypted message is not XML', () => t.signer.post(t.bot.url, PATH, '进度 20 plain text, no XML'), 400],
    [
      'decrypted message has a DOCTYPE',
      () =>
        t.signer.post(
          t.bot.url,
          PATH,
          `<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>${update().replace('不该', '&b;')}`,
        ),
      400,
    ],
    [
      'decrypted message lacks FromUserName',
      () => t.signer.post(t.bot.url, PATH, update().replace(/<FromUserName>.*?<\/FromUserName>/, '')),
      400,
    ],
    [
      'decrypted message lacks CreateTime',
      () => t.signer.post(t.bot.url, PATH, update().replace(/<CreateTime>.*?<\/CreateTime>/, '')),
      400,
    ],
  ];

  for (const [name, send, status] of cases) {
    test(name, async () => {
      const before = await dataSnapshot(t.dataDir);
      const res = await send();
      assert.equal(res.status, status, res.body);
      assert.deepEqual(await dataSnapshot(t.dataDir), before);
      assert.equal(t.bot.store.itemHistory(20).length, 0);
    });
  }

  test('XML the parser throws on is refused as such, not as an unexpected failure', async () => {
    const res = await post(t.signer.callbackQuery('x'), '<xml><__proto__><Encrypt>x</Encrypt></__proto__></xml>');
    assert.equal(res.status, 400);
    assert.equal(res.body, 'body is not well-formed XML');
  });

  test('the server is still answering after all of that', async () => {
    assert.match(await t.say('someone', '进度 1'), /【第1项】/);
  });
});

describe('timestamp tolerance', () => {
  test('a timestamp just inside the tolerance is accepted', async () => {
    const res = await t.signer.post(t.bot.url, PATH, textXml('进度 2'), { timestamp: String(now() - 299) });
    assert.equal(res.status, 200);
  });

  test('WECOM_TIMESTAMP_TOLERANCE=0 turns the check off', async () => {
    const lax = await startTestBot({ env: { WECOM_TIMESTAMP_TOLERANCE: '0' } });
    try {
      const res = await lax.signer.post(
        lax.bot.url,
        PATH,
        lax.signer.textMessageXml({ from: 'a', content: '进度 2', msgId: nextMsgId() }),
        { timestamp: '1000000000' },
      );
      assert.equal(res.status, 200);
      assert.match(lax.signer.openReply(res.body).content, /【第2项】/);
    } finally {
      await lax.stop();
    }
  });

  test('WECOM_TIMESTAMP_TOLERANCE=60 refuses 61 s', async () => {
    const strict = await startTestBot({ env: { WECOM_TIMESTAMP_TOLERANCE: '60' } });
    try {
      const xml = () => strict.signer.textMessageXml({ from: 'a', content: '进度 2', msgId: nextMsgId() });
      const seconds = Math.floor(strict.clock.now() / 1000);
      assert.equal(
        (await strict.signer.post(strict.bot.url, PATH, xml(), { timestamp: String(seconds - 61) })).status,
        400,
      );
      assert.equal(
        (await strict.signer.post(strict.bot.url, PATH, xml(), { timestamp: String(seconds - 59) })).status,
        200,
      );
    } finally {
      await strict.stop();
    }
  });
});

describe('other routes', () => {
  test('/healthz answers JSON with status, item count and version', async () => {
    const res = await fetch(`${t.bot.url}/healthz`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await res.json(), { status: 'ok', items: 53, version: VERSION });
  });

  test('an unknown route is a 404', async () => {
    assert.equal((await get('/nope')).status, 404);
    assert.equal((await get('/wecom/callback/extra')).status, 404);
  });
});
