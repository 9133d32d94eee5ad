import type { Command } from '../src/bot/Command.js';
import { formatDateTime } from '../src/text/formatDateTime.js';
import { weComFailure } from '../src/wecom/weComFailure.js';
import { ledgerRows } from '../src/ledger/ledgerRows.js';
import { toXlsx } from '../src/ledger/toXlsx.js';

/**
 * A passive reply can only carry text, so the workbook follows as a file message. It is sent
 * directly, not through the outbox: it is a snapshot of this moment, and one delivered hours later
 * after an outage would be a stale ledger; when sending fails the member is told to ask again.
 */
export const exportLedger: Command = {
  name: '导出',
  role: 'admin',
  help: ['导出 —— 管理员获取台账 Excel 文件'],
  async run(ctx) {
    const rows = ledgerRows(ctx.store.items(), ctx.store.categories, ctx.timeZone);
    const bytes = await toXlsx(rows);
    const filename = `巡察整改台账-${formatDateTime(ctx.now, ctx.timeZone).slice(0, 10)}.xlsx`;
    void ctx.sendFile(ctx.userId, filename, bytes).catch((err: unknown) =>
      ctx
        .notify(
          [ctx.userId],
          `台账文件发送失败（${weComFailure(err)}），请稍后再发「导出」。`,
          `export-failed:${ctx.msgId ?? ctx.now}`,
        )
        // sendFile has logged the failure; a notice that cannot be queued means the disk failed, which the next write reports.
        .catch(() => undefined),
    );
    return `已生成台账（${rows.length} 项，Excel），稍后以文件发送给你。`;
  },
};
