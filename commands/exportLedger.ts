import type { Command } from '../src/bot/Command.js';
import { ledgerRows } from '../src/ledger/ledgerRows.js';
import { toXlsx } from '../src/ledger/toXlsx.js';
import { formatDateTime } from '../src/text/formatDateTime.js';

/** A passive reply can only carry text, so the workbook is a file reply: it follows as a file message. */
export const exportLedger: Command = {
  name: '导出',
  role: 'admin',
  help: ['导出 —— 管理员获取台账 Excel 文件'],
  async run(ctx) {
    const rows = ledgerRows(ctx.store.items(), ctx.store.categories, ctx.timeZone);
    return {
      type: 'file',
      filename: `巡察整改台账-${formatDateTime(ctx.now, ctx.timeZone).slice(0, 10)}.xlsx`,
      bytes: await toXlsx(rows),
      caption: `已生成台账（${rows.length} 项，Excel），稍后以文件发送给你。`,
      label: '台账文件',
      retry: '导出',
    };
  },
};
