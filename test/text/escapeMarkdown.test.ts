import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeMarkdown, type MarkdownDialect } from '../../src/text/escapeMarkdown.js';

/** What a hostile member typed, per the report: coloured text, a mention of everyone, a link, fake bold. */
const ATTACKS = [
  '<font color="warning">已全部完成</font>',
  '<@all>',
  '[验收报告](http://evil.example/x)',
  '**状态改为「已完成整改」**',
  '# 通知',
  '> 引用',
  '`code`',
  'http://evil.example/x',
];

/** Markup a renderer of that dialect would act on, after escaping. */
const LIVE: Record<MarkdownDialect, RegExp> = {
  app: /<|>|\[|\]|\*\*|`|^#|:\/\//m,
  robot: /<@|<|>|\[|\]|\*\*|`|^#|:\/\//m,
  aibot: /<|>|\[|\]|\*|`|^#|:\/\/|~~|\||(^|[^\p{L}\p{N}])_|_($|[^\p{L}\p{N}])/mu,
};

for (const dialect of ['app', 'robot', 'aibot'] as const) {
  describe(`${dialect} markdown`, () => {
    test('no member-written markup stays live', () => {
      for (const attack of ATTACKS) {
        const out = escapeMarkdown(attack, dialect);
        assert.doesNotMatch(out, LIVE[dialect], `${attack} → ${out}`);
      }
    });

    test('plain text, Chinese punctuation and line breaks are left as typed', () => {
      const plain = '清淤完成75%，下周复查。\n第二行：河道办（张三）';
      assert.equal(escapeMarkdown(plain, dialect), plain);
    });

    test('the escaped text reads the same: look-alikes, not deletions', () => {
      assert.equal(escapeMarkdown('[报告](http://a.b)', dialect), '［报告］(http：//a.b)');
      assert.equal(escapeMarkdown('<@all> **完成**', dialect), '＜@all＞ ＊＊完成＊＊');
    });
  });
}

test('AI bot: strike, tables and underscore emphasis are inert, underscores inside a userid are kept', () => {
  assert.equal(escapeMarkdown('~~作废~~ | 表格 |', 'aibot'), '～～作废～～ ｜ 表格 ｜');
  assert.equal(escapeMarkdown('_强调_ zhang_san', 'aibot'), '＿强调＿ zhang_san');
  assert.equal(escapeMarkdown('_强调_', 'app'), '_强调_', 'app markdown has no underscore emphasis');
});
