import type { Command } from '../src/bot/Command.js';
import { ledgerRows } from '../src/ledger/ledgerRows.js';
import { toXlsx } from '../src/ledger/toXlsx.js';
import { formatDateTime } from '../src/text/formatDateTime.js';

/** A passive reply can only carry text, so the workbook is a file reply: it follows as a file message. */
export const exportLedger: Command = {
  name: '导出',
  role: 'admin',
  help: ['导出 —— 管理员获取台账 Excel 文件（有几本台账时每本一个工作表；「导出 审」只导出一本）'],
  async run(ctx) {
    const { ledgers } = ctx;
    const named = ctx.args ? ledgers.find(ctx.args) : undefined;
    if (ctx.args && !named) return `没有叫「${ctx.args.slice(0, 12)}」的台账。发送「台账」看全部台账的代码。`;
    const chosen = named ? [named] : ledgers.all;
    const sheets = chosen.map((l) => ({ name: l.name, rows: ledgerRows(l.items(), l.categories, ctx.timeZone) }));
    const count = sheets.reduce((sum, s) => sum + s.rows.length, 0);
    const title = ledgers.several ? (named ? named.name : '整改台账') : '巡察整改台账';
    const date = formatDateTime(ctx.now, ctx.timeZone).slice(0, 10);
    const what = ledgers.several ? `${sheets.length} 本台账共 ${count} 项` : `${count} 项`;
    return {
      type: 'file',
      filename: `${title}-${date}.xlsx`,
      bytes: await toXlsx(ledgers.several ? sheets : sheets[0]!.rows),
      caption: `已生成台账（${what}，Excel），稍后以文件发送给你。`,
      label: '台账文件',
      retry: '导出',
    };
  },
};
