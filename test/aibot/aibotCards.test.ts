import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cardsTo } from '../cards/cardClicks.js';
import { dataSnapshot, eventsOnDisk } from '../helpers/dataFiles.js';
import { startFakeWeComApi, type FakeWeComApi } from '../helpers/fakeWeComApi.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { type HttpResult, WeComSigner } from '../helpers/wecomSigner.js';

const PATH = '/wecom/aibot';
const RESPONSE = '/cgi-bin/aibot/response';
const AIBOT_TOKEN = 'aibottoken42';
const AIBOT_KEY = 'Zx9kQ2mW7rT4yU1iO3pA5sD8fG6hJ0lK2zX4cV6bN8m';
const NOTE =
  '宣传栏已全部更新，新增廉洁文化专栏两块，并在社区公众号同步推送三期专题内容，群众反响良好；' +
  '同时组织各村居网格员开展入户宣讲二十余场，发放宣传资料一千余份，收集意见建议十二条，已逐条研究落实，' +
  '下一步将结合季度检查继续巩固整改成效，确保问题不反弹';

let t: TestBot;
let signer: WeComSigner;
let foreign: FakeWeComApi;

before(async () => {
  t = await startTestBot({ env: { WECOM_AIBOT_TOKEN: AIBOT_TOKEN, WECOM_AIBOT_ENCODING_AES_KEY: AIBOT_KEY } });
  signer = new WeComSigner({
    token: AIBOT_TOKEN,
    encodingAESKey: AIBOT_KEY,
    receiveId: '',
    now: () => Math.floor(t.clock.now() / 1000),
  });
  foreign = await startFakeWeComApi();
  await t.say(ADMIN, '指派 21 officer1 河道办');
  await t.say(ADMIN, '时限 21 2026-12-31');
  await t.say('officer1', `进度 21 ${NOTE} 75%`);
});
after(async () => {
  await t.stop();
  await foreign.close();
});

let seq = 0;

/** A fresh response_url, as WeCom sends with every message and every click. */
function responseUrl(): string {
  return `${t.api.url}${RESPONSE}?response_code=CARDCODE${++seq}`;
}

function textMessage(content: string, o: { from?: string; chattype?: 'single' | 'group' } = {}) {
  return signer.aibotTextMessage({
    msgid: `CARDMSG${++seq}`,
    from: o.from ?? 'zhangsan',
    content,
    responseUrl: responseUrl(),
    ...(o.chattype && { chattype: o.chattype }),
  });
}

function clickEvent(from: string, taskId: string, eventKey: string, o: { url?: string; msgid?: string } = {}) {
  return signer.aibotCardEvent({
    msgid: o.msgid ?? `CLICK${++seq}`,
    from,
    taskId,
    eventKey,
    responseUrl: o.url ?? responseUrl(),
  });
}

async function send(message: unknown): Promise<HttpResult> {
  const res = await signer.postJson(t.bot.url, PATH, message);
  await t.bot.sender.kick();
  return res;
}

/** Every post to the response_url `message` came with. */
function posted(message: { response_url?: unknown }) {
  const code = new URL(String(message.response_url)).searchParams.get('response_code');
  return t.api.callsTo(RESPONSE).filter((c) => c.query.response_code === code);
}

function onlyPost(message: { response_url?: unknown }) {
  const calls = posted(message);
  assert.equal(calls.length, 1, `expected one post to the response_url, got ${calls.length}`);
  return calls[0]!.body;
}

/** Asks for 进度 21 in the group and returns the card posted back. */
async function progressCard(from = 'zhangsan'): Promise<any> {
  const m = textMessage('@整改机器人 进度 21', { from });
  assert.equal((await send(m)).status, 200);
  const body = onlyPost(m);
  assert.equal(body.msgtype, 'template_card');
  return body.template_card;
}

const chars = (s: string) => [...s].length;

describe('进度 N in a group is a card', () => {
  test('title, status, officer, deadline, percent and the newest note, within the AI bot limits', async () => {
    const card = await progressCard();
    assert.equal(card.card_type, 'button_interaction');
    assert.equal(card.main_title.title, '第21项');
    assert.ok(chars(card.main_title.desc) <= 30, card.main_title.desc);
    assert.deepEqual(card.horizontal_content_list, [
      { keyname: '状态', value: '阶段性完成并需长期坚持' },
      { keyname: '责任人', value: 'officer1（河道办）' },
      { keyname: '整改时限', value: '剩 34 天·2026-12-31' },
      { keyname: '完成度', value: '75%' },
    ]);
    assert.match(card.sub_title_text, /^最新进展（11-27 10:00 officer1）：宣传栏已全部更新/);
    assert.ok(chars(card.sub_title_text) <= 112, card.sub_title_text);
    assert.ok(card.sub_title_text.endsWith('…'), 'a note longer than the card shows is cut visibly');
    assert.deepEqual(
      card.button_list.map((b: any) => [b.text, b.key]),
      [
        ['查看历史', 'history:21'],
        ['我的事项', 'mine'],
      ],
    );
    assert.match(card.task_id, /^[0-9A-Za-z_@-]{1,128}$/);
  });

  test('each card has its own TaskId, stored with what it is for before it is posted', async () => {
    const a = await progressCard();
    const b = await progressCard();
    assert.notEqual(a.task_id, b.task_id);
    const stored = (await readFile(path.join(t.dataDir, 'cards.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.t === 'card' && l.taskId === a.task_id);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].purpose, 'progress');
    assert.deepEqual(stored[0].refs, ['21']);
  });

  test('a single chat keeps the full text view as markdown', async () => {
    const m = textMessage('进度 21', { chattype: 'single' });
    await send(m);
    const body = onlyPost(m);
    assert.equal(body.msgtype, 'markdown');
    assert.match(body.markdown.content, /^【第21项】阶段性完成并需长期坚持\n/);
    assert.match(body.markdown.content, /整改措施/);
  });

  test('the app chat keeps the text view too', async () => {
    assert.match(await t.say('zhangsan', '进度 21'), /^【第21项】阶段性完成并需长期坚持\n/);
  });

  test('a card WeCom refuses goes as markdown instead, once', async () => {
    t.api.inject(RESPONSE, [{ errcode: 40058, errmsg: 'invalid template_card' }]);
    const m = textMessage('@整改机器人 进度 21');
    await send(m);
    const calls = posted(m);
    assert.deepEqual(
      calls.map((c) => c.body.msgtype),
      ['template_card', 'markdown'],
    );
    assert.match(calls[1]!.body.markdown.content, /^@zhangsan 【第21项】/);
  });
});

describe('clicks route to the same handlers as the app', () => {
  test('查看历史 answers with 历史 N for whoever clicked, at the click’s own response_url', async () => {
    const card = await progressCard();
    const click = clickEvent('lisi', card.task_id, 'history:21');
    const res = await send(click);
    assert.deepEqual([res.status, res.body], [200, '']);
    const body = onlyPost(click);
    assert.equal(body.msgtype, 'markdown');
    const viaApp = await t.say('lisi', '历史 21');
    assert.equal(body.markdown.content.split('\n')[0], `@lisi ${viaApp.split('\n')[0]}`);
    assert.match(body.markdown.content, /officer1/);
  });

  test('我的事项 answers with the clicker’s own items', async () => {
    const card = await progressCard();
    const click = clickEvent('officer1', card.task_id, 'mine');
    await send(click);
    const content = onlyPost(click).markdown.content;
    assert.match(content, /^@officer1 /);
    assert.match(content, /\n21\.【阶段性完成并需长期坚持】/);
  });

  test('a key the card was not stored with, or a TaskId the bot never made, changes nothing and says so', async () => {
    const card = await progressCard();
    const other = clickEvent('lisi', card.task_id, 'history:22');
    await send(other);
    assert.match(onlyPost(other).markdown.content, /按钮已不再使用/);
    const unknown = clickEvent('lisi', 'cNeverMadeByTheBot', 'history:21');
    await send(unknown);
    assert.match(onlyPost(unknown).markdown.content, /卡片已失效/);
  });

  test('已接收 on an assignment card, clicked through the robot, is recorded once, also replayed after a restart', async () => {
    await t.say(ADMIN, '指派 23 officer2');
    const [assigned] = await cardsTo(t, 'officer2');
    const click = clickEvent('officer2', assigned.task_id, 'ack');
    await send(click);
    assert.match(onlyPost(click).markdown.content, /^@officer2 已记录：你已接收第23项/);
    const received = async () => (await eventsOnDisk(t.dataDir)).filter((e) => e.type === 'received').length;
    assert.equal(await received(), 1);

    assert.equal((await send(click)).status, 200);
    await t.restart();
    assert.equal((await send(click)).status, 200);
    assert.equal(await received(), 1);
    assert.equal(posted(click).length, 1, 'the click’s one-use response_url is posted to once');
  });

  test('the same click twice at once: one answer', async () => {
    const card = await progressCard();
    const click = clickEvent('lisi', card.task_id, 'history:21');
    const [a, b] = await Promise.all([
      signer.postJson(t.bot.url, PATH, click),
      signer.postJson(t.bot.url, PATH, click),
    ]);
    assert.deepEqual([a.status, b.status], [200, 200]);
    await t.bot.sender.kick();
    assert.equal(posted(click).length, 1);
  });
});

describe('clicks that are not WeCom’s, or not clicks we know', () => {
  let taskId: string;
  before(async () => {
    taskId = (await progressCard()).task_id;
  });

  async function unchanged(act: () => Promise<HttpResult>): Promise<HttpResult> {
    await t.bot.sender.kick();
    const files = await dataSnapshot(t.dataDir);
    const posts = t.api.callsTo(RESPONSE).length;
    const res = await act();
    await t.bot.sender.kick();
    assert.deepEqual(await dataSnapshot(t.dataDir), files);
    assert.equal(t.api.callsTo(RESPONSE).length, posts);
    return res;
  }

  test('a forged signature is refused with 403', async () => {
    const click = clickEvent(ADMIN, taskId, 'history:21');
    const res = await unchanged(() => signer.postJson(t.bot.url, PATH, click, { signature: 'f'.repeat(40) }));
    assert.equal(res.status, 403);
  });

  test('a response_url off WECOM_API_BASE is refused with 400 and never posted to', async () => {
    const click = clickEvent(ADMIN, taskId, 'history:21', { url: `${foreign.url}${RESPONSE}?response_code=X` });
    const res = await unchanged(() => signer.postJson(t.bot.url, PATH, click));
    assert.equal(res.status, 400);
    assert.equal(foreign.calls.length, 0);
  });

  const event = (e: unknown, extra: Record<string, unknown> = {}) => ({
    msgid: `ODD${++seq}`,
    chattype: 'group',
    from: { userid: 'lisi' },
    msgtype: 'event',
    response_url: responseUrl(),
    event: e,
    ...extra,
  });
  /** A well-formed click on a real card, but for one field. */
  const without = (field: string) => {
    const click: Record<string, unknown> = clickEvent('lisi', taskId, 'mine');
    delete click[field];
    return click;
  };
  const shapes: Array<[string, () => unknown]> = [
    [
      'a click without task_id',
      () => event({ eventtype: 'template_card_event', template_card_event: { event_key: 'mine' } }),
    ],
    [
      'a click with the key at the top of event',
      () => event({ eventtype: 'template_card_event', event_key: 'mine', task_id: taskId }),
    ],
    [
      'a click with a numeric key',
      () => event({ eventtype: 'template_card_event', template_card_event: { event_key: 1, task_id: taskId } }),
    ],
    ['a click without response_url', () => without('response_url')],
    ['a click without from', () => without('from')],
    ['event is a string', () => event('template_card_event')],
    ['a feedback event', () => event({ eventtype: 'feedback_event', feedback_event: { id: 'F1', type: 1 } })],
    ['an event nobody has heard of', () => event({ eventtype: 'hologram_event', hologram_event: {} })],
  ];
  for (const [name, shape] of shapes) {
    test(`${name}: ignored with 200`, async () => {
      const res = await unchanged(() => signer.postJson(t.bot.url, PATH, shape()));
      assert.deepEqual([res.status, res.body], [200, '']);
    });
  }
});
