import { access, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { AtomicJsonFile } from './AtomicJsonFile.js';
import { backupFile } from './backups.js';
import { acquireDataLock } from './dataLock.js';
import type { LedgerFile } from '../../ledger/LedgerDoc.js';
import { DB_FILE, EVENTS_FILE } from './fileNames.js';
import { newLedgerDoc } from '../../ledger/newLedgerDoc.js';
import { parseReport } from '../../ledger/parseReport.js';

export interface ImportResult {
  items: number;
  categories: number;
  backups: string[];
}

export class LedgerExistsError extends Error {}

/**
 * Builds a ledger from a report file. Parsing comes first, so a text that is not a report writes
 * nothing; replacing keeps timestamped copies of the old ledger and its history.
 */
export async function importLedger(
  dataDir: string,
  reportFile: string,
  options: { replace: boolean; now: number },
): Promise<ImportResult> {
  const report = parseReport(await readFile(reportFile, 'utf8'));
  const release = acquireDataLock(dataDir);
  try {
    const db = path.join(dataDir, DB_FILE);
    const events = path.join(dataDir, EVENTS_FILE);
    const backups: string[] = [];
    const hasLedger = await exists(db);
    // History whose ledger was lost is the only record left of it: never delete it unbacked.
    const hasHistory = ((await stat(events).catch(() => undefined))?.size ?? 0) > 0;
    if (!options.replace && hasLedger)
      throw new LedgerExistsError(`${db} 已有台账。要用新报告替换它（旧台账会备份），请加 --replace。`);
    if (!options.replace && hasHistory)
      throw new LedgerExistsError(`${events} 中有旧台账的历史记录。要建立新台账（历史记录会备份），请加 --replace。`);
    if (hasLedger) backups.push(await backupFile(dataDir, db, options.now));
    if (hasHistory) backups.push(await backupFile(dataDir, events, options.now));
    // History first: a crash in between leaves the old ledger without history (backed up), never old history on new items.
    await rm(events, { force: true });
    await new Low<LedgerFile>(
      new AtomicJsonFile(db),
      newLedgerDoc(report, path.basename(reportFile), options.now),
    ).write();
    return { items: report.items.length, categories: report.categories.length, backups };
  } finally {
    release();
  }
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
