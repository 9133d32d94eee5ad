import type { Command } from '../src/bot/Command.js';
import { shorten } from '../src/text/shorten.js';
import { STATUSES } from '../src/ledger/item.js';
import { formatRate, ledgerSummary } from '../src/ledger/ledgerSummary.js';

const CHINESE_ORDINALS = '一二三四五六七八九十';

export const ledger: Command = {
  name: '台账',
  aliases: ['台帐'],
  role: 'anyone',
  help: ['台账 —— 全部事项的整改概况'],
  run(ctx) {
    const s = ledgerSummary(ctx.store.items(), ctx.store.categories);
    const lines = [`【巡察整改台账】共 ${s.total} 项`];
    for (const status of STATUSES)
      if (s.byStatus[status] || status === '已完成整改') lines.push(`${status}：${s.byStatus[status]} 项`);
    lines.push(`完成率：${formatRate(s.completionRate)}`, '分类（已完成/总数）：');
    for (const [i, c] of s.categories.entries()) {
      lines.push(`(${CHINESE_ORDINALS[i] ?? i + 1})${shorten(c.name, 16)} ${c.done}/${c.total}`);
    }
    return lines.join('\n');
  },
};
