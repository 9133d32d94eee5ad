import type { Config } from '../config.js';
import { importLedger } from '../ledger/importLedger.js';
import { CliUsageError } from './CliUsageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const importUsage = 'import <报告.txt> [--replace]   由整改进展报告建立台账（--replace 替换现有台账并备份）';

export async function importCommand(argv: string[], config: Config): Promise<string> {
  const { values, positionals } = parseCommandArgs(argv, {
    usage: importUsage,
    options: { replace: { type: 'boolean', default: false } },
    positionals: true,
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new CliUsageError(importUsage);
  const result = await importLedger(config.dataDir, file, { replace: values.replace, now: Date.now() });
  const lines = [`已建立台账：${result.items} 项，${result.categories} 个类别 → ${config.dataDir}`];
  for (const backup of result.backups) lines.push(`旧文件已备份：${backup}`);
  return lines.join('\n');
}
