import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { commands } from '../../commands/index.js';
import { Bot } from '../../src/bot/Bot.js';
import { CommandRegistry } from '../../src/bot/CommandRegistry.js';
import { Dispatcher } from '../../src/bot/Dispatcher.js';
import { Roles } from '../../src/bot/Roles.js';
import { BUNDLED_REPORT } from '../../src/config.js';
import type { ItemEvent } from '../../src/ledger/item.js';
import { LedgerSet } from '../../src/ledger/LedgerSet.js';
import { LedgerView } from '../../src/ledger/LedgerView.js';
import { newLedgerDoc } from '../../src/ledger/newLedgerDoc.js';
import { parseReport } from '../../src/ledger/parseReport.js';
import { createLogger } from '../../src/log.js';
import { Outbox } from '../../src/outbox/Outbox.js';
import { AtomicJsonFile } from '../../src/storage/files/AtomicJsonFile.js';
import { FileOutboxStore, type OutboxFile } from '../../src/storage/files/FileOutboxStore.js';
import { SentLog } from '../../src/storage/files/SentLog.js';
import { START_MS } from '../helpers/testBot.js';

/** A bot over an in-memory ledger: routing needs no HTTP or crypto. */
async function bot(): Promise<{ bot: Bot; appended: ItemEvent[] }> {
  const appended: ItemEvent[] = [];
  const file = newLedgerDoc(parseReport(readFileSync(BUNDLED_REPORT, 'utf8')), 'report.txt', START_MS);
  const ledger = new LedgerView({ ...file, id: 'default' }, [], async (events) => void appended.push(...events));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-bot-'));
  const adapter = new AtomicJsonFile<OutboxFile>(path.join(dir, 'o.json'));
  const { log, marks } = await SentLog.open(path.join(dir, 'sent.jsonl'), false);
  const store = new FileOutboxStore(adapter, { schemaVersion: 2, outbox: [] }, log, marks, undefined);
  const outbox = new Outbox(store, () => START_MS);
  const dispatcher = new Dispatcher({
    registry: new CommandRegistry(commands),
    ledgers: new LedgerSet([ledger]),
    roles: new Roles(['boss']),
    clock: () => START_MS,
    log: createLogger('silent'),
    timeZone: 'Asia/Shanghai',
    schedule: { festivals: [], overrides: {}, hasTargets: false },
    outbox,
    api: { sendFile: async () => undefined },
  });
  return { bot: new Bot(dispatcher), appended };
}

const common = { from: 'li', createTime: START_MS / 1000 };

test('text goes to the commands and comes back as a text reply', async () => {
  const reply = await (await bot()).bot.handle({ ...common, kind: 'text', content: '进度 20' });
  assert.equal(reply?.type, 'text');
  assert.match(reply?.type === 'text' ? reply.text : '', /第20项/);
});

test('an event reaches the handler registered for its name; other events get no answer', async () => {
  const { bot: b } = await bot();
  const seen: string[] = [];
  b.onEvent('template_card_event', async (m) => {
    seen.push(m.eventKey ?? '');
    return '已处理';
  });
  const card = await b.handle({ ...common, kind: 'event', event: 'template_card_event', eventKey: 'close:21' });
  assert.deepEqual(card, { type: 'text', text: '已处理' });
  assert.deepEqual(seen, ['close:21']);
  assert.equal(await b.handle({ ...common, kind: 'event', event: 'enter_agent' }), undefined);
});

test('an event name registered twice is a wiring mistake', async () => {
  const { bot: b } = await bot();
  b.onEvent('click', async () => undefined);
  assert.throws(() => b.onEvent('click', async () => undefined), /已有处理程序/);
});
