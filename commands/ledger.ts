import type { Command, CommandContext } from '../src/bot/Command.js';
import { STATUSES } from '../src/ledger/item.js';
import { formatRate, ledgerSummary } from '../src/ledger/ledgerSummary.js';
import type { LedgerView } from '../src/ledger/LedgerView.js';
import { shorten } from '../src/text/shorten.js';

const CHINESE_ORDINALS = '一二三四五六七八九十';

export const ledger: Command = {
  name: '台账',
  aliases: ['台帐'],
  role: 'anyone',
  help: ['台账 —— 全部事项的整改概况', '台账 审 —— 有几本台账时，看其中一本的详情'],
  run(ctx) {
    const { ledgers } = ctx;
    if (!ledgers.several) return details(ledgers.first, '巡察整改台账');
    const named = ctx.args ? ledgers.find(ctx.args) : undefined;
    if (named) return details(named, named.name);
    return overview(ctx, ctx.args);
  },
};

function details(ledger: LedgerView, title: string): string {
  const s = ledgerSummary(ledger.items(), ledger.categories);
  const lines = [`【${title}】共 ${s.total} 项${ledger.archived ? '（已归档）' : ''}`];
  for (const status of STATUSES)
    if (s.byStatus[status] || status === '已完成整改') lines.push(`${status}：${s.byStatus[status]} 项`);
  lines.push(`完成率：${formatRate(s.completionRate)}`, '分类（已完成/总数）：');
  for (const [i, c] of s.categories.entries()) {
    lines.push(`(${CHINESE_ORDINALS[i] ?? i + 1})${shorten(c.name, 16)} ${c.done}/${c.total}`);
  }
  return lines.join('\n');
}

/** One line per ledger, then how to see one. */
function overview(ctx: CommandContext, unknown: string): string {
  const lines = unknown ? [`没有叫「${shorten(unknown, 12)}」的台账。`] : [];
  lines.push(`共 ${ctx.ledgers.all.length} 本台账（代码 名称：已完成/总数，完成率）：`);
  for (const l of ctx.ledgers.all) {
    const s = ledgerSummary(l.items(), l.categories);
    const done = s.byStatus.已完成整改;
    lines.push(
      `${l.code} ${l.name}：${done}/${s.total}，${formatRate(s.completionRate)}${l.archived ? '（已归档）' : ''}`,
    );
  }
  const example = ctx.ledgers.first.code;
  lines.push(`发送「台账 ${example}」看一本的详情，「进度 ${example}20」看其中第20项。`);
  return lines.join('\n');
}
