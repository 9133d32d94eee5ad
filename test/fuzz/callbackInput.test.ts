/**
 * Hostile and broken callback requests against the real server: whatever the query, body or
 * ciphertext, and whether or not it is correctly signed, the answer is never a 5xx and the server
 * keeps answering.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, test, type TestContext } from 'node:test';
import fc from 'fast-check';
import { ADMIN, nextMsgId, START_MS, startTestBot, type TestBot } from '../helpers/testBot.js';
import { fuzz } from './fuzzRuns.js';

const PATH = '/wecom/callback';
const agent = new Agent({ keepAlive: true });

let t: TestBot;
before(async () => (t = await startTestBot()));
after(async () => {
  agent.destroy();
  await t.stop();
});

const BODY_LIMIT = 64 * 1024;
/** Answers seen per test, reported beside the case count so a run shows which paths it reached. */
const seen = new Map<string, number>();

/** Raw HTTP, so a query or body no well-behaved client would build still reaches the server. */
function send(method: string, pathAndQuery: string, body: Buffer, contentType: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      `${t.bot.url}${pathAndQuery}`,
      { method, agent, headers: { 'content-type': contentType, 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    // An oversized body is refused (413) and the connection closed, possibly before the client reads the answer.
    req.on('error', (err) => (body.length > BODY_LIMIT ? resolve(413) : reject(err)));
    req.end(body);
  }).then((status) => {
    seen.set(String(status), (seen.get(String(status)) ?? 0) + 1);
    return status;
  });
}

/** The server still answers, and the test says which statuses its cases drew. */
async function assertAlive(tc: TestContext): Promise<void> {
  const res = await fetch(`${t.bot.url}/healthz`);
  assert.equal(res.status, 200);
  tc.diagnostic(
    `answers: ${[...seen]
      .sort()
      .map(([status, n]) => `${status}×${n}`)
      .join(', ')}`,
  );
  seen.clear();
}

const now = () => String(Math.floor(t.clock.now() / 1000));

/** Query strings built from the parameters the callback reads, broken percent-escapes and junk. */
const junkQuery = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'msg_signature=',
        'timestamp=',
        'nonce=',
        'echostr=',
        '&',
        '=',
        '%',
        '%2',
        '%zz',
        '%E4%B8',
        '%00',
        '+',
        '%2B',
        '[]',
        'timestamp[]=1&',
      ),
      fc.stringMatching(/^[A-Za-z0-9._~-]{0,50}$/),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

/** All three parameters present and plausible, so the body gets read and parsed before the signature fails. */
const plausibleQuery = fc
  .record({ signature: fc.stringMatching(/^[0-9a-f]{40}$/), nonce: fc.stringMatching(/^[A-Za-z0-9]{1,16}$/) })
  .map(({ signature, nonce }) => `msg_signature=${signature}&timestamp=${Math.floor(START_MS / 1000)}&nonce=${nonce}`);

const rawQuery = fc.oneof(junkQuery, plausibleQuery);

/** Bodies from nothing through XML-ish fragments to binary and oversized. */
const rawBody = fc.oneof(
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 500 }).map((a) => Buffer.from(a)),
  fc
    .array(
      fc.constantFrom(
        '<xml>',
        '</xml>',
        '<Encrypt>',
        '</Encrypt>',
        '<![CDATA[',
        ']]>',
        '<!DOCTYPE x [<!ENTITY e "e">]>',
        '&e;',
        '&amp;',
        '<a/>',
        'AAAA',
        '=',
        '<?xml version="1.0"?>',
        '<xml><xml>',
      ),
      { maxLength: 30 },
    )
    .map((parts) => Buffer.from(parts.join(''))),
  fc.base64String({ maxLength: 400 }).map((b64) => Buffer.from(`<xml><Encrypt><![CDATA[${b64}]]></Encrypt></xml>`)),
  fc.integer({ min: 60_000, max: 70_000 }).map((n) => Buffer.alloc(n, 'A')),
);

test('unsigned junk: any query, body and content type', async (tc) => {
  const contentType = fc.constantFrom(
    'text/xml',
    'application/json',
    'application/octet-stream',
    '',
    'text/xml; charset=gbk',
  );
  await fuzz(
    tc,
    fc.record({ method: fc.constantFrom('GET', 'POST'), query: rawQuery, body: rawBody, contentType }),
    async ({ method, query, body, contentType }) => {
      const status = await send(method, `${PATH}?${query}`, method === 'GET' ? Buffer.alloc(0) : body, contentType);
      assert.ok(status >= 200 && status < 500, `answered ${status}`);
    },
  );
  await assertAlive(tc);
});

/** Valid message XML taken apart and put back wrongly: fields dropped, doubled, nested, entity-laden. */
const mutatedMessageXml = fc
  .record({
    fields: fc.shuffledSubarray(
      [
        '<ToUserName><![CDATA[wwfakecorp000001]]></ToUserName>',
        `<FromUserName><![CDATA[${ADMIN}]]></FromUserName>`,
        '<CreateTime>1795000000</CreateTime>',
        '<MsgType><![CDATA[text]]></MsgType>',
        '<Content><![CDATA[进度 20]]></Content>',
        '<MsgId>7200000000000099999</MsgId>',
        '<AgentID>1000002</AgentID>',
      ],
      { minLength: 0 },
    ),
    extra: fc.array(
      fc.oneof(
        fc.constantFrom(
          '<MsgType>image</MsgType>',
          '<MsgType>event</MsgType><Event>subscribe</Event>',
          '<MsgType>voice</MsgType>',
          '<MediaId></MediaId>',
          '<CreateTime>-1</CreateTime>',
          '<CreateTime>99999999999999999999</CreateTime>',
          '<MsgId>1e3</MsgId>',
          '<Content><a><b>nested</b></a></Content>',
          '<FromUserName></FromUserName>',
          '<!-- comment -->',
          '&lt;&#0;&#xD800;&#x10FFFF;',
          '<Content>]]></Content>',
          '<SendLocationInfo><Location_X>23</Location_X></SendLocationInfo>',
        ),
        fc.string({ maxLength: 40 }).map((s) => `<Content>${s}</Content>`),
        fc.string({ maxLength: 40 }),
      ),
      { maxLength: 4 },
    ),
    wrapper: fc.constantFrom(
      ['<xml>', '</xml>'],
      ['', ''],
      ['<xml>', ''],
      ['<root>', '</root>'],
      ['<?xml version="1.0" encoding="UTF-8"?><xml>', '</xml>'],
    ),
  })
  .map(({ fields, extra, wrapper }) => `${wrapper[0]}${fields.join('')}${extra.join('')}${wrapper[1]}`);

test('correctly signed and encrypted, but the message inside is broken', async (tc) => {
  await fuzz(tc, mutatedMessageXml, async (xml) => {
    const encrypted = t.signer.encrypt(xml);
    const status = await send(
      'POST',
      `${PATH}?${t.signer.callbackQuery(encrypted, { timestamp: now() })}`,
      Buffer.from(t.signer.envelopeXml(encrypted)),
      'text/xml',
    );
    assert.ok(status < 500, `answered ${status} to ${xml}`);
  });
  await assertAlive(tc);
});

test('correctly signed, but the ciphertext is not ours: random blocks, wrong receiver, bad base64', async (tc) => {
  const ciphertext = fc.oneof(
    fc
      .integer({ min: 1, max: 12 })
      .chain((blocks) => fc.uint8Array({ minLength: blocks * 32, maxLength: blocks * 32 }))
      .map((a) => Buffer.from(a).toString('base64')),
    fc.string({ maxLength: 20 }).map((id) =>
      t.signer.encrypt(t.signer.textMessageXml({ from: ADMIN, content: '进度 1', msgId: nextMsgId() }), {
        receiveId: id,
      }),
    ),
    fc.string({ maxLength: 200 }),
    fc.base64String({ maxLength: 200 }),
  );
  await fuzz(tc, fc.record({ encrypted: ciphertext, get: fc.boolean() }), async ({ encrypted, get }) => {
    const signed = new URLSearchParams({
      msg_signature: t.signer.signature(now(), 'n0nce', encrypted),
      timestamp: now(),
      nonce: 'n0nce',
    });
    if (get) signed.set('echostr', encrypted);
    const body = get ? Buffer.alloc(0) : Buffer.from(t.signer.envelopeXml(encrypted));
    const status = await send(get ? 'GET' : 'POST', `${PATH}?${signed}`, body, 'text/xml');
    assert.ok(status < 500, `answered ${status}`);
  });
  await assertAlive(tc);
});

test('a valid signed request with random bytes flipped, cut or inserted', async (tc) => {
  const mutation = fc.record({
    where: fc.constantFrom('query', 'body'),
    at: fc.nat(),
    op: fc.constantFrom('flip', 'cut', 'insert', 'truncate'),
    byte: fc.integer({ min: 0, max: 255 }),
  });
  await fuzz(tc, mutation, async ({ where, at, op, byte }) => {
    const encrypted = t.signer.encrypt(
      t.signer.textMessageXml({ from: ADMIN, content: '进度 20', msgId: nextMsgId(), createTime: Number(now()) }),
    );
    const parts = {
      query: Buffer.from(t.signer.callbackQuery(encrypted, { timestamp: now() })),
      body: Buffer.from(t.signer.envelopeXml(encrypted)),
    };
    const target = parts[where];
    const i = at % target.length;
    parts[where] =
      op === 'flip'
        ? Buffer.concat([target.subarray(0, i), Buffer.from([target[i]! ^ (byte || 1)]), target.subarray(i + 1)])
        : op === 'cut'
          ? Buffer.concat([target.subarray(0, i), target.subarray(i + 1)])
          : op === 'insert'
            ? Buffer.concat([target.subarray(0, i), Buffer.from([byte]), target.subarray(i)])
            : target.subarray(0, i);
    // Bytes a URL may not carry are escaped, so the damage reaches the server rather than the client library.
    const query = [...parts.query]
      .map((b) => (b > 0x20 && b < 0x7f && b !== 0x23 ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`))
      .join('');
    const status = await send('POST', `${PATH}?${query}`, parts.body, 'text/xml');
    assert.ok(status < 500, `answered ${status}`);
  });
  await assertAlive(tc);
});
