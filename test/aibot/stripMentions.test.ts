import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stripMentions } from '../../src/aibot/stripMentions.js';

test('leading mentions go, whatever space follows them', () => {
  assert.equal(stripMentions('@整改机器人 进度 20'), '进度 20');
  assert.equal(stripMentions('@整改机器人\u3000进度 20'), '进度 20');
  assert.equal(stripMentions('@张三 @整改机器人\u3000 进度 20 清淤完成'), '进度 20 清淤完成');
  assert.equal(stripMentions('@整改机器人'), '');
});

test('a mention later in the text is part of what was said', () => {
  assert.equal(stripMentions('进度 20 已交办 @张三 跟进'), '进度 20 已交办 @张三 跟进');
});

test('text that does not start with @ is left exactly as it was', () => {
  fc.assert(
    fc.property(
      fc.string().filter((s) => !/^\s*@/.test(s)),
      (s) => stripMentions(s) === s,
    ),
  );
});
