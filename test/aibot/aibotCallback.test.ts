import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataSnapshot, eventsOnDisk } from '../helpers/dataFiles.js';
import { startFakeWeComApi, type FakeWeComApi } from '../helpers/fakeWeComApi.js';
import { ADMIN, startTestBot, TEST_AES_KEY, TEST_CORP, type TestBot } from '../helpers/testBot.js';
import { type AibotTextMessage, WeComSigner, type HttpResult } from '../helpers/wecomSigner.js';

const PATH = '/wecom/aibot';
const RESPONSE = '/cgi-bin/aibot/response';
const AIBOT_TOKEN = 'aibottoken42';
const AIBOT_KEY = 'Zx9kQ2mW7rT4yU1iO3pA5sD8fG6hJ0lK2zX4cV6bN8m';

let t: TestBot;
let signer: WeComSigner;
let foreign: FakeWeComApi;

before(async () => {
  t = await startTestBot({ env: { WECOM_AIBOT_TOKEN: AIBOT_TOKEN, WECOM_AIBOT_ENCODING_AES_KEY: AIBOT_KEY } });
  signer = new WeComSigner({ token: AIBOT_TOKEN, encodingAESKey: AIBOT_KEY, receiveId: '', now });
  foreign = await startFakeWeComApi();
});
after(async () => {
  await t.stop();
  await foreign.close();
});

function now(): number {
  return Math.floor(t.clock.now() / 1000);
}

let seq = 0;

type Msg = AibotTextMessage;

/** A text message as WeCom delivers it (§7.2), with a fresh msgid and response_code unless given. */
function textMessage(
  content: string,
  o: { from?: string; chattype?: 'single' | 'group'; msgid?: string; url?: string } = {},
): Msg {
  const n = ++seq;
  return signer.aibotTextMessage({
    msgid: o.msgid ?? `AIBOTMSG${n}`,
    from: o.from ?? 'zhangsan',
    content,
    responseUrl: o.url ?? `${t.api.url}${RESPONSE}?response_code=CODE${n}`,
    ...(o.chattype && { chattype: o.chattype }),
  });
}

function codeOf(m: Msg): string {
  return new URL(m.response_url).searchParams.get('response_code')!;
}

/** Posts to the robot's callback and waits until the outbox has delivered whatever it queued. */
async function send(message: unknown): Promise<HttpResult> {
  const res = await signer.postJson(t.bot.url, PATH, message);
  await t.bot.sender.kick();
  return res;
}

/** Every post our bot made to one message's response_url. */
function posted(m: Msg) {
  return t.api.callsTo(RESPONSE).filter((c) => c.query.response_code === codeOf(m));
}

/** The single answer to a message in a group that has a card: exactly one template_card post. */
function cardTo(m: Msg): any {
  const calls = posted(m);
  assert.equal(calls.length, 1, `expected one post to the response_url, got ${calls.length}`);
  assert.equal(calls[0]!.body.msgtype, 'template_card');
  return calls[0]!.body.template_card;
}

/** The single answer to a message, checking it is exactly one markdown post. */
function answerTo(m: Msg): string {
  const calls = posted(m);
  assert.equal(calls.length, 1, `expected one post to the response_url, got ${calls.length}`);
  assert.equal(calls[0]!.method, 'POST');
  assert.equal(calls[0]!.body.msgtype, 'markdown');
  assert.equal(typeof calls[0]!.body.markdown.content, 'string');
  return calls[0]!.body.markdown.content;
}

async function post(query: string, body: string, contentType = 'application/json'): Promise<HttpResult> {
  const res = await fetch(`${t.bot.url}${PATH}?${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: res.status, body: await res.text() };
}

/** Encrypts any plaintext with the robot's key and posts it correctly signed, so the check under test is the one after decryption. */
function postPlaintext(plaintext: string, receiveId = ''): Promise<HttpResult> {
  const encrypted = signer.encrypt(plaintext, { receiveId });
  return post(signer.callbackQuery(encrypted), signer.jsonEnvelope(encrypted));
}

describe('GET URL verification', () => {
  test('echoes the decrypted echostr, raw', async () => {
    const { query } = signer.verifyQuery('5927048137204836');
    const res = await fetch(`${t.bot.url}${PATH}?${query}`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '5927048137204836');
  });

  test('refuses a forged signature, the app callback keys and a non-empty receiveid', async () => {
    const forged = signer.verifyQuery('1', { signature: 'a'.repeat(40) });
    assert.equal((await fetch(`${t.bot.url}${PATH}?${forged.query}`)).status, 403);
    // The app's token and key are valid for /wecom/callback, not here.
    const app = t.signer.verifyQuery('1');
    assert.equal((await fetch(`${t.bot.url}${PATH}?${app.query}`)).status, 403);
    const corp = signer.encrypt('1', { receiveId: TEST_CORP });
    const params = new URLSearchParams(signer.callbackQuery(corp));
    params.set('echostr', corp);
    assert.equal((await fetch(`${t.bot.url}${PATH}?${params}`)).status, 403);
  });
});

describe('answers through response_url', () => {
  test('"@机器人 进度 20" in a group: empty 200, then item 20 posted once as a card', async () => {
    const m = textMessage('@整改机器人 进度 20');
    const res = await send(m);
    assert.equal(res.status, 200);
    assert.equal(res.body, '');
    const card = cardTo(m);
    assert.equal(card.main_title.title, '第20项');
    assert.deepEqual(card.horizontal_content_list[0], { keyname: '状态', value: '已完成整改' });
  });

  test('a group command without a card is answered in markdown, naming the asker', async () => {
    const m = textMessage('@整改机器人 历史 20');
    await send(m);
    const content = answerTo(m);
    assert.match(content, /^@zhangsan 第20项/);
    assert.ok(Buffer.byteLength(content) <= 2048);
  });

  test('a single chat gets the same answer without naming anyone', async () => {
    const m = textMessage('进度 20', { chattype: 'single' });
    assert.equal((await send(m)).status, 200);
    assert.match(answerTo(m), /^【第20项】已完成整改\n/);
  });

  test('group text that is not a command gets no answer at all', async () => {
    const m = textMessage('@整改机器人 大家辛苦了');
    const res = await send(m);
    assert.equal(res.status, 200);
    assert.equal(res.body, '');
    assert.equal(posted(m).length, 0);
  });

  test('single-chat text that is not a command gets the help', async () => {
    const m = textMessage('你好', { chattype: 'single' });
    await send(m);
    const content = answerTo(m);
    assert.match(content, /^巡察整改台账机器人/);
    assert.match(content, /进度 20/);
  });

  const mentions: Array<[string, string]> = [
    ['half-width space', '@整改机器人 进度 3'],
    ['full-width space', '@整改机器人\u3000进度 3'],
    ['the space some clients put after a mention', '@整改机器人\u2005进度 3'],
    ['several mentions', '@张三 @整改机器人\u3000进度 3'],
    ['a mention alone on its line', '@整改机器人\n进度 3'],
  ];
  for (const [name, content] of mentions) {
    test(`strips the leading mention: ${name}`, async () => {
      const m = textMessage(content, { from: 'lisi' });
      await send(m);
      assert.equal(cardTo(m).main_title.title, '第3项');
    });
  }

  test('a mention with nothing after it is not a command, so the group hears nothing', async () => {
    const m = textMessage('@整改机器人');
    await send(m);
    assert.equal(posted(m).length, 0);
  });
});

describe('changes, roles and duplicates', () => {
  test('an admin\'s "@机器人 进度 22 <text>" updates the ledger exactly as the app chat does', async () => {
    const m = textMessage('@整改机器人 进度 22 河道清淤完成80%', { from: ADMIN });
    await send(m);
    const viaApp = await t.say(ADMIN, '进度 21 河道清淤完成80%');
    assert.equal(answerTo(m), `@${ADMIN} ${viaApp.replace('第21项', '第22项')}`);
    assert.match(viaApp, /^已登记第21项进展（完成度 80%）/);

    const events = await eventsOnDisk(t.dataDir);
    const robot = events.find((e) => e.itemNo === 22 && e.type === 'update')!;
    const app = events.find((e) => e.itemNo === 21 && e.type === 'update')!;
    const comparable = ({ seq: _s, itemNo: _i, msgId: _m, ...rest }: Record<string, unknown>) => rest;
    assert.deepEqual(
      comparable(robot as unknown as Record<string, unknown>),
      comparable(app as unknown as Record<string, unknown>),
    );
    assert.equal(t.bot.store.item(22)!.percent, 80);
  });

  test("a stranger's update is refused, named in the group, and nothing is stored", async () => {
    const before = (await dataSnapshot(t.dataDir))['events.jsonl'];
    const m = textMessage('@整改机器人 进度 20 我来改一下', { from: 'stranger' });
    await send(m);
    assert.match(answerTo(m), /^@stranger 你不能更新第20项/);
    assert.equal((await dataSnapshot(t.dataDir))['events.jsonl'], before);
  });

  test('the same msgid twice, even at once: one change, one post', async () => {
    const m = textMessage('@整改机器人 进度 7 第一次督办', { from: ADMIN });
    const [a, b] = await Promise.all([signer.postJson(t.bot.url, PATH, m), signer.postJson(t.bot.url, PATH, m)]);
    assert.deepEqual([a.status, b.status, a.body, b.body], [200, 200, '', '']);
    assert.equal((await send(m)).status, 200);
    answerTo(m);
    assert.equal(t.bot.store.itemHistory(7).filter((e) => e.type === 'update').length, 1);
  });

  test('a retry after a restart changes nothing and posts nothing again', async () => {
    const m = textMessage('@整改机器人 进度 8 重启前登记', { from: ADMIN });
    await send(m);
    answerTo(m);
    await t.restart();
    assert.equal((await send(m)).status, 200);
    answerTo(m);
    assert.equal(t.bot.store.itemHistory(8).filter((e) => e.type === 'update').length, 1);
  });

  test('a post that fails in transit is retried by the outbox, still once', async () => {
    t.api.inject(RESPONSE, [{ http: 502 }]);
    const m = textMessage('@整改机器人 进度 9');
    await send(m);
    assert.equal(posted(m).length, 1);
    assert.deepEqual(posted(m)[0]!.fault, { http: 502 });
    t.clock.advance(61_000);
    await t.bot.sender.kick();
    assert.equal(posted(m).length, 2);
    assert.equal(posted(m).filter((c) => !c.fault).length, 1);
    assert.equal(posted(m)[1]!.body.template_card.main_title.title, '第9项');
  });
});

test('a refused admin command in a group says an admin is needed, not who the admins are', async () => {
  const m = textMessage('@整改机器人 销号 20', { from: 'someone' });
  await send(m);
  const answer = answerTo(m);
  assert.match(answer, /「销号」只有管理员可以使用/);
  assert.doesNotMatch(answer, new RegExp(ADMIN), answer);
});

describe("members' text is posted as text, never as live markdown", () => {
  const HOSTILE = '<font color="warning">已全部完成</font> <@all> [验收报告](http://evil.example/x) **已销号**';
  const LIVE = /<font|<@all>|\]\(|\*\*已销号|:\/\//;

  test("an officer's note in 进度 and 历史", async () => {
    assert.match(await t.say(ADMIN, `进度 23 ${HOSTILE}`), /^已登记/);
    // 进度 in a group is a card, whose fields are plain text; its markdown is the single chat's.
    for (const [command, chattype] of [
      ['进度 23', 'single'],
      ['历史 23', 'group'],
    ] as const) {
      const m = textMessage(`@整改机器人 ${command}`, { from: 'someone', chattype });
      await send(m);
      const answer = answerTo(m);
      assert.match(answer, /已全部完成/, answer);
      assert.doesNotMatch(answer, LIVE, answer);
    }
  });

  test('查 echoes the query of a member without any role', async () => {
    const m = textMessage('@整改机器人 查 [点我](http://evil.example/x) <@all>', { from: 'nobody' });
    await send(m);
    assert.doesNotMatch(answerTo(m), /\]\(|<@all>|:\/\//, answerTo(m));
  });
});

describe('bad input: 4xx, nothing changes, nothing is posted', () => {
  const update = (o: Parameters<typeof textMessage>[1] = {}) =>
    textMessage('@整改机器人 进度 20 不该被记录的进展', { from: ADMIN, ...o });
  const withoutField = (field: string) => {
    const m: Record<string, unknown> = { ...update() };
    delete m[field];
    return JSON.stringify(m);
  };
  const cases: Array<[string, () => Promise<HttpResult>, number | number[]]> = [
    ['forged signature', () => signer.postJson(t.bot.url, PATH, update(), { signature: '0'.repeat(40) }), 403],
    [
      'signed with the app callback token',
      () =>
        new WeComSigner({ token: 'testtoken123', encodingAESKey: AIBOT_KEY, receiveId: '', now }).postJson(
          t.bot.url,
          PATH,
          update(),
        ),
      403,
    ],
    ['stale timestamp', () => signer.postJson(t.bot.url, PATH, update(), { timestamp: String(now() - 301) }), 400],
    ['no query', () => post('', signer.jsonEnvelope(signer.encrypt(JSON.stringify(update())))), 400],
    ['non-JSON body', () => post(signer.callbackQuery('x'), 'encrypt=abc'), 400],
    [
      'XML body, as the app callback gets',
      () => post(signer.callbackQuery('x'), '<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>', 'text/xml'),
      400,
    ],
    ['JSON without encrypt', () => post(signer.callbackQuery('x'), '{"Encrypt":"abc"}'), 400],
    ['encrypt is not a string', () => post(signer.callbackQuery('5'), '{"encrypt":5}'), 400],
    ['JSON array body', () => post(signer.callbackQuery('x'), '["x"]'), 400],
    ['empty body', () => post(signer.callbackQuery('x'), ''), 400],
    [
      'body over 64 KiB',
      () => post(signer.callbackQuery('x'), JSON.stringify({ encrypt: 'A'.repeat(64 * 1024) })),
      413,
    ],
    ['encrypt not base64', () => post(signer.callbackQuery('no*base64'), '{"encrypt":"no*base64"}'), 400],
    [
      'encrypted under another AES key',
      () =>
        new WeComSigner({ token: AIBOT_TOKEN, encodingAESKey: TEST_AES_KEY, receiveId: '', now }).postJson(
          t.bot.url,
          PATH,
          update(),
        ),
      [400, 403],
    ],
    ['ciphertext with a receiveid (an app message)', () => postPlaintext(JSON.stringify(update()), TEST_CORP), 403],
    ['decrypted text is not JSON', () => postPlaintext('@整改机器人 进度 20 不该被记录的进展'), 400],
    ['decrypted JSON is a string', () => postPlaintext(JSON.stringify('进度 20')), 400],
    ['decrypted JSON has no msgtype', () => postPlaintext(withoutField('msgtype')), 400],
    ['text message without msgid', () => postPlaintext(withoutField('msgid')), 400],
    ['text message with a numeric msgid', () => postPlaintext(JSON.stringify({ ...update(), msgid: 123 })), 400],
    ['text message without from', () => postPlaintext(withoutField('from')), 400],
    ['text message without text', () => postPlaintext(withoutField('text')), 400],
    [
      'text message with an unknown chattype',
      () => postPlaintext(JSON.stringify({ ...update(), chattype: 'channel' })),
      400,
    ],
    ['text message without response_url', () => postPlaintext(withoutField('response_url')), 400],
    ['response_url that is not a URL', () => signer.postJson(t.bot.url, PATH, update({ url: 'not a url' })), 400],
    [
      'response_url on a foreign origin',
      () => signer.postJson(t.bot.url, PATH, update({ url: `${foreign.url}${RESPONSE}?response_code=STOLEN` })),
      400,
    ],
    [
      'response_url on the API host but another scheme',
      () =>
        signer.postJson(
          t.bot.url,
          PATH,
          update({ url: `${t.api.url.replace('http:', 'https:')}${RESPONSE}?response_code=S` }),
        ),
      400,
    ],
    [
      'response_url on the API host, another path (a robot webhook)',
      () => signer.postJson(t.bot.url, PATH, update({ url: `${t.api.url}/cgi-bin/webhook/send?key=K` })),
      400,
    ],
    [
      'response_url with userinfo',
      () =>
        signer.postJson(
          t.bot.url,
          PATH,
          update({ url: `${t.api.url.replace('//', '//u:p@')}${RESPONSE}?response_code=U` }),
        ),
      400,
    ],
  ];

  for (const [name, sendIt, status] of cases) {
    test(name, async () => {
      await t.bot.sender.kick();
      const before = await dataSnapshot(t.dataDir);
      const responses = t.api.callsTo(RESPONSE).length;
      const history = t.bot.store.itemHistory(20).length;
      const res = await sendIt();
      // A wrong key decrypts to noise: either it does not unpad (400) or its receiveid is not ours (403).
      if (Array.isArray(status)) assert.ok(status.includes(res.status), `${res.status}: ${res.body}`);
      else assert.equal(res.status, status, res.body);
      await t.bot.sender.kick();
      assert.deepEqual(await dataSnapshot(t.dataDir), before);
      assert.equal(t.api.callsTo(RESPONSE).length, responses);
      assert.equal(t.bot.store.itemHistory(20).length, history);
    });
  }

  test('the API host never saw a request on another path', () => {
    assert.equal(t.api.callsTo('/cgi-bin/webhook/send').length, 0);
  });

  test('the foreign origin never saw a request', () => {
    assert.equal(foreign.calls.length, 0);
  });
});

describe('events, stream refreshes and other kinds: empty 200, nothing else', () => {
  const kinds: Array<[string, () => object]> = [
    [
      'an event',
      () => ({
        msgid: 'EVT1',
        aibotid: 'AIBOTID',
        chattype: 'single',
        from: { userid: 'zhangsan' },
        msgtype: 'event',
        event: { eventtype: 'enter_chat' },
      }),
    ],
    [
      'a stream refresh',
      () => ({
        msgid: 'STREAM1',
        aibotid: 'AIBOTID',
        chattype: 'group',
        from: { userid: 'zhangsan' },
        msgtype: 'stream',
        stream: { id: 'abc' },
      }),
    ],
    [
      'an image',
      () => ({
        msgid: 'IMG1',
        chattype: 'single',
        from: { userid: 'zhangsan' },
        msgtype: 'image',
        image: { url: 'https://example.invalid/x' },
        response_url: `${t.api.url}${RESPONSE}?response_code=IMG`,
      }),
    ],
    ['a kind nobody has heard of', () => ({ msgtype: 'hologram' })],
  ];
  for (const [name, message] of kinds) {
    test(name, async () => {
      await t.bot.sender.kick();
      const before = await dataSnapshot(t.dataDir);
      const responses = t.api.callsTo(RESPONSE).length;
      const res = await send(message());
      assert.equal(res.status, 200);
      assert.equal(res.body, '');
      assert.deepEqual(await dataSnapshot(t.dataDir), before);
      assert.equal(t.api.callsTo(RESPONSE).length, responses);
    });
  }
});

describe('without WECOM_AIBOT_* the route does not exist', () => {
  test('GET and POST /wecom/aibot are 404', async () => {
    const plain = await startTestBot();
    try {
      const { query } = signer.verifyQuery('1');
      assert.equal((await fetch(`${plain.bot.url}${PATH}?${query}`)).status, 404);
      const res = await signer.postJson(plain.bot.url, PATH, textMessage('@整改机器人 进度 20', { from: ADMIN }));
      assert.equal(res.status, 404);
      assert.equal(plain.api.callsTo(RESPONSE).length, 0);
    } finally {
      await plain.stop();
    }
  });
});
