import path from 'node:path';
import type { Config } from '../config.js';
import { formatImportSummary } from '../import/formatImportSummary.js';
import { readImportFile } from '../import/readImportFile.js';
import { importLedger } from '../storage/files/importLedger.js';
import { CliUsageError } from './CliUsageError.js';
import { importResultLines } from './importResultLines.js';
import { mergeCommand } from './mergeCommand.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const importUsage =
  'import <文件> [--dry-run] [--sheet <工作表>] [--replace [--discard-history]]   由通报（.txt/.md/.docx）或台账表格（.xlsx/.csv/.docx）建立台账\n' +
  '  import <改过的导出.xlsx> --merge <台账代码或名称> [--dry-run] [--by <操作人>] [--force] [--allow-remove]   把表中改动记入台账历史';

export async function importCommand(argv: string[], config: Config): Promise<string> {
  const { values, positionals } = parseCommandArgs(argv, {
    usage: importUsage,
    options: {
      replace: { type: 'boolean', default: false },
      'discard-history': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      sheet: { type: 'string' },
      merge: { type: 'string' },
      by: { type: 'string', default: '导入' },
      force: { type: 'boolean', default: false },
      'allow-remove': { type: 'boolean', default: false },
    },
    positionals: true,
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new CliUsageError(importUsage);
  if (values.merge !== undefined)
    return mergeCommand(file, config, {
      ledger: values.merge,
      dryRun: values['dry-run'],
      by: values.by,
      force: values.force,
      allowRemove: values['allow-remove'],
      ...(values.sheet !== undefined && { sheet: values.sheet }),
    });
  const report = await readImportFile(file, { ...(values.sheet !== undefined && { sheet: values.sheet }) });
  const summary = formatImportSummary(path.basename(file), report);
  if (values['dry-run']) return `${summary}\n（预览：未写入任何文件）`;
  const result = await importLedger(config.dataDir, file, {
    replace: values.replace,
    discardHistory: values['discard-history'],
    now: Date.now(),
    report,
    timeZone: config.timeZone,
  });
  return [summary, ...importResultLines(result, config.dataDir)].join('\n');
}
