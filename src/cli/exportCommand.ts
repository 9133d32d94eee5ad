import { writeFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { type LedgerSheet, ledgerRows } from '../ledger/ledgerRows.js';
import { toCsv } from '../ledger/toCsv.js';
import { toMarkdown } from '../ledger/toMarkdown.js';
import { toXlsx } from '../ledger/toXlsx.js';
import { openLedger } from '../storage/openLedger.js';
import { CliFailure } from './CliFailure.js';
import { CliUsageError } from './CliUsageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const exportUsage =
  'export --format csv|md|xlsx --out <文件> [--ledger <代码|名称>]   导出台账，默认全部（机器人运行时也可以）';

/** With one ledger a plain table as always; with several, each names its ledger (sheet, section or column). */
const FORMATS: Record<string, (sheets: readonly LedgerSheet[], several: boolean) => string | Promise<Buffer>> = {
  csv: (sheets, several) => toCsv(several ? sheets : sheets[0]!.rows),
  md: (sheets, several) => toMarkdown(several ? sheets : sheets[0]!.rows),
  xlsx: (sheets, several) => toXlsx(several ? sheets : sheets[0]!.rows),
};

export async function exportCommand(argv: string[], config: Config): Promise<string> {
  const { values } = parseCommandArgs(argv, {
    usage: exportUsage,
    options: { format: { type: 'string', default: 'csv' }, out: { type: 'string' }, ledger: { type: 'string' } },
  });
  const render = FORMATS[values.format];
  if (!render || !values.out) throw new CliUsageError(exportUsage);
  const { storage, ledgers } = await openLedger(config.dataDir, {
    clock: Date.now,
    readOnly: true,
    database: config.database,
  });
  try {
    const named = values.ledger === undefined ? undefined : ledgers.find(values.ledger);
    if (values.ledger !== undefined && !named) {
      const known = ledgers.all.map((l) => `${l.code} ${l.name}`).join('、');
      throw new CliFailure(`没有叫「${values.ledger}」的台账。现有台账（代码 名称）：${known}`);
    }
    const chosen = named ? [named] : ledgers.all;
    const sheets = chosen.map((l) => ({ name: l.name, rows: ledgerRows(l.items(), l.categories, config.timeZone) }));
    await writeFile(values.out, await render(sheets, ledgers.several));
    const count = sheets.reduce((sum, s) => sum + s.rows.length, 0);
    const what = ledgers.several
      ? `${sheets.map((s) => `「${s.name}」${s.rows.length} 项`).join('、')}`
      : `${count} 项`;
    return `已导出 ${what} → ${values.out}`;
  } finally {
    await storage.close();
  }
}
