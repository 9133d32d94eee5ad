import { access, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { ImportedLedger } from '../../import/ImportedLedger.js';
import { readImportFile } from '../../import/readImportFile.js';
import { AtomicJsonFile } from './AtomicJsonFile.js';
import { pruneBackups } from './backups.js';
import { carryHistory, type HistoryPlan } from '../../ledger/carryHistory.js';
import { acquireDataLock } from './dataLock.js';
import { EventLog } from './EventLog.js';
import type { LedgerFile } from '../../ledger/LedgerDoc.js';
import { DB_FILE, EVENTS_FILE } from './fileNames.js';
import { newLedgerDoc } from '../../ledger/newLedgerDoc.js';
import { takeBackup } from './takeBackup.js';
import { writeFileAtomic } from './writeFileAtomic.js';

export interface ImportResult {
  items: number;
  categories: number;
  backups: string[];
  /** Set when a ledger with history was replaced. */
  history?: { carriedEvents: number; carriedItems: number; droppedEvents: number; droppedItems: number[] };
}

export interface ImportOptions {
  replace: boolean;
  now: number;
  /** Replace even when some old history finds no item in the new ledger (it stays in the backup). */
  discardHistory?: boolean;
  /** Already read (the CLI shows it first); read from the file otherwise. */
  report?: ImportedLedger;
  sheet?: string;
  /** Names the backup set; UTC unless told. */
  timeZone?: string;
}

export class LedgerExistsError extends Error {}

const REPLACE_HINT =
  '加 --replace 替换：原编号或问题原文相同的事项带上原有的进展、指派和佐证记录，' +
  '其余事项的记录要再加 --discard-history 才会舍弃；旧文件都会备份';

/**
 * Builds a ledger from a file. Reading comes first, so a file that is not a ledger writes nothing;
 * replacing keeps timestamped copies of the old ledger and its history, and moves that history onto
 * the matching new items.
 */
export async function importLedger(dataDir: string, reportFile: string, options: ImportOptions): Promise<ImportResult> {
  const report =
    options.report ?? (await readImportFile(reportFile, { ...(options.sheet && { sheet: options.sheet }) }));
  const release = acquireDataLock(dataDir);
  try {
    const db = path.join(dataDir, DB_FILE);
    const events = path.join(dataDir, EVENTS_FILE);
    const hasLedger = await exists(db);
    // History whose ledger was lost is the only record left of it: never delete it unbacked.
    const hasHistory = ((await stat(events).catch(() => undefined))?.size ?? 0) > 0;
    if (!options.replace && hasLedger) throw new LedgerExistsError(`${db} 已有台账。${REPLACE_HINT}。`);
    if (!options.replace && hasHistory)
      throw new LedgerExistsError(`${events} 中有旧台账的历史记录。${REPLACE_HINT}。`);
    const plan = hasHistory ? await planHistory(db, events, report, hasLedger) : undefined;
    if (plan?.lost.length && !options.discardHistory) throw lostHistory(plan);
    const backups =
      hasLedger || hasHistory ? (await takeBackup(dataDir, options.now, options.timeZone ?? 'UTC')).files : [];
    // History first: a crash in between leaves the old ledger without history (backed up), never old history on new items.
    if (plan?.carried.length) await writeFileAtomic(events, plan.carried.map((e) => `${JSON.stringify(e)}\n`).join(''));
    else await rm(events, { force: true });
    await new Low<LedgerFile>(
      new AtomicJsonFile(db),
      newLedgerDoc(report, path.basename(reportFile), options.now),
    ).write();
    await pruneBackups(dataDir);
    return {
      items: report.items.length,
      categories: report.categories.length,
      backups,
      ...(plan && {
        history: {
          carriedEvents: plan.carried.length,
          carriedItems: plan.carriedItems,
          droppedEvents: plan.lost.reduce((sum, l) => sum + l.events, 0),
          droppedItems: plan.lost.map((l) => l.no),
        },
      }),
    };
  } finally {
    release();
  }
}

async function planHistory(
  db: string,
  events: string,
  report: ImportedLedger,
  hasLedger: boolean,
): Promise<HistoryPlan> {
  const old = hasLedger ? (JSON.parse(await readFile(db, 'utf8')) as LedgerFile).items : [];
  const { log, events: history } = await EventLog.open(events, true);
  await log.close();
  return carryHistory(old, history, report.items);
}

function lostHistory(plan: HistoryPlan): LedgerExistsError {
  const nos = plan.lost.map((l) => l.no);
  const shown = nos.length > 10 ? `${nos.slice(0, 10).join('、')} 等` : nos.join('、');
  return new LedgerExistsError(
    `新文件里找不到旧台账第 ${shown} 项（原编号和问题原文都对不上），它们的进展、指派和佐证记录带不过去。` +
      '核对无误后加 --discard-history 舍弃这些记录（旧文件会备份，佐证照片留在 evidence/ 下），其余事项的记录照常带过去。',
  );
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
