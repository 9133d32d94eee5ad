import type { Command } from '../src/bot/Command.js';
import { shorten } from '../src/text/shorten.js';

const MAX_SHOWN = 15;

export const search: Command = {
  name: '查',
  aliases: ['搜索'],
  role: 'anyone',
  help: ['查 公车 —— 按关键词找事项（问题或整改措施中含有）'],
  run(ctx) {
    // The report is typeset with half-width punctuation; fold the user's words the same way.
    const words = ctx.args.normalize('NFKC').split(' ').filter(Boolean);
    if (!words.length) return '请在「查」后写关键词，例如：查 公车';
    const hits = ctx.ledgers.items().filter(({ item }) => {
      const text = item.title + item.measures.join('');
      return words.every((w) => text.includes(w));
    });
    const query = shorten(words.join(' '), 20);
    if (!hits.length) return `没有找到含「${query}」的事项。换个词试试，或发送「台账」看全部。`;
    const lines = [`含「${query}」的事项共 ${hits.length} 项：`];
    for (const { ledger, item } of hits.slice(0, MAX_SHOWN))
      lines.push(`${ctx.ledgers.ref(ledger, item.no)}. ${shorten(item.title, 30)}`);
    if (hits.length > MAX_SHOWN) lines.push(`……另有 ${hits.length - MAX_SHOWN} 项，请加关键词缩小范围。`);
    lines.push('发送「进度 编号」查看详情。');
    return lines.join('\n');
  },
};
