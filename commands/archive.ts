import type { Command, CommandContext } from '../src/bot/Command.js';
import { shorten } from '../src/text/shorten.js';

/**
 * A finished ledger is archived rather than deleted: it leaves the digest and 我的, but stays searchable
 * (查), exportable (导出) and readable (进度), because the office is asked about it years later.
 */
export const archive: Command = {
  name: '归档',
  role: 'admin',
  help: ['归档 审 —— 管理员把整改完毕的台账归档（不再进周报和「我的」，仍可查、可导出）'],
  run: (ctx) => setArchived(ctx, true),
};

export const restore: Command = {
  name: '恢复',
  role: 'admin',
  help: ['恢复 审 —— 管理员把归档的台账恢复为在用'],
  run: (ctx) => setArchived(ctx, false),
};

async function setArchived(ctx: CommandContext, archived: boolean): Promise<string> {
  const { ledgers } = ctx;
  const verb = archived ? '归档' : '恢复';
  const codes = ledgers.all.map((l) => `${l.code} ${l.name}${l.archived ? '（已归档）' : ''}`).join('、');
  if (!ctx.args) return `请写明${verb}哪本台账，例如「${verb} ${ledgers.first.code}」。现有台账：${codes}`;
  const ledger = ledgers.find(ctx.args);
  if (!ledger) return `没有叫「${shorten(ctx.args, 12)}」的台账。现有台账：${codes}`;
  if (ledger.archived === archived) return `「${ledger.name}」${archived ? '已经归档' : '没有归档，正在使用'}。`;
  if (archived && ledgers.active().length === 1)
    return `「${ledger.name}」是唯一在用的台账，归档后周报就没有内容了，所以不能归档。`;
  await ledgers.setArchived(ledger, archived);
  return archived
    ? `已归档「${ledger.name}」：不再进周报和「我的」，仍可「查」「进度 ${ledger.code}1」和「导出 ${ledger.code}」。发送「恢复 ${ledger.code}」恢复。`
    : `已恢复「${ledger.name}」：重新进周报和「我的」。`;
}
