import type { Config } from '../config.js';
import { isOverdue } from '../ledger/isOverdue.js';
import { localTime } from '../schedule/localTime.js';
import { openLedger } from '../storage/openLedger.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const ledgersUsage = 'ledgers   列出全部台账：代码、名称、事项数、已完成、未完成、逾期（机器人运行时也可以）';

export async function ledgersCommand(argv: string[], config: Config, now = Date.now()): Promise<string> {
  parseCommandArgs(argv, { usage: ledgersUsage, options: {} });
  const { storage, ledgers } = await openLedger(config.dataDir, { clock: () => now, readOnly: true });
  try {
    const today = localTime(now, config.timeZone).date;
    const lines = [`共 ${ledgers.all.length} 本台账（代码 名称：事项、已完成、未完成、逾期）：`];
    for (const l of ledgers.all) {
      const items = l.items();
      const done = items.filter((i) => i.status === '已完成整改').length;
      const overdue = items.filter((i) => isOverdue(i, today)).length;
      lines.push(
        `${l.code} ${l.name}：${items.length} 项，已完成 ${done}，未完成 ${items.length - done}，逾期 ${overdue}` +
          (l.archived ? '（已归档）' : ''),
      );
    }
    return lines.join('\n');
  } finally {
    await storage.close();
  }
}
