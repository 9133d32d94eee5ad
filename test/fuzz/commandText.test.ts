/**
 * Whatever members type — any command word with any arguments, full-width forms, emoji, very long
 * text, from an admin or anyone — goes through the real callback and dispatcher and gets a reply
 * that is not the failure apology and fits one WeCom text message.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { commands } from '../../commands/index.js';
import { FAILURE_REPLY } from '../../src/wecom/failureReply.js';
import { ADMIN, startTestBot, type TestBot } from '../helpers/testBot.js';
import { fuzz } from './fuzzRuns.js';

const TEXT_LIMIT = 2048;

let t: TestBot;
before(async () => (t = await startTestBot()));
after(() => t.stop());

const words = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
const fullWidth = (s: string) => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
/** Characters XML 1.0 cannot carry at all: WeCom could never deliver them, so they are not a chat input. */
const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

const itemNumber = fc.oneof(
  fc.integer({ min: -3, max: 60 }).map(String),
  fc.stringMatching(/^\d{1,30}$/),
  fc.constantFrom('20.5', '0', '053', '1e3', '二十', '#20', '第20项'),
);
const rest = fc.oneof(
  fc.constant(''),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom(
    '清淤完成75%',
    '完成100%',
    '完成-1%',
    '完成1e309%',
    '完成 ７５％',
    'admin1 officer2',
    '@all',
    '<@admin1>',
    ']]>',
    '<font color="warning">x</font>',
    '\n\n\n',
  ),
  fc.string({ unit: 'grapheme', minLength: 400, maxLength: 700 }),
);
const separator = fc.constantFrom(' ', '', '　', ':', '：', ',', '\n', '  ');

const commandText = fc.oneof(
  fc.tuple(fc.constantFrom(...words), separator, itemNumber, separator, rest).map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom(...words), separator, rest).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'grapheme', minLength: 1500, maxLength: 3000 }).map((s) => `进度 1 ${s}`),
);

const case_ = fc.record({
  user: fc.constantFrom(ADMIN, 'viewer', 'Admin1', 'officer-9'),
  text: commandText,
  width: fc.constantFrom('half', 'full'),
});

/** Found by this property: 查 echoed a long query that matched nothing whole, past 2048 bytes. */
const PINNED = [{ user: 'viewer' as const, text: `查 ${'𒍏'.repeat(700)}`, width: 'half' as const }];

test('any text from anyone gets a reply that fits one message and is not the failure apology', async (tc) => {
  await fuzz(
    tc,
    case_,
    async ({ user, text, width }) => {
      const said = xmlSafe(width === 'full' ? fullWidth(text) : text);
      const reply = await t.say(user, said);
      assert.ok(reply.length > 0, `no reply to ${JSON.stringify(said.slice(0, 80))}`);
      assert.notEqual(reply, FAILURE_REPLY, `a command threw on ${JSON.stringify(said.slice(0, 80))}`);
      assert.ok(
        Buffer.byteLength(reply) <= TEXT_LIMIT,
        `${Buffer.byteLength(reply)} bytes in reply to ${JSON.stringify(said.slice(0, 80))}`,
      );
    },
    PINNED,
  );
});
