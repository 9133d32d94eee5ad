import { writeFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { ledgerRows } from '../ledger/ledgerRows.js';
import { toCsv } from '../ledger/toCsv.js';
import { toMarkdown } from '../ledger/toMarkdown.js';
import { toXlsx } from '../ledger/toXlsx.js';
import { openLedger } from '../storage/openLedger.js';
import { CliUsageError } from './CliUsageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const exportUsage = 'export --format csv|md|xlsx --out <文件>   导出台账（机器人运行时也可以）';

const FORMATS: Record<string, (rows: ReturnType<typeof ledgerRows>) => string | Buffer | Promise<Buffer>> = {
  csv: toCsv,
  md: toMarkdown,
  xlsx: toXlsx,
};

export async function exportCommand(argv: string[], config: Config): Promise<string> {
  const { values } = parseCommandArgs(argv, {
    usage: exportUsage,
    options: { format: { type: 'string', default: 'csv' }, out: { type: 'string' } },
  });
  const render = FORMATS[values.format];
  if (!render || !values.out) throw new CliUsageError(exportUsage);
  const { storage, ledger } = await openLedger(config.dataDir, {
    clock: Date.now,
    readOnly: true,
    database: config.database,
  });
  try {
    const rows = ledgerRows(ledger.items(), ledger.categories, config.timeZone);
    await writeFile(values.out, await render(rows));
    return `已导出 ${rows.length} 项 → ${values.out}`;
  } finally {
    await storage.close();
  }
}
