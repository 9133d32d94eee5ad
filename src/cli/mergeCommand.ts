import path from 'node:path';
import type { Config } from '../config.js';
import { diffLedger } from '../import/diffLedger.js';
import { readEditedRows } from '../import/readEditedRows.js';
import { openLedger } from '../storage/openLedger.js';
import { CliFailure } from './CliFailure.js';

export interface MergeOptions {
  ledger: string;
  dryRun: boolean;
  by: string;
  force: boolean;
  allowRemove: boolean;
  sheet?: string;
}

/**
 * `import <edited.xlsx> --merge <ledger>`: the differences between an edited export and the ledger,
 * recorded as history events by `--by`. Refused while the bot runs (the data lock): the bot holds the
 * ledger in memory and would not see events appended behind its back. --dry-run reads only, and works
 * while the bot runs.
 */
export async function mergeCommand(file: string, config: Config, o: MergeOptions): Promise<string> {
  const { storage, ledgers } = await openLedger(config.dataDir, { clock: Date.now, readOnly: o.dryRun });
  try {
    const ledger = ledgers.find(o.ledger);
    if (!ledger)
      throw new CliFailure(
        `没有台账「${o.ledger}」；有：${ledgers.all.map((l) => `${l.name}（${l.code}）`).join('、')}。`,
      );
    const rows = await readEditedRows(file, o.sheet ?? ledger.name);
    const diff = diffLedger(ledger.items(), rows, {
      categories: ledger.categories,
      by: o.by,
      now: Date.now(),
      timeZone: config.timeZone,
      force: o.force,
      allowRemove: o.allowRemove,
    });
    const lines = [
      `对照：${path.basename(file)} 与台账「${ledger.name}」`,
      ...diff.differences.map((d) => d.line),
      ...(diff.conflicts.length ? ['冲突（未改动，确认后可加 --force 采用表中内容）：', ...diff.conflicts] : []),
      ...(diff.kept.length ? ['表中没有、仍保留在台账里（要移除请加 --allow-remove）：', ...diff.kept] : []),
      `共 ${diff.differences.length} 处差异，${diff.conflicts.length} 项冲突。`,
    ];
    if (o.dryRun) return [...lines, '（预览：未写入任何文件）'].join('\n');
    if (diff.events.length) await ledger.append(diff.events);
    lines.push(diff.events.length ? `已记入历史：${diff.events.length} 条，操作人 ${o.by}。` : '没有需要写入的改动。');
    return lines.join('\n');
  } finally {
    await storage.close();
  }
}
