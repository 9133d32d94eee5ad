import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEXT_LIMIT } from '../../src/reply/channelLimits.js';
import { type Reply, toReply } from '../../src/reply/Reply.js';
import { replyText, wireBody } from '../../src/reply/wireBody.js';

test('a bare string is a text reply', () => {
  assert.deepEqual(toReply('进度'), { type: 'text', text: '进度' });
});

test('the send body names its msgtype and nests the content under it', () => {
  assert.deepEqual(wireBody('markdown', '**周报**'), { msgtype: 'markdown', markdown: { content: '**周报**' } });
  assert.deepEqual(wireBody('text', '你好'), { msgtype: 'text', text: { content: '你好' } });
});

test('text surfaces show markdown as written and a file by its caption', () => {
  assert.equal(replyText({ type: 'markdown', text: '**加粗**' }), '**加粗**');
  const file: Reply = {
    type: 'file',
    filename: 'a.xlsx',
    bytes: Buffer.from('x'),
    caption: '稍后发送',
    label: '文件',
    retry: '导出',
  };
  assert.equal(replyText(file), '稍后发送');
});

test('a text reply is cut to WeCom’s byte limit, never split inside a character', () => {
  const long = '整改'.repeat(2000);
  const shown = replyText({ type: 'text', text: long });
  assert.ok(Buffer.byteLength(shown) <= TEXT_LIMIT);
  assert.ok(shown.length > 300, 'most of the text is kept');
  assert.doesNotMatch(shown, /\uFFFD/);
});
