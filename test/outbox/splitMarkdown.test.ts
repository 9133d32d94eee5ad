import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { markdownMessage } from '../../src/outbox/markdownMessage.js';
import { MARKDOWN_LIMITS } from '../../src/reply/channelLimits.js';
import { pushTargets, robotKeyHash } from '../../src/outbox/pushTargets.js';
import { splitMarkdown } from '../../src/outbox/splitMarkdown.js';
import { targetKey } from '../../src/outbox/targetKey.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('splitMarkdown', () => {
  it('keeps text within the limit as one part', () => {
    assert.deepEqual(splitMarkdown('**周报**\n· 第1项', 2048), ['**周报**\n· 第1项']);
  });

  it('gives nothing to send for blank text', () => {
    assert.deepEqual(splitMarkdown('', 2048), []);
    assert.deepEqual(splitMarkdown('\n \n', 2048), []);
  });

  it('counts UTF-8 bytes, not characters: 3 bytes per Chinese character', () => {
    const line = '整改'.repeat(10); // 20 characters, 60 bytes
    const parts = splitMarkdown([line, line, line].join('\n'), 121);
    assert.deepEqual(parts, [`${line}\n${line}`, line]);
    assert.equal(bytes(parts[0]!), 121);
  });

  it('breaks only between lines while lines fit, and drops blank lines at part edges', () => {
    assert.deepEqual(splitMarkdown('aaaa\n\nbbbb\ncccc', 9), ['aaaa', 'bbbb\ncccc']);
  });

  it('cuts a line longer than the limit at a character boundary', () => {
    // 3 bytes each for 整, 4 for the emoji (a surrogate pair in JavaScript, never split).
    assert.deepEqual(splitMarkdown(`${'整'.repeat(5)}😀`, 7), ['整整', '整整', '整😀']);
    assert.deepEqual(splitMarkdown(`${'整'.repeat(4)}😀`, 7), ['整整', '整整', '😀']);
  });

  it('never exceeds the limit and never loses a character (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 80 }), { maxLength: 40 }),
        fc.integer({ min: 4, max: 300 }),
        (lines, limit) => {
          const text = lines.join('\n');
          const parts = splitMarkdown(text, limit);
          for (const p of parts) assert.ok(bytes(p) <= limit, `${bytes(p)} > ${limit}`);
          assert.equal(parts.join('').replace(/\s/g, ''), text.replace(/\s/g, ''));
        },
      ),
    );
  });
});

describe('markdownMessage', () => {
  const long = Array.from({ length: 120 }, (_, i) => `· 第${i + 1}项 长期未更新，责任人：未指派`).join('\n');

  it('uses 2048 bytes for app chats and 4096 for robots, numbering the parts', () => {
    const chat = markdownMessage(long, { kind: 'chat', chatId: 'c' });
    const robot = markdownMessage(long, { kind: 'robot', keyId: '1-abcdef12' });
    assert.ok(chat.parts.length > robot.parts.length);
    for (const p of chat.parts) assert.ok(bytes(p) <= MARKDOWN_LIMITS.chat);
    for (const p of robot.parts) assert.ok(bytes(p) <= MARKDOWN_LIMITS.robot);
    assert.match(chat.parts[0]!, /\n（1\/\d）$/);
    assert.equal(chat.msgtype, 'markdown');
  });

  it('leaves a message that fits unnumbered', () => {
    assert.deepEqual(markdownMessage('**廉洁提醒**', { kind: 'chat', chatId: 'c' }).parts, ['**廉洁提醒**']);
  });
});

describe('robot targets', () => {
  it('name the key by position and hash, never the key itself', () => {
    const { targets, robotKeys } = pushTargets(['chat1', 'chat1'], ['secret-key-a', 'secret-key-b', 'secret-key-a']);
    assert.deepEqual(
      targets.map((t) => t.kind),
      ['chat', 'robot', 'robot'],
    );
    const [a, b] = targets.filter((t) => t.kind === 'robot') as { keyId: string }[];
    assert.match(a!.keyId, /^1-[0-9a-f]{8}$/);
    assert.match(b!.keyId, /^2-[0-9a-f]{8}$/);
    assert.ok(!JSON.stringify(targets).includes('secret-key'));
    assert.equal(robotKeys.get(robotKeyHash(a!.keyId)), 'secret-key-a');
  });

  it('keep their outbox key when the list is reordered', () => {
    const before = pushTargets([], ['k1', 'k2']).targets;
    const after = pushTargets([], ['k2', 'k1']).targets;
    assert.deepEqual(before.map(targetKey).sort(), after.map(targetKey).sort());
  });
});
